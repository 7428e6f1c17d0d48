// What the fuzz harnesses found (tests/fuzz), each input that found a bug
// checked here on every build; the inputs themselves are in the seed corpus,
// so fuzz.replay.* replays them too.
#include <QtTest>

#include <cqrs/history/compare.h>
#include <cqrs/history/series.h>

#include <fstream>
#include <iterator>
#include <string>

using namespace cqrs;
using namespace cqrs::history;

class TestFuzzFindings : public QObject
{
    Q_OBJECT

private slots:
    void peakSeriesWithTextDecimates();
};

// fuzz_result_reader: a peak series (lag, windowP50, windowP99) whose first
// point in a group is not a number threw nlohmann's type_error out of
// decimateSeries (terminate). A point that is not a number counts as 0, as
// it always did in the means.
void TestFuzzFindings::peakSeriesWithTextDecimates()
{
    std::ifstream in(CQRS_SOURCE_DIR "/tests/fuzz/corpus/result/regress-peak-series-with-text.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const Json stored = Json::parse(text, nullptr, false);
    QVERIFY(stored.is_object());
    const Json &series = stored["series"];

    Json decimated;
    try {
        decimated = decimateSeries(series, 3);
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
    // Nine points in three groups: the peak of each, "x" as 0.
    QCOMPARE(decimated["readModels"]["r"]["lag"], Json::array({2.0, 5.0, 8.0}));
    QCOMPARE(decimateSeries(decimated, 3), decimated);

    Json mixed = Json::object();
    mixed["windowP99"] = Json::array({nullptr, true, "y", 4, 0.5, Json::object()});
    mixed["backlog"] = Json::array({"z", 2, 4, 6});
    const Json d = decimateSeries(mixed, 2);
    QCOMPARE(d["windowP99"], Json::array({0.0, 4.0}));
    QCOMPARE(d["backlog"], Json::array({1.0, 5.0}));
    QVERIFY(!seriesText(mixed, 2).empty());
}

QTEST_GUILESS_MAIN(TestFuzzFindings)
#include "tst_fuzzfindings.moc"
