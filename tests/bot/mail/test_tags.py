"""The signed ticket references of the e-mail door: made and read back, whatever the case a mail server folds
them to, and refused when forged, altered or signed with another secret."""

from bot.mail.tags import TicketRef, from_addresses, from_thread_ids, notice_id, reply_address, thread_id

SECRET = "s3cret"
REF = TicketRef("demo", "INC-000042")


def test_a_reply_address_carries_the_ticket_signed_and_reads_back_in_any_case() -> None:
    address = reply_address("support@desk.example", REF, SECRET)
    assert address.startswith("support+t.demo.inc-000042.") and address.endswith("@desk.example")
    assert len(address.split("@")[0]) <= 64  # an address's local part
    assert from_addresses([address], SECRET) == REF
    assert from_addresses([address.upper()], SECRET) == REF
    assert from_addresses(["other@desk.example", f"Support <{address}>"], SECRET) == REF


def test_a_thread_id_and_a_notice_id_name_the_ticket() -> None:
    root = thread_id(REF, SECRET)
    assert root.startswith("<ticket-INC-000042.") and root.endswith("@relais.demo>")
    own = notice_id(REF, 17, "demo", SECRET)
    assert own != root and own == notice_id(REF, 17, "demo", SECRET)  # the same at every attempt
    assert from_thread_ids(own, SECRET) == REF
    assert from_thread_ids(f"<abc@mail.example> {root}", SECRET) == REF
    assert notice_id(None, 17, "demo", SECRET) == "<notice-17@relais.demo>"


def test_forged_altered_or_foreign_references_are_refused() -> None:
    address = reply_address("support@desk.example", REF, SECRET)
    other_ticket = address.replace("inc-000042", "inc-000043")
    assert from_addresses([other_ticket], SECRET) is None
    assert from_addresses([address.replace("+t.demo.", "+t.acme.")], SECRET) is None
    assert from_addresses([address], "another secret") is None
    assert from_addresses(["support+t.demo.inc-000042.0000000000000000@desk.example"], SECRET) is None
    assert from_thread_ids("<ticket-INC-000042@relais.demo>", SECRET) is None  # unsigned
    assert from_thread_ids(thread_id(REF, SECRET).replace("000042", "000043"), SECRET) is None
    assert from_thread_ids("", SECRET) is None and from_addresses([], SECRET) is None
