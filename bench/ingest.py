"""Ingest benchmark: records/s and peak memory of `bedside library add` vs pubmed_parser.

Builds a gzipped PubMed XML file (pubmed_parser reads only .gz) of N records (default 100,000) by
replicating the real records in
../shared/data/pubmed with new PMIDs, then runs, each in its own process so peak memory is its
own: `bedside library add` (parse + sentence split + store + FTS index, with its worker
processes) and pubmed_parser's `parse_medline_xml` (parse only). Peak memory is the summed RSS of
each process tree. Needs `pip install -e '.[dev,bench]'`. Prints figures, asserts nothing.

    python bench/ingest.py [--n 100000] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(shared: Path, n: int, out: Path) -> None:
    files = sorted((shared / "data/pubmed/biopython_entrez").glob("pubmed*.xml"))
    files.append(shared / "data/pubmed/pubmed_parser/pubmed-29768149.xml")
    articles = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        articles += re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, re.S)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=1) as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
        for i in range(n):
            art = articles[i % len(articles)]
            f.write(re.sub(r"(<PMID[^>]*>)\d+(</PMID>)", rf"\g<1>{90_000_000 + i}\g<2>", art, count=1) + "\n")
        f.write("</PubmedArticleSet>\n")


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak memory of the whole process tree (MiB, summed PSS: workers count too,
    pages they share with the parent after fork count once) and peak RSS of its largest single
    process, sampled every 100 ms with psutil (more often and the sampling itself slows the run).

    Embedding is switched off (BEDSIDE_EMBED=0): this measures parse + split + store + index,
    the work pubmed_parser's figure is compared with; bench/embed.py measures the embedding.
    """
    import psutil

    start = time.perf_counter()
    quiet = subprocess.DEVNULL
    proc = subprocess.Popen(command, stdout=quiet, stderr=quiet, env={**os.environ, "BEDSIDE_EMBED": "0"})
    root = psutil.Process(proc.pid)
    total_peak = single_peak = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            shares = [p.memory_full_info().pss for p in tree]
            sizes = [p.memory_info().rss for p in tree]
        except psutil.Error:
            continue
        total_peak = max(total_peak, sum(shares))
        single_peak = max(single_peak, max(sizes))
        time.sleep(0.1)
    took = time.perf_counter() - start
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, command)
    return took, total_peak / 2**20, single_peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "big.xml.gz"
        build(args.shared, args.n, xml)
        print(f"file: {args.n:,} records, {xml.stat().st_size / 2**20:,.0f} MiB")
        took, peak, largest = measure(
            [sys.executable, "-m", "bedside.cli", "--db", str(Path(tmp) / "lib.db"), "library", "add", str(xml)]
        )
        print(
            f"bedside library add: {args.n / took:,.0f} records/s ({took:.1f} s), "
            f"peak {peak:,.0f} MiB for all its processes (largest one {largest:,.0f} MiB)"
        )
        code = "import sys, pubmed_parser as pp; print(sum(1 for _ in pp.parse_medline_xml(sys.argv[1])))"
        try:
            took_pp, peak_pp, _ = measure([sys.executable, "-c", code, str(xml)])
            rate = args.n / took_pp
            print(f"pubmed_parser parse_medline_xml: {rate:,.0f} records/s ({took_pp:.1f} s), peak {peak_pp:,.0f} MiB")
            print(f"ratio: bedside {took_pp / took:.2f}x pubmed_parser's rate")
        except subprocess.CalledProcessError:
            print("pubmed_parser not installed: pip install '.[bench]'")


if __name__ == "__main__":
    main()
