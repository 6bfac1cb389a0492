"""Just enough CBOR (RFC 8949) to read and rewrite Pagefind's index files: definite lengths,
integers, byte and text strings, arrays and maps, in the shortest forms, as Pagefind writes them."""

from __future__ import annotations

import struct


def decode(data: bytes):
    value, end = _item(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the CBOR item")
    return value


def _length(data: bytes, at: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, at
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError(f"unsupported CBOR length (additional information {info})")
    return int.from_bytes(data[at:at + size], "big"), at + size


def _item(data: bytes, at: int):
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if major == 7:  # simple values and floats
        if info in (20, 21):
            return info == 21, at
        if info == 22:
            return None, at
        if info == 27:
            return struct.unpack(">d", data[at:at + 8])[0], at + 8
        if info == 26:
            return struct.unpack(">f", data[at:at + 4])[0], at + 4
        raise ValueError(f"unsupported CBOR simple value {info}")
    n, at = _length(data, at, info)
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major == 2:
        return bytes(data[at:at + n]), at + n
    if major == 3:
        return data[at:at + n].decode("utf-8"), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(n):
            key, at = _item(data, at)
            value, at = _item(data, at)
            pairs.append((key, value))
        return Map(pairs), at
    raise ValueError(f"unsupported CBOR major type {major}")


class Map(list):
    """A CBOR map, kept as its (key, value) pairs in the order written."""


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def encode(value) -> bytes:
    if isinstance(value, bool):
        return bytes([0xF5 if value else 0xF4])
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, Map):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value)
    if isinstance(value, (list, tuple)):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    raise TypeError(f"cannot encode {type(value).__name__} as CBOR")
