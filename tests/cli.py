"""A command line's `main(argv)` run in the test's own process, answering as `subprocess.run` would: a fresh
interpreter costs each command seconds of imports (and the knowledge base's a model load), which the quick loop
cannot afford. One real subprocess per command line stays, marked `slow`, for what only it sees (`-m`, the
entry module, the exit status the shell gets)."""

import io
import subprocess
from collections.abc import Callable, Mapping, Sequence
from contextlib import redirect_stderr, redirect_stdout

import pytest


def run_main(main: Callable[[list[str]], None], args: Sequence[str],
             env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`main(args)` with `env` added to the environment for the call only; its exit status as the interpreter
    would give it (a message as SystemExit's code is printed and exits 1) and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out), redirect_stderr(err):
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            if exit_.code is None or isinstance(exit_.code, int):
                code = exit_.code or 0
            else:
                print(exit_.code, file=err)
                code = 1
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())
