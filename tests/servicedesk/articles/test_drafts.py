"""Drafts from a resolved ticket (personal data removed, never live) and from users' words."""

import pytest

from servicedesk.articles import drafts, service
from servicedesk.articles.errors import InvalidArticle
from servicedesk.articles.models import DRAFT
from servicedesk.database import unit_of_work
from tests.servicedesk.articles.conftest import incident, resolved


def test_a_resolved_ticket_becomes_a_draft_without_its_personal_data(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = resolved(session, solution="Rappelé Marie Martin au 06 12 34 56 78 : MTU ramené à 1400 sur PC-MM01.",
                          requester="Marie Martin", error_message="GlobalProtect: Gateway cannot be reached",
                          description="Marie Martin (marie.martin@demo.example) : le VPN refuse, "
                                      "mot de passe : Hiver2026!")
        draft = drafts.draft_from_ticket(db_session=session, ticket=ticket, actor="console:eve",
                                         personal_hosts=["pc-*"])
        assert (draft.kind, draft.state, draft.published_version, draft.services) == ("known_error", DRAFT, None,
                                                                                       ["VPN"])
        assert draft.error_text == "GlobalProtect: Gateway cannot be reached"
        for gone in ("Marie", "Martin", "marie.martin@", "06 12", "PC-MM01", "Hiver2026"):
            assert gone not in draft.body
        assert "MTU ramené à 1400" in draft.body and "[nom]" in draft.body and "[poste]" in draft.body
        assert draft.versions[0].note == f"drafted from {ticket.number}"
        assert service.publication(draft) is None  # nothing drafted goes live without an editor
        assert drafts.draft_from_ticket(db_session=session, ticket=ticket, actor="console:ed") is draft


def test_only_a_resolved_ticket_with_a_solution_makes_a_draft(session_factory) -> None:
    with unit_of_work(session_factory) as session, pytest.raises(InvalidArticle, match="not resolved"):
        drafts.draft_from_ticket(db_session=session, ticket=incident(session), actor="console:eve")


def test_a_draft_holding_users_words(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        draft = drafts.start_draft(db_session=session, title="Imprimer en A3", language="xx", origin="gap:12",
                                   body="- « comment imprimer en A3 »\n- « impression A3 impossible »",
                                   actor="console:eve")
        assert (draft.language, draft.origin, draft.state, draft.versions[0].author) == ("fr", "gap:12", DRAFT,
                                                                                          "console:eve")
