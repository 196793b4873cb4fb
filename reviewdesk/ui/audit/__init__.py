"""The audit desk for senior moderators: decision log, replay, review, quality, statistics."""
