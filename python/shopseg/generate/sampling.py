"""Vectorised random-sampling helpers on top of ``numpy.random.Generator``."""

from __future__ import annotations

import numpy as np

from .reference import normalised


def categorical(rng: np.random.Generator, weights, size: int) -> np.ndarray:
    """``size`` draws of category indices with the given (unnormalised) weights."""
    cum = np.cumsum(normalised(weights))
    cum[-1] = 1.0
    return np.searchsorted(cum, rng.random(size), side="right").astype(np.int64)


def categorical_by_row(rng: np.random.Generator, table, rows: np.ndarray) -> np.ndarray:
    """One draw per element of ``rows`` from the distribution ``table[row]``.

    ``table`` is a (groups x categories) array of weights; each row is
    normalised separately. Rows with all-zero weight never get drawn from.
    """
    probs = np.asarray(table, dtype=np.float64)
    probs = probs / probs.sum(axis=1, keepdims=True)
    n_groups, n_cats = probs.shape
    # Shift each group's cumulative distribution into [g, g + 1] so that a
    # single searchsorted serves all groups.
    cum = np.cumsum(probs, axis=1)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(n_groups)[:, None]).ravel()
    u = rows + rng.random(len(rows)) * (1 - 1e-12)
    pos = np.searchsorted(flat, u, side="right")
    return (pos - rows * n_cats).astype(np.int64)


def group_starts(counts: np.ndarray) -> np.ndarray:
    """Offset of each group in a flat array laid out group after group."""
    starts = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    return starts


def position_in_group(counts: np.ndarray) -> np.ndarray:
    """0, 1, ... within each group, for a flat array laid out group after group."""
    total = int(counts.sum())
    owner_start = np.repeat(group_starts(counts), counts)
    return np.arange(total, dtype=np.int64) - owner_start


def exclusive_group_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sum of the earlier values of the same group (0 for each group's first)."""
    if len(values) == 0:
        return values.copy()
    before = np.cumsum(values) - values
    starts = np.minimum(group_starts(counts), len(values) - 1)
    return before - np.repeat(before[starts], counts)


def lognormal_median(rng: np.random.Generator, median: float, sigma: float, size) -> np.ndarray:
    """Log-normal draws parameterised by their median."""
    return median * np.exp(sigma * rng.standard_normal(size))


def text_vocabulary(options) -> list[str]:
    """All texts of per-row ``(text, weight)`` option lists, flattened in order."""
    return [text for row in options for text, _ in row]


def choose_text(rng: np.random.Generator, options, rows: np.ndarray) -> np.ndarray:
    """Per element of ``rows``, an index into ``text_vocabulary(options)`` drawn from ``options[row]``."""
    sizes = np.array([len(row) for row in options])
    table = np.zeros((len(options), sizes.max()))
    for i, row in enumerate(options):
        table[i, : len(row)] = [weight for _, weight in row]
    return group_starts(sizes)[rows] + categorical_by_row(rng, table, rows)
