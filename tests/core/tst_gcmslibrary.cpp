// The GC-MS library store: admins add entries all at once or not at all, and they come
// back with their peaks, retention data and who added them.

#include "core/fixture.h"

#include "core/auditlog.h"
#include "core/errors.h"
#include "core/gcmslibrary.h"

using namespace candor;
using candor::testing::CoreFixture;

namespace {

core::GcmsLibraryEntry entry(std::string name, std::string origin = "msp")
{
    core::GcmsLibraryEntry e;
    e.origin = std::move(origin);
    e.sourceFile = "drugs.msp";
    e.name = std::move(name);
    e.cas = "50-36-2";
    e.retentionIndex = 2189;
    e.mz = {82, 182, 303};
    e.intensity = {999, 620, 230};
    return e;
}

class GcmsLibrary : public CoreFixture {};

} // namespace

TEST_F(GcmsLibrary, KeepsEveryEntryWithItsPeaksAndRetention)
{
    core::GcmsLibraryStore store(*db);
    auto inHouse = entry("Lidocaine", "in-house");
    inHouse.retentionIndex.reset();
    inHouse.retentionMinutes = 4.0;
    const auto ids = store.addAll({entry("Cocaine"), inHouse}, admin);
    ASSERT_EQ(ids.size(), 2u);
    const auto all = store.all();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, ids[0]);
    EXPECT_EQ(all[0].name, "Cocaine");
    EXPECT_EQ(all[0].cas, "50-36-2");
    EXPECT_EQ(all[0].retentionIndex, 2189.0);
    EXPECT_EQ(all[0].retentionMinutes, std::nullopt);
    EXPECT_EQ(all[0].mz, (std::vector<double>{82, 182, 303}));
    EXPECT_EQ(all[0].intensity, (std::vector<double>{999, 620, 230}));
    EXPECT_EQ(all[0].addedBy, admin.id);
    EXPECT_EQ(all[1].origin, "in-house");
    EXPECT_EQ(all[1].retentionMinutes, 4.0);
    EXPECT_EQ(all[1].retentionIndex, std::nullopt);
    const auto audit = core::AuditLog(*db).all();
    ASSERT_FALSE(audit.empty());
    EXPECT_EQ(audit.back().entity, "gcms_library");
}

TEST_F(GcmsLibrary, OnlyAnAdminChangesIt)
{
    core::GcmsLibraryStore store(*db);
    EXPECT_THROW(store.addAll({entry("Cocaine")}, tech), core::PermissionDenied);
    EXPECT_TRUE(store.all().empty());
}

TEST_F(GcmsLibrary, ABadEntryStoresNothingAndIsNamed)
{
    core::GcmsLibraryStore store(*db);
    auto bad = entry("Broken");
    bad.intensity.pop_back();
    try {
        store.addAll({entry("Cocaine"), bad}, admin);
        FAIL() << "expected a ValidationError";
    } catch (const core::ValidationError &e) {
        EXPECT_EQ(std::string(e.what()), "peaks: GC-MS library entry 2 (Broken) has 3 m/z and 2 intensities");
    }
    EXPECT_TRUE(store.all().empty());
}
