#pragma once

// The engine's records and its event kinds: what a run holds per delivery,
// job, follow-up query, consumer, read model or policy, command and query
// type. Internal: not installed, not API.

#include "cqrs/model/model.h"
#include "cqrs/model/validation.h"
#include "cqrs/sim/histogram.h"
#include "cqrs/sim/random.h"
#include "cqrs/sim/simulation.h"
#include "cqrs/sim/sink.h"
#include "eventqueue.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace cqrs::sim {

inline constexpr std::uint32_t kNil = 0xffffffffu;
inline constexpr double kInf = std::numeric_limits<double>::infinity();

// A run never reports more intervals than cqrs::kMaxSampleIntervals
// (cqrs/model/validation.h): bounded series and snapshot work.

/// The kinds of future events.
enum EventKind : std::uint8_t {
    EvOutageStart,
    EvOutageEnd,
    EvRebuild,
    EvHandlerDone,
    EvApplyDone,
    EvReach,
    EvBatchTick,
    EvCommandArrival,
    EvFollowUpIssue,
    EvPoll,
    EvQueryArrival,
    EvSample,
    EvWorkerStart,
};

/// Simultaneous events run in this order (lower first): outages first (an
/// outage starting at t stops applies starting at t), then rebuilds,
/// completions, deliveries, batch ticks, arrivals, and the sample boundary
/// last (so the interval (t-dt, t] is complete).
namespace EventPriority {
inline constexpr int OutageStart = 0;
inline constexpr int OutageEnd = 1;
inline constexpr int Rebuild = 2;
inline constexpr int Completion = 3;
inline constexpr int Delivery = 4;
inline constexpr int BatchTick = 5;
inline constexpr int Arrival = 6; ///< commands, follow-ups, polls, workers taking queued work
inline constexpr int QueryArrival = 7;
inline constexpr int Sample = 9;
} // namespace EventPriority

constexpr int priorityOf(EventKind kind)
{
    switch (kind) {
    case EvOutageStart:
        return EventPriority::OutageStart;
    case EvOutageEnd:
        return EventPriority::OutageEnd;
    case EvRebuild:
        return EventPriority::Rebuild;
    case EvHandlerDone:
    case EvApplyDone:
        return EventPriority::Completion;
    case EvReach:
        return EventPriority::Delivery;
    case EvBatchTick:
        return EventPriority::BatchTick;
    case EvCommandArrival:
    case EvFollowUpIssue:
    case EvPoll:
    case EvWorkerStart:
        return EventPriority::Arrival;
    case EvQueryArrival:
        return EventPriority::QueryArrival;
    case EvSample:
        return EventPriority::Sample;
    }
    return EventPriority::Sample;
}

/// One delivery of a committed event to one read model or policy (or its copy).
/// 64 bytes on a 64-byte boundary: one cache line each, never two.
struct alignas(64) Message
{
    double commitTime = 0;
    std::uint64_t key = 0;
    std::uint64_t serial = 0; ///< global, increasing with commit order; 0 when free
    std::uint32_t version = 0;
    std::uint32_t group = 0;
    std::uint32_t partition = 0;
    std::uint32_t prevInGroup = kNil, nextInGroup = kNil; ///< the group's unapplied list, commit order
    std::uint32_t prevOfKey = kNil, nextOfKey = kNil; ///< the key's unapplied list, commit order (kNil ends)
    std::uint32_t waiters = kNil;             ///< optimistic-ui follow-ups awaiting this apply
    std::int32_t slot = -1;                   ///< key space of the read model, -1 none
    bool duplicate = false;
    bool counted = false; ///< committed at or after warmup
    bool replay = false;  ///< in flight when a rebuild started: counts as replayed
};

/// A command (or a read from the write model) in the write side.
struct Job
{
    double arrival = 0;
    std::uint64_t key = 0;
    std::uint32_t command = 0;
    std::uint32_t retries = 0;
    std::uint32_t versionAtStart = 0;
    std::uint32_t query = 0;
    std::uint32_t followUp = kNil;
    bool isRead = false;
    bool counted = false;
    bool fromPolicy = false;
    bool staleDecision = false;
};

/// A follow-up query between its command's commit and its completion.
struct FollowUpQuery
{
    double commitTime = 0;
    double issueAt = 0;
    double deadline = 0;
    double servedAt = 0;
    std::uint64_t key = 0;
    std::uint64_t msgSerial = 0;
    std::uint32_t msg = kNil;
    std::uint32_t query = 0;
    std::uint32_t aggregate = 0; ///< of its command (and key)
    std::uint32_t version = 0;
    std::uint32_t polls = 0;
    std::uint32_t nextWaiter = kNil;
    std::int32_t slot = -1;
    bool hasTarget = false;
    bool counted = false;
};

/// What a read model keeps per key: 16 bytes side by side, so that a commit
/// or an apply touches one cache line per key, not four.
struct KeyState
{
    std::uint32_t applied = 0;    ///< highest version applied
    std::uint32_t head = kNil;    ///< oldest unapplied message
    std::uint32_t tail = kNil;    ///< newest unapplied message
    float firstCommit = -1.0f;    ///< first subscribed commit (-1 none)
};

struct KeySpace
{
    std::uint32_t aggregate = 0;
    std::vector<KeyState> perKey;
};

struct Consumer
{
    enum class Work : std::uint8_t { None, Apply, Batch, Replay };
    RingQueue queue;
    double busyStart = 0;
    double busyUntil = 0;
    std::uint32_t current = kNil;
    std::uint64_t batchCount = 0;
    std::uint64_t taken = 0;
    // The replay of a rebuild, one event at a time in commit order.
    std::uint64_t replayRemaining = 0; ///< events still to replay, the one in hand excluded
    std::uint64_t replayTotal = 0;     ///< events this consumer replays in this rebuild
    std::uint64_t replayDone = 0;      ///< events it has replayed
    std::size_t replayBucket = 0;      ///< commit record cursor: bucket of the next event
    std::uint64_t replayRankBefore = 0; ///< commit record cursor: events in earlier buckets
    double replayNext = kInf;          ///< commit time of its oldest event not yet replayed
    Work work = Work::None;
    bool tickPending = false;
    bool busy() const { return work != Work::None; }
};

struct RebuildRecord
{
    double at = 0;
    double duration = 0;
    std::uint64_t replayed = 0;
    bool started = false;
    bool completed = false;
};

/// Subscribed commits of a read model counted per time bucket over the run:
/// the replay of a rebuild walks it in commit order (fixed size, so memory
/// does not grow with run length; docs/simulation.md, Memory).
struct CommitRecord
{
    static constexpr std::size_t kBuckets = 1024;
    double bucketWidth = 1;
    std::vector<std::uint64_t> perBucket; ///< empty for policies (they do not rebuild)

    void add(double t)
    {
        if (perBucket.empty())
            return;
        const auto b = static_cast<std::size_t>(std::max(0.0, t / bucketWidth));
        ++perBucket[std::min(b, kBuckets - 1)];
    }
};

/// What a read model or policy is: its parameters (some change mid-run).
struct GroupConfig
{
    bool readModel = true;
    int index = 0; ///< into model.readModels or model.policies
    std::string id;
    bool batch = false;
    double interval = 60;
    double offset = 0;
    Sampler delay;
    Sampler apply;
    bool idempotent = true;
    int consumers = 1; ///< consumers in service
    std::vector<int> slotOfAggregate; ///< key space per aggregate, -1 none
    std::optional<double> staleBudget;
    // policy
    int issueCommand = -1;
    double probability = 1;
};

/// Where a read model or policy stands: queues, unapplied events, rebuilds.
struct GroupState
{
    std::vector<Consumer> consumers; ///< may hold more than config.consumers after a scale-down
    std::vector<double> lastReach;                    ///< per partition
    std::vector<std::uint64_t> committedPerPartition; ///< subscribed commits, per partition
    Rng delayRng, applyRng, duplicateRng, issueRng;
    int down = 0; ///< outages in progress
    std::uint32_t tickGeneration = 0;
    std::vector<KeySpace> keys;
    std::uint32_t head = kNil, tail = kNil; ///< unapplied messages, commit order
    std::uint64_t backlog = 0;
    double firstEverCommit = -1;
    // rebuilds
    std::vector<RebuildRecord> rebuilds;
    int activeRebuild = -1;
    int replayingConsumers = 0;
    double rebuildAt = 0;
    CommitRecord commits;
    std::uint64_t replayTotal = 0;         ///< events replayed by all consumers in this rebuild
    std::size_t replayLastBucket = 0;      ///< the bucket of the rebuild time
    std::uint64_t replayLastBucketCount = 0; ///< its count at the rebuild (later commits are not replayed)
    double replayOldest = kInf;            ///< oldest commit time not yet replayed, over the consumers
    bool awaitingThreshold = false;
    std::uint64_t thresholdSerial = 0;
    std::uint64_t thresholdRemaining = 0;
};

/// What a read model or policy measured: over the run and in the current
/// sample interval.
struct GroupStatistics
{
    std::uint64_t applied = 0, duplicates = 0, corrupted = 0, outOfOrder = 0, issued = 0;
    std::uint64_t duplicateIssues = 0; ///< policies: commands issued for duplicate deliveries (in issued too)
    LogHistogram window;
    double backlogArea = 0;
    double lastBacklogChange = 0;
    std::uint64_t backlogMax = 0;
    double lagMax = 0;
    double busyMeasured = 0;
    double busyAll = 0;
    double capacityArea = 0;
    double lastCapacityChange = 0;
    // current sample interval
    std::uint64_t intervalApplied = 0;
    IntervalHistogram intervalWindow; ///< windows since the last sample: read through window, plus warm-up's
    double intervalBacklogArea = 0;
    double intervalLagMax = 0;
    double busyAllAtSample = 0;
};

/// A read model or a policy: a group of consumers.
struct Group
{
    GroupConfig config;
    GroupState state;
    GroupStatistics stats;
};

struct CommandType
{
    std::string id;
    std::uint32_t aggregate = 0;
    std::uint64_t instances = 1;
    double share = 1;
    Sampler handler;
    double rejectRate = 0;
    std::vector<std::uint32_t> emits;
    int followQuery = -1;
    double followProbability = 1;
    Sampler followAfter;
    int followGroup = -1; ///< read model group of the follow-up query
    int validatesGroup = -1;
    bool zipf = false;
    ZipfSampler zipfKeys;
    Rng keyRng, handlerRng, rejectRng, followRng, policyHandlerRng, policyRejectRng, policyFollowRng;
    // measured
    std::uint64_t issued = 0, accepted = 0, rejected = 0, conflicts = 0, staleDecisions = 0;
    LogHistogram latency;
};

struct EventType
{
    std::string id;
    std::vector<std::uint32_t> subscribers; ///< groups
};

struct QueryType
{
    std::string id;
    std::uint32_t group = 0;
    double share = 1;
    Sampler readTime;
    Consistency consistency;
    int slot = -1; ///< key space in the read model of the first subscribed event's aggregate
    std::uint64_t instances = 1;
    bool zipf = false;
    ZipfSampler zipfKeys;
    Rng keyRng, readRng;
    std::uint64_t issued = 0, stale = 0, timeouts = 0;
    LogHistogram staleness, latency, pending;
    std::uint64_t intervalIssued = 0, intervalStale = 0;
};

struct Worker
{
    double busyStart = 0;
    double busyUntil = 0;
    bool serving = false;
    bool busy() const { return serving; }
};

/// What the servers (workers or consumers) credited beyond `from`: busy time
/// is credited whole when work starts, so figures taken at `from` take back
/// the part of each work in hand that lies after it (and before `end`).
template<typename Server>
double takeBackBusyAfter(double busy, const std::vector<Server> &servers, double from, double end)
{
    for (const Server &server : servers) {
        if (server.busy()) {
            const double ahead = std::min(server.busyUntil, end) - std::max(from, server.busyStart);
            if (ahead > 0.0)
                busy -= ahead;
        }
    }
    return busy;
}

/// Index of the item a uniform draw picks by `share` (items with share 0 are
/// never picked, rounding at the top end falls on the last positive share).
template<typename Item>
std::uint32_t pickByShare(const std::vector<Item> &items, double shareTotal, Rng &rng)
{
    if (items.size() <= 1)
        return 0;
    double u = rng.uniform() * shareTotal;
    auto picked = static_cast<std::uint32_t>(items.size() - 1);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].share > 0.0 && u < items[i].share) {
            picked = static_cast<std::uint32_t>(i);
            break;
        }
        u -= items[i].share;
    }
    while (items[picked].share <= 0.0 && picked > 0)
        --picked;
    return picked;
}

} // namespace cqrs::sim
