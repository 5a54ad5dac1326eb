#pragma once
// Dates as publications may show them: the ISO 8601 week ("2018-W27") or the month
// ("2018-07"), never the day or time.

#include <string>
#include <string_view>
#include <vector>

namespace candor::alerts {

struct IsoWeek {
    int year = 0;
    int week = 0;
    // Weeks since the Monday 1970-01-05: consecutive weeks have consecutive indexes.
    int index = 0;
    std::string text() const; // "2018-W07"
};

// From "YYYY-MM-DD" (anything after the date is ignored). Throws ValidationError("date").
IsoWeek isoWeekOf(std::string_view date);
IsoWeek isoWeekFromIndex(int index);
// "2018-07" from "2018-07-14...". Throws ValidationError("date").
std::string monthOf(std::string_view date);

} // namespace candor::alerts

namespace candor::alerts {
// The months ("2018-06", "2018-07") the days of an ISO week ("2018-W26") fall in.
std::vector<std::string> monthsOfWeek(std::string_view weekText);
} // namespace candor::alerts
