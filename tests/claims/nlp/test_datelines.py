"""Datelines ("LONDON, Feb 20 (Reuters) - ") are where a story was filed: never a speaker, an antecedent or content."""

import pytest

from claims.nlp.datelines import dateline_end
from claims.nlp.pipeline import extract


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("LONDON, Feb 20 (Reuters) - Sunak said", "LONDON, Feb 20 (Reuters) - "),
        ("KYIV, Ukraine (AP) \u2014 Ukraine said", "KYIV, Ukraine (AP) \u2014 "),
        ("MOSCOW, December 5. /TASS/. Russia will", "MOSCOW, December 5. /TASS/. "),
        ("RIO DE JANEIRO (Reuters) - Lula said", "RIO DE JANEIRO (Reuters) - "),
        ("GENEVA, 5 March (AFP) \u2013 The talks", "GENEVA, 5 March (AFP) \u2013 "),
        ("WASHINGTON \u2014 The Senate voted", "WASHINGTON \u2014 "),
        # no dateline: a headline, a title and name, a speaker's colon
        ("NATO chief says alliance will help - report", None),
        ("UN Secretary General Antonio Guterres - who spoke Monday - said", None),
        ("Peskov: Russia will not allow it", None),
        ("ISIS \u2013 the militant group \u2013 claimed responsibility", None),
        ("U.S. - China trade talks resumed on Tuesday", None),
    ],
)
def test_a_dateline_is_the_place_date_and_agency_up_to_the_dash(text, dateline):
    end = dateline_end(text)
    assert (text[:end] if end is not None else None) == dateline


def test_the_sentence_after_a_dateline_has_its_own_speaker_and_a_pronoun_never_points_at_the_place(nlp):
    text = (
        "LONDON, Feb 20 (Reuters) - British Prime Minister Rishi Sunak said Britain would send more drones.\n\n"
        "KYIV (Reuters) - Ukraine's military said it had shot down 20 drones. It said two people were injured.\n\n"
        'JERUSALEM, May 6 (Reuters) - "We will not agree to end the war," Netanyahu said.'
    )
    claims = extract(text, published=None, nlp=nlp).claims
    found = [
        (c.speaker.text, c.speaker_antecedent.text if c.speaker_antecedent else None, c.content.text) for c in claims
    ]
    assert found == [
        ("British Prime Minister Rishi Sunak", None, "Britain would send more drones"),
        ("Ukraine's military", None, "it had shot down 20 drones"),
        ("It", "Ukraine's military", "two people were injured"),
        ("Netanyahu", None, '"We will not agree to end the war,"'),
    ]
