// A rate step's marker says the absolute command rate that was in force at
// its time, live and in a run reopened from the history, whose stored model
// has the rate of the last edit (review finding, issue 10).
#include "cqrs/ui/common/format.h"
#include "recordingtestutil.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runmarkers.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

QString rateDescription(const std::vector<RunMarker> &markers)
{
    for (const RunMarker &m : markers) {
        if (m.kind == RunMarker::Kind::RateChange)
            return m.description;
    }
    return {};
}

} // namespace

class TestRateMarker : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void reopenedRunShowsTheRateInForce();
    void editsShiftLaterSteps();
    void unknownStartRateGivesTheFactor();
    void reopenedWhatIfIsOneBand();
    void editByHandEndsAWhatIf();
};

void TestRateMarker::reopenedRunShowsTheRateInForce()
{
    RecordingWindow studio;
    QVERIFY(studio.waitUntilReady());
    Model model = example("user-profile.cqrs.json", 600);
    model.workload.warmup = 0;
    model.workload.commandRate = 100;
    model.workload.rateProfile = {{2, 2, Json::object()}}; // x2 from t = 2 s: 200/s
    RunController *c = studio.controller();
    QVERIFY(studio.start(model, 100));
    QTRY_VERIFY(c->time() > 5);
    // After the step, the base rate is edited to 80: the step ran at 200/s all the same.
    Experiment slower;
    slower.title = "slower";
    slower.set = {{"workload.commandRate", Json(80)}};
    QSignalSpy applied(c, &RunController::parameterApplied);
    QVERIFY(studio.document()->applyExperiment(slower));
    QTRY_COMPARE(applied.count(), 1);
    QVERIFY(studio.stopAndRecord());
    const QString live = rateDescription(studio.window().runUi()->markers().markers());
    QVERIFY2(live.contains(formatRate(200)), qPrintable(live));

    // The edit is stored with the rate it replaced.
    studio.history()->store()->waitForIdle();
    const qint64 id = studio.recordedId();
    auto store = openHistory(studio.database());
    const std::optional<history::RunRecord> run = store->get(id);
    QVERIFY(run);
    QCOMPARE(run->edits.size(), std::size_t(1));
    QCOMPARE(run->edits[0].previous, std::string("100"));

    RecordedRunView *view = studio.openRun(id);
    QVERIFY(view);
    const QString reopened = rateDescription(view->charts()->markers());
    QVERIFY2(reopened.contains(formatRate(200)), qPrintable(reopened));
    QVERIFY2(!reopened.contains(formatRate(160)), qPrintable(reopened));
    view->close();
    delete view;
}

void TestRateMarker::editsShiftLaterSteps()
{
    // Live: a step after an edit of the base rate multiplies the edited rate.
    Model model = example("user-profile.cqrs.json", 600);
    model.workload.commandRate = 100;
    model.workload.rateProfile = {{20, 2, Json::object()}, {60, 3, Json::object()}};
    RunMarkers markers;
    markers.reset(model, 600);
    markers.addEdit("workload.commandRate", QStringLiteral("50"), 40);
    QStringList texts;
    for (const RunMarker &m : markers.markers()) {
        if (m.kind == RunMarker::Kind::RateChange)
            texts << m.description;
    }
    QCOMPARE(texts.size(), 2);
    QVERIFY2(texts[0].contains(formatRate(200)), qPrintable(texts[0])); // 100 x 2
    QVERIFY2(texts[1].contains(formatRate(150)), qPrintable(texts[1])); // 50 x 3
}

void TestRateMarker::editByHandEndsAWhatIf()
{
    // The run keeps a value set by hand during a what-if on the same path:
    // the what-if's band ends there (and a new what-if is not refused).
    Model model = example("user-profile.cqrs.json", 600);
    RunMarkers markers;
    markers.reset(model, 600);
    markers.addWhatIf("eventBus.duplicateRate", 100, 160, QStringLiteral("duplicates 50%"), QString());
    markers.addEdit("workload.queryRate", QStringLiteral("10"), 120); // another path: no effect
    markers.addEdit("eventBus.duplicateRate", QStringLiteral("0.1"), 130);
    markers.addEdit("eventBus.duplicateRate", QStringLiteral("0.2"), 150); // after the end: no effect
    const auto whatIf = std::find_if(markers.markers().begin(), markers.markers().end(),
                                     [](const RunMarker &m) { return m.kind == RunMarker::Kind::WhatIf; });
    QVERIFY(whatIf != markers.markers().end());
    QCOMPARE(whatIf->start, 100.0);
    QCOMPARE(whatIf->end, 130.0);
}

void TestRateMarker::unknownStartRateGivesTheFactor()
{
    // A history written before edits kept the value they replaced: the model
    // as run has the last rate, the rate before the edit is not known, so the
    // step says its factor and no absolute rate rather than a wrong one.
    Model asRun = example("user-profile.cqrs.json", 600);
    asRun.workload.commandRate = 80;
    asRun.workload.rateProfile = {{2, 2, Json::object()}};
    RunMarkers markers;
    markers.reset(asRun, 600, true);
    markers.addEdit("workload.commandRate", QStringLiteral("80"), 10);
    const QString text = rateDescription(markers.markers());
    QVERIFY2(text.contains(QStringLiteral("×2")), qPrintable(text));
    QVERIFY2(!text.contains(formatRate(160)), qPrintable(text));
    // With no edit of the rate the model's rate is the one in force throughout.
    RunMarkers plain;
    plain.reset(asRun, 600, true);
    QVERIFY2(rateDescription(plain.markers()).contains(formatRate(160)), qPrintable(rateDescription(plain.markers())));
}

void TestRateMarker::reopenedWhatIfIsOneBand()
{
    // A traffic spike applied and ended within one run: live it is one band;
    // reopened from the history (two edits of the rate) it is one band too.
    RecordingWindow studio;
    QVERIFY(studio.waitUntilReady());
    Model model = example("user-profile.cqrs.json", 600);
    model.workload.warmup = 0;
    RunController *c = studio.controller();
    QVERIFY(studio.start(model, 100));
    QTRY_VERIFY(c->time() > 2);
    QSignalSpy applied(c, &RunController::parameterApplied);
    RunUi *runUi = studio.window().runUi();
    QVERIFY(runUi->whatIfTrafficSpike(3, 5));
    QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 2, 20000); // the spike, then back
    QVERIFY(studio.stopAndRecord());
    auto count = [](const std::vector<RunMarker> &markers, RunMarker::Kind kind) {
        return std::count_if(markers.begin(), markers.end(), [kind](const RunMarker &m) { return m.kind == kind; });
    };
    QCOMPARE(count(runUi->markers().markers(), RunMarker::Kind::WhatIf), 1);

    RecordedRunView *view = studio.openRun(studio.recordedId());
    QVERIFY(view);
    const std::vector<RunMarker> &markers = view->charts()->markers();
    QCOMPARE(count(markers, RunMarker::Kind::Edit), 0);
    QCOMPARE(count(markers, RunMarker::Kind::WhatIf), 1);
    const auto band = std::find_if(markers.begin(), markers.end(),
                                   [](const RunMarker &m) { return m.kind == RunMarker::Kind::WhatIf; });
    QCOMPARE(band->end - band->start, 5.0);
    QVERIFY2(band->description.contains(QStringLiteral("workload.commandRate")), qPrintable(band->description));
    view->close();
    delete view;

    // A change that is not undone stays an edit; the latest change of a path is the one that counts.
    RunMarkers m;
    m.reset(model, 600, true);
    m.addEdit("workload.commandRate", QStringLiteral("300"), 10, QStringLiteral("100"));
    m.addEdit("workload.commandRate", QStringLiteral("200"), 20, QStringLiteral("300"));
    m.addEdit("workload.commandRate", QStringLiteral("100"), 30, QStringLiteral("200"));
    QCOMPARE(count(m.markers(), RunMarker::Kind::Edit), 3);
    QCOMPARE(count(m.markers(), RunMarker::Kind::WhatIf), 0);
}

QTEST_MAIN(TestRateMarker)
#include "tst_ratemarker.moc"
