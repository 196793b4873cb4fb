"""What the desk was asked to start with: the demo's size and account, or a real service.

Plain data, cheap to import: the command line builds it before Qt or the
embedded server are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_DEMO_USER = "agent"
DEFAULT_OPEN_CASES = 300
DEFAULT_SEED = 7


@dataclass(frozen=True)
class DemoOptions:
    """How big a demo to generate and whom to sign in as."""

    open_cases: int = DEFAULT_OPEN_CASES
    seed: int = DEFAULT_SEED
    username: str = DEFAULT_DEMO_USER


@dataclass(frozen=True)
class StartOptions:
    """The embedded demo (``demo``) or a real service (``url``, else the remembered one)."""

    demo: bool = False
    demo_options: DemoOptions = field(default_factory=DemoOptions)
    url: str | None = None
    #: The desk's own database (outbox, case cache); None: the user's data
    #: directory, or, for the demo, a file that lives as long as the demo.
    database: str | None = None
