"""The desk's agent accounts: who may sign in to the console, with which role, on which clients and groups.

They live in the catalogue beside the clients and the API keys (the desk-wide database, with its own migrations),
not in a client's database: one agent works for several clients.
"""
