"""Extraction throughput against plain `nlp.pipe`: same model, same texts, same process.

Prints words per second of both, their ratio (target: extraction >= 0.85 x plain), how many times the extractor
loaded its model, and the process's memory. Runs alternate between the two so that load from other processes
hits both alike; medians are reported.

    python bench/bench_extraction.py [--jsonl FILE] [--articles N] [--rounds N] [--batch-size N] [--model DIR]

With --model DIR (or EXTRACTOR_MODEL set) it also times extraction with that trained model (target: >= 0.8 x plain).

Without --jsonl the texts are the seed article and the golden test inputs, repeated to --articles documents.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from claims.nlp import pipeline  # noqa: E402
from claims.nlp.pipeline import DEFAULT_MODEL, extract_many, load_nlp  # noqa: E402

DATA = ROOT / "tests" / "claims" / "nlp" / "data" / "in"


def rss_mb() -> float:
    """Current resident memory of this process in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(jsonl: str | None, articles: int) -> list[str]:
    if jsonl:
        with open(jsonl, encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
    else:
        texts = [path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.txt"))]
        seed = (DATA / "seed_article.txt").read_text(encoding="utf-8")
        texts = [seed] + [t for t in texts if t != seed]
    return [texts[i % len(texts)] for i in range(articles)]


def words(text: str) -> int:
    return len(text.split())


def time_plain(nlp: spacy.Language, texts: list[str], batch_size: int) -> float:
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def time_extraction(texts: list[str], batch_size: int, nlp: spacy.Language | None = None) -> float:
    started = time.perf_counter()
    for _result in extract_many(((text, None) for text in texts), batch_size=batch_size, nlp=nlp):
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", default=None, help="JSON lines with a 'text' field per article")
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--model", default=os.environ.get("EXTRACTOR_MODEL") or None, help="trained model directory")
    args = parser.parse_args()

    texts = load_texts(args.jsonl, args.articles)
    total_words = sum(words(text) for text in texts)
    rss_start = rss_mb()
    load_nlp()
    plain = spacy.load(DEFAULT_MODEL)
    rss_loaded = rss_mb()
    learned = load_nlp(DEFAULT_MODEL, args.model) if args.model else None
    # Warm both up (first batches allocate) before timing.
    time_plain(plain, texts[:4], args.batch_size)
    time_extraction(texts[:4], args.batch_size)
    if learned is not None:
        time_extraction(texts[:4], args.batch_size, learned)

    plain_times, extraction_times, learned_times = [], [], []
    for _ in range(args.rounds):
        plain_times.append(time_plain(plain, texts, args.batch_size))
        extraction_times.append(time_extraction(texts, args.batch_size))
        if learned is not None:
            learned_times.append(time_extraction(texts, args.batch_size, learned))
    plain_wps = total_words / statistics.median(plain_times)
    extraction_wps = total_words / statistics.median(extraction_times)

    print(f"texts: {len(texts)} ({total_words} words), batch size {args.batch_size}, {args.rounds} rounds, medians")
    print(f"plain nlp.pipe ({', '.join(plain.pipe_names)}): {plain_wps:,.0f} words/s")
    print(f"extraction (extract_many):  {extraction_wps:,.0f} words/s")
    print(f"ratio extraction / plain:   {extraction_wps / plain_wps:.2f}  (target >= 0.85)")
    if learned_times:
        learned_wps = total_words / statistics.median(learned_times)
        print(f"extraction with the model {learned.meta.get('onrecord_model')}: {learned_wps:,.0f} words/s")
        print(f"ratio with model / plain:   {learned_wps / plain_wps:.2f}  (target >= 0.8)")
    print(f"extractor model loads:      {pipeline.model_loads}")
    print(
        f"memory (RSS): {rss_start:.0f} MB at start, {rss_loaded:.0f} MB with both pipelines loaded, "
        f"{rss_mb():.0f} MB now, peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
