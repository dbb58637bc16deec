"""`python -m bench.uploads`: what keeping a trace file costs, step by step, for the sizes users send.

    1. The content checks (servicedesk.uploads.checks.check: puremagic's signatures, the text test) on a
       screenshot, a 1 MB and a 10 MB log, a 10 MB binary refused.
    2. The virus scan through clamd's INSTREAM (clamav-client), against a clamd started here on loopback with
       EICAR's signature only, as the tests start it (skipped without clamd): 100 KB, 1 MB, 10 MB.
    3. The stores' writes: the local folder, and S3 through boto3 against moto's server on loopback.

Not a test: nothing here is asserted about time. The machine is small and shared; each figure is the median of
several runs, in milliseconds.

    .venv/bin/python -m bench.uploads [--runs 7]
"""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from servicedesk.errors import FileRefused
from servicedesk.uploads import checks, scanning, store
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.clamd_server import start_clamd
from tests.servicedesk.uploads.servers import answers, free_port, serve

MB = 1024 * 1024


def median_ms(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def checking(name: str, data: bytes) -> Callable[[], None]:
    def step() -> None:
        with contextlib.suppress(FileRefused):  # a refusal is timed as well
            checks.check(name, data, max_bytes=20 * MB)
    return step


def scanning_of(scanner: scanning.Scanner, data: bytes) -> Callable[[], object]:
    return lambda: scanner.scan(data)


def writing(where: store.FileStore, data: bytes) -> Callable[[], None]:
    def step() -> None:
        where.put(client="demo", key=store.new_key("demo", "INC-000001"), data=data, content_type="text/plain")
    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"load average {os.getloadavg()[0]:.2f}, median of {runs} runs")
    log_1, log_10 = samples.log() * (MB // 62), samples.log() * (10 * MB // 62)
    print("1. content checks")
    for name, data in [("screenshot.png", samples.png(800, 600)), ("app.log", log_1), ("app.log", log_10)]:
        print(f"   {name:16} {len(data) / MB:5.1f} MB  {median_ms(checking(name, data), runs):8.2f} ms")
    binary = os.urandom(10 * MB)
    print(f"   {'refused binary':16} {10:5.1f} MB  {median_ms(checking('x.png', binary), runs):8.2f} ms")

    print("2. clamd INSTREAM scan")
    with tempfile.TemporaryDirectory() as folder:
        try:
            clamd = start_clamd(Path(folder))
            address = next(clamd)
        except pytest.skip.Exception as skipped:  # no clamd on this machine
            print(f"   skipped: {skipped}")
        else:
            scanner = scanning.ClamdScanner(address)
            for size in (100 * 1024, MB, 10 * MB):
                data = log_10[:size]
                print(f"   {size / MB:5.1f} MB  {median_ms(scanning_of(scanner, data), runs):8.2f} ms")
            clamd.close()

    print("3. store writes (10 MB)")
    with tempfile.TemporaryDirectory() as folder:
        print(f"   local folder  {median_ms(writing(store.LocalStore(Path(folder)), log_10), runs):8.2f} ms")
    port = free_port()
    server = serve([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], answers(port),
                   name="moto")
    next(server)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    s3 = store.from_environment({**os.environ, "RELAIS_UPLOAD_STORE": "s3", "RELAIS_UPLOAD_S3_BUCKET": "bench",
                                 "RELAIS_UPLOAD_S3_ENDPOINT": f"http://127.0.0.1:{port}",
                                 "RELAIS_UPLOAD_S3_REGION": "us-east-1"})
    assert isinstance(s3, store.S3Store)
    s3.s3.create_bucket(Bucket="bench")
    print(f"   S3 (moto)     {median_ms(writing(s3, log_10), runs):8.2f} ms")
    server.close()


if __name__ == "__main__":
    main()
