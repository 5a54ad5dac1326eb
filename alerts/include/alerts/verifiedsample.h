#pragma once
// The value the alerts library works on: one verified sample with its findings, as the
// database (or another service's published table) describes it. Many fields here must
// never be published; the Anonymizer is the only road from these values to a publisher.

#include <optional>
#include <string>
#include <vector>

namespace candor::alerts {

struct Finding {
    std::string substance;          // catalogue name, lower case: "fentanyl", "uncertain match"
    std::string substanceClass;     // fentanyl, nitazene, opioid, benzodiazepine, stimulant, alpha2-agonist,
                                    // dissociative, psychedelic, cut, other, unidentified
    std::string abundance;          // primary, trace, or "" when not stated
    std::string technique;          // ftir, gcms, strip, ...; a strip alone never names a new substance
    std::optional<double> percent;  // where quantified
    std::optional<double> amountMg; // per unit (pill), where quantified
};

struct VerifiedSample {
    std::string id;         // never published
    std::string publicCode; // never published
    std::string receivedAt; // UTC "YYYY-MM-DD[THH:MM:SSZ]"; published as ISO week or month only
    std::string site;       // never published
    std::string region;     // what publications name
    std::string soldAs;     // the person's words: never published
    std::optional<std::string> soldAsSubstance;
    std::optional<std::string> soldAsClass;
    std::string form;
    std::optional<std::string> colour;
    std::optional<std::string> texture;  // never published
    std::optional<std::string> pillLogo; // never published (alerts do not name brands)
    std::optional<double> pillMassMg;
    std::optional<std::string> notes; // never published
    std::vector<std::string> people;  // technician/verifier names: never published
    std::vector<Finding> findings;

    bool hasClass(const std::string &substanceClass) const;
    bool hasSubstance(const std::string &substance) const;
    // The dose of `substance` in one unit: amountMg, else percent of the pill mass.
    std::optional<double> doseMg(const std::string &substance) const;
};

// Where verified samples come from. The integrator implements it over the findings
// table; ExternalResultSource implements it over results other services published.
class VerifiedSampleSource {
public:
    virtual ~VerifiedSampleSource() = default;
    // Every verified (not invalidated) sample, any order.
    virtual std::vector<VerifiedSample> verifiedSamples() = 0;
};

// A fixed list, for tests and for combining sources.
class ListSampleSource : public VerifiedSampleSource {
public:
    explicit ListSampleSource(std::vector<VerifiedSample> samples)
        : m_samples(std::move(samples))
    {
    }
    std::vector<VerifiedSample> verifiedSamples() override { return m_samples; }

private:
    std::vector<VerifiedSample> m_samples;
};

} // namespace candor::alerts
