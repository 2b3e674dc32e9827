"""Reading rendered HTML back in tests: elements with attributes, and the visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    """One start tag, its attributes, and the text inside it (collected until its end tag)."""

    tag: str
    attrs: dict[str, str]
    inside: list[str] = field(default_factory=list)
    ancestors: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join("".join(self.inside).split())


_VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "area", "base", "col", "embed", "track"}


class Collector(HTMLParser):
    """Every element in document order, with its text; and all text outside <style>/<title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, ancestors=tuple(e.tag for e in self.open))
        self.elements.append(element)
        if tag not in _VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.inside.append(data)
        if not any(e.tag in ("style", "title", "script") for e in self.open):
            self.texts.append(data)


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


def visible_text(html: str) -> str:
    """The page's text with whitespace collapsed, entities decoded (what a reader sees, tooltips included)."""
    return " ".join("".join(parse(html).texts).split())
