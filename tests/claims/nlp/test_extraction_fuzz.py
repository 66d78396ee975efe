"""Odd input never crashes the extractor: every claim's offsets slice the text exactly, or the result says
why there are none."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.nlp import pipeline
from claims.nlp.pipeline import extract
from claims.nlp.types import ExtractionResult

QUOTES = "\"'“”‘’«»`"
SENTENCES = [
    "The minister said that the plan is dead.",
    "“We will not give up,” she said.",
    "He told reporters: “It is over.",
    "According to the agency, prices rose.",
    "The leaders' summit ended early.",
    "Critics ** that the vote was rigged.",
    "In his view, the deal was fair.",
]

noisy_text = st.text(alphabet=string.ascii_letters + string.digits + " .,:;!?-—\n\t*&;" + QUOTES, max_size=400)
binary_text = st.binary(max_size=300).map(lambda raw: raw.decode("utf-8", errors="replace"))
latin_text = st.binary(max_size=300).map(lambda raw: raw.decode("latin-1"))
# Real sentences with quote marks dropped in at random places: unbalanced quotes in otherwise good text.
broken_quotes = st.lists(
    st.tuples(st.sampled_from(SENTENCES), st.sampled_from(["", *QUOTES]), st.sampled_from([" ", "\n", "\n\n", ""])),
    max_size=12,
).map(lambda parts: "".join(mark + sentence + gap for sentence, mark, gap in parts))


def assert_well_formed(text: str, result: ExtractionResult) -> None:
    assert result.claims or result.skipped_reason is not None or result.word_count >= 0
    if result.skipped_reason is not None:
        assert result.claims == []
    for index, claim in enumerate(result.claims):
        spans = [claim.cue, claim.content, claim.speaker, claim.speaker_antecedent, claim.sentence]
        for span in [*spans, *claim.content_fragments]:
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start : span.end] == span.text
        assert claim.kind in ("direct", "indirect", "mixed")
        assert 0.0 <= claim.confidence <= 1.0
        assert claim.nested_in is None or 0 <= claim.nested_in < index


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(noisy_text, binary_text, latin_text, broken_quotes))
def test_odd_text_gives_well_formed_claims_or_a_reason(nlp, text):
    assert_well_formed(text, extract(text, published=None, nlp=nlp))


def test_empty_and_garbage_text_say_why_there_are_no_claims(nlp):
    assert extract("", published=None, nlp=nlp).skipped_reason == "empty text"
    assert extract("\x00\x01\x02" * 50, published=None, nlp=nlp).skipped_reason is not None
    assert extract("%%%% #### 1234 5678 !!!! ????" * 20, published=None, nlp=nlp).skipped_reason is not None


def test_a_text_longer_than_the_models_limit_is_cut_and_offsets_map_back(nlp, monkeypatch):
    # A small limit stands in for nlp.max_length: parsing two million real characters would take a minute.
    monkeypatch.setattr(nlp, "max_length", 1_000)
    paragraph = "The mayor said that the harbour wall will be rebuilt by spring. " * 3
    one_line = (paragraph + "Fishermen worried about the cost of the works. ") * 12  # no paragraph breaks at all
    text = one_line + "\n\n" + paragraph * 10
    assert len(text) > 4 * nlp.max_length
    result = extract(text, published=None, nlp=nlp)
    assert_well_formed(text, result)
    assert len(result.claims) == 3 * 12 + 30
    assert {claim.content.text for claim in result.claims} == {"that the harbour wall will be rebuilt by spring"}


def test_the_chunk_size_never_exceeds_the_models_limit(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 10**9)
    monkeypatch.setattr(nlp, "max_length", 1_000)
    text = "Officials said the road will reopen soon. " * 200
    result = extract(text, published=None, nlp=nlp)
    assert len(result.claims) == 200
    assert_well_formed(text, result)


def test_a_failing_step_is_logged_and_reported_instead_of_stopping_the_batch(nlp, monkeypatch, caplog):
    from claims.nlp.attribution import builder

    def broken(self):
        raise RuntimeError("a parse the builder did not expect")

    monkeypatch.setattr(builder.AttributionBuilder, "build", broken)
    texts = [("The mayor said that the bridge will reopen.", None), ("", None)]
    results = list(pipeline.extract_many(texts, batch_size=2, nlp=nlp))
    assert [r.skipped_reason for r in results] == ["extraction failed (attributions)", "empty text"]
    assert "claim extraction step 'attributions' failed" in caplog.text
