"""Template filters of the analyst pages. Each escapes its input first and adds only tags it writes itself."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.models import ClaimKind, Statement
from claims.selectors.statements import EXCERPT_CONTEXT, EXCERPT_SPAN_MAX, HEADLINE_START, HEADLINE_STOP

register = template.Library()

# Quoted passages inside a statement: straight, curly and guillemet quotes.
QUOTED = re.compile(r'"([^"]+)"|\u201c([^\u201d]+)\u201d|\u00ab([^\u00bb]+)\u00bb')


class _Marks:
    """Turns headline markers into <mark> tags, keeping them balanced across the pieces of a split text."""

    def __init__(self) -> None:
        self.open = False

    def render(self, piece: str) -> str:
        out = ["<mark>"] if self.open else []
        for token in re.split(f"([{HEADLINE_START}{HEADLINE_STOP}])", piece):
            if token == HEADLINE_START and not self.open:
                out.append("<mark>")
                self.open = True
            elif token == HEADLINE_STOP and self.open:
                out.append("</mark>")
                self.open = False
            elif token not in (HEADLINE_START, HEADLINE_STOP):
                out.append(escape(token))
        if self.open:
            out.append("</mark>")
        return "".join(out)


@register.filter
def statement_text(statement: Statement) -> SafeString:
    """The statement's text (its search headline when there is one), with quoted passages in <q>."""
    text = getattr(statement, "headline", None) or statement.text
    marks = _Marks()
    if statement.kind == ClaimKind.DIRECT and not QUOTED.search(text):
        return mark_safe(f'<q class="quote">{marks.render(text)}</q>')  # noqa: S308 (escaped by _Marks)
    out, position = [], 0
    for match in QUOTED.finditer(text):
        inner = next(group for group in match.groups() if group is not None)
        out.append(marks.render(text[position : match.start()]))
        out.append(f'<q class="quote">{marks.render(inner)}</q>')
        position = match.end()
    out.append(marks.render(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 (escaped by _Marks)


@register.filter
def article_excerpt(statement: Statement) -> SafeString:
    """The article text around the evidence span, the span itself in <mark>, cut at word boundaries."""
    before = getattr(statement, "excerpt_before", "") or ""
    span = getattr(statement, "excerpt_span", "") or ""
    after = getattr(statement, "excerpt_after", "") or ""
    lead = trail = ""
    if statement.start > EXCERPT_CONTEXT and " " in before:
        before, lead = before.split(" ", 1)[1], "\u2026"
    if len(after) >= EXCERPT_CONTEXT and " " in after:
        after, trail = after.rsplit(" ", 1)[0], "\u2026"
    cut = "\u2026" if statement.end - statement.start > EXCERPT_SPAN_MAX else ""
    return mark_safe(  # noqa: S308 (every piece escaped)
        f"{lead}{escape(before)}<mark>{escape(span)}{cut}</mark>{escape(after)}{trail}"
    )


@register.filter
def http_url(url: str | None) -> str:
    """The URL if it is http(s), else "": a javascript: or data: URL in an article never becomes a link."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return url.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else ""


@register.filter
def said_on_display(record: object) -> str:
    """A claim's or statement's date at its precision: "5 Dec 2023", "week of 4 Dec 2023", "Dec 2023", "2023"."""
    said_on = getattr(record, "said_on", None)
    if said_on is None:
        return ""
    precision = getattr(record, "date_precision", "")
    if precision == "week":
        return f"week of {said_on.day} {said_on:%b %Y}"
    if precision == "month":
        return f"{said_on:%b %Y}"
    if precision == "year":
        return f"{said_on.year}"
    return f"{said_on.day} {said_on:%b %Y}"


@register.filter
def is_shift(statement: Statement) -> bool:
    previous = getattr(statement, "previous_stance", None)
    return bool(previous and statement.stance and previous != statement.stance)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (page links, sort switch)."""
    query = context["request"].GET.copy()
    for name, value in changes.items():
        if value in (None, ""):
            query.pop(name, None)
        else:
            query[name] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


# A word the source censored ("Larry Johnson ** that …"): asterisks alone, maybe with a letter or two ("f**").
CENSORED = re.compile(r"\w{0,2}\*{2,}\w{0,2}")


def cue_plain(text: str) -> str:
    """The cue for plain-text places (feed titles): "[censored]" for a censored word."""
    return "[censored]" if CENSORED.fullmatch(text.strip()) else text


@register.filter
def cue(text: str) -> SafeString:
    """A reporting cue as written, or a censored word shown as one rather than as bare asterisks."""
    text = str(text or "")
    if CENSORED.fullmatch(text.strip()):
        return mark_safe(  # noqa: S308 (our markup; the source's asterisks go in escaped)
            f'<span class="censored" title="A word censored in the source ({escape(text.strip())})">'
            '<span aria-hidden="true">[censored]</span><span class="visually-hidden">censored word</span></span>'
        )
    return escape(text)
