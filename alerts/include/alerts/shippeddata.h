#pragma once
// The editable data files the alerts library ships with, compiled into the program so
// that it works with no data folder beside it (see alerts/CMakeLists.txt).

#include <string_view>

namespace candor::alerts {

std::string_view shippedAlertRules();     // data/alert-rules.json
std::string_view shippedSaferUseAdvice(); // data/safer-use-advice.json
std::string_view shippedDcbcMapping();    // data/mappings/drugcheckingbc.json
std::string_view shippedPublicSchema();   // data/schemas/candor-public-alerts.schema.json

} // namespace candor::alerts
