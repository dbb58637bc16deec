"""Every version kept with who and when; a restore writes a new one; publishing says what the KB indexes."""

import pytest

from servicedesk.articles import service
from servicedesk.articles.content import Content
from servicedesk.articles.errors import ArticleNotFound, InvalidArticle
from servicedesk.articles.models import DRAFT, PUBLISHED
from servicedesk.database import unit_of_work

FIRST = Content(title="Le VPN tourne en boucle", kind="article", language="fr",
                body="# VPN\n\nRedémarrez GlobalProtect.", services=("VPN",))
SECOND = Content(**{**FIRST.__dict__, "body": "# VPN\n\nRéinstallez GlobalProtect 6.2."})


def test_versions_are_kept_with_who_and_when_and_only_the_published_one_is_live(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        article = service.create(db_session=session, content=FIRST, actor="console:eve", publish=True,
                                 catalogue=("VPN",))
        assert article.doc_id == "le-vpn-tourne-en-boucle"
        service.save(db_session=session, article=article, content=SECOND, actor="console:ed", publish=False)
        assert [(v.number, v.state, v.author) for v in article.versions] == [
            (1, PUBLISHED, "console:eve"), (2, DRAFT, "console:ed")]
        assert (article.state, article.published_version, article.body) == (DRAFT, 1, SECOND.body)
        live = service.publication(article)
        assert live is not None and "Redémarrez" in live.text and live.source == "studio:le-vpn-tourne-en-boucle"

        again = service.save(db_session=session, article=article, content=SECOND, actor="console:lea", publish=True)
        assert (again.number, again.author, again.note) == (3, "console:lea", "version 2 published")
        assert article.published_version == 3 and "Réinstallez" in service.publication(article).text
        assert article.versions[1].state == DRAFT  # a version is never changed once written


def test_a_restore_writes_a_new_version_from_an_old_one(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        article = service.create(db_session=session, content=FIRST, actor="console:eve", publish=True)
        service.save(db_session=session, article=article, content=SECOND, actor="console:eve", publish=True)
        restored = service.restore(db_session=session, article=article, number=1, actor="console:ed", publish=True)
        assert (restored.number, restored.note, restored.body) == (3, "restored from version 1", FIRST.body)
        assert article.published_version == 3 and article.body == FIRST.body
        with pytest.raises(ArticleNotFound):
            service.restore(db_session=session, article=article, number=9, actor="console:ed", publish=False)


def test_saving_the_same_words_writes_no_version(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        article = service.create(db_session=session, content=FIRST, actor="console:eve")
        service.save(db_session=session, article=article, content=FIRST, actor="console:ed", publish=False)
        assert len(article.versions) == 1 and service.publication(article) is None


def test_ids_are_made_from_titles_unique_and_refused_when_not_ids(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        first = service.create(db_session=session, content=FIRST, actor="console:eve")
        second = service.create(db_session=session, content=FIRST, actor="console:eve")
        assert (first.doc_id, second.doc_id) == ("le-vpn-tourne-en-boucle", "le-vpn-tourne-en-boucle-2")
        with pytest.raises(InvalidArticle, match="already has"):
            service.create(db_session=session, content=FIRST, actor="console:eve", doc_id=first.doc_id)
        with pytest.raises(InvalidArticle, match="not a KB id"):
            service.create(db_session=session, content=FIRST, actor="console:eve", doc_id="../etc")
        assert service.get_or_refuse(db_session=session, doc_id=second.doc_id) is second
        with pytest.raises(ArticleNotFound):
            service.get_or_refuse(db_session=session, doc_id="nothing")


def test_a_version_saved_meanwhile_is_not_overwritten(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        article = service.create(db_session=session, content=FIRST, actor="console:eve")
        service.save(db_session=session, article=article, content=SECOND, actor="console:ed", publish=False,
                     based_on=1)
        with pytest.raises(InvalidArticle, match="version 2 was saved meanwhile by console:ed"):
            service.save(db_session=session, article=article, content=FIRST, actor="console:eve", publish=True,
                         based_on=1)
        assert len(article.versions) == 2 and article.published_version is None
