"""Rasa-side NLU components, loaded by the Rasa server and `rasa train` from config.yml (.venv-rasa only).

config.yml names them by module path (`rasa_components.sentence_encoder.MultilingualSentenceFeaturizer`); the
`rasa` command puts its working directory, the project root, on sys.path, so nothing is installed.
Nothing here imports the service desk, the actions or the adapters (import-linter contract).
"""
