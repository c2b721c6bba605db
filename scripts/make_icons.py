#!/usr/bin/env python3
"""Draw the extension's toolbar and notification icons as real PNGs (zlib + struct, no image library).

Two sets: `icon-<size>.png` (a speech bubble with a return arrow: "follow up") and
`capture-<size>.png` (the same with a green person badge: "a person can be captured here").
Shapes are described as signed-distance tests and supersampled 4x per pixel for smooth edges.
Run: python scripts/make_icons.py [out_dir]   (default: extension/icons)
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
SAMPLES = 4  # per axis: 16 samples a pixel
BLUE = (29, 78, 216)
WHITE = (255, 255, 255)
GREEN = (22, 163, 74)


def png_bytes(width: int, height: int, rgba_rows: list[bytes]) -> bytes:
    """Encode rows of RGBA bytes as a PNG file (colour type 6, 8 bits)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in rgba_rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def rounded_rect(x: float, y: float, x0: float, y0: float, x1: float, y1: float, r: float) -> bool:
    """Whether (x, y) lies inside the rectangle with corners rounded by r (unit coordinates)."""
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1


def bubble(x: float, y: float) -> bool:
    """The white speech bubble: a rounded body and a tail at the lower left."""
    if rounded_rect(x, y, 0.17, 0.2, 0.83, 0.68, 0.12):
        return True
    # tail: triangle (0.28,0.64) (0.44,0.64) (0.24,0.84)
    return _in_triangle(x, y, (0.28, 0.64), (0.46, 0.64), (0.24, 0.84))


def _in_triangle(x, y, a, b, c) -> bool:
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])

    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    has_neg = d1 < 0 or d2 < 0 or d3 < 0
    has_pos = d1 > 0 or d2 > 0 or d3 > 0
    return not (has_neg and has_pos)


def arrow(x: float, y: float) -> bool:
    """The blue return arrow drawn inside the bubble: an arc with a head pointing left."""
    cx, cy, r, w = 0.52, 0.47, 0.13, 0.045
    d = math.hypot(x - cx, y - cy)
    angle = math.atan2(y - cy, x - cx)
    on_arc = abs(d - r) <= w and -math.pi / 2 <= angle <= math.pi / 2
    on_stem = abs(y - (cy + r)) <= w and 0.40 <= x <= cx
    on_head = _in_triangle(x, y, (0.30, cy + r), (0.42, cy + r - 0.09), (0.42, cy + r + 0.09))
    top_stem = abs(y - (cy - r)) <= w and 0.45 <= x <= cx
    return on_arc or on_stem or on_head or top_stem


def person_badge(x: float, y: float) -> str | None:
    """The capture badge at the lower right: a green disc with a white head and shoulders."""
    cx, cy, r = 0.74, 0.74, 0.24
    d = math.hypot(x - cx, y - cy)
    if d > r:
        return None
    if d > r - 0.035:
        return "white"  # ring that separates the badge from the bubble
    head = math.hypot(x - cx, y - (cy - 0.06)) <= 0.065
    shoulders = math.hypot(x - cx, (y - (cy + 0.13)) * 1.3) <= 0.12 and y <= cy + 0.15
    return "white" if head or shoulders else "green"


def colour_at(x: float, y: float, capture: bool) -> tuple[int, int, int, int]:
    """The colour of one sample point of the icon (unit coordinates, origin top left)."""
    if capture:
        badge = person_badge(x, y)
        if badge:
            return (*(GREEN if badge == "green" else WHITE), 255)
    if not rounded_rect(x, y, 0.02, 0.02, 0.98, 0.98, 0.2):
        return (0, 0, 0, 0)
    if bubble(x, y):
        return (*(BLUE if arrow(x, y) else WHITE), 255)
    return (*BLUE, 255)


def render(size: int, capture: bool) -> bytes:
    """Render one icon at `size` pixels square, averaging SAMPLES x SAMPLES points a pixel."""
    rows = []
    n = SAMPLES * SAMPLES
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    cr, cg, cb, ca = colour_at((px + (sx + 0.5) / SAMPLES) / size,
                                               (py + (sy + 0.5) / SAMPLES) / size, capture)
                    r, g, b, a = r + cr * ca, g + cg * ca, b + cb * ca, a + ca
            # premultiplied average, then back to straight alpha
            row += bytes((r // a, g // a, b // a, a // n) if a else (0, 0, 0, 0))
        rows.append(bytes(row))
    return png_bytes(size, size, rows)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "extension" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        (out / f"icon-{size}.png").write_bytes(render(size, capture=False))
        (out / f"capture-{size}.png").write_bytes(render(size, capture=True))
    print(f"wrote {2 * len(SIZES)} icons to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
