#include "importers/units.h"

#include "importers/textutil.h"

#include <array>
#include <utility>

namespace candor::importers {

namespace {
// Compares after upper-casing and dropping blanks, dots and parentheses, so that
// "cm-1", "CM -1", "1/cm" and "Wavenumber (cm-1)" are recognized alike.
std::string squash(std::string_view raw)
{
    std::string out;
    for (char c : text::trim(raw)) {
        if (c == ' ' || c == '\t' || c == '.' || c == '(' || c == ')' || c == '_')
            continue;
        out.push_back(c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c);
    }
    return out;
}

bool contains(const std::string &s, std::string_view what)
{
    return s.find(what) != std::string::npos;
}
} // namespace

std::string normalizeXUnits(std::string_view raw)
{
    const std::string s = squash(raw);
    static const std::array<std::pair<std::string_view, std::string_view>, 30> exact{{
        {"1/CM", "1/cm"},
        {"CM-1", "1/cm"},
        {"CM^-1", "1/cm"},
        {"CM**-1", "1/cm"},
        {"WAVENUMBER", "1/cm"},
        {"WAVENUMBERS", "1/cm"},
        {"WN", "1/cm"},
        {"MICROMETERS", "micrometers"},
        {"MICROMETER", "micrometers"},
        {"MICRONS", "micrometers"},
        {"UM", "micrometers"},
        {"MI", "micrometers"},
        {"NANOMETERS", "nanometers"},
        {"NANOMETER", "nanometers"},
        {"NM", "nanometers"},
        {"M/Z", "m/z"},
        {"DALTONS", "m/z"},
        {"DALTON", "m/z"},
        {"AMU", "m/z"},
        {"MZ", "m/z"},
        {"SECONDS", "seconds"},
        {"SECOND", "seconds"},
        {"SEC", "seconds"},
        {"S", "seconds"},
        {"MINUTES", "minutes"},
        {"MINUTE", "minutes"},
        {"MIN", "minutes"},
        {"PPM", "ppm"},
        {"HZ", "hz"},
        {"HERTZ", "hz"},
    }};
    for (const auto &[k, v] : exact)
        if (s == k)
            return std::string(v);
    // Longer descriptive spellings ("Wavenumber (cm-1)", "Raman Shift (cm-1)").
    if (contains(s, "CM-1") || contains(s, "1/CM") || contains(s, "WAVENUMBER") || contains(s, "RAMANSHIFT"))
        return "1/cm";
    if (contains(s, "MICROMETER") || s == "µM" || s == "\xC2\xB5M")
        return "micrometers";
    if (contains(s, "NANOMETER"))
        return "nanometers";
    if (contains(s, "M/Z") || contains(s, "MASS"))
        return "m/z";
    if (contains(s, "PPM"))
        return "ppm";
    if (contains(s, "MINUTE"))
        return "minutes";
    if (contains(s, "SECOND"))
        return "seconds";
    return "arbitrary";
}

std::string normalizeYUnits(std::string_view raw)
{
    const std::string s = squash(raw);
    if (s.empty())
        return "arbitrary";
    if (s == "%T" || contains(s, "PERCENTTRANSMI") || contains(s, "%TRANSMI") || s == "TRANSMITTANCE%")
        return "percent-transmittance";
    if (contains(s, "TRANSMI") || s == "T")
        return "transmittance";
    if (contains(s, "ABSORBANCE") || s == "A" || s == "AU" || s == "ABS")
        return "absorbance";
    if (contains(s, "REFLECTANCE") || s == "%R" || s == "R")
        return "reflectance";
    if (contains(s, "COUNT"))
        return "counts";
    if (contains(s, "INTENSITY") || contains(s, "ABUNDANCE"))
        return "intensity";
    return "arbitrary";
}

std::string techniqueFromDataType(std::string_view dataType)
{
    const std::string s = squash(dataType);
    if (contains(s, "RAMAN"))
        return "raman";
    if (contains(s, "INFRARED") || contains(s, "IRSPECTRUM") || s == "IR" || contains(s, "FTIR") || contains(s, "FT-IR") ||
        contains(s, "NEARIR") || contains(s, "NIR"))
        return "infrared";
    if (contains(s, "UV") || contains(s, "VISIBLE") || contains(s, "ULTRAVIOLET"))
        return "uv-vis";
    if (contains(s, "NMR"))
        return "nmr";
    if (contains(s, "MASS") || s == "MS" || contains(s, "GCMS") || contains(s, "GC/MS"))
        return "mass";
    if (contains(s, "CHROMATOGRAM") || contains(s, "CHROMATOGRAPHY") || s == "GC" || s == "HPLC")
        return "chromatogram";
    return "unknown";
}

} // namespace candor::importers
