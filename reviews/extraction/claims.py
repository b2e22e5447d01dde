"""Decide which sentences are check-worthy claims and suggest a status for each.

Check-worthiness is a score in [0, 1]: a logistic model over word and shape features, trained on
ClaimBuster debate sentences (``scripts/train_checkworthiness.py`` writes the coefficients to
``data/checkworthiness.json``), combined with structural evidence that the model cannot see:
headings, list introductions, questions, calls to action, transitions and reader-directed
meta sentences are never claims; numbers, dates, named sources and hedges are evidence of a claim.
The rules decide whether a sentence is a claim; the reported score ranks by the model alone, in the
upper half of [0, 1] for claims and the lower half otherwise (see ``_score``). Where the sentence's
embedding is being computed, the model is the sparse one stacked with an embedding-side one (a
fine-tuned MiniLM top layer's logit, ``model.combined_logit``): the per-line CLI, and stored claims
once claim matching has embedded them.

The status follows the corpus rules: a named source in the sentence → ``supported`` (even when the
quoted content is hedged); else a hedge in the main clause or an opinion put in the mouth of an
unnamed group → ``speculative``; else ``needs_source``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from reviews.extraction import cues as cue_lib
from reviews.extraction import model
from reviews.extraction.caseless import CaselessPattern
from reviews.extraction.lexicon import words
from reviews.extraction.types import Cue, Sentence, Status

CLAIM_THRESHOLD = 0.5
MAX_CLAIM_CHARS = 1500
# A declarative body sentence of a news article is a claim unless something says otherwise.
BASE_LOGIT = 1.5
MODEL_WEIGHT = 0.7
MODEL_OFFSET = 1.2  # the ClaimBuster prior (23% check-worthy) pulls every raw logit down

# Evaluation with nothing checkable: "This is a fascinating time.", "Balance is vital here."
_EVALUATIVE_RE = re.compile(
    r"\b(?:is|are|was|were|remains?|seems?|feels?)\s+(?:\w+\s+)?(?:vital|essential|crucial|critical|important|"
    r"fascinating|exciting|interesting|remarkable|incredible|amazing|clear|certain|obvious|key|paramount|"
    r"imperative|necessary|undeniable|heating\s+up|here\s+to\s+stay|worth\s+\w+ing|a\s+must)\b|"
    r"\b(?:must|should|need\s+to|needs\s+to|ought\s+to)\s+(?:\w+\s+)?(?:consider|weigh|balance|remember|ensure|be\s+careful)\b",
    re.IGNORECASE,
)
_EVALUATIVE = CaselessPattern(_EVALUATIVE_RE)
# A pronoun and an indefinite predicate, nothing checkable: "It is a story that is far from over.",
# "This was a night to remember." ("It is the first time ..." names something definite and is not one.)
_EMPTY_PREDICATE_RE = re.compile(
    r"^(?:but|and|still|yet|so)?,?\s*(?:it|this|that)(?:\s+(?:is|was|remains|has\s+been)|['’]s)\s+(?:just\s+|still\s+)?"
    r"(?:a|an|one)\s+|\bfar\s+from\s+(?:over|settled|finished|done|certain)\b|"
    r"\ball\s+eyes\s+(?:are|will\s+be|were)\s+(?:now\s+)?on\b|^the\s+rest(?:,[^,]{1,20},)?\s+is\s+history\b|\bthe\s+ball\s+is\s+(?:now\s+)?in\b|"
    r"^the\s+(?:answer|situation|picture|truth|reality)\s+is\s+(?:more\s+)?(?:complicated|complex|nuanced|murky)\b",
    re.IGNORECASE,
)

# A concrete event: a subject that is not a bare pronoun, then an action verb in the past or future, or a
# passive ("Airline stocks fell sharply.", "The mayor resigned.", "Nobody was hurt.", "Crews will stay on
# site ..."). Short and without numbers or names, such a sentence is still checkable; the debate-trained
# model scores it low, so the rules count it as evidence of a claim.
_IRREGULAR_PAST = (
    "rose|fell|won|lost|began|cut|hit|paid|sold|bought|built|made|took|gave|spent|grew|shrank|sank|struck|left|"
    "quit|ran|met|went|came|found|held|kept|led|brought|fought|drove|threw|wrote|broke|chose|froze|stole|tore|"
    "woke|spoke|slid|stood|shot|shut|set|put|spread|burst|dealt|dug|fed|fled|flew|hung|knew|laid|lent|lit|"
    "overtook|sent|shook|sought|sat|slept|swung|taught|withdrew|forgave|undertook|rebuilt|overturned|swept|"
    "sped|won|beat|bled|bent|bound|caught|clung|crept|dove|drew|fought|forbade|forgot|got|hid|leapt|rang|rode|"
    "sang|shone|sprang|stuck|stung|swam|tied|underwent|upheld|wound|overrode|overran|oversaw"
)
_PARTICIPLES = (
    "hurt|hit|cut|shut|set|put|sold|built|held|taken|given|won|lost|paid|made|found|seen|told|left|struck|"
    "spent|kept|brought|sent|shot|beaten|broken|chosen|stolen|torn|written|driven|thrown|known|laid|led|"
    "withdrawn|overturned|upheld|begun|grown|drawn|frozen|shown|sunk|spread|run|met|bought|caught|fed|hung"
)
# Rules and schedules stated as fact ("Entry is free for children.", "The programme is voluntary.").
_RULE_STATES = (
    "free|voluntary|mandatory|compulsory|optional|illegal|legal|lawful|unlawful|closed|shut|banned|"
    "prohibited|forbidden|allowed|permitted|eligible|ineligible|exempt|available|unavailable|due|payable|"
    r"valid|invalid|void|binding|suspended|postponed|cancelled|canceled|delayed|free\s+of\s+charge"
)
_EMOTION_PARTICIPLES = words(
    "delighted disappointed surprised concerned convinced worried excited pleased divided frustrated thrilled "
    "shocked stunned relieved satisfied impressed amazed annoyed alarmed determined committed interested "
    "tired confused involved engaged prepared used supposed bored scared troubled encouraged heartened "
    "dismayed saddened unimpressed unconvinced"
)
_EVENT_RE = re.compile(
    rf"^(?P<subject>(?:[\w’'&$%.,-]+\s+){{1,6}}?)"
    rf"(?:(?P<past>{_IRREGULAR_PAST}|\w{{3,}}ed)|"
    r"will\s+(?:not\s+)?(?P<base>[a-z]\w+)|"
    r"(?:has|have|had|was|were|is|are|can\s+be|cannot\s+be|can\s+no\s+longer\s+be)\s+"
    r"(?:not\s+|also\s+|already\s+|now\s+|still\s+|been\s+|only\s+)*"
    rf"(?P<participle>{_PARTICIPLES}|\w{{3,}}ed|{_RULE_STATES}))\b",
    re.IGNORECASE,
)
_PRESENT_EVENT_RE = re.compile(
    r"^(?P<subject>(?:the|a|an|its|their|his|her|every|each|no)\s+(?:[\w’'&-]+\s+){1,4}?)"
    r"(?P<present>[a-z]{2,}[a-rt-z]s)\s+(?=[a-z0-9$£€])(?!to\b|and\b|of\b|that\b|with\b|a\s+point\b)",
    re.IGNORECASE,
)
# "The law bans smoking in parks.", "Acme makes batteries.": a present-tense verb with an object, after a subject
# that is a noun phrase; not verbs of seeming, meaning or wanting ("The answer seems simple", "This means ...").
_NOT_EVENT_PRESENT = words(
    "seems looks feels matters means remains appears deserves needs wants hopes believes thinks says tells "
    "knows sounds comes gets does is has was lies stands tells"
)
# Not the subject of a reported event: pronouns of the speaker, listener or situation, modals and auxiliaries
# (the verb group began earlier), and contractions ("we've got to", "that's").
_NOT_EVENT_SUBJECT_WORDS = words(
    "i we you us our my your me it this that there what here everyone everybody if can could may might must "
    "should shall would ought be been being do does did not will has have had was were is are"
)
_LEADING_CONNECTIVES = words("but and so well now then still yet also meanwhile")
_NOT_EVENT_BASE = words("be have need want get go see find make take")


def _concrete_event(text: str) -> bool:
    """ "Airline stocks fell sharply.", "The bridge will reopen in the spring.", "Nobody was hurt." """
    return (
        _past_or_future_event(text)
        or _present_event(text)
        or _MARKET_STATE_RE.match(text) is not None
        or _RANKED_RE.match(text) is not None
    )


# A market report: a market's price, index or rate and its movement or state ("Oil prices were little changed.",
# "Gold was flat.", "Yields move inversely to prices.", "Stocks ended mixed."): short, no number or name, checkable.
_MARKET_NOUNS = (
    r"prices?|yields?|shares|stocks|equities|bonds?|treasuries|gilts|futures|index|indices|indexes|benchmark|"
    r"gold|silver|copper|platinum|oil|crude|brent|dollar|euro|pound|sterling|yen|yuan|franc|rupee|bitcoin|"
    r"currency|currencies|markets?|rates|spreads|volumes|premiums|exports|imports|sales|earnings|output|inflation"
)
_MARKET_STATES = (
    r"(?:little|barely|largely|mostly|broadly)\s+changed|(?:(?:broadly|largely|roughly|mostly|slightly|little|"
    r"sharply|much|marginally|modestly)\s+)?(?:flat|steady|unchanged|stable|firm|firmer|higher|lower|weaker|"
    r"stronger|mixed|subdued|volatile|muted|range-bound)"
)
_MARKET_STATE_RE = re.compile(
    rf"^(?:(?:the|its|their|global|world|u\.s\.)\s+)?(?:[\w’'&.-]+\s+){{0,3}}?(?:{_MARKET_NOUNS})\s+"
    r"(?:(?:was|were|is|are|ended|closed|finished|held|stayed|remained|traded|opened|edged|looked)\s+"
    rf"(?:{_MARKET_STATES})|(?:move|moves|rise|rises|fall|falls|climb|climbs|slip|slips|drop|drops|track|tracks|"
    r"trade|trades|edge|edges|gain|gains|tend\s+to\s+(?:rise|fall|move))\b)",
    re.IGNORECASE,
)
# A ranking stated as fact: "Dehydration is the main danger.", "Falls are the leading cause of injury."
_RANKED_RE = re.compile(
    r"^(?!(?:it|this|that|these|those|there|here|what|which|he|she|they|we|you|i|one|everything|something)\b)"
    r"[A-Za-z][\w’'-]*(?:\s+[\w’'-]+){0,4}?\s+(?:is|are|was|were|remains?)\s+(?:still\s+)?(?:the|its|their)\s+"
    r"(?:(?:single|second|third)\s+)?(?:main|biggest|largest|leading|primary|chief|greatest|most\s+common|"
    r"commonest|top|principal|fastest-growing|oldest|smallest)\s+(?!(?:one|ones|thing|things|point|idea|question|issue)\b)[a-z]",
    re.IGNORECASE,
)
# A concrete consequence: a conditional whose main clause is an event ("If the court declines to take the case,
# the appeals ruling will stand."), a clause after a semicolon that is one ("...; accounts will transfer
# automatically."), or no obligation stated as a rule ("Customers do not need to take any action.").
_CONDITIONAL_RE = re.compile(r"^(?:if|unless|once|until)\s[^,;]{3,160},\s+(?:then\s+)?(?P<main>[^,;]+)$", re.IGNORECASE)
_NO_OBLIGATION_RE = re.compile(
    r"^(?P<subject>(?:the\s+)?[A-Za-z][\w-]*(?:\s+[\w-]+){0,4}?)\s+(?:(?:(?:do|does|will)\s+not|don['’]t|doesn['’]t|"
    r"won['’]t)\s+(?:need|have)\s+to|need\s+not|(?:is|are|will\s+be)\s+not\s+(?:required|obliged|expected)\s+to)\s",
    re.IGNORECASE,
)
# "existing leases will be transferred", "interest will be paid": a future passive (``_EVENT_RE`` takes "will be"
# for "will be a force")
_FUTURE_PASSIVE_RE = re.compile(
    rf"^(?:[\w’'&$%.-]+\s+){{1,6}}?will\s+(?:not\s+|still\s+|also\s+)*be\s+(?:{_PARTICIPLES}|\w{{3,}}ed|{_RULE_STATES})\b",
    re.IGNORECASE,
)
_PERSONAL_SUBJECTS = words("he she they i we you it this that there one someone anyone everyone nobody")


_CONDITIONAL_OPENERS = words("if unless once until when whether")


def _imperative_main_clause(text: str) -> bool:
    match = _CONDITIONAL_RE.match(text.replace("When ", "If ", 1).replace("Whether ", "If ", 1))
    return match is not None and _opens_imperative(match.group("main").split())


def _opens_imperative(words: list[str]) -> bool:
    """The words open with a call to action: "Sign up today", "Click here", "Share this article"."""
    first = words[0].lower().strip("\"“‘'(")
    second = words[1].lower().strip('.,!:;"”') if len(words) > 1 else ""
    return first in _IMPERATIVE_STARTS and (first in _STRONG_IMPERATIVES or second in _IMPERATIVE_OBJECTS)


def _stated_consequence(text: str) -> bool:
    clauses = text.split("; ") if "; " in text else [text]
    for clause in clauses:
        match = _CONDITIONAL_RE.match(clause)
        main = match.group("main") if match else clause if clause is not clauses[0] else None
        if (
            main is not None
            and main.split(None, 1)[0].lower() not in _PERSONAL_SUBJECTS
            and (_past_or_future_event(main) or _FUTURE_PASSIVE_RE.match(main) is not None)
        ):
            return True
        no_need = _NO_OBLIGATION_RE.match(clause)
        if no_need is not None and not any(w in _PERSONAL_SUBJECTS for w in no_need.group("subject").lower().split()):
            return True
    return False


def _present_event(text: str) -> bool:
    """ "The law bans smoking in parks.": a noun phrase, a present-tense verb and its object."""
    match = _PRESENT_EVENT_RE.match(text)
    if match is None or match.group("present").lower() in _NOT_EVENT_PRESENT:
        return False
    return not any(word.lower() in _NOT_EVENT_SUBJECT_WORDS for word in match.group("subject").split())


def _past_or_future_event(text: str) -> bool:
    match = _EVENT_RE.match(text)
    if match is None:
        return False
    if match.group("subject").rstrip().endswith(","):
        return False  # "Now, the hard work ..."
    subject = [word.lower().strip("\"“‘'(,") for word in match.group("subject").split()]
    while subject and subject[0] in _LEADING_CONNECTIVES:
        subject = subject[1:]
    if not subject or any(word in _NOT_EVENT_SUBJECT_WORDS or "’" in word or "'" in word for word in subject):
        return False  # "It was a night to remember.", "We've got to act.", "Our system can be improved."
    if match.group("past") is not None:
        return match.group("past").lower() not in _EMOTION_PARTICIPLES
    if match.group("base") is not None:
        return match.group("base").lower() not in _NOT_EVENT_BASE  # "will be a force" is no event
    return match.group("participle").lower() not in _EMOTION_PARTICIPLES  # "Fans were delighted."


_QUESTION_RE = re.compile(r"\?['\"’”)]*$")
_LIST_INTRO_RE = re.compile(r":['\"’”)]*$")
_IMPERATIVE_STARTS = words(
    "let let's lets click read sign subscribe follow share join tell check don't do stay find learn watch "
    "listen see visit download remember note consider imagine take keep make get try discover explore "
    "contact send email call register please scroll tap swipe vote comment donate help give support buy order "
    "book grab apply enter act reach write text shop save head go come ask meet start join"
)
_STRONG_IMPERATIVES = words("let's lets click subscribe don't please scroll tap swipe imagine")
_IMPERATIVE_OBJECTS = words(
    "us me your yourself the a an our this these those more here up on out for to in it them with now today "
    "below above about back what how why who where whether"
)
_META_RE = re.compile(
    r"\b(?:in\s+this\s+(?:article|story|piece|post|report|explainer|guide|analysis)|"
    r"(?:we|we['’]ll|we\s+will|we['’]re|we\s+are|we\s+have|we['’]ve|let['’]s|let\s+us)\s+"
    r"(?:take|took|look|looking|delve|dive|explore|examine|break|walk|keep|explain|answer|update|bring|"
    r"dig|unpack|consider|discuss|review|round|outline|see|know|have\s+(?:compiled|rounded))|"
    r"here['’]s\s+(?:what|how|why|everything|a\s+look|the\s+latest)|here\s+(?:is|are)\s+(?:what|how|why|the\s+key)|"
    r"what\s+we\s+know|stay\s+tuned|here\s+(?:is|are)\s+(?:\w+\s+){0,2}(?:things|ways|reasons|questions|takeaways|facts)"
    r"\s+(?:to|you|we|that)|(?:readers|viewers|listeners)\s+can\s+(?:find|read|watch|see|listen|sign|follow)|keep\s+you\s+posted|read\s+on|let\s+us\s+know|in\s+the\s+comments|"
    r"(?:share|tell)\s+(?:us\s+)?your\s+(?:thoughts|views|story)|what\s+do\s+you\s+think|"
    r"one\s+thing\s+is\s+(?:certain|clear|for\s+sure)|only\s+time\s+will\s+tell|time\s+will\s+tell)\b",
    re.IGNORECASE,
)
_META = CaselessPattern(_META_RE)
_QUOTE_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
# r"(?<!^)(?<![.!?:]\s)\b[A-Z][\w’'-]+" with the same matches, opening with the capital the engine can scan for
_CAPITALISED_RE = re.compile(r"[A-Z](?<=\W[A-Z])(?<![.!?:]\s[A-Z])[\w’'-]+")


@dataclass(frozen=True, slots=True)
class Judgement:
    is_claim: bool
    score: float
    status: Status
    uncertain: bool
    cues: tuple[Cue, ...]
    rule_status: Status | None = None  # the rules' status, when a learned model suggested another


class Ranking(Protocol):
    """A learned check-worthiness ranking (``reviews.learning.checkworthiness``): its sparse and stacked logits."""

    def sparse_logit(self, text: str, shipped: float | None = None) -> float: ...

    def stacked_logit(self, sparse: float, embedded: float, text: str | None = None) -> float: ...


class Learned(Ranking, Protocol):
    """A newsroom's learned models (``reviews.learning``): the ranking and the status on top of the rules."""

    def sparse_logits(self, text: str) -> tuple[float, float]:
        """(the shipped sparse logit, the learned one), from one computation of the features."""
        ...

    def status(self, text: str, analysis: cue_lib.CueAnalysis, rules: Status) -> Status: ...


def rule_status(analysis: cue_lib.CueAnalysis) -> Status:
    """The corpus rules: a named source → supported; a main-clause hedge or a vague opinion → speculative."""
    if analysis.named_source:
        return Status.SUPPORTED
    if analysis.hedges or analysis.vague_opinion:
        return Status.SPECULATIVE
    return Status.NEEDS_SOURCE


def _structural_non_claim(sentence: Sentence, text: str, unquoted: str) -> bool:
    if sentence.is_heading:
        return True
    if _QUESTION_RE.search(text) or _LIST_INTRO_RE.search(text):
        return True
    words = text.split()
    if not words:
        return True
    if _opens_imperative(words):
        return True
    if words[0].lower().strip("\"“‘'(") in _CONDITIONAL_OPENERS and _imperative_main_clause(text):
        return True  # "If you want to help, sign up today."
    if _labelled_imperative(text):
        return True
    return _META.search(unquoted)


# "Proactive Engagement: Establish open lines of ..." - a recommendation list item: a short Title
# Case label, a colon, then a verb in its base form. The label is what makes the base form an
# imperative rather than a noun ("Report: Report shows ..." is excluded by what follows the verb).
_LABEL_RE = re.compile(r"^[\"“‘'(]*[A-Z][\w’'&-]*(?:\s+[\w’'&-]+){0,5}:\s+(?P<rest>.+)$", re.DOTALL)
_NOT_AFTER_IMPERATIVE = words(
    "is are was were be been has have had will would can could may might should must shall of do does did "
    "and or to that which who"
)
_VERB_FORM_MIN_COUNT = 200_000  # occurrences in the word-frequency table behind ``glue``


def _looks_like_base_verb(word: str) -> bool:
    """A word whose past and -ing forms are both common English words: "establish", "ensure", "work"."""
    from reviews.extraction import glue

    if len(word) < 3 or not word.isalpha() or word.endswith(("ed", "ing", "ly", "s")):
        return False
    stem = word[:-1] if word.endswith("e") else word
    past = (word + "d") if word.endswith("e") else (word[:-1] + "ied" if word.endswith("y") else word + "ed")
    ing_forms = {stem + "ing", word + word[-1] + "ing"}
    past_forms = {past, word + word[-1] + "ed"}
    return any(glue.count(form) >= _VERB_FORM_MIN_COUNT for form in past_forms) and any(
        glue.count(form) >= _VERB_FORM_MIN_COUNT for form in ing_forms
    )


def _looks_like_adjective(word: str) -> bool:
    """ "open" (openly), "clear" (clearly): adjectives first, so no imperative can be read off them."""
    from reviews.extraction import glue

    return glue.count(word + "ly") >= _VERB_FORM_MIN_COUNT


def _labelled_imperative(text: str) -> bool:
    """A labelled recommendation: "Proactive Engagement: Establish open lines ...".

    Deliberately conservative, since a claim wrongly dropped is worse than a recommendation
    reviewed: a number anywhere in the item ("Trade: Export growth slowed to 3%") makes it a fact,
    and so does a noun subject followed by its verb ("Report shows ...", "Work is ...").
    """
    match = _LABEL_RE.match(text)
    if match is None:
        return False
    rest_text = match.group("rest")
    rest = rest_text.split()
    if len(rest) < 2 or not rest[0][:1].isupper() or any(ch.isdigit() for ch in rest_text):
        return False
    verb = rest[0].lower().strip(".,;:!\"”’'")
    after = rest[1].lower().strip(".,;:!\"”’'")
    if after in _NOT_AFTER_IMPERATIVE or (after.endswith("s") and not after.endswith("ss")):
        return False
    return _looks_like_base_verb(verb) and not _looks_like_adjective(verb)


def specificity(text: str, analysis: cue_lib.CueAnalysis) -> int:
    """How much checkable content the sentence carries: numbers, dates, names, sources."""
    points = len(analysis.facts)
    points += len(_CAPITALISED_RE.findall(text))
    points += 2 * sum(1 for s in analysis.sources if s.named)
    return points


def judge(
    sentence: Sentence,
    *,
    weasels: bool = False,
    embedded: float | None = None,
    learned: Learned | None = None,
    past_context: bool = False,
    listed: bool = False,
) -> Judgement:
    """Judge one sentence; ``weasels`` also looks for weasel words (only needed for ``uncertain``).

    ``embedded``, the sentence's embedding-side check-worthiness logit when the caller has one
    (``reviews.matching.checkworthiness``), refines the score's ranking (``model.combined_logit``);
    whether the sentence is a claim never depends on it, so a stored
    claim's score can be refined later without it changing sides of ``CLAIM_THRESHOLD``. ``past_context``: the
    sentence before is set in a past period, so a "could" of an act may be the past of "can" (``modals``).
    ``listed``: the sentence is an item of a list under an introduction ("Who is affected:"), where a short bare
    item ("Listed buildings in conservation areas") states something as a full sentence would.
    """
    text = sentence.text
    if len(text) > MAX_CLAIM_CHARS:
        # no real sentence is this long: it is an unsplittable run of scraped text
        return Judgement(False, 0.0, Status.NEEDS_SOURCE, False, ())
    unquoted = _QUOTE_RE.sub(" ", text)
    analysis = cue_lib.analyse(text, weasels=weasels, past_context=past_context)
    found = analysis.cues()
    hedged = bool(analysis.hedges)
    # a modal read as a rule or a past ability ("tenants may not be evicted") marks a statement as a hedge would
    modal = hedged or analysis.rule_modals > 0
    uncertain = analysis.uncertain
    status = rule_status(analysis)
    rules: Status | None = None
    if learned is not None:
        suggested = learned.status(text, analysis, status)
        if suggested != status:
            rules, status = status, suggested

    if learned is None:
        shipped = model.raw_logit(text)
        ranking = model.refine(shipped, embedded, text)
    else:
        shipped, sparse = learned.sparse_logits(text)
        ranking = sparse if embedded is None else learned.stacked_logit(sparse, embedded, text)
    if _structural_non_claim(sentence, text, unquoted):
        # never a claim, but the score keeps the model's ranking (below every claim's)
        return Judgement(False, _score(False, ranking), status, uncertain, found, rules)

    evidence = specificity(text, analysis)
    n_words = len(text.split())
    logit = BASE_LOGIT + MODEL_WEIGHT * max(-6.0, min(6.0, shipped + MODEL_OFFSET))
    logit += 0.4 * min(evidence, 4)
    if modal or analysis.sources:
        logit += 1.0
    if n_words >= 15:
        logit += 0.5
    if evidence == 0 and not modal and not analysis.vague_opinion:
        if _stated_consequence(unquoted):
            # "If the court declines to take the case, the appeals ruling will stand.": the debate-trained model
            # scores a conditional or a procedural notice far down, the consequence stated is still checkable
            logit += 1.0
        elif _concrete_event(unquoted):
            logit += 0.5  # "Airline stocks fell sharply.": short, no number or name, still checkable
        elif listed and n_words >= 3:
            pass  # "Publish monthly waiting-time figures" under "What the ministry says it will do:"
        elif n_words <= 5:
            logit -= 3.0
        elif n_words <= 7:
            logit -= 1.5
        if _EVALUATIVE.search(unquoted) or _EMPTY_PREDICATE_RE.search(unquoted):
            logit -= 2.5
    is_claim = model.sigmoid(logit) >= CLAIM_THRESHOLD
    return Judgement(is_claim, _score(is_claim, ranking), status, uncertain, found, rules)


def refined_claim_score(text: str, embedded: float, learned: Ranking | None = None) -> float:
    """The score of a stored claim (already judged a claim) given its embedding-side logit, in [0.5, 1]."""
    if learned is None:
        return _score(True, model.combined_logit(text, embedded))
    return _score(True, learned.stacked_logit(learned.sparse_logit(text), embedded, text))


def _score(is_claim: bool, learned: float) -> float:
    """The reported score: the model's check-worthiness, in the upper half of [0, 1] for claims.

    The rules above decide *whether* a sentence is a claim (so ``score >= CLAIM_THRESHOLD`` iff it
    is one); *how* check-worthy it is, within claims and within non-claims, is the learned model's
    probability alone. Added into the ranking, the rules' bonuses (names, numbers, hedges, length)
    cost ROC-AUC on ClaimBuster cross-validation (0.900 -> 0.880): the model already counts numbers
    and names, and a hedge makes a sentence a (speculative) claim, not a more check-worthy one.
    """
    probability = model.sigmoid(learned)
    return CLAIM_THRESHOLD + (1 - CLAIM_THRESHOLD) * probability if is_claim else CLAIM_THRESHOLD * probability
