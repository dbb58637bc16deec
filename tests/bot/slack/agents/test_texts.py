"""How the agents' channel words a takeover step that failed: from the error's fields, in the sentences
agents have always read there."""

import pytest

from bot.errors import explain
from bot.slack.agents.texts import hint
from servicedesk.errors import InvalidQualification, TakeoverError, TakeoverRefusal


@pytest.mark.parametrize(("reason", "words"), [
    ("unknown", "no takeover 7"),
    ("not_waiting", "this conversation is no longer waiting"),
    ("not_taken", "this conversation is not taken"),
    ("held_by_other", "another agent has this conversation"),
    ("over", "this conversation was already given back"),
    ("not_holder", "take the conversation over before writing to the user"),
])
def test_a_takeover_refusal_is_worded_from_its_reason(reason: TakeoverRefusal, words: str) -> None:
    assert explain(TakeoverError(reason, takeover_id=7, taken_by="Julie"), "en") == words


def test_the_failed_hint_wraps_it_in_the_agents_language() -> None:
    error = TakeoverError("over", takeover_id=7)
    assert hint("fr", "failed", error=explain(error, "fr")).startswith("⚠️ Action impossible : ")
    assert hint("en", "failed", error=explain(error, "en")) == \
        "⚠️ Could not do it: this conversation was already given back"


def test_other_domain_errors_are_refused_without_their_english() -> None:
    assert explain(InvalidQualification("off_the_matrix", (7, 2)), "fr") == "le service desk refuse ces valeurs"
