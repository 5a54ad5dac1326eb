// library rescreen: match every stored sample spectrum again against the current library
// and list the samples whose high-risk components changed, for a technician to review
// (issue 11). Progress goes to stderr; Ctrl-C stops between batches, resumable.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"

#include "services/referencelibrary.h"
#include "services/rescreen.h"

#include <csignal>
#include <ostream>
#include <stop_token>

namespace candor::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int)
{
    g_interrupted = 1;
}

// "fentanyl (detected), Bromazolam (possible)" or "none".
std::string componentsText(const nlohmann::json &list)
{
    std::string out;
    for (const auto &c : list) {
        if (!out.empty())
            out += ", ";
        out += c.value("substance", std::string()) + " (" + c.value("status", std::string()) + ")";
    }
    return out.empty() ? "none" : out;
}

int libraryRescreen(Context &ctx, const Arguments &args)
{
    const core::User &actor = ctx.actor();
    const auto library = ctx.library();
    services::RescreenOptions options;
    options.resume = args.has("resume");
    if (args.has("batch")) {
        const std::string text = args.valueOr("batch", "");
        std::size_t used = 0;
        long long value = 0;
        try {
            value = std::stoll(text, &used);
        } catch (const std::exception &) {
            used = 0;
        }
        if (used != text.size() || value < 1 || value > 100000)
            throw UsageError("--batch: '" + text + "' is not a whole number from 1 to 100000");
        options.batchSize = std::size_t(value);
    }

    std::stop_source stop;
    g_interrupted = 0;
    auto previous = std::signal(SIGINT, onInterrupt);
    const auto outcome = services::rescreenStoredSpectra(ctx.database(), *library, actor, stop.get_token(),
                                                         [&](const services::RescreenProgress &p) {
                                                             ctx.err() << "re-screened " << p.done << " of " << p.total
                                                                       << " spectra, " << p.changes << " changed\n";
                                                             if (g_interrupted)
                                                                 stop.request_stop();
                                                         });
    std::signal(SIGINT, previous);

    const bool cancelled = outcome.run.status == "cancelled";
    if (ctx.json()) {
        nlohmann::ordered_json changes = nlohmann::ordered_json::array();
        for (const auto &c : outcome.changes)
            changes.push_back({{"sample", c.publicCode},
                               {"sample_status", core::toString(c.sampleStatus)},
                               {"file", c.fileName},
                               {"spectrum_id", c.spectrumId},
                               {"before", nlohmann::ordered_json::parse(c.beforeJson)},
                               {"after", nlohmann::ordered_json::parse(c.afterJson)},
                               {"match_updated", c.matchUpdated}});
        printJson(ctx.out(), {{"run", outcome.run.id},
                              {"status", outcome.run.status},
                              {"resumed", outcome.resumed},
                              {"library_checksum", outcome.run.libraryChecksum},
                              {"screened", outcome.run.done},
                              {"total", outcome.run.total},
                              {"changes", changes}});
    } else {
        for (const auto &c : outcome.changes) {
            ctx.out() << c.publicCode << "  " << c.fileName << "  " << componentsText(nlohmann::json::parse(c.beforeJson))
                      << " -> " << componentsText(nlohmann::json::parse(c.afterJson));
            if (c.sampleStatus == core::SampleStatus::Verified)
                ctx.out() << "  [verified: result unchanged, review it]";
            ctx.out() << "\n";
        }
        ctx.out() << outcome.changes.size() << " spectra changed; " << outcome.run.done << " of " << outcome.run.total
                  << " screened" << (outcome.resumed ? " (resumed)" : "") << ".\n";
    }
    if (cancelled) {
        ctx.err() << "candor-cli: re-screen stopped; 'candor-cli library rescreen --resume' finishes it\n";
        return kExitTempFail;
    }
    return kExitOk;
}

} // namespace

void addRescreenCommands(CommandTable &table)
{
    table.add({
        .words = {"library", "rescreen"},
        .summary = "match every stored spectrum again and list the high-risk changes (technician, admin)",
        .details = "Matches every infrared spectrum of every sample that is not invalidated against the\n"
                   "current library, in batches (progress on stderr), and lists the spectra whose\n"
                   "high-risk components (detected or possible) differ from the stored match. A sample\n"
                   "not yet verified gets the new match stored; a verified one keeps its result and is\n"
                   "only listed for review. Findings are never changed. Ctrl-C stops after the batch in\n"
                   "flight (exit 75); --resume continues the newest unfinished run against the same\n"
                   "library, without listing a spectrum twice.",
        .options = {{"resume", "", "continue the newest unfinished run instead of starting over"},
                    {"batch", "N", "spectra per batch (default 256)"}},
        .run = libraryRescreen,
    });
}

} // namespace candor::cli
