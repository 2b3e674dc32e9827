"""A record as the appraisal rules read it: its text once, in the parts that matter, lower-cased once.

Every rule asks "is this named in the title, the MeSH, the abstract?", many times per record;
building the view once per record keeps a hundred records per question cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bedside.models import Record
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
        strong = "\n".join((title, *(m.descriptor for m in record.mesh), *record.keywords))
        everything = f"{strong}\n{abstract}"
        strong_low, abstract_low = fold(strong).lower(), fold(abstract).lower()
        title_low = strong_low if strong == title else fold(title).lower()
        return cls(
            title, abstract, strong, everything, title_low, abstract_low, strong_low, f"{strong_low}\n{abstract_low}"
        )


def join_or(items: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
