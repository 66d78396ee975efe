"""The verb-role suggestions a labelled corpus gives (`python -m claims.nlp.role_suggestions`)."""

import io

from claims.nlp import role_suggestions
from claims.nlp.ablation import load_or_parse
from tests.claims.nlp.learned_corpus import labelled_articles, write_jsonl


def test_a_verb_the_table_lacks_is_suggested_with_the_role_its_labelled_contents_need(nlp):
    parsed = load_or_parse(nlp, labelled_articles(12), None)
    found = {(s.lemma, s.kind): s for s in role_suggestions.suggestions(parsed, min_count=4, min_rate=0.4)}
    # "groused that …" and "carped that …" are labelled reports six times each; the table has no row for them
    assert found[("grouse", "clause")].contents == 6
    assert found[("grouse", "clause")].roles == ()
    assert found[("grouse", "clause")].wanted == "speech"
    assert ("carp", "clause") in found
    # "said that …" is labelled too, but the table already lets the rules take its clause
    assert not any(lemma == "say" for lemma, _kind in found)


def test_the_command_prints_one_row_per_suggestion(tmp_path, nlp):
    path = write_jsonl(tmp_path / "labelled.jsonl", labelled_articles(12))
    out = io.StringIO()
    assert role_suggestions.main([str(path), "--min-count", "4"], stdout=out) == 0
    rows = out.getvalue().splitlines()
    assert rows[0].split()[:3] == ["lemma", "dependent", "contents"]
    assert any(row.split()[:4] == ["grouse", "clause", "6", "6"] for row in rows[1:])


def test_a_higher_bar_than_the_corpus_reaches_suggests_nothing(nlp):
    parsed = load_or_parse(nlp, labelled_articles(12), None)
    assert role_suggestions.suggestions(parsed, min_count=50) == []
