"""The palette's queue search (worker side): same ranking as one plain list, capped, cancellable."""

from __future__ import annotations

from shell_fakes import make_summary

from reviewdesk.ui.palette_search import (
    EntryKind,
    QueueSearcher,
    SnapshotBuilder,
    rank_entries,
    search_queue,
)

ROWS = [
    make_summary(
        n,
        preview=f"Practice call {n % 7} with Lena, lessons cheap" if n % 3 else "",
        **({"id": str(1000 + n)} if n % 4 == 0 else {}),
    )
    for n in range(900)
]
#: Broad and narrow queries; "1", "c", "10" and "case-0" fill the best 50 with prefixes.
QUERIES = ("", "1", "c", "10", "le", "lena", "ca 1", "case 42", "case-0", "lf", "m-2", "кс", "z")


def keys(ranked: list[tuple[int, int, object]]) -> list[tuple[int, int]]:
    return [(score, order) for score, order, _entry in ranked]


def test_the_worker_search_ranks_exactly_like_one_plain_list_of_entries() -> None:
    snapshot = SnapshotBuilder().build(ROWS)
    entries = snapshot.entries()
    for query in QUERIES:
        answer = search_queue(snapshot, query, limit=50)
        assert answer is not None
        plain, count = rank_entries(query, entries, limit=50)
        assert answer.count == count, query
        assert keys(list(answer.matches)) == keys(plain), query
        assert [entry for *_key, entry in answer.matches] == [entry for *_key, entry in plain]


def test_only_the_best_are_kept_but_every_match_is_counted() -> None:
    snapshot = SnapshotBuilder().build(ROWS)
    answer = search_queue(snapshot, "case", limit=10)
    assert answer is not None
    assert len(answer.matches) == 10
    assert answer.count == sum(1 for row in ROWS if row.id.startswith("case-"))
    scores = [score for score, _order, _entry in answer.matches]
    assert scores == sorted(scores, reverse=True)


def test_a_search_overtaken_by_a_newer_query_gives_up() -> None:
    snapshot = SnapshotBuilder().build(ROWS)
    assert search_queue(snapshot, "le", stale=lambda: True) is None
    searcher = QueueSearcher()
    searcher.load(ROWS)
    searcher.newest = 2
    assert searcher.search("le", 1) is None
    answer = searcher.search("le", 2)
    assert answer is not None
    assert answer.generation == 2


def test_a_grown_queue_prepares_only_its_new_and_changed_rows() -> None:
    builder = SnapshotBuilder()
    first = builder.build(ROWS[:500])
    changed = ROWS[3].model_copy(update={"preview": "A new text"})
    second = builder.build([*ROWS[:3], changed, *ROWS[4:600]])
    assert all(second.cases[n] is first.cases[n] for n in range(500) if n != 3)
    assert second.cases[3] is not first.cases[3]
    assert second.cases[3].fields[2] == "a new text"
    assert len(second.cases) == 600
    members = {entry.key: entry for entry in second.entries() if entry.kind is EntryKind.MEMBER}
    assert members["m-0"].detail.endswith("100 cases in the queue")


def test_the_same_rows_give_the_same_snapshot_and_a_next_page_extends_it() -> None:
    builder = SnapshotBuilder()
    first = builder.build(ROWS[:300])
    assert builder.build(list(ROWS[:300])) is first
    grown = builder.build(ROWS[:450])
    assert grown.cases[:300] == first.cases
    assert [case.summary.id for case in grown.cases] == [row.id for row in ROWS[:450]]
    # Members are counted over every row, as when built in one go.
    fresh = SnapshotBuilder().build(ROWS[:450])
    assert [entry.detail for entry in grown.entries()] == [
        entry.detail for entry in fresh.entries()
    ]
    # Rows taken out (decided cases) rebuild the counts.
    shrunk = builder.build(ROWS[:100])
    assert len(shrunk.cases) == 100
    assert sum(member.count for member in shrunk.members) == 100
