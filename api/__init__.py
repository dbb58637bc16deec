"""The REST API for agents' tools and integrations: read a client's tickets and work them.

An adapter like actions/ and bot/: it depends on servicedesk/, never the reverse. The API key a request
carries decides the client, and every route reaches only that client's database: no URL names a client, so
no request can read or change another client's tickets. Serve it with `python -m api`.
"""
