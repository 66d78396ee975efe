"""Hand-written word lists for attribution cues, speakers and pronouns (no corpus text, no trained weights)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs of saying: a claim's strongest signal. Lemmas, matched on spaCy's lemma.
SPEECH_VERBS = _words(
    """
    say tell add note stress warn ask write tweet announce suggest argue insist deny claim explain state
    declare reply respond answer comment remark acknowledge admit assert contend report confirm concede
    conclude emphasize emphasise repeat reiterate recall predict promise pledge vow caution complain testify
    allege observe counter retort joke quip boast agree estimate indicate reveal disclose hint imply urge
    demand propose recommend threaten charge accuse mention post describe inform assure remind advise
    speculate lament concur proclaim muse blog email text continue wonder question swear guarantee signal
    forecast project reckon point underline underscore recount relate narrate elaborate clarify reason
    maintain tout brag protest object plead stipulate specify decry affirm reaffirm posit theorize theorise
    counsel preach opine editorialize editorialise speak call
    """
)

# Verbs of saying that introduce a verbatim quotation after them ("he said: “…”", "she tweeted “…”").
QUOTING_VERBS = _words(
    """
    say tell add ask write tweet state explain reply respond answer declare continue note warn insist argue
    quip joke remark comment conclude recall stress emphasize emphasise proclaim post announce claim admit
    acknowledge concede counter retort observe muse wonder assert testify plead vow promise predict report
    text email boast brag lament complain caution repeat reiterate demand charge protest recount reason clarify
    elaborate suggest
    """
)

# Verbs whose object noun phrase is what was said: "commended Hungary's willingness", "denied the report".
NP_CONTENT_VERBS = _words(
    """
    announce deny propose confirm predict mention cite describe question acknowledge admit commend praise
    criticize criticise condemn blast slam attack reject denounce endorse blame accuse demand recommend
    promise vow decry applaud hail laud lambast chide rebuke mock deride disparage tout urge warn
    concede stress claim note report say show find proclaim declare explain repeat reiterate tweet express
    """
)

# Attitude verbs: weaker evidence that a position was stated, so they carry a lower confidence.
BELIEF_VERBS = _words(
    """
    believe fear worry doubt suspect predict
    """
)

# Findings of studies, polls and documents ("the poll shows that …").
FINDING_VERBS = _words(
    """
    show find indicate suggest reveal conclude estimate project document
    """
)

# Sources allowed to "show"/"find": an inanimate subject of these verbs is a data source, not commentary.
FINDING_SOURCES = _words(
    """
    poll polls survey surveys study studies report reports data analysis research figures numbers statistics
    review audit investigation document documents records record memo letter email emails filing filings
    complaint ruling court census count tally results evidence findings news footage video videos
    ad ads tweet tweets post posts column editorial article story book speech statement release submission
    filing brief spot commercial message letter campaign transcript transcripts slide slides average averages
    polling judge panel jury authors researchers analysts inquiry probe assessment estimate estimates projection
    projections model models forecast database tracker index
    """
)

# Prepositions that attach the thing said to a verb: "called for X", "warned of X", "spoke about X".
CONTENT_PREPOSITIONS: dict[str, frozenset[str]] = {
    "call": frozenset({"for", "on"}),
    "point": frozenset({"to", "out"}),
    "warn": frozenset({"of", "about", "against"}),
    "speak": frozenset({"of", "about"}),
    "complain": frozenset({"about", "of"}),
    "ask": frozenset({"for", "about"}),
    "comment": frozenset({"on"}),
    "argue": frozenset({"for", "against"}),
    "insist": frozenset({"on"}),
    "push": frozenset({"for"}),
    "advocate": frozenset({"for"}),
    "plead": frozenset({"for"}),
    "rail": frozenset({"against"}),
    "testify": frozenset({"about", "on"}),
    "boast": frozenset({"about", "of"}),
    "brag": frozenset({"about"}),
    "joke": frozenset({"about"}),
    "respond": frozenset({"with", "by"}),
}

# Verbs whose bare form is a cue only with a content preposition, a clause or a quote ("called the police" is not).
NEEDS_CLAUSE_OR_PREP = frozenset({"call", "point", "speak", "talk", "continue", "text", "post", "rule", "order"})

# Verbs that do not report speech when they head a "to"-infinitive the cue sits in ("planned to say").
IRREALIS_HEADS = _words(
    """
    plan intend want hope expect schedule prepare aim try attempt seek refuse decline wish need have
    """
)

# "In his view", "in the opinion of X", "X's position is that".
VIEW_NOUNS = _words(
    """
    view opinion words estimation judgment judgement assessment eyes mind telling account reckoning
    """
)
POSITION_NOUNS = _words(
    """
    position view argument belief contention claim assessment stance opinion conclusion message point
    """
)

# Nouns of saying that take what was said as a that-clause: "Trump's claim that …", "a Times report that …".
REPORT_NOUNS = _words(
    """
    claim assertion statement report warning promise pledge suggestion insistence allegation accusation
    announcement prediction admission contention vow remark argument
    """
)

# Nouns of saying whose topic follows "about"/"on" when a possessive names the speaker: "Trump's comments about …".
TOPIC_REPORT_NOUNS = _words(
    """
    claim comment remark statement testimony complaint warning
    """
)

PERSONAL_PRONOUNS = _words(
    """
    he she they it i we you who whom which that him her them us me
    """
)
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
MALE_TITLES = frozenset({"mr.", "mr", "sir", "lord", "king", "prince", "father", "brother", "uncle", "mister"})
FEMALE_TITLES = frozenset(
    {"mrs.", "mrs", "ms.", "ms", "miss", "madam", "lady", "queen", "princess", "mother", "sister", "aunt", "dame"}
)
MALE_NOUNS = _words(
    """
    spokesman chairman congressman man boy husband father son brother businessman anchorman
    """
)
FEMALE_NOUNS = _words(
    """
    spokeswoman chairwoman congresswoman woman girl wife mother daughter sister businesswoman
    """
)

# Nouns that denote people or bodies who can say something.
PERSON_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson official officials source sources analyst analysts expert experts
    critic critics lawmaker lawmakers senator senators president minister secretary leader leaders adviser
    advisers advisor advisors aide aides diplomat diplomats commander commanders officer officers general
    spokesmen spokespeople representative representatives chairman chairwoman chair director executive
    executives governor mayor candidate nominee campaign committee government administration ministry
    department agency office party parliament council court judge judges prosecutor prosecutors attorney
    attorneys lawyer lawyers economist economists scientist scientists researcher researchers professor
    observer observers member members people residents voters supporters opponents activists protesters
    witnesses witness authorities police military army side team staff statement statements report reports
    newspaper media outlet kremlin white house pentagon man woman resident voter supporter activist strategist
    strategists pollster pollsters organizer organizers group groups union unions company companies firm bank
    ceo founder host moderator narrator author authors writer columnist editor editors correspondent reporter
    reporters journalist journalists poll survey study data figures association coalition alliance foundation
    institute center centre organization organisation congress senate democrats republicans negotiator
    negotiators envoy ambassador delegation delegate delegates chancellor premier king queen prince pope
    bishop cleric commissioner regulator regulators inspector auditor investigators investigator doctor
    doctors nurse teacher student students worker workers employee employees owner owners family families
    mother father son daughter wife husband friend friends neighbor neighbours colleague colleagues partner
    partners ally allies insider insiders
    """
)

# People nouns: a "he" or "she" can point back to these ("the president", "the highest-ranking prosecutor").
HUMAN_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson official analyst expert critic lawmaker senator president minister
    secretary leader adviser advisor aide diplomat commander officer general chairman chairwoman chair director
    executive governor mayor candidate nominee judge prosecutor attorney lawyer economist scientist researcher
    professor observer member resident voter supporter opponent activist protester witness man woman strategist
    pollster organizer ceo founder host moderator narrator author writer columnist editor correspondent reporter
    journalist negotiator envoy ambassador delegate chancellor premier king queen prince pope bishop cleric
    commissioner regulator inspector auditor investigator doctor nurse teacher student worker employee owner
    mother father son daughter wife husband friend neighbor neighbour colleague partner ally insider physician
    surgeon historian scholar pastor priest rabbi imam veteran soldier sheriff chief captain detective agent
    representative congressman congresswoman businessman businesswoman billionaire speaker manager boss
    official officer person citizen victim survivor lawmaker legislator politician candidate nominee incumbent
    """
)

# Bodies and documents: an "it" or "they" can point back to these ("the campaign", "the ministry").
GROUP_NOUNS = _words(
    """
    campaign government administration ministry department agency office party parliament council court
    committee congress senate house military army police company firm bank union group coalition alliance
    foundation institute center centre organization organisation poll survey study report newspaper
    statement side team staff authorities kremlin media outlet network board commission panel bureau
    service industry association council cabinet regime country nation city
    """
)

# Proper nouns that never speak: days and months are parsed as names ("Friday said" never happens).
CALENDAR_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today tonight yesterday
    """
)

# Titles before a name that mark a person of either gender: "Sen. Warren", "President Obama".
PERSON_TITLES = _words(
    """
    sen. sen senator rep. rep representative gov. gov governor president pres. vice mayor judge justice dr. dr
    prof. professor gen. general col. lt. capt. sgt. adm. secretary minister chancellor premier ambassador
    rev. reverend father sister brother chief spokesman spokeswoman spokesperson analyst director chairman
    chairwoman leader commissioner attorney lawyer economist
    """
)

# Words that lead a name chain but are not part of the name: "Republican Donald Trump", "Crooked Hillary".
AFFILIATIONS = _words(
    """
    republican republicans democrat democratic gop libertarian conservative liberal independent crooked lyin
    former retired late then-president then-candidate u.s. american rival
    """
)
