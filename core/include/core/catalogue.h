#pragma once
// The shipped reference catalogue as the database holds it: substances and the street
// names they are sold under, test-strip types with cutoffs and known cross-reactants,
// and reagents with the colour sequences expected per substance.

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor::core {

class Database;

struct Substance {
    std::string name;
    std::string substanceClass; // fentanyl, nitazene, opioid, stimulant, cut, ...
    std::string risk;           // normal or high
};

struct CrossReactant {
    std::string substance;
    std::string note;
    std::string source;
};

struct StripType {
    std::string key;
    std::string name;
    std::string target;
    std::optional<double> defaultCutoffNgMl;
    std::string source;
    std::vector<CrossReactant> crossReactants;
};

struct ReagentReaction {
    std::string substance;
    std::vector<std::string> colours;
    std::string source;
};

struct Reagent {
    std::string key;
    std::string name;
    std::string source;
    std::vector<ReagentReaction> reactions;
};

// What a recorded colour sequence is consistent with: `exact` when the whole expected
// sequence was seen, otherwise the reading is the start of the expected sequence.
struct ReagentCandidate {
    std::string substance;
    bool exact = false;
};

class Catalogue {
public:
    explicit Catalogue(Database &db)
        : m_db(db)
    {
    }

    // The catalogue JSON compiled into the program from data/catalogue.json.
    static std::string_view shippedJson();
    // Loads the shipped catalogue when the database holds an older version (or none).
    void loadShipped();
    // Upserts a catalogue document in one transaction. Throws ValidationError naming
    // the entry that is wrong.
    void load(const nlohmann::json &document);
    int loadedVersion();

    std::vector<Substance> substances();
    std::optional<Substance> substance(const std::string &name);
    std::vector<StripType> stripTypes();
    std::optional<StripType> stripType(const std::string &key);
    std::vector<Reagent> reagents();
    std::optional<Reagent> reagent(const std::string &key);

    // "Down" -> fentanyl, "molly crystals" -> mdma: a whole-phrase synonym first, then
    // the longest synonym made of whole words of the text. nullopt when nothing fits.
    std::optional<std::string> normalizeSoldAs(std::string_view soldAs);
    // The catalogue substance a reference spectrum's name denotes: the whole name as a
    // substance or synonym ("Cocaine HCl", "Diacetylmorphine"), else the name without a
    // trailing "(...)" and salt or form words ("Etizolam base", "Fentanyl citrate
    // monohydrate" -> fentanyl). Only whole-name matches: a reference library must not
    // take its class from a word that happens to be a street name. nullopt when unknown.
    std::optional<Substance> resolveReferenceName(std::string_view name);
    // "Heroin HCl (lot 2)" -> "heroin": lower case, a trailing parenthesis and trailing salt
    // and form words (HCl, hydrochloride, base, citrate, hydrate, ...) removed.
    static std::string withoutSaltSuffixes(std::string_view name);
    // Synonyms starting with `prefix` (for completion), shortest first.
    std::vector<std::string> completeSoldAs(std::string_view prefix, int limit = 10);
    std::vector<ReagentCandidate> reagentCandidates(const std::string &reagentKey, const std::vector<std::string> &colours);

private:
    Database &m_db;
};

} // namespace candor::core
