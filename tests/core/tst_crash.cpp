// The crash test: a child process writes samples and results in a loop; the parent kills
// it with SIGKILL at random moments, 50 times. After each kill the database opens,
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

#include <chrono>
#include <random>
#include <sstream>

using namespace candor::core;
using candor::testing::TempDir;

namespace {

// Starts the writer, lets it run for `runFor`, kills it, returns everything it printed.
std::string runAndKill(const std::filesystem::path &db, std::chrono::milliseconds runFor)
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
    const auto deadline = std::chrono::steady_clock::now() + runFor;
    char buffer[4096];
    // Read while it runs, so that a full pipe never stalls the writer.
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{out[0], POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (poll(&p, 1, int(std::max<std::int64_t>(left.count(), 0))) > 0) {
            const auto n = read(out[0], buffer, sizeof buffer);
            if (n <= 0)
                break;
            text.append(buffer, std::size_t(n));
        }
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
    std::mt19937 rng(std::random_device{}());
    // Mostly short runs (the kill often lands inside a transaction), some longer ones.
    std::uniform_int_distribution<int> ms(15, 160);
    int survived = 0;
    std::size_t printed = 0;
    for (int kill = 1; kill <= 50; ++kill) {
        SCOPED_TRACE("kill " + std::to_string(kill));
        const std::string text = runAndKill(path, std::chrono::milliseconds(ms(rng)));
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
    EXPECT_GT(printed, 50u);
    std::printf("[crash] survived %d kills; %zu committed ids checked\n", survived, printed);
}
