#pragma once
// Reads Bruker OPUS binaries (the Alpha FTIR most drug-checking services use): walks the
// block directory, decodes absorbance (AB), transmittance (TR), reflectance and the
// single-channel sample/reference (ScSm/ScRf) data blocks with their data-status
// parameters (FXV, LXV, NPT, DXU, CSF), and keeps instrument, acquisition, optics and
// sample parameters as metadata. Absorbance comes first; metadata "block" names each.

#include "importers/reader.h"

namespace candor::importers {

class OpusReader : public Reader {
public:
    std::string_view format() const override { return "opus"; }
    // OPUS numbers its files .0, .1, .2 ...; the extension rarely says "opus".
    std::vector<std::string> extensions() const override;
    bool sniff(std::span<const std::byte> head) const override;
    // Throws ImportError(Malformed) with the byte offset when the magic number is wrong,
    // the directory or a used block lies outside the file, a data block has no
    // data-status parameters or holds fewer values than NPT, or a value is not finite.
    std::vector<Spectrum> read(std::span<const std::byte> bytes, const std::string &fileName) const override;
};

} // namespace candor::importers
