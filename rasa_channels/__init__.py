"""Rasa's input channels for Relais (loaded by the Rasa server, Python 3.10; see credentials.yml)."""
