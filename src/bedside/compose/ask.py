"""`ask`: the whole pipeline for one question, shared by the CLI and the web app.

Fresh evidence first when wanted: with `fetch=True`, or by default (`fetch=None`) when the
library holds nothing applicable and PubMed can be reached, a PubMed query built from the
question's facets is run and its records added before composing. Offline, the overview says
that PubMed was not searched, so a reader knows the answer is the library's alone.
"""

from __future__ import annotations

from bedside.compose.overview import compose
from bedside.library.fetch import fetch_pubmed, pubmed_query
from bedside.library.store import Store
from bedside.models import Overview
from bedside.search import facets as facet_analysis
from bedside.search.retrieve import Retriever, check_library, check_question
from bedside.settings import Settings

FETCH_MAX = 100


def _pubmed(store: Store, settings: Settings, question: str) -> str:
    """Search PubMed for the question and add what it finds; returns the sentence for the overview."""
    from bedside.sources.eutils import EUtilsClient, EUtilsError

    query = pubmed_query(facet_analysis.analyse(question))
    client = EUtilsClient(base_url=settings.eutils_url, max_attempts=2)
    try:
        if not client.reachable():
            return "PubMed was not searched: it could not be reached, so this answer uses the library only."
        summary = fetch_pubmed(store, client, query, FETCH_MAX)
    except EUtilsError as exc:
        return f"PubMed search failed ({exc}); this answer uses the library only."
    finally:
        client.close()
    return f"PubMed searched for {query}: {summary.added} new and {summary.replaced} updated record(s) added."


def ask(
    question: str,
    store: Store,
    settings: Settings,
    *,
    audience: str = "clinician",
    fetch: bool | None = None,
    retriever: Retriever | None = None,
) -> Overview:
    """The overview for `question`. `fetch`: True always, False never, None when nothing applies."""
    question = check_question(question, settings)
    retriever = retriever or Retriever(store, settings)
    note = _pubmed(store, settings, question) if fetch or (fetch is None and store.count() == 0) else ""
    check_library(store)
    overview = compose(question, retriever, audience=audience, pubmed=note)
    if note:
        return overview
    if fetch is False:
        return overview.model_copy(update={"pubmed": "PubMed was not searched (fetching was turned off)."})
    if overview.evidence_found:
        return overview.model_copy(update={"pubmed": "PubMed was not searched: the library held applicable evidence."})
    note = _pubmed(store, settings, question)
    if note.startswith("PubMed searched for"):
        return compose(question, retriever, audience=audience, pubmed=note)
    return overview.model_copy(update={"pubmed": note})
