// spectrum show, import: reading instrument files (FTIR, Raman, GC-MS, ...) on their own,
// and attaching them to a sample, stored byte for byte with their SHA-256.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/matchjson.h"
#include "cli/spectrumjson.h"
#include "cli/table.h"

#include "core/database.h"
#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/samples.h"
#include "core/users.h"
#include "core/workflow.h"
#include "importers/reader.h"
#include "services/instrumentimport.h"
#include "services/referencelibrary.h"
#include "cli/matchtext.h"

#include <algorithm>
#include <ostream>

namespace candor::cli {

namespace {

// At most this many spectra are summarised in plain output; --json prints all of them.
constexpr std::size_t kPlainSpectraShown = 20;

std::string range(const std::vector<double> &v)
{
    if (v.empty())
        return "none";
    return formatNumber(v.front()) + " … " + formatNumber(v.back());
}

int spectrumShow(Context &ctx, const Arguments &args)
{
    const std::string file = args.positional(0);
    const auto bytes = services::readInstrumentFile(file);
    const auto result = importers::ReaderRegistry::instance().readBytes(bytes, file);
    if (ctx.json()) {
        ctx.out() << spectrumResultToJson(result, file).dump(2) << "\n";
        return kExitOk;
    }
    auto &out = ctx.out();
    out << file << ": " << result.format << ", " << bytes.size() << " bytes, " << result.spectra.size()
        << (result.spectra.size() == 1 ? " spectrum" : " spectra") << ", sha256 " << core::sha256Hex(bytes) << "\n";
    for (std::size_t i = 0; i < result.spectra.size() && i < kPlainSpectraShown; ++i) {
        const auto &s = result.spectra[i];
        out << "\n"
            << (i + 1) << ". " << (s.title.empty() ? "(untitled)" : s.title) << "\n"
            << "   " << s.technique << ", " << s.x.size() << " points, " << s.metadata.size() << " header records\n"
            << "   x: " << range(s.x) << " " << s.xUnits << "\n"
            << "   y: " << range(s.y) << " " << s.yUnits;
        if (!s.y.empty()) {
            const auto [lo, hi] = std::minmax_element(s.y.begin(), s.y.end());
            out << " (from " << formatNumber(*lo) << " to " << formatNumber(*hi) << ")";
        }
        out << "\n";
        for (const auto &w : s.warnings)
            out << "   warning: " << w << "\n";
    }
    if (result.spectra.size() > kPlainSpectraShown) {
        out << "\n… and " << (result.spectra.size() - kPlainSpectraShown) << " more spectra ('--json' prints every one).\n";
        // Warnings are never left out with the spectra they concern.
        for (std::size_t i = kPlainSpectraShown; i < result.spectra.size(); ++i)
            for (const auto &w : result.spectra[i].warnings)
                out << "   warning (spectrum " << (i + 1) << "): " << w << "\n";
    }
    return kExitOk;
}

nlohmann::ordered_json fileJson(const core::InstrumentFile &f)
{
    return {
        {"id", f.id},
        {"file", f.fileName},
        {"format", f.format},
        {"size_bytes", f.sizeBytes},
        {"sha256", f.sha256},
        {"sample_id", f.sampleId},
        {"public_code", f.samplePublicCode},
        {"imported_at", f.importedAt},
        {"imported_by", f.importedByName},
        {"spectra", f.spectrumCount},
        {"warnings", f.warnings},
    };
}

int importFiles(Context &ctx, const Arguments &args)
{
    const core::User &actor = ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.resolve(args.positional(0));
    if (!core::isOpenForTesting(sample.status))
        throw core::ValidationError("status", "the sample " + sample.publicCode + " is " + core::toString(sample.status) +
                                                  ": instrument files can only be imported while it is received or in testing");

    int code = kExitOk;
    int imported = 0, already = 0, failed = 0;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    const auto &names = args.positionals();
    for (std::size_t i = 1; i < names.size(); ++i) {
        const std::string &name = names[i];
        try {
            const auto outcome = services::importInstrumentFile(ctx.database(), sample.id, name, actor, ctx.library().get());
            const bool isNew = outcome.status == services::ImportOutcome::Status::Imported;
            (isNew ? imported : already)++;
            if (ctx.json()) {
                auto record = fileJson(outcome.file);
                record["path"] = name;
                record["status"] = isNew ? "imported" : "already-imported";
                record["message"] = outcome.message;
                record["matches"] = nlohmann::ordered_json::array();
                for (const auto &m : outcome.matches)
                    record["matches"].push_back(storedMatchJson(m));
                files.push_back(record);
            } else {
                ctx.out() << outcome.message << "\n";
                if (isNew)
                    for (const auto &w : outcome.warnings)
                        ctx.out() << "  warning: " << w << "\n";
                for (const auto &m : outcome.matches) {
                    if (outcome.matches.size() > 1)
                        ctx.out() << "  Match of "
                                  << (m.spectrumTitle.empty() ? "an untitled spectrum" : "'" + m.spectrumTitle + "'") << ":\n";
                    else
                        ctx.out() << "  Match:\n";
                    printMatch(ctx.out(), storedMatchJson(m), "    ");
                }
            }
        } catch (const core::StorageError &) {
            // The database itself failed: nothing later could be stored either.
            throw;
        } catch (...) {
            // The one mapping from errors to exit codes decides 65 or 66 for this file too.
            const ErrorReport report = reportFor(std::current_exception());
            ++failed;
            if (code == kExitOk)
                code = report.code;
            ctx.err() << "candor-cli: " << report.message << "\n";
            if (ctx.json())
                files.push_back({{"path", name}, {"status", "failed"}, {"exit_code", report.code}, {"message", report.message}});
        }
    }
    if (ctx.json()) {
        printJson(ctx.out(), {{"sample_id", sample.id},
                              {"public_code", sample.publicCode},
                              {"imported", imported},
                              {"already_imported", already},
                              {"failed", failed},
                              {"files", files}});
    } else if (names.size() > 2) {
        ctx.out() << imported << " imported, " << already << " already there, " << failed << " failed.\n";
    }
    return code;
}

} // namespace

void addImportCommands(CommandTable &table)
{
    table.add({
        .words = {"spectrum", "show"},
        .summary = "parse one instrument file and print what it holds; stores nothing",
        .details = "Reads JCAMP-DX, Bruker OPUS, Thermo SPC, AnDI/netCDF, Agilent ChemStation MS (data.ms or\n"
                   "its .D folder) and CSV/TSV. With --json, every\n"
                   "spectrum in full, in the file's own units (docs/cli.md). Needs no database and no user.\n"
                   "A malformed file exits 65 and names the line or byte; a file that cannot be read\n"
                   "(missing, a directory, no permission) exits 66. Files above 256 MiB are refused unread.",
        .positionals = {{"FILE", "the instrument file"}},
        .database = DatabaseUse::None,
        .needsUser = false,
        .run = spectrumShow,
    });
    table.add({
        .words = {"import"},
        .summary = "attach instrument files to a sample (kept byte for byte with their SHA-256)",
        .details = "Each FILE is parsed and stored in its own transaction: a file that fails is reported\n"
                   "on stderr with its reason and stores nothing, and the other files still go in. The\n"
                   "exit code is that of the first failure (65 malformed, 66 cannot be read), else 0.\n"
                   "The same bytes imported again for the same sample add nothing and say so (not a\n"
                   "failure). The same bytes on another sample are refused (65): two measurements never\n"
                   "give identical files, so it is almost surely the wrong file or the wrong sample.\n"
                   "Only a sample that is received or in testing takes files; a received one moves to\n"
                   "in testing. Files above 256 MiB are refused unread.",
        .positionals = {{"SAMPLE", "the sample's id or public code"},
                        {"FILE", "instrument files (JCAMP-DX, OPUS, SPC, AnDI/netCDF, ChemStation MS or .D, CSV)", true, true}},
        .run = importFiles,
    });
}

} // namespace candor::cli
