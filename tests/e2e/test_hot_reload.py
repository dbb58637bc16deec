"""`make train` loads a new model into the running Rasa server through its HTTP API: the server's model
changes, its process does not, and conversations carry on."""

import shutil

import pytest

from scripts import model

pytestmark = pytest.mark.e2e


def serving(bot) -> str:
    return bot.http.get(f"{bot.base_url}/status", params=bot.token).raise_for_status().json()["model_file"]


def test_a_new_model_is_served_without_a_restart(bot, tmp_path) -> None:
    original = model.MODELS / serving(bot)
    assert original.exists()
    renamed = tmp_path / "relais-hot-reload-probe.tar.gz"  # same content, new name: what /status reports
    shutil.copy(original, renamed)
    process = bot.rasa.process
    chat = bot.conversation()
    chat.say("my VPN keeps disconnecting")
    loop = chat.tracker()["active_loop"]
    try:
        done = model.reload(renamed, bot.base_url, bot.secrets.rasa_token)
        assert done is not None and done.loaded, done
        assert f"now serves {renamed.name} (was {original.name})" in done.said
        assert serving(bot) == renamed.name
        assert process.poll() is None and bot.rasa.process is process  # the same process, never restarted
        assert chat.tracker()["active_loop"] == loop  # the conversation is where it was
        assert chat.text("no")  # and goes on with the new agent
        again = model.reload(renamed, bot.base_url, bot.secrets.rasa_token)
        assert again is not None and again.said.endswith(f"already serves {renamed.name}")
    finally:
        back = model.reload(original, bot.base_url, bot.secrets.rasa_token)
    assert back is not None and back.loaded, back
    assert serving(bot) == original.name


def test_a_model_the_server_cannot_read_is_refused_and_the_old_one_stays(bot, tmp_path) -> None:
    before = serving(bot)
    broken = tmp_path / "relais-broken.tar.gz"
    broken.write_bytes(b"not a model")
    done = model.reload(broken, bot.base_url, bot.secrets.rasa_token)
    assert done is not None and not done.loaded
    assert "did not load relais-broken.tar.gz" in done.said
    assert serving(bot) == before
