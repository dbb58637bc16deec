"""The words of the studio's article pages (console/routes/articles.py, templates/articles/*.html, the ticket
page's "write an article" button), in English and French: merged into console/texts.py's catalogue, where `say`
and `t` read them; `explain_article` words the articles' refusals from their fields."""

from servicedesk.articles.errors import ArticleNotFound, InvalidArticle
from servicedesk.errors import ServiceDeskError
from servicedesk.language import Language

ARTICLE_TEXTS: dict[str, dict[Language, str]] = {
    "articles.title": {"en": "Articles", "fr": "Articles"},
    "articles.title_of": {"en": "Articles of {client}", "fr": "Articles de {client}"},
    "articles.pages": {"en": "Knowledge base of {client}", "fr": "Base de connaissances de {client}"},
    "articles.search": {"en": "Search the knowledge base", "fr": "Chercher dans la base de connaissances"},
    "articles.any": {"en": "All", "fr": "Tous"},
    "articles.show": {"en": "Show", "fr": "Afficher"},
    "articles.new": {"en": "New article", "fr": "Nouvel article"},
    "articles.caption": {"en": "The client's articles, known errors and problems, the latest change first",
                         "fr": "Articles, erreurs connues et problèmes du client, le dernier modifié d'abord"},
    "articles.col.title": {"en": "Title", "fr": "Titre"},
    "articles.col.kind": {"en": "Kind", "fr": "Type"},
    "articles.col.language": {"en": "Language", "fr": "Langue"},
    "articles.col.changed": {"en": "Last change", "fr": "Dernière modification"},
    "articles.col.state": {"en": "State", "fr": "État"},
    "articles.col.proposed": {"en": "Proposed", "fr": "Proposé"},
    "articles.col.solved": {"en": "Solved", "fr": "A résolu"},
    "articles.col.failed": {"en": "Failed", "fr": "A échoué"},
    "articles.counts_hint": {
        "en": "Proposed: how often level 1 offered it and the user said whether it worked; solved and failed: "
              "what they said.",
        "fr": "Proposé : combien de fois le niveau 1 l'a proposé et l'utilisateur a dit si cela marchait ; "
              "a résolu et a échoué : ce qu'il a répondu."},
    "articles.kind.article": {"en": "Article", "fr": "Article"},
    "articles.kind.known_error": {"en": "Known error", "fr": "Erreur connue"},
    "articles.kind.problem": {"en": "Problem", "fr": "Problème"},
    "articles.language.fr": {"en": "French", "fr": "Français"},
    "articles.language.en": {"en": "English", "fr": "Anglais"},
    "articles.state.published": {"en": "Published", "fr": "Publié"},
    "articles.state.draft": {"en": "Draft", "fr": "Brouillon"},
    "articles.state.pending": {"en": "Published, a draft pending", "fr": "Publié, un brouillon en attente"},
    "articles.state.folder": {"en": "From the KB folder", "fr": "Du dossier de la base"},
    "articles.none": {"en": "No article matches.", "fr": "Aucun article ne correspond."},
    "articles.no_index": {"en": "This client's knowledge base is not built yet: only the studio's articles show.",
                          "fr": "La base de connaissances de ce client n'est pas encore construite : seuls les "
                                "articles du studio s'affichent."},
    "articles.back": {"en": "Back to the articles", "fr": "Retour aux articles"},
    "articles.edit_title": {"en": "Edit: {title}", "fr": "Modifier : {title}"},
    "articles.field.title": {"en": "Title", "fr": "Titre"},
    "articles.field.kind": {"en": "Kind", "fr": "Type"},
    "articles.field.language": {"en": "Language", "fr": "Langue"},
    "articles.field.services": {"en": "Services it covers", "fr": "Services concernés"},
    "articles.field.error_text": {"en": "Exact error text (known errors)", "fr": "Texte exact de l'erreur "
                                                                                  "(erreurs connues)"},
    "articles.field.error_hint": {"en": "As users copy it from the error box: the KB matches it word for word.",
                                  "fr": "Tel que les utilisateurs le copient de la fenêtre d'erreur : la base le "
                                        "retrouve mot pour mot."},
    "articles.field.body": {"en": "Text (Markdown)", "fr": "Texte (Markdown)"},
    "articles.preview": {"en": "Preview", "fr": "Aperçu"},
    "articles.save_draft": {"en": "Save as draft", "fr": "Enregistrer en brouillon"},
    "articles.publish": {"en": "Publish", "fr": "Publier"},
    "articles.versions": {"en": "Versions", "fr": "Versions"},
    "articles.facts": {"en": "KB id {doc_id} · live version: {live}", "fr": "Identifiant {doc_id} · version en "
                                                                          "ligne : {live}"},
    "articles.never": {"en": "none", "fr": "aucune"},
    "articles.folder_live": {"en": "the KB folder's", "fr": "celle du dossier de la base"},
    "articles.origin": {"en": "Started from {origin}", "fr": "Commencé depuis {origin}"},
    "articles.done.draft": {"en": "Saved as a draft: users search what was live before.",
                            "fr": "Enregistré en brouillon : les utilisateurs cherchent toujours la version en "
                                  "ligne."},
    "articles.done.published": {"en": "Published: the next search finds it.",
                                "fr": "Publié : la prochaine recherche le trouve."},
    "articles.done.restored": {"en": "Version {number} restored as a new version.",
                               "fr": "Version {number} restaurée dans une nouvelle version."},
    "articles.done.drafted": {"en": "Draft made from ticket {number}, its personal data removed: read it before "
                                    "publishing.",
                              "fr": "Brouillon fait depuis le ticket {number}, ses données personnelles retirées : "
                                    "relisez-le avant de publier."},
    "articles.index_failed": {"en": "Saved, but the knowledge base could not be updated: publish again in a moment.",
                              "fr": "Enregistré, mais la base de connaissances n'a pas pu être mise à jour : "
                                    "publiez à nouveau dans un instant."},
    "articles.history": {"en": "Versions of {title}", "fr": "Versions de {title}"},
    "articles.version": {"en": "Version {number}", "fr": "Version {number}"},
    "articles.version_by": {"en": "by {author}", "fr": "par {author}"},
    "articles.live": {"en": "live", "fr": "en ligne"},
    "articles.compare": {"en": "Compare", "fr": "Comparer"},
    "articles.compare_from": {"en": "From version", "fr": "De la version"},
    "articles.compare_to": {"en": "to version", "fr": "à la version"},
    "articles.diff_of": {"en": "Changes from version {old} to version {new}",
                         "fr": "Changements de la version {old} à la version {new}"},
    "articles.no_change": {"en": "No change between these versions.",
                           "fr": "Aucun changement entre ces versions."},
    "articles.restore": {"en": "Restore as a draft", "fr": "Restaurer en brouillon"},
    "articles.restore_publish": {"en": "Restore and publish", "fr": "Restaurer et publier"},
    "articles.from_ticket": {"en": "Write an article from this ticket", "fr": "Rédiger un article depuis ce ticket"},
    "articles.from_ticket_number": {"en": "Number of a resolved ticket", "fr": "Numéro d'un ticket résolu"},
    "articles.from_ticket_hint": {
        "en": "Its description, error and solution become a draft, names, e-mails, phone numbers, personal hosts "
              "and secrets removed; nothing is published until an editor does.",
        "fr": "Sa description, son erreur et sa solution deviennent un brouillon, sans noms, e-mails, numéros de "
              "téléphone, postes personnels ni secrets ; rien n'est publié avant qu'un rédacteur le fasse."},
    "audit.kind.article_published": {"en": "Article published", "fr": "Article publié"},
    "audit.kind.article_restored": {"en": "Article version restored", "fr": "Version d'article restaurée"},
    "audit.kind.article_drafted_from_ticket": {"en": "Article drafted from a ticket",
                                               "fr": "Article rédigé depuis un ticket"},
    "refusal.article.kind": {"en": "Choose a kind: article, known error or problem.",
                             "fr": "Choisissez un type : article, erreur connue ou problème."},
    "refusal.article.language": {"en": "Choose French or English.", "fr": "Choisissez le français ou l'anglais."},
    "refusal.article.title": {"en": "An article needs a title of {max} characters at most.",
                              "fr": "Un article a besoin d'un titre de {max} caractères au plus."},
    "refusal.article.body": {"en": "An article needs a text of {max} characters at most.",
                             "fr": "Un article a besoin d'un texte de {max} caractères au plus."},
    "refusal.article.error_text": {"en": "A known error needs its exact error text.",
                                   "fr": "Une erreur connue a besoin du texte exact de l'erreur."},
    "refusal.article.services": {"en": "Services outside the client's catalogue: {services}.",
                                 "fr": "Services absents du catalogue du client : {services}."},
    "refusal.article.doc_id": {"en": "{value} is not a KB id.", "fr": "{value} n'est pas un identifiant de la base."},
    "refusal.article.doc_id_taken": {"en": "An article already has the KB id {value}.",
                                     "fr": "Un article a déjà l'identifiant {value}."},
    "refusal.article.ticket_not_resolved": {
        "en": "Ticket {number} is not resolved with a solution yet: there is nothing to write from.",
        "fr": "Le ticket {number} n'est pas encore résolu avec une solution : rien à rédiger."},
    "refusal.article.stale": {
        "en": "{author} saved version {number} while you were writing: your text is below, unsaved; open the "
              "versions to compare, then save again.",
        "fr": "{author} a enregistré la version {number} pendant que vous écriviez : votre texte est ci-dessous, non "
              "enregistré ; ouvrez les versions pour comparer, puis enregistrez à nouveau."},
    "refusal.article.not_found": {"en": "No such article or version.", "fr": "Article ou version introuvable."},
}


def explain_article(error: ServiceDeskError, language: Language) -> str | None:
    """An article's refusal as a sentence for the editor; None for an error that is not an article's."""
    if isinstance(error, InvalidArticle):
        return ARTICLE_TEXTS[f"refusal.article.{error.reason}"][language].format(**error.values)
    if isinstance(error, ArticleNotFound):
        return ARTICLE_TEXTS["refusal.article.not_found"][language]
    return None
