"""Which categories of evidence are hard to look at, and how the desk shows them by default.

Images in these categories open blurred and in greyscale, so a moderator
chooses when to see them in full. Each moderator may change the treatment
per category; these are only the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewdesk.domain.enums import Category

#: Categories whose images may show sexual content, violence, gore or self-harm.
SENSITIVE_CATEGORIES: frozenset[Category] = frozenset(
    {
        Category.SEXUAL_CONTENT,
        Category.VIOLENT_IMAGERY,
        Category.SELF_HARM,
        Category.GROOMING,
    }
)
#: After this many sensitive images revealed in a session the desk offers a break.
DEFAULT_BREAK_AFTER = 20


@dataclass(frozen=True)
class ImageCare:
    """How images of one category open: blurred, in greyscale, both or neither."""

    blur: bool
    greyscale: bool

    @property
    def protected(self) -> bool:
        """True when images open blurred or in greyscale."""
        return self.blur or self.greyscale


def is_sensitive(category: Category) -> bool:
    """True for categories whose images open protected by default."""
    return category in SENSITIVE_CATEGORIES


def default_care(category: Category) -> ImageCare:
    """Blurred and greyscale for sensitive categories, shown as sent for the others."""
    sensitive = is_sensitive(category)
    return ImageCare(blur=sensitive, greyscale=sensitive)
