"""Embedding benchmark: abstracts/s, agreement with fp32 and query latency of the dense embedder.

Embeds the first N SciFact abstracts (title + " " + text, as the library stores them) from
../shared/data/scifact with the model built by `bedside.library.embedder`, in four configurations:

- fp32, fixed 256-token padding, 32 texts a run (the usual exported-model setup; the reference)
- int8 per-channel, fixed 256-token padding, 32 texts a run
- int8, texts sorted by length, 32 a run padded to the longest, original order restored
- int8, one text a run, unpadded: what `Embedder.embed` ships
- the same, keeping each text's token states and packing them as the library stores them
  (`bedside.library.tokens`): what ingest runs for a record's whole text
- the whole embedding step of ingest (`bedside.library.vectors.update`): the above, then the
  title and every sentence embedded alone (search's best-sentence signal); this is the rate at
  which ingest embeds records

and prints abstracts/s, mean (and minimum) cosine to the fp32 vectors, and the median latency of
embedding one short query (the first 100 SciFact queries) the same way. Prints figures, asserts
nothing. The model is built into --cache (a fresh temporary folder by default, so the build time
is measured too).

    python bench/embed.py [--n 1000] [--cache DIR] [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bedside.library import tokens
from bedside.library.embedder import Embedder, load_embedder
from bedside.library.vectors import MAX_SENTENCES
from bedside.text.sentences import spans

ROOT = Path(__file__).resolve().parents[1]
BATCH = 32
FIXED = 256

Vectors = npt.NDArray[np.float32]


def read_jsonl(path: Path, n: int, text: Callable[[dict[str, str]], str]) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            out.append(text(json.loads(line)))
            if len(out) == n:
                break
    return out


def fixed(model: Embedder, texts: list[str]) -> Vectors:
    """Batches of BATCH in input order, every one padded to 256 tokens."""
    ids = model.token_ids(texts)
    return np.concatenate([model.run_batch(ids[i : i + BATCH], width=FIXED) for i in range(0, len(ids), BATCH)])


def length_batched(model: Embedder, texts: list[str]) -> Vectors:
    """Sorted by token count, batches of BATCH padded to their longest, put back in input order."""
    ids = model.token_ids(texts)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.empty((len(ids), model.dim), np.float32)
    for start in range(0, len(order), BATCH):
        batch = order[start : start + BATCH]
        out[batch] = model.run_batch([ids[i] for i in batch])
    return out


def shipped(model: Embedder, texts: list[str]) -> Vectors:
    return model.embed(texts)


def with_tokens(model: Embedder, texts: list[str]) -> Vectors:
    vectors, states = model.embed_tokens(texts)
    for token_states, ids in states:
        tokens.pack(token_states, ids)
    return vectors


def ingest_step(sentences: dict[str, list[str]]) -> Callable[[Embedder, list[str]], Vectors]:
    """`with_tokens`, then each text's title and sentences one by one, as `vectors.update` does."""

    def run(model: Embedder, texts: list[str]) -> Vectors:
        vectors = with_tokens(model, texts)
        model.embed([s for text in texts for s in sentences.get(text, [])])
        return vectors

    return run


def sentence_texts(title: str, abstract: str) -> list[str]:
    """The title, then the abstract's sentences, capped as the library caps them (`vectors.sentence_texts`)."""
    texts = [title.strip()] if title.strip() else []
    texts.extend(abstract[a:b] for a, b in spans(abstract))
    return texts[:MAX_SENTENCES]


def rate(run: Callable[[Embedder, list[str]], Vectors], model: Embedder, texts: list[str]) -> tuple[Vectors, float]:
    run(model, texts[:4])  # warm up (first-run allocations)
    start = time.perf_counter()
    vectors = run(model, texts)
    return vectors, len(texts) / (time.perf_counter() - start)


def query_ms(run: Callable[[Embedder, list[str]], Vectors], model: Embedder, queries: list[str]) -> float:
    times = []
    for q in queries:
        start = time.perf_counter()
        run(model, [q])
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000, help="abstracts to embed")
    parser.add_argument("--cache", type=Path, default=None, help="model cache folder (default: a fresh temp dir)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    scifact = args.shared / "scifact/beir_scifact"
    texts = read_jsonl(scifact / "corpus.jsonl", args.n, lambda d: f"{d['title']} {d['text']}")
    queries = read_jsonl(scifact / "queries.jsonl", 100, lambda d: d["text"])
    titles = read_jsonl(scifact / "corpus.jsonl", args.n, lambda d: d["title"])
    abstracts = read_jsonl(scifact / "corpus.jsonl", args.n, lambda d: d["text"])
    sentences = {t: sentence_texts(a, b) for t, a, b in zip(texts, titles, abstracts, strict=True)}

    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp)
        start = time.perf_counter()
        fp32 = load_embedder(cache, quantized=False)
        built_fp32 = time.perf_counter() - start
        start = time.perf_counter()
        int8 = load_embedder(cache, quantized=True)
        built_int8 = time.perf_counter() - start
        print(f"{len(texts)} SciFact abstracts, {os.cpu_count()} threads, cache {cache}")
        print(f"model load (includes the build when not cached): fp32 {built_fp32:.1f} s, int8 {built_int8:.1f} s")
        print(f"int8 model: {int8.model_id}, {int8.model_path.stat().st_size / 2**20:.0f} MiB")

        configs: list[tuple[str, Embedder, Callable[[Embedder, list[str]], Vectors]]] = [
            (f"fp32, fixed {FIXED} padding, {BATCH}/run", fp32, fixed),
            (f"int8, fixed {FIXED} padding, {BATCH}/run", int8, fixed),
            (f"int8, length-sorted dynamic padding, {BATCH}/run", int8, length_batched),
            ("int8, one text/run, unpadded, a session per core (shipped)", int8, shipped),
            ("the same + token vectors packed", int8, with_tokens),
            ("the same + title and sentences one by one (ingest)", int8, ingest_step(sentences)),
        ]
        reference: Vectors | None = None
        print(f"{'configuration':50} {'abstracts/s':>11} {'mean cos':>9} {'min cos':>8} {'query ms':>9}")
        for name, model, run in configs:
            vectors, per_s = rate(run, model, texts)
            reference = vectors if reference is None else reference
            cos = (vectors * reference).sum(axis=1)
            ms = query_ms(run, model, queries)
            print(f"{name:50} {per_s:11.1f} {cos.mean():9.4f} {cos.min():8.4f} {ms:9.1f}")


if __name__ == "__main__":
    main()
