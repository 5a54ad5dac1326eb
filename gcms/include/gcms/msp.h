#pragma once
// Reads NIST MSP library files (NIST, SWGDRUG, Cayman and MassBank exports): records
// of "Field: value" lines (Name, Formula, MW, CAS#, RI, Synon...), then "Num Peaks: n"
// and n "m/z intensity" pairs, one or several to a line (separated by spaces, tabs, ';'
// or ','; a quoted annotation after a pair is skipped); records end at a blank line or
// the next Name. A malformed record is left out and named by its line, the rest are
// imported: one bad entry must not cost an admin a 300,000-spectrum library.

#include "importers/importerror.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor::gcms {

struct MspEntry {
    std::string name;
    std::string cas;     // as written ("50-36-2"), empty when absent
    std::string formula; // empty when absent
    std::optional<double> retentionIndex;
    std::vector<double> mz;
    std::vector<double> intensity;
    std::uint64_t line = 0; // the line of its Name
};

struct MspProblem {
    std::uint64_t line = 0;
    std::string message; // "line 12: Num Peaks says 5 but 4 pairs follow", ...
};

struct MspFile {
    std::vector<MspEntry> entries;
    std::vector<MspProblem> problems; // the records left out, in file order
};

// Throws importers::ImportError(Malformed) naming the file when not one record could be
// read (so that a wrong file is refused, not imported as an empty library); the first
// problem is then the message.
MspFile readMsp(std::string_view text, const std::string &fileName);

} // namespace candor::gcms
