#include "matching/referencelibrary.h"

#include "matching/checksum.h"
#include "matching/matchingerror.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace candor::matching {

const char *toString(RiskLevel risk) noexcept
{
    switch (risk) {
    case RiskLevel::Low: return "low";
    case RiskLevel::Moderate: return "moderate";
    case RiskLevel::High: return "high";
    }
    return "low";
}

std::optional<RiskLevel> riskLevelFromString(std::string_view text) noexcept
{
    if (text == "low")
        return RiskLevel::Low;
    if (text == "moderate")
        return RiskLevel::Moderate;
    if (text == "high")
        return RiskLevel::High;
    return std::nullopt;
}

bool isHighRiskClass(std::string_view substanceClass) noexcept
{
    return substanceClass == "fentanyl" || substanceClass == "nitazene" || substanceClass == "alpha2-agonist";
}

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

} // namespace

std::string guessClassFromName(std::string_view name)
{
    const std::string n = lower(name);
    if (n.find("fentan") != std::string::npos || n.find("sufentan") != std::string::npos)
        return "fentanyl";
    if (n.find("nitazene") != std::string::npos || n.find("nitazepyne") != std::string::npos)
        return "nitazene";
    if (n.find("xylazine") != std::string::npos || n.find("medetomidine") != std::string::npos)
        return "alpha2-agonist";
    return "unknown";
}

ReferenceLibrary::ReferenceLibrary(std::string name, std::string version, std::string technique)
    : m_name(std::move(name))
    , m_version(std::move(version))
    , m_technique(std::move(technique))
{
}

ReferenceLibrary ReferenceLibrary::fromSpectra(std::string name, std::string version, std::span<const LibraryEntryInput> entries,
                                               std::string technique)
{
    ReferenceLibrary library(std::move(name), std::move(version), std::move(technique));
    for (const LibraryEntryInput &entry : entries) {
        ReferenceSpectrum ref;
        ref.substance = library.addSubstance(entry.substance);
        ref.id = entry.id.empty() ? entry.spectrum.title : entry.id;
        ref.source = entry.source;
        ref.licence = entry.licence;
        ref.resolution = entry.resolution;
        ref.spectrum = entry.spectrum;
        library.addSpectrum(std::move(ref));
    }
    return library;
}

std::size_t ReferenceLibrary::addSubstance(Substance substance)
{
    if (auto found = findSubstance(substance.name))
        return *found;
    if (substance.name.empty())
        throw MatchingError(MatchingError::Kind::InvalidLibrary, "a substance has no name");
    m_substances.push_back(std::move(substance));
    return m_substances.size() - 1;
}

void ReferenceLibrary::addSpectrum(ReferenceSpectrum spectrum)
{
    if (spectrum.substance >= m_substances.size())
        throw MatchingError(MatchingError::Kind::InvalidLibrary, "spectrum '" + spectrum.id + "' names an unknown substance");
    for (const ReferenceSpectrum &s : m_spectra)
        if (s.id == spectrum.id)
            throw MatchingError(MatchingError::Kind::InvalidLibrary, "duplicate spectrum id '" + spectrum.id + "'");
    const std::string &t = spectrum.spectrum.technique;
    if (t != "unknown" && t != m_technique)
        throw MatchingError(MatchingError::Kind::TechniqueMismatch,
                            "spectrum '" + spectrum.id + "' is " + t + ", the library is " + m_technique);
    m_spectra.push_back(std::move(spectrum));
}

std::optional<std::size_t> ReferenceLibrary::findSubstance(std::string_view name) const
{
    for (std::size_t i = 0; i < m_substances.size(); ++i)
        if (m_substances[i].name == name)
            return i;
    return std::nullopt;
}

std::string ReferenceLibrary::checksum() const
{
    Fnv1a64 h;
    h.addString(m_name);
    h.addString(m_version);
    h.addString(m_technique);
    h.addValue(static_cast<std::uint64_t>(m_substances.size()));
    for (const Substance &s : m_substances) {
        h.addString(s.name);
        h.addValue(static_cast<std::uint64_t>(s.synonyms.size()));
        for (const std::string &syn : s.synonyms)
            h.addString(syn);
        h.addString(s.substanceClass);
        h.addValue(static_cast<std::uint8_t>(s.risk));
        h.addString(s.cas);
        h.addString(s.pubchemCid);
        h.addString(s.formula);
    }
    h.addValue(static_cast<std::uint64_t>(m_spectra.size()));
    for (const ReferenceSpectrum &r : m_spectra) {
        h.addString(r.id);
        h.addValue(static_cast<std::uint64_t>(r.substance));
        h.addString(r.source);
        h.addString(r.licence);
        h.addValue(r.resolution);
        h.addString(r.spectrum.technique);
        h.addString(r.spectrum.xUnits);
        h.addString(r.spectrum.yUnits);
        h.addDoubles(r.spectrum.x);
        h.addDoubles(r.spectrum.y);
    }
    return h.hex();
}

Substance substanceFromMetadata(const importers::Spectrum &spectrum)
{
    Substance s;
    std::string title = trim(spectrum.title);
    // Published libraries prefix a catalogue number: "#1234 - Cocaine HCl".
    if (!title.empty() && title[0] == '#') {
        const auto dash = title.find(" - ");
        if (dash != std::string::npos)
            title = trim(std::string_view(title).substr(dash + 3));
    }
    // The demo library's titles carry their warning; the substance is what precedes it.
    const auto demo = title.find(" (demo library");
    if (demo != std::string::npos)
        title = trim(std::string_view(title).substr(0, demo));
    s.name = title;
    std::string explicitClass;
    std::optional<RiskLevel> explicitRisk;
    for (const auto &[label, value] : spectrum.metadata) {
        std::string l = lower(label);
        l.erase(std::remove_if(l.begin(), l.end(), [](char c) { return c == '#' || c == ' ' || c == '_' || c == '-'; }), l.end());
        if (l == "casregistryno" || l == "casrn")
            s.cas = trim(value);
        else if (l == "casname" && s.name.empty())
            s.name = trim(value);
        else if (l == "molform")
            s.formula = trim(value);
        else if (l == "$candorclass")
            explicitClass = trim(value);
        else if (l == "$candorrisk")
            explicitRisk = riskLevelFromString(lower(trim(value)));
        else if (l == "$candorsynonyms") {
            std::string rest = trim(value);
            std::size_t start = 0;
            while (start <= rest.size()) {
                const std::size_t end = std::min(rest.find(';', start), rest.size());
                std::string syn = trim(std::string_view(rest).substr(start, end - start));
                if (!syn.empty())
                    s.synonyms.push_back(std::move(syn));
                start = end + 1;
            }
        }
    }
    // A name that looks like a high-risk class wins over a label that says otherwise:
    // erring towards screening is the safe side.
    const std::string guessed = guessClassFromName(s.name);
    s.substanceClass = !explicitClass.empty() && (guessed == "unknown" || isHighRiskClass(explicitClass)) ? explicitClass
                                                                                                          : guessed;
    s.risk = explicitRisk.value_or(RiskLevel::Low);
    if (isHighRiskClass(s.substanceClass))
        s.risk = RiskLevel::High;
    return s;
}

} // namespace candor::matching
