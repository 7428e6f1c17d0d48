#pragma once

#include "cqrs/model/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cqrs {

/// Queueing-theory analysis of a model: the rates flowing through the
/// pipeline (write side -> event bus -> read models and policies), what each
/// stage can pass on, its utilization, stability and Erlang C waits. Both the
/// validator's "predicted instability" warnings and the run summary's
/// predictions come from here, so they cannot disagree.

/// Per-second rates at the peak command rate, following policies, as if every
/// stage kept up (offered rates).
struct FlowRates
{
    std::vector<double> commandRate; ///< by index into model.commands (arrivals, not retries)
    std::vector<double> eventRate;   ///< by index into model.events (committed)
    bool divergent = false;          ///< policy feedback with gain >= 1
};

/// Offered rates (solved over the command -> event -> policy graph, which the
/// validator's policy-loop check shares; defined in validation.cpp).
FlowRates predictFlows(const Model &model, double commandRateScale = 1.0);

/// Load on one server group at the peak command rate (DESIGN section 2,
/// "predicted instability").
struct LoadPrediction
{
    enum class Component { WriteSide, ReadModel, Policy };
    Component component = Component::WriteSide;
    std::string id;                ///< element id; empty for the write side
    std::string name;              ///< display name ("Write side" for the write side)
    double offeredRate = 0;        ///< lambda if every stage upstream kept up, per second
    double arrivalRate = 0;        ///< lambda that reaches it: a saturated write side passes only its capacity
    double meanService = 0;        ///< E[S], seconds
    int servers = 1;               ///< workers, or consumers that own a partition
    double offeredUtilization = 0; ///< rho at the offered rate
    double utilization = 0;        ///< rho = lambda x E[S] / servers at arrivalRate (busiest server for consumers)
    /// The rate profile's peak factor the figures are for; 1 unless the run ends below its peak.
    double peakFactor = 1.0;
    bool peakOnly = false; ///< unstable at the peak only: the rate the run ends at is served
    bool drainsInRun
        = false; ///< peakOnly, and the backlog the peak leaves is gone before the run ends

    bool unstable() const { return utilization >= 1.0; }
    /// True when an upstream bottleneck keeps part of the offered load away.
    bool cappedUpstream() const { return arrivalRate < offeredRate * (1 - 1e-9); }
    /// Arrivals per second the group can serve (servers / E[S]); infinity when E[S] is 0.
    double capacity() const;
    /// "UserView: consumers are 125% busy; its backlog will grow without limit"
    std::string message() const;
};

/// Every server group: the write side first, then read models and policies in
/// model order. Flow is propagated: when the write side is saturated, only
/// its capacity's worth of commands commits, and downstream consumers see the
/// events of those commands only.
std::vector<LoadPrediction> predictLoads(const Model &model);

/// True when the command rate keeps one factor over the whole run (no rate
/// profile, or one whose steps change nothing before the run ends).
bool steadyCommandRate(const Workload &workload);

/// Predicted peak backlog of one server group over a whole run: what the
/// engine holds in memory for it at the worst moment (docs/limits.md,
/// "Memory of a run"). An upper bound built from the flow prediction:
/// arrivals beyond capacity pile up for the rest of the run (integrated over
/// the rate profile), an outage holds what arrives during it, the replay of a
/// rebuild holds what arrives while it runs, a batch read model holds one
/// interval's events. Never more than everything that reaches the stage.
struct BacklogPrediction
{
    LoadPrediction::Component component = LoadPrediction::Component::WriteSide;
    std::string id;          ///< element id; empty for the write side
    std::string name;        ///< display name
    std::string path;        ///< JSON pointer of the element ("/readModels/2", "/writeSide")
    double arrivalRate = 0;  ///< per second at the peak command rate
    double capacity = 0;     ///< per second (infinity when nothing takes time)
    double overload = 0;     ///< items from arrivals beyond capacity
    double outages = 0;      ///< items that arrive during outages
    double rebuilds = 0;     ///< items that arrive during rebuild replays
    double batch = 0;        ///< items of one batch interval
    double items = 0;        ///< the peak backlog: the sum above, capped by all arrivals

    /// "readModels.slow-view" or "the write side"
    std::string label() const;
};

/// Every server group, in the order of predictLoads().
std::vector<BacklogPrediction> predictBacklogs(const Model &model);

/// A count for a message: "950", "6.1e8", "more than 10^18" or "infinitely
/// many" (infinity or NaN), so no "inf" or "1e+308" ever reaches a user.
std::string describeCount(double count);
/// A memory size for a message: "310 MB", "41 GB", "more than 10^18 bytes",
/// "an unbounded amount".
std::string describeBytes(double bytes);

/// Probability that an arrival waits in an M/M/c queue (Erlang C) with
/// arrival rate lambda, mean service time s and c servers; 1 when lambda*s >= c.
double erlangC(double lambda, double meanService, int servers);
/// Mean waiting time in an M/M/c queue; infinity when lambda * s >= c.
double erlangCWait(double lambda, double meanService, int servers);

/// Probability that a plain read of a key drawn from `keys` over `instances`
/// keys finds an unapplied event, when events arrive at `eventRate` per second
/// on keys drawn from the same distribution and each stays unapplied for
/// `window` seconds: sum over k of p_k (1 - exp(-eventRate p_k window)).
double staleReadProbability(double eventRate, std::int64_t instances, const KeySpec &keys, double window);

} // namespace cqrs
