// library import, library list, match: the reference library in the database and
// searching it with one file (docs/cli.md).

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/matchjson.h"
#include "cli/matchtext.h"
#include "cli/table.h"

#include "core/database.h"
#include "core/references.h"
#include "importers/reader.h"
#include "matching/matchingerror.h"
#include "services/instrumentimport.h"
#include "services/referencelibrary.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>

namespace candor::cli {

namespace {

std::string fixed(double value, int decimals)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

int libraryImport(Context &ctx, const Arguments &args)
{
    const core::User &actor = ctx.actor();
    std::vector<std::filesystem::path> paths(args.positionals().begin(), args.positionals().end());
    const auto outcomes = services::importReferenceFiles(ctx.database(), paths, actor, args.valueOr("source", ""));
    std::map<services::ReferenceImportOutcome::Status, int> counts;
    int code = kExitOk;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto &o : outcomes) {
        counts[o.status]++;
        std::string message = o.message;
        if (o.status == services::ReferenceImportOutcome::Status::Failed) {
            const auto report = reportFor(o.error);
            message = report.message;
            if (code == kExitOk)
                code = report.code;
            ctx.err() << "candor-cli: " << message << "\n";
        }
        if (ctx.json()) {
            nlohmann::ordered_json record = {{"path", o.path.string()}, {"status", services::toString(o.status)}};
            if (!o.substance.empty())
                record["substance"] = o.substance;
            record["message"] = message;
            files.push_back(record);
        } else if (o.status != services::ReferenceImportOutcome::Status::Failed) {
            ctx.out() << message << "\n";
        }
    }
    using S = services::ReferenceImportOutcome::Status;
    core::ReferenceStore store(ctx.database());
    if (ctx.json()) {
        printJson(ctx.out(), {{"added", counts[S::Added]},
                              {"already_present", counts[S::AlreadyPresent]},
                              {"failed", counts[S::Failed]},
                              {"skipped", counts[S::Skipped]},
                              {"library_version", store.version()},
                              {"spectra", store.count()},
                              {"files", files}});
    } else {
        ctx.out() << counts[S::Added] << " added, " << counts[S::AlreadyPresent] << " already present, " << counts[S::Failed]
                  << " failed";
        if (counts[S::Skipped] > 0)
            ctx.out() << ", " << counts[S::Skipped] << " skipped (not spectra)";
        ctx.out() << ". The library now holds " << store.count() << " reference spectra (version " << store.version() << ").\n";
    }
    return code;
}

int libraryList(Context &ctx, const Arguments &)
{
    core::ReferenceStore store(ctx.database());
    const auto rows = store.all(false);
    std::int64_t demo = 0, high = 0;
    std::map<std::string, int> substances;
    std::int64_t retired = 0, unset = 0;
    for (const auto &r : rows) {
        if (r.retired) {
            ++retired;
            continue;
        }
        demo += r.isDemo ? 1 : 0;
        high += r.riskSet && r.risk == "high" ? 1 : 0;
        unset += r.riskSet ? 0 : 1;
        substances[r.substance]++;
    }
    auto riskText = [](const core::ReferenceRow &r) { return r.riskSet ? r.risk : std::string("not set"); };
    if (ctx.json()) {
        nlohmann::ordered_json refs = nlohmann::ordered_json::array();
        for (const auto &r : rows)
            refs.push_back({{"id", r.id},
                            {"substance", r.substance},
                            {"class", r.substanceClass},
                            {"risk", riskText(r)},
                            {"source", r.source},
                            {"file", r.fileName},
                            {"title", r.title},
                            {"cas", r.cas},
                            {"demo", r.isDemo},
                            {"retired", r.retired}});
        nlohmann::ordered_json doc = {{"name", services::kLibraryName},
                                      {"version", store.version()},
                                      {"spectra", rows.size() - std::size_t(retired)},
                                      {"substances", substances.size()},
                                      {"high_risk", high},
                                      {"demo", demo},
                                      {"retired", retired},
                                      {"risk_not_set", unset}};
        if (demo > 0)
            doc["notice"] = services::kDemoLibraryNotice;
        doc["references"] = refs;
        printJson(ctx.out(), doc);
        return kExitOk;
    }
    if (rows.empty()) {
        ctx.out() << "The reference library is empty: add spectra with 'candor-cli library import PATH...'.\n";
        return kExitOk;
    }
    TextTable table({"substance", "class", "risk", "source", "demo"});
    for (const auto &r : rows)
        table.addRow({r.substance, r.substanceClass, riskText(r), r.source,
                      r.retired ? (r.isDemo ? "demo, retired" : "retired") : (r.isDemo ? "demo" : "")});
    table.print(ctx.out());
    ctx.out() << "\n"
              << rows.size() - std::size_t(retired) << " reference spectra of " << substances.size() << " substances (" << high
              << " high-risk), version " << store.version() << ".\n";
    if (demo > 0)
        ctx.out() << demo << " of them are the " << services::kDemoLibraryNotice << ".\n";
    if (retired > 0)
        ctx.out() << retired << " retired references are kept for the history and not matched.\n";
    if (unset > 0)
        ctx.out() << unset << " references have a substance the catalogue does not know: set class and risk with "
                  << "'candor-cli library set-risk SUBSTANCE --class C --risk low|moderate|high'.\n";
    return kExitOk;
}

int libraryRetireDemo(Context &ctx, const Arguments &)
{
    core::ReferenceStore store(ctx.database());
    const auto retired = store.retireDemo(ctx.actor());
    if (ctx.json())
        printJson(ctx.out(),
                  {{"retired", retired}, {"library_version", store.version()}, {"spectra", store.active(false).size()}});
    else if (retired == 0)
        ctx.out() << "No demo reference is in use: nothing to retire.\n";
    else
        ctx.out() << "Retired " << retired << " demo references: they stay in the history and are no longer matched. "
                  << "The library now holds " << store.active(false).size() << " reference spectra (version " << store.version()
                  << ").\n";
    return kExitOk;
}

int librarySetRisk(Context &ctx, const Arguments &args)
{
    core::ReferenceStore store(ctx.database());
    const std::string substance = args.positional(0);
    store.setSubstanceClassAndRisk(substance, args.valueOr("class", ""), args.valueOr("risk", ""), ctx.actor());
    ctx.out() << substance << ": class " << args.valueOr("class", "") << ", risk " << args.valueOr("risk", "")
              << " (library version " << store.version() << ").\n";
    return kExitOk;
}

int libraryQc(Context &ctx, const Arguments &args)
{
    const double threshold = args.number("threshold").value_or(services::kLibraryQcThreshold);
    const auto library = ctx.library();
    const auto pairs = services::libraryQc(*library, threshold);
    std::map<std::string, std::string> files;
    for (const auto &r : core::ReferenceStore(ctx.database()).active(false))
        files[r.id] = r.fileName;
    if (ctx.json()) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const auto &p : pairs)
            list.push_back({{"substance_a", p.substanceA},
                            {"file_a", files[p.spectrumIdA]},
                            {"substance_b", p.substanceB},
                            {"file_b", files[p.spectrumIdB]},
                            {"correlation", std::round(p.correlation * 1e4) / 1e4}});
        printJson(ctx.out(), {{"threshold", threshold}, {"spectra", library->compiled().size()}, {"pairs", list}});
        return kExitOk;
    }
    if (pairs.empty()) {
        ctx.out() << "No two substances in the library correlate at " << fixed(threshold, 3)
                  << " or above: the matcher can tell every pair apart.\n";
        return kExitOk;
    }
    TextTable table({"substance", "file", "substance", "file", "correlation"});
    for (const auto &p : pairs)
        table.addRow({p.substanceA, files[p.spectrumIdA], p.substanceB, files[p.spectrumIdB], fixed(p.correlation, 4)});
    table.print(ctx.out());
    ctx.out() << "\n"
              << pairs.size() << " pairs of references of different substances correlate at " << fixed(threshold, 3)
              << " or above: the matcher cannot tell them apart; check the files or their names.\n";
    return kExitOk;
}

int matchFile(Context &ctx, const Arguments &args)
{
    const std::string file = args.positional(0);
    const auto top = args.integer("top", 1, 1000).value_or(10);
    const auto bytes = services::readInstrumentFile(file);
    auto parsed = importers::ReaderRegistry::instance().readBytes(bytes, file);
    if (parsed.spectra.empty())
        throw matching::MatchingError(matching::MatchingError::Kind::InvalidValues, file + ": holds no spectrum");
    std::size_t which = 0;
    for (std::size_t i = 0; i < parsed.spectra.size(); ++i)
        if (parsed.spectra[i].technique == "infrared") {
            which = i;
            break;
        }
    const auto library = ctx.library();
    auto result = services::matchSpectrum(*library, parsed.spectra[which], std::size_t(top));
    if (result.error == matching::MatchingError::Kind::EmptyLibrary)
        result.reason = "the reference library is empty: add spectra with 'candor-cli library import PATH...' (" + result.reason +
                        ")";
    const auto json = matchJson(services::describeMatch(*library, result), file);
    if (ctx.json())
        printJson(ctx.out(), json);
    else {
        ctx.out() << file << "\n";
        printMatch(ctx.out(), json);
    }
    if (result.error) {
        ctx.err() << "candor-cli: " << file << ": cannot be matched: " << result.reason << "\n";
        return kExitDataError;
    }
    return kExitOk;
}

} // namespace

void printMatch(std::ostream &out, const nlohmann::ordered_json &m, const std::string &indent)
{
    const auto &lib = m.value("library", nlohmann::ordered_json::object());
    out << indent << "Verdict: " << m.value("verdict", std::string("no-match")) << ": " << m.value("reason", std::string())
        << "\n";
    out << indent << "Library: " << lib.value("name", std::string()) << ", version " << lib.value("version", std::string())
        << ", " << lib.value("spectra", 0) << " spectra";
    if (lib.value("demo", false))
        out << " (" << services::kDemoLibraryNotice << ")";
    out << "\n";
    const auto &hits = m.value("hits", nlohmann::ordered_json::array());
    if (!hits.empty()) {
        out << indent << "Hits:\n";
        for (const auto &h : hits)
            out << indent << "  " << h.value("rank", 0) << ". " << h.value("substance", std::string()) << " ("
                << h.value("class", std::string()) << ") score " << fixed(h.value("score", 0.0), 3)
                << (h.value("high_risk", false) ? "  [HIGH RISK]" : "") << "\n";
    }
    const auto &mixture = m.value("mixture", nlohmann::ordered_json::object());
    const auto &components = mixture.value("components", nlohmann::ordered_json::array());
    bool anyDetected = false;
    for (const auto &c : components)
        anyDetected = anyDetected || c.value("status", std::string()) != "possible";
    if (anyDetected) {
        out << indent << "Mixture (residual " << fixed(mixture.value("residual", 1.0), 3) << "):\n";
        for (const auto &c : components)
            if (c.value("status", std::string()) != "possible")
                out << indent << "  " << c.value("substance", std::string()) << " (" << c.value("class", std::string()) << ") "
                    << fixed(100 * c.value("fraction", 0.0), 1) << "% of the signal"
                    << (c.value("high_risk", false) ? "  [HIGH RISK]" : "") << "\n";
    }
    for (const auto &c : components)
        if (c.value("status", std::string()) == "possible")
            out << indent << "  POSSIBLE (not a finding): " << c.value("substance", std::string()) << " ("
                << c.value("class", std::string()) << ") improves the fit; confirm with a strip or GC-MS\n";
    const auto &warnings = m.value("warnings", nlohmann::ordered_json::array());
    for (const auto &w : warnings)
        out << indent << "  ! " << w.get<std::string>() << "\n";
}

void addMatchCommands(CommandTable &table)
{
    table.add({
        .words = {"library", "import"},
        .summary = "add reference spectra to the library (files or folders; admin)",
        .details = "Each PATH is a file or a folder (its files, not recursive): JCAMP-DX, OPUS or SPC, one\n"
                   "infrared spectrum each. The substance comes from the title (a catalogue prefix like\n"
                   "'#1234 - Cocaine HCl' is dropped), ##CAS NAME and ##MOLFORM, else the file name.\n"
                   "Class and risk come from the catalogue by name or synonym, salt words (HCl, base,\n"
                   "citrate, hydrate) stripped; a substance it does not know is 'unknown', risk not set\n"
                   "(see 'library set-risk'). Several spectra of one substance (lots, instruments, salt\n"
                   "and base) are all kept and matched together. Each file prints added, already\n"
                   "present (the same bytes: nothing to do) or failed with its reason. Exit 0 when every\n"
                   "file went in or was there already; 65 on a malformed file or a folder without one\n"
                   "usable spectrum; 66 when a file cannot be read.",
        .positionals = {{"PATH", "reference files or folders", true, true}},
        .options = {{"source", "TEXT", "where the spectra come from (\"SWGDRUG IR 3.12\"); default: the folder's name"}},
        .run = libraryImport,
    });
    table.add({
        .words = {"library", "retire-demo"},
        .summary = "stop matching against the demo library (admin); its rows stay for the history",
        .details = "Flags every demo reference retired: stored matches still name it, new matches no\n"
                   "longer use it and no longer say 'demo library'. Audit-logged. Import the service's\n"
                   "own library first: an empty library matches nothing.",
        .run = libraryRetireDemo,
    });
    table.add({
        .words = {"library", "set-risk"},
        .summary = "set class and risk of a substance the catalogue does not know (admin)",
        .details = "Sets the class (fentanyl, nitazene, benzodiazepine, cut, ...) and risk (low,\n"
                   "moderate, high) of every reference of SUBSTANCE. Audit-logged with the old values.",
        .positionals = {{"SUBSTANCE", "the substance as 'library list' names it"}},
        .options = {{"class", "CLASS", "the substance's class", true}, {"risk", "RISK", "low, moderate or high", true}},
        .run = librarySetRisk,
    });
    table.add({
        .words = {"library", "qc"},
        .summary = "pairs of references of different substances the matcher cannot tell apart",
        .details = "Lists pairs whose processed spectra (as the search compares them) correlate at the\n"
                   "threshold or above, most alike first. Such a pair ranks by noise: check that the\n"
                   "files are what their names say, or that the two really are different substances.",
        .options = {{"threshold", "R", "correlation from which a pair is listed (default 0.98)"}},
        .database = DatabaseUse::Reading,
        .needsUser = false,
        .run = libraryQc,
    });
    table.add({
        .words = {"library", "list"},
        .summary = "the reference spectra: substance, class, risk, source, demo",
        .database = DatabaseUse::Reading,
        .needsUser = false,
        .run = libraryList,
    });
    table.add({
        .words = {"match"},
        .summary = "search the reference library with one spectrum file; stores nothing",
        .details = "Prints the hits, the mixture (components with their share of the signal; high-risk\n"
                   "ones that improve the fit without being detected are marked 'possible': confirm\n"
                   "them, they are not findings), the residual and the verdict (match, uncertain,\n"
                   "no-match) with its reason. A spectrum that cannot be matched (no overlap with the\n"
                   "library's range, all zeros, not a number, another technique, an empty library)\n"
                   "prints verdict no-match with the reason and exits 65.",
        .positionals = {{"FILE", "the instrument file (its first infrared spectrum is matched)"}},
        .options = {{"top", "N", "how many hits to print (default 10)"}},
        .database = DatabaseUse::Reading,
        .needsUser = false,
        .run = matchFile,
    });
}

} // namespace candor::cli
