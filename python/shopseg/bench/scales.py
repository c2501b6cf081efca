"""The scale ladder and the performance targets the benchmark checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    customers: int
    description: str


SCALES: dict[str, Scale] = {
    scale.name: scale
    for scale in (
        Scale("XS", 100, "100 customers: dbt's fixed cost with next to no data (not in the default run)"),
        Scale("S", 10_000, "10k customers (~100k orders)"),
        Scale("M", 100_000, "100k customers (~1M orders)"),
        Scale("L", 1_000_000, "1M customers (~10M orders)"),
    )
}


def parse_scales(text: str) -> list[Scale]:
    """`"s, L,M"` -> [S, M, L]: ladder order, duplicates dropped; ValueError on an unknown name."""
    names = [part.strip().upper() for part in text.split(",") if part.strip()]
    if not names:
        raise ValueError("no scale given (choose from " + ", ".join(SCALES) + ")")
    unknown = [name for name in names if name not in SCALES]
    if unknown:
        raise ValueError(f"unknown scale {', '.join(unknown)} (choose from {', '.join(SCALES)})")
    return [scale for name, scale in SCALES.items() if name in names]


GB = 1_000_000_000  # decimal units throughout: 6 GB = 6e9 bytes


@dataclass(frozen=True)
class Target:
    """A metric of one scale must be at most `limit`."""

    scale: str
    metric: str  # key in the measured metrics (finish_checks in cli.py)
    limit: float
    label: str


# The "done when" figures of the performance work (docs/performance.md).
TARGETS: tuple[Target, ...] = (
    Target("XS", "full_build_seconds", 8, "XS: full build with data tests <= 8 s"),
    Target("M", "full_over_scan_floor", 20, "M: full build <= 20x scan floor"),
    Target("M", "full_over_copy_floor", 3, "M: full build <= 3x copy floor"),
    Target("M", "rfm_chain_build_over_pandas", 1, "M: RFM chain build no slower than pandas"),
    Target("M", "incremental_day_over_models_only", 0.1, "M: incremental day <= 10% of the models-only build"),
    Target("L", "full_build_seconds", 600, "L: full build with data tests <= 10 min"),
    Target("L", "peak_rss_bytes", 6 * GB, "L: peak memory <= 6 GB"),
)


@dataclass
class Check:
    scale: str
    metric: str
    label: str
    limit: float
    value: float | None  # None: not measured (the build failed)
    status: str  # PASS, MISS


def check_targets(scale: str, metrics: dict[str, float | None]) -> list[Check]:
    """The targets of `scale` checked against its measured metrics; a missing value is a MISS."""
    checks = []
    for target in TARGETS:
        if target.scale != scale:
            continue
        value = metrics.get(target.metric)
        passed = value is not None and value <= target.limit
        checks.append(Check(scale, target.metric, target.label, target.limit, value, "PASS" if passed else "MISS"))
    return checks
