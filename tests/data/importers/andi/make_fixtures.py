#!/usr/bin/env python3
"""Writes small AnDI (netCDF classic) fixtures with SciPy (Debian's /usr/bin/python3):
a valid chromatogram and mass-spectrum run, and one file per failure mode."""
import numpy as np
from scipy.io import netcdf_file

def chrom(name, values, interval=0.5, delay=1.0, units=b'minutes', interval_type='f'):
    f = netcdf_file(name, 'w', version=1)
    f.dataset_completeness = b'C1+C2'
    f.sample_name = b'fixture chromatogram'
    f.retention_unit = units
    f.detector_unit = b'counts'
    f.createDimension('point_number', len(values))
    v = f.createVariable('ordinate_values', 'f', ('point_number',))
    v[:] = np.array(values, dtype=np.float32)
    if interval is not None:
        i = f.createVariable('actual_sampling_interval', interval_type, ())
        i.assignValue(interval)
    d = f.createVariable('actual_delay_time', 'f', ())
    d.assignValue(delay)
    f.close()

def ms(name, index, count, masses, intensities, times=(60.0, 61.5), int_type='f', scale=2.0):
    f = netcdf_file(name, 'w', version=1)
    f.experiment_title = b'fixture run'
    f.createDimension('scan_number', len(index))
    f.createDimension('point_number', len(masses))
    for var, typ, dim, val in [('scan_index', 'i', 'scan_number', index), ('point_count', 'i', 'scan_number', count),
                               ('scan_acquisition_time', 'd', 'scan_number', times),
                               ('total_intensity', 'd', 'scan_number', [-9999.0] * len(index)),
                               ('mass_values', 'd', 'point_number', masses),
                               ('intensity_values', int_type, 'point_number', intensities)]:
        v = f.createVariable(var, typ, (dim,))
        v[:] = np.array(val)
    f.variables['intensity_values'].scale_factor = scale
    f.close()

chrom('chromatogram.cdf', [1, 2, 4, 8, 4, 2])
chrom('nan-value.cdf', [1, float('nan'), 4])
chrom('no-sampling-interval.cdf', [1, 2, 3], interval=None)
ms('ms-run.cdf', [0, 3], [3, 2], [41.0, 43.0, 58.0, 44.0, 58.0], [10, 20, 30, 5, 6])
ms('scan-past-data.cdf', [0, 3], [3, 9], [41.0, 43.0, 58.0, 44.0, 58.0], [10, 20, 30, 5, 6])
data = open('chromatogram.cdf', 'rb').read()
open('truncated.cdf', 'wb').write(data[:len(data) // 2])
open('wrong-magic.cdf', 'wb').write(b'CDX' + data[3:])
# A header claiming 2^30 points: patch the point_number dimension length.
big = bytearray(data)
pos = big.find(b'point_number') + len(b'point_number')
pos += (4 - pos % 4) % 4
big[pos:pos + 4] = (2**30).to_bytes(4, 'big')
open('dimension-huge.cdf', 'wb').write(bytes(big))
f = netcdf_file('not-andi.cdf', 'w', version=1)
f.createDimension('x', 2)
f.createVariable('something', 'f', ('x',))[:] = [1, 2]
f.close()
# Non-finite values: a NaN or zero scale factor, a sampling interval whose multiples
# overflow, and intensities whose per-scan sum (the TIC) overflows.
ms('scale-nan.cdf', [0, 3], [3, 2], [41.0, 43.0, 58.0, 44.0, 58.0], [10, 20, 30, 5, 6], scale=float('nan'))
ms('scale-zero.cdf', [0, 3], [3, 2], [41.0, 43.0, 58.0, 44.0, 58.0], [10, 20, 30, 5, 6], scale=0.0)
ms('tic-overflow.cdf', [0, 3], [3, 2], [41.0, 43.0, 58.0, 44.0, 58.0], [10, 20, 30, 1e308, 1e308], int_type='d', scale=1.0)
ms('nan-mass.cdf', [0, 3], [3, 2], [41.0, 43.0, 58.0, float('nan'), 58.0], [10, 20, 30, 5, 6])
chrom('interval-overflow.cdf', [1, 2, 3, 4], interval=1e308, interval_type='d')
