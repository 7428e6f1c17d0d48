// Streaming statistics and random streams of the engine.
#include "cqrs/sim/histogram.h"
#include "cqrs/sim/random.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace cqrs;
using namespace cqrs::sim;

class TestSimHistogram : public QObject
{
    Q_OBJECT

private slots:
    void quantilesWithinOnePercent_data();
    void quantilesWithinOnePercent();
    void quantileIsTheBucketOfTheRank();
    void exactCountMeanMax();
    void intervalIsTheSamplesSinceTheMark();
    void emptyAndZeros();
    void clearAndMerge();
    void streamsAreReproducibleAndIndependent();
    void samplersMatchDistributions_data();
    void samplersMatchDistributions();
    void zipfFrequencies();
    void zipfLargeKeySpace();
};

void TestSimHistogram::quantilesWithinOnePercent_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("exponential 0.01") << 0;
    QTest::newRow("lognormal wide") << 1;
    QTest::newRow("uniform 1e-6..1e4") << 2;
}

void TestSimHistogram::quantilesWithinOnePercent()
{
    QFETCH(int, kind);
    Rng rng(7, hashId("histogram"), StreamPurpose::Delay);
    Sampler s(kind == 0 ? Distribution::exponential(0.01) : Distribution::lognormal(0.05, 5.0));
    LogHistogram h;
    std::vector<double> values;
    for (int i = 0; i < 200000; ++i) {
        const double v = kind == 2 ? std::pow(10.0, -6.0 + 10.0 * rng.uniform()) : s.sample(rng);
        values.push_back(v);
        h.add(v);
    }
    std::sort(values.begin(), values.end());
    double worst = 0;
    for (double p : {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999}) {
        const auto rank = static_cast<std::size_t>(std::ceil(p * values.size()));
        const double exact = values[rank - 1];
        const double got = h.quantile(p);
        worst = std::max(worst, std::abs(got / exact - 1));
        QVERIFY2(std::abs(got / exact - 1) <= 0.01, qPrintable(QStringLiteral("p%1: %2 vs %3").arg(p).arg(got).arg(exact)));
    }
    qInfo().noquote() << QStringLiteral("FIDELITY|histogram quantile relative error (%1)|<= 1%|%2%|1%")
                             .arg(QString::fromUtf8(QTest::currentDataTag()))
                             .arg(worst * 100, 0, 'f', 3);
}

void TestSimHistogram::quantileIsTheBucketOfTheRank()
{
    // Lower quantiles are searched from the bottom, upper ones from the top:
    // either way the answer is the bucket where the cumulative count first
    // reaches the rank, for every rank of small histograms with zeros, gaps
    // and repeated values, and of denser ones whose samples crowd a few
    // octaves (the walk passes whole blocks of buckets at once).
    Rng rng(11, hashId("ranks"), StreamPurpose::Delay);
    for (int round = 0; round < 260; ++round) {
        LogHistogram h;
        const bool dense = round >= 200;
        const int n = dense ? 50 + 7 * (round - 200) : 1 + round % 37;
        for (int i = 0; i < n; ++i) {
            const double u = rng.uniform();
            if (dense)
                h.add(u < 0.05 ? 0.0 : std::pow(2.0, -3.0 + 2.5 * rng.uniform() * rng.uniform()));
            else
                h.add(u < 0.15 ? 0.0 : u < 0.3 ? 0.5 : std::pow(10.0, -3.0 + 6.0 * rng.uniform()));
        }
        std::vector<std::pair<double, std::uint64_t>> buckets;
        h.forEachBucket([&](double middle, std::uint64_t count) { buckets.emplace_back(middle, count); });
        for (std::uint64_t rank = 1; rank <= h.count(); ++rank) {
            // p such that ceil(p * count) == rank.
            const double p = (static_cast<double>(rank) - 0.5) / static_cast<double>(h.count());
            double expected = h.max();
            if (rank < h.count()) {
                std::uint64_t seen = 0;
                for (const auto &[middle, count] : buckets) {
                    seen += count;
                    if (seen >= rank) {
                        expected = middle == 0.0 ? 0.0 : std::clamp(middle, h.min(), h.max());
                        break;
                    }
                }
            }
            QVERIFY2(h.quantile(p) == expected,
                     qPrintable(QStringLiteral("round %1, rank %2 of %3: %4 vs %5")
                                    .arg(round)
                                    .arg(rank)
                                    .arg(h.count())
                                    .arg(h.quantile(p))
                                    .arg(expected)));
        }
    }
}

void TestSimHistogram::exactCountMeanMax()
{
    LogHistogram h;
    double sum = 0;
    for (int i = 1; i <= 1000; ++i) {
        h.add(i * 0.001);
        sum += i * 0.001;
    }
    QCOMPARE(h.count(), std::uint64_t(1000));
    QCOMPARE(h.mean(), sum / 1000);
    QCOMPARE(h.max(), 1.0);
    QCOMPARE(h.quantile(1.0), 1.0);
    QVERIFY(std::abs(h.quantile(0.5) / 0.5 - 1) <= 0.01);
}

void TestSimHistogram::emptyAndZeros()
{
    LogHistogram h;
    QCOMPARE(h.quantile(0.5), 0.0);
    QCOMPARE(h.mean(), 0.0);
    QCOMPARE(h.max(), 0.0);
    h.add(0.0);
    h.add(0.0);
    h.add(-1.0); // never negative: clamped to 0
    h.add(2.0);
    QCOMPARE(h.quantile(0.5), 0.0);
    QCOMPARE(h.quantile(0.99), 2.0);
    QCOMPARE(h.count(), std::uint64_t(4));
}

void TestSimHistogram::clearAndMerge()
{
    LogHistogram a, b;
    for (int i = 0; i < 100; ++i)
        a.add(1.0);
    for (int i = 0; i < 100; ++i)
        b.add(3.0);
    LogHistogram m;
    m.merge(a);
    m.merge(b);
    QCOMPARE(m.count(), std::uint64_t(200));
    QCOMPARE(m.mean(), 2.0);
    QVERIFY(std::abs(m.quantile(0.25) - 1.0) <= 0.01);
    QVERIFY(std::abs(m.quantile(0.75) / 3.0 - 1) <= 0.01);
    a.clear();
    QCOMPARE(a.count(), std::uint64_t(0));
    a.add(5.0);
    QCOMPARE(a.quantile(0.5), 5.0);
}

void TestSimHistogram::streamsAreReproducibleAndIndependent()
{
    Rng a(42, hashId("view"), StreamPurpose::Delay);
    Rng b(42, hashId("view"), StreamPurpose::Delay);
    Rng c(42, hashId("view"), StreamPurpose::ApplyTime);
    Rng d(43, hashId("view"), StreamPurpose::Delay);
    int sameC = 0, sameD = 0;
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t x = a.next();
        QCOMPARE(x, b.next());
        sameC += x == c.next();
        sameD += x == d.next();
    }
    QCOMPARE(sameC, 0);
    QCOMPARE(sameD, 0);
    // The generator is fixed (xoshiro256**): its output is part of the
    // reproducibility promise, across compilers and standard libraries.
    Rng fixed(1, 2, StreamPurpose::CommandArrivals);
    const std::uint64_t first = fixed.next();
    Rng again(1, 2, StreamPurpose::CommandArrivals);
    QCOMPARE(again.next(), first);
    QCOMPARE(hashId("abc"), std::uint64_t(0xe71fa2190541574bULL));
}

void TestSimHistogram::samplersMatchDistributions_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("exponential") << 0;
    QTest::newRow("uniform") << 1;
    QTest::newRow("normal") << 2;
    QTest::newRow("normal truncated") << 3;
    QTest::newRow("lognormal") << 4;
}

void TestSimHistogram::samplersMatchDistributions()
{
    QFETCH(int, kind);
    const Distribution d = kind == 0   ? Distribution::exponential(0.2)
                           : kind == 1 ? Distribution::uniform(0.1, 0.5)
                           : kind == 2 ? Distribution::normal(1.0, 0.2)
                           : kind == 3 ? Distribution::normal(0.1, 0.2)
                                       : Distribution::lognormal(0.05, 0.5);
    Sampler s(d);
    Rng rng(3, hashId("sampler"), StreamPurpose::ApplyTime);
    const int n = 400000;
    double sum = 0;
    LogHistogram h;
    for (int i = 0; i < n; ++i) {
        const double x = s.sample(rng);
        QVERIFY(x >= 0);
        sum += x;
        h.add(x);
    }
    const double mean = sum / n;
    const double se = std::sqrt(d.variance() / n);
    QVERIFY2(std::abs(mean - d.mean()) < 5 * se, qPrintable(QStringLiteral("%1 vs %2").arg(mean).arg(d.mean())));
    QVERIFY(std::abs(h.quantile(0.9) / d.quantile(0.9) - 1) < 0.02);
}

void TestSimHistogram::zipfFrequencies()
{
    const std::uint64_t n = 50;
    const double s = 1.1;
    ZipfSampler z(n, s);
    Rng rng(5, hashId("zipf"), StreamPurpose::CommandKeys);
    std::vector<double> counts(n, 0);
    const int samples = 500000;
    for (int i = 0; i < samples; ++i) {
        const std::uint64_t k = z.sample(rng);
        QVERIFY(k < n);
        counts[k] += 1;
    }
    double norm = 0;
    for (std::uint64_t k = 0; k < n; ++k)
        norm += std::pow(double(k + 1), -s);
    for (std::uint64_t k : {0, 1, 4, 20, 49}) {
        const double p = std::pow(double(k + 1), -s) / norm;
        const double sd = std::sqrt(samples * p * (1 - p));
        QVERIFY2(std::abs(counts[k] - samples * p) < 5 * sd,
                 qPrintable(QStringLiteral("key %1: %2 vs %3").arg(k).arg(counts[k]).arg(samples * p)));
    }
}

void TestSimHistogram::zipfLargeKeySpace()
{
    // 10M keys with O(1) memory: the hottest key has P = 1/H(n, s).
    const std::uint64_t n = 10'000'000;
    ZipfSampler z(n, 1.2);
    Rng rng(9, hashId("zipf"), StreamPurpose::CommandKeys);
    int hottest = 0;
    const int samples = 200000;
    std::uint64_t largest = 0;
    for (int i = 0; i < samples; ++i) {
        const std::uint64_t k = z.sample(rng);
        QVERIFY(k < n);
        hottest += k == 0;
        largest = std::max(largest, k);
    }
    // H(1e7, 1.2) = zeta(1.2) - tail ~ 5.5916 - 5 x 1e7^-0.2 (integral estimate).
    const double h = 5.591582 - std::pow(1e7, -0.2) / 0.2;
    const double p = 1 / h;
    QVERIFY2(std::abs(hottest / double(samples) / p - 1) < 0.03, qPrintable(QString::number(hottest)));
    QVERIFY(largest > 1000000);
}

namespace {

/// Whether interval's quantiles over run are alone's, bit for bit (fails the
/// test with what differs when not).
bool sameQuantiles(const IntervalHistogram &interval, const LogHistogram &run, const LogHistogram &alone,
                   const QString &where)
{
    for (const double p : {0.0, 0.01, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1.0}) {
        const double got = interval.quantile(run, p);
        const double expected = alone.quantile(p);
        if (got != expected) {
            QTest::qFail(qPrintable(QStringLiteral("%1, p%2: %3 instead of %4")
                                        .arg(where)
                                        .arg(p)
                                        .arg(got, 0, 'g', 17)
                                        .arg(expected, 0, 'g', 17)),
                         __FILE__, __LINE__);
            return false;
        }
    }
    return true;
}

} // namespace

void TestSimHistogram::intervalIsTheSamplesSinceTheMark()
{
    // The engine keeps one histogram of the run's windows and reads each
    // sample interval's percentiles from it, minus a copy taken at the
    // interval's start, with the warm-up's windows (which the run does not
    // count) on the side. Every quantile must be what a histogram of just the
    // interval's windows gives, bit for bit: empty intervals, zeros, NaN,
    // windows beyond either end of the buckets, warm-up before and across a
    // mark, and intervals of a single window among them.
    Rng rng(11, hashId("interval"), StreamPurpose::Delay);
    Sampler wide(Distribution::lognormal(0.5, 4.0));
    LogHistogram run;
    IntervalHistogram interval;
    for (int n = 0; n < 300; ++n) {
        LogHistogram alone;
        const int size = n % 7 == 3 ? 0 : n % 11 == 5 ? 1 : static_cast<int>(rng.uniform() * 800);
        for (int i = 0; i < size; ++i) {
            const double u = rng.uniform();
            double v = wide.sample(rng);
            if (u < 0.05)
                v = 0.0;
            else if (u < 0.06)
                v = std::nan("");
            else if (u < 0.07)
                v = -1.0;
            else if (u < 0.08)
                v = 1e-12;
            else if (u < 0.09)
                v = 1e15;
            // Warm-up: the first intervals, then half of one.
            const bool counted = n >= 20 || (n == 19 && u < 0.5);
            if (counted) {
                run.add(v);
                interval.noteCounted(v);
            } else {
                interval.addUncounted(v);
            }
            alone.add(v);
        }
        if (!sameQuantiles(interval, run, alone, QStringLiteral("interval %1 (%2 windows)").arg(n).arg(size)))
            return;
        interval.mark(run);
    }
    QVERIFY(run.count() > 50000);

    // Dense intervals, every rank: the windows crowd a few octaves, so the
    // walk passes whole blocks of buckets (the run's counts minus the copy's)
    // and stops inside one, from the bottom and from the top.
    for (int n = 0; n < 40; ++n) {
        LogHistogram alone;
        const int size = 30 + 11 * n;
        for (int i = 0; i < size; ++i) {
            const double v = std::pow(2.0, -3.0 + 2.5 * rng.uniform() * rng.uniform());
            run.add(v);
            interval.noteCounted(v);
            alone.add(v);
        }
        for (int rank = 1; rank <= size; ++rank) {
            const double p = (rank - 0.5) / size;
            const double got = interval.quantile(run, p);
            const double expected = alone.quantile(p);
            if (got != expected)
                QFAIL(qPrintable(QStringLiteral("dense interval %1, rank %2 of %3: %4 instead of %5")
                                     .arg(n)
                                     .arg(rank)
                                     .arg(size)
                                     .arg(got, 0, 'g', 17)
                                     .arg(expected, 0, 'g', 17)));
        }
        interval.mark(run);
    }

    // Followed from the middle of a run (a sink attached late): the run's
    // samples until then were never noted.
    LogHistogram late;
    for (int i = 0; i < 5000; ++i)
        late.add(wide.sample(rng));
    IntervalHistogram fromHere;
    fromHere.restart(late);
    LogHistogram alone;
    for (int i = 0; i < 700; ++i) {
        const double v = wide.sample(rng);
        late.add(v);
        fromHere.noteCounted(v);
        alone.add(v);
    }
    sameQuantiles(fromHere, late, alone, QStringLiteral("after restart()"));

    // More than 2^32 windows of one bucket in one interval: the run's 32-bit
    // count wraps and carries. 2^32 windows of 0.25 s, by doubling.
    LogHistogram many;
    many.add(0.25);
    for (int k = 0; k < 32; ++k) {
        const LogHistogram copy = many;
        many.merge(copy);
    }
    QCOMPARE(many.count(), std::uint64_t{1} << 32);
    fromHere.mark(late);
    for (int round = 0; round < 2; ++round) {
        LogHistogram intervalAlone;
        if (round == 0) { // the wrap itself, then an interval after it
            late.merge(many);
            fromHere.noteCounted(0.25);
            intervalAlone.merge(many);
        }
        for (const double v : {0.25, 0.001, 3.0, 0.0}) {
            late.add(v);
            fromHere.noteCounted(v);
            intervalAlone.add(v);
        }
        if (!sameQuantiles(fromHere, late, intervalAlone, QStringLiteral("past 2^32, interval %1").arg(round)))
            return;
        fromHere.mark(late);
    }
}

QTEST_GUILESS_MAIN(TestSimHistogram)
#include "tst_sim_histogram.moc"
