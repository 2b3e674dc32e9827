"""A record as the store keeps it: its columns, its JSON document and its lexical-index fields.

Rows are built from the record's document (`Record.model_dump(mode="json")` layout), split into
sentences here, once. Building from the document rather than the pydantic model lets the PubMed
fast path (`library.parallel`) go from XML to stored row without creating a model per author
and per sentence; every other reader goes through `row_of_record`, so both paths produce the
same bytes and the same digest for the same record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from bedside.models import Record
from bedside.sources.base import Document
from bedside.text.sentences import spans


@dataclass(frozen=True, slots=True)
class Row:
    """One record ready for `Store.put_rows`: plain values only, cheap to pass between processes."""

    id: str
    kind: str
    title: str
    year: int | None
    pub_date: str
    retracted: bool
    version: int
    revised: str
    source: str
    publication_types: str
    digest: str
    doc: str
    abstract: str
    mesh: str

    def columns(self) -> tuple[object, ...]:
        """The `records` columns in the order `Store` writes them."""
        return (
            self.kind,
            self.title,
            self.year,
            self.pub_date,
            int(self.retracted),
            self.version,
            self.revised,
            self.source,
            self.publication_types,
            self.digest,
            self.doc,
        )


def with_sentences(document: Document) -> Document:
    """The document with sentence offsets filled in for every section that has none yet."""
    sections = document["sections"]
    if all(s["sentences"] or not s["text"] for s in sections):
        return document
    split = [
        s
        if s["sentences"] or not s["text"]
        else {**s, "sentences": [{"start": a, "end": b} for a, b in spans(s["text"])]}
        for s in sections
    ]
    return {**document, "sections": split}


def _offsets(text: str) -> list[dict[str, int]]:
    return [{"start": a, "end": b} for a, b in spans(text)]


def row_of(document: Document) -> Row:
    """The stored row of a record document (sentences are split here when missing)."""
    document = with_sentences(document)
    doc = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    mesh = [m["descriptor"] for m in document["mesh"]] + document["keywords"]
    return Row(
        id=document["id"],
        kind=document["kind"],
        title=document["title"],
        year=document["year"],
        pub_date=document["pub_date"],
        retracted=document["retracted"],
        version=document["version"],
        revised=document["revised"],
        source=document["source"],
        publication_types=json.dumps(document["publication_types"]),
        digest=hashlib.sha256(doc.encode("utf-8")).hexdigest()[:32],
        doc=doc,
        abstract="\n".join(s["text"] for s in document["sections"]),
        mesh=" ; ".join(mesh),
    )


def row_of_record(record: Record) -> Row:
    """The stored row of a Record (the path every reader but the PubMed fast path takes)."""
    return row_of(record.model_dump(mode="json"))
