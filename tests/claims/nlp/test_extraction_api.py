"""The extractor's public API: extract, extract_many, load_nlp."""

import datetime as dt
from pathlib import Path

from claims.nlp import pipeline
from claims.nlp.pipeline import EXTRACTOR_VERSION, extract, extract_many, load_nlp, split_text
from claims.nlp.types import ExtractionResult

SEED = Path(__file__).parent / "data" / "in" / "seed_article.txt"


def assert_offsets_slice(text: str, result: ExtractionResult) -> None:
    for claim in result.claims:
        for span in (
            claim.cue,
            claim.content,
            claim.speaker,
            claim.speaker_antecedent,
            claim.sentence,
            *claim.content_fragments,
        ):
            if span is not None:
                assert text[span.start : span.end] == span.text


def test_it_loads_the_model_once_per_process(nlp):
    loads = pipeline.model_loads
    assert load_nlp() is nlp
    assert load_nlp() is nlp
    assert pipeline.model_loads == loads


def test_it_finds_who_said_what(nlp):
    text = "The minister said that the bridge will reopen in May. Critics were not convinced."
    result = extract(text, published=dt.date(2024, 3, 1), nlp=nlp)
    assert result.skipped_reason is None
    assert result.extractor_version == EXTRACTOR_VERSION
    [claim] = result.claims
    assert claim.speaker.text == "The minister"
    assert claim.cue.text == "said"
    assert claim.content.text == "that the bridge will reopen in May"
    assert claim.kind == "indirect"
    assert claim.sentence.text.startswith("The minister said")
    assert 0 < claim.confidence <= 1
    assert_offsets_slice(text, result)


def test_it_explains_why_empty_and_foreign_texts_have_no_claims(nlp):
    assert extract("", published=None, nlp=nlp).skipped_reason == "empty text"
    assert extract(" \n\t ", published=None, nlp=nlp).skipped_reason == "empty text"
    german = "Der Minister sagte, dass die Brücke im Mai wieder geöffnet werde, und die Kritiker waren nicht überzeugt."
    result = extract(german, published=None, nlp=nlp)
    assert result.skipped_reason == "not English"
    assert result.claims == []


def test_extract_many_keeps_the_order_of_its_input_including_skipped_texts(nlp):
    texts = [
        ("Anna Berg said the plan is dead.", None),
        ("", None),
        ("The mayor told reporters that taxes will rise.", dt.date(2024, 1, 2)),
        ("   ", None),
    ]
    results = list(extract_many(texts, batch_size=2))
    assert [r.skipped_reason for r in results] == [None, "empty text", None, "empty text"]
    assert results[0].claims[0].speaker.text == "Anna Berg"
    assert results[2].claims[0].speaker.text == "The mayor"


def test_long_texts_are_split_at_paragraphs_and_offsets_still_slice_the_original(nlp):
    paragraph = "The governor said that the new budget will cut school funding by a tenth.\n\n"
    filler = "Rain fell on the town for most of the week and the river rose slowly.\n\n"
    text = (filler * 30 + paragraph) * 6
    pieces = split_text(text, limit=5_000)
    assert len(pieces) > 1
    assert "".join(piece for _offset, piece in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    original_limit = pipeline.CHUNK_CHARS
    pipeline.CHUNK_CHARS = 5_000
    try:
        result = extract(text, published=None, nlp=nlp)
    finally:
        pipeline.CHUNK_CHARS = original_limit
    assert len(result.claims) == 6
    assert_offsets_slice(text, result)
    assert {claim.content.text for claim in result.claims} == {"that the new budget will cut school funding by a tenth"}


def test_the_seed_article_yields_claims_that_slice_the_text(nlp):
    text = SEED.read_text()
    result = extract(text, published=dt.date(2023, 12, 7), nlp=nlp)
    assert result.word_count > 1000
    assert len(result.claims) >= 10
    assert_offsets_slice(text, result)


def test_no_break_spaces_read_as_spaces_but_spans_keep_the_original_text(nlp):
    text = (
        "“Like Boston. Or Denver,”\u00a0Patel said.\u00a0“The crime numbers are worse.”\n\n"
        "Okafor\u00a0said the plan was dead."
    )
    result = extract(text, published=None, nlp=nlp)
    assert_offsets_slice(text, result)
    first, second = result.claims
    assert (first.speaker.text, first.cue.text) == ("Patel", "said")
    assert [f.text for f in first.content_fragments] == ["“Like Boston. Or Denver,”", "“The crime numbers are worse.”"]
    assert "\u00a0" in first.content.text
    assert (second.speaker.text, second.content.text) == ("Okafor", "the plan was dead")


def test_plain_spaces_keeps_offsets():
    text = "a\u00a0b\u2009c\u202fd e"
    assert pipeline.plain_spaces(text) == "a b c d e"
    assert len(pipeline.plain_spaces(text)) == len(text)
