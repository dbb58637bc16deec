"""Command line of the knowledge base (other tools parse `--json` output: one JSON object per line).

    python -m kb_index build  --client C --source DIR [--model use,minilm]   (re)build C's index from a folder
    python -m kb_index search --client C [--k 5] [--json] "query text"        the best documents for a query
    python -m kb_index search --client C [--k 10] --json --queries FILE.jsonl one line per query: {query, results}
    python -m kb_index eval   --client C --queries FILE.jsonl [--json]        recall@1, recall@5, MRR@10 per language
    python -m kb_index add    --client C FILE [FILE …]                        add or replace documents, no rebuild
    python -m kb_index delete --client C DOC_ID [DOC_ID …]                    remove documents, no rebuild
    python -m kb_index info   --client C [--json]                             what the index holds
"""

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from kb_index import evaluate, index, ingest, store
from kb_index.errors import KbError
from kb_index.hybrid import SearchResult, search


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kb_index", description="The knowledge base of each client.")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="(re)build a client's index from a folder of documents")
    build.add_argument("--client", required=True)
    build.add_argument("--source", required=True, type=Path)
    build.add_argument("--model", help="encoders, comma-separated (default: RELAIS_KB_MODEL, else use)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    find = sub.add_parser("search", help="the best documents for a query")
    find.add_argument("--client", required=True)
    find.add_argument("--k", type=int, default=5)
    find.add_argument("--json", action="store_true")
    find.add_argument("--queries", type=Path, help="a JSONL file with a \"query\" on each line")
    find.add_argument("query", nargs="?")
    check = sub.add_parser("eval", help="recall@1, recall@5, MRR@10 on a labelled query file")
    check.add_argument("--client", required=True)
    check.add_argument("--queries", required=True, type=Path)
    check.add_argument("--json", action="store_true")
    add = sub.add_parser("add", help="add or replace documents from files, without a rebuild")
    add.add_argument("--client", required=True)
    add.add_argument("files", nargs="+", type=Path)
    remove = sub.add_parser("delete", help="remove documents by id, without a rebuild")
    remove.add_argument("--client", required=True)
    remove.add_argument("doc_ids", nargs="+")
    info = sub.add_parser("info", help="what a client's index holds")
    info.add_argument("--client", required=True)
    info.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "search" and bool(args.query) == bool(args.queries):
        parser.error("search takes either a query or --queries FILE")
    try:
        COMMANDS[args.command](args)
    except KbError as error:
        print(f"kb_index: {error}", file=sys.stderr)
        raise SystemExit(2) from error
    except (OSError, ValueError) as error:
        print(f"kb_index: {error}", file=sys.stderr)
        raise SystemExit(2) from error


def _build(args: argparse.Namespace) -> None:
    if not args.source.is_dir():
        raise ValueError(f"{args.source} is not a folder")
    documents = ingest.load_directory(args.source)
    specs = [part.strip() for part in args.model.split(",") if part.strip()] if args.model else None
    report = index.build(args.client, documents, specs=specs, progress=not args.quiet)
    print(f"{args.client}: {len(documents)} documents, {report.chunks_embedded} chunks embedded, "
          f"{report.chunks_reused} reused, in {report.seconds:.1f} s -> {report.generation}")


def _search(args: argparse.Namespace) -> None:
    if args.queries:
        for row in evaluate.read_queries(args.queries):
            results = search(args.client, row["query"], k=args.k)
            line = {"query": row["query"], "results": [
                {"doc_id": r.doc_id, "score": r.score, "confident": r.confident, "title": r.title, "kind": r.kind}
                for r in results]}
            print(json.dumps(line, ensure_ascii=False), flush=True)
        return
    results = search(args.client, args.query, k=args.k)
    if args.json:
        for rank, result in enumerate(results, start=1):
            print(json.dumps(_as_json(rank, result), ensure_ascii=False))
        return
    if not results:
        print("no result")
    for rank, result in enumerate(results, start=1):
        mark = "" if result.confident else "  (not confident)"
        print(f"{rank}. {result.doc_id}  [{result.kind}, {result.language}]  score {result.score:.2f}{mark}")
        print(f"   {result.title}")
        print(f"   {result.snippet}")


def _as_json(rank: int, result: SearchResult) -> dict:
    data = asdict(result)
    data.pop("signals")
    return {"rank": rank, **data}


def _eval(args: argparse.Namespace) -> None:
    rows = evaluate.read_queries(args.queries)
    report = evaluate.evaluate(rows, lambda query: [r.doc_id for r in search(args.client, query, k=10)])
    if args.json:
        for group, values in report.as_dict().items():
            print(json.dumps({"group": group, **values}, ensure_ascii=False))
        return
    print(evaluate.table({args.client: report}))


def _add(args: argparse.Namespace) -> None:
    documents = [document for path in args.files for document in ingest.load_file(path)]
    report = index.upsert(args.client, documents)
    print(f"{args.client}: {report.added} added or changed, {report.unchanged} unchanged "
          f"({report.chunks_embedded} chunks embedded in {report.seconds:.1f} s)")


def _delete(args: argparse.Namespace) -> None:
    report = index.delete(args.client, args.doc_ids)
    print(f"{args.client}: {report.removed} removed")


def _info(args: argparse.Namespace) -> None:
    generation = store.current_generation(args.client)
    if generation is None:
        raise KbError(f"no index for client {args.client!r}")
    manifest = store.read_manifest(generation)
    snapshot = store.open_snapshot(args.client)
    kinds: dict[str, int] = {}
    for _, kind, language, *_ in snapshot.docs:
        kinds[f"{kind}/{language}"] = kinds.get(f"{kind}/{language}", 0) + 1
    data = {**manifest, "generation": str(generation), "by_kind_and_language": kinds}
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return
    for key, value in data.items():
        print(f"{key}: {value}")


COMMANDS = {"build": _build, "search": _search, "eval": _eval, "add": _add, "delete": _delete, "info": _info}
