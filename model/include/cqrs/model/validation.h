#pragma once

#include "cqrs/model/analysis.h"
#include "cqrs/model/diagnostic.h"
#include "cqrs/model/model.h"

#include <optional>
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
/// A run reports at most this many sample intervals: a shorter
/// workload.sampleInterval is raised to duration / kMaxSampleIntervals (and
/// validation warns about it).
inline constexpr double kMaxSampleIntervals = 100'000;
/// Longest element or model name, in bytes (docs/limits.md).
inline constexpr std::size_t kMaxNameBytes = 1000;

/// Bytes the engine holds per backlogged item (an unapplied event of a read
/// model or policy, a queued command), measured with the engine's
/// MemoryFootprint at its worst (pools and queues just after they doubled):
/// measured at about 136 bytes for an unapplied event and 88 for a queued
/// command; tests/simulator/tst_sim_oom.cpp checks it (docs/limits.md).
inline constexpr double kBytesPerBacklogItem = 160;
/// Refuse runs whose predicted peak backlog, over all stages, would take
/// more memory than this (2 GiB; docs/limits.md says what to change).
inline constexpr double kMaxRunMemoryBytes = 2.0 * 1024 * 1024 * 1024;

/// Why a run would need too much memory: where, and what to change.
struct RunMemoryProblem
{
    std::string path;    ///< JSON pointer of the stage that holds the most
    std::string id;      ///< its element id (empty for the write side)
    std::string message; ///< names the stage, the items, the memory and what to change
};

/// Predicted peak memory of a run's backlogs (predictBacklogs() x
/// kBytesPerBacklogItem, all stages together); infinity when unbounded.
double predictedRunMemoryBytes(const Model &model);
/// The problem when predictedRunMemoryBytes() exceeds kMaxRunMemoryBytes.
std::optional<RunMemoryProblem> checkRunMemory(const Model &model);

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
