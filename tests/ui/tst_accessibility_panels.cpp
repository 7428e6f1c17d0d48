// Issue 13, accessibility: every control of the run, history, challenge and
// trace windows has an accessible name and description (what a screen reader
// announces), and every chart says what it shows and its latest figures.
#include "a11ytestutil.h"
#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/common/focusring.h"
#include "cqrs/ui/challenge/challengegallery.h"
#include "cqrs/ui/challenge/challengepanel.h"
#include "cqrs/ui/challenge/challengesession.h"
#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/challenge/solutionwindow.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/history/compareview.h"
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/history/recordedrunview.h"
#include "historytestutil.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/trace/tracewindow.h"
#include "cqrs/ui/trace/traceview.h"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QSet>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QAbstractSpinBox>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

const QString kTiny = QStringLiteral(CQRS_SOURCE_DIR "/tests/data/ui-challenges/tiny.challenge.json");

/// A table's headers and its corner button are read through the table
/// (QAccessibleTable's header cells), not as controls of their own.
QList<QWidget *> withoutTableParts(QList<QWidget *> widgets)
{
    widgets.removeIf([](QWidget *w) {
        return qobject_cast<QAbstractItemView *>(w->parentWidget())
               && (qobject_cast<QHeaderView *>(w) || w->inherits("QTableCornerButton"));
    });
    return widgets;
}

/// Empty when every visible control under root has a name and a description.
QString missingNamesOrDescriptions(QWidget *root)
{
    QStringList lines;
    for (const QString &line : describeWidgets(withoutTableParts(unnamedInteractiveWidgets(root))))
        lines << QStringLiteral("no name: ") + line;
    for (const QString &line : describeWidgets(withoutTableParts(undescribedInteractiveWidgets(root))))
        lines << QStringLiteral("no description: ") + line;
    // On Linux a combo box is announced by its current text: its description says what it is.
    for (QComboBox *box : root->findChildren<QComboBox *>()) {
        const QString description = accessibleText(box, QAccessible::Description);
        if (box->isVisibleTo(root) && (box->accessibleName().isEmpty() || !description.startsWith(box->accessibleName())))
            lines << QStringLiteral("combo box not saying what it is: ") + describeWidgets({box}).join(QString())
                         + QStringLiteral(" description=\"%1\"").arg(description);
    }
    return lines.join(QLatin1Char('\n'));
}

/// The platform's Close keys (Ctrl+W here) close a window of its own, which
/// goes away: each such window is deleted on close.
#define VERIFY_CLOSES_WITH_CTRL_W(window)                                                          \
    do {                                                                                           \
        QPointer<QWidget> alive(window);                                                           \
        (window)->activateWindow();                                                                \
        QVERIFY(QTest::qWaitForWindowActive(window));                                              \
        QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : (window),       \
                        Qt::Key_W, Qt::ControlModifier);                                           \
        QTRY_VERIFY(alive.isNull());                                                               \
    } while (false)

#define VERIFY_ACCESSIBLE(root)                                                                     \
    do {                                                                                            \
        const QString missing = missingNamesOrDescriptions(root);                                   \
        QVERIFY2(missing.isEmpty(), qPrintable(missing));                                           \
    } while (false)

/// A chart card reads as its title, and its description says what it shows.
QString cardProblem(ChartCard *card)
{
    const QString title = card->titleLabel()->text();
    const QString name = accessibleText(card->view(), QAccessible::Name);
    const QString description = accessibleText(card->view(), QAccessible::Description);
    if (title.isEmpty())
        return QStringLiteral("a card without a title");
    if (name != title || accessibleText(card, QAccessible::Name) != title)
        return QStringLiteral("card \"%1\" is announced as \"%2\"").arg(title, name);
    if (description.isEmpty() || accessibleText(card, QAccessible::Description).isEmpty())
        return QStringLiteral("card \"%1\" has no description").arg(title);
    if (description.contains(QLatin1Char('<')))
        return QStringLiteral("card \"%1\" describes itself in HTML: %2").arg(title, description);
    return {};
}

} // namespace

class TestAccessibilityPanels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void finishedRun();
    void everyTabStopShowsTheFocus();
    void historyDockAndRecordedRun();
    void compareView();
    void challengeGallery();
    void challengePanelAndSolution();
    void traceWindow();

private:
    QTemporaryDir m_dir;
    std::vector<qint64> m_ids;
};

void TestAccessibilityPanels::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
    const QString db = m_dir.filePath(QStringLiteral("runs.sqlite"));
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(db));
    auto store = openHistory(db);
    Model model = example("user-profile.cqrs.json", 30);
    m_ids.push_back(recordRun(*store, model, "baseline"));
    model.readModels.front().consumers = 3;
    m_ids.push_back(recordRun(*store, model, "three consumers", {{10, "workload.commandRate", "80"}}));
}

void TestAccessibilityPanels::cleanupTestCase()
{
    qunsetenv("CQRS_STUDIO_DB");
}

void TestAccessibilityPanels::finishedRun()
{
    MainWindow window;
    window.resize(1600, 1000);
    window.document()->resetModel(example("user-profile.cqrs.json", 20));
    window.show();
    RunUi *run = window.runUi();
    // Before a run: the panel explains itself, the controls are named already.
    VERIFY_ACCESSIBLE(run->runBar());
    VERIFY_ACCESSIBLE(run->charts());

    QSignalSpy finished(run->controller(), &RunController::runFinished);
    run->runBar()->speedBox()->setCurrentIndex(run->runBar()->speedBox()->count() - 1);
    run->runBar()->runAction()->trigger();
    QVERIFY(finished.wait(30000));
    QTRY_VERIFY(run->summary()->run().has_value()); // the summary follows in an event of its own
    run->charts()->refresh();
    VERIFY_ACCESSIBLE(run->runBar());
    VERIFY_ACCESSIBLE(run->charts());
    VERIFY_ACCESSIBLE(run->summary());

    // Every chart, shown or not, reads as its title and says what it shows;
    // one with data gives its latest figures.
    ChartsPanel *charts = run->charts();
    for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
        ChartCard *card = charts->card(ChartsPanel::ChartId(id));
        const QString problem = cardProblem(card);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    const QString window99 = accessibleText(charts->chartView(ChartsPanel::Window), QAccessible::Description);
    QVERIFY2(window99.contains(QStringLiteral("Latest, at 20 s: p50: ")) && window99.contains(QStringLiteral("p99: ")),
             qPrintable(window99));
    const QString throughput = accessibleText(charts->chartView(ChartsPanel::Throughput), QAccessible::Description);
    QVERIFY2(throughput.contains(QStringLiteral("accepted")) && throughput.contains(QStringLiteral("per second")),
             qPrintable(throughput));
    // The figures follow the focus selector.
    QComboBox *focus = charts->findChild<QComboBox *>(QStringLiteral("readModelFocus"));
    QVERIFY(focus);
    focus->setCurrentIndex(0);
    QVERIFY(accessibleText(charts->card(ChartsPanel::Window), QAccessible::Name).contains(QStringLiteral("all read models")));

    // An enlarged chart's button says how to go back.
    ChartCard *windowCard = charts->card(ChartsPanel::Window);
    QCOMPARE(accessibleText(windowCard->enlargeButton(), QAccessible::Name), QStringLiteral("Enlarge chart"));
    charts->setEnlarged(ChartsPanel::Window);
    QCOMPARE(accessibleText(windowCard->enlargeButton(), QAccessible::Name), QStringLiteral("Back to all charts"));
    charts->setEnlarged(-1);
    // Names and descriptions change nothing a sighted user sees: a picture to look at.
    QVERIFY(window.grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/a11y-finished-run.png")));
}

void TestAccessibilityPanels::historyDockAndRecordedRun()
{
    MainWindow window;
    window.resize(1500, 900);
    window.show();
    HistoryUi *history = window.historyUi();
    history->showDock();
    QTRY_VERIFY(history->model()->rowCount() >= 2); // the other slots' runs are recorded too
    VERIFY_ACCESSIBLE(history->panel());

    QSignalSpy opened(history, &HistoryUi::runOpened);
    history->openRun(m_ids.back());
    QTRY_COMPARE(opened.count(), 1);
    auto *view = opened.at(0).at(0).value<RecordedRunView *>();
    QVERIFY(view);
    QVERIFY(QTest::qWaitForWindowExposed(view));
    VERIFY_ACCESSIBLE(view);
    for (ChartCard *card : view->findChildren<ChartCard *>()) {
        const QString problem = cardProblem(card);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    VERIFY_CLOSES_WITH_CTRL_W(view);
}

void TestAccessibilityPanels::compareView()
{
    MainWindow window;
    window.show();
    HistoryUi *history = window.historyUi();
    history->showDock();
    QTRY_VERIFY(history->model()->rowCount() >= 2); // the other slots' runs are recorded too
    QSignalSpy opened(history, &HistoryUi::compareOpened);
    history->panel()->selectIds(m_ids);
    history->panel()->compareAction()->trigger();
    QTRY_COMPARE(opened.count(), 1);
    auto *view = opened.at(0).at(0).value<CompareView *>();
    QVERIFY(view);
    QVERIFY(QTest::qWaitForWindowExposed(view));
    VERIFY_ACCESSIBLE(view);
    for (int id = 0; id < CompareView::ChartCount; ++id) {
        ChartCard *card = view->card(CompareView::ChartId(id));
        const QString problem = cardProblem(card);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // One line per run: the description names the runs compared.
        const QString description = accessibleText(card, QAccessible::Description);
        QVERIFY2(description.contains(QStringLiteral("baseline")), qPrintable(description));
    }
    QVERIFY(view->grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/a11y-compare.png")));
    VERIFY_CLOSES_WITH_CTRL_W(view);
}

void TestAccessibilityPanels::challengeGallery()
{
    QList<ChallengeEntry> entries = scanChallenges(challengeDirectories());
    entries << loadChallengeEntry(QStringLiteral(CQRS_SOURCE_DIR "/tests/data/ui-challenges/bad/dangling.challenge.json"));
    QVERIFY(entries.size() > 1);
    ChallengeGallery gallery(entries, {});
    gallery.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gallery));
    VERIFY_ACCESSIBLE(&gallery);
}

void TestAccessibilityPanels::challengePanelAndSolution()
{
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QVERIFY(window.challengeUi()->openChallengeFile(kTiny, true)); // interview mode: the clock's buttons too
    window.challengeUi()->dock()->show();
    ChallengePanel *panel = window.challengeUi()->panel();
    VERIFY_ACCESSIBLE(panel);

    ChallengeSession *session = window.challengeUi()->session();
    QSignalSpy done(session, &ChallengeSession::checkFinished);
    window.challengeUi()->check();
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60000);
    QVERIFY(session->revealHint());
    session->giveUp();
    QVERIFY(panel->grid()->isVisibleTo(panel));
    QVERIFY(panel->debrief()->isVisibleTo(panel));
    VERIFY_ACCESSIBLE(panel);
    QVERIFY(panel->grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/a11y-challenge-panel.png")));

    QVERIFY(window.challengeUi()->showSolution());
    SolutionWindow *solution = window.challengeUi()->solutionWindow();
    QVERIFY(solution);
    QVERIFY(QTest::qWaitForWindowExposed(solution));
    VERIFY_ACCESSIBLE(solution);
    VERIFY_CLOSES_WITH_CTRL_W(solution);
}

void TestAccessibilityPanels::traceWindow()
{
    TraceWindow window;
    window.setModel(example("user-profile.cqrs.json", 60));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    VERIFY_ACCESSIBLE(&window);
    QSignalSpy ready(&window, &TraceWindow::traceReady);
    window.startTrace();
    QVERIFY(ready.count() == 1 || ready.wait(30000));
    QVERIFY(window.view()->hasTrace());
    VERIFY_ACCESSIBLE(&window);
    // The drawing says what was traced and lists its lanes.
    const QString description = accessibleText(window.view(), QAccessible::Description);
    QVERIFY2(description.contains(window.view()->headline()), qPrintable(description));
    for (const TraceView::Lane &lane : window.view()->lanes())
        QVERIFY2(description.contains(lane.title), qPrintable(lane.title));
    QVERIFY(!accessibleText(window.view(), QAccessible::Name).isEmpty());
}

// Tab reached the charts' chooser, the charts, the scrolled panels, the
// empty Problems list and a tab bar kept out of sight, and nothing on the
// screen said where the focus was. Every Tab stop of a window after a run
// is in sight and shows the focus: its own look, or the focus ring.
void TestAccessibilityPanels::everyTabStopShowsTheFocus()
{
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.document()->resetModel(testing::example("user-profile.cqrs.json", 60));
    RunController *c = window.runUi()->controller();
    c->setSpeed(0);
    QSignalSpy finished(c, &RunController::runFinished);
    QVERIFY(c->start(window.document()->model()));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 30000);
    QTest::qWait(100);
    QWidget *start = window.runUi()->chartsDock()->widget();
    QWidget *first = start;
    while (first && !((first->focusPolicy() & Qt::TabFocus) && first->isVisible()))
        first = first->nextInFocusChain();
    QVERIFY(first);
    first->setFocus(Qt::TabFocusReason);
    QSet<QWidget *> seen;
    QStringList unseen;
    for (int i = 0; i < 120; ++i) {
        QApplication::processEvents();
        QWidget *f = QApplication::focusWidget();
        QVERIFY(f);
        if (!seen.contains(f)) {
            seen.insert(f);
            const QString what = QStringLiteral("%1 \"%2\" (%3)")
                                     .arg(QLatin1String(f->metaObject()->className()), f->objectName(), f->accessibleName());
            QWidget *parent = f->parentWidget() ? f->parentWidget() : f;
            const bool inSight = window.rect().intersects(QRect(f->mapTo(&window, QPoint()), f->size()));
            // A caret (text fields) or a selection (the canvas) says it.
            const bool ownSign = qobject_cast<QLineEdit *>(f) || qobject_cast<QPlainTextEdit *>(f)
                                 || qobject_cast<QAbstractSpinBox *>(f) || f->objectName() == QLatin1String("canvas");
            if (!inSight) {
                unseen << QStringLiteral("out of sight: ") + what;
            } else if (!ownSign && FocusRing::ringedWidget() != f) {
                const QImage with = parent->grab().toImage();
                f->clearFocus();
                QApplication::processEvents();
                const QImage without = parent->grab().toImage();
                f->setFocus(Qt::TabFocusReason);
                QApplication::processEvents();
                if (with == without)
                    unseen << QStringLiteral("no focus shown: ") + what;
            }
        }
        QTest::keyClick(f, Qt::Key_Tab);
    }
    QVERIFY2(seen.size() > 40, qPrintable(QString::number(seen.size())));
    // A list or table is one stop: the Run History's and the Inspector's
    // tables took Tab cell to cell and round again, and it never left them.
    window.findChild<QAction *>(QStringLiteral("focusInspector"))->trigger(); // the model's tables
    QApplication::processEvents();
    for (QAbstractItemView *view : window.findChildren<QAbstractItemView *>())
        QVERIFY2(!view->tabKeyNavigation(), qPrintable(view->objectName()));
    QVERIFY(window.findChild<QTableView *>(QStringLiteral("historyTable")));
    QVERIFY2(unseen.isEmpty(), qPrintable(unseen.join(QLatin1Char('\n'))));
    c->reset();
}

QTEST_MAIN(TestAccessibilityPanels)
#include "tst_accessibility_panels.moc"
