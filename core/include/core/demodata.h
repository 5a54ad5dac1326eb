#pragma once
// A demo data set for a first look at Candor, and its removal. The demo walks the whole
// path a result takes: samples received, in testing (with readings, some with findings),
// waiting for a verifier, returned with a reason, verified (a slip can be printed) and
// invalidated, written through the real stores by two demo accounts (a technician who
// submits, a verifier who verifies: four eyes holds), plus alert drafts on the demo
// region that can never be published. Every sample is marked as demo, so nothing
// mistakes them for real results, and removeDemoData() takes all of it out again.

#include <nlohmann/json.hpp>

#include <cstdint>

namespace candor::core {

class Database;
struct User;

inline constexpr const char *kDemoSiteName = "Demo site (not real data)";
inline constexpr const char *kDemoRegion = "Demo region";
// The demo accounts: they get a random password nobody knows, so nobody signs in as them.
inline constexpr const char *kDemoTechnicianName = "demo-technician";
inline constexpr const char *kDemoVerifierName = "demo-verifier";

// Adds `count` demo samples in one transaction; returns how many were added. Needs the
// admin role (PermissionDenied). Seeded, so every database gets the same demo apart from
// ids, codes and times. With 10 or more samples every status is there; the statuses
// cycle through a fixed plan of ten (see demodata.cpp).
int loadDemoData(Database &db, const User &actor, int count = 120);
bool hasDemoData(Database &db);

// What removeDemoData() took out, per kind of record.
struct DemoRemoval {
    std::int64_t samples = 0;
    std::int64_t stripReadings = 0;
    std::int64_t reagentReadings = 0;
    std::int64_t findings = 0;
    std::int64_t instrumentFiles = 0;
    std::int64_t instrumentSpectra = 0;
    std::int64_t matchResults = 0;
    std::int64_t rescreenChanges = 0;
    std::int64_t labResults = 0;
    std::int64_t alertUpdateRequests = 0;
    std::int64_t alertDrafts = 0;
    std::int64_t alertSampleLinks = 0;
    std::int64_t users = 0;
    std::int64_t sites = 0;

    // {"samples": n, "strip_readings": n, ...} in this order: the audit entry and --json.
    nlohmann::ordered_json toJson() const;
};

// Removes every demo sample and everything recorded on it (readings, findings,
// instrument files with their spectra and matches, re-screen changes, lab results,
// alert-update requests), the alert drafts that rest only on demo samples, the demo
// site and the demo accounts when nothing else refers to them, in one transaction, with
// one audit entry that gives the counts. The audit entries about the demo samples stay:
// the log is history and append-only, and its hash chain still verifies. The demo
// reference library is not touched (it has its own retire control). Needs the admin
// role: PermissionDenied before anything is changed.
DemoRemoval removeDemoData(Database &db, const User &actor);
// What removeDemoData() would take out now, changing nothing (the removal, rolled back):
// for a confirmation that says what will go. Admin only, like the removal.
DemoRemoval previewDemoRemoval(Database &db, const User &actor);

} // namespace candor::core
