"""Agreement rates computed in the desk from judged sample items (per moderator, per clause)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from reviewdesk.api.models import AgreementRate, QualityReport, SampleItem
from reviewdesk.domain.audit_math import rate


def agreement_rates(items: Iterable[SampleItem]) -> QualityReport:
    """Rates over the judged items (unjudged ones are skipped), keyed by moderator id and clause."""
    per_moderator: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_clause: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        if item.agrees is None or item.original is None:
            continue
        tallies = [per_moderator[item.original.moderator.id]]
        tallies += [per_clause[clause] for clause in sorted(set(item.original.clause_ids))]
        for tally in tallies:
            tally[0] += 1
            tally[1] += 1 if item.agrees else 0

    def rates(table: dict[str, list[int]]) -> list[AgreementRate]:
        return [
            AgreementRate(key=key, judged=judged, agreed=agreed, rate=rate(agreed, judged))
            for key, (judged, agreed) in sorted(table.items())
        ]

    return QualityReport(per_moderator=rates(per_moderator), per_clause=rates(per_clause))
