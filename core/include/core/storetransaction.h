#pragma once
// A unit of work across store calls, as the stores' interfaces hand it out: everything
// written between begin() and commit() lands together, or nothing does. A backend makes
// it nest (SQLite: a savepoint inside an open transaction).

namespace candor::core {

class StoreTransaction {
public:
    virtual ~StoreTransaction();
    // Keeps what was written; without it the destructor rolls everything back.
    virtual void commit() = 0;
};

} // namespace candor::core
