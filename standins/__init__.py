"""Stand-ins for what Relais talks to, shared by the tests and the benches (bench/ never imports tests/).

    local_server.py   the life of an HTTP stand-in: a free loopback port, a daemon thread
    slack_api.py      Slack's Web API: records calls, answers 429 or goes down on demand
    slack_signing.py  what Slack posts to a bolt app (events, interactivity, slash commands), signed
    bot_connector.py  the Bot Framework connector a Teams bot replies to
    oidc_provider.py  a real OpenID Connect provider (npm's oidc-provider, oidc/) for the sign-ins
    doors.py          a Rasa server answering from a script, and outlets that record
    rasa_http.py      a Rasa server over HTTP answering at once, for the doors' processes (replicas)
    round_robin.py    a load balancer: each request to the next of several replicas behind one address

No product code imports this package (an import-linter contract in pyproject.toml keeps it so); its own tests
are in tests/standins/.
"""
