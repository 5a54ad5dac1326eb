// The store interfaces' destructors, out of line so that each interface's vtable lives
// in one object file of candor_core.

#include "core/alertdraftstore.h"
#include "core/externalresultstore.h"
#include "core/integritycheck.h"
#include "core/storetransaction.h"

namespace candor::core {

StoreTransaction::~StoreTransaction() = default;
AlertDraftStore::~AlertDraftStore() = default;
ExternalResultStore::~ExternalResultStore() = default;
IntegrityCheck::~IntegrityCheck() = default;

} // namespace candor::core
