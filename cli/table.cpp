#include "cli/table.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace candor::cli {

std::size_t displayWidth(const std::string &text)
{
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xc0) != 0x80)
            ++n;
    return n;
}

std::string truncateText(const std::string &text, std::size_t width)
{
    if (displayWidth(text) <= width || width == 0)
        return text;
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xc0) != 0x80) {
            if (n == width - 1)
                break;
            ++n;
        }
        out += text[i];
    }
    return out + "…";
}

std::string formatNumber(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

TextTable::TextTable(std::vector<std::string> headers, std::size_t maxCellWidth)
    : m_headers(std::move(headers))
    , m_maxCellWidth(maxCellWidth)
{
}

void TextTable::addRow(std::vector<std::string> cells)
{
    cells.resize(m_headers.size());
    for (auto &cell : cells) {
        // A newline inside a cell would break the table's lines apart.
        std::replace(cell.begin(), cell.end(), '\n', ' ');
        cell = truncateText(cell, m_maxCellWidth);
    }
    m_rows.push_back(std::move(cells));
}

void TextTable::print(std::ostream &out) const
{
    std::vector<std::size_t> widths(m_headers.size());
    for (std::size_t c = 0; c < m_headers.size(); ++c) {
        widths[c] = displayWidth(m_headers[c]);
        for (const auto &row : m_rows)
            widths[c] = std::max(widths[c], displayWidth(row[c]));
    }
    auto line = [&](const std::vector<std::string> &cells) {
        std::string text;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            text += cells[c];
            if (c + 1 < cells.size())
                text += std::string(widths[c] - displayWidth(cells[c]) + 2, ' ');
        }
        // Trailing blanks from an empty last column would only confuse diff and grep.
        text.erase(text.find_last_not_of(' ') + 1);
        out << text << "\n";
    };
    line(m_headers);
    for (const auto &row : m_rows)
        line(row);
}

} // namespace candor::cli
