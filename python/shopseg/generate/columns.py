"""Build Arrow columns of the contract types from numpy arrays, without Python loops."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

TIMESTAMP = pa.timestamp("us")


# "0000".."9999" as little-endian 32-bit words, so four digits are written by one gather.
_FOUR_DIGITS = np.frombuffer("".join(f"{i:04d}" for i in range(10_000)).encode(), dtype=np.uint32)


def id_strings(prefix: str, numbers: np.ndarray, width: int = 0) -> pa.Array:
    """Ids such as ``O0001234``: a prefix and a zero-padded non-negative number.

    Built directly as an Arrow string buffer (all ids share one length: the
    larger of ``width`` and the longest number), which is several times faster
    than casting and padding through pyarrow.compute on millions of rows.
    """
    numbers = np.asarray(numbers, dtype=np.int64)
    n = len(numbers)
    digits = max(width, len(str(int(numbers.max()))) if n else 1)
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    row = len(head) + digits
    if n * row >= 2**31:
        raise ValueError("too many ids for a 32-bit-offset string column")
    groups = -(-digits // 4)
    words = np.empty((n, groups), dtype=np.uint32)
    rest = numbers.copy()
    for g in range(groups - 1, -1, -1):
        words[:, g] = _FOUR_DIGITS[rest % 10_000]
        rest //= 10_000
    data = np.empty((n, row), dtype=np.uint8)
    data[:, : len(head)] = head
    data[:, len(head):] = words.view(np.uint8)[:, groups * 4 - digits:]
    offsets = np.arange(0, (n + 1) * row, row, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def numbers_as_text(numbers: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Integers written as plain text (``17850``); null where ``mask`` is true."""
    return pc.cast(pa.array(np.asarray(numbers, dtype=np.int64), mask=mask), pa.string())


def pick(vocabulary: Sequence[str | None] | pa.Array, index: np.ndarray) -> pa.Array:
    """``vocabulary[index]`` as a string array; negative indices give null."""
    vocab = vocabulary if isinstance(vocabulary, pa.Array) else pa.array(list(vocabulary), pa.string())
    index = np.asarray(index, dtype=np.int64)
    missing = index < 0
    return vocab.take(pa.array(index, mask=missing if missing.any() else None))


def money(cents: np.ndarray, mask: np.ndarray | None = None, precision: int = 12) -> pa.Array:
    """Decimal(precision, 2) column from integer cents, built straight from buffers."""
    cents = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63  # sign extension of the 128-bit two's complement value
    validity = None
    if mask is not None and mask.any():
        validity = pa.array(~mask).buffers()[1]
    return pa.Array.from_buffers(pa.decimal128(precision, 2), len(cents),
                                 [validity, pa.py_buffer(words.tobytes())])


def timestamps(seconds: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """``timestamp[us]`` (naive, meaning UTC) from epoch seconds."""
    micros = np.asarray(seconds, dtype=np.int64) * 1_000_000
    return pa.array(micros, type=TIMESTAMP, mask=mask if mask is not None and mask.any() else None)


def dates(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """``date32`` from days since the epoch."""
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32(),
                    mask=mask if mask is not None and mask.any() else None)


def integers(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """``int64`` column."""
    return pa.array(np.asarray(values, dtype=np.int64),
                    mask=mask if mask is not None and mask.any() else None)


def join_nonnull(parts: Sequence[pa.Array], separator: str | pa.Array) -> pa.Array:
    """Join string columns element-wise, skipping nulls; all-null rows stay null.

    (``binary_join_element_wise(null_handling="skip")`` drops all-null rows in
    pyarrow 26, so the join is folded pairwise with ``coalesce`` instead.)
    """
    result = parts[0]
    for part in parts[1:]:
        result = pc.coalesce(concat(result, separator, part), result, part)
    return result


def concat(*parts: str | pa.Array) -> pa.Array:
    """Concatenate strings element-wise (scalars broadcast); null if any part is null."""
    return pc.binary_join_element_wise(*parts, "")


def seconds_of(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Epoch seconds of a ``timestamp[us]`` column without nulls."""
    micros = pc.cast(column, pa.int64()).to_numpy(zero_copy_only=False)
    return micros // 1_000_000
