"""remote.*: remote assistance (issue 17) — the notices that ask the requester's consent and give the steps, and
the words of the session's page (bot/remote/page.py)."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "consent": {
        "fr": "Un technicien souhaite voir et piloter votre ordinateur avec {tool} pour traiter votre ticket "
              "{number}. Rien ne se fera sans votre accord. Pour accepter ou refuser, ouvrez ce lien : {link}\n"
              "Vous pourrez arrêter la session à tout moment.",
        "en": "A technician would like to see and control your computer with {tool} to work on your ticket {number}. "
              "Nothing will happen without your consent. To accept or decline, open this link: {link}\n"
              "You can stop the session at any time.",
    },
    "invitation": {
        "fr": "Pour laisser le technicien accéder à votre ordinateur (ticket {number}) :\n"
              "1. Ouvrez ce lien sur l'ordinateur concerné : {url}\n"
              "2. Téléchargez et lancez le petit programme proposé pour votre système (Windows, macOS ou Linux).\n"
              "3. Laissez-le ouvert : le technicien se connecte et vous prévient quand il a fini.\n"
              "Le lien est valable jusqu'au {expires}.",
        "en": "To let the technician into your computer (ticket {number}):\n"
              "1. Open this link on the computer concerned: {url}\n"
              "2. Download and run the small program it offers for your system (Windows, macOS or Linux).\n"
              "3. Leave it open: the technician connects and tells you when they are done.\n"
              "The link is valid until {expires}.",
    },
    "code_steps": {
        "fr": "Pour laisser le technicien accéder à votre ordinateur avec {tool} (ticket {number}) :\n"
              "1. Ouvrez {tool} sur l'ordinateur concerné.\n"
              "2. Lisez le code de session qu'il affiche (avec RustDesk : l'identifiant et le mot de passe).\n"
              "3. Saisissez-le sur cette page : {link} (ou écrivez-le ici) — le technicien s'en sert pour vous "
              "rejoindre.",
        "en": "To let the technician into your computer with {tool} (ticket {number}):\n"
              "1. Open {tool} on the computer concerned.\n"
              "2. Read the session code it shows (with RustDesk: the ID and the password).\n"
              "3. Type it on this page: {link} (or write it here) — the technician uses it to join you.",
    },
    "page_title": {"fr": "Assistance à distance — ticket {number}", "en": "Remote assistance — ticket {number}"},
    "page_question": {
        "fr": "Un technicien du centre de services souhaite voir et piloter votre ordinateur avec {tool} pour "
              "traiter votre ticket {number} : {title}. Acceptez-vous ?",
        "en": "A service desk technician would like to see and control your computer with {tool} to work on your "
              "ticket {number}: {title}. Do you agree?",
    },
    "page_promise": {
        "fr": "Rien ne sera installé ni ouvert sans votre accord, et vous pourrez arrêter la session à tout moment.",
        "en": "Nothing will be installed or opened without your consent, and you can stop the session at any time.",
    },
    "page_yes": {"fr": "J'accepte", "en": "I agree"},
    "page_no": {"fr": "Je refuse", "en": "I decline"},
    "page_refused": {
        "fr": "C'est noté : personne n'accédera à votre ordinateur. Le technicien continue par écrit.",
        "en": "Noted: nobody will access your computer. The technician carries on in writing.",
    },
    "page_waiting": {
        "fr": "Merci. L'invitation est en préparation : elle arrive dans votre conversation dans un instant.",
        "en": "Thank you. The invitation is being prepared: it will reach your conversation in a moment.",
    },
    "page_steps": {"fr": "Merci. Voici comment faire :", "en": "Thank you. Here is how:"},
    "page_step1": {"fr": "Ouvrez ce lien sur l'ordinateur concerné :",
                   "en": "Open this link on the computer concerned:"},
    "page_step2": {
        "fr": "Téléchargez et lancez le petit programme proposé pour votre système (Windows, macOS ou Linux).",
        "en": "Download and run the small program it offers for your system (Windows, macOS or Linux).",
    },
    "page_step3": {
        "fr": "Laissez-le ouvert : le technicien se connecte et vous prévient quand il a fini.",
        "en": "Leave it open: the technician connects and tells you when they are done.",
    },
    "page_code_step1": {"fr": "Ouvrez {tool} sur l'ordinateur concerné.",
                        "en": "Open {tool} on the computer concerned."},
    "page_code_step2": {
        "fr": "Lisez le code de session qu'il affiche (avec RustDesk : l'identifiant et le mot de passe).",
        "en": "Read the session code it shows (with RustDesk: the ID and the password).",
    },
    "page_code_step3": {"fr": "Saisissez-le ici :", "en": "Type it here:"},
    "page_code_label": {"fr": "Code de session", "en": "Session code"},
    "page_code_send": {"fr": "Envoyer au technicien", "en": "Send to the technician"},
    "page_code_sent": {
        "fr": "Le technicien a reçu votre code et va vous rejoindre.",
        "en": "The technician has your code and will join you.",
    },
    "page_joined": {
        "fr": "Votre ordinateur est connecté : le technicien peut vous aider.",
        "en": "Your computer is connected: the technician can help you.",
    },
    "page_over": {"fr": "Cette session d'assistance est terminée.", "en": "This assistance session is over."},
    "page_gone": {
        "fr": "Ce lien n'est pas ou plus valable. Demandez-en un nouveau dans votre conversation avec le support.",
        "en": "This link is not or no longer valid. Ask for a new one in your conversation with the desk.",
    },
    "page_bad_code": {"fr": "Ce code n'a pas l'air complet : recopiez-le tel qu'il s'affiche.",
                      "en": "This code does not look complete: copy it as it is shown."},
}
