// What-ifs (issue 12, workshop): applied live at the current simulated time,
// each changes the running engine as it says, ends on time, and becomes a
// marker on the charts and a line of the summary.
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "runtestutil.h"
#include "cqrs/ui/run/runmarkers.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/editor/scene.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

#include <QAction>
#include <QDoubleSpinBox>
#include <QMainWindow>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QToolBar>

using namespace cqrs;

namespace {

Model userProfile(double duration)
{
    Model model = testing::exampleModel("user-profile.cqrs.json", duration);
    for (ReadModel &rm : model.readModels)
        rm.outages.clear();
    return model;
}

/// Snapshots of a read model in (from, to].
std::vector<sim::ConsumerGroupSnapshot> groupBetween(const std::vector<sim::Snapshot> &all, std::size_t rm,
                                                     double from, double to)
{
    std::vector<sim::ConsumerGroupSnapshot> out;
    for (const sim::Snapshot &s : all) {
        if (s.time > from && s.time <= to && rm < s.readModels.size())
            out.push_back(s.readModels[rm]);
    }
    return out;
}

double acceptedMean(const std::vector<sim::Snapshot> &all, double from, double to)
{
    double sum = 0;
    int n = 0;
    for (const sim::Snapshot &s : all) {
        if (s.time > from && s.time <= to) {
            sum += s.commandsAcceptedPerSecond;
            ++n;
        }
    }
    return n ? sum / n : 0;
}

/// Starts the model paused and runs it at full speed to `t`; false when it did not get there.
bool pausedAt(RunController *c, const Model &model, double t)
{
    QSignalSpy paused(c, &RunController::pausedAt);
    c->setSpeed(0);
    if (!c->startPaused(model))
        return false;
    c->runTo(t);
    return paused.wait(20000);
}

} // namespace

class TestWhatIf : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void refusedWithoutRun();
    void whatIfsChangeTheEngine();
    void whatIfEndsWithTheRun();
    void manualChangeOutlivesWhatIf();
    void statusMessagesUseNames();
    void secondTakeDownWhilePausedIsRefused();
    void momentsInTheChartsUnit();
};

void TestWhatIf::refusedWithoutRun()
{
    testing::RunStudio studio(userProfile(20));
    QVERIFY(!studio.run->whatIfTrafficSpike(3, 10));
    QVERIFY(studio.window.statusBar()->currentMessage().contains(QStringLiteral("start the run")));
    // The menu and the bar offer every what-if; disabled without a run.
    for (const char *name : {"whatIfSpike", "whatIfOutage", "whatIfRebuild", "whatIfDuplicates", "whatIfSlow"}) {
        auto *action = studio.run->whatIfMenu()->findChild<QAction *>(QLatin1String(name));
        if (!action) {
            for (QAction *a : studio.run->whatIfMenu()->actions()) {
                if (a->objectName() == QLatin1String(name))
                    action = a;
            }
        }
        QVERIFY2(action, name);
        QVERIFY(!action->isEnabled());
        // Ctrl+Alt+1 to 5, in the menu's order.
        QCOMPARE(action->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+Alt+%1").arg(studio.run->whatIfMenu()->actions().indexOf(action) + 1)));
        QVERIFY(studio.run->whatIfBar()->actions().contains(action));
    }
    QVERIFY(studio.run->runMenu()->actions().contains(studio.run->whatIfMenu()->menuAction()));
}

void TestWhatIf::whatIfsChangeTheEngine()
{
    const Model model = userProfile(40);
    testing::RunStudio studio(model);
    RunController *c = studio.run->controller();
    std::vector<sim::Snapshot> snapshots;
    connect(c, &RunController::samplesArrived, this, [&snapshots](const SnapshotBatch &batch) {
        snapshots.insert(snapshots.end(), batch->begin(), batch->end());
    });
    QSignalSpy paused(c, &RunController::pausedAt);
    QSignalSpy finished(c, &RunController::runFinished);
    QSignalSpy applied(c, &RunController::parameterApplied);
    QSignalSpy whatIfs(c, &RunController::whatIfApplied);
    c->setSpeed(0);
    QVERIFY(c->startPaused(model));
    c->runTo(10);
    QVERIFY(paused.wait(20000));
    QCOMPARE(c->time(), 10.0);

    // The spike from the bar: its fields say ×3 for 10 s.
    studio.run->whatIfBar()->findChild<QDoubleSpinBox *>(QStringLiteral("whatIfFactor"))->setValue(3);
    studio.run->whatIfBar()->findChild<QDoubleSpinBox *>(QStringLiteral("whatIfSeconds"))->setValue(10);
    QAction *spike = nullptr;
    for (QAction *a : studio.run->whatIfBar()->actions()) {
        if (a->objectName() == QLatin1String("whatIfSpike"))
            spike = a;
    }
    QVERIFY(spike && spike->isEnabled());
    // From the keyboard: the canvas keeps the focus.
    studio.window.show();
    studio.window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&studio.window));
    QTest::keyClick(&studio.window, Qt::Key_1, Qt::ControlModifier | Qt::AltModifier);
    QTRY_COMPARE(whatIfs.count(), 1);
    // A second spike while one is on is refused.
    QVERIFY(!studio.run->whatIfTrafficSpike(2, 5));
    QVERIFY(studio.run->whatIfOutage("search-index", 10));
    QVERIFY(studio.run->whatIfDuplicateStorm(0.5, 10));
    QVERIFY(studio.run->whatIfSlowProjection("user-view", 1000, 10));
    QVERIFY(!studio.run->whatIfSlowProjection("no-such-view", 2, 10));
    QTRY_COMPARE(whatIfs.count(), 3);
    QTRY_COMPARE(studio.document.model().readModel("search-index")->outages.size(), std::size_t(1));
    c->runTo(30);
    QVERIFY(paused.wait(20000));
    QVERIFY(studio.run->whatIfRebuild("search-index"));
    QTest::qWait(50);
    c->resume();
    QVERIFY(finished.wait(30000));
    QTRY_VERIFY(studio.run->summary()->run().has_value());

    // The spike: about three times the commands while it lasts, the base rate after.
    const double before = acceptedMean(snapshots, 0, 10);
    const double during = acceptedMean(snapshots, 10, 20);
    const double after = acceptedMean(snapshots, 21, 30);
    QVERIFY2(during > 2.3 * before, qPrintable(QStringLiteral("%1 %2").arg(before).arg(during)));
    QVERIFY2(after < 1.5 * before, qPrintable(QStringLiteral("%1 %2").arg(before).arg(after)));
    // The outage: the search index's backlog grows while it is down.
    double backlogBefore = 0, backlogDown = 0;
    for (const auto &g : groupBetween(snapshots, 1, 0, 10))
        backlogBefore = std::max(backlogBefore, double(g.backlog));
    for (const auto &g : groupBetween(snapshots, 1, 18, 20))
        backlogDown = std::max(backlogDown, double(g.backlog));
    QVERIFY2(backlogDown > 5 * std::max(backlogBefore, 1.0),
             qPrintable(QStringLiteral("%1 %2").arg(backlogBefore).arg(backlogDown)));
    // The slow projection: user-view falls behind while slowed.
    double userBefore = 0, userSlow = 0;
    for (const auto &g : groupBetween(snapshots, 0, 0, 10))
        userBefore = std::max(userBefore, g.lag);
    for (const auto &g : groupBetween(snapshots, 0, 15, 20))
        userSlow = std::max(userSlow, g.lag);
    QVERIFY2(userSlow > 2.0 && userSlow > 5 * userBefore,
             qPrintable(QStringLiteral("%1 %2").arg(userBefore).arg(userSlow)));
    // Each timed what-if was undone exactly at its end, with the run's own value.
    QStringList restores;
    for (const QList<QVariant> &a : applied) {
        if (a.at(2).toDouble() == 20.0)
            restores.append(QString::fromStdString(a.at(0).value<std::string>()) + QLatin1Char('=')
                            + a.at(1).toString());
    }
    restores.sort();
    QCOMPARE(restores, QStringList({QStringLiteral("eventBus.duplicateRate=0.0"),
                                    QStringLiteral("readModels.user-view.applyTime={\"dist\":\"constant\",\"value\":0.0005}"),
                                    QStringLiteral("workload.commandRate=100.0")}));
    // The duplicate storm: duplicates in a model that has none.
    const Json &result = *c->result()->result;
    QVERIFY(result["readModels"]["user-view"]["duplicates"].get<double>() > 0);
    QCOMPARE(sim::simulate(model)["readModels"]["user-view"]["duplicates"].get<double>(), 0.0);
    QCOMPARE(result["readModels"]["search-index"]["rebuilds"].size(), std::size_t(1));

    // Every what-if is a marker (their edits are not markers of their own).
    const std::vector<RunMarker> &markers = studio.run->markers().markers();
    int timed = 0;
    for (const RunMarker &m : markers) {
        QVERIFY2(m.kind != RunMarker::Kind::Edit, qPrintable(m.description));
        if (m.kind == RunMarker::Kind::WhatIf) {
            ++timed;
            QCOMPARE(m.start, 10.0);
            QCOMPARE(m.end, 20.0);
        }
    }
    QCOMPARE(timed, 3);
    QCOMPARE(markers.size(), std::size_t(5));
    QCOMPARE(markers.front().kind == RunMarker::Kind::Outage || markers[1].kind == RunMarker::Kind::Outage
                 || markers[2].kind == RunMarker::Kind::Outage || markers[3].kind == RunMarker::Kind::Outage,
             true);
    QCOMPARE(markers.back().kind, RunMarker::Kind::Rebuild);
    QCOMPARE(markers.back().start, 30.0);
    for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
        if (ChartsPanel::isTimeChart(ChartsPanel::ChartId(id)))
            QCOMPARE(studio.run->charts()->card(ChartsPanel::ChartId(id))->markers().size(), 5);
    }
    const QString text = studio.run->summary()->plainText();
    for (const char *line : {"What if: traffic spike", "What if: duplicate storm", "What if: UserView applies events",
                             "Outage of UserSearchIndex", "Rebuild of UserSearchIndex"})
        QVERIFY2(text.contains(QLatin1String(line)), line);

    // The outage went into the model as one undo step.
    QVERIFY(studio.document.undoStack()->canUndo());
    studio.document.undoStack()->undo();
    QCOMPARE(studio.document.model().readModel("search-index")->rebuilds.size(), std::size_t(0));
    studio.document.undoStack()->undo();
    QCOMPARE(studio.document.model().readModel("search-index")->outages.size(), std::size_t(0));
}

// A what-if still going when the run is stopped is reported as ended then,
// so the history's model as run keeps the model's value (review finding: a
// spike at the end was stored as a permanent triple rate).
void TestWhatIf::whatIfEndsWithTheRun()
{
    const Model model = userProfile(40);
    testing::RunStudio studio(model);
    RunController *c = studio.run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    QSignalSpy applied(c, &RunController::parameterApplied);
    c->setSpeed(0);
    QVERIFY(c->startPaused(model));
    c->runTo(10);
    QVERIFY(paused.wait(20000));
    QVERIFY(studio.run->whatIfTrafficSpike(3, 25));
    QTRY_COMPARE(applied.count(), 1);
    c->stop();
    QTRY_VERIFY_WITH_TIMEOUT(c->result().has_value(), 20000);
    QCOMPARE(applied.count(), 2);
    QCOMPARE(applied.last().at(0).value<std::string>(), std::string("workload.commandRate"));
    QVERIFY(Json::parse(applied.last().at(1).toString().toStdString()) == Json(model.workload.commandRate));
}

// A change made by hand during a what-if on the same parameter stays: the
// what-if's end does not put the old value back over it.
void TestWhatIf::manualChangeOutlivesWhatIf()
{
    const Model model = userProfile(40);
    testing::RunStudio studio(model);
    RunController *c = studio.run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    QSignalSpy applied(c, &RunController::parameterApplied);
    c->setSpeed(0);
    QVERIFY(c->startPaused(model));
    c->runTo(10);
    QVERIFY(paused.wait(20000));
    QVERIFY(studio.run->whatIfTrafficSpike(3, 10)); // until 20 s
    QTRY_COMPARE(applied.count(), 1);
    c->setParameter("workload.commandRate", Json(250));
    QTRY_COMPARE(applied.count(), 2);
    c->resume();
    QTRY_VERIFY_WITH_TIMEOUT(c->result().has_value(), 30000); // to the end: no restore at 20 s
    QCOMPARE(applied.count(), 2);
    QVERIFY(Json::parse(applied.last().at(1).toString().toStdString()) == Json(250));
}

// The status bar said "readModels.user-view.consumers = 4 from t = 10.0 s"
// and "Outage of search-index ...": ids and JSON, where the canvas and the
// charts say UserView and UserSearchIndex.
void TestWhatIf::statusMessagesUseNames()
{
    Model model = userProfile(40);
    // A name is the user's text: a "%1" in it stays as written.
    model.readModel("search-index")->name = "Index %1";
    testing::RunStudio studio(model);
    RunController *c = studio.run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    QSignalSpy messages(c, &RunController::message);
    c->setSpeed(0);
    QVERIFY(c->startPaused(model));
    c->runTo(10);
    QVERIFY(paused.wait(20000));
    c->setParameter("readModels.user-view.consumers", Json(4));
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.last().at(0).toString(), QStringLiteral("UserView consumers = 4 from t = 10 s"));
    c->setParameter("readModels.user-view.update.delay", Json::parse(R"({"dist":"lognormal","median":0.3,"p99":1})"));
    QTRY_COMPARE(messages.count(), 2);
    QVERIFY2(messages.last().at(0).toString().startsWith(QStringLiteral("UserView update.delay = lognormal ")),
             qPrintable(messages.last().at(0).toString()));
    QVERIFY(studio.run->whatIfOutage("search-index", 10));
    QTRY_VERIFY(messages.count() >= 3);
    bool outage = false;
    for (const QList<QVariant> &m : messages)
        outage = outage || m.at(0).toString().startsWith(QStringLiteral("Outage of Index %1 for 10 s from t = "));
    QVERIFY(outage);
}

void TestWhatIf::secondTakeDownWhilePausedIsRefused()
{
    // Paused between two tenths of a second: the outage starts at the next
    // tenth, and a second Take Selected Down before it begins is refused,
    // not a second outage in the model.
    Model model = userProfile(40);
    model.readModels[1].outages.push_back(Outage{30, 5, Json::object()}); // later in the run: no matter
    testing::RunStudio studio(model);
    RunController *c = studio.run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    c->setSpeed(0);
    QVERIFY(c->startPaused(model));
    c->runTo(10.04);
    QVERIFY(paused.wait(20000));
    const std::string id = model.readModels[1].id;
    QVERIFY(studio.run->whatIfOutage(id, 10));
    QTRY_COMPARE(studio.document.model().readModel(id)->outages.size(), std::size_t(2));
    QCOMPARE(studio.document.model().readModel(id)->outages.back().at, 10.1);
    QVERIFY(!studio.run->whatIfOutage(id, 10));
    QTest::qWait(100);
    QCOMPARE(studio.document.model().readModel(id)->outages.size(), std::size_t(2));
}

// A 10-minute run's charts count seconds (0 to 600 s): its clock and its
// messages did not ("t = 2.5 min / 10 min", "on until 3 min", "from t = 150.0 s").
void TestWhatIf::momentsInTheChartsUnit()
{
    {
        Model model = userProfile(600);
        testing::RunStudio studio(model);
        RunController *c = studio.run->controller();
        QSignalSpy messages(c, &RunController::message);
        QVERIFY(pausedAt(c, model, 150));
        QTRY_COMPARE(studio.run->runBar()->timeText(), QStringLiteral("t = 150 s / 600 s"));
        c->setParameter("readModels.user-view.consumers", Json(4));
        QTRY_COMPARE(messages.count(), 1);
        QCOMPARE(messages.last().at(0).toString(), QStringLiteral("UserView consumers = 4 from t = 150 s"));
        QVERIFY(studio.run->whatIfTrafficSpike(2, 30));
        QVERIFY(!studio.run->whatIfTrafficSpike(3, 30));
        QVERIFY2(studio.window.statusBar()->currentMessage().contains(
                     QStringLiteral("traffic spike is on until 180 s")),
                 qPrintable(studio.window.statusBar()->currentMessage()));
    }
    // An hour's run counts minutes, on the charts and in its messages.
    Model hour = userProfile(3600);
    testing::RunStudio studio(hour);
    RunController *c = studio.run->controller();
    QVERIFY(pausedAt(c, hour, 150));
    QTRY_COMPARE(studio.run->runBar()->timeText(), QStringLiteral("t = 2.5 min / 60 min"));
    QVERIFY(studio.run->whatIfOutage("search-index", 30));
    QVERIFY(!studio.run->whatIfOutage("search-index", 30));
    QVERIFY2(studio.window.statusBar()->currentMessage().contains(QStringLiteral("down until 3 min")),
             qPrintable(studio.window.statusBar()->currentMessage()));
}

QTEST_MAIN(TestWhatIf)
#include "tst_whatif.moc"
