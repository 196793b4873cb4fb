"""Plain typed objects and rules of moderation: no Qt, no I/O."""
