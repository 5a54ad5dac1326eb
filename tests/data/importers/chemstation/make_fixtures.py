#!/usr/bin/env python3
"""Writes the small hand-made ChemStation MS fixtures the reader tests use.

Run from this folder: python3 make_fixtures.py. Layout as in
importers/include/importers/chemstationmsreader.h (big-endian; the GC scan count at
0x142 little-endian).
"""
import struct

DATA_START = 0x2F2  # where real files put the first scan (word 0x17A at 0x10A)


def pascal(text):
    b = text.encode('latin-1')
    return bytes([len(b)]) + b


def header(kind, count):
    h = bytearray(DATA_START)
    h[0:4] = b'\x01\x32\x00\x00'
    k = pascal(kind)
    h[4:4 + len(k)] = k
    s = pascal('fixture sample')
    h[0x18:0x18 + len(s)] = s
    m = pascal('FIXTURE.M')
    h[0xE4:0xE4 + len(m)] = m
    struct.pack_into('>H', h, 0x10A, (DATA_START + 2) // 2)
    if kind == 'MSD Spectral File':
        struct.pack_into('>I', h, 0x116, count)
    else:
        struct.pack_into('<I', h, 0x142, count)
    return h


def packed(value):
    """Abundance as mantissa x 8^exponent, the smallest exponent that fits."""
    for e in range(4):
        if value % (8 ** e) == 0 and value // (8 ** e) < 0x4000:
            return (e << 14) | (value // (8 ** e))
    raise ValueError(value)


def scan(ms, pairs):
    body = struct.pack('>I', ms) + bytes(6) + struct.pack('>H', len(pairs)) + bytes(4)
    for mz20, ab in pairs:
        body += struct.pack('>HH', mz20, packed(ab))
    body += bytes(6) + struct.pack('>I', sum(a for _, a in pairs))
    return struct.pack('>H', (len(body) + 2) // 2) + body


# Two scans: m/z 58.6, 43.05 and 41.0 (stored high to low, as real files do) with
# abundances 3, 16384 (2048 x 8^1) and 100; then an empty scan.
SCANS = [scan(60000, [(1172, 3), (861, 16384), (820, 100)]), scan(61500, [])]


def write(name, data):
    with open(name, 'wb') as f:
        f.write(data)


lc = bytes(header('MSD Spectral File', 2)) + b''.join(SCANS)
gc = bytes(header('GC / MS Data File', 2)) + b''.join(SCANS)
write('lc-two-scans.ms', lc)
write('gc-two-scans.ms', gc)
write('truncated.ms', lc[:-4])
write('truncated-header.ms', lc[:0x100])
bad_start = bytearray(lc)
struct.pack_into('>H', bad_start, 0x10A, 0xFFFF)
write('start-past-end.ms', bytes(bad_start))
too_many = bytearray(lc)
struct.pack_into('>I', too_many, 0x116, 1000)
write('count-past-end.ms', bytes(too_many))
bad_len = bytearray(lc)
struct.pack_into('>H', bad_len, DATA_START, 99)
write('length-disagrees.ms', bytes(bad_len))
zero = bytearray(lc)
struct.pack_into('>I', zero, 0x116, 0)
write('no-scans.ms', bytes(zero))
write('wrong-magic.ms', b'\x02\x33' + lc[2:])


# A small GC run for the gcms tests and the CLI: 300 scans 0.005 min apart from 3.0 min,
# a cocaine-like peak at scan 100 (3.5 min) and a lidocaine-like one at scan 200
# (4.0 min), sigma 1.5 scans, on 30 ions with a baseline of 50 and Gaussian noise (sd 5,
# seeded). The spectra are shaped like the drugs' for testing only.
import math
import random

COCAINE = {42: 150, 77: 120, 82: 999, 94: 310, 105: 180, 182: 620, 303: 230}
LIDOCAINE = {58: 80, 72: 30, 86: 999, 234: 20}
MASSES = sorted(set(COCAINE) | set(LIDOCAINE) | {44, 50, 55, 60, 65, 70, 91, 100, 120, 140, 160, 200, 250, 280, 300})
rng = random.Random(1)
run = []
for k in range(300):
    pairs = []
    for m in reversed(MASSES):  # real files store high m/z first
        v = 50.0
        for spectrum, apex, height in ((COCAINE, 100, 20000), (LIDOCAINE, 200, 30000)):
            if m in spectrum:
                v += height * spectrum[m] / 999 * math.exp(-0.5 * ((k - apex) / 1.5) ** 2)
        v += rng.gauss(0, 5)
        value = max(1, int(round(v)))
        e = 0
        while value >= 0x4000:  # keep the largest exponent's precision, as instruments do
            value //= 8
            e += 1
        pairs.append((m * 20, value * 8 ** e))
    run.append(scan(180000 + k * 300, pairs))
write('gc-run.ms', bytes(header('GC / MS Data File', len(run))) + b''.join(run))
