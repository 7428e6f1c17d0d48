// The challenge panel's column (issue 11): how the brief, the
// requirements, the grid, the hints and the debrief share the height of the
// dock on a laptop and on a large screen, before and after a check, and
// that what the user asked for comes into sight.
#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/challenge/challengepanel.h"
#include "cqrs/ui/challenge/challengesession.h"
#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "challengetestutil.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <cqrs/model/elements.h>
#include <set>

using namespace cqrs;
using namespace cqrs::testing;

class TestChallengeLayout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { isolateChallengeTest(m_dir, "tst_challengelayout"); }

    void laptopScreenGivesThePanelTheColumn()
    {
        // At 1280x800 the palette's one column took 330 of the left column's
        // 700 pixels and the brief, checklist and buttons scrolled in the rest.
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *palette = window.findChild<QWidget *>(QStringLiteral("palette"));
        QVERIFY(palette);
        const QList<QToolButton *> buttons = palette->findChildren<QToolButton *>();
        QCOMPARE(buttons.size(), qsizetype(std::size(kAllElementKinds) + 1));
        const auto columns = [&] {
            std::set<int> xs;
            for (const QToolButton *button : buttons)
                xs.insert(button->x());
            return xs.size();
        };
        QVERIFY(window.challengeUi()->openChallengeFile(kTiny, false));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("challengeDock"));
        QTRY_COMPARE(columns(), std::size_t(2));
        QTRY_VERIFY2(dock->height() > 2 * palette->height(),
                     qPrintable(QStringLiteral("panel %1 px, palette %2 px")
                                    .arg(dock->height())
                                    .arg(palette->height())));
        // Every button whole, none under another or under the hint.
        for (const QToolButton *button : buttons) {
            QVERIFY2(palette->rect().contains(button->geometry()), qPrintable(button->text()));
            QVERIFY(button->isVisible());
            for (const QToolButton *other : buttons)
                QVERIFY(button == other || !button->geometry().intersects(other->geometry()));
        }
        shot(&window, QStringLiteral("challenge-1280x800.png"));
    }

    // On a large screen the column widens for the panel's buttons, side by
    // side (they stacked, although the window had the room).
    void buttonsSideBySideWhereThereIsRoom()
    {
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengePanel *panel = window.challengeUi()->panel();
        const auto inOneRow = [panel] {
            const int y = panel->checkButton()->y();
            return panel->checkButton()->isVisible() && panel->hintButton()->y() == y
                   && panel->giveUpButton()->y() == y;
        };
        QTRY_VERIFY(inOneRow());
    }

    // On a laptop's short column a hint, a check's score or the debrief came
    // below the fold: only a button's label changed where the user looked.
    void answersComeIntoSight()
    {
        MainWindow window;
        QVERIFY(openShownAt(window, QSize(1366, 600)));
        ChallengeSession *session = window.challengeUi()->session();
        ChallengePanel *panel = window.challengeUi()->panel();
        auto *scroll = window.challengeUi()->dock()->findChild<QScrollArea *>(QStringLiteral("challengeScroll"));
        QVERIFY(scroll);
        window.resizeDocks({window.challengeUi()->dock()}, {300}, Qt::Vertical);
        const auto inSight = [scroll](QWidget *w) {
            const QRect shown(w->mapTo(scroll->viewport(), QPoint(0, 0)), QSize(w->width(), std::min(w->height(), 20)));
            return w->isVisible() && scroll->viewport()->rect().contains(shown);
        };
        QTRY_VERIFY(panel->isVisible());
        scroll->verticalScrollBar()->setValue(0);
        panel->hintButton()->click();
        QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0); // there is something out of sight
        QTRY_VERIFY(panel->hints()->isVisible());
        QTRY_VERIFY2(inSight(panel->hints()), qPrintable(QString::number(scroll->verticalScrollBar()->value())));
        scroll->verticalScrollBar()->setValue(0);
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QVERIFY(session->startCheck(window.document()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QTRY_VERIFY(inSight(panel->grid()));
    }

    // A check widens a dock too narrow for the grid's columns (a challenge
    // with three stresses had two of them behind a scroll bar), up to under
    // half the window.
    void checkWidensTheDockForTheGrid()
    {
        MainWindow window;
        QVERIFY(openShown(window, QStringLiteral(CQRS_SOURCE_DIR "/resources/challenges/amazon-orders.challenge.json")));
        ChallengeSession *session = window.challengeUi()->session();
        QCOMPARE(session->challenge().stresses.size(), std::size_t(3));
        ChallengePanel *panel = window.challengeUi()->panel();
        QDockWidget *dock = window.challengeUi()->dock();
        QTRY_VERIFY(panel->isVisible());
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QVERIFY(session->startCheck(window.document()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QTableWidget *grid = panel->grid();
        QTRY_VERIFY(grid->isVisible());
        QTRY_VERIFY2(grid->horizontalHeader()->length() <= grid->viewport()->width(),
                     qPrintable(QStringLiteral("%1 > %2").arg(grid->horizontalHeader()->length()).arg(grid->viewport()->width())));
        QVERIFY(dock->width() <= window.width() * 45 / 100);
        shot(&window, QStringLiteral("challenge-wide-grid.png"));
    }

    // With hints shown, a check once left the requirements and the grid one
    // row high while the hints kept their room.
    void hintsLeaveRoomForTheGrid()
    {
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengeSession *session = window.challengeUi()->session();
        ChallengePanel *panel = window.challengeUi()->panel();
        QVERIFY(session->revealHint());
        QVERIFY(session->revealHint());
        QTRY_VERIFY(panel->hints()->isVisible());
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QVERIFY(session->startCheck(window.document()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QCOMPARE(panel->grid()->rowCount(), 3);
        // Once laid out (a loaded machine takes more than one pass of events).
        QTRY_VERIFY2(panel->grid()->viewport()->height() >= panel->grid()->verticalHeader()->length(),
                 qPrintable(QStringLiteral("%1 < %2").arg(panel->grid()->viewport()->height()).arg(panel->grid()->verticalHeader()->length())));
        auto *scroll = qobject_cast<QScrollArea *>(panel->checklist()->parentWidget()->parentWidget());
        QVERIFY(scroll);
        QTRY_VERIFY2(scroll->viewport()->height() >= std::min(100, panel->checklist()->sizeHint().height()),
                     qPrintable(QStringLiteral("%1 < %2").arg(scroll->viewport()->height()).arg(panel->checklist()->sizeHint().height())));
        QVERIFY(panel->hints()->height() >= 60);
        shot(&window, QStringLiteral("challenge-check-with-hints.png"));

        // A hint after the check takes its room from the brief, not the grid.
        QVERIFY(session->revealHint());
        QApplication::processEvents();
        QTRY_VERIFY(panel->grid()->viewport()->height() >= panel->grid()->verticalHeader()->length());

        // An edit after the check (or an undo of one before it) makes the
        // last check another model's: the panel says so, and not once the
        // model is the checked one again.
        QVERIFY(panel->lastCheckNote()->isHidden());
        Document *doc = window.document();
        doc->deleteItems({"task-view"}, {}, {});
        QVERIFY(panel->lastCheckNote()->isVisible());
        doc->undoStack()->undo();
        QVERIFY(panel->lastCheckNote()->isHidden());
        window.document()->setElementName("task-view", "Renamed"); // names do not change a run
        QVERIFY(panel->lastCheckNote()->isHidden());
    }

    // A column (the dock's viewport) grown after a check: the grid keeps its
    // room, the rest goes as the check shared it.
    void tallerColumnSharedAgain()
    {
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengeSession *session = window.challengeUi()->session();
        ChallengePanel *panel = window.challengeUi()->panel();
        QVERIFY(session->revealHint());
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QVERIFY(session->startCheck(window.document()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        auto *splitter = panel->findChild<QSplitter *>();
        auto *column = qobject_cast<QScrollArea *>(window.challengeUi()->dock()->widget());
        QVERIFY(splitter && column && column->widget()->isAncestorOf(splitter));
        const QList<int> shared = splitter->sizes();
        const auto grown = [column](int than) {
            return column->viewport()->height() > than + 100 && column->widget()->height() == column->viewport()->height();
        };
        const int before = column->viewport()->height();
        window.resize(1600, 1500);
        QTRY_COMPARE(window.height(), 1500); // the window system says it later
        window.resizeDocks({window.challengeUi()->dock()}, {1400}, Qt::Vertical);
        QTRY_VERIFY2(grown(before), qPrintable(QStringLiteral("%1 %2").arg(before).arg(column->viewport()->height())));
        // (Within the pixel or two the handles take from the parts.)
        QVERIFY2(std::abs(splitter->sizes()[2] - shared[2]) <= 2, qPrintable(QStringLiteral("%1 %2").arg(splitter->sizes()[2]).arg(shared[2])));
        QVERIFY(panel->grid()->viewport()->height() >= panel->grid()->verticalHeader()->length());
        auto *scroll = qobject_cast<QScrollArea *>(panel->checklist()->parentWidget()->parentWidget());
        QVERIFY(scroll && scroll->viewport()->height() >= panel->checklist()->sizeHint().height());
        // Once the user moves a handle, the shares are theirs.
        QList<int> mine = splitter->sizes();
        mine[0] += 150; // a taller brief than the shares give it
        mine[1] -= 150;
        splitter->setSizes(mine);
        emit splitter->splitterMoved(mine[0], 1);
        const int mineHeight = column->viewport()->height();
        window.resize(1600, 1900);
        QTRY_COMPARE(window.height(), 1900);
        window.resizeDocks({window.challengeUi()->dock()}, {1800}, Qt::Vertical);
        QTRY_VERIFY(grown(mineHeight));
        QVERIFY2(splitter->sizes()[0] >= mine[0], qPrintable(QStringLiteral("%1 < %2").arg(splitter->sizes()[0]).arg(mine[0])));
    }

    // The first hint after a check brings the hints in under the grid: they
    // take their room from the brief, and the grid keeps all its rows.
    void firstHintAfterACheck()
    {
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengeSession *session = window.challengeUi()->session();
        ChallengePanel *panel = window.challengeUi()->panel();
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QVERIFY(session->startCheck(window.document()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QApplication::processEvents();
        QVERIFY(!panel->hints()->isVisible());
        const int briefBefore = panel->brief()->height();
        QVERIFY(session->revealHint());
        // Once laid out (a loaded machine takes more than one pass of events).
        QTRY_VERIFY(panel->hints()->isVisible() && panel->hints()->height() >= 60);
        QTRY_VERIFY2(panel->grid()->viewport()->height() >= panel->grid()->verticalHeader()->length(),
                     qPrintable(QStringLiteral("%1 < %2").arg(panel->grid()->viewport()->height()).arg(panel->grid()->verticalHeader()->length())));
        QTRY_VERIFY2(panel->brief()->height() <= briefBefore,
                     qPrintable(QStringLiteral("%1 > %2").arg(panel->brief()->height()).arg(briefBefore)));
    }

    // A laptop's 1366x768 window: after a passing check with hints shown,
    // the brief, the requirements, the grid, the hints, the debrief and the
    // solution buttons (and the palette above them) wanted more height than
    // the screen has, and the window grew to 947 pixels, its bottom off the
    // screen. The panel scrolls instead; the window keeps its size.
    void laptopWindowKeepsItsHeightAfterAPass()
    {
        MainWindow window;
        QVERIFY(openShownAt(window, QSize(1366, 768)));
        ChallengeSession *session = window.challengeUi()->session();
        ChallengePanel *panel = window.challengeUi()->panel();
        QVERIFY(session->revealHint());
        const Challenge tiny = loadTiny();
        window.document()->replaceElements({*tiny.solution->readModel("task-view")}, QStringLiteral("Stream"));
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        window.challengeUi()->checkAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QVERIFY(session->hasPassed());
        QTest::qWait(100);
        QVERIFY(panel->solutionButton()->isVisible());
        QVERIFY2(window.minimumSizeHint().height() <= 768,
                 qPrintable(QString::number(window.minimumSizeHint().height())));
        QCOMPARE(window.size(), QSize(1366, 768));
        // Every part still reachable: the solution buttons scroll into view.
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("challengeDock"));
        QVERIFY(dock);
        auto *scroll = qobject_cast<QScrollArea *>(dock->widget());
        QVERIFY(scroll);
        scroll->ensureWidgetVisible(panel->solutionButton());
        QApplication::processEvents();
        const QRect button(panel->solutionButton()->mapTo(scroll->viewport(), QPoint()),
                           panel->solutionButton()->size());
        QVERIFY(scroll->viewport()->rect().contains(button));
        shot(&window, QStringLiteral("challenge-passed-1366x768.png"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestChallengeLayout)
#include "tst_challengelayout.moc"
