"""The word tables and patterns level 1 reads messages with (servicedesk.level1.facts).

Every pattern runs on folded text: lower case, no accents, straight apostrophes, one character per character
of the original, so a match's span cuts the user's own words out of what they typed. People type "acces refuse"
as often as "accès refusé", so the tables are written without accents and in both languages.
"""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, one character for each character of `text`, so spans carry over."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char in "’‘`´":
        return "'"
    base = [c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c)]
    return base[0] if len(base) == 1 else char.lower()[:1] or char


def words(*phrases: str) -> str:
    """One alternation of whole phrases; a space in a phrase stands for any run of spaces."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


def whole(alternation: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


# --- error: quoted text, codes, and the few messages people quote without quotes ------------------------------
QUOTED = re.compile(
    r"""(?:(?<![\w'])'(?P<single>[^'\n]{3,200}?)'(?![\w'])"""
    r"""|"(?P<double>[^"\n]{3,200}?)"|“(?P<curly>[^”\n]{3,200}?)”|«\s*(?P<guillemets>[^»\n]{3,200}?)\s*»)"""
)
ERROR_CODES = re.compile(
    r"(?<![\w-])(?:"
    r"0x[0-9a-f]{4,8}"                                               # HRESULT, Win32 and Outlook codes
    r"|ora-\d{5}(?::[^.;,\n]{1,60})?"                                # Oracle, with its message
    r"|aadsts\d{5,6}"                                                # Entra ID sign-in
    r"|(?:net::)?err_[a-z_]{3,40}"                                   # browsers
    r"|[a-z]{2,}(?:_[a-z]{2,}){2,}"                                  # stop codes: critical_process_died
    r"|(?:http|https)\s*(?:error\s*)?[1-5]\d\d"                      # HTTP 500
    r"|(?:erreur|error|err|code(?:\s+(?:d'?\s*)?erreur)?|code\s+error)\s*(?:n[o°]\s*|#\s*|:\s*)?-?\d{2,6}"
    r")(?![\w-])"
)
ERROR_PHRASES = whole(words(
    "certificate expired", "certificat expire", "certificate has expired", "le certificat a expire",
    "access denied", "acces refuse", "acces interdit", "permission denied", "server not found", "serveur introuvable",
    "page not found", "page introuvable", "connection refused", "connexion refusee", "connection timed out",
    "network path not found", "chemin reseau introuvable", "invalid password", "mot de passe incorrect",
    "account locked", "compte verrouille", "compte bloque", "account is locked", "not responding", "ne repond pas",
    "blue screen", "ecran bleu", "bsod", "no internet", "pas d'internet", "licence expiree", "license expired",
))
NO_ERROR = whole(words(
    "pas de message", "pas de message d'erreur", "pas d'erreur", "aucun message", "aucune erreur", "aucun code",
    "no error", "no error message", "no message", "without any error", "sans message", "sans erreur",
    "il n'y a pas de message", "y a pas de message", "y a pas d'erreur", "there is no error", "there's no error",
))

# --- since: the cues before a time expression, and the ones that are one by themselves --------------------------
SINCE_CUE = re.compile(
    r"(?<![\w-])(?P<cue>depuis|since|from|for|il\s+y\s+a|y\s+a|ca\s+fait|cela\s+fait|sa\s+fait|it'?s\s+been"
    r"|starting|a\s+partir\s+d[e'u]|des)\s+"
)
SINCE_ALONE = whole(words(
    "ce matin", "this morning", "hier", "hier soir", "hier matin", "yesterday", "yesterday evening",
    "yesterday morning", "last night", "avant-hier", "avant hier", "the day before yesterday", "cette nuit",
    "last week", "la semaine derniere", "la semaine passee", "last monday", "last tuesday", "last wednesday",
    "last thursday", "last friday", "lundi dernier", "mardi dernier", "mercredi dernier", "jeudi dernier",
    "vendredi dernier", "samedi dernier", "dimanche dernier", "this week", "earlier today", "tout a l'heure",
) + r"|(?:\d+|an?|one|two|three|four|five|six|ten|(?:a\s+)?few|several|(?:a\s+)?couple\s+of)\s+"
   r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago")
# After "since"/"depuis", an event dates the problem even without a date ("since the update").
SINCE_EVENT = re.compile(
    r"(?:the\s+|la\s+|le\s+|l'|my\s+|ma\s+|mon\s+|last\s+|derniere\s+|dernier\s+)?"
    r"(?:(?:windows|last|latest|derniere|dernier)\s+)?"
    r"(?:mise\s+a\s+jour|maj|update|upgrade|migration|reboot|redemarrage|restart|demenagement|move|coupure"
    r"|power\s+cut|changement\s+de\s+(?:mot\s+de\s+passe|mdp|pc|poste)|password\s+change|reinstall\w*|installation"
    r"|patch\w*|toujours|always|forever|longtemps|a\s+while|ages)(?![\w-])"
)
# Dateparser reads these in English but not in French; the French hour "14h" it takes for a duration.
SINCE_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bd'hier\b"), "hier"),
    (re.compile(r"\bhier soir\b"), "yesterday evening"),
    (re.compile(r"\bhier matin\b"), "yesterday morning"),
    (re.compile(r"\bce matin\b"), "this morning"),
    (re.compile(r"\bcet? ?apr[eè]s[- ]?midi\b|\bcet aprem\b"), "this afternoon"),
    (re.compile(r"\bcette nuit\b"), "last night"),
    (re.compile(r"\btout a l'heure\b|\bearlier today\b"), "1 hour ago"),
    (re.compile(r"\b(?:la )?semaine (?:derniere|passee)\b"), "last week"),
    (re.compile(r"\b(?:le )?mois (?:dernier|passe)\b"), "last month"),
    (re.compile(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (?:dernier|passe)\b"), r"\1"),
    (re.compile(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (?:matin|midi|soir|aprem)\b"), r"\1"),
    (re.compile(r"\b([01]?\d|2[0-3]) ?h ?([0-5]\d)\b"), r"\1:\2"),
    (re.compile(r"\b([01]?\d|2[0-3]) ?h\b(?! ?ago)"), r"\1:00"),
)
SINCE_STOP = re.compile(r"[,.;:!?()\[\]\"«»]|\s(?:et|and|mais|but|que|qu'|quand|when|alors|so)\s")

# --- who is affected, and how many ---------------------------------------------------------------------------
GROUP_WORDS = (r"(?:people|persons?|personnes?|users?|utilisateurs?|collegues?|colleagues?|coworkers?|co-workers?"
               r"|employes?|employees?|salaries?|agents?|gens|postes?|pcs?|machines?|of\s+us|d'entre\s+nous"
               r"|caristes?|chauffeurs?|drivers?|operateurs?|operators?|preparateurs?|pickers?|staff|workers?"
               r"|ouvriers?|techniciens?|technicians?|commerciaux|vendeurs?|conducteurs?|livreurs?|couriers?"
               r"|personnels?|stagiaires?|interimaires?|temps|managers?|utilisatrices?)")
GROUP_AFTER = re.compile(rf"\s+(?:de\s+|d')?(?:(?:autres?|other)\s+)?{GROUP_WORDS}(?![\w-])")
WE_ARE_BEFORE = re.compile(r"(?<![\w-])(?:on\s+est|on\s+es|nous\s+sommes|we\s+are|we're|there\s+are|ils\s+sont"
                           r"|they\s+are)\s+(?:(?:au\s+moins|about|environ|like|around|at\s+least|genre)\s+)?$")
# "Une dizaine" is not a number to text2num; these are the ones people use for a group.
ABOUT_NUMBERS: dict[str, int] = {
    "une dizaine": 10, "une douzaine": 12, "une quinzaine": 15, "une vingtaine": 20, "une trentaine": 30,
    "une quarantaine": 40, "une cinquantaine": 50, "une centaine": 100, "a dozen": 12, "dozens": 24,
    "a couple of": 2, "a couple": 2, "tens of": 20, "hundreds of": 200,
}
ABOUT = whole(words(*ABOUT_NUMBERS))
WITH_ME = re.compile(r"(?<!\w)(?:moi et (?:un|une|mon|ma) (?:collegue|voisine?|binome)"
                     r"|(?:un|une|mon|ma) (?:collegue|voisine?|binome) et moi"
                     r"|(?:my|a) (?:colleague|coworker|co-worker|neighbou?r) and (?:i|me)"
                     r"|me and (?:my|a) (?:colleague|coworker|co-worker))(?!\w)")
DEPARTMENTS = (r"(?:compta|comptabilite|comptable|rh|finance|finances|ventes?|commerciale?|marketing|juridique|paie"
               r"|achats|logistique|accueil|production|direction|dev|developpement|recrutement|tresorerie|facturation"
               r"|communication|qualite|sav|adv|it)(?![\w-])")
WIDE_AFFECTED = whole(
    r"(?:tout|toute|tous|toutes)\s+(?:l'|le\s+|la\s+|les\s+)(?:etage|batiment|bat|site|boite|entreprise|societe"
    r"|agence|siege|bureau|open\s*space|plateau|service|departement|direction|compta|comptabilite|usine|magasin"
    r"|utilisateurs|users|salaries|employes|monde)(?:\s+(?:(?:(?:de\s+la|du|des|de|a\s+la|au|en)\s+|de\s+l'|d')[a-z]+"
    rf"|{DEPARTMENTS}))?"
    r"|(?:the\s+)?(?:whole|entire)\s+(?:floor|building|site|company|office|department|dept|organi[sz]ation"
    r"|branch|plant|store|hq|open\s*space|accounting|finance|sales|hr)"
    r"|(?:everyone|everybody|all\s+users|all\s+of\s+us|all\s+employees|nobody|no\s+one)"
    r"(?:\s+(?:in|at|on|from|of)\s+(?:the\s+)?(?!the\b)[a-z]+(?:\s+(?:team|dept|department|floor|office))?)?"
    r"|personne\s+(?:n'|ne\s+)(?:arrive|peut|a)\w*|company-wide|site-wide"
    r"|(?:tout|toute|tous|toutes)\s+(?:l'|le\s+|la\s+|les\s+)(?:entrepot|depot|quais?|docks?|atelier|etablissement"
    r"|plateforme|region|agences|sites|entrepots|magasins|usines)"
    r"|(?:the\s+)?(?:whole|entire)\s+(?:warehouse|depot|workshop|factory|region|dock|docks|shop\s+floor)"
    rf"|(?:all\s+(?:the\s+|our\s+)?|every\s+|chaque\s+|tous\s+les\s+|toutes\s+les\s+|plus\s+aucune?\s+)(?:[a-z]+\s+)?"
    r"(?:docks?|quais?|sites?|agences?|branches?|warehouses?|entrepots?|stores?|magasins?|printers?|imprimantes?"
    r"|terminals?|terminaux|scanners?|pcs?|computers?|ordinateurs?|postes?|camions?|trucks?|tablets?|tablettes?"
    r"|laptops?|portables?|drivers?|chauffeurs?|caristes?|offices?|bureaux|floors?|etages?)"
)
TEAM_AFFECTED = whole(
    rf"(?:l'|toute\s+l'|mon\s+|notre\s+)equipe\s+{DEPARTMENTS}"
    r"|(?:the\s+)?(?:accounting|finance|sales|marketing|hr|legal|dev|design|ops|payroll|billing)\s+team|" + words(
    "mon equipe", "mon service", "notre equipe", "notre service", "toute l'equipe", "toute mon equipe",
    "l'equipe", "my team", "our team", "the whole team", "the team", "my whole team", "my department",
    "plusieurs collegues", "plusieurs personnes", "quelques personnes", "quelques collegues", "mes collegues",
    "mes collegues aussi", "several colleagues", "several people", "several users", "a few people", "a few of us",
    "some colleagues", "my colleagues", "my coworkers", "nous tous", "tout le groupe", "the whole group",
    "toute la team", "la team", "mon open space",
))
ONLY_ME = whole(words(
    "juste moi", "que moi", "moi seul", "moi seule", "moi uniquement", "seulement moi", "uniquement moi",
    "just me", "only me", "me only", "only myself", "just myself", "personne d'autre", "nobody else", "no one else",
    "je suis le seul", "je suis la seule", "je suis seul", "i'm the only one", "i am the only one",
    "mes collegues n'ont pas", "les autres ca marche", "les autres ca va", "my colleagues are fine",
    "others are fine", "the others are fine", "only my", "juste mon poste", "just my computer", "just my pc",
))
# A whole answer too short to search for in a sentence ("raconte-moi" is not "moi").
ANSWER_IMPACT = {"moi": 3, "me": 3, "myself": 3, "seul": 3, "seule": 3, "moi-meme": 3, "equipe": 2, "team": 2,
                 "groupe": 2, "group": 2, "tous": 1, "all": 1, "everyone": 1, "tout le monde": 1, "site": 1}

# --- how blocking: phrases per urgency level; a longer phrase hides the shorter ones inside it -----------------
URGENCY_PHRASES: dict[int, tuple[str, ...]] = {
    1: ("bloque", "bloquee", "bloques", "bloquant", "bloquante", "blocking", "blocked", "stuck", "urgent", "urgente",
        "tres urgent", "asap", "critique", "critical", "plus travailler", "pas travailler", "peux rien faire",
        "peut rien faire", "peux plus rien faire", "can't work", "cant work", "cannot work", "can not work",
        "unable to work", "can't do anything", "cant do anything", "can't do my job", "tout est arrete",
        "tout est bloque", "everything stopped", "everything is down", "nothing works", "rien ne marche",
        "rien ne fonctionne", "plus rien ne marche", "plus rien ne fonctionne", "production arretee",
        "production stopped", "completely down", "totalement hs", "a l'arret", "we are losing", "on perd",
        "personne ne peut travailler", "nobody can work", "no one can work", "ne peut plus travailler",
        "ne peuvent plus travailler", "impossible de travailler"),
    2: ("gene", "genant", "genante", "tres genant", "vraiment genant", "seriously", "hampered", "really annoying",
        "slows me down", "me ralentit", "ralentit beaucoup", "difficile de travailler", "hard to work",
        "assez urgent", "plutot urgent", "quite urgent", "fairly urgent", "important", "rapidement", "vite",
        "quickly", "soon", "high", "eleve", "haute", "pressant", "ne peut plus", "ne peux plus", "ne pouvons plus",
        "ne peuvent plus", "on peut plus", "je peux plus", "peut plus", "plus moyen de", "impossible de",
        "impossible d'", "can no longer", "can't anymore", "cannot anymore", "unable to", "no way to"),
    3: ("moyen", "medium", "contourner", "contournement", "workaround", "work around", "inconvenient",
        "je peux travailler", "peux continuer", "je peux quand meme", "i can still work", "can still work",
        "i can work", "moderate", "modere", "annoying", "embetant", "pas bloquant", "not blocking",
        "non bloquant", "en attendant j'utilise", "meanwhile i use", "pas tres urgent", "not very urgent",
        "normal", "normale"),
    4: ("pas urgent", "pas urgente", "not urgent", "peut attendre", "can wait", "it can wait", "faible", "low",
        "quand vous pouvez", "quand vous aurez le temps", "when you can", "whenever", "no rush", "pas presse",
        "pas pressee", "rien ne presse", "no hurry", "aucune urgence", "pas d'urgence", "basse", "tranquille",
        "when you have time", "pas grave", "not a big deal", "no big deal"),
}
# "Down" means blocking when many are affected; for one person it is serious, not yet blocking.
OUTAGE = whole(words("down", "is down", "are down", "en panne", "hs", "hors service", "out of service",
                     "ne marche plus", "ne fonctionne plus", "doesn't work", "doesnt work", "not working", "marche pas",
                     "fonctionne pas", "plante", "crashed", "crash"))
NO_WORKAROUND = whole(words(
    "pas de contournement", "aucun contournement", "pas de solution de contournement", "aucune solution",
    "pas d'autre solution", "no workaround", "no work around", "no way around", "nothing works", "rien ne marche",
    "rien ne fonctionne", "plus rien ne marche", "plus rien ne fonctionne", "nothing else works",
    "aucun moyen", "no other way", "rien a faire", "tout est bloque", "everything is down",
))
# A deadline is an event (demo, closing, payroll...) and a moment close to it (today, in an hour...).
DEADLINE_EVENT = (
    r"(?:(?:client\s+|customer\s+|board\s+)?(?:demo|presentation|meeting|call|webinar|pitch|audit|training)"
    r"(?:\s+(?:client|customer))?|(?:demo|presentation|reunion|rdv|rendez-vous|visio|formation|soutenance)"
    r"(?:\s+(?:client|avec\s+(?:un|le|la|les|des)\s+clients?|importante))?"
    r"|(?:la\s+|the\s+)?(?:cloture|closing|close|cloture\s+mensuelle|cloture\s+comptable|bilan|inventaire|paie|paye"
    r"|payroll|month-end\s+closing|month\s+end\s+closing|month-end\s+close|month-end|fin\s+de\s+mois|year-end"
    r"|deadline|echeance|livraison|delivery|release|mise\s+en\s+prod|go-live|declaration|facturation|invoicing"
    r"|rendu|dossier\s+a\s+rendre|appel\s+d'offres?|tender|submission)(?:\s+(?:mensuelle|comptable|closing))?)"
)
SOON_NOW = (r"(?:aujourd'hui|aujourdhui|auj|today|tonight|ce\s+soir|cet\s+aprem|cet\s+apres-midi|cet\s+apres\s+midi"
            r"|this\s+afternoon|this\s+morning|ce\s+matin|avant\s+midi|before\s+noon|tout\s+de\s+suite|right\s+now"
            r"|immediately|now|maintenant|en\s+cours|in\s+progress|"
            r"(?:dans|in|d'ici)\s+(?:une|un|an|a|1|2|3|4|deux|trois|quelques|few|a\s+few|une\s+demi|half\s+an)?\s*"
            r"(?:heures?|hours?|h|minutes?|mins?|min|demi-heure|quart\s+d'heure))")
SOON_LATER = (r"(?:demain|tomorrow|apres-demain|this\s+week|cette\s+semaine|next\s+week|la\s+semaine\s+prochaine"
              r"|lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday|wednesday|thursday|friday"
              r"|(?:dans|in)\s+(?:\d+|deux|trois|two|three|a\s+few|quelques)\s+(?:jours?|days?))")
_GAP = r"(?:\s+(?:[\w'-]+\s+){0,4}?)"
DEADLINE = re.compile(
    rf"(?<![\w-])(?:(?P<event>{DEADLINE_EVENT}){_GAP}(?P<when>{SOON_NOW}|{SOON_LATER})"
    rf"|(?P<when2>{SOON_NOW}|{SOON_LATER}){_GAP}(?P<event2>{DEADLINE_EVENT}))(?![\w-])"
)
NOW_WORDS = re.compile(rf"^(?:{SOON_NOW})$")

# --- device and place ------------------------------------------------------------------------------------------
# A host name: letters, a hyphen, and a digit somewhere (DI-PC04512, LAPTOP-7FJ2K, srv-files-02); ticket
# references and error codes look the same and are not devices.
HOST = re.compile(r"(?<![\w-])(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)+|(?:pc|lt|nb|ws|dt|laptop|desktop|srv|prt)\d{3,})"
                  r"(?![\w-])")
NOT_HOSTS = re.compile(r"^(?:ora|inc|sr|req|ritm|chg|prb|task|kb|err|http|aadsts|ticket|ref|wi|e|covid|tel)-"
                       r"|^[a-z]+-\d{1,2}$")
DEVICE_NOUNS = (r"(?:pc|ordi|ordinateur|portable|laptop|computer|desktop|poste|tour|ecran|screen|monitor|clavier"
                r"|keyboard|souris|mouse|imprimante|printer|copieur|photocopieuse|scanner|telephone|tel|phone|smartphone"
                r"|mobile|portable|casque|headset|webcam|camera|station\s+d'accueil|docking\s+station|dock|tablette"
                r"|tablet|macbook|mac|iphone|ipad|chargeur|charger)")
DEVICE_PHRASE = re.compile(
    rf"(?<![\w-])(?:(?:mon|ma|mes|my|l'|la|le|the|our|notre|this|ce|cet|cette)\s*{DEVICE_NOUNS}"
    r"(?:\s+(?:du|de\s+la|de\s+l'|on\s+the|at\s+the|au|in\s+the|of\s+the)\s*(?:\d+\s*(?:e|er|eme|nd|rd|th|st)?"
    r"(?:\s+(?:etage|floor))?|[a-z]+|bureau\s+[\w.-]+|room\s+[\w.-]+))?"
    r"|(?:hp|dell|lenovo|asus|acer|apple|samsung|microsoft|huawei|xiaomi|brother|canon|epson|ricoh|xerox|kyocera)"
    r"\s+[a-z]+[\w-]*(?:\s+\d[\w-]*)?"
    r"|iphone(?:\s+\d+(?:\s+pro)?)?|ipad|macbook(?:\s+(?:pro|air))?|thinkpad|elitebook|latitude|surface(?:\s+pro)?"
    r"|android|galaxy\s+s?\d+)(?![\w-])"
)
PLACE = re.compile(
    r"(?<![\w-])(?:(?:bureau|office|salle|room|box|local|piece|desk)\s+(?:n[o°]\s*)?[a-z]?\d+(?:[.-]\d+)*[a-z]?"
    r"|(?:au\s+|the\s+|on\s+the\s+|le\s+)?\d{1,2}\s*(?:e|er|eme|ieme|st|nd|rd|th)\s+(?:etage|floor)"
    r"|(?:au|on)\s+\d{1,2}\s*(?:e|er|eme|ieme|st|nd|rd|th)(?!\s*(?:etage|floor))"
    r"|(?:etage|floor|niveau|level)\s+\d{1,2}|rez-de-chaussee|rez de chaussee|rdc|ground\s+floor|sous-sol|basement"
    r"|(?:batiment|bat\.?|building|bldg|tour|tower|aile|wing)\s+[a-z0-9]{1,3}"
    r"|(?:site|agence|usine|entrepot|campus|siege)\s+(?:de\s+|d'|du\s+)[a-z][\w-]+"
    r"|(?:(?:the|our|notre)\s+)?[a-z][\w-]+\s+(?:office|site|branch|plant|warehouse|agency|campus)"
    r"|(?:working\s+|work\s+|i'?m\s+)?(?:from|at)\s+home|wfh|(?:working\s+|work\s+)remote(?:ly)?"
    r"|(?:en\s+)?teletravail|(?:de|a)\s+la\s+maison|(?:je\s+(?:bosse|travaille|suis)\s+)?(?:(?:de|a)\s+)?chez\s+moi|(?:a\s+)?l'hotel|at\s+the\s+hotel|en\s+deplacement"
    r"|on\s+the\s+road|(?:a|en)\s+clientele|at\s+a\s+client(?:'s)?(?:\s+site)?|chez\s+(?:un|le)\s+client)(?![\w-])"
)
# Office and site words that are not places ("the office 365", "my team site").
NOT_PLACES = re.compile(r"^(?:(?:the|our|notre)\s+)?(?:back|home|post|box|ms|microsoft|web|team|share|front"
                        r"|whole|entire|same|this|that|a|my|ce|le|la)\s|^office\s+(?:365|20\d\d)$")

# --- tried: a remedy already attempted, as a clause --------------------------------------------------------------
REMEDY = (r"(?:redemarre|reboote|rebooted|restarted|relance|relaunched|reinstalle|reinstalled|reinitialise|reset"
          r"|reconnecte|reconnected|rebranche|replugged|reconfigure|reconfigured|refreshed|rafraichi|repaired|repare"
          r"|reessaye|retried|renamed|renomme|reloaded|recharge|redemarrer|rebooter|reinstaller)")
TRIED = re.compile(
    r"(?<![\w-])(?:"
    r"(?:j'ai|j\s+ai|jai|on\s+a|nous\s+avons|i\s+have|i've|ive|we\s+have|we've|i|we)\s+(?:deja\s+|already\s+|bien\s+"
    r"|meme\s+|even\s+|also\s+|aussi\s+|tout\s+)?(?:essaye|essaie|tente|teste|tried|attempted|tested"
    rf"|{REMEDY}|vide|cleared|supprime|deleted|desinstalle|uninstalled|mis\s+a\s+jour|updated|change|changed|reset"
    r"|verifie|checked|debranche|unplugged|plugged|branche|eteint|turned|switched|rallume|vider|fait\s+un|did\s+a"
    r"|ran|lance|relance|scanne|scanned|cleaned|nettoye)"
    rf"|(?:deja|already)\s+(?:essaye|tente|tried|{REMEDY}|vide|cleared)"
    rf"|{REMEDY}\s+(?:\d+|deux|trois|two|three|plusieurs"
    r"|several)\s+(?:fois|times)"
    r"|(?:apres|after)\s+(?:avoir\s+)?(?:redemarre|rebooting|restarting|reinstalle|reinstalling|vide|clearing))"
)
TRIED_NOT = re.compile(
    r"^(?:\S+\s+){0,3}?(?:tried|essaye|essaie|tente)\s+(?:to\s+|de\s+|d')(?:log|sign|connect|me\s+connecter|open"
    r"|ouvrir|print|imprimer|send|envoyer|acceder|access|call|appeler|join|rejoindre|install|installer|use|utiliser)"
    r"|^(?:\S+\s+){0,3}?(?:received|recu|read|lu|changed\s+my\s+password)\b"
)
NOTHING_TRIED = whole(words(
    "rien essaye", "j'ai rien essaye", "je n'ai rien essaye", "rien tente", "pas encore essaye", "haven't tried",
    "havent tried", "didn't try", "didnt try", "tried nothing",
    "i have not tried", "i haven't tried anything",
))

# --- kinds of answers that answer no question --------------------------------------------------------------------
DECLINE = re.compile(
    r"^(?:non|no|nope|nan|aucun|aucune|none|rien|nothing|n/?a|-|nada|pas\s+de\s+\w+(?:\s+\w+){0,3}|aucun\s+\w+(?:\s+\w+)?"
    r"|no\s+\w+(?:\s+\w+)?|je\s+(?:ne\s+)?(?:sais|sait|c)\s*(?:pas|plus)|(?:je\s+)?(?:sais|sait)\s+pas|chais\s+pas|jsp"
    r"|aucune\s+idee|pas\s+d'idee|no\s+idea|(?:i\s+)?(?:don'?t|do\s+not|dunno)(?:\s+know)?|idk|dunno|not\s+sure"
    r"|je\s+ne\s+me\s+souviens\s+(?:pas|plus)|j'?sais\s+pas|pas\s+vu|rien\s+vu|didn'?t\s+see|i\s+don'?t\s+remember"
    r"|non\s+(?:aucun|aucune|rien|pas)(?:\s+\w+){0,3}|no\s+(?:none|nothing)|je\s+(?:ne\s+)?vois\s+pas"
    r"|pas\s+encore|not\s+yet|nothing\s+yet|rien\s+(?:du\s+tout|encore))"
    r"[\s.!,]*(?:desole|sorry|merci|thanks)?[\s.!]*$"
)
YES_NO = re.compile(r"^(?:oui|ouais|ouep|yes|yep|yeah|yup|ok|okay|d'accord|dac|daccord|si|non|no|nope|nan|sure"
                    r"|bien sur|of course|exactement|exactly|c'est ca|right|correct|vrai|true|false|faux)[\s.!]*$")
GREETING = re.compile(r"^(?:bonjour|bonsoir|salut|hello|hi|hey|coucou|merci|thanks|thank you|thx|cordialement"
                      r"|bonne journee|have a nice day|cheers|ok merci|super|parfait|great|cool|top)[\s.!]*$")
HUMAN = re.compile(r"(?<!\w)(?:technicien|technician|humain|human|une\s+personne|a\s+person|real\s+person"
                   r"|vraie\s+personne"
                   r"|agent|operateur|operator|someone|quelqu'un|conseiller|hotline|appelez-moi|call\s+me|rappel"
                   r"|parler\s+a|talk\s+to|speak\s+to|ticket\s+please)(?!\w)")
QUESTION = re.compile(r"\?\s*$|^(?:comment|pourquoi|quoi|quel|quelle|c'est\s+quoi|what|why|how|which|where|who"
                      r"|ou\s+(?:ca|est)|qu'est-ce|est-ce\s+que|do\s+you|can\s+you|pouvez-vous)\b")
