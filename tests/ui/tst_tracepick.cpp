// Picking what to trace (issue 12): a click on the consistency-window chart
// traces a command committed at that moment; "Show Me a Stale Read" finds a
// journey with a stale read (or says there is none); the run summary's
// stale-read insight opens its trace; the duplicate storm's probability; a
// second what-if on the same target while the first is on its way is refused.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runmarkers.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/trace/tracejob.h"
#include "cqrs/ui/trace/traceview.h"
#include "cqrs/ui/trace/tracewindow.h"
#include "runtestutil.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextBrowser>
#include <QToolBar>
#include <QtTest>
#include <cmath>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

using namespace cqrs;

namespace {

/// testmodels.h's "Pick" model for 40 s with a sample every half second:
/// `rename` reaches the slow `view` (reads of the key in the next half second
/// are stale), `tag` only the quick `tags`.
Model pickModel()
{
    Model model = testing::pickModel();
    model.workload.duration = 40;
    model.workload.sampleInterval = 0.5;
    return model;
}

/// Runs the studio's model to its end at full speed.
bool runToEnd(testing::RunStudio &studio, const Model &model)
{
    RunController *c = studio.run->controller();
    QSignalSpy finished(c, &RunController::runFinished);
    c->setSpeed(0);
    if (!c->startPaused(model))
        return false;
    c->runTo(model.workload.duration);
    return finished.wait(30000);
}

/// Runs it to `t` and pauses there.
bool runTo(testing::RunStudio &studio, const Model &model, double t)
{
    RunController *c = studio.run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    c->setSpeed(0);
    if (!c->startPaused(model))
        return false;
    c->runTo(t);
    return paused.wait(20000) && c->time() == t;
}

QAction *barAction(testing::RunStudio &studio, const char *name)
{
    for (QAction *a : studio.run->whatIfBar()->actions()) {
        if (a->objectName() == QLatin1String(name))
            return a;
    }
    return nullptr;
}

} // namespace

class TestTracePick : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void clickOnWindowChartTracesThatMoment();
    void staleReadFound();
    void lanesShowTheCanvasNames();
    void staleReadNoneWithFreshReads();
    void staleReadCancel();
    void summaryInsightOpensTheTrace();
    void stormProbability();
    void secondWhatIfOnTheSameTargetRefused();
};

void TestTracePick::clickOnWindowChartTracesThatMoment()
{
    const Model model = pickModel();
    testing::RunStudio studio(model);
    studio.showAllCharts();
    QVERIFY(runToEnd(studio, model));
    ChartsPanel *charts = studio.run->charts();
    charts->setEnlarged(ChartsPanel::Window);
    charts->setFocusReadModel(QStringLiteral("view"));
    charts->refresh();
    QVERIFY(charts->canPickTrace());
    QChartView *view = charts->chartView(ChartsPanel::Window);
    QTRY_VERIFY(view->chart()->plotArea().width() > 200);

    // Where t = 12.5 s is on the plot (halfway up).
    const double t = 12.5;
    QChart *chart = view->chart();
    auto pointAt = [&] {
        const QRectF plot = chart->plotArea();
        QPointF inChart = chart->mapToPosition(QPointF(t, 0), chart->series().front());
        inChart.setY(plot.center().y());
        return view->mapFromScene(chart->mapToScene(inChart));
    };
    QPoint pos = pointAt();

    // The cue: a pointing hand over the plot, a tooltip saying what a click does.
    QTest::mouseMove(view->viewport(), pos);
    QTRY_COMPARE(view->viewport()->cursor().shape(), Qt::PointingHandCursor);
    QVERIFY(view->viewport()->toolTip().contains(QStringLiteral("trace a command")));

    // A double click enlarges (or shrinks) the chart; it traces nothing.
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, pos);
    QTest::qWait(QApplication::doubleClickInterval() + 200);
    QVERIFY(!studio.window.findChild<TraceWindow *>());
    charts->setEnlarged(ChartsPanel::Window);
    // Laid out, its axis labels fitted: the plot the same at two looks in a row.
    QRectF lastPlot;
    const auto settled = [&] {
        const QRectF now = view->chart()->plotArea();
        const bool same = now == lastPlot && now.width() > 200;
        lastPlot = now;
        return same;
    };
    QTRY_VERIFY(settled());
    pos = pointAt();
    QVERIFY(!std::isnan(t) && charts->canPickTrace());

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, pos);
    TraceWindow *window = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((window = studio.window.findChild<TraceWindow *>()) != nullptr, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning() && window->view()->hasTrace(), 20000);
    const sim::Trace &trace = window->view()->trace();
    QVERIFY2(std::abs(trace.at - t) < 0.05, qPrintable(QString::number(trace.at)));
    QCOMPARE(trace.requestedReaching, std::string("view"));
    QCOMPARE(trace.commandType, std::string("rename")); // the only command whose events reach view
    QVERIFY(trace.issuedAt >= trace.at);
    QVERIFY(trace.committedAt);
    QVERIFY2(*trace.committedAt - t < 5.0, qPrintable(QString::number(*trace.committedAt)));
    // The same journey as the engine's trace of that request, with the run's seed.
    sim::SimulationOptions options;
    options.trace = sim::TraceRequest(trace.at, {}, "view");
    sim::Simulation s(model, options);
    s.runToEnd();
    QCOMPARE(sim::formatTrace(trace), sim::formatTrace(*s.trace()));

    // All read models shown: the line nearest the pointer decides. With no
    // listener (a recorded run's panel) a click picks nothing.
    ChartsPanel lonely;
    QVERIFY(!lonely.canPickTrace());
    QVERIFY(!lonely.requestTraceAt(QPoint(10, 10)));
}

void TestTracePick::staleReadFound()
{
    TraceWindow window;
    window.setModel(pickModel());
    window.resize(700, 320); // the stale read has to be scrolled into view
    window.show();
    QSignalSpy ready(&window, &TraceWindow::traceReady);
    window.setRequest(QString(), 10.0);
    QTest::mouseClick(window.staleReadButton(), Qt::LeftButton);
    QVERIFY(window.cancelButton()->isEnabled());
    QVERIFY(ready.wait(20000));
    QVERIFY(window.view()->hasTrace());
    const sim::Trace &t = window.view()->trace();
    QVERIFY(t.requestedStaleRead);
    const int read = window.view()->highlightedRead();
    QVERIFY(read >= 0);
    QCOMPARE(read, sim::firstStaleRead(t));
    QVERIFY(t.reads[std::size_t(read)].stale);
    QVERIFY2(window.status().contains(QStringLiteral("saw old data (stale by")),
             qPrintable(window.status()));
    QVERIFY(!window.cancelButton()->isEnabled());
    // Ringed where the window shows it.
    const QRect ring = window.view()->readRect(read);
    QVERIFY(!ring.isEmpty());
    // The window is shorter than the lanes: the view keeps them all and the
    // window scrolls (the view was once squeezed to the window's height,
    // cutting off the reads' lane and the legend).
    QTRY_VERIFY(window.view()->height() >= ring.bottom() + 1);
    QVERIFY(window.scrollArea()->verticalScrollBar()->maximum() > 0);
    QTRY_VERIFY(window.scrollArea()->viewport()->rect().intersects(
        ring.translated(window.view()->mapTo(window.scrollArea()->viewport(), QPoint(0, 0)))));
    // The ring is drawn: more of the stale colour around the read than without it.
    auto stalePixels = [&] {
        const QImage image = window.view()->grab().toImage();
        int n = 0;
        const QRect area = ring.adjusted(-4, -4, 4, 4).intersected(image.rect());
        for (int y = area.top(); y <= area.bottom(); ++y) {
            for (int x = area.left(); x <= area.right(); ++x)
                n += image.pixelColor(x, y) == TraceView::staleColor() ? 1 : 0;
        }
        return n;
    };
    // Its staleness is said beside the ring, not again under it, where the
    // label ran into the ring: nothing reddish around the ring, below its
    // top, outside the ring itself.
    auto labelPixels = [&] {
        const QImage image = window.view()->grab().toImage();
        const QPointF centre(ring.center().x(), ring.center().y() + 2);
        const QRect area = QRect(ring.center().x() - 40, ring.center().y() - 2, 80,
                                 ring.bottom() - ring.center().y() + 2)
                               .intersected(image.rect());
        int n = 0;
        for (int y = area.top(); y <= area.bottom(); ++y) {
            for (int x = area.left(); x <= area.right(); ++x) {
                const QColor c = image.pixelColor(x, y);
                const bool reddish = c.red() > 150 && c.green() < 150 && c.blue() < 150;
                n += reddish && QLineF(centre, QPointF(x, y)).length() > 15 ? 1 : 0;
            }
        }
        return n;
    };
    QCOMPARE(labelPixels(), 0);
    const int ringed = stalePixels();
    window.view()->setHighlightedRead(-1);
    QVERIFY2(ringed > stalePixels() + 20, qPrintable(QString::number(ringed)));
    // Not ringed, the read has its label under it again.
    QVERIFY2(labelPixels() > 10, qPrintable(QString::number(labelPixels())));

    // Later in a longer run, the moment is in seconds as the trace gives it
    // ("issued at 150.2 s"), not "at 2.51 min".
    Model longer = pickModel();
    longer.workload.duration = 300;
    window.setModel(longer);
    window.setRequest(QString(), 150.0);
    QTest::mouseClick(window.staleReadButton(), Qt::LeftButton);
    QVERIFY(ready.wait(20000));
    const sim::Trace &late = window.view()->trace();
    const sim::TraceRead &lateRead = late.reads[std::size_t(sim::firstStaleRead(late))];
    const QRegularExpression at(QStringLiteral("A read of .* at ([0-9.,]+) s saw old data"));
    const QRegularExpressionMatch said = at.match(window.status());
    QVERIFY2(said.hasMatch(), qPrintable(window.status()));
    QVERIFY2(
        std::abs(QLocale().toDouble(said.captured(1)) - lateRead.servedAt.value_or(lateRead.at))
            < 0.001,
        qPrintable(window.status()));
}

// The lanes and the status line showed the trace's ids ("view",
// "continue-watching") where the canvas and the pickers show names.
void TestTracePick::lanesShowTheCanvasNames()
{
    TraceWindow window;
    Model model = pickModel();
    for (Command &c : model.commands)
        c.name = "Cmd " + c.id;
    for (ReadModel &r : model.readModels)
        r.name = "Projection " + r.id;
    for (Query &q : model.queries)
        q.name = "Screen " + q.id;
    window.setModel(model);
    window.show();
    QSignalSpy ready(&window, &TraceWindow::traceReady);
    window.setRequest(QString(), 10.0);
    QTest::mouseClick(window.staleReadButton(), Qt::LeftButton);
    QVERIFY(ready.wait(20000));
    const sim::Trace &t = window.view()->trace();
    const int read = window.view()->highlightedRead();
    QVERIFY(read >= 0);
    const QString query = QString::fromStdString(t.reads[std::size_t(read)].query);
    QVERIFY2(window.status().contains(QStringLiteral("A read of Screen %1").arg(query)),
             qPrintable(window.status()));
    QVERIFY2(window.view()->headline().startsWith(QStringLiteral("Cmd ")),
             qPrintable(window.view()->headline()));
    QStringList titles, details;
    for (const TraceView::Lane &lane : window.view()->lanes()) {
        titles << lane.title;
        details << lane.detail;
    }
    QVERIFY2(titles.contains(QStringLiteral("Projection view")),
             qPrintable(titles.join(QStringLiteral(", "))));
    QVERIFY2(titles.contains(QStringLiteral("Reads: Screen %1").arg(query)),
             qPrintable(titles.join(QStringLiteral(", "))));
    QVERIFY2(details.first().startsWith(QStringLiteral("Cmd ")), qPrintable(details.first()));
}

void TestTracePick::staleReadNoneWithFreshReads()
{
    Model model = pickModel();
    model.queries[0].consistency.strategy = Strategy::ReadFromWriteModel;
    TraceWindow window;
    window.setModel(model);
    QSignalSpy ready(&window, &TraceWindow::traceReady);
    window.setRequest(QString(), 10.0);
    window.findStaleRead();
    QVERIFY(ready.wait(20000));
    QVERIFY(!window.view()->hasTrace());
    QVERIFY2(window.status().startsWith(QStringLiteral("No stale read: none of the ")),
             qPrintable(window.status()));
    QVERIFY(window.status().contains(QStringLiteral("seed 3")));
}

void TestTracePick::staleReadCancel()
{
    Model model = pickModel();
    model.queries[0].consistency.strategy = Strategy::ReadFromWriteModel;
    model.workload.duration = 1e6; // far longer than a test waits
    TraceWindow window;
    window.setModel(model);
    QSignalSpy ready(&window, &TraceWindow::traceReady);
    window.findStaleRead();
    QVERIFY(window.isRunning());
    QTest::qWait(300);
    QTest::mouseClick(window.cancelButton(), Qt::LeftButton);
    QVERIFY(ready.wait(20000));
    QVERIFY2(window.status().startsWith(QStringLiteral("Cancelled at")),
             qPrintable(window.status()));
    QVERIFY(window.staleReadButton()->isEnabled());
}

void TestTracePick::summaryInsightOpensTheTrace()
{
    // Named as the canvas and the summary's tables name them (the insight
    // once said "a read of get ... after rename").
    Model model = pickModel();
    for (Command &c : model.commands)
        c.name = "Cmd " + c.id;
    for (Query &q : model.queries)
        q.name = "Screen " + q.id;
    testing::RunStudio studio(model);
    QVERIFY(runToEnd(studio, model));
    SummaryWidget *summary = studio.run->summary();
    QTRY_VERIFY_WITH_TIMEOUT(summary->staleReadTrace().has_value(), 20000);
    // A real trace: the engine's first stale-read journey from the warm-up end.
    sim::SimulationOptions options;
    options.trace = sim::TraceRequest(std::nullopt, {}, {}, true);
    sim::Simulation s(model, options);
    s.runToEnd();
    const sim::Trace &expected = *s.trace();
    QCOMPARE(sim::formatTrace(*summary->staleReadTrace()), sim::formatTrace(expected));
    const sim::TraceRead &read = expected.reads[std::size_t(sim::firstStaleRead(expected))];
    const QString text = summary->plainText();
    QVERIFY2(text.contains(QStringLiteral("A read of Screen get at %1 saw old data (stale by %2)")
                               .arg(formatMoment(*read.servedAt, model.workload.duration),
                                    formatSeconds(read.staleness))),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(" after Cmd %1 on key")
                               .arg(QString::fromStdString(expected.commandType))),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("open the trace")));
    QVERIFY(summary->html().contains(SummaryWidget::traceLink()));

    // The link opens the Trace window on that very journey, the read ringed.
    auto *browser = summary->findChild<QTextBrowser *>();
    QVERIFY(browser);
    emit browser->anchorClicked(QUrl(SummaryWidget::traceLink()));
    auto *window = studio.window.findChild<TraceWindow *>();
    QVERIFY(window);
    QVERIFY(window->isVisible());
    QCOMPARE(sim::formatTrace(window->view()->trace()), sim::formatTrace(expected));
    QCOMPARE(window->view()->highlightedRead(), sim::firstStaleRead(expected));
    // Its fields name that command (they read "any type, at or after 0 s"),
    // and Trace follows the same command again.
    QSignalSpy traced(window, &TraceWindow::traceReady);
    window->startTrace();
    QVERIFY(traced.wait(20000));
    QVERIFY(window->view()->hasTrace());
    QCOMPARE(window->view()->trace().commandType, expected.commandType);
    QCOMPARE(window->view()->trace().issuedAt, expected.issuedAt);
    QCOMPARE(window->view()->trace().key, expected.key);

    // A new run drops it until its own search is done.
    studio.run->controller()->reset();
    QTRY_VERIFY(!summary->staleReadTrace().has_value());
}

void TestTracePick::stormProbability()
{
    const Model model = testing::exampleModel("user-profile.cqrs.json", 40);
    testing::RunStudio studio(model);
    QVERIFY(runTo(studio, model, 10));
    auto *probability
        = studio.run->whatIfBar()->findChild<QDoubleSpinBox *>(QStringLiteral("whatIfProbability"));
    QVERIFY(probability);
    QCOMPARE(probability->value(), 0.5);
    // The field cannot hold 0 or more than 1.
    probability->setValue(0);
    QVERIFY(probability->value() > 0);
    probability->setValue(7);
    QCOMPARE(probability->value(), 1.0);
    // Typed: a 0 becomes the least allowed, in sight (it went back to the
    // value before without a word).
    probability->setValue(0.5);
    auto *typed = probability->findChild<QLineEdit *>();
    QVERIFY(typed);
    typed->selectAll();
    QTest::keyClicks(typed, QStringLiteral("0"));
    QTest::keyClick(typed, Qt::Key_Return);
    QCOMPARE(probability->value(), 0.01);
    // An emptied field is no number: the value before stays.
    probability->setValue(0.3);
    typed->selectAll();
    QTest::keyClick(typed, Qt::Key_Backspace);
    QTest::keyClick(typed, Qt::Key_Return);
    QCOMPARE(probability->value(), 0.3);
    // The duration takes a unit, as the inspector's seconds do; out of
    // range becomes the nearest allowed, in sight.
    auto *seconds
        = studio.run->whatIfBar()->findChild<QDoubleSpinBox *>(QStringLiteral("whatIfSeconds"));
    QVERIFY(seconds);
    QLineEdit *secondsText = seconds->findChild<QLineEdit *>();
    secondsText->selectAll();
    QTest::keyClicks(secondsText, QStringLiteral("2 min"));
    QTest::keyClick(secondsText, Qt::Key_Return);
    QVERIFY(seconds->value() == 120.0);
    secondsText->selectAll();
    QTest::keyClicks(secondsText, QStringLiteral("20 ms"));
    QTest::keyClick(secondsText, Qt::Key_Return);
    QVERIFY(seconds->value() == 0.1);
    // Nor can the call.
    for (double p : {0.0, -0.5, 1.5, std::nan("")}) {
        QVERIFY(!studio.run->whatIfDuplicateStorm(p, 10));
        QVERIFY2(studio.window.statusBar()->currentMessage().contains(
                     QStringLiteral("above 0 and at most 1")),
                 qPrintable(studio.window.statusBar()->currentMessage()));
    }
    probability->setValue(0.2);
    QAction *storm = barAction(studio, "whatIfDuplicates");
    QVERIFY(storm);
    QVERIFY2(storm->text().contains(QStringLiteral("20%")), qPrintable(storm->text()));
    QSignalSpy applied(studio.run->controller(), &RunController::parameterApplied);
    storm->trigger();
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(applied.at(0).at(0).value<std::string>(), std::string("eventBus.duplicateRate"));
    QCOMPARE(Json::parse(applied.at(0).at(1).toString().toStdString()).get<double>(), 0.2);
    // The what-if's own marker comes with its own signal, after the edit's.
    const auto described = [&studio] {
        for (const RunMarker &m : studio.run->markers().markers())
            if (m.description.contains(QStringLiteral("20% of deliveries duplicated")))
                return true;
        return false;
    };
    QTRY_VERIFY(described());
}

void TestTracePick::secondWhatIfOnTheSameTargetRefused()
{
    const Model model = testing::exampleModel("user-profile.cqrs.json", 40);
    testing::RunStudio studio(model);
    QVERIFY(runTo(studio, model, 10));
    RunController *c = studio.run->controller();
    QSignalSpy whatIfs(c, &RunController::whatIfApplied);
    QSignalSpy outages(c, &RunController::outageScheduled);
    // Two clicks before the engine has applied the first: the second is refused.
    QVERIFY(studio.run->whatIfTrafficSpike(3, 10));
    QVERIFY(!studio.run->whatIfTrafficSpike(2, 5));
    QVERIFY2(studio.window.statusBar()->currentMessage().contains(
                 QStringLiteral("traffic spike is on until 20 s")),
             qPrintable(studio.window.statusBar()->currentMessage()));
    QVERIFY(studio.run->whatIfOutage("search-index", 10));
    QVERIFY(!studio.run->whatIfOutage("search-index", 3));
    QVERIFY(studio.window.statusBar()->currentMessage().contains(
        QStringLiteral("UserSearchIndex is down until"))); // named as on the canvas
    QVERIFY(studio.run->whatIfOutage("user-view", 3));     // another target is fine
    QVERIFY(studio.run->whatIfSlowProjection("user-view", 4, 5));
    QVERIFY(!studio.run->whatIfSlowProjection("user-view", 2, 5));
    QVERIFY(studio.run->whatIfDuplicateStorm(0.5, 5));
    QVERIFY(!studio.run->whatIfDuplicateStorm(0.5, 5));
    QTRY_COMPARE(whatIfs.count(), 3);
    QTRY_COMPARE(outages.count(), 2);
    QTest::qWait(200);
    QCOMPARE(whatIfs.count(), 3);
    QCOMPARE(outages.count(), 2);
    // The edit history names the element as the canvas does.
    QStringList edits;
    for (int i = 0; i < studio.document.undoStack()->count(); ++i)
        edits << studio.document.undoStack()->text(i);
    QVERIFY2(edits.contains(QStringLiteral("Schedule outage of UserSearchIndex")),
             qPrintable(edits.join(QStringLiteral(", "))));
    // Still refused once applied (the markers say so), accepted once over.
    QVERIFY(!studio.run->whatIfTrafficSpike(2, 5));
    QSignalSpy paused(c, &RunController::pausedAt);
    c->runTo(25);
    QVERIFY(paused.wait(20000));
    QVERIFY(studio.run->whatIfTrafficSpike(2, 5));
    QVERIFY(studio.run->whatIfOutage("search-index", 3));
    QTRY_COMPARE(whatIfs.count(), 4);
}

QTEST_MAIN(TestTracePick)
#include "tst_tracepick.moc"
