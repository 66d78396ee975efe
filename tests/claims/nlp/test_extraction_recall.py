"""Reports the extractor used to miss, each on text written for the test: verbs of saying and believing from the
verb table, and parses that hang what was said somewhere unusual."""

from claims.nlp.pipeline import extract


def claims_of(nlp, text: str) -> list[tuple[str | None, str, str, str]]:
    result = extract(text, published=None, nlp=nlp)
    return [(c.speaker.text if c.speaker else None, c.cue.text, c.content.text, c.act) for c in result.claims]


def test_a_manner_of_speaking_verb_reports_its_quote(nlp):
    text = 'The mayor shouted: "We will not close the library."'
    assert claims_of(nlp, text) == [("The mayor", "shouted", '"We will not close the library."', "speech")]


def test_encouraging_someone_to_act_is_a_report(nlp):
    text = "The senator encouraged voters to register before the deadline."
    assert claims_of(nlp, text) == [("The senator", "encouraged", "voters to register before the deadline", "speech")]


def test_thinking_is_a_belief(nlp):
    text = "The governor thinks the budget will pass next month."
    assert claims_of(nlp, text) == [("The governor", "thinks", "the budget will pass next month", "belief")]


def test_a_quote_mark_right_after_the_verb_does_not_hide_its_object(nlp):
    text = "The county office reported “1,200 complaints” in the district last year."
    [(speaker, cue, content, _act)] = claims_of(nlp, text)
    assert (speaker, cue) == ("The county office", "reported")
    assert content.startswith("“1,200 complaints”")


def test_a_time_phrase_between_the_verb_and_its_clause_keeps_the_clause(nlp):
    text = "Harris said after the hearing she would not support the amendment if it came to a vote."
    [(speaker, cue, content, _act)] = claims_of(nlp, text)
    assert (speaker, cue) == ("Harris", "said")
    assert content.startswith("she would not support the amendment")


def test_going_on_to_explain_reports(nlp):
    text = "The general went on to explain how the budget cuts had left his troops without spare parts."
    [(speaker, cue, content, _act)] = claims_of(nlp, text)
    assert (speaker, cue) == ("The general", "explain")
    assert content.startswith("how the budget cuts had left his troops")


def test_a_passive_announcement_without_agent_reports_its_subject_with_no_speaker(nlp):
    text = "A new ferry timetable was announced for the winter months."
    assert claims_of(nlp, text) == [(None, "announced", "A new ferry timetable", "speech")]


def test_a_first_person_quote_before_a_named_speaker_keeps_the_name(nlp):
    text = "“I will make this promise to you: we will finish the road,” county roads director Ann Miller said Monday."
    [(speaker, cue, content, _act)] = claims_of(nlp, text)
    assert (cue, content) == ("said", "“I will make this promise to you: we will finish the road,”")
    assert (speaker or "").endswith("Ann Miller")
