"""Pre-processing of a page image for Tesseract, in numpy and Pillow.

* ``suppress_red``: red ink (seals, red signatures) turned to paper;
* ``normalise_background``: uneven light and shadows divided out;
* ``estimate_skew``, ``line_height`` and ``scale_for``: the page's skew and the height
  of its text lines, which small lines are enlarged to (``TARGET_LINE_PX``);
* ``drop_frame``: the table, hand or floor around a photographed page, which is no ink;
* ``looks_sideways``: whether the page's lines run up or down (turned by 90 degrees);
* ``looks_upside_down``: whether a page's lines, once level, read upside down (a hint for OSD);
* ``preprocess``: all of it, in order, on one page.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageChops, ImageFilter, ImageOps

TARGET_LINE_PX = 24  # ink height of a text line Tesseract reads best (measured on corpora/ocr tune pages)
UPSCALE_BELOW = 0.7  # lines under this share of TARGET_LINE_PX are enlarged to it
STEPS = ("red", "background", "deskew", "upscale")  # the steps of ``preprocess``, in order


def _otsu(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    w0 = cum / total
    w1 = 1 - w0
    mu0 = cum_mean / np.maximum(cum, 1)
    mu1 = (cum_mean[-1] - cum_mean) / np.maximum(total - cum, 1)
    between = w0 * w1 * (mu0 - mu1) ** 2
    return int(np.argmax(between))


def suppress_red(img: Image.Image) -> tuple[Image.Image, bool]:
    """Grey image in which red ink (seals, red signatures) turns to paper.

    Reddish pixels take their red channel, brightened to the paper's level: the
    seal's ink turns light there, while black ink under the seal (dark red once
    blurred into it) stays dark. Only the reddish pixels are computed."""
    rgb = img.convert("RGB")
    r, g, b = rgb.split()
    redness = ImageChops.subtract(r, ImageChops.lighter(g, b))  # R - max(G, B), at least 0
    if np.count_nonzero(np.asarray(redness.reduce(4)) > 40) < 0.0002 * (rgb.size[0] * rgb.size[1] / 16):
        return rgb.convert("L"), False
    gray = np.array(rgb.convert("L"))
    red_a = np.asarray(redness)
    idx = np.flatnonzero(red_a > 15)
    r_a = np.asarray(r).ravel()
    paper = max(1.0, float(np.percentile(np.asarray(r.reduce(4)), 90)))
    weight = np.minimum((red_a.ravel()[idx] - 15) / 30.0, 1.0)
    lifted = np.minimum(r_a[idx] * (1.3 * 255 / paper), 255)
    flat = gray.ravel()
    base = flat[idx].astype(np.float32)
    flat[idx] = (base + weight * np.maximum(lifted - base, 0)).astype(np.uint8)
    return Image.fromarray(gray), True


def normalise_background(gray: Image.Image, force: bool = False) -> Image.Image | None:
    """Divide by the estimated paper brightness, then stretch the contrast.

    Returns None (nothing to do) when the paper is even and not very dark:
    Tesseract's own global threshold is as good there (measured on the tune
    pages), while a shadow across the page needs this.
    """
    w, h = gray.size
    k = max(1, min(w, h) // 200)
    small = gray.reduce(k) if k > 1 else gray
    bg = small.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.GaussianBlur(6))
    b = np.asarray(bg)
    lo, mid, hi = np.percentile(b, [5, 50, 95])
    if not force and mid >= 110 and hi - lo <= 60:
        return None
    bg = bg.resize((w, h), Image.BILINEAR)
    a = np.asarray(gray, dtype=np.float32)
    b = np.maximum(np.asarray(bg, dtype=np.float32), 1)
    out = (a / b * 255).clip(0, 255).astype(np.uint8)
    return ImageOps.autocontrast(Image.fromarray(out), cutoff=(0.5, 0.0))


def _ink(gray: Image.Image, width: int) -> np.ndarray:
    """Ink of the page, ``width`` pixels wide: dark pixels, less those of the frame around
    the paper (see ``drop_frame``)."""
    small = gray.resize((width, max(1, round(gray.size[1] * width / gray.size[0]))), Image.BILINEAR)
    a = np.asarray(small)
    return drop_frame(a < _otsu(a))


def drop_frame(ink: np.ndarray) -> np.ndarray:
    """The ink mask less its wide dark areas: the table, a hand or the floor around a
    photographed page, which would otherwise fill every row. Text strokes are thin, so
    an opening (erode, then dilate) wider than a stroke keeps only those areas."""
    k = max(5, ink.shape[1] // 100) | 1
    core = _box_all(ink, k)  # pixels whose whole k x k box is ink
    areas = ~_box_all(~core, k)  # ...and every pixel of such a box
    return ink & ~areas


def _box_all(mask: np.ndarray, k: int) -> np.ndarray:
    """Pixels whose k x k box (centred, inside the image) is all True (a binary erosion)."""
    return _erode_run(_erode_run(mask, k, 0), k, 1)


def _erode_run(mask: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Pixels whose run of k pixels along ``axis`` (centred, inside the image) is all True:
    ANDs of shifted copies, the run doubling each time (log2(k) steps of whole-array
    boolean operations, several times faster than running sums)."""
    m = np.moveaxis(mask, axis, 0)
    n, r = m.shape[0], k // 2
    res = np.zeros(m.shape, bool)  # a box that leaves the image is not all ink
    if n >= k:
        acc = m.copy()  # acc[i]: all of m[i:i + span]
        span = 1
        while 2 * span <= k:
            acc[:n - span] &= acc[span:]
            acc[n - span:] = False
            span *= 2
        d = k - span  # all of m[i:i + k]: the runs at i and at i + d, each span long
        res[r:n - r] = acc[:n - 2 * r] & acc[d:d + n - 2 * r]
    return np.moveaxis(res, 0, axis)


def estimate_skew(gray: Image.Image, width: int = 900) -> float:
    """Skew angle in degrees (counter-clockwise positive) from projection profiles.

    The page's ink (``width`` pixels wide) is cut into narrow vertical strips whose row
    profiles, shifted as a rotation by the angle would shift them, add up to the
    page's profile at that angle: the sharpest profile wins."""
    ink = _ink(gray, width)
    h, w = ink.shape
    strip = 16
    n = w // strip
    prof = ink[:, :n * strip].reshape(h, n, strip).sum(axis=2).T.astype(np.float64)  # strips x rows
    centres = (np.arange(n) + 0.5) * strip - w / 2
    rows = np.arange(h)
    pad = int(np.ceil(abs(centres).max() * np.tan(np.radians(5.6)))) + 1

    def score(angle: float) -> float:
        shift = np.round(-centres * np.tan(np.radians(angle))).astype(np.int64) + pad
        idx = (rows[None, :] + shift[:, None]).ravel()
        total = np.bincount(idx, weights=prof.ravel(), minlength=h + 2 * pad)
        return float(np.square(np.diff(total)).sum())

    coarse = max(np.arange(-5, 5.01, 0.5), key=score)
    return float(max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=score))


def line_height(gray: Image.Image) -> float | None:
    """Median height in pixels of the text lines (from the horizontal ink profile)."""
    width = min(gray.size[0], 1200)
    rows = _ink(gray, width).sum(axis=1) > max(3, 0.01 * width)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.view(np.int8), [0]))))
    runs = edges[1::2] - edges[::2]
    runs = runs[runs >= 3]
    if len(runs) < 5:
        return None
    return float(np.median(runs)) * gray.size[0] / width


def scale_for(lh: float | None) -> float:
    """Factor that brings text lines of ``lh`` pixels to the height Tesseract reads best:
    lines under ``UPSCALE_BELOW`` of it are enlarged, others kept (Tesseract's time grows
    with the pixels it is given, and 300 dpi scans read best as they are)."""
    if lh and lh < UPSCALE_BELOW * TARGET_LINE_PX:
        return min(4.0, TARGET_LINE_PX / lh)
    return 1.0


def preprocess(img: Image.Image, steps=STEPS) -> tuple[Image.Image, tuple[str, ...], float]:
    """(grey image for Tesseract, steps applied, height in pixels of its text lines: 0 when
    not measured)."""
    done = []
    if "red" in steps and img.mode not in ("L", "1", "I;16"):
        gray, had_red = suppress_red(img)
        if had_red:
            done.append("red")
    else:
        gray = img.convert("L")
    if "background" in steps:
        norm = normalise_background(gray)
        if norm is not None:
            gray = norm
            done.append("background")
    if "deskew" in steps:
        angle = estimate_skew(gray)
        if abs(angle) >= 0.3:
            gray = gray.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
            done.append(f"deskew({angle:+.1f})")
    lh = line_height(gray) if "upscale" in steps or "tables" in steps else None
    factor = scale_for(lh) if "upscale" in steps else 1.0
    if factor != 1:
        gray = gray.resize((round(gray.size[0] * factor), round(gray.size[1] * factor)), Image.LANCZOS)
        done.append(f"upscale(x{factor:.1f})")
    return gray, tuple(done), (lh or 0.0) * factor


SIDEWAYS = 1.0  # row-profile contrast of the page turned by 90 degrees over the page's (tune pages: <= 0.14 or >= 5.4)


def looks_sideways(img: Image.Image) -> bool:
    """Whether the page's text lines run vertically (a page turned by 90 or 270 degrees):
    its ink's row profile, each way deskewed, then alternates between lines and gaps
    more sharply once the page is turned by 90 degrees."""
    gray = img.convert("L")
    k = max(1, min(gray.size) // 500)
    gray = gray.reduce(k) if k > 1 else gray
    return _line_contrast(gray.transpose(Image.ROTATE_90)) > SIDEWAYS * _line_contrast(gray)


def _line_contrast(gray: Image.Image) -> float:
    gray = gray.rotate(estimate_skew(gray, 450), resample=Image.BILINEAR, fillcolor=255)
    profile = _ink(gray, 450).sum(axis=1).astype(np.float64)
    profile = profile / max(profile.mean(), 1e-9)
    return max(float(np.mean(np.diff(profile) ** 2)), 1e-9)


UPSIDE_DOWN = 0.8  # ink above the lines' letter bodies over ink below, under which a page may be upside down
# (tune pages: upright 1.05-3.25; turned by 180 degrees 0.31-0.95)


def looks_upside_down(gray: Image.Image) -> bool:
    """Whether a deskewed page (its lines level) seems turned by 180 degrees.

    Vietnamese letters carry their marks, capitals and ascenders above the band of the
    lowercase letter bodies, far more ink than the descenders below it: within each text
    line of the row profile, the ink over that band outweighs the ink under it, unless the
    page is upside down. Cheap, and only a hint: OSD confirms it."""
    width = min(gray.size[0], 1200)
    profile = _ink(gray, width).sum(axis=1).astype(np.float64)
    rows = profile > max(3, 0.01 * width)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.view(np.int8), [0]))))
    above = below = 0.0
    for a, b in zip(edges[::2].tolist(), edges[1::2].tolist()):
        if b - a < 3:
            continue
        line = profile[a:b]
        body = np.flatnonzero(line >= 0.5 * line.max())  # the band of the letter bodies
        above += float(line[:body[0]].sum())
        below += float(line[body[-1] + 1:].sum())
    return above < UPSIDE_DOWN * below
