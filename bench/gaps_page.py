"""What the gaps page costs (kb_index.gaps.group): the demo KB built in a temporary root, then N questions
(the demo's labelled queries and the off-topic ones, repeated with a counter to reach N) embedded, grouped and each
searched in the index, as the page does on every load. Figures, not assertions.

    .venv/bin/python -m bench.gaps_page [N ...]      default: 50 200 500
"""

import json
import sys
import tempfile
import time
from pathlib import Path

from kb_index import encoders, gaps, index, ingest, store

ROOT = Path(__file__).resolve().parent.parent


def questions(count: int) -> list[gaps.Asked]:
    lines = [json.loads(line)["query"] for name in ("data/clients/demo/kb_queries.jsonl",
                                                    "bench/kb_offtopic_queries.jsonl")
             for line in (ROOT / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [gaps.Asked(f"Q{number}", lines[number % len(lines)] + ("" if number < len(lines) else f" ({number})"))
            for number in range(count)]


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [50, 200, 500]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        index.build("demo", ingest.load_directory(ROOT / "data" / "clients" / "demo" / "kb"), root=root)
        encoder = gaps.encoder_of("demo", root)
        encoder.encode(["warm-up"])
        for size in sizes:
            asked = questions(size)
            started = time.perf_counter()
            vectors = encoder.encode([question.text for question in asked])
            encoded = time.perf_counter()
            rows = gaps.cluster(vectors)
            clustered = time.perf_counter()
            found = gaps.group("demo", asked, root=root, encoder=encoder)
            done = time.perf_counter()
            gaps.group("demo", asked, root=root, encoder=encoder)
            again = time.perf_counter()
            open_groups = sum(group.answered_by is None for group in found)
            print(f"{size} questions: encode {encoded - started:.2f} s, cluster {clustered - encoded:.2f} s, "
                  f"whole page's grouping with a search each {done - started:.2f} s, read again (searches "
                  f"remembered) {again - done:.2f} s; {len(rows)} groups, {open_groups} still open")
        store.forget()
    print(f"encoder: {encoders.get('use').name}")


if __name__ == "__main__":
    main(sys.argv[1:])
