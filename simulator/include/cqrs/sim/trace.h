#pragma once

// The journey of one command through a run (DESIGN section 9, docs/traces.md):
// what the engine records when SimulationOptions::trace is set, and its JSON.

#include "cqrs/model/model.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqrs::sim {

/// Which command to follow: the first one issued (by the workload or by a
/// policy) at or after `at` whose type is `commandType` and whose events
/// reach `reaching`. With `staleRead`, a followed command whose journey has
/// no stale read (firstStaleRead()) is dropped once its journey is over and the next command
/// issued after that is followed, until one has a stale read (or the run ends).
struct TraceRequest
{
    TraceRequest() = default;
    TraceRequest(std::optional<double> at, std::string commandType = {}, std::string reaching = {},
                 bool staleRead = false)
        : at(at)
        , commandType(std::move(commandType))
        , reaching(std::move(reaching))
        , staleRead(staleRead)
    {
    }

    std::optional<double> at; ///< simulated seconds; default: the warm-up end
    std::string commandType;  ///< a command id; empty: any type
    std::string reaching;     ///< a read model or policy id: only commands whose events it consumes; empty: any
    bool staleRead = false;   ///< only a command whose journey has a stale read
};

/// One pass of the command through a write-side worker.
struct TraceAttempt
{
    enum class Outcome { Committed, Conflict, Rejected };
    double start = 0; ///< the worker takes it
    double end = 0;   ///< the handler is done (the commit, for a committed attempt)
    Outcome outcome = Outcome::Committed;
};

/// One delivery of a traced event to one read model or policy (a duplicate
/// copy is a delivery of its own). Times absent when the run ended first.
struct TraceDelivery
{
    std::string to;              ///< read model or policy id
    bool policy = false;
    int consumer = 0;            ///< which of its consumers (partition mod consumers)
    std::optional<double> arrivedAt; ///< reached the consumer's queue
    std::optional<double> startedAt; ///< its apply (or its batch) started
    std::optional<double> appliedAt; ///< its apply (or its batch) ended
    double window = 0;           ///< appliedAt - commit
    bool duplicate = false;
    /// "outage" or "rebuild" when the consumer was down or rebuilding while
    /// the delivery waited (between arrival and the start of its apply); empty otherwise.
    std::string delayedBy;
};

/// One event the traced command appended.
struct TraceEvent
{
    std::string type;
    std::uint64_t version = 0; ///< the key's version it made
    int partition = 0;
    double availableAt = 0;    ///< on the bus: commit + publishDelay, in partition order
    std::vector<TraceDelivery> deliveries; ///< in the order they were made
};

/// A command a policy issued when it applied a traced event.
struct TraceIssue
{
    std::string policy;
    std::string command;
    std::uint64_t key = 0;
    double at = 0;
    bool duplicate = false; ///< issued again for a duplicate delivery (policy not idempotent)
};

/// A query on the traced command's key, issued between the command's arrival
/// and the last apply of its events.
struct TraceRead
{
    std::string query;
    std::string readModel;
    double at = 0;                    ///< issued
    Strategy strategy = Strategy::Eventual;
    bool stale = false;
    std::optional<double> servedAt;   ///< absent when the run ended first
    double staleness = 0;             ///< 0 when fresh
    bool followUp = false;            ///< a command's follow-up (else a plain query)
    bool ownFollowUp = false;         ///< the follow-up of the traced command itself
    bool timeout = false;             ///< wait-for-version gave up

    /// Whether the reader saw old data. An optimistic UI reading back its
    /// own write at the commit is `stale` with staleness 0: it shows the
    /// change itself, so it did not.
    bool sawOldData() const { return stale && (staleness > 0 || timeout); }
};

/// An outage or rebuild of a read model or policy while the command was followed.
struct TraceInterruption
{
    std::string of;                 ///< read model or policy id
    bool rebuild = false;           ///< else an outage
    double from = 0;
    std::optional<double> until;    ///< absent when still going when the trace ended
};

/// What the engine recorded. `found` is false until a command matches the
/// request; `complete` once every delivery of its events is applied and
/// every read issued meanwhile is served.
struct Trace
{
    std::string model;
    std::int64_t seed = 1;
    double at = 0;              ///< the request's time (the warm-up end by default)
    std::string requestedType;  ///< empty: any
    std::string requestedReaching; ///< empty: any
    bool requestedStaleRead = false;
    /// With requestedStaleRead: the commands followed, this one included
    /// (the ones before had no stale read in their journeys).
    int candidates = 0;
    bool found = false;
    bool complete = false;

    // The command.
    std::string commandType;
    std::uint64_t key = 0;
    double issuedAt = 0;
    bool fromPolicy = false;
    std::vector<TraceAttempt> attempts;
    std::optional<double> committedAt;

    std::vector<TraceEvent> events;
    std::vector<TraceIssue> issued;
    std::vector<TraceRead> reads;
    std::vector<TraceInterruption> interruptions;
    std::optional<double> settledAt; ///< the last apply of its events (or the rejection / a commit without deliveries)
};

std::string_view toString(TraceAttempt::Outcome outcome);

/// The index in trace.reads of its first read that saw old data
/// (TraceRead::sawOldData(), as the trace window and the replay draw it: an
/// optimistic UI's own write read back at its commit is stale by 0 and does
/// not count; a wait-for-version read that timed out does); -1 when none.
int firstStaleRead(const Trace &trace);

/// The trace file of DESIGN section 9 (`cqrs-sim trace` output).
Json traceToJson(const Trace &trace);

/// Its text as `cqrs-sim trace` writes it (2-space indent, trailing newline).
std::string formatTrace(const Trace &trace);

} // namespace cqrs::sim
