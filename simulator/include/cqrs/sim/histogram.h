#pragma once

#include "cqrs/model/distribution.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace cqrs::sim {

/// Streaming histogram of non-negative durations with log-linear buckets:
/// 64 linear sub-buckets per power of two, so a quantile is reported within
/// 1/128 < 1% of the true sample at that rank (values below 2^-30 s, about
/// 1 ns, within 1 ns). Count, mean and max are exact. Memory is fixed
/// (allocated at the first sample), whatever the number of samples.
/// Bucket counts are 32-bit (17.5 KB per histogram, so that the few a run
/// updates per event stay in the L1 cache); a bucket that passes 2^32 carries
/// into a 64-bit table allocated only then.
class LogHistogram
{
public:
    static constexpr int kSubBucketBits = 6;
    static constexpr int kMinExponent = -30; ///< 2^-30 s, about 1 ns
    static constexpr int kMaxExponent = 40;  ///< 2^40 s, beyond any run
    static constexpr int kBucketCount = (kMaxExponent - kMinExponent) << kSubBucketBits;

    void add(double value)
    {
        if (!(value > 0.0)) // also catches NaN; durations are never negative
            value = 0.0;
        addChecked(value, value == 0.0 ? -1 : bucketIndex(value));
    }

    /// Forgets every sample; keeps the bucket memory.
    void clear();
    void merge(const LogHistogram &other);

    std::uint64_t count() const { return m_count; }
    double mean() const { return m_count ? m_sum / static_cast<double>(m_count) : 0.0; }
    double max() const { return m_count ? m_max : 0.0; }
    double min() const { return m_count ? m_min : 0.0; }
    double sum() const { return m_sum; }
    /// Nearest-rank quantile (the sample of rank ceil(p x count)), within 1%.
    double quantile(double p) const;
    /// Calls f(bucketMiddle, count) for every non-empty bucket in increasing
    /// order, zeros first as (0, zeros) (for histograms and CDFs in the GUI).
    template<typename F>
    void forEachBucket(F &&f) const
    {
        if (m_zeros > 0)
            f(0.0, m_zeros);
        for (int i = m_lowIndex; i <= m_highIndex; ++i) {
            if (const std::uint64_t n = bucket(i); n > 0)
                f(bucketMiddle(i), n);
        }
    }

    static int bucketIndex(double value)
    {
        std::uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
        if (exponent < kMinExponent)
            return 0;
        if (exponent >= kMaxExponent)
            return kBucketCount - 1;
        const int sub = static_cast<int>((bits >> (52 - kSubBucketBits)) & ((1 << kSubBucketBits) - 1));
        return ((exponent - kMinExponent) << kSubBucketBits) | sub;
    }
    /// The middle of a bucket: every value in it is within 1/128 of it.
    static double bucketMiddle(int index);

    /// The count of one bucket.
    std::uint64_t bucket(int index) const
    {
        return m_buckets[index] + (m_carry.empty() ? 0 : m_carry[index]);
    }

private:
    /// value >= 0 (not NaN); index is its bucket, -1 for zero.
    void addChecked(double value, int index)
    {
        ++m_count;
        m_sum += value;
        if (value > m_max)
            m_max = value;
        if (value < m_min)
            m_min = value;
        if (index < 0) {
            ++m_zeros;
            return;
        }
        if (m_buckets.empty()) [[unlikely]]
            allocate();
        if (++m_buckets[index] == 0) [[unlikely]]
            carry(index, 1);
        if (index < m_lowIndex)
            m_lowIndex = index;
        if (index > m_highIndex)
            m_highIndex = index;
    }

    friend class IntervalHistogram;

    void allocate(); // out of line: keeps add() small enough to inline
    void carry(int index, std::uint64_t wraps); ///< adds wraps x 2^32 to a bucket

    std::vector<std::uint32_t> m_buckets;
    std::vector<std::uint64_t> m_carry; ///< counts beyond 32 bits; empty until a bucket wraps
    std::uint64_t m_count = 0;
    std::uint64_t m_zeros = 0;
    double m_sum = 0.0;
    double m_max = 0.0;
    double m_min = 1e300;
    int m_lowIndex = kBucketCount;
    int m_highIndex = -1;
};

/// The samples a run's LogHistogram took since the last mark(), with its
/// quantiles exactly as a LogHistogram holding only them would give, without
/// adding every sample a second time: the interval's buckets are the run's
/// minus a copy of them taken at the mark. Only minimum and maximum are kept
/// per sample (they bound the buckets to look at). Samples the run does not
/// count (warm-up) are added to a histogram of their own.
class IntervalHistogram
{
public:
    /// value was just added to run.
    void noteCounted(double value)
    {
        if (value > m_max)
            m_max = value;
        if (value > 0.0 && value < m_minPositive)
            m_minPositive = value;
    }
    /// value belongs to the interval, not to the run's histogram.
    void addUncounted(double value);
    /// Starts a new interval at run's present state; every sample run took
    /// since the last mark was noted.
    void mark(const LogHistogram &run);
    /// The same, when run took samples that were not noted (the interval
    /// starts to be followed): copies all of run's buckets.
    void restart(const LogHistogram &run);
    /// The nearest-rank quantile of the interval's samples: the value
    /// LogHistogram::quantile() gives for a histogram of just them.
    double quantile(const LogHistogram &run, double p) const;
    /// The largest sample noted since the mark; 0 when none was above 0.
    double max() const { return m_max; }

private:
    void startAt(const LogHistogram &run); ///< the counts, and no sample yet
    bool uncountedBuckets() const { return m_uncounted && !m_uncounted->m_buckets.empty(); }
    /// The interval's count of bucket i.
    std::uint64_t bucket(const LogHistogram &run, int i) const
    {
        std::uint64_t counted = 0;
        if (!run.m_carry.empty()) // past 2^32 in a bucket: 64-bit counts on both sides
            counted = run.bucket(i) - ((m_base.empty() ? 0 : std::uint64_t{m_base[i]})
                                       + (m_baseCarry.empty() ? 0 : m_baseCarry[i]));
        else if (!run.m_buckets.empty())
            counted = run.m_buckets[i] - (m_base.empty() ? 0 : m_base[i]);
        return counted + (uncountedBuckets() ? m_uncounted->bucket(i) : 0);
    }
    /// Copies run's buckets low..high (the carried counts too, once there are any).
    void copyBase(const LogHistogram &run, int low, int high);

    std::vector<std::uint32_t> m_base; ///< run's 32-bit bucket counts at the mark
    std::vector<std::uint64_t> m_baseCarry; ///< run's carried counts at the mark, once it has any
    std::uint64_t m_baseCount = 0;
    std::uint64_t m_baseZeros = 0;
    std::unique_ptr<LogHistogram> m_uncounted; ///< warm-up's: allocated at the first, freed at the mark
    double m_max = 0.0;
    double m_minPositive = 1e300;
};

} // namespace cqrs::sim
