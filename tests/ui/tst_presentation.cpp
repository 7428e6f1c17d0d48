// Presentation mode (issue 12, workshop): View > Present (F11) on a
// 1920x1080 screen: full screen, the canvas and up to four charts, text of at
// least 18 px and lines of at least 2 px, high contrast, the run bar kept;
// Esc and F11 leave and put back the layout from before.
#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/shell/messageoverlay.h"
#include "projectortestutil.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/run/presentation.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "testmodels.h"

#include <cqrs/model/modeljson.h>

#include <QAbstractAxis>
#include <QAction>
#include <QApplication>
#include <QStatusTipEvent>
#include <QTimer>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QFile>
#include <QFontInfo>
#include <QStatusBar>
#include <QLabel>
#include <QLineSeries>
#include <QMap>
#include <QMenuBar>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <cmath>

using namespace cqrs;

namespace {

/// user-profile for 60 s, search-index down from 10 s for 10 s.
Model markedModel()
{
    Model model = testing::example("user-profile.cqrs.json", 60);
    model.readModel("search-index")->outages = {Outage{10, 10, Json::object()}};
    return model;
}

int pixels(const QFont &font)
{
    return QFontInfo(font).pixelSize();
}

/// Height in pixels of the dark ink of a widget's picture (text drawn black or near it).
int inkHeight(QWidget *widget)
{
    return testing::inkHeight(widget->grab().toImage(), 100);
}

struct Layout
{
    QMap<QString, bool> docks;
    QMap<QString, bool> toolBars;
    QRect geometry;
    QList<ChartsPanel::ChartId> charts;
    bool menuBar = true;
    int titlePixels = 0;
    int runBarPixels = 0; ///< the run bar, its simulated time and the what-if bar
    int timePixels = 0;
    int whatIfPixels = 0;
    QList<double> penWidths;
    bool operator==(const Layout &) const = default;
};

Layout layoutOf(MainWindow &window)
{
    Layout l;
    for (QDockWidget *d : window.findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly))
        l.docks[d->objectName()] = d->isVisible();
    for (QToolBar *t : window.findChildren<QToolBar *>(QString(), Qt::FindDirectChildrenOnly))
        l.toolBars[t->objectName()] = t->isVisible();
    l.geometry = window.geometry();
    l.charts = window.runUi()->charts()->shownCharts();
    l.menuBar = window.menuBar()->isVisible();
    l.titlePixels = pixels(window.runUi()->charts()->card(ChartsPanel::Window)->titleLabel()->font());
    l.runBarPixels = pixels(window.runUi()->runBar()->font());
    l.timePixels = pixels(window.runUi()->runBar()->findChild<QLabel *>(QStringLiteral("timeLabel"))->font());
    l.whatIfPixels = pixels(window.runUi()->whatIfBar()->font());
    for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
        for (QAbstractSeries *s : window.runUi()->charts()->chart(ChartsPanel::ChartId(id))->series()) {
            if (auto *line = qobject_cast<QLineSeries *>(s))
                l.penWidths.append(line->pen().widthF());
        }
    }
    return l;
}

/// The marked model in a 1500x900 window (or `size`), shown and active (keys reach it).
void showActive(MainWindow &window, QSize size = QSize(1500, 900))
{
    window.document()->resetModel(markedModel());
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
}

} // namespace

class TestPresentation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void presentAndLeave();
    void firstRunWhilePresenting();
    void runEndsWhilePresenting();
    void closingWhilePresentingKeepsTheLayout();
    void anOpenChallengeStaysInSight();
    void aLateResizePlacesTheDocksAgain();
    void chartsComeBackToTheirHeights();
};

void TestPresentation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCOMPARE(QGuiApplication::primaryScreen()->size(), QSize(1920, 1080));
}

void TestPresentation::presentAndLeave()
{
    MainWindow window;
    RunUi *run = window.runUi();
    showActive(window);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy paused(run->controller(), &RunController::pausedAt);
    run->controller()->setSpeed(0);
    QVERIFY(run->controller()->startPaused(window.document()->model()));
    run->controller()->runTo(30);
    QVERIFY(paused.wait(20000));
    run->charts()->refresh();
    QTest::qWait(300);
    const Layout before = layoutOf(window);
    QVERIFY(before.menuBar);
    auto *canvas = qobject_cast<CanvasView *>(window.centralWidget());
    QVERIFY(canvas);
    canvas->fitAll();
    QVERIFY(canvas->showsAll());
    const double fittedZoom = canvas->zoom();

    // View > Present carries the action; F11 enters.
    PresentationMode *present = run->presentation();
    QCOMPARE(present->action()->shortcut(), QKeySequence(Qt::Key_F11));
    bool inViewMenu = false;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->menu() && menu->text().remove(QLatin1Char('&')) == QLatin1String("View"))
            inViewMenu = menu->menu()->actions().contains(present->action());
    }
    QVERIFY(inViewMenu);
    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(present->isActive());
    QTRY_VERIFY(window.isFullScreen());
    QTRY_COMPARE(window.size(), QSize(1920, 1080));
    // The docks are sized and the canvas refitted on timers: wait for them.
    QTRY_VERIFY_WITH_TIMEOUT(run->chartsDock()->width() > 800, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window.centralWidget()->width() > 600, 10000);
    QTRY_VERIFY(present->isSettled());
    run->charts()->refresh();
    QVERIFY(!window.menuBar()->isVisible());
    // The menus' keys work with the menu bar hidden: Ctrl+Z takes back an edit.
    const std::string description = window.document()->model().description;
    Experiment edit;
    edit.title = "a described model";
    edit.set = {{"description", Json("Shown to a room")}};
    QVERIFY(window.document()->applyExperiment(edit));
    QCOMPARE(window.document()->model().description, std::string("Shown to a room"));
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(window.document()->model().description, description);
    // The what-ifs' keys too (Ctrl+Alt+1 to 5).
    const QList<QAction *> kept = window.actions();
    QVERIFY(std::any_of(kept.begin(), kept.end(), [](const QAction *a) {
        return a->objectName() == QLatin1String("whatIfSpike") && !a->shortcut().isEmpty();
    }));
    // The canvas, the charts and the run and what-if bars; nothing else.
    for (QDockWidget *d : window.findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly))
        QCOMPARE(d->isVisible(), d == run->chartsDock());
    for (QToolBar *t : window.findChildren<QToolBar *>(QString(), Qt::FindDirectChildrenOnly))
        QCOMPARE(t->isVisible(), t == run->runBar() || t == run->whatIfBar());
    QVERIFY(window.centralWidget()->isVisible());
    QVERIFY2(window.centralWidget()->width() > 600, qPrintable(QString::number(window.centralWidget()->width())));
    QVERIFY(run->chartsDock()->width() > 800);
    const QList<ChartsPanel::ChartId> shown = run->charts()->shownCharts();
    QVERIFY(!shown.isEmpty() && shown.size() <= 4);
    QCOMPARE(shown, ChartsPanel::presentedCharts());

    // High contrast: black on white.
    QCOMPARE(window.palette().color(QPalette::WindowText), QColor(Qt::black));
    QCOMPARE(window.palette().color(QPalette::Window), QColor(Qt::white));

    // Text of at least 18 px, lines of at least 2 px, on every presented chart.
    QVERIFY(pixels(run->runBar()->font()) >= 18);
    // The simulated time too: it has a (bold) font of its own.
    QVERIFY(pixels(run->runBar()->findChild<QLabel *>(QStringLiteral("timeLabel"))->font()) >= 18);
    for (ChartsPanel::ChartId id : shown) {
        ChartCard *card = run->charts()->card(id);
        const QString name = ChartsPanel::chartKey(id);
        QVERIFY(card->isVisible());
        QVERIFY2(pixels(card->titleLabel()->font()) >= 18, qPrintable(name));
        QVERIFY2(pixels(card->legend()->font()) >= 18, qPrintable(name));
        QVERIFY2(pixels(card->markerLabelFont()) >= 18, qPrintable(name));
        for (QAbstractAxis *axis : card->chart()->axes()) {
            QVERIFY2(pixels(axis->labelsFont()) >= 18, qPrintable(name));
            QVERIFY2(pixels(axis->titleFont()) >= 18, qPrintable(name));
            QVERIFY2(axis->linePen().widthF() >= 2, qPrintable(name));
            QCOMPARE(axis->labelsBrush().color(), QColor(Qt::black));
        }
        for (QAbstractSeries *s : card->chart()->series()) {
            auto *line = qobject_cast<QLineSeries *>(s);
            if (line && line->isVisible())
                QVERIFY2(line->pen().widthF() >= 2, qPrintable(name + QLatin1Char(' ') + line->name()));
        }
        QVERIFY(card->markerLineWidth() >= 2);
        // The title as drawn: its letters are at least 13 px from cap to descender.
        QVERIFY2(inkHeight(card->titleLabel()) >= 13, qPrintable(QString::number(inkHeight(card->titleLabel()))));
    }
    // The outage is marked on the presented charts too.
    QCOMPARE(run->charts()->card(shown.first())->markers().size(), 1);

    // Esc leaves: the layout from before, exactly.
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!present->isActive());
    QVERIFY(!present->action()->isChecked());
    QTRY_VERIFY(!window.isFullScreen());
    QTRY_COMPARE(window.geometry(), before.geometry);
    QTest::qWait(100);
    const Layout after = layoutOf(window);
    QCOMPARE(after.docks, before.docks);
    QCOMPARE(after.toolBars, before.toolBars);
    QCOMPARE(after.charts, before.charts);
    QCOMPARE(after.menuBar, before.menuBar);
    QCOMPARE(after.titlePixels, before.titlePixels);
    // The bars' own fonts (the run bar's is larger than the window's), not the window's.
    QCOMPARE(after.runBarPixels, before.runBarPixels);
    QVERIFY(before.runBarPixels > pixels(window.font()));
    QCOMPARE(after.timePixels, before.timePixels);
    QCOMPARE(after.whatIfPixels, before.whatIfPixels);
    QCOMPARE(after.penWidths, before.penWidths);
    QVERIFY(!window.testAttribute(Qt::WA_SetPalette));
    // The canvas shows the whole model again, as before (presenting fitted
    // it to its half of the screen, and that zoom cut the model off after).
    QTRY_VERIFY(canvas->showsAll());
    QTRY_COMPARE(canvas->zoom(), fittedZoom);

    // A canvas zoomed in keeps its zoom and centre.
    canvas->setZoom(1.5);
    canvas->centerOn(QPointF(100, 100));
    const QPointF center = canvas->mapToScene(canvas->viewport()->rect().center());

    // F11 twice: in and out again.
    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(window.isFullScreen());
    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(!window.isFullScreen());
    QTRY_COMPARE(window.geometry(), before.geometry);
    QCOMPARE(layoutOf(window), before);
    QTest::qWait(250);
    QCOMPARE(canvas->zoom(), 1.5);
    const QPointF centerAfter = canvas->mapToScene(canvas->viewport()->rect().center());
    QVERIFY2(QLineF(center, centerAfter).length() < 2,
             qPrintable(QStringLiteral("%1,%2").arg(centerAfter.x()).arg(centerAfter.y())));
}

void TestPresentation::firstRunWhilePresenting()
{
    // A trainer presents first and runs then: leaving, the charts get the
    // half of the window a first run gives them, not the strip of the
    // layout from before any run.
    MainWindow window;
    RunUi *run = window.runUi();
    showActive(window);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!run->chartsPlaced());
    const int stripHeight = run->chartsDock()->height();
    QVERIFY2(stripHeight < window.height() / 3, qPrintable(QString::number(stripHeight)));

    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(window.isFullScreen());
    QSignalSpy paused(run->controller(), &RunController::pausedAt);
    run->controller()->setSpeed(0);
    QVERIFY(run->controller()->startPaused(window.document()->model()));
    run->controller()->runTo(5);
    QVERIFY(paused.wait(20000));
    QVERIFY(run->chartsPlaced());

    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY(!window.isFullScreen());
    QTRY_VERIFY2(run->chartsDock()->height() >= window.height() * 2 / 5,
                 qPrintable(QStringLiteral("%1 of %2").arg(run->chartsDock()->height()).arg(window.height())));
}

void TestPresentation::runEndsWhilePresenting()
{
    // The summary does not break the room's four charts when the run ends;
    // it is there after leaving. A refused what-if says why over the
    // window, since the status bar is hidden.
    MainWindow window;
    RunUi *run = window.runUi();
    showActive(window);
    if (QTest::currentTestFailed())
        return;
    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(window.isFullScreen());
    const QList<ChartsPanel::ChartId> presented = run->charts()->shownCharts();
    QSignalSpy finished(run->controller(), &RunController::runFinished);
    run->controller()->setSpeed(0);
    QVERIFY(run->controller()->startPaused(window.document()->model()));
    run->controller()->runTo(1000);
    QVERIFY(finished.wait(60000));
    QTest::qWait(300); // the summary used to come in an event of its own
    QVERIFY(run->summaryDock()->isHidden());
    QCOMPARE(run->charts()->shownCharts(), presented);

    QVERIFY(!run->whatIfTrafficSpike(2, 10)); // no run going on
    auto *toast = window.findChild<QLabel *>(QStringLiteral("messageToast"));
    QVERIFY(toast);
    QVERIFY(toast->isVisible());
    QVERIFY2(toast->text().contains(QStringLiteral("start the run first")), qPrintable(toast->text()));
    QVERIFY(pixels(toast->font()) >= 18);
    QVERIFY(window.rect().contains(toast->geometry()));
    // Not only the run's messages: any part of the window that speaks to the
    // status bar (here the document refusing an edit) reaches the room.
    emit window.document()->editRefused(QStringLiteral("That element is fixed by the challenge."));
    QVERIFY(toast->isVisible());
    QCOMPARE(toast->text(), QStringLiteral("That element is fixed by the challenge."));
    // The message goes when its time is up (the status bar clears it).
    window.statusBar()->clearMessage();
    QVERIFY(toast->isHidden());
    QVERIFY(!run->whatIfTrafficSpike(2, 10));
    QVERIFY(toast->isVisible());
    // A button's hint under the mouse neither shows nor clears it.
    const QString refused = toast->text();
    QStatusTipEvent hint(QStringLiteral("Take the selected read model down"));
    QApplication::sendEvent(&window, &hint);
    QStatusTipEvent left{QString()};
    QApplication::sendEvent(&window, &left);
    QVERIFY(toast->isVisible());
    QCOMPARE(toast->text(), refused);
    // When its time is up, the same message again shows again (the status
    // bar says nothing of a text that does not change).
    auto *shownFor = window.findChild<MessageOverlay *>()->findChild<QTimer *>();
    QVERIFY(shownFor);
    const int interval = shownFor->interval();
    shownFor->setInterval(20);
    QVERIFY(!run->whatIfTrafficSpike(2, 10));
    QTRY_VERIFY(toast->isHidden());
    QVERIFY(!run->whatIfTrafficSpike(2, 10));
    QVERIFY(toast->isVisible());
    shownFor->setInterval(interval);
    QVERIFY(!run->whatIfTrafficSpike(2, 10));

    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY(!window.isFullScreen());
    QTRY_VERIFY(run->summaryDock()->isVisible());
    QVERIFY(toast->isHidden()); // gone with presenting
    // With the status bar back, messages go there again.
    QVERIFY(!run->whatIfTrafficSpike(2, 10));
    QVERIFY(toast->isHidden());
}

// Quitting while presenting saved the presenting layout: the next start
// came up full screen, without its menu bar or any dock but the charts. The
// layout saved is the one from before presenting.
void TestPresentation::closingWhilePresentingKeepsTheLayout()
{
    QSettings settings;
    const auto forget = qScopeGuard([&settings] { settings.remove(QStringLiteral("mainWindow")); });
    Layout before;
    {
        MainWindow window;
        showActive(window);
        if (QTest::currentTestFailed())
            return;
        QTest::qWait(100);
        before = layoutOf(window);
        QVERIFY(before.docks.value(QStringLiteral("inspectorDock")));
        QTest::keyClick(&window, Qt::Key_F11);
        QTRY_VERIFY(window.isFullScreen());
        QVERIFY(window.close());
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(100);
    QVERIFY(!window.isFullScreen());
    QVERIFY(!window.runUi()->presentation()->isActive());
    const Layout after = layoutOf(window);
    QVERIFY(after.menuBar);
    QCOMPARE(after.docks, before.docks);
    QCOMPARE(after.toolBars, before.toolBars);
    QCOMPARE(after.geometry.size(), before.geometry.size());
    // The window's own fonts, not the projector's.
    QCOMPARE(after.runBarPixels, before.runBarPixels);
}

// A challenge shown to a room: its requirements stayed behind, hidden with
// the other docks. Its panel stays on the left, at a projector's text size;
// leaving puts it back in its tab, at the window's size.
void TestPresentation::anOpenChallengeStaysInSight()
{
    MainWindow window;
    showActive(window);
    if (QTest::currentTestFailed())
        return;
    QDockWidget *challenge = window.challengeUi()->dock();
    QVERIFY(!challenge->isVisible());
    // Without a challenge, its dock stays hidden while presenting.
    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(window.isFullScreen());
    QVERIFY(!challenge->isVisible());
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY(!window.isFullScreen());

    QVERIFY(window.challengeUi()->openChallengeFile(
        QStringLiteral(CQRS_SOURCE_DIR "/resources/challenges/first-projection.challenge.json"), false));
    QTRY_VERIFY(challenge->isVisible());
    const int normalPixels = pixels(challenge->widget()->font());
    auto *things = window.findChild<QDockWidget *>(QStringLiteral("experimentsDock"));
    QVERIFY(window.tabifiedDockWidgets(challenge).contains(things));
    QTest::qWait(100);
    const Layout before = layoutOf(window);

    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(window.isFullScreen());
    QTRY_VERIFY2_WITH_TIMEOUT(window.runUi()->chartsDock()->width() > 700,
                              qPrintable(QStringLiteral("window %1, charts %2, challenge %3 (at least %4)")
                                             .arg(window.width())
                                             .arg(window.runUi()->chartsDock()->width())
                                             .arg(challenge->width())
                                             .arg(challenge->minimumSizeHint().width())),
                              10000);
    QTest::qWait(300);
    for (QDockWidget *d : window.findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly))
        QVERIFY2(d->isVisible() == (d == window.runUi()->chartsDock() || d == challenge), qPrintable(d->objectName()));
    QCOMPARE(window.dockWidgetArea(challenge), Qt::LeftDockWidgetArea);
    // The docks are sized on timers (after the full-screen resize).
    QTRY_VERIFY2_WITH_TIMEOUT(challenge->width() >= 300, qPrintable(QString::number(challenge->width())), 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(window.centralWidget()->width() >= 500,
                              qPrintable(QString::number(window.centralWidget()->width())), 10000);
    QVERIFY2(pixels(challenge->widget()->font()) >= 16, qPrintable(QString::number(pixels(challenge->widget()->font()))));
    QVERIFY(pixels(challenge->widget()->font()) > normalPixels);

    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY(!window.isFullScreen());
    QTest::qWait(300);
    QCOMPARE(pixels(challenge->widget()->font()), normalPixels);
    QTRY_VERIFY(window.tabifiedDockWidgets(challenge).contains(things));
    QTRY_COMPARE(layoutOf(window).docks, before.docks);

    // A challenge's panel closed by hand stays closed.
    challenge->close();
    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(window.isFullScreen());
    QTest::qWait(100);
    QVERIFY(!challenge->isVisible());
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY(!window.isFullScreen());
}

// A window manager that resizes the full-screen window late (after the
// placings on timers), or a screen that changes: the docks are placed again
// at their shares of the new width, and the canvas refitted.
void TestPresentation::aLateResizePlacesTheDocksAgain()
{
    MainWindow window;
    showActive(window);
    if (QTest::currentTestFailed())
        return;
    PresentationMode *present = window.runUi()->presentation();
    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY(window.isFullScreen());
    QTRY_VERIFY_WITH_TIMEOUT(present->isSettled(), 10000);
    QDockWidget *charts = window.runUi()->chartsDock();
    QVERIFY2(std::abs(charts->width() - 0.55 * window.width()) < 40, qPrintable(QString::number(charts->width())));

    window.resize(1280, 720);
    QTRY_COMPARE(window.width(), 1280);
    QTRY_VERIFY_WITH_TIMEOUT(present->isSettled(), 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(std::abs(charts->width() - 0.55 * 1280) < 40, qPrintable(QString::number(charts->width())),
                              10000);
    auto *canvas = qobject_cast<CanvasView *>(window.centralWidget());
    QVERIFY(canvas);
    QTRY_VERIFY(canvas->showsAll());

    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY(!window.isFullScreen());
    QVERIFY(!present->isActive());
}

// After presenting, the charts in the window's scrolling grid are as tall as
// before: a chart view asked for the height it had on the projector, and
// the cards stayed about twice as tall.
void TestPresentation::chartsComeBackToTheirHeights()
{
    MainWindow window;
    showActive(window, QSize(1920, 1050));
    if (QTest::currentTestFailed())
        return;
    // The challenge's panel on the left: the charts share the bottom row and scroll.
    QVERIFY(window.challengeUi()->openChallengeFile(
        QStringLiteral(CQRS_SOURCE_DIR "/resources/challenges/first-projection.challenge.json"), false));
    RunUi *run = window.runUi();
    QSignalSpy finished(run->controller(), &RunController::runFinished);
    run->controller()->setSpeed(0);
    QVERIFY(run->controller()->start(window.document()->model()));
    QVERIFY(finished.wait(30000));
    const auto heights = [&] {
        QMap<int, int> h;
        for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
            if (ChartCard *card = run->charts()->card(ChartsPanel::ChartId(id)); card->isVisible())
                h[id] = card->height();
        }
        return h;
    };
    // The docks and charts are laid out on timers after a run and a check:
    // the heights once they no longer change.
    QMap<int, int> before;
    const auto settled = [&] {
        const QMap<int, int> now = heights();
        QTest::qWait(200);
        before = heights();
        return now == before;
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), 10000);
    QVERIFY(before.size() >= 3);
    const int first = before.firstKey();
    QTest::keyClick(&window, Qt::Key_F11);
    QTRY_VERIFY_WITH_TIMEOUT(run->presentation()->isSettled(), 10000);
    QTest::qWait(100);
    QVERIFY(heights().value(first) > before.value(first) * 3 / 2); // taller on the projector
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY(!window.isFullScreen());
    QTest::qWait(300);
    QTRY_COMPARE(heights(), before);
}

CQRS_PROJECTOR_TEST_MAIN(TestPresentation)

#include "tst_presentation.moc"
