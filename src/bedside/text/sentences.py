"""Sentence splitting with character offsets.

Later stages quote source sentences verbatim, so sentences are kept as offsets into the
section text rather than as copies. syntok is used because it was measured here to make the
fewest errors on biomedical abbreviations ("Fig.", "vs.", "e.g.") among the offline splitters.
"""

from __future__ import annotations

import itertools
import re

from syntok import segmenter

from bedside.models import Section, Sentence

# Some corpora (BEIR's SciFact among them) join an abstract's sentences with no space:
# "...functional disabilities.A line scan...". syntok keeps those together; a full stop after a
# lower-case letter, digit or closing bracket, directly followed by a capitalised word, is a
# boundary (abbreviations such as "U.S." or "Fig." have a capital or no following capital word).
_GLUED = re.compile(r"(?<=[a-z0-9)\]%][.!?])(?=[A-Z][a-z])")


def _unglue(text: str, start: int, end: int) -> list[Sentence]:
    cuts = [start] + [m.start() for m in _GLUED.finditer(text, start, end)] + [end]
    return [Sentence(start=a, end=b) for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def split(text: str) -> list[Sentence]:
    """Split `text` into sentence spans; whitespace between sentences belongs to none."""
    spans: list[Sentence] = []
    if not text.strip():
        return spans
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            tokens = list(sentence)
            if not tokens:
                continue
            start = tokens[0].offset
            end = tokens[-1].offset + len(tokens[-1].value)
            if end > start and text[start:end].strip():
                spans.extend(_unglue(text, start, end))
    return spans


def with_sentences(section: Section) -> Section:
    """Return the section with its sentence spans filled in (unchanged if already split)."""
    if section.sentences or not section.text:
        return section
    return section.model_copy(update={"sentences": split(section.text)})
