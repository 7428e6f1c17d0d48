// The engine rules of issue 9 (DESIGN section 3, rule 4): the replay of a
// rebuild runs in commit order, and a policy acts on duplicate deliveries
// unless it is idempotent.
#include "simtestutil.h"

#include <QtTest>

#include <cmath>

using namespace cqrs;
using namespace cqrs::simtest;

namespace {

// Binomial count k of n with probability p: |k - np| within 4 sd.
bool withinBinomial(double k, double n, double p)
{
    const double sd = std::sqrt(n * p * (1 - p));
    return std::abs(k - n * p) <= 4 * sd + 1;
}

// The tandem model with a second command "notify" that only a policy on "ev" issues.
Model policyModel(double duplicateRate, bool idempotent, double probability)
{
    Model m = tandem(100, Distribution::constant(0), 1000, 200);
    m.eventBus.duplicateRate = duplicateRate;
    Command notify;
    notify.id = "notify";
    notify.name = "Notify";
    notify.aggregate = "agg";
    notify.share = 0;
    notify.emits = {"notified"};
    m.commands.push_back(notify);
    Event notified;
    notified.id = "notified";
    notified.aggregate = "agg";
    m.events.push_back(notified);
    Policy p;
    p.id = "on-ev";
    p.subscribes = {"ev"};
    p.issues = "notify";
    p.probability = probability;
    p.idempotent = idempotent;
    p.applyTime = Distribution::exponential(0.001);
    m.policies.push_back(p);
    return m;
}

struct Recorder : sim::SimulationSink
{
    std::vector<sim::Snapshot> samples;
    void sample(const sim::Snapshot &s) override { samples.push_back(s); }
};

} // namespace

class TestSimRules : public QObject
{
    Q_OBJECT

private slots:
    void replayLagAndBacklogFallSteadily_data();
    void replayLagAndBacklogFallSteadily();
    void replayStalenessFalls();
    void policyIssuesAgainForDuplicates();
    void idempotentPolicyIgnoresDuplicates();
};

void TestSimRules::replayLagAndBacklogFallSteadily_data()
{
    QTest::addColumn<int>("consumers");
    QTest::newRow("one consumer") << 1;
    QTest::newRow("three consumers, six partitions") << 3;
}

// Rule 4: the replay runs in commit order, so during a rebuild the backlog and
// the lag fall with every replayed event. Before issue 9 the lag stayed at the
// age of the first event ever committed (it grew) until the replay ended, and
// the backlog fell in 64 steps per consumer.
void TestSimRules::replayLagAndBacklogFallSteadily()
{
    QFETCH(int, consumers);
    const double lambda = 50, a = 0.002 * consumers, at = 100;
    Model m = tandem(lambda, Distribution::constant(0), 1000, 150);
    m.eventBus.partitions = consumers == 1 ? 1 : 6;
    m.workload.sampleInterval = 0.25;
    ReadModel &rm = addReadModel(m, "view", Distribution::constant(0), Distribution::constant(a), consumers);
    rm.rebuilds.push_back({at});
    sim::Simulation s(m);
    Recorder recorder;
    s.setSink(&recorder);
    s.runToEnd();
    const Json r = s.result();
    const double n = r["readModels"]["view"]["rebuilds"][0]["replayed"].get<double>();
    QVERIFY(n > 4500);
    // Replay alone: n a / consumers seconds, about 10 s.
    const double replayTime = n * a / consumers;
    std::vector<const sim::ConsumerGroupSnapshot *> during;
    std::vector<double> times;
    for (const sim::Snapshot &snap : recorder.samples) {
        if (snap.time > at && snap.time < at + replayTime - 0.5) {
            during.push_back(&snap.readModels[0]);
            times.push_back(snap.time);
        }
    }
    QVERIFY(during.size() > 30);
    for (std::size_t i = 0; i < during.size(); ++i) {
        const double progress = (times[i] - at) / replayTime; // share of the replay done
        // Commits are spread evenly over [0, 100): the oldest event not replayed
        // was committed at about progress x 100 s (a few seconds of Poisson noise).
        const double expectedLag = times[i] - progress * at;
        QVERIFY2(std::abs(during[i]->lag - expectedLag) < 5.0,
                 qPrintable(QStringLiteral("t %1: lag %2, expected about %3").arg(times[i]).arg(during[i]->lag).arg(expectedLag)));
        // The backlog is what is left of the replay plus what came meanwhile.
        const double expectedBacklog = n * (1 - progress) + lambda * (times[i] - at);
        QVERIFY2(std::abs(static_cast<double>(during[i]->backlog) - expectedBacklog) < 0.05 * n,
                 qPrintable(QStringLiteral("t %1: backlog %2, expected about %3").arg(times[i]).arg(during[i]->backlog).arg(expectedBacklog)));
        if (i > 0) {
            // Every quarter second: about 125 events replayed, 12 new.
            QVERIFY(during[i]->backlog < during[i - 1]->backlog);
            QVERIFY2(during[i]->lag < during[i - 1]->lag,
                     qPrintable(QStringLiteral("t %1: lag %2 after %3").arg(times[i]).arg(during[i]->lag).arg(during[i - 1]->lag)));
        }
    }
    // Near the end of the replay the lag is that of the last events before t.
    QVERIFY(during.back()->lag < 0.2 * at);
    QCOMPARE(r["readModels"]["view"]["rebuilds"][0]["completed"].get<bool>(), true);
}

// A plain query during the replay is stale on a key committed before the
// rebuild, and its staleness is the age of the oldest event of that key not
// yet replayed: it falls as the replay advances.
void TestSimRules::replayStalenessFalls()
{
    const double at = 100;
    auto staleness = [&](double duration) {
        Model m = tandem(50, Distribution::constant(0), 20, duration);
        m.workload.queryRate = 200;
        ReadModel &rm = addReadModel(m, "view", Distribution::constant(0), Distribution::constant(0.004));
        rm.rebuilds.push_back({at});
        addQuery(m, "get", "view");
        m.workload.warmup = at;
        return sim::simulate(m)["queries"]["get"];
    };
    // The replay of ~5000 events takes ~20 s (new events wait behind it).
    const Json early = staleness(at + 2);
    const Json late = staleness(at + 18);
    QVERIFY(early["staleRatio"].get<double>() > 0.9);
    QVERIFY(late["staleRatio"].get<double>() > 0.9);
    const double earlyMean = early["staleness"]["mean"].get<double>();
    const double lateMean = late["staleness"]["mean"].get<double>();
    qInfo() << "staleness during the replay: first 2 s" << earlyMean << "first 18 s" << lateMean;
    // Early the oldest unreplayed event of a key is ~100 s old; over the first
    // 18 s it falls towards ~10 s (mean over the interval about 55 s).
    QVERIFY(earlyMean > 90);
    QVERIFY(lateMean < 0.75 * earlyMean);
}

// Before issue 9 a duplicate delivery never issued a command: duplicateIssues
// did not exist and issued was probability x applied whatever the duplicates.
void TestSimRules::policyIssuesAgainForDuplicates()
{
    const double r = 0.3, p = 0.6;
    const Json result = sim::simulate(policyModel(r, false, p));
    const Json &policy = result["policies"]["on-ev"];
    const double applied = policy["applied"].get<double>();
    const double issued = policy["issued"].get<double>();
    const double again = policy["duplicateIssues"].get<double>();
    QVERIFY(applied > 15000);
    // Each delivery, original or copy, issues with the same probability.
    const double copies = r * applied;
    report("policy duplicateIssues = probability x duplicates", p * copies, again, "4 sd");
    QVERIFY2(withinBinomial(again, copies, p), qPrintable(QStringLiteral("%1 of ~%2").arg(again).arg(copies)));
    QVERIFY(withinBinomial(issued - again, applied, p));
    // duplicateIssues are part of issued, and every issue is a command.
    QVERIFY(again < issued);
    QCOMPARE(num(result, {"commands", "byType", "notify", "issued"}), issued);
}

void TestSimRules::idempotentPolicyIgnoresDuplicates()
{
    const Json result = sim::simulate(policyModel(0.3, true, 0.6));
    const Json &policy = result["policies"]["on-ev"];
    QCOMPARE(policy["duplicateIssues"].get<double>(), 0.0);
    QVERIFY(withinBinomial(policy["issued"].get<double>(), policy["applied"].get<double>(), 0.6));
    // Without duplicates the field is there and zero.
    const Json clean = sim::simulate(policyModel(0.0, false, 0.6));
    QCOMPARE(clean["policies"]["on-ev"]["duplicateIssues"].get<double>(), 0.0);
}

QTEST_GUILESS_MAIN(TestSimRules)
#include "tst_sim_rules.moc"
