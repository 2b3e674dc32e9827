"""Re-split a stored library with this version's sentence splitter.

Sentence offsets are computed once, at ingest, and the sentence vectors follow them. When the
splitter improves (stop 10 found about 1,000 glued joins such as "nucleoids.GRSF1 binds" in
SciFact alone), a library built before keeps its old sentences until its files are added
again, and the operator may no longer have those files. `refresh` re-splits what is stored
instead. A record whose sentences change is stored again (same id, version and content, new
offsets: `Store.put_rows` replaces it and drops its vectors, so `vectors.update` re-embeds
exactly those records); a record whose sentences are unchanged keeps the same bytes and digest
and is left untouched, so a second run changes nothing. Each batch is one transaction: an
interrupted refresh keeps what it did and the next run finishes the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bedside.library.rows import row_of
from bedside.library.store import Store

BATCH = 500


@dataclass
class RefreshSummary:
    """What `refresh` did."""

    records: int = 0  # records read
    resplit: int = 0  # records whose sentences changed (stored again, to be re-embedded)

    def as_dict(self) -> dict[str, int]:
        """The JSON of `bedside library refresh --json`."""
        return {"records": self.records, "resplit": self.resplit}


def refresh(store: Store, progress: Callable[[int, int], None] | None = None) -> RefreshSummary:
    """Split every stored record's sections again; store the records whose sentences changed."""
    summary = RefreshSummary()
    # Rowids first: writing to `records` while a cursor walks it is not safe in SQLite.
    rowids = [int(r[0]) for r in store.db.execute("SELECT rowid FROM records ORDER BY rowid")]
    for begin in range(0, len(rowids), BATCH):
        records = store.get_many(rowids[begin : begin + BATCH])
        rows = []
        for record in records.values():
            document = record.model_dump(mode="json")
            document["sections"] = [{**section, "sentences": []} for section in document["sections"]]
            rows.append(row_of(document))
        result = store.put_rows(rows, source="refresh")
        summary.records += len(rows)
        summary.resplit += result.replaced
        if progress is not None:
            progress(summary.records, len(rowids))
    return summary
