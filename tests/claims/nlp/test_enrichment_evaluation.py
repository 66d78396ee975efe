"""Scoring topic, stance and said_on against a labelled gold, and the evaluate_enrichment command."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.nlp.enrichment_evaluation import (
    EnrichmentCounts,
    GoldError,
    GoldLabel,
    date_matches,
    enrichment_report,
    gold_parse_line,
    gold_read,
)
from claims.nlp.types import ExtractedClaim, TextSpan

REPO = Path(__file__).resolve().parents[3]
TEXT = (
    "Senator Jane Doe said on Tuesday that the trade deal would create jobs in Ohio.\n\n"
    "She added that the border wall was a waste of money.\n\n"
    "The weather stayed mild."
)
PUBLISHED = "2016-09-15"  # a Thursday: "Tuesday" is 2016-09-13


def offsets(part: str) -> list[int]:
    start = TEXT.index(part)
    return [start, start + len(part)]


def corpus_span(part: str) -> dict:
    start, end = offsets(part)
    return {"start": start, "end": end, "text": part, "fragments": [{"start": start, "end": end, "text": part}]}


ATTRIBUTIONS = [  # id, source, cue, content
    ("E1", "Senator Jane Doe", "said", "that the trade deal would create jobs in Ohio"),
    ("E2", "She", "added", "that the border wall was a waste of money"),
    ("E3", None, "weather", "stayed mild"),  # no claim can hit this one
]


def corpus_line() -> str:
    attributions = [
        {
            "id": ident,
            "type": "Attribution",
            "source": corpus_span(source) if source else None,
            "cue": corpus_span(cue),
            "content": corpus_span(content),
        }
        for ident, source, cue, content in ATTRIBUTIONS
    ]
    return json.dumps(
        {"id": "written-for-the-test", "text": TEXT, "published": PUBLISHED, "attributions": attributions}
    )


def gold_label(ident: str, **label: object) -> dict:
    _ident, _source, cue, content = next(a for a in ATTRIBUTIONS if a[0] == ident)
    return {"id": ident, "cue": offsets(cue), "content": offsets(content), **label}


def gold_line(*labels: dict, published: str = PUBLISHED) -> str:
    return json.dumps({"id": "written-for-the-test", "published": published, "attributions": list(labels)})


TRADE = gold_label(
    "E1", topic="trade-deals", stance="favor", said_on="2016-09-13", precision="day"
)  # "said on Tuesday"
WALL = gold_label(
    "E2", topic="immigration-enforcement", stance="against", said_on="2016-09-13", precision="day"
)  # "She added": the same occasion
WEATHER = gold_label("E3", topic=None, stance=None, said_on=PUBLISHED, precision="published")

TOPICS = [
    {"slug": "trade-deals", "name": "Trade deals", "keywords": ["trade deal"]},
    {"slug": "immigration-enforcement", "name": "Immigration enforcement", "keywords": ["border wall"]},
]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    texts, gold, topics = tmp_path / "texts.jsonl", tmp_path / "gold.jsonl", tmp_path / "topics.json"
    texts.write_text(corpus_line() + "\n", encoding="utf-8")
    gold.write_text(gold_line(TRADE, WALL, WEATHER) + "\n", encoding="utf-8")
    topics.write_text(json.dumps(TOPICS), encoding="utf-8")
    return {"texts": texts, "gold": gold, "topics": topics}


def evaluate(files: dict[str, Path], *extra: str) -> str:
    out = io.StringIO()
    call_command("evaluate_enrichment", str(files["gold"]), "--texts", str(files["texts"]), *extra, stdout=out)
    return out.getvalue()


def test_the_command_scores_the_claims_matched_to_the_gold_and_only_those(files):
    report = json.loads(evaluate(files, "--topics", str(files["topics"]), "--json"))
    assert (report["articles"], report["gold_attributions"], report["matched"]) == (1, 3, 2)
    # Both claims name their topic by keyword; the unmatched "weather" label counts nowhere.
    assert report["topic"] == {
        "accuracy": 1.0,
        "right": 2,
        "total": 2,
        "confusion": {"immigration-enforcement": {"immigration-enforcement": 1}, "trade-deals": {"trade-deals": 1}},
    }
    assert report["stance"]["total"] == 2
    assert report["exact_day"]["total"] == 2
    # "said on Tuesday" dates the first claim to that day in any extractor worth its name.
    assert report["said_on"]["by_precision"]["day"]["right"] >= 1


def test_the_text_report_names_each_figure_and_the_confusion_tables(files):
    text = evaluate(files, "--topics", str(files["topics"]))
    assert "matched claims: 2" in text
    assert "topic accuracy (incl. none)        1.000  (2/2)" in text
    assert "stance accuracy (gold has a topic)" in text
    assert "macro-F1 favor/against" in text
    assert "said_on at the gold's precision" in text
    assert "exact day (gold has a day)" in text
    assert "topic gold\\pred" in text
    assert "stance gold\\pred" in text
    assert "precision gold\\pred" in text


@pytest.mark.django_db
def test_without_topics_file_the_database_topics_are_used(files):
    from tests.factories import TopicFactory

    TopicFactory(slug="trade-deals", name="Trade deals", keywords=["trade deal"])
    TopicFactory(slug="immigration-enforcement", name="Immigration enforcement", keywords=["wall"])
    report = json.loads(evaluate(files, "--json"))
    assert report["topic"]["right"] == 2


def test_a_gold_topic_that_is_not_defined_is_refused(files):
    files["topics"].write_text(json.dumps(TOPICS[:1]), encoding="utf-8")
    with pytest.raises(CommandError, match="not defined: immigration-enforcement"):
        evaluate(files, "--topics", str(files["topics"]))


def test_gold_offsets_that_do_not_fit_the_texts_are_refused(files):
    shifted = {**TRADE, "cue": [TRADE["cue"][0] + 1, TRADE["cue"][1] + 1]}
    files["gold"].write_text(gold_line(shifted) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"written-for-the-test E1: gold cue \[\d+, \d+\] but the text file has"):
        evaluate(files, "--topics", str(files["topics"]))


def test_a_gold_article_missing_from_the_texts_is_refused(files):
    files["texts"].write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="has no article with id written-for-the-test"):
        evaluate(files, "--topics", str(files["topics"]))


def test_errors_file_lists_each_wrong_label_with_the_deciding_words(files, tmp_path):
    wrong = {**TRADE, "topic": "immigration-enforcement", "stance": "neutral"}
    files["gold"].write_text(gold_line(wrong, WALL) + "\n", encoding="utf-8")
    errors = tmp_path / "errors.txt"
    evaluate(files, "--topics", str(files["topics"]), "--errors", str(errors))
    lines = errors.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("written-for-the-test E1 topic gold=immigration-enforcement pred=trade-deals")
    assert any(line.strip().startswith("rationale=") and "trade deal" in line for line in lines)


# Pure scoring, on claims made by hand.


def label(topic: str | None, stance: str | None, said_on: str = "2016-09-13", precision: str = "day") -> GoldLabel:
    return GoldLabel("E1", (0, 1), (2, 3), topic, stance, dt.date.fromisoformat(said_on), precision)


def made_claim(topic: str | None, stance: str | None, said_on: str | None = "2016-09-13") -> ExtractedClaim:
    return ExtractedClaim(
        cue=TextSpan(0, 1, "x"),
        content=TextSpan(2, 3, "y"),
        speaker=None,
        kind="indirect",
        topic=topic,
        stance=stance,  # type: ignore[arg-type]
        said_on=dt.date.fromisoformat(said_on) if said_on else None,
        date_precision="day" if said_on else None,
    )


def test_a_stance_toward_another_topic_counts_as_no_stance_on_the_gold_topic():
    counts = EnrichmentCounts()
    counts.add_match(label("trade-deals", "favor"), made_claim("donald-trump", "favor"))
    report = enrichment_report(counts)
    assert report["stance"]["confusion"] == {"favor": {"none": 1}}
    assert report["stance_any_topic"]["accuracy"] == 1.0


def test_stance_macro_f1_averages_favor_and_against_and_neutral_only_costs_precision():
    counts = EnrichmentCounts()
    for gold, predicted in [("favor", "favor"), ("favor", "neutral"), ("against", "against"), ("neutral", "against")]:
        counts.add_match(label("trade-deals", gold), made_claim("trade-deals", predicted))
    stance = enrichment_report(counts)["stance"]
    assert stance["classes"]["favor"]["f1"] == pytest.approx(2 / 3, abs=1e-3)  # P 1, R 1/2
    assert stance["classes"]["against"]["f1"] == pytest.approx(2 / 3, abs=1e-3)  # P 1/2, R 1
    assert stance["macro_f1"] == pytest.approx(2 / 3, abs=1e-3)
    assert stance["accuracy"] == 0.5


def test_no_topic_is_a_label_scored_like_a_topic_and_gives_no_stance_figure():
    counts = EnrichmentCounts()
    counts.add_match(label(None, None), made_claim(None, None))
    counts.add_match(label(None, None), made_claim("trade-deals", "favor"))
    report = enrichment_report(counts)
    assert (report["topic"]["right"], report["topic"]["total"]) == (1, 2)
    assert report["stance"]["total"] == 0


def test_dates_are_right_at_the_gold_precision():
    monday = dt.date(2016, 9, 12)
    assert date_matches(dt.date(2016, 9, 18), monday, "week")  # the Sunday closes that week
    assert not date_matches(dt.date(2016, 9, 19), monday, "week")
    assert date_matches(dt.date(2016, 9, 30), dt.date(2016, 9, 1), "month")
    assert date_matches(dt.date(2016, 12, 31), dt.date(2016, 1, 1), "year")
    assert not date_matches(dt.date(2016, 9, 14), dt.date(2016, 9, 13), "day")
    assert not date_matches(None, dt.date(2016, 9, 13), "published")


def test_a_date_coarser_than_the_gold_is_wrong_even_when_it_stands_for_the_right_day():
    monday = dt.date(2016, 9, 12)
    # "last week" is stored as its Monday: it does not say the statement was made on that Monday.
    assert not date_matches(monday, monday, "day", predicted_precision="week")
    assert not date_matches(dt.date(2016, 9, 1), dt.date(2016, 9, 1), "published", predicted_precision="month")
    # Finer than the gold is fine, and the published date names a day.
    assert date_matches(dt.date(2016, 9, 14), dt.date(2016, 9, 1), "month", predicted_precision="day")
    assert date_matches(monday, monday, "day", predicted_precision="published")


def test_exact_day_counts_only_gold_with_a_day():
    counts = EnrichmentCounts()
    counts.add_match(label(None, None), made_claim(None, None, said_on="2016-09-13"))
    counts.add_match(label(None, None, "2016-09-01", "month"), made_claim(None, None, said_on="2016-09-15"))
    report = enrichment_report(counts)
    assert report["exact_day"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert report["said_on"]["by_precision"]["month"]["right"] == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stance": "favor", "topic": None}, "attribution 1 \\(E1\\): stance must be null when topic is null"),
        ({"stance": "positive"}, "stance must be one of favor, against, neutral"),
        ({"precision": "fortnight"}, "precision must be one of day, week, month, year, published"),
        ({"precision": "week", "said_on": "2016-09-14"}, "a week is dated by its first day \\(2016-09-12\\)"),
        ({"precision": "published", "said_on": "2016-09-13"}, "must be the published date 2016-09-15"),
        ({"said_on": "13/09/2016"}, "not a date as YYYY-MM-DD"),
        ({"cue": [5, 2]}, "cue: expected \\[start, end\\]"),
        ({"topics": "trade-deals"}, "unknown \\['topics'\\]"),
    ],
)
def test_bad_gold_labels_are_refused_naming_the_line_and_attribution(change, message):
    line = gold_line({**TRADE, **change})
    with pytest.raises(GoldError, match="gold line 7 \\(written-for-the-test\\)"):
        gold_parse_line(line, number=7)
    with pytest.raises(GoldError, match=message):
        gold_parse_line(line, number=7)


def test_a_gold_article_or_attribution_labelled_twice_is_refused():
    with pytest.raises(GoldError, match="E1 is labelled twice"):
        gold_read([gold_line(TRADE, TRADE)])
    with pytest.raises(GoldError, match="gold line 2: article written-for-the-test is labelled twice"):
        gold_read([gold_line(TRADE), gold_line(WALL)])


def test_the_committed_dev_gold_is_valid_and_uses_only_the_committed_topics():
    topics = {t["slug"] for t in json.loads((REPO / "claims/demo/topics/polnear.json").read_text(encoding="utf-8"))}
    assert topics == {"donald-trump", "hillary-clinton", "immigration-enforcement", "trade-deals"}
    with open(REPO / "tests/data/enrichment/polnear-dev-gold.jsonl", encoding="utf-8") as handle:
        gold = gold_read(handle)
    assert gold
    assert all(article.labels for article in gold)
    assert {label.topic for article in gold for label in article.labels} <= topics | {None}
