#pragma once
// The service's own verified results as alerts see them: every verified (not
// invalidated) sample with its findings, read through the core stores. Identifying
// fields (code, site, notes, people) are filled in too, so that the anonymizer's own
// check can prove none of them reaches a publication.
//
// Demo samples are left out: they are invented, and an alert or a trend built on them
// would tell the community about a supply that does not exist. demoLeftOut() says how
// many verified demo samples there are, for the coordinator's screens to say so.

#include "alerts/verifiedsample.h"

#include <cstdint>

namespace candor::core {
class Catalogue;
class Database;
} // namespace candor::core

namespace candor::alerts {

class ServiceSampleSource : public VerifiedSampleSource {
public:
    ServiceSampleSource(core::Database &db, core::Catalogue &catalogue)
        : m_db(db)
        , m_catalogue(catalogue)
    {
    }
    std::vector<VerifiedSample> verifiedSamples() override;
    std::int64_t demoLeftOut();

private:
    core::Database &m_db;
    core::Catalogue &m_catalogue;
};

} // namespace candor::alerts
