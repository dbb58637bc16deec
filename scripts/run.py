"""`make run`: bootstrap the demo clients (catalogue, one database each, settings), start the action
server, the Rasa server, the doors (web chat, Slack, Teams), the SLA supervisor, the REST API and the agents'
console under supervisord (scripts/supervision.py: a process that dies is restarted, the others keep serving),
wait until they answer, say where to chat, and stop everything cleanly on Ctrl-C."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from scripts import local_secrets, model, stack
from scripts.supervision import Supervision
from servicedesk.accounts import cli as accounts
from servicedesk.clients.database import catalogue_url
from servicedesk.clients.registry import open_catalogue
from servicedesk.database import unit_of_work
from servicedesk.operations import bootstrap

RASA_PORT = int(os.environ.get("RELAIS_RASA_PORT", "5005"))
ACTIONS_PORT = int(os.environ.get("RELAIS_ACTIONS_PORT", "5055"))
API_PORT = int(os.environ.get("RELAIS_API_PORT", "8088"))
BOT_PORT = int(os.environ.get("RELAIS_BOT_PORT", "8089"))
CONSOLE_PORT = int(os.environ.get("RELAIS_CONSOLE_PORT", "8090"))
MAIL_PORT = int(os.environ.get("RELAIS_SMTP_INBOUND_PORT", "2525"))  # replies by e-mail come in here
ENDPOINTS = Path(os.environ.get("RELAIS_ENDPOINTS", stack.ROOT / "endpoints.yml"))


def build_knowledge_bases() -> None:
    """Each client with a KB under data/clients/<slug>/kb gets its index (kb_index re-embeds only what changed)."""
    for source in sorted((stack.ROOT / "data" / "clients").glob("*/kb")):
        client = source.parent.name
        print(f"knowledge base of {client}: indexing {source.relative_to(stack.ROOT)} ...", flush=True)
        subprocess.run([sys.executable, "-m", "kb_index", "build", "--client", client, "--source", str(source)],
                       cwd=stack.ROOT, check=True)


def mail_out() -> str:
    """Where the doors' mail goes: the desk's SMTP server, else files under var/mail/ (bot.config)."""
    host = os.environ.get("RELAIS_SMTP_HOST")
    if host:
        return f"sent through {host}:{os.environ.get('RELAIS_SMTP_PORT', '587')}"
    return "kept in var/mail/ as .eml files (set RELAIS_SMTP_HOST to send it)"


def tracker_store_env() -> dict[str, str]:
    """The supervisor's retention purge also forgets expired conversations in Rasa's tracker store: the embedded
    one under var/ (production names its own, RELAIS_TRACKER_STORE_URL or RELAIS_TRACKER_DB_*)."""
    if os.environ.get("RELAIS_TRACKER_STORE_URL") or ENDPOINTS.resolve() != (stack.ROOT / "endpoints.yml").resolve():
        return {}
    return {"RELAIS_TRACKER_STORE_URL": f"sqlite:///{stack.ROOT / 'var' / 'rasa_tracker.db'}"}


def first_admin() -> str:
    """The console's first admin on a desk without accounts, its password said once (on the terminal only: no log
    file has it, and only its hash is stored, so no later run can say it again); else how to make accounts."""
    with open_catalogue() as (catalogue, _), unit_of_work(catalogue) as session:
        made = accounts.first_admin(session)
    return made or "accounts: python -m servicedesk accounts list | add LOGIN ..."


def main() -> None:
    logs = stack.ROOT / "var" / "log"
    logs.mkdir(parents=True, exist_ok=True)
    for line in bootstrap():
        print(line)
    build_knowledge_bases()
    console_admin = first_admin().replace("\n", "\n                         ")
    keys = local_secrets.ensure()  # var/secrets/ on the first run, unless the environment sets them
    services = [
        stack.action_server(keys, ACTIONS_PORT, log=logs / "actions.log"),
        stack.rasa_server(keys, model.model_path(), ENDPOINTS, RASA_PORT, log=logs / "rasa.log", env={
            "RELAIS_ACTION_ENDPOINT": os.environ.get("RELAIS_ACTION_ENDPOINT",
                                                     f"http://127.0.0.1:{ACTIONS_PORT}/webhook")}),
        stack.bot_server(keys, BOT_PORT, f"http://127.0.0.1:{RASA_PORT}", log=logs / "bot.log",
                         env={"RELAIS_SMTP_INBOUND_PORT": str(MAIL_PORT)}),
        stack.supervisor(log=logs / "supervisor.log", env=tracker_store_env()),
        stack.api_server(API_PORT, log=logs / "api.log"),
        stack.console_server(CONSOLE_PORT, log=logs / "console.log"),
    ]
    print("starting the action server, the Rasa server, the doors, the SLA supervisor, the REST API and the "
          "console (logs in var/log/) ...", flush=True)
    banner_shown = False
    supervision = Supervision(services, stack.ROOT / "var" / "run", log_dir=logs)
    # Ctrl-C (even when started in the background, where SIGINT is ignored by default) and SIGTERM
    # both end in the same clean stop of every child.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        supervision.start()
        supervision.wait_ready()
        print(f"""
Relais is up.
  Chat in your browser: http://127.0.0.1:{BOT_PORT}/  (Acme's door: /chat?key=acme)
  Slack and Teams:       set RELAIS_SLACK_* / RELAIS_TEAMS_* (README, "Channels"); level-2 agents take
                         conversations over in Slack
  chat in the terminal:  make chat
  e-mail:                {mail_out()}
                         replies: point the desk's mail server at smtp://127.0.0.1:{MAIL_PORT} (README, "E-mail")
  REST webhook:          curl -s localhost:{RASA_PORT}/webhooks/rest/webhook \\
                           -d '{{"sender": "me", "message": "Outlook plante au démarrage"}}'
  Rasa HTTP API:         http://127.0.0.1:{RASA_PORT}/  (loopback only; token in var/secrets/rasa-token:
                           curl "127.0.0.1:{RASA_PORT}/status?token=$(cat var/secrets/rasa-token)")
  action server:         http://127.0.0.1:{ACTIONS_PORT}/health  (loopback only; answers Rasa alone)
  agents' REST API:      http://localhost:{API_PORT}/docs
                         (a key: python -m servicedesk clients key demo --name me --role agent)
  agents' console:       http://127.0.0.1:{CONSOLE_PORT}/
                         {console_admin}
  client catalogue:      {catalogue_url().split('@')[-1]}  (python -m servicedesk clients list)
  tickets:               .venv/bin/python -m servicedesk tickets list --client demo
  a process that dies:   restarted by supervisord; the others keep serving (status: .venv/bin/supervisorctl
                           -c var/run/supervisord.conf status)
Ctrl-C stops everything.
""", flush=True)
        banner_shown = True
        supervision.watch(lambda line: print(f"{line} (var/log/)", file=sys.stderr, flush=True))
        print("supervisord stopped unexpectedly; see var/log/supervisord.log. Stopping the rest.", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nstopping ...", flush=True)
    finally:
        supervision.stop()
        if not banner_shown and "password" in console_admin:  # said once: a failed start must not lose it
            print(f"agents' console:       {console_admin}", flush=True)
        print("stopped.")


if __name__ == "__main__":
    main()
