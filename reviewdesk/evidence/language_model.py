"""Loading the language model in short steps, so no other thread waits long for the interpreter.

py3langid's own loader turns the model's 39 MB transition table into a
standard ``array`` in a single call that holds the interpreter lock for
70 ms and more (measured on the 2-core machine); the window, which needs the
lock to paint, stands still meanwhile, and the desk loads the model right
after its first case is on screen, when the moderator may be switching.
:func:`load_identifier` reads the same model file and builds the same
tables piece by piece (:data:`STEP_BYTES` at a time), so between two pieces
a thread that asks for the lock gets it within the switch interval. Should
the file's layout ever differ from what is read here, it falls back to
py3langid's own loader.

Unpacking the model (LZMA, 68 MB) is half of loading it, the same at every
start: the unpacked file is kept in the user's cache directory
(:func:`default_cache_directory`, named after the packed file's size, time
and py3langid's version, files readable by the owner only) and read from
there at the next start. A cached file that cannot be read is unpacked again.
"""

from __future__ import annotations

import contextlib
import lzma
import os
import shutil
import tempfile
from array import array
from importlib import metadata
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import platformdirs

if TYPE_CHECKING:
    import numpy as np

#: Bytes handled in one step while the model is read (one step holds the interpreter lock).
STEP_BYTES = 256 * 1024
APP_NAME = "ReviewDesk"
#: How the unpacked models in the cache directory are named (the rest says which model).
CACHED_PREFIX = "py3langid-"


def default_cache_directory() -> Path:
    """Where the unpacked model is kept: ``language-model`` in the user's cache directory."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "language-model"


def cached_name(packed: Path) -> str:
    """The cached file's name for the packed model ``packed`` (another model, another name)."""
    try:
        version = metadata.version("py3langid")
    except metadata.PackageNotFoundError:
        version = "unknown"
    facts = packed.stat()
    return f"{CACHED_PREFIX}{version}-{facts.st_size}-{facts.st_mtime_ns}.npz"


def _typecode(itemsize: int) -> str:
    """The ``array`` type code of unsigned integers ``itemsize`` bytes wide."""
    for code in ("H", "I", "L", "Q"):
        if array(code).itemsize == itemsize:
            return code
    raise ValueError(f"no unsigned array type of {itemsize} bytes")


def stepwise_array(values: np.ndarray[Any, Any]) -> array[int]:
    """A standard array holding ``values`` (unsigned integers), copied a piece at a time."""
    import numpy as np

    contiguous = np.ascontiguousarray(values)
    if contiguous.dtype.kind != "u":
        raise ValueError(f"unsigned integers expected, not {contiguous.dtype}")
    table = array(_typecode(contiguous.dtype.itemsize))
    raw = contiguous.data.cast("B")
    for start in range(0, len(raw), STEP_BYTES):
        table.frombytes(raw[start : start + STEP_BYTES])
    return table


def stepwise_list(values: np.ndarray[Any, Any]) -> list[int]:
    """``values.tolist()``, a piece at a time."""
    step = max(1, STEP_BYTES // max(1, values.itemsize))
    items: list[int] = []
    for start in range(0, len(values), step):
        items.extend(values[start : start + step].tolist())
    return items


def load_identifier(cache_directory: Path | None = None) -> Any:
    """py3langid's identifier with normalised probabilities, loaded in short steps (blocks).

    Read from the unpacked copy in ``cache_directory`` (default:
    :func:`default_cache_directory`), which is made first if missing or unreadable.
    """
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    packed = Path(MODEL_DIR) / MODEL_FILE
    folder = cache_directory or default_cache_directory()
    try:
        cached = folder / cached_name(packed)
        if cached.is_file():
            try:
                with cached.open("rb") as file:
                    return _read(file)
            except Exception:  # damaged or cut short: unpacked again below
                with contextlib.suppress(OSError):
                    cached.unlink(missing_ok=True)
        try:
            return _unpack_and_read(packed, cached)
        except OSError:  # the cache directory cannot be written (full, not ours)
            return _unpack_nameless(packed)
    except (KeyError, TypeError, ValueError):  # a layout this desk does not know
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _unpack_and_read(packed: Path, cached: Path) -> Any:
    """Unpack ``packed``, read it, and keep the unpacked file as ``cached`` if possible."""
    cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    unpacked: IO[bytes] = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept on success)
        dir=cached.parent, prefix=".tmp-", suffix=".npz", delete=False
    )
    kept = False
    try:
        with unpacked:
            _unpack(packed, unpacked)
        with open(unpacked.name, "rb") as file:
            identifier = _read(file)
        os.replace(unpacked.name, cached)
        kept = True
        for older in cached.parent.glob(f"{CACHED_PREFIX}*.npz"):
            if older != cached:
                older.unlink(missing_ok=True)
        return identifier
    finally:
        if not kept:
            with contextlib.suppress(OSError):
                os.unlink(unpacked.name)


def _unpack_nameless(packed: Path) -> Any:
    """Unpack ``packed`` into a file no one else sees, read it, and let it go."""
    with tempfile.TemporaryFile(suffix=".npz") as nameless:
        _unpack(packed, nameless)
        return _read(nameless)


def _unpack(packed: Path, target: IO[bytes]) -> None:
    with lzma.open(packed) as source:
        shutil.copyfileobj(source, target, length=STEP_BYTES)
    target.flush()
    target.seek(0)


def _read(source: IO[bytes]) -> Any:
    """The identifier from an unpacked model file, its tables built in short steps."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    with np.load(source, allow_pickle=False) as data:
        ptc, pc = np.asarray(data["ptc"]), np.asarray(data["pc"])
        classes = data["classes"].tolist()
        nextmove = stepwise_array(data["nextmove"])
        rows = stepwise_array(data["nextmove_row"])
        output = stepwise_list(data["out_feat"])
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=rows)
