"""The content hash is computed on a normalised form: what a paste, an upload or a shell changes does not
count; what a reader could see does."""

from __future__ import annotations

import pytest

from reviews.extraction.fingerprint import content_hash, legacy_content_hash, normalise_for_hash

LF = "Budget news\nThe council approved a budget of $1.2 billion, officials said.\n\nThe mayor agreed.\n"
SAME = {
    "crlf": LF.replace("\n", "\r\n"),
    "lone-cr": LF.replace("\n", "\r"),
    "bom": "\ufeff" + LF,
    "no-final-newline": LF.rstrip("\n"),
    "extra-blank-lines-at-ends": "\n\n  \n" + LF + "\n\n\t\n",
    "trailing-spaces-and-tabs": LF.replace("\n", " \t\n"),
    "trailing-no-break-space": LF.replace("said.", "said.\u00a0"),
    "bom-crlf-no-final-newline": "\ufeff" + LF.replace("\n", "\r\n").rstrip(),
}


@pytest.mark.parametrize("variant", list(SAME), ids=list(SAME))
def test_transport_differences_give_the_same_hash(variant):
    assert content_hash(SAME[variant]) == content_hash(LF)


def test_composed_and_decomposed_accents_are_the_same_text():
    assert content_hash("Caf\u00e9 prices rose 5 percent.") == content_hash("Cafe\u0301 prices rose 5 percent.")


DIFFERENT = {
    "case": LF.replace("council", "Council"),
    "leading-indentation": LF.replace("The mayor", "  The mayor"),
    "inner-double-space": LF.replace("budget of", "budget  of"),
    "paragraph-break-removed": LF.replace("\n\n", "\n"),
    "paragraph-break-doubled": LF.replace("\n\n", "\n\n\n"),
    "curly-quotes": LF.replace("said.", "\u201csaid.\u201d"),
    "full-width-digit": LF.replace("1.2", "\uff11.2"),
    "zero-width-space": LF.replace("mayor", "ma\u200byor"),
    "tab-for-space-inside": LF.replace("budget of", "budget\tof"),
}


@pytest.mark.parametrize("variant", list(DIFFERENT), ids=list(DIFFERENT))
def test_differences_a_reader_could_see_keep_a_different_hash(variant):
    assert content_hash(DIFFERENT[variant]) != content_hash(LF)


def test_normalising_is_idempotent_and_leaves_clean_text_alone():
    clean = LF.rstrip("\n")
    assert normalise_for_hash(clean) == clean
    for variant in SAME.values():
        assert normalise_for_hash(normalise_for_hash(variant)) == normalise_for_hash(variant)
    # Clean text (no final newline) hashes as it always did: such stored hashes need no change.
    assert content_hash(clean) == legacy_content_hash(clean)
    assert content_hash(LF) != legacy_content_hash(LF)
