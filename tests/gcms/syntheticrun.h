#pragma once
// GC-MS runs made for tests: known compounds (spectrum, apex, height, width) on every
// nominal mass, a baseline that may drift, and Gaussian noise from a seeded generator
// written out here (splitmix64 + Box-Muller) so that the same seed gives the same run on
// every standard library.

#include "gcms/nominal.h"
#include "importers/msrun.h"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <utility>
#include <vector>

namespace candor::gcms::testing {

struct Compound {
    std::vector<std::pair<int, double>> spectrum; // (mass, relative intensity, base 999)
    double apexScan = 0;
    double height = 0; // of the base peak at the apex
    double sigmaScans = 1.5;

    NominalSpectrum nominal() const
    {
        std::vector<double> mz, in;
        for (const auto &[m, v] : spectrum)
            mz.push_back(m), in.push_back(v);
        return toNominal(mz, in);
    }
    // Σ over its ions of the Gaussian's area, in counts × minutes.
    double area(double scanMinutes) const
    {
        double sum = 0;
        for (const auto &[m, v] : spectrum)
            sum += height * v / 999.0;
        return sum * sigmaScans * std::sqrt(2 * std::numbers::pi) * scanMinutes;
    }
};

struct RunSpec {
    int scans = 600;
    double startMinutes = 3.0;
    double scanMinutes = 0.005; // 0.3 s a scan
    int firstMass = 40;
    int lastMass = 310;
    double noise = 10;       // standard deviation on every ion, every scan
    double baseline = 60;    // every ion's baseline at the first scan
    double driftPerScan = 0; // added to every ion's baseline per scan
    std::uint64_t seed = 1;
};

class Noise {
public:
    explicit Noise(std::uint64_t seed)
        : m_state(seed)
    {
    }
    double normal()
    {
        const double u1 = (double(next() >> 11) + 0.5) / 9007199254740992.0;
        const double u2 = (double(next() >> 11) + 0.5) / 9007199254740992.0;
        return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
    }

private:
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t m_state;
};

inline importers::MsRun makeRun(const RunSpec &spec, const std::vector<Compound> &compounds)
{
    Noise noise(spec.seed);
    importers::MsRun run;
    run.format = "synthetic";
    for (int k = 0; k < spec.scans; ++k) {
        importers::MsScan scan;
        scan.minutes = spec.startMinutes + k * spec.scanMinutes;
        for (int m = spec.firstMass; m <= spec.lastMass; ++m) {
            double v = spec.baseline + spec.driftPerScan * k;
            for (const auto &c : compounds)
                for (const auto &[mass, rel] : c.spectrum)
                    if (mass == m) {
                        const double d = (k - c.apexScan) / c.sigmaScans;
                        v += c.height * rel / 999.0 * std::exp(-0.5 * d * d);
                    }
            v += spec.noise * noise.normal();
            if (v > 0) {
                scan.mz.push_back(m);
                scan.intensity.push_back(v);
            }
        }
        run.scans.push_back(std::move(scan));
    }
    return run;
}

// Spectra shaped like the drugs' (base peak and main fragments), for tests only.
inline const std::vector<std::pair<int, double>> kCocaineLike{{42, 150},  {77, 120},  {82, 999}, {94, 310},
                                                              {105, 180}, {182, 620}, {303, 230}};
inline const std::vector<std::pair<int, double>> kLevamisoleLike{{73, 210}, {101, 300}, {148, 520}, {204, 999}};
inline const std::vector<std::pair<int, double>> kCaffeineLike{{55, 200}, {67, 240}, {82, 170}, {109, 520}, {194, 999}};
inline const std::vector<std::pair<int, double>> kLidocaineLike{{58, 80}, {72, 30}, {86, 999}, {234, 20}};

} // namespace candor::gcms::testing
