"""Damage of the synthetic OCR pages: like a phone photo or a cheap scan (skew, blur, uneven
light, faded or dark ink, shadows, a red round stamp, noise, down-sampling, JPEG compression);
``render_scan`` typesets and damages every page of a document (bench/scan_bench.py)."""
from __future__ import annotations

import io
import math
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling ocr_typeset, however this is loaded
from ocr_typeset import DPI, MARGIN_L, MARGIN_T, font, typeset_document  # noqa: E402


def scan_damage(rng: random.Random, dpi: int, seal: bool) -> dict:
    """Damage of one page of a scanned document (a scanner or a phone at ``dpi``),
    with a red seal when ``seal``."""
    spec = dict(dpi=dpi, skew=round(rng.uniform(-1.8, 1.8), 2), blur=round(rng.uniform(0.3, 0.9), 2),
                jpeg=rng.randint(60, 85))
    roll = rng.random()
    if roll < 0.25:
        spec["light"] = round(rng.uniform(0.1, 0.3), 2)
    elif roll < 0.4:
        spec["shadow"] = round(rng.uniform(0.4, 0.6), 2)
    elif roll < 0.5:
        spec["faded"] = True
    if rng.random() < 0.3:
        spec["noise"] = rng.randint(4, 10)
    if seal:
        spec["stamp"] = True
    return spec


def render_scan(text: str, seed: str, dpi: int | None = None) -> tuple[list[Image.Image], int, list[dict]]:
    """(damaged page images, dpi, damage of each page) of a normalised text; deterministic for a seed."""
    rng = random.Random(seed)
    dpi = dpi or rng.choice((100, 120, 150, 200, 300))
    pages = typeset_document(text)
    out, specs = [], []
    for k, (img, anchor) in enumerate(pages):
        spec = scan_damage(rng, dpi, seal=anchor is not None)
        out.append(damage(img, spec, rng, anchor or (MARGIN_L, MARGIN_T + 600)))
        specs.append(spec)
    return out, dpi, specs


def stamp(rng: random.Random, size: int = 460) -> Image.Image:
    """A red round seal (RGBA) with a ring of capitals and a star."""
    s = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(s)
    red = (205, 30, 40, 235)
    c = size / 2
    d.ellipse((6, 6, size - 6, size - 6), outline=red, width=12)
    d.ellipse((70, 70, size - 70, size - 70), outline=red, width=5)
    f = font("b", 7)
    text = "ỦY BAN NHÂN DÂN * TỈNH * ỦY BAN NHÂN DÂN * "
    for k, ch in enumerate(text):
        ang = 2 * math.pi * k / len(text) - math.pi / 2
        r = c - 42
        g = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
        ImageDraw.Draw(g).text((12, 5), ch, font=f, fill=red)
        g = g.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        s.alpha_composite(g, (int(c + r * math.cos(ang) - 25), int(c + r * math.sin(ang) - 25)))
    pts = [(c + (60 if k % 2 == 0 else 24) * math.cos(math.pi / 2 + k * math.pi / 5),
            c - (60 if k % 2 == 0 else 24) * math.sin(math.pi / 2 + k * math.pi / 5)) for k in range(10)]
    d.polygon(pts, fill=red)
    return s.rotate(rng.uniform(-40, 40), resample=Image.BICUBIC)


def damage(img: Image.Image, spec: dict, rng: random.Random, anchor: tuple[int, int]) -> Image.Image:
    # a page without a seal stays grey until the paper tint: a third of the work
    rgb = img.convert("RGB" if spec.get("stamp") else "L")
    if spec.get("stamp"):
        st = stamp(rng)
        x = anchor[0] + rng.randint(-200, 400)
        y = max(MARGIN_T, anchor[1] - st.size[1] - rng.randint(0, 200))
        base = rgb.convert("RGBA")
        layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
        layer.alpha_composite(st, (x, y))
        # multiply the ink of the seal with the page so black text stays black
        a = np.asarray(base, dtype=np.float32)[..., :3]
        lay = np.asarray(layer, dtype=np.float32)
        alpha = lay[..., 3:4] / 255
        mixed = a * (1 - alpha) + (a * lay[..., :3] / 255) * alpha
        rgb = Image.fromarray(mixed.clip(0, 255).astype(np.uint8))
    arr = np.asarray(rgb, dtype=np.float32)
    if spec.get("faded"):
        arr = 255 - (255 - arr) * 0.45
    if spec.get("dark"):
        arr = arr * 0.62 + 10
    rgb = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    rgb = rgb.rotate(spec.get("skew", 0), resample=Image.BICUBIC, expand=True,
                     fillcolor=(235, 235, 230) if rgb.mode == "RGB" else 234)
    if spec.get("blur"):
        rgb = rgb.filter(ImageFilter.GaussianBlur(spec["blur"] * 300 / 150))
    arr = np.asarray(rgb, dtype=np.float32)
    h, w = arr.shape[:2]
    yy, xx = np.arange(h, dtype=np.float32)[:, None], np.arange(w, dtype=np.float32)[None, :]
    if spec.get("light"):
        shade = 1 - spec["light"] * ((xx / w) * 0.6 + (yy / h) * 0.4)
        arr = arr * (shade if arr.ndim == 2 else shade[..., None])
    if spec.get("shadow"):  # a hand or phone shadow over one side of the page
        shade = np.clip(1 - spec["shadow"] + spec["shadow"] * (xx / w * 1.6 + yy / h * 0.3), 1 - spec["shadow"], 1)
        arr = arr * (shade if arr.ndim == 2 else shade[..., None])
    arr = (arr if arr.ndim == 3 else arr[..., None]) * np.array([1.0, 0.98, 0.93], dtype=np.float32)  # yellowish
    factor = spec["dpi"] / DPI
    rgb = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    rgb = rgb.resize((round(w * factor), round(h * factor)), Image.LANCZOS)
    if spec.get("noise"):
        nrng = np.random.default_rng(rng.randint(0, 2**31))
        arr = np.asarray(rgb, dtype=np.float32) + nrng.normal(0, spec["noise"], (rgb.size[1], rgb.size[0], 1))
        rgb = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if any(k in spec for k in ("perspective", "frame", "washed", "rotate")):
        rgb = photo(rgb.convert("RGB"), spec, rng)
    buf = io.BytesIO()
    rgb.save(buf, "JPEG", quality=spec.get("jpeg", 75), dpi=(spec["dpi"], spec["dpi"]))
    return Image.open(io.BytesIO(buf.getvalue()))


def photo(page: Image.Image, spec: dict, rng: random.Random) -> Image.Image:
    """The (already down-sampled) page as a phone photographs it: on a darker table, not
    flat to the camera (``perspective``: how far the far corners move in, as a share of
    the width), with a hand or the table's edge in the frame (``frame``), washed out
    (``washed``), turned by ``rotate`` degrees (clockwise)."""
    w, h = page.size
    pad = round(0.06 * w)
    W, H = w + 2 * pad, h + 2 * pad
    table = np.asarray(Image.new("RGB", (W, H), (118, 96, 74)), dtype=np.float32)
    trng = np.random.default_rng(rng.randint(0, 2**31))
    table = table + trng.normal(0, 6, (H, W, 1))  # wood grain, roughly
    canvas = Image.fromarray(table.clip(0, 255).astype(np.uint8))
    k = spec.get("perspective", 0) * w
    # where the page's corners land: the top edge (farther from the camera) is shorter
    quad = [(pad + k + rng.uniform(-2, 2), pad + rng.uniform(0, k / 3)),
            (pad + w - k + rng.uniform(-2, 2), pad + rng.uniform(0, k / 3)),
            (pad + w + rng.uniform(-2, 2), pad + h - rng.uniform(0, 2)),
            (pad + rng.uniform(-2, 2), pad + h - rng.uniform(0, 2))]
    coeffs = _perspective_coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    warped = page.transform((W, H), Image.PERSPECTIVE, coeffs, resample=Image.BICUBIC, fillcolor=(0, 0, 0))
    mask = Image.new("L", page.size, 255).transform((W, H), Image.PERSPECTIVE, coeffs, resample=Image.BILINEAR)
    canvas.paste(warped, (0, 0), mask)
    d = ImageDraw.Draw(canvas)
    if spec.get("frame") == "hand":  # fingers holding the page at its left edge
        x0, y0 = -pad // 2, H // 2 + rng.randint(-H // 6, H // 6)
        for f in range(4):
            y = y0 + f * round(0.035 * H)
            d.rounded_rectangle((x0, y, x0 + round(0.16 * W), y + round(0.03 * H)), radius=round(0.012 * H),
                                fill=(200, 150, 120))
    elif spec.get("frame") == "table":  # the table's edge and the floor below it
        y = H - round(0.04 * H)
        d.rectangle((0, y, W, H), fill=(40, 38, 36))
    arr = np.asarray(canvas, dtype=np.float32)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    vignette = 1 - 0.25 * (((xx - W / 2) / W) ** 2 + ((yy - H / 2) / H) ** 2) * 4
    arr = arr * vignette[..., None]
    if spec.get("washed"):  # over-exposed: everything lifted towards white, low contrast
        arr = 255 - (255 - arr) * 0.5 + 10
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if spec.get("rotate"):
        out = out.rotate(-spec["rotate"], expand=True)
    return out


def _perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    """Coefficients of PIL's PERSPECTIVE transform mapping output points ``src`` to input points ``dst``."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.extend([u, v])
    return list(np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)))
