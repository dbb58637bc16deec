"""The user's word at closing: which ticket waits for it, how "yes", "no" and "4 - un peu long" read as users type
them, and what each answer does to the ticket."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.errors import InvalidRating
from servicedesk.level1.closure import (
    AwaitingWord,
    awaiting_word,
    confirm_fixed,
    give_rating,
    read_fixed,
    read_rating,
    refuse_fix,
    says_it_works,
)
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets import workflow
from servicedesk.tickets.service import IncidentReport, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
CODES = {"category": "network", "cause_code": "configuration", "resolution_code": "fixed",
         "solution": "MTU du client VPN ramené à 1400"}


def incident(session, conversation: str = "webchat:demo:alice", description: str = "le VPN refuse de se connecter"):
    ticket = open_incident(db_session=session, agreements=DESK, report=IncidentReport(
        service="VPN", description=description, impact=3, urgency=2, requester="alice", channel="webchat",
        conversation_id=conversation, language="fr"))
    workflow.assign(db_session=session, ticket=ticket, group="Infrastructure", level=2, actor="nadia", agreements=DESK)
    return ticket


def resolved(session, **kwargs):
    ticket = incident(session, **kwargs)
    workflow.resolve(db_session=session, ticket=ticket, actor="nadia", agreements=DESK, **CODES)
    return ticket


@pytest.mark.parametrize("text", [
    "oui", "Oui !", "ouiii merci", "yes it works now", "c'est bon merci", "cest bon", "parfait ça remarche",
    "parfait ca remarche", "done, works now", "yep all good", "ça marche, merci beaucoup", "c réglé", "it works",
    "pas de souci ça marche", "no problem, it works now", "nickel", "ok c'est bon", "fixed thx", "Résolu !",
    # what the user did and saw, in their words
    "bon c fait sur passwordreset, ca passe !", "accepted it and the vpn connects now. cheers",
    "red cross gone, all my folders are back", "found the recycle bin and restored it. easy, ty",
    "il demarre en sans echec, j'ai decoche le complement et relance normal, ca marche",
    "reprinted from the TMS and the labels come one after the other now. sorted",
    # what is back, with no "fixed" word: "ça y est", "I'm in", "elle apparaît"
    "remis l'heure en auto, reconnecté : ca y est j'ai le wifi 🙂", "approved it, I'm in. cheers!",
    "the folder is there now", "ajouté par fichier > paramètres, elle apparait",
    "et pour envoyer c'est le champ De, c'est ça ? ok merci c'est tout ce qu'il me fallait",
    # what had gone came back: the screens, not the problem
    "ok unplugged the dock from the wall for 30 sec and back in, screens came back. sorted, thanks",
    "les écrans sont revenus, merci", "l'image est revenue"])
def test_a_yes_in_the_users_words_reads_fixed(text: str) -> None:
    assert read_fixed(text) is True


@pytest.mark.parametrize("text", [
    "non", "Non.", "nan", "toujours pareil", "still the same", "ça ne marche toujours pas", "ca marche tjrs pas",
    "not really", "nope still broken", "c'est toujours pas bon", "toujours le même problème", "same error",
    "did all the steps, still only one screen", "toujours le message code invalide",
    "relancé l'install : erreur 0x80070643 encore",
    "tried it twice, the app froze again", "cleared it all, the page just spins and times out",
    "fait, mais outlook ne se connecte toujours pas", "j'ai tout refait, ca ne s'installe pas", "it still won't print",
    "ça marche pas", "it doesn't work", "pas encore", "rien n'a changé", "oui toujours pareil", "no",
    "ca passe pas", "non ca passe toujours pas", "still not gone",
    # fixed in part is not fixed
    "so half fixed I guess. it's 5 years old if that matters", "c'est réglé à moitié", "partly fixed",
    "not fully solved", "elle n'apparait toujours pas",
    # the problem came back
    "the error came back", "it came back after lunch", "ça revient toujours",
    # still kept from working
    "date and time on the phone are automatic. i can't log into anything now, totally stuck",
    "je peux toujours pas me connecter", "je suis toujours bloquée"])
def test_a_no_in_the_users_words_reads_not_fixed(text: str) -> None:
    assert read_fixed(text) is False


@pytest.mark.parametrize("text", [
    "", "   ", "comment je redémarre le client VPN ?", "how do I restart it?", "my printer is also broken",
    "mon imprimante est en panne", "j'ai un autre souci avec Outlook", "merci, au fait mon écran clignote aussi",
    "INC-000042", "je suis au bureau 3B cet après-midi", "the page itself opens fine, it's just the sms",
    "not restored", "ca a pas disparu"])
def test_anything_else_is_neither(text: str) -> None:
    assert read_fixed(text) is None


@pytest.mark.parametrize("text", [
    "my colleague's gun works fine in the same spot so it's this one", "webmail opens it fine though",
    "le casque marche sur le pc de ma collègue, donc c'est mon pc le souci", "the guy next to me opens it fine",
    "en câble ça marche nickel", "teams dans le navigateur ça marche par contre"])
def test_what_works_elsewhere_is_a_clue_not_a_verdict(text: str) -> None:
    """Read as "fixed", the ticket just opened for it would be closed under the user's feet."""
    assert read_fixed(text) is None


@pytest.mark.parametrize("text", ["my colleague showed me, works now, thanks", "ça remarche, merci à ma collègue"])
def test_what_works_now_is_fixed_whoever_helped(text: str) -> None:
    assert read_fixed(text) is True


@pytest.mark.parametrize(("text", "works"), [
    ("c'est bon ca marche merci", True), ("yes it works now thanks", True), ("super ca remarche", True),
    ("ok merci, je reste joignable sur teams en attendant", False), ("ok merci", False), ("thanks!", False)])
def test_it_works_is_more_than_thanks(text: str, works: bool) -> None:
    assert says_it_works(text) is works


@pytest.mark.parametrize(("text", "expected"), [
    ("4", (4, "")), ("4/5", (4, "")), ("4 / 5", (4, "")), ("5 étoiles", (5, "")), ("5 etoiles", (5, "")),
    ("3 stars", (3, "")), ("quatre", (4, "")), ("Quatre !", (4, "")), ("five", (5, "")),
    ("3 - un peu long", (3, "un peu long")),
    ("2, le technicien n'est jamais venu", (2, "le technicien n'est jamais venu")),
    ("8/10 rapide", (4, "rapide")), ("je dirais 4/5, rapide et efficace", (4, "je dirais rapide et efficace")),
    ("très satisfait", (5, "")), ("tres satisfait, merci Léa", (5, "merci Léa")), ("bof", (2, "")),
    ("nul", (1, "")), ("pas satisfait du tout", (2, "du tout")), ("pas du tout satisfait", (1, "")),
    ("satisfied", (4, "")), ("very good", (5, "")), ("moyen", (3, "")), ("pas terrible", (2, "")),
    ("le technicien était super", (5, "le technicien était super")),
])
def test_a_rating_reads_from_digits_number_words_or_judgements(text: str, expected: tuple[int, str]) -> None:
    assert read_rating(text) == expected


@pytest.mark.parametrize("text", [
    "merci pour votre aide", "ça a pris 3 jours", "un peu long", "deux jours d'attente", "INC-000042", ""])
def test_a_comment_without_a_rating_is_all_comment(text: str) -> None:
    assert read_rating(text) == (None, text.strip())


def test_a_resolved_ticket_awaits_confirmation_then_the_rating(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice") is None
        ticket = incident(session)
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice") is None  # still open
        workflow.resolve(db_session=session, ticket=ticket, actor="nadia", agreements=DESK, **CODES)
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice") == AwaitingWord(
            ticket.number, "confirm")
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:bob") is None
        confirm_fixed(db_session=session, ticket=ticket, desk=DESK, actor="alice")
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice") == AwaitingWord(
            ticket.number, "rate")
        give_rating(db_session=session, ticket=ticket, rating=4, comment=" un peu long ", actor="alice")
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice") is None


def test_the_rating_is_awaited_a_week_only(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = resolved(session)
        confirm_fixed(db_session=session, ticket=ticket, desk=DESK, actor="alice")
        later = utcnow() + timedelta(days=8)
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice", now=later) is None


def test_a_ticket_closed_without_a_satisfaction_question_awaits_nothing(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = resolved(session)
        confirm_fixed(db_session=session, ticket=ticket, desk=DESK, actor="alice")
        for notification in session.scalars(select(Notification).where(
                Notification.ticket_id == ticket.id, Notification.event == "satisfaction_request")):
            session.delete(notification)
        session.flush()
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice") is None


def test_the_latest_question_is_the_one_awaited(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        first = resolved(session)
        confirm_fixed(db_session=session, ticket=first, desk=DESK, actor="alice")  # asked to rate
        second = incident(session, description="Outlook plante au démarrage")
        later = utcnow() + timedelta(minutes=5)
        workflow.resolve(db_session=session, ticket=second, actor="nadia", agreements=DESK, now=later, **CODES)
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice", now=later) == AwaitingWord(
            second.number, "confirm")


def test_yes_closes_with_the_requesters_agreement_and_asks_for_satisfaction(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = resolved(session)
        confirm_fixed(db_session=session, ticket=ticket, desk=DESK, actor="alice")
        assert (ticket.status, ticket.closed_by) == ("closed", "requester")
        events = [n.event for n in session.scalars(select(Notification).where(Notification.ticket_id == ticket.id))]
        assert events[-1] == "satisfaction_request"


def test_no_sends_it_back_to_its_group_with_the_reason(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = resolved(session)
        refuse_fix(db_session=session, ticket=ticket, desk=DESK, actor="alice",
                   reason="toujours pareil depuis ce matin")
        assert (ticket.status, ticket.group_name, ticket.level, ticket.reopen_count) == (
            "in_progress", "Infrastructure", 2, 1)
        assert (ticket.log[-1].author_kind, ticket.log[-1].author, ticket.log[-1].body) == (
            "requester", "alice", "toujours pareil depuis ce matin")
        status = [h for h in ticket.history if h.field == "status"][-1]
        assert (status.old, status.new, status.reason, status.actor) == (
            "resolved", "in_progress", "toujours pareil depuis ce matin", "alice")
        assert awaiting_word(db_session=session, conversation_id="webchat:demo:alice") is None


def test_no_without_words_still_says_why(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = resolved(session)
        refuse_fix(db_session=session, ticket=ticket, desk=DESK, actor="alice", reason="  ")
        assert ticket.log[-1].body == "solution refused by the requester"


def test_the_rating_is_stored_with_its_comment(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        ticket = resolved(session)
        with pytest.raises(InvalidRating):  # not closed yet
            give_rating(db_session=session, ticket=ticket, rating=4, comment="", actor="alice")
        confirm_fixed(db_session=session, ticket=ticket, desk=DESK, actor="alice")
        give_rating(db_session=session, ticket=ticket, rating=4, comment=" un peu long ", actor="alice")
        assert (ticket.satisfaction_rating, ticket.satisfaction_comment) == (4, "un peu long")
