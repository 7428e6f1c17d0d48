// The engine's compact counters (issue 9, "Faster engine"): histogram buckets
// are 32-bit and carry into 64 bits when one passes 2^32, through add() and
// through merge(); a bucket's count, the quantiles and forEachBucket() see
// the whole count. (2^32 samples one by one would take too long: merging a
// histogram into itself doubles its counts.)
#include "cqrs/sim/histogram.h"

#include <QtTest>

#include <cstdint>

using namespace cqrs::sim;

class TestSimCounts : public QObject
{
    Q_OBJECT

private slots:
    void mergeCarriesPast32Bits();
    void addCarriesPast32Bits();
    void clearForgetsTheCarry();
};

namespace {

std::uint64_t bucketTotal(const LogHistogram &h)
{
    std::uint64_t total = 0;
    h.forEachBucket([&](double, std::uint64_t n) { total += n; });
    return total;
}

} // namespace

void TestSimCounts::mergeCarriesPast32Bits()
{
    LogHistogram h;
    h.add(1.0);
    h.add(3.0);
    for (int i = 0; i < 33; ++i)
        h.merge(h); // doubles every count: 2^33 samples of each value
    const std::uint64_t each = std::uint64_t{1} << 33;
    QCOMPARE(h.count(), 2 * each);
    QCOMPARE(h.bucket(LogHistogram::bucketIndex(1.0)), each);
    QCOMPARE(h.bucket(LogHistogram::bucketIndex(3.0)), each);
    QCOMPARE(bucketTotal(h), 2 * each);
    // Half the samples are 1.0: the median is 1.0, the 0.51 quantile 3.0 (within 1%).
    QVERIFY(qAbs(h.quantile(0.5) - 1.0) <= 0.01);
    QVERIFY(qAbs(h.quantile(0.51) - 3.0) <= 0.03);
    // Into a histogram without a carry of its own.
    LogHistogram other;
    other.add(1.0);
    other.merge(h);
    QCOMPARE(other.bucket(LogHistogram::bucketIndex(1.0)), each + 1);
}

void TestSimCounts::addCarriesPast32Bits()
{
    // 1 + 2 + 4 + ... + 2^31 = 2^32 - 1 samples of 0.5 in one bucket, no carry yet.
    LogHistogram acc, step;
    step.add(0.5);
    for (int i = 0; i < 32; ++i) {
        acc.merge(step);
        step.merge(step);
    }
    const int index = LogHistogram::bucketIndex(0.5);
    QCOMPARE(acc.bucket(index), (std::uint64_t{1} << 32) - 1);
    acc.add(0.5); // the 32-bit count wraps to 0 and carries
    QCOMPARE(acc.bucket(index), std::uint64_t{1} << 32);
    acc.add(0.5);
    QCOMPARE(acc.bucket(index), (std::uint64_t{1} << 32) + 1);
    QCOMPARE(bucketTotal(acc), acc.count());
    QCOMPARE(acc.quantile(0.5), 0.5);
}

void TestSimCounts::clearForgetsTheCarry()
{
    LogHistogram h;
    h.add(2.0);
    for (int i = 0; i < 32; ++i)
        h.merge(h);
    QCOMPARE(h.bucket(LogHistogram::bucketIndex(2.0)), std::uint64_t{1} << 32);
    h.clear();
    QCOMPARE(h.count(), std::uint64_t{0});
    h.add(2.0);
    QCOMPARE(h.bucket(LogHistogram::bucketIndex(2.0)), std::uint64_t{1});
    QCOMPARE(bucketTotal(h), std::uint64_t{1});
}

QTEST_APPLESS_MAIN(TestSimCounts)
#include "tst_sim_counts.moc"
