// The run history store (DESIGN section 7): round trip, interrupted runs,
// refusal of files it must not touch, migration from schema 1, several
// connections at once, decimated series and the comparison figures.
#include <QtTest>

#include <QFile>
#include <algorithm>
#include <QTemporaryDir>

#include <cqrs/history/compare.h>
#include <cqrs/history/runstore.h>
#include <cqrs/history/series.h>
#include "locktestutil.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace cqrs;
using namespace cqrs::history;
using cqrs::testing::othersSeeSharedLock;

class TestHistory : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void roundTrip();
    void listFilters();
    void sweepsAsGroups();
    void interruptedWhenProcessGone();
    void interruptedWhenPidReused();
    void refusesWithoutWriting_data();
    void refusesWithoutWriting();
    void existingModeDoesNotCreate();
    void migratesFromVersion1();
    void migratesSweepsFromVersion2();
    void readOnlyModeCannotWrite();
    void twoConnectionsAtOnce();
    void undoWritesOnlyOverItsOwnChange();
    void anotherOpenKeepsTheLocks();
    void checkpointStartsTheLogOver();
    void closingLeavesOneFile();
    void decimatesSeries();
    void compareFigures();

private:
    QString path(const char *name) const { return m_dir->filePath(QString::fromLatin1(name)); }
    std::unique_ptr<RunStore> openStore(const QString &file);
    static RunStart start(const std::string &model, std::int64_t seed = 7);

    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

// Schema version 1 exactly as the first release wrote it (a frozen fixture:
// it must not follow later changes of the store).
const char *kSchemaV1 = R"sql(
CREATE TABLE sweeps(id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, description TEXT NOT NULL,
  model_name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, model_name TEXT NOT NULL,
  status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, seed INTEGER NOT NULL,
  overrides TEXT NOT NULL, app_version TEXT NOT NULL, pid INTEGER NOT NULL, process_token TEXT NOT NULL,
  sweep_id INTEGER, sweep_value REAL, challenge_id TEXT, challenge_score REAL);
CREATE TABLE run_data(run_id INTEGER PRIMARY KEY, model_json TEXT NOT NULL, result TEXT, series TEXT,
  edits TEXT NOT NULL DEFAULT '[]');
CREATE INDEX runs_by_sweep ON runs(sweep_id);
CREATE INDEX runs_by_model ON runs(model_name);
PRAGMA application_id = 1129402963;
PRAGMA user_version = 1;
)sql";

// What version 2 added to version 1 (tags and stars), frozen likewise.
const char *kSchemaV2Additions = R"sql(
ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
PRAGMA user_version = 2;
)sql";

bool rawExec(const QString &file, const char *sql)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(file.toUtf8().constData(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    char *message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK)
        qWarning() << message;
    sqlite3_free(message);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

int rawInt(const QString &file, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open(file.toUtf8().constData(), &db);
    sqlite3_stmt *stmt = nullptr;
    int value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

QByteArray bytesOf(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const QString &file, const QByteArray &bytes)
{
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

} // namespace

void TestHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::unique_ptr<RunStore> TestHistory::openStore(const QString &file)
{
    std::string error;
    std::unique_ptr<RunStore> store = RunStore::open(file.toStdString(), &error);
    if (!store)
        qWarning() << error.c_str();
    return store;
}

RunStart TestHistory::start(const std::string &model, std::int64_t seed)
{
    RunStart s;
    s.modelName = model;
    s.modelJson = "{\n  \"name\": \"" + model + "\"\n}\n";
    s.seed = seed;
    s.overrides = {"workload.commandRate=500", "workload.seed=7"};
    s.appVersion = "0.1.0";
    return s;
}

void TestHistory::roundTrip()
{
    const QString file = path("runs.sqlite");
    std::int64_t id = 0;
    {
        auto store = openStore(file);
        QVERIFY(store);
        id = store->beginRun(start("User profile"));
        QCOMPARE(id, 1);
        // Committed at once: another connection sees it running.
        auto other = openStore(file);
        QVERIFY(other);
        std::optional<RunRecord> running = other->get(id);
        QVERIFY(running);
        QCOMPARE(running->status, RunStatus::Running);
        QCOMPARE(running->name, std::string("User profile"));
        QVERIFY(running->finishedAt.empty());
        QVERIFY(running->result.empty());

        RunEnd end;
        end.status = RunStatus::Stopped;
        end.result = "{\n  \"format\": \"cqrs-studio/result\"\n}\n";
        end.series = R"({"t":[1.0,2.0]})";
        end.edits = {{12.5, "workload.commandRate", "800"}, {20, "queries.q.consistency.strategy", "\"eventual\""}};
        end.challengeScore = 0.75;
        std::string error;
        QVERIFY2(store->finishRun(id, end, &error), error.c_str());
        QVERIFY(!store->finishRun(99, end, &error));
        QVERIFY(error.find("no run 99") != std::string::npos);
        QVERIFY(store->rename(id, "eventual reads"));
        QVERIFY(store->setTags(id, {"baseline", "workshop"}));
        QVERIFY(store->setStarred(id, true));
        QVERIFY(!store->rename(42, "x"));
        QCOMPARE(store->integrityCheck(), std::string("ok"));
    }
    auto store = openStore(file); // everything survives closing
    QVERIFY(store);
    const std::optional<RunRecord> r = store->get(id);
    QVERIFY(r);
    QCOMPARE(r->status, RunStatus::Stopped);
    QCOMPARE(r->name, std::string("eventual reads"));
    QCOMPARE(r->modelName, std::string("User profile"));
    QCOMPARE(r->modelJson, start("User profile").modelJson);
    QCOMPARE(r->seed, 7);
    QCOMPARE(r->overrides, start("x").overrides);
    QCOMPARE(r->appVersion, std::string("0.1.0"));
    QCOMPARE(r->result, std::string("{\n  \"format\": \"cqrs-studio/result\"\n}\n"));
    QCOMPARE(r->series, std::string(R"({"t":[1.0,2.0]})"));
    QCOMPARE(r->edits.size(), std::size_t(2));
    QCOMPARE(r->edits[0].at, 12.5);
    QCOMPARE(r->edits[0].path, std::string("workload.commandRate"));
    QCOMPARE(r->edits[0].value, std::string("800"));
    QCOMPARE(r->edits[1].value, std::string("\"eventual\""));
    QCOMPARE(r->challengeScore.value_or(-1), 0.75);
    QCOMPARE(r->tags, (std::vector<std::string>{"baseline", "workshop"}));
    QVERIFY(r->starred);
    QVERIFY(!r->startedAt.empty() && r->startedAt.back() == 'Z' && r->startedAt[10] == 'T');
    QVERIFY(r->finishedAt >= r->startedAt);
    QCOMPARE(rawInt(file, "PRAGMA user_version"), kSchemaVersion);
    sqlite3 *db = nullptr;
    sqlite3_open(file.toUtf8().constData(), &db);
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
    QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))), QByteArray("wal"));
    sqlite3_finalize(stmt);
    sqlite3_close(db);

    QVERIFY(store->remove({id}));
    QVERIFY(!store->get(id));
    QVERIFY(!store->remove({id}));
    // Ids keep increasing after a delete.
    QCOMPARE(store->beginRun(start("User profile")), 2);
    // A run recorded once it has ended (a sweep's point in the application)
    // keeps the time it started.
    RunStart late = start("Recorded after");
    late.startedAt = "2026-01-02T03:04:05.125Z";
    const std::int64_t lateId = store->beginRun(late);
    QVERIFY(store->finishRun(lateId, RunEnd{}));
    QCOMPARE(store->get(lateId)->startedAt, late.startedAt);
    QVERIFY(store->get(lateId)->finishedAt > late.startedAt);
}

void TestHistory::listFilters()
{
    auto store = openStore(path("runs.sqlite"));
    QVERIFY(store);
    for (const char *model : {"Orders", "User profile", "Orders", "Netflix"})
        QVERIFY(store->beginRun(start(model)) > 0);
    QVERIFY(store->setTags(3, {"50%-off"}));
    QVERIFY(store->setStarred(2, true));

    std::vector<RunSummary> all = store->list();
    QCOMPARE(all.size(), std::size_t(4));
    QCOMPARE(all.front().id, 4); // newest first
    QCOMPARE(all.back().id, 1);

    ListFilter byModel;
    byModel.model = "Orders";
    QCOMPARE(store->list(byModel).size(), std::size_t(2));
    ListFilter byText;
    byText.text = "PROFILE"; // case-insensitive
    QCOMPARE(store->list(byText).size(), std::size_t(1));
    byText.text = "50%"; // LIKE wildcards are taken literally
    QCOMPARE(store->list(byText).size(), std::size_t(1));
    QCOMPARE(store->list(byText).front().id, 3);
    byText.text = "5_%";
    QCOMPARE(store->list(byText).size(), std::size_t(0));
    ListFilter starred;
    starred.starredOnly = true;
    QCOMPARE(store->list(starred).size(), std::size_t(1));
    ListFilter limited;
    limited.limit = 2;
    QCOMPARE(store->list(limited).back().id, 3);
    QCOMPARE(store->modelNames(), (std::vector<std::string>{"Netflix", "Orders", "User profile"}));
}

void TestHistory::sweepsAsGroups()
{
    auto store = openStore(path("runs.sqlite"));
    QVERIFY(store);
    const std::int64_t sweep = store->beginSweep("workload.commandRate", "10:100:3", "Orders");
    QVERIFY(sweep > 0);
    for (double v : {10.0, 55.0, 100.0}) {
        RunStart s = start("Orders");
        s.sweepId = sweep;
        s.sweepValue = v;
        QVERIFY(store->beginRun(s) > 0);
    }
    QVERIFY(store->beginRun(start("Orders")) > 0);
    const std::vector<SweepInfo> sweeps = store->sweeps();
    QCOMPARE(sweeps.size(), std::size_t(1));
    QCOMPARE(sweeps[0].runs, std::size_t(3));
    QCOMPARE(sweeps[0].path, std::string("workload.commandRate"));
    ListFilter points;
    points.sweepId = sweep;
    const std::vector<RunSummary> runs = store->list(points);
    QCOMPARE(runs.size(), std::size_t(3));
    QCOMPARE(runs.front().sweepValue.value_or(0), 100.0);
    // Deleting every point deletes the group.
    QVERIFY(store->remove({1, 2, 3}));
    QVERIFY(store->sweeps().empty());
}

void TestHistory::interruptedWhenProcessGone()
{
    const QString file = path("runs.sqlite");
    QVERIFY(openStore(file)); // created before the fork
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        std::string error;
        auto store = RunStore::open(file.toStdString(), &error);
        const bool ok = store && store->beginRun(start("Killed")) > 0;
        _exit(ok ? 0 : 3); // gone without finishing the run (no destructors)
    }
    // Wait until the child has exited but do not reap it yet: a zombie is gone too.
    siginfo_t info{};
    QCOMPARE(waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);
    QCOMPARE(info.si_status, 0);
    auto store = openStore(file);
    QVERIFY(store);
    QCOMPARE(store->get(1)->status, RunStatus::Interrupted);
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QCOMPARE(store->list().front().status, RunStatus::Interrupted);

    // A run of this very process is alive.
    const std::int64_t mine = store->beginRun(start("Alive"));
    QCOMPARE(store->get(mine)->status, RunStatus::Running);
}

void TestHistory::interruptedWhenPidReused()
{
    const QString file = path("runs.sqlite");
    auto store = openStore(file);
    QVERIFY(store);
    const std::int64_t id = store->beginRun(start("Old"));
    // The row's pid is alive (ours) but was recorded by an earlier process
    // with that pid: its start time differs.
    QVERIFY(rawExec(file, "UPDATE runs SET process_token = process_token || '0'"));
    QCOMPARE(store->get(id)->status, RunStatus::Interrupted);
}

void TestHistory::refusesWithoutWriting_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");
    QTest::addRow("text file") << "text" << ": not a SQLite database";
    QTest::addRow("JSON file") << "json" << ": not a SQLite database";
    QTest::addRow("truncated at a page") << "truncated-page" << ": the database is damaged";
    QTest::addRow("truncated header") << "truncated-header" << ": the database is damaged";
    QTest::addRow("damaged header") << "bad-header" << ": the database is damaged";
    QTest::addRow("newer schema") << "newer" << ": written by a newer version (schema 99, this build knows 3)";
    QTest::addRow("another application") << "foreign" << ": not a SQLite database of CQRS Studio";
}

void TestHistory::refusesWithoutWriting()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);
    const QString file = path("runs.sqlite");
    if (kind == "text") {
        writeBytes(file, "these are my notes, not a database\n");
    } else if (kind == "json") {
        writeBytes(file, "{\"format\": \"cqrs-studio/model\"}\n");
    } else if (kind == "foreign") {
        QVERIFY(rawExec(file, "CREATE TABLE accounts(id INTEGER); INSERT INTO accounts VALUES(1);"));
    } else {
        {
            auto store = openStore(file);
            QVERIFY(store);
            RunEnd end;
            end.result = std::string(20000, 'x'); // several pages
            for (int i = 0; i < 5; ++i)
                QVERIFY(store->finishRun(store->beginRun(start("M")), end));
        }
        // The store leaves its WAL for the next open; fold it in so the file stands alone.
        QVERIFY(rawExec(file, "PRAGMA wal_checkpoint(TRUNCATE)"));
        QVERIFY(!QFile::exists(path("runs.sqlite-wal")));
        QByteArray bytes = bytesOf(file);
        QVERIFY(bytes.size() > 8 * 4096);
        if (kind == "truncated-page")
            bytes.truncate(bytes.size() / 2 / 4096 * 4096);
        else if (kind == "truncated-header")
            bytes.truncate(60);
        else if (kind == "bad-header")
            bytes[16] = 3; // page size 0x0310: not a power of two
        if (kind == "newer")
            QVERIFY(rawExec(file, "PRAGMA user_version = 99"));
        else
            writeBytes(file, bytes);
    }
    const QByteArray before = bytesOf(file);
    const QFileInfo infoBefore(file);
    std::string error;
    OpenError why = OpenError::None;
    QVERIFY(!RunStore::open(file.toStdString(), OpenMode::Create, &error, &why));
    QVERIFY2(QString::fromStdString(error).startsWith(file + message), error.c_str());
    QVERIFY(why != OpenError::None);
    // Twice, and through every mode: the file's bytes never change.
    QVERIFY(!RunStore::open(file.toStdString(), OpenMode::Existing, &error));
    QCOMPARE(bytesOf(file), before);
    QCOMPARE(QFileInfo(file).lastModified(), infoBefore.lastModified());
}

void TestHistory::existingModeDoesNotCreate()
{
    const QString file = path("sub/runs.sqlite");
    std::string error;
    OpenError why = OpenError::None;
    QVERIFY(!RunStore::open(file.toStdString(), OpenMode::Existing, &error, &why));
    QCOMPARE(why, OpenError::NotFound);
    QVERIFY(!QFile::exists(file));
    QVERIFY(RunStore::open(file.toStdString(), OpenMode::Create, &error)); // creates the folder too
    QVERIFY(QFile::exists(file));
    // A folder is refused with a message naming it.
    QVERIFY(!RunStore::open(path("sub").toStdString(), OpenMode::Create, &error, &why));
    QCOMPARE(why, OpenError::Io);
}

void TestHistory::migratesFromVersion1()
{
    const QString file = path("v1.sqlite");
    QVERIFY(rawExec(file, kSchemaV1));
    QVERIFY(rawExec(file, "INSERT INTO runs(name, model_name, status, started_at, finished_at, seed,"
                          " overrides, app_version, pid, process_token)"
                          " VALUES('first', 'Orders', 'finished', '2026-01-01T00:00:00.000Z',"
                          " '2026-01-01T00:00:01.000Z', 5, '[]', '0.0.9', 1, 'x|y|z');"
                          "INSERT INTO run_data(run_id, model_json, result) VALUES(1, '{}', '{\"r\": 1}\n')"));
    QCOMPARE(rawInt(file, "PRAGMA user_version"), 1);
    auto store = openStore(file);
    QVERIFY(store);
    QCOMPARE(rawInt(file, "PRAGMA user_version"), kSchemaVersion);
    const std::optional<RunRecord> r = store->get(1);
    QVERIFY(r);
    QCOMPARE(r->name, std::string("first"));
    QCOMPARE(r->status, RunStatus::Finished);
    QCOMPARE(r->seed, 5);
    QCOMPARE(r->result, std::string("{\"r\": 1}\n"));
    QVERIFY(r->tags.empty());
    QVERIFY(!r->starred);
    QVERIFY(store->setStarred(1, true));
    QVERIFY(store->setTags(1, {"old"}));
    QCOMPARE(store->beginRun(start("Orders")), 2);
    QCOMPARE(store->integrityCheck(), std::string("ok"));
    store.reset();
    QVERIFY(openStore(file)); // opening again is a no-op
    QCOMPARE(rawInt(file, "PRAGMA user_version"), kSchemaVersion);
}

void TestHistory::migratesSweepsFromVersion2()
{
    // A sweep recorded before its settings were kept reads with none ("{}");
    // one recorded now keeps them.
    const QString file = path("v2.sqlite");
    QVERIFY(rawExec(file, kSchemaV1));
    QVERIFY(rawExec(file, kSchemaV2Additions));
    QVERIFY(rawExec(file, "INSERT INTO sweeps(path, description, model_name, created_at)"
                          " VALUES('workload.rate', '10:100:3', 'Orders', '2026-01-01T00:00:00.000Z')"));
    QCOMPARE(rawInt(file, "PRAGMA user_version"), 2);
    auto store = openStore(file);
    QVERIFY(store);
    QCOMPARE(rawInt(file, "PRAGMA user_version"), 3);
    std::vector<SweepInfo> sweeps = store->sweeps();
    QCOMPARE(sweeps.size(), std::size_t(1));
    QCOMPARE(sweeps[0].description, std::string("10:100:3"));
    QCOMPARE(sweeps[0].settings, std::string("{}"));
    const std::string settings = R"({"figures":["/commands/latency/p99"],"budget":0.5})";
    const std::int64_t id = store->beginSweep("workload.rate", "1:2:2", "Orders", settings);
    QCOMPARE(id, 2);
    sweeps = store->sweeps();
    QCOMPARE(sweeps.size(), std::size_t(2));
    QCOMPARE(sweeps[0].id, 2);
    QCOMPARE(sweeps[0].settings, settings);
    QCOMPARE(sweeps[1].settings, std::string("{}"));
    QCOMPARE(store->integrityCheck(), std::string("ok"));
}

void TestHistory::readOnlyModeCannotWrite()
{
    const QString file = path("runs.sqlite");
    std::string error;
    {
        auto writer = openStore(file);
        QVERIFY(writer);
        QCOMPARE(writer->beginRun(start("Orders")), 1);
    }
    auto reader = RunStore::open(file.toStdString(), OpenMode::ReadOnly, &error);
    QVERIFY2(reader, error.c_str());
    QCOMPARE(reader->list().size(), std::size_t(1));
    QVERIFY(reader->get(1));
    // The connection refuses writes: list/show/compare can never change the file.
    QCOMPARE(reader->beginRun(start("Orders"), &error), 0);
    QVERIFY2(QString::fromStdString(error).contains("readonly"), error.c_str());
    QVERIFY(!reader->setStarred(1, true));
    QVERIFY(!reader->list().front().starred);
    // A writer next to it is not disturbed.
    auto writer = openStore(file);
    QCOMPARE(writer->beginRun(start("Orders")), 2);
    QCOMPARE(reader->list().size(), std::size_t(2));
    // Missing stays missing.
    OpenError why = OpenError::None;
    QVERIFY(!RunStore::open(path("none.sqlite").toStdString(), OpenMode::ReadOnly, &error, &why));
    QCOMPARE(why, OpenError::NotFound);
    QVERIFY(!QFile::exists(path("none.sqlite")));
}

void TestHistory::twoConnectionsAtOnce()
{
    const QString file = path("runs.sqlite");
    constexpr int kPerWriter = 40;
    auto writer = [&](int w, std::vector<std::string> *errors) {
        std::string error;
        auto store = RunStore::open(file.toStdString(), &error);
        if (!store) {
            errors->push_back(error);
            return;
        }
        for (int i = 0; i < kPerWriter; ++i) {
            const std::int64_t id = store->beginRun(start("Writer " + std::to_string(w)), &error);
            RunEnd end;
            end.result = "{}\n";
            if (id == 0 || !store->finishRun(id, end, &error))
                errors->push_back(error);
        }
    };
    std::vector<std::string> errorsA, errorsB;
    std::thread a(writer, 1, &errorsA);
    std::thread b(writer, 2, &errorsB);
    a.join();
    b.join();
    QVERIFY2(errorsA.empty(), errorsA.empty() ? "" : errorsA.front().c_str());
    QVERIFY2(errorsB.empty(), errorsB.empty() ? "" : errorsB.front().c_str());
    auto store = openStore(file);
    const std::vector<RunSummary> runs = store->list();
    QCOMPARE(runs.size(), std::size_t(2 * kPerWriter));
    for (const RunSummary &r : runs)
        QCOMPARE(r.status, RunStatus::Finished);
}

// An undo in one window must not overwrite what another connection wrote
// since: the "From" writes compare and set in one transaction.
void TestHistory::undoWritesOnlyOverItsOwnChange()
{
    const QString file = path("runs.sqlite");
    auto store = openStore(file);
    auto other = openStore(file);
    const std::int64_t id = store->beginRun(start("User profile"));
    QVERIFY(id > 0);
    using Outcome = RunStore::EditOutcome;
    std::string error;

    // The name: written over the expected value, refused over another.
    QVERIFY(store->rename(id, "a"));
    QCOMPARE(store->renameFrom(id, "a", "b", &error), Outcome::Written);
    QVERIFY(other->rename(id, "theirs"));
    QCOMPARE(store->renameFrom(id, "b", "a", &error), Outcome::ChangedMeanwhile);
    QCOMPARE(store->get(id)->name, std::string("theirs"));
    // Already holding the value is no conflict.
    QCOMPARE(store->renameFrom(id, "b", "theirs", &error), Outcome::Written);

    // Tags, compared as lists.
    QVERIFY(store->setTags(id, {"review", "hourly"}));
    QCOMPARE(store->setTagsFrom(id, {"hourly", "review"}, {}, &error), Outcome::ChangedMeanwhile);
    QCOMPARE(store->get(id)->tags, (std::vector<std::string>{"review", "hourly"}));
    QCOMPARE(store->setTagsFrom(id, {"review", "hourly"}, {"review"}, &error), Outcome::Written);
    QCOMPARE(store->get(id)->tags, std::vector<std::string>{"review"});

    // The star.
    QCOMPARE(store->setStarredFrom(id, false, true, &error), Outcome::Written);
    QVERIFY(other->setStarred(id, false));
    QCOMPARE(store->setStarredFrom(id, true, true, &error), Outcome::ChangedMeanwhile);
    QVERIFY(!store->get(id)->starred);

    // A run that is gone fails, and says so.
    QCOMPARE(store->renameFrom(id + 41, "x", "y", &error), Outcome::Failed);
    QVERIFY2(error.find("no run " + std::to_string(id + 41)) != std::string::npos, error.c_str());
    QCOMPARE(store->integrityCheck(), std::string("ok"));
}


// The application keeps its store open while the challenge gallery and a
// challenge's session open their own and close them again; the header check
// of those opens once closed a descriptor of its own and so dropped the
// first connection's locks, and a second process then deleted its log.
void TestHistory::anotherOpenKeepsTheLocks()
{
    const QString file = path("runs.sqlite");
    auto store = openStore(file);
    QVERIFY(store);
    QVERIFY(store->beginRun(start("First")) > 0);
    QCOMPARE(store->list().size(), std::size_t(1));
    QVERIFY(othersSeeSharedLock(file));

    for (const OpenMode mode : {OpenMode::Existing, OpenMode::ReadOnly, OpenMode::Create}) {
        std::string error;
        QVERIFY2(RunStore::open(file.toStdString(), mode, &error), error.c_str()); // opened and closed again
        QVERIFY2(othersSeeSharedLock(file), qPrintable(QStringLiteral("after mode %1").arg(int(mode))));
    }
    QCOMPARE(store->list().size(), std::size_t(1));
}

void TestHistory::checkpointStartsTheLogOver()
{
    const QString file = path("runs.sqlite");
    auto store = openStore(file);
    QVERIFY(store);
    // Two runs with series large enough to span many pages.
    const std::string series = "{\"t\":[" + std::string(200000, '1') + "]}";
    for (int i = 0; i < 2; ++i) {
        const std::int64_t id = store->beginRun(start("Big"));
        QVERIFY(id > 0);
        RunEnd end;
        end.result = "{}\n";
        end.series = series;
        QVERIFY(store->finishRun(id, end));
    }
    const int before = store->checkpoint();
    QVERIFY2(before > 100, qPrintable(QString::number(before)));
    // Everything was copied: the next write starts the log over, so it
    // holds that write's pages alone.
    QVERIFY(store->rename(1, "Renamed"));
    const int after = store->checkpoint();
    QVERIFY2(after > 0 && after < 10, qPrintable(QString::number(after)));
    QCOMPARE(store->get(1)->name, std::string("Renamed"));
    QCOMPARE(store->get(2)->series, series);
    QCOMPARE(store->integrityCheck(), std::string("ok"));
}

// A history copied on its own (a backup, a file handed to a colleague) had
// lost its latest runs, and brought back deleted ones: they were in the
// write-ahead log beside it. Closed, the last connection folds the log in.
void TestHistory::closingLeavesOneFile()
{
    const QString file = path("runs.sqlite");
    const QString copy = path("copy.sqlite");
    {
        auto store = openStore(file);
        QVERIFY(store);
        for (int i = 0; i < 3; ++i)
            QVERIFY(store->beginRun(start("Run")) > 0);
        QVERIFY(store->remove({2}));
        QVERIFY(QFile::exists(file + QStringLiteral("-wal")));
    }
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
    QVERIFY(QFile::copy(file, copy));
    std::string error;
    auto copied = RunStore::open(copy.toStdString(), OpenMode::ReadOnly, &error);
    QVERIFY2(copied, error.c_str());
    std::vector<std::int64_t> ids;
    for (const RunSummary &run : copied->list())
        ids.push_back(run.id);
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (std::vector<std::int64_t>{1, 3}));

    // cqrs-sim run --db leaves the log (the end of a run does not wait for
    // it); the next writer's connection folds it in when it closes.
    {
        auto store = openStore(file);
        QVERIFY(store);
        store->keepLogOnClose();
        QVERIFY(store->beginRun(start("Quick")) > 0);
    }
    QVERIFY(QFile::exists(file + QStringLiteral("-wal")));
    QCOMPARE(openStore(file)->list().size(), std::size_t(3));
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
}

void TestHistory::decimatesSeries()
{
    Json series = Json::object();
    Json t = Json::array(), rate = Json::array(), lag = Json::array();
    for (int i = 0; i < 5000; ++i) {
        t.push_back((i + 1) * 0.5);
        rate.push_back(i % 2 == 0 ? 10.0 : 20.0);
        lag.push_back(i == 2501 ? 9.0 : 1.0);
    }
    series["t"] = t;
    series["commandsAccepted"] = rate;
    series["readModels"]["view"]["lag"] = lag;
    series["readModels"]["view"]["backlog"] = rate;
    const Json d = decimateSeries(series);
    QCOMPARE(d["t"].size(), std::size_t(2000));
    QCOMPARE(d["readModels"]["view"]["lag"].size(), std::size_t(2000));
    QCOMPARE(d["t"].back().get<double>(), 2500.0); // the run's end is kept
    double peak = 0, sum = 0;
    for (const Json &v : d["readModels"]["view"]["lag"])
        peak = std::max(peak, v.get<double>());
    QCOMPARE(peak, 9.0); // a peak survives
    for (const Json &v : d["commandsAccepted"])
        sum += v.get<double>();
    QVERIFY(qAbs(sum / 2000 - 15.0) < 0.01); // rates are averaged
    // A query read now and then, 90% of its reads stale: a merged point is
    // its stale reads over its reads. The intervals without reads (ratio 0)
    // pulled a plain mean down to 30-45%.
    Json issued = Json::array(), ratio = Json::array();
    for (int i = 0; i < 5000; ++i) {
        issued.push_back(i % 5 == 0 ? 2.0 : 0.0);
        ratio.push_back(i % 5 == 0 ? 0.9 : 0.0);
    }
    Json withQuery = series;
    withQuery["queries"]["q"]["issued"] = issued;
    withQuery["queries"]["q"]["staleRatio"] = ratio;
    const Json q = decimateSeries(withQuery)["queries"]["q"];
    QCOMPARE(q["staleRatio"].size(), std::size_t(2000));
    int read = 0;
    for (std::size_t j = 0; j < 2000; ++j) {
        const double v = q["staleRatio"][j].get<double>();
        if (q["issued"][j].get<double>() > 0) {
            QVERIFY2(qAbs(v - 0.9) < 1e-12, qPrintable(QString::number(v)));
            ++read;
        } else {
            QCOMPARE(v, 0.0);
        }
    }
    QCOMPARE(read, 1000); // a read every 5 intervals, 2.5 intervals a point
    // Short series are kept as they are.
    Json shortSeries = Json::object();
    shortSeries["t"] = Json::array({1.0, 2.0});
    QCOMPARE(decimateSeries(shortSeries), shortSeries);

    // A result as the history keeps it: the series out, cut down, as text;
    // the rest in its order, without them.
    Json result = Json::object();
    result["model"] = "m";
    result["series"] = series;
    result["seed"] = 7;
    const std::string expected = decimateSeries(series).dump();
    Json rest;
    QCOMPARE(seriesTextOf(result, &rest), expected);
    QCOMPARE(rest.dump(), std::string(R"({"model":"m","seed":7})"));
    QVERIFY(result.contains("series")); // left as it was
    QCOMPARE(takeSeriesText(result), expected);
    QCOMPARE(result, rest);
    QCOMPARE(takeSeriesText(result), std::string()); // none: nothing
    QCOMPARE(seriesTextOf(result, &rest), std::string());
    QCOMPARE(rest, result);
    // In place, and not an object: nothing lost, nothing thrown.
    Json again = Json::object();
    again["seed"] = 7;
    again["series"] = series;
    QCOMPARE(seriesTextOf(again, &again), expected);
    QCOMPARE(again.dump(), std::string(R"({"seed":7})"));
    Json notAnObject = Json::array({1, 2});
    QCOMPARE(takeSeriesText(notAnObject), std::string());
    QCOMPARE(seriesTextOf(notAnObject, &rest), std::string());
    QCOMPARE(rest, notAnObject);

    // Read back: an object; nothing stored; or damaged (not JSON, or JSON
    // that is not an object).
    bool damaged = true;
    QCOMPARE(storedObject(R"({"t":[1,2]})", &damaged), Json::parse(R"({"t":[1,2]})"));
    QVERIFY(!damaged);
    QVERIFY(storedObject("", &damaged).is_null());
    QVERIFY(!damaged);
    for (const char *text : {"{\"t\": [1", "[1, 2]", "null", "42"}) {
        damaged = false;
        QVERIFY(storedObject(text, &damaged).is_null());
        QVERIFY2(damaged, text);
    }
}

void TestHistory::compareFigures()
{
    auto result = [](double p99, double accepted, double stale) {
        Json r = Json::parse(R"({"simulatedSeconds": 110, "measuredFrom": 10,
            "commands": {"total": {"accepted": 0, "latency": {"p99": 0.02}}},
            "readModels": {"a/b": {"consistencyWindow": {"p50": 0.1, "p99": 0}, "lag": {"max": 1}, "backlog": {"max": 4}, "utilization": 0.25}},
            "queries": {"q": {"staleRatio": 0, "latency": {"p99": 0.001}}}})");
        r["readModels"]["a/b"]["consistencyWindow"]["p99"] = p99;
        r["commands"]["total"]["accepted"] = accepted;
        r["queries"]["q"]["staleRatio"] = stale;
        return r;
    };
    // What `cqrs-sim history compare` prints: no utilization.
    const std::vector<CompareRow> command
        = compareResults({result(0.5, 1000, 0), result(1.0, 500, 0.1)});
    QCOMPARE(command.size(), std::size_t(8));
    QCOMPARE(command[4].path, std::string("/queries/q/staleRatio"));
    const std::vector<CompareRow> rows = compareResults(
        {result(0.5, 1000, 0), result(1.0, 500, 0.1)}, CompareFigures::WithUtilization);
    QCOMPARE(rows.size(), std::size_t(9));
    QCOMPARE(rows[1].path, std::string("/readModels/a~1b/consistencyWindow/p99"));
    QCOMPARE(*rows[1].values[1], 1.0);
    QCOMPARE(*rows[1].relative[0], 1.0);
    QCOMPARE(*rows[1].relative[1], 2.0);
    QCOMPARE(rows[4].path, std::string("/readModels/a~1b/utilization"));
    QCOMPARE(*rows[4].values[1], 0.25);
    QCOMPARE(rows[5].path, std::string("/queries/q/staleRatio"));
    QVERIFY(!rows[5].relative[1]); // 0.1 over 0: no ratio
    const CompareRow &accepted = rows.back();
    QCOMPARE(accepted.path, std::string("/commands/total/accepted"));
    QVERIFY(accepted.perSecond);
    QCOMPARE(*accepted.values[0], 10.0); // 1000 over 100 measured seconds
    QCOMPARE(*accepted.relative[1], 0.5);
    const Json j = compareJson({3, 4}, rows);
    QCOMPARE(j["runs"], Json::array({3, 4}));
    QCOMPARE(j["rows"][5]["relative"][1], Json(nullptr));
    // A damaged result (a stored row changed outside the application): the
    // fields per second depend on, of another type, leave that figure out
    // instead of throwing.
    Json damaged = result(1.0, 500, 0.1);
    damaged["simulatedSeconds"] = "110";
    damaged["measuredFrom"] = nullptr;
    const std::vector<CompareRow> withDamaged = compareResults({result(0.5, 1000, 0), damaged});
    QVERIFY(!withDamaged.back().values[1]);
    QCOMPARE(*withDamaged.back().values[0], 10.0);
    QCOMPARE(*withDamaged[1].values[1], 1.0); // its other figures stay
    // A read model that applied nothing measured (a batch interval longer than
    // the run) has no window percentiles: its 0 s is no figure, not the best.
    Json idle = result(1.0, 500, 0.1);
    idle["readModels"]["a/b"]["consistencyWindow"]["count"] = 0;
    idle["readModels"]["a/b"]["consistencyWindow"]["p50"] = 0;
    idle["readModels"]["a/b"]["consistencyWindow"]["p99"] = 0;
    Json applied = result(0.5, 1000, 0);
    applied["readModels"]["a/b"]["consistencyWindow"]["count"] = 12;
    const std::vector<CompareRow> withIdle = compareResults({applied, idle});
    QCOMPARE(withIdle[0].path, std::string("/readModels/a~1b/consistencyWindow/p50"));
    QCOMPARE(*withIdle[0].values[0], 0.1);
    QVERIFY(!withIdle[0].values[1]);
    QVERIFY(!withIdle[1].values[1]);
    QVERIFY(!withIdle[1].relative[1]);
    QCOMPARE(*withIdle[2].values[1], 1.0); // the lag is still a figure
    // Likewise the latency when no command (or no read of a query) completed.
    Json still = result(1.0, 0, 0);
    still["commands"]["total"]["latency"]["count"] = 0;
    still["queries"]["q"]["latency"]["count"] = 0;
    const std::vector<CompareRow> withStill = compareResults({result(0.5, 1000, 0), still});
    QCOMPARE(withStill[5].path, std::string("/queries/q/latency/p99"));
    QCOMPARE(*withStill[5].values[0], 0.001);
    QVERIFY(!withStill[5].values[1]);
    QCOMPARE(withStill[6].path, std::string("/commands/total/latency/p99"));
    QCOMPARE(*withStill[6].values[0], 0.02);
    QVERIFY(!withStill[6].values[1]);
    QVERIFY(!withStill[6].relative[1]);
    // What a strategy trades stale reads for is listed where a run has it:
    // optimistic-ui's pending confirmation (none for an eventual run), and
    // wait-for-version's timeouts per second.
    Json eventual = result(0.5, 1000, 0.1);
    eventual["queries"]["q"]["pendingConfirmation"] = {{"count", 0}, {"p99", 0}};
    eventual["queries"]["q"]["timeouts"] = 0;
    Json optimistic = eventual;
    optimistic["queries"]["q"]["pendingConfirmation"] = {{"count", 40}, {"p99", 0.8}};
    Json waiting = eventual;
    waiting["queries"]["q"]["timeouts"] = 25;
    QCOMPARE(compareResults({eventual, eventual}).size(), std::size_t(8));
    const std::vector<CompareRow> strategies = compareResults({eventual, optimistic, waiting});
    QCOMPARE(strategies.size(), std::size_t(10));
    QCOMPARE(strategies[6].path, std::string("/queries/q/pendingConfirmation/p99"));
    QVERIFY(strategies[6].lowerIsBetter);
    QVERIFY(!strategies[6].values[0]); // no optimistic read: no figure, not 0 s
    QCOMPARE(*strategies[6].values[1], 0.8);
    QVERIFY(!strategies[6].values[2]);
    QCOMPARE(strategies[7].path, std::string("/queries/q/timeouts"));
    QVERIFY(strategies[7].perSecond);
    QCOMPARE(*strategies[7].values[0], 0.0);
    QCOMPARE(*strategies[7].values[2], 0.25); // 25 over 100 measured seconds
    // One sweep point's figures: 0 timeouts is a figure, even where this
    // run alone would not list the row; no optimistic read is none.
    const std::vector<CompareRow> point = compareResults({eventual}, CompareFigures::Every);
    QCOMPARE(point.size(), std::size_t(11)); // with the utilization
    QCOMPARE(point[7].path, std::string("/queries/q/pendingConfirmation/p99"));
    QVERIFY(!point[7].values[0]);
    QCOMPARE(point[8].path, std::string("/queries/q/timeouts"));
    QCOMPARE(*point[8].values[0], 0.0);
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
