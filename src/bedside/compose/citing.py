"""Citing sources: one number per record in order of first citation, bullets made of quotes, references.

A bullet is a lead sentence and more sentences of the same record, in the record's order, cited
by that record's number; its note says when the evidence is indirect, a registration, or quotes
the study's background rather than its finding.
"""

from __future__ import annotations

from collections.abc import Sequence

from bedside.compose.select import BACKGROUND, Candidate
from bedside.compose.sources import Source
from bedside.compose.topic import join_and
from bedside.models import Bullet, Evidence, Kind, Reference, Verdict


def link(source: Source) -> str:
    """Where the reader can read the source: PubMed, the DOI, its own address, or the trial registry."""
    record = source.record
    if record.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"
    if record.doi:
        return f"https://doi.org/{record.doi}"
    if record.url:
        return record.url
    if record.id.upper().startswith("NCT"):
        return f"https://clinicaltrials.gov/study/{record.id}"
    return ""


def display_title(source: Source) -> str:
    """The record's title; an untitled one (the shared corpus's Cochrane abstracts) by where it is from and its id."""
    record = source.record
    if record.title.strip():
        return record.title.strip()
    where = record.journal.title or record.publisher or "source"
    return f"Untitled record in {where} ({record.id})"


def _opening(text: str, words: int = 6) -> str:
    """The first words of a sentence, to point at it: '“Amitriptyline is the medication of first …”'."""
    parts = text.split()
    return "“" + " ".join(parts[:words]) + (" …”" if len(parts) > words else "”")


def _background_note(background: list[str]) -> str:
    """Says which quoted sentences are the study's background, so none is read as its finding."""
    if not background:
        return ""
    return "background (what the authors say was known before their study), not a finding: " + join_and(
        [_opening(t) for t in background]
    )


class Citations:
    """Numbers references in order of first citation; one number per record."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.sources: dict[str, Source] = {}

    def cite(self, source: Source) -> int:
        rid = source.record.id
        if rid not in self.numbers:
            self.numbers[rid] = len(self.numbers) + 1
            self.sources[rid] = source
        return self.numbers[rid]

    def bullet(self, cand: Candidate, more: Sequence[Candidate] = ()) -> Bullet:
        """A bullet quoting `cand`, and with it `more` sentences of the same record, in the record's order."""
        n = self.cite(cand.source)
        source = cand.source
        quoted = sorted([cand, *more], key=lambda c: c.position)
        indirect = source.applicability.verdict is Verdict.INDIRECT
        notes = []
        if indirect:
            notes.append(source.applicability.reason or "about another population, condition or intervention")
        elif source.record.kind is Kind.TRIAL_REGISTRATION:
            notes.append("Registered trial: shows that the study exists, not what it found.")
        background = _background_note([c.text for c in quoted if c.role == BACKGROUND])
        if background:
            notes.append(background)
        note = "; ".join(notes)
        return Bullet(
            text=" ".join(c.text for c in quoted),
            citations=[n],
            evidence=[
                Evidence(ref=n, record_id=source.record.id, quote=c.text, section=c.section, role=c.role)
                for c in quoted
            ],
            level=int(source.level) if source.level is not None else None,
            applicability="indirect" if indirect else "direct",
            note=note,
        )

    def references(self) -> list[Reference]:
        out = []
        for rid, n in sorted(self.numbers.items(), key=lambda kv: kv[1]):
            source = self.sources[rid]
            record = source.record
            out.append(
                Reference(
                    n=n,
                    record_id=rid,
                    label=source.label,
                    kind=record.kind.value,
                    title=display_title(source),
                    journal=record.journal.title or record.journal.iso_abbreviation or record.publisher,
                    year=record.year,
                    level=int(source.level) if source.level is not None else None,
                    level_label=source.level.label if source.level is not None else "",
                    applicability=source.applicability.verdict.value,
                    reason=source.applicability.reason,
                    size=source.size.label(),
                    design=source.size.design,
                    link=link(source),
                )
            )
        return out
