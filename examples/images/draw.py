"""Draw the example book's two placeholder pictures (made by the cppcc_publish project,
not photographs of the events their captions name; AGPL-3.0-or-later like the rest).

    python3 examples/images/draw.py     # rewrites survey.png and clinic.png beside it

Each is 2000 pixels wide, so that it prints above 300 dpi across the measure of every
PDF preset (the widest, gbt9704's 156 mm, needs 1,843), in a few flat colours, so that
the PNG stays a few kilobytes.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent
W, H = 2000, 1250


def survey() -> Image.Image:
    """A bar chart without words: six years of a rising figure, on ruled paper."""
    img = Image.new("RGB", (W, H), (250, 248, 240))
    d = ImageDraw.Draw(img)
    left, right, top, foot = 180, W - 120, 140, H - 160
    for k in range(6):
        y = foot - k * (foot - top) // 5
        d.line([(left, y), (right, y)], fill=(214, 208, 196), width=4)
    d.line([(left, top - 40), (left, foot)], fill=(90, 84, 76), width=8)
    d.line([(left, foot), (right, foot)], fill=(90, 84, 76), width=8)
    heights = (0.38, 0.46, 0.52, 0.61, 0.74, 0.88)
    slot = (right - left) // len(heights)
    for k, share in enumerate(heights):
        x0 = left + k * slot + slot // 5
        x1 = x0 + slot * 3 // 5
        y0 = foot - int(share * (foot - top))
        d.rectangle([x0, y0, x1, foot - 4], fill=(158, 27, 27) if k == 5 else (196, 120, 92))
    points = [(left + k * slot + slot // 2, foot - int(s * (foot - top)) - 60)
              for k, s in enumerate(heights)]
    d.line(points, fill=(40, 70, 120), width=10)
    for x, y in points:
        d.ellipse([x - 18, y - 18, x + 18, y + 18], fill=(40, 70, 120))
    return img


def clinic() -> Image.Image:
    """A plain scene: sky in bands, a hall with a red banner, a row of tables, a square."""
    img = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(img)
    bands = 12
    for k in range(bands):  # the sky, lighter towards the horizon, in flat bands
        shade = k / (bands - 1)
        colour = (int(120 + 100 * shade), int(165 + 70 * shade), int(215 + 30 * shade))
        d.rectangle([0, k * 560 // bands, W, (k + 1) * 560 // bands], fill=colour)
    d.rectangle([0, 560, W, H], fill=(196, 190, 176))           # the square
    d.rectangle([260, 250, 1740, 700], fill=(236, 230, 216))     # the hall
    d.polygon([(200, 260), (1000, 120), (1800, 260)], fill=(150, 60, 48))
    d.rectangle([560, 300, 1440, 380], fill=(180, 24, 24))       # the banner
    for k in range(7):                                           # windows
        x = 330 + k * 200
        d.rectangle([x, 430, x + 110, 600], fill=(120, 140, 160))
    for k in range(5):                                           # tables under awnings
        x = 150 + k * 360
        d.polygon([(x, 760), (x + 150, 700), (x + 300, 760)], fill=(40, 110, 170))
        d.rectangle([x + 20, 860, x + 280, 900], fill=(245, 245, 245))
        d.rectangle([x + 40, 900, x + 60, 1010], fill=(90, 84, 76))
        d.rectangle([x + 240, 900, x + 260, 1010], fill=(90, 84, 76))
    return img


def save(img: Image.Image, name: str) -> None:
    img.quantize(colors=32, dither=Image.Dither.NONE).save(HERE / name, optimize=True)


if __name__ == "__main__":
    save(survey(), "survey.png")
    save(clinic(), "clinic.png")
