#pragma once
// The one exception the matching engine throws: a typed reason (so the CLI can map it to
// an exit code and the app to a sentence) and a message that says what was wrong.

#include <stdexcept>
#include <string>

namespace candor::matching {

class MatchingError : public std::runtime_error {
public:
    enum class Kind {
        EmptyLibrary,      // no reference spectra to search (CLI exit 65)
        TechniqueMismatch, // e.g. a Raman query against an infrared library
        UnsupportedUnits,  // x or y units the pipeline cannot convert to 1/cm, absorbance
        InvalidValues,     // NaN/inf, fewer than two points, mismatched x/y sizes
        NoOverlap,         // too little of the query lies on the library's wavenumber range
        FlatSpectrum,      // all zeros or constant: nothing to correlate
        InvalidLibrary,    // inconsistent library input (unknown substance, duplicate id)
        CacheIo,           // the compiled library could not be written
    };

    MatchingError(Kind kind, const std::string &message)
        : std::runtime_error(message)
        , m_kind(kind)
    {
    }

    Kind kind() const noexcept { return m_kind; }

private:
    Kind m_kind;
};

// A stable lower-case name for logs and JSON ("no-overlap", "flat-spectrum", ...).
const char *toString(MatchingError::Kind kind) noexcept;

} // namespace candor::matching
