"""The modals: pending asks what the user must provide, resolve checks the client's closure codes."""

from tests.bot.slack.agents.conftest import LUCAS, NADIA, USER, Bench, run, texts_of, waiting_takeover


def test_pending_asks_what_the_user_must_provide(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.click(LUCAS, "relais_pending", takeover_id)  # not taken: no modal, a hint
        await bench.wait("chat.postEphemeral", lambda call: call.params["user"] == LUCAS)
        assert slack.calls_to("views.open") == []
        await bench.click(NADIA, "relais_take", takeover_id)
        await bench.wait("chat.update")
        await bench.click(NADIA, "relais_pending", takeover_id)
        opened = await bench.wait("views.open")
        assert opened.params["view"]["callback_id"] == "relais_pending"

        refused = await bench.submit(NADIA, "relais_pending", takeover_id, {"reason": ""})
        assert refused == {"response_action": "errors", "errors": {"reason": "Obligatoire."}}
        await bench.submit(NADIA, "relais_pending", takeover_id, {"reason": "la capture du message d'erreur"})
        updated = await bench.wait("chat.update",
                                   lambda call: "Ticket en attente de l'utilisateur" in texts_of(call.params["blocks"]))
        assert "la capture du message d'erreur" in texts_of(updated.params["blocks"])
        assert (await bench.told())[-1] == f"Le ticket {number} attend maintenant votre réponse : " \
                                   "la capture du message d'erreur"
        ticket = bench.ticket(number)
        assert (ticket.status, ticket.pending_reason) == ("pending", "requester")

    run(scenario())


def test_resolve_checks_the_closure_codes_then_resolves_with_them(directory, slack) -> None:
    takeover_id, number = waiting_takeover(directory)

    async def scenario() -> None:
        bench = Bench(directory, slack)
        await bench.agents.post_card("demo", takeover_id)
        await bench.click(NADIA, "relais_take", takeover_id)
        await bench.wait("chat.update")
        await bench.click(NADIA, "relais_resolve", takeover_id)
        view = (await bench.wait("views.open")).params["view"]
        assert (view["callback_id"], view["private_metadata"]) == ("relais_resolve", f"demo:{takeover_id}")
        selects = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
        assert set(selects) == {"category", "cause_code", "resolution_code", "solution"}
        assert {"text": {"type": "plain_text", "text": "Configuration", "emoji": True}, "value": "configuration"} in \
            selects["cause_code"]["options"]
        assert selects["category"]["initial_option"]["value"] == "network"  # the VPN's category in the catalogue

        wrong = await bench.submit(NADIA, "relais_resolve", takeover_id, {
            "category": "software", "cause_code": "gremlins", "resolution_code": "fixed", "solution": "MTU réglé"})
        assert wrong["response_action"] == "errors" and list(wrong["errors"]) == ["cause_code"]
        missing = await bench.submit(NADIA, "relais_resolve", takeover_id, {
            "category": "software", "cause_code": "configuration", "resolution_code": None, "solution": " "})
        assert set(missing["errors"]) == {"resolution_code", "solution"}
        assert bench.ticket(number).status == "in_progress"

        done = await bench.submit(NADIA, "relais_resolve", takeover_id, {
            "category": "network", "cause_code": "configuration", "resolution_code": "fixed",
            "solution": "MTU du client VPN ramené à 1400"})
        assert done == {}
        updated = await bench.wait("chat.update", lambda call: "Résolue" in texts_of(call.params["blocks"]))
        assert "Corrigé" in texts_of(updated.params["blocks"])
        ticket = bench.ticket(number)
        assert (ticket.status, ticket.category, ticket.cause_code, ticket.resolution_code, ticket.solution) == (
            "resolved", "network", "configuration", "fixed", "MTU du client VPN ramené à 1400")
        assert (await bench.told())[-1].startswith(f"Nadia Haddad a résolu le ticket {number} : MTU du client VPN")
        assert bench.rasa.events[-1][0] == USER and bench.rasa.events[-1][1][0] == {"event": "resume"}
        ticket = bench.ticket(number)
        assert ("takeover", "taken", "resolved") in [(h.field, h.old, h.new) for h in ticket.history]
        # the resolution teaches the client's KB, as from the chat and the API
        assert bench.learned == [("demo", {
            "number": number, "title": ticket.title, "description": "le VPN coupe toutes les 5 minutes",
            "solution": "MTU du client VPN ramené à 1400", "resolution_code": "fixed", "language": "fr"})]

    run(scenario())
