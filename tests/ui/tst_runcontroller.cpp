// The live run through the run bar: a run on the worker thread equals the
// CLI's run, fills the charts, the summary and the canvas badges; pause,
// step, resume and stop.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/liveoverlay.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "runtestutil.h"
#include "testmodels.h"

#include <QAction>
#include <QComboBox>
#include <QSignalSpy>
#include <QTest>
#include <cqrs/sim/simulation.h>

using namespace cqrs;
using Studio = cqrs::testing::RunStudio;

class TestRunController : public QObject
{
    Q_OBJECT

private slots:
    void fullRunMatchesCli()
    {
        const Model model = testing::example("user-profile.cqrs.json", 120);
        Studio studio(model);
        studio.window.show();
        RunController *c = studio.controller();
        QSignalSpy finished(c, &RunController::runFinished);
        QSignalSpy samples(c, &RunController::samplesArrived);
        studio.run->runBar()->speedBox()->setCurrentIndex(studio.run->runBar()->speedBox()->count()
                                                          - 1);
        QCOMPARE(c->speed(), 0.0);
        studio.run->runBar()->runAction()->trigger();
        QCOMPARE(c->state(), RunController::State::Running);
        QVERIFY(finished.wait(30000));
        QCOMPARE(c->state(), RunController::State::Finished);
        QVERIFY(samples.count() > 0);

        // The summary's result is the CLI's result for the same model and seed.
        const Json expected = sim::simulate(model);
        QVERIFY(c->result().has_value());
        const RunResult &run = *c->result();
        QVERIFY(run.complete);
        QCOMPARE(run.time, 120.0);
        QCOMPARE(QString::fromStdString(testing::resultWithoutWallClock(*run.result).dump(2)),
                 QString::fromStdString(testing::resultWithoutWallClock(expected).dump(2)));
        QTRY_VERIFY(studio.run->summary()->run().has_value());
        QCOMPARE(studio.run->summary()->run()->text, run.text);
        QCOMPARE(run.text, QString::fromStdString(sim::formatResult(*run.result)));

        // Charts received points: about one per sample interval, and the distributions.
        ChartsPanel *charts = studio.run->charts();
        charts->refresh();
        const int samplesPerSeries = int(120 / model.workload.effectiveSampleInterval());
        QVERIFY2(charts->pointCount(ChartsPanel::Throughput) >= 5 * samplesPerSeries,
                 qPrintable(QString::number(charts->pointCount(ChartsPanel::Throughput))));
        QVERIFY(charts->pointCount(ChartsPanel::Window) > samplesPerSeries);
        QVERIFY(charts->pointCount(ChartsPanel::Backlog) >= samplesPerSeries);
        QVERIFY(charts->pointCount(ChartsPanel::Lag) >= samplesPerSeries);
        QVERIFY(charts->pointCount(ChartsPanel::Staleness) > 0);
        QVERIFY(charts->pointCount(ChartsPanel::Latency) > 0);
        QVERIFY(charts->pointCount(ChartsPanel::Histogram) > 0);
        QVERIFY(charts->pointCount(ChartsPanel::Cdf) > 0);

        // The summary a person reads: the numbers and the insights.
        const QString text = studio.run->summary()->plainText();
        QVERIFY2(text.contains(QStringLiteral("busiest stage")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("budget")));
        const Json &userView = expected["readModels"]["user-view"];
        QVERIFY(text.contains(formatCount(double(userView["applied"].get<std::uint64_t>()))));

        // The canvas came alive: a badge on the read model with backlog, lag and utilization.
        NodeItem *node = studio.scene->nodeItem("user-view");
        QVERIFY(node);
        QTRY_VERIFY2(node->badge().contains(QLatin1Char('%')), qPrintable(node->badge()));
        // Its figures in words on hover (it had no tool tip).
        QVERIFY2(node->toolTip().contains(QStringLiteral("(backlog)"))
                     && node->toolTip().contains(QStringLiteral("% busy")),
                 qPrintable(node->toolTip()));
        // An interview hides the figures: the tool tip too.
        node->setFiguresHidden(true);
        QVERIFY(!node->toolTip().contains(QStringLiteral("(backlog)")));
        node->setFiguresHidden(false);
        QVERIFY(node->toolTip().contains(QStringLiteral("(backlog)")));
        QVERIFY(studio.run->overlay()->flowEnabled());
        QVERIFY(studio.run->overlay()->flowItemCount() > 0);

        // The run is over (no more samples): the halo and the flows follow
        // the node all the same. Deleted, they went with it (a green ring
        // and a dashed arc stayed where it had been); undone, they and the
        // badge are back; moved, the halo goes along.
        const LiveOverlay *overlay = studio.run->overlay();
        QVERIFY(overlay->halo("user-view") && overlay->halo("user-view")->isVisible());
        const std::string serves = "user-view>serves>get-user";
        QVERIFY(overlay->flowWidth(serves) > 0);
        studio.document.deleteItems({"user-view"}, {}, {});
        QVERIFY(!studio.scene->nodeItem("user-view"));
        QTRY_VERIFY(!overlay->halo("user-view")->isVisible());
        QCOMPARE(overlay->flowWidth(serves), 0.0);
        studio.document.undoStack()->undo();
        node = studio.scene->nodeItem("user-view");
        QVERIFY(node);
        QTRY_VERIFY(overlay->halo("user-view")->isVisible());
        QVERIFY(overlay->flowWidth(serves) > 0);
        QVERIFY2(node->badge().contains(QLatin1Char('%')), qPrintable(node->badge()));
        const QPointF away = node->pos() + QPointF(0, 400);
        studio.document.moveItems({{"user-view", away}}, {});
        QTRY_VERIFY(overlay->halo("user-view")->sceneBoundingRect().contains(node->sceneBody()));
        // Renamed after the run: the halo stays with it (it was hidden, the badge left).
        QVERIFY(studio.document.renameElement("user-view", "profile-view"));
        node = studio.scene->nodeItem("profile-view");
        QVERIFY(node);
        QTRY_VERIFY(overlay->halo("user-view")->isVisible());
        QVERIFY(overlay->halo("user-view")->sceneBoundingRect().contains(node->sceneBody()));
        QVERIFY(!node->badge().isEmpty());

        // Reset drops the run, its charts and badges.
        studio.run->runBar()->resetAction()->trigger();
        QCOMPARE(c->state(), RunController::State::Idle);
        QCOMPARE(charts->pointCount(ChartsPanel::Throughput), 0);
        QVERIFY(node->badge().isEmpty());
        QVERIFY(!node->toolTip().contains(QStringLiteral("(backlog)")));
    }

    void pauseStepResume()
    {
        Studio studio(testing::example("user-profile.cqrs.json", 600));
        RunController *c = studio.controller();
        c->setSpeed(10); // 10 simulated seconds per second
        QVERIFY(c->start(studio.document.model()));
        QVERIFY(QTest::qWaitFor([&] { return c->time() > 1.0; }, 10000));

        QSignalSpy paused(c, &RunController::pausedAt);
        studio.run->runBar()->pauseAction()->trigger();
        QCOMPARE(c->state(), RunController::State::Paused);
        QVERIFY(paused.wait(5000));
        const double t1 = c->time();
        QCOMPARE(paused.last().at(0).toDouble(), t1);
        // Nothing advances while paused.
        QSignalSpy samples(c, &RunController::samplesArrived);
        QTest::qWait(400);
        QCOMPARE(c->time(), t1);
        QCOMPARE(samples.count(), 0);
        QCOMPARE(c->state(), RunController::State::Paused);

        // Step: exactly one sample interval.
        studio.run->runBar()->stepAction()->trigger();
        QVERIFY(paused.wait(5000));
        const double t2 = c->time();
        QVERIFY2(
            qAbs(t2 - t1 - c->sampleInterval()) < 1e-9,
            qPrintable(
                QStringLiteral("%1 -> %2, interval %3").arg(t1).arg(t2).arg(c->sampleInterval())));
        QCOMPARE(c->state(), RunController::State::Paused);
        studio.run->runBar()->stepAction()->trigger();
        QVERIFY(paused.wait(5000));
        QVERIFY(qAbs(c->time() - t2 - c->sampleInterval()) < 1e-9);
        const double t3 = c->time();

        // Resume: time moves on at the chosen speed.
        studio.run->runBar()->runAction()->trigger();
        QCOMPARE(c->state(), RunController::State::Running);
        QVERIFY(QTest::qWaitFor([&] { return c->time() > t3 + 0.5; }, 5000));
        // At 10x, one wall second is at most about ten simulated seconds.
        QTest::qWait(500);
        QVERIFY2(c->time() < t3 + 20, qPrintable(QString::number(c->time() - t3)));

        // Stop: the summary shows what was simulated.
        QSignalSpy finished(c, &RunController::runFinished);
        studio.run->runBar()->stopAction()->trigger();
        QVERIFY(finished.wait(5000));
        QCOMPARE(c->state(), RunController::State::Finished);
        QVERIFY(!c->result()->complete);
        QVERIFY(c->result()->time < 600);
        QCOMPARE((*c->result()->result)["simulatedSeconds"].get<double>(), c->result()->time);
    }
};

QTEST_MAIN(TestRunController)
#include "tst_runcontroller.moc"
