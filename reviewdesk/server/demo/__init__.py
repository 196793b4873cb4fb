"""A deterministic, believable language-exchange community for demos and tests."""
