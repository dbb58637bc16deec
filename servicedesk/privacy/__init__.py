"""Personal data in a client's database: secrets users type are masked before anything keeps them
(`secrets`), and what is kept about people has a lifetime (`retention`), an export and an erasure (`subject`).

`secrets` is also imported by Rasa's Python 3.10 process (its input channel masks messages before the tracker
store sees them), so this package's __init__ imports nothing: importing `servicedesk.privacy.secrets` must not
pull SQLAlchemy or anything else of the 3.11 runtime.
"""
