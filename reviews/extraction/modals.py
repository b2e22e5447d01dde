"""Which reading a modal verb has: epistemic (a hedge) or obligation / permission / past ability (not one).

The corpus guideline counts "may", "could" and "might" as hedges because they usually mark a possibility.
Two other readings state something as fact and are not hedges:

* **obligation** ("the council should publish its accounts", "operators must file a report"): a demand
  made of an agent. "Must" and "has to" are never read as hedges here; "should" is a hedge only when
  its verb is an outcome nobody performs (prices *rise*, the bridge *opens* in May, the project
  *takes* two years, the line *should be ready* by 2027) or a comparison ("should be higher than").
* **past ability** ("in 2010 she could run a mile", "as a child he could read Latin", "before the dam
  was built, farmers could irrigate half their fields", "wolves could once be found here"): "could" as the
  past of "can", recognised by a past-time frame in the sentence and no prediction; "could have" (a
  counterfactual) stays a hedge.
* **permission in a rule** ("tenants may not be evicted in winter", "landlords may raise rents only once a
  year", "anglers may keep two fish a day, and every catch must be logged"): "may" refused, restricted by
  "only" or next to an obligation grants or withholds a right; with a verb of outcome or state ("bills may
  rise", "the rules may not be enough", "engineers may not know") it stays a possibility.

The decisions look at the words around the modal (its verb, its object, time frames), not at a list of
sentences. Pure functions over the sentence text; offsets are into it.
"""

from __future__ import annotations

import datetime
import re

from reviews.extraction.lexicon import words

# Verbs whose subject undergoes rather than performs them: after "should" they predict.
_OUTCOME_VERBS = words(
    "rise fall increase decrease grow shrink decline drop dip ease improve recover rebound stabilise stabilize "
    "slow accelerate pick climb jump soar slump slide settle peak exceed top hit reach arrive happen occur "
    "follow come return remain continue last stay expire arrive emerge appear materialise materialize "
    "help benefit boost lift mean translate result lead allow enable cost save generate yield add "
    "outpace outstrip lag narrow widen weaken strengthen tighten loosen subside abate fade clear"
)
# Verbs that predict when intransitive ("the bridge should open in May") and demand when they take an
# object ("the council should open its books").
_AMBIGUOUS_VERBS = words("open reopen close start begin end finish resume conclude wrap run take")
_OBJECT_STARTS = words(
    "the a an its their his her our your my this that these those it them him us me some any all more "
    "action steps measures care responsibility notice part place"
)
_TIME_AFTER_TAKE_RE = re.compile(
    r"\s+(?:(?:about|around|roughly|some|at\s+least|up\s+to|another|several|a\s+few|many|two|three|four|five|six|"
    r"ten|\d[\d,.]*|a|an)\s+)*(?:minutes?|hours?|days?|weeks?|months?|years?|decades?|time|longer|a\s+while)\b",
    re.IGNORECASE,
)
# "should be" + a state reached rather than an act performed
_STATES = words(
    "ready complete completed finished done available operational open back over enough sufficient fine "
    "possible feasible able likely unlikely in higher lower larger smaller bigger better worse faster slower "
    "cheaper stronger weaker easier harder fewer less more similar comparable close"
)
_ADVERBS = words(
    "also still then soon easily probably certainly likely eventually gradually further slightly sharply "
    "only even already again not never n't just all both"
)

# A past-time frame: "in 2010", "as a child", "back then", "years ago", "when she was 20", "before the dam was built"
_PAST_FRAME_RE = re.compile(
    r"\b(?:in|by|until|till|during|throughout|around|circa|from|between|before|prior\s+to)\s+(?:the\s+)?"
    r"(?:early\s+|late\s+|mid-?)?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
    r"(?P<year>1[0-9]\d\d|20\d\d)s?\b|"
    # "could once" is the past of "can once" ("wolves could once be found"); "could once again" predicts
    r"\bcould\s+(?:also\s+|still\s+)?once\b(?!\s+(?:again|more)\b)|\bonce\s+could\b|"
    # "under the old rules, councils could borrow ...": the rules that applied before
    r"\bunder\s+the\s+(?:old|former|previous|earlier|original)\b|"
    r"\b(?:in|by|until)\s+the\s+(?:\d{4}s|(?:early|late|mid)\s+\d{4}s|\w+teenth\s+century|past)\b|"
    r"\bas\s+an?\s+(?:child|boy|girl|teenager|teen|student|youngster|toddler|schoolboy|schoolgirl|rookie|"
    r"undergraduate|young\s+(?:man|woman|player|reporter|officer|lawyer|doctor|teacher))\b|"
    r"\b(?:at\s+the\s+time|at\s+one\s+time|back\s+then|in\s+those\s+days|in\s+(?:his|her|their|its|my|our)\s+(?:youth|prime|heyday|"
    r"childhood|twenties|thirties|day)|until\s+recently|formerly|previously|once\s+upon|"
    r"(?:years|decades|months|weeks|centuries|days|generations)\s+ago|"
    r"last\s+(?:year|month|week|century|decade|season|summer|winter|spring|autumn)|"
    r"by\s+the\s+age\s+of|at\s+the\s+age\s+of|aged\s+\d+)\b|"
    r"\b(?:when|before|until)\s+(?:[\w’'-]+\s+){1,5}?(?:was|were|had|did|\w{2,}[^\We]ed)\b",
    re.IGNORECASE,
)
# Anything that points forward makes "could" a prediction even in a past frame.
_FUTURE_RE = re.compile(
    r"\b(?:will|next|coming|upcoming|future|soon|tomorrow|later\s+this|forecast|projected|expected|"
    r"by\s+(?:the\s+end\s+of\s+)?(?:20[2-9]\d|next))\b",
    re.IGNORECASE,
)
_COUNTERFACTUAL_RE = re.compile(
    r"\s+(?:(?:also|still|well|even|not|never|\w+ly)\s+)*(?:have|be|become)\b", re.IGNORECASE
)
# A wh-word that opens an embedded question: "what", "whether" and "how" up to three words before the modal
# ("whether the fares should"); "who" right before it and only after a verb or preposition that takes a question
# ("determine who should"), since after a noun it opens a relative clause ("residents who should").
_WH_BEFORE_RE = re.compile(
    r"(?:\b(?:what|whether|how)(?:\s+[\w’'-]+){0,3}|\b(?:determine[sd]?|decided?|decides|choose|chose|know|knows|"
    r"knew|ask|asks|asked|about|over|on|to|as\s+to)\s+whom?)$",
    re.IGNORECASE,
)
_PURPOSE_BEFORE_RE = re.compile(r"\b(?:so\s+that|in\s+order\s+that)\s+(?:[\w’'-]+\s+){1,4}$", re.IGNORECASE)


def _next_verb(text: str, end: int) -> tuple[str, int]:
    """The first word after the modal that is not an adverb or negation, and where it ends."""
    position = end
    for _ in range(4):
        match = re.match(r"\s+([A-Za-z’'-]+)", text[position:])
        if match is None:
            return "", position
        word = match.group(1).lower()
        position += match.end()
        if word not in _ADVERBS and not word.endswith("ly"):
            return word, position
    return "", position


def opens_embedded_question(before: str) -> bool:
    """The text before a modal ends with a wh-word: "(to determine) who", "(describes) what"."""
    return bool(_WH_BEFORE_RE.search(before.rstrip()))


# Verbs of outcome that people do as an act: "patients should stay home", "anyone who tests positive should remain
# at home", "travellers should return for a second dose" (advice), unlike "inflation should stay below 3%".
_ACTS_OF_PEOPLE = words("stay remain return follow come arrive appear")
_PEOPLE_NOUNS = words(
    "people persons person anyone anybody everyone everybody someone those you we patients patient travellers "
    "travelers traveller traveler passengers passenger drivers driver cyclists pedestrians visitors visitor "
    "residents resident children child kids pupils pupil students student parents parent staff employees employee "
    "workers worker women woman men man adults adult users user customers customer tenants tenant applicants "
    "members member voters households families guests fans spectators motorists commuters shoppers owners "
    "homeowners landlords teachers doctors nurses carers caregivers babies infants toddlers teenagers "
    "pensioners swimmers hikers walkers campers anglers athletes players smokers mothers fathers individuals"
)
_PEOPLE_SUBJECT_RE = re.compile(
    r"^[\"“‘'(]?(?:[\w’'-]+\s+){0,3}?(?P<noun>[a-z][\w-]*)\b(?:\s+(?:who|with|without|aged|under|over|in|on|at|from|"
    r"taking|travelling|traveling|returning|living|working)\b.*)?$",
    re.IGNORECASE | re.DOTALL,
)
_REPORTED_BEFORE_RE = re.compile(
    r"\b(?:say|says|said|think|thinks|believe|believes|expect|expects|predict|predicts|warn|warns|that|suggest|"
    r"suggests)\b",
    re.IGNORECASE,
)
_STAY_PUT_RE = re.compile(r"\s+(?:home|indoors|inside|away|off|in\s+bed|at\s+home|out\s+of)\b", re.IGNORECASE)


def _advice_to_people(before: str, verb: str, after_verb: str) -> bool:
    """ "People who have been ill should stay home", "Drivers should stay below 50 mph": people told what to do."""
    if verb not in _ACTS_OF_PEOPLE or _REPORTED_BEFORE_RE.search(before):
        return False
    if verb == "stay" and _STAY_PUT_RE.match(after_verb):
        return True  # "should stay home", "should stay off school": only people and animals stay home
    match = _PEOPLE_SUBJECT_RE.match(before)
    return match is not None and match.group("noun").lower() in _PEOPLE_NOUNS


def should_is_epistemic(text: str, start: int, end: int) -> bool:
    """ "should" at ``text[start:end]`` predicts ("prices should ease") rather than demands ("should publish")."""
    before = text[:start].rstrip()
    if not before or before[-1] in "\"“‘'(":
        return False  # "Should the talks fail, ...": a condition or a question, not a prediction
    if opens_embedded_question(before):
        return False  # an embedded question about duty or design: "who should rule", "what should appear on a page"
    verb, after = _next_verb(text, end)
    if verb in _OUTCOME_VERBS:
        return not _advice_to_people(before, verb, text[after:])
    if verb in _AMBIGUOUS_VERBS:
        if verb == "take":
            return bool(_TIME_AFTER_TAKE_RE.match(text[after:]))
        nxt, _ = _next_verb(text, after)
        return nxt not in _OBJECT_STARTS
    if verb == "be":
        state, state_end = _next_verb(text, after)
        comparison = state.endswith("er") and text[state_end:].lstrip().lower().startswith("than")
        return state in _STATES or comparison
    if verb == "have":
        return bool(_FUTURE_RE.search(text[end:]))  # "should have finished by next June"
    return False


def could_is_past_ability(text: str, start: int, end: int, past_context: bool = False) -> bool:
    """ "could" at ``text[start:end]`` is the past of "can" ("in 2010 she could run a mile"), not a hedge.

    ``past_context``: the sentence before set a past frame ("The market opened in 1998. Shoppers could pay by card
    at every stall."), which a "could" of an act with no frame, condition or prediction of its own continues."""
    if _COUNTERFACTUAL_RE.match(text[end:]):
        return False  # "could have", "could be": possibility, whatever the frame
    if _FUTURE_RE.search(text):
        return False
    if _PURPOSE_BEFORE_RE.search(text[:start]):
        return True  # "... so that buyers could compare prices": the purpose of a past act
    if _has_past_frame(text, could_at=start):
        return True
    if not past_context or _CONDITION_RE.search(text):
        return False
    verb, _ = _next_verb(text, end)
    return bool(verb) and verb not in _STATE_VERBS and not _inflected(verb)


_CONDITION_RE = re.compile(r"\b(?:if|unless|once|should|would|will|may|might)\b", re.IGNORECASE)


def sets_past_frame(text: str) -> bool:
    """The sentence is set in a past period ("In the 1990s, ...", "When the market opened in 1998, ...") and
    predicts nothing: a "could" in the sentence after it may be the past of "can"."""
    return _has_past_frame(text) and not _FUTURE_RE.search(text)


def _has_past_frame(text: str, could_at: int | None = None) -> bool:
    """A past frame in ``text``. A year counts only once it is over ("in 2019", "until 2024" in 2026; not "by 2030"),
    and, for the "could" at ``could_at``, only before it: "Until 2019, councils could borrow" frames the act, while
    "prices could rise 5% in 2025" dates what is predicted."""
    this_year = datetime.date.today().year
    for match in _PAST_FRAME_RE.finditer(text):
        year = match.group("year")
        if year is None:
            return True
        if int(year) < this_year and (could_at is None or match.start() < could_at):
            return True
    return False


# Verbs after "may" that say what may happen or be the case, not what someone is allowed to do.
_STATE_VERBS = _OUTCOME_VERBS | words(
    "be have know need want see notice feel get go happen work struggle face lose suffer find make mean seem "
    "appear prove turn become depend vary differ affect change miss fail realise realize understand expect "
    "survive win matter cause push force spark trigger prompt damage hurt harm threaten undermine delay"
)
# Participles after "may (not) be" that state a relation or a condition ("may not be linked to", "may be needed")
_STATE_PARTICIPLES = words(
    "linked associated related connected tied affected involved needed required caused known based finished "
    "completed delayed exposed infected damaged lost used limited tied unaffected overstated understated "
    "underestimated overestimated higher lower"
)
_OBLIGATION_RE = re.compile(
    r"\b(?:must(?!\s+(?:also\s+)?have\b)|shall|(?:is|are)\s+(?:also\s+)?(?:required|obliged|obligated)\s+to)\b",
    re.IGNORECASE,
)
_ONLY_AFTER_RE = re.compile(r"[^,;:—()]*?\bonly\b", re.IGNORECASE)
_CLAUSE_AND_RE = re.compile(r"\s(?:and|but|or)\s")
# A class of people or things with no article ("Residents", "Under-18s", "all drivers", "each tenant"): whom a
# rule binds, unlike "the team" or "he", whose "may not" is a possibility.
_GROUP_SUBJECT_RE = re.compile(
    r"(?:^|[,;:]\s*|\band\s+|\bbut\s+)[\"“‘'(]?(?:(?:each|every|no|any|all)\s+)?"
    r"(?!(?:the|a|an|its|their|his|her|our|my|your|this|that|these|those)\b)(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*s\s+$|"
    r"\b(?:each|every|no)\s+(?:[a-z][\w-]*\s+){0,2}$",
    re.IGNORECASE,
)


# Verbs of outcome that are acts with an object: "borrowers may return items" (not "prices may return to normal").
_TRANSITIVE_ACTS = words("return follow")
_NOT_AN_OBJECT = words(
    "to by in on at from for with into above below over under up down out off back again soon home later"
)


def _act_on_a_thing(text: str, verb: str, after: int) -> bool:
    if verb not in _TRANSITIVE_ACTS:
        return False
    nxt, _ = _next_verb(text, after)
    return bool(nxt) and nxt not in _NOT_AN_OBJECT and not nxt[:1].isdigit()


def _inflected(verb: str) -> bool:
    """A past or -ing form after a modal is no base verb ("may continuing", a misreading); "bring" and "sing" are."""
    return verb.endswith("ed") or (verb.endswith("ing") and len(verb) > 5 and verb not in _ING_BASE_VERBS)


_ING_BASE_VERBS = words("bring string spring swing fling sting cling wring")


def _participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in _IRREGULAR_PARTICIPLES


_IRREGULAR_PARTICIPLES = words(
    "built sold held kept sent brought bought caught paid made set put shut cut hit led left lent told taught "
    "fed shot spent struck stuck swept thrown worn won"
)


def may_is_permission(text: str, start: int, end: int) -> bool:
    """ "may" at ``text[start:end]`` grants or refuses a right in a rule, not a possibility: refused ("tenants may
    not be evicted", "residents may not water lawns"), restricted ("may sell hot food only after 11 a.m.") or
    beside an obligation ("anglers may keep two fish a day, and every catch must be logged")."""
    verb, after = _next_verb(text, end)
    if not verb:
        return False
    clause_end = _CLAUSE_AND_RE.search(text, end)
    rest = text[end : clause_end.start() if clause_end else len(text)]
    if _FREQUENCY_CAP_RE.search(rest):
        return True  # a cap on how often, whatever the verb: "rents may rise only once a year"
    if _entitlement_with_a_limit(text, start, verb, after, rest):
        return True  # "visitors may bring one guest each", "pensioners may use their passes before 9:30 a.m."
    if verb == "be":
        state, _ = _next_verb(text, after)
        if not _participle(state) or state in _STATE_PARTICIPLES:
            return False  # "may not be enough", "may be linked to"
    elif (verb in _STATE_VERBS and not _act_on_a_thing(text, verb, after)) or _inflected(verb):
        return False  # "bills may rise", "engineers may not know", "the museum may not reopen"
    elif verb in _AMBIGUOUS_VERBS:
        nxt, _ = _next_verb(text, after)
        if nxt not in _OBJECT_STARTS:
            return False
    if _ONLY_AFTER_RE.match(rest) or _OBLIGATION_RE.search(text):
        return True
    if (
        _RULE_TERMS_RE.search(text)
        and not _COMPARATIVE_AFTER_RE.match(text, after)
        and not _OCCASION_RE.search(text, end)
        and verb not in _DECISION_VERBS
        and _GROUP_SUBJECT_RE.search(text[:start])
    ):
        return True  # the terms of a scheme: "borrowers may return items to any branch, and the late fee still applies"
    if not re.match(r"\s+not\b", text[end:]) or _OCCASION_RE.search(text, end):
        return False  # "farmers may not plant this year", "may not reopen before May": one occasion, a possibility
    # refused: a passive of an act ("may not be evicted"), or an act forbidden to a class of people ("residents
    # may not water lawns"; "the team may not play on Sunday" is a possibility)
    return (
        verb == "be"
        or (
            verb not in _DECISION_VERBS
            and not _COMPARATIVE_AFTER_RE.match(text, after)  # "consumers may not spend as much"
            and bool(_GROUP_SUBJECT_RE.search(text[:start]))
        )
    )


_FREQUENCY_CAP_RE = re.compile(
    r"\b(?:only|no\s+more\s+than|at\s+most)\s+(?:once|twice|(?:\w+|\d+)\s+times)\s+(?:a|per|each|every)\s+"
    r"(?:day|week|month|year|season|term|quarter)\b",
    re.IGNORECASE,
)


# The terms of a scheme or a rule: a fee, a fine, a permit, a charge that applies.
_RULE_TERMS_RE = re.compile(
    r"\b(?:fees?|fines?|penalt(?:y|ies)|permits?|licen[cs]es?|charges?|surcharges?|deposits?|allowances?|quotas?)\b",
    re.IGNORECASE,
)
_COMPARATIVE_AFTER_RE = re.compile(
    r"\s+(?:\w+\s+)?(?:more|less|higher|lower|extra|bigger|larger|smaller|as\s+(?:much|many|often|\w+\s+as)|enough)\b",
    re.IGNORECASE,
)


# One occasion rather than a standing rule: "this year", "on Sunday", "before May", "yet", "in time".
_OCCASION_RE = re.compile(
    r"\b(?:(?:this|next|the\s+coming)\s+(?:year|month|week|season|summer|winter|spring|autumn|weekend|time)|"
    r"(?:on|by|before|until)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|20\d\d)|yet|in\s+time|again|"
    r"any\s+time\s+soon|for\s+(?:several|some|many|a\s+few)\s+(?:days|weeks|months|years))\b",
)
# Decisions and outcomes that a class "may not" reach as a possibility ("ministers may not approve the plan").
_DECISION_VERBS = words("approve agree decide back support pass reach finish complete qualify receive get")


# An entitlement with a concrete limit: how many ("one guest", "up to five days", "two cars"), how often ("per
# season", "two days a week", "at a time") or when ("before 9:30 a.m.", "on weekdays"). A class of people that
# "may" do something within such a limit is granted it by a rule; with a condition, a comparison or a change
# ("if rates rise", "$300 more", "raise fares by 10 percent") it is a possibility.
_LIMIT_RE = re.compile(
    r"\b(?:one|a\s+single)\b(?!\s+(?:of|another|day|way|thing)\b)|\b(?:up\s+to|no\s+more\s+than|at\s+most|a\s+maximum\s+of|at\s+a\s+time|at\s+any\s+one\s+time)\b|"
    r"\b(?:per|a|an|each|every)\s+(?:day|night|week|month|year|season|term|visit|trip|person|household|flat|"
    r"ticket|member|pupil|student|guest|game|match)\b|"
    r"\beach\s*[.;]?\s*$|"
    r"\b(?:before|after|until|from|between)\s+\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\b\.?|p\.?m\b\.?|am\b|pm\b|o['’]clock\b)|"
    r"\bon\s+(?:weekdays|weekends|weeknights|Sundays|Saturdays|Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|"
    r"public\s+holidays|bank\s+holidays)\b",
    re.IGNORECASE,
)
# A small count as the object of the act, after an optional particle: "park two cars", "put out three bags".
_COUNT_OBJECT_RE = re.compile(
    r"\s+(?:(?:out|over|in|on|up|home|along|away)\s+)?(?:one|two|three|four|five|six)\b(?!\s+(?:of|in|percent|per\s+cent)\b)",
    re.IGNORECASE,
)
_CONDITION_IN_CLAUSE_RE = re.compile(
    r"\b(?:if|unless|when|once(?!\s+(?:per|a|an|each|every)\b)|should|because|as\s+a\s+result)\b", re.IGNORECASE
)
_QUANTIFIED_SUBJECT_RE = re.compile(
    r"\b(?:some|many|most|several|few|more|fewer|other|certain|such|those|these|thousands|hundreds|millions|"
    r"dozens)\s+(?:[a-z][\w-]*\s+){0,2}$",
    re.IGNORECASE,
)
# Acts of change done to a thing ("cut jobs", "raise fares", "close two campuses"): a possibility, not a right.
_CHANGE_VERBS = (
    (_STATE_VERBS - words("work"))
    | _DECISION_VERBS
    | words(
        "raise cut lower reduce slash hike double halve triple increase axe scrap shed lay sack fire close shut "
        "abandon drop delay postpone cancel punish spend sell leave quit demand withdraw pull stop move switch "
        "end finish "
        "conclude wrap wait queue endure strike"
    )
)


def _entitlement_with_a_limit(text: str, start: int, verb: str, after: int, rest: str) -> bool:
    if verb == "be" or verb in _CHANGE_VERBS or _inflected(verb) or (verb.endswith("s") and not verb.endswith("ss")):
        return False
    before = text[:start]
    if not _GROUP_SUBJECT_RE.search(before) or _QUANTIFIED_SUBJECT_RE.search(before):
        return False
    if re.match(r"\s+not\b", text[start + 3 :]) or _COMPARATIVE_AFTER_RE.match(text, after):
        return False
    occasion = _OCCASION_RE.search(rest)
    if occasion and re.search(r"\binto\s+(?:the\s+)?$", rest[: occasion.start()]):
        occasion = None  # "carry over five days into the next year": where the right reaches, not when it is used
    if _CONDITION_IN_CLAUSE_RE.search(rest) or occasion or re.search(r"\b(?:more|less|fewer|extra)\b", rest):
        return False
    return bool(_LIMIT_RE.search(rest) or _COUNT_OBJECT_RE.match(text, after))
