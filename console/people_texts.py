"""The words of a client's people page (console/routes/people.py, templates/people.html), in English and French:
kept apart from console/texts.py for their number, and merged into its catalogue, where `say` and `t` read them."""

from servicedesk.language import Language

_WORDS: dict[str, tuple[str, str]] = {  # key -> (English, French)
    "title": ("People", "Personnes"),
    "title_of": ("People of {client}", "Personnes de {client}"),
    "intro": ("The client's directory: who is whose manager and who approves, as escalations and approvals read it.",
              "L'annuaire du client : qui est le responsable de qui et qui approuve, tel que le lisent les "
              "escalades et les approbations."),
    "search": ("Search by name or address", "Chercher par nom ou adresse"),
    "include_left": ("Also those who left (no longer in their source)",
                     "Aussi les partis (absents de leur source)"),
    "show": ("Search", "Chercher"),
    "caption": ("People of {client}", "Personnes de {client}"),
    "name": ("Name", "Nom"),
    "email": ("Address", "Adresse"),
    "language": ("Language", "Langue"),
    "manager": ("Manager", "Responsable"),
    "manager_unknown": ("{email} (not in the directory)", "{email} (absent de l'annuaire)"),
    "approver": ("Approves", "Approuve"),
    "reports": ("manager of {count}", "responsable de {count}"),
    "group": ("group {group}", "groupe {group}"),
    "delegate": ("escalation delegate", "délégué d'escalade"),
    "waiting": ("{count} waiting now", "{count} en attente"),
    "source": ("Source", "Source"),
    "source.csv": ("CSV file", "fichier CSV"),
    "source.ldap": ("LDAP", "LDAP"),
    "updated": ("Changed", "Modifié"),
    "left": ("left", "parti"),
    "none": ("—", "—"),
    "found": ("{found} of {active} active people match.", "{found} des {active} personnes actives correspondent."),
    "found_with_left": ("{found} people match, those who left included ({active} active).",
                        "{found} personnes correspondent, partis compris ({active} actives)."),
    "shown": ("The first {shown} are shown: narrow the search for the others.",
              "Les {shown} premières sont affichées : affinez la recherche pour les autres."),
    "nobody": ("Nobody matches.", "Personne ne correspond."),
    "sync": ("Last sync", "Dernière synchronisation"),
    "sync.never": ("The directory was never imported.", "L'annuaire n'a jamais été importé."),
    "sync.last": ("{outcome} on {at} ({trigger}, from {source}): created {created}, updated {updated}, unchanged "
                  "{unchanged}, deactivated {deactivated}, refused {refused}.",
                  "{outcome} le {at} ({trigger}, depuis {source}) : {created} créées, {updated} modifiées, "
                  "{unchanged} inchangées, {deactivated} désactivées, {refused} refusées."),
    "sync.why": ("Why: {message}", "Pourquoi : {message}"),
    "sync.running": ("An import started on {at} is running.", "Un import commencé le {at} est en cours."),
    "sync.next": ("Next scheduled import: {at} (every {every}).",
                  "Prochain import planifié : {at} (tous les {every})."),
    "sync.off": ("No scheduled import (sync_every: off): only by hand.",
                 "Pas d'import planifié (sync_every : off) : seulement à la main."),
    "sync.csv_only": ("The client's settings name no LDAP directory: the directory comes from CSV files "
                      "(python -m servicedesk people import-csv).",
                      "Les paramètres du client ne nomment pas d'annuaire LDAP : l'annuaire vient de fichiers CSV "
                      "(python -m servicedesk people import-csv)."),
    "sync.now": ("Sync now", "Synchroniser maintenant"),
    "outcome.done": ("Done", "Terminé"),
    "outcome.partial": ("Done with refused entries", "Terminé avec des entrées refusées"),
    "outcome.failed": ("Failed", "Échoué"),
    "outcome.abandoned": ("Abandoned", "Abandonné"),
    "trigger.schedule": ("scheduled", "planifié"),
    "trigger.console": ("by {actor}", "par {actor}"),
    "trigger.cli": ("command line", "ligne de commande"),
    "synced": ("Directory imported from LDAP: created {created}, updated {updated}, unchanged {unchanged}, "
               "deactivated {deactivated}, refused {refused}.",
               "Annuaire importé depuis LDAP : {created} créées, {updated} modifiées, {unchanged} inchangées, "
               "{deactivated} désactivées, {refused} refusées."),
    "sync_failed": ("The import failed, nothing changed: {message}", "L'import a échoué, rien n'a changé : {message}"),
    "sync_busy": ("Another import of this directory is running: try again once it has ended.",
                  "Un autre import de cet annuaire est en cours : réessayez quand il sera terminé."),
    "no_ldap": ("The client's settings name no LDAP directory to import from.",
                "Les paramètres du client ne nomment aucun annuaire LDAP d'où importer."),
}

PEOPLE_TEXTS: dict[str, dict[Language, str]] = {f"people.{key}": {"en": en, "fr": fr}
                                                for key, (en, fr) in _WORDS.items()}
