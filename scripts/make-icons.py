"""Draws Dealside's icons (a teal rounded square with a white 'D'-like bar mark) as PNGs.
Run once: python3 scripts/make-icons.py — the PNGs are committed under public/icon/."""
import struct, zlib

def png(size, path):
    teal, white = (15, 118, 110, 255), (255, 255, 255, 255)
    r = size * 0.2
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            # rounded square
            cx = min(max(x + 0.5, r), size - r); cy = min(max(y + 0.5, r), size - r)
            inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r
            px = (0, 0, 0, 0)
            if inside:
                px = teal
                # a "D": vertical stem + half ring
                u, v = (x + 0.5) / size, (y + 0.5) / size
                stem = 0.28 <= u <= 0.40 and 0.22 <= v <= 0.78
                d = ((u - 0.42) / 0.34) ** 2 + ((v - 0.5) / 0.28) ** 2
                ring = u >= 0.40 and 0.62 <= d <= 1.0
                if stem or ring:
                    px = white
            row += bytes(px)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

for s in (16, 32, 48, 96, 128):
    png(s, f"public/icon/{s}.png")
