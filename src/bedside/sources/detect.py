"""Which reader a file needs: decided from its first bytes, then its name; folders expanded.

Users point bedside at whatever they have (a PubMed baseline folder, a MEDLINE export saved as
.txt, a guideline PDF), so a file's content outranks its name: a recognisable signature
(`%PDF`, a `<PubmedArticleSet>` root, `PMID- ` tags, a JSON object with `_id`) decides; the
name decides only when the content says nothing clear. gzip is recognised by its magic bytes
and undone before sniffing, so `.xml.gz` baselines and a gzipped `.jsonl` work alike. Nothing
here raises on bad input: a missing path, an unknown format or a truncated gzip becomes a
`Rejection` so the other files still get read.
"""

from __future__ import annotations

import gzip
import importlib
import io
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

from bedside.models import Deletion, Kind, Rejection
from bedside.sources import documents, jsonl
from bedside.sources.base import Item, Reader

SNIFF_BYTES = 65536
PUBMED_XML, MEDLINE, JSONL = "pubmed-xml", "medline", "jsonl"
SUPPORTED = (
    "PubMed XML (.xml), MEDLINE/PubMed export (.txt, .nbib, .medline), BEIR-style JSONL (.jsonl), "
    "guideline documents (.md, .html, .htm, .txt, .pdf); any of them gzipped (.gz)"
)

_PUBMED_ROOTS = {"PubmedArticleSet", "PubmedArticle", "PubmedBookArticleSet", "PubmedBookArticle", "DeleteCitation"}
_BY_SUFFIX = {
    ".xml": PUBMED_XML,
    ".nbib": MEDLINE,
    ".medline": MEDLINE,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
    ".pdf": "pdf",
}
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+([A-Za-z_][\w.:-]*)", re.I)
_MEDLINE_TAG = re.compile(rb"[A-Z][A-Z0-9]{1,3} {0,2}- ")
_PMID_LINE = re.compile(rb"^PMID- ", re.M)
_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)

T = TypeVar("T")
_WATCH_BYTES = 64 * 1024  # how often (in bytes read) a progress bar hears the position


def expand_paths(paths: Iterable[Path]) -> Iterator[Path | Rejection]:
    """Every file named, and every file under every folder named (recursively, sorted by name).

    Hidden files and folders inside a folder are skipped (editor and VCS clutter); a hidden
    file named explicitly is read. A path that does not exist yields a Rejection.
    Each file is yielded once even when named twice.
    """
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files: Iterator[Path | Rejection] = _walk(path)
        elif path.exists():
            files = iter([path])
        else:
            files = iter([Rejection(path=str(path), where="path", reason="no such file or folder")])
        for entry in files:
            if isinstance(entry, Path):
                key = entry.resolve()
                if key in seen:
                    continue
                seen.add(key)
            yield entry


def _walk(folder: Path) -> Iterator[Path | Rejection]:
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield Rejection(path=str(folder), where="folder", reason=f"cannot list folder: {exc.strerror or exc}")
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            if not child.is_symlink():  # a linked folder could loop back on itself
                yield from _walk(child)
        elif child.is_file():
            yield child


def detect_format(name: str, head: bytes) -> str | None:
    """The format of a (decompressed) file: content signature first, then the name; None if unknown.

    Returns pubmed-xml, medline, jsonl, or a document format (markdown, html, text, pdf).
    XML whose root is not a PubMed one returns None.
    """
    lowered = name.lower().removesuffix(".gz")
    suffix = Path(lowered).suffix
    if b"%PDF-" in head[:1024]:
        return "pdf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        found = _DOCTYPE.search(text[:4096]) or _FIRST_TAG.search(text)
        root = found.group(1).decode("ascii") if found else ""
        if root in _PUBMED_ROOTS:
            return PUBMED_XML
        if root.lower() == "html":
            return "html"
        if suffix == ".xml" and root:
            return None
    first_line = text.split(b"\n", 1)[0]
    if text.startswith(b"{") and (b'"_id"' in first_line or suffix in (".jsonl", ".ndjson")):
        return JSONL
    if _MEDLINE_TAG.match(text) and _PMID_LINE.search(head):
        return MEDLINE
    fmt = _BY_SUFFIX.get(suffix)
    if fmt == JSONL and text and not text.startswith(b"{"):
        return None
    return fmt


def open_items(
    path: Path,
    kind: Kind | None = None,
    *,
    body: str | None = None,
    year: int | None = None,
    pubmed_reader: Callable[[Path, BinaryIO, Kind | None], Iterator[T]] | None = None,
    on_position: Callable[[int], None] | None = None,
) -> Iterator[Item | T]:
    """Read one file with the reader its content calls for; problems become Rejections.

    `pubmed_reader` replaces the PubMed XML reader (ingest passes its multi-process one, which
    yields stored rows rather than Records); whatever it yields that is not a Deletion or a
    Rejection counts as a record. `on_position` hears how far into the file (bytes on disk)
    reading has got, for a progress bar within one large file.
    """
    count = 0
    try:
        with path.open("rb", buffering=0 if on_position else -1) as opened:
            raw = opened
            if on_position:
                watched = _Watched(cast(io.RawIOBase, opened), on_position)
                raw = cast(BinaryIO, io.BufferedReader(watched, buffer_size=_WATCH_BYTES))
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            stream = cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb")) if gzipped else raw
            head, error = _sniff(stream)
            if error is not None and not head:
                raise error
            fmt = detect_format(path.name, head)
            if fmt is None:
                yield Rejection(path=str(path), where="file", reason=_unknown(path, head))
                return
            if not head.strip():
                yield Rejection(path=str(path), where="file", reason="empty file")
                return
            items: Iterator[Item | T] = (
                pubmed_reader(path, stream, kind)
                if pubmed_reader is not None and fmt == PUBMED_XML
                else _dispatch(fmt, path, stream, kind, body, year)
            )
            for item in items:
                if not isinstance(item, Deletion | Rejection):
                    count += 1
                yield item
    except _GZIP_ERRORS as exc:
        yield Rejection(path=str(path), where=f"after record {count}", reason=f"truncated or corrupt gzip: {exc}")
    except OSError as exc:
        where = f"after record {count}" if count else "file"
        yield Rejection(path=str(path), where=where, reason=f"cannot read: {exc.strerror or exc}")


class _Watched(io.RawIOBase):
    """The file underneath a buffered reader, reporting its position after every read (the
    position, not a sum of reads, so rewinding after sniffing counts nothing twice). Being a raw
    stream under `io.BufferedReader`, it gives readers everything a file gives (lines, iteration)."""

    def __init__(self, raw: io.RawIOBase, report: Callable[[int], None]) -> None:
        super().__init__()
        self.raw = raw
        self.report = report

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any, /) -> int | None:
        count = self.raw.readinto(buffer)
        self.report(self.raw.tell())
        return count

    def seek(self, offset: int, whence: int = 0, /) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()


def _sniff(stream: BinaryIO) -> tuple[bytes, Exception | None]:
    """Up to SNIFF_BYTES from the start, then rewind; a gzip error is returned, not raised.

    The reader re-reads from the start and meets the same error after its good records, so
    detection goes on with whatever could be read.
    """
    chunks: list[bytes] = []
    size = 0
    error: Exception | None = None
    try:
        while size < SNIFF_BYTES:
            chunk = stream.read(SNIFF_BYTES - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except _GZIP_ERRORS as exc:
        error = exc
    stream.seek(0)
    return b"".join(chunks), error


def _dispatch(
    fmt: str, path: Path, stream: BinaryIO, kind: Kind | None, body: str | None, year: int | None
) -> Iterator[Item]:
    if fmt in documents.FORMATS:
        return documents.read(path, stream, kind, body=body, year=year, fmt=fmt)
    if fmt == JSONL:
        return jsonl.read(path, stream, kind)
    module = {PUBMED_XML: "bedside.sources.pubmed_xml", MEDLINE: "bedside.sources.medline"}[fmt]
    try:
        reader = reader_for(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return iter([Rejection(path=str(path), where="file", reason=f"no {fmt} reader installed ({module})")])
    return reader(path, stream, kind)


def reader_for(module: str) -> Reader:
    """The `read` function of a reader module, imported on first use (readers load only when needed)."""
    read: Reader = importlib.import_module(module).read
    return read


def _unknown(path: Path, head: bytes) -> str:
    root = _FIRST_TAG.search(head.lstrip())
    if head.lstrip().startswith(b"<") and root:
        what = f"XML with root <{root.group(1).decode('ascii')}>, not a PubMed article set"
    elif head.lstrip().startswith((b"[", b"{")):
        what = "JSON that is not BEIR-style JSONL (one object with an _id a line)"
    else:
        suffix = "".join(path.suffixes[-2:]) or "no extension"
        what = f"unknown format ({suffix})"
    return f"{what}; supported: {SUPPORTED}"
