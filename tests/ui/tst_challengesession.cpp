// A challenge in the application (issue 11): locked parts, the live
// checklist, Check My Answer against the judge, hints, the solution, the
// interview clock and its report, and pictures of each for the record.
#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/challenge/challengepanel.h"
#include "cqrs/ui/challenge/challengesession.h"
#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/challenge/livefigures.h"
#include "cqrs/ui/challenge/solutionwindow.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/history/compareview.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historyrecorder.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "challengetestutil.h"
#include "cqrs/ui/shell/problemspanel.h"
#include "dialogtestutil.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <cqrs/history/runstore.h>
#include <cqrs/model/elements.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/judge.h>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

int countCells(const QTableWidget *grid, bool met)
{
    int n = 0;
    for (int r = 0; r < grid->rowCount(); ++r) {
        for (int c = 0; c < grid->columnCount(); ++c) {
            if (const QTableWidgetItem *item = grid->item(r, c); item && item->data(Qt::UserRole + 2).toBool() == met)
                ++n;
        }
    }
    return n;
}

} // namespace

class TestChallengeSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_db = isolateChallengeTest(m_dir, "tst_challengesession");
    }

    void anEditedCopySaysItsScoresAreApart()
    {
        qputenv("CQRS_STUDIO_CHALLENGES", QFile::encodeName(QFileInfo(kTiny).absolutePath()));
        const auto unset = qScopeGuard([] { qunsetenv("CQRS_STUDIO_CHALLENGES"); });
        QFile original(kTiny);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const Json doc = Json::parse(original.readAll().toStdString());
        const auto writeCopy = [this](const QString &name, const Json &content) {
            const QString path = m_dir.filePath(name);
            QFile out(path);
            if (out.open(QIODevice::WriteOnly))
                out.write(QByteArray::fromStdString(content.dump(2)));
            return path;
        };
        Json easier = doc;
        easier["requirements"][0]["value"] = 1000; // made easy
        Json reworded = doc;
        reworded["brief"] = "The same problem, told another way.";

        // Each in a window of its own: opening another challenge asks about the unsaved answer.
        const auto saidOnOpening = [](const QString &file) {
            MainWindow window;
            return window.challengeUi()->openChallengeFile(file, false) ? window.statusBar()->currentMessage()
                                                                      : QString();
        };
        const QString said = saidOnOpening(writeCopy("easier.challenge.json", easier));
        QVERIFY2(said.contains(QStringLiteral("scores are kept apart")), qPrintable(said));
        QVERIFY2(said.contains(QString::fromStdString(loadTiny().title)), qPrintable(said));
        // The shipped file itself, and a copy with only its words changed, say nothing of it.
        for (const QString &file : {kTiny, writeCopy("reworded.challenge.json", reworded)}) {
            const QString plain = saidOnOpening(file);
            QVERIFY2(plain.startsWith(QStringLiteral("Challenge opened")) && !plain.contains(QStringLiteral("kept apart")),
                     qPrintable(plain));
        }
    }

    void lockedPartsRefuseDeleteAndRename()
    {
        MainWindow window;
        QVERIFY(window.challengeUi()->openChallengeFile(kTiny, false));
        Document *doc = window.document();
        QVERIFY(doc->isLocked("add-task"));
        QVERIFY(doc->isLocked("task-added"));
        QVERIFY(doc->isLocked("list-tasks"));
        QVERIFY(!doc->isLocked("task-view")); // the read side is the answer
        QVERIFY(doc->isWorkloadLocked());
        QVERIFY(!doc->isModified()); // the untouched start: closing asks nothing
        QVERIFY(window.scene()->nodeItem("add-task")->isLocked());
        QVERIFY(!window.scene()->nodeItem("task-view")->isLocked());

        const int steps = doc->undoStack()->count();
        QSignalSpy refused(doc, &Document::editRefused);
        doc->deleteItems({"add-task", "task-view"}, {}, {});
        QCOMPARE(doc->undoStack()->count(), steps);
        QVERIFY(!doc->isModified()); // nothing was done
        QVERIFY(doc->model().command("add-task"));
        QVERIFY(doc->model().readModel("task-view")); // nothing was deleted
        QCOMPARE(refused.count(), 1);
        // Named as the canvas names it, not by its id.
        QCOMPARE(refused.last().first().toString(),
                 QStringLiteral("AddTask is fixed by the challenge and cannot be deleted; nothing was deleted."));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("fixed by the challenge")));
        // Through the canvas too.
        window.scene()->selectElements({"list-tasks"});
        window.scene()->deleteSelection();
        QVERIFY(doc->model().query("list-tasks"));
        QCOMPARE(doc->undoStack()->count(), steps);

        QString error;
        QVERIFY(!doc->renameElement("add-task", "add-item", &error));
        QVERIFY(error.contains(QStringLiteral("cannot be renamed")));
        doc->setElementName("add-task", "AddItem");
        QCOMPARE(doc->model().command("add-task")->name, std::string("AddTask"));
        doc->changeValue<double>(QStringLiteral("rate"), "model/workload.commandRate",
                                 ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, "workload.commandRate"},
                                 [](Model &m) { return &m.workload.commandRate; }, 999.0);
        QCOMPARE(doc->model().workload.commandRate, 10.0);
        QCOMPARE(doc->undoStack()->count(), steps);
        QCOMPARE(refused.count(), 5);
        QVERIFY(!doc->isModified());
        // The answer's own parts are edited, and then it is unsaved.
        doc->setElementName("task-view", "TaskBoard");
        QVERIFY(doc->isModified());
        doc->undoStack()->undo();
        QVERIFY(!doc->isModified());

        // The inspector shows them read-only.
        window.scene()->selectElements({"add-task"});
        auto *idEdit = window.inspector()->findChild<QLineEdit *>(QStringLiteral("id"));
        QVERIFY(idEdit && idEdit->isReadOnly());
        // Typing into them says why nothing changes.
        auto *nameEdit = window.inspector()->findChild<QLineEdit *>(QStringLiteral("name"));
        QVERIFY(nameEdit && nameEdit->isReadOnly());
        window.statusBar()->clearMessage();
        QTest::keyClick(nameEdit, Qt::Key_X);
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("AddTask is fixed by the challenge and cannot be renamed."));
        QCOMPARE(doc->model().command("add-task")->name, std::string("AddTask"));
        window.statusBar()->clearMessage();
        QTest::keyClick(idEdit, Qt::Key_Backspace);
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("cannot be renamed")));
        window.statusBar()->clearMessage();
        QTest::keyClick(idEdit, Qt::Key_C, Qt::ControlModifier); // copying is fine
        QVERIFY(window.statusBar()->currentMessage().isEmpty());
        window.scene()->clearSelection();
        auto *rate = window.inspector()->findChild<QWidget *>(QStringLiteral("workload.commandRate"));
        QVERIFY(rate && !rate->isEnabled());

        // What is not fixed is edited as usual, and undone.
        doc->deleteItems({"task-view"}, {}, {});
        QCOMPARE(doc->undoStack()->count(), steps + 1);
        QVERIFY(!doc->model().readModel("task-view"));
        doc->undoStack()->undo();
        QVERIFY(doc->model().readModel("task-view"));

        // Another model ends the challenge and its locks.
        window.fileController()->openExample(QStringLiteral(":/examples/user-profile.cqrs.json"));
        QVERIFY(!window.challengeUi()->session());
        QVERIFY(doc->lockedElements().empty());
        QVERIFY(!doc->isWorkloadLocked());
    }

    void liveFiguresEstimatePercentiles()
    {
        // One interval: its own percentiles.
        const std::vector<LiveFigures::Interval> one{{100, 0.1, 0.5, 0.9}};
        QVERIFY(qAbs(LiveFigures::mixtureQuantile(one, 0.99) - 0.9) < 1e-6);
        QVERIFY(qAbs(LiveFigures::mixtureQuantile(one, 0.5) - 0.1) < 1e-6);
        // Two equal intervals with the same shape scaled: the mixture lies between.
        const std::vector<LiveFigures::Interval> two{{100, 0.1, 0.5, 0.9}, {100, 1, 5, 9}};
        const double p99 = LiveFigures::mixtureQuantile(two, 0.99);
        QVERIFY(p99 > 0.9 && p99 <= 9);
        // With each interval's longest window, the last 1% of each spreads up
        // to it: half the windows are at most 1 s, so the mixture's p99 is
        // where the slower interval has 98% (8 s), not that interval's p99 (9 s).
        const std::vector<LiveFigures::Interval> tails{{100, 0.1, 0.5, 0.9, 1}, {100, 1, 5, 9, 10}};
        QVERIFY(qAbs(LiveFigures::mixtureQuantile(tails, 0.99) - 8) < 1e-6);
        QVERIFY(qAbs(LiveFigures::mixtureQuantile({{100, 0.1, 0.5, 0.9, 2}}, 0.99) - 0.9) < 1e-6);
        QCOMPARE(LiveFigures::mixtureQuantile({}, 0.99), 0.0);
    }

    void chartForAMetric()
    {
        QString readModel;
        QVERIFY(ChallengeUi::chartFor("/readModels/task-view/consistencyWindow/p99", &readModel) == ChartsPanel::Window);
        QCOMPARE(readModel, QStringLiteral("task-view"));
        QVERIFY(ChallengeUi::chartFor("/readModels/task-view/lag/max", nullptr) == ChartsPanel::Lag);
        QVERIFY(ChallengeUi::chartFor("/readModels/task-view/backlog/max", nullptr) == ChartsPanel::Backlog);
        QVERIFY(ChallengeUi::chartFor("/queries/list-tasks/staleRatio", nullptr) == ChartsPanel::Staleness);
        QVERIFY(ChallengeUi::chartFor("/commands/total/latency/p99", nullptr) == ChartsPanel::Latency);
        QVERIFY(ChallengeUi::chartFor("/events/published", nullptr) == ChartsPanel::Throughput);
        QVERIFY(!ChallengeUi::chartFor("/writeSide/utilization", nullptr)); // no live chart shows it
        QVERIFY(!ChallengeUi::chartFor("not a pointer", nullptr));
        // Values in the unit of their figure.
        QCOMPARE(formatRequirementValue("/queries/list-tasks/staleRatio", 0.05), QStringLiteral("5%"));
        QCOMPARE(formatRequirementValue("/readModels/x/consistencyWindow/p99", 1.5), QStringLiteral("1.5 s"));
        QCOMPARE(formatRequirementValue("/queries/list-tasks/timeouts", std::nullopt), QStringLiteral("—"));
    }

    void checklistUpdatesFromARun()
    {
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengePanel *panel = window.challengeUi()->panel();
        QCOMPARE(panel->checklistCount(), 3);
        QCOMPARE(panel->checklistValue(0), QStringLiteral("—"));
        // The "…" of a requirement not judged yet says why on hover.
        auto *waiting = panel->findChild<QLabel *>(QStringLiteral("checklistState0"));
        QVERIFY(waiting);
        QVERIFY2(waiting->toolTip().contains(QStringLiteral("Not judged yet")), qPrintable(waiting->toolTip()));

        RunController *controller = window.runUi()->controller();
        const Model model = window.document()->model();
        QSignalSpy paused(controller, &RunController::pausedAt);
        QVERIFY(controller->startPaused(model));
        controller->runTo(40);
        QTRY_VERIFY_WITH_TIMEOUT(!paused.isEmpty(), 20000);
        QTRY_VERIFY(panel->checklistValue(0).startsWith(QStringLiteral("≈")));
        // A batch every 20 s: the view is far behind, live already.
        QCOMPARE(panel->checklistState(0), QStringLiteral("✗ not met"));
        // Command latency percentiles are only known at the end.
        QCOMPARE(panel->checklistValue(2), QStringLiteral("at the end"));
        QCOMPARE(panel->checklistState(2), QStringLiteral("…"));
        auto *atTheEndState = panel->findChild<QLabel *>(QStringLiteral("checklistState2"));
        QVERIFY(atTheEndState);
        const QString atTheEnd = atTheEndState->toolTip();
        QVERIFY2(atTheEnd.contains(QStringLiteral("run ends")), qPrintable(atTheEnd));
        window.runUi()->showCharts();
        window.runUi()->charts()->refresh();
        shot(&window, QStringLiteral("challenge-in-progress.png"));

        QSignalSpy finished(controller, &RunController::runFinished);
        controller->runTo(model.workload.duration);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 20000);
        QTRY_VERIFY(!panel->checklistValue(2).startsWith(QStringLiteral("at")));
        // The moment in the charts' unit, as the run bar's clock says it:
        // "60 s" beside "t = 60 s / 60 s", not "1 min".
        QVERIFY2(panel->checklistNote()->text().contains(QStringLiteral("The run ended at 60 s")),
                 qPrintable(panel->checklistNote()->text()));
        // At the end: the run's exact figures, as the judge reads them.
        const auto outcomes = sim::judgeResult(window.challengeUi()->session()->challenge(), model,
                                               *controller->result()->result);
        for (int i = 0; i < 3; ++i) {
            const Requirement &r = window.challengeUi()->session()->challenge().requirements[i];
            QCOMPARE(panel->checklistValue(i), formatRequirementValue(r.metric, outcomes[i].value));
            QCOMPARE(panel->checklistState(i), outcomes[i].met ? QStringLiteral("✓ met") : QStringLiteral("✗ not met"));
        }
        // An edit after the run: the figures are the run's, not this model's, and say so.
        QVERIFY(!panel->checklistOutdated());
        ReadModel more = window.document()->model().readModels.front();
        more.consumers += 1;
        window.document()->replaceElements({more}, QStringLiteral("More consumers"));
        QVERIFY(panel->checklistOutdated());
        QVERIFY(panel->checklistNote()->text().contains(QStringLiteral("changed the model after this run")));
        QVERIFY(!panel->findChild<QLabel *>(QStringLiteral("checklistValue0"))->isEnabled());
        // Their verdicts greyed too: a red "not met" beside a later passing
        // score read as a failed answer.
        for (int i = 0; i < 3; ++i) {
            const QString drawn = panel->findChild<QLabel *>(QStringLiteral("checklistState%1").arg(i))->text();
            QVERIFY2(drawn.contains(QStringLiteral("#9e9e9e")) && !drawn.contains(QStringLiteral("<a ")), qPrintable(drawn));
        }
        // Moving a node changes no figure; undoing the edit makes them this model's again.
        const std::string moved = more.id;
        window.document()->moveItems({{moved, QPointF(900, 900)}}, {});
        QVERIFY(panel->checklistOutdated());
        window.document()->undoStack()->undo(); // the move
        window.document()->undoStack()->undo(); // the edit
        QVERIFY(!panel->checklistOutdated());
        QVERIFY(!panel->checklistNote()->text().contains(QStringLiteral("changed the model")));
        QVERIFY(panel->findChild<QLabel *>(QStringLiteral("checklistValue0"))->isEnabled());
        // A requirement not met links to the chart that shows it.
        auto *state = panel->findChild<QLabel *>(QStringLiteral("checklistState0"));
        QVERIFY(state && state->text().contains(QStringLiteral("<a ")));
        emit state->linkActivated(QStringLiteral("chart"));
        // Queued: the run it starts rebuilds the checklist, the clicked label included.
        QTRY_COMPARE(window.runUi()->charts()->enlargedChart(), int(ChartsPanel::Window));
        QVERIFY2(window.statusBar()->currentMessage().startsWith(QStringLiteral("Running your answer as given: ")),
                 qPrintable(window.statusBar()->currentMessage()));
        controller->reset();
    }

    void checkScoresAsTheJudgeAndIsRecorded()
    {
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengeSession *session = window.challengeUi()->session();
        ChallengePanel *panel = window.challengeUi()->panel();
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QSignalSpy progress(session, &ChallengeSession::checkProgress);
        panel->checkButton()->click();
        QVERIFY(session->isChecking());
        QVERIFY(!panel->checkButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 3);

        const sim::Verdict expected = sim::judgeAnswer(loadTiny(), modelToJson(window.document()->model()));
        QCOMPARE(session->lastVerdict()->score, expected.score);
        QCOMPARE(*session->score(), expected.score);
        QVERIFY(expected.score < 100);
        QVERIFY(panel->scoreLabel()->text().contains(QStringLiteral("Score %1/100").arg(expected.score)));
        QCOMPARE(panel->grid()->rowCount(), 3);
        QCOMPARE(panel->grid()->columnCount(), 3);
        int met = 0;
        for (const sim::RunVerdict &run : expected.runs)
            for (const sim::RequirementOutcome &o : run.requirements)
                met += o.met;
        QCOMPARE(countCells(panel->grid(), true), met);
        QVERIFY(!session->solutionUnlocked());
        QVERIFY(!panel->solutionButton()->isVisible());
        // The grid has room for its rows, and the brief keeps eight lines to read.
        QTRY_VERIFY(panel->grid()->height() >= panel->grid()->verticalHeader()->length());
        // (After the layout has settled: on a loaded machine the docks take another turn.)
        QTRY_VERIFY2(panel->brief()->viewport()->height()
                         >= 8 * panel->brief()->fontMetrics().lineSpacing() + 2 * panel->brief()->document()->documentMargin(),
                     qPrintable(QString::number(panel->brief()->height())));
        shot(&window, QStringLiteral("challenge-check-failed.png"));

        // Recorded in the run history as an attempt.
        std::string error;
        auto store = history::RunStore::open(m_db.toStdString(), history::OpenMode::Existing, &error);
        QVERIFY2(store, error.c_str());
        const auto record = store->get(session->lastRecordedRun());
        QVERIFY(record);
        QCOMPARE(*record->challengeId, std::string("tiny-projection"));
        QCOMPARE(*record->challengeScore, double(expected.score));
        QVERIFY(std::find(record->tags.begin(), record->tags.end(), "hints:0") != record->tags.end());
        QVERIFY(std::any_of(record->tags.begin(), record->tags.end(), [](const std::string &t) { return t.rfind("time:", 0) == 0; }));
        // The rules it was judged by: an edited copy's attempts are kept apart in the gallery.
        QVERIFY(std::find(record->tags.begin(), record->tags.end(), challengeRulesTag(session->challenge()))
                != record->tags.end());
        QCOMPARE(parseModel(record->modelJson).model->readModels.size(), std::size_t(1));
        // With the as-given run's figures and charts: the attempt opens in the
        // history as that run, and its model is the one the judge ran.
        const Model asRun = *parseModel(record->modelJson).model;
        QCOMPARE(asRun.workload.seed, expected.seed);
        QCOMPARE(asRun.workload.duration, loadTiny().start.workload.duration);
        const Json result = Json::parse(record->result, nullptr, false);
        QVERIFY2(result.is_object() && result.contains("readModels"), record->result.c_str());
        QVERIFY(!result.contains("series"));
        const sim::RunVerdict &asGiven = expected.runs.front();
        const std::vector<sim::RequirementOutcome> again = sim::judgeResult(loadTiny(), asRun, result);
        for (std::size_t r = 0; r < asGiven.requirements.size(); ++r)
            QCOMPARE(again[r].value, asGiven.requirements[r].value);
        const Json series = Json::parse(record->series, nullptr, false);
        QVERIFY2(series.is_object() && !series["t"].empty(), record->series.substr(0, 200).c_str());
        QCOMPARE(bestChallengeScores(m_db).at("tiny-projection"), double(expected.score));
        // The History dock lists the attempt without a Refresh.
        QTRY_VERIFY(window.historyUi()->model()->rowOf(session->lastRecordedRun()) >= 0);

        // A failed cell leads to the chart that shows it, in a live run of that case.
        const int row = 0; // list-fresh: the consistency window
        QTableWidgetItem *cell = panel->grid()->item(row, 0);
        QVERIFY(!cell->data(Qt::UserRole + 2).toBool());
        HistoryRecorder *recorder = window.historyUi()->recorder();
        QSignalSpy recorded(recorder, &HistoryRecorder::runRecorded);
        // The charts in a tab behind Problems (a laptop's layout): the click
        // brings them in front (the chart was named, and stayed hidden).
        QDockWidget *chartsDock = window.runUi()->chartsDock();
        auto *problems = window.findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        QVERIFY(problems);
        window.tabifyDockWidget(problems, chartsDock);
        problems->raise();
        const auto inFront = [chartsDock] { return chartsDock->isVisible() && !chartsDock->visibleRegion().isEmpty(); };
        QTRY_VERIFY(!inFront());
        emit panel->grid()->cellClicked(row, 0);
        QTRY_COMPARE(window.runUi()->charts()->enlargedChart(), int(ChartsPanel::Window));
        QTRY_VERIFY(inFront());
        QVERIFY(window.runUi()->controller()->isActive()
                || window.runUi()->controller()->state() == RunController::State::Finished);
        // In the history by what it is: it looked like one more run of the model.
        QTRY_VERIFY(!recorded.isEmpty());
        const qint64 watchedId = recorded.first().at(0).toLongLong();
        QVERIFY(watchedId != session->lastRecordedRun());
        const auto watched = store->get(watchedId);
        QVERIFY(watched);
        QVERIFY2(QString::fromStdString(watched->name).endsWith(QStringLiteral("(the challenge's run as given)")),
                 watched->name.c_str());
        // A stress's run: its figures are the answer's (it runs with the
        // challenge's seed and the stress): a rename leaves them current, an
        // edit greys them, Undo brings them back (compared with the run's own
        // model, every edit greyed them for good).
        window.runUi()->controller()->reset();
        QVERIFY(!session->challenge().stresses.empty());
        emit panel->grid()->cellClicked(row, 1);
        QTRY_VERIFY_WITH_TIMEOUT(window.runUi()->controller()->state() == RunController::State::Finished, 30000);
        QVERIFY(!panel->checklistOutdated());
        QVERIFY(!window.document()->isLocked("task-view"));
        window.document()->setElementName("task-view", "Tasks");
        QVERIFY(!panel->checklistOutdated());
        ReadModel more = *window.document()->model().readModel("task-view");
        more.consumers += 1;
        window.document()->replaceElements({more}, QStringLiteral("More consumers"));
        QVERIFY(panel->checklistOutdated());
        window.document()->undoStack()->undo();
        QVERIFY(!panel->checklistOutdated());
        window.runUi()->controller()->reset();
    }

    // An answer that cannot be judged ran nothing: it is counted as a check
    // but not recorded (it was a "finished" run whose model could not be
    // read again, with nothing to open).
    void unjudgeableAnswerIsNotRecorded()
    {
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengeSession *session = window.challengeUi()->session();
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QSignalSpy recorded(session, &ChallengeSession::recorded);
        QSignalSpy messages(session, &ChallengeSession::message);
        std::string error;
        auto store = history::RunStore::open(m_db.toStdString(), history::OpenMode::Create, &error);
        QVERIFY2(store, error.c_str());
        const std::size_t before = store->list().size();
        Model broken = window.document()->model();
        QVERIFY(!broken.queries.empty());
        broken.queries.front().readModel = "no-such-view";
        QVERIFY(session->startCheck(broken));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QCOMPARE(int(session->lastVerdict()->status), int(sim::VerdictStatus::InvalidAnswer));
        QCOMPARE(*session->score(), 0);
        QVERIFY(recorded.isEmpty());
        QCOMPARE(store->list().size(), before);
        QVERIFY(!messages.isEmpty());
        QVERIFY2(messages.last().at(0).toString().contains(QStringLiteral("not recorded")),
                 qPrintable(messages.last().at(0).toString()));
        QVERIFY(window.challengeUi()->panel()->scoreLabel()->text().contains(
            QStringLiteral("cannot be judged")));
    }

    // Pause and Resume are one width, and "(paused)" has its room under the
    // clock (it took a second line): the buttons do not move.
    void pauseKeepsItsPlace()
    {
        MainWindow window;
        QVERIFY(openShown(window, kTiny, true));
        ChallengePanel *panel = window.challengeUi()->panel();
        QPushButton *pause = panel->pauseButton();
        QLabel *clock = panel->clockLabel();
        QTRY_VERIFY(pause->isVisible());
        QTRY_VERIFY(clock->minimumHeight() > 0); // a tick has seen the clock's width
        pause->click();
        QCOMPARE(pause->text(), QStringLiteral("Resume"));
        QVERIFY(clock->text().contains(QStringLiteral("(paused)")));
        QVERIFY(pause->sizeHint().width() <= pause->minimumWidth());
        QVERIFY2(clock->heightForWidth(clock->width()) <= clock->minimumHeight(),
                 qPrintable(QStringLiteral("%1 > %2").arg(clock->heightForWidth(clock->width())).arg(clock->minimumHeight())));
    }

    void hintsCostTenPoints()
    {
        QCOMPARE(ChallengeSession::scoreAfterHints(100, 0), 100);
        QCOMPARE(ChallengeSession::scoreAfterHints(100, 2), 80);
        QCOMPARE(ChallengeSession::scoreAfterHints(15, 3), 0);
        MainWindow window;
        // Before a challenge is open there is nothing "left" to speak of.
        QCOMPARE(window.challengeUi()->panel()->hintButton()->text(), QStringLiteral("Show a Hint"));
        QVERIFY(!window.challengeUi()->panel()->hintButton()->isEnabled());
        QVERIFY(window.challengeUi()->openChallengeFile(kTiny, false));
        ChallengeSession *session = window.challengeUi()->session();
        ChallengePanel *panel = window.challengeUi()->panel();
        QVERIFY(panel->hintButton()->text().startsWith(QStringLiteral("Show a Hint (3 left")));
        panel->hintButton()->click();
        QCOMPARE(session->hintsShown(), 1);
        QVERIFY(panel->hints()->toPlainText().contains(QStringLiteral("Look at how TaskListView is updated")));
        QVERIFY(!panel->hints()->toPlainText().contains(QStringLiteral("streaming projection")));
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QVERIFY(session->startCheck(window.document()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        const int judged = session->lastVerdict()->score;
        QCOMPARE(*session->score(), std::max(0, judged - 10));
        QVERIFY(panel->scoreLabel()->text().contains(QStringLiteral("1 hint")));
        QVERIFY(session->revealHint());
        QVERIFY(session->revealHint());
        QVERIFY(!session->revealHint()); // three hints, no more
        QVERIFY(!panel->hintButton()->isEnabled());
        QCOMPARE(panel->hintButton()->text(), QStringLiteral("No Hints Left"));
        // Hints after a check cost the next check: the last one keeps the
        // score it was recorded with (it once showed less than the history).
        QCOMPARE(*session->score(), std::max(0, judged - 10));
        QVERIFY(panel->scoreLabel()->text().contains(QStringLiteral("1 hint")));
        done.clear();
        QVERIFY(session->startCheck(window.document()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QCOMPARE(*session->score(), std::max(0, judged - 30));
        QVERIFY(panel->scoreLabel()->text().contains(QStringLiteral("3 hints")));
    }

    void solutionOnlyAfterGivingUp()
    {
        MainWindow window;
        QVERIFY(window.challengeUi()->openChallengeFile(kTiny, false));
        ChallengeUi *ui = window.challengeUi();
        ChallengePanel *panel = ui->panel();
        QVERIFY(!ui->showSolution());
        QVERIFY(!ui->solutionWindow());
        QVERIFY(panel->debrief()->isHidden());
        // It cannot be taken back: asked first, Cancel by default.
        testing::DialogAnswer cancel;
        testing::answerNextDialog(&cancel, QMessageBox::Cancel);
        panel->giveUpButton()->click();
        QVERIFY(cancel.answered);
        QCOMPARE(cancel.seenName, QStringLiteral("giveUpBox"));
        QVERIFY(!ui->session()->hasGivenUp());
        testing::DialogAnswer yes;
        testing::answerNextDialog(&yes, QMessageBox::Yes);
        panel->giveUpButton()->click();
        QVERIFY(yes.answered);
        QVERIFY(ui->session()->hasGivenUp());
        // No check counts any more: a hint costs nothing (it said "−10").
        QCOMPARE(panel->hintButton()->text(), QStringLiteral("Show a Hint (3 left)"));
        QVERIFY(!panel->debrief()->isHidden());
        QVERIFY(panel->debrief()->toPlainText().contains(QStringLiteral("Streaming")));
        panel->solutionButton()->click();
        SolutionWindow *solution = ui->solutionWindow();
        QVERIFY(solution);
        QVERIFY(solution->document()->model().readModels == loadTiny().solution->readModels);
        QCOMPARE(solution->scene()->nodeCount(), int(allElementIds(*loadTiny().solution).size()));
        QVERIFY(!solution->view()->isInteractive()); // read-only
        // Not as the challenge's fixed parts: those are the answer window's.
        for (const std::string &id : allElementIds(*loadTiny().solution)) {
            QVERIFY(!solution->scene()->nodeItem(id)->isLocked());
            QVERIFY(!solution->scene()->nodeItem(id)->toolTip().contains(QStringLiteral("challenge")));
        }
        // Keys do not reach it either.
        solution->scene()->selectElements({"task-view"});
        QTest::keyClick(solution->view(), Qt::Key_Delete); // the view handles keys, not its viewport
        QVERIFY(solution->document()->model().readModel("task-view"));
        // The arrow keys do not move a node, and Tab does not walk the nodes.
        const QPointF at = solution->scene()->nodeItem("task-view")->pos();
        QTest::keyClick(solution->view(), Qt::Key_Right);
        QTest::keyClick(solution->view(), Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(solution->scene()->nodeItem("task-view")->pos(), at);
        solution->scene()->clearSelection();
        QTest::keyClick(solution->view(), Qt::Key_Tab);
        QVERIFY(solution->scene()->selectedElementIds().empty());
        // The answer is untouched.
        QVERIFY(window.document()->model().readModel("task-view")->update.mode == UpdateMode::Batch);
        // Esc closes it, as the other windows of their own, from its canvas too.
        {
            QPointer<SolutionWindow> closing = solution;
            solution->scene()->selectElements({"task-view"});
            QTest::keyClick(solution->view(), Qt::Key_Escape);
            QTRY_VERIFY(!closing);
        }

        // A check after giving up, of the solution: judged and recorded, but
        // no pass and no score (it read "check 1, 100/100" and the gallery's
        // best score became 100).
        ChallengeSession *session = ui->session();
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QVERIFY(session->startCheck(*loadTiny().solution));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QVERIFY(session->lastVerdict()->passed());
        QVERIFY(session->lastCheckAfterGivingUp());
        QVERIFY(!session->hasPassed());
        QVERIFY(!session->bestScore());
        QVERIFY2(panel->scoreLabel()->text().contains(QStringLiteral("counts toward no score")),
                 qPrintable(panel->scoreLabel()->text()));
        QTRY_VERIFY(session->lastRecordedRun() != 0);
        std::string error;
        auto store = history::RunStore::open(m_db.toStdString(), history::OpenMode::Existing, &error);
        QVERIFY2(store, error.c_str());
        const auto record = store->get(session->lastRecordedRun());
        QVERIFY(record);
        QVERIFY(!record->challengeScore);
        QVERIFY(std::find(record->tags.begin(), record->tags.end(), "gave-up") != record->tags.end());
        QVERIFY(std::find(record->tags.begin(), record->tags.end(), "judged:100") != record->tags.end());
        QVERIFY2(QString::fromStdString(record->name).contains(QStringLiteral("after giving up")), record->name.c_str());
    }

    // The solution beside the answer in Compare: both run as judged (the
    // challenge's workload and seed), are recorded, and open overlaid.
    void compareWithTheSolution()
    {
        MainWindow window;
        QVERIFY(window.challengeUi()->openChallengeFile(kTiny, false));
        ChallengeUi *ui = window.challengeUi();
        ChallengePanel *panel = ui->panel();
        QVERIFY(!ui->compareWithSolution()); // locked until a pass or Give Up
        QVERIFY(panel->compareSolutionButton()->isHidden());
        QTRY_VERIFY_WITH_TIMEOUT(window.historyUi()->store()->isReady(), 10000);
        testing::DialogAnswer yes;
        testing::answerNextDialog(&yes, QMessageBox::Yes);
        panel->giveUpButton()->click();
        QVERIFY(yes.answered);
        QVERIFY(!panel->compareSolutionButton()->isHidden());
        QSignalSpy opened(window.historyUi(), &HistoryUi::compareOpened);
        panel->compareSolutionButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 30000);
        auto *view = opened.at(0).at(0).value<CompareView *>();
        QVERIFY(view);
        QCOMPARE(int(view->runs().size()), 2);
        const Challenge tiny = loadTiny();
        const auto &answerRun = view->runs()[0];
        const auto &solutionRun = view->runs()[1];
        QVERIFY(QString::fromStdString(answerRun.name).startsWith(QStringLiteral("Your answer")));
        QVERIFY(QString::fromStdString(solutionRun.name).startsWith(QStringLiteral("Solution")));
        // Both with the challenge's seed and the answer's read side / the solution's.
        QCOMPARE(answerRun.seed, tiny.judgingSeed());
        QCOMPARE(solutionRun.seed, tiny.judgingSeed());
        const ModelLoadResult answerModel = parseModel(answerRun.modelJson);
        const ModelLoadResult solutionModel = parseModel(solutionRun.modelJson);
        QVERIFY(answerModel.ok() && solutionModel.ok());
        QVERIFY(answerModel.model->readModel("task-view")->update.mode == UpdateMode::Batch);
        QVERIFY(solutionModel.model->readModels == tiny.solution->readModels);
        QVERIFY(!answerRun.result.empty() && !solutionRun.result.empty());
        view->close();
    }

    void solutionAfterAPass()
    {
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengeSession *session = window.challengeUi()->session();
        // The learner's answer: the read model made streaming, as the solution has it.
        const Challenge tiny = loadTiny();
        window.document()->replaceElements({*tiny.solution->readModel("task-view")}, QStringLiteral("Stream"));
        QSignalSpy unlocked(session, &ChallengeSession::solutionAvailable);
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        window.challengeUi()->checkAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        QCOMPARE(*session->score(), 100);
        QVERIFY(session->hasPassed());
        QCOMPARE(unlocked.count(), 1);
        QVERIFY(!session->hasGivenUp());
        QVERIFY(window.challengeUi()->panel()->solutionButton()->isVisible());
        QCOMPARE(countCells(window.challengeUi()->panel()->grid(), false), 0);
        shot(&window, QStringLiteral("challenge-check-passed.png"));
        QVERIFY(window.challengeUi()->showSolution());
    }

    // The spike challenge's starting model is 126% busy at the lunch peak:
    // the Problems panel said so before the candidate had thought about it.
    void interviewHidesLoadPredictionsUntilTheFirstRun()
    {
        const QString spike = QStringLiteral(
            CQRS_SOURCE_DIR "/resources/challenges/spike-consumers.challenge.json");
        const auto predictions = [](const ProblemsPanel *panel) {
            int n = 0;
            for (int i = 0; i < panel->list()->topLevelItemCount(); ++i)
                n += panel->list()->topLevelItem(i)->text(0).contains(QStringLiteral("% busy"));
            return n;
        };
        {
            // Practice: the prediction is there, on the panel and on the node.
            MainWindow practice;
            QVERIFY(practice.challengeUi()->openChallengeFile(spike, false));
            QTRY_COMPARE(predictions(practice.problemsPanel()), 1);
            QVERIFY(practice.scene()->nodeItem("transactions")->problemSeverity());
        }
        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ProblemsPanel *problems = window.problemsPanel();
        // Interview: hidden, and the panel says so.
        QVERIFY(window.challengeUi()->openChallengeFile(spike, true));
        QTRY_VERIFY(window.scene()->figuresHidden());
        QTRY_COMPARE(predictions(problems), 0);
        QVERIFY2(problems->summaryText().contains(QStringLiteral(
                     "Interview mode: 1 load prediction hidden until your first run.")),
                 qPrintable(problems->summaryText()));
        QVERIFY(!window.scene()->nodeItem("transactions")->problemSeverity());
        // The first run shows it, with the figures on the canvas.
        RunController *controller = window.runUi()->controller();
        QVERIFY(controller->startPaused(window.document()->model()));
        QTRY_VERIFY(!window.scene()->figuresHidden());
        QTRY_COMPARE(predictions(problems), 1);
        QVERIFY(!problems->summaryText().contains(QStringLiteral("hidden")));
        QVERIFY(window.scene()->nodeItem("transactions")->problemSeverity());
        controller->stop();
        // Closing the window in the middle of the interview asks (it went
        // without a word: only a finished interview's debrief was asked for);
        // Cancel keeps it running.
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        {
            testing::DialogAnswer running;
            testing::answerNextDialog(&running, QMessageBox::Cancel);
            QVERIFY(!window.close());
            QVERIFY(running.answered);
            QCOMPARE(running.seenName, QStringLiteral("runningInterviewBox"));
            QVERIFY2(running.seenText.contains(QStringLiteral("is still running")), qPrintable(running.seenText));
            QVERIFY(window.isVisible());
            QVERIFY(!window.challengeUi()->session()->isFinished());
            // Ending it without a debrief asks nothing more about the interview.
            testing::DialogAnswer end;
            testing::answerNextDialog(&end, QMessageBox::Discard);
            QVERIFY(window.challengeUi()->maybeSaveDebrief());
            QVERIFY(end.answered);
            QCOMPARE(end.seenName, QStringLiteral("runningInterviewBox"));
            QVERIFY(window.challengeUi()->session()->isFinished()); // ended, not left running
            QVERIFY(window.challengeUi()->maybeSaveDebrief());
        }

        // Finishing the interview without a run shows them too: the
        // candidate is done, and the panel said they were hidden until a
        // run that would never come.
        MainWindow finished;
        QVERIFY(finished.challengeUi()->openChallengeFile(spike, true));
        QTRY_VERIFY(finished.scene()->figuresHidden());
        QTRY_COMPARE(predictions(finished.problemsPanel()), 0);
        QTimer cancel;
        connect(&cancel, &QTimer::timeout, this, [] {
            if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget()))
                dialog->reject();
        });
        cancel.start(20);
        finished.challengeUi()->panel()->finishButton()->click();
        cancel.stop();
        QVERIFY(finished.challengeUi()->session()->isFinished());
        QVERIFY(!finished.scene()->figuresHidden());
        QTRY_COMPARE(predictions(finished.problemsPanel()), 1);
        QVERIFY2(!finished.problemsPanel()->summaryText().contains(QStringLiteral("hidden")),
                 qPrintable(finished.problemsPanel()->summaryText()));
        QVERIFY(!finished.scene()->nodeItem("transactions")->displayedDetail().isEmpty());

        // The debrief was never saved: closing the window asks first (it
        // closed, and the interview's record was gone).
        finished.show();
        QVERIFY(QTest::qWaitForWindowExposed(&finished));
        testing::DialogAnswer closing;
        testing::answerNextDialog(&closing, QMessageBox::Cancel);
        QVERIFY(!finished.close());
        QVERIFY(closing.answered);
        QCOMPARE(closing.seenName, QStringLiteral("unsavedDebriefBox"));
        QVERIFY(finished.isVisible());
        QVERIFY(finished.challengeUi()->session());
        testing::DialogAnswer discard;
        testing::answerNextDialog(&discard, QMessageBox::Discard);
        QVERIFY(finished.challengeUi()->maybeSaveDebrief());
        QVERIFY(discard.answered);
        // Once saved, nothing to ask.
        QVERIFY(finished.challengeUi()->writeReport(m_dir.filePath(QStringLiteral("spike-debrief.html"))));
        QVERIFY(finished.challengeUi()->maybeSaveDebrief());
        // The answer itself, once changed and never saved to a file, is asked about.
        Document *answer = finished.document();
        answer->setElementName(answer->model().readModels.front().id, "Changed");
        QVERIFY(answer->isModified());
        testing::DialogAnswer last;
        testing::answerNextDialog(&last, QMessageBox::Discard);
        QVERIFY(finished.close());
        QCOMPARE(last.seenName, QStringLiteral("unsavedChangesBox"));

        // A model replaced some other way than through the file menu: the
        // question comes after, without Cancel; a cancelled save asks again.
        MainWindow replaced;
        QVERIFY(replaced.challengeUi()->openChallengeFile(spike, true));
        cancel.start(20);
        replaced.challengeUi()->panel()->finishButton()->click();
        cancel.stop();
        QStringList seen;
        QTimer answers;
        connect(&answers, &QTimer::timeout, this, [&] {
            QWidget *modal = QApplication::activeModalWidget();
            if (!modal)
                return;
            seen << modal->objectName() + QLatin1Char(':') + modal->metaObject()->className();
            auto *box = qobject_cast<QMessageBox *>(modal);
            if (box && box->objectName() == QLatin1String("unsavedDebriefBox") && seen.size() == 1) {
                QVERIFY(!box->button(QMessageBox::Cancel));
                box->button(QMessageBox::Save)->click();
            } else if (box && seen.size() == 3) {
                box->button(QMessageBox::Discard)->click();
            } else if (auto *dialog = qobject_cast<QDialog *>(modal)) {
                dialog->reject(); // the file dialog; anything else fails below
            }
        });
        answers.start(20);
        Model other;
        other.name = "Another model";
        replaced.document()->resetModel(other);
        answers.stop();
        QCOMPARE(seen.size(), 3);
        QVERIFY2(seen[0].startsWith(QStringLiteral("unsavedDebriefBox:")), qPrintable(seen.join(' ')));
        QVERIFY2(seen[1].endsWith(QStringLiteral(":QFileDialog")), qPrintable(seen.join(' ')));
        QVERIFY2(seen[2].startsWith(QStringLiteral("unsavedDebriefBox:")), qPrintable(seen.join(' ')));
        QVERIFY(!replaced.challengeUi()->session());
    }

    void interviewClockPauseAndReport()
    {
        MainWindow window;
        QVERIFY(openShown(window, kTiny, true));
        ChallengeSession *session = window.challengeUi()->session();
        ChallengePanel *panel = window.challengeUi()->panel();
        QVERIFY(session->isInterview());
        QVERIFY(panel->clockLabel()->isVisible());
        QCOMPARE(session->limitSeconds(), 300.0);
        // Figures hidden on the canvas until the first run.
        QVERIFY(window.scene()->figuresHidden());
        NodeItem *view = window.scene()->nodeItem("task-view");
        QVERIFY(view->displayedDetail().isEmpty());
        shot(&window, QStringLiteral("challenge-interview.png"));

        // "(paused)" and "(finished)" fit in the room the clock had: the
        // column widened by about 70 pixels when the clock said "finished".
        int panelWidth = panel->minimumSizeHint().width();
        QWidget *clockRow = panel->clockLabel()->parentWidget();
        int clockRowWidth = clockRow->minimumSizeHint().width();
        const auto noWider = [&] {
            if (panel->minimumSizeHint().width() <= panelWidth && clockRow->minimumSizeHint().width() <= clockRowWidth)
                return true;
            qWarning() << "panel" << panel->minimumSizeHint().width() << "was" << panelWidth << "clock row"
                       << clockRow->minimumSizeHint().width() << "was" << clockRowWidth;
            return false;
        };
        panel->pauseButton()->click();
        QVERIFY(session->isPaused());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("clock paused")),
                 qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY(panel->clockLabel()->text().contains(QStringLiteral("paused")));
        QVERIFY(noWider());
        const double before = session->elapsedSeconds();
        QTest::qWait(250);
        QCOMPARE(session->elapsedSeconds(), before); // the clock stands still
        panel->pauseButton()->click();
        QVERIFY(!session->isPaused());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("clock runs again")));
        QCOMPARE(session->pauses().size(), std::size_t(1));
        QVERIFY(session->pauses().front().duration >= 0.2);
        QVERIFY(qAbs(session->pauses().front().at - before) < 0.05);
        // Work on the answer runs the clock again, and says so: an edit, or
        // a check (both were made off the clock, the debrief understating
        // the time).
        panel->pauseButton()->click();
        QVERIFY(session->isPaused());
        window.document()->nudgeItems({{"task-view", QPointF(10, 0)}}, {});
        QVERIFY(!session->isPaused());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("clock runs again")),
                 qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY(!panel->clockLabel()->text().contains(QStringLiteral("paused")));
        QCOMPARE(session->pauses().size(), std::size_t(2));
        panel->pauseButton()->click();
        QVERIFY(session->isPaused());
        window.document()->undoStack()->undo();
        QVERIFY(!session->isPaused());
        panel->pauseButton()->click();
        QVERIFY(session->isPaused());
        QSignalSpy checked(session, &ChallengeSession::checkFinished);
        panel->checkButton()->click();
        QVERIFY(!session->isPaused());
        QTRY_VERIFY_WITH_TIMEOUT(!checked.isEmpty(), 30000);
        QCOMPARE(session->pauses().size(), std::size_t(4));

        // A run, or a hint, too.
        RunController *controller = window.runUi()->controller();
        QSignalSpy finished(controller, &RunController::runFinished);
        panel->pauseButton()->click();
        QVERIFY(session->isPaused());
        QVERIFY(controller->startPaused(window.document()->model()));
        QVERIFY(!session->isPaused());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("a run was started")));
        QTRY_VERIFY(!window.scene()->figuresHidden());
        QVERIFY(!view->displayedDetail().isEmpty());
        // The run paused goes on (Continue, Step, Run To): the clock too.
        panel->pauseButton()->click();
        QVERIFY(session->isPaused());
        controller->runTo(60);
        QVERIFY(!session->isPaused());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("the run went on")));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 20000);

        panel->pauseButton()->click();
        QVERIFY(session->isPaused());
        panel->hintButton()->click();
        QVERIFY(!session->isPaused());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("a hint was shown")));
        QCOMPARE(session->pauses().size(), std::size_t(7));
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        QVERIFY(session->startCheck(window.document()->model()));
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 30000);
        shot(&window, QStringLiteral("challenge-interview-checked.png"));
        // A check widens the dock to show the grid's columns, and the panel
        // may then lay its buttons side by side: the widths to keep from
        // here are the ones after it.
        QApplication::processEvents();
        panelWidth = panel->minimumSizeHint().width();
        clockRowWidth = clockRow->minimumSizeHint().width();
        const QString score = panel->scoreLabel()->text();
        QVERIFY2(score.contains(QStringLiteral("Score")), qPrintable(score));
        QVERIFY(panel->finishButton()->isEnabled());

        // Finish Interview... (paused: it says the clock stopped, not that it
        // runs again), then Cancel where to save the debrief.
        panel->pauseButton()->click();
        QVERIFY(session->isPaused());
        bool asked = false;
        QTimer cancel;
        connect(&cancel, &QTimer::timeout, this, [&] {
            if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
                asked = true;
                dialog->reject();
            }
        });
        cancel.start(20);
        panel->finishButton()->click();
        cancel.stop();
        QVERIFY(asked);
        QVERIFY(session->isFinished());
        QVERIFY2(window.statusBar()->currentMessage().startsWith(QStringLiteral("Interview finished: the clock stopped at")),
                 qPrintable(window.statusBar()->currentMessage()));
        const QString path = m_dir.filePath(QStringLiteral("debrief.html"));
        QString error;
        QVERIFY2(window.challengeUi()->writeReport(path, &error), qPrintable(error));
        // The debrief's diagram is the design, without the live badges of
        // whichever run came last (they showed a stress of an earlier
        // design beside a grid all green); the canvas keeps them.
        const QString badge = view->badge();
        QVERIFY(!badge.isEmpty());
        {
            QFile saved(path);
            QVERIFY(saved.open(QIODevice::ReadOnly));
            const QString html = QString::fromUtf8(saved.readAll());
            QVERIFY(html.contains(QStringLiteral("<svg")));
            QVERIFY(html.contains(QString::fromStdString(window.document()->model().readModel("task-view")->name).toHtmlEscaped()));
            QVERIFY2(!html.contains(badge.toHtmlEscaped()), qPrintable(badge));
        }
        QCOMPARE(view->badge(), badge);
        // The panel keeps the last check's score (it read "Not checked yet"
        // once the interview was finished) and shows the stopped clock.
        QCOMPARE(panel->scoreLabel()->text(), score);
        QVERIFY(panel->clockLabel()->text().contains(QStringLiteral("finished")));
        QVERIFY(noWider());
        QVERIFY(!panel->pauseButton()->isEnabled());
        QVERIFY(!panel->pauseButton()->isVisible());
        // The cancelled save is not the end of the debrief: the button now
        // saves it (it was greyed out, and the debrief could not be saved).
        QCOMPARE(panel->finishButton()->text(), QStringLiteral("Save Debrief..."));
        QVERIFY(panel->finishButton()->isEnabled());
        // An edit after the clock stopped is not part of the answer.
        ReadModel renamed = *window.document()->model().readModel("task-view");
        renamed.name = "EditedAfterTheClock";
        window.document()->replaceElements({renamed}, QStringLiteral("Rename"));
        QString again; // where the dialog suggests: <challenge id>-debrief.html
        QTimer save;
        connect(&save, &QTimer::timeout, this, [&] {
            QWidget *modal = QApplication::activeModalWidget();
            if (auto *dialog = qobject_cast<QFileDialog *>(modal); dialog && again.isEmpty()) {
                again = dialog->selectedFiles().value(0);
                static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() takes the file name
            } else if (modal) { // an overwrite question or an error: fails below, without a hang
                qWarning() << "unexpected dialog:" << modal->metaObject()->className() << modal->windowTitle();
                if (auto *other = qobject_cast<QDialog *>(modal))
                    other->reject();
                else
                    modal->close();
            }
        });
        save.start(20);
        panel->finishButton()->click();
        save.stop();
        QVERIFY2(again == QDir(m_dir.path()).filePath(QStringLiteral("tiny-projection-debrief.html")), qPrintable(again));
        QTRY_VERIFY(QFileInfo::exists(again));
        QFile againFile(again);
        QVERIFY(againFile.open(QIODevice::ReadOnly));
        const QString againHtml = QString::fromUtf8(againFile.readAll());
        QVERIFY(againHtml.contains(QStringLiteral(">TaskListView<")));
        QVERIFY(!againHtml.contains(QStringLiteral("EditedAfterTheClock")));
        QVERIFY(session->isFinished());
        QCOMPARE(panel->scoreLabel()->text(), score);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(file.readAll());
        QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
        QVERIFY(html.contains(QStringLiteral("<svg")));
        QVERIFY(html.contains(QStringLiteral("</svg>")));
        // The hint before the check is what its score paid.
        QVERIFY2(html.contains(QStringLiteral("(judged %1, 1 hint at that check)").arg(session->lastVerdict()->score)),
                 qPrintable(html.left(3000)));
        const qsizetype svgStart = html.indexOf(QStringLiteral("<svg"));
        const QString svg = html.mid(svgStart, html.indexOf(QStringLiteral("</svg>")) - svgStart);
        QVERIFY(svg.contains(QStringLiteral(">TaskListView<"))); // the diagram's own text
        QVERIFY(svg.contains(QStringLiteral(">AddTask<")));
        QVERIFY(html.contains(QStringLiteral("class=\"grid\"")));
        QVERIFY(html.contains(QStringLiteral("busy-evening")));
        QVERIFY(html.contains(QStringLiteral("The task list shows a change within 2 s")));
        QVERIFY(html.contains(QStringLiteral("Pauses")));
        QVERIFY(html.contains(QStringLiteral("1 of 3"))); // hints used
        QVERIFY(html.contains(QStringLiteral("Look at how TaskListView is updated")));
        QVERIFY(html.contains(QStringLiteral("<strong>Streaming</strong>")) || html.contains(QStringLiteral("Streaming")));
        QVERIFY(!html.contains(QStringLiteral("src=\"http"))); // self-contained
        QFile::remove(QStringLiteral(CQRS_BINARY_DIR "/screenshots/interview-debrief.html"));
        QFile::copy(path, QStringLiteral(CQRS_BINARY_DIR "/screenshots/interview-debrief.html"));
        // Finished: the clock stays where it stopped.
        const double stopped = session->elapsedSeconds();
        QTest::qWait(50);
        QCOMPARE(session->elapsedSeconds(), stopped);
    }

    void shippedChallengePicture()
    {
        // A shipped challenge as a learner meets it: run once, then check.
        MainWindow window;
        QVERIFY(openShown(window, QStringLiteral(CQRS_SOURCE_DIR "/resources/challenges/netflix-viewing.challenge.json")));
        RunController *controller = window.runUi()->controller();
        QSignalSpy finished(controller, &RunController::runFinished);
        const Model model = window.document()->model();
        QVERIFY(controller->startPaused(model));
        controller->runTo(model.workload.duration);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        ChallengeSession *session = window.challengeUi()->session();
        QSignalSpy done(session, &ChallengeSession::checkFinished);
        window.challengeUi()->check();
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60000);
        QVERIFY(*session->score() < 100); // the start is not an answer
        window.runUi()->charts()->refresh();
        shot(&window, QStringLiteral("challenge-netflix-checked.png"));
    }

    // Run History's Open This Model on an attempt: its answer, with the
    // challenge open (the one open now, else the gallery's of that id); a
    // challenge nobody has gives a plain model, and says why.
    void openAnAttemptWithItsChallenge()
    {
        qputenv("CQRS_STUDIO_CHALLENGES", QFile::encodeName(QFileInfo(kTiny).absolutePath()));
        const auto unset = qScopeGuard([] { qunsetenv("CQRS_STUDIO_CHALLENGES"); });
        MainWindow window;
        QVERIFY(openShown(window));
        ChallengeUi *ui = window.challengeUi();
        const QPointer<ChallengeSession> session = ui->session();
        const std::string startDescription = window.document()->model().description;
        const std::string answer = "the attempt";
        Experiment edit;
        edit.title = "described";
        edit.set = {{"description", Json(answer)}};
        QVERIFY(window.document()->applyExperiment(edit));
        ui->check();
        QTRY_VERIFY_WITH_TIMEOUT(session->lastRecordedRun() > 0, 30000);
        const qint64 attempt = session->lastRecordedRun();
        window.document()->undoStack()->undo();
        QCOMPARE(window.document()->model().description, startDescription);

        // The challenge open now: the answer replaces the canvas's, one step.
        QSignalSpy opened(window.historyUi(), &HistoryUi::modelOpened);
        window.historyUi()->openModel(attempt);
        QTRY_COMPARE(opened.size(), 1);
        QVERIFY(session && ui->session() == session);
        QCOMPARE(window.document()->model().description, answer);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("Edit > Undo")),
                 qPrintable(window.statusBar()->currentMessage()));
        // Opened again while it is the canvas's: nothing to undo, and said so.
        const int steps = window.document()->undoStack()->index();
        window.historyUi()->openModel(attempt);
        QTRY_COMPARE(opened.size(), 2);
        QCOMPARE(window.document()->undoStack()->index(), steps);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("on the canvas already")),
                 qPrintable(window.statusBar()->currentMessage()));
        window.document()->undoStack()->undo();
        QCOMPARE(window.document()->model().description, startDescription);
        QVERIFY(session && ui->session() == session);
        QVERIFY(window.document()->isLocked("add-task"));

        // Another model ended it: the gallery's challenge opens, with the answer.
        window.document()->resetModel(Model());
        QVERIFY(!ui->session());
        window.historyUi()->openModel(attempt);
        QTRY_COMPARE(opened.size(), 3);
        QVERIFY(ui->session());
        QCOMPARE(ui->session()->challenge().id, std::string("tiny-projection"));
        QVERIFY(!ui->session()->isInterview());
        QVERIFY(ui->dock()->isVisible());
        QCOMPARE(window.document()->model().description, answer);
        QVERIFY(window.document()->isLocked("add-task"));
        window.document()->undoStack()->undo(); // the challenge's start
        QCOMPARE(window.document()->model().description, startDescription);
        QVERIFY(!window.document()->isModified());

        // An attempt at a challenge that is nowhere: a plain model.
        std::string error;
        auto store = history::RunStore::open(m_db.toStdString(), history::OpenMode::Existing, &error);
        QVERIFY2(store, error.c_str());
        history::RunStart start;
        start.modelName = "elsewhere";
        start.modelJson = modelToJson(window.document()->model()).dump();
        start.challengeId = "a-challenge-from-elsewhere";
        const auto foreign = store->beginRun(start);
        QVERIFY(foreign > 0 && store->finishRun(foreign, history::RunEnd()));
        window.historyUi()->openModel(foreign);
        QTRY_COMPARE(opened.size(), 4);
        QVERIFY(!ui->session());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("a-challenge-from-elsewhere")),
                 qPrintable(window.statusBar()->currentMessage()));
    }

private:
    QTemporaryDir m_dir;
    QString m_db;
};

QTEST_MAIN(TestChallengeSession)
#include "tst_challengesession.moc"
