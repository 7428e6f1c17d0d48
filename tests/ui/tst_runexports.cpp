// Exports of a run: the result JSON (the CLI's bytes), the series CSV and
// the chart pictures (PNG, SVG), and a clear error for a missing folder.
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/export.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "runtestutil.h"
#include "testmodels.h"

#include <QChartView>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cqrs/sim/simulation.h>

using namespace cqrs;
using Studio = cqrs::testing::RunStudio;

class TestRunExports : public QObject
{
    Q_OBJECT

private slots:
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
};

QTEST_MAIN(TestRunExports)
#include "tst_runexports.moc"
