"""The command line on a folder of Markdown it has never seen: its entry point in the test's process (tests/cli.py;
a subprocess per command read the encoder from disk again, seconds each), and once as other tools run it, a real
subprocess."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kb_index.cli import main
from tests.cli import run_main

PROJECT = Path(__file__).resolve().parents[2]
ARTICLES = {
    "poste-lent.md": "# Mon PC est très lent\n\n## Solution\nRedémarrez le PC et fermez les onglets du navigateur.\n",
    "badge-perdu.md": "---\ntitle: Badge perdu\nkind: article\n---\nDéclarez la perte du badge à l'accueil.\n",
    "en-docking.md": "# Docking station not working\n\nUnplug the dock's power for ten seconds, then plug it back.\n",
    "onedrive-0x8004de40.md": textwrap.dedent("""\
        ---
        title: OneDrive ne se connecte pas (0x8004de40)
        kind: known_error
        ---
        ## Message d'erreur
        Code d'erreur 0x8004de40 à la connexion.
        ## Correctif
        Activez TLS 1.2 dans les options Internet.
        """),
}


def run(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = run_main(main, args, {"RELAIS_KB_ROOT": str(root)})
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def cli_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    root = tmp_path_factory.mktemp("cli-kb")
    done = run(root, "build", "--client", "demo-cli", "--source", str(folder))
    assert "4 documents" in done.stdout
    return root


def test_search_prints_ranked_documents(cli_root: Path) -> None:
    out = run(cli_root, "search", "--client", "demo-cli", "--k", "2", "mon ordinateur rame").stdout
    assert out.splitlines()[0].startswith("1. poste-lent  [article, fr]  score ")


def test_search_json_is_one_object_per_line(cli_root: Path) -> None:
    out = run(cli_root, "search", "--client", "demo-cli", "--k", "3", "--json", "erreur 0x8004DE40").stdout
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3 and [line["rank"] for line in lines] == [1, 2, 3]
    first = lines[0]
    assert first["doc_id"] == "onedrive-0x8004de40" and first["kind"] == "known_error" and first["confident"]
    assert {"doc_id", "title", "kind", "score", "snippet"} <= set(first)


def test_search_queries_file_gives_one_line_per_query(cli_root: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"query": "badge perdu"}\n\n{"query": "dock not working"}\n', encoding="utf-8")
    out = run(cli_root, "search", "--client", "demo-cli", "--k", "10", "--json", "--queries", str(queries)).stdout
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == ["badge perdu", "dock not working"]
    assert lines[0]["results"][0]["doc_id"] == "badge-perdu" and len(lines[1]["results"]) == 4
    assert set(lines[1]["results"][0]) >= {"doc_id", "score"}


def test_eval_reports_recall_and_mrr_per_language(cli_root: Path, tmp_path: Path) -> None:
    queries = tmp_path / "labelled.jsonl"
    queries.write_text("\n".join(json.dumps(row) for row in [
        {"query": "mon PC est lent", "relevant": ["poste-lent"], "language": "fr"},
        {"query": "my docking station does not work", "relevant": ["en-docking"]},
        {"query": "j'ai perdu mon badge", "relevant": ["badge-perdu"], "cross_lingual": False},
    ]), encoding="utf-8")
    text = run(cli_root, "eval", "--client", "demo-cli", "--queries", str(queries)).stdout
    assert "R@1" in text and "MRR@10" in text
    groups = {json.loads(line)["group"]: json.loads(line) for line in run(
        cli_root, "eval", "--client", "demo-cli", "--queries", str(queries), "--json").stdout.splitlines()}
    assert groups["all"] == {"group": "all", "n": 3, "recall@1": 1.0, "recall@5": 1.0, "mrr@10": 1.0}
    assert groups["fr"]["n"] == 2 and groups["en"]["n"] == 1  # the second line's language is detected


def test_add_delete_and_info(cli_root: Path, tmp_path: Path) -> None:
    new = tmp_path / "ecran-noir.md"
    new.write_text("# Écran noir\n\nL'écran reste noir au démarrage : vérifiez le câble HDMI.\n", encoding="utf-8")
    assert "1 added or changed" in run(cli_root, "add", "--client", "demo-cli", str(new)).stdout
    assert run(cli_root, "search", "--client", "demo-cli", "--json", "écran noir HDMI").stdout.startswith(
        '{"rank": 1, "doc_id": "ecran-noir"')
    info = json.loads(run(cli_root, "info", "--client", "demo-cli", "--json").stdout)
    assert info["documents"] == 5 and info["encoders"][0]["name"] == "use"
    assert "1 removed" in run(cli_root, "delete", "--client", "demo-cli", "ecran-noir").stdout
    assert json.loads(run(cli_root, "info", "--client", "demo-cli", "--json").stdout)["documents"] == 4


def test_errors_are_one_line_and_exit_2(cli_root: Path) -> None:
    done = run(cli_root, "search", "--client", "nobody", "vpn", check=False)
    assert done.returncode == 2 and done.stderr.startswith("kb_index: no knowledge-base index for client 'nobody'")
    assert run(cli_root, "search", "--client", "../etc", "vpn", check=False).returncode == 2


@pytest.mark.slow
def test_the_command_line_runs_as_its_own_process(cli_root: Path) -> None:
    """`python -m kb_index` from a shell: the entry module, the environment, the exit status."""
    env = {**os.environ, "RELAIS_KB_ROOT": str(cli_root), "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-m", "kb_index", "info", "--client", "demo-cli", "--json"],
                          capture_output=True, text=True, env=env, cwd=PROJECT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["documents"] == 4
    refused = subprocess.run([sys.executable, "-m", "kb_index", "search", "--client", "nobody", "vpn"],
                             capture_output=True, text=True, env=env, cwd=PROJECT, timeout=300)
    assert refused.returncode == 2 and refused.stderr.startswith("kb_index: no knowledge-base index")
