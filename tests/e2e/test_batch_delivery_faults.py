"""Batches through faults: the desk delivers 400 decisions via ``POST /v1/decisions/batch``.

The same network as the single-post proof in ``test_delivery_faults.py`` (its
service fixture: the server in its own process behind a fault proxy): a 429,
two answers replaced by a 500 after the service recorded the batch, and a cut
connection. Every decision arrives exactly once under the outbox's key, a
lost answer replays the whole batch, and the event loop never stands still
for 100 ms while hundreds of entries are settled at once.
"""

from __future__ import annotations

import gc
import json
import time
import uuid

import pytest
from e2e_support import SENIOR, ProxiedService, wait_outbox_open, wait_until_decidable
from event_loop_watch import EventLoopWatch
from fault_proxy import Fault, FaultProxy
from pytestqt.qtbot import QtBot
from test_delivery_faults import (
    BATCH_PATH,
    DECISIONS_PATH,
    DELIVERY_DEADLINE_S,
    all_delivered,
    assert_never_stalled,
    open_unclaimed_cases,
    service,  # noqa: F401 (the fixture: server process behind a fault proxy)
    settle_before_measuring,
)

from reviewdesk.api.models import DecisionIn
from reviewdesk.domain.enums import Outcome
from reviewdesk.store.outbox import OutboxState
from reviewdesk.ui.case.language_tags import warm_up
from reviewdesk.ui.decision_panel import DecisionDraft
from reviewdesk.ui.desk_app import Desk

pytestmark = pytest.mark.e2e

#: Decisions of the proof (the service fixture seeds 520 open cases).
BATCH_DECISIONS = 400


def posts_seen(proxy: FaultProxy) -> str:
    """The decision posts the proxy read, in order: batch size or "1", and the fault applied."""
    described = []
    for seen in proxy.seen("POST", f"{BATCH_PATH}|{DECISIONS_PATH}"):
        size = str(len(json.loads(seen.body)["items"])) if seen.path.endswith("batch") else "1"
        fault = seen.fault
        if fault is not None:
            size += f" ({'reset' if fault.reset else fault.status})"
        described.append(size)
    return "decision posts: " + ", ".join(described)


def test_batches_arrive_exactly_once_through_faults_and_the_gui_never_stalls(
    qtbot: QtBot,
    desk: Desk,
    service: ProxiedService,  # noqa: F811 (the imported fixture)
) -> None:
    """The same proof through ``POST /v1/decisions/batch``: a lost answer replays the batch."""
    shown = wait_until_decidable(qtbot, desk.window)
    cases = [c for c in open_unclaimed_cases(service, BATCH_DECISIONS + 1) if c.id != shown]
    cases = cases[:BATCH_DECISIONS]
    outbox = desk.outbox
    wait_outbox_open(qtbot, desk.window)
    presenter = desk.window.outbox_presenter
    assert presenter is not None
    proxy = service.proxy
    post = {"path": BATCH_PATH, "method": "POST"}
    # The faults take the first four batch requests the proxy reads, whatever their
    # timing: 400 decisions cannot arrive without them. Delivery posts single
    # decisions only to probe a service that failed three times in a row (and
    # goes back to batches at the first answer), and each failed batch stays
    # pending as a whole: after the three failures at least 200 decisions still
    # need a batch request, which the fourth fault cuts.
    proxy.add(Fault(**post, status=429, forward=False, headers={"Retry-After": "1"}, times=1))
    proxy.add(Fault(**post, status=500, times=2))  # recorded, then "failed": replayed
    proxy.add(Fault(**post, reset=True, times=1))  # recorded, connection cut
    drafts = [
        DecisionDraft(case.id, DecisionIn(outcome=Outcome.NO_VIOLATION), uuid.uuid4().hex)
        for case in cases
    ]
    keys = {draft.case_id: draft.idempotency_key for draft in drafts}
    warm_up()  # the desk's start-up loading (language model, suffix list) is done first
    gc.collect()
    gc.freeze()
    settle_before_measuring(qtbot, desk)
    watch = EventLoopWatch()
    watch.start()
    # Saved before the loop looks at the counts: a count read before the save says
    # "nothing waits" and would end the proof before a single batch was sent.
    with qtbot.waitSignal(outbox.queued, timeout=30_000):
        assert outbox.submit_many(drafts, batch_id=uuid.uuid4().hex)
    started = time.monotonic()
    while True:
        qtbot.wait(50)
        if presenter.counts.waiting == 0 and watch.ticks > 2 and all_delivered(qtbot, desk):
            break
        assert time.monotonic() - started < DELIVERY_DEADLINE_S, (
            f"still waiting: {presenter.counts}"
        )
    watch.stop()
    gc.unfreeze()

    assert presenter.counts.problems == 0
    assert_never_stalled(watch)
    applied = [seen.fault for seen in proxy.seen("POST", BATCH_PATH) if seen.fault]
    posts = posts_seen(proxy)
    assert sorted(str(f.status) for f in applied if f.status) == ["429", "500", "500"], posts
    assert any(f.reset for f in applied), posts
    assert proxy.faults() == [], "every fault was used"
    # Batches carried the decisions; a held-back service is probed one decision at a time.
    assert len(proxy.seen("POST", DECISIONS_PATH)) < BATCH_DECISIONS // 10
    assert outbox.outbox is not None
    assert outbox.owner is not None
    entries = outbox.outbox.entries(outbox.owner)
    assert {e.case_id: e.idempotency_key for e in entries} == keys
    assert {e.state for e in entries} == {OutboxState.DELIVERED}
    with service.upstream.sign_in(SENIOR) as senior:
        for case in cases:
            decisions = senior.get_case(case.id).decisions
            assert [d.idempotency_key for d in decisions] == [keys[case.id]], case.id
