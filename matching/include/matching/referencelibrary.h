#pragma once
// The reference library in memory: substances (what a sample can contain) and their
// reference spectra, with a name, version and a checksum over everything that affects
// matching. The integrator stores rows in the database and hands them over as this.

#include "importers/spectrum.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace candor::matching {

// How dangerous a substance is for the person who takes it unknowingly. High-risk
// substances are always candidates in mixture analysis and never silently dropped.
enum class RiskLevel : std::uint8_t { Low = 0, Moderate = 1, High = 2 };

const char *toString(RiskLevel risk) noexcept;
// "low", "moderate", "high"; anything else is nullopt.
std::optional<RiskLevel> riskLevelFromString(std::string_view text) noexcept;

struct Substance {
    std::string name;                  // display name, unique in a library ("Fentanyl HCl")
    std::vector<std::string> synonyms; // street and trade names ("fent", "down")
    // Class key: fentanyl, nitazene, opioid, benzodiazepine, stimulant, psychedelic,
    // dissociative, alpha2-agonist, sedative, cut, local-anaesthetic, ... or "unknown".
    std::string substanceClass = "unknown";
    RiskLevel risk = RiskLevel::Low;
    std::string cas;        // CAS registry number, if known
    std::string pubchemCid; // PubChem compound id, if known
    std::string formula;    // molecular formula, if known
};

// Classes whose members are always screened for in a mixture: fentanyl and analogues
// (carfentanil included), nitazenes, and the alpha-2 agonists xylazine and medetomidine.
bool isHighRiskClass(std::string_view substanceClass) noexcept;

// A best guess of the class from a name, for published libraries that carry none:
// "...fentanyl"/"...fentanil" -> fentanyl, "...nitazene" -> nitazene, xylazine and
// (dex)medetomidine -> alpha2-agonist; otherwise "unknown". Errs towards flagging.
// Only for the engine on its own (bench, tests, a JCAMP-DX library read without a
// database): services take class and risk from the catalogue by name and synonyms
// (core::Catalogue::resolveReferenceName), which knows far more than this guess.
std::string guessClassFromName(std::string_view name);

struct ReferenceSpectrum {
    std::string id;            // unique in the library (file name, database id)
    std::size_t substance = 0; // index into ReferenceLibrary::substances()
    std::string source;        // where the spectrum comes from ("SWGDRUG IR 3.12", "demo")
    std::string licence;
    double resolution = 0;        // instrument resolution in 1/cm, 0 if unknown
    importers::Spectrum spectrum; // as imported; technique taken from spectrum.technique
};

// What the loader takes per spectrum: the decoded spectrum and the substance it shows.
struct LibraryEntryInput {
    importers::Spectrum spectrum;
    Substance substance;
    std::string id;
    std::string source;
    std::string licence;
    double resolution = 0;
};

class ReferenceLibrary {
public:
    ReferenceLibrary(std::string name, std::string version, std::string technique = "infrared");

    // Builds a library from a list of spectra with their substance metadata. Entries
    // naming the same substance share one Substance (the first entry's metadata wins).
    // Throws MatchingError(InvalidLibrary) on duplicate ids, or a spectrum whose known
    // technique differs from the library's.
    static ReferenceLibrary fromSpectra(std::string name, std::string version, std::span<const LibraryEntryInput> entries,
                                        std::string technique = "infrared");

    // Adds or finds by name; returns its index.
    std::size_t addSubstance(Substance substance);
    // Throws MatchingError(InvalidLibrary) on an unknown substance index or duplicate id.
    void addSpectrum(ReferenceSpectrum spectrum);

    std::optional<std::size_t> findSubstance(std::string_view name) const;

    const std::string &name() const noexcept { return m_name; }
    const std::string &version() const noexcept { return m_version; }
    const std::string &technique() const noexcept { return m_technique; }
    const std::vector<Substance> &substances() const noexcept { return m_substances; }
    const std::vector<ReferenceSpectrum> &spectra() const noexcept { return m_spectra; }
    bool empty() const noexcept { return m_spectra.empty(); }

    // 16 hex digits (FNV-1a 64) over name, version, technique, every substance field and
    // every spectrum's id, units and values: any change that could change a match changes it.
    std::string checksum() const;

private:
    std::string m_name;
    std::string m_version;
    std::string m_technique;
    std::vector<Substance> m_substances;
    std::vector<ReferenceSpectrum> m_spectra;
};

// Substance metadata as a published JCAMP-DX library ships it: the title (stripping a
// catalogue prefix like "#1234 - "), ##CAS NAME / ##CAS REGISTRY NO, ##MOLFORM. Class and
// risk from the demo library's ##$CANDOR CLASS / ##$CANDOR RISK / ##$CANDOR SYNONYMS when
// present, else guessed from the name; a high-risk class always gets risk High.
Substance substanceFromMetadata(const importers::Spectrum &spectrum);

} // namespace candor::matching
