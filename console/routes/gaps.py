"""The questions nobody answered (issue 15 item 2): what a client's users asked that the KB did not settle (a search
with nothing confident, a fix that failed, level 2's own solution: servicedesk/kb_gaps.py), grouped by meaning with
the KB's own encoder (kb_index/gaps.py), largest group first, in the users' own words (personal data removed).
"Write an article" starts a draft holding the group's words and level 2's solutions (servicedesk.articles.drafts,
the articles editor's), for an editor to finish and publish; a group shrinks as the index answers its questions and
disappears once most of them find the new article.

    GET  /clients/{slug}/gaps
    POST /clients/{slug}/gaps/draft       group: the group's key (its questions' numbers, hashed)

The `edit_kb` right; a client the account is not granted answers 404.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from console.client_desk import ClientPlace
from console.errors import not_found
from console.pages import render
from console.session import SignedIn
from console.state import ConsoleDep
from console.studio import editing
from kb_index import gaps
from servicedesk.articles import drafts
from servicedesk.database import unit_of_work
from servicedesk.kb_gaps import LEVEL2, Unanswered, unanswered

router = APIRouter()
SHOWN_WORDS = 12  # a group's questions shown on the page (the draft holds them all)


@dataclass(frozen=True)
class Gap:
    key: str
    questions: tuple[Unanswered, ...]  # still unanswered, most central first
    kinds: dict[str, int]
    answered: int  # of the group's questions the index now answers


def gaps_of(place: ClientPlace) -> tuple[list[Gap], int]:
    """The client's open gaps, largest first, and how many groups the index answers now."""
    hosts = place.desk.settings.privacy.personal_hosts if place.desk else ()
    with place.database() as db_session:
        questions = {found.number: found for found in unanswered(db_session=db_session, personal_hosts=hosts)}
    asked = [gaps.Asked(number, found.text, found.failed) for number, found in questions.items()]
    groups = gaps.group(place.slug, asked)
    shown = [_gap(found, questions) for found in groups if found.answered_by is None and found.unanswered]
    return sorted(shown, key=lambda gap: -len(gap.questions)), sum(found.answered_by is not None for found in groups)


def _gap(found: gaps.Group, questions: dict[str, Unanswered]) -> Gap:
    members = tuple(questions[member.key] for member in found.unanswered)
    kinds: dict[str, int] = {}
    for member in members:
        kinds[member.kind] = kinds.get(member.kind, 0) + 1
    key = hashlib.sha256("|".join(sorted(member.key for member in found.members)).encode()).hexdigest()[:16]
    return Gap(key=key, questions=members, kinds=kinds, answered=found.size - len(members))


@router.get("/clients/{slug}/gaps")
def gaps_page(request: Request, console: ConsoleDep, agent: SignedIn, slug: str) -> Response:
    place = editing(console, agent, slug)
    found, answered = gaps_of(place)
    return render(request, "studio_gaps.html", agent=agent, place=place, gaps=found, answered=answered,
                  shown_words=SHOWN_WORDS, current="gaps")


@router.post("/clients/{slug}/gaps/draft")
def write_article(console: ConsoleDep, agent: SignedIn, slug: str,
                  group: Annotated[str, Form(max_length=64)]) -> Response:
    place = editing(console, agent, slug)
    gap = next((found for found in gaps_of(place)[0] if found.key == group), None)
    if gap is None:  # answered meanwhile, or never this client's
        raise not_found()
    language = _language(gap.questions)
    title, body = _draft_text(gap.questions, language)
    with unit_of_work(place.database) as db_session:
        draft = drafts.start_draft(db_session=db_session, title=title, body=body, actor=agent.actor, language=language,
                                   origin="gap", note=f"from {len(gap.questions)} unanswered questions")
        doc_id = draft.doc_id
    return RedirectResponse(f"/clients/{slug}/articles/{quote(doc_id)}", status_code=303)


_HEADINGS = {"fr": ("Ce que les utilisateurs ont demandé", "Ce que le niveau 2 a fait", "Solution"),
             "en": ("What users asked", "What level 2 did", "Solution")}


def _language(questions: Sequence[Unanswered]) -> str:
    counts = {code: sum(question.language == code for question in questions) for code in ("fr", "en")}
    return max(counts, key=lambda code: counts[code])


def _draft_text(questions: Sequence[Unanswered], language: str) -> tuple[str, str]:
    """The draft: the group's words as users wrote them, level 2's solutions, and a solution for the editor to
    write. Its title is the most central question's words, for the editor to rephrase."""
    asked, done, solution = _HEADINGS[language]
    title = questions[0].text[:120]
    lines = [f"# {title}", "", f"## {asked}"]
    lines += [f"- « {question.text} » ({question.number})" for question in questions]
    solved = [question for question in questions if question.kind == LEVEL2 and question.solution]
    if solved:
        lines += ["", f"## {done}"] + [f"- {question.solution} ({question.number})" for question in solved]
    lines += ["", f"## {solution}", ""]
    return title, "\n".join(lines)
