#pragma once
// One CSV reader for every importer of tables (lab results, other services' results):
// RFC 4180 with what spreadsheets write in practice. Each importer turns a syntax error
// into its own typed error, so its messages keep naming its file the way its users know.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace candor::core {

struct CsvRecord {
    int line = 0; // the line the record starts on (a quoted field may hold line breaks)
    std::vector<std::string> fields;
};

// A quoted field not closed before the end of the text; `line` is where it opened.
class CsvSyntaxError : public std::runtime_error {
public:
    CsvSyntaxError(int line, const std::string &what)
        : std::runtime_error(what)
        , m_line(line)
    {
    }
    int line() const noexcept { return m_line; }

private:
    int m_line;
};

// Commas, double quotes doubling a quote, CRLF or LF; a UTF-8 byte-order mark is skipped;
// blanks before an opening quote are ignored (spreadsheets write `, "a"`); blank lines
// are skipped. Throws CsvSyntaxError for an unclosed quote.
std::vector<CsvRecord> readCsvRecords(std::string_view text);

} // namespace candor::core
