"""Abbreviations a text defines for itself: "dance movement therapy (DMT)", "mass spectrometry (MS)".

An abbreviation means what the text says it means. The vocabulary knows DMT as disease-modifying
therapies and MS as multiple sclerosis; a record that writes "dance movement therapy (DMT)" or
"liquid chromatography-mass spectrometry (LC-MS)" and then "DMT improved mood" is about neither.
`definitions` finds the pairs with the Schwartz-Hearst rule (ACL 2003, written here from the
paper's description: the short form's letters appear in order in the words just before the
parenthesis, its first letter at the start of a word), and `spell_out` writes out, in place, the
abbreviations whose local meaning the caller says is another thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# "long form (SF)" where SF is 2 to 6 capitals or digits, first a capital, optionally a plural 's'.
_DEFINED = re.compile(r"\(([A-Z][A-Z0-9]{1,5})s?\)")
_WORD = re.compile(r"[A-Za-z0-9]+")


def _long_form(before: str, short: str) -> str | None:
    """The words just before a parenthesis that `short` abbreviates, or None.

    Walks the short form's letters from the last, matching each to a character of the preceding
    text from the right; the first letter must start a word. At most min(len + 5, 2 x len) words.
    """
    words = before.split()
    window = words[-min(len(short) + 5, 2 * len(short)) :]
    text = " ".join(window)
    low, letters = text.lower(), [c for c in short.lower() if c.isalnum()]
    i = len(low) - 1
    for n, letter in enumerate(reversed(letters)):
        first = n == len(letters) - 1
        while i >= 0 and (low[i] != letter or (first and i > 0 and low[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
    start = low.rfind(" ", 0, i + 2) + 1
    found = text[start:].strip(" ,;:")
    # A long form with no word, or the short form itself ("MS (MS)"), says nothing.
    return found if _WORD.search(found) and found.lower() != short.lower() else None


def definitions(text: str) -> dict[str, str]:
    """Short form -> long form for every abbreviation the text defines, the first definition winning."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        short = match.group(1)
        if short in found:
            continue
        long_form = _long_form(text[: match.start()], short)
        if long_form:
            found[short] = long_form
    return found


def spell_out(text: str, defined: dict[str, str]) -> str:
    """`text` with the given abbreviations spelt out where they are used, their definitions dropped.

    `defined` (short form -> long form) holds the abbreviations a record defines as something
    other than what the vocabulary takes them to mean; the definition's parenthesis is dropped and
    every use becomes the long form, so matching reads "dance movement therapy improved mood".
    A short form inside a hyphenated name ('LC-MS') is left alone: that name is another abbreviation.
    """
    if not defined:
        return text
    names = "|".join(re.escape(s) for s in sorted(defined, key=len, reverse=True))
    text = re.sub(rf"\s*\((?:{names})s?\)", "", text)
    return re.sub(rf"(?<![A-Za-z0-9-])({names})s?(?![A-Za-z0-9-])", lambda m: defined[m.group(1)], text)


def foreign_definitions(text: str, foreign: Callable[[str, str], bool]) -> dict[str, str]:
    """The abbreviations `text` defines for which `foreign(short, long_form)` holds."""
    return {short: long for short, long in definitions(text).items() if foreign(short, long)}
