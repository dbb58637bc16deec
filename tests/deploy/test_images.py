"""The built images, run for real: an unprivileged user, nothing to compile with, exactly the pinned packages, and
every entry point answering on its own loopback. test_image_contents.py checks what can be checked without a daemon;
this needs one, and the images `make images` builds (relais-app and relais-rasa at the project's version, or the
names in RELAIS_APP_IMAGE and RELAIS_RASA_IMAGE, e.g. relais-rasa's `--target runtime` where no model was trained):
skipped otherwise, so the suite still runs where no daemon does. README, "Deploying"."""

import json
import os
import re
import shutil
import subprocess
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
USER = "10001:10001"
# Run as the manifests run them: read-only root, no capability, no network but the container's own loopback.
LOCKED_DOWN = ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true",
               "--network", "none"]
# The Debian packages that compile (gcc-12-base, libgcc-s1, libstdc++6 are run-time libraries and stay).
BUILD_TOOLS = re.compile(r"build-essential|gcc(-\d+)?|g\+\+(-\d+)?|cpp(-\d+)?|make|binutils.*|libc6-dev|dpkg-dev")
# Throwaway values for the secrets a deployment takes from its Secret (deploy/relais.env.example); no database
# named, so every process is on SQLite under var/.
SECRETS = [f"--env=RELAIS_{name}=image-test-{name.lower()}" for name in
           ("RASA_TOKEN", "DOOR_SECRET", "ACTIONS_TOKEN", "WEBCHAT_TOKEN_SECRET", "CONSOLE_SECRET", "EMAIL_SECRET")]
APP_SERVERS = {"actions": 5055, "doors": 8089, "api": 8088, "console": 8090, "supervisor": 9102}
# The processes of the app image, in one container, after the migrations (the Job's command), on SQLite under var/.
APP_START = ("python -m servicedesk migrate && { python -m actions.server --port 5055 & python -m api & "
             "python -m console & RELAIS_METRICS_PORT=9102 python -m servicedesk supervise --interval 30 & "
             "exec python -m bot; }")
# What the production endpoints read (the compose file's values): no PostgreSQL or Redis answers on the container's
# loopback, so Rasa keeps its conversations in memory and says so; it serves all the same.
RASA_STORES = [f"--env=RELAIS_{name}={value}" for name, value in (
    ("ACTION_ENDPOINT", "http://127.0.0.1:5055/webhook"), ("TRACKER_DB_HOST", "127.0.0.1"), ("TRACKER_DB_PORT", "5432"),
    ("TRACKER_DB_NAME", "rasa"), ("TRACKER_DB_USER", "relais"), ("TRACKER_DB_PASSWORD", "image-test"),
    ("REDIS_HOST", "127.0.0.1"), ("REDIS_PORT", "6379"), ("REDIS_DB", "0"))]
POLL = """
import json, sys, time, urllib.request, urllib.error
urls, answers, deadline = json.loads(sys.argv[1]), {}, time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline and len(answers) < len(urls):
    for name, url in urls.items():
        if name in answers:
            continue
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                answers[name] = [reply.status, reply.read(300).decode(errors="replace")]
        except urllib.error.HTTPError as error:
            answers[name] = [error.code, error.read(300).decode(errors="replace")]
        except OSError:
            pass
    time.sleep(1)
print(json.dumps(answers))
"""


def docker(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)


def built(kind: str) -> str:
    """The image's name, or a skip that says what is missing."""
    name = os.environ.get(f"RELAIS_{kind.upper()}_IMAGE", f"relais-{kind}:{VERSION}")
    if shutil.which("docker") is None:
        pytest.skip("no docker client here")
    if docker("info", timeout=30).returncode != 0:
        pytest.skip("no Docker daemon answers here: the images are built and run where one does (make images)")
    if docker("image", "inspect", name, timeout=30).returncode != 0:
        pytest.skip(f"{name} is not built (make images; README, Deploying)")
    return name


@pytest.fixture(scope="module")
def app_image() -> str:
    return built("app")


@pytest.fixture(scope="module")
def rasa_image() -> str:
    return built("rasa")


@pytest.fixture(params=["app", "rasa"])
def image(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param, built(request.param)


def pins(kind: str) -> dict[str, str]:
    """requirements/<kind>.txt as `make lock` compiled it: normalised name -> version."""
    text = (ROOT / "requirements" / f"{kind}.txt").read_text()
    return {normalised(name): version for name, version in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, re.M)}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def in_image(name: str, *command: str, timeout: float = 120) -> str:
    done = docker("run", "--rm", *LOCKED_DOWN, name, *command, timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def started() -> Iterator[list[str]]:
    """Containers a test starts detached; removed whatever the test's outcome, their logs shown when it failed."""
    names: list[str] = []
    yield names
    for container in names:
        print(docker("logs", "--tail", "60", container).stderr[-4000:])
        docker("rm", "--force", container)


def answers(container: str, urls: dict[str, str], within: float) -> dict[str, list[object]]:
    done = docker("exec", container, "python", "-c", POLL, json.dumps(urls), str(within), timeout=within + 60)
    assert done.returncode == 0, done.stderr[-2000:]
    found: dict[str, list[object]] = json.loads(done.stdout)
    return found


def test_it_runs_as_the_unprivileged_user_the_manifests_name(image: tuple[str, str]) -> None:
    _, name = image
    config = json.loads(docker("image", "inspect", name).stdout)[0]["Config"]
    assert config["User"] == USER
    assert in_image(name, "id", "-u").strip() == "10001"


def test_the_final_image_has_nothing_to_compile_with(image: tuple[str, str]) -> None:
    _, name = image
    on_path = in_image(name, "sh", "-c", "for tool in gcc cc c++ g++ make as ld; do command -v $tool; done; true")
    assert on_path.strip() == ""
    packages = in_image(name, "dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Package}\\n").splitlines()
    installed = {line.split()[1].split(":")[0] for line in packages if line.startswith("ii")}
    assert {package for package in installed if BUILD_TOOLS.fullmatch(package)} == set()
    assert "libc6" in installed  # the listing is the image's, not an empty one


def test_it_holds_exactly_the_pinned_versions(image: tuple[str, str]) -> None:
    kind, name = image
    listing = in_image(name, "python", "-c", "import importlib.metadata as m, json; "
                       "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
    installed = {normalised(package): version for package, version in json.loads(listing).items()}
    wanted = pins(kind)
    assert {package: installed.get(package) for package in wanted if installed.get(package) != wanted[package]} == {}
    # Nothing beyond the pins: pip itself is removed (setuptools and wheel are pinned).
    assert set(installed) - set(wanted) == set()


def test_the_app_image_serves_every_health_endpoint_on_sqlite(app_image: str, started: list[str]) -> None:
    container = f"relais-image-test-{uuid.uuid4().hex[:8]}"
    writable = [f"--tmpfs=/app/{path}:uid=10001,gid=10001" for path in ("var", "models/kb")]
    run = docker("run", "--detach", "--name", container, *LOCKED_DOWN, *writable, *SECRETS, app_image,
                 "sh", "-c", APP_START)
    assert run.returncode == 0, run.stderr
    started.append(container)
    urls = {name: f"http://127.0.0.1:{port}/health" for name, port in APP_SERVERS.items()}
    found = answers(container, urls, within=240)
    assert {name: found.get(name, ["no answer"])[0] for name in APP_SERVERS} == dict.fromkeys(APP_SERVERS, 200)


def test_the_rasa_image_runs_rasa_and_loads_relais_s_parts(rasa_image: str) -> None:
    assert "3.6.21" in in_image(rasa_image, "rasa", "--version", timeout=300)
    in_image(rasa_image, "python", "-c", "import rasa_channels.rest, rasa_components.sentence_encoder, "
             "rasa_components.intent_classifier", timeout=300)


def test_the_rasa_image_s_own_command_starts_the_server(rasa_image: str, started: list[str]) -> None:
    container = f"relais-image-test-{uuid.uuid4().hex[:8]}"
    run = docker("run", "--detach", "--name", container, *LOCKED_DOWN, *SECRETS, *RASA_STORES,
                 rasa_image)
    assert run.returncode == 0, run.stderr
    started.append(container)
    found = answers(container, {"rasa": "http://127.0.0.1:5005/"}, within=300)
    assert found.get("rasa", [None])[0] == 200 and "Hello from Rasa" in str(found["rasa"][1])
