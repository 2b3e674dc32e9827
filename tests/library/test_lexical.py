"""Word statistics read from the library's own FTS5 index."""

from __future__ import annotations

from pathlib import Path

from bedside.library import lexical
from bedside.library.store import Store
from tests.library.test_store import make


def test_document_frequencies_equal_what_fts5_matches(tmp_path: Path) -> None:
    """Our Porter stems are FTS5's: the vocabulary count of a stem is the records a MATCH finds."""
    with Store.open(tmp_path / "lib.db") as store:
        store.put_batch(
            [
                make("1", title="Neurons migrate after injury"),
                make("2", title="Neuronal migration in the cortex"),
                make("3", title="Ubiquitinated proteins in neurones"),
                make("4", title="Physical therapies for ataxia"),
            ]
        )
        words = ["neurones", "migrate", "ubiquitination", "therapy", "happiness"]
        frequencies = lexical.document_frequencies(store, words)
        for word in words:
            sql = "SELECT count(*) FROM records_fts WHERE records_fts MATCH ?"
            assert frequencies[word] == store.db.execute(sql, (f'"{word}"',)).fetchone()[0], word
        assert frequencies["neurones"] == 3 and frequencies["therapy"] == 1 and frequencies["happiness"] == 0
    assert lexical.stem("neurones") == "neuron"
    assert lexical.stem("ubiquitinated") == "ubiquitin"


def test_rarity_weighs_rare_words_above_common_ones(tmp_path: Path) -> None:
    with Store.open(tmp_path / "lib.db") as store:
        titles = [f"Cells in study {i}" for i in range(9)] + ["Ubiquitin ligase activity in cells"]
        store.put_batch([make(str(i), title=t) for i, t in enumerate(titles)])
        weights = lexical.rarity(store, ["cells", "ubiquitin", "zebrafish"])
        assert weights["ubiquitin"] > weights["cells"] >= 0.0
        # A word no record holds cannot tell records apart: it weighs nothing (and is no error).
        assert weights["zebrafish"] == 0.0
        # The vocabulary view follows later additions: once held by one record, it is the rarest.
        store.put_batch([make("z", title="Zebrafish cells")])
        after = lexical.rarity(store, ["zebrafish", "ubiquitin", "cells"])
        assert after["zebrafish"] == after["ubiquitin"] > after["cells"]


def test_specific_words_are_rare_in_the_library_or_absent_from_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "lib.db") as store:
        titles = [f"HIV prevention study {i}" for i in range(40)] + ["Cabotegravir for HIV prevention"]
        store.put_batch([make(str(i), title=t) for i, t in enumerate(titles)])
        # 1 of 41 records (2.4%) is under the 3% share; 41 of 41 is not; unseen words are specific.
        assert lexical.specific_words(store, ["cabotegravir", "prevention", "taxilin"]) == {"cabotegravir", "taxilin"}
        assert lexical.specific_words(store, ["cabotegravir"], share=0.01) == frozenset()


def test_one_read_of_the_counts_gives_rarity_specific_and_unseen_words(tmp_path: Path) -> None:
    with Store.open(tmp_path / "lib.db") as store:
        titles = [f"HIV prevention study {i}" for i in range(40)] + ["Cabotegravir for HIV prevention"]
        store.put_batch([make(str(i), title=t) for i, t in enumerate(titles)])
        words = ["cabotegravir", "prevention", "taxilin"]
        counts = lexical.word_counts(store, words)
        assert counts.total == 41
        assert counts.rarity() == lexical.rarity(store, words)
        assert counts.specific() == lexical.specific_words(store, words)
        assert counts.unseen(["Cabotegravir", "TAXILIN"]) == ["TAXILIN"]


def test_either_spelling_finds_both(tmp_path: Path) -> None:
    """The index and the query words are folded alike: 'tumour' finds 'tumor', 'NF-κB' 'NF-kappaB'."""
    titles = {
        "uk": "Randomised trial in paediatric tumours",
        "us": "Randomized trial in pediatric tumors",
        "greek": "NF-κB signalling after IFN-γ",
        "spelled": "NF-kappaB signaling after IFN-gamma",
    }
    with Store.open(tmp_path / "lib.db") as store:
        store.put_batch([make(rid, title=title) for rid, title in titles.items()])
        ids = {r: store.db.execute("SELECT id FROM records WHERE rowid = ?", (r,)).fetchone()[0] for r in range(1, 5)}
        for query in ("paediatric tumour randomised", "pediatric tumor randomized"):
            assert {ids[h.rowid] for h in lexical.search(store, query)} == {"uk", "us"}, query
        for query in ("NF-κB IFN-γ", "NF-kappaB IFN-gamma", "nf kappa b"):
            assert {ids[h.rowid] for h in lexical.search(store, query)} == {"greek", "spelled"}, query
        # Counts read the folded index too: one word, two spellings, two records.
        assert lexical.document_frequencies(store, ["tumour", "tumor"]) == {"tumour": 2, "tumor": 2}
    # What is stored and shown keeps the record's own spelling.
    with Store.open(tmp_path / "lib.db") as store:
        record = store.get("uk")
        assert record is not None and record.title == "Randomised trial in paediatric tumours"


def test_a_word_with_a_greek_letter_is_counted_as_the_phrase_it_folds_into(tmp_path: Path) -> None:
    """'p110α' folds to 'p110 alpha': counted by 'alpha' alone it looked as common as any alpha."""
    titles = ["p110α binds Ras", "Alpha cells of the pancreas", "Alpha-synuclein in Parkinson's disease"]
    with Store.open(tmp_path / "lib.db") as store:
        store.put_batch([make(str(i), title=t) for i, t in enumerate(titles)])
        counts = lexical.document_frequencies(store, ["p110α", "p110alpha", "alpha"])
    assert counts == {"p110α": 1, "p110alpha": 1, "alpha": 3}


def test_listed_gives_a_ranking_line_and_the_folded_indexed_text(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lib.db")
    store.put_batch([make("t1", title="Tumour growth in children", year=2019), make("t2", retracted=True)])
    rowids = {record.id: rowid for rowid, record in store.iter_records()}
    found = lexical.listed(store, [rowids["t1"], rowids["t2"], 999])
    assert set(found) == {rowids["t1"], rowids["t2"]}, "an unknown rowid is left out"
    first = found[rowids["t1"]]
    assert (first.id, first.title, first.kind, first.year, first.retracted) == (
        "t1",
        "Tumour growth in children",
        "trial_report",
        2019,
        False,
    )
    assert "tumor growth" in first.text.lower(), "the index's folded spelling"
    assert "Multiple Sclerosis" in first.text, "MeSH is part of the text facets are matched in"
    assert found[rowids["t2"]].retracted
    store.close()


def test_symbol_phrases_keep_hyphenated_names_whole() -> None:
    text = "Is HDAC1 needed for GATA-1, IL-10 and G-CSF in long-term IL-10-treated Sf1-expressing B-cell lines?"
    assert lexical.symbol_phrases(text) == ["gata 1", "il 10", "g csf"]
    assert lexical.symbol_phrases("IFN-γ after T-ALL relapse") == ["ifn gamma", "t all"]


def test_a_symbol_phrase_finds_the_name_rather_than_its_parts(tmp_path: Path) -> None:
    """'GATA-1' is indexed as 'gata' and '1': the words find GATA-4 too, the phrase only GATA-1."""
    with Store.open(tmp_path / "lib.db") as store:
        store.put_batch(
            [
                make("gata4", title="GATA-4 and 1 cofactor drive cardiac genes"),
                make("gata1", title="GATA-1 drives erythroid genes"),
            ]
        )
        ids = {rowid: record.id for rowid, record in store.iter_records()}
        assert {ids[h.rowid] for h in lexical.search(store, lexical.terms("GATA-1"))} == {"gata1", "gata4"}
        assert [ids[h.rowid] for h in lexical.search(store, lexical.symbol_phrases("GATA-1"))] == ["gata1"]
