"""Language tags for the texts of a case, detected on a worker thread.

Loading the language model takes most of a second and each text costs a
fraction of a millisecond, so the case view asks a :class:`LanguageTagger`
for the tags of all its texts at once; the answer comes back by signal and
an answer for a case no longer shown is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from reviewdesk.evidence import invisible, links
from reviewdesk.evidence.language import SAMPLE_CHARS, detect_language
from reviewdesk.evidence.language import warm_up as load_language_model
from reviewdesk.ui.tasks import TaskRunner

#: Shown when a text has too few letters, or no clear language.
UNKNOWN_TAG = "–"


def tag_texts(texts: Sequence[tuple[str, str]]) -> dict[str, str]:
    """``{key: "ja"}`` for each ``(key, text)``; ``ru?`` when unsure, ``–`` when unknown."""
    tags: dict[str, str] = {}
    for key, text in texts:
        guess = detect_language(text)
        tags[key] = guess.tag if guess is not None else UNKNOWN_TAG
    return tags


def warm_up() -> None:
    """Load the language model and the tables of the text checks (on a worker)."""
    warm_up_text_checks()
    load_language_model()


def warm_up_text_checks() -> None:
    """Load the tables of the text checks (on a worker): the first case's text needs them."""
    invisible.warm_up()
    links.warm_up()


class LanguageTagger(QObject):
    """Detects languages off the GUI thread; :attr:`tagged` carries ``{key: tag}``."""

    tagged = Signal(object)
    #: :meth:`warm_up` is over: the model is loaded (or failed to load, see ``last_error``).
    warmed_up = Signal()

    def __init__(self, runner: TaskRunner | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._scope = f"language-{id(self)}"
        self.last_error = ""

    def available(self) -> bool:
        """False when there is no worker to detect on (then no tags are shown)."""
        return self._runner is not None

    def warm_up(self) -> None:
        """Load the model in the background so the first case is tagged quickly."""
        if self._runner is not None:
            # Two tasks: the first case's safe text waits for the tables, never for the model.
            self._runner.run(warm_up_text_checks, lambda _result: None, self._on_error)
            self._runner.run(load_language_model, self._on_warmed_up, self._on_warm_up_failed)

    def request(self, texts: Sequence[tuple[str, str]]) -> None:
        """Tag ``(key, text)`` pairs; an earlier request still running is forgotten."""
        if self._runner is None:
            return
        self._runner.invalidate(self._scope)
        # Only the sample is copied to the worker: a 5 MB message costs no more than a short one.
        samples = [(key, text[:SAMPLE_CHARS]) for key, text in texts]
        if samples:
            self._runner.run(
                lambda: tag_texts(samples), self.tagged.emit, self._on_error, scope=self._scope
            )

    def cancel(self) -> None:
        """Drop the answer of a request still running."""
        if self._runner is not None:
            self._runner.invalidate(self._scope)

    def _on_warmed_up(self, _result: object) -> None:
        self.warmed_up.emit()

    def _on_warm_up_failed(self, error: Exception) -> None:
        self._on_error(error)
        self.warmed_up.emit()

    def _on_error(self, error: Exception) -> None:
        self.last_error = f"Language detection failed: {error}"
