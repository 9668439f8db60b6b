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
GENERIC = frozenset(
    {"you", "one", "it", "this", "these", "those", "everyone", "everybody", "anyone", "nobody"}
)

# Titles and nouns that tell a person's gender: "Prince Harry", "the duchess", "Mrs. Clinton", "his wife".
MALE_WORDS = frozenset(
    ["mr", "mr.", "sir", "lord", "king", "prince", "duke", "earl", "baron", "count", "emperor", "sultan", "sheikh", "pope", "father", "brother", "son", "husband", "boyfriend", "man", "gentleman", "boy", "uncle", "nephew", "grandfather", "grandson", "dad", "daddy", "monk", "priest", "chairman", "congressman", "councilman", "spokesman", "businessman", "sportsman", "statesman", "fireman", "policeman", "actor", "waiter", "steward", "emir", "tsar", "czar", "archbishop", "bishop", "mister", "widower", "fiance", "groom"]
)
FEMALE_WORDS = frozenset(
    ["mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "lady", "queen", "princess", "duchess", "countess", "baroness", "empress", "dame", "mother", "sister", "daughter", "wife", "girlfriend", "woman", "girl", "aunt", "niece", "grandmother", "granddaughter", "mom", "mum", "mummy", "nun", "chairwoman", "congresswoman", "councilwoman", "spokeswoman", "businesswoman", "sportswoman", "stateswoman", "actress", "waitress", "stewardess", "widow", "fiancee", "bride", "first-lady"]
)
# Titles that stand before a name without telling its gender ("Sen. Kaine", "President Obama").
TITLE_WORDS = frozenset(
    ["president", "vice", "senator", "sen.", "sen", "rep.", "rep", "representative", "governor", "gov.", "gov", "mayor", "secretary", "minister", "prime", "chancellor", "judge", "justice", "dr.", "dr", "doctor", "professor", "prof.", "prof", "general", "gen.", "colonel", "col.", "captain", "capt.", "sergeant", "sgt.", "officer", "lieutenant", "lt.", "ambassador", "commissioner", "chief", "director", "speaker", "leader", "attorney", "detective", "inspector", "coach", "candidate", "nominee", "sheriff", "chair"]
)
# Last words of a name that make it an organisation whatever the NER said ("Al-Shifa Hospital").
ORG_WORDS = frozenset(
    ["hospital", "clinic", "university", "college", "school", "institute", "institution", "ministry", "department", "agency", "council", "committee", "commission", "party", "bank", "group", "inc", "inc.", "corp", "corp.", "corporation", "company", "co.", "ltd", "llc", "foundation", "association", "union", "federation", "church", "court", "office", "bureau", "authority", "army", "police", "force", "forces", "government", "administration", "parliament", "congress", "senate", "assembly", "center", "centre", "fund", "trust", "network", "service", "services", "board", "league", "club", "team", "organization", "organisation", "society", "alliance", "coalition", "campaign", "movement", "front", "press", "times", "post", "news"]
)
# Nouns that name people (for unnamed voices that are not in `ANONYMOUS_WORDS`).
PERSON_NOUNS = frozenset(
    ["leader", "leaders", "chief", "head", "president", "senator", "governor", "mayor", "minister", "secretary", "lawmaker", "lawmakers", "legislator", "legislators", "candidate", "nominee", "voter", "voters", "citizen", "citizens", "resident", "residents", "worker", "workers", "doctor", "doctors", "nurse", "nurses", "lawyer", "lawyers", "attorney", "prosecutor", "prosecutors", "judge", "police", "activist", "activists", "critic", "critics", "supporter", "supporters", "opponent", "opponents", "protester", "protesters", "student", "students", "teacher", "teachers", "parent", "parents", "patient", "patients", "victim", "victims", "survivor", "survivors", "friend", "friends", "neighbor", "neighbors", "neighbour", "neighbours", "colleague", "colleagues", "family", "relative", "relatives", "authorities", "government", "administration", "campaign", "committee", "panel", "agency", "ministry", "department", "team", "company", "firm", "group", "coalition", "party", "prince", "princess", "duke", "duchess", "king", "queen", "royal", "royals", "couple", "historian", "scientist", "scientists", "economist", "economists", "researcher", "researchers", "scholar", "professor", "director", "manager", "owner", "founder", "executive", "executives", "chairman", "chairwoman", "ceo", "investor", "investors", "farmer", "farmers", "soldier", "soldiers", "troops", "commander", "commanders", "militant", "militants", "fighter", "fighters", "rebel", "rebels", "negotiator", "negotiators", "envoy", "envoys", "delegate", "delegates", "representative", "representatives", "man", "men", "woman", "women", "boy", "girl", "child", "children", "mother", "father", "wife", "husband", "son", "daughter", "sister", "brother", "fan", "fans", "player", "players", "coach", "mp", "mps"]
)

# Cue lemmas beyond `rules.CUE_VERBS` that are speech, thought or writing: acts of saying something about
# someone ("criticized", "praised", "called ... a liar"), of taking a stand ("endorsed", "opposed") and of
# writing ("published", "emailed"). The broad candidates of the learned mode take any verb; a candidate whose
# cue is in neither list is not speech ("United States recorded '467,000 cases'", "Brad Pitt picked 'another
# trophy'", "offered a plan") and is dropped. Chosen by hand from the non-lexicon cue lemmas that PolNeAR
# train annotates as attributions (those of at least 4 candidates), keeping the verbs of speech, thought and
# writing and leaving out verbs of action ("make", "offer", "release", "vote", "sign", "hire", "use").
ATTITUDE_CUES = frozenset(
    ["call", "endorse", "support", "criticize", "criticise", "point", "talk", "defend", "refer", "discuss", "express", "back", "attack", "praise", "speak", "oppose", "hop", "hope", "reject", "blame", "denounce", "blast", "dismiss", "address", "highlight", "mock", "slam", "tout", "share", "challenge", "favor", "favour", "portray", "comment", "condemn", "list", "answer", "name", "convince", "voice", "thank", "embrace", "promote", "encourage", "remember", "press", "publish", "quote", "advocate", "applaud", "echo", "seem", "decry", "demonstrate", "prefer", "compare", "email", "detail", "deem", "contrast", "reference", "invoke", "view", "persuade", "underscore", "like", "expose", "identify", "outline", "sound", "present", "credit", "welcome", "retweet", "retweete", "chant", "congratulate", "vouch", "assail", "chide", "bemoan", "apologize", "apologise", "hail", "dispute", "paint", "knock", "decline", "request", "champion", "label", "hammer", "imagine", "insult", "interject", "downplay", "characterize", "characterise", "rebuke", "frame", "notice", "describe", "brand", "question", "see", "appear", "lambaste", "ridicule", "scold", "berate", "applaud", "commend", "laud", "salute", "celebrate", "thank", "blame", "fault", "accuse", "chastise", "reassure", "argue", "tweet", "post", "text", "write", "sing", "preach", "lecture", "shout", "yell", "scream", "whisper", "mutter", "cry", "exclaim", "lambast", "savage", "bash", "trash", "jab", "rip", "refute", "utter", "recite", "repudiate", "renounce", "deride", "herald", "trumpet", "reprimand", "evince", "regard", "love", "hate", "relish", "approve", "disagree", "protest", "plead", "cheer", "weigh", "touch", "spell", "document"]
)
# Light verbs ("offered", "made", "delivered", "issued", "cast") are speech when their object is a speech
# noun: "offered his condolences", "delivered a speech", "issued a statement", "cast doubt on", "made the case".
LIGHT_VERBS = frozenset(
    ["offer", "make", "deliver", "issue", "release", "cast", "lay", "give", "raise", "put", "send", "file", "publish", "post", "draw", "level", "pose", "extend", "pay", "sound", "spell", "set"]
)
SPEECH_NOUNS = frozenset(
    ["statement", "statements", "speech", "speeches", "remark", "remarks", "comment", "comments", "praise", "criticism", "support", "condolence", "condolences", "doubt", "doubts", "warning", "warnings", "apology", "message", "messages", "plea", "appeal", "argument", "arguments", "point", "points", "pitch", "promise", "promises", "pledge", "vision", "defense", "defence", "rebuttal", "response", "reply", "answer", "answers", "endorsement", "assessment", "prediction", "forecast", "claim", "claims", "accusation", "accusations", "charge", "charges", "threat", "threats", "vow", "insult", "insults", "attack", "attacks", "joke", "jokes", "quip", "explanation", "account", "testimony", "address", "sermon", "lecture", "interview", "tweet", "tweets", "post", "posts", "letter", "note", "memo", "essay", "column", "report", "book", "ad", "ads", "advertisement", "announcement", "declaration", "denial", "admission", "confession", "concern", "concerns", "objection", "objections", "opinion", "opinions", "view", "views", "thought", "thoughts", "hope", "hopes", "fear", "fears", "assurance", "assurances", "reassurance", "guarantee", "congratulations", "thanks", "tribute", "compliment", "compliments", "critique", "rebuke", "caution", "reminder", "suggestion", "suggestions", "recommendation", "advice", "call", "calls", "question", "questions", "detail", "details", "outline", "blueprint", "agenda", "platform", "proposal", "proposals", "idea", "ideas", "explanation", "excuse", "excuses", "reason", "reasons", "evidence", "rationale", "justification", "verdict", "judgment", "judgement", "warning", "opinion", "slogan", "line", "lines", "story", "stories", "anecdote", "words", "word"]
) | {"case"}  # "made the case", with a light verb only ("recorded 467,000 cases" is no speech)
# "calls <noun>" without a predicate ("a report calls the Office for Students") names or phones: not speech.
NAMING_ONLY = frozenset({"call", "name", "label", "brand"})
