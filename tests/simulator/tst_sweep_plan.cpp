// The sweep plan shared by `cqrs-sim sweep` and the application's Sweep…
// (cqrs/sim/sweepplan.h): linear and log values, the replication seeds
// (common random numbers), the cells of a two-parameter sweep, the statistics
// across replications and the knee rule.
#include <QtTest>

#include <cqrs/sim/sweepplan.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <set>

using namespace cqrs;
using namespace cqrs::sim;

namespace {
SweepAxis axis(double from, double to, long long steps, bool log = false)
{
    SweepAxis a;
    a.path = "workload.commandRate";
    a.from = from;
    a.to = to;
    a.steps = steps;
    a.log = log;
    return a;
}
} // namespace

class TestSweepPlan : public QObject
{
    Q_OBJECT

private slots:
    void values_data();
    void values();
    void problems_data();
    void problems();
    void jsonValues();
    void valueTexts();
    void seeds();
    void plan();
    void stats();
    void knee_data();
    void knee();
};

void TestSweepPlan::values_data()
{
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<int>("steps");
    QTest::addColumn<bool>("log");
    QTest::addColumn<QList<double>>("expected");
    QTest::newRow("linear") << 0.0 << 1.0 << 5 << false << QList<double>{0, 0.25, 0.5, 0.75, 1};
    // Rounded to 15 digits: 0.2, not 0.20000000000000004.
    QTest::newRow("linear tenths") << 0.1 << 0.3 << 3 << false << QList<double>{0.1, 0.2, 0.3};
    QTest::newRow("descending") << 8.0 << 2.0 << 4 << false << QList<double>{8, 6, 4, 2};
    QTest::newRow("log decades") << 0.01 << 10.0 << 4 << true << QList<double>{0.01, 0.1, 1, 10};
    QTest::newRow("log factor 2") << 1.0 << 16.0 << 5 << true << QList<double>{1, 2, 4, 8, 16};
}

void TestSweepPlan::values()
{
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(int, steps);
    QFETCH(bool, log);
    QFETCH(QList<double>, expected);
    const std::vector<double> values = sweepValues(axis(from, to, steps, log));
    QCOMPARE(values.size(), std::size_t(expected.size()));
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(values[std::size_t(i)], expected[i]); // exact: the CLI prints these values
}

void TestSweepPlan::problems_data()
{
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<int>("steps");
    QTest::addColumn<bool>("log");
    QTest::addColumn<int>("problem");
    QTest::newRow("fine") << 1.0 << 2.0 << 2 << false << int(SweepAxisProblem::None);
    QTest::newRow("one step") << 1.0 << 2.0 << 1 << false << int(SweepAxisProblem::TooFewSteps);
    QTest::newRow("too many") << 1.0 << 2.0 << int(kMaxSweepSteps + 1) << false << int(SweepAxisProblem::TooManySteps);
    QTest::newRow("log from 0") << 0.0 << 2.0 << 3 << true << int(SweepAxisProblem::LogNeedsPositive);
    QTest::newRow("log negative to") << 1.0 << -2.0 << 3 << true << int(SweepAxisProblem::LogNeedsPositive);
    QTest::newRow("negative linear") << -1.0 << 2.0 << 3 << false << int(SweepAxisProblem::None);
    QTest::newRow("infinite") << 1.0 << std::numeric_limits<double>::infinity() << 3 << false
                              << int(SweepAxisProblem::NotFinite);
}

void TestSweepPlan::problems()
{
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(int, steps);
    QFETCH(bool, log);
    QFETCH(int, problem);
    QCOMPARE(int(checkSweepAxis(axis(from, to, steps, log))), problem);
}

void TestSweepPlan::jsonValues()
{
    // Whole numbers go to integer fields (consumers) as JSON integers.
    QVERIFY(sweepJsonValue(4).is_number_integer());
    QCOMPARE(sweepJsonValue(4).dump(), std::string("4"));
    QVERIFY(sweepJsonValue(0.5).is_number_float());
    QCOMPARE(sweepAssignment("readModels.x.consumers", 3), std::string("readModels.x.consumers=3"));
    QCOMPARE(sweepSetting("workload.commandRate", 2.5), std::string("workload.commandRate = 2.5"));
    QCOMPARE(sweepDescription(axis(0.01, 10, 20, true)), std::string("0.01:10:20:log"));
    QCOMPARE(sweepDescription(axis(1, 8, 8)), std::string("1:8:8"));
}

void TestSweepPlan::valueTexts()
{
    using Texts = std::vector<std::string>;
    // Names carried every digit: "delay.median = 0.251984209978975".
    QCOMPARE(sweepValueTexts(sweepValues(axis(0.025, 0.4, 7, true))),
             Texts({"0.025", "0.0397", "0.063", "0.1", "0.159", "0.252", "0.4"}));
    QCOMPARE(sweepValueTexts(sweepValues(axis(1, 8, 8))), Texts({"1", "2", "3", "4", "5", "6", "7", "8"}));
    // Close values keep the digits that tell them apart, and only those.
    QCOMPARE(sweepValueTexts({1.0, 1.0001, 1.0002}), Texts({"1", "1.0001", "1.0002"}));
    QCOMPARE(sweepValueTexts({0.1, 1.0 / 3, 2.0 / 3}), Texts({"0.1", "0.333", "0.667"}));
    QCOMPARE(sweepValueTexts({0.33333, 0.33334}), Texts({"0.33333", "0.33334"}));
    // The same value twice is the same text; big and small numbers in exponent form.
    QCOMPARE(sweepValueTexts({0.5, 0.5}), Texts({"0.5", "0.5"}));
    QCOMPARE(sweepValueTexts({1e-7, 2.5e20}), Texts({"1e-07", "2.5e+20"}));
    // A whole part keeps its digits: 2154, not 2.15e+03; 9999.6 is 9999.6.
    QCOMPARE(sweepValueTexts(sweepValues(axis(1000, 10000, 4, true))),
             Texts({"1000", "2154", "4642", "10000"}));
    QCOMPARE(sweepValueTexts({9999.6, 12.5}), Texts({"9999.6", "12.5"}));
    QCOMPARE(sweepValueTexts({-0.125, -2.5}), Texts({"-0.125", "-2.5"}));
    QCOMPARE(sweepValueTexts({}), Texts());
    // Every log-spaced value of a long fine sweep reads apart from the others.
    const std::vector<double> fine = sweepValues(axis(1, 1.001, 2000, true));
    const Texts texts = sweepValueTexts(fine);
    QCOMPARE(std::set<std::string>(texts.begin(), texts.end()).size(), fine.size());
    for (std::size_t i = 0; i < fine.size(); ++i)
        QVERIFY(std::abs(std::strtod(texts[i].c_str(), nullptr) - fine[i]) < 1e-6);
}

void TestSweepPlan::seeds()
{
    // Replication 0 is the model's own seed: what every point of `cqrs-sim sweep` runs with.
    QCOMPARE(replicationSeed(42, 0), std::int64_t(42));
    QCOMPARE(replicationSeed(42, 1), std::int64_t(43));
    QCOMPARE(replicationSeed(42, 4), std::int64_t(46));
    QCOMPARE(replicationSeed(std::numeric_limits<std::int64_t>::max(), 1),
             std::numeric_limits<std::int64_t>::min()); // wraps, never undefined
}

void TestSweepPlan::plan()
{
    const SweepPlan p = makeSweepPlan(axis(1, 3, 3), axis(10, 20, 2), 4, 7);
    QCOMPARE(p.cellCount(), std::size_t(6));
    QCOMPARE(p.runs.size(), std::size_t(24));
    QCOMPARE(p.values2, (std::vector<double>{10, 20}));
    for (std::size_t i = 0; i < p.runs.size(); ++i) {
        const SweepRun &r = p.runs[i];
        // Runs in cell order, replications innermost; the same seeds at every cell.
        QCOMPARE(r.cell, i / 4);
        QCOMPARE(r.cell, p.cellOf(r.index1, r.index2));
        QCOMPARE(r.replication, int(i % 4));
        QCOMPARE(r.seed, std::int64_t(7 + r.replication));
        QCOMPARE(r.value1, p.values1[r.index1]);
        QVERIFY(r.value2.has_value());
        QCOMPARE(*r.value2, p.values2[r.index2]);
    }
    const SweepPlan one = makeSweepPlan(axis(1, 2, 5), std::nullopt, 1, 99);
    QCOMPARE(one.cellCount(), std::size_t(5));
    QCOMPARE(one.runs.size(), std::size_t(5));
    QVERIFY(!one.runs.front().value2);
    for (const SweepRun &r : one.runs)
        QCOMPARE(r.seed, std::int64_t(99));
}

void TestSweepPlan::stats()
{
    const SweepStats s = sweepStats({2, 4, 4, 4, 5, 5, 7, 9});
    QCOMPARE(s.count, std::size_t(8));
    QCOMPARE(s.mean, 5.0);
    QCOMPARE(s.min, 2.0);
    QCOMPARE(s.max, 9.0);
    QVERIFY(qAbs(s.sd - 2.138089935299395) < 1e-12); // sample standard deviation
    QCOMPARE(sweepStats({3}).sd, 0.0);
    QCOMPARE(sweepStats({}).count, std::size_t(0));
}

void TestSweepPlan::knee_data()
{
    QTest::addColumn<QList<double>>("x");
    QTest::addColumn<QList<double>>("y");
    QTest::addColumn<bool>("logX");
    QTest::addColumn<int>("knee"); // -1: none
    // Rises steeply, then flattens: the bend is the second point.
    QTest::newRow("saturating") << QList<double>{1, 2, 3, 4, 5} << QList<double>{0, 8, 9, 9.5, 10} << false << 1;
    // Falls, then flattens (a latency against workers). Scaled, the points sit
    // at (0.2, 0.33) and (0.4, 0.11): 0.47 and 0.49 from the chord x + y = 1.
    QTest::newRow("falling") << QList<double>{1, 2, 3, 4, 5, 6} << QList<double>{10, 4, 2, 1.5, 1.2, 1} << false << 2;
    // 1/x sampled on a log axis is a straight line in log-log but not in log-linear:
    // the bend sits where the chord is farthest, at 10.
    QTest::newRow("log x") << QList<double>{1, 10, 100, 1000} << QList<double>{1, 0.1, 0.01, 0.001} << true << 1;
    QTest::newRow("straight line") << QList<double>{1, 2, 3, 4} << QList<double>{2, 4, 6, 8} << false << -1;
    QTest::newRow("flat") << QList<double>{1, 2, 3} << QList<double>{5, 5, 5} << false << -1;
    // Noise between runs: a stale ratio, a p99 that moves by 1%. Scaled to [0, 1] they would bend anywhere.
    QTest::newRow("nearly flat ratio") << QList<double>{1, 2, 3, 4, 5, 6}
                                       << QList<double>{0.001572, 0.001578, 0.001573, 0.00157, 0.001573, 0.001573}
                                       << false << -1;
    QTest::newRow("nearly flat p99") << QList<double>{1, 2, 3, 4, 5} << QList<double>{0.801, 0.801, 0.793, 0.793, 0.793}
                                     << false << -1;
    // A change of 9% is not noise.
    QTest::newRow("small but real") << QList<double>{1, 2, 3, 4, 5} << QList<double>{1.0, 1.08, 1.1, 1.1, 1.1} << false
                                    << 1;
    QTest::newRow("two points") << QList<double>{1, 2} << QList<double>{0, 1} << false << -1;
    // Up, down, up: a dip is no bend (the trip analytics p99 against its batch interval).
    QTest::newRow("not monotonic") << QList<double>{30, 63, 134, 284, 600}
                                   << QList<double>{604, 628, 700, 636, 1176} << true << -1;
    // A wobble of under a tenth of the range is noise: the bend stays.
    QTest::newRow("saturating with a wobble") << QList<double>{1, 2, 3, 4, 5}
                                              << QList<double>{0, 8, 9.5, 9.2, 10} << false << 1;
    QTest::newRow("hockey stick late") << QList<double>{0, 1, 2, 3, 4, 5} << QList<double>{0, 0.1, 0.2, 0.3, 0.4, 5}
                                       << false << 4;
}

void TestSweepPlan::knee()
{
    QFETCH(QList<double>, x);
    QFETCH(QList<double>, y);
    QFETCH(bool, logX);
    QFETCH(int, knee);
    const std::optional<std::size_t> found
        = sweepKnee(std::vector<double>(x.begin(), x.end()), std::vector<double>(y.begin(), y.end()), logX);
    QCOMPARE(found ? int(*found) : -1, knee);
}

QTEST_APPLESS_MAIN(TestSweepPlan)
#include "tst_sweep_plan.moc"
