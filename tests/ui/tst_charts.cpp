// The live charts readable at 1920x1080 (issue 8): nothing elided in the
// default docked layout, hover values, enlarge, envelope decimation, the
// "no data" state, the explanation before the first run, clean pictures and
// bounded names.
#include "cqrs/ui/common/glossary.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/inspector/numberfield.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/presentation.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/variantui.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "testmodels.h"

#include <QAbstractAxis>
#include <QAction>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>
#include <cqrs/model/modeljson.h>

using namespace cqrs;

namespace {

/// Every text Qt Charts drew in a chart (axis titles, tick labels).
QStringList chartTexts(QChart *chart)
{
    QStringList texts;
    for (QGraphicsItem *item : chart->scene()->items()) {
        if (auto *text = dynamic_cast<QGraphicsTextItem *>(item); text && text->isVisible())
            texts.append(text->toPlainText());
    }
    return texts;
}

/// Checks one chart card as a person would read it: title, axis titles, legend.
void verifyReadable(ChartCard *card, const QString &what)
{
    QVERIFY2(card->isVisible(), qPrintable(what));
    QVERIFY2(
        card->width() >= 380 && card->height() >= 200,
        qPrintable(
            QStringLiteral("%1: card %2x%3").arg(what).arg(card->width()).arg(card->height())));
    // The title: every line of it within the label (it wraps rather than cuts).
    QLabel *title = card->titleLabel();
    const QRect room = title->contentsRect();
    const QRect needed = title->fontMetrics().boundingRect(QRect(0, 0, room.width(), 100000),
                                                           Qt::TextWordWrap, title->text());
    QVERIFY2(needed.width() <= room.width() && needed.height() <= room.height(),
             qPrintable(QStringLiteral("%1: title \"%2\" needs %3x%4, has %5x%6")
                            .arg(what, title->text())
                            .arg(needed.width())
                            .arg(needed.height())
                            .arg(room.width())
                            .arg(room.height())));
    QVERIFY2(!title->toolTip().isEmpty(), qPrintable(what + ": no \"what this means\" tooltip"));
    // Axis titles: drawn in full, with a unit; no "..." anywhere in the chart.
    const QStringList texts = chartTexts(card->chart());
    for (QAbstractAxis *axis : card->chart()->axes()) {
        const QString t = axis->titleText();
        QVERIFY2(t.contains(QLatin1Char('(')) || t == QStringLiteral("per second"),
                 qPrintable(QStringLiteral("%1: axis title \"%2\" has no unit").arg(what, t)));
        if (card->hasData())
            QVERIFY2(texts.contains(t),
                     qPrintable(QStringLiteral("%1: axis title \"%2\" drawn as: %3")
                                    .arg(what, t, texts.join(QStringLiteral(" | ")))));
    }
    for (const QString &t : texts)
        QVERIFY2(!t.contains(QStringLiteral("...")) && !t.contains(QChar(0x2026)),
                 qPrintable(QStringLiteral("%1: elided text \"%2\"").arg(what, t)));
    // Tick labels on both axes: numbers to read the lines against.
    if (card->hasData()) {
        int numbers = 0;
        for (const QString &t : texts)
            numbers += t.contains(QRegularExpression(QStringLiteral("^[0-9.,]+$"))) ? 1 : 0;
        QVERIFY2(numbers >= 4,
                 qPrintable(
                     QStringLiteral("%1: tick labels %2").arg(what, texts.join(QLatin1Char('|')))));
    }
    // Legend: all of it inside the card, each entry's whole text in the room
    // it is drawn in, inside the legend.
    ChartLegend *legend = card->legend();
    QVERIFY2(card->contentsRect().contains(legend->geometry())
                 && legend->height() >= legend->heightForWidth(legend->width()),
             qPrintable(QStringLiteral("%1: legend %2x%3+%4+%5 (needs height %6) in card %7x%8")
                            .arg(what)
                            .arg(legend->width())
                            .arg(legend->height())
                            .arg(legend->x())
                            .arg(legend->y())
                            .arg(legend->heightForWidth(legend->width()))
                            .arg(card->width())
                            .arg(card->height())));
    QVERIFY2(
        card->view()->height() >= 120,
        qPrintable(
            QStringLiteral("%1: plot squeezed to %2 px").arg(what).arg(card->view()->height())));
    const QFontMetrics fm(legend->font());
    for (int i = 0; i < legend->entryCount(); ++i) {
        const QRect r = legend->entryTextRect(i);
        // Example names are never shortened (an optimistic UI's entry says
        // in its tooltip why it has no line).
        if (!legend->entryText(i).endsWith(QStringLiteral("(optimistic UI, not drawn)")))
            QCOMPARE(legend->entryText(i), legend->entryToolTip(i));
        QVERIFY2(fm.horizontalAdvance(legend->entryText(i)) <= r.width(),
                 qPrintable(QStringLiteral("%1: legend \"%2\"").arg(what, legend->entryText(i))));
        QVERIFY2(legend->rect().contains(r),
                 qPrintable(QStringLiteral("%1: legend \"%2\" at %3,%4 outside %5x%6")
                                .arg(what, legend->entryText(i))
                                .arg(r.x())
                                .arg(r.y())
                                .arg(legend->width())
                                .arg(legend->height())));
    }
}

SnapshotBatch sawTooth(int samples, int period, double interval)
{
    auto batch = std::make_shared<std::vector<sim::Snapshot>>();
    for (int i = 1; i <= samples; ++i) {
        sim::Snapshot s;
        s.time = i * interval;
        s.commandsAcceptedPerSecond = 1234.4;
        s.eventsPublishedPerSecond = 1234.4;
        sim::ConsumerGroupSnapshot g;
        g.appliedPerSecond = 10;
        g.lagMax = (i % period) * 0.05; // a batch read model: climbs, then drops to 0
        g.windowP50 = g.windowP95 = g.windowP99 = 0.25;
        s.readModels = {g, g};
        sim::QuerySnapshot q;
        q.issuedPerSecond = 5;
        q.staleRatio = 0.125;
        s.queries = {q};
        batch->push_back(s);
    }
    return batch;
}

/// The chart's line of the UserView read model (the last, as drawn on top), or nullptr.
QLineSeries *userViewLine(ChartsPanel &panel, ChartsPanel::ChartId id)
{
    QLineSeries *found = nullptr;
    for (QAbstractSeries *s : panel.chart(id)->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(s); line && line->name() == QStringLiteral("UserView"))
            found = line;
    }
    return found;
}

Model twoReadModels()
{
    Model model = testing::example("user-profile.cqrs.json");
    model.queries.resize(1);
    return model;
}

/// A 3000 s run of twoReadModels() with `samples` in a 1000x480 panel, drawn
/// once its axes have settled; false when the panel did not show.
bool showLongRun(ChartsPanel &panel, const SnapshotBatch &samples)
{
    panel.resize(1000, 480);
    panel.show();
    if (!QTest::qWaitForWindowExposed(&panel))
        return false;
    panel.beginRun(twoReadModels(), 3000);
    panel.addSamples(samples);
    panel.refresh();
    QTest::qWait(200); // the axes settle; a plot of another width is drawn again
    panel.refresh();
    return true;
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void firstStartExplains();
    void defaultLayoutReadable_data();
    void defaultLayoutReadable();
    void variantLayoutReadable();
    void narrowWindowTabsTheCharts_data();
    void narrowWindowTabsTheCharts();
    void narrowWindowAfterPresenting();
    void chooserAndGrid();
    void narrowDockScrollsInsteadOfSqueezing();
    void readModelBoxFitsItsNames();
    void hoverShowsExactValue();
    void enlargeAndBack();
    void envelopeKeepsMaxAndMin();
    void denseSawToothDrawsEnvelope();
    void backlogLineKeepsItsPeak();
    void p99LineIsTheIntervalsMean();
    void noDataInsteadOfBrokenAxes();
    void cleanPicture();
    void pictureOfChartsNotRedrawnYet();
    void pictureTimeAxisInTheRunsUnit();
    void longNamesBounded();
    void csvRowsEvenlySpaced();
    void optimisticQueriesLeaveTheStaleAxisAlone();
};

void TestCharts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Settings of this process alone: another tst_charts running at the same
    // time (a second build tree) stored its chosen charts under the shared
    // name, and this one read them as its "default" layout.
    QCoreApplication::setApplicationName(
        QStringLiteral("tst_charts-%1").arg(QCoreApplication::applicationPid()));
    QSettings().clear(); // the default layout, whatever an earlier test stored
    QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
}

void TestCharts::cleanupTestCase()
{
    QSettings settings;
    settings.clear();
    settings.sync();
    QFile::remove(settings.fileName());
}

void TestCharts::firstStartExplains()
{
    // Before any run, the dock is there and says what will appear in it.
    MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("liveChartsDock"));
    QVERIFY(dock);
    QVERIFY(dock->isVisible());
    auto *intro = dock->findChild<QLabel *>(QStringLiteral("chartsIntro"));
    QVERIFY(intro);
    QVERIFY(intro->isVisible());
    QVERIFY(intro->text().contains(QStringLiteral("consistency window")));
    QVERIFY(!window.runUi()->charts()->hasRun());
    // Nothing to export yet: Run > Export Charts waits for a run (it used
    // to save empty charts).
    auto *exportCharts = window.findChild<QAction *>(QStringLiteral("exportChartsAction"));
    QVERIFY(exportCharts);
    QVERIFY(!exportCharts->isEnabled());
    // The whole explanation is in view, not cut by the dock's height.
    QVERIFY2(intro->height() >= intro->heightForWidth(intro->width()),
             qPrintable(QStringLiteral("%1 < %2")
                            .arg(intro->height())
                            .arg(intro->heightForWidth(intro->width()))));
    QVERIFY(intro->visibleRegion().boundingRect().height()
            >= intro->heightForWidth(intro->width()));
    QVERIFY(
        dock->grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-first-start.png")));
    QVERIFY(window.grab().save(
        QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-first-start-window.png")));
}

void TestCharts::defaultLayoutReadable_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<double>("runTo");
    QTest::newRow("netflix") << QStringLiteral("netflix-viewing.cqrs.json") << 4000.0;
    QTest::newRow("amazon") << QStringLiteral("amazon-orders.cqrs.json") << 600.0;
    QTest::newRow("uber") << QStringLiteral("uber-trips.cqrs.json") << 900.0;
    QTest::newRow("user-profile") << QStringLiteral("user-profile.cqrs.json") << 200.0;
}

void TestCharts::defaultLayoutReadable()
{
    QFETCH(QString, example);
    QFETCH(double, runTo);
    MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.document()->resetModel(testing::example(example.toStdString()));
    RunUi *run = window.runUi();
    RunController *c = run->controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    c->setSpeed(0);
    QVERIFY(c->startPaused(window.document()->model()));
    c->runTo(runTo);
    QVERIFY(paused.wait(60000));
    ChartsPanel *charts = run->charts();
    QTest::qWait(100); // docks and cards settle
    charts->refresh();
    QTest::qWait(50);
    QVERIFY(run->chartsDock()->isVisible());
    QVERIFY(charts->hasRun());
    QVERIFY(window.findChild<QAction *>(QStringLiteral("exportChartsAction"))->isEnabled());
    const QList<ChartsPanel::ChartId> shown = charts->shownCharts();
    QVERIFY(shown.size() >= 4);
    for (ChartsPanel::ChartId id : shown) {
        verifyReadable(charts->card(id), example + QLatin1Char('/') + ChartsPanel::chartKey(id));
        QVERIFY(charts->card(id)->hasData());
        // On screen without scrolling: the whole card inside the scroll area's view.
        auto *scroll = charts->findChild<QScrollArea *>(QStringLiteral("chartsScroll"));
        const QRect inView(charts->card(id)->mapTo(scroll->viewport(), QPoint()),
                           charts->card(id)->size());
        QVERIFY2(scroll->viewport()->rect().contains(inView),
                 qPrintable(ChartsPanel::chartKey(id)));
    }
    // Every other chart, enlarged one at a time, is readable too.
    for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
        if (shown.contains(ChartsPanel::ChartId(id)))
            continue;
        charts->setEnlarged(id);
        QTest::qWait(30);
        charts->refresh();
        verifyReadable(charts->card(ChartsPanel::ChartId(id)),
                       example + QStringLiteral("/enlarged/")
                           + ChartsPanel::chartKey(ChartsPanel::ChartId(id)));
    }
    // Each title's tooltip says what the chart means, from the glossary.
    QVERIFY(charts->card(ChartsPanel::Window)
                ->titleLabel()
                ->toolTip()
                .contains(termTooltip(Term::ConsistencyWindow)));
    QVERIFY(
        charts->card(ChartsPanel::Lag)->titleLabel()->toolTip().contains(termTooltip(Term::Lag)));
    QVERIFY(charts->card(ChartsPanel::Staleness)
                ->titleLabel()
                ->toolTip()
                .contains(termTooltip(Term::StaleRead)));
    QVERIFY(charts->card(ChartsPanel::Backlog)
                ->titleLabel()
                ->toolTip()
                .contains(termTooltip(Term::Backlog)));
    QVERIFY(charts->card(ChartsPanel::Latency)
                ->titleLabel()
                ->toolTip()
                .contains(termTooltip(Term::CommandLatency)));
    charts->setEnlarged(ChartsPanel::Backlog);
    QTest::qWait(100);
    const QString name = QFileInfo(example).baseName().section(QLatin1Char('.'), 0, 0);
    QVERIFY(run->chartsDock()->grab().save(
        QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-%1-enlarged.png").arg(name)));
    charts->setEnlarged(-1);
    QTest::qWait(30);
    QVERIFY(window.grab().save(
        QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-%1-window.png").arg(name)));
    QVERIFY(run->chartsDock()->grab().save(
        QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-%1-dock.png").arg(name)));
}

namespace {

/// The netflix example in a shown window `width` pixels wide (0: its least width), 700 high.
void showNetflixAt(MainWindow &window, int width)
{
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.document()->resetModel(testing::example("netflix-viewing.cqrs.json"));
    QApplication::processEvents();
    window.resize(width > 0 ? width : window.minimumSizeHint().width(), 700);
    QApplication::processEvents();
}

/// Runs the window's model to 600 s at full speed and waits for the pause there.
bool runNetflixTo600(RunController *c, MainWindow &window)
{
    QSignalSpy paused(c, &RunController::pausedAt);
    c->setSpeed(0);
    if (!c->startPaused(window.document()->model()))
        return false;
    c->runTo(600);
    return paused.wait(60000);
}

} // namespace

void TestCharts::narrowWindowTabsTheCharts_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("tabbed");
    QTest::newRow("least width (a 1024x768 projector)") << 0 << true;
    // As the window opens on a 1280x800 screen: room for both.
    QTest::newRow("1280x800 screen") << 1280 - 24 << false;
    QTest::newRow("1366x768 screen") << 1366 - 24 << false;
}

// On a narrow window, the charts of a run beside Problems at their least
// widths made the window wider than the screen (the Inspector ran off its
// right edge under Xvfb at 1024x768). Now they take the bottom row as a tab
// in front of Problems and the window keeps its width; where there is room,
// the two stay side by side.
void TestCharts::narrowWindowTabsTheCharts()
{
    QFETCH(int, width);
    QFETCH(bool, tabbed);
    MainWindow window;
    showNetflixAt(window, width);
    if (QTest::currentTestFailed())
        return;
    const int before = window.width();
    RunUi *run = window.runUi();
    RunController *c = run->controller();
    QVERIFY(runNetflixTo600(c, window));
    QTest::qWait(100); // docks and cards settle
    // No wider than before (narrower, when the window was wider than the
    // test's 800-pixel screen and the tab lets it fit better).
    QVERIFY2(window.width() <= before, qPrintable(QStringLiteral("%1 > %2").arg(window.width()).arg(before)));
    QVERIFY(window.minimumSizeHint().width() <= before);
    auto *problems = window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
    QCOMPARE(window.tabifiedDockWidgets(problems).contains(run->chartsDock()), tabbed);
    // The charts in sight either way, each card as wide as a readable card.
    QVERIFY(!run->chartsDock()->visibleRegion().isEmpty());
    QVERIFY(run->chartsDock()->width() >= 320);
    if (!tabbed) {
        QVERIFY(!problems->visibleRegion().isEmpty());
        // Side by side, the charts take most of the row (Problems kept 420
        // px of it, the charts 330).
        QVERIFY2(run->chartsDock()->width() > problems->width(),
                 qPrintable(QStringLiteral("charts %1, problems %2").arg(run->chartsDock()->width()).arg(problems->width())));
    }
    QVERIFY(window.grab().save(
        QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-narrow-%1.png").arg(before)));
    c->stop();
}

// A first run started while presenting: leaving, the layout from before the
// run came back with the run's charts beside Problems, which made the window
// wider than it was (and than a small screen) before the charts were placed.
void TestCharts::narrowWindowAfterPresenting()
{
    MainWindow window;
    showNetflixAt(window, 0);
    if (QTest::currentTestFailed())
        return;
    const int before = window.width();
    RunUi *run = window.runUi();
    run->presentation()->action()->trigger();
    QTRY_VERIFY(window.isFullScreen());
    RunController *c = run->controller();
    QVERIFY(runNetflixTo600(c, window));
    run->presentation()->action()->trigger();
    QTRY_VERIFY(!window.isFullScreen());
    QTest::qWait(400); // the charts are placed on timers, after the window manager's resize
    QVERIFY2(window.width() <= before, qPrintable(QStringLiteral("%1 > %2").arg(window.width()).arg(before)));
    auto *problems = window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
    QVERIFY(window.tabifiedDockWidgets(problems).contains(run->chartsDock()));
    QVERIFY(!run->chartsDock()->visibleRegion().isEmpty());
    c->stop();
}

void TestCharts::variantLayoutReadable()
{
    // Live A/B at 1920x1080: the Variant B dock takes width from the charts,
    // and each chart has B's lines and legend entries beside A's. Every
    // chart shown stays readable, its tick labels too.
    MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.document()->resetModel(testing::example("user-profile.cqrs.json", 200));
    VariantUi *ab = window.variantUi();
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    window.scene()->selectElements({"user-view"});
    auto *consumers = ab->inspector()->findChild<IntField *>(QStringLiteral("consumers"));
    QVERIFY(consumers);
    consumers->setValue(4);
    RunController *a = window.runUi()->controller();
    RunController *b = ab->controller();
    a->setSpeed(0);
    QTest::keyClick(&window, Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(a->result().has_value() && b->result().has_value(), 60000);
    ChartsPanel *charts = window.runUi()->charts();
    QTest::qWait(100); // docks and cards settle
    charts->refresh();
    QTest::qWait(50);
    QVERIFY(charts->variantPointCount(ChartsPanel::Staleness) > 0);
    for (ChartsPanel::ChartId id : charts->shownCharts())
        verifyReadable(charts->card(id), QStringLiteral("a/b/") + ChartsPanel::chartKey(id));
    QVERIFY(window.grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-variant-window.png")));
}

void TestCharts::chooserAndGrid()
{
    ChartsPanel panel;
    panel.resize(1000, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.beginRun(twoReadModels(), 100);
    const QList<ChartsPanel::ChartId> before = panel.shownCharts();
    QCOMPARE(before.size(), 4);
    // The Charts menu lists every chart; unchecking one hides its card.
    QCOMPARE(panel.chartsMenu()->actions().size() - 2,
             int(ChartsPanel::ChartCount)); // separator, defaults
    QAction *lag = panel.chartsMenu()->findChild<QAction *>(QStringLiteral("show_lag"));
    QVERIFY(lag && lag->isChecked());
    lag->trigger();
    QVERIFY(!panel.shownCharts().contains(ChartsPanel::Lag));
    QTRY_VERIFY(!panel.card(ChartsPanel::Lag)->isVisible());
    QCOMPARE(QSettings().value(QStringLiteral("liveCharts/shown")).toStringList().size(), 3);
    // All nine in a big panel: the grid takes more columns, each card stays readable.
    for (int id = 0; id < ChartsPanel::ChartCount; ++id)
        panel.setChartShown(ChartsPanel::ChartId(id), true);
    panel.resize(1900, 1000);
    QTest::qWait(50);
    for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
        QVERIFY(panel.card(ChartsPanel::ChartId(id))->isVisible());
        QVERIFY(panel.card(ChartsPanel::ChartId(id))->width() >= 400);
        QVERIFY(panel.card(ChartsPanel::ChartId(id))->height() >= 230);
    }
    // Too many for a small dock: the cards keep their size and the grid scrolls.
    panel.resize(900, 400);
    QTest::qWait(50);
    QVERIFY(panel.card(ChartsPanel::Window)->height() >= 230);
    QSettings().clear();
}

void TestCharts::narrowDockScrollsInsteadOfSqueezing()
{
    // The charts dock narrowed by the Run Summary beside it: cards keep a
    // readable width in fewer columns and the grid scrolls.
    Model model = testing::example("amazon-orders.cqrs.json");
    ChartsPanel panel;
    panel.resize(620, 470);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.beginRun(model, 900);
    panel.addSamples(sawTooth(100, 10, 5.0));
    QTest::qWait(50);
    panel.refresh();
    for (ChartsPanel::ChartId id : panel.shownCharts())
        verifyReadable(panel.card(id), QStringLiteral("narrow/") + ChartsPanel::chartKey(id));
    auto *scroll = panel.findChild<QScrollArea *>(QStringLiteral("chartsScroll"));
    QVERIFY(scroll->verticalScrollBar()->maximum() > 0);
    // The note about the distributions spans the panel on a line of its own
    // (beside the read model box it was a column of one or two words, five
    // lines high), and goes away when there is nothing to say.
    auto *note = panel.findChild<QLabel *>(QStringLiteral("distributionNote"));
    QVERIFY(note);
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->width() > panel.width() / 2, qPrintable(QString::number(note->width())));
    QVERIFY2(note->height() <= 2 * note->fontMetrics().lineSpacing() + 4,
             qPrintable(QString::number(note->height())));
    QTest::qWait(100);
    QVERIFY(panel.grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-narrow.png")));
    RunResult finished;
    finished.complete = true;
    finished.time = 900;
    panel.showResult(finished);
    QTRY_VERIFY(!note->isVisible());
}

void TestCharts::readModelBoxFitsItsNames()
{
    // Narrow enough for a narrow dock, but in a wide panel every choice is
    // shown whole ("All read models (p99)", "CustomerServiceSearch").
    ChartsPanel panel;
    panel.resize(1200, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.beginRun(testing::example("amazon-orders.cqrs.json"), 600);
    QApplication::processEvents();
    auto *box = panel.findChild<QComboBox *>(QStringLiteral("readModelFocus"));
    QVERIFY(box);
    for (int i = 0; i < box->count(); ++i) {
        const int text = box->fontMetrics().horizontalAdvance(box->itemText(i));
        QVERIFY2(box->width() >= text + 20, qPrintable(QStringLiteral("%1: %2 px for %3 px of text")
                                                           .arg(box->itemText(i))
                                                           .arg(box->width())
                                                           .arg(text)));
    }
    // The user's choice stays for the next run, and the next after a reset.
    QVERIFY(box->currentIndex() != box->count() - 1);
    box->setCurrentIndex(box->count() - 1);
    const QString chosen = box->currentData().toString();
    panel.beginRun(testing::example("amazon-orders.cqrs.json"), 600);
    QCOMPARE(box->currentData().toString(), chosen);
    panel.clear();
    panel.beginRun(testing::example("amazon-orders.cqrs.json"), 600);
    QCOMPARE(box->currentData().toString(), chosen);
}

void TestCharts::hoverShowsExactValue()
{
    ChartsPanel panel;
    panel.resize(1200, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.beginRun(twoReadModels(), 100);
    panel.addSamples(sawTooth(50, 10, 1.0));
    panel.refresh();
    auto *accepted
        = qobject_cast<QLineSeries *>(panel.chart(ChartsPanel::Throughput)->series().at(1));
    QVERIFY(accepted);
    QCOMPARE(accepted->name(), QStringLiteral("accepted"));
    // Near sample 20: the tooltip names the series and shows the value formatted.
    emit accepted->hovered(QPointF(20.3, 1200), true);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), QStringLiteral("<b>accepted</b><br>at 20 s: 1,234 per second"));
    emit accepted->hovered(QPointF(20.3, 1200), false);
    QTRY_VERIFY(!QToolTip::isVisible());
    // A lag in seconds, through cqrs/ui/common/format.h: 0.35 s is "350 ms".
    QLineSeries *lag = userViewLine(panel, ChartsPanel::Lag);
    QVERIFY(lag);
    QCOMPARE(panel.hoverText(lag, QPointF(7.1, 0)),
             QStringLiteral("<b>UserView</b><br>at 7 s: 350 ms"));
    QCOMPARE(panel.chart(ChartsPanel::Lag)->axes(Qt::Horizontal).value(0)->titleText(),
             QStringLiteral("simulated time (s)"));
    // A run of hours: the time axis in hours, the hover still exact.
    panel.beginRun(twoReadModels(), 4 * 3600);
    panel.addSamples(sawTooth(10, 10, 1800.0));
    panel.refresh();
    QCOMPARE(panel.chart(ChartsPanel::Lag)->axes(Qt::Horizontal).value(0)->titleText(),
             QStringLiteral("simulated time (h)"));
    QLineSeries *hours = userViewLine(panel, ChartsPanel::Lag);
    QVERIFY(hours);
    QCOMPARE(hours->at(2).x(), 1.5); // sample 3 at 5400 s
    QCOMPARE(panel.hoverText(hours, QPointF(1.45, 0)),
             QStringLiteral("<b>UserView</b><br>at 1.5 h: 150 ms")); // in the axis's unit
}

void TestCharts::enlargeAndBack()
{
    ChartsPanel panel;
    panel.resize(1000, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.beginRun(twoReadModels(), 100);
    ChartCard *lag = panel.card(ChartsPanel::Lag);
    ChartCard *window = panel.card(ChartsPanel::Window);
    QTRY_VERIFY(lag->isVisible() && window->isVisible());
    const QSize small = lag->size();
    // One click on the card's button: it fills the panel, the others go.
    QTest::mouseClick(lag->enlargeButton(), Qt::LeftButton);
    QCOMPARE(panel.enlargedChart(), int(ChartsPanel::Lag));
    QTRY_VERIFY(!window->isVisible());
    QTRY_VERIFY(lag->width() > small.width() * 3 / 2 && lag->height() > small.height() * 3 / 2);
    QVERIFY(lag->enlargeButton()->isChecked());
    // And back with the same button.
    QTest::mouseClick(lag->enlargeButton(), Qt::LeftButton);
    QCOMPARE(panel.enlargedChart(), -1);
    QTRY_VERIFY(window->isVisible());
    QTRY_COMPARE(lag->size(), small);
    // Double-click on a chart enlarges it; Esc goes back.
    QTest::mouseDClick(window->view()->viewport(), Qt::LeftButton);
    QCOMPARE(panel.enlargedChart(), int(ChartsPanel::Window));
    QTRY_VERIFY(!lag->isVisible());
    window->view()->setFocus();
    QTest::keyClick(window->view(), Qt::Key_Escape);
    QCOMPARE(panel.enlargedChart(), -1);
}

void TestCharts::envelopeKeepsMaxAndMin()
{
    // A saw-tooth 0..9, period 10, 100000 samples, decimated to 200 points:
    // every interval spans whole teeth, so each keeps the peak and the trough.
    DecimatedSeries series(DecimatedSeries::Merge::Max);
    for (int i = 0; i < 100000; ++i)
        series.append(i, i % 10);
    QVERIFY(series.points().size() <= DecimatedSeries::kMaxPoints);
    const DecimatedSeries::Envelope e = series.envelope(200);
    QVERIFY(e.decimated);
    QVERIFY(e.line.size() <= 200);
    QCOMPARE(e.lower.size(), e.line.size());
    QCOMPARE(e.upper.size(), e.line.size());
    for (qsizetype i = 0; i < e.line.size(); ++i) {
        QCOMPARE(e.upper[i].y(), 9.0);
        QCOMPARE(e.lower[i].y(), 0.0);
        QCOMPARE(e.line[i].y(), 9.0); // a Max series draws its peaks
    }
    // A mean series draws the middle, between the same bounds.
    DecimatedSeries mean(DecimatedSeries::Merge::Mean);
    for (int i = 0; i < 100000; ++i)
        mean.append(i, i % 10);
    const DecimatedSeries::Envelope m = mean.envelope(100);
    for (qsizetype i = 0; i < m.line.size(); ++i) {
        QCOMPARE(m.upper[i].y(), 9.0);
        QCOMPARE(m.lower[i].y(), 0.0);
        QVERIFY2(qAbs(m.line[i].y() - 4.5) < 0.3, qPrintable(QString::number(m.line[i].y())));
    }
    // Few samples: drawn as they are, no band.
    DecimatedSeries few;
    for (int i = 0; i < 50; ++i)
        few.append(i, i % 10);
    const DecimatedSeries::Envelope f = few.envelope(200);
    QVERIFY(!f.decimated);
    QCOMPARE(f.line.size(), 50);
}

void TestCharts::denseSawToothDrawsEnvelope()
{
    // A 1 s batch read model sampled every second for 3000 s in a chart a few
    // hundred pixels wide: the lag line is its envelope, not a solid zig-zag.
    ChartsPanel panel;
    QVERIFY(showLongRun(panel, sawTooth(3000, 4, 1.0)));
    QLineSeries *lag = userViewLine(panel, ChartsPanel::Lag);
    QVERIFY(lag);
    const double plotWidth = panel.chart(ChartsPanel::Lag)->plotArea().width();
    QVERIFY(plotWidth > 100);
    QVERIFY2(lag->count() <= plotWidth / 2 + 1, qPrintable(QString::number(lag->count())));
    QAreaSeries *band = panel.bandOf(lag);
    QVERIFY(band && band->isVisible());
    double top = 0, bottom = 1e9;
    for (const QPointF &p : band->upperSeries()->points())
        top = std::max(top, p.y());
    for (const QPointF &p : band->lowerSeries()->points())
        bottom = std::min(bottom, p.y());
    QCOMPARE(top, 0.15);
    QCOMPARE(bottom, 0.0);
    // The hover says what the band is.
    QVERIFY(panel.hoverText(lag, lag->at(10))
                .contains(QStringLiteral("range in this interval: 0 to 150 ms")));
}

// A rebuild's backlog for one sample interval among thousands: the line was
// the mean of the samples under each pixel pair, about a fifth of the peak
// the summary's "max" beside it says, and the band's tip too thin to see.
void TestCharts::backlogLineKeepsItsPeak()
{
    ChartsPanel panel;
    auto batch = std::make_shared<std::vector<sim::Snapshot>>(*sawTooth(3000, 4, 1.0));
    (*batch)[1500].readModels[0].backlogMean = 2000000;
    QVERIFY(showLongRun(panel, batch));
    QLineSeries *backlog = userViewLine(panel, ChartsPanel::Backlog);
    QVERIFY(backlog);
    QVERIFY2(backlog->count() < 1000, qPrintable(QString::number(backlog->count()))); // decimated
    double top = 0;
    for (const QPointF &p : backlog->points())
        top = std::max(top, p.y());
    QCOMPARE(top, 2000000.0);
    // Its axis says 2000000, not 2e+06.
    auto *y = qobject_cast<QValueAxis *>(panel.chart(ChartsPanel::Backlog)->axes(Qt::Vertical).value(0));
    QVERIFY(y && y->max() >= 2000000);
    QCOMPARE(QString::asprintf(qPrintable(y->labelFormat()), 2000000.0), QStringLiteral("2000000"));
}

// In a long run each point of the p99 line stands for several sample
// intervals: their highest p99 stood above the run's p99 nearly all the time
// (the summary said the budget was met, the line said it never was). The
// line is their mean, as p50's and p95's; the band keeps the peaks.
void TestCharts::p99LineIsTheIntervalsMean()
{
    ChartsPanel panel;
    auto batch = std::make_shared<std::vector<sim::Snapshot>>(*sawTooth(3000, 4, 1.0));
    for (std::size_t i = 0; i < batch->size(); ++i) {
        for (sim::ConsumerGroupSnapshot &g : (*batch)[i].readModels)
            g.windowP99 = i % 2 ? 3.0 : 1.0;
    }
    QVERIFY(showLongRun(panel, batch));
    QLineSeries *p99 = nullptr;
    for (QAbstractSeries *series : panel.chart(ChartsPanel::Window)->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(series);
            line && line->isVisible() && line->name() == QStringLiteral("p99"))
            p99 = line;
    }
    QVERIFY(p99);
    QVERIFY2(p99->count() < 1000, qPrintable(QString::number(p99->count()))); // merged
    for (const QPointF &p : p99->points())
        QVERIFY2(std::abs(p.y() - 2.0) < 0.1, qPrintable(QString::number(p.y())));
    QAreaSeries *band = panel.bandOf(p99);
    QVERIFY(band && band->isVisible());
    double top = 0;
    for (const QPointF &p : band->upperSeries()->points())
        top = std::max(top, p.y());
    QCOMPARE(top, 3.0);
}

void TestCharts::noDataInsteadOfBrokenAxes()
{
    // An empty model: nothing to draw, so say so instead of "..." tick labels.
    MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    Model empty;
    empty.workload.duration = 60;
    window.document()->resetModel(empty);
    RunController *c = window.runUi()->controller();
    QSignalSpy finished(c, &RunController::runFinished);
    c->setSpeed(0);
    QVERIFY(c->start(empty));
    QVERIFY(finished.wait(20000));
    QTest::qWait(100);
    ChartsPanel *charts = window.runUi()->charts();
    charts->refresh();
    for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
        ChartCard *card = charts->card(ChartsPanel::ChartId(id));
        if (id == ChartsPanel::Throughput || id == ChartsPanel::Latency)
            continue; // lines at zero are data
        QVERIFY2(card->noDataText().startsWith(QStringLiteral("No data")),
                 qPrintable(ChartsPanel::chartKey(ChartsPanel::ChartId(id))));
        for (QAbstractAxis *axis : card->chart()->axes())
            QVERIFY(!axis->isVisible());
        const QStringList texts = chartTexts(card->chart());
        for (const QString &t : texts)
            QVERIFY2(!t.contains(QStringLiteral("...")), qPrintable(t));
    }
    QCOMPARE(charts->card(ChartsPanel::Window)->noDataText(),
             QStringLiteral("No data: the model has no read models."));
    QCOMPARE(charts->card(ChartsPanel::Staleness)->noDataText(),
             QStringLiteral("No data: the model has no queries."));
    auto *label = charts->card(ChartsPanel::Window)->findChild<QLabel *>(QStringLiteral("noData"));
    QVERIFY(label && label->isVisible());
    // Text-tall on the chart's background: a budget's line, drawn without
    // data, struck the text through.
    QVERIFY2(label->height() < label->parentWidget()->height() / 2,
             qPrintable(QStringLiteral("%1 of %2").arg(label->height()).arg(label->parentWidget()->height())));
    QVERIFY2(label->styleSheet().contains(QStringLiteral("background-color: #ffffff")), // the light theme's white
             qPrintable(label->styleSheet()));
    const QImage picture = label->grab().toImage();
    QCOMPARE(picture.pixelColor(2, 2), QColor(Qt::white));
    // A model with data: the same card shows its plot again.
    charts->beginRun(twoReadModels(), 100);
    charts->addSamples(sawTooth(20, 5, 1.0));
    charts->refresh();
    QVERIFY(charts->card(ChartsPanel::Window)->hasData());
    QVERIFY(!label->isVisible());
    for (QAbstractAxis *axis : charts->chart(ChartsPanel::Window)->axes())
        QVERIFY(axis->isVisible());
    QVERIFY(charts->card(ChartsPanel::Histogram)
                ->noDataText()
                .contains(QStringLiteral("when the run ends")));
}

// The panel redraws one chart per tick; a report taken right after a fast
// run pictured the other charts with their axes of the first second or two
// (lines cut off at t = 2 s and at 1 on the value axis).
void TestCharts::pictureOfChartsNotRedrawnYet()
{
    ChartsPanel panel;
    panel.resize(1000, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.beginRun(twoReadModels(), 100);
    panel.addSamples(sawTooth(80, 10, 1.0)); // no tick of the redraw timer after this
    for (ChartsPanel::ChartId id : {ChartsPanel::Lag, ChartsPanel::Throughput}) {
        const std::unique_ptr<QWidget> picture = panel.makePicture({id}, false);
        const QList<ChartCard *> cards = picture->findChildren<ChartCard *>();
        QCOMPARE(cards.size(), 1);
        const QList<QAbstractAxis *> time = cards.front()->chart()->axes(Qt::Horizontal);
        QVERIFY(!time.isEmpty());
        auto *axis = qobject_cast<QValueAxis *>(time.front());
        QVERIFY(axis);
        QVERIFY2(axis->max() >= 80, qPrintable(QString::number(axis->max())));
        if (id == ChartsPanel::Throughput) { // 1,234/s, beyond the axis of no samples
            auto *valueAxis = qobject_cast<QValueAxis *>(cards.front()->chart()->axes(Qt::Vertical).value(0));
            QVERIFY(valueAxis);
            QVERIFY2(valueAxis->max() >= 1234.4, qPrintable(QString::number(valueAxis->max())));
        }
    }
}

// A report of a 3.5-hour run read "simulated time (s)" under an axis of
// 0 to 3.5: the picture's charts kept the seconds of a new chart.
void TestCharts::pictureTimeAxisInTheRunsUnit()
{
    ChartsPanel panel;
    panel.resize(1000, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const std::pair<double, QString> runs[] = {{3.5 * 3600, QStringLiteral("h")},
                                               {100.0, QStringLiteral("s")}};
    for (const auto &[duration, unit] : runs) {
        panel.beginRun(twoReadModels(), duration);
        panel.addSamples(sawTooth(80, 10, duration / 100));
        panel.refresh();
        const QString title = QStringLiteral("simulated time (%1)").arg(unit);
        QCOMPARE(panel.chart(ChartsPanel::Lag)->axes(Qt::Horizontal).front()->titleText(), title);
        for (ChartsPanel::ChartId id : {ChartsPanel::Lag, ChartsPanel::Window}) {
            const std::unique_ptr<QWidget> picture = panel.makePicture({id}, false);
            const QList<ChartCard *> cards = picture->findChildren<ChartCard *>();
            QCOMPARE(cards.size(), 1);
            QCOMPARE(cards.front()->chart()->axes(Qt::Horizontal).front()->titleText(), title);
        }
    }
}

void TestCharts::cleanPicture()
{
    ChartsPanel panel;
    panel.resize(1000, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    Model model = twoReadModels();
    model.name = "Profile service";
    panel.beginRun(model, 100);
    panel.addSamples(sawTooth(50, 10, 1.0));
    panel.refresh();
    // The picture: the model's name as its title, the charts, no controls.
    std::unique_ptr<QWidget> picture = panel.makePicture();
    auto *title = picture->findChild<QLabel *>(QStringLiteral("pictureTitle"));
    QVERIFY(title);
    QCOMPARE(title->text(), QStringLiteral("Profile service"));
    QVERIFY(picture->findChildren<QComboBox *>().isEmpty());
    QVERIFY(picture->findChildren<QTabBar *>().isEmpty());
    QVERIFY(picture->findChildren<QToolButton *>().isEmpty());
    const QList<ChartCard *> cards = picture->findChildren<ChartCard *>();
    QCOMPARE(cards.size(), panel.shownCharts().size());
    for (ChartCard *card : cards)
        verifyReadable(card, QStringLiteral("picture/") + card->titleLabel()->text());
    // For a report, whose page has the title once: each chart without it
    // (every chart of a report repeated the model's name and run length).
    const std::unique_ptr<QWidget> untitled = panel.makePicture({ChartsPanel::Lag}, false);
    QVERIFY(!untitled->findChild<QLabel *>(QStringLiteral("pictureTitle")));
    QVERIFY(!untitled->findChild<QLabel *>(QStringLiteral("pictureSubtitle")));
    QCOMPARE(untitled->findChildren<ChartCard *>().size(), 1);
    QVERIFY(untitled->sizeHint().height() < panel.makePicture({ChartsPanel::Lag})->sizeHint().height());
    // One chart, as PNG and SVG files.
    QTemporaryDir dir;
    QString error;
    QVERIFY2(panel.savePicture(dir.filePath("lag.png"), &error, {ChartsPanel::Lag}),
             qPrintable(error));
    const QImage png(dir.filePath("lag.png"));
    QVERIFY(png.width() >= 960 && png.height() >= 560);
    QVERIFY(panel.savePicture(dir.filePath("all.svg"), &error));
    QFile svg(dir.filePath("all.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY(text.contains("Profile service"));
    QVERIFY(text.contains("Consistency window"));
    QVERIFY(panel.savePicture(QStringLiteral(CQRS_BINARY_DIR "/screenshots/charts-picture.png"),
                              &error));
}

void TestCharts::longNamesBounded()
{
    // A 100 KB read model name never reaches a legend, a combo box or a series whole.
    Model model = twoReadModels();
    model.readModels[0].name = std::string(100 * 1024, 'x');
    model.queries[0].name = std::string(5000, 'q');
    ChartsPanel panel;
    panel.resize(1000, 480);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.beginRun(model, 100);
    panel.addSamples(sawTooth(20, 5, 1.0));
    panel.refresh();
    for (QAbstractSeries *s : panel.chart(ChartsPanel::Lag)->series())
        QVERIFY(s->name().size() <= 200);
    ChartLegend *legend = panel.card(ChartsPanel::Lag)->legend();
    QCOMPARE(legend->entryCount(), 2);
    QCOMPARE(legend->entryText(0).size(), ChartLegend::kMaxEntryChars);
    QVERIFY(legend->entryText(0).endsWith(QChar(0x2026)));
    QVERIFY(legend->entryToolTip(0).size() <= 200);
    QVERIFY(legend->entryToolTip(0).startsWith(QStringLiteral("xxxxxxxxxx")));
    QCOMPARE(legend->entryText(1), QStringLiteral("UserSearchIndex"));
    auto *focus = panel.findChild<QComboBox *>(QStringLiteral("readModelFocus"));
    QVERIFY(focus->itemText(1).size() <= 40);
    QVERIFY(panel.card(ChartsPanel::Window)->titleLabel()->text().size() < 80);
    QVERIFY(panel.card(ChartsPanel::Staleness)->legend()->entryText(0).size()
            <= ChartLegend::kMaxEntryChars);
    // Multi-byte names are cut on a character, not inside one.
    const QString cut = boundedText(std::string(300, 'a') + "\xc3\xa9", 10);
    QCOMPARE(cut, QStringLiteral("aaaaaaaaa") + QChar(0x2026));
    QCOMPARE(boundedText(std::string("caf\xc3\xa9")), QStringLiteral("café"));
}

// A long run's CSV keeps every stride-th sample: when the table passes its
// limit it keeps every other row and doubles the stride, and the rows that
// follow keep the same spacing (one gap after each thinning used to be too
// wide: 3 instead of 2 after the first, 5 instead of 4 after the second).
void TestCharts::csvRowsEvenlySpaced()
{
    ChartsPanel panel;
    panel.beginRun(twoReadModels(), 70000);
    panel.addSamples(sawTooth(70000, 10, 1.0));
    const QStringList lines = panel.seriesCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() > 1000);
    QVERIFY(lines.size() <= 20001);
    std::vector<double> t;
    for (qsizetype i = 1; i < lines.size(); ++i)
        t.push_back(lines[i].section(QLatin1Char(','), 0, 0).toDouble());
    QCOMPARE(t.front(), 1.0);
    const double step = t[1] - t[0];
    QCOMPARE(step, 4.0); // 70,000 samples: thinned twice
    for (std::size_t i = 1; i + 1 < t.size(); ++i)
        QCOMPARE(t[i + 1] - t[i], step);
}

// An optimistic-UI query's reads right after the user's own change count as
// stale (the screen shows the change): near 100%, which pinned the stale
// chart's axis at 100% and flattened the other queries' few percent. Its
// line is kept (the CSV) but not drawn; the legend names it as not drawn.
void TestCharts::optimisticQueriesLeaveTheStaleAxisAlone()
{
    Model model = testing::example("user-profile.cqrs.json");
    int optimistic = -1;
    for (std::size_t i = 0; i < model.queries.size(); ++i) {
        if (model.queries[i].consistency.strategy == Strategy::OptimisticUi)
            optimistic = int(i);
    }
    QVERIFY(optimistic >= 0);
    const QString name = QString::fromStdString(model.queries[std::size_t(optimistic)].name);
    auto batch = std::make_shared<std::vector<sim::Snapshot>>();
    for (int i = 1; i <= 50; ++i) {
        sim::Snapshot s;
        s.time = i;
        s.readModels.resize(model.readModels.size());
        for (std::size_t q = 0; q < model.queries.size(); ++q) {
            sim::QuerySnapshot snapshot;
            snapshot.issuedPerSecond = 10;
            snapshot.staleRatio = int(q) == optimistic ? 1.0 : 0.04;
            s.queries.push_back(snapshot);
        }
        batch->push_back(s);
    }
    ChartsPanel panel;
    panel.resize(1200, 800);
    panel.show();
    panel.beginRun(model, 50);
    panel.addSamples(batch);
    panel.refresh();
    auto *y = qobject_cast<QValueAxis *>(panel.chart(ChartsPanel::Staleness)->axes(Qt::Vertical).value(0));
    QVERIFY(y);
    QVERIFY2(y->max() <= 10, qPrintable(QString::number(y->max()))); // the 4% lines fill the chart
    int drawn = 0;
    for (QAbstractSeries *s : panel.chart(ChartsPanel::Staleness)->series()) {
        if (qobject_cast<QLineSeries *>(s) && s->isVisible()) {
            ++drawn;
            QVERIFY2(s->name() != name, qPrintable(s->name()));
        }
    }
    QCOMPARE(drawn, int(model.queries.size()) - 1);
    ChartLegend *legend = panel.card(ChartsPanel::Staleness)->legend();
    QCOMPARE(legend->entryCount(), int(model.queries.size()));
    // In the query's own place among the others.
    const QString entry = legend->entryText(optimistic);
    QVERIFY2(entry.startsWith(name) && entry.endsWith(QStringLiteral("(optimistic UI, not drawn)")), qPrintable(entry));
    QVERIFY(legend->entryToolTip(optimistic).contains(QStringLiteral("own change")));
    QVERIFY(!legend->entryToolTip(optimistic).endsWith(QChar(0x2026))); // whole
    // The CSV keeps its figures.
    const QStringList lines = panel.seriesCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QString id = QString::fromStdString(model.queries[std::size_t(optimistic)].id);
    const int column = int(lines.front().split(QLatin1Char(',')).indexOf(id + QStringLiteral(".staleRatio")));
    QVERIFY(column > 0);
    QCOMPARE(lines[1].split(QLatin1Char(','))[column].toDouble(), 1.0);

    // Every query optimistic: the card says why it shows nothing.
    Model only = model;
    only.queries = {model.queries[std::size_t(optimistic)]};
    panel.beginRun(only, 50);
    auto one = std::make_shared<std::vector<sim::Snapshot>>(*batch);
    for (sim::Snapshot &s : *one) {
        s.queries.resize(1);
        s.queries[0].staleRatio = 1.0;
    }
    panel.addSamples(one);
    panel.refresh();
    QVERIFY2(panel.card(ChartsPanel::Staleness)->noDataText().contains(QStringLiteral("optimistic UI")),
             qPrintable(panel.card(ChartsPanel::Staleness)->noDataText()));
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
