// `cqrs-studio MODEL --run-to S --screenshot FILE`: the model file check,
// the screenshot mode in process and through the real binary, and the
// pictures of a run the documentation uses.
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/screenshotmode.h"
#include "runtestutil.h"
#include "testmodels.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cqrs/model/modeljson.h>

using namespace cqrs;
using Studio = cqrs::testing::RunStudio;

class TestRunScreenshots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(
            true); // the main window's settings stay out of the user's
        QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
    }

    void badModelFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.cqrs.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"format\": \"cqrs-studio/model\",\n  \"schemaVersion\": 1,\n  oops\n}\n");
        file.close();
        QString message;
        QVERIFY(!checkModelFile(path, &message));
        QVERIFY2(message.startsWith(path + QStringLiteral(": line 4")), qPrintable(message));
        QVERIFY(checkModelFile(
            QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json"),
            &message));
        QVERIFY(message.isEmpty());
    }

    void screenshotMode()
    {
        const Model empty; // named: a temporary gives GCC 12 -O3 a false -Wmaybe-uninitialized
        Studio studio(empty);
        auto open = [&](const QString &path) {
            ModelLoadResult loaded = loadModelFile(path.toStdString());
            if (!loaded.ok())
                return false;
            loaded.model->workload.duration
                = 60; // keep the test short; the CLI runs the file as it is
            studio.document.resetModel(*loaded.model, path);
            return true;
        };
        const QString file = QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-run-to.png");
        QFile::remove(file);
        QString error;
        const int code = runToScreenshot(
            &studio.window, studio.run,
            QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json"), 30, file,
            open, &error);
        QCOMPARE(code, 0);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(studio.controller()->time(), 30.0);
        QCOMPARE(studio.controller()->state(), RunController::State::Paused);
        const QImage image(file);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), studio.window.size() * studio.window.devicePixelRatio());

        // A bad model: exit code 2 and the loader's located message.
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.cqrs.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ \"format\": \"cqrs-studio/model\", \"schemaVersion\": 1, \"commands\": [ { "
                "\"id\": 5 } ] }");
        f.close();
        error.clear();
        QCOMPARE(runToScreenshot(&studio.window, studio.run, bad, 30, dir.filePath("x.png"), open,
                                 &error),
                 2);
        QVERIFY2(error.startsWith(bad + QStringLiteral(": ")), qPrintable(error));
        QVERIFY(!QFile::exists(dir.filePath("x.png")));
    }

    void commandLineScreenshot()
    {
        const QString studio = QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-studio/cqrs-studio");
        QVERIFY2(QFile::exists(studio), "cqrs-studio is built before tst_runscreenshots");
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        QProcess process;
        process.setProcessEnvironment(env);
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        process.start(studio,
                      {QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json"),
                       QStringLiteral("--run-to"), QStringLiteral("20"),
                       QStringLiteral("--screenshot"), png});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1920, 1080));

        const QString bad = dir.filePath(QStringLiteral("bad.cqrs.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"format\": \"cqrs-studio/model\",\n  oops\n}\n");
        file.close();
        process.start(studio,
                      {bad, QStringLiteral("--run-to"), QStringLiteral("20"),
                       QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("bad.png"))});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 2);
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(error.contains(bad + QStringLiteral(": line 3")), qPrintable(error));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bad.png"))));
    }

    void screenshots()
    {
        // The netflix example mid-run, at a projector-like size.
        Studio studio(testing::example("netflix-viewing.cqrs.json"));
        studio.window.resize(1920, 1080);
        studio.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio.window));
        bool ok = false;
        bool called = false;
        QString error;
        const QString file = QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-netflix.png");
        studio.run->runToAndCapture(studio.controller()->duration() > 0 ? 300 : 300, file,
                                    [&](bool success, const QString &message) {
                                        called = true;
                                        ok = success;
                                        error = message;
                                    });
        QVERIFY(QTest::qWaitFor([&] { return called; }, 30000));
        QVERIFY2(ok, qPrintable(error));
        const QImage image(file);
        QCOMPARE(image.size(), studio.window.size() * studio.window.devicePixelRatio());
        QVERIFY(studio.run->charts()->pointCount(ChartsPanel::Throughput) > 0);

        // user-profile at its end, with the summary.
        Studio done(testing::example("user-profile.cqrs.json", 120));
        done.window.resize(1920, 1080);
        done.window.show();
        called = false;
        done.run->runToAndCapture(
            1e9, QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-user-profile-end.png"),
            [&](bool success, const QString &) {
                called = true;
                ok = success;
            });
        QVERIFY(QTest::qWaitFor([&] { return called; }, 30000));
        QVERIFY(ok);
        QCOMPARE(done.controller()->state(), RunController::State::Finished);
        QVERIFY(done.run->charts()->grab().save(
            QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-charts-end.png")));
        // The distributions are charts of their own now (issue 8), chosen like the others.
        done.run->charts()->setChartShown(ChartsPanel::Histogram, true);
        done.run->charts()->setChartShown(ChartsPanel::Cdf, true);
        done.run->charts()->setFocusReadModel(QString()); // all read models
        done.run->charts()->refresh();
        QTest::qWait(50);
        QVERIFY(done.run->charts()->grab().save(
            QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-charts-end-all.png")));
    }
};

QTEST_MAIN(TestRunScreenshots)
#include "tst_runscreenshots.moc"
