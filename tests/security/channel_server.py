"""Rasa's channel for Relais (rasa_channels/rest.py) served alone, as Rasa registers it, in .venv-rasa: for the
probes that need a second configuration of Rasa's channel (RELAIS_REST_DOOR=off) without the minutes a second
model load takes on a small machine.

    .venv-rasa/bin/python -m tests.security.channel_server --port PORT

Rasa's own `register` mounts the channel at /webhooks/rest/webhook; where Rasa's agent would run the
dialogue, a stand-in answers each message the channel let through with what reached it (sender, channel,
metadata, text), as JSON in one text reply. Python 3.10, Rasa 3.6's Sanic: nothing of .venv is imported.
"""

import argparse
import json
from typing import Any

from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic, response
from sanic.request import Request

from rasa_channels.rest import RelaisRestInput


class EchoAgent:
    """What Rasa's agent is to a channel: `handle_message`, here answering with what it was handed."""

    async def handle_message(self, message: UserMessage) -> None:
        reached: dict[str, Any] = {"sender": message.sender_id, "channel": message.input_channel,
                                   "metadata": message.metadata, "text": message.text}
        await message.output_channel.send_text_message(message.sender_id, json.dumps(reached))


def create_app() -> Sanic:
    app = Sanic("relais_channel_alone")
    app.ctx.agent = EchoAgent()
    register([RelaisRestInput()], app, "/webhooks/")

    @app.get("/health")
    async def health(_: Request) -> response.HTTPResponse:
        return response.json({"status": "ok"})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.security.channel_server", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    create_app().run(host="127.0.0.1", port=args.port, access_log=False)


if __name__ == "__main__":
    main()
