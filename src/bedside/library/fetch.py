"""Fresh evidence from PubMed: esearch + efetch through the E-utilities client, stored like a file.

Shared by `bedside library fetch` and by `ask` (which searches PubMed with a query built from
the question's facets when asked to, or when the library holds nothing applicable).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

from bedside.library import ingest
from bedside.library.store import Store
from bedside.models import Facets, Rejection
from bedside.sources import pubmed_xml
from bedside.sources.base import Item
from bedside.sources.eutils import EUtilsClient


def fetched_items(batches: Iterator[bytes]) -> Iterator[Item]:
    """Reader items of each efetch batch, named by batch number in error messages."""
    for number, payload in enumerate(batches, start=1):
        yield from pubmed_xml.read(Path(f"<efetch batch {number}>"), io.BytesIO(payload))


def fetch_pubmed(
    store: Store,
    client: EUtilsClient,
    query: str,
    max_records: int = 100,
    batch_size: int = 200,
    on_rejection: Callable[[Rejection], None] | None = None,
) -> ingest.Summary:
    """Search PubMed, fetch up to `max_records` hits and add them; the ingest log names the query.

    Raises bedside.sources.eutils.EUtilsError when PubMed fails; what was stored stays stored.
    """
    summary = ingest.Summary()
    source = f"eutils:{query}"
    log_id = store.begin_ingest(source)
    try:
        items = fetched_items(client.search_and_fetch(query, max_records, batch_size))
        ingest.ingest_items(store, items, source, summary, on_rejection=on_rejection)
    finally:
        store.finish_ingest(
            log_id,
            added=summary.added,
            replaced=summary.replaced,
            unchanged=summary.unchanged,
            deleted=summary.deleted,
            rejected=summary.rejected,
        )
    summary.files = 1
    return summary


def _clause(names: list[str]) -> str:
    quoted = sorted({n.strip().replace('"', "") for n in names if n.strip()}, key=str.lower)
    return "(" + " OR ".join(f'"{n}"[tiab]' for n in quoted) + ")"


def pubmed_query(facets: Facets) -> str:
    """A PubMed query from the facets: each facet group's names ORed, the groups ANDed.

    'PT for coordination in MS' becomes
    ("multiple sclerosis"[tiab] OR ...) AND ("physical therapy"[tiab] OR "physiotherapy"[tiab] ...) AND (...).
    With no facets, the question's own words are sent as they are.
    """
    groups = []
    for terms in (facets.condition, facets.intervention, facets.outcome):
        names = [n for t in terms for n in [t.concept, *t.synonyms] if len(n) > 2 or n.isupper()]
        if names:
            groups.append(_clause(names))
    return " AND ".join(groups) if groups else facets.question
