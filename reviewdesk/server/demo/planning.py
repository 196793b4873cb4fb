"""What every case planner works with: one random source, the cast and the case tools.

The history and the open queue are planned by separate planners that share
these collaborators, so both take one :class:`PlanningTools` bundle.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from reviewdesk.server.demo.cases import CaseBuilder
from reviewdesk.server.demo.cast import Cast
from reviewdesk.server.demo.decisions import Decider
from reviewdesk.server.demo.people import MemberFactory


@dataclass(frozen=True)
class PlanningTools:
    """The collaborators a case planner draws on, all driven by one ``rng``."""

    rng: random.Random
    factory: MemberFactory
    cast: Cast
    builder: CaseBuilder
    decider: Decider
    now: datetime


class Planner:
    """Base of the case planners: keeps the shared :class:`PlanningTools` at hand."""

    def __init__(self, tools: PlanningTools) -> None:
        self._rng = tools.rng
        self._factory = tools.factory
        self._cast = tools.cast
        self._builder = tools.builder
        self._decider = tools.decider
        self._now = tools.now
