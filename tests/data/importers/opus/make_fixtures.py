#!/usr/bin/env python3
"""Writes small OPUS fixtures: a valid file (AB + data status + sample name) and one
file per way an OPUS file can be broken. Outputs are committed."""
import struct

def params(items):
    out = b''
    for name, typ, val in items:
        if typ == 0:
            v = struct.pack('<i', val)
        elif typ == 1:
            v = struct.pack('<d', val)
        else:
            v = val.encode() + b'\0'
            if len(v) % 2:
                v += b'\0'
        out += name.encode().ljust(4, b'\0') + struct.pack('<HH', typ, len(v) // 2) + v
    out += b'END\0' + struct.pack('<HH', 0, 0)
    while len(out) % 4:
        out += b'\0'
    return out

def build(npt=5, ys=(0.1, 0.2, 0.3, 0.4, 0.5), magic=b'\x0a\x0a\xfe\xfe', pad=0, status=True, count=None, csf=1.0):
    data = b''.join(struct.pack('<f', v) for v in ys) + b'\0' * (4 * pad)
    stat = params([('DPF', 0, 1), ('NPT', 0, npt), ('FXV', 1, 4000.0), ('LXV', 1, 3996.0), ('CSF', 1, csf),
                   ('DXU', 3, 'WN')])
    samp = params([('SNM', 2, 'Fixture sample')])
    blocks = [((15, 16, 0, 0), data)]
    if status:
        blocks.append(((31, 16, 0, 0), stat))
    blocks.append(((160, 0, 0, 0), samp))
    dir_size = 24 + 12 * (len(blocks) + 1)
    off = dir_size
    entries = [struct.pack('<BBBBii', 0, 52, 0, 0, (12 * (len(blocks) + 1)) // 4, 24)]
    body = b''
    for (t, c, tx, a), blob in blocks:
        entries.append(struct.pack('<BBBBii', t, c, tx, a, len(blob) // 4, off))
        body += blob
        off += len(blob)
    n = len(blocks) + 1 if count is None else count
    head = magic + struct.pack('<d', 920622.0) + struct.pack('<iii', 24, max(n, len(blocks) + 1), n)
    return head + b''.join(entries) + body

open('absorbance.0', 'wb').write(build(csf=2.0))
open('padded.0', 'wb').write(build(pad=3))
open('wrong-magic.0', 'wb').write(build(magic=b'\x0a\x0a\xfe\xff'))
full = build()
open('truncated.0', 'wb').write(full[:len(full) - 60])
open('npt-exceeds-block.0', 'wb').write(build(npt=9))
open('npt-huge.0', 'wb').write(build(npt=2**30))
open('no-status-block.0', 'wb').write(build(status=False))
open('directory-count-huge.0', 'wb').write(build(count=2**24))
open('nan-value.0', 'wb').write(build(ys=(0.1, float('nan'), 0.3, 0.4, 0.5)))
# Non-finite numbers: CSF NaN in the data-status block, FXV infinite, and a finite value
# that CSF scales to infinity.
open('csf-nan.0', 'wb').write(build(csf=float('nan')))
open('fxv-inf.0', 'wb').write(build().replace(struct.pack('<d', 4000.0), struct.pack('<d', float('inf'))))
open('y-overflows-csf.0', 'wb').write(build(ys=(0.1, 3e38, 0.3, 0.4, 0.5), csf=1e300))
# FXV/LXV finite but so far apart that first + (last - first) * i overflowed: reads.
open('x-span-huge.0', 'wb').write(build().replace(struct.pack('<d', 4000.0), struct.pack('<d', -1.7e308))
                                  .replace(struct.pack('<d', 3996.0), struct.pack('<d', 1.7e308)))
