"""Quote pairing on characters in context: apostrophes are never quote marks."""

from claims.nlp.quotes import find_quotes, find_single_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_it_pairs_curly_and_straight_double_quotes():
    text = 'He said “we will win,” and she said "no way."'
    assert quoted(text) == ["“we will win,”", '"no way."']


def test_a_plural_possessive_does_not_open_a_quote():
    text = "The leaders' summit ended. “It went well,” the host said. Ukraine's envoy agreed."
    assert quoted(text) == ["“It went well,”"]
    assert find_single_quotes(text, 0, len(text)) == []


def test_a_quote_can_run_over_paragraphs_when_each_reopens():
    text = "She said: “The first part.\n\n“The second part.”\n\nThen she left."
    assert quoted(text) == ["“The first part.\n\n“The second part.”"]
    assert find_quotes(text)[0].paragraphs == 2


def test_an_unclosed_quote_is_dropped_at_the_paragraph_end_instead_of_swallowing_the_text():
    text = "He said “this never closes.\n\nA new paragraph says “this one does.”"
    assert quoted(text) == ["“this one does.”"]


def test_doubled_apostrophes_are_quote_marks():
    text = "He called it ''a disgrace,'' and left."
    assert quoted(text) == ["''a disgrace,''"]


def test_single_quotes_in_headlines_are_found_but_not_contractions():
    text = "Warren: ‘You Should Be Investigated.’ She didn't say more."
    assert [text[q.start : q.end] for q in find_single_quotes(text, 0, len(text))] == ["‘You Should Be Investigated.’"]


def test_quote_marks_written_as_html_entities_are_paired():
    text = "The report was &quot;incomplete&quot; &amp; late. He said &ldquo;No.&rdquo;"
    assert quoted(text) == ["&quot;incomplete&quot;", "&ldquo;No.&rdquo;"]


def test_a_multi_paragraph_quote_continues_only_in_its_own_style():
    text = 'She wrote: "The first part.\n\n“A new quote,” he said.'
    assert quoted(text) == ["“A new quote,”"]
