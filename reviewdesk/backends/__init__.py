"""How the desk talks to a moderation service: one interface, several adapters."""
