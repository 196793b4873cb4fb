"""The evidence cache on disk: stripped pixels of verified screenshots, owner-only, size-capped.

Only what passed the integrity check is cached, keyed by the SHA-256 the
service advertised (and the file verified). Nothing the member sent is
written as is: each entry holds the decoded pixels re-encoded by
:mod:`reviewdesk.evidence.stripping` (no EXIF, ICC profile or text chunk),
once as a small preview and once at full size, after a header of the desk's
own facts (format, colour mode, original byte size, section lengths and
hashes). The directory is created 0700 and every file 0600 from the start;
each entry is written to a temporary file and renamed into place, so a reader
never sees half an entry. Reading an entry marks it as used; when the cache
grows past its cap the entries used longest ago go first. A damaged, missing
or unreadable entry is dropped and reported as a miss: the caller downloads
again. Every method blocks on the disk: call them from workers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import FileIO
from pathlib import Path

import platformdirs

from reviewdesk.evidence.images import DecodedImage
from reviewdesk.evidence.stripping import stripped_png

APP_NAME = "ReviewDesk"
DEFAULT_MAX_BYTES = 500 * 1_000_000
SUFFIX = ".evidence"
TEMP_PREFIX = ".tmp-"
MAGIC = b"RDEVC1\n"
#: A header longer than this is not one the desk wrote.
MAX_HEADER = 4096
#: Temporary files older than this (seconds) are left over from a crash.
STALE_TEMP_S = 3600.0
#: Fast PNG compression: the cache is written on a worker after every new screenshot.
CACHE_PNG_LEVEL = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")


def default_cache_directory() -> Path:
    """Where evidence is cached: ``evidence`` inside the user's cache directory."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "evidence"


@dataclass(frozen=True)
class CachedFacts:
    """What the viewer says about the original file (the cache keeps only its pixels)."""

    format: str
    source_mode: str
    byte_size: int


@dataclass(frozen=True)
class CacheEntry:
    """An entry read back: its facts, full size, and the preview PNG (``b""`` when none)."""

    sha256: str
    facts: CachedFacts
    preview_png: bytes
    width: int
    height: int


@dataclass(frozen=True)
class _Header:
    facts: CachedFacts
    preview_len: int
    preview_sha256: str
    full_len: int
    full_sha256: str
    width: int
    height: int
    size: int  # bytes before the first section


def _key(sha256: str) -> str | None:
    """The advertised hash as a file key, or None when it is not 64 hex digits."""
    key = sha256.strip().lower()
    return key if _SHA256.fullmatch(key) else None


class EvidenceCache:
    """Stripped evidence on disk, in ``directory`` (by default the user's cache directory)."""

    def __init__(
        self,
        directory: Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._directory = directory if directory is not None else default_cache_directory()
        self._max_bytes = max_bytes
        self._clock = clock
        self._lock = threading.Lock()
        self._generation = 0

    @property
    def directory(self) -> Path:
        """The directory the entries live in."""
        return self._directory

    @property
    def max_bytes(self) -> int:
        """The size cap: beyond it the entries used longest ago are evicted."""
        return self._max_bytes

    @property
    def generation(self) -> int:
        """Changes on every purge: an entry made before a purge is not written after it."""
        return self._generation

    # --- reading -------------------------------------------------------------------

    def get(self, sha256: str) -> CacheEntry | None:
        """The entry for ``sha256`` (marked as just used), or None; a damaged one is dropped."""
        path = self._path(sha256)
        if path is None or not self._directory_ok(create=False):
            return None
        try:
            with _open_entry(path) as file:
                header = _read_header(file)
                preview = file.read(header.preview_len)
        except (OSError, ValueError):
            self._drop(path)
            return None
        if len(preview) != header.preview_len or _digest(preview) != header.preview_sha256:
            self._drop(path)
            return None
        self._touch(path)
        return CacheEntry(path.stem, header.facts, preview, header.width, header.height)

    def full_png(self, sha256: str) -> bytes | None:
        """The full-size PNG of the entry for ``sha256``, or None; a damaged one is dropped."""
        path = self._path(sha256)
        if path is None or not self._directory_ok(create=False):
            return None
        try:
            with _open_entry(path) as file:
                header = _read_header(file)
                file.seek(header.size + header.preview_len)
                full = file.read(header.full_len + 1)
        except (OSError, ValueError):
            self._drop(path)
            return None
        if len(full) != header.full_len or _digest(full) != header.full_sha256:
            self._drop(path)
            return None
        return full

    def discard(self, sha256: str) -> None:
        """Drop the entry for ``sha256`` (its pixels turned out unreadable)."""
        path = self._path(sha256)
        if path is not None:
            self._drop(path)

    # --- writing -------------------------------------------------------------------

    def put(
        self,
        sha256: str,
        facts: CachedFacts,
        full: DecodedImage,
        preview: DecodedImage | None = None,
        generation: int | None = None,
    ) -> bool:
        """Cache the stripped pixels of a verified file; True when written.

        Call it only for bytes whose SHA-256 matched ``sha256``. Nothing is
        written when ``generation`` (see :attr:`generation`) is no longer the
        current one, when the entry alone exceeds the cap, or when the
        directory is not the desk's own.
        """
        path = self._path(sha256)
        if path is None:
            return False
        full_png = stripped_png(full, compress_level=CACHE_PNG_LEVEL)
        preview_png = (
            stripped_png(preview, compress_level=CACHE_PNG_LEVEL) if preview is not None else b""
        )
        header = json.dumps(
            {
                "sha256": path.stem,
                "format": facts.format,
                "source_mode": facts.source_mode,
                "byte_size": facts.byte_size,
                "preview_len": len(preview_png),
                "preview_sha256": _digest(preview_png),
                "full_len": len(full_png),
                "full_sha256": _digest(full_png),
                "width": full.width,
                "height": full.height,
            },
            separators=(",", ":"),
        ).encode("ascii")
        body = (MAGIC, header, b"\n", preview_png, full_png)
        if sum(map(len, body)) > self._max_bytes:
            return False
        with self._lock:
            if generation is not None and generation != self._generation:
                return False
            if not self._directory_ok(create=True):
                return False
            temporary = self._directory / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
            try:
                _write_private(temporary, body)
                os.replace(temporary, path)
            except OSError:
                self._drop(temporary)
                return False
            self._touch(path)
            self._evict(keep=path)
        return True

    def purge(self) -> int:
        """Delete every entry (signing out); returns how many files were removed."""
        with self._lock:
            self._generation += 1
            removed = 0
            for entry in self._entries(include_temporary=True):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
            return removed

    def total_bytes(self) -> int:
        """The size of every entry together."""
        return sum(entry.stat().st_size for entry in self._entries(include_temporary=False))

    def __len__(self) -> int:
        return len(self._entries(include_temporary=False))

    # --- internals -----------------------------------------------------------------

    def _path(self, sha256: str) -> Path | None:
        key = _key(sha256)
        return self._directory / f"{key}{SUFFIX}" if key is not None else None

    def _directory_ok(self, *, create: bool) -> bool:
        """True when the directory exists (or was made), is a real directory and only ours."""
        directory = self._directory
        if create:
            try:
                directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError:
                return False
        try:
            info = os.lstat(directory)
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode):
            return False  # a symlink or a file in its place: never follow it
        getuid = getattr(os, "getuid", None)
        if getuid is not None and info.st_uid != getuid():
            return False
        if os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
            try:
                os.chmod(directory, 0o700)  # made earlier, or by hand, with wider rights
            except OSError:
                return False
        return True

    def _entries(self, *, include_temporary: bool) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(self._directory) as scan:
                return [
                    entry
                    for entry in scan
                    if entry.is_file(follow_symlinks=False)
                    and (
                        entry.name.endswith(SUFFIX)
                        or (include_temporary and entry.name.startswith(TEMP_PREFIX))
                    )
                ]
        except OSError:
            return []

    def _evict(self, keep: Path) -> None:
        """Remove entries used longest ago until the cache fits its cap (lock held)."""
        now = self._clock()
        sized: list[tuple[float, int, str]] = []
        total = 0
        try:
            with os.scandir(self._directory) as scan:
                for entry in scan:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    info = entry.stat(follow_symlinks=False)
                    if entry.name.startswith(TEMP_PREFIX):
                        if now - info.st_mtime > STALE_TEMP_S:
                            self._drop(Path(entry.path))
                        continue
                    if entry.name.endswith(SUFFIX):
                        sized.append((info.st_mtime, info.st_size, entry.path))
                        total += info.st_size
        except OSError:
            return
        sized.sort()
        for _used, size, path in sized:
            if total <= self._max_bytes:
                break
            if path == str(keep):
                continue
            self._drop(Path(path))
            total -= size

    def _touch(self, path: Path) -> None:
        now = self._clock()
        with contextlib.suppress(OSError):
            os.utime(path, (now, now))

    @staticmethod
    def _drop(path: Path) -> None:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _open_entry(path: Path) -> FileIO:
    """``path`` opened for reading, never through a symlink."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    return os.fdopen(fd, "rb", buffering=0)


def _read_header(file: FileIO) -> _Header:
    """The header of an entry; ValueError when it is not one the desk wrote."""
    start = file.read(len(MAGIC) + MAX_HEADER)
    if not start.startswith(MAGIC):
        raise ValueError("not an evidence cache entry")
    end = start.find(b"\n", len(MAGIC))
    if end < 0:
        raise ValueError("the header has no end")
    try:
        fields = json.loads(start[len(MAGIC) : end])
        facts = CachedFacts(
            str(fields["format"]), str(fields["source_mode"]), int(fields["byte_size"])
        )
        header = _Header(
            facts,
            int(fields["preview_len"]),
            str(fields["preview_sha256"]),
            int(fields["full_len"]),
            str(fields["full_sha256"]),
            int(fields["width"]),
            int(fields["height"]),
            end + 1,
        )
    except (KeyError, TypeError, json.JSONDecodeError) as error:
        raise ValueError("the header is damaged") from error
    if min(header.preview_len, header.width, header.height) < 0 or header.full_len <= 0:
        raise ValueError("the header is damaged")
    file.seek(header.size)
    return header


def _write_private(path: Path, chunks: tuple[bytes, ...]) -> None:
    """Write ``chunks`` to a new file created owner-only (0600) from the first moment."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as file:
        if hasattr(os, "fchmod"):
            os.fchmod(file.fileno(), 0o600)  # exactly owner read/write, whatever the umask
        for chunk in chunks:
            file.write(chunk)
        file.flush()
        os.fsync(file.fileno())
