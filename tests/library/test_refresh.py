"""`bedside library refresh`: a library built with an older splitter gets this version's sentences."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bedside.library.refresh import refresh
from bedside.library.store import Store
from bedside.models import Record, Section, Sentence
from bedside.text.sentences import split

GLUED = "Granules form next to nucleoids.GRSF1 binds mitochondrial RNAs. Knockdown impairs ribosome assembly."
PLAIN = "Balance improved with training. Falls were fewer."


def _old_library(path: Path) -> None:
    """Two records as an older bedside stored them: the glued one in one merged first sentence."""
    merged_end = GLUED.index("RNAs.") + len("RNAs.")
    old = [Sentence(start=0, end=merged_end), Sentence(start=merged_end + 1, end=len(GLUED))]
    with Store.open(path) as store:
        store.put_batch(
            [
                Record(id="glued", title="GRSF1 granules", sections=[Section(text=GLUED, sentences=old)]),
                Record(id="plain", title="Balance training", sections=[Section(text=PLAIN)]),
            ]
        )


def test_refresh_resplits_changed_records_only_and_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    _old_library(db)
    with Store.open(db) as store:
        assert len(store.get("glued").sections[0].sentences) == 2  # type: ignore[union-attr]
        plain_stamp = store.db.execute("SELECT updated_at FROM records WHERE id = 'plain'").fetchone()[0]
        summary = refresh(store)
        assert (summary.records, summary.resplit) == (2, 1)
        glued = store.get("glued")
        assert glued is not None
        assert glued.sections[0].sentences == split(GLUED)
        assert glued.sections[0].sentence_texts()[:2] == [
            "Granules form next to nucleoids.",
            "GRSF1 binds mitochondrial RNAs.",
        ]
        assert glued.sections[0].text == GLUED, "the text itself is never touched"
        assert store.db.execute("SELECT updated_at FROM records WHERE id = 'plain'").fetchone()[0] == plain_stamp
        assert refresh(store).resplit == 0, "a second run changes nothing"


def test_refresh_command_re_embeds_what_it_resplit(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    _old_library(db)
    done = subprocess.run(
        [sys.executable, "-m", "bedside", "--db", str(db), "library", "refresh", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "BEDSIDE_EMBED": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"records": 2, "resplit": 1}
    with Store.open(db) as store:
        rows = dict(store.db.execute("SELECT r.id, v.n_sentences FROM vectors v JOIN records r ON r.rowid = v.rowid"))
    # The title counts as one sentence vector; the glued record now has three sentences.
    assert rows == {"glued": 1 + len(split(GLUED)), "plain": 1 + len(split(PLAIN))}
    assert len(split(GLUED)) == 3
