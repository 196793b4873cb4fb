"""Demo communities generated once per test session (generation draws screenshots)."""

from __future__ import annotations

import pytest
from demo_replay import NOW, SMALL_OPEN_CASES

from reviewdesk.server.demo.generator import DemoPlan, plan_community


@pytest.fixture(scope="session")
def small_plan() -> DemoPlan:
    """The community the tests of the desk use: 20 open cases."""
    return plan_community(seed=11, open_cases=SMALL_OPEN_CASES, now=NOW)


@pytest.fixture(scope="session")
def full_plan() -> DemoPlan:
    """The community ``reviewdesk --demo`` starts with: default seed and size."""
    return plan_community(now=NOW)
