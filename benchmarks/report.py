"""Shared output of every benchmark: figures beside their targets, optional JSON."""

from __future__ import annotations

import argparse
import json
import statistics
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure and the target it is judged against."""

    name: str
    value: float
    unit: str
    #: None: shown for comparison only, judged against nothing.
    target: float | None
    better: str = "lower"

    @property
    def met(self) -> bool:
        """True when the value is on the right side of the target (or there is none)."""
        if self.target is None:
            return True
        return self.value <= self.target if self.better == "lower" else self.value >= self.target


def percentile(samples: list[float], share: float) -> float:
    """The ``share`` (0..1) percentile of ``samples`` by linear interpolation."""
    if not samples:
        raise ValueError("no samples")
    if len(samples) == 1:
        return samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    index = min(98, max(0, round(share * 100) - 1))
    return cuts[index]


def argument_parser(description: str) -> argparse.ArgumentParser:
    """The command line every benchmark accepts (``--json FILE`` plus its own)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    return parser


def report(title: str, figures: list[Figure], json_path: Path | None) -> None:
    """Print the figures beside their targets and write them as JSON if asked."""
    print(title)
    width = max(len(f.name) for f in figures)
    for f in figures:
        sign = "<=" if f.better == "lower" else ">="
        verdict = "ok" if f.met else "MISSED"
        judged = f"target {sign} {f.target:g} {f.unit}  {verdict}" if f.target is not None else ""
        print(f"  {f.name:<{width}}  {f.value:>10.2f} {f.unit:<3}  {judged}".rstrip())
    if json_path is not None:
        data = {
            f.name: {"value": f.value, "unit": f.unit, "target": f.target, "better": f.better}
            for f in figures
        }
        json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
