"""A rasa-sdk action server with two actions, one that answers and one that raises, instrumented as the real
one is (telemetry/sanic_app.py): `python -m tests.telemetry.actions_app PORT` (tests/telemetry/test_sanic_app.py)."""

import sys
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from telemetry.sanic_app import instrument


class Answers(Action):
    def name(self) -> str:
        return "action_answers"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(text="ok")
        return []


class Raises(Action):
    def name(self) -> str:
        return "action_raises"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        raise RuntimeError("the database went away")


def main() -> None:
    executor = ActionExecutor()
    executor.register_action(Answers())
    executor.register_action(Raises())
    app = create_app_for_serve(executor)
    instrument(app)
    app.run(host="127.0.0.1", port=int(sys.argv[1]), single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
