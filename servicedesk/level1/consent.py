"""The user's yes or no to a technician connecting to their computer (issue 17), typed in the chat.

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
