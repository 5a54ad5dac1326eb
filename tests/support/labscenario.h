#pragma once
// A small service with confirmatory lab results to validate against (issue 11): six
// samples with fixed public codes (tests/data/lab/*.csv name them), the technician's
// findings, and a stored match on each with chosen components and evidence, written
// through the real core stores into a real SQLite file. The core, CLI and app tests share
// it, so that their expected numbers are worked out once, here:
//
//   code     findings            stored match (status, evidence)                  lab (results-good.csv)
//   HAT-333  fentanyl, caffeine  Fentanyl HCl det 0.30, Caffeine det              fentanyl, caffeine
//   HAT-334  heroin              Heroin HCl det 0.40, Fentanyl HCl poss 0.02      heroin; fentanyl: no
//   HAT-337  caffeine            Caffeine det, Fentanyl citrate poss 0.05         caffeine, fentanyl
//   HAT-339  xylazine            Xylazine HCl det 0.25                            xylazine
//   HAT-343  fentanyl            Fentanyl HCl det 0.12, Lactose det               lactose
//   HAT-344  (none)              Lactose det                                      lactose
//
// fentanyl, over the 5 samples with findings (all but HAT-344) and the 6 with matches:
//   findings:          TP 1 (333)  FP 1 (343)       FN 1 (337)  TN 2
//   matches detected:  TP 1 (333)  FP 1 (343)       FN 1 (337)  TN 3
//   detected/possible: TP 2        FP 2 (334, 343)  FN 0        TN 2
// fentanyl class threshold: negatives 334 (0.02), 343 (0.12), 339, 344 (no score): 4, none
//   allowed to be a false alarm; above 0.12 the next positive is 0.30: threshold 0.21,
//   specificity 4/4, sensitivity 1/2; 4 < 100 negatives, lower 95 % bound 4/(4 + z^2).

#include "core/catalogue.h"
#include "core/database.h"
#include "core/findings.h"
#include "core/instrumentfiles.h"
#include "core/matchresults.h"
#include "core/samples.h"
#include "core/users.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace candor::testing {

struct LabScenarioComponent {
    std::string substance;
    std::string substanceClass;
    std::string status; // detected, possible
    bool highRisk = false;
    double evidence = 0;
};

struct LabScenarioSample {
    std::string code;
    std::vector<std::string> findings; // parseComponent() texts; empty: none recorded
    std::vector<LabScenarioComponent> match;
};

inline const std::vector<LabScenarioSample> &labScenarioSamples()
{
    static const std::vector<LabScenarioSample> samples = {
        {"HAT-333",
         {"fentanyl", "caffeine:trace"},
         {{"Fentanyl HCl", "fentanyl", "detected", true, 0.30}, {"Caffeine", "cut", "detected", false, 0.9}}},
        {"HAT-334",
         {"heroin"},
         {{"Heroin HCl", "opioid", "detected", true, 0.40}, {"Fentanyl HCl", "fentanyl", "possible", true, 0.02}}},
        {"HAT-337",
         {"caffeine"},
         {{"Caffeine", "cut", "detected", false, 0.8}, {"Fentanyl citrate", "fentanyl", "possible", true, 0.05}}},
        {"HAT-339", {"xylazine"}, {{"Xylazine HCl", "alpha2-agonist", "detected", true, 0.25}}},
        {"HAT-343",
         {"fentanyl"},
         {{"Fentanyl HCl", "fentanyl", "detected", true, 0.12}, {"Lactose", "cut", "detected", false, 0.7}}},
        {"HAT-344", {}, {{"Lactose", "cut", "detected", false, 0.9}}},
    };
    return samples;
}

// Builds the scenario; returns sample id by public code.
inline std::map<std::string, std::string> buildLabScenario(core::Database &db, core::Catalogue &catalogue,
                                                           const core::User &technician)
{
    std::map<std::string, std::string> ids;
    core::SampleStore samples(db, catalogue);
    core::InstrumentFileStore files(db);
    core::MatchResultStore matches(db);
    core::FindingStore findings(db, catalogue);
    for (const auto &s : labScenarioSamples()) {
        core::SampleInput input;
        input.soldAs = "down";
        input.form = "powder";
        const auto sample = samples.add(input, technician);
        // Public codes are random; the lab files name these.
        db.prepare("UPDATE samples SET public_code = ? WHERE id = ?").bind(1, s.code).bind(2, sample.id).run();
        ids[s.code] = sample.id;

        const std::string text = "spectrum of " + s.code;
        std::vector<std::byte> bytes;
        for (char c : text)
            bytes.push_back(std::byte(c));
        core::NewInstrumentFile file;
        file.fileName = s.code + ".jdx";
        file.format = "jcamp-dx";
        file.content = bytes;
        file.spectra.push_back({s.code, "infrared", "1/cm", "absorbance", {600, 2000, 4000}, {0.1, 0.5, 0.2}, "{}"});
        files.add(sample.id, file, technician);
        const auto spectrumId = files.spectra(sample.id).front().id;

        core::StoredMatch m;
        for (const auto &c : s.match)
            m.mixture.components.push_back(
                {c.substance, c.substanceClass, 0.5, core::parse<core::ComponentStatus>(c.status), c.highRisk, c.evidence, {}});
        m.mixture.residual = 0.1;
        m.spectrumId = spectrumId;
        m.libraryName = "Candor reference library";
        m.libraryVersion = "test";
        m.librarySpectra = 20;
        m.verdict = core::Verdict::Match;
        m.reason = "scenario";
        matches.add(m);

        if (!s.findings.empty()) {
            std::vector<core::FindingInput> inputs;
            for (const auto &f : s.findings)
                inputs.push_back(core::parseComponent(f));
            findings.set(sample.id, inputs, std::nullopt, technician);
        }
    }
    return ids;
}

} // namespace candor::testing
