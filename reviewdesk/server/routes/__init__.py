"""The HTTP routes of the Moderation API v1, one module per area."""
