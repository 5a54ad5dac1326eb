#!/usr/bin/python3
"""Writes the demo reference library: synthetic ATR-FTIR absorbance spectra built from
data/demo-library/bands.json, one JCAMP-DX 5.01 file (AFFN, (X++(Y..Y))) per substance.

Demo library: replace with your service's library. These spectra are drawn from band
positions, not measured; they are good enough to exercise Candor end to end and to run
the accuracy benchmark, and no real sample should be judged against them.

Deterministic: seeded, so re-running gives byte-identical files. Run with Debian's
interpreter (numpy): /usr/bin/python3 scripts/generate-demo-library.py
"""
import json
import os
import re
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "demo-library")
SEED = 20240501
X_FIRST, X_LAST, X_STEP = 650.0, 4000.0, 2.0
PEAK_ABSORBANCE = 0.6   # strongest band after the ATR factor: a typical diamond-ATR level
NOISE = 0.0005          # absorbance units, like a 32-scan ATR measurement
DEMO_NOTE = "demo library: replace with your service's library"


def pseudo_voigt(x, position, width, eta=0.5):
    """Band shape of condensed-phase IR bands: a mix of Gaussian and Lorentzian, FWHM width."""
    sigma = width / 2.3548
    gauss = np.exp(-0.5 * ((x - position) / sigma) ** 2)
    lorentz = 1.0 / (1.0 + ((x - position) / (width / 2.0)) ** 2)
    return eta * lorentz + (1.0 - eta) * gauss


def spectrum(bands, rng):
    x = np.arange(X_FIRST, X_LAST + X_STEP / 2, X_STEP)
    y = np.zeros_like(x)
    for position, intensity, width in bands:
        y += intensity * pseudo_voigt(x, position, width)
    # ATR: the evanescent wave reaches deeper at longer wavelength, so bands at low
    # wavenumber come out stronger, roughly in proportion to the wavelength.
    y *= 1000.0 / x
    y *= PEAK_ABSORBANCE / y.max()
    y += rng.normal(0.0, NOISE, x.size)
    return x, y


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def jcamp(substance, x, y):
    lines = [
        f"##TITLE={substance['name']} ({DEMO_NOTE})",
        "##JCAMP-DX=5.01",
        "##DATA TYPE=INFRARED SPECTRUM",
        "##ORIGIN=Candor demo library generator (scripts/generate-demo-library.py)",
        "##OWNER=public domain (synthetic)",
        f"##CAS NAME={substance['name']}",
    ]
    if substance.get("cas"):
        lines.append(f"##CAS REGISTRY NO={substance['cas']}")
    if substance.get("formula"):
        lines.append(f"##MOLFORM={substance['formula']}")
    lines += [
        f"##$CANDOR CLASS={substance['class']}",
        f"##$CANDOR RISK={substance['risk']}",
        f"##$CANDOR SYNONYMS={';'.join(substance.get('synonyms', []))}",
        f"##$CANDOR SOURCE={substance['source']}",
        "##SAMPLING PROCEDURE=synthetic diamond ATR",
        "##RESOLUTION=4",
        "##XUNITS=1/CM",
        "##YUNITS=ABSORBANCE",
        "##XFACTOR=1",
        "##YFACTOR=1",
        f"##FIRSTX={x[0]:.1f}",
        f"##LASTX={x[-1]:.1f}",
        f"##DELTAX={X_STEP:.1f}",
        f"##NPOINTS={x.size}",
        f"##FIRSTY={y[0]:.6f}",
        f"##MINY={y.min():.6f}",
        f"##MAXY={y.max():.6f}",
        f"##$COMMENT={DEMO_NOTE}",
        "##XYDATA=(X++(Y..Y))",
    ]
    per_line = 10
    for i in range(0, x.size, per_line):
        values = " ".join(f"{v:.6f}" for v in y[i:i + per_line])
        lines.append(f"{x[i]:.1f} {values}")
    lines.append("##END=")
    return "\n".join(lines) + "\n"


def main():
    with open(os.path.join(OUT, "bands.json"), encoding="utf-8") as f:
        table = json.load(f)
    rng = np.random.default_rng(SEED)
    written = []
    for substance in table["substances"]:
        x, y = spectrum(substance["bands"], rng)
        name = slug(substance["name"]) + ".jdx"
        with open(os.path.join(OUT, name), "w", encoding="ascii", newline="\n") as f:
            f.write(jcamp(substance, x, y))
        written.append(name)
    print(f"wrote {len(written)} spectra to {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
