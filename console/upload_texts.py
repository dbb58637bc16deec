"""The ticket page's files panel (templates/_attachments.html, issue 17) and its upload-link action, in English and
French: merged into console/texts.py's catalogue, with the wording of a refused upload link."""

from servicedesk.errors import ServiceDeskError, UploadRefused
from servicedesk.language import Language

UPLOAD_TEXTS: dict[str, dict[Language, str]] = {
    "ticket.done.upload_link": {
        "en": "{number}: the requester was sent a one-time upload link, valid for 24 hours.",
        "fr": "{number} : un lien d'envoi à usage unique, valable 24 heures, a été envoyé au demandeur.",
    },
    "ticket.upload.offer": {"en": "Ask the requester for files (upload link)",
                            "fr": "Demander des fichiers au demandeur (lien d'envoi)"},
    "ticket.upload.help": {
        "en": "They get a page in their channel to drop screenshots and log files, and a diagnostic script to run.",
        "fr": "Il reçoit dans son canal une page où déposer captures et journaux, et un script de diagnostic.",
    },
    "ticket.upload.download": {"en": "download", "fr": "télécharger"},
    "ticket.upload.size": {"en": "{size} KB", "fr": "{size} Ko"},
    "refusal.upload.closed": {"en": "This ticket is no longer open: it takes no more files.",
                              "fr": "Ce ticket n'est plus ouvert : il ne reçoit plus de fichiers."},
    "refusal.upload.other": {"en": "No upload link could be made ({reason}).",
                             "fr": "Aucun lien d'envoi n'a pu être fait ({reason})."},
}


def explain_upload(error: ServiceDeskError, language: Language) -> str | None:
    """A refused upload link as a sentence; None for another kind of error."""
    if not isinstance(error, UploadRefused):
        return None
    key = "refusal.upload.closed" if error.reason == "closed" else "refusal.upload.other"
    return UPLOAD_TEXTS[key][language].format(reason=error.reason)
