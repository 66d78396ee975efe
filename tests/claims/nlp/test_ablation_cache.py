"""The parse cache of `make eval` and the role suggestions (`claims.nlp.ablation.load_or_parse`)."""

from claims.nlp import ablation
from tests.claims.nlp.learned_corpus import labelled_articles


def _counting_parses(monkeypatch) -> list[int]:
    calls: list[int] = []
    parse = ablation.parse_articles

    def counted(nlp, articles, **kwargs):
        calls.append(1)
        return parse(nlp, articles, **kwargs)

    monkeypatch.setattr(ablation, "parse_articles", counted)
    return calls


def test_the_cache_gives_the_same_parse_without_parsing_again(nlp, tmp_path, monkeypatch):
    calls = _counting_parses(monkeypatch)
    articles = labelled_articles(3)
    cache = str(tmp_path / "parsed.spacy")
    first = ablation.load_or_parse(nlp, articles, cache)
    again = ablation.load_or_parse(nlp, articles, cache)
    assert len(calls) == 1
    lemmas = [[[t.lemma_ for t in doc] for _offset, doc in item.pieces] for item in first]
    assert [[[t.lemma_ for t in doc] for _offset, doc in item.pieces] for item in again] == lemmas


def test_a_cache_made_before_the_lemma_fixes_changed_is_parsed_again(nlp, tmp_path, monkeypatch):
    calls = _counting_parses(monkeypatch)
    articles = labelled_articles(3)
    cache = str(tmp_path / "parsed.spacy")
    ablation.load_or_parse(nlp, articles, cache)
    monkeypatch.setattr(ablation, "table", lambda name: {"hoping": {"form": "hoping", "lemma": "hope"}})
    ablation.load_or_parse(nlp, articles, cache)
    assert len(calls) == 2
