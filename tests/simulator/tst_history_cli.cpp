// `cqrs-sim run/sweep --db` and `cqrs-sim history ...` as a user calls them
// (DESIGN section 7), with the database checked through the store itself.
#include "simtestutil.h"

#include <QtTest>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <cstdlib>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cqrs/history/runstore.h>

#include <algorithm>
#include <map>
#include <thread>

using namespace cqrs::history;

class TestHistoryCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void runDbPrintsTheSameResult();
    void seriesDoNotChangeTheFigures();
    void recordedRunsKeepTheLogShort();
    void showIsByteForByte();
    void listJson();
    void sweepRecordsEveryPoint();
    void compare();
    void deleteAllOrNothing();
    void damagedRowsAreReported();
    void exitCodes_data();
    void exitCodes();
    void refusedDatabaseIsNotTouched_data();
    void refusedDatabaseIsNotTouched();
    void environmentAndDefaultFile();
    void killSafety();
    void concurrentRecorders();

private:
    using Outcome = cqrs::simtest::CliOutcome;
    Outcome cli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QStringList runArgs(const QStringList &extra = {}) const;
    QString db() const { return m_dir->filePath(QStringLiteral("runs.sqlite")); }

    QString m_program;
    QString m_model;
    QTemporaryDir m_modelDir;
    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

const char *kModel = R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "History test",
  "aggregates": [ { "id": "user", "instances": 100 } ],
  "commands": [ { "id": "rename", "aggregate": "user",
                  "handlerTime": { "dist": "exponential", "mean": 0.002 },
                  "emits": ["renamed"] } ],
  "events": [ { "id": "renamed", "aggregate": "user" } ],
  "readModels": [ { "id": "view", "subscribes": ["renamed"], "consumers": 2,
                    "update": { "mode": "streaming", "delay": { "dist": "exponential", "mean": 0.05 } },
                    "applyTime": 0.001 } ],
  "queries": [ { "id": "get", "readModel": "view" } ],
  "workload": { "duration": 30, "seed": 3, "commandRate": 100, "queryRate": 50, "sampleInterval": 0.01 }
})";

QByteArray withoutWall(QByteArray text)
{
    static const QRegularExpression wall(QStringLiteral("\"wallSeconds\": *[0-9.e+-]+"));
    return QString::fromUtf8(text).replace(wall, QStringLiteral("\"wallSeconds\": 0")).toUtf8();
}

QJsonObject parse(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

QByteArray bytesOf(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::unique_ptr<RunStore> openStore(const QString &file)
{
    std::string error;
    auto store = RunStore::open(file.toStdString(), OpenMode::Existing, &error);
    if (!store)
        qWarning() << error.c_str();
    return store;
}

/// The start of a run recorded by the test itself, not by cqrs-sim.
RunStart runStart(const std::string &modelName)
{
    RunStart start;
    start.modelName = modelName;
    start.modelJson = "{}";
    start.appVersion = "test";
    return start;
}

} // namespace

void TestHistoryCli::initTestCase()
{
    m_program = QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-sim/cqrs-sim");
    QVERIFY2(QFile::exists(m_program), qPrintable(m_program));
    QVERIFY(m_modelDir.isValid());
    m_model = m_modelDir.filePath(QStringLiteral("model.cqrs.json"));
    QFile f(m_model);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kModel);
}

void TestHistoryCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

TestHistoryCli::Outcome TestHistoryCli::cli(const QStringList &args, const QProcessEnvironment &env)
{
    QProcessEnvironment e = env;
    if (!env.contains(QStringLiteral("KEEP_DB_ENV")))
        e.remove(QStringLiteral("CQRS_STUDIO_DB"));
    return cqrs::simtest::runCli(m_program, args, e);
}

QStringList TestHistoryCli::runArgs(const QStringList &extra) const
{
    return QStringList{QStringLiteral("run"), m_model} + extra;
}

void TestHistoryCli::runDbPrintsTheSameResult()
{
    const Outcome plain = cli(runArgs());
    QCOMPARE(plain.exitCode, 0);
    const Outcome recorded = cli(runArgs({"--db", db()}));
    QCOMPARE(recorded.exitCode, 0);
    QVERIFY(recorded.err.isEmpty());
    QCOMPARE(withoutWall(recorded.out), withoutWall(plain.out));
    QVERIFY(!parse(recorded.out).contains("series"));

    // With --series too, and the series are stored either way.
    const Outcome plainSeries = cli(runArgs({"--series"}));
    const Outcome recordedSeries = cli(runArgs({"--series", "--db", db(), "--name", "with series"}));
    QCOMPARE(recordedSeries.exitCode, 0);
    QCOMPARE(withoutWall(recordedSeries.out), withoutWall(plainSeries.out));

    auto store = openStore(db());
    QVERIFY(store);
    const std::optional<RunRecord> first = store->get(1);
    QVERIFY(first);
    QCOMPARE(first->status, RunStatus::Finished);
    QCOMPARE(first->name, std::string("History test"));
    QCOMPARE(first->seed, 3);
    QVERIFY(first->modelJson.find("\"History test\"") != std::string::npos);
    const QJsonObject series = parse(QByteArray::fromStdString(first->series));
    // 3000 intervals of 0.01 s, cut down to 2000 points each.
    QCOMPARE(series.value("t").toArray().size(), 2000);
    QCOMPARE(series.value("readModels").toObject().value("view").toObject().value("windowP99").toArray().size(), 2000);
    QCOMPARE(series.value("t").toArray().last().toDouble(), 30.0);
    QCOMPARE(store->get(2)->name, std::string("with series"));
    // Unprinted, the engine cuts the series itself; printed, the full series
    // are cut afterwards: the same points are stored either way.
    QCOMPARE(store->get(2)->series, first->series);
}

void TestHistoryCli::seriesDoNotChangeTheFigures()
{
    // A recorded run computes series it does not print: that must not change
    // any other figure of the result.
    for (const QString &seed : {QStringLiteral("1"), QStringLiteral("99")}) {
        QJsonObject with = parse(cli(runArgs({"--series", "--seed", seed})).out);
        QJsonObject without = parse(cli(runArgs({"--seed", seed})).out);
        QVERIFY(with.contains("series"));
        with.remove("series");
        for (QJsonObject *r : {&with, &without}) {
            QJsonObject engine = r->value("engine").toObject();
            engine.remove("wallSeconds");
            r->insert("engine", engine);
        }
        QCOMPARE(with, without);
    }
}

void TestHistoryCli::recordedRunsKeepTheLogShort()
{
    // Each recorded run moves the earlier runs' pages from the write-ahead
    // log into the database as it starts: the log then holds the last run's
    // pages alone, however many runs went before (without that, it grows
    // until SQLite checkpoints it within some run's final commit).
    const auto logPagesAfter = [&](const QString &file, int runs) {
        for (int i = 0; i < runs; ++i) {
            const Outcome run = cli(runArgs({"--db", file}));
            if (run.exitCode != 0)
                return -1;
        }
        auto store = openStore(file);
        return store ? store->checkpoint() : -1;
    };
    const int afterTwo = logPagesAfter(m_dir->filePath(QStringLiteral("two.sqlite")), 2);
    const int afterFive = logPagesAfter(m_dir->filePath(QStringLiteral("five.sqlite")), 5);
    QVERIFY2(afterTwo > 0 && afterFive > 0 && afterFive < afterTwo * 3 / 2,
             qPrintable(QStringLiteral("after two runs %1 pages, after five %2").arg(afterTwo).arg(afterFive)));
    auto store = openStore(m_dir->filePath(QStringLiteral("five.sqlite")));
    QCOMPARE(store->list().size(), std::size_t(5));
    QCOMPARE(store->integrityCheck(), std::string("ok"));
}

void TestHistoryCli::showIsByteForByte()
{
    const QString out = m_dir->filePath(QStringLiteral("result.json"));
    QCOMPARE(cli(runArgs({"--db", db(), "--out", out, "--set", "workload.commandRate=80"})).exitCode, 0);
    const Outcome shown = cli({"history", "show", "1", "--db", db()});
    QCOMPARE(shown.exitCode, 0);
    QCOMPARE(shown.out, bytesOf(out));
    const Outcome model = cli({"history", "show", "1", "--db", db(), "--model"});
    QCOMPARE(model.exitCode, 0);
    QCOMPARE(parse(model.out).value("workload").toObject().value("commandRate").toDouble(), 80.0); // as run
    QVERIFY(model.out.endsWith("}\n"));
    const Outcome series = cli({"history", "show", "1", "--db", db(), "--series"});
    QCOMPARE(series.exitCode, 0);
    QCOMPARE(parse(series.out).value("t").toArray().size(), 2000);
    QCOMPARE(cli({"history", "show", "1", "--db", db(), "--series", "--model"}).exitCode, 1);
    auto store = openStore(db());
    QCOMPARE(store->get(1)->overrides, std::vector<std::string>{"workload.commandRate=80"});
}

void TestHistoryCli::listJson()
{
    QCOMPARE(cli(runArgs({"--db", db(), "--seed", "11"})).exitCode, 0);
    QCOMPARE(cli(runArgs({"--db", db(), "--name", "second"})).exitCode, 0);
    const Outcome o = cli({"history", "list", "--db", db(), "--json"});
    QCOMPARE(o.exitCode, 0);
    const QList<QByteArray> lines = o.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject newest = parse(lines[0]);
    QCOMPARE(newest.keys(), (QStringList{"finishedAt", "id", "model", "name", "seed", "startedAt", "status"}));
    QCOMPARE(newest.value("id").toInt(), 2);
    QCOMPARE(newest.value("name").toString(), QStringLiteral("second"));
    QCOMPARE(newest.value("model").toString(), QStringLiteral("History test"));
    QCOMPARE(newest.value("status").toString(), QStringLiteral("finished"));
    QCOMPARE(parse(lines[1]).value("seed").toInt(), 11);
    const QDateTime started = QDateTime::fromString(newest.value("startedAt").toString(), Qt::ISODateWithMs);
    QVERIFY(started.isValid());
    QCOMPARE(started.timeSpec(), Qt::UTC);
    QVERIFY(qAbs(started.secsTo(QDateTime::currentDateTimeUtc())) < 600);

    const Outcome text = cli({"history", "list", "--db", db()});
    QCOMPARE(text.exitCode, 0);
    QCOMPARE(text.out.count('\n'), 3); // a header and two runs
    QVERIFY(text.out.contains("second  [History test]"));

    // A run's star and tags, as the Run History shows them.
    {
        auto store = openStore(db());
        QVERIFY(store->setStarred(2, true));
        QVERIFY(store->setTags(2, {"workshop", "day 1"}));
    }
    const QJsonObject tagged
        = parse(cli({"history", "list", "--db", db(), "--json"}).out.trimmed().split('\n').first());
    QCOMPARE(tagged.value("starred").toBool(), true);
    QCOMPARE(tagged.value("tags").toArray(), (QJsonArray{"workshop", "day 1"}));
    QVERIFY(!parse(lines[1]).contains("tags") && !parse(lines[1]).contains("starred"));
    QVERIFY2(cli({"history", "list", "--db", db()})
                 .out.contains("second  [History test]  tags: workshop, day 1  (starred)"),
             cli({"history", "list", "--db", db()}).out.constData());
}

void TestHistoryCli::sweepRecordsEveryPoint()
{
    const QStringList args{"sweep", m_model, "--vary", "workload.commandRate=20:60:3", "--jobs", "2"};
    const Outcome plain = cli(args);
    const Outcome recorded = cli(args + QStringList{"--db", db()});
    QCOMPARE(recorded.exitCode, 0);
    QCOMPARE(withoutWall(recorded.out), withoutWall(plain.out));
    const QList<QByteArray> lines = cli({"history", "list", "--db", db(), "--json"}).out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QSet<double> values;
    for (const QByteArray &line : lines) {
        const QJsonObject o = parse(line);
        QCOMPARE(o.value("sweep").toInt(), 1);
        QCOMPARE(o.value("status").toString(), QStringLiteral("finished"));
        values.insert(o.value("value").toDouble());
    }
    QCOMPARE(values, (QSet<double>{20, 40, 60}));
    // Each point is stored as `run --out` would have written it.
    auto store = openStore(db());
    for (const RunSummary &r : store->list()) {
        const Outcome single = cli(runArgs({"--set", QStringLiteral("workload.commandRate=%1").arg(*r.sweepValue)}));
        QCOMPARE(withoutWall(QByteArray::fromStdString(store->get(r.id)->result)), withoutWall(single.out));
        QVERIFY(!store->get(r.id)->series.empty());
    }
    QCOMPARE(store->sweeps().size(), std::size_t(1));
    QCOMPARE(store->sweeps().front().runs, std::size_t(3));

    // A point's name gives its value as short as it reads apart from the
    // others (34.6, not 34.6410161513775); its override keeps every digit.
    const QString logDb = m_dir->filePath(QStringLiteral("log.sqlite"));
    QCOMPARE(cli({"sweep", m_model, "--vary", "workload.commandRate=20:60:3:log", "--db", logDb}).exitCode, 0);
    auto logStore = openStore(logDb);
    QStringList names;
    for (const RunSummary &r : logStore->list()) {
        names << QString::fromStdString(r.name);
        const std::vector<std::string> overrides = logStore->get(r.id)->overrides;
        const std::string prefix = "workload.commandRate=";
        QVERIFY(overrides.back().starts_with(prefix));
        QCOMPARE(std::strtod(overrides.back().c_str() + prefix.size(), nullptr), *r.sweepValue);
    }
    names.sort(); // points start in any order with several jobs
    QCOMPARE(names, (QStringList{"History test (workload.commandRate = 20)",
                                 "History test (workload.commandRate = 34.6)",
                                 "History test (workload.commandRate = 60)"}));
}

void TestHistoryCli::compare()
{
    QCOMPARE(cli(runArgs({"--db", db()})).exitCode, 0);
    QCOMPARE(cli(runArgs({"--db", db(), "--set", "readModels.view.consumers=1"})).exitCode, 0);
    QCOMPARE(cli(runArgs({"--db", db(), "--set", "workload.commandRate=50"})).exitCode, 0);
    const Outcome o = cli({"history", "compare", "1", "2", "3", "--db", db(), "--json"});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject j = parse(o.out);
    QCOMPARE(j.value("runs").toArray(), (QJsonArray{1, 2, 3}));
    const QJsonObject first = parse(cli({"history", "show", "1", "--db", db()}).out);
    const QJsonObject second = parse(cli({"history", "show", "2", "--db", db()}).out);
    QStringList paths;
    for (const QJsonValue &v : j.value("rows").toArray()) {
        const QJsonObject row = v.toObject();
        paths << row.value("path").toString();
        QCOMPARE(row.value("values").toArray().size(), 3);
        QCOMPARE(row.value("relative").toArray().at(0).toDouble(), 1.0);
    }
    QCOMPARE(paths, (QStringList{"/readModels/view/consistencyWindow/p50", "/readModels/view/consistencyWindow/p99",
                                 "/readModels/view/lag/max", "/readModels/view/backlog/max",
                                 "/queries/get/staleRatio", "/queries/get/latency/p99",
                                 "/commands/total/latency/p99", "/commands/total/accepted"}));
    // The values are the results' own figures; relative is over the first run's.
    const QJsonObject p99 = j.value("rows").toArray().at(1).toObject();
    const double a = first["readModels"]["view"]["consistencyWindow"]["p99"].toDouble();
    const double b = second["readModels"]["view"]["consistencyWindow"]["p99"].toDouble();
    QCOMPARE(p99.value("values").toArray().at(1).toDouble(), b);
    QVERIFY(qAbs(p99.value("relative").toArray().at(1).toDouble() - b / a) < 1e-12);
    const QJsonObject accepted = j.value("rows").toArray().last().toObject();
    QVERIFY(qAbs(accepted.value("values").toArray().at(0).toDouble()
                 - first["commands"]["total"]["accepted"].toDouble() / 30.0) < 1e-9);

    const Outcome text = cli({"history", "compare", "1", "3", "--db", db()});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("view: consistency window p99 (s)"));
    QVERIFY(text.out.contains("(x"));
    // Ratios in three significant digits ("x1.06015" read as more than it says).
    const QString ratioText = QStringLiteral("(x%1)").arg(QString::number(b / a, 'g', 3));
    QVERIFY2(text.out.contains(ratioText.toUtf8()), qPrintable(ratioText + "\n" + text.out));
    static const QRegularExpression anyRatio(QStringLiteral("\\(x([0-9.e+-]+)\\)"));
    for (auto it = anyRatio.globalMatch(QString::fromUtf8(text.out)); it.hasNext();) {
        const QString digits = it.next().captured(1).remove(QLatin1Char('.')).remove(QRegularExpression("^0+"));
        QVERIFY2(digits.size() <= 3, qPrintable(digits));
    }
    const Outcome one = cli({"history", "compare", "1", "--db", db()});
    QCOMPARE(one.exitCode, 1); // needs two runs, said plainly (not CLI11's "At least 2 required")
    QVERIFY2(one.err.startsWith("cqrs-sim history compare: ID: 2 or more are needed, 1 was given\n"),
             one.err.constData());
    const Outcome twice = cli({"history", "compare", "1", "1", "--db", db()});
    QCOMPARE(twice.exitCode, 1); // one run given twice is not a comparison
    QVERIFY(twice.out.isEmpty());
    QVERIFY2(twice.err.contains("two or more different runs"), twice.err.constData());
    QVERIFY(text.err.isEmpty()); // two finished runs: no note
    {
        // A run stopped part way, with the result it had: said beside the table.
        auto store = openStore(db());
        const std::optional<RunRecord> run1 = store->get(1);
        QVERIFY(run1);
        RunStart start;
        start.modelName = run1->modelName;
        start.modelJson = run1->modelJson;
        start.seed = run1->seed;
        const std::int64_t id = store->beginRun(start);
        RunEnd end;
        end.status = RunStatus::Stopped;
        end.result = run1->result;
        QVERIFY(store->finishRun(id, end));
        const Outcome stopped = cli({"history", "compare", "1", QString::number(id), "--db", db()});
        QCOMPARE(stopped.exitCode, 0);
        QCOMPARE(stopped.err, QByteArray("note: run ") + QByteArray::number(qlonglong(id))
                                  + " is stopped: its figures cover only the part that ran\n");
    }
}

void TestHistoryCli::deleteAllOrNothing()
{
    for (int i = 0; i < 3; ++i)
        QCOMPARE(cli(runArgs({"--db", db(), "--duration", "5"})).exitCode, 0);
    const Outcome missing = cli({"history", "delete", "1", "7", "--db", db()});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("no run 7"));
    QCOMPARE(openStore(db())->list().size(), std::size_t(3));
    QCOMPARE(cli({"history", "delete", "1", "3", "--db", db()}).exitCode, 0);
    const std::vector<RunSummary> left = openStore(db())->list();
    QCOMPARE(left.size(), std::size_t(1));
    QCOMPARE(left.front().id, 2);
    QCOMPARE(cli({"history", "show", "1", "--db", db()}).exitCode, 2);
}

void TestHistoryCli::damagedRowsAreReported()
{
    // Rows changed by something else than CQRS Studio: a result and series
    // that are not JSON are named as damaged (exit 2), not printed as
    // "<discarded>" nor taken for a run that has no result.
    QCOMPARE(cli(runArgs({"--db", db(), "--duration", "5"})).exitCode, 0);
    {
        std::unique_ptr<RunStore> store = openStore(db());
        QVERIFY(store);
        const std::int64_t id = store->beginRun(runStart("History test"));
        QCOMPARE(id, 2);
        RunEnd end;
        end.result = "{\"format\": \"cqrs-studio/result\", \"seed\": 3"; // cut short
        end.series = "{\"t\": [0.01, 0.02";
        QVERIFY(store->finishRun(id, end));
    }
    const Outcome series = cli({"history", "show", "2", "--series", "--db", db()});
    QCOMPARE(series.exitCode, 2);
    QVERIFY(series.out.isEmpty());
    QCOMPARE(series.err, db().toUtf8() + ": run 2: the stored series are damaged (not a JSON object)\n");
    for (const QStringList &args : {QStringList{"1", "2"}, QStringList{"2", "1", "--json"}}) {
        const Outcome compare = cli(QStringList{"history", "compare"} + args + QStringList{"--db", db()});
        QCOMPARE(compare.exitCode, 2);
        QVERIFY(compare.out.isEmpty());
        QCOMPARE(compare.err, db().toUtf8() + ": run 2: the stored result is damaged (not a JSON object)\n");
    }
    // show prints the result as stored, byte for byte, whatever it is.
    const Outcome shown = cli({"history", "show", "2", "--db", db()});
    QCOMPARE(shown.exitCode, 0);
    QCOMPARE(shown.out, QByteArray("{\"format\": \"cqrs-studio/result\", \"seed\": 3"));
    QCOMPARE(cli({"history", "show", "1", "--series", "--db", db()}).exitCode, 0);
    // JSON, but not what a result or series is.
    {
        std::unique_ptr<RunStore> store = openStore(db());
        RunEnd end;
        end.result = "[1, 2]";
        end.series = "null";
        QVERIFY(store->finishRun(2, end));
    }
    QCOMPARE(cli({"history", "show", "2", "--series", "--db", db()}).exitCode, 2);
    QCOMPARE(cli({"history", "compare", "1", "2", "--db", db()}).exitCode, 2);
}

void TestHistoryCli::exitCodes_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::addRow("show unknown id") << QStringList{"history", "show", "5"} << 2 << "runs.sqlite: no run 5";
    QTest::addRow("compare unknown id") << QStringList{"history", "compare", "1", "9"} << 2 << "no run 9";
    QTest::addRow("show not a number") << QStringList{"history", "show", "one"} << 1 << "ID must be a run number";
    QTest::addRow("show without id") << QStringList{"history", "show"} << 1 << "ID is required\n\nprint a run";
    QTest::addRow("usage names the whole command") << QStringList{"history", "show"} << 1 << "Usage: cqrs-sim history show";
    QTest::addRow("no sub-command") << QStringList{"history"} << 1 << "cqrs-sim history";
    QTest::addRow("unknown sub-command") << QStringList{"history", "purge"} << 1 << "cqrs-sim history";
    QTest::addRow("show missing file") << QStringList{"history", "show", "1", "--db", "MISSING"} << 2
                                       << "MISSING: no such file";
}

void TestHistoryCli::exitCodes()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QCOMPARE(cli(runArgs({"--db", db(), "--duration", "5"})).exitCode, 0);
    if (!args.contains("--db") && args.size() > 2)
        args << "--db" << db();
    args.replaceInStrings(QStringLiteral("MISSING"), m_dir->filePath(QStringLiteral("missing.sqlite")));
    message.replace(QStringLiteral("MISSING"), m_dir->filePath(QStringLiteral("missing.sqlite")));
    const Outcome o = cli(args);
    QCOMPARE(o.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(o.err).contains(message), o.err.constData());
    QVERIFY(o.out.isEmpty());
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("missing.sqlite"))));
}

void TestHistoryCli::refusedDatabaseIsNotTouched_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("run --db") << runArgs({"--db", "@DB@"});
    QTest::addRow("sweep --db") << QStringList{"sweep", m_model, "--vary", "workload.commandRate=20:60:2", "--db", "@DB@"};
    QTest::addRow("history list") << QStringList{"history", "list", "--db", "@DB@"};
    QTest::addRow("history list --json") << QStringList{"history", "list", "--json", "--db", "@DB@"};
    QTest::addRow("history show") << QStringList{"history", "show", "1", "--db", "@DB@"};
    QTest::addRow("history compare") << QStringList{"history", "compare", "1", "2", "--db", "@DB@"};
    QTest::addRow("history delete") << QStringList{"history", "delete", "1", "--db", "@DB@"};
}

void TestHistoryCli::refusedDatabaseIsNotTouched()
{
    QFETCH(QStringList, args);
    const QString file = db();
    // A placeholder no temporary directory's name holds ("…-zKdzDB" did).
    args.replaceInStrings(QStringLiteral("@DB@"), file);
    for (const QByteArray &content : {QByteArray("name,seed\nbaseline,42\n"), QByteArray("SQLite format 3")}) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        const Outcome o = cli(args);
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.out.isEmpty()); // a run that cannot be recorded stops and prints nothing
        QVERIFY2(o.err.startsWith(file.toUtf8() + ": "), o.err.constData());
        QVERIFY(o.err.contains("not a SQLite database") || o.err.contains("damaged"));
        QCOMPARE(bytesOf(file), content);
    }
}

void TestHistoryCli::environmentAndDefaultFile()
{
    QTemporaryDir data;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
    env.remove(QStringLiteral("CQRS_STUDIO_DB"));

    // The same file as the application's QStandardPaths::AppDataLocation.
    qputenv("XDG_DATA_HOME", data.path().toUtf8());
    QCoreApplication::setOrganizationName(QStringLiteral("CQRS Studio"));
    QCoreApplication::setApplicationName(QStringLiteral("CQRS Studio"));
    const QString appFile = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/runs.sqlite";
    QCOMPARE(QString::fromStdString(defaultDatabasePath()), appFile);

    // Without --db and without CQRS_STUDIO_DB, run records nothing.
    QCOMPARE(cli(runArgs({"--duration", "5"}), env).exitCode, 0);
    QVERIFY(!QFile::exists(appFile));
    const Outcome empty = cli({"history", "list"}, env);
    QCOMPARE(empty.exitCode, 0);
    QVERIFY(empty.out.isEmpty());
    QVERIFY(empty.err.contains(appFile.toUtf8() + ": no runs recorded yet"));
    QVERIFY(!QFile::exists(appFile));

    // The application's file (as if the GUI had recorded) is the history commands' default.
    QVERIFY(RunStore::open(appFile.toStdString(), nullptr));
    QCOMPARE(cli(runArgs({"--duration", "5", "--db", appFile}), env).exitCode, 0);
    QCOMPARE(cli({"history", "list", "--json"}, env).out.count('\n'), 1);

    // CQRS_STUDIO_DB: run records there and history reads it.
    const QString other = m_dir->filePath(QStringLiteral("env.sqlite"));
    env.insert(QStringLiteral("CQRS_STUDIO_DB"), other);
    env.insert(QStringLiteral("KEEP_DB_ENV"), QStringLiteral("1"));
    QCOMPARE(cli(runArgs({"--duration", "5", "--name", "from env"}), env).exitCode, 0);
    QCOMPARE(cli(runArgs({"--duration", "5", "--name", "explicit", "--db", db()}), env).exitCode, 0);
    QCOMPARE(cli({"history", "list", "--json"}, env).out.count('\n'), 1);
    QVERIFY(cli({"history", "list", "--json"}, env).out.contains("from env"));
    QVERIFY(cli({"history", "list", "--json", "--db", db()}, env).out.contains("explicit"));
    QCOMPARE(openStore(appFile)->list().size(), std::size_t(1));
}

// SIGKILL at random instants of `run --db` and `sweep --db`: the database
// always passes integrity_check, earlier runs are intact, and the killed run
// reads interrupted (or finished, when the kill came after its end).
void TestHistoryCli::killSafety()
{
    const QString file = db();
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(cli(runArgs({"--db", file, "--duration", "20"})).exitCode, 0);
    const qint64 runMs = std::max<qint64>(20, timer.elapsed());
    std::map<std::int64_t, std::string> kept;
    auto store = openStore(file);
    QVERIFY(store);
    kept[1] = store->get(1)->result;

    QRandomGenerator rng(20261130);
    int interrupted = 0;
    for (int i = 0; i < 20; ++i) {
        const bool sweep = i % 4 == 3;
        // Sweeps (i % 4 == 3) and a quarter of the runs are killed at random instants; the other half of
        // the runs wait for their row.
        const bool waitForTheRow = i % 4 == 1 || i % 4 == 2;
        // The runs whose kill waits for their row are longer, so that the kill lands during them.
        const QStringList args = sweep ? QStringList{"sweep", m_model, "--duration", "10", "--vary",
                                                     "workload.commandRate=20:80:4", "--jobs", "2", "--db", file}
                                       : runArgs({"--db", file, "--duration", waitForTheRow ? "200" : "20"});
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CQRS_STUDIO_DB"));
        p.setProcessEnvironment(env);
        p.start(m_program, args);
        QVERIFY(p.waitForStarted());
        if (!waitForTheRow) {
            // At a random moment: before the row exists, during the run (or the sweep), or after it.
            const int delay = static_cast<int>(rng.bounded(static_cast<quint32>(runMs * 3 / 2 + 1)));
            p.waitForFinished(delay);
        } else {
            // After the process has recorded its run as running, so that some kills
            // land during a run however slow or fast this machine is today.
            QElapsedTimer waited;
            waited.start();
            const auto recorded = [&] {
                const std::vector<RunSummary> rows = store->list();
                return std::any_of(rows.begin(), rows.end(), [&](const RunSummary &r) { return !kept.count(r.id); });
            };
            while (p.state() == QProcess::Running && waited.elapsed() < 10000 && !recorded())
                p.waitForFinished(1);
            p.waitForFinished(static_cast<int>(rng.bounded(static_cast<quint32>(runMs / 4 + 1))));
        }
        p.kill(); // SIGKILL
        p.waitForFinished();

        QCOMPARE(store->integrityCheck(), std::string("ok"));
        for (const auto &[id, result] : kept)
            QCOMPARE(store->get(id)->result, result);
        for (const RunSummary &r : store->list()) {
            if (kept.count(r.id))
                continue;
            QVERIFY2(r.status == RunStatus::Interrupted || r.status == RunStatus::Finished,
                     std::string(statusName(r.status)).c_str());
            if (r.status == RunStatus::Interrupted) {
                ++interrupted;
                QVERIFY(store->get(r.id)->result.empty());
            }
            kept[r.id] = store->get(r.id)->result;
        }
    }
    qInfo("%d runs interrupted, %zu rows, one run takes %lld ms", interrupted, kept.size(),
          static_cast<long long>(runMs));
    QVERIFY(interrupted >= 3); // the kills did land during runs
    QCOMPARE(cli({"history", "list", "--db", file}).exitCode, 0);
}

// Two cqrs-sim processes and this process's store record into one file at once.
void TestHistoryCli::concurrentRecorders()
{
    const QString file = db();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("CQRS_STUDIO_DB"));
    QProcess a, b;
    for (QProcess *p : {&a, &b}) {
        p->setProcessEnvironment(env);
        p->start(m_program, {"sweep", m_model, "--duration", "5", "--vary", "workload.commandRate=20:100:8",
                             "--jobs", "2", "--db", file});
    }
    std::string error;
    auto store = RunStore::open(file.toStdString(), &error);
    QVERIFY2(store, error.c_str());
    int mine = 0;
    while (a.state() != QProcess::NotRunning || b.state() != QProcess::NotRunning || mine < 10) {
        const std::int64_t id = store->beginRun(runStart("In-process"), &error);
        QVERIFY2(id > 0, error.c_str());
        RunEnd end;
        end.result = "{}\n";
        QVERIFY2(store->finishRun(id, end, &error), error.c_str());
        ++mine;
        a.waitForFinished(1);
        b.waitForFinished(1);
    }
    for (QProcess *p : {&a, &b}) {
        QVERIFY(p->state() == QProcess::NotRunning || p->waitForFinished(60000));
        QCOMPARE(p->exitStatus(), QProcess::NormalExit);
        QCOMPARE(p->exitCode(), 0);
        const QByteArray err = p->readAllStandardError();
        QVERIFY2(!err.contains("locked") && err.isEmpty(), err.constData());
        QCOMPARE(p->readAllStandardOutput().count('\n'), 8);
    }
    const std::vector<RunSummary> runs = store->list();
    QCOMPARE(runs.size(), std::size_t(16 + mine));
    for (const RunSummary &r : runs)
        QCOMPARE(r.status, RunStatus::Finished);
    QCOMPARE(store->sweeps().size(), std::size_t(2));
    QCOMPARE(store->integrityCheck(), std::string("ok"));
}

QTEST_GUILESS_MAIN(TestHistoryCli)
#include "tst_history_cli.moc"
