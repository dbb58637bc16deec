"""The few explicit words that change what a message means, and the verdicts on a fix as users give them while
trying it: what the development dialogues showed the NLU's intent alone gets wrong."""

import pytest

from servicedesk.level1 import cues
from servicedesk.level1.closure import read_fixed


@pytest.mark.parametrize("text", ["3e relance pour mon imprimante", "still waiting since monday",
                                  "ca fait plus d'une semaine", "vous m'aviez promis pour hier",
                                  "c'est la troisieme fois que je demande", "nobody came for my laptop"])
def test_chasing_words(text: str) -> None:
    assert cues.chasing(text)


@pytest.mark.parametrize("text", ["ca fait 6 fois que je recois une notif mfa", "j'ai redemarre 2 fois",
                                  "le vpn coupe toutes les 5 min"])
def test_counting_is_not_chasing(text: str) -> None:
    assert not cues.chasing(text)


@pytest.mark.parametrize("text", ["ok je tente le mode sans echec", "i'll try that", "deux minutes je regarde"])
def test_about_to_try_a_fix(text: str) -> None:
    assert cues.trying(text)


@pytest.mark.parametrize("text", ["je veux parler a un technicien", "can someone look?",
                                  "quelqu'un peut venir voir ?", "put me through to a human please"])
def test_asking_for_a_person(text: str) -> None:
    assert cues.wants_a_person(text)


@pytest.mark.parametrize("text", ["c'est pour ma demande de pc portable", "about my outlook ticket",
                                  "concernant mon incident vpn",
                                  "the technician asked me for the exact error, here it is: 0x8004010F",
                                  "le technicien m'a demande le numero de serie, c'est 5CG1234",
                                  "c'est pour le chargeur que j'ai demandé avant-hier", "the dock I ordered monday"])
def test_speaking_of_ones_ticket(text: str) -> None:
    assert cues.my_ticket(text)


@pytest.mark.parametrize("text", ["outlook plante", "the app won't start", "erreur 0x80070005", "l'ecran est fige",
                                  "hello, my vpn keeps dropping", "teams keeps logging me out",
                                  "the wifi drops every 10 minutes", "le vpn saute toutes les 5 minutes",
                                  "ma connexion n'arrête pas de se couper", "citrix kicks me out"])
def test_something_failing(text: str) -> None:
    assert cues.broken(text)


@pytest.mark.parametrize("text", ["no jam or error on the copier screen, it just says ready", "pas d'erreur affichée",
                                  "aucun message d'erreur", "pas de message d erreur", "without any error",
                                  "ni bourrage ni erreur", "no more errors"])
def test_an_error_said_to_be_absent_is_none(text: str) -> None:
    assert not cues.broken(text)


@pytest.mark.parametrize("text", ["no, still an error", "no it still gives an error", "nope error again",
                                  "non toujours une erreur", "message d'erreur au démarrage"])
def test_a_no_before_an_error_still_reports_it(text: str) -> None:
    assert cues.broken(text)


@pytest.mark.parametrize("text, verdict", [
    ("oui la lumiere du dock est allumee, j'ai essaye windows+P aussi", None),  # answers a step, not "fixed?"
    ("redemarre 2 fois, rien", False),
    ("work offline isnt on", None),
    ("ca va beaucoup mieux", True),
    ("tried everything in the list, still disconnected", False),
    ("i changed my password yesterday, maybe my phone still has the old one?", None),
    ("found it and printed, works", True),
    ("nothing works", False),
    ("c'est fait, la notif test est passee", True),
    ("c'est bon j'ai scanne le qr code et supprime l'ancien, tout marche", True),
    ("done, installed the print client and added the queue, test page came out at the copier", True),
    ("deleted everything in the cache folder and started it again, still grey", False),
    ("pas installe", None),
    ("it is not connected", None),
    ("the page never came out", None),
])
def test_verdicts_given_while_trying_a_fix(text: str, verdict: bool | None) -> None:
    assert read_fixed(text) is verdict


@pytest.mark.parametrize("text, how", [
    ("je dois installer 7zip, je suis pas admin, je fais comment ?", True),
    ("comment on fait pour avoir un deuxieme ecran", True),
    ("c'est quoi la procedure pour restaurer un fichier", True),
    ("how do I get notepad++ on my laptop", True),
    ("what's the process for a new keyboard", True),
    ("outlook plante au demarrage", False),
    ("j'ai besoin d'un nouveau pc", False),
    ("please install 7zip on NW-LT-0412", False),
    ("on a 12 stagiaires lundi, comment ils ont le wifi ?", True), ("how do they get wifi?", True),
])
def test_asking_how_to_do_something(text: str, how: bool) -> None:
    assert cues.asks_how(text) is how


@pytest.mark.parametrize("text, broken", [
    ("l'appli DockPlanner se ferme des que je valide un creneau de quai", True),
    ("the app closes every time I save", True),
    ("je ferme ma session le soir", False),
    ("my manager gave me access on monday and it's still not there", True),
    ("la boite partagee n'apparait toujours pas dans outlook", True),
    ("the shared calendar doesn't show in my outlook", True),
    ("where do i find the shared calendar?", False),
    ("is onedrive down? my files wont sync and sharepoint sites give a 503", True),
    ("le portail affiche une erreur 500 depuis ce matin", True), ("my 500 labels are printed", False),
    ("j'ai supprime par erreur le dossier P:\\Commercial\\AO 2026", False),
    ("forticlient s'arrete a 98% puis unable to establish the vpn connection", True),
    ("impossible de se connecter au wifi NW-Corp", True), ("I can't connect to the vpn from the hotel", True),
    ("il me faudrait un accès vpn", False), ("comment je me connecte au vpn ?", False),
])
def test_an_application_that_closes_by_itself_is_broken(text: str, broken: bool) -> None:
    assert cues.broken(text) is broken


@pytest.mark.parametrize("text, person", [
    ("honestly just get me a person, I've explained this enough", True),
    ("ca m'aide pas tout ca, passez moi quelqu'un maintenant", True),
    ("can you get me a new mouse", False),
    ("bonjour, je voudrais avoir quelqu'un au telephone pour mon portable qui charge plus", True),
    ("oui rappelez moi svp, poste 4417", True), ("could someone call me? ext 2231", True),
    ("my phone won't ring", False), ("le telephone de l'accueil ne sonne plus", False),
    ("je prefere qu'un technicien me guide au telephone", True),
    ("pouvez-vous me mettre en relation avec le support", True),
    ("I'd rather talk to one of your technicians", True), ("can I chat with someone from the helpdesk", True),
    ("please have somebody ring me on 0612345678", True), ("is there an actual human around?", True),
    ("not the bot please, I want a person", True), ("I'd like a new headset", False),
    ("are you a real person or a bot?", False), ("t'es un robot ?", False),
    ("are you a bot? get me a real person please", True),
])
def test_a_person_asked_for_without_the_usual_words(text: str, person: bool) -> None:
    assert cues.wants_a_person(text) is person


@pytest.mark.parametrize("text, verdict", [
    ("calibrated it twice and cleaned the head with one of the wipes, no better", False),
    ("yes teams in the browser works fine, it's only the app", None),
    ("C: has 60 GB free so it's not that", False),
    ("oui ca marche merci", True),
])
def test_verdicts_with_a_contrast_or_no_improvement(text: str, verdict: bool | None) -> None:
    assert read_fixed(text) is verdict


@pytest.mark.parametrize("text, verdict", [
    ("reloaded it and did the feed button calibration, labels print fine now", True),
    ("labels don't print fine", None),
])
def test_verdicts_on_what_comes_out_of_a_printer(text: str, verdict: bool | None) -> None:
    assert read_fixed(text) is verdict


def test_my_request_named_at_length_is_about_a_ticket() -> None:
    assert cues.my_ticket("hi, about my power bi licence request")


@pytest.mark.parametrize(("text", "asking"), [
    ("could I get a second mouse for home?", True), ("can we have a bigger screen in room 2?", True),
    ("i need notepad++ installed please", True), ("could you whitelist this supplier site?", True),
    ("est-ce que je pourrais avoir un casque ?", True), ("il me faudrait visio pour mes schemas", True),
    ("pouvez-vous m'installer 7zip ?", True), ("j'aurais besoin d'un acces au dossier compta", True),
    ("how do I get a second screen?", False),  # asks how: the process first
    ("my mouse stopped working", False), ("comment je partage mon ecran ?", False),
    ("can you check my laptop? it is slow", False),
])
def test_asking_to_be_given_something(text: str, asking: bool) -> None:
    assert cues.asks_for(text) is asking


@pytest.mark.parametrize(("text", "sending"), [
    ("je vous envoie une capture d'écran", True), ("can I send you the log?", True), ("j'ai une capture", True),
    ("I have a screenshot of the error", True), ("comment vous envoyer les logs ?", True),
    ("je joins le fichier", True), ("how do I attach a file", True),
    ("my screen is black", False), ("le fichier ne s'ouvre pas", False), ("I can't open the file", False),
    ("j'ai un fichier excel qui plante", False),  # a file that fails is the problem, not one for the technician
])
def test_having_a_file_for_the_technician(text: str, sending: bool) -> None:
    assert cues.sends_file(text) is sending


@pytest.mark.parametrize(("text", "personal"), [
    ("which laptop should I buy for my son for uni, mac or windows? asking for personal use", True),
    ("je voudrais acheter un pc pour ma fille, vous conseillez quoi ?", True),
    ("I need a new laptop for work, mine is broken", False),
    ("my personal phone for work email, how do I set it up", False),  # the desk's: work mail on a phone
])
def test_advice_for_home_is_not_the_desks(text: str, personal: bool) -> None:
    assert cues.personal_advice(text) is personal


@pytest.mark.parametrize("text", ["can i just get a phone call from a tech?",
                                  "je peux avoir un appel d'un technicien ?"])
def test_a_call_from_a_technician_asks_for_a_person(text: str) -> None:
    assert cues.wants_a_person(text)
