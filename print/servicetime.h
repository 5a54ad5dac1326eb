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
// Puts the slip's verification date in the service's zone.
void localizeSlip(core::SlipContent &slip, const std::string &zone);

} // namespace candor::print
