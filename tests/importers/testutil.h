#pragma once
// Helpers the importer tests share: fixture loading and ImportError assertions.

#include "importers/importerror.h"
#include "importers/reader.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace candor::importers::testing {

inline const std::filesystem::path kFixtures = "tests/data/importers";
inline const std::filesystem::path kShared = "../shared/data/formats";

inline std::vector<std::byte> readAll(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("test fixture missing: " + path.string());
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(chars.size());
    std::memcpy(out.data(), chars.data(), chars.size());
    return out;
}

inline std::vector<std::byte> bytesOf(std::string_view text)
{
    std::vector<std::byte> out(text.size());
    std::memcpy(out.data(), text.data(), text.size());
    return out;
}

// Runs `f`, expects an ImportError of `kind` whose message contains every `parts` entry.
template<typename F>
void expectImportError(F &&f, ImportError::Kind kind, std::initializer_list<std::string_view> parts)
{
    try {
        f();
        ADD_FAILURE() << "expected an ImportError, nothing was thrown";
    } catch (const ImportError &e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        const std::string what = e.what();
        for (auto p : parts)
            EXPECT_NE(what.find(p), std::string::npos) << "message \"" << what << "\" lacks \"" << p << "\"";
    } catch (const std::exception &e) {
        ADD_FAILURE() << "expected an ImportError, got another exception: " << e.what();
    }
}

#define CANDOR_REQUIRE_SHARED(dir) \
    do { \
        if (!std::filesystem::is_directory(dir)) \
            GTEST_SKIP() << "shared test data not present at " << (dir) << " (see ../shared/data/SOURCES.md)"; \
    } while (0)

} // namespace candor::importers::testing
