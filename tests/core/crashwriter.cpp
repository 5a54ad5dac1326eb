// The child of the crash test: writes samples, readings and findings in a loop through
// the real core API on a real file, and prints each sample id once its last transaction
// has committed ("F <id>") and right after intake ("S <id>"). The parent kills it with
// SIGKILL at random moments.

#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/findings.h"
#include "core/readings.h"
#include "core/samples.h"
#include "core/users.h"

#include <cstdio>
#include <unistd.h>

using namespace candor::core;

int main(int argc, char **argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: crashwriter DB USER\n");
        return 64;
    }
    auto db = openCandorDatabase(argv[1]);
    Catalogue catalogue(*db);
    // No password: hashing with Argon2 per start would make 50 runs slow, and the child
    // is a test harness, not a front end.
    const auto user = UserStore(*db).findByName(argv[2]);
    if (!user)
        return 65;
    SampleStore samples(*db, catalogue);
    ReadingStore readings(*db, catalogue);
    FindingStore findings(*db, catalogue);
    for (int i = 0;; ++i) {
        SampleInput in;
        in.soldAs = i % 2 ? "down" : "coke";
        in.form = "powder";
        const auto s = samples.add(in, *user);
        // write(2) straight to the pipe: nothing buffered in this process can be lost by
        // the kill once the line is printed.
        const std::string added = "S " + s.id + "\n";
        if (::write(STDOUT_FILENO, added.data(), added.size()) < 0)
            return 74;
        readings.addStrip(s.id, {"fentanyl", i % 2 ? "positive" : "negative"}, *user);
        findings.set(s.id, {parseComponent(i % 2 ? "fentanyl" : "cocaine hcl"), parseComponent("caffeine:trace")}, std::nullopt,
                     *user);
        const std::string done = "F " + s.id + "\n";
        if (::write(STDOUT_FILENO, done.data(), done.size()) < 0)
            return 74;
    }
}
