"""The doors and the human side: Slack, Teams and the web chat relay users to Rasa (or to the agent who
took the conversation over), and deliver the outbox's notifications and announcements. bot/ talks to
the Rasa server over HTTP like any channel; `make chat` is the terminal door for developers."""
