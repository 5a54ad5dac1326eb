#pragma once
// Candor's calls against the confirmatory lab (issue 11): per substance and per catalogue
// class, over the samples that have lab results, how the recorded findings and the stored
// matches agree with the lab (TP, FP, FN, TN, sensitivity and specificity with 95 % Wilson
// intervals, the missed and falsely flagged samples), and for each high-risk class the
// lowest match-evidence threshold that keeps 99 % specificity on this service's data,
// which an admin may adopt for matching to apply.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace candor::core {

class Catalogue;
class Database;
struct User;

// A binomial proportion's confidence interval (Wilson score; z = 1.96 for 95 %).
struct Interval {
    double low = 0;
    double high = 0;
};
inline constexpr double kZ95 = 1.959963984540054;
// nullopt when n is 0 (nothing to estimate). Throws std::invalid_argument when
// successes > n.
std::optional<Interval> wilsonInterval(std::int64_t successes, std::int64_t n, double z = kZ95);

struct SampleRef {
    std::string sampleId;
    std::string publicCode;
    bool operator==(const SampleRef &) const = default;
};

struct Confusion {
    std::int64_t truePositives = 0;
    std::int64_t falsePositives = 0;
    std::int64_t falseNegatives = 0;
    std::int64_t trueNegatives = 0;
    std::vector<SampleRef> misses;      // lab positive, Candor did not call it
    std::vector<SampleRef> falseAlarms; // Candor called it, lab negative
    std::int64_t samples() const { return truePositives + falsePositives + falseNegatives + trueNegatives; }
    std::optional<double> sensitivity() const;
    std::optional<double> specificity() const;
    std::optional<Interval> sensitivityInterval() const { return wilsonInterval(truePositives, truePositives + falseNegatives); }
    std::optional<Interval> specificityInterval() const { return wilsonInterval(trueNegatives, trueNegatives + falsePositives); }
};

// What is known of one sample that has lab results, with every substance under its
// catalogue name (names the catalogue does not know: lower case, salt words removed).
struct SampleCalls {
    SampleRef sample;
    std::set<std::string> labDetected;           // the lab found these; anything else it did not
    bool hasFindings = false;                    // the technician recorded findings
    std::set<std::string> findings;              // substances of the findings
    bool hasMatches = false;                     // at least one stored match without error
    std::set<std::string> matchDetected;         // components called detected
    std::set<std::string> matchPossible;         // components listed as possible (not detected)
    std::map<std::string, double> matchEvidence; // per listed component: its highest evidence
};

// Three ways Candor calls a substance present, each over the samples it applies to: the
// findings (samples with findings), the stored matches' detected components, and their
// detected or possible components (samples with a stored match).
struct ValidationRow {
    std::string name;           // the substance, or for a class row the class
    std::string substanceClass; // the class (a class row: the same as name)
    bool highRisk = false;      // the catalogue's risk (a class: any member high)
    std::int64_t labPositives = 0;
    Confusion findings;
    Confusion matchDetected;
    Confusion matchFlagged;
};

// The lowest evidence threshold for one high-risk class that keeps >= 99 % specificity
// over the samples with lab results and a stored match.
struct ThresholdProposal {
    std::string substanceClass;
    std::int64_t positives = 0;
    std::int64_t negatives = 0;
    std::optional<double> evidence; // nullopt: none (no negatives, or no positive survives)
    double specificity = 0;         // on this data at that threshold
    double sensitivity = 0;
    std::optional<Interval> specificityInterval;
    // Fewer than 100 negatives: 99 % cannot be shown; the lower 95 % bound says how far
    // the data goes.
    bool tooFewNegatives = false;
    std::optional<double> adopted; // the threshold in force, if any
    std::string note;              // one sentence
};

struct ValidationReport {
    std::int64_t samplesWithLabResults = 0;
    std::int64_t samplesWithFindings = 0;
    std::int64_t samplesWithMatches = 0;
    std::vector<ValidationRow> substances;     // by name
    std::vector<ValidationRow> classes;        // by class
    std::vector<ThresholdProposal> thresholds; // per high-risk class, by class
};

inline constexpr double kTargetSpecificity = 0.99;
inline constexpr std::int64_t kNegativesToShowSpecificity = 100;

// The pure part: `classOf` and `highRisk` name every substance's class and risk (a
// substance missing from them has class "unknown", not high risk); `highRiskClasses` the
// classes thresholds are proposed for; `adopted` the thresholds in force.
ValidationReport computeValidation(const std::vector<SampleCalls> &samples, const std::map<std::string, std::string> &classOf,
                                   const std::set<std::string> &highRiskSubstances, const std::set<std::string> &highRiskClasses,
                                   const std::map<std::string, double> &adopted = {});

// One adopted threshold as stored.
struct AdoptedThreshold {
    std::string substanceClass;
    double evidence = 0;
    double specificity = 0;
    double sensitivity = 0;
    std::int64_t negatives = 0;
    std::int64_t positives = 0;
    std::string adoptedAt;
    std::string adoptedByName;
};

class LabValidation {
public:
    LabValidation(Database &db, Catalogue &catalogue)
        : m_db(db)
        , m_catalogue(catalogue)
    {
    }

    // Reads the lab results, findings and newest stored matches of every sample with lab
    // results, and computes the report.
    std::vector<SampleCalls> sampleCalls();
    ValidationReport report();

    // The thresholds in force, by class.
    std::map<std::string, double> adoptedThresholds();
    std::vector<AdoptedThreshold> adoptedThresholdRecords();
    // Stores the proposed threshold of `substanceClass` (every class that has one when
    // empty), one audit entry each with the old and new value. Admin only
    // (PermissionDenied); ValidationError naming `class` when the class has no proposal.
    // Returns what was adopted.
    std::vector<AdoptedThreshold> adoptThresholds(const User &actor, const std::string &substanceClass = {});

private:
    Database &m_db;
    Catalogue &m_catalogue;
};

} // namespace candor::core
