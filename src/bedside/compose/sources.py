"""The sources of an overview: retrieved records with their level, applicability and size.

This is where search hands over to composition: every record search found is appraised once,
and from then on only `Source` objects travel, so the decision "used / indirect / left out, and
why" is made in one place and shows up identically in bullets, references and 'Evidence not used'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bedside.appraise.applicability import judge
from bedside.appraise.design import study_size
from bedside.appraise.levels import Level, level_of
from bedside.appraise.question import compile_facets
from bedside.models import Applicability, Facets, Kind, Record, StudySize, Verdict


@dataclass
class Source:
    """One retrieved record, appraised against the question."""

    record: Record
    rowid: int
    rank: int
    score: float
    level: Level | None
    applicability: Applicability
    size: StudySize = field(default_factory=StudySize)

    @property
    def usable(self) -> bool:
        """Not retracted and not off-topic: it may be quoted."""
        return not self.record.retracted and self.applicability.verdict is not Verdict.OFF_TOPIC

    @property
    def direct(self) -> bool:
        """About the question's population, condition and intervention."""
        return self.applicability.verdict is Verdict.DIRECT

    @property
    def is_guideline(self) -> bool:
        """Guideline records alone feed 'From the Guidelines'."""
        return self.record.kind is Kind.GUIDELINE

    @property
    def label(self) -> str:
        """How the reference list labels the source."""
        return reference_label(self.record.kind)


def reference_label(kind: Kind) -> str:
    """Guideline / Research / Trial registration / Patient information."""
    if kind is Kind.GUIDELINE:
        return "Guideline"
    if kind is Kind.TRIAL_REGISTRATION:
        return "Trial registration"
    if kind is Kind.PATIENT_INFORMATION:
        return "Patient information"
    return "Research"


def appraise(
    found: list[tuple[int, float, Record]],
    facets: Facets,
    rarity: Mapping[str, float] | None = None,
    closeness: Mapping[int, float] | None = None,
    specific: Iterable[str] = (),
) -> list[Source]:
    """Level, applicability and study size of each (rowid, score, record), in search order.

    `rarity` weighs the question's free words by how rare they are in the library, and
    `closeness` (by rowid) is the cosine of each record's sentence closest to the question (see
    `appraise.applicability`, rule 1); `specific` holds the free words rare enough to name the
    question's subject (`lexical.specific_words`; the subject rule).
    """
    question = compile_facets(facets, rarity, specific)
    closeness = closeness or {}
    sources = []
    for rank, (rowid, score, record) in enumerate(found, 1):
        sources.append(
            Source(
                record=record,
                rowid=rowid,
                rank=rank,
                score=score,
                level=level_of(record),
                applicability=judge(record, question, closeness.get(rowid)),
                size=study_size(record)
                if record.kind not in (Kind.TRIAL_REGISTRATION, Kind.PATIENT_INFORMATION)
                else StudySize(),
            )
        )
    return sources
