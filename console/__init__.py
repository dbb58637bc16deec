"""The web console: the agents' workspace and, later, the editors' studio. Server-rendered pages (Jinja2, a small
CSS file, no JavaScript framework) over the same servicedesk/ use cases as the chat and the REST API; it knows
nothing of Rasa, Slack or Teams."""
