// What a run leaves behind when the document changes (issue 8):
// - bug 1: a previous run survived File > New and File > Open (overlay,
//   badges, flow animation, charts, summary, time counter, events/s);
// - outages and rebuilds scheduled from the context menu are model edits
//   (the Inspector's tables show them, undo removes them);
// - the run bar's speed suits the opened model, so a first F5 shows
//   something within seconds.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/filecontroller.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/liveoverlay.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/editor/scene.h"
#include "testmodels.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

#include <QApplication>
#include <QDir>
#include <QComboBox>
#include <QGraphicsPathItem>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace cqrs;

namespace {

Model emptyModel()
{
    Model model;
    model.name = "Untitled";
    model.workload.duration = 60;
    return model;
}

/// Graphics items on the canvas that belong to no node or edge of the model
/// (the overlay's halos and flow paths are QGraphicsPathItems at the top level).
int strayPaths(DiagramScene *scene)
{
    int count = 0;
    for (QGraphicsItem *item : scene->items()) {
        if (item->parentItem() == nullptr && qgraphicsitem_cast<QGraphicsPathItem *>(item)
            && (item->zValue() == 0.25 || item->zValue() == 0.9))
            ++count;
    }
    return count;
}

int chartPoints(ChartsPanel *charts)
{
    int points = 0;
    for (int id = 0; id < ChartsPanel::ChartCount; ++id)
        points += charts->pointCount(ChartsPanel::ChartId(id));
    return points;
}

int badges(DiagramScene *scene, const Model &model)
{
    int count = 0;
    for (const ReadModel &rm : model.readModels) {
        if (NodeItem *node = scene->nodeItem(rm.id); node && !node->badge().isEmpty())
            ++count;
    }
    return count;
}

} // namespace

class TestRunState : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_runstate");
        QSettings().clear();
        QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
    }

    void replacingTheDocumentDropsTheRun_data();
    void replacingTheDocumentDropsTheRun();
    void openFileDropsTheRun();
    void scheduledOutageIsAModelEdit();
    void scheduledRebuildIsAModelEdit();
    void speedSuitsTheModel();
    void sampleIntervalDoesNotChangeTheResult_data();
    void sampleIntervalDoesNotChangeTheResult();
};

void TestRunState::replacingTheDocumentDropsTheRun_data()
{
    QTest::addColumn<QString>("stateBefore");
    QTest::newRow("stopped") << "stopped";
    QTest::newRow("paused") << "paused";
    QTest::newRow("running") << "running";
}

void TestRunState::replacingTheDocumentDropsTheRun()
{
    QFETCH(QString, stateBefore);
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QVERIFY(window.fileController()->openExample(QStringLiteral(":/examples/netflix-viewing.cqrs.json")));
    RunUi *run = window.runUi();
    RunController *c = run->controller();
    const Model netflix = window.document()->model();

    // A run at full speed to t = 1200 s, then the state under test.
    QSignalSpy paused(c, &RunController::pausedAt);
    QVERIFY(c->startPaused(netflix));
    c->runTo(1200);
    QVERIFY(paused.wait(30000));
    QTRY_VERIFY(chartPoints(run->charts()) > 0);
    QVERIFY(run->overlay()->flowItemCount() > 0);
    QVERIFY(strayPaths(window.scene()) > 0);
    QVERIFY(badges(window.scene(), netflix) > 0);
    if (stateBefore == "stopped") {
        QSignalSpy finished(c, &RunController::runFinished);
        run->runBar()->stopAction()->trigger();
        QVERIFY(finished.wait(20000));
        QTRY_VERIFY(run->summary()->run().has_value());
        QCOMPARE(c->state(), RunController::State::Finished);
        // The bar says the run stopped ("27% finished" read as completed).
        auto *progress = run->runBar()->findChild<QProgressBar *>(QStringLiteral("runProgress"));
        QVERIFY(progress);
        QVERIFY2(progress->text().endsWith(QLatin1String("% stopped")), qPrintable(progress->text()));
    } else if (stateBefore == "running") {
        c->setSpeed(1);
        run->runBar()->runAction()->trigger();
        QCOMPARE(c->state(), RunController::State::Running);
    }
    QVERIFY(run->runBar()->timeText() != QStringLiteral("t = –"));

    if (stateBefore == "stopped")
        window.grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/runstate-before-new.png"));
    // File > New > Empty model replaces the document.
    window.document()->resetModel(emptyModel());
    QCOMPARE(c->state(), RunController::State::Idle);
    QVERIFY(!c->result().has_value());
    QCOMPARE(run->overlay()->flowItemCount(), 0);
    QCOMPARE(strayPaths(window.scene()), 0);
    QCOMPARE(window.scene()->items().size(), 0); // an empty model draws nothing
    QCOMPARE(chartPoints(run->charts()), 0);
    QVERIFY(!run->summary()->run().has_value());
    QCOMPARE(run->runBar()->timeText(), QStringLiteral("t = –"));
    auto *rate = run->runBar()->findChild<QLabel *>(QStringLiteral("rateLabel"));
    QVERIFY(rate);
    QVERIFY(rate->text().isEmpty());
    QCOMPARE(c->engineEvents(), quint64(0));
    QVERIFY(!run->runBar()->stopAction()->isEnabled());

    // Nothing of the old run arrives later either (queued samples, the summary timer).
    QTest::qWait(300);
    if (stateBefore == "stopped")
        window.grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/runstate-after-new.png"));
    QCOMPARE(chartPoints(run->charts()), 0);
    QVERIFY(!run->summary()->run().has_value());
    QCOMPARE(strayPaths(window.scene()), 0);

    // Reopening the example shows clean nodes: no badge from the old run.
    QVERIFY(window.fileController()->openExample(QStringLiteral(":/examples/netflix-viewing.cqrs.json")));
    QCOMPARE(badges(window.scene(), netflix), 0);
    QCOMPARE(strayPaths(window.scene()), 0);
}

void TestRunState::openFileDropsTheRun()
{
    MainWindow window;
    window.show();
    QVERIFY(window.fileController()->openExample(QStringLiteral(":/examples/user-profile.cqrs.json")));
    RunUi *run = window.runUi();
    RunController *c = run->controller();
    QSignalSpy finished(c, &RunController::runFinished);
    c->setSpeed(0);
    QVERIFY(c->start(window.document()->model()));
    QVERIFY(finished.wait(30000));
    QTRY_VERIFY(run->summary()->run().has_value());

    QTemporaryDir dir;
    const QString path = dir.filePath("other.cqrs.json");
    Model other = testing::example("uber-trips.cqrs.json");
    QVERIFY(saveModelFile(other, path.toStdString()));
    QVERIFY(window.fileController()->openFile(path));
    QCOMPARE(c->state(), RunController::State::Idle);
    QVERIFY(!run->summary()->run().has_value());
    QCOMPARE(chartPoints(run->charts()), 0);
    QCOMPARE(strayPaths(window.scene()), 0);
    QCOMPARE(badges(window.scene(), window.document()->model()), 0);
}

void TestRunState::scheduledOutageIsAModelEdit()
{
    MainWindow window;
    window.show();
    QVERIFY(window.fileController()->openExample(QStringLiteral(":/examples/user-profile.cqrs.json")));
    RunUi *run = window.runUi();
    RunController *c = run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    QVERIFY(c->startPaused(window.document()->model()));
    c->runTo(42);
    QVERIFY(paused.wait(20000));
    QCOMPARE(c->time(), 42.0);

    const std::size_t before = window.document()->model().readModel("user-view")->outages.size();
    const int steps = window.document()->undoStack()->count();
    QSignalSpy messages(c, &RunController::message);
    run->scheduleOutage("user-view", 25);
    QTRY_COMPARE(window.document()->model().readModel("user-view")->outages.size(), before + 1);
    const Outage &added = window.document()->model().readModel("user-view")->outages.back();
    QCOMPARE(added.at, 42.0); // where the paused simulation took it down
    QCOMPARE(added.duration, 25.0);
    QCOMPARE(window.document()->undoStack()->count(), steps + 1);
    QVERIFY(messages.wait(5000) || !messages.isEmpty());
    for (const QList<QVariant> &m : messages) // the run was told, and nothing "takes effect on the next run"
        QVERIFY2(!m.at(0).toString().contains(QStringLiteral("next run")), qPrintable(m.at(0).toString()));

    // A second one is its own undo step.
    run->scheduleOutage("user-view", 5);
    QTRY_COMPARE(window.document()->undoStack()->count(), steps + 2);

    // The Inspector's table shows the outages of the selected read model.
    window.scene()->selectElements({"user-view"});
    auto *table = window.findChild<QTableWidget *>(QStringLiteral("outages"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), int(before + 2));
    QCOMPARE(table->item(int(before), 0)->text(), QStringLiteral("42"));

    // Undo takes them out of the model again.
    window.document()->undoStack()->undo();
    window.document()->undoStack()->undo();
    QCOMPARE(window.document()->model().readModel("user-view")->outages.size(), before);
    QTRY_COMPARE(table->rowCount(), int(before));

    // Between two tenths of a second, the outage starts at the next tenth:
    // the Inspector shows 47.1, not the simulation's exact time.
    c->runTo(47.04);
    QVERIFY(paused.wait(20000));
    QCOMPARE(c->time(), 47.04);
    run->scheduleOutage("user-view", 5);
    QTRY_COMPARE(window.document()->model().readModel("user-view")->outages.size(), before + 1);
    QCOMPARE(window.document()->model().readModel("user-view")->outages.back().at, 47.1);
    QCOMPARE(table->item(int(before), 0)->text(), QStringLiteral("47.1"));

    // The table grows with its rows: four outages are all in sight.
    for (int i = 0; i < 3; ++i)
        run->scheduleOutage("user-view", 1);
    QTRY_COMPARE(table->rowCount(), int(before + 4));
    QApplication::processEvents();
    for (int r = 0; r < table->rowCount(); ++r) {
        QVERIFY2(table->rowViewportPosition(r) >= 0, qPrintable(QString::number(r)));
        QVERIFY2(table->rowViewportPosition(r) + table->rowHeight(r) <= table->viewport()->height(),
                 qPrintable(QStringLiteral("row %1 of %2 out of sight").arg(r).arg(table->rowCount())));
    }
}

void TestRunState::scheduledRebuildIsAModelEdit()
{
    MainWindow window;
    window.show();
    QVERIFY(window.fileController()->openExample(QStringLiteral(":/examples/user-profile.cqrs.json")));
    RunUi *run = window.runUi();
    RunController *c = run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    QVERIFY(c->startPaused(window.document()->model()));
    c->runTo(20);
    QVERIFY(paused.wait(20000));
    const std::size_t before = window.document()->model().readModel("search-index")->rebuilds.size();
    run->scheduleRebuild("search-index");
    QTRY_COMPARE(window.document()->model().readModel("search-index")->rebuilds.size(), before + 1);
    QCOMPARE(window.document()->model().readModel("search-index")->rebuilds.back().at, 20.0);
    window.scene()->selectElements({"search-index"});
    auto *table = window.findChild<QTableWidget *>(QStringLiteral("rebuilds"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), int(before + 1));
    window.document()->undoStack()->undo();
    QCOMPARE(window.document()->model().readModel("search-index")->rebuilds.size(), before);
}

void TestRunState::speedSuitsTheModel()
{
    // Every shipped example, opened and run with F5 at the speed the run bar
    // shows, moves the charts within about two seconds of wall time, and its
    // whole run plays in at most RunController::kWatchSeconds.
    for (const char *name : {"user-profile", "netflix-viewing", "amazon-orders", "uber-trips"}) {
        MainWindow window;
        window.show();
        QVERIFY(window.fileController()->openExample(QStringLiteral(":/examples/%1.cqrs.json").arg(QLatin1String(name))));
        RunUi *run = window.runUi();
        RunController *c = run->controller();
        const Model &model = window.document()->model();
        const double speed = c->speed();
        QVERIFY2(speed > 0, name);
        QCOMPARE(run->runBar()->speedBox()->currentData().toDouble(), speed);
        QVERIFY2(model.workload.duration / speed <= RunController::kWatchSeconds, name);
        // At 1x too: one sample interval of simulated time is at most 2 s.
        QVERIFY2(model.workload.effectiveSampleInterval() <= 2.0, name);

        // The first chart point is due after a sample interval at that
        // speed, two seconds at most. Timed with room for a loaded machine
        // under a sanitizer (3.5 s was seen there): a speed far too slow for
        // the model (a tenth of it) would still take longer.
        QSignalSpy samples(c, &RunController::samplesArrived);
        QElapsedTimer clock;
        clock.start();
        run->runBar()->runAction()->trigger();
        QVERIFY2(samples.wait(20000), name);
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QStringLiteral("%1: %2 ms").arg(name).arg(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(chartPoints(run->charts()) > 0, 2000);
        c->reset();
    }
    // A one-minute model plays at 1x.
    Model small = emptyModel();
    QCOMPARE(RunController::suggestedSpeed(small), 1.0);

    // A new version of the same file (Reload after a `git pull`), and its
    // undo, keep the speed the user chose; another model gets its own.
    MainWindow window;
    QVERIFY(window.fileController()->openExample(QStringLiteral(":/examples/netflix-viewing.cqrs.json")));
    RunController *c = window.runUi()->controller();
    const double suggested = c->speed();
    QVERIFY(suggested != 1.0);
    c->setSpeed(1.0);
    Model pulled = window.document()->model();
    pulled.workload.commandRate *= 2;
    window.document()->replaceModel(QStringLiteral("Reload"), pulled);
    QCOMPARE(c->speed(), 1.0);
    window.document()->undoStack()->undo();
    QCOMPARE(c->speed(), 1.0);
    window.document()->resetModel(testing::example("netflix-viewing.cqrs.json"));
    QCOMPARE(c->speed(), suggested);
}

void TestRunState::sampleIntervalDoesNotChangeTheResult_data()
{
    QTest::addColumn<QString>("example");
    for (const char *name : {"user-profile", "netflix-viewing", "amazon-orders", "uber-trips"})
        QTest::newRow(name) << QStringLiteral("%1.cqrs.json").arg(QLatin1String(name));
}

void TestRunState::sampleIntervalDoesNotChangeTheResult()
{
    // The examples sample every 2 s for the live charts; `cqrs-sim run`
    // (without --series) must print the same bytes at any interval.
    QFETCH(QString, example);
    const Model shipped = testing::example(qPrintable(example));
    QVERIFY(!shipped.readModels.empty());
    Model coarse = shipped;
    coarse.workload.sampleInterval = 30;
    auto bytes = [](const Model &model) {
        Json result = sim::simulate(model);
        result["engine"]["wallSeconds"] = 0;
        return sim::formatResult(result);
    };
    QCOMPARE(bytes(shipped), bytes(coarse));
}

QTEST_MAIN(TestRunState)
#include "tst_runstate.moc"
