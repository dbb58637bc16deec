"""`make chat`: talk to the running bot from a terminal, through Rasa's REST webhook.

Buttons are shown numbered; typing a number sends that button's payload, as a click would.
"""

import argparse
import os
import uuid

import httpx

DEFAULT_URL = f"http://127.0.0.1:{os.environ.get('RELAIS_RASA_PORT', '5005')}/webhooks/rest/webhook"


def render(replies: list[dict]) -> list[dict]:
    """Print the bot's replies; return the buttons the user may pick by number."""
    buttons: list[dict] = []
    for reply in replies:
        if "text" in reply:
            print(f"relais> {reply['text']}")
        if "image" in reply:
            print(f"relais> [image] {reply['image']}")
        for button in reply.get("buttons", []):
            buttons.append(button)
            print(f"        {len(buttons)}. {button['title']}")
    return buttons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--sender", default=f"terminal-{uuid.uuid4().hex[:8]}")
    args = parser.parse_args()
    print(f"Connected to {args.url} as {args.sender}. Write in French or English; Ctrl-D to leave.")
    buttons: list[dict] = []
    with httpx.Client(timeout=60) as client:
        while True:
            try:
                text = input("you> ")
            except (EOFError, KeyboardInterrupt):
                print()
                return
            if text.strip().isdigit() and 0 < int(text) <= len(buttons):
                text = buttons[int(text) - 1]["payload"]
            try:
                response = client.post(args.url, json={"sender": args.sender, "message": text})
                response.raise_for_status()
            except httpx.HTTPError as error:
                print(f"(the bot is not answering: {error}; is `make run` up?)")
                continue
            buttons = render(response.json())


if __name__ == "__main__":
    main()
