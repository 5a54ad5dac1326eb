#include "alerts/isoweek.h"

#include "core/errors.h"

#include <chrono>
#include <cstdio>

namespace candor::alerts {

namespace {

std::chrono::sys_days parseDate(std::string_view date)
{
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    const std::string text(date.substr(0, 10));
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
        throw core::ValidationError("date", "date: '" + std::string(date) + "' is not a date YYYY-MM-DD");
    const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!ymd.ok())
        throw core::ValidationError("date", "date: '" + std::string(date) + "' is not a date of the calendar");
    return std::chrono::sys_days(ymd);
}

// Monday 1970-01-05, the start of week index 0.
constexpr std::chrono::sys_days kEpochMonday{std::chrono::days(4)};

} // namespace

std::string IsoWeek::text() const
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-W%02d", year, week);
    return buffer;
}

IsoWeek isoWeekFromIndex(int index)
{
    using namespace std::chrono;
    const sys_days monday = kEpochMonday + days(7 * index);
    // The ISO year is the year of the week's Thursday.
    const year_month_day thursday{monday + days(3)};
    const sys_days jan1 = sys_days(year_month_day{thursday.year(), January, day(1)});
    const int week = int((monday + days(3) - jan1).count() / 7) + 1;
    return {int(thursday.year()), week, index};
}

IsoWeek isoWeekOf(std::string_view date)
{
    const auto day = parseDate(date);
    const auto sinceEpoch = (day - kEpochMonday).count();
    const int index = int(sinceEpoch >= 0 ? sinceEpoch / 7 : (sinceEpoch - 6) / 7);
    return isoWeekFromIndex(index);
}

std::string monthOf(std::string_view date)
{
    parseDate(date);
    return std::string(date.substr(0, 7));
}

} // namespace candor::alerts

namespace candor::alerts {

std::vector<std::string> monthsOfWeek(std::string_view weekText)
{
    using namespace std::chrono;
    int y = 0;
    int w = 0;
    const std::string text(weekText);
    if (std::sscanf(text.c_str(), "%4d-W%2d", &y, &w) != 2)
        throw core::ValidationError("week", "week: '" + text + "' is not an ISO week YYYY-Www");
    // Week 1 is the week with January 4th in it.
    const sys_days jan4 = sys_days(year_month_day{year(y), January, day(4)});
    const weekday wd{jan4};
    const sys_days monday = jan4 - days((wd.c_encoding() + 6) % 7) + days(7 * (w - 1));
    auto month = [](sys_days d) {
        const year_month_day ymd{d};
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%04d-%02u", int(ymd.year()), unsigned(ymd.month()));
        return std::string(buffer);
    };
    std::vector<std::string> out = {month(monday)};
    if (month(monday + days(6)) != out.front())
        out.push_back(month(monday + days(6)));
    return out;
}

} // namespace candor::alerts
