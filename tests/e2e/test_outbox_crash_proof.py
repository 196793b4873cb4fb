"""Proof "Crash": a desk process killed with SIGKILL during delivery loses and doubles nothing.

The real service runs on loopback with 500 open cases. A driver process
(``outbox_crash_driver.py``: a real outbox in a database file and a real
delivery, no window) decides all 500 through its outbox; the test kills it
with SIGKILL at random moments while it delivers, starts it again each time,
and finally lets a run finish. The service must then hold exactly one
decision for each case, under the key the outbox recorded, and the outbox
must show every decision delivered. The kill moments are placed by progress,
not by the clock (a delivery faster than a guessed moment would otherwise
be over before the kill): each run is killed once the outbox file shows a
number of delivered decisions drawn, with a small random delay after it,
from a seeded generator; set ``REVIEWDESK_CRASH_SEED`` to replay a failing
run's seed.
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from outbox_service import AGENT, bulk_community, open_case_ids, recorded_decisions, running_service

import reviewdesk
from reviewdesk.backends.http import HttpBackend
from reviewdesk.store.local_db import open_local_database
from reviewdesk.store.outbox import Outbox, OutboxOwner, OutboxState

CASES = 500
KILLS = 6
DRIVER = Path(__file__).with_name("outbox_crash_driver.py")
#: The whole proof (kills and the final run) must end within this many seconds.
BUDGET_S = 60.0


def driver_environment() -> dict[str, str]:
    """The test's environment, with this checkout first on the driver's import path."""
    root = str(Path(reviewdesk.__file__).resolve().parents[1])
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [root, *filter(None, [environment.get("PYTHONPATH")])]
    )
    return environment


class Driver:
    """One run of the driver process, its output read as it comes."""

    def __init__(self, arguments: list[str], log: Path) -> None:
        self.log = log
        self._stderr = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), *arguments],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=driver_environment(),
        )
        self.lines: list[str] = []
        self._selector = selectors.DefaultSelector()
        assert self.process.stdout is not None
        self._selector.register(self.process.stdout, selectors.EVENT_READ)

    def wait_for(self, line: str, timeout: float) -> bool:
        """True once the driver printed ``line``; False when it ended or time ran out first."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while line not in self.lines:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._selector.select(remaining):
                return False
            text = self.process.stdout.readline()
            if not text:
                return False
            self.lines.append(text.decode().strip())
        return True

    def kill(self) -> bool:
        """SIGKILL the driver; True when it was still running."""
        running = self.process.poll() is None
        if running:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        return running

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self._selector.close()
        assert self.process.stdout is not None
        self.process.stdout.close()
        self._stderr.close()


def delivered_count(path: Path) -> int:
    """How many decisions the outbox file shows delivered (read only, beside the writer)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0) as connection:
            (count,) = connection.execute(
                "SELECT count(*) FROM outbox WHERE state = ?", (OutboxState.DELIVERED.value,)
            ).fetchone()
    except sqlite3.OperationalError:  # not created yet
        return 0
    return int(count)


def kill_after_delivered(driver: Driver, database: Path, target: int, delay_s: float) -> bool:
    """Kill ``driver`` ``delay_s`` after the outbox shows ``target`` delivered; True if it ran."""
    deadline = time.monotonic() + 30.0
    while time.monotonic() < deadline and driver.process.poll() is None:
        if delivered_count(database) >= target:
            break
        time.sleep(0.002)
    time.sleep(delay_s)
    return driver.kill()


def outbox_states(path: Path, owner: OutboxOwner) -> Counter[OutboxState]:
    database = open_local_database(path)
    try:
        return Counter(entry.state for entry in Outbox(database).entries(owner))
    finally:
        database.close()


def test_killed_during_delivery_every_decision_reaches_the_service_exactly_once(
    tmp_path: Path,
) -> None:
    seed = int(os.environ.get("REVIEWDESK_CRASH_SEED", random.randrange(2**32)))
    print(f"crash proof seed: {seed} (REVIEWDESK_CRASH_SEED={seed} replays it)")
    rng = random.Random(seed)
    started = time.monotonic()
    with running_service(bulk_community(CASES), tmp_path) as service:
        with HttpBackend.login(service.url, *AGENT) as backend:
            cases = open_case_ids(backend)
            owner = OutboxOwner(backend.base_url, AGENT[0])
        assert len(cases) == CASES
        cases_file = tmp_path / "cases.txt"
        cases_file.write_text("\n".join(cases) + "\n", encoding="utf-8")
        database = tmp_path / "desk.sqlite3"
        arguments = [service.url, str(database), str(cases_file)]
        log = tmp_path / "driver.log"

        def failure(message: str) -> str:
            return f"{message} (seed {seed}; driver log: {log.read_text(errors='replace')[-2000:]})"

        kills_during_delivery = 0
        progress: list[Counter[OutboxState]] = []
        unconfirmed: list[int] = []
        # Where each run is killed: after this many delivered, spread over the whole list.
        targets = sorted(rng.sample(range(1, CASES - 50), KILLS))
        for target in targets:
            driver = Driver(arguments, log)
            try:
                assert driver.wait_for("delivering", 30), failure("the driver did not start")
                killed = kill_after_delivered(driver, database, target, rng.uniform(0.0, 0.02))
            finally:
                driver.close()
            states = outbox_states(database, owner)
            progress.append(states)
            # Recorded by the service but still pending here: the kill fell between the
            # answer and its note in the outbox; the next run replays them by key.
            unconfirmed.append(
                len(recorded_decisions(service.database_url)) - states[OutboxState.DELIVERED]
            )
            if killed and states[OutboxState.DELIVERED] < CASES:
                kills_during_delivery += 1
        print(f"outbox after each kill: {[dict(p) for p in progress]}")
        print(f"recorded but unconfirmed after each kill: {unconfirmed}")
        assert kills_during_delivery >= 3, failure(f"only {kills_during_delivery} kills hit")
        # Some kill fell after the service recorded a decision and before the outbox heard.
        assert sum(unconfirmed) > 0, failure("no kill interrupted a send")

        final = Driver(arguments, log)
        try:
            finished = final.wait_for("done", 60)
            code = final.process.wait(10) if finished else final.kill()
        finally:
            final.close()
        assert finished, failure(f"the last run did not finish: {final.lines}")
        assert code == 0, failure(f"the last run ended with {code}")
        assert time.monotonic() - started < BUDGET_S, failure("the proof ran too long")

        database_handle = open_local_database(database)
        try:
            entries = Outbox(database_handle).entries(owner)
        finally:
            database_handle.close()
        recorded = recorded_decisions(service.database_url)

    assert sorted((e.case_id for e in entries), key=int) == cases, failure("outbox cases")
    assert {e.state for e in entries} == {OutboxState.DELIVERED}, failure("not all delivered")
    per_case = Counter(decision.case_id for decision in recorded)
    doubled = sorted(case for case, count in per_case.items() if count != 1)
    assert doubled == [], failure(f"cases decided more than once: {doubled[:10]}")
    assert sorted(per_case, key=int) == cases, failure("cases without a decision")
    by_case = {decision.case_id: decision for decision in recorded}
    for entry in entries:
        decision = by_case[entry.case_id]
        assert decision.idempotency_key == entry.idempotency_key, failure(entry.case_id)
        assert decision.username == AGENT[0]
        assert entry.result is not None
        assert entry.result.id == decision.decision_id, failure(entry.case_id)
