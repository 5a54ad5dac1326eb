#include "samplegenerator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace candor::bench {

namespace {

double pseudoVoigt(double v, double centre, double fwhm)
{
    const double d = (v - centre) / (fwhm / 2.0);
    const double sigma = fwhm / 2.3548;
    const double g = (v - centre) / sigma;
    return 0.5 / (1.0 + d * d) + 0.5 * std::exp(-0.5 * g * g);
}

double gaussian(double v, double centre, double fwhm)
{
    const double d = (v - centre) / (fwhm / 2.3548);
    return std::abs(d) > 8 ? 0.0 : std::exp(-0.5 * d * d);
}

double uniform(std::mt19937_64 &rng, double a, double b)
{
    return std::uniform_real_distribution<double>(a, b)(rng);
}
double normal(std::mt19937_64 &rng, double sd)
{
    return std::normal_distribution<double>(0.0, sd)(rng);
}
bool chance(std::mt19937_64 &rng, double p)
{
    return uniform(rng, 0, 1) < p;
}

double interpolate(const importers::Spectrum &s, double v)
{
    const auto it = std::upper_bound(s.x.begin(), s.x.end(), v);
    if (it == s.x.begin())
        return s.y.front();
    if (it == s.x.end())
        return s.y.back();
    const auto i = static_cast<std::size_t>(it - s.x.begin());
    const double t = (v - s.x[i - 1]) / (s.x[i] - s.x[i - 1]);
    return s.y[i - 1] + t * (s.y[i] - s.y[i - 1]);
}

importers::Spectrum makeSpectrum(std::string title, std::vector<double> x, std::vector<double> y)
{
    importers::Spectrum s;
    s.title = std::move(title);
    s.technique = "infrared";
    s.xUnits = "1/cm";
    s.yUnits = "absorbance";
    s.x = std::move(x);
    s.y = std::move(y);
    return s;
}

void scaleToPeak(std::vector<double> &y, double peak)
{
    const double m = *std::max_element(y.begin(), y.end());
    if (m > 0)
        for (double &v : y)
            v *= peak / m;
}

// Transmission with 1 % stray light: strong bands read lower than Beer's law says.
void saturate(std::vector<double> &y)
{
    for (double &v : y)
        v = -std::log10(0.99 * std::pow(10.0, -v) + 0.01);
}

} // namespace

std::vector<SubstanceBands> loadBandTable(const std::string &file)
{
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("cannot open band table " + file);
    std::vector<SubstanceBands> table;
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        for (const auto &s : j.at("substances")) {
            SubstanceBands b;
            b.name = s.at("name").get<std::string>();
            b.substanceClass = s.at("class").get<std::string>();
            b.risk = s.at("risk").get<std::string>();
            b.cas = s.value("cas", "");
            b.formula = s.value("formula", "");
            b.synonyms = s.value("synonyms", std::vector<std::string>{});
            for (const auto &band : s.at("bands"))
                b.bands.push_back({band.at(0).get<double>(), band.at(1).get<double>(), band.at(2).get<double>()});
            // Amines that services meet as a salt or as the base (and hydrochlorides).
            static const std::vector<std::string> amineClasses{"fentanyl",          "nitazene",     "opioid",
                                                               "stimulant",         "dissociative", "alpha2-agonist",
                                                               "local-anaesthetic", "sedative"};
            b.salt = b.name.find("HCl") != std::string::npos ||
                     std::find(amineClasses.begin(), amineClasses.end(), b.substanceClass) != amineClasses.end();
            table.push_back(std::move(b));
        }
    } catch (const nlohmann::json::exception &e) {
        throw std::runtime_error("band table " + file + ": " + e.what());
    }
    return table;
}

SampleGenerator::SampleGenerator(std::vector<SubstanceBands> table)
    : m_table(std::move(table))
{
}

const SubstanceBands &SampleGenerator::substance(const std::string &name) const
{
    for (const SubstanceBands &s : m_table)
        if (s.name == name)
            return s;
    throw std::runtime_error("no substance " + name + " in the band table");
}

Instrument SampleGenerator::drawInstrument(std::mt19937_64 &rng)
{
    static const double resolutions[] = {2, 4, 8, 16};
    static const double noises[] = {0.0005, 0.001, 0.002, 0.003};
    Instrument i;
    i.technique = chance(rng, 0.7) ? Technique::Atr : Technique::Transmission;
    i.resolution = resolutions[std::uniform_int_distribution<int>(0, 3)(rng)];
    i.peak = uniform(rng, 0.3, 1.0);
    i.noise = noises[std::uniform_int_distribution<int>(0, 3)(rng)];
    i.artefacts = true;
    return i;
}

std::vector<Band> SampleGenerator::drawForm(const SubstanceBands &s, Technique technique, std::mt19937_64 &rng) const
{
    std::vector<Band> out;
    // Another lot, crystal form or calibration: a common offset and a shift per band of a few
    // 1/cm, widths and relative intensities off by tens of percent; weak bands missing.
    const double offset = normal(rng, 1.5);
    for (Band b : s.bands) {
        if (b.intensity < 0.3 && chance(rng, 0.2))
            continue;
        b.position += offset + std::clamp(normal(rng, 2.5), -8.0, 8.0);
        b.width *= std::exp(normal(rng, 0.25));
        b.intensity *= std::exp(normal(rng, 0.3));
        out.push_back(b);
    }
    // A polymorph: one to three bands moved by 5-15 1/cm, or split in two.
    if (chance(rng, 0.3) && !out.empty()) {
        const int moved = std::uniform_int_distribution<int>(1, 3)(rng);
        for (int k = 0; k < moved; ++k) {
            Band &b = out[std::uniform_int_distribution<std::size_t>(0, out.size() - 1)(rng)];
            if (chance(rng, 0.5)) {
                b.position += (chance(rng, 0.5) ? 1 : -1) * uniform(rng, 5, 15);
            } else {
                const double d = uniform(rng, 3, 8);
                Band other = b;
                b.intensity *= 0.55;
                other.intensity *= 0.55;
                b.position -= d;
                other.position += d;
                out.push_back(other);
            }
        }
    }
    // Extra weak bands (an impurity, another polymorph, an excipient of the lot).
    const int extra = std::uniform_int_distribution<int>(0, 3)(rng);
    for (int k = 0; k < extra; ++k)
        out.push_back({uniform(rng, 700, 1800), uniform(rng, 0.04, 0.2), uniform(rng, 8, 20)});
    // A hydrate or a damp sample: O-H stretch and H-O-H bend.
    if (chance(rng, 0.2)) {
        out.push_back({uniform(rng, 3250, 3450), uniform(rng, 0.1, 0.35), uniform(rng, 150, 300)});
        out.push_back({uniform(rng, 1630, 1650), uniform(rng, 0.05, 0.15), 25});
    }
    // Salt against base: the hydrochloride's N-H+ band (2,400-2,700) there or not, and the
    // rest of the spectrum moved by the other environment.
    if (s.salt && chance(rng, 0.25)) {
        const bool isHcl = s.name.find("HCl") != std::string::npos;
        if (isHcl)
            out.erase(std::remove_if(out.begin(), out.end(),
                                     [](const Band &b) { return b.position > 2300 && b.position < 2800; }),
                      out.end());
        else
            out.push_back({uniform(rng, 2450, 2650), uniform(rng, 0.1, 0.3), uniform(rng, 150, 250)});
        for (Band &b : out)
            b.position += normal(rng, 4.0);
    }
    // ATR: anomalous dispersion moves strong bands to lower wavenumber.
    if (technique == Technique::Atr)
        for (Band &b : out)
            if (b.intensity > 0.5)
                b.position -= uniform(rng, 1, 4) * std::min(b.intensity, 1.0);
    return out;
}

std::vector<double> SampleGenerator::grid(double from, double to, double resolution)
{
    std::vector<double> x;
    const double step = resolution / 2;
    for (double v = std::ceil(from / step) * step; v <= to + 1e-9; v += step)
        x.push_back(v);
    return x;
}

void SampleGenerator::render(const std::vector<Band> &bands, double resolution, const std::vector<double> &x,
                             std::vector<double> &y, double weight)
{
    for (const Band &b : bands) {
        // The instrument line shape widens every band: widths add roughly in quadrature.
        const double w = std::sqrt(b.width * b.width + resolution * resolution);
        for (std::size_t i = 0; i < x.size(); ++i)
            y[i] += weight * b.intensity * pseudoVoigt(x[i], b.position, w);
    }
}

void SampleGenerator::finish(std::vector<double> &y, const std::vector<double> &x, const Instrument &instrument,
                             std::mt19937_64 &rng)
{
    const bool transmission = instrument.technique == Technique::Transmission;
    if (transmission)
        saturate(y);
    if (instrument.artefacts) {
        const double c0 = uniform(rng, -0.03, 0.03), c1 = uniform(rng, -0.03, 0.03), c2 = uniform(rng, -0.02, 0.02);
        // KBr pellet: scattering rising with wavenumber, and adsorbed water.
        const double scatter = transmission ? uniform(rng, 0, 0.08) : 0;
        const double kbrWater = transmission && chance(rng, 0.4) ? uniform(rng, 0.01, 0.05) : 0;
        // CO2 and water vapour left by a background taken at another time: either sign.
        const double co2 = uniform(rng, -0.02, 0.02);
        const double vapour = uniform(rng, -0.006, 0.006);
        std::vector<std::pair<double, double>> lines(60);
        for (auto &[pos, strength] : lines) {
            pos = chance(rng, 0.6) ? uniform(rng, 1350, 1950) : uniform(rng, 3550, 3900);
            strength = uniform(rng, 0.3, 1.0);
        }
        const double lineWidth = std::max(instrument.resolution, 1.0);
        const double lineScale = std::min(1.0, 2.0 / instrument.resolution);
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double v = x[i];
            const double t = (v - 2325) / 1675;
            double a = c0 + c1 * t + c2 * t * t + scatter * (v / 4000) * (v / 4000);
            a += kbrWater * (gaussian(v, 3400, 250) + 0.3 * gaussian(v, 1640, 30));
            a += co2 * (gaussian(v, 2335, 12) + 0.8 * gaussian(v, 2362, 12) + 0.5 * gaussian(v, 667, 4));
            for (const auto &[pos, strength] : lines)
                a += vapour * strength * lineScale * gaussian(v, pos, lineWidth);
            y[i] += a;
        }
    }
    std::normal_distribution<double> white(0, instrument.noise);
    for (double &v : y)
        v += white(rng);
}

importers::Spectrum SampleGenerator::measure(const std::vector<std::pair<std::string, double>> &parts,
                                             const Instrument &instrument, std::mt19937_64 &rng) const
{
    std::vector<double> x = grid(650, 4000, instrument.resolution);
    std::vector<double> y(x.size(), 0.0);
    for (const auto &[name, share] : parts)
        render(drawForm(substance(name), instrument.technique, rng), instrument.resolution, x, y, share);
    if (instrument.technique == Technique::Atr)
        for (std::size_t i = 0; i < x.size(); ++i)
            y[i] *= 1700.0 / x[i];
    scaleToPeak(y, instrument.peak);
    finish(y, x, instrument, rng);
    return makeSpectrum("accuracy benchmark sample", std::move(x), std::move(y));
}

importers::Spectrum SampleGenerator::mixIntoReal(const importers::Spectrum &real, const std::string &drug, double share,
                                                 const Instrument &instrument, std::mt19937_64 &rng) const
{
    const double from = std::max(650.0, real.x.front()), to = std::min(4000.0, real.x.back());
    if (to - from < 800)
        return {};
    std::vector<double> x = grid(from, to, instrument.resolution);
    std::vector<double> r(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        r[i] = interpolate(real, x[i]);
    const double lo = *std::min_element(r.begin(), r.end());
    for (double &v : r)
        v -= lo;
    const double hi = *std::max_element(r.begin(), r.end());
    if (!(hi > 0))
        return {};
    std::vector<double> d(x.size(), 0.0);
    render(drawForm(substance(drug), instrument.technique, rng), instrument.resolution, x, d, 1.0);
    if (instrument.technique == Technique::Atr)
        for (std::size_t i = 0; i < x.size(); ++i)
            d[i] *= 1700.0 / x[i];
    const double dMax = *std::max_element(d.begin(), d.end());
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        y[i] = (1 - share) * r[i] / hi + share * d[i] / dMax;
    scaleToPeak(y, instrument.peak);
    // The real spectrum brings its own baseline, vapour and noise: add only white noise.
    Instrument plain = instrument;
    plain.artefacts = false;
    plain.technique = Technique::Atr; // no stray-light saturation on top of a measured spectrum
    finish(y, x, plain, rng);
    return makeSpectrum("real background + " + drug, std::move(x), std::move(y));
}

} // namespace candor::bench
