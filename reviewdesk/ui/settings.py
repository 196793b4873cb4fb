"""The desk's remembered preferences: service URL, username, window layout, key overrides,
and how each moderator wants sensitive images shown (blur and greyscale per category,
and after how many revealed images a break is offered), and the evidence cache's size cap.

Never a password or a token: those live in the OS keyring (``reviewdesk.store.secrets``).
Settings go through ``QSettings``; :func:`open_settings` isolates them when the
desk runs under tests (``REVIEWDESK_TEST_MODE``) or when a file is given.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from reviewdesk.domain.enums import Category
from reviewdesk.domain.sensitivity import DEFAULT_BREAK_AFTER, ImageCare, default_care

ORGANISATION = "ReviewDesk"
APPLICATION = "ReviewDesk"
TEST_MODE_VARIABLE = "REVIEWDESK_TEST_MODE"
#: The evidence disk cache's default cap, in megabytes.
DEFAULT_EVIDENCE_CACHE_MB = 500
#: Cases read ahead after the open one, by default.
DEFAULT_PREFETCH_CASES = 3
SETTINGS_FILE_VARIABLE = "REVIEWDESK_SETTINGS_FILE"
#: How long a decision waits in the outbox, and can be taken back, before it is sent.
DEFAULT_DECISION_GRACE_S = 5.0
#: Longest grace time the settings accept (seconds).
MAX_DECISION_GRACE_S = 600.0


class DeskSettings:
    """Typed access to the few values the desk remembers between runs."""

    def __init__(self, qsettings: QSettings) -> None:
        self._settings = qsettings

    @property
    def service_url(self) -> str:
        """The last service URL signed in to ("" when none)."""
        return self._text("session/service_url")

    @service_url.setter
    def service_url(self, value: str) -> None:
        self._settings.setValue("session/service_url", value)

    @property
    def username(self) -> str:
        """The last username signed in with ("" when none)."""
        return self._text("session/username")

    @username.setter
    def username(self, value: str) -> None:
        self._settings.setValue("session/username", value)

    def window_state(self, key: str) -> QByteArray | None:
        """A saved geometry/splitter blob, or None."""
        value = self._settings.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        """Remember a geometry/splitter blob."""
        self._settings.setValue(f"window/{key}", value)

    def key_overrides(self) -> dict[str, tuple[str, ...]]:
        """The moderator's own key bindings: command id -> key sequences."""
        overrides: dict[str, tuple[str, ...]] = {}
        self._settings.beginGroup("keys")
        try:
            for command_id in self._settings.childKeys():
                raw = self._settings.value(command_id)
                keys = raw if isinstance(raw, list) else [raw]
                overrides[command_id] = tuple(str(k) for k in keys if str(k).strip())
        finally:
            self._settings.endGroup()
        return overrides

    def set_key_override(self, command_id: str, keys: tuple[str, ...]) -> None:
        """Bind ``command_id`` to ``keys`` instead of its default keys."""
        self._settings.setValue(f"keys/{command_id}", list(keys))

    def clear_key_override(self, command_id: str) -> None:
        """Give ``command_id`` its default keys again."""
        self._settings.remove(f"keys/{command_id}")

    def image_care(self, category: Category) -> ImageCare:
        """How images of ``category`` open for this moderator (the defaults until changed)."""
        default = default_care(category)
        return ImageCare(
            blur=self._flag(f"wellbeing/{category.value}/blur", default.blur),
            greyscale=self._flag(f"wellbeing/{category.value}/greyscale", default.greyscale),
        )

    def set_image_care(self, category: Category, care: ImageCare) -> None:
        """Remember how images of ``category`` should open."""
        self._settings.setValue(f"wellbeing/{category.value}/blur", care.blur)
        self._settings.setValue(f"wellbeing/{category.value}/greyscale", care.greyscale)

    @property
    def break_after_reveals(self) -> int:
        """After how many revealed sensitive images a break is offered (at least 1)."""
        raw = self._settings.value("wellbeing/break_after", DEFAULT_BREAK_AFTER)
        try:
            return max(1, int(str(raw)))
        except ValueError:
            return DEFAULT_BREAK_AFTER

    @break_after_reveals.setter
    def break_after_reveals(self, value: int) -> None:
        self._settings.setValue("wellbeing/break_after", max(1, int(value)))

    @property
    def evidence_cache_megabytes(self) -> int:
        """The evidence disk cache cap in MB (``evidence/cache_mb``; 0 turns the cache off)."""
        raw = self._settings.value("evidence/cache_mb", DEFAULT_EVIDENCE_CACHE_MB)
        try:
            return max(0, int(str(raw)))
        except ValueError:
            return DEFAULT_EVIDENCE_CACHE_MB

    @evidence_cache_megabytes.setter
    def evidence_cache_megabytes(self, value: int) -> None:
        self._settings.setValue("evidence/cache_mb", max(0, int(value)))

    @property
    def decision_grace_seconds(self) -> float:
        """Seconds each decision waits before it is sent (``outbox/grace_s``; 0 sends at once)."""
        raw = self._settings.value("outbox/grace_s", DEFAULT_DECISION_GRACE_S)
        try:
            value = float(str(raw))
        except ValueError:
            return DEFAULT_DECISION_GRACE_S
        if value != value:  # NaN
            return DEFAULT_DECISION_GRACE_S
        return min(max(0.0, value), MAX_DECISION_GRACE_S)

    @decision_grace_seconds.setter
    def decision_grace_seconds(self, value: float) -> None:
        self._settings.setValue("outbox/grace_s", min(max(0.0, float(value)), MAX_DECISION_GRACE_S))

    @property
    def prefetch_cases(self) -> int:
        """How many cases after the open one are read ahead (``queue/prefetch``; 0 turns it off)."""
        raw = self._settings.value("queue/prefetch", DEFAULT_PREFETCH_CASES)
        try:
            return max(0, int(str(raw)))
        except ValueError:
            return DEFAULT_PREFETCH_CASES

    @prefetch_cases.setter
    def prefetch_cases(self, value: int) -> None:
        self._settings.setValue("queue/prefetch", max(0, int(value)))

    def sync(self) -> None:
        """Write pending changes to storage."""
        self._settings.sync()

    def _flag(self, key: str, default: bool) -> bool:
        value = self._settings.value(key, default)
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("true", "1", "yes")

    def _text(self, key: str) -> str:
        value = self._settings.value(key, "")
        return value if isinstance(value, str) else ""


def open_settings(path: str | None = None) -> DeskSettings:
    """Open the desk's settings: ``path`` (an INI file) if given, else the user's own.

    Under tests (``REVIEWDESK_TEST_MODE`` set) the settings live under the
    test's own ``XDG_CONFIG_HOME``, or, when it has none, Qt's standard paths
    switch to their test locations: the real user configuration is never touched.
    """
    path = path or os.environ.get(SETTINGS_FILE_VARIABLE) or None
    if path is not None:
        return DeskSettings(QSettings(path, QSettings.Format.IniFormat))
    if os.environ.get(TEST_MODE_VARIABLE) and not os.environ.get("XDG_CONFIG_HOME"):
        QStandardPaths.setTestModeEnabled(True)
    return DeskSettings(QSettings(ORGANISATION, APPLICATION))
