"""PubMed E-utilities client: esearch then efetch, within NCBI's usage rules.

NCBI blocks clients that send more than 3 requests a second (10 with an API key) and asks every
client to name itself (`tool`, `email`). Its servers also answer 429/5xx under load, so every
request goes through one rate limiter and one retry loop here, and the callers (the CLI's
`library fetch`) only see records or one clear `EUtilsError`. The client returns efetch
batches as raw bytes: parsing belongs to the `pubmed_xml` reader, so there is one PubMed parser.
Base URL: the constructor argument, else `BEDSIDE_EUTILS_URL`, else NCBI's address, so tests
and the CLI can point it at a replay server.
"""

from __future__ import annotations

import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

import httpx
from lxml import etree

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
POST_OVER = 200  # longer id lists go in a POST body: a GET URL with thousands of ids is refused (414)
ESEARCH_MAX = 10_000  # PubMed's esearch will not page past this many ids
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.-]*)")
_ERROR_TEXT = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)


class EUtilsError(Exception):
    """Anything that stops a search or fetch; the message says what, where and why."""


class EUtilsQueryError(EUtilsError):
    """NCBI answered, but with an ERROR instead of results (bad query, unknown WebEnv, ...)."""


class EUtilsHTTPError(EUtilsError):
    """A request failed for good: a non-retryable status, or retries ran out."""

    def __init__(self, message: str, url: str, status: int | None, attempts: int) -> None:
        super().__init__(message)
        self.url, self.status, self.attempts = url, status, attempts


@dataclass(frozen=True)
class SearchResult:
    """What esearch found: the total, the first ids, and the history handle for efetch."""

    count: int
    ids: list[str]
    webenv: str | None = None
    query_key: str | None = None
    warnings: list[str] = field(default_factory=list)  # ErrorList/WarningList entries, e.g. "PhraseNotFound: x"


class RateLimiter:
    """Keeps requests at least 1/rate seconds apart (plus a small margin).

    A minimum interval rather than a bursty bucket: NCBI counts arrivals per second, and a
    burst of 3 followed by network jitter can put 4 into one second. The margin absorbs jitter.
    """

    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        margin: float = 0.02,
    ) -> None:
        self.interval = 1.0 / per_second + margin
        self._clock, self._sleep = clock, sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Block until the next request may go out, and book its slot."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            if start > now:
                self._sleep(start - now)
            self._next = start + self.interval


def retry_after_seconds(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date), if any."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class EUtilsClient:
    """esearch/efetch against PubMed with NCBI's identification, rate limits and retries."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        api_key: str | None = None,
        tool: str = "bedside",
        email: str | None = None,
        timeout: float = 30.0,
        max_attempts: int = 5,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        max_retry_after: float = 120.0,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        url = base_url or os.environ.get("BEDSIDE_EUTILS_URL") or DEFAULT_BASE_URL
        self.base_url = url.rstrip("/") + "/"
        self.api_key = (api_key if api_key is not None else os.environ.get("NCBI_API_KEY")) or None
        self.tool = tool
        self.email = email if email is not None else os.environ.get("NCBI_EMAIL") or None
        self.max_attempts, self.backoff_base, self.backoff_cap = max(1, max_attempts), backoff_base, backoff_cap
        self.max_retry_after = max_retry_after
        self.limiter = limiter or RateLimiter(10.0 if self.api_key else 3.0)
        self._sleep, self._rng = sleep, rng or random.Random()
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": f"{tool} (bedside E-utilities client)"},
        )

    def __enter__(self) -> EUtilsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()

    # -- requests -------------------------------------------------------------------------

    def _params(self, extra: dict[str, str]) -> dict[str, str]:
        """NCBI asks every request to carry tool (and email); the API key raises the limit."""
        params = {"tool": self.tool, **extra}
        if self.email:
            params["email"] = self.email
        if self.api_key:
            params["api_key"] = self.api_key
        return params

    def _describe(self, url: str, params: dict[str, str]) -> str:
        """The URL for messages: the key hidden, long id lists summarised."""
        shown = {k: ("***" if k == "api_key" else v) for k, v in params.items()}
        if len(shown.get("id", "")) > 80:
            shown["id"] = f"<{shown['id'].count(',') + 1} ids>"
        return f"{url}?{urlencode(shown)}"

    def _backoff(self, failures: int, retry_after: float | None) -> float:
        """Exponential, capped, half-jittered (so clients do not retry in step); never under Retry-After."""
        delay = min(self.backoff_cap, self.backoff_base * 2.0 ** (failures - 1))
        delay *= 0.5 + self._rng.random() / 2
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_retry_after))
        return delay

    def _request(self, endpoint: str, params: dict[str, str], post: bool = False) -> bytes:
        """One E-utility call through the limiter, retried on 429/5xx/timeouts/connection errors."""
        url = self.base_url + endpoint
        full = self._params(params)
        last = "no attempt made"
        status: int | None = None
        for attempt in range(1, self.max_attempts + 1):
            self.limiter.wait()
            retry_after: float | None = None
            try:
                response = self._http.post(url, data=full) if post else self._http.get(url, params=full)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                last, status = f"{type(exc).__name__}: {exc}", None
            else:
                if response.status_code == 200:
                    return response.content
                status = response.status_code
                last = f"HTTP {status} {response.reason_phrase}: {response.text[:200].strip()}"
                if status not in RETRY_STATUSES:
                    raise EUtilsHTTPError(f"{self._describe(url, full)} failed: {last}", url, status, attempt)
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            if attempt < self.max_attempts:
                self._sleep(self._backoff(attempt, retry_after))
        message = f"gave up on {self._describe(url, full)} after {self.max_attempts} attempts; last: {last}"
        raise EUtilsHTTPError(message, url, status, self.max_attempts)

    # -- E-utilities ----------------------------------------------------------------------

    def search(self, query: str, max_records: int = 100) -> SearchResult:
        """esearch with usehistory=y, so efetch can page through the result on NCBI's side."""
        retmax = max(0, min(max_records, ESEARCH_MAX))
        params = {"db": "pubmed", "term": query, "retmax": str(retmax), "usehistory": "y"}
        return parse_esearch(self._request("esearch.fcgi", params), query)

    def fetch(
        self,
        ids: Iterable[str] | None = None,
        *,
        webenv: str | None = None,
        query_key: str | None = None,
        total: int | None = None,
        batch_size: int = 200,
    ) -> Iterator[bytes]:
        """efetch PubMed XML in batches: by id list, or by history handle for the first `total` records.

        Each yielded item is one batch's PubmedArticleSet, exactly as NCBI sent it. Arguments are
        checked now, not at the first `next()`, so a wrong call fails where it is made.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        base = {"db": "pubmed", "rettype": "abstract", "retmode": "xml"}
        if ids is not None:
            id_list = [str(i).strip() for i in ids if str(i).strip()]
            batches = [id_list[s : s + batch_size] for s in range(0, len(id_list), batch_size)]
            calls = [({**base, "id": ",".join(b)}, len(b) > POST_OVER) for b in batches]
        elif webenv and query_key and total is not None:
            history = {**base, "WebEnv": webenv, "query_key": query_key}
            calls = [
                ({**history, "retstart": str(s), "retmax": str(min(batch_size, total - s))}, False)
                for s in range(0, total, batch_size)
            ]
        else:
            raise ValueError("fetch needs ids, or webenv + query_key + total")
        return (check_efetch(self._request("efetch.fcgi", params, post=post)) for params, post in calls)

    def search_and_fetch(self, query: str, max_records: int = 100, batch_size: int = 200) -> Iterator[bytes]:
        """Search, then fetch up to `max_records` of the hits (through the history server when offered)."""
        found = self.search(query, max_records)
        total = min(found.count, max_records)
        if total <= 0:
            return
        if found.webenv and found.query_key:
            yield from self.fetch(webenv=found.webenv, query_key=found.query_key, total=total, batch_size=batch_size)
        else:
            yield from self.fetch(found.ids[:total], batch_size=batch_size)

    def reachable(self, timeout: float = 2.0) -> bool:
        """One quick einfo call, no retries: lets callers fetch only when PubMed can be reached."""
        self.limiter.wait()
        try:
            response = self._http.get(self.base_url + "einfo.fcgi", params=self._params({}), timeout=timeout)
        except httpx.HTTPError:
            return False
        return response.status_code == 200 and b"<eInfoResult" in response.content


def parse_esearch(payload: bytes, query: str = "") -> SearchResult:
    """Read an eSearchResult; an ERROR becomes EUtilsQueryError, ErrorList/WarningList become warnings."""
    try:
        root = etree.fromstring(payload, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise EUtilsError(f"esearch for {query!r} did not return XML ({exc}): {payload[:120]!r}") from exc
    error = root.findtext("ERROR") if root.tag != "ERROR" else root.text
    if error and error.strip():
        raise EUtilsQueryError(f"esearch for {query!r} failed: {error.strip()}")
    if root.tag != "eSearchResult" or root.findtext("Count") is None:
        raise EUtilsError(f"esearch for {query!r} returned <{root.tag}>, not an eSearchResult with a Count")
    warnings = [
        f"{item.tag}: {(item.text or '').strip()}"
        for item in root.xpath("ErrorList/* | WarningList/*")
        if isinstance(item.tag, str)
    ]
    return SearchResult(
        count=int(root.findtext("Count", "0")),
        ids=[i.text.strip() for i in root.iterfind("IdList/Id") if i.text],
        webenv=root.findtext("WebEnv") or None,
        query_key=root.findtext("QueryKey") or None,
        warnings=warnings,
    )


def check_efetch(payload: bytes) -> bytes:
    """Return the payload if it is a PubmedArticleSet; otherwise raise with NCBI's ERROR text.

    NCBI answers an expired WebEnv or a bad id with HTTP 200 and an error document; read as
    PubMed XML it would look like an empty batch and the loss would go unnoticed.
    """
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", b"", payload[:4096], flags=re.S)
    match = _ROOT_TAG.search(head)
    if match and match.group(1) == b"PubmedArticleSet":
        return payload
    error = _ERROR_TEXT.search(payload[:4096])
    detail = error.group(1).decode("utf-8", "replace").strip() if error else f"{payload[:120]!r}"
    root = match.group(1).decode() if match else "nothing"
    raise EUtilsQueryError(f"efetch returned <{root}> instead of a PubmedArticleSet: {detail}")
