"""The sign-in dialog: service URL, username and password, checked on a worker thread.

The dialog never blocks: the sign-in call runs on the task runner and the
dialog closes only when it succeeded. The password lives in the field only
for as long as the dialog is open; it is never stored.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewdesk.backends.base import Backend
from reviewdesk.ui.error_banner import describe_error
from reviewdesk.ui.tasks import TaskRunner

#: Signs in: (service URL, username, password) -> a backend. Blocks; runs on a worker.
LoginFunction = Callable[[str, str, str], Backend]

_SCOPE = "sign-in"


class SignInDialog(QDialog):
    """Asks for the service and the moderator's credentials, then signs in."""

    #: Emitted with the signed-in backend just before the dialog accepts.
    signed_in = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        login: LoginFunction,
        url: str = "",
        username: str = "",
        notice: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in to ReviewDesk")
        self.setAccessibleName("Sign in")
        self.setMinimumWidth(460)
        self._runner = runner
        self._login = login
        self.backend: Backend | None = None

        self.url_edit = QLineEdit(url)
        self.url_edit.setAccessibleName("Service URL")
        self.url_edit.setPlaceholderText("https://moderation.example.org")
        self.username_edit = QLineEdit(username)
        self.username_edit.setAccessibleName("Username")
        self.password_edit = QLineEdit()
        self.password_edit.setAccessibleName("Password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.notice_label = QLabel(notice)
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(bool(notice))
        self.notice_label.setAccessibleName("Notice")

        self.message_label = QLabel()
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName("Sign-in message")
        self.message_label.setStyleSheet("color:#b3261e;")
        self.message_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        sign_in_button.setText("Sign in")
        sign_in_button.setDefault(True)
        sign_in_button.setAccessibleName("Sign in")
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Service &URL", self.url_edit)
        form.addRow("&Username", self.username_edit)
        form.addRow("&Password", self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice_label)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        first_empty = next(
            (e for e in (self.url_edit, self.username_edit) if not e.text()), self.password_edit
        )
        first_empty.setFocus()

    @property
    def url(self) -> str:
        """The service URL typed (trimmed)."""
        return self.url_edit.text().strip()

    @property
    def username(self) -> str:
        """The username typed (trimmed)."""
        return self.username_edit.text().strip()

    def sign_in(self) -> None:
        """Check the fields, then sign in on a worker thread."""
        missing = [
            name
            for name, value in (
                ("the service URL", self.url),
                ("your username", self.username),
                ("your password", self.password_edit.text()),
            )
            if not value
        ]
        if missing:
            self.show_message("Please enter " + " and ".join(missing) + ".")
            return
        self._set_working(True)
        self.show_message("Signing in…", error=False)
        url, username, password = self.url, self.username, self.password_edit.text()
        self._runner.run(
            lambda: self._login(url, username, password),
            self._on_signed_in,
            self._on_failed,
            scope=_SCOPE,
        )

    def show_message(self, message: str, error: bool = True) -> None:
        """Show a sentence under the fields (plain text)."""
        self.message_label.setStyleSheet("color:#b3261e;" if error else "")
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))

    def reject(self) -> None:
        """Close without signing in; a sign-in still running is ignored."""
        self._runner.invalidate(_SCOPE)
        self.password_edit.clear()
        super().reject()

    def _on_signed_in(self, backend: Backend) -> None:
        self.backend = backend
        self.password_edit.clear()
        self._set_working(False)
        self.signed_in.emit(backend)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self._set_working(False)
        self.show_message(describe_error(error))
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _set_working(self, working: bool) -> None:
        for widget in (self.url_edit, self.username_edit, self.password_edit):
            widget.setEnabled(not working)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not working)
