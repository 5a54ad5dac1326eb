#pragma once
// Mass spectra as GC-MS library search compares them: nominal (integer) masses with
// intensities scaled so that the base peak is 999, the form NIST MS Search and every
// MSP library use.

#include <optional>
#include <span>
#include <vector>

namespace candor::gcms {

struct NominalPeak {
    int mass = 0;      // nominal m/z, 1 or more
    int intensity = 0; // 1..999
    bool operator==(const NominalPeak &) const = default;
};

// Ascending, one peak per mass, no zero intensities.
using NominalSpectrum = std::vector<NominalPeak>;

// The nominal mass of an accurate (or already nominal) m/z: ceil(m/z − 0.649), NIST MS
// Search's binning as Samokhin reconstructed it (J. Am. Soc. Mass Spectrom. 2024, 35:3178).
// A bin [n − 0.351, n + 0.649) keeps organic ions, whose hydrogen-rich fragments weigh
// up to ~0.3 u more than their nominal mass at m/z 300 and ~0.6 u at m/z 600, in their
// bin, and still catches the negative mass defect of Cl, Br and I ions (Br⁺ is 78.918).
// Plain rounding would move m/z 300.5-ish ions of large organics to the next mass. nullopt
// below mass 1 or for a value that is not finite.
std::optional<int> nominalMass(double mz);

// Bins m/z to nominal mass keeping the largest intensity per mass (NIST's rule: a
// spectrum's peak at one mass is its highest point, not the sum of a profile), scales the
// base peak to 999, rounds to the nearest integer (ties to even, as R and NumPy round)
// and drops what rounds to 0. Non-positive or non-finite intensities are left out; an
// empty or all-zero input gives an empty spectrum.
NominalSpectrum toNominal(std::span<const double> mz, std::span<const double> intensity);

} // namespace candor::gcms
