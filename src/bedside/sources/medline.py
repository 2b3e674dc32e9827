"""MEDLINE text format: PubMed's "MEDLINE" download and "Cite" `.nbib` exports.

Line-oriented and streaming: a tag in the first four columns, "- ", the value; continuation
lines are indented six spaces; a blank line ends a record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from bedside.models import Author, Journal, Kind, MeshHeading, Record, Rejection, Section
from bedside.sources.base import Item, year_of
from bedside.sources.kinds import classify

_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_LABEL = re.compile(r"(?:(?<=^)|(?<=[.?!] ))([A-Z][A-Z ,&/-]{2,40}): ")
_CATEGORIES = {
    "BACKGROUND": "BACKGROUND",
    "INTRODUCTION": "BACKGROUND",
    "OBJECTIVE": "OBJECTIVE",
    "OBJECTIVES": "OBJECTIVE",
    "AIM": "OBJECTIVE",
    "AIMS": "OBJECTIVE",
    "PURPOSE": "OBJECTIVE",
    "METHODS": "METHODS",
    "DESIGN": "METHODS",
    "MATERIALS AND METHODS": "METHODS",
    "PATIENTS AND METHODS": "METHODS",
    "RESULTS": "RESULTS",
    "FINDINGS": "RESULTS",
    "CONCLUSION": "CONCLUSIONS",
    "CONCLUSIONS": "CONCLUSIONS",
    "INTERPRETATION": "CONCLUSIONS",
}


def _date(value: str) -> str:
    """'2005 Mar 15' -> '2005-03-15'; '2005 Mar-Apr' -> '2005-03'; '2005' -> '2005'."""
    parts = value.split()
    if not parts or not parts[0][:4].isdigit():
        return ""
    year = parts[0][:4]
    if len(parts) < 2:
        return year
    month = _MONTHS.get(parts[1][:3].lower())
    if month is None:
        return year
    if len(parts) > 2 and parts[2].isdigit():
        return f"{year}-{month:02d}-{int(parts[2]):02d}"
    return f"{year}-{month:02d}"


def _sections(abstract: str) -> list[Section]:
    """Split a structured abstract on its upper-case labels ('METHODS: ...')."""
    if not abstract:
        return []
    matches = list(_LABEL.finditer(abstract))
    if not matches or matches[0].start() != 0:
        return [Section(text=abstract)]
    sections = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(abstract)
        label = match.group(1).strip()
        text = abstract[match.end() : end].strip()
        if text:
            sections.append(Section(label=label, category=_CATEGORIES.get(label, ""), text=text))
    return sections


def _author(full: str, short: str) -> Author:
    last, _, fore = full.partition(",")
    initials = short.split(" ", 1)[1] if " " in short else ""
    return Author(last_name=last.strip(), fore_name=fore.strip(), initials=initials)


def _mesh(value: str) -> MeshHeading:
    parts = value.split("/")
    return MeshHeading(
        descriptor=parts[0].lstrip("*").strip(),
        major="*" in value,
        qualifiers=[p.lstrip("*").strip() for p in parts[1:]],
    )


def to_record(tags: dict[str, list[str]], kind: Kind | None = None) -> Record | None:
    """One MEDLINE record (tag -> values) as a Record, or None without a PMID."""

    def one(tag: str) -> str:
        return tags.get(tag, [""])[0]

    pmid = one("PMID")
    if not pmid:
        return None
    title = one("TI") or one("BTI")
    abstract = one("AB")
    types = tags.get("PT", [])
    fulls, shorts = tags.get("FAU", []), tags.get("AU", [])
    authors = [_author(f, shorts[i] if i < len(shorts) else "") for i, f in enumerate(fulls)]
    authors += [Author(collective=c) for c in tags.get("CN", [])]
    doi = next((v.split(" [")[0] for v in tags.get("AID", []) + tags.get("LID", []) if v.endswith("[doi]")), "")
    retracted = "Retracted Publication" in types or any(v.startswith("Retraction in") for v in tags.get("RIN", []))
    pub_date = _date(one("DP"))
    return Record(
        id=pmid,
        source="medline",
        kind=kind or classify(types, None, title, abstract),
        title=title,
        sections=_sections(abstract),
        journal=Journal(
            title=one("JT"),
            iso_abbreviation=one("TA"),
            issn=one("IS"),
            volume=one("VI"),
            issue=one("IP"),
            pages=one("PG"),
        ),
        pub_date=pub_date,
        year=year_of(pub_date),
        authors=authors,
        publication_types=types,
        mesh=[_mesh(v) for v in tags.get("MH", [])],
        keywords=tags.get("OT", []),
        pmid=pmid,
        doi=doi,
        pmc=one("PMC"),
        language=one("LA"),
        retracted=retracted,
        revised=_date(one("LR")),
    )


def read(path: Path, stream: BinaryIO, kind: Kind | None = None) -> Iterator[Item]:
    """Yield Records and Rejections from MEDLINE text."""
    tags: dict[str, list[str]] = {}
    tag = ""
    position = 0
    seen_any = False

    def finish() -> Iterator[Item]:
        nonlocal position
        if not tags:
            return
        position += 1
        record = to_record(tags, kind)
        if record is None:
            yield Rejection(path=str(path), where=f"record {position}", reason="no PMID")
        else:
            yield record

    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            yield Rejection(path=str(path), where=f"line {number}", reason=f"not UTF-8 text: {exc.reason}")
            continue
        if not line.strip():
            yield from finish()
            tags, tag = {}, ""
            continue
        seen_any = True
        if len(line) > 5 and line[4:6] == "- " and line[:4].strip():
            tag = line[:4].strip()
            tags.setdefault(tag, []).append(line[6:].strip())
        elif tag and line.startswith(" "):
            tags[tag][-1] = f"{tags[tag][-1]} {line.strip()}"
    yield from finish()
    if not seen_any:
        yield Rejection(path=str(path), where="file", reason="empty file")
