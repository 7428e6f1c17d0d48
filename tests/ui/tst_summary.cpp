// The Run Summary states only what the run measured, in readable numbers
// (issue 8): bug 3 (a stopped run), bug 4 (predictions that ignore an
// upstream bottleneck, agreement apart from budgets), bug 5 (nothing to
// simulate), and the formatters every figure goes through.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/glossary.h"
#include "cqrs/ui/run/insights.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/run/runmarkers.h"
#include "testmodels.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>
#include <cqrs/sim/result.h>
#include <cqrs/sim/simulation.h>

#include <QDir>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextLayout>
#include <QTextTable>
#include <QTextDocument>
#include <QtTest>

#include <algorithm>

using namespace cqrs;

namespace {

RunResult runResult(const Json &result, bool complete)
{
    RunResult run;
    run.result = std::make_shared<const Json>(result);
    run.time = result.value("simulatedSeconds", 0.0);
    run.complete = complete;
    return run;
}

/// The run stopped at `t`, as the worker reports it when the user presses Stop.
RunResult stoppedRun(const Model &model, double t)
{
    sim::Simulation simulation(model);
    simulation.advanceTo(t);
    return runResult(simulation.result(), false);
}

const Insight *findInsight(const std::vector<Insight> &insights, Insight::Kind kind, const std::string &id = {})
{
    for (const Insight &in : insights) {
        if (in.kind == kind && (id.empty() || in.elementId == id))
            return &in;
    }
    return nullptr;
}

/// Saves what a person would see when CQRS_SUMMARY_PNG names a folder.
void grab(SummaryWidget &summary, const char *file)
{
    const QString dir = qEnvironmentVariable("CQRS_SUMMARY_PNG");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    summary.grab().save(dir + QLatin1Char('/') + QLatin1String(file));
}

QString describe(const std::vector<Insight> &insights)
{
    QStringList lines;
    for (const Insight &in : insights)
        lines << QStringLiteral("[%1] %2 | %3 | %4 | %5")
                     .arg(int(in.kind))
                     .arg(in.text, in.simulated, in.predicted, in.agreementNote);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestSummary : public QObject
{
    Q_OBJECT

private slots:
    void formatters_data();
    void formatters();
    void stoppedRunSaysWhatItMeasured();
    void emptyModelHasNothingToSimulate();
    void saturatedWriteSideCapsDownstream();
    void readableNumbersAndTooltips();
    void varyingRateIsNotJudgedAgainstThePeak();
    void outagesTakenLiveCount();
    void duplicatesListed();
};

void TestSummary::formatters_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("seconds 0") << "s" << 0.0 << "0";
    QTest::newRow("seconds µs") << "s" << 40e-6 << "40 µs";
    QTest::newRow("seconds 999.7 µs is 1 ms") << "s" << 0.0009997 << "1 ms";
    QTest::newRow("seconds 999.6 ms is 1 s, not 1e+03 ms") << "s" << 0.9996 << "1 s";
    QTest::newRow("seconds 164 ms") << "s" << 0.16412 << "164 ms";
    QTest::newRow("seconds 1.5") << "s" << 1.5 << "1.5 s";
    QTest::newRow("seconds 119.96 is 2 min") << "s" << 119.96 << "2 min";
    QTest::newRow("seconds an hour") << "s" << 3600.0 << "60 min";
    QTest::newRow("seconds 3.5 h") << "s" << 12600.0 << "3.5 h";
    QTest::newRow("seconds 1,000 h") << "s" << 3.6e6 << "1,000 h";
    QTest::newRow("seconds infinite") << "s" << qInf() << "∞";
    QTest::newRow("count 16920") << "count" << 16920.4 << "16,920";
    QTest::newRow("count 7") << "count" << 7.0 << "7";
    QTest::newRow("count a billion") << "count" << 1e9 << "1,000,000,000";
    QTest::newRow("number 16920.4") << "number" << 16920.4 << "16,920";
    QTest::newRow("number 0.5234") << "number" << 0.5234 << "0.523";
    QTest::newRow("number 2.0") << "number" << 2.0 << "2";
    QTest::newRow("percent 0") << "percent" << 0.0 << "0%";
    QTest::newRow("percent tiny") << "percent" << 0.0004 << "<0.1%";
    QTest::newRow("percent 4.4") << "percent" << 0.044 << "4.4%";
    QTest::newRow("percent 36") << "percent" << 0.3649 << "36%";
    QTest::newRow("percent 2926") << "percent" << 29.26 << "2,926%";
    QTest::newRow("rate 1000") << "rate" << 1000.0 << "1,000/s";
    QTest::newRow("rate 0.5") << "rate" << 0.5 << "0.5/s";
}

void TestSummary::formatters()
{
    QFETCH(QString, kind);
    QFETCH(double, value);
    QFETCH(QString, expected);
    QString text;
    if (kind == QLatin1String("s"))
        text = formatSeconds(value);
    else if (kind == QLatin1String("count"))
        text = formatCount(value);
    else if (kind == QLatin1String("number"))
        text = formatNumber(value);
    else if (kind == QLatin1String("percent"))
        text = formatPercent(value);
    else
        text = formatRate(value);
    QCOMPARE(text, expected);
}

// Bug 3: netflix stopped at 600 s, before the hourly analytics batch ran.
void TestSummary::stoppedRunSaysWhatItMeasured()
{
    const Model model = testing::example("netflix-viewing.cqrs.json");
    const RunResult run = stoppedRun(model, 600);
    SummaryWidget summary;
    summary.resize(1100, 900);
    summary.showResult(model, run);
    grab(summary, "summary-netflix-stopped.png");
    const QString text = summary.plainText();
    const std::vector<Insight> &insights = summary.insights();

    // It says it was stopped and exactly which time its figures cover.
    QVERIFY2(text.contains(QStringLiteral("stopped early")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("stopped at 10 min of 3.5 h")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("9 min measured, from 60 s to 10 min")), qPrintable(text));
    // A 10-minute run's moments in seconds, as its clock and charts read
    // them ("stopped at 2.5 min of 10 min" beside "t = 150 s / 600 s").
    {
        const Model tenMinutes = testing::example("user-profile.cqrs.json", 600);
        SummaryWidget short_;
        short_.showResult(tenMinutes, stoppedRun(tenMinutes, 150));
        QVERIFY2(short_.plainText().contains(QStringLiteral("stopped at 150 s of 600 s")),
                 qPrintable(short_.plainText()));
        // Its faults and changes too: "171 s – 201 s", not "2.85 min – 3.35 min".
        RunMarker outage;
        outage.kind = RunMarker::Kind::Outage;
        outage.start = 171;
        outage.end = 201;
        outage.description = QStringLiteral("Outage of UserSearchIndex for 30 s");
        RunMarker edit;
        edit.start = 130;
        edit.description = QStringLiteral("Changed consumers");
        short_.showResult(tenMinutes, stoppedRun(tenMinutes, 300));
        short_.setMarkers({edit, outage});
        const QString faults = short_.plainText();
        // (The plain text has spaces where the page keeps the times on one line.)
        QVERIFY2(faults.contains(QStringLiteral("171 s – 201 s")), qPrintable(faults.right(300)));
        QVERIFY2(faults.contains(QStringLiteral("130 s")), qPrintable(faults.right(300)));
        QVERIFY2(!faults.contains(QStringLiteral("2.85")), qPrintable(faults.right(300)));
    }

    // The batch that never ran: said so, no window, no "0 s behind", no 0% prediction.
    const Insight *notApplied = findInsight(insights, Insight::Kind::NotApplied, "viewing-analytics");
    QVERIFY2(notApplied, qPrintable(describe(insights)));
    QVERIFY2(notApplied->text.contains(QStringLiteral("first batch is due at 60 min")), qPrintable(notApplied->text));
    QVERIFY(!findInsight(insights, Insight::Kind::Stalest, "viewing-analytics"));
    static const QRegularExpression zeroBehind(QStringLiteral("on average 0( s| ms)? behind"));
    QVERIFY2(!text.contains(zeroBehind), qPrintable(text));
    for (const Insight &in : insights) {
        QVERIFY2(!in.predicted.startsWith(QStringLiteral("0%")) && !in.predicted.startsWith(QStringLiteral("0.0%")),
                 qPrintable(describe(insights)));
        if (in.elementId == "viewing-report") {
            QVERIFY2(in.text.contains(QStringLiteral("applied nothing")), qPrintable(in.text));
            QVERIFY(in.predicted.isEmpty());
        }
    }
    // Percentiles from zero samples are dashes, not zeros.
    QVERIFY(run.result->at("readModels").at("viewing-analytics").at("consistencyWindow").at("count") == 0);
    static const QRegularExpression analyticsRow(QStringLiteral("ViewingAnalytics\\s+\\d+\\s+—\\s+—\\s+—"));
    QVERIFY2(text.contains(analyticsRow), qPrintable(text));
    // Recommendations batches every 5 min: two batches are too few to judge
    // against interval / 2; an agreement says how few they were.
    if (const Insight *stalest = findInsight(insights, Insight::Kind::Stalest, "recommendations")) {
        QVERIFY2(stalest->agreement == Insight::Agreement::None
                     || stalest->agreementNote.endsWith(
                         QStringLiteral("though only about 2 batches ran in the measured time")),
                 qPrintable(stalest->agreementNote));
    }
}

// Bug 5: New > Empty model, F5.
void TestSummary::emptyModelHasNothingToSimulate()
{
    Model model;
    model.name = "Untitled";
    model.workload.duration = 60;
    bool warned = false;
    for (const Diagnostic &d : validateModel(model))
        warned |= !d.isError() && d.message.find("nothing to simulate") != std::string::npos;
    QVERIFY(warned);

    SummaryWidget summary;
    summary.resize(1100, 700);
    summary.showResult(model, runResult(sim::simulate(model), true));
    grab(summary, "summary-empty-model.png");
    const QString text = summary.plainText();
    QVERIFY2(text.contains(QStringLiteral("Nothing to simulate")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("bottleneck"), Qt::CaseInsensitive), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("busiest stage")), qPrintable(text));
    QVERIFY(!findInsight(summary.insights(), Insight::Kind::Bottleneck));
    QCOMPARE(summary.insights().front().severity, Insight::Severity::Warning);

    // Commands but no command rate: reads only, the read models never change.
    Model idle = testing::example("user-profile.cqrs.json");
    idle.workload.commandRate = 0;
    idle.workload.duration = 30;
    summary.showResult(idle, runResult(sim::simulate(idle), true));
    QVERIFY2(summary.plainText().contains(QStringLiteral("Nothing is written: the command rate is 0")),
             qPrintable(summary.plainText()));
    for (const Insight &in : summary.insights())
        QVERIFY2(in.kind != Insight::Kind::Bottleneck || !in.text.contains(QStringLiteral(" 0%")), qPrintable(in.text));
}

// Bug 4: 5,000 commands/s into 1 worker.
void TestSummary::saturatedWriteSideCapsDownstream()
{
    Model model = testing::example("user-profile.cqrs.json");
    model.workload.commandRate = 5000;
    model.workload.duration = 60;
    model.writeSide.workers = 1;
    const Json result = sim::simulate(model);
    SummaryWidget summary;
    summary.resize(1400, 900);
    summary.showResult(model, runResult(result, true));
    grab(summary, "summary-saturated.png");
    const std::vector<Insight> &insights = summary.insights();
    const QString all = describe(insights);

    // The write side is the problem; the read models behind it are not called unstable.
    const Insight *ws = findInsight(insights, Insight::Kind::Unstable, {});
    QVERIFY2(ws && ws->severity == Insight::Severity::Problem, qPrintable(all));
    for (const Insight &in : insights) {
        if (in.kind == Insight::Kind::Unstable && !in.elementId.empty()) {
            QVERIFY2(in.severity != Insight::Severity::Problem, qPrintable(all));
            QVERIFY2(!in.text.contains(QStringLiteral("without limit")), qPrintable(all));
        }
        // A figure with no steady state is never shown as agreeing with a finite one.
        if (in.predicted.contains(QStringLiteral("without limit")) || in.predicted.contains(QStringLiteral("∞")))
            QVERIFY2(in.severity != Insight::Severity::Info, qPrintable(all));
    }
    // The read model's prediction follows the capped flow and agrees with the run.
    const Json &view = result["readModels"]["user-view"];
    const LoadPrediction *predicted = nullptr;
    const std::vector<LoadPrediction> loads = predictLoads(model);
    for (const LoadPrediction &l : loads) {
        if (l.id == "user-view")
            predicted = &l;
    }
    QVERIFY(predicted && predicted->cappedUpstream());
    const double simulatedUtil = view["utilization"].get<double>();
    QVERIFY2(std::abs(predicted->utilization - simulatedUtil) < 0.25 * predicted->utilization + 0.02,
             qPrintable(QStringLiteral("%1 vs %2").arg(predicted->utilization).arg(simulatedUtil)));
    // Command latency: saturated, so no steady state; never a plain ✔.
    if (const Insight *latency = findInsight(insights, Insight::Kind::CommandLatency)) {
        QCOMPARE(latency->severity, Insight::Severity::Problem);
        QCOMPARE(latency->agreement, Insight::Agreement::Agrees);
    }
    // A ratio under 0.1% (SearchUsers) is printed, not swallowed as an HTML tag.
    QVERIFY2(summary.plainText().contains(QStringLiteral("<0.1%")), qPrintable(summary.plainText()));
    // The summary shows agreement apart from status, with the tolerance stated.
    QVERIFY(summary.plainText().contains(QStringLiteral("Agreement")));
    QVERIFY(summary.plainText().contains(agreementToleranceText()));

    // The rows: simulated 903 ms against a predicted few ms, 36% stale
    // against a few percent. Status may be fine, agreement is not.
    Model calm = testing::example("user-profile.cqrs.json");
    calm.workload.duration = 120;
    Json calmResult = sim::simulate(calm);
    calmResult["commands"]["total"]["latency"]["mean"] = 0.903;
    for (auto &[id, q] : calmResult["queries"].items()) {
        (void)id;
        q["staleRatio"] = 0.36;
    }
    const std::optional<sim::Result> calmFigures = sim::resultFromJson(calmResult);
    QVERIFY(calmFigures);
    const std::vector<Insight> calmInsights = computeInsights(calm, *calmFigures);
    const Insight *slow = findInsight(calmInsights, Insight::Kind::CommandLatency);
    QVERIFY(slow);
    QCOMPARE(slow->agreement, Insight::Agreement::Differs);
    QVERIFY2(slow->agreementNote.contains(QStringLiteral("higher")), qPrintable(slow->agreementNote));
    const Insight *stale = findInsight(calmInsights, Insight::Kind::StaleReads);
    QVERIFY(stale);
    QVERIFY2(stale->predicted.isEmpty() || stale->agreement != Insight::Agreement::Agrees, qPrintable(describe(calmInsights)));
    summary.showResult(calm, runResult(calmResult, true));
    QVERIFY2(summary.plainText().contains(QStringLiteral("differs")), qPrintable(summary.plainText()));
}

void TestSummary::readableNumbersAndTooltips()
{
    Model model = testing::example("user-profile.cqrs.json");
    model.workload.duration = 300;
    SummaryWidget summary;
    summary.resize(700, 900);
    summary.showResult(model, runResult(sim::simulate(model), true));
    const QString text = summary.plainText();
    static const QRegularExpression exponent(QStringLiteral("\\d[eE][+-]?\\d"));
    QVERIFY2(!text.contains(exponent), qPrintable(text));
    auto *view = summary.findChild<QTextBrowser *>(QStringLiteral("summaryView"));
    QVERIFY(view);
    QCOMPARE(view->wordWrapMode(), QTextOption::WordWrap);

    // Every metric header explains itself with the glossary's words.
    const std::pair<const char *, Term> headers[] = {
        {"Window p50", Term::ConsistencyWindow}, {"Backlog mean / max", Term::Backlog}, {"Lag max", Term::Lag},
        {"Utilization", Term::Utilization},      {"Staleness p99", Term::Staleness},    {"Timeouts", Term::Timeouts},
        {"Budget p99", Term::StaleBudget},       {"Latency p99", Term::QueryLatency},
    };
    for (const auto &[header, term] : headers) {
        const QTextCursor cursor = view->document()->find(QString::fromUtf8(header));
        QVERIFY2(!cursor.isNull(), header);
        QCOMPARE(cursor.charFormat().toolTip(), termTooltip(term));
    }
    // In a narrow dock the tables scroll sideways; a figure never breaks over
    // two lines (seen in the app: "4." above "97 min").
    summary.resize(420, 900);
    summary.show();
    QCoreApplication::processEvents();
    int figures = 0;
    for (QTextFrame *frame : view->document()->rootFrame()->childFrames()) {
        auto *table = qobject_cast<QTextTable *>(frame);
        if (!table)
            continue;
        for (int row = 1; row < table->rows(); ++row) {
            for (int column = 1; column < table->columns(); ++column) {
                const QTextBlock block = table->cellAt(row, column).firstCursorPosition().block();
                static const QRegularExpression figure(QStringLiteral("^[0-9][0-9.,\\x{00A0} /%a-zµ]*$"));
                if (!figure.match(block.text()).hasMatch())
                    continue;
                ++figures;
                QVERIFY2(block.layout()->lineCount() == 1, qPrintable(block.text()));
            }
        }
    }
    QVERIFY(figures > 20);

    // And every insight's finding carries the tooltip of its figure.
    for (const Insight &in : summary.insights()) {
        const QTextCursor cursor = view->document()->find(in.text.left(30));
        QVERIFY2(!cursor.isNull(), qPrintable(in.text));
        QCOMPARE(cursor.charFormat().toolTip(), termTooltip(in.term));
    }
}

// amazon-orders has a flash sale: the busiest stage's run-long utilization
// (about 37%) is not the peak-rate prediction (122%), so no "differs" mark.
void TestSummary::varyingRateIsNotJudgedAgainstThePeak()
{
    const Model model = testing::example("amazon-orders.cqrs.json");
    QVERIFY(!model.workload.rateProfile.empty());
    SummaryWidget summary;
    summary.showResult(model, runResult(sim::simulate(model), true));
    const Insight *bottleneck = nullptr;
    for (const Insight &in : summary.insights()) {
        if (in.kind == Insight::Kind::Bottleneck)
            bottleneck = &in;
    }
    QVERIFY2(bottleneck, qPrintable(describe(summary.insights())));
    QCOMPARE(bottleneck->agreement, Insight::Agreement::None);
    QVERIFY2(bottleneck->agreementNote.contains(QStringLiteral("varies")), qPrintable(bottleneck->agreementNote));
}

QTEST_MAIN(TestSummary)
#include "tst_summary.moc"

// A trainer took the search index down for 30 s at 125 s (a what-if) in the
// workshop's example, whose own outage follows at 300 s: the summary said
// "Its outages (30 s in total)", the model's alone, beside a list of two.
void TestSummary::outagesTakenLiveCount()
{
    const Model model = testing::example("user-profile.cqrs.json");
    RunMarker own;
    own.kind = RunMarker::Kind::Outage;
    own.start = 300;
    own.end = 330;
    own.element = "search-index";
    RunMarker live = own;
    live.start = 125;
    live.end = 155;
    RunMarker later = own; // after a stopped run's end: not counted
    later.start = 590;
    later.end = 700;
    SummaryWidget summary;
    summary.setMarkers({live, own, later});
    sim::Simulation simulation(model);
    simulation.advanceTo(400);
    summary.showResult(model, runResult(simulation.result(), false));
    const Insight *stalest = findInsight(summary.insights(), Insight::Kind::Stalest);
    QVERIFY(stalest);
    QCOMPARE(stalest->elementId, std::string("search-index"));
    QVERIFY2(stalest->text.contains(QStringLiteral("Its outages (60 s in total)")), qPrintable(stalest->text));
    QVERIFY2(summary.plainText().contains(QStringLiteral("Its outages (60 s in total)")), qPrintable(summary.plainText()));
}

// The workshop's fifth step reads the duplicate counts in the summary: they
// were in the result file only.
void TestSummary::duplicatesListed()
{
    Model model = testing::example("user-profile.cqrs.json");
    SummaryWidget summary;
    summary.showResult(model, runResult(sim::simulate(model), true));
    QVERIFY2(!summary.plainText().contains(QStringLiteral("Duplicates")), "no column without duplicates");

    model.eventBus.duplicateRate = 0.2;
    model.readModels.front().idempotent = false;
    const Json result = sim::simulate(model);
    const std::optional<sim::Result> figures = sim::resultFromJson(result);
    QVERIFY(figures);
    const sim::ReadModelFigures *first = figures->readModel(model.readModels.front().id);
    QVERIFY(first && first->duplicates > 0 && first->corruptedUpdates > 0);
    summary.resize(1100, 700);
    summary.showResult(model, runResult(result, true));
    grab(summary, "summary-duplicates.png");
    const QString text = summary.plainText();
    QVERIFY2(text.contains(QStringLiteral("Duplicates")), qPrintable(text));
    const QString corrupted = QStringLiteral("%1 (%2 corrupted)")
                                  .arg(formatCount(double(first->duplicates)),
                                       formatCount(double(first->corruptedUpdates)));
    QVERIFY2(text.contains(corrupted), qPrintable(corrupted + QStringLiteral(" in ") + text));
    const sim::ReadModelFigures *second = figures->readModel(model.readModels.back().id);
    QVERIFY(second && second->duplicates > 0 && second->corruptedUpdates == 0);
    QVERIFY(text.contains(formatCount(double(second->duplicates))));
}
