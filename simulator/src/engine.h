#pragma once

// The engine behind cqrs::sim::Simulation. Internal: not installed, not API.
// Its parts: engine.cpp (setup, main loop), enginewriteside.cpp (arrivals,
// write side, commits), engineconsumers.cpp (read models and policies),
// enginequeries.cpp, enginereport.cpp (samples, snapshots, result),
// enginechanges.cpp (changes during a run); the records in enginetypes.h.

#include "enginetrace.h"
#include "enginetypes.h"

#include <cqrs/model/seriesmerge.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cqrs::sim {

class Engine
{
public:
    Engine(const Model &model, const SimulationOptions &options);

    void advanceTo(double t);
    Result result() const;
    std::size_t closedSeriesPoints() const;
    ResultSeries closedSeries(std::size_t from) const;
    Snapshot snapshot() const;
    const LogHistogram *consistencyWindows(std::string_view readModelId) const;
    MemoryFootprint memoryFootprint() const;

    bool setParameter(std::string_view path, const Json &value, std::string *error);
    bool setCommandRate(double rate, std::string *error);
    bool setQueryRate(double rate, std::string *error);
    bool setDuplicateRate(double rate, std::string *error);
    bool setWorkers(int workers, std::string *error);
    bool setHandlerTime(std::string_view commandId, const Distribution &handlerTime, std::string *error);
    bool setUpdateDelay(std::string_view id, const Distribution &delay, std::string *error);
    bool setApplyTime(std::string_view id, const Distribution &applyTime, std::string *error);
    bool setConsumers(std::string_view id, int consumers, std::string *error);
    bool setBatchInterval(std::string_view id, double interval, std::string *error);
    bool setQueryConsistency(std::string_view queryId, const Consistency &consistency, std::string *error);
    bool scheduleOutage(std::string_view id, double at, double duration, std::string *error);
    bool scheduleRebuild(std::string_view readModelId, double at, std::string *error);

    /// Snapshots (and with trace, every TraceRecord) go to the sink; not owned.
    void setSink(SimulationSink *sink, bool trace);
    /// The trace asked for by SimulationOptions::trace; nullptr without one.
    const Trace *trace() const;
    double now() const { return m_now; }
    double duration() const { return m_duration; }
    double warmup() const { return m_warmup; }
    double sampleInterval() const { return m_sampleInterval; }
    bool finished() const { return m_finished; }
    std::uint64_t processedEvents() const { return m_events; }

private:
    void dispatch(const FutureEvent &e);
    void scheduleCommandArrival();
    void scheduleQueryArrival();
    double nextCommandArrival(double from);
    void onCommandArrival();
    void onQueryArrival();
    void newCommand(std::uint32_t command, std::uint64_t key, bool fromPolicy);
    void enqueueJob(std::uint32_t job);
    void startJob(std::uint32_t worker, std::uint32_t job);
    void onHandlerDone(std::uint32_t worker, std::uint32_t job);
    void completeCommand(std::uint32_t job);
    void finishCommand(std::uint32_t job, bool accepted);
    void commit(std::uint32_t job);
    void onReach(std::uint32_t msg);
    void tryStart(Group &g, std::uint32_t c);
    void startWork(Group &g, std::uint32_t c, double duration);
    void onApplyDone(std::uint32_t group, std::uint32_t c);
    void finishMessage(Group &g, std::uint32_t msg);
    void issueFromPolicy(Group &g, std::uint32_t msg, bool duplicate);
    void onBatchTick(std::uint32_t group, std::uint32_t generation, std::uint32_t n);
    void scheduleTick(std::uint32_t group, double after);
    void onOutageStart(std::uint32_t group);
    void onOutageEnd(std::uint32_t group);
    void onRebuild(std::uint32_t group, std::uint32_t record);
    void replayFinished(Group &g);
    void completeRebuild(Group &g);
    void onFollowUpIssue(std::uint32_t followUp);
    void onPoll(std::uint32_t followUp);
    void onSample(std::uint32_t n);
    /// When sample n (1, 2, ...) is taken: every sample interval, the last one
    /// at the end of the run (no sliver interval from rounding).
    double sampleTime(std::uint32_t n) const;
    void finishQuery(std::uint32_t q, double issue, double served, bool counted, bool stale,
                     double staleness, bool timeout, bool fromWriteModel);
    bool targetApplied(const FollowUpQuery &f) const;
    bool keyStale(const Group &g, int slot, std::uint64_t key, double &oldest) const;
    bool consumerReplaying(const Group &g, std::uint64_t key) const;
    double replayCursor(const Group &g, std::uint64_t key) const;
    void advanceReplay(Group &g, Consumer &consumer);
    void updateReplayOldest(Group &g);
    // Divisions are the slow part of routing; skip them in the common cases.
    std::uint32_t partitionOf(std::uint64_t key) const
    {
        return m_partitions == 1 ? 0u : static_cast<std::uint32_t>(key % static_cast<std::uint64_t>(m_partitions));
    }
    static std::uint32_t consumerOf(const Group &g, std::uint32_t partition)
    {
        return g.config.consumers == 1 ? 0u : partition % static_cast<std::uint32_t>(g.config.consumers);
    }
    double oldestUnapplied(const Group &g) const;
    void noteLag(Group &g);
    void changeBacklog(Group &g, std::int64_t delta);
    void creditBusy(Group &g, double start, double end);
    void creditWrite(double start, double end);
    void changeCapacity(Group &g, int consumers);
    double sampleSum(const Sampler &s, Rng &rng, std::uint64_t n);
    Group *findGroup(std::string_view id, std::string *error);
    void fillGroupSnapshot(const Group &g, ConsumerGroupSnapshot &s, double t) const;
    double intervalBacklogMean(const Group &g, double t) const;
    /// Whether the group's windows feed interval percentiles: snapshots have
    /// them for every group, series for read models.
    bool tracksIntervals(const Group &g) const { return m_sink || (m_series && g.config.readModel); }
    static double intervalStaleRatio(const QueryType &qt);
    void startSeries();
    void appendSeriesSample();
    /// The series' columns but the queries', each as column(MergingColumn) gives it.
    template<typename Column>
    void takeSeriesColumns(ResultSeries &s, const Column &column) const;
    double busyAllNow(const Group &g, double t) const;
    double writeBusyAllNow(double t) const;
    void trace(TraceRecord::Kind kind, int element, std::uint64_t key, std::uint64_t version,
               double value, bool stale = false);

    // Following one command (enginetrace.cpp); called only while m_tracing is set.
    void setupTrace(const TraceRequest &request);
    void traceCommandIssued(std::uint32_t job);
    void traceAttemptStart();
    void traceAttemptEnd(TraceAttempt::Outcome outcome);
    void traceEvent(std::uint32_t eventType, std::uint32_t version, std::uint32_t partition, double availableAt);
    void traceDelivery(std::uint32_t msg);
    void traceCommitDone(std::uint32_t followUp);
    void traceReach(std::uint32_t msg, std::uint32_t consumer, std::uint32_t copy);
    bool traceApplied(const Group &g, std::uint32_t msg);
    void tracePolicyIssue(const Group &g, std::uint32_t msg, bool duplicate);
    void tracePlainRead(std::uint32_t query, std::uint64_t key, bool stale, double staleness);
    void traceFollowUpIssued(std::uint32_t followUp);
    void traceFollowUpServed(std::uint32_t followUp, bool stale, double staleness, bool timeout);
    void traceDown(std::uint32_t group, bool down);
    void traceRebuild(std::uint32_t group, bool started);
    void traceSettle();
    void traceCheckComplete();
    void traceDropCandidate();
    void traceNotify();

    SimulationSink *m_sink = nullptr;
    bool m_trace = false;
    std::unique_ptr<TraceState> m_traceState; ///< with a trace request
    TraceState *m_tracing = nullptr;          ///< while the trace is still being recorded
    double m_now = 0;
    double m_duration = 0;
    double m_warmup = 0;
    double m_sampleInterval = 1;
    bool m_finished = false;
    std::uint64_t m_events = 0;
    double m_wallSeconds = 0;

    std::string m_modelName;
    Model m_model; ///< as run, with the changes made so far (setParameter)
    std::int64_t m_seed = 1;
    bool m_series = false;
    std::size_t m_seriesMaxPoints = 0; ///< 0: every interval in the result
    EventQueue m_futureEvents;
    Pool<Message> m_messages;
    Pool<Job> m_jobs;
    Pool<FollowUpQuery> m_followUps;
    std::uint64_t m_serial = 0;

    std::vector<CommandType> m_commands;
    std::vector<EventType> m_eventTypes;
    std::vector<Group> m_groups; ///< read models first, then policies
    std::size_t m_readModelCount = 0;
    std::vector<QueryType> m_queries;
    std::vector<std::vector<std::uint32_t>> m_versions; ///< per aggregate, per key
    std::vector<std::uint64_t> m_instances;

    // workload
    double m_commandRate = 0;
    double m_queryRate = 0;
    std::vector<RateStep> m_profile;
    double m_commandShareTotal = 0;
    double m_queryShareTotal = 0;
    std::uint32_t m_arrivalGeneration = 0;
    std::uint32_t m_queryGeneration = 0;
    Rng m_arrivalRng, m_typeRng, m_queryArrivalRng, m_queryTypeRng, m_busRng;

    // bus
    int m_partitions = 1;
    Sampler m_publishDelay;
    double m_duplicateRate = 0;
    bool m_ordered = true;
    std::vector<double> m_lastAvail;

    // write side
    int m_maxRetries = 3;
    bool m_deferStarts = false;
    std::uint32_t m_activeWorkers = 1; ///< workers in service (setWorkers); surplus ones retire
    double m_workerArea = 0;           ///< worker-seconds available in [warmup, last change]
    double m_lastWorkersChange = 0;
    std::vector<Worker> m_workers;
    std::vector<std::uint32_t> m_freeWorkers;
    RingQueue m_writeQueue;
    double m_writeBusyMeasured = 0;
    double m_writeBusyAll = 0;
    double m_writeBusyAllAtSample = 0;

    // totals
    std::uint64_t m_published = 0;
    std::uint64_t m_intervalAccepted = 0, m_intervalRejected = 0, m_intervalPublished = 0;
    std::uint64_t m_intervalConflicts = 0;
    LogHistogram m_intervalLatency; ///< command latency in the current sample interval (live charts)
    double m_intervalStart = 0;

    // series
    // A run nobody watches (no sink at its first sample: cqrs-sim, sweeps)
    // cuts its series down to m_seriesMaxPoints as the samples come, since
    // its sample count is known from the start: it never keeps the full
    // resolution only to merge it at the end. A watched run may be stopped
    // early; it keeps every interval, and a result cuts what was run.
    std::size_t m_seriesSamples = 0; ///< samples the whole run takes
    SeriesGroups m_seriesGroups;
    MergingColumn m_seriesT{"t"}, m_seriesAccepted{"commandsAccepted"}, m_seriesRejected{"commandsRejected"},
        m_seriesPublished{"eventsPublished"};
    struct GroupSeries
    {
        MergingColumn applied{"applied"}, backlog{"backlog"}, lag{"lag"}, p50{"windowP50"}, p99{"windowP99"};
    };
    /// staleRatio: each interval's, kept when the groups do not merge;
    /// stale: ratio x issued per interval, merged (Mean) when they do: the
    /// stale ratio of a merged group weighs its intervals by their reads
    /// (mergedStaleRatio).
    struct QuerySeries { MergingColumn issued{"issued"}, staleRatio{"staleRatio"}, stale{"stale"}; };
    std::vector<GroupSeries> m_groupSeries;
    std::vector<QuerySeries> m_querySeries;
};

} // namespace cqrs::sim
