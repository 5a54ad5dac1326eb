#pragma once
// An alert as the service holds it (a draft, then its publications) and as the public
// sees it (PublicAlert, made only by the Anonymizer).

#include "core/alert.h"

#include <string>
#include <vector>

namespace candor::alerts {

// The stored alert and its messages live in core (the stores keep them); the alerts
// library works on the same structs.
using core::Alert;
using core::Publication;

// What publishers may print about one publication.
struct PublicAlert {
    std::string alertId;
    int sequence = 1;
    std::string msgType;
    core::AlertSeverity severity = core::AlertSeverity::Information;
    std::string headline;
    std::string found;
    std::string soldAs;
    std::string advice;
    std::string samples; // "12" or "fewer than 5"
    std::string region;
    std::string windowStart;
    std::string windowEnd;
    std::string publishedAt;
    std::string firstPublishedAt;
    std::string reason;
    std::vector<std::string> earlierSentTimes; // publishedAt of the earlier messages, for CAP references

    std::string window() const { return windowStart == windowEnd ? windowStart : windowStart + " to " + windowEnd; }
};

} // namespace candor::alerts
