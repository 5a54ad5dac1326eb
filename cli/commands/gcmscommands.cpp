// gcms show, gcms library import, gcms library add: a GC-MS run's peaks named against the
// service's GC-MS libraries (NIST MSP files, and the in-house library of the lab's own
// reference-standard runs).

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/table.h"

#include "core/errors.h"
#include "core/gcmslibrary.h"
#include "core/users.h"
#include "gcms/msp.h"
#include "gcms/peaks.h"
#include "gcms/search.h"
#include "importers/chemstationmsreader.h"
#include "importers/msrun.h"
#include "importers/reader.h"
#include "services/instrumentimport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <stdexcept>

namespace candor::cli {

namespace {

// A --rt within this of a peak's apex names that peak.
constexpr double kPeakToleranceMinutes = 0.05;
constexpr std::size_t kHitsPerPeak = 5;

std::string fixed(double value, int decimals)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

struct AnalysedRun {
    std::string file; // the file read (a .D folder's data.ms)
    gcms::RunAnalysis analysis;
};

AnalysedRun analyse(const std::string &given)
{
    AnalysedRun out;
    out.file = importers::agilentDataFile(given).string();
    const auto bytes = services::readInstrumentFile(out.file);
    const auto result = importers::ReaderRegistry::instance().readBytes(bytes, out.file);
    const auto run = importers::toMsRun(result, out.file);
    try {
        out.analysis = gcms::analyseRun(run);
    } catch (const std::invalid_argument &e) {
        throw importers::ImportError(importers::ImportError::Kind::Malformed, out.file, std::nullopt, std::nullopt, e.what());
    }
    return out;
}

std::vector<gcms::LibrarySpectrum> librarySpectra(const std::vector<core::GcmsLibraryEntry> &entries)
{
    std::vector<gcms::LibrarySpectrum> out;
    out.reserve(entries.size());
    for (const auto &e : entries)
        out.push_back({e.name, e.cas, e.retentionIndex, e.retentionMinutes, gcms::toNominal(e.mz, e.intensity)});
    return out;
}

nlohmann::ordered_json optionalNumber(std::optional<double> v)
{
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

int gcmsShow(Context &ctx, const Arguments &args)
{
    const auto run = analyse(args.positional(0));
    const auto entries = core::GcmsLibraryStore(ctx.database()).all();
    const auto library = librarySpectra(entries);
    std::vector<std::vector<gcms::LibraryHit>> hits;
    for (const auto &p : run.analysis.peaks)
        hits.push_back(gcms::searchLibrary(p.nominal(), p.minutes, p.retentionIndex, library, kHitsPerPeak));
    if (ctx.json()) {
        nlohmann::ordered_json peaks = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < run.analysis.peaks.size(); ++i) {
            const auto &p = run.analysis.peaks[i];
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (const auto &h : hits[i])
                list.push_back({{"substance", library[h.entry].name},
                                {"cas", library[h.entry].cas},
                                {"match_factor", h.scores.matchFactor},
                                {"reverse_match_factor", h.scores.reverseMatchFactor},
                                {"rt_delta", optionalNumber(h.retentionMinutesDelta)},
                                {"identified", h.identified}});
            peaks.push_back({{"rt", p.minutes},
                             {"ri", optionalNumber(p.retentionIndex)},
                             {"area", p.area},
                             {"spectrum", {{"mz", p.mz}, {"intensity", p.intensity}}},
                             {"hits", list}});
        }
        printJson(ctx.out(), {{"file", run.file}, {"peaks", peaks}});
        return kExitOk;
    }
    auto &out = ctx.out();
    out << run.file << ": " << run.analysis.minutes.size() << " scans, " << run.analysis.peaks.size()
        << (run.analysis.peaks.size() == 1 ? " peak" : " peaks") << "; library of " << library.size() << " spectra.\n";
    if (run.analysis.peaks.empty())
        return kExitOk;
    TextTable table({"RT (min)", "RI", "area", "ions", "best hit", "MF", "RMF", "ΔRT (min)", "identified"});
    for (std::size_t i = 0; i < run.analysis.peaks.size(); ++i) {
        const auto &p = run.analysis.peaks[i];
        std::vector<std::string> row{fixed(p.minutes, 3), p.retentionIndex ? fixed(*p.retentionIndex, 0) : "-",
                                     formatNumber(p.area), std::to_string(p.mz.size())};
        if (hits[i].empty()) {
            row.insert(row.end(), {"(none)", "-", "-", "-", "no"});
        } else {
            const auto &h = hits[i].front();
            row.insert(row.end(),
                       {library[h.entry].name, std::to_string(h.scores.matchFactor), std::to_string(h.scores.reverseMatchFactor),
                        h.retentionMinutesDelta ? fixed(*h.retentionMinutesDelta, 3) : "-", h.identified ? "yes" : "no"});
        }
        table.addRow(std::move(row));
    }
    table.print(out);
    return kExitOk;
}

int gcmsLibraryImport(Context &ctx, const Arguments &args)
{
    const std::string file = args.positional(0);
    const auto bytes = services::readInstrumentFile(file);
    const auto msp = gcms::readMsp(std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size()), file);
    std::vector<core::GcmsLibraryEntry> entries;
    std::size_t withIndex = 0;
    for (const auto &e : msp.entries) {
        core::GcmsLibraryEntry row;
        row.origin = "msp";
        row.sourceFile = std::filesystem::path(file).filename().string();
        row.name = e.name;
        row.cas = e.cas;
        row.formula = e.formula;
        row.retentionIndex = e.retentionIndex;
        row.mz = e.mz;
        row.intensity = e.intensity;
        withIndex += e.retentionIndex ? 1 : 0;
        entries.push_back(std::move(row));
    }
    core::GcmsLibraryStore(ctx.database()).addAll(entries, ctx.actor());
    for (const auto &p : msp.problems)
        ctx.err() << "warning: " << file << ": " << p.message << "; entry left out\n";
    if (ctx.json()) {
        nlohmann::ordered_json leftOut = nlohmann::ordered_json::array();
        for (const auto &p : msp.problems)
            leftOut.push_back({{"line", p.line}, {"message", p.message}});
        printJson(ctx.out(),
                  {{"file", file}, {"imported", entries.size()}, {"with_retention_index", withIndex}, {"left_out", leftOut}});
        return kExitOk;
    }
    ctx.out() << "Imported " << entries.size() << " GC-MS library entries from " << file << " (" << withIndex
              << " with a retention index)";
    if (!msp.problems.empty())
        ctx.out() << "; " << msp.problems.size() << " malformed " << (msp.problems.size() == 1 ? "entry" : "entries")
                  << " left out (see the warnings)";
    ctx.out() << ".\n";
    return kExitOk;
}

int gcmsLibraryAdd(Context &ctx, const Arguments &args)
{
    const auto rt = args.number("rt");
    if (!rt || !std::isfinite(*rt) || *rt < 0)
        throw core::ValidationError("rt", "rt: give the peak's retention time in minutes");
    const std::string name = args.valueOr("name", "");
    const auto run = analyse(args.positional(0));
    const gcms::GcmsPeak *peak = gcms::peakNear(run.analysis, *rt, kPeakToleranceMinutes);
    if (!peak) {
        // Say where the peaks are, so that the next try hits one.
        std::vector<const gcms::GcmsPeak *> nearest;
        for (const auto &p : run.analysis.peaks)
            nearest.push_back(&p);
        std::sort(nearest.begin(), nearest.end(),
                  [&](const auto *a, const auto *b) { return std::abs(a->minutes - *rt) < std::abs(b->minutes - *rt); });
        std::string list;
        for (std::size_t i = 0; i < nearest.size() && i < 3; ++i)
            list += (i ? ", " : "") + fixed(nearest[i]->minutes, 3) + " min";
        throw core::ValidationError("rt", "rt: no peak in " + run.file + " within " + fixed(kPeakToleranceMinutes, 2) +
                                              " min of " + fixed(*rt, 3) + " min; " +
                                              (list.empty() ? std::string("the run has no peaks") : "the nearest: " + list));
    }
    core::GcmsLibraryEntry row;
    row.origin = "in-house";
    row.sourceFile = std::filesystem::path(run.file).filename().string();
    row.name = name;
    row.cas = args.valueOr("cas", "");
    row.retentionIndex = peak->retentionIndex;
    row.retentionMinutes = peak->minutes;
    row.mz.assign(peak->mz.begin(), peak->mz.end());
    row.intensity = peak->intensity;
    const auto ids = core::GcmsLibraryStore(ctx.database()).addAll({row}, ctx.actor());
    if (ctx.json()) {
        printJson(ctx.out(), {{"id", ids.front()},
                              {"name", row.name},
                              {"cas", row.cas},
                              {"rt", peak->minutes},
                              {"ri", optionalNumber(peak->retentionIndex)},
                              {"ions", peak->mz.size()}});
        return kExitOk;
    }
    ctx.out() << "Added " << row.name << " to the in-house GC-MS library: the peak at " << fixed(peak->minutes, 3) << " min in "
              << run.file << " (" << peak->mz.size() << " ions).\n";
    return kExitOk;
}

} // namespace

void addGcmsCommands(CommandTable &table)
{
    table.add({
        .words = {"gcms", "show"},
        .summary = "find the peaks of a GC-MS run and name them against the GC-MS libraries; stores nothing",
        .details = "RUN is an Agilent data.ms (or its .D folder), an AnDI/netCDF or a JCAMP-DX MS file. Each peak\n"
                   "is deconvolved from its neighbours and its clean spectrum searched with the NIST Identity\n"
                   "match factor (MF) and reverse match factor (RMF). A hit is identified only when MF >= 800\n"
                   "and the retention agrees (RI within 20, else RT within 0.1 min of an in-house entry):\n"
                   "provisional thresholds until the GC-MS benchmark sets them. A malformed run exits 65.",
        .positionals = {{"RUN", "the GC-MS run"}},
        .database = DatabaseUse::Reading,
        .needsUser = false,
        .run = gcmsShow,
    });
    table.add({
        .words = {"gcms", "library", "import"},
        .summary = "import a NIST MSP library file into the GC-MS library (admin)",
        .details = "Names, CAS numbers, retention indices (RI:) when the file has them, and peaks. A malformed\n"
                   "entry is left out and named by its line on stderr; the rest are imported in one\n"
                   "transaction. A file without one readable entry exits 65 and imports nothing.",
        .positionals = {{"FILE", "the .msp file"}},
        .run = gcmsLibraryImport,
    });
    table.add({
        .words = {"gcms", "library", "add"},
        .summary = "add the peak of a reference-standard run to the in-house GC-MS library (admin)",
        .details = "Takes the clean spectrum of the peak at --rt (within 0.05 min) and its retention time on\n"
                   "this method. No peak there exits 65 and names the nearest peaks.",
        .positionals = {{"RUN", "the reference-standard run"}},
        .options = {{"rt", "MINUTES", "the peak's retention time", true},
                    {"name", "NAME", "the substance", true},
                    {"cas", "CAS", "its CAS number"}},
        .run = gcmsLibraryAdd,
    });
}

} // namespace candor::cli
