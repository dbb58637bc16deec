"""What the images copy is enough to run: each process's entry module imports from a folder holding only the
files the Dockerfile's COPY lines name (no daemon needed, so it runs where `make images` cannot)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_MODULES = ["bot.__main__", "api.__main__", "console.__main__", "actions.server", "servicedesk.__main__",
               "kb_index.__main__", "telemetry.sanic_app"]
RASA_MODULES = ["rasa_channels.rest", "rasa_components.sentence_encoder", "rasa_components.intent_classifier"]
# A copy of the tree and a cold import of every process without bytecode: seconds, left to make test.
pytestmark = pytest.mark.slow


def copied(dockerfile: str, into: Path) -> Path:
    """The build context's files the final stage copies (COPY without --from), laid out as in the image's /app."""
    for line in (ROOT / "deploy" / "docker" / dockerfile).read_text().splitlines():
        match = re.match(r"COPY (?:--chown=\S+ )?(?!--from)(.+)$", line)
        if not match or "requirements/" in line or "models/" in line:  # the pins are checked apart; the model is big
            continue
        *sources, target = match.group(1).split()
        for source in sources:
            for path in ROOT.glob(source.rstrip("/")):
                place = into / (path.relative_to(ROOT) if target.endswith("/") or target == "./" else target)
                if path.is_dir():
                    shutil.copytree(path, place, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
                else:
                    place.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(path, place)
    return into


def imports(python: Path, folder: Path, modules: list[str]) -> subprocess.CompletedProcess[str]:
    code = "import importlib, sys\nfor name in sys.argv[1:]: importlib.import_module(name)"
    return subprocess.run([str(python), "-c", code, *modules], cwd=folder, env={"PYTHONPATH": str(folder),
                          "PATH": "/usr/bin:/bin", "HOME": str(folder)}, capture_output=True, text=True, timeout=300)


def test_the_app_image_holds_what_its_processes_import(tmp_path: Path) -> None:
    done = imports(ROOT / ".venv" / "bin" / "python", copied("app.Dockerfile", tmp_path), APP_MODULES)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_rasa_image_holds_what_rasa_loads(tmp_path: Path) -> None:
    python = ROOT / ".venv-rasa" / "bin" / "python"
    if not python.exists():
        pytest.skip(".venv-rasa is made by make setup")
    folder = copied("rasa.Dockerfile", tmp_path)
    assert (folder / "endpoints.production.yml").exists() and (folder / "credentials.yml").exists()
    done = imports(python, folder, RASA_MODULES)
    assert done.returncode == 0, done.stderr[-2000:]
