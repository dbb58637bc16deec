"""One turn of level 1 (DESIGN.md "How level 1 talks"): what the message is, in the light of where the
conversation stands, and what to do and say about it.

The order is the process's: the user's word on a resolved ticket first (it answers what the desk asked), a
request for a person, then whatever the conversation waits for (a fix tried, a question asked, a ticket to
choose), and only then a new request — a security or major incident at once, a ticket reference or a chase on
the ticket in focus, a service request, another department, and for a problem or a how-to the KB before any
question. Each branch calls the use case of its step and returns plain replies; the adapter says them.
"""

import re
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from servicedesk.approvals import service as approvals
from servicedesk.approvals.models import Approval
from servicedesk.conversations import service as conversations
from servicedesk.errors import TicketNotFound
from servicedesk.kb_misses.service import record_miss
from servicedesk.level1 import closure, consent, cues, known_fix, requests
from servicedesk.level1.episode import Episode
from servicedesk.level1.facts import Facts, read_answer, read_facts
from servicedesk.level1.qualification import MAX_QUESTIONS, Requester, next_question, report_of
from servicedesk.level1.signs import SUSPICIOUS, Signs, read_signs
from servicedesk.level1.triage import ongoing_major, open_major_incident, open_security_incident
from servicedesk.level1.turn import KbHit, KnowledgeBase, Person, Reply, Said, Turn
from servicedesk.level2_assignment import to_level2
from servicedesk.models import utcnow
from servicedesk.remote import service as remote
from servicedesk.remote.tools import tool_of
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets import workflow
from servicedesk.tickets.access import get_visible, open_tickets_of, resolved_tickets_of
from servicedesk.tickets.after_opening import after_opening
from servicedesk.tickets.followups import Severity, follow_up, news, rate_up, remind
from servicedesk.tickets.lifecycle import OPEN, Status
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.redirection import record_redirection
from servicedesk.tickets.references import Reference, find_reference, find_ticket
from servicedesk.tickets.service import IncidentReport, LogLine, add_log, open_incident, open_ticket
from servicedesk.uploads.config import UploadSettings
from servicedesk.uploads.service import offer_upload

# An error code proper (0x87D00607, "error 1603"), not an "access denied" page: something failed, no request.
_ERROR_CODE = re.compile(r"0x[0-9a-f]{4,}|(?:error|erreur|code)\s*:?\s*-?\d{3,}", re.IGNORECASE)
SURE = 0.6  # an intent this confident changes the subject even in the middle of a question
# The NLU's reading of a security incident, for what the signs' words miss ("a box plugged behind the printer"):
# this confident, it is one. Chosen on the development dialogues (bench/nlu_security.py, model c1d3b5f0): of the
# 10 security dialogues the words missed, it caught 10 from 0.7 and 7 at 0.9, but raised 14 false alarms at 0.7
# (sign-in prompts that don't arrive read like prompts nobody started) and 3 at 0.9.
SECURITY_SURE = 0.9
_SECURITY_INTENT = "report_security_incident"
_PROBLEM_INTENTS = ("report_incident", _SECURITY_INTENT)  # a problem told, whatever the NLU's confidence in security
MAX_FIXES = 2  # fixes offered for one request before a person takes it
MAX_REST_STEPS = 4  # steps shown again after the first ones failed: a list still read on a phone
NEXT_FIX_SHARE = 0.8  # a next fix scores at least this share of the one that failed, on the same words
SHORT_ANSWER = 4  # words: an answer this short that fits no question is asked again, once
DETAILS_WITHOUT_VERDICT = 2  # details given on a fix without saying it worked: it did not
REQUESTED_SCORE = 0.2  # a process article this relevant to what was asked for as a request names its item
MAX_REQUEST_QUESTIONS = 2  # a request opens with what the catalogue needs most; the group asks for the rest
_SIMPLE = {"greet": "utter_greet", "goodbye": "utter_goodbye", "thank": "utter_you_are_welcome",
           "affirm": "utter_how_can_i_help", "deny": "utter_how_can_i_help", "inform": "utter_how_can_i_help"}
_POLITE = frozenset({"greet", "goodbye", "thank", "affirm", "deny"})  # no news for a ticket by themselves
_ASKED_FIRST = "description"  # a button said "report a problem" but not which one


def take_turn(*, db_session: Session, desk: ClientDesk, kb: KnowledgeBase, person: Person, said: Said,
              episode: Any, transcript: Iterable[LogLine] = (), now: datetime | None = None,
              uploads: UploadSettings | None = None) -> Turn:
    """Answer one message. Raises the service desk's errors (the adapter turns them into sentences); the caller's
    transaction holds every change of the turn. `uploads`, where the adapter can sign upload links, lets level 1
    offer the user a page for screenshots and logs on the ticket it opens."""
    level1 = _Level1(db_session, desk, kb, person, tuple(transcript), now or utcnow(), said.language, uploads)
    return level1.answer(said, episode if isinstance(episode, Episode) else Episode.from_dict(episode))


class _Level1:
    def __init__(self, db_session: Session, desk: ClientDesk, kb: KnowledgeBase, person: Person,
                 transcript: tuple[LogLine, ...], now: datetime, language: str,
                 uploads: UploadSettings | None = None) -> None:
        self.session, self.desk, self.kb, self.person = db_session, desk, kb, person
        self.uploads = uploads
        self.transcript, self.now, self.language = transcript, now, language
        self.who = Requester(person.requester, person.channel, person.conversation, language, person.email)
        # What a how-to's article is judged on: the user's language, and the service names every how-to repeats.
        self._how_to: known_fix.HowToJudged = {
            "language": language,
            "names": known_fix.words_of(service.name for service in desk.services),
            "aliases": known_fix.words_of(alias for service in desk.services for alias in service.aliases)}

    # -- the order of the process -------------------------------------------------------------------------

    def answer(self, said: Said, episode: Episode) -> Turn:
        closing = self._closing_word(said, episode) or self._remote_word(said, episode)
        if closing is not None:
            return closing
        if cues.asks_what_the_bot_is(said.text) and not cues.wants_a_person(said.text):
            return self._say(episode, Reply("utter_out_of_scope"))  # "I'm the IT support assistant…"
        if said.is_("ask_human", at_least=0.5) or cues.wants_a_person(said.text):
            if episode.kind == "other" and not cues.wants_a_person(said.text) and _question(said.text):
                # "who do I call then???" after being sent to another department: that department still.
                return self._say(Episode(kind="other"), Reply("utter_other_request_again"))
            return self._hand_over(said, episode)
        stage = {"fix_offered": self._after_fix, "qualifying": self._answering, "requesting": self._request_answer,
                 "choosing_ticket": self._choosing}.get(episode.stage)
        return stage(said, episode) if stage else self._new_message(said, episode)

    def _new_message(self, said: Said, episode: Episode) -> Turn:
        text = said.text.strip()
        previous, tried, cited = episode.kind, episode.tried, episode.cited
        episode = replace(episode.next_request(), fallbacks=episode.fallbacks)
        facts = self._read(text)
        signs = self._signs(said, facts)
        if signs.security:
            return self._security(replace(episode, said=(text,), facts=facts.to_dict()), signs)
        reference = self._reference(said)
        if reference is not None:
            return self._about_reference(said, episode, reference)
        relapse = self._relapse(episode, text)
        if relapse is not None:
            done = known_fix.reopen_relapsed(db_session=self.session, ticket=relapse, desk=self.desk,
                                             actor=self.person.requester, text=text, now=self.now)
            return self._say(Episode(focus=done.number), Reply("utter_closure_reopened", {
                "number": done.number, "group": done.group}), focus=done.number)
        focus = self._focus(episode)
        # The ticket just opened here, and the user says it works now: with the fix that seemed to fail, or the
        # process the request was given, they solved it themselves and nothing needs to wait in a queue.
        solved_with = tried[-1] if tried else cited
        pressed = solved_with is not None and said.entity("kb_doc") == solved_with.get("doc_id")  # its button
        if focus is not None and solved_with and focus.conversation_id == self.person.conversation and (pressed or (
                text and closure.says_it_works(text) and not cues.another_problem(text))):
            return self._finally_solved(focus, KbHit.from_dict(solved_with))
        if said.is_("reminder") or cues.chasing(text):
            return self._on_ticket(said, episode, focus, chase=True)
        if focus is not None and focus.status in OPEN and cues.sends_file(text):
            offer = self._upload_offer(focus)
            if offer is not None:  # "je vous envoie une capture": the page for it, the words on the ticket
                add_log(db_session=self.session, ticket=focus, line=LogLine("requester", self.person.requester,
                                                                              text, self.now))
                return self._say(replace(Episode(), tried=tried, cited=cited), offer, focus=focus.number)
        if said.is_("incident_followup") or (cues.my_ticket(text) and self._mine(facts)):
            return self._on_ticket(said, episode, focus, chase=False)
        # The fix offered beside the ticket just opened here is being followed ("cancelled all documents, and
        # unticked use printer offline"): a detail for the ticket, whatever it names, and the fix stays in
        # view, so that "it prints now" closes this ticket rather than opening another.
        here = focus is not None and focus.conversation_id == self.person.conversation
        following = here and solved_with is not None and not cues.another_problem(text) and known_fix.echoes_steps(
            text, KbHit.from_dict(solved_with))
        if focus is not None and (following or self._adds_to(focus, said, facts)):
            kept = replace(Episode(), tried=tried, cited=cited) if here else None
            return self._on_ticket(said, episode, focus, chase=False, kept=kept)
        # A how-to is no outage, whatever its deadline or the people it is for ("12 trainees, how do they get
        # wifi?"), unless a whole site or department has something failing; a whole floor down is one, whatever
        # the NLU thought it asked for.
        how_to = said.is_("assistance_request") or cues.asks_how(text)
        content = bool(facts.service or facts.error or facts.application)
        # The heating down for a whole floor is the facilities' outage, not IT's: no IT word, no major incident.
        # An error on what IT does not run (a truck's tachograph) is no IT content either.
        facilities = not (facts.service or facts.application) and requests.is_non_it(text)
        major = signs.major and not facilities and (not how_to or (facts.impact == 1 and cues.broken(text)))
        # Read as a security incident, even unsure, it joins no outage: a ransom screen is no "Workstation" outage.
        outage = said.is_("report_incident", "nlu_fallback") or said.intent is None
        if major or (outage and self._ongoing_major(facts) is not None):
            return self._major(replace(episode, said=(text,), facts=facts.to_dict(), kind="incident"), signs)
        if cues.personal_advice(text) and not facts.error:  # "which laptop should I buy for my son?"
            return self._say(episode, Reply("utter_out_of_scope"))
        items = self.desk.request_items
        item = requests.match_item(text, items) if text else None
        requested = said.is_("service_request", "other_request", *_PROBLEM_INTENTS, "assistance_request")
        non_it = item is None and bool(text) and facilities
        again = non_it or said.is_("other_request", "inform", "nlu_fallback") or said.intent is None
        if previous == "other" and again:
            return self._say(Episode(kind="other"), Reply("utter_other_request_again"))
        if said.intent in _SIMPLE and not content:
            return self._say(episode, Reply(_SIMPLE[said.intent]))
        if requested and non_it:
            return self._redirect(text, episode)  # pay, leave, facilities, travel: whatever the NLU guessed
        # Another department's, by the NLU, but IT's by its words: a request (or a question about one) when it
        # names a catalogue item, asks for something or asks how; otherwise IT words tell a problem ("the invites
        # I send arrive an hour off").
        it_request = said.is_("other_request") and requests.is_it_request(text, items) and (
            item is not None or cues.asks_for(text) or _question(text))
        # An error code is a problem; words of something failing are one unless a catalogue item is asked for
        # plainly ("the install fails with 0x87D00607" is no request for an install).
        failing = _has_code(facts.error) or (cues.broken(text) and not (item is not None and said.is_(
            "service_request", at_least=SURE)))
        # What a manager must approve, nobody does alone: only then does the request open without its process.
        if item is not None and item.article and not item.approval and not failing and cues.asks_how(text):
            article = self.kb.article(item.article)
            if article is not None:
                return self._process_first(replace(episode, said=(text,), facts=facts.to_dict()), article, item)
        # Asked as a request, but no catalogue item and no process article fits: a question is a how-to ("how do
        # the trainees get wifi?"), searched in the KB; a request form would take any sentence as its answer.
        # "Could I get a webcam?" is a question that asks for something: a request still.
        asking_for = cues.asks_for(text) and not cues.asks_how(text)
        if item is None and (said.is_("service_request") or it_request) and not failing and _question(text) \
                and not asking_for and self._item_by_article(text, asked_for=True) is None:
            return self._start_problem(replace(said, intent="assistance_request"), episode, facts)
        # Reported as a problem with confidence, it is searched first: when the KB's answer is the item's own
        # process article, _search_then_qualify starts the request (_item_described_by).
        if not failing and (said.is_("service_request") or it_request or (
                item is not None and not said.is_(*_PROBLEM_INTENTS, "assistance_request", at_least=SURE))):
            return self._start_request(said, episode, item)
        # The NLU heard a how-to or a problem, the words ask for something and nothing fails: a request.
        if not failing and asking_for and not said.is_(*_PROBLEM_INTENTS, at_least=SURE):
            return self._start_request(said, episode, item)
        if said.is_("other_request") and not content:
            return self._redirect(text, episode)
        if said.is_(*_PROBLEM_INTENTS, "assistance_request") or content or failing:
            return self._start_problem(said, episode, facts)
        if said.is_("out_of_scope"):
            return self._say(episode, Reply("utter_out_of_scope"))
        return self._not_understood(episode)

    # -- known fixes first ----------------------------------------------------------------------------------

    def _start_problem(self, said: Said, episode: Episode, facts: Facts) -> Turn:
        kind = "assistance" if said.is_("assistance_request") else "incident"
        text = said.text.strip()
        if not text:  # the "report a problem" button: nothing said yet
            return self._ask(replace(episode, kind=kind, stage="qualifying"), _ASKED_FIRST, count=False)
        episode = replace(episode, kind=kind, said=(*episode.said, text), facts=facts.to_dict())
        return self._search_then_qualify(episode, first=True)

    def _search_then_qualify(self, episode: Episode, *, first: bool, before: tuple[Reply, ...] = ()) -> Turn:
        facts = Facts.from_dict(episode.facts)
        exclude = {hit["doc_id"] for hit in episode.tried}
        found = self._kb_answer(episode, facts, exclude=exclude)
        fix, problem = found.fix, found.problem
        if first and fix is None and problem is None:  # a question nobody answered: the editors' gaps list
            record_miss(db_session=self.session, conversation_id=self.person.conversation,
                        query=known_fix.query_of(episode.said, facts.error), language=self.language, now=self.now)
        if len(episode.tried) >= MAX_FIXES or (fix is not None and fix.score < NEXT_FIX_SHARE * found.tried_score):
            fix = None  # after a failed fix, only one as relevant to the same words is worth the user's time
        if problem is not None and fix is None:
            return self._known_problem(episode, problem)
        text = " ".join(episode.said)
        if fix is None and first and not _has_code(facts.error) and not cues.broken(text):
            # Nothing sure, nothing failing: "I deleted the folder by mistake" may be a request the KB describes.
            item = self._item_by_article(text)
            if item is not None:
                return self._start_request(Said(text=text, language=self.language), Episode(focus=episode.focus),
                                           item)
        # The answer is "ask for it": the request, with its process cited; an error code is no request, and a
        # how-to sees the process first.
        process = self._item_described_by(fix) if fix is not None and first and not _has_code(facts.error) else None
        if process is not None and fix is not None and not process.approval and cues.asks_how(
                " ".join(episode.said)):
            return self._process_first(episode, fix, process, before=before)
        if process is not None:
            text = " ".join(episode.said)
            return self._start_request(Said(text=text, language=self.language),
                                       Episode(focus=episode.focus), process)
        if fix is not None and first:
            return self._say(replace(episode, stage="fix_offered", offered=fix.as_dict()), *before,
                             Reply("utter_kb_fix", _fix_fields(fix)))
        if fix is not None:
            # A fix failed: the user has given their time, and a technician takes it from here. The next fix
            # comes beside the ticket, not before it; if it works, the ticket closes with it.
            return self._qualify(episode, before=before, meanwhile=fix)
        return self._qualify(episode, before=(*before, *(() if first else (Reply("utter_kb_no_more_fixes"),))))

    def _kb_answer(self, episode: Episode, facts: Facts, *, exclude: Collection[str] = ()) -> known_fix.Found:
        """The KB's answer to everything said in the request, the exact error first."""
        return known_fix.search(self.kb, known_fix.query_of(episode.said, facts.error), exclude=exclude,
                                how_to=episode.kind == "assistance", **self._how_to)

    def _after_fix(self, said: Said, episode: Episode) -> Turn:
        text = said.text.strip()
        offered = KbHit.from_dict(episode.offered or {})
        if cues.trying(text) and not said.entity("kb_doc"):
            return self._say(episode, Reply("utter_kb_take_your_time"))
        step = known_fix.step_asked(text, offered.steps) if _question(text) else None
        if step is not None and closure.read_fixed(text) is None:
            # "safe mode, how do I start it again?": the step it is about, and the one after, once more.
            shown = [(number, offered.steps[number - 1]) for number in range(step + 1, min(step + 3,
                                                                                        len(offered.steps) + 1))]
            return self._say(episode, Reply("utter_kb_step", {"title": offered.title, "numbered": shown}))
        verdict = self._verdict(said)
        if verdict is True:
            return self._resolved(episode, offered)
        if verdict is False and episode.item:
            return self._request_after_process(episode)
        # Only a first answer that is a "no": after details on the steps, a "no" is the user's last word on them.
        first_answer = not episode.rest_shown and episode.retries == 0
        rest = known_fix.steps_left(text, offered.steps) if verdict is False and first_answer else []
        if rest:
            # Tried only the first steps: the rest of the article, once, before a ticket.
            return self._say(replace(episode, rest_shown=True), Reply("utter_kb_next_steps", {
                "title": offered.title, "numbered": rest[:MAX_REST_STEPS], "doc_id": offered.doc_id}))
        if verdict is False:
            if len(text.split()) > SHORT_ANSWER:  # "code is wrong, can't log into anything, totally stuck"
                episode, triaged = self._heard(episode, said, self._read(text))
                if triaged is not None:
                    return triaged
            return self._fix_failed(episode, offered)
        # Neither yes nor no: a new detail or a question about a step; both refine what we know.
        error_before = Facts.from_dict(episode.facts).error
        episode, triaged = self._heard(episode, said, self._read(text))
        if triaged is not None:
            return triaged
        facts = Facts.from_dict(episode.facts)
        if facts.error and facts.error != error_before and not _question(text):
            # "added it by hand, now I get 'cannot expand the folder'": the steps led to another error.
            return self._fix_failed(episode, offered)
        if episode.retries + 1 >= DETAILS_WITHOUT_VERDICT and episode.item:
            return self._request_after_process(episode)
        if episode.retries + 1 >= DETAILS_WITHOUT_VERDICT:  # more details, still no "it works": it does not
            return self._fix_failed(episode, offered)
        if episode.rest_shown and known_fix.echoes_steps(text, offered):  # did the rest too, and is still here
            return self._fix_failed(episode, offered)
        exclude = {hit["doc_id"] for hit in episode.tried}
        fix = self._kb_answer(episode, facts, exclude=exclude).fix
        if fix is None or fix.doc_id == offered.doc_id:
            return self._say(replace(episode, retries=episode.retries + 1),
                             Reply("utter_kb_detail_noted", _fix_fields(offered)))
        # With the detail another article fits better; the first is not offered again.
        better = replace(episode, offered=fix.as_dict(), tried=(*episode.tried, offered.as_dict()), retries=0,
                         item="")  # no longer a catalogue item's process
        return self._say(better, Reply("utter_kb_better_fix", _fix_fields(fix)))

    def _fix_failed(self, episode: Episode, offered: KbHit) -> Turn:
        """The fix offered did not work: tried, and the ticket opens with the next fix beside it (or none)."""
        failed = replace(episode, tried=(*episode.tried, offered.as_dict()), offered=None, retries=0)
        return self._search_then_qualify(failed, first=False)

    def _verdict(self, said: Said) -> bool | None:
        """Did the fix work, in the user's words or by a button."""
        if said.entity("kb_doc"):
            return True
        if said.button and said.intent in ("affirm", "deny"):
            return said.intent == "affirm"
        verdict = closure.read_fixed(said.text) if said.text.strip() else None
        if verdict is not None:
            return verdict
        if _question(said.text):  # "it works from a phone?" is no yes, "and after that?" no no
            return None
        if said.is_("affirm", "thank", at_least=0.5):
            return True
        if said.is_("deny", at_least=0.5):
            return False
        return None

    def _resolved(self, episode: Episode, fix: KbHit) -> Turn:
        report = self._report(episode)
        tried = [KbHit.from_dict(hit) for hit in episode.tried]
        ticket = known_fix.resolve_contact(db_session=self.session, report=report, fix=fix, desk=self.desk,
                                           transcript=self.transcript, tried=tried)
        # The article already says what this contact would teach the KB: no lesson to feed.
        return self._say(Episode(), Reply("utter_kb_fix_worked", {"number": ticket.number, "title": fix.title}),
                         focus=ticket.number)

    def _finally_solved(self, ticket: Ticket, fix: KbHit) -> Turn:
        """The ticket level 1 just opened after a fix seemed to fail, and the user now says it works: it was the
        fix after all, and nothing needs to wait in a queue."""
        known_fix.resolve_opened(db_session=self.session, ticket=ticket, fix=fix, desk=self.desk,
                                 actor=self.person.requester)
        return self._say(Episode(), Reply("utter_kb_fix_worked", {"number": ticket.number, "title": fix.title}),
                         focus=ticket.number)

    def _known_problem(self, episode: Episode, problem: KbHit) -> Turn:
        ticket = open_incident(db_session=self.session, report=self._report(episode), transcript=self.transcript,
                               agreements=self.desk)
        known_fix.link_problem(db_session=self.session, ticket=ticket, problem=problem)
        after_opening(db_session=self.session, ticket=ticket, desk=self.desk)
        return self._say(episode.next_request(), Reply("utter_kb_known_problem", {
            "title": problem.title, "link": problem.link or problem.doc_id, "number": ticket.number}),
            focus=ticket.number)

    # -- qualification from what was said ---------------------------------------------------------------

    def _qualify(self, episode: Episode, *, before: tuple[Reply, ...] = (), meanwhile: KbHit | None = None,
                 failed: bool = False) -> Turn:
        # After fixes that failed, the user has given their time already: the ticket opens with what is known,
        # asking at most which service it is.
        facts = Facts.from_dict(episode.facts)
        asked = episode.questions
        if episode.tried or failed:  # one question at most: which service, once
            named = facts.service or facts.application or "service" in facts.declined
            asked = MAX_QUESTIONS if named else MAX_QUESTIONS - 1
        field = next_question(episode.kind or "incident", facts, asked)
        if field is None:
            return self._open(episode, before=before, meanwhile=meanwhile)
        return self._ask(replace(episode, stage="qualifying"), field, before=before)

    def _ask(self, episode: Episode, field: str, *, before: tuple[Reply, ...] = (), count: bool = True) -> Turn:
        asked = replace(episode, asked=field, retries=0 if field != episode.asked else episode.retries,
                        questions=episode.questions + (1 if count else 0))
        return self._say(asked, *before, Reply(f"utter_ask_{field}"))

    def _answering(self, said: Said, episode: Episode) -> Turn:
        text = said.text.strip()
        if episode.asked == _ASKED_FIRST:
            return self._start_problem(said, replace(episode, stage="idle", asked=""), self._read(text))
        if self._changes_subject(said):
            return self._new_message(said, episode)
        read, fits = read_answer(episode.asked, text, services=self.desk.services, now=self.now,
                                 language=self.language)
        episode, triaged = self._heard(episode, said, read)
        if triaged is not None:
            return triaged
        facts = Facts.from_dict(episode.facts)
        if not episode.tried and closure.read_fixed(text) is False:
            # "did the calibration, changed the roll, still blank": the article they followed failed already;
            # offering it would waste their time, asking on would too: the next fix, or the ticket.
            tried = known_fix.tried_already(self.kb, known_fix.query_of(episode.said, facts.error), text)
            if tried is not None:
                return self._search_then_qualify(replace(episode, tried=(tried.as_dict(),), asked="", retries=0),
                                                 first=False)
            # What they tried failed, whichever article it was (one in another language shares no words): the
            # ticket opens now, the KB's best fix beside it; the question it did not answer is not asked again.
            fix = self._kb_answer(episode, facts).fix
            if not fits:
                episode = replace(episode, facts=facts.merged(Facts(declined=(episode.asked,))).to_dict())
            return self._qualify(replace(episode, asked="", retries=0), meanwhile=fix, failed=True)
        if not episode.tried:  # every answer may be what the KB needed: "for the calibration, do I hold feed?"
            fix = self._kb_answer(episode, facts).fix
            if fix is not None:
                return self._say(replace(episode, stage="fix_offered", offered=fix.as_dict(), asked="", retries=0),
                                 Reply("utter_kb_fix", _fix_fields(fix)))
        if not fits:
            # A short answer beside the point ("oui", "?") gets the question once more; a message that tells
            # something else ("toujours blanc, j'ai vidé le cache") was heard, and the next question follows.
            if episode.retries == 0 and episode.questions < MAX_QUESTIONS and len(text.split()) <= SHORT_ANSWER:
                again = replace(episode, retries=1, questions=episode.questions + 1)
                return self._say(again, Reply("utter_not_an_answer"), Reply(f"utter_ask_{episode.asked}"))
            facts = facts.merged(Facts(declined=(episode.asked,)))
            episode = replace(episode, facts=facts.to_dict())
        return self._qualify(replace(episode, asked="", retries=0))

    def _changes_subject(self, said: Said) -> bool:
        """A request of another kind said with confidence is a new subject, not the answer to the question."""
        # "does my manager have to approve? she's on holiday" is about this request, not for another department.
        other = said.is_("other_request", at_least=0.8) and not _question(said.text)
        return other or said.is_("service_request", "incident_followup", "reminder", at_least=0.8) or (
            self._reference(said) is not None) or cues.another_problem(said.text)

    def _open(self, episode: Episode, *, before: tuple[Reply, ...] = (), meanwhile: KbHit | None = None) -> Turn:
        """The ordinary incident or how-to that level 1 could not solve: a ticket for level 2 with all of it; and
        `meanwhile`, a fix worth trying while the technician comes, proposed on the ticket and to the user."""
        report = self._report(episode)
        ticket = open_incident(db_session=self.session, report=report, transcript=self.transcript,
                               agreements=self.desk)
        after_opening(db_session=self.session, ticket=ticket, desk=self.desk)
        tried = [KbHit.from_dict(hit) for hit in episode.tried]
        known_fix.record_tried(db_session=self.session, ticket=ticket, tried=tried, actor=report.requester)
        facts = Facts.from_dict(episode.facts)
        if facts.tried:
            add_log(db_session=self.session, ticket=ticket, line=LogLine("requester", report.requester,
                                                                           f"already tried: {facts.tried}"))
        reason, code = (("the known fixes did not work", "kb_fixes_failed") if tried else
                        ("no known fix in the knowledge base", "no_known_fix"))
        done = to_level2(db_session=self.session, ticket=ticket, desk=self.desk, actor="relais",
                         reason=reason, reason_code=code, now=self.now)
        text = "utter_assistance_opened" if report.origin == "assistance" else "utter_incident_opened"
        opened = Reply(text, {"number": done.number, "service": ticket.service, "priority": ticket.priority,
                              "group": done.group, "deadline": done.deadline})
        hands = () if report.origin == "assistance" else self._hands_on(ticket, fixes_failed=bool(tried))
        if meanwhile is None:
            return self._say(Episode(focus=done.number, tried=episode.tried), *before, opened, *hands,
                             focus=done.number)
        known_fix.record_proposed(db_session=self.session, ticket=ticket, hits=[meanwhile])
        # Its last fix is the one "it works now" closes the ticket with (_new_message).
        return self._say(Episode(focus=done.number, tried=(*episode.tried, meanwhile.as_dict())), *before, opened,
                         Reply("utter_kb_meanwhile", {**_fix_fields(meanwhile), "number": done.number}), *hands,
                         focus=done.number)

    # -- hands on the workstation (issue 17) ------------------------------------------------------------------

    def _hands_on(self, ticket: Ticket, *, fixes_failed: bool) -> tuple[Reply, ...]:
        """What lets the technician see the problem: when the known fixes failed and the desk has a remote tool,
        the user's consent to a session is asked here (nothing is sent before a yes); otherwise the page where
        the user drops screenshots and logs for the ticket."""
        if fixes_failed and self.desk.settings.remote.provider != "none":
            provider, tool = tool_of(self.desk.settings)
            remote.ask(db_session=self.session, ticket=ticket, provider=provider, tool=tool, actor="relais",
                       notify_requester=False, now=self.now)
            return (Reply("utter_remote_offer", {"number": ticket.number, "tool": tool}),)
        offer = self._upload_offer(ticket)
        return () if offer is None else (offer,)

    def _upload_offer(self, ticket: Ticket) -> Reply | None:
        if self.uploads is None or ticket.requester != self.person.requester:
            return None
        offer = offer_upload(db_session=self.session, client=self.desk.settings.client.slug, ticket=ticket,
                             offered_by="bot", secret=self.uploads.secret, base_url=self.uploads.public_url,
                             requester=self.person.requester, now=self.now)
        return Reply("utter_upload_offer", {**offer.fields, "expires": offer.expires_at})

    def _remote_word(self, said: Said, episode: Episode) -> Turn | None:
        """The user's yes or no to the remote session a technician or level 1 asked for, typed in the chat, or the
        code their tool shows once they said yes; None when none waits, or the message is neither (the question
        stays open)."""
        if episode.stage != "idle" or said.entity("kb_doc") or said.entity("ticket_number"):
            return None
        code = consent.read_session_code(said.text)
        if code and (waiting_code := remote.awaiting_code(db_session=self.session,
                                                          requester=self.person.requester)) is not None:
            session, ticket = waiting_code
            remote.give_code(db_session=self.session, session_id=session.id, requester=self.person.requester,
                             code=code, now=self.now)
            return self._say(replace(episode, focus=ticket.number or ""), Reply("utter_remote_code_received", {
                "number": ticket.number, "tool": session.tool}), focus=ticket.number)
        agreed = consent.read_consent(said.text)
        if agreed is None and said.button and said.intent in ("affirm", "deny"):
            agreed = said.intent == "affirm"
        if agreed is None:
            return None
        waiting = remote.awaiting_consent(db_session=self.session, requester=self.person.requester)
        if waiting is None:
            return None
        session, ticket = waiting
        remote.answer(db_session=self.session, session_id=session.id, requester=self.person.requester,
                      consent=agreed, now=self.now)
        text = "utter_remote_consent_given" if agreed else "utter_remote_consent_declined"
        return self._say(replace(episode, focus=ticket.number or ""), Reply(text, {
            "number": ticket.number, "tool": session.tool}), focus=ticket.number)

    def _report(self, episode: Episode) -> IncidentReport:
        return report_of(episode.kind or "incident", episode.said, Facts.from_dict(episode.facts), self.who)

    # -- triage at once ----------------------------------------------------------------------------------

    def _heard(self, episode: Episode, said: Said, read: Facts) -> tuple[Episode, Turn | None]:
        """One more message of the request: kept with its facts, and triaged at once if it turns the request
        into a security or a major incident."""
        text = said.text.strip()
        facts = Facts.from_dict(episode.facts).merged(read)
        episode = replace(episode, said=(*episode.said, text), facts=facts.to_dict())
        signs = self._signs(said, facts)
        if signs.security:
            return episode, self._security(episode, signs)
        if signs.major:
            return episode, self._major(episode, signs)
        return episode, None

    def _signs(self, said: Said, facts: Facts) -> Signs:
        """The words' signs first, they name the kind and its safety steps; then the NLU's reading of the whole
        message, for the security incidents told in words no list holds."""
        signs = read_signs(said.text.strip(), facts, critical_services=self.desk.critical_services,
                           major_count=self.desk.major_count)
        if signs.security is None and said.is_(_SECURITY_INTENT, at_least=SECURITY_SURE) and \
                not cues.asks_how(said.text):
            return replace(signs, security=SUSPICIOUS, reasons=("security: read as a security incident",
                                                                *signs.reasons))
        return signs

    def _ongoing_major(self, facts: Facts) -> Ticket | None:
        """An outage of this service already known: whoever reports it is linked to it and told."""
        return ongoing_major(db_session=self.session, service=facts.service, now=self.now) if facts.service else None

    def _major(self, episode: Episode, signs: Signs) -> Turn:
        report = self._report(replace(episode, kind="incident"))
        triaged = open_major_incident(db_session=self.session, report=report, desk=self.desk,
                                      transcript=self.transcript, now=self.now)
        ticket = triaged.ticket
        fields = {"number": ticket.number, "priority": ticket.priority, "group": triaged.group,
                  "problem": triaged.problem.number if triaged.problem is not None else "",
                  "service": ticket.service}
        text = "utter_major_known" if triaged.known else "utter_major_opened"
        return self._say(Episode(focus=ticket.number or ""), Reply(text, fields), focus=ticket.number)

    def _security(self, episode: Episode, signs: Signs) -> Turn:
        kind = signs.security or "malware"
        report = self._report(replace(episode, kind="incident"))
        triaged = open_security_incident(db_session=self.session, report=report, kind=kind, desk=self.desk,
                                         transcript=self.transcript, now=self.now)
        ticket = triaged.ticket
        replies = [Reply(f"utter_security_{kind}"), Reply("utter_security_opened", {
            "number": ticket.number, "priority": ticket.priority, "group": triaged.group})]
        paused = self._go_live(ticket, f"security incident: {kind}", replies)
        return self._say(Episode(focus=ticket.number or ""), *replies, focus=ticket.number, paused=paused)

    # -- the ticket in focus -------------------------------------------------------------------------------

    def _reference(self, said: Said) -> Reference | None:
        chosen = said.entity("ticket_number")
        return find_reference(chosen) if chosen else (find_reference(said.text) if said.text else None)

    def _focused(self, episode: Episode) -> Ticket | None:
        """The ticket in focus as this person may see it, whatever its status."""
        if not episode.focus:
            return None
        try:
            return get_visible(db_session=self.session, number=episode.focus, viewer=self.person.viewer)
        except TicketNotFound:
            return None

    def _focus(self, episode: Episode) -> Ticket | None:
        ticket = self._focused(episode)
        return ticket if ticket is not None and (ticket.status in OPEN or ticket.status == Status.RESOLVED) else None

    def _relapse(self, episode: Episode, text: str) -> Ticket | None:
        """The contact just closed here with a known fix, and the user says it is back ("nope, back to the same
        lag"): that ticket, to reopen, rather than a new one or a "what can I do for you?"."""
        if not episode.focus or not text or closure.read_fixed(text) is not False or cues.another_problem(text):
            return None
        ticket = self._focused(episode)
        return ticket if ticket is not None and known_fix.relapsed(ticket, conversation=self.person.conversation,
                                                                   now=self.now) else None

    def _adds_to(self, ticket: Ticket, said: Said, facts: Facts) -> bool:
        """More about the ticket in focus, rather than a new request: not said to be another matter, and either
        about the ticket (a visit, availability, the problem back) or about the same service or none."""
        text = said.text
        if cues.another_problem(text):
            return False
        if (ticket.major and ticket.conversation_id == self.person.conversation) or cues.about_the_ticket(text):
            return True  # an outage just reported, or words of someone adding to their ticket
        if requests.is_non_it(text) or said.intent in _POLITE:
            return False
        if self._same_request(ticket, text):
            return True
        # Another service named is another matter, unless it is context for the ticket opened here ("chez moi,
        # box orange, internet marche tres bien") rather than something failing.
        here = ticket.conversation_id == self.person.conversation
        if facts.service and facts.service != ticket.service and (not here or cues.broken(text)):
            return False
        if here and requests.match_item(text, self.desk.request_items) is None:
            return True  # "need it for the 3pm ops call", "it's NW-LT-2650 if you need it": the ticket just opened
        return not said.is_("service_request", at_least=0.8)

    def _same_request(self, ticket: Ticket, text: str) -> bool:
        """A request opened here, and a message naming no other catalogue item: "it's for Paul, he starts on
        Monday" completes the new-hire request rather than asking for a second one."""
        if ticket.type != "service_request" or ticket.conversation_id != self.person.conversation:
            return False
        item = requests.match_item(text, self.desk.request_items)
        return item is None or ticket.service in item.name.values()

    def _about_reference(self, said: Said, episode: Episode, reference: Reference) -> Turn:
        if reference.number is None and reference.external is None:
            return self._say(episode, Reply("utter_ticket_number_malformed", {"attempt": reference.written[:40]}))
        ticket = find_ticket(db_session=self.session, viewer=self.person.viewer, reference=reference)
        if ticket is None:
            return self._say(episode, Reply("utter_reference_unknown", {"reference": reference.written[:40]}))
        chase = said.is_("reminder") or cues.chasing(said.text)
        return self._on_ticket(said, episode, ticket, chase=chase)

    def _on_ticket(self, said: Said, episode: Episode, ticket: Ticket | None, *, chase: bool,
                   kept: Episode | None = None) -> Turn:
        """A follow-up or a reminder: on the ticket named or in focus, else the user's only open one, else a choice.
        `kept` holds the fixes tried for a ticket opened here, which a later "it works now" closes it with."""
        text = said.text.strip() or episode.pending
        read: Facts | None = None  # read once: which of the user's tickets it names, how bad it says it is
        if ticket is None:
            read = self._read(text)
            mine = self._mine(read)
            if not mine:
                return self._say(episode, Reply("utter_no_open_ticket"))
            named = self._named_among(text) if len(mine) > 1 else None
            if len(mine) > 1 and named is None:  # "pour ma demande python" names one of them: that one
                choices = [(t.number, t.title) for t in mine]
                return self._say(replace(episode, stage="choosing_ticket", pending=text, kind="reminder" if chase
                                         else "followup"), Reply("utter_which_ticket", {"tickets": choices,
                                                                                         "chase": chase}))
            ticket = named or mine[0]
        line = LogLine("requester", self.person.requester, text or "-", self.now)
        replies: list[Reply] = []
        paused = False
        if chase:
            outcome = remind(db_session=self.session, ticket=ticket, line=line, rules=self.desk, now=self.now)
            replies.append(Reply("utter_reminder_logged", {**_news_fields(outcome.news), "count": outcome.count}))
            if outcome.raised:
                replies.append(Reply("utter_reminder_raised", _news_fields(outcome.news)))
                paused = self._go_live(ticket, "the requester's reminders escalated the ticket", replies)
        elif ticket.status == Status.RESOLVED and (verdict := closure.read_fixed(text)) is not None:
            return self._word_on_resolved(ticket, line, fixed=verdict)
        else:
            read = self._read(text) if read is None else read
            if read.impact or read.urgency:  # "en fait je suis bloquee": the ticket hears it too
                rate_up(db_session=self.session, ticket=ticket, worse=Severity(read.impact, read.urgency),
                        agreements=self.desk, line=line)
            replies.append(Reply("utter_ticket_status", _news_fields(follow_up(db_session=self.session,
                                                                                ticket=ticket, line=line))))
        after = replace(kept, focus=ticket.number or "") if kept is not None else Episode(focus=ticket.number or "")
        return self._say(after, *replies, focus=ticket.number, paused=paused)

    def _word_on_resolved(self, ticket: Ticket, line: LogLine, *, fixed: bool) -> Turn:
        """A resolved ticket is waiting for the requester's word, and they give it in their own words, wherever
        they were asked: closed with their agreement, or back to its group with what they said."""
        if fixed:
            closure.confirm_fixed(db_session=self.session, ticket=ticket, desk=self.desk,
                                  actor=self.person.requester, now=self.now)
            add_log(db_session=self.session, ticket=ticket, kind="followup", line=line)
            return self._say(Episode(), Reply("utter_closure_confirmed", {"number": ticket.number}))
        closure.refuse_fix(db_session=self.session, ticket=ticket, desk=self.desk, actor=self.person.requester,
                           reason=line.body, now=self.now)
        return self._say(Episode(focus=ticket.number or ""), Reply("utter_closure_reopened", {
            "number": ticket.number, "group": ticket.group_name or self.desk.default_group}), focus=ticket.number)

    def _mine(self, facts: Facts) -> list[Ticket]:
        """The user's open tickets (else those resolved and waiting for their word); only those of the service
        they name, when they name one that has some."""
        mine = open_tickets_of(db_session=self.session, viewer=self.person.viewer) or resolved_tickets_of(
            db_session=self.session, viewer=self.person.viewer)
        named = [ticket for ticket in mine if facts.service and ticket.service == facts.service]
        return named or mine

    def _choosing(self, said: Said, episode: Episode) -> Turn:
        reference = self._reference(said)
        if reference is None:
            named = self._named_among(said.text)
            if named is not None:  # "celle pour l'ecran": the ticket its words name
                return self._on_ticket(replace(said, text=episode.pending or said.text), replace(
                    episode, stage="idle"), named, chase=episode.kind == "reminder")
            return self._new_message(said, replace(episode, stage="idle"))
        ticket = find_ticket(db_session=self.session, viewer=self.person.viewer, reference=reference)
        if ticket is None:
            return self._say(episode, Reply("utter_reference_unknown", {"reference": reference.written[:40]}))
        pending = replace(episode, stage="idle")
        told = said if not said.button else replace(said, text=episode.pending)
        return self._on_ticket(told, pending, ticket, chase=episode.kind == "reminder")

    def _named_among(self, text: str) -> Ticket | None:
        """The one open ticket of the user's whose title or service shares a word with what they said."""
        said = _content_words(text)
        scored = [(len(said & _content_words(f"{ticket.title} {ticket.service or ''}")), ticket)
                  for ticket in self._mine(Facts())]
        best = max((score for score, _ in scored), default=0)
        named = [ticket for score, ticket in scored if score == best]
        return named[0] if best and len(named) == 1 else None

    # -- service requests ------------------------------------------------------------------------------------

    def _start_request(self, said: Said, episode: Episode, item: requests.RequestItem | None) -> Turn:
        text = said.text.strip()
        if item is None and not text:
            return self._say(replace(episode, stage="requesting", kind="service_request", asked="request_item"),
                             Reply("utter_ask_request_item"))
        if item is None and text:
            item = self._item_by_article(text, asked_for=True)
        values = requests.fill_fields(item, text, requester=self.person.requester, now=self.now,
                                      language=self.language) if item is not None else {}
        episode = replace(episode, kind="service_request", said=(text,) if text else (), item=item.code if item
                          else "", values=values)
        return self._next_field(episode)

    def _process_first(self, episode: Episode, article: KbHit, item: requests.RequestItem, *,
                       before: tuple[Reply, ...] = ()) -> Turn:
        """Asked how to get a catalogue item: its process article, which users often follow alone ("install it
        from the software centre"); the request opens only if it does not help."""
        offered = replace(episode, kind="assistance", item=item.code, stage="fix_offered",
                          offered=article.as_dict())
        return self._say(offered, *before, Reply("utter_kb_fix", _fix_fields(article)))

    def _request_after_process(self, episode: Episode) -> Turn:
        """The process article did not do it: the request it describes, with what was said."""
        return self._start_request(Said(text=" ".join(episode.said), language=self.language),
                                   Episode(focus=episode.focus), self._item(episode))

    def _item_by_article(self, text: str, *, asked_for: bool = False) -> requests.RequestItem | None:
        """A request in words no alias holds ("the intern arriving Monday has nothing"): the catalogue item whose
        process article the KB finds first for it, so the request reaches the item's group with its fields.

        Said plainly as a request (`asked_for`), any of the KB's first three answers that is an item's process
        counts, from REQUESTED_SCORE: "the proxy won't let me on a customer's portal" ranks the page about
        blocked sites before the one about asking for an exception, and a request is what the user wants."""
        try:
            found = list(self.kb.search(text, 3 if asked_for else 1))
        except Exception:  # noqa: BLE001 - a KB that cannot answer leaves the request without an item
            return None
        floor = REQUESTED_SCORE if asked_for else known_fix.HOW_TO_SCORE
        for hit in found:
            item = self._item_described_by(hit) if hit.confident or hit.score >= floor else None
            if item is not None:
                return item
        return None

    def _item_described_by(self, fix: KbHit) -> requests.RequestItem | None:
        return next((item for item in self.desk.request_items if item.article and item.article == fix.doc_id), None)

    def _item(self, episode: Episode) -> requests.RequestItem | None:
        return next((item for item in self.desk.request_items if item.code == episode.item), None)

    def _next_field(self, episode: Episode, *, before: tuple[Reply, ...] = ()) -> Turn:
        item = self._item(episode)
        missing = requests.missing_fields(item, episode.values) if item is not None else ()
        if not missing or episode.questions >= MAX_REQUEST_QUESTIONS:
            return self._open_request(episode, before=before)
        field = missing[0]
        question = field.question.get(self.language) or next(iter(field.question.values()), field.name)
        asked = replace(episode, stage="requesting", asked=field.name, questions=episode.questions + 1,
                        retries=0 if field.name != episode.asked else episode.retries)
        return self._say(asked, *before, Reply("utter_ask_request_field", {"question": question}))

    def _request_answer(self, said: Said, episode: Episode) -> Turn:
        text = said.text.strip()
        if episode.asked == "request_item":
            item = requests.match_item(text, self.desk.request_items)
            return self._start_request(said, replace(episode, stage="idle", asked=""), item)
        if self._changes_subject(said) and not said.is_("service_request"):
            return self._new_message(said, episode)
        item = self._item(episode)
        field = next((f for f in item.fields if f.name == episode.asked), None) if item is not None else None
        value = requests.read_field(field, text, requester=self.person.requester, now=self.now,
                                    language=self.language) if field is not None else text or None
        # An answer that doesn't fit stays in the request's description, not in the field; the next one is asked.
        episode = replace(episode, said=(*episode.said, text))
        filled = requests.fill_fields(item, text, requester=self.person.requester, now=self.now,
                                      language=self.language) if item is not None else {}
        values = {**filled, **episode.values, episode.asked: value or "-"}
        return self._next_field(replace(episode, values=values, asked="", retries=0))

    def _open_request(self, episode: Episode, *, before: tuple[Reply, ...] = ()) -> Turn:
        item = self._item(episode)
        ticket, approval = self._request_ticket(episode, item)
        found = news(db_session=self.session, ticket=ticket)
        fields = {"number": found.number, "item": ticket.service or ticket.title, "group": found.group,
                  "deadline": found.deadline}
        # Waiting on a manager, the request has no deadline yet: the user is told who was asked, not a date.
        replies = [*before, Reply("utter_request_opened", fields) if approval is None else Reply(
            "utter_request_awaiting_approval", {**fields, "approvers": list(approval.approvers)})]
        article = self.kb.article(item.article) if item is not None and item.article else None
        if article is not None:
            replies.append(Reply("utter_request_article", {"title": article.title, "link": article.link}))
            known_fix.cite(db_session=self.session, ticket=ticket, article=article)
        cited = article.as_dict() if article is not None else None
        return self._say(Episode(focus=found.number, cited=cited), *replies, focus=found.number)

    def _request_ticket(self, episode: Episode, item: requests.RequestItem | None
                        ) -> tuple[Ticket, Approval | None]:
        """The service request with the catalogue item's fields, in the item's group, and the approval it waits
        for when its catalogue item needs one."""
        name = (item.name.get(self.language) or next(iter(item.name.values()), "")) if item is not None else ""
        details = [f"{key}: {value}" for key, value in episode.values.items() if value and value != "-"]
        description = "\n".join([*episode.said, *details]) or name or "-"
        kinds = {f.name: f.kind for f in item.fields} if item is not None else {}
        by_kind = {kinds.get(key): value for key, value in episode.values.items() if value != "-"}
        report = IncidentReport(
            service=name[:120], description=description, impact=3, urgency=3, requester=self.person.requester,
            requester_email=self.person.email, channel=self.person.channel, conversation_id=self.person.conversation,
            language=self.language, origin="service_request", requested_for=by_kind.get("person", ""),
            justification=episode.values.get("justification", ""), needed_by=by_kind.get("date", ""))
        ticket = open_ticket(db_session=self.session, report=report, transcript=self.transcript,
                             agreements=self.desk)
        if item is not None and item.group and item.group != ticket.group_name:
            workflow.assign(db_session=self.session, ticket=ticket, group=item.group,
                            level=self.desk.group_level(item.group), actor="relais",
                            agreements=self.desk, reason=f"catalogue item {item.code}", now=self.now)
        approval = None
        if item is not None:  # its approvers are asked first when the catalogue says so
            approval = approvals.request_approval(db_session=self.session, ticket=ticket, item=item.code,
                                                  desk=self.desk, now=self.now)
        return ticket, approval

    def _redirect(self, text: str, episode: Episode) -> Turn:
        report = IncidentReport(service="", description=text or "-", impact=3, urgency=4,
                                requester=self.person.requester, requester_email=self.person.email,
                                channel=self.person.channel, conversation_id=self.person.conversation,
                                language=self.language, origin="other")
        ticket = record_redirection(db_session=self.session, report=report, agreements=self.desk,
                                    transcript=self.transcript)
        return self._say(replace(episode, kind="other"), Reply("utter_other_request_redirected",
                                                               {"number": ticket.number}))

    # -- a person, and the user's word at closing ------------------------------------------------------------

    def _hand_over(self, said: Said, episode: Episode) -> Turn:
        reason = "the user asked for a technician"
        ticket = self._focus(episode)
        if ticket is not None and episode.stage == "idle":
            add_log(db_session=self.session, ticket=ticket, line=LogLine("requester", self.person.requester,
                                                                           said.text or "-", self.now))
        elif episode.kind == "service_request":
            ticket, _ = self._request_ticket(episode, self._item(episode))
        else:
            said_so_far = episode.said or tuple(  # what the user said since the conversation's last ticket
                line.body for line in self.transcript if line.author_kind == "requester" and line.body.strip()
                and not line.body.startswith("/")) or ((said.text.strip(),) if said.text.strip() else ())
            facts = Facts.from_dict(episode.facts) if episode.said else self._read(" ".join(said_so_far))
            report = report_of(episode.kind or "incident", said_so_far or ("-",), facts, self.who)
            if not said_so_far:
                report = replace(report, description="asked to talk to a technician")
            ticket = open_incident(db_session=self.session, report=report, transcript=self.transcript,
                                   agreements=self.desk)
            offered = [*episode.tried, *((episode.offered,) if episode.offered else ())]
            known_fix.record_tried(db_session=self.session, ticket=ticket,
                                   tried=[KbHit.from_dict(hit) for hit in offered], actor=report.requester)
        done = to_level2(db_session=self.session, ticket=ticket, desk=self.desk,
                         actor=self.person.requester, reason=reason, now=self.now)
        replies = [Reply("utter_handed_to_human", {"number": done.number, "group": done.group,
                                                   "deadline": done.deadline})]
        paused = self._go_live(ticket, reason, replies)
        return self._say(Episode(focus=done.number), *replies, focus=done.number, paused=paused)

    def _go_live(self, ticket: Ticket, reason: str, replies: list[Reply]) -> bool:
        """Where an agent can join (Slack, Teams, web chat), ask level 2 to take the conversation over and pause
        the bot; outside the desk's hours, say when it opens. Elsewhere the ticket is only queued."""
        if not self.person.live:
            return False
        conversations.request_takeover(db_session=self.session, ticket=ticket,
                                       conversation_key=self.person.conversation, actor=self.person.requester,
                                       reason=reason)
        calendar = self.desk.business_calendar
        try:
            opens = None if calendar.is_open(self.now) else calendar.next_open(self.now)
        except ValueError:  # a calendar that never opens again: nothing useful to promise
            opens = None
        if opens is not None:
            replies.append(Reply("utter_desk_closed", {"opens": opens}))
        return True

    def _closing_word(self, said: Said, episode: Episode) -> Turn | None:
        """The answer to "is it fixed?" or to the satisfaction question, when the conversation has a ticket
        waiting for it and the message reads as one; None to treat the message as anything else."""
        named = said.entity("ticket_number")
        if episode.stage != "idle" and not named:
            return None
        awaiting = closure.awaiting_word(db_session=self.session, conversation_id=self.person.conversation,
                                         now=self.now)
        reference = find_reference(named) if named else None
        if awaiting is None or (reference is not None and reference.number != awaiting.number):
            return None
        try:
            ticket = get_visible(db_session=self.session, number=awaiting.number, viewer=self.person.viewer)
        except TicketNotFound:
            return None
        if awaiting.ask == "confirm":
            fixed = self._verdict(said) if not said.entity("kb_doc") else None
            if fixed is None:
                return None
            if fixed:
                closure.confirm_fixed(db_session=self.session, ticket=ticket, desk=self.desk,
                                      actor=self.person.requester, now=self.now)
                return self._say(episode, Reply("utter_closure_confirmed", {"number": ticket.number}))
            closure.refuse_fix(db_session=self.session, ticket=ticket, desk=self.desk, actor=self.person.requester,
                               reason=said.text.strip() or "not fixed", now=self.now)
            return self._say(Episode(focus=ticket.number or ""), Reply("utter_closure_reopened", {
                "number": ticket.number, "group": ticket.group_name or self.desk.default_group}), focus=ticket.number)
        rating, comment = closure.read_rating(said.entity("rating") or said.text)
        if rating is None:
            return None
        if said.entity("rating") and said.text.strip() and not said.button:
            comment = said.text.strip()
        closure.give_rating(db_session=self.session, ticket=ticket, rating=rating, comment=comment,
                            actor=self.person.requester)
        return self._say(episode, Reply("utter_rating_thanks", {"number": ticket.number, "rating": rating}))

    # -- small things ------------------------------------------------------------------------------------------

    def _not_understood(self, episode: Episode) -> Turn:
        text = "utter_ask_rephrase" if episode.fallbacks == 0 else "utter_offer_main_choices"
        return self._say(replace(episode, fallbacks=episode.fallbacks + 1), Reply(text), keep_fallbacks=True)

    def _read(self, text: str) -> Facts:
        return read_facts(text, services=self.desk.services, now=self.now, language=self.language) if text \
            else Facts()

    def _say(self, episode: Episode, *replies: Reply, focus: str | None = None, paused: bool = False,
             keep_fallbacks: bool = False) -> Turn:
        if not keep_fallbacks:
            episode = replace(episode, fallbacks=0)
        if focus:
            episode = replace(episode, focus=focus)
        return Turn(tuple(replies), episode.to_dict(), focus or episode.focus or None, paused)


def _content_words(text: str) -> set[str]:
    """Words of four letters or more, singular: enough to tell "l'ecran" from "l'imprimante"."""
    return {word.rstrip("s") for word in re.findall(r"[a-z0-9]{4,}", cues.fold(text))} - _FILLER


_FILLER = {"celle", "celui", "pour", "avec", "dans", "mon", "about", "that", "this", "with", "from", "demande",
           "ticket", "request", "the", "one"}


def _question(text: str) -> bool:
    return "?" in text or cues.asks_how(text)


def _has_code(error: str | None) -> bool:
    return bool(error and _ERROR_CODE.search(error))


def _fix_fields(fix: KbHit) -> dict[str, Any]:
    return {"title": fix.title, "steps": list(fix.steps), "link": fix.link, "doc_id": fix.doc_id,
            "snippet": fix.snippet}


def _news_fields(found: Any) -> dict[str, Any]:
    return {"number": found.number, "title": found.title, "status": found.status, "priority": found.priority,
            "group": found.group, "updated": found.updated, "deadline": found.deadline}
