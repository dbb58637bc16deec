"""Who a message comes from, as the door that checked it says: signed claims that the action server (and
Rasa's own channel) accept only when the signature is valid and fresh.

Kept free of SQLAlchemy and of anything Python 3.11-only: Rasa's process (Python 3.10) imports it too.
"""
