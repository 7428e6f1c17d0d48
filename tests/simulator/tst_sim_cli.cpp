// `cqrs-sim run` and `cqrs-sim sweep` as a user calls them (DESIGN section 5).
#include "simtestutil.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <sys/stat.h>

class TestSimCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runPrintsResult();
    void runIsReproducible();
    void runOverrides();
    void runSeriesAndOut();
    void runWarnsOfARaisedSampleInterval();
    void outSpecialTargets();
    void readRefusesFifo();
    void modelFromStandardInput();
    void validateSaysAFullDisk();
    void runBadInput_data();
    void runBadInput();
    void helpAndVersion_data();
    void helpAndVersion();
    void sweepLinesInValueOrder();
    void sweepLogAndIntegers();
    void sweepHelpExampleRuns();
    void sweepBadInput_data();
    void sweepBadInput();

private:
    /// The current row's args are refused with its exit code and message, nothing on stdout.
    void expectRefused();

    using Outcome = cqrs::simtest::CliOutcome;
    Outcome cli(const QStringList &args);
    QString writeModel(const QString &name, const QByteArray &text);

    QString m_program;
    QString m_model;
    QTemporaryDir m_dir;
};

namespace {

const char *kModel = R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "CLI test",
  "aggregates": [ { "id": "user", "instances": 100 } ],
  "commands": [ { "id": "rename", "aggregate": "user",
                  "handlerTime": { "dist": "exponential", "mean": 0.002 },
                  "emits": ["renamed"],
                  "followUp": { "query": "get", "probability": 0.5, "after": 0.01 } } ],
  "events": [ { "id": "renamed", "aggregate": "user" } ],
  "eventBus": { "partitions": 4, "publishDelay": 0.001 },
  "readModels": [ { "id": "view", "subscribes": ["renamed"], "consumers": 2,
                    "update": { "mode": "streaming", "delay": { "dist": "exponential", "mean": 0.05 } },
                    "applyTime": 0.001 } ],
  "queries": [ { "id": "get", "readModel": "view",
                 "consistency": { "strategy": "wait-for-version", "pollInterval": 0.02, "timeout": 0.5 } } ],
  "workload": { "duration": 60, "seed": 3, "commandRate": 100, "queryRate": 50, "sampleInterval": 5 }
})";

QJsonObject parse(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << error.errorString() << text.left(200);
    return doc.object();
}

QByteArray withoutWall(QByteArray text)
{
    static const QRegularExpression wall(QStringLiteral("\"wallSeconds\": *[0-9.e+-]+"));
    return QString::fromUtf8(text).replace(wall, QStringLiteral("\"wallSeconds\": 0")).toUtf8();
}

} // namespace

void TestSimCli::initTestCase()
{
    m_program = QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-sim/cqrs-sim");
    QVERIFY2(QFile::exists(m_program), qPrintable(m_program));
    QVERIFY(m_dir.isValid());
    m_model = writeModel(QStringLiteral("model.cqrs.json"), kModel);
}

QString TestSimCli::writeModel(const QString &name, const QByteArray &text)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(text);
    return path;
}

TestSimCli::Outcome TestSimCli::cli(const QStringList &args)
{
    return cqrs::simtest::runCli(m_program, args);
}

void TestSimCli::runPrintsResult()
{
    const Outcome o = cli({QStringLiteral("run"), m_model});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject r = parse(o.out);
    QCOMPARE(r.value("format").toString(), QStringLiteral("cqrs-studio/result"));
    QCOMPARE(r.value("seed").toInt(), 3);
    QCOMPARE(r.value("simulatedSeconds").toDouble(), 60.0);
    QVERIFY(r.value("commands").toObject().value("total").toObject().value("issued").toDouble() > 5000);
    QVERIFY(r.value("readModels").toObject().contains("view"));
    QVERIFY(r.value("queries").toObject().value("get").toObject().value("issued").toDouble() > 1000);
    QVERIFY(!r.contains("series"));
    QVERIFY(r.value("engine").toObject().value("events").toDouble() > 10000);
}

void TestSimCli::runIsReproducible()
{
    const Outcome a = cli({QStringLiteral("run"), m_model});
    const Outcome b = cli({QStringLiteral("run"), m_model});
    QCOMPARE(withoutWall(a.out), withoutWall(b.out));
    const Outcome c = cli({QStringLiteral("run"), m_model, QStringLiteral("--seed"), QStringLiteral("4")});
    QCOMPARE(c.exitCode, 0);
    QVERIFY(withoutWall(a.out) != withoutWall(c.out));
    QCOMPARE(parse(c.out).value("seed").toInt(), 4);
}

void TestSimCli::runOverrides()
{
    const Outcome o = cli({QStringLiteral("run"), m_model, QStringLiteral("--duration"), QStringLiteral("20"),
                           QStringLiteral("--set"), QStringLiteral("workload.commandRate=10"),
                           QStringLiteral("--set"), QStringLiteral("readModels.view.update.delay={\"dist\":\"constant\",\"value\":0.2}")});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject r = parse(o.out);
    QCOMPARE(r.value("simulatedSeconds").toDouble(), 20.0);
    const double issued = r.value("commands").toObject().value("total").toObject().value("issued").toDouble();
    QVERIFY(issued > 120 && issued < 300);
    const QJsonObject window = r.value("readModels").toObject().value("view").toObject().value("consistencyWindow").toObject();
    QVERIFY(window.value("p50").toDouble() >= 0.2);
    // Text that is not JSON is a string, even when it looks like a number
    // ("007"); only a JSON number beyond a double is refused as such.
    const Outcome named = cli({QStringLiteral("run"), m_model, QStringLiteral("--duration"), QStringLiteral("5"),
                               QStringLiteral("--set"), QStringLiteral("name=007")});
    QCOMPARE(named.exitCode, 0);
    QCOMPARE(parse(named.out).value("model").toString(), QStringLiteral("007"));
}

// The engine takes at most 100,000 samples: a shorter sampleInterval is
// raised, and run says so on stderr (validate on stdout, with the other warnings).
void TestSimCli::runWarnsOfARaisedSampleInterval()
{
    const QStringList set{QStringLiteral("--set"), QStringLiteral("workload.sampleInterval=0.000001")};
    const QByteArray warning = m_model.toUtf8()
                               + ": /workload/sampleInterval: warning: sampleInterval 1e-06 s is raised to 0.0006 s: a run "
                                 "has at most 100,000 samples (duration 60 s / 100,000)\n";
    const Outcome o = cli(QStringList{QStringLiteral("run"), m_model} + set);
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(o.err, warning);
    QCOMPARE(parse(o.out).value("format").toString(), QStringLiteral("cqrs-studio/result"));
    // A sweep says it once, not once per value.
    const Outcome s = cli(QStringList{QStringLiteral("sweep"), m_model, QStringLiteral("--vary"),
                                      QStringLiteral("workload.commandRate=10:20:3")} + set);
    QCOMPARE(s.exitCode, 0);
    QCOMPARE(s.err, warning);
    // The default interval (duration / 600) and a sensible one say nothing.
    QVERIFY(cli({QStringLiteral("run"), m_model}).err.isEmpty());
}

void TestSimCli::runSeriesAndOut()
{
    const QString out = m_dir.filePath(QStringLiteral("result.json"));
    const Outcome o = cli({QStringLiteral("run"), m_model, QStringLiteral("--series"), QStringLiteral("--out"), out});
    QCOMPARE(o.exitCode, 0);
    QVERIFY(o.out.isEmpty());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject r = parse(f.readAll());
    const QJsonObject series = r.value("series").toObject();
    QCOMPARE(series.value("t").toArray().size(), 12);
    QCOMPARE(series.value("readModels").toObject().value("view").toObject().value("windowP99").toArray().size(), 12);
    // No temporary files left behind.
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("*.tmp-*")}, QDir::Files).size(), 0);
}

// --out follows a symlink, keeps a 0600 file's mode, writes into /dev/null
// and /dev/stdout instead of replacing them.
void TestSimCli::outSpecialTargets()
{
    QTemporaryDir dir;
    const QString real = dir.filePath(QStringLiteral("real.json"));
    QFile f(real);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    QVERIFY(QFile::setPermissions(real, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const QString link = dir.filePath(QStringLiteral("link.json"));
    QVERIFY(QFile::link(real, link));
    Outcome o = cli({QStringLiteral("run"), m_model, QStringLiteral("--out"), link});
    QCOMPARE(o.exitCode, 0);
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(QFileInfo(real).size() > 100);
    QCOMPARE(QFileInfo(real).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());

    o = cli({QStringLiteral("run"), m_model, QStringLiteral("--out"), QStringLiteral("/dev/null")});
    QCOMPARE(o.exitCode, 0);
    QVERIFY(!QFileInfo(QStringLiteral("/dev/null")).isFile());

    o = cli({QStringLiteral("run"), m_model, QStringLiteral("--out"), QStringLiteral("/dev/stdout")});
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(parse(o.out).value("format").toString(), QStringLiteral("cqrs-studio/result"));
}

// A FIFO as the model is refused at once, not waited on.
void TestSimCli::validateSaysAFullDisk()
{
    // As run and sweep do: exit 1 and a message, not 0 and nothing.
    QProcess p;
    p.setStandardOutputFile(QStringLiteral("/dev/full"));
    p.start(m_program, {QStringLiteral("validate"), m_model});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(p.readAllStandardError().contains("cannot write to standard output"), "no message");
}

void TestSimCli::readRefusesFifo()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("model.cqrs.json"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    for (const QString &command : {QStringLiteral("run"), QStringLiteral("validate")}) {
        const Outcome o = cli({command, fifo});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains("not a regular file (a FIFO)"), o.err.constData());
    }
}

// "-" reads the model from standard input (`git show HEAD:m.cqrs.json |
// cqrs-sim validate -`); messages name it <stdin>.
void TestSimCli::modelFromStandardInput()
{
    QFile model(m_model);
    QVERIFY(model.open(QIODevice::ReadOnly));
    const QByteArray text = model.readAll();
    const auto piped = [this](const QStringList &args, const QByteArray &input) {
        QProcess p;
        p.start(m_program, args);
        p.write(input);
        p.closeWriteChannel();
        Outcome o;
        if (p.waitForFinished(60000)) {
            o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
            o.out = p.readAllStandardOutput();
            o.err = p.readAllStandardError();
        }
        return o;
    };
    Outcome o = piped({QStringLiteral("validate"), QStringLiteral("-")}, text);
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(o.out, QByteArray("<stdin>: valid\n"));
    o = piped({QStringLiteral("run"), QStringLiteral("-"), QStringLiteral("--duration"), QStringLiteral("5")}, text);
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(withoutWall(o.out), withoutWall(cli({QStringLiteral("run"), m_model, QStringLiteral("--duration"), QStringLiteral("5")}).out));
    o = piped({QStringLiteral("sweep"), QStringLiteral("-"), QStringLiteral("--vary"), QStringLiteral("workload.commandRate=10:20:2")}, text);
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(o.out.count('\n'), 2);
    o = piped({QStringLiteral("validate"), QStringLiteral("-")}, "{\"format\":");
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.startsWith("<stdin>:1:11: invalid JSON"), o.err.constData());
    o = piped({QStringLiteral("run"), QStringLiteral("-"), QStringLiteral("--set"), QStringLiteral("workload.commandRate=-1")}, text);
    QCOMPARE(o.exitCode, 2);
    QCOMPARE(o.err, QByteArray("<stdin>: /workload/commandRate: commandRate must be 0 or more, not -1\n"));
    QVERIFY(o.out.isEmpty());
}

void TestSimCli::runBadInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString model = QStringLiteral("MODEL");
    QTest::newRow("missing file") << QStringList{QStringLiteral("run"), QStringLiteral("/nonexistent/x.cqrs.json")} << 2 << QStringLiteral("no such file");
    QTest::newRow("bad set path") << QStringList{QStringLiteral("run"), model, QStringLiteral("--set"), QStringLiteral("readModels.nope.consumers=2")} << 2 << QStringLiteral("nope");
    QTest::newRow("bad set value") << QStringList{QStringLiteral("run"), model, QStringLiteral("--set"), QStringLiteral("readModels.view.consumers=-3")} << 2 << QStringLiteral("consumers");
    QTest::newRow("set without =") << QStringList{QStringLiteral("run"), model, QStringLiteral("--set"), QStringLiteral("workload.commandRate")} << 2 << QStringLiteral("PATH=VALUE");
    QTest::newRow("duplicate JSON key") << QStringList{QStringLiteral("run"), QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad/duplicate-json-key.cqrs.json")} << 2 << QStringLiteral("duplicate key");
    QTest::newRow("number beyond a double") << QStringList{QStringLiteral("run"), model, QStringLiteral("--set"), QStringLiteral("workload.commandRate=1e999")} << 2 << QStringLiteral("--set workload.commandRate: 1e999 is beyond the numbers a model holds");
    QTest::newRow("object value missing its brace") << QStringList{QStringLiteral("run"), model, QStringLiteral("--set"), QStringLiteral("readModels.view.applyTime={\"dist\":\"constant\",\"value\":0.1")} << 2 << QStringLiteral("--set readModels.view.applyTime: warning: the value is not valid JSON, so it is taken as a string");
    QTest::newRow("over the limit") << QStringList{QStringLiteral("run"), model, QStringLiteral("--set"), QStringLiteral("workload.commandRate=1e9")} << 2 << QStringLiteral("limit");
    QTest::newRow("bad seed") << QStringList{QStringLiteral("run"), model, QStringLiteral("--seed"), QStringLiteral("12x")} << 1 << QStringLiteral("--seed");
    QTest::newRow("duration shorter than the warm-up") << QStringList{QStringLiteral("run"), model, QStringLiteral("--set"), QStringLiteral("workload.warmup=10"), QStringLiteral("--duration"), QStringLiteral("5")} << 2 << QStringLiteral("/workload/warmup: warmup (10 s) must be shorter than duration (5 s): nothing would be measured (the duration is --duration 5)\n");
    QTest::newRow("bad duration") << QStringList{QStringLiteral("run"), model, QStringLiteral("--duration"), QStringLiteral("-5")} << 1 << QStringLiteral("--duration");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("run"), model, QStringLiteral("--fast")} << 1 << QStringLiteral("unknown option");
    QTest::newRow("no model") << QStringList{QStringLiteral("run")} << 1 << QStringLiteral("Usage");
    QTest::newRow("two models") << QStringList{QStringLiteral("run"), model, model} << 1 << QStringLiteral("more than one MODEL");
    QTest::newRow("set= form checked too") << QStringList{QStringLiteral("run"), model, QStringLiteral("--set=readModels.nope.consumers=2")} << 2 << QStringLiteral("nope");
    QTest::newRow("seed below -2^63") << QStringList{QStringLiteral("run"), model, QStringLiteral("--seed"), QStringLiteral("-9223372036854775809")} << 1 << QStringLiteral("--seed is too small");
    QTest::newRow("seed above 2^63-1") << QStringList{QStringLiteral("run"), model, QStringLiteral("--seed"), QStringLiteral("9223372036854775808")} << 1 << QStringLiteral("--seed is too large");
    QTest::newRow("option without value") << QStringList{QStringLiteral("run"), model, QStringLiteral("--seed")} << 1 << QStringLiteral("--seed");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("simulate"), model} << 1 << QStringLiteral("Usage: cqrs-sim");
    QTest::newRow("no command") << QStringList{} << 1 << QStringLiteral("SUBCOMMAND");
    QTest::newRow("unknown command named") << QStringList{QStringLiteral("bogus")} << 1 << QStringLiteral("cqrs-sim: unknown command 'bogus' (the commands are: validate, run, sweep, check, trace, history)");
    QTest::newRow("unknown history command named") << QStringList{QStringLiteral("history"), QStringLiteral("bogus")} << 1 << QStringLiteral("cqrs-sim history: unknown command 'bogus' (the commands are: list, show, compare, delete)");
    QTest::newRow("missing command named") << QStringList{} << 1 << QStringLiteral("cqrs-sim: a command is required (the commands are: validate,");
    QTest::newRow("unknown option before the command") << QStringList{QStringLiteral("--fast"), QStringLiteral("run"), model} << 1 << QStringLiteral("cqrs-sim: unknown option '--fast'");
    QTest::newRow("validate two models") << QStringList{QStringLiteral("validate"), model, model} << 1 << QStringLiteral("more than one MODEL");
    QTest::newRow("out folder missing") << QStringList{QStringLiteral("run"), model, QStringLiteral("--out"), QStringLiteral("/nonexistent/dir/r.json")} << 1 << QStringLiteral("cannot write");
    // An empty name (a script's unset variable) is not stdout or the default database.
    QTest::newRow("out empty") << QStringList{QStringLiteral("run"), model, QStringLiteral("--out"), QString()} << 1 << QStringLiteral("cqrs-sim run: --out: the file name is empty\n");
    QTest::newRow("db empty") << QStringList{QStringLiteral("run"), model, QStringLiteral("--db"), QString()} << 1 << QStringLiteral("cqrs-sim run: --db: the file name is empty\n");
}

void TestSimCli::expectRefused()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    args.replaceInStrings(QStringLiteral("MODEL"), m_model);
    const Outcome o = cli(args);
    QCOMPARE(o.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(o.err).contains(message), o.err.constData());
    QVERIFY(o.out.isEmpty());
}

void TestSimCli::runBadInput()
{
    expectRefused();
}

void TestSimCli::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("version") << QStringList{QStringLiteral("--version")} << QStringLiteral("cqrs-sim 0.");
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << QStringLiteral("Subcommands:");
    QTest::newRow("help has exit 3") << QStringList{QStringLiteral("--help")} << QStringLiteral("3 check: a requirement is not met");
    QTest::newRow("compare help") << QStringList{QStringLiteral("history"), QStringLiteral("compare"), QStringLiteral("--help")}
                                  << QStringLiteral("Usage: cqrs-sim history compare [OPTIONS] ID ID...\n");
    QTest::newRow("delete help") << QStringList{QStringLiteral("history"), QStringLiteral("delete"), QStringLiteral("--help")}
                                 << QStringLiteral("Usage: cqrs-sim history delete [OPTIONS] ID...\n");
    QTest::newRow("run help") << QStringList{QStringLiteral("run"), QStringLiteral("--help")} << QStringLiteral("Usage: cqrs-sim run [OPTIONS] MODEL");
    QTest::newRow("sweep help") << QStringList{QStringLiteral("sweep"), QStringLiteral("-h")} << QStringLiteral("--vary PATH=FROM:TO:STEPS[:log]");
    QTest::newRow("validate help") << QStringList{QStringLiteral("validate"), QStringLiteral("--help")} << QStringLiteral("Usage: cqrs-sim validate");
}

// Help goes to stdout with exit 0, whatever else is on the line.
void TestSimCli::helpAndVersion()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const Outcome o = cli(args);
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(QString::fromUtf8(o.out).contains(expected), o.out.constData());
    QVERIFY(o.err.isEmpty());
}

void TestSimCli::sweepLinesInValueOrder()
{
    const QString out = m_dir.filePath(QStringLiteral("sweep.jsonl"));
    const Outcome o = cli({QStringLiteral("sweep"), m_model, QStringLiteral("--vary"),
                           QStringLiteral("workload.commandRate=10:50:5"), QStringLiteral("--jobs"),
                           QStringLiteral("3"), QStringLiteral("--out"), out});
    QCOMPARE(o.exitCode, 0);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    double previous = 0;
    for (int i = 0; i < lines.size(); ++i) {
        const QJsonObject line = parse(lines[i]);
        QCOMPARE(line.value("value").toDouble(), 10.0 + 10.0 * i);
        const double issued = line.value("result").toObject().value("commands").toObject().value("total").toObject().value("issued").toDouble();
        QVERIFY(issued > previous);
        previous = issued;
    }
    // Same lines with one job (parallelism does not change results).
    const Outcome serial = cli({QStringLiteral("sweep"), m_model, QStringLiteral("--vary"),
                                QStringLiteral("workload.commandRate=10:50:5")});
    QCOMPARE(serial.exitCode, 0);
    f.seek(0);
    QCOMPARE(withoutWall(serial.out.trimmed()), withoutWall(f.readAll().trimmed()));
}

void TestSimCli::sweepLogAndIntegers()
{
    const Outcome o = cli({QStringLiteral("sweep"), m_model, QStringLiteral("--vary"),
                           QStringLiteral("readModels.view.consumers=1:4:4")});
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(o.out.trimmed().split('\n').size(), 4);
    QVERIFY2(o.err.isEmpty(), o.err.constData());
    // FROM equal to TO runs (a script may compute both), and says so.
    const Outcome same = cli({QStringLiteral("sweep"), m_model, QStringLiteral("--duration"), QStringLiteral("5"),
                              QStringLiteral("--vary"), QStringLiteral("readModels.view.consumers=2:2:2")});
    QCOMPARE(same.exitCode, 0);
    QCOMPARE(same.out.trimmed().split('\n').size(), 2);
    QCOMPARE(same.err, QByteArray("cqrs-sim sweep: --vary: warning: FROM and TO are both 2, so every run has the same value\n"));
    const Outcome log = cli({QStringLiteral("sweep"), m_model, QStringLiteral("--vary"),
                             QStringLiteral("readModels.view.update.delay.mean=0.01:1:3:log"), QStringLiteral("--jobs"),
                             QStringLiteral("2")});
    QCOMPARE(log.exitCode, 0);
    const QList<QByteArray> lines = log.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(std::abs(parse(lines[1]).value("value").toDouble() - 0.1) < 1e-12);
    const double w0 = parse(lines[0]).value("result").toObject().value("readModels").toObject().value("view").toObject().value("consistencyWindow").toObject().value("mean").toDouble();
    const double w2 = parse(lines[2]).value("result").toObject().value("readModels").toObject().value("view").toObject().value("consistencyWindow").toObject().value("mean").toDouble();
    QVERIFY(w2 > 10 * w0);
}

// The example in `sweep --help` runs on the shipped example it names.
void TestSimCli::sweepHelpExampleRuns()
{
    const Outcome help = cli({QStringLiteral("sweep"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    static const QRegularExpression example(QStringLiteral("cqrs-sim sweep (user-profile\\.cqrs\\.json) (.*)\n"));
    const QRegularExpressionMatch m = example.match(QString::fromUtf8(help.out));
    QVERIFY2(m.hasMatch(), help.out.constData());
    QStringList args{QStringLiteral("sweep"), QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/") + m.captured(1)};
    args += m.captured(2).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    args += {QStringLiteral("--duration"), QStringLiteral("20")}; // kept short for the suite
    const Outcome o = cli(args);
    QVERIFY2(o.exitCode == 0, o.err.constData());
    QCOMPARE(o.out.count('\n'), 20);
}

void TestSimCli::sweepBadInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString model = QStringLiteral("MODEL");
    QTest::newRow("steps < 2") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("workload.commandRate=1:2:1")} << 1 << QStringLiteral("STEPS");
    QTest::newRow("bad number") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("workload.commandRate=a:2:3")} << 1 << QStringLiteral("numbers");
    QTest::newRow("log from 0") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("workload.commandRate=0:2:3:log")} << 1 << QStringLiteral("log");
    QTest::newRow("no vary") << QStringList{QStringLiteral("sweep"), model} << 1 << QStringLiteral("Usage");
    QTest::newRow("two varies, said plainly") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("workload.commandRate=1:2:3"), QStringLiteral("--vary"), QStringLiteral("workload.queryRate=1:2:3")} << 1 << QStringLiteral("cqrs-sim sweep: --vary is given 2 times; give it once\n");
    QTest::newRow("bad jobs") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("workload.commandRate=1:2:3"), QStringLiteral("--jobs"), QStringLiteral("0")} << 1 << QStringLiteral("--jobs");
    QTest::newRow("no --name") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("workload.commandRate=1:2:3"), QStringLiteral("--name"), QStringLiteral("x")} << 1 << QStringLiteral("unknown option '--name'");
    QTest::newRow("jobs above 64") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("workload.commandRate=1:2:3"), QStringLiteral("--jobs"), QStringLiteral("65")} << 1 << QStringLiteral("--jobs needs an integer from 1 to 64, got '65'");
    QTest::newRow("bad path") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("readModels.nope.consumers=1:2:2")} << 2 << QStringLiteral("nope");
    QTest::newRow("invalid value") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("readModels.view.consumers=-2:2:3")} << 2 << QStringLiteral("consumers");
    QTest::newRow("duplicate JSON key") << QStringList{QStringLiteral("sweep"), QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad/duplicate-json-key.cqrs.json"), QStringLiteral("--vary"), QStringLiteral("workload.commandRate=1:2:2")} << 2 << QStringLiteral("duplicate key");
    QTest::newRow("missing file") << QStringList{QStringLiteral("sweep"), QStringLiteral("/nonexistent.json"), QStringLiteral("--vary"), QStringLiteral("workload.commandRate=1:2:3")} << 2 << QStringLiteral("no such file");
    QTest::newRow("out empty") << QStringList{QStringLiteral("sweep"), model, QStringLiteral("--vary"), QStringLiteral("workload.commandRate=1:2:3"), QStringLiteral("--out"), QString()} << 1 << QStringLiteral("cqrs-sim sweep: --out: the file name is empty\n");
}

void TestSimCli::sweepBadInput()
{
    expectRefused();
}

QTEST_GUILESS_MAIN(TestSimCli)
#include "tst_sim_cli.moc"
