"""Level 1 that listens (DESIGN.md "How level 1 talks"): each step of a conversation with a user is one use
case here, taking and returning plain values, so that the chat, the API and the console behave alike.

    facts.py      what a message says: service, exact error, since when, who is affected, how blocking, device
                  and place, what was tried; and whether an answer fits the question it answers
    signs.py      the signs of a major or a security incident in what was said
    triage.py     opening a major or a security incident at once: priority, group, problem, announcement offer
    requests.py   the client's catalogue of service requests: which item a message asks for, and its fields
    closure.py    the user's word at closing: fixed or not, and their satisfaction
    conductor.py  one turn of level 1: what the message is, and what to do and say about it

Nothing here knows Rasa, Slack, Teams or the web: adapters read the message, call a use case, say the result.
"""
