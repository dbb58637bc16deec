"""Words that change what a message means whatever the NLU's intent: chasing a late ticket, asking for a
person, starting another problem, giving details about the ticket in focus.

The NLU classifies one message alone; these cues are few, explicit and cheap to check, and they are what
users write when the intent is ambiguous ("still waiting since Monday" is a reminder, not a new incident).
"""

import re

from servicedesk.level1._patterns import fold as fold_spans


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: how users type and how cues are written."""
    return " ".join(fold_spans(text).split())


def _any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")


_CHASING = _any((
    r"relance[rsz]?", r"relanc\w*", r"(?:\d+|deuxieme|troisieme|2e|3e|4e|second|third|fourth|2nd|3rd|4th)\s+"
    r"(?:relance|rappel|reminder)", r"(?:deuxieme|troisieme|quatrieme|\d+e|\d+eme|second|third|fourth|2nd|3rd|4th)"
    r"\s+(?:fois|time)\s+(?:que je|que j'|qu'on|i)", r"toujours (?:rien|pas de nouvelles?|en attente|pas de reponse)",
    r"still (?:waiting|nothing|no news|no answer|no reply|not fixed)", r"(?:any|no) news", r"des nouvelles",
    r"vous (?:m'?aviez|aviez|avez) promis", r"(?:you|u) promised", r"promis pour",
    r"ca fait (?:plus d'?|plus de |presque |bientot )?(?:\w+ )?(?:jours?|semaines?|mois|heures?)",
    r"depuis plus d'?(?:une|un) (?:semaine|mois|jour)", r"(?:over|more than) a (?:week|month)",
    r"it'?s been \w+ (?:days|weeks)", r"(?:j'?attends|i'?ve been waiting|waiting) (?:depuis|since|for)",
    r"personne (?:n'?est venu|ne m'?a (?:rappele|repondu))", r"nobody (?:came|called|answered)",
    r"chasing", r"follow(?:ing)? up again", r"c'?est long", r"taking (?:so|too) long",
    r"toujours pas (?:traite|resolu)",
))
_HUMAN = _any((
    r"(?:parler|discuter) (?:a|avec) (?:un|une|quelqu'un|un humain|une personne|un technicien|un agent|un conseiller)",
    r"(?:talk|speak|chat) (?:to|with) (?:a|someone|somebody|a human|a person|an agent|a technician|support)",
    r"un humain", r"une vraie personne", r"a real person", r"a human", r"un technicien svp", r"human please",
    r"passez[- ]moi (?:quelqu'?un|un|une)", r"passez-moi", r"put me through",
    r"(?:avoir|parler a|joindre) (?:quelqu'?un|un technicien|une personne) au (?:telephone|tel|bout du fil)",
    r"rappelez[- ]moi", r"(?:someone|somebody|a person|a tech\w*) on the phone", r"(?:phone|ring) me",
    r"(?:can|could) (?:someone|somebody|you) (?:call|ring|phone) me",
    r"get me (?:a (?:real )?(?:person|human|technician|tech)|someone|somebody)", r"rappelez-moi", r"call me back",
    r"(?:can|could) (?:someone|somebody|a tech\w*|you send someone) (?:look|check|have a look|come|call)",
    r"quelqu'?un (?:peut|pourrait) (?:regarder|venir|passer|m'?appeler|jeter un oeil)",
    r"(?:envoyez|send)(?:-moi| me)? (?:quelqu'?un|un technicien|someone|a technician)",
    # a person asked for by what they would do, or against the bot ("not the bot, no offence")
    r"(?:quelqu'?un|un technicien|une technicienne|une personne|un humain|un conseiller|un agent)\s+(?:qui\s+)?"
    r"(?:m'?appelle|me rappelle|me guide|me contacte|prenne la main)",
    r"(?:mettre|mettez[- ]moi|me mettre) en (?:relation|contact) avec", r"passez[- ]moi (?:lui|la|le|elle)",
    r"(?:un |une |a |an )?(?:vrai|vraie|real|actual|live) (?:technicien|technicienne|personne|person|human|humain|"
    r"technician|agent|tech)",
    r"(?:i'?d|i would) (?:like|prefer|rather) (?:to (?:speak|talk|chat) (?:to|with) )?(?:a person|a human|someone|"
    r"somebody|a tech\w*|an agent|one of your)",
    r"(?:have|get) (?:someone|somebody|a tech\w*|a person|an agent) (?:to )?(?:call|ring|phone|contact) me",
    # "can i just get a phone call from a tech?", "un appel d'un technicien"
    r"(?:get|have|receive|give me) a (?:phone |quick )?call from (?:a|an|someone|somebody|the|one of your)",
    r"(?:un|avoir un) (?:appel|coup de (?:fil|telephone)) d'?(?:un|une|quelqu'?un)",
    r"(?:talk|speak|chat) (?:to|with) (?:one of your|your|a live|someone)",
    r"(?:someone|somebody) (?:on|at|from) the (?:desk|support|helpdesk|service desk)",
    r"not (?:the|a|with the|to a|to the) (?:bot|robot|chatbot)", r"pas (?:le|un|au|avec le|a un) (?:bot|robot|chatbot)",
    r"(?:je prefere|je voudrais|j'?aimerais|je veux|je prefererais) (?:qu'?un technicien|que quelqu'?un|parler|"
    r"un technicien|une personne|quelqu'?un)",
    r"(?:a person|someone|somebody|une personne|quelqu'?un) (?:please|pls|svp|stp|s'?il vous plait)",
))
_ANOTHER_PROBLEM = _any((
    r"autre (?:probleme|souci|chose|question|demande)", r"another (?:problem|issue|question|thing|request)",
    r"(?:un |a )?nouveau (?:probleme|souci)", r"(?:a )?new (?:problem|issue)", r"aussi (?:un probleme|un souci)",
    r"(?:also|too) (?:have|got) (?:a|an)", r"rien a voir", r"nothing to do with", r"separate(?:ly)? issue",
    r"par ailleurs", r"sinon,? (?:j'ai|mon|ma)", r"other than that",
))
_BROKEN = _any((
    r"plante\w*", r"crash\w*", r"bug\w*", r"bogue", r"(?<!par )erreurs?", r"errors?",
    r"ne (?:marche|fonctionne|demarre|s'?ouvre) (?:plus|pas)", r"(?:marche|fonctionne) (?:plus|pas)",
    r"(?:doesn'?t|does not|won'?t|will not|isn'?t) (?:work|start|open|load)", r"not working", r"en panne",
    r"is down", r"broken", r"casse", r"hors service", r"freez\w*", r"fige",
    r"se (?:ferme|coupe|bloque|fige|deconnecte)", r"(?:ferme|quitte) tout seul",
    r"(?:still|toujours) (?:not|pas) (?:there|here|showing|visible|appearing|la|apparu|apparue|affiche)",
    r"(?:n'?apparait|ne s'?affiche) (?:pas|toujours pas|plus)", r"(?:doesn'?t|does not|don'?t|won'?t) (?:show|appear)",
    r"not showing", r"(?:won'?t|doesn'?t|does not|will not) sync\w*", r"ne (?:se )?synchronise (?:plus|pas)",
    r"is (?:\w+ )?down\s*\?", r"est (?:en panne|tombee?)\s*\?",
    r"(?:gives?|giving|returns?|shows?|affiche|renvoie|met) (?:a |an |une |l'?)?(?:erreur |error )?[45]\d\d",
    r"(?:closes|quits|shuts down) "
    r"(?:itself|on its own|by itself|when|as soon as|every time|each time)", r"keeps (?:closing|crashing|freezing)",
    # what fails again and again: "my vpn keeps dropping", "la connexion saute toutes les 10 minutes"
    r"keeps (?:on )?(?:dropping|disconnecting|cutting (?:out|off)|logging me (?:out|off)|signing me out|"
    r"kicking me (?:out|off)|restarting|rebooting|timing out|hanging|failing|losing)",
    r"(?:drops|disconnects|cuts out|times out) (?:every|all the time|constantly|randomly|after|each time)",
    r"(?:kicks|kicked|throws|logs) me (?:out|off)",
    r"n'?arrete pas de (?:planter|couper|se couper|se deconnecter|redemarrer|freezer|sauter|se fermer)",
    r"(?:coupe|se deconnecte|decroche|saute|lache) (?:tout le temps|sans arret|toutes les|regulierement|souvent|"
    r"en permanence|sans cesse)",
    # what software says when it gives up: "unable to establish the vpn connection", "impossible de se connecter"
    r"unable to (?:connect|establish|open|start|load|sign in|log in|reach|print|install)",
    r"(?:can'?t|cannot|could not|couldn'?t) (?:connect|establish|open|start|load|sign in|log in|reach|print)",
    r"impossible d[e']\s?(?:se connecter|connecter|ouvrir|demarrer|lancer|imprimer|installer|acceder|joindre)",
    r"s'?arrete a \d+ ?%", r"(?:stops|stuck|bloque|reste) (?:at|a) \d+ ?%",
))
_TRYING = _any((
    r"je (?:vais |v )?(?:tente|tenter|essaie|essaye|essayer|teste|tester|regarde|regarder|fais|faire)",
    r"(?:ok|d'?accord|dac) je (?:tente|essaie|essaye|teste|regarde|fais)", r"j'?essaie", r"j'?essaye",
    r"(?:i'?ll|i will|let me|gonna|going to) (?:try|test|check|have a look|do)", r"trying (?:it|that|now)",
    r"je te (?:dis|redis)", r"je vous (?:dis|redis)", r"i'?ll (?:let you know|tell you)",
    r"je reviens vers (?:vous|toi)",
    r"deux (?:secondes|minutes|min)", r"two (?:secs|seconds|minutes|mins)", r"un instant", r"one moment", r"hold on",
))
_MY_TICKET = _any((
    r"(?:mon|ma|le|la) (?:ticket|demande|incident|requete|signalement)", r"my (?:ticket|request|incident|case|issue)",
    r"(?:about|regarding|re|for|concerning|on) my (?:\w+ ){1,3}(?:ticket|request|issue|demand)",
    r"(?:ma|mon) (?:demande|ticket) (?:de |d'|pour |concernant )?(?:\w+ ){0,3}", r"(?:a propos|au sujet) de mon",
    r"(?:pour|concernant) (?:mon|ma) \w+", r"the ticket (?:for|about)", r"le ticket (?:pour|du|de|sur)",
    # what the agent working on it asked for: "the technician asked me for the exact error, here it is"
    r"(?:the|your|le|la|votre) (?:technician|technicien|technicienne|tech|agent|support) (?:\w+ )?(?:asked|wanted|"
    r"needs|told me|m'?a demande|voulait|veut|a besoin|m'?a dit)",
    # what they asked for earlier: "c'est pour le chargeur que j'ai demandé avant-hier", "the dock I ordered"
    r"(?:que j'?ai|que j ai|qu'on a|que nous avons) (?:demande|commande)|"
    r"(?:\bi|\bwe)(?:'ve| have)? (?:asked for|requested|ordered)",
    # the user's word on it: "vous pouvez fermer, merci", "you can close it"
    r"(?:vous pouvez|tu peux|vous pourrez|pouvez-vous) (?:le |la )?(?:fermer|clore|cloturer)",
    r"(?:you can|you may|please|feel free to) close (?:it|the ticket|my ticket|the request)",
))
_ABOUT_VISIT = _any((
    r"technicien", r"technician", r"tech", r"disponible", r"available", r"dispo", r"a mon bureau", r"at my desk",
    r"je serai", r"i'?ll be", r"i will be", r"passer", r"come by", r"repasser", r"come back", r"rappeler",
    r"cet apres-midi", r"this afternoon", r"demain", r"tomorrow", r"mon ticket", r"my ticket", r"le ticket",
    r"the ticket", r"en plus", r"also", r"aussi", r"de nouveau", r"again", r"revenu", r"is back", r"came back",
))


def chasing(text: str) -> bool:
    """The user chases a ticket that has not moved: a reminder ("relance"), not a new request."""
    return bool(_CHASING.search(fold(text)))


# "are you a real person?" asks what the bot is; it asks for nobody
_WHO_ARE_YOU = _any((r"(?:are|r) (?:you|u) (?:a |an )?(?:real|human|bot|robot|person|ai)",
                     r"(?:es|etes)[- ](?:tu|vous) (?:un |une )?(?:humain|humaine|robot|bot|vrai|vraie|personne|ia)",
                     r"(?:t'?es|vous etes) (?:un |une )?(?:humain|humaine|robot|bot|vrai|vraie|ia)"))


def wants_a_person(text: str) -> bool:
    """Asked for a person, in words other than a question about what the bot is ("are you a real person?" asks
    for nobody; "are you a bot? get me a real person" does)."""
    return bool(_HUMAN.search(_WHO_ARE_YOU.sub(" ", fold(text))))


def asks_what_the_bot_is(text: str) -> bool:
    """"Are you a real person or a bot?": curiosity about the assistant, which the NLU often reads as ask_human."""
    return bool(_WHO_ARE_YOU.search(fold(text)))


def another_problem(text: str) -> bool:
    """The user says this is a different matter from the one in focus."""
    return bool(_ANOTHER_PROBLEM.search(fold(text)))


# An error said to be absent is none: "no jam or error on the screen", "pas d'erreur", "aucun message d'erreur",
# "without any error". Blanked out before the failing words are looked for.
_NO_ERROR = re.compile(
    r"(?<!\w)(?:(?:no|not any|without(?: any)?|never an?|zero|pas|plus|aucune?|sans|ni)(?!\w)|pas d'|plus d')"
    r"(?: ?(?:\w+ ){0,2}(?:or|nor|ou|ni|,) ?(?:\w+ )?| (?:de )?(?:message |code )?d'? ?| ?(?:\w+ )?)"
    r"(?:error|erreur)s?(?!\w)")


def broken(text: str) -> bool:
    """Words of something that fails: a problem to solve, not a request, whatever the NLU says."""
    return bool(_BROKEN.search(_NO_ERROR.sub(" ", fold(text))))


def my_ticket(text: str) -> bool:
    """The user speaks of a ticket of theirs ("ma demande de PC", "about my outlook ticket")."""
    return bool(_MY_TICKET.search(fold(text)))


def trying(text: str) -> bool:
    """The user is about to try the fix offered: neither a yes nor a no yet."""
    return bool(_TRYING.search(fold(text)))


def about_the_ticket(text: str) -> bool:
    """Words of someone adding to a ticket: a visit, availability, the ticket itself, the problem back again."""
    return bool(_ABOUT_VISIT.search(fold(text)))


_HOW = _any((
    r"(?:je|on|j'?) (?:fais|fait|dois faire|peux faire|procede) comment",
    r"comment (?:je|on|j'?|faire|fait|faut|ca marche|ils|elles|il|elle|nous|vous|tu|mes|mon|ma|nos)",
    r"comment (?:est-ce qu'?|puis-je|dois-je|peut-on)", r"c'?est quoi la (?:procedure|marche a suivre|demarche)",
    r"quelle est la (?:procedure|marche a suivre|demarche)", r"how to",
    r"how (?:do|can|should|could|does) (?:i|we|you|they|he|she|my|our|people|visitors|guests)",
    r"what(?:'?s| is) the (?:process|procedure|way)", r"where (?:do|can) i (?:find|get|ask)",
))


def asks_how(text: str) -> bool:
    """A question on how to do something ("je fais comment ?"): the process is worth showing before a request."""
    return bool(_HOW.search(fold(text)))


_ASKS_FOR = _any((
    # English: to be given something, or to have IT do something for the user
    r"(?:could|can|may|might) (?:i|we) (?:please )?(?:get|have|order|borrow|be given)",
    r"(?:i|we) (?:would|'?d) (?:like|love) (?:a|an|to (?:get|have|order)|another|a second|a new|access)",
    r"(?:i|we|she|he|they) (?:need|needs) (?:a|an|another|a second|a new|access|a licen[cs]e|an account|admin rights)",
    r"(?:could|can|would) you (?:please )?(?:install|put on|add|give|grant|order|whitelist|unblock|restore|bring back|"
    r"recover|set up|create)",
    r"is there (?:something|anything|a program|software|an app) (?:you|i) can (?:put on|install|add|get)",
    r"(?:could|can) (?:someone|somebody) (?:please )?(?:install|put|add|order)",
    r"(?:need|needs|want|wants) [\w+.-]+(?: [\w+.-]+)? (?:installed|put on|added|unblocked|whitelisted)",
    # French
    r"(?:je|on|nous) (?:pourrais|pourrait|pourrions|peux|peut|pouvons) (?:avoir|obtenir|commander|recevoir|disposer)",
    r"(?:pourrais|puis)[- ]je (?:avoir|obtenir|commander)",
    r"(?:pourriez|pouvez)[- ]vous (?:m'?installer|installer|me donner|m'?ouvrir|ajouter|me mettre|restaurer|recuperer|"
    r"debloquer|autoriser|commander|creer|me creer|me fournir|fournir)",
    r"il (?:me|lui|nous|leur) (?:faut|faudrait|faudra)", r"j'?aurais besoin (?:d'?un|d'?une|de|du|des|d'?acces)",
    r"j'?ai besoin (?:d'?un|d'?une|d'?acces|des droits|de droits)",
    r"(?:je|nous) (?:voudrais|voudrions|souhaiterais|souhaite|aimerais|veux) (?:avoir|obtenir|un|une|l'?acces|acces|"
    r"commander|recevoir|installer)",
))


def asks_for(text: str) -> bool:
    """Asked to be given something or to have it done ("could I get a webcam?", "il me faudrait acrobat"): a
    request, even as a question, unlike "how do I…", which asks how."""
    return bool(_ASKS_FOR.search(fold(text)))


# What a technician reads a problem from; "j'ai un fichier" alone is no such thing, "je vous envoie le fichier" is.
_EVIDENCE = r"capture d'?ecran|capture|screenshot|screen ?shot|photo|logs?|log files?|fichiers? (?:de )?log|traces?"
_FILE = rf"(?:{_EVIDENCE}|screen|journal|journaux|fichiers? journal|pieces? jointes?|attachment|fichier|file)s?"
_SENDS_FILE = _any((
    rf"(?:je (?:vous |te )?|j'?)(?:envoie|envoye|envoyer|joins|joindre|transmets|mets|peux envoyer)(?: \w+)? "
    rf"(?:(?:une|un|la|le|les|des|mes|ma|mon) )?{_FILE}",
    rf"(?:i|i'?ll|i can|can i|could i|how (?:do|can) i|where (?:do|can) i) (?:\w+ )?(?:send|attach|upload|share|give)"
    rf"(?: \w+)? (?:(?:a|the|my|some|you|you a|you the|you my) )?{_FILE}",
    rf"(?:i have|i'?ve got|i took|j'?ai pris|j'?ai fait|j'?ai) (?:a |the |une |un |la |les |des )?(?:{_EVIDENCE})",
    rf"(?:comment|ou) (?:je )?(?:vous )?(?:envoyer|envoie|joindre|deposer|transmettre) (?:\w+ )?{_FILE}",
))


def sends_file(text: str) -> bool:
    """The user has a screenshot or a log for the technician ("je vous envoie une capture", "can I send you the
    log?"): the upload page is what to give them, the chat takes no file on the web."""
    return bool(_SENDS_FILE.search(fold(text)))


# "which laptop should I buy for my son", "un ordi pour ma fille, usage perso": advice for home, not the desk's
_PERSONAL = _any((
    r"(?:for|pour) (?:my|mon|ma) (?:son|daughter|kids?|children|wife|husband|partner|mum|mom|dad|fils|fille|enfants?|"
    r"femme|mari|copine|copain|mere|pere|parents)", r"(?:for|a) personal use", r"(?:usage|utilisation) perso\w*",
    r"a titre (?:perso|personnel)", r"(?:at|for) home use", r"pour la maison", r"pour chez moi",
))
_BUYING = _any((r"buy", r"buying", r"purchase", r"acheter", r"achat", r"recommend\w*", r"conseill\w*",
                r"should i (?:get|choose|pick)", r"which (?:one|laptop|phone|pc|computer|tablet)",
                r"quel (?:ordi|pc|portable|telephone|modele)", r"quelle (?:tablette|marque)"))


def personal_advice(text: str) -> bool:
    """Advice on buying or choosing something for home or family: not the desk's to give, whatever device it
    names (a work laptop asked for is a request; this is none)."""
    folded = fold(text)
    return bool(_PERSONAL.search(folded) and _BUYING.search(folded))
