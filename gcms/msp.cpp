#include "gcms/msp.h"

#include "importers/textutil.h"

#include <cmath>

namespace candor::gcms {

namespace text = importers::text;

namespace {

struct Pending {
    MspEntry entry;
    bool open = false;
    std::optional<std::uint64_t> peaksExpected;
    std::uint64_t peaksLine = 0;
    std::string error; // the first problem found, with its line
};

// Splits a peak line into numbers: separators are white space, ';', ',' and ':'
// ("41:999" in some exports); text in double quotes or parentheses is an annotation.
bool peakNumbers(std::string_view line, std::vector<double> &out, std::string &bad)
{
    std::string token;
    auto flush = [&]() {
        if (token.empty())
            return true;
        const auto v = text::parseDouble(token);
        if (!v) {
            bad = token;
            return false;
        }
        out.push_back(*v);
        token.clear();
        return true;
    };
    char closing = 0;
    for (const char c : line) {
        if (closing) {
            if (c == closing)
                closing = 0;
            continue;
        }
        if (c == '"' || c == '(' || c == '[') {
            if (!flush())
                return false;
            closing = c == '"' ? '"' : (c == '(' ? ')' : ']');
        } else if (text::isSpace(c) || c == ';' || c == ',' || c == ':') {
            if (!flush())
                return false;
        } else {
            token += c;
        }
    }
    return flush();
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

MspFile readMsp(std::string_view input, const std::string &fileName)
{
    MspFile out;
    Pending p;
    auto finish = [&]() {
        if (!p.open)
            return;
        if (p.error.empty()) {
            if (!p.peaksExpected)
                p.error = "line " + std::to_string(p.entry.line) + ": the entry \"" + p.entry.name +
                          "\" has no Num Peaks line, so its peaks cannot be told from its fields";
            else if (p.entry.mz.size() != *p.peaksExpected)
                p.error = "line " + std::to_string(p.peaksLine) + ": Num Peaks says " + std::to_string(*p.peaksExpected) +
                          " but " + std::to_string(p.entry.mz.size()) + " m/z-intensity pairs follow";
            else if (p.entry.mz.empty())
                p.error = "line " + std::to_string(p.peaksLine) + ": the entry \"" + p.entry.name + "\" has no peaks";
        }
        if (p.error.empty())
            out.entries.push_back(std::move(p.entry));
        else
            out.problems.push_back({p.entry.line, std::move(p.error)});
        p = Pending();
    };

    std::uint64_t lineNo = 0;
    std::size_t pos = 0;
    std::vector<double> numbers;
    while (pos <= input.size()) {
        auto end = input.find('\n', pos);
        if (end == std::string_view::npos)
            end = input.size();
        std::string_view raw = input.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (!raw.empty() && raw.back() == '\r')
            raw.remove_suffix(1);
        const std::string_view line = text::trim(raw);
        if (line.empty()) {
            // A blank line ends a record once its peaks are complete; NIST exports put
            // none inside a record.
            if (p.open && p.peaksExpected)
                finish();
            if (pos > input.size())
                break;
            continue;
        }
        const bool inPeaks = p.open && p.peaksExpected && p.entry.mz.size() < *p.peaksExpected;
        const auto colon = line.find(':');
        const bool looksLikeField = colon != std::string_view::npos && colon > 0 &&
                                    !std::isdigit(static_cast<unsigned char>(line.front()));
        if (inPeaks && !looksLikeField) {
            if (!p.error.empty())
                continue;
            numbers.clear();
            std::string bad;
            if (!peakNumbers(line, numbers, bad)) {
                p.error = "line " + std::to_string(lineNo) + ": \"" + text::toUtf8(bad.substr(0, 40)) +
                          "\" is not a number in the peak list";
                continue;
            }
            if (numbers.size() % 2 != 0) {
                p.error = "line " + std::to_string(lineNo) + ": an m/z without its intensity";
                continue;
            }
            for (std::size_t i = 0; i < numbers.size(); i += 2) {
                if (numbers[i] <= 0 || numbers[i + 1] < 0) {
                    p.error = "line " + std::to_string(lineNo) + ": the pair " + text::formatNumber(numbers[i]) + " " +
                              text::formatNumber(numbers[i + 1]) + " has a negative or zero m/z or a negative intensity";
                    break;
                }
                p.entry.mz.push_back(numbers[i]);
                p.entry.intensity.push_back(numbers[i + 1]);
            }
            continue;
        }
        if (!looksLikeField) {
            if (p.open && p.error.empty())
                p.error = "line " + std::to_string(lineNo) + ": \"" + text::toUtf8(line.substr(0, 40)) +
                          "\" is neither a field nor a peak" +
                          (p.peaksExpected ? " (more pairs than Num Peaks says?)" : " (before Num Peaks)");
            else if (!p.open)
                out.problems.push_back({lineNo, "line " + std::to_string(lineNo) + ": \"" + text::toUtf8(line.substr(0, 40)) +
                                                    "\" stands outside any entry (expected Name: first)"});
            continue;
        }
        const std::string key = lower(text::trim(line.substr(0, colon)));
        const std::string value = text::toUtf8(text::trim(line.substr(colon + 1)));
        if (key == "name") {
            finish();
            p.open = true;
            p.entry.name = value;
            p.entry.line = lineNo;
            if (value.empty())
                p.error = "line " + std::to_string(lineNo) + ": the entry has an empty Name";
            continue;
        }
        if (!p.open) {
            out.problems.push_back({lineNo, "line " + std::to_string(lineNo) + ": the field \"" +
                                                text::toUtf8(line.substr(0, colon)) +
                                                "\" stands outside any entry (expected Name: first)"});
            continue;
        }
        if (inPeaks && p.error.empty()) {
            p.error = "line " + std::to_string(lineNo) + ": Num Peaks says " + std::to_string(*p.peaksExpected) +
                      " but a field follows after " + std::to_string(p.entry.mz.size()) + " pairs";
            continue;
        }
        if (key == "num peaks" || key == "numpeaks" || key == "num_peaks") {
            const auto n = text::parseInt(value);
            p.peaksLine = lineNo;
            if (!n || *n < 0 || *n > 100000) {
                if (p.error.empty())
                    p.error = "line " + std::to_string(lineNo) + ": Num Peaks is \"" + value.substr(0, 40) +
                              "\", not a count of peaks";
                p.peaksExpected = 0;
            } else {
                p.peaksExpected = std::uint64_t(*n);
            }
        } else if (key == "cas#" || key == "casno" || key == "cas") {
            // NIST writes "CAS#: 50-36-2;  NIST#: 227541" on one line.
            p.entry.cas = std::string(text::trim(std::string_view(value).substr(0, value.find(';'))));
        } else if (key == "formula") {
            p.entry.formula = value;
        } else if (key == "ri" || key == "retention_index" || key == "retentionindex" || key == "retention index") {
            const auto ri = text::parseDouble(value);
            if (!ri || *ri < 0) {
                if (p.error.empty())
                    p.error = "line " + std::to_string(lineNo) + ": RI is \"" + value.substr(0, 40) + "\", not a retention index";
            } else {
                p.entry.retentionIndex = *ri;
            }
        }
    }
    finish();
    if (out.entries.empty())
        throw importers::ImportError(importers::ImportError::Kind::Malformed, fileName,
                                     out.problems.empty() ? std::optional<std::uint64_t>(1)
                                                          : std::optional<std::uint64_t>(out.problems.front().line),
                                     std::nullopt,
                                     out.problems.empty()
                                         ? "no library entry (expected Name:, Num Peaks: and peaks)"
                                         : "no library entry could be read; the first problem: " + out.problems.front().message);
    return out;
}

} // namespace candor::gcms
