#pragma once
// The community site of this service, as both front ends write it: every publication,
// trends from this service's verified samples (or, kept apart, from results another
// service published), the anonymizer's checks with the names of every account added to
// the forbidden terms, posters as PDF, the folder written whole or not at all.

#include "alerts/publishers.h"

#include <filesystem>
#include <set>
#include <string>

namespace candor::core {
class Catalogue;
class Database;
struct User;
} // namespace candor::core

namespace candor::alerts {

class AlertCheck;

// Staff names and ids: words no published byte may contain.
std::set<std::string> staffTerms(core::Database &db);
// The check the export runs on every alert, over this service's verified samples: what
// publishing, withdrawing, drafting and the editor's preview run too.
AlertCheck serviceAlertCheck(core::Database &db, core::Catalogue &catalogue);

enum class TrendSource { ThisService, External };

// Needs a QGuiApplication (the poster uses QtGui's painter and fonts; offscreen is
// enough). Throws PublicationRefused when a check fails, ExportError when the folder
// cannot be written; nothing is half-written either way.
ExportResult exportServiceSite(core::Database &db, core::Catalogue &catalogue, const std::filesystem::path &out,
                               TrendSource trends = TrendSource::ThisService);

} // namespace candor::alerts
