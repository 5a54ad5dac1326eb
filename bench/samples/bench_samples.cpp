// How fast the samples list pages through 100,000 samples: SampleStore::count and
// SampleStore::list (what SampleListModel calls for each page of 100 rows) against the
// sqlite3 shell running the same SQL on the same file, timed by the shell itself
// (.timer on), so process start-up is not counted. Both sides are timed in CPU time
// (user + system): the shell's wall clock has only millisecond resolution, and CPU time
// is steadier on a shared machine. Prints medians and ratios last.

#include "core/candordatabase.h"
#include "core/catalogue.h"
#include "core/database.h"
#include "core/samples.h"
#include "core/users.h"
#include "core/util.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <ctime>

using namespace candor::core;
using Clock = std::chrono::steady_clock;

// CPU time of this thread, in seconds: comparable with the shell's user + sys.
static double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

namespace {

constexpr int kSamples = 100000;
constexpr int kRounds = 7;

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// The statement SampleStore runs for one page, as the shell should run it.
std::string pageSql(std::int64_t offset, const std::string &where)
{
    return "SELECT s.id, s.public_code, s.received_at, s.site_id, si.name, si.region, s.intake_channel, s.sold_as, "
           "s.sold_as_substance, s.form, s.colour, s.texture, s.pill_logo, s.pill_score_line, s.pill_diameter_mm, "
           "s.pill_thickness_mm, s.pill_mass_mg, s.sample_type, s.reported_effects, s.overdose_involved, "
           "s.research_consent, s.notes, s.status, s.is_demo, s.created_at, s.created_by, u.name "
           "FROM samples s JOIN sites si ON si.id = s.site_id JOIN users u ON u.id = s.created_by "
           "WHERE s.rowid IN (SELECT s.rowid FROM samples s " +
           where + " ORDER BY s.received_at DESC, s.id LIMIT 100 OFFSET " + std::to_string(offset) +
           ") ORDER BY s.received_at DESC, s.id;\n";
}

// Runs `sql` (one statement per line) in one sqlite3 shell session with .timer on;
// returns the user + sys seconds of each statement.
std::vector<double> shellTimes(const std::filesystem::path &db, const std::string &sql)
{
    const auto script = std::filesystem::temp_directory_path() / "candor-bench-samples.sql";
    std::ofstream(script) << ".timer on\n" << sql;
    const std::string command = "sqlite3 '" + db.string() + "' < '" + script.string() + "' 2>&1";
    FILE *pipe = popen(command.c_str(), "r");
    std::vector<double> times;
    if (!pipe)
        return times;
    char line[512];
    const std::regex timer(R"(Run Time: real [0-9.]+ user ([0-9.]+) sys ([0-9.]+))");
    while (fgets(line, sizeof line, pipe)) {
        std::cmatch m;
        if (std::regex_search(line, m, timer))
            times.push_back(std::stod(m[1]) + std::stod(m[2]));
    }
    pclose(pipe);
    return times;
}

// 100,000 intakes through the real SampleStore (validation, sold-as normalization, code
// generation), seeded.
void fill(Database &db, SampleStore &samples)
{
    const User tech = UserStore(db).add({"bench", "Bench", {"technician"}, "bench password"}, nullptr);
    const std::array<const char *, 8> soldAs = {"down", "coke", "molly", "meth", "ketamine", "xanax", "oxy", "unknown"};
    std::mt19937 rng(7);
    const auto t0 = Clock::now();
    Transaction tx(db);
    const auto now = std::chrono::system_clock::now();
    for (int i = 0; i < kSamples; ++i) {
        SampleInput in;
        in.soldAs = soldAs[std::size_t(i) % soldAs.size()];
        in.form = "powder";
        in.colour = "white";
        in.receivedAt = formatUtc(now - std::chrono::minutes(rng() % (365 * 24 * 60)));
        samples.add(in, tech);
    }
    tx.commit();
    const double fillSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("filled %d samples in %.1f s (%.0f intakes/s, validation and code generation included)\n", kSamples, fillSeconds,
                kSamples / fillSeconds);
}

} // namespace

int main()
{
    // The filled file is kept between runs (it takes a while to build); delete the folder
    // to rebuild it.
    const auto dir = std::filesystem::temp_directory_path() / "candor-bench-samples";
    std::filesystem::create_directories(dir);
    const auto path = dir / "candor.sqlite";

    auto db = openCandorDatabase(path);
    Catalogue catalogue(*db);
    SampleStore samples(*db, catalogue);
    if (samples.count({}) != kSamples) {
        db.reset();
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        db = openCandorDatabase(path);
    }
    Catalogue freshCatalogue(*db);
    SampleStore store(*db, freshCatalogue);
    if (store.count({}) == kSamples)
        std::printf("reusing %s with %d samples\n", path.c_str(), kSamples);
    else
        fill(*db, store);

    // The pages a person scrolling or jumping through the list asks for, and a filter.
    const std::vector<std::int64_t> offsets = {0, 100, 50000, 99900};
    SampleQuery fentanyl;
    fentanyl.soldAs = "fentanyl";

    std::vector<double> candorPage, shellPage, candorCount, shellCount, candorFiltered, shellFiltered;
    for (int round = 0; round < kRounds; ++round) {
        // Candor: what SampleListModel does for each page.
        for (const auto offset : offsets) {
            const double a = cpuSeconds();
            const auto rows = store.list({}, offset, 100);
            candorPage.push_back(cpuSeconds() - a);
            if (rows.size() != 100)
                std::fprintf(stderr, "unexpected page size %zu at offset %lld\n", rows.size(), (long long)offset);
        }
        double a = cpuSeconds();
        const auto total = store.count({});
        candorCount.push_back(cpuSeconds() - a);
        a = cpuSeconds();
        const auto filtered = store.count(fentanyl);
        store.list(fentanyl, filtered / 2, 100);
        candorFiltered.push_back(cpuSeconds() - a);
        if (total != kSamples)
            std::fprintf(stderr, "count %lld != %d\n", (long long)total, kSamples);

        // The shell on the same file and SQL.
        std::string sql;
        for (const auto offset : offsets)
            sql += pageSql(offset, "");
        sql += "SELECT count(*) FROM samples s;\n";
        const std::string where = "WHERE s.sold_as_substance = 'fentanyl'";
        sql += "SELECT count(*) FROM samples s " + where + ";\n";
        sql += pageSql(filtered / 2, where);
        const auto times = shellTimes(path, sql);
        if (times.size() != offsets.size() + 3) {
            std::fprintf(stderr, "the sqlite3 shell printed %zu timings; is sqlite3 installed?\n", times.size());
            return 1;
        }
        for (std::size_t i = 0; i < offsets.size(); ++i)
            shellPage.push_back(times[i]);
        shellCount.push_back(times[offsets.size()]);
        shellFiltered.push_back(times[offsets.size() + 1] + times[offsets.size() + 2]);
    }

    std::printf("page of 100 rows (median over offsets 0..99,900): candor %.3f ms, sqlite3 shell %.3f ms\n",
                median(candorPage) * 1e3, median(shellPage) * 1e3);
    std::printf("count of all rows: candor %.3f ms, sqlite3 shell %.3f ms\n", median(candorCount) * 1e3,
                median(shellCount) * 1e3);
    std::printf("filtered count + middle page: candor %.3f ms, sqlite3 shell %.3f ms\n", median(candorFiltered) * 1e3,
                median(shellFiltered) * 1e3);
    std::printf("samples_page_ms_100k: %.3f\n", median(candorPage) * 1e3);
    std::printf("samples_page_speed_vs_sqlite3_shell: %.2f\n", median(shellPage) / median(candorPage));
    std::printf("samples_count_speed_vs_sqlite3_shell: %.2f\n", median(shellCount) / median(candorCount));
    std::printf("samples_filtered_speed_vs_sqlite3_shell: %.2f\n", median(shellFiltered) / median(candorFiltered));
    return 0;
}
