// The engine: queries and their consistency strategies.

#include "engine.h"

#include <algorithm>

namespace cqrs::sim {

void Engine::finishQuery(std::uint32_t q, double issue, double served, bool counted, bool stale,
                         double staleness, bool timeout, bool fromWriteModel)
{
    QueryType &qt = m_queries[q];
    // A read from the write model already held a worker for its readTime.
    const double readTime = fromWriteModel ? 0.0 : qt.readTime.sample(qt.readRng);
    const double completion = served + readTime;
    const double latency = (served - issue) + readTime;
    if (completion > m_duration)
        return; // still in flight at the end: not counted
    ++qt.intervalIssued;
    if (stale)
        ++qt.intervalStale;
    if (counted) {
        ++qt.issued;
        if (stale) {
            ++qt.stale;
            qt.staleness.add(staleness);
        }
        if (timeout)
            ++qt.timeouts;
        qt.latency.add(latency);
    }
    if (m_trace)
        trace(TraceRecord::Kind::QueryServed, static_cast<int>(q), 0, 0, stale ? staleness : 0.0, stale);
}

void Engine::onQueryArrival()
{
    const std::uint32_t type = pickByShare(m_queries, m_queryShareTotal, m_queryTypeRng);
    QueryType &qt = m_queries[type];
    const bool counted = m_now >= m_warmup;
    if (qt.consistency.strategy == Strategy::ReadFromWriteModel) {
        const std::uint32_t j = m_jobs.allocate();
        Job &job = m_jobs[j];
        job.isRead = true;
        job.query = type;
        job.arrival = m_now;
        job.counted = counted;
        enqueueJob(j);
    } else {
        const std::uint64_t key = qt.zipf ? qt.zipfKeys.sample(qt.keyRng) : qt.keyRng.below(qt.instances);
        double oldest;
        const bool stale = keyStale(m_groups[qt.group], qt.slot, key, oldest);
        if (m_tracing)
            tracePlainRead(type, key, stale, m_now - oldest);
        finishQuery(type, m_now, m_now, counted, stale, stale ? m_now - oldest : 0.0, false, false);
    }
    scheduleQueryArrival();
}

void Engine::onFollowUpIssue(std::uint32_t f)
{
    FollowUpQuery &followUp = m_followUps[f];
    followUp.issueAt = m_now;
    followUp.counted = m_now >= m_warmup;
    if (m_tracing)
        traceFollowUpIssued(f);
    QueryType &qt = m_queries[followUp.query];
    switch (qt.consistency.strategy) {
    case Strategy::ReadFromWriteModel: {
        const std::uint32_t j = m_jobs.allocate();
        Job &job = m_jobs[j];
        job.isRead = true;
        job.query = followUp.query;
        job.arrival = m_now;
        job.counted = followUp.counted;
        job.followUp = f;
        enqueueJob(j);
        return;
    }
    case Strategy::Eventual: {
        const bool applied = targetApplied(followUp);
        if (m_tracing)
            traceFollowUpServed(f, !applied, m_now - followUp.commitTime, false);
        finishQuery(followUp.query, m_now, m_now, followUp.counted, !applied, m_now - followUp.commitTime, false, false);
        m_followUps.release(f);
        return;
    }
    case Strategy::OptimisticUi: {
        const bool applied = targetApplied(followUp);
        if (m_tracing)
            traceFollowUpServed(f, !applied, m_now - followUp.commitTime, false);
        finishQuery(followUp.query, m_now, m_now, followUp.counted, !applied, m_now - followUp.commitTime, false, false);
        followUp.servedAt = m_now;
        const bool alive = followUp.hasTarget && m_messages[followUp.msg].serial == followUp.msgSerial;
        if (applied || !alive) {
            if (followUp.counted)
                qt.pending.add(0.0);
            m_followUps.release(f);
            return;
        }
        Message &msg = m_messages[followUp.msg];
        followUp.nextWaiter = msg.waiters;
        msg.waiters = f;
        return;
    }
    case Strategy::WaitForVersion: {
        if (targetApplied(followUp)) {
            if (m_tracing)
                traceFollowUpServed(f, false, 0.0, false);
            finishQuery(followUp.query, m_now, m_now, followUp.counted, false, 0.0, false, false);
            m_followUps.release(f);
            return;
        }
        followUp.deadline = m_now + qt.consistency.timeout;
        followUp.polls = 1;
        const double next = std::min(m_now + qt.consistency.pollInterval, followUp.deadline);
        m_futureEvents.push(next, priorityOf(EvPoll), EvPoll, f);
        return;
    }
    }
}

void Engine::onPoll(std::uint32_t f)
{
    FollowUpQuery &followUp = m_followUps[f];
    const QueryType &qt = m_queries[followUp.query];
    // Checks happen on the poll grid only; a deadline between two grid points
    // is the timeout itself, not one more check (rule 6).
    const bool onGrid = followUp.issueAt + followUp.polls * qt.consistency.pollInterval <= followUp.deadline;
    if (onGrid && targetApplied(followUp)) {
        if (m_tracing)
            traceFollowUpServed(f, false, 0.0, false);
        finishQuery(followUp.query, followUp.issueAt, m_now, followUp.counted, false, 0.0, false, false);
        m_followUps.release(f);
        return;
    }
    if (m_now >= followUp.deadline) {
        if (m_tracing)
            traceFollowUpServed(f, true, m_now - followUp.commitTime, true);
        finishQuery(followUp.query, followUp.issueAt, m_now, followUp.counted, true, m_now - followUp.commitTime, true, false);
        m_followUps.release(f);
        return;
    }
    ++followUp.polls;
    const double next = std::min(followUp.issueAt + followUp.polls * qt.consistency.pollInterval, followUp.deadline);
    m_futureEvents.push(next, priorityOf(EvPoll), EvPoll, f);
}

} // namespace cqrs::sim
