// The typed result (cqrs/sim/result.h): toJson() gives the result file byte
// for byte, resultFromJson() reads every result back to the same bytes, and
// a malformed stored result is refused with the JSON path of the problem.

#include "testmodels.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <cmath>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/seriesmerge.h>
#include <cqrs/sim/result.h>
#include <cqrs/sim/simulation.h>
#include <cstring>
#include <functional>
#include <limits>
#include <string>

using namespace cqrs;

namespace {

const QString kGoldenDir = QStringLiteral(CQRS_SOURCE_DIR "/tests/simulator/golden");

Json readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    const QByteArray text = f.readAll();
    const JsonParseResult parsed
        = parseJsonText(std::string_view(text.constData(), std::size_t(text.size())));
    if (!parsed.json)
        qFatal("%s does not parse", qPrintable(path));
    return *parsed.json;
}

/// toJson(resultFromJson(j)) as the text a writer would write, or the error.
std::string roundTrip(const Json &j)
{
    std::string error;
    const std::optional<sim::Result> typed = sim::resultFromJson(j, &error);
    if (!typed)
        return "error: " + error;
    return sim::formatResult(sim::toJson(*typed));
}

/// A result to break: a short run of the user-profile example with a rebuild,
/// a staleness budget and series (simulated once, copied for each use).
Json sampleResult()
{
    static const Json result = [] {
        Model model = testing::example("user-profile.cqrs.json", 120);
        ReadModel *view = model.readModel("user-view");
        if (!view)
            qFatal("user-view is missing from the example");
        view->rebuilds.push_back({30.0});
        sim::SimulationOptions options;
        options.series = true;
        return sim::simulate(model, options);
    }();
    return result;
}

/// The series as the result's JSON holds them, dumped compactly.
std::string seriesDump(const sim::ResultSeries &series)
{
    sim::Result result;
    result.series = series;
    return sim::toJson(result)["series"].dump();
}

} // namespace

class TstSimResult : public QObject
{
    Q_OBJECT

private slots:
    void goldenResultsRoundTrip_data();
    void goldenResultsRoundTrip();
    void examplesTypedAndJsonAgree_data();
    void examplesTypedAndJsonAgree();
    void storedResultsOfTheFuzzCorpusRoundTrip();
    void stoppedRunRoundTrips();
    void seriesPointThatIsNotANumberRoundTrips();
    void olderResultWithoutDuplicateIssues();
    void unknownFieldsAreIgnored();
    void malformedResultNamesThePath_data();
    void malformedResultNamesThePath();
    void seriesTextIsTheDump();
    void seriesTextOfAwkwardNumbersAndIds();
    void seriesWithoutSinkAreTheSinksSeries();
    void seriesCutAsTheyComeAreTheWholeSeriesCut_data();
    void seriesCutAsTheyComeAreTheWholeSeriesCut();
    void watchedRunStoppedEarlyKeepsWhatItRanAtFullCut();
};

void TstSimResult::goldenResultsRoundTrip_data()
{
    QTest::addColumn<QString>("dir");
    const QStringList names
        = QDir(kGoldenDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY(names.size() >= 9);
    for (const QString &name : names)
        QTest::newRow(qPrintable(name)) << kGoldenDir + QLatin1Char('/') + name;
}

void TstSimResult::goldenResultsRoundTrip()
{
    QFETCH(QString, dir);
    Json expected = readJson(dir + QStringLiteral("/expected.json"));
    // The golden files leave out the wall-clock figure; a result file has it,
    // last in `engine`.
    QVERIFY(expected["engine"].is_object() && !expected["engine"].contains("wallSeconds"));
    expected["engine"]["wallSeconds"] = 0.125;
    QVERIFY(expected.contains("series"));
    QCOMPARE(roundTrip(expected), sim::formatResult(expected));
}

void TstSimResult::examplesTypedAndJsonAgree_data()
{
    QTest::addColumn<QString>("file");
    for (const char *file : {"user-profile.cqrs.json", "amazon-orders.cqrs.json",
                             "netflix-viewing.cqrs.json", "uber-trips.cqrs.json"})
        QTest::newRow(file) << QString::fromLatin1(file);
}

void TstSimResult::examplesTypedAndJsonAgree()
{
    QFETCH(QString, file);
    const Model model = testing::example(file.toStdString(), 60);
    sim::SimulationOptions options;
    options.series = true;
    options.seriesMaxPoints = 7; // series cut down in the engine keep their cut
    sim::Simulation simulation(model, options);
    simulation.runToEnd();
    const sim::Result typed = simulation.typedResult();
    const Json json = simulation.result();
    // The same run, except the wall clock, which moves between the two calls.
    Json fromTyped = sim::toJson(typed);
    fromTyped["engine"]["wallSeconds"] = json["engine"]["wallSeconds"];
    QCOMPARE(sim::formatResult(fromTyped), sim::formatResult(json));
    QVERIFY(typed.series && typed.series->t.size() == 7);

    // Typed fields are the JSON's figures, in the model's order.
    QCOMPARE(typed.readModels.size(), model.readModels.size());
    for (std::size_t i = 0; i < model.readModels.size(); ++i) {
        QCOMPARE(typed.readModels[i].id, model.readModels[i].id);
        const Json &rm = json["readModels"][model.readModels[i].id];
        QCOMPARE(typed.readModels[i].applied, rm["applied"].get<std::uint64_t>());
        QCOMPARE(typed.readModels[i].consistencyWindow.p99,
                 rm["consistencyWindow"]["p99"].get<double>());
        QCOMPARE(typed.readModels[i].staleBudget.has_value(), rm.contains("staleBudget"));
    }
    QCOMPARE(typed.queries.size(), model.queries.size());
    QCOMPARE(typed.commandsTotal.accepted,
             json["commands"]["total"]["accepted"].get<std::uint64_t>());
    QCOMPARE(typed.writeSideUtilization, json["writeSide"]["utilization"].get<double>());
    QVERIFY(typed.readModel(model.readModels.front().id) == &typed.readModels.front());
    QVERIFY(typed.readModel("no-such-read-model") == nullptr);

    // Written as text and read back (the history's way): the same bytes.
    const std::string text = sim::formatResult(json);
    const JsonParseResult reread = parseJsonText(text);
    QVERIFY(reread.json);
    QCOMPARE(roundTrip(*reread.json), text);
}

void TstSimResult::storedResultsOfTheFuzzCorpusRoundTrip()
{
    // The stored results the result-reader fuzzer starts from (whole results
    // only; the corpus also holds bare series).
    const QDir corpus(QStringLiteral(CQRS_SOURCE_DIR "/tests/fuzz/corpus/result"));
    int read = 0;
    for (const QString &name :
         corpus.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const Json json = readJson(corpus.filePath(name));
        if (!json.contains("format"))
            continue;
        QCOMPARE(roundTrip(json), sim::formatResult(json));
        ++read;
    }
    QVERIFY(read >= 3);
}

void TstSimResult::stoppedRunRoundTrips()
{
    // Stopped mid-rebuild: the running rebuild is reported as not completed.
    Model model = testing::example("user-profile.cqrs.json", 600);
    ReadModel *view = model.readModel("user-view");
    QVERIFY(view);
    view->rebuilds.push_back({20.0});
    sim::Simulation simulation(model);
    simulation.advanceTo(20.5);
    const sim::Result typed = simulation.typedResult();
    const sim::ReadModelFigures *rm = typed.readModel("user-view");
    QVERIFY(rm);
    QCOMPARE(rm->rebuilds.size(), std::size_t(1));
    QVERIFY(!rm->rebuilds.front().completed);
    QVERIFY(!typed.series);
    const Json json = sim::toJson(typed);
    QVERIFY(!json.contains("series"));
    QCOMPARE(roundTrip(json), sim::formatResult(json));
}

void TstSimResult::seriesPointThatIsNotANumberRoundTrips()
{
    // The writer writes a NaN point as null; the reader takes null back as
    // NaN instead of refusing the whole result.
    const Json json = sampleResult();
    std::optional<sim::Result> typed = sim::resultFromJson(json);
    QVERIFY(typed && typed->series && !typed->series->readModels.empty());
    std::vector<double> &lag = typed->series->readModels.front().lag;
    QVERIFY(lag.size() > 3);
    lag[3] = std::numeric_limits<double>::quiet_NaN();
    const std::string text = sim::formatResult(sim::toJson(*typed));
    const JsonParseResult reread = parseJsonText(text);
    QVERIFY(reread.json);
    std::string error;
    const std::optional<sim::Result> back = sim::resultFromJson(*reread.json, &error);
    QVERIFY2(back, error.c_str());
    QVERIFY(back->series);
    QVERIFY(std::isnan(back->series->readModels.front().lag[3]));
    QCOMPARE(back->series->readModels.front().lag[2], lag[2]);
    QCOMPARE(sim::formatResult(sim::toJson(*back)), text);
}

void TstSimResult::olderResultWithoutDuplicateIssues()
{
    // Runs stored before policies counted duplicate issues still read, and
    // are written back without the field.
    Json json = readJson(kGoldenDir + QStringLiteral("/duplicates-policy/expected.json"));
    json["engine"]["wallSeconds"] = 0.5;
    QVERIFY(!json["policies"].empty());
    for (auto &[id, policy] : json["policies"].items()) {
        (void)id;
        policy.erase("duplicateIssues");
    }
    std::string error;
    const std::optional<sim::Result> typed = sim::resultFromJson(json, &error);
    QVERIFY2(typed, error.c_str());
    QVERIFY(!typed->policies.front().duplicateIssues);
    QCOMPARE(roundTrip(json), sim::formatResult(json));
}

void TstSimResult::unknownFieldsAreIgnored()
{
    // A later version may add fields; this one reads what it knows.
    Json json = sampleResult();
    const std::string known = sim::formatResult(json);
    json["futureField"] = 1;
    json["readModels"]["user-view"]["futureFigure"] = {1, 2};
    QCOMPARE(roundTrip(json), known);
}

void TstSimResult::malformedResultNamesThePath_data()
{
    QTest::addColumn<int>("mutation");
    QTest::addColumn<QString>("message");
    // Each mutation and the start of the message it must give.
    QTest::newRow("not an object") << 0 << "the result: expected an object, found [1,2]";
    QTest::newRow("other format")
        << 1 << "format: expected \"cqrs-studio/result\", found \"cqrs-studio/model\"";
    QTest::newRow("newer schema") << 2 << "schemaVersion: 2 is newer than this version reads (1)";
    QTest::newRow("missing figure") << 3 << "readModels.user-view.applied: missing";
    QTest::newRow("text for a number")
        << 4 << "readModels.user-view.consistencyWindow.p99: expected a number, found \"fast\"";
    QTest::newRow("negative count")
        << 5 << "commands.byType.update-email.issued: expected a non-negative integer, found -3";
    QTest::newRow("fractional count")
        << 6 << "queries.get-user.timeouts: expected a non-negative integer, found 1.5";
    QTest::newRow("rebuild entry")
        << 7 << "readModels.user-view.rebuilds[0].completed: expected true or false, found 1";
    QTest::newRow("series value")
        << 8 << "series.readModels.user-view.lag[3]: expected a number, found \"slow\"";
    QTest::newRow("section not an object") << 9 << "queries: expected an object, found []";
    QTest::newRow("budget") << 10 << "readModels.user-view.staleBudget.met: missing";
    QTest::newRow("seed") << 11 << "seed: expected an integer, found 4.5";
}

void TstSimResult::malformedResultNamesThePath()
{
    QFETCH(int, mutation);
    QFETCH(QString, message);
    Json json = sampleResult();
    QVERIFY(json["readModels"]["user-view"].contains("staleBudget"));
    QVERIFY(json["commands"]["byType"].contains("update-email"));
    QVERIFY(json["queries"].contains("get-user"));
    QVERIFY(!json["readModels"]["user-view"]["rebuilds"].empty());
    const std::vector<std::function<void(Json &)>> mutations{
        [](Json &j) {
            j = Json::array({1, 2});
        },
        [](Json &j) { j["format"] = "cqrs-studio/model"; },
        [](Json &j) { j["schemaVersion"] = 2; },
        [](Json &j) { j["readModels"]["user-view"].erase("applied"); },
        [](Json &j) { j["readModels"]["user-view"]["consistencyWindow"]["p99"] = "fast"; },
        [](Json &j) { j["commands"]["byType"]["update-email"]["issued"] = -3; },
        [](Json &j) { j["queries"]["get-user"]["timeouts"] = 1.5; },
        [](Json &j) { j["readModels"]["user-view"]["rebuilds"][0]["completed"] = 1; },
        [](Json &j) { j["series"]["readModels"]["user-view"]["lag"][3] = "slow"; },
        [](Json &j) { j["queries"] = Json::array(); },
        [](Json &j) { j["readModels"]["user-view"]["staleBudget"].erase("met"); },
        [](Json &j) { j["seed"] = 4.5; },
    };
    QVERIFY(mutation >= 0 && std::size_t(mutation) < mutations.size());
    mutations[std::size_t(mutation)](json);
    std::string error = "unchanged";
    QVERIFY(!sim::resultFromJson(json, &error));
    QCOMPARE(QString::fromStdString(error), message);
    QVERIFY(!sim::resultFromJson(json)); // no error wanted: still refused
}

void TstSimResult::seriesTextIsTheDump()
{
    // A recorded run stores sim::seriesText(); the history and the GUI read
    // it as the JSON of the result's "series": the same bytes as the dump.
    for (const char *file :
         {"user-profile.cqrs.json", "netflix-viewing.cqrs.json", "uber-trips.cqrs.json"}) {
        const Model model = testing::example(file, 100);
        sim::SimulationOptions options;
        options.series = true;
        sim::Simulation simulation(model, options);
        simulation.runToEnd();
        const sim::Result typed = simulation.typedResult();
        QVERIFY(typed.series && typed.series->t.size() > 10);
        QCOMPARE(sim::seriesText(*typed.series), sim::toJson(typed)["series"].dump());
    }
}

void TstSimResult::seriesTextOfAwkwardNumbersAndIds()
{
    const std::vector<double> values = {0.0,
                                        -0.0,
                                        1.0,
                                        -1.5,
                                        0.1,
                                        1.0 / 3.0,
                                        1e-5,
                                        1.5e-7,
                                        123456.789,
                                        1e15,
                                        1e16,
                                        1e17,
                                        12345678901234567890.0,
                                        1e300,
                                        5e-324,
                                        2.2250738585072014e-308,
                                        std::numeric_limits<double>::quiet_NaN(),
                                        std::numeric_limits<double>::infinity(),
                                        -std::numeric_limits<double>::infinity(),
                                        0.30000000000000004,
                                        9007199254740993.0,
                                        42.0,
                                        -3.0,
                                        1e14,
                                        999999999999999.0,
                                        -999999999999999.0,
                                        -1e15,
                                        1e15 + 2.0,
                                        4503599627370495.5};
    sim::ResultSeries series;
    series.t = values;
    series.commandsAccepted = values;
    series.eventsPublished = {42.0};
    series.readModels.push_back({"quote\"and\\back", values, {}, values, {1.0}, {}});
    series.readModels.push_back({"caf\u00e9-\u65e5\u672c", {}, {2.0}, {}, {}, values});
    series.queries.push_back({"q", values, values});
    QCOMPARE(sim::seriesText(series), seriesDump(series));
    QVERIFY(sim::seriesText(series).find("null") != std::string::npos); // NaN and infinities

    sim::ResultSeries empty;
    QCOMPARE(sim::seriesText(empty), seriesDump(empty));

    // Written in pieces (columns of different lengths, empty pieces, a cut
    // past the end) and joined: the same text.
    for (const std::vector<std::size_t> &cuts :
         std::vector<std::vector<std::size_t>>{{}, {0}, {1}, {5, 5, 17}, {28, 29, 40}}) {
        std::vector<sim::SeriesTextPiece> pieces;
        std::size_t from = 0;
        for (const std::size_t to : cuts) {
            sim::ResultSeries piece = sim::seriesFrom(series, from);
            const auto keep = [&](std::vector<double> &column) {
                column.resize(std::min(column.size(), to - from));
            };
            for (auto *column : {&piece.t, &piece.commandsAccepted, &piece.commandsRejected,
                                 &piece.eventsPublished})
                keep(*column);
            for (sim::ReadModelSeries &rm : piece.readModels)
                for (auto *column :
                     {&rm.applied, &rm.backlog, &rm.lag, &rm.windowP50, &rm.windowP99})
                    keep(*column);
            for (sim::QuerySeries &q : piece.queries) {
                keep(q.issued);
                keep(q.staleRatio);
            }
            QVERIFY(sim::seriesHolds(series, piece, from));
            pieces.push_back(sim::seriesTextPiece(piece));
            from = to;
        }
        pieces.push_back(sim::seriesTextPiece(sim::seriesFrom(series, from)));
        QCOMPARE(sim::joinSeriesText(series, pieces), sim::seriesText(series));
    }
    // A piece that is not the series' own is told apart.
    sim::ResultSeries other = sim::seriesFrom(series, 3);
    QVERIFY(sim::seriesHolds(series, other, 3));
    QVERIFY(!sim::seriesHolds(series, other, 2));
    other.readModels[1].windowP99[0] = 7.0;
    QVERIFY(!sim::seriesHolds(series, other, 3));
    sim::ResultSeries cutShort = sim::seriesFrom(series, 3);
    cutShort.commandsAccepted.pop_back(); // a column cut short would lose a point
    QVERIFY(!sim::seriesHolds(series, cutShort, 3));
    QVERIFY(!sim::seriesHolds(series, sim::seriesFrom(series, 0), 1)); // runs past the end
    QVERIFY(!sim::seriesHolds(series, empty, 0));                      // other read models
    QCOMPARE(sim::joinSeriesText(empty, {}), sim::seriesText(empty));
}

void TstSimResult::seriesWithoutSinkAreTheSinksSeries()
{
    // A recorded headless run has no sink; a run in the application has one.
    // The series must not depend on it, and must be what the sink was shown.
    struct Quiet : sim::SimulationSink
    {
        int samples = 0;
        std::vector<sim::Snapshot> snapshots;
        void sample(const sim::Snapshot &snapshot) override
        {
            ++samples;
            snapshots.push_back(snapshot);
        }
    };
    for (const char *file :
         {"user-profile.cqrs.json", "uber-trips.cqrs.json", "amazon-orders.cqrs.json"}) {
        Model model = testing::example(file, 120);
        if (!model.readModels.empty())
            model.readModels.front().rebuilds.push_back({40.0});
        sim::SimulationOptions options;
        options.series = true;
        sim::Simulation alone(model, options);
        alone.runToEnd();
        sim::Simulation withSink(model, options);
        Quiet sink;
        withSink.setSink(&sink);
        withSink.runToEnd();
        QVERIFY(sink.samples > 10);
        const sim::Result a = alone.typedResult();
        const sim::Result b = withSink.typedResult();
        QVERIFY(a.series && b.series);
        QCOMPARE(sim::seriesText(*a.series), sim::seriesText(*b.series));

        // And the series hold what the sink was shown at each sample (the
        // live charts), bit for bit: a recorded run reopens as it was watched.
        const sim::ResultSeries &series = *a.series;
        QCOMPARE(series.t.size(), sink.snapshots.size());
        for (std::size_t i = 0; i < sink.snapshots.size(); ++i) {
            const sim::Snapshot &shown = sink.snapshots[i];
            QVERIFY(series.t[i] == shown.time);
            QVERIFY(series.commandsAccepted[i] == shown.commandsAcceptedPerSecond);
            QVERIFY(series.commandsRejected[i] == shown.commandsRejectedPerSecond);
            QVERIFY(series.eventsPublished[i] == shown.eventsPublishedPerSecond);
            QCOMPARE(series.readModels.size(), shown.readModels.size());
            for (std::size_t r = 0; r < shown.readModels.size(); ++r) {
                const sim::ReadModelSeries &rm = series.readModels[r];
                const sim::ConsumerGroupSnapshot &g = shown.readModels[r];
                QCOMPARE(rm.id, g.id);
                QVERIFY(rm.applied[i] == g.appliedPerSecond);
                QVERIFY(rm.backlog[i] == g.backlogMean);
                QVERIFY(rm.lag[i] == g.lagMax);
                QVERIFY(rm.windowP50[i] == g.windowP50);
                QVERIFY(rm.windowP99[i] == g.windowP99);
            }
            QCOMPARE(series.queries.size(), shown.queries.size());
            for (std::size_t q = 0; q < shown.queries.size(); ++q) {
                QVERIFY(series.queries[q].issued[i] == shown.queries[q].issuedPerSecond);
                QVERIFY(series.queries[q].staleRatio[i] == shown.queries[q].staleRatio);
            }
        }
    }
}

void TstSimResult::seriesCutAsTheyComeAreTheWholeSeriesCut_data()
{
    QTest::addColumn<double>("duration");
    QTest::addColumn<double>("interval");
    QTest::addColumn<int>("maxPoints");
    // 60 / 0.25 = 240 samples; 50 / 0.3 leaves a last, shorter interval;
    // 0.1 does not divide 30 exactly in binary (the sliver rule).
    for (const int maxPoints : {1, 7, 100, 239, 240, 241, 2000})
        QTest::addRow("240 samples, at most %d", maxPoints) << 60.0 << 0.25 << maxPoints;
    for (const int maxPoints : {3, 64, 167, 168})
        QTest::addRow("167 samples, at most %d", maxPoints) << 50.0 << 0.3 << maxPoints;
    QTest::addRow("300 samples of 0.1 s, at most 299") << 30.0 << 0.1 << 299;
    // The default interval (duration / 600), one longer than the run (one
    // sample, at the end), and one so short that the engine takes at most
    // 100,000 samples.
    QTest::addRow("default interval, at most 250") << 60.0 << 0.0 << 250;
    QTest::addRow("one sample, at most 1") << 5.0 << 10.0 << 1;
    QTest::addRow("100,000 samples, at most 2000") << 10.0 << 1e-6 << 2000;
}

void TstSimResult::seriesCutAsTheyComeAreTheWholeSeriesCut()
{
    // The engine merges a recorded run's intervals as they come, knowing the
    // run's sample count from the start. The result must be the whole series
    // cut afterwards (how the history cuts a run watched in the application),
    // bit for bit, for any count and any limit.
    QFETCH(double, duration);
    QFETCH(double, interval);
    QFETCH(int, maxPoints);
    Model model = testing::example("amazon-orders.cqrs.json", duration);
    if (interval > 0)
        model.workload.sampleInterval = interval;
    else
        model.workload.sampleInterval.reset();
    model.workload.warmup = 0;
    const double effective
        = std::max(model.workload.effectiveSampleInterval(), duration / 100000.0);
    sim::SimulationOptions options;
    options.series = true;
    sim::Simulation whole(model, options);
    whole.runToEnd();
    options.seriesMaxPoints = std::size_t(maxPoints);
    sim::Simulation cut(model, options);
    // Stepped, with results taken on the way (about 200): taking one changes nothing.
    const auto samples = std::size_t(std::ceil(duration / effective - 1e-9));
    std::size_t steps = 0;
    // The points no later sample changes, taken in pieces on the way (what
    // `cqrs-sim run --db` writes while the run goes on).
    std::vector<sim::SeriesTextPiece> pieces;
    std::vector<sim::ResultSeries> closed;
    std::size_t handed = 0;
    while (cut.step()) {
        if (cut.closedSeriesPoints() >= handed + 3) {
            closed.push_back(cut.closedSeries(handed));
            QCOMPARE(closed.back().t.size(), cut.closedSeriesPoints() - handed);
            handed = cut.closedSeriesPoints();
            pieces.push_back(sim::seriesTextPiece(closed.back()));
        }
        if (++steps % std::max<std::size_t>(1, samples / 200) != 0)
            continue;
        const sim::Result soFar = cut.typedResult();
        QVERIFY(soFar.series);
        QVERIFY(soFar.series->t.size() <= std::size_t(maxPoints));
        QVERIFY(soFar.series->t.empty() || soFar.series->t.back() == cut.currentTime());
    }
    QCOMPARE(steps + 1, samples); // the last step ends the run

    const sim::Result wholeResult = whole.typedResult();
    const sim::Result cutResult = cut.typedResult();
    QVERIFY(wholeResult.series && cutResult.series);
    const sim::ResultSeries &all = *wholeResult.series;
    const sim::ResultSeries &got = *cutResult.series;
    const std::size_t n = all.t.size();
    // Only a series cut as it comes has closed points; they are the final
    // series' first points, and with the rest they give its text.
    QCOMPARE(cut.closedSeriesPoints() > 0, n > std::size_t(maxPoints));
    if (n <= std::size_t(maxPoints))
        QCOMPARE(cut.closedSeries(0).t.size(), std::size_t(0));
    std::size_t at = 0;
    for (const sim::ResultSeries &piece : closed) {
        QVERIFY(sim::seriesHolds(got, piece, at));
        at += piece.t.size();
    }
    pieces.push_back(sim::seriesTextPiece(sim::seriesFrom(got, handed)));
    QCOMPARE(sim::joinSeriesText(got, pieces), sim::seriesText(got));
    QCOMPARE(n, samples);
    QCOMPARE(got.t.size(), std::min(n, std::size_t(maxPoints)));
    const auto check = [&](const std::vector<double> &full, const std::vector<double> &merged,
                           std::string_view key) -> QString {
        std::vector<double> expected;
        mergeSeriesGroups(
            full.size(), std::size_t(maxPoints), seriesMergeFor(key),
            [&](std::size_t i) { return full[i]; },
            [&](std::size_t, double value) { expected.push_back(value); });
        if (merged.size() != expected.size())
            return QStringLiteral("%1: %2 points, cut afterwards %3")
                .arg(QLatin1String(key))
                .arg(merged.size())
                .arg(expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (std::memcmp(&merged[i], &expected[i], sizeof(double)) != 0)
                return QStringLiteral("%1[%2]: %3, cut afterwards %4")
                    .arg(QLatin1String(key))
                    .arg(i)
                    .arg(merged[i], 0, 'g', 17)
                    .arg(expected[i], 0, 'g', 17);
        }
        return QString();
    };
    QStringList differences;
    differences << check(all.t, got.t, "t")
                << check(all.commandsAccepted, got.commandsAccepted, "commandsAccepted")
                << check(all.commandsRejected, got.commandsRejected, "commandsRejected")
                << check(all.eventsPublished, got.eventsPublished, "eventsPublished");
    QCOMPARE(got.readModels.size(), all.readModels.size());
    for (std::size_t r = 0; r < all.readModels.size(); ++r) {
        const sim::ReadModelSeries &a = all.readModels[r];
        const sim::ReadModelSeries &g = got.readModels[r];
        differences << check(a.applied, g.applied, "applied")
                    << check(a.backlog, g.backlog, "backlog") << check(a.lag, g.lag, "lag")
                    << check(a.windowP50, g.windowP50, "windowP50")
                    << check(a.windowP99, g.windowP99, "windowP99");
    }
    QCOMPARE(got.queries.size(), all.queries.size());
    for (std::size_t q = 0; q < all.queries.size(); ++q) {
        differences << check(all.queries[q].issued, got.queries[q].issued, "issued");
        // The stale ratio weighs the merged intervals by their reads.
        std::vector<double> expected;
        const std::vector<double> &ratio = all.queries[q].staleRatio,
                                  &issued = all.queries[q].issued;
        mergeStaleRatioGroups(
            ratio.size(), std::size_t(maxPoints), [&](std::size_t i) { return ratio[i]; },
            [&](std::size_t i) { return issued[i]; },
            [&](std::size_t, double v) { expected.push_back(v); });
        const std::vector<double> &merged = got.queries[q].staleRatio;
        if (merged.size() != expected.size()
            || std::memcmp(merged.data(), expected.data(), expected.size() * sizeof(double)) != 0)
            differences << QStringLiteral(
                               "staleRatio of %1 differs from the whole series cut afterwards")
                               .arg(QString::fromStdString(all.queries[q].id));
    }
    differences.removeAll(QString());
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
}

void TstSimResult::watchedRunStoppedEarlyKeepsWhatItRanAtFullCut()
{
    // A run in the application (it has a sink) may be stopped at any time:
    // its result then cuts the intervals it ran to the history's limit, as
    // finely as they allow. A run without a sink merges as it goes, for the
    // whole run; stopped early, it has fewer, whole groups and the open one.
    struct Quiet : sim::SimulationSink
    {
        void sample(const sim::Snapshot &) override {}
    };
    Model model = testing::example("uber-trips.cqrs.json", 60);
    model.workload.sampleInterval = 0.1; // 600 samples
    sim::SimulationOptions options;
    options.series = true;
    sim::Simulation whole(model, options);
    whole.runToEnd();
    const sim::Result wholeResult = whole.typedResult();
    const std::vector<double> &t = wholeResult.series->t;
    QCOMPARE(t.size(), std::size_t(600));

    options.seriesMaxPoints = 100;
    sim::Simulation watched(model, options);
    Quiet sink;
    watched.setSink(&sink);
    sim::Simulation alone(model, options);
    watched.advanceTo(15.0);
    alone.advanceTo(15.0);
    const sim::Result early = watched.typedResult();
    // 150 samples ran: cut to 100 points, the last at the stop.
    QCOMPARE(early.series->t.size(), std::size_t(100));
    QCOMPARE(early.series->t.back(), t[149]);
    QCOMPARE(early.series->t[1], t[2]);
    const sim::Result earlyAlone = alone.typedResult();
    // 150 of 600 samples in groups of 6: 25 whole groups.
    QCOMPARE(earlyAlone.series->t.size(), std::size_t(25));
    QCOMPARE(earlyAlone.series->t.back(), t[149]);
    alone.advanceTo(15.25);
    const sim::Result openGroup = alone.typedResult();
    QCOMPARE(openGroup.series->t.size(), std::size_t(26));
    QCOMPARE(openGroup.series->t.back(), t[151]);
    // Peaks of the open group so far are kept.
    const std::vector<double> &lag = wholeResult.series->readModels.front().lag;
    QCOMPARE(openGroup.series->readModels.front().lag.back(), std::max(lag[150], lag[151]));

    // Both end with the same series.
    watched.runToEnd();
    alone.runToEnd();
    QCOMPARE(sim::seriesText(*watched.typedResult().series),
             sim::seriesText(*alone.typedResult().series));
}

QTEST_MAIN(TstSimResult)
#include "tst_sim_result.moc"
