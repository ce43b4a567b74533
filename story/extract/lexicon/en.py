"""The English cue lexicon, as data: speech verbs and participles, refusals, complementizers,
prepositions, fillers, role words, abbreviations."""

from __future__ import annotations

EN_VERBS: dict[str, str] = {
    # form: flags
    "said": "",
    "says": "",
    "told": "",
    "tells": "",
    "added": "cont",
    "adds": "cont",
    "stated": "",
    "denied": "",
    "denies": "",
    "warned": "",
    "warns": "",
    "noted": "",
    "stressed": "",
    "stresses": "",
    "insisted": "",
    "insists": "",
    "announced": "",
    "announces": "",
    "claimed": "",
    "explained": "",
    "explains": "",
    "argued": "",
    "argues": "",
    "asserted": "",
    "confirmed": "",
    "confirms": "",
    "affirmed": "",
    "acknowledged": "",
    "admitted": "",
    "emphasized": "",
    "emphasised": "",
    "maintained": "",
    "reiterated": "",
    "wrote": "",
    "tweeted": "",
    "declared": "",
    "threatened": "strict",
    "vowed": "",
    "pledged": "",
    "promised": "",
    "cautioned": "",
    "conceded": "",
    "replied": "strict",
    "responded": "strict",
    "continued": "strict cont",
    "reported": "",
    "reports": "",
}

# Readout and joint-statement verbs: the object is the statement ("reaffirmed their commitment").
EN_VERBS.update(
    dict.fromkeys(
        "reaffirmed reaffirms underscored underscores discussed agreed expressed highlighted "
        "commended encouraged conveyed recognized recognised urged congratulated thanked "
        "applauded praised committed accused blamed condemned welcomed welcomes".split(),
        "",
    )
)


EN_PARTICIPLES = {
    "adding",
    "saying",
    "noting",
    "stressing",
    "warning",
    "insisting",
    "explaining",
    "arguing",
    "denying",
    "claiming",
    "vowing",
    "pledging",
    "asserting",
    "acknowledging",
    "admitting",
    "emphasizing",
    "emphasising",
    "stating",
    "cautioning",
}


EN_PARTICIPLES |= set("underscoring reaffirming highlighting urging calling".split())

EN_TWO_WORD = {
    ("pointed", "out"): "",
    ("points", "out"): "",
    ("went", "on"): "strict cont",
    ("exchanged", "views"): "",
    ("made", "clear"): "",
    ("called", "for"): "",
    ("called", "on"): "",
}


EN_TWO_WORD_PART = {("pointing", "out")}


EN_REFUSE = {"declined", "refused", "declines", "refuses", "decline", "refuse"}


EN_REFUSE_OBJ = {"comment", "respond", "elaborate", "answer", "discuss"}


EN_COMP = {"that"}


# "what that success says", "about that": a "that" after these is a determiner or pronoun.
EN_COMP_BLOCK = {
    "what", "about", "of", "in", "on", "at", "with", "for", "from", "by", "like", "than",
    "all", "is", "was", "to", "into", "after", "before", "do", "did", "does",
}


# "it says a lot about", "said nothing", "speaks volumes": an amount, not a statement.
EN_AMOUNT_OBJECTS = {
    "lot", "much", "little", "volumes", "something", "nothing", "anything", "everything",
    "more", "less", "so",
}


EN_PREPS = {
    "to",
    "from",
    "with",
    "by",
    "for",
    "at",
    "in",
    "on",
    "about",
    "against",
    "between",
    "among",
    "during",
    "after",
    "before",
    "following",
    "into",
    "over",
    "under",
    "via",
    "of",
}


EN_FILLERS = {
    "also",
    "later",
    "earlier",
    "again",
    "then",
    "further",
    "previously",
    "repeatedly",
    "today",
    "yesterday",
    "recently",
    "separately",
    "however",
    "too",
    "once",
}


EN_POSSESSIVE = {"his", "her", "its", "their"}


EN_PRONOUN = {"he", "she", "they", "it", "we", "i"}


EN_BREAK = {"according", "while", "whereas", "but", "although", "though", "which", "as"}


EN_SPEECH_NOUNS = {
    "statement",
    "remarks",
    "comments",
    "words",
    "interview",
    "tweet",
    "post",
    "speech",
    "letter",
    "briefing",
    "testimony",
    "message",
}


EN_CHANNEL = {
    "statement",
    "tweet",
    "post",
    "briefing",
    "conference",
    "interview",
    "letter",
    "speech",
}


EN_OUTLET_WORDS = {
    "magazine",
    "newspaper",
    "paper",
    "agency",
    "network",
    "channel",
    "broadcaster",
    "outlet",
    "radio",
    "television",
    "tv",
    "daily",
    "website",
    "reuters",
    "afp",
    "ap",
    "bbc",
    "cnn",
    "رويترز",
    "برس",
}


EN_ROLE_WORDS = {
    "president",
    "prime",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "gen",
    "commander",
    "official",
    "officials",
    "senior",
    "deputy",
    "ambassador",
    "envoy",
    "chief",
    "head",
    "leader",
    "foreign",
    "defense",
    "defence",
    "interior",
    "state",
    "lt",
    "col",
    "colonel",
    "major",
    "admiral",
    "navy",
    "army",
    "adviser",
    "advisor",
    "mr",
    "ms",
    "mrs",
    "dr",
    "sen",
    "senator",
    "rep",
    "representative",
    "governor",
    "mayor",
    "director",
    "the",
    "a",
    "an",
    "of",
    "for",
    "department",
    "ministry",
    "pentagon",
    "source",
    "sources",
    "commission",
    "committee",
    "council",
    "office",
    "cabinet",
    "press",
    "national",
    "security",
    "us",
    "u",
    "s",
    "iraqi",
    "american",
    "french",
    "british",
    "iranian",
    "military",
    "lieutenant",
    "captain",
    "cmdr",
    "commanding",
    "top",
    "former",
    "acting",
    "lawmaker",
    "member",
    "police",
    "provincial",
}


EN_PRONOUN_OR_STOP = EN_PRONOUN | {"this", "that", "there", "which", "who", "what", "and", "but"}


EN_DANGLING = EN_PREPS | {"and", "or", "that", "which", "who", "the", "a", "an"}


EN_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "sen",
    "rep",
    "gov",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "st",
    "no",
    "vs",
    "cmdr",
    "capt",
    "maj",
    "adm",
    "sgt",
    "jr",
    "sr",
    "inc",
    "corp",
    "co",
}


NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "van", "von", "der"}

# Words that open a titled name ("Prime Minister Mohammed Shia al-Sudani", "Mr. Sullivan").
EN_TITLES = set(
    "president vice prime minister secretary advisor adviser ambassador general lieutenant "
    "admiral colonel col gen lt mr ms mrs dr senator sen rep representative spokesperson "
    "spokesman spokeswoman director king prince sheikh sayyed commander chairman governor "
    "deputy foreign national press chief leader envoy speaker mayor".split()
)
# Subjects that are both people of a readout: "The two leaders", "both sides", "They".
EN_JOINT = {"they", "two leaders", "both leaders", "the leaders", "two sides", "both sides",
            "two men", "two ministers", "two presidents", "leaders", "sides"}
# A welcome of a person is a greeting ("welcomed the Prime Minister to the White House").
EN_GREETING = {"welcomed", "welcomes"}

# Transcript turn labels that are not speakers of statements (reporters, the moderator).
TURN_NOT_SPEAKERS = {"q", "moderator", "operator", "reporter", "question", "participant",
                     "audience member", "audience", "staff", "interpreter", "narrator"}
# Phrases of a briefing's procedure, pleasantries and deflections: not statements.
TURN_PROCEDURE = (
    "turn it over", "hand it over", "pass it to", "take your questions", "take a few questions",
    "take questions", "go ahead", "next question", "last question", "thanks for having",
    "thank you", "thanks, everybody", "good evening", "good morning", "good afternoon",
    "not going to get into", "have to talk to", "refer you to", "won't speculate",
    "not going to speculate", "i'll let", "let me turn",
)
# The word a title ends with, before the name ("National Security Advisor Jake Sullivan").
EN_CORE_TITLES = set(
    "president minister secretary advisor adviser ambassador general admiral colonel col gen "
    "mr ms mrs dr senator sen rep representative spokesperson spokesman spokeswoman director "
    "king prince sheikh sayyed commander chairman governor envoy speaker leader chief mayor".split()
)
# Capitalised words that are not names: "Admiral, you …", "Is the Prime Minister …".
EN_NOT_NAMES = {"you", "is", "are", "was", "i", "we", "he", "she", "they", "it", "and", "but",
                "thank", "thanks", "yes", "no", "so", "well", "today", "tonight", "this", "that",
                "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Tags before a headline's label ("BREAKING: …" is a tag, not a speaker), and words that open
# what a label is about ("Trump on Iran: …").
EN_LABEL_TAGS = {"breaking", "exclusive", "update", "updated", "watch", "video", "live", "urgent",
                 "note", "editor's", "photos"}
# Openings of a turn's sentence that deflect or comment on the question, whatever follows
# (words as the tokenizer gives them: "i m" for "I'm").
TURN_DEFLECTIONS = (
    "not going to get into",
    "won t get into",
    "have to talk to",
    "have to ask",
    "refer you to",
    "not going to speculate",
    "won t speculate",
    "not going to get ahead of",
    "won t get ahead of",
    "i have with me",
    "joining me",
    "i m joined by",
    "i ll let",
    "let me turn",
    "i never said",
    "the question",
    "your question",
    "that question",
    "can speak to",  # "the operations that we can speak to are …": what may be said, not a claim
    "able to speak to",
)
EN_LABEL_ABOUT = {"on", "about", "to", "in", "at", "re", "over", "regarding"}
# Verbs whose bare object is the one spoken to ("told Reuters", "tells reporters"), not the
# content: a content follows as "that …" or stands before ("…, X told Reuters").
EN_TELL = {"told", "tells", "tell"}
# Words that open an aside between a subject and its verb: an appositive or a relative clause
# ("Kataib Hezbollah, an Iran-backed group, said"; "an official, who asked not to be named,").
EN_ASIDE_OPENERS = {"a", "an", "the", "who", "which", "whose", "speaking", "citing", "known"}
# Nouns for a person who speaks for an institution: "a Pentagon spokesman", "an Iraqi
# government official" name a person (by role), not the institution.
EN_PERSON_ROLES = {
    "spokesman", "spokeswoman", "spokesperson", "official", "officials", "commander", "minister",
    "adviser", "advisor", "envoy", "ambassador", "leader", "chief", "aide", "diplomat", "officer",
    "secretary", "director", "head", "representative", "negotiator",
}
# Courtesies in a transcript turn: a sentence made only of these (and short vocatives, "sir",
# "Phil") is a pleasantry, not a statement, however long ("Well, thank you very much for the
# question, and thanks to all of you for being here tonight").
TURN_COURTESY = (
    "thank you", "thanks", "welcome", "good evening", "good morning", "good afternoon",
    "pleasure", "appreciate your", "appreciate you", "for being here", "for having me",
    "for joining", "for the question", "great to be", "glad to be", "happy to be",
    "nice to see", "ladies and gentlemen",
)
# Conjunctions that open a new clause with its own subject: a speech verb after one is a new
# statement, not part of the clause before ("blamed the coalition but the group said …").
EN_NEW_CLAUSE = {"but", "while", "whereas", "although", "though"}
# Whom something is told: "told reporters", "told the BBC", "told him".
EN_ADDRESSEES = {"reporters", "journalists", "me", "us", "him", "her", "them", "lawmakers"}
# Auxiliaries between a subject and its speech verb ("the minister had warned that …").
EN_AUX = {"had", "has", "have", "would", "was", "were", "is", "also", "reportedly", "previously"}
# "was quoted as saying": the auxiliaries of a passive "quoted".
EN_QUOTED_AUX = {"was", "were", "is", "been"}
# Object pronouns of "quoted him as saying": the person the text is about.
EN_OBJECT_PRONOUNS = {"him", "her", "them"}
# Words of a day between a speech verb and its clause ("said on Wednesday it would …").
EN_DAY_WORDS = {
    "on", "last", "this", "late", "early", "yesterday", "today", "night", "morning", "evening",
    "afternoon", "week", "earlier", "later",
}
# Prepositions of the place a person by role serves in ("a police commander in Basra").
EN_PLACE_PREPS = {"in", "at"}
# Punctuation that closes an aside between a subject and its verb.
EN_ASIDE_MARKS = {",", "-", "—", "–"}

# Words before a name that make it one, whatever the name ("Mr. Said"); as a role they say
# nothing ("Mr" is no title).
EN_HONORIFICS = {"mr", "ms", "mrs", "dr", "sayyed", "sheikh"}
# Words that open a sentence before its subject and are no part of a name ("Then Kirby said",
# "Meanwhile the minister said"); EN_FILLERS holds the adverbs that may also stand later.
EN_OPENERS = {"meanwhile", "still", "now", "but", "and", "so", "yet", "instead", "finally",
              "moreover", "afterwards", "afterward", "subsequently", "thereafter", "indeed"}
# Nouns for what someone else said: as the whole object of a verb ("denied the allegation",
# "dismissed these reports") they name a claim and hold none; the reason, if any, comes
# after ("…, saying that …") as its own statement.
EN_CLAIM_NOUNS = {"allegation", "allegations", "accusation", "accusations", "claim", "claims",
                  "charge", "charges", "report", "reports", "rumour", "rumours", "rumor",
                  "rumors", "assertion", "assertions", "story", "stories"}
EN_DETERMINERS = {"the", "this", "that", "these", "those", "such", "any", "all", "both"}
# Hand-overs and the briefing's own procedure near a turn's sentence opening: the sentence
# passes the floor or runs the room, however long ("And with that, I'm going to turn it over
# to General X, who …, for more detail"; "Go ahead and put the first slide up, please").
TURN_HANDOVERS = (
    "turn it over", "hand it over", "pass it to", "pass it over", "over to you", "turn it back",
    "turn the floor", "let me turn", "i ll let", "i ll hand", "i ll pass", "i ll turn",
    "and with that", "take your questions", "take a few questions", "next slide", "first slide",
)
# Openings that run the room when they start the sentence ("Go ahead, Phil.").
TURN_CUES = ("go ahead", "yes go ahead", "please go ahead", "ok go ahead", "okay go ahead")
# First person in a post's or headline's words after "X:" ("Hamas: We will …"): the speaker's
# own words (kind direct).
EN_FIRST_PERSON = {"i", "we", "my", "our", "us", "me", "ours"}
# Verbs that say what something is only with "as": "describing their presence as destabilizing",
# "He described the talks as a success" (the object and its "as" are the claim); without an
# "as" ("describing the scene") they report nothing.
EN_AS_VERBS = {"described", "describes", "characterized", "characterised", "branded", "brands",
               "dismissed", "dismisses"}
EN_AS_PARTICIPLES = {"describing", "characterizing", "characterising", "branding", "dismissing"}
EN_AS_REACH = 10  # tokens from the verb to its "as"
# Auxiliaries of the active voice between a subject and its speech verb ("the alliance has
# vowed", "the group had warned"); not the passive ones ("was described" has no speaker there).
EN_PERFECT = {"has", "have", "had", "would", "will", "could", "might"}
