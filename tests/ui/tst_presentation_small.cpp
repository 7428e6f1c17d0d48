// Presentation mode on a 1024x768 projector: the text is sized in proportion
// to the screen's height (what 20 px is on 1080 lines), and the four charts
// are all on screen without scrolling, tall enough for their axes' labels.
#include "cqrs/ui/challenge/challengepanel.h"
#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/presentation.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/trace/replaycontroller.h"
#include "cqrs/ui/trace/tracewindow.h"
#include "projectortestutil.h"
#include "testmodels.h"

#include <QAbstractAxis>
#include <QChart>
#include <QComboBox>
#include <QDockWidget>
#include <QFontInfo>
#include <QGraphicsView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QWindow>
#include <cmath>

using namespace cqrs;

namespace {

int pixels(const QFont &font)
{
    return QFontInfo(font).pixelSize();
}

/// The workshop's example (User profile) presented full screen on the
/// 1024x768 projector; nullptr when that fails.
PresentationMode *presentWorkshopExample(MainWindow &window)
{
    window.document()->resetModel(testing::example("user-profile.cqrs.json"));
    window.resize(1000, 700);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return nullptr;
    PresentationMode *present = window.runUi()->presentation();
    present->setActive(true);
    if (!QTest::qWaitFor([&] { return window.size() == QSize(1024, 768); }))
        return nullptr;
    return present;
}

} // namespace

class TestPresentationSmall : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void scaleFollowsTheScreensHeight();
    void everythingOnASmallProjector();
    void anotherScreenGetsItsOwnScale();
    void workshopExampleNamesWhole();
    void badgesKeepOffTheNames();
    void traceWindowControlsReadable();
    void challengePanelFitsTheScreen_data();
    void challengePanelFitsTheScreen();
};

void TestPresentationSmall::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCOMPARE(QGuiApplication::primaryScreen()->size(), QSize(1024, 768));
}

void TestPresentationSmall::scaleFollowsTheScreensHeight()
{
    QCOMPARE(PresentationMode::textScale(QSize(1920, 1080)), 1.0);
    QCOMPARE(PresentationMode::textScale(QSize(3840, 2160)),
             1.0); // never larger than on 1080 lines
    QCOMPARE(PresentationMode::textScale(QSize(1024, 768)), 768 / 1080.0);
    QCOMPARE(PresentationMode::textScale(QSize(1280, 800)), 800 / 1080.0);
    QCOMPARE(PresentationMode::textScale(QSize(800, 600)), 0.7); // not smaller than normal text
    QCOMPARE(PresentationMode::textScale(QSize()), 1.0);
}

void TestPresentationSmall::everythingOnASmallProjector()
{
    MainWindow window;
    RunUi *run = window.runUi();
    window.document()->resetModel(testing::example("netflix-viewing.cqrs.json", 1200));
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy paused(run->controller(), &RunController::pausedAt);
    run->controller()->setSpeed(0);
    QVERIFY(run->controller()->startPaused(window.document()->model()));
    run->controller()->runTo(600);
    QVERIFY(paused.wait(30000));
    const int normalTitle = pixels(run->charts()->card(ChartsPanel::Window)->titleLabel()->font());
    const int normalBar = pixels(run->runBar()->font());

    PresentationMode *present = run->presentation();
    present->setActive(true);
    QTRY_COMPARE(window.size(), QSize(1024, 768));
    const double scale = 768 / 1080.0;
    QCOMPARE(present->scale(), scale);
    QTRY_VERIFY(present->isSettled()); // the docks are sized and the canvas refitted on timers
    run->charts()->refresh();

    // Text as large against the screen as 20 px is on 1080 lines.
    QCOMPARE(pixels(run->runBar()->font()), int(std::lround(20 * scale)));
    const QList<ChartsPanel::ChartId> shown = run->charts()->shownCharts();
    QCOMPARE(shown.size(), 4);
    QDockWidget *dock = run->chartsDock();
    for (ChartsPanel::ChartId id : shown) {
        ChartCard *card = run->charts()->card(id);
        const QString name = ChartsPanel::chartKey(id);
        QCOMPARE(pixels(card->titleLabel()->font()), int(std::lround(26 * scale)));
        QCOMPARE(pixels(card->legend()->font()), int(std::lround(20 * scale)));
        for (QAbstractAxis *axis : card->chart()->axes())
            QCOMPARE(pixels(axis->labelsFont()), int(std::lround(20 * scale)));
        QCOMPARE(card->markerScale(), 2 * scale);
        // Every chart on screen: the room cannot scroll.
        const QRect inDock(card->mapTo(dock, QPoint(0, 0)), card->size());
        QVERIFY2(dock->rect().contains(inDock),
                 qPrintable(QStringLiteral("%1 at %2,%3 %4x%5 in a dock of %6x%7")
                                .arg(name)
                                .arg(inDock.x())
                                .arg(inDock.y())
                                .arg(inDock.width())
                                .arg(inDock.height())
                                .arg(dock->width())
                                .arg(dock->height())));
        // A plot, not only a title and a legend: tall enough that Qt Charts
        // draws the axes' labels instead of cutting them to "…" (one column
        // of four gave plots 44 px high, and no label).
        QVERIFY2(card->chart()->plotArea().height() >= 100
                     && card->chart()->plotArea().width() >= 150,
                 qPrintable(QStringLiteral("%1: plot %2 px high")
                                .arg(name)
                                .arg(card->chart()->plotArea().height())));
    }

    // Two columns of two: one column of four left each plot 44 px high.
    QSet<int> columns;
    for (ChartsPanel::ChartId id : shown)
        columns.insert(run->charts()->card(id)->x());
    QCOMPARE(columns.size(), qsizetype(2));
    auto *scroll = run->charts()->findChild<QScrollArea *>(QStringLiteral("chartsScroll"));
    QVERIFY(scroll);
    QVERIFY(!scroll->verticalScrollBar()->isVisible());

    // The canvas's names: as large against the screen as on 1080 lines.
    // (On the 440 px this leaves the canvas, some of netflix's longest names
    // are cut; the whole name is in the node's tooltip.)
    CanvasView *canvas = qobject_cast<CanvasView *>(window.centralWidget());
    QVERIFY(canvas);
    const double lod = canvas->transform().m11();
    int nodes = 0;
    for (QGraphicsItem *item : canvas->scene()->items()) {
        if (item->type() != NodeItem::Type)
            continue;
        ++nodes;
        QVERIFY(static_cast<NodeItem *>(item)->namePixels(lod)
                >= PresentationMode::kCanvasTextPixels * scale - 1e-9);
    }
    QVERIFY(nodes > 5);

    // Leaving puts the normal sizes back.
    present->setActive(false);
    QTRY_VERIFY(!window.isFullScreen());
    QCOMPARE(present->scale(), 1.0);
    QCOMPARE(pixels(run->charts()->card(ChartsPanel::Window)->titleLabel()->font()), normalTitle);
    QCOMPARE(pixels(run->runBar()->font()), normalBar);
}

// The presenting window dragged from the 1024x768 projector to the 1080-line
// laptop screen beside it: its text had stayed at the projector's scale.
void TestPresentationSmall::anotherScreenGetsItsOwnScale()
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    QCOMPARE(screens.size(), qsizetype(2));
    MainWindow window;
    RunUi *run = window.runUi();
    window.document()->resetModel(testing::example("netflix-viewing.cqrs.json", 60));
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PresentationMode *present = run->presentation();
    QSignalSpy scaled(present, &PresentationMode::scaleChanged);
    present->setActive(true);
    const double small = 768 / 1080.0;
    QCOMPARE(present->scale(), small);
    QCOMPARE(run->replay()->presentingScale(), small);
    QCOMPARE(pixels(run->runBar()->font()), int(std::lround(20 * small)));

    window.windowHandle()->setScreen(screens[1]);
    QTRY_COMPARE(present->scale(), 1.0);
    QCOMPARE(scaled.size(), 1);
    QCOMPARE(pixels(run->runBar()->font()), 20);
    QCOMPARE(pixels(run->whatIfBar()->font()), 20);
    QCOMPARE(run->replay()->presentingScale(), 1.0);
    const QList<ChartsPanel::ChartId> shown = run->charts()->shownCharts();
    QCOMPARE(shown.size(), 4); // the same charts
    for (ChartsPanel::ChartId id : shown) {
        ChartCard *card = run->charts()->card(id);
        QCOMPARE(pixels(card->titleLabel()->font()), 26);
        for (QAbstractAxis *axis : card->chart()->axes())
            QCOMPARE(pixels(axis->labelsFont()), 20);
    }
    QVERIFY(run->charts()->isPresenting());

    // And back to the projector.
    window.windowHandle()->setScreen(screens[0]);
    QTRY_COMPARE(present->scale(), small);
    QCOMPARE(pixels(run->charts()->card(shown.front())->titleLabel()->font()),
             int(std::lround(26 * small)));

    present->setActive(false);
    QTRY_VERIFY(!window.isFullScreen());
    QCOMPARE(present->scale(), 1.0);
    QVERIFY(!run->charts()->isPresenting());
    QCOMPARE(run->replay()->presentingScale(), 1.0);
    // Not presenting, a move changes nothing.
    window.windowHandle()->setScreen(screens[1]);
    QTest::qWait(50);
    QCOMPARE(scaled.size(), 2);
}

// A second screen beside the projector, as a laptop's (the first stays the primary one).
void TestPresentationSmall::workshopExampleNamesWhole()
{
    // The workshop's example on a 1024x768 projector: the canvas's nodes are
    // about 27 pixels high there, too short for two lines of 13-pixel names,
    // and five names were cut ("ProfileUpdat…", "UserSearchIn…",
    // "GetOwnPro…"). Two lines may reach into half the gap above and below.
    MainWindow window;
    PresentationMode *present = presentWorkshopExample(window);
    QVERIFY(present);
    QTRY_VERIFY(present->isSettled()); // the docks are sized and the canvas refitted on timers
    CanvasView *canvas = qobject_cast<CanvasView *>(window.centralWidget());
    QVERIFY(canvas);
    const double lod = canvas->transform().m11();
    QVERIFY2(76 * lod < 2 * 13, qPrintable(QString::number(lod))); // the case described above
    QStringList names;
    for (QGraphicsItem *item : canvas->scene()->items()) {
        if (item->type() != NodeItem::Type)
            continue;
        auto *node = static_cast<NodeItem *>(item);
        const QString name = node->presentedName(lod);
        names << name;
        QVERIFY2(!name.contains(QChar(0x2026)), qPrintable(name));
        QVERIFY(node->namePixels(lod)
                >= PresentationMode::kCanvasTextPixels * present->scale() - 1e-9);
    }
    QVERIFY2(names.contains(QStringLiteral("Profile\nUpdated")),
             qPrintable(names.join(QLatin1String(", "))));
    present->setActive(false);
}

void TestPresentationSmall::badgesKeepOffTheNames()
{
    // The workshop's example on a 1024x768 projector, the search index down:
    // each read model's live badge sat above its top right corner, and the
    // index's covered the bottom of "User View" and the top of its own
    // "UserSearch". A badge now goes where it covers no name: above its
    // node's name, below the node, or beside it.
    MainWindow window;
    PresentationMode *present = presentWorkshopExample(window);
    QVERIFY(present);
    QTRY_VERIFY(present->isSettled()); // the docks are sized and the canvas refitted on timers
    auto *canvas = qobject_cast<CanvasView *>(window.centralWidget());
    QVERIFY(canvas);
    const double lod = canvas->transform().m11();
    QList<NodeItem *> nodes;
    for (QGraphicsItem *item : canvas->scene()->items()) {
        if (item->type() == NodeItem::Type)
            nodes << static_cast<NodeItem *>(item);
    }
    const auto node = [&](const char *id) {
        for (NodeItem *n : std::as_const(nodes)) {
            if (n->id() == id)
                return n;
        }
        return static_cast<NodeItem *>(nullptr);
    };
    QVERIFY(node("user-view") && node("search-index"));
    // As a run's updates set them, one after the other, twice (the second
    // round sees where the first put the others).
    for (int round = 0; round < 2; ++round) {
        node("user-view")
            ->setBadge(QStringLiteral("%1 · 0.41 s · 2%").arg(25 + round),
                       QColor(0xc8, 0x8a, 0x00));
        node("search-index")
            ->setBadge(QStringLiteral("DOWN · %1 queued").arg(2127 + round),
                       QColor(0xc6, 0x28, 0x28));
    }
    const QRectF visible = canvas->mapToScene(canvas->viewport()->rect()).boundingRect();
    for (NodeItem *badged : {node("user-view"), node("search-index")}) {
        const QRectF badge = badged->presentedBadgeRect();
        QVERIFY(!badge.isEmpty());
        QVERIFY2(visible.contains(badge), qPrintable(QString::fromStdString(badged->id())));
        for (NodeItem *n : std::as_const(nodes)) {
            const QRectF name = n->mapRectToScene(n->presentedNameRect(lod));
            QVERIFY2(!badge.intersects(name),
                     qPrintable(QStringLiteral("the badge of %1 covers the name of %2")
                                    .arg(QString::fromStdString(badged->id()),
                                         QString::fromStdString(n->id()))));
            if (n != badged && n->presentedBadgeRect().isValid())
                QVERIFY(!badge.intersects(n->presentedBadgeRect()));
        }
    }
    present->setActive(false);
}

void TestPresentationSmall::traceWindowControlsReadable()
{
    // The trace window's fields and buttons ("Follow the first", "Replay on
    // Canvas") kept the normal window's size over the projector: on 1024x768
    // they are as large as the run bar's text, and the window still fits.
    MainWindow window;
    PresentationMode *present = presentWorkshopExample(window);
    QVERIFY(present);
    auto *traceAction = window.findChild<QAction *>(QStringLiteral("traceCommandAction"));
    QVERIFY(traceAction);
    traceAction->trigger();
    auto *trace = window.findChild<TraceWindow *>();
    QVERIFY(trace && trace->isVisible() && trace->isPresenting());
    const int expected
        = PresentationMode::scaledPixels(TraceWindow::kControlsPresentingPixels, present->scale());
    QCOMPARE(pixels(trace->findChild<QPushButton *>(QStringLiteral("traceReplay"))->font()),
             expected);
    QCOMPARE(pixels(window.runUi()->runBar()->font()), expected);
    QVERIFY(expected > pixels(trace->font()));
    const QRect screen = window.screen()->availableGeometry();
    QVERIFY2(screen.contains(trace->geometry()),
             qPrintable(QStringLiteral("%1x%2").arg(trace->width()).arg(trace->height())));
    // Measured at that size (a combo box kept its normal least size), so
    // the fields are not squeezed.
    for (auto *box : trace->findChildren<QComboBox *>()) {
        if (box->isVisible())
            QVERIFY2(box->width() >= box->minimumSizeHint().width(), qPrintable(box->objectName()));
    }
    trace->close();
    present->setActive(false);
}

CQRS_TWO_SCREENS_TEST_MAIN(TestPresentationSmall, 1024, 768, 1920, 1080)
#include "tst_presentation_small.moc"

// A challenge opened on a 1024x768 laptop made the window 1134 pixels wide
// (the Speed box and half the inspector off the screen); in interview mode
// the panel's clock row and buttons were cut off at its right edge, so
// Finish Interview... and Give Up could not be reached.
void TestPresentationSmall::challengePanelFitsTheScreen_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("interview");
    for (const char *name : {"exactly-once", "first-projection", "uber-evening-peak"}) {
        const QString file
            = QStringLiteral(CQRS_SOURCE_DIR "/resources/challenges/%1.challenge.json")
                  .arg(QLatin1String(name));
        QTest::addRow("%s", name) << file << false;
        QTest::addRow("%s, interview", name) << file << true;
    }
}

void TestPresentationSmall::challengePanelFitsTheScreen()
{
    QFETCH(QString, file);
    QFETCH(bool, interview);
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect screen = window.screen()->availableGeometry();
    QVERIFY(window.frameGeometry().width() <= screen.width());
    QVERIFY(window.challengeUi()->openChallengeFile(file, interview));
    ChallengePanel *panel = window.challengeUi()->panel();
    auto *scroll
        = window.challengeUi()->dock()->findChild<QScrollArea *>(QStringLiteral("challengeScroll"));
    QVERIFY(scroll);
    QTRY_VERIFY(panel->isVisible());
    // Every button of the panel whole within the dock's width (the panel
    // scrolls up and down, not sideways), once the layouts have settled.
    QString cut;
    const auto whole = [&] {
        cut.clear();
        const QRect room = scroll->viewport()->rect();
        for (QPushButton *button : panel->findChildren<QPushButton *>()) {
            if (!button->isVisibleTo(panel))
                continue;
            const QRect at(button->mapTo(scroll->viewport(), QPoint(0, 0)), button->size());
            if (at.left() < room.left() || at.right() > room.right()
                || button->width() < button->minimumSizeHint().width())
                cut = QStringLiteral("%1 at x %2..%3, the dock shows 0..%4")
                          .arg(button->text())
                          .arg(at.left())
                          .arg(at.right())
                          .arg(room.right());
        }
        return cut.isEmpty();
    };
    QTRY_VERIFY2(whole(), qPrintable(cut));
    QVERIFY2(window.frameGeometry().width() <= screen.width(),
             qPrintable(QStringLiteral("window %1 wide").arg(window.frameGeometry().width())));
    if (interview) {
        QVERIFY(panel->finishButton()->isVisibleTo(panel));
        QVERIFY(panel->giveUpButton()->isVisibleTo(panel));
    }
}
