"""ReviewDesk: a desktop moderation desk for a language-exchange community."""

__version__ = "0.1.0"
