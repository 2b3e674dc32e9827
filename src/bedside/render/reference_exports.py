"""Exports of an overview's references for reference managers: RIS, MEDLINE "nbib" and BibTeX.

They let a clinician take the sources into Zotero, EndNote or a manuscript. They are built from
the full `Record`s (authors, DOI, pages), falling back to what the `Reference` itself says when a
record is missing, so an export never silently drops a cited source except where the format
cannot hold it (nbib is keyed by PMID).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from bedside.models import Kind, Record, Reference
from bedside.render.citations import applicability_text, level_or_why_not, safe_link

_SPACE = re.compile(r"\s+")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_NBIB_WIDTH = 88


def _one_line(text: str) -> str:
    """Collapse whitespace: tagged formats are line-oriented, so a newline in a title would break them."""
    return _SPACE.sub(" ", text).strip()


def _pages(pages: str) -> tuple[str, str]:
    """MEDLINE pagination '697-704' or '123-9' as (first, last) with the last page written out."""
    first, _, last = _one_line(pages).partition("-")
    first, last = first.strip(), last.strip()
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def _date_parts(pub_date: str, year: int | None) -> tuple[str, str, str]:
    """('2006', '03', '15') from an ISO-like date; missing parts are ''."""
    parts = pub_date.split("-") if pub_date else []
    y = parts[0] if parts and parts[0].isdigit() else (str(year) if year else "")
    m = parts[1] if len(parts) > 1 and parts[1].isdigit() else ""
    d = parts[2] if len(parts) > 2 and parts[2].isdigit() else ""
    return y, m, d


def _record_for(ref: Reference, records: dict[str, Record]) -> Record:
    """The full record, or one built from the reference so an export still lists the source."""
    record = records.get(ref.record_id)
    if record is not None:
        return record
    return Record(
        id=ref.record_id,
        kind=Kind(ref.kind) if ref.kind in set(Kind) else Kind.OTHER,
        title=ref.title,
        year=ref.year,
        pub_date=str(ref.year) if ref.year else "",
        url=ref.link,
        pmid=ref.record_id if ref.record_id.isdigit() else "",
        doi=ref.record_id if ref.record_id.startswith("10.") else "",
        extra={"journal": ref.journal},
    )


def _journal_title(record: Record) -> str:
    return _one_line(record.journal.title or record.extra.get("journal", "") or record.publisher)


def _pmid(record: Record) -> str:
    return record.pmid or (record.id if record.id.isdigit() else "")


def _abstract(record: Record) -> str:
    """The abstract as PubMed prints it: 'LABEL: text' parts, so the MEDLINE reader splits it back."""
    parts = [f"{s.label}: {s.text}" if s.label else s.text for s in record.sections]
    return _one_line(" ".join(parts))


def _link(ref: Reference, record: Record) -> str:
    return safe_link(ref.link) or safe_link(record.url)


def to_ris(refs: Sequence[Reference], records: dict[str, Record]) -> str:
    """RIS text (Zotero, EndNote, Mendeley): one entry per reference, in reference order."""
    out: list[str] = []
    for ref in sorted(refs, key=lambda r: r.n):
        record = _record_for(ref, records)
        journal = _journal_title(record)
        if record.kind is Kind.TRIAL_REGISTRATION:
            kind = "DBASE"
        elif record.journal.title:
            kind = "JOUR"
        elif record.kind is Kind.GUIDELINE:
            kind = "RPRT"
        else:
            kind = "GEN"
        lines = [("TY", kind), ("ID", record.id), ("TI", _one_line(record.title or ref.title))]
        for author in record.authors:
            if author.collective:
                lines.append(("AU", _one_line(author.collective)))
            elif author.last_name:
                given = author.fore_name or author.initials
                lines.append(("AU", _one_line(f"{author.last_name}, {given}" if given else author.last_name)))
        if journal:
            lines.append(("T2", journal))
        if record.journal.iso_abbreviation:
            lines.append(("J2", _one_line(record.journal.iso_abbreviation)))
        y, m, d = _date_parts(record.pub_date, record.year or ref.year)
        if y:
            lines.append(("PY", y))
            lines.append(("DA", "/".join([y, m, d]) + ("/" if not d else "")))
        for tag, value in (("VL", record.journal.volume), ("IS", record.journal.issue)):
            if value:
                lines.append((tag, _one_line(value)))
        if record.journal.pages:
            first, last = _pages(record.journal.pages)
            lines.append(("SP", first))
            if last:
                lines.append(("EP", last))
        if record.journal.issn:
            lines.append(("SN", _one_line(record.journal.issn)))
        if record.publisher:
            lines.append(("PB", _one_line(record.publisher)))
        if record.doi:
            lines.append(("DO", record.doi))
        pmid = _pmid(record)
        if pmid:
            lines.append(("AN", pmid))
        link = _link(ref, record)
        if link:
            lines.append(("UR", link))
        abstract = _abstract(record)
        if abstract:
            lines.append(("AB", abstract))
        note = f"bedside reference [{ref.n}], {ref.label}; {level_or_why_not(ref)}; {applicability_text(ref)}"
        lines.append(("N1", _one_line(note)))
        lines.append(("ER", ""))
        out.extend(f"{tag}  - {value}".rstrip() for tag, value in lines)
        out.append("")
    return "\n".join(out)


def _nbib_field(tag: str, value: str) -> list[str]:
    """One MEDLINE field: tag padded to four columns, '- ', value wrapped with six-space continuation lines."""
    head = f"{tag:<4}- "
    wrapped = textwrap.wrap(
        _one_line(value),
        width=_NBIB_WIDTH,
        initial_indent=head,
        subsequent_indent=" " * 6,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapped or [head.rstrip()]


def _medline_date(y: str, m: str, d: str) -> str:
    """'2006 Mar 15' from ('2006', '03', '15'), as MEDLINE's DP writes it."""
    parts = [y]
    if m and 1 <= int(m) <= 12:
        parts.append(_MONTHS[int(m) - 1])
        if d:
            parts.append(str(int(d)))
    return " ".join(parts)


def to_nbib(refs: Sequence[Reference], records: dict[str, Record]) -> str:
    """MEDLINE text as PubMed's 'Cite > NBIB' gives it, one record per PubMed-indexed reference.

    The format is keyed by PMID, so sources without one (trial registrations, guideline
    documents) are left out; RIS and BibTeX carry those.
    """
    blocks: list[str] = []
    for ref in sorted(refs, key=lambda r: r.n):
        record = _record_for(ref, records)
        pmid = _pmid(record)
        if not pmid:
            continue
        fields: list[tuple[str, str]] = [("PMID", pmid)]
        if record.journal.issn:
            fields.append(("IS", record.journal.issn))
        fields += [(t, v) for t, v in (("VI", record.journal.volume), ("IP", record.journal.issue)) if v]
        y, m, d = _date_parts(record.pub_date, record.year or ref.year)
        if y:
            fields.append(("DP", _medline_date(y, m, d)))
        fields.append(("TI", record.title or ref.title))
        if record.journal.pages:
            fields.append(("PG", record.journal.pages))
        if record.doi:
            fields.append(("LID", f"{record.doi} [doi]"))
        abstract = _abstract(record)
        if abstract:
            fields.append(("AB", abstract))
        for author in record.authors:
            if author.collective:
                fields.append(("CN", author.collective))
            elif author.last_name:
                full = f"{author.last_name}, {author.fore_name}" if author.fore_name else author.last_name
                fields.append(("FAU", full))
                fields.append(("AU", f"{author.last_name} {author.initials}".strip()))
        if record.language:
            fields.append(("LA", record.language))
        fields += [("PT", t) for t in record.publication_types]
        abbreviation = record.journal.iso_abbreviation
        if abbreviation:
            fields.append(("TA", abbreviation))
        journal = _journal_title(record)
        if journal:
            fields.append(("JT", journal))
        if record.pmc:
            fields.append(("PMC", record.pmc))
        if record.doi:
            fields.append(("AID", f"{record.doi} [doi]"))
        source = _nbib_source(record, abbreviation or journal, y, m, d)
        if source:
            fields.append(("SO", source))
        lines = [line for tag, value in fields if _one_line(value) for line in _nbib_field(tag, value)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _nbib_source(record: Record, journal: str, y: str, m: str, d: str) -> str:
    """The SO line: 'Stroke. 2019 Mar;50(3):697-704. doi: 10.1161/...'."""
    if not journal:
        return ""
    text = f"{journal}. {_medline_date(y, m, d)}" if y else journal
    if record.journal.volume:
        text += f";{record.journal.volume}"
        if record.journal.issue:
            text += f"({record.journal.issue})"
    if record.journal.pages:
        text += f":{record.journal.pages}"
    text += "."
    if record.doi:
        text += f" doi: {record.doi}."
    return text


_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_BIBTEX_TABLE = str.maketrans(_BIBTEX_ESCAPES)
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9:_.-]+")


def _bib(value: str) -> str:
    """Escape TeX's special characters so a title like '50% & more' compiles and braces stay balanced."""
    return _one_line(value).translate(_BIBTEX_TABLE)


def _bib_key(record: Record, used: set[str]) -> str:
    """A citation key from the PMID or id, made unique within the file."""
    pmid = _pmid(record)
    base = f"pmid{pmid}" if pmid else (_KEY_UNSAFE.sub("-", record.id).strip("-") or "ref")
    key, i = base, 1
    while key in used:
        i += 1
        key = f"{base}-{i}"
    used.add(key)
    return key


def to_bibtex(refs: Sequence[Reference], records: dict[str, Record]) -> str:
    """BibTeX entries (@article for journal papers, @misc otherwise), keyed by PMID where there is one."""
    used: set[str] = set()
    entries: list[str] = []
    for ref in sorted(refs, key=lambda r: r.n):
        record = _record_for(ref, records)
        journal = _journal_title(record)
        entry_type = "article" if record.journal.title else "misc"
        fields: list[tuple[str, str]] = []
        authors = [
            _bib(a.collective) if a.collective else f"{_bib(a.last_name)}, {_bib(a.fore_name or a.initials)}"
            for a in record.authors
            if a.collective or a.last_name
        ]
        if authors:
            fields.append(("author", " and ".join(authors)))
        # Double braces keep the title's capitals (gene names, 'MS') as written.
        fields.append(("title", "{" + _bib(record.title or ref.title) + "}"))
        if entry_type == "article":
            fields.append(("journal", _bib(journal)))
        elif journal:
            fields.append(("howpublished", _bib(journal)))
        y, m, _ = _date_parts(record.pub_date, record.year or ref.year)
        if y:
            fields.append(("year", y))
        if m and 1 <= int(m) <= 12:
            fields.append(("month", _MONTHS[int(m) - 1].lower()))
        for name, value in (("volume", record.journal.volume), ("number", record.journal.issue)):
            if value:
                fields.append((name, _bib(value)))
        if record.journal.pages:
            first, last = _pages(record.journal.pages)
            fields.append(("pages", f"{_bib(first)}--{_bib(last)}" if last else _bib(first)))
        if record.publisher:
            fields.append(("publisher", _bib(record.publisher)))
        if record.doi:
            fields.append(("doi", _bib(record.doi)))
        pmid = _pmid(record)
        if pmid:
            fields.append(("pmid", pmid))
        link = _link(ref, record)
        if link:
            fields.append(("url", _bib(link)))
        fields.append(("note", _bib(f"{ref.label}; {level_or_why_not(ref)}; {applicability_text(ref)}")))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{entry_type}{{{_bib_key(record, used)},\n{body}\n}}\n")
    return "\n".join(entries)
