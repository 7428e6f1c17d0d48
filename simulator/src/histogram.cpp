#include "cqrs/sim/histogram.h"

#include <algorithm>
#include <cmath>

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

double LogHistogram::quantile(double p) const
{
    if (m_count == 0)
        return 0.0;
    p = std::clamp(p, 0.0, 1.0);
    auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(m_count)));
    rank = std::clamp<std::uint64_t>(rank, 1, m_count);
    if (rank == m_count)
        return m_max;
    if (rank <= m_zeros)
        return 0.0;
    if (rank <= m_count / 2) {
        std::uint64_t seen = m_zeros;
        for (int i = m_lowIndex; i <= m_highIndex; ++i) {
            seen += bucket(i);
            if (seen >= rank)
                return std::clamp(bucketMiddle(i), m_min, m_max);
        }
        return m_max;
    }
    // Upper quantiles (p99 of every interval, for the series) from the top:
    // the same bucket, the lowest one whose cumulative count reaches the
    // rank, found by stepping down while the samples above stay within
    // count - rank.
    const std::uint64_t allowedAbove = m_count - rank;
    std::uint64_t above = 0;
    int i = m_highIndex;
    while (i > m_lowIndex) {
        const std::uint64_t n = bucket(i);
        if (above + n > allowedAbove)
            break;
        above += n;
        --i;
    }
    return std::clamp(bucketMiddle(i), m_min, m_max);
}

} // namespace cqrs::sim
