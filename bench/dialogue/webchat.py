"""The evaluation's user at the web-chat door, as the page is: a site-verified person (an HMAC of their id and
e-mail, bot/webchat/identity.py), who posts each message and also follows the event stream, because what the
bot says later (an agent joined, a notice) arrives there and not in the answer to the post."""

import json
import queue
import threading
import time
import uuid

import httpx

from bench.dialogue.fixtures import Person
from bot.webchat.identity import user_hash

SETTLE = 0.6  # seconds of stream silence after the answer that close a turn
TURN_TIMEOUT = 180.0


class _Stream(threading.Thread):
    """Follows /webchat/api/stream, reconnecting (a fresh ticket, ?after=) whenever it breaks."""

    def __init__(self, chat: "WebchatUser") -> None:
        super().__init__(daemon=True)
        self.chat = chat
        self.messages: queue.Queue[dict] = queue.Queue()
        self.stopping = threading.Event()
        self.last_id: str | None = None

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self._follow()
            except (httpx.HTTPError, ValueError):
                self.stopping.wait(0.2)

    def _follow(self) -> None:
        chat = self.chat
        ticket = chat.post("/webchat/api/stream-tickets", {"key": chat.key, "session": chat.session})["ticket"]
        params = {"key": chat.key, "session": chat.session, "ticket": ticket, **({"after": self.last_id}
                                                                                  if self.last_id else {})}
        timeout = httpx.Timeout(5.0, read=2.0)
        with chat.http.stream("GET", "/webchat/api/stream", params=params, timeout=timeout) as response:
            response.raise_for_status()
            event: dict[str, str] = {}
            for line in response.iter_lines():
                if self.stopping.is_set():
                    return
                if not line:
                    if event.get("data"):
                        self.last_id = event.get("id", self.last_id)
                        self.messages.put(json.loads(event["data"]))
                    event = {}
                elif not line.startswith(":"):
                    name, _, value = line.partition(":")
                    event[name] = event.get(name, "") + value.removeprefix(" ")


class WebchatUser:
    """One browser session of one person; `say` returns every message the bot sent for that turn."""

    def __init__(self, base_url: str, key: str, secret: str, person: Person) -> None:
        self.key = key
        self.http = httpx.Client(base_url=base_url, timeout=TURN_TIMEOUT)
        user = {"id": person.user_id, "email": person.email, "name": person.name,
                "hash": user_hash(secret, person.user_id, person.email)}
        answer = self.http.post("/webchat/api/sessions", json={"key": key, "user": user})
        answer.raise_for_status()
        started = answer.json()
        self.token, self.session = started["token"], started["session"]
        self.conversation = f"webchat:{key}:{self.session}"
        self.stream = _Stream(self)
        self.stream.start()

    def post(self, path: str, body: dict) -> dict:
        response = self.http.post(path, json=body, headers={"Authorization": f"Bearer {self.token}"})
        response.raise_for_status()
        return response.json()

    def say(self, text: str) -> tuple[list[dict], float]:
        """The bot's messages for this turn (the answer, then what the stream brings until it settles), and the
        seconds until the answer came back."""
        started = time.monotonic()
        answer = self.post("/webchat/api/messages", {"key": self.key, "session": self.session, "text": text,
                                                      "client_message_id": uuid.uuid4().hex})
        elapsed = time.monotonic() - started
        replies = list(answer.get("messages") or [])
        while True:
            try:
                replies.append(self.stream.messages.get(timeout=SETTLE))
            except queue.Empty:
                return replies, elapsed

    def close(self) -> None:
        self.stream.stopping.set()
        self.stream.join(timeout=5)
        self.http.close()
