#pragma once
// The only road from the service's data to anything published (domain.md, "Anonymization
// policy"): dates as ISO weeks or months, places as regions, no codes, notes, sites,
// people or verbatim words; small counts shown as "fewer than 5" with complementary
// suppression so that no published total gives them away; sample-level rows
// k-anonymous over week, region, sold-as, form and colour. It checks its own output and
// refuses (PublicationRefused, naming the rule) whatever fails.

#include "alerts/alert.h"
#include "alerts/verifiedsample.h"

#include <cstdint>
#include <map>
#include <unordered_map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace candor::alerts {

// The anonymizer's check failed: `rule()` names the policy rule, what() the detail.
class PublicationRefused : public std::runtime_error {
public:
    PublicationRefused(std::string rule, const std::string &detail)
        : std::runtime_error("publication refused: " + rule + ": " + detail)
        , m_rule(std::move(rule))
    {
    }
    const std::string &rule() const noexcept { return m_rule; }

private:
    std::string m_rule;
};

struct AnonymizationPolicy {
    int suppressionThreshold = 5; // counts 1..threshold-1 are "fewer than N"
    int k = 5;                    // sample-level rows: at least k per combination
};

// A published count: its value, or suppressed (primary: small; complementary: to protect
// a small one).
struct Cell {
    int value = 0;
    bool suppressed = false;
    std::string text(int threshold) const;
};

// The trend flags every aggregate and sample row carries.
const std::vector<std::string> &trendFlags();        // fentanyl, xylazine, benzodiazepine, nitazene
std::string trendFlagLabel(const std::string &flag); // "fentanyl or analogues", ...
bool sampleHasFlag(const VerifiedSample &sample, const std::string &flag);

// What a sample was sold as, in the coarse groups publications use ("cocaine", "opioid",
// "not known"): never the person's own words.
std::string soldAsGroup(const VerifiedSample &sample);
// Every group soldAsGroup() can return.
const std::vector<std::string> &soldAsGroups();

struct AggregateRow {
    std::string month; // "2018-07"
    std::string soldAs;
    Cell samples;
    std::map<std::string, Cell> flags; // flag -> samples with it
};

struct AggregateTable {
    int threshold = 5;
    std::vector<std::string> months;
    std::vector<AggregateRow> rows;          // by month, then sold-as
    std::map<std::string, Cell> monthTotals; // month -> all samples that month
    const AggregateRow *find(const std::string &month, const std::string &soldAs) const;
};

struct SampleRow {
    std::string period; // ISO week, or the month when generalized
    std::string region;
    std::string soldAs;
    std::string form;                         // a form, or "any" when generalized
    std::string colour;                       // a colour word, or "any" when generalized
    std::map<std::string, std::string> flags; // flag -> yes, no, withheld
};

struct SampleTable {
    int k = 5;
    std::vector<SampleRow> rows;
    int withheld = 0;    // rows left out because no generalization reached k
    int generalized = 0; // rows published with a coarser value than they had
};

// Everything one export publishes, before rendering.
struct PublicBundle {
    std::vector<PublicAlert> alerts;
    AggregateTable aggregates;
    SampleTable samples;
};

// Finds forbidden terms as whole words in published bytes: one pass per text, terms
// indexed by their first four bytes (every term has at least four), so 100,000 samples'
// terms cost a hash lookup per byte, not a search per term.
class TermScanner {
public:
    explicit TermScanner(const std::set<std::string> &terms);
    bool containsTerm(const std::string &bytes) const;

private:
    std::unordered_map<std::uint32_t, std::vector<std::string>> m_byPrefix;
};

class Anonymizer {
public:
    explicit Anonymizer(AnonymizationPolicy policy = {})
        : m_policy(policy)
    {
    }
    const AnonymizationPolicy &policy() const { return m_policy; }

    PublicAlert publicAlert(const Publication &publication, const std::vector<Publication> &earlier) const;
    std::string countText(int count) const;
    AggregateTable aggregates(const std::vector<VerifiedSample> &samples) const;
    SampleTable sampleTable(const std::vector<VerifiedSample> &samples, const AggregateTable &aggregates) const;
    PublicBundle bundle(const std::vector<Publication> &publications, const std::vector<VerifiedSample> &samples) const;

    // The figures' own rules: small counts suppressed, every total's equation with none
    // or at least two suppressed members, no implied small remainder, k per combination,
    // no sample row revealing a suppressed cell. Throws PublicationRefused.
    void checkBundle(const PublicBundle &bundle) const;

    // Words that must appear in no published byte: codes, ids, notes, site names, exact
    // times, people, verbatim sold-as and other free text of these samples.
    static std::set<std::string> forbiddenTerms(const std::vector<VerifiedSample> &samples, const std::set<std::string> &allowed);
    // Throws PublicationRefused("no identifying text") naming the file and the kind of
    // term found (never the term itself, which would leak into logs).
    static void checkBytes(const std::map<std::string, std::string> &files, const std::set<std::string> &forbidden);

private:
    AnonymizationPolicy m_policy;
};

} // namespace candor::alerts
