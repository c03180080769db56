"""Block codec: rows of integers packed as bit-packed zigzag deltas.

Raw samples are stored as integers in tenths of their unit (0.1 W, 0.1 L,
0.1 %), one block per (series, hour) holding 60 minutes. Neighbouring minutes
differ little, so a block is its first value plus the differences between
consecutive values, zigzag-mapped to unsigned and bit-packed with the
smallest width that fits the whole block. Missing values carry the previous
value forward (a zero delta, so gaps cost nothing) and are flagged in a
bitmap that is written only when the block has gaps.

Layout of one block (n values, n known to the reader):
    flags: u8        bit0 = gap bitmap present, bit1 = values divided by 10
    width: u8        bits per delta, 0..64
    base:  varint    zigzag of the first value
    mask:  ceil(n/8) bytes, only with bit0 (bit i = value i present)
    deltas: ceil((n-1)*width/8) bytes

Packing and unpacking work on many blocks at once with numpy (blocks of the
same width are handled together); only the few header bytes are per block.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

SCALE = 10  # stored integers are tenths of the unit
MAX_ABS_VALUE = 1e12  # keeps every integer, sum and delta exact in int64/float64

_HAS_MASK = 1
_DIV10 = 2
_POW2 = np.array([1 << k for k in range(64)], dtype=np.uint64)


def quantize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Float samples (NaN = missing) -> (int64 tenths, present mask)."""
    values = np.asarray(values, dtype=np.float64)
    present = ~np.isnan(values)
    if not np.all(np.abs(values[present]) <= MAX_ABS_VALUE):
        raise ValueError(f"sample values must be finite and within ±{MAX_ABS_VALUE:g}")
    q = np.zeros(values.shape, dtype=np.int64)
    q[present] = np.rint(values[present] * SCALE)
    return q, present


def dequantize(q: np.ndarray, present: np.ndarray) -> np.ndarray:
    out = q.astype(np.float64) / SCALE
    out[~present] = np.nan
    return out


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def _zigzag(d: np.ndarray) -> np.ndarray:
    return ((d << 1) ^ (d >> 63)).view(np.uint64)


def _unzigzag(z: np.ndarray) -> np.ndarray:
    return (z >> np.uint64(1)).view(np.int64) ^ -(z & np.uint64(1)).view(np.int64)


def _forward_fill(q: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Each missing value takes the last present one (leading ones: the first present)."""
    n = q.shape[1]
    idx = np.where(present, np.arange(n), -1)
    np.maximum.accumulate(idx, axis=1, out=idx)
    first = np.argmax(present, axis=1)
    idx = np.where(idx < 0, first[:, None], idx)
    return np.take_along_axis(q, idx, axis=1)


def _pack_bits(z: np.ndarray, width: int) -> np.ndarray:
    """(k, c) uint64 -> (k, ceil(c*width/8)) bytes holding the low `width` bits of each."""
    k, c = z.shape
    bits = np.unpackbits(z.astype("<u8").view(np.uint8).reshape(k, c, 8), axis=2,
                         bitorder="little")[:, :, :width]
    return np.packbits(bits.reshape(k, c * width), axis=1, bitorder="little")


def _unpack_bits(raw: np.ndarray, c: int, width: int) -> np.ndarray:
    """Inverse of `_pack_bits`: (k, nbytes) uint8 -> (k, c) uint64."""
    k = raw.shape[0]
    bits = np.unpackbits(raw, axis=1, count=c * width, bitorder="little").reshape(k, c, width)
    full = np.zeros((k, c, 64), dtype=np.uint8)
    full[:, :, :width] = bits
    return np.packbits(full, axis=2, bitorder="little").view("<u8").reshape(k, c)


def pack(q: np.ndarray, present: np.ndarray) -> list[bytes]:
    """Pack each row of int64 `q` (m, n) with its presence mask into one block."""
    q = np.asarray(q, dtype=np.int64)
    m = q.shape[0]
    if m == 0:
        return []
    filled = _forward_fill(q, present)
    div10 = np.all(filled % 10 == 0, axis=1)
    filled = np.where(div10[:, None], filled // 10, filled)
    zz = _zigzag(np.diff(filled, axis=1))
    widths = np.searchsorted(_POW2, zz.max(axis=1, initial=0), side="right")
    has_mask = ~np.all(present, axis=1)
    masks = np.packbits(present, axis=1, bitorder="little")
    payload: list[bytes] = [b""] * m
    for w in np.unique(widths).tolist():
        if w == 0:
            continue
        rows = np.flatnonzero(widths == w)
        packed = _pack_bits(zz[rows], w)
        for r, row in zip(rows.tolist(), packed, strict=True):
            payload[r] = row.tobytes()
    base = _zigzag(filled[:, 0]).tolist()
    flags = (has_mask * _HAS_MASK + div10 * _DIV10).tolist()
    out = []
    for r in range(m):
        head = bytes((flags[r], int(widths[r]))) + _varint(base[r])
        mask = masks[r].tobytes() if flags[r] & _HAS_MASK else b""
        out.append(head + mask + payload[r])
    return out


def unpack(blobs: Sequence[bytes], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of `pack` for blocks of `n` values: (int64 (m, n), present (m, n))."""
    m = len(blobs)
    q = np.zeros((m, n), dtype=np.int64)
    present = np.ones((m, n), dtype=bool)
    if m == 0:
        return q, present
    mask_len = (n + 7) // 8
    base = np.zeros(m, dtype=np.uint64)
    div10 = np.zeros(m, dtype=bool)
    by_width: dict[int, tuple[list[int], list[bytes]]] = defaultdict(lambda: ([], []))
    masked_rows: list[int] = []
    masks: list[bytes] = []
    for r, blob in enumerate(blobs):
        flags, width = blob[0], blob[1]
        b, pos = _read_varint(blob, 2)
        base[r] = b
        div10[r] = bool(flags & _DIV10)
        if flags & _HAS_MASK:
            masked_rows.append(r)
            masks.append(blob[pos:pos + mask_len])
            pos += mask_len
        if width:
            rows, payloads = by_width[width]
            rows.append(r)
            payloads.append(blob[pos:])
    deltas = np.zeros((m, n - 1), dtype=np.uint64)
    for w, (rows, payloads) in by_width.items():
        raw = np.frombuffer(b"".join(payloads), dtype=np.uint8).reshape(len(rows), -1)
        deltas[rows] = _unpack_bits(raw, n - 1, w)
    q[:, 0] = _unzigzag(base)
    q[:, 1:] = _unzigzag(deltas)
    np.cumsum(q, axis=1, out=q)
    q[div10] *= 10
    if masked_rows:
        raw = np.frombuffer(b"".join(masks), dtype=np.uint8).reshape(len(masked_rows), -1)
        present[masked_rows] = np.unpackbits(raw, axis=1, count=n, bitorder="little").astype(bool)
    q[~present] = 0
    return q, present
