#pragma once

#include "cqrs/model/model.h"
#include "cqrs/sim/histogram.h"
#include "cqrs/sim/result.h"
#include "cqrs/sim/sink.h"
#include "cqrs/sim/trace.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cqrs::sim {

class Engine;

/// Thrown by the Simulation constructor for a model the engine cannot run
/// (a broken reference, or a run over the event limit).
class SimulationError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Expected number of engine events of a whole run, following policies
/// (cqrs::expectedEngineEvents of the model layer). Infinite when policies
/// feed back with a gain of 1 or more.
double estimateEngineEvents(const Model &model);

/// An empty string when the model is within the engine's resource limits,
/// otherwise the reason (for exit code 2 before any work starts).
std::string checkRunLimits(const Model &model);

struct SimulationOptions
{
    std::optional<std::int64_t> seed;   ///< overrides workload.seed
    std::optional<double> duration;     ///< overrides workload.duration
    bool series = false;                ///< keep per-interval series for the result
    /// With series: cut each series down to at most this many points in the
    /// result, merging neighbouring intervals as the history does
    /// (cqrs/model/seriesmerge.h); 0 keeps every interval.
    std::size_t seriesMaxPoints = 0;
    bool enforceLimits = true;          ///< refuse runs over kMaxExpectedEngineEvents
    /// Follow one command through the run (docs/traces.md). Changes no figure
    /// of the result; the trace is Simulation::trace().
    std::optional<TraceRequest> trace = std::nullopt;
};

/// Sizes of the engine's internal containers, to check that memory does not
/// grow with run length (only with the number of events in flight).
struct MemoryFootprint
{
    std::size_t futureEvents = 0;     ///< capacity of the future event set
    std::size_t messages = 0;         ///< pooled in-flight deliveries (capacity)
    std::size_t jobs = 0;             ///< pooled write-side jobs (capacity)
    std::size_t followUps = 0;        ///< pooled follow-up queries (capacity)
    std::size_t queueSlots = 0;       ///< ring-buffer slots of all FIFO queues
    std::size_t perKeyBytes = 0;      ///< per-key state (fixed by aggregate instances)
    std::size_t seriesPoints = 0;     ///< series points kept so far, merged or not (only with series)
    /// Bytes of all the containers above (capacities times element sizes,
    /// free lists included): what the backlog costs (kBytesPerBacklogItem).
    std::size_t bytes = 0;
};

/// One simulation run of a model: a pure function of the model and the seed.
///
/// Drive it with runToEnd(), or in pieces with advanceTo()/step() (the GUI's
/// live mode); stepping gives exactly the same result as one runToEnd().
/// Parameters can be changed between steps; changes act from the current
/// simulated time on. Not thread-safe: use one thread per Simulation.
class Simulation
{
public:
    /// Copies what it needs from the model. Throws SimulationError.
    explicit Simulation(const Model &model, const SimulationOptions &options = {});
    ~Simulation();
    Simulation(const Simulation &) = delete;
    Simulation &operator=(const Simulation &) = delete;

    /// The sink receives a Snapshot at every sample interval; with trace set
    /// it also receives every TraceRecord. nullptr removes it. Not owned.
    void setSink(SimulationSink *sink, bool trace = false);

    /// Processes every event up to and including time t (clamped to the
    /// duration); currentTime() is t afterwards.
    void advanceTo(double t);
    /// Advances to the next sample boundary. Returns false when finished.
    bool step();
    void runToEnd();

    double currentTime() const;
    double duration() const;
    double warmup() const;
    double sampleInterval() const;
    bool finished() const;
    std::uint64_t processedEvents() const;

    /// The result file (docs/results.md) for what has been simulated so far
    /// (at the end: the whole run): toJson(typedResult()).
    Json result() const;
    /// The same result as typed fields. engineWallSeconds is the time spent in
    /// advanceTo(); everything else is deterministic.
    Result typedResult() const;
    /// With series cut as the samples come (seriesMaxPoints, and no sink at
    /// the first sample), the points no later sample changes: their count,
    /// and those from index `from` on. They are typedResult()'s series'
    /// first points, bit for bit, so that a recorder can write them while
    /// the run goes on. 0 and an empty series when the series are not cut as
    /// they come.
    std::size_t closedSeriesPoints() const;
    ResultSeries closedSeries(std::size_t from) const;
    /// A snapshot of the state now (interval figures since the last boundary).
    Snapshot snapshot() const;

    // Mid-run changes, from currentTime() on. Return false and set *error
    // when the id or the value is not acceptable.

    /// Generic form: a `--set`-style path and a JSON value, e.g.
    /// ("readModels.user-view.update.delay", {"dist":"exponential","mean":0.2}),
    /// ("readModels.user-view.consumers", 4), ("readModels.x.update.interval", 30),
    /// ("readModels.x.applyTime", 0.001), ("policies.p.applyTime", ...),
    /// ("workload.commandRate", 500), ("workload.queryRate", 100),
    /// ("writeSide.workers", 8), ("commands.c.handlerTime", {...}),
    /// ("eventBus.duplicateRate", 0.3),
    /// ("queries.q.consistency.strategy", "wait-for-version"),
    /// ("queries.q.consistency", {...}).
    bool setParameter(std::string_view path, const Json &value, std::string *error = nullptr);

    bool setCommandRate(double rate, std::string *error = nullptr);
    /// Write-side workers: extra ones start on queued work at once; surplus
    /// ones finish the job in hand and then leave.
    bool setWorkers(int workers, std::string *error = nullptr);
    bool setHandlerTime(std::string_view commandId, const Distribution &handlerTime,
                        std::string *error = nullptr);
    bool setQueryRate(double rate, std::string *error = nullptr);
    /// Read model or policy id.
    bool setUpdateDelay(std::string_view id, const Distribution &delay, std::string *error = nullptr);
    bool setApplyTime(std::string_view id, const Distribution &applyTime, std::string *error = nullptr);
    bool setConsumers(std::string_view id, int consumers, std::string *error = nullptr);
    bool setBatchInterval(std::string_view id, double interval, std::string *error = nullptr);
    bool setQueryConsistency(std::string_view queryId, const Consistency &consistency,
                             std::string *error = nullptr);
    /// Outage of a read model or policy starting at `at` >= currentTime().
    bool scheduleOutage(std::string_view id, double at, double duration, std::string *error = nullptr);
    /// Rebuild of a read model at `at` >= currentTime().
    bool scheduleRebuild(std::string_view readModelId, double at, std::string *error = nullptr);

    MemoryFootprint memoryFootprint() const;

    /// The trace asked for by SimulationOptions::trace (nullptr without one),
    /// filled as the run advances: Trace::complete once the journey is over,
    /// so a caller that only wants the trace may stop stepping there.
    const Trace *trace() const;

    /// The consistency windows of a read model over the measured period so
    /// far (what the result's percentiles come from), for the GUI's histogram
    /// and CDF; nullptr for an unknown id. Valid while the Simulation lives.
    const LogHistogram *consistencyWindows(std::string_view readModelId) const;

private:
    std::unique_ptr<Engine> m_engine;
};

/// What a user reads when a run stops on an exception: running out of
/// memory (std::bad_alloc, std::length_error) is named as such, with what to
/// change; any other exception gives its own text. `simulatedTime` >= 0 says
/// when it stopped.
std::string describeRunFailure(const std::exception &error, double simulatedTime = -1);

/// Runs a whole model and returns its result (convenience for the CLI and tests).
Json simulate(const Model &model, const SimulationOptions &options = {});

/// The result file's text as `cqrs-sim run` writes it (2-space indent,
/// trailing newline), so every writer of result files gives the same bytes.
std::string formatResult(const Json &result);

} // namespace cqrs::sim
