"""Every rule has a name; switching one off changes what the extractor finds, and a typo is an error."""

import pytest

from claims.nlp.pipeline import extract
from claims.nlp.rules import all_rule_names

TEXT = "According to the ministry, exports fell by a third. Peskov said that talks had failed."


def test_rules_are_named_by_stage():
    names = all_rule_names()
    assert {"cue.verb", "cue.according", "pass.continue-quotes"} <= set(names)
    assert all(name.split(".", 1)[0] in ("cue", "filter", "shape", "score", "trim", "pass") for name in names)


def test_a_rule_switched_off_by_name_no_longer_acts(nlp):
    every = extract(TEXT, published=None, nlp=nlp)
    assert [c.cue.text for c in every.claims] == ["According to", "said"]
    without = extract(TEXT, published=None, nlp=nlp, disabled_rules={"cue.according"})
    assert [c.cue.text for c in without.claims] == ["said"]


def test_an_unknown_rule_name_is_an_error(nlp):
    with pytest.raises(ValueError, match="unknown rule name"):
        extract(TEXT, published=None, nlp=nlp, disabled_rules={"cue.acording"})


def test_a_claim_names_the_rules_that_made_it(nlp):
    [according, said] = extract(TEXT, published=None, nlp=nlp).claims
    assert "rule:shape.according" in according.rationale
    assert "rule:shape.clause" in said.rationale


def test_the_act_comes_from_the_cue(nlp):
    text = "Peskov said that talks had failed. Analysts fear that the ceasefire will not hold."
    claims = extract(text, published=None, nlp=nlp).claims
    assert [(c.cue.text, c.act) for c in claims] == [("said", "speech"), ("fear", "belief")]
