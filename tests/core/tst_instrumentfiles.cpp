// InstrumentFileStore: files kept byte for byte with their SHA-256, spectra stored and
// read back exactly, duplicates detected, and nothing stored when anything fails.

#include "core/errors.h"
#include "core/instrumentfiles.h"
#include "core/readings.h"
#include "fixture.h"

#include <cstring>

#include <cmath>
#include <limits>

using namespace candor::core;

namespace {
std::vector<std::byte> bytes(std::string_view text)
{
    const auto s = std::as_bytes(std::span(text.data(), text.size()));
    return {s.begin(), s.end()};
}

SpectrumData ir()
{
    SpectrumData s;
    s.title = "Caffeine";
    s.technique = "infrared";
    s.xUnits = "1/cm";
    s.yUnits = "absorbance";
    s.x = {4000, 3998.0714285714284, 3996.142857142857};
    s.y = {0.1, -0.0, 1e-300};
    s.metadataJson = R"({"ORIGIN":"test"})";
    return s;
}

std::int64_t count(Database &db, const char *table)
{
    auto st = db.prepare(std::string("SELECT count(*) FROM ") + table);
    st.step();
    return st.columnInt(0);
}
} // namespace

class InstrumentFiles : public candor::testing::CoreFixture {
protected:
    Sample sample() { return SampleStore(*db, *catalogue).add(powder(), tech); }
};

TEST(InstrumentFileHash, Sha256IsTheStandardDigestInLowerCaseHex)
{
    EXPECT_EQ(sha256Hex(bytes("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(InstrumentFileHash, PointsPackAndUnpackExactly)
{
    const std::vector<double> v = {0.1, -0.0, std::numeric_limits<double>::denorm_min(), 1e308, -3.25};
    const auto packed = packDoubles(v);
    ASSERT_EQ(packed.size(), v.size() * 8);
    EXPECT_EQ(packed[8 * 4 + 7], std::byte{0xc0}); // little-endian: the sign byte of -3.25 last
    const auto back = unpackDoubles(packed);
    ASSERT_EQ(back.size(), v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        EXPECT_EQ(std::memcmp(&back[i], &v[i], sizeof(double)), 0) << i;
    EXPECT_THROW(unpackDoubles(std::span(packed).first(7)), StorageError);
}

TEST_F(InstrumentFiles, StoresTheBytesAndTheSpectraAndStartsTesting)
{
    const auto s = sample();
    const auto content = bytes("##TITLE= Caffeine\n...");
    InstrumentFileStore store(*db);
    const auto f = store.add(s.id, {"/some/folder/caffeine.jdx", "jcamp-dx", content, {ir()}}, tech);
    EXPECT_EQ(f.fileName, "caffeine.jdx");
    EXPECT_EQ(f.sha256, sha256Hex(content));
    EXPECT_EQ(f.sizeBytes, std::int64_t(content.size()));
    EXPECT_EQ(f.samplePublicCode, s.publicCode);
    EXPECT_EQ(store.content(f.id), content);
    const auto list = store.spectra(s.id);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].npoints, 3);
    EXPECT_EQ(list[0].file.importedByName, "tess");
    const auto back = store.spectrum(list[0].id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->x, ir().x);
    EXPECT_EQ(back->y, ir().y);
    EXPECT_EQ(back->metadataJson, ir().metadataJson);
    EXPECT_EQ(back->xUnits, "1/cm");
    EXPECT_EQ(toString(SampleStore(*db, *catalogue).find(s.id)->status), "in-testing");
    EXPECT_EQ(store.findBySha256(f.sha256)->id, f.id);
}

TEST_F(InstrumentFiles, TheSameBytesTwiceAreRefusedSayingForWhichSampleAndWhen)
{
    const auto a = sample();
    const auto b = sample();
    InstrumentFileStore store(*db);
    const auto content = bytes("same bytes");
    store.add(a.id, {"a.jdx", "jcamp-dx", content, {ir()}}, tech);
    try {
        store.add(a.id, {"renamed.jdx", "jcamp-dx", content, {ir()}}, tech);
        FAIL() << "expected AlreadyImported";
    } catch (const AlreadyImported &e) {
        EXPECT_TRUE(e.sameSample());
        EXPECT_NE(std::string(e.what()).find("already imported for sample " + a.publicCode + " on 20"), std::string::npos)
            << e.what();
    }
    try {
        store.add(b.id, {"a.jdx", "jcamp-dx", content, {ir()}}, tech);
        FAIL() << "expected AlreadyImported";
    } catch (const AlreadyImported &e) {
        EXPECT_FALSE(e.sameSample());
        EXPECT_NE(std::string(e.what()).find("cannot belong to two samples"), std::string::npos) << e.what();
    }
    EXPECT_EQ(count(*db, "instrument_files"), 1);
    EXPECT_EQ(toString(SampleStore(*db, *catalogue).find(b.id)->status), "received");
}

TEST_F(InstrumentFiles, AFailureStoresNothing)
{
    const auto s = sample();
    InstrumentFileStore store(*db);
    auto bad = ir();
    bad.y.pop_back();
    EXPECT_THROW(store.add(s.id, {"a.jdx", "jcamp-dx", bytes("x"), {ir(), bad}}, tech), ValidationError);
    EXPECT_THROW(store.add(s.id, {"a.jdx", "jcamp-dx", bytes("x"), {}}, tech), ValidationError);
    EXPECT_THROW(store.add(s.id, {"a.jdx", "jcamp-dx", {}, {ir()}}, tech), ValidationError);
    EXPECT_THROW(store.add("no-such-sample", {"a.jdx", "jcamp-dx", bytes("x"), {ir()}}, tech), NotFound);
    EXPECT_EQ(count(*db, "instrument_files"), 0);
    EXPECT_EQ(count(*db, "instrument_spectra"), 0);
    EXPECT_EQ(toString(SampleStore(*db, *catalogue).find(s.id)->status), "received");
}

TEST_F(InstrumentFiles, OnlyASampleReceivedOrInTestingTakesFiles)
{
    const auto s = sample();
    // Straight in the database: reaching this state through the workflow needs findings
    // and a submit, which is not what this test is about.
    db->prepare("UPDATE samples SET status = 'to-be-verified' WHERE id = ?").bind(1, s.id).run();
    try {
        InstrumentFileStore(*db).add(s.id, {"a.jdx", "jcamp-dx", bytes("x"), {ir()}}, tech);
        FAIL() << "expected ValidationError";
    } catch (const ValidationError &e) {
        EXPECT_EQ(e.field(), "status");
        EXPECT_NE(std::string(e.what()).find("is to-be-verified"), std::string::npos) << e.what();
    }
    EXPECT_EQ(count(*db, "instrument_files"), 0);
}

TEST_F(InstrumentFiles, TheImportAppearsInTheSampleHistory)
{
    const auto s = sample();
    InstrumentFileStore(*db).add(s.id, {"caffeine.jdx", "jcamp-dx", bytes("x"), {ir()}}, tech);
    const auto events = ReadingStore(*db, *catalogue).history(s.id);
    // Taken in, the import, and testing started (the first reading moves the sample on).
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[1].what, "Instrument file caffeine.jdx imported (jcamp-dx, 1 spectrum)");
    EXPECT_EQ(events[1].who, "tess");
}

TEST_F(InstrumentFiles, TheReadersWarningsAreKeptWithTheFileAndNamedInTheSampleHistory)
{
    const auto s = sample();
    InstrumentFileStore store(*db);
    const std::vector<std::string> warnings = {"line 14: the data hold 12 Y values but ##NPOINTS=14; all 12 are kept"};
    const auto f = store.add(s.id, {"short.jdx", "jcamp-dx", bytes("x"), {ir()}, warnings}, tech);
    EXPECT_EQ(f.warnings, warnings);
    EXPECT_EQ(store.find(f.id)->warnings, warnings);
    EXPECT_EQ(store.files(s.id).at(0).warnings, warnings);
    const auto events = ReadingStore(*db, *catalogue).history(s.id);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[1].what, "Instrument file short.jdx imported (jcamp-dx, 1 spectrum); 1 warning: line 14: the data "
                              "hold 12 Y values but ##NPOINTS=14; all 12 are kept");
}

TEST_F(InstrumentFiles, TheHistoryNamesTheFirstThreeWarningsAndCountsTheRest)
{
    const auto s = sample();
    std::vector<std::string> warnings;
    for (int k = 1; k <= 5; ++k)
        warnings.push_back("spectrum " + std::to_string(k) + ": line " + std::to_string(10 * k) + ": empty scan");
    InstrumentFileStore(*db).add(s.id, {"run.jdx", "jcamp-dx", bytes("y"), {ir()}, warnings}, tech);
    const auto events = ReadingStore(*db, *catalogue).history(s.id);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[1].what, "Instrument file run.jdx imported (jcamp-dx, 1 spectrum); 5 warnings: spectrum 1: line 10: "
                              "empty scan; spectrum 2: line 20: empty scan; spectrum 3: line 30: empty scan; and 2 more");
    EXPECT_EQ(InstrumentFileStore(*db).files(s.id).at(0).warnings.size(), 5u);
}
