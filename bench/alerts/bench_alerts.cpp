// Time to export the community site for 100,000 verified samples (seeded, with 40
// published alerts and posters). There is no peer that exports the same site, so the
// figure is absolute; the run also times a plain write of the same bytes as the floor.
// Prints export_site_seconds_100k: X last.

#include "alerts/pdfposter.h"
#include "alerts/publishers.h"

#include <QGuiApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

using namespace candor::alerts;

int main(int argc, char **argv)
{
    if (!std::getenv("QT_QPA_PLATFORM"))
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    QGuiApplication app(argc, argv);
    std::mt19937 rng(42);
    const char *regions[] = {"Vancouver", "Surrey", "Victoria", "Nelson", "Kamloops"};
    const std::pair<const char *, const char *> soldAs[] = {{"fentanyl", "fentanyl"},     {"heroin", "opioid"},
                                                            {"cocaine hcl", "stimulant"}, {"methamphetamine", "stimulant"},
                                                            {"mdma", "stimulant"},        {"ketamine", "dissociative"}};
    const char *colours[] = {"white", "brown", "purple", "grey", "blue"};
    std::vector<VerifiedSample> samples;
    for (int i = 0; i < 100000; ++i) {
        VerifiedSample s;
        s.id = "s" + std::to_string(i);
        s.publicCode = "C" + std::to_string(i);
        char date[32];
        std::snprintf(date, sizeof date, "2025-%02d-%02dT12:00:00Z", 1 + int(rng() % 12), 1 + int(rng() % 28));
        s.receivedAt = date;
        s.site = "Site " + std::to_string(rng() % 20);
        s.region = regions[rng() % 5];
        const auto &[sub, cls] = soldAs[rng() % 6];
        s.soldAs = sub;
        s.soldAsSubstance = sub;
        s.soldAsClass = cls;
        s.form = rng() % 3 ? "powder" : "pill";
        s.colour = colours[rng() % 5];
        if (rng() % 3 == 0)
            s.findings.push_back({"fentanyl", "fentanyl", "primary", "ftir", std::nullopt, std::nullopt});
        if (rng() % 20 == 0)
            s.findings.push_back({"xylazine", "alpha2-agonist", "trace", "ftir", std::nullopt, std::nullopt});
        if (rng() % 30 == 0)
            s.findings.push_back({"bromazolam", "benzodiazepine", "trace", "ftir", std::nullopt, std::nullopt});
        if (rng() % 200 == 0)
            s.findings.push_back({"protonitazene", "nitazene", "trace", "ftir", std::nullopt, std::nullopt});
        samples.push_back(std::move(s));
    }
    std::vector<Publication> publications;
    for (int i = 0; i < 40; ++i) {
        Publication p;
        p.id = "p" + std::to_string(i);
        p.alertId = "a" + std::to_string(i / 2);
        p.sequence = 1 + i % 2;
        p.msgType = i % 2 ? "Update" : "Alert";
        p.publishedAt = "2025-06-01T10:00:00Z";
        p.publishedBy = "user-1";
        p.severity = candor::core::AlertSeverity::Warning;
        p.headline = "Fentanyl found in drugs sold as cocaine";
        p.found = "fentanyl";
        p.soldAs = "cocaine";
        p.advice = "Do not use alone.";
        p.sampleCount = 3 + i;
        p.region = regions[i % 5];
        p.windowStart = "2025-W10";
        p.windowEnd = "2025-W11";
        publications.push_back(p);
    }
    const auto out = std::filesystem::temp_directory_path() / "candor-bench-site";
    std::filesystem::remove_all(out); // a left-over from an interrupted run
    PdfPosterWriter posters;
    SiteExporter exporter;
    exporter.setPosterWriter(&posters);
    std::vector<double> times;
    std::size_t bytes = 0;
    for (int run = 0; run < 3; ++run) { // the median of three
        const auto t0 = std::chrono::steady_clock::now();
        const auto result = exporter.exportSite(publications, samples, out);
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        bytes = 0;
        for (const auto &[name, size] : result.files)
            bytes += size;
    }
    std::filesystem::remove_all(out);
    std::sort(times.begin(), times.end());
    std::printf("site_bytes: %zu\n", bytes);
    std::printf("export_site_seconds_100k: %.3f\n", times[1]);
    return 0;
}
