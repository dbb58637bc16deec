"""Block Kit rendering: escaped mrkdwn, images, every button kept, the agent named, a plain fallback
always; a clicked message loses its buttons and shows the choice; Slack's text read back as plain text."""

from bot.messages import BotMessage, Button
from bot.slack.blocks import actions_blocks, escape, mrkdwn, plain_text, render, with_choice


def test_text_is_escaped_and_markdown_becomes_mrkdwn() -> None:
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert mrkdwn("**Important** : voir [la doc](https://kb.test/a?x=1&y=2) <ici>") == (
        "*Important* : voir <https://kb.test/a?x=1&amp;y=2|la doc> &lt;ici&gt;")


def test_a_message_has_a_section_an_image_buttons_and_a_fallback() -> None:
    rendered = render(BotMessage(text="Choisissez <vite>", image="https://img.test/a.png",
                                 buttons=(Button("Oui", "/affirm"), Button("Non", "/deny"))))
    assert rendered["text"] == "Choisissez &lt;vite&gt;"
    section, image, actions = rendered["blocks"]
    assert section == {"type": "section", "text": {"type": "mrkdwn", "text": "Choisissez &lt;vite&gt;"}}
    assert (image["type"], image["image_url"]) == ("image", "https://img.test/a.png")
    assert [(e["action_id"], e["value"], e["text"]["text"]) for e in actions["elements"]] == [
        ("relais_button_0", "/affirm", "Oui"), ("relais_button_1", "/deny", "Non")]


def test_more_than_five_buttons_are_all_kept_and_more_than_25_split_into_blocks() -> None:
    seven = render(BotMessage(text="Quel service ?", buttons=tuple(Button(f"S{n}", f"/s{n}") for n in range(7))))
    assert [b["type"] for b in seven["blocks"]] == ["section", "actions"]
    assert len(seven["blocks"][1]["elements"]) == 7
    many = actions_blocks([Button(f"B{n}", f"/b{n}") for n in range(30)])
    assert [len(block["elements"]) for block in many] == [25, 5]
    assert len({e["action_id"] for block in many for e in block["elements"]}) == 30
    assert len({block["block_id"] for block in many}) == 2


def test_buttons_alone_still_have_a_fallback_text() -> None:
    assert render(BotMessage(buttons=(Button("Oui", "/affirm"),)))["text"] == "Oui"
    assert render(BotMessage(image="https://img.test/a.png"))["text"] == "https://img.test/a.png"


def test_an_agents_message_shows_the_agents_name() -> None:
    rendered = render(BotMessage(text="Je regarde", author="agent", author_name="Léa <L2>"))
    assert rendered["blocks"][0] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "👤 *Léa &lt;L2&gt;*"}]}
    assert rendered["text"] == "Léa &lt;L2&gt;: Je regarde"


def test_a_long_text_spans_several_sections() -> None:
    text = "\n".join(f"ligne {n:04d} " + "x" * 40 for n in range(200))
    sections = render(BotMessage(text=text))["blocks"]
    assert len(sections) > 1
    assert all(len(s["text"]["text"]) <= 3000 for s in sections)
    assert "".join(s["text"]["text"] for s in sections) == text


def test_the_choice_replaces_the_buttons_and_other_blocks_stay() -> None:
    blocks = render(BotMessage(text="Quel service ?", buttons=(Button("Messagerie", "/mail"),)))["blocks"]
    foreign = {"type": "actions", "elements": [{"type": "button", "action_id": "relais_take"}]}
    updated = with_choice([*blocks, foreign], "Messagerie & agenda")
    assert updated == [blocks[0], foreign,
                       {"type": "context", "elements": [{"type": "mrkdwn", "text": "✅ Messagerie &amp; agenda"}]}]
    # a choice with its own mark keeps it alone: "❌ Non" is not ticked
    assert with_choice([], "❌ Non, toujours pas")[-1]["elements"][0]["text"] == "❌ Non, toujours pas"


def test_slack_text_reads_back_plain_without_the_bots_mention() -> None:
    assert plain_text("<@U0BOT> mon &lt;PC&gt; &amp; l'écran, voir <https://x.test/a|x.test>", "U0BOT") == (
        "mon <PC> & l'écran, voir https://x.test/a")
    assert plain_text("écrire à <mailto:a@b.test|a@b.test>") == "écrire à a@b.test"
