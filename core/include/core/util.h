#pragma once
// Small shared helpers for the core library: UTC timestamps, random ids and codes,
// text normalization. Kept here so that every store stamps and names records alike.

#include <chrono>
#include <cstddef>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor::core {

// "2026-11-22T01:50:00Z": the only time format Candor stores.
std::string formatUtc(std::chrono::system_clock::time_point t);
std::string nowUtc();
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" with optional "Z" (always UTC).
std::optional<std::chrono::system_clock::time_point> parseUtc(std::string_view text);

// A random (version 4) UUID: ids stay unique when sites later share one server.
std::string newId();

// A short code a person can read aloud and type back: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G, U.
inline constexpr std::string_view kPublicCodeAlphabet = "ACDEFHJKMNPQRTVWXY3479";
std::string newPublicCode(); // "K7Q-M3X"
// Upper-cases and inserts the dash, so "k7qm3x" finds "K7Q-M3X"; nullopt when it cannot be a code.
std::optional<std::string> normalizePublicCode(std::string_view text);

// Lower case, trimmed, inner runs of white space folded to one space.
std::string normalizeTerm(std::string_view text);
std::string trim(std::string_view text);
std::vector<std::string> splitList(std::string_view text, char separator = ',');
std::string joinList(const std::vector<std::string> &items, std::string_view separator = ",");

// Points as stored in BLOBs: little-endian IEEE 754 doubles, whatever the machine.
// unpackDoubles throws StorageError when the size is not a whole number of doubles.
std::vector<std::byte> packDoubles(std::span<const double> values);
std::vector<double> unpackDoubles(std::span<const std::byte> bytes);

} // namespace candor::core
