#pragma once

#include "cqrs/sim/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cqrs::sim {

/// Live state of one read model or policy at a sample boundary.
struct ConsumerGroupSnapshot
{
    std::string id;
    // Over the interval that just ended (counts per second, like the series).
    double appliedPerSecond = 0;
    double backlogMean = 0;  ///< time-weighted over the interval
    double lagMax = 0;       ///< exact maximum over the interval
    double windowP50 = 0;    ///< consistency windows of events applied in the interval
    double windowP99 = 0;
    double windowP95 = 0;
    double windowMax = 0;    ///< the longest of them
    double utilization = 0;  ///< busy consumer-seconds / consumer-seconds in the interval
    // Now.
    std::uint64_t backlog = 0; ///< events committed, not yet applied (incl. replay)
    double lag = 0;            ///< age of the oldest such event
    bool busy = false;         ///< any consumer working
    bool down = false;         ///< inside an outage
    bool rebuilding = false;
    int consumers = 1;
    // Cumulative over the measured period (as in the result file).
    std::uint64_t applied = 0;
    std::uint64_t issued = 0; ///< policies: commands issued
};

/// Live state of one query type at a sample boundary.
struct QuerySnapshot
{
    std::string id;
    double issuedPerSecond = 0; ///< interval
    double staleRatio = 0;      ///< interval
    std::uint64_t issued = 0;   ///< cumulative (measured period)
    std::uint64_t stale = 0;
    std::uint64_t timeouts = 0;
};

/// What the engine reports at every sample interval (workload.sampleInterval):
/// the figures of the result's series for that interval, the current state,
/// and the cumulative counters of the measured period.
struct Snapshot
{
    double time = 0;          ///< interval end (simulated seconds)
    double intervalStart = 0;
    double commandsAcceptedPerSecond = 0;
    double commandsRejectedPerSecond = 0;
    double eventsPublishedPerSecond = 0;
    double writeUtilization = 0; ///< interval
    double commandsConflictedPerSecond = 0; ///< interval: conflicts detected
    double commandLatencyP50 = 0; ///< interval: commands finished in it (seconds)
    double commandLatencyP99 = 0;
    std::uint64_t writeQueue = 0; ///< commands and reads waiting or in service now
    // Cumulative, measured period.
    std::uint64_t commandsIssued = 0;
    std::uint64_t commandsAccepted = 0;
    std::uint64_t commandsRejected = 0;
    std::uint64_t conflicts = 0;
    std::uint64_t eventsPublished = 0;
    std::uint64_t engineEvents = 0;
    std::vector<ConsumerGroupSnapshot> readModels; ///< in model order
    std::vector<ConsumerGroupSnapshot> policies;   ///< in model order
    std::vector<QuerySnapshot> queries;            ///< in model order
};

/// One traced occurrence (only delivered when tracing is switched on).
struct TraceRecord
{
    enum class Kind {
        CommandArrived,   ///< element: command index
        CommandCommitted, ///< element: command index; value: latency
        CommandRejected,  ///< element: command index; value: latency
        Conflict,         ///< element: command index
        EventApplied,     ///< element: read model index (policies: -1 - policy index); value: window
        QueryServed,      ///< element: query index; value: staleness (0 when fresh)
    };
    Kind kind = Kind::CommandArrived;
    double time = 0;
    int element = 0;
    std::uint64_t key = 0;
    std::uint64_t version = 0;
    double value = 0;
    bool stale = false;
};

/// The engine's environment (like OMNeT++'s cEnvir): the engine calls it,
/// never the other way round. Called on the thread that advances the
/// simulation; an implementation for a GUI forwards to its own thread.
class SimulationSink
{
public:
    virtual ~SimulationSink() = default;
    /// At every sample boundary, and once at the end for the last (partial) interval.
    virtual void sample(const Snapshot &snapshot) { (void) snapshot; }
    /// Individual occurrences, only when tracing is enabled (Simulation::setSink).
    virtual void trace(const TraceRecord &record) { (void) record; }
    /// Once per run with a trace request (SimulationOptions::trace): when the
    /// traced command's journey is complete, or at the end of the run.
    virtual void traceFinished(const Trace &trace) { (void) trace; }
    /// Once, when simulated time reaches the run's duration.
    virtual void finished(double time) { (void) time; }
};

} // namespace cqrs::sim
