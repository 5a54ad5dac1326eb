#pragma once
// The service's local time (core/serviceidentity.h): whether a zone name is known, and
// stored UTC times as the service's clock shows them. Qt's time-zone database (QTimeZone)
// because core has none: GCC 12 has no C++20 tz.

#include <string>

namespace candor::core {
struct SlipContent;
}

namespace candor::print {

// An IANA name QTimeZone knows ("Europe/Zurich", "UTC").
bool isKnownTimeZone(const std::string &zone);
// "2026-12-02T06:30:00Z" in Europe/Zurich -> "2026-12-02 07:30 CET". The input unchanged
// when it is not a UTC time; UTC when the zone is unknown.
std::string localDateTime(const std::string &utc, const std::string &zone);
// "2026-12-02" in the zone (a result verified at 23:30 UTC is the next day in Zurich).
std::string localDate(const std::string &utc, const std::string &zone);
// A time a person typed, read as the service's local time, as stored UTC
// ("2026-01-15 14:30" in Europe/Amsterdam -> "2026-01-15T13:30:00Z"). Accepts
// "YYYY-MM-DD HH:MM[:SS]" (or with a T), a bare date (its local midnight), and a time
// that names its own offset or Z (taken as it says). Throws core::ValidationError with
// `field` for an unknown zone, a text that is no time, and a local time the clocks skip
// (the spring change).
std::string utcFromLocal(const std::string &typed, const std::string &zone, const std::string &field);
// Puts the slip's verification date in the service's zone.
void localizeSlip(core::SlipContent &slip, const std::string &zone);

} // namespace candor::print
