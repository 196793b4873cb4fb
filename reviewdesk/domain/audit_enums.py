"""The closed vocabularies of the decision log, second reviews and quality samples."""

from __future__ import annotations

from enum import StrEnum


class LogEntryKind(StrEnum):
    """What a decision-log entry records."""

    DECISION = "decision"
    REVIEW = "review"
    #: A senior reversed the batch the decision belonged to (one entry per reversed decision).
    REVERSAL = "reversal"


class ReviewVerdict(StrEnum):
    """A senior's second review of a decision."""

    CONFIRM = "confirm"
    OVERTURN = "overturn"


class LogSort(StrEnum):
    """The order of the decision log: log order (which is time order), newest or oldest first."""

    NEWEST = "newest"
    OLDEST = "oldest"


class AgeBucket(StrEnum):
    """How long an undecided case has waited, in the queue-age statistics."""

    UNDER_1H = "under_1h"
    UNDER_4H = "1h_to_4h"
    UNDER_24H = "4h_to_24h"
    UNDER_72H = "24h_to_72h"
    OVER_72H = "over_72h"
