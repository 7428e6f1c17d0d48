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

/// A run's result as the history keeps it: takes the `series` out of
/// `result` (an object) and returns them as seriesText(), empty when there
/// are none; what is left is the result the history stores beside them.
std::string takeSeriesText(Json &result, std::size_t maxPoints = kMaxSeriesPoints);

/// A result or series as the history stores it (the text of a JSON object),
/// read back: that object, or null when the text is empty (none was
/// stored). Text that is not a JSON object (a row changed outside CQRS
/// Studio) also gives null, and sets *damaged (false otherwise).
Json storedObject(const std::string &text, bool *damaged);

/// The same for a result that is not to be changed: sets *rest to a copy of
/// it without its series (the series are not copied).
std::string seriesTextOf(const Json &result, Json *rest, std::size_t maxPoints = kMaxSeriesPoints);

} // namespace cqrs::history
