// Results Drug Checking BC published: the real 2018 table imported end to end, and the
// messy values of such tables mapped or reported, never silently dropped.

#include "alerts/draftservice.h"
#include "alerts/externalresults.h"
#include "alerts/publishers.h"
#include "alerts/samplesfixture.h"
#include "core/errors.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace candor::alerts;
namespace fs = std::filesystem;

namespace {

const char *kDcbc = "../shared/data/results/drugcheckingbc-2018-public.csv";
const char *kHeader = "\"Date\",\"Site\",\"City/Town\",\"Expected Substance\",\"Fentanyl Test Strip\",\"Benzo Test "
                      "Strip\",\"FTIR Spectrometer\"\r\n";

class ExternalResults : public candor::testing::AlertsDbFixture {};

} // namespace

TEST_F(ExternalResults, TheDrugCheckingBc2018TableImportsWithTheCountsTheFileStates)
{
    if (!fs::exists(kDcbc))
        GTEST_SKIP() << kDcbc << " is absent (run from the project root with ../shared present)";
    std::ifstream in(kDcbc, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    ExternalResultImport store(*externalStore);
    const auto report = store.importCsv(text.str(), kDcbc, "drugcheckingbc");
    // Expected numbers from Debian's /usr/bin/python3, independently of this code:
    //   r = list(csv.DictReader(open(FILE, newline='', encoding='utf-8')))
    //   len(r); Counter(x['Fentanyl Test Strip'] for x in r); Counter(x['Benzo Test Strip'] for x in r)
    //   c = Counter(n for x in r for n in set(ast.literal_eval(x['FTIR Spectrometer'])))
    EXPECT_EQ(report.read, 2500);
    EXPECT_EQ(report.imported, 2500);
    EXPECT_TRUE(report.rejected.empty()) << report.rejected.front().row << ": " << report.rejected.front().reason;
    EXPECT_EQ(report.stripCounts.at("fentanyl positive"), 1291);
    EXPECT_EQ(report.stripCounts.at("fentanyl negative"), 1041);
    EXPECT_EQ(report.stripCounts.at("fentanyl not-tested"), 168);
    EXPECT_EQ(report.stripCounts.at("benzodiazepine positive"), 7);
    EXPECT_EQ(report.stripCounts.at("benzodiazepine negative"), 6);
    EXPECT_EQ(report.stripCounts.at("benzodiazepine not-tested"), 2487);
    const std::map<std::string, int> components = {{"Fentanyl HCl", 734},   {"Fentanyl or Analog", 224},
                                                   {"Caffeine", 1393},      {"Heroin HCl", 219},
                                                   {"MDMA", 298},           {"Methamphetamine HCl", 249},
                                                   {"Cocaine HCl", 186},    {"Heroin (Trace)", 28},
                                                   {"Uncertain Match", 43}, {"No Library Match", 30},
                                                   {"Negative", 1},         {"", 9}};
    for (const auto &[name, count] : components)
        EXPECT_EQ(report.componentCounts.at(name), count) << "'" << name << "'";
    EXPECT_EQ(report.componentCounts.size(), 113u);
    // The nine rows whose list is [''] are imported and reported, not dropped.
    EXPECT_EQ(report.notes.at("rows whose FTIR list holds only an empty name (['']): imported with no FTIR component"), 9);
    EXPECT_EQ(store.count("drugcheckingbc"), 2500);

    // Kept apart from the service's own samples.
    auto own = db->prepare("SELECT count(*) FROM samples");
    own.step();
    EXPECT_EQ(own.columnInt(0), 0);

    // Importing the same file again adds nothing.
    const auto again = store.importCsv(text.str(), kDcbc, "drugcheckingbc");
    EXPECT_EQ(again.imported, 0);
    EXPECT_EQ(again.alreadyImported, 2500);

    // And the rules and the trends page work on it.
    const auto samples = ExternalResultSource(*externalStore).verifiedSamples();
    ASSERT_EQ(samples.size(), 2500u);
    RuleBook rules;
    DraftService drafts(*draftStore, rules);
    const auto refreshed = drafts.refresh(samples);
    EXPECT_GT(refreshed.created, 10);
    bool fentanylInStimulants = false;
    for (const auto &d : drafts.list())
        fentanylInStimulants |= d.ruleId == "fentanyl-not-sold-as-opioid";
    EXPECT_TRUE(fentanylInStimulants);
    const auto files = SiteExporter().render({}, samples);
    EXPECT_NE(files.at("trends.html").find("2018-11"), std::string::npos);
    for (const auto &[name, bytes] : files)
        for (const char *site : {"Insite", "SafePoint", "Molson OPS", "Overdose Prevention Society", "Electic Love"})
            EXPECT_EQ(bytes.find(site), std::string::npos) << site << " in " << name;
}

TEST_F(ExternalResults, AnUnknownColumnFailsTheWholeImport)
{
    ExternalResultImport store(*externalStore);
    try {
        store.importCsv("\"Date\",\"Site\",\"City/Town\",\"Expected Substance\",\"Fentanyl Test Strip\",\"Benzo Test Strip\","
                        "\"FTIR Spectrometer\",\"Nitazene "
                        "Strip\"\r\n\"2018-06-20\",\"S\",\"Surrey\",\"Fentanyl\",\"True\",\"N/A\",\"[]\",\"x\"\r\n",
                        "x.csv", "drugcheckingbc");
        FAIL() << "accepted an unknown column";
    } catch (const candor::core::ValidationError &e) {
        EXPECT_STREQ(e.what(), "x.csv: unknown column 'Nitazene Strip' for the mapping drugcheckingbc");
    }
    EXPECT_EQ(store.count(), 0);
    EXPECT_THROW(store.importCsv(kHeader, "x.csv", "someone-else"), candor::core::ValidationError);
}

TEST_F(ExternalResults, MessyValuesAreMappedOrRejectedWithTheirReason)
{
    ExternalResultImport store(*externalStore);
    const std::string csv =
        std::string(kHeader) +
        "\"2018-06-20\",\"S\",\"Surrey\",\"Fentanyl\",\"Invalid\",\"N/A\",\"['Caffeine']\"\r\n"
        "\"2018-06-20\",\"S\",\"Surrey\",\"Fentanyl\",\"Positive;Negative\",\"N/A\",\"['Caffeine']\"\r\n"
        "\"2018-06-20\",\"S\",\"Surrey\",\"Fentanyl\",\"Maybe\",\"N/A\",\"['Caffeine']\"\r\n"
        "\"2018-06-21\",\"S\",\"Surrey\",\"Heroin\",\"True\",\"N/A\",\"['Uncertain Match', 'No Library Match']\"\r\n"
        "\"2018-06-21\",\"S\",\"Surrey\",\"Heroin\",\"True\",\"N/A\",\"['Unobtainium']\"\r\n"
        "\"2018-06-21\",\"S\",\"Surrey\",\"Heroin\",\"True\",\"N/A\",\"Caffeine, Heroin\"\r\n"
        "\"2018-13-40\",\"S\",\"Surrey\",\"Heroin\",\"True\",\"N/A\",\"[]\"\r\n"
        "\"2018-06-22\",\"S\",\"Surrey\",\"GHB\",\"N/A\",\"N/A\",\"['GHB (Wet)']\"\r\n";
    const auto report = store.importCsv(csv, "messy.csv", "drugcheckingbc");
    EXPECT_EQ(report.read, 8);
    EXPECT_EQ(report.imported, 3);
    ASSERT_EQ(report.rejected.size(), 5u);
    EXPECT_EQ(report.rejected[0].row, 2);
    EXPECT_EQ(report.rejected[0].reason, "Fentanyl Test Strip: 'Positive;Negative' records two contradictory readings");
    EXPECT_EQ(report.rejected[1].reason,
              "Fentanyl Test Strip: 'Maybe' is not a known reading (known: True, False, N/A, Invalid, Positive, Negative)");
    EXPECT_EQ(report.rejected[2].reason, "FTIR Spectrometer: unknown component 'Unobtainium'");
    EXPECT_EQ(report.rejected[3].reason, "FTIR Spectrometer: 'Caffeine, Heroin' is not a list like ['Caffeine', 'Fentanyl HCl']");
    EXPECT_EQ(report.rejected[4].reason, "Date: '2018-13-40' is not a date YYYY-MM-DD");
    EXPECT_EQ(report.notes.at("sold-as text without a known substance, kept verbatim: 'GHB'"), 1);
    EXPECT_EQ(report.stripCounts.at("fentanyl invalid"), 1);
    const auto samples = store.samples();
    ASSERT_EQ(samples.size(), 3u);
    // Uncertain and no-library matches are findings of their own; the positive strip adds fentanyl.
    EXPECT_TRUE(samples[1].hasSubstance("uncertain match"));
    EXPECT_TRUE(samples[1].hasSubstance("no library match"));
    EXPECT_TRUE(samples[1].hasClass("fentanyl"));
}

TEST(PythonList, ParsesQuotedItemsAndRefusesAnythingElse)
{
    EXPECT_EQ(parsePythonList("['Caffeine', 'Fentanyl HCl']"), (std::vector<std::string>{"Caffeine", "Fentanyl HCl"}));
    EXPECT_EQ(parsePythonList("[\"O'Brien's cut\"]"), (std::vector<std::string>{"O'Brien's cut"}));
    EXPECT_EQ(parsePythonList("[]"), std::vector<std::string>{});
    EXPECT_EQ(parsePythonList("['']"), std::vector<std::string>{""});
    EXPECT_FALSE(parsePythonList("['a' 'b']"));
    EXPECT_FALSE(parsePythonList("['a'"));
}
