#pragma once

#include "cqrs/model/analysis.h"
#include "cqrs/model/diagnostic.h"
#include "cqrs/model/model.h"

#include <string>
#include <vector>

namespace cqrs {

/// Refuse runs whose expected number of engine events exceeds this
/// (documented in docs/limits.md).
inline constexpr double kMaxExpectedEngineEvents = 2.0e9;
/// Largest aggregate instance count (keys per aggregate).
inline constexpr std::int64_t kMaxAggregateInstances = 10'000'000;
/// Largest number of keys over all aggregates together (docs/limits.md).
inline constexpr std::int64_t kMaxTotalInstances = 50'000'000;
/// Largest workers, partitions or consumers count (docs/limits.md).
inline constexpr int kMaxServers = 100'000;
/// Largest command or query rate, per second, at any instant (commandRate
/// times every rateProfile factor included): a bound that no overflow to
/// infinity can slip past (docs/limits.md).
inline constexpr double kMaxRate = 1.0e8;
/// Longest element or model name, in bytes (docs/limits.md).
inline constexpr std::size_t kMaxNameBytes = 1000;

/// Semantic checks of a typed model (ids, references, ranges, policy loops,
/// limits) and its warnings (nothing to simulate, unused events, read models
/// without queries, commands that emit nothing, predicted instability, see
/// analysis.h). Paths are JSON
/// pointers into the canonical document. Unknown-field warnings come from the
/// loader, which sees the file.
Diagnostics validateModel(const Model &model);

/// Expected engine events of a whole run (arrivals, commits, deliveries,
/// applies, queries), for the resource limit.
double expectedEngineEvents(const Model &model);

} // namespace cqrs
