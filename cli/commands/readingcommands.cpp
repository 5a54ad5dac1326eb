// strip add, reagent add: the readings of presumptive tests on a sample, with what they
// suggest and any cross-reaction warning they raise.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/table.h"

#include "core/catalogue.h"
#include "core/readings.h"
#include "core/samples.h"
#include "core/util.h"

#include <algorithm>
#include <ostream>

namespace candor::cli {

namespace {

// The warnings a new reading raised: those present after it and not before, so that a
// second strip does not repeat what the first one already said.
std::vector<std::string> newWarnings(const std::vector<std::string> &before, const std::vector<std::string> &after)
{
    std::vector<std::string> out;
    for (const auto &w : after)
        if (std::find(before.begin(), before.end(), w) == before.end())
            out.push_back(w);
    return out;
}

void printWarnings(std::ostream &out, const std::vector<std::string> &warnings)
{
    for (const auto &w : warnings)
        out << "Warning: " << w << "\n";
}

int stripAdd(Context &ctx, const Arguments &args)
{
    core::StripInput input;
    input.stripType = args.valueOr("type", "");
    input.result = args.valueOr("result", "");
    input.brand = args.value("brand");
    input.lot = args.value("lot");
    input.cutoffNgMl = args.number("cutoff");
    input.dilutionMgMl = args.number("dilution");
    input.readTimeMin = args.number("read-time");
    const core::User &actor = ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    core::ReadingStore readings(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.resolve(args.positional(0));
    const auto before = readings.crossReactionWarnings(sample.id);
    const core::StripReading reading = readings.addStrip(sample.id, input, actor);
    const auto raised = newWarnings(before, readings.crossReactionWarnings(sample.id));
    if (ctx.json()) {
        auto record = stripJson(reading);
        record["public_code"] = sample.publicCode;
        record["warnings"] = raised;
        printJson(ctx.out(), record);
        return kExitOk;
    }
    ctx.out() << "Recorded " << reading.stripType << " strip: " << reading.result << " on sample " << sample.publicCode;
    if (reading.cutoffNgMl)
        ctx.out() << " (cutoff " << formatNumber(*reading.cutoffNgMl) << " ng/mL)";
    ctx.out() << "\n";
    printWarnings(ctx.out(), raised);
    return kExitOk;
}

int reagentAdd(Context &ctx, const Arguments &args)
{
    const std::string reagent = args.valueOr("reagent", "");
    const auto colours = core::splitList(args.valueOr("colours", ""));
    const core::User &actor = ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    core::ReadingStore readings(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.resolve(args.positional(0));
    const auto before = readings.crossReactionWarnings(sample.id);
    const core::ReagentReading reading = readings.addReagent(sample.id, reagent, colours, actor);
    const auto candidates = ctx.catalogue().reagentCandidates(reading.reagent, reading.colours);
    const auto raised = newWarnings(before, readings.crossReactionWarnings(sample.id));
    if (ctx.json()) {
        auto record = reagentJson(reading, candidates);
        record["public_code"] = sample.publicCode;
        record["warnings"] = raised;
        printJson(ctx.out(), record);
        return kExitOk;
    }
    ctx.out() << "Recorded " << reading.reagent << " reagent: " << core::joinList(reading.colours, " -> ") << " on sample "
              << sample.publicCode << "\n";
    if (candidates.empty()) {
        ctx.out() << "No catalogue substance is expected to give this sequence.\n";
    } else {
        ctx.out() << "Candidates (presumptive only):\n";
        for (const auto &c : candidates)
            ctx.out() << "  " << c.substance << (c.exact ? "" : "  (the sequence so far matches the start of its reaction)")
                      << "\n";
    }
    printWarnings(ctx.out(), raised);
    return kExitOk;
}

} // namespace

void addReadingCommands(CommandTable &table)
{
    table.add({
        .words = {"strip", "add"},
        .summary = "record a test-strip reading; warns when a positive may be a cross-reaction",
        .details = "Reading a strip: control and test line = negative; control line only = positive;\n"
                   "no control line = invalid (retest). A faint test line still means negative.",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .options = {
            {"type", "T", "fentanyl, benzodiazepine, xylazine, nitazene, ...", true},
            {"result", "R", "positive, negative, invalid", true},
            {"brand", "B", "strip brand"},
            {"lot", "L", "lot number"},
            {"cutoff", "NG_PER_ML", "cutoff in ng/mL (default: the catalogue's for the type)"},
            {"dilution", "MG_PER_ML", "dilution in mg/mL"},
            {"read-time", "MIN", "minutes after dipping when read"},
        },
        .run = stripAdd,
    });
    table.add({
        .words = {"reagent", "add"},
        .summary = "record a reagent colour sequence; prints the candidate substances",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .options = {
            {"reagent", "R", "marquis, mecke, mandelin, simons, ehrlich, froehde, liebermann, folin", true},
            {"colours", "\"C1,C2,...\"", "the colours seen, in order (\"no change\" is a colour)", true},
        },
        .run = reagentAdd,
    });
}

} // namespace candor::cli
