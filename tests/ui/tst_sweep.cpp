// Sweeps from the inspector (issue 10): the points run
// in parallel to completion with means equal to independently computed runs,
// Cancel, the history group and reopening it, the knee and the budget on the
// chart, the heat map's cells, clicking a point, the report and the picture.
#include "a11ytestutil.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/history/recordedrunview.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/sweep/sweepdata.h"
#include "cqrs/ui/sweep/sweepdialog.h"
#include "cqrs/ui/sweep/sweepfieldmenu.h"
#include "cqrs/ui/sweep/sweepheatmap.h"
#include "cqrs/ui/sweep/sweeprunner.h"
#include "cqrs/ui/sweep/sweepui.h"
#include "cqrs/ui/sweep/sweepview.h"
#include "historytestutil.h"

#include <QAction>
#include <QApplication>
#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <cmath>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

using namespace cqrs;
using namespace cqrs::testing;

namespace {

const char *const kBatch = "readModels.search-index.update.interval";
const char *const kWindowP99 = "/readModels/search-index/consistencyWindow/p99";

/// Where pictures go for a person to look at (CQRS_SWEEP_PICTURES), else nowhere.
void keepPicture(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("CQRS_SWEEP_PICTURES");
    if (!dir.isEmpty())
        image.save(dir + QLatin1Char('/') + name);
}

/// The figure of a result computed on its own: the model with the values and the seed applied.
double independentFigure(Model model, const std::vector<std::pair<std::string, double>> &values,
                         std::int64_t seed, const std::string &pointer)
{
    Json document = modelToJson(model);
    for (const auto &[path, v] : values) {
        std::string error;
        if (!applySetOverride(document, path, sim::sweepJsonValue(v), &error))
            qFatal("%s", error.c_str());
    }
    ModelLoadResult loaded = modelFromJson(document);
    if (!loaded.ok())
        qFatal("invalid model");
    sim::SimulationOptions options;
    options.seed = seed;
    const Json result = sim::simulate(*loaded.model, options);
    return result.at(Json::json_pointer(pointer)).get<double>();
}

QList<QPointF> points(QXYSeries *series)
{
    return series ? series->points() : QList<QPointF>{};
}

} // namespace

class TestSweep : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void runsInParallelToCompletion();
    void reopensFromHistory();
    void cancelStopsPromptly();
    void closingTheWindowCancels();
    void heatMapCells();
    void heatMapOpensOnAFigureThatDiffers();
    void kneeAndBudgetOnChart();
    void staleRatiosReadInPercent();
    void logAxisLabelsAreShort();
    void reportAndPicture();
    void inspectorFieldPaths();
    void accessibleControls();
    void pointNamesReadShort();

private:
    SweepRequest batchRequest(int steps, int replications) const;
    /// Starts the sweep and waits for its last run; its window, or nullptr.
    SweepView *runToTheEnd(const SweepRequest &request);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    std::unique_ptr<MainWindow> m_window;
    Model m_model;
    qint64 m_sweepId = 0;
    std::vector<double> m_means; ///< the chart's means of the completed sweep
};

void TestSweep::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(QStringLiteral("runs.sqlite"));
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(m_db));
    m_model = example("user-profile.cqrs.json", 20);
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    m_window->document()->resetModel(m_model);
    QTRY_VERIFY(m_window->historyUi()->store()->isReady());
}

void TestSweep::cleanupTestCase()
{
    m_window.reset();
    qunsetenv("CQRS_STUDIO_DB");
}

SweepRequest TestSweep::batchRequest(int steps, int replications) const
{
    SweepRequest request;
    request.first.path = kBatch;
    request.first.from = 0.5;
    request.first.to = 8;
    request.first.steps = steps;
    request.first.log = true;
    request.replications = replications;
    request.metricPaths = {kWindowP99, "/commands/total/latency/p99"};
    return request;
}

SweepView *TestSweep::runToTheEnd(const SweepRequest &request)
{
    SweepUi *ui = m_window->sweepUi();
    QSignalSpy opened(ui, &SweepUi::sweepOpened);
    if (!ui->start(m_model, request) || opened.isEmpty())
        return nullptr;
    QSignalSpy finished(ui->runner(), &SweepRunner::finished);
    if (!finished.wait(20000))
        return nullptr;
    return opened.first().first().value<SweepView *>();
}

void TestSweep::runsInParallelToCompletion()
{
    SweepUi *ui = m_window->sweepUi();
    QSignalSpy opened(ui, &SweepUi::sweepOpened);
    const SweepRequest request = batchRequest(3, 2);
    QVERIFY(ui->start(m_model, request));
    SweepRunner *runner = ui->runner();
    QVERIFY(runner->threadCount() >= 1);
    QCOMPARE(runner->threadCount(), std::max(1, QThread::idealThreadCount()));
    QCOMPARE(opened.count(), 1);
    auto *view = opened.first().first().value<SweepView *>();
    QVERIFY(view);
    QVERIFY(view->progressBar()->isVisible());
    QVERIFY(view->cancelButton()->isEnabled());
    QSignalSpy finished(runner, &SweepRunner::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().first().toBool(), false);
    view->refresh();
    QCOMPARE(view->progressBar()->value(), 6);
    QVERIFY(!view->cancelButton()->isEnabled());

    // One chart per figure; three points each, at the three values.
    QCOMPARE(view->chartCount(), 2);
    const SweepData &data = view->data();
    QCOMPARE(data.finishedCount(), std::size_t(6));
    const QList<QPointF> means = points(view->meanSeries(0));
    QCOMPARE(means.size(), 3);
    QCOMPARE(points(view->pointSeries(0)).size(), 3);
    QVERIFY(view->bandSeries(0)); // two replications: a band, named in the legend
    QVERIFY(view->bandSeries(0)->name().contains(QStringLiteral("min–max across 2 replications")));
    QCOMPARE(view->meanSeries(0)->name(), QStringLiteral("mean of 2 replications"));
    QCOMPARE(points(view->bandSeries(0)->upperSeries()).size(), 3);
    QVERIFY(!view->budgetSeries(0));

    // Each mean is the mean of two runs computed on their own with seeds s and s + 1.
    m_means.clear();
    for (int i = 0; i < 3; ++i) {
        const double value = data.plan.values1[std::size_t(i)];
        QCOMPARE(means[i].x(), std::log10(value)); // the sweep is log
        const double a
            = independentFigure(m_model, {{kBatch, value}}, m_model.workload.seed, kWindowP99);
        const double b
            = independentFigure(m_model, {{kBatch, value}}, m_model.workload.seed + 1, kWindowP99);
        QCOMPARE(means[i].y(), (a + b) / 2);
        const QList<QPointF> upper = points(view->bandSeries(0)->upperSeries());
        QCOMPARE(upper[i].y(), std::max(a, b));
        m_means.push_back(means[i].y());
    }

    // Recorded as one sweep group: six points with their values, none left running.
    auto store = openHistory(m_db);
    const std::vector<history::SweepInfo> sweeps = store->sweeps();
    QCOMPARE(sweeps.size(), std::size_t(1));
    QCOMPARE(sweeps.front().runs, std::size_t(6));
    QCOMPARE(sweeps.front().path, std::string(kBatch));
    QCOMPARE(sweeps.front().description, std::string("0.5:8:3:log"));
    m_sweepId = sweeps.front().id;
    QCOMPARE(data.sweepId, m_sweepId);
    history::ListFilter filter;
    filter.sweepId = m_sweepId;
    for (const history::RunSummary &run : store->list(filter)) {
        QCOMPARE(run.status, history::RunStatus::Finished);
        QVERIFY(run.sweepValue);
        QVERIFY(std::find(data.plan.values1.begin(), data.plan.values1.end(), *run.sweepValue)
                != data.plan.values1.end());
        // Recorded once it had ended, with the time it started: a point of
        // a run of seconds no longer started and ended at one instant.
        QVERIFY2(run.startedAt < run.finishedAt, (run.startedAt + " " + run.finishedAt).c_str());
    }
    // The table lists the points with their value and run.
    QCOMPARE(view->pointsTable()->rowCount(), 3);
    QCOMPARE(view->pointsTable()->item(1, 0)->text(), QStringLiteral("2"));
    QVERIFY(view->pointsTable()->item(1, 2)->text().startsWith(QLatin1Char('#')));

    // Clicking the second point opens its recorded run through the history.
    QSignalSpy runOpened(m_window->historyUi(), &HistoryUi::runOpened);
    view->resize(1100, 760);
    QVERIFY(QTest::qWaitForWindowExposed(view));
    QChartView *chartView = view->chartView(0);
    const QPointF scene = chartView->chart()->mapToPosition(means[1], view->pointSeries(0));
    QTest::mouseClick(chartView->viewport(), Qt::LeftButton, {}, chartView->mapFromScene(scene));
    QVERIFY(runOpened.wait(10000));
    auto *runView = runOpened.first().first().value<RecordedRunView *>();
    QCOMPARE(runView->runId(), data.cellRunId(1));
    QVERIFY(runView->record().sweepValue);
    QCOMPARE(*runView->record().sweepValue, 2.0);
    runView->close();

    view->resize(1100, 760);
    keepPicture(view->grab().toImage(), QStringLiteral("sweep-chart.png"));
    view->close();
}

void TestSweep::reopensFromHistory()
{
    QVERIFY(m_sweepId != 0);
    // The Run History dock: select a point of the sweep, Open Sweep.
    HistoryUi *history = m_window->historyUi();
    history->model()->reload();
    QTRY_VERIFY(history->model()->rowCount() >= 6);
    auto store = openHistory(m_db);
    history::ListFilter filter;
    filter.sweepId = m_sweepId;
    const qint64 point = store->list(filter).front().id;
    history->panel()->selectIds({point});
    QAction *open = m_window->sweepUi()->openSweepAction();
    QTRY_VERIFY(open->isEnabled());
    QVERIFY(history->panel()->view()->actions().contains(open));
    QSignalSpy opened(m_window->sweepUi(), &SweepUi::sweepOpened);
    open->trigger();
    QVERIFY(opened.wait(10000));
    auto *view = opened.first().first().value<SweepView *>();
    QCOMPARE(view->data().sweepId, m_sweepId);
    QCOMPARE(view->data().plan.replications, 2);
    QCOMPARE(view->data().finishedCount(), std::size_t(6));
    QVERIFY(view->heading().contains(QStringLiteral("sweep #%1").arg(m_sweepId)));
    // The figures chosen when it ran, not the defaults (which differ here).
    const std::vector<std::string> chosen = batchRequest(3, 2).metricPaths;
    QVERIFY(defaultSweepMetricPaths(view->data().metrics) != chosen);
    QCOMPARE(view->data().shownMetrics, chosen);
    QCOMPARE(view->chartCount(), 2);
    QVERIFY(!view->data().budget);
    // The same means as when it ran.
    const int chart = [&] {
        for (int i = 0; i < view->chartCount(); ++i) {
            if (view->chartView(i)->chart()->title().contains(
                    QStringLiteral("UserSearchIndex: consistency window p99")))
                return i;
        }
        return -1;
    }();
    QVERIFY(chart >= 0);
    const QList<QPointF> means = points(view->meanSeries(chart));
    QCOMPARE(means.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(means[i].y(), m_means[std::size_t(i)]);
    QCOMPARE(view->pointsTable()->rowCount(), 3);
    // A point unselected: the action is off.
    history->panel()->selectIds({});
    QTRY_VERIFY(!open->isEnabled());
    view->close();
}

void TestSweep::cancelStopsPromptly()
{
    auto store = openHistory(m_db);
    const std::size_t sweepsBefore = store->sweeps().size();
    // Long runs, many of them: far more work than the test waits for.
    Model model = example("user-profile.cqrs.json", 2000);
    SweepUi *ui = m_window->sweepUi();
    QSignalSpy opened(ui, &SweepUi::sweepOpened);
    QVERIFY(ui->start(model, batchRequest(12, 3)));
    SweepRunner *runner = ui->runner();
    auto *view = opened.first().first().value<SweepView *>();
    QSignalSpy finished(runner, &SweepRunner::finished);
    QTest::qWait(300);
    // The GUI stays responsive while the points run: events are processed.
    QVERIFY(runner->isRunning());
    QVERIFY2(view->remainingLabel()->text().contains(QStringLiteral("left")),
             qPrintable(view->remainingLabel()->text())); // "about 12 s left" once a run ended
    keepPicture(view->grab().toImage(), QStringLiteral("sweep-running.png"));
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(view->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(finished.first().first().toBool(), true);
    QVERIFY(runner->doneCount() == runner->totalCount());
    QVERIFY(runner->data().finishedCount() < std::size_t(runner->totalCount()));
    view->refresh();
    QVERIFY(view->remainingLabel()->text().contains(QStringLiteral("Cancelled")));
    // The bar stops where the runs did, not at the runs cancelled before they started.
    QCOMPARE(view->progressBar()->value(), int(runner->data().finishedCount()));
    QVERIFY(view->progressBar()->value() < view->progressBar()->maximum());
    QVERIFY2(view->progressBar()->text().contains(QStringLiteral("cancelled")),
             qPrintable(view->progressBar()->text()));

    // The history is consistent: one more group holding exactly the runs that finished, none
    // running.
    m_window->historyUi()->store()->waitForIdle();
    QVERIFY(store->integrityCheck() == "ok");
    const std::vector<history::SweepInfo> sweeps = store->sweeps();
    QCOMPARE(sweeps.size(), sweepsBefore + 1);
    QCOMPARE(sweeps.front().runs, runner->data().finishedCount());
    for (const history::RunSummary &run : store->list())
        QVERIFY(run.status != history::RunStatus::Running);
    view->close();
}

void TestSweep::closingTheWindowCancels()
{
    Model model = example("user-profile.cqrs.json", 2000);
    SweepUi *ui = m_window->sweepUi();
    QSignalSpy opened(ui, &SweepUi::sweepOpened);
    QVERIFY(ui->start(model, batchRequest(12, 3)));
    SweepRunner *runner = ui->runner();
    QSignalSpy finished(runner, &SweepRunner::finished);
    QTest::qWait(200);
    QVERIFY(runner->isRunning());
    // Closed with the platform's Close keys (Ctrl+W), as a window of its own
    // without a menu bar; closing deletes the view.
    QPointer<SweepView> view = opened.first().first().value<SweepView *>();
    view->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(view));
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : view.data(),
                    Qt::Key_W, Qt::ControlModifier);
    QTRY_VERIFY(view.isNull());
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), true); // cancelled, not run to the end
    // Nothing keeps the next sweep out.
    QVERIFY(!runner->isRunning());
    m_window->historyUi()->store()->waitForIdle();
}

// The first figure of a two-parameter sweep was the command latency, which
// the read side's batch interval and consumers do not move: the heat map
// opened on six cells of one colour. It opens on the first figure that
// differs between the cells, says which are the same everywhere, and keeps
// the one the user picks.
void TestSweep::heatMapOpensOnAFigureThatDiffers()
{
    SweepRequest request = batchRequest(2, 1);
    request.second = sim::SweepAxis{"readModels.search-index.consumers", 1, 2, 2, false};
    request.metricPaths = {"/commands/total/latency/p99", kWindowP99};
    SweepView *view = runToTheEnd(request);
    QVERIFY(view);
    view->refresh();
    QComboBox *colour = view->heatMetricCombo();
    QCOMPARE(colour->count(), 2);
    const int latency = view->data().metricIndex("/commands/total/latency/p99");
    const int window = view->data().metricIndex(kWindowP99);
    QCOMPARE(colour->currentData().toInt(), window);
    // Its label without the "(s)": the cells carry the unit.
    const QString windowLabel = figureLabel(view->data().metrics[std::size_t(window)].label);
    QVERIFY2(view->heatMap()->cellText(0).contains(windowLabel + QStringLiteral(" = ")),
             qPrintable(view->heatMap()->cellText(0)));
    QCOMPARE(colour->itemData(0).toInt(), latency);
    QVERIFY2(colour->itemText(0).endsWith(QStringLiteral("(the same in every cell)")),
             qPrintable(colour->itemText(0)));
    QVERIFY2(!colour->itemText(1).contains(QStringLiteral("same")),
             qPrintable(colour->itemText(1)));
    // Chosen by the user: kept through the next refresh.
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view));
    colour->setFocus();
    QTest::keyClick(colour, Qt::Key_Up);
    QCOMPARE(colour->currentData().toInt(), latency);
    view->refresh();
    QCOMPARE(colour->currentData().toInt(), latency);
    view->close();
}

void TestSweep::heatMapCells()
{
    SweepRequest request = batchRequest(3, 1);
    request.second = sim::SweepAxis{"readModels.search-index.consumers", 1, 2, 2, false};
    // A budget between the batch intervals' windows (0.5 s and 8 s).
    request.budget = 3;
    request.budgetMetric = kWindowP99;
    SweepView *view = runToTheEnd(request);
    QVERIFY(view);
    view->refresh();
    QCOMPARE(view->chartCount(), 0);
    // Its exports offer the model's name and the sweep's number.
    QVERIFY(!view->data().modelName.isEmpty());
    QVERIFY(view->data().sweepId != 0); // recorded
    QCOMPARE(view->exportBaseName(), view->data().modelName + QStringLiteral(" sweep ")
                                         + QString::number(view->data().sweepId));
    SweepHeatMap *map = view->heatMap();
    QVERIFY(map);
    QCOMPARE(map->columnCount(), 3);
    QCOMPARE(map->rowCount(), 2);
    QCOMPARE(map->cellCount(), 6);
    QCOMPARE(view->heatMetricCombo()->count(), 2);
    QCOMPARE(view->pointsTable()->rowCount(), 6);
    view->resize(1000, 760);
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view));
    // Cell (value 2, 2 consumers): its text names both values and the mean.
    const int cell = 1 * 2 + 1;
    const double mean
        = independentFigure(m_model, {{kBatch, 2}, {"readModels.search-index.consumers", 2}},
                            m_model.workload.seed, kWindowP99);
    QVERIFY2(
        map->cellText(cell).contains(QStringLiteral("2, readModels.search-index.consumers = 2")),
        qPrintable(map->cellText(cell)));
    QCOMPARE(view->data().cellStats(std::size_t(cell), view->data().metricIndex(kWindowP99)).mean,
             mean);
    // A click in the cell opens its run.
    QSignalSpy open(view, &SweepView::openRunRequested);
    QTest::mouseClick(map, Qt::LeftButton, {}, map->cellRect(cell).center().toPoint());
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.first().first().toLongLong(), view->data().cellRunId(std::size_t(cell)));
    QVERIFY(map->cellAt(map->cellRect(0).center().toPoint()) == 0);

    // The budget: the cells whose window p99 is above it are outlined in
    // dark, said so in their tool tip and under the map; the heat map
    // ignored the budget the dialog took for it.
    QCOMPARE(map->budget(), std::optional<double>(3));
    const QImage shown = map->grab().toImage();
    int missed = 0;
    for (int c = 0; c < map->cellCount(); ++c) {
        const double value
            = view->data().cellStats(std::size_t(c), view->data().metricIndex(kWindowP99)).mean;
        QCOMPARE(map->missesBudget(c), value > 3);
        QCOMPARE(map->cellText(c).contains(QStringLiteral("misses the budget of 3")), value > 3);
        // Just inside the cell's left edge, halfway up: the frame's dark or the cell's colour.
        const QRectF r = map->cellRect(c);
        const QColor edge = shown.pixelColor(QPointF(r.left() + 3.5, r.center().y()).toPoint());
        if (value > 3)
            QVERIFY2(edge.lightness() < 60, qPrintable(edge.name()));
        else
            QCOMPARE(edge.rgb(), map->colorOf(value).rgb());
        missed += value > 3 ? 1 : 0;
    }
    QVERIFY2(missed > 0 && missed < map->cellCount(), qPrintable(QString::number(missed)));
    // Another figure has no budget.
    view->heatMetricCombo()->setCurrentIndex(1);
    QVERIFY(!map->budget());
    QVERIFY(!map->missesBudget(map->cellCount() - 1));
    view->heatMetricCombo()->setCurrentIndex(0);
    keepPicture(view->grab().toImage(), QStringLiteral("sweep-heatmap.png"));

    // The report: a heat map for each plotted figure (not only the one the
    // Colour list shows), each coloured by its own figure; the diagram; the
    // parameters, the swept ones named as swept; no line or band to explain.
    const QString html = view->reportHtml();
    static const QRegularExpression image(
        QStringLiteral(R"re(<img alt="([^"]*)" src="data:image/png;base64,([A-Za-z0-9+/=]+)")re"));
    QStringList alts;
    QList<QImage> pictures;
    for (auto it = image.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        alts << match.captured(1);
        pictures << QImage::fromData(QByteArray::fromBase64(match.captured(2).toLatin1()), "PNG");
        QVERIFY(!pictures.constLast().isNull());
        // One size, whatever the window's splitter leaves the map on screen.
        QCOMPARE(pictures.constLast().size(), QSize(900, 540));
    }
    QCOMPARE(alts, QStringList({view->heatMetricCombo()->itemText(0).toHtmlEscaped(),
                                view->heatMetricCombo()->itemText(1).toHtmlEscaped()}));
    // Below their titles, the two maps differ: each cell shows its own figure.
    const QRect cells(0, 40, pictures.at(0).width(), pictures.at(0).height() - 40);
    QVERIFY(pictures.at(0).copy(cells) != pictures.at(1).copy(cells));
    QVERIFY(html.contains(QLatin1String("<svg")));
    QVERIFY(html.contains(
        QStringLiteral("<td>%1</td><td>swept from 0.5 to 8</td>").arg(QLatin1String(kBatch))));
    // Consumers are at their default (1), so the model does not write them: still listed.
    QVERIFY(html.contains(
        QStringLiteral("<td>readModels.search-index.consumers</td><td>swept from 1 to 2</td>")));
    QVERIFY(!html.contains(QStringLiteral("The line is the mean")));
    QVERIFY(html.contains(QStringLiteral("on its heat map, the cells that miss it are outlined")));
    QVERIFY(!html.contains(QStringLiteral("dashed line")));
    view->close();
}

void TestSweep::kneeAndBudgetOnChart()
{
    // A saturating curve laid out by hand: the knee is the second point.
    SweepData data;
    data.modelName = QStringLiteral("Known curve");
    data.plan = sim::makeSweepPlan(sim::SweepAxis{kBatch, 1, 5, 5, false}, std::nullopt, 1, 1);
    data.metrics = sweepMetrics(m_model);
    // Two charts, the budget (seconds) on the consistency window only: the
    // command latency chart has no budget line and its scale ignores 9.2.
    data.shownMetrics = {kWindowP99, "/commands/total/latency/p99"};
    data.budget = 9.2;
    data.budgetMetric = kWindowP99;
    const int metric = data.metricIndex(kWindowP99);
    QVERIFY(metric >= 0);
    const int latency = data.metricIndex("/commands/total/latency/p99");
    QVERIFY(latency >= 0);
    const double y[] = {0, 8, 9, 9.5, 10};
    for (double v : y) {
        SweepData::Run run;
        run.state = SweepData::RunState::Finished;
        run.values.assign(data.metrics.size(), std::nullopt);
        run.values[std::size_t(metric)] = v;
        run.values[std::size_t(latency)] = 0.01 * (1 + v);
        data.runs.push_back(run);
    }
    SweepView view(data);
    view.resize(900, 600);
    QCOMPARE(view.chartCount(), 2);
    QVERIFY(!view.budgetSeries(1));
    const auto *latencyAxis
        = qobject_cast<QValueAxis *>(view.chartView(1)->chart()->axes(Qt::Vertical).first());
    QVERIFY(latencyAxis);
    QVERIFY2(latencyAxis->max() < 1.0, qPrintable(QString::number(latencyAxis->max())));
    // In the figure's unit ("budget 9.2" said nothing of seconds).
    QVERIFY(view.reportHtml().contains(QStringLiteral("Budget: 9.2 s on ")));
    QCOMPARE(view.budgetSeries(0)->name(), QStringLiteral("budget 9.2 s"));
    QVERIFY(!view.bandSeries(0)); // one replication: no band
    QCOMPARE(view.meanSeries(0)->name(), QStringLiteral("one run at each value"));
    QVERIFY(view.kneeSeries(0));
    QCOMPARE(points(view.kneeSeries(0)), (QList<QPointF>{{2, 8}}));
    QVERIFY(view.kneeSeries(0)->name().contains(QStringLiteral("knee at 2")));
    QVERIFY(view.budgetSeries(0));
    for (const QPointF &p : points(view.budgetSeries(0)))
        QCOMPARE(p.y(), 9.2);
    // Linear x: a value axis; the log sweeps above used a log axis.
    QCOMPARE(view.chartView(0)->chart()->axes(Qt::Horizontal).first()->type(),
             QAbstractAxis::AxisTypeValue);

    // A straight line has no knee.
    for (std::size_t i = 0; i < data.runs.size(); ++i)
        data.runs[i].values[std::size_t(metric)] = double(i);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    keepPicture(view.grab().toImage(), QStringLiteral("sweep-knee-budget.png"));
    SweepView straight(data);
    QVERIFY(!straight.kneeSeries(0));
    QVERIFY(!straight.partialSeries(0)); // every point has its one replication

    // A sweep cancelled part way: the point with fewer replications than the
    // others is drawn hollow and named, and the band says "up to".
    SweepData cancelled;
    cancelled.plan = sim::makeSweepPlan(sim::SweepAxis{kBatch, 1, 3, 3, false}, std::nullopt, 3, 1);
    cancelled.metrics = data.metrics;
    cancelled.shownMetrics = {kWindowP99};
    for (const sim::SweepRun &planned : cancelled.plan.runs) {
        SweepData::Run run;
        const bool done = planned.cell != 2 || cancelled.runs.size() % 3 == 0;
        run.state = done ? SweepData::RunState::Finished : SweepData::RunState::Cancelled;
        run.values.assign(cancelled.metrics.size(), std::nullopt);
        if (done)
            run.values[std::size_t(metric)]
                = double(planned.cell) + 0.1 * double(cancelled.runs.size() % 3);
        cancelled.runs.push_back(run);
    }
    SweepView partial(cancelled);
    partial.resize(900, 600);
    partial.show();
    QVERIFY(QTest::qWaitForWindowExposed(&partial));
    keepPicture(partial.grab().toImage(), QStringLiteral("sweep-cancelled.png"));
    QVERIFY(partial.partialSeries(0));
    QCOMPARE(points(partial.partialSeries(0)), (QList<QPointF>{{3, 2}}));
    QCOMPARE(partial.partialSeries(0)->name(), QStringLiteral("fewer than 3 replications"));
    QVERIFY2(partial.bandSeries(0)->name().contains(QStringLiteral("up to 3")),
             qPrintable(partial.bandSeries(0)->name()));
}

// A stale ratio read 0.109 in a sweep and 10.9% in Run History, Compare and
// the summary: the sweep's charts, points, heat map, budget and report now
// show percent too (the files keep the ratio).
void TestSweep::staleRatiosReadInPercent()
{
    const std::string stale = "/queries/get-user/staleRatio";
    SweepData data;
    data.modelName = QStringLiteral("Stale reads");
    data.plan = sim::makeSweepPlan(sim::SweepAxis{kBatch, 1, 3, 3, false}, std::nullopt, 1, 1);
    data.metrics = sweepMetrics(m_model);
    data.shownMetrics = {stale, kWindowP99};
    data.budget = 0.05;
    data.budgetMetric = stale;
    const int ratio = data.metricIndex(stale), window = data.metricIndex(kWindowP99);
    QVERIFY(ratio >= 0 && window >= 0);
    const double values[] = {0.02, 0.109, 0.25};
    for (double v : values) {
        SweepData::Run run;
        run.state = SweepData::RunState::Finished;
        run.values.assign(data.metrics.size(), std::nullopt);
        run.values[std::size_t(ratio)] = v;
        run.values[std::size_t(window)] = v * 10; // seconds stay seconds
        data.runs.push_back(run);
    }
    SweepView view(data);
    view.resize(900, 600);
    QCOMPARE(view.chartCount(), 2);
    QCOMPARE(points(view.meanSeries(0)), (QList<QPointF>{{1, 2}, {2, 10.9}, {3, 25}}));
    QCOMPARE(points(view.meanSeries(1)), (QList<QPointF>{{1, 0.2}, {2, 1.09}, {3, 2.5}}));
    const QAbstractAxis *percentAxis = view.chartView(0)->chart()->axes(Qt::Vertical).first();
    QCOMPARE(percentAxis->titleText(), QStringLiteral("stale ratio (%)"));
    QCOMPARE(view.chartView(1)->chart()->axes(Qt::Vertical).first()->titleText(),
             QStringLiteral("seconds"));
    QVERIFY(view.budgetSeries(0));
    for (const QPointF &p : points(view.budgetSeries(0)))
        QCOMPARE(p.y(), 5.0);
    QCOMPARE(view.budgetSeries(0)->name(), QStringLiteral("budget 5%"));
    // The points table: the ratio column in percent, the window in seconds.
    QTableWidget *table = view.pointsTable();
    int ratioColumn = -1, windowColumn = -1;
    for (int c = 0; c < table->columnCount(); ++c) {
        const QString header = table->horizontalHeaderItem(c)->text();
        if (header.endsWith(QStringLiteral("stale ratio")))
            ratioColumn = c;
        else if (header.contains(QStringLiteral("consistency window p99")))
            windowColumn = c;
    }
    QVERIFY(ratioColumn >= 0 && windowColumn >= 0);
    QCOMPARE(table->item(1, ratioColumn)->text(), QStringLiteral("10.9%"));
    QCOMPARE(table->item(1, windowColumn)->text(), QStringLiteral("1.09 s"));
    QVERIFY(!table->horizontalHeaderItem(windowColumn)->text().contains(QStringLiteral("(s)")));
    QVERIFY(view.reportHtml().contains(QStringLiteral("Budget: 5% on ")));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    keepPicture(view.grab().toImage(), QStringLiteral("sweep-stale-percent.png"));

    // A heat map of it: the cells, their tool tips and the budget in percent.
    SweepData two = data;
    two.plan = sim::makeSweepPlan(
        sim::SweepAxis{kBatch, 1, 3, 3, false},
        sim::SweepAxis{"readModels.search-index.consumers", 1, 2, 2, false}, 1, 1);
    two.runs.clear();
    for (std::size_t i = 0; i < two.plan.runs.size(); ++i) {
        SweepData::Run run;
        run.state = SweepData::RunState::Finished;
        run.values.assign(two.metrics.size(), std::nullopt);
        run.values[std::size_t(ratio)] = values[two.plan.runs[i].cell / 2];
        run.values[std::size_t(window)] = 1.0 + double(i);
        two.runs.push_back(run);
    }
    SweepView heat(two);
    heat.resize(900, 600);
    SweepHeatMap *map = heat.heatMap();
    QVERIFY(map);
    int ratioItem = -1;
    for (int i = 0; i < heat.heatMetricCombo()->count(); ++i) {
        if (heat.heatMetricCombo()->itemData(i).toInt() == ratio)
            ratioItem = i;
    }
    QVERIFY(ratioItem >= 0);
    heat.heatMetricCombo()->setCurrentIndex(ratioItem);
    QVERIFY2(
        map->cellText(2).endsWith(QStringLiteral("stale ratio = 10.9% (misses the budget of 5%)")),
        qPrintable(map->cellText(2)));
    QVERIFY2(map->cellText(0).endsWith(QStringLiteral("stale ratio = 2%")),
             qPrintable(map->cellText(0)));

    // Cancelled part way, three replications a cell: a cell with two looked
    // whole and its tool tip said "mean of 3 replications".
    SweepData cancelled = two;
    cancelled.plan = sim::makeSweepPlan(
        sim::SweepAxis{kBatch, 1, 3, 3, false},
        sim::SweepAxis{"readModels.search-index.consumers", 1, 2, 2, false}, 3, 1);
    cancelled.runs.clear();
    std::vector<int> seen(cancelled.plan.cellCount(), 0);
    for (const sim::SweepRun &planned : cancelled.plan.runs) {
        SweepData::Run run;
        const int nth = seen[planned.cell]++;
        // Cell 0 all three, cell 1 two, the rest none.
        const bool done = planned.cell == 0 || (planned.cell == 1 && nth < 2);
        run.state = done ? SweepData::RunState::Finished : SweepData::RunState::Cancelled;
        run.values.assign(cancelled.metrics.size(), std::nullopt);
        if (done) {
            run.values[std::size_t(ratio)] = 0.1;
            // 23.9, 24.3 and 24.7 ms in cell 0: a spread of 0.4 ms.
            run.values[std::size_t(window)] = planned.cell == 0 ? 0.0239 + 0.0004 * nth : 1.0;
        }
        cancelled.runs.push_back(run);
    }
    SweepView part(cancelled);
    part.resize(900, 600);
    SweepHeatMap *partMap = part.heatMap();
    QVERIFY(partMap);
    QVERIFY(!partMap->isPartial(0));
    QVERIFY(partMap->isPartial(1));
    QVERIFY(!partMap->isPartial(2)); // no run: grey, not hatched
    QVERIFY2(partMap->cellText(1).endsWith(QStringLiteral("(mean of 2 of 3 replications)")),
             qPrintable(partMap->cellText(1)));
    QVERIFY(!partMap->cellText(0).contains(QStringLiteral("of 3 replications)")));
    // Equal runs: one colour (their means differ by rounding), and no spread.
    QCOMPARE(partMap->colorOf(cancelled.cellStats(0, ratio).mean),
             partMap->colorOf(cancelled.cellStats(1, ratio).mean));
    int partRatioColumn = -1;
    for (int c = 0; c < part.pointsTable()->columnCount(); ++c) {
        if (part.pointsTable()->horizontalHeaderItem(c)->text().contains(
                QStringLiteral("stale ratio")))
            partRatioColumn = c;
    }
    QVERIFY(partRatioColumn >= 0);
    QCOMPARE(part.pointsTable()->item(0, partRatioColumn)->text(), QStringLiteral("10% ± 0%"));
    // A time's spread in the unit of its mean ("± 400 µs" beside "24.3 ms" read as another scale).
    QCOMPARE(part.pointsTable()->item(0, partRatioColumn + 1)->text(),
             QStringLiteral("24.3 ms ± 0.4 ms"));
    QCOMPARE(part.pointsTable()->item(1, partRatioColumn + 1)->text(), QStringLiteral("1 s ± 0 s"));
    // The heat map of a time: its cells and scale in one unit, the largest's
    // ("0.0243" beside "1" said neither seconds nor which scale).
    for (int i = 0; i < part.heatMetricCombo()->count(); ++i) {
        if (part.heatMetricCombo()->itemData(i).toInt() == window)
            part.heatMetricCombo()->setCurrentIndex(i);
    }
    QVERIFY2(partMap->cellText(0).endsWith(QStringLiteral("= 0.0243 s")),
             qPrintable(partMap->cellText(0)));
    QVERIFY2(partMap->cellText(1).contains(QStringLiteral("= 1 s")),
             qPrintable(partMap->cellText(1)));
    QVERIFY2(!partMap->cellText(0).contains(QStringLiteral("(s)")),
             qPrintable(partMap->cellText(0)));
    part.show();
    QVERIFY(QTest::qWaitForWindowExposed(&part));
    keepPicture(part.grab().toImage(), QStringLiteral("sweep-heatmap-partial.png"));
}

void TestSweep::logAxisLabelsAreShort()
{
    // A log sweep around a field of 0.004 (the dialog's default, value / 4 to
    // value x 4): the axis ticks at powers of two, 0.0009765625, 0.001953125,
    // ... Written to six digits, neighbouring labels ran into each other.
    SweepData data;
    data.modelName = QStringLiteral("Log axis");
    data.plan
        = sim::makeSweepPlan(sim::SweepAxis{kBatch, 0.001, 0.016, 7, true}, std::nullopt, 1, 1);
    data.metrics = sweepMetrics(m_model);
    data.shownMetrics = {kWindowP99};
    const int metric = data.metricIndex(kWindowP99);
    QVERIFY(metric >= 0);
    for (std::size_t i = 0; i < data.plan.cellCount(); ++i) {
        SweepData::Run run;
        run.state = SweepData::RunState::Finished;
        run.values.assign(data.metrics.size(), std::nullopt);
        run.values[std::size_t(metric)] = 0.5 + 0.01 * double(i);
        data.runs.push_back(run);
    }
    SweepView view(data);
    view.resize(900, 600);
    // Labelled at the values that ran, not at powers of two between them.
    auto *axis
        = qobject_cast<QCategoryAxis *>(view.chartView(0)->chart()->axes(Qt::Horizontal).first());
    QVERIFY(axis);
    QStringList expected;
    for (const double v : data.plan.values1)
        expected << formatNumber(v);
    QCOMPARE(axis->categoriesLabels(), expected); // 0.001, 0.00159, ..., 0.016
    for (const QString &label : axis->categoriesLabels())
        QVERIFY2(label.size() <= 8, qPrintable(label));
    // Each point where its label is, the values evenly spaced (log).
    const QList<QPointF> means = points(view.meanSeries(0));
    QCOMPARE(means.size(), 7);
    for (int i = 0; i < 7; ++i) {
        QCOMPARE(axis->endValue(expected[i]), means[i].x());
        QCOMPARE(means[i].x(), view.plotX(data.plan.values1[std::size_t(i)]));
        if (i > 0)
            QVERIFY(std::abs((means[i].x() - means[i - 1].x()) - (means[1].x() - means[0].x()))
                    < 1e-9);
    }
    QVERIFY(axis->min() < means.first().x() && axis->max() > means.last().x());
    // Many values: about eight labels, the sweep's ends among them.
    SweepData many = data;
    many.plan
        = sim::makeSweepPlan(sim::SweepAxis{kBatch, 0.001, 0.016, 20, true}, std::nullopt, 1, 1);
    many.runs.assign(many.plan.cellCount(), data.runs.front());
    SweepView crowded(many);
    auto *thinned = qobject_cast<QCategoryAxis *>(
        crowded.chartView(0)->chart()->axes(Qt::Horizontal).first());
    QVERIFY(thinned);
    QVERIFY2(thinned->count() >= 6 && thinned->count() <= 8,
             qPrintable(thinned->categoriesLabels().join(QLatin1String(", "))));
    QCOMPARE(thinned->categoriesLabels().first(), formatNumber(0.001)); // both ends
    QCOMPARE(thinned->categoriesLabels().last(), formatNumber(0.016));
    // As many as the chart's width holds: fewer in a narrow window.
    crowded.resize(1400, 600);
    crowded.show();
    QVERIFY(QTest::qWaitForWindowExposed(&crowded));
    QTRY_VERIFY(crowded.chartView(0)->width() > 1000);
    const int wide = thinned->count();
    crowded.resize(560, 600);
    QTRY_VERIFY(thinned->count() < wide);
    QVERIFY(thinned->count() >= 2);
    // From the largest value down to the smallest: every label, in order
    // (appended as they ran, all but the first were dropped).
    SweepData down = data;
    down.plan
        = sim::makeSweepPlan(sim::SweepAxis{kBatch, 0.016, 0.001, 7, true}, std::nullopt, 1, 1);
    SweepView descending(down);
    auto *reversed = qobject_cast<QCategoryAxis *>(
        descending.chartView(0)->chart()->axes(Qt::Horizontal).first());
    QVERIFY(reversed);
    QStringList ascending = expected;
    QCOMPARE(reversed->categoriesLabels(), ascending);
    // Axis titles that fit a chart a third of the window wide: the chart's
    // title names the figure, the window's header the whole path.
    const QString path = QString::fromUtf8(kBatch);
    QCOMPARE(axis->titleText(),
             path.mid(path.indexOf(QLatin1Char('.')) + 1) + QStringLiteral(" (log)"));
    QCOMPARE(view.chartView(0)->chart()->axes(Qt::Vertical).first()->titleText(),
             QStringLiteral("seconds"));
}

void TestSweep::reportAndPicture()
{
    QVERIFY(m_sweepId != 0);
    auto store = openHistory(m_db);
    std::optional<history::SweepInfo> group;
    for (const history::SweepInfo &s : store->sweeps()) {
        if (s.id == m_sweepId)
            group = s;
    }
    QVERIFY(group);
    std::vector<history::RunRecord> runs;
    history::ListFilter filter;
    filter.sweepId = m_sweepId;
    for (const history::RunSummary &r : store->list(filter))
        runs.push_back(*store->get(r.id));
    QString error;
    // Settings of the group: a budget line and the figures kept; a figure
    // the model does not have is left out; unreadable settings mean the defaults.
    history::SweepInfo withBudget = *group;
    // A sweep stored before the budget had its figure: on the first plotted one.
    withBudget.settings
        = R"({"figures":["/commands/total/latency/p99","/readModels/gone/lag/max"],"budget":0.25})";
    std::optional<SweepData> kept = sweepFromHistory(withBudget, runs, &error);
    QVERIFY2(kept, qPrintable(error));
    QCOMPARE(kept->shownMetrics, std::vector<std::string>{"/commands/total/latency/p99"});
    QCOMPARE(kept->budget, std::optional<double>(0.25));
    QCOMPARE(kept->budgetMetric, std::string("/commands/total/latency/p99"));
    // With its figure: on that one, and nowhere else.
    withBudget.settings = std::string(R"({"figures":["/commands/total/latency/p99",")") + kWindowP99
                          + R"("],"budget":0.25,"budgetFigure":")" + kWindowP99 + R"("})";
    kept = sweepFromHistory(withBudget, runs, &error);
    QVERIFY2(kept, qPrintable(error));
    QCOMPARE(kept->budgetMetric, std::string(kWindowP99));
    QCOMPARE(kept->budgetFor(kept->metricIndex(kWindowP99)), std::optional<double>(0.25));
    QVERIFY(!kept->budgetFor(kept->metricIndex("/commands/total/latency/p99")));
    SweepRequest request = batchRequest(2, 1);
    request.budget = 0.5;
    request.budgetMetric = kWindowP99;
    const Json settings = Json::parse(sweepGroupSettings(request));
    QCOMPARE(settings.value("budgetFigure", std::string()), std::string(kWindowP99));
    withBudget.settings = "not json";
    kept = sweepFromHistory(withBudget, runs, &error);
    QVERIFY2(kept, qPrintable(error));
    QCOMPARE(kept->shownMetrics, defaultSweepMetricPaths(kept->metrics));
    QVERIFY(!kept->budget);
    // Damaged history: no run's model can be read, so there are no figures
    // to show the budget on; the sweep still opens, without a budget line
    // (it used to take the first of no figures).
    std::vector<history::RunRecord> unreadable = runs;
    for (history::RunRecord &r : unreadable)
        r.modelJson = "{ damaged";
    withBudget.settings = R"({"figures":["/commands/total/latency/p99"],"budget":0.25})";
    kept = sweepFromHistory(withBudget, unreadable, &error);
    QVERIFY2(kept, qPrintable(error));
    QVERIFY(kept->shownMetrics.empty());
    QVERIFY(!kept->budget);

    std::optional<SweepData> data = sweepFromHistory(*group, runs, &error);
    QVERIFY2(data, qPrintable(error));
    SweepView view(std::move(*data));
    view.resize(1100, 760);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // Reopened as it ran: log, labelled at the swept values.
    QCOMPARE(view.chartView(0)->chart()->axes(Qt::Horizontal).first()->type(),
             QAbstractAxis::AxisTypeCategory);

    const QString html = view.reportHtml();
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    QVERIFY(html.trimmed().endsWith(QLatin1String("</html>")));
    // One picture per chart, each a PNG that decodes.
    static const QRegularExpression image(
        QStringLiteral(R"re(src="data:image/png;base64,([A-Za-z0-9+/=]+)")re"));
    int count = 0;
    for (auto it = image.globalMatch(html); it.hasNext();) {
        const QImage decoded
            = QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1()), "PNG");
        QVERIFY(!decoded.isNull());
        QVERIFY(decoded.width() > 100);
        ++count;
    }
    QCOMPARE(count, view.chartCount());
    QVERIFY(html.contains(QStringLiteral("common random numbers")));
    // "Replication r runs with seed 42 + r" only where there are replications.
    if (view.data().plan.replications > 1)
        QVERIFY(html.contains(QStringLiteral("replication r runs with seed")));
    else
        QVERIFY(!html.contains(QStringLiteral("replication r"))
                && html.contains(QStringLiteral("at every point")));
    QVERIFY(html.contains(QStringLiteral("farthest from the straight line")));
    QVERIFY(html.contains(QString::fromLatin1(kBatch)));
    QVERIFY(html.contains(QStringLiteral("<table")));
    QVERIFY(!html.contains(QLatin1String("<script")));
    // Rebuilt from the history: the diagram and the parameters of a run's model.
    QVERIFY(html.contains(QLatin1String("<svg")));
    QVERIFY(html.contains(QStringLiteral("<td>%1</td><td>swept from ").arg(QLatin1String(kBatch))));
    const QImage picture = view.picture();
    QVERIFY(!picture.isNull());
    QVERIFY(picture.width() > 400);
}

void TestSweep::inspectorFieldPaths()
{
    Inspector *inspector = m_window->inspector();
    auto field = [&](const char *name) {
        auto *f = inspector->findChild<QAbstractSpinBox *>(QString::fromLatin1(name));
        if (!f)
            qWarning("no field %s", name);
        return f;
    };
    // An element's field: under its collection and id.
    inspector->setSelection({"search-index"}, {}, {});
    QAbstractSpinBox *interval = field("update.interval");
    QVERIFY(interval);
    QCOMPARE(sweepPathOf(interval), std::optional<std::string>(kBatch));
    QCOMPARE(sweepPathOf(field("consumers")),
             std::optional<std::string>("readModels.search-index.consumers"));
    // A distribution's parameter: named for the kind shown (a lognormal's median and p99).
    inspector->setSelection({"user-view"}, {}, {});
    QCOMPARE(sweepPathOf(field("update.delay.p1")),
             std::optional<std::string>("readModels.user-view.update.delay.median"));
    QCOMPARE(sweepPathOf(field("update.delay.p2")),
             std::optional<std::string>("readModels.user-view.update.delay.p99"));
    // The model's settings are named by their path.
    inspector->setSelection({}, {}, {});
    QAbstractSpinBox *rate = field("workload.commandRate");
    QVERIFY(rate);
    QCOMPARE(sweepPathOf(rate), std::optional<std::string>("workload.commandRate"));

    // The field's menu: Sweep… opens the dialog on that path.
    QSignalSpy dialogs(m_window->sweepUi(), &SweepUi::dialogOpened);
    std::unique_ptr<QMenu> menu(
        sweepFieldMenu(rate, QStringLiteral("workload.commandRate"),
                       [this](const QString &p) { m_window->sweepUi()->openDialog(p); }));
    QAction *sweep = menu->findChild<QAction *>(QStringLiteral("sweepAction"));
    QVERIFY(sweep);
    QVERIFY(menu->actions().contains(sweep));
    sweep->trigger();
    QCOMPARE(dialogs.count(), 1);
    auto *dialog = qobject_cast<SweepDialog *>(dialogs.first().first().value<QWidget *>());
    QVERIFY(dialog);
    QCOMPARE(dialog->pathEdit()->text(), QStringLiteral("workload.commandRate"));
    QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));
    dialog->reject();

    // In the inspector: right-click the batch interval, choose Sweep…: the dialog opens on its
    // path.
    inspector->setSelection({"search-index"}, {}, {});
    interval = field("update.interval");
    QVERIFY(interval);
    auto *edit = interval->findChild<QLineEdit *>();
    QVERIFY(edit);
    QContextMenuEvent rightClick(QContextMenuEvent::Mouse, QPoint(4, 4),
                                 edit->mapToGlobal(QPoint(4, 4)));
    QApplication::sendEvent(edit, &rightClick);
    QMenu *popup = nullptr;
    QTRY_VERIFY((popup = interval->findChild<QMenu *>(QStringLiteral("sweepFieldMenu"))));
    keepPicture(popup->grab().toImage(), QStringLiteral("sweep-field-menu.png"));
    QAction *fromInspector = popup->findChild<QAction *>(QStringLiteral("sweepAction"));
    QVERIFY(fromInspector);
    fromInspector->trigger();
    QCOMPARE(dialogs.count(), 2);
    dialog = qobject_cast<SweepDialog *>(dialogs.last().first().value<QWidget *>());
    QCOMPARE(dialog->pathEdit()->text(), QString::fromLatin1(kBatch));
    popup->close();
    dialog->reject();

    // Run > Sweep… (it was only in that context menu): the field with the
    // focus, else a selected read model's consumers, else the command rate.
    QAction *fromMenu = m_window->sweepUi()->sweepAction();
    auto *runMenu = m_window->findChild<QMenu *>(QStringLiteral("runMenu"));
    QVERIFY(runMenu && runMenu->actions().contains(fromMenu));
    const QList<QAction *> runActions = runMenu->actions();
    QCOMPARE(runActions.value(runActions.indexOf(fromMenu) - 1)->objectName(),
             QStringLiteral("runWithVariantAction"));
    const auto openedOn = [&] {
        const qsizetype before = dialogs.count();
        fromMenu->trigger();
        if (dialogs.count() != before + 1)
            return QStringLiteral("no dialog");
        auto *d = qobject_cast<SweepDialog *>(dialogs.last().first().value<QWidget *>());
        const QString path = d->pathEdit()->text();
        d->reject();
        return path;
    };
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    m_window->scene()->selectElements({"search-index"});
    QApplication::processEvents(); // the inspector's old page goes
    QAbstractSpinBox *focused = field("update.interval");
    QVERIFY(focused);
    focused->setFocus();
    QTRY_VERIFY(focused->hasFocus());
    QCOMPARE(openedOn(), QString::fromLatin1(kBatch));
    m_window->view()->setFocus();
    QTRY_VERIFY(m_window->view()->hasFocus());
    QCOMPARE(openedOn(), QStringLiteral("readModels.search-index.consumers"));
    m_window->scene()->clearSelection();
    QCOMPARE(openedOn(), QStringLiteral("workload.commandRate"));
}

void TestSweep::accessibleControls()
{
    // Every control of the dialog and of both kinds of sweep window is named and described.
    SweepDialog dialog(m_model, QString::fromLatin1(kBatch));
    dialog.secondGroup()->setChecked(true);
    dialog.budgetCheck()->setChecked(true);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY2(unnamedInteractiveWidgets(&dialog).isEmpty(),
             qPrintable(describeWidgets(unnamedInteractiveWidgets(&dialog)).join('\n')));
    QVERIFY2(undescribedInteractiveWidgets(&dialog).isEmpty(),
             qPrintable(describeWidgets(undescribedInteractiveWidgets(&dialog)).join('\n')));
    for (bool twoD : {false, true}) {
        SweepData data;
        data.plan = sim::makeSweepPlan(sim::SweepAxis{kBatch, 1, 3, 3, false},
                                       twoD ? std::optional<sim::SweepAxis>(
                                           sim::SweepAxis{"workload.commandRate", 1, 2, 2, false})
                                            : std::nullopt,
                                       1, 1);
        data.metrics = sweepMetrics(m_model);
        data.shownMetrics = {kWindowP99};
        data.runs.resize(data.plan.runs.size());
        SweepView view(data);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY2(unnamedInteractiveWidgets(&view).isEmpty(),
                 qPrintable(describeWidgets(unnamedInteractiveWidgets(&view)).join('\n')));
        QVERIFY2(undescribedInteractiveWidgets(&view).isEmpty(),
                 qPrintable(describeWidgets(undescribedInteractiveWidgets(&view)).join('\n')));
    }
}

void TestSweep::pointNamesReadShort()
{
    // Four logarithmic values from 0.5 to 8: 0.5, 1.2599210498949, 3.1748021039364, 8.
    // A point's name in the history reads as the heat map and the table do;
    // its override keeps every digit the run used.
    SweepRequest request = batchRequest(4, 2);
    SweepView *view = runToTheEnd(request);
    QVERIFY(view);
    m_window->historyUi()->store()->waitForIdle();
    auto store = openHistory(m_db);
    history::ListFilter filter;
    filter.sweepId = view->data().sweepId;
    QStringList names;
    for (const history::RunSummary &run : store->list(filter)) {
        names << QString::fromStdString(run.name);
        const history::RunRecord record = *store->get(run.id);
        QVERIFY(std::find(record.overrides.begin(), record.overrides.end(),
                          std::string(kBatch) + "=" + sim::sweepJsonValue(*run.sweepValue).dump())
                != record.overrides.end());
    }
    names.sort();
    const QString seed = QString::number(m_model.workload.seed);
    const QString seed1 = QString::number(m_model.workload.seed + 1);
    auto name = [&](const char *value, const QString &s) {
        return QStringLiteral("User profile (%1 = %2, seed %3)")
            .arg(QLatin1String(kBatch), QLatin1String(value), s);
    };
    QStringList expected{name("0.5", seed),   name("0.5", seed1), name("1.26", seed),
                         name("1.26", seed1), name("3.17", seed), name("3.17", seed1),
                         name("8", seed),     name("8", seed1)};
    expected.sort();
    QCOMPARE(names, expected);
    view->close();
}

QTEST_MAIN(TestSweep)
#include "tst_sweep.moc"
