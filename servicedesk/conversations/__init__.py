"""Where each user can be reached, every message they sent (journalled before anything else runs), and
the live takeovers of conversations by level-2 agents. Channel addresses are opaque JSON here: only the
channel adapters (bot/) know what a Slack thread or a Teams conversation reference looks like."""
