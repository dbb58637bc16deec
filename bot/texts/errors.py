"""What went wrong, as the doors say it (bot.errors.explain): a domain error worded from its fields, in the
reader's language. Each sentence is a clause, for a hint or a notice to wrap ("⚠️ Action impossible : …")."""

from servicedesk.language import Language

TEXTS: dict[str, dict[Language, str]] = {
    "takeover_unknown": {"fr": "aucune prise en charge n° {takeover_id}", "en": "no takeover {takeover_id}"},
    "takeover_not_waiting": {"fr": "cette conversation n'attend plus de technicien",
                             "en": "this conversation is no longer waiting"},
    "takeover_not_taken": {"fr": "personne n'a pris cette conversation en charge",
                           "en": "this conversation is not taken"},
    "takeover_held_by_other": {"fr": "un autre technicien a cette conversation",
                               "en": "another agent has this conversation"},
    "takeover_over": {"fr": "cette conversation a déjà été rendue", "en": "this conversation was already given back"},
    "takeover_not_holder": {"fr": "prenez la conversation en charge avant d'écrire à l'utilisateur",
                            "en": "take the conversation over before writing to the user"},
    "illegal_transition": {"fr": "le ticket ne peut pas passer de « {current} » à « {target} »",
                           "en": "the ticket can't go from “{current}” to “{target}”"},
    "missing_closure_codes": {"fr": "il manque pour résoudre : {missing}", "en": "resolving needs: {missing}"},
    "invalid_closure_code": {"fr": "« {value} » n'est pas l'un des codes du client ({field})",
                             "en": "“{value}” is not one of the client's codes ({field})"},
    "field_category": {"fr": "catégorie", "en": "category"},
    "field_cause_code": {"fr": "cause", "en": "cause"},
    "field_resolution_code": {"fr": "code de résolution", "en": "resolution code"},
    "field_solution": {"fr": "solution", "en": "solution"},
    "invalid_rating": {"fr": "une note va de 1 à 5, sur un ticket clos (reçu {rating}, ticket « {status} »)",
                       "en": "a rating is 1 to 5, on a closed ticket (got {rating}, ticket “{status}”)"},
    "ticket_not_found": {"fr": "aucun ticket {number}", "en": "no ticket {number}"},
    "reopen_window_passed": {"fr": "{number} a été clos il y a trop longtemps pour être rouvert",
                             "en": "{number} was closed too long ago to reopen"},
    "no_settings": {"fr": "le client n'a pas encore de réglages chargés",
                    "en": "the client has no settings loaded yet"},
    "channel_unavailable": {"fr": "son canal ne répond pas pour le moment",
                            "en": "their channel can't be reached right now"},
    "refused": {"fr": "le service desk refuse ces valeurs", "en": "the service desk refuses these values"},
    "unexpected": {"fr": "une erreur inattendue", "en": "an unexpected error"},
}
