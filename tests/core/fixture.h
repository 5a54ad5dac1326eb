#pragma once
// A fresh, migrated and seeded database in a temporary folder, with an admin and a
// technician, for the core tests.

#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/samples.h"
#include "core/users.h"
#include "support/tempdir.h"

#include <gtest/gtest.h>

#include <memory>

namespace candor::testing {

class CoreFixture : public ::testing::Test {
protected:
    void SetUp() override
    {
        db = core::openCandorDatabase(dir / "candor.sqlite");
        catalogue = std::make_unique<core::Catalogue>(*db);
        core::UserStore users(*db);
        admin = users.add({"ada", "Ada Admin", {"admin"}, "correct horse"}, nullptr);
        tech = users.add({"tess", "Tess Tech", {"technician"}, "battery staple"}, &admin);
    }

    core::SampleInput powder(const std::string &soldAs = "coke")
    {
        core::SampleInput in;
        in.soldAs = soldAs;
        in.form = "powder";
        in.colour = "white";
        return in;
    }

    TempDir dir;
    std::unique_ptr<core::Database> db;
    std::unique_ptr<core::Catalogue> catalogue;
    core::User admin;
    core::User tech;
};

} // namespace candor::testing
