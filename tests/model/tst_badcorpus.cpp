// Every file of tests/data/bad fails to load with a located message, and
// `cqrs-sim validate` rejects it with exit code 2, without crashing or hanging.
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QtTest>
#include <cqrs/model/modeljson.h>

using namespace cqrs;

class TestBadCorpus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void loader_data();
    void loader();
    void commandLine_data();
    void commandLine();
    void commandLineUsage();

private:
    void addRows();
};

void TestBadCorpus::initTestCase()
{
    const QDir dir(QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad"));
    QVERIFY2(dir.entryList(QDir::Files).size() >= 35,
             "the bad-input corpus must hold at least 35 files");
    QVERIFY2(QFileInfo(QStringLiteral(CQRS_SIM_BINARY)).isExecutable(), CQRS_SIM_BINARY);
}

void TestBadCorpus::addRows()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad"));
    for (const QString &file : dir.entryList(QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestBadCorpus::loader_data()
{
    addRows();
}

void TestBadCorpus::loader()
{
    QFETCH(QString, path);
    QElapsedTimer timer;
    timer.start();
    const ModelLoadResult result = loadModelFile(path.toStdString());
    QVERIFY2(timer.elapsed() < 5000, "loading took longer than 5 s");
    QVERIFY(!result.ok());
    bool located = false;
    for (const Diagnostic &d : result.diagnostics) {
        if (!d.isError())
            continue;
        QVERIFY(!d.message.empty());
        if (d.line > 0 || !d.path.empty())
            located = true;
    }
    QVERIFY2(located, "no error names its place (line:column or JSON path)");
}

void TestBadCorpus::commandLine_data()
{
    addRows();
}

void TestBadCorpus::commandLine()
{
    QFETCH(QString, path);
    QProcess process;
    process.start(QStringLiteral(CQRS_SIM_BINARY), {"validate", path});
    QVERIFY(process.waitForStarted(10000));
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        QFAIL("cqrs-sim validate did not finish within 30 s");
    }
    const QString err = QString::fromUtf8(process.readAllStandardError());
    const QByteArray out = process.readAllStandardOutput();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // no crash
    QVERIFY2(process.exitCode() == 2,
             qPrintable(QString("exit code %1, stderr: %2").arg(process.exitCode()).arg(err)));
    QVERIFY2(err.startsWith(path + ":"), qPrintable(err));
    QVERIFY2(out.isEmpty(), out.constData());
    // Every line names the file and then a place or a message.
    for (const QString &line : err.split('\n', Qt::SkipEmptyParts))
        QVERIFY2(line.startsWith(path + ":") && line.size() > path.size() + 3, qPrintable(line));
}

void TestBadCorpus::commandLineUsage()
{
    QProcess process;
    process.start(QStringLiteral(CQRS_SIM_BINARY), {"validate"});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 1);
    process.start(QStringLiteral(CQRS_SIM_BINARY), {"validate", "a", "b"});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 1);
    process.start(
        QStringLiteral(CQRS_SIM_BINARY),
        {"validate", QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad/no-such-file.cqrs.json")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("cannot open"));
}

QTEST_APPLESS_MAIN(TestBadCorpus)
#include "tst_badcorpus.moc"
