"""The doors and the human side: the terminal chat now; Slack, Teams, web chat and the level-2
handoff relay later. bot/ talks to the Rasa server over HTTP like any channel."""
