// The Run History dock: the list with its figures, filters, rename, tags,
// star, delete with confirmation, Refresh, and runs reopened read-only or
// their model opened, without running anything again.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/history/recordedrunview.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "historytestutil.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

// Answers the next modal message box with `button` (once it shows).
void answerNextMessageBox(QMessageBox::StandardButton button, QString *seen = nullptr)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, seen] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        if (seen)
            *seen = box->objectName() + QLatin1Char('|') + box->text() + QLatin1Char('|')
                    + box->informativeText();
        box->button(button)->click();
        timer->deleteLater();
    });
    timer->start();
}

QModelIndex cell(HistoryDock *dock, int row, int column)
{
    return dock->view()->model()->index(row, column);
}

/// Renames the current run as a user does: F2, the new name, Return. False
/// when no editor opened.
bool renameWithKeys(QTableView *view, const QString &name)
{
    QTest::keyClick(view, Qt::Key_F2);
    auto *editor = view->findChild<QLineEdit *>();
    if (!editor)
        return false;
    editor->selectAll();
    QTest::keyClicks(editor, name);
    QTest::keyClick(editor, Qt::Key_Return);
    return true;
}

} // namespace

class TestHistoryDock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void listsRunsNewestFirstWithFigures();
    void firstShowHasRoomForTheColumns();
    void firstRunsOfANewHistoryFitTheColumns();
    void filtersByTextAndModel();
    void filtersByKind();
    void renameTagStar();
    void historyChangesUndo();
    void undoKeepsAnotherWindowsChange();
    void deleteAsksFirst();
    void refreshShowsRunsOfOtherProcesses();
    void reopenShowsStoredChartsAndSummary();
    void openThisModel();
    void screenshot();
    void olderLayoutGetsTheTab();
    void sweepNamesKeepTheirValues();

private:
    HistoryUi *history() const { return m_window->historyUi(); }
    HistoryDock *dock() const { return history()->panel(); }
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    qint64 m_user1 = 0, m_user2 = 0, m_amazon = 0;
    std::unique_ptr<MainWindow> m_window;
};

void TestHistoryDock::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // A window's saved layout, left by an earlier run that stopped half-way,
    // would be restored by every window here.
    QSettings().clear();
}

void TestHistoryDock::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("runs.sqlite"));
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(m_db));
    {
        auto store = openHistory(m_db);
        Model user = example("user-profile.cqrs.json", 60);
        m_user1 = recordRun(*store, user, "baseline");
        user.readModels.front().consumers = 3;
        m_user2 = recordRun(
            *store, user, "three consumers",
            {{20.5, "workload.commandRate", "80"}, {40, "readModels.user-view.consumers", "4"}});
        m_amazon = recordRun(*store, example("amazon-orders.cqrs.json", 30));
    }
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1500, 900);
    m_window->show();
    history()->showDock();
    QTRY_COMPARE(history()->model()->rowCount(), 3);
}

void TestHistoryDock::cleanup()
{
    m_window.reset();
    QSettings().remove(
        QStringLiteral("history/listed")); // a failed test leaves no filtered list behind
    qunsetenv("CQRS_STUDIO_DB");
    m_dir.reset();
}

void TestHistoryDock::listsRunsNewestFirstWithFigures()
{

    // In the View menu, next to the other docks.
    bool inViewMenu = false;
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (menu->menu() && menu->text().remove(QLatin1Char('&')) == QStringLiteral("View"))
            inViewMenu = menu->menu()->actions().contains(history()->dock()->toggleViewAction());
    }
    QVERIFY(inViewMenu);
    QCOMPARE(cell(dock(), 0, HistoryModel::Id).data().toString(),
             QStringLiteral("#%1").arg(m_amazon));
    QCOMPARE(cell(dock(), 1, HistoryModel::Name).data().toString(),
             QStringLiteral("three consumers"));
    QCOMPARE(cell(dock(), 2, HistoryModel::Name).data().toString(), QStringLiteral("baseline"));
    QCOMPARE(cell(dock(), 2, HistoryModel::ModelName).data().toString(),
             QStringLiteral("User profile"));
    QCOMPARE(cell(dock(), 2, HistoryModel::Status).data().toString(), QStringLiteral("finished"));
    QCOMPARE(cell(dock(), 2, HistoryModel::Seed).data().toString(), QStringLiteral("42"));
    // The headline figures come from the stored result.
    auto store = openHistory(m_db);
    const Json result = Json::parse(store->get(m_user1)->result);
    double p99 = 0; // the worst read model's
    for (const auto &[id, rm] : result["readModels"].items())
        p99 = std::max(p99, rm["consistencyWindow"]["p99"].get<double>());
    QCOMPARE(cell(dock(), 2, HistoryModel::WindowP99).data(HistoryModel::SortRole).toDouble(), p99);
    QVERIFY(!cell(dock(), 2, HistoryModel::WindowP99).data().toString().isEmpty());
    QCOMPARE(cell(dock(), 2, HistoryModel::CommandP99).data(HistoryModel::SortRole).toDouble(),
             result["commands"]["total"]["latency"]["p99"].get<double>());
    QVERIFY(!cell(dock(), 2, HistoryModel::StaleRatio).data().toString().isEmpty());
    // Sortable: by name, ascending.
    dock()->view()->sortByColumn(HistoryModel::Name, Qt::AscendingOrder);
    QCOMPARE(cell(dock(), 0, HistoryModel::Name).data().toString(),
             QStringLiteral("Amazon orders"));
    QCOMPARE(cell(dock(), 1, HistoryModel::Name).data().toString(), QStringLiteral("baseline"));
    // Equal values in the order of the runs' numbers, whichever way round,
    // and the same after a filter: three runs at 3% read #2, #3, #1 one time
    // and #3, #2, #1 the next.
    const auto ids = [this] {
        QList<qint64> listed;
        for (int row = 0; row < dock()->view()->model()->rowCount(); ++row)
            listed << cell(dock(), row, HistoryModel::Id).data(HistoryModel::IdRole).toLongLong();
        return listed;
    };
    dock()->view()->sortByColumn(HistoryModel::Status, Qt::AscendingOrder); // all finished
    QList<qint64> ascending = ids();
    QVERIFY(ascending.size() >= 3);
    QVERIFY2(std::is_sorted(ascending.begin(), ascending.end()),
             qPrintable(QString::number(ascending.front())));
    dock()->view()->sortByColumn(HistoryModel::Status, Qt::DescendingOrder);
    QList<qint64> descending = ids();
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(descending, ascending);
    dock()->view()->sortByColumn(HistoryModel::Id, Qt::DescendingOrder);
}

// Shown the first time in a 1920x1080 window, the dock has room for the
// columns up to the status: next to Problems and Live Charts it used to get a
// third of the width, and the names, models and times were cut.
void TestHistoryDock::firstShowHasRoomForTheColumns()
{
    MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.width(), 1920);
    window.historyUi()->showDock();
    QTRY_COMPARE(window.historyUi()->model()->rowCount(), 3);
    QTableView *view = window.historyUi()->panel()->view();
    QHeaderView *header = view->horizontalHeader();
    QTRY_VERIFY2(header->sectionViewportPosition(HistoryModel::Status)
                         + header->sectionSize(HistoryModel::Status)
                     <= view->viewport()->width(),
                 qPrintable(QStringLiteral("status ends at %1 of %2")
                                .arg(header->sectionViewportPosition(HistoryModel::Status)
                                     + header->sectionSize(HistoryModel::Status))
                                .arg(view->viewport()->width())));
    // Names cut in the middle: a sweep point's value and seed stay in sight.
    const QString name
        = QStringLiteral("User profile (readModels.user-view.applyTime.value = 0.002, seed 43)");
    const QString shown = QFontMetrics(view->font()).elidedText(name, view->textElideMode(), 200);
    QVERIFY2(shown.endsWith(QStringLiteral("seed 43)")), qPrintable(shown));

    // It is a tab in front of Problems, not a third dock in the bottom row:
    // the window keeps its width (with three docks in the row it grew to
    // 1961 pixels on a 1920-pixel screen).
    QCOMPARE(window.tabifiedDockWidgets(window.historyUi()->dock()).size(), 1);
    QCOMPARE(window.tabifiedDockWidgets(window.historyUi()->dock()).front()->objectName(),
             QStringLiteral("problemsDock"));
    QCOMPARE(window.width(), 1920);
    // Wide enough: the filters in one row.
    HistoryDock *wide = window.historyUi()->panel();
    QVERIFY2(wide->width() >= 520, qPrintable(QString::number(wide->width())));
    QTRY_VERIFY(std::abs(wide->filterEdit()->y() - wide->modelCombo()->y())
                < wide->filterEdit()->height() / 2);

    // In the default 1280x800 window, after a run (the charts' least width
    // grows with their content), it takes at most 60% of the bottom area,
    // so that Live Charts stay usable beside it, and the window stays
    // 1280 pixels wide (it grew to 1364, then to 1829 with the history).
    MainWindow small;
    small.resize(1280, 800);
    small.show();
    QVERIFY(QTest::qWaitForWindowExposed(&small));
    small.document()->resetModel(testing::example("user-profile.cqrs.json", 30));
    QSignalSpy finished(small.runUi()->controller(), &RunController::runFinished);
    small.runUi()->controller()->setSpeed(0);
    QVERIFY(small.runUi()->controller()->start(small.document()->model()));
    QVERIFY(finished.wait(30000));
    QTest::qWait(100);
    QCOMPARE(small.width(), 1280);
    const int chartsHeight = small.runUi()->chartsDock()->height();
    QVERIFY2(chartsHeight > 330, qPrintable(QString::number(chartsHeight)));
    small.historyUi()->dock()->toggleViewAction()->trigger(); // View > Run History
    QTRY_VERIFY(small.historyUi()->dock()->isVisible());
    QTest::qWait(50);
    QCOMPARE(small.width(), 1280);
    // The bottom row keeps its height: the charts it holds after a run were
    // cut to 320 pixels when the history came up.
    QCOMPARE(small.runUi()->chartsDock()->height(), chartsHeight);
    int bottom = 0;
    for (QDockWidget *d : small.findChildren<QDockWidget *>()) {
        if (d->isVisible() && !d->isFloating()
            && small.dockWidgetArea(d) == Qt::BottomDockWidgetArea)
            bottom += d->width();
    }
    QVERIFY2(
        small.historyUi()->dock()->width() <= bottom * 3 / 5 + 10,
        qPrintable(QStringLiteral("%1 of %2").arg(small.historyUi()->dock()->width()).arg(bottom)));
    // Narrow as it is, the text filter has a row of its own, wide enough to
    // read what it filters by (beside the two boxes it read "Fi…").
    HistoryDock *narrow = small.historyUi()->panel();
    QVERIFY(narrow->width() < 520);
    QTRY_VERIFY2(
        narrow->filterEdit()->width() >= narrow->width() - 30,
        qPrintable(
            QStringLiteral("%1 of %2").arg(narrow->filterEdit()->width()).arg(narrow->width())));
    QVERIFY(narrow->filterEdit()->y() < narrow->modelCombo()->y());
}

// A new user's history is empty when the dock first lists it: the columns
// were fitted then, to their headers, and the first runs read "Am...3)" and
// "202...:44". They are fitted to the first runs listed instead, and the time
// a run started is as short as the day allows.
void TestHistoryDock::firstRunsOfANewHistoryFitTheColumns()
{
    const QString empty = m_dir->filePath(QStringLiteral("new.sqlite"));
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(empty));
    MainWindow window;
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.historyUi()->showDock();
    QTRY_VERIFY(window.historyUi()->store()->isReady());
    QCOMPARE(window.historyUi()->model()->rowCount(), 0);
    QTest::qWait(50);
    const qint64 id
        = recordRun(*openHistory(empty), example("amazon-orders.cqrs.json", 20), "three consumers");
    HistoryDock *panel = window.historyUi()->panel();
    panel->refreshAction()->trigger();
    QTRY_COMPARE(window.historyUi()->model()->rowCount(), 1);
    QTableView *view = panel->view();
    const QFontMetrics fm(view->font());
    const auto fits = [&](int column, int row) {
        const QString text = view->model()->index(row, column).data().toString();
        return view->columnWidth(column) >= fm.horizontalAdvance(text)
                   ? QString()
                   : QStringLiteral("\"%1\" in %2 px").arg(text).arg(view->columnWidth(column));
    };
    for (const int column : {int(HistoryModel::Name), int(HistoryModel::Started)})
        QVERIFY2(fits(column, 0).isEmpty(), qPrintable(fits(column, 0)));
    // Runs of one model: no column to say which.
    QVERIFY(view->isColumnHidden(HistoryModel::ModelName));
    // Started today: the time alone; the tooltip has the date, local and UTC.
    const std::string started = openHistory(empty)->get(id)->startedAt;
    const QDateTime startedLocal
        = QDateTime::fromString(QString::fromStdString(started), Qt::ISODateWithMs).toLocalTime();
    const QString shown = view->model()->index(0, HistoryModel::Started).data().toString();
    if (startedLocal.date() == QDate::currentDate()) // not if midnight passed since
        QVERIFY2(
            QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d$")).match(shown).hasMatch(),
            qPrintable(shown));
    QVERIFY(view->model()
                ->index(0, HistoryModel::Started)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(localTime(started)));
    // The three forms, for 10:20:30 local time on 4 March 2026 in any time zone.
    const QLocale before;
    QLocale::setDefault(QLocale::c());
    const std::string iso = QDateTime(QDate(2026, 3, 4), QTime(10, 20, 30))
                                .toUTC()
                                .toString(Qt::ISODateWithMs)
                                .toStdString();
    QCOMPARE(shortLocalTime(iso, QDate(2026, 3, 4)), QStringLiteral("10:20:30"));
    QCOMPARE(shortLocalTime(iso, QDate(2026, 4, 13)), QStringLiteral("4 Mar 10:20"));
    QCOMPARE(shortLocalTime(iso, QDate(2027, 1, 2)), QStringLiteral("2026-03-04"));
    QCOMPARE(shortLocalTime("not a time", QDate(2026, 3, 4)), QStringLiteral("not a time"));
    QLocale::setDefault(before);

    // A later run with a longer name widens the name column (a sweep's points
    // and Compare Read Strategies name their runs at length)...
    const QString longer = QStringLiteral("three consumers, batch 5 s");
    QVERIFY(fm.horizontalAdvance(longer) > view->columnWidth(HistoryModel::Name));
    recordRun(*openHistory(empty), example("amazon-orders.cqrs.json", 20), longer.toStdString());
    panel->refreshAction()->trigger();
    QTRY_COMPARE(window.historyUi()->model()->rowCount(), 2);
    QCOMPARE(view->model()->index(0, HistoryModel::Name).data().toString(), longer);
    QTRY_VERIFY2(view->columnWidth(HistoryModel::Name) >= fm.horizontalAdvance(longer),
                 qPrintable(QString::number(view->columnWidth(HistoryModel::Name))));
    // A name longer than the dock makes the column at first (a sweep point's,
    // its values at the end) is seen whole as the dock widens, and the room
    // goes back to the figures as it narrows again.
    const QString sweepPoint = QStringLiteral(
        "Amazon orders (readModels.order-history.consumers = 8, eventBus.partitions = 24, seed 3)");
    recordRun(*openHistory(empty), example("amazon-orders.cqrs.json", 20),
              sweepPoint.toStdString());
    panel->refreshAction()->trigger();
    QTRY_COMPARE(window.historyUi()->model()->rowCount(), 3);
    QDockWidget *dock = window.historyUi()->dock();
    dock->setFloating(true);
    dock->resize(700, 400);
    QTRY_COMPARE(view->columnWidth(HistoryModel::Name), int(HistoryDock::kNameWidth));
    QVERIFY(fm.horizontalAdvance(sweepPoint) > HistoryDock::kNameWidth);
    dock->resize(1800, 400);
    QTRY_VERIFY2(view->columnWidth(HistoryModel::Name) >= fm.horizontalAdvance(sweepPoint),
                 qPrintable(QString::number(view->columnWidth(HistoryModel::Name))));
    int columns = 0;
    for (int c = 0; c < HistoryModel::ColumnCount; ++c)
        columns += view->isColumnHidden(c) ? 0 : view->columnWidth(c);
    QVERIFY2(columns <= view->viewport()->width(),
             qPrintable(QString::number(columns))); // nothing pushed out
    dock->resize(700, 400);
    QTRY_COMPARE(view->columnWidth(HistoryModel::Name), int(HistoryDock::kNameWidth));
    dock->setFloating(false);

    // ... until the user sizes it: then it stays as they left it.
    view->horizontalHeader()->resizeSection(HistoryModel::Name, 60);
    recordRun(*openHistory(empty), example("amazon-orders.cqrs.json", 20),
              "three consumers, batch 5 s, 8 partitions");
    panel->refreshAction()->trigger();
    QTRY_COMPARE(window.historyUi()->model()->rowCount(), 4);
    QTest::qWait(50);
    QCOMPARE(view->columnWidth(HistoryModel::Name), 60);
    // The column has room for the longest of them, not only for today's.
    QVERIFY2(view->columnWidth(HistoryModel::Started)
                 > fm.horizontalAdvance(QStringLiteral("30 Sep 23:59")),
             qPrintable(QString::number(view->columnWidth(HistoryModel::Started))));
    // A run of a second model: the model column comes, as wide as its names.
    recordRun(*openHistory(empty), example("user-profile.cqrs.json", 20), "profiles");
    panel->refreshAction()->trigger();
    QTRY_COMPARE(window.historyUi()->model()->rowCount(), 5);
    QTRY_VERIFY(!view->isColumnHidden(HistoryModel::ModelName));
    for (int row = 0; row < 5; ++row)
        QVERIFY2(fits(HistoryModel::ModelName, row).isEmpty(),
                 qPrintable(fits(HistoryModel::ModelName, row)));
}

void TestHistoryDock::filtersByTextAndModel()
{
    QTest::keyClicks(dock()->filterEdit(), QStringLiteral("CONSUM"));
    QCOMPARE(dock()->view()->model()->rowCount(), 1);
    QCOMPARE(cell(dock(), 0, HistoryModel::Name).data().toString(),
             QStringLiteral("three consumers"));
    dock()->filterEdit()->clear();
    QCOMPARE(dock()->view()->model()->rowCount(), 3);
    QComboBox *models = dock()->modelCombo();
    QCOMPARE(models->count(), 3); // all, Amazon orders, User profile
    QVERIFY(!dock()->view()->isColumnHidden(HistoryModel::ModelName));
    models->setCurrentIndex(models->findData(QStringLiteral("User profile")));
    QCOMPARE(dock()->view()->model()->rowCount(), 2);
    QVERIFY(dock()->view()->isColumnHidden(HistoryModel::ModelName)); // one model chosen
    QTest::keyClicks(dock()->filterEdit(), QStringLiteral("base"));
    QCOMPARE(dock()->view()->model()->rowCount(), 1);
    models->setCurrentIndex(0);
    dock()->filterEdit()->clear();
    QCOMPARE(dock()->view()->model()->rowCount(), 3);
}

void TestHistoryDock::filtersByKind()
{
    // A sweep point among the runs: a sweep of 150 points would bury the runs made one by one.
    {
        auto store = openHistory(m_db);
        const std::int64_t sweep
            = store->beginSweep("workload.commandRate", "10:20:2", "User profile");
        QVERIFY(sweep > 0);
        history::RunStart start;
        start.name = "User profile (workload.commandRate = 10)";
        start.modelName = "User profile";
        start.modelJson = serializeModel(example("user-profile.cqrs.json", 60));
        start.seed = 1;
        start.appVersion = "test";
        start.sweepId = sweep;
        start.sweepValue = 10;
        QVERIFY(store->beginRun(start) > 0);
    }
    history()->model()->reload();
    QTRY_COMPARE(history()->model()->rowCount(), 4);
    QComboBox *kinds = dock()->kindCombo();
    QCOMPARE(kinds->count(), 5);
    QAbstractItemModel *shown = dock()->view()->model();
    QCOMPARE(shown->rowCount(), 4);
    kinds->setCurrentIndex(kinds->findData(int(HistoryFilterModel::Kind::SingleRuns)));
    QCOMPARE(shown->rowCount(), 3);
    for (int row = 0; row < shown->rowCount(); ++row)
        QVERIFY(!cell(dock(), row, HistoryModel::Name)
                     .data()
                     .toString()
                     .contains(QStringLiteral("commandRate")));
    QCOMPARE(dock()->countLabel()->text(), QStringLiteral("3 of 4 runs"));
    kinds->setCurrentIndex(kinds->findData(int(HistoryFilterModel::Kind::SweepPoints)));
    QCOMPARE(shown->rowCount(), 1);
    // Kept for the next session.
    QCOMPARE(QSettings().value(QStringLiteral("history/listed")).toInt(),
             int(HistoryFilterModel::Kind::SweepPoints));
    QCOMPARE(cell(dock(), 0, HistoryModel::Name).data().toString(),
             QStringLiteral("User profile (workload.commandRate = 10)"));
    // Starred only: starring adds a run, unstarring takes it off (and the count follows).
    kinds->setCurrentIndex(kinds->findData(int(HistoryFilterModel::Kind::Starred)));
    QCOMPARE(shown->rowCount(), 0);
    QCOMPARE(dock()->countLabel()->text(), QStringLiteral("0 of 4 runs"));
    const QModelIndex user1
        = history()->model()->index(history()->model()->rowOf(m_user1), HistoryModel::Star);
    QVERIFY(history()->model()->setData(user1, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(dock()->countLabel()->text(), QStringLiteral("1 of 4 runs"));
    QVERIFY(shown->setData(shown->index(0, HistoryModel::Star), Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(shown->rowCount(), 0);
    QCOMPARE(dock()->countLabel()->text(), QStringLiteral("0 of 4 runs"));
    // Three starred runs listed, two of them selected and unstarred with Star:
    // the rows move as each leaves the list, and exactly those two lose their star.
    kinds->setCurrentIndex(0);
    dock()->selectIds({m_user1, m_user2, m_amazon});
    dock()->starAction()->trigger();
    kinds->setCurrentIndex(kinds->findData(int(HistoryFilterModel::Kind::Starred)));
    QCOMPARE(shown->rowCount(), 3);
    QCOMPARE(cell(dock(), 0, HistoryModel::Id).data(HistoryModel::IdRole).toLongLong(),
             m_amazon);                     // newest first
    dock()->selectIds({m_amazon, m_user2}); // the top two rows, in their order
    dock()->starAction()->trigger();
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(cell(dock(), 0, HistoryModel::Id).data(HistoryModel::IdRole).toLongLong(), m_user1);
    // The stars are written on the history's thread: every write done, the
    // file holds the last state (before them, no run was starred either, so
    // waiting for the unstarred two alone could look too early).
    history()->store()->waitForIdle();
    auto store = openHistory(m_db);
    QVERIFY(!store->get(m_user2)->starred && !store->get(m_amazon)->starred);
    QVERIFY(store->get(m_user1)->starred);
    kinds->setCurrentIndex(0);
    QCOMPARE(shown->rowCount(), 4);
    QCOMPARE(dock()->countLabel()->text(), QStringLiteral("4 runs"));
    QCOMPARE(QSettings().value(QStringLiteral("history/listed")).toInt(),
             int(HistoryFilterModel::Kind::All));

    // Challenge attempts only: the checks' runs, which sweeps buried too.
    history::RunStart attempt;
    attempt.name = "an attempt";
    attempt.modelName = "User profile";
    attempt.modelJson = serializeModel(example("user-profile.cqrs.json", 60));
    attempt.challengeId = "first-projection";
    const std::int64_t attemptId = store->beginRun(attempt);
    QVERIFY(attemptId > 0);
    history()->model()->reload();
    QTRY_COMPARE(history()->model()->rowCount(), 5);
    kinds->setCurrentIndex(kinds->findData(int(HistoryFilterModel::Kind::Attempts)));
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(cell(dock(), 0, HistoryModel::Id).data(HistoryModel::IdRole).toLongLong(), attemptId);
    QCOMPARE(dock()->countLabel()->text(), QStringLiteral("1 of 5 runs"));
    kinds->setCurrentIndex(kinds->findData(int(HistoryFilterModel::Kind::SingleRuns)));
    QCOMPARE(shown->rowCount(), 4); // an attempt is a single run too
    kinds->setCurrentIndex(0);
    QVERIFY(store->remove({attemptId}));
    history()->model()->reload();
    QTRY_COMPARE(history()->model()->rowCount(), 4);
}

void TestHistoryDock::renameTagStar()
{
    QSignalSpy opened(history(), &HistoryUi::runOpened);
    QTableView *view = dock()->view();
    view->setFocus();
    dock()->selectIds({m_user1});
    // F2 renames from any cell of the row (Rename's shortcut, shown in its menu).
    QCOMPARE(dock()->renameAction()->shortcut(), QKeySequence(Qt::Key_F2));
    view->setCurrentIndex(view->model()->index(2, HistoryModel::WindowP99));
    QVERIFY(renameWithKeys(view, QStringLiteral("eventual reads")));
    auto store = openHistory(m_db);
    QTRY_COMPARE(store->get(m_user1)->name, std::string("eventual reads"));
    QTest::qWait(50);
    QCOMPARE(opened.count(), 0); // Return finished the rename; it did not open the run
    QTRY_COMPARE(cell(dock(), 2, HistoryModel::Name).data().toString(),
                 QStringLiteral("eventual reads"));
    // The list reloaded with the new name, and the run is still selected,
    // the current cell where it was: Open Run and the rest stay at hand.
    QCOMPARE(dock()->selectedIds(), std::vector<qint64>{m_user1});
    QVERIFY(dock()->openRunAction()->isEnabled());
    QCOMPARE(view->currentIndex().column(), int(HistoryModel::WindowP99));
    QCOMPARE(view->currentIndex().data(HistoryModel::IdRole).toLongLong(), m_user1);

    QVERIFY(history()->model()->setTags(m_user1,
                                        {QStringLiteral("workshop"), QStringLiteral(" day 1 ")}));
    QTRY_COMPARE(store->get(m_user1)->tags, (std::vector<std::string>{"workshop", "day 1"}));
    QTRY_COMPARE(cell(dock(), 2, HistoryModel::Tags).data().toString(),
                 QStringLiteral("workshop, day 1"));
    QTest::keyClicks(dock()->filterEdit(),
                     QStringLiteral("workshop")); // tags are found by the filter
    QCOMPARE(dock()->view()->model()->rowCount(), 1);
    dock()->filterEdit()->clear();

    // Repeats, in any case, are kept once.
    QVERIFY(
        history()->model()->setTags(m_amazon, {QStringLiteral("Workshop"), QStringLiteral("hourly"),
                                               QStringLiteral("  "), QStringLiteral("workshop")}));
    QTRY_COMPARE(store->get(m_amazon)->tags, (std::vector<std::string>{"Workshop", "hourly"}));
    QTRY_COMPARE(history()->model()->run(history()->model()->rowOf(m_amazon))->tags,
                 (std::vector<std::string>{"Workshop", "hourly"}));
    // Tags edited on two runs at once: the shared one is offered and
    // replaced; each run keeps its own ("hourly" was deleted unseen).
    const QStringList shared = history()->model()->commonTags({m_user1, m_amazon});
    QCOMPARE(shared, QStringList{QStringLiteral("workshop")});
    QVERIFY(history()->model()->editSharedTags({m_user1, m_amazon}, shared,
                                               {QStringLiteral(" review")}));
    QTRY_COMPARE(store->get(m_user1)->tags, (std::vector<std::string>{"day 1", "review"}));
    QTRY_COMPARE(store->get(m_amazon)->tags, (std::vector<std::string>{"hourly", "review"}));
    QTRY_COMPARE(history()->model()->run(history()->model()->rowOf(m_amazon))->tags,
                 (std::vector<std::string>{"hourly", "review"}));
    // Entered again, a shared tag stays where it was.
    QVERIFY(history()->model()->editSharedTags({m_user1, m_amazon}, {QStringLiteral("review")},
                                               {QStringLiteral("review"), QStringLiteral("B")}));
    QTRY_COMPARE(store->get(m_amazon)->tags, (std::vector<std::string>{"hourly", "review", "B"}));
    QTRY_COMPARE(history()->model()->run(history()->model()->rowOf(m_amazon))->tags,
                 (std::vector<std::string>{"hourly", "review", "B"}));
    // As the box gives it back ("review, B" split at the commas: " B"), with
    // one tag's case changed: the tags keep their places, as typed now.
    QCOMPARE(history()->model()->commonTags({m_user1, m_amazon}),
             (QStringList{QStringLiteral("review"), QStringLiteral("B")}));
    QVERIFY(history()->model()->editSharedTags(
        {m_user1, m_amazon}, {QStringLiteral("review"), QStringLiteral("B")},
        {QStringLiteral("Review"), QStringLiteral(" B"), QStringLiteral(" ")}));
    QTRY_COMPARE(store->get(m_amazon)->tags, (std::vector<std::string>{"hourly", "Review", "B"}));
    QTRY_COMPARE(store->get(m_user1)->tags, (std::vector<std::string>{"day 1", "Review", "B"}));

    dock()->selectIds({m_user1, m_amazon});
    dock()->starAction()->trigger();
    QTRY_VERIFY(store->get(m_user1)->starred);
    QTRY_VERIFY(store->get(m_amazon)->starred);
    QVERIFY(!store->get(m_user2)->starred);
    // Both starred, still selected after the reload: the action says what it will do.
    QTRY_COMPARE(dock()->starAction()->text(), QStringLiteral("Unstar"));
    dock()->selectIds({m_user1, m_user2}); // one without a star: Star stars them all
    QCOMPARE(dock()->starAction()->text(), QStringLiteral("Star"));
    dock()->selectIds({m_user1, m_amazon});

    // The star column shows stars, not check boxes (a box there read as
    // "select this run for Compare"); a click on one sets it, another clears it.
    // Found again each time: the list reloads after each write.
    const auto starIndex = [&] {
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            const QModelIndex i = view->model()->index(row, HistoryModel::Star);
            if (i.data(HistoryModel::IdRole).toLongLong() == m_user2)
                return i;
        }
        return QModelIndex();
    };
    QVERIFY(starIndex().isValid());
    // Gold pixels: a set star (a check box has none).
    const auto goldPixels = [&] {
        view->viewport()->repaint();
        const QImage image = view->viewport()->grab(view->visualRect(starIndex())).toImage();
        int gold = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                gold += c.red() > 150 && c.green() > 90 && c.green() < 170 && c.blue() < 60;
            }
        }
        return gold;
    };
    QCOMPARE(goldPixels(), 0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(starIndex()).center());
    QTRY_VERIFY(store->get(m_user2)->starred);
    QTRY_COMPARE(starIndex().data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    view->clearSelection(); // the star itself, not the selection's colour
    QTRY_VERIFY(goldPixels() > 10);
    QTest::qWait(QApplication::doubleClickInterval() + 50);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(starIndex()).center());
    QTRY_VERIFY(!store->get(m_user2)->starred);
    // Space on the star sets it too.
    QTRY_COMPARE(starIndex().data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    view->setCurrentIndex(starIndex());
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_VERIFY(store->get(m_user2)->starred);
    // Space stars the selected runs wherever the current cell is (it did
    // only on the star's own cell): both unstarred, then both starred.
    QCOMPARE(dock()->starAction()->shortcut(), QKeySequence(Qt::Key_Space));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    view->setFocus();
    dock()->selectIds({m_user1, m_user2});
    view->selectionModel()->setCurrentIndex(starIndex().siblingAtColumn(HistoryModel::Name),
                                            QItemSelectionModel::NoUpdate);
    // Both starred now: Space unstars them, then stars them again (past the
    // list's type-to-find time: a Space soon after a letter continues a search).
    QVERIFY(store->get(m_user1)->starred);
    QTest::qWait(QApplication::keyboardInputInterval() + 100);
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_VERIFY(!store->get(m_user1)->starred);
    QTRY_VERIFY(!store->get(m_user2)->starred);
    QTest::keyClick(view, Qt::Key_Space);
    QTRY_VERIFY(store->get(m_user1)->starred);
    QTRY_VERIFY(store->get(m_user2)->starred);
    // Typing to find a row ("user profile"): its space is part of the text, not Star.
    const auto stars = [&] {
        return std::vector<bool>{store->get(m_user1)->starred, store->get(m_user2)->starred,
                                 store->get(m_amazon)->starred};
    };
    const std::vector<bool> before = stars();
    QTest::keyClick(view, Qt::Key_U);
    QTest::keyClick(view, Qt::Key_Space);
    QTest::qWait(100);
    history()->store()->waitForIdle();
    QCOMPARE(stars(), before);
}

void TestHistoryDock::historyChangesUndo()
{
    QTableView *view = dock()->view();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    view->setFocus();
    QUndoStack *modelUndo = m_window->document()->undoStack();
    // A model edit the window's Ctrl+Z would take back: the list's must not.
    m_window->document()->undoStack()->push(new QUndoCommand(QStringLiteral("model edit")));
    const int modelSteps = modelUndo->index();
    auto store = openHistory(m_db);
    const auto name = [&](qint64 id) {
        return store->get(id)->name;
    };

    // Nothing to undo yet: Ctrl+Z in the list leaves the model alone.
    QVERIFY(!dock()->undoAction()->isEnabled());
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(modelUndo->index(), modelSteps);

    // Rename, then Ctrl+Z and Ctrl+Shift+Z in the list.
    dock()->selectIds({m_user1});
    QVERIFY(renameWithKeys(view, QStringLiteral("eventual reads")));
    QTRY_COMPARE(name(m_user1), std::string("eventual reads"));
    QVERIFY(dock()->undoAction()->isEnabled());
    QCOMPARE(dock()->undoAction()->text(),
             QStringLiteral("Undo Rename run #%1 to \u201ceventual reads\u201d").arg(m_user1));
    QVERIFY(view->actions().contains(dock()->undoAction())); // in the list's context menu
    // The menu: the ways to open runs together (Open Sweep after Compare, not
    // after Refresh), Undo and Redo last.
    const QList<QAction *> menu = view->actions();
    auto *openSweep = m_window->findChild<QAction *>(QStringLiteral("openSweepAction"));
    QVERIFY(openSweep);
    QCOMPARE(menu.indexOf(openSweep), menu.indexOf(dock()->compareAction()) + 1);
    QCOMPARE(menu.indexOf(dock()->redoAction()), menu.size() - 1);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(name(m_user1), std::string("baseline"));
    const auto shownName = [&] {
        return history()->model()->run(history()->model()->rowOf(m_user1))->name;
    };
    QTRY_COMPARE(shownName(), std::string("baseline"));
    QCOMPARE(modelUndo->index(), modelSteps);
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(name(m_user1), std::string("eventual reads"));
    QTRY_COMPARE(shownName(), std::string("eventual reads"));

    // Star on two runs is one step.
    dock()->selectIds({m_user1, m_amazon});
    dock()->starAction()->trigger();
    QTRY_VERIFY(store->get(m_user1)->starred && store->get(m_amazon)->starred);
    QCOMPARE(dock()->undoAction()->text(), QStringLiteral("Undo Star 2 runs"));
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY(!store->get(m_user1)->starred && !store->get(m_amazon)->starred);
    history()->store()->waitForIdle();
    QCOMPARE(name(m_user1), std::string("eventual reads")); // one step only

    // Tags of two runs, then undone: each gets its own tags back.
    QVERIFY(history()->model()->setTags(m_amazon, {QStringLiteral("hourly")}));
    QVERIFY(
        history()->model()->editSharedTags({m_user1, m_amazon}, {}, {QStringLiteral("review")}));
    QTRY_COMPARE(store->get(m_amazon)->tags, (std::vector<std::string>{"hourly", "review"}));
    QTRY_COMPARE(store->get(m_user1)->tags, (std::vector<std::string>{"review"}));
    QCOMPARE(dock()->undoAction()->text(), QStringLiteral("Undo Edit tags of 2 runs"));
    dock()->undoAction()->trigger(); // the context menu's
    QTRY_COMPARE(store->get(m_amazon)->tags, (std::vector<std::string>{"hourly"}));
    QTRY_COMPARE(store->get(m_user1)->tags, std::vector<std::string>{});
    QTRY_COMPARE(history()->model()->run(history()->model()->rowOf(m_amazon))->tags,
                 (std::vector<std::string>{"hourly"}));
    dock()->redoAction()->trigger();
    QTRY_COMPARE(store->get(m_user1)->tags, (std::vector<std::string>{"review"}));
    QCOMPARE(modelUndo->index(), modelSteps);

    // A name with "&" reads as typed in the menu (not as a shortcut letter).
    QVERIFY(history()->model()->setData(
        history()->model()->index(history()->model()->rowOf(m_amazon), HistoryModel::Name),
        QStringLiteral("R&D"), Qt::EditRole));
    QCOMPARE(dock()->undoAction()->text(),
             QStringLiteral("Undo Rename run #%1 to \u201cR&&D\u201d").arg(m_amazon));
    QTRY_COMPARE(name(m_amazon), std::string("R&D"));
    // A long name is cut in the menu's text (the menu was as wide as the screen).
    const QString longName
        = QStringLiteral("Four consumers on the continue watching read model for the review")
              .repeated(2);
    QVERIFY(history()->model()->setData(
        history()->model()->index(history()->model()->rowOf(m_amazon), HistoryModel::Name),
        longName, Qt::EditRole));
    QCOMPARE(dock()->undoAction()->text(),
             QStringLiteral("Undo Rename run #%1 to \u201c%2\u2026\u201d")
                 .arg(m_amazon)
                 .arg(longName.left(39)));
    QTRY_COMPARE(name(m_amazon), longName.toStdString()); // the name itself whole

    // Deleting a run these steps changed cannot be undone, and takes them along.
    dock()->selectIds({m_user1});
    answerNextMessageBox(QMessageBox::Yes);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_COMPARE(history()->model()->rowCount(), 2);
    QVERIFY(!dock()->undoAction()->isEnabled());
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    history()->store()->waitForIdle();
    QCOMPARE(store->get(m_amazon)->tags, (std::vector<std::string>{"hourly", "review"}));
    QCOMPARE(modelUndo->index(), modelSteps);
}

// Another window (here another connection to the file, as another
// instance of the application) renamed a run after this window did: undoing
// here keeps their name, says so, and forgets the steps on that run.
void TestHistoryDock::undoKeepsAnotherWindowsChange()
{
    QTableView *view = dock()->view();
    HistoryModel *model = history()->model();
    auto other = openHistory(m_db);
    const auto shownName = [&](qint64 id) {
        return model->run(model->rowOf(id))->name;
    };
    QVERIFY(model->setData(model->index(model->rowOf(m_user1), HistoryModel::Name),
                           QStringLiteral("mine"), Qt::EditRole));
    QTRY_COMPARE(other->get(m_user1)->name, std::string("mine"));
    QVERIFY(other->rename(m_user1, "theirs"));
    QString told;
    std::string shownWhenTold;
    // The list shows the run as stored by the time the message says so.
    QTimer whenTold;
    whenTold.setInterval(10);
    connect(&whenTold, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            told = box->text();
            shownWhenTold = shownName(m_user1);
            box->button(QMessageBox::Ok)->click();
        }
    });
    whenTold.start();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY2(
        told.contains(
            QStringLiteral("Not undone: run #%1 was changed in another window").arg(m_user1)),
        qPrintable(told));
    whenTold.stop();
    QCOMPARE(shownWhenTold, std::string("theirs"));
    history()->store()->waitForIdle();
    QCOMPARE(other->get(m_user1)->name, std::string("theirs"));
    QTRY_COMPARE(shownName(m_user1), std::string("theirs")); // read again, not left as undone
    QVERIFY(!dock()->undoAction()->isEnabled());
    QVERIFY(!dock()->redoAction()->isEnabled());

    // A rename on a list read before another window renamed the run: the
    // other window's name stays, and the list shows it.
    QVERIFY(other->rename(m_user2, "theirs too"));
    told.clear();
    answerNextMessageBox(QMessageBox::Ok, &told);
    QVERIFY(model->setData(model->index(model->rowOf(m_user2), HistoryModel::Name),
                           QStringLiteral("mine too"), Qt::EditRole));
    QTRY_VERIFY2(told.contains(QStringLiteral("Not changed: run #%1").arg(m_user2)),
                 qPrintable(told));
    QCOMPARE(other->get(m_user2)->name, std::string("theirs too"));
    QTRY_COMPARE(shownName(m_user2), std::string("theirs too"));
    QVERIFY(!dock()->undoAction()->isEnabled());

    // A redo, the same: star, unstar with Ctrl+Z, starred elsewhere, then a
    // redo of the star, which already holds: nothing to report.
    QSignalSpy refused(model, &HistoryModel::failed);
    dock()->selectIds({m_amazon});
    dock()->starAction()->trigger();
    QTRY_VERIFY(other->get(m_amazon)->starred);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTRY_VERIFY(!other->get(m_amazon)->starred);
    QVERIFY(other->setStarred(m_amazon, true));
    QSignalSpy loaded(model, &HistoryModel::loaded);
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(loaded.wait(5000)); // written, and the list read again
    QVERIFY(other->get(m_amazon)->starred);
    QCOMPARE(refused.count(), 0);
    QVERIFY(dock()->undoAction()->isEnabled());

    // Tags changed elsewhere, then a redo of this window's tags.
    QVERIFY(model->setTags(m_amazon, {QStringLiteral("hourly")}));
    QTRY_COMPARE(other->get(m_amazon)->tags, std::vector<std::string>{"hourly"});
    dock()->undoAction()->trigger();
    QTRY_COMPARE(other->get(m_amazon)->tags, std::vector<std::string>{});
    QVERIFY(other->setTags(m_amazon, {"theirs"}));
    told.clear();
    answerNextMessageBox(QMessageBox::Ok, &told);
    dock()->redoAction()->trigger();
    QTRY_VERIFY2(told.contains(QStringLiteral("Not redone: run #%1").arg(m_amazon)),
                 qPrintable(told));
    QCOMPARE(other->get(m_amazon)->tags, std::vector<std::string>{"theirs"});
    QVERIFY(!dock()->undoAction()->isEnabled());

    // A step over two runs, one deleted elsewhere and the other changed
    // there: both are said, and the steps on them are forgotten.
    QVERIFY(model->editSharedTags({m_user2, m_amazon}, {}, {QStringLiteral("review")}));
    QTRY_COMPARE(other->get(m_user2)->tags, std::vector<std::string>{"review"});
    QTRY_VERIFY(dock()->undoAction()->isEnabled());
    QVERIFY(other->remove({m_user2}));
    QVERIFY(other->setTags(m_amazon, {"theirs again"}));
    QStringList boxes;
    QTimer answer;
    answer.setInterval(10);
    connect(&answer, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            boxes << box->text();
            box->button(QMessageBox::Ok)->click();
        }
    });
    answer.start();
    dock()->undoAction()->trigger();
    QTRY_COMPARE(boxes.size(), 2);
    answer.stop();
    QVERIFY2(boxes.front().contains(QStringLiteral("no run %1").arg(m_user2)),
             qPrintable(boxes.front()));
    QVERIFY2(boxes.back().contains(QStringLiteral("Not undone: run #%1").arg(m_amazon)),
             qPrintable(boxes.back()));
    QCOMPARE(other->get(m_amazon)->tags, std::vector<std::string>{"theirs again"});
    QVERIFY(!dock()->undoAction()->isEnabled());
}

void TestHistoryDock::deleteAsksFirst()
{
    // A run open in its window when it is deleted.
    QSignalSpy opened(history(), &HistoryUi::runOpened);
    history()->openRun(m_user1);
    QTRY_COMPARE(opened.count(), 1);
    QPointer<RecordedRunView> open = opened.at(0).at(0).value<RecordedRunView *>();
    QVERIFY(open && !open->isDeleted());
    // Renamed and tagged while it is open: the window follows.
    HistoryModel *runs = history()->model();
    QVERIFY(runs->setData(runs->index(runs->rowOf(m_user1), HistoryModel::Name),
                          QStringLiteral("eventual reads")));
    QVERIFY2(open->windowTitle().contains(QStringLiteral("“eventual reads”")),
             qPrintable(open->windowTitle()));
    QVERIFY(runs->setTags(m_user1, {QStringLiteral("workshop"), QStringLiteral("day 1")}));
    QTRY_VERIFY2(open->banner()->text().contains(QStringLiteral("Tags: workshop, day 1")),
                 qPrintable(open->banner()->text()));
    QVERIFY(
        open->banner()->text().contains(QStringLiteral("Run #%1 “eventual reads”").arg(m_user1)));

    QTableView *view = dock()->view();
    view->setFocus();
    dock()->selectIds({m_user1, m_user2});
    QCOMPARE(dock()->selectedIds().size(), std::size_t(2));
    // Cancel: nothing goes.
    answerNextMessageBox(QMessageBox::Cancel);
    QTest::keyClick(view, Qt::Key_Delete);
    QTest::qWait(100);
    auto store = openHistory(m_db);
    QVERIFY(store->contains(m_user1));
    QCOMPARE(history()->model()->rowCount(), 3);
    // Yes: both go, from the file and the list.
    QString asked;
    answerNextMessageBox(QMessageBox::Yes, &asked);
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_COMPARE(history()->model()->rowCount(), 1);
    QVERIFY2(asked.startsWith(QStringLiteral("confirmDeleteRuns|Delete 2 runs from the history?")),
             qPrintable(asked));
    QVERIFY(asked.contains(QStringLiteral("eventual reads"))); // its name now
    QVERIFY(!store->contains(m_user1));
    QVERIFY(!store->contains(m_user2));
    QVERIFY(store->contains(m_amazon));
    // Its window says so, and its model still opens from what it holds.
    QVERIFY(open);
    QTRY_VERIFY(open->isDeleted());
    QVERIFY2(open->windowTitle().contains(QStringLiteral("deleted from the history")),
             qPrintable(open->windowTitle()));
    QVERIFY(open->banner()->text().contains(QStringLiteral("Deleted from the history")));
    QSignalSpy modelOpened(history(), &HistoryUi::modelOpened);
    m_window->document()->undoStack()->setClean(); // nothing to ask about
    auto *openModel = open->findChild<QPushButton *>(QStringLiteral("openModelButton"));
    QVERIFY(openModel && openModel->isEnabled());
    openModel->click();
    QTRY_COMPARE(modelOpened.count(), 1);
    QCOMPARE(serializeModel(m_window->document()->model()), open->record().modelJson);
    if (auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("runEditsMessage")))
        box->close();
    open->close();
}

void TestHistoryDock::refreshShowsRunsOfOtherProcesses()
{
    const qint64 id
        = recordRun(*openHistory(m_db), example("user-profile.cqrs.json", 20), "from cqrs-sim");
    QCOMPARE(history()->model()->rowCount(), 3);
    QVERIFY(dock()->refreshAction()->isEnabled());
    dock()->refreshAction()->trigger();
    QTRY_COMPARE(history()->model()->rowCount(), 4);
    QCOMPARE(cell(dock(), 0, HistoryModel::Id).data(HistoryModel::IdRole).toLongLong(), id);

    // A run of this window appears by itself, running then finished.
    RunController *c = m_window->runUi()->controller();
    c->setSpeed(0);
    QVERIFY(c->start(example("user-profile.cqrs.json", 20)));
    QTRY_COMPARE(history()->model()->rowCount(), 5);
    QTRY_COMPARE(cell(dock(), 0, HistoryModel::Status).data().toString(),
                 QStringLiteral("finished"));
}

void TestHistoryDock::reopenShowsStoredChartsAndSummary()
{
    RunController *c = m_window->runUi()->controller();
    QSignalSpy started(c, &RunController::runStarted);
    QSignalSpy opened(history(), &HistoryUi::runOpened);
    dock()->view()->setFocus();
    dock()->selectIds({m_user2});
    // Double-click on the name opens it (it once started renaming there).
    const QModelIndex index = dock()->view()->model()->index(1, HistoryModel::Name);
    QCOMPARE(index.data(HistoryModel::IdRole).toLongLong(), m_user2);
    dock()->view()->scrollTo(index);
    const QRect rect = dock()->view()->visualRect(index);
    QVERIFY(dock()->view()->viewport()->rect().contains(rect.center()));
    // A double click is a press (which sets the pressed index), then the double-click event.
    QTest::mouseClick(dock()->view()->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(dock()->view()->viewport(), Qt::LeftButton, {}, rect.center());
    QTRY_COMPARE(opened.count(), 1);
    QVERIFY(!dock()->view()->findChild<QLineEdit *>()); // no name editor
    auto *view = opened.at(0).at(0).value<RecordedRunView *>();
    QVERIFY(view);
    QCOMPARE(view->runId(), m_user2);
    QVERIFY(view->isVisible());
    QVERIFY(view->windowTitle().contains(QStringLiteral("Run #%1").arg(m_user2)));
    QVERIFY(view->windowTitle().contains(QStringLiteral("read-only")));
    QVERIFY(view->banner()->text().contains(QStringLiteral("read-only")));
    QVERIFY2(view->banner()->text().contains(QStringLiteral("readModels.user-view.consumers = 4")),
             qPrintable(view->banner()->text()));
    // Charts from the stored series.
    ChartsPanel *charts = view->charts();
    QVERIFY(charts->isRecorded());
    charts->refresh();
    QVERIFY(charts->pointCount(ChartsPanel::Throughput) > 50);
    QVERIFY(charts->pointCount(ChartsPanel::Window) > 10);
    QVERIFY(charts->pointCount(ChartsPanel::Backlog) > 10);
    QVERIFY(charts->card(ChartsPanel::Latency)->noDataText().contains(QStringLiteral("Not kept")));
    // The summary from the stored result: the same figures as the CLI's.
    auto store = openHistory(m_db);
    const std::optional<history::RunRecord> run = store->get(m_user2);
    QVERIFY(view->summary()->run().has_value());
    QCOMPARE(view->summary()->run()->text, QString::fromStdString(run->result));
    QVERIFY(view->summary()->plainText().contains(QStringLiteral("User profile")));
    QCOMPARE(started.count(), 0); // nothing was run again
    QCOMPARE(c->state(), RunController::State::Idle);
    // Enter opens the selected run too.
    dock()->selectIds({m_amazon});
    QTest::keyClick(dock()->view(), Qt::Key_Return);
    QTRY_COMPARE(opened.count(), 2);
    QCOMPARE(opened.at(1).at(0).value<RecordedRunView *>()->runId(), m_amazon);
}

void TestHistoryDock::openThisModel()
{
    QSignalSpy modelOpened(history(), &HistoryUi::modelOpened);
    dock()->selectIds({m_user2});
    dock()->openModelAction()->trigger();
    QTRY_COMPARE(modelOpened.count(), 1);
    auto store = openHistory(m_db);
    const std::optional<history::RunRecord> run = store->get(m_user2);
    Document *document = m_window->document();
    QCOMPARE(serializeModel(document->model()), run->modelJson);
    QVERIFY(document->filePath().isEmpty());
    // Kept in the history as it is: nothing to ask about until it is edited.
    QVERIFY(!document->isModified());
    QVERIFY(m_window->fileController()->maybeSave()); // no question (a box would wait here)
    QVERIFY2(
        m_window->windowTitle().contains(QStringLiteral("three consumers (run #%1)").arg(m_user2)),
        qPrintable(m_window->windowTitle()));
    // The changes made while it ran are listed.
    auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("runEditsMessage"));
    QVERIFY(box);
    QVERIFY(box->informativeText().contains(QStringLiteral("workload.commandRate = 80")));
    QVERIFY(box->informativeText().contains(QStringLiteral("readModels.user-view.consumers = 4")));
    box->close();
}

void TestHistoryDock::screenshot()
{
    dock()->selectIds({m_user2});
    QTest::qWait(100);
    const QString dir = QStringLiteral(CQRS_BINARY_DIR "/screenshots");
    QDir().mkpath(dir);
    history()->dock()->setFloating(true);
    history()->dock()->resize(1300, 300);
    QTest::qWait(100);
    QVERIFY(history()->dock()->grab().save(dir + QStringLiteral("/history-dock.png")));
    QSignalSpy opened(history(), &HistoryUi::runOpened);
    history()->openRun(m_user2);
    QTRY_COMPARE(opened.count(), 1);
    auto *view = opened.at(0).at(0).value<RecordedRunView *>();
    view->resize(1600, 900);
    QTest::qWait(300);
    view->charts()->refresh();
    QVERIFY(view->grab().save(dir + QStringLiteral("/history-reopened.png")));
    // The summary has room for its tables: about two fifths of the window.
    QVERIFY2(
        view->summary()->width() >= view->width() / 3,
        qPrintable(QStringLiteral("%1 of %2").arg(view->summary()->width()).arg(view->width())));
}

// A layout saved by an older version has the history as a dock of its own in
// the bottom row, the arrangement that made the window wider than the screen:
// restored, the history becomes a tab beside Problems. A layout saved by this
// version is restored as it was.
void TestHistoryDock::olderLayoutGetsTheTab()
{
    QByteArray oldState;
    {
        MainWindow old;
        old.resize(1920, 1080);
        old.show();
        QVERIFY(QTest::qWaitForWindowExposed(&old));
        auto *problems = old.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        old.removeDockWidget(old.historyUi()->dock());
        old.addDockWidget(Qt::BottomDockWidgetArea, old.historyUi()->dock());
        old.historyUi()->dock()->show();
        QTRY_VERIFY(old.historyUi()->dock()->isVisible());
        QVERIFY(old.tabifiedDockWidgets(problems).isEmpty());
        oldState = old.saveState();
    }
    QSettings settings;
    const auto forget = qScopeGuard([&settings] { settings.remove(QStringLiteral("mainWindow")); });
    settings.setValue(QStringLiteral("mainWindow/state"), oldState);
    settings.remove(QStringLiteral("mainWindow/layoutVersion"));
    {
        MainWindow window;
        auto *problems = window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        QCOMPARE(window.tabifiedDockWidgets(problems).size(), 1);
        QCOMPARE(window.tabifiedDockWidgets(problems).front(), window.historyUi()->dock());
    }
    settings.setValue(QStringLiteral("mainWindow/layoutVersion"), 2);
    {
        MainWindow window;
        auto *problems = window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        QVERIFY(window.tabifiedDockWidgets(problems).isEmpty());
    }
}

// A two-parameter sweep's points, "User profile (readModels.search-index.
// update.interval = 0.5, readModels.search-index.consumers = 2)", cut in the
// middle in a 220 px column: the first value was gone, and the points read
// alike. The paths shrink first, to their fields, then the model's name goes.
void TestHistoryDock::sweepNamesKeepTheirValues()
{
    const QFontMetrics metrics(QApplication::font());
    const QString name = QStringLiteral("User profile (readModels.search-index.update.interval = "
                                        "0.5, readModels.search-index.consumers = 2)");
    const auto width = [&](const QString &text) {
        return metrics.horizontalAdvance(text);
    };
    const auto fitted
        = [](const QString &text, const QFontMetrics &m, int w, bool sweepPoint = true) {
              return HistoryDock::fittedName(text, m, w, sweepPoint);
          };
    QCOMPARE(fitted(name, metrics, width(name)), name);
    const QString noCollections = QStringLiteral(
        "User profile (search-index.update.interval = 0.5, search-index.consumers = 2)");
    QCOMPARE(fitted(name, metrics, width(name) - 1), noCollections);
    const QString fields = QStringLiteral("User profile (interval = 0.5, consumers = 2)");
    QCOMPARE(fitted(name, metrics, width(noCollections) - 1), fields);
    const QString values = QStringLiteral("… (interval = 0.5, consumers = 2)");
    QCOMPARE(fitted(name, metrics, width(fields) - 1), values);
    // Narrower still, the fields' names give way before the values do.
    const QString abbreviated = QStringLiteral("… (inte… = 0.5, cons… = 2)");
    QCOMPARE(fitted(name, metrics, width(values) - 1), abbreviated);
    QCOMPARE(fitted(name, metrics, width(abbreviated) - 1), QStringLiteral("… (0.5, 2)"));
    // With the seed of a replication, and a workload path.
    QCOMPARE(fitted(QStringLiteral("Shop (workload.commandRate = 50, seed 8)"), metrics,
                    width(QStringLiteral("… (commandRate = 50, seed 8)"))),
             QStringLiteral("… (commandRate = 50, seed 8)"));
    QCOMPARE(fitted(QStringLiteral("Shop (workload.commandRate = 50, seed 8)"), metrics, 10),
             QStringLiteral("… (50, seed 8)"));
    // A run renamed alike keeps what its user wrote.
    QCOMPARE(fitted(QStringLiteral("Before fix (retries = 3)"), metrics, 10, false),
             QStringLiteral("… (retries = 3)"));
    // A name of the user's own is cut as before (by the list, in the middle).
    QCOMPARE(fitted(QStringLiteral("my long run name"), metrics, 10),
             QStringLiteral("my long run name"));

    // In the list: the Name column draws the shortened name.
    QTableView *view = dock()->view();
    const int row = 0;
    const QModelIndex index = view->model()->index(row, HistoryModel::Name);
    QVERIFY(view->model()->setData(index.siblingAtColumn(HistoryModel::Name), name, Qt::EditRole));
    QTRY_COMPARE(view->model()->index(row, HistoryModel::Name).data().toString(), name);
    view->setColumnWidth(HistoryModel::Name, width(fields) + 30);
    QApplication::processEvents();
    QVERIFY(view->itemDelegateForColumn(HistoryModel::Name));
    // The cell as a delegate draws it, on white.
    const auto cellPicture = [&](QAbstractItemDelegate *delegate) {
        QStyleOptionViewItem option;
        option.initFrom(view);
        option.rect = view->visualRect(view->model()->index(row, HistoryModel::Name));
        QImage picture(option.rect.size(), QImage::Format_ARGB32);
        picture.fill(Qt::white);
        QPainter painter(&picture);
        option.rect.moveTopLeft({0, 0});
        delegate->paint(&painter, option, view->model()->index(row, HistoryModel::Name));
        return picture;
    };
    const QImage drawn = cellPicture(view->itemDelegateForColumn(HistoryModel::Name));
    QStyledItemDelegate plain;
    const QImage whole = cellPicture(&plain); // the whole name, cut by the style
    QVERIFY(view->model()->setData(index, fields, Qt::EditRole));
    QTRY_COMPARE(view->model()->index(row, HistoryModel::Name).data().toString(), fields);
    QCOMPARE(drawn, cellPicture(&plain)); // the shortened name, as it reads
    QVERIFY(drawn != whole);
}

QTEST_MAIN(TestHistoryDock)
#include "tst_historydock.moc"
