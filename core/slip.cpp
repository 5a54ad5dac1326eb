#include "core/slip.h"
#include "core/catalogue.h"
#include "core/errors.h"
#include "core/findings.h"
#include "core/permissions.h"
#include "core/matchresults.h"
#include "core/readings.h"
#include "core/samples.h"
#include "core/serviceidentity.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace candor::core {

namespace detail {
std::string_view shippedSaferUseJson();
}

std::string_view shippedSaferUseJson()
{
    return detail::shippedSaferUseJson();
}

namespace {

std::string escape(const std::string &text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string capitalized(std::string text)
{
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = char(text[0] - 'a' + 'A');
    return text;
}

// What a person reads: no internal words like "percent" or "confirmed".
std::string plainFinding(const Finding &f)
{
    if (f.kind == "no-match")
        return "Something that did not match our reference library";
    if (f.kind == "uncertain")
        return f.substance ? "Possibly " + *f.substance + " (not certain)" : "A substance we could not identify with certainty";
    std::string text = capitalized(f.substance.value_or("?"));
    if (f.abundance == Abundance::Trace)
        text += " (a small amount)";
    else if (f.abundance == Abundance::Percent && f.percent) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, " (about %g%%)", *f.percent);
        text += buffer;
    } else
        text += " (main substance)";
    return text;
}

// "Fentanyl test strip (lateral flow)" -> "Fentanyl test strip": the person needs the
// what, not the how.
std::string plainStripName(const std::string &name)
{
    const auto paren = name.find(" (");
    return paren == std::string::npos ? name : name.substr(0, paren);
}

std::string stripLine(const StripReading &reading, const std::optional<StripType> &type)
{
    const std::string name = type ? plainStripName(type->name) : capitalized(reading.stripType) + " test strip";
    const std::string target = type ? type->target : reading.stripType;
    if (reading.result == "positive")
        return name + ": positive. It reacts to " + target + ", so the sample most likely contains one of them.";
    if (reading.result == "negative")
        return name + ": negative. Nothing it reacts to (" + target +
               ") was found above its limit; a small amount can still be there.";
    return name + ": the strip did not work, so this test tells us nothing.";
}

std::string reagentLine(const ReagentReading &reading, const std::optional<Reagent> &reagent)
{
    std::string colours;
    for (std::size_t i = 0; i < reading.colours.size(); ++i)
        colours += (i == 0                            ? ""
                    : i + 1 == reading.colours.size() ? ", then "
                                                      : ", ") +
                   (reading.colours[i] == "no change" ? std::string("no colour change") : reading.colours[i]);
    return (reagent ? reagent->name : capitalized(reading.reagent)) +
           " reagent: " + (colours.empty() ? "no colour change" : colours) + ".";
}

const nlohmann::json &descriptions()
{
    static const nlohmann::json parsed = [] {
        const auto catalogue = nlohmann::json::parse(Catalogue::shippedJson());
        return catalogue.value("descriptions", nlohmann::json::object());
    }();
    return parsed;
}

} // namespace

std::string plainDescription(const std::string &substance, const std::string &substanceClass)
{
    const auto &d = descriptions();
    for (const auto &[group, key] : {std::pair{"substances", &substance}, std::pair{"classes", &substanceClass}})
        if (d.contains(group) && d[group].contains(*key) && d[group][*key].is_string())
            return d[group][*key].get<std::string>();
    return {};
}

SlipContent buildSlip(Database &db, Catalogue &catalogue, const std::string &sampleId, const User &actor)
{
    require(actor, Action::ViewResults);
    const auto sample = SampleStore(db, catalogue).find(sampleId);
    if (!sample)
        throw NotFound("no sample with id '" + sampleId + "'");
    if (sample->status != SampleStatus::Verified)
        throw ValidationError("status",
                              "the sample is " + toString(sample->status) + ": a slip is printed only for a verified result");
    SlipContent slip;
    slip.publicCode = sample->publicCode;
    slip.verifiedAtUtc = sample->verifiedAt.value_or("");
    slip.verifiedOn = slip.verifiedAtUtc.substr(0, 10);
    slip.soldAs = sample->soldAs;
    slip.referred = sample->referralReason.has_value();
    const ServiceIdentity service = ServiceIdentityStore(db).get();
    slip.serviceName = service.name;
    slip.serviceContact = service.contact;

    const auto notes = nlohmann::json::parse(shippedSaferUseJson());
    std::vector<std::string> classes;
    const auto addClass = [&](const std::string &cls) {
        if (!cls.empty() && notes["classes"].contains(cls) && std::find(classes.begin(), classes.end(), cls) == classes.end())
            classes.push_back(cls);
    };
    for (const auto &f : FindingStore(db, catalogue).list(sampleId)) {
        SlipFinding line{plainFinding(f), {}};
        if (f.substance && f.known)
            line.explanation = plainDescription(*f.substance, f.substanceClass.value_or(""));
        slip.found.push_back(std::move(line));
        if (f.kind == "substance" && f.known) {
            addClass(f.substanceClass.value_or(""));
        } else {
            // Not certain what it is: the advice for what it might be, and for the unknown.
            if (f.known)
                addClass(f.substanceClass.value_or(""));
            addClass("unidentified");
        }
    }

    ReadingStore readings(db, catalogue);
    for (const auto &strip : readings.strips(sampleId)) {
        const auto type = catalogue.stripType(strip.stripType);
        slip.tests.push_back(stripLine(strip, type));
        // A positive strip is a finding of its class for the advice, even when the
        // spectrum did not show it: the strip is far more sensitive.
        if (strip.result == "positive") {
            if (notes["classes"].contains(strip.stripType))
                addClass(strip.stripType);
            else if (const auto target = catalogue.substance(strip.stripType))
                addClass(target->substanceClass);
        }
    }
    for (const auto &reagent : readings.reagents(sampleId))
        slip.tests.push_back(reagentLine(reagent, catalogue.reagent(reagent.reagent)));

    for (const auto &match : MatchResultStore(db).forSample(sampleId))
        if (match.libraryDemo && match.error.empty())
            slip.demoLibraryMatch = true;

    // The most dangerous first: what the person must read before anything else.
    static const std::vector<std::string> priority = {"nitazene",     "fentanyl",  "alpha2-agonist", "benzodiazepine", "opioid",
                                                      "unidentified", "stimulant", "dissociative",   "psychedelic"};
    const auto rank = [](const std::string &c) { return std::find(priority.begin(), priority.end(), c) - priority.begin(); };
    std::stable_sort(classes.begin(), classes.end(), [&](const auto &a, const auto &b) { return rank(a) < rank(b); });
    for (const auto &cls : classes) {
        const auto &entry = notes["classes"][cls];
        SaferUseNote note;
        note.title = entry.value("title", cls);
        for (const auto &n : entry["notes"])
            note.notes.push_back(n.get<std::string>());
        for (const auto &s : entry["sources"])
            note.sources.push_back(s.get<std::string>());
        slip.saferUse.push_back(std::move(note));
    }
    return slip;
}

std::string slipHtml(const SlipContent &slip)
{
    const std::string service = slip.serviceName.empty() ? std::string("the drug-checking service") : slip.serviceName;
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Result " +
         escape(slip.publicCode) +
         "</title>\n<style>body{font-family:sans-serif;max-width:40em;margin:1.5em auto;padding:0 1em;line-height:1.4}"
         "h1{font-size:1.4em}.code{font-family:monospace;font-size:1.6em;letter-spacing:.1em}"
         "h2{font-size:1.2em;margin-top:1.4em}h3{font-size:1em;margin:1em 0 .3em}li{margin:.3em 0}.src{color:#555;font-size:.8em}"
         ".service{color:#333}.demo{border:2px solid #b35900;padding:.5em .8em;background:#fff4e5}</style></head>\n<body>\n";
    if (!slip.serviceName.empty())
        h += "<p class=\"service\"><strong>" + escape(slip.serviceName) + "</strong></p>\n";
    h += "<h1>Your drug-checking result</h1>\n";
    h += "<p>Code: <span class=\"code\">" + escape(slip.publicCode) + "</span><br>Checked and verified on " +
         escape(slip.verifiedOn) + "</p>\n";
    h += "<p>You expected: &ldquo;" + escape(slip.soldAs) + "&rdquo;</p>\n";
    if (slip.demoLibraryMatch)
        h += "<p class=\"demo\"><strong>Practice result.</strong> The spectrum was matched against the demo library that "
             "comes with the software for training, not against a reference library checked by the service. Do not rely "
             "on this result.</p>\n";
    h += "<h2>What we found</h2>\n<ul>\n";
    for (const auto &f : slip.found)
        h += "<li><strong>" + escape(f.what) + "</strong>" + (f.explanation.empty() ? "" : ": " + escape(f.explanation)) +
             "</li>\n";
    h += "</ul>\n";
    if (!slip.tests.empty()) {
        h += "<h2>Test strips and reagents</h2>\n<ul>\n";
        for (const auto &t : slip.tests)
            h += "<li>" + escape(t) + "</li>\n";
        h += "</ul>\n";
    }
    if (slip.referred)
        h += "<p>We are sending part of this sample to a laboratory to confirm what is in it. Ask " + escape(service) +
             " about the result with your code.</p>\n";
    if (!slip.saferUse.empty())
        h += "<h2>Staying safer</h2>\n";
    for (const auto &note : slip.saferUse) {
        h += "<h3>" + escape(note.title) + "</h3>\n<ul>\n";
        for (const auto &n : note.notes)
            h += "<li>" + escape(n) + "</li>\n";
        h += "</ul>\n<p class=\"src\">Sources: ";
        for (std::size_t i = 0; i < note.sources.size(); ++i)
            h += (i ? "; " : "") + escape(note.sources[i]);
        h += "</p>\n";
    }
    if (!slip.serviceName.empty() || !slip.serviceContact.empty()) {
        h += "<h2>Questions?</h2>\n<p>" + escape(service);
        if (!slip.serviceContact.empty())
            h += "<br>" + escape(slip.serviceContact);
        h += "</p>\n";
    }
    h += "<p class=\"src\">No test can find everything in a sample. This result is about the sample you brought, "
         "not about other pills or powders that look the same.</p>\n</body></html>\n";
    return h;
}

} // namespace candor::core
