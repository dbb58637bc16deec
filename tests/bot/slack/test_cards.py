"""The handoff card and its modals as Block Kit, without Slack: within Slack's limits whatever the ticket
holds, a user's text never pings or links, and the buttons follow the takeover."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.slack import cards

AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def facts(**changes) -> cards.CardFacts:
    base = cards.CardFacts(client="demo", takeover_id=12, number="INC-000042", title="VPN – coupe sans arrêt",
                           requester="slack:T0DEMOINDUS:U1", requester_name="Alice Martin", priority="P2",
                           qualification="incident", service="VPN", group="Infrastructure",
                           reason="the KB fix failed", deadline=AT + timedelta(hours=8),
                           tried=("tried without success: Redémarrer le client VPN (kb-vpn-01)",),
                           transcript=(cards.Line(AT, "requester", "slack:T0DEMOINDUS:U1", "mon VPN coupe"),),
                           language="fr")
    return cards.CardFacts(**{**base.__dict__, **changes})


def section_texts(blocks) -> list[str]:
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
    texts += [f["text"] for b in blocks if b["type"] == "section" for f in b.get("fields", [])]
    return texts + [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]


def test_a_waiting_card_has_its_facts_and_one_take_over_button() -> None:
    blocks = cards.card_blocks(facts(), cards.CardState())
    shown = "\n".join(section_texts(blocks))
    assert blocks[0]["text"]["text"] == "INC-000042 — VPN – coupe sans arrêt"
    for expected in ("Alice Martin (slack:T0DEMOINDUS:U1)", "*Priorité*\nP2", "*Qualification*\nincident",
                     "*Groupe*\nInfrastructure", "Redémarrer le client VPN", "*requester*: mon VPN coupe",
                     f"<!date^{int((AT + timedelta(hours=8)).timestamp())}^", "En attente d'un technicien"):
        assert expected in shown, expected
    assert [b["action_id"] for b in blocks[-1]["elements"]] == ["relais_take"]
    assert blocks[-1]["elements"][0]["value"] == "demo:12"


def test_the_buttons_and_last_line_follow_the_takeover() -> None:
    english = facts(language="en")
    taken = cards.card_blocks(english, cards.CardState("taken", "Nadia", AT, pending_reason="a screenshot"))
    assert [b["action_id"] for b in taken[-1]["elements"]] == ["relais_hand_back", "relais_pending", "relais_remote",
                                                               "relais_resolve"]
    assert "Taken by *Nadia*" in taken[-2]["elements"][0]["text"]
    assert "pending on the user: a screenshot" in taken[-2]["elements"][0]["text"]
    for outcome, expected in (("handed_back", "Handed back to the bot by *Nadia*"),
                              ("resolved", "Resolved by *Nadia* at")):
        ended = cards.card_blocks(english, cards.CardState("ended", "Nadia", AT, outcome, resolution="Fixed"))
        assert ended[-1]["type"] == "context" and expected in ended[-1]["elements"][0]["text"]


def test_whatever_the_ticket_holds_the_card_stays_within_slacks_limits() -> None:
    huge = "x" * 10_000
    lines = tuple(cards.Line(AT, "requester", "u", f"{i} {huge}") for i in range(200))
    blocks = cards.card_blocks(facts(title=huge, reason=huge, tried=(huge,) * 50, transcript=lines,
                                     requester_name=huge), cards.CardState())
    assert len(blocks) <= cards.MAX_BLOCKS
    assert len(blocks[0]["text"]["text"]) <= 150
    for block in blocks:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000
        for field in block.get("fields", []):
            assert len(field["text"]) <= 2000
    transcript = next(t for t in section_texts(blocks) if t.startswith("*Conversation*"))
    assert "199 xxx" in transcript and "198 xxx" not in transcript.split("199 xxx")[1]  # newest kept, oldest first


def test_only_the_last_lines_of_a_long_conversation_are_shown() -> None:
    lines = tuple(cards.Line(AT, "requester", "u", f"message {i}") for i in range(40))
    text = cards.transcript_text(lines, "")
    assert text.splitlines()[0].endswith("message 25") and text.splitlines()[-1].endswith("message 39")


def test_what_users_typed_cannot_ping_the_channel_or_forge_links() -> None:
    blocks = cards.card_blocks(facts(transcript=(cards.Line(AT, "requester", "u", "<!channel> <http://x|clic> & co"),)),
                               cards.CardState())
    shown = "\n".join(section_texts(blocks))
    assert "&lt;!channel&gt; &lt;http://x|clic&gt; &amp; co" in shown and "<!channel>" not in shown


def test_the_resolve_modal_offers_the_clients_codes() -> None:
    choices = cards.ClosureChoices(
        categories=tuple(cards.Choice(f"c{i}", f"Catégorie {i} " + "y" * 100) for i in range(150)),
        cause_codes=(cards.Choice("configuration", "Configuration"),),
        resolution_codes=(cards.Choice("fixed", "Corrigé"),), initial={"category": "c3"})
    view = cards.resolve_modal("demo", 12, "INC-000042", choices, "fr")
    assert (view["callback_id"], view["private_metadata"]) == ("relais_resolve", "demo:12")
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == ["category", "cause_code", "resolution_code", "solution"]
    assert len(inputs["category"]["options"]) == 100
    assert all(len(o["text"]["text"]) <= 75 for o in inputs["category"]["options"])
    assert inputs["category"]["initial_option"]["value"] == "c3"
    assert "initial_option" not in inputs["cause_code"]
    assert inputs["solution"]["multiline"] is True


def test_a_submitted_modal_reads_as_values_by_block() -> None:
    view = {"state": {"values": {
        "category": {"value": {"type": "static_select", "selected_option": {"value": "network"}}},
        "cause_code": {"value": {"type": "static_select", "selected_option": None}},
        "solution": {"value": {"type": "plain_text_input", "value": "  MTU à 1400 "}}}}}
    assert cards.submitted(view) == {"category": "network", "cause_code": "", "solution": "MTU à 1400"}


@pytest.mark.parametrize("value", ["", "demo", "demo:", "demo:x", ":12"])
def test_a_forged_button_value_is_refused(value: str) -> None:
    with pytest.raises(ValueError):
        cards.parse_value(value)


def test_a_client_slug_with_colons_still_parses() -> None:
    assert cards.parse_value(cards.button_value("a:b", 7)) == ("a:b", 7)
