#include "permissions.h"
#include "errors.h"
#include "users.h"
#include "util.h"

namespace candor::core {

const std::vector<Permission> &permissionTable()
{
    // domain.md: technician (intake, tests, findings, submit), verifier (verify, return),
    // coordinator (alerts), admin (users, sites, catalogue). Invalidating a verified result
    // is a verifier's judgement, or the coordinator's who publishes what was built on it.
    static const std::vector<Permission> table = {
        {Action::AddSample, "sample-add", "taking in a sample", {kRoleTechnician}},
        {Action::AddReading, "reading-add", "recording a strip or reagent reading", {kRoleTechnician}},
        {Action::SetFindings, "finding-set", "recording findings", {kRoleTechnician}},
        {Action::Submit, "submit", "submitting a result for verification", {kRoleTechnician}},
        {Action::Verify, "verify", "verifying a result", {kRoleVerifier}},
        {Action::Return, "return", "returning a result for more testing", {kRoleVerifier}},
        {Action::Invalidate, "invalidate", "invalidating a result", {kRoleVerifier, kRoleCoordinator}},
        {Action::ManageUsers, "user-add", "adding or changing a user account", {kRoleAdmin}},
        {Action::ManageSites, "site-add", "adding a site", {kRoleAdmin}},
        {Action::LoadDemo, "demo-load", "loading or removing demo data", {kRoleAdmin}},
        {Action::Backup, "backup", "backing up or restoring the database", {kRoleAdmin}},
        {Action::ChangeSettings, "settings", "changing settings", {kRoleAdmin}},
        {Action::EditAlertRules, "alert-rules", "changing the alert rules or safer-use advice",
         {kRoleCoordinator, kRoleAdmin}},
        // The admin who imports a reference runs it too: it stores matches, never findings.
        {Action::Rescreen, "rescreen", "re-screening stored spectra", {kRoleTechnician, kRoleAdmin}},
        // Lab reports come back to whoever sent the sample; changing what matching calls
        // detected is a library decision, the admin's.
        {Action::ImportLabResults, "lab-import", "importing confirmatory lab results", {kRoleTechnician, kRoleAdmin}},
        {Action::AdoptThresholds, "lab-adopt-thresholds", "adopting detection thresholds", {kRoleAdmin}},
        {Action::ViewResults, "view", "viewing results",
         {kRoleTechnician, kRoleVerifier, kRoleCoordinator, kRoleAdmin}},
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
    for (const auto &role : permission(action).roles)
        if (user.hasRole(role))
            return true;
    return false;
}

void require(const User &user, Action action)
{
    if (can(user, action))
        return;
    const auto &p = permission(action);
    throw PermissionDenied(joinList(p.roles, " or "), p.description);
}

} // namespace candor::core
