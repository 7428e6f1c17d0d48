// The end of a live run on the GUI thread (issue 9, GUI lateness): the
// summary is laid out once, not once per step that feeds it, and shown in
// an event of its own the first time; it says what a summary built in one
// go from the same run says.
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "runtestutil.h"
#include "testmodels.h"

#include <QDir>
#include <QDockWidget>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <cqrs/sim/simulation.h>

using namespace cqrs;
using Studio = cqrs::testing::RunStudio;

namespace {

/// No queries: no stale read to find after the run, so nothing but the end of
/// the run itself rewrites the summary.
Model modelWithoutQueries()
{
    Model model = testing::exampleModel("user-profile.cqrs.json", 60);
    model.queries.clear();
    for (Command &command : model.commands)
        command.followUp.reset();
    return model;
}

} // namespace

class TestEndOfRun : public QObject
{
    Q_OBJECT

private slots:
    void summaryIsLaidOutOnceAndShownInItsOwnEvent()
    {
        Model model = modelWithoutQueries();
        Studio studio(model);
        studio.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio.window));
        RunController *c = studio.controller();
        c->setSpeed(0);
        auto *view = studio.run->summary()->findChild<QTextBrowser *>(QStringLiteral("summaryView"));
        QVERIFY(view);
        QDockWidget *dock = studio.run->summaryDock();
        QVERIFY(dock->isHidden());

        // How often the summary's text is set after the run ends, and what it
        // says when its dock comes up.
        int rewrites = 0;
        bool finished = false;
        connect(view, &QTextBrowser::textChanged, this, [&] {
            if (finished)
                ++rewrites;
        });
        int rewritesWhenShown = -1;
        bool filledWhenShown = false;
        QString textWhenShown;
        connect(dock, &QDockWidget::visibilityChanged, this, [&](bool visible) {
            if (!visible || rewritesWhenShown >= 0)
                return;
            rewritesWhenShown = rewrites;
            filledWhenShown = studio.run->summary()->run().has_value();
            textWhenShown = studio.run->summary()->plainText();
        });
        // Whether the dock is up right after the event that fills the summary
        // (posted by the run UI at runFinished, just before this one).
        bool dockUpAfterFill = false;
        connect(c, &RunController::runFinished, this, [&] {
            finished = true;
            QTimer::singleShot(0, this, [&] { dockUpAfterFill = dock->isVisible(); });
        });

        QSignalSpy done(c, &RunController::runFinished);
        QVERIFY(c->start(model));
        QVERIFY(done.wait(30000));
        QTRY_VERIFY(dock->isVisible());
        QTRY_VERIFY(rewritesWhenShown >= 0);
        // Filled before it is shown, with one layout of the text: before, the
        // markers set after the result laid the same text out a second time.
        QVERIFY(filledWhenShown);
        QCOMPARE(rewritesWhenShown, 1);
        QVERIFY(!dockUpAfterFill);
        QCOMPARE(rewrites, 1);

        // The same text as a summary built in one go from the run and its markers.
        SummaryWidget fresh;
        fresh.showResult(c->model(), *c->result());
        fresh.setMarkers(studio.run->markers().markers());
        QVERIFY(!textWhenShown.isEmpty());
        QCOMPARE(textWhenShown, fresh.plainText());
        QCOMPARE(studio.run->summary()->html(), fresh.html());
        // What a user sees at the end of the run: the summary dock beside the canvas and charts.
        QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
        QTest::qWait(500); // the charts' refresh timer draws the last points, one chart per tick
        QVERIFY(studio.window.grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/endofrun-summary.png")));

        // A second run, the dock already up: filled once, in the same event.
        rewrites = 0;
        finished = false;
        QSignalSpy again(c, &RunController::runFinished);
        // Another seed: the summary's text differs for sure, so it must be
        // laid out (same text is not, and the engine time alone may round alike).
        ++model.workload.seed;
        QVERIFY(c->start(model));
        QVERIFY(again.wait(30000));
        QTRY_VERIFY(studio.run->summary()->run().has_value());
        QCoreApplication::processEvents();
        QVERIFY(dock->isVisible());
        QCOMPARE(rewrites, 1);
        SummaryWidget second;
        second.showResult(c->model(), *c->result());
        second.setMarkers(studio.run->markers().markers());
        QCOMPARE(studio.run->summary()->plainText(), second.plainText());
    }

    void summaryKeepsTheWholeModelInView()
    {
        // The summary takes two fifths of the window's width when it comes
        // up: a canvas that showed the whole model showed only its left part
        // after the run (the queries were cut off).
        Model model = testing::exampleModel("user-profile.cqrs.json", 20);
        Studio studio(model);
        // Tall enough that the fitted model is wider than what the summary leaves.
        studio.window.resize(1280, 1400);
        studio.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio.window));
        auto *canvas = qobject_cast<CanvasView *>(studio.window.centralWidget());
        QVERIFY(canvas);
        RunController *c = studio.controller();
        c->setSpeed(0);
        QDockWidget *summary = studio.run->summaryDock();
        const auto runOnce = [&] {
            QSignalSpy done(c, &RunController::runFinished);
            QVERIFY(c->start(model));
            QVERIFY(done.wait(30000));
            QTRY_VERIFY(summary->isVisible());
            QTRY_VERIFY(summary->width() >= studio.window.width() / 3);
        };
        // The first run places the charts (and fits the canvas to its new height).
        runOnce();
        if (QTest::currentTestFailed())
            return;
        // The summary closed, the whole model in view, as it is while a run goes on.
        summary->hide();
        QTest::qWait(50);
        canvas->fitAll();
        QVERIFY(canvas->showsAll());
        runOnce();
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY(canvas->showsAll());

        // A canvas the user zoomed into keeps its zoom.
        summary->hide();
        QTest::qWait(50);
        canvas->setZoom(2.0);
        QVERIFY(!canvas->showsAll());
        // Fitted means the fit's zoom: zoomed in a little, a model may still
        // show whole, and is the user's view, not a fit to keep.
        canvas->fitAll();
        QVERIFY(canvas->isFitted());
        canvas->setZoom(canvas->zoom() * 1.2);
        QVERIFY(!canvas->isFitted());
        canvas->setZoom(2.0);
        runOnce();
        if (QTest::currentTestFailed())
            return;
        QTest::qWait(50);
        QCOMPARE(canvas->zoom(), 2.0);
    }

    void sameTextIsNotLaidOutAgain()
    {
        // The summary on its own: markers it already shows change nothing.
        const Model model = modelWithoutQueries();
        const Json result = sim::simulate(model);
        RunResult run;
        run.result = std::make_shared<const Json>(result);
        run.complete = true;
        run.time = model.workload.duration;
        SummaryWidget summary;
        summary.show();
        QVERIFY(QTest::qWaitForWindowExposed(&summary));
        auto *view = summary.findChild<QTextBrowser *>(QStringLiteral("summaryView"));
        QVERIFY(view);
        QSignalSpy changed(view, &QTextBrowser::textChanged);
        summary.showResult(model, run);
        QCOMPARE(changed.count(), 1);
        const QString html = summary.html();
        summary.setMarkers({});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(summary.html(), html);
        // A new marker is new text: laid out again.
        RunMarker marker;
        marker.kind = RunMarker::Kind::Outage;
        marker.start = 10;
        marker.end = 20;
        marker.description = QStringLiteral("outage of something");
        summary.setMarkers({marker});
        QCOMPARE(changed.count(), 2);
        QVERIFY(summary.plainText().contains(QStringLiteral("outage of something")));
        // Cleared, then the same result again: shown again.
        summary.clear();
        const int afterClear = int(changed.count());
        summary.showResult(model, run);
        QCOMPARE(changed.count(), afterClear + 1);
        QVERIFY(summary.run().has_value());
    }
};

QTEST_MAIN(TestEndOfRun)
#include "tst_endofrun.moc"
