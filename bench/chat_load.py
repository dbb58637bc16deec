"""Load benchmark: simulated users holding real conversations through the REST webhook.

Each user reports an incident (French or English, alternately), answers the qualification, gets a
ticket number, then asks for its status. Run it against a running `make run`:

    make run                        # in one terminal
    .venv/bin/python bench/chat_load.py [--url http://127.0.0.1:5005] [--users 1 10] [--rounds 2]

Prints, for each level of concurrency, messages per second and reply latency p50/p95/max. Not a test:
the figures go in closing notes and are compared as ratios within one run (shared, noisy machines).
"""

import argparse
import asyncio
import re
import statistics
import time
import uuid

import httpx

SCRIPTS = {
    "fr": ["Outlook plante au démarrage", "0x800CCC0E", "depuis ce matin", "3", "1", "où en est {number} ?"],
    "en": ["my VPN keeps disconnecting", "no", "since yesterday", "2", "2", "what's the status of {number}?"],
}
NUMBER = re.compile(r"INC-\d{6}")


async def converse(client: httpx.AsyncClient, url: str, language: str, latencies: list[float]) -> bool:
    """One whole conversation; True when it ended with the ticket's status."""
    sender = f"bench-{uuid.uuid4().hex[:10]}"
    number = None
    reply_text = ""
    for line in SCRIPTS[language]:
        message = line.format(number=number or "INC-000000")
        started = time.perf_counter()
        response = await client.post(url, json={"sender": sender, "message": message})
        latencies.append(time.perf_counter() - started)
        response.raise_for_status()
        reply_text = " ".join(r.get("text", "") for r in response.json())
        found = NUMBER.search(reply_text)
        number = number or (found.group(0) if found else None)
    return number is not None and number in reply_text


async def run_level(url: str, users: int, rounds: int) -> dict[str, float]:
    latencies: list[float] = []
    async with httpx.AsyncClient(timeout=120) as client:

        async def user(index: int) -> int:
            ok = 0
            for round_ in range(rounds):
                ok += await converse(client, url, "fr" if (index + round_) % 2 == 0 else "en", latencies)
            return ok

        started = time.perf_counter()
        completed = sum(await asyncio.gather(*(user(i) for i in range(users))))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "users": users,
        "conversations": users * rounds,
        "completed": completed,
        "messages": len(latencies),
        "msg_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--rounds", type=int, default=2, help="conversations per user")
    args = parser.parse_args()
    webhook = f"{args.url.rstrip('/')}/webhooks/rest/webhook"
    httpx.get(f"{args.url.rstrip('/')}/", timeout=5).raise_for_status()  # Rasa's greeting needs no token
    asyncio.run(run_level(webhook, 1, 1))  # warm-up, not counted
    print(f"{'users':>5} {'convs':>5} {'ok':>4} {'msgs':>5} {'msg/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for users in args.users:
        r = asyncio.run(run_level(webhook, users, args.rounds))
        print(f"{r['users']:>5} {r['conversations']:>5} {r['completed']:>4} {r['messages']:>5} {r['msg_per_s']:>7.1f}"
              f" {r['p50_ms']:>8.0f} {r['p95_ms']:>8.0f} {r['max_ms']:>8.0f}")


if __name__ == "__main__":
    main()
