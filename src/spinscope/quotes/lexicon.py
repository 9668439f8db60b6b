"""Word lists of the quotes layer: what kind of speaker a noun names, gendered titles and nouns, words of
organisations, and the cue verbs that are speech, thought or writing.

Hand-written; the cue-verb split was checked against the cue lemmas of PolNeAR train (see the model card).
"""

from __future__ import annotations

DOCUMENT_WORDS = frozenset(
    [
        "report",
        "study",
        "poll",
        "survey",
        "statement",
        "document",
        "letter",
        "memo",
        "data",
        "analysis",
        "filing",
        "website",
        "tweet",
        "email",
        "book",
        "article",
        "paper",
        "release",
        "transcript",
        "record",
        "records",
        "complaint",
        "lawsuit",
        "suit",
        "indictment",
        "ruling",
        "order",
        "affidavit",
        "testimony",
        "research",
        "findings",
        "estimate",
        "estimates",
        "figures",
        "numbers",
        "census",
        "audit",
        "review",
        "investigation",
        "inquiry",
        "assessment",
        "forecast",
        "projection",
        "polls",
        "surveys",
        "studies",
        "reports",
        "documents",
        "emails",
        "statements",
        "video",
        "footage",
        "ad",
        "advertisement",
        "post",
        "message",
        "note",
    ]
)
OUTLET_WORDS = frozenset(
    [
        "correspondent",
        "reporter",
        "newspaper",
        "paper",
        "journalist",
        "outlet",
        "network",
        "broadcaster",
        "agency",
        "channel",
        "magazine",
        "editorial",
        "columnist",
        "anchor",
        "editor",
        "station",
        "daily",
        "tabloid",
    ]
)
OUTLET_NAME_WORDS = frozenset(
    [
        "Post",
        "Times",
        "News",
        "Press",
        "Journal",
        "Tribune",
        "Herald",
        "Guardian",
        "Telegraph",
        "Reuters",
        "AP",
        "AFP",
        "CNN",
        "BBC",
        "MSNBC",
        "NBC",
        "CBS",
        "ABC",
        "Fox",
        "Politico",
        "Breitbart",
        "Bloomberg",
        "Axios",
        "Gazette",
        "Globe",
        "Chronicle",
        "Observer",
        "Mirror",
        "Sun",
        "Daily",
        "Magazine",
        "Weekly",
        "Agency",
        "Radio",
        "TV",
        "Television",
        "Network",
        "Monitor",
        "Examiner",
        "Inquirer",
        "Courier",
        "Register",
    ]
)
ANONYMOUS_WORDS = frozenset(
    [
        "source",
        "sources",
        "official",
        "officials",
        "member",
        "members",
        "aide",
        "aides",
        "insider",
        "insiders",
        "person",
        "people",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "staffer",
        "staffers",
        "diplomat",
        "diplomats",
        "employee",
        "employees",
        "officer",
        "officers",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "observer",
        "observers",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "someone",
        "somebody",
        "individual",
        "individuals",
        "man",
        "woman",
    ]
)
GROUP_NORMAL = frozenset({"people", "residents", "citizens", "voters", "members", "supporters", "protesters"})
MALE = frozenset({"he", "him", "his"})
FEMALE = frozenset({"she", "her"})
PLURAL = frozenset({"they", "them"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
GENERIC = frozenset({"you", "one", "it", "this", "these", "those", "everyone", "everybody", "anyone", "nobody"})

# Titles and nouns that tell a person's gender: "Prince Harry", "the duchess", "Mrs. Clinton", "his wife".
MALE_WORDS = frozenset(
    """mr mr. sir lord king prince duke earl baron count emperor sultan sheikh pope father brother son
    husband boyfriend man gentleman boy uncle nephew grandfather grandson dad daddy monk priest chairman
    congressman councilman spokesman businessman sportsman statesman fireman policeman actor waiter
    steward emir tsar czar archbishop bishop mister widower fiance groom""".split()
)
FEMALE_WORDS = frozenset(
    """mrs mrs. ms ms. miss madam madame lady queen princess duchess countess baroness empress dame
    mother sister daughter wife girlfriend woman girl aunt niece grandmother granddaughter mom mum mummy
    nun chairwoman congresswoman councilwoman spokeswoman businesswoman sportswoman stateswoman actress
    waitress stewardess widow fiancee bride first-lady""".split()
)
# Titles that stand before a name without telling its gender ("Sen. Kaine", "President Obama").
TITLE_WORDS = frozenset(
    """president vice senator sen. sen rep. rep representative governor gov. gov mayor secretary minister
    prime chancellor judge justice dr. dr doctor professor prof. prof general gen. colonel col. captain
    capt. sergeant sgt. officer lieutenant lt. ambassador commissioner chief director speaker leader
    attorney detective inspector coach candidate nominee sheriff chair""".split()
)
# Last words of a name that make it an organisation whatever the NER said ("Al-Shifa Hospital").
ORG_WORDS = frozenset(
    """hospital clinic university college school institute institution ministry department agency
    council committee commission party bank group inc inc. corp corp. corporation company co. ltd llc
    foundation association union federation church court office bureau authority army police force
    forces government administration parliament congress senate assembly center centre fund trust
    network service services board league club team organization organisation society alliance
    coalition campaign movement front press times post news""".split()
)
# Nouns that name people (for unnamed voices that are not in `ANONYMOUS_WORDS`).
PERSON_NOUNS = frozenset(
    """leader leaders chief head president senator governor mayor minister secretary lawmaker lawmakers
    legislator legislators candidate nominee voter voters citizen citizens resident residents worker
    workers doctor doctors nurse nurses lawyer lawyers attorney prosecutor prosecutors judge police
    activist activists critic critics supporter supporters opponent opponents protester protesters
    student students teacher teachers parent parents patient patients victim victims survivor survivors
    friend friends neighbor neighbors neighbour neighbours colleague colleagues family relative relatives
    authorities government administration campaign committee panel agency ministry department team
    company firm group coalition party prince princess duke duchess king queen royal royals couple
    historian scientist scientists economist economists researcher researchers scholar professor
    director manager owner founder executive executives chairman chairwoman ceo investor investors
    farmer farmers soldier soldiers troops commander commanders militant militants fighter fighters
    rebel rebels negotiator negotiators envoy envoys delegate delegates representative representatives
    man men woman women boy girl child children mother father wife husband son daughter sister brother
    fan fans player players coach mp mps""".split()
)

# Cue lemmas of the broad candidates that are not speech, thought or writing: "United States recorded
# '467,000 cases'", "Brad Pitt picked 'another trophy'". The learned filter keeps some of them because
# PolNeAR annotates attitudes; a voice is only given words it said, thought or wrote.
SPEECH_CUES_EXTRA = frozenset(
    """call criticize criticise praise blame defend endorse support oppose reject dismiss condemn
    attack slam blast accept embrace challenge dispute describe label brand characterize characterise
    insist decry denounce welcome applaud hail""".split()
)
