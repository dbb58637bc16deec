import pytest

from servicedesk.errors import MalformedTicketNumber
from servicedesk.tickets.numbering import find_number, format_number


def test_numbers_are_readable_and_padded() -> None:
    assert format_number("incident", 42) == "INC-000042"
    assert format_number("service_request", 7) == "REQ-000007"
    assert format_number("incident", 1234567) == "INC-1234567"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("où en est INC-000042 ?", "INC-000042"),
        ("status of inc-42 please", "INC-000042"),
        ("INC000042", "INC-000042"),
        ("ticket INC 42", "INC-000042"),
        ("any news on REQ-000003?", "REQ-000003"),
        ("(INC-000042)", "INC-000042"),
    ],
)
def test_numbers_are_found_however_users_type_them(text: str, number: str) -> None:
    assert find_number(text) == number


@pytest.mark.parametrize("text", ["des nouvelles de mon ticket ?", "Acme Inc. is our supplier", "", "42"])
def test_text_without_a_number_names_no_ticket(text: str) -> None:
    assert find_number(text) is None


@pytest.mark.parametrize("text", ["où en est INC-ABC ?", "INC-0", "INC-12345678901"])
def test_broken_numbers_are_reported_as_malformed(text: str) -> None:
    with pytest.raises(MalformedTicketNumber):
        find_number(text)
