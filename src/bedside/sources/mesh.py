"""Readers for the two MeSH files a user may supply: the tree file and the descriptor names file.

MeSH is optional: bedside ships its own vocabulary (search/vocabulary.py) and only widens it with
MeSH when the user points at these files. Both readers stream line by line, so memory stays flat,
and stop with a `MeshFormatError` naming the file and line on the first bad row, because a
half-read vocabulary would silently change which words become facets.

Formats (as in ../shared/data/mesh/):

- tree file (e.g. `2017MeshTree.txt`): tab-separated, UTF-8, optionally with a byte-order mark,
  header `Tree Number<TAB>Desc Ui<TAB>Term`, then one row per tree position
  (`C10.114.375.500<TAB>D009103<TAB>Multiple Sclerosis`). A descriptor appears once per position.
- descriptor names file (e.g. `subjects_mesh.csv`): CSV with header `id,scheme,subject`; `id` is a
  URL ending in the descriptor UI (`https://id.nlm.nih.gov/mesh/D009103`), `subject` its name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

TREE_HEADER = ("Tree Number", "Desc Ui", "Term")
DESCRIPTOR_HEADER = ("id", "scheme", "subject")

_UI = re.compile(r"^[DQ]\d{6,9}$")
_TREE_NUMBER = re.compile(r"^[A-Z]\d{2}(?:\.\d{3})*$")

MeshFileKind = Literal["tree", "descriptors"]


class MeshFormatError(ValueError):
    """A MeSH file that cannot be read; the message names the file and the line."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}: line {line}: {reason}")


@dataclass(frozen=True)
class TreeRow:
    """One row of the tree file: a descriptor at one position of the hierarchy."""

    tree_number: str
    ui: str
    name: str


@dataclass(frozen=True)
class DescriptorRow:
    """One row of the descriptor names file."""

    ui: str
    scheme: str
    name: str


@dataclass
class MeshDescriptor:
    """Everything the supplied files say about one descriptor, gathered across rows and files."""

    ui: str
    current_names: list[str] = field(default_factory=list)
    tree_names: list[str] = field(default_factory=list)
    tree_numbers: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Descriptor-file names first (they are usually newer), then tree names; the same whatever
        order the files were given in."""
        return list(dict.fromkeys([*self.current_names, *self.tree_names]))

    @property
    def name(self) -> str:
        """The preferred name: the first of `names`."""
        names = self.names
        return names[0] if names else ""


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line, decoded one by one so a bad byte is reported with its line."""
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise MeshFormatError(path, 0, f"cannot open: {exc.strerror or exc}") from exc
    with stream:
        for number, raw in enumerate(stream, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise MeshFormatError(path, number, f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
            if number == 1:
                text = text.removeprefix("\ufeff")
            yield number, text.rstrip("\r\n")


def file_kind(path: Path) -> MeshFileKind:
    """Which MeSH file this is, from its header line; raises MeshFormatError for anything else."""
    for number, text in _lines(path):
        if tuple(text.split("\t")) == TREE_HEADER:
            return "tree"
        if tuple(next(csv.reader([text]), [])) == DESCRIPTOR_HEADER:
            return "descriptors"
        raise MeshFormatError(
            path,
            number,
            f"not a MeSH tree or descriptor file: header is {text[:80]!r}, expected "
            f"{'<TAB>'.join(TREE_HEADER)!r} or {','.join(DESCRIPTOR_HEADER)!r}",
        )
    raise MeshFormatError(path, 1, "empty file")


def read_tree(path: Path) -> Iterator[TreeRow]:
    """Stream the rows of a MeSH tree file, checking every field."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise MeshFormatError(path, 1, "empty file")
    number, header = first
    if tuple(header.split("\t")) != TREE_HEADER:
        raise MeshFormatError(path, number, f"header is {header[:80]!r}, expected {'<TAB>'.join(TREE_HEADER)!r}")
    for number, text in lines:
        if not text.strip():
            continue
        parts = text.split("\t")
        if len(parts) != 3:
            raise MeshFormatError(path, number, f"expected 3 tab-separated fields, found {len(parts)}: {text[:80]!r}")
        tree_number, ui, name = (p.strip() for p in parts)
        if not _TREE_NUMBER.match(tree_number):
            raise MeshFormatError(path, number, f"bad tree number {tree_number!r}")
        if not _UI.match(ui):
            raise MeshFormatError(path, number, f"bad descriptor UI {ui!r}")
        if not name:
            raise MeshFormatError(path, number, "empty term")
        yield TreeRow(tree_number=tree_number, ui=ui, name=name)


def read_descriptors(path: Path) -> Iterator[DescriptorRow]:
    """Stream the rows of a descriptor names file (CSV: id URL, scheme, subject)."""
    numbered = _lines(path)
    current = 0

    def texts() -> Iterator[str]:
        nonlocal current
        for number, text in numbered:
            current = number
            yield text

    reader = csv.reader(texts())
    try:
        header = next(reader, None)
        if header is None:
            raise MeshFormatError(path, 1, "empty file")
        if tuple(header) != DESCRIPTOR_HEADER:
            raise MeshFormatError(path, current, f"header is {header!r}, expected {list(DESCRIPTOR_HEADER)!r}")
        for row in reader:
            if not row:
                continue
            if len(row) != 3:
                raise MeshFormatError(path, current, f"expected 3 comma-separated fields, found {len(row)}: {row!r}")
            url, scheme, name = (p.strip() for p in row)
            ui = url.rstrip("/").rsplit("/", 1)[-1]
            if not _UI.match(ui):
                raise MeshFormatError(path, current, f"id {url!r} does not end in a descriptor UI")
            if not name:
                raise MeshFormatError(path, current, "empty subject")
            yield DescriptorRow(ui=ui, scheme=scheme, name=name)
    except csv.Error as exc:
        raise MeshFormatError(path, current, f"bad CSV: {exc}") from exc


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each file as given; in a folder, every file whose first line is a MeSH header.

    A folder (e.g. ../shared/data/mesh) also holds licences and notes, so unrecognised files found
    inside one are passed over; a file named explicitly must be a MeSH file or it is an error.
    """
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
            try:
                file_kind(candidate)
            except MeshFormatError:
                continue
            files.append(candidate)
    return files


def load(paths: Iterable[Path]) -> dict[str, MeshDescriptor]:
    """Descriptors by UI, gathered from any mix of tree and descriptor files (or folders holding them).

    The tree file gives names and positions; the descriptor file adds names (often newer ones, e.g.
    'Selective Serotonin Reuptake Inhibitors' for 2017's 'Serotonin Uptake Inhibitors'), which come
    first in `MeshDescriptor.names` whatever order the files are given in. A descriptor
    known only from the descriptor file has no tree numbers, so callers cannot place it in a facet.
    """
    found: dict[str, MeshDescriptor] = {}
    for path in expand(paths):
        rows: Iterator[TreeRow] | Iterator[DescriptorRow] = (
            read_tree(path) if file_kind(path) == "tree" else read_descriptors(path)
        )
        for row in rows:
            entry = found.get(row.ui)
            if entry is None:
                entry = found[row.ui] = MeshDescriptor(ui=row.ui)
            if isinstance(row, TreeRow):
                if row.name not in entry.tree_names:
                    entry.tree_names.append(row.name)
                if row.tree_number not in entry.tree_numbers:
                    entry.tree_numbers.append(row.tree_number)
            elif row.name not in entry.current_names:
                entry.current_names.append(row.name)
    return found
