"""The steps a chat shows: the solution's list, whole items, no markup."""

from pathlib import Path

from kb_index.steps import STEP_CHARS, resolution_steps

DEMO_KB = Path(__file__).resolve().parents[2] / "data" / "clients" / "demo" / "kb"


def test_the_solution_section_s_numbered_items_are_the_steps() -> None:
    text = (DEMO_KB / "poste-pc-lent.md").read_text(encoding="utf-8").split("---", 2)[2]
    steps = resolution_steps(text)
    assert len(steps) == 7
    assert steps[0].startswith("Redémarrez vraiment le PC : Démarrer > Marche/Arrêt > Redémarrer.")
    assert "**" not in " ".join(steps)
    assert all(len(step) <= STEP_CHARS + 1 for step in steps)


def test_a_symptoms_list_does_not_pass_for_the_steps() -> None:
    text = "# T\n\n## Symptoms\n- it hangs\n- it is slow\n\n## Fix\n1. Restart it.\n2. Call us.\n"
    assert resolution_steps(text) == ("Restart it.", "Call us.")


def test_without_a_solution_heading_the_first_list_is_taken() -> None:
    assert resolution_steps("Intro\n\n* open the portal\n* click [Install](http://x)\n") == (
        "open the portal", "click Install")


def test_a_wrapped_item_stays_one_step_and_a_paragraph_after_the_list_is_not_one() -> None:
    text = "## Solution\n1. Open Settings\n   then Accounts.\n2. Sign out.\n\nIf it persists, call us.\n"
    assert resolution_steps(text) == ("Open Settings then Accounts.", "Sign out.")


def test_an_article_without_a_list_has_no_steps() -> None:
    assert resolution_steps("## Solution\nRestart the PC and try again.\n") == ()


def test_a_long_step_is_cut_at_a_sentence() -> None:
    long = "Do this first. " + "word " * 80
    (step,) = resolution_steps(f"## Steps\n1. {long}\n")
    assert step == "Do this first." or step.endswith("…")
