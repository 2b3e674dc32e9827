"""A loopback HTTP server that answers E-utilities calls from NCBI's recorded responses.

NCBI cannot be reached from the test machines, so the client is tested over real HTTP against
responses NCBI once sent (../shared/data/pubmed/biopython_entrez, recorded by Biopython):

- einfo.fcgi            -> einfo1.xml, verbatim.
- esearch.fcgi          -> the recorded esearch*.xml whose query translation contains every word
                           of `term` (e.g. "biopython" -> esearch1.xml, "cancer" -> esearch2.xml,
                           "abcXYZ" -> esearch8.xml), verbatim.
                           Any other term is run over the recorded PubmedArticle records (all words
                           in the record's text; "all[sb]" = every record) and answered in
                           esearch's own shape with a WebEnv, because no recorded esearch returns
                           ids that the recorded efetch files hold. An empty term gets NCBI's
                           "Empty term and query_key - nothing todo" ERROR (no recording has one).
- efetch.fcgi           -> by `id`: the recorded pubmed*.xml verbatim when the ids are exactly that
                           file's, else a PubmedArticleSet of the recorded articles asked for;
                           by WebEnv/query_key/retstart/retmax: the same over the search's ids.

Every request is logged (method, path, GET and POST params, arrival time on time.monotonic) and
failures can be scripted (`fail_next(503)`, `fail_next(429, retry_after="1")`, `delay_next(0.5)`).
Use `with ReplayServer.start(shared_data) as server:` and give the client `server.url`, or set
BEDSIDE_EUTILS_URL=server.url for the CLI.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
ESEARCH_DOCTYPE = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN"'
    b' "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
EMPTY_TERM_ERROR = b"Empty term and query_key - nothing todo"  # NCBI's words for esearch without a term
PUBMED_DOCTYPE = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
    b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


def recorded_dir(shared_data: Path) -> Path:
    """Where the recorded E-utilities responses live."""
    return shared_data / "pubmed" / "biopython_entrez"


@dataclass
class Hit:
    """One request as the server saw it."""

    method: str
    path: str
    params: dict[str, str]
    time: float


@dataclass
class Failure:
    """A scripted answer for one upcoming request instead of the recorded one."""

    status: int = 503
    retry_after: str | None = None
    delay: float = 0.0


@dataclass
class Recordings:
    """The recorded responses, indexed the ways the handler needs."""

    folder: Path
    einfo: bytes = b""
    searches: list[tuple[str, bytes]] = field(default_factory=list)  # (query translation words, file bytes)
    files: dict[frozenset[str], bytes] = field(default_factory=dict)  # PMIDs of a pubmed*.xml -> its bytes
    articles: dict[str, bytes] = field(default_factory=dict)  # PMID -> serialised PubmedArticle
    texts: dict[str, str] = field(default_factory=dict)  # PMID -> lowercased article text

    @classmethod
    def load(cls, folder: Path) -> Recordings:
        rec = cls(folder, einfo=(folder / "einfo1.xml").read_bytes())
        for path in sorted(folder.glob("esearch*.xml")):
            data = path.read_bytes()
            root = etree.fromstring(data, _PARSER)
            words = [root.findtext("QueryTranslation") or "", *root.xpath("TranslationSet/Translation/From/text()")]
            rec.searches.append((" ".join(query_words(" ".join(words))), data))
        for path in sorted(folder.glob("pubmed*.xml")):
            data = path.read_bytes()
            pmids = []
            for article in etree.fromstring(data, _PARSER).iterfind("PubmedArticle"):
                pmid = article.findtext("MedlineCitation/PMID") or ""
                pmids.append(pmid)
                rec.articles[pmid] = etree.tostring(article)
                rec.texts[pmid] = " ".join(article.itertext()).lower()
            rec.files[frozenset(pmids)] = data
        return rec

    def recorded_search(self, term: str) -> bytes | None:
        words = query_words(term)
        for text, data in self.searches:
            if words and all(w in text.split() for w in words):
                return data
        return None

    def matching_ids(self, term: str) -> list[str]:
        if term.strip().lower() == "all[sb]":
            return list(self.articles)
        words = query_words(term)
        return [pmid for pmid, text in self.texts.items() if words and all(w in text for w in words)]

    def article_set(self, ids: list[str]) -> bytes:
        known = [i for i in ids if i in self.articles]
        if known and len(known) == len(ids) and frozenset(known) in self.files:
            return self.files[frozenset(known)]
        body = b"\n".join(self.articles[i] for i in known)
        return PUBMED_DOCTYPE + b"<PubmedArticleSet>\n" + body + b"\n</PubmedArticleSet>\n"


def query_words(term: str) -> list[str]:
    """Content words of a PubMed query: field tags and AND/OR/NOT dropped, lowercased."""
    bare = re.sub(r"\[[^\]]*\]", " ", term.lower())
    return [w for w in re.findall(r"[a-z0-9]+", bare) if w not in {"and", "or", "not"}]


class ReplayServer:
    """The server's state: recordings, request log, scripted failures, issued WebEnvs."""

    def __init__(self, recordings: Recordings) -> None:
        self.recordings = recordings
        self.hits: list[Hit] = []
        self.failures: list[Failure] = []
        self.histories: dict[str, list[str]] = {}
        self.lock = threading.Lock()
        self.url = ""

    @classmethod
    @contextmanager
    def start(cls, shared_data: Path) -> Iterator[ReplayServer]:
        """Serve on 127.0.0.1 (ephemeral port) in a daemon thread until the block ends."""
        state = cls(Recordings.load(recorded_dir(shared_data)))
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(state))
        httpd.daemon_threads = True
        state.url = f"http://127.0.0.1:{httpd.server_address[1]}/entrez/eutils/"
        thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), name="eutils-replay", daemon=True)
        thread.start()
        try:
            yield state
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)

    def fail_next(self, status: int = 503, times: int = 1, retry_after: str | None = None) -> None:
        """Answer the next `times` requests with `status` (and Retry-After) instead of the recording."""
        self.failures.extend(Failure(status, retry_after) for _ in range(times))

    def delay_next(self, seconds: float) -> None:
        """Hold the next request for `seconds` before answering it normally (client timeouts)."""
        self.failures.append(Failure(status=200, delay=seconds))

    def calls(self, endpoint: str) -> list[Hit]:
        """Logged requests to one E-utility, e.g. 'efetch'."""
        return [h for h in self.hits if h.path.endswith(f"/{endpoint}.fcgi")]

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, bytes]:
        name = path.rsplit("/", 1)[-1]
        if name == "einfo.fcgi":
            return 200, self.recordings.einfo
        if name == "esearch.fcgi":
            return 200, self._esearch(params)
        if name == "efetch.fcgi":
            return 200, self._efetch(params)
        return 404, b"<html><body>Not found</body></html>"

    def _esearch(self, params: dict[str, str]) -> bytes:
        term = params.get("term", "")
        if not term.strip():
            return ESEARCH_DOCTYPE + b"<eSearchResult><ERROR>" + EMPTY_TERM_ERROR + b"</ERROR></eSearchResult>"
        recorded = None if term.strip().lower() == "all[sb]" else self.recordings.recorded_search(term)
        if recorded is not None:
            return recorded
        ids = self.recordings.matching_ids(term)
        retstart, retmax = int(params.get("retstart", "0")), int(params.get("retmax", "20"))
        with self.lock:
            webenv = f"MCID_replay{len(self.histories) + 1:04d}"
            self.histories[webenv] = ids
        id_xml = "".join(f"<Id>{i}</Id>\n" for i in ids[retstart : retstart + retmax])
        history = f"<QueryKey>1</QueryKey><WebEnv>{webenv}</WebEnv>" if params.get("usehistory") == "y" else ""
        body = (
            f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{min(retmax, len(ids))}</RetMax>"
            f"<RetStart>{retstart}</RetStart>{history}<IdList>\n{id_xml}</IdList><TranslationSet/>"
            f"<QueryTranslation>{term}</QueryTranslation></eSearchResult>"
        )
        return ESEARCH_DOCTYPE + body.encode()

    def _efetch(self, params: dict[str, str]) -> bytes:
        if "id" in params:
            return self.recordings.article_set([i for i in params["id"].split(",") if i])
        ids = self.histories.get(params.get("WebEnv", ""))
        if ids is None or params.get("query_key") != "1":
            return b"<eFetchResult><ERROR>Unknown WebEnv or query_key (replay server)</ERROR></eFetchResult>"
        start, size = int(params.get("retstart", "0")), int(params.get("retmax", "20"))
        return self.recordings.article_set(ids[start : start + size])


def _handler_for(state: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as NCBI allows
        disable_nagle_algorithm = True  # headers and body go out in two writes; no delayed-ACK stalls

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            return

        def _serve(self) -> None:
            arrived = time.monotonic()
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            if self.command == "POST":
                length = int(self.headers.get("Content-Length", "0"))
                params.update(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
            with state.lock:
                state.hits.append(Hit(self.command, parts.path, params, arrived))
                failure = state.failures.pop(0) if state.failures else None
            if failure and failure.delay:
                time.sleep(failure.delay)
            if failure and failure.status != 200:
                status, body = failure.status, f"<html><body>{failure.status}</body></html>".encode()
            else:
                status, body = state.answer(parts.path, params)
            self.send_response(status)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            if failure and failure.retry_after is not None:
                self.send_header("Retry-After", failure.retry_after)
            self.end_headers()
            with contextlib.suppress(OSError):  # the client may have given up (timeout test)
                self.wfile.write(body)

    return Handler


@pytest.fixture
def eutils_replay(shared_data: Path) -> Iterator[ReplayServer]:
    """A running replay server; import this fixture (or call ReplayServer.start) in a test module."""
    with ReplayServer.start(shared_data) as server:
        yield server
