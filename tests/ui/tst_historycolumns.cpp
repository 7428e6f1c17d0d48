// The Run History's columns: the tags beside the name (last, they were off
// a narrow dock's edge), columns hidden and moved from the list's menu or
// the header, kept for the next start, and put back by Reset Columns.
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "historytestutil.h"

#include <QAction>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QUndoStack>

using namespace cqrs;
using namespace cqrs::testing;

class TestHistoryColumns : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
        m_db = m_dir->filePath(QStringLiteral("runs.sqlite"));
        qputenv("CQRS_STUDIO_DB", QFile::encodeName(m_db));
        auto store = openHistory(m_db);
        recordRun(*store, example("user-profile.cqrs.json", 20), "baseline");
        recordRun(*store, example("amazon-orders.cqrs.json", 20), "orders");
    }
    void cleanupTestCase()
    {
        QSettings().clear();
        qunsetenv("CQRS_STUDIO_DB");
    }
    void tagsFollowTheName();
    void hiddenAndMovedColumnsAreKept();
    void resetAndDamagedSettings();
    void namesKeepTheirWidthThroughAnEmptyList();
    void buttonsStayPutWhenCompareSaysItsLimit();
    void homeAndEndGoToTheFirstAndLastRun();

private:
    /// A window as at a start of the application, its history listed.
    std::unique_ptr<MainWindow> openWindow()
    {
        auto window = std::make_unique<MainWindow>();
        window->resize(1400, 900);
        window->show();
        window->historyUi()->showDock();
        if (!QTest::qWaitFor([&] { return window->historyUi()->model()->rowCount() == 2; }, 10000))
            return nullptr;
        return window;
    }
    static HistoryDock *dock(MainWindow *window) { return window->historyUi()->panel(); }
    static QHeaderView *header(MainWindow *window)
    {
        return dock(window)->view()->horizontalHeader();
    }
    /// The columns' texts as the menu lists them, in the order shown; "-" marks a hidden one.
    static QStringList menuEntries(MainWindow *window)
    {
        QMenu *menu = dock(window)->columnsMenu();
        emit menu->aboutToShow();
        QStringList entries;
        for (QAction *a : menu->actions()) {
            if (!a->isSeparator())
                entries << (a->isCheckable() && !a->isChecked() ? QStringLiteral("-") : QString())
                               + a->text();
        }
        return entries;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void TestHistoryColumns::tagsFollowTheName()
{
    std::unique_ptr<MainWindow> window = openWindow();
    QVERIFY(window);
    QHeaderView *h = header(window.get());
    QCOMPARE(h->visualIndex(HistoryModel::Tags), h->visualIndex(HistoryModel::Name) + 1);
    QVERIFY(h->sectionsMovable());
    // The menu names every column in the order shown, the name not to be
    // hidden, and is in the list's own menu (the keyboard's way to it).
    const QStringList entries = menuEntries(window.get());
    QCOMPARE(entries.mid(0, 4), (QStringList{QStringLiteral("Star (★)"), QStringLiteral("Run"),
                                             QStringLiteral("Name"), QStringLiteral("Tags")}));
    QCOMPARE(entries.size(), HistoryModel::ColumnCount + 1);
    QCOMPARE(entries.last(), QStringLiteral("Reset Columns"));
    for (QAction *a : dock(window.get())->columnsMenu()->actions()) {
        if (a->text() == QStringLiteral("Name"))
            QVERIFY(!a->isEnabled());
    }
    QVERIFY(dock(window.get())
                ->view()
                ->actions()
                .contains(dock(window.get())->columnsMenu()->menuAction()));

    // A tag cell's tool tip has every tag (it showed the run's name).
    HistoryModel *runs = window->historyUi()->model();
    const qint64 id = runs->run(0)->id;
    QVERIFY(runs->index(0, HistoryModel::Tags)
                .data(Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("No tags")));
    QVERIFY(runs->setTags(id, {QStringLiteral("workshop"), QStringLiteral("day 1")}));
    QCOMPARE(runs->index(runs->rowOf(id), HistoryModel::Tags).data(Qt::ToolTipRole).toString(),
             QStringLiteral("workshop, day 1"));
    // The column widens to the new tags (they read "wo…1" until the next start).
    QTableView *view = dock(window.get())->view();
    const QAbstractItemView *items = view;
    QTRY_VERIFY2(view->columnWidth(HistoryModel::Tags)
                     >= items->sizeHintForColumn(HistoryModel::Tags),
                 qPrintable(QStringLiteral("%1 < %2")
                                .arg(view->columnWidth(HistoryModel::Tags))
                                .arg(items->sizeHintForColumn(HistoryModel::Tags))));
    runs->undoStack()->undo();
    // Written by the history's own thread, after the tags it takes back (a
    // loaded machine's disk took more than the default five seconds).
    QTRY_VERIFY_WITH_TIMEOUT(openHistory(m_db)->get(id)->tags.empty(), 30000);
}

void TestHistoryColumns::hiddenAndMovedColumnsAreKept()
{
    {
        std::unique_ptr<MainWindow> window = openWindow();
        QVERIFY(window);
        QTableView *view = dock(window.get())->view();
        // Two models listed: the model column shows.
        QVERIFY(!view->isColumnHidden(HistoryModel::ModelName));
        // Hidden from the menu, as a user clicks it.
        emit dock(window.get())->columnsMenu()->aboutToShow();
        for (QAction *a : dock(window.get())->columnsMenu()->actions()) {
            if (a->text() == QStringLiteral("Seed")
                || a->text().startsWith(QStringLiteral("Model")))
                a->trigger();
        }
        QVERIFY(view->isColumnHidden(HistoryModel::Seed));
        QVERIFY(
            view->isColumnHidden(HistoryModel::ModelName)); // the user's choice, two models or not
        // The stale ratio dragged to the front, after the star.
        QHeaderView *h = header(window.get());
        h->moveSection(h->visualIndex(HistoryModel::StaleRatio), 1);
        QCOMPARE(h->logicalIndex(1), int(HistoryModel::StaleRatio));
    }
    {
        // The next start: the same columns in the same order.
        std::unique_ptr<MainWindow> window = openWindow();
        QVERIFY(window);
        QTableView *view = dock(window.get())->view();
        QVERIFY(view->isColumnHidden(HistoryModel::Seed));
        QVERIFY(view->isColumnHidden(HistoryModel::ModelName));
        QCOMPARE(header(window.get())->logicalIndex(1), int(HistoryModel::StaleRatio));
        const QStringList entries = menuEntries(window.get());
        QVERIFY2(entries.contains(QStringLiteral("-Seed")), qPrintable(entries.join(u',')));
        // Shown again: it has a width to be read at.
        dock(window.get())->setColumnShown(HistoryModel::Seed, true);
        QVERIFY(!view->isColumnHidden(HistoryModel::Seed));
        QVERIFY(view->columnWidth(HistoryModel::Seed) >= 24);
        dock(window.get())->setColumnShown(HistoryModel::ModelName, true);
        QVERIFY(!view->isColumnHidden(HistoryModel::ModelName));
    }
}

void TestHistoryColumns::resetAndDamagedSettings()
{
    {
        std::unique_ptr<MainWindow> window = openWindow();
        QVERIFY(window);
        QHeaderView *h = header(window.get());
        dock(window.get())->setColumnShown(HistoryModel::Started, false);
        h->moveSection(h->visualIndex(HistoryModel::CommandP99), 0);
        dock(window.get())->resetColumns();
        QCOMPARE(h->logicalIndex(0), int(HistoryModel::Star));
        QCOMPARE(h->visualIndex(HistoryModel::Tags), h->visualIndex(HistoryModel::Name) + 1);
        QVERIFY(!dock(window.get())->view()->isColumnHidden(HistoryModel::Started));
        QVERIFY(!menuEntries(window.get()).join(u',').contains(QLatin1Char('-')));
    }
    // A damaged setting (a column twice, one missing, hidden columns out
    // of range or the name) gives the first order and hides no name.
    QSettings().setValue(QStringLiteral("history/columnOrder"), QVariantList{1, 1, 2, 3});
    QSettings().setValue(QStringLiteral("history/hiddenColumns"),
                         QVariantList{-3, 99, int(HistoryModel::Name), QStringLiteral("seed")});
    std::unique_ptr<MainWindow> window = openWindow();
    QVERIFY(window);
    QHeaderView *h = header(window.get());
    QCOMPARE(h->logicalIndex(0), int(HistoryModel::Star));
    QCOMPARE(h->visualIndex(HistoryModel::Tags), h->visualIndex(HistoryModel::Name) + 1);
    QVERIFY(!dock(window.get())->view()->isColumnHidden(HistoryModel::Name));
    QVERIFY(!dock(window.get())
                 ->view()
                 ->isColumnHidden(HistoryModel::Star)); // a text is no column (not 0)
}

void TestHistoryColumns::namesKeepTheirWidthThroughAnEmptyList()
{
    // A filter that matches no run, Refresh, the filter cleared: the names
    // were measured on no rows, the column fell to a few pixels and every
    // name read "…".
    auto window = openWindow();
    QVERIFY(window);
    QTableView *view = dock(window.get())->view();
    const int before = view->columnWidth(HistoryModel::Name);
    QVERIFY2(before > 40, qPrintable(QString::number(before)));
    auto *filter = dock(window.get())->findChild<QLineEdit *>(QStringLiteral("historyFilter"));
    QVERIFY(filter);
    filter->setText(QStringLiteral("zzz"));
    QTRY_COMPARE(view->model()->rowCount(), 0);
    QSignalSpy reset(window->historyUi()->model(), &QAbstractItemModel::modelReset);
    window->historyUi()->model()->reload();
    QTRY_VERIFY(reset.count() >= 1);
    QCoreApplication::processEvents(); // the queued measures, if any
    filter->clear();
    QTRY_COMPARE(view->model()->rowCount(), 2);
    QTRY_VERIFY2(
        view->columnWidth(HistoryModel::Name) >= before - 2,
        qPrintable(
            QStringLiteral("%1 -> %2").arg(before).arg(view->columnWidth(HistoryModel::Name))));
}

void TestHistoryColumns::buttonsStayPutWhenCompareSaysItsLimit()
{
    // Seven runs selected, Compare reads "Compare (at most 6)": wider, it
    // pushed Delete… to where Refresh had been, under the pointer.
    auto window = openWindow();
    QVERIFY(window);
    auto store = openHistory(m_db);
    for (int i = 0; i < 5; ++i)
        recordRun(*store, example("user-profile.cqrs.json", 5), "more");
    store.reset();
    window->historyUi()->model()->reload();
    QTRY_COMPARE(window->historyUi()->model()->rowCount(), 7);
    HistoryDock *panel = dock(window.get());
    auto *buttons = panel->findChild<QToolBar *>(QStringLiteral("historyButtons"));
    QVERIFY(buttons);
    QAction *compare = panel->findChild<QAction *>(QStringLiteral("compareRunsAction"));
    QAction *remove = panel->findChild<QAction *>(QStringLiteral("deleteRunAction"));
    QVERIFY(compare && remove);
    // Room for every button in the row (in a narrow dock the last ones go
    // into the tool bar's » menu).
    buttons->setMinimumWidth(900);
    QTRY_VERIFY(buttons->widgetForAction(remove)->isVisible());
    panel->view()->selectRow(0);
    QTRY_VERIFY(remove->isEnabled());
    const int before = buttons->widgetForAction(remove)->x();
    panel->view()->selectAll();
    QTRY_VERIFY(compare->text().contains(QStringLiteral("at most")));
    // Laid out again: the button as wide as its new text wants.
    QWidget *compareButton = buttons->widgetForAction(compare);
    QTRY_VERIFY(compareButton->width() >= compareButton->sizeHint().width());
    QCOMPARE(buttons->widgetForAction(remove)->x(), before);
}

// Home and End went to the row's first and last columns (the list scrolled
// sideways); with Ctrl they moved the current row and left the selection,
// so F2 renamed one run while Delete offered another.
void TestHistoryColumns::homeAndEndGoToTheFirstAndLastRun()
{
    recordRun(*openHistory(m_db), example("user-profile.cqrs.json", 5), "a third");
    auto window = std::make_unique<MainWindow>();
    window->resize(1400, 900);
    window->show();
    window->historyUi()->showDock();
    QTRY_VERIFY(window->historyUi()->model()->rowCount() >= 3);
    HistoryDock *panel = dock(window.get());
    QTableView *view = panel->view();
    QDockWidget *frame = window->historyUi()->dock();
    frame->setFloating(true);
    frame->resize(420, 400);
    QTRY_VERIFY(view->horizontalScrollBar()->maximum() > 0); // the columns overflow
    const int rows = view->model()->rowCount();
    QVERIFY(rows >= 3);
    const auto idAt = [view](int row) {
        return view->model()->index(row, 0).data(HistoryModel::IdRole).toLongLong();
    };
    view->setFocus();
    view->setCurrentIndex(view->model()->index(1, HistoryModel::Name));
    view->horizontalScrollBar()->setValue(0);
    QTest::keyClick(view, Qt::Key_End);
    QCOMPARE(view->currentIndex().row(), rows - 1);
    QCOMPARE(view->currentIndex().column(), int(HistoryModel::Name));
    QCOMPARE(panel->selectedIds(), std::vector<qint64>{idAt(rows - 1)});
    QCOMPARE(view->horizontalScrollBar()->value(), 0);
    QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(view->currentIndex().row(), 0);
    QCOMPARE(panel->selectedIds(), std::vector<qint64>{idAt(0)}); // what F2 and Delete act on
    // Shift: every run on the way, from where the selection started.
    QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(panel->selectedIds().size(),
             std::size_t(2)); // from the first run, where Ctrl+Home went
    QTest::keyClick(view, Qt::Key_Home);
    QCOMPARE(panel->selectedIds(), std::vector<qint64>{idAt(0)});
    QTest::keyClick(view, Qt::Key_Down); // the selection starts at row 1
    QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(view, Qt::Key_End, Qt::ShiftModifier);
    QCOMPARE(view->currentIndex().row(), rows - 1);
    QCOMPARE(panel->selectedIds().size(), std::size_t(rows - 1)); // rows 1 to the last
    QTest::keyClick(view, Qt::Key_Home, Qt::ShiftModifier);
    QCOMPARE(panel->selectedIds().size(), std::size_t(2)); // rows 0 and 1
    QCOMPARE(view->horizontalScrollBar()->value(), 0);
    // On the first run with nothing selected (the list just opened): Home
    // selects it; the view selected only when the current cell moved.
    view->clearSelection();
    view->selectionModel()->setCurrentIndex(view->model()->index(0, HistoryModel::Name),
                                            QItemSelectionModel::NoUpdate);
    QTest::keyClick(view, Qt::Key_Home);
    QCOMPARE(panel->selectedIds(), std::vector<qint64>{idAt(0)});
    // Ctrl+Space on the star of another run adds that run to the selection;
    // it starred it, unselected.
    const QModelIndex star = view->model()->index(1, HistoryModel::Star);
    const QVariant starred = star.data(Qt::CheckStateRole);
    view->selectionModel()->setCurrentIndex(star, QItemSelectionModel::NoUpdate);
    QTest::keyClick(view, Qt::Key_Space, Qt::ControlModifier);
    QCOMPARE(star.data(Qt::CheckStateRole), starred);
    QCOMPARE(panel->selectedIds().size(), std::size_t(2));
    frame->setFloating(false);
}

QTEST_MAIN(TestHistoryColumns)

#include "tst_historycolumns.moc"
