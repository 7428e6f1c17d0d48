#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace cqrs {

/// How neighbouring intervals of a result series merge when a series is cut
/// down to fewer points (the history keeps at most 2,000 per series).
enum class SeriesMerge {
    Last, ///< the group's last value (`t`: the end of the group)
    Max,  ///< the group's peak (`lag`, `windowP50`, `windowP99`)
    Mean, ///< the group's mean (rates, backlog means, stale ratios)
};

/// The merge rule of a series named `key` in the result's `series` object.
inline SeriesMerge seriesMergeFor(std::string_view key)
{
    if (key == "t")
        return SeriesMerge::Last;
    if (key == "lag" || key == "windowP50" || key == "windowP99")
        return SeriesMerge::Max;
    return SeriesMerge::Mean;
}

/// Merges n points into at most maxPoints groups of neighbours (sizes differ
/// by at most one; nothing merges when n <= maxPoints or maxPoints is 0).
/// valueAt(i) gives point i as a double; take(last, merged) is called once per
/// group in order, with the index of the group's last point and the merged
/// value. The history (stored JSON) and a watched run's result cut series
/// with this, and MergingColumn does the same as the points come, so a
/// series recorded any way is the same.
template<typename ValueAt, typename Take>
void mergeSeriesGroups(std::size_t n, std::size_t maxPoints, SeriesMerge merge, ValueAt &&valueAt,
                       Take &&take)
{
    if (n <= maxPoints || maxPoints == 0) {
        for (std::size_t i = 0; i < n; ++i)
            take(i, valueAt(i));
        return;
    }
    for (std::size_t g = 0; g < maxPoints; ++g) {
        const std::size_t begin = n * g / maxPoints;
        const std::size_t end = n * (g + 1) / maxPoints;
        double acc = merge == SeriesMerge::Max ? valueAt(begin) : 0.0;
        if (merge != SeriesMerge::Last) {
            for (std::size_t i = begin; i < end; ++i) {
                const double v = valueAt(i);
                acc = merge == SeriesMerge::Max ? std::max(acc, v) : acc + v;
            }
        }
        if (merge == SeriesMerge::Last)
            acc = valueAt(end - 1);
        else if (merge == SeriesMerge::Mean)
            acc /= static_cast<double>(end - begin);
        take(end - 1, acc);
    }
}

/// A query's stale ratio over a group of merged intervals: its stale reads
/// over its reads, the intervals' ratios weighted by their reads per second
/// (the series' unit; the intervals are of one length, a run's last one may
/// be shorter and then weighs a little more than its reads). An
/// interval without reads says nothing of staleness (its ratio reads 0); a
/// plain mean counted it as fresh (a query read now and then showed 33%
/// stale in the history where 98% of its reads were). staleMean is the
/// group's mean of ratio x issued, issuedMean its mean of issued.
inline double mergedStaleRatio(double staleMean, double issuedMean)
{
    return issuedMean > 0.0 ? staleMean / issuedMean : 0.0;
}

/// mergeSeriesGroups for a query's stale ratio (`ratioAt`), weighted by its
/// reads per second (`issuedAt`): the same groups, each merged with
/// mergedStaleRatio(); nothing merges when n <= maxPoints or maxPoints is 0.
template<typename RatioAt, typename IssuedAt, typename Take>
void mergeStaleRatioGroups(std::size_t n, std::size_t maxPoints, RatioAt &&ratioAt,
                           IssuedAt &&issuedAt, Take &&take)
{
    if (n <= maxPoints || maxPoints == 0) {
        for (std::size_t i = 0; i < n; ++i)
            take(i, ratioAt(i));
        return;
    }
    std::vector<double> stale;
    stale.reserve(maxPoints);
    mergeSeriesGroups(
        n, maxPoints, SeriesMerge::Mean, [&](std::size_t i) { return ratioAt(i) * issuedAt(i); },
        [&](std::size_t, double merged) { stale.push_back(merged); });
    std::size_t g = 0;
    mergeSeriesGroups(
        n, maxPoints, SeriesMerge::Mean, issuedAt,
        [&](std::size_t last, double issued) { take(last, mergedStaleRatio(stale[g++], issued)); });
}

/// The groups of mergeSeriesGroups(n, maxPoints, ...) walked one point at a
/// time, for a series whose length n is known before its first point (the
/// engine's: the run's sample count). Call advance() once per point, then
/// hand the point to each MergingColumn.
class SeriesGroups
{
public:
    SeriesGroups() = default;
    SeriesGroups(std::size_t n, std::size_t maxPoints)
        : m_n(n)
        , m_maxPoints(maxPoints)
        , m_merging(maxPoints > 0 && n > maxPoints)
        , m_end(m_merging ? n / maxPoints : 1)
    {}

    void advance()
    {
        ++m_index;
        if (m_index == m_end) {
            ++m_group;
            m_begin = m_end;
            m_end = m_merging ? m_n * (m_group + 1) / m_maxPoints : m_end + 1;
        }
    }

    /// Whether a point has come yet.
    bool started() const { return m_index != static_cast<std::size_t>(-1); }
    /// False when every point is kept as it is (n <= maxPoints, or no cut).
    bool merging() const { return m_merging; }
    bool opens() const { return m_index == m_begin; }
    bool closes() const { return m_index + 1 == m_end; }
    /// Points in the open group so far, the current one included.
    std::size_t taken() const { return m_index - m_begin + 1; }
    std::size_t groupSize() const { return m_end - m_begin; }
    /// Points a whole series ends with.
    std::size_t points() const { return m_merging ? m_maxPoints : m_n; }

private:
    std::size_t m_n = 0;
    std::size_t m_maxPoints = 0;
    bool m_merging = false;
    std::size_t m_group = 0;
    std::size_t m_begin = 0;
    std::size_t m_end = 1;
    std::size_t m_index = static_cast<std::size_t>(-1);
};

/// One series merged as its points arrive: at the end, values() is what
/// mergeSeriesGroups gives for the whole series, bit for bit, and only the
/// merged points were ever kept.
class MergingColumn
{
public:
    /// key: the series' name in the result (its merge rule, seriesMergeFor).
    explicit MergingColumn(std::string_view key)
        : m_merge(seriesMergeFor(key))
    {}

    void reserve(const SeriesGroups &groups) { m_values.reserve(groups.points()); }

    void add(double v, const SeriesGroups &groups)
    {
        if (!groups.merging()) {
            m_values.push_back(v);
            return;
        }
        // The same operations in the same order as mergeSeriesGroups.
        switch (m_merge) {
        case SeriesMerge::Last:
            m_acc = v;
            break;
        case SeriesMerge::Max:
            m_acc = groups.opens() ? v : std::max(m_acc, v);
            break;
        case SeriesMerge::Mean:
            m_acc = (groups.opens() ? 0.0 : m_acc) + v;
            break;
        }
        if (groups.closes())
            m_values.push_back(close(groups.groupSize()));
    }

    /// The merged points of the groups closed so far.
    const std::vector<double> &values() const { return m_values; }

    /// values() with the open group merged as far as it goes (a result taken
    /// before the run's end).
    std::vector<double> valuesSoFar(const SeriesGroups &groups) const
    {
        std::vector<double> out = m_values;
        if (groups.merging() && !groups.closes() && groups.taken() > 0)
            out.push_back(close(groups.taken()));
        return out;
    }

    std::size_t size() const { return m_values.size(); }
    SeriesMerge merge() const { return m_merge; }

private:
    double close(std::size_t size) const
    {
        return m_merge == SeriesMerge::Mean ? m_acc / static_cast<double>(size) : m_acc;
    }

    SeriesMerge m_merge;
    double m_acc = 0.0;
    std::vector<double> m_values;
};

} // namespace cqrs
