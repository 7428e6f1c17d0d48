// Live A/B (Run > Run with a Variant): B is a copy of the model edited in
// its own inspector with its own undo; Run starts A and B together with the
// same seed, B's lines are drawn over A's, both runs are recorded, Stop and
// Reset act on both, and leaving A/B gives single runs again.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/history/compareview.h"
#include "cqrs/ui/history/historyrecorder.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historyui.h"
#include "historytestutil.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/shell/filecontroller.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/inspector/numberfield.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/run/variantui.h"
#include "cqrs/ui/editor/scene.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>
#include <QUndoStack>

#include <cmath>
#include <functional>
#include <memory>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

constexpr auto kInterval = "update.interval";

double windowP99(const RunController *c, const char *readModel)
{
    const Json &r = *c->result()->result;
    return r["readModels"][readModel]["consistencyWindow"]["p99"].get<double>();
}

/// Answers the next modal message boxes, one after the other: in each, clicks
/// the button whose text (without its "&") starts with the next of
/// `answers`; hands what each box said to `record`.
void answerBoxes(const QStringList &answers, std::function<void(const QString &)> record)
{
    auto poll = std::make_shared<std::function<void()>>();
    auto tries = std::make_shared<int>(0);
    auto left = std::make_shared<QStringList>(answers);
    auto last = std::make_shared<QPointer<QMessageBox>>();
    *poll = [record, poll, tries, left, last] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box == *last) {
            if (++*tries < 500) // ten seconds; then no later box is answered by mistake
                QTimer::singleShot(20, *poll);
            return;
        }
        *last = box;
        *tries = 0;
        record(box->objectName() + QLatin1Char('|') + box->text() + QLatin1Char('\n') + box->informativeText());
        const QString text = left->takeFirst();
        if (!left->isEmpty())
            QTimer::singleShot(20, *poll);
        for (QAbstractButton *b : box->buttons()) {
            if (b->text().remove(QLatin1Char('&')).startsWith(text)) {
                b->click();
                return;
            }
        }
        box->reject();
    };
    QTimer::singleShot(20, *poll);
}

/// Answers the next modal message box with the button whose text starts
/// with `text`; keeps what the box said in *said.
void clickInNextBox(const QString &text, QString *said)
{
    answerBoxes({text}, [said](const QString &box) { *said = box; });
}

} // namespace

class TestVariant : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void menuAndShortcut();
    void variantIsEditedApartWithUndo();
    void runsBothRecordsBothOverlaysB();
    void stopAndResetActOnBoth();
    void closingStopsBothAndWaits();
    void leavingGivesSingleRuns();
    void leavingAsksAboutBsChanges();
    void closingOrReplacingAsksAboutBsChanges();
    void namesLikeARunPrefixAreKept();
    void differentReadModelsCompareOverallOnly();
    void whatIfsRefusedDuringAB();
    void variantInspectorOffersNoSweep();

private:
    /// A window on the user-profile example, in A/B mode, with B's search-index batch every `interval` s.
    std::unique_ptr<MainWindow> abWindow(double duration, double interval);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestVariant::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestVariant::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(m_dir->filePath(QStringLiteral("runs.sqlite"))));
}

void TestVariant::cleanup()
{
    qunsetenv("CQRS_STUDIO_DB");
    m_dir.reset();
}

std::unique_ptr<MainWindow> TestVariant::abWindow(double duration, double interval)
{
    auto window = std::make_unique<MainWindow>();
    Model model = example("user-profile.cqrs.json", duration);
    model.workload.warmup = 0;
    window->document()->resetModel(model);
    window->resize(1600, 1000);
    window->show();
    VariantUi *ab = window->variantUi();
    ab->action()->trigger();
    if (!ab->isActive())
        return nullptr;
    window->scene()->selectElements({"search-index"});
    auto *field = ab->inspector()->findChild<RealField *>(QLatin1String(kInterval));
    if (!field)
        return nullptr;
    field->setValue(interval);
    return window;
}

void TestVariant::menuAndShortcut()
{
    MainWindow window;
    VariantUi *ab = window.variantUi();
    QVERIFY(ab);
    QVERIFY(window.runUi()->runMenu()->actions().contains(ab->action()));
    QCOMPARE(ab->action()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+B")));
    QVERIFY(ab->action()->isCheckable());
    QVERIFY(!ab->isActive());
}

void TestVariant::variantIsEditedApartWithUndo()
{
    std::unique_ptr<MainWindow> window = abWindow(30, 5);
    QVERIFY(window);
    VariantUi *ab = window->variantUi();
    QVERIFY(ab->dock()->isVisible());
    // B changed; A did not.
    QCOMPARE(ab->variant()->model().readModel("search-index")->update.interval, 5.0);
    QCOMPARE(window->document()->model().readModel("search-index")->update.interval, 1.0);
    QVERIFY(!window->document()->isModified());
    QCOMPARE(ab->differences().size(), 1);
    QVERIFY2(ab->differences().first().startsWith(QStringLiteral("readModels.search-index.update.interval: 5")),
             qPrintable(ab->differences().first()));
    auto *list = ab->dock()->findChild<QListWidget *>(QStringLiteral("variantDifferences"));
    QVERIFY(list);
    QCOMPARE(list->count(), 1);
    QVERIFY2(list->item(0)->text().contains(QStringLiteral("(A: 1 s)")), qPrintable(list->item(0)->text()));
    QVERIFY(ab->variant()->model().name.find("variant B") != std::string::npos);

    // Undo in B (its button, and Ctrl+Z with the focus in B's dock) takes B back; A's stack is untouched.
    QCOMPARE(window->document()->undoStack()->count(), 0);
    auto *undo = ab->dock()->findChild<QAction *>(QStringLiteral("variantUndo"));
    QVERIFY(undo && undo->isEnabled());
    // The edit's name is in the tooltip, not the text: the button keeps its
    // width (a long edit name widened the dock's column).
    QCOMPARE(undo->text(), QStringLiteral("Undo in B"));
    QVERIFY2(undo->toolTip().startsWith(QStringLiteral("Undo in B: ")) && undo->toolTip().size() > 11,
             qPrintable(undo->toolTip()));
    undo->trigger();
    QCOMPARE(ab->variant()->model().readModel("search-index")->update.interval, 1.0);
    QVERIFY(ab->differences().isEmpty());
    auto *redo = ab->dock()->findChild<QAction *>(QStringLiteral("variantRedo"));
    QCOMPARE(redo->text(), QStringLiteral("Redo in B"));
    QVERIFY(redo->isEnabled());
    QVERIFY(!undo->isEnabled());
    redo->trigger();
    QCOMPARE(ab->variant()->model().readModel("search-index")->update.interval, 5.0);
    QVERIFY(!redo->isEnabled());
    auto *leave = ab->dock()->findChild<QPushButton *>(QStringLiteral("leaveVariantButton"));
    leave->setFocus();
    QTest::keyClick(leave, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(ab->variant()->model().readModel("search-index")->update.interval, 1.0);
    QCOMPARE(window->document()->model().readModel("search-index")->update.interval, 1.0);

    // An edit of A shows as a difference too (B keeps its own value).
    window->scene()->selectElements({"user-view"});
    QCOMPARE(ab->inspector()->currentElement(), std::string("user-view"));
    // B's tab stays in front: selecting is how B is edited (the inspector of
    // A came to the front instead, over the values the user meant to change).
    auto *inspectorDock = window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    QVERIFY(window->tabifiedDockWidgets(inspectorDock).contains(ab->dock()));
    // A tab behind another stays "visible", out of sight.
    const auto inFront = [](QDockWidget *dock) { return dock->isVisible() && !dock->visibleRegion().isEmpty(); };
    QTest::qWait(50);
    QVERIFY(inFront(ab->dock()));
    QVERIFY(!inFront(inspectorDock));
    // With A's inspector in front, a selection keeps it there.
    inspectorDock->raise();
    QTRY_VERIFY(inFront(inspectorDock));
    QTRY_VERIFY(!inFront(ab->dock()));
    window->scene()->selectElements({"search-index"});
    QTest::qWait(50);
    QVERIFY(inFront(inspectorDock));
    QVERIFY(!inFront(ab->dock()));
}

void TestVariant::runsBothRecordsBothOverlaysB()
{
    std::unique_ptr<MainWindow> window = abWindow(60, 5);
    QVERIFY(window);
    VariantUi *ab = window->variantUi();
    HistoryUi *history = window->historyUi();
    QTRY_VERIFY(history->store()->isReady());
    RunController *a = window->runUi()->controller();
    RunController *b = ab->controller();
    ChartsPanel *charts = window->runUi()->charts();
    for (int id = 0; id < ChartsPanel::ChartCount; ++id)
        charts->setChartShown(ChartsPanel::ChartId(id), true);
    a->setSpeed(0);
    QSignalSpy recordedA(history->recorder(), &HistoryRecorder::runRecorded);
    QTest::keyClick(window.get(), Qt::Key_F5);
    QCOMPARE(a->state(), RunController::State::Running);
    QCOMPARE(b->state(), RunController::State::Running);
    QCOMPARE(b->speed(), a->speed());
    QCOMPARE(b->model().workload.seed, a->model().workload.seed);
    QCOMPARE(b->model().readModel("search-index")->update.interval, 5.0);
    // The window chart shows the read model B changes (it started on another,
    // where A's and B's lines lay on each other).
    auto *focus = charts->findChild<QComboBox *>(QStringLiteral("readModelFocus"));
    QVERIFY(focus);
    QCOMPARE(focus->currentData().toString(), QStringLiteral("search-index"));
    QCOMPARE(a->model().readModel("search-index")->update.interval, 1.0);
    QTRY_VERIFY_WITH_TIMEOUT(a->result().has_value() && b->result().has_value(), 60000);
    QVERIFY(a->result()->complete);
    QVERIFY(b->result()->complete);

    // B's lines are on the charts, over A's, and say which run they are.
    charts->setFocusReadModel(QStringLiteral("search-index")); // the run started on user-view (its budget)
    QTRY_VERIFY(charts->variantPointCount(ChartsPanel::Window) > 0);
    charts->refresh();
    QVERIFY(charts->variantPointCount(ChartsPanel::Throughput) > 0);
    QVERIFY(charts->variantPointCount(ChartsPanel::Backlog) > 0);
    QVERIFY(charts->variantPointCount(ChartsPanel::Cdf) > 0);
    QVERIFY(charts->pointCount(ChartsPanel::Window) > charts->variantPointCount(ChartsPanel::Window));
    QVERIFY(charts->variantNote()->isVisible());
    QVERIFY(charts->variantNote()->text().contains(QStringLiteral("readModels.search-index.update.interval")));
    QStringList names;
    for (QAbstractSeries *s : charts->chart(ChartsPanel::Window)->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(s); line && line->isVisible())
            names << line->name();
    }
    QVERIFY2(names.contains(QStringLiteral("A · p99")) && names.contains(QStringLiteral("B (variant) · p99")),
             qPrintable(names.join(QLatin1Char('|'))));
    QColor colorA, colorB;
    for (QAbstractSeries *s : charts->chart(ChartsPanel::Window)->series()) {
        auto *line = qobject_cast<QLineSeries *>(s);
        if (line && line->name() == QStringLiteral("A · p99"))
            colorA = line->pen().color();
        if (line && line->name() == QStringLiteral("B (variant) · p99"))
            colorB = line->pen().color();
    }
    QVERIFY(colorA.isValid() && colorB.isValid() && colorA != colorB);
    // No B line in the colour of another of A's lines in its chart: the
    // opposite of the palette's blue is its orange, which "B · GetUser" took
    // from "A · GetAccountSettings". Where the opposite colour is taken, a B
    // line has its A line's own colour.
    const auto near = [](const QColor &c1, const QColor &c2) {
        if (c1.hsvSaturation() < 40 || c2.hsvSaturation() < 40)
            return false;
        const int apart = std::abs(c1.hsvHue() - c2.hsvHue()) % 360;
        return std::min(apart, 360 - apart) < 25;
    };
    const QString prefixB = QStringLiteral("B (variant) · ");
    int checked = 0, paired = 0;
    for (const bool allReadModels : {false, true}) {
        charts->setFocusReadModel(allReadModels ? QString() : QStringLiteral("search-index"));
        for (int id = 0; id < ChartsPanel::ChartCount; ++id) {
            QList<QLineSeries *> linesA, linesB;
            for (QAbstractSeries *s : charts->chart(ChartsPanel::ChartId(id))->series()) {
                auto *line = qobject_cast<QLineSeries *>(s);
                if (line && line->isVisible() && line->pen().style() == Qt::SolidLine)
                    linesA << line;
                else if (line && line->isVisible() && line->name().startsWith(prefixB))
                    linesB << line;
            }
            for (QLineSeries *lineB : linesB) {
                QCOMPARE(lineB->pen().style(), Qt::DashLine);
                const QString name = lineB->name().mid(prefixB.size());
                QColor pair;
                for (QLineSeries *lineA : linesA) {
                    if (lineA->name() == QStringLiteral("A · ") + name)
                        pair = lineA->pen().color();
                }
                if (lineB->pen().color() == pair) {
                    ++paired;
                    continue;
                }
                for (QLineSeries *lineA : linesA) {
                    ++checked;
                    QVERIFY2(!near(lineA->pen().color(), lineB->pen().color()),
                             qPrintable(QStringLiteral("%1: %2 (%3) beside %4 (%5)")
                                            .arg(charts->chart(ChartsPanel::ChartId(id))->title(), lineB->name(),
                                                 lineB->pen().color().name(), lineA->name(),
                                                 lineA->pen().color().name())));
                }
            }
        }
    }
    QVERIFY(checked > 10);
    QVERIFY(paired > 0);
    charts->setFocusReadModel(QStringLiteral("search-index"));

    // The figures move the expected way: batches every 5 s instead of 1 s wait longer.
    QVERIFY2(windowP99(b, "search-index") > 2 * windowP99(a, "search-index"),
             qPrintable(QStringLiteral("A %1 s, B %2 s").arg(windowP99(a, "search-index")).arg(windowP99(b, "search-index"))));
    QVERIFY(charts->maxValue(ChartsPanel::Window, QStringLiteral("p99"), true)
            > charts->maxValue(ChartsPanel::Window, QStringLiteral("p99"), false));
    // The streaming read model, unchanged in B, sees the same traffic (same seed): same figure.
    QCOMPARE(windowP99(b, "user-view"), windowP99(a, "user-view"));

    // For a person to look at: CQRS_VARIANT_PICTURES=DIR saves the A/B charts and the window.
    if (const QString dir = qEnvironmentVariable("CQRS_VARIANT_PICTURES"); !dir.isEmpty()) {
        QVERIFY(charts->savePicture(dir + QStringLiteral("/ab-charts.png"), nullptr,
                                    {ChartsPanel::Window, ChartsPanel::Backlog, ChartsPanel::Throughput,
                                     ChartsPanel::Cdf}));
        QVERIFY(window->grab().save(dir + QStringLiteral("/ab-window.png")));
        ab->dock()->raise();
        window->scene()->selectElements({"search-index"});
        QCoreApplication::processEvents();
        QVERIFY(ab->dock()->grab().save(dir + QStringLiteral("/ab-dock.png")));
    }

    // Both recorded, with the same seed; Compare opens them.
    QTRY_VERIFY(ab->lastRunA() > 0 && ab->lastRunB() > 0);
    auto *compare = ab->dock()->findChild<QPushButton *>(QStringLiteral("compareVariantButton"));
    QTRY_VERIFY(compare->isEnabled());
    history->store()->waitForIdle();
    auto store = openHistory(QString::fromLocal8Bit(qgetenv("CQRS_STUDIO_DB")));
    const std::optional<history::RunRecord> runA = store->get(ab->lastRunA());
    const std::optional<history::RunRecord> runB = store->get(ab->lastRunB());
    QVERIFY(runA && runB);
    QCOMPARE(runA->status, history::RunStatus::Finished);
    QCOMPARE(runB->status, history::RunStatus::Finished);
    QCOMPARE(runA->seed, runB->seed);
    QVERIFY(runB->modelName.find("variant B") != std::string::npos);
    QSignalSpy opened(history, &HistoryUi::compareOpened);
    QTest::mouseClick(compare, Qt::LeftButton);
    QTRY_COMPARE(opened.count(), 1);
    auto *view = opened.at(0).at(0).value<CompareView *>();
    QVERIFY(view);
    // The batch interval alone: B's name ("… (variant B)") is no parameter.
    QCOMPARE(view->differenceCount(), 1);
    view->close();

    // A new A/B compares its own runs: until they are recorded, nothing.
    QString said;
    clickInNextBox(QStringLiteral("Discard B"), &said);
    ab->action()->trigger();
    QVERIFY(!ab->isActive());
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    compare = ab->dock()->findChild<QPushButton *>(QStringLiteral("compareVariantButton"));
    QVERIFY(!compare->isEnabled());
    QVERIFY(!ab->compareRuns());
}

void TestVariant::stopAndResetActOnBoth()
{
    std::unique_ptr<MainWindow> window = abWindow(3600, 5);
    QVERIFY(window);
    RunController *a = window->runUi()->controller();
    RunController *b = window->variantUi()->controller();
    a->setSpeed(10);
    QVERIFY(a->start(*window->runUi()->runnableModel()));
    QCOMPARE(b->state(), RunController::State::Running);
    QCOMPARE(b->speed(), 10.0);
    a->pause();
    QCOMPARE(b->state(), RunController::State::Paused);
    a->resume();
    QCOMPARE(b->state(), RunController::State::Running);
    a->setSpeed(100);
    QCOMPARE(b->speed(), 100.0);
    QTRY_VERIFY(b->time() > 0);
    a->stop();
    QTRY_VERIFY(a->result().has_value() && b->result().has_value());
    QCOMPARE(a->state(), RunController::State::Finished);
    QCOMPARE(b->state(), RunController::State::Finished);
    QVERIFY(!a->result()->complete);
    QVERIFY(!b->result()->complete);
    a->reset();
    QCOMPARE(b->state(), RunController::State::Idle);
    QVERIFY(!window->runUi()->charts()->hasVariant());
}

// Closing the window during an A/B run keeps what both measured (B was
// recorded as stopped with no result).
void TestVariant::closingStopsBothAndWaits()
{
    std::unique_ptr<MainWindow> window = abWindow(3600, 5);
    QVERIFY(window);
    RunController *a = window->runUi()->controller();
    RunController *b = window->variantUi()->controller();
    a->setSpeed(10);
    QVERIFY(a->start(*window->runUi()->runnableModel()));
    QTRY_VERIFY(a->time() > 0 && b->time() > 0);
    QVERIFY(window->runUi()->stopBeforeClosing());
    QVERIFY(!a->isActive() && !b->isActive());
    QVERIFY(a->result().has_value() && b->result().has_value());
    QVERIFY(!b->result()->complete);
}

// A query the user named "A · Lookup": the run prefixes are added to it and
// taken off again, never read off it.
void TestVariant::namesLikeARunPrefixAreKept()
{
    auto window = std::make_unique<MainWindow>();
    Model model = example("user-profile.cqrs.json", 20);
    model.workload.warmup = 0;
    model.queries.front().name = "A · Lookup";
    window->document()->resetModel(model);
    window->resize(1600, 1000);
    window->show();
    VariantUi *ab = window->variantUi();
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    RunController *a = window->runUi()->controller();
    RunController *b = ab->controller();
    a->setSpeed(0);
    QVERIFY(a->start(*window->runUi()->runnableModel()));
    QTRY_VERIFY_WITH_TIMEOUT(a->result().has_value() && b->result().has_value(), 60000);
    ChartsPanel *charts = window->runUi()->charts();
    auto names = [charts] {
        QStringList shown;
        for (QAbstractSeries *s : charts->chart(ChartsPanel::Staleness)->series()) {
            if (qobject_cast<QLineSeries *>(s))
                shown << s->name();
        }
        return shown;
    };
    QVERIFY2(names().contains(QStringLiteral("A · A · Lookup")), qPrintable(names().join(QLatin1Char('|'))));
    QVERIFY2(names().contains(QStringLiteral("B (variant) · A · Lookup")), qPrintable(names().join(QLatin1Char('|'))));
    ab->action()->trigger(); // leave
    QVERIFY(!ab->isActive());
    QVERIFY2(names().contains(QStringLiteral("A · Lookup")), qPrintable(names().join(QLatin1Char('|'))));
}

void TestVariant::leavingGivesSingleRuns()
{
    std::unique_ptr<MainWindow> window = abWindow(20, 5);
    QVERIFY(window);
    VariantUi *ab = window->variantUi();
    RunController *a = window->runUi()->controller();
    RunController *b = ab->controller();
    a->setSpeed(0);
    QVERIFY(a->start(*window->runUi()->runnableModel()));
    QTRY_VERIFY_WITH_TIMEOUT(a->result().has_value() && b->result().has_value(), 60000);
    QTRY_VERIFY(window->runUi()->charts()->variantPointCount(ChartsPanel::Throughput) > 0);
    // The summary holds A's figures alone, and says so under its title.
    SummaryWidget *summary = window->runUi()->summary();
    QTRY_VERIFY(summary->plainText().contains(QStringLiteral("run finished")));
    QVERIFY2(summary->plainText().contains(QStringLiteral("A/B run: these are A's figures")),
             qPrintable(summary->plainText().left(300)));
    QVERIFY(summary->plainText().contains(QStringLiteral("(variant B)")));
    QVERIFY(summary->html().indexOf(QStringLiteral("A/B run")) > summary->html().indexOf(QStringLiteral("</h2>")));

    QString said;
    clickInNextBox(QStringLiteral("Discard B"), &said);
    ab->action()->trigger(); // leave
    QVERIFY2(said.startsWith(QStringLiteral("leaveVariantBox|")), qPrintable(said));
    QVERIFY(!summary->plainText().contains(QStringLiteral("A/B run")));
    QVERIFY(!ab->isActive());
    QVERIFY(!ab->action()->isChecked());
    QCOMPARE(a->follower(), nullptr);
    QCOMPARE(b->state(), RunController::State::Idle);
    QCOMPARE(window->runUi()->charts()->variantPointCount(ChartsPanel::Throughput), 0);
    QVERIFY(!window->runUi()->charts()->variantNote()->isVisible());
    for (QAbstractSeries *s : window->runUi()->charts()->chart(ChartsPanel::Throughput)->series())
        QVERIFY2(!s->name().startsWith(QStringLiteral("A · ")), qPrintable(s->name()));
    auto *inspectorDock = window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    QCOMPARE(inspectorDock->windowTitle(), QStringLiteral("Inspector"));
    QTRY_VERIFY(!window->findChild<QDockWidget *>(QStringLiteral("variantDock")));

    QVERIFY(a->start(*window->runUi()->runnableModel()));
    QCOMPARE(b->state(), RunController::State::Idle);
    QTRY_VERIFY_WITH_TIMEOUT(a->result().has_value(), 60000);
    QVERIFY(!window->runUi()->charts()->hasVariant());
    // The read model A/B showed (the one B changed) was for its runs: a
    // single run starts where runs start (the read model with a budget).
    auto *focus = window->runUi()->charts()->findChild<QComboBox *>(QStringLiteral("readModelFocus"));
    QCOMPARE(focus->currentData().toString(), QStringLiteral("user-view"));

    // Closing B's dock leaves A/B too; opening another model does as well.
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    ab->dock()->close();
    QTRY_VERIFY(!ab->isActive());
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    window->document()->resetModel(example("user-profile.cqrs.json", 10));
    QVERIFY(!ab->isActive());
}

void TestVariant::leavingAsksAboutBsChanges()
{
    std::unique_ptr<MainWindow> window = abWindow(20, 5);
    QVERIFY(window);
    VariantUi *ab = window->variantUi();
    Document *a = window->document();
    const std::string name = a->model().name;

    // Cancel: A/B stays on, B keeps its change; so does closing B's dock.
    QString said;
    clickInNextBox(QStringLiteral("Cancel"), &said);
    ab->action()->trigger();
    QVERIFY2(said.contains(QStringLiteral("changes 1 value of the model")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("readModels.search-index.update.interval = 5 s")), qPrintable(said));
    QVERIFY(ab->isActive());
    QVERIFY(ab->action()->isChecked());
    QCOMPARE(ab->variant()->model().readModel("search-index")->update.interval, 5.0);
    said.clear();
    clickInNextBox(QStringLiteral("Cancel"), &said);
    ab->dock()->close();
    QTRY_VERIFY(!said.isEmpty());
    QVERIFY(ab->isActive());
    QTRY_VERIFY(ab->dock()->isVisible());

    // Apply: B's own change goes into the model, in one step Undo takes back;
    // an edit of the model made meanwhile stays (B's copy had the old value).
    Experiment workers;
    workers.title = "seven workers";
    workers.set = {{"writeSide.workers", Json(7)}};
    QVERIFY(a->applyExperiment(workers));
    QVERIFY(ab->differences().size() == 2); // listed as a difference, but A's
    const int steps = a->undoStack()->count();
    clickInNextBox(QStringLiteral("Apply to Model"), &said);
    ab->action()->trigger();
    QVERIFY2(!said.contains(QStringLiteral("workers")), qPrintable(said));
    QVERIFY(!ab->isActive());
    QCOMPARE(a->model().readModel("search-index")->update.interval, 5.0);
    QCOMPARE(a->model().writeSide.workers, 7);
    QCOMPARE(a->model().name, name);
    QCOMPARE(a->undoStack()->count(), steps + 1);
    QCOMPARE(a->undoStack()->undoText(), QStringLiteral("Apply Variant B"));
    a->undoStack()->undo();
    QCOMPARE(a->model().readModel("search-index")->update.interval, 1.0);
    QCOMPARE(a->model().writeSide.workers, 7);
    a->undoStack()->undo();
    QVERIFY(!a->isModified());

    // A challenge's locked parts are locked in B too.
    a->setLocks({"search-index"}, true);
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    QVERIFY(ab->variant()->isLocked("search-index"));
    QVERIFY(ab->variant()->isWorkloadLocked());
    ab->action()->trigger();
    QVERIFY(!ab->isActive());
    a->setLocks({}, false);

    // A B that changes nothing leaves without a question (a box would wait here).
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    QVERIFY(ab->differences().isEmpty());
    ab->action()->trigger();
    QVERIFY(!ab->isActive());
}

void TestVariant::closingOrReplacingAsksAboutBsChanges()
{
    // B's edits are nowhere else: closing the window, or opening another
    // model, asks about them as leaving A/B does, before the model's own
    // question (they had gone without a word).
    std::unique_ptr<MainWindow> window = abWindow(20, 5);
    QVERIFY(window);
    VariantUi *ab = window->variantUi();
    Document *a = window->document();
    QStringList said;
    auto record = [&said](const QString &box) { said << box; };

    answerBoxes({QStringLiteral("Cancel")}, record);
    QVERIFY(!window->close());
    QCOMPARE(said.size(), 1);
    QVERIFY2(said[0].startsWith(QStringLiteral("leaveVariantBox|")), qPrintable(said[0]));
    QVERIFY(window->isVisible());
    QVERIFY(ab->isActive());
    QCOMPARE(ab->variant()->model().readModel("search-index")->update.interval, 5.0);

    // Apply: B's change is the model's now, and the model asks to be saved;
    // cancelling that keeps the window (and the change) open.
    said.clear();
    answerBoxes({QStringLiteral("Apply to Model"), QStringLiteral("Cancel")}, record);
    QVERIFY(!window->close());
    QCOMPARE(said.size(), 2);
    QVERIFY2(said[1].startsWith(QStringLiteral("unsavedChangesBox|")), qPrintable(said[1]));
    QVERIFY(window->isVisible());
    QVERIFY(!ab->isActive());
    QCOMPARE(a->model().readModel("search-index")->update.interval, 5.0);
    QVERIFY(a->isModified());
    a->undoStack()->undo();
    QVERIFY(!a->isModified());

    // Opening another model: Cancel keeps A/B and the model; Discard B opens it.
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    window->scene()->selectElements({"search-index"});
    auto *field = ab->inspector()->findChild<RealField *>(QLatin1String(kInterval));
    QVERIFY(field);
    field->setValue(7);
    QCOMPARE(ab->variant()->model().readModel("search-index")->update.interval, 7.0);
    const QString other = m_dir->filePath(QStringLiteral("other.cqrs.json"));
    QVERIFY(saveModelFile(example("user-profile.cqrs.json", 10), other.toStdString()));
    said.clear();
    answerBoxes({QStringLiteral("Cancel")}, record);
    QVERIFY(!window->fileController()->openFile(other));
    QCOMPARE(said.size(), 1);
    QVERIFY(ab->isActive());
    QVERIFY(a->filePath().isEmpty());
    said.clear();
    answerBoxes({QStringLiteral("Discard B")}, record);
    QVERIFY(window->fileController()->openFile(other));
    QCOMPARE(said.size(), 1);
    QVERIFY(!ab->isActive());
    QCOMPARE(QFileInfo(a->filePath()), QFileInfo(other));

    // A B that changes nothing is not asked about: the model's own question
    // comes, and cancelling it keeps A/B on (it had left already).
    ab->action()->trigger();
    QVERIFY(ab->isActive());
    a->addNote(QPointF(10, 10), QStringLiteral("unsaved"));
    said.clear();
    answerBoxes({QStringLiteral("Cancel")}, record);
    QVERIFY(!window->close());
    QCOMPARE(said.size(), 1);
    QVERIFY2(said[0].startsWith(QStringLiteral("unsavedChangesBox|")), qPrintable(said[0]));
    QVERIFY(ab->isActive());
    // Nothing to ask at all: the window closes without a question.
    a->undoStack()->undo();
    QVERIFY(!a->isModified());
    said.clear();
    QVERIFY(window->close());
    QVERIFY(said.isEmpty());
}

void TestVariant::whatIfsRefusedDuringAB()
{
    std::unique_ptr<MainWindow> window = abWindow(3600, 5);
    QVERIFY(window);
    RunController *a = window->runUi()->controller();
    a->setSpeed(10);
    QVERIFY(a->start(*window->runUi()->runnableModel()));
    QVERIFY(!window->runUi()->whatIfTrafficSpike(3, 10));
    QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("leave A/B")));
    QVERIFY(!window->runUi()->whatIfDuplicateStorm(0.5, 10));
    QVERIFY(!window->runUi()->whatIfOutage("search-index", 10));
    QVERIFY(!window->runUi()->whatIfRebuild("search-index"));
    QVERIFY(!window->runUi()->whatIfSlowProjection("search-index", 3, 10));
    // Out of A/B the same run takes them.
    QString said;
    clickInNextBox(QStringLiteral("Discard B"), &said);
    window->variantUi()->action()->trigger(); // leave
    QVERIFY(!window->variantUi()->isActive());
    QVERIFY(!a->follower());
    QVERIFY(window->runUi()->whatIfTrafficSpike(3, 10));
    a->stop();
}

void TestVariant::variantInspectorOffersNoSweep()
{
    std::unique_ptr<MainWindow> window = abWindow(60, 5);
    QVERIFY(window);
    // Right-click the field; whatever menu pops up (the field's own one runs
    // modally) is looked at and closed.
    auto sweepMenuOn = [](Inspector *inspector) {
        auto *field = inspector->findChild<RealField *>(QLatin1String(kInterval));
        if (!field)
            return false;
        bool sweep = false;
        bool seen = false;
        QTimer::singleShot(300, field, [&] {
            if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
                seen = true;
                sweep = menu->findChild<QAction *>(QStringLiteral("sweepAction")) != nullptr;
                menu->close();
            }
        });
        QContextMenuEvent event(QContextMenuEvent::Mouse, QPoint(5, 5), field->mapToGlobal(QPoint(5, 5)));
        QApplication::sendEvent(field, &event);
        QTest::qWait(500);
        return seen && sweep;
    };
    QVERIFY(sweepMenuOn(window->inspector()));                // A's fields sweep A
    QVERIFY(!sweepMenuOn(window->variantUi()->inspector())); // B's would sweep A: none
}

void TestVariant::differentReadModelsCompareOverallOnly()
{
    // B without a query A has: B's snapshots no longer line up with A's
    // queries, so only the overall charts get B's lines.
    std::unique_ptr<MainWindow> window = abWindow(20, 5);
    QVERIFY(window);
    VariantUi *ab = window->variantUi();
    ab->variant()->deleteItems({"get-own-profile"}, {}, {});
    QVERIFY(!ab->variant()->model().query("get-own-profile"));
    RunController *a = window->runUi()->controller();
    a->setSpeed(0);
    QVERIFY(a->start(*window->runUi()->runnableModel()));
    QTRY_VERIFY_WITH_TIMEOUT(a->result().has_value() && ab->controller()->result().has_value(), 60000);
    ChartsPanel *charts = window->runUi()->charts();
    QTRY_VERIFY(charts->variantPointCount(ChartsPanel::Throughput) > 0);
    charts->refresh();
    QCOMPARE(charts->variantPointCount(ChartsPanel::Backlog), 0);
    QCOMPARE(charts->variantPointCount(ChartsPanel::Window), 0);
    QCOMPARE(charts->variantPointCount(ChartsPanel::Staleness), 0);
    QVERIFY(charts->pointCount(ChartsPanel::Backlog) > 0);
    QVERIFY(charts->variantNote()->text().contains(QStringLiteral("not A's")));
}

QTEST_MAIN(TestVariant)
#include "tst_variant.moc"
