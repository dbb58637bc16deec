"""The labelled messages of messages.yml: every secret masked with the right kind, nothing else touched."""

from pathlib import Path

import pytest
import yaml

from servicedesk.privacy.secrets import MASK, mask_secrets

MESSAGES = yaml.safe_load((Path(__file__).parent / "messages.yml").read_text(encoding="utf-8"))


def test_the_dataset_is_mostly_ordinary_messages() -> None:
    with_secrets = [m for m in MESSAGES if m.get("kinds")]
    assert len(MESSAGES) >= 60 and len(with_secrets) < len(MESSAGES) - len(with_secrets)


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: m["text"][:50])
def test_each_message(message) -> None:
    masked = mask_secrets(message["text"])
    assert masked.kinds == tuple(message.get("kinds", ()))
    assert masked.found == bool(message.get("kinds"))
    if not masked.found:
        assert masked.text == message["text"]
    for secret in message.get("secrets", ()):
        assert secret not in masked.text
    assert masked.text.count(MASK) >= len(message.get("kinds", ()))


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: m["text"][:50])
def test_masking_masked_text_changes_nothing(message) -> None:
    once = mask_secrets(message["text"]).text
    again = mask_secrets(once)
    assert again.text == once and not again.found
