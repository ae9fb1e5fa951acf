#!/usr/bin/env python3
"""Draws the packages' icon (src/MultiLoss/icon.png, 128x128 RGBA): three loss curves falling at their own pace on a
dark rounded square, and their weighted sum in white. Standard library only (zlib and struct write the PNG).

    python3 eng/package-icon.py
"""
import math
import os
import struct
import zlib

SIZE = 128
BACKGROUND = (31, 41, 55)
CURVES = [  # (colour, start height, rate of decay, floor), heights as fractions of the plot
    ((96, 165, 250), 0.85, 3.0, 0.30),
    ((52, 211, 153), 0.65, 1.6, 0.18),
    ((251, 146, 60), 0.95, 5.0, 0.10),
]
MARGIN = 18


def inside_rounded_square(x, y, radius=22):
    cx = min(max(x, radius), SIZE - 1 - radius)
    cy = min(max(y, radius), SIZE - 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def curve(start, rate, floor, t):
    return floor + (start - floor) * math.exp(-rate * t)


def main():
    pixels = [[(0, 0, 0, 0)] * SIZE for _ in range(SIZE)]
    for y in range(SIZE):
        for x in range(SIZE):
            if inside_rounded_square(x, y):
                pixels[y][x] = BACKGROUND + (255,)

    def stroke(points, colour, width):
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            steps = int(max(abs(x1 - x0), abs(y1 - y0)) * 4) + 1
            for s in range(steps + 1):
                px = x0 + (x1 - x0) * s / steps
                py = y0 + (y1 - y0) * s / steps
                for y in range(int(py - width) - 1, int(py + width) + 2):
                    for x in range(int(px - width) - 1, int(px + width) + 2):
                        if 0 <= x < SIZE and 0 <= y < SIZE and (x - px) ** 2 + (y - py) ** 2 <= width ** 2 and pixels[y][x][3]:
                            pixels[y][x] = colour + (255,)

    span = SIZE - 2 * MARGIN
    xs = [MARGIN + span * i / 60 for i in range(61)]
    def to_y(height):
        return SIZE - MARGIN - span * height
    total = [0.0] * len(xs)
    for colour, start, rate, floor in CURVES:
        heights = [curve(start, rate, floor, i / 60) for i in range(len(xs))]
        total = [t + h / len(CURVES) for t, h in zip(total, heights)]
        stroke(list(zip(xs, map(to_y, heights))), colour, 2.6)
    stroke(list(zip(xs, map(to_y, total))), (255, 255, 255), 3.4)

    raw = b"".join(b"\x00" + bytes(c for pixel in row for c in pixel) for row in pixels)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "MultiLoss", "icon.png")
    with open(target, "wb") as file:
        file.write(png)


if __name__ == "__main__":
    main()
