#include "importers/reader.h"

#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace candor::importers;
using namespace candor::importers::testing;

TEST(ReaderRegistry, ReadsAJcampFileFromDisk)
{
    const auto r = ReaderRegistry::instance().readFile(kFixtures / "jcamp/affn-transmittance.jdx");
    EXPECT_EQ(r.format, "jcamp-dx");
    ASSERT_EQ(r.spectra.size(), 1u);
}

TEST(ReaderRegistry, ChoosesByContentWhenTheExtensionIsUnknown)
{
    const auto bytes = readAll(kFixtures / "jcamp/affn-transmittance.jdx");
    EXPECT_EQ(ReaderRegistry::instance().choose(bytes, "export.txt").format(), "jcamp-dx");
}

TEST(ReaderRegistry, RejectsAnEmptyFile)
{
    expectImportError([] { ReaderRegistry::instance().readFile(kFixtures / "jcamp/empty.jdx"); }, ImportError::Kind::Malformed,
                      {"empty.jdx", "is empty"});
}

TEST(ReaderRegistry, RejectsADirectoryAsCannotOpen)
{
    expectImportError([] { ReaderRegistry::instance().readFile(kFixtures / "jcamp"); }, ImportError::Kind::CannotOpen,
                      {"jcamp", "is a directory"});
}

TEST(ReaderRegistry, RejectsAMissingFileAsCannotOpen)
{
    expectImportError([] { ReaderRegistry::instance().readFile(kFixtures / "jcamp/does-not-exist.jdx"); },
                      ImportError::Kind::CannotOpen, {"does-not-exist.jdx", "cannot be opened"});
}

TEST(ReaderRegistry, RejectsAnUnreadableFileAsCannotOpen)
{
    const auto path = std::filesystem::temp_directory_path() / "candor-unreadable-test.jdx";
    std::filesystem::copy_file(kFixtures / "jcamp/affn-transmittance.jdx", path,
                               std::filesystem::copy_options::overwrite_existing);
    ::chmod(path.c_str(), 0);
    // Root reads anything (and CI runs as root), so the read happens in a child that has
    // dropped to nobody; the child reports through its exit code.
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        try {
            ReaderRegistry::instance().readFile(path);
            _exit(1);
        } catch (const ImportError &e) {
            const std::string what = e.what();
            const bool named = what.find("candor-unreadable-test.jdx") != std::string::npos &&
                               what.find("cannot be opened") != std::string::npos;
            _exit(e.kind() == ImportError::Kind::CannotOpen && named ? 0 : 2);
        } catch (...) {
            _exit(4);
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    ::chmod(path.c_str(), 0600);
    std::filesystem::remove(path);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "1: read an unreadable file; 2: wrong kind or message; 3: could not drop to nobody";
}

TEST(ReaderRegistry, RejectsContentNoReaderRecognizes)
{
    const auto bytes = bytesOf("\x01\x02\x03 this is nothing we know");
    expectImportError([&] { ReaderRegistry::instance().readBytes(bytes, "mystery.bin"); }, ImportError::Kind::Malformed,
                      {"mystery.bin", "not a format Candor reads"});
}

TEST(ReaderRegistry, ChoosesEachFormatByExtensionAndByContent)
{
    const struct {
        const char *fixture;
        const char *format;
    } cases[] = {
        {"jcamp/difdup.jdx", "jcamp-dx"},  {"spc/float-y.spc", "spc"},      {"opus/absorbance.0", "opus"},
        {"andi/chromatogram.cdf", "andi"}, {"csv/comma-header.csv", "csv"}, {"csv/tab-raman.tsv", "csv"},
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(c.fixture);
        const auto r = ReaderRegistry::instance().readFile(kFixtures / c.fixture);
        EXPECT_EQ(r.format, c.format);
        EXPECT_FALSE(r.spectra.empty());
        // Renamed to an extension nobody claims, the content still decides.
        const auto bytes = readAll(kFixtures / c.fixture);
        EXPECT_EQ(ReaderRegistry::instance().readBytes(bytes, "renamed.bin").format, c.format);
    }
}

TEST(ReaderRegistry, ReadsEverySharedFileOrSaysPreciselyWhy)
{
    CANDOR_REQUIRE_SHARED(kShared);
    std::size_t read = 0, refused = 0;
    for (const auto &e : std::filesystem::recursive_directory_iterator(kShared)) {
        const auto ext = e.path().extension().string();
        if (!e.is_regular_file() || ext == ".txt" || ext == ".cdl" || ext == ".snap")
            continue;
        SCOPED_TRACE(e.path().string());
        try {
            const auto r = ReaderRegistry::instance().readFile(e.path());
            EXPECT_FALSE(r.spectra.empty());
            ++read;
        } catch (const ImportError &err) {
            // A refusal names the file and a line or byte offset.
            EXPECT_NE(std::string(err.what()).find(e.path().filename().string()), std::string::npos);
            EXPECT_TRUE(err.line() || err.byteOffset()) << err.what();
            ++refused;
        }
    }
    EXPECT_GE(read, 50u);
    EXPECT_LE(refused, 9u); // 4 truncated cheminfo excerpts, 2 header-only, dummy, non_andi
}
