"""`python -m bench.article_publish`: how long an article published in the studio takes to be searchable.

The demo client's KB (data/clients/demo/kb, 80 documents) is built into a temporary root with the default
encoder; then, ten times, an editor's article is published the way the console does it (servicedesk.articles:
a version saved and committed in a SQLite client database, then kb_index.upsert of the live version) and the
KB is searched with the article's own words until it answers with it. Printed: the median and the slowest of
commit, upsert (a new index generation: chunking, embedding, FAISS, BM25, swap), and the first search that finds
it. Figures, never assertions (CONTRIBUTING: bench/).
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

from kb_index import Document, build, ingest, search, store, upsert
from servicedesk.articles import service
from servicedesk.articles.content import Content
from servicedesk.database import make_engine, make_session_factory, migrate, unit_of_work

ROOT = Path(__file__).resolve().parent.parent
DEMO_KB = ROOT / "data" / "clients" / "demo" / "kb"
ROUNDS = 10


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["RELAIS_KB_ROOT"] = str(Path(folder) / "kb")
        started = time.perf_counter()
        build("demo", ingest.load_directory(DEMO_KB))
        print(f"demo KB built in {time.perf_counter() - started:.1f} s")
        url = f"sqlite:///{Path(folder) / 'demo.db'}"
        migrate(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        commits, upserts, searches = [], [], []
        for round_ in range(ROUNDS):
            words = f"Traceuse {round_} du bâtiment C : le bac {round_} bloque le papier A{round_ % 5}"
            content = Content(title=words, kind="article", language="fr",
                              body=f"# {words}\n\n## Solution\nOuvrez le capot {round_}, retirez la feuille "
                                   f"coincée et relancez l'impression.")
            started = time.perf_counter()
            with unit_of_work(factory) as session:
                article = service.create(db_session=session, content=content, actor="bench", publish=True)
                live = service.publication(article)
            assert live is not None
            commits.append(time.perf_counter() - started)
            started = time.perf_counter()
            upsert("demo", Document(**live.as_dict()))
            upserts.append(time.perf_counter() - started)
            started = time.perf_counter()
            while search("demo", words, k=1)[0].doc_id != live.doc_id:
                time.sleep(0.01)
            searches.append(time.perf_counter() - started)
        engine.dispose()
        store.forget()
    for name, figures in (("commit", commits), ("upsert", upserts), ("first search", searches)):
        print(f"{name:>13}: median {statistics.median(figures) * 1000:7.1f} ms, slowest {max(figures) * 1000:7.1f} ms")
    total = [sum(parts) for parts in zip(commits, upserts, searches, strict=True)]
    print(f"{'publish→found':>13}: median {statistics.median(total) * 1000:7.1f} ms, "
          f"slowest {max(total) * 1000:7.1f} ms ({ROUNDS} articles, demo KB of 80 documents)")


if __name__ == "__main__":
    main()
