"""The fields of PubMed XML articles, pulled out in C by one XSLT pass, then built into Records.

Walking each article's elements from Python (`find`, `itertext`) cost about 330 us a record, three
times libxml2's own parse; one compiled stylesheet over a whole chunk of articles does the same
work in about 65 us. The stylesheet writes one line per field group, tab-separated, with every
value passed through `normalize-space` so that no value can hold the tab or newline that
separate them. Python then collapses the remaining (Unicode) whitespace, which gives exactly
`" ".join(text.split())` of the element's full text, inline markup included.

Line tags: P pmid/version (opens an article), T title, V vernacular title, S abstract section
(label, category, text), A author, M MeSH heading (descriptor, UI, major, then major/name pairs of
qualifiers), Y publication type, K keyword, I article id (type, value), E DOI location, R
retraction notice, J journal, D publication date, U date revised, L language, X deleted PMID,
B book article (not supported).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from bedside.models import Deletion, Kind, Record
from bedside.sources.base import Document, year_of
from bedside.sources.kinds import classify


def _value(select: str) -> str:
    return f'<xsl:value-of select="normalize-space({select})"/>'


def _line(tag: str, *selects: str) -> str:
    cells = "<xsl:text>&#9;</xsl:text>".join(_value(s) for s in selects)
    return f"<xsl:text>&#10;{tag}&#9;</xsl:text>{cells}"


def _each(path: str, tag: str, *selects: str) -> str:
    return f'<xsl:for-each select="{path}">{_line(tag, *selects)}</xsl:for-each>'


_QUALIFIERS = (
    '<xsl:for-each select="QualifierName"><xsl:text>&#9;</xsl:text>'
    f"{_value('@MajorTopicYN')}<xsl:text>&#9;</xsl:text>{_value('.')}</xsl:for-each>"
)

_AUTHOR_PATHS = ("LastName", "ForeName", "Initials", "CollectiveName", "AffiliationInfo/Affiliation")

_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/">
  <xsl:apply-templates select="*/PubmedArticle | */PubmedBookArticle | */DeleteCitation"/>
</xsl:template>
<xsl:template match="DeleteCitation">{_each("PMID", "X", ".")}</xsl:template>
<xsl:template match="PubmedBookArticle"><xsl:text>&#10;B&#9;</xsl:text></xsl:template>
<xsl:template match="PubmedArticle">
  <xsl:variable name="c" select="MedlineCitation"/>
  <xsl:variable name="a" select="MedlineCitation/Article"/>
  <xsl:variable name="j" select="MedlineCitation/Article/Journal"/>
  {_line("P", "$c/PMID", "$c/PMID/@Version")}
  {_line("T", "$a/ArticleTitle")}
  {_line("V", "$a/VernacularTitle")}
  {_each("$a/Abstract/AbstractText", "S", "@Label", "@NlmCategory", ".")}
  {
    _each(
        "$a/AuthorList/Author", "A", "LastName", "ForeName", "Initials", "CollectiveName", "AffiliationInfo/Affiliation"
    )
}
  <xsl:for-each select="$c/MeshHeadingList/MeshHeading[DescriptorName]">
    {_line("M", "DescriptorName", "DescriptorName/@UI", "DescriptorName/@MajorTopicYN")}{_QUALIFIERS}
  </xsl:for-each>
  {_each("$a/PublicationTypeList/PublicationType", "Y", ".")}
  {_each("$c/KeywordList/Keyword", "K", ".")}
  {_each("PubmedData/ArticleIdList/ArticleId", "I", "@IdType", ".")}
  {_each("$a/ELocationID[@EIdType='doi']", "E", ".")}
  {_each("$c/CommentsCorrectionsList/CommentsCorrections[@RefType='RetractionIn'][1]", "R", "@RefType")}
  {
    _line(
        "J",
        "$j/Title",
        "$j/ISOAbbreviation",
        "$j/ISSN",
        "$j/JournalIssue/Volume",
        "$j/JournalIssue/Issue",
        "$a/Pagination/MedlinePgn",
    )
}
  {
    _line(
        "D",
        "$j/JournalIssue/PubDate/Year",
        "$j/JournalIssue/PubDate/Month",
        "$j/JournalIssue/PubDate/Day",
        "$j/JournalIssue/PubDate/MedlineDate",
    )
}
  {_line("U", "$c/DateRevised/Year", "$c/DateRevised/Month", "$c/DateRevised/Day")}
  {_line("L", "$a/Language")}
</xsl:template>
</xsl:stylesheet>"""

_TRANSFORM = etree.XSLT(etree.fromstring(_STYLESHEET.encode("utf-8")))

_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}


_RECORD_DEFAULTS: Document = Record(id="").model_dump(mode="json")


class BookArticle:
    """A `PubmedBookArticle`: counted as a record position, refused by the reader."""


class MissingPmid:
    """A `PubmedArticle` without a PMID: counted as a record position, refused by the reader."""


Extracted = Document | Deletion | BookArticle | MissingPmid


def extract(tree: etree._Element | etree._ElementTree, kind: Kind | None = None) -> Iterator[Extracted]:
    """Every article, book article and deleted PMID under the root of `tree`, in document order."""
    text = str(_TRANSFORM(tree))
    fields: _Fields | None = None
    for line in text.split("\n"):
        if not line:
            continue
        cells = line[2:].split("\t")
        if not line.isascii():  # normalize-space left Unicode spaces (no-break, thin) to collapse
            cells = [" ".join(c.split()) for c in cells]
        tag = line[0]
        if tag == "P":
            if fields is not None:
                yield fields.build(kind)
            fields = _Fields(pmid=cells[0], version=cells[1])
        elif tag in "XB":
            if fields is not None:
                yield fields.build(kind)
                fields = None
            if tag == "B":
                yield BookArticle()
            elif cells[0]:
                yield Deletion(id=cells[0])
        elif fields is not None:
            fields.take(tag, cells)
    if fields is not None:
        yield fields.build(kind)


@dataclass
class _Fields:
    """The extracted lines of one article, gathered until the next article starts.

    Plain dicts until `build`, which validates the whole Record in one pydantic call: one call
    per nested author or heading cost more than the XML parse.
    """

    pmid: str
    version: str
    single: dict[str, list[str]] = field(default_factory=dict)
    sections: list[dict[str, str]] = field(default_factory=list)
    authors: list[dict[str, str]] = field(default_factory=list)
    mesh: list[dict[str, object]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    dois: list[str] = field(default_factory=list)
    retracted: bool = False

    def take(self, tag: str, cells: list[str]) -> None:
        """Fold one extracted line in."""
        if tag == "S":
            if cells[2]:
                self.sections.append({"label": cells[0], "category": cells[1], "text": cells[2]})
        elif tag == "A":
            self.authors.append(dict(zip(_AUTHOR_FIELDS, cells, strict=True)))
        elif tag == "M":
            flags, names = cells[3::2], cells[4::2]
            major = cells[2] == "Y" or "Y" in flags
            self.mesh.append({"descriptor": cells[0], "ui": cells[1], "major": major, "qualifiers": names})
        elif tag == "Y":
            self.types.append(cells[0])
        elif tag == "K":
            if cells[0]:
                self.keywords.append(cells[0])
        elif tag == "I":
            self.ids[cells[0]] = cells[1]
        elif tag == "E":
            self.dois.append(cells[0])
        elif tag == "R":
            self.retracted = True
        else:
            self.single[tag] = cells

    def build(self, kind: Kind | None) -> Document | MissingPmid:
        """The record these lines describe, as a document (every Record field, in field order).

        Building the JSON layout directly skips pydantic, whose per-object validation of ~25
        nested authors, headings and sections cost more than parsing the XML; the tests check
        that `Record.model_validate` of every document gives the same document back.
        """
        if not self.pmid:
            return MissingPmid()
        title = self.single.get("T", [""])[0] or self.single.get("V", [""])[0]
        pub_date = _pub_date(*self.single.get("D", [""] * 4))
        abstract = " ".join(s["text"] for s in self.sections)
        return {
            **_RECORD_DEFAULTS,
            **{
                "id": self.pmid,
                "source": "pubmed-xml",
                "kind": (kind or classify(self.types, None, title, abstract)).value,
                "title": title,
                "sections": [{**section, "sentences": []} for section in self.sections],
                "journal": dict(zip(_JOURNAL_FIELDS, self.single.get("J", [""] * 6), strict=True)),
                "pub_date": pub_date,
                "year": year_of(pub_date),
                "authors": self.authors,
                "publication_types": self.types,
                "mesh": self.mesh,
                "keywords": self.keywords,
                "pmid": self.pmid,
                "doi": self.ids.get("doi", "") or next((d for d in self.dois if d), ""),
                "pmc": self.ids.get("pmc", ""),
                "language": self.single.get("L", [""])[0],
                "retracted": self.retracted or "Retracted Publication" in self.types,
                "version": int(self.version) if self.version.isdigit() else 1,
                "revised": "-".join(p.zfill(2) for p in self.single.get("U", []) if p),
            },
        }


_AUTHOR_FIELDS = ("last_name", "fore_name", "initials", "collective", "affiliation")
_JOURNAL_FIELDS = ("title", "iso_abbreviation", "issn", "volume", "issue", "pages")


def _pub_date(year: str, month: str, day: str, medline_date: str) -> str:
    """ISO-like date from PubDate parts; a free-text MedlineDate gives its year only."""
    if not year:
        return medline_date[:4]
    number = int(month) if month.isdigit() else _MONTHS.get(month[:3].lower())
    if number is None:
        return year
    if day.isdigit():
        return f"{year}-{number:02d}-{int(day):02d}"
    return f"{year}-{number:02d}"
