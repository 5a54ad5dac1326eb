#pragma once
// The storage's own consistency check (for SQLite: PRAGMA integrity_check), behind an
// interface so that `db check` reads the same for any backend.

#include <string>
#include <vector>

namespace candor::core {

class IntegrityCheck {
public:
    virtual ~IntegrityCheck();
    // What the check found wrong, one sentence each; empty when the storage is sound.
    virtual std::vector<std::string> problems() = 0;
};

} // namespace candor::core
