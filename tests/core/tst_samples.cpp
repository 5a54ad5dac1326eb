#include "core/errors.h"
#include "core/samples.h"
#include "core/sites.h"
#include "core/util.h"
#include "fixture.h"

#include <set>

using namespace candor::core;
using candor::testing::CoreFixture;

using SampleStoreTest = CoreFixture;

TEST_F(SampleStoreTest, StoresEveryFieldAndWhoMadeItInUtc)
{
    SampleStore samples(*db, *catalogue);
    SampleInput in;
    in.soldAs = "Molly";
    in.form = "pill";
    in.colour = "pink";
    in.texture = "chalky";
    in.pillLogo = "crown";
    in.pillScoreLine = "single";
    in.pillDiameterMm = 9.5;
    in.pillThicknessMm = 4.2;
    in.pillMassMg = 310;
    in.intakeChannel = "event";
    in.sampleType = "substance";
    in.reportedEffects = "strong, long";
    in.overdoseInvolved = false;
    in.researchConsent = true;
    in.notes = "internal note";
    in.receivedAt = "2026-11-20T14:05Z";
    const Sample s = samples.add(in, tech);
    EXPECT_EQ(s.soldAs, "Molly");
    EXPECT_EQ(s.soldAsSubstance, "mdma");
    EXPECT_EQ(s.receivedAt, "2026-11-20T14:05:00Z");
    EXPECT_EQ(s.pillMassMg, 310);
    EXPECT_EQ(s.pillLogo, "crown");
    EXPECT_EQ(s.intakeChannel, "event");
    EXPECT_EQ(s.overdoseInvolved, false);
    EXPECT_TRUE(s.researchConsent);
    EXPECT_EQ(toString(s.status), "received");
    EXPECT_EQ(s.createdByName, "tess");
    EXPECT_EQ(s.siteName, "Main site");
    EXPECT_EQ(s.createdAt.back(), 'Z');
    EXPECT_TRUE(normalizePublicCode(s.publicCode));
}

TEST_F(SampleStoreTest, NamesTheFieldThatIsWrongAndStoresNothing)
{
    SampleStore samples(*db, *catalogue);
    auto fieldOf = [&](SampleInput in) {
        try {
            samples.add(in, tech);
        } catch (const ValidationError &e) {
            return e.field();
        }
        return std::string("none");
    };
    auto in = powder();
    in.soldAs = "  ";
    EXPECT_EQ(fieldOf(in), "sold_as");
    in = powder();
    in.form = "gas";
    EXPECT_EQ(fieldOf(in), "form");
    in = powder();
    in.intakeChannel = "pigeon";
    EXPECT_EQ(fieldOf(in), "intake_channel");
    in = powder();
    in.pillMassMg = 200;
    EXPECT_EQ(fieldOf(in), "pill_mass_mg");
    in = powder();
    in.form = "pill";
    in.pillMassMg = -3;
    EXPECT_EQ(fieldOf(in), "pill_mass_mg");
    in = powder();
    in.receivedAt = "yesterday";
    EXPECT_EQ(fieldOf(in), "received_at");
    in = powder();
    in.receivedAt = "2999-01-01";
    EXPECT_EQ(fieldOf(in), "received_at");
    in = powder();
    in.site = "Atlantis";
    EXPECT_EQ(fieldOf(in), "site");
    in = powder();
    in.sampleType = "vibes";
    EXPECT_EQ(fieldOf(in), "sample_type");
    EXPECT_EQ(samples.count({}), 0);
}

TEST_F(SampleStoreTest, PublicCodesAreUniqueAndUseTheUnambiguousAlphabet)
{
    SampleStore samples(*db, *catalogue);
    std::set<std::string> codes;
    for (int i = 0; i < 300; ++i)
        codes.insert(samples.add(powder(), tech).publicCode);
    EXPECT_EQ(codes.size(), 300u);
    for (const auto &code : codes) {
        ASSERT_EQ(code.size(), 7u);
        EXPECT_EQ(code[3], '-');
        for (char c : code.substr(0, 3) + code.substr(4))
            EXPECT_NE(kPublicCodeAlphabet.find(c), std::string_view::npos) << code;
    }
    // The database itself refuses a duplicate, whatever the caller does.
    EXPECT_THROW(db->exec("UPDATE samples SET public_code = '" + *codes.begin() + "' WHERE public_code = '" + *codes.rbegin() +
                          "'"),
                 StorageError);
}

TEST_F(SampleStoreTest, ResolvesByIdCodeInAnyCaseAndIdPrefix)
{
    SampleStore samples(*db, *catalogue);
    const Sample s = samples.add(powder(), tech);
    EXPECT_EQ(samples.resolve(s.id).id, s.id);
    std::string lower = s.publicCode;
    for (auto &c : lower)
        c = char(std::tolower(c));
    lower.erase(3, 1);
    EXPECT_EQ(samples.resolve(lower).id, s.id);
    EXPECT_EQ(samples.resolve(s.id.substr(0, 8)).id, s.id);
    EXPECT_THROW(samples.resolve("nothing"), NotFound);
}

TEST_F(SampleStoreTest, ListsNewestFirstWithFiltersAndPages)
{
    SampleStore samples(*db, *catalogue);
    SiteStore(*db).add("Harbour", "Coast", admin);
    for (int day = 1; day <= 20; ++day) {
        auto in = powder(day % 2 ? "down" : "coke");
        in.receivedAt = "2026-10-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T12:00Z";
        if (day % 5 == 0)
            in.site = "Harbour";
        samples.add(in, tech);
    }
    EXPECT_EQ(samples.count({}), 20);
    const auto page = samples.list({}, 0, 5);
    ASSERT_EQ(page.size(), 5u);
    EXPECT_EQ(page.front().receivedAt, "2026-10-20T12:00:00Z");
    EXPECT_EQ(samples.list({}, 15, 10).size(), 5u);

    SampleQuery fent;
    fent.soldAs = "fentanyl";
    EXPECT_EQ(samples.count(fent), 10);
    SampleQuery harbour;
    harbour.site = "Harbour";
    EXPECT_EQ(samples.count(harbour), 4);
    SampleQuery range;
    range.from = "2026-10-05";
    range.to = "2026-10-07";
    EXPECT_EQ(samples.count(range), 3);
    SampleQuery status;
    status.status = SampleStatus::Verified;
    EXPECT_EQ(samples.count(status), 0);
    SampleQuery wild;
    wild.text = "%";
    EXPECT_EQ(samples.count(wild), 0);
    SampleQuery badDate;
    badDate.from = "soon";
    EXPECT_THROW(samples.count(badDate), ValidationError);
}

TEST_F(SampleStoreTest, CheckListsEveryInvalidFieldAtOnceInTheOrderIntakeShowsThem)
{
    SampleStore samples(*db, *catalogue);
    SampleInput in;
    in.soldAs = "  ";
    in.form = "pill";
    in.pillDiameterMm = 55;
    in.pillMassMg = 1;
    in.receivedAt = "yesterday";
    const auto errors = samples.check(in);
    std::vector<std::string> fields;
    for (const auto &e : errors)
        fields.push_back(e.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"sold_as", "pill_mass_mg", "pill_diameter_mm", "received_at"}));
    EXPECT_EQ(errors[2].message, "pill_diameter_mm: must be between 1 and 40 mm");
    // validate() still throws the first, for the CLI.
    try {
        samples.validate(in);
        FAIL();
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "sold_as");
    }
    EXPECT_EQ(samples.count({}), 0);
}

TEST_F(SampleStoreTest, AMissingFormIsNamedNotGuessed)
{
    SampleStore samples(*db, *catalogue);
    SampleInput in;
    in.soldAs = "molly";
    const auto errors = samples.check(in);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "form");
    EXPECT_EQ(errors[0].message.rfind("form: choose what it looks like (powder, ", 0), 0u) << errors[0].message;
    EXPECT_TRUE(samples.check(powder()).empty());
}
