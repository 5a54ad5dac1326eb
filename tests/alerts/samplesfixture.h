#pragma once
// Hand-made verified samples for the alerts tests, and a migrated database with a
// coordinator and a technician.

#include "alerts/verifiedsample.h"
#include "core/candordatabase.h"
#include "core/database.h"
#include "core/sqlite/sqlitealertdraftstore.h"
#include "core/sqlite/sqliteexternalresultstore.h"
#include "core/users.h"
#include "support/tempdir.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>

namespace candor::testing {

// What the catalogue knows: never "new" in these tests.
inline const std::set<std::string> &known()
{
    static const std::set<std::string> substances = {"fentanyl",    "acetylfentanyl", "carfentanil",    "protonitazene",
                                                     "xylazine",    "medetomidine",   "bromazolam",     "heroin",
                                                     "cocaine hcl", "mdma",           "methamphetamine"};
    return substances;
}

inline alerts::Finding found(const std::string &substance, const std::string &cls, const std::string &abundance = "primary")
{
    return {substance, cls, abundance, "ftir", std::nullopt, std::nullopt};
}

inline alerts::VerifiedSample sample(const std::string &id, const std::string &date, const std::string &soldAsSubstance,
                                     const std::string &soldAsClass, std::vector<alerts::Finding> findings,
                                     const std::string &region = "Vancouver")
{
    alerts::VerifiedSample s;
    s.id = id;
    s.publicCode = "K7Q-" + id.substr(0, std::min<std::size_t>(3, id.size()));
    s.receivedAt = date + "T14:32:10Z";
    s.site = "Main Street Site";
    s.region = region;
    s.soldAs = soldAsSubstance;
    if (!soldAsSubstance.empty())
        s.soldAsSubstance = soldAsSubstance;
    if (!soldAsClass.empty())
        s.soldAsClass = soldAsClass;
    s.form = "powder";
    s.colour = "white";
    s.findings = std::move(findings);
    return s;
}

class AlertsDbFixture : public ::testing::Test {
protected:
    void SetUp() override
    {
        db = core::openCandorDatabase(dir / "candor.sqlite");
        core::UserStore users(*db);
        admin = users.add({"ada", "Ada Admin", {"admin"}, "correct horse"}, nullptr);
        coordinator = users.add({"cora", "Cora Coordinator", {"coordinator"}, "battery staple"}, &admin);
        tech = users.add({"tess", "Tess Tech", {"technician"}, "staple battery"}, &admin);
        draftStore = std::make_unique<core::SqliteAlertDraftStore>(*db);
        externalStore = std::make_unique<core::SqliteExternalResultStore>(*db);
    }

    TempDir dir;
    std::unique_ptr<core::Database> db;
    // The stores the alerts code keeps its rows in, over `db`.
    std::unique_ptr<core::SqliteAlertDraftStore> draftStore;
    std::unique_ptr<core::SqliteExternalResultStore> externalStore;
    core::User admin;
    core::User coordinator;
    core::User tech;
};

} // namespace candor::testing
