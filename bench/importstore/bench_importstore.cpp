// Batch import throughput: 1,000 generated FTIR files (JCAMP-DX AFFN, 1,868 points each,
// every one different) parsed with the registry and stored through core in a real SQLite
// file with synchronous=FULL, one transaction per file. Prints files per second.

#include "core/candordatabase.h"
#include "core/database.h"
#include "core/samples.h"
#include "core/catalogue.h"
#include "core/users.h"
#include "services/instrumentimport.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

int main(int argc, char **argv)
{
    const int count = argc > 1 ? std::atoi(argv[1]) : 1000;
    std::string pattern = (fs::temp_directory_path() / "candor-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        return 1;
    const fs::path dir = pattern;
    std::vector<fs::path> files;
    for (int i = 0; i < count; ++i) {
        const fs::path p = dir / ("ir-" + std::to_string(i) + ".jdx");
        std::ofstream out(p);
        const int n = 1868;
        out << "##TITLE= bench " << i << "\n##JCAMP-DX= 4.24\n##DATA TYPE= INFRARED SPECTRUM\n##XUNITS= 1/CM\n"
            << "##YUNITS= ABSORBANCE\n##XFACTOR= 1\n##YFACTOR= 0.0001\n##FIRSTX= 4000\n##LASTX= " << (4000 - (n - 1))
            << "\n##NPOINTS= " << n << "\n##XYDATA=(X++(Y..Y))\n";
        for (int k = 0; k < n; k += 10) {
            out << (4000 - k);
            for (int j = k; j < k + 10 && j < n; ++j)
                out << ' ' << ((j * 37 + i * 11) % 9000 + 100);
            out << "\n";
        }
        out << "##END=\n";
        files.push_back(p);
    }

    auto db = candor::core::openCandorDatabase(dir / "bench.sqlite");
    candor::core::Catalogue catalogue(*db);
    const auto user = candor::core::UserStore(*db).add({"bench", "Bench", {"technician"}, "bench password 1"}, nullptr);
    candor::core::SampleInput in;
    in.soldAs = "bench";
    in.form = "powder";
    const auto sample = candor::core::SampleStore(*db, catalogue).add(in, user);

    const auto start = std::chrono::steady_clock::now();
    for (const auto &f : files)
        candor::services::importInstrumentFile(*db, sample.id, f, user);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    db.reset();
    const auto dbSize = fs::file_size(dir / "bench.sqlite");
    fs::remove_all(dir);

    std::printf("files: %d, 1868 points each, database %.1f MiB\n", count, double(dbSize) / (1024 * 1024));
    std::printf("batch_import_store_files_per_second: %.1f\n", count / seconds);
    return 0;
}
