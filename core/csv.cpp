#include "core/csv.h"

#include "core/util.h"

namespace candor::core {

std::vector<CsvRecord> readCsvRecords(std::string_view text)
{
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::vector<CsvRecord> records;
    CsvRecord current{1, {}};
    std::string field;
    bool quoted = false;
    bool fieldWasQuoted = false;
    int line = 1;
    int quoteLine = 0;
    auto endRecord = [&] {
        current.fields.push_back(std::move(field));
        field.clear();
        fieldWasQuoted = false;
        const bool blank = current.fields.size() == 1 && trim(current.fields[0]).empty();
        if (!blank)
            records.push_back(std::move(current));
        current = CsvRecord{line + 1, {}};
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && trim(field).empty() && !fieldWasQuoted) {
            field.clear();
            quoted = true;
            fieldWasQuoted = true;
            quoteLine = line;
        } else if (c == ',') {
            current.fields.push_back(std::move(field));
            field.clear();
            fieldWasQuoted = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;
        } else if (c == '\n') {
            endRecord();
            ++line;
        } else {
            field += c;
        }
    }
    if (quoted)
        throw CsvSyntaxError(quoteLine, "the quote opened on line " + std::to_string(quoteLine) + " is never closed");
    if (!field.empty() || !current.fields.empty())
        endRecord();
    return records;
}

} // namespace candor::core
