"""Guideline documents (Markdown, HTML, plain text, PDF): each file becomes one Record.

Guidelines arrive as whatever their body publishes, so every format is reduced to the same
thing: a run of headings and paragraphs, assembled into headed sections (the unit later stages
quote from). Markdown and HTML carry their headings explicitly; plain text and PDF text do not,
so headings there are guessed from line shape (short Title Case, ALL CAPS or numbered lines
that start a block and have text after them). A whole document is small next to a corpus, so
it is read into memory: its bytes also give it a stable id when the caller names none.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

from bedside.models import Kind, Record, Rejection, Section
from bedside.sources.base import Item

SOURCE = "document"
FORMATS = ("markdown", "html", "text", "pdf")

_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_DROP = ("script", "style", "nav", "noscript", "template", "iframe", "svg", "head")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Word lists kept as one string each: easier to read and extend than a one-word-a-line literal.
_BLOCKS = frozenset(
    "p div li ul ol dl dt dd table thead tbody tfoot tr caption section article main header footer aside "  # noqa: SIM905
    "blockquote pre figure figcaption br hr form fieldset address details summary body".split()
)
_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with vs via per nor but".split())  # noqa: SIM905
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_PROSE = re.compile(r"[^\W\d_]{2}")  # a document without a single two-letter word is not a document
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?\s*$", re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Block:
    """A heading (level 1-6) or a paragraph (level 0) of a document, in reading order."""

    level: int
    text: str


class Unreadable(ValueError):
    """The file cannot be turned into text; the message is the rejection reason."""


def read(
    path: Path,
    stream: BinaryIO,
    kind: Kind | None = None,
    *,
    body: str | None = None,
    year: int | None = None,
    fmt: str | None = None,
    record_id: str | None = None,
) -> Iterator[Item]:
    """Yield the document as one guideline Record (or the kind given), or a Rejection saying why not."""
    data = stream.read()
    fmt = fmt or format_of(path, data)
    if not data.strip():
        yield Rejection(path=str(path), where="file", reason=f"empty document ({fmt})")
        return
    extra = {"format": fmt, "file": path.name}
    try:
        if fmt == "pdf":
            blocks = _text_blocks(_pdf_text(data), pdf=True)
        else:
            text, encoding = _decode(data)
            if encoding != "utf-8":
                extra["encoding"] = encoding
            if fmt == "markdown":
                blocks = markdown_blocks(text)
            elif fmt == "html":
                blocks = html_blocks(data, encoding)
            else:
                blocks = _text_blocks(text, pdf=False)
    except Unreadable as exc:
        yield Rejection(path=str(path), where="file", reason=str(exc))
        return
    title, sections = assemble(blocks, path)
    if not any(_PROSE.search(section.text) for section in sections):
        yield Rejection(path=str(path), where="file", reason=f"empty document: no text found ({fmt})")
        return
    yield Record(
        id=record_id or "doc:" + hashlib.sha256(data).hexdigest()[:16],
        source=SOURCE,
        kind=kind or Kind.GUIDELINE,
        title=title,
        sections=sections,
        publisher=body or "",
        year=year,
        pub_date=str(year) if year is not None else "",
        extra=extra,
    )


def format_of(path: Path, data: bytes) -> str:
    """markdown, html, pdf or text, from the suffix (ignoring .gz) and then the first bytes."""
    name = path.name.lower().removesuffix(".gz")
    fmt = _SUFFIXES.get(Path(name).suffix)
    if fmt:
        return fmt
    head = data[:1024].lstrip().lower()
    if b"%pdf-" in head:
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def assemble(blocks: list[Block], path: Path) -> tuple[str, list[Section]]:
    """Title (first h1, else first heading, else file stem) and the headed sections, empty ones dropped."""
    headings = [b for b in blocks if b.level]
    first_h1 = next((b.text for b in headings if b.level == 1), "")
    title = first_h1 or (headings[0].text if headings else "") or Path(path.name.removesuffix(".gz")).stem
    sections: list[Section] = []
    label, paragraphs = "", list[str]()
    for block in [*blocks, Block(1, "")]:
        if block.level:
            if paragraphs:
                sections.append(Section(label=label, text="\n\n".join(paragraphs)))
            label, paragraphs = block.text, []
        elif block.text:
            paragraphs.append(block.text)
    return title, sections


def markdown_blocks(text: str) -> list[Block]:
    """Headings and paragraphs of Markdown via markdown-it (CommonMark + tables), as plain text."""
    text = _FRONT_MATTER.sub("", text, count=1)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    heading = 0
    list_depth = 0
    row: list[str] | None = None
    for token in tokens:
        if token.type == "heading_open":
            heading = _HEADINGS.get(token.tag, 2)
        elif token.type == "heading_close":
            heading = 0
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            blocks.append(Block(0, " | ".join(row)))
            row = None
        elif token.type == "inline":
            plain = _inline_text(token.children or [])
            if heading:
                blocks.append(Block(heading, " ".join(plain.split())))
            elif row is not None:
                row.append(plain.strip())
            elif plain.strip():
                blocks.append(Block(0, ("- " if list_depth else "") + plain.strip()))
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(Block(0, token.content.rstrip("\n")))
        elif token.type == "html_block":
            plain = " ".join(re.sub(r"<!--.*?-->|<[^>]*>", " ", token.content, flags=re.S).split())
            if plain:
                blocks.append(Block(0, plain))
    return blocks


def _inline_text(children: list[Token]) -> str:
    """Plain text of an inline token: link text and image alt text kept, markup and URLs dropped."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def html_blocks(data: bytes, encoding: str) -> list[Block]:
    """Headings h1-h6 and text blocks of the page body; scripts, styles and navigation dropped."""
    parser = lxml.html.HTMLParser(encoding="utf-8" if encoding == "utf-8" else None, no_network=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise Unreadable(f"cannot parse HTML: {exc}") from None
    page_title = " ".join((root.findtext(".//title") or "").split())
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_DROP, with_tail=False)
    body = root.find("body")
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        if text:
            blocks.append(Block(0, text))
        buffer.clear()

    if body is not None:
        walker = etree.iterwalk(body, events=("start", "end"))
        for event, element in walker:
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start" and tag in _HEADINGS:
                flush()
                blocks.append(Block(_HEADINGS[tag], " ".join(element.text_content().split())))
                walker.skip_subtree()
            elif event == "start":
                if tag in _BLOCKS:
                    flush()
                if tag == "li":
                    buffer.append("- ")
                elif tag in ("td", "th") and "".join(buffer).strip():
                    buffer.append(" | ")
                buffer.append(element.text or "")
            else:
                if tag in _BLOCKS or tag in _HEADINGS:
                    flush()
                if element is not body:
                    buffer.append(element.tail or "")
        flush()
    if page_title and not any(b.level for b in blocks):
        blocks.insert(0, Block(1, page_title))
    return [b for b in blocks if b.text]


def _pdf_text(data: bytes) -> str:
    """The text of every page, in order; Unreadable when the PDF cannot be opened or has no text."""
    from pypdf import PdfReader  # imported here: only PDF inputs pay for loading pypdf

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("cannot read PDF: encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError, KeyError...) on damaged files
        raise Unreadable(f"cannot read PDF: {type(exc).__name__}: {exc}") from None
    if not any(page.strip() for page in pages):
        raise Unreadable("PDF has no extractable text (a scanned image? run OCR first)")
    return "\n".join(pages)


def _text_blocks(text: str, *, pdf: bool) -> list[Block]:
    """Paragraphs of plain text, with headings guessed from line shape and position."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if pdf:
        lines = [line for line in lines if not _PAGE_NUMBER.match(line)]
    blocks: list[Block] = []
    paragraph: list[str] = []
    starts_block = True  # at the start, after a blank line, a heading or a sentence end
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if paragraph:
                blocks.append(Block(0, "\n".join(paragraph)))
                paragraph = []
            starts_block = True
            continue
        has_body = any(rest.strip() for rest in lines[index + 1 :])
        level = heading_level(stripped) if starts_block and has_body else 0
        if level:
            if paragraph:
                blocks.append(Block(0, "\n".join(paragraph)))
                paragraph = []
            blocks.append(Block(level, stripped.rstrip(":").strip()))
            starts_block = True
        else:
            paragraph.append(stripped if pdf else line)
            starts_block = stripped.endswith((".", "!", "?", ":", ";"))
    if paragraph:
        blocks.append(Block(0, "\n".join(paragraph)))
    return blocks


def heading_level(line: str) -> int:
    """A heading level (2, deeper for 1.2-style numbers) when a line looks like a heading, else 0.

    Never 1: in text without markup the title is simply the first heading.
    """
    if len(line) > 100 or line.endswith((".", ",", ";")):
        return 0
    numbered = _NUMBERED.match(line)
    words = _WORD.findall(numbered.group(2) if numbered else line)
    if not words or len(words) > 12 or sum(len(w) for w in words) < 3:
        return 0
    if numbered:
        return min(numbered.group(1).count(".") + 2, 6) if words[0][0].isupper() else 0
    letters = [c for c in line if c.isalpha()]
    if all(c.isupper() for c in letters):
        return 2
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if words[0][0].isupper() and significant and all(w[0].isupper() for w in significant):
        return 2
    return 0


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (a BOM allowed); otherwise Windows-1252, the usual encoding of older office exports."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"
