"""How fast can ingest's embedding step be on this machine? The token budget against each runtime's rate.

Ingest embeds a record's whole text (for its vector and token vectors) and then its title and every
sentence alone (search's best-sentence signal). The model's cost is per word piece, so the rate in
abstracts/s is bounded by (word pieces a second) / (word pieces an abstract). This script measures
both on the first N SciFact abstracts and prints the bound for three designs:

- as shipped: the whole text (truncated at 256 pieces) plus the title and each sentence alone
- sentences only: the title and each sentence alone, the whole-text vector and token vectors taken
  from those runs (measured at stop 23: SciFact train nDCG@10 0.7653 -> 0.7646, test 0.7548 -> 0.7464)
- whole text only: no sentence vectors (stop 22: train nDCG@10 0.7653 -> 0.7503)

Runtimes: the shipped onnxruntime int8 embedder (one text a run, a session per core), and, when the
`openvino` package is installed (it is not a dependency of bedside), OpenVINO on the fp32 graph in
bfloat16 (this machine's AMX), two streams, sentences in length-sorted batches of 16 (no dynamic
quantisation, so a text's vector does not depend on its batch-mates).

Last, each runtime's peak: full batches of 64 texts of 32 real word pieces each (no padding, no
tokenising, no pooling), the most word pieces a second it reached here for any batch shape tried
(stop 24, OpenVINO bf16: 64 x 32, 128 x 32, 32 x 64 and 256 x 16 on one or two streams gave 39,400
to 48,500 pieces/s, 64 x 32 on two streams the most), and
the bound that peak puts on the shipped design. Prints figures, asserts nothing.

    python bench/embed_budget.py [--n 300] [--cache DIR] [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bedside.library.embedder import Embedder, load_embedder, model_dir
from bedside.library.onnx_bert import build_bert
from bedside.library.vectors import MAX_SENTENCES
from bedside.text.sentences import spans

ROOT = Path(__file__).resolve().parents[1]
BATCH = 16
PEAK_SHAPE = (64, 32)  # texts a batch, word pieces a text
PEAK_SECONDS = 3.0

Vectors = npt.NDArray[np.float32]
Run = Callable[[Sequence[str]], Vectors]  # texts in, unit vectors out (tokenising included)
Peak = Callable[[list[npt.NDArray[np.int64]]], None]  # runs every equal-length batch given, pooling nothing


def corpus(path: Path, n: int) -> tuple[list[str], list[str]]:
    """(whole texts, every abstract's title and sentences) of the first n records, as the library embeds them."""
    wholes: list[str] = []
    pieces: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            title, text = doc["title"].strip(), doc["text"]
            wholes.append(f"{title} {text}")
            pieces.extend(([title] if title else []) + [text[a:b] for a, b in spans(text)][: MAX_SENTENCES - 1])
            if len(wholes) == n:
                break
    return wholes, pieces


def openvino_run(tokenize: Callable[[Sequence[str]], list[list[int]]]) -> tuple[Run, Peak] | None:
    """OpenVINO, bfloat16, two streams, batches of BATCH length-sorted texts; None when not installed."""
    try:
        import openvino as ov
    except ImportError:
        return None
    core = ov.Core()
    model = core.read_model(
        build_bert(model_dir() / "model.safetensors", model_dir() / "config.json").SerializeToString()
    )
    compiled = core.compile_model(
        model, "CPU", {"INFERENCE_PRECISION_HINT": "bf16", "NUM_STREAMS": 2, "INFERENCE_NUM_THREADS": 2}
    )
    queue = ov.AsyncInferQueue(compiled, 2)

    def run(texts: Sequence[str]) -> Vectors:
        ids = tokenize(texts)
        out = np.zeros((len(ids), 384), np.float32)

        def done(request: ov.InferRequest, rows: list[int]) -> None:
            hidden = np.asarray(request.get_output_tensor(0).data, np.float32)
            for k, row in enumerate(rows):
                pooled = hidden[k, : len(ids[row])].mean(axis=0)
                out[row] = pooled / np.linalg.norm(pooled)

        queue.set_callback(done)
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            batch = np.zeros((len(rows), len(ids[rows[0]])), np.int64)
            mask = np.zeros_like(batch)
            for k, row in enumerate(rows):
                batch[k, : len(ids[row])] = ids[row]
                mask[k, : len(ids[row])] = 1
            queue.start_async(
                {"input_ids": batch, "attention_mask": mask, "token_type_ids": np.zeros_like(batch)}, rows
            )
        queue.wait_all()
        return out

    def peak(batches: list[npt.NDArray[np.int64]]) -> None:
        queue.set_callback(lambda request, rows: None)
        for batch in batches:
            feeds = {"input_ids": batch, "attention_mask": np.ones_like(batch), "token_type_ids": np.zeros_like(batch)}
            queue.start_async(feeds, None)
        queue.wait_all()

    return run, peak


def peak_batches(piece_ids: list[list[int]]) -> list[npt.NDArray[np.int64]]:
    """Real word pieces (each text's [CLS]/[SEP] dropped) cut into rows of PEAK_SHAPE[1], framed again."""
    texts, width = PEAK_SHAPE
    stream = [i for ids in piece_ids for i in ids[1:-1]]
    cls, sep = piece_ids[0][0], piece_ids[0][-1]
    rows = [[cls, *stream[a : a + width - 2], sep] for a in range(0, len(stream) - width, width - 2)]
    return [np.array(rows[a : a + texts], np.int64) for a in range(0, len(rows) - texts + 1, texts)]


def peak_rate(peak: Peak, batches: list[npt.NDArray[np.int64]]) -> float:
    """Word pieces a second over repeated passes of `batches` for about PEAK_SECONDS."""
    peak(batches[:1])  # warm up
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < PEAK_SECONDS:
        peak(batches)
        done += sum(b.size for b in batches)
    return done / (time.perf_counter() - start)


def pieces_per_second(run: Run, texts: Sequence[str], pieces: int) -> tuple[Vectors, float]:
    run(texts[:8])  # warm up
    start = time.perf_counter()
    vectors = run(texts)
    return vectors, pieces / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="abstracts")
    parser.add_argument("--cache", type=Path, default=None, help="model cache folder (default: a fresh temp dir)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    wholes, pieces = corpus(args.shared / "scifact/beir_scifact/corpus.jsonl", args.n)
    with tempfile.TemporaryDirectory() as tmp:
        report(wholes, pieces, args.cache or Path(tmp))


def report(wholes: list[str], pieces: list[str], cache: Path) -> None:
    int8: Embedder = load_embedder(cache, quantized=True)
    fp32: Embedder = load_embedder(cache, quantized=False)
    whole_ids, piece_ids = int8.token_ids(wholes), int8.token_ids(pieces)
    whole_cost = sum(map(len, whole_ids)) / len(wholes)
    piece_cost = sum(map(len, piece_ids)) / len(wholes)
    print(
        f"{len(wholes)} SciFact abstracts: word pieces an abstract, whole-text run {whole_cost:.0f}, "
        f"title and sentences alone {piece_cost:.0f} ({len(pieces) / len(wholes):.1f} texts)"
    )
    reference = np.stack([fp32.run_batch([i])[0] for i in piece_ids])

    def ort_peak(batches: list[npt.NDArray[np.int64]]) -> None:
        for batch in batches:
            int8.run_batch(batch.tolist())

    runtimes: list[tuple[str, Run]] = [("onnxruntime int8, one text a run (shipped)", int8.embed)]
    peaks: list[tuple[str, Peak]] = [("onnxruntime int8, one two-thread session", ort_peak)]
    ov = openvino_run(int8.token_ids)
    if ov is None:
        print("openvino is not installed (pip install openvino): its rows are left out")
    else:
        runtimes.append((f"OpenVINO bf16, batches of {BATCH}", ov[0]))
        peaks.append(("OpenVINO bf16, two streams", ov[1]))
    print(
        f"{'runtime':42} {'pieces/s whole':>14} {'pieces/s sent.':>14} {'cos fp32':>8} "
        f"{'as shipped':>10} {'sent. only':>10} {'whole only':>10}"
    )
    for name, run in runtimes:
        _, whole_rate = pieces_per_second(run, wholes, sum(map(len, whole_ids)))
        vectors, piece_rate = pieces_per_second(run, pieces, sum(map(len, piece_ids)))
        cos = float((vectors * reference).sum(axis=1).mean())
        both = 1 / (whole_cost / whole_rate + piece_cost / piece_rate)
        print(
            f"{name:42} {whole_rate:14.0f} {piece_rate:14.0f} {cos:8.5f} "
            f"{both:10.1f} {piece_rate / piece_cost:10.1f} {whole_rate / whole_cost:10.1f}"
        )
    print("last three columns: abstracts/s the embedding alone allows (no tokenising, packing or storing)")
    batches = peak_batches(piece_ids)
    texts, width = PEAK_SHAPE
    print(f"peak: {len(batches)} batches of {texts} texts x {width} real word pieces, no padding")
    for name, peak in peaks:
        rate = peak_rate(peak, batches)
        print(
            f"{name:42} {rate:8.0f} pieces/s; bound as shipped {rate / (whole_cost + piece_cost):6.1f} "
            f"abstracts/s; 120 abstracts/s needs {120 * (whole_cost + piece_cost):.0f} pieces/s"
        )


if __name__ == "__main__":
    main()
