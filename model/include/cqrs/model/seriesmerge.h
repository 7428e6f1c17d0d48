#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

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
/// valueAt(i) gives point i as a double; emit(last, merged) is called once per
/// group in order, with the index of the group's last point and the merged
/// value. The engine (its own columns) and the history (stored JSON) both cut
/// series with this, so a series recorded either way is the same.
template<typename ValueAt, typename Emit>
void mergeSeriesGroups(std::size_t n, std::size_t maxPoints, SeriesMerge merge, ValueAt &&valueAt,
                       Emit &&emit)
{
    if (n <= maxPoints || maxPoints == 0) {
        for (std::size_t i = 0; i < n; ++i)
            emit(i, valueAt(i));
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
        emit(end - 1, acc);
    }
}

} // namespace cqrs
