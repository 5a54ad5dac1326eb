// sample add, sample list, sample show: intake and finding a sample again.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"
#include "cli/matchjson.h"
#include "cli/table.h"

#include "cli/matchtext.h"
#include "core/matchresults.h"
#include "services/referencelibrary.h"
#include "core/catalogue.h"
#include "core/errors.h"
#include "core/findings.h"
#include "core/readings.h"
#include "core/samples.h"
#include "core/util.h"

#include <limits>
#include <ostream>

namespace candor::cli {

namespace {

core::SampleInput sampleInput(const Arguments &args)
{
    core::SampleInput in;
    in.soldAs = args.valueOr("sold-as", "");
    in.form = args.valueOr("form", "");
    in.colour = args.value("colour");
    in.texture = args.value("texture");
    in.site = args.value("site");
    in.intakeChannel = args.valueOr("intake-channel", in.intakeChannel);
    in.receivedAt = args.value("received-at");
    in.sampleType = args.valueOr("sample-type", in.sampleType);
    in.pillLogo = args.value("pill-logo");
    in.pillScoreLine = args.value("pill-score-line");
    in.pillDiameterMm = args.number("pill-diameter-mm");
    in.pillThicknessMm = args.number("pill-thickness-mm");
    in.pillMassMg = args.number("pill-mass-mg");
    in.reportedEffects = args.value("reported-effects");
    in.overdoseInvolved = args.yesNo("overdose-involved");
    in.researchConsent = args.yesNo("research-consent").value_or(false);
    in.notes = args.value("notes");
    return in;
}

void line(std::ostream &out, const char *label, const std::string &value)
{
    out << "  " << label << std::string(20 - std::string(label).size(), ' ') << value << "\n";
}

void printSample(std::ostream &out, const core::Sample &s)
{
    out << "Sample " << s.publicCode << (s.isDemo ? "  [DEMO DATA, not a real sample]" : "") << "\n";
    line(out, "id", s.id);
    line(out, "status", core::toString(s.status));
    line(out, "received", s.receivedAt + ", " + s.intakeChannel + ", " + s.siteName + " (" + s.region + ")");
    line(out, "sold as", "\"" + s.soldAs + "\"" + (s.soldAsSubstance ? " -> " + *s.soldAsSubstance : ""));
    std::string looks = s.form;
    if (s.colour)
        looks += ", " + *s.colour;
    if (s.texture)
        looks += ", " + *s.texture;
    line(out, "form", looks);
    line(out, "sample type", s.sampleType);
    std::vector<std::string> pill;
    if (s.pillLogo)
        pill.push_back("logo " + *s.pillLogo);
    if (s.pillScoreLine)
        pill.push_back("score line " + *s.pillScoreLine);
    if (s.pillDiameterMm)
        pill.push_back(formatNumber(*s.pillDiameterMm) + " mm across");
    if (s.pillThicknessMm)
        pill.push_back(formatNumber(*s.pillThicknessMm) + " mm thick");
    if (s.pillMassMg)
        pill.push_back(formatNumber(*s.pillMassMg) + " mg");
    if (!pill.empty())
        line(out, "pill", core::joinList(pill, ", "));
    if (s.reportedEffects)
        line(out, "reported effects", *s.reportedEffects);
    if (s.overdoseInvolved)
        line(out, "overdose involved", *s.overdoseInvolved ? "yes" : "no");
    line(out, "research consent", s.researchConsent ? "yes" : "no");
    if (s.notes)
        line(out, "notes (internal)", *s.notes);
    line(out, "recorded", s.createdAt + " by " + s.createdByName);
}

int sampleAdd(Context &ctx, const Arguments &args)
{
    // Parse every value before authenticating, so a typo costs no password hash.
    const core::SampleInput input = sampleInput(args);
    const core::User &actor = ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.add(input, actor);
    if (ctx.json()) {
        printJson(ctx.out(), sampleJson(sample));
    } else {
        ctx.out() << "Added sample " << sample.publicCode << "\n";
        printSample(ctx.out(), sample);
    }
    return kExitOk;
}

int sampleList(Context &ctx, const Arguments &args)
{
    core::SampleQuery query;
    if (const auto status = args.value("status"); status && !status->empty())
        query.status = core::parse<core::SampleStatus>(*status);
    query.soldAs = args.value("sold-as");
    query.site = args.value("site");
    query.from = args.value("from");
    query.to = args.value("to");
    query.text = args.value("search");
    const auto limit = args.integer("limit", 1, 10000).value_or(50);
    const auto offset = args.integer("offset", 0, std::numeric_limits<std::int64_t>::max()).value_or(0);
    ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    const auto total = samples.count(query);
    const auto page = samples.list(query, offset, limit);
    if (ctx.json()) {
        auto list = nlohmann::ordered_json::array();
        for (const auto &s : page)
            list.push_back(sampleJson(s));
        printJson(ctx.out(), {{"total", total}, {"offset", offset}, {"limit", limit}, {"samples", list}});
        return kExitOk;
    }
    if (page.empty()) {
        ctx.out() << (total == 0 ? "No samples match.\n" : "No samples on this page.\n");
        return kExitOk;
    }
    TextTable table({"CODE", "RECEIVED", "SITE", "SOLD AS", "FORM", "COLOUR", "STATUS", ""}, 30);
    for (const auto &s : page)
        table.addRow({s.publicCode, s.receivedAt.substr(0, 16), s.siteName, s.soldAs, s.form, s.colour.value_or(""),
                      core::toString(s.status), s.isDemo ? "demo" : ""});
    table.print(ctx.out());
    ctx.out() << offset + 1 << "-" << offset + std::int64_t(page.size()) << " of " << total << " samples\n";
    return kExitOk;
}

std::string describeStrip(const core::StripReading &r)
{
    std::vector<std::string> details;
    if (r.cutoffNgMl)
        details.push_back("cutoff " + formatNumber(*r.cutoffNgMl) + " ng/mL");
    if (r.dilutionMgMl)
        details.push_back("dilution " + formatNumber(*r.dilutionMgMl) + " mg/mL");
    if (r.readTimeMin)
        details.push_back("read at " + formatNumber(*r.readTimeMin) + " min");
    if (r.brand)
        details.push_back("brand " + *r.brand);
    if (r.lot)
        details.push_back("lot " + *r.lot);
    return r.stripType + " strip: " + r.result + (details.empty() ? "" : " (" + core::joinList(details, ", ") + ")");
}

std::string describeCandidates(const std::vector<core::ReagentCandidate> &candidates)
{
    if (candidates.empty())
        return "no catalogue substance matches this sequence";
    std::vector<std::string> names;
    for (const auto &c : candidates)
        names.push_back(c.substance + (c.exact ? "" : " (partial)"));
    return "consistent with " + core::joinList(names, ", ");
}

int sampleShow(Context &ctx, const Arguments &args)
{
    const auto code = args.value("code");
    if (code && !args.positionals().empty())
        throw UsageError("sample show: give either ID|CODE or --code CODE, not both", "sample show");
    if (!code && args.positionals().empty())
        throw UsageError("sample show: missing ID|CODE (or --code CODE)", "sample show");
    std::string key = args.positional(0);
    if (code) {
        // --code looks up by public code only, as the private result lookup will, so an
        // id or an id prefix never finds a sample here.
        const auto normalized = core::normalizePublicCode(*code);
        if (!normalized)
            throw core::ValidationError("code", "code: '" + *code + "' is not a public code (like K7Q-M3X)");
        key = *normalized;
    }
    ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    core::ReadingStore readings(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.resolve(key);
    if (code && sample.publicCode != key)
        throw core::NotFound("no sample with code '" + *code + "'");
    const auto strips = readings.strips(sample.id);
    const auto reagents = readings.reagents(sample.id);
    const auto warnings = readings.crossReactionWarnings(sample.id);
    const auto history = readings.history(sample.id);
    const auto findings = core::FindingStore(ctx.database(), ctx.catalogue()).list(sample.id);
    const auto matches = core::MatchResultStore(ctx.database()).forSample(sample.id);
    const auto flags = services::stripPositiveFtirNegative(strips, matches);

    if (ctx.json()) {
        auto record = sampleJson(sample);
        record["strips"] = nlohmann::ordered_json::array();
        for (const auto &s : strips)
            record["strips"].push_back(stripJson(s));
        record["reagents"] = nlohmann::ordered_json::array();
        for (const auto &r : reagents)
            record["reagents"].push_back(reagentJson(r, ctx.catalogue().reagentCandidates(r.reagent, r.colours)));
        record["findings"] = nlohmann::ordered_json::array();
        for (const auto &f : findings)
            record["findings"].push_back(findingJson(f));
        record["warnings"] = warnings;
        record["matches"] = nlohmann::ordered_json::array();
        for (const auto &m : matches)
            record["matches"].push_back(storedMatchJson(m));
        record["flags"] = flags;
        record["history"] = historyJson(history);
        printJson(ctx.out(), record);
        return kExitOk;
    }
    printSample(ctx.out(), sample);
    ctx.out() << "\nStrips:\n";
    if (strips.empty())
        ctx.out() << "  none yet\n";
    for (const auto &s : strips)
        ctx.out() << "  " << describeStrip(s) << "  [" << s.createdByName << ", " << s.createdAt << "]\n";
    ctx.out() << "\nReagents:\n";
    if (reagents.empty())
        ctx.out() << "  none yet\n";
    for (const auto &r : reagents)
        ctx.out() << "  " << r.reagent << ": " << core::joinList(r.colours, " -> ") << "  ("
                  << describeCandidates(ctx.catalogue().reagentCandidates(r.reagent, r.colours)) << ")  [" << r.createdByName
                  << ", " << r.createdAt << "]\n";
    ctx.out() << "\nFindings:\n";
    if (findings.empty())
        ctx.out() << "  none yet\n";
    for (const auto &f : findings)
        ctx.out() << "  " << f.describe() << "\n";
    if (sample.referralReason)
        ctx.out() << "  -> refer to a confirmatory lab: " << *sample.referralReason << "\n";
    if (sample.submittedByName)
        ctx.out() << "\nSubmitted by " << *sample.submittedByName << " at " << sample.submittedAt.value_or("") << "\n";
    if (sample.verifiedByName)
        ctx.out() << "Verified by " << *sample.verifiedByName << " at " << sample.verifiedAt.value_or("") << "\n";
    if (sample.statusReason)
        ctx.out() << "Reason (" << core::toString(sample.status) << "): " << *sample.statusReason << "\n";
    if (!warnings.empty()) {
        ctx.out() << "\nWarnings:\n";
        for (const auto &w : warnings)
            ctx.out() << "  ! " << w << "\n";
    }
    if (!flags.empty()) {
        ctx.out() << "\nFlags:\n";
        for (const auto &f : flags)
            ctx.out() << "  ! " << f << "\n";
    }
    ctx.out() << "\nSpectrum matches:\n";
    if (matches.empty())
        ctx.out() << "  none yet\n";
    for (const auto &m : matches) {
        ctx.out() << "  " << m.fileName << ": " << (m.spectrumTitle.empty() ? "(untitled)" : m.spectrumTitle) << "  ["
                  << m.createdAt << "]\n";
        printMatch(ctx.out(), storedMatchJson(m), "    ");
    }
    ctx.out() << "\nHistory:\n";
    for (const auto &e : history)
        ctx.out() << "  " << e.at << "  " << e.who << "  " << e.what << "\n";
    return kExitOk;
}

} // namespace

void addSampleCommands(CommandTable &table)
{
    table.add({
        .words = {"sample", "add"},
        .summary = "take in a sample; prints its public code",
        .details = "Every field of a sample has an option. Pill details need --form pill or capsule.",
        .options =
            {
                {"sold-as", "TEXT", "what the person expects it to be, in their words", true},
                {"form", "FORM", "powder, crystal, rock, pill, capsule, liquid, blotter, plant, other", true},
                {"colour", "C", "colour"},
                {"texture", "T", "texture"},
                {"site", "S", "site name (default: the main site)"},
                {"intake-channel", "CHANNEL", "walk-in (default), mail-in, event, outreach"},
                {"received-at", "TIME", "UTC time like 2026-11-22T14:05Z (default: now)"},
                {"sample-type", "TYPE", "substance (default) or residue"},
                {"pill-logo", "TEXT", "the logo pressed into a pill"},
                {"pill-score-line", "TEXT", "the score line of a pill"},
                {"pill-diameter-mm", "MM", "pill diameter in millimetres"},
                {"pill-thickness-mm", "MM", "pill thickness in millimetres"},
                {"pill-mass-mg", "MG", "pill mass in milligrams"},
                {"reported-effects", "TEXT", "effects the person reports"},
                {"overdose-involved", "yes|no", "whether an overdose was involved"},
                {"research-consent", "yes|no", "consent to anonymized research use (default no)"},
                {"notes", "TEXT", "internal notes, never published"},
            },
        .run = sampleAdd,
    });
    table.add({
        .words = {"sample", "list"},
        .summary = "list samples, newest first, with filters",
        .options =
            {
                {"status", "S", core::joinList(core::allTerms<core::SampleStatus>(), ", ")},
                {"sold-as", "T", "sold-as text or normalized substance"},
                {"site", "S", "site name"},
                {"from", "DATE", "received on or after (UTC, 2026-11-22)"},
                {"to", "DATE", "received on or before (UTC)"},
                {"search", "TEXT", "code, sold-as, colour or logo contains"},
                {"limit", "N", "at most N samples (default 50)"},
                {"offset", "N", "skip the first N"},
            },
        .database = DatabaseUse::Reading,
        .run = sampleList,
    });
    table.add({
        .words = {"sample", "show"},
        .summary = "show one sample with its strips, reagents, warnings and history",
        .details = "ID|CODE is the sample's id, an id prefix of 8 or more characters, or its public code\n"
                   "(any case, dash optional). --code accepts a public code only.",
        .positionals = {{"ID|CODE", "the sample", false}},
        .options = {{"code", "CODE", "look up by public code only"}},
        .database = DatabaseUse::Reading,
        .run = sampleShow,
    });
}

} // namespace candor::cli
