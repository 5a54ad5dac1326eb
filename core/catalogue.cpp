#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace candor::core {

namespace detail {
std::string_view shippedCatalogueJson();
}

std::string_view Catalogue::shippedJson()
{
    return detail::shippedCatalogueJson();
}

int Catalogue::loadedVersion()
{
    auto st = m_db.prepare("SELECT value FROM settings WHERE key = 'catalogue_version'");
    return st.step() ? std::stoi(st.columnText(0)) : 0;
}

void Catalogue::loadShipped()
{
    const auto document = nlohmann::json::parse(shippedJson());
    if (document.value("version", 0) > loadedVersion())
        load(document);
}

namespace {
std::string requireText(const nlohmann::json &entry, const char *key, const std::string &where)
{
    if (!entry.contains(key) || !entry[key].is_string() || entry[key].get<std::string>().empty())
        throw ValidationError(where, where + ": '" + key + "' must be a non-empty text");
    return entry[key].get<std::string>();
}
} // namespace

void Catalogue::load(const nlohmann::json &document)
{
    Transaction tx(m_db);
    auto putSubstance = m_db.prepare("INSERT INTO substances (name, class, risk) VALUES (?, ?, ?) "
                                     "ON CONFLICT(name) DO UPDATE SET class = excluded.class, risk = excluded.risk");
    auto putSynonym = m_db.prepare("INSERT INTO synonyms (term, substance) VALUES (?, ?) "
                                   "ON CONFLICT(term) DO UPDATE SET substance = excluded.substance");
    for (const auto &s : document.at("substances")) {
        const auto name = normalizeTerm(requireText(s, "name", "substances"));
        const auto where = "substance " + name;
        const auto risk = s.value("risk", std::string("normal"));
        if (risk != "normal" && risk != "high")
            throw ValidationError(where, where + ": risk must be 'normal' or 'high'");
        putSubstance.bind(1, name).bind(2, requireText(s, "class", where)).bind(3, risk).run();
        putSynonym.bind(1, name).bind(2, name).run();
        for (const auto &term : s.value("synonyms", nlohmann::json::array()))
            putSynonym.bind(1, normalizeTerm(term.get<std::string>())).bind(2, name).run();
    }

    auto putStrip = m_db.prepare(
        "INSERT INTO strip_types (key, name, target, default_cutoff_ng_ml, source) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET name = excluded.name, target = excluded.target, "
        "default_cutoff_ng_ml = excluded.default_cutoff_ng_ml, source = excluded.source");
    auto clearCross = m_db.prepare("DELETE FROM strip_cross_reactants WHERE strip_type = ?");
    auto putCross = m_db.prepare("INSERT INTO strip_cross_reactants (strip_type, substance, note, source) VALUES (?, ?, ?, ?)");
    for (const auto &t : document.at("strip_types")) {
        const auto key = normalizeTerm(requireText(t, "key", "strip_types"));
        const auto where = "strip type " + key;
        putStrip.bind(1, key).bind(2, requireText(t, "name", where)).bind(3, requireText(t, "target", where));
        if (t.contains("default_cutoff_ng_ml") && t["default_cutoff_ng_ml"].is_number())
            putStrip.bind(4, t["default_cutoff_ng_ml"].get<double>());
        else
            putStrip.bindNull(4);
        putStrip.bind(5, requireText(t, "source", where)).run();
        clearCross.bind(1, key).run();
        for (const auto &c : t.value("cross_reactants", nlohmann::json::array()))
            putCross.bind(1, key)
                .bind(2, normalizeTerm(requireText(c, "substance", where)))
                .bind(3, requireText(c, "note", where))
                .bind(4, requireText(c, "source", where))
                .run();
    }

    auto putReagent = m_db.prepare("INSERT INTO reagents (key, name, source) VALUES (?, ?, ?) "
                                   "ON CONFLICT(key) DO UPDATE SET name = excluded.name, source = excluded.source");
    auto clearReactions = m_db.prepare("DELETE FROM reagent_reactions WHERE reagent = ?");
    auto putReaction = m_db.prepare("INSERT INTO reagent_reactions (reagent, substance, colours, source) VALUES (?, ?, ?, ?)");
    for (const auto &r : document.at("reagents")) {
        const auto key = normalizeTerm(requireText(r, "key", "reagents"));
        const auto where = "reagent " + key;
        const auto source = requireText(r, "source", where);
        putReagent.bind(1, key).bind(2, requireText(r, "name", where)).bind(3, source).run();
        clearReactions.bind(1, key).run();
        for (const auto &[substance, colours] : r.at("reactions").items()) {
            std::vector<std::string> sequence;
            for (const auto &c : colours)
                sequence.push_back(normalizeTerm(c.get<std::string>()));
            putReaction.bind(1, key).bind(2, normalizeTerm(substance)).bind(3, joinList(sequence)).bind(4, source).run();
        }
    }
    m_db.prepare("INSERT INTO settings (key, value) VALUES ('catalogue_version', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, std::to_string(document.value("version", 1)))
        .run();
    tx.commit();
}

std::vector<Substance> Catalogue::substances()
{
    std::vector<Substance> out;
    auto st = m_db.prepare("SELECT name, class, risk FROM substances ORDER BY name");
    while (st.step())
        out.push_back({st.columnText(0), st.columnText(1), st.columnText(2)});
    return out;
}

std::optional<Substance> Catalogue::substance(const std::string &name)
{
    auto st = m_db.prepare("SELECT name, class, risk FROM substances WHERE name = ?");
    st.bind(1, normalizeTerm(name));
    if (!st.step())
        return std::nullopt;
    return Substance{st.columnText(0), st.columnText(1), st.columnText(2)};
}

// In the catalogue's own order, most used first (fentanyl strips, Marquis).
std::vector<StripType> Catalogue::stripTypes()
{
    std::vector<StripType> out;
    auto st = m_db.prepare("SELECT key, name, target, default_cutoff_ng_ml, source FROM strip_types ORDER BY rowid");
    while (st.step())
        out.push_back({st.columnText(0), st.columnText(1), st.columnText(2), st.columnOptionalDouble(3), st.columnText(4), {}});
    auto cross = m_db.prepare(
        "SELECT substance, note, source FROM strip_cross_reactants WHERE strip_type = ? ORDER BY substance");
    for (auto &type : out) {
        cross.bind(1, type.key);
        while (cross.step())
            type.crossReactants.push_back({cross.columnText(0), cross.columnText(1), cross.columnText(2)});
        cross.reset();
    }
    return out;
}

std::optional<StripType> Catalogue::stripType(const std::string &key)
{
    const auto k = normalizeTerm(key);
    for (auto &type : stripTypes())
        if (type.key == k)
            return type;
    return std::nullopt;
}

std::vector<Reagent> Catalogue::reagents()
{
    std::vector<Reagent> out;
    auto st = m_db.prepare("SELECT key, name, source FROM reagents ORDER BY rowid");
    while (st.step())
        out.push_back({st.columnText(0), st.columnText(1), st.columnText(2), {}});
    auto reactions = m_db.prepare(
        "SELECT substance, colours, source FROM reagent_reactions WHERE reagent = ? ORDER BY substance");
    for (auto &reagent : out) {
        reactions.bind(1, reagent.key);
        while (reactions.step())
            reagent.reactions.push_back({reactions.columnText(0), splitList(reactions.columnText(1)), reactions.columnText(2)});
        reactions.reset();
    }
    return out;
}

std::optional<Reagent> Catalogue::reagent(const std::string &key)
{
    std::string k = normalizeTerm(key);
    k.erase(std::remove(k.begin(), k.end(), '\''), k.end()); // "Simon's" -> simons
    for (auto &reagent : reagents())
        if (reagent.key == k || normalizeTerm(reagent.name) == normalizeTerm(key))
            return reagent;
    return std::nullopt;
}

std::optional<std::string> Catalogue::normalizeSoldAs(std::string_view soldAs)
{
    const std::string text = normalizeTerm(soldAs);
    if (text.empty())
        return std::nullopt;
    auto lookup = m_db.prepare("SELECT substance FROM synonyms WHERE term = ?");
    lookup.bind(1, text);
    if (lookup.step())
        return lookup.columnText(0);
    lookup.reset();
    // Try every run of whole words, longest first, so "pressed oxy 30" finds "oxy" and
    // "crystal meth" wins over "crystal".
    std::vector<std::string> words = splitList(text, ' ');
    for (std::size_t length = words.size(); length >= 1; --length) {
        for (std::size_t start = 0; start + length <= words.size(); ++start) {
            std::string phrase;
            for (std::size_t i = start; i < start + length; ++i)
                phrase += (i > start ? " " : "") + words[i];
            // Single letters ("e", "x", "h", "k") are synonyms only on their own.
            if (phrase.size() < 2)
                continue;
            lookup.bind(1, phrase);
            if (lookup.step())
                return lookup.columnText(0);
            lookup.reset();
        }
    }
    return std::nullopt;
}

namespace {
// Every form of a reference name from whole to bare, one step per removed suffix, so a
// lookup can stop at the first form the catalogue knows ("cocaine base (lot 2)" finds
// "cocaine base" before "cocaine").
std::vector<std::string> nameForms(std::string_view name)
{
    static const std::vector<std::string> kSaltWords = {
        "hcl",         "hydrochloride", "dihydrochloride", "base",          "freebase", "free base",    "citrate", "hydrate",
        "monohydrate", "dihydrate",     "hemihydrate",     "sesquihydrate", "hbr",      "hydrobromide", "sulfate", "sulphate",
        "phosphate",   "tartrate",      "bitartrate",      "oxalate",       "fumarate", "maleate",      "salt",    "anhydrous"};
    std::string text = normalizeTerm(name);
    for (char &c : text)
        if (c == '_')
            c = ' ';
    text = normalizeTerm(text);
    std::vector<std::string> forms{text};
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        if (text.back() == ')') {
            const auto open = text.rfind('(');
            if (open != std::string::npos && open > 0) {
                text = trim(text.substr(0, open));
                forms.push_back(text);
                changed = true;
                continue;
            }
        }
        while (!text.empty() && (text.back() == ',' || text.back() == '-' || text.back() == ' '))
            text.pop_back();
        for (const auto &word : kSaltWords) {
            if (text.size() <= word.size() || text.compare(text.size() - word.size(), word.size(), word) != 0)
                continue;
            const char before = text[text.size() - word.size() - 1];
            if (before != ' ' && before != '-' && before != ',' && before != '.')
                continue; // "...base" inside a word, e.g. "freebase" handled as its own word
            text = trim(text.substr(0, text.size() - word.size() - 1));
            forms.push_back(text);
            changed = true;
            break;
        }
    }
    while (!forms.empty() && forms.back().empty())
        forms.pop_back();
    return forms;
}
} // namespace

std::string Catalogue::withoutSaltSuffixes(std::string_view name)
{
    const auto forms = nameForms(name);
    return forms.empty() ? std::string() : forms.back();
}

std::optional<Substance> Catalogue::resolveReferenceName(std::string_view name)
{
    auto lookup = m_db.prepare("SELECT s.name, s.class, s.risk FROM synonyms y JOIN substances s ON s.name = y.substance "
                               "WHERE y.term = ?");
    auto tryTerm = [&](const std::string &term) -> std::optional<Substance> {
        if (term.empty())
            return std::nullopt;
        lookup.bind(1, term);
        std::optional<Substance> found;
        if (lookup.step())
            found = Substance{lookup.columnText(0), lookup.columnText(1), lookup.columnText(2)};
        lookup.reset();
        return found;
    };
    for (const auto &form : nameForms(name))
        if (auto found = tryTerm(form))
            return found;
    return std::nullopt;
}

std::vector<std::string> Catalogue::completeSoldAs(std::string_view prefix, int limit)
{
    std::vector<std::string> out;
    const std::string p = normalizeTerm(prefix);
    if (p.empty())
        return out;
    auto st = m_db.prepare("SELECT term FROM synonyms WHERE term >= ? AND term < ? ORDER BY length(term), term LIMIT ?");
    st.bind(1, p).bind(2, p + "\xff").bind(3, limit);
    while (st.step())
        out.push_back(st.columnText(0));
    return out;
}

std::vector<ReagentCandidate> Catalogue::reagentCandidates(const std::string &reagentKey, const std::vector<std::string> &colours)
{
    std::vector<ReagentCandidate> out;
    const auto reagent = this->reagent(reagentKey);
    if (!reagent || colours.empty())
        return out;
    std::vector<std::string> seen;
    for (const auto &c : colours)
        seen.push_back(normalizeTerm(c));
    for (const auto &reaction : reagent->reactions) {
        if (seen.size() > reaction.colours.size())
            continue;
        if (std::equal(seen.begin(), seen.end(), reaction.colours.begin()))
            out.push_back({reaction.substance, seen.size() == reaction.colours.size()});
    }
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.exact > b.exact; });
    return out;
}

} // namespace candor::core
