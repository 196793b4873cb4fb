"""The decision log's hash chain: canonical JSON and the hash of one entry.

Each entry of the log carries the hash of the entry before it and its own
hash, SHA-256 over that previous hash, a newline, and the canonical JSON of
the entry's chained fields (exactly as the log endpoint returns them). The
service computes it when it appends an entry; anyone holding a contiguous
run of entries can recompute it and find the first one that was changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

#: The "previous hash" of the very first entry of a log.
GENESIS_HASH = "0" * 64


def canonical_json(fields: Mapping[str, object]) -> str:
    """``fields`` as JSON with sorted keys, no spaces and unescaped Unicode."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, fields: Mapping[str, object]) -> str:
    """The hash of an entry with chained ``fields`` whose predecessor's hash is ``prev_hash``."""
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_json(fields).encode("utf-8"))
    return digest.hexdigest()
