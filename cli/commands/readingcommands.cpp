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
#include "core/errors.h"
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

// Corrects a mis-read strip: the sample's current reading of that type (or the one named
// with --reading) is superseded by a new one. Brand, lot, cutoff, dilution and read time
// not given are the old reading's: a correction is usually of the result alone.
int stripCorrect(Context &ctx, const Arguments &args)
{
    const std::string type = args.valueOr("type", "");
    const core::User &actor = ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    core::ReadingStore readings(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.resolve(args.positional(0));
    std::vector<core::StripReading> candidates;
    for (auto &r : readings.strips(sample.id))
        if (args.value("reading") ? r.id == *args.value("reading") : (r.stripType == core::normalizeTerm(type)))
            candidates.push_back(std::move(r));
    if (candidates.empty())
        throw core::NotFound(args.value("reading")
                                 ? "no current strip reading '" + *args.value("reading") + "' on sample " + sample.publicCode
                                 : "no " + type + " strip reading on sample " + sample.publicCode + " to correct");
    if (candidates.size() > 1)
        throw core::ValidationError("reading",
                                    "reading: sample " + sample.publicCode + " has " + std::to_string(candidates.size()) + " " +
                                        type +
                                        " readings; name the one to correct with --reading ID (ids in `sample show --json`)");
    const core::StripReading &old = candidates.front();
    core::StripInput input;
    input.stripType = old.stripType;
    input.result = args.valueOr("result", "");
    input.brand = args.value("brand") ? args.value("brand") : old.brand;
    input.lot = args.value("lot") ? args.value("lot") : old.lot;
    input.cutoffNgMl = args.number("cutoff") ? args.number("cutoff") : old.cutoffNgMl;
    input.dilutionMgMl = args.number("dilution") ? args.number("dilution") : old.dilutionMgMl;
    input.readTimeMin = args.number("read-time") ? args.number("read-time") : old.readTimeMin;
    const auto before = readings.crossReactionWarnings(sample.id);
    const core::StripReading reading = readings.correctStrip(old.id, input, actor);
    const auto raised = newWarnings(before, readings.crossReactionWarnings(sample.id));
    if (ctx.json()) {
        auto record = stripJson(reading);
        record["public_code"] = sample.publicCode;
        record["supersedes"] = old.id;
        record["warnings"] = raised;
        printJson(ctx.out(), record);
        return kExitOk;
    }
    ctx.out() << "Corrected " << reading.stripType << " strip on sample " << sample.publicCode << ": " << old.result << " -> "
              << reading.result << " (the " << old.result << " reading is kept, marked superseded)\n";
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
        .options =
            {
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
        .words = {"strip", "correct"},
        .summary = "correct a mis-read strip; the old reading stays, marked superseded",
        .details = "Corrects the sample's one current reading of --type (or the one named by --reading).\n"
                   "Options not given keep the old reading's values.",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .options =
            {
                {"type", "T", "the strip type read wrongly", true},
                {"result", "R", "positive, negative, invalid: the right result", true},
                {"reading", "ID", "the reading to correct, when the sample has several of the type"},
                {"brand", "B", "strip brand"},
                {"lot", "L", "lot number"},
                {"cutoff", "NG_PER_ML", "cutoff in ng/mL"},
                {"dilution", "MG_PER_ML", "dilution in mg/mL"},
                {"read-time", "MIN", "minutes after dipping when read"},
            },
        .run = stripCorrect,
    });
    table.add({
        .words = {"reagent", "add"},
        .summary = "record a reagent colour sequence; prints the candidate substances",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .options =
            {
                {"reagent", "R", "marquis, mecke, mandelin, simons, ehrlich, froehde, liebermann, folin", true},
                {"colours", "\"C1,C2,...\"", "the colours seen, in order (\"no change\" is a colour)", true},
            },
        .run = reagentAdd,
    });
}

} // namespace candor::cli
