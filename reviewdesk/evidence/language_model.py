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
"""

from __future__ import annotations

import lzma
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

#: Bytes handled in one step while the model is read (one step holds the interpreter lock).
STEP_BYTES = 256 * 1024


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


def load_identifier() -> Any:
    """py3langid's identifier with normalised probabilities, loaded in short steps (blocks)."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        with tempfile.TemporaryFile(suffix=".npz") as unpacked:
            with lzma.open(Path(MODEL_DIR) / MODEL_FILE) as packed:
                shutil.copyfileobj(packed, unpacked, length=STEP_BYTES)
            unpacked.seek(0)
            with np.load(unpacked, allow_pickle=False) as data:
                ptc, pc = np.asarray(data["ptc"]), np.asarray(data["pc"])
                classes = data["classes"].tolist()
                nextmove = stepwise_array(data["nextmove"])
                rows = stepwise_array(data["nextmove_row"])
                output = stepwise_list(data["out_feat"])
        return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=rows)
    except (KeyError, TypeError, ValueError):  # a layout this desk does not know
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
