"""The word lists of the extractor, read from the data files in `claims/nlp/rules/` (no corpus text, no weights).

Verbs live in one table, `rules/verbs.jsonl`: one row per lemma with its act (speech, belief, intention,
perception, document) and the roles it plays (a verb of saying, one that quotes, one whose object is what was
said, …). Other lists are `rules/words/<name>.txt`. The names below are views of that data for the code.
"""

from __future__ import annotations

from claims.nlp.rules import table, words

VERBS = table("verbs")


def verbs_with(role: str) -> frozenset[str]:
    return frozenset(lemma for lemma, row in VERBS.items() if role in row["roles"])


def act_of(lemma: str) -> str | None:
    """The act a cue lemma reports ('speech', 'belief', 'intention', 'perception', 'document'), if it is a cue."""
    row = VERBS.get(lemma)
    return row["act"] if row is not None else None


# Verbs of saying: a claim's strongest signal. Lemmas, matched on spaCy's lemma.
SPEECH_VERBS = verbs_with("speech")
# Verbs of saying that introduce a verbatim quotation after them ("he said: “…”", "she tweeted “…”").
QUOTING_VERBS = verbs_with("quoting")
# Verbs whose object noun phrase is what was said: "commended Hungary's willingness", "denied the report".
NP_CONTENT_VERBS = verbs_with("object-content")
# Attitude verbs: weaker evidence that a position was stated, so they carry a lower confidence.
BELIEF_VERBS = verbs_with("belief")
# Findings of studies, polls and documents ("the poll shows that …").
FINDING_VERBS = verbs_with("finding")
# Verbs whose object is the hearer, not what was said: "“…,” he told reporters".
RECIPIENT_VERBS = verbs_with("recipient")
# "promised to resign": the infinitive is what was said.
INFINITIVE_CONTENT_VERBS = verbs_with("infinitive-content")
# "asked workers if they planned to attend": the if-clause is the question asked.
QUESTION_VERBS = verbs_with("question")
# Verbs that are a cue only with a content preposition, a clause or a quote: "speaks Spanish", "called the police"
# are not reports (but "call" names: "called X a disgrace", see OBJECT_NAMING_VERBS).
NEEDS_CLAUSE_OR_PREP = verbs_with("needs-clause-or-prep")
OBJECT_NAMING_VERBS = frozenset(lemma for lemma, row in VERBS.items() if row.get("object-names"))
# Verbs that do not report speech when they head a "to"-infinitive the cue sits in ("planned to say").
IRREALIS_HEADS = verbs_with("irrealis-head")
# "went on to say", "continued to insist", "was forced to admit": an infinitive cue under these still reports.
SAYING_CONTINUATIONS = verbs_with("saying-continuation")
# "Speaking on state television, she said …", "…, citing officials": verbs that may only frame another report.
FRAMING_VERBS = verbs_with("framing")
# "used the debate to suggest …", "took the stage to argue …": a purpose infinitive of saying under these reports.
PURPOSE_REPORT_HEADS = verbs_with("purpose-report-head")
# Verbs of verbal aggression that also name force ("attacked Kharkiv with drones"): filter.physical-force.
PHYSICAL_SENSE_VERBS = verbs_with("also-physical")
MILITARY_NOUNS = words("military_nouns")
WEAPON_NOUNS = words("weapon_nouns")
PHYSICAL_TARGETS = words("physical_targets")
POLITY_NOUNS = words("polity_nouns")
# Verbs that are cues without being verbs of saying ("as the board views it").
VIEW_VERBS = verbs_with("view-verb")
# Every verb that is a cue: of saying, of an attitude or an intention ("wants to …"), of perception, of finding.
CUE_VERBS = SPEECH_VERBS | NP_CONTENT_VERBS | BELIEF_VERBS | FINDING_VERBS | VIEW_VERBS | verbs_with("cue")
# Prepositions that attach the thing said to a verb: "called for X", "warned of X", "spoke about X".
CONTENT_PREPOSITIONS: dict[str, frozenset[str]] = {
    lemma: frozenset(row["preps"]) for lemma, row in VERBS.items() if row.get("preps")
}

FINDING_SOURCES = words("finding_sources")
VIEW_NOUNS = words("view_nouns")
POSITION_NOUNS = words("position_nouns")
REPORT_NOUNS = words("report_nouns")
LIGHT_VERBS = words("light_verbs")
LIGHT_VERB_NOUNS = words("light_verb_nouns")
SPEECH_OCCASIONS = words("speech_occasions")
SHARE_NOUNS = words("share_nouns")
TOPIC_REPORT_NOUNS = words("topic_report_nouns")
PERSONAL_PRONOUNS = words("personal_pronouns")
MALE_NOUNS = words("male_nouns")
FEMALE_NOUNS = words("female_nouns")
PERSON_NOUNS = words("person_nouns")
HUMAN_NOUNS = words("human_nouns")
GROUP_NOUNS = words("group_nouns")
CALENDAR_WORDS = words("calendar_words")
PERSON_TITLES = words("person_titles")
AFFILIATIONS = words("affiliations")
SIDE_NOUNS = words("side_nouns")
OPPOSING_NOUNS = words("opposing_nouns")
MALE_TITLES = words("male_titles")
FEMALE_TITLES = words("female_titles")
TITLES = PERSON_TITLES | MALE_TITLES | FEMALE_TITLES

# Closed classes of grammar, not vocabulary.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
# Labels of a transcript's paragraphs: "Q: Will you run?" / "A: We will see."
QUESTION_LABELS = frozenset({"q", "question"})
ANSWER_LABELS = frozenset({"a", "answer"})
