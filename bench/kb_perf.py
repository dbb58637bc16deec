"""`make bench-kb`: search latency, memory and build throughput of the knowledge base at 1k, 10k and 100k chunks.

Synthetic articles are made from the sentences of the demo knowledge base (data/clients/demo/kb), shuffled
into titled sections with random error codes, so that BM25 sees a realistic vocabulary. Each size is
built for real (chunking, stemming, BM25, FAISS, SQLite), then measured in a fresh process (RSS after the
encoder is loaded, and after the searches):

    1k, 10k   every chunk embedded by the encoder: build throughput is measured here
    100k      the chunks' vectors are real encoder vectors of 5,000 distinct chunks plus a little noise
              (embedding 100,000 chunks for real would take ~20 minutes on 2 cores); everything else is real

Latency: the demo queries, each searched once to warm up and then measured; the query's embedding is
included in the search time and also timed on its own. Results: reports/kb/perf.json and perf.txt.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

from kb_index import encoders, evaluate, index, ingest, store
from kb_index.documents import Document
from kb_index.errors import IndexNotBuilt
from kb_index.hybrid import search

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports" / "kb"
DEMO = ROOT / "data" / "clients" / "demo"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
REAL_EMBEDDING_UP_TO = 10_000


def synthetic_documents(chunks: int, seed: int = 7) -> list[Document]:
    """About `chunks` chunks of articles made of demo sentences (4 sections of ~100 words each)."""
    rng = random.Random(seed)
    sentences = [line.strip(" -#*") for doc in ingest.load_directory(DEMO / "kb") for line in doc.text.splitlines()
                 if len(line.split()) >= 4]
    documents = []
    for number in range(chunks // 4):
        language = "fr" if number % 3 else "en"
        title = rng.choice(sentences)[:80]
        sections = []
        for part in range(4):
            words: list[str] = []
            while len(words) < 95:
                words += rng.choice(sentences).split()
            if rng.random() < 0.2:
                words.append(f"0x{rng.randrange(16**8):08X}")
            sections.append(f"## Section {part + 1}\n{' '.join(words)}")
        documents.append(Document(f"syn-{number:06d}", "article", language, title, "\n\n".join(sections)))
    return documents


class _Resampled:
    """Stands in for the encoder while building 100k: real vectors of a sample, re-used with noise."""

    def __init__(self, real: encoders.Encoder, sample: list[str]) -> None:
        self.name, self.spec, self.dim = real.name, real.spec, real.dim
        self.pool = real.encode(sample)
        self.rng = np.random.default_rng(3)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        picked = self.pool[self.rng.integers(0, len(self.pool), len(texts))]
        noisy = picked + self.rng.normal(0, 0.02, picked.shape).astype(np.float32)
        return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def _generation(name: str, root: Path) -> Path:
    """The generation a build just published."""
    generation = store.current_generation(name, root)
    if generation is None:
        raise IndexNotBuilt(name)
    return generation


def build_size(root: Path, name: str, chunks: int, spec: str) -> dict:
    documents = synthetic_documents(chunks)
    real = encoders.get(spec)
    if chunks > REAL_EMBEDDING_UP_TO:
        sample = [f"{d.title}\n{d.text[:600]}" for d in documents[:5000]]
        encoders._cache[spec] = _Resampled(real, sample)
    try:
        started = time.perf_counter()
        report = index.build(name, documents, specs=[spec], root=root)
        seconds = time.perf_counter() - started
    finally:
        encoders._cache[spec] = real
    manifest = store.read_manifest(_generation(name, root))
    started = time.perf_counter()
    index.upsert(name, Document("one-more", "article", "fr", "Un article de plus", "# Un de plus\n\nTexte."),
                 root=root)
    upsert = time.perf_counter() - started
    size = sum(f.stat().st_size for f in _generation(name, root).rglob("*") if f.is_file())
    return {"documents": manifest["documents"], "chunks": manifest["chunks"], "build_s": round(seconds, 1),
            "chunks_per_s": round(manifest["chunks"] / seconds, 1) if report.chunks_embedded else None,
            "embedded_for_real": chunks <= REAL_EMBEDDING_UP_TO, "upsert_one_s": round(upsert, 2),
            "index_mb": round(size / 1e6, 1)}


def rss_mb() -> float:
    match = re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text())
    return int(match.group(1)) / 1024 if match else float("nan")


def measure(root: Path, name: str, spec: str) -> dict:
    """In this (fresh) process: load, warm up, then time every demo query; RSS before and after."""
    queries = [row["query"] for row in evaluate.read_queries(DEMO / "kb_queries.jsonl")]
    encoder = encoders.get(spec)
    encoder.encode(["warm up"])
    base = rss_mb()
    started = time.perf_counter()
    store.open_snapshot(name, root)
    load_s = time.perf_counter() - started
    for query in queries:
        search(name, query, k=5, root=root)
    total, embed = [], []
    for query in queries * 2:
        started = time.perf_counter()
        encoder.encode([query])
        embed.append(time.perf_counter() - started)
        started = time.perf_counter()
        search(name, query, k=5, root=root)
        total.append(time.perf_counter() - started)

    def ms(values: list[float], q: float) -> float:
        return round(float(np.percentile(values, q)) * 1000, 2)

    overlap = None
    dense = store.open_snapshot(name, root).dense[encoder.name]
    if isinstance(dense, faiss.IndexIVF):  # what IVF costs in recall: its top-10 against every cell searched
        vectors = encoder.encode(queries)
        _, approximate = dense.search(vectors, 10)
        dense.nprobe = dense.nlist
        _, exhaustive = dense.search(vectors, 10)
        dense.nprobe = store.NPROBE
        overlap = round(float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(approximate, exhaustive,
                                                                                  strict=True)])), 3)

    return {"searches": len(total), "search_ms_median": ms(total, 50), "search_ms_p95": ms(total, 95),
            "embed_ms_median": ms(embed, 50), "embed_ms_p95": ms(embed, 95),
            "rest_ms_median": round((statistics.median(total) - statistics.median(embed)) * 1000, 2),
            "load_s": round(load_s, 2), "rss_mb_encoder_loaded": round(base, 1), "rss_mb_after": round(rss_mb(), 1),
            "ivf_top10_overlap": overlap}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", default=list(SIZES))
    parser.add_argument("--model", default="use", help="one encoder spec (default: use)")
    parser.add_argument("--ivf-from", type=int, default=index.IVF_FROM_CHUNKS,
                        help="chunks from which a build makes an IVF index (a huge value keeps every index flat)")
    parser.add_argument("--measure", nargs=2, metavar=("ROOT", "CLIENT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1], args.model)))
        return 0
    index.IVF_FROM_CHUNKS = args.ivf_from
    results = {"machine": {"cores": os.cpu_count(), "load_average": os.getloadavg()}, "model": args.model,
               "ivf_from_chunks": args.ivf_from, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for label in args.sizes:
            name = f"perf-{label}"
            built = build_size(Path(tmp), name, SIZES[label], args.model)
            command = [sys.executable, "-m", "bench.kb_perf", "--model", args.model, "--measure", tmp, name]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)})
            results["sizes"][label] = {**built, **json.loads(done.stdout.strip().splitlines()[-1])}
            results["sizes"][label]["index"] = store.read_manifest(_generation(name, Path(tmp)))[
                "encoders"][0]["index"]
            print(label, results["sizes"][label], flush=True)
    REPORTS.mkdir(parents=True, exist_ok=True)
    suffix = ("" if args.model == "use" else f"-{args.model}") + ("" if args.sizes == list(SIZES) else
                                                                  "-" + "-".join(args.sizes))
    suffix += "-flat" if args.ivf_from > max(SIZES[label] * 2 for label in args.sizes) else ""
    (REPORTS / f"perf{suffix}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    lines = [f"encoder {args.model}; {results['machine']['cores']} cores, load average at start "
             f"{results['machine']['load_average'][0]:.1f}",
             f"{'size':>5} {'chunks':>7} {'search ms p50':>13} {'p95':>6} {'embed ms p50':>12} {'rest ms':>7} "
             f"{'RSS MB':>7} {'(model)':>7} {'build s':>7} {'chunks/s':>8} {'upsert s':>8} {'disk MB':>7} {'index':>5}"]
    for label, row in results["sizes"].items():
        rate = f"{row['chunks_per_s']:.0f}" if row["embedded_for_real"] else "-"
        lines.append(f"{label:>5} {row['chunks']:>7} {row['search_ms_median']:>13.1f} {row['search_ms_p95']:>6.1f} "
                     f"{row['embed_ms_median']:>12.1f} {row['rest_ms_median']:>7.1f} {row['rss_mb_after']:>7.0f} "
                     f"{row['rss_mb_encoder_loaded']:>7.0f} {row['build_s']:>7.1f} {rate:>8} "
                     f"{row['upsert_one_s']:>8.2f} {row['index_mb']:>7.0f} {row['index']:>5}")
    (REPORTS / f"perf{suffix}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
