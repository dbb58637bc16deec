"""The vertical slice through the real servers: report an incident with its level-1 diagnosis, get a
ticket, ask its status."""

import re

import pytest

pytestmark = pytest.mark.e2e

NUMBER = re.compile(r"INC-\d{6}")


def test_french_incident_then_status(bot) -> None:
    chat = bot.conversation()
    assert "message d'erreur" in chat.text("Outlook plante au démarrage")
    assert "reproduire" in chat.text("0x800CCC0E")
    assert "Depuis quand" in chat.text("je double-clique sur l'icône et la fenêtre se ferme")
    assert "quel appareil" in chat.text("depuis ce matin")
    assert "capture d'écran" in chat.text("PC portable, bureau de Lyon 2e étage")
    replies = chat.say("voici la capture https://partage.example/ecran-outlook.png")
    assert "Combien de personnes" in replies[0]["text"]
    assert [b["payload"] for b in replies[0]["buttons"]] == ["3", "2", "1"]
    assert "bloquant" in chat.text("3")
    opened = chat.text("1")
    number = NUMBER.search(opened).group(0)
    assert "priorité P2" in opened and "Outlook" in opened

    row = bot.ticket(number)
    assert (row.type, row.origin, row.status, row.priority) == ("incident", "incident", "new", "P2")
    assert (row.service, row.description, row.error_message, row.since) == (
        "Outlook", "Outlook plante au démarrage", "0x800CCC0E", "depuis ce matin")
    assert (row.impact, row.urgency, row.language, row.channel, row.requester) == (3, 1, "fr", "rest", chat.sender)
    assert (row.steps_to_reproduce, row.device) == ("je double-clique sur l'icône et la fenêtre se ferme",
                                                    "PC portable, bureau de Lyon 2e étage")
    assert [(a.kind, a.reference) for a in row.attachments] == [("link", "https://partage.example/ecran-outlook.png")]
    said = [e.body for e in row.log if e.author_kind == "requester"]
    assert said[:3] == ["Outlook plante au démarrage", "0x800CCC0E",
                        "je double-clique sur l'icône et la fenêtre se ferme"]
    assert said[-2:] == ["3", "1"]

    status = chat.text(f"où en est {number} ?")
    assert number in status and "Statut : nouveau" in status and "priorité P2" in status
    assert "Dernière mise à jour" in status and "groupe : " in status and "échéance de résolution" in status
    assert bot.ticket(number).log[-1].body == f"où en est {number} ?"


def test_english_incident_answered_in_words_then_status(bot) -> None:
    chat = bot.conversation()
    assert "error message" in chat.text("my VPN keeps disconnecting")
    assert "steps to reproduce" in chat.text("no error message")
    assert "Since when" in chat.text("don't know")
    assert "which device" in chat.text("since yesterday")
    assert "screenshot" in chat.text("my laptop, working from home")
    assert "How many people" in chat.text("no")
    assert "stop you from working" in chat.text("my whole team")
    opened = chat.text("seriously hampered")
    number = NUMBER.search(opened).group(0)
    assert "priority P2" in opened and "VPN" in opened

    row = bot.ticket(number)
    assert (row.service, row.error_message, row.impact, row.urgency, row.priority, row.language) == (
        "VPN", "", 2, 2, "P2", "en")

    status = chat.text(f"what's the status of {number}?")
    assert "Status: new" in status and "priority P2" in status and "Last updated" in status
    assert "resolution due by" in status


def test_the_bot_asks_what_the_first_message_did_not_say(bot) -> None:
    chat = bot.conversation()
    assert "Quelle application" in chat.text("j'ai un problème")
    assert "décrire le problème" in chat.text("le logiciel de paie")
    assert "message d'erreur" in chat.text("il se ferme tout seul quand je valide une fiche")


def test_unknown_and_malformed_ticket_numbers(bot) -> None:
    chat = bot.conversation()
    assert "Je ne trouve aucun ticket INC-987654" in chat.text("où en est INC-987654 ?")
    assert "n'est pas un numéro de ticket valide" in chat.text("où en est le ticket INC-ABC ?")
    english = bot.conversation()
    assert "can't find any ticket INC-987654" in english.text("what is the status of INC-987654?")


@pytest.mark.parametrize(("text", "intent"), [
    ("Outlook plante au démarrage", "report_incident"),
    ("où en est INC-000042 ?", "incident_followup"),
    ("j'aurais besoin d'un deuxième écran", "service_request"),
    ("can I get access to the finance sharepoint", "service_request"),
    ("je relance pour mon ticket, toujours aucune nouvelle depuis une semaine", "reminder"),
    ("how do I share my calendar in outlook", "assistance_request"),
    ("ma fiche de paie est fausse, qui dois-je contacter ?", "other_request"),
    ("je veux parler à un technicien", "ask_human"),
])
def test_the_http_api_parses_with_the_assistants_intents(bot, text, intent) -> None:
    assert bot.parse(text)["intent"]["name"] == intent


def test_the_http_api_returns_the_ticket_number_entity(bot) -> None:
    entities = bot.parse("où en est INC-000042 ?")["entities"]
    assert "INC-000042" in [e["value"] for e in entities if e["entity"] == "ticket_number"]
