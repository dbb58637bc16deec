"""The single-host production (deploy/docker-compose.yml): every process of Relais is there, locked down as in
the Kubernetes manifests, restarted by Docker, checked by its health endpoint, on pinned images; no secret in the
file (they come from deploy/relais.env, which git ignores)."""

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
RELAIS = {"migrate", "rasa", "actions", "doors", "api", "console", "supervisor"}


def services() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())["services"]


def test_every_process_runs_unprivileged_and_is_restarted() -> None:
    found = services()
    assert set(found) >= RELAIS
    for name in RELAIS:
        service = found[name]
        assert service["user"] == "10001:10001" and service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"] and "no-new-privileges:true" in service["security_opt"], name
        assert service["restart"] == ("no" if name == "migrate" else "unless-stopped"), name


def test_every_server_has_a_health_check_and_a_pinned_image() -> None:
    for name, service in services().items():
        image, _, tag = service["image"].rpartition(":")
        assert image and tag and tag != "latest", name
        if name != "migrate":
            assert service["healthcheck"]["test"], name


def test_no_secret_is_written_in_the_file() -> None:
    for name, service in services().items():
        for variable, value in (service.get("environment") or {}).items():
            assert not any(word in variable for word in ("TOKEN", "SECRET", "PASSWORD", "_URL")) or \
                variable in ("RELAIS_RASA_URL",), (name, variable, value)
    assert "relais.env" in (ROOT / "deploy" / ".gitignore").read_text().split()
