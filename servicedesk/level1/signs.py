"""The signs of a major or a security incident in what a user said (DESIGN.md, "Triage at once").

Such incidents skip the questions, so a missed sign costs hours and a false one sends a forgotten password to the
security team. Security signs are read from the text with a small lexicon of what office workers type, French and
English, case and accents ignored, whole words only; major signs come from the facts qualification already read
(who is affected, which service, how blocking).

A sign is a state or an act, not a topic: "how do I report a phishing email?", "how do we protect against
ransomware?" or "how do I encrypt a file" are how-tos. A suspicious mail merely received is not a security incident
either: nothing was given away, so the user reports it as the KB says, through the desk's ordinary flow. It becomes
"phishing" once the user clicked, opened, replied to, downloaded or installed something from it, or typed a password
or a code into it; "I didn't click" and "should I open it?" are not acts.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass

from servicedesk.level1.cues import fold
from servicedesk.level1.facts import Facts

# "suspicious": a security incident read from the whole message (the NLU) when no sign names its kind.
SUSPICIOUS = "suspicious"
SECURITY_KINDS = ("ransomware", "phishing", "unexpected_mfa", "account_takeover", "data_leak", "malware",
                  SUSPICIOUS)


@dataclass(frozen=True)
class Signs:
    security: str | None = None  # one of SECURITY_KINDS
    major: bool = False
    reasons: tuple[str, ...] = ()  # short English phrases for the ticket log


def _words(*patterns: str) -> str:
    return r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)"


def _near(first: str, second: str, gap: int = 60) -> str:
    """`first`, then `second` in the same sentence at most `gap` characters further."""
    return first + r"[^.!?\n]{0," + str(gap) + "}?" + second


def _either(a: str, b: str, gap: int = 60) -> str:
    """`a` and `b` in the same sentence, in either order."""
    return f"(?:{_near(a, b, gap)}|{_near(b, a, gap)})"


# --- ransomware ----------------------------------------------------------------------------------------
_FILES = _words(r"fichiers", r"documents", r"docs", r"dossiers", r"donnees", r"files", r"folders", r"data",
                r"tout", r"everything")
_BE = _words(r"sont", r"ont ete", r"etaient", r"est", r"a ete", r"are", r"were", r"is", r"have been", r"has been",
             r"got", r"been", r"get", r"tous", r"toutes", r"all")
_ENCRYPTED = _words(r"encrypted", r"chiffres?", r"chiffrees?", r"cryptes?", r"cryptees?")
# A ransom screen described rather than named: a Tor address, or a countdown beside files or a payment.
_RANSOM_SCREEN = (r"[a-z0-9]{6,}\.onion(?!\w)|(?<!\w)\.onion(?!\w)|" + _near(
    _words(r"compte a rebours", r"countdown", r"count down", r"timer", r"minuteur"),
    _words(r"fichiers?", r"files?", r"payer", r"pay", r"payment", r"bitcoins?", r"tor", r"onion", r"documents?"), 80))
_ADDED_WRONGLY = _near(_words(r"added", r"invited", r"ajoute", r"ajoutee", r"invite", r"invitee", r"gave access",
                              r"donne acces", r"donne l'acces"),
                       _words(r"wrong (?:external |outside )?(?:guest|person|contact|marc|user)",
                              r"mauvais (?:invite|contact|externe|destinataire)", r"mauvaise personne",
                              r"competitor", r"concurrent", r"competing"), 60)
_RANSOM_NOTE = _words(r"ransom", r"ran[cs]om ?note", r"rancons?", r"bitcoins?", r"btc", r"crypto-?monnaies?",
                      r"cryptocurrency", r"monero")
_RANSOMWARE = _words(r"ransomware", r"rancongiciels?", r"lockbit", r"wanna ?cry")
_LOCKED_EXTENSION = r"\.(?:locked|encrypted|crypt|crypted|lockbit|wncry|ryk|akira)(?!\w)"
_PAY_TO_RECOVER = _near(_words(r"payer", r"pay", r"payment", r"paiement"),
                        _words(r"recuperer", r"debloquer", r"dechiffrer", r"get (?:them|it|my files) back",
                               r"unlock", r"decrypt", r"restore"))

# --- account takeover -------------------------------------------------------------------------------------
_SOMEONE = (r"(?<!can )(?<!could )(?<!est-ce que )(?<!besoin que )"
            + _words(r"quelqu'?un", r"qqn", r"qq1", r"someone", r"somebody", r"une personne", r"un inconnu",
                     r"a stranger", r"un hacker", r"a hacker", r"un pirate")
            + r"(?!\s+(?:can|could|should|would|peut|pourrait|doit|please|svp|(?:from|du|de la|de l') ?"
              r"(?:it|support|helpdesk|desk|dsi|service|informatique|l'informatique)))")
_USED_IT = _words(r"s'est connectee?", r"se connecte", r"s'est logue", r"a (?:envoye|utilise|change|modifie|"
                  r"reinitialise|accede|lu)", r"envoie", r"utilise", r"accede", r"logged (?:in|into|on)",
                  r"signed (?:in|into)", r"logs? in(?:to)?", r"is using", r"has been using", r"used", r"sent",
                  r"is sending", r"changed", r"reset", r"accessed", r"got into", r"hacked into", r"broke into")
_MY_ACCOUNT = _words(r"mon compte", r"ma (?:boite|messagerie|session)", r"mon mot de passe", r"mon adresse",
                     r"my (?:account|mailbox|inbox|email|e-mail|session|password|address)")
_HIJACKED = _words(r"pirates?", r"piratees?", r"hackes?", r"hackees?", r"hacked", r"compromise?s?",
                   r"compromised", r"pwned", r"usurpee?", r"hijacked", r"taken over", r"broken into", r"volee?",
                   r"stolen")
_NOT_SENT_BY_ME = _near(_words(r"mails?", r"e-?mails?", r"messages?", r"courriels?"),
                        _words(r"que je n'?ai (?:pas|jamais) envoyes?", r"que j'?ai (?:pas|jamais) envoyes?",
                               r"que je n'?ai (?:pas|jamais) ecrits?", r"i (?:didn'?t|did not|never) (?:send|sent|"
                               r"write|wrote)", r"pas (?:de|par) moi", r"not from me"), 40)
_ODD_SIGN_IN = _words(r"(?:connexion|connection|sign-?in|login|activite) (?:inhabituelle|suspecte|bizarre|inconnue|"
                      r"unusual|suspicious|strange|from an unknown)",
                      r"(?:unusual|suspicious|strange|unknown) (?:sign-?ins?|logins?|connections?|activity)",
                      r"(?:connexion|connecte|sign-?in|logged in) (?:depuis|from) (?:la |le |l')?(?:russie|chine|"
                      r"russia|china|nigeria|coree|korea|un pays|another country|abroad|l'etranger)")

# --- data sent to the wrong place, devices lost or stolen -------------------------------------------------
_SENT = _words(r"envoyee?s?", r"envoyer", r"sent", r"send", r"transferee?s?", r"forwarded", r"partagee?s?",
               r"shared", r"mis en copie", r"cc'?d", r"publiee?", r"posted", r"uploaded")
_WRONG_PLACE = _words(r"mauvaise? (?:fichiers?|pieces? jointes?|destinataires?|personnes?|adresses?|clients?|"
                      r"contacts?|liste|groupe|fournisseur|boite)",
                      r"wrong (?:\w+ )?(?:files?|attachments?|person|people|"
                      r"recipients?|address|email|client|customer|contact|list|group|supplier|vendor|"
                      r"distribution list)")
_OUTSIDE = _words(r"externes?", r"exterieur", r"external", r"outside", r"tout le monde", r"everyone", r"publicly",
                  r"en public", r"toute l'entreprise", r"the whole company")
_SENSITIVE = _words(r"salaires?", r"paie", r"payroll", r"salary", r"salaries", r"confidentiel(?:le)?s?",
                    r"confidential", r"donnees (?:personnelles|clients?|rh|sensibles)", r"personal data",
                    r"customer data", r"sensitive", r"sensibles?", r"fiches? de paie", r"payslips?",
                    r"(?:fichier|dossier|file) (?:rh|hr)", r"hr (?:file|data)", r"numeros? de (?:secu|carte)",
                    r"social security", r"credit cards?", r"mots de passe", r"passwords")
_BY_MISTAKE = _words(r"par erreur", r"by mistake", r"accidentally", r"by accident", r"sans faire expres",
                     r"par megarde", r"oops")
_LEAK = _words(r"fuite de donnees", r"data (?:leak|breach)", r"leaked", r"a fuite", r"ont fuite")
_DEVICE = _words(r"pc", r"laptop", r"ordinateur", r"ordi", r"portable", r"telephone", r"phone", r"smartphone",
                 r"cle usb", r"usb (?:key|stick|drive)", r"disque dur", r"tablette", r"tablet", r"macbook")
_STOLEN = (_near(_DEVICE, _words(r"(?:a ete |was |has been |got |s'est fait )?(?:vole|stolen|piquee?)",
                                 r"(?:est|is|was|has been|a ete|got) (?:perdue?|lost|egaree?)"), 25)
           + "|" + _near(_words(r"(?:on m'a|j'ai|je me suis fait|someone|somebody|they) (?:vole|stole|piquer?)"),
                         _DEVICE, 60))
_LOST = (_words(r"(?:j'?ai|i(?:'ve)?|on m'a) (?:perdu|egare|lost|misplaced|vole|stole)") + r" (?:mon |ma |my |le |the )"
         + _DEVICE + r"(?!\s*(?:'s|password|mot de passe|charger|chargeur|connexion|connection|reseau|wifi|session))")

# --- phishing: an act on a suspicious message ---------------------------------------------------------------
_NOT = r"(?:(?<!\w)(?:not|never|no|didnt|dont|havent|hasnt|wasnt|pas|jamais|sans|without|rien)|n't)"
_MAYBE = _words(r"should i", r"shall i", r"can i", r"could i", r"do i", r"how do i", r"how to", r"must i",
                r"dois-je", r"puis-je", r"je dois", r"je peux", r"faut-il", r"comment")
_ACT = _words(r"clique", r"cliquer", r"click(?:ed|ing)?", r"ouvert", r"opening", r"ouvre", r"opened", r"open",
              r"repondu",
              r"replied", r"answered", r"telecharge", r"downloaded", r"installe", r"installed", r"scanne",
              r"scanned", r"suivi le lien", r"followed the link")
_NOT_THE_MESSAGE = r"\s+(?:a |an |the |un |une |le |mon |my )?(?:ticket|incident|demande|case|request|session)"
_CREDENTIALS = _words(r"mot de passe", r"mdp", r"password", r"passwd", r"identifiants?", r"credentials?",
                      r"code (?:mfa|sms|de verification)", r"iban", r"rib", r"carte bancaire", r"card number")
_GAVE = _near(_words(r"tape", r"saisi", r"entre", r"entered", r"typed", r"rentre", r"donne", r"gave", r"put",
                     r"mis", r"filled in", r"rempli"), _CREDENTIALS, 20)
_PHISHING = _words(r"phishing", r"phising", r"hameconnage", r"arnaques?", r"scam(?:s|my)?", r"spam",
                   r"gift ?cards?", r"cartes? cadeaux?", r"fraude au president", r"ceo fraud",
                   r"frauduleu(?:x|se)", r"fraudulent", r"fake", r"faux (?:mail|site|lien|message|sms)",
                   r"(?:got|been|was|me suis fait) (?:phished|hameconner|hameconne)",
                   r"(?:fell for|me suis fait (?:avoir|pieger)|tombe dans le panneau)")
_MESSAGE = _words(r"mails?", r"e-?mails?", r"courriels?", r"messages?", r"liens?", r"links?", r"pieces? jointes?",
                  r"attachments?", r"pj", r"sms", r"textos?", r"texts?", r"qr ?codes?", r"url", r"expediteur",
                  r"sender")
_PAGE = _words(r"sites?", r"pages?", r"formulaires?", r"forms?")  # odd, it is a fault, unless a password went in
_ODD = _words(r"suspects?", r"suspicious", r"bizarres?", r"weird", r"strange", r"louches?", r"chelou",
              r"douteu(?:x|se)", r"dodgy", r"sketchy", r"pas nets?", r"inconnue?s?", r"unknown",
              r"looked like", r"looking like", r"ressemblait", r"imitait", r"copie conforme")
_RESET = _words(r"reinitialis\w*", r"reset", r"nouveau mot de passe", r"new password", r"changer mon mot de passe",
                r"change my password")
_LINK_IN_MESSAGE = _either(_words(r"liens?", r"links?"), _words(r"mails?", r"e-?mails?", r"sms", r"textos?",
                                                              r"texts?", r"messages?"), 25)

# --- unexpected sign-in prompts -----------------------------------------------------------------------------
_MFA = _words(r"authenticator", r"authentificator", r"mfa", r"2fa", r"double authentification",
              r"(?:demandes?|notifications?|requests?|prompts?|push(?:es)?) (?:de |d')?(?:connexion|sign-?in|login|"
              r"validation|approbation|approval|mfa)", r"approuver (?:une|la|des|ma) connexions?",
              r"approve (?:a |the |my )?(?:sign-?ins?|logins?|connections?)",
              r"codes? (?:sms|de verification|de connexion)",
              r"verification codes?", r"sign-?in (?:requests?|prompts?|approvals?)", r"push notifications?")
_UNASKED = _words(r"(?:que |qu')?je n'?ai (?:pas|jamais) (?:demande|sollicite|fait|lance|initie)e?s?",
                  r"pas demandee?s?", r"sans (?:rien )?(?:demander|faire|l'avoir demande)", r"non (?:sollicite|"
                  r"demande)e?s?", r"i (?:didn'?t|did not|never|haven'?t|havent) (?:ask|request|start|initiate|trigger"
                  r"|do)(?:ed)?(?: for)?", r"(?:wasn'?t|was not|not) me", r"pas moi", r"ce n'?est pas moi",
                  r"unexpected", r"unsolicited", r"inattendue?s?", r"random", r"out of nowhere", r"de nulle part",
                  r"en pleine nuit", r"middle of the night", r"alors que je (?:ne )?(?:fais|demande) rien",
                  r"alors que je (?:n'?)?(?:essaie|essaye|suis|me connecte|travaille) (?:pas|meme pas|rien)",
                  r"alors que j'?(?:essaie|essaye) pas", r"(?:connecter|connecte) a rien", r"rien du tout",
                  r"not (?:even )?(?:logging|signing) (?:in|on)", r"sans que je", r"(?:while|when) i'?m not",
                  r"(?:while|when) i (?:am|was) not", r"i'?m not even",
                  r"i'?m not (?:even )?(?:trying to )?(?:log|sign)(?:ging)? ?in", r"a \d+h du matin", r"at \d+ ?am")
# --- someone on the phone asking for a password: the same fraud as a mail, by voice ----------------------------
_CALLED = _words(r"appele", r"appelee", r"telephone", r"called", r"phoned", r"rang", r"call from", r"appel de",
                 r"au telephone", r"on the phone")
_ASKED_SECRET = _near(_words(r"demande", r"demandait", r"voulait", r"asked", r"asking", r"wanted", r"donne",
                             r"gave", r"dit"), _CREDENTIALS, 40)
_FOUND_USB = _near(_words(r"trouve", r"found", r"ramasse", r"picked up", r"recu par la poste"),
                   _words(r"cle usb", r"usb (?:key|stick|drive)", r"cle", r"disque"), 30)

# --- payment fraud: bank details changed by a message, money paid on them ------------------------------------
_NEW_BANK = _words(r"nouveau (?:rib|iban)", r"nouvelles? coordonnees bancaires", r"changement de (?:rib|iban|banque|"
                   r"coordonnees bancaires)", r"new (?:bank details|bank account|iban|account number)",
                   r"changed (?:their |its |his |her )?(?:bank details|bank account|iban)", r"faux rib", r"fake iban")
_PAID = _words(r"paye", r"payee?s?", r"vire", r"virement", r"verse", r"regle", r"paid", r"wired", r"transferred",
               r"transfer", r"sent the money", r"payment")
_NEVER_CHANGED = _words(r"(?:jamais|pas) change de (?:banque|rib|iban|compte)",
                        r"never changed (?:their |its )?(?:bank|iban|account|details)", r"fraude au (?:rib|virement)",
                        r"invoice fraud", r"payment fraud")

# --- someone in the PC: a remote-control tool installed on a caller's word, or the mouse moving on its own --------
_REMOTE_TOOL = _words(r"anydesk", r"teamviewer", r"team viewer", r"quick ?assist", r"assistance rapide", r"ultraviewer",
                      r"supremo", r"rustdesk", r"logmein", r"screenconnect", r"ammyy")
_POSING = _words(r"(?:saying|said|claiming|pretending|se disant|soi-disant|pretendant|qui disait) "
                 r"(?:he'?s?|she'?s?|they(?:'re)?|il|elle)?\s*(?:was|is|were|etait|est|etre|to be)?\s*"
                 r"(?:from|de|du|chez)? ?(?:microsoft|support|the it|l'informatique|la dsi|the helpdesk|le support|"
                 r"windows|apple)")
# Not "the technician took control": the desk's own remote assistance does that, announced.
_TAKEN_OVER = _words(r"(?:souris|mouse|curseur|cursor|pointeur|pointer) (?:bouge|moves?|moving|se deplace) "
                     r"(?:tout(?:e)? seule?|by itself|on its own)")
# --- a document's macros enabled, and the PC doing things by itself since --------------------------------------
_MACROS = _words(r"enable content", r"enabled content", r"enable editing and content", r"activer le contenu",
                 r"active le contenu", r"activ\w* les macros", r"enabled? (?:the )?macros", r"autorise les macros")
_ODD_SINCE = _words(r"by themselves", r"by itself", r"on (?:its|their) own", r"tout(?:es)? seule?s?",
                    r"black windows?", r"fenetres? noires?", r"cmd", r"powershell", r"s'ouvrent", r"keep opening",
                    r"popping up", r"pop-?ups?", r"bizarre", r"strange", r"weird", r"rame", r"slow")

# --- more of what users say without the usual words ---------------------------------------------------------
_NOT_ME = _words(r"jamais (?:envoye|demande|ecrit)", r"(?:je n'?ai|j'? ?ai) pas (?:envoye|demande)",
                 r"never (?:sent|asked|wrote|requested)", r"didn'?t (?:send|ask|write|request)")
_ROGUE_RULE = _either(_words(r"regles?", r"rules?", r"redirections?", r"transferts? automatiques?", r"forwarding"),
                      _words(r"(?:que )?j'? ?ai (?:pas|jamais) (?:cree|creee|mise?)",
                             r"(?:que )?je n'?ai (?:pas|jamais) (?:cree|creee|mise?)",
                             r"i (?:didn'?t|did not|never) (?:create|make|set up|add)",
                             r"not (?:mine|created by me)"), 60)
_FOREIGN_SIGN_IN = _near(_words(r"(?:nouvelle )?connexion", r"sign-?in", r"login", r"connecte"),
                         _words(r"depuis", r"from") + r"[^.!?\n]{0,30}?" + _words(
                             r"nigeria", r"lagos", r"russie", r"russia", r"chine", r"china", r"bresil", r"brazil",
                             r"inde", r"india", r"vietnam", r"ukraine", r"coree", r"korea", r"iran", r"turquie",
                             r"un pays", r"another country", r"abroad", r"l'etranger"), 40)
_LENT = _near(_words(r"prete", r"pretee", r"lent", r"shared", r"partage", r"donne", r"gave", r"passe"),
              _words(r"mon mot de passe", r"mon mdp", r"mes identifiants", r"my password", r"my credentials",
                     r"my login"), 40)
_LEFT_DEVICE = (_words(r"(?:left|forgot|oublie|laisse)") + r" (?:my |mon |ma |le |la |the )(?:work |pro |"
                r"professionnel )?" + _DEVICE
                + r"(?!\s*(?:charger|chargeur|cable|bag|sacoche|case|housse|mouse|souris))"
                r"[^.!?\n]{0,20}?" + _words(r"in", r"on", r"at", r"dans", r"au",
                                                                         r"a la", r"chez"))
_ADWARE = _words(r"pop-?ups? (?:everywhere|partout|all over)", r"(?:homepage|page d'accueil|moteur de recherche) "
                 r"(?:\w+ )?(?:changed|has changed|a change|changee|modifiee)",
                 r"antivirus (?:popped up|alert\w*|a (?:detecte|alerte|affiche))", r"fenetres? de pub partout")
_ROGUE_DEVICE = _either(_words(r"plugged (?:a|an|some) (?:\w+ )?(?:box|device|thing|dongle)", r"branche un (?:\w+ )?"
                               r"(?:boitier|appareil|truc|boite)"),
                        _words(r"nobody told", r"personne (?:ne )?(?:nous )?a prevenu", r"inconnu", r"unknown",
                               r"said he was", r"se disant", r"soi-disant", r"pretending"), 160)

_APPROVE = _words(r"valide", r"approuve", r"accepte", r"approved", r"accepted", r"clicked yes", r"said yes")
_APPROVED_BY_MISTAKE = _either(_either(_APPROVE, _MFA, 40), _BY_MISTAKE, 40)

# --- malware ------------------------------------------------------------------------------------------------
_THREAT = _words(r"trojans?", r"cheval de troie", r"chevaux de troie", r"malwares?", r"maliciels?",
                 r"logiciels? malveillants?", r"spyware", r"logiciel espion", r"keylogger", r"rootkit", r"backdoor",
                 r"ver informatique", r"adware", r"infostealer")
_VIRUS_FOUND = _words(r"virus (?:detecte|trouve|found|detected)", r"(?:detecte|found|detected|trouve) (?:un |une |a )?"
                      r"(?:virus|menace|threat)", r"menaces? (?:detectee|trouvee)s?", r"threats? (?:found|detected)",
                      r"(?:j'ai|il y a|i have|i got|i think i have|there is|there's) (?:un |a )?virus",
                      r"(?:pc|ordinateur|ordi|poste|laptop|computer|machine) (?:est |is )?(?:infecte|infected)",
                      r"infectee? par", r"infected (?:by|with)", r"mis en quarantaine", r"quarantined")

_HOW_TO = re.compile(_words(r"how (?:do|can|should|to|does|would)", r"what (?:is|are|should|to do)", r"c'?est quoi",
                            r"qu'?est-ce qu", r"comment", r"where (?:do|can) (?:i|we)", r"is there a way",
                            r"est-ce qu'on peut", r"ou (?:trouver|signaler)", r"protect against", r"se proteger"))

# (kind, ((pattern, why, a topic rather than a state: not a sign in a how-to), ...)); the weightiest kind first:
# a takeover reported with the phishing that caused it is a takeover.
_SECURITY: tuple[tuple[str, tuple[tuple[str, str, bool], ...]], ...] = (
    ("ransomware", ((_RANSOM_NOTE, "ransom demand", False), (_RANSOM_SCREEN, "ransom screen", False),
                    (_LOCKED_EXTENSION, "files renamed with a ransomware extension", False),
                    (_near(_FILES, _BE + r"\s+(?:\w+\s+){0,2}?" + _ENCRYPTED, 30), "files encrypted", False),
                    (_PAY_TO_RECOVER, "payment asked to recover files", False),
                    (_RANSOMWARE, "ransomware named", True))),
    ("account_takeover", ((_near(_SOMEONE, _near(_USED_IT, _MY_ACCOUNT, 50), 30), "someone else used the account",
                           False),
                          (_near(_MY_ACCOUNT, _HIJACKED, 30), "account compromised", False),
                          (_NOT_SENT_BY_ME, "mails sent that the user did not send", False),
                          (_ODD_SIGN_IN, "unusual sign-in", False),
                          (_FOREIGN_SIGN_IN, "sign-in from abroad", False),
                          (_ROGUE_RULE, "mailbox rule the user did not create", False),
                          (_LENT, "credentials lent to someone", False))),
    ("data_leak", ((_near(_SENT, _WRONG_PLACE, 80), "data sent to the wrong place", False),
                   (_ADDED_WRONGLY, "wrong person given access", False),
                   (_either(_SENT, _either(_OUTSIDE, _BY_MISTAKE, 60), 60), "data sent outside by mistake", False),
                   (_either(_SENSITIVE, _either(_SENT, _BY_MISTAKE, 60), 60), "sensitive data sent by mistake",
                    False),
                   (_LEAK, "data leak", False), (_STOLEN, "device stolen", False), (_LOST, "device lost or stolen",
                                                                                  False),
                   (_LEFT_DEVICE, "device left behind", False))),
    ("phishing", ((_either(_NEW_BANK, _PAID, 120), "payment made to bank details changed by a message", False),
                  (_NEVER_CHANGED, "payment fraud", False),
                  (f"{_NEW_BANK}[\\s\\S]{{0,150}}?{_NOT_ME}", "bank details changed in the user's name",
                   False))),  # and the acts read by _phishing
    ("unexpected_mfa", ((_either(_MFA, _UNASKED, 80), "sign-in prompts the user did not start", False),
                        (_APPROVED_BY_MISTAKE, "sign-in prompt approved by mistake", False))),
    ("malware", ((_VIRUS_FOUND, "virus detected", False), (_THREAT, "malware named", True),
                 (_either(_REMOTE_TOOL, f"(?:{_CALLED}|{_POSING})", 120), "remote-control tool installed for a "
                  "caller", False),
                 (_TAKEN_OVER, "someone controlling the PC", False),
                 (_ADWARE, "adware or antivirus alert", False),
                 (_ROGUE_DEVICE, "unknown device plugged into the network", False),
                 (_either(_MACROS, _ODD_SINCE, 150), "macros enabled, odd behaviour since", False),
                 (_FOUND_USB, "unknown USB device found", False))),
)
_COMPILED = tuple((kind, tuple((re.compile(p), why, topic) for p, why, topic in patterns))
                  for kind, patterns in _SECURITY)
_ACT_RE, _GAVE_RE = re.compile(_ACT), re.compile(_GAVE)
_NOT_RE = re.compile(_NOT + r"(?:\s+\S+){0,2}\s*$")
_MAYBE_RE = re.compile(_MAYBE + r"(?:\s+\S+){0,1}\s*$")
_NOT_THE_MESSAGE_RE = re.compile(_NOT_THE_MESSAGE)
_PHISHING_RE, _ODD_MESSAGE_RE = re.compile(_PHISHING), re.compile(_either(_ODD, _MESSAGE, 30))
_ODD_PAGE_RE = re.compile(_either(_ODD, _PAGE, 60))
_MESSAGE_RE = re.compile(_MESSAGE)
_RESET_RE, _LINK_IN_MESSAGE_RE = re.compile(_RESET), re.compile(_LINK_IN_MESSAGE)
_VISHING_RE = re.compile(_either(_CALLED, _ASKED_SECRET, 80))


def _done(folded: str, match: re.Match[str]) -> bool:
    """An act the user did: not "didn't click", "sans rien ouvrir", "should I open it?" or "opened a ticket"."""
    before = folded[max(0, match.start() - 25):match.start()]
    return not (_NOT_RE.search(before) or _MAYBE_RE.search(before)
                or _NOT_THE_MESSAGE_RE.match(folded, match.end()))


def _phishing(folded: str) -> str | None:
    """An act on a suspicious message, or credentials typed after following a link from a message."""
    acted = any(_done(folded, m) for m in _ACT_RE.finditer(folded))
    gave = any(_done(folded, m) for m in _GAVE_RE.finditer(folded))
    if (acted or gave) and (_PHISHING_RE.search(folded) or _ODD_MESSAGE_RE.search(folded)):
        return "credentials given to a suspicious message" if gave else "acted on a suspicious message"
    if gave and _ODD_PAGE_RE.search(folded):
        return "credentials given to a suspicious page"
    if acted and gave and (_LINK_IN_MESSAGE_RE.search(folded) or _MESSAGE_RE.search(folded)) and \
            not _RESET_RE.search(folded):
        return "credentials entered after following a link"
    if _VISHING_RE.search(folded):
        return "credentials asked for over the phone"
    return None


def security_sign(text: str) -> tuple[str, str] | None:
    """The security kind the text shows and why, the weightiest first; None when it shows none."""
    folded = fold(text)
    how_to = bool(_HOW_TO.search(folded))
    for kind, patterns in _COMPILED:
        why = next((reason for pattern, reason, topic in patterns
                    if not (topic and how_to) and pattern.search(folded)), None)
        if why is None and kind == "phishing":
            why = _phishing(folded)
        if why is not None:
            return kind, why
    return None


def major_reasons(facts: Facts, *, critical_services: Collection[str] = (), major_count: int = 10) -> tuple[str, ...]:
    """Why the facts make a major incident: a site or department, many people, a critical service hit hard."""
    reasons = []
    if facts.impact == 1:
        reasons.append("whole site or department affected")
    if facts.affected_count is not None and facts.affected_count >= major_count:
        reasons.append(f"{facts.affected_count} people affected")
    critical = facts.service is not None and facts.service in critical_services
    if critical and facts.impact is not None and facts.impact <= 2:
        reasons.append(f"critical service {facts.service}")
    elif critical and facts.urgency == 1 and facts.no_workaround:
        reasons.append(f"critical service {facts.service} blocked, no workaround")
    return tuple(reasons)


def read_signs(text: str, facts: Facts, *, critical_services: Collection[str] = (), major_count: int = 10) -> Signs:
    """The signs of a security or a major incident in a message and in the facts read from the conversation."""
    security = security_sign(text)
    major = major_reasons(facts, critical_services=critical_services, major_count=major_count)
    return Signs(security=security[0] if security else None, major=bool(major),
                 reasons=((f"security: {security[1]}",) if security else ()) + major)
