// Run history, recording side: every run the application starts lands in
// the history file (CQRS_STUDIO_DB) with its status, result and series; a
// file the history refuses is left byte for byte as it was.
#include "document.h"
#include "history/historydock.h"
#include "history/historyrecorder.h"
#include "history/historystore.h"
#include "history/historyui.h"
#include "mainwindow.h"
#include "run/runcontroller.h"
#include "run/runui.h"
#include "testmodels.h"

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

namespace {

std::unique_ptr<history::RunStore> openStore(const QString &file)
{
    std::string error;
    auto store = history::RunStore::open(QFile::encodeName(file).toStdString(),
                                         history::OpenMode::Existing, &error);
    if (!store)
        qWarning("%s", error.c_str());
    return store;
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
    void init();
    void cleanup();
    void finishedRunIsRecorded();
    void stoppedRunWithEdits();
    void resetRunIsStopped();
    void refusedFileIsLeftAlone();
    void defaultPathIsTheLibrarys();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void TestHistoryRecording::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestHistoryRecording::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("runs.sqlite"));
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(m_db));
}

void TestHistoryRecording::cleanup()
{
    qunsetenv("CQRS_STUDIO_DB");
    m_dir.reset();
}

void TestHistoryRecording::finishedRunIsRecorded()
{
    MainWindow window;
    HistoryUi *history = window.historyUi();
    QCOMPARE(history->store()->path(), m_db);
    QTRY_VERIFY(history->store()->isReady());
    const Model model = testing::example("user-profile.cqrs.json", 60);
    window.document()->resetModel(model);
    RunController *c = window.runUi()->controller();
    c->setSpeed(0);
    QSignalSpy recorded(history->recorder(), &HistoryRecorder::runRecorded);
    QVERIFY(c->start(model));
    QTRY_VERIFY_WITH_TIMEOUT(c->result().has_value(), 30000);
    QTRY_COMPARE(recorded.count(), 2); // started, then ended
    QCOMPARE(recorded.at(1).at(1).toBool(), true);
    const qint64 id = recorded.at(1).at(0).toLongLong();

    auto store = openStore(m_db);
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
    MainWindow window;
    HistoryUi *history = window.historyUi();
    QTRY_VERIFY(history->store()->isReady());
    const Model model = testing::example("user-profile.cqrs.json", 600);
    window.document()->resetModel(model);
    RunController *c = window.runUi()->controller();
    c->setSpeed(100);
    QSignalSpy recorded(history->recorder(), &HistoryRecorder::runRecorded);
    QVERIFY(c->start(model));
    QTRY_VERIFY(c->time() > 5);
    // An edit in the document while the run goes: the inspector's path.
    Experiment faster;
    faster.title = "faster";
    faster.set = {{"workload.commandRate", Json(80)}};
    QSignalSpy applied(c, &RunController::parameterApplied);
    QVERIFY(window.document()->applyExperiment(faster));
    QTRY_COMPARE(applied.count(), 1);
    c->stop();
    QTRY_VERIFY_WITH_TIMEOUT(c->result().has_value(), 30000);
    QTRY_COMPARE(recorded.count(), 2);
    auto store = openStore(m_db);
    const std::optional<history::RunRecord> run = store->get(recorded.at(1).at(0).toLongLong());
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
    MainWindow window;
    HistoryUi *history = window.historyUi();
    QTRY_VERIFY(history->store()->isReady());
    const Model model = testing::example("user-profile.cqrs.json", 600);
    window.document()->resetModel(model);
    RunController *c = window.runUi()->controller();
    c->setSpeed(10);
    QSignalSpy recorded(history->recorder(), &HistoryRecorder::runRecorded);
    QVERIFY(c->start(model));
    QTRY_COMPARE(recorded.count(), 1);
    auto store = openStore(m_db);
    const qint64 id = recorded.at(0).at(0).toLongLong();
    QCOMPARE(store->get(id)->status, history::RunStatus::Running); // committed when it starts
    c->reset();
    QTRY_COMPARE(recorded.count(), 2);
    const std::optional<history::RunRecord> run = store->get(id);
    QCOMPARE(run->status, history::RunStatus::Stopped);
    QVERIFY(run->result.empty());
}

void TestHistoryRecording::refusedFileIsLeftAlone()
{
    QByteArray garbage = "This is not a database, it is a shopping list.\n";
    garbage += QByteArray(5000, 'x');
    {
        QFile f(m_db);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(garbage);
    }
    MainWindow window;
    HistoryUi *history = window.historyUi();
    QTRY_COMPARE(history->store()->state(), HistoryStore::State::Unavailable);
    QVERIFY2(history->store()->problem().contains(QStringLiteral("not a SQLite database")),
             qPrintable(history->store()->problem()));
    QVERIFY(history->store()->problem().contains(m_db));
    // Said once in the status bar, and kept in the dock.
    QVERIFY2(window.statusBar()->currentMessage().contains(m_db),
             qPrintable(window.statusBar()->currentMessage()));
    QVERIFY(!history->panel()->problemLabel()->isHidden());
    QVERIFY(
        history->panel()->problemLabel()->text().contains(QStringLiteral("not a SQLite database")));
    QVERIFY(!history->panel()->openRunAction()->isEnabled());

    // The application still runs models; nothing is written.
    const Model model = testing::example("user-profile.cqrs.json", 30);
    window.document()->resetModel(model);
    RunController *c = window.runUi()->controller();
    c->setSpeed(0);
    QVERIFY(c->start(model));
    QTRY_VERIFY_WITH_TIMEOUT(c->result().has_value(), 30000);
    QVERIFY(!history->recorder()->isRecording());
    history->store()->waitForIdle();
    QCoreApplication::processEvents();
    QCOMPARE(readAll(m_db), garbage);
    QVERIFY(!QFile::exists(m_db + QStringLiteral("-wal")));
}

void TestHistoryRecording::defaultPathIsTheLibrarys()
{
    // Without CQRS_STUDIO_DB, the application's file is the one cqrs-sim's
    // `history` commands read by default.
    qunsetenv("CQRS_STUDIO_DB");
    const QByteArray xdg = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir->path()));
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
    QVERIFY(expected.startsWith(m_dir->path()));
    QCOMPARE(path, expected);
}

QTEST_MAIN(TestHistoryRecording)
#include "tst_historyrecording.moc"
