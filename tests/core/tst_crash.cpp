// The crash test: a child process writes samples and results in a loop; the parent kills
// it with SIGKILL 50 times, each time as soon as it has printed a set number of committed
// ids (1 to 4), so the kill lands wherever the writer happens to be in its next
// transaction, and what is checked does not depend on how fast the machine is. After each kill the database opens,
// SQLite's integrity check passes, the audit chain verifies, and every id the child
// printed (after its transaction committed) is there with what was committed for it.

#include "core/auditlog.h"
#include "core/candordatabase.h"
#include "core/database.h"
#include "core/users.h"
#include "support/tempdir.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

using namespace candor::core;
using candor::testing::TempDir;

namespace {

// Starts the writer, kills it once it has printed `lines` committed ids, returns
// everything it printed. A writer that prints nothing for a minute is a failure, not a wait.
std::string runAndKill(const std::filesystem::path &db, int lines)
{
    int out[2];
    if (pipe(out) != 0)
        return {};
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execl(CANDOR_CRASH_WRITER, CANDOR_CRASH_WRITER, db.c_str(), "tess", static_cast<char *>(nullptr));
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buffer[4096];
    // Read while it runs, so that a full pipe never stalls the writer.
    while (std::count(text.begin(), text.end(), '\n') < lines) {
        pollfd p{out[0], POLLIN, 0};
        if (poll(&p, 1, 60000) <= 0)
            break;
        const auto n = read(out[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        text.append(buffer, std::size_t(n));
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    for (;;) {
        const auto n = read(out[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        text.append(buffer, std::size_t(n));
    }
    close(out[0]);
    return text;
}

} // namespace

TEST(Crash, FiftyKillsLoseNoCommittedResultAndLeaveTheDatabaseAndAuditChainIntact)
{
    TempDir dir;
    const auto path = dir / "crash.sqlite";
    {
        auto db = openCandorDatabase(path);
        UserStore users(*db);
        const auto admin = users.add({"ada", "", {"admin"}, "admin password"}, nullptr);
        users.add({"tess", "", {"technician"}, "tech password"}, &admin);
    }
    int survived = 0;
    std::size_t printed = 0;
    for (int kill = 1; kill <= 50; ++kill) {
        SCOPED_TRACE("kill " + std::to_string(kill));
        const int idsBeforeKill = 1 + kill % 4;
        const std::string text = runAndKill(path, idsBeforeKill);
        ASSERT_GE(std::count(text.begin(), text.end(), '\n'), idsBeforeKill) << "the writer stopped printing committed ids";
        auto db = openCandorDatabase(path);
        auto integrity = db->prepare("PRAGMA integrity_check");
        ASSERT_TRUE(integrity.step());
        ASSERT_EQ(integrity.columnText(0), "ok");
        const auto audit = AuditLog(*db).verify();
        ASSERT_TRUE(audit.ok) << audit.problem;

        std::istringstream lines(text);
        std::string kind, id;
        auto sample = db->prepare("SELECT count(*) FROM samples WHERE id = ?");
        auto findings = db->prepare("SELECT count(*) FROM findings WHERE sample_id = ?");
        while (lines >> kind >> id) {
            ++printed;
            sample.bind(1, id);
            sample.step();
            ASSERT_EQ(sample.columnInt(0), 1) << "sample " << id << " was printed but is missing";
            sample.reset();
            if (kind == "F") {
                findings.bind(1, id);
                findings.step();
                ASSERT_EQ(findings.columnInt(0), 2) << "findings of " << id << " were printed but are missing";
                findings.reset();
            }
        }
        ++survived;
    }
    EXPECT_EQ(survived, 50);
    EXPECT_GE(printed, 125u); // 50 kills after 1 to 4 ids each, at least
    std::printf("[crash] survived %d kills; %zu committed ids checked\n", survived, printed);
}
