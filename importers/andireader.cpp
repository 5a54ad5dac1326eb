#include "importers/andireader.h"

#include "importers/finite.h"
#include "importers/textutil.h"
#include "importers/units.h"

#include <netcdf.h>
#include <netcdf_mem.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>

namespace candor::importers {

namespace {

constexpr std::size_t kMaxValues = 50'000'000;
constexpr double kNotRecorded = -9999.0; // AnDI's "no value" convention

// libnetcdf keeps global state and is not thread-safe; batch imports may run readers
// on several threads, so every call into it is serialized.
std::mutex &netcdfMutex()
{
    static std::mutex m;
    return m;
}

// Where a variable's values sit in the file, from the classic header, so that a bad
// value can be reported at its byte offset (libnetcdf only hands back the numbers).
struct VariableLayout {
    std::uint64_t begin = 0;
    std::uint64_t valueSize = 0;
    bool record = false;         // its first dimension is the unlimited one
    std::uint64_t perRecord = 1; // values in one record (product of the other dimensions)
};

struct FileLayout {
    std::map<std::string, VariableLayout> variables;
    std::uint64_t recordSize = 0; // bytes of one record across every record variable

    // The byte offset of value `index` of `name`, when the header said where it is.
    std::optional<std::uint64_t> offsetOf(const std::string &name, std::size_t index) const
    {
        const auto it = variables.find(name);
        if (it == variables.end())
            return std::nullopt;
        const VariableLayout &v = it->second;
        if (!v.record)
            return v.begin + std::uint64_t(index) * v.valueSize;
        return v.begin + std::uint64_t(index) / v.perRecord * recordSize + std::uint64_t(index) % v.perRecord * v.valueSize;
    }
};

// Walks the netCDF classic header (CDF-1/2/5) before libnetcdf sees it: libnetcdf
// allocates arrays from the header's counts, so a 100-byte file claiming 2^31
// variables would make it ask for gigabytes. Every count here must fit in the bytes
// that remain; anything else is refused with the offset where the lie is.
class ClassicHeaderCheck {
public:
    ClassicHeaderCheck(std::span<const std::byte> bytes, const std::string &fileName)
        : m_bytes(bytes)
        , m_file(fileName)
    {
    }

    // Checks the header and returns where each variable's values are.
    FileLayout run()
    {
        m_wide = std::to_integer<unsigned>(m_bytes[3]) == 5; // CDF-5: 64-bit counts
        m_pos = 4;
        FileLayout layout;
        size("numrecs");
        list(0x0A, "dimension", [this] {
            name();
            m_dims.push_back(size("dimension length"));
        });
        attributes();
        list(0x0B, "variable", [this, &layout] {
            const std::string varName = name();
            VariableLayout v;
            const std::uint64_t ndims = count(4, "variable rank");
            for (std::uint64_t i = 0; i < ndims; ++i) {
                const std::uint64_t id = size("dimension id");
                if (id >= m_dims.size())
                    fail("a variable refers to dimension " + std::to_string(id) + " of " + std::to_string(m_dims.size()));
                // libnetcdf divides by the running product of the shape: a zero-length
                // dimension before the last one (other than a leading record dimension)
                // makes it divide by zero (found by fuzz_andi).
                if (m_dims[id] == 0 && i + 1 < ndims && i != 0)
                    fail("a variable has a zero-length dimension in the middle of its shape");
                if (i == 0 && m_dims[id] == 0)
                    v.record = true;
                else if (m_dims[id] != 0 && v.perRecord <= kMaxValues)
                    v.perRecord *= m_dims[id];
            }
            attributes();
            const std::uint64_t type = u32("variable type");
            if (type == 0 || type > (m_wide ? 11u : 6u))
                fail("unknown variable type " + std::to_string(type));
            static constexpr unsigned kTypeSize[] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};
            v.valueSize = kTypeSize[type];
            const std::uint64_t vsize = size("variable size");
            if (v.record)
                layout.recordSize += vsize;
            if (std::to_integer<unsigned>(m_bytes[3]) == 1) {
                v.begin = u32("variable data offset");
            } else {
                const std::uint64_t hi = u32("variable data offset");
                v.begin = (hi << 32) | u32("variable data offset");
            }
            layout.variables.emplace(varName, v);
        });
        return layout;
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        throw ImportError(ImportError::Kind::Malformed, m_file, std::nullopt, m_pos, "netCDF header: " + what);
    }
    void need(std::uint64_t n, const char *what) const
    {
        if (m_pos > m_bytes.size() || n > m_bytes.size() - m_pos)
            fail(std::string(what) + " runs past the end of the file (truncated?)");
    }
    std::uint64_t u32(const char *what)
    {
        need(4, what);
        std::uint64_t v = 0;
        for (int i = 0; i < 4; ++i)
            v = (v << 8) | std::to_integer<unsigned>(m_bytes[m_pos + std::size_t(i)]);
        m_pos += 4;
        return v;
    }
    std::uint64_t size(const char *what)
    {
        if (!m_wide)
            return u32(what);
        const std::uint64_t hi = u32(what);
        return (hi << 32) | u32(what);
    }
    // A count of items that each take at least `minBytes` of what remains.
    std::uint64_t count(std::uint64_t minBytes, const char *what)
    {
        const std::uint64_t n = size(what);
        const std::uint64_t left = m_bytes.size() - std::min<std::uint64_t>(m_pos, m_bytes.size());
        if (n > left / minBytes)
            fail(std::string(what) + " count " + std::to_string(n) + " cannot fit in the " + std::to_string(left) +
                 " bytes that remain");
        return n;
    }
    std::string name()
    {
        const std::uint64_t n = count(1, "name length");
        // libnetcdf copies names into NC_MAX_NAME + 1 buffers without checking (found by
        // fuzz_andi as a stack overflow in nc_inq_attname).
        if (n > NC_MAX_NAME)
            fail("a name of " + std::to_string(n) + " characters (netCDF allows " + std::to_string(NC_MAX_NAME) + ")");
        const std::uint64_t start = m_pos;
        m_pos += (n + 3) / 4 * 4;
        need(0, "name");
        return std::string(reinterpret_cast<const char *>(m_bytes.data() + start), std::size_t(n));
    }
    template<typename F>
    void list(std::uint64_t tag, const char *what, F &&item)
    {
        const std::uint64_t t = u32(what);
        const std::uint64_t n = count(8, what);
        if (t == 0 && n == 0)
            return; // ABSENT
        if (t != tag)
            fail(std::string("expected the ") + what + " list tag");
        for (std::uint64_t i = 0; i < n; ++i)
            item();
    }
    void attributes()
    {
        list(0x0C, "attribute", [this] {
            name();
            const std::uint64_t type = u32("attribute type");
            static constexpr unsigned kSize[] = {0, 1, 1, 2, 4, 4, 8, 1, 2, 4, 8, 8};
            if (type == 0 || type > 11)
                fail("unknown attribute type " + std::to_string(type));
            const std::uint64_t n = count(kSize[type], "attribute value");
            m_pos += (n * kSize[type] + 3) / 4 * 4;
            need(0, "attribute value");
        });
    }

    std::span<const std::byte> m_bytes;
    const std::string &m_file;
    std::uint64_t m_pos = 0;
    bool m_wide = false;
    std::vector<std::uint64_t> m_dims;
};

class NcFile {
public:
    NcFile(std::span<const std::byte> bytes, const std::string &fileName, FileLayout layout)
        : m_file(fileName)
        , m_size(bytes.size())
        , m_layout(std::move(layout))
    {
        // NC_NOWRITE: libnetcdf only reads the buffer despite the non-const parameter.
        const int rc = nc_open_mem(fileName.c_str(), NC_NOWRITE, bytes.size(), const_cast<std::byte *>(bytes.data()), &m_id);
        if (rc != NC_NOERR)
            fail(std::string("not a readable netCDF file, truncated or corrupt (") + nc_strerror(rc) + ")");
    }
    ~NcFile() { nc_close(m_id); }
    NcFile(const NcFile &) = delete;
    NcFile &operator=(const NcFile &) = delete;

    [[noreturn]] void fail(const std::string &what) const
    {
        throw ImportError(ImportError::Kind::Malformed, m_file, std::nullopt, 0, what);
    }

    // Fails at value `index` of variable `name` (byte 0 when the header did not say).
    [[noreturn]] void failAt(const std::string &name, std::size_t index, const std::string &what) const
    {
        throw ImportError(ImportError::Kind::Malformed, m_file, std::nullopt, m_layout.offsetOf(name, index).value_or(0), what);
    }

    int var(const char *name) const
    {
        int id = -1;
        return nc_inq_varid(m_id, name, &id) == NC_NOERR ? id : -1;
    }

    std::size_t length(int varId, const char *name) const
    {
        int ndims = 0;
        int dims[NC_MAX_VAR_DIMS];
        if (nc_inq_varndims(m_id, varId, &ndims) != NC_NOERR || ndims > NC_MAX_VAR_DIMS ||
            nc_inq_vardimid(m_id, varId, dims) != NC_NOERR)
            fail(std::string("cannot read the dimensions of ") + name);
        std::size_t n = 1;
        for (int i = 0; i < ndims; ++i) {
            std::size_t len = 0;
            if (nc_inq_dimlen(m_id, dims[i], &len) != NC_NOERR)
                fail(std::string("cannot read a dimension of ") + name);
            if (len != 0 && n > kMaxValues / len)
                fail(std::string(name) + " has an absurd size");
            n *= len;
        }
        // Every value takes at least one byte of the file: more is a lying header.
        if (n > kMaxValues || n > m_size)
            fail(std::string(name) + " claims " + std::to_string(n) + " values, more than a " + std::to_string(m_size) +
                 "-byte file can hold");
        return n;
    }

    std::vector<double> doubles(const char *name, bool required = true) const
    {
        const int id = var(name);
        if (id < 0) {
            if (required)
                fail(std::string("the variable ") + name + " is missing");
            return {};
        }
        std::vector<double> v(length(id, name));
        if (!v.empty()) {
            const int rc = nc_get_var_double(m_id, id, v.data());
            if (rc != NC_NOERR)
                fail(std::string("cannot read ") + name + " (" + nc_strerror(rc) + ")");
        }
        return v;
    }

    // Absent or -9999 (not recorded) is nullopt; NaN or infinity is an error, not a
    // silent default.
    std::optional<double> scalar(const char *name) const
    {
        const auto v = doubles(name, false);
        if (v.empty() || v[0] == kNotRecorded)
            return std::nullopt;
        if (!std::isfinite(v[0]))
            failAt(name, 0, std::string(name) + " is " + nonFiniteName(v[0]) + ", not a finite number");
        return v[0];
    }

    // An attribute as text: text attributes lose trailing NULs (a common quirk),
    // numeric ones are formatted.
    std::optional<std::string> attr(int varId, const char *name) const
    {
        nc_type type;
        std::size_t len = 0;
        if (nc_inq_att(m_id, varId, name, &type, &len) != NC_NOERR || len > m_size)
            return std::nullopt;
        if (type == NC_CHAR) {
            std::string s(len, '\0');
            if (len && nc_get_att_text(m_id, varId, name, s.data()) != NC_NOERR)
                return std::nullopt;
            while (!s.empty() && (s.back() == '\0' || text::isSpace(s.back())))
                s.pop_back();
            if (const auto nul = s.find('\0'); nul != std::string::npos)
                s.resize(nul);
            return text::toUtf8(text::trim(s));
        }
        if (len == 0)
            return std::string();
        std::vector<double> v(len);
        if (nc_get_att_double(m_id, varId, name, v.data()) != NC_NOERR)
            return std::nullopt;
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i)
            out += (i ? ", " : "") + text::formatExact(v[i]);
        return out;
    }

    // A numeric attribute such as scale_factor: absent is nullopt; present but not one
    // finite number (NaN, infinity, a list, text) is an error rather than a silent 1.0.
    std::optional<double> attrNumber(int varId, const char *varName, const char *name) const
    {
        const auto s = attr(varId, name);
        if (!s)
            return std::nullopt;
        const auto v = text::parseDouble(*s);
        if (!v)
            fail(std::string("the ") + name + " attribute of " + varName + " is \"" + s->substr(0, 40) +
                 "\", not a finite number");
        return v;
    }

    std::vector<std::pair<std::string, std::string>> globals() const
    {
        std::vector<std::pair<std::string, std::string>> out;
        int n = 0;
        if (nc_inq_natts(m_id, &n) != NC_NOERR)
            return out;
        for (int i = 0; i < n && i < 10000; ++i) {
            char name[NC_MAX_NAME + 1] = {};
            if (nc_inq_attname(m_id, NC_GLOBAL, i, name) != NC_NOERR)
                continue;
            if (auto v = attr(NC_GLOBAL, name))
                out.emplace_back(name, std::move(*v));
        }
        return out;
    }

    // The first present spelling: real files write "detector_units" for "detector_unit".
    std::string globalText(std::initializer_list<const char *> names) const
    {
        for (const char *n : names)
            if (auto v = attr(NC_GLOBAL, n); v && !v->empty())
                return *v;
        return {};
    }

private:
    const std::string &m_file;
    std::size_t m_size;
    FileLayout m_layout;
    int m_id = -1;
};

void requireFinite(const NcFile &nc, const std::vector<double> &v, const char *name)
{
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]))
            nc.failAt(name, i,
                      std::string(name) + "[" + std::to_string(i) + "] is " + nonFiniteName(v[i]) + ", not a finite number");
}

std::vector<Spectrum> readChromatogram(const NcFile &nc, const std::vector<std::pair<std::string, std::string>> &meta)
{
    const std::vector<double> y = nc.doubles("ordinate_values");
    if (y.empty())
        nc.fail("ordinate_values holds no points");
    requireFinite(nc, y, "ordinate_values");
    Spectrum s;
    s.technique = "chromatogram";
    s.y = y;
    std::vector<double> times = nc.doubles("raw_data_retention", false);
    if (!times.empty()) {
        if (times.size() != y.size())
            nc.fail("raw_data_retention holds " + std::to_string(times.size()) + " times for " + std::to_string(y.size()) +
                    " ordinate values");
        requireFinite(nc, times, "raw_data_retention");
        s.x = std::move(times);
    } else {
        const auto interval = nc.scalar("actual_sampling_interval");
        if (!interval || *interval <= 0)
            nc.fail("actual_sampling_interval is missing or not positive, so the times of the points are unknown");
        const double delay = nc.scalar("actual_delay_time").value_or(0.0);
        s.x.resize(y.size());
        for (std::size_t i = 0; i < y.size(); ++i) {
            s.x[i] = delay + double(i) * *interval;
            if (!std::isfinite(s.x[i]))
                nc.failAt("actual_sampling_interval", 0,
                          "actual_delay_time " + text::formatExact(delay) + " plus actual_sampling_interval " +
                              text::formatExact(*interval) + " per point overflows at point " + std::to_string(i));
        }
    }
    const std::string xu = nc.globalText({"retention_unit", "retention_units"});
    s.xUnits = xu.empty() ? "seconds" : normalizeXUnits(xu);
    s.yUnits = normalizeYUnits(nc.globalText({"detector_unit", "detector_units"}));
    s.title = nc.globalText({"sample_name", "experiment_title", "sample_id"});
    s.metadata = meta;
    return {std::move(s)};
}

std::vector<Spectrum> readMass(const NcFile &nc, const std::vector<std::pair<std::string, std::string>> &meta)
{
    std::vector<double> mass = nc.doubles("mass_values");
    std::vector<double> intensity = nc.doubles("intensity_values");
    const std::vector<double> index = nc.doubles("scan_index");
    const std::vector<double> count = nc.doubles("point_count");
    const std::vector<double> times = nc.doubles("scan_acquisition_time", false);
    std::vector<double> tic = nc.doubles("total_intensity", false);
    if (index.size() != count.size())
        nc.fail("scan_index has " + std::to_string(index.size()) + " entries but point_count has " +
                std::to_string(count.size()));
    const int massVar = nc.var("mass_values");
    const int intVar = nc.var("intensity_values");
    const double massScale = nc.attrNumber(massVar, "mass_values", "scale_factor").value_or(1.0);
    const double intScale = nc.attrNumber(intVar, "intensity_values", "scale_factor").value_or(1.0);
    const double intOffset = nc.attrNumber(intVar, "intensity_values", "add_offset").value_or(0.0);
    // A zero scale factor would turn every mass (or intensity) into 0: no usable spectrum.
    if (massScale == 0 || intScale == 0)
        nc.fail(std::string("the scale_factor attribute of ") + (massScale == 0 ? "mass_values" : "intensity_values") +
                " is 0, which would make every value 0");
    const std::string massUnits = nc.attr(massVar, "units").value_or("M/Z");
    const std::string intUnits = nc.attr(intVar, "units").value_or("");
    const std::string timeUnits = nc.globalText({"units"});
    const std::string title = nc.globalText({"sample_name", "experiment_title", "sample_id"});

    std::vector<Spectrum> scans;
    std::vector<double> ticComputed;
    for (std::size_t k = 0; k < index.size(); ++k) {
        // Range-checked as doubles first: converting 2.7e20 to size_t is undefined
        // behaviour (found by fuzz_andi).
        const double limit = double(mass.size());
        if (!(index[k] >= 0) || !(count[k] >= 0) || index[k] != std::floor(index[k]) || count[k] != std::floor(count[k]))
            nc.fail("scan " + std::to_string(k) + " has an invalid scan_index or point_count");
        if (index[k] > limit || count[k] > limit)
            nc.fail("scan " + std::to_string(k) + " (scan_index " + text::formatNumber(index[k]) + ", point_count " +
                    text::formatNumber(count[k]) + ") reaches past the " + std::to_string(mass.size()) + " stored values");
        const auto first = std::size_t(index[k]);
        const auto n = std::size_t(count[k]);
        if (first > mass.size() || n > mass.size() - first || first + n > intensity.size())
            nc.fail("scan " + std::to_string(k) + " (scan_index " + std::to_string(first) + ", point_count " + std::to_string(n) +
                    ") reaches past the " + std::to_string(std::min(mass.size(), intensity.size())) + " stored values");
        Spectrum s;
        s.technique = "mass";
        s.title = title;
        s.xUnits = normalizeXUnits(massUnits);
        if (s.xUnits == "arbitrary")
            s.xUnits = "m/z";
        s.yUnits = intUnits.empty() ? "intensity" : normalizeYUnits(intUnits);
        if (s.yUnits == "arbitrary")
            s.yUnits = "intensity";
        s.x.resize(n);
        s.y.resize(n);
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            s.x[i] = mass[first + i] * massScale;
            s.y[i] = intensity[first + i] * intScale + intOffset;
            if (!std::isfinite(s.x[i]))
                nc.failAt("mass_values", first + i,
                          "mass_values[" + std::to_string(first + i) + "] (scan " + std::to_string(k) + " point " +
                              std::to_string(i) + ") is " + nonFiniteName(s.x[i]) +
                              (std::isfinite(mass[first + i]) ? " after scale_factor " + text::formatExact(massScale)
                                                              : std::string()) +
                              ", not a finite number");
            if (!std::isfinite(s.y[i]))
                nc.failAt("intensity_values", first + i,
                          "intensity_values[" + std::to_string(first + i) + "] (scan " + std::to_string(k) + " point " +
                              std::to_string(i) + ") is " + nonFiniteName(s.y[i]) +
                              (std::isfinite(intensity[first + i]) ? " after scale_factor " + text::formatExact(intScale) +
                                                                         " and add_offset " + text::formatExact(intOffset)
                                                                   : std::string()) +
                              ", not a finite number");
            sum += s.y[i];
        }
        ticComputed.push_back(sum);
        s.metadata = meta;
        s.metadata.emplace_back("scan", std::to_string(k));
        if (k < times.size() && times[k] != kNotRecorded)
            s.metadata.emplace_back("scan_acquisition_time", text::formatExact(times[k]));
        scans.push_back(std::move(s));
    }

    // The total ion current first: its own variable, or the scans' sums where the file
    // says -9999 (not recorded).
    Spectrum t;
    t.technique = "chromatogram";
    t.title = title.empty() ? "TIC" : title + " (TIC)";
    t.yUnits = "intensity";
    const bool haveTimes = times.size() == scans.size() &&
                           std::all_of(times.begin(), times.end(), [](double v) { return v != kNotRecorded; });
    t.xUnits = haveTimes ? (timeUnits.empty() ? "seconds" : normalizeXUnits(timeUnits)) : "arbitrary";
    for (std::size_t k = 0; k < scans.size(); ++k) {
        t.x.push_back(haveTimes ? times[k] : double(k));
        const bool recorded = k < tic.size() && tic[k] != kNotRecorded && std::isfinite(tic[k]);
        t.y.push_back(recorded ? tic[k] : ticComputed[k]);
    }
    requireFinite(nc, t.x, "scan_acquisition_time");
    for (std::size_t k = 0; k < t.y.size(); ++k)
        if (!std::isfinite(t.y[k]))
            nc.failAt("intensity_values", std::size_t(index[k]),
                      "the total ion current of scan " + std::to_string(k) + " (the sum of its intensities) overflows");
    t.metadata = meta;
    t.metadata.emplace_back("trace", haveTimes ? "total ion current" : "total ion current (scan number as x)");
    std::vector<Spectrum> out;
    out.reserve(scans.size() + 1);
    out.push_back(std::move(t));
    for (auto &s : scans)
        out.push_back(std::move(s));
    return out;
}

} // namespace

bool AndiReader::sniff(std::span<const std::byte> head) const
{
    if (head.size() < 4)
        return false;
    const auto b = [&](std::size_t i) { return std::to_integer<unsigned>(head[i]); };
    return b(0) == 'C' && b(1) == 'D' && b(2) == 'F' && (b(3) == 1 || b(3) == 2 || b(3) == 5);
}

std::vector<Spectrum> AndiReader::read(std::span<const std::byte> bytes, const std::string &fileName) const
{
    if (!sniff(bytes))
        throw ImportError(ImportError::Kind::Malformed, fileName, std::nullopt, 0,
                          "not a netCDF classic file (expected the magic bytes CDF\\001 or CDF\\002)");
    FileLayout layout = ClassicHeaderCheck(bytes, fileName).run();
    std::lock_guard lock(netcdfMutex());
    const NcFile nc(bytes, fileName, std::move(layout));
    const auto meta = nc.globals();
    if (nc.var("ordinate_values") >= 0)
        return readChromatogram(nc, meta);
    if (nc.var("mass_values") >= 0 && nc.var("intensity_values") >= 0)
        return readMass(nc, meta);
    nc.fail("not an AnDI file: neither ordinate_values (E1947 chromatogram) nor mass_values and "
            "intensity_values (E2077 mass spectra) are present");
}

} // namespace candor::importers
