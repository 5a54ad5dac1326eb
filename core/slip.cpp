#include "slip.h"
#include "catalogue.h"
#include "errors.h"
#include "findings.h"
#include "permissions.h"
#include "samples.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace candor::core {

namespace detail {
std::string_view shippedSaferUseJson();
}

std::string_view shippedSaferUseJson() { return detail::shippedSaferUseJson(); }

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

// What a person reads: no internal words like "percent" or "confirmed".
std::string plainFinding(const Finding &f)
{
    if (f.kind == "no-match")
        return "Something that did not match our reference library";
    if (f.kind == "uncertain")
        return f.substance ? "Possibly " + *f.substance + " (not certain)" : "A substance we could not identify with certainty";
    std::string text = f.substance.value_or("?");
    if (f.abundance == std::optional<std::string>("trace"))
        text += " (a small amount)";
    else if (f.abundance == std::optional<std::string>("percent") && f.percent) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, " (about %g%%)", *f.percent);
        text += buffer;
    } else
        text += " (main substance)";
    return text;
}

} // namespace

SlipContent buildSlip(Database &db, Catalogue &catalogue, const std::string &sampleId, const User &actor)
{
    require(actor, Action::ViewResults);
    const auto sample = SampleStore(db, catalogue).find(sampleId);
    if (!sample)
        throw NotFound("no sample with id '" + sampleId + "'");
    if (sample->status != "verified")
        throw ValidationError("status", "the sample is " + sample->status + ": a slip is printed only for a verified result");
    SlipContent slip;
    slip.publicCode = sample->publicCode;
    slip.verifiedOn = sample->verifiedAt.value_or("").substr(0, 10);
    slip.soldAs = sample->soldAs;
    slip.referred = sample->referralReason.has_value();

    const auto notes = nlohmann::json::parse(shippedSaferUseJson());
    std::vector<std::string> classes;
    for (const auto &f : FindingStore(db, catalogue).list(sampleId)) {
        slip.found.push_back(plainFinding(f));
        std::string cls;
        if (f.kind != "substance" || !f.known)
            cls = "unidentified";
        else
            cls = f.substanceClass.value_or("");
        if (!cls.empty() && notes["classes"].contains(cls) && std::find(classes.begin(), classes.end(), cls) == classes.end())
            classes.push_back(cls);
    }
    // The most dangerous first: what the person must read before anything else.
    static const std::vector<std::string> priority = {"nitazene", "fentanyl", "alpha2-agonist", "benzodiazepine", "opioid",
                                                      "unidentified", "stimulant", "dissociative", "psychedelic"};
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
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Result " + escape(slip.publicCode)
        + "</title>\n<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.4}"
          "h1{font-size:1.4em}.code{font-family:monospace;font-size:1.6em;letter-spacing:.1em}"
          "h2{font-size:1.1em;margin-top:1.4em}li{margin:.2em 0}.src{color:#555;font-size:.8em}</style></head>\n<body>\n";
    h += "<h1>Your drug-checking result</h1>\n";
    h += "<p>Code: <span class=\"code\">" + escape(slip.publicCode) + "</span><br>Checked and verified on " + escape(slip.verifiedOn)
        + "</p>\n";
    h += "<p>You expected: &ldquo;" + escape(slip.soldAs) + "&rdquo;</p>\n";
    h += "<h2>What we found</h2>\n<ul>\n";
    for (const auto &f : slip.found)
        h += "<li>" + escape(f) + "</li>\n";
    h += "</ul>\n";
    if (slip.referred)
        h += "<p>We are sending part of this sample to a laboratory to confirm what is in it. Ask us about the result "
             "with your code.</p>\n";
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
    h += "<p class=\"src\">No test can find everything in a sample. This result is about the sample you brought, "
         "not about other pills or powders that look the same.</p>\n</body></html>\n";
    return h;
}

} // namespace candor::core
