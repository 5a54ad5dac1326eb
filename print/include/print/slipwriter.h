#pragma once
// Writes a result slip (core/slip.h) to a file: PDF through QPdfWriter from the same HTML
// the .html slip holds, so both say exactly the same. Written to a temporary file beside
// the target and moved into place, so a failure leaves nothing half-written, and an
// existing file is replaced only when the caller says so.

#include <filesystem>

namespace candor::core {
struct SlipContent;
}

namespace candor::print {

enum class SlipFormat { Pdf, Html };
enum class ExistingFile { Refuse, Replace };

// By extension: .pdf or .html/.htm; throws core::ValidationError (field out) otherwise.
SlipFormat slipFormatFor(const std::filesystem::path &path);
// PDF needs a QGuiApplication (fonts); ensureGuiApplication() makes one for a headless
// program (offscreen platform) when none exists. Throws core::StorageError (an I/O
// problem) when the file cannot be written, core::ValidationError (field out) when it
// exists and `existing` is Refuse; nothing is left behind either way.
void writeSlip(const core::SlipContent &slip, const std::filesystem::path &path, ExistingFile existing = ExistingFile::Refuse);
void ensureGuiApplication();

} // namespace candor::print
