#include "core/labresults.h"
#include "core/csv.h"
#include "core/auditlog.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/permissions.h"
#include "core/users.h"
#include "core/util.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <tuple>

namespace candor::core {

LabImportError::LabImportError(std::string file, int line, std::string column, const std::string &why)
    : ValidationError(column, file + " line " + std::to_string(line) + (column.empty() ? "" : ", column " + column) + ": " + why)
    , m_file(std::move(file))
    , m_line(line)
    , m_column(std::move(column))
{
}

const std::vector<std::string> &labMethods()
{
    static const std::vector<std::string> v = {"gc-ms", "lc-ms", "lc-ms/ms", "lc-qtof", "hplc",
                                               "qnmr",  "nmr",   "ftir",     "raman",   "other"};
    return v;
}

namespace {

// The file's records, a syntax error named as this importer names every bad value.
std::vector<CsvRecord> readCsv(std::string_view text, const std::string &fileName)
{
    try {
        return readCsvRecords(text);
    } catch (const CsvSyntaxError &e) {
        throw LabImportError(fileName, e.line(), "", "a quoted field is not closed before the end of the file");
    }
}

enum class Column { Code, Substance, Lab, Method, ReportedOn, QuantityPercent, Detected };

struct ColumnName {
    Column column;
    const char *canonical;
    std::vector<std::string> accepted; // after normalizeHeader
};

const std::vector<ColumnName> &columnNames()
{
    static const std::vector<ColumnName> v = {
        {Column::Code, "code", {"code", "public_code", "sample", "sample_code"}},
        {Column::Substance, "substance", {"substance", "compound", "analyte"}},
        {Column::Lab, "lab", {"lab", "laboratory"}},
        {Column::Method, "method", {"method", "technique"}},
        {Column::ReportedOn, "reported_on", {"reported_on", "reported", "report_date", "date"}},
        {Column::QuantityPercent, "quantity_percent", {"quantity_percent", "quantity", "percent", "purity_percent"}},
        {Column::Detected, "detected", {"detected", "result", "present"}},
    };
    return v;
}

// "Reported On" / "reported-on" -> "reported_on"; "Quantity (%)" -> "quantity".
std::string normalizeHeader(std::string_view text)
{
    std::string out;
    for (char c : trim(text)) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u))
            out += char(std::tolower(u));
        else if ((c == ' ' || c == '-' || c == '_') && !out.empty() && out.back() != '_')
            out += '_';
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

bool isLeap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Strict YYYY-MM-DD with a real day of the month.
bool isDate(const std::string &text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return false;
    const int y = std::stoi(text.substr(0, 4));
    const int m = std::stoi(text.substr(5, 2));
    const int d = std::stoi(text.substr(8, 2));
    static const std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= days[std::size_t(m - 1)] + (m == 2 && isLeap(y) ? 1 : 0);
}

std::optional<bool> parseDetected(const std::string &text)
{
    const std::string t = normalizeTerm(text);
    if (t.empty() || t == "yes" || t == "y" || t == "true" || t == "1" || t == "detected" || t == "positive")
        return true;
    if (t == "no" || t == "n" || t == "false" || t == "0" || t == "not detected" || t == "negative" || t == "nd")
        return false;
    return std::nullopt;
}

std::optional<std::string> parseMethod(const std::string &text)
{
    std::string t = normalizeTerm(text);
    if (t == "gcms" || t == "gc/ms" || t == "gc ms")
        t = "gc-ms";
    else if (t == "lcms" || t == "lc/ms" || t == "lc ms")
        t = "lc-ms";
    else if (t == "lc-ms-ms" || t == "lc-msms" || t == "lcms/ms")
        t = "lc-ms/ms";
    else if (t == "q-nmr" || t == "quantitative nmr")
        t = "qnmr";
    const auto &methods = labMethods();
    if (std::find(methods.begin(), methods.end(), t) == methods.end())
        return std::nullopt;
    return t;
}

std::optional<double> parsePercent(std::string text)
{
    text = trim(text);
    if (!text.empty() && text.back() == '%')
        text = trim(text.substr(0, text.size() - 1));
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

nlohmann::json resultJson(const LabResult &r)
{
    return {{"code", r.publicCode},
            {"substance", r.substance},
            {"lab", r.lab},
            {"method", r.method},
            {"reported_on", r.reportedOn},
            {"detected", r.detected},
            {"quantity_percent", jsonOrNull(r.quantityPercent)},
            {"file", r.fileName},
            {"line", r.sourceLine}};
}

} // namespace

LabImportReport LabResultStore::importCsv(std::string_view csv, const std::string &fileName, const User &actor, bool dryRun)
{
    require(actor, Action::ImportLabResults);
    const auto records = readCsv(csv, fileName);
    if (records.empty())
        throw LabImportError(fileName, 1, "", "the file is empty: it needs a header line naming at least code and substance");

    // The header: every column known, none twice, code and substance present.
    const CsvRecord &header = records.front();
    std::vector<Column> columns;
    for (const auto &raw : header.fields) {
        const std::string name = normalizeHeader(raw);
        const ColumnName *found = nullptr;
        for (const auto &c : columnNames())
            if (std::find(c.accepted.begin(), c.accepted.end(), name) != c.accepted.end())
                found = &c;
        if (!found)
            throw LabImportError(fileName, header.line, trim(raw),
                                 "unknown column; the columns are code, substance, lab, method, reported_on, "
                                 "quantity_percent and detected (see docs/lab-import.md)");
        if (std::find(columns.begin(), columns.end(), found->column) != columns.end())
            throw LabImportError(fileName, header.line, found->canonical, "the column appears twice");
        columns.push_back(found->column);
    }
    for (const auto required : {Column::Code, Column::Substance})
        if (std::find(columns.begin(), columns.end(), required) == columns.end())
            throw LabImportError(fileName, header.line, columnNames()[std::size_t(required)].canonical,
                                 "the required column is missing");
    auto canonical = [](Column c) { return std::string(columnNames()[std::size_t(c)].canonical); };

    // Every row read and checked before anything is written.
    auto findSample = m_db.prepare("SELECT id, public_code FROM samples WHERE public_code = ?");
    std::vector<LabResult> rows;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const CsvRecord &record = records[r];
        if (record.fields.size() != columns.size())
            throw LabImportError(fileName, record.line, "",
                                 "the row has " + std::to_string(record.fields.size()) + " fields, the header " +
                                     std::to_string(columns.size()));
        LabResult result;
        result.fileName = fileName;
        result.sourceLine = record.line;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string value = trim(record.fields[i]);
            auto fail = [&](const std::string &why) { throw LabImportError(fileName, record.line, canonical(columns[i]), why); };
            switch (columns[i]) {
            case Column::Code: {
                if (value.empty())
                    fail("the public code is empty");
                const auto code = normalizePublicCode(value);
                if (code) {
                    findSample.bind(1, *code);
                    if (findSample.step()) {
                        result.sampleId = findSample.columnText(0);
                        result.publicCode = findSample.columnText(1);
                    }
                    findSample.reset();
                }
                if (result.sampleId.empty())
                    fail("no sample has the public code '" + value + "'");
                break;
            }
            case Column::Substance: {
                if (value.empty())
                    fail("the substance is empty");
                const auto substance = m_catalogue.resolveReferenceName(value);
                if (!substance)
                    fail("'" + value + "' is not a substance the catalogue knows (by name or synonym)");
                result.substance = substance->name;
                result.substanceClass = substance->substanceClass;
                break;
            }
            case Column::Lab:
                if (value.size() > 200)
                    fail("the lab's name is longer than 200 characters");
                result.lab = value;
                break;
            case Column::Method:
                if (!value.empty()) {
                    const auto method = parseMethod(value);
                    if (!method)
                        fail("'" + value + "' is not a method; use one of " + joinList(labMethods(), ", "));
                    result.method = *method;
                }
                break;
            case Column::ReportedOn:
                if (!value.empty() && !isDate(value))
                    fail("'" + value + "' is not a date as YYYY-MM-DD");
                result.reportedOn = value;
                break;
            case Column::QuantityPercent:
                if (!value.empty()) {
                    const auto percent = parsePercent(value);
                    if (!percent || *percent <= 0 || *percent > 100)
                        fail("'" + value + "' is not a percentage above 0 and at most 100");
                    result.quantityPercent = percent;
                }
                break;
            case Column::Detected: {
                const auto detected = parseDetected(value);
                if (!detected)
                    fail("'" + value + "' is not yes or no");
                result.detected = *detected;
                break;
            }
            }
        }
        if (!result.detected && result.quantityPercent) {
            const auto at = std::find(columns.begin(), columns.end(), Column::QuantityPercent) - columns.begin();
            throw LabImportError(fileName, record.line, canonical(columns[std::size_t(at)]),
                                 "a quantity is given for a substance the lab did not detect");
        }
        rows.push_back(std::move(result));
    }

    // The same result twice in one file is one result; two different results for one key
    // is a contradiction the lab must resolve.
    using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
    std::map<Key, const LabResult *> seen;
    LabImportReport report;
    report.fileName = fileName;
    report.rows = int(rows.size());
    report.dryRun = dryRun;
    std::vector<const LabResult *> distinct;
    for (const auto &row : rows) {
        const Key key{row.sampleId, row.substance, row.lab, row.method, row.reportedOn};
        const auto [it, inserted] = seen.emplace(key, &row);
        if (inserted) {
            distinct.push_back(&row);
            continue;
        }
        if (it->second->detected != row.detected || it->second->quantityPercent != row.quantityPercent)
            throw LabImportError(fileName, row.sourceLine, "detected",
                                 "contradicts line " + std::to_string(it->second->sourceLine) + " for sample " + row.publicCode +
                                     " and " + row.substance);
        ++report.unchanged;
    }

    Transaction tx(m_db);
    auto existing = m_db.prepare("SELECT id, detected, quantity_percent FROM lab_results WHERE sample_id = ? AND "
                                 "substance = ? AND lab = ? AND method = ? AND reported_on = ?");
    auto insert = m_db.prepare("INSERT INTO lab_results (id, sample_id, substance, lab, method, reported_on, detected, "
                               "quantity_percent, file_name, source_line, imported_at, imported_by) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    auto update = m_db.prepare("UPDATE lab_results SET detected = ?, quantity_percent = ?, file_name = ?, source_line = ?, "
                               "imported_at = ?, imported_by = ? WHERE id = ?");
    AuditLog audit(m_db);
    const std::string now = nowUtc();
    for (const LabResult *row : distinct) {
        existing.bind(1, row->sampleId).bind(2, row->substance).bind(3, row->lab).bind(4, row->method).bind(5, row->reportedOn);
        std::optional<LabResult> old;
        if (existing.step()) {
            old = *row;
            old->id = existing.columnText(0);
            old->detected = existing.columnInt(1) != 0;
            old->quantityPercent = existing.columnOptionalDouble(2);
        }
        existing.reset();
        if (old && old->detected == row->detected && old->quantityPercent == row->quantityPercent) {
            ++report.unchanged;
            continue;
        }
        if (old) {
            ++report.updated;
            if (dryRun)
                continue;
            update.bind(1, row->detected ? 1 : 0).bind(2, row->quantityPercent).bind(3, fileName).bind(4, row->sourceLine);
            update.bind(5, now).bind(6, actor.id).bind(7, old->id);
            update.run();
            update.reset();
            audit.append(&actor, "lab_result", old->id, row->sampleId, "update", resultJson(*old), resultJson(*row),
                         "lab import of " + fileName);
            continue;
        }
        ++report.added;
        if (dryRun)
            continue;
        const std::string id = newId();
        insert.bind(1, id).bind(2, row->sampleId).bind(3, row->substance).bind(4, row->lab).bind(5, row->method);
        insert.bind(6, row->reportedOn).bind(7, row->detected ? 1 : 0).bind(8, row->quantityPercent).bind(9, fileName);
        insert.bind(10, row->sourceLine).bind(11, now).bind(12, actor.id);
        insert.run();
        insert.reset();
        audit.append(&actor, "lab_result", id, row->sampleId, "insert", nullptr, resultJson(*row), "lab import of " + fileName);
    }
    if (!dryRun)
        tx.commit();
    return report;
}

std::vector<LabResult> LabResultStore::list()
{
    auto st = m_db.prepare("SELECT r.id, r.sample_id, s.public_code, r.substance, COALESCE(c.class, ''), r.lab, r.method, "
                           "r.reported_on, r.detected, r.quantity_percent, r.file_name, r.source_line "
                           "FROM lab_results r JOIN samples s ON s.id = r.sample_id "
                           "LEFT JOIN substances c ON c.name = r.substance "
                           "ORDER BY s.public_code, r.substance, r.lab, r.method, r.reported_on");
    std::vector<LabResult> out;
    while (st.step()) {
        LabResult r;
        r.id = st.columnText(0);
        r.sampleId = st.columnText(1);
        r.publicCode = st.columnText(2);
        r.substance = st.columnText(3);
        r.substanceClass = st.columnText(4);
        r.lab = st.columnText(5);
        r.method = st.columnText(6);
        r.reportedOn = st.columnText(7);
        r.detected = st.columnInt(8) != 0;
        r.quantityPercent = st.columnOptionalDouble(9);
        r.fileName = st.columnText(10);
        r.sourceLine = int(st.columnInt(11));
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace candor::core
