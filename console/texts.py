"""The console's own words, in English and French: one catalogue for its pages and its answers, read with
`say(key, language, **fields)` (templates call it as `t(key, …)`). A page speaks its reader's language, the first
of French or English their browser prefers (Accept-Language), else English. What the domain says in a refusal
(an account the rules refuse) is shown as the domain words it, for now.
"""

from typing import Any

from servicedesk.language import ENGLISH, FRENCH, Language

TEXTS: dict[str, dict[Language, str]] = {
    "console": {"en": "Relais console", "fr": "Console Relais"},
    "nav.label": {"en": "Console", "fr": "Console"},
    "nav.clients": {"en": "My clients", "fr": "Mes clients"},
    "nav.accounts": {"en": "Accounts", "fr": "Comptes"},
    "nav.sign_out": {"en": "Sign out", "fr": "Se déconnecter"},
    "signin.title": {"en": "Sign in to the console", "fr": "Connexion à la console"},
    "signin.login": {"en": "Login", "fr": "Identifiant"},
    "signin.password": {"en": "Password", "fr": "Mot de passe"},
    "signin.submit": {"en": "Sign in", "fr": "Se connecter"},
    "signin.or": {"en": "or", "fr": "ou"},
    "signin.provider": {"en": "Sign in with the desk's identity provider",
                        "fr": "Se connecter avec le fournisseur d'identité du centre de services"},
    "signin.wrong": {"en": "Wrong login or password.", "fr": "Identifiant ou mot de passe incorrect."},
    "signin.too_many": {"en": "Too many failed sign-ins: try again in {seconds} seconds.",
                        "fr": "Trop d'échecs de connexion : réessayez dans {seconds} secondes."},
    "signin.expired": {"en": "Your session has ended: sign in again.",
                       "fr": "Votre session a pris fin : reconnectez-vous."},
    "signin.signed_out": {"en": "You are signed out.", "fr": "Vous êtes déconnecté."},
    "signin.provider_refused": {
        "en": "Signing in with the identity provider didn't work, or no account of the desk has this identity.",
        "fr": "La connexion par le fournisseur d'identité n'a pas abouti, ou aucun compte du centre de services "
              "n'a cette identité."},
    "clients.title": {"en": "My clients", "fr": "Mes clients"},
    "clients.caption": {"en": "The clients you work on and their open tickets",
                        "fr": "Les clients pour lesquels vous travaillez et leurs tickets ouverts"},
    "clients.client": {"en": "Client", "fr": "Client"},
    "clients.groups": {"en": "Groups", "fr": "Groupes"},
    "clients.open": {"en": "Open tickets", "fr": "Tickets ouverts"},
    "clients.all_groups": {"en": "All groups", "fr": "Tous les groupes"},
    "clients.none": {"en": "You work on no client yet: ask an admin of the desk to grant you one.",
                     "fr": "Vous ne travaillez encore pour aucun client : demandez-en un à un administrateur."},
    "client.open.one": {"en": "1 open ticket", "fr": "1 ticket ouvert"},
    "client.open.many": {"en": "{count} open tickets", "fr": "{count} tickets ouverts"},
    "client.in_groups": {"en": " in your groups ({groups})", "fr": " dans vos groupes ({groups})"},
    "client.group": {"en": "Group", "fr": "Groupe"},
    "client.no_group": {"en": "No group", "fr": "Sans groupe"},
    "accounts.title": {"en": "Accounts", "fr": "Comptes"},
    "accounts.made": {"en": "Account {login} made. Its password, shown this once:",
                      "fr": "Compte {login} créé. Son mot de passe, affiché cette seule fois :"},
    "accounts.login": {"en": "Login", "fr": "Identifiant"},
    "accounts.name": {"en": "Name", "fr": "Nom"},
    "accounts.display_name": {"en": "Display name", "fr": "Nom affiché"},
    "accounts.email": {"en": "E-mail", "fr": "E-mail"},
    "accounts.role": {"en": "Role", "fr": "Rôle"},
    "accounts.clients": {"en": "Clients", "fr": "Clients"},
    "accounts.state": {"en": "State", "fr": "État"},
    "accounts.none": {"en": "none", "fr": "aucun"},
    "accounts.active": {"en": "Active", "fr": "Actif"},
    "accounts.disabled": {"en": "Disabled", "fr": "Désactivé"},
    "accounts.disable": {"en": "Disable", "fr": "Désactiver"},
    "accounts.enable": {"en": "Enable", "fr": "Réactiver"},
    "accounts.new": {"en": "New account", "fr": "Nouveau compte"},
    "accounts.grants": {"en": "Clients it works on (groups separated by commas; none: all of them)",
                        "fr": "Clients pour lesquels il travaille (groupes séparés par des virgules ; aucun : tous)"},
    "accounts.groups_at": {"en": "Groups at {client}", "fr": "Groupes chez {client}"},
    "accounts.all_groups": {"en": "all groups", "fr": "tous les groupes"},
    "accounts.submit": {"en": "Make the account", "fr": "Créer le compte"},
    "accounts.admins_only": {"en": "Only the desk's admins manage accounts.",
                             "fr": "Seuls les administrateurs du centre de services gèrent les comptes."},
    "error.back": {"en": "Back to the console", "fr": "Retour à la console"},
    "error.400": {"en": "Not understood", "fr": "Requête incomprise"},
    "error.403": {"en": "Not allowed", "fr": "Non autorisé"},
    "error.404": {"en": "Not found", "fr": "Introuvable"},
    "error.405": {"en": "Not allowed", "fr": "Non autorisé"},
    "error.429": {"en": "Too many attempts", "fr": "Trop de tentatives"},
    "error.other": {"en": "Error", "fr": "Erreur"},
    "error.unreadable": {"en": "This request cannot be read.", "fr": "Cette requête est illisible."},
    "error.not_found": {"en": "There is nothing at this address.", "fr": "Il n'y a rien à cette adresse."},
    "error.unanswerable": {"en": "This request cannot be answered.", "fr": "Cette requête ne peut aboutir."},
    "error.csrf": {"en": "The form's security token is missing or out of date: reload the page and try again.",
                   "fr": "Le jeton de sécurité du formulaire manque ou a expiré : rechargez la page et réessayez."},
    "error.foreign_form": {"en": "This form was sent from another site.",
                           "fr": "Ce formulaire a été envoyé depuis un autre site."},
}


def say(key: str, language: Language, **values: Any) -> str:
    return TEXTS[key][language].format(**values)


def language_of(accept_language: str | None) -> Language:
    """French or English, whichever the browser ranks first (q-values honoured), else English."""
    ranked: list[tuple[float, int, Language]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in (FRENCH, ENGLISH) and quality > 0:
            ranked.append((-quality, position, FRENCH if primary == FRENCH else ENGLISH))
    return min(ranked)[2] if ranked else ENGLISH
