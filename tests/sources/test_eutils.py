"""The E-utilities client over real HTTP against NCBI's recorded responses (see eutils_replay)."""

from __future__ import annotations

import io
import itertools
import random
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from bedside.sources.eutils import (
    DEFAULT_BASE_URL,
    EUtilsClient,
    EUtilsHTTPError,
    EUtilsQueryError,
    RateLimiter,
    check_efetch,
    retry_after_seconds,
)
from tests.sources.eutils_replay import ReplayServer

pytestmark = pytest.mark.shared

ALL_PMIDS = ["12091962", "9997", "11748933", "11700088", "27797938", "28775130", "30108519", "29963580"]
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture
def replay(shared_data: Path) -> Iterator[ReplayServer]:
    with ReplayServer.start(shared_data) as server:
        yield server


@pytest.fixture(autouse=True)
def _no_ambient_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's NCBI_API_KEY or BEDSIDE_EUTILS_URL must not change what the tests see."""
    for name in ("NCBI_API_KEY", "NCBI_EMAIL", "BEDSIDE_EUTILS_URL"):
        monkeypatch.delenv(name, raising=False)


def client_for(server: ReplayServer, **kw: object) -> EUtilsClient:
    """A client aimed at the replay server; fast limiter and retries unless a test says otherwise."""
    options: dict[str, object] = {
        "backoff_base": 0.01,
        "rng": random.Random(1),
        "email": "dev@example.org",
        "limiter": RateLimiter(1000),
    }
    options.update(kw)
    return EUtilsClient(server.url, **options)  # type: ignore[arg-type]


def pmids(payload: bytes) -> list[str]:
    root = etree.fromstring(payload, PARSER)
    assert root.tag == "PubmedArticleSet"
    return [a.findtext("MedlineCitation/PMID") for a in root.iterfind("PubmedArticle")]


# -- search -----------------------------------------------------------------------------


def test_search_reads_recorded_esearch_and_sends_ncbi_params(replay: ReplayServer) -> None:
    with client_for(replay) as client:
        found = client.search("biopython", 20)
    assert found.count == 63 and len(found.ids) == 20 and found.ids[0] == "41282813"
    assert found.webenv is None and found.warnings == []
    (hit,) = replay.calls("esearch")
    assert hit.method == "GET"
    assert hit.params == {
        "db": "pubmed",
        "term": "biopython",
        "retmax": "20",
        "usehistory": "y",
        "tool": "bedside",
        "email": "dev@example.org",
    }


def test_search_keeps_history_handle(replay: ReplayServer) -> None:
    with client_for(replay) as client:
        found = client.search("cancer", 100)
    assert (found.count, len(found.ids)) == (42249, 100)
    assert (found.webenv, found.query_key) == ("MCID_6927d6e7fee3e90f880ec190", "1")


def test_errorlist_and_warninglist_are_kept_as_warnings(replay: ReplayServer) -> None:
    with client_for(replay) as client:
        found = client.search("abcXYZ", 10)
    assert found.count == 0 and found.ids == []
    assert found.warnings == ["PhraseNotFound: abcXYZ", "OutputMessage: No items found."]


def test_error_in_esearch_is_a_clear_exception(replay: ReplayServer) -> None:
    with client_for(replay) as client, pytest.raises(EUtilsQueryError, match="Empty term and query_key"):
        client.search("", 10)


def test_api_key_from_environment_is_sent_and_raises_the_rate(
    replay: ReplayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NCBI_API_KEY", "secret-key")
    with client_for(replay, limiter=None) as client:
        client.search("biopython", 5)
        assert client.limiter.interval < 0.15
    assert replay.calls("esearch")[0].params["api_key"] == "secret-key"


def test_base_url_from_environment(replay: ReplayServer, monkeypatch: pytest.MonkeyPatch) -> None:
    assert EUtilsClient().base_url == DEFAULT_BASE_URL
    monkeypatch.setenv("BEDSIDE_EUTILS_URL", replay.url)
    with EUtilsClient() as client:
        assert client.reachable()
    assert len(replay.calls("einfo")) == 1


def test_unreachable_server_is_reported_false() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with EUtilsClient(f"http://127.0.0.1:{port}/") as client:
        assert client.reachable(timeout=0.5) is False


# -- fetch ------------------------------------------------------------------------------


def test_fetch_by_ids_splits_batches_and_returns_recorded_files(replay: ReplayServer, shared_data: Path) -> None:
    with client_for(replay) as client:
        batches = list(client.fetch(ALL_PMIDS, batch_size=3))
    hits = replay.calls("efetch")
    assert [h.params["id"].split(",") for h in hits] == [ALL_PMIDS[0:3], ALL_PMIDS[3:6], ALL_PMIDS[6:8]]
    assert all(h.method == "GET" for h in hits)
    assert {(h.params["db"], h.params["rettype"], h.params["retmode"]) for h in hits} == {("pubmed", "abstract", "xml")}
    assert [pmids(b) for b in batches] == [ALL_PMIDS[0:3], ALL_PMIDS[3:6], ALL_PMIDS[6:8]]
    # Bytes are passed through untouched: a batch that is exactly one recorded file is that file.
    with client_for(replay) as client:
        (single,) = client.fetch(["12091962", "9997"])
    assert single == (shared_data / "pubmed" / "biopython_entrez" / "pubmed1.xml").read_bytes()


def test_long_id_lists_are_posted(replay: ReplayServer) -> None:
    ids = ALL_PMIDS + [str(n) for n in range(1, 300)]  # unknown ids: NCBI just leaves them out
    with client_for(replay) as client:
        (batch,) = client.fetch(ids, batch_size=500)
    (hit,) = replay.calls("efetch")
    assert hit.method == "POST" and hit.params["id"].split(",")[:8] == ALL_PMIDS
    assert len(pmids(batch)) == 8


def test_fetch_checks_its_arguments_when_called() -> None:
    client = EUtilsClient("http://127.0.0.1:9/")
    with pytest.raises(ValueError, match="needs ids"):
        client.fetch(webenv="x")
    with pytest.raises(ValueError, match="batch_size"):
        client.fetch(["1"], batch_size=0)


def test_search_and_fetch_uses_history_in_batches(replay: ReplayServer) -> None:
    with client_for(replay) as client:
        batches = list(client.search_and_fetch("all[sb]", max_records=7, batch_size=3))
    search, *fetches = [h for h in replay.hits]
    assert search.path.endswith("/esearch.fcgi") and search.params["retmax"] == "7"
    webenv = fetches[0].params["WebEnv"]
    assert [(f.params["WebEnv"], f.params["query_key"], f.params["retstart"], f.params["retmax"]) for f in fetches] == [
        (webenv, "1", "0", "3"),
        (webenv, "1", "3", "3"),
        (webenv, "1", "6", "1"),
    ]
    assert [len(pmids(b)) for b in batches] == [3, 3, 1]


def test_search_with_no_hits_fetches_nothing(replay: ReplayServer) -> None:
    with client_for(replay) as client:
        assert list(client.search_and_fetch("abcXYZ", 10)) == []
    assert replay.calls("efetch") == []


def test_expired_webenv_is_an_error_not_an_empty_batch(replay: ReplayServer) -> None:
    # esearch2.xml carries a WebEnv NCBI issued long ago; efetch on it must not look like "no records".
    with client_for(replay) as client, pytest.raises(EUtilsQueryError, match="Unknown WebEnv"):
        list(client.search_and_fetch("cancer", 5))


def test_check_efetch_accepts_a_real_pubmed_article_set(shared_data: Path) -> None:
    data = (shared_data / "pubmed" / "biopython_entrez" / "pubmed4.xml").read_bytes()
    assert check_efetch(data) is data
    with pytest.raises(EUtilsQueryError, match="eSearchResult"):
        check_efetch((shared_data / "pubmed" / "biopython_entrez" / "esearch1.xml").read_bytes())


def test_fetched_batches_read_as_records(replay: ReplayServer) -> None:
    pubmed_xml = pytest.importorskip("bedside.sources.pubmed_xml")
    from bedside.models import Record

    with client_for(replay) as client:
        batches = list(client.search_and_fetch("all[sb]", max_records=8, batch_size=4))
    records = [
        item for b in batches for item in pubmed_xml.read(Path("<efetch>"), io.BytesIO(b)) if isinstance(item, Record)
    ]
    assert sorted(r.id for r in records) == sorted(ALL_PMIDS)


# -- rate limit and retries -------------------------------------------------------------


@pytest.mark.parametrize(("api_key", "per_second"), [(None, 3), ("k", 10)])
def test_rate_limit_seen_by_server(replay: ReplayServer, api_key: str | None, per_second: int) -> None:
    with client_for(replay, api_key=api_key, limiter=None) as client:
        for _ in range(7):
            client.search("biopython", 1)
    times = [h.time for h in replay.calls("esearch")]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 6 and min(gaps) >= 1 / per_second, gaps


def test_rate_limiter_with_fake_clock() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    limiter = RateLimiter(3, clock=lambda: now[0], sleep=sleep, margin=0.0)
    limiter.wait()
    limiter.wait()
    now[0] += 1.0  # idle time is not banked as a burst
    limiter.wait()
    limiter.wait()
    assert slept == pytest.approx([1 / 3, 1 / 3])


def test_retries_503_then_429_with_retry_after(replay: ReplayServer) -> None:
    replay.fail_next(503)
    replay.fail_next(429, retry_after="1")
    with client_for(replay) as client:
        found = client.search("biopython", 20)
    assert found.count == 63
    times = [h.time for h in replay.calls("esearch")]
    assert len(times) == 3
    assert times[2] - times[1] >= 1.0  # Retry-After honoured, not just the short backoff


def test_retries_a_timeout(replay: ReplayServer) -> None:
    replay.delay_next(1.0)
    with client_for(replay, timeout=0.3) as client:
        assert client.search("biopython", 5).count == 63
    assert len(replay.calls("esearch")) == 2


def test_gives_up_with_url_and_last_status(replay: ReplayServer) -> None:
    replay.fail_next(503, times=10)
    slept: list[float] = []
    with client_for(replay, max_attempts=3, sleep=slept.append) as client, pytest.raises(EUtilsHTTPError) as info:
        client.search("biopython", 20)
    message = str(info.value)
    assert "after 3 attempts" in message and "HTTP 503" in message
    assert f"{replay.url}esearch.fcgi?" in message and "term=biopython" in message
    assert (info.value.status, info.value.attempts) == (503, 3)
    assert len(replay.calls("esearch")) == 3 and len(slept) == 2 and slept[1] > slept[0] * 0.9


def test_client_errors_are_not_retried_and_hide_the_key(replay: ReplayServer) -> None:
    replay.fail_next(400)
    with client_for(replay, api_key="secret-key") as client, pytest.raises(EUtilsHTTPError) as info:
        client.search("biopython", 20)
    assert info.value.status == 400 and "secret-key" not in str(info.value)
    assert len(replay.calls("esearch")) == 1


def test_connection_errors_are_retried_then_reported() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    slept: list[float] = []
    client = EUtilsClient(f"http://127.0.0.1:{port}/", max_attempts=2, sleep=slept.append, limiter=RateLimiter(1000))
    with client, pytest.raises(EUtilsHTTPError, match=r"after 2 attempts; last: ConnectError"):
        client.search("biopython", 1)
    assert len(slept) == 1


def test_backoff_is_capped_and_retry_after_parsed() -> None:
    client = EUtilsClient("http://127.0.0.1:9/", backoff_base=1.0, backoff_cap=4.0, max_retry_after=10.0)
    assert all(2.0 <= client._backoff(n, None) <= 4.0 for n in range(3, 12))
    assert client._backoff(1, 7.0) == 7.0 and client._backoff(1, 600.0) == 10.0
    assert retry_after_seconds("3") == 3.0 and retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
