#pragma once
// The accuracy benchmark's generator: independent "measurements" of substances drawn from
// their band tables (data/demo-library/bands.json), so that the library and the queries
// never come from the same spectrum. Every measurement draws its own form of the substance
// (band positions, widths, relative intensities, polymorph/hydrate/salt differences) and
// its own instrument (ATR or transmission, resolution 2-16 1/cm, baseline, CO2, water
// vapour, noise). Seeded and deterministic: the same seed gives the same spectrum.
//
// The model, stated (see bench/matching/README.md for the numbers):
//   A(v) = sat( P * T(v) * sum_i w_i k_i b_i(v) / peak ) + baseline(v) + CO2(v) + H2O(v) + noise
//   b_i   substance i as drawn for this measurement: sum of pseudo-Voigt bands, nominal
//         strongest band 1 (so k_i = 1: equal absorptivity of each compound's strongest band)
//   T     ATR: penetration depth ~ wavelength, (1700/v); transmission: 1
//   P     strongest band of the mixture, 0.3-1.0 absorbance (contact pressure, path length)
//   sat   transmission only: 1 % stray light, A -> -log10(0.99 * 10^-A + 0.01)

#include "importers/spectrum.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace candor::bench {

struct Band {
    double position = 0;  // 1/cm
    double intensity = 0; // relative, strongest nominal band 1
    double width = 0;     // FWHM, 1/cm
};

struct SubstanceBands {
    std::string name;
    std::string substanceClass;
    std::string risk; // "low", "moderate", "high"
    std::string cas, formula;
    std::vector<std::string> synonyms;
    std::vector<Band> bands;
    bool salt = false; // an amine or a hydrochloride: the salt/base difference applies
};

// Reads bands.json; throws std::runtime_error naming the file on bad content.
std::vector<SubstanceBands> loadBandTable(const std::string &file);

enum class Technique { Atr, Transmission };

struct Instrument {
    Technique technique = Technique::Atr;
    double resolution = 4; // 1/cm; grid step is resolution / 2
    double peak = 0.6;     // absorbance of the mixture's strongest band
    double noise = 0.0005; // white noise, absorbance
    bool artefacts = true; // baseline, CO2, water vapour, KBr moisture
};

class SampleGenerator {
public:
    explicit SampleGenerator(std::vector<SubstanceBands> table);

    const std::vector<SubstanceBands> &table() const noexcept { return m_table; }
    const SubstanceBands &substance(const std::string &name) const;

    // A sample instrument: ATR (70 %) or transmission, resolution 2/4/8/16, peak 0.3-1.0,
    // noise 0.0005-0.003.
    static Instrument drawInstrument(std::mt19937_64 &rng);

    // One measured spectrum of a mixture of named substances at w/w fractions (summing to 1).
    // Each component's form is drawn independently from `rng`.
    importers::Spectrum measure(const std::vector<std::pair<std::string, double>> &parts, const Instrument &instrument,
                                std::mt19937_64 &rng) const;

    // A real spectrum (absorbance over 1/cm, ascending) as the unknown main substance, with
    // the named drug at w/w `share`: A = P * ((1 - share) * r~(v) + share * T(v) b(v) / max)
    // where r~ is the real spectrum minus its minimum over its peak (k = 1 for both), on the
    // part of 650-4000 1/cm the real spectrum covers. Empty result when it covers < 800 1/cm.
    importers::Spectrum mixIntoReal(const importers::Spectrum &real, const std::string &drug, double share,
                                    const Instrument &instrument, std::mt19937_64 &rng) const;

    // The substance's bands as one measurement sees them (form + technique effects).
    std::vector<Band> drawForm(const SubstanceBands &s, Technique technique, std::mt19937_64 &rng) const;

private:
    static std::vector<double> grid(double from, double to, double resolution);
    static void render(const std::vector<Band> &bands, double resolution, const std::vector<double> &x, std::vector<double> &y,
                       double weight);
    static void finish(std::vector<double> &y, const std::vector<double> &x, const Instrument &instrument, std::mt19937_64 &rng);

    std::vector<SubstanceBands> m_table;
};

} // namespace candor::bench
