#include "importers/jcampreader.h"

#include "importers/textutil.h"
#include "importers/units.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

namespace candor::importers {

namespace {

constexpr std::size_t kMaxNumberChars = 64;

struct Line {
    const char *begin = nullptr;
    const char *end = nullptr;
    std::uint64_t number = 0;
};

// Walks the file line by line without copying; CR, LF and CRLF all end a line.
class LineCursor {
public:
    LineCursor(const char *begin, const char *end)
        : m_pos(begin)
        , m_end(end)
    {
    }

    bool atEnd() const noexcept { return m_pos >= m_end; }
    std::uint64_t lineNumber() const noexcept { return m_line; }

    bool next(Line &out) noexcept
    {
        if (m_pos >= m_end)
            return false;
        const char *start = m_pos;
        const auto *nl = static_cast<const char *>(std::memchr(start, '\n', std::size_t(m_end - start)));
        const char *stop = nl ? nl : m_end;
        const auto *cr = static_cast<const char *>(std::memchr(start, '\r', std::size_t(stop - start)));
        if (cr) {
            stop = cr;
            m_pos = (cr + 1 < m_end && cr[1] == '\n') ? cr + 2 : cr + 1;
        } else {
            m_pos = nl ? nl + 1 : m_end;
        }
        out = Line{start, stop, ++m_line};
        return true;
    }

    // True when the next line starts a new record (##...).
    bool nextIsLabel() const noexcept
    {
        const char *p = m_pos;
        while (p < m_end && (*p == ' ' || *p == '\t'))
            ++p;
        return p + 1 < m_end && p[0] == '#' && p[1] == '#';
    }

    // True when nothing but blank lines and $$ comments stand between here and the next
    // record or the end of the file: the line just read was the data's last.
    bool dataEndsHere() const noexcept
    {
        const char *p = m_pos;
        while (p < m_end) {
            if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
                ++p;
            } else if (p + 1 < m_end && p[0] == '$' && p[1] == '$') {
                while (p < m_end && *p != '\n' && *p != '\r')
                    ++p;
            } else {
                return p + 1 < m_end && p[0] == '#' && p[1] == '#';
            }
        }
        return true;
    }

private:
    const char *m_pos;
    const char *m_end;
    std::uint64_t m_line = 0;
};

const char *findComment(const char *b, const char *e) noexcept
{
    for (const char *p = b; p + 1 < e; ++p) {
        p = static_cast<const char *>(std::memchr(p, '$', std::size_t(e - p)));
        if (!p || p + 1 >= e)
            return e;
        if (p[1] == '$')
            return p;
    }
    return e;
}

bool isLabelLine(const Line &l) noexcept
{
    const char *p = l.begin;
    while (p < l.end && (*p == ' ' || *p == '\t'))
        ++p;
    return p + 1 < l.end && p[0] == '#' && p[1] == '#';
}

std::string_view lineText(const Line &l)
{
    return {l.begin, std::size_t(l.end - l.begin)};
}

// Reads a header number. JCAMP-DX 5 test files write some with a space after the decimal
// point ("##FIRSTY= 0. 4491087E+01"); closing that one gap cannot be read two ways, so it
// is read and `repaired` says so. Anything else that is not a finite number is nullopt.
std::optional<double> parseHeaderNumber(std::string_view v, bool &repaired)
{
    repaired = false;
    if (const auto d = text::parseDouble(v))
        return d;
    const std::string_view t = text::trim(v);
    std::string joined;
    joined.reserve(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        joined.push_back(t[i]);
        if (t[i] != '.' || i == 0 || !std::isdigit(static_cast<unsigned char>(t[i - 1])))
            continue;
        std::size_t j = i + 1;
        while (j < t.size() && (t[j] == ' ' || t[j] == '\t'))
            ++j;
        if (j > i + 1 && j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) {
            i = j - 1;
            repaired = true;
        }
    }
    if (!repaired)
        return std::nullopt;
    const auto d = text::parseDouble(joined);
    repaired = d.has_value();
    return d;
}

// "NaN", "Inf" or "Infinity" written as a value (any case). In ASDF these letters are
// also DIF and SQZ digits, so only a whole word between separators counts.
std::optional<std::string_view> nonFiniteWord(const char *p, const char *e) noexcept
{
    const char *q = p;
    if (q < e && (*q == '+' || *q == '-'))
        ++q;
    const char *w = q;
    while (q < e && std::isalpha(static_cast<unsigned char>(*q)))
        ++q;
    if (q < e && !(*q == ' ' || *q == '\t' || *q == ',' || *q == ';' || *q == ')'))
        return std::nullopt;
    const std::string word = text::upperAscii(std::string_view(w, std::size_t(q - w)));
    if (word == "NAN" || word == "INF" || word == "INFINITY")
        return std::string_view(p, std::size_t(q - p));
    return std::nullopt;
}

// One ##TITLE ... ##END= block with its records; LINK blocks nest.
struct Block {
    std::string title;
    std::uint64_t firstLine = 0;
    std::vector<std::pair<std::string, std::string>> meta; // label as written, value
    std::vector<std::string> keys;                         // normalized labels, parallel to meta
    std::vector<std::uint64_t> lines;                      // where each record starts, parallel to meta
    bool isLink = false;
    std::optional<std::int64_t> declaredBlocks;
    int children = 0;
    int dataRecords = 0;

    const std::string *find(std::string_view key) const
    {
        for (std::size_t i = keys.size(); i-- > 0;)
            if (keys[i] == key)
                return &meta[i].second;
        return nullptr;
    }

    // The line of the record `key`, or `fallback` when the block has none.
    std::uint64_t lineOf(std::string_view key, std::uint64_t fallback) const
    {
        for (std::size_t i = keys.size(); i-- > 0;)
            if (keys[i] == key)
                return lines[i];
        return fallback;
    }

    // Before the first data record every record is kept in file order; after it, a
    // label seen again (GC-MS pages, NTUPLES pages) replaces its earlier value so that
    // each page's spectrum carries that page's values.
    void set(std::string rawLabel, std::string key, std::string value, std::uint64_t line)
    {
        if (dataRecords > 0) {
            for (std::size_t i = keys.size(); i-- > 0;)
                if (keys[i] == key) {
                    meta[i].second = std::move(value);
                    lines[i] = line;
                    return;
                }
        }
        meta.emplace_back(std::move(rawLabel), std::move(value));
        keys.push_back(std::move(key));
        lines.push_back(line);
    }
};

// A list-valued NTUPLES record (##SYMBOL=X, R, I) split on commas.
std::vector<std::string> splitList(const std::string *value)
{
    std::vector<std::string> out;
    if (!value)
        return out;
    std::string_view s = *value;
    while (true) {
        const auto comma = s.find(',');
        out.emplace_back(text::trim(s.substr(0, comma)));
        if (comma == std::string_view::npos)
            break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

// The axis parameters one data record needs, gathered from plain labels (FIRSTX,
// XFACTOR...) or from the NTUPLES columns of the variable's symbol.
struct Axis {
    std::optional<double> first;
    std::optional<double> last;
    std::optional<double> delta;
    std::optional<std::int64_t> dim;
    double factor = 1.0;
    std::string units;
};

// What a variable list such as "(X++(Y..Y))" or "(XYW..XYW)" says about the data.
struct VarList {
    bool equidistant = false;
    bool parenthesized = false; // ##PEAK ASSIGNMENTS=(XYMA), ##PEAK TABLE=(XYA): one "(...)" per group
    std::string xSymbol;
    std::string ySymbol;
    std::vector<std::string> symbols;
};

class JcampParser {
public:
    JcampParser(std::span<const std::byte> bytes, const std::string &fileName)
        : m_begin(reinterpret_cast<const char *>(bytes.data()))
        , m_end(m_begin + bytes.size())
        , m_cursor(m_begin, m_end)
        , m_file(fileName)
    {
    }

    std::vector<Spectrum> run();

private:
    [[noreturn]] void fail(std::uint64_t line, const std::string &what) const
    {
        throw ImportError(ImportError::Kind::Malformed, m_file, line, std::nullopt, what);
    }

    // A warning for the spectrum being decoded: what was read in a way the file did not
    // quite say, so that people see it next to the spectrum.
    void warn(std::uint64_t line, const std::string &what) { m_warnings.push_back("line " + std::to_string(line) + ": " + what); }

    // A header number (##FIRSTX=, a ##FACTOR= column): ImportError at `line` unless it is
    // finite; a space after its decimal point is read with a warning.
    double headerNumber(const std::string &value, const std::string &what, std::uint64_t line);

    Block &current(std::uint64_t line)
    {
        if (m_stack.empty()) {
            m_stack.emplace_back();
            m_stack.back().firstLine = line;
        }
        return m_stack.back();
    }

    void handleRecord(const Line &line, std::string_view rawLabel, std::string key, const char *valueBegin);
    void closeBlock(std::uint64_t line);
    void handleData(Block &block, std::string_view rawLabel, const std::string &key, std::string_view varText,
                    const Line &labelLine);
    VarList parseVarList(std::string_view varText, const std::string &key, std::uint64_t line) const;
    Axis axisFor(const Block &block, const std::string &symbol, std::uint64_t line);
    void decodeEquidistant(Block &block, const VarList &vars, Spectrum &s, const Line &labelLine);
    void decodeGroups(Block &block, const VarList &vars, Spectrum &s, const Line &labelLine);
    std::optional<std::int64_t> npointsOf(const Block &block, std::uint64_t line) const;
    std::optional<double> number(const Block &block, std::string_view key, std::uint64_t line);

    const char *m_begin;
    const char *m_end;
    LineCursor m_cursor;
    const std::string &m_file;
    std::vector<Block> m_stack;
    std::vector<Spectrum> m_out;
    std::vector<std::string> m_warnings; // of the spectrum being decoded
    bool m_inAngleText = false;          // inside a <...> assignment that runs over lines
};

std::vector<Spectrum> JcampParser::run()
{
    Line line;
    while (m_cursor.next(line)) {
        if (!isLabelLine(line))
            continue; // text before the first record, or a stray comment line
        const char *p = line.begin;
        while (*p != '#')
            ++p;
        p += 2;
        const char *eq = static_cast<const char *>(std::memchr(p, '=', std::size_t(line.end - p)));
        const char *labelEnd = eq ? eq : findComment(p, line.end);
        const std::string_view rawLabel = text::trim(std::string_view(p, std::size_t(labelEnd - p)));
        std::string key = text::normalizeLabel(rawLabel);
        if (key.empty())
            continue;
        handleRecord(line, rawLabel, std::move(key), eq ? eq + 1 : line.end);
    }
    // A missing ##END= is tolerated when what came before is complete.
    while (!m_stack.empty()) {
        const Block &b = m_stack.back();
        if (b.isLink && b.declaredBlocks && b.children < *b.declaredBlocks)
            fail(m_cursor.lineNumber(), "the file ends after " + std::to_string(b.children) + " of the " +
                                            std::to_string(*b.declaredBlocks) + " blocks that ##BLOCKS= announced (truncated?)");
        m_stack.pop_back();
    }
    if (m_out.empty())
        fail(m_cursor.lineNumber(), "no spectral data found (expected ##XYDATA=, ##XYPOINTS=, ##PEAK TABLE= or ##DATA TABLE=)");
    return std::move(m_out);
}

void JcampParser::handleRecord(const Line &line, std::string_view rawLabel, std::string key, const char *valueBegin)
{
    if (key == "END") {
        closeBlock(line.number);
        return;
    }
    if (key == "ENDNTUPLES")
        return;

    const char *commentAt = findComment(valueBegin, line.end);
    std::string_view firstValue = text::trim(std::string_view(valueBegin, std::size_t(commentAt - valueBegin)));

    if (key == "TITLE") {
        if (!m_stack.empty())
            m_stack.back().children++;
        m_stack.emplace_back();
        m_stack.back().firstLine = line.number;
    }
    Block &block = current(line.number);

    if (key == "XYDATA" || key == "XYPOINTS" || key == "PEAKTABLE" || key == "DATATABLE" || key == "RADATA" ||
        (key == "PEAKASSIGNMENTS" && !firstValue.empty())) {
        handleData(block, rawLabel, key, firstValue, line);
        return;
    }

    // Ordinary record: its value runs over the following lines up to the next ##.
    std::string value(firstValue);
    Line more;
    while (!m_cursor.nextIsLabel() && m_cursor.next(more)) {
        const char *c = findComment(more.begin, more.end);
        const std::string_view part = text::trim(std::string_view(more.begin, std::size_t(c - more.begin)));
        if (part.empty())
            continue;
        if (!value.empty())
            value.push_back('\n');
        value.append(part);
    }
    value = text::toUtf8(value);

    if (key == "TITLE")
        block.title = value;
    else if (key == "DATATYPE" && text::upperAscii(value).find("LINK") != std::string::npos)
        block.isLink = true;
    else if (key == "BLOCKS") {
        const auto n = text::parseInt(value);
        if (!n || *n < 0)
            fail(line.number, "##BLOCKS= expects a whole number, found \"" + value + "\"");
        block.declaredBlocks = *n;
    }
    block.set(text::toUtf8(rawLabel), std::move(key), std::move(value), line.number);
}

void JcampParser::closeBlock(std::uint64_t line)
{
    if (m_stack.empty())
        return; // an extra ##END= after the last block: harmless
    const Block &b = m_stack.back();
    if (b.isLink && b.declaredBlocks && b.children < *b.declaredBlocks)
        fail(line, "##BLOCKS=" + std::to_string(*b.declaredBlocks) + " but the LINK block holds only " +
                       std::to_string(b.children) + " blocks");
    m_stack.pop_back();
}

VarList JcampParser::parseVarList(std::string_view varText, const std::string &key, std::uint64_t line) const
{
    std::string v;
    for (char c : varText)
        if (c != ' ' && c != '\t')
            v.push_back(c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c);
    VarList out;
    const auto bad = [&]() -> VarList {
        fail(line,
             "##" + key + "= expects a variable list such as (X++(Y..Y)) or (XY..XY), found \"" + std::string(varText) + "\"");
    };
    if (v.empty() || v[0] != '(')
        return bad();
    const auto pp = v.find("++");
    if (pp != std::string::npos) {
        const auto open = v.find('(', pp);
        const auto dots = v.find("..", pp);
        if (open == std::string::npos || dots == std::string::npos || dots < open)
            return bad();
        out.equidistant = true;
        out.xSymbol = v.substr(1, pp - 1);
        out.ySymbol = v.substr(open + 1, dots - open - 1);
        if (out.xSymbol.empty() || out.ySymbol.empty())
            return bad();
        return out;
    }
    const auto dots = v.find("..");
    std::string inner;
    if (dots != std::string::npos) {
        inner = v.substr(1, dots - 1);
    } else if (key == "PEAKASSIGNMENTS" || key == "PEAKTABLE") {
        // One "(...)" tuple per peak: (XYA), (XYMA), (XYWA).
        const auto close = v.find(')');
        if (close == std::string::npos)
            return bad();
        inner = v.substr(1, close - 1);
        out.parenthesized = true;
    } else {
        return bad();
    }
    // Symbols are single letters in grouped lists ("XYW"), except NTUPLES ones like "F2".
    for (std::size_t i = 0; i < inner.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(inner[i])) && !out.symbols.empty())
            out.symbols.back().push_back(inner[i]);
        else
            out.symbols.emplace_back(1, inner[i]);
    }
    if (out.symbols.size() < 2)
        return bad();
    out.xSymbol = out.symbols[0];
    out.ySymbol = out.symbols[1];
    return out;
}

double JcampParser::headerNumber(const std::string &value, const std::string &what, std::uint64_t line)
{
    bool repaired = false;
    const auto d = parseHeaderNumber(value, repaired);
    if (!d)
        fail(line, what + " expects a finite number, found \"" + value + "\"");
    if (repaired)
        warn(line, what + " \"" + value + "\" has a space after its decimal point; read as " + text::formatExact(*d));
    return *d;
}

std::optional<double> JcampParser::number(const Block &block, std::string_view key, std::uint64_t line)
{
    const std::string *v = block.find(key);
    if (!v || text::trim(*v).empty())
        return std::nullopt;
    return headerNumber(*v, "##" + std::string(key) + "=", block.lineOf(key, line));
}

std::optional<std::int64_t> JcampParser::npointsOf(const Block &block, std::uint64_t line) const
{
    const std::string *v = block.find("NPOINTS");
    if (!v || text::trim(*v).empty())
        return std::nullopt;
    const auto n = text::parseInt(*v);
    if (!n || *n < 0)
        fail(line, "##NPOINTS= expects a whole number, found \"" + *v + "\"");
    if (std::uint64_t(*n) > JcampReader::kMaxPoints)
        fail(line, "##NPOINTS=" + std::to_string(*n) + " is beyond the " + std::to_string(JcampReader::kMaxPoints) +
                       " points Candor accepts in one spectrum");
    return n;
}

Axis JcampParser::axisFor(const Block &block, const std::string &symbol, std::uint64_t line)
{
    Axis a;
    const std::vector<std::string> symbols = splitList(block.find("SYMBOL"));
    std::size_t col = symbols.size();
    for (std::size_t i = 0; i < symbols.size(); ++i)
        if (text::upperAscii(symbols[i]) == symbol)
            col = i;
    if (col < symbols.size()) {
        // NTUPLES: one column per variable.
        const auto cell = [&](std::string_view key) -> std::string {
            const auto list = splitList(block.find(key));
            return col < list.size() ? list[col] : std::string();
        };
        const auto num = [&](std::string_view key) -> std::optional<double> {
            const std::string c = cell(key);
            if (text::trim(c).empty())
                return std::nullopt;
            return headerNumber(c, "##" + std::string(key) + "= column " + symbol, block.lineOf(key, line));
        };
        a.first = num("FIRST");
        a.last = num("LAST");
        if (const auto f = num("FACTOR"))
            a.factor = *f;
        // A factor of zero would turn every value into the same number: no spectrum at all.
        if (a.factor == 0)
            fail(block.lineOf("FACTOR", line), "##FACTOR= column " + symbol + " is 0: every " + symbol + " value would be zero");
        a.units = cell("UNITS");
        const std::string d = cell("VARDIM");
        if (!text::trim(d).empty()) {
            const auto n = text::parseInt(d);
            if (!n || *n < 0)
                fail(line, "##VAR_DIM= column " + symbol + " expects a whole number, found \"" + d + "\"");
            a.dim = n;
        }
        return a;
    }
    a.first = number(block, "FIRST" + symbol, line);
    a.last = number(block, "LAST" + symbol, line);
    a.delta = number(block, "DELTA" + symbol, line);
    if (const auto f = number(block, symbol + "FACTOR", line))
        a.factor = *f;
    if (a.factor == 0)
        fail(block.lineOf(symbol + "FACTOR", line), "##" + symbol + "FACTOR= 0: every " + symbol + " value would be zero");
    if (const std::string *u = block.find(symbol + "UNITS"))
        a.units = *u;
    return a;
}

void JcampParser::handleData(Block &block, std::string_view rawLabel, const std::string &key, std::string_view varText,
                             const Line &labelLine)
{
    const VarList vars = parseVarList(varText, key, labelLine.number);
    Spectrum s;
    s.title = block.title;
    m_warnings.clear();
    if (vars.equidistant)
        decodeEquidistant(block, vars, s, labelLine);
    else
        decodeGroups(block, vars, s, labelLine);

    const std::string *dataType = block.find("DATATYPE");
    s.technique = techniqueFromDataType(dataType ? *dataType : std::string());
    if (s.technique == "unknown")
        if (const std::string *nt = block.find("NTUPLES"))
            s.technique = techniqueFromDataType(*nt);
    block.set(text::toUtf8(rawLabel), key, std::string(varText), labelLine.number);
    block.dataRecords++;
    s.metadata = block.meta;
    s.warnings = std::move(m_warnings);
    m_warnings.clear();
    m_out.push_back(std::move(s));
}

// ----- ASDF decoding: the hot path -----------------------------------------------

// Parses the digits after a first digit that a letter or an AFFN digit supplied.
// Integers up to 2^53 and decimals with up to 22 fraction digits are exact via one
// correctly rounded division; anything longer goes through from_chars.
inline bool readMagnitude(const char *&p, const char *e, int firstDigit, bool allowExponent, double &out) noexcept
{
    const char *start = p;
    std::uint64_t m = std::uint64_t(firstDigit < 0 ? 0 : firstDigit);
    int digits = firstDigit < 0 ? 0 : 1;
    int frac = 0;
    bool dot = false;
    bool slow = false;
    while (p < e) {
        const char c = *p;
        if (c >= '0' && c <= '9') {
            if (digits < 18)
                m = m * 10 + std::uint64_t(c - '0');
            else
                slow = true;
            ++digits;
            if (dot)
                ++frac;
            ++p;
        } else if (c == '.' && !dot) {
            dot = true;
            ++p;
        } else {
            break;
        }
    }
    if (digits == 0)
        return false;
    // 'E' is an exponent only when a sign and a digit follow; otherwise it is SQZ +5.
    bool exponent = false;
    if (allowExponent && e - p >= 3 && (*p == 'E' || *p == 'e') && (p[1] == '+' || p[1] == '-') && p[2] >= '0' && p[2] <= '9') {
        exponent = true;
        p += 2;
        while (p < e && *p >= '0' && *p <= '9')
            ++p;
    }
    if (!slow && !exponent && frac <= 22 && m <= (std::uint64_t(1) << 53)) {
        static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
        out = frac == 0 ? double(m) : double(m) / kPow10[frac];
        return true;
    }
    char buf[kMaxNumberChars + 2];
    std::size_t n = 0;
    if (firstDigit >= 0)
        buf[n++] = char('0' + firstDigit);
    const std::size_t rest = std::size_t(p - start);
    if (rest + n > kMaxNumberChars)
        return false;
    std::memcpy(buf + n, start, rest);
    n += rest;
    const auto [end, ec] = std::from_chars(buf, buf + n, out);
    return ec == std::errc() && end == buf + n && std::isfinite(out);
}

struct AsdfState {
    double last = 0;
    double lastDif = 0;
    enum class Tok { None, Abs, Dif } lastTok = Tok::None;
    bool lineEndedDif = false;
};

struct LineX {
    std::size_t index;
    double x;
    std::uint64_t line;
};

// Whether a Y check agrees with the value it repeats (both were written as decimals).
bool sameY(double a, double b) noexcept
{
    return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

bool restIsBlank(const char *p, const char *e) noexcept
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == ','))
        ++p;
    return p >= e;
}

void JcampParser::decodeEquidistant(Block &block, const VarList &vars, Spectrum &s, const Line &labelLine)
{
    const std::uint64_t L = labelLine.number;
    const Axis ax = axisFor(block, vars.xSymbol, L);
    const Axis ay = axisFor(block, vars.ySymbol, L);
    std::optional<std::int64_t> npoints = npointsOf(block, L);
    if (!npoints && ax.dim)
        npoints = ax.dim;
    if (npoints && std::uint64_t(*npoints) > JcampReader::kMaxPoints)
        fail(L, "the variable dimension " + std::to_string(*npoints) + " is beyond the " +
                    std::to_string(JcampReader::kMaxPoints) + " points Candor accepts");
    const std::size_t expected = npoints ? std::size_t(*npoints) : 0;

    std::vector<double> &ys = s.y;
    ys.reserve(std::min<std::size_t>(npoints ? expected : JcampReader::kMaxPoints, std::size_t(m_end - m_begin) + 16));
    std::vector<LineX> lineXs;
    AsdfState st;
    std::uint64_t lastDataLine = L;

    // NPOINTS does not cap the data: points beyond it are kept and reported below.
    const auto push = [&](double v, std::uint64_t lineNo) {
        if (ys.size() >= JcampReader::kMaxPoints)
            fail(lineNo, "more Y values than Candor accepts in one spectrum");
        ys.push_back(v);
    };

    Line line;
    while (!m_cursor.nextIsLabel() && m_cursor.next(line)) {
        const char *p = line.begin;
        const char *e = findComment(line.begin, line.end);
        const std::uint64_t no = line.number;
        // Abscissa: always AFFN.
        while (p < e && (*p == ' ' || *p == '\t' || *p == ','))
            ++p;
        if (p == e)
            continue;
        if (const auto word = nonFiniteWord(p, e))
            fail(no, "the line's X value is written as \"" + std::string(*word) + "\", which is not a number");
        bool neg = false;
        if (*p == '+' || *p == '-') {
            neg = *p == '-';
            ++p;
        }
        double lineX = 0;
        if (p >= e || !((*p >= '0' && *p <= '9') || *p == '.') || !readMagnitude(p, e, -1, true, lineX))
            fail(no, "expected the line's X value (a plain number) at the start of the line, found \"" +
                         std::string(text::trim(lineText(line))).substr(0, 40) + "\"");
        if (neg)
            lineX = -lineX;
        lastDataLine = no;

        const std::size_t startSize = ys.size();
        const bool checkPending = st.lineEndedDif;
        bool firstY = true;
        bool checkDropped = false;
        bool anyY = false;
        bool tokOnLine = false;
        while (true) {
            while (p < e && (*p == ' ' || *p == '\t' || *p == ','))
                ++p;
            if (p >= e)
                break;
            const char c = *p;
            double v = 0;
            if (const auto word = nonFiniteWord(p, e); word && (p == line.begin || p[-1] == ' ' || p[-1] == '\t' || p[-1] == ','))
                fail(no, "a Y value is written as \"" + std::string(*word) + "\", which is not a number");
            if ((c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || (c >= '@' && c <= 'I') || (c >= 'a' && c <= 'i')) {
                // An absolute value: AFFN/PAC or SQZ.
                bool negative = false;
                int first = -1;
                bool allowExp = true;
                if (c == '+' || c == '-') {
                    negative = c == '-';
                    ++p;
                    if (p >= e || !((*p >= '0' && *p <= '9') || *p == '.'))
                        fail(no, std::string("expected a digit after '") + c + "'");
                } else if (c >= '@' && c <= 'I') {
                    first = c - '@';
                    allowExp = false;
                    ++p;
                } else if (c >= 'a' && c <= 'i') {
                    first = c - 'a' + 1;
                    negative = true;
                    allowExp = false;
                    ++p;
                }
                if (!readMagnitude(p, e, first, allowExp, v))
                    fail(no, "a Y value is not a valid finite number (an exponent that overflows?)");
                if (negative)
                    v = -v;
                // The data's last line may hold one value and nothing else. Where a Y
                // check stands it is one (jcampconverter reads it so, unchecked): when it
                // disagrees, the points before it are kept and the disagreement is said.
                const bool loneLastValue = firstY && restIsBlank(p, e) && m_cursor.dataEndsHere();
                if (firstY && checkPending) {
                    if (!sameY(v, st.last)) {
                        if (!loneLastValue)
                            fail(no, "DIF Y-check failed: the line starts with Y=" + text::formatNumber(v) +
                                         " but the previous line ended at Y=" + text::formatNumber(st.last) +
                                         " (lines spliced or corrupted)");
                        warn(no, "the last line holds only Y=" + text::formatNumber(v) +
                                     " where the Y check of the line before stands, but that line ended at Y=" +
                                     text::formatNumber(st.last) + "; read as a check, not as a point");
                    }
                    checkDropped = true;
                } else if (loneLastValue && npoints && !ys.empty() && ys.size() == expected && sameY(v, st.last)) {
                    warn(no, "the last line holds only Y=" + text::formatNumber(v) +
                                 ", the last point's value again, after the " + std::to_string(expected) +
                                 " points of ##NPOINTS=; read as a Y check, not as a point");
                    checkDropped = true;
                } else {
                    push(v, no);
                }
                st.last = v;
                st.lastTok = AsdfState::Tok::Abs;
            } else if (c == '%' || (c >= 'J' && c <= 'R') || (c >= 'j' && c <= 'r')) {
                int first;
                bool negative = false;
                if (c == '%')
                    first = 0;
                else if (c <= 'R')
                    first = c - 'I';
                else {
                    first = c - 'i';
                    negative = true;
                }
                ++p;
                if (!readMagnitude(p, e, first, false, v))
                    fail(no, "a DIF value is not a valid number");
                if (st.lastTok == AsdfState::Tok::None)
                    fail(no, "a DIF value has no preceding value to be added to");
                st.lastDif = negative ? -v : v;
                st.last += st.lastDif;
                push(st.last, no);
                st.lastTok = AsdfState::Tok::Dif;
            } else if ((c >= 'S' && c <= 'Z') || c == 's') {
                const int first = c == 's' ? 9 : c - 'R';
                ++p;
                std::uint64_t count = std::uint64_t(first);
                while (p < e && *p >= '0' && *p <= '9') {
                    count = count * 10 + std::uint64_t(*p - '0');
                    if (count > JcampReader::kMaxPoints)
                        fail(no, "a DUP count is larger than any spectrum Candor accepts");
                    ++p;
                }
                if (!tokOnLine)
                    fail(no, "a DUP count has no preceding value on its line to repeat");
                if (count == 0)
                    fail(no, "a DUP count of zero");
                if (ys.size() + (count - 1) > JcampReader::kMaxPoints)
                    fail(no, "more Y values than Candor accepts in one spectrum");
                if (st.lastTok == AsdfState::Tok::Dif) {
                    for (std::uint64_t k = 1; k < count; ++k) {
                        st.last += st.lastDif;
                        ys.push_back(st.last);
                    }
                } else {
                    for (std::uint64_t k = 1; k < count; ++k)
                        ys.push_back(st.last);
                }
            } else if (c == '?') {
                fail(no, "a missing value '?' in the data (Candor needs every point)");
            } else {
                fail(no, std::string("unexpected character '") +
                             (std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c)
                                                                          : "\\x" + std::to_string(int((unsigned char)c))) +
                             "' in ASDF data");
            }
            firstY = false;
            anyY = true;
            tokOnLine = true;
        }
        if (anyY) {
            st.lineEndedDif = st.lastTok == AsdfState::Tok::Dif;
            const std::size_t idx = checkDropped ? startSize - 1 : startSize;
            lineXs.push_back(LineX{idx, lineX, no});
        }
    }

    const std::size_t n = ys.size();
    if (npoints && n != expected) {
        // Fewer points and no record after them: the file was cut off, not miscounted.
        if (n < expected && m_cursor.atEnd())
            fail(lastDataLine, "the file ends after " + std::to_string(n) +
                                   " Y values but ##NPOINTS=" + std::to_string(expected) + " (truncated?)");
        warn(lastDataLine, "the data hold " + std::to_string(n) + " Y values but ##NPOINTS=" + std::to_string(expected) +
                               "; all " + std::to_string(n) + " are kept");
    }
    if (n == 0) {
        if (npoints && expected == 0) {
            warn(L, "the data record holds no points (##NPOINTS=0); kept as an empty spectrum");
            s.xUnits = normalizeXUnits(ax.units);
            s.yUnits = normalizeYUnits(ay.units);
            return;
        }
        fail(L, "##" + std::string(vars.xSymbol) + "++ data record holds no values");
    }

    // X comes from FIRST/LAST/NPOINTS; the X written on each line is only a check.
    double first;
    if (ax.first)
        first = *ax.first;
    else if (!lineXs.empty())
        first = lineXs.front().x * ax.factor;
    else
        fail(L, "no ##FIRST" + vars.xSymbol + "= to place the X values");
    // The spacing the lines' own X values show, when two lines tell it.
    std::optional<double> lineSpacing;
    if (lineXs.size() >= 2 && lineXs.back().index != lineXs.front().index)
        lineSpacing = (lineXs.back().x - lineXs.front().x) * ax.factor / double(lineXs.back().index - lineXs.front().index);
    double delta = 0;
    bool lastIsExact = false;
    if (n > 1) {
        const std::uint64_t spacingLine = block.lineOf("LAST" + vars.xSymbol, block.lineOf("DELTA" + vars.xSymbol, L));
        if (ax.last) {
            // With NPOINTS contradicting the data, LAST is the X of point NPOINTS or of the
            // last point held; the lines' X values say which (NPOINTS when they cannot).
            delta = (*ax.last - first) / double(n - 1);
            lastIsExact = true;
            if (npoints && expected > 1 && expected != n) {
                const double byHeader = (*ax.last - first) / double(expected - 1);
                if (!lineSpacing || std::fabs(byHeader - *lineSpacing) < std::fabs(delta - *lineSpacing)) {
                    delta = byHeader;
                    lastIsExact = false;
                }
            }
            if (first == *ax.last)
                fail(spacingLine, "##FIRST" + vars.xSymbol + "= and ##LAST" + vars.xSymbol + "= are both " +
                                      text::formatNumber(first) + ": " + std::to_string(n) +
                                      " points cannot be spaced between them");
        } else if (ax.delta) {
            delta = *ax.delta;
            if (delta == 0)
                fail(spacingLine, "##DELTA" + vars.xSymbol + "=0: " + std::to_string(n) + " points cannot share one X");
        } else if (lineSpacing) {
            delta = *lineSpacing;
            if (delta == 0)
                fail(lineXs.back().line, "every line starts at the same X: no spacing to place the points");
        } else {
            fail(L, "no ##LAST" + vars.xSymbol + "= or ##DELTA" + vars.xSymbol + "= to place the X values");
        }
        if (!std::isfinite(delta))
            fail(spacingLine,
                 "the X spacing from ##FIRST" + vars.xSymbol + "= to ##LAST" + vars.xSymbol + "= is not a finite number");
    }
    // Checked relative to the first line: some writers (JEOL) number lines by point
    // index with an offset from FIRSTX, but a missing or spliced line still shows as a
    // jump that the point count does not explain. Within half a spacing is rounding;
    // up to one and a half is a writer that is off by a point (decoded, with a warning);
    // beyond that the lines cannot be placed.
    const double spacing = std::max(std::fabs(delta), std::fabs(ax.factor));
    std::size_t offLines = 0;
    std::uint64_t firstOffLine = 0;
    double worstOff = 0;
    for (const LineX &lx : lineXs) {
        const LineX &l0 = lineXs.front();
        const double want = l0.x * ax.factor + (double(lx.index) - double(l0.index)) * delta;
        const double actual = lx.x * ax.factor;
        const double off = std::fabs(actual - want) - 1e-6 * std::fabs(want);
        if (off > 1.5 * spacing)
            fail(lx.line, "the line's X value " + text::formatNumber(actual) + " disagrees with point " +
                              std::to_string(lx.index) + " at X=" + text::formatNumber(want) +
                              " expected from the first line and the point spacing");
        if (off > 0.5 * spacing) {
            if (offLines++ == 0)
                firstOffLine = lx.line;
            worstOff = std::max(worstOff, off);
        }
    }
    if (offLines > 0) {
        char points[32];
        std::snprintf(points, sizeof points, "%.1f", worstOff / spacing);
        warn(firstOffLine,
             "the X value written at the start of " +
                 (offLines == 1 ? std::string("this line") : "this line and " + std::to_string(offLines - 1) + " more") +
                 " is off by up to " + points +
                 " point spacings from the X the header places there; the header's X values are kept");
    }
    s.x.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        s.x[i] = first + double(i) * delta;
    if (n > 1 && lastIsExact)
        s.x[n - 1] = *ax.last; // exact end point, no accumulated rounding
    std::size_t lineIdx = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ys[i] *= ay.factor;
        if (!std::isfinite(ys[i]) || !std::isfinite(s.x[i])) {
            while (lineIdx + 1 < lineXs.size() && lineXs[lineIdx + 1].index <= i)
                ++lineIdx;
            fail(lineXs.empty() ? L : lineXs[lineIdx].line, "point " + std::to_string(i) +
                                                                " is not a finite number after scaling by ##" + vars.ySymbol +
                                                                "FACTOR=" + text::formatNumber(ay.factor));
        }
    }
    s.xUnits = normalizeXUnits(ax.units);
    s.yUnits = normalizeYUnits(ay.units);
}

void JcampParser::decodeGroups(Block &block, const VarList &vars, Spectrum &s, const Line &labelLine)
{
    const std::uint64_t L = labelLine.number;
    const Axis ax = axisFor(block, vars.xSymbol, L);
    const Axis ay = axisFor(block, vars.ySymbol, L);
    const std::optional<std::int64_t> npoints = npointsOf(block, L);
    const std::size_t group = vars.symbols.size();
    const std::size_t expected = npoints ? std::size_t(*npoints) : 0;
    s.x.reserve(std::min<std::size_t>(npoints ? expected : JcampReader::kMaxPoints, std::size_t(m_end - m_begin) / 2 + 8));
    s.y.reserve(s.x.capacity());

    const auto isSeparator = [&](char c) {
        return c == ' ' || c == '\t' || c == ',' || c == ';' || (vars.parenthesized && c == ')');
    };
    std::size_t field = 0; // position within the current group
    std::uint64_t lastLine = L;
    m_inAngleText = false;
    Line line;
    while (!m_cursor.nextIsLabel() && m_cursor.next(line)) {
        const char *p = line.begin;
        const char *e = findComment(line.begin, line.end);
        const std::uint64_t no = line.number;
        while (true) {
            if (m_inAngleText) {
                // An assignment's <text> runs on from the line before.
                const char *close = static_cast<const char *>(std::memchr(p, '>', std::size_t(e - p)));
                if (!close)
                    break;
                p = close + 1;
                m_inAngleText = false;
                field = (field + 1) % group;
            }
            while (p < e && (isSeparator(*p) || (vars.parenthesized && *p == '('))) {
                // In "(X, Y, M, <A>)" tuples a field may be left out: each "(" starts a peak.
                if (*p == '(' && field != 0) {
                    if (field < 2)
                        fail(no, "a peak tuple ends before its Y value");
                    field = 0;
                }
                ++p;
            }
            if (p >= e)
                break;
            lastLine = no;
            const char c = *p;
            const bool numeric = (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-';
            if (field < 2) {
                if (const auto word = nonFiniteWord(p, e))
                    fail(no, std::string("the ") + (field == 0 ? "X" : "Y") + " value is written as \"" + std::string(*word) +
                                 "\", which is not a number");
                if (!numeric)
                    fail(no, std::string("expected a number for ") + (field == 0 ? "X" : "Y") + ", found '" +
                                 std::string(p, std::min<std::size_t>(std::size_t(e - p), 12)) + "'");
                bool neg = false;
                if (c == '+' || c == '-') {
                    neg = c == '-';
                    ++p;
                }
                double v = 0;
                if (p >= e || !readMagnitude(p, e, -1, true, v))
                    fail(no, "a value is not a valid finite number (an exponent that overflows?)");
                if (p < e && !isSeparator(*p))
                    fail(no, std::string("unexpected character '") + *p + "' after a number");
                if (neg)
                    v = -v;
                const double scaled = v * (field == 0 ? ax.factor : ay.factor);
                if (!std::isfinite(scaled))
                    fail(no, text::formatNumber(v) + " times ##" + (field == 0 ? vars.xSymbol : vars.ySymbol) +
                                 "FACTOR= is not a finite number");
                if (field == 0) {
                    if (s.x.size() >= JcampReader::kMaxPoints)
                        fail(no, "more points than Candor accepts in one spectrum");
                    s.x.push_back(scaled);
                } else {
                    s.y.push_back(scaled);
                }
            } else {
                // W (width), M (multiplicity), A (<assignment>): kept out of the spectrum.
                if (c == '<') {
                    const char *close = static_cast<const char *>(std::memchr(p, '>', std::size_t(e - p)));
                    if (!close) {
                        m_inAngleText = true;
                        break;
                    }
                    p = close + 1;
                } else {
                    while (p < e && !isSeparator(*p))
                        ++p;
                }
            }
            field = (field + 1) % group;
        }
    }
    if (m_inAngleText)
        fail(lastLine, "an assignment's <text> has no closing '>'");
    if (s.y.size() != s.x.size() || (field != 0 && !vars.parenthesized))
        fail(lastLine, "the data end inside a group: " + std::to_string(s.x.size()) + " X values but " +
                           std::to_string(s.y.size()) + " Y values");
    if (npoints && s.x.size() != expected) {
        if (s.x.size() < expected && m_cursor.atEnd())
            fail(lastLine, "the file ends after " + std::to_string(s.x.size()) +
                               " points but ##NPOINTS=" + std::to_string(expected) + " (truncated?)");
        warn(lastLine, "the data hold " + std::to_string(s.x.size()) + " points but ##NPOINTS=" + std::to_string(expected) +
                           "; all " + std::to_string(s.x.size()) + " are kept");
    }
    if (s.x.empty()) {
        // A GC-MS scan in which nothing was detected: a scan all the same.
        if (!(npoints && expected == 0))
            fail(L, "the data record holds no points");
        warn(L, "the data record holds no points (##NPOINTS=0); kept as an empty spectrum");
    }
    s.xUnits = normalizeXUnits(ax.units);
    s.yUnits = normalizeYUnits(ay.units);
}

} // namespace

std::vector<std::string> JcampReader::extensions() const
{
    return {"jdx", "dx", "jcm", "jcamp"};
}

bool JcampReader::sniff(std::span<const std::byte> head) const
{
    const char *p = reinterpret_cast<const char *>(head.data());
    const char *e = p + head.size();
    if (e - p >= 3 && static_cast<unsigned char>(p[0]) == 0xEF && static_cast<unsigned char>(p[1]) == 0xBB &&
        static_cast<unsigned char>(p[2]) == 0xBF)
        p += 3;
    // The first line that is neither blank nor a $$ comment must be a ## record.
    while (p < e) {
        while (p < e && text::isSpace(*p))
            ++p;
        if (e - p >= 2 && p[0] == '$' && p[1] == '$') {
            while (p < e && *p != '\n' && *p != '\r')
                ++p;
            continue;
        }
        return e - p >= 2 && p[0] == '#' && p[1] == '#';
    }
    return false;
}

std::vector<Spectrum> JcampReader::read(std::span<const std::byte> bytes, const std::string &fileName) const
{
    JcampParser parser(bytes, fileName);
    return parser.run();
}

} // namespace candor::importers
