// Live simulation: a run driven through the run bar on a worker thread,
// charts, summary (equal to the CLI's result), pause/step/resume, mid-run
// parameter changes, the canvas overlay, exports and screenshots.
#include "canvasview.h"
#include "document.h"
#include "format.h"
#include "mainwindow.h"
#include "nodeitem.h"
#include "run/chartspanel.h"
#include "run/export.h"
#include "run/insights.h"
#include "run/liveoverlay.h"
#include "run/runbar.h"
#include "run/runcontroller.h"
#include "run/runui.h"
#include "run/screenshotmode.h"
#include "run/summarywidget.h"
#include "scene.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QMainWindow>
#include <QMenuBar>
#include <QProcess>
#include <QStandardPaths>
#include <QMenu>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cqrs;

namespace {

Model loadExample(const char *name)
{
    const std::string path = std::string(CQRS_SOURCE_DIR) + "/resources/examples/" + name;
    ModelLoadResult loaded = loadModelFile(path);
    if (!loaded.ok())
        qFatal("cannot load %s", path.c_str());
    return *loaded.model;
}

// user-profile, shortened like `cqrs-sim run --duration S` so a test stays fast.
Model userProfile(double duration)
{
    Model model = loadExample("user-profile.cqrs.json");
    model.workload.duration = duration;
    return model;
}

Json withoutWall(Json result)
{
    result["engine"].erase("wallSeconds");
    return result;
}

/// A window with the canvas in the middle and the run UI around it, as the
/// main window will have it.
struct Studio
{
    Document document;
    QMainWindow window;
    DiagramScene *scene;
    CanvasView *view;
    RunUi *run;

    explicit Studio(const Model &model)
    {
        document.resetModel(model);
        scene = new DiagramScene(&document, &window);
        view = new CanvasView(scene);
        window.setCentralWidget(view);
        window.statusBar();
        run = new RunUi(&window, &document, scene);
        window.resize(1600, 1000);
    }
    RunController *controller() const { return run->controller(); }
};

} // namespace

class TestLive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fullRunMatchesCli();
    void pauseStepResume();
    void parameterChangeMidRun();
    void outageAndRebuildMidRun();
    void forwardsInspectorEdits();
    void insightsExplainBatchStaleness();
    void insightsFindUnstableReadModel();
    void insightsNetflix();
    void erlangC_data();
    void erlangC();
    void decimationKeepsChartsBounded();
    void heatColours();
    void exports();
    void badModelFile();
    void nodeContextActions();
    void screenshotMode();
    void mainWindowIntegration();
    void commandLineScreenshot();
    void screenshots();
};

void TestLive::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the main window's settings stay out of the user's
    QDir().mkpath(QStringLiteral(CQRS_BINARY_DIR "/screenshots"));
}

void TestLive::fullRunMatchesCli()
{
    const Model model = userProfile(120);
    Studio studio(model);
    studio.window.show();
    RunController *c = studio.controller();
    QSignalSpy finished(c, &RunController::runFinished);
    QSignalSpy samples(c, &RunController::samplesArrived);
    studio.run->runBar()->speedBox()->setCurrentIndex(studio.run->runBar()->speedBox()->count() - 1);
    QCOMPARE(c->speed(), 0.0);
    studio.run->runBar()->runAction()->trigger();
    QCOMPARE(c->state(), RunController::State::Running);
    QVERIFY(finished.wait(30000));
    QCOMPARE(c->state(), RunController::State::Finished);
    QVERIFY(samples.count() > 0);

    // The summary's result is the CLI's result for the same model and seed.
    const Json expected = sim::simulate(model);
    QVERIFY(c->result().has_value());
    const RunResult &run = *c->result();
    QVERIFY(run.complete);
    QCOMPARE(run.time, 120.0);
    QCOMPARE(QString::fromStdString(withoutWall(*run.result).dump(2)),
             QString::fromStdString(withoutWall(expected).dump(2)));
    QTRY_VERIFY(studio.run->summary()->run().has_value());
    QCOMPARE(studio.run->summary()->run()->text, run.text);
    QCOMPARE(run.text, QString::fromStdString(sim::formatResult(*run.result)));

    // Charts received points: about one per sample interval, and the distributions.
    ChartsPanel *charts = studio.run->charts();
    charts->refresh();
    const int samplesPerSeries = int(120 / model.workload.effectiveSampleInterval());
    QVERIFY2(charts->pointCount(ChartsPanel::Throughput) >= 5 * samplesPerSeries,
             qPrintable(QString::number(charts->pointCount(ChartsPanel::Throughput))));
    QVERIFY(charts->pointCount(ChartsPanel::Window) > samplesPerSeries);
    QVERIFY(charts->pointCount(ChartsPanel::Backlog) >= samplesPerSeries);
    QVERIFY(charts->pointCount(ChartsPanel::Lag) >= samplesPerSeries);
    QVERIFY(charts->pointCount(ChartsPanel::Staleness) > 0);
    QVERIFY(charts->pointCount(ChartsPanel::Latency) > 0);
    QVERIFY(charts->pointCount(ChartsPanel::Histogram) > 0);
    QVERIFY(charts->pointCount(ChartsPanel::Cdf) > 0);

    // The summary a person reads: the numbers and the insights.
    const QString text = studio.run->summary()->plainText();
    QVERIFY2(text.contains(QStringLiteral("busiest stage")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("budget")));
    const Json &userView = expected["readModels"]["user-view"];
    QVERIFY(text.contains(formatCount(double(userView["applied"].get<std::uint64_t>()))));

    // The canvas came alive: a badge on the read model with backlog, lag and utilization.
    NodeItem *node = studio.scene->nodeItem("user-view");
    QVERIFY(node);
    QTRY_VERIFY2(node->badge().contains(QLatin1Char('%')), qPrintable(node->badge()));
    QVERIFY(studio.run->overlay()->flowEnabled());
    QVERIFY(studio.run->overlay()->flowItemCount() > 0);

    // Reset drops the run, its charts and badges.
    studio.run->runBar()->resetAction()->trigger();
    QCOMPARE(c->state(), RunController::State::Idle);
    QCOMPARE(charts->pointCount(ChartsPanel::Throughput), 0);
    QVERIFY(node->badge().isEmpty());
}

void TestLive::pauseStepResume()
{
    Studio studio(userProfile(600));
    RunController *c = studio.controller();
    c->setSpeed(10); // 10 simulated seconds per second
    QVERIFY(c->start(studio.document.model()));
    QVERIFY(QTest::qWaitFor([&] { return c->time() > 1.0; }, 10000));

    QSignalSpy paused(c, &RunController::pausedAt);
    studio.run->runBar()->pauseAction()->trigger();
    QCOMPARE(c->state(), RunController::State::Paused);
    QVERIFY(paused.wait(5000));
    const double t1 = c->time();
    QCOMPARE(paused.last().at(0).toDouble(), t1);
    // Nothing advances while paused.
    QSignalSpy samples(c, &RunController::samplesArrived);
    QTest::qWait(400);
    QCOMPARE(c->time(), t1);
    QCOMPARE(samples.count(), 0);
    QCOMPARE(c->state(), RunController::State::Paused);

    // Step: exactly one sample interval.
    studio.run->runBar()->stepAction()->trigger();
    QVERIFY(paused.wait(5000));
    const double t2 = c->time();
    QVERIFY2(qAbs(t2 - t1 - c->sampleInterval()) < 1e-9,
             qPrintable(QStringLiteral("%1 -> %2, interval %3").arg(t1).arg(t2).arg(c->sampleInterval())));
    QCOMPARE(c->state(), RunController::State::Paused);
    studio.run->runBar()->stepAction()->trigger();
    QVERIFY(paused.wait(5000));
    QVERIFY(qAbs(c->time() - t2 - c->sampleInterval()) < 1e-9);
    const double t3 = c->time();

    // Resume: time moves on at the chosen speed.
    studio.run->runBar()->runAction()->trigger();
    QCOMPARE(c->state(), RunController::State::Running);
    QVERIFY(QTest::qWaitFor([&] { return c->time() > t3 + 0.5; }, 5000));
    // At 10x, one wall second is at most about ten simulated seconds.
    QTest::qWait(500);
    QVERIFY2(c->time() < t3 + 20, qPrintable(QString::number(c->time() - t3)));

    // Stop: the summary shows what was simulated.
    QSignalSpy finished(c, &RunController::runFinished);
    studio.run->runBar()->stopAction()->trigger();
    QVERIFY(finished.wait(5000));
    QCOMPARE(c->state(), RunController::State::Finished);
    QVERIFY(!c->result()->complete);
    QVERIFY(c->result()->time < 600);
    QCOMPARE((*c->result()->result)["simulatedSeconds"].get<double>(), c->result()->time);
}

void TestLive::parameterChangeMidRun()
{
    // The same run twice; the second raises user-view's delay at t = 30 s
    // through the document, as the inspector does.
    const Model model = userProfile(60);
    auto runOnce = [&](bool change) -> Json {
        Studio studio(model);
        RunController *c = studio.controller();
        QSignalSpy paused(c, &RunController::pausedAt);
        QSignalSpy finished(c, &RunController::runFinished);
        c->setSpeed(0);
        if (!c->startPaused(studio.document.model()))
            return {};
        c->runTo(30);
        if (!paused.wait(20000) || c->time() != 30.0)
            return {};
        if (change) {
            QSignalSpy messages(c, &RunController::message);
            studio.document.changeValue<Distribution>(
                QStringLiteral("Change delay"), "user-view/update.delay",
                ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, "update.delay"},
                [](Model &m) { return m.readModel("user-view") ? &m.readModel("user-view")->update.delay : nullptr; },
                Distribution::constant(2.0));
            // The worker confirms the change with a message.
            if (!messages.wait(5000) || !messages.last().at(0).toString().contains(QStringLiteral("update.delay")))
                return {};
        }
        c->resume();
        if (!finished.wait(20000))
            return {};
        return *c->result()->result;
    };
    const Json plain = runOnce(false);
    const Json changed = runOnce(true);
    QVERIFY(!plain.is_null());
    QVERIFY(!changed.is_null());
    const double p99Plain = plain["readModels"]["user-view"]["consistencyWindow"]["p99"].get<double>();
    const double p99Changed = changed["readModels"]["user-view"]["consistencyWindow"]["p99"].get<double>();
    QVERIFY2(p99Plain < 1.5, qPrintable(QString::number(p99Plain)));
    QVERIFY2(p99Changed >= 2.0, qPrintable(QString::number(p99Changed)));
    // The run without the change is still the CLI's run.
    QCOMPARE(withoutWall(plain).dump(), withoutWall(sim::simulate(model)).dump());
}

void TestLive::outageAndRebuildMidRun()
{
    const Model model = userProfile(60);
    Studio studio(model);
    RunController *c = studio.controller();
    QSignalSpy paused(c, &RunController::pausedAt);
    QSignalSpy finished(c, &RunController::runFinished);
    QVERIFY(c->startPaused(model));
    c->runTo(20);
    QVERIFY(paused.wait(20000));
    QSignalSpy messages(c, &RunController::message);
    studio.run->scheduleOutage("user-view", 10);
    QVERIFY(messages.wait(5000));
    QVERIFY2(messages.last().at(0).toString().startsWith(QStringLiteral("Outage")), qPrintable(messages.last().at(0).toString()));
    studio.run->scheduleRebuild("search-index");
    QVERIFY(messages.wait(5000));
    QVERIFY(messages.last().at(0).toString().startsWith(QStringLiteral("Rebuild")));
    // Unknown ids are refused with the engine's message, not a crash.
    studio.run->scheduleRebuild("no-such-model");
    QVERIFY(messages.wait(5000));
    QVERIFY(messages.last().at(0).toString().startsWith(QStringLiteral("Not applied")));
    c->resume();
    QVERIFY(finished.wait(20000));
    const Json &r = *c->result()->result;
    // An outage of 10 s makes some window at least about 10 s long.
    QVERIFY(r["readModels"]["user-view"]["consistencyWindow"]["max"].get<double>() >= 9.0);
    QCOMPARE(r["readModels"]["search-index"]["rebuilds"].size(), std::size_t(1));
    QCOMPARE(r["readModels"]["search-index"]["rebuilds"][0]["at"].get<double>(), 20.0);
}

void TestLive::forwardsInspectorEdits()
{
    const Model model = userProfile(60);
    Studio studio(model);
    RunController *c = studio.controller();
    QVERIFY(c->startPaused(model));
    QSignalSpy messages(c, &RunController::message);
    Document &d = studio.document;
    const ChangeEvent settings{ChangeEvent::Type::SettingsChanged, {}, {}};
    d.changeValue<int>(QStringLiteral("Workers"), "model/writeSide.workers", settings,
                       [](Model &m) { return &m.writeSide.workers; }, 2);
    d.changeValue<double>(QStringLiteral("Rate"), "model/workload.commandRate", settings,
                          [](Model &m) { return &m.workload.commandRate; }, 150.0);
    d.changeValue<Strategy>(QStringLiteral("Strategy"), "get-user/consistency.strategy",
                            ChangeEvent{ChangeEvent::Type::ElementsChanged, {"get-user"}, {}},
                            [](Model &m) { return m.query("get-user") ? &m.query("get-user")->consistency.strategy : nullptr; },
                            Strategy::ReadFromWriteModel);
    d.changeValue<int>(QStringLiteral("Consumers"), "user-view/consumers",
                       ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
                       [](Model &m) { return m.readModel("user-view") ? &m.readModel("user-view")->consumers : nullptr; }, 4);
    QTRY_COMPARE(messages.count(), 4);
    QStringList texts;
    for (const QList<QVariant> &m : messages)
        texts.append(m.at(0).toString());
    const QString all = texts.join(QLatin1Char('\n'));
    QVERIFY2(!all.contains(QStringLiteral("Not applied")), qPrintable(all));
    for (const char *path : {"writeSide.workers = 2", "workload.commandRate = 150", "queries.get-user.consistency",
                             "readModels.user-view.consumers = 4"})
        QVERIFY2(all.contains(QLatin1String(path)), qPrintable(all));
    // A name is not a run parameter: nothing is sent, the user is told why.
    d.changeValue<std::string>(QStringLiteral("Name"), "user-view/name",
                               ChangeEvent{ChangeEvent::Type::ElementsChanged, {"user-view"}, {}},
                               [](Model &m) { return m.readModel("user-view") ? &m.readModel("user-view")->name : nullptr; },
                               std::string("Renamed"));
    QVERIFY(studio.window.statusBar()->currentMessage().contains(QStringLiteral("next run")));
    QTest::qWait(100);
    QCOMPARE(messages.count(), 4);
}

void TestLive::insightsExplainBatchStaleness()
{
    Model model = loadExample("user-profile.cqrs.json");
    model.workload.duration = 1800;
    model.workload.commandRate = 5;
    model.workload.queryRate = 5;
    ReadModel *search = model.readModel("search-index");
    QVERIFY(search);
    search->update.mode = UpdateMode::Batch;
    search->update.interval = 300;
    search->name = "Search index";
    const Json result = sim::simulate(model);
    const std::vector<Insight> insights = computeInsights(model, result);
    const Insight *stalest = nullptr;
    const Insight *bottleneck = nullptr;
    for (const Insight &in : insights) {
        if (in.kind == Insight::Kind::Stalest)
            stalest = &in;
        if (in.kind == Insight::Kind::Bottleneck)
            bottleneck = &in;
    }
    QVERIFY(stalest);
    QCOMPARE(stalest->elementId, std::string("search-index"));
    QVERIFY2(stalest->text.contains(QStringLiteral("batch-updated every 5 min, so reads are on average 2.5 min behind")),
             qPrintable(stalest->text));
    QVERIFY2(stalest->predicted.startsWith(QStringLiteral("2.5")), qPrintable(stalest->predicted)); // about 150 s
    // The simulated mean is close to the prediction (interval / 2).
    const double mean = result["readModels"]["search-index"]["consistencyWindow"]["mean"].get<double>();
    QVERIFY2(mean > 120 && mean < 180, qPrintable(QString::number(mean)));
    QVERIFY(stalest->simulated.contains(QStringLiteral("mean")));
    QVERIFY(bottleneck);
    QVERIFY(!bottleneck->predicted.isEmpty());
}

void TestLive::insightsNetflix()
{
    // The example's story: one stream, three speeds; the hourly analytics are the stalest.
    const Model model = loadExample("netflix-viewing.cqrs.json");
    const Json result = sim::simulate(model);
    const std::vector<Insight> insights = computeInsights(model, result);
    const auto stalest = std::find_if(insights.begin(), insights.end(),
                                      [](const Insight &in) { return in.kind == Insight::Kind::Stalest; });
    QVERIFY(stalest != insights.end());
    QCOMPARE(stalest->elementId, std::string("viewing-analytics"));
    QVERIFY2(stalest->text.contains(QStringLiteral("every 60 min, so reads are on average 30 min behind")),
             qPrintable(stalest->text));
}

void TestLive::insightsFindUnstableReadModel()
{
    Model model = userProfile(30);
    ReadModel *view = model.readModel("user-view");
    QVERIFY(view);
    view->applyTime = Distribution::constant(0.05); // ~100 events/s over 2 consumers: 250% busy
    const Json result = sim::simulate(model);
    const std::vector<Insight> insights = computeInsights(model, result);
    bool unstable = false;
    for (const Insight &in : insights) {
        if (in.kind == Insight::Kind::Bottleneck) {
            QCOMPARE(in.elementId, std::string("user-view"));
            QCOMPARE(in.severity, Insight::Severity::Problem);
            QVERIFY2(in.text.contains(QStringLiteral("2 consumers")), qPrintable(in.text));
        }
        if (in.kind == Insight::Kind::Unstable && in.elementId == "user-view") {
            unstable = true;
            QVERIFY2(in.text.contains(QStringLiteral("grows without limit")), qPrintable(in.text));
            QVERIFY(in.simulated.contains(QStringLiteral("backlog up to")));
        }
        if (in.kind == Insight::Kind::Budget && in.elementId == "user-view")
            QCOMPARE(in.severity, Insight::Severity::Problem); // the budget is missed by far
    }
    QVERIFY(unstable);
}

void TestLive::erlangC_data()
{
    QTest::addColumn<double>("lambda");
    QTest::addColumn<double>("service");
    QTest::addColumn<int>("servers");
    QTest::addColumn<double>("wait");
    QTest::newRow("M/M/1 rho 0.5") << 0.5 << 1.0 << 1 << 1.0;      // rho/(mu-lambda)
    QTest::newRow("M/M/1 rho 0.9") << 9.0 << 0.1 << 1 << 0.9;      // 0.9 / (10 - 9)
    QTest::newRow("M/M/2 a=1") << 1.0 << 1.0 << 2 << 1.0 / 3.0;     // C = 1/3, / (2 - 1)
    QTest::newRow("idle") << 0.0 << 1.0 << 3 << 0.0;
}

void TestLive::erlangC()
{
    QFETCH(double, lambda);
    QFETCH(double, service);
    QFETCH(int, servers);
    QFETCH(double, wait);
    QVERIFY(qAbs(erlangCWait(lambda, service, servers) - wait) < 1e-9);
    QVERIFY(std::isinf(erlangCWait(2.0, 1.0, 2)));
}

void TestLive::decimationKeepsChartsBounded()
{
    DecimatedSeries mean(DecimatedSeries::Merge::Mean);
    DecimatedSeries max(DecimatedSeries::Merge::Max);
    for (int i = 1; i <= 100000; ++i) {
        mean.append(i, 1.0);
        max.append(i, i == 54321 ? 1000.0 : 1.0);
    }
    QVERIFY(mean.points().size() <= DecimatedSeries::kMaxPoints);
    QVERIFY(mean.points().size() >= DecimatedSeries::kMaxPoints / 2);
    for (const QPointF &p : mean.points())
        QCOMPARE(p.y(), 1.0);
    QCOMPARE(mean.points().last().x(), 100000.0);
    // A peak survives any amount of merging in a Max series.
    double peak = 0;
    for (const QPointF &p : max.points())
        peak = std::max(peak, p.y());
    QCOMPARE(peak, 1000.0);
}

void TestLive::heatColours()
{
    QCOMPARE(LiveOverlay::heatColor(0).name(), QStringLiteral("#2e7d32"));
    QCOMPARE(LiveOverlay::heatColor(1).name(), QStringLiteral("#c62828"));
    QCOMPARE(LiveOverlay::heatColor(5).name(), QStringLiteral("#c62828"));
    const QColor half = LiveOverlay::heatColor(0.75);
    QVERIFY(half.red() > 0xc0 && half.green() > 0x30 && half.green() < 0x8f);
    sim::ConsumerGroupSnapshot g;
    g.backlog = 12;
    g.lag = 0.4;
    g.utilization = 0.634;
    QCOMPARE(LiveOverlay::badgeText(g), QStringLiteral("12 · 0.40 s · 63%"));
    g.down = true;
    QVERIFY(LiveOverlay::badgeText(g).startsWith(QStringLiteral("DOWN")));
}

void TestLive::exports()
{
    const Model model = userProfile(30);
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
    QCOMPARE(withoutWall(parsed).dump(), withoutWall(sim::simulate(model)).dump());
    Json cli = sim::simulate(model);
    cli["engine"]["wallSeconds"] = parsed["engine"]["wallSeconds"];
    QCOMPARE(bytes, QByteArray::fromStdString(sim::formatResult(cli)));
    // CSV: a header and one row per sample.
    QVERIFY(studio.run->exportSeries(dir.filePath("s.csv"), &error));
    QFile csv(dir.filePath("s.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QVERIFY(lines.first().startsWith("t,commandsAccepted,commandsRejected,conflicts,eventsPublished"));
    QVERIFY(lines.first().contains("user-view.windowP99"));
    const int columns = int(lines.first().count(',')) + 1;
    QVERIFY(lines.size() >= 30);
    QCOMPARE(int(lines[1].count(',')) + 1, columns);
    // Charts as PNG and SVG: the clean picture (issue 8), titled with the model name.
    QChartView *view = studio.run->charts()->chartView(ChartsPanel::Window);
    QVERIFY(saveWidgetPicture(view, dir.filePath("v.png"), &error));
    QCOMPARE(QImage(dir.filePath("v.png")).size(), view->size() * view->devicePixelRatio());
    QVERIFY2(studio.run->charts()->savePicture(dir.filePath("c.png"), &error, {ChartsPanel::Window}), qPrintable(error));
    QImage png(dir.filePath("c.png"));
    QVERIFY(!png.isNull());
    QVERIFY(studio.run->charts()->savePicture(dir.filePath("c.svg"), &error, {ChartsPanel::Window}));
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

void TestLive::badModelFile()
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
    QVERIFY(checkModelFile(QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json"), &message));
    QVERIFY(message.isEmpty());
}

void TestLive::nodeContextActions()
{
    const Model model = userProfile(60);
    Studio studio(model);
    RunController *c = studio.controller();
    {
        QMenu idle;
        studio.run->addNodeActions(&idle, "user-view");
        QCOMPARE(idle.actions().size(), 3); // separator, outage, rebuild
        QVERIFY(!idle.actions().at(1)->isEnabled()); // nothing to schedule without a run
    }
    QVERIFY(c->startPaused(model));
    QMenu menu;
    studio.run->addNodeActions(&menu, "user-view");
    QStringList texts;
    for (QAction *a : menu.actions())
        texts.append(a->text());
    QCOMPARE(texts, QStringList({QString(), QStringLiteral("Schedule Outage…"), QStringLiteral("Schedule Rebuild")}));
    QVERIFY(menu.actions().at(2)->isEnabled());
    QSignalSpy messages(c, &RunController::message);
    menu.actions().at(2)->trigger();
    QVERIFY(messages.wait(5000));
    QVERIFY2(messages.last().at(0).toString().startsWith(QStringLiteral("Rebuild of user-view")),
             qPrintable(messages.last().at(0).toString()));
    // Commands and queries get nothing.
    QMenu none;
    studio.run->addNodeActions(&none, "get-user");
    QVERIFY(none.actions().isEmpty());
    // The canvas context menu hook: one selected read model gets the entries, a multiple selection none.
    QMenu hook;
    studio.run->addContextActions(&hook, {"search-index"});
    QCOMPARE(hook.actions().size(), 3);
    QMenu many;
    studio.run->addContextActions(&many, {"search-index", "user-view"});
    QVERIFY(many.actions().isEmpty());
}

void TestLive::screenshotMode()
{
    Studio studio(Model{});
    auto open = [&](const QString &path) {
        ModelLoadResult loaded = loadModelFile(path.toStdString());
        if (!loaded.ok())
            return false;
        loaded.model->workload.duration = 60; // keep the test short; the CLI runs the file as it is
        studio.document.resetModel(*loaded.model, path);
        return true;
    };
    const QString file = QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-run-to.png");
    QFile::remove(file);
    QString error;
    const int code = runToScreenshot(&studio.window, studio.run,
                                     QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json"), 30,
                                     file, open, &error);
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
    f.write("{ \"format\": \"cqrs-studio/model\", \"schemaVersion\": 1, \"commands\": [ { \"id\": 5 } ] }");
    f.close();
    error.clear();
    QCOMPARE(runToScreenshot(&studio.window, studio.run, bad, 30, dir.filePath("x.png"), open, &error), 2);
    QVERIFY2(error.startsWith(bad + QStringLiteral(": ")), qPrintable(error));
    QVERIFY(!QFile::exists(dir.filePath("x.png")));
}

void TestLive::mainWindowIntegration()
{
    MainWindow window;
    RunUi *run = window.runUi();
    QVERIFY(run);
    // The Run menu sits before Help and carries the run bar's actions and shortcuts.
    QStringList menus;
    for (QAction *a : window.menuBar()->actions())
        menus.append(a->text().remove(QLatin1Char('&')));
    const qsizetype runIndex = menus.indexOf(QStringLiteral("Run"));
    QVERIFY2(runIndex >= 0 && runIndex < menus.indexOf(QStringLiteral("Help")), qPrintable(menus.join(',')));
    QCOMPARE(run->runBar()->runAction()->shortcut(), QKeySequence(Qt::Key_F5));
    QCOMPARE(run->runBar()->pauseAction()->shortcut(), QKeySequence(Qt::Key_F6));
    QCOMPARE(run->runBar()->stepAction()->shortcut(), QKeySequence(Qt::Key_F10));
    QCOMPARE(run->runBar()->stopAction()->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    QVERIFY(run->runMenu()->actions().contains(run->runBar()->runAction()));
    QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("liveChartsDock")));

    // Run the document the window has open; an inspector-style edit reaches the engine.
    Model model = userProfile(60);
    window.document()->resetModel(model);
    QSignalSpy paused(run->controller(), &RunController::pausedAt);
    QVERIFY(run->controller()->startPaused(window.document()->model()));
    run->controller()->runTo(10);
    QVERIFY(paused.wait(20000));
    QSignalSpy messages(run->controller(), &RunController::message);
    window.document()->changeValue<double>(QStringLiteral("Rate"), "model/workload.commandRate",
                                           ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, {}},
                                           [](Model &m) { return &m.workload.commandRate; }, 50.0);
    QVERIFY(messages.wait(5000));
    QVERIFY(messages.last().at(0).toString().startsWith(QStringLiteral("workload.commandRate = 50")));
    // Opening another model ends the run.
    window.document()->resetModel(userProfile(30));
    QCOMPARE(run->controller()->state(), RunController::State::Idle);
}

void TestLive::commandLineScreenshot()
{
    const QString studio = QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-studio/cqrs-studio");
    QVERIFY2(QFile::exists(studio), "cqrs-studio is built before tst_live");
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    QProcess process;
    process.setProcessEnvironment(env);
    const QString png = dir.filePath(QStringLiteral("shot.png"));
    process.start(studio, {QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json"),
                           QStringLiteral("--run-to"), QStringLiteral("20"), QStringLiteral("--screenshot"), png});
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
    process.start(studio, {bad, QStringLiteral("--run-to"), QStringLiteral("20"), QStringLiteral("--screenshot"),
                           dir.filePath(QStringLiteral("bad.png"))});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 2);
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(error.contains(bad + QStringLiteral(": line 3")), qPrintable(error));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bad.png"))));
}

void TestLive::screenshots()
{
    // The netflix example mid-run, at a projector-like size.
    Studio studio(loadExample("netflix-viewing.cqrs.json"));
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
    Studio done(userProfile(120));
    done.window.resize(1920, 1080);
    done.window.show();
    called = false;
    done.run->runToAndCapture(1e9, QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-user-profile-end.png"),
                              [&](bool success, const QString &) { called = true; ok = success; });
    QVERIFY(QTest::qWaitFor([&] { return called; }, 30000));
    QVERIFY(ok);
    QCOMPARE(done.controller()->state(), RunController::State::Finished);
    QVERIFY(done.run->charts()->grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-charts-end.png")));
    // The distributions are charts of their own now (issue 8), chosen like the others.
    done.run->charts()->setChartShown(ChartsPanel::Histogram, true);
    done.run->charts()->setChartShown(ChartsPanel::Cdf, true);
    done.run->charts()->setFocusReadModel(QString()); // all read models
    done.run->charts()->refresh();
    QTest::qWait(50);
    QVERIFY(done.run->charts()->grab().save(QStringLiteral(CQRS_BINARY_DIR "/screenshots/live-charts-end-all.png")));
}

QTEST_MAIN(TestLive)
#include "tst_live.moc"
