"""The upload link an agent sends reaches the requester as a sentence of the bot's, in their language."""

from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bot.notices import render


def test_the_offer_reads_in_the_requesters_language_with_its_link_and_end() -> None:
    payload = {"number": "INC-000042", "url": "https://doors.example/upload/abc", "expires_at":
               "2026-12-05T09:00:00+00:00"}
    french = render(SimpleNamespace(event="upload_offer", recipient="u", language="fr", payload=payload),
                    zone=ZoneInfo("Europe/Paris"))
    assert french == ("Pour le ticket INC-000042, vous pouvez m'envoyer vos captures d'écran et fichiers journaux sur "
                      "cette page : https://doors.example/upload/abc\nLe lien sert une seule fois et reste valable "
                      "jusqu'au 05/12/2026 à 10:00.")
    english = render(SimpleNamespace(event="upload_offer", recipient="u", language="en", payload=payload))
    assert english.endswith("stays valid until 2026-12-05 at 09:00 UTC.")
