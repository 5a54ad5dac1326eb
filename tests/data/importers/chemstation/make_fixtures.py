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
