"""Draws the two Teams icons once; the PNG files are committed. Standard library only.

    python deploy/teams/make_icons.py      # writes color.png (192x192) and outline.png (32x32)

Colour: a rounded square in a calm blue with a white check mark. Outline: the same check mark and
a rounded frame, white on transparent (Teams tints it). Edges are smoothed by 4x4 supersampling;
in the outline every pixel stays pure white, only its opacity varies.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
BLUE = (0x1F, 0x6F, 0xB2)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4


def rounded_square(size: float, inset: float, radius: float) -> Callable[[float, float], float]:
    """Signed distance to a rounded square (negative inside)."""
    half = size / 2 - inset

    def distance(x: float, y: float) -> float:
        qx = abs(x - size / 2) - (half - radius)
        qy = abs(y - size / 2) - (half - radius)
        outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
        return outside + min(max(qx, qy), 0.0) - radius

    return distance


def segment(ax: float, ay: float, bx: float, by: float, width: float) -> Callable[[float, float], float]:
    """Signed distance to a line with round ends."""

    def distance(x: float, y: float) -> float:
        px, py, dx, dy = x - ax, y - ay, bx - ax, by - ay
        t = max(0.0, min(1.0, (px * dx + py * dy) / (dx * dx + dy * dy)))
        return math.hypot(px - t * dx, py - t * dy) - width / 2

    return distance


def check_mark(size: float, width: float) -> Callable[[float, float], float]:
    s = size / 192
    short = segment(52 * s, 100 * s, 82 * s, 130 * s, width)
    long = segment(82 * s, 130 * s, 142 * s, 66 * s, width)
    return lambda x, y: min(short(x, y), long(x, y))


def coverage(inside: Callable[[float, float], float], x: int, y: int) -> float:
    hits = sum(
        inside(x + (i + 0.5) / SAMPLES, y + (j + 0.5) / SAMPLES) <= 0
        for i in range(SAMPLES)
        for j in range(SAMPLES)
    )
    return hits / SAMPLES**2


def color_icon(size: int = 192) -> list[list[tuple[int, int, int, int]]]:
    square = rounded_square(size, 0, 40)
    tick = check_mark(size, 22)
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            body, mark = coverage(square, x, y), coverage(tick, x, y)
            red, green, blue = (round(b + (w - b) * mark) for b, w in zip(BLUE, WHITE, strict=True))
            row.append((red, green, blue, round(255 * body)))
        rows.append(row)
    return rows


def outline_icon(size: int = 32) -> list[list[tuple[int, int, int, int]]]:
    outer, inner = rounded_square(size, 1, 7), rounded_square(size, 3.5, 4.5)
    tick = check_mark(size, 3.5)

    def shape(x: float, y: float) -> float:
        return min(max(outer(x, y), -inner(x, y)), tick(x, y))

    return [[(*WHITE, round(255 * coverage(shape, x, y))) for x in range(size)] for y in range(size)]


def png(rows: list[list[tuple[int, int, int, int]]]) -> bytes:
    """An 8-bit RGBA PNG, every row with filter type 0."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    height, width = len(rows), len(rows[0])
    raw = b"".join(b"\x00" + bytes(v for pixel in row for v in pixel) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    (HERE / "color.png").write_bytes(png(color_icon()))
    (HERE / "outline.png").write_bytes(png(outline_icon()))
    print(f"written: {HERE / 'color.png'}, {HERE / 'outline.png'}")
