#pragma once
// A plain-text table for terminal output: columns as wide as their widest cell (counted
// in characters, not bytes, so accents and arrows line up), long cells cut with "…".

#include <iosfwd>
#include <string>
#include <vector>

namespace candor::cli {

class TextTable {
public:
    explicit TextTable(std::vector<std::string> headers, std::size_t maxCellWidth = 40);
    void addRow(std::vector<std::string> cells);
    bool empty() const { return m_rows.empty(); }
    void print(std::ostream &out) const;

private:
    std::vector<std::string> m_headers;
    std::vector<std::vector<std::string>> m_rows;
    std::size_t m_maxCellWidth;
};

// Characters in a UTF-8 string.
std::size_t displayWidth(const std::string &text);
// At most `width` characters, the last replaced by "…" when cut.
std::string truncateText(const std::string &text, std::size_t width);
// 7.5, 20, 0.25: no trailing zeros.
std::string formatNumber(double value);

} // namespace candor::cli
