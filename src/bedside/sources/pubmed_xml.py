"""PubMed XML (`PubmedArticleSet`): efetch output, annual baseline and daily update files.

Streaming with lxml iterparse: each `PubmedArticle` is turned into a Record and then cleared, so
memory stays flat however large the file. Entities are never resolved and no DTD is loaded or
fetched, which also disarms entity-expansion bombs (the entity reference is left unexpanded).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from bedside.models import Author, Deletion, Journal, Kind, MeshHeading, Record, Rejection, Section
from bedside.sources.base import Item, year_of
from bedside.sources.kinds import classify

_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}


def _text(element: etree._Element | None) -> str:
    """All text inside an element (inline markup such as <i> included), whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _month(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit():
        return int(value)
    return _MONTHS.get(value[:3])


def _pub_date(date: etree._Element | None) -> str:
    if date is None:
        return ""
    year = (date.findtext("Year") or "").strip()
    if not year:
        return (date.findtext("MedlineDate") or "").strip()[:4]
    month = _month(date.findtext("Month") or "")
    day = (date.findtext("Day") or "").strip()
    if month is None:
        return year
    if day.isdigit():
        return f"{year}-{month:02d}-{int(day):02d}"
    return f"{year}-{month:02d}"


def _revised(citation: etree._Element) -> str:
    date = citation.find("DateRevised")
    if date is None:
        return ""
    parts = [(date.findtext(p) or "").strip() for p in ("Year", "Month", "Day")]
    return "-".join(p.zfill(2) for p in parts if p)


def _authors(article: etree._Element) -> list[Author]:
    authors = []
    for node in article.iterfind("AuthorList/Author"):
        authors.append(
            Author(
                last_name=node.findtext("LastName") or "",
                fore_name=node.findtext("ForeName") or "",
                initials=node.findtext("Initials") or "",
                collective=_text(node.find("CollectiveName")),
                affiliation=_text(node.find("AffiliationInfo/Affiliation")),
            )
        )
    return authors


def _mesh(citation: etree._Element) -> list[MeshHeading]:
    headings = []
    for node in citation.iterfind("MeshHeadingList/MeshHeading"):
        descriptor = node.find("DescriptorName")
        if descriptor is None:
            continue
        qualifiers = node.findall("QualifierName")
        major = descriptor.get("MajorTopicYN") == "Y" or any(q.get("MajorTopicYN") == "Y" for q in qualifiers)
        headings.append(
            MeshHeading(
                descriptor=_text(descriptor),
                ui=descriptor.get("UI", ""),
                major=major,
                qualifiers=[_text(q) for q in qualifiers],
            )
        )
    return headings


def _sections(article: etree._Element) -> list[Section]:
    sections = []
    for node in article.iterfind("Abstract/AbstractText"):
        text = _text(node)
        if text:
            sections.append(Section(label=node.get("Label", ""), category=node.get("NlmCategory", ""), text=text))
    return sections


def _article_ids(entry: etree._Element) -> dict[str, str]:
    return {
        node.get("IdType", ""): (node.text or "").strip()
        for node in entry.iterfind("PubmedData/ArticleIdList/ArticleId")
    }


def to_record(entry: etree._Element, kind: Kind | None = None) -> Record | None:
    """One `PubmedArticle` as a Record, or None when it has no PMID."""
    citation = entry.find("MedlineCitation")
    if citation is None:
        return None
    pmid_node = citation.find("PMID")
    pmid = (pmid_node.text or "").strip() if pmid_node is not None else ""
    if not pmid:
        return None
    article = citation.find("Article")
    if article is None:
        article = etree.Element("Article")
    journal = article.find("Journal")
    ids = _article_ids(entry)
    doi = ids.get("doi", "")
    if not doi:
        for node in article.iterfind("ELocationID"):
            if node.get("EIdType") == "doi":
                doi = (node.text or "").strip()
    types = [_text(t) for t in article.iterfind("PublicationTypeList/PublicationType")]
    retracted = "Retracted Publication" in types or any(
        c.get("RefType") == "RetractionIn" for c in citation.iterfind("CommentsCorrectionsList/CommentsCorrections")
    )
    title = _text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle"))
    sections = _sections(article)
    pub_date = _pub_date(journal.find("JournalIssue/PubDate") if journal is not None else None)
    version = pmid_node.get("Version", "1") if pmid_node is not None else "1"
    return Record(
        id=pmid,
        source="pubmed-xml",
        kind=kind or classify(types, None, title, " ".join(s.text for s in sections)),
        title=title,
        sections=sections,
        journal=Journal(
            title=_text(journal.find("Title")) if journal is not None else "",
            iso_abbreviation=_text(journal.find("ISOAbbreviation")) if journal is not None else "",
            issn=_text(journal.find("ISSN")) if journal is not None else "",
            volume=_text(journal.find("JournalIssue/Volume")) if journal is not None else "",
            issue=_text(journal.find("JournalIssue/Issue")) if journal is not None else "",
            pages=_text(article.find("Pagination/MedlinePgn")),
        ),
        pub_date=pub_date,
        year=year_of(pub_date),
        authors=_authors(article),
        publication_types=types,
        mesh=_mesh(citation),
        keywords=[_text(k) for k in citation.iterfind("KeywordList/Keyword") if _text(k)],
        pmid=pmid,
        doi=doi,
        pmc=ids.get("pmc", ""),
        language=article.findtext("Language") or "",
        retracted=retracted,
        version=int(version) if version.isdigit() else 1,
        revised=_revised(citation),
    )


def read(path: Path, stream: BinaryIO, kind: Kind | None = None) -> Iterator[Item]:
    """Yield Records, Deletions (DeleteCitation) and Rejections from a PubmedArticleSet stream."""
    parser = etree.iterparse(
        stream,
        events=("end",),
        tag=("PubmedArticle", "PubmedBookArticle", "DeleteCitation"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    position = 0
    last = "start of file"
    try:
        for _, element in parser:
            if element.tag == "DeleteCitation":
                for pmid in element.iterfind("PMID"):
                    if (pmid.text or "").strip():
                        yield Deletion(id=(pmid.text or "").strip())
            elif element.tag == "PubmedBookArticle":
                position += 1
                yield Rejection(path=str(path), where=f"record {position}", reason="PubmedBookArticle is not supported")
            else:
                position += 1
                record = to_record(element, kind)
                if record is None:
                    yield Rejection(path=str(path), where=f"record {position}", reason="no PMID")
                else:
                    last = f"PMID {record.id}"
                    yield record
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        where = f"line {exc.lineno}, after record {position} ({last})"
        reason = "empty file" if position == 0 and "empty" in str(exc).lower() else f"broken XML: {exc.msg}"
        yield Rejection(path=str(path), where=where, reason=reason)
