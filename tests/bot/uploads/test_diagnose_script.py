"""The diagnostic scripts: the shell one run for real on this machine against the page on loopback, producing
an upload on the ticket; the PowerShell one read by a PowerShell lexer (no pwsh is packaged where Relais
installs from), and both checked for what they must and must not do."""

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from pygments.lexers import PowerShellLexer
from pygments.token import Error

from bot.uploads import scripts
from servicedesk.tickets.models import Ticket
from servicedesk.uploads.service import read_file
from servicedesk.uploads.store import LocalStore
from tests.bot.uploads.conftest import Desk

APP = "relais-test-app"
LOG_LINE = "2026-12-04 08:59:00 ERROR relais-test-app: cannot reach the licence server"


@pytest.mark.skipif(shutil.which("curl") is None, reason="the shell script sends with curl, missing here")
def test_the_shell_script_gathers_and_uploads_to_the_ticket(served: Desk, tmp_path: Path) -> None:
    number = served.ticket(language="en")
    link = served.offer(number)
    script = httpx.get(f"{served.base}{link}/diagnose.sh", params={"app": APP}).text
    (tmp_path / "relais-diagnose.sh").write_text(script)
    home = tmp_path / "home"
    logs = home / ".local" / "share" / APP
    logs.mkdir(parents=True)
    (logs / f"{APP}.log").write_text(f"starting\n{LOG_LINE}\n")

    run = subprocess.run(["sh", str(tmp_path / "relais-diagnose.sh")], capture_output=True, text=True, timeout=240,
                         env={"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME": str(home),
                              "TMPDIR": str(tmp_path)})

    assert run.returncode == 0, run.stderr
    assert f"Thank you: 3 file(s) attached to ticket {number}." in run.stdout
    assert [(kind, name) for kind, name, _ in served.attachments(number)] == [
        ("stored", "system.txt"), ("stored", "errors.txt"), ("stored", "application.txt")]
    with served.directory.unit_of_work("demo") as session:
        ticket = session.query(Ticket).filter_by(number=number).one()
        system, _, application = (read_file(store=LocalStore(served.files), client="demo", attachment=a).decode()
                                  for a in ticket.attachments)
    assert "===== system" in system and "Linux" in system
    assert LOG_LINE in application
    assert not list(tmp_path.glob("relais-diagnose.*/"))  # its temporary folder is removed
    again = subprocess.run(["sh", str(tmp_path / "relais-diagnose.sh")], capture_output=True, text=True,
                           timeout=240, env={"PATH": "/usr/bin:/bin", "HOME": str(home), "TMPDIR": str(tmp_path)})
    assert "already been used" in again.stdout  # the link served once


def test_the_powershell_script_lexes_cleanly_and_sends_with_the_link() -> None:
    script = scripts.render("ps1", link="https://doors.example/upload/abc.def", number="INC-000042", app="Outlook")
    errors = [value for token, value in PowerShellLexer().get_tokens(script) if token in Error]
    assert errors == []
    assert script.count("{") == script.count("}") and script.count("(") == script.count(")")
    assert "$Link = 'https://doors.example/upload/abc.def'" in script and "$App = 'Outlook'" in script
    assert "Invoke-WebRequest -Uri $Link -Method Post" in script
    assert "Get-WinEvent" in script and "-Encoding" not in script  # UTF-8 written through .NET, both versions


@pytest.mark.parametrize("platform", sorted(scripts.PLATFORMS))
def test_the_scripts_only_read_and_send(platform: str) -> None:
    """Nothing that installs, deletes outside their own folder, elevates, or runs what it downloads."""
    script = scripts.render(platform, link="https://doors.example/upload/t", number="INC-000042", app="x").lower()
    for word in ("sudo ", "invoke-expression", "iex ", "| sh", "| bash", "start-process", "set-executionpolicy",
                 "new-service", "reg add", "chmod +x", "eval "):
        assert word not in script, word
