#!/usr/bin/env python3
"""Writes the small "service's own library" the app tests import (tests/app/tst_librarypage).

Made from the demo library as another instrument would see the same substances: every
band shifted by a few 1/cm and the whole spectrum scaled, so that no file equals a demo
file. ortho-Fluorofentanyl is para-Fluorofentanyl shifted once more with a weak extra
ortho-ring band at 752 1/cm: a look-alike pair the library QC must list. Creatine
monohydrate (a name the catalogue does not know) is half inositol, half sucrose: it is
imported as "unknown class, risk not set". Synthetic, deterministic (no noise added).
Run from the project root: python3 tests/data/library-own/generate.py
"""
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "..", "..", "data", "demo-library")


def read(name):
    xs, ys, data = [], [], False
    for line in open(os.path.join(DEMO, name)):
        if line.startswith("##XYDATA"):
            data = True
            continue
        if line.startswith("##END"):
            break
        if data:
            parts = line.split()
            x0 = float(parts[0])
            for i, v in enumerate(parts[1:]):
                xs.append(x0 + 2 * i)
                ys.append(float(v))
    return xs, ys


def shifted(xs, ys, shift, scale):
    out = []
    for x in xs:
        t = (x - shift - xs[0]) / 2.0
        i = max(0, min(len(ys) - 2, int(math.floor(t))))
        f = min(max(t - i, 0.0), 1.0)
        out.append(scale * (ys[i] * (1 - f) + ys[i + 1] * f))
    return out


def write(file, title, comment, xs, ys):
    with open(os.path.join(HERE, file), "w") as out:
        out.write(f"##TITLE={title}\n##JCAMP-DX=4.24\n##DATA TYPE=INFRARED SPECTRUM\n##$COMMENT={comment}\n")
        out.write(f"##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##FIRSTX={xs[0]:.1f}\n##LASTX={xs[-1]:.1f}\n")
        out.write(f"##NPOINTS={len(xs)}\n##XFACTOR=1\n##YFACTOR=1\n##XYDATA=(X++(Y..Y))\n")
        for i in range(0, len(xs), 10):
            out.write(f"{xs[i]:.1f} " + " ".join(f"{y:.6f}" for y in ys[i:i + 10]) + "\n")
        out.write("##END=\n")


made = "Made for Candor's app tests by tests/data/library-own/generate.py from the demo library"
xs, caffeine = read("caffeine.jdx")
write("caffeine.jdx", "Caffeine", made + ": caffeine shifted +3 1/cm, scaled 0.8", xs, shifted(xs, caffeine, 3, 0.8))
_, lactose = read("lactose.jdx")
write("lactose.jdx", "Lactose", made + ": lactose shifted -2 1/cm, scaled 1.1", xs, shifted(xs, lactose, -2, 1.1))
_, pff = read("para-fluorofentanyl.jdx")
write("para-fluorofentanyl.jdx", "para-Fluorofentanyl", made + ": para-fluorofentanyl shifted +2 1/cm",
      xs, shifted(xs, pff, 2, 1.0))
ortho = shifted(xs, pff, 3, 1.0)
ortho = [y + 0.03 * math.exp(-((x - 752) / 8) ** 2) for x, y in zip(xs, ortho)]
write("ortho-fluorofentanyl.jdx", "ortho-Fluorofentanyl", made + ": para-fluorofentanyl shifted +3 1/cm plus a weak "
      "band at 752 1/cm, a look-alike of para-fluorofentanyl", xs, ortho)
_, inositol = read("inositol.jdx")
_, sucrose = read("sucrose.jdx")
write("creatine-monohydrate.jdx", "Creatine monohydrate", made + ": half inositol, half sucrose, a substance the "
      "catalogue does not know", xs, [0.5 * a + 0.5 * b for a, b in zip(inositol, sucrose)])
