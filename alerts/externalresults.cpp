#include "alerts/externalresults.h"

#include "alerts/isoweek.h"
#include "alerts/shippeddata.h"
#include "core/csv.h"
#include "core/errors.h"
#include "core/externalresultstore.h"
#include "core/util.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace candor::alerts {

namespace {

using nlohmann::json;

const json &mappingDocument(const std::string &name)
{
    static const json dcbc = json::parse(shippedDcbcMapping());
    if (name == "drugcheckingbc")
        return dcbc;
    throw core::ValidationError("mapping", "mapping: '" + name + "' is not a known mapping (known: drugcheckingbc)");
}

} // namespace

std::vector<std::string> externalMappings()
{
    return {"drugcheckingbc"};
}

std::vector<std::vector<std::string>> parseCsv(std::string_view text)
{
    std::vector<std::vector<std::string>> rows;
    try {
        for (auto &record : core::readCsvRecords(text))
            rows.push_back(std::move(record.fields));
    } catch (const core::CsvSyntaxError &e) {
        throw core::ValidationError("csv", std::string("csv: ") + e.what());
    }
    return rows;
}

std::optional<std::vector<std::string>> parsePythonList(std::string_view text)
{
    const std::string t = core::trim(text);
    if (t.size() < 2 || t.front() != '[' || t.back() != ']')
        return std::nullopt;
    std::vector<std::string> out;
    std::size_t i = 1;
    auto skipSpace = [&] {
        while (i < t.size() - 1 && (t[i] == ' ' || t[i] == '\t'))
            ++i;
    };
    skipSpace();
    if (i == t.size() - 1)
        return out;
    while (true) {
        skipSpace();
        if (i >= t.size() - 1 || (t[i] != '\'' && t[i] != '"'))
            return std::nullopt;
        const char quote = t[i++];
        std::string item;
        while (i < t.size() - 1 && t[i] != quote) {
            if (t[i] == '\\' && i + 1 < t.size() - 1)
                ++i;
            item += t[i++];
        }
        if (i >= t.size() - 1)
            return std::nullopt;
        ++i; // closing quote
        out.push_back(item);
        skipSpace();
        if (i == t.size() - 1)
            return out;
        if (t[i] != ',')
            return std::nullopt;
        ++i;
    }
}

ExternalImportReport ExternalResultImport::importCsv(std::string_view csvText, const std::string &fileLabel,
                                                     const std::string &mappingName)
{
    const json &mapping = mappingDocument(mappingName);
    const auto rows = parseCsv(csvText);
    if (rows.empty())
        throw core::ValidationError("csv", fileLabel + ": the file is empty (expected a header row)");

    // The header: every column the mapping names, and nothing else.
    const auto &cols = mapping["columns"];
    std::vector<std::string> expected = {cols["date"], cols["site"], cols["region"], cols["sold_as"], cols["components"]};
    for (const auto &[column, strip] : cols["strips"].items())
        expected.push_back(column);
    std::map<std::string, std::size_t> index;
    std::vector<std::string> unknown;
    for (std::size_t c = 0; c < rows[0].size(); ++c) {
        const std::string name = core::trim(rows[0][c]);
        if (std::find(expected.begin(), expected.end(), name) == expected.end())
            unknown.push_back("'" + name + "'");
        else
            index[name] = c;
    }
    if (!unknown.empty())
        throw core::ValidationError("csv", fileLabel + ": unknown column" + (unknown.size() > 1 ? "s " : " ") +
                                               core::joinList(unknown, ", ") + " for the mapping " + mappingName);
    std::vector<std::string> missing;
    for (const auto &e : expected)
        if (!index.count(e))
            missing.push_back("'" + e + "'");
    if (!missing.empty())
        throw core::ValidationError("csv", fileLabel + ": missing column" + (missing.size() > 1 ? "s " : " ") +
                                               core::joinList(missing, ", ") + " for the mapping " + mappingName);

    const QByteArray sha =
        QCryptographicHash::hash(QByteArray(csvText.data(), qsizetype(csvText.size())), QCryptographicHash::Sha256).toHex();
    const std::string fileSha = sha.toStdString();
    const std::string now = core::nowUtc();

    ExternalImportReport report;
    const auto tx = m_rows.begin();
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const int rowNumber = int(r);
        ++report.read;
        const auto &row = rows[r];
        auto reject = [&](const std::string &why) { report.rejected.push_back({rowNumber, why}); };
        if (row.size() != rows[0].size()) {
            reject("has " + std::to_string(row.size()) + " fields, the header has " + std::to_string(rows[0].size()));
            continue;
        }
        auto value = [&](const std::string &column) { return core::trim(row[index.at(column)]); };
        const std::string date = value(cols["date"]);
        try {
            isoWeekOf(date);
        } catch (const core::ValidationError &) {
            reject(cols["date"].get<std::string>() + ": '" + date + "' is not a date YYYY-MM-DD");
            continue;
        }
        const std::string region = value(cols["region"]);
        if (region.empty()) {
            reject(cols["region"].get<std::string>() + ": empty (a region is needed)");
            continue;
        }
        const std::string soldAs = value(cols["sold_as"]);
        if (soldAs.empty()) {
            reject(cols["sold_as"].get<std::string>() + ": empty");
            continue;
        }
        json strips = json::object();
        std::string stripProblem;
        for (const auto &[column, stripType] : cols["strips"].items()) {
            const std::string v = value(column);
            if (mapping["strip_values"].contains(v)) {
                strips[stripType.get<std::string>()] = mapping["strip_values"][v];
            } else if (std::find(mapping["strip_conflicts"].begin(), mapping["strip_conflicts"].end(), v) !=
                       mapping["strip_conflicts"].end()) {
                stripProblem = column;
                stripProblem += ": '" + v + "' records two contradictory readings";
                break;
            } else {
                stripProblem = column;
                stripProblem += ": '" + v + "' is not a known reading (known: True, False, N/A, Invalid, Positive, Negative)";
                break;
            }
        }
        if (!stripProblem.empty()) {
            reject(stripProblem);
            continue;
        }
        const std::string componentText = row[index.at(cols["components"])];
        const auto components = parsePythonList(componentText);
        if (!components) {
            reject(cols["components"].get<std::string>() + ": '" + componentText +
                   "' is not a list like ['Caffeine', 'Fentanyl HCl']");
            continue;
        }
        json findings = json::array();
        std::string componentProblem;
        bool emptyName = false;
        for (const auto &name : *components) {
            if (core::trim(name).empty()) {
                emptyName = true;
                continue;
            }
            if (!mapping["components"].contains(name)) {
                componentProblem = cols["components"].get<std::string>() + ": unknown component '" + name + "'";
                break;
            }
            const auto &m = mapping["components"][name];
            findings.push_back({{"substance", m["substance"]},
                                {"class", m["class"]},
                                {"abundance", m["abundance"]},
                                {"technique", "ftir"},
                                {"reported", name}});
        }
        if (!componentProblem.empty()) {
            reject(componentProblem);
            continue;
        }
        // A positive strip is a finding of its class even when the FTIR missed it (the
        // strip is far more sensitive); it never names a substance as new.
        auto hasClass = [&](const std::string &cls) {
            return std::any_of(findings.begin(), findings.end(), [&](const json &f) { return f["class"] == cls; });
        };
        if (strips.value("fentanyl", "") == "positive" && !hasClass("fentanyl"))
            findings.push_back({{"substance", "fentanyl or analogue (test strip)"},
                                {"class", "fentanyl"},
                                {"abundance", ""},
                                {"technique", "strip"},
                                {"reported", "Fentanyl Test Strip: True"}});
        if (strips.value("benzodiazepine", "") == "positive" && !hasClass("benzodiazepine"))
            findings.push_back({{"substance", "benzodiazepine (test strip)"},
                                {"class", "benzodiazepine"},
                                {"abundance", ""},
                                {"technique", "strip"},
                                {"reported", "Benzo Test Strip: True"}});

        std::optional<std::string> soldSubstance;
        std::optional<std::string> soldClass;
        if (mapping["sold_as"].contains(soldAs)) {
            const auto &m = mapping["sold_as"][soldAs];
            if (!m["substance"].is_null())
                soldSubstance = m["substance"].get<std::string>();
            if (!m["class"].is_null())
                soldClass = m["class"].get<std::string>();
        } else {
            ++report.notes["sold-as text without a known substance, kept verbatim: '" + soldAs + "'"];
        }

        if (m_rows.contains(mappingName, fileSha, rowNumber)) {
            ++report.alreadyImported;
            continue;
        }
        if (emptyName)
            ++report.notes["rows whose FTIR list holds only an empty name (['']): imported with no FTIR component"];
        core::ExternalResult stored;
        stored.id = core::newId();
        stored.source = mappingName;
        stored.fileSha256 = fileSha;
        stored.sourceRow = rowNumber;
        stored.receivedDate = date;
        stored.site = value(cols["site"]);
        stored.region = region;
        stored.soldAs = soldAs;
        stored.soldAsSubstance = soldSubstance;
        stored.soldAsClass = soldClass;
        for (const auto &[type, reading] : strips.items())
            stored.strips[type] = reading.get<std::string>();
        for (const auto &f : findings)
            stored.findings.push_back({f["substance"], f["class"], f["abundance"], f["technique"], f["reported"]});
        stored.importedAt = now;
        m_rows.insert(stored);
        ++report.imported;
        for (const auto &[type, reading] : strips.items())
            ++report.stripCounts[type + " " + reading.get<std::string>()];
        std::set<std::string> listed(components->begin(), components->end());
        for (const auto &name : listed)
            ++report.componentCounts[name];
    }
    tx->commit();
    return report;
}

std::int64_t ExternalResultImport::count(const std::optional<std::string> &source)
{
    return m_rows.count(source);
}

std::vector<VerifiedSample> ExternalResultImport::samples(const std::optional<std::string> &source)
{
    std::vector<VerifiedSample> out;
    for (auto &r : m_rows.list(source)) {
        VerifiedSample s;
        s.id = std::move(r.id);
        s.receivedAt = std::move(r.receivedDate);
        s.site = std::move(r.site);
        s.region = std::move(r.region);
        s.soldAs = std::move(r.soldAs);
        s.soldAsSubstance = std::move(r.soldAsSubstance);
        s.soldAsClass = std::move(r.soldAsClass);
        for (auto &f : r.findings)
            s.findings.push_back({std::move(f.substance), std::move(f.substanceClass), std::move(f.abundance),
                                  std::move(f.technique), std::nullopt, std::nullopt});
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace candor::alerts
