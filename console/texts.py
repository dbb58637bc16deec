"""The console's own words, in English and French: one catalogue for its pages and its answers, read with
`say(key, language, **fields)` (templates call it as `t(key, …)`). A page speaks its reader's language, the first
of French or English their browser prefers (Accept-Language), else English. A domain error is worded here, from its
fields, by `explain(error, language)`: the console's one place for it.
"""

from typing import Any

from console.announcement_texts import ANNOUNCEMENT_TEXTS
from console.article_texts import ARTICLE_TEXTS, explain_article
from console.people_texts import PEOPLE_TEXTS
from console.remote_texts import REMOTE_TEXTS, explain_remote
from console.report_texts import REPORT_TEXTS
from console.studio_texts import STUDIO_TEXTS
from console.ticket_texts import TICKET_TEXTS, explain_ticket
from console.upload_texts import UPLOAD_TEXTS, explain_upload
from servicedesk.errors import (
    AccountExists,
    AccountForbidden,
    AccountUnknown,
    ClientUnknown,
    InvalidAccount,
    InvalidAnnouncement,
    InvalidClosureCode,
    MissingClosureCodes,
    ServiceDeskError,
    TakeoverError,
)
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
    "nav.password": {"en": "My password", "fr": "Mon mot de passe"},
    "password.title": {"en": "Change my password", "fr": "Changer mon mot de passe"},
    "password.current": {"en": "Current password", "fr": "Mot de passe actuel"},
    "password.new": {"en": "New password (12 characters at least)",
                     "fr": "Nouveau mot de passe (12 caractères au moins)"},
    "password.again": {"en": "New password, again", "fr": "Nouveau mot de passe, encore"},
    "password.submit": {"en": "Change it", "fr": "Le changer"},
    "password.mismatch": {"en": "The two new passwords differ.", "fr": "Les deux nouveaux mots de passe diffèrent."},
    "password.wrong_current": {"en": "The current password is not this one.",
                               "fr": "Ce n'est pas le mot de passe actuel."},
    "password.changed": {"en": "Password changed: your other sessions are signed out.",
                         "fr": "Mot de passe changé : vos autres sessions sont déconnectées."},
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
    "nav.queue": {"en": "Queue", "fr": "File d'attente"},
    "waiting.label": {"en": "Waiting conversations", "fr": "Conversations en attente"},
    "clients.queue": {"en": "Queue", "fr": "File d'attente"},
    "queue.title": {"en": "Queue", "fr": "File d'attente"},
    "queue.title_of": {"en": "Queue of {client}", "fr": "File d'attente de {client}"},
    "queue.intro": {"en": "Open tickets in your groups, the nearest deadline first. Times left are business time.",
                    "fr": "Les tickets ouverts de vos groupes, l'échéance la plus proche d'abord. Les temps restants "
                          "sont en heures ouvrées."},
    "queue.filters": {"en": "Filters", "fr": "Filtres"},
    "queue.client": {"en": "Client", "fr": "Client"},
    "queue.all_clients": {"en": "All my clients", "fr": "Tous mes clients"},
    "queue.group": {"en": "Group", "fr": "Groupe"},
    "queue.any_group": {"en": "Any of my groups", "fr": "Tous mes groupes"},
    "queue.priority": {"en": "Priority", "fr": "Priorité"},
    "queue.any_priority": {"en": "Any priority", "fr": "Toutes les priorités"},
    "queue.status": {"en": "Status", "fr": "Statut"},
    "queue.any_status": {"en": "Any open status", "fr": "Tous les statuts ouverts"},
    "queue.mine": {"en": "Assigned to me", "fr": "Qui me sont assignés"},
    "queue.waiting": {"en": "Waiting for me (the user wrote last, or asks for a person)",
                      "fr": "Qui m'attendent (l'utilisateur a écrit en dernier, ou demande une personne)"},
    "queue.major": {"en": "Major incidents only", "fr": "Incidents majeurs seulement"},
    "queue.search": {"en": "Search: number, reference or words", "fr": "Recherche : numéro, référence ou mots"},
    "queue.apply": {"en": "Filter", "fr": "Filtrer"},
    "queue.clear": {"en": "Clear the filters", "fr": "Effacer les filtres"},
    "queue.caption": {"en": "Open tickets, the nearest deadline first", "fr": "Tickets ouverts, l'échéance la plus "
                                                                               "proche d'abord"},
    "queue.count.one": {"en": "1 ticket", "fr": "1 ticket"},
    "queue.count.many": {"en": "{count} tickets", "fr": "{count} tickets"},
    "queue.shown": {"en": "the {count} nearest shown", "fr": "les {count} plus proches affichés"},
    "queue.show_all": {"en": "Show all {count}", "fr": "Les afficher tous ({count})"},
    "queue.live": {"en": "updated live", "fr": "mis à jour en direct"},
    "queue.none": {"en": "No open ticket matches.", "fr": "Aucun ticket ouvert ne correspond."},
    "queue.number": {"en": "Number", "fr": "Numéro"},
    "queue.ticket": {"en": "Title", "fr": "Titre"},
    "queue.tto": {"en": "Time to own", "fr": "Prise en charge"},
    "queue.ttr": {"en": "Time to resolve", "fr": "Résolution"},
    "queue.agreements": {"en": "OLA / UC", "fr": "OLA / UC"},
    "queue.no_clock": {"en": "none running", "fr": "aucune en cours"},
    "queue.no_group": {"en": "No group", "fr": "Sans groupe"},
    "queue.major_badge": {"en": "major", "fr": "majeur"},
    "queue.waiting_badge": {"en": "waiting for an agent", "fr": "attend un agent"},
    "queue.assignee": {"en": "with {name}", "fr": "chez {name}"},
    "queue.light.ok": {"en": "on time", "fr": "dans les temps"},
    "queue.light.warning": {"en": "due soon", "fr": "bientôt dû"},
    "queue.light.breached": {"en": "breached", "fr": "dépassé"},
    "queue.light.paused": {"en": "paused", "fr": "en pause"},
    "queue.paused_left": {"en": "{left} left", "fr": "reste {left}"},
    "queue.status.new": {"en": "New", "fr": "Nouveau"},
    "queue.status.assigned": {"en": "Assigned", "fr": "Assigné"},
    "queue.status.in_progress": {"en": "In progress", "fr": "En cours"},
    "queue.status.pending": {"en": "Pending", "fr": "En attente"},
    "queue.pending.requester": {"en": "on the requester", "fr": "du demandeur"},
    "queue.pending.third_party": {"en": "on a third party", "fr": "d'un tiers"},
    "queue.pending.change": {"en": "on a change", "fr": "d'un changement"},
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
    "accounts.last_sign_in": {"en": "Last sign-in", "fr": "Dernière connexion"},
    "accounts.never": {"en": "never", "fr": "jamais"},
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
    "accounts.role_of": {"en": "Role of {login}", "fr": "Rôle de {login}"},
    "accounts.change_role": {"en": "Change", "fr": "Changer"},
    "accounts.reset_password": {"en": "New password", "fr": "Nouveau mot de passe"},
    "accounts.reset": {"en": "New password of {login}, shown this once (its sessions are signed out):",
                       "fr": "Nouveau mot de passe de {login}, affiché cette seule fois (ses sessions sont "
                             "déconnectées) :"},
    "audit.kind.role_changed": {"en": "Role changed", "fr": "Rôle changé"},
    "nav.team": {"en": "My team", "fr": "Mon équipe"},
    "nav.audit": {"en": "Audit", "fr": "Audit"},
    "everywhere.title": {"en": "Sign out everywhere", "fr": "Se déconnecter partout"},
    "everywhere.explain": {
        "en": "Ends every session of your account, in every browser, this one included: for a browser left signed "
              "in somewhere, or a device lost.",
        "fr": "Met fin à toutes les sessions de votre compte, dans tous les navigateurs, celui-ci compris : pour un "
              "navigateur resté connecté quelque part, ou un appareil perdu."},
    "everywhere.submit": {"en": "Sign out everywhere", "fr": "Déconnecter partout"},
    "team.title": {"en": "My team", "fr": "Mon équipe"},
    "team.caption": {"en": "Who works on {client}", "fr": "Qui travaille pour {client}"},
    "team.groups_of": {"en": "Groups of {login} at {client}", "fr": "Groupes de {login} chez {client}"},
    "team.change_groups": {"en": "Change groups", "fr": "Changer les groupes"},
    "team.in_hand": {"en": "Open tickets in hand", "fr": "Tickets ouverts en main"},
    "team.withdraw": {"en": "Withdraw", "fr": "Retirer"},
    "team.give": {"en": "Give {client} to", "fr": "Confier {client} à"},
    "team.give_submit": {"en": "Give", "fr": "Confier"},
    "audit.title": {"en": "Audit of the accounts", "fr": "Audit des comptes"},
    "audit.kinds": {"en": "Events", "fr": "Événements"},
    "audit.filter": {"en": "Show", "fr": "Afficher"},
    "audit.caption": {"en": "The latest {count} events, latest first", "fr": "Les {count} derniers événements, "
                                                                           "du plus récent au plus ancien"},
    "audit.at": {"en": "When", "fr": "Quand"},
    "audit.what": {"en": "What", "fr": "Quoi"},
    "audit.by": {"en": "By", "fr": "Par"},
    "audit.via": {"en": "Through", "fr": "Par le biais de"},
    "audit.address": {"en": "Address", "fr": "Adresse"},
    "audit.detail": {"en": "Detail", "fr": "Détail"},
    "audit.none": {"en": "No event.", "fr": "Aucun événement."},
    "audit.kind.signed_in": {"en": "Signed in", "fr": "Connexion"},
    "audit.kind.sign_in_refused": {"en": "Sign-in refused", "fr": "Connexion refusée"},
    "audit.kind.locked_out": {"en": "Locked out", "fr": "Verrouillé"},
    "audit.kind.signed_out": {"en": "Signed out", "fr": "Déconnexion"},
    "audit.kind.signed_out_everywhere": {"en": "Signed out everywhere", "fr": "Déconnecté partout"},
    "audit.kind.password_changed": {"en": "Password changed", "fr": "Mot de passe changé"},
    "audit.kind.account_created": {"en": "Account made", "fr": "Compte créé"},
    "audit.kind.grants_changed": {"en": "Clients or groups changed", "fr": "Clients ou groupes changés"},
    "audit.kind.account_disabled": {"en": "Account disabled", "fr": "Compte désactivé"},
    "audit.kind.account_enabled": {"en": "Account enabled", "fr": "Compte réactivé"},
    "refusal.forbidden": {"en": "Your role does not allow this.", "fr": "Votre rôle ne le permet pas."},
    "refusal.not_your_agent": {"en": "{login!r} is not an agent of the clients you lead.",
                               "fr": "{login!r} n'est pas un agent des clients que vous encadrez."},
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
    "refusal.login": {"en": "A login is 2 to 60 lowercase letters, digits, dots, hyphens or underscores: {value!r}.",
                      "fr": "Un identifiant fait 2 à 60 minuscules, chiffres, points, tirets ou soulignés : "
                            "{value!r}."},
    "refusal.email": {"en": "Not an e-mail address: {value!r}.", "fr": "Ce n'est pas une adresse e-mail : {value!r}."},
    "refusal.name": {"en": "A display name is 1 to 200 characters.", "fr": "Un nom affiché fait 1 à 200 caractères."},
    "refusal.role": {"en": "Unknown role {value!r}: one of {roles}.", "fr": "Rôle inconnu {value!r} : {roles}."},
    "refusal.password_length": {"en": "A password is {min} to {max} characters.",
                                "fr": "Un mot de passe fait {min} à {max} caractères."},
    "refusal.password_is_login": {"en": "A password must not be the login.",
                                  "fr": "Le mot de passe ne doit pas être l'identifiant."},
    "refusal.group_name": {"en": "A support group's name is 1 to {max} characters.",
                           "fr": "Le nom d'un groupe de support fait 1 à {max} caractères."},
    "refusal.unknown_group": {"en": "Client {client!r} has no support group {groups}; its groups: {known}.",
                              "fr": "Le client {client!r} n'a pas de groupe de support {groups} ; "
                                    "ses groupes : {known}."},
    "refusal.last_admin": {"en": "{login!r} is the last active admin: make another admin first.",
                           "fr": "{login!r} est le dernier administrateur actif : nommez-en un autre d'abord."},
    "refusal.not_admin": {"en": "Only the desk's admins manage accounts.",
                          "fr": "Seuls les administrateurs du centre de services gèrent les comptes."},
    "refusal.client_not_held": {"en": "You do not work on client {client!r}, so you cannot grant it.",
                                "fr": "Vous ne travaillez pas pour le client {client!r} : "
                                      "vous ne pouvez pas le donner."},
    "refusal.groups_not_held": {"en": "At {client!r} you work for {groups} only: grant some of those.",
                                "fr": "Chez {client!r}, vous travaillez pour {groups} seulement : "
                                      "donnez-en parmi eux."},
    "refusal.exists": {"en": "An account already has the {field} {value!r}.",
                       "fr": "Un compte a déjà l'{field} {value!r}."},
    "refusal.unknown_account": {"en": "No account {login!r}.", "fr": "Aucun compte {login!r}."},
    "refusal.unknown_client": {"en": "No active client {client!r}.", "fr": "Aucun client actif {client!r}."},
    "refusal.other": {"en": "This cannot be done.", "fr": "Impossible."},
    "field.login": {"en": "login", "fr": "identifiant"},
    "field.e-mail": {"en": "e-mail", "fr": "e-mail"},
    # --- live conversations (console/routes/conversations.py) ---
    "nav.conversations": {"en": "Conversations", "fr": "Conversations"},
    "conv.title": {"en": "Live conversations", "fr": "Conversations en direct"},
    "conv.title_of": {"en": "Live conversations · {client}", "fr": "Conversations en direct · {client}"},
    "conv.all_clients": {"en": "All my clients", "fr": "Tous mes clients"},
    "conv.intro": {"en": "Users waiting for a person appear here at once; take one over to talk with them.",
                   "fr": "Les utilisateurs qui attendent une personne apparaissent ici aussitôt ; prenez-en un en "
                         "charge pour lui parler."},
    "conv.sound_on": {"en": "Turn the sound on", "fr": "Activer le son"},
    "conv.sound_off": {"en": "Turn the sound off", "fr": "Couper le son"},
    "conv.new_one": {"en": "A new conversation is waiting for a technician.",
                     "fr": "Une nouvelle conversation attend un technicien."},
    "conv.new_many": {"en": "{count} new conversations are waiting for a technician.",
                      "fr": "{count} nouvelles conversations attendent un technicien."},
    "conv.waiting": {"en": "Waiting for a technician ({count})", "fr": "En attente d'un technicien ({count})"},
    "conv.none_waiting": {"en": "Nobody is waiting.", "fr": "Personne n'attend."},
    "conv.mine": {"en": "My conversations", "fr": "Mes conversations"},
    "conv.others": {"en": "Taken by colleagues", "fr": "Prises par des collègues"},
    "conv.ticket": {"en": "Ticket", "fr": "Ticket"},
    "conv.subject": {"en": "Subject", "fr": "Objet"},
    "conv.priority": {"en": "Priority", "fr": "Priorité"},
    "conv.group": {"en": "Group", "fr": "Groupe"},
    "conv.channel": {"en": "Channel", "fr": "Canal"},
    "conv.since": {"en": "Since", "fr": "Depuis"},
    "conv.with": {"en": "With", "fr": "Avec"},
    "conv.requester": {"en": "User", "fr": "Utilisateur"},
    "conv.state": {"en": "State", "fr": "État"},
    "conv.state.waiting": {"en": "Waiting for a technician", "fr": "En attente d'un technicien"},
    "conv.state.mine": {"en": "You have this conversation", "fr": "Vous avez cette conversation"},
    "conv.state.taken": {"en": "{agent} has this conversation", "fr": "{agent} a cette conversation"},
    "conv.state.ended.handed_back": {"en": "Handed back to the bot", "fr": "Rendue au bot"},
    "conv.state.ended.resolved": {"en": "Resolved", "fr": "Résolue"},
    "conv.state.ended.ticket_closed": {"en": "Over: the ticket was closed", "fr": "Terminée : le ticket est clos"},
    "conv.transcript": {"en": "Conversation", "fr": "Conversation"},
    "conv.author.requester": {"en": "User", "fr": "Utilisateur"},
    "conv.author.bot": {"en": "Bot", "fr": "Bot"},
    "conv.author.agent": {"en": "Technician", "fr": "Technicien"},
    "conv.author.system": {"en": "Relais", "fr": "Relais"},
    "conv.internal": {"en": "internal note", "fr": "note interne"},
    "conv.take": {"en": "Take over", "fr": "Prendre en charge"},
    "conv.message": {"en": "Message to the user", "fr": "Message à l'utilisateur"},
    "conv.message_help": {"en": "Enter sends, Shift+Enter starts a new line.",
                          "fr": "Entrée envoie, Maj+Entrée passe à la ligne."},
    "conv.canned": {"en": "Canned answer", "fr": "Réponse type"},
    "conv.insert": {"en": "Insert", "fr": "Insérer"},
    "conv.send": {"en": "Send", "fr": "Envoyer"},
    "conv.actions": {"en": "End or pass on", "fr": "Terminer ou passer la main"},
    "conv.transfer": {"en": "Transfer", "fr": "Transférer"},
    "conv.transfer_to": {"en": "To", "fr": "À"},
    "conv.target.agent": {"en": "{name}", "fr": "{name}"},
    "conv.target.group": {"en": "Group {name}", "fr": "Groupe {name}"},
    "conv.note": {"en": "Note for them (not shown to the user)", "fr": "Note pour eux (non montrée à l'utilisateur)"},
    "conv.pending": {"en": "Set pending", "fr": "Mettre en attente"},
    "conv.pending_reason": {"en": "What you wait for from the user", "fr": "Ce que vous attendez de l'utilisateur"},
    "conv.resolve": {"en": "Resolve", "fr": "Résoudre"},
    "conv.closure.category": {"en": "Category", "fr": "Catégorie"},
    "conv.closure.cause_code": {"en": "Cause", "fr": "Cause"},
    "conv.closure.resolution_code": {"en": "Resolution", "fr": "Résolution"},
    "conv.solution": {"en": "Solution (the user reads it)", "fr": "Solution (l'utilisateur la lit)"},
    "conv.hand_back": {"en": "Hand back to the bot", "fr": "Rendre au bot"},
    "conv.changed": {"en": "This conversation changed meanwhile: reload the page once your message is sent.",
                     "fr": "Cette conversation a changé entre-temps : rechargez la page après votre message."},
    "conv.undelivered": {
        "en": "Not delivered to the user yet (their channel refused it); it is sent again by itself:",
        "fr": "Pas encore remis à l'utilisateur (son canal l'a refusé) ; il est renvoyé de lui-même :"},
    "conv.refused.unknown": {"en": "This conversation is not there any more.",
                             "fr": "Cette conversation n'existe plus."},
    "conv.refused.not_waiting": {"en": "{agent} took this conversation first.",
                                 "fr": "{agent} a pris cette conversation en premier."},
    "conv.refused.not_taken": {"en": "Take the conversation over first.",
                               "fr": "Prenez d'abord la conversation en charge."},
    "conv.refused.held_by_other": {"en": "{agent} has this conversation.", "fr": "{agent} a cette conversation."},
    "conv.refused.over": {"en": "This conversation is over: it was handed back or resolved.",
                          "fr": "Cette conversation est terminée : rendue au bot ou résolue."},
    "conv.refused.not_holder": {"en": "Only {agent}, who has this conversation, can write to the user.",
                                "fr": "Seul {agent}, qui a cette conversation, peut écrire à l'utilisateur."},
    "conv.refused.closure": {"en": "To resolve, give the category, the cause, the resolution and the solution "
                                   "from the client's lists.",
                             "fr": "Pour résoudre, indiquez la catégorie, la cause, la résolution et la solution "
                                   "parmi les listes du client."},
    "conv.refused.other": {"en": "This cannot be done now ({error}).", "fr": "Impossible pour le moment ({error})."},
    **TICKET_TEXTS,  # the ticket page's (console/ticket_texts.py)
    **REMOTE_TEXTS,  # its remote-assistance panel (console/remote_texts.py)
    **UPLOAD_TEXTS,  # its files panel and upload link (console/upload_texts.py)
    **ANNOUNCEMENT_TEXTS,  # a client's announcements (console/announcement_texts.py)
    **REPORT_TEXTS,  # a client's reports (console/report_texts.py)
    **PEOPLE_TEXTS,  # a client's people directory (console/people_texts.py)
    **STUDIO_TEXTS,  # the editors' studio (console/studio_texts.py)
    **ARTICLE_TEXTS,  # the studio's articles (console/article_texts.py)
}


def explain(error: ServiceDeskError, language: Language) -> str:
    """A domain error as a sentence for the reader, from its fields."""
    if isinstance(error, InvalidAccount | AccountForbidden):
        return say(f"refusal.{error.reason}", language, **error.values)
    if isinstance(error, AccountExists):
        return say("refusal.exists", language, field=say(f"field.{error.field}", language), value=error.value)
    if isinstance(error, AccountUnknown):
        return say("refusal.unknown_account", language, login=error.login)
    if isinstance(error, ClientUnknown):
        return say("refusal.unknown_client", language, client=error.key)
    if isinstance(error, InvalidAnnouncement):
        values = dict(error.values)
        if "language" in values:  # the language the words are missing in, named in the reader's
            values["in_language"] = say(f"language.{values.pop('language')}", language)
        return say(f"refusal.announcement.{error.reason}", language, **values)
    return (explain_ticket(error, language) or explain_remote(error, language) or explain_upload(error, language)
            or explain_article(error, language)
            or say("refusal.other", language))


def explain_takeover(error: ServiceDeskError, language: Language) -> str:
    """A refused step of a live conversation (console/routes/conversations.py) as a sentence for the agent."""
    if isinstance(error, TakeoverError):
        return say(f"conv.refused.{error.reason}", language, agent=error.taken_by or "?")
    if isinstance(error, MissingClosureCodes | InvalidClosureCode):
        return say("conv.refused.closure", language)
    return say("conv.refused.other", language, error=type(error).__name__)

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
