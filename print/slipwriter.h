#pragma once
// Writes a result slip (core/slip.h) to a file: PDF through QPdfWriter from the same HTML
// the .html slip holds, so both say exactly the same. Written to a temporary file beside
// the target and renamed, so a failure leaves nothing half-written.

#include <filesystem>

namespace candor::core {
struct SlipContent;
}

namespace candor::print {

enum class SlipFormat { Pdf, Html };

// By extension: .pdf or .html/.htm; throws core::ValidationError (field out) otherwise.
SlipFormat slipFormatFor(const std::filesystem::path &path);
// PDF needs a QGuiApplication (fonts); ensureGuiApplication() makes one for a headless
// program (offscreen platform) when none exists. Throws core::StorageError (an I/O
// problem) when the file cannot be written.
void writeSlip(const core::SlipContent &slip, const std::filesystem::path &path);
void ensureGuiApplication();

} // namespace candor::print
