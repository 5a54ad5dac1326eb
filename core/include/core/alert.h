#pragma once
// An alert as the service stores it: a draft (then published or withdrawn) and each
// message that went out. The alerts library drafts and publishes them; the stores in
// core keep them, so both share these structs.

#include "core/vocabulary.h"

#include <string>
#include <vector>

namespace candor::core {

// A draft or published alert: one rule, one region, one window of ISO weeks.
struct Alert {
    std::string id;
    std::string ruleId;
    std::string region;
    std::string windowStart; // "2018-W27"
    std::string windowEnd;
    AlertSeverity severity = AlertSeverity::Information;
    std::string status; // draft, published, cancelled
    std::string headline;
    std::string found;  // "fentanyl, carfentanil"
    std::string soldAs; // "cocaine, methamphetamine"
    std::string advice;
    int sampleCount = 0;
    bool edited = false;      // the coordinator changed the text
    bool needsUpdate = false; // published, and new samples arrived since
    std::string createdAt;
    std::string updatedAt;
    std::vector<std::string> sampleIds; // internal only
};

// One message that went out: the first alert, an update (correction) or a cancel.
struct Publication {
    std::string id;
    std::string alertId;
    int sequence = 1;
    std::string msgType; // Alert, Update, Cancel
    std::string publishedAt;
    std::string publishedBy; // user id: internal only
    AlertSeverity severity = AlertSeverity::Information;
    std::string headline;
    std::string found;
    std::string soldAs;
    std::string advice;
    int sampleCount = 0;
    std::string region;
    std::string windowStart;
    std::string windowEnd;
    std::string reason; // cancel
};

} // namespace candor::core
