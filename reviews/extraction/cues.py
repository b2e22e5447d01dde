"""Find hedge, weasel, attribution and fact cues in one sentence.

General mechanisms, not per-sentence patches:

* **hedges** come from a lexicon (modals, epistemic adverbs and adjectives, hedging phrases such as
  “is expected to”, “it remains to be seen”) and are *scoped*: a hedge inside a relative clause, an
  aside between commas, a concessive clause (“, though ...”), an if-clause or a quotation does not
  hedge the main clause. Permission “may” in a rule (“under state law, a school may exclude ...”) is
  not a hedge.
* **attribution** is a reporting verb (said, told, according to, confirmed ...) whose source noun
  phrase is found (before the verb, skipping an appositive, or after it: “..., said Dr. Rao”) and
  classified as **named** (a proper name, a titled person, a definite organisation or role, a
  specific document) or **vague** (critics, some analysts, officials, reports, people familiar ...).
* **weasel** cues are vague sources and belief/opinion verbs put in the mouth of an unnamed group.
* **fact** cues are numbers, dates, money and percentages.

Offsets of the returned cues are into the sentence text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from reviews.extraction.caseless import CaselessPattern, guarded
from reviews.extraction.lexicon import words
from reviews.extraction.modals import (
    could_is_past_ability,
    may_is_permission,
    opens_embedded_question,
    should_is_epistemic,
)
from reviews.extraction.types import Cue, CueKind

# ------------------------------------------------------------------------------------- lexicons

# An adverb inside a hedging phrase leaves it a hedge: "are also expected to", "is still likely to", "are now set to",
# "is widely tipped to", "is not expected to" (up to two: "is also now expected to").
_HEDGE_ADVERB = (
    r"(?:(?:also|still|now|already|widely|increasingly|generally|broadly|not|further|currently|again|therefore|thus|"
    r"strongly|firmly|largely|reportedly|once\s+again)\s+){0,2}"
)
_HEDGE_PHRASES = (
    # "should" and "could" are kept or dropped by their reading (``modals``): obligation and past ability are not hedges
    # "may be allowed", and "may be used / applied to" (a use the rules or the method allow) grant, not hedge
    r"may(?!\s+(?:also\s+)?(?:be\s+)?(?:allowed|permitted)\b|\s+(?:also\s+)?be\s+(?:used|applied)\s+(?:to|for|as|in)\b)|"
    r"might|could(?!\s+not\b|n[’']t\b)|should|"
    # "delivery is now expected in late 2025", "a decision is expected"
    rf"(?<!\bthan\s)(?<!\bas\s)(?:is|are|was|were|be|been)\s+{_HEDGE_ADVERB}expected(?!\s+to\b)(?=\s+(?:in|by|on|"
    r"before|after|within|later|next|this|early|soon|shortly|around|at)\b|\s*[.,;]|\s*$)|"
    rf"(?:is|are|was|were|be|been)\s+{_HEDGE_ADVERB}(?:expected|projected|forecast|predicted|likely|"
    r"unlikely|poised|thought|believed|rumou?red|tipped)\s+to|"
    # a belief or estimate with no one to hold it: "is suspected to have", "is estimated to cost" (not "was feared
    # dead": only before "have" or "be", but "estimated to" before any verb). Agentless *reports* ("is said to
    # have", "reportedly", "allegedly") are not hedges: the guideline's vague sources ("reports suggest"), so an
    # unhedged statement with one needs a source; they stay weasel cues (``uncertain``).
    rf"(?:is|are|was|were|be|been)\s+{_HEDGE_ADVERB}(?:presumed|assumed|suspected|feared)\s+to\s+(?:have|be)|(?:is|are|was|were|be|been)\s+{_HEDGE_ADVERB}estimated\s+to(?=\s+[a-z]+\b)|"
    # a prediction of progress: "is on track to finish in 2025", "remains on course to"
    rf"(?:is|are|was|were|remains?|remained)\s+{_HEDGE_ADVERB}on\s+(?:track|course)\s+to(?=\s+[a-z]+\b)|"
    # "is set to become": a prediction; not "was set to music", "is set to zero", "set to the default"
    rf"(?:is|are|was|were|seems?|looks?)\s+{_HEDGE_ADVERB}set\s+to(?=\s+[a-z]+\b)"
    r"(?!\s+(?:music|zero|one|two|the|a|an|true|false|default|auto|automatic|on|off|maximum|minimum|high|low|"
    r"his|her|their|its|this|that|words|verse|rhyme)\b)|"
    r"(?:remains?|remained)\s+(?:to\s+be\s+seen|an\s+open\s+question|unclear|uncertain|in\s+doubt|to\s+be\s+determined)|"
    # "it is possible to bend the pins" states what can be done, not what may be true
    r"it\s+(?:is|was)\s+(?:not\s+)?(?:yet\s+|immediately\s+|entirely\s+|fully\s+|still\s+)?"
    r"(?:clear|unclear|possible(?!\s+to\b)|conceivable|uncertain)|"
    r"(?:is|are|was|were)\s+(?:still\s+)?(?:unclear|uncertain)|highly\s+uncertain|"
    r"likely|unlikely|possibly|perhaps|probably|potentially|presumably|apparently|seemingly|maybe|"
    r"conceivably|arguably|supposedly|purportedly|"
    r"appears?\s+to|appeared\s+to|seems?\s+to|seemed\s+to|suggests?|suggested\s+that|indicates?\s+that|"
    r"in\s+theory|in\s+principle|it\s+is\s+(?:believed|thought|expected|feared|hoped)|"
    r"open\s+question|remains\s+to\s+be\s+seen|whether\s+or\s+not|no\s+guarantee|anyone['’]s\s+guess|"
    r"(?:is|are|remains?)\s+(?:still\s+)?unknown|(?:is|are)\s+not\s+(?:yet\s+)?known|"
    r"(?:is|are|remains?)\s+(?:far\s+from|not)\s+(?:certain|clear|assured|guaranteed)|"
    # signs and chances: "there are signs that the market is cooling", "there is a real risk that the dam fails"
    r"there\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:(?:growing|clear|early|some|few|strong|mounting|"
    r"increasing|new|fresh|tentative|tentatively)\s+)?(?:signs|indications|hints)\s+(?:that|of)|"
    r"there\s+(?:is|was|remains)\s+(?:(?:a|an|some|little|no|every)\s+)?(?:(?:real|serious|growing|strong|high|good|"
    r"small|slight|significant|distinct)\s+)?(?:risk|chance|possibility|danger|likelihood|prospect)\s+(?:that|of)|"
    # a threat or a risk of what may come: "the strike threatens to halt exports", "the dispute risks delaying"
    # (not "threatened to": a past act; not "the risks facing")
    r"threatens?\s+to(?=\s+[a-z]+\b)|(?<!\bthe\s)(?<!\bof\s)(?<!\bthese\s)(?<!\bits\s)(?<!\btheir\s)risks\s+"
    r"(?!facing|including|involving|surrounding|posed|arising)[a-z]+ing"
)
HEDGE_RE = re.compile(rf"\b(?:{_HEDGE_PHRASES})\b", re.IGNORECASE)
_HEDGES = CaselessPattern(HEDGE_RE)

# Weasel words in the CoNLL-2010 sense: vague quantities, vague sources and hedged generalisations.
# They make a sentence *uncertain* (per-line flag) without by themselves making a claim speculative.
_WEASEL_PHRASES = (
    r"some|many|several|numerous|various|most|often|sometimes|usually|generally|commonly|typically|"
    r"frequently|widely|largely|mostly|somewhat|relatively|fairly|arguably|reportedly|allegedly|"
    # "rather" hedges a degree ("rather small"); "rather than" only contrasts
    r"rather(?!\s+th[ae]n\b)|"
    r"(?:is|are|was|were|be|been|being)\s+(?:often\s+|widely\s+|generally\s+|commonly\s+|sometimes\s+)?"
    r"(?:considered|regarded|seen|viewed|described|thought|believed|said|claimed|reported|rumou?red|"
    r"alleged|known|perceived|deemed|credited|recognized|recognised|acclaimed|hailed|cited)|"
    r"critics|experts|observers|scholars|historians|commentators|pundits|insiders|sources|"
    r"people\s+(?:say|believe|think|claim)|"
    # a judgement held by an unnamed group: "what they consider a soulless corporation", "many see it as a remake"
    r"(?:they|people|some|many|others|most)\s+(?:\w+ly\s+)?(?:consider|considers|considered)|"
    r"(?:they|people|some|many|others|most)\s+(?:\w+ly\s+)?(?:see|sees|saw|view|views|viewed|regard|regards|"
    r"regarded)\s+(?:\w+\s+){1,6}?as|"
    r"it\s+(?:has\s+been|is|was)\s+(?:said|suggested|argued|claimed|"
    r"noted|reported|estimated|rumou?red|speculated)|"
    r"a\s+number\s+of|a\s+lot\s+of|countless|certain\s+\w+s|one\s+of\s+the\s+(?:most|best|largest|greatest|"
    r"finest|first|oldest|leading)|among\s+the\s+(?:most|best|largest|greatest|finest|first)|"
    r"famous|notable|notably|renowned|prominent|popular|best[-\s]known|well[-\s]known|"
    r"believed|thought|claimed|suggested|estimated|speculated|considered|regarded|"
    r"tends?\s+to|could\s+be|should|suspected|assumed|presumed|"
    # "can be" is epistemic only with a verb of judging or naming ("can be seen as", "can be described as");
    # "can be found / crossed / generated" states an ability or a fact.
    r"can\s+(?:also\s+|often\s+|sometimes\s+)?be\s+(?:considered|seen|described|regarded|said|argued|viewed|thought|"
    r"called|interpreted|traced|attributed|understood|characteri[sz]ed|classified|compared|likened|perceived|"
    r"claimed|deemed|termed|labell?ed|read)|"
    # vague sets and unnamed others: "and other activists", "among others", "a variety of programs"
    r"(?:and|or|as\s+well\s+as|including|among|like|plus)\s+(?:many\s+|several\s+|various\s+|numerous\s+)?"
    r"other\s+\w+|(?:among|and|or)\s+others|"
    # ... and unnamed others outside a coordination too: "other theorists", "still other systems" (not the idioms
    # "in other words", "each other", "other than")
    r"(?<!\bin\s)(?<!\beach\s)other\s+(?!than\b)(?:[a-z]+\s+)?[a-z]{3,}s|"
    # a judgement with no one to hold it: "it is difficult to see", "it is worth noting"
    r"it\s+(?:is|was)\s+(?:very\s+|quite\s+)?(?:difficult|hard|easy|worth|helpful|important|necessary|interesting|"
    r"notable|noteworthy|useful|fair|safe|reasonable)\s+(?:to|that|noting)|"
    # an excess measured against no stated standard: "a too simplistic reading", "is too stringent", "too many rules"
    # (not "too young to vote", whose standard is stated; not "too" for "also": "she, too, ...", "he too was elected")
    r"too\s+(?!(?:was|is|are|were|has|have|had|will|would|can|could|did|does|do|be|been|the|a|an|and|or)\b)[a-z]+"
    r"(?!\s+to\s)|"
    # a comparison boosted past any measure: "far outweighed", "far beyond its size"
    r"far\s+(?:beyond|outweigh\w*|exceed\w*|surpass\w*|more|less|better|worse|greater|larger|higher|lower|fewer|"
    r"smaller|bigger|superior|inferior)|"
    r"an?\s+(?:wide\s+|broad\s+|great\s+|large\s+|whole\s+)?(?:variety|range|array|host|multitude|plethora)\s+of"
    r"(?!\s+(?:approximately|about|around|roughly|up\s+to|over|under|more|less|\d))|"
    # hearsay nouns and passive attribution without an agent ("is argued to", "are supposed to be")
    r"rumou?rs?|rumou?red|speculations?|allegations?|alleged|"
    r"(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(?:argued|proposed|supposed|held\s+to|purported|speculated|"
    r"hypothesi[sz]ed|theori[sz]ed|presumed|assumed)|"
    # an unnamed document as the source: "one website lists her as", "an article that claims", "a report said"
    r"(?:an?|one|another)\s+(?:[\w-]+\s+)?(?:article|report|website|site|study|source|blog|book|paper|survey|"
    r"account|biography|review)\s+(?:that\s+|which\s+)?(?:\w+ly\s+)?(?:claims|claimed|says|said|states|stated|"
    r"suggests|suggested|argues|argued|asserts|asserted|alleges|alleged|lists|listed|describes|described)|"
    r"(?:studies|research|evidence|surveys|polls)\s+(?:has\s+|have\s+)?(?:shown?|shows|suggests?|suggested|"
    r"indicates?|indicated)|"
    r"seems?|seemed|it\s+(?:appears|appeared)|appears?\s+that|"
    # knowledge nobody is said to hold: "it is already known that", "it can be found that", "it has come to light that"
    r"it\s+(?:is|was|has\s+been|had\s+been|can\s+be|could\s+be)\s+(?:\w+ly\s+|already\s+|now\s+|also\s+|long\s+)?"
    r"(?:known|found|accepted|agreed|understood|acknowledged|established|recogni[sz]ed)\s+that|"
    r"it\s+(?:has|had)\s+(?:\w+ly\s+)?come\s+to\s+light|"
    # a judgement in the perfect passive with no one making it: "has been identified as", "have been linked to"
    r"(?:has|have|had)\s+(?:\w+ly\s+|also\s+|long\s+|since\s+)?been\s+(?:identified|associated|linked|credited|"
    r"blamed|praised|compared|dubbed|touted|portrayed|labell?ed|characteri[sz]ed)|"
    # ... or in the present, or under "would", with no one doing it: "is associated with", "was found to be",
    # "would be classified as", "popularly known as"
    r"(?:is|are|was|were)\s+(?:\w+ly\s+)?associated\s+with|(?:is|are|was|were|been|be)\s+(?:\w+ly\s+)?found\s+to\s+"
    r"(?:be|have)|would\s+be\s+(?:\w+ly\s+)?(?:classified|regarded|described|seen|considered|called|termed|viewed)|"
    r"\w+ly\s+known\s+(?:as|for)|it\s+is\s+worth\s+\w+ing|"
    # a ranking by importance or favour, which no measure settles: "one of the core elements", "the best thing"
    r"one\s+of\s+the\s+(?:key|main|major|core|central|principal|primary|premier|foremost|favou?rites)|the\s+(?:best|worst)|"
    # absent or diffuse support: "there is no evidence that", "there is general agreement", "unconfirmed"
    r"no\s+(?:\w+\s+)?(?:evidence|confirmation|proof|consensus|agreement)|"
    r"(?:general|broad|wide|widespread)\s+(?:agreement|consensus|belief|perception)|unconfirmed|unverified|disputed|"
    # approximators and restrictors: the statement holds only partly or roughly
    r"in\s+part|partly|to\s+(?:a|some)\s+(?:certain\s+|large\s+|great\s+)?(?:extent|degree)|in\s+a\s+sense|"
    r"essentially|virtually|effectively|nominally|occasionally|primarily|predominantly|"
    # "almost" before a number is a numeric approximation, which the CoNLL-2010 notion does not count
    r"almost(?!\s+(?:[$€£]\s?)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|half|twice|double|"
    r"a\s+(?:dozen|hundred|thousand|million|billion|third|quarter))\b))|"
    # peacock terms: praise or blame with no stated source (CoNLL-2010 counts them as weasels)
    r"few|particularly|highly|greatly|mainly|principally|chiefly|extremely|undoubtedly|"
    r"picturesque|burgeoning|booming|thriving|vibrant|beloved|vast|huge|enormous|immense|tremendous|massive|"
    r"incredible|amazing|brilliant|superb|magnificent|great\s+deal|touted|traditionally|supposed\s+to|"
    r"seldom|seldomly|untenable|substantial|deadly|"
    r"very|much|significantly|considerably|famed|celebrated|illustrious|prestigious|spectacular|inspiring|"
    r"affluent|reputation|reputed|controversial|controversy|dubious|bizarre|luckily|fortunately|"
    r"unfortunately|naturally|legendary|iconic|acclaimed|critically|influential|greatest|finest|"
    r"excellent|outstanding|remarkable|remarkably|unique|stunning|striking|beautiful|jewels?|notorious|"
    r"infamous|successful|important|significant|rare|rarely|strong|sharply|fine|"
    r"popularity|praised|criticized|criticised|accused|accusations|hailed|noted|plans?\s+to|"
    r"seemingly|perhaps|possibly|probably|likely|unlikely|potentially|allegedly|reportedly|supposedly|"
    r"indicate|indicates|suggests?"
)
WEASEL_RE = re.compile(rf"\b(?:{_WEASEL_PHRASES})\b", re.IGNORECASE)
_WEASELS = CaselessPattern(WEASEL_RE)

# Opinions as nouns ("practical criticisms have continued", "the assumption has long been that"): a weasel when
# nobody holds them; "his criticism", "the minister's objections" name the holder (``_HOLDER_BEFORE_RE``).
_OPINION_NOUN_RE = re.compile(
    r"\b(?:criticisms?|beliefs|opinions|objections|assumptions?|misconceptions?|perceptions|debate)\b", re.IGNORECASE
)
_OPINION_NOUNS = CaselessPattern(_OPINION_NOUN_RE)
_HOLDER_BEFORE_RE = re.compile(
    r"(?:\b(?:his|her|their|its|my|our|your)|['’]s|s['’])\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
# "debate" is the dispute only without an article: "has spurred debate", not "in the debate on Tuesday" (an event)
_ARTICLE_BEFORE_RE = re.compile(r"\b(?:the|a|an|this|that|each|every)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def _unheld_opinion(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 60) : start]
    if _HOLDER_BEFORE_RE.search(before):
        return False
    return not (text[start:end].lower() == "debate" and _ARTICLE_BEFORE_RE.search(before))


# Ranking superlatives with no stated measure: "one of the oldest ...", "Belgium's largest student event".
# Words that merely end in -est are not superlatives.
_SUPERLATIVE_RE = re.compile(
    r"\b(?:one\s+of\s+(?:the\s+)?(?:[\w-]+(?:'s|’s)\s+)?|(?<=\w)(?:'s|’s)\s+)"
    r"(?:(?:all-time\s+|single\s+)?(?:[a-z]{2,}est|best|worst|most\s+[a-z]+|least\s+[a-z]+))\b",
    re.IGNORECASE,
)
_SUPERLATIVES = CaselessPattern(_SUPERLATIVE_RE)
_NOT_SUPERLATIVE = words(
    "interest west forest honest modest request protest contest harvest nest test rest chest guest quest crest "
    "pest vest zest manifest arrest suggest digest invest infest attest detest conquest bequest inquest unrest "
    "midwest southwest northwest earnest priest behest congest ingest divest latest everest budapest bucharest "
    "fest tempest interest-free protest-led"
)


# A ranking against everything, with no measure stated: "the largest lake surfing competition in the world",
# "the fastest ever made".
_GLOBAL_SUPERLATIVE_RE = re.compile(
    r"\bthe\s+([a-z]{3,}est|best|worst|most\s+[a-z]+)\s[^.;,]{0,60}?\b(?:in\s+the\s+world|ever|of\s+all\s+time|"
    r"in\s+history|on\s+earth)\b",
    re.IGNORECASE,
)
_GLOBAL_SUPERLATIVES = CaselessPattern(_GLOBAL_SUPERLATIVE_RE)


def find_superlatives(text: str) -> list[Cue]:
    out: list[Cue] = []
    for start, end in _SUPERLATIVES.spans(text):
        last = text[start:end].split()[-1].lower()
        if last in _NOT_SUPERLATIVE:
            continue
        out.append(Cue(text[start:end], start, end, CueKind.WEASEL))
    for start, end in _GLOBAL_SUPERLATIVES.spans(text):
        if text[start:end].split()[1].lower() not in _NOT_SUPERLATIVE:
            out.append(Cue(text[start:end], start, end, CueKind.WEASEL))
    return out


# Verbs of belief or prediction: an unnamed group's opinion ("critics warn", "analysts believe").
OPINION_VERBS = words(
    "believe believes believed think thinks thought suspect suspects suspected fear fears feared worry "
    "worries worried expect expects expected predict predicts predicted argue argues argued suggest "
    "suggests suggested warn warns warned speculate speculates speculated contend contends contended "
    "hope hopes hoped doubt doubts doubted anticipate anticipates anticipated reckon reckons estimate "
    "estimates estimated caution cautions cautioned claim claims claimed insist insists"
)
# Verbs of saying or reporting.
REPORT_VERBS = words(
    "said says say told tells tell stated states announced announces confirmed confirms reported "
    "reports wrote writes testified testifies added adds noted notes explained explains disclosed "
    "discloses revealed reveals acknowledged acknowledges admitted admits declared declares "
    "published publishes showed shows indicated indicates replied responded insisted remarked "
    "recounted recalled observed conceded emphasized emphasised stressed told reiterated reiterates reaffirmed "
    "affirmed clarified mentioned commented indicate"
)
SOURCE_VERBS = OPINION_VERBS | REPORT_VERBS

# Vague sources: groups and unnamed individuals.
VAGUE_HEADS = words(
    "critics analysts analyst experts expert observers observer economists scientists researchers "
    "officials official sources source insiders insider pundits commentators supporters opponents "
    "advocates residents investors watchers lobbyists staff groups people others many some several "
    "most few reports report studies rumors rumours voters users customers parents teachers doctors "
    "physicians pediatricians scholars academics historians activists campaigners environmentalists "
    "skeptics sceptics proponents defenders detractors traders bankers executives leaders lawmakers "
    "legislators politicians diplomats engineers fans members workers employees planners regulators "
    "authorities police investigators observers specialists professionals practitioners consultants "
    "strategists forecasters economist scientist researcher person someone somebody anyone everyone "
    "they it this that these those we you"
)
# Personal pronouns that refer back to one person already named ("..., he said"): a named source.
ANAPHORIC_PERSON = words("he she")
# Unnamed sources that are people or groups of people ("critics said", "they say", "officials noted"),
# as opposed to an inanimate subject of a reporting verb ("the screenshot shows", "zero indicates").
_PEOPLE_REFERENCE = (VAGUE_HEADS - words("it this that these those")) | words(
    "rumours rumors speculation accounts media press commentary"
)
VAGUE_DETERMINERS = words(
    "some many several most few numerous various certain unnamed anonymous other others one an a countless multiple"
)
# Definite organisations and roles: "the ministry said", "the company confirmed".
ORG_HEADS = words(
    "company firm ministry department agency council board bank government office committee court "
    "police university college school district commission regulator authority city county state "
    "hospital union airline administration cabinet parliament senate assembly legislature congress "
    "party campaign team club league federation association institute foundation organization "
    "organisation group corporation startup carrier operator manufacturer developer network "
    "newspaper publisher broadcaster charity army navy military embassy consulate prosecutor "
    "prosecutors spokesperson spokesman spokeswoman representative mayor governor president "
    "minister chancellor premier chairman chairwoman chair secretary director chief ceo founder "
    "treasurer judge sheriff commissioner superintendent inspector auditor ombudsman "
    "coroner mission centre center clinic laboratory lab service trust fund exchange utility "
    "developer lender insurer retailer watchdog panel jury tribunal "
    # bodies whose name is an ordinary noun phrase ("the national weather bureau", "the farmers' cooperative",
    # "the sport's governing body", "the oil giant", "the coast guard")
    "bureau directorate inspectorate secretariat cooperative co-op guild consortium coalition alliance caucus "
    "delegation taskforce chamber society academy observatory body giant conglomerate automaker carmaker "
    "drugmaker chipmaker miner refiner contractor supplier provider producer exporter importer distributor "
    "chain outlet broadcaster magazine station brigade force guard coastguard division unit command "
    "municipality borough township diocese nonprofit non-profit ngo monitor presidency palace opposition "
    "museum library gallery zoo theatre theater orchestra church parish archive "
    # roles held by one person, named earlier ("the provost told the board", "the coach said")
    "provost dean rector principal headteacher headmaster headmistress bishop archbishop coach captain ambassador "
    "envoy consul councillor councilor alderman congressman congresswoman senator lawmaker"
)
# People who speak for the body they belong to: "the bank's chief economist", "the union's leader", "officials
# at the ministry" (as "analysts at Harcourt Securities" or "forecasters at the National Weather Service").
AFFILIATED_HEADS = words(
    "leader leaders head boss officer officers executive executives economist economists analyst analysts "
    "lawyer lawyers attorney attorneys counsel engineer engineers scientist scientists researcher researchers "
    "staff official officials spokespeople adviser advisers advisor advisors manager managers owner owners "
    "experts expert doctors auditors auditor inspectors investigators forecasters statisticians negotiators "
    "negotiator director directors"
)
_AFFILIATION_PREPOSITIONS = words("at of for from with in")
DOCUMENT_HEADS = words(
    "figures data statistics numbers records record minutes report reports study survey poll "
    "census guidance summary statement filing filings testimony documents document release "
    "estimates estimate analysis transcript letter memo memorandum website database budget "
    "ruling judgment judgement order complaint lawsuit indictment affidavit audit review assessment "
    "tally count results forecast forecasts projections model register registry log logs archive "
    "archives papers paper article journal publication bulletin notice notices accounts disclosures "
    "list index rankings timetable schedule agenda bill law act regulation regulations "
    "rules policy prospectus post posting tweet video footage recording inquiry investigation probe evaluation "
    "inspection counts tallies readings"
)
_DETERMINERS = words("the a an this that these those its their his her our")
_NON_NAME_CAPS = words(
    "the a an some many several most few this that these those it its he she they we i you but and "
    "however meanwhile still yet so in on at for after before when while as if according one two "
    "three four five six seven eight nine ten others other all both each every nearly about more "
    "industry tech public local state federal national global international senior top former "
    "critics analysts experts observers officials sources insiders pundits supporters opponents "
    "advocates residents investors nobody everybody everyone somebody someone anyone none"
)
# Markers of a rule or permission: "may" after them grants, it does not hedge.
_PERMISSION_RE = re.compile(
    r"\b(?:under\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,3}(?:law|laws|rules?|regulations?|policy|"
    r"statute|act|code|charter|guidelines|contract|agreement|ordinance|bylaws?|constitution|treaty|permit|lease|tenancy|"
    r"license|licence|terms)|(?:is|are)\s+(?:allowed|permitted|entitled|eligible)|rules?\s+(?:say|state|allow)|"
    r"(?:law|charter|policy|ordinance)\s+(?:says|allows|permits|states)|by\s+law|"
    # the rule's other side or its terms in the same sentence: "... may accept them, but are prohibited from ..."
    r"prohibit(?:ed|s)?|forbid(?:den|s)?|free\s+of\s+charge|with\s+(?:the\s+)?(?:\w+\s+)?consent|"
    r"licen[cs]e\s+agreement|(?:on|upon)\s+request)\b",
    re.IGNORECASE,
)
_PERMISSION = CaselessPattern(_PERMISSION_RE)

_WORD_RE = re.compile(r"[\w$€£%]+(?:[’'.\-–/,:][\w$€£%]+)*\.?|[^\w\s]", re.UNICODE)
_NUMBER_RE = re.compile(
    r"[$€£]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|m|k))?|\d[\d,.]*\s?(?:%|percent|per\s+cent)|"
    r"\b\d{1,2}:\d{2}\s?(?:a\.m\.|p\.m\.)?|\b\d[\d,.]*(?:\s?(?:million|billion|trillion))?|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|dozen|dozens|hundreds|thousands|millions|billions|half|quarter|third|twice|"
    r"double|triple)\b",
    re.IGNORECASE,
)
_NUMBERS = CaselessPattern(_NUMBER_RE)
_DATE_PATTERN = re.compile(
    r"\b(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May(?=\s+\d)|June|July|Aug(?:ust|\.)?|"
    r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?:\s+\d{1,2}(?:,\s+\d{4})?)?|"
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    r"\b(?:last|next|this)\s+(?:year|month|week|quarter|decade|spring|summer|autumn|fall|winter)\b|"
    r"\b(?:yesterday|today|tomorrow)\b"
)
_DATE_RE = guarded(_DATE_PATTERN)  # the same matches, found faster (``caseless.guarded``)


class Token(NamedTuple):
    """A word or punctuation mark of the sentence; ``low`` is its text lower-cased without a final full stop.

    A named tuple with ``low`` worked out once (``_token``, ``tokenize``): the source rules read it often.
    """

    text: str
    start: int
    end: int
    low: str


def _token(text: str, start: int, end: int) -> Token:
    return Token(text, start, end, text.lower().rstrip("."))


@dataclass(frozen=True, slots=True)
class SourceCue:
    verb: Token  # the reporting/opinion verb, or "according" for "according to"
    source: str  # the source noun phrase
    source_start: int
    source_end: int
    named: bool
    opinion: bool  # the verb states a belief or prediction rather than a report


@dataclass(frozen=True, slots=True)
class CueAnalysis:
    hedges: tuple[Cue, ...]  # hedges in the main clause
    scoped_hedges: tuple[Cue, ...]  # hedges in relative clauses, asides, quotations ...
    sources: tuple[SourceCue, ...]
    facts: tuple[Cue, ...]
    weasels: tuple[Cue, ...] = ()
    rule_modals: int = 0  # "may", "could", "should" read as a rule, a past ability or a duty: a statement, no hedge

    @property
    def named_source(self) -> bool:
        return any(s.named for s in self.sources)

    @property
    def vague_opinion(self) -> bool:
        return any(not s.named and s.opinion for s in self.sources)

    @property
    def vague_source(self) -> bool:
        """An unnamed person or group is the source (a belief of anyone unnamed counts too)."""
        return any(not s.named and (s.opinion or _people_reference(s.source)) for s in self.sources)

    @property
    def uncertain(self) -> bool:
        """A hedge or weasel cue anywhere in the sentence (the CoNLL-2010 notion)."""
        return bool(self.hedges or self.scoped_hedges or self.weasels or self.vague_source)

    def cues(self) -> tuple[Cue, ...]:
        out: list[Cue] = list(self.hedges)
        for s in self.sources:
            kind = CueKind.ATTRIBUTION if s.named else CueKind.WEASEL
            out.append(Cue(s.source, s.source_start, s.source_end, kind))
            if s.verb.start >= s.source_end or s.verb.end <= s.source_start:
                out.append(Cue(s.verb.text, s.verb.start, s.verb.end, kind))
        out.extend(self.facts)
        out.sort(key=lambda c: (c.start, c.end))
        deduplicated: list[Cue] = []
        for cue in out:
            if deduplicated and cue.start < deduplicated[-1].end:
                continue
            deduplicated.append(cue)
        return tuple(deduplicated)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for match in _WORD_RE.finditer(text):
        word = match.group()
        tokens.append(Token(word, match.start(), match.end(), word.lower().rstrip(".")))
    return tokens


# ------------------------------------------------------------------------------------- scope


_QUOTED_RE = re.compile(r"“[^”]{0,2000}”?|\"[^\"]{0,2000}\"")
_RELATIVE_RE = re.compile(r"(?:,\s*|\s)(which|who|whom|whose|where)\b[^,;:—()]*", re.IGNORECASE)
_CLAUSE_WORD_RE = re.compile(r"[\w’'-]+")
_THAT_CLAUSE_RE = re.compile(r"\b(\w+)\s+that\b[^,;:—()]*", re.IGNORECASE)
_NOT_BEFORE_THAT_CLAUSE = words("so such now given means meaning is was")
_HEDGE_ASIDE_RE = re.compile(
    r",\s*(?:perhaps|possibly|probably|likely|presumably|apparently|potentially|maybe)\b[^,;]*(?:,|$)",
    re.IGNORECASE,
)
_ING_WORD_RE = re.compile(r"\b\w+ing\b")
_CONCESSIVE_RE = re.compile(r",\s*(?:although|though|even though|whereas|even if)\b[^;]*", re.IGNORECASE)
_CONDITIONAL_RE = re.compile(r"(?:^|,\s*)(?:if|unless|once)\b[^,]*,", re.IGNORECASE)
_PARENTHESIS_RE = re.compile(r"\([^()]{0,300}\)")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]


def _subject_clause_end(text: str, start: int, end: int) -> int:
    """A relative clause inside the subject ends at the main verb of saying: "officials who spoke to Reuters |
    said the bridge could close" (the clause's own verb comes first: "residents who said ..."), or at the main
    clause's modal: "families who miss the deadline | may struggle" (unless the clause's verb takes a clause of its
    own: "residents who fear prices may rise")."""
    own_verb = ""
    for word in _CLAUSE_WORD_RE.finditer(text, start, end):
        low = word.group(0).lower()
        if own_verb and low in SOURCE_VERBS:
            return word.start()
        if (
            own_verb
            and (low in _MAIN_MODALS or low in _MAIN_BE)
            and own_verb not in SOURCE_VERBS
            and own_verb not in _COMPLEMENT_TAKING
        ):
            return word.start()
        if not own_verb and not (low in _PRE_VERB_WORDS or low.endswith("ly")):
            own_verb = low
    return end


_MAIN_MODALS = words("may might could should would will must can")
_MAIN_BE = words("is are was were")  # "families who miss the deadline | are likely to struggle"


def _non_main_spans(text: str) -> list[tuple[int, int]]:
    """Character spans that are not part of the main clause."""
    spans: list[tuple[int, int]] = []
    # relative clauses: ", which ...", " who ...", noun + "that ..." (not after a verb of saying)
    for m in _RELATIVE_RE.finditer(text):
        end = m.end()
        if not m.group(0).startswith(","):
            end = _subject_clause_end(text, m.end(1), end)
        spans.append((m.start(), end))
    for m in _THAT_CLAUSE_RE.finditer(text):
        before = m.group(1).lower()
        if before in SOURCE_VERBS or before in _NOT_BEFORE_THAT_CLAUSE:
            continue
        if before.endswith(("ed", "s")) and before in _COMPLEMENT_TAKING:
            continue
        end = m.end()
        if len(text[: m.start(1)].split()) < 4:  # "Analysts that follow the firm | said it could ...": in the subject
            end = _subject_clause_end(text, m.start(1) + len(m.group(1)) + len(" that"), end)
        spans.append((m.start(1) + len(m.group(1)), end))
    # asides and adjuncts between commas that open with a hedge adverb or a participle
    for m in _HEDGE_ASIDE_RE.finditer(text):
        head = text[m.start() : m.end()]
        if m.start() > 0 and (m.end() < len(text) or _ING_WORD_RE.search(head)):
            spans.append((m.start(), m.end()))
    # concessive and conditional clauses
    for m in _CONCESSIVE_RE.finditer(text):
        spans.append((m.start(), m.end()))
    for m in _CONDITIONAL_RE.finditer(text):
        spans.append((m.start(), m.end()))
    for m in _PARENTHESIS_RE.finditer(text):
        spans.append((m.start(), m.end()))
    spans.extend(_quoted_spans(text))
    return spans


_COMPLEMENT_TAKING = words(
    "believes believed thinks thought suspects suspected fears feared worries worried expects expected "
    "predicts predicted argues argued suggests suggested warns warned says said claims claimed shows showed "
    "indicates indicated notes noted hopes hoped reported reports found finds insists insisted means "
    "estimates estimated acknowledged admitted confirmed announced agreed learned"
)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in spans)


_MONTH_BEFORE_RE = re.compile(
    r"(?:\b(?:in|on|of|since|until|till|by|from|through|to|between|and|early|late|mid|last|next|this|each|every|"
    r"during|before|after)|\d)[\s-]*$"
)
_NAME_BEFORE_RE = re.compile(r"\b[A-Z][\w’'.-]*\s+$")
_CAPITALISED_NEXT_RE = re.compile(r"\s+[A-Z]")
_SUGGEST_OBJECT_RE = re.compile(r"\s+(?:that\s+)?\w")
_MONTH_AFTER_RE = re.compile(
    r"^(?:\s*(?:\d|[,.;:)–—-]|$)|\s+(?:was|is|has|had|saw|brought|began|ended|marks|marked|and|or|through|to|"
    r"will|would)\b)"
)


def _month_or_name(text: str, start: int, end: int) -> bool:
    """A capitalised "May" that is the month ("in May 2005", "On 5 May,") or a surname ("Theresa May")."""
    if text[start] != "M":
        return False
    before = text[max(0, start - 40) : start]
    if not before.strip(" \"“‘'(") and not _MONTH_AFTER_RE.match(text[end:]):
        return False  # "May I ...", "May the ..." at the start: the modal
    after = text[end:]
    if _MONTH_BEFORE_RE.search(before) or _MONTH_AFTER_RE.match(after):
        return True  # "in May", "5 May"; "May 2005", "May, the", "May was"
    # "Theresa May said"; but in a title-case headline ("Prices May Rise") the next word is capitalised too
    return bool(_NAME_BEFORE_RE.search(before)) and not _CAPITALISED_NEXT_RE.match(after)


# An aside opened by a past participle: "The mill, built in the 1990s, could close".
_PARTICIPLE_ASIDE_RE = re.compile(
    r"(?<=\w),\s*(?:[a-z]+ed|built|made|founded|known|grown|begun|taken|given|written|held|won|bought|sold|hit|"
    r"struck|seen|shown|drawn|chosen|frozen|stolen|sunk|spun)\b[^,;]*,"
)


def _blank_other_scopes(text: str, spans: list[tuple[int, int]], position: int) -> str:
    """``text`` with the relative clauses, participle asides ... that do not hold ``position`` blanked out (offsets
    kept): a past frame in "the operator, which had $3 billion in revenue last year, could cut 200 jobs" or "the
    mill, built in the 1990s, could close" is not the frame of the main clause's "could"."""
    chars = list(text)
    asides = [(m.start(), m.end()) for m in _PARTICIPLE_ASIDE_RE.finditer(text)]
    for s, e in spans + asides:
        if not s <= position < e:
            chars[s:e] = " " * (e - s)
    return "".join(chars)


# Unnamed evidence as the subject of "suggest" or "indicate" ("Reports suggest ...", "Studies from other countries
# suggest ...", "Recent research indicates that ..."): a vague source, like "reports say", not a hedge or an opinion;
# what it suggests is hedged only by a hedge of its own ("Studies suggest it may ...").
_EVIDENCE_NOUNS = (
    r"reports?|stud(?:y|ies)|research|evidence|data|surveys?|polls?|figures|findings|records|tests|analys[ie]s|"
    r"estimates|statistics|documents|accounts|results|readings|measurements|tallies|counts|assessments|images|"
    r"photos|photographs|pictures|footage|videos|recordings|scans|samples|emails|messages|leaks"
)
_EVIDENCE_SUBJECT_RE = re.compile(
    r"(?:^|[,;:]\s+|\b(?:and|but|while|though)\s+)[\"“‘'(]?"
    r"(?:(?:the|some|many|several|other|recent|new|early|earlier|previous|initial|preliminary|numerous|various|"
    r"multiple|most|these|such|a|an|one|more|further|local|press|media|news|official|unconfirmed|independent|"
    r"scientific|academic)\s+)*(?:[a-z][\w-]*\s+)?"
    rf"(?:{_EVIDENCE_NOUNS})(?:\s+(?:from|in|of|by|on|across|over|into|for)\s+[^,;:—()]{{1,50}}?)?"
    r"\s+(?:(?:has|have|had|also|now|strongly|increasingly|already|long)\s+){0,2}$",
    re.IGNORECASE,
)
_EVIDENCE_VERBS = words("suggest suggests suggested indicate indicates indicated")


def evidence_subject(text: str, start: int) -> bool:
    """The words before ``text[start]`` (a "suggest" or "indicate") are unnamed evidence: "Reports", "Studies from
    other countries", "Recent research"."""
    before = text[max(0, start - 90) : start]
    match = _EVIDENCE_SUBJECT_RE.search(before)
    if match is None:
        return False
    phrase = _SOURCE_WORD_RE.findall(before[match.start() :])
    # a capitalised word past the first names the evidence's source ("Studies from Harvard suggest"); a body or a
    # kind of record makes it a specific document ("police reports", "census data", "the ministry's figures")
    return not any(
        (n and word[:1].isupper()) or word.lower() in _RECORD_OWNERS or word.endswith(("’s", "'s"))
        for n, word in enumerate(phrase)
    )


_RECORD_OWNERS = ORG_HEADS | words("official census tax budget flight payroll land property")


def find_hedges(text: str, past_context: bool = False) -> tuple[list[Cue], list[Cue]]:
    """(main-clause hedges, hedges in a subordinate scope); ``past_context``: the sentence before is set in a past
    period (``modals.sets_past_frame``)."""
    main, scoped, _ = _find_hedges(text, past_context)
    return main, scoped


def _find_hedges(text: str, past_context: bool) -> tuple[list[Cue], list[Cue], int]:
    """``find_hedges`` and the number of modals read as a rule, a duty or a past ability (not hedges)."""
    matches = _HEDGES.spans(text)
    main: list[Cue] = []
    scoped: list[Cue] = []
    if not matches:
        return main, scoped, 0  # most sentences: skip the scope analysis below
    non_main = _non_main_spans(text)
    permission = _PERMISSION.search(text)
    rule_modals = 0
    for start, end in matches:
        word = text[start:end]
        if word.lower() == "may" and _month_or_name(text, start, end):
            continue
        if word.lower() == "may" and (permission or may_is_permission(text, start, end)):
            rule_modals += 1
            continue
        if word.lower() in {"suggest", "suggests"} and not _SUGGEST_OBJECT_RE.match(text[end:]):
            continue
        if word[:1].lower() in "si" and evidence_subject(text, start):
            continue  # "Reports suggest the firm dropped the merger": a vague source of a fact, not a hedge
        if word.lower() == "should" and not should_is_epistemic(text, start, end):
            rule_modals += 1
            continue  # an obligation: "the council should publish its accounts"
        if word.lower() == "could" and could_is_past_ability(
            _blank_other_scopes(text, non_main, start), start, end, past_context
        ):
            rule_modals += 1
            continue  # past ability: "in 2010 she could run a mile"
        cue = Cue(word, start, end, CueKind.HEDGE)
        (scoped if _inside(start, non_main) else main).append(cue)
    return main, scoped, rule_modals


# ------------------------------------------------------------------------------------- sources

# A token that is a word or a number (not punctuation).
_WORDLIKE_RE = re.compile(r"[\w$]")
_SOURCE_WORD_RE = re.compile(r"[\w$][\w$'’-]*")

_CLAUSE_STOPS = words(
    "that which who whom whose because although though while if and but as since when after before "
    "where whereas unless until so than or nor"
)


def _is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


@lru_cache(maxsize=4096)
def _common_word(word: str, threshold: float = 30_000_000) -> bool:
    from reviews.extraction import glue

    return glue.count(word.lower()) >= threshold


_VAGUE_QUANTIFIERS = VAGUE_DETERMINERS - words("a an one")


def _people_reference(source: str) -> bool:
    """True when an unnamed source phrase refers to people ("some analysts", "they"), not a thing."""
    lows = _SOURCE_WORD_RE.findall(source.lower())
    if not lows:
        return False
    return lows[-1] in _PEOPLE_REFERENCE or any(w in _VAGUE_QUANTIFIERS for w in lows[:-1])


_PEOPLE_PLURAL_ENDINGS = ("ologists", "ists", "ians", "sters", "graphers")


def classify_source(tokens: list[Token], at_sentence_start: bool) -> bool:
    """True when the noun phrase ``tokens`` names a specific source."""
    words = [t for t in tokens if _WORDLIKE_RE.match(t.text)]
    if not words:
        return False
    if len(words) == 1 and words[0].low in ANAPHORIC_PERSON:
        return True  # "he said": a person named earlier in the text, not an unnamed source
    lows = [w.low for w in words]
    for i, w in enumerate(words):
        if not _is_capitalised(w):
            continue
        low = w.low
        if low in _NON_NAME_CAPS:
            continue
        if len(w.text) == 1:
            continue
        if i == 0 and at_sentence_start:
            if _acronym(w) and len(words) > 1 and (words[1].low in DOCUMENT_HEADS or words[1].low in ORG_HEADS):
                return True  # "NICE guidance recommends", "WHO figures show": capitals of a body, not a word
            # a capitalised first word is a name only when it is not an ordinary word
            if low in VAGUE_HEADS or low in VAGUE_DETERMINERS or low in ORG_HEADS or low in DOCUMENT_HEADS:
                continue
            if low in OPINION_VERBS or low in REPORT_VERBS:
                continue
            if low.endswith(_PEOPLE_PLURAL_ENDINGS):
                continue  # "Criminologists caution ...", "Pollsters say ...": a profession, not a name
            if low.endswith("s") and _common_word(low, 2_000_000):
                continue
            if len(words) > 1 and not _is_capitalised(words[1]) and _common_word(low, 2_000_000):
                continue
        return True
    # no proper name: a definite organisation, a titled role, or a specific document
    first = lows[0]
    head = lows[-1]
    joined = " ".join(lows)
    spokes = {"spokesperson", "spokesman", "spokeswoman", "representative", "spokespeople"}
    if any(w in spokes for w in lows):
        # "a department spokesperson", "a spokesperson for the district", "the ministry's spokesman"
        return len(words) >= 3 or first in _DETERMINERS - {"a", "an"}
    if first in VAGUE_DETERMINERS:
        # "a statement from the ministry", "a letter by the council": a document its issuer names
        return _document_of_a_body(lows)
    possessive = "’s" in joined or "'s" in joined
    if head in ORG_HEADS and (first in _DETERMINERS or possessive):
        return True
    if "of" in lows[1:] and lows[lows.index("of", 1) - 1] in ORG_HEADS and first in _DETERMINERS:
        return True  # "the chamber of commerce", "the bureau of statistics"
    if head in AFFILIATED_HEADS and any(w.endswith(("’s", "'s")) and w[:-2] in ORG_HEADS for w in lows[:-1]):
        return True  # "the bank's chief economist", "the union's leader"
    if _affiliated_with_a_body(lows):
        return True  # "officials at the ministry", "the head of the agency"
    # "the latest census", "the agency's report", "court documents": a document is specific only with a qualifier
    if len(lows) > 2 and lows[0] in _PERSON_NOUNS and lows[1] in {"of", "for", "on", "about", "against"}:
        return False  # "supporters of the law", "critics of the report": the document is what they talk about
    # "its accounts", "their figures": the documents of a body or person named before, as "he said" is a named source
    possessive = possessive or first in {"its", "their", "his", "her"}
    return head in DOCUMENT_HEADS and (
        len(words) >= 3 or possessive or (len(words) == 2 and (first in ORG_HEADS or first in _RECORD_KINDS))
    )


# Kinds of record that make a two-word document phrase specific: "official figures", "census data", "budget papers".
_RECORD_KINDS = DOCUMENT_HEADS | words("official census tax budget flight payroll land property")


def _document_of_a_body(lows: list[str]) -> bool:
    """ "a statement from the ministry", "a report by the regional health board", "a police report": a document
    and its issuer."""
    if len(lows) >= 3 and lows[-1] in DOCUMENT_HEADS and lows[-2] in ORG_HEADS:
        return True  # "a police report", "a supporters' trust survey"
    for n in range(1, len(lows) - 2):
        if lows[n] in DOCUMENT_HEADS:
            # "a statement from the ministry", "an assessment commissioned by the developer"
            k = n + 2 if lows[n + 1].endswith("ed") else n + 1
            if k + 1 < len(lows) and lows[k] in {"from", "by", "of", "for"}:
                rest = lows[k + 1 :]
                return rest[0] in {"the", "its", "their"} and rest[-1] in ORG_HEADS
    return False


def _affiliated_with_a_body(lows: list[str]) -> bool:
    """ "officials at the ministry", "economists with the central bank": people, then the body they work for."""
    for n in range(1, len(lows) - 2):
        if lows[n - 1] in AFFILIATED_HEADS and lows[n] in _AFFILIATION_PREPOSITIONS:
            rest = lows[n + 1 :]
            possessor = rest[0].endswith(("’s", "'s")) and rest[0][:-2] in ORG_HEADS
            return (rest[0] == "the" or possessor) and rest[-1] in ORG_HEADS
    return False


_VAGUE_REFERENCE = words(
    "some many several unnamed anonymous unidentified various multiple numerous other others sources source "
    "insiders insider people experts observers critics analysts reports officials rumors rumours estimates "
    "media accounts"
)


def classify_reference(tokens: list[Token]) -> bool:
    """True when the phrase after "according to" is a specific, named source or document."""
    words = [t for t in tokens if _WORDLIKE_RE.match(t.text)]
    if not words:
        return False
    lows = [w.low for w in words]
    if lows[0] in _VAGUE_REFERENCE:
        return False
    if any(_is_capitalised(w) and w.low not in _NON_NAME_CAPS and len(w.text) > 1 for w in words):
        return True
    if lows[0] in VAGUE_DETERMINERS:
        # "according to one estimate", "according to a report" are vague; "a statement from the ministry", "a
        # department spokesperson" are not
        return classify_source(tokens, False)
    stems = [w[:-2] if w.endswith(("’s", "'s")) else w for w in lows]  # "the operator’s passenger counts"
    nouns = [w for w in stems if w in ORG_HEADS or w in DOCUMENT_HEADS]
    if not nouns:
        return False
    # "according to reports" / "according to people familiar with ..." stay vague
    return not (len(words) <= 2 and lows[-1] in _VAGUE_REFERENCE)


def _starts_sentence(tokens: list[Token], index: int) -> bool:
    return all(not _WORDLIKE_RE.match(t.text) for t in tokens[:index])


# Auxiliaries and adverbs between a subject and its reporting verb: "have long warned", "has also said".
_PRE_VERB_WORDS = words(
    "has have had also previously later earlier again long already often still now once since then recently "
    "repeatedly publicly privately consistently first"
)


def _plural_possessive(tokens: list[Token], index: int) -> bool:
    """Whether ``tokens[index]`` is the apostrophe of a plural possessive ("teachers' union", "the states’
    budgets"): right after a word ending in s, with no space, and followed by a word after a space."""
    if tokens[index].text not in {"'", "’"} or index == 0 or index + 1 >= len(tokens):
        return False
    before, after = tokens[index - 1], tokens[index + 1]
    return (
        before.end == tokens[index].start
        and before.low.endswith("s")
        and after.start > tokens[index].end
        and _WORDLIKE_RE.match(after.text) is not None
    )


def _skip_parenthesis(tokens: list[Token], j: int) -> int:
    """Where a parenthesis ending right before ``tokens[j]`` opens ("The Water Services Regulation Authority |
    (WSRA) said"): an acronym or an aside after a noun phrase is no part of it; ``j`` when there is none."""
    if j < 3 or tokens[j - 1].text != ")":
        return j
    for k in range(j - 2, max(0, j - 14), -1):
        if tokens[k].text in {")", "“", "”", '"', ";"}:
            return j
        if tokens[k].text == "(":
            return k if _WORDLIKE_RE.match(tokens[k - 1].text) else j
    return j


def _np_before(tokens: list[Token], index: int) -> tuple[int, int, int]:
    """Token range [i, j) of the noun phrase before ``tokens[index]``, and the end k ≥ j of its appositive."""
    j = index
    # skip adverbs and auxiliaries directly before the verb: "has also said", "on Thursday said"
    while j > 0 and (tokens[j - 1].low in _PRE_VERB_WORDS or (tokens[j - 1].low.endswith("ly") and j - 1 > 0)):
        j -= 1
    j = _skip_parenthesis(tokens, j)
    # "Name, who voted against the plan, said": skip back over one comma-delimited appositive
    if j > 0 and tokens[j - 1].text == ",":
        k = j - 2
        while k >= 0 and tokens[k].text not in {",", "“", "”", '"', ";", ":"}:
            k -= 1
        if k >= 0 and tokens[k].text == ",":
            appositive_end = j - 1
            j = _skip_parenthesis(tokens, k)
        else:
            return (j, j, j)
    else:
        appositive_end = j
    i = j
    while i > 0:
        t = tokens[i - 1]
        if _plural_possessive(tokens, i - 1):
            i -= 1  # "the dockworkers' union": the apostrophe is the possessive's, inside the phrase
            continue
        if not _WORDLIKE_RE.match(t.text) or (t.low in _CLAUSE_STOPS and not _acronym(t)):
            break
        if t.low in SOURCE_VERBS and i - 1 < j - 1 and not _reduced_passive(tokens, i - 1):
            break
        i -= 1
    return (i, j, appositive_end)


def _acronym(token: Token) -> bool:
    """An organisation's or a country's capitals ("WHO", "US"), not the small word they spell."""
    return len(token.text) > 1 and token.text.isupper()


_PASSIVE_MARKERS = words("as is are was were be been being has have had")


def _reduced_passive(tokens: list[Token], index: int) -> bool:
    """Whether the reporting verb ``tokens[index]`` is a past participle describing the noun before it
    ("a report published by the WHO", "figures reported by the ministry"): part of a subject, not a verb
    of its own. "As reported by", "was published by" are passives of their own and are not."""
    token = tokens[index]
    return (
        token.low.endswith("ed")
        and index > 0
        and index + 1 < len(tokens)
        and tokens[index + 1].low == "by"
        and _WORDLIKE_RE.match(tokens[index - 1].text) is not None
        and tokens[index - 1].low not in _PASSIVE_MARKERS
    )


# Verbs that attribute a finding only when a that-clause follows: "researchers found that ..."
_FINDING_VERBS = words("found find finds concluded concludes determined determines discovered ruled calculated")
# Verbs of complaint and accusation: someone's claim only with a "that" clause after them ("residents
# complain that ...", "prosecutors alleged that ...": an opinion, like "critics warn"); without one they
# are acts or adjectives ("complained to the council", "the alleged fraud", "asserted its rights").
# "show" is a noun as often as a verb ("his radio show", "PBS broadcast the show"): it reports only after a
# phrase with a noun of data ("figures released by Eurostat show ...", "data from the statistics office show").
_DATA_NOUNS = words(
    "data figures statistics numbers records polls surveys results estimates accounts documents filings "
    "minutes logs tests studies findings"
)
_CLAIMING_VERBS = words(
    "complain complains complained allege alleges alleged lament laments lamented assert asserts asserted"
)
# Verbs that report a statement only with a "that" clause, right after them or after a short object ("maintained
# that", "assured investors that", "projected that"); with a plain object they are acts ("maintained the roads",
# "pledged $2 billion", "highlighted the risks").
_THAT_REPORT_VERBS = words(
    "maintained maintains underlined underlines underscored underscores highlighted highlights projected projects "
    "forecast forecasts vowed vows pledged pledges promised promises signalled signaled signals assured assures "
    "informed informs reminded reminds advised advises notified"
)
_PREDICTION_VERBS = words("projected projects forecast forecasts")
# Advice a body gives: "The health ministry recommends two doses for children", "The regulator urges banks to check
# their systems", "The EPHA advises seeking medical help": in the present tense the body says it, whatever follows.
# The past is also an act ("the committee recommended three candidates"), so it reports only advice for someone to
# act on: "that", "-ing", or an object and "to" + verb ("urged banks to check").
_ADVICE_VERBS = words("advise advises recommend recommends urge urges")
_PAST_ADVICE_VERBS = words("advised recommended urged")
# Verbs of saying what something is: "called it a matter of public health", "described the plan as reckless".
_JUDGING_SAY_VERBS = words(
    "called calls described describes dubbed labelled labeled branded blamed blames credited credits"
)
# "Many residents feel the ban does not go far enough": a belief, but only with a clause ("feel the effects" is a sense;
# "felt" is left out: in narrative it is mostly a sense or a participle, "the depression felt after the war")
_FEELING_VERBS = words("feel feels")
_FEEL_NOT_BELIEF = words("like as if safe unsafe sure better worse good bad unwell ill well sick tired dizzy faint")
_OPINION_LIKE_VERBS = OPINION_VERBS | _CLAIMING_VERBS | _PREDICTION_VERBS | _JUDGING_SAY_VERBS | _FEELING_VERBS
# Verbs whose subject must be a document: "the auditor's report found 40 errors", "a statement from the
# ministry read: ..." (a person finding or reading something is acting: "inspectors found 40 violations").
_DOCUMENT_VERBS = _FINDING_VERBS | words(
    "read reads linked links tied ties attributed identified documented recorded counted listed ranked put puts"
)
# Verbs that give a figure for something: "the insurer put the cost at $4 billion" is an estimate like "estimated
# the cost at"; "valued / priced the contract at $85 million" is one only when said in a document ("in a filing
# with the regulator"): without it, setting a price is an act.
_FIGURE_VERBS = words("put puts valued priced")  # not "prices", "values": mostly nouns
_ESTIMATE_VERBS = words("put puts")
_FIGURE_START_RE = re.compile(r"^(?:[$€£¥]|US\$|\d)")
_FIGURE_HEDGES = words("about around roughly nearly almost some over under more less than up to between least at")
_SUBMISSION_HEADS = DOCUMENT_HEADS | words("submission submissions presentation letters statements")


def _gives_a_figure(tokens: list[Token], index: int) -> bool:
    """ "put | the losses | at €27 million (in a letter to ...)": an object, then "at" and a figure; "valued" and
    "priced" also need a document after the figure ("in a filing", "in its annual report")."""
    segment: list[Token] = []
    for t in tokens[index + 1 :]:
        if t.text in _SEGMENT_ENDS:
            break
        segment.append(t)
    at = next((n for n, t in enumerate(segment) if t.low == "at"), None)
    if at is None or at == 0 or at > 8:
        return False  # "put at risk", "valued at $9 million" (a participle) or no figure
    k = at + 1
    while k < len(segment) and segment[k].low in _FIGURE_HEDGES:
        k += 1
    if k >= len(segment) or not _FIGURE_START_RE.match(segment[k].text):
        return False  # "put the stadium at the centre of its bid"
    if tokens[index].low in _ESTIMATE_VERBS:
        return True
    rest = segment[k + 1 :]
    return any(
        t.low == "in" and any(u.low in _SUBMISSION_HEADS for u in rest[n + 1 : n + 6]) for n, t in enumerate(rest)
    )


# ", saying ...", ", writing that ...": the main clause's subject says it
_REPORT_PARTICIPLES = words(
    "saying writing adding noting stating explaining telling declaring acknowledging conceding stressing "
    "arguing insisting warning claiming predicting estimating"
)
_OPINION_PARTICIPLES = words("arguing insisting warning claiming predicting estimating")
# "as reported by the Gazette", "as stated by the ministry": a passive frame naming the source after "by"
_AS_BY_PARTICIPLES = words(
    "reported stated noted confirmed announced published quoted cited disclosed revealed explained told said "
    "described estimated"
)

_NOT_IN_SUBJECT = words(
    "has have had is are was were be been being will would can could may might should must do does did "
    "remains remain remained not"
)


_ARTICLES = words("the a an")
_ARTICLES_AND_POSSESSIVES = _ARTICLES | words("its their his her our my your")
# Reporting verbs that are also nouns: without a subject, or after bare modifiers, they are the noun.
_NOUN_LIKE_VERBS = words(
    "report reports shows showed notes claims estimates questions see sees fears hopes doubts states tells tell"
)


def _plausible_subject(phrase: list[Token]) -> bool:
    words = [t for t in phrase if _WORDLIKE_RE.match(t.text)]
    if not words or len(words) > 10:
        return False
    if any(t.low in _NOT_IN_SUBJECT and not (n and t.text == "May") for n, t in enumerate(words)):
        return False  # "May" inside the phrase is the month ("a report published in May"), not the modal
    # a reporting verb inside the subject means two clauses, unless it is the noun heading the subject
    # ("the Baltic states have said", "Consumer Reports found that")
    if any(
        t.low in SOURCE_VERBS
        and not (n == len(words) - 1 and t.low in _NOUN_LIKE_VERBS)
        and not (n + 1 < len(words) and words[n + 1].low == "by" and t.low.endswith("ed"))  # "a report published by"
        for n, t in enumerate(words)
    ):
        return False
    last = words[-1]
    return not (last.text[:1].isdigit() or last.low.endswith("ly"))


# Words that make a lower-case phrase a subject ("the report states", "he claims", "all reports show").
_SUBJECT_MARKERS = (
    _DETERMINERS
    | VAGUE_DETERMINERS
    | words("he she it they we i you who which my your each every any no all both such another")
)
_COMMON_HEADS = ORG_HEADS | DOCUMENT_HEADS | VAGUE_HEADS


def _noun_modifier_only(phrase: list[Token], at_sentence_start: bool) -> bool:
    """A phrase of bare lower-case words before a verb that is also a plural noun reads as a compound
    noun, not a subject: "as member states reevaluate", "police reports show", "union claims were". A common
    noun opening the sentence counts as lower case ("Police reports show"; "Reuters reports" stays a subject)."""
    words_ = [t for t in phrase if _WORDLIKE_RE.match(t.text)]
    return bool(words_) and all(
        (t.text[:1].islower() or (n == 0 and at_sentence_start and t.low in _COMMON_HEADS))
        and t.low not in _SUBJECT_MARKERS
        and not t.low.endswith(("’s", "'s"))
        for n, t in enumerate(words_)
    )


def _np_after(tokens: list[Token], index: int) -> tuple[int, int]:
    i = index + 1
    j = i
    while j < len(tokens) and _WORDLIKE_RE.match(tokens[j].text) and tokens[j].low not in _CLAUSE_STOPS:
        if tokens[j].low in {"in", "on", "at", "to", "during", "after", "that"} and j > i:
            break
        j += 1
    return (i, j)


# Every word a source cue can hang on (lower case, whole word): a sentence without one has no source,
# and most sentences are spared the tokenising below.
_TRIGGER_WORDS = (
    SOURCE_VERBS
    | _FINDING_VERBS
    | _CLAIMING_VERBS
    | _THAT_REPORT_VERBS
    | _DOCUMENT_VERBS
    | _REPORT_PARTICIPLES
    | _JUDGING_SAY_VERBS
    | _FEELING_VERBS
    | _FIGURE_VERBS
    | _ADVICE_VERBS
    | _PAST_ADVICE_VERBS
    | {"according", "per", "show", "words", "pointed", "quoted"}
)
# Every trigger is a run of word characters, so a whole-word search for them (``\b(?:said|...)\b``) finds one
# exactly when some maximal run of word characters is a trigger: a set lookup over the runs, three times faster.
assert all(re.fullmatch(r"\w+", word) for word in _TRIGGER_WORDS)
_WORD_RUN_RE = re.compile(r"\w+")
# The words the token loop of ``find_sources`` acts on ("as" opens "as reported by X")
_CANDIDATE_WORDS = _TRIGGER_WORDS | {"as"}


# A reporting verb whose object is a stance noun ("has indicated openness to", "showed support for") names
# an actor doing something, not a source saying something (guideline: a named actor acting is no source).
_STANCE_NOUNS = words(
    "openness support willingness interest opposition readiness reluctance backing approval sympathy "
    "resistance enthusiasm scepticism skepticism impatience frustration flexibility commitment"
)
_STANCE_DETERMINERS = words("its their his her our some little no much strong broad cautious tentative qualified")


def _stance_object(tokens: list[Token], idx: int) -> bool:
    k = idx + 1
    while k < len(tokens) and k <= idx + 2 and tokens[k].low in _STANCE_DETERMINERS:
        k += 1
    return k < len(tokens) and tokens[k].low in _STANCE_NOUNS


# A subject's head noun, not a name inside its modifier, decides whether the source is named: in "officials
# who spoke to the BBC", "people familiar with Acme's plans", "economists polled by Reuters" the name is the
# addressee or the topic, and the source is the vague "officials", "people", "economists". An affiliation
# ("analysts at Harcourt Securities", "a spokeswoman for the agency") stays part of the source.
_RELATIVE_PRONOUNS = words("who whom whose which")
# Unnamed people a postmodifier can follow ("sources close to", "a person briefed on", "residents living near").
_PERSON_NOUNS = (_PEOPLE_REFERENCE - DOCUMENT_HEADS - words("studies rumours rumors speculation accounts")) | words(
    "person aide aides adviser advisers advisor advisors negotiator negotiators witness witnesses passenger "
    "passengers driver drivers farmer farmers shopper shoppers tenant tenants student students nurse nurses "
    "patient patients manager managers executive official insider diplomat lawyer lawyers attorney attorneys "
    "owner owners locals neighbours neighbors colleagues friends relatives staffers employee worker source "
    "individuals individual"
)
_KNOWING_WORDS = words("familiar close closer knowledgeable aware privy briefed involved")
_KNOWLEDGE_AFTER_WITH = words("knowledge direct detailed first-hand firsthand ties access")
_PREPOSITIONS = words("to with on in about of at by from near for into over around inside within")
_AFFILIATION_PARTICIPLES = words("working employed based hired contracted")


def _postmodifier_start(tokens: list[Token], start: int, end: int) -> int:
    """Where a postmodifier that does not name an affiliation begins after a person noun in ``tokens[start:end]``
    ("sources | close to the talks", "two people | with knowledge of the deal", "workers | interviewed by the
    Gazette", "residents | living near the plant"); ``end`` when there is none."""
    for m in range(start + 1, end - 1):
        if tokens[m - 1].low not in _PERSON_NOUNS:
            continue
        word, after = tokens[m], tokens[m + 1].low
        if word.low in _KNOWING_WORDS and after in _PREPOSITIONS:
            return m
        if word.low == "with" and after in _KNOWLEDGE_AFTER_WITH:
            return m
        if (
            word.low.endswith(("ing", "ed"))
            and word.text[:1].islower()
            and (after in _PREPOSITIONS or after in _DETERMINERS)
            and not (word.low in _AFFILIATION_PARTICIPLES and after in {"for", "at", "by"})
        ):
            return m
    return end


def _relative_clause_head(tokens: list[Token], i: int, j: int) -> int | None:
    """When the phrase ``tokens[i:j]`` before a verb is a relative clause ("officials who spoke to the BBC |
    said"), the start of the noun phrase it modifies (the clause ends before the pronoun at ``i - 1``)."""
    if i < 2 or j - i > 12:
        return None
    before = tokens[i - 2]
    pronoun = tokens[i - 1].low
    # "that" opens a relative clause only after a noun of the kinds that speak ("the company that owns the plant");
    # after anything else it may be a complementiser ("said last week that analysts believe")
    noun_before_that = pronoun == "that" and (
        before.low in ORG_HEADS or before.low in _PERSON_NOUNS or before.low in AFFILIATED_HEADS
    )
    if pronoun not in _RELATIVE_PRONOUNS and not noun_before_that:
        return None
    if not _WORDLIKE_RE.match(before.text) or before.low in _CLAUSE_STOPS or before.low in SOURCE_VERBS:
        return None
    h = i - 1
    while h > 0:
        t = tokens[h - 1]
        if _plural_possessive(tokens, h - 1):
            h -= 1
            continue
        if not _WORDLIKE_RE.match(t.text) or (t.low in _CLAUSE_STOPS and not _acronym(t)) or t.low in SOURCE_VERBS:
            break
        h -= 1
    return h if h < i - 1 else None


_PUBLISHED_PARTICIPLES = words("published released issued posted presented compiled commissioned produced")


def _publishing_appositive(phrase: list[Token], appositive: list[Token]) -> bool:
    """ "The findings, published in the journal Nature Medicine, suggest ...": the appositive names where a
    document or its data appeared."""
    return (
        bool(phrase and appositive)
        and (phrase[-1].low in DOCUMENT_HEADS or phrase[-1].low in _DATA_NOUNS)
        and appositive[0].low in _PUBLISHED_PARTICIPLES
        and classify_reference(appositive[1:])
    )


def _identifying_appositive(phrase: list[Token]) -> bool:
    """An appositive that names its noun ("The chief executive, Tom Reyes, said"), not a clause about it
    ("Officials, speaking to the BBC, said", "A spokeswoman, who declined to be named, said")."""
    return bool(phrase) and (phrase[0].text[:1].isupper() or phrase[0].low in _DETERMINERS)


# Verbs that report a statement ("announced that 400 jobs will go", ", the ministry announced.") or perform an
# act on a thing ("announced a new port upgrade", "revealed plans for 500 homes", "published its annual report",
# "declared bankruptcy"): a named actor acting is no source (the corpus guideline).
_ACT_OR_REPORT_VERBS = words(
    "announce announces announced reveal reveals revealed publish publishes published declare declares declared "
    # "claimed the title", "wrote three novels", "added 4,000 jobs", "the museum showed 40 paintings"
    "claim claims claimed write writes wrote add adds added show shows showed"
)
# Verbs a reported clause often has: "the firm claimed sales rose 12%", "figures showed unemployment fell".
_CLAUSE_VERBS = words(
    "rose fell grew dropped increased decreased declined doubled tripled halved jumped climbed slipped surged "
    "plunged reached remained stood lost gained cut raised paid cost made took gave went came saw spent received "
    "failed missed topped exceeded rises falls grows drops increases remains stands costs"
)
# Conjunctions opening an adverbial clause: a report inside one attributes nothing to the main clause.
_ADVERBIAL_SUBORDINATORS = words("after before when since because although though while until unless if once whereas")
_FINITE_MARKERS = words("would will had has have was were is are could may might should can must did does")
_ADVERBIAL_STARTS = words("on in at during after before yesterday today late early last this earlier later")
_SEGMENT_ENDS = frozenset({",", ".", ";", ":", "—", "–", "(", ")", "!", "?"})


def _gives_advice(tokens: list[Token], index: int) -> bool:
    """A past verb of advice with advice after it: "that", an -ing form, or "to" + a verb within a short object."""
    segment: list[Token] = []
    for t in tokens[index + 1 : index + 8]:
        if t.text in _SEGMENT_ENDS:
            break
        segment.append(t)
    if not segment:
        return False
    if segment[0].low in {"that", "against"} or (segment[0].low.endswith("ing") and len(segment[0].low) > 5):
        return True
    return any(
        t.low == "to"
        and n + 1 < len(segment)
        and _WORDLIKE_RE.match(segment[n + 1].low)
        and not segment[n + 1].low[:1].isdigit()
        and segment[n + 1].low not in _ARTICLES_AND_POSSESSIVES
        for n, t in enumerate(segment[1:4], start=1)
    )


def _reports_a_clause(tokens: list[Token], index: int, after_clause: bool = False) -> bool:
    """Whether the verb at ``index`` reports a clause: "that" after it, a finite verb in what follows ("announced
    400 jobs would go"), a quotation or a colon, or nothing but an adverbial (", the ministry announced on Monday.")."""
    segment: list[Token] = []
    for t in tokens[index + 1 :]:
        if t.text in _SEGMENT_ENDS:
            break
        segment.append(t)
    if not segment or segment[0].text in {"“", '"', "‘"}:
        return True
    if after_clause and (segment[0].low in _PREPOSITIONS or segment[0].low in _ADVERBIAL_STARTS):
        return True  # "“...,” Judge Ortiz wrote for the majority.", "..., the regulator wrote in its notice."
    if any(t.low == "that" for t in segment[:6]) or any(t.low in _FINITE_MARKERS for t in segment):
        return True
    if any(t.low in _CLAUSE_VERBS and segment[n].low != "to" for n, t in enumerate(segment[1:])):
        return True  # "claimed sales rose 12%" (not "plans to cut")
    return segment[0].low in _ADVERBIAL_STARTS and not any(
        t.low in {"a", "an", "its", "their", "plans"} for t in segment
    )


_PARTICLES = words("off up out down back")
_OBJECT_PRONOUNS = words("it them this that him her")
_ADJECTIVE_ENDINGS = ("able", "ible", "ous", "ful", "less", "ive", "ent", "ant", "ic", "ary", "ate", "ish")


def _judgement_follows(tokens: list[Token], index: int) -> bool:
    """An object and then what it is said to be: "called | it | a disgrace", "described | the plan | as reckless"."""
    if index + 1 >= len(tokens) or tokens[index + 1].low in _PREPOSITIONS | _PARTICLES:
        return False  # "called for a ban", "called off the strike", "blamed on"
    if tokens[index].low.startswith("blame"):
        return True  # "the company blamed weak demand (for the loss)": it names a cause
    if tokens[index].low.startswith("credit"):  # "credited a new programme for the decline" (not "credited $400")
        return any(t.low in {"for", "with"} for t in tokens[index + 2 : index + 9])
    if tokens[index + 1].low in {"a", "an"}:
        return False  # "called a meeting"
    for k in range(index + 2, min(index + 6, len(tokens))):
        t = tokens[k]
        if t.low in {"a", "an", "“", '"', "‘"} or (t.low == "as" and not tokens[index].low.startswith("call")):
            return True
        after_object = tokens[index + 1].low in _OBJECT_PRONOUNS or (
            tokens[index + 1].low in _DETERMINERS and k >= index + 3
        )
        if after_object and t.low.endswith(_ADJECTIVE_ENDINGS) and tokens[index].low.startswith("call"):
            return True  # "called the spills unacceptable", "called it outrageous"
        if not _WORDLIKE_RE.match(t.text) or t.low in _PREPOSITIONS or t.low in _CLAUSE_STOPS:
            return False
    return False


def _closing_attribution(tokens: list[Token], index: int) -> bool:
    """The verb at ``index`` closes the sentence after a comma and its subject: "..., the regulator found."."""
    if index + 1 < len(tokens) and tokens[index + 1].text not in {".", ";", "!"}:
        return False
    k = index - 1
    while k >= 0 and _WORDLIKE_RE.match(tokens[k].text) and index - k <= 8:
        k -= 1
    return k >= 0 and tokens[k].text == "," and k < index - 1


# Present-tense verbs of saying without the third-person -s: their subject is plural ("Hauliers warn").
_PLURAL_AGREEMENT_VERBS = words(
    "say warn fear believe argue think claim expect predict suggest worry hope doubt estimate insist contend "
    "caution tell note report show"
)


def _plural_common_noun(tokens: list[Token], i: int, j: int, verb: str) -> bool:
    """A single capitalised word in -s opening the sentence before a plural verb is a plural common noun
    ("Hauliers warn that ...", "Pollsters expect ..."), not a name (names take the singular: "Reuters reports")."""
    return (
        j - i == 1 and _starts_sentence(tokens, i) and tokens[i].low.endswith("s") and verb in _PLURAL_AGREEMENT_VERBS
    )


def _singular_name(tokens: list[Token], i: int, j: int, verb: str) -> bool:
    """A single capitalised word in -s opening the sentence before a singular verb of saying is a name ("Reuters
    reports", "Williams says"), though the word is also a common plural."""
    word = tokens[i]
    return (
        j - i == 1
        and _starts_sentence(tokens, i)
        and word.text[:1].isupper()
        and word.low.endswith("s")
        and word.low not in _COMMON_HEADS | _NON_NAME_CAPS | VAGUE_DETERMINERS
        and verb in SOURCE_VERBS
        and verb.endswith("s")
        and not verb.endswith("ss")
    )


def _that_follows(tokens: list[Token], index: int) -> bool:
    """A "that" clause after the verb at ``index``, directly or after a short object ("assured investors that")."""
    for k in range(index + 1, min(index + 5, len(tokens))):
        t = tokens[k]
        if t.low == "that":
            return True
        if not _WORDLIKE_RE.match(t.text) or t.low in _NOT_IN_SUBJECT or t.low in _CLAUSE_STOPS:
            return False
    return False


def _frame_source_start(tokens: list[Token], idx: int) -> int | None:
    """Where the source begins after a frame that introduces it: "according to X", ", per X", "in the words of X",
    "as reported by X"; None when ``tokens[idx]`` opens no such frame."""
    low = tokens[idx].low
    nxt = tokens[idx + 1].low if idx + 1 < len(tokens) else ""
    if low == "according" and nxt == "to":
        return idx + 2
    if tokens[idx].text == "per" and idx > 0 and tokens[idx - 1].text == ",":
        return idx + 1  # ", per the ministry" ("$5 per share" does not attribute; "Per" is also a first name)
    if low == "words" and nxt == "of" and idx >= 2 and tokens[idx - 1].low == "the" and tokens[idx - 2].low == "in":
        return idx + 2
    if low == "as" and nxt in _AS_BY_PARTICIPLES and idx + 2 < len(tokens) and tokens[idx + 2].low == "by":
        return idx + 3
    return None


def _frame_start_token(tokens: list[Token], idx: int) -> int:
    """The first token of the frame that ``tokens[idx]`` belongs to ("in" of "in the words of")."""
    return idx - 2 if tokens[idx].low == "words" else idx


def _colon_quote_source(text: str, tokens: list[Token]) -> SourceCue | None:
    """ "Minister Ada Roe: “We cut the levy by 5%.”": a speaker's name, a colon, then the quotation."""
    match = _COLON_QUOTE_RE.match(text)
    if match is None:
        return None
    speaker = [t for t in tokens if t.end <= match.end("speaker")]
    words_ = [t for t in speaker if _WORDLIKE_RE.match(t.text)]
    if not words_ or len(words_) > 6 or not classify_source(speaker, True):
        return None
    if len(words_) == 1 and _common_word(words_[0].low, 2_000_000):
        return None  # "Update: “...”", "Breaking: “...”"
    at = text.index(":", match.end("speaker"))
    colon = _token(":", at, at + 1)
    start, end = words_[0].start, words_[-1].end
    return SourceCue(colon, text[start:end], start, end, True, opinion=False)


_COLON_QUOTE_RE = re.compile(r"^\W*?(?P<speaker>[A-Z][^:“”\"]{1,60}?)\s*:\s*[“\"‘]")
_QUOTED_AUXILIARIES = words("is are was were been")
# What a sentence-initial subject is made of: names, determiners, possessives, bodies and roles ("Judge Ellen
# Brandt", "The museum's director", "Officials at the ministry").
_SUBJECT_WORDS = _DETERMINERS | words("of for at")


def _sentence_subject(tokens: list[Token]) -> tuple[int, int] | None:
    """The token range of the noun phrase opening the sentence, when a verb follows it ("Judge Ellen Brandt |
    dissented"); None when the sentence opens otherwise ("In March, ...")."""
    start = 0
    while start < len(tokens) and not _WORDLIKE_RE.match(tokens[start].text):
        start += 1
    end = start
    while end < len(tokens) and end - start < 8:
        t = tokens[end]
        if _plural_possessive(tokens, end):
            end += 1
            continue
        plain = t.low[:-2] if t.low.endswith(("’s", "'s")) else t.low
        if not _WORDLIKE_RE.match(t.text) or not (
            t.text[:1].isupper()
            or plain in _SUBJECT_WORDS
            or plain in ORG_HEADS
            or plain in AFFILIATED_HEADS
            or plain in VAGUE_HEADS
            or plain in DOCUMENT_HEADS
        ):
            break
        end += 1
    while end > start and tokens[end - 1].low in _SUBJECT_WORDS:
        end -= 1
    if end == start or end >= len(tokens) or not tokens[end].text[:1].islower():
        return None  # no subject, or punctuation after it ("In March, ...")
    return (start, end)


# What someone says that is a judgement or a demand, not a fact: "the ban does not go far enough", "the fee is
# unfair", "the council should scrap the fee". Said by an unnamed group it is an opinion put in its mouth, like
# "critics warn" (a named source saying it still supports the claim that it was said).
_JUDGEMENT_RE = re.compile(
    r"\b(?:should|must(?!\s+(?:not\s+)?have\b)|ought\s+to|"
    r"(?:not|never|n[’']t)\s+(?:\w+\s+)?(?:go|goes|going|gone|went)\s+far\s+enough|far\s+enough\b|"
    r"(?:(?:is|are|was|were|be)\s+not|(?:is|are|was|were)n[’']t)\s+(?:nearly\s+|near\s+)?enough"
    r"(?=\s*(?:[.,;:!?]|$|to\b|for\b))|"
    r"too\s+little,?\s+too\s+late|makes?\s+no\s+sense|a\s+waste\s+of|"
    r"(?:is|are|was|were|be|been|remains?|seems?|looks?|amounts?\s+to|amounted\s+to|represents?|represented)\s+"
    r"(?:\w+ly\s+|both\s+|simply\s+|still\s+|long\s+|just\s+|(?:nothing|little)\s+more\s+than\s+)?"
    r"(?:unfair|unjust|fair|wrong|misguided|flawed|reckless|irresponsible|unacceptable|outrageous|disgraceful|"
    r"scandalous|absurd|ridiculous|pointless|unnecessary|unrealistic|unworkable|ill-conceived|short-sighted|"
    r"excessive|inadequate|insufficient|unaffordable|discriminatory|disproportionate|heavy-handed|premature|rushed|"
    r"confusing|chaotic|sensible|reasonable|"
    r"(?:poorly|badly)\s+\w+|too\s+(?:small|big|large|high|low|slow|fast|expensive|costly|cheap|strict|lax|weak|"
    r"harsh|soft|late|early|little|much|complex|complicated|vague|narrow|broad|short|long)|"
    # figurative verdicts: "is a pre-election gift", "amounts to a cash grab", "is a fig leaf for polluters"
    r"(?:a|an)\s+(?:[\w-]+\s+)?(?:gift(?!\s+(?:from|of)\b)|grab|giveaway|handout|sop|bribe|insult|affront|whitewash|sham|charade|smokescreen|"
    r"stunt|gimmick|con|scam|rip-off|stitch-up|sell-?out|travesty|cop-out|own\s+goal|white\s+elephant|"
    r"vanity\s+project|fig\s+leaf|trojan\s+horse|blank\s+cheque|poisoned\s+chalice|damp\s+squib|pipe\s+dream|"
    r"gravy\s+train|stealth\s+tax|recipe\s+for|licen[cs]e\s+to\s+print\s+money|"
    # an idiom of a part of the body: "a slap on the wrist", "a kick in the teeth", "a shot in the arm"
    r"(?:slap|kick|shot|stab|punch|poke|thorn)\s+(?:on|in)\s+the\s+(?:wrist|teeth|face|arm|foot|eye|back|side)|"
    r"(?:drop|nail)\s+in\s+the\s+"
    r"(?:ocean|bucket|coffin))|"
    r"welcome|overdue|the\s+(?:right|wrong)\s+(?:decision|choice|call|move|approach)|"
    r"(?:a|an)\s+(?:[\w-]+\s+)?(?:mistake|disgrace|scandal|betrayal|failure|disaster|nightmare|mess|shambles|farce|"
    r"fiasco|joke|gamble|lifeline|(?:good|bad|terrible|great)\s+idea|step\s+(?:forward|back|backwards|in\s+the\s+"
    r"(?:right|wrong)\s+direction)))\b)",
    re.IGNORECASE,
)
_NOT_A_GROUP = DOCUMENT_HEADS | _DATA_NOUNS | words("it this that these those")
# Those who issue instructions: "officials said residents should boil their water" passes on advice, not an opinion.
_AUTHORITIES = words("officials official authorities police regulators inspectors officers staff")
_DEMAND_RE = re.compile(r"\b(?:should|must|ought)\b", re.IGNORECASE)


def _says_a_judgement(text: str, phrase: list[Token]) -> bool:
    """An unnamed speaking group ("campaign groups", "residents"), not a document, says a judgement or a demand."""
    head = phrase[-1].low
    group = head not in _NOT_A_GROUP and (head.endswith("s") or head in _PERSON_NOUNS or head in AFFILIATED_HEADS)
    match = _JUDGEMENT_RE.search(text) if group else None  # "this argument" is no group
    return match is not None and not (head in _AUTHORITIES and _DEMAND_RE.match(match.group(0)))


# Words that can head the subject of "forecasts", "projects", "pledged": people, bodies, documents, pronouns.
_SUBJECT_HEADS = (
    ORG_HEADS | AFFILIATED_HEADS | VAGUE_HEADS | _PERSON_NOUNS | DOCUMENT_HEADS | _DATA_NOUNS | words("he she who")
)
_PAST_VERBS_IN_PHRASE = words("heard made took gave got saw found kept held built ran set put sent brought bought")
_FREQUENCY_RE = re.compile(r"^(?:\d[\d,.]*|one|two|three|four|five|six|ten|few|other|hour|day|week|month|year)$")


# Verbs of saying or believing that are also plural nouns: "estimates of dust levels", "fears of a strike".
_PLURAL_NOUN_VERBS = words("estimates reports notes claims fears hopes doubts states shows questions")


def _heads_a_subject(phrase: list[Token]) -> bool:
    """Whether ``phrase`` can be the subject of a verb that is also a plural noun ("forecasts", "projects",
    "pledges"): it ends in a name or a noun that speaks or records, and holds no verb or frequency of its own (not
    "rock samples every 6 hours for short-term", "farmers rely on seasonal", "the minister made election")."""
    last = phrase[-1]
    plain = last.low[:-2] if last.low.endswith(("’s", "'s")) else last.low
    if not (
        (last.text[:1].isupper() and last.low not in _NON_NAME_CAPS)
        or plain in _SUBJECT_HEADS
        or plain.endswith(_PEOPLE_PLURAL_ENDINGS + ("ers", "ors"))
        or (
            len(phrase) <= 3
            and phrase[0].low in _ARTICLES_AND_POSSESSIVES
            and not last.text[:1].isdigit()
            and (len(phrase) == 2 or not last.low.endswith("s"))  # not "the software generates (reports)"
        )
    ):
        return False  # "her husband fears" and "the fund estimates" are subjects; "for short-term (forecasts)" is not
    for n, token in enumerate(phrase[:-1]):
        if token.low == "every" and _FREQUENCY_RE.match(phrase[n + 1].low):
            return False  # "every 6 hours": an adverbial of a verb before
        if n and token.low in _PAST_VERBS_IN_PHRASE:
            return False  # "voters heard campaign (pledges)", "the minister made election (promises)"
    return True


# Verbs of warning and predicting that also name a routine act: "the sensor warns drivers when ice forms", "the
# model predicts rainfall for 12 regions every morning" describe what a thing does, no one's opinion.
_ROUTINE_VERBS = words(
    "warn warns warned caution cautions cautioned predict predicts forecast forecasts estimate estimates "
    "project projects"
)
_WARN_VERBS = words("warn warns warned caution cautions cautioned")
_HABIT_RE = re.compile(
    r"\b(?:every|each)\s+(?:\d+\s+|few\s+|other\s+)?(?:second|minute|hour|day|morning|evening|night|week|month|"
    r"year|season|quarter)s?\b(?!\s+(?:this|next)\b)|\b(?:hourly|daily|nightly|weekly|monthly)\b|\b(?:once|twice|\d+\s+times)\s+(?:a|an|per)\s+"
    r"(?:minute|hour|day|week|month|year)\b",
    re.IGNORECASE,
)
_WARNING_TOPICS = words("of about against that")


def _routine_act(text: str, tokens: list[Token], idx: int, subject: list[Token]) -> bool:
    """The verb at ``idx`` names a routine act, not a claim: a warning given to someone with no clause or topic
    ("warns drivers when ice forms", not "warns that", "warned of a recession"), or, after a subject with no name,
    any of these verbs with a habitual frequency and no clause ("the model predicts rainfall every morning"; "the
    Met Office predicts rain every day this week" is a named forecast)."""
    if _reports_a_clause(tokens, idx):
        return False
    nxt = tokens[idx + 1].low if idx + 1 < len(tokens) else ""
    if tokens[idx].low in _WARN_VERBS and nxt and nxt not in _WARNING_TOPICS and _WORDLIKE_RE.match(nxt):
        return not any(t.low in _WARNING_TOPICS for t in tokens[idx + 2 : idx + 4])  # "warned residents of floods"
    # a thing named by a common noun after its determiner ("the new model", "its algorithm"), not a name or people
    thing = bool(subject) and subject[0].low in _DETERMINERS and not any(t.text[:1].isupper() for t in subject[1:])
    return thing and _HABIT_RE.search(text) is not None


def find_sources(text: str) -> list[SourceCue]:
    if _TRIGGER_WORDS.isdisjoint(_WORD_RUN_RE.findall(text.lower())) and not (
        ":" in text and _COLON_QUOTE_RE.match(text)
    ):
        return []
    tokens = tokenize(text)
    quoted = _quoted_spans(text)
    out: list[SourceCue] = []
    colon_quote = _colon_quote_source(text, tokens)
    if colon_quote is not None:
        out.append(colon_quote)
    for idx, tok in enumerate(tokens):
        low = tok.low
        if low not in _CANDIDATE_WORDS or _inside(tok.start, quoted):
            continue
        frame = _frame_source_start(tokens, idx)
        if frame is not None:
            i = frame
            j = i
            while j < len(tokens) and tokens[j].text not in {",", ";", ".", "—", "(", "“", '"'}:
                j += 1
            if j > i:
                phrase = tokens[i:j]
                named = classify_reference(phrase)
                verb_start, verb_end = tokens[_frame_start_token(tokens, idx)].start, tokens[i - 1].end
                out.append(
                    SourceCue(
                        _token(text[verb_start:verb_end], verb_start, verb_end),
                        text[phrase[0].start : phrase[-1].end],
                        phrase[0].start,
                        phrase[-1].end,
                        named,
                        # "The ban does not go far enough, according to campaign groups": an opinion, as with "say"
                        opinion=not named and _says_a_judgement(text, phrase),
                    )
                )
            continue
        if low == "quoted" and idx >= 2 and tokens[idx - 1].low in _QUOTED_AUXILIARIES:
            # "Ortiz was quoted (by the Gazette) as saying ...": the subject of the passive is the source
            if any(t.low == "saying" for t in tokens[idx + 1 : idx + 10]):
                i, j, _ = _np_before(tokens, idx - 1)
                phrase = tokens[i:j]
                if phrase and _plausible_subject(phrase):
                    named = classify_source(phrase, _starts_sentence(tokens, i))
                    source = text[phrase[0].start : phrase[-1].end]
                    out.append(SourceCue(tok, source, phrase[0].start, phrase[-1].end, named, opinion=False))
            continue
        if low in _REPORT_PARTICIPLES and idx >= 2 and tokens[idx - 1].text == ",":
            # "Judge Ellen Brandt dissented, writing that ...": the main clause's subject says it ("saying" always
            # reports; the others only with a clause: not "adding to 1,000 cuts", "claiming the lives of 12 people")
            subject = _sentence_subject(tokens)
            if subject is not None and (low == "saying" or _reports_a_clause(tokens, idx)):
                i, j = subject
                phrase = tokens[i:j]
                named = classify_source(phrase, True)
                source = text[phrase[0].start : phrase[-1].end]
                opinion = low in _OPINION_PARTICIPLES
                out.append(SourceCue(tok, source, phrase[0].start, phrase[-1].end, named, opinion))
            continue
        if low in _JUDGING_SAY_VERBS and not _judgement_follows(tokens, idx):
            continue  # "called a meeting", "called for a ban", "described the scene"
        document_only = False
        pointed_out = low == "pointed" and idx + 1 < len(tokens) and tokens[idx + 1].low == "out"
        that_next = idx + 1 < len(tokens) and tokens[idx + 1].low == "that"
        if (
            (low in _FINDING_VERBS | _CLAIMING_VERBS and that_next)
            or (low in _THAT_REPORT_VERBS and _that_follows(tokens, idx))
            or pointed_out
            or low in _JUDGING_SAY_VERBS  # checked above: "called it a disgrace"
        ):
            pass  # "researchers found that", "maintained that", "assured investors that", "pointed out"
        elif low in _FINDING_VERBS and _closing_attribution(tokens, idx):
            pass  # "Southvale discharged sewage 3,000 times, the regulator found."
        elif low in _PREDICTION_VERBS and idx and tokens[idx - 1].low in {"had", "have", "has"}:
            pass  # "analysts had forecast revenue of $2.2 billion" (not "the forecast", a noun)
        elif low in _FIGURE_VERBS and _gives_a_figure(tokens, idx):
            pass  # "the insurer put the cost at $4 billion", "valued the contract at $85 million in a filing"
        elif low in _ADVICE_VERBS or (low in _PAST_ADVICE_VERBS and _gives_advice(tokens, idx)):
            pass  # "the ministry recommends two doses", "the regulator urged banks to check their systems"
        elif low in _DOCUMENT_VERBS:
            document_only = True  # "the auditor's report found 40 errors"
        elif low == "show":
            pass  # a source only after a phrase with a noun of data (below)
        elif low in _FEELING_VERBS:
            if not _reports_a_clause(tokens, idx) or (
                idx + 1 < len(tokens) and tokens[idx + 1].low in _FEEL_NOT_BELIEF
            ):
                continue  # "felt the tremor", "feel safe", "felt like a defeat"
        elif low not in SOURCE_VERBS:
            continue
        if _stance_object(tokens, idx) or _reduced_passive(tokens, idx):
            continue
        if tok.text[:1].isupper() and not _starts_sentence(tokens, idx):
            continue  # part of a name or a title: "the United States", "Consumer Reports"
        opinion = (low in _OPINION_LIKE_VERBS and low not in REPORT_VERBS) or (
            low in _ESTIMATE_VERBS and not document_only  # an estimate, like "estimated the cost at"
        )
        unnamed_evidence = low in _EVIDENCE_VERBS and evidence_subject(text, tok.start)
        if unnamed_evidence:
            opinion = False  # "Reports suggest ...": evidence reports, it holds no opinion
        # verbs that also work as nouns or participles need a subject right before them
        previous = tokens[idx - 1] if idx else None
        post_quote = previous is not None and previous.text in {"”", '"', ","} and idx >= 2
        if post_quote and previous is not None and previous.text == "," and tokens[idx - 2].text not in {"”", '"'}:
            # "..., the ministry said" handled below as before-NP; ", said Name" as after-NP
            post_quote = False
        i, j, k = _np_before(tokens, idx)
        whole = tokens[i:j]  # before a relative clause or a postmodifier is taken off
        appositive = tokens[j + 1 : k] if k > j else []
        head = _relative_clause_head(tokens, i, j)
        if head is not None:
            i, j = head, i - 1  # "officials | who spoke to the BBC | said": the clause is no part of the source
        j = _postmodifier_start(tokens, i, j)
        phrase = tokens[i:j]
        if (not phrase or post_quote) and idx + 1 < len(tokens) and _is_capitalised(tokens[idx + 1]):
            a, b = _np_after(tokens, idx)
            after = tokens[a:b]
            if after:
                out.append(
                    SourceCue(
                        tok,
                        text[after[0].start : after[-1].end],
                        after[0].start,
                        after[-1].end,
                        classify_source(after, _starts_sentence(tokens, a)),
                        opinion,
                    )
                )
                continue
        if not phrase or not _plausible_subject(phrase):
            continue
        if low in _ROUTINE_VERBS and _routine_act(text, tokens, idx, phrase):
            continue  # "the sensor warns drivers when ice forms", "the model predicts rainfall every morning"
        if (low in _THAT_REPORT_VERBS or low in _PLURAL_NOUN_VERBS) and whole and not _heads_a_subject(whole):
            continue  # "... for short-term forecasts that warn ships", "made election promises that": the noun
        if low == "show" and not any(t.low in _DATA_NOUNS for t in phrase):
            continue
        if document_only and not any(t.low in DOCUMENT_HEADS for t in phrase):
            continue
        if i > 0 and tokens[i - 1].low in _ADVERBIAL_SUBORDINATORS:
            continue  # "shares jumped after the company reported record output": the report dates the jump
        if idx and tokens[idx - 1].low in _ARTICLES_AND_POSSESSIVES:
            continue  # "the estimated cost", "carries an estimated price tag": the verb is an adjective
        if (
            low in _ACT_OR_REPORT_VERBS
            and not (low in {"show", "shows", "showed"} and any(t.low in _DATA_NOUNS | DOCUMENT_HEADS for t in phrase))
            and not _reports_a_clause(tokens, idx, after_clause=i > 0 and tokens[i - 1].text in {",", "”", '"'})
        ):
            continue  # "the minister announced a new port upgrade": an actor acting, not a source
        # a noun-phrase subject must end in a noun-like word, not a verb or preposition
        if phrase[-1].low in {
            "to",
            "of",
            "in",
            "on",
            "at",
            "for",
            "with",
            "by",
            "is",
            "are",
            "was",
            "were",
            "be",
        }:
            continue
        # "..., official figures showed.": after a comma and before the end the word is the verb
        closing = i > 0 and tokens[i - 1].text == "," and (idx + 1 == len(tokens) or tokens[idx + 1].text in {".", ";"})
        if low in _NOUN_LIKE_VERBS and (
            i == j
            or all(t.low in _ARTICLES for t in phrase)  # "The show opened": the noun after its article
            or (_noun_modifier_only(phrase, _starts_sentence(tokens, i)) and not closing)
            or (idx + 1 < len(tokens) and tokens[idx + 1].low in _NOT_IN_SUBJECT)  # "Gulf states will"
        ):
            continue
        named = not unnamed_evidence and (
            (classify_source(phrase, _starts_sentence(tokens, i)) and not _plural_common_noun(tokens, i, j, low))
            or _singular_name(tokens, i, j, low)
            or (_identifying_appositive(appositive) and classify_source(appositive, False))
            or _publishing_appositive(phrase, appositive)
        )
        # an unnamed group saying a judgement voices an opinion (a named source is a source whatever it says)
        if not opinion and not named and low in REPORT_VERBS:
            opinion = _says_a_judgement(text, phrase)
        out.append(
            SourceCue(tok, text[phrase[0].start : phrase[-1].end], phrase[0].start, phrase[-1].end, named, opinion)
        )
    # "The Baltic states fear ...": a verb read as a noun heading another verb's subject is no verb
    heads = {s.source_end for s in out}
    out = [s for s in out if s.verb.end not in heads]
    hearsay = _HEARSAY_FRAME_RE.match(text)
    if hearsay is not None:
        # "It is said that the minister told aides he would resign", "Reportedly, the regulator urged banks to ...":
        # a named speaker inside what nobody named passes on is part of the hearsay, not its source
        out = [replace(s, named=False) if s.source_start >= hearsay.end() else s for s in out]
    return out


# An agentless report framing the whole sentence: nobody is named as passing it on.
_HEARSAY_FRAME_RE = re.compile(
    r"[\"“‘']?(?:it\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|also\s+|now\s+)?(?:said|understood|reported|"
    r"rumou?red|claimed|alleged|whispered)\s+that\b|(?:reportedly|allegedly|rumou?r\s+has\s+it|word\s+is)\s*,?)",
    re.IGNORECASE,
)


def find_facts(text: str) -> list[Cue]:
    cues = [Cue(text[start:end], start, end, CueKind.FACT) for start, end in _NUMBERS.spans(text)]
    cues.extend(Cue(m.group(0), m.start(), m.end(), CueKind.FACT) for m in _DATE_RE.finditer(text))
    cues.sort(key=lambda c: c.start)
    return cues


# Opinion ascribed to nobody in particular: "is widely seen as", "is perceived by many experts as",
# "it is believed". Treated like an unnamed group's opinion.
VAGUE_OPINION_RE = re.compile(
    r"\b(?:widely|generally|commonly|often|increasingly)\s+(?:seen|viewed|regarded|considered|believed|thought|"
    r"critici[sz]ed|praised|expected|described|perceived|condemned|blamed|credited)\b|"
    r"\b(?:is|are|was|were|being)\s+(?:seen|viewed|regarded|perceived|considered|described|critici[sz]ed)\s+by\s+"
    r"(?:many|some|several|most|critics|experts|observers|analysts|others)\b|"
    r"\b(?:some|many|others)\s+(?:say|believe|argue|fear|think|worry|suspect|claim)\b|"
    # a judgement with nobody to hold it: "the move is seen as a setback" (not "seen by the ministry as")
    r"\b(?:is|are|was|were|being)\s+(?:\w+ly\s+)?(?:seen|viewed|regarded|perceived)\s+as\b|"
    r"\bit\s+is\s+(?:widely\s+|generally\s+)?(?:believed|thought|feared|rumou?red|assumed|expected)\b",
    re.IGNORECASE,
)
_VAGUE_OPINIONS = CaselessPattern(VAGUE_OPINION_RE)


def analyse(text: str, *, weasels: bool = True, past_context: bool = False) -> CueAnalysis:
    main, scoped, rule_modals = _find_hedges(text, past_context)
    sources = find_sources(text)
    quoted: list[tuple[int, int]] | None = None
    for start, end in _VAGUE_OPINIONS.spans(text):
        if quoted is None:
            quoted = _quoted_spans(text)
        if not _inside(start, quoted):
            phrase = text[start:end]
            sources.append(SourceCue(_token(phrase, start, end), phrase, start, end, named=False, opinion=True))
    # a verb used as a hedge ("suggests") is not also a source verb and vice versa
    found: tuple[Cue, ...] = ()
    if weasels:
        candidates = [Cue(text[start:end], start, end, CueKind.WEASEL) for start, end in _WEASELS.spans(text)]
        candidates += find_superlatives(text)
        candidates += [
            Cue(text[start:end], start, end, CueKind.WEASEL)
            for start, end in _OPINION_NOUNS.spans(text)
            if _unheld_opinion(text, start, end)
        ]
        found = tuple(c for c in candidates if not _weasel_cancelled(text, c, sources))
    return CueAnalysis(tuple(main), tuple(scoped), tuple(sources), tuple(find_facts(text)), found, rule_modals)


# ------------------------------------------------------------------------------------- weasel scope

# Where a weasel word sits can take the vagueness away: the word is part of a name, the set it quantifies is a
# definite one, the judgement has a named holder, or the word has another reading there.
_NOT_SENTENCE_BREAK = re.compile(r"[^\s.!?:;\"“‘`'(\[—–-]\s*$")
_DEFINITE_BEFORE_RE = re.compile(r"\b(?:the|his|her|its|their|my|our|your|any)\s+$", re.IGNORECASE)
_EQUATIVE_RE = re.compile(r"\s+[^.;:]{1,60}?\bas\b")
_DELIBERATION_AFTER_RE = re.compile(r"\s+(?:for|but)\b", re.IGNORECASE)
_PERSON_HOLDER_BEFORE_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|I|[Ww]e)\s+(?:(?:also|once|always|had|has|\w+ly)\s+)?$")
_NAMED_AGENT_AFTER_RE = re.compile(r"\s+by\s+(?:the\s+)?[A-Z]")
# Verbs of judging whose holder, when stated, owns the judgement ("Schopenhauer believed", "what he considered").
_JUDGING_VERBS = words(
    "believed believes thought thinks considered considers claimed claims suggested suggests assumed assumes "
    "presumed suspected regarded described praised criticised criticized hailed deemed disputed acclaimed "
    "touted perceived seen viewed argued"
)

# A ranking against everything ("the most expensive hotel ever built") is a peacock claim unless the same clause
# states the measure it ranks by ("... at around US$1.6 billion", "... had a potential of about one million volts").
_FIGURE_RE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+(?:hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)
_CLAUSE_END_RE = re.compile(r"[;.](?!\d)")


def _measured_ranking(text: str, start: int) -> bool:
    for match in _GLOBAL_SUPERLATIVE_RE.finditer(text):
        if match.start() <= start < match.end():
            clause = _CLAUSE_END_RE.search(text, match.end())
            return bool(_FIGURE_RE.search(text, match.end(), clause.start() if clause else len(text)))
    return False


# Praise and blame as acts: active with a named subject right before ("Knopf hailed this edition", "the Burma
# Campaign UK criticised Comic Relief", "the council criticised") they have an owner; passive ("was hailed as"),
# after an unnamed group ("many Vietnamese hailed") or after a sentence-initial plural ("Reviewers praised") not.
_EVALUATING_VERBS = words("praised criticised criticized hailed touted acclaimed accused condemned")
_NAME_BEFORE_VERB_RE = re.compile(
    r"(?:^|(?<=[^\w\s])|\b([\w’'-]+))\s*\b([A-Z][\w.&’'-]*)\s+(?:(?:has|have|had|also|once|later|\w+ly)\s+){0,2}$"
)
_ORGANISATION_BEFORE_VERB_RE = re.compile(
    r"\b(?:the|its|their|his|her)\s+(?:[\w-]+\s+)?(?!(?:has|have|had|also|once|later)\b)(\w+)\s+"
    r"(?:(?:has|have|had|also|once|later|\w+ly)\s+){0,2}$",
    re.IGNORECASE,
)
_PASSIVE_AFTER_RE = re.compile(r"\s+(?:by|as|for\s+being)\b", re.IGNORECASE)


def _named_subject_before(before: str) -> bool:
    organisation = _ORGANISATION_BEFORE_VERB_RE.search(before)
    if organisation is not None and organisation.group(1).lower() in ORG_HEADS:
        return True  # "the council has criticised"
    match = _NAME_BEFORE_VERB_RE.search(before)
    if match is None:
        return False
    previous, name = (match.group(1) or "").lower(), match.group(2).lower()
    if name in _NON_NAME_CAPS or name in VAGUE_HEADS or name in VAGUE_DETERMINERS or previous in VAGUE_DETERMINERS:
        return False
    # sentence-initial, a common plural is a group ("Reviewers praised"), not a name ("Smith praised")
    return bool(previous) or not (name.endswith("s") and _common_word(name, 2_000_000))


def _weasel_cancelled(text: str, cue: Cue, sources: list[SourceCue]) -> bool:
    """True when the context of a weasel cue takes its vagueness away (see the comment above)."""
    start, end = cue.start, cue.end
    before = text[max(0, start - 60) : start]
    low = cue.text.lower()
    last = low.split()[-1]
    if text[start].isupper() and _NOT_SENTENCE_BREAK.search(before):
        return True  # inside a name or a title: "an Emmy for Outstanding Lead Actor", "the Whitinger Scholars Program"
    if low.startswith("other") and _DEFINITE_BEFORE_RE.search(before):
        return True  # a definite set: "the other players", "her other friends"
    if low in {"many", "much", "few"} and before.lower().endswith("as ") and _EQUATIVE_RE.match(text[end:]):
        return True  # a comparison of equals: "as many e-mails as he can", "as much traffic as the motorway"
    if low == "should" and opens_embedded_question(before):
        return True  # an indirect question about duty: "to determine who should rule"
    if _measured_ranking(text, start):
        return True  # "the most expensive hotel ever built, at US$1.6 billion": the figure settles the ranking
    if low in _EVALUATING_VERBS and _named_subject_before(before) and not _PASSIVE_AFTER_RE.match(text[end:]):
        return True  # "the Burma Campaign UK criticised Comic Relief": praise or blame from a named actor
    if last in _JUDGING_VERBS:
        if last == "considered" and _DELIBERATION_AFTER_RE.match(text[end:]):
            return True  # "was considered for the lead", "was considered but rejected": weighed, not judged
        if low == last and _PERSON_HOLDER_BEFORE_RE.search(before):
            # "what he considered his land": a person already named holds the view (not "he is considered")
            return True
        if last.endswith(("ed", "seen", "thought")) and _NAMED_AGENT_AFTER_RE.match(text[end:]):
            return True  # "suggested by Alan Turing's essay": the passive names who judged
        return any(
            s.named and s.verb.start == start and s.verb.end == end and start > 0 and not _people_reference(s.source)
            for s in sources
        )  # "Schopenhauer believed that ...": a named holder
    return False
