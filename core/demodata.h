#pragma once
// A demo data set for a first look at Candor: samples over the last weeks with strips
// and reagents, all marked as demo so that nothing mistakes them for real results.

namespace candor::core {

class Database;
struct User;

inline constexpr const char *kDemoSiteName = "Demo site (not real data)";

// Adds `count` demo samples in one transaction; returns how many were added. Seeded, so
// two runs give the same data apart from ids and codes.
int loadDemoData(Database &db, const User &actor, int count = 120);
bool hasDemoData(Database &db);

} // namespace candor::core
