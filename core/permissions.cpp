#include "core/permissions.h"
#include "core/errors.h"
#include "core/users.h"
#include "core/util.h"

namespace candor::core {

const std::vector<Permission> &permissionTable()
{
    // domain.md: technician (intake, tests, findings, submit), verifier (verify, return),
    // coordinator (alerts), admin (users, sites, catalogue). Invalidating a verified result
    // is a verifier's judgement, or the coordinator's who publishes what was built on it.
    static const std::vector<Permission> table = {
        {Action::AddSample, "sample-add", "taking in a sample", {Role::Technician}},
        {Action::AddReading, "reading-add", "recording a strip or reagent reading", {Role::Technician}},
        {Action::SetFindings, "finding-set", "recording findings", {Role::Technician}},
        {Action::Submit, "submit", "submitting a result for verification", {Role::Technician}},
        {Action::Verify, "verify", "verifying a result", {Role::Verifier}},
        {Action::Return, "return", "returning a result for more testing", {Role::Verifier}},
        {Action::Invalidate, "invalidate", "invalidating a result", {Role::Verifier, Role::Coordinator}},
        {Action::ManageUsers, "user-add", "adding or changing a user account", {Role::Admin}},
        {Action::ManageSites, "site-add", "adding a site", {Role::Admin}},
        {Action::LoadDemo, "demo-load", "loading or removing demo data", {Role::Admin}},
        {Action::Backup, "backup", "backing up or restoring the database", {Role::Admin}},
        {Action::ChangeSettings, "settings", "changing settings", {Role::Admin}},
        {Action::EditAlertRules, "alert-rules", "changing the alert rules or safer-use advice", {Role::Coordinator, Role::Admin}},
        // The admin who imports a reference runs it too: it stores matches, never findings.
        {Action::Rescreen, "rescreen", "re-screening stored spectra", {Role::Technician, Role::Admin}},
        // Lab reports come back to whoever sent the sample; changing what matching calls
        // detected is a library decision, the admin's.
        {Action::ImportLabResults, "lab-import", "importing confirmatory lab results", {Role::Technician, Role::Admin}},
        {Action::AdoptThresholds, "lab-adopt-thresholds", "adopting detection thresholds", {Role::Admin}},
        {Action::ViewResults, "view", "viewing results", {Role::Technician, Role::Verifier, Role::Coordinator, Role::Admin}},
    };
    return table;
}

const Permission &permission(Action action)
{
    for (const auto &p : permissionTable())
        if (p.action == action)
            return p;
    throw std::logic_error("an action missing from the permission table");
}

bool can(const User &user, Action action)
{
    for (const auto role : permission(action).roles)
        if (user.hasRole(role))
            return true;
    return false;
}

void require(const User &user, Action action)
{
    if (can(user, action))
        return;
    const auto &p = permission(action);
    throw PermissionDenied(joinList(toStrings(p.roles), " or "), p.description);
}

} // namespace candor::core
