"""The upload page (issue 17, item 2): where a requester sends screenshots and log files to their ticket with the
one-time link the bot or an agent gave them, and the diagnostic scripts that gather and send them instead."""
