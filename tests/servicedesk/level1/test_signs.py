"""The signs of a security or a major incident, read from what office workers type (French and English, typos,
no accents), and the how-tos and everyday troubles that must not be taken for them."""

import pytest

from servicedesk.level1.facts import Facts
from servicedesk.level1.signs import SECURITY_KINDS, Signs, read_signs, security_sign

NOTHING = Facts()

SECURITY = [
    ("mes fichiers ont tous l'extension .locked et il y a un message qui demande des bitcoins", "ransomware"),
    ("all my files are encrypted, there's a ransom note on the desktop", "ransomware"),
    ("tous les fichiers du partage sont cryptés !!", "ransomware"),
    ("un message dit qu'il faut payer pour recuperer mes donnees", "ransomware"),
    ("HELP everything is encrypted on the S: drive", "ransomware"),
    ("j'ai cliqué sur un lien dans un mail bizarre et j'ai tapé mon mot de passe", "phishing"),
    ("I clicked a link in a phishing email this morning", "phishing"),
    ("jai ouvert la piece jointe d'un mail suspect", "phishing"),
    ("i think i fell for a scam email, i replied with my details", "phishing"),
    ("j'ai cliqué sur le lien du mail et rentré mes identifiants, c'était pas le vrai site microsoft", "phishing"),
    ("la page de login est bizarre, j'ai tapé mon mdp", "phishing"),
    ("j'ai eu un sms bizarre avec un lien, j'ai cliqué dessus", "phishing"),
    ("downloaded the attachment from that weird email and now nothing opens", "phishing"),
    ("I keep getting Authenticator prompts I didn't ask for", "unexpected_mfa"),
    ("je recois des demandes de connexion sur authenticator que je n'ai pas demandées", "unexpected_mfa"),
    ("MFA requests out of nowhere at 3am", "unexpected_mfa"),
    ("notifications authenticator en boucle alors que je fais rien", "unexpected_mfa"),
    ("j'ai validé une notification MFA par erreur", "unexpected_mfa"),
    ("someone sent emails from my account", "account_takeover"),
    ("quelqu'un s'est connecté à mon compte depuis la Russie", "account_takeover"),
    ("mon compte a été piraté", "account_takeover"),
    ("my account got hacked i think", "account_takeover"),
    ("mes contacts reçoivent des mails que je n'ai pas envoyés", "account_takeover"),
    ("alerte connexion inhabituelle sur mon compte Office", "account_takeover"),
    ("I clicked a phishing link and now someone is sending mails from my mailbox", "account_takeover"),
    ("j'ai envoyé le fichier des salaires au mauvais destinataire", "data_leak"),
    ("I sent the customer list to the wrong person", "data_leak"),
    ("oops I sent the wrong file to the client", "data_leak"),
    ("envoyé le fichier RH confidentiel à un externe par erreur", "data_leak"),
    ("on m'a volé mon pc portable dans le train", "data_leak"),
    ("my laptop was stolen from my car", "data_leak"),
    ("antivirus says trojan found", "malware"),
    ("Defender a détecté une menace sur mon poste", "malware"),
    ("i think i have a virus, pop ups everywhere", "malware"),
    ("mon ordi est infecté par un cheval de troie", "malware"),
]

NOT_SECURITY = [
    "the countdown timer in my slides doesn't start", "I added a printer by mistake, how do I remove it?",
    "how do I report a phishing email?",
    "comment signaler un mail de phishing ?",
    "j'ai reçu un mail suspect, je n'ai pas cliqué, je fais quoi ?",
    "I got a weird email, should I open it?",
    "I opened a ticket about a spam email last week",
    "I forgot my password",
    "j'ai oublié mon mot de passe",
    "my account is locked",
    "mon compte est bloqué",
    "BitLocker asks for the recovery key",
    "how do I encrypt a file",
    "comment chiffrer un fichier excel",
    "the invoice was sent to the client",
    "le fichier du chiffre d'affaires ne s'ouvre plus",
    "the file is locked for editing by another user",
    "Excel shows a weird error when I open the file",
    "j'ai cliqué sur le lien du mail pour réinitialiser mon mot de passe et ca marche pas",
    "can someone reset my password please",
    "quelqu'un peut se connecter sur mon pc pour m'aider ?",
    "someone from IT logged into my account yesterday to fix Outlook",
    "Authenticator asks me for a code, where do I find it?",
    "je n'ai pas reçu le code SMS pour la double authentification",
    "how do we protect against ransomware?",
    "how do I update the antivirus",
    "mon pc a perdu le réseau",
    "I sent the meeting invite to everyone and Teams crashed",
    "fuite d'eau dans la salle serveur",
    "the printer is broken",
    "le site intranet est bizarre depuis ce matin, j'ai cliqué partout",
    "I clicked on the link in the Teams invite and nothing happens",
    "password reset link in the email does not work, I clicked it and entered my password",
    "Excel says the file is encrypted with a password",
    "I lost my phone charger",
    "I approved the Teams update by mistake",
]


# Phrasings without the desk's usual words: no "phishing", no apostrophes, a phone call instead of a mail.
SECURITY += [
    ("jai perdu mon pc portable dans le train ce matin", "data_leak"),
    ("my phone is lost, can i still get my mfa codes", "data_leak"),
    ("someone called pretending to be IT and asked for my password, I gave it", "phishing"),
    ("un mec a appele en disant quil etait du support et ma demande mon mot de passe", "phishing"),
    ("jai trouve une cle usb sur le parking, je peux la brancher ?", "malware"),
    ("mes collegues recoivent des mails bizarres de ma part que jai pas envoyes", "account_takeover"),
    ("I entered my password on a page that looked like the microsoft login after clicking a link in an invoice "
     "email", "phishing"),
]
NOT_SECURITY += [
    "my laptop lost connection to the wifi again", "le pc a perdu le reseau", "jai perdu le mot de passe du wifi",
    "called the helpdesk yesterday about my password reset, any news",
    "j ai appele le support hier pour mon mot de passe", "le technicien a appele et demande mon numero de poste",
    "i found the usb cable of the dock",
]
# Money paid to bank details a message changed; a caller's remote-control tool; macros and the PC acting alone.
SECURITY += [
    ("on a recu un mail du transporteur avec un nouveau RIB, on a payé 48 000 euros dessus vendredi", "phishing"),
    ("supplier emailed new bank details last month and we wired the invoice there, they say they never got it",
     "phishing"),
    ("a guy called saying he's from microsoft support, had me install anydesk and moved my mouse around", "malware"),
    ("quelqu'un se disant du support microsoft m'a fait installer teamviewer", "malware"),
    ("opened an excel invoice, clicked enable content and since then black windows keep opening by themselves",
     "malware"),
    ("ma souris bouge toute seule depuis ce matin", "malware"),
]
NOT_SECURITY += [
    "comment je change mon RIB pour ma paie ?", "how do I install teamviewer?", "teamviewer ne se lance plus",
    "le fournisseur nous a envoyé son nouveau RIB, comment je le mets dans SAP ?",
    "word me demande activer le contenu, je dois cliquer ?", "my mouse is slow",
    "le technicien a pris la main sur mon pc et a tout réglé",
    "i left my laptop charger at home", "my colleague shared the password of the guest wifi with the visitor",
    "how do I create a rule in outlook?", "je me connecte depuis la maison",
]
SECURITY += [
    ("un fournisseur m'a appelé pour confirmer le changement de RIB que je lui aurais demandé par mail. j'ai jamais "
     "envoyé ca", "phishing"),
    ("notif microsoft 'nouvelle connexion depuis Lagos, Nigeria' sur mon compte pro", "account_takeover"),
    ("mes regles outlook ont une regle que j'ai pas créée qui deplace tout dans un dossier RSS", "account_takeover"),
    ("j'ai prêté mon badge et mon mot de passe a un interimaire hier", "account_takeover"),
    ("installed a free pdf converter and now my homepage changed and there are popups everywhere", "malware"),
    ("left my work phone in an uber last night, it has outlook and authenticator on it", "data_leak"),
    ("a guy said he was from the IT supplier and plugged a small box behind the printer, nobody told us", "malware"),
    ("ecran noir avec une adresse xk3v9qpl2m.onion, mes documents ne s'ouvrent plus", "ransomware"),
    ("a countdown on a black screen says my files will be deleted unless I pay", "ransomware"),
    ("I invited the wrong external guest to our bid channel, someone from a competitor", "data_leak"),
]


@pytest.mark.parametrize(("text", "kind"), SECURITY)
def test_security_signs_are_read_from_the_words_users_type(text: str, kind: str) -> None:
    signs = read_signs(text, NOTHING)
    assert signs.security == kind
    assert kind in SECURITY_KINDS
    assert signs.reasons and signs.reasons[0].startswith("security: ")


@pytest.mark.parametrize("text", NOT_SECURITY)
def test_how_tos_and_everyday_troubles_are_not_security_incidents(text: str) -> None:
    assert security_sign(text) is None
    assert read_signs(text, NOTHING) == Signs()


def test_a_suspicious_mail_merely_received_is_not_phishing_until_the_user_acts_on_it() -> None:
    assert security_sign("j'ai reçu un mail de phishing") is None
    assert security_sign("j'ai reçu un mail de phishing et j'ai cliqué sur le lien") == (
        "phishing", "acted on a suspicious message")


@pytest.mark.parametrize(("facts", "reason"), [
    (Facts(impact=1), "whole site or department affected"),
    (Facts(impact=3, affected_count=25), "25 people affected"),
    (Facts(service="SAP", impact=2), "critical service SAP"),
    (Facts(service="SAP", impact=3, urgency=1, no_workaround=True), "critical service SAP blocked, no workaround"),
])
def test_major_signs_come_from_the_facts(facts: Facts, reason: str) -> None:
    signs = read_signs("ca marche plus", facts, critical_services={"SAP"}, major_count=10)
    assert signs.major and reason in signs.reasons and signs.security is None


@pytest.mark.parametrize("facts", [
    Facts(impact=2, affected_count=9),  # a team, below the count that makes a major incident
    Facts(service="SAP", impact=3, urgency=1),  # a critical service, one person, a workaround may exist
    Facts(service="SAP", impact=3, urgency=2, no_workaround=True),
    Facts(service="Excel", impact=2, urgency=1, no_workaround=True),  # not a critical service
    Facts(),
])
def test_an_ordinary_incident_has_no_major_sign(facts: Facts) -> None:
    assert not read_signs("ca marche plus", facts, critical_services={"SAP"}, major_count=10).major


def test_the_clients_count_decides_how_many_people_make_a_major_incident() -> None:
    facts = Facts(impact=2, affected_count=5)
    assert not read_signs("", facts).major
    assert read_signs("", facts, major_count=5).major


def test_a_message_can_show_both_kinds_of_signs() -> None:
    signs = read_signs("tout le site a ses fichiers cryptés avec une demande de rançon", Facts(impact=1))
    assert signs.security == "ransomware" and signs.major
    assert signs.reasons == ("security: ransom demand", "whole site or department affected")


@pytest.mark.parametrize(("text", "kind"), [
    ("j'ai recu un mail DHL pour un colis, j'ai clique et j'ai rentre mes identifiants microsoft sur la page... et "
     "la je me dis que c'etait louche", "phishing"),
    ("mon telephone arrete pas de me demander d'approuver une connexion alors que j'essaie de me connecter a rien",
     "unexpected_mfa"),
    ("on m'a vole mon sac dans le TER ce matin avec le portable du boulot dedans", "data_leak"),
    ("I just sent the export with everyone's bank details to the wrong external address", "data_leak"),
])
def test_signs_told_at_length_in_a_long_sentence(text: str, kind: str) -> None:
    found = security_sign(text)
    assert found is not None and found[0] == kind


def test_a_password_set_from_the_desks_reset_mail_is_no_phishing() -> None:
    assert security_sign("j'ai clique sur le lien du mail de reinitialisation et j'ai mis mon nouveau mot de "
                         "passe") is None
