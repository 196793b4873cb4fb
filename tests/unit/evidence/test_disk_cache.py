"""The evidence disk cache: owner-only files, stripped pixels, LRU by size, atomic and tolerant."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from reviewdesk.evidence import disk_cache
from reviewdesk.evidence.disk_cache import CachedFacts, EvidenceCache, default_cache_directory
from reviewdesk.evidence.images import DecodedImage, decode_image
from reviewdesk.evidence.integrity import sha256_hex

FACTS = CachedFacts("JPEG", "RGB", 1234)
SECRET_TEXT = b"GPS 48.8584N 2.2945E owner=lena"


class Clock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def picture(
    width: int = 40, height: int = 30, colour: tuple[int, int, int] = (200, 30, 40)
) -> DecodedImage:
    return DecodedImage(width, height, Image.new("RGB", (width, height), colour), "PNG")


def noisy(side: int) -> DecodedImage:
    """An image that does not compress, so its size on disk is predictable (~3 bytes/pixel)."""
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    return DecodedImage(side, side, image, "PNG")


def key(n: int) -> str:
    return f"{n:064x}"


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "evidence"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that takes nothing away: any mode wider than 0600/0700 would show."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_directory_is_inside_the_users_cache_directory() -> None:
    cache_home = Path(os.environ["XDG_CACHE_HOME"])  # private to each test (tests/conftest.py)
    assert default_cache_directory().is_relative_to(cache_home)
    assert EvidenceCache().directory == default_cache_directory()


def test_directory_and_files_are_owner_only_even_with_an_open_umask(
    directory: Path, open_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = EvidenceCache(directory)
    created: list[tuple[str, int]] = []
    real_open = os.open

    def recording_open(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            created.append((os.fspath(path), mode))
        return real_open(path, flags, mode)

    monkeypatch.setattr(disk_cache.os, "open", recording_open)
    assert cache.put(key(1), FACTS, picture())
    assert mode(directory) == 0o700
    entry = directory / f"{key(1)}.evidence"
    assert mode(entry) == 0o600
    # The temporary file was created 0600 from its first moment (never wider, then narrowed).
    assert created
    assert all(requested == 0o600 for _path, requested in created)


def test_a_directory_made_earlier_with_wider_rights_is_narrowed(directory: Path) -> None:
    directory.mkdir(parents=True)
    directory.chmod(0o755)
    assert EvidenceCache(directory).put(key(2), FACTS, picture())
    assert mode(directory) == 0o700


def test_a_symlink_in_place_of_the_directory_is_never_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "evidence"
    link.symlink_to(elsewhere, target_is_directory=True)
    cache = EvidenceCache(link)
    assert not cache.put(key(3), FACTS, picture())
    assert list(elsewhere.iterdir()) == []


def test_an_entry_round_trips_its_facts_preview_and_full_pixels(directory: Path) -> None:
    cache = EvidenceCache(directory)
    full, preview = picture(80, 60, (10, 200, 30)), picture(20, 15, (10, 200, 30))
    assert cache.put(key(4).upper(), FACTS, full, preview)  # advertised hashes may be upper case
    entry = cache.get(key(4))
    assert entry is not None
    assert entry.facts == FACTS
    assert (entry.width, entry.height) == (80, 60)
    assert decode_image(entry.preview_png).picture.size == (20, 15)
    full_png = cache.full_png(key(4))
    assert full_png is not None
    back = decode_image(full_png)
    assert back.picture.size == (80, 60)
    assert back.picture.getpixel((5, 5)) == (10, 200, 30)  # lossless


@pytest.mark.parametrize("bad", ["../../etc/passwd", "abc", "g" * 64, key(5) + "/x", ""])
def test_a_key_that_is_not_a_sha256_is_never_a_path(directory: Path, bad: str) -> None:
    cache = EvidenceCache(directory)
    assert not cache.put(bad, FACTS, picture())
    assert cache.get(bad) is None
    assert not directory.exists() or list(directory.iterdir()) == []


def test_only_stripped_pixels_reach_the_disk(directory: Path) -> None:
    source = Image.new("RGB", (64, 48), (90, 90, 200))
    exif = source.getexif()
    exif[0x010E] = SECRET_TEXT.decode()  # ImageDescription
    exif[0x0131] = "SecretCam 3000"  # Software
    jpeg = io.BytesIO()
    source.save(jpeg, "JPEG", exif=exif.tobytes(), icc_profile=b"ICCSECRET" * 20)
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", SECRET_TEXT.decode())
    png = io.BytesIO()
    source.save(png, "PNG", pnginfo=text)
    cache = EvidenceCache(directory)
    for number, data in enumerate((jpeg.getvalue(), png.getvalue()), start=10):
        assert SECRET_TEXT in data or b"SecretCam" in data
        decoded = decode_image(data)
        assert cache.put(key(number), FACTS, decoded, decoded.reduced(2))
    for entry in directory.iterdir():
        raw = entry.read_bytes()
        for marker in (
            SECRET_TEXT,
            b"SecretCam",
            b"ICCSECRET",
            b"Exif",
            b"tEXt",
            b"iTXt",
            b"zTXt",
            b"eXIf",
            b"iCCP",
        ):
            assert marker not in raw, f"{marker!r} written to the cache"


def test_least_recently_used_entries_go_first_when_the_cap_is_passed(directory: Path) -> None:
    clock = Clock()
    probe = EvidenceCache(directory / "probe", clock=clock)
    probe.put(key(99), FACTS, noisy(64))
    entry_size = probe.total_bytes()
    cache = EvidenceCache(directory, max_bytes=int(entry_size * 3.5), clock=clock)
    for number in (1, 2, 3):
        clock.now += 10
        assert cache.put(key(number), FACTS, noisy(64))
    clock.now += 10
    assert cache.get(key(1)) is not None  # 1 is used again: 2 is now the least recent
    clock.now += 10
    assert cache.put(key(4), FACTS, noisy(64))
    assert cache.get(key(2)) is None
    assert all(cache.get(key(n)) is not None for n in (1, 3, 4))
    assert cache.total_bytes() <= cache.max_bytes
    assert len(cache) == 3


def test_an_entry_larger_than_the_whole_cap_is_not_written(directory: Path) -> None:
    cache = EvidenceCache(directory, max_bytes=2000)
    assert not cache.put(key(6), FACTS, noisy(64))
    assert len(cache) == 0


def test_a_failed_write_leaves_neither_entry_nor_temporary_file(
    directory: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = EvidenceCache(directory)
    assert cache.put(key(7), FACTS, picture(colour=(1, 2, 3)))
    before = (directory / f"{key(7)}.evidence").read_bytes()

    def no_rename(_source: object, _target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(disk_cache.os, "replace", no_rename)
    assert not cache.put(key(7), FACTS, picture(colour=(200, 200, 200)))
    assert not cache.put(key(8), FACTS, picture())
    # The old entry is intact (a reader never sees a half-written one) and no temp file is left.
    assert sorted(p.name for p in directory.iterdir()) == [f"{key(7)}.evidence"]
    assert (directory / f"{key(7)}.evidence").read_bytes() == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw[:-40] + bytes(b ^ 0xFF for b in raw[-40:]),  # pixels flipped
        lambda raw: b"garbage" + raw,  # not the desk's header
        lambda raw: raw[:12] + b"{{{{" + raw[16:],  # header broken
        lambda raw: b"",
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_dropped(directory: Path, damage: object) -> None:
    cache = EvidenceCache(directory)
    cache.put(key(9), FACTS, picture(), picture(10, 8))
    path = directory / f"{key(9)}.evidence"
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(key(9)) is None or cache.full_png(key(9)) is None
    assert not path.exists()


def test_a_deleted_entry_or_directory_is_a_miss(directory: Path) -> None:
    cache = EvidenceCache(directory)
    cache.put(key(11), FACTS, picture())
    (directory / f"{key(11)}.evidence").unlink()
    assert cache.get(key(11)) is None
    assert cache.full_png(key(11)) is None
    directory.rmdir()
    assert cache.get(key(11)) is None
    assert cache.put(key(11), FACTS, picture())  # made again when needed


def test_purge_removes_every_entry_and_stops_writes_begun_before_it(directory: Path) -> None:
    cache = EvidenceCache(directory)
    for number in range(3):
        cache.put(key(number + 20), FACTS, picture())
    (directory / ".tmp-left-over").write_bytes(b"half")
    generation = cache.generation
    assert cache.purge() == 4
    assert list(directory.iterdir()) == []
    # A write prepared before the purge (an old session's) is not made after it.
    assert not cache.put(key(30), FACTS, picture(), generation=generation)
    assert list(directory.iterdir()) == []
    assert cache.put(key(30), FACTS, picture(), generation=cache.generation)


def test_the_key_is_the_advertised_hash_of_the_original_bytes(directory: Path) -> None:
    data = b"any bytes at all"
    cache = EvidenceCache(directory)
    assert cache.put(sha256_hex(data), FACTS, picture())
    assert (directory / f"{sha256_hex(data)}.evidence").exists()
