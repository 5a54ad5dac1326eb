#pragma once
// A real database file in a temporary folder, opened the way main() opens it, with an
// admin and a technician: what the app tests start from.

#include "appservices.h"
#include "sessioncontroller.h"
#include "core/samples.h"
#include "core/users.h"

#include <QTemporaryDir>

#include <memory>

namespace candor::testing {

struct AppFixture {
    QTemporaryDir dir;
    std::unique_ptr<app::AppServices> services;
    // Made the way main() makes it; destroyed before the services it works on.
    std::unique_ptr<app::SessionController> session;
    core::User admin;
    core::User tech;

    AppFixture()
    {
        services = std::make_unique<app::AppServices>(dir.filePath(QStringLiteral("candor.sqlite")).toStdString());
        session = std::make_unique<app::SessionController>(*services);
        core::UserStore users(services->db());
        admin = users.add({"ada", "Ada Okafor", {"admin"}, "correct horse"}, nullptr);
        tech = users.add({"tess", "Tess Tech", {"technician"}, "battery staple"}, &admin);
    }

    core::Sample addSample(const std::string &soldAs, const std::string &receivedAt, const std::string &form = "powder",
                           bool isDemo = false)
    {
        core::SampleStore samples(services->db(), services->catalogue());
        core::SampleInput in;
        in.soldAs = soldAs;
        in.form = form;
        in.receivedAt = receivedAt;
        in.isDemo = isDemo;
        return samples.add(in, tech);
    }
};

} // namespace candor::testing
