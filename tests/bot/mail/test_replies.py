"""A reply's own words: quoted history and signatures stripped, in French and English, from text or HTML."""

from email.message import EmailMessage

from bot.mail.replies import reply_text, strip


def test_a_french_reply_loses_its_signature_and_the_quoted_mail() -> None:
    body = ("Merci, c'est réglé de mon côté.\n\nCordialement,\nMarie Dupont\nService compta\n\n"
            "Le jeu. 3 déc. 2026 à 10:00, Relais <support@desk.example> a écrit :\n"
            "> Votre ticket INC-000042 est résolu\n")
    assert strip(body) == "Merci, c'est réglé de mon côté."


def test_an_english_reply_loses_the_dash_dash_signature_and_the_quote() -> None:
    body = ("Still broken after the reboot.\nSame error.\n\n-- \nJohn Smith\nACME\n\n"
            "On Thu, Dec 3, 2026 at 10:00 AM Relais <support@desk.example> wrote:\n> Your ticket INC-000042\n")
    assert strip(body) == "Still broken after the reboot.\nSame error."


def test_outlook_history_mobile_signatures_and_bare_quotes_go() -> None:
    assert strip("Thanks!\n\n-----Original Message-----\nFrom: x\nSent: y\n\nold") == "Thanks!"
    assert strip("ok\n\nEnvoyé de mon iPhone\n\n> quoted") == "ok"
    assert strip("> only a quote\n") == ""


def test_an_html_only_reply_is_read_without_its_blockquote() -> None:
    message = EmailMessage()
    message.set_content("<div>Merci <b>beaucoup</b></div><blockquote>Votre ticket…</blockquote><p>Marie</p>",
                        subtype="html")
    assert reply_text(message) == "Merci beaucoup\n\nMarie"


def test_the_plain_part_is_preferred_to_the_html_one() -> None:
    message = EmailMessage()
    message.set_content("plain words\n\n> quoted")
    message.add_alternative("<p>html words</p>", subtype="html")
    assert reply_text(message) == "plain words"


def test_a_short_quote_header_of_any_mail_client_ends_the_reply() -> None:
    assert strip("Parfait.\n\nLe 3 déc. 2026, Le centre de services a écrit :\n> Karim") == "Parfait."
    assert strip("Fine.\nOn Monday, Relais wrote:\n> old") == "Fine."
