// The publishers: CAP 1.2 messages valid against the OASIS schema (xmllint), the Atom
// feed's required elements, the JSON and CSV, the folder written whole or not at all,
// and the site as headless Chromium renders it.

#include "alerts/alertcheck.h"
#include "alerts/draftservice.h"
#include "alerts/pdfposter.h"
#include "alerts/publishers.h"
#include "alerts/samplesfixture.h"

#include <QGuiApplication>
#include <QXmlStreamReader>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace candor::alerts;
using candor::testing::found;
using candor::testing::sample;
namespace fs = std::filesystem;

namespace {

const char *kCapSchema = "../shared/schemas/cap12.xsd";

std::string run(const std::string &command, int *status = nullptr)
{
    std::string out;
    FILE *pipe = popen(command.c_str(), "r");
    if (!pipe)
        return out;
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe))
        out.append(buffer, n);
    const int rc = pclose(pipe);
    if (status)
        *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

bool haveProgram(const std::string &name)
{
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

std::string readFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Three alerts: a warning published then corrected, a caution, and one withdrawn.
class Publishers : public candor::testing::AlertsDbFixture {
protected:
    void SetUp() override
    {
        AlertsDbFixture::SetUp();
        static int argc = 1;
        static char name[] = "candor_alerts_tests";
        static char *argv[] = {name, nullptr};
        if (!QGuiApplication::instance())
            new QGuiApplication(argc, argv);
        for (int i = 0; i < 12; ++i)
            samples.push_back(sample("f" + std::to_string(i), i < 6 ? "2026-03-02" : "2026-03-09", "cocaine hcl", "stimulant",
                                     {found("fentanyl", "fentanyl", "trace")}));
        for (int i = 0; i < 3; ++i)
            samples.push_back(sample("x" + std::to_string(i), "2026-03-03", "fentanyl", "fentanyl",
                                     {found("fentanyl", "fentanyl"), found("xylazine", "alpha2-agonist")}, "Surrey"));
        for (int i = 0; i < 8; ++i)
            samples.push_back(
                sample("n" + std::to_string(i), "2026-04-07", "heroin", "opioid", {found("protonitazene", "nitazene")}));
        DraftService drafts(*draftStore, rules);
        drafts.refresh(samples, candor::testing::known());
        const AlertCheck check(samples, {});
        for (const auto &a : drafts.list()) {
            drafts.publish(a.id, coordinator, check);
            if (a.ruleId == "fentanyl-not-sold-as-opioid") {
                AlertEdit edit;
                edit.headline = "Fentanyl found in cocaine: a correction";
                drafts.edit(a.id, edit, coordinator);
                drafts.publish(a.id, coordinator, check);
            }
            if (a.ruleId == "nitazene")
                drafts.cancel(a.id, "The confirmatory lab did not find a nitazene", coordinator, check);
        }
        publications = drafts.publications();
        ASSERT_EQ(publications.size(), 5u);
    }

    RuleBook rules;
    std::vector<VerifiedSample> samples;
    std::vector<Publication> publications;
};

} // namespace

TEST_F(Publishers, EveryCapMessageIsValidAgainstTheCap12Schema)
{
    if (!fs::exists(kCapSchema))
        GTEST_SKIP() << kCapSchema << " is absent (run from the project root with ../shared present)";
    if (!haveProgram("xmllint"))
        GTEST_SKIP() << "xmllint is not installed (scripts/deps installs libxml2-utils)";
    const auto files = SiteExporter().render(publications, samples);
    int messages = 0;
    for (const auto &[name, bytes] : files) {
        if (name.rfind("cap/", 0) != 0)
            continue;
        ++messages;
        const fs::path path = dir / ("msg-" + std::to_string(messages) + ".xml");
        std::ofstream(path) << bytes;
        int status = -1;
        const std::string out = run(std::string("xmllint --noout --schema ") + kCapSchema + " " + path.string() + " 2>&1",
                                    &status);
        EXPECT_EQ(status, 0) << name << ":\n" << out << "\n" << bytes;
        EXPECT_NE(bytes.find("<category>Health</category>"), std::string::npos);
        EXPECT_NE(bytes.find("<areaDesc>"), std::string::npos);
        const bool follows = bytes.find("<msgType>Update</msgType>") != std::string::npos ||
                             bytes.find("<msgType>Cancel</msgType>") != std::string::npos;
        EXPECT_EQ(follows, bytes.find("<references>") != std::string::npos) << name;
    }
    EXPECT_EQ(messages, 5);
}

TEST_F(Publishers, ACorrectionReferencesTheMessageItCorrects)
{
    const auto files = SiteExporter().render(publications, samples);
    std::string update;
    for (const auto &[name, bytes] : files)
        if (bytes.find("<msgType>Update</msgType>") != std::string::npos)
            update = bytes;
    ASSERT_FALSE(update.empty());
    EXPECT_NE(update.find("<references>alerts@candor.invalid,candor-"), std::string::npos) << update;
    EXPECT_NE(update.find("-1,"), std::string::npos);
}

TEST_F(Publishers, EveryAtomEntryHasIdTitleUpdatedAndContent)
{
    const auto files = SiteExporter().render(publications, samples);
    QXmlStreamReader xml(QByteArray::fromStdString(files.at("feed.atom")));
    std::set<QString> feedChildren;
    int entries = 0;
    std::set<QString> entryChildren;
    int depth = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            ++depth;
            if (depth == 1) {
                EXPECT_EQ(xml.name(), QStringLiteral("feed"));
                EXPECT_EQ(xml.namespaceUri(), QStringLiteral("http://www.w3.org/2005/Atom"));
            } else if (depth == 2) {
                feedChildren.insert(xml.name().toString());
                if (xml.name() == QStringLiteral("entry")) {
                    ++entries;
                    entryChildren.clear();
                }
            } else if (depth == 3) {
                entryChildren.insert(xml.name().toString());
            }
        } else if (xml.isEndElement()) {
            if (depth == 2 && xml.name() == QStringLiteral("entry")) {
                for (const char *required : {"id", "title", "updated", "content"}) {
                    EXPECT_TRUE(entryChildren.count(required)) << "entry " << entries << " lacks " << required;
                }
            }
            --depth;
        }
    }
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_EQ(entries, 5);
    for (const char *required : {"id", "title", "updated", "author"})
        EXPECT_TRUE(feedChildren.count(required)) << "feed lacks " << required;
}

TEST_F(Publishers, TheJsonFollowsItsSchemaShapeAndTheCsvCarriesEveryMonth)
{
    const auto files = SiteExporter().render(publications, samples);
    const auto doc = nlohmann::json::parse(files.at("data/alerts.json"));
    const auto schema = nlohmann::json::parse(files.at("data/schema.json"));
    for (const auto &key : schema["required"])
        EXPECT_TRUE(doc.contains(key.get<std::string>())) << key;
    for (const auto &alert : doc["alerts"])
        for (const auto &key : schema["properties"]["alerts"]["items"]["required"])
            EXPECT_TRUE(alert.contains(key.get<std::string>())) << key;
    EXPECT_EQ(doc["alerts"].size(), 5u);
    const std::string csv = files.at("data/monthly-aggregates.csv");
    EXPECT_EQ(csv.rfind("month,sold_as,samples,with_fentanyl,with_xylazine,with_benzodiazepine,with_nitazene\r\n", 0), 0u);
    EXPECT_NE(csv.find("2026-03,all,15"), std::string::npos) << csv;
    EXPECT_NE(csv.find("2026-04,all,8"), std::string::npos) << csv;
}

TEST_F(Publishers, ASampleTakenInTheSecondAnAlertWentOutDoesNotBlockPublication)
{
    // The feed's times are public by design; before, a sample received in the same second
    // as a publication made the self-check refuse every later export.
    auto same = samples;
    same.front().receivedAt = publications.front().publishedAt;
    EXPECT_NO_THROW(SiteExporter().render(publications, same));
    // A sample's time that only it has is still caught.
    auto bad = publications;
    // (the last message of an alert: an earlier one is shown with its correction's text)
    bad.back().headline = "Seen at " + samples.back().receivedAt;
    ASSERT_GT(samples.back().receivedAt.size(), 10u);
    EXPECT_THROW(SiteExporter().render(bad, samples), PublicationRefused);
}

TEST_F(Publishers, TheJsonIsValidAgainstItsSchemaByARealValidator)
{
    // Debian's python3-jsonschema (scripts/deps), by path: a python3 earlier on PATH may
    // be another installation without it.
    const std::string python = "/usr/bin/python3";
    const std::string script = "tests/alerts/validate-json-schema.py";
    if (std::system((python + " -c 'import jsonschema' 2>/dev/null").c_str()) != 0)
        GTEST_SKIP() << "python3-jsonschema is not installed (scripts/deps installs it)";
    ASSERT_TRUE(fs::exists(script)) << "run from the project root";
    const auto files = SiteExporter().render(publications, samples);
    const fs::path schema = dir / "schema.json", document = dir / "alerts.json";
    std::ofstream(schema) << files.at("data/schema.json");
    std::ofstream(document) << files.at("data/alerts.json");
    int status = -1;
    const std::string cmd = python + " " + script + " " + schema.string() + " " + document.string() + " 2>&1";
    std::string out = run(cmd, &status);
    EXPECT_EQ(status, 0) << out;

    // The same validator refuses a document that breaks the schema, so the pass above means something.
    auto broken = nlohmann::json::parse(files.at("data/alerts.json"));
    broken["alerts"][0].erase("severity");
    broken["alerts"][1]["severity"] = "apocalyptic";
    std::ofstream(document, std::ios::trunc) << broken.dump();
    out = run(cmd, &status);
    EXPECT_EQ(status, 1) << out;
    EXPECT_NE(out.find("alerts/0: 'severity' is a required property"), std::string::npos) << out;
    EXPECT_NE(out.find("alerts/1/severity"), std::string::npos) << out;
}

TEST_F(Publishers, TheXylazineAlertOfThreeSamplesSaysFewerThanFive)
{
    const auto files = SiteExporter().render(publications, samples);
    bool seen = false;
    for (const auto &[name, bytes] : files)
        if (name.rfind("alerts/", 0) == 0 && bytes.find("Surrey") != std::string::npos) {
            seen = true;
            EXPECT_NE(bytes.find("<dt>Samples</dt><dd>fewer than 5</dd>"), std::string::npos);
        }
    EXPECT_TRUE(seen);
}

TEST_F(Publishers, ASiteIsWrittenWholeAndReplacesTheOldOneOnlyAtTheEnd)
{
    PdfPosterWriter posters;
    SiteExporter exporter;
    exporter.setPosterWriter(&posters);
    const fs::path out = dir / "site";
    exporter.exportSite(publications, samples, out);
    std::ofstream(out / "old.txt") << "old";
    const auto result = exporter.exportSite(publications, samples, out);
    EXPECT_FALSE(fs::exists(out / "old.txt"));
    EXPECT_TRUE(fs::exists(out / "index.html"));
    EXPECT_EQ(result.alerts, 3);
    for (const auto &entry : fs::directory_iterator(dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".site."), std::string::npos) << "left behind: " << entry.path();
    const std::string pdf = readFile(out / ("posters/" + publications.front().alertId + ".pdf"));
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
}

TEST_F(Publishers, AnUnwritableFolderIsAClearErrorAndNothingIsWritten)
{
    try {
        SiteExporter().exportSite(publications, samples, "/proc/candor-site");
        FAIL() << "wrote into /proc";
    } catch (const ExportError &e) {
        EXPECT_NE(std::string(e.what()).find("not writable"), std::string::npos) << e.what();
    }
    EXPECT_THROW(SiteExporter().exportSite(publications, samples, dir / "no" / "such" / "site"), ExportError);
    // A folder with other files is never replaced: a coordinator who picks ~/Documents
    // must not lose it.
    const fs::path documents = dir / "Documents";
    fs::create_directories(documents);
    std::ofstream(documents / "letter.odt") << "mine";
    try {
        SiteExporter().exportSite(publications, samples, documents);
        FAIL() << "replaced a folder Candor did not write";
    } catch (const ExportError &e) {
        EXPECT_NE(std::string(e.what()).find("holds other files"), std::string::npos) << e.what();
    }
    EXPECT_EQ(readFile(documents / "letter.odt"), "mine");
    // An empty folder is fine.
    fs::create_directories(dir / "empty");
    EXPECT_NO_THROW(SiteExporter().exportSite(publications, samples, dir / "empty"));
    // A refused publication leaves an existing site as it was.
    const fs::path out = dir / "site";
    SiteExporter().exportSite(publications, samples, out);
    std::ofstream(out / "index.html") << "yesterday";
    auto bad = publications;
    bad.back().headline = samples.front().publicCode + " found";
    EXPECT_THROW(SiteExporter().exportSite(bad, samples, out), PublicationRefused);
    EXPECT_EQ(readFile(out / "index.html"), "yesterday");
}

TEST_F(Publishers, LinksAreRelativeSoTheSiteWorksFromAFolderOrAnyHost)
{
    const auto files = SiteExporter().render(publications, samples);
    for (const auto &[name, bytes] : files) {
        if (name.size() < 5 || name.substr(name.size() - 5) != ".html")
            continue;
        EXPECT_EQ(bytes.find("href=\"/"), std::string::npos) << name;
        EXPECT_EQ(bytes.find("src=\"/"), std::string::npos) << name;
        EXPECT_EQ(bytes.find("http://"), std::string::npos) << name;
        EXPECT_EQ(bytes.find("<script"), std::string::npos) << name;
        EXPECT_NE(bytes.find("<html lang=\"en\">"), std::string::npos) << name;
        EXPECT_NE(bytes.find("name=\"viewport\""), std::string::npos) << name;
    }
}

TEST_F(Publishers, HeadlessChromiumRendersTheIndexAndTrendsWithTheirText)
{
    if (!haveProgram("chromium"))
        GTEST_SKIP() << "chromium is not installed (scripts/deps installs it)";
    const fs::path out = dir / "site";
    SiteExporter().exportSite(publications, samples, out);
    auto dump = [&](const std::string &page) {
        const fs::path profile = dir / ("profile-" + std::to_string(std::rand()));
        return run("chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                   "--disable-component-update --disable-sync --user-data-dir=" +
                   profile.string() + " --dump-dom file://" + (out / page).string() + " 2>/dev/null");
    };
    const std::string index = dump("index.html");
    EXPECT_NE(index.find("<h1>Current drug alerts</h1>"), std::string::npos) << index.substr(0, 2000);
    EXPECT_NE(index.find("<h2>Warnings</h2>"), std::string::npos);
    EXPECT_NE(index.find("Fentanyl found in cocaine: a correction"), std::string::npos);
    EXPECT_NE(index.find("<h2>Withdrawn alerts</h2>"), std::string::npos);
    EXPECT_NE(index.find("The confirmatory lab did not find a nitazene"), std::string::npos);
    const std::string trends = dump("trends.html");
    EXPECT_NE(trends.find("<h1>Trends</h1>"), std::string::npos);
    EXPECT_NE(trends.find("<svg"), std::string::npos);
    EXPECT_NE(trends.find("<title id=\"chart-fentanyl-title\">Share of samples with fentanyl or an analogue by month</title>"),
              std::string::npos);
}
