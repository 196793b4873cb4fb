"""Local store of the desk: SQLAlchemy models and migrations."""
