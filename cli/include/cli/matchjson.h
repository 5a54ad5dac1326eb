#pragma once
// The JSON of a match as candor-cli prints it (docs/cli.md): `match --json` for a fresh
// one, and the "matches" records of `import` and `sample show` for stored ones. A view of
// core::StoredMatch written here only; keys in a fixed order, names other people's
// scripts read: add fields, never rename or drop one.

#include "core/matchresults.h"

#include <nlohmann/json.hpp>

#include <string>

namespace candor::cli {

// {["file"], "library": {name, version, spectra, demo, [notice]}, "hits", "mixture",
// "verdict", "reason", "main_substance_unknown", "warnings", ["error"]}. `file` is left
// out when empty; "error" when the spectrum was matched.
nlohmann::ordered_json matchJson(const core::StoredMatch &match, const std::string &file = {});

// A stored match: {"spectrum_id", "file", "spectrum", "library", "hits", "mixture",
// "verdict", "reason", "main_substance_unknown", "warnings", ["error"], "matched_at"}.
nlohmann::ordered_json storedMatchJson(const core::StoredMatch &match);

} // namespace candor::cli
