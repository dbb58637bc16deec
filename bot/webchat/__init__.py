"""The web chat: a page served by the doors' process, its JSON API and its stream of what arrives later."""
