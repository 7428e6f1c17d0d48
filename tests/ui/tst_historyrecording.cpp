// Run history, recording side: every run the application starts lands in
// the history file (CQRS_STUDIO_DB) with its status, result and series; a
// file the history refuses is left byte for byte as it was.
#include "cqrs/ui/history/historydock.h"
#include "recordingtestutil.h"

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <cqrs/history/runstore.h>
#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>
#include <memory>

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

} // namespace

class TestHistoryRecording : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void finishedRunIsRecorded();
    void stoppedRunWithEdits();
    void resetRunIsStopped();
    void refusedFileIsLeftAlone();
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
    faster.set = {{"workload.commandRate", Json(80)}};
    QSignalSpy applied(c, &RunController::parameterApplied);
    QVERIFY(studio.document()->applyExperiment(faster));
    QTRY_COMPARE(applied.count(), 1);
    QVERIFY(studio.stopAndRecord());
    auto store = openStore(studio.database());
    const std::optional<history::RunRecord> run = store->get(studio.recordedId());
    QVERIFY(run);
    QCOMPARE(run->status, history::RunStatus::Stopped);
    QCOMPARE(QString::fromStdString(run->result), c->result()->text);
    QVERIFY(!run->series.empty());
    QCOMPARE(run->edits.size(), std::size_t(1));
    QCOMPARE(run->edits[0].path, std::string("workload.commandRate"));
    QVERIFY(Json::parse(run->edits[0].value) == Json(80));
    QVERIFY(run->edits[0].at > 5);
    QVERIFY(run->edits[0].at < 600);
    // The model as run (DESIGN: mid-run edits applied), the edit listed too.
    QVERIFY(run->modelJson != serializeModel(model));
    Model asRun = model;
    asRun.workload.commandRate = 80;
    QCOMPARE(run->modelJson, serializeModel(asRun));
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
    QVERIFY(!history->panel()->problemLabel()->isHidden());
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
