"""The reference moderation service (FastAPI + SQLAlchemy) and its demo community."""
