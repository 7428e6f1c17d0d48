#pragma once

#include <cqrs/model/distribution.h> // cqrs::Json

#include <cstddef>
#include <string>

namespace cqrs::history {

/// At most this many points per series are kept in the history.
inline constexpr std::size_t kMaxSeriesPoints = 2000;

/// The result's `series` object (DESIGN section 4) with every array cut down
/// to at most maxPoints by merging neighbouring intervals: `t` keeps each
/// group's last time, peaks (`lag`, `windowP50`, `windowP99`) the group's
/// maximum, everything else (rates, backlog means, stale ratios) the mean.
/// Series already short enough are returned unchanged.
Json decimateSeries(const Json &series, std::size_t maxPoints = kMaxSeriesPoints);

/// decimateSeries() as the compact JSON text the history stores.
std::string seriesText(const Json &series, std::size_t maxPoints = kMaxSeriesPoints);

} // namespace cqrs::history
