// finding set, submit, verify, return, invalidate: the technician's conclusion and the
// four-eyes workflow that turns it into a verified result.

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/commandtable.h"
#include "cli/context.h"
#include "cli/exitcodes.h"
#include "cli/jsonview.h"

#include "core/catalogue.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/findings.h"
#include "core/samples.h"
#include "core/serviceidentity.h"
#include "core/slip.h"
#include "core/users.h"
#include "core/util.h"
#include "core/workflow.h"
#include "print/servicetime.h"
#include "print/slipwriter.h"

#include <ostream>

namespace candor::cli {

namespace {

int findingSet(Context &ctx, const Arguments &args)
{
    std::vector<core::FindingInput> findings;
    const auto techniques = core::splitList(args.valueOr("technique", ""));
    for (const auto &component : args.values("component")) {
        auto in = core::parseComponent(component);
        in.techniques = techniques;
        // --confidence applies to the components: "confidence: 'sure' is not one of ..." (65).
        if (const auto confidence = args.value("confidence"))
            in.confidence = core::parse<core::Confidence>(core::normalizeTerm(*confidence));
        findings.push_back(std::move(in));
    }
    if (args.has("uncertain")) {
        core::FindingInput in;
        in.kind = "uncertain";
        in.confidence = core::Confidence::Uncertain;
        in.techniques = techniques;
        findings.push_back(std::move(in));
    }
    if (args.has("no-match")) {
        core::FindingInput in;
        in.kind = "no-match";
        in.techniques = techniques;
        findings.push_back(std::move(in));
    }
    if (findings.empty())
        throw UsageError("finding set: give at least one --component NAME[:primary|:trace|:N%], --uncertain or --no-match",
                         "finding set");
    const auto refer = args.value("refer");
    const core::User &actor = ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    core::FindingStore store(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.resolve(args.positional(0));
    const auto stored = store.set(sample.id, findings, refer, actor);
    const auto referral = store.referral(sample.id);
    if (ctx.json()) {
        auto list = nlohmann::ordered_json::array();
        for (const auto &f : stored)
            list.push_back(findingJson(f));
        printJson(ctx.out(), {{"sample_id", sample.id},
                              {"public_code", sample.publicCode},
                              {"findings", list},
                              {"referral", referral ? nlohmann::ordered_json(*referral) : nlohmann::ordered_json(nullptr)}});
        return kExitOk;
    }
    ctx.out() << "Findings for " << sample.publicCode << ":\n";
    for (const auto &f : stored)
        ctx.out() << "  " << f.describe() << (f.substance && !f.known && f.kind == "substance" ? "  (not in the catalogue)" : "")
                  << "\n";
    if (referral)
        ctx.out() << "Refer to a confirmatory lab: " << *referral << "\n";
    return kExitOk;
}

// The four transitions differ only in the call and the words printed.
int transition(Context &ctx, const Arguments &args, const std::string &verb, const char *done)
{
    const auto reason = args.value("reason");
    const core::User &actor = ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.resolve(args.positional(0));
    core::Workflow workflow(ctx.database());
    if (verb == "submit")
        workflow.submit(sample.id, actor);
    else if (verb == "verify")
        workflow.verify(sample.id, actor);
    else if (verb == "return")
        workflow.returnForTesting(sample.id, reason.value_or(""), actor);
    else
        workflow.invalidate(sample.id, reason.value_or(""), actor);
    const core::Sample after = *samples.find(sample.id);
    if (ctx.json()) {
        printJson(ctx.out(),
                  {{"id", after.id},
                   {"public_code", after.publicCode},
                   {"status_before", core::toString(sample.status)},
                   {"status", core::toString(after.status)},
                   {"by", actor.name},
                   {"reason", reason ? nlohmann::ordered_json(core::trim(*reason)) : nlohmann::ordered_json(nullptr)}});
    } else {
        ctx.out() << "Sample " << after.publicCode << " " << done << " (" << core::toString(sample.status) << " -> "
                  << core::toString(after.status) << ")\n";
    }
    return kExitOk;
}

int sampleSlip(Context &ctx, const Arguments &args)
{
    const std::filesystem::path out = args.valueOr("out", "");
    print::slipFormatFor(out); // a wrong extension is reported before the password is asked
    const core::User &actor = ctx.actor();
    core::SampleStore samples(ctx.database(), ctx.catalogue());
    const core::Sample sample = samples.resolve(args.positional(0));
    auto slip = core::buildSlip(ctx.database(), ctx.catalogue(), sample.id, actor);
    print::localizeSlip(slip, core::ServiceIdentityStore(ctx.database()).get().timeZone);
    print::writeSlip(slip, out, args.has("force") ? print::ExistingFile::Replace : print::ExistingFile::Refuse);
    if (ctx.json())
        printJson(ctx.out(), {{"public_code", slip.publicCode}, {"path", std::filesystem::absolute(out).string()}});
    else
        ctx.out() << "Wrote the result slip for " << slip.publicCode << " to " << out.string() << "\n";
    return kExitOk;
}

} // namespace

void addTrustCommands(CommandTable &table)
{
    table.add({
        .words = {"sample", "slip"},
        .summary = "write the private result slip of a verified sample (PDF or HTML)",
        .details = "The slip holds the public code, what was found with a plain-language line for each\n"
                   "substance, the strip and reagent results, safer-use notes for what was found, the\n"
                   "service's name and contact ('service set') and a notice when a match came from the demo\n"
                   "library; no notes, site, staff names or times. An existing file is replaced only with\n"
                   "--force. The person looks the result up later with 'sample show --code CODE'.",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .options = {{"out", "FILE.pdf|FILE.html", "where to write it", true}, {"force", "", "replace FILE when it exists"}},
        .database = DatabaseUse::Reading,
        .run = sampleSlip,
    });
    table.add({
        .words = {"finding", "set"},
        .summary = "record what is in a sample (replaces its findings); decides the confirmatory-lab referral",
        .details = "Each --component is a substance, with its abundance after a colon: fentanyl:trace,\n"
                   "caffeine:primary (the default), mdma:35%. Names are matched to the catalogue's substances\n"
                   "and synonyms. --uncertain and --no-match record those findings. A positive strip with no\n"
                   "finding of its class, four or more components, a never-seen substance or an uncertain or\n"
                   "missing match refer the sample to a confirmatory lab; --refer adds a reason of your own.",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .options =
            {
                {"component", "NAME[:primary|:trace|:N%]", "a substance found", false, true},
                {"technique", "T[,T...]", "what supports the findings: strip, reagent, ftir, raman, gc-ms, visual, other"},
                {"confidence", "C", "confirmed (default), probable, uncertain"},
                {"uncertain", "", "an uncertain library match"},
                {"no-match", "", "no library match"},
                {"refer", "REASON", "refer to a confirmatory lab for this reason"},
            },
        .run = findingSet,
    });
    table.add({
        .words = {"submit"},
        .summary = "submit a sample's result for verification (technician; needs a finding)",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .run = [](Context &ctx, const Arguments &args) { return transition(ctx, args, "submit", "submitted for verification"); },
    });
    table.add({
        .words = {"verify"},
        .summary = "verify a submitted result (verifier; never the one who submitted it)",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .run = [](Context &ctx, const Arguments &args) { return transition(ctx, args, "verify", "verified"); },
    });
    table.add({
        .words = {"return"},
        .summary = "return a submitted result for more testing, with a reason (verifier)",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .options = {{"reason", "TEXT", "why; goes into the audit log", true}},
        .run = [](Context &ctx, const Arguments &args) { return transition(ctx, args, "return", "returned for more testing"); },
    });
    table.add({
        .words = {"invalidate"},
        .summary = "invalidate a result, with a reason; it is kept, and alerts built on it are marked for update",
        .positionals = {{"SAMPLE", "the sample's id or public code"}},
        .options = {{"reason", "TEXT", "why; goes into the audit log", true}},
        .run = [](Context &ctx, const Arguments &args) { return transition(ctx, args, "invalidate", "invalidated"); },
    });
}

} // namespace candor::cli
