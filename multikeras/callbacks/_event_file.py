"""TensorBoard event files without TensorFlow: `Event` protocol buffers,
hand-encoded, in TFRecord framing.

An event file is a sequence of records, each
`uint64 length | uint32 masked_crc32c(length) | data | uint32
masked_crc32c(data)` (little-endian), where `data` is a serialized
`tensorflow.Event`. The first event holds only `file_version`
("brain.Event:2"). The messages used, with their field numbers:

    Event:           wall_time=1 (double), step=2 (int64),
                     file_version=3 (string), summary=5 (Summary)
    Summary:         value=1 (repeated Summary.Value)
    Summary.Value:   tag=1 (string), simple_value=2 (float), image=4,
                     histo=5 (HistogramProto), tensor=8 (TensorProto),
                     metadata=9 (SummaryMetadata)
    Summary.Image:   height=1, width=2, colorspace=3 (int32),
                     encoded_image_string=4 (bytes)
    HistogramProto:  min=1, max=2, num=3, sum=4, sum_squares=5 (double),
                     bucket_limit=6, bucket=7 (packed repeated double)
    TensorProto:     dtype=1 (enum; DT_STRING=7), tensor_shape=2,
                     string_val=8 (repeated bytes)
    SummaryMetadata: plugin_data=1 (PluginData: plugin_name=1 (string),
                     content=2 (bytes))
"""

from __future__ import annotations

import itertools
import os
import socket
import struct
import threading
import time
import zlib
from typing import Any

import numpy as np

# --------------------------------------------------------------- CRC32C
_CRC_POLY = 0x82F63B78  # Castagnoli, bit-reflected


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ _CRC_POLY if crc & 1 else crc >> 1
        table.append(crc)
    return table


_CRC_TABLE = _crc_table()


def crc32c(data: bytes) -> int:
    """The CRC-32C (Castagnoli) checksum of `data`."""
    crc = 0xFFFFFFFF
    table = _CRC_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data: bytes) -> int:
    """TFRecord's masked CRC: rotated right by 15 bits plus a constant."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(data: bytes) -> bytes:
    """`data` framed as one TFRecord."""
    length = struct.pack("<Q", len(data))
    return b"".join((
        length, struct.pack("<I", masked_crc32c(length)), data,
        struct.pack("<I", masked_crc32c(data)),
    ))


# ------------------------------------------------------ protobuf writing
def _varint(value: int) -> bytes:
    if value < 0:  # int64 negatives take ten bytes, two's complement
        value += 1 << 64
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return _varint((field << 3) | wire_type)


def _int(field: int, value: int) -> bytes:
    return _key(field, 0) + _varint(int(value))


def _double(field: int, value: float) -> bytes:
    return _key(field, 1) + struct.pack("<d", float(value))


def _float(field: int, value: float) -> bytes:
    return _key(field, 5) + struct.pack("<f", float(value))


def _bytes(field: int, value: bytes | str) -> bytes:
    if isinstance(value, str):
        value = value.encode("utf-8")
    return _key(field, 2) + _varint(len(value)) + value


def _packed_doubles(field: int, values: Any) -> bytes:
    data = np.asarray(values, "<f8").tobytes()
    return _bytes(field, data)


def event(wall_time: float, step: int = 0, *, file_version: str | None = None,
          values: list[bytes] | None = None) -> bytes:
    """A serialized `Event`; `values` are serialized `Summary.Value`s."""
    out = _double(1, wall_time) + _int(2, step)
    if file_version is not None:
        out += _bytes(3, file_version)
    if values:
        out += _bytes(5, b"".join(_bytes(1, v) for v in values))
    return out


def scalar_value(tag: str, value: float) -> bytes:
    """A `Summary.Value` holding a float (`simple_value`)."""
    return _bytes(1, tag) + _float(2, value)


def histogram_value(tag: str, values: Any, buckets: int = 30) -> bytes:
    """A `Summary.Value` holding a `HistogramProto` of `values`:
    `buckets` equal-width buckets from min to max; `bucket_limit` holds
    each bucket's right edge."""
    data = np.asarray(values, np.float64).reshape(-1)
    if data.size == 0:
        low = high = 0.0
        limits, counts = np.zeros(1), np.zeros(1)
    else:
        low, high = float(data.min()), float(data.max())
        if low == high:
            limits, counts = np.array([high]), np.array([float(data.size)])
        else:
            counts, edges = np.histogram(data, bins=buckets,
                                         range=(low, high))
            limits = edges[1:]
    histo = b"".join((
        _double(1, low), _double(2, high), _double(3, data.size),
        _double(4, data.sum()), _double(5, np.square(data).sum()),
        _packed_doubles(6, limits), _packed_doubles(7, counts),
    ))
    return _bytes(1, tag) + _bytes(5, histo)


def text_tensor_value(tag: str, text: str, plugin: str,
                      content: bytes) -> bytes:
    """A `Summary.Value` holding a scalar string tensor, for `plugin`."""
    tensor = _int(1, 7) + _bytes(2, b"") + _bytes(8, text)
    metadata = _bytes(1, _bytes(1, plugin) + _bytes(2, content))
    return _bytes(1, tag) + _bytes(8, tensor) + _bytes(9, metadata)


def png(image: Any) -> bytes:
    """An 8-bit grayscale PNG of a 2-D uint8 array."""
    pixels = np.asarray(image, np.uint8)
    height, width = pixels.shape
    raw = b"".join(b"\x00" + pixels[row].tobytes() for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", crc
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"".join((
        b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", header),
        chunk(b"IDAT", zlib.compress(raw)), chunk(b"IEND", b""),
    ))


def image_value(tag: str, image: Any) -> bytes:
    """A `Summary.Value` holding a grayscale image of a 2-D array, its
    values scaled linearly from [min, max] to [0, 255]."""
    data = np.asarray(image, np.float64)
    low, high = float(data.min()), float(data.max())
    scale = 255.0 / (high - low) if high > low else 0.0
    pixels = np.round((data - low) * scale).astype(np.uint8)
    height, width = pixels.shape
    encoded = b"".join((
        _int(1, height), _int(2, width), _int(3, 1), _bytes(4, png(pixels)),
    ))
    return _bytes(1, tag) + _bytes(4, encoded)


# --------------------------------------------------------------- writer
_file_counter = itertools.count()


class EventFileWriter:
    """Appends events to a new `events.out.tfevents.<time>.<host>...`
    file in `log_dir` (created with its first event, the file version)."""

    def __init__(self, log_dir: str) -> None:
        os.makedirs(log_dir, exist_ok=True)
        name = (
            f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}"
            f".{os.getpid()}.{next(_file_counter)}.v2"
        )
        self.path = os.path.join(log_dir, name)
        self._lock = threading.Lock()
        self._file: Any = open(self.path, "ab")  # noqa: SIM115 (close())
        self.write(event(time.time(), 0, file_version="brain.Event:2"))
        self.flush()

    def write(self, serialized_event: bytes) -> None:
        with self._lock:
            self._file.write(tfrecord(serialized_event))

    def add_values(self, step: int, values: list[bytes]) -> None:
        """Writes one event with the summary `values` at `step`."""
        self.write(event(time.time(), int(step), values=values))

    def flush(self) -> None:
        with self._lock:
            if not self._file.closed:
                self._file.flush()

    def close(self) -> None:
        with self._lock:
            if not self._file.closed:
                self._file.close()
