// The engine: read models and policies (deliveries, applies, batches, outages, rebuilds).

#include "engine.h"

#include <algorithm>
#include <cmath>

namespace cqrs::sim {

void Engine::changeBacklog(Group &g, std::int64_t delta)
{
    const double from = g.stats.lastBacklogChange;
    const auto held = static_cast<double>(g.state.backlog);
    if (m_now > m_warmup) {
        g.stats.backlogArea += held * (m_now - std::max(from, m_warmup));
        if (g.state.backlog > g.stats.backlogMax)
            g.stats.backlogMax = g.state.backlog;
    }
    g.stats.intervalBacklogArea += held * (m_now - std::max(from, m_intervalStart));
    g.stats.lastBacklogChange = m_now;
    g.state.backlog = static_cast<std::uint64_t>(static_cast<std::int64_t>(g.state.backlog) + delta);
    if (m_now >= m_warmup && g.state.backlog > g.stats.backlogMax)
        g.stats.backlogMax = g.state.backlog;
}

void Engine::creditBusy(Group &g, double start, double end)
{
    const double hi = std::min(end, m_duration);
    const double lo = std::max(start, m_warmup);
    if (hi > lo)
        g.stats.busyMeasured += hi - lo;
    if (hi > start)
        g.stats.busyAll += hi - start;
}

void Engine::changeCapacity(Group &g, int consumers)
{
    if (m_now > m_warmup)
        g.stats.capacityArea += g.config.consumers * (m_now - std::max(g.stats.lastCapacityChange, m_warmup));
    g.stats.lastCapacityChange = m_now;
    g.config.consumers = consumers;
    if (g.state.consumers.size() < static_cast<std::size_t>(consumers))
        g.state.consumers.resize(static_cast<std::size_t>(consumers));
}

double Engine::oldestUnapplied(const Group &g) const
{
    const double oldest = g.state.head != kNil ? m_messages[g.state.head].commitTime : kInf;
    return g.state.replayingConsumers > 0 ? std::min(oldest, g.state.replayOldest) : oldest;
}

void Engine::noteLag(Group &g)
{
    const double oldest = oldestUnapplied(g);
    if (oldest == kInf)
        return;
    const double lag = m_now - oldest;
    if (m_now >= m_warmup && lag > g.stats.lagMax)
        g.stats.lagMax = lag;
    if (lag > g.stats.intervalLagMax)
        g.stats.intervalLagMax = lag;
}

bool Engine::consumerReplaying(const Group &g, std::uint64_t key) const
{
    const std::size_t c = consumerOf(g, partitionOf(key));
    if (c >= g.state.consumers.size())
        return false;
    const Consumer &consumer = g.state.consumers[c];
    return consumer.replayRemaining > 0 || consumer.work == Consumer::Work::Replay;
}

// The commit time up to which the consumer of `key` has replayed (kInf when
// it is not replaying): events of the key committed from then on until the
// rebuild are not applied yet.
double Engine::replayCursor(const Group &g, std::uint64_t key) const
{
    const std::size_t c = consumerOf(g, partitionOf(key));
    if (c >= g.state.consumers.size() || !consumerReplaying(g, key))
        return kInf;
    return g.state.consumers[c].replayNext;
}

// Moves the consumer's cursor to its next event not yet replayed. Its events
// are taken as spread over the group's commit record like all of the
// group's: the i-th of its n events is at rank (i + 1/2) N / n of the N
// events the rebuild replays, and within a bucket commits are taken as
// evenly spaced.
void Engine::advanceReplay(Group &g, Consumer &consumer)
{
    const CommitRecord &record = g.state.commits;
    if (consumer.replayDone >= consumer.replayTotal || record.perBucket.empty()) {
        consumer.replayNext = kInf;
        return;
    }
    const double rank = (static_cast<double>(consumer.replayDone) + 0.5) * static_cast<double>(g.state.replayTotal)
                        / static_cast<double>(consumer.replayTotal);
    const std::size_t last = g.state.replayLastBucket;
    auto countOf = [&](std::size_t b) {
        return b == last ? g.state.replayLastBucketCount : record.perBucket[b];
    };
    while (consumer.replayBucket < last
           && static_cast<double>(consumer.replayRankBefore + countOf(consumer.replayBucket)) <= rank) {
        consumer.replayRankBefore += countOf(consumer.replayBucket);
        ++consumer.replayBucket;
    }
    const double start = static_cast<double>(consumer.replayBucket) * record.bucketWidth;
    const double end = std::min(start + record.bucketWidth, g.state.rebuildAt);
    const std::uint64_t count = countOf(consumer.replayBucket);
    double t = start;
    if (count > 0)
        t += (end - start) * std::min(1.0, (rank - static_cast<double>(consumer.replayRankBefore)) / static_cast<double>(count));
    consumer.replayNext = std::clamp(t, std::max(0.0, g.state.firstEverCommit), g.state.rebuildAt);
}

void Engine::updateReplayOldest(Group &g)
{
    // Only consumers that own a partition replay anything.
    double oldest = kInf;
    const std::size_t owners = std::min(g.state.consumers.size(), static_cast<std::size_t>(m_partitions));
    for (std::size_t c = 0; c < owners; ++c) {
        const Consumer &consumer = g.state.consumers[c];
        if (consumer.replayDone < consumer.replayTotal)
            oldest = std::min(oldest, consumer.replayNext);
    }
    g.state.replayOldest = oldest;
}

bool Engine::keyStale(const Group &g, int slot, std::uint64_t key, double &oldest) const
{
    oldest = kInf;
    if (slot < 0)
        return false;
    const KeyState &ks = g.state.keys[static_cast<std::size_t>(slot)].perKey[key];
    // During a replay a key committed before the rebuild is stale until the
    // replay has passed its events; its oldest one not replayed is at or
    // after both its first commit and the replay's cursor.
    if (g.state.replayingConsumers > 0 && ks.firstCommit >= 0.0f
        && static_cast<double>(ks.firstCommit) < g.state.rebuildAt) {
        const double cursor = replayCursor(g, key);
        if (cursor != kInf)
            oldest = std::max(static_cast<double>(ks.firstCommit), cursor);
    }
    const std::uint32_t head = ks.head;
    if (head != kNil)
        oldest = std::min(oldest, m_messages[head].commitTime);
    return oldest != kInf;
}

bool Engine::targetApplied(const FollowUpQuery &f) const
{
    if (!f.hasTarget)
        return true;
    const Group &g = m_groups[m_queries[f.query].group];
    if (f.slot < 0)
        return true;
    // Replayed in commit order: not applied until the replay passes its commit.
    if (g.state.replayingConsumers > 0 && f.commitTime < g.state.rebuildAt && f.commitTime >= replayCursor(g, f.key))
        return false;
    return g.state.keys[static_cast<std::size_t>(f.slot)].perKey[f.key].applied >= f.version;
}

void Engine::onReach(std::uint32_t m)
{
    Message &msg = m_messages[m];
    const std::uint32_t gi = msg.group;
    Group &g = m_groups[gi];
    const std::uint32_t c = consumerOf(g, msg.partition);
    Consumer &consumer = g.state.consumers[c];
    consumer.queue.push(m);
    std::uint32_t copyIndex = kNil;
    if (m_duplicateRate > 0.0 && g.state.duplicateRng.bernoulli(m_duplicateRate)) {
        const Message original = msg;
        copyIndex = m_messages.allocate();
        Message &copy = m_messages[copyIndex];
        copy.commitTime = original.commitTime;
        copy.key = original.key;
        copy.serial = ++m_serial;
        copy.version = original.version;
        copy.group = gi;
        copy.partition = original.partition;
        copy.slot = original.slot;
        copy.counted = original.counted;
        copy.duplicate = true;
        consumer.queue.push(copyIndex); // the copy follows the original
    }
    if (m_tracing)
        traceReach(m, c, copyIndex);
    if (!g.config.batch)
        tryStart(g, c);
}

double Engine::sampleSum(const Sampler &s, Rng &rng, std::uint64_t n)
{
    if (s.isConstant())
        return static_cast<double>(n) * s.sample(rng);
    double sum = 0.0;
    for (std::uint64_t i = 0; i < n; ++i)
        sum += s.sample(rng);
    return sum;
}

void Engine::tryStart(Group &g, std::uint32_t c)
{
    Consumer &consumer = g.state.consumers[c];
    if (consumer.busy() || g.state.down > 0)
        return;
    if (consumer.replayRemaining > 0) {
        --consumer.replayRemaining;
        consumer.work = Consumer::Work::Replay;
        startWork(g, c, g.config.apply.sample(g.state.applyRng));
        return;
    }
    if (!g.config.batch) {
        if (consumer.queue.empty())
            return;
        consumer.current = consumer.queue.pop();
        consumer.work = Consumer::Work::Apply;
        startWork(g, c, g.config.apply.sample(g.state.applyRng));
        return;
    }
    if (consumer.taken == 0)
        return;
    consumer.batchCount = consumer.taken;
    consumer.taken = 0;
    consumer.work = Consumer::Work::Batch;
    startWork(g, c, sampleSum(g.config.apply, g.state.applyRng, consumer.batchCount));
}

void Engine::startWork(Group &g, std::uint32_t c, double duration)
{
    Consumer &consumer = g.state.consumers[c];
    consumer.busyStart = m_now;
    consumer.busyUntil = m_now + duration;
    creditBusy(g, m_now, m_now + duration);
    const auto gi = static_cast<std::uint32_t>(&g - m_groups.data());
    m_futureEvents.push(m_now + duration, priorityOf(EvApplyDone), EvApplyDone, gi, c);
}

void Engine::onApplyDone(std::uint32_t gi, std::uint32_t c)
{
    Group &g = m_groups[gi];
    Consumer &consumer = g.state.consumers[c];
    const Consumer::Work work = consumer.work;
    consumer.work = Consumer::Work::None;
    switch (work) {
    case Consumer::Work::Apply:
        finishMessage(g, consumer.current);
        consumer.current = kNil;
        break;
    case Consumer::Work::Batch: {
        const std::uint64_t n = consumer.batchCount;
        consumer.batchCount = 0;
        for (std::uint64_t i = 0; i < n; ++i)
            finishMessage(g, g.state.consumers[c].queue.pop());
        break;
    }
    case Consumer::Work::Replay: {
        noteLag(g);
        changeBacklog(g, -1);
        if (g.state.activeRebuild >= 0)
            ++g.state.rebuilds[static_cast<std::size_t>(g.state.activeRebuild)].replayed;
        ++consumer.replayDone;
        advanceReplay(g, consumer);
        updateReplayOldest(g);
        if (consumer.replayRemaining == 0) {
            if (--g.state.replayingConsumers == 0)
                replayFinished(g);
        }
        break;
    }
    case Consumer::Work::None:
        break;
    }
    tryStart(g, c);
}

void Engine::finishMessage(Group &g, std::uint32_t m)
{
    Message &msg = m_messages[m];
    const bool traced = m_tracing && traceApplied(g, m);
    if (msg.duplicate) {
        if (msg.counted) {
            ++g.stats.duplicates;
            if (!g.config.idempotent)
                ++g.stats.corrupted;
        }
        // A policy that is not idempotent acts on the copy as on the original.
        if (!g.config.readModel && !g.config.idempotent && g.state.issueRng.bernoulli(g.config.probability)) {
            if (traced)
                tracePolicyIssue(g, m, true);
            issueFromPolicy(g, m, true);
            return;
        }
        msg.serial = 0;
        m_messages.release(m);
        return;
    }
    noteLag(g);
    // Unlink from the group's list.
    if (msg.prevInGroup != kNil)
        m_messages[msg.prevInGroup].nextInGroup = msg.nextInGroup;
    else
        g.state.head = msg.nextInGroup;
    if (msg.nextInGroup != kNil)
        m_messages[msg.nextInGroup].prevInGroup = msg.prevInGroup;
    else
        g.state.tail = msg.prevInGroup;
    changeBacklog(g, -1);
    const double window = m_now - msg.commitTime;
    if (g.state.awaitingThreshold && msg.serial <= g.state.thresholdSerial && --g.state.thresholdRemaining == 0)
        completeRebuild(g);
    if (msg.slot >= 0) {
        KeyState &ks = g.state.keys[static_cast<std::size_t>(msg.slot)].perKey[msg.key];
        // Unlink from the key's list.
        if (msg.prevOfKey != kNil)
            m_messages[msg.prevOfKey].nextOfKey = msg.nextOfKey;
        else
            ks.head = msg.nextOfKey;
        if (msg.nextOfKey != kNil)
            m_messages[msg.nextOfKey].prevOfKey = msg.prevOfKey;
        else
            ks.tail = msg.prevOfKey;
        std::uint32_t &applied = ks.applied;
        if (msg.version < applied) {
            if (msg.counted && !msg.replay)
                ++g.stats.outOfOrder;
        } else {
            applied = msg.version;
        }
        // Optimistic-ui follow-ups waiting for exactly this event.
        for (std::uint32_t f = msg.waiters; f != kNil;) {
            FollowUpQuery &followUp = m_followUps[f];
            const std::uint32_t next = followUp.nextWaiter;
            if (followUp.counted)
                m_queries[followUp.query].pending.add(m_now - followUp.servedAt);
            m_followUps.release(f);
            f = next;
        }
    }
    if (msg.replay) {
        if (g.state.activeRebuild >= 0)
            ++g.state.rebuilds[static_cast<std::size_t>(g.state.activeRebuild)].replayed;
    } else {
        ++g.stats.intervalApplied;
        const bool intervals = tracksIntervals(g);
        if (msg.counted) {
            ++g.stats.applied;
            g.stats.window.add(window);
            if (intervals)
                g.stats.intervalWindow.noteCounted(window);
        } else if (intervals) {
            g.stats.intervalWindow.addUncounted(window);
        }
        if (m_trace)
            trace(TraceRecord::Kind::EventApplied,
                  g.config.readModel ? g.config.index : -1 - g.config.index, msg.key, msg.version, window);
        if (!g.config.readModel && g.state.issueRng.bernoulli(g.config.probability)) {
            if (traced)
                tracePolicyIssue(g, m, false);
            issueFromPolicy(g, m, false);
            return;
        }
    }
    msg.serial = 0;
    m_messages.release(m);
}

void Engine::issueFromPolicy(Group &g, std::uint32_t m, bool duplicate)
{
    const CommandType &target = m_commands[static_cast<std::size_t>(g.config.issueCommand)];
    const std::uint64_t key = m_messages[m].key % target.instances;
    if (m_now >= m_warmup) {
        ++g.stats.issued;
        if (duplicate)
            ++g.stats.duplicateIssues;
    }
    m_messages[m].serial = 0;
    m_messages.release(m);
    newCommand(static_cast<std::uint32_t>(g.config.issueCommand), key, true);
}

void Engine::scheduleTick(std::uint32_t gi, double after)
{
    Group &g = m_groups[gi];
    // Smallest n >= 0 with offset + n * interval > after.
    double n = std::floor((after - g.config.offset) / g.config.interval) + 1.0;
    if (n < 0.0)
        n = 0.0;
    while (g.config.offset + (n - 1.0) * g.config.interval > after && n > 0.0)
        n -= 1.0;
    while (g.config.offset + n * g.config.interval <= after)
        n += 1.0;
    const double t = g.config.offset + n * g.config.interval;
    if (t <= m_duration && n < 4.0e9)
        m_futureEvents.push(t, priorityOf(EvBatchTick), EvBatchTick, gi, g.state.tickGeneration, static_cast<std::uint32_t>(n));
}

void Engine::onBatchTick(std::uint32_t gi, std::uint32_t generation, std::uint32_t n)
{
    Group &g = m_groups[gi];
    if (generation != g.state.tickGeneration)
        return;
    const double next = g.config.offset + (static_cast<double>(n) + 1.0) * g.config.interval;
    if (next <= m_duration)
        m_futureEvents.push(next, priorityOf(EvBatchTick), EvBatchTick, gi, generation, n + 1);
    for (std::uint32_t c = 0; c < g.state.consumers.size(); ++c) {
        Consumer &consumer = g.state.consumers[c];
        if (g.state.down > 0) {
            consumer.tickPending = true;
            continue;
        }
        consumer.taken = consumer.queue.size() - (consumer.work == Consumer::Work::Batch ? consumer.batchCount : 0);
        tryStart(g, c);
    }
}

void Engine::onOutageStart(std::uint32_t gi)
{
    if (++m_groups[gi].state.down == 1 && m_tracing)
        traceDown(gi, true);
}

void Engine::onOutageEnd(std::uint32_t gi)
{
    Group &g = m_groups[gi];
    if (g.state.down > 0)
        --g.state.down;
    if (g.state.down > 0)
        return;
    if (m_tracing)
        traceDown(gi, false);
    for (std::uint32_t c = 0; c < g.state.consumers.size(); ++c) {
        Consumer &consumer = g.state.consumers[c];
        if (consumer.tickPending) {
            consumer.tickPending = false;
            consumer.taken = consumer.queue.size() - (consumer.work == Consumer::Work::Batch ? consumer.batchCount : 0);
        }
        tryStart(g, c);
    }
}

void Engine::onRebuild(std::uint32_t gi, std::uint32_t record)
{
    Group &g = m_groups[gi];
    if (g.state.activeRebuild >= 0) {
        // A new rebuild supersedes the running one: it ends here, incomplete.
        RebuildRecord &old = g.state.rebuilds[static_cast<std::size_t>(g.state.activeRebuild)];
        old.duration = m_now - old.at;
        g.state.awaitingThreshold = false;
    }
    if (m_tracing)
        traceRebuild(gi, true);
    RebuildRecord &rebuild = g.state.rebuilds[record];
    rebuild.started = true;
    rebuild.at = m_now;
    g.state.activeRebuild = static_cast<int>(record);
    g.state.rebuildAt = m_now;
    // Events still in flight are part of the replay: they count as replayed
    // when applied, and the replay work covers the rest.
    std::vector<std::uint64_t> inFlight(g.state.consumers.size(), 0);
    for (std::uint32_t m = g.state.head; m != kNil; m = m_messages[m].nextInGroup) {
        Message &msg = m_messages[m];
        if (!msg.replay) {
            msg.replay = true;
        }
        const std::size_t c = consumerOf(g, msg.partition);
        ++inFlight[c];
    }
    std::uint64_t total = 0;
    std::uint64_t superseded = 0; // replay of an earlier rebuild not started: no longer backlog
    g.state.replayingConsumers = 0;
    for (std::size_t c = 0; c < g.state.consumers.size(); ++c) {
        Consumer &consumer = g.state.consumers[c];
        std::uint64_t committed = 0;
        if (c < static_cast<std::size_t>(g.config.consumers)) {
            for (std::size_t p = c; p < g.state.committedPerPartition.size(); p += static_cast<std::size_t>(g.config.consumers))
                committed += g.state.committedPerPartition[p];
        }
        const std::uint64_t replay = committed > inFlight[c] ? committed - inFlight[c] : 0;
        superseded += consumer.replayRemaining;
        consumer.replayRemaining = replay;
        consumer.replayTotal = replay;
        consumer.replayDone = 0;
        consumer.replayBucket = 0;
        consumer.replayRankBefore = 0;
        total += replay;
        if (replay > 0 || consumer.work == Consumer::Work::Replay)
            ++g.state.replayingConsumers;
    }
    // The replay walks the commit record up to the rebuild, oldest first.
    g.state.replayTotal = total;
    if (!g.state.commits.perBucket.empty()) {
        g.state.replayLastBucket = std::min(static_cast<std::size_t>(std::max(0.0, m_now / g.state.commits.bucketWidth)),
                                            CommitRecord::kBuckets - 1);
        g.state.replayLastBucketCount = g.state.commits.perBucket[g.state.replayLastBucket];
    }
    for (Consumer &consumer : g.state.consumers)
        advanceReplay(g, consumer);
    updateReplayOldest(g);
    changeBacklog(g, static_cast<std::int64_t>(total) - static_cast<std::int64_t>(superseded));
    if (g.state.replayingConsumers == 0) {
        replayFinished(g);
        return;
    }
    for (std::uint32_t c = 0; c < g.state.consumers.size(); ++c)
        tryStart(g, c);
}

void Engine::replayFinished(Group &g)
{
    // The rebuild ends when every event committed up to now is applied.
    std::uint64_t pending = 0;
    for (std::uint32_t m = g.state.head; m != kNil; m = m_messages[m].nextInGroup)
        ++pending;
    g.state.thresholdSerial = m_serial;
    g.state.thresholdRemaining = pending;
    g.state.awaitingThreshold = pending > 0;
    if (pending == 0)
        completeRebuild(g);
}

void Engine::completeRebuild(Group &g)
{
    g.state.awaitingThreshold = false;
    if (g.state.activeRebuild < 0)
        return;
    RebuildRecord &rebuild = g.state.rebuilds[static_cast<std::size_t>(g.state.activeRebuild)];
    rebuild.duration = m_now - rebuild.at;
    rebuild.completed = true;
    g.state.activeRebuild = -1;
    if (m_tracing)
        traceRebuild(static_cast<std::uint32_t>(&g - m_groups.data()), false);
}

} // namespace cqrs::sim
