// Run history, recording side: every run the application starts lands in
// the history file (CQRS_STUDIO_DB) with its status, result and series; a
// file the history refuses is left byte for byte as it was.
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "recordingtestutil.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cqrs/history/compare.h>
#include <cqrs/history/runstore.h>
#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>
#include <map>
#include <memory>
#include <utility>

using namespace cqrs;

using testing::RecordingWindow;

namespace {

std::unique_ptr<history::RunStore> openStore(const QString &file)
{
    return testing::openHistory(file, history::OpenMode::Existing);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A SQLite header with a page size the format does not have: damaged.
QByteArray damagedDatabase()
{
    QByteArray bytes = "SQLite format 3";
    bytes += '\0';
    bytes += QByteArray(3000, '\x5a');
    return bytes;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content);
}

/// Clicks the button of the next question box whose text contains `answer`;
/// what the box asked and explained goes to *asked.
void answerNextQuestion(const QString &answer, QString *asked)
{
    QTimer::singleShot(0, [answer, asked] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *asked = box->text() + QLatin1Char('\n') + box->informativeText();
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(QLatin1Char('&')) == answer) {
                button->click();
                return;
            }
        }
        box->reject(); // no such answer: the test fails on what follows, not hangs
    });
}

} // namespace

class TestHistoryRecording : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void finishedRunIsRecorded();
    void stoppedRunWithEdits();
    void resetRunIsStopped();
    void runningRunIsNotDeleted();
    void closingKeepsWhatTheRunMeasured();
    void refusedFileIsLeftAlone();
    void damagedFileSetAsideForANewHistory();
    void fileMendedMeanwhileIsOpenedNotMoved();
    void defaultPathIsTheLibrarys();
};

void TestHistoryRecording::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestHistoryRecording::finishedRunIsRecorded()
{
    RecordingWindow studio;
    QCOMPARE(studio.history()->store()->path(), studio.database());
    QVERIFY(studio.waitUntilReady());
    const Model model = testing::example("user-profile.cqrs.json", 60);
    RunController *c = studio.controller();
    QVERIFY(studio.start(model, 0));
    QVERIFY(studio.waitForRecord()); // the result; started, then ended
    QCOMPARE(studio.recorded().at(1).at(1).toBool(), true);
    const qint64 id = studio.recorded().at(1).at(0).toLongLong();

    auto store = openStore(studio.database());
    QVERIFY(store);
    const std::optional<history::RunRecord> run = store->get(id);
    QVERIFY(run);
    QCOMPARE(run->status, history::RunStatus::Finished);
    QCOMPARE(run->name, model.name);
    QCOMPARE(run->modelName, model.name);
    QCOMPARE(run->seed, model.workload.seed);
    QCOMPARE(run->modelJson, serializeModel(model));
    QVERIFY(!run->finishedAt.empty());
    // The result exactly as Export writes it.
    QCOMPARE(QString::fromStdString(run->result), c->result()->text);
    const Json result = Json::parse(run->result);
    QVERIFY(!result.contains("series"));
    QCOMPARE(result["simulatedSeconds"].get<double>(), 60.0);
    // The series as cqrs-sim stores them.
    QVERIFY(c->result()->series);
    QCOMPARE(run->series, history::seriesText(*c->result()->series));
    const Json series = Json::parse(run->series);
    QVERIFY(series["t"].size() > 10);
    QVERIFY(series["t"].size() <= history::kMaxSeriesPoints);
    QVERIFY(series["readModels"].contains("user-view"));
    QVERIFY(run->edits.empty());
    QCOMPARE(store->integrityCheck(), std::string("ok"));
}

void TestHistoryRecording::stoppedRunWithEdits()
{
    RecordingWindow studio;
    QVERIFY(studio.waitUntilReady());
    const Model model = testing::example("user-profile.cqrs.json", 600);
    RunController *c = studio.controller();
    QVERIFY(studio.start(model, 100));
    QTRY_VERIFY(c->time() > 5);
    // An edit in the document while the run goes: the inspector's path.
    Experiment faster;
    faster.title = "faster";
    // The second field is at its default, so the model file does not write it.
    faster.set
        = {{"workload.commandRate", Json(80)}, {"readModels.search-index.consumers", Json(2)}};
    QSignalSpy applied(c, &RunController::parameterApplied);
    QVERIFY(studio.document()->applyExperiment(faster));
    QTRY_COMPARE(applied.count(), 2);
    QVERIFY(studio.stopAndRecord());
    auto store = openStore(studio.database());
    const std::optional<history::RunRecord> run = store->get(studio.recordedId());
    QVERIFY(run);
    QCOMPARE(run->status, history::RunStatus::Stopped);
    QCOMPARE(QString::fromStdString(run->result), c->result()->text);
    QVERIFY(!run->series.empty());
    QCOMPARE(run->edits.size(), std::size_t(2));
    const auto editOf = [&run](const std::string &path) {
        const auto it = std::find_if(run->edits.begin(), run->edits.end(),
                                     [&path](const history::RunEdit &e) { return e.path == path; });
        return it == run->edits.end() ? history::RunEdit{} : *it;
    };
    const history::RunEdit rate = editOf("workload.commandRate");
    QVERIFY(Json::parse(rate.value) == Json(80));
    QVERIFY(rate.at > 5);
    QVERIFY(rate.at < 600);
    // With the value each replaced, a default too: Compare finds the start from them.
    QVERIFY(Json::parse(rate.previous) == Json(model.workload.commandRate));
    const history::RunEdit consumers = editOf("readModels.search-index.consumers");
    QVERIFY(Json::parse(consumers.previous) == Json(1));
    QVERIFY(!consumers.previousAbsent);
    // The model as run (DESIGN: mid-run edits applied), the edit listed too.
    QVERIFY(run->modelJson != serializeModel(model));
    Model asRun = model;
    asRun.workload.commandRate = 80;
    asRun.readModel("search-index")->consumers = 2;
    QCOMPARE(run->modelJson, serializeModel(asRun));
    // Against a run of the model as it ran, both settings differ by their start.
    const std::vector<history::ParameterDifference> diffs = history::runDifferences(
        {Json::parse(run->modelJson), Json::parse(serializeModel(asRun))}, {run->edits, {}});
    QCOMPARE(diffs.size(), std::size_t(2));
    for (const history::ParameterDifference &d : diffs) {
        const bool isRate = d.path == "workload.commandRate";
        QVERIFY2(isRate || d.path == "readModels.search-index.consumers", d.path.c_str());
        QVERIFY(d.values[0]);
        QVERIFY(Json::parse(*d.values[0]) == (isRate ? Json(model.workload.commandRate) : Json(1)));
        QCOMPARE(d.changes[0].size(), std::size_t(1));
        QVERIFY(Json::parse(d.changes[0][0].value.value()) == Json(isRate ? 80 : 2));
    }
}

void TestHistoryRecording::resetRunIsStopped()
{
    RecordingWindow studio;
    QVERIFY(studio.waitUntilReady());
    const Model model = testing::example("user-profile.cqrs.json", 600);
    QVERIFY(studio.start(model, 10));
    QTRY_COMPARE(studio.recorded().count(), 1);
    auto store = openStore(studio.database());
    const qint64 id = studio.recordedId();
    QCOMPARE(store->get(id)->status, history::RunStatus::Running); // committed when it starts
    studio.controller()->reset();
    QTRY_COMPARE(studio.recorded().count(), 2);
    const std::optional<history::RunRecord> run = store->get(id);
    QCOMPARE(run->status, history::RunStatus::Stopped);
    QVERIFY(run->result.empty());
}

void TestHistoryRecording::runningRunIsNotDeleted()
{
    // Deleted while it ran, a run went on and its end had no row to go to:
    // it was never recorded, without a word.
    RecordingWindow studio;
    QVERIFY(studio.waitUntilReady());
    HistoryDock *dock = studio.history()->panel();
    studio.history()->showDock();
    QVERIFY(studio.start(testing::example("user-profile.cqrs.json", 600), 20));
    QTRY_COMPARE(studio.recorded().count(), 1); // started
    const qint64 id = studio.recordedId();
    QTRY_COMPARE(studio.history()->model()->rowCount(), 1);
    dock->selectIds({id});
    QString said;
    answerNextQuestion(QStringLiteral("OK"), &said);
    dock->deleteSelected();
    QVERIFY2(
        said.contains(QStringLiteral("Run #%1 is still running; it cannot be deleted.").arg(id)),
        qPrintable(said));
    QVERIFY(openStore(studio.database())->contains(id));
    QVERIFY(studio.stopAndRecord());
    QCOMPARE(openStore(studio.database())->get(id)->status, history::RunStatus::Stopped);
    // Once stopped, it goes.
    QTRY_VERIFY(studio.history()->model()->run(studio.history()->model()->rowOf(id))->status
                == history::RunStatus::Stopped);
    dock->selectIds({id});
    answerNextQuestion(QStringLiteral("Yes"), &said);
    dock->deleteSelected();
    QVERIFY2(said.startsWith(QStringLiteral("Delete run #%1").arg(id)), qPrintable(said));
    QTRY_COMPARE(studio.history()->model()->rowCount(), 0);
    QVERIFY(!openStore(studio.database())->contains(id));
}

void TestHistoryRecording::closingKeepsWhatTheRunMeasured()
{
    // Closed in the middle of a run, the window stops it as Stop does: the
    // run was recorded as stopped with no result and no series.
    RecordingWindow studio;
    QVERIFY(studio.waitUntilReady());
    QVERIFY(studio.start(testing::example("user-profile.cqrs.json", 600), 20));
    QTRY_VERIFY(studio.controller()->time() > 12); // past the warm-up
    QVERIFY(studio.window().close());
    QVERIFY(studio.waitForRecord());
    studio.history()->store()->waitForIdle();
    const std::optional<history::RunRecord> run
        = openStore(studio.database())->get(studio.recordedId());
    QVERIFY(run);
    QCOMPARE(run->status, history::RunStatus::Stopped);
    QVERIFY(!run->result.empty());
    QVERIFY(Json::parse(run->result)["simulatedSeconds"].get<double>() > 12);
    QVERIFY(!run->series.empty());
}

void TestHistoryRecording::refusedFileIsLeftAlone()
{
    QByteArray garbage = "This is not a database, it is a shopping list.\n";
    garbage += QByteArray(5000, 'x');
    RecordingWindow studio(garbage);
    const QString &db = studio.database();
    MainWindow &window = studio.window();
    HistoryUi *history = studio.history();
    QTRY_COMPARE(history->store()->state(), HistoryStore::State::Unavailable);
    QVERIFY2(history->store()->problem().contains(QStringLiteral("not a SQLite database")),
             qPrintable(history->store()->problem()));
    QVERIFY(history->store()->problem().contains(db));
    // Said once in the status bar, and kept in the dock.
    QVERIFY2(window.statusBar()->currentMessage().contains(db),
             qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(history->panel()->problemLabel()->isVisibleTo(history->panel()));
    QVERIFY(
        history->panel()->problemLabel()->text().contains(QStringLiteral("not a SQLite database")));
    QVERIFY(!history->panel()->openRunAction()->isEnabled());

    // The application still runs models; nothing is written.
    const Model model = testing::example("user-profile.cqrs.json", 30);
    QVERIFY(studio.start(model, 0));
    QTRY_VERIFY_WITH_TIMEOUT(studio.controller()->result().has_value(), 30000);
    QVERIFY(!history->recorder()->isRecording());
    history->store()->waitForIdle();
    QCoreApplication::processEvents();
    QCOMPARE(readAll(db), garbage);
    QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
}

void TestHistoryRecording::damagedFileSetAsideForANewHistory()
{
    // A database of this application, as a file's bytes, with its header changed.
    QTemporaryDir scratch;
    const QString healthyFile = scratch.filePath(QStringLiteral("healthy.sqlite"));
    testing::openHistory(healthyFile, history::OpenMode::Create)->checkpoint(); // all in the file
    const QByteArray healthy = readAll(healthyFile);
    QVERIFY(healthy.size() > 100);
    auto withHeader = [&healthy](int offset, int value) {
        QByteArray bytes = healthy;
        for (int i = 0; i < 4; ++i)
            bytes[offset + i] = char((value >> (8 * (3 - i))) & 0xff);
        return bytes;
    };
    // A newer version's file (user_version 99) is that version's, and another
    // application's database (another application_id) is that application's:
    // said, not offered.
    for (const auto &[bytes, said] :
         {std::pair{withHeader(60, 99), QStringLiteral("newer")},
          std::pair{withHeader(68, 0x12345678), QStringLiteral("another application")}}) {
        RecordingWindow studio(bytes);
        QTRY_COMPARE(studio.history()->store()->state(), HistoryStore::State::Unavailable);
        QVERIFY2(studio.history()->store()->problem().contains(said),
                 qPrintable(studio.history()->store()->problem()));
        QVERIFY(!studio.history()->store()->canSetAside());
        QVERIFY(studio.history()->panel()->newHistoryButton()->isHidden());
        QVERIFY(!studio.history()->panel()->problemLabel()->text().contains(
            QStringLiteral("Start a new")));
        studio.history()->panel()->startNewHistory(); // does nothing
        QCOMPARE(readAll(studio.database()), bytes);
    }

    // A damaged database (a page size the format does not have), with
    // journal files beside it once it has been refused.
    const QByteArray damaged = damagedDatabase();
    RecordingWindow studio(damaged);
    const QString &db = studio.database();
    HistoryUi *history = studio.history();
    HistoryDock *dock = history->panel();
    QTRY_COMPARE(history->store()->state(), HistoryStore::State::Unavailable);
    const std::map<QString, QByteArray> journals{
        {QStringLiteral("-wal"), "not a log " + QByteArray(100, 'w')},
        {QStringLiteral("-shm"), QByteArray(64, 's')},
        {QStringLiteral("-journal"), QByteArray(48, 'j')}};
    for (const auto &[suffix, content] : journals)
        writeFile(db + suffix, content);
    QVERIFY(history->store()->canSetAside());
    QVERIFY(!dock->newHistoryButton()->isHidden());
    QVERIFY(dock->problemLabel()->text().contains(QStringLiteral("Start a new history")));
    auto keptFiles = [&db] {
        return QDir(QFileInfo(db).path())
            .entryList({QFileInfo(db).fileName() + QStringLiteral(".unusable-*")}, QDir::Files,
                       QDir::Name);
    };

    // Cancel: nothing moves.
    QString asked;
    answerNextQuestion(QStringLiteral("Cancel"), &asked);
    dock->startNewHistory();
    QVERIFY2(asked.contains(db) && asked.contains(QStringLiteral("kept byte for byte")),
             qPrintable(asked));
    QCOMPARE(readAll(db), damaged);
    QVERIFY(keptFiles().isEmpty());
    QCOMPARE(history->store()->state(), HistoryStore::State::Unavailable);

    // A name taken already gets a number: nothing is renamed over.
    const QString first = history->store()->asideName();
    writeFile(first + QStringLiteral("-shm"), "someone else's");
    const QString second = history->store()->asideName();
    QCOMPARE(second, first + QStringLiteral("-2"));
    QFile::remove(first + QStringLiteral("-shm"));

    // Start: the file and its journals are renamed, every byte kept, and a
    // new history records runs without a restart.
    answerNextQuestion(QStringLiteral("Start New History"), &asked);
    dock->startNewHistory();
    QTRY_COMPARE(history->store()->state(), HistoryStore::State::Ready);
    const QStringList kept = keptFiles();
    QCOMPARE(kept.size(), 4); // the file, its -wal, -shm and -journal
    const QString keptAs = QFileInfo(db).dir().filePath(kept.front());
    QCOMPARE(readAll(keptAs), damaged);
    for (const auto &[suffix, content] : journals)
        QCOMPARE(readAll(keptAs + suffix), content);
    QVERIFY(!QFile::exists(db + QStringLiteral("-journal")));
    QVERIFY2(asked.contains(keptAs), qPrintable(asked));
    QVERIFY(studio.window().statusBar()->currentMessage().contains(keptAs));
    QTRY_VERIFY(!dock->problemLabel()->isVisibleTo(dock));
    const Model model = testing::example("user-profile.cqrs.json", 30);
    QVERIFY(studio.start(model, 0));
    QTRY_VERIFY_WITH_TIMEOUT(studio.controller()->result().has_value(), 30000);
    QTRY_COMPARE(studio.recorded().count(), 2);
    history->store()->waitForIdle();
    auto store = openStore(db);
    QVERIFY(store);
    QCOMPARE(store->list().size(), std::size_t(1));
    QCOMPARE(store->list().front().status, history::RunStatus::Finished);
    QTRY_COMPARE(dock->view()->model()->rowCount(), 1);
    QCOMPARE(readAll(keptAs), damaged);
}

void TestHistoryRecording::fileMendedMeanwhileIsOpenedNotMoved()
{
    // Refused, then replaced by a file that can be used (another window
    // started a new history there, or a backup was put back): Start opens it
    // as it is and renames nothing.
    const QByteArray damaged = damagedDatabase();
    RecordingWindow studio(damaged);
    const QString &db = studio.database();
    HistoryUi *history = studio.history();
    QTRY_COMPARE(history->store()->state(), HistoryStore::State::Unavailable);
    {
        QFile::remove(db);
        auto other = testing::openHistory(db, history::OpenMode::Create);
        history::RunStart start;
        start.name = "kept";
        start.modelName = "M";
        start.modelJson = "{}";
        QVERIFY(other->beginRun(start) > 0);
    }
    QString asked;
    answerNextQuestion(QStringLiteral("Start New History"), &asked);
    QString said;
    QTimer information; // the box that follows the question
    connect(&information, &QTimer::timeout, [&said] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box && box->text().contains(QStringLiteral("can be used now"))) {
            said = box->text();
            box->accept();
        }
    });
    information.start(20);
    history->panel()->startNewHistory();
    QVERIFY2(said.contains(QStringLiteral("can be used now")), qPrintable(said));
    QTRY_COMPARE(history->store()->state(), HistoryStore::State::Ready);
    QTRY_COMPARE(history->panel()->view()->model()->rowCount(), 1);
    QVERIFY(QDir(QFileInfo(db).path())
                .entryList({QFileInfo(db).fileName() + QStringLiteral(".unusable-*")}, QDir::Files)
                .isEmpty());
}

void TestHistoryRecording::defaultPathIsTheLibrarys()
{
    // Without CQRS_STUDIO_DB, the application's file is the one cqrs-sim's
    // `history` commands read by default.
    QTemporaryDir dir;
    const QByteArray xdg = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", QFile::encodeName(dir.path()));
    const QString org = QCoreApplication::organizationName(),
                  app = QCoreApplication::applicationName();
    QCoreApplication::setOrganizationName(QStringLiteral("CQRS Studio"));
    QCoreApplication::setApplicationName(QStringLiteral("CQRS Studio"));
    QStandardPaths::setTestModeEnabled(false);
    const QString path = HistoryStore::databasePath();
    const QString expected = QString::fromStdString(history::defaultDatabasePath());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(org);
    QCoreApplication::setApplicationName(app);
    if (xdg.isNull())
        qunsetenv("XDG_DATA_HOME");
    else
        qputenv("XDG_DATA_HOME", xdg);
    QVERIFY(expected.startsWith(dir.path()));
    QCOMPARE(path, expected);
}

QTEST_MAIN(TestHistoryRecording)
#include "tst_historyrecording.moc"
