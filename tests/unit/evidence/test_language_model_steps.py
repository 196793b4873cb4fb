"""The language model loaded in short steps is the very model py3langid loads."""

from __future__ import annotations

import stat
from array import array
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from reviewdesk.evidence import language_model
from reviewdesk.evidence.language_model import (
    STEP_BYTES,
    load_identifier,
    stepwise_array,
    stepwise_list,
)

SAMPLES = (
    "Could you send me the lesson notes from yesterday, please?",
    "明日の授業は何時に始まりますか",
    "Пришли мне, пожалуйста, конспект вчерашнего урока",
    "هل يمكنك إرسال ملاحظات الدرس؟",
)


@pytest.mark.parametrize("dtype", [np.uint16, np.uint32])
def test_a_table_copied_in_steps_equals_one_copied_at_once(dtype: type) -> None:
    count = 3 * STEP_BYTES // np.dtype(dtype).itemsize + 5
    values: np.ndarray[Any, Any] = (np.arange(count, dtype=np.uint64) * 7919 % 60_000).astype(dtype)
    assert values.nbytes > 2 * STEP_BYTES  # several steps, the last one partial
    table = stepwise_array(values)
    assert table.itemsize == values.itemsize
    assert table == array(table.typecode, values.tobytes())
    assert stepwise_list(values.astype(np.int32)) == values.tolist()


def test_a_table_of_signed_numbers_is_refused() -> None:
    with pytest.raises(ValueError, match="unsigned"):
        stepwise_array(np.arange(10, dtype=np.int32))


def test_the_model_loaded_in_steps_has_the_same_tables_and_answers_as_py3langids(
    tmp_path: Path,
) -> None:
    mine = load_identifier(tmp_path)
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    assert mine.tk_nextmove == theirs.tk_nextmove
    assert mine.tk_row == theirs.tk_row
    assert mine.tk_output == theirs.tk_output
    assert mine.nb_classes == theirs.nb_classes
    assert np.array_equal(mine.nb_ptc, theirs.nb_ptc)
    assert [mine.classify(text) for text in SAMPLES] == [theirs.classify(text) for text in SAMPLES]
    assert [mine.classify(text)[0] for text in SAMPLES] == ["en", "ja", "ru", "ar"]


def test_a_model_file_laid_out_otherwise_is_loaded_by_py3langid_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unknown_layout(_values: object) -> array[int]:
        raise KeyError("nextmove")

    monkeypatch.setattr(language_model, "stepwise_array", unknown_layout)
    identifier = load_identifier()
    assert identifier.classify(SAMPLES[1])[0] == "ja"


def test_the_unpacked_model_is_kept_private_and_read_from_the_cache_at_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_identifier(tmp_path)
    (cached,) = tmp_path.iterdir()
    assert cached.name.startswith(language_model.CACHED_PREFIX)
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600

    def no_unpacking(*_args: object) -> None:
        raise AssertionError("unpacked again although a cached copy was there")

    monkeypatch.setattr(language_model, "_unpack", no_unpacking)
    again = load_identifier(tmp_path)
    assert again.tk_nextmove == first.tk_nextmove
    assert again.classify(SAMPLES[2]) == first.classify(SAMPLES[2])


def test_a_damaged_cached_copy_is_unpacked_again_and_an_older_one_removed(
    tmp_path: Path,
) -> None:
    load_identifier(tmp_path)
    (cached,) = tmp_path.iterdir()
    whole = cached.stat().st_size
    with cached.open("r+b") as file:
        file.truncate(whole // 3)  # a copy cut short (the disk filled up, a crash)
    older = tmp_path / f"{language_model.CACHED_PREFIX}0.1-1-1.npz"
    older.write_bytes(b"an older desk's model")
    identifier = load_identifier(tmp_path)
    assert identifier.classify(SAMPLES[3])[0] == "ar"
    assert [path.name for path in tmp_path.iterdir()] == [cached.name]
    assert cached.stat().st_size == whole


def test_without_a_cache_directory_to_write_to_the_model_still_loads(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    identifier = load_identifier(blocked / "language-model")
    assert identifier.classify(SAMPLES[0])[0] == "en"
