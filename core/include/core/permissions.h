#pragma once
// Who may do what: the one table of Candor's permissions. Every store checks it before it
// writes, so the CLI, the app and any later front end get the same answer; front ends
// only ask can() to hide what a user may not do.

#include "core/vocabulary.h"

#include <string>
#include <vector>

namespace candor::core {

struct User;

enum class Action {
    AddSample,        // intake
    AddReading,       // strip and reagent readings
    SetFindings,      // the technician's conclusion
    Submit,           // in testing -> to be verified
    Verify,           // to be verified -> verified (never one's own submission)
    Return,           // to be verified -> in testing, with a reason
    Invalidate,       // any result -> invalidated, with a reason
    ManageUsers,      // add accounts, set roles, deactivate, re-activate, reset passwords
    ManageSites,      // add sites
    LoadDemo,         // the demo data set
    Backup,           // backups, restore and their settings
    ChangeSettings,   // session timeout and other service settings
    ViewResults,      // read samples, results and the audit log
    EditAlertRules,   // the alert rules and safer-use advice in force (settings "alerts.*")
    Rescreen,         // match stored spectra again after the library changed
    ImportLabResults, // confirmatory lab results against samples
    AdoptThresholds,  // detection thresholds chosen from the lab results
};

struct Permission {
    Action action;
    const char *name;        // "verify": stable words for tests and logs
    const char *description; // "verifying a result": used in PermissionDenied
    std::vector<Role> roles; // any one of them allows the action
};

const std::vector<Permission> &permissionTable();
const Permission &permission(Action action);

bool can(const User &user, Action action);
// Throws PermissionDenied naming the role(s) the action needs.
void require(const User &user, Action action);

} // namespace candor::core
