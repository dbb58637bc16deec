"""`make run`: migrate the database, start the action server and the Rasa server, wait until both
answer, say where to chat, and stop everything cleanly on Ctrl-C."""

import os
import signal
import sys
import time
from pathlib import Path

from scripts import model, stack
from servicedesk.database import database_url, migrate

RASA_PORT = int(os.environ.get("RELAIS_RASA_PORT", "5005"))
ACTIONS_PORT = int(os.environ.get("RELAIS_ACTIONS_PORT", "5055"))
ENDPOINTS = Path(os.environ.get("RELAIS_ENDPOINTS", stack.ROOT / "endpoints.yml"))


def main() -> None:
    logs = stack.ROOT / "var" / "log"
    logs.mkdir(parents=True, exist_ok=True)
    migrate(database_url())
    services = [
        stack.action_server(ACTIONS_PORT, log=logs / "actions.log"),
        stack.rasa_server(model.model_path(), ENDPOINTS, RASA_PORT, log=logs / "rasa.log", env={
            "RELAIS_ACTION_ENDPOINT": os.environ.get("RELAIS_ACTION_ENDPOINT",
                                                     f"http://127.0.0.1:{ACTIONS_PORT}/webhook")}),
    ]
    print("starting the action server and the Rasa server (logs in var/log/) ...", flush=True)
    # Ctrl-C (even when started in the background, where SIGINT is ignored by default) and SIGTERM
    # both end in the same clean stop of every child.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        stack.start_all(services)
        print(f"""
Relais is up.
  chat in the terminal:  make chat
  REST webhook:          curl -s localhost:{RASA_PORT}/webhooks/rest/webhook \\
                           -d '{{"sender": "me", "message": "Outlook plante au démarrage"}}'
  Rasa HTTP API:         http://localhost:{RASA_PORT}/  (e.g. POST /model/parse)
  action server:         http://localhost:{ACTIONS_PORT}/health
  tickets database:      {database_url().split('@')[-1]}
Ctrl-C stops everything.
""", flush=True)
        while all(s.process is not None and s.process.poll() is None for s in services):
            time.sleep(1)
        dead = [s.name for s in services if s.process is not None and s.process.poll() is not None]
        print(f"{', '.join(dead)} stopped unexpectedly; see var/log/. Stopping the rest.", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nstopping ...", flush=True)
    finally:
        stack.stop_all(services)
        print("stopped.")


if __name__ == "__main__":
    main()
