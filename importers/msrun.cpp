#include "importers/msrun.h"

#include "importers/textutil.h"

#include <cmath>
#include <optional>

namespace candor::importers {

namespace {

using Metadata = std::vector<std::pair<std::string, std::string>>;

const std::string *find(const Metadata &meta, std::string_view normalizedLabel)
{
    // The last one wins: JCAMP pages replace a page's values in place, others append.
    for (std::size_t i = meta.size(); i-- > 0;)
        if (text::normalizeLabel(meta[i].first) == normalizedLabel)
            return &meta[i].second;
    return nullptr;
}

std::vector<std::string> splitList(const std::string &s)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = s.find(',', start);
        out.emplace_back(text::trim(std::string_view(s).substr(start, comma - start)));
        if (comma == std::string::npos)
            return out;
        start = comma + 1;
    }
}

double toMinutes(double value, std::string_view units)
{
    const std::string u = text::upperAscii(text::trim(units));
    if (u == "MINUTES" || u == "MINUTE" || u == "MIN")
        return value;
    if (u == "MILLISECONDS" || u == "MS")
        return value / 60000.0;
    return value / 60.0; // seconds: what AnDI and JCAMP-DX MS specify when nothing is said
}

// JCAMP-DX: ##RETENTION_TIME= (seconds, Lampen et al. 1994), or the value of T on an
// NTUPLES page ("##PAGE= T= 272") in the units column of the symbol T.
std::optional<double> jcampMinutes(const Metadata &meta)
{
    if (const std::string *rt = find(meta, "RETENTIONTIME")) {
        const auto v = text::parseDouble(text::trim(*rt));
        return v ? std::optional<double>(*v / 60.0) : std::nullopt;
    }
    const std::string *page = find(meta, "PAGE");
    if (!page)
        return std::nullopt;
    const auto eq = page->find('=');
    if (eq == std::string::npos)
        return std::nullopt;
    const std::string symbol = text::upperAscii(text::trim(std::string_view(*page).substr(0, eq)));
    const auto v = text::parseDouble(text::trim(std::string_view(*page).substr(eq + 1)));
    if (!v)
        return std::nullopt;
    std::string units;
    if (const std::string *symbols = find(meta, "SYMBOL"))
        if (const std::string *unitList = find(meta, "UNITS")) {
            const auto names = splitList(*symbols);
            const auto us = splitList(*unitList);
            for (std::size_t i = 0; i < names.size() && i < us.size(); ++i)
                if (text::upperAscii(names[i]) == symbol)
                    units = us[i];
        }
    return toMinutes(*v, units);
}

} // namespace

MsRun toMsRun(const ImportResult &result, const std::string &fileName)
{
    MsRun run;
    run.format = result.format;
    // AnDI: the TIC comes first and its x units are those of scan_acquisition_time.
    std::string andiUnits = "seconds";
    for (const auto &s : result.spectra)
        if (s.technique == "chromatogram") {
            andiUnits = s.xUnits;
            if (run.title.empty())
                run.title = s.title;
            break;
        }
    auto fail = [&](const std::string &what) {
        throw ImportError(ImportError::Kind::Malformed, fileName, std::nullopt, std::nullopt, what);
    };
    for (std::size_t i = 0; i < result.spectra.size(); ++i) {
        const Spectrum &s = result.spectra[i];
        // A mass spectrum says so, or its x is m/z (gcms.jdx-style exports name no DATA TYPE).
        if (s.technique != "mass" && !(s.technique == "unknown" && s.xUnits == "m/z"))
            continue;
        const std::string which = "spectrum " + std::to_string(i + 1) + " (scan " + std::to_string(run.scans.size() + 1) + ")";
        std::optional<double> minutes;
        if (const std::string *m = find(s.metadata, "RETENTIONTIMEMINUTES"))
            minutes = text::parseDouble(*m);
        else if (const std::string *t = find(s.metadata, "SCANACQUISITIONTIME")) {
            if (const auto v = text::parseDouble(*t))
                minutes = toMinutes(*v, andiUnits);
        } else
            minutes = jcampMinutes(s.metadata);
        if (!minutes)
            fail(which + " has no retention time, so it cannot be placed in the run");
        if (!std::isfinite(*minutes))
            fail(which + " has a retention time that is not a finite number");
        if (!run.scans.empty() && *minutes < run.scans.back().minutes - 1e-9)
            fail(which + " is at " + text::formatNumber(*minutes) + " min, before the scan ahead of it (" +
                 text::formatNumber(run.scans.back().minutes) + " min): the scans are not in time order");
        run.scans.push_back(MsScan{*minutes, s.x, s.y});
    }
    if (run.scans.empty())
        fail("holds no mass spectrum scans: not a GC-MS run");
    return run;
}

} // namespace candor::importers
