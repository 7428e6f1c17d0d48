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

} // namespace

class TestSimRules : public QObject
{
    Q_OBJECT

private slots:
    void policyIssuesAgainForDuplicates();
    void idempotentPolicyIgnoresDuplicates();
};

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
