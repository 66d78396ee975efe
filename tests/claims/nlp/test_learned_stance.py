"""The learned stance classifier: trained on statements written for the test (seconds), it decides a claim's stance
where the lexicon finds no side and it is confident, the lexicon decides otherwise, and the rationale says which
did."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from claims.nlp.learned.model_dir import ModelDirectoryError
from claims.nlp.learned.stance import (
    STANCE_DIR,
    STANCE_PIPE,
    StanceClassifier,
    StanceExample,
    is_held_out,
    load_stance,
    stance_classifier_of,
    train_stance,
)
from claims.nlp.pipeline import DEFAULT_MODEL, extract, load_nlp
from claims.nlp.types import Gazetteer, TopicEntry

SUBJECTS = ["the harbour plan", "the new harbour plan", "this harbour plan", "the council's harbour plan"]
PREDICATES = {
    "favor": ["will bring jobs to the town", "is long overdue", "deserves a warm welcome from every resident"],
    "against": ["will wreck the bay for good", "is a giveaway to developers", "must be scrapped at once"],
    "neutral": ["goes to a vote on Tuesday", "runs to forty pages", "was published this morning"],
}
HARBOUR = TopicEntry(slug="harbour-plan", name="Harbour plan", keywords=("harbour plan",))
EPOCHS = {"training.max_epochs": 40}


def _examples(subjects: list[str]) -> list[StanceExample]:
    return [
        StanceExample("harbour-plan", f"{subject} {predicate}", stance, f"{subject}|{predicate}")
        for subject in subjects
        for stance, predicates in PREDICATES.items()
        for predicate in predicates
    ]


@pytest.fixture(scope="module")
def stance_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stance") / STANCE_DIR
    held_out = _examples(SUBJECTS[3:])
    meta = train_stance(
        _examples(SUBJECTS[:3]), out_dir=out, held_out=held_out, log=io.StringIO(), config_overrides=EPOCHS
    )
    assert meta["train"] == 27
    assert meta["held_out"] == 9
    assert meta["accuracy"] >= 0.8  # statements about a harbour plan it never saw named that way
    return out


def test_the_classifier_learns_the_stance_of_statements_it_never_saw(stance_dir: Path) -> None:
    classifier = StanceClassifier(load_stance(stance_dir))

    predicted = classifier.predict(
        [
            ("harbour-plan", "the harbour plan is a giveaway to developers"),
            ("harbour-plan", "our harbour plan is long overdue"),
            ("harbour-plan", "the harbour plan runs to forty pages"),
        ]
    )

    assert [label for label, _p in predicted] == ["against", "favor", "neutral"]
    assert all(0.0 < p <= 1.0 for _label, p in predicted)


def test_too_few_reviewed_statements_train_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="too few reviewed statements"):
        train_stance(_examples(SUBJECTS[:1])[:3], out_dir=tmp_path / "s", log=io.StringIO())
    assert not (tmp_path / "s").exists()


def test_a_classifier_is_scored_even_when_no_statement_falls_in_the_held_out_share(tmp_path: Path) -> None:
    examples = [
        example
        for example in (
            StanceExample("harbour-plan", f"the harbour plan {predicate}", stance, f"statement-{n}-{i}")
            for n, (stance, predicates) in enumerate(PREDICATES.items())
            for i, predicate in enumerate(predicates)
        )
        if not is_held_out(example)
    ]
    assert len(examples) >= 6

    meta = train_stance(examples, out_dir=tmp_path / "s", log=io.StringIO())

    assert meta["held_out"] == 1
    assert "accuracy" in meta


@pytest.fixture
def model_with_stance(trained_model: Path, stance_dir: Path, tmp_path: Path) -> Path:
    model = tmp_path / "with-stance"
    shutil.copytree(trained_model, model)
    shutil.copytree(stance_dir, model / STANCE_DIR)
    return model


TEXT = "Mayor Alice Brennan said that the harbour plan is long overdue. The council met on Monday."


def test_a_confident_classifier_decides_the_stance_and_says_so(model_with_stance: Path) -> None:
    rules = extract(TEXT, published=None, gazetteer=Gazetteer(topics=(HARBOUR,)), nlp=load_nlp())
    [by_rules] = [claim for claim in rules.claims if claim.cue.text == "said"]
    assert by_rules.stance == "neutral"  # the lexicon knows no word here

    nlp = load_nlp(DEFAULT_MODEL, str(model_with_stance))
    result = extract(TEXT, published=None, gazetteer=Gazetteer(topics=(HARBOUR,)), nlp=nlp)

    [claim] = [claim for claim in result.claims if claim.cue.text == "said"]
    assert claim.topic == "harbour-plan"
    assert claim.stance == "favor"
    [reason] = [reason for reason in claim.rationale if reason.startswith("stance:")]
    assert reason == f"stance: classifier {claim.stance_confidence:.2f} (the lexicon said neutral)"
    assert claim.stance_confidence >= stance_classifier_of(nlp).min_confidence


def test_below_its_minimum_confidence_the_lexicon_decides(model_with_stance: Path) -> None:
    nlp = load_nlp(DEFAULT_MODEL, str(model_with_stance))
    stance_classifier_of(nlp).min_confidence = 0.999

    result = extract(TEXT, published=None, gazetteer=Gazetteer(topics=(HARBOUR,)), nlp=nlp)

    [claim] = [claim for claim in result.claims if claim.cue.text == "said"]
    assert claim.stance == "neutral"
    assert "stance: neutral (no stance words)" in claim.rationale
    assert any(reason.startswith("stance: lexicon rule (classifier 0.") for reason in claim.rationale)
    assert claim.rationale[-1].startswith("stance: lexicon rule")


def test_a_side_the_lexicons_words_decided_stays_whatever_the_classifier_says(model_with_stance: Path) -> None:
    text = "Mayor Alice Brennan said that she strongly opposes the harbour plan, which is long overdue."
    nlp = load_nlp(DEFAULT_MODEL, str(model_with_stance))
    stance_classifier_of(nlp).min_confidence = 0.0  # the classifier would decide every claim

    result = extract(text, published=None, gazetteer=Gazetteer(topics=(HARBOUR,)), nlp=nlp)

    [claim] = [claim for claim in result.claims if claim.cue.text == "said"]
    assert claim.stance == "against"
    assert claim.rationale[-1].startswith("stance: the lexicon's words decided (classifier favor 0.")


def test_a_model_without_a_stance_classifier_leaves_stance_to_the_lexicon(trained_model: Path) -> None:
    nlp = load_nlp(DEFAULT_MODEL, str(trained_model))
    assert STANCE_PIPE not in nlp.pipe_names

    result = extract(TEXT, published=None, gazetteer=Gazetteer(topics=(HARBOUR,)), nlp=nlp)

    [claim] = [claim for claim in result.claims if claim.cue.text == "said"]
    assert not any("classifier" in reason for reason in claim.rationale)


def test_a_damaged_stance_classifier_is_a_clear_error(model_with_stance: Path) -> None:
    next((model_with_stance / STANCE_DIR / "textcat").glob("model")).write_bytes(b"not a model")

    with pytest.raises(ModelDirectoryError, match="cannot load the stance classifier"):
        load_nlp(DEFAULT_MODEL, str(model_with_stance))


def test_re_running_the_topic_step_on_a_stored_claim_asks_the_classifier_too(model_with_stance: Path) -> None:
    from claims.nlp.topic_check import ClaimSpans, topic_stance_many

    nlp = load_nlp(DEFAULT_MODEL, str(model_with_stance))
    content = (TEXT.index("that the harbour"), TEXT.index(". The council"))
    cue = (TEXT.index("said"), TEXT.index("said") + 4)

    [(key, found)] = topic_stance_many(nlp, [ClaimSpans(key=7, text=TEXT, content=content, cue=cue)], topics=(HARBOUR,))

    assert key == 7
    assert (found.topic, found.stance) == ("harbour-plan", "favor")
    assert found.rationale[-1] == f"stance: classifier {found.stance_confidence:.2f} (the lexicon said neutral)"
