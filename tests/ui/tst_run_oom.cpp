// The GUI's run out of memory (issue 13, item 2): cqrs-studio runs a model
// that admission accepts but that grows past an address-space limit set in
// the child. The worker thread's std::bad_alloc must end the run as failed
// with a message (here through `--run-to S --screenshot FILE`, which waits
// for the run): exit 1, the message on stderr, no abort, no picture.
#include "testmodels.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>

class TestRunOom : public QObject
{
    Q_OBJECT

private slots:
    void runOutOfMemoryFailsCleanly();
};

void TestRunOom::runOutOfMemoryFailsCleanly()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // 20,000 events per second into a read model that applies 100: about
    // 1e7 unapplied events by the end, within the admission bound (2 GiB at
    // 160 bytes each) but well over the 1 GiB the child may map.
    const QByteArray model
        = QByteArray::fromStdString(cqrs::testing::growingModelJson(cqrs::testing::GrowingModel(500, 20000)));
    const QString modelPath = dir.filePath("growing.cqrs.json");
    QFile file(modelPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(model);
    file.close();
    const QString picture = dir.filePath("run.png");

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
    env.insert("XDG_DATA_HOME", dir.filePath("data"));
    process.setProcessEnvironment(env);
    process.setChildProcessModifier([] {
        struct rlimit limit{};
        limit.rlim_cur = limit.rlim_max = 1024ull * 1024 * 1024;
        setrlimit(RLIMIT_AS, &limit);
    });
    process.start(QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-studio/cqrs-studio"),
                  {"--run-to", "490", "--screenshot", picture, modelPath});
    QVERIFY(process.waitForStarted(10000));
    if (!process.waitForFinished(90000)) {
        process.kill();
        process.waitForFinished(5000);
        QFAIL("the run neither finished nor failed within 90 s (a hang on a failed run)");
    }
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // no abort
    QCOMPARE(process.exitCode(), 1);
    QVERIFY2(err.contains("The run failed: out of memory: the run needed more memory than the system allows"),
             qPrintable(err));
    QVERIFY2(!err.contains("terminate called"), qPrintable(err));
    QVERIFY(!QFileInfo::exists(picture));
}

QTEST_GUILESS_MAIN(TestRunOom)
#include "tst_run_oom.moc"
