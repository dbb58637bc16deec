"""The user's word at closing (DESIGN.md step 6, "the user has the last word"): once a ticket is resolved the
requester is asked in their channel whether it is fixed, and once it is closed how satisfied they are. They answer
with a button or in their own words, as office workers type (French, English, franglais, typos, no accents), and
the answer closes the ticket, sends it back to its group with the reason, or stores the rating.

Reading the words is a small set of patterns on purpose: the question asked is a yes/no or a 1-5, the answers to
it are few and short, and a message that is neither (a question, a new problem) must not be taken for one, so
anything unsure reads as None and the conversation goes on as a new message.

The satisfaction scale in words (documented for the agents' reports):
    5  tres satisfait, very satisfied, excellent, parfait, super, genial, top, nickel, great, perfect, tres bien
    4  satisfait, satisfied, bien, good, content, happy, pas mal, rapide, efficace
    3  moyen, correct, ok, average, so-so, passable, mouais, ca va
    2  bof, pas terrible, decu, meh, not great, poor, mauvais, bad, pas satisfait, not satisfied, lent, slow
    1  nul, horrible, terrible, catastrophique, awful, useless, inutile, tres mauvais, very bad, zero, pas du tout
       satisfait, not satisfied at all
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from servicedesk.level1._patterns import fold
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.settings.desk import ClientDesk
from servicedesk.tickets import workflow
from servicedesk.tickets.lifecycle import Status
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.service import LogLine, add_log

RATING_WINDOW = timedelta(days=7)  # after that, a "4" in the conversation is no longer taken for a rating


@dataclass(frozen=True)
class AwaitingWord:
    number: str
    ask: Literal["confirm", "rate"]  # confirm: "is it fixed?" (resolved); rate: the satisfaction question (closed)


def awaiting_word(*, db_session: Session, conversation_id: str, now: datetime | None = None) -> AwaitingWord | None:
    """The ticket of the conversation whose requester was asked last and has not answered yet, so that "yes",
    "no" or "4" is read as the answer to that question and not as a new request."""
    now = now or utcnow()
    resolved = select(Ticket).where(Ticket.conversation_id == conversation_id, Ticket.status == Status.RESOLVED)
    rated_later = select(Ticket).where(
        Ticket.conversation_id == conversation_id, Ticket.status == Status.CLOSED,
        Ticket.satisfaction_rating.is_(None), Ticket.closed_at >= now - RATING_WINDOW,
        select(Notification.id).where(Notification.ticket_id == Ticket.id,
                                      Notification.event == "satisfaction_request").exists())
    waiting: list[tuple[datetime | None, int, Ticket, Literal["confirm", "rate"]]] = [
        (ticket.resolved_at, ticket.id, ticket, "confirm") for ticket in db_session.scalars(resolved)]
    waiting += [(ticket.closed_at, ticket.id, ticket, "rate") for ticket in db_session.scalars(rated_later)]
    if not waiting:
        return None
    _, _, ticket, ask = max(waiting, key=lambda item: (item[0] or datetime.min.replace(tzinfo=now.tzinfo), item[1]))
    return AwaitingWord(number=ticket.number or "", ask=ask)


def confirm_fixed(*, db_session: Session, ticket: Ticket, desk: ClientDesk, actor: str,
                  now: datetime | None = None) -> None:
    """The requester agrees it is fixed: closed with their agreement, and the satisfaction question follows."""
    workflow.close(db_session=db_session, ticket=ticket, actor=actor, by="requester", agreements=desk, now=now)


def refuse_fix(*, db_session: Session, ticket: Ticket, desk: ClientDesk, actor: str, reason: str,
               now: datetime | None = None) -> None:
    """The requester says it is not fixed: back to its group at its level, their words in the log for whoever
    picks it up again."""
    now = now or utcnow()
    reason = reason.strip() or "solution refused by the requester"
    add_log(db_session=db_session, ticket=ticket, kind="refusal", line=LogLine("requester", actor, reason, now))
    workflow.refuse_solution(db_session=db_session, ticket=ticket, actor=actor, agreements=desk, reason=reason,
                             now=now)


def give_rating(*, db_session: Session, ticket: Ticket, rating: int, comment: str, actor: str) -> None:
    """Store the requester's satisfaction (InvalidRating outside 1-5 or on a ticket not closed)."""
    workflow.rate(db_session=db_session, ticket=ticket, rating=rating, comment=comment.strip(), actor=actor)


# --- reading the words -------------------------------------------------------------------------------

def _words(text: str) -> str:
    """Folded, punctuation as spaces, letters typed three times or more once ("ouiii", "nooon")."""
    plain = re.sub(r"[^a-z0-9?]+", " ", fold(text))
    return " " + re.sub(r"([a-z])\1{2,}", r"\1", plain).strip() + " "


def _any(words: str, patterns: str) -> bool:
    return re.search(rf" (?:{patterns}) ", words) is not None


_NEUTRAL = r"no problem|no worries|pas de (?:souci|soucis|probleme|pb)|sans souci"
_STILL = r"toujours|toujour|tjrs|tjr|tjs|still"  # as typed in a hurry
_ALWAYS = rf"{_STILL}|encore"  # "encore" is also "again": only right before the failure
_STILL_BROKEN = (rf"(?:{_ALWAYS}) (?:pareil|la meme chose|le meme (?:probleme|souci|bug))|"
                 rf"(?:{_ALWAYS}) (?:pas|not|broken|down|en panne|plante|bloque|ko|the same|the same issue|"
                 r"disconnected|deconnecte|offline|hors ligne|drops|coupe|noir|black|blank|slow|lent|rien|nothing|"
                 r"no|aucun|an error|une erreur|the error|l erreur|fige|frozen|crash|crashes|crashing|grey|gray|gris|"
                 r"grise|white|blanc|blanche|stuck|coince|bloquee|loading|en chargement|greyed out|empty|vide)|"
                 r"(?:ca |it )?recommence|ca revient|(?<!screens )(?<!screen )(?<!monitors )(?<!display )"
                 r"(?<!image )(?<!picture )(?<!signal )(?<!sound )(?<!wifi )(?<!internet )(?<!connection )"
                 r"(?<!network )(?<!emails )(?<!mails )(?<!files )(?<!icons )came back|happens again|"
                 r"de nouveau|same error|meme erreur|"
                 r"same (?:thing|problem|issue|error)|meme (?:probleme|souci|erreur|chose)|rien (?:n a|na) change|"
                 rf"nothing changed|(?:marche|fonctionne|works?|working) (?:{_ALWAYS}) pas|"
                 rf"(?:ne|n) (?:marche|fonctionne) (?:{_ALWAYS}|plus) (?:pas)?|doesn t work either|"
                 # "still only the left screen", "toujours qr code pas valide": still, then a failing word
                 rf"(?:{_STILL}) (?:[a-z0-9]+ ){{0,3}}(?:pas|not|plus|no|rien|nothing|"
                 r"invalides?|invalid|incorrecte?s?|wrong|echec|fails?|failed|only|que|seulement|erreur|error)|"
                 # "install again -> 0x80091007 again", "it froze again"
                 r"(?:error|erreur|code|0x[0-9a-f]+|message|same|pareil|fails?|failed|crash(?:es|ed)?|plante|"
                 r"froze|freezes|drops?|dropped|coupe|locked|bloque) (?:[a-z0-9]+ )?(?:again|encore|de nouveau)")
_TRIED = (r"calibre|calibrated|nettoye|cleaned|"
          r"redemarre|redemarrer|reboote|rebooted|restarted|rebooted|essaye|essaie|tried|retried|fait|did|done|"
          r"refait|vide|cleared|reinstalle|reinstalled|relance|relaunched|changed|change|rebranche|replugged|"
          r"repaired|reset|swapped|replaced|unplugged|debranche|remplace|reinitialise")
_NO_CHANGE = (r"rien|nothing|pareil|same|no change|no luck|aucun changement|sans succes|sans effet|ko|nope|"
              r"pas mieux|no better|no difference|aucune difference|que dalle|nada")
_NO_LEAD = r"non|nan|nop|no|nope|nah|pas vraiment|pas du tout|pas encore|not really|not at all|not yet|negatif"
_YES_LEAD = (r"oui|ouai|ouais|ouep|ui|wi|yes+|yep|yup|yeah|yea|ya|done|fixed|solved|resolu|regle|all good|"
             r"c est bon|cest bon|c bon|ok c est bon|parfait|nickel|impeccable|top|super|great|perfect")
# "works in the browser, it's only the app": a part that works, said against the part that doesn't.
_CONTRAST = (r"mais|but|sauf|except|only the|seulement|juste l app|only in|que sur|a part (?:l|le|la)|"
             r"just the|it s just|its just|c est juste|c est que")
# "my colleague's gun works fine", "webmail opens it fine though", "en cable ca marche": what works elsewhere, a
# clue for the technician, not the user's own machine fixed (unless it works now, again, or they thank).
_ELSEWHERE = (r"colleague s?|colleagues|collegue|collegues|voisin|voisine|voisins|neighbou?rs?|the guy|the girl|"
              r"others|the others|les autres|everyone else|tout le monde|webmail|outlook web|owa|the browser|"
              r"navigateur|chrome|edge|firefox|my phone|mon tel|mon telephone|sur le tel|en cable|by cable|wired|"
              r"ethernet|youtube|other (?:pc|laptop|computer)s?|autre (?:pc|poste|ordi)")
_NOW_MINE = (r"now|maintenant|again|de nouveau|re(?:marche|fonctionne)|merci|thanks|thank you|thx|ty|cheers|"
             r"resolu|solved|fixed|regle|sorted|c est bon|c bon|cest bon|all good")
_NEW_TOPIC = r"aussi|egalement|autre|en plus|au fait|also|another|(?<!the )(?<!each )other|either|too|by the way|btw"
_IT = r"ca|ce|c|cela|it|that|this|le probleme|the problem|the issue"
_NOT_FIXED = (rf"(?:{_IT}) (?:ne |n )?(?:marche|fonctionne|va) (?:pas|toujours pas)|"
              rf"(?:{_IT}) (?:doesn t|doesnt|does not|isn t|isnt|is not|s not) (?:work|working|fixed|solved)|"
              r"(?:pas|not) (?:regle|resolu|repare|fixed|solved|working)|(?:marche|fonctionne) pas|"
              r"doesn t work|doesnt work|does not work|still broken|(?<!sans )echec|failed|nothing works|"
              r"rien ne (?:marche|"
              r"fonctionne)|no (?:longer )?works?|no better|not better|pas mieux|no improvement|aucune amelioration|"
              r"(?:it s|its|it is|so it s|so its) not (?:that|it)|(?:c est|ce n est|c|ce) pas (?:ca|cela|le probleme)|"
              r"passe (?:pas|plus|toujours pas)|"
              # fixed in part is not fixed: "so half fixed I guess", "c'est réglé à moitié"
              r"half (?:fixed|solved|working|works|better)|partly|partially|partiellement|a moitie|en partie|"
              r"not (?:fully|completely|entirely|totally|quite)|pas (?:completement|totalement|entierement|"
              r"tout a fait)|"
              # still kept from working: "i can't log into anything now, totally stuck", "je suis toujours bloque"
              r"(?:can t|cant|cannot|still can t) (?:log ?in|login|sign in|connect|access|open|print|work|get in)|"
              r"(?:ne |n )?(?:peux|arrive) (?:toujours )?(?:pas|plus) (?:a )?(?:me connecter|me logger|acceder|ouvrir|"
              r"imprimer|travailler|rentrer)|(?:totally|completely|still|toujours|totalement|completement) "
              r"(?:stuck|blocked|bloque|bloquee|coince|coincee)|"
              # what the user saw fail: "it just spins and times out", "ca tourne dans le vide"
              r"times? out|timed out|tourne dans le vide|(?:just |keeps )spinn?(?:s|ing)|"
              r"(?:won t|wont|doesn t|doesnt|didn t|didnt|still doesn t) "
              r"(?:load|open|start|connect|print|sync|install)|"
              r"(?:ne |n )?(?:charge|s ouvre|demarre|se connecte|imprime|s installe|synchronise) (?:pas|toujours pas|"
              r"jamais|plus)")
_FIXED = (rf"(?:{_IT}) (?:re)?(?:marche|fonctionne|remarche|refonctionne|va mieux|works?|is working|s working)|"
          r"remarche|refonctionne|works now|working now|works again|working again|marche maintenant|"
          r"works|working fine|working well|c est fait|cest fait|went through|"
          r"(?<!technicien )(?<!tech )(?<!il )(?<!elle )(?<!quelqu un )est passee?|"
          r"(?:tout|everything|all) (?:re)?(?:marche|fonctionne|works?|is working|est ok|is fine|va bien)|"
          r"(?<!don t )(?<!doesn t )(?<!dont )(?<!not )(?<!won t )(?<!n )"
          r"(?:print|prints|printing|imprime|sortent|come out|load|loads|opens|s ouvre) (?:fine|bien|correctement|"
          r"normally|normalement|ok)|fine now|bien maintenant|"
          r"(?<!never )(?<!not )came out|(?<!pas )est sortie?|"
          r"fixed|solved|sorted|resolu|regle|repare|"
          r"c est bon|cest bon|c bon|c est ok|all good|good now|ok now|parfait|nickel|impeccable|super|top|great|"
          r"(?:beaucoup |bien |much |a lot )?mieux|(?:much |a lot )?better(?: now)?|it s back|its back|back to normal|"
          r"perfect|merci|thanks|thank you|thx|ty|cheers|ok|okay|"
          # what the user did and saw: "the vpn connects now", "red cross gone", "restored it", "ca passe"
          r"(?:connects|connected|se connecte|connecte|connectee) (?:now|maintenant|enfin|again|de nouveau)|"
          r"(?<!not )(?<!never )(?<!pas )(?:gone|disparu|disparue)(?: now| maintenant)?|"
          r"(?<!not )(?<!pas )(?:restored|recovered|got it back|retrouve|recupere|restaure)(?: it| them)?|"
          r"ca passe(?! pas)(?! plus)(?! toujours)|c fait|goes through now|"
          # "ça y est j'ai le wifi", "elle apparaît", "I'm in": what is back, in the user's words
          r"ca y est|(?:i m|im) in|je suis (?:connecte|connectee|dedans)|"
          # what had gone is back: "screens came back", "l'image est revenue"
          r"(?:screens?|monitors?|display|image|picture|signal|sound|wifi|internet|connection|network|e?mails|files|"
          r"icons) (?:came|come|are|is) back|(?:ecrans?|image|son|signal|wifi|internet|connexion|reseau|mails|"
          r"fichiers|icones) (?:est |sont )?(?:revenue?s?|reapparue?s?)|"
          r"j ai (?:de nouveau |enfin |a nouveau |bien |re )?(?:le wifi|internet|le reseau|la connexion|acces|"
          r"le son|l image|mes mails|mes fichiers)|"
          r"(?<!n )(?:apparait|s affiche|est la|shows up|is there|appears)(?! pas)(?! plus)(?! toujours)(?! only)"
          r"(?! nowhere)|(?:c est|that s|that is) (?:tout ce qu il me fallait|all i needed|what i needed)")


# Said to close the matter, whatever question or other words come with it.
_DONE = r"c est tout ce qu il me fallait|(?:that s|that is|it s|its) all i needed|ca y est"


def read_fixed(text: str) -> bool | None:
    """Whether the answer to "is it fixed?" says yes (True) or no (False); None when it is something else: a
    question, a new problem, or words too unsure to close or reopen a ticket on."""
    words = re.sub(rf" (?:{_NEUTRAL}) ", " ", _words(text))
    if not words.strip() or words.strip() == "?":
        return None
    if _any(words, _STILL_BROKEN) or (_any(words, _TRIED) and _any(words, _NO_CHANGE)):
        return False
    if _any(words, _NOT_FIXED) and not _any(words, _FIXED):
        return False
    if _any(words, _ELSEWHERE) and _any(words, _FIXED) and not _any(words, _NOW_MINE):
        return None
    if _any(words, _CONTRAST) and _any(words, _FIXED):
        return None
    lead = re.match(rf" (?:({_NO_LEAD})|({_YES_LEAD})) ", words)
    if lead is not None:
        rest = words[lead.end() - 1:]
        # "oui la lumière du dock est allumée" answers a step, not "is it fixed?"
        if lead.group(2) is not None and len(rest.split()) >= 3 and not _any(rest, _FIXED):
            return None
        return lead.group(1) is None
    if _any(words, _DONE):  # "…c'est le champ De, c'est ça ? ok merci c'est tout ce qu'il me fallait"
        return True
    if "?" in words or _any(words, _NEW_TOPIC):
        return None
    if _any(words, _NOT_FIXED):
        return False
    return True if _any(words, _FIXED) else None


_POLITE = (r"merci(?: beaucoup| bien)?|thanks|thank you|thx|ty|cheers|ok|okay|d accord|dac|super|top|parfait|"
           r"great|perfect")


def says_it_works(text: str) -> bool:
    """Words that it works now, not only thanks: with a ticket just opened, "ok merci, I'm on Teams meanwhile"
    thanks for the ticket and must not close it, where "c'est bon ça marche" does."""
    plain = re.sub(rf" (?:{_POLITE})(?= )", " ", _words(text))
    return read_fixed(text) is True and read_fixed(plain) is True


_SEPARATORS = " \t\n-–—:;,.!/"
_OUT_OF = r"\s*(?:/\s*(?P<scale>5|10)|sur\s*(?P<scale2>5|10)|out\s+of\s+(?P<scale3>5|10))"
_STARS = r"\s*(?:etoiles?|stars?|\*+)"
_DIGIT = re.compile(rf"(?P<n>10|[0-9])(?:{_OUT_OF}|{_STARS})")
_LEADING_DIGIT = re.compile(r"^\s*(?:(?:je (?:mets|donne)|i (?:d )?give(?: it)?|note)\s*(?:a\s+)?)?(?P<n>[1-5])"
                            r"(?![0-9a-z])(?![.,][0-9])(?!\s*(?:jours?|days?|h\b|heures?|hours?|min|semaines?|weeks?|fois|times))")
_NUMBER_WORDS = {"un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4, "four": 4,
                 "cinq": 5, "five": 5}
# A number word counts alone or before a scale or a separator: "un peu long" or "deux jours" is no rating.
_NUMBER_WORD = re.compile(rf"^\s*(?P<w>{'|'.join(_NUMBER_WORDS)})\b(?:{_OUT_OF}|{_STARS}|\s*$|(?=\s*[-–—:;,.!]))")
_SCALE = [  # most specific first: "pas satisfait" before "satisfait", "tres bien" before "bien"
    (1, r"pas du tout satisfaite?|not (?:satisfied|happy) at all|tres mauvaise?|very bad|nul(?:le)?|horrible|terrible|"
        r"catastrophique|catastrophe|awful|useless|inutile|zero|worst"),
    (2, r"pas (?:tres |trop )?satisfaite?|not (?:very )?(?:satisfied|happy)|unsatisfied|insatisfaite?|"
        r"pas terrible|pas top|not great|bof+|meh|decue?|disappointed|mediocre|poor|mauvaise?|bad|lente?|slow"),
    (5, r"tres satisfaite?|very (?:satisfied|happy|good)|extremely satisfied|excellente?|parfaite?|perfect|super|"
        r"geniale?|top|au top|nickel|impeccable|great|amazing|tres bien|bravo|awesome|fantastic"),
    (4, r"satisfaite?|satisfied|bien|good|contente?|happy|pas mal|rapide|quick|fast|efficace|efficient|"
        r"plutot bien|pretty good|nice"),
    (3, r"moyen(?:ne)?|correcte?|ok|okay|average|so so|passable|mouais|ca va|ca peut aller|fine"),
]


def read_rating(text: str) -> tuple[int | None, str]:
    """The satisfaction answer as (rating 1-5 or None, comment). The rating is a digit ("4", "4/5", "5 étoiles",
    "8/10" halved), a number word at the start ("quatre"), or a judgement from the scale above; the comment is
    what is left once the rating is taken out, stripped of separators, or the whole text when it holds no rating."""
    folded = fold(text)
    for pattern in (_DIGIT, _LEADING_DIGIT):
        found = pattern.search(folded)
        if found is not None:
            number = int(found.group("n"))
            if "10" in {found.groupdict().get(k) for k in ("scale", "scale2", "scale3")}:
                number = max(1, round(number / 2))
            if 1 <= number <= 5:
                return number, _rest(text, found.span())
    found = _NUMBER_WORD.search(folded)
    if found is not None:
        return _NUMBER_WORDS[found.group("w")], _rest(text, found.span())
    words = re.sub(r"[^a-z0-9]", " ", folded)
    best: tuple[int, int, int] | None = None  # (start, rating, end): the first judgement in the text
    for rating, phrases in _SCALE:
        for match in re.finditer(rf"(?<![a-z0-9])(?:{phrases})(?![a-z0-9])", words):
            if best is None or match.start() < best[0] or (match.start() == best[0] and match.end() > best[2]):
                best = (match.start(), rating, match.end())
    if best is None:
        return None, text.strip()
    start, rating, end = best
    return rating, _rest(text, (start, end)) if start == len(words) - len(words.lstrip()) else text.strip()


def _rest(text: str, span: tuple[int, int]) -> str:
    start, end = span
    return f"{text[:start].strip(_SEPARATORS)} {text[end:].strip(_SEPARATORS)}".strip()
