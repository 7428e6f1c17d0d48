#include "cqrs/sim/histogram.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>

namespace cqrs::sim {

void LogHistogram::allocate()
{
    m_buckets.assign(kBucketCount, 0);
}

void LogHistogram::carry(int index, std::uint64_t wraps)
{
    if (m_carry.empty())
        m_carry.assign(kBucketCount, 0);
    m_carry[index] += wraps << 32;
}

void LogHistogram::clear()
{
    if (m_highIndex >= m_lowIndex)
        std::fill(m_buckets.begin() + m_lowIndex, m_buckets.begin() + m_highIndex + 1, 0);
    m_carry.clear();
    m_count = 0;
    m_zeros = 0;
    m_sum = 0.0;
    m_max = 0.0;
    m_min = 1e300;
    m_lowIndex = kBucketCount;
    m_highIndex = -1;
}

void LogHistogram::merge(const LogHistogram &other)
{
    if (other.m_count == 0)
        return;
    m_count += other.m_count;
    m_zeros += other.m_zeros;
    m_sum += other.m_sum;
    m_max = std::max(m_max, other.m_max);
    m_min = std::min(m_min, other.m_min);
    if (other.m_highIndex >= other.m_lowIndex) {
        if (m_buckets.empty())
            m_buckets.assign(kBucketCount, 0);
        for (int i = other.m_lowIndex; i <= other.m_highIndex; ++i) {
            const std::uint64_t sum = std::uint64_t{m_buckets[i]} + other.bucket(i);
            m_buckets[i] = static_cast<std::uint32_t>(sum);
            if (const std::uint64_t wraps = sum >> 32; wraps > 0)
                carry(i, wraps);
        }
        m_lowIndex = std::min(m_lowIndex, other.m_lowIndex);
        m_highIndex = std::max(m_highIndex, other.m_highIndex);
    }
}

double LogHistogram::bucketMiddle(int index)
{
    const int exponent = (index >> kSubBucketBits) + kMinExponent;
    const int sub = index & ((1 << kSubBucketBits) - 1);
    const double width = std::ldexp(1.0, exponent - kSubBucketBits);
    return std::ldexp(1.0, exponent) + (sub + 0.5) * width;
}

namespace {

/// Buckets summed at once by a Block functor of quantileOf().
constexpr int kBlock = 16;

/// Sums the counts of buckets i..i + kBlock - 1, as now[i] - base[i] (base
/// may be null). Only for tables without carried counts and fewer than 2^32
/// samples, so that no 32-bit sum wraps; the compiler vectorizes the loop.
struct BlockSum
{
    const std::uint32_t *now;
    const std::uint32_t *base;

    static bool fits(std::uint64_t count) { return count < (std::uint64_t{1} << 32); }

    std::uint64_t operator()(int i) const
    {
        std::uint32_t sum = 0;
        if (base) {
            for (int k = 0; k < kBlock; ++k)
                sum += now[i + k] - base[i + k];
        } else {
            for (int k = 0; k < kBlock; ++k)
                sum += now[i + k];
        }
        return sum;
    }
};

/// The nearest-rank quantile of count samples, zeros of them zero, the others
/// in buckets low..high (bucket(i) gives a count; empty buckets at either end
/// change nothing), min and max exact (the sample of rank ceil(p x count)).
/// block(i), unless it is null, sums buckets i..i + kBlock - 1: the walk
/// then passes whole blocks the rank lies beyond at once (the series take two
/// quantiles of every read model at every sample interval), and stops at the
/// same bucket.
template<typename Bucket, typename Block = std::nullptr_t>
double quantileOf(double p, std::uint64_t count, std::uint64_t zeros, double min, double max,
                  int low, int high, Bucket &&bucket, Block &&block = nullptr)
{
    constexpr bool blocks = !std::is_same_v<std::decay_t<Block>, std::nullptr_t>;
    if (count == 0)
        return 0.0;
    p = std::clamp(p, 0.0, 1.0);
    auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count)));
    rank = std::clamp<std::uint64_t>(rank, 1, count);
    if (rank == count)
        return max;
    if (rank <= zeros)
        return 0.0;
    if (rank <= count / 2) {
        std::uint64_t seen = zeros;
        int i = low;
        if constexpr (blocks) {
            for (; i + kBlock - 1 <= high; i += kBlock) {
                const std::uint64_t n = block(i);
                if (seen + n >= rank)
                    break;
                seen += n;
            }
        }
        for (; i <= high; ++i) {
            seen += bucket(i);
            if (seen >= rank)
                return std::clamp(LogHistogram::bucketMiddle(i), min, max);
        }
        return max;
    }
    // Upper quantiles (p99 of every interval, for the series) from the top:
    // the same bucket, the lowest one whose cumulative count reaches the
    // rank, found by stepping down while the samples above stay within
    // count - rank (they exceed it at the lowest non-empty bucket at the
    // latest, so empty buckets below it are never reached).
    const std::uint64_t allowedAbove = count - rank;
    std::uint64_t above = 0;
    int i = high;
    if constexpr (blocks) {
        // Blocks whose every bucket lies above low, as the steps below.
        for (; i - kBlock + 1 > low; i -= kBlock) {
            const std::uint64_t n = block(i - kBlock + 1);
            if (above + n > allowedAbove)
                break;
            above += n;
        }
    }
    while (i > low) {
        const std::uint64_t n = bucket(i);
        if (above + n > allowedAbove)
            break;
        above += n;
        --i;
    }
    return std::clamp(LogHistogram::bucketMiddle(i), min, max);
}

} // namespace

double LogHistogram::quantile(double p) const
{
    const auto bucketAt = [this](int i) {
        return bucket(i);
    };
    if (!m_buckets.empty() && m_carry.empty() && BlockSum::fits(m_count))
        return quantileOf(p, m_count, m_zeros, m_min, m_max, m_lowIndex, m_highIndex, bucketAt,
                          BlockSum{m_buckets.data(), nullptr});
    return quantileOf(p, m_count, m_zeros, m_min, m_max, m_lowIndex, m_highIndex, bucketAt);
}

void IntervalHistogram::addUncounted(double value)
{
    if (!m_uncounted)
        m_uncounted = std::make_unique<LogHistogram>();
    m_uncounted->add(value);
    noteCounted(value);
}

void IntervalHistogram::mark(const LogHistogram &run)
{
    // Only the buckets of this interval's counted samples changed since the
    // last mark; the others still equal their copy.
    if (m_max > 0.0 && !run.m_buckets.empty())
        copyBase(run, LogHistogram::bucketIndex(m_minPositive), LogHistogram::bucketIndex(m_max));
    startAt(run);
}

void IntervalHistogram::restart(const LogHistogram &run)
{
    if (run.m_highIndex >= run.m_lowIndex)
        copyBase(run, run.m_lowIndex, run.m_highIndex);
    startAt(run);
}

void IntervalHistogram::copyBase(const LogHistogram &run, int low, int high)
{
    if (m_base.empty())
        m_base.assign(LogHistogram::kBucketCount, 0);
    std::copy(run.m_buckets.begin() + low, run.m_buckets.begin() + high + 1, m_base.begin() + low);
    if (!run.m_carry.empty()) {
        // Buckets that never wrapped carry nothing: zeros are their copy.
        if (m_baseCarry.empty())
            m_baseCarry.assign(LogHistogram::kBucketCount, 0);
        std::copy(run.m_carry.begin() + low, run.m_carry.begin() + high + 1,
                  m_baseCarry.begin() + low);
    }
}

void IntervalHistogram::startAt(const LogHistogram &run)
{
    m_baseCount = run.m_count;
    m_baseZeros = run.m_zeros;
    m_uncounted.reset(); // warm-up only: the fast path of quantile() once it is over
    m_max = 0.0;
    m_minPositive = 1e300;
}

double IntervalHistogram::quantile(const LogHistogram &run, double p) const
{
    const std::uint64_t zeros
        = run.m_zeros - m_baseZeros + (m_uncounted ? m_uncounted->m_zeros : 0);
    const std::uint64_t count
        = run.m_count - m_baseCount + (m_uncounted ? m_uncounted->m_count : 0);
    const double min = zeros > 0 ? 0.0 : m_minPositive;
    const bool positive = m_max > 0.0;
    if (count > zeros && !positive)
        return 0.0; // samples nothing noted (not followed): no interval to tell
    const int low = positive ? LogHistogram::bucketIndex(m_minPositive) : 0;
    const int high = positive ? LogHistogram::bucketIndex(m_max) : -1;
    // The usual case, the series' every sample: no warm-up in the interval
    // and every table there; two loads per bucket, sixteen buckets at a time.
    if (!uncountedBuckets() && !run.m_buckets.empty() && run.m_carry.empty() && !m_base.empty()
        && BlockSum::fits(count)) {
        const std::uint32_t *now = run.m_buckets.data();
        const std::uint32_t *base = m_base.data();
        return quantileOf(
            p, count, zeros, min, m_max, low, high,
            [now, base](int i) { return static_cast<std::uint32_t>(now[i] - base[i]); },
            BlockSum{now, base});
    }
    return quantileOf(p, count, zeros, min, m_max, low, high,
                      [&](int i) { return bucket(run, i); });
}

} // namespace cqrs::sim
