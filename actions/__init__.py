"""The rasa-sdk action server: thin adapters from the dialogue to servicedesk/ (and later kb_index/).

Each action reads slots, calls one domain function with plain values, answers with a response of
domain.yml (so every sentence exists in French and English in one place) and returns events. The few
words the actions compute themselves (a status, a date, a button) are in one catalogue, actions/i18n.py.
"""
