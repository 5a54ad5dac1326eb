#include "core/workflow.h"
#include "core/auditlog.h"
#include "core/database.h"
#include "core/errors.h"
#include "core/permissions.h"
#include "core/users.h"
#include "core/util.h"

namespace candor::core {

namespace {

struct State {
    SampleStatus status;
    std::string submittedBy;
};

State currentState(Database &db, const std::string &sampleId)
{
    auto st = db.prepare("SELECT status, COALESCE(submitted_by, '') FROM samples WHERE id = ?");
    st.bind(1, sampleId);
    if (!st.step())
        throw NotFound("no sample with id '" + sampleId + "'");
    return {parse<SampleStatus>(st.columnText(0)), st.columnText(1)};
}

[[noreturn]] void notFrom(const std::string &what, SampleStatus status, const std::string &needed)
{
    throw ValidationError("status", "cannot " + what + ": the sample is " + toString(status) + " (only a sample that is " +
                                        needed + " can be)");
}

std::string checkedReason(const std::string &reason)
{
    const auto r = trim(reason);
    if (r.empty())
        throw ValidationError("reason", "reason: say why; it goes into the audit log");
    if (r.size() > 2000)
        throw ValidationError("reason", "reason: at most 2000 characters");
    return r;
}

void changeStatus(Database &db, const std::string &sampleId, SampleStatus from, SampleStatus to)
{
    db.prepare("UPDATE samples SET status = ? WHERE id = ? AND status = ?")
        .bind(1, toString(to))
        .bind(2, sampleId)
        .bind(3, toString(from))
        .run();
    if (db.changes() != 1)
        throw StorageError(0, "the sample changed while it was being updated");
}

nlohmann::json status(SampleStatus s)
{
    return {{"status", toString(s)}};
}

} // namespace

bool isOpenForTesting(SampleStatus status)
{
    return status == SampleStatus::Received || status == SampleStatus::InTesting;
}

void markSampleInTesting(Database &db, const std::string &sampleId, const User &actor)
{
    db.prepare("UPDATE samples SET status = ? WHERE id = ? AND status = ?")
        .bind(1, toString(SampleStatus::InTesting))
        .bind(2, sampleId)
        .bind(3, toString(SampleStatus::Received))
        .run();
    if (db.changes() == 1)
        AuditLog(db).append(&actor, "sample", sampleId, sampleId, "start-testing", status(SampleStatus::Received),
                            status(SampleStatus::InTesting));
}

void Workflow::submit(const std::string &sampleId, const User &actor)
{
    require(actor, Action::Submit);
    Transaction tx(m_db);
    const auto state = currentState(m_db, sampleId);
    if (!isOpenForTesting(state.status))
        notFrom("submit", state.status, "received or in testing");
    auto findings = m_db.prepare("SELECT count(*) FROM findings WHERE sample_id = ?");
    findings.bind(1, sampleId);
    findings.step();
    if (findings.columnInt(0) == 0)
        throw ValidationError("findings",
                              "findings: record at least one finding before submitting (\"no library match\" is one)");
    const auto now = nowUtc();
    m_db.prepare("UPDATE samples SET status = ?, submitted_by = ?, submitted_at = ?, status_reason = NULL "
                 "WHERE id = ? AND status = ?")
        .bind(1, toString(SampleStatus::ToBeVerified))
        .bind(2, actor.id)
        .bind(3, now)
        .bind(4, sampleId)
        .bind(5, toString(state.status))
        .run();
    AuditLog(m_db).append(&actor, "sample", sampleId, sampleId, "submit", status(state.status),
                          status(SampleStatus::ToBeVerified));
    tx.commit();
}

bool Workflow::canVerify(const std::string &sampleId, const User &actor)
{
    if (!can(actor, Action::Verify))
        return false;
    const auto state = currentState(m_db, sampleId);
    return state.status == SampleStatus::ToBeVerified && state.submittedBy != actor.id;
}

void Workflow::verify(const std::string &sampleId, const User &actor)
{
    require(actor, Action::Verify);
    Transaction tx(m_db);
    const auto state = currentState(m_db, sampleId);
    if (state.status != SampleStatus::ToBeVerified)
        notFrom("verify", state.status, toString(SampleStatus::ToBeVerified));
    if (state.submittedBy == actor.id)
        throw PermissionDenied(toString(Role::Verifier), "verifying a result",
                               "permission denied: " + actor.name +
                                   " submitted this result and cannot also verify it "
                                   "(four eyes: another verifier must)");
    m_db.prepare("UPDATE samples SET status = ?, verified_by = ?, verified_at = ? WHERE id = ? AND status = ?")
        .bind(1, toString(SampleStatus::Verified))
        .bind(2, actor.id)
        .bind(3, nowUtc())
        .bind(4, sampleId)
        .bind(5, toString(SampleStatus::ToBeVerified))
        .run();
    AuditLog(m_db).append(&actor, "sample", sampleId, sampleId, "verify", status(state.status), status(SampleStatus::Verified));
    tx.commit();
}

void Workflow::returnForTesting(const std::string &sampleId, const std::string &reason, const User &actor)
{
    require(actor, Action::Return);
    const auto why = checkedReason(reason);
    Transaction tx(m_db);
    const auto state = currentState(m_db, sampleId);
    if (state.status != SampleStatus::ToBeVerified)
        notFrom("return", state.status, toString(SampleStatus::ToBeVerified));
    changeStatus(m_db, sampleId, state.status, SampleStatus::InTesting);
    m_db.prepare("UPDATE samples SET status_reason = ?, submitted_by = NULL, submitted_at = NULL WHERE id = ?")
        .bind(1, why)
        .bind(2, sampleId)
        .run();
    AuditLog(m_db).append(&actor, "sample", sampleId, sampleId, "return", status(state.status), status(SampleStatus::InTesting),
                          why);
    tx.commit();
}

void Workflow::invalidate(const std::string &sampleId, const std::string &reason, const User &actor)
{
    require(actor, Action::Invalidate);
    const auto why = checkedReason(reason);
    Transaction tx(m_db);
    const auto state = currentState(m_db, sampleId);
    if (state.status == SampleStatus::Invalidated)
        notFrom("invalidate", state.status, "not invalidated already");
    changeStatus(m_db, sampleId, state.status, SampleStatus::Invalidated);
    m_db.prepare("UPDATE samples SET status_reason = ? WHERE id = ?").bind(1, why).bind(2, sampleId).run();
    AuditLog audit(m_db);
    audit.append(&actor, "sample", sampleId, sampleId, "invalidate", status(state.status), status(SampleStatus::Invalidated),
                 why);
    if (state.status == SampleStatus::Verified) {
        // Alerts may already be built on this result: leave a request the alerts module
        // picks up (and marks handled) to issue the update.
        const auto id = newId();
        m_db.prepare(
                "INSERT INTO alert_update_requests (id, sample_id, reason, requested_at, requested_by) VALUES (?, ?, ?, ?, ?)")
            .bind(1, id)
            .bind(2, sampleId)
            .bind(3, why)
            .bind(4, nowUtc())
            .bind(5, actor.id)
            .run();
        audit.append(&actor, "alert_update_request", id, sampleId, "insert", nullptr, {{"reason", why}}, why);
    }
    tx.commit();
}

std::vector<AlertUpdateRequest> Workflow::openAlertUpdates()
{
    std::vector<AlertUpdateRequest> out;
    auto st = m_db.prepare(
        "SELECT id, sample_id, reason, requested_at FROM alert_update_requests WHERE handled_at IS NULL ORDER BY requested_at");
    while (st.step())
        out.push_back({st.columnText(0), st.columnText(1), st.columnText(2), st.columnText(3)});
    return out;
}

} // namespace candor::core
