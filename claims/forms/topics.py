"""The editors' topic form: phrases are typed one per line."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.text import slugify

from claims.models import Topic
from claims.services.topic_files import TopicSpec

_PHRASE_MAX = Topic._meta.get_field("keywords").base_field.max_length
_PHRASES_MAX = 500
# Paths under /topics/ that a topic's page would hide behind.
RESERVED_SLUGS = frozenset({"manage"})
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class PhraseLinesField(forms.CharField):
    """One phrase per line; blank lines are dropped, repeats kept once, the order kept."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> tuple[str, ...]:  # type: ignore[override]
        text = super().clean(value) or ""
        phrases = tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
        too_long = [phrase for phrase in phrases if len(phrase) > _PHRASE_MAX]
        if too_long:
            raise forms.ValidationError(
                f"Each line is at most {_PHRASE_MAX} characters; “{too_long[0][:40]}…” is longer."
            )
        if len(phrases) > _PHRASES_MAX:
            raise forms.ValidationError(f"At most {_PHRASES_MAX} lines.")
        if phrases and not any(re.search(r"\w", phrase) for phrase in phrases):
            raise forms.ValidationError("A phrase needs at least one word.")
        return phrases


class TopicForm(forms.Form):
    name = forms.CharField(max_length=Topic._meta.get_field("name").max_length)
    slug = forms.CharField(
        max_length=Topic._meta.get_field("slug").max_length,
        required=False,
        help_text="The topic's address: /topics/<slug>/. Made from the name when left empty.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    keywords = PhraseLinesField(
        help_text="One word or phrase per line. Words match any form (“negotiation” finds “negotiating”)."
    )
    favor = PhraseLinesField(label="Favour phrases", help_text="One per line: phrases that take the topic's side.")
    against = PhraseLinesField(label="Against phrases", help_text="One per line: phrases that oppose it.")

    def __init__(self, *args: Any, topic: Topic | None = None, **kwargs: Any) -> None:
        self.topic = topic
        if topic is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": topic.name,
                "slug": topic.slug,
                "description": topic.description,
                "keywords": "\n".join(topic.keywords),
                "favor": "\n".join(topic.favor_phrases),
                "against": "\n".join(topic.against_phrases),
            }
        super().__init__(*args, **kwargs)

    def clean_slug(self) -> str:
        slug = (self.cleaned_data.get("slug") or "").strip()
        if not slug:
            slug = slugify(self.cleaned_data.get("name") or "")[: self.fields["slug"].max_length]
            if not slug:
                raise forms.ValidationError("Give the topic a slug: letters, digits, “-” or “_”.")
        if not _SLUG.match(slug):
            raise forms.ValidationError("Use letters, digits, “-” or “_” only.")
        if slug.lower() in RESERVED_SLUGS:
            raise forms.ValidationError(f"“{slug}” is reserved for the editors' pages; choose another slug.")
        taken = Topic.objects.filter(slug=slug)
        if self.topic is not None:
            taken = taken.exclude(pk=self.topic.pk)
        if taken.exists():
            raise forms.ValidationError(f"Another topic already has the slug “{slug}”.")
        return slug

    def clean_keywords(self) -> tuple[str, ...]:
        keywords = self.cleaned_data["keywords"]
        if not keywords:
            raise forms.ValidationError("Give at least one keyword: a topic without keywords matches nothing.")
        return keywords

    def spec(self) -> TopicSpec:
        data = self.cleaned_data
        return TopicSpec(
            slug=data["slug"],
            name=data["name"].strip(),
            description=(data.get("description") or "").strip(),
            keywords=data["keywords"],
            favor=data.get("favor") or (),
            against=data.get("against") or (),
        )


def topic_spec_for_preview(form: TopicForm) -> TopicSpec | None:
    """What a half-filled form would define, for the live preview: the phrases as typed, whatever else is wrong
    (a taken slug or a missing name does not change what the phrases match). None without a usable keyword."""
    phrase_fields = {name: form.fields[name] for name in ("keywords", "favor", "against")}
    phrases: dict[str, tuple[str, ...]] = {}
    for name, field in phrase_fields.items():
        try:
            phrases[name] = field.clean(form.data.get(name, ""))
        except forms.ValidationError:
            phrases[name] = tuple(
                line.strip()[:_PHRASE_MAX] for line in str(form.data.get(name, "")).splitlines() if line.strip()
            )[:_PHRASES_MAX]
    if not phrases["keywords"]:
        return None
    name = str(form.data.get("name", "")).strip()[:200] or "This topic"
    slug = str(form.data.get("slug", "")).strip()[:200] or slugify(name)
    return TopicSpec(
        slug=slug, name=name, keywords=phrases["keywords"], favor=phrases["favor"], against=phrases["against"]
    )
