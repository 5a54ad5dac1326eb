#pragma once
// Test- and bench-only: a tiny reader for the demo library's own JCAMP-DX files (AFFN
// (X++(Y..Y)) with XFACTOR/YFACTOR, one block), and a loader for the whole folder. It is
// not the product's JCAMP reader (importers/ owns that) and reads nothing else.

#include "importers/spectrum.h"
#include "matching/referencelibrary.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace candor::matching::test {

inline importers::Spectrum readDemoJcamp(const std::filesystem::path &file)
{
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("cannot open " + file.string());
    importers::Spectrum s;
    double xFactor = 1, yFactor = 1, deltaX = 0;
    bool inData = false;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("##", 0) == 0) {
            inData = false;
            const auto eq = line.find('=');
            const std::string label = line.substr(2, eq - 2);
            const std::string value = eq == std::string::npos ? "" : line.substr(eq + 1);
            if (label == "END")
                break;
            if (label == "XYDATA") {
                inData = true;
                continue;
            }
            s.metadata.emplace_back(label, value);
            if (label == "TITLE")
                s.title = value;
            else if (label == "DATA TYPE")
                s.technique = value.find("INFRARED") != std::string::npos ? "infrared" : "unknown";
            else if (label == "XUNITS")
                s.xUnits = value == "1/CM" ? "1/cm" : "arbitrary";
            else if (label == "YUNITS")
                s.yUnits = value == "ABSORBANCE" ? "absorbance" : value == "TRANSMITTANCE" ? "transmittance" : "arbitrary";
            else if (label == "XFACTOR")
                xFactor = std::stod(value);
            else if (label == "YFACTOR")
                yFactor = std::stod(value);
            else if (label == "DELTAX")
                deltaX = std::stod(value);
            continue;
        }
        if (!inData)
            continue;
        std::istringstream fields(line);
        double x = 0, y = 0;
        fields >> x;
        x *= xFactor;
        for (int k = 0; fields >> y; ++k) {
            s.x.push_back(x + k * deltaX);
            s.y.push_back(y * yFactor);
        }
    }
    return s;
}

// Every *.jdx in `dir`, sorted by file name, as a ReferenceLibrary.
inline ReferenceLibrary loadDemoLibrary(const std::filesystem::path &dir)
{
    std::vector<std::filesystem::path> files;
    for (const auto &e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".jdx")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<LibraryEntryInput> entries;
    for (const auto &f : files) {
        LibraryEntryInput e;
        e.spectrum = readDemoJcamp(f);
        e.substance = substanceFromMetadata(e.spectrum);
        e.id = f.filename().string();
        e.source = "Candor demo library (synthetic)";
        e.licence = "public domain";
        e.resolution = 4;
        entries.push_back(std::move(e));
    }
    return ReferenceLibrary::fromSpectra("Candor demo library", "1", entries);
}

} // namespace candor::matching::test
