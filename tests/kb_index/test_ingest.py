"""Each source format becomes a Document with its id, kind, language, title, link and Markdown-like text."""

from pathlib import Path

import pytest

from kb_index import ingest
from kb_index.errors import UnsupportedSource
from kb_index.ingest import load_directory, load_file


def by_id(folder: Path) -> dict:
    return {d.doc_id: d for d in load_directory(folder)}


def test_markdown_front_matter_gives_the_metadata(corpus: Path) -> None:
    document = by_id(corpus)["outlook-profil-corrompu"]
    assert (document.kind, document.language, document.link) == ("article", "fr", "https://kb.example/outlook-profil")
    assert document.title == "Outlook ne démarre plus : reconstruire le profil"
    assert "## Symptômes" in document.text and not document.text.startswith("---")


def test_known_error_keeps_its_sections_and_exact_message(corpus: Path) -> None:
    document = by_id(corpus)["outlook-erreur-0x800ccc0e"]
    assert document.kind == "known_error"
    assert "(0x800CCC0E)" in document.text and "## Contournement" in document.text


def test_without_front_matter_the_title_is_the_first_heading_and_the_language_is_detected(corpus: Path) -> None:
    document = by_id(corpus)["vpn-connected-no-access"]
    assert (document.title, document.kind, document.language) == (
        "VPN connected but internal sites do not open", "article", "en")


def test_without_heading_the_title_is_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "note-rapide.md").write_text("Redémarrez le poste avant d'appeler.", encoding="utf-8")
    (document,) = load_file(tmp_path / "note-rapide.md")
    assert (document.doc_id, document.title, document.language) == ("note-rapide", "note-rapide", "fr")


def test_plain_text_first_line_is_the_title_and_header_fields_are_read(corpus: Path) -> None:
    document = by_id(corpus)["imprimante-file-bloquee"]
    assert document.title == "Mes impressions ne sortent pas"
    assert (document.language, document.link) == ("fr", "https://kb.example/impression")


def test_html_becomes_text_with_headings_and_without_scripts(corpus: Path) -> None:
    document = by_id(corpus)["teams-audio"]
    assert (document.title, document.language) == ("No sound or microphone in Teams calls", "en")
    assert "## Solution" in document.text and "- Open Settings > Devices" in document.text
    assert "do not index me" not in document.text and "color: red" not in document.text


def test_yaml_known_error_becomes_sections_in_its_language(corpus: Path) -> None:
    document = by_id(corpus)["citrix-ssl-61"]
    assert document.kind == "known_error" and document.language == "fr"
    assert "## Message d'erreur\nSSL Error 61" in document.text and "## Correctif" in document.text


def test_a_yaml_list_needs_an_id_per_item(tmp_path: Path) -> None:
    (tmp_path / "errors.yml").write_text("- id: ke-1\n  title: A\n  fix: B\n- id: ke-2\n  title: C\n  fix: D\n")
    assert [d.doc_id for d in load_file(tmp_path / "errors.yml")] == ["ke-1", "ke-2"]
    (tmp_path / "bad.yml").write_text("- title: A\n- title: C\n")
    with pytest.raises(UnsupportedSource, match="needs an `id`"):
        load_file(tmp_path / "bad.yml")


def test_pdf_text_is_extracted(corpus: Path) -> None:
    document = by_id(corpus)["wifi-drops"]
    assert "Laptop Wi-Fi keeps dropping" in document.text and document.language == "en"


def test_readme_and_hidden_files_are_not_articles(corpus: Path) -> None:
    assert "README" not in by_id(corpus)


def test_unsupported_format_and_duplicate_ids_are_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK")
    with pytest.raises(UnsupportedSource, match="unsupported format"):
        load_file(tmp_path / "notes.docx")
    (tmp_path / "same.md").write_text("# A")
    (tmp_path / "same.txt").write_text("B")
    with pytest.raises(UnsupportedSource, match="used twice"):
        load_directory(tmp_path)


def test_the_services_a_files_front_matter_names(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\nservices: [VPN, ' Citrix ']\n---\n# A\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\nservices: Outlook\n---\nB", encoding="utf-8")
    (tmp_path / "c.md").write_text("no front matter", encoding="utf-8")
    assert ingest.services_of(tmp_path / "a.md") == ("VPN", "Citrix")
    assert ingest.services_of(tmp_path / "b.md") == ("Outlook",)
    assert ingest.services_of(tmp_path / "c.md") == ingest.services_of(tmp_path / "missing.md") == ()
