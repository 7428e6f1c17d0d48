// The run UI in the main window (the Run menu, its shortcuts, an
// inspector-style edit reaching the engine) and a node's run actions.
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "runtestutil.h"
#include "testmodels.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace cqrs;
using Studio = cqrs::testing::RunStudio;

class TestRunUi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(
            true); // the main window's settings stay out of the user's
        QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
    }

    void mainWindowIntegration()
    {
        MainWindow window;
        RunUi *run = window.runUi();
        QVERIFY(run);
        // The Run menu sits before Help and carries the run bar's actions and shortcuts.
        QStringList menus;
        for (QAction *a : window.menuBar()->actions())
            menus.append(a->text().remove(QLatin1Char('&')));
        const qsizetype runIndex = menus.indexOf(QStringLiteral("Run"));
        QVERIFY2(runIndex >= 0 && runIndex < menus.indexOf(QStringLiteral("Help")),
                 qPrintable(menus.join(',')));
        QCOMPARE(run->runBar()->runAction()->shortcut(), QKeySequence(Qt::Key_F5));
        QCOMPARE(run->runBar()->pauseAction()->shortcut(), QKeySequence(Qt::Key_F6));
        QCOMPARE(run->runBar()->stepAction()->shortcut(), QKeySequence(Qt::Key_F10));
        QCOMPARE(run->runBar()->stopAction()->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F5));
        QVERIFY(run->runMenu()->actions().contains(run->runBar()->runAction()));
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("liveChartsDock")));

        // Run the document the window has open; an inspector-style edit reaches the engine.
        Model model = testing::example("user-profile.cqrs.json", 60);
        window.document()->resetModel(model);
        QSignalSpy paused(run->controller(), &RunController::pausedAt);
        QVERIFY(run->controller()->startPaused(window.document()->model()));
        run->controller()->runTo(10);
        QVERIFY(paused.wait(20000));
        QSignalSpy messages(run->controller(), &RunController::message);
        window.document()->changeValue<double>(
            QStringLiteral("Rate"), "model/workload.commandRate",
            ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, {}},
            [](Model &m) { return &m.workload.commandRate; }, 50.0);
        QVERIFY(messages.wait(5000));
        QVERIFY2(messages.last().at(0).toString().startsWith(
                     QStringLiteral("command rate = 50/s from t = ")),
                 qPrintable(messages.last().at(0).toString()));
        // Opening another model ends the run.
        window.document()->resetModel(testing::example("user-profile.cqrs.json", 30));
        QCOMPARE(run->controller()->state(), RunController::State::Idle);
    }

    void nodeContextActions()
    {
        const Model model = testing::example("user-profile.cqrs.json", 60);
        Studio studio(model);
        RunController *c = studio.controller();
        {
            QMenu idle;
            studio.run->addNodeActions(&idle, "user-view");
            QCOMPARE(idle.actions().size(), 3);          // separator, outage, rebuild
            QVERIFY(!idle.actions().at(1)->isEnabled()); // nothing to schedule without a run
            // The menu says why, and where to plan one instead.
            QVERIFY2(idle.actions().at(1)->toolTip().contains(
                         QStringLiteral("Outages in the Inspector")),
                     qPrintable(idle.actions().at(1)->toolTip()));
            QVERIFY2(idle.actions().at(2)->toolTip().contains(
                         QStringLiteral("Rebuilds in the Inspector")),
                     qPrintable(idle.actions().at(2)->toolTip()));
        }
        {
            // The Run menu's own entries say so too, where a menu shows tooltips.
            QMenu *run = studio.run->runMenu();
            QVERIFY(run->toolTipsVisible());
            auto *outage = run->findChild<QAction *>(QStringLiteral("scheduleOutageAction"));
            auto *rebuild = run->findChild<QAction *>(QStringLiteral("scheduleRebuildAction"));
            QVERIFY(outage && rebuild);
            QVERIFY(!outage->isEnabled() && !rebuild->isEnabled());
            QVERIFY2(outage->toolTip().contains(QStringLiteral("Only while the model runs")),
                     qPrintable(outage->toolTip()));
            QVERIFY2(rebuild->toolTip().contains(QStringLiteral("Rebuilds in the Inspector")),
                     qPrintable(rebuild->toolTip()));
        }
        QVERIFY(c->startPaused(model));
        QMenu menu;
        studio.run->addNodeActions(&menu, "user-view");
        QStringList texts;
        for (QAction *a : menu.actions())
            texts.append(a->text());
        QCOMPARE(texts, QStringList({QString(), QStringLiteral("Schedule Outage…"),
                                     QStringLiteral("Schedule Rebuild")}));
        QVERIFY(menu.actions().at(2)->isEnabled());
        QSignalSpy messages(c, &RunController::message);
        menu.actions().at(2)->trigger();
        QVERIFY(messages.wait(5000));
        QVERIFY2(messages.last().at(0).toString().startsWith(QStringLiteral("Rebuild of UserView")),
                 qPrintable(messages.last().at(0).toString()));
        // Commands and queries get nothing.
        QMenu none;
        studio.run->addNodeActions(&none, "get-user");
        QVERIFY(none.actions().isEmpty());
        // The canvas context menu hook: one selected read model gets the entries, a multiple
        // selection none.
        QMenu hook;
        studio.run->addContextActions(&hook, {"search-index"});
        QCOMPARE(hook.actions().size(), 3);
        QMenu many;
        studio.run->addContextActions(&many, {"search-index", "user-view"});
        QVERIFY(many.actions().isEmpty());
    }

    // The outage dialog said "Outage of user-view from now" while the run
    // went on: it opened at t = 43 s and the outage began at 47 s. Now it
    // names the element, the run holds still while it is open, and goes on.
    void outageDialogHoldsTheRun()
    {
        const Model model = testing::example("user-profile.cqrs.json", 3600);
        Studio studio(model);
        studio.window.show();
        RunController *c = studio.controller();
        c->setSpeed(1);
        QVERIFY(c->start(model));
        QTRY_VERIFY(c->time() > 0);
        QString asked;
        RunController::State meanwhile = RunController::State::Idle;
        QTimer::singleShot(300, &studio.window, [&] {
            auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            asked = dialog->labelText();
            meanwhile = c->state();
            dialog->setDoubleValue(20);
            dialog->accept();
        });
        QSignalSpy scheduled(c, &RunController::outageScheduled);
        QMenu menu;
        studio.run->addNodeActions(&menu, "user-view");
        menu.actions().at(1)->trigger();
        QVERIFY2(asked.startsWith(QStringLiteral("Take UserView down from t = ")),
                 qPrintable(asked));
        QCOMPARE(meanwhile, RunController::State::Paused);
        QTRY_COMPARE(scheduled.count(), 1);
        QCOMPARE(scheduled.first().at(2).toDouble(), 20.0);
        QCOMPARE(c->state(), RunController::State::Running);
        c->stop();
    }
};

QTEST_MAIN(TestRunUi)
#include "tst_runui.moc"
