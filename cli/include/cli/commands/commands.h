#pragma once
// One registration function per group of commands. A later issue adds its group (import,
// match, library, alerts, export, submit/verify, ...) as a new file here and one line in
// commandtable.cpp's commandTable().

namespace candor::cli {

class CommandTable;

void addDbCommands(CommandTable &table);
void addUserCommands(CommandTable &table);
void addSiteCommands(CommandTable &table);
void addSampleCommands(CommandTable &table);
void addReadingCommands(CommandTable &table); // strip add, reagent add
void addDemoCommands(CommandTable &table);
void addImportCommands(CommandTable &table);   // spectrum show, import
void addTrustCommands(CommandTable &table);    // finding set, submit, verify, return, invalidate
void addAlertCommands(CommandTable &table);    // alerts draft/publish/retract, export site, results import-csv
void addMatchCommands(CommandTable &table);    // library import, library list, match
void addRescreenCommands(CommandTable &table); // library rescreen
void addLabCommands(CommandTable &table);      // lab import, lab report, lab adopt-thresholds
void addServiceCommands(CommandTable &table);  // service set, service show
void addGcmsCommands(CommandTable &table);     // gcms show, gcms library import/add

} // namespace candor::cli
