"""said_on: taken from the words around the cue, resolved against the published date."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.nlp.dates import date_mentions, date_nearest
from claims.nlp.enrich import enrich_claims
from claims.nlp.pipeline import extract
from claims.nlp.types import ExtractedClaim
from tests.claims.nlp.enrich_helpers import GAZETTEER, blank, claim, english

PUBLISHED = dt.date(2023, 12, 7)  # a Thursday


@pytest.mark.parametrize(
    ("words", "said_on", "precision"),
    [
        ("in an interview on December 5", dt.date(2023, 12, 5), "day"),
        ("on Dec. 5, 2023", dt.date(2023, 12, 5), "day"),
        ("on 5 December", dt.date(2023, 12, 5), "day"),
        ("on 2023-12-01", dt.date(2023, 12, 1), "day"),
        ("on the 5th", dt.date(2023, 12, 5), "day"),
        ("yesterday", dt.date(2023, 12, 6), "day"),
        ("today", dt.date(2023, 12, 7), "day"),
        ("three days ago", dt.date(2023, 12, 4), "day"),
        ("in a letter on Monday", dt.date(2023, 12, 4), "day"),
        ("last week", dt.date(2023, 11, 27), "week"),  # the Monday of the week before publication's
        ("earlier this week", dt.date(2023, 12, 4), "week"),
        ("over the weekend", dt.date(2023, 11, 27), "week"),  # Saturday 2 December's week
        ("at the weekend", dt.date(2023, 11, 27), "week"),
        ("two weeks ago", dt.date(2023, 11, 20), "week"),
        ("earlier this month", dt.date(2023, 12, 1), "month"),
        ("last month", dt.date(2023, 11, 1), "month"),
        ("in November", dt.date(2023, 11, 1), "month"),
        ("in May 2022", dt.date(2022, 5, 1), "month"),
        ("in 2022", dt.date(2022, 1, 1), "year"),
        ("last year", dt.date(2022, 1, 1), "year"),
    ],
)
def test_each_phrase_form_resolves_against_the_published_date(words: str, said_on: dt.date, precision: str) -> None:
    [mention] = date_mentions(f"The minister said {words} that talks were over.", published=PUBLISHED)
    assert (mention.said_on, mention.precision) == (said_on, precision)


def test_a_weekend_before_something_else_is_no_time_of_saying() -> None:
    assert date_mentions("The minister spoke during the weekend before the vote.", published=PUBLISHED) == []
    [saturday] = date_mentions("The minister said this weekend that talks were over.", published=dt.date(2023, 12, 9))
    assert saturday.said_on == dt.date(2023, 12, 4)  # published on a Saturday: this weekend's week


@pytest.mark.parametrize(
    ("weekday", "said_on"),
    [
        ("Thursday", dt.date(2023, 12, 7)),  # the publication day itself
        ("Wednesday", dt.date(2023, 12, 6)),
        ("Friday", dt.date(2023, 12, 1)),  # never the Friday after publication
        ("last Thursday", dt.date(2023, 11, 30)),
    ],
)
def test_a_weekday_is_the_most_recent_one_on_or_before_publication(weekday: str, said_on: dt.date) -> None:
    [mention] = date_mentions(f"She said on {weekday} that talks were over.", published=PUBLISHED)
    assert mention.said_on == said_on


def test_a_yearless_date_after_publication_rolls_back_a_year() -> None:
    [mention] = date_mentions("He said on December 25 that talks were over.", published=PUBLISHED)
    assert mention.said_on == dt.date(2022, 12, 25)


def test_a_dayless_the_nth_after_publication_day_means_last_month() -> None:
    [mention] = date_mentions("He said on the 20th that talks were over.", published=PUBLISHED)
    assert mention.said_on == dt.date(2023, 11, 20)


def test_an_explicit_future_date_is_no_time_of_saying() -> None:
    assert date_mentions("The summit on January 5, 2024 will decide.", published=PUBLISHED) == []


def test_the_words_may_and_march_are_no_months_unless_capitalised_as_such() -> None:
    assert date_mentions("Talks may resume and protesters march on.", published=PUBLISHED) == []


def test_a_date_inside_the_content_is_about_the_event_not_the_saying() -> None:
    text = "Peskov said on Monday that the talks would resume on December 1."
    content = (text.index("the talks"), len(text) - 1)
    found = date_nearest(text, published=PUBLISHED, anchor=text.index("said"), exclude=[content])
    assert found is not None
    assert found.text == "Monday"


def test_a_claim_takes_the_date_written_near_its_cue() -> None:
    text = "Dmitry Peskov said in an interview on December 5 that Russia was ready to negotiate."
    claims = [claim(text, speaker="Dmitry Peskov", cue="said", content="Russia was ready to negotiate")]
    enrich_claims(blank()(text), claims, gazetteer=GAZETTEER, published=PUBLISHED)
    assert (claims[0].said_on, claims[0].date_precision) == (dt.date(2023, 12, 5), "day")
    assert "date: December 5" in claims[0].rationale


def test_without_a_date_in_the_text_the_published_date_is_used() -> None:
    text = "Dmitry Peskov said that Russia was ready to negotiate."
    claims = [claim(text, speaker="Dmitry Peskov", cue="said", content="Russia was ready to negotiate")]
    enrich_claims(blank()(text), claims, gazetteer=GAZETTEER, published=PUBLISHED)
    assert (claims[0].said_on, claims[0].date_precision) == (PUBLISHED, "published")


def test_without_a_published_date_there_is_no_date_at_all() -> None:
    text = "Dmitry Peskov said yesterday that Russia was ready to negotiate."
    claims = [claim(text, speaker="Dmitry Peskov", cue="said", content="Russia was ready to negotiate")]
    enrich_claims(blank()(text), claims, gazetteer=GAZETTEER, published=None)
    assert (claims[0].said_on, claims[0].date_precision) == (None, None)


PASSAGE = (
    "Dmitry Peskov said on December 5 that Russia was ready to negotiate. "
    "He said that Russia preferred diplomacy.\n"
    "Peskov also said that talks could take place in Hungary.\n"
    "Schumer said the vote was delayed. Peskov said the war would go on."
)


def test_a_date_carries_over_to_the_same_speakers_follow_up_claims_in_the_passage() -> None:
    claims = [
        claim(PASSAGE, speaker="Dmitry Peskov", cue="said", content="Russia was ready to negotiate"),
        claim(
            PASSAGE,
            speaker="He",
            cue="said",
            content="Russia preferred diplomacy",
            antecedent="Dmitry Peskov",
            after=PASSAGE.index("He said"),
        ),
        claim(PASSAGE, speaker="Peskov", cue="also said", content="talks could take place in Hungary", after=90),
        claim(PASSAGE, speaker="Schumer", cue="said", content="the vote was delayed", after=150),
        claim(
            PASSAGE, speaker="Peskov", cue="said", content="the war would go on", after=PASSAGE.index("Peskov said the")
        ),
    ]
    enrich_claims(blank()(PASSAGE), claims, gazetteer=GAZETTEER, published=PUBLISHED)
    dates = [(c.said_on, c.date_precision) for c in claims]
    carried = (dt.date(2023, 12, 5), "day")
    # Another speaker ends the passage: Peskov's last claim is not dated by the first one.
    assert dates == [carried, carried, carried, (PUBLISHED, "published"), (PUBLISHED, "published")]


def test_an_unresolved_pronoun_inherits_only_within_its_paragraph() -> None:
    text = "Dmitry Peskov said on Monday that talks were over.\nHe said the war would go on."
    claims = [
        claim(text, speaker="Dmitry Peskov", cue="said", content="talks were over"),
        claim(text, speaker="He", cue="said", content="the war would go on", after=text.index("He")),
    ]
    enrich_claims(blank()(text), claims, gazetteer=GAZETTEER, published=PUBLISHED)
    assert claims[1].date_precision == "published"


def said_on(text: str, *, speaker: str, cue: str, content: str, after: int = 0) -> tuple[dt.date | None, str | None]:
    [dated] = dates_of(text, [claim(text, speaker=speaker, cue=cue, content=content, after=after)])
    return dated


def dates_of(text: str, claims: list[ExtractedClaim]) -> list[tuple[dt.date | None, str | None]]:
    enrich_claims(english()(text), claims, gazetteer=GAZETTEER, published=PUBLISHED)
    return [(c.said_on, c.date_precision) for c in claims]


# The wrong-clause cases: each sentence has a time expression, and none of them dates the statement.
@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        # A date inside what was said is about the thing talked of (a treaty), not the saying.
        (
            "Spokeswoman Lin Hua said the accord signed on March 3, 1979 remained the basis of relations.",
            "Lin Hua",
            "said",
            "the accord signed on March 3, 1979 remained the basis of relations",
        ),
        # The date belongs to the next clause, with its own subject and verb.
        (
            "The president pledged more support for Kyiv, and on Tuesday the Senate voted to delay the package.",
            "The president",
            "pledged",
            "more support for Kyiv",
        ),
        # A colon cue: the quotation after it carries the weekday.
        (
            "Peskov said: \u201cThe envoy's trip to Washington on Thursday was useful.\u201d",
            "Peskov",
            "said",
            "The envoy's trip to Washington on Thursday was useful.",
        ),
        # The weekday dates another actor's announcement in a clause of its own.
        (
            "Lin Hua slammed the tariffs as bullying after the trade agency announced them on Wednesday.",
            "Lin Hua",
            "slammed",
            "the tariffs as bullying",
        ),
    ],
)
def test_a_time_expression_outside_the_reporting_clause_never_dates_the_statement(
    text: str, speaker: str, cue: str, content: str
) -> None:
    assert said_on(text, speaker=speaker, cue=cue, content=content) == (PUBLISHED, "published")


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("Peskov said on Tuesday that the talks were over.", "said", (dt.date(2023, 12, 5), "day")),
        ("\u201cWe think the talks were over,\u201d Peskov said Wednesday.", "said", (dt.date(2023, 12, 6), "day")),
        (
            "Speaking at a briefing on Monday, Peskov said that the talks were over.",
            "said",
            (dt.date(2023, 12, 4), "day"),
        ),
        ("Peskov told reporters last week that the talks were over.", "told", (dt.date(2023, 11, 27), "week")),
        ("Earlier this month, Peskov said that the talks were over.", "said", (dt.date(2023, 12, 1), "month")),
        ("Peskov took to Telegram on Friday to say that the talks were over.", "say", (dt.date(2023, 12, 1), "day")),
        ("Peskov said on the 5th that the talks were over.", "said", (dt.date(2023, 12, 5), "day")),
        ("Peskov said yesterday that the talks were over.", "said", (dt.date(2023, 12, 6), "day")),
        ("Peskov said last month that the talks were over.", "said", (dt.date(2023, 11, 1), "month")),
    ],
)
def test_a_time_expression_of_the_reporting_clause_dates_the_statement(
    text: str, cue: str, expected: tuple[dt.date, str]
) -> None:
    assert said_on(text, speaker="Peskov", cue=cue, content="the talks were over") == expected


def test_a_relative_clause_about_the_speaker_does_not_date_what_they_say() -> None:
    text = "Peskov, who visited Budapest on Monday, said that the talks were over."
    assert said_on(text, speaker="Peskov", cue="said", content="the talks were over") == (PUBLISHED, "published")


def test_a_later_quote_from_a_dated_occasion_takes_its_date() -> None:
    text = (
        "Peskov held a news briefing in Moscow on Monday. "
        "Later, at the briefing, Peskov said the talks were over. "
        "Schumer said the vote was delayed."
    )
    assert said_on(text, speaker="Peskov", cue="said", content="the talks were over") == (dt.date(2023, 12, 4), "day")
    schumer = said_on(text, speaker="Schumer", cue="said", content="the vote was delayed", after=text.index("Schumer"))
    assert schumer == (PUBLISHED, "published")


def test_participants_of_the_event_an_article_opens_with_are_dated_by_it() -> None:
    text = (
        "Senator Alma Reyes and Governor Tom Hale debated the budget Tuesday in Denver. "
        "Reyes said the plan was reckless. "
        "A local economist said the plan would raise rents."
    )
    reyes = said_on(text, speaker="Reyes", cue="said", content="the plan was reckless")
    assert reyes == (dt.date(2023, 12, 5), "day")
    economist = said_on(
        text, speaker="A local economist", cue="said", content="the plan would raise rents", after=text.index("A local")
    )
    assert economist == (PUBLISHED, "published")  # not a participant: maybe said later, elsewhere


def test_a_participle_cue_is_dated_by_the_verb_it_hangs_on() -> None:
    text = "Senator Alma Reyes attacked the budget on Monday, calling it costly and saying the plan was reckless."
    assert said_on(text, speaker="Senator Alma Reyes", cue="saying", content="the plan was reckless") == (
        dt.date(2023, 12, 4),
        "day",
    )


def test_a_participle_after_a_dated_statement_takes_its_date() -> None:
    text = "On Monday, Peskov attacked the plan.\nPeskov said the talks were over, adding that the war would go on."
    claims = [
        claim(text, speaker="Peskov", cue="said", content="the talks were over", after=text.index("\n")),
        claim(text, speaker="Peskov", cue="adding", content="the war would go on", after=text.index("\n")),
    ]
    enrich_claims(english()(text), claims, gazetteer=GAZETTEER, published=PUBLISHED)
    assert [(c.said_on, c.date_precision) for c in claims] == [(dt.date(2023, 12, 4), "day")] * 2
    assert "date: that of 'said', which 'adding' goes with" in claims[1].rationale


# Opening paragraphs that date nothing: what follows is past the article's lede.
PREAMBLE = (
    "The city budget is due in January. It has grown for years.\n"
    "Rents are rising. Buses are late. Schools need repairs.\n"
)


def test_what_a_speaker_said_after_their_dated_doings_in_the_same_passage_is_dated_by_them() -> None:
    text = (
        PREAMBLE + "On Monday night, Reyes attacked the mayor's budget in the chamber.\n"
        "Reyes said the plan was reckless. Schumer said the vote was delayed."
    )
    reyes = said_on(text, speaker="Reyes", cue="said", content="the plan was reckless", after=text.index("Reyes said"))
    assert reyes == (dt.date(2023, 12, 4), "day")
    schumer = said_on(text, speaker="Schumer", cue="said", content="the vote was delayed", after=text.index("Schumer"))
    assert schumer == (PUBLISHED, "published")  # not the one whose doings were dated


def test_a_position_held_up_to_now_is_not_dated_by_the_event_the_article_opens_with() -> None:
    text = (
        "Senator Alma Reyes and Governor Tom Hale debated the budget Tuesday in Denver. "
        "Reyes has said for years that the plan was reckless."
    )
    assert said_on(text, speaker="Reyes", cue="has said", content="the plan was reckless") == (PUBLISHED, "published")


def test_a_title_naming_a_participant_does_not_make_the_speaker_one() -> None:
    text = (
        "Senator Alma Reyes and Governor Tom Hale debated the budget Tuesday in Denver. "
        "Reyes spokesman Tim Cole said the plan was reckless."
    )
    spokesman = said_on(text, speaker="Reyes spokesman Tim Cole", cue="said", content="the plan was reckless")
    assert spokesman == (PUBLISHED, "published")


def test_a_quote_from_an_occasion_the_article_dates_further_on_takes_that_date() -> None:
    text = PREAMBLE + "During the debate, Reyes said the plan was reckless.\nMonday's debate drew a large audience."
    reyes = said_on(text, speaker="Reyes", cue="said", content="the plan was reckless", after=len(PREAMBLE))
    assert reyes == (dt.date(2023, 12, 4), "day")


def test_a_speakers_doings_dated_years_back_are_background_that_dates_nothing_after_them() -> None:
    text = PREAMBLE + "On Nov. 11, 2014, Reyes signed the accord in Beijing.\nReyes said the plan was reckless."
    reyes = said_on(text, speaker="Reyes", cue="said", content="the plan was reckless", after=len(PREAMBLE))
    assert reyes == (PUBLISHED, "published")


def test_the_speakers_latest_dated_doing_dates_what_follows_even_on_the_publication_day() -> None:
    text = PREAMBLE + "On Monday, Reyes visited Denver. On Thursday, Reyes toured a plant.\nReyes said it was reckless."
    reyes = said_on(text, speaker="Reyes", cue="said", content="it was reckless", after=text.index("Reyes said"))
    assert reyes == (PUBLISHED, "day")  # Thursday, the publication day, not Monday


def test_a_programme_called_this_morning_is_no_time_expression() -> None:
    assert date_mentions("Mook told CBS This Morning that the debate mattered.", published=PUBLISHED) == []


def test_the_year_of_a_source_that_speaks_dates_it() -> None:
    text = "A 2014 study by the institute found that fraud was rare."
    study = said_on(text, speaker="A 2014 study by the institute", cue="found", content="that fraud was rare")
    assert study == (dt.date(2014, 1, 1), "year")
    # A year naming something else is no time of saying.
    assert date_mentions("Voters in the 2012 election said the race was close.", published=PUBLISHED) == []


def test_a_headline_is_dated_by_the_news_the_opening_paragraph_dates() -> None:
    text = "Nurses' union endorses Reyes.\n\nA union of nurses endorsed Senator Alma Reyes on Tuesday in Denver."
    assert said_on(text, speaker="Nurses' union", cue="endorses", content="Reyes") == (dt.date(2023, 12, 5), "day")


def test_an_opening_report_in_the_past_by_someone_else_is_not_dated_by_the_next_paragraph(nlp) -> None:  # noqa: ANN001
    text = "Peskov said the talks were not possible.\n\nScholz said on Monday that the war must end."
    result = extract(text, published=PUBLISHED, nlp=nlp)
    assert [(c.said_on, c.date_precision) for c in result.claims] == [
        (PUBLISHED, "published"),
        (dt.date(2023, 12, 4), "day"),
    ]
    # a headline, in the present tense, tells the news the next paragraph dates
    text = "Scholz says the war must end.\n\nScholz said on Monday that the war must end."
    result = extract(text, published=PUBLISHED, nlp=nlp)
    assert [c.said_on for c in result.claims] == [dt.date(2023, 12, 4)] * 2


def test_a_time_adverbial_of_the_reporting_verb_caught_in_the_content_still_dates_it() -> None:
    text = "Reyes cited her endorsements from nurses Tuesday."
    cited = said_on(text, speaker="Reyes", cue="cited", content="her endorsements from nurses Tuesday")
    assert cited == (dt.date(2023, 12, 5), "day")
    text = "Reyes said the mayor collapsed on Tuesday."
    reported = said_on(text, speaker="Reyes", cue="said", content="the mayor collapsed on Tuesday")
    assert reported == (PUBLISHED, "published")


def test_a_role_right_after_a_dated_statement_names_the_one_just_quoted() -> None:
    text = "Reyes said on Monday that the plan was reckless. The former senator said the vote was rigged."
    claims = [
        claim(text, speaker="Reyes", cue="said", content="the plan was reckless"),
        claim(text, speaker="The former senator", cue="said", content="the vote was rigged", after=text.index("The")),
    ]
    assert dates_of(text, claims) == [(dt.date(2023, 12, 4), "day")] * 2


def test_an_organisation_right_after_a_dated_statement_speaks_on_its_own_occasion() -> None:
    text = "Reyes said on Monday that the plan was reckless. The ministry said the strike killed three people."
    claims = [
        claim(text, speaker="Reyes", cue="said", content="the plan was reckless"),
        claim(
            text, speaker="The ministry", cue="said", content="the strike killed three people", after=text.index("The")
        ),
    ]
    assert dates_of(text, claims) == [(dt.date(2023, 12, 4), "day"), (PUBLISHED, "published")]


def test_a_passage_about_a_dated_occasion_dates_the_reports_in_it() -> None:
    text = (
        PREAMBLE + "Monday's debate drew a large audience.\n"
        "For Reyes, the part of the debate on taxes was key. As Hale talked, Reyes attacked the plan.\n"
        "Reyes later attacked the budget."
    )
    attacked = said_on(text, speaker="Reyes", cue="attacked", content="the plan", after=text.index("As Hale"))
    assert attacked == (dt.date(2023, 12, 4), "day")
    # The next paragraph names no occasion: what it reports may come from anywhere.
    later = said_on(text, speaker="Reyes", cue="attacked", content="the budget", after=text.index("Reyes later"))
    assert later == (PUBLISHED, "published")


@pytest.mark.parametrize("cue", ["said at the time", "said then"])
def test_a_report_pointing_back_then_takes_the_date_just_given(cue: str) -> None:
    text = f"Reyes spoke at the convention in July. Reyes {cue} that the plan was reckless."
    dated = said_on(text, speaker="Reyes", cue=cue, content="the plan was reckless", after=text.index("Reyes "))
    assert dated == (dt.date(2023, 7, 1), "month")


def test_the_one_a_headline_puts_at_the_occasion_the_lede_dates_takes_part_in_it() -> None:
    body = "Monday's debate drew a large audience. Taxes came up early.\nReyes said the plan was reckless."
    text = "Reyes stood firm at the debate.\n\n" + body
    reyes = said_on(text, speaker="Reyes", cue="said", content="the plan was reckless", after=text.index("Reyes said"))
    assert reyes == (dt.date(2023, 12, 4), "day")
    # A headline that does not name the occasion puts nobody there.
    text = "Reyes stood firm on taxes.\n\n" + body
    reyes = said_on(text, speaker="Reyes", cue="said", content="the plan was reckless", after=text.index("Reyes said"))
    assert reyes == (PUBLISHED, "published")


def test_a_participle_telling_how_a_dated_doing_was_done_takes_its_date() -> None:
    text = "Senator Alma Reyes answered a nurse Tuesday night by saying the plan was reckless."
    assert said_on(text, speaker="Senator Alma Reyes", cue="saying", content="the plan was reckless") == (
        dt.date(2023, 12, 5),
        "day",
    )
    # After "after", the participle tells of another time.
    text = "Senator Alma Reyes apologized Tuesday night after saying the plan was reckless."
    reyes = said_on(text, speaker="Senator Alma Reyes", cue="saying", content="the plan was reckless")
    assert reyes == (PUBLISHED, "published")


def test_a_report_coordinated_with_a_dated_one_takes_its_date() -> None:
    text = "Reyes said on Monday that the plan was costly, but she denied that it was reckless."
    said = claim(text, speaker="Reyes", cue="said", content="the plan was costly")
    denied = claim(text, speaker="she", cue="denied", content="that it was reckless")
    assert dates_of(text, [said, denied]) == [(dt.date(2023, 12, 4), "day")] * 2


def test_a_report_in_a_when_clause_is_at_the_time_of_what_it_hangs_on() -> None:
    text = "The budget has been news since Monday's vote, when Reyes called the plan reckless."
    assert said_on(text, speaker="Reyes", cue="called", content="the plan reckless") == (dt.date(2023, 12, 4), "day")


def test_a_day_named_from_a_dated_occasion_is_counted_from_its_date() -> None:
    text = (
        PREAMBLE
        + "Monday's debate drew a large audience.\nReyes complained about the lights the morning after the debate."
    )
    complained = said_on(
        text, speaker="Reyes", cue="complained about", content="the lights", after=text.index("Reyes complained")
    )
    assert complained == (dt.date(2023, 12, 5), "day")
    # An occasion nobody dated gives the day nothing to count from.
    text = PREAMBLE + "Reyes complained about the lights the morning after the debate."
    complained = said_on(text, speaker="Reyes", cue="complained about", content="the lights", after=len(PREAMBLE))
    assert complained == (PUBLISHED, "published")


def test_the_following_morning_is_counted_from_the_time_just_given() -> None:
    text = (
        PREAMBLE
        + "Reyes spoke at the convention in July.\nAt a breakfast the following morning, Reyes said it was over."
    )
    reyes = said_on(text, speaker="Reyes", cue="said", content="it was over", after=text.index("At a breakfast"))
    assert reyes == (dt.date(2023, 7, 1), "month")  # the morning after a day in July is still July


def test_the_month_of_the_occasion_dates_what_was_said_at_it() -> None:
    text = "In an August speech, Reyes attacked the plan as reckless."
    attacked = said_on(text, speaker="Reyes", cue="attacked", content="the plan as reckless")
    assert attacked == (dt.date(2023, 8, 1), "month")


def test_an_approximate_count_back_is_no_time_expression() -> None:
    assert date_mentions("The treaty was signed more than 20 years ago.", published=PUBLISHED) == []
    assert [m.text for m in date_mentions("The treaty was signed 20 years ago.", published=PUBLISHED)] == [
        "20 years ago"
    ]


def test_a_when_clause_of_the_reporting_verb_gives_its_time() -> None:
    text = "Few people described Reyes as a reformer when she ran for mayor in 2015."
    described = said_on(text, speaker="Few people", cue="described", content="Reyes as a reformer")
    assert described == (dt.date(2015, 1, 1), "year")


def test_an_occasion_still_to_come_dates_nothing() -> None:
    text = (
        PREAMBLE + "Monday's debate will be the first of three.\nDuring the debate, Reyes said the plan was reckless."
    )
    reyes = said_on(text, speaker="Reyes", cue="said", content="the plan was reckless", after=text.index("During"))
    assert reyes == (PUBLISHED, "published")


def test_a_pronoun_resolved_to_a_name_inside_what_was_said_still_continues_the_speaker() -> None:
    text = "Reyes said on Monday that a rebuke from Tom Hale would not matter. He said the plan was sound."
    second = text.index("He said")
    said = claim(text, speaker="Reyes", cue="said", content="a rebuke from Tom Hale would not matter")
    continued = claim(text, speaker="He", cue="said", content="the plan was sound", antecedent="Tom Hale", after=second)
    assert dates_of(text, [said, continued]) == [(dt.date(2023, 12, 4), "day")] * 2


def test_after_a_passage_about_another_time_the_opening_event_dates_nothing_more() -> None:
    text = (
        "Senator Alma Reyes and Governor Tom Hale debated the budget Tuesday in Denver. "
        "Reyes walked out of the party convention in July.\nReyes said the plan was reckless."
    )
    reyes = said_on(text, speaker="Reyes", cue="said", content="the plan was reckless", after=text.index("Reyes said"))
    assert reyes == (PUBLISHED, "published")


def test_at_the_time_points_back_at_the_statement_just_dated() -> None:
    text = (
        "Reyes spoke at the convention in July.\nAt a breakfast the following morning, Reyes said it was over.\n"
        "Reyes said at the time that she would not back down."
    )
    last = text.index("Reyes said at")
    breakfast = claim(text, speaker="Reyes", cue="said", content="it was over", after=text.index("At a breakfast"))
    then = claim(text, speaker="Reyes", cue="said at the time", content="she would not back down", after=last)
    assert dates_of(text, [breakfast, then]) == [(dt.date(2023, 7, 1), "month")] * 2


def test_a_document_dated_where_it_was_sent_dates_what_it_says() -> None:
    text = (
        PREAMBLE
        + "The city sent a warning letter to the firm on Monday.\n"
        + "The city attorney said in the letter that the ad broke the law."
    )
    said = said_on(
        text, speaker="The city attorney", cue="said", content="that the ad broke the law", after=len(PREAMBLE)
    )
    assert said == (dt.date(2023, 12, 4), "day")


def test_a_date_in_the_name_of_a_thing_is_no_time_of_saying() -> None:
    text = "The union praised Reyes in a statement, citing her work after the Sept. 11 attacks."
    assert said_on(text, speaker="The union", cue="citing", content="her work") == (PUBLISHED, "published")
    text = "Flynn said Wednesday morning on Fox that the generals were right."
    said = said_on(text, speaker="Flynn", cue="said", content="that the generals were right")
    assert said == (dt.date(2023, 12, 6), "day")  # a day part's day still counts


def test_a_story_told_in_the_past_is_dated_by_the_year_its_paragraph_set_it_in() -> None:
    text = (
        "Senator Alma Reyes has been attacking Tom Hale as a fraud, just as she did with Dan Oduya in 2012. "
        "Reyes mocked Oduya for hiding his tax returns."
    )
    after = text.index("Reyes mocked")
    mocked = said_on(text, speaker="Reyes", cue="mocked", content="Oduya for hiding his tax returns", after=after)
    assert mocked == (dt.date(2012, 1, 1), "year")


@pytest.mark.parametrize(
    "text",
    [
        # the time of something the sentence describes, not of the story
        "Reyes dismissed the criticism as the voice of Hale Coal, which filed for bankruptcy in April. "
        "Reyes said the company had misled voters.",
        # last month may still be the news the reaction is to
        "In November, the council approved the budget. Reyes said the company had misled voters.",
        # another paragraph is another story
        "The council approved the budget in 2019.\nReyes said the company had misled voters.",
    ],
)
def test_a_time_that_does_not_set_the_story_leaves_the_published_date(text: str) -> None:
    said = said_on(
        text, speaker="Reyes", cue="said", content="the company had misled voters", after=text.index("Reyes said")
    )
    assert said == (PUBLISHED, "published")


@pytest.mark.parametrize(
    ("sentence", "content", "expected"),
    [
        (
            "Peskov said on Tuesday Russia was ready for talks.",
            "Russia was ready for talks",
            (dt.date(2023, 12, 5), "day"),
        ),
        (
            "Peskov said last week Ukraine needed more shells.",
            "Ukraine needed more shells",
            (dt.date(2023, 11, 27), "week"),
        ),
    ],
)
def test_a_time_right_after_the_verb_dates_the_report_when_no_that_follows(sentence, content, expected, nlp) -> None:  # noqa: ANN001
    result = extract(sentence, published=PUBLISHED, nlp=nlp)
    assert [(c.content.text, c.said_on, c.date_precision) for c in result.claims] == [(content, *expected)]


@pytest.mark.parametrize(
    ("words", "said_on"),
    [
        ("A day earlier, Sikorski said", dt.date(2023, 12, 4)),
        ("Two days earlier, Sikorski said", dt.date(2023, 12, 3)),
        ("The day before, Sikorski said", dt.date(2023, 12, 4)),
        ("Sikorski said a day later", dt.date(2023, 12, 6)),
    ],
)
def test_a_day_counted_from_the_date_just_given_dates_the_report(words, said_on, nlp) -> None:  # noqa: ANN001
    text = f"Kuleba said on Tuesday that Kyiv expected more air defence.\n\n{words} that Warsaw would send aid."
    result = extract(text, published=PUBLISHED, nlp=nlp)
    assert [(c.said_on, c.date_precision) for c in result.claims] == [(dt.date(2023, 12, 5), "day"), (said_on, "day")]


def test_the_speakers_words_quoted_in_the_next_paragraph_take_the_date_of_their_statement(nlp) -> None:  # noqa: ANN001
    text = (
        "Speaking at a briefing on Monday, spokesman Matthew Miller said Washington was consulting allies.\n\n"
        '"We are in close touch with our partners," Miller said.\n\n'
        "Miller said later that a deal was possible."
    )
    result = extract(text, published=PUBLISHED, nlp=nlp)
    monday = (dt.date(2023, 12, 4), "day")
    assert [(c.said_on, c.date_precision) for c in result.claims] == [monday, monday, (PUBLISHED, "published")]


@pytest.mark.parametrize("words", ["Two days after the election, Sikorski said", "A few days earlier, Sikorski said"])
def test_a_day_count_the_text_does_not_give_dates_nothing(words, nlp) -> None:  # noqa: ANN001
    text = f"Kuleba said on Tuesday that Kyiv expected more air defence.\n\n{words} that Warsaw would send aid."
    result = extract(text, published=PUBLISHED, nlp=nlp)
    assert (result.claims[1].said_on, result.claims[1].date_precision) == (PUBLISHED, "published")


def test_a_time_closing_a_thing_asked_for_dates_the_asking_but_not_a_thing_to_do(nlp) -> None:  # noqa: ANN001
    asked = extract("The G7 called for a ceasefire on Tuesday.", published=PUBLISHED, nlp=nlp).claims
    assert [(c.said_on, c.date_precision) for c in asked] == [(dt.date(2023, 12, 5), "day")]
    # the visit is on Friday, not the promise
    promised = extract("The minister promised to visit Kyiv on Friday.", published=PUBLISHED, nlp=nlp).claims
    assert [(c.said_on, c.date_precision) for c in promised] == [(PUBLISHED, "published")]


@pytest.mark.parametrize(
    "sentence",
    [
        'Lawmaker Ivan Petrenko said the bill would "ruin the economy", speaking to reporters on Tuesday.',
        "The ministry spokesman said a truce was still possible, speaking at a weekly briefing in Doha on Tuesday.",
    ],
)
def test_a_closing_participle_of_speaking_dates_the_report(sentence, nlp) -> None:  # noqa: ANN001
    result = extract(sentence, published=PUBLISHED, nlp=nlp)
    assert [(c.cue.text, c.said_on, c.date_precision) for c in result.claims] == [("said", dt.date(2023, 12, 5), "day")]


def test_a_closing_participle_of_another_act_does_not_date_the_report(nlp) -> None:  # noqa: ANN001
    text = "The agency said the plant was closed, citing a notice issued by the operator on Tuesday."
    said = [c for c in extract(text, published=PUBLISHED, nlp=nlp).claims if c.cue.text == "said"]
    assert [(c.said_on, c.date_precision) for c in said] == [(PUBLISHED, "published")]


def test_a_bodys_spokesman_and_the_briefings_questions_and_answers_take_the_day_the_body_spoke(nlp) -> None:  # noqa: ANN001
    text = (
        'The Kremlin on Tuesday dismissed the peace plan as "absurd".\n\n'
        "Speaking to reporters on a conference call, Kremlin spokesman Dmitry Peskov said the plan could not be "
        "a basis for talks.\n\n"
        '"Is there any chance of talks this year?" a reporter asked.\n\n'
        '"At the moment, none," Peskov replied.\n\n'
        "A Ukrainian official told Reuters the reaction had been expected.\n"
    )
    result = extract(text, published=PUBLISHED, nlp=nlp)
    dated = {c.cue.text: (c.said_on, c.date_precision) for c in result.claims}
    tuesday = (dt.date(2023, 12, 5), "day")
    assert dated["said"] == dated["asked"] == dated["replied"] == tuesday
    assert dated["told"] == (PUBLISHED, "published")  # someone else, later


def test_the_one_met_or_called_on_a_dated_day_spoke_there(nlp) -> None:  # noqa: ANN001
    text = (
        "The secretary of state spoke with Foreign Minister Wang Yi by phone on Tuesday about shipping.\n\n"
        "Wang told him that Washington should stop smearing Beijing.\n"
    )
    result = extract(text, published=PUBLISHED, nlp=nlp)
    told = next(c for c in result.claims if c.cue.text == "told")
    assert (told.said_on, told.date_precision) == (dt.date(2023, 12, 5), "day")


def test_someone_held_on_a_dated_day_did_not_take_part_in_a_meeting(nlp) -> None:  # noqa: ANN001
    text = (
        "Police held the protest leader for six hours on Tuesday.\n\nThe protest leader said the talks were a sham.\n"
    )
    said = [c for c in extract(text, published=PUBLISHED, nlp=nlp).claims if c.cue.text == "said"]
    assert [(c.said_on, c.date_precision) for c in said] == [(PUBLISHED, "published")]


@pytest.mark.parametrize(
    ("sentence", "content", "said_on"),
    [
        (
            "The ministry said in a statement released on Monday that Washington was committed to the talks.",
            "that Washington was committed to the talks",
            dt.date(2023, 12, 4),
        ),
        (
            "The premier said in a video posted on Facebook on Tuesday evening that Hungary would not send weapons.",
            "that Hungary would not send weapons",
            dt.date(2023, 12, 5),
        ),
    ],
)
def test_the_occasions_own_participle_neither_takes_the_report_nor_loses_its_date(
    sentence: str, content: str, said_on: dt.date, nlp
) -> None:  # noqa: ANN001
    result = extract(sentence, published=PUBLISHED, nlp=nlp)
    assert [(c.cue.text, c.content.text, c.said_on) for c in result.claims] == [("said", content, said_on)]
