"""bot.errors.explain: a domain error worded from its fields, in the reader's language and only in it."""

import pytest

from bot.errors import ChannelUnavailable, explain
from servicedesk.errors import (
    IllegalTransition,
    InvalidClosureCode,
    InvalidQualification,
    InvalidRating,
    MissingClosureCodes,
    TakeoverError,
    TakeoverRefusal,
    TicketNotFound,
)


@pytest.mark.parametrize(("reason", "fr", "en"), [
    ("unknown", "aucune prise en charge n° 7", "no takeover 7"),
    ("not_waiting", "cette conversation n'attend plus de technicien", "this conversation is no longer waiting"),
    ("over", "cette conversation a déjà été rendue", "this conversation was already given back"),
])
def test_a_takeover_refusal_is_worded_in_the_readers_language(reason: TakeoverRefusal, fr: str, en: str) -> None:
    error = TakeoverError(reason, takeover_id=7, taken_by="Julie")
    assert (explain(error, "fr"), explain(error, "en")) == (fr, en)


def test_a_workflow_error_is_worded_from_its_fields_not_its_message() -> None:
    assert explain(IllegalTransition("closed", "pending", "closed can only go to in_progress"), "fr") == \
        "le ticket ne peut pas passer de « clos » à « en attente »"
    assert explain(MissingClosureCodes(["category", "solution"]), "en") == "resolving needs: category, solution"
    assert explain(InvalidClosureCode("cause_code", "ZZ", ["HW"]), "fr") == \
        "« ZZ » n'est pas l'un des codes du client (cause)"
    assert explain(TicketNotFound("INC-000042"), "fr") == "aucun ticket INC-000042"
    assert explain(InvalidRating(7, "resolved"), "fr") == \
        "une note va de 1 à 5, sur un ticket clos (reçu 7, ticket « résolu »)"


def test_a_channel_that_failed_is_told_without_its_api_message() -> None:
    assert explain(ChannelUnavailable("slack: channel_not_found"), "fr") == "son canal ne répond pas pour le moment"


def test_a_domain_error_without_fields_is_refused_in_the_readers_language_and_anything_else_unexpected() -> None:
    assert explain(InvalidQualification("off_the_matrix", (7, 2)), "fr") == "le service desk refuse ces valeurs"
    assert explain(InvalidQualification("off_the_matrix", (7, 2)), "en") == "the service desk refuses these values"
    assert explain(KeyError("oops"), "en") == "an unexpected error"
