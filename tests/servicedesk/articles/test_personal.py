"""Personal data goes before a resolved ticket becomes an article: secrets, e-mails, phones, names, personal hosts."""

from servicedesk.articles.personal import scrub


def test_everything_personal_goes_and_the_useful_stays() -> None:
    text = ("Marie Dupont (marie.dupont@acme.example, 06 12 34 56 78) sur PC-MDUPONT ne se connecte plus à "
            "vpn.acme.example : erreur 0x80070005 depuis le 2026-12-04, mot de passe : Soleil2024! ; rappeler "
            "marie au +33 1 23 45 67 89, serveur 10.1.20.30, KB5034441")
    assert scrub(text, language="fr", names=["Marie Dupont", "slack:T1:U1"], hosts=["pc-*"]) == (
        "[nom] ([e-mail], [téléphone]) sur [poste] ne se connecte plus à vpn.acme.example : erreur 0x80070005 "
        "depuis le 2026-12-04, mot de passe : [•••] ; rappeler [nom] au [téléphone], serveur 10.1.20.30, KB5034441")


def test_markers_speak_the_articles_language_and_unmarked_hosts_stay() -> None:
    said = scrub("John Smith on laptop-js.home.example and files.acme.example", language="en",
                 names=["John Smith"], hosts=["*.home.example"])
    assert said == "[name] on [host] and files.acme.example"
    assert scrub("nothing personal: Outlook 2016, version 16.0.5", language="en") == (
        "nothing personal: Outlook 2016, version 16.0.5")


def test_short_words_of_a_name_and_ids_are_not_taken_for_names() -> None:
    assert scrub("Li a redémarré le poste de Li Wu", language="fr", names=["Li Wu", "user@client.example"]) == (
        "Li a redémarré le poste de [nom]")
