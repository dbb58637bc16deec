"""Reading settings files: versions from their bytes, YAML problems, one file per client folder."""

from pathlib import Path

import pytest

from servicedesk.errors import InvalidSettings
from servicedesk.settings import load_all, load_file, load_text, version_of
from tests.servicedesk.settings.document import document, dump


def write(root: Path, slug: str, text: str) -> Path:
    (root / slug).mkdir(parents=True, exist_ok=True)
    path = root / slug / "settings.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_version_is_the_start_of_the_sha256_of_the_bytes() -> None:
    assert version_of(b"") == "e3b0c44298fc1c14"
    assert version_of("é") == version_of("é".encode()) and len(version_of("é")) == 16


def test_the_version_changes_when_the_text_changes_and_only_then(tmp_path: Path) -> None:
    path = write(tmp_path, "test", dump(document()))
    first = load_file(path)
    assert load_file(path).version == first.version
    path.write_text(path.read_text(encoding="utf-8") + "# reviewed on 2026-03-02\n", encoding="utf-8")
    changed = load_file(path)
    assert changed.version != first.version and changed.version == version_of(path.read_bytes())
    assert changed.model_dump() == first.model_dump()  # a comment changed: same rules, yet another version


def test_settings_built_in_code_have_no_version() -> None:
    from servicedesk.settings import ClientSettings

    assert ClientSettings.model_validate(document()).version is None


def test_invalid_yaml_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "test", "client:\n  slug: test\n  name: [unclosed\n")
    with pytest.raises(InvalidSettings, match=r"settings\.yml: invalid settings\n  - not valid YAML: line 4"):
        load_file(path)


def test_a_key_written_twice_is_refused_not_overwritten() -> None:
    text = dump(document()).replace("  language: fr\n", "  language: fr\n  language: en\n", 1)
    with pytest.raises(InvalidSettings, match=r"line \d+, column 3: key 'language' appears twice"):
        load_text(text)


def test_yaml_merge_keys_may_override_what_they_merge() -> None:
    raw = document()
    del raw["calendars"]
    text = dump(raw) + "\n".join([
        "calendars:",
        "  office: &office",
        "    timezone: Europe/Paris",
        "    hours: {mon: ['09:00-18:00']}",
        "  24x7:",
        "    <<: *office",
        "    hours: {sat: ['00:00-24:00'], sun: ['00:00-24:00']}",  # overrides the merged hours: not a duplicate
    ])
    calendar = load_text(text).calendar("24x7")
    assert calendar.timezone == "Europe/Paris" and not calendar.weekly[0] and calendar.weekly[6]


@pytest.mark.parametrize(("data", "words"), [
    (b"", "the document is a mapping"),
    (b"- client\n", "the document is a mapping"),
    ("client: Démo\n".encode("latin-1"), "not UTF-8"),
])
def test_a_document_that_is_not_a_mapping_of_text_is_refused(data: bytes, words: str) -> None:
    with pytest.raises(InvalidSettings, match=words):
        load_text(data, source="odd.yml")


def test_load_all_reads_every_client_folder_by_slug(tmp_path: Path) -> None:
    raw = document()
    write(tmp_path, "test", dump(raw))
    raw["client"]["slug"] = "other"
    write(tmp_path, "other", dump(raw))
    (tmp_path / "no-settings-yet").mkdir()
    assert sorted(load_all(tmp_path)) == ["other", "test"]


def test_a_file_must_declare_the_slug_of_its_folder(tmp_path: Path) -> None:
    path = write(tmp_path, "acme", dump(document()))
    with pytest.raises(InvalidSettings, match=r"client\.slug: 'test' in the folder of 'acme'") as refused:
        load_all(tmp_path)
    assert refused.value.source == str(path)


def test_dumped_settings_are_a_document_that_loads_back_the_same() -> None:
    from servicedesk.settings import ClientSettings

    settings = ClientSettings.model_validate(document())
    dumped = settings.model_dump(mode="json")
    assert dumped["agreements"][1]["targets"][0] == {"ticket_type": "incident", "priority": "P1", "tto": "15m",
                                                     "ttr": "4h", "keep_in_loop": None}
    assert dumped["calendars"]["office"]["hours"]["mon"] == ["09:00-18:00"]
    assert load_text(dump(dumped)).model_dump() == settings.model_dump()
