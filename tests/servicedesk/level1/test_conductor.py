"""One turn of level 1 at a time, on a real database with the demo client's rules and a KB of our own: the known
fix first, questions only for what is missing, triage at once, the ticket in focus, the user's word at closing."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from sqlalchemy import select

from servicedesk.database import unit_of_work
from servicedesk.kb_misses.models import KbMiss
from servicedesk.level1.conductor import take_turn
from servicedesk.level1.turn import KbHit, Person, Said, Turn
from servicedesk.notifications.models import Notification
from servicedesk.settings.current import desk_of
from servicedesk.tickets import workflow
from servicedesk.tickets.access import Viewer
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import IncidentReport, open_incident

OUTLOOK_FIX = KbHit("outlook-profil-corrompu", "Outlook ne démarre plus : réparer le profil", "article",
                    "https://kb.example/outlook-profil", True,
                    ("Fermez Outlook.", "Ouvrez le Panneau de configuration."))
OUTLOOK_FIX_2 = KbHit("outlook-mode-sans-echec", "Démarrer Outlook en mode sans échec", "article",
                      "https://kb.example/outlook-safe", True, ("Tapez outlook.exe /safe.",))


@dataclass
class FakeKb:
    """Confident hits for queries that name a word; nothing otherwise."""

    hits: dict[str, list[KbHit]] = field(default_factory=dict)
    queries: list[str] = field(default_factory=list)

    def search(self, query: str, k: int) -> Sequence[KbHit]:
        self.queries.append(query)
        for word, hits in self.hits.items():
            if word in query.lower():
                return hits[:k]
        return []

    def article(self, doc_id: str) -> KbHit | None:
        return KbHit(doc_id, f"Article {doc_id}", "article", f"https://kb.example/{doc_id}", True)


@pytest.fixture
def desk_database(demo_desk):
    return demo_desk


class Chat:
    def __init__(self, factory, kb: FakeKb, user: str = "alice", channel: str = "webchat", live: bool = False):
        self.factory, self.kb, self.episode = factory, kb, {}
        self.person = Person(requester=user, channel=channel, conversation=f"{channel}:demo:{user}",
                             viewer=Viewer(requester=user), email=None, live=live)
        self.turns: list[Turn] = []

    def say(self, text: str, intent: str | None = "inform", confidence: float = 0.95, language: str = "fr",
            **entities: str) -> list[str]:
        said = Said(text=text, intent=intent, confidence=confidence, language=language,
                    entities={name: (value,) for name, value in entities.items()}, button=text == "")
        with unit_of_work(self.factory) as session:
            turn = take_turn(db_session=session, desk=desk_of(db_session=session), kb=self.kb, person=self.person,
                             said=said, episode=self.episode)
        self.episode = turn.episode
        self.turns.append(turn)
        return [reply.text for reply in turn.replies]

    @property
    def last(self) -> Turn:
        return self.turns[-1]

    def tickets(self) -> list[Ticket]:
        with self.factory() as session:
            tickets = list(session.scalars(select(Ticket).where(
                Ticket.conversation_id == self.person.conversation).order_by(Ticket.id)))
            for ticket in tickets:
                _ = ticket.log, ticket.history, ticket.attachments
            return tickets


@pytest.fixture
def kb() -> FakeKb:
    return FakeKb({"outlook": [OUTLOOK_FIX, OUTLOOK_FIX_2]})


def test_a_known_fix_is_offered_from_the_first_message_with_its_steps(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    assert chat.say("outlook ne demarre plus depuis ce matin", "report_incident") == ["utter_kb_fix"]
    fields: dict[str, Any] = dict(chat.last.replies[0].fields)
    assert fields["steps"] == ["Fermez Outlook.", "Ouvrez le Panneau de configuration."]
    assert fields["link"] == OUTLOOK_FIX.link
    assert chat.tickets() == []  # nothing waits in a queue while the user tries


def test_a_fix_that_worked_is_a_contact_resolved_without_an_agent(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook ne demarre plus", "report_incident")
    assert chat.say("c'est bon ca remarche, merci", "affirm") == ["utter_kb_fix_worked"]
    (ticket,) = chat.tickets()
    assert (ticket.status, ticket.resolution_code, ticket.closed_by) == ("closed", "known_fix_applied", "requester")
    assert ticket.level == 1 and not ticket.escalated
    assert any(OUTLOOK_FIX.doc_id in a.reference or OUTLOOK_FIX.link == a.reference for a in ticket.attachments)
    with desk_database() as session:  # the user just said it worked: no notice repeats it, but the rating is asked
        events = [n.event for n in session.scalars(select(Notification).where(Notification.ticket_id == ticket.id))]
    assert "closure_request" not in events and "satisfaction_request" in events


def test_a_failed_fix_opens_the_ticket_for_level_2_with_the_next_fix_beside_it(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook plante au demarrage avec 0x800CCC0E, bloquant, juste moi", "report_incident")
    assert chat.say("ok je tente", "affirm") == ["utter_kb_take_your_time"]  # neither a yes nor a no yet
    # After a failed fix the user has given their time already: no more questions, the ticket opens, and the
    # next fix comes with it rather than before it.
    assert chat.say("toujours pareil", "deny") == ["utter_incident_opened", "utter_kb_meanwhile"]
    (ticket,) = chat.tickets()
    assert ticket.level == 2 and ticket.service == "Outlook" and "0x800CCC0E" in ticket.error_message
    assert ticket.priority == "P2"  # one person, blocking
    failed = " ".join(entry.body for entry in ticket.log if entry.body.startswith("tried without success"))
    proposed = " ".join(entry.body for entry in ticket.log if entry.kind == "kb_fix")
    assert OUTLOOK_FIX.doc_id in failed and OUTLOOK_FIX_2.doc_id not in failed and OUTLOOK_FIX_2.doc_id in proposed
    assert chat.last.replies[-1].fields["number"] == ticket.number
    with desk_database() as session:  # the group's notice says why in its own language, from a code
        codes = [n.payload.get("reason_code") for n in session.scalars(select(Notification).where(
            Notification.ticket_id == ticket.id, Notification.event == "assigned"))]
    assert "kb_fixes_failed" in codes


@pytest.mark.parametrize(("text", "intent"), [("ah ca remarche avec ca, merci", "affirm"), ("", "affirm")])
def test_the_fix_given_beside_the_ticket_closes_it_when_it_works(desk_database, kb, text: str, intent: str) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook plante au demarrage avec 0x800CCC0E, bloquant, juste moi", "report_incident")
    chat.say("toujours pareil", "deny")
    entities = {} if text else {"kb_doc": OUTLOOK_FIX_2.doc_id}  # the "it worked" button says nothing
    assert chat.say(text, intent, **entities) == ["utter_kb_fix_worked"]
    (ticket,) = chat.tickets()
    assert (ticket.status, ticket.resolution_code) == ("closed", "known_fix_applied")


def test_following_the_fix_beside_the_ticket_is_a_detail_and_its_success_closes_that_ticket(desk_database,
                                                                                              kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook plante au demarrage avec 0x800CCC0E, bloquant, juste moi", "report_incident")
    assert chat.say("toujours pareil", "deny") == ["utter_incident_opened", "utter_kb_meanwhile"]
    # Doing the steps of the fix given beside the ticket, in words of another service: still this ticket.
    assert chat.say("sur le pc j'ai tape outlook.exe /safe dans executer, ca charge", "inform") == [
        "utter_ticket_status"]
    assert chat.say("ah ca marche maintenant, merci", "inform") == ["utter_kb_fix_worked"]
    (ticket,) = chat.tickets()
    assert (ticket.status, ticket.resolution_code) == ("closed", "known_fix_applied")
    assert any("outlook.exe /safe" in entry.body for entry in ticket.log)


def test_a_problem_the_kb_cannot_answer_is_kept_for_the_editors_and_a_fix_found_is_not(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("mon scanner de quai affiche E-204 depuis ce matin", "report_incident")  # nothing in the KB
    Chat(desk_database, kb, user="bob").say("outlook ne demarre plus", "report_incident")  # its fix is offered
    with desk_database() as session:
        misses = [(miss.conversation_id, miss.query) for miss in session.scalars(select(KbMiss))]
    assert len(misses) == 1 and "E-204" in misses[0][1] and misses[0][0] == chat.person.conversation


def test_a_detail_after_the_ticket_opened_here_goes_on_it_even_when_it_sounds_like_a_request(desk_database,
                                                                                              kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook plante au demarrage avec 0x800CCC0E, bloquant, juste moi", "report_incident")
    assert chat.say("toujours pareil", "deny") == ["utter_incident_opened", "utter_kb_meanwhile"]
    assert chat.say("je suis a Lyon, PC DI-PC04512. j'en ai besoin pour la reunion de 15h", "service_request",
                    confidence=0.92) == ["utter_ticket_status"]
    (ticket,) = chat.tickets()
    assert any("reunion de 15h" in entry.body for entry in ticket.log)


def test_the_heating_down_for_everyone_is_no_major_incident_of_it(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("le chauffage ne marche plus au 2e etage, tout le monde a froid", "report_incident")
    assert not any(ticket.major for ticket in chat.tickets())
    assert all(ticket.type != "incident" for ticket in chat.tickets())


def test_a_detail_that_does_not_change_the_answer_keeps_the_fix_offered(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook ne demarre plus", "report_incident")
    assert chat.say("c'est sur mon portable DI-PC04512", "inform") == ["utter_kb_detail_noted"]
    assert chat.episode["stage"] == "fix_offered" and chat.episode["tried"] == []
    assert chat.say("ca va beaucoup mieux", "inform") == ["utter_kb_fix_worked"]
    (ticket,) = chat.tickets()
    assert "DI-PC04512" in ticket.device or "DI-PC04512" in ticket.description


def test_only_missing_fields_are_asked_and_never_more_than_three(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    replies = chat.say("on est toute l'equipe sans imprimante depuis hier, erreur 0x0000011b, on ne peut plus "
                       "imprimer les factures", "report_incident")
    assert replies == ["utter_incident_opened"]  # service, error, impact and urgency were all said
    chat = Chat(desk_database, FakeKb(), user="bob")
    asked = [chat.say("j'ai un souci avec mon ordi", "report_incident")]
    for answer in ("c'est que moi", "ca peut attendre", "pas de message"):
        asked.append(chat.say(answer))
        if asked[-1] == ["utter_incident_opened"]:
            break
    assert asked[-1] == ["utter_incident_opened"] and len(asked) <= 4


def test_an_answer_that_does_not_fit_is_not_stored_as_the_answer(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    chat.say("le logiciel de paie maison plante", "report_incident")
    first = chat.episode["asked"]
    replies = chat.say("oui", "affirm")
    assert replies[0] == "utter_not_an_answer" and chat.episode["asked"] == first


def test_a_message_telling_something_else_is_heard_and_not_asked_again(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    chat.say("le logiciel de paie maison plante", "report_incident")
    first = chat.episode["asked"]
    replies = chat.say("ça se bloque surtout le matin, au moment de la saisie des heures", "inform")
    assert "utter_not_an_answer" not in replies and chat.episode.get("asked") != first
    assert "saisie des heures" in " ".join(chat.episode["said"])


def test_tried_in_vain_told_instead_of_an_answer_opens_the_ticket_with_it(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    chat.say("le logiciel de paie maison plante", "report_incident")
    replies = chat.say("j'ai vidé le cache et redémarré deux fois, toujours pareil", "inform")
    assert replies[0] == "utter_incident_opened" and "utter_not_an_answer" not in replies
    (ticket,) = chat.tickets()
    assert "vidé le cache" in ticket.description


def test_a_ransom_note_is_a_security_incident_at_once(desk_database) -> None:
    chat = Chat(desk_database, FakeKb(), live=True)
    replies = chat.say("tous mes fichiers ont l'extension .locked et un message demande des bitcoins",
                       "report_incident")
    assert replies[:2] == ["utter_security_ransomware", "utter_security_opened"]
    (ticket,) = chat.tickets()
    assert ticket.priority in ("P1", "P2") and ticket.group_name == desk_of_group(desk_database)
    assert chat.last.paused


def test_a_security_incident_in_words_no_sign_holds_is_one_when_the_nlu_reads_it(desk_database) -> None:
    chat = Chat(desk_database, FakeKb(), live=True)
    replies = chat.say("il y a un boitier inconnu branche derriere l'imprimante", "report_security_incident", 0.95)
    assert replies[:2] == ["utter_security_suspicious", "utter_security_opened"]
    (ticket,) = chat.tickets()
    assert ticket.priority in ("P1", "P2") and ticket.group_name == desk_of_group(desk_database)


@pytest.mark.parametrize(("text", "confidence"), [
    ("il y a un boitier inconnu branche derriere l'imprimante", 0.7),  # the NLU unsure: an ordinary incident
    ("comment je reconnais un mail de phishing ?", 0.9),  # a question about security is a how-to
])
def test_the_nlu_alone_makes_no_security_incident_unsure_or_asked_how(desk_database, text, confidence) -> None:
    chat = Chat(desk_database, FakeKb())
    replies = chat.say(text, "report_security_incident", confidence)
    assert not any(reply.startswith("utter_security") for reply in replies)


def test_a_security_incident_told_while_answering_a_question_is_triaged_at_once(desk_database) -> None:
    chat = Chat(desk_database, FakeKb(), live=True)
    chat.say("le logiciel de paie maison plante", "report_incident")
    assert chat.episode.get("asked")
    replies = chat.say("et la un inconnu a pris la main sur mon ecran", "report_security_incident", 0.95)
    assert "utter_security_opened" in replies


@pytest.mark.parametrize("intent", ["assistance_request", "service_request"])
def test_a_question_that_asks_for_something_is_a_request_not_a_how_to(desk_database, intent) -> None:
    chat = Chat(desk_database, FakeKb())
    chat.say("the camera of my laptop is poor for customer calls, could I get an external webcam?", intent,
             language="en")
    for answer in ("for video calls, five a day", "Lille, desk 4.21", "thanks"):
        if chat.tickets():
            break
        chat.say(answer, "inform", language="en")
    (ticket,) = chat.tickets()
    assert ticket.type == "service_request"


ZEBRA = KbHit("zebra-blank", "Zebra labels come out blank", "article", "https://kb.example/zebra", False,
              ("Switch the printer off, hold Feed while switching it on to calibrate.", "Change the label roll.",
               "Clean the print head with a cleaning wipe."), score=0.4)


def test_a_fix_already_followed_in_vain_is_not_offered_and_the_ticket_opens(desk_database) -> None:
    chat = Chat(desk_database, FakeKb({"label": [ZEBRA]}))
    chat.say("the label printer at dock 5 prints blank labels", "report_incident", language="en")
    assert chat.episode.get("asked")  # the KB was not sure: a question
    replies = chat.say("did the calibration holding feed, changed the roll, cleaned the head. still blank",
                       "inform", language="en")
    assert "utter_kb_fix" not in replies
    for answer in ("the dock office label printer", "NW-ZBR-033"):
        if chat.tickets():
            break
        chat.say(answer, "inform", language="en")
    (ticket,) = chat.tickets()
    assert any("zebra-blank" in line.body for line in ticket.log)


def test_a_restart_in_vain_names_no_article(desk_database) -> None:
    chat = Chat(desk_database, FakeKb({"label": [ZEBRA]}))
    chat.say("the label printer at dock 5 prints blank labels", "report_incident", language="en")
    chat.say("restarted it, still blank", "inform", language="en")
    assert not chat.episode.get("tried")


def test_a_request_asked_as_a_question_finds_its_item_among_the_kbs_first_answers(desk_database) -> None:
    leaver = KbHit("leaver", "When someone leaves", "article", "https://kb.example/leaver", False, score=0.4)
    arrival = KbHit("nouvel-arrivant", "Prepare a newcomer", "article", "https://kb.example/arrival", False,
                    score=0.33)
    chat = Chat(desk_database, FakeKb({"contract": [leaver, arrival]}))
    with chat.factory() as session:
        items = desk_of(db_session=session).request_items
    item = next((item for item in items if item.article), None)
    if item is None:
        pytest.skip("the demo catalogue has no item with a process article")
    chat.kb.hits["contract"][1] = replace(arrival, doc_id=item.article)
    chat.say("a temp on a fixed-term contract starts monday, what do you need from me for her?", "service_request",
             language="en")
    assert chat.episode.get("item") == item.code or (chat.tickets() and chat.tickets()[0].type == "service_request")


def test_asking_whether_the_bot_is_a_person_hands_nothing_over(desk_database) -> None:
    chat = Chat(desk_database, FakeKb(), live=True)
    assert chat.say("are you a real person or a bot?", "ask_human", 0.9, language="en") == ["utter_out_of_scope"]
    assert chat.tickets() == []
    assert "utter_out_of_scope" not in chat.say("ok then get me a real person please", "ask_human", language="en")
    other = Chat(desk_database, FakeKb(), user="bob", live=True)
    assert "utter_out_of_scope" not in other.say("are you a bot? get me a real person please", "ask_human",
                                                 language="en")


def desk_of_group(factory) -> str:
    with factory() as session:
        return desk_of(db_session=session).security_group


def test_a_whole_floor_down_is_a_major_incident_and_the_next_reporter_is_told_it_is_known(desk_database) -> None:
    first = Chat(desk_database, FakeKb())
    assert first.say("plus de reseau pour tout l'etage depuis 9h, personne ne peut bosser",
                     "report_incident") == ["utter_major_opened"]
    (ticket,) = first.tickets()
    assert ticket.major and ticket.priority in ("P1", "P2") and ticket.level >= 2 and ticket.problem_id
    second = Chat(desk_database, FakeKb(), user="bob")
    assert second.say("le reseau ne marche pas", "report_incident") == ["utter_major_known"]
    (linked,) = second.tickets()
    assert linked.problem_id == ticket.problem_id


def open_vpn_ticket(factory, requester: str = "alice") -> str:
    with unit_of_work(factory) as session:
        desk = desk_of(db_session=session)
        ticket = open_incident(db_session=session, agreements=desk, report=IncidentReport(
            service="VPN", description="le vpn ne se connecte plus", impact=3, urgency=2, requester=requester,
            channel="webchat", conversation_id=f"webchat:demo:{requester}", language="fr"))
        return ticket.number


def test_details_after_a_status_go_to_the_ticket_in_focus(desk_database) -> None:
    number = open_vpn_ticket(desk_database)
    chat = Chat(desk_database, FakeKb())
    assert chat.say(f"ou en est {number} ?", "incident_followup") == ["utter_ticket_status"]
    replies = chat.say("le technicien n'est jamais revenu, je suis a mon bureau tout l'aprem", "report_incident")
    assert replies == ["utter_ticket_status"]
    (ticket,) = chat.tickets()
    assert any("jamais revenu" in entry.body for entry in ticket.log if entry.kind == "followup")
    assert chat.say("3e relance, vous m'aviez promis pour aujourd'hui", "report_incident")[0] == \
        "utter_reminder_logged"
    assert chat.tickets()[0].reminder_count == 1


def test_an_unknown_reference_is_said_unknown_and_opens_nothing(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    assert chat.say("ou en est RITM0012345 ?", "incident_followup") == ["utter_reference_unknown"]
    assert chat.tickets() == []


def test_an_it_request_is_a_service_request_and_non_it_is_redirected(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    replies = chat.say("le proxy bloque le site https://www.fournisseur-exemple.fr, il me le faut pour le boulot",
                       "other_request")
    while replies[-1] == "utter_ask_request_field":
        replies = chat.say("c'est pour les commandes fournisseurs")
    assert replies[0] == "utter_request_opened"
    (request,) = chat.tickets()
    assert request.type == "service_request"
    other = Chat(desk_database, FakeKb(), user="bob")
    assert other.say("ma fiche de paie est fausse ce mois ci", "other_request") == ["utter_other_request_redirected"]


def test_the_user_confirms_the_fix_and_rates_it_in_the_chat(desk_database) -> None:
    number = open_vpn_ticket(desk_database)
    with unit_of_work(desk_database) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        workflow.resolve(db_session=session, ticket=ticket, actor="nadia", agreements=desk_of(db_session=session),
                         category="network", cause_code="configuration", resolution_code="fixed",
                         solution="profil VPN réinstallé")
    chat = Chat(desk_database, FakeKb())
    assert chat.say("oui c'est regle merci", "affirm") == ["utter_closure_confirmed"]
    assert chat.say("4 un peu long mais merci", "inform") == ["utter_rating_thanks"]
    (ticket,) = chat.tickets()
    assert (ticket.status, ticket.closed_by, ticket.satisfaction_rating) == ("closed", "requester", 4)


def test_no_reopens_the_ticket_to_its_group_with_the_reason(desk_database) -> None:
    number = open_vpn_ticket(desk_database)
    with unit_of_work(desk_database) as session:
        ticket = session.scalar(select(Ticket).where(Ticket.number == number))
        desk = desk_of(db_session=session)
        workflow.assign(db_session=session, ticket=ticket, group="Infrastructure", level=2, actor="x", agreements=desk)
        workflow.resolve(db_session=session, ticket=ticket, actor="nadia", agreements=desk, category="network",
                         cause_code="configuration", resolution_code="fixed", solution="profil VPN réinstallé")
    chat = Chat(desk_database, FakeKb())
    assert chat.say("non toujours pareil, ca coupe toutes les 10 min", "deny") == ["utter_closure_reopened"]
    (ticket,) = chat.tickets()
    assert ticket.status == "in_progress" and ticket.group_name == "Infrastructure"
    assert any("10 min" in entry.body for entry in ticket.log)


def test_a_resolved_ticket_elsewhere_takes_the_users_word_about_it(desk_database) -> None:
    for user in ("alice", "bob"):
        number = open_vpn_ticket(desk_database, requester=user)
        with unit_of_work(desk_database) as session:
            ticket = session.scalar(select(Ticket).where(Ticket.number == number))
            workflow.resolve(db_session=session, ticket=ticket, actor="nadia", agreements=desk_of(db_session=session),
                             category="network", cause_code="configuration", resolution_code="fixed",
                             solution="profil VPN réinstallé")
    # Not asked in this conversation: the words find the resolved ticket all the same.
    alice = Chat(desk_database, FakeKb(), channel="slack")
    assert alice.say("vous avez mis mon ticket vpn en resolu mais ca recommence ce matin", "incident_followup") == [
        "utter_closure_reopened"]
    bob = Chat(desk_database, FakeKb(), user="bob", channel="slack")
    assert bob.say("le technicien est passé hier pour le vpn", "incident_followup") == ["utter_ticket_status"]
    assert bob.say("oui ca remarche nickel, vous pouvez cloturer le ticket", "affirm") == ["utter_closure_confirmed"]
    with desk_database() as session:
        tickets = {t.requester: t for t in session.scalars(select(Ticket))}
        assert tickets["alice"].status == "in_progress" and tickets["bob"].status == "closed"
        assert any("cloturer" in entry.body for entry in tickets["bob"].log)
        assert any("recommence" in entry.body for entry in tickets["alice"].log)


def test_a_question_about_a_step_gets_that_step_and_the_fix_stays_offered(desk_database) -> None:
    safe_mode = KbHit("outlook-plante", "Outlook plante au démarrage", "article", "https://kb.example/o", True, (
        "Fermez Outlook.", "Lancez Outlook en mode sans échec : Windows + R, tapez outlook.exe /safe.",
        "Désactivez les compléments COM.", "Redémarrez Outlook."))
    chat = Chat(desk_database, FakeKb({"outlook": [safe_mode]}))
    chat.say("outlook plante au demarrage", "report_incident")
    # Whatever the NLU made of it, a question is neither a yes nor a no.
    assert chat.say("le mode sans echec je le lance comment deja ? windows+R et apres ?", "deny") == ["utter_kb_step"]
    assert chat.last.replies[0].fields["numbered"] == [(2, safe_mode.steps[1]), (3, safe_mode.steps[2])]
    assert chat.episode["stage"] == "fix_offered" and chat.episode["retries"] == 0 and chat.tickets() == []
    assert chat.say("ok ca marche", "affirm") == ["utter_kb_fix_worked"]


def test_a_question_asked_as_a_request_no_catalogue_item_fits_is_a_how_to(desk_database) -> None:
    wifi = KbHit("wifi-invites", "Donner le Wi-Fi à des visiteurs", "article", "", True, ("Demandez un code.",))
    chat = Chat(desk_database, FakeKb({"wifi": [wifi]}))
    assert chat.say("on a 12 stagiaires la semaine prochaine, comment ils ont le wifi ?", "service_request") == [
        "utter_kb_fix"]
    assert chat.tickets() == []
    assert chat.say("ok je demande un code a l'accueil, merci c'est clair", "thank") == ["utter_kb_fix_worked"]


def test_the_kb_is_searched_again_with_each_answer_to_a_question(desk_database) -> None:
    zebra = KbHit("zebra", "Imprimante Zebra : étiquettes sautées", "article", "", True, ("Calibrez.",))
    chat = Chat(desk_database, FakeKb({"calibr": [zebra]}))
    assert chat.say("l'imprimante d'etiquettes saute une etiquette sur deux", "report_incident")[0].startswith(
        "utter_ask_")
    assert chat.say("pour la calibration je tiens le bouton feed ?", "inform") == ["utter_kb_fix"]
    assert chat.episode["stage"] == "fix_offered" and chat.tickets() == []


def test_a_request_in_no_alias_takes_the_item_of_a_process_the_kb_ranks_near_the_top(desk_database) -> None:
    blocked = KbHit("site-bloque", "Un site est bloqué : que faire", "article", "", True, ("Lisez la page.",), "",
                    0.89)
    process = KbHit("reseau-exception-proxy", "Demander une exception proxy", "article", "", True, (), "", 0.78)
    chat = Chat(desk_database, FakeKb({"portal": [blocked, process]}))
    chat.say("the proxy won't let me on a customer's portal, we need it for deliveries", "service_request",
             language="en")
    assert chat.episode["item"] == "proxy_exception"
    # A question about the request is no other department's business: the request goes on.
    chat.say("does my manager have to approve? she's on holiday until monday", "other_request", language="en")
    assert chat.episode["item"] == "proxy_exception" or chat.tickets()[0].type == "service_request"
    assert all(ticket.status != "cancelled" for ticket in chat.tickets())


def test_asking_for_a_person_hands_over_what_was_said(desk_database, kb) -> None:
    chat = Chat(desk_database, kb, live=True)
    chat.say("outlook ne demarre plus", "report_incident")
    assert chat.say("je veux parler a un technicien", "ask_human")[0] == "utter_handed_to_human"
    (ticket,) = chat.tickets()
    assert ticket.level == 2 and chat.last.paused and "outlook" in ticket.description.lower()


def test_a_how_to_answered_from_the_kb_never_goes_through_the_form(desk_database) -> None:
    kb = FakeKb({"signature": [KbHit("outlook-signature", "Créer sa signature Outlook", "article", "", True,
                                     ("Fichier > Options > Courrier > Signatures.",))]})
    chat = Chat(desk_database, kb)
    assert chat.say("comment je mets une signature dans mes mails ?", "assistance_request") == ["utter_kb_fix"]
    assert chat.say("merci !", "thank") == ["utter_kb_fix_worked"]
    (ticket,) = chat.tickets()
    assert ticket.origin == "assistance" and ticket.status == "closed"


def test_more_about_a_redirected_matter_is_not_recorded_again(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    assert chat.say("ma fiche de paie a une erreur sur les heures sup", "other_request") == [
        "utter_other_request_redirected"]
    assert chat.say("il manque 12 heures de nuit", "inform") == ["utter_other_request_again"]
    # "Who do I call then?" is no request for a technician: the same department still.
    assert chat.say("je dois appeler qui ???", "ask_human") == ["utter_other_request_again"]
    assert len(chat.tickets()) == 1


def test_details_without_a_verdict_twice_mean_the_fix_did_not_work(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook ne demarre plus, juste moi", "report_incident")
    assert chat.say("c'est sur mon portable", "inform") == ["utter_kb_detail_noted"]
    assert chat.say("mes collegues eux n'ont pas le souci", "inform") == ["utter_incident_opened",
                                                                         "utter_kb_meanwhile"]


def test_a_how_to_gets_the_best_article_even_short_of_confident(desk_database) -> None:
    unsure = KbHit("compte-mot-de-passe-oublie", "Mot de passe oublié", "article", "", False, ("Allez sur reset.",),
                   score=0.4)
    behind = KbHit("compte-verrouille", "Compte verrouillé", "article", "", False, (), score=0.25)
    how_to, problem = Chat(desk_database, FakeKb({"mdp": [unsure, behind]})), Chat(
        desk_database, FakeKb({"mdp": [unsure, behind]}), user="bob")
    assert how_to.say("mdp oublie, je le reinitialise comment ?", "assistance_request") == ["utter_kb_fix"]
    assert problem.say("mon mdp ne marche plus", "report_incident") != ["utter_kb_fix"]


def test_a_how_to_on_a_service_with_an_outage_is_not_linked_to_it(desk_database) -> None:
    Chat(desk_database, FakeKb()).say("plus de reseau pour tout l'etage, personne ne peut bosser", "report_incident")
    chat = Chat(desk_database, FakeKb(), user="bob")
    assert chat.say("comment je connecte un visiteur au reseau invite ?", "assistance_request") != [
        "utter_major_known"]


def test_the_fix_that_seemed_to_fail_worked_after_all(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook ne demarre plus avec 0x800CCC0E, juste moi", "report_incident")
    assert chat.say("toujours pareil", "deny")[0] == "utter_incident_opened"
    assert chat.say("ah si ca remarche maintenant, c'est bon", "affirm") == ["utter_kb_fix_worked"]
    (ticket,) = chat.tickets()
    assert (ticket.status, ticket.resolution_code) == ("closed", "known_fix_applied")


def test_an_error_code_is_an_incident_even_where_a_request_item_matches(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    chat.say("l'installation du logiciel depuis le portail echoue avec 0x80070005", "report_incident")
    assert chat.episode["kind"] == "incident" and all(ticket.type == "incident" for ticket in chat.tickets())


def proxy_request(factory) -> tuple[Chat, list[str]]:
    """A blocked site whose KB answer is the exception request's process, asked until the request opens."""
    process = KbHit("reseau-exception-proxy", "Site bloqué par le proxy : demander une exception", "article",
                    "https://kb.example/reseau-exception-proxy", True, ("Faites une demande d'exception.",))
    chat = Chat(factory, FakeKb({"proxy": [process]}))
    replies = chat.say("le proxy me bloque https://portail.transporteur.fr, page acces refuse", "report_incident")
    while replies[-1] == "utter_ask_request_field":
        replies = chat.say("pour reserver les enlevements")
    return chat, replies


def test_a_problem_whose_answer_is_a_catalogue_process_becomes_that_request(desk_database) -> None:
    chat, replies = proxy_request(desk_database)
    assert "utter_request_opened" in replies and "utter_request_article" in replies
    (request,) = chat.tickets()
    assert request.type == "service_request" and any(a.kind == "kb" for a in request.attachments)


def test_a_detail_that_points_to_a_better_article_drops_the_first(desk_database, kb) -> None:
    printer = KbHit("imprimante-hors-ligne", "Imprimante hors ligne", "article", "", True, ("Rallumez-la.",))
    chat = Chat(desk_database, FakeKb({"imprimante": [printer], "outlook": [OUTLOOK_FIX]}))
    chat.say("outlook plante quand j'imprime", "report_incident")
    assert chat.say("en fait c'est l'imprimante qui est hors ligne", "inform") == ["utter_kb_better_fix"]
    assert [hit["doc_id"] for hit in chat.episode["tried"]] == [OUTLOOK_FIX.doc_id]


def test_a_request_the_user_solves_with_its_process_article_is_resolved_with_it(desk_database) -> None:
    chat, _ = proxy_request(desk_database)
    assert chat.say("ah c'est bon j'ai trouve, ca marche maintenant merci", "affirm") == ["utter_kb_fix_worked"]
    (request,) = chat.tickets()  # no second request for the same thing
    assert (request.status, request.resolution_code) == ("closed", "known_fix_applied")


def test_an_error_code_is_a_problem_even_when_the_nlu_is_sure_of_a_request(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    chat.say("install of the software from the portal fails with 0x87D00607", "service_request", language="en")
    assert chat.episode["kind"] == "incident" and all(ticket.type == "incident" for ticket in chat.tickets())


def test_asked_how_to_get_an_item_the_user_sees_its_process_before_any_request(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    assert chat.say("je dois installer 7zip, je suis pas admin, je fais comment ?", "service_request") == [
        "utter_kb_fix"]
    assert chat.tickets() == []
    assert chat.say("trouve dans le centre logiciel, installe. top", "affirm") == ["utter_kb_fix_worked"]
    (contact,) = chat.tickets()
    assert contact.status == "closed" and contact.type != "service_request"


def test_a_process_that_does_not_help_opens_the_request_with_what_was_said(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    chat.say("how do i install 7zip? i'm not admin", "service_request", language="en")
    replies = chat.say("that didn't help, it's not in the software centre", "deny", language="en")
    while replies[-1] == "utter_ask_request_field":
        replies = chat.say("to open zip files from carriers", language="en")
    assert "utter_request_opened" in replies
    (request,) = chat.tickets()
    assert request.type == "service_request" and "7zip" in request.description


def test_an_item_a_manager_approves_opens_its_request_without_the_process_first(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    replies = chat.say("comment je fais pour avoir un acces a sap ?", "service_request")
    assert replies[0] != "utter_kb_fix"


def test_a_request_a_manager_approves_waits_for_the_approval_once_opened(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    replies = chat.say("j'ai besoin d'une licence visio pour faire les plans du nouvel entrepot", "service_request")
    while replies[-1] == "utter_ask_request_field":
        replies = chat.say("pour les plans de l'entrepot")
    # Waiting on a manager, it has no deadline yet: the user is told who was asked instead.
    assert "utter_request_awaiting_approval" in replies and "utter_request_opened" not in replies
    (request,) = chat.tickets()
    assert (request.status, request.pending_reason) == ("pending", "approval")
    fields = chat.last.replies[replies.index("utter_request_awaiting_approval")].fields
    assert fields["number"] == request.number and fields["approvers"] == []  # no manager known: the desk finds one


def test_more_about_a_request_just_opened_goes_to_it_not_to_a_second_request(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    replies = chat.say("merci de m'installer 7zip", "service_request")
    while replies[-1] == "utter_ask_request_field":
        replies = chat.say("pour ouvrir les zip des transporteurs")
    assert "utter_request_opened" in replies
    assert chat.say("c'est sur le poste NW-LT-0412 au 2e etage", "service_request", 0.9) == ["utter_ticket_status"]
    (request,) = chat.tickets()
    assert any("NW-LT-0412" in line.body for line in request.log)


def test_a_request_no_alias_names_takes_the_item_whose_process_the_kb_finds(desk_database) -> None:
    process = KbHit("poste-installer-logiciel-portail", "Installer un logiciel", "article", "", False, (),
                    score=0.4)
    chat = Chat(desk_database, FakeKb({"autocad": [process]}))
    replies = chat.say("could you put AutoCAD LT on my laptop? it's not in the portal", "service_request",
                       language="en")
    while replies[-1] == "utter_ask_request_field":
        replies = chat.say("to review the floor plans", language="en")
    (request,) = chat.tickets()
    assert request.group_name == "Applications" and "utter_request_article" in replies


def test_a_problem_the_kb_answers_only_with_a_process_becomes_that_request(desk_database) -> None:
    process = KbHit("onedrive-restaurer-fichier", "Restaurer un fichier supprimé", "article", "", False, (),
                    score=0.35)
    chat = Chat(desk_database, FakeKb({"efface": [process]}))
    replies = chat.say("j'ai efface par megarde le classeur des tournees de novembre", "report_incident")
    assert chat.episode.get("item") == "file_restore" or "utter_request_opened" in replies
    assert all(ticket.type == "service_request" for ticket in chat.tickets())


def test_context_naming_another_service_goes_to_the_ticket_just_opened(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook plante au demarrage avec 0x800CCC0E, bloquant, juste moi", "report_incident")
    assert chat.say("toujours pareil", "deny")[0] == "utter_incident_opened"
    assert chat.say("je suis chez moi, internet marche tres bien a part ca", "inform") == ["utter_ticket_status"]
    assert len(chat.tickets()) == 1


def _two_tickets(factory) -> str:
    open_vpn_ticket(factory)
    with unit_of_work(factory) as session:
        screen = open_incident(db_session=session, agreements=desk_of(db_session=session), report=IncidentReport(
            service="Poste de travail", description="deuxieme ecran qui ne s'allume plus", impact=3, urgency=3,
            requester="alice", channel="webchat", conversation_id="webchat:demo:alice", language="fr"))
        screen.title = "Deuxieme ecran : ne s'allume plus"
        return screen.number or ""


def test_the_ticket_to_follow_up_can_be_chosen_in_words(desk_database) -> None:
    number = _two_tickets(desk_database)
    chat = Chat(desk_database, FakeKb())
    assert chat.say("ou en est ma demande svp ?", "incident_followup") == ["utter_which_ticket"]
    assert chat.say("celle pour l'ecran", "inform") == ["utter_ticket_status"]
    assert chat.episode["focus"] == number


def test_a_new_error_after_the_steps_means_the_fix_did_not_work(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook plante au demarrage, juste moi", "report_incident")
    replies = chat.say("j'ai suivi les etapes et maintenant j'ai 'impossible de développer le dossier'", "inform")
    assert replies[0] == "utter_incident_opened"
    (ticket,) = chat.tickets()
    assert "impossible de développer le dossier" in (ticket.error_message or "")


def test_what_was_tried_in_vain_said_while_asked_opens_the_ticket_with_the_kbs_fix(desk_database, kb) -> None:
    """The user tried an article of another language (no shared word names it): the ticket opens now, with the
    KB's best fix beside it, rather than a fix they already did and more questions."""
    chat = Chat(desk_database, FakeKb({"outlook": [OUTLOOK_FIX]}))
    chat.say("mon appli plante depuis ce matin", "report_incident")
    assert chat.episode.get("asked")
    assert chat.say("j'ai suivi la doc pour outlook, j'ai tout fait, toujours pareil", "inform") == [
        "utter_incident_opened", "utter_kb_meanwhile"]
    (ticket,) = chat.tickets()
    assert ticket.level == 2


def test_a_fix_that_did_not_hold_reopens_its_contact_for_level_2(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook ne demarre plus, juste moi", "report_incident")
    assert chat.say("c'est bon ca remarche, merci", "affirm") == ["utter_kb_fix_worked"]
    assert chat.say("non en fait ca recommence, toujours pareil", "deny") == ["utter_closure_reopened"]
    (ticket,) = chat.tickets()
    assert ticket.status == "in_progress" and ticket.level == 2
    assert any("ca recommence" in entry.body for entry in ticket.log)


def test_a_new_problem_after_a_solved_contact_is_no_relapse(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook ne demarre plus, juste moi", "report_incident")
    chat.say("c'est bon ca remarche, merci", "affirm")
    assert "utter_closure_reopened" not in chat.say("j'ai un autre souci, mon imprimante ne marche pas",
                                                     "report_incident")


def test_after_a_failed_fix_only_the_service_is_asked_and_only_once(desk_database) -> None:
    unnamed = KbHit("site-bloque", "Un site est bloqué", "article", "", True, ("Faites Ctrl+F5.",))
    chat = Chat(desk_database, FakeKb({"bloque": [unnamed]}))
    assert chat.say("le site du transporteur est bloque, page orange", "report_incident") == ["utter_kb_fix"]
    assert chat.say("ctrl f5 fait, toujours pareil", "deny")[-1] == "utter_ask_service"
    assert chat.say("mon voisin l'ouvre sans souci", "inform")[0] == "utter_incident_opened"


def test_it_words_the_nlu_sent_elsewhere_tell_a_problem_unless_something_is_asked_for(desk_database) -> None:
    """'Outlook invites arrive an hour off' names IT's tool and asks for nothing: no request opens for it."""
    chat = Chat(desk_database, FakeKb())
    chat.say("les invitations outlook que j'envoie arrivent avec une heure de decalage", "other_request", 0.4)
    assert chat.episode.get("kind") == "incident"
    assert all(ticket.type != "service_request" for ticket in chat.tickets())


def test_a_question_in_it_words_the_nlu_sent_elsewhere_is_searched_as_a_how_to(desk_database) -> None:
    chat = Chat(desk_database, FakeKb())
    chat.say("quelle est la procedure pour rendre le portable d'un collaborateur qui part ?", "other_request", 0.7)
    assert chat.episode.get("kind") != "other"
    assert all(ticket.origin != "other" for ticket in chat.tickets())


def test_blocked_said_after_the_ticket_opened_raises_its_priority(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook ne demarre plus, juste moi, pas urgent", "report_incident")
    chat.say("toujours pareil", "deny")
    (ticket,) = chat.tickets()
    assert ticket.priority == "P4"
    assert chat.say("en fait je ne peux plus rien faire sans mes mails, je suis bloquee", "inform") == [
        "utter_ticket_status"]
    (ticket,) = chat.tickets()
    assert ticket.urgency == 1 and ticket.priority < "P4"
    assert chat.last.replies[0].fields["priority"] == ticket.priority


def test_only_the_first_steps_tried_gets_the_rest_of_the_article_once_before_a_ticket(desk_database) -> None:
    dock = KbHit("dock-ecrans-noirs", "Écrans noirs sur la station d'accueil", "article", "https://kb.example/dock",
                 True, ("Débranchez le câble USB-C du portable et rebranchez-le.", "Vérifiez le voyant du dock.",
                        "Appuyez sur Windows + P et choisissez Étendre.",
                        "Débranchez le dock du secteur 30 secondes."))
    chat = Chat(desk_database, FakeKb({"ecran": [dock]}))
    assert chat.say("mes deux ecrans restent noirs sur le dock", "report_incident") == ["utter_kb_fix"]
    assert chat.say("j'ai rebranche l'usb-c, rien", "deny") == ["utter_kb_next_steps"]
    assert [n for n, _ in chat.last.replies[0].fields["numbered"]] == [2, 3, 4] and chat.tickets() == []
    assert "utter_incident_opened" in chat.say("toujours rien", "deny")  # once: then a technician


def test_advice_on_a_purchase_for_home_opens_nothing(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    replies = chat.say("which laptop should I buy for my son for uni, mac or windows?", "assistance_request",
                       language="en")
    assert replies == ["utter_out_of_scope"] and chat.tickets() == []


def test_what_a_no_to_the_fix_says_of_how_blocking_it_is_rates_the_ticket(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    chat.say("outlook ne demarre plus, juste moi", "report_incident")
    chat.say("toujours pareil et la je suis completement bloquee, je ne peux plus travailler du tout", "deny")
    (ticket,) = chat.tickets()
    assert ticket.urgency == 1 and "bloquee" in ticket.description


def test_an_error_on_a_trucks_tachograph_goes_to_the_fleet_not_to_it(desk_database, kb) -> None:
    chat = Chat(desk_database, kb)
    replies = chat.say("le chronotachygraphe du camion GH-227-PT affiche erreur carte conducteur, je peux pas partir",
                       "report_incident")
    assert replies == ["utter_other_request_redirected"]
    (ticket,) = chat.tickets()
    assert ticket.origin == "other"


@pytest.mark.parametrize(("text", "logged"), [
    # one of two tickets named by its words: that one, without asking which
    ("pour mon ecran, il faudrait aussi un cable hdmi, c'est possible ?", "hdmi"),
    # "you can close it" is the user's word on their ticket, not a new problem
    ("le deuxieme ecran s'allume de nouveau, vous pouvez fermer merci", "vous pouvez fermer"),
])
def test_a_follow_up_on_one_of_two_tickets_goes_to_it(desk_database, text: str, logged: str) -> None:
    number = _two_tickets(desk_database)
    assert Chat(desk_database, FakeKb()).say(text, "inform") == ["utter_ticket_status"]
    with desk_database() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
        assert any(logged in line.body for line in ticket.log)
