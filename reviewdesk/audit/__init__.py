"""Decision log queries, reviews and exports for senior moderators."""
