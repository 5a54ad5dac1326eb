// Evidence for issue 12, requirements 2 and 6: the service's identity (set by an admin,
// validated whole, audit-logged) and the private slip that carries it, with plain-language
// lines, the strip and reagent results, advice for what was found and the demo notice.

#include "fixture.h"

#include "core/auditlog.h"
#include "core/errors.h"
#include "core/findings.h"
#include "core/instrumentfiles.h"
#include "core/matchresults.h"
#include "core/readings.h"
#include "core/serviceidentity.h"
#include "core/slip.h"
#include "core/workflow.h"

#include <nlohmann/json.hpp>

#include <set>

using namespace candor::core;
using candor::testing::CoreFixture;

namespace {

// What QTimeZone would say, for a core that has no time-zone database of its own.
bool knownZone(const std::string &zone)
{
    static const std::set<std::string> zones = {"UTC", "Europe/Zurich", "America/Toronto"};
    return zones.count(zone) != 0;
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

class SlipTest : public CoreFixture {
protected:
    void SetUp() override
    {
        CoreFixture::SetUp();
        vera = UserStore(*db).add({"vera", "Vera Verifier", {"verifier"}, "verifier pass"}, &admin);
    }

    // The case: sold as "down", a positive fentanyl strip, a spectrum matched
    // (against the demo library when `demo`), found inositol and possibly carfentanil.
    std::string downSample(bool demo)
    {
        SampleInput in = powder("down");
        const auto s = SampleStore(*db, *catalogue).add(in, tech);
        ReadingStore readings(*db, *catalogue);
        StripInput strip;
        strip.stripType = "fentanyl";
        strip.result = "positive";
        readings.addStrip(s.id, strip, tech);
        readings.addReagent(s.id, "marquis", {"no change"}, tech);
        const std::string text = "spectrum of " + s.id;
        const auto bytes = std::as_bytes(std::span(text.data(), text.size()));
        SpectrumData spectrum{"down", "infrared", "1/cm", "absorbance", {4000, 3998, 3996}, {0.1, 0.2, 0.3}};
        InstrumentFileStore(*db).add(s.id, {"down.jdx", "jcamp-dx", bytes, {spectrum}}, tech);
        StoredMatch match;
        match.spectrumId = InstrumentFileStore(*db).spectra(s.id).at(0).id;
        match.libraryName = demo ? "Candor demo library" : "Zurich references";
        match.libraryVersion = "1";
        match.libraryDemo = demo;
        match.verdict = Verdict::Uncertain;
        MatchResultStore(*db).add(match);
        FindingStore(*db, *catalogue)
            .set(s.id,
                 {parseComponent("inositol"),
                  FindingInput{"uncertain", "carfentanil", std::nullopt, std::nullopt, {"ftir"}, Confidence::Uncertain}},
                 std::nullopt, tech);
        Workflow(*db).submit(s.id, tech);
        Workflow(*db).verify(s.id, vera);
        return s.id;
    }

    User vera;
};

} // namespace

TEST_F(SlipTest, TheSlipOfADownSampleWithAPositiveFentanylStripSaysWhatWasFoundTestedAndWhatToDo)
{
    ServiceIdentityStore(*db).set({"Drug Checking Zurich", "Tue-Thu 10-18, 044 000 00 00", "Zurich", "Europe/Zurich"}, admin,
                                  knownZone);
    const auto slip = buildSlip(*db, *catalogue, downSample(true), tech);

    ASSERT_EQ(slip.found.size(), 2u);
    EXPECT_EQ(slip.found[0].what, "Inositol (main substance)");
    EXPECT_EQ(slip.found[0].explanation, "a sugar used as a cut");
    EXPECT_EQ(slip.found[1].what, "Possibly carfentanil (not certain)");
    EXPECT_TRUE(contains(slip.found[1].explanation, "stronger than fentanyl")) << slip.found[1].explanation;

    ASSERT_EQ(slip.tests.size(), 2u);
    EXPECT_EQ(slip.tests[0], "Fentanyl test strip: positive. It reacts to fentanyl and many analogues, so the sample most "
                             "likely contains one of them.");
    EXPECT_EQ(slip.tests[1], "Marquis reagent: no colour change.");

    // The strip alone makes the fentanyl advice come first, before the "not identified" one.
    ASSERT_GE(slip.saferUse.size(), 2u);
    EXPECT_EQ(slip.saferUse[0].title, "Fentanyl or a fentanyl analogue");
    EXPECT_EQ(slip.saferUse[1].title, "Something we could not fully identify");
    EXPECT_TRUE(slip.demoLibraryMatch);

    const auto html = slipHtml(slip);
    for (const std::string &part :
         {std::string("<strong>Inositol (main substance)</strong>: a sugar used as a cut"),
          std::string("Fentanyl test strip: positive"), std::string("Carry naloxone"), std::string("Drug Checking Zurich"),
          std::string("Tue-Thu 10-18, 044 000 00 00"), std::string("demo library"), std::string("Do not rely on this result")})
        EXPECT_TRUE(contains(html, part)) << part;
}

TEST_F(SlipTest, AMatchAgainstTheServicesOwnLibraryCarriesNoDemoNotice)
{
    const auto slip = buildSlip(*db, *catalogue, downSample(false), tech);
    EXPECT_FALSE(slip.demoLibraryMatch);
    EXPECT_FALSE(contains(slipHtml(slip), "demo library"));
    // No identity set yet: the slip still says whom to ask, without inventing a name.
    EXPECT_TRUE(slip.serviceName.empty());
    EXPECT_FALSE(contains(slipHtml(slip), "Questions?"));
}

TEST_F(SlipTest, EveryCutAndEveryClassInTheShippedCatalogueHasAPlainLine)
{
    for (const auto &s : catalogue->substances())
        EXPECT_FALSE(plainDescription(s.name, s.substanceClass).empty()) << s.name;
    EXPECT_EQ(plainDescription("lactose", "cut"), "milk sugar, used as a cut");                     // its own line
    EXPECT_EQ(plainDescription("mannitol-x", "cut"), "a cutting agent added to bulk out the drug"); // its class's
    EXPECT_EQ(plainDescription("unknown", "no-such-class"), "");
}

TEST_F(SlipTest, TheServiceIdentityIsStoredAndAuditLogged)
{
    EXPECT_EQ(ServiceIdentityStore(*db).get().timeZone, "UTC");
    EXPECT_FALSE(ServiceIdentityStore(*db).get().isSet());
    ServiceIdentityStore(*db).set({"Drug Checking Zurich", "044 000 00 00", "Zurich", "Europe/Zurich"}, admin, knownZone);
    ServiceIdentityStore(*db).set({std::nullopt, std::nullopt, std::nullopt, "America/Toronto"}, admin, knownZone);
    const auto s = ServiceIdentityStore(*db).get();
    EXPECT_EQ(s.name, "Drug Checking Zurich");
    EXPECT_EQ(s.contact, "044 000 00 00");
    EXPECT_EQ(s.timeZone, "America/Toronto");
    const auto last = AuditLog(*db).all().back();
    EXPECT_EQ(last.entity, "setting");
    EXPECT_EQ(last.entityId, "service");
    EXPECT_EQ(nlohmann::json::parse(last.oldValue)["time_zone"], "Europe/Zurich");
    EXPECT_EQ(nlohmann::json::parse(last.newValue)["time_zone"], "America/Toronto");
}

TEST_F(SlipTest, AnUnknownTimeZoneIsRefusedNamingTheFieldAndNothingChanges)
{
    ServiceIdentityStore(*db).set({"Drug Checking Zurich", "044", "Zurich", "Europe/Zurich"}, admin, knownZone);
    const auto entries = AuditLog(*db).all().size();
    try {
        ServiceIdentityStore(*db).set({"Another name", std::nullopt, std::nullopt, "Europe/Zürich"}, admin, knownZone);
        FAIL() << "expected ValidationError";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "time-zone");
        EXPECT_EQ(std::string(e.what()), "time-zone: 'Europe/Zürich' is not a known time zone; give an IANA name such as "
                                         "Europe/Zurich or America/Toronto");
    }
    EXPECT_EQ(ServiceIdentityStore(*db).get().name, "Drug Checking Zurich"); // the name given with it was not kept
    EXPECT_EQ(ServiceIdentityStore(*db).get().timeZone, "Europe/Zurich");
    EXPECT_EQ(AuditLog(*db).all().size(), entries);
}

TEST_F(SlipTest, OnlyAnAdminSetsTheServiceIdentityAndANameIsNeeded)
{
    EXPECT_THROW(ServiceIdentityStore(*db).set({"X", "", "", "UTC"}, tech, knownZone), PermissionDenied);
    try {
        ServiceIdentityStore(*db).set({"  ", "", "", "UTC"}, admin, knownZone);
        FAIL() << "expected ValidationError";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "name");
    }
    try {
        ServiceIdentityStore(*db).set({"Zurich", "line one\nline two", "", "UTC"}, admin, knownZone);
        FAIL() << "expected ValidationError";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "contact");
    }
    EXPECT_FALSE(ServiceIdentityStore(*db).get().isSet());
}

TEST_F(SlipTest, APositiveStripBringsTheAdviceForItsClassEvenWhenNothingOfItWasFound)
{
    const auto s = SampleStore(*db, *catalogue).add(powder("down"), tech);
    StripInput strip;
    strip.stripType = "xylazine";
    strip.result = "positive";
    ReadingStore(*db, *catalogue).addStrip(s.id, strip, tech);
    FindingStore(*db, *catalogue).set(s.id, {parseComponent("inositol")}, std::nullopt, tech);
    Workflow(*db).submit(s.id, tech);
    Workflow(*db).verify(s.id, vera);
    const auto slip = buildSlip(*db, *catalogue, s.id, tech);
    ASSERT_EQ(slip.saferUse.size(), 1u);
    EXPECT_EQ(slip.saferUse[0].title, "Xylazine or medetomidine (animal sedatives)");
}
