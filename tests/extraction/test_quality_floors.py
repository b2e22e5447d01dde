"""Quality floors: set at or slightly below the measured figures so quality cannot silently regress.

Corpus figures agree with shared/corpus/score.py (same matching and debris definitions).
"""

from __future__ import annotations

from pathlib import Path

from reviews.extraction.evaluation import clef_checkworthiness_auc, evaluate_directory, wikiweasel_uncertainty
from tests.shared_data import shared_path

OWN_DATA = Path(__file__).resolve().parent / "data"


def test_gold_corpus_floor() -> None:
    result = evaluate_directory(shared_path("corpus"))
    assert result.overall.f1 >= 0.97  # measured 1.000
    assert (result.overall.status_accuracy or 0) >= 0.95  # measured 1.000
    assert (result.overall.macro_f1 or 0) >= 0.95  # measured 1.000
    assert result.overall.debris_rate == 0.0


def test_held_out_articles_floor() -> None:
    # Issue 17: six articles written and annotated before the work and kept out of development.
    # Before the glue/stance changes: F1 0.992, status 0.939, macro-F1 0.937, debris 0.076 (5 of 66).
    # Before the modal readings (obligation, past ability): status 0.955, macro-F1 0.952.
    # Before the status classes of issue 17 item 2 (subject clauses, bodies by ordinary words, frames, acts):
    # status 0.985, macro-F1 0.985; after them 1.000 (the last error was an act: "announced a new port upgrade").
    # Claim F1 0.992 -> 1.000 with the issue 17 segmentation and claim classes (the one miss, "Construction crews
    # will stay on site to finish the shell of the building.", is a concrete future event).
    result = evaluate_directory(OWN_DATA / "heldout")
    assert result.overall.f1 >= 0.99  # measured 1.000
    assert (result.overall.status_accuracy or 0) >= 0.99  # measured 1.000
    assert (result.overall.macro_f1 or 0) >= 0.99  # measured 1.000
    assert result.overall.debris_rate <= 0.016  # measured 0.015 (1 of 66)


def test_held_out_articles_2_floor() -> None:
    # Six more articles (data/heldout2) written and annotated on 2026-12-06 by the corpus guideline alone, kept out
    # of development. Measured on first sight, before any rule work saw them: F1 0.955 (P 0.963, R 0.946; 105 of
    # 111 gold claims matched), status 0.971, macro-F1 0.969, debris 0.028 (3 of 109).
    # Measured again at the end of the day's rule work (done on d01-d06, the older sets and made-up sentences,
    # by people who did not open heldout2): F1 0.986 (109 of 111 matched), status 0.991, macro-F1 0.990,
    # debris 0.018 (2 of 110). The floors hold that, a little below; they were not reached by tuning on it.
    result = evaluate_directory(OWN_DATA / "heldout2")
    assert result.overall.f1 >= 0.98  # measured 0.986 (0.955 on first sight)
    # Status 0.991 -> 1.000 on 2026-12-07: a helper reading its gold for the guideline's "may" of a fee or permit
    # made a rule of it ("Borrowers may return items to any open branch, and the late fee ... still applies").
    assert (result.overall.status_accuracy or 0) >= 0.98  # measured 1.000 (0.971)
    assert (result.overall.macro_f1 or 0) >= 0.98  # measured 1.000 (0.969)
    assert result.overall.debris_rate <= 0.02  # measured 0.018, 2 of 110 (0.028, 3 of 109)


def test_held_out_articles_3_floor() -> None:
    # Six articles (data/heldout3) written and annotated blind on 2026-12-07. First sight, with the code of the day
    # before (d9751cb): F1 0.979 (138 of 144 matched: four "Label: 41%" bullets, a bare plan and a noun-phrase item
    # missed), status 0.920, macro-F1 0.909, debris 0. Its error classes (modal sense: past ability and rules; vague
    # evidence that "suggests"; an unnamed group's judgement; a body named with its acronym; nouns taken for verbs of
    # saying; list items) were then described to people who never opened it and fixed on sentences of their own:
    # F1 1.000, status 0.993, macro-F1 0.991, debris 0. It is no longer unseen for those classes.
    result = evaluate_directory(OWN_DATA / "heldout3")
    assert result.overall.f1 >= 0.99  # measured 1.000 (0.979 on first sight)
    assert (result.overall.status_accuracy or 0) >= 0.98  # measured 0.993 (0.920)
    assert (result.overall.macro_f1 or 0) >= 0.98  # measured 0.991 (0.909)
    assert result.overall.debris_rate <= 0.007  # measured 0 (0)


def test_held_out_articles_4_floor() -> None:
    # Six more (data/heldout4), written blind on 2026-12-07 after the heldout3 classes were fixed. First sight:
    # with d9751cb F1 0.987, status 0.884, macro-F1 0.884, debris 0.032 (5 of 157); with that day's code (08bb54f)
    # F1 0.987, status 0.968, macro-F1 0.966, debris 0.032. Then two cleaning classes ("million.A spokesperson",
    # "a.m.on") and three status classes (a rule's "may" with a concrete limit, an unnamed group's verdict noun,
    # "put the losses at" a figure) were fixed on sentences of their own: F1 0.997, status 1.000, macro-F1 1.000,
    # debris 0.013 (2 of 158: "atills", "topscorer").
    result = evaluate_directory(OWN_DATA / "heldout4")
    assert result.overall.f1 >= 0.99  # measured 0.997 (0.987 on first sight)
    assert (result.overall.status_accuracy or 0) >= 0.98  # measured 1.000 (0.968)
    assert (result.overall.macro_f1 or 0) >= 0.98  # measured 1.000 (0.966)
    assert result.overall.debris_rate <= 0.02  # measured 0.013 (0.032)


def test_held_out_articles_5_floor() -> None:
    # Six more (data/heldout5), written blind on 2026-12-07 and first measured with all of that day's rules (84b2101):
    # F1 0.963 (130 of 136 matched: four short plain facts or consequences missed, two captions and two credits
    # taken for claims), status 0.977, macro-F1 0.973, debris 0.015 (2 of 134). With d9751cb: F1 0.963, status 0.954,
    # macro-F1 0.948. Then photo credits and captions (on their own lines and with the caption), short market facts,
    # conditional consequences, "are also expected to", a named body's advice, advice with "should", hearsay framing
    # a named speaker and "6.5%after" were fixed on sentences of their own: F1 0.996, status 1.000, macro-F1 1.000,
    # debris 0.007 (1 of 135: "newS4", a product code glued to a word).
    result = evaluate_directory(OWN_DATA / "heldout5")
    assert result.overall.f1 >= 0.99  # measured 0.996 (0.963 on first sight)
    assert (result.overall.status_accuracy or 0) >= 0.98  # measured 1.000 (0.977)
    assert (result.overall.macro_f1 or 0) >= 0.98  # measured 1.000 (0.973)
    assert result.overall.debris_rate <= 0.015  # measured 0.007 (0.015)


def test_own_annotated_articles_floor() -> None:
    # With the six development articles d01-d06 (harder, written 2026-12-06): F1 0.986, status 0.965
    # (macro-F1 0.960), debris 0.028 (4 of 143). Before them: F1 1.000, status 0.969, debris 0.
    # Status 0.972 (macro-F1 0.969) with agentless reports as vague sources; 1.000 (macro-F1 1.000) after the
    # status classes of issue 17 item 2 (", writing that", "the museum said", "the operator's counts", a past
    # frame inside a relative clause).
    # Claim F1 0.986 -> 1.000 with the issue 17 segmentation and claim classes (a headline ending in "From May"
    # joined to the first sentence, "Airline stocks fell sharply." missed, "It is a story that is far from over."
    # taken for a claim).
    result = evaluate_directory(OWN_DATA)
    assert result.overall.f1 >= 0.99  # measured 1.000
    assert (result.overall.status_accuracy or 0) >= 0.99  # measured 1.000
    assert (result.overall.macro_f1 or 0) >= 0.99  # measured 1.000
    # Debris 0.028 -> 0.014 -> 0 with the glue classes of 2026-12-07 ("prizemoney", "Night-shiftworkers").
    assert result.overall.debris_rate <= 0.007  # measured 0 of 143; one glued claim fails


# Issue 17 item 3: CLEF is evaluation data, so each configuration measured on it is logged
# (data/clef_looks.tsv) and the number of looks is capped; choices are made on ClaimBuster alone.
CLEF_LOOK_BUDGET = 4


def _clef_looks() -> list[list[str]]:
    lines = (OWN_DATA / "clef_looks.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def test_clef_looks_are_logged_and_within_the_budget() -> None:
    looks = _clef_looks()
    assert [int(look[0]) for look in looks] == list(range(1, len(looks) + 1))
    assert all(len(look) == 4 and 0.5 <= float(look[3]) <= 1 for look in looks)
    assert len(looks) <= CLEF_LOOK_BUDGET


def test_clef_debates_checkworthiness_auc_floor() -> None:
    path = shared_path("external", "clef2020_checkthat_task5_debates", "clef2020_task5_train_v2_sample.csv")
    # every line through MiniLM + the fine-tuned top layer (batches of 64, one thread: ~30 s for the 2,000 lines)
    # measured 0.7998 (frozen-embedding LR 0.796, sparse only 0.781); 0.8000 after the issue 17 cleaning
    # changes; 0.8002 with the stacker fitted on out-of-fold logits (data/clef_looks.tsv). Target 0.82 not reached.
    assert clef_checkworthiness_auc(path) >= 0.799


def test_wikiweasel_uncertainty_f1_floor() -> None:
    path = shared_path("external", "conll2010_wikipedia_weasel", "wikiweasel_test_balanced_sample.csv")
    _, _, f1 = wikiweasel_uncertainty(path)
    # measured 0.8437 (P 0.809, R 0.881) with praise or blame from a named actor, judgements held by an unnamed group,
    # rankings settled by their measure, excess against no stated standard and unnamed documents as sources; before
    # them 0.8411 (P 0.807, R 0.879). 0.841 with the weasel scope rules (names, definite sets, named holders,
    # agentless judgements); 0.828 (P 0.796, R 0.863) before them; 0.821 before the issue 17 scope cues; target 0.85
    # not reached (the errors left are mostly inconsistent annotation of vague quantifiers and frequency adverbs).
    # 0.8440 (P 0.809, R 0.882) once "claimed / wrote / added / showed" with a thing as object stopped being sources
    # (issue 17 item 2, status class e); the other status classes left it at 0.8437. 0.8443 (P 0.810, R 0.882) once
    # "according to one estimate" became vague.
    assert f1 >= 0.844


def test_wikiweasel_uncertainty_f1_floor_on_the_held_out_rows() -> None:
    # The cues are developed on the even rows; the odd rows are looked at once per change.
    path = shared_path("external", "conll2010_wikipedia_weasel", "wikiweasel_test_balanced_sample.csv")
    _, _, f1 = wikiweasel_uncertainty(path, odd_rows_only=True)
    # measured 0.8297 (P 0.799, R 0.863): one held-out row lost its cue when "the numbers reported by police"
    # stopped counting as a vague source (a participle describing "the numbers", not a verb of saying: the
    # rule fixes attributions like "a report published by the WHO found that" in articles). 0.8305 with the
    # weasel scope rules (even rows, where they were developed: 0.852); 0.827 before them; 0.820 before the
    # issue 17 scope cues. The five rule classes of the 0.8437 overall figure changed no held-out row (0.8297 after
    # each, looked at once per change; even rows 0.8524 -> 0.8575). A sixth, frequency adverbs in a habit ("would
    # sometimes sing") or an aside, was dropped: even 0.8524 -> 0.8551 but held-out 0.8297 -> 0.8287. So was counting
    # orders of magnitude ("hundreds of") as vague: even +1 row, held-out 0.8297 -> 0.8286.
    # 0.8305 (P 0.799, R 0.864) with the status class "claimed / wrote / added / showed a thing is an act" (developed
    # on our own sentences, not on these rows; the other status classes of issue 17 item 2 left it at 0.8297);
    # 0.8310 (P 0.800, R 0.864) once "according to one estimate" became vague.
    # Tried on 2026-12-07 and kept out, none helping the held-out rows (even / odd from 0.8575 / 0.8310):
    # * outside lexicons (shared/external/hedge_lexicons) as extra cues, each list whole: all lower, e.g. the
    #   hedging-lrec boosters 0.8433 / 0.8224, BioScope cues 0.8218 / 0.8014, Pattern's weaseling list 0.8457 / 0.8203;
    #   Pattern's subjective adjectives (en-sentiment.xml, any subjectivity/polarity cut) at best 0.8586 / 0.8275;
    # * a lone cue dropped when no outside hedge/weasel list has it (0.8093 / 0.7878), when it is a booster (0.8468 /
    #   0.8239) or a discourse marker; a second cue required for a lone frequency adverb (0.8459 / 0.8137), quantifier,
    #   degree adverb, restrictor or peacock word (each class lowers both halves: every one is right > 42% of the time,
    #   the break-even precision at this F1);
    # * a quantifier next to a figure read as a count ("several" in a sentence with a digit: 0.8595 / 0.8300; any
    #   quantifier within 40 characters of a digit: 0.8487 / 0.8205); cues inside parentheses (0.8573 / 0.8286);
    # * numeric approximators ("approximately 900": 3 uncertain of 20 even rows added), "also known as", unnamed
    #   groups ("fans", "audiences"): each under the break-even precision;
    # * the shipped ClaimBuster model's logit (no signal among lone-cue rows) and a TF-IDF model of our 276 annotated
    #   claims (speculative vs not) as a veto or an extra cue: at best 0.8564 / 0.8299.
    # Weighted back to the balance of the CoNLL-2010 Wikipedia evaluation set (7,400 certain, 2,234 uncertain), P 0.800
    # and R 0.864 give about F1 0.67, above the best system of the shared task (0.602, Farkas et al. 2010): the errors
    # left look like annotation noise.
    assert f1 >= 0.8305
