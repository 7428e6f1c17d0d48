#pragma once

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

/// Semantic checks of a typed model (ids, references, ranges, policy loops,
/// limits) and its warnings (unused events, read models without queries,
/// commands that emit nothing, predicted instability). Paths are JSON
/// pointers into the canonical document. Unknown-field warnings come from the
/// loader, which sees the file.
Diagnostics validateModel(const Model &model);

/// Offered load of one server group (DESIGN section 2, "predicted instability").
struct LoadPrediction
{
    enum class Component { WriteSide, ReadModel, Policy };
    Component component = Component::WriteSide;
    std::string id;           ///< element id; empty for the write side
    std::string name;         ///< display name ("Write side" for the write side)
    double arrivalRate = 0;   ///< lambda at the peak command rate, per second
    double meanService = 0;   ///< E[S], seconds
    int servers = 1;          ///< workers, or consumers that own a partition
    double utilization = 0;   ///< rho = lambda x E[S] / servers (busiest server for consumers)
    bool unstable() const { return utilization >= 1.0; }
    /// "UserView: consumers are 125% busy; its backlog will grow without limit"
    std::string message() const;
};

/// Per-second rates at the peak command rate, following policies.
struct FlowRates
{
    std::vector<double> commandRate; ///< by index into model.commands (arrivals, not retries)
    std::vector<double> eventRate;   ///< by index into model.events (committed)
    bool divergent = false;          ///< policy feedback with gain >= 1
};

FlowRates predictFlows(const Model &model, double commandRateScale = 1.0);
std::vector<LoadPrediction> predictLoads(const Model &model);

/// Expected engine events of a whole run (arrivals, commits, deliveries,
/// applies, queries), for the resource limit.
double expectedEngineEvents(const Model &model);

} // namespace cqrs
