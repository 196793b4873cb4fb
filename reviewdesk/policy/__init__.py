"""The policy catalogue on the desk: clause lookup and the sanction ladder."""
