// The engine: setup from the model and the main loop (dispatch of future events).

#include "engine.h"

#include "cqrs/model/validation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

namespace cqrs::sim {

namespace {

std::uint64_t stream(std::string_view kind, std::string_view id)
{
    return hashId(kind) ^ (hashId(id) * 0x9e3779b97f4a7c15ULL);
}

} // namespace

Engine::Engine(const Model &model, const SimulationOptions &options)
{
    const Workload &w = model.workload;
    m_modelName = model.name;
    m_model = model;
    m_seed = options.seed.value_or(w.seed);
    m_duration = options.duration.value_or(w.duration);
    if (!(m_duration > 0.0) || !std::isfinite(m_duration))
        throw SimulationError("workload.duration must be a positive number of seconds");
    m_warmup = std::clamp(w.warmup, 0.0, m_duration);
    m_sampleInterval = w.sampleInterval.value_or(m_duration / 600.0);
    if (!(m_sampleInterval > 0.0) || !std::isfinite(m_sampleInterval))
        throw SimulationError("workload.sampleInterval must be positive");
    // Bounded series and snapshot work.
    m_sampleInterval = std::max(m_sampleInterval, m_duration / kMaxSampleIntervals);
    m_series = options.series;
    m_seriesMaxPoints = options.seriesMaxPoints;
    if (!std::isfinite(w.warmup))
        throw SimulationError("workload.warmup must be a number of seconds");
    // The engine trusts nothing: a model that skipped validation must not make
    // time run backwards or poll forever.
    auto checkDistribution = [](const Distribution &d, const std::string &where) {
        if (!d.isValid())
            throw SimulationError(where + ": distribution parameters out of range");
    };
    checkDistribution(model.eventBus.publishDelay, "eventBus.publishDelay");
    for (const Command &c : model.commands) {
        checkDistribution(c.handlerTime, "commands." + c.id + ".handlerTime");
        if (c.followUp)
            checkDistribution(c.followUp->after, "commands." + c.id + ".followUp.after");
    }
    for (const ReadModel &r : model.readModels) {
        checkDistribution(r.update.delay, "readModels." + r.id + ".update.delay");
        checkDistribution(r.applyTime, "readModels." + r.id + ".applyTime");
    }
    for (const Policy &p : model.policies) {
        checkDistribution(p.update.delay, "policies." + p.id + ".update.delay");
        checkDistribution(p.applyTime, "policies." + p.id + ".applyTime");
    }
    for (const Query &q : model.queries) {
        checkDistribution(q.readTime, "queries." + q.id + ".readTime");
        if (q.consistency.strategy == Strategy::WaitForVersion
            && !(q.consistency.pollInterval > 0.0 && q.consistency.timeout > 0.0
                 && std::isfinite(q.consistency.pollInterval) && std::isfinite(q.consistency.timeout)))
            throw SimulationError("queries." + q.id + ".consistency: pollInterval and timeout must be > 0");
    }
    if (model.workload.keys.dist == KeyDist::Zipf && !(model.workload.keys.s > 0.0 && std::isfinite(model.workload.keys.s)))
        throw SimulationError("workload.keys.s must be > 0");
    if (options.enforceLimits) {
        Model limited = model;
        limited.workload.duration = m_duration;
        const std::string problem = checkRunLimits(limited);
        if (!problem.empty())
            throw SimulationError(problem);
    }
    const auto seed = static_cast<std::uint64_t>(m_seed);

    std::unordered_map<std::string, std::uint32_t> aggregateIndex, eventIndex, commandIndex,
        groupIndex, queryIndex;
    for (std::size_t i = 0; i < model.aggregates.size(); ++i) {
        const Aggregate &a = model.aggregates[i];
        if (a.instances < 1 || a.instances > kMaxAggregateInstances)
            throw SimulationError("aggregate '" + a.id + "': instances out of range");
        aggregateIndex[a.id] = static_cast<std::uint32_t>(i);
        m_instances.push_back(static_cast<std::uint64_t>(a.instances));
        m_versions.emplace_back(static_cast<std::size_t>(a.instances), 0u);
    }
    auto aggregateOf = [&](const std::string &id, const std::string &owner) {
        const auto it = aggregateIndex.find(id);
        if (it == aggregateIndex.end())
            throw SimulationError(owner + ": unknown aggregate '" + id + "'");
        return it->second;
    };
    for (std::size_t i = 0; i < model.events.size(); ++i)
        eventIndex[model.events[i].id] = static_cast<std::uint32_t>(i);
    m_eventTypes.resize(model.events.size());
    for (std::size_t i = 0; i < model.events.size(); ++i)
        m_eventTypes[i].id = model.events[i].id;
    for (std::size_t i = 0; i < model.commands.size(); ++i)
        commandIndex[model.commands[i].id] = static_cast<std::uint32_t>(i);
    for (std::size_t i = 0; i < model.queries.size(); ++i)
        queryIndex[model.queries[i].id] = static_cast<std::uint32_t>(i);

    // Event bus.
    m_partitions = std::max(1, model.eventBus.partitions);
    m_publishDelay.set(model.eventBus.publishDelay);
    m_duplicateRate = model.eventBus.duplicateRate;
    m_ordered = model.eventBus.ordering == Ordering::Partition;
    m_lastAvail.assign(static_cast<std::size_t>(m_partitions), 0.0);
    m_busRng = Rng(seed, stream("bus", "eventBus"), StreamPurpose::PublishDelay);

    // Read models, then policies.
    auto makeGroup = [&](const ConsumerSpec &spec, const std::string &id, bool readModel, int index) {
        Group g;
        g.config.readModel = readModel;
        g.config.index = index;
        g.config.id = id;
        g.config.batch = spec.update.mode == UpdateMode::Batch;
        g.config.interval = spec.update.interval;
        g.config.offset = spec.update.offset;
        if (g.config.batch && !(g.config.interval > 0.0))
            throw SimulationError(id + ": batch interval must be positive");
        // A tick before time 0 would sort after every other event (the future
        // event set compares times >= 0 by their bits).
        if (g.config.batch && !(g.config.offset >= 0.0 && std::isfinite(g.config.offset)))
            throw SimulationError(id + ": batch offset must be a number of seconds >= 0");
        g.config.delay.set(spec.update.delay);
        g.config.apply.set(spec.applyTime);
        g.config.idempotent = spec.idempotent;
        g.config.consumers = std::max(1, spec.consumers);
        g.state.consumers.resize(static_cast<std::size_t>(g.config.consumers));
        g.state.lastReach.assign(static_cast<std::size_t>(m_partitions), 0.0);
        g.state.committedPerPartition.assign(static_cast<std::size_t>(m_partitions), 0);
        const std::uint64_t component = stream(readModel ? "readModel" : "policy", id);
        g.state.delayRng = Rng(seed, component, StreamPurpose::Delay);
        g.state.applyRng = Rng(seed, component, StreamPurpose::ApplyTime);
        g.state.duplicateRng = Rng(seed, component, StreamPurpose::Duplicate);
        g.state.issueRng = Rng(seed, component, StreamPurpose::PolicyIssue);
        g.config.slotOfAggregate.assign(model.aggregates.size(), -1);
        const auto gi = static_cast<std::uint32_t>(m_groups.size());
        for (const std::string &ev : spec.subscribes) {
            const auto it = eventIndex.find(ev);
            if (it == eventIndex.end())
                throw SimulationError(id + ": subscribes to unknown event '" + ev + "'");
            auto &subs = m_eventTypes[it->second].subscribers;
            if (std::find(subs.begin(), subs.end(), gi) == subs.end())
                subs.push_back(gi);
        }
        groupIndex[id] = gi;
        m_groups.push_back(std::move(g));
    };
    for (std::size_t i = 0; i < model.readModels.size(); ++i) {
        const ReadModel &rm = model.readModels[i];
        makeGroup(rm, rm.id, true, static_cast<int>(i));
        Group &g = m_groups.back();
        g.state.commits.bucketWidth = m_duration / static_cast<double>(CommitRecord::kBuckets);
        g.state.commits.perBucket.assign(CommitRecord::kBuckets, 0);
        if (rm.staleBudget)
            g.config.staleBudget = rm.staleBudget->p99;
        for (const Outage &o : rm.outages) {
            if (o.at < m_duration && o.duration > 0.0) {
                m_futureEvents.push(std::max(0.0, o.at), priorityOf(EvOutageStart), EvOutageStart, static_cast<std::uint32_t>(i));
                m_futureEvents.push(std::max(0.0, o.at + o.duration), priorityOf(EvOutageEnd), EvOutageEnd, static_cast<std::uint32_t>(i));
            }
        }
        for (const Rebuild &r : rm.rebuilds) {
            if (r.at <= m_duration) {
                RebuildRecord rebuild;
                rebuild.at = std::max(0.0, r.at);
                g.state.rebuilds.push_back(rebuild);
                m_futureEvents.push(rebuild.at, priorityOf(EvRebuild), EvRebuild, static_cast<std::uint32_t>(i),
                           static_cast<std::uint32_t>(g.state.rebuilds.size() - 1));
            }
        }
    }
    m_readModelCount = m_groups.size();
    for (std::size_t i = 0; i < model.policies.size(); ++i) {
        const Policy &p = model.policies[i];
        makeGroup(p, p.id, false, static_cast<int>(i));
        Group &g = m_groups.back();
        const auto it = commandIndex.find(p.issues);
        if (it == commandIndex.end())
            throw SimulationError(p.id + ": issues unknown command '" + p.issues + "'");
        g.config.issueCommand = static_cast<int>(it->second);
        g.config.probability = p.probability;
        const auto gi = static_cast<std::uint32_t>(m_groups.size() - 1);
        for (const Outage &o : p.outages) {
            if (o.at < m_duration && o.duration > 0.0) {
                m_futureEvents.push(std::max(0.0, o.at), priorityOf(EvOutageStart), EvOutageStart, gi);
                m_futureEvents.push(std::max(0.0, o.at + o.duration), priorityOf(EvOutageEnd), EvOutageEnd, gi);
            }
        }
    }

    // Key spaces: a read model keeps per-key state for every aggregate whose
    // commands emit an event it subscribes to.
    auto ensureSlot = [&](Group &g, std::uint32_t aggregate) {
        if (g.config.slotOfAggregate[aggregate] >= 0)
            return g.config.slotOfAggregate[aggregate];
        KeySpace ks;
        ks.aggregate = aggregate;
        const auto n = static_cast<std::size_t>(m_instances[aggregate]);
        ks.perKey.assign(n, KeyState{});
        g.state.keys.push_back(std::move(ks));
        g.config.slotOfAggregate[aggregate] = static_cast<int>(g.state.keys.size() - 1);
        return g.config.slotOfAggregate[aggregate];
    };

    // Commands.
    const WriteSide &ws = model.writeSide;
    m_maxRetries = std::max(0, ws.maxRetries);
    m_workers.resize(static_cast<std::size_t>(std::max(1, ws.workers)));
    m_activeWorkers = static_cast<std::uint32_t>(m_workers.size());
    for (std::size_t i = m_workers.size(); i-- > 0;)
        m_freeWorkers.push_back(static_cast<std::uint32_t>(i));
    for (const Command &c : model.commands) {
        CommandType ct;
        ct.id = c.id;
        ct.aggregate = aggregateOf(c.aggregate, "command '" + c.id + "'");
        ct.instances = m_instances[ct.aggregate];
        ct.share = std::max(0.0, c.share);
        ct.handler.set(c.handlerTime);
        ct.rejectRate = c.rejectRate;
        for (const std::string &ev : c.emits) {
            const auto it = eventIndex.find(ev);
            if (it == eventIndex.end())
                throw SimulationError("command '" + c.id + "': emits unknown event '" + ev + "'");
            ct.emits.push_back(it->second);
            for (std::uint32_t gi : m_eventTypes[it->second].subscribers) {
                if (m_groups[gi].config.readModel)
                    ensureSlot(m_groups[gi], ct.aggregate);
            }
        }
        if (c.followUp) {
            const auto it = queryIndex.find(c.followUp->query);
            if (it == queryIndex.end())
                throw SimulationError("command '" + c.id + "': follow-up to unknown query '" + c.followUp->query + "'");
            ct.followQuery = static_cast<int>(it->second);
            ct.followProbability = c.followUp->probability;
            ct.followAfter.set(c.followUp->after);
        }
        if (!c.validatesAgainst.empty()) {
            const auto it = groupIndex.find(c.validatesAgainst);
            if (it == groupIndex.end() || !m_groups[it->second].config.readModel)
                throw SimulationError("command '" + c.id + "': validates against unknown read model '" + c.validatesAgainst + "'");
            ct.validatesGroup = static_cast<int>(it->second);
            m_deferStarts = true;
        }
        ct.zipf = w.keys.dist == KeyDist::Zipf;
        if (ct.zipf)
            ct.zipfKeys.set(ct.instances, w.keys.s);
        const std::uint64_t component = stream("command", c.id);
        ct.keyRng = Rng(seed, component, StreamPurpose::CommandKeys);
        ct.handlerRng = Rng(seed, component, StreamPurpose::HandlerTime);
        ct.rejectRng = Rng(seed, component, StreamPurpose::Reject);
        ct.followRng = Rng(seed, component, StreamPurpose::FollowUp);
        ct.policyHandlerRng = Rng(seed, component, StreamPurpose::PolicyHandlerTime);
        ct.policyRejectRng = Rng(seed, component, StreamPurpose::PolicyReject);
        ct.policyFollowRng = Rng(seed, component, StreamPurpose::PolicyFollowUp);
        m_commandShareTotal += ct.share;
        m_commands.push_back(std::move(ct));
    }

    // Queries.
    for (const Query &q : model.queries) {
        QueryType qt;
        qt.id = q.id;
        const auto it = groupIndex.find(q.readModel);
        if (it == groupIndex.end() || !m_groups[it->second].config.readModel)
            throw SimulationError("query '" + q.id + "': unknown read model '" + q.readModel + "'");
        qt.group = it->second;
        qt.share = std::max(0.0, q.share);
        qt.readTime.set(q.readTime);
        qt.consistency = q.consistency;
        const ReadModel &rm = model.readModels[static_cast<std::size_t>(m_groups[qt.group].config.index)];
        std::uint32_t aggregate = 0;
        if (!rm.subscribes.empty()) {
            const Event *ev = model.event(rm.subscribes.front());
            if (ev)
                aggregate = aggregateOf(ev->aggregate, "event '" + ev->id + "'");
        }
        if (!m_instances.empty()) {
            qt.slot = ensureSlot(m_groups[qt.group], aggregate);
            qt.instances = m_instances[aggregate];
        }
        qt.zipf = w.keys.dist == KeyDist::Zipf;
        if (qt.zipf)
            qt.zipfKeys.set(qt.instances, w.keys.s);
        const std::uint64_t component = stream("query", q.id);
        qt.keyRng = Rng(seed, component, StreamPurpose::QueryKeys);
        qt.readRng = Rng(seed, component, StreamPurpose::ReadTime);
        m_queryShareTotal += qt.share;
        m_queries.push_back(std::move(qt));
    }
    for (CommandType &ct : m_commands) {
        if (ct.followQuery >= 0)
            ct.followGroup = static_cast<int>(m_queries[static_cast<std::size_t>(ct.followQuery)].group);
    }

    // Workload.
    m_commandRate = std::max(0.0, w.commandRate);
    m_queryRate = std::max(0.0, w.queryRate);
    m_profile = w.rateProfile;
    std::stable_sort(m_profile.begin(), m_profile.end(),
                     [](const RateStep &a, const RateStep &b) { return a.at < b.at; });
    const std::uint64_t wl = stream("workload", "workload");
    m_arrivalRng = Rng(seed, wl, StreamPurpose::CommandArrivals);
    m_typeRng = Rng(seed, wl, StreamPurpose::CommandType);
    m_queryArrivalRng = Rng(seed, wl, StreamPurpose::QueryArrivals);
    m_queryTypeRng = Rng(seed, wl, StreamPurpose::QueryType);

    // Series only for what the result reports: read models (not policies) and queries.
    m_groupSeries.resize(m_readModelCount);
    m_querySeries.resize(m_queries.size());
    if (m_series) {
        // Every sample the run will take (onSample() schedules them).
        for (std::uint32_t n = 1;; ++n) {
            ++m_seriesSamples;
            if (!(sampleTime(n) < m_duration))
                break;
        }
    }

    scheduleCommandArrival();
    scheduleQueryArrival();
    for (std::size_t gi = 0; gi < m_groups.size(); ++gi) {
        if (m_groups[gi].config.batch)
            scheduleTick(static_cast<std::uint32_t>(gi), -1.0);
    }
    m_futureEvents.push(sampleTime(1), priorityOf(EvSample), EvSample, 1);
    if (options.trace)
        setupTrace(*options.trace);
}

// ---------------------------------------------------------------------------
// Main loop

void Engine::setSink(SimulationSink *sink, bool trace)
{
    // A group whose windows nothing followed until now starts its interval
    // here, from every window its run histogram holds.
    for (Group &g : m_groups) {
        if (sink && !tracksIntervals(g))
            g.stats.intervalWindow.restart(g.stats.window);
    }
    m_sink = sink;
    m_trace = sink != nullptr && trace;
}

void Engine::advanceTo(double t)
{
    const auto wallStart = std::chrono::steady_clock::now();
    t = std::min(t, m_duration);
    while (!m_futureEvents.empty() && m_futureEvents.top().time <= t) {
        const FutureEvent e = m_futureEvents.beginTop();
        m_now = e.time;
        dispatch(e);
        m_futureEvents.endTop();
    }
    if (t > m_now)
        m_now = t;
    const bool justFinished = !m_finished && m_now >= m_duration;
    if (justFinished)
        m_finished = true;
    m_wallSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    if (m_traceState)
        traceNotify();
    if (justFinished && m_sink)
        m_sink->finished(m_now);
}

void Engine::dispatch(const FutureEvent &e)
{
    if (e.type != EvSample)
        ++m_events;
    // The commonest kinds first, as tests: the kinds come in no pattern, and
    // the switch's indirect jump is harder to predict than two tests
    // (tandem model: 0.975 of the CPU time, 41 rounds head to head).
    if (e.type == EvApplyDone) {
        onApplyDone(e.a, e.b);
        return;
    }
    if (e.type == EvHandlerDone) {
        onHandlerDone(e.a, e.b);
        return;
    }
    switch (e.type) {
    case EvCommandArrival:
        if (e.a == m_arrivalGeneration)
            onCommandArrival();
        break;
    case EvQueryArrival:
        if (e.a == m_queryGeneration)
            onQueryArrival();
        break;
    case EvReach:
        onReach(e.a);
        break;
    case EvBatchTick:
        onBatchTick(e.a, e.b, e.c);
        break;
    case EvOutageStart:
        onOutageStart(e.a);
        break;
    case EvOutageEnd:
        onOutageEnd(e.a);
        break;
    case EvRebuild:
        onRebuild(e.a, e.b);
        break;
    case EvFollowUpIssue:
        onFollowUpIssue(e.a);
        break;
    case EvPoll:
        onPoll(e.a);
        break;
    case EvSample:
        onSample(e.a);
        break;
    case EvWorkerStart:
        if (e.a >= m_activeWorkers)
            break;
        if (!m_writeQueue.empty())
            startJob(e.a, m_writeQueue.pop());
        else
            m_freeWorkers.push_back(e.a);
        break;
    default:
        break;
    }
}

void Engine::trace(TraceRecord::Kind kind, int element, std::uint64_t key, std::uint64_t version,
                   double value, bool stale)
{
    TraceRecord r;
    r.kind = kind;
    r.time = m_now;
    r.element = element;
    r.key = key;
    r.version = version;
    r.value = value;
    r.stale = stale;
    m_sink->trace(r);
}

} // namespace cqrs::sim
