// The engine: arrivals of commands and queries, the write side and commits.

#include "engine.h"

#include <algorithm>

namespace cqrs::sim {

double Engine::nextCommandArrival(double from)
{
    if (m_commandRate <= 0.0 || m_commandShareTotal <= 0.0)
        return kInf;
    // Integrated rate: one Exp(1) draw walks through the piecewise-constant profile.
    double e = m_arrivalRng.exponential(1.0);
    double t = from;
    std::size_t i = 0;
    while (i < m_profile.size() && m_profile[i].at <= t)
        ++i;
    for (;;) {
        const double factor = i == 0 ? 1.0 : m_profile[i - 1].factor;
        const double segmentEnd = i < m_profile.size() ? m_profile[i].at : kInf;
        const double rate = m_commandRate * factor;
        if (rate > 0.0) {
            const double need = e / rate;
            if (t + need <= segmentEnd)
                return t + need;
            e -= rate * (segmentEnd - t);
        }
        if (segmentEnd == kInf || segmentEnd > m_duration)
            return kInf;
        t = segmentEnd;
        ++i;
    }
}

void Engine::scheduleCommandArrival()
{
    const double t = nextCommandArrival(m_now);
    if (t <= m_duration)
        m_futureEvents.push(t, priorityOf(EvCommandArrival), EvCommandArrival, m_arrivalGeneration);
}

void Engine::scheduleQueryArrival()
{
    if (m_queryRate <= 0.0 || m_queryShareTotal <= 0.0)
        return;
    const double t = m_now + m_queryArrivalRng.exponential(1.0 / m_queryRate);
    if (t <= m_duration)
        m_futureEvents.push(t, priorityOf(EvQueryArrival), EvQueryArrival, m_queryGeneration);
}

void Engine::onCommandArrival()
{
    const std::uint32_t type = pickByShare(m_commands, m_commandShareTotal, m_typeRng);
    CommandType &ct = m_commands[type];
    const std::uint64_t key = ct.zipf ? ct.zipfKeys.sample(ct.keyRng) : ct.keyRng.below(ct.instances);
    newCommand(type, key, false);
    scheduleCommandArrival();
}

void Engine::newCommand(std::uint32_t command, std::uint64_t key, bool fromPolicy)
{
    const std::uint32_t j = m_jobs.allocate();
    Job &job = m_jobs[j];
    job.arrival = m_now;
    job.key = key;
    job.command = command;
    job.counted = m_now >= m_warmup;
    job.fromPolicy = fromPolicy;
    if (job.counted)
        ++m_commands[command].issued;
    if (m_trace)
        trace(TraceRecord::Kind::CommandArrived, static_cast<int>(command), key, 0, 0.0);
    if (m_tracing)
        traceCommandIssued(j);
    enqueueJob(j);
}

void Engine::enqueueJob(std::uint32_t job)
{
    if (!m_freeWorkers.empty()) {
        const std::uint32_t w = m_freeWorkers.back();
        m_freeWorkers.pop_back();
        startJob(w, job);
    } else {
        m_writeQueue.push(job);
    }
}

void Engine::creditWrite(double start, double end)
{
    const double hi = std::min(end, m_duration);
    const double lo = std::max(start, m_warmup);
    if (hi > lo)
        m_writeBusyMeasured += hi - lo;
    if (hi > start)
        m_writeBusyAll += hi - start;
}

void Engine::startJob(std::uint32_t worker, std::uint32_t j)
{
    Job &job = m_jobs[j];
    double service;
    if (job.isRead) {
        QueryType &qt = m_queries[job.query];
        service = qt.readTime.sample(qt.readRng);
    } else {
        CommandType &ct = m_commands[job.command];
        job.versionAtStart = m_versions[ct.aggregate][job.key];
        if (ct.validatesGroup >= 0) {
            const Group &g = m_groups[static_cast<std::size_t>(ct.validatesGroup)];
            double oldest;
            job.staleDecision = keyStale(g, g.config.slotOfAggregate[ct.aggregate], job.key, oldest);
        }
        service = ct.handler.sample(job.fromPolicy ? ct.policyHandlerRng : ct.handlerRng);
        if (m_tracing && j == m_tracing->job)
            traceAttemptStart();
    }
    Worker &wk = m_workers[worker];
    wk.serving = true;
    wk.busyStart = m_now;
    wk.busyUntil = m_now + service;
    creditWrite(m_now, m_now + service);
    m_futureEvents.push(m_now + service, priorityOf(EvHandlerDone), EvHandlerDone, worker, j);
}

void Engine::onHandlerDone(std::uint32_t worker, std::uint32_t j)
{
    m_workers[worker].serving = false;
    Job &job = m_jobs[j];
    if (job.isRead) {
        if (job.followUp != kNil) {
            if (m_tracing)
                traceFollowUpServed(job.followUp, false, 0.0, false);
            finishQuery(job.query, job.arrival, m_now, job.counted, false, 0.0, false, true);
            m_followUps.release(job.followUp);
        } else {
            finishQuery(job.query, job.arrival, m_now, job.counted, false, 0.0, false, true);
        }
        m_jobs.release(j);
    } else {
        completeCommand(j);
    }
    // The next job starts after the commit, so it sees the new version. With
    // validatesAgainst it starts after the zero-time deliveries of this instant,
    // so that a read model with no delay is never seen stale.
    if (worker >= m_activeWorkers)
        return; // retired by setWorkers(): finishes its job, takes no other
    if (m_writeQueue.empty())
        m_freeWorkers.push_back(worker);
    else if (m_deferStarts)
        m_futureEvents.push(m_now, priorityOf(EvWorkerStart), EvWorkerStart, worker);
    else
        startJob(worker, m_writeQueue.pop());
}

void Engine::completeCommand(std::uint32_t j)
{
    Job &job = m_jobs[j];
    CommandType &ct = m_commands[job.command];
    Rng &rejectRng = job.fromPolicy ? ct.policyRejectRng : ct.rejectRng;
    const bool traced = m_tracing && j == m_tracing->job;
    if (ct.rejectRate > 0.0 && rejectRng.bernoulli(ct.rejectRate)) {
        if (traced)
            traceAttemptEnd(TraceAttempt::Outcome::Rejected);
        finishCommand(j, false);
        return;
    }
    if (m_versions[ct.aggregate][job.key] != job.versionAtStart) {
        if (job.counted)
            ++ct.conflicts;
        ++m_intervalConflicts;
        if (m_trace)
            trace(TraceRecord::Kind::Conflict, static_cast<int>(job.command), job.key, 0, 0.0);
        if (static_cast<int>(job.retries) < m_maxRetries) {
            if (traced)
                traceAttemptEnd(TraceAttempt::Outcome::Conflict);
            ++job.retries;
            m_writeQueue.push(j);
            return;
        }
        if (traced)
            traceAttemptEnd(TraceAttempt::Outcome::Rejected);
        finishCommand(j, false);
        return;
    }
    if (traced)
        traceAttemptEnd(TraceAttempt::Outcome::Committed);
    commit(j);
    finishCommand(j, true);
}

void Engine::finishCommand(std::uint32_t j, bool accepted)
{
    Job &job = m_jobs[j];
    CommandType &ct = m_commands[job.command];
    const double latency = m_now - job.arrival;
    if (accepted)
        ++m_intervalAccepted;
    else
        ++m_intervalRejected;
    if (m_sink)
        m_intervalLatency.add(latency);
    if (job.counted) {
        if (accepted)
            ++ct.accepted;
        else
            ++ct.rejected;
        if (job.staleDecision)
            ++ct.staleDecisions;
        ct.latency.add(latency);
    }
    if (m_trace)
        trace(accepted ? TraceRecord::Kind::CommandCommitted : TraceRecord::Kind::CommandRejected,
              static_cast<int>(job.command), job.key, m_versions[ct.aggregate][job.key], latency);
    m_jobs.release(j);
}

void Engine::commit(std::uint32_t j)
{
    const Job job = m_jobs[j];
    CommandType &ct = m_commands[job.command];
    std::uint32_t &version = m_versions[ct.aggregate][job.key];
    const std::uint64_t key = job.key;
    const auto partition = static_cast<std::size_t>(partitionOf(key));
    const bool counted = m_now >= m_warmup;
    std::uint32_t targetMsg = kNil;
    std::uint32_t targetVersion = 0;
    const bool traced = m_tracing && m_tracing->job == j;
    for (std::uint32_t ev : ct.emits) {
        ++version;
        ++m_intervalPublished;
        if (counted)
            ++m_published;
        const auto &subscribers = m_eventTypes[ev].subscribers;
        double avail = m_now + m_publishDelay.sample(m_busRng);
        const double previousAvail = m_lastAvail[partition];
        if (m_ordered) {
            avail = std::max(avail, m_lastAvail[partition]);
            m_lastAvail[partition] = avail;
        }
        if (traced)
            traceEvent(ev, version, static_cast<std::uint32_t>(partition), avail);
        // An event nobody subscribes to still holds its place in the partition.
        if (subscribers.empty())
            continue;
        for (std::uint32_t gi : subscribers) {
            Group &g = m_groups[gi];
            const std::uint32_t m = m_messages.allocate();
            Message &msg = m_messages[m];
            msg.commitTime = m_now;
            msg.key = key;
            msg.serial = ++m_serial;
            msg.version = version;
            msg.group = gi;
            msg.partition = static_cast<std::uint32_t>(partition);
            msg.counted = counted;
            // Unapplied list of the group, in commit order.
            msg.prevInGroup = g.state.tail;
            if (g.state.tail != kNil)
                m_messages[g.state.tail].nextInGroup = m;
            else
                g.state.head = m;
            g.state.tail = m;
            if (g.config.readModel) {
                msg.slot = g.config.slotOfAggregate[ct.aggregate];
                KeyState &ks = g.state.keys[static_cast<std::size_t>(msg.slot)].perKey[key];
                // The key's unapplied list; the tail is kept per key so that the
                // (old, uncached) head is not touched on every commit.
                std::uint32_t &tail = ks.tail;
                if (tail == kNil)
                    ks.head = m;
                else
                    m_messages[tail].nextOfKey = m;
                msg.prevOfKey = tail;
                tail = m;
                if (ks.firstCommit < 0.0f)
                    ks.firstCommit = static_cast<float>(m_now);
                if (static_cast<int>(gi) == ct.followGroup) {
                    targetMsg = m;
                    targetVersion = version;
                }
            }
            ++g.state.committedPerPartition[partition];
            g.state.commits.add(m_now);
            if (g.state.firstEverCommit < 0.0)
                g.state.firstEverCommit = m_now;
            changeBacklog(g, +1);
            if (traced)
                traceDelivery(m);
            double reach = avail;
            double previous = previousAvail;
            if (!g.config.batch) {
                reach += g.config.delay.sample(g.state.delayRng);
                previous = g.state.lastReach[partition];
                if (m_ordered) {
                    reach = std::max(reach, previous);
                    g.state.lastReach[partition] = reach;
                }
            }
            // Zero delay: the event is in the consumer's queue now, no engine event
            // needed, unless an earlier event of the partition is due at this very
            // instant and not yet delivered (it must stay ahead).
            if (reach <= m_now && (!m_ordered || previous < m_now))
                onReach(m);
            else
                m_futureEvents.push(reach, priorityOf(EvReach), EvReach, m);
        }
    }
    std::uint32_t ownFollowUp = kNil;
    if (ct.followQuery >= 0) {
        Rng &rng = job.fromPolicy ? ct.policyFollowRng : ct.followRng;
        if (rng.bernoulli(ct.followProbability)) {
            const double after = ct.followAfter.sample(rng);
            const std::uint32_t f = m_followUps.allocate();
            FollowUpQuery &followUp = m_followUps[f];
            followUp.commitTime = m_now;
            followUp.key = key;
            followUp.query = static_cast<std::uint32_t>(ct.followQuery);
            followUp.aggregate = ct.aggregate;
            if (targetMsg != kNil) {
                followUp.hasTarget = true;
                followUp.msg = targetMsg;
                followUp.msgSerial = m_messages[targetMsg].serial;
                followUp.version = targetVersion;
                followUp.slot = m_messages[targetMsg].slot;
            }
            if (m_now + after <= m_duration) {
                m_futureEvents.push(m_now + after, priorityOf(EvFollowUpIssue), EvFollowUpIssue, f);
                ownFollowUp = f;
            } else {
                m_followUps.release(f);
            }
        }
    }
    if (traced)
        traceCommitDone(ownFollowUp);
}

} // namespace cqrs::sim
