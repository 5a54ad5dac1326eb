#!/usr/bin/env python3
"""Writes the small SPC fixtures, one per case the reader must handle or refuse.
Run from this folder; the outputs are committed so the tests need no Python."""
import struct

def header(flags=0, exp=0x80, npts=8, first=400.0, last=1100.0, nsub=1, xtype=3, ytype=2, exper=7,
           logoff=0, comment=b'fixture'):
    h = bytearray(512)
    struct.pack_into('<BBBbi', h, 0, flags, 0x4B, exper, exp if exp < 128 else exp - 256, npts)
    struct.pack_into('<ddi', h, 8, first, last, nsub)
    struct.pack_into('<BBBB', h, 28, xtype, ytype, 0, 0)
    struct.pack_into('<I', h, 32, (2024 << 20) | (3 << 16) | (5 << 11) | (14 << 6) | 30)
    h[88:88 + len(comment)] = comment
    struct.pack_into('<I', h, 248, logoff)
    return bytes(h)

def sub(exp=0x80, npts=0, time=0.0):
    return struct.pack('<BbHfffIIf4s', 0, exp if exp < 128 else exp - 256, 0, time, 0.0, 0.0, npts, 0, 0.0, b'\0' * 4)

ys = [0.5, 0.25, 0.125, 1.0, 2.0, 0.0, -0.5, 3.0]
fl = b''.join(struct.pack('<f', v) for v in ys)
ok = header() + sub() + fl
open('float-y.spc', 'wb').write(ok)
open('truncated.spc', 'wb').write(ok[:512 + 32 + 12])
bad = bytearray(ok); bad[1] = 0x99
open('wrong-magic.spc', 'wb').write(bytes(bad))
be = bytearray(ok); be[1] = 0x4C
open('big-endian.spc', 'wb').write(bytes(be))
open('npoints-huge.spc', 'wb').write(header(npts=2**30) + sub() + fl)
nan = bytearray(ok); struct.pack_into('<f', nan, 512 + 32 + 8, float('nan'))
open('nan-y.spc', 'wb').write(bytes(nan))
inf = bytearray(ok); struct.pack_into('<f', inf, 512 + 32 + 12, float('inf'))
open('inf-y.spc', 'wb').write(bytes(inf))
# Integer Y with exponent 16: y = int * 2^(16-32); and a log block with key=value lines.
ints = [65536, 32768, -65536, 131072]
body = header(exp=16, npts=4, first=1.0, last=4.0, xtype=1, ytype=128, exper=4) + sub(exp=16) + b''.join(struct.pack('<i', v) for v in ints)
logoff = len(body)
text = b'Operator=Jo\r\nDetector=MCT\r\nplain line\r\n\0'
log = struct.pack('<IIIII44s', 64 + len(text), 0, 64, 0, 0, b'\0' * 44) + text
body = bytearray(body); struct.pack_into('<I', body, 248, logoff)
open('int-y-log.spc', 'wb').write(bytes(body) + log)
# 16-bit integer Y (TSPREC): y = int16 * 2^(exp-16)
s16 = [1024, -512, 256]
open('int16-y.spc', 'wb').write(header(flags=0x01, exp=8, npts=3, first=0.0, last=2.0, xtype=13, ytype=12, exper=11) + sub(exp=8) + b''.join(struct.pack('<h', v) for v in s16))
# Multi-file XYXY: two subfiles with their own X arrays
def xyxy_sub(xs, ys_, t):
    return sub(exp=0x80, npts=len(xs), time=t) + b''.join(struct.pack('<f', v) for v in xs) + b''.join(struct.pack('<f', v) for v in ys_)
open('multi-xyxy.spc', 'wb').write(header(flags=0x04 | 0x40 | 0x80, npts=0, nsub=2, xtype=9, ytype=4, exper=9)
                                   + xyxy_sub([41.0, 43.0, 58.0], [10, 20, 30], 60.0) + xyxy_sub([44.0, 58.0], [5, 6], 61.5))
# Old LabCalc format: 256-byte header, first subheader at 224, halves of each int swapped
def old(ints_, exp=16, subexp=None):
    h = bytearray(256)
    struct.pack_into('<BBhfff', h, 0, 0, 0x4D, exp, float(len(ints_)), 10.0, 40.0)
    struct.pack_into('<BB', h, 16, 1, 2)
    h[64:64 + 7] = b'old one'
    h[224:256] = sub(exp=exp if subexp is None else subexp, npts=0)
    data = b''
    for v in ints_:
        b = struct.pack('<i', v)
        data += bytes([b[2], b[3], b[0], b[1]])
    return bytes(h) + data
open('old-format.spc', 'wb').write(old([65536, 131072, -65536, 98304]))
open('empty.spc', 'wb').write(b'')
# Non-finite values the reader must refuse at the byte that holds them.
# ffirst/flast both finite but so far apart that first + (last - first) * i overflowed
# (the shape of fuzz_spc's crash); lerp keeps them finite, so this one now reads.
open('x-span-huge.spc', 'wb').write(header(first=-1.7e308, last=1.7e308) + sub() + fl)
open('flast-inf.spc', 'wb').write(header(last=float('inf')) + sub() + fl)
# Old format with oexp = 2000: 2^(2000 - 32) is infinity, 0 * infinity is NaN.
open('old-exponent-overflow.spc', 'wb').write(old([0, 1, 2, 3], exp=2000, subexp=0))
# 16-bit integer Y (TSPREC) with an IEEE NaN X array (TXVALS): X value 1 at byte 516.
xs = bytearray(b''.join(struct.pack('<f', v) for v in [1.0, 2.0, 3.0]))
struct.pack_into('<f', xs, 4, float('nan'))
open('nan-x-array.spc', 'wb').write(header(flags=0x80, exp=0x80, npts=3) + bytes(xs) + sub() + b''.join(struct.pack('<f', v) for v in [1.0, 2.0, 3.0]))
# Headers claiming 2^25 points in a few hundred bytes: refused before X is allocated
# (16-bit Y used to skip the size check; the old format allocated X before looking).
open('int16-npoints-huge.spc', 'wb').write(header(flags=0x01, exp=8, npts=2**25) + sub(exp=8) + b'\0' * 6)
huge_old = bytearray(old([1, 2, 3]))
struct.pack_into('<f', huge_old, 4, float(2**25))
open('old-npoints-huge.spc', 'wb').write(bytes(huge_old))
