// The GUI reads the typed result (issue 9): the summary and the insights from
// RunResult::figures alone, a stored result that cannot be read named with
// its JSON path instead of a summary of zeros, and the history's headline
// figures from the typed fields.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/run/insights.h"
#include "cqrs/ui/run/summarywidget.h"
#include "testmodels.h"

#include <QTest>
#include <cqrs/sim/result.h>
#include <cqrs/sim/simulation.h>

using namespace cqrs;

class TestSummaryResult : public QObject
{
    Q_OBJECT

private slots:
    void summaryFromTypedFieldsAlone()
    {
        const Model model = testing::example("user-profile.cqrs.json", 120);
        sim::Simulation simulation(model);
        simulation.runToEnd();
        RunResult typed;
        typed.figures = std::make_shared<const sim::Result>(simulation.typedResult());
        typed.time = typed.figures->simulatedSeconds;
        typed.complete = true;
        RunResult json = typed;
        json.figures.reset();
        json.result = std::make_shared<const Json>(simulation.result());

        SummaryWidget fromTyped, fromJson;
        fromTyped.showResult(model, typed);
        fromJson.showResult(model, json);
        QVERIFY(!fromTyped.insights().empty());
        QCOMPARE(fromTyped.insights().size(), fromJson.insights().size());
        // The same page, whichever form the result came in (wall time aside:
        // both are the same run, so the same too).
        QCOMPARE(fromTyped.plainText(), fromJson.plainText());
        QVERIFY(fromJson.run()->figures); // read once, kept
        const sim::ReadModelFigures *view = typed.figures->readModel("user-view");
        QVERIFY(view);
        QVERIFY2(fromTyped.plainText().contains(formatCount(double(view->applied))),
                 qPrintable(fromTyped.plainText()));
    }

    void unreadableStoredResultSaysWhere()
    {
        const Model model = testing::example("user-profile.cqrs.json", 60);
        Json result = sim::simulate(model);
        result["readModels"]["user-view"].erase("applied");
        RunResult run;
        run.result = std::make_shared<const Json>(result);
        run.complete = true;
        SummaryWidget summary;
        summary.showResult(model, run);
        QVERIFY2(summary.plainText().contains(QStringLiteral(
                     "The result cannot be read: readModels.user-view.applied: missing")),
                 qPrintable(summary.plainText()));
        QVERIFY(summary.insights().empty());
        QVERIFY(!sim::resultFromJson(result)); // nothing typed to find insights in
    }

    void headlineFromTypedFields()
    {
        const Model model = testing::example("user-profile.cqrs.json", 120);
        const sim::Result r = [&] {
            sim::Simulation simulation(model);
            simulation.runToEnd();
            return simulation.typedResult();
        }();
        const RunHeadline h = headlineOf(sim::formatResult(sim::toJson(r)));
        QVERIFY(h.commandP99);
        QCOMPARE(*h.commandP99, r.commandsTotal.latency.p99);
        double worst = -1;
        std::string worstId;
        for (const sim::ReadModelFigures &rm : r.readModels) {
            if (rm.consistencyWindow.p99 > worst) {
                worst = rm.consistencyWindow.p99;
                worstId = rm.id;
            }
        }
        QVERIFY(h.worstWindowP99);
        QCOMPARE(*h.worstWindowP99, worst);
        QCOMPARE(h.worstReadModel, QString::fromStdString(worstId));
        // One damaged figure blanks that figure only.
        Json damaged = sim::toJson(r);
        damaged["commands"]["total"]["latency"]["p99"] = "x";
        damaged["readModels"][worstId]["consistencyWindow"]["p99"] = nullptr;
        const RunHeadline partial = headlineOf(sim::formatResult(damaged));
        QVERIFY(!partial.commandP99);
        QVERIFY(partial.worstWindowP99);
        QVERIFY(partial.worstReadModel != QString::fromStdString(worstId));
        QVERIFY(*partial.worstWindowP99 <= worst);
        QVERIFY(partial.staleRatio);
        damaged["queries"].begin().value()["stale"] = "many";
        QVERIFY(!headlineOf(sim::formatResult(damaged)).staleRatio);
        QVERIFY(headlineOf(sim::formatResult(damaged)).worstWindowP99);
        // No samples, no figure: a run in which no command completed has no
        // command p99, and a read model that applied nothing is not the worst
        // (its window's figures read 0).
        Json idle = sim::toJson(r);
        idle["commands"]["total"]["latency"]["count"] = 0;
        for (auto &[id, rm] : idle["readModels"].items()) {
            rm["consistencyWindow"]["count"] = 0;
            rm["consistencyWindow"]["p99"] = 0;
        }
        const RunHeadline quiet = headlineOf(sim::formatResult(idle));
        QVERIFY(!quiet.commandP99);
        QVERIFY(!quiet.worstWindowP99);
        QVERIFY(quiet.worstReadModel.isEmpty());
        // Damaged text: no headline, no crash.
        const RunHeadline none = headlineOf(R"({"format":"cqrs-studio/result","readModels":[]})");
        QVERIFY(!none.commandP99 && !none.worstWindowP99 && !none.staleRatio);
    }
};

QTEST_MAIN(TestSummaryResult)
#include "tst_summaryresult.moc"
