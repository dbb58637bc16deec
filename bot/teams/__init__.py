"""The Microsoft Teams door, on the Bot Framework SDK (botbuilder): the messaging endpoint Teams posts to,
Adaptive Cards for Rasa's buttons, and proactive messages for what is written later (agents, notifications)."""
