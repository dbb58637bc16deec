"""upload.*: the upload page's words (bot/uploads/), its refusals, and the sentence that offers the link to a
requester, in the chat (the bot's reply) or as a notice (an agent's offer, event "upload_offer")."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "offer": {
        "fr": "Pour le ticket {number}, vous pouvez m'envoyer vos captures d'écran et fichiers journaux sur cette "
              "page : {url}\nLe lien sert une seule fois et reste valable jusqu'au {expires}.",
        "en": "For ticket {number}, you can send me your screenshots and log files on this page: {url}\nThe link "
              "works once and stays valid until {expires}.",
    },
    "title": {"fr": "Fichiers pour le ticket {number}", "en": "Files for ticket {number}"},
    "intro": {
        "fr": "Déposez ici les captures d'écran et les fichiers journaux qui montrent le problème : ils seront "
              "joints au ticket {number} pour le technicien.",
        "en": "Drop here the screenshots and log files that show the problem: they will be attached to ticket "
              "{number} for the technician.",
    },
    "limits": {
        "fr": "Images, PDF, journaux texte, journaux d'événements Windows (.evtx), archives .zip ; {max_mb} Mo par "
              "fichier, {max_files} fichiers au plus. Le lien sert une seule fois.",
        "en": "Images, PDF, text logs, Windows event logs (.evtx), .zip archives; {max_mb} MB per file, "
              "{max_files} files at most. The link works once.",
    },
    "drop": {"fr": "Glissez-déposez vos fichiers ici", "en": "Drag and drop your files here"},
    "choose": {"fr": "ou choisissez-les :", "en": "or choose them:"},
    "send": {"fr": "Envoyer au support", "en": "Send to support"},
    "remove": {"fr": "Retirer", "en": "Remove"},
    "nothing": {"fr": "Choisissez d'abord un fichier.", "en": "Choose a file first."},
    "sending": {"fr": "Envoi en cours…", "en": "Sending…"},
    "failed": {"fr": "L'envoi a échoué. Réessayez dans un instant.",
               "en": "Sending failed. Please try again in a moment."},
    "kept": {"fr": "Merci : {count} fichier(s) joint(s) au ticket {number}.",
             "en": "Thank you: {count} file(s) attached to ticket {number}."},
    "kept_none": {"fr": "Aucun fichier n'a été joint au ticket {number}.",
                  "en": "No file was attached to ticket {number}."},
    "spent": {
        "fr": "Ce lien a servi. S'il vous faut envoyer autre chose, demandez un nouveau lien dans la conversation.",
        "en": "This link has been used. If you need to send more, ask for a new link in the conversation.",
    },
    "script_title": {"fr": "Ou laissez un script rassembler les informations",
                     "en": "Or let a script gather the information"},
    "script_intro": {
        "fr": "Le script recueille la description du poste, les erreurs récentes du système et les journaux de "
              "l'application nommée, puis les envoie avec ce lien. Il ne modifie rien ; vous pouvez le lire avant "
              "de le lancer.",
        "en": "The script collects a description of the computer, the system's recent errors and the named "
              "application's logs, then sends them with this link. It changes nothing; you can read it before "
              "running it.",
    },
    "app_label": {"fr": "Application concernée (facultatif)", "en": "Application concerned (optional)"},
    "script_windows": {"fr": "Windows : télécharger le script PowerShell",
                       "en": "Windows: download the PowerShell script"},
    "script_windows_how": {"fr": "Clic droit sur le fichier téléchargé, puis « Exécuter avec PowerShell ».",
                           "en": "Right-click the downloaded file, then \"Run with PowerShell\"."},
    "script_unix": {"fr": "macOS ou Linux : télécharger le script", "en": "macOS or Linux: download the script"},
    "script_unix_how": {"fr": "Dans un terminal : sh ~/Downloads/relais-diagnose.sh",
                        "en": "In a terminal: sh ~/Downloads/relais-diagnose.sh"},
    # Why a file was not kept (servicedesk.errors.FileRefused's reasons).
    "refused_empty": {"fr": "{name} : le fichier est vide.", "en": "{name}: the file is empty."},
    "refused_too_large": {"fr": "{name} : trop volumineux ({max_mb} Mo au plus).",
                          "en": "{name}: too large ({max_mb} MB at most)."},
    "refused_too_many": {"fr": "Trop de fichiers à la fois : {max} au plus.",
                         "en": "Too many files at once: {max} at most."},
    "refused_executable": {"fr": "{name} : les programmes ne sont pas acceptés.",
                           "en": "{name}: programs are not accepted."},
    "refused_forbidden_type": {
        "fr": "{name} : ce type de fichier n'est pas accepté (ou son nom ne correspond pas à son contenu).",
        "en": "{name}: this kind of file is not accepted (or its name does not match its content).",
    },
    "refused_infected": {"fr": "{name} : l'antivirus a détecté une menace ; le fichier a été refusé.",
                         "en": "{name}: the antivirus found a threat; the file was refused."},
    "refused_unscanned": {"fr": "{name} : l'analyse antivirus n'a pas pu être faite ; réessayez plus tard.",
                          "en": "{name}: the antivirus scan could not be done; please try again later."},
    "refused_unavailable": {"fr": "{name} : le stockage est indisponible ; réessayez plus tard.",
                            "en": "{name}: storage is unavailable; please try again later."},
    # Why a link opens nothing (servicedesk.errors.UploadRefused's reasons).
    "link_forged": {"fr": "Ce lien d'envoi n'est pas valable.", "en": "This upload link is not valid."},
    "link_expired": {"fr": "Ce lien d'envoi a expiré. Demandez-en un nouveau dans la conversation.",
                     "en": "This upload link has expired. Ask for a new one in the conversation."},
    "link_used": {"fr": "Ce lien d'envoi a déjà servi. Demandez-en un nouveau dans la conversation.",
                  "en": "This upload link has already been used. Ask for a new one in the conversation."},
    "link_closed": {"fr": "Ce ticket est clos : il ne reçoit plus de fichiers.",
                    "en": "This ticket is closed: it takes no more files."},
}
