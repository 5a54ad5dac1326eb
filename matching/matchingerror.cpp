#include "matching/matchingerror.h"

namespace candor::matching {

const char *toString(MatchingError::Kind kind) noexcept
{
    switch (kind) {
    case MatchingError::Kind::EmptyLibrary: return "empty-library";
    case MatchingError::Kind::TechniqueMismatch: return "technique-mismatch";
    case MatchingError::Kind::UnsupportedUnits: return "unsupported-units";
    case MatchingError::Kind::InvalidValues: return "invalid-values";
    case MatchingError::Kind::NoOverlap: return "no-overlap";
    case MatchingError::Kind::FlatSpectrum: return "flat-spectrum";
    case MatchingError::Kind::InvalidLibrary: return "invalid-library";
    case MatchingError::Kind::CacheIo: return "cache-io";
    }
    return "unknown";
}

} // namespace candor::matching
