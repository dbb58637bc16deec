"""make eval-dialogue: replay scripted multi-turn dialogues through the web-chat door against the real servers
(issue 12, item 8), each user turn played in order whatever the bot replies, then score the final database.

    python -m bench.eval_dialogue [--file F.yml ...] [--only ID|CATEGORY] [--jobs N] [--strict]

By default every file, reported separately: bench/dialogue/dialogues.yml, dev2.yml to dev5.yml (development;
each later set written apart from the earlier ones and from level 1's code, to improve on situations we didn't
write: a new set's first score is the honest measure of what level 1 does on new dialogues) and heldout.yml
(held out: written by someone else, never tuned on). Writes reports/dialogue/<file stem>/. Exit 0 even when
targets are missed, unless --strict. Dialogues of different people run --jobs at a time; one person's dialogues
run in their file's order, since they share tickets."""

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bench.dialogue import fixtures, report, servers, spec
from bench.dialogue.scoring import Trace, Turn, Verdict, judge
from bench.dialogue.webchat import WebchatUser
from kb_index import ingest
from servicedesk.models import utcnow
from servicedesk.settings.loader import load_file
from servicedesk.tickets.models import Ticket

HERE = Path(__file__).resolve().parent / "dialogue"
FILES = tuple(HERE / name for name in ("dialogues.yml", "dev2.yml", "dev3.yml", "dev4.yml", "dev5.yml", "heldout.yml"))
REPORTS = Path(__file__).resolve().parent.parent / "reports" / "dialogue"
MODELS = Path(__file__).resolve().parent.parent / "models"
DEFAULT_JOBS = 3  # 2 cores; see the README for the measurement


def security_group() -> str:
    """The client's security group: its triage settings' when the schema has them, else the group named so."""
    settings = load_file(servers.CLIENT_DIR / "settings.yml")
    triage = getattr(settings, "triage", None)
    return getattr(triage, "security_group", None) or "Sécurité"


def markers() -> list[str]:
    """What makes a reply a proposed fix: an article's link or its title."""
    documents = ingest.load_directory(servers.CLIENT_DIR / "kb")
    return [text for doc in documents for text in (doc.link, doc.title) if text]


def _shown(reply: dict) -> str:
    text = reply.get("text") or ""
    buttons = [button.get("title", "") for button in reply.get("buttons") or []]
    return text + (f" [buttons: {' | '.join(buttons)}]" if buttons else "")


class Player:
    def __init__(self, run: servers.Running) -> None:
        self.run = run
        self.security_group = security_group()
        self.markers = markers()

    def _ids(self, session: Session, person: fixtures.Person) -> frozenset[int]:
        query = select(Ticket.id).where(or_(Ticket.requester == person.requester,
                                            Ticket.requester_email == person.email))
        return frozenset(session.scalars(query))

    def play(self, dialogue: spec.Dialogue) -> Verdict:
        person = fixtures.person_of(dialogue)
        with self.run.tickets() as session, session.begin():
            created = fixtures.create_all(session, dialogue, person)
            setup_ids = {ref: ticket.id for ref, ticket in created.items()}
            reminders = {ref: ticket.reminder_count for ref, ticket in created.items()}
            known = self._ids(session, person)
        trace = Trace(dialogue=dialogue, person=person, conversations=(), setup_ids=setup_ids,
                      reminders_before=reminders, known_ids=known, started_at=utcnow())
        chat = None
        try:
            chat = WebchatUser(self.run.webchat_url, self.run.webchat_key, self.run.hmac_secret, person)
            trace.conversations = (chat.conversation,)
            for text in dialogue.turns:
                replies, seconds = chat.say(text)
                trace.turns.append(Turn(text, [_shown(reply) for reply in replies], seconds))
        except Exception as error:  # noqa: BLE001 - a dialogue that breaks is scored wrong, the run goes on
            trace.error = f"{type(error).__name__}: {error}"
            traceback.print_exc(file=sys.stderr)
        finally:
            if chat is not None:
                chat.close()
        with self.run.tickets() as session:
            return judge(session, trace, security_group=self.security_group, markers=self.markers)

    def warm_up(self, timeout: float = 180) -> None:
        """Servers that answer their health checks may still drop the first messages (an action server loading its
        encoder, a door resolving its client): a greeting must be answered before any dialogue counts."""
        person = fixtures.Person(user_id="eval.warm-up", email=f"eval.warm-up@{fixtures.CLIENT_DOMAIN}",
                                 name="Warm Up")
        deadline = time.monotonic() + timeout
        while True:
            chat = WebchatUser(self.run.webchat_url, self.run.webchat_key, self.run.hmac_secret, person)
            try:
                replies, _ = chat.say("bonjour")
            finally:
                chat.close()
            if replies:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the bot did not answer a greeting within {timeout:.0f} s")
            time.sleep(2)

    def play_all(self, dialogues: list[spec.Dialogue], jobs: int) -> list[Verdict]:
        people: dict[str, list[spec.Dialogue]] = defaultdict(list)
        for dialogue in dialogues:
            people[fixtures.person_of(dialogue).user_id].append(dialogue)

        def one_person(theirs: list[spec.Dialogue]) -> list[Verdict]:
            verdicts = []
            for dialogue in theirs:
                verdict = self.play(dialogue)
                print(f"  {'right' if verdict.right else 'WRONG'} {dialogue.id}", flush=True)
                verdicts.append(verdict)
            return verdicts

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            done = [v for verdicts in pool.map(one_person, people.values()) for v in verdicts]
        order = {dialogue.id: index for index, dialogue in enumerate(dialogues)}
        return sorted(done, key=lambda v: order[v.trace.dialogue.id])


def latest_model(given: Path | None) -> Path | None:
    """The model file to play against: the one given, the newest trained one for 'latest', else None (train)."""
    if given is None or str(given) != "latest":
        return given
    trained = sorted(MODELS.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not trained:
        raise SystemExit("no trained model under models/: run make train")
    return trained[-1]


def selected(dialogues: list[spec.Dialogue], only: str | None) -> list[spec.Dialogue]:
    return [d for d in dialogues if only is None or only in (d.id, d.category)]


def play_files(loaded: dict[str, list[spec.Dialogue]], folder: Path, args: argparse.Namespace) -> bool:
    """Play each file on servers and databases of its own (files share people's names and old tools' references,
    and one file's outage must not be another's); True when a target was missed."""
    missed = False
    for name, dialogues in loaded.items():
        started = time.monotonic()
        with servers.running(folder / name, trained=latest_model(args.model)) as run:
            print(f"{name}: servers up in {time.monotonic() - started:.0f} s; {len(dialogues)} dialogues, "
                  f"{args.jobs} at a time", flush=True)
            player = Player(run)
            player.warm_up()
            began = time.monotonic()
            verdicts = player.play_all(dialogues, args.jobs)
            summary = report.summarize(name, verdicts)
            summary["wall_seconds"] = round(time.monotonic() - began, 1)
            report.write(args.out / name, summary, verdicts)
            print(report.printed(summary) + f"\n  in {summary['wall_seconds']} s -> {args.out / name}/", flush=True)
            missed = missed or bool(summary["missed"])
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_dialogue", description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, action="append", help="a dialogue file (repeatable; default: both)")
    parser.add_argument("--only", help="one dialogue id or one category")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, help="dialogues played at once")
    parser.add_argument("--out", type=Path, default=REPORTS)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (databases, servers' logs)")
    parser.add_argument("--model", type=Path, help="a trained model file (default: the current data's, trained if "
                                                   "needed); 'latest' for the newest under models/")
    args = parser.parse_args(argv)
    files = args.file or [path for path in FILES if path.exists()]
    loaded = {path.stem: selected(spec.load(path), args.only) for path in files}
    loaded = {name: dialogues for name, dialogues in loaded.items() if dialogues}
    if not loaded:
        print(f"no dialogue matches {args.only!r}", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="relais-eval-dialogue-"))
    if args.keep:
        print(f"run folder (kept): {folder}", flush=True)
    try:
        missed = play_files(loaded, folder, args)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
