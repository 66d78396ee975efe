"""The spaCy components on Docs built by hand on spacy.blank("en"): each reads and writes the Doc only and
returns early when an annotation it needs is missing."""

import pytest
import spacy
from spacy.tokens import Doc

import claims.nlp.components  # noqa: F401  (registers the factories and Doc extensions)


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    for name in ("onrecord_quotes", "onrecord_cues", "onrecord_attributions", "onrecord_speakers"):
        nlp.add_pipe(name)
    return nlp


def parsed(blank, rows: list[tuple[str, int, str, str, str, str]], spaces: list[bool] | None = None) -> Doc:
    """A Doc from (word, head index, dep, pos, tag, lemma) rows, as a parser and tagger would leave it."""
    words, heads, deps, pos, tags, lemmas = (list(column) for column in zip(*rows, strict=True))
    return Doc(blank.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)


def run(blank, doc: Doc) -> Doc:
    for _name, component in blank.pipeline:
        doc = component(doc)
    return doc


PESKOV_SAID = [
    ("Peskov", 1, "nsubj", "PROPN", "NNP", "Peskov"),
    ("said", 1, "ROOT", "VERB", "VBD", "say"),
    ("that", 4, "mark", "SCONJ", "IN", "that"),
    ("talks", 4, "nsubj", "NOUN", "NNS", "talk"),
    ("failed", 1, "ccomp", "VERB", "VBD", "fail"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def text_of(doc: Doc, span: tuple[int, int] | None) -> str | None:
    return doc.text[span[0] : span[1]] if span is not None else None


def test_cues_and_attributions_come_from_the_parse(blank):
    doc = run(blank, parsed(blank, PESKOV_SAID))
    assert [(cue.kind, doc[cue.start : cue.end].text) for cue in doc._.cues] == [("verb", "said")]
    [attribution] = doc._.attributions
    assert text_of(doc, attribution.source) == "Peskov"
    assert text_of(doc, attribution.cue) == "said"
    assert [text_of(doc, piece) for piece in attribution.content] == ["that talks failed"]
    assert attribution.kind == "indirect"


def test_components_return_early_without_a_parse(blank):
    doc = run(blank, blank("Peskov said that talks failed."))
    assert doc._.cues == []
    assert doc._.attributions == []
    assert doc._.quotes == []


def test_quotes_are_found_on_tokens_alone(blank):
    doc = blank("“We are ready,” he said. The leaders' summit ended.")
    doc = blank.get_pipe("onrecord_quotes")(doc)
    assert [doc.text[q.start : q.end] for q in doc._.quotes] == ["“We are ready,”"]


def test_a_quote_before_its_cue_is_the_content(blank):
    rows = [
        ("“", 4, "punct", "PUNCT", "``", "“"),
        ("We", 2, "nsubj", "PRON", "PRP", "we"),
        ("agree", 7, "ccomp", "VERB", "VBP", "agree"),
        (",", 7, "punct", "PUNCT", ",", ","),
        ("”", 7, "punct", "PUNCT", "''", "”"),
        ("the", 6, "det", "DET", "DT", "the"),
        ("ministry", 7, "nsubj", "NOUN", "NN", "ministry"),
        ("said", 7, "ROOT", "VERB", "VBD", "say"),
        (".", 7, "punct", "PUNCT", ".", "."),
    ]
    spaces = [False, True, False, False, True, True, True, False, False]
    doc = run(blank, parsed(blank, rows, spaces))
    [attribution] = doc._.attributions
    assert text_of(doc, attribution.source) == "the ministry"
    assert [text_of(doc, piece) for piece in attribution.content] == ["“We agree,”"]
    assert attribution.kind == "direct"


def test_a_pronoun_speaker_is_resolved_to_the_previous_subject(blank):
    rows = [
        ("Peskov", 1, "nsubj", "PROPN", "NNP", "Peskov"),
        ("spoke", 1, "ROOT", "VERB", "VBD", "speak"),
        (".", 1, "punct", "PUNCT", ".", "."),
        *[
            (w, h + 3, d, p, t, lem)
            for (w, h, d, p, t, lem) in [("He", 1, "nsubj", "PRON", "PRP", "he")] + PESKOV_SAID[1:]
        ],
    ]
    doc = run(blank, parsed(blank, rows))
    [attribution] = doc._.attributions
    assert text_of(doc, attribution.source) == "He"
    assert text_of(doc, attribution.antecedent) == "Peskov"


def test_according_to_takes_its_object_as_the_source(blank):
    rows = [
        ("According", 5, "prep", "VERB", "VBG", "accord"),
        ("to", 0, "prep", "ADP", "IN", "to"),
        ("Reuters", 1, "pobj", "PROPN", "NNP", "Reuters"),
        (",", 5, "punct", "PUNCT", ",", ","),
        ("prices", 5, "nsubj", "NOUN", "NNS", "price"),
        ("fell", 5, "ROOT", "VERB", "VBD", "fall"),
        ("sharply", 5, "advmod", "ADV", "RB", "sharply"),
        (".", 5, "punct", "PUNCT", ".", "."),
    ]
    doc = run(blank, parsed(blank, rows))
    [attribution] = doc._.attributions
    assert text_of(doc, attribution.cue) == "According to"
    assert text_of(doc, attribution.source) == "Reuters"
    assert [text_of(doc, piece) for piece in attribution.content] == ["prices fell sharply"]


def test_a_cue_under_plans_to_reports_only_the_intention(blank):
    rows = [
        ("Peskov", 1, "nsubj", "PROPN", "NNP", "Peskov"),
        ("plans", 1, "ROOT", "VERB", "VBZ", "plan"),
        ("to", 3, "aux", "PART", "TO", "to"),
        ("say", 1, "xcomp", "VERB", "VB", "say"),
        ("that", 6, "mark", "SCONJ", "IN", "that"),
        ("talks", 6, "nsubj", "NOUN", "NNS", "talk"),
        ("failed", 3, "ccomp", "VERB", "VBD", "fail"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    doc = run(blank, parsed(blank, rows))
    assert [cue.lemma for cue in doc._.cues] == ["plan", "say"]
    [attribution] = doc._.attributions  # the plan is an intention; the saying it plans is no report yet
    assert (attribution.lemma, attribution.act) == ("plan", "intention")
    assert [text_of(doc, piece) for piece in attribution.content] == ["to say that talks failed"]


def test_a_noun_of_saying_with_an_owner_reports_its_that_clause(blank):
    rows = [
        ("Critics", 1, "nsubj", "NOUN", "NNS", "critic"),
        ("ignored", 1, "ROOT", "VERB", "VBD", "ignore"),
        ("Trump", 4, "poss", "PROPN", "NNP", "Trump"),
        ("'s", 2, "case", "PART", "POS", "'s"),
        ("claim", 1, "dobj", "NOUN", "NN", "claim"),
        ("that", 8, "mark", "SCONJ", "IN", "that"),
        ("crime", 7, "compound", "NOUN", "NN", "crime"),
        ("rates", 8, "nsubj", "NOUN", "NNS", "rate"),
        ("soared", 4, "relcl", "VERB", "VBD", "soar"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    doc = run(blank, parsed(blank, rows, spaces=[True, True, False, True, True, True, True, True, False, False]))
    [attribution] = doc._.attributions
    assert text_of(doc, attribution.cue) == "claim"
    assert text_of(doc, attribution.source) == "Trump"
    assert [text_of(doc, piece) for piece in attribution.content] == ["that crime rates soared"]


def test_a_relative_clause_on_a_noun_of_saying_reports_nothing(blank):
    rows = [
        ("Critics", 1, "nsubj", "NOUN", "NNS", "critic"),
        ("ignored", 1, "ROOT", "VERB", "VBD", "ignore"),
        ("Trump", 4, "poss", "PROPN", "NNP", "Trump"),
        ("'s", 2, "case", "PART", "POS", "'s"),
        ("claim", 1, "dobj", "NOUN", "NN", "claim"),
        ("that", 8, "dobj", "PRON", "WDT", "that"),
        ("voters", 7, "nsubj", "NOUN", "NNS", "voter"),
        ("never", 8, "neg", "ADV", "RB", "never"),
        ("heard", 4, "relcl", "VERB", "VBD", "hear"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    doc = run(blank, parsed(blank, rows, spaces=[True, True, False, True, True, True, True, True, False, False]))
    assert doc._.attributions == []


def test_paragraph_breaks_start_sentences_unless_the_line_is_wrapped():
    nlp = spacy.blank("en")
    breaks = nlp.add_pipe("onrecord_paragraph_breaks")
    doc = breaks(nlp("The talks ended\n\n“We tried,” she said as the\ndelegates left."))
    starts = [token.text for token in doc if token.is_sent_start]
    assert starts == ["The", "“"]


def test_a_content_never_ends_on_a_dangling_conjunction():
    from claims.nlp.attribution.syntax import trim

    doc = Doc(spacy.blank("en").vocab, words=["he", "backs", "no", "one", ",", "and", "."])
    assert trim(doc, 0, 7) == (0, 4)
    assert trim(doc, 5, 7) == (5, 6)  # a lone conjunction is left alone


PESKOV_FIGURED = [
    ("Peskov", 1, "nsubj", "PROPN", "NNP", "Peskov"),
    ("figured", 1, "ROOT", "VERB", "VBD", "figure"),
    ("that", 4, "mark", "SCONJ", "IN", "that"),
    ("talks", 4, "nsubj", "NOUN", "NNS", "talk"),
    ("failed", 1, "ccomp", "VERB", "VBD", "fail"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def test_every_cue_candidate_is_a_span_labelled_with_its_kind(blank):
    doc = run(blank, parsed(blank, PESKOV_SAID))
    assert [(span.label_, span.text) for span in doc.spans["onrecord_cues"]] == [("verb", "said")]


def test_a_learned_cue_added_between_the_stages_gets_the_general_shapes_at_a_lower_strength(blank):
    said = run(blank, parsed(blank, PESKOV_SAID))
    doc = parsed(blank, PESKOV_FIGURED)
    for name in ("onrecord_quotes", "onrecord_cues"):
        doc = blank.get_pipe(name)(doc)
    assert list(doc.spans["onrecord_cues"]) == []  # "figure" is in no word list
    doc.spans["onrecord_cues"] = [*doc.spans["onrecord_cues"], doc.char_span(7, 14, label="learned")]
    for name in ("onrecord_attributions", "onrecord_speakers"):
        doc = blank.get_pipe(name)(doc)
    [attribution] = doc._.attributions
    assert text_of(doc, attribution.source) == "Peskov"
    assert [text_of(doc, piece) for piece in attribution.content] == ["that talks failed"]
    assert attribution.strength < said._.attributions[0].strength


def test_a_content_never_ends_just_before_a_negation(blank):
    # The parser hung "n’t as advertised" on the cue, so the clause said ends at "is".
    rows = [
        ("Critics", 1, "nsubj", "NOUN", "NNS", "critic"),
        ("suggested", 1, "ROOT", "VERB", "VBD", "suggest"),
        ("that", 5, "mark", "SCONJ", "IN", "that"),
        ("his", 4, "poss", "PRON", "PRP$", "his"),
        ("expertise", 5, "nsubj", "NOUN", "NN", "expertise"),
        ("is", 1, "ccomp", "AUX", "VBZ", "be"),
        ("n’t", 1, "neg", "PART", "RB", "not"),
        ("as", 8, "advmod", "ADV", "RB", "as"),
        ("advertised", 1, "advcl", "VERB", "VBN", "advertise"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    spaces = [True, True, True, True, True, False, True, True, False, False]
    doc = run(blank, parsed(blank, rows, spaces))
    [attribution] = doc._.attributions
    assert [text_of(doc, piece) for piece in attribution.content] == ["that his expertise isn’t as advertised"]
    assert "trim.keep-negation" in attribution.rules


def gerund_object(blank, word: str, dep: str, pos: str, tag: str) -> Doc:
    """ "The clip shows <word> saying that the bridge is safe.", with "saying" parsed as the object of "shows"."""
    words = ["The", "clip", "shows", word, "saying", "that", "the", "bridge", "is", "safe", "."]
    heads = [1, 2, 2, 4, 2, 8, 7, 8, 4, 8, 2]
    deps = ["det", "nsubj", "ROOT", dep, "dobj", "mark", "det", "nsubj", "ccomp", "acomp", "punct"]
    poses = ["DET", "NOUN", "VERB", pos, "VERB", "SCONJ", "DET", "NOUN", "AUX", "ADJ", "PUNCT"]
    tags = ["DT", "NN", "VBZ", tag, "VBG", "IN", "DT", "NN", "VBZ", "JJ", "."]
    lemmas = ["the", "clip", "show", word, "say", "that", "the", "bridge", "be", "safe", "."]
    return Doc(blank.vocab, words=words, heads=heads, deps=deps, pos=poses, tags=tags, lemmas=lemmas)


def test_a_gerund_object_with_its_own_speaker_is_a_report(blank):
    doc = run(blank, gerund_object(blank, "Harper", "nsubj", "PROPN", "NNP"))
    [attribution] = [a for a in doc._.attributions if a.lemma == "say"]
    assert text_of(doc, attribution.source) == "Harper"
    assert [text_of(doc, piece) for piece in attribution.content] == ["that the bridge is safe"]


def test_a_gerund_object_without_a_speaker_is_no_report(blank):
    # "The clip shows more saying that …": a verb of saying used as a noun
    doc = run(blank, gerund_object(blank, "more", "amod", "ADJ", "JJR"))
    assert [a for a in doc._.attributions if a.lemma == "say"] == []
