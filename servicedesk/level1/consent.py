"""The user's yes or no to a technician connecting to their computer (issue 17), typed in the chat, and the
session code their tool shows once they said yes.

Consent to remote control must be given, never guessed: only a plain yes ("oui allez-y", "ok go ahead", "no
problem") counts as one, a plain no ("non merci", "pas maintenant") as a refusal, and anything else (a question
about it, a new problem, "what does that mean?") as neither, so that the conversation goes on and the question
stays open for the consent page or a later answer.
"""

import re

from servicedesk.level1._patterns import fold

# "no problem" and "pas de souci" agree: read as a plain "ok" before looking for a "no" or a "pas".
_AGREEING = r"pas de (?:souci|soucis|probleme|pb)|no problem|no worries|sans souci|why not|pourquoi pas"
_YES = (r"oui|ouai|ouais|ui|yes|yep|yeah|yup|ok|okay|d accord|dac|daccord|vas y|allez y|allez|go|go ahead|sure|"
        r"of course|bien sur|j accepte|i agree|agreed|accepte|je suis d accord|avec plaisir|carrement|absolument|"
        r"please do|faites|volontiers|fine|c est bon|good|parfait|perfect|top|super")
_NO = (r"non|nan|no|nope|nah|pas maintenant|not now|plus tard|later|je refuse|i refuse|refuse|i d rather not|"
       r"rather not|plutot pas|pas question|hors de question|no way|jamais|never|pas d accord|not ok|no thanks|"
       r"non merci|je prefere pas|je prefere que non|i prefer not")
_SHORT = 8  # words: a longer message is about something else, or too unsure to decide a consent on


def read_consent(text: str) -> bool | None:
    """True for a yes, False for a no, None for anything else (a question, another subject, both at once)."""
    words = " " + re.sub(r"[^a-z0-9?]+", " ", fold(text)).strip() + " "
    if "?" in words or not words.strip() or len(words.split()) > _SHORT:
        return None
    words = re.sub(rf" (?:{_AGREEING})(?= )", " ok", words)
    no = re.search(rf" (?:{_NO}) ", words) is not None
    yes = re.search(rf" (?:{_YES}) ", re.sub(r" pas d accord ", " ", words)) is not None
    if no and yes:
        return None
    return True if yes else False if no else None


# Quick Assist shows six letters and digits ("4F7K2Q"); RustDesk an ID of nine or ten digits, often spaced
# ("123 456 789"), and a password. A code is what the technician joins with: kept as the user typed it.
_CODE = re.compile(r"(?<![\w-])(?:(?=[A-Z0-9]*\d)[A-Z0-9]{6,8}|\d{3}[ .-]?\d{3}[ .-]?\d{3,4})(?![\w-])")
_CODE_WORDS = 16  # a longer message tells something else; the code page takes the code then


def read_session_code(text: str) -> str | None:
    """The message, trimmed, when it carries a session code; None otherwise."""
    plain = " ".join(text.split())
    if not plain or len(plain.split()) > _CODE_WORDS or _CODE.search(plain.upper()) is None:
        return None
    return plain[:120]
