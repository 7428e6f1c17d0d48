// The engine: following one command (SimulationOptions::trace). Every hook
// here only reads the run's state and writes the Trace: no random draw, no
// change to the run, so a traced run gives the same figures as any other.
// The call sites test m_tracing first, so a run without a trace request pays
// one null-pointer check per hook.

#include "engine.h"

#include <algorithm>
#include <cmath>

namespace cqrs::sim {

void Engine::setupTrace(const TraceRequest &request)
{
    auto state = std::make_unique<TraceState>();
    Trace &trace = state->trace;
    trace.model = m_modelName;
    trace.seed = m_seed;
    trace.at = request.at.value_or(m_warmup);
    if (!std::isfinite(trace.at) || trace.at < 0.0)
        throw SimulationError("trace: the time to trace from must be a number of seconds >= 0");
    trace.requestedType = request.commandType;
    if (!request.commandType.empty()) {
        const auto it = std::find_if(m_commands.begin(), m_commands.end(),
                                     [&](const CommandType &c) { return c.id == request.commandType; });
        if (it == m_commands.end())
            throw SimulationError("trace: no command '" + request.commandType + "' in the model");
        state->commandType = static_cast<int>(it - m_commands.begin());
    }
    trace.requestedReaching = request.reaching;
    if (!request.reaching.empty()) {
        const auto group = std::find_if(m_groups.begin(), m_groups.end(),
                                        [&](const Group &g) { return g.config.id == request.reaching; });
        if (group == m_groups.end())
            throw SimulationError("trace: no read model or policy '" + request.reaching + "' in the model");
        const auto gi = static_cast<std::uint32_t>(group - m_groups.begin());
        for (const CommandType &c : m_commands) {
            const bool reaches = std::any_of(c.emits.begin(), c.emits.end(), [&](std::uint32_t e) {
                const std::vector<std::uint32_t> &subscribers = m_eventTypes[e].subscribers;
                return std::find(subscribers.begin(), subscribers.end(), gi) != subscribers.end();
            });
            state->reaches.push_back(reaches ? 1 : 0);
        }
    }
    trace.requestedStaleRead = request.staleRead;
    state->staleRead = request.staleRead;
    for (const QueryType &qt : m_queries) {
        const Group &g = m_groups[qt.group];
        state->queryAggregate.push_back(qt.slot >= 0 ? static_cast<int>(g.state.keys[static_cast<std::size_t>(qt.slot)].aggregate) : -1);
    }
    state->downSince.assign(m_groups.size(), -1.0);
    state->rebuildSince.assign(m_groups.size(), -1.0);
    state->openOutage.assign(m_groups.size(), -1);
    state->openRebuild.assign(m_groups.size(), -1);
    m_traceState = std::move(state);
    m_tracing = m_traceState.get();
}

const Trace *Engine::trace() const
{
    return m_traceState ? &m_traceState->trace : nullptr;
}

void Engine::traceCommandIssued(std::uint32_t j)
{
    TraceState &s = *m_tracing;
    if (s.phase != TraceState::Phase::Waiting || m_now < s.trace.at)
        return;
    const Job &job = m_jobs[j];
    if (s.commandType >= 0 && job.command != static_cast<std::uint32_t>(s.commandType))
        return;
    if (!s.reaches.empty() && !s.reaches[job.command])
        return;
    const CommandType &ct = m_commands[job.command];
    s.phase = TraceState::Phase::Following;
    s.job = j;
    s.aggregate = ct.aggregate;
    s.windowOpen = true;
    Trace &t = s.trace;
    t.found = true;
    ++t.candidates;
    t.commandType = ct.id;
    t.key = job.key;
    t.issuedAt = m_now;
    t.fromPolicy = job.fromPolicy;
    // Outages and rebuilds already going on.
    for (std::size_t gi = 0; gi < m_groups.size(); ++gi) {
        if (s.downSince[gi] >= 0.0) {
            s.openOutage[gi] = static_cast<int>(t.interruptions.size());
            t.interruptions.push_back({m_groups[gi].config.id, false, s.downSince[gi], std::nullopt});
        }
        if (s.rebuildSince[gi] >= 0.0) {
            s.openRebuild[gi] = static_cast<int>(t.interruptions.size());
            t.interruptions.push_back({m_groups[gi].config.id, true, s.rebuildSince[gi], std::nullopt});
        }
    }
}

void Engine::traceAttemptStart()
{
    m_tracing->trace.attempts.push_back({m_now, m_now, TraceAttempt::Outcome::Committed});
}

void Engine::traceAttemptEnd(TraceAttempt::Outcome outcome)
{
    TraceState &s = *m_tracing;
    if (!s.trace.attempts.empty()) {
        s.trace.attempts.back().end = m_now;
        s.trace.attempts.back().outcome = outcome;
    }
    switch (outcome) {
    case TraceAttempt::Outcome::Conflict:
        return; // back in the queue: the same job
    case TraceAttempt::Outcome::Rejected:
        s.job = kNil;
        traceSettle();
        return;
    case TraceAttempt::Outcome::Committed:
        s.trace.committedAt = m_now;
        return; // commit() adds the events, then traceCommitDone()
    }
}

void Engine::traceEvent(std::uint32_t eventType, std::uint32_t version, std::uint32_t partition, double availableAt)
{
    TraceEvent e;
    e.type = m_eventTypes[eventType].id;
    e.version = version;
    e.partition = static_cast<int>(partition);
    e.availableAt = availableAt;
    m_tracing->trace.events.push_back(std::move(e));
}

void Engine::traceDelivery(std::uint32_t m)
{
    TraceState &s = *m_tracing;
    const Message &msg = m_messages[m];
    const Group &g = m_groups[msg.group];
    TraceEvent &e = s.trace.events.back();
    TraceDelivery d;
    d.to = g.config.id;
    d.policy = !g.config.readModel;
    d.consumer = static_cast<int>(consumerOf(g, msg.partition));
    s.deliveries.push_back({msg.serial, static_cast<std::uint32_t>(s.trace.events.size() - 1),
                            static_cast<std::uint32_t>(e.deliveries.size()), msg.group});
    e.deliveries.push_back(std::move(d));
}

void Engine::traceCommitDone(std::uint32_t followUp)
{
    TraceState &s = *m_tracing;
    s.job = kNil;
    s.ownFollowUp = followUp;
    if (s.deliveries.empty())
        traceSettle();
}

void Engine::traceReach(std::uint32_t m, std::uint32_t consumer, std::uint32_t copy)
{
    TraceState &s = *m_tracing;
    const std::uint64_t serial = m_messages[m].serial;
    for (const TraceState::PendingDelivery &p : s.deliveries) {
        if (p.serial != serial)
            continue;
        TraceEvent &e = s.trace.events[p.event];
        TraceDelivery &d = e.deliveries[p.delivery];
        d.arrivedAt = m_now;
        d.consumer = static_cast<int>(consumer);
        if (copy != kNil) {
            TraceDelivery dup = d;
            dup.duplicate = true;
            const TraceState::PendingDelivery pending{m_messages[copy].serial, p.event,
                                                      static_cast<std::uint32_t>(e.deliveries.size()), p.group};
            e.deliveries.push_back(std::move(dup));
            s.deliveries.push_back(pending); // invalidates p: leave now
        }
        return;
    }
}

bool Engine::traceApplied(const Group &g, std::uint32_t m)
{
    TraceState &s = *m_tracing;
    const std::uint64_t serial = m_messages[m].serial;
    const auto it = std::find_if(s.deliveries.begin(), s.deliveries.end(),
                                 [serial](const TraceState::PendingDelivery &p) { return p.serial == serial; });
    if (it == s.deliveries.end())
        return false;
    TraceEvent &e = s.trace.events[it->event];
    TraceDelivery &d = e.deliveries[it->delivery];
    const auto c = static_cast<std::size_t>(d.consumer);
    const double started = c < g.state.consumers.size() ? g.state.consumers[c].busyStart : m_now;
    d.startedAt = started;
    d.appliedAt = m_now;
    d.window = m_now - m_messages[m].commitTime;
    const double arrived = d.arrivedAt.value_or(started);
    for (const TraceInterruption &i : s.trace.interruptions) {
        if (i.of == d.to && i.from < started && (!i.until || *i.until > arrived)) {
            d.delayedBy = i.rebuild ? "rebuild" : "outage";
            if (!i.rebuild)
                break; // an outage names the delay before a rebuild does
        }
    }
    s.deliveries.erase(it);
    if (s.deliveries.empty() && s.job == kNil && s.windowOpen)
        traceSettle();
    return true;
}

void Engine::tracePolicyIssue(const Group &g, std::uint32_t m, bool duplicate)
{
    if (m_traceState->phase == TraceState::Phase::Waiting)
        return; // its command was dropped (a stale-read search) by this very apply
    const CommandType &target = m_commands[static_cast<std::size_t>(g.config.issueCommand)];
    TraceIssue issue;
    issue.policy = g.config.id;
    issue.command = target.id;
    issue.key = m_messages[m].key % target.instances;
    issue.at = m_now;
    issue.duplicate = duplicate;
    m_traceState->trace.issued.push_back(std::move(issue));
}

void Engine::tracePlainRead(std::uint32_t q, std::uint64_t key, bool stale, double staleness)
{
    TraceState &s = *m_tracing;
    if (!s.windowOpen || key != s.trace.key || s.queryAggregate[q] != static_cast<int>(s.aggregate))
        return;
    const QueryType &qt = m_queries[q];
    TraceRead r;
    r.query = qt.id;
    r.readModel = m_groups[qt.group].config.id;
    r.at = m_now;
    r.strategy = qt.consistency.strategy;
    r.stale = stale;
    r.servedAt = m_now;
    r.staleness = stale ? staleness : 0.0;
    s.trace.reads.push_back(std::move(r));
}

void Engine::traceFollowUpIssued(std::uint32_t f)
{
    TraceState &s = *m_tracing;
    const FollowUpQuery &followUp = m_followUps[f];
    if (!s.windowOpen || followUp.key != s.trace.key || followUp.aggregate != s.aggregate)
        return;
    const QueryType &qt = m_queries[followUp.query];
    TraceRead r;
    r.query = qt.id;
    r.readModel = m_groups[qt.group].config.id;
    r.at = m_now;
    r.strategy = qt.consistency.strategy;
    r.followUp = true;
    r.ownFollowUp = f == s.ownFollowUp;
    s.reads.push_back({f, s.trace.reads.size()});
    s.trace.reads.push_back(std::move(r));
}

void Engine::traceFollowUpServed(std::uint32_t f, bool stale, double staleness, bool timeout)
{
    TraceState &s = *m_tracing;
    if (f == s.ownFollowUp)
        s.ownFollowUp = kNil; // its slot may be reused from now on
    const auto it = std::find_if(s.reads.begin(), s.reads.end(),
                                 [f](const TraceState::PendingRead &p) { return p.followUp == f; });
    if (it == s.reads.end())
        return;
    TraceRead &r = s.trace.reads[it->read];
    r.servedAt = m_now;
    r.stale = stale;
    r.staleness = stale ? staleness : 0.0;
    r.timeout = timeout;
    s.reads.erase(it);
    traceCheckComplete();
}

void Engine::traceDown(std::uint32_t gi, bool down)
{
    TraceState &s = *m_tracing;
    if (down) {
        s.downSince[gi] = m_now;
        if (s.phase == TraceState::Phase::Following) {
            s.openOutage[gi] = static_cast<int>(s.trace.interruptions.size());
            s.trace.interruptions.push_back({m_groups[gi].config.id, false, m_now, std::nullopt});
        }
        return;
    }
    s.downSince[gi] = -1.0;
    if (s.openOutage[gi] >= 0)
        s.trace.interruptions[static_cast<std::size_t>(s.openOutage[gi])].until = m_now;
    s.openOutage[gi] = -1;
}

void Engine::traceRebuild(std::uint32_t gi, bool started)
{
    TraceState &s = *m_tracing;
    // A rebuild ends when it completes, or when a new one supersedes it.
    if (s.openRebuild[gi] >= 0)
        s.trace.interruptions[static_cast<std::size_t>(s.openRebuild[gi])].until = m_now;
    s.openRebuild[gi] = -1;
    s.rebuildSince[gi] = started ? m_now : -1.0;
    if (started && s.phase == TraceState::Phase::Following) {
        s.openRebuild[gi] = static_cast<int>(s.trace.interruptions.size());
        s.trace.interruptions.push_back({m_groups[gi].config.id, true, m_now, std::nullopt});
    }
}

void Engine::traceSettle()
{
    TraceState &s = *m_tracing;
    s.windowOpen = false;
    s.trace.settledAt = m_now;
    traceCheckComplete();
}

void Engine::traceCheckComplete()
{
    TraceState &s = *m_tracing;
    if (s.windowOpen || !s.reads.empty() || s.phase != TraceState::Phase::Following)
        return;
    if (s.staleRead && firstStaleRead(s.trace) < 0) {
        traceDropCandidate();
        return;
    }
    s.phase = TraceState::Phase::Done;
    s.trace.complete = true;
    m_tracing = nullptr; // from here on the hooks cost nothing; the sink hears of it in advanceTo()
}

void Engine::traceDropCandidate()
{
    // Back to waiting for the next command, as if none had been found yet;
    // what is going on (downSince, rebuildSince) stays known.
    TraceState &s = *m_traceState;
    Trace &t = s.trace;
    Trace fresh;
    fresh.model = t.model;
    fresh.seed = t.seed;
    fresh.at = t.at;
    fresh.requestedType = t.requestedType;
    fresh.requestedReaching = t.requestedReaching;
    fresh.requestedStaleRead = t.requestedStaleRead;
    fresh.candidates = t.candidates;
    t = std::move(fresh);
    s.phase = TraceState::Phase::Waiting;
    s.job = kNil;
    s.aggregate = 0;
    s.windowOpen = false;
    s.ownFollowUp = kNil;
    s.deliveries.clear();
    s.reads.clear();
    std::fill(s.openOutage.begin(), s.openOutage.end(), -1);
    std::fill(s.openRebuild.begin(), s.openRebuild.end(), -1);
}

void Engine::traceNotify()
{
    TraceState &s = *m_traceState;
    if (s.notified || (s.phase != TraceState::Phase::Done && !m_finished))
        return;
    // A stale-read search that ran out of run: the command followed last
    // counts only when a read of it was stale already.
    if (s.phase == TraceState::Phase::Following && s.staleRead && firstStaleRead(s.trace) < 0)
        traceDropCandidate();
    s.notified = true;
    m_tracing = nullptr;
    if (m_sink)
        m_sink->traceFinished(s.trace);
}

} // namespace cqrs::sim
