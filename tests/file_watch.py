"""Notice any opening or reading of one file, by any thread, through Linux inotify.

A test that must prove the desk never loads a local file named in member text
(``<img src="file:///...">``) watches that file: whatever part of Qt or Python
opened it, the kernel reports it. Linux only (the project's tests run on
Debian); ctypes reaches the three libc calls, so nothing is installed for it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import struct
from pathlib import Path
from types import TracebackType

_IN_ACCESS = 0x00000001
_IN_OPEN = 0x00000020
_IN_NONBLOCK = os.O_NONBLOCK
_IN_CLOEXEC = os.O_CLOEXEC
#: ``struct inotify_event`` without its trailing name: wd, mask, cookie, len.
_EVENT = struct.Struct("iIII")


class FileWatch:
    """Counts the times ``path`` is opened or read from now on, until :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self._libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        self._fd = self._libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        watch = self._libc.inotify_add_watch(
            self._fd, os.fsencode(path), ctypes.c_uint32(_IN_OPEN | _IN_ACCESS)
        )
        if watch < 0:
            code = ctypes.get_errno()
            os.close(self._fd)
            raise OSError(code, f"cannot watch {path}")
        self.opened = 0
        self.read = 0

    def poll(self) -> int:
        """Take in the events so far; return how many opens and reads were seen in all."""
        while True:
            try:
                data = os.read(self._fd, 64 * 1024)
            except BlockingIOError:
                break
            except OSError as error:  # pragma: no cover - only on a closed descriptor
                if error.errno == errno.EBADF:
                    break
                raise
            position = 0
            while position + _EVENT.size <= len(data):
                _watch, mask, _cookie, name_length = _EVENT.unpack_from(data, position)
                self.opened += bool(mask & _IN_OPEN)
                self.read += bool(mask & _IN_ACCESS)
                position += _EVENT.size + name_length
        return self.opened + self.read

    def close(self) -> None:
        """Stop watching."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> FileWatch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
