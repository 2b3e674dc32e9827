"""PubMed XML (`PubmedArticleSet`): efetch output, annual baseline and daily update files.

The file is read in chunks of whole articles (about 1 MiB each, cut after an article's end tag), so
memory stays flat however large the file. Each chunk is parsed by libxml2 in one call and its
fields pulled out by one XSLT pass (`pubmed_fields`); chunks are independent, which is what lets
`library.parallel` spread them over processes.

The chunked path is taken only for a plain prologue (UTF-8, a DOCTYPE without an internal
subset). Anything else, and any chunk that does not parse on its own, goes to the streaming
`iterparse` reader from that chunk on, which reports the error where the file has it (line and
last good record), exactly as if the whole file had been read that way. Entities are never
resolved and no DTD is loaded or fetched, which also disarms entity-expansion bombs.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from lxml import etree

from bedside.models import Deletion, Kind, Record, Rejection
from bedside.sources.base import Document, Item
from bedside.sources.pubmed_fields import Extracted, MissingPmid, extract

CHUNK_BYTES = 2**20
"""Chunk size: 1 MiB took 17% less worker CPU than 4 MiB (the tree stays in cache) and less memory."""
_TOP_LEVEL = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_ENDS = tuple(f"</{tag}>".encode() for tag in _TOP_LEVEL)
_PROLOGUE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?P<decl><\?xml[^>]*\?>)?\s*(?:<!DOCTYPE[^\[>]*>)?\s*<PubmedArticleSet\s*>\s*"
)
_UTF8 = re.compile(rb"""encoding\s*=\s*["']utf-?8["']""", re.I)
_CLOSING = re.compile(rb"\s*</PubmedArticleSet>\s*\Z")  # used with match(buffer, pos): anchored there
RawItem = Document | Deletion | Rejection
"""A reader item with records still as documents (what ingest stores without revalidating)."""

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Readable(Protocol):
    """What iterparse needs of a stream."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass
class Refused:
    """An article refused inside a chunk, `offset` records after the chunk's start."""

    offset: int
    reason: str

    def rejection(self, path: Path, before: int) -> Rejection:
        """The Rejection, naming the record by its position: `before` records precede `offset`."""
        return Rejection(path=str(path), where=f"record {before + self.offset}", reason=self.reason)


@dataclass
class Parsed:
    """A parsed chunk: its items and how far it moves the reader through the file."""

    items: list[Any]
    articles: int
    newlines: int
    tail: int
    last: str


@dataclass
class Place:
    """Where a chunk starts in the file: line, column, records before it and the last good PMID."""

    line: int
    column: int
    position: int = 0
    last: str = "start of file"

    def settle(self, path: Path, parsed: Parsed) -> Iterator[Any]:
        """The chunk's items with refusals named by their position in the file; then move past it."""
        for item in parsed.items:
            yield item.rejection(path, self.position) if isinstance(item, Refused) else item
        self.line += parsed.newlines
        self.column = parsed.tail if parsed.newlines else self.column + parsed.tail
        self.position += parsed.articles
        self.last = parsed.last or self.last


@dataclass
class Cursor:
    """How far the element-by-element reader has got: records seen and the last good PMID."""

    position: int = 0
    last: str = "start of file"

    def item(self, path: Path, extracted: Extracted) -> RawItem:
        """The reader item for one extracted element, counting record positions."""
        found = _judge(extracted, self.position)
        if not isinstance(found, Deletion):
            self.position += 1
        if isinstance(found, dict):
            self.last = f"PMID {found['id']}"
        return found.rejection(path, 0) if isinstance(found, Refused) else found


def _judge(extracted: Extracted, before: int) -> Document | Deletion | Refused:
    if isinstance(extracted, dict | Deletion):
        return extracted
    reason = "no PMID" if isinstance(extracted, MissingPmid) else "PubmedBookArticle is not supported"
    return Refused(offset=before + 1, reason=reason)


class ChunkedFile:
    """Cuts a PubmedArticleSet stream into chunks of whole elements; `chunkable` is False for
    unusual prologues. Cutting only looks for the last end tag: counting lines and records is
    left to whoever parses the chunk (a worker), so this stays cheap in the main process."""

    def __init__(self, stream: BinaryIO, size: int = CHUNK_BYTES) -> None:
        self.stream = stream
        self.size = size
        self.buffer = stream.read(size)
        found = _PROLOGUE.match(self.buffer)
        decl = found.group("decl") if found else None
        self.chunkable = found is not None and (decl is None or b"encoding" not in decl or bool(_UTF8.search(decl)))
        self.prologue = self.buffer[: found.end()] if found and self.chunkable else b""
        self.buffer = self.buffer[len(self.prologue) :]

    def start(self) -> Place:
        """Where the first chunk starts."""
        return Place(line=1 + self.prologue.count(b"\n"), column=len(self.prologue) - (self.prologue.rfind(b"\n") + 1))

    def __iter__(self) -> Iterator[bytes]:
        while True:
            try:
                block = self.stream.read(self.size)
            except Exception:
                yield from self._cut(final=False)  # the good articles before a broken gzip are kept
                raise
            self.buffer += block
            if not block:
                yield from self._cut(final=True)
                return
            yield from self._cut(final=False)

    def _cut(self, *, final: bool) -> Iterator[bytes]:
        last = self.buffer.rfind(_ENDS[0])
        end = max((i + len(tag) for tag in _ENDS if (i := self.buffer.rfind(tag, max(last, 0))) >= 0), default=0)
        if final and not _CLOSING.match(self.buffer, end):
            end = len(self.buffer)  # a truncated or odd tail: parsed on its own, it fails and falls back
        if end:
            data, self.buffer = self.buffer[:end], self.buffer[end:]
            yield data

    def fallback(self, path: Path, kind: Kind | None, place: Place, pieces: list[bytes]) -> Iterator[RawItem]:
        """Stream the rest of the file, from the chunk at `place`, through the element-by-element reader.

        `pieces` are that chunk and any read after it. Blanks after the prologue put the chunk at
        its true line and column, so errors name them.
        """
        newlines = place.line - 1 - self.prologue.count(b"\n")
        prologue_column = len(self.prologue) - (self.prologue.rfind(b"\n") + 1)
        pad = b"\n" * newlines + b" " * (place.column - (0 if newlines else prologue_column))
        stream = _Joined([self.prologue, pad, *pieces, self.buffer], self.stream)
        yield from stream_items(path, stream, kind, Cursor(place.position, place.last))

    def rest(self) -> Readable:
        """The whole stream as read so far and still unread, for the element-by-element reader."""
        return _Joined([self.prologue, self.buffer], self.stream)


class _Joined:
    """A read()-able stream: some bytes already in hand, then the rest of the underlying stream."""

    def __init__(self, pieces: list[bytes], stream: BinaryIO) -> None:
        self.pieces = [p for p in pieces if p]
        self.stream = stream

    def read(self, size: int = -1, /) -> bytes:
        if self.pieces:
            piece = self.pieces.pop(0)
            if 0 < size < len(piece):
                self.pieces.insert(0, piece[size:])
                piece = piece[:size]
            return piece
        return self.stream.read(size)


def parse_chunk(path: Path, data: bytes, kind: Kind | None = None) -> Parsed | None:
    """One chunk's items (refusals by offset), or None when it does not parse on its own."""
    try:
        root = etree.fromstring(b"<PubmedArticleSet>" + data + b"</PubmedArticleSet>", _PARSER)
    except etree.XMLSyntaxError:
        return None
    items: list[Any] = []
    articles = 0
    last = ""
    for extracted in extract(root, kind):
        items.append(_judge(extracted, articles))
        articles += not isinstance(extracted, Deletion)
        if isinstance(extracted, dict):
            last = f"PMID {extracted['id']}"
    newlines = data.count(b"\n")
    tail = len(data) - (data.rfind(b"\n") + 1)
    return Parsed(items=items, articles=articles, newlines=newlines, tail=tail, last=last)


def read(path: Path, stream: BinaryIO, kind: Kind | None = None) -> Iterator[Item]:
    """Yield Records, Deletions (DeleteCitation) and Rejections from a PubmedArticleSet stream."""
    for item in read_raw(path, stream, kind):
        yield Record.model_validate(item) if isinstance(item, dict) else item


def read_raw(
    path: Path, stream: BinaryIO, kind: Kind | None = None, *, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[RawItem]:
    """As `read`, with records as documents: chunk by chunk, falling back where a chunk fails."""
    chunks = ChunkedFile(stream, chunk_bytes)
    if not chunks.chunkable:
        yield from stream_items(path, chunks.rest(), kind, Cursor())
        return
    place = chunks.start()
    for data in chunks:
        parsed = parse_chunk(path, data, kind)
        if parsed is None:
            yield from chunks.fallback(path, kind, place, [data])
            return
        yield from place.settle(path, parsed)


def stream_items(path: Path, stream: Readable, kind: Kind | None, cursor: Cursor) -> Iterator[RawItem]:
    """The element-by-element reader (iterparse): slower, but reads any prologue and stops at errors."""
    parser = etree.iterparse(
        stream,
        events=("end",),
        tag=_TOP_LEVEL,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        for _, element in parser:
            wrapper = etree.Element("PubmedArticleSet")
            wrapper.append(copy.deepcopy(element))
            for extracted in extract(wrapper, kind):
                yield cursor.item(path, extracted)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        where = f"line {exc.lineno}, after record {cursor.position} ({cursor.last})"
        reason = "empty file" if cursor.position == 0 and "empty" in str(exc).lower() else f"broken XML: {exc.msg}"
        yield Rejection(path=str(path), where=where, reason=reason)
