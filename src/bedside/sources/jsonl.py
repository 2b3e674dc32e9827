"""BEIR-style JSONL (`_id`, `title`, `text`, `metadata`): one record a line, read as a stream.

Corpora in this shape come from many hands, so the reader is strict about structure (a line that
is not an object, lacks an `_id` or has a field of the wrong type is rejected with its line
number) and tolerant about content: `metadata.mesh` and `metadata.sections` may be real lists or
the string repr of a Python list (PubMedQA exports), and Markdown `##` headings in `text`
(MedQuAD patient pages) become sections. Lines are decoded one at a time, so memory stays flat
however large the file, and one bad line never costs the good lines around it.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from bedside.models import Journal, Kind, MeshHeading, Record, Rejection, Section
from bedside.sources.base import Item, year_of
from bedside.sources.kinds import classify

SOURCE = "jsonl"

_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_NCT = re.compile(r"^NCT\d{8}$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_LITERAL_LIMIT = 1_000_000  # literal_eval on larger strings risks time and memory for no real input

# Structured-abstract labels onto PubMed NlmCategory, for the labels seen in JSONL corpora.
_CATEGORIES: dict[str, str] = {
    "BACKGROUND": "BACKGROUND",
    "INTRODUCTION": "BACKGROUND",
    "CONTEXT": "BACKGROUND",
    "OBJECTIVE": "OBJECTIVE",
    "OBJECTIVES": "OBJECTIVE",
    "PURPOSE": "OBJECTIVE",
    "AIM": "OBJECTIVE",
    "AIMS": "OBJECTIVE",
    "METHODS": "METHODS",
    "METHOD": "METHODS",
    "MATERIALS AND METHODS": "METHODS",
    "PATIENTS AND METHODS": "METHODS",
    "DESIGN": "METHODS",
    "STUDY DESIGN": "METHODS",
    "SETTING": "METHODS",
    "PARTICIPANTS": "METHODS",
    "PATIENTS": "METHODS",
    "INTERVENTIONS": "METHODS",
    "MAIN OUTCOME MEASURES": "METHODS",
    "RESULTS": "RESULTS",
    "FINDINGS": "RESULTS",
    "CONCLUSIONS": "CONCLUSIONS",
    "CONCLUSION": "CONCLUSIONS",
    "INTERPRETATION": "CONCLUSIONS",
}

# Metadata keys mapped onto Record fields; everything else scalar goes to `extra` as text.
_HANDLED = {
    "kind",
    "url",
    "publisher",
    "doi",
    "year",
    "pub_date",
    "pmid",
    "pmc",
    "mesh",
    "sections",
    "keywords",
    "publication_types",
    "journal",
    "language",
    "retracted",
}


class BadLine(ValueError):
    """A line whose content cannot become a record; the message is the rejection reason."""


def read(path: Path, stream: BinaryIO, kind: Kind | None = None) -> Iterator[Item]:
    """Yield one Record per good line and a Rejection (with the line number) per bad one."""
    seen_any = False
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        seen_any = True
        where = f"line {number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            yield Rejection(path=str(path), where=where, reason=f"not valid UTF-8 (byte 0x{bad} at byte {exc.start})")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(path=str(path), where=where, reason=f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Rejection(path=str(path), where=where, reason="invalid JSON: nested too deeply")
            continue
        try:
            yield to_record(obj, kind)
        except BadLine as exc:
            yield Rejection(path=str(path), where=where, reason=str(exc))
    if not seen_any:
        yield Rejection(path=str(path), where="file", reason="empty file")


def to_record(obj: object, kind: Kind | None = None) -> Record:
    """Build a Record from one decoded JSONL object; raise BadLine saying what is wrong."""
    if not isinstance(obj, dict):
        raise BadLine(f"expected a JSON object, got {type(obj).__name__}")
    record_id = _id(obj.get("_id"))
    title = _text(obj.get("title"), "title")
    text = _text(obj.get("text"), "text")
    meta = obj.get("metadata")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise BadLine(f"_id {record_id}: metadata must be an object, got {type(meta).__name__}")
    try:
        return _build(record_id, title, text, meta, kind)
    except BadLine as exc:
        raise BadLine(f"_id {record_id}: {exc}") from None


def _build(record_id: str, title: str, text: str, meta: dict[str, Any], kind: Kind | None) -> Record:
    publication_types = _strings(meta.get("publication_types"), "metadata.publication_types")
    meta_kind = _text(meta.get("kind"), "metadata.kind")
    sections = _sections(meta.get("sections")) or split_markdown(text)
    if not title.strip() and not sections:
        raise BadLine("no title and no text")
    final_kind = kind or classify(publication_types, meta_kind, title, text)
    pub_date = _text(meta.get("pub_date"), "metadata.pub_date").strip()
    year = _year(meta.get("year"))
    if year is None and pub_date:
        year = year_of(pub_date)
    if year is not None and not pub_date:
        pub_date = str(year)
    doi = _DOI_PREFIX.sub("", _text(meta.get("doi"), "metadata.doi").strip())
    if not doi and record_id.startswith("10.") and "/" in record_id:
        doi = record_id
    extra = {str(k): _scalar(v) for k, v in meta.items() if k not in _HANDLED and _is_scalar(v)}
    nct = extra.get("nct_id", "").strip() or (record_id if _NCT.match(record_id) else "")
    url = _text(meta.get("url"), "metadata.url").strip()
    if not url and nct and final_kind is Kind.TRIAL_REGISTRATION:
        url = f"https://clinicaltrials.gov/study/{nct}"
    journal = meta.get("journal")
    return Record(
        id=record_id,
        source=SOURCE,
        kind=final_kind,
        title=title,
        sections=sections,
        journal=Journal(title=journal) if isinstance(journal, str) else Journal(),
        pub_date=pub_date,
        year=year,
        publication_types=publication_types,
        mesh=[MeshHeading(descriptor=d) for d in _strings(meta.get("mesh"), "metadata.mesh")],
        keywords=_strings(meta.get("keywords"), "metadata.keywords"),
        pmid=_scalar_id(meta.get("pmid"), "metadata.pmid"),
        pmc=_scalar_id(meta.get("pmc"), "metadata.pmc"),
        doi=doi,
        language=_text(meta.get("language"), "metadata.language"),
        retracted=meta.get("retracted") is True,
        url=url,
        publisher=_text(meta.get("publisher"), "metadata.publisher"),
        extra=extra,
    )


def split_markdown(text: str) -> list[Section]:
    """Cut text at Markdown ATX headings (`## Question`); text before the first is unlabelled."""
    sections: list[Section] = []
    label, start = "", 0
    for match in _HEADING.finditer(text):
        body = text[start : match.start()].strip()
        if body:
            sections.append(Section(label=label, text=body))
        label, start = match.group(1).strip(), match.end()
    body = text[start:].strip()
    if body:
        sections.append(Section(label=label, text=body))
    return sections


def category_of(label: str) -> str:
    """The NlmCategory a structured-abstract label usually carries, or '' when unsure."""
    return _CATEGORIES.get(label.strip().rstrip(":").upper(), "")


def _id(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        if value is None:
            raise BadLine("missing _id")
        raise BadLine(f"_id must be a string, got {type(value).__name__}")
    record_id = str(value)
    if not record_id.strip():
        raise BadLine("empty _id")
    return record_id


def _text(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadLine(f"{field} must be a string, got {type(value).__name__}")
    return value


def _scalar_id(value: object, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadLine(f"{field} must be a string or number, got {type(value).__name__}")
    return str(value).strip()


def _year(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise BadLine(f"metadata.year must be a year, got {value!r:.40}")


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _listish(value: object, field: str) -> list[Any] | None:
    """A list, or a string holding a JSON list or a Python list repr; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped.startswith("["):
            return [stripped]
        if len(stripped) <= _LITERAL_LIMIT:
            for parse in (json.loads, ast.literal_eval):
                try:
                    parsed = parse(stripped)
                except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                    continue
                if isinstance(parsed, list):
                    return parsed
        raise BadLine(f"{field} is a string that is not a readable list")
    raise BadLine(f"{field} must be a list, got {type(value).__name__}")


def _strings(value: object, field: str) -> list[str]:
    items = _listish(value, field) or []
    if not all(isinstance(item, str) for item in items):
        raise BadLine(f"{field} must be a list of strings")
    return [item.strip() for item in items if item.strip()]


def _sections(value: object) -> list[Section]:
    items = _listish(value, "metadata.sections") or []
    sections: list[Section] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise BadLine(f"metadata.sections[{index}] must be an object with label and text")
        label = _text(item.get("label"), f"metadata.sections[{index}].label").strip()
        text = _text(item.get("text"), f"metadata.sections[{index}].text")
        category = _text(item.get("category"), f"metadata.sections[{index}].category").strip().upper()
        if text.strip():
            sections.append(Section(label=label, category=category or category_of(label), text=text.strip()))
    return sections
