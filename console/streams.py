"""Server-sent events for the console's live pages, the queue and the conversations: one loop for both, which
reads each value in a worker thread every `poll` seconds, sends it when it changes (and once at the start), sends
each new item of a feed as it comes, and says a comment now and then so that proxies keep a quiet stream open.
A stream ends by itself after `lasts` seconds; the browser opens the next one (after `retry` milliseconds)."""

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

QUIET = 15.0  # seconds without an event before a comment keeps the stream open


def streamed(request: Request, *, marks: Mapping[str, Callable[[], object]], lasts: float, poll: float,
             retry: int, encode: Callable[[object], str],
             feeds: Mapping[str, Callable[[], Iterable[object]]] | None = None) -> StreamingResponse:
    """The event stream of `marks` (name → a value, sent when it changes) and `feeds` (name → new items, each
    sent), every event's data written by `encode`."""

    async def events() -> AsyncIterator[str]:
        ends, quiet_since = time.monotonic() + lasts, time.monotonic()
        sent: dict[str, object] = {}
        yield f"retry: {retry}\n\n"
        while time.monotonic() < ends and not await request.is_disconnected():
            for name, read_items in (feeds or {}).items():
                for item in await run_in_threadpool(read_items):
                    quiet_since = time.monotonic()
                    yield f"event: {name}\ndata: {encode(item)}\n\n"
            for name, read in marks.items():
                value = await run_in_threadpool(read)
                if sent.get(name) != value:
                    sent[name], quiet_since = value, time.monotonic()
                    yield f"event: {name}\ndata: {encode(value)}\n\n"
            if time.monotonic() - quiet_since > QUIET:
                quiet_since = time.monotonic()
                yield ": still here\n\n"
            await asyncio.sleep(poll)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
