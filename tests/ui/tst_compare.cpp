// The Compare view: 2 to 6 recorded runs with the same charts overlaid (one
// colour per run everywhere), the key figures with their change against the
// first run coloured by direction, and the parameters that differ.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/history/compareview.h"
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "historytestutil.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFontMetrics>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <cqrs/history/compare.h>
#include <cqrs/model/modeljson.h>

using namespace cqrs;
using namespace cqrs::testing;

class TestCompare : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void modelDifferences();
    void distinctParts();
    void figureTextsTellTheChange();
    void onlyTwoToSixRuns();
    void chartsOverlaidOneColourPerRun();
    void keyFiguresAgainstTheFirst();
    void stoppedRunsAreNotJudged();
    void parametersThatDiffer();
    void parametersChangedWhileRunning();
    void unreadableRowsAreNamed();
    void screenshot();
    void axisLabelsWholeOnALaptop();
    void longRunsInHours();
    void compareStrategies();
    void compareConsumers();
    void chartsOpenOnWhatWasCompared();
    void closingStopsRunsForCompare();
    void cancelStopsRunsForCompare();

private:
    CompareView *openCompare();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::vector<qint64> m_ids;
    std::unique_ptr<MainWindow> m_window;
    QPointer<CompareView> m_view;
};

void TestCompare::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_dir = std::make_unique<QTemporaryDir>();
    const QString db = m_dir->filePath(QStringLiteral("runs.sqlite"));
    qputenv("CQRS_STUDIO_DB", QFile::encodeName(db));
    auto store = openHistory(db);
    Model model = example("user-profile.cqrs.json", 66);
    m_ids.push_back(recordRun(*store, model, "batch 1 s"));
    model.readModels[1].update.interval = 5; // search-index: a slower batch
    m_ids.push_back(recordRun(*store, model, "batch 5 s"));
    model.readModels[1].update.interval = 0.2;
    model.workload.seed = 7;
    m_ids.push_back(recordRun(*store, model, "batch 0.2 s, seed 7"));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    m_window->historyUi()->showDock();
    QTRY_COMPARE(m_window->historyUi()->model()->rowCount(), 3);
}

void TestCompare::cleanupTestCase()
{
    delete m_view;
    m_window.reset();
    qunsetenv("CQRS_STUDIO_DB");
}

CompareView *TestCompare::openCompare()
{
    if (m_view)
        return m_view;
    HistoryDock *dock = m_window->historyUi()->panel();
    QSignalSpy opened(m_window->historyUi(), &HistoryUi::compareOpened);
    dock->selectIds(m_ids);
    dock->compareAction()->trigger();
    if (!QTest::qWaitFor([&] { return opened.count() == 1; }, 10000))
        return nullptr;
    m_view = opened.at(0).at(0).value<CompareView *>();
    return m_view;
}

void TestCompare::modelDifferences()
{
    const Json a = Json::parse(
        R"({"name":"m","readModels":[{"id":"x","consumers":1,"update":{"mode":"batch","interval":1}}],
                                  "workload":{"seed":42},"diagram":{"nodes":{"x":{"x":1,"y":2}}}})");
    Json b = a;
    b["readModels"][0]["update"]["interval"] = 5;
    b["diagram"]["nodes"]["x"]["x"] = 300; // positions are no parameter
    b["name"] = "m (variant B)";           // nor the model's name and description
    b["description"] = "another";
    b["workload"]["extra"] = true;
    const std::vector<history::ParameterDifference> d = history::modelDifferences({a, b});
    QCOMPARE(d.size(), std::size_t(2));
    QCOMPARE(d[0].path, std::string("readModels.x.update.interval"));
    QCOMPARE(d[0].values[0].value(), std::string("1"));
    QCOMPARE(d[0].values[1].value(), std::string("5"));
    QCOMPARE(d[1].path, std::string("workload.extra"));
    QVERIFY(!d[1].values[0]);
    QCOMPARE(d[1].values[1].value(), std::string("true"));
    QVERIFY(history::modelDifferences({a, a}).empty());

    // A value at its default is a value: the saved form leaves it out, and
    // B's one consumer and eventual reads read "(none)" beside A's 2 and
    // wait-for-version.
    Model modelA = example("user-profile.cqrs.json", 60);
    modelA.readModels.front().consumers = 2;
    modelA.queries.front().consistency.strategy = Strategy::WaitForVersion;
    Model modelB = modelA;
    modelB.readModels.front().consumers = 1;
    modelB.queries.front().consistency.strategy = Strategy::Eventual;
    QVERIFY(!modelToJson(modelB)["readModels"][0].contains("consumers")); // left out when saved
    const std::vector<history::ParameterDifference> full
        = history::modelDifferences({modelToJson(modelA), modelToJson(modelB)});
    QCOMPARE(full.size(), std::size_t(2));
    QCOMPARE(full[0].path, "readModels." + modelA.readModels.front().id + ".consumers");
    QCOMPARE(full[0].values[0].value(), std::string("2"));
    QCOMPARE(full[0].values[1].value(), std::string("1"));
    QCOMPARE(full[1].path, "queries." + modelA.queries.front().id + ".consistency.strategy");
    QCOMPARE(full[1].values[0].value(), std::string("\"wait-for-version\""));
    QCOMPARE(full[1].values[1].value(), std::string("\"eventual\""));
    // The same from the models in memory (A/B compares those).
    const std::vector<history::ParameterDifference> inMemory
        = history::modelDifferences(std::vector<const Model *>{&modelA, &modelB});
    QCOMPARE(inMemory.size(), full.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
        QCOMPARE(inMemory[i].path, full[i].path);
        QVERIFY(inMemory[i].values == full[i].values);
    }
    // An outage in B: its own rows, and no "outages" row for A's empty list.
    Outage outage;
    outage.at = 10;
    outage.duration = 5;
    modelB.readModels.front().outages.push_back(outage);
    const std::vector<history::ParameterDifference> withOutage
        = history::modelDifferences({modelToJson(modelA), modelToJson(modelB)});
    QStringList paths;
    for (const history::ParameterDifference &difference : withOutage)
        paths << QString::fromStdString(difference.path);
    const QString outages = QStringLiteral("readModels.%1.outages")
                                .arg(QString::fromStdString(modelA.readModels.front().id));
    QVERIFY2(paths.contains(outages + QStringLiteral(".0.at")),
             qPrintable(paths.join(QLatin1Char(' '))));
    QVERIFY2(!paths.contains(outages), qPrintable(paths.join(QLatin1Char(' '))));
    QCOMPARE(withOutage.size(), std::size_t(4));
}

void TestCompare::distinctParts()
{
    const auto parts = [](std::initializer_list<const char *> names) {
        QStringList list;
        for (const char *name : names)
            list.append(QString::fromUtf8(name));
        return CompareView::distinctParts(list).join(QLatin1Char('|'));
    };
    QCOMPARE(parts({"Shop — GetCart: eventual", "Shop — GetCart: optimistic-ui"}),
             QStringLiteral("eventual|optimistic-ui"));
    // Whole words: the shared "e" of "eventual" and "eager" stays.
    QCOMPARE(parts({"Shop: eventual", "Shop: eager"}), QStringLiteral("eventual|eager"));
    QCOMPARE(parts({"orders 2 consumers (run)", "orders 10 consumers (run)"}),
             QStringLiteral("2|10"));
    // Nothing would be left of one name: that name stays whole.
    QCOMPARE(parts({"Shop", "Shop 2"}), QStringLiteral("Shop|2"));
    QCOMPARE(parts({"a b c", "a c"}), QStringLiteral("b|a c"));
    // A shared last word is not cut back to the one before it (the legends
    // read "#1 profile", "#2 profile (variant B)" before).
    QCOMPARE(parts({"User profile", "User profile (variant B)"}),
             QStringLiteral("User profile|(variant B)"));
    QCOMPARE(parts({"Shop eventual", "Big Shop eventual"}), QStringLiteral("Shop eventual|Big"));
    // Parts that would not tell the names apart: the names as they are.
    QCOMPARE(parts({"Shop", "Shop"}), QStringLiteral("Shop|Shop"));
    // The same run twice beside a third: twins stay twins, parts still cut.
    QCOMPARE(parts({"Shop: eventual", "Shop: eventual", "Shop: eager"}),
             QStringLiteral("eventual|eventual|eager"));
    QCOMPARE(parts({"x 1 y", "x 22 y", "x 3 z y"}), QStringLiteral("1|22|3 z"));
    QCOMPARE(parts({"only one name"}), QStringLiteral("only one name"));
    // A sweep's points: the field and its value, without the bracket
    // (the legends read "#95 1)", "#96 2)").
    QCOMPARE(parts({"User profile (readModels.user-view.consumers = 1)",
                    "User profile (readModels.user-view.consumers = 2)"}),
             QStringLiteral("consumers = 1|consumers = 2"));
    QCOMPARE(parts({"Shop (workload.commandRate = 20)", "Shop (workload.commandRate = 34.6)"}),
             QStringLiteral("commandRate = 20|commandRate = 34.6"));
    QCOMPARE(parts({"Shop (GetCart eventual)", "Shop (GetCart eager)"}),
             QStringLiteral("eventual|eager"));
    // Values that end alike ("0)", ".5)"): still the whole value.
    QCOMPARE(parts({"M (x.consumers = 10)", "M (x.consumers = 20)", "M (x.consumers = 40)"}),
             QStringLiteral("consumers = 10|consumers = 20|consumers = 40"));
    QCOMPARE(parts({"M (x.interval = 0.5)", "M (x.interval = 1.5)"}),
             QStringLiteral("interval = 0.5|interval = 1.5"));
    // Points with replications (their legends read "#21 2.52," and "#25 42").
    QCOMPARE(parts({"W (x.update.interval = 2.52, seed 42)", "W (x.update.interval = 4, seed 42)"}),
             QStringLiteral("interval = 2.52|interval = 4"));
    QCOMPARE(parts({"W (x.update.interval = 4, seed 42)", "W (x.update.interval = 4, seed 44)"}),
             QStringLiteral("seed 42|seed 44"));
    // A challenge's checks: the word before the number stays with it (the
    // legends read "#1 1, 33/100").
    QCOMPARE(parts({"Your first projection: check 1, 33/100",
                    "Your first projection: check 2, 100/100"}),
             QStringLiteral("check 1, 33/100|check 2, 100/100"));
    QCOMPARE(parts({"Shop: run 1", "Shop: run 2"}), QStringLiteral("run 1|run 2"));
    QCOMPARE(parts({"Shop: run 1 a", "Shop: run 2 b"}), QStringLiteral("run 1 a|run 2 b"));
}

void TestCompare::figureTextsTellTheChange()
{
    auto row = [](const char *path, std::vector<std::optional<double>> values) {
        history::CompareRow r;
        r.path = path;
        r.values = values;
        for (const std::optional<double> &v : values)
            r.relative.push_back(v && *values.front() ? std::optional<double>(*v / *values.front())
                                                      : std::nullopt);
        return r;
    };
    using Texts = std::vector<QString>;
    // As every figure is written, when that tells the change.
    QVERIFY(CompareView::figureTexts(row("/x/staleRatio", {0.2, 0.1})) == Texts({"20%", "10%"}));
    // Three significant digits for percentages too: not "0.9%" and "1%".
    QVERIFY(CompareView::figureTexts(row("/x/staleRatio", {0.0093, 0.0104}))
            == Texts({"0.93%", "1.04%"}));
    QVERIFY(CompareView::figureTexts(row("/x/utilization", {0.6613, 0.4}))
            == Texts({"66.1%", "40%"}));
    QVERIFY(CompareView::figureTexts(row("/x/latency/p99", {0.5, 0.25, std::nullopt}))
            == Texts({"0.5", "0.25", ""}));
    // "0.4% → 0.3% (−1.7%)" hid the change: as many digits as tell it.
    QVERIFY(CompareView::figureTexts(row("/x/staleRatio", {0.0035, 0.00344}))
            == Texts({"0.35%", "0.344%"}));
    QVERIFY(CompareView::figureTexts(row("/x/staleRatio", {0.0005, 0.0004}))
            == Texts({"0.05%", "0.04%"})); // both "<0.1%"
    // Close enough to the change given (−0.2% against −0.3% as shown): no
    // fourth digit.
    QVERIFY(CompareView::figureTexts(row("/x/utilization", {0.006505, 0.006494}))
            == Texts({"0.651%", "0.649%"}));
    QVERIFY(CompareView::figureTexts(row("/x/latency/p99", {1.234, 1.236}))
            == Texts({"1.234", "1.236"}));
    QVERIFY(CompareView::figureTexts(row("/x/latency/p99", {12345.0, 12350.0}))
            == Texts({"12,345", "12,350"}));
    // A change the table calls "(same)" adds no digits.
    QVERIFY(CompareView::figureTexts(row("/x/latency/p99", {1.23401, 1.23402}))
            == Texts({"1.23", "1.23"}));
}

void TestCompare::onlyTwoToSixRuns()
{
    HistoryDock *dock = m_window->historyUi()->panel();
    dock->selectIds({m_ids[0]});
    QVERIFY(!dock->compareAction()->isEnabled());
    dock->selectIds({m_ids[0], m_ids[1]});
    QVERIFY(dock->compareAction()->isEnabled());
    QCOMPARE(HistoryDock::kMaxCompared, 6);
}

void TestCompare::chartsOverlaidOneColourPerRun()
{
    CompareView *view = openCompare();
    QVERIFY(view);
    QCOMPARE(int(view->runs().size()), 3);
    // No larger than the screen (here the test platform's 800x800): at
    // 1500x950 it ran off a laptop's screen, Export Report with it.
    const QSize screen = m_window->screen()->availableSize();
    QVERIFY2(view->width() <= screen.width() && view->height() <= screen.height(),
             qPrintable(QStringLiteral("%1x%2").arg(view->width()).arg(view->height())));
    // Its charts in as many columns as that width holds, none cut at the side.
    auto *scroll = view->findChild<QScrollArea *>(QStringLiteral("compareChartsScroll"));
    QVERIFY(scroll);
    const int columns = std::clamp((scroll->viewport()->width() + 6) / (360 + 6), 1, 3);
    QTRY_COMPARE(view->card(CompareView::ChartId(1))->x() > 0, columns > 1);
    for (int id = 0; id < CompareView::ChartCount; ++id) {
        ChartCard *card = view->card(CompareView::ChartId(id));
        QVERIFY2(card->mapTo(scroll->viewport(), QPoint(card->width(), 0)).x()
                     <= scroll->viewport()->width(),
                 qPrintable(QString::number(id)));
    }
    // The runs oldest first (the baseline), each with its colour in every chart.
    for (int id = 0; id < CompareView::ChartCount; ++id) {
        const QList<QAbstractSeries *> series = view->chart(CompareView::ChartId(id))->series();
        QCOMPARE(series.size(), 3);
        for (int r = 0; r < 3; ++r) {
            auto *line = qobject_cast<QLineSeries *>(series[r]);
            QVERIFY(line);
            QVERIFY(line->count() > 5);
            QCOMPARE(line->pen().color(), CompareView::runColor(r));
            // Each run dashed its own way: a line over another lets it show.
            QCOMPARE(line->pen().style(), r == 0 ? Qt::SolidLine : Qt::CustomDashLine);
            if (r > 0)
                QVERIFY(line->pen().dashPattern() != CompareView::runPen(r - 1).dashPattern());
            QCOMPARE(line->name(), view->chartLabel(r));
            QVERIFY(line->name().startsWith(
                QStringLiteral("#%1 ").arg(view->runs()[std::size_t(r)].id)));
        }
        // The time axis ends where the runs end, not at the next round tick.
        double end = 0;
        for (QAbstractSeries *line : series)
            end = std::max(end, static_cast<QLineSeries *>(line)->points().constLast().x());
        QCOMPARE(view->chart(CompareView::ChartId(id))
                     ->axes(Qt::Horizontal)
                     .value(0)
                     ->property("max")
                     .toDouble(),
                 end);
        // "batch 1 s", "batch 5 s", "batch 0.2 s, seed 7": the legends keep what differs.
        ChartLegend *legend = view->card(CompareView::ChartId(id))->legend();
        QCOMPARE(legend->entryCount(), 3);
        QCOMPARE(legend->entryText(0), QStringLiteral("#%1 1 s").arg(view->runs()[0].id));
        QCOMPARE(legend->entryText(2), QStringLiteral("#%1 0.2 s, seed 7").arg(view->runs()[2].id));
        // Runs 1 and 2 have the same seed and differ only in a read model's
        // batch interval: their commands and events are one line, and the
        // legend says the second lies on the first.
        const bool oneLine = id == CompareView::Accepted || id == CompareView::Published;
        QCOMPARE(legend->entryText(1),
                 QStringLiteral("#%1 5 s").arg(view->runs()[1].id)
                     + (oneLine ? QStringLiteral(" = #%1").arg(view->runs()[0].id) : QString()));
        QCOMPARE(legend->entryToolTip(1), oneLine ? view->runLabel(1)
                                                        + QStringLiteral(": on the same line as ")
                                                        + view->runLabel(0)
                                                  : view->runLabel(1));
        QVERIFY(!legend->entryText(2).contains(QLatin1Char('=')));
        QCOMPARE(view->card(CompareView::ChartId(id))
                     ->accessibleDescription()
                     .contains(QStringLiteral("on the same line as")),
                 oneLine);
    }
    // The read model chosen for the per-read-model charts, named as on the canvas.
    view->readModelCombo()->setCurrentIndex(
        view->readModelCombo()->findData(QStringLiteral("search-index")));
    QCOMPARE(view->readModelCombo()->currentText(), QStringLiteral("UserSearchIndex"));
    QVERIFY(view->card(CompareView::Window)
                ->titleLabel()
                ->text()
                .contains(QStringLiteral("UserSearchIndex")));
}

void TestCompare::keyFiguresAgainstTheFirst()
{
    CompareView *view = openCompare();
    QVERIFY(view);
    QTableWidget *table = view->figuresTable();
    QCOMPARE(table->rowCount(), int(view->rows().size()));
    QCOMPARE(table->columnCount(), 4);
    // The search index's window p99 grows with its batch interval.
    int row = -1;
    for (int i = 0; i < int(view->rows().size()); ++i) {
        if (view->rows()[std::size_t(i)].path == "/readModels/search-index/consistencyWindow/p99")
            row = i;
    }
    QVERIFY(row >= 0);
    const history::CompareRow &r = view->rows()[std::size_t(row)];
    QVERIFY(r.lowerIsBetter);
    // Oldest first: 1 s (the baseline), 5 s, 0.2 s.
    QCOMPARE(view->runs()[0].name, std::string("batch 1 s"));
    QVERIFY(*r.values[1] > *r.values[0]);
    QVERIFY(*r.values[2] < *r.values[0]);
    const QColor better(0x1a, 0x7f, 0x37), worse(0xc6, 0x28, 0x28);
    QCOMPARE(table->item(row, 2)->foreground().color(), worse); // a slower batch: worse
    QVERIFY2(table->item(row, 2)->text().contains(QStringLiteral("(+")),
             qPrintable(table->item(row, 2)->text()));
    QCOMPARE(table->item(row, 3)->foreground().color(), better); // a faster one: better
    QVERIFY2(table->item(row, 3)->text().contains(QStringLiteral("(-")),
             qPrintable(table->item(row, 3)->text()));
    // Times carry their unit (not "0.0104" beside "(s)").
    QCOMPARE(table->item(row, 0)->text(),
             QStringLiteral("UserSearchIndex: consistency window p99"));
    for (int run = 1; run <= 3; ++run) {
        const double v = *r.values[std::size_t(run - 1)];
        const QString unit = formatSeconds(v).section(QLatin1Char(' '), -1);
        QVERIFY2(table->item(row, run)->text().section(QLatin1Char(' '), 1, 1) == unit,
                 qPrintable(table->item(row, run)->text()));
    }
    // The first run is the reference: no change shown.
    QVERIFY(!table->item(row, 1)->text().contains(QLatin1Char('(')));
    // The run columns share the table's width, up to 320 pixels each:
    // fitted to their contents, they used a third of the window.
    const auto usedWidth = [table] {
        int width = 0;
        for (int c = 0; c < table->columnCount(); ++c)
            width += table->columnWidth(c);
        return width;
    };
    view->resize(1500, 950); // offscreen, the screen is smaller
    QTRY_VERIFY(table->isVisible() && table->viewport()->width() > 1300);
    QTRY_VERIFY2(
        usedWidth() >= std::min(table->viewport()->width() - 2, table->columnWidth(0) + 3 * 320),
        qPrintable(QStringLiteral("%1 of %2").arg(usedWidth()).arg(table->viewport()->width())));
    // A column the user sized keeps its width as the window changes.
    table->horizontalHeader()->resizeSection(2, 90);
    view->resize(1100, 900);
    QTRY_VERIFY(table->viewport()->width() < 1100);
    QCOMPARE(table->columnWidth(2), 90);
    // Higher is better for accepted commands.
    const history::CompareRow &accepted = view->rows().back();
    QCOMPARE(accepted.path, std::string("/commands/total/accepted"));
    QVERIFY(!accepted.lowerIsBetter);
    for (int i = 1; i < 3; ++i) {
        const double change = *accepted.relative[std::size_t(i)] - 1;
        QTableWidgetItem *item = table->item(table->rowCount() - 1, i + 1);
        if (std::abs(change) >= 0.01)
            QCOMPARE(item->foreground().color(), change > 0 ? better : worse);
    }
    // A change under 1% is shown, but called neither better nor worse (a
    // utilization 0.1% higher was red); its tooltip says why.
    {
        std::vector<history::RunRecord> nearly = view->runs();
        nearly.resize(2);
        Json result = Json::parse(nearly[0].result);
        nearly[1].result = nearly[0].result;
        const double p99
            = result["readModels"]["search-index"]["consistencyWindow"]["p99"].get<double>();
        Json tiny = result;
        tiny["readModels"]["search-index"]["consistencyWindow"]["p99"] = p99 * 1.004;
        nearly[1].result = tiny.dump();
        CompareView close(nearly);
        QTableWidgetItem *item = close.figuresTable()->item(row, 2);
        QVERIFY2(item->text().contains(QStringLiteral("(+0.4%)")), qPrintable(item->text()));
        QVERIFY(item->foreground().color() != worse);
        QVERIFY(item->foreground().color() != better);
        QVERIFY2(item->toolTip().contains(QStringLiteral("by less than 1%")),
                 qPrintable(item->toolTip()));
        tiny["readModels"]["search-index"]["consistencyWindow"]["p99"] = p99 * 1.02;
        nearly[1].result = tiny.dump();
        CompareView apart(nearly);
        QCOMPARE(apart.figuresTable()->item(row, 2)->foreground().color(), worse);
    }

    // Long names (a review's): the columns' headings are cut, so that every
    // run's figures stay in sight; the whole name is in the tooltip.
    std::vector<history::RunRecord> named = view->runs();
    const char *days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    for (std::size_t i = 0; i < named.size(); ++i)
        named[i].name = std::to_string(i + 2)
                        + " consumers on the continue watching read model for the review of "
                        + days[i % 6] + " morning";
    CompareView longNames(named);
    // A name without a space cannot wrap: cut, it leaves the window no
    // wider than a laptop's screen (it was 1564 pixels for 300 letters).
    std::vector<history::RunRecord> unbroken = view->runs();
    unbroken[0].name = std::string(300, 'x');
    CompareView wide(unbroken);
    QVERIFY2(wide.minimumSizeHint().width() < 1300,
             qPrintable(QString::number(wide.minimumSizeHint().width())));
    for (QTableWidget *t : {longNames.figuresTable(), longNames.parametersTable()}) {
        for (int column = 1; column < t->columnCount(); ++column) {
            const QString heading = t->horizontalHeaderItem(column)->text();
            QVERIFY2(heading.size() <= 40, qPrintable(heading));
            QVERIFY2(t->horizontalHeaderItem(column)->toolTip().contains(
                         QString::fromStdString(named[std::size_t(column - 1)].name)),
                     qPrintable(t->horizontalHeaderItem(column)->toolTip()));
        }
    }
}

// A run stopped early measured less time: its smaller maxima and counts are
// not improvements, and the table does not colour them as such.
void TestCompare::stoppedRunsAreNotJudged()
{
    CompareView *view = openCompare();
    QVERIFY(view);
    std::vector<history::RunRecord> runs = view->runs();
    Json result = Json::parse(runs[2].result);
    const double duration = Json::parse(runs[2].modelJson)["workload"]["duration"].get<double>();
    result["simulatedSeconds"] = duration / 4;
    runs[2].result = result.dump();
    runs[2].status = history::RunStatus::Stopped;
    const QColor better(0x1a, 0x7f, 0x37), worse(0xc6, 0x28, 0x28);
    const auto coloured = [&](const CompareView &v, int column) {
        int count = 0;
        for (int row = 0; row < v.figuresTable()->rowCount(); ++row) {
            QTableWidgetItem *item = v.figuresTable()->item(row, column);
            const QColor c = item->foreground().color();
            if (c == better || c == worse)
                ++count;
            else if (item->text().contains(QStringLiteral("%)"))
                     && !item->toolTip().contains(QStringLiteral("Not called better or worse")))
                return -1; // a change without colour must say why
        }
        return count;
    };
    {
        CompareView stopped(runs);
        QCOMPARE(coloured(stopped, 3), 0);
        QVERIFY(coloured(stopped, 2) > 0); // the whole runs are still judged
        const QString note = stopped.noteLabel()->text();
        QVERIFY2(note.contains(QStringLiteral("#%1 stopped after %2 of %3")
                                   .arg(runs[2].id)
                                   .arg(formatMoment(duration / 4, duration),
                                        formatMoment(duration, duration))),
                 qPrintable(note));
        QVERIFY(stopped.reportHtml().contains(QStringLiteral("not called better or worse")));
    }
    // When the first run (the baseline) is the one stopped, no run is judged against it.
    std::swap(runs[0].result, runs[2].result);
    std::swap(runs[0].status, runs[2].status);
    CompareView baseline(runs);
    QCOMPARE(coloured(baseline, 2), 0);
    QCOMPARE(coloured(baseline, 3), 0);
}

void TestCompare::parametersThatDiffer()
{
    CompareView *view = openCompare();
    QVERIFY(view);
    QTableWidget *table = view->parametersTable();
    QStringList paths;
    for (int i = 0; i < table->rowCount(); ++i)
        paths.append(table->item(i, 0)->text());
    QVERIFY2(paths.contains(QStringLiteral("readModels.search-index.update.interval")),
             qPrintable(paths.join(',')));
    QVERIFY(paths.contains(QStringLiteral("workload.seed")));
    QCOMPARE(view->differenceCount(), 2);
    const int row = int(paths.indexOf(QStringLiteral("readModels.search-index.update.interval")));
    // With their unit; the tooltip has the value as the file writes it.
    QCOMPARE(table->item(row, 1)->text(), QStringLiteral("1 s"));
    QCOMPARE(table->item(row, 2)->text(), QStringLiteral("5 s"));
    QCOMPARE(table->item(row, 3)->text(), QStringLiteral("200 ms"));
    QCOMPARE(table->item(row, 3)->toolTip(), QStringLiteral("0.2"));
}

// A run changed in the Inspector while it went is recorded with its model as
// it ended and the edits; Compare tells the value it started with and each
// change from another run's value, even when both ended alike.
void TestCompare::parametersChangedWhileRunning()
{
    const Model base = example("user-profile.cqrs.json", 60);
    const std::string consumers
        = "readModels.search-index.consumers"; // 1, the default: not written
    const std::string interval = "readModels.search-index.update.interval"; // 1, written
    const auto asEnded = [&base](const std::vector<history::RunEdit> &edits) {
        Json document = Json::parse(serializeModel(base));
        for (const history::RunEdit &e : edits)
            applySetOverride(document, e.path, Json::parse(e.value), nullptr);
        return document;
    };
    // As the application records them: a field at its default with its default.
    const std::vector<history::RunEdit> raised
        = {{30, consumers, "3", "1"}, {40, interval, "5", "1"}, {50, interval, "2", "5"}};
    Model three = base;
    three.readModels[1].consumers = 3;
    three.readModels[1].update.interval = 2;
    const Json steady = Json::parse(serializeModel(three));
    const ModelLoadResult ended = modelFromJson(asEnded(raised));
    QVERIFY(ended.model);
    QCOMPARE(serializeModel(*ended.model), serializeModel(three)); // both runs ended alike

    const std::vector<history::ParameterDifference> d
        = history::runDifferences({asEnded(raised), steady}, {raised, {}});
    QCOMPARE(d.size(), std::size_t(2));
    QCOMPARE(d[0].path, consumers);
    QCOMPARE(d[0].values[0].value(), std::string("1"));
    QCOMPARE(d[0].values[1].value(), std::string("3"));
    QCOMPARE(d[0].changes[0], (std::vector<history::ParameterChange>{{30, "3"}}));
    QVERIFY(d[0].changes[1].empty());
    QCOMPARE(d[1].path, interval);
    QCOMPARE(d[1].values[0].value(), std::string("1"));
    QCOMPARE(d[1].values[1].value(), std::string("2"));
    QCOMPARE(d[1].changes[0], (std::vector<history::ParameterChange>{{40, "5"}, {50, "2"}}));
    QVERIFY(history::modelDifferences({asEnded(raised), steady}).empty()); // the models alone
    // The same changes at the same times are no difference; at another time they are.
    QVERIFY(history::runDifferences({asEnded(raised), asEnded(raised)}, {raised, raised}).empty());
    std::vector<history::RunEdit> later = raised;
    later[0].at = 45;
    const std::vector<history::ParameterDifference> timed
        = history::runDifferences({asEnded(raised), asEnded(later)}, {raised, later});
    QCOMPARE(timed.size(), std::size_t(1));
    QCOMPARE(timed[0].changes[1], (std::vector<history::ParameterChange>{{45, "3"}}));

    // A run recorded before the value an edit replaced was kept: its start
    // is not known, and the setting shows the value it ended with throughout.
    std::vector<history::RunEdit> unknown = raised;
    unknown[0].previous.clear();
    const std::vector<history::ParameterDifference> older
        = history::runDifferences({asEnded(unknown), steady}, {unknown, {}});
    QCOMPARE(older.size(), std::size_t(1));
    QCOMPARE(older[0].path, interval);
    // Settings the model did not have before the edit: an outage scheduled
    // during the run (recorded as the element's whole outage list).
    const std::string outages = "readModels.user-view.outages";
    const std::vector<history::RunEdit> added
        = {{20, outages, R"([{"at":20,"duration":5}])", "[]"}};
    const std::vector<history::ParameterDifference> fresh
        = history::runDifferences({asEnded(added), asEnded({})}, {added, {}});
    QCOMPARE(fresh.size(), std::size_t(2));
    QCOMPARE(fresh[0].path, outages + ".0.at");
    QCOMPARE(fresh[1].path, outages + ".0.duration");
    for (const history::ParameterDifference &part : fresh) {
        QVERIFY(!part.values[0]); // "(not set)" as the run started
        QCOMPARE(part.changes[0].size(), std::size_t(1));
        QCOMPARE(part.changes[0][0].at, 20.0);
    }
    // Edits made before the first step are the run's start.
    const std::vector<history::RunEdit> paused = {{0, consumers, "3", "1"}};
    QVERIFY(
        history::runDifferences({asEnded(paused), Json::parse(serializeModel(three))}, {paused, {}})
            .size()
        == 1); // the interval: 1 against three's 2
    // A damaged history: an edit without a time, and more moments than are
    // followed (the last ones are told at once, at the last change).
    std::vector<history::RunEdit> many;
    for (int i = 1; i <= 300; ++i)
        many.push_back({double(i), interval, std::to_string(i + 1), std::to_string(i)});
    many.push_back({std::nan(""), interval, "400", "301"});
    const std::vector<history::ParameterDifference> bounded
        = history::runDifferences({asEnded(many), asEnded({})}, {many, {}});
    QCOMPARE(bounded.size(), std::size_t(1));
    QCOMPARE(bounded[0].values[0].value(), std::string("1"));
    const std::vector<history::ParameterChange> &told = bounded[0].changes[0];
    // At most 200 moments, fewer when reading them takes too long (a slow
    // machine): each before the last one by one.
    QVERIFY2(told.size() >= 10 && told.size() <= 200, qPrintable(QString::number(told.size())));
    for (std::size_t k = 0; k + 1 < told.size(); ++k)
        QCOMPARE(told[k], (history::ParameterChange{double(k + 1), std::to_string(k + 2)}));
    // The rest at once, by the last change (the one without a time taken as
    // made with the one before it).
    QCOMPARE(told.back(), (history::ParameterChange{300, "400", true}));

    // In the window: the start, then each change with its time.
    std::vector<history::RunRecord> runs(2);
    runs[0].id = 1;
    runs[0].name = "raised";
    runs[0].modelJson = asEnded(raised).dump();
    runs[0].edits = raised;
    runs[1].id = 2;
    runs[1].name = "steady";
    runs[1].modelJson = steady.dump();
    CompareView view(runs);
    QCOMPARE(view.differenceCount(), 2);
    QTableWidget *table = view.parametersTable();
    QCOMPARE(table->item(0, 0)->text(), QString::fromStdString(consumers));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("1 → 3 at %1").arg(formatSeconds(30)));
    QVERIFY2(table->item(0, 1)->toolTip().startsWith(QStringLiteral("As the run started: 1\n")),
             qPrintable(table->item(0, 1)->toolTip()));
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("3"));
    QCOMPARE(
        table->item(1, 1)->text(),
        QStringLiteral("1 s → 5 s at %1 → 2 s at %2").arg(formatSeconds(40), formatSeconds(50)));
    QCOMPARE(table->item(1, 2)->text(), QStringLiteral("2 s"));
    {
        // In the charts' unit: "at 124 s" in 10-minute runs, as their own
        // windows say it (it read "at 2.07 min").
        const std::vector<history::RunEdit> late = {{124, consumers, "3", "1"}};
        std::vector<history::RunRecord> tenMinutes(2);
        Json a = asEnded(late), b = steady;
        a["workload"]["duration"] = 600;
        b["workload"]["duration"] = 600;
        tenMinutes[0].id = 1;
        tenMinutes[0].modelJson = a.dump();
        tenMinutes[0].edits = late;
        tenMinutes[1].id = 2;
        tenMinutes[1].modelJson = b.dump();
        CompareView tenView(tenMinutes);
        QTableWidget *t = tenView.parametersTable();
        int row = -1;
        for (int r = 0; r < t->rowCount(); ++r) {
            if (t->item(r, 0)->text() == QString::fromStdString(consumers))
                row = r;
        }
        QVERIFY(row >= 0);
        QCOMPARE(t->item(row, 1)->text(), QStringLiteral("1 → 3 at 124 s"));
    }

    // A long list: the cell tells the first and last change and how many
    // lie between; the tooltip lists twenty.
    runs[0].modelJson = asEnded(many).dump();
    runs[0].edits = many;
    runs[1].modelJson = asEnded({}).dump();
    CompareView longList(runs);
    const QTableWidgetItem *cell = longList.parametersTable()->item(0, 1);
    QVERIFY2(cell->text().startsWith(QStringLiteral("1 s → 2 s at %1 → … ").arg(formatSeconds(1)))
                 && cell->text().contains(QStringLiteral("more changes"))
                 && cell->text().endsWith(
                     QStringLiteral("→ 400 s by 300 s")), // the charts' unit, not "5 min"
             qPrintable(cell->text()));
    // The start and up to 20 changes, then "… and N more"; at least ten moments
    // are followed one by one however long they take (a slow machine).
    const qsizetype lines = cell->toolTip().count(QLatin1Char('\n'));
    QVERIFY2(lines >= 10 && lines <= 21, qPrintable(cell->toolTip()));
}

void TestCompare::unreadableRowsAreNamed()
{
    // Rows changed outside the application: the runs still open side by
    // side, and a line above the charts names what cannot be read, where
    // lines and figures are missing.
    auto store = openHistory(m_dir->filePath(QStringLiteral("runs.sqlite")));
    const std::optional<history::RunRecord> first = store->get(m_ids[0]);
    const std::optional<history::RunRecord> second = store->get(m_ids[1]);
    QVERIFY(first && second);
    history::RunRecord badResult = *second, badSeries = *second, badModel = *second;
    badResult.id = 101;
    badResult.result = "{\"readModels\": {";
    badResult.modelJson = "{\"name\": "; // two problems of one run: named together
    badSeries.id = 102;
    badSeries.series = "{\"t\": [1, 2";
    badModel.id = 103;
    badModel.modelJson = "[]";
    CompareView damaged({*first, badResult, badSeries, badModel});
    damaged.show();
    QVERIFY(QTest::qWaitForWindowExposed(&damaged));
    QVERIFY(damaged.unreadableLabel()->isVisible());
    QCOMPARE(damaged.unreadableLabel()->text(),
             QStringLiteral(
                 "#101: the stored result cannot be read. #101: the stored model cannot be "
                 "read. #102: the stored series cannot be read. #103: the stored model cannot "
                 "be read."));
    QVERIFY(damaged.reportHtml().contains(
        QStringLiteral("<p class=\"bad\">#101: the stored result cannot be read.")));
    CompareView fine({*first, *second});
    fine.show();
    QVERIFY(QTest::qWaitForWindowExposed(&fine));
    QVERIFY(!fine.unreadableLabel()->isVisible());
    QVERIFY(fine.unreadableLabel()->text().isEmpty());
    QVERIFY(!fine.reportHtml().contains(QStringLiteral("class=\"bad\"")));
}

void TestCompare::screenshot()
{
    CompareView *view = openCompare();
    QVERIFY(view);
    view->resize(1600, 1000);
    QTest::qWait(300);
    const QString dir = QStringLiteral(CQRS_BINARY_DIR "/screenshots");
    QDir().mkpath(dir);
    QVERIFY(view->grab().save(dir + QStringLiteral("/history-compare.png")));
}

// At 1366x768 the charts' plots are about 85 px high: six labels on a y
// axis left each less than a line, and Qt Charts drew every one as "...".
void TestCompare::axisLabelsWholeOnALaptop()
{
    QCOMPARE(CompareView::yTickStep(40, 6), 10.0); // 0, 10, ..., 40 (not 8s)
    QCOMPARE(CompareView::yTickStep(40, 4), 20.0);
    QCOMPARE(CompareView::yTickStep(2, 6), 0.5);
    QCOMPARE(CompareView::yTickStep(200, 6), 50.0);
    QCOMPARE(CompareView::yTickStep(50, 6), 10.0);
    QCOMPARE(CompareView::yTickStep(30, 6), 10.0);
    QCOMPARE(CompareView::yTickStep(7.5, 6), 2.5);
    QCOMPARE(CompareView::yTickStep(7.5, 3), 7.5); // 0 and the top
    QCOMPARE(CompareView::yTickStep(1, 2), 1.0);

    CompareView *view = openCompare();
    QVERIFY(view);
    for (const QSize size : {QSize(1342, 700), QSize(1000, 560)}) {
        view->resize(size);
        QTest::qWait(300); // laid out at the new size (and again below, on a slow machine)
        for (int id = 0; id < CompareView::ChartCount; ++id) {
            QChart *chart = view->chart(CompareView::ChartId(id));
            if (chart->series().isEmpty())
                continue;
            const auto *y = static_cast<QValueAxis *>(chart->axes(Qt::Vertical).value(0));
            const auto labels = [y] {
                return int(std::floor(y->max() / y->tickInterval() + 1e-9)) + 1;
            };
            const auto fits = [&] {
                return chart->plotArea().height() / labels()
                       >= QFontMetrics(y->labelsFont()).height() + 8;
            };
            QTRY_VERIFY2(fits(), qPrintable(QStringLiteral("chart %1 at %2x%3: %4 labels on %5 px")
                                                .arg(id)
                                                .arg(size.width())
                                                .arg(size.height())
                                                .arg(labels())
                                                .arg(chart->plotArea().height())));
            // And none drawn cut.
            QList<QGraphicsItem *> items = chart->childItems();
            while (!items.isEmpty()) {
                QGraphicsItem *item = items.takeLast();
                items.append(item->childItems());
                if (auto *text = qgraphicsitem_cast<QGraphicsTextItem *>(item);
                    text && text->isVisible()) {
                    const QString shown = text->toPlainText();
                    QVERIFY2(!shown.contains(QStringLiteral("..."))
                                 && !shown.contains(QChar(0x2026)),
                             qPrintable(QStringLiteral("chart %1: \"%2\"").arg(id).arg(shown)));
                }
            }
        }
    }
}

// A 3.5-hour run's charts in hours, as the live charts draw it (Compare's
// axis ran to 12,600 s).
void TestCompare::longRunsInHours()
{
    const auto record = [](qint64 id, double duration, double value) {
        history::RunRecord r;
        r.id = id;
        r.name = "long " + std::to_string(id);
        r.modelName = "long";
        r.status = history::RunStatus::Finished;
        Model model = example("user-profile.cqrs.json", duration);
        r.modelJson = serializeModel(model);
        Json t = Json::array(), accepted = Json::array();
        for (int i = 1; i <= 10; ++i) {
            t.push_back(duration * i / 10);
            accepted.push_back(value);
        }
        r.series = Json{{"t", t}, {"commandsAccepted", accepted}}.dump();
        return r;
    };
    CompareView hours({record(1, 12600, 100), record(2, 12600, 120)});
    QChart *chart = hours.chart(CompareView::Accepted);
    auto *x = static_cast<QValueAxis *>(chart->axes(Qt::Horizontal).value(0));
    QCOMPARE(x->titleText(), QStringLiteral("simulated time (h)"));
    QCOMPARE(x->max(), 3.5);
    auto *line = qobject_cast<QLineSeries *>(chart->series().value(0));
    QVERIFY(line);
    QCOMPARE(line->points().constLast().x(), 3.5);
    CompareView minutes({record(3, 1800, 100), record(4, 1800, 120)});
    QCOMPARE(static_cast<QValueAxis *>(
                 minutes.chart(CompareView::Accepted)->axes(Qt::Horizontal).value(0))
                 ->titleText(),
             QStringLiteral("simulated time (min)"));
    // Runs of one model: no warning. Of two: said above the charts.
    QVERIFY(hours.findChild<QLabel *>(QStringLiteral("compareUnreadable"))->isHidden());
    history::RunRecord other = record(7, 600, 100);
    other.modelJson = serializeModel(example("amazon-orders.cqrs.json", 600));
    CompareView mixed({record(8, 600, 100), other});
    QVERIFY(mixed.findChild<QLabel *>(QStringLiteral("compareUnreadable"))
                ->text()
                .contains(QStringLiteral("These runs are of different models")));
    CompareView seconds({record(5, 600, 100), record(6, 600, 120)});
    QCOMPARE(static_cast<QValueAxis *>(
                 seconds.chart(CompareView::Accepted)->axes(Qt::Horizontal).value(0))
                 ->max(),
             600.0);
}

void TestCompare::compareStrategies()
{
    HistoryUi *history = m_window->historyUi();
    // A long name: cut before the runs' names were told apart, it left every
    // legend the same "…".
    Model model = example("user-profile.cqrs.json", 30);
    model.name = "User profile service of the identity and accounts team, v2";
    m_window->document()->resetModel(model);
    // Offered on a query in the canvas menu.
    QMenu menu;
    emit m_window->contextMenuAboutToShow(&menu, {"get-user"});
    QAction *action = menu.findChild<QAction *>(QStringLiteral("compareStrategiesAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    QMenu other;
    emit m_window->contextMenuAboutToShow(&other, {"user-view"}); // a read model: not offered
    QVERIFY(!other.findChild<QAction *>(QStringLiteral("compareStrategiesAction")));

    QSignalSpy opened(history, &HistoryUi::compareOpened);
    const int before = history->model()->rowCount();
    action->trigger();
    // While it runs, a second comparison is not offered, and the menu says why.
    QMenu busy;
    emit m_window->contextMenuAboutToShow(&busy, {"get-user"});
    QAction *again = busy.findChild<QAction *>(QStringLiteral("compareStrategiesAction"));
    QVERIFY(again);
    QVERIFY(!again->isEnabled());
    QVERIFY2(again->text().contains(QStringLiteral("another comparison is running")),
             qPrintable(again->text()));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
    auto *view = opened.at(0).at(0).value<CompareView *>();
    QCOMPARE(view->runs().size(), std::size_t(4));
    const char *strategies[]
        = {"eventual", "wait-for-version", "read-from-write-model", "optimistic-ui"};
    for (int i = 0; i < 4; ++i) {
        const history::RunRecord &r = view->runs()[std::size_t(i)];
        QVERIFY2(r.name.ends_with(std::string("GetUser: ") + strategies[i]), r.name.c_str());
        QCOMPARE(r.status, history::RunStatus::Finished);
        QCOMPARE(r.seed, std::int64_t(42)); // the same seed: only the strategy differs
    }
    // Each chart's legend names the strategy: the model's and the query's
    // names, the same in all four, would leave no room for it.
    const auto id = [view](int i) {
        return view->runs()[std::size_t(i)].id;
    };
    for (int i = 0; i < 4; ++i) {
        // The strategy does not change the read model: its four lines are one.
        const QString text = view->card(CompareView::Window)->legend()->entryText(i);
        QCOMPARE(text, QStringLiteral("#%1 %2").arg(id(i)).arg(strategies[i])
                           + (i > 0 ? QStringLiteral(" = #%1").arg(id(0)) : QString()));
        const QString tip = view->card(CompareView::Window)->legend()->entryToolTip(i);
        QVERIFY2(tip.startsWith(QStringLiteral("#%1 User profile").arg(id(i)))
                     && tip.contains(QStringLiteral("accounts team, v2 — GetUser: ")
                                     + QLatin1String(strategies[i]))
                     && (i == 0
                         || tip.endsWith(QStringLiteral("on the same line as #%1 User profile "
                                                        "service of the identity and accounts "
                                                        "team, v2 — GetUser: eventual")
                                             .arg(id(0)))),
                 qPrintable(tip));
    }
    // Stale reads: optimistic-ui reads at once, as eventual does, so its line
    // lies on eventual's; the others differ.
    ChartLegend *stale = view->card(CompareView::Stale)->legend();
    QCOMPARE(stale->entryText(1), QStringLiteral("#%1 wait-for-version").arg(id(1)));
    QCOMPARE(stale->entryText(2), QStringLiteral("#%1 read-from-write-model").arg(id(2)));
    QCOMPARE(stale->entryText(3), QStringLiteral("#%1 optimistic-ui = #%2").arg(id(3)).arg(id(0)));
    // Never stale reads 0 on a line drawn whole, above the plot's lower edge.
    auto *y
        = static_cast<QValueAxis *>(view->chart(CompareView::Stale)->axes(Qt::Vertical).value(0));
    QVERIFY(y->min() < 0);
    QCOMPARE(y->tickAnchor(), 0.0);
    // GetUser is read after ChangeAvatar: no note on strategies that cannot differ.
    QVERIFY(view->noteLabel()->text().isEmpty());
    QVERIFY(!view->noteLabel()->isVisibleTo(view));
    // The only parameter that differs is the strategy.
    QCOMPARE(view->differenceCount(), 1);
    QCOMPARE(view->parametersTable()->item(0, 0)->text(),
             QStringLiteral("queries.get-user.consistency.strategy"));
    QCOMPARE(view->parametersTable()->item(0, 2)->text(), QStringLiteral("\"wait-for-version\""));
    // Reading from the write model is never stale.
    for (const history::CompareRow &row : view->rows()) {
        if (row.path == "/queries/get-user/staleRatio") {
            QVERIFY(*row.values[0] > 0);
            QCOMPARE(*row.values[2], 0.0);
        }
    }
    // Only the figures the strategy changed, on request: the read models'
    // figures are the same in all four runs.
    QCheckBox *only = view->onlyDifferingCheck();
    only->setChecked(false);
    QTableWidget *table = view->figuresTable();
    const auto shownRows = [table] {
        QStringList shown;
        for (int row = 0; row < table->rowCount(); ++row) {
            if (!table->isRowHidden(row))
                shown.append(table->item(row, 0)->text());
        }
        return shown;
    };
    QCOMPARE(shownRows().size(), table->rowCount());
    only->setChecked(true);
    const QStringList shown = shownRows();
    QVERIFY2(shown.contains(QStringLiteral("GetUser: stale ratio")),
             qPrintable(shown.join(QLatin1Char(','))));
    QVERIFY2(!shown.contains(QStringLiteral("UserView: consistency window p99 (s)")),
             qPrintable(shown.join(QLatin1Char(','))));
    QVERIFY(shown.size() < table->rowCount() / 2);
    QCOMPARE(only->text(), QStringLiteral("Only figures that differ (%1 of %2)")
                               .arg(shown.size())
                               .arg(table->rowCount()));
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->isRowHidden(row)) {
            for (int column = 2; column <= 4; ++column)
                QVERIFY2(table->item(row, column)->text().endsWith(QStringLiteral("(same)"))
                             || table->item(row, column)->text() == table->item(row, 1)->text(),
                         qPrintable(table->item(row, 0)->text()));
        }
    }
    only->setChecked(false);
    QTRY_COMPARE(history->model()->rowCount(), before + 4);
    delete view;
}

void TestCompare::compareConsumers()
{
    HistoryUi *history = m_window->historyUi();
    m_window->document()->resetModel(example("user-profile.cqrs.json", 30));
    // Offered on a read model in the canvas menu, not on a query.
    QMenu menu;
    emit m_window->contextMenuAboutToShow(&menu, {"user-view"});
    QAction *action = menu.findChild<QAction *>(QStringLiteral("compareConsumersAction"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    QMenu other;
    emit m_window->contextMenuAboutToShow(&other, {"get-user"});
    QVERIFY(!other.findChild<QAction *>(QStringLiteral("compareConsumersAction")));
    {
        // The dialog names the read model and the range (10 could not be
        // typed, with no word why); cancelled, nothing runs.
        QString asked;
        QTimer::singleShot(100, m_window.get(), [&] {
            if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
                asked = dialog->labelText();
                dialog->reject();
            }
        });
        const int rows = history->model()->rowCount();
        action->trigger();
        QVERIFY2(asked.contains(QStringLiteral("on UserView"))
                     && asked.contains(QStringLiteral("2 to 6")),
                 qPrintable(asked));
        QTest::qWait(50);
        QCOMPARE(history->model()->rowCount(), rows);
    }

    QSignalSpy opened(history, &HistoryUi::compareOpened);
    const int before = history->model()->rowCount();
    QVERIFY(history->compareConsumers("user-view", 3));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
    auto *view = opened.at(0).at(0).value<CompareView *>();
    QCOMPARE(view->runs().size(), std::size_t(3));
    for (int i = 0; i < 3; ++i) {
        const history::RunRecord &r = view->runs()[std::size_t(i)];
        QVERIFY2(
            r.name.ends_with(": " + std::to_string(i + 1) + (i == 0 ? " consumer" : " consumers")),
            r.name.c_str());
        QCOMPARE(r.status, history::RunStatus::Finished);
        QCOMPARE(r.seed, std::int64_t(42));
    }
    // Only the consumer count differs, 1, 2, 3.
    QCOMPARE(view->differenceCount(), 1);
    QCOMPARE(view->parametersTable()->item(0, 0)->text(),
             QStringLiteral("readModels.user-view.consumers"));
    QCOMPARE(view->parametersTable()->item(0, 3)->text(), QStringLiteral("3"));
    // UserView's queue was never what held its events back: its window is the
    // same with 1, 2 or 3 consumers, and what changes is how busy they are,
    // which the key figures show and count as differing.
    const auto row
        = std::find_if(view->rows().begin(), view->rows().end(), [](const history::CompareRow &r) {
              return r.path == "/readModels/user-view/utilization";
          });
    QVERIFY(row != view->rows().end());
    QVERIFY(*row->values[0] > 1.9 * *row->values[1]);
    QVERIFY(*row->values[1] > 1.4 * *row->values[2]);
    const int rowIndex = int(row - view->rows().begin());
    QCOMPARE(view->figuresTable()->item(rowIndex, 0)->text(),
             QStringLiteral("UserView: utilization"));
    QVERIFY(view->figuresTable()->item(rowIndex, 2)->text().contains(QStringLiteral("(-50%)")));
    QCOMPARE(relativeChangeText(0.5), QStringLiteral("-50%"));
    QCOMPARE(relativeChangeText(1.05), QStringLiteral("+5.0%"));
    QCOMPARE(relativeChangeText(1.2), QStringLiteral("+20%"));
    QCOMPARE(relativeChangeText(9.5), QStringLiteral("+850%"));
    QCOMPARE(relativeChangeText(12.34), QStringLiteral("×12.3"));
    QCOMPARE(relativeChangeText(10), QStringLiteral("×10"));
    QCOMPARE(relativeChangeText(68.02), QStringLiteral("×68"));
    QCOMPARE(relativeChangeText(68500), QStringLiteral("×68500"));
    view->onlyDifferingCheck()->setChecked(true);
    QVERIFY(!view->figuresTable()->isRowHidden(rowIndex));
    view->onlyDifferingCheck()->setChecked(false);
    // Out of range is clamped to 2..6 runs; an unknown read model is refused.
    QVERIFY(!history->compareConsumers("no-such-view", 3));
    QTRY_COMPARE(history->model()->rowCount(), before + 3);
    delete view;
}

// The charts open on the query whose strategies were compared and on its
// read model: they opened on the first of each, four identical lines when
// the strategies were compared on any other query.
void TestCompare::chartsOpenOnWhatWasCompared()
{
    HistoryUi *history = m_window->historyUi();
    m_window->document()->resetModel(example("user-profile.cqrs.json", 30));
    QSignalSpy opened(history, &HistoryUi::compareOpened);
    const int before = history->model()->rowCount();
    QVERIFY(history->compareStrategies("search-users")); // the last query, on the second read model
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
    auto *view = opened.at(0).at(0).value<CompareView *>();
    QCOMPARE(view->queryCombo()->currentData().toString(), QStringLiteral("search-users"));
    QCOMPARE(view->readModelCombo()->currentData().toString(), QStringLiteral("search-index"));
    // No command is followed by a SearchUsers read: two of the strategies
    // cannot differ from eventual, and the window says why.
    QVERIFY(view->noteLabel()->isVisibleTo(view));
    QVERIFY2(view->noteLabel()->text().startsWith(
                 QStringLiteral("No command is followed by a read of SearchUsers:")),
             qPrintable(view->noteLabel()->text()));
    QVERIFY(view->reportHtml().contains(
        QStringLiteral("No command is followed by a read of SearchUsers")));
    QCOMPARE(view->card(CompareView::Stale)->titleLabel()->text(),
             QStringLiteral("Stale reads of SearchUsers"));
    QTRY_COMPARE(history->model()->rowCount(), before + 4);
    delete view;

    // Consumers compared on the second read model open on it, and on a query
    // that reads it.
    opened.clear();
    QVERIFY(history->compareConsumers("search-index", 2));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
    view = opened.at(0).at(0).value<CompareView *>();
    QCOMPARE(view->readModelCombo()->currentData().toString(), QStringLiteral("search-index"));
    QCOMPARE(view->queryCombo()->currentData().toString(), QStringLiteral("search-users"));
    QTRY_COMPARE(history->model()->rowCount(), before + 6);
    delete view;

    // Eventual against read-from-write-model on SearchUsers: neither needs a
    // follow-up, so there is nothing to explain.
    opened.clear();
    Model eventual = example("user-profile.cqrs.json", 30);
    Model fromWriteModel = eventual;
    fromWriteModel.query("search-users")->consistency.strategy = Strategy::ReadFromWriteModel;
    QVERIFY(
        history->compareModels({{"eventual", eventual}, {"from the write model", fromWriteModel}},
                               QStringLiteral("Running…")));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
    view = opened.at(0).at(0).value<CompareView *>();
    QCOMPARE(view->queryCombo()->currentData().toString(), QStringLiteral("search-users"));
    QVERIFY2(view->noteLabel()->text().isEmpty(), qPrintable(view->noteLabel()->text()));
    QTRY_COMPARE(history->model()->rowCount(), before + 8);
    delete view;
}

// Closing the window while runs for Compare are going stops them at their
// next step: it used to wait for every run to its end (here about a minute
// of simulation each, so minutes in all), with no way to cancel.
void TestCompare::closingStopsRunsForCompare()
{
    auto window = std::make_unique<MainWindow>();
    QTRY_VERIFY_WITH_TIMEOUT(window->historyUi()->store()->isReady(), 10000);
    Model model = example("netflix-viewing.cqrs.json", 100000);
    window->document()->resetModel(model);
    QVERIFY(window->historyUi()->compareStrategies(model.queries.front().id));
    QTest::qWait(200); // the runs are under way
    QElapsedTimer closing;
    closing.start();
    window.reset();
    QVERIFY2(closing.elapsed() < 15000, qPrintable(QString::number(closing.elapsed())));
}

// Cancel in the status bar stops the runs for Compare at their next step,
// records nothing and leaves the history ready for the next comparison.
void TestCompare::cancelStopsRunsForCompare()
{
    HistoryUi *history = m_window->historyUi();
    QVERIFY(!history->compareProgress()->isVisible());
    // Long enough that it cannot end by itself within the test (minutes).
    m_window->document()->resetModel(example("user-profile.cqrs.json", 20000));
    const int before = history->model()->rowCount();
    QVERIFY(history->compareConsumers("user-view", 2));
    QVERIFY(history->compareProgress()->isVisible());
    QTest::qWait(300);
    QElapsedTimer clock;
    clock.start();
    auto *cancel = history->compareProgress()->findChild<QPushButton *>(
        QStringLiteral("cancelCompareButton"));
    QVERIFY(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!history->compareProgress()->isVisible(), 20000);
    QVERIFY2(clock.elapsed() < 20000, "the runs did not stop at their next step");
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Cancelled")));
    QTest::qWait(200);
    QCOMPARE(history->model()->rowCount(), before); // nothing recorded
    // The next comparison runs.
    m_window->document()->resetModel(example("user-profile.cqrs.json", 20));
    QSignalSpy opened(history, &HistoryUi::compareOpened);
    QVERIFY(history->compareConsumers("user-view", 2));
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 60000);
    delete opened.at(0).at(0).value<CompareView *>();
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
