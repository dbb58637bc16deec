"""Who and where in Teams: the tenant wherever Teams puts it, the conversation and requester keys, the
delivery's key, the reference kept for later, and what the user said without the bot's mention."""

from botbuilder.schema import Activity

from bot.teams import places
from standins.bot_connector import BOT_ID, teams_activity

URL = "http://127.0.0.1:1"


def activity(text: str | None = "x", **fields) -> Activity:
    return Activity().deserialize(teams_activity(text, service_url=URL, **fields))


def test_the_tenant_is_read_from_the_conversation_or_else_the_channel_data() -> None:
    assert places.tenant_of(activity(tenant="t1")) == "t1"
    only_channel_data = teams_activity("x", service_url=URL, tenant="t2")
    del only_channel_data["conversation"]["tenantId"]
    assert places.tenant_of(Activity().deserialize(only_channel_data)) == "t2"
    assert places.tenant_of(activity(tenant=None)) is None


def test_keys_name_the_tenant_and_the_user_by_their_entra_id() -> None:
    place = places.place("demo", activity(tenant="t1", conversation_id="a:1chat", aad_object_id="aad-1"), "t1")
    assert (place.channel, place.conversation, place.requester) == ("teams", "teams:t1:a:1chat", "teams:t1:aad-1")
    assert places.place("demo", activity(aad_object_id=None, user_id="29:1u"), "t1").requester == "teams:t1:29:1u"


def test_overlong_ids_become_a_stable_digest_that_fits() -> None:
    long_id = "a:" + "z" * 300
    key = places.conversation("t1", long_id)
    assert len(key) <= places.MAX_KEY and key == places.conversation("t1", long_id)
    assert key != places.conversation("t1", long_id + "y")
    event = places.event_key(activity(conversation_id=long_id, activity_id="1700000000001"))
    assert len(event) <= places.MAX_KEY and event.endswith("|1700000000001")


def test_the_address_is_the_conversation_reference_and_gives_it_back() -> None:
    incoming = activity(conversation_id="a:1chat", activity_id="17")
    address = places.address(incoming, "t1")
    assert address["tenant"] == "t1" and address["serviceUrl"] == URL and address["bot"]["id"] == BOT_ID
    reference = places.reference(address)
    assert (reference.conversation.id, reference.service_url, reference.channel_id, reference.activity_id) == (
        "a:1chat", URL, "msteams", "17")
    assert places.reference({}) is None and places.reference({"tenant": "t1", "serviceUrl": URL}) is None


def test_the_bots_mention_is_stripped_and_other_mentions_kept_as_names() -> None:
    assert places.said(activity("bonjour  à tous", mention=True)) == "bonjour à tous"
    other = activity("<at>Relais</at> demande à <at>Bob</at>&nbsp;de voir", mention=True)
    assert places.said(other) == "demande à Bob de voir"
    no_entities = activity("<at>Relais</at> aide-moi")  # no mention entity: the bot's name still goes
    assert places.said(no_entities) == "aide-moi"
    assert places.said(activity("ligne 1\n  ligne 2 ")) == "ligne 1\nligne 2"
    assert places.said(activity(None)) == ""


def test_files_are_shared_files_and_pasted_images_not_html_copies_or_cards() -> None:
    incoming = activity("voici")
    incoming.attachments = Activity().deserialize({"type": "message", "attachments": [
        {"contentType": "text/html", "content": "<p>voici</p>"},
        {"contentType": "application/vnd.microsoft.teams.file.download.info", "name": "log.txt",
         "content": {"downloadUrl": "https://files.test/log.txt", "fileType": "txt"}},
        {"contentType": "image/*", "contentUrl": "https://smba.test/img/1"},
        {"contentType": "application/vnd.microsoft.card.adaptive", "content": {}},
    ]}).attachments
    assert places.files(incoming) == ({"name": "log.txt", "url": "https://files.test/log.txt"},
                                      {"name": "1", "url": "https://smba.test/img/1"})
