"""A record as the appraisal rules read it: its text once, in the parts that matter, lower-cased once.

Every rule asks "is this named in the title, the MeSH, the abstract?", many times per record;
building the view once per record keeps a hundred records per question cheap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bedside.models import Record
from bedside.search.vocabulary import Vocabulary
from bedside.text import abbreviations
from bedside.text.spelling import fold


@dataclass(slots=True)
class RecordView:
    """The parts of a record that matching reads, each with a lower-cased copy, built once per record.

    The lower-cased copies are also folded to one spelling (`text.spelling`: 'tumour' and 'tumor',
    'NF-κB' and 'NF-kappaB' read alike), as the question's words and names are when compiled; the
    originals keep the record's own spelling for abbreviations and anything quoted.
    """

    title: str
    abstract: str
    strong: str  # title, MeSH and keywords: where a mention says what the record is *about*
    everything: str
    title_low: str
    abstract_low: str
    strong_low: str
    everything_low: str

    @classmethod
    def of(cls, record: Record) -> RecordView:
        """Build the view of one record."""
        title, abstract = record.title, record.abstract
        # "dance movement therapy (DMT)" is not a disease-modifying therapy: an abbreviation the
        # record defines as something else than the vocabulary's meaning is read as spelt out.
        defined = foreign_abbreviations(record)
        if defined:
            title, abstract = abbreviations.spell_out(title, defined), abbreviations.spell_out(abstract, defined)
        strong = "\n".join((title, *(m.descriptor for m in record.mesh), *record.keywords))
        everything = f"{strong}\n{abstract}"
        strong_low, abstract_low = fold(strong).lower(), fold(abstract).lower()
        title_low = strong_low if strong == title else fold(title).lower()
        return cls(
            title, abstract, strong, everything, title_low, abstract_low, strong_low, f"{strong_low}\n{abstract_low}"
        )


def foreign_abbreviations(record: Record) -> dict[str, str]:
    """Abbreviations the record defines as another thing than the vocabulary's (short -> long form).

    Read as spelt out wherever the record is matched: by the appraisal (`RecordView`) and by the
    themes of the overview ("dance movement therapy (DMT)" is not headed "Disease-modifying therapies").
    """
    return abbreviations.foreign_definitions(f"{record.title}\n{record.abstract}", _means_something_else)


@lru_cache(maxsize=4096)
def _means_something_else(short: str, long_form: str) -> bool:
    """Whether a record's "long form (SHORT)" is another thing than the vocabulary's SHORT.

    The same thing in other words is not: "disease modifying therapy (DMT)" is found as the
    concept, and "physical therapists (PTs)" shares the first letters of every word with
    'physical therapy'. "dance movement therapy (DMT)" and "mass spectrometry (MS)" are other things.
    """
    vocabulary = Vocabulary.default()
    meant = vocabulary.lookup(short)
    if meant is None:
        return False
    if any(m.concept.name == meant.name for m in vocabulary.find(long_form)):
        return False
    starts = {w[:5] for w in re.findall(r"[a-z0-9]+", fold(long_form).lower())}
    for name in (meant.name, *meant.synonyms, meant.mesh):
        if name and starts <= {w[:5] for w in re.findall(r"[a-z0-9]+", fold(name).lower())}:
            return False
    return True


def join_or(items: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
