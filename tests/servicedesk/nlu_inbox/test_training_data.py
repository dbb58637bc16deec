"""Adding an example to the NLU files: a text edit that keeps the files as written and that Rasa reads back
exactly as meant, whatever the user typed."""

import json
import subprocess
import textwrap

import pytest
import yaml

from scripts.stack import ROOT
from servicedesk.nlu_inbox.training_data import (
    DuplicateExample,
    ExampleRefused,
    add_example,
    clean_example,
    examples_of,
    find_duplicate,
    insert_example,
    intents_of,
)

SOURCE = textwrap.dedent("""\
    version: "3.1"

    # Hand-written examples: this comment must survive.
    nlu:
    - intent: greet
      examples: |
        - hello
        - hi there

    # goodbyes, short ones first
    - intent: goodbye
      examples: |
        - bye
        - see you
      # a comment below the block
    - intent: "thank"  # quoted, with a comment
      examples: |-
        - thanks
    """)

HOSTILE = [
    "- starts with a dash",
    ": starts with a colon",
    '"all quoted"',
    "'single quoted'",
    "key: value # not a comment",
    "--- looks like a document start",
    "... and an end",
    "| > & * ! % @ ` { } [ ] ,",
    "tab\there",
    "C:\\Users\\me\\AppData",
    "emoji 😀 and accents éàü",
    "  padded   with   spaces  ",
]


def test_the_example_goes_at_the_end_of_its_intent_and_nothing_else_moves() -> None:
    edited = insert_example(SOURCE, "greet", "good morning")
    assert edited == SOURCE.replace("    - hi there\n", "    - hi there\n    - good morning\n")


def test_comments_after_a_block_stay_after_it() -> None:
    edited = insert_example(SOURCE, "goodbye", "ciao")
    assert edited == SOURCE.replace("    - see you\n", "    - see you\n    - ciao\n")


def test_a_quoted_intent_name_and_a_stripped_block_are_understood() -> None:
    edited = insert_example(SOURCE, "thank", "cheers")
    assert examples_of(edited)["thank"] == ["thanks", "cheers"]
    assert edited.endswith("    - thanks\n    - cheers\n")


def test_an_intent_without_examples_gets_its_own_item_at_the_end() -> None:
    edited = insert_example(SOURCE, "service_request", "I need a new laptop")
    assert edited.startswith(SOURCE)
    assert examples_of(edited)["service_request"] == ["I need a new laptop"]


def test_an_intent_split_in_two_items_gets_the_example_in_the_last() -> None:
    source = SOURCE + "- intent: greet\n  examples: |\n    - yo\n"
    edited = insert_example(source, "greet", "hiya")
    assert edited == source + "    - hiya\n"
    assert examples_of(edited)["greet"] == ["hello", "hi there", "yo", "hiya"]


def test_windows_line_endings_are_kept() -> None:
    source = SOURCE.replace("\n", "\r\n")
    edited = insert_example(source, "greet", "yo")
    assert "    - hi there\r\n    - yo\r\n" in edited and "\n" not in edited.replace("\r\n", "")


def test_a_file_without_a_final_newline() -> None:
    source = SOURCE.rstrip("\n")
    assert examples_of(insert_example(source, "thank", "ta"))["thank"] == ["thanks", "ta"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_looks_like_yaml_stays_text(text) -> None:
    example = clean_example(text)
    edited = insert_example(SOURCE, "greet", example)
    yaml.safe_load(edited)
    assert examples_of(edited)["greet"] == ["hello", "hi there", example]


def test_rasa_itself_reads_the_edited_file_as_meant(tmp_path) -> None:
    source = SOURCE
    for text in HOSTILE:
        source = insert_example(source, "greet", clean_example(text))
    path = tmp_path / "nlu.yml"
    path.write_text(source, encoding="utf-8")
    reader = ("import json, sys\nfrom rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader\n"
              "data = RasaYAMLReader().read(sys.argv[1])\n"
              "print(json.dumps([[m.get('intent'), m.get('text')] for m in data.intent_examples]))")
    output = subprocess.run([str(ROOT / ".venv-rasa/bin/python"), "-c", reader, str(path)], check=True,
                            capture_output=True, text=True).stdout
    greet = [text for intent, text in json.loads(output) if intent == "greet"]
    assert greet == ["hello", "hi there", *(clean_example(text) for text in HOSTILE)]


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("line one\nline two\r\nline three", "line one line two line three"),  # one example per line
        ("para\u2028graph\u0085next", "para graph next"),  # the line breaks YAML and Python also see
        ("bell\x07 and null\x00 dropped", "bell and null dropped"),
        ("\ufeffbom", "bom"),
    ],
)
def test_line_breaks_fold_and_unprintables_go(text, example) -> None:
    assert clean_example(text) == example


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01"])
def test_nothing_to_learn_is_refused(text) -> None:
    with pytest.raises(ExampleRefused, match="nothing left"):
        clean_example(text)


@pytest.mark.parametrize("text", ["reset [my password](thing)", 'open [outlook]{"entity": "app"}'])
def test_entity_markup_is_refused(text) -> None:
    with pytest.raises(ExampleRefused, match="entity markup"):
        clean_example(text)


def test_brackets_alone_are_fine() -> None:
    assert clean_example("error [code 5] (again)") == "error [code 5] (again)"


def test_a_layout_the_edit_does_not_understand_is_refused_not_mangled() -> None:
    listed = 'version: "3.1"\nnlu:\n- intent: greet\n  examples:\n  - text: hello\n'
    with pytest.raises(ExampleRefused, match="examples: \\|"):
        insert_example(listed, "greet", "hi")
    trailing = 'nlu:\n- intent: greet\n  examples: |\n    - hello\nresponses: {}\n'
    with pytest.raises(ExampleRefused):  # a new item after another top-level key would land outside nlu:
        insert_example(trailing, "goodbye", "bye")


def test_duplicates_are_found_in_any_file_and_intent_whatever_the_case() -> None:
    other = 'nlu:\n- intent: thank\n  examples: |\n    - Merci   Beaucoup\n'
    duplicate = find_duplicate("merci beaucoup", {"en.yml": SOURCE, "fr.yml": other})
    assert isinstance(duplicate, DuplicateExample)
    assert (duplicate.file, duplicate.intent) == ("fr.yml", "thank")
    assert find_duplicate("merci bien", {"en.yml": SOURCE, "fr.yml": other}) is None


def test_add_example_writes_the_file_and_refuses_a_duplicate(tmp_path) -> None:
    en, fr = tmp_path / "en.yml", tmp_path / "fr.yml"
    en.write_text(SOURCE, encoding="utf-8")
    fr.write_text('nlu:\n- intent: greet\n  examples: |\n    - salut\n', encoding="utf-8")
    assert add_example(en, "greet", "  hey\nyou ", [fr]) == "hey you"
    assert examples_of(en.read_text(encoding="utf-8"))["greet"][-1] == "hey you"
    before = en.read_text(encoding="utf-8")
    with pytest.raises(DuplicateExample, match=r"fr\.yml"):
        add_example(en, "greet", "Salut", [fr])
    with pytest.raises(DuplicateExample):
        add_example(en, "goodbye", "HEY YOU", [fr])
    assert en.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_real_files_accept_an_example_for_every_intent_of_the_domain(tmp_path) -> None:
    """The project's own files and domain: every intent can receive an example, and only that changes."""
    for language in ("fr", "en"):
        source = (ROOT / "data" / "nlu" / f"{language}.yml").read_text(encoding="utf-8")
        for intent in intents_of(ROOT / "domain.yml"):
            edited = insert_example(source, intent, f"zz probe for {intent}")
            assert examples_of(edited)[intent][-1] == f"zz probe for {intent}"


def test_intents_are_read_in_the_domains_order(tmp_path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text("intents:\n  - greet\n  - affirm:\n      use_entities: []\n  - deny\n", encoding="utf-8")
    assert intents_of(domain) == ["greet", "affirm", "deny"]
