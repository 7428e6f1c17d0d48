// Exports of a run: the result JSON (the CLI's bytes), the series CSV and
// the chart pictures (PNG, SVG), and a clear error for a missing folder.
#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/export.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "runtestutil.h"
#include "testmodels.h"

#include <QApplication>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <cqrs/sim/simulation.h>

using namespace cqrs;
using Studio = cqrs::testing::RunStudio;

class TestRunExports : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // A home of the test's own, set before the settings find their file
        // under it: the exports remember their folder in the settings.
        m_oldHome = qgetenv("HOME");
        m_hadHome = qEnvironmentVariableIsSet("HOME");
        qputenv("HOME", QFile::encodeName(m_home.path()));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("cqrs-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_runexports"));
        QSettings().clear();
    }

    // The save dialogs of the exports started in the folder the program was
    // started from (for a user of the desktop menu, wherever that is), and
    // offered "result.json" for every model.
    void exportDialogsStartWhereTheLastExportWent()
    {
        const QTemporaryDir &home = m_home;
        // The first time: Documents, or home where there is none.
        QCOMPARE(exportDirectory(), QDir::homePath());
        QVERIFY(QDir(home.path()).mkpath(QStringLiteral("Documents")));
        const QString documents = QDir(home.path()).filePath(QStringLiteral("Documents"));
        QCOMPARE(exportDirectory(), documents);
        // Before any export, beside the model last opened or saved: a
        // handout goes with its model.
        QVERIFY(QDir(home.path()).mkpath(QStringLiteral("models")));
        const QString models = QDir(home.path()).filePath(QStringLiteral("models"));
        QSettings().setValue(QStringLiteral("recentFiles"),
                             QStringList{QDir(models).filePath(QStringLiteral("shop.cqrs.json"))});
        QCOMPARE(exportDirectory(), models);
        QSettings().remove(QStringLiteral("recentFiles"));
        QCOMPARE(exportDirectory(), documents);

        Model model = testing::example("user-profile.cqrs.json", 5);
        model.name = "Orders/Payments: v2";
        Studio studio(model);
        studio.window.show();
        QSignalSpy finished(studio.controller(), &RunController::runFinished);
        QVERIFY(studio.controller()->start(model));
        QVERIFY(finished.wait(30000));

        // Answers the save dialog with `answer` (a whole path; empty: cancel)
        // and tells where it started.
        const auto saveAs = [](QAction *action, const QString &answer) {
            QString offered;
            bool asked = false;
            QTimer poll;
            QObject::connect(&poll, &QTimer::timeout, [&] {
                QWidget *modal = QApplication::activeModalWidget();
                auto *dialog = qobject_cast<QFileDialog *>(modal);
                if (modal && (!dialog || asked)) { // a warning after the save: fails below, without a hang
                    qWarning() << "unexpected dialog:" << modal->metaObject()->className() << modal->windowTitle();
                    offered = QStringLiteral("(unexpected dialog)");
                    modal->close();
                    return;
                }
                if (!dialog)
                    return;
                asked = true;
                offered = dialog->selectedFiles().value(0);
                if (answer.isEmpty()) {
                    dialog->reject();
                    return;
                }
                dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(answer);
                static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() takes the typed name
            });
            poll.start(20);
            action->trigger();
            poll.stop();
            return offered;
        };
        QAction *result = studio.window.findChild<QAction *>(QStringLiteral("exportResultAction"));
        QAction *report = studio.window.findChild<QAction *>(QStringLiteral("exportReportAction"));
        QVERIFY(result && report);
        // Named after the model, with the characters no file name may hold replaced.
        QCOMPARE(saveAs(result, QString()), QDir(documents).filePath(QStringLiteral("Orders-Payments- v2 - result.json")));
        QCOMPARE(exportDirectory(), documents); // a cancel remembers nothing
        QVERIFY(QDir(home.path()).mkpath(QStringLiteral("handouts")));
        const QString handouts = QDir(home.path()).filePath(QStringLiteral("handouts"));
        QCOMPARE(saveAs(report, QDir(handouts).filePath(QStringLiteral("run.html"))),
                 QDir(documents).filePath(QStringLiteral("Orders-Payments- v2.html")));
        QTRY_VERIFY(QFileInfo::exists(QDir(handouts).filePath(QStringLiteral("run.html"))));
        // The next export, of any kind, starts there.
        QCOMPARE(exportDirectory(), handouts);
        QCOMPARE(saveAs(result, QString()), QDir(handouts).filePath(QStringLiteral("Orders-Payments- v2 - result.json")));
        // A remembered folder that has gone: Documents again.
        QVERIFY(QDir(handouts).removeRecursively());
        QCOMPARE(exportDirectory(), documents);
    }

    void suggestedFileNames()
    {
        QCOMPARE(exportFileName(QStringLiteral("a/b\\c:d*e?f\"g<h>i|j - result.json")),
                 QStringLiteral("a-b-c-d-e-f-g-h-i-j - result.json"));
        QCOMPARE(exportFileName(QStringLiteral("tab\there\nnewline.html")), QStringLiteral("tab-here-newline.html"));
        // A model's name may hold 1,000 bytes, a file name 255: the name is
        // cut before its extension, a whole character at a time.
        const QString longName = QString(400, QLatin1Char('x')) + QStringLiteral(" - series.csv");
        QCOMPARE(exportFileName(longName), QString(150, QLatin1Char('x')) + QStringLiteral(".csv"));
        const QString wide = QString::fromUtf8("\xe6\xb3\xa8\xe6\x96\x87").repeated(100) + QStringLiteral(".html"); // 3 bytes each
        const QString cut = exportFileName(wide);
        QVERIFY(cut.endsWith(QStringLiteral(".html")));
        QVERIFY(cut.toUtf8().size() <= 150 + 5);
        QCOMPARE(cut.toUtf8().size(), 150 + 5);
        const QString emoji = QString::fromUtf8("\xf0\x9f\x93\x88").repeated(100) + QStringLiteral(".png"); // 4 bytes, two UTF-16 units
        const QString emojiCut = exportFileName(emoji);
        QCOMPARE(emojiCut.toUtf8().size(), 148 + 4);
        QVERIFY(!emojiCut.chopped(4).back().isHighSurrogate());
        QVERIFY(QString::fromUtf8(emojiCut.toUtf8()) == emojiCut); // no broken character
    }

    void cleanupTestCase()
    {
        if (m_hadHome)
            qputenv("HOME", m_oldHome);
        else
            qunsetenv("HOME");
    }

    void exports()
    {
        const Model model = testing::example("user-profile.cqrs.json", 30);
        Studio studio(model);
        studio.window.show();
        RunController *c = studio.controller();
        QSignalSpy finished(c, &RunController::runFinished);
        QVERIFY(c->start(model));
        QVERIFY(finished.wait(30000));
        QTemporaryDir dir;
        QString error;
        // JSON: the CLI's bytes apart from wallSeconds.
        QVERIFY2(studio.run->exportResult(dir.filePath("r.json"), &error), qPrintable(error));
        QFile json(dir.filePath("r.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray bytes = json.readAll();
        QVERIFY(bytes.endsWith("}\n"));
        const Json parsed = Json::parse(bytes.toStdString());
        QCOMPARE(testing::resultWithoutWallClock(parsed).dump(),
                 testing::resultWithoutWallClock(sim::simulate(model)).dump());
        Json cli = sim::simulate(model);
        cli["engine"]["wallSeconds"] = parsed["engine"]["wallSeconds"];
        QCOMPARE(bytes, QByteArray::fromStdString(sim::formatResult(cli)));
        // CSV: a header and one row per sample.
        QVERIFY(studio.run->exportSeries(dir.filePath("s.csv"), &error));
        QFile csv(dir.filePath("s.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QVERIFY(lines.first().startsWith(
            "t,commandsAccepted,commandsRejected,conflicts,eventsPublished"));
        QVERIFY(lines.first().contains("user-view.windowP99"));
        const int columns = int(lines.first().count(',')) + 1;
        QVERIFY(lines.size() >= 30);
        QCOMPARE(int(lines[1].count(',')) + 1, columns);
        // Charts as PNG and SVG: the clean picture (issue 8), titled with the model name.
        QChartView *view = studio.run->charts()->chartView(ChartsPanel::Window);
        QVERIFY(saveWidgetPicture(view, dir.filePath("v.png"), &error));
        QCOMPARE(QImage(dir.filePath("v.png")).size(), view->size() * view->devicePixelRatio());
        QVERIFY2(
            studio.run->charts()->savePicture(dir.filePath("c.png"), &error, {ChartsPanel::Window}),
            qPrintable(error));
        QImage png(dir.filePath("c.png"));
        QVERIFY(!png.isNull());
        // For a slide: twice the pixels of the picture's card (960 wide).
        QVERIFY2(png.width() >= 2 * 960, qPrintable(QString::number(png.width())));
        // Painted whole at twice the scale: brought back to the chart's
        // size, it is the picture grab() takes (not a quarter of it, nor
        // a blurred enlargement, which would stay close too but for edges).
        QVERIFY(saveWidgetPicture(view, dir.filePath("v2.png"), &error, 2));
        const QImage twice(dir.filePath("v2.png"));
        QCOMPARE(twice.size(), view->size() * 2);
        const QImage once = view->grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QImage down = twice.scaled(once.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                                .convertToFormat(QImage::Format_RGB32);
        qint64 difference = 0;
        for (int y = 0; y < once.height(); ++y)
            for (int x = 0; x < once.width(); ++x)
                difference += std::abs(qGray(once.pixel(x, y)) - qGray(down.pixel(x, y)));
        const double mean = double(difference) / (once.width() * once.height());
        QVERIFY2(mean < 8, qPrintable(QString::number(mean)));
        // The lower right quarter has the chart's lines and labels too.
        int dark = 0;
        for (int y = twice.height() / 2; y < twice.height(); ++y)
            for (int x = twice.width() / 2; x < twice.width(); ++x)
                dark += qGray(twice.pixel(x, y)) < 128;
        QVERIFY(dark > 50);
        QVERIFY(studio.run->charts()->savePicture(dir.filePath("c.svg"), &error,
                                                  {ChartsPanel::Window}));
        QFile svg(dir.filePath("c.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray svgText = svg.readAll();
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("Consistency window"));
        QVERIFY(svgText.contains(model.name.c_str()));
        // A folder that does not exist: an error naming the file, nothing written.
        QVERIFY(!studio.run->exportResult(dir.filePath("missing/r.json"), &error));
        QVERIFY(error.contains(QStringLiteral("missing/r.json")));
    }

private:
    QTemporaryDir m_home;
    QByteArray m_oldHome;
    bool m_hadHome = false;
};

QTEST_MAIN(TestRunExports)
#include "tst_runexports.moc"
