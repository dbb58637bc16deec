"""The ticketing domain of Relais: tickets, their log, priority, and the database they live in.

Nothing here knows about Rasa, Slack, Teams or HTTP; the chat adapters (actions/, bot/) call these
functions with plain values and own the transaction.
"""
