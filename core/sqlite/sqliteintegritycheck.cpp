#include "core/sqlite/sqliteintegritycheck.h"

#include "core/database.h"

namespace candor::core {

std::vector<std::string> SqliteIntegrityCheck::problems()
{
    // One row "ok" when sound, else one row per problem found.
    std::vector<std::string> out;
    auto st = m_db.prepare("PRAGMA integrity_check");
    while (st.step())
        if (st.columnText(0) != "ok")
            out.push_back(st.columnText(0));
    return out;
}

} // namespace candor::core
