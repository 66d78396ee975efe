"""Scores topic, stance and said_on of extracted claims against a hand-labelled gold (issue 12's protocol).

The gold is JSON lines, one article a line, labels only (the text comes from the corpus file):
    {"id": "...", "published": "2016-09-12",
     "attributions": [{"id": "E1", "cue": [s, e], "content": [s, e], "topic": "hillary-clinton" | null,
                       "stance": "favor" | "against" | "neutral" | null, "said_on": "2016-09-11",
                       "precision": "day" | "week" | "month" | "year" | "published"}]}
A week is dated by its Monday, a month by its 1st, a year by January 1st; `published` dates are the article's date.

Claims are paired with gold attributions exactly as `claims.nlp.evaluation` pairs them; only hits are scored:
- topic accuracy over all matched claims, "none" being a label like any topic;
- stance on matched claims whose gold has a topic: the claim's stance counts only when its topic is the gold's
  (a stance toward another topic says nothing about this one) and is "none" otherwise; accuracy over the
  three stances and macro-F1 over favor and against. The same figures irrespective of topic are given too;
- said_on right at the gold's precision (same day, same Monday-to-Sunday week, same month, same year; the
  published date itself for `published`), and exact day where the gold has a day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from claims.nlp.evaluation import gold_items, predicted_items, prf, scorable_attributions, score_article
from claims.nlp.types import ExtractedClaim, Gazetteer

PRECISIONS = ("day", "week", "month", "year", "published")
STANCES = ("favor", "against", "neutral")
NONE = "none"  # the label of "no topic" / "no stance toward the gold's topic" in tables
_ARTICLE_KEYS = {"id", "published", "attributions"}
_LABEL_KEYS = {"id", "cue", "content", "topic", "stance", "said_on", "precision"}


class GoldError(ValueError):
    """The gold file is malformed or does not fit the texts; the message names the line and item."""


@dataclass(frozen=True, slots=True)
class GoldLabel:
    attribution_id: str
    cue: tuple[int, int]
    content: tuple[int, int]
    topic: str | None
    stance: str | None
    said_on: dt.date
    precision: str


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    published: dt.date
    labels: tuple[GoldLabel, ...]


def _date(value: object, where: str) -> dt.date:
    if not isinstance(value, str):
        raise GoldError(f"{where}: expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise GoldError(f"{where}: {value!r} is not a date as YYYY-MM-DD") from None


def _offsets(value: object, where: str) -> tuple[int, int]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] < value[1]
    ):
        raise GoldError(f"{where}: expected [start, end] character offsets with start < end, got {value!r}")
    return value[0], value[1]


def _label(raw: object, *, published: dt.date, where: str) -> GoldLabel:
    if not isinstance(raw, dict):
        raise GoldError(f"{where}: expected an object, got {type(raw).__name__}")
    missing = _LABEL_KEYS - raw.keys()
    unknown = raw.keys() - _LABEL_KEYS
    if missing or unknown:
        problems = [f"missing {sorted(missing)}" if missing else "", f"unknown {sorted(unknown)}" if unknown else ""]
        raise GoldError(f"{where}: keys {' and '.join(p for p in problems if p)}")
    attribution_id = raw["id"]
    if not isinstance(attribution_id, str) or not attribution_id:
        raise GoldError(f"{where}: id must be the attribution's id, got {attribution_id!r}")
    where = f"{where} ({attribution_id})"
    topic, stance, precision = raw["topic"], raw["stance"], raw["precision"]
    if topic is not None and (not isinstance(topic, str) or not topic):
        raise GoldError(f"{where}: topic must be a topic slug or null, got {topic!r}")
    if topic is None and stance is not None:
        raise GoldError(f"{where}: stance must be null when topic is null, got {stance!r}")
    if topic is not None and stance not in STANCES:
        raise GoldError(f"{where}: stance must be one of {', '.join(STANCES)}, got {stance!r}")
    if precision not in PRECISIONS:
        raise GoldError(f"{where}: precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    said_on = _date(raw["said_on"], f"{where} said_on")
    expected = _normal_date(said_on, precision)
    if precision == "published" and said_on != published:
        raise GoldError(f"{where}: said_on {said_on} with precision 'published' must be the published date {published}")
    if said_on != expected:
        raise GoldError(f"{where}: a {precision} is dated by its first day ({expected}), got {said_on}")
    return GoldLabel(
        attribution_id=attribution_id,
        cue=_offsets(raw["cue"], f"{where} cue"),
        content=_offsets(raw["content"], f"{where} content"),
        topic=topic,
        stance=stance,
        said_on=said_on,
        precision=precision,
    )


def _normal_date(day: dt.date, precision: str) -> dt.date:
    """The date that stands for the week, month or year holding `day` (the day itself otherwise)."""
    if precision == "week":
        return day - dt.timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def _line(number: int, name: str | None) -> str:
    return f"{name}:{number}" if name else f"gold line {number}"


def gold_parse_line(line: str, *, number: int, name: str | None = None) -> GoldArticle:
    where = _line(number, name)
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        raise GoldError(f"{where}: not JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise GoldError(f"{where}: not JSON (nested too deep)") from None
    if not isinstance(raw, dict) or raw.keys() != _ARTICLE_KEYS:
        keys = sorted(raw) if isinstance(raw, dict) else type(raw).__name__
        raise GoldError(f"{where}: expected an object with keys {sorted(_ARTICLE_KEYS)}, got {keys}")
    if not isinstance(raw["id"], str) or not raw["id"]:
        raise GoldError(f"{where}: id must be the article's id, got {raw['id']!r}")
    where = f"{where} ({raw['id']})"
    published = _date(raw["published"], f"{where} published")
    if not isinstance(raw["attributions"], list):
        raise GoldError(f"{where}: attributions must be a list")
    labels = tuple(
        _label(item, published=published, where=f"{where} attribution {index + 1}")
        for index, item in enumerate(raw["attributions"])
    )
    seen: set[str] = set()
    for label in labels:
        if label.attribution_id in seen:
            raise GoldError(f"{where}: attribution {label.attribution_id} is labelled twice")
        seen.add(label.attribution_id)
    return GoldArticle(id=raw["id"], published=published, labels=labels)


def gold_read(lines: Iterable[str], *, name: str | None = None) -> list[GoldArticle]:
    """Every article of a gold file; raises GoldError on the first bad line or a repeated article (its message
    starts "NAME:LINE:" when the file's name is given)."""
    articles: list[GoldArticle] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        article = gold_parse_line(line, number=number, name=name)
        if article.id in seen:
            raise GoldError(f"{_line(number, name)}: article {article.id} is labelled twice")
        seen.add(article.id)
        articles.append(article)
    return articles


def gold_check(gold: GoldArticle, article: dict) -> None:
    """The labels must name the corpus article's attributions with their cue and content offsets."""
    by_id = {a["id"]: a for a in article["attributions"]}
    if gold.published.isoformat() != article.get("published"):
        raise GoldError(f"{gold.id}: gold published {gold.published} but the text says {article.get('published')!r}")
    for label in gold.labels:
        attribution = by_id.get(label.attribution_id)
        if attribution is None:
            raise GoldError(f"{gold.id} {label.attribution_id}: no such attribution in the text file")
        for role in ("cue", "content"):
            span = attribution.get(role)
            found = (span["start"], span["end"]) if span else None
            if found != getattr(label, role):
                raise GoldError(
                    f"{gold.id} {label.attribution_id}: gold {role} {list(getattr(label, role))} "
                    f"but the text file has {list(found) if found else None}"
                )


# How coarse each precision is: a "published" date names a day.
_COARSENESS = {"day": 0, "published": 0, "week": 1, "month": 2, "year": 3}


def date_matches(
    predicted: dt.date | None, gold: dt.date, precision: str, *, predicted_precision: str | None = None
) -> bool:
    """Whether the predicted date falls in the gold's day, week, month or year. A prediction coarser than the gold
    is wrong even when the date that stands for it falls there: "that week", stored as its Monday, does not say
    "on Monday"."""
    if predicted is None:
        return False
    if predicted_precision is not None and _COARSENESS[predicted_precision] > _COARSENESS[precision]:
        return False
    return _normal_date(predicted, precision) == gold


@dataclass
class EnrichmentCounts:
    articles: int = 0
    gold: int = 0  # labelled attributions
    matched: int = 0  # of those, hit by a claim
    topic: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold, predicted)
    stance: Counter[tuple[str, str]] = field(default_factory=Counter)  # predicted "none" off the gold's topic
    stance_any_topic: Counter[tuple[str, str]] = field(default_factory=Counter)
    date: Counter[tuple[str, bool]] = field(default_factory=Counter)  # (gold precision, right)
    precision: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold, predicted precision)

    def add_match(self, label: GoldLabel, claim: ExtractedClaim) -> None:
        self.matched += 1
        self.topic[(label.topic or NONE, claim.topic or NONE)] += 1
        if label.topic is not None and label.stance is not None:
            on_topic = claim.stance if claim.topic == label.topic else None
            self.stance[(label.stance, on_topic or NONE)] += 1
            self.stance_any_topic[(label.stance, claim.stance or NONE)] += 1
        right = date_matches(claim.said_on, label.said_on, label.precision, predicted_precision=claim.date_precision)
        self.date[(label.precision, right)] += 1
        self.precision[(label.precision, claim.date_precision or NONE)] += 1


def _accuracy(pairs: Counter[tuple[str, str]]) -> dict[str, float | int]:
    total = sum(pairs.values())
    right = sum(n for (gold, predicted), n in pairs.items() if gold == predicted)
    return {"accuracy": round(right / total, 3) if total else 0.0, "right": right, "total": total}


def _stance_figures(pairs: Counter[tuple[str, str]]) -> dict[str, object]:
    figures: dict[str, object] = dict(_accuracy(pairs))
    per_class = {}
    for stance in ("favor", "against"):
        right = pairs[(stance, stance)]
        predicted = sum(n for (_gold, p), n in pairs.items() if p == stance)
        gold = sum(n for (g, _predicted), n in pairs.items() if g == stance)
        p, r, f = prf(right, predicted, gold)
        per_class[stance] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "right": right,
            "predicted": predicted,
            "gold": gold,
        }
    figures["classes"] = per_class
    figures["macro_f1"] = round(sum(c["f1"] for c in per_class.values()) / len(per_class), 3)
    return figures


def _table(pairs: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for (gold, predicted), n in sorted(pairs.items()):
        table.setdefault(gold, {})[predicted] = n
    return table


def enrichment_report(counts: EnrichmentCounts) -> dict[str, object]:
    """All figures as plain data (what `--json` prints)."""
    by_precision = {}
    for precision in PRECISIONS:
        right, wrong = counts.date[(precision, True)], counts.date[(precision, False)]
        if right + wrong:
            by_precision[precision] = {
                "accuracy": round(right / (right + wrong), 3),
                "right": right,
                "total": right + wrong,
            }
    date_right = sum(n for (_p, ok), n in counts.date.items() if ok)
    date_total = sum(counts.date.values())
    return {
        "articles": counts.articles,
        "gold_attributions": counts.gold,
        "matched": counts.matched,
        "topic": {**_accuracy(counts.topic), "confusion": _table(counts.topic)},
        "stance": {**_stance_figures(counts.stance), "confusion": _table(counts.stance)},
        "stance_any_topic": _stance_figures(counts.stance_any_topic),
        "said_on": {
            "accuracy": round(date_right / date_total, 3) if date_total else 0.0,
            "right": date_right,
            "total": date_total,
            "by_precision": by_precision,
            "precision_confusion": _table(counts.precision),
        },
        "exact_day": by_precision.get("day", {"accuracy": 0.0, "right": 0, "total": 0}),
    }


def _confusion_lines(title: str, table: dict[str, dict[str, int]], labels: Sequence[str]) -> list[str]:
    columns = [label for label in labels if any(label in row for row in table.values())]
    columns += sorted({c for row in table.values() for c in row} - set(columns))
    rows = [label for label in labels if label in table] + sorted(set(table) - set(labels))
    width = max([len(title), *map(len, rows)]) + 2
    widths = [max(len(c), 5) + 2 for c in columns]
    lines = [title.ljust(width) + "".join(c.rjust(w) for c, w in zip(columns, widths, strict=True))]
    for row in rows:
        cells = "".join(str(table[row].get(c, 0)).rjust(w) for c, w in zip(columns, widths, strict=True))
        lines.append(row.ljust(width) + cells)
    return lines


def format_enrichment_report(report: dict, *, topics: Sequence[str] = ()) -> str:
    """The report as text: headline figures, then confusion tables (rows gold, columns predicted)."""
    lines = [
        f"articles: {report['articles']}  gold attributions: {report['gold_attributions']}  "
        f"matched claims: {report['matched']}"
    ]
    topic, stance, loose, said_on = report["topic"], report["stance"], report["stance_any_topic"], report["said_on"]
    lines.append(f"topic accuracy (incl. none)        {topic['accuracy']:.3f}  ({topic['right']}/{topic['total']})")
    lines.append(
        f"stance accuracy (gold has a topic) {stance['accuracy']:.3f}  ({stance['right']}/{stance['total']})"
        f"  macro-F1 favor/against {stance['macro_f1']:.3f}"
    )
    for name, figures in stance["classes"].items():
        lines.append(
            f"  {name:<8} P {figures['precision']:.3f}  R {figures['recall']:.3f}  F1 {figures['f1']:.3f}"
            f"  (right {figures['right']}, predicted {figures['predicted']}, gold {figures['gold']})"
        )
    lines.append(
        f"stance irrespective of topic      {loose['accuracy']:.3f}  ({loose['right']}/{loose['total']})"
        f"  macro-F1 favor/against {loose['macro_f1']:.3f}"
    )
    lines.append(
        f"said_on at the gold's precision   {said_on['accuracy']:.3f}  ({said_on['right']}/{said_on['total']})"
    )
    for precision, figures in said_on["by_precision"].items():
        lines.append(f"  {precision:<9} {figures['accuracy']:.3f}  ({figures['right']}/{figures['total']})")
    day = report["exact_day"]
    lines.append(f"exact day (gold has a day)         {day['accuracy']:.3f}  ({day['right']}/{day['total']})")
    lines.append("")
    lines += _confusion_lines("topic gold\\pred", topic["confusion"], [*topics, NONE])
    lines.append("")
    lines += _confusion_lines("stance gold\\pred", stance["confusion"], [*STANCES, NONE])
    lines.append("")
    lines += _confusion_lines("precision gold\\pred", said_on["precision_confusion"], [*PRECISIONS, NONE])
    return "\n".join(lines)


def evaluate_enrichment(
    gold: Sequence[GoldArticle],
    texts: dict[str, dict],
    *,
    gazetteer: Gazetteer,
    batch_size: int = 8,
    errors: TextIO | None = None,
) -> EnrichmentCounts:
    """Extracts each gold article from `texts` (corpus records by id) and scores its matched claims."""
    from claims.nlp.pipeline import extract_many

    for article in gold:
        if article.id not in texts:
            raise GoldError(f"{article.id}: no article with this id in the text file")
        gold_check(article, texts[article.id])
    records = [texts[article.id] for article in gold]
    results = extract_many(
        ((record["text"], article.published) for record, article in zip(records, gold, strict=True)),
        gazetteer=gazetteer,
        batch_size=batch_size,
    )
    counts = EnrichmentCounts()
    for article, record, result in zip(gold, records, results, strict=True):
        counts.articles += 1
        counts.gold += len(article.labels)
        labels = {label.attribution_id: label for label in article.labels}
        attributions = scorable_attributions(record)
        score = score_article(predicted_items(record["text"], result.claims), gold_items(record))
        for predicted_index, gold_index, hit in score.pairs:
            label = labels.get(attributions[gold_index]["id"])
            if hit and label is not None:
                claim = result.claims[predicted_index]
                counts.add_match(label, claim)
                if errors is not None:
                    _write_error(errors, article.id, label, claim)
    return counts


def _write_error(out: TextIO, article_id: str, label: GoldLabel, claim: ExtractedClaim) -> None:
    """One line per matched claim that got topic, stance or date wrong, with the words that decided."""
    wrong = []
    if (label.topic or NONE) != (claim.topic or NONE):
        wrong.append(f"topic gold={label.topic} pred={claim.topic}")
    if label.topic is not None and (claim.stance if claim.topic == label.topic else None) != label.stance:
        wrong.append(f"stance gold={label.stance} pred={claim.stance}")
    if not date_matches(claim.said_on, label.said_on, label.precision, predicted_precision=claim.date_precision):
        wrong.append(f"date gold={label.said_on}/{label.precision} pred={claim.said_on}/{claim.date_precision}")
    if wrong:
        out.write(
            f"{article_id} {label.attribution_id} {'; '.join(wrong)}\n"
            f"    cue={claim.cue.text!r} content={claim.content.text[:160]!r}\n"
            f"    rationale={' | '.join(claim.rationale)}\n"
        )
