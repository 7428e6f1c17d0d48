#include "cqrs/ui/run/decimatedseries.h"

#include <algorithm>
#include <cmath>

namespace cqrs {

DecimatedSeries::Bucket DecimatedSeries::combine(const Bucket &a, const Bucket &b) const
{
    const int count = a.count + b.count;
    const double value = m_merge == Merge::Max ? std::max(a.value, b.value)
                                               : (a.value * a.count + b.value * b.count) / count;
    return {b.x, value, std::min(a.min, b.min), std::max(a.max, b.max), count};
}

void DecimatedSeries::clear()
{
    m_buckets.clear();
    m_maxValue = 0;
    m_maxX = 0;
    m_samplesPerBucket = 1;
    m_last = QPointF();
}

QList<QPointF> DecimatedSeries::points() const
{
    QList<QPointF> points;
    points.reserve(qsizetype(m_buckets.size()));
    for (const Bucket &b : m_buckets)
        points.append(QPointF(b.x, b.value));
    return points;
}

void DecimatedSeries::append(double x, double y)
{
    m_maxValue = m_buckets.empty() ? y : std::max(m_maxValue, y);
    m_maxX = m_buckets.empty() ? x : std::max(m_maxX, x);
    m_last = QPointF(x, y);
    const Bucket sample{x, y, y, y, 1};
    // The newest bucket fills up to the width of the others, so that every
    // bucket stands for the same number of samples: merging all of them
    // again at each overflow made the oldest ones twice as wide each time
    // (a 3.5 h run showed its first 20 minutes as one point).
    if (!m_buckets.empty() && m_buckets.back().count < m_samplesPerBucket) {
        m_buckets.back() = combine(m_buckets.back(), sample);
        return;
    }
    m_buckets.push_back(sample);
    if (m_buckets.size() <= std::size_t(kMaxPoints))
        return;
    m_samplesPerBucket *= 2;
    std::vector<Bucket> merged;
    merged.reserve(m_buckets.size() / 2 + 1);
    std::size_t i = 0;
    for (; i + 1 < m_buckets.size(); i += 2)
        merged.push_back(combine(m_buckets[i], m_buckets[i + 1]));
    if (i < m_buckets.size())
        merged.push_back(m_buckets[i]);
    m_buckets = std::move(merged);
}

DecimatedSeries::Envelope DecimatedSeries::envelope(int intervals) const
{
    Envelope out;
    if (m_buckets.empty())
        return out;
    intervals = std::max(intervals, 2);
    auto push = [&out](const Bucket &b) {
        out.line.append(QPointF(b.x, b.value));
        out.lower.append(QPointF(b.x, b.min));
        out.upper.append(QPointF(b.x, b.max));
        if (b.count > 1 && b.max > b.min)
            out.decimated = true;
    };
    if (m_buckets.size() <= std::size_t(intervals)) {
        for (const Bucket &b : m_buckets)
            push(b);
        return out;
    }
    // Equal intervals of x: each gathers the buckets whose x falls in it.
    const double x0 = m_buckets.front().x;
    const double span = m_buckets.back().x - x0;
    const double width = span > 0 ? span / intervals : 1;
    int current = -1;
    Bucket gathered{};
    for (const Bucket &b : m_buckets) {
        const int k = std::clamp(int(std::floor((b.x - x0) / width)), 0, intervals - 1);
        if (k != current) {
            if (current >= 0)
                push(gathered);
            current = k;
            gathered = b;
        } else {
            gathered = combine(gathered, b);
        }
    }
    push(gathered);
    return out;
}

} // namespace cqrs
