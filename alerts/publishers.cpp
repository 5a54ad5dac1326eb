#include "alerts/publishers.h"

#include "alerts/alertcheck.h"
#include "alerts/rules.h"
#include "alerts/shippeddata.h"
#include "core/util.h"

#include <QByteArray>
#include <QString>
#include <QXmlStreamWriter>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

namespace candor::alerts {

namespace {

std::string html(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

// Paragraphs separated by blank lines.
std::string paragraphs(const std::string &text)
{
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find("\n\n", start);
        const std::string part = core::trim(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (!part.empty())
            out += "<p>" + html(part) + "</p>\n";
        if (end == std::string::npos)
            break;
        start = end + 2;
    }
    return out;
}

std::string csvField(const std::string &value)
{
    if (value.find_first_of(",\"\n\r") == std::string::npos)
        return value;
    std::string out = "\"";
    for (char c : value)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string severityLabel(core::AlertSeverity severity)
{
    switch (severity) {
    case core::AlertSeverity::Warning: return "Warning";
    case core::AlertSeverity::Caution: return "Caution";
    case core::AlertSeverity::Information: break;
    }
    return "Information";
}

// The heading over one severity's alerts on the index page.
std::string severityHeading(core::AlertSeverity severity)
{
    switch (severity) {
    case core::AlertSeverity::Warning: return "Warnings";
    case core::AlertSeverity::Caution: return "Cautions";
    case core::AlertSeverity::Information: break;
    }
    return "Information";
}

std::string pageOf(const PublicAlert &a)
{
    return "alerts/" + a.alertId + ".html";
}
std::string capPathOf(const PublicAlert &a)
{
    return "cap/" + a.alertId + "-" + std::to_string(a.sequence) + ".xml";
}
std::string posterPathOf(const PublicAlert &a)
{
    return "posters/" + a.alertId + ".pdf";
}

std::string page(const std::string &title, const std::string &root, const std::string &body, const SiteOptions &o)
{
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           html(title) +
           "</title>\n"
           "<link rel=\"stylesheet\" href=\"" +
           root +
           "style.css\">\n"
           "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" +
           html(o.title) + "\" href=\"" + root +
           "feed.atom\">\n"
           "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n"
           "<header><p class=\"site\"><a href=\"" +
           root + "index.html\">" + html(o.title) +
           "</a></p>\n"
           "<nav aria-label=\"Site\"><ul><li><a href=\"" +
           root +
           "index.html\">Current alerts</a></li>"
           "<li><a href=\"" +
           root +
           "trends.html\">Trends</a></li>"
           "<li><a href=\"" +
           root +
           "feed.atom\">Feed</a></li>"
           "<li><a href=\"" +
           root +
           "data/alerts.json\">Data</a></li></ul></nav></header>\n"
           "<main id=\"main\">\n" +
           body +
           "</main>\n"
           "<footer><p>Published by " +
           html(o.serviceName) +
           ". Results are grouped by week and region; "
           "nobody who brought a sample can be identified. Counts under 5 are shown as \"fewer than 5\".</p>"
           "<p>Updated " +
           html(o.generatedAt.substr(0, 10)) + ".</p></footer>\n</body>\n</html>\n";
}

std::string alertCard(const PublicAlert &a, const std::string &root)
{
    std::string out = "<li class=\"card " + core::toString(a.severity) + "\">\n<h3><a href=\"" + root + pageOf(a) + "\">" +
                      html(a.headline) + "</a></h3>\n<p><span class=\"badge " + core::toString(a.severity) + "\">" +
                      severityLabel(a.severity) + "</span> " + html(a.region) + ", " + html(a.window()) +
                      ". Samples: " + html(a.samples) + ".</p>\n";
    if (a.msgType == "Cancel")
        out += "<p><strong>Withdrawn:</strong> " + html(a.reason) + "</p>\n";
    else if (a.msgType == "Update")
        out += "<p>Updated (correction " + std::to_string(a.sequence - 1) + ").</p>\n";
    return out + "</li>\n";
}

struct Series {
    std::string label;
    std::vector<std::optional<double>> values; // share 0..1 per month, nullopt when withheld
};

// A line chart of shares per month; every point also in the table that follows it.
std::string svgChart(const std::string &id, const std::string &title, const std::vector<std::string> &months,
                     const std::vector<Series> &series)
{
    static const char *colours[] = {"#0b4f8a", "#b3261e", "#1b6e20", "#6a3d9a", "#8a5a00", "#005f5f", "#444444"};
    static const char *dashes[] = {"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"};
    const double w = 640, h = 300, left = 48, right = 40, top = 16, bottom = 60;
    const double pw = w - left - right, ph = h - top - bottom;
    auto x = [&](std::size_t i) { return left + (months.size() <= 1 ? pw / 2 : pw * double(i) / double(months.size() - 1)); };
    auto y = [&](double v) { return top + ph * (1.0 - v); };
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << "<svg viewBox=\"0 0 " << w << ' ' << h << "\" role=\"img\" aria-labelledby=\"" << id << "-title " << id
      << "-desc\" class=\"chart\">\n<title id=\"" << id << "-title\">" << html(title) << "</title>\n<desc id=\"" << id
      << "-desc\">Share of checked samples, per month and by what they were sold as. The same figures are in the table "
         "below the chart.</desc>\n";
    for (int pct = 0; pct <= 100; pct += 25) {
        s << "<line x1=\"" << left << "\" x2=\"" << w - right << "\" y1=\"" << y(pct / 100.0) << "\" y2=\"" << y(pct / 100.0)
          << "\" stroke=\"#bbbbbb\" stroke-width=\"1\"/>\n<text x=\"" << left - 6 << "\" y=\"" << y(pct / 100.0) + 4
          << "\" text-anchor=\"end\" font-size=\"12\" fill=\"#222\">" << pct << "%</text>\n";
    }
    for (std::size_t i = 0; i < months.size(); ++i)
        s << "<text x=\"" << x(i) << "\" y=\"" << h - bottom + 18 << "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222\">"
          << html(months[i]) << "</text>\n";
    for (std::size_t k = 0; k < series.size(); ++k) {
        const char *colour = colours[k % 7];
        std::string path;
        for (std::size_t i = 0; i < months.size(); ++i) {
            const auto &v = series[k].values[i];
            if (!v) {
                path += " ";
                continue;
            }
            char buffer[64];
            const bool startNew = path.empty() || path.back() == ' ';
            std::snprintf(buffer, sizeof buffer, "%s%.1f %.1f", startNew ? "M" : " L", x(i), y(*v));
            path += buffer;
            s << "<circle cx=\"" << x(i) << "\" cy=\"" << y(*v) << "\" r=\"3.5\" fill=\"" << colour << "\"/>\n";
        }
        if (path.find('L') != std::string::npos)
            s << "<path d=\"" << path << "\" fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2.5\""
              << (dashes[k % 7][0] ? std::string(" stroke-dasharray=\"") + dashes[k % 7] + "\"" : std::string()) << "/>\n";
        const double lx = left + double(k % 4) * 150, ly = h - 22 + double(k / 4) * 16;
        s << "<line x1=\"" << lx << "\" x2=\"" << lx + 22 << "\" y1=\"" << ly - 4 << "\" y2=\"" << ly - 4 << "\" stroke=\""
          << colour << "\" stroke-width=\"2.5\""
          << (dashes[k % 7][0] ? std::string(" stroke-dasharray=\"") + dashes[k % 7] + "\"" : std::string()) << "/>\n"
          << "<text x=\"" << lx + 28 << "\" y=\"" << ly << "\" font-size=\"12\" fill=\"#222\">" << html(series[k].label)
          << "</text>\n";
    }
    s << "</svg>\n";
    return s.str();
}

std::string isoNow(const SiteOptions &o)
{
    return o.generatedAt.empty() ? core::nowUtc() : o.generatedAt;
}

} // namespace

std::vector<PublicAlert> latestPerAlert(const std::vector<PublicAlert> &alerts)
{
    std::map<std::string, PublicAlert> latest;
    for (const auto &a : alerts) {
        auto it = latest.find(a.alertId);
        if (it == latest.end() || it->second.sequence < a.sequence)
            latest[a.alertId] = a;
    }
    std::vector<PublicAlert> out;
    for (auto &[id, a] : latest)
        out.push_back(a);
    std::sort(out.begin(), out.end(), [](const PublicAlert &x, const PublicAlert &y) {
        const bool xc = x.msgType == "Cancel", yc = y.msgType == "Cancel";
        if (xc != yc)
            return !xc;
        if (x.severity != y.severity)
            return x.severity > y.severity;
        return x.windowEnd != y.windowEnd ? x.windowEnd > y.windowEnd : x.publishedAt > y.publishedAt;
    });
    return out;
}

std::string siteStylesheet()
{
    return R"css(:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; font-size: 1.0625rem;
       line-height: 1.55; color: #111; background: #fff; margin: 0; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 2px solid #111; padding-top: .5rem; }
.site { font-weight: 700; font-size: 1.25rem; margin: .25rem 0; }
.site a { color: #111; text-decoration: none; }
nav ul { list-style: none; padding: 0; margin: .25rem 0 .5rem; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
a { color: #0b4f8a; }
a:focus { outline: 3px solid #f9a800; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 1.25rem 0 .75rem; }
h2 { font-size: 1.35rem; margin: 1.75rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 0 0 .25rem; }
ul.alerts { list-style: none; padding: 0; }
.card { border: 2px solid #555; border-left-width: .6rem; border-radius: .25rem; padding: .75rem 1rem; margin: 0 0 .75rem; }
.card.warning { border-color: #b3261e; }
.card.caution { border-color: #8a5a00; }
.card.information { border-color: #0b4f8a; }
.badge { display: inline-block; font-weight: 700; padding: 0 .4rem; border-radius: .2rem; color: #fff; }
.badge.warning { background: #b3261e; }
.badge.caution { background: #8a5a00; }
.badge.information { background: #0b4f8a; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 700; }
dl.facts dd { margin: 0; }
.advice { background: #f3f3f3; border-left: .4rem solid #111; padding: .5rem 1rem; }
.chart { width: 100%; height: auto; max-width: 640px; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #999; padding: .25rem .4rem; text-align: left; }
.table-wrap { overflow-x: auto; }
footer { border-top: 1px solid #999; margin-top: 2rem; font-size: .95rem; color: #333; }
@media print { nav, .skip { display: none; } }
)css";
}

std::string renderAlertHtml(const PublicAlert &a, const std::vector<PublicAlert> &history, const SiteOptions &o)
{
    std::string body = "<article>\n<p><span class=\"badge " + core::toString(a.severity) + "\">" + severityLabel(a.severity) +
                       "</span></p>\n"
                       "<h1>" +
                       html(a.headline) + "</h1>\n";
    if (a.msgType == "Cancel")
        body += "<p><strong>This alert was withdrawn.</strong> Reason: " + html(a.reason) + "</p>\n";
    body += "<dl class=\"facts\">\n<dt>What was found</dt><dd>" + html(a.found) + "</dd>\n<dt>Sold as</dt><dd>" + html(a.soldAs) +
            "</dd>\n<dt>Samples</dt><dd>" + html(a.samples) + "</dd>\n<dt>Region</dt><dd>" + html(a.region) +
            "</dd>\n<dt>When</dt><dd>" + html(a.window()) +
            " (ISO weeks)</dd>\n</dl>\n"
            "<h2>Staying safer</h2>\n<div class=\"advice\">\n" +
            paragraphs(a.advice) +
            "</div>\n"
            "<p>Drug checking shows what is in the samples people bring. It cannot tell you what is in yours: "
            "get it checked.</p>\n";
    if (!history.empty()) {
        body += "<h2>History</h2>\n<ol>\n";
        for (const auto &h : history) {
            const std::string what = h.msgType == "Alert" ? "Published" : h.msgType == "Update" ? "Corrected" : "Withdrawn";
            body += "<li>" + what + " " + html(h.publishedAt.substr(0, 10)) +
                    (h.msgType == "Cancel" ? ": " + html(h.reason) : std::string()) + " (<a href=\"../" + capPathOf(h) +
                    "\">CAP message</a>)</li>\n";
        }
        body += "</ol>\n";
    }
    body += "<p><a href=\"../" + posterPathOf(a) + "\">Printable poster (PDF, A4)</a></p>\n</article>\n";
    return page(a.headline + " - " + o.title, "../", body, o);
}

std::string renderIndexHtml(const PublicBundle &b, const SiteOptions &o)
{
    const auto latest = latestPerAlert(b.alerts);
    std::string body = "<h1>Current drug alerts</h1>\n<p>What the drug-checking service found in the drugs people "
                       "brought in, when it is dangerous or unexpected. Most serious first.</p>\n";
    int current = 0;
    for (const auto severity : {core::AlertSeverity::Warning, core::AlertSeverity::Caution, core::AlertSeverity::Information}) {
        std::string list;
        for (const auto &a : latest)
            if (a.severity == severity && a.msgType != "Cancel") {
                list += alertCard(a, "");
                ++current;
            }
        if (list.empty())
            continue;
        body += "<h2>" + severityHeading(severity) + "</h2>\n<ul class=\"alerts\">\n" + list + "</ul>\n";
    }
    if (current == 0)
        body += "<p>There are no current alerts.</p>\n";
    std::string withdrawn;
    for (const auto &a : latest)
        if (a.msgType == "Cancel")
            withdrawn += alertCard(a, "");
    if (!withdrawn.empty())
        body += "<h2>Withdrawn alerts</h2>\n<ul class=\"alerts\">\n" + withdrawn + "</ul>\n";
    body +=
        "<h2>Other ways to get these alerts</h2>\n<ul>\n<li><a href=\"feed.atom\">Feed for feed readers (Atom)</a></li>\n"
        "<li><a href=\"trends.html\">Trends: what is in the supply, month by month</a></li>\n"
        "<li><a href=\"data/alerts.json\">Data (JSON)</a>, <a href=\"data/monthly-aggregates.csv\">monthly figures (CSV)</a>, "
        "<a href=\"data/samples.csv\">sample table (CSV)</a></li>\n</ul>\n";
    return page(o.title, "", body, o);
}

std::string renderTrendsHtml(const PublicBundle &b, const SiteOptions &o)
{
    const auto &agg = b.aggregates;
    std::vector<std::string> groups;
    for (const auto &r : agg.rows)
        if (std::find(groups.begin(), groups.end(), r.soldAs) == groups.end())
            groups.push_back(r.soldAs);
    std::sort(groups.begin(), groups.end());
    std::string body = "<h1>Trends</h1>\n<p>The share of checked samples in which something dangerous was found, month by "
                       "month, by what the drug was sold as. A point is missing where there were too few samples to show "
                       "it without risk to the people who brought them.</p>\n";
    for (const auto &flag : trendFlags()) {
        std::vector<Series> series;
        std::string table = "<div class=\"table-wrap\"><table>\n<caption>Samples with " + html(trendFlagLabel(flag)) +
                            ", by month and sold-as</caption>\n<thead><tr><th scope=\"col\">Sold as</th>";
        for (const auto &m : agg.months)
            table += "<th scope=\"col\">" + html(m) + "</th>";
        table += "</tr></thead>\n<tbody>\n";
        for (const auto &g : groups) {
            Series s{g, {}};
            bool any = false;
            table += "<tr><th scope=\"row\">" + html(g) + "</th>";
            for (const auto &m : agg.months) {
                const AggregateRow *r = agg.find(m, g);
                if (!r) {
                    s.values.push_back(std::nullopt);
                    table += "<td>none</td>";
                    continue;
                }
                const Cell &c = r->flags.at(flag);
                if (c.suppressed || r->samples.suppressed || r->samples.value == 0) {
                    s.values.push_back(std::nullopt);
                    table += "<td>" + html(c.text(agg.threshold)) + " of " + html(r->samples.text(agg.threshold)) + "</td>";
                } else {
                    const double share = double(c.value) / double(r->samples.value);
                    s.values.push_back(share);
                    any = true;
                    table += "<td>" + std::to_string(c.value) + " of " + std::to_string(r->samples.value) + " (" +
                             std::to_string(int(std::lround(share * 100))) + "%)</td>";
                }
            }
            table += "</tr>\n";
            if (any)
                series.push_back(std::move(s));
        }
        table += "</tbody></table></div>\n";
        body += "<h2>" +
                html(core::trim(std::string(1, char(std::toupper(trendFlagLabel(flag)[0]))) + trendFlagLabel(flag).substr(1))) +
                "</h2>\n";
        if (series.empty())
            body += "<p>Not enough samples to draw this chart yet.</p>\n";
        else
            body += svgChart("chart-" + flag, "Share of samples with " + trendFlagLabel(flag) + " by month", agg.months, series);
        body += table;
    }
    body += "<h2>All samples per month</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Month</th><th "
            "scope=\"col\">Samples</th></tr></thead>\n<tbody>\n";
    for (const auto &[m, c] : agg.monthTotals)
        body += "<tr><th scope=\"row\">" + html(m) + "</th><td>" + html(c.text(agg.threshold)) + "</td></tr>\n";
    body += "</tbody></table></div>\n";
    return page("Trends - " + o.title, "", body, o);
}

std::string capIdentifier(const std::string &alertId, int sequence)
{
    return "candor-" + alertId + "-" + std::to_string(sequence);
}

std::string renderAtom(const PublicBundle &b, const SiteOptions &o)
{
    QByteArray bytes;
    QXmlStreamWriter w(&bytes);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeDefaultNamespace("http://www.w3.org/2005/Atom");
    w.writeStartElement("feed");
    w.writeTextElement("id", QString::fromStdString("urn:candor:feed:" + o.sender));
    w.writeTextElement("title", QString::fromStdString(o.title));
    std::string updated = isoNow(o);
    for (const auto &a : b.alerts)
        updated = std::max(updated, a.publishedAt);
    w.writeTextElement("updated", QString::fromStdString(updated));
    w.writeStartElement("author");
    w.writeTextElement("name", QString::fromStdString(o.serviceName));
    w.writeEndElement();
    w.writeEmptyElement("link");
    w.writeAttribute("rel", "self");
    w.writeAttribute("href", "feed.atom");
    std::vector<PublicAlert> entries = b.alerts;
    std::sort(entries.begin(), entries.end(), [](const auto &x, const auto &y) { return x.publishedAt > y.publishedAt; });
    for (const auto &a : entries) {
        w.writeStartElement("entry");
        w.writeTextElement("id", QString::fromStdString("urn:candor:alert:" + a.alertId + ":" + std::to_string(a.sequence)));
        const std::string prefix = a.msgType == "Cancel" ? "Withdrawn: " : a.msgType == "Update" ? "Corrected: " : "";
        w.writeTextElement("title", QString::fromStdString(prefix + severityLabel(a.severity) + ": " + a.headline));
        w.writeTextElement("updated", QString::fromStdString(a.publishedAt));
        w.writeTextElement("published", QString::fromStdString(a.firstPublishedAt));
        w.writeEmptyElement("link");
        w.writeAttribute("rel", "alternate");
        w.writeAttribute("type", "text/html");
        w.writeAttribute("href", QString::fromStdString(pageOf(a)));
        w.writeTextElement("summary", QString::fromStdString(a.found + " in drugs sold as " + a.soldAs + ", " + a.region + ", " +
                                                             a.window()));
        w.writeStartElement("content");
        w.writeAttribute("type", "text");
        std::string text = a.headline + "\n\nFound: " + a.found + "\nSold as: " + a.soldAs + "\nSamples: " + a.samples +
                           "\nRegion: " + a.region + "\nWhen: " + a.window() + "\n\n" + a.advice;
        if (a.msgType == "Cancel")
            text = "This alert was withdrawn: " + a.reason + "\n\n" + text;
        w.writeCharacters(QString::fromStdString(text));
        w.writeEndElement();
        w.writeStartElement("category");
        w.writeAttribute("term", QString::fromStdString(core::toString(a.severity)));
        w.writeEndElement();
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    return bytes.toStdString();
}

std::string renderCap(const PublicAlert &a, const SiteOptions &o)
{
    // CAP dateTime: no fractional seconds, an explicit offset instead of "Z".
    auto capTime = [](const std::string &utc) {
        std::string t = utc.size() >= 19 ? utc.substr(0, 19) : utc.substr(0, 10) + "T00:00:00";
        return t + "+00:00";
    };
    QByteArray bytes;
    QXmlStreamWriter w(&bytes);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeDefaultNamespace("urn:oasis:names:tc:emergency:cap:1.2");
    w.writeStartElement("alert");
    w.writeTextElement("identifier", QString::fromStdString(capIdentifier(a.alertId, a.sequence)));
    w.writeTextElement("sender", QString::fromStdString(o.sender));
    w.writeTextElement("sent", QString::fromStdString(capTime(a.publishedAt)));
    w.writeTextElement("status", "Actual");
    w.writeTextElement("msgType", QString::fromStdString(a.msgType));
    w.writeTextElement("scope", "Public");
    if (a.msgType == "Cancel")
        w.writeTextElement("note", QString::fromStdString("Withdrawn: " + a.reason));
    if (!a.earlierSentTimes.empty()) {
        std::string refs;
        for (std::size_t i = 0; i < a.earlierSentTimes.size(); ++i)
            refs += (i ? " " : "") + o.sender + "," + capIdentifier(a.alertId, int(i) + 1) + "," + capTime(a.earlierSentTimes[i]);
        w.writeTextElement("references", QString::fromStdString(refs));
    }
    w.writeStartElement("info");
    w.writeTextElement("language", "en-CA");
    w.writeTextElement("category", "Health");
    w.writeTextElement("event", "Drug supply alert");
    w.writeTextElement("responseType", a.msgType == "Cancel" ? "AllClear" : "Avoid");
    const bool warning = a.severity == core::AlertSeverity::Warning, caution = a.severity == core::AlertSeverity::Caution;
    w.writeTextElement("urgency", warning ? "Immediate" : caution ? "Expected" : "Future");
    w.writeTextElement("severity", warning ? "Severe" : caution ? "Moderate" : "Minor");
    w.writeTextElement("certainty", "Observed");
    w.writeTextElement("senderName", QString::fromStdString(o.serviceName));
    w.writeTextElement("headline", QString::fromStdString(a.headline));
    w.writeTextElement("description", QString::fromStdString("Found: " + a.found + ". Sold as: " + a.soldAs + ". Samples: " +
                                                             a.samples + ". When: " + a.window() + " (ISO weeks)."));
    w.writeTextElement("instruction", QString::fromStdString(a.advice));
    w.writeStartElement("area");
    w.writeTextElement("areaDesc", QString::fromStdString(a.region));
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return bytes.toStdString();
}

std::string renderJson(const PublicBundle &b, const SiteOptions &o)
{
    using nlohmann::ordered_json;
    ordered_json doc;
    doc["$schema"] = "schema.json";
    doc["generated"] = isoNow(o);
    doc["suppression_threshold"] = b.aggregates.threshold;
    doc["alerts"] = ordered_json::array();
    for (const auto &a : b.alerts) {
        ordered_json j;
        j["id"] = a.alertId;
        j["sequence"] = a.sequence;
        j["msg_type"] = a.msgType;
        j["severity"] = core::toString(a.severity);
        j["headline"] = a.headline;
        j["found"] = a.found;
        j["sold_as"] = a.soldAs;
        j["samples"] = a.samples;
        j["region"] = a.region;
        j["window_start"] = a.windowStart;
        j["window_end"] = a.windowEnd;
        j["published_at"] = a.publishedAt;
        j["advice"] = a.advice;
        if (a.msgType == "Cancel")
            j["reason"] = a.reason;
        j["cap"] = capPathOf(a);
        doc["alerts"].push_back(j);
    }
    auto cell = [&](const Cell &c) {
        ordered_json j;
        j["count"] = c.suppressed ? ordered_json(nullptr) : ordered_json(c.value);
        j["text"] = c.text(b.aggregates.threshold);
        return j;
    };
    ordered_json rows = ordered_json::array();
    for (const auto &r : b.aggregates.rows) {
        ordered_json j;
        j["month"] = r.month;
        j["sold_as"] = r.soldAs;
        j["samples"] = cell(r.samples);
        for (const auto &flag : trendFlags())
            j["with"][flag] = cell(r.flags.at(flag));
        rows.push_back(j);
    }
    ordered_json totals = ordered_json::array();
    for (const auto &[m, c] : b.aggregates.monthTotals) {
        ordered_json j = cell(c);
        j["month"] = m;
        totals.push_back(j);
    }
    doc["aggregates"] = {{"rows", rows}, {"month_totals", totals}};
    doc["sample_table"] = {{"k", b.samples.k},
                           {"rows", b.samples.rows.size()},
                           {"withheld", b.samples.withheld},
                           {"csv", "samples.csv"}};
    return doc.dump(2) + "\n";
}

std::string renderMonthlyCsv(const AggregateTable &agg)
{
    std::string out = "month,sold_as,samples";
    for (const auto &flag : trendFlags())
        out += ",with_" + flag;
    out += "\r\n";
    for (const auto &r : agg.rows) {
        out += r.month + "," + csvField(r.soldAs) + "," + r.samples.text(agg.threshold);
        for (const auto &flag : trendFlags())
            out += "," + r.flags.at(flag).text(agg.threshold);
        out += "\r\n";
    }
    for (const auto &[m, c] : agg.monthTotals) {
        out += m + ",all," + c.text(agg.threshold);
        for (std::size_t i = 0; i < trendFlags().size(); ++i)
            out += ",";
        out += "\r\n";
    }
    return out;
}

std::string renderSamplesCsv(const SampleTable &t)
{
    std::string out = "period,region,sold_as,form,colour";
    for (const auto &flag : trendFlags())
        out += "," + flag;
    out += "\r\n";
    for (const auto &r : t.rows) {
        out += r.period + "," + csvField(r.region) + "," + csvField(r.soldAs) + "," + r.form + "," + r.colour;
        for (const auto &flag : trendFlags())
            out += "," + r.flags.at(flag);
        out += "\r\n";
    }
    return out;
}

std::map<std::string, std::string> renderSite(const PublicBundle &b, const SiteOptions &options, PosterWriter *posters)
{
    SiteOptions o = options;
    if (o.generatedAt.empty())
        o.generatedAt = core::nowUtc();
    std::map<std::string, std::string> files;
    files["style.css"] = siteStylesheet();
    files["index.html"] = renderIndexHtml(b, o);
    files["trends.html"] = renderTrendsHtml(b, o);
    files["feed.atom"] = renderAtom(b, o);
    files["data/alerts.json"] = renderJson(b, o);
    files["data/schema.json"] = std::string(shippedPublicSchema());
    files["data/monthly-aggregates.csv"] = renderMonthlyCsv(b.aggregates);
    files["data/samples.csv"] = renderSamplesCsv(b.samples);
    std::map<std::string, std::vector<PublicAlert>> history;
    for (const auto &a : b.alerts) {
        files[capPathOf(a)] = renderCap(a, o);
        history[a.alertId].push_back(a);
    }
    for (const auto &a : latestPerAlert(b.alerts)) {
        auto &h = history[a.alertId];
        std::sort(h.begin(), h.end(), [](const auto &x, const auto &y) { return x.sequence < y.sequence; });
        files[pageOf(a)] = renderAlertHtml(a, h, o);
        if (posters)
            files[posterPathOf(a)] = posters->pdf(a, o);
    }
    return files;
}

std::map<std::string, std::string> SiteExporter::render(const std::vector<Publication> &publications,
                                                        const std::vector<VerifiedSample> &samples,
                                                        const std::set<std::string> &internalTerms,
                                                        const std::map<std::string, std::vector<std::string>> &alertSamples)
{
    PublicBundle bundle = m_anonymizer.bundle(publications, samples); // checks the figures
    // Every alert passes the very check publishing ran (alertcheck.h). The latest message
    // of each alert is what it says now; an earlier one that fails (sent before the check
    // existed) is shown with the correction's text, which replaced it.
    std::set<std::string> staff = internalTerms;
    for (const auto &p : publications)
        staff.insert(p.publishedBy);
    const AlertCheck check(samples, staff, m_anonymizer.policy());
    std::map<std::string, std::vector<PublicAlert *>> messages;
    for (auto &a : bundle.alerts)
        messages[a.alertId].push_back(&a);
    std::vector<AlertRefusal> refusals;
    for (auto &[id, list] : messages) {
        std::sort(list.begin(), list.end(), [](auto *x, auto *y) { return x->sequence < y->sequence; });
        const auto it = alertSamples.find(id);
        const auto groups = it == alertSamples.end() ? std::map<std::string, int>{} : check.groupsOf(it->second);
        const auto textOf = [&](const PublicAlert &a) {
            return AlertText{a.alertId, a.headline, a.found, a.soldAs, a.advice, a.reason, groups};
        };
        const PublicAlert &latest = *list.back();
        auto latestRefusals = check.check(textOf(latest));
        if (!latestRefusals.empty()) {
            for (auto &r : latestRefusals)
                r.remedy += latest.msgType == "Cancel"
                                ? std::string(" (the alert was withdrawn with this text: ask an administrator)")
                                : " a correction (candor-cli alerts publish " + id.substr(0, 8) +
                                      "), or withdraw it once corrected";
            refusals.insert(refusals.end(), latestRefusals.begin(), latestRefusals.end());
            continue;
        }
        for (std::size_t i = 0; i + 1 < list.size(); ++i) {
            PublicAlert &earlier = *list[i];
            if (check.check(textOf(earlier)).empty())
                continue;
            earlier.headline = latest.headline;
            earlier.found = latest.found;
            earlier.soldAs = latest.soldAs;
            earlier.advice = latest.advice;
        }
    }
    if (!refusals.empty())
        throw AlertRefused(std::move(refusals));

    // One time stamp for the whole export, so that the check below knows it.
    SiteOptions options = m_options;
    if (options.generatedAt.empty())
        options.generatedAt = core::nowUtc();
    auto files = renderSite(bundle, options, m_posters);
    // The feed's own times (when an alert went out, when the site was written) are public
    // by design; a sample taken in within the same second must not block publication.
    std::set<std::string> forbidden = check.forbiddenTerms();
    for (const auto &p : publications)
        forbidden.erase(p.publishedAt);
    forbidden.erase(options.generatedAt);
    const TermScanner scanner(forbidden);
    for (const auto &[name, bytes] : files) {
        if (!scanner.containsTerm(bytes))
            continue;
        // An alert's own file names its alert, so the coordinator knows which to correct.
        for (const auto &[id, list] : messages)
            if (name.find(id) != std::string::npos)
                throw AlertRefused(
                    {{id, name, kRuleNoIdentifyingText,
                      "correct the alert's text and publish a correction (candor-cli alerts publish " + id.substr(0, 8) + ")"}});
        throw PublicationRefused(kRuleNoIdentifyingText,
                                 name + " contains a code, note, site name, exact time or other free text of a sample");
    }
    return files;
}

namespace {
// Marks a folder as one Candor wrote, so that the next export may replace it.
const char *const kSiteMarker = ".candor-site";
} // namespace

ExportResult SiteExporter::exportSite(const std::vector<Publication> &publications, const std::vector<VerifiedSample> &samples,
                                      const std::filesystem::path &outArg, const std::set<std::string> &internalTerms,
                                      const std::map<std::string, std::vector<std::string>> &alertSamples)
{
    namespace fs = std::filesystem;
    const auto files = render(publications, samples, internalTerms, alertSamples);
    const fs::path out = fs::absolute(outArg).lexically_normal();
    const fs::path target = out.has_filename() ? out : out.parent_path();
    const fs::path parent = target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(parent, ec))
        throw ExportError("cannot write the site to " + target.string() + ": the folder " + parent.string() + " does not exist");
    if (fs::exists(target, ec) && !fs::is_directory(target, ec))
        throw ExportError("cannot write the site to " + target.string() + ": it is a file, not a folder");
    // The folder is replaced whole: never one that holds anything but an earlier site
    // (a coordinator who picks ~/Documents must not lose it).
    if (fs::is_directory(target, ec) && !fs::is_empty(target, ec) && !fs::exists(target / kSiteMarker, ec))
        throw ExportError("cannot write the site to " + target.string() +
                          ": the folder holds other files and no site Candor wrote; every export replaces the whole "
                          "folder, so choose a new or empty one (e.g. " +
                          (target / "candor-site").string() + ")");

    std::random_device rd;
    const std::string suffix = std::to_string(rd() % 1000000);
    const fs::path temp = parent / ("." + target.filename().string() + ".tmp-" + suffix);
    auto cleanUp = [&] {
        std::error_code ignored;
        fs::remove_all(temp, ignored);
    };
    if (!fs::create_directory(temp, ec))
        throw ExportError("cannot write the site to " + target.string() + ": the folder " + parent.string() +
                          " is not writable (" + ec.message() + ")");
    ExportResult result;
    {
        std::ofstream marker(temp / kSiteMarker, std::ios::binary);
        marker << "This folder is a community site written by Candor. Each export replaces the whole folder.\n";
        if (!marker) {
            cleanUp();
            throw ExportError("cannot write the site to " + target.string() + ": the folder " + parent.string() +
                              " is not writable");
        }
    }
    for (const auto &[name, bytes] : files) {
        const fs::path path = temp / name;
        fs::create_directories(path.parent_path(), ec);
        std::ofstream f(path, std::ios::binary);
        f.write(bytes.data(), std::streamsize(bytes.size()));
        f.close();
        if (!f) {
            cleanUp();
            throw ExportError("cannot write the site to " + target.string() + ": writing " + name + " failed");
        }
        result.files[name] = bytes.size();
    }
    // Swap in the new folder: the old one (if any) moves aside first and goes last, so a
    // reader of the folder sees either the old site or the new one, whole.
    const fs::path old = parent / ("." + target.filename().string() + ".old-" + suffix);
    const bool hadOld = fs::exists(target, ec);
    if (hadOld) {
        fs::rename(target, old, ec);
        if (ec) {
            cleanUp();
            throw ExportError("cannot replace " + target.string() + ": " + ec.message());
        }
    }
    fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        if (hadOld)
            fs::rename(old, target, ignored);
        cleanUp();
        throw ExportError("cannot write the site to " + target.string() + ": " + ec.message());
    }
    if (hadOld)
        fs::remove_all(old, ec);
    result.folder = target;
    for (const auto &[name, size] : result.files)
        if (name.rfind("alerts/", 0) == 0)
            ++result.alerts;
    return result;
}

} // namespace candor::alerts
