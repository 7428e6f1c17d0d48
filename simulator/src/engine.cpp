#include "engine.h"

#include "cqrs/model/validation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

namespace cqrs::sim {

namespace {

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

// Simultaneous events run in this order: outages first (an outage starting at
// t stops applies starting at t), then completions, deliveries, batch ticks,
// arrivals, and the sample boundary last (so the interval (t-dt, t] is complete).
constexpr int kPriority[] = {0, 1, 2, 3, 3, 4, 5, 6, 6, 6, 7, 9, 6};

// Replay work is done in this many pieces per consumer so backlog drains visibly.
constexpr std::uint64_t kReplayChunks = 64;

std::uint64_t stream(std::string_view kind, std::string_view id)
{
    return hashId(kind) ^ (hashId(id) * 0x9e3779b97f4a7c15ULL);
}

Json statsJson(const LogHistogram &h)
{
    Json j = Json::object();
    j["count"] = h.count();
    j["mean"] = h.mean();
    j["p50"] = h.quantile(0.50);
    j["p90"] = h.quantile(0.90);
    j["p95"] = h.quantile(0.95);
    j["p99"] = h.quantile(0.99);
    j["p999"] = h.quantile(0.999);
    j["max"] = h.max();
    return j;
}

void setError(std::string *error, std::string message)
{
    if (error)
        *error = std::move(message);
}

} // namespace

Engine::Engine(const Model &model, const SimulationOptions &options)
{
    const Workload &w = model.workload;
    m_modelName = model.name;
    m_seed = options.seed.value_or(w.seed);
    m_duration = options.duration.value_or(w.duration);
    if (!(m_duration > 0.0) || !std::isfinite(m_duration))
        throw SimulationError("workload.duration must be a positive number of seconds");
    m_warmup = std::clamp(w.warmup, 0.0, m_duration);
    m_sampleInterval = w.sampleInterval.value_or(m_duration / 600.0);
    if (!(m_sampleInterval > 0.0) || !std::isfinite(m_sampleInterval))
        throw SimulationError("workload.sampleInterval must be positive");
    // A run never reports more than 100k intervals: bounded series and snapshot work.
    m_sampleInterval = std::max(m_sampleInterval, m_duration / 100000.0);
    m_series = options.series;
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
        g.readModel = readModel;
        g.index = index;
        g.id = id;
        g.batch = spec.update.mode == UpdateMode::Batch;
        g.interval = spec.update.interval;
        g.offset = spec.update.offset;
        if (g.batch && !(g.interval > 0.0))
            throw SimulationError(id + ": batch interval must be positive");
        g.delay.set(spec.update.delay);
        g.apply.set(spec.applyTime);
        g.idempotent = spec.idempotent;
        g.consumers = std::max(1, spec.consumers);
        g.cons.resize(static_cast<std::size_t>(g.consumers));
        g.lastReach.assign(static_cast<std::size_t>(m_partitions), 0.0);
        g.committedPerPartition.assign(static_cast<std::size_t>(m_partitions), 0);
        const std::uint64_t component = stream(readModel ? "readModel" : "policy", id);
        g.delayRng = Rng(seed, component, StreamPurpose::Delay);
        g.applyRng = Rng(seed, component, StreamPurpose::ApplyTime);
        g.dupRng = Rng(seed, component, StreamPurpose::Duplicate);
        g.issueRng = Rng(seed, component, StreamPurpose::PolicyIssue);
        g.slotOfAggregate.assign(model.aggregates.size(), -1);
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
        if (rm.staleBudget)
            g.staleBudget = rm.staleBudget->p99;
        for (const Outage &o : rm.outages) {
            if (o.at < m_duration && o.duration > 0.0) {
                m_fes.push(std::max(0.0, o.at), kPriority[EvOutageStart], EvOutageStart, static_cast<std::uint32_t>(i));
                m_fes.push(std::max(0.0, o.at + o.duration), kPriority[EvOutageEnd], EvOutageEnd, static_cast<std::uint32_t>(i));
            }
        }
        for (const Rebuild &r : rm.rebuilds) {
            if (r.at <= m_duration) {
                RebuildRecord rec;
                rec.at = std::max(0.0, r.at);
                g.rebuilds.push_back(rec);
                m_fes.push(rec.at, kPriority[EvRebuild], EvRebuild, static_cast<std::uint32_t>(i),
                           static_cast<std::uint32_t>(g.rebuilds.size() - 1));
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
        g.issueCommand = static_cast<int>(it->second);
        g.probability = p.probability;
        const auto gi = static_cast<std::uint32_t>(m_groups.size() - 1);
        for (const Outage &o : p.outages) {
            if (o.at < m_duration && o.duration > 0.0) {
                m_fes.push(std::max(0.0, o.at), kPriority[EvOutageStart], EvOutageStart, gi);
                m_fes.push(std::max(0.0, o.at + o.duration), kPriority[EvOutageEnd], EvOutageEnd, gi);
            }
        }
    }

    // Key spaces: a read model keeps per-key state for every aggregate whose
    // commands emit an event it subscribes to.
    auto ensureSlot = [&](Group &g, std::uint32_t aggregate) {
        if (g.slotOfAggregate[aggregate] >= 0)
            return g.slotOfAggregate[aggregate];
        KeySpace ks;
        ks.aggregate = aggregate;
        const auto n = static_cast<std::size_t>(m_instances[aggregate]);
        ks.applied.assign(n, 0u);
        ks.head.assign(n, kNil);
        ks.tail.assign(n, kNil);
        ks.firstCommit.assign(n, -1.0f);
        g.keys.push_back(std::move(ks));
        g.slotOfAggregate[aggregate] = static_cast<int>(g.keys.size() - 1);
        return g.slotOfAggregate[aggregate];
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
                if (m_groups[gi].readModel)
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
            if (it == groupIndex.end() || !m_groups[it->second].readModel)
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
        if (it == groupIndex.end() || !m_groups[it->second].readModel)
            throw SimulationError("query '" + q.id + "': unknown read model '" + q.readModel + "'");
        qt.group = it->second;
        qt.share = std::max(0.0, q.share);
        qt.readTime.set(q.readTime);
        qt.consistency = q.consistency;
        const ReadModel &rm = model.readModels[static_cast<std::size_t>(m_groups[qt.group].index)];
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

    m_groupSeries.resize(m_groups.size());
    m_querySeries.resize(m_queries.size());

    scheduleCommandArrival();
    scheduleQueryArrival();
    for (std::size_t gi = 0; gi < m_groups.size(); ++gi) {
        if (m_groups[gi].batch)
            scheduleTick(static_cast<std::uint32_t>(gi), -1.0);
    }
    m_fes.push(std::min(m_sampleInterval, m_duration), kPriority[EvSample], EvSample, 1);
}

// ---------------------------------------------------------------------------
// Main loop

void Engine::advanceTo(double t)
{
    const auto wallStart = std::chrono::steady_clock::now();
    t = std::min(t, m_duration);
    while (!m_fes.empty() && m_fes.top().time <= t) {
        const FutureEvent e = m_fes.pop();
        m_now = e.time;
        dispatch(e);
    }
    if (t > m_now)
        m_now = t;
    const bool justFinished = !m_finished && m_now >= m_duration;
    if (justFinished)
        m_finished = true;
    m_wallSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    if (justFinished && m_sink)
        m_sink->finished(m_now);
}

void Engine::dispatch(const FutureEvent &e)
{
    if (e.type != EvSample)
        ++m_events;
    switch (e.type) {
    case EvCommandArrival:
        if (e.a == m_arrivalGeneration)
            onCommandArrival();
        break;
    case EvQueryArrival:
        if (e.a == m_queryGeneration)
            onQueryArrival();
        break;
    case EvHandlerDone:
        onHandlerDone(e.a, e.b);
        break;
    case EvReach:
        onReach(e.a);
        break;
    case EvApplyDone:
        onApplyDone(e.a, e.b);
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

// ---------------------------------------------------------------------------
// Arrivals

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
        m_fes.push(t, kPriority[EvCommandArrival], EvCommandArrival, m_arrivalGeneration);
}

void Engine::scheduleQueryArrival()
{
    if (m_queryRate <= 0.0 || m_queryShareTotal <= 0.0)
        return;
    const double t = m_now + m_queryArrivalRng.exponential(1.0 / m_queryRate);
    if (t <= m_duration)
        m_fes.push(t, kPriority[EvQueryArrival], EvQueryArrival, m_queryGeneration);
}

void Engine::onCommandArrival()
{
    std::uint32_t type = 0;
    if (m_commands.size() > 1) {
        double u = m_typeRng.uniform() * m_commandShareTotal;
        type = static_cast<std::uint32_t>(m_commands.size() - 1);
        for (std::size_t i = 0; i < m_commands.size(); ++i) {
            if (m_commands[i].share > 0.0 && u < m_commands[i].share) {
                type = static_cast<std::uint32_t>(i);
                break;
            }
            u -= m_commands[i].share;
        }
        while (m_commands[type].share <= 0.0 && type > 0)
            --type;
    }
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
            job.staleDecision = keyStale(g, g.slotOfAggregate[ct.aggregate], job.key, oldest);
        }
        service = ct.handler.sample(job.fromPolicy ? ct.policyHandlerRng : ct.handlerRng);
    }
    Worker &wk = m_workers[worker];
    wk.busy = true;
    wk.busyStart = m_now;
    wk.busyUntil = m_now + service;
    creditWrite(m_now, m_now + service);
    m_fes.push(m_now + service, kPriority[EvHandlerDone], EvHandlerDone, worker, j);
}

void Engine::onHandlerDone(std::uint32_t worker, std::uint32_t j)
{
    m_workers[worker].busy = false;
    Job &job = m_jobs[j];
    if (job.isRead) {
        if (job.followUp != kNil) {
            finishQuery(job.query, job.arrival, m_now, job.counted, false, 0.0, false, true);
            m_fus.release(job.followUp);
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
        m_fes.push(m_now, kPriority[EvWorkerStart], EvWorkerStart, worker);
    else
        startJob(worker, m_writeQueue.pop());
}

void Engine::completeCommand(std::uint32_t j)
{
    Job &job = m_jobs[j];
    CommandType &ct = m_commands[job.command];
    Rng &rejectRng = job.fromPolicy ? ct.policyRejectRng : ct.rejectRng;
    if (ct.rejectRate > 0.0 && rejectRng.bernoulli(ct.rejectRate)) {
        finishCommand(j, false);
        return;
    }
    if (m_versions[ct.aggregate][job.key] != job.versionAtStart) {
        if (job.counted)
            ++ct.conflicts;
        ++m_ivConflicts;
        if (m_trace)
            trace(TraceRecord::Kind::Conflict, static_cast<int>(job.command), job.key, 0, 0.0);
        if (static_cast<int>(job.retries) < m_maxRetries) {
            ++job.retries;
            m_writeQueue.push(j);
            return;
        }
        finishCommand(j, false);
        return;
    }
    commit(j);
    finishCommand(j, true);
}

void Engine::finishCommand(std::uint32_t j, bool accepted)
{
    Job &job = m_jobs[j];
    CommandType &ct = m_commands[job.command];
    const double latency = m_now - job.arrival;
    if (accepted)
        ++m_ivAccepted;
    else
        ++m_ivRejected;
    if (m_sink)
        m_ivLatency.add(latency);
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
    for (std::uint32_t ev : ct.emits) {
        ++version;
        ++m_ivPublished;
        if (counted)
            ++m_published;
        const auto &subscribers = m_eventTypes[ev].subscribers;
        double avail = m_now + m_publishDelay.sample(m_busRng);
        const double previousAvail = m_lastAvail[partition];
        if (m_ordered) {
            avail = std::max(avail, m_lastAvail[partition]);
            m_lastAvail[partition] = avail;
        }
        // An event nobody subscribes to still holds its place in the partition.
        if (subscribers.empty())
            continue;
        for (std::uint32_t gi : subscribers) {
            Group &g = m_groups[gi];
            const std::uint32_t m = m_msgs.allocate();
            Message &msg = m_msgs[m];
            msg.commitTime = m_now;
            msg.key = key;
            msg.serial = ++m_serial;
            msg.version = version;
            msg.group = gi;
            msg.partition = static_cast<std::uint32_t>(partition);
            msg.counted = counted;
            // Unapplied list of the group, in commit order.
            msg.prevG = g.tail;
            if (g.tail != kNil)
                m_msgs[g.tail].nextG = m;
            else
                g.head = m;
            g.tail = m;
            if (g.readModel) {
                msg.slot = g.slotOfAggregate[ct.aggregate];
                KeySpace &ks = g.keys[static_cast<std::size_t>(msg.slot)];
                // The key's unapplied list; the tail is kept per key so that the
                // (old, uncached) head is not touched on every commit.
                std::uint32_t &tail = ks.tail[key];
                if (tail == kNil)
                    ks.head[key] = m;
                else
                    m_msgs[tail].nextK = m;
                msg.prevK = tail;
                tail = m;
                if (ks.firstCommit[key] < 0.0f)
                    ks.firstCommit[key] = static_cast<float>(m_now);
                if (static_cast<int>(gi) == ct.followGroup) {
                    targetMsg = m;
                    targetVersion = version;
                }
            }
            ++g.committedPerPartition[partition];
            if (g.firstEverCommit < 0.0)
                g.firstEverCommit = m_now;
            changeBacklog(g, +1);
            double reach = avail;
            double previous = previousAvail;
            if (!g.batch) {
                reach += g.delay.sample(g.delayRng);
                previous = g.lastReach[partition];
                if (m_ordered) {
                    reach = std::max(reach, previous);
                    g.lastReach[partition] = reach;
                }
            }
            // Zero delay: the event is in the consumer's queue now, no engine event
            // needed, unless an earlier event of the partition is due at this very
            // instant and not yet delivered (it must stay ahead).
            if (reach <= m_now && (!m_ordered || previous < m_now))
                onReach(m);
            else
                m_fes.push(reach, kPriority[EvReach], EvReach, m);
        }
    }
    if (ct.followQuery >= 0) {
        Rng &rng = job.fromPolicy ? ct.policyFollowRng : ct.followRng;
        if (rng.bernoulli(ct.followProbability)) {
            const double after = ct.followAfter.sample(rng);
            const std::uint32_t f = m_fus.allocate();
            FollowUpQuery &fu = m_fus[f];
            fu.commitTime = m_now;
            fu.key = key;
            fu.query = static_cast<std::uint32_t>(ct.followQuery);
            if (targetMsg != kNil) {
                fu.hasTarget = true;
                fu.msg = targetMsg;
                fu.msgSerial = m_msgs[targetMsg].serial;
                fu.version = targetVersion;
                fu.slot = m_msgs[targetMsg].slot;
            }
            if (m_now + after <= m_duration)
                m_fes.push(m_now + after, kPriority[EvFollowUpIssue], EvFollowUpIssue, f);
            else
                m_fus.release(f);
        }
    }
}

// ---------------------------------------------------------------------------
// Read models and policies

void Engine::changeBacklog(Group &g, std::int64_t delta)
{
    const double from = g.lastBacklogChange;
    const auto held = static_cast<double>(g.backlog);
    if (m_now > m_warmup) {
        g.backlogArea += held * (m_now - std::max(from, m_warmup));
        if (g.backlog > g.backlogMax)
            g.backlogMax = g.backlog;
    }
    g.ivBacklogArea += held * (m_now - std::max(from, m_ivStart));
    g.lastBacklogChange = m_now;
    g.backlog = static_cast<std::uint64_t>(static_cast<std::int64_t>(g.backlog) + delta);
    if (m_now >= m_warmup && g.backlog > g.backlogMax)
        g.backlogMax = g.backlog;
}

void Engine::creditBusy(Group &g, double start, double end)
{
    const double hi = std::min(end, m_duration);
    const double lo = std::max(start, m_warmup);
    if (hi > lo)
        g.busyMeasured += hi - lo;
    if (hi > start)
        g.busyAll += hi - start;
}

void Engine::changeCapacity(Group &g, int consumers)
{
    if (m_now > m_warmup)
        g.capacityArea += g.consumers * (m_now - std::max(g.lastCapacityChange, m_warmup));
    g.lastCapacityChange = m_now;
    g.consumers = consumers;
    if (g.cons.size() < static_cast<std::size_t>(consumers))
        g.cons.resize(static_cast<std::size_t>(consumers));
}

double Engine::oldestUnapplied(const Group &g) const
{
    double oldest = g.head != kNil ? m_msgs[g.head].commitTime : kInf;
    if (g.replayingConsumers > 0 && g.firstEverCommit >= 0.0)
        oldest = std::min(oldest, g.firstEverCommit);
    return oldest;
}

void Engine::noteLag(Group &g)
{
    const double oldest = oldestUnapplied(g);
    if (oldest == kInf)
        return;
    const double lag = m_now - oldest;
    if (m_now >= m_warmup && lag > g.lagMax)
        g.lagMax = lag;
    if (lag > g.ivLagMax)
        g.ivLagMax = lag;
}

bool Engine::consumerReplaying(const Group &g, std::uint64_t key) const
{
    const std::size_t c = consumerOf(g, partitionOf(key));
    if (c >= g.cons.size())
        return false;
    const Consumer &k = g.cons[c];
    return k.replayRemaining > 0 || k.work == Consumer::Work::Replay;
}

bool Engine::keyStale(const Group &g, int slot, std::uint64_t key, double &oldest) const
{
    oldest = kInf;
    if (slot < 0)
        return false;
    const KeySpace &ks = g.keys[static_cast<std::size_t>(slot)];
    if (g.replayingConsumers > 0 && ks.firstCommit[key] >= 0.0f
        && static_cast<double>(ks.firstCommit[key]) < g.rebuildAt && consumerReplaying(g, key))
        oldest = static_cast<double>(ks.firstCommit[key]);
    const std::uint32_t head = ks.head[key];
    if (head != kNil)
        oldest = std::min(oldest, m_msgs[head].commitTime);
    return oldest != kInf;
}

bool Engine::targetApplied(const FollowUpQuery &f) const
{
    if (!f.hasTarget)
        return true;
    const Group &g = m_groups[m_queries[f.query].group];
    if (f.slot < 0)
        return true;
    if (g.replayingConsumers > 0 && f.commitTime < g.rebuildAt && consumerReplaying(g, f.key))
        return false;
    return g.keys[static_cast<std::size_t>(f.slot)].applied[f.key] >= f.version;
}

void Engine::onReach(std::uint32_t m)
{
    Message &msg = m_msgs[m];
    const std::uint32_t gi = msg.group;
    Group &g = m_groups[gi];
    const std::uint32_t c = consumerOf(g, msg.partition);
    Consumer &k = g.cons[c];
    k.queue.push(m);
    if (m_duplicateRate > 0.0 && g.dupRng.bernoulli(m_duplicateRate)) {
        const Message original = msg;
        const std::uint32_t copyIndex = m_msgs.allocate();
        Message &copy = m_msgs[copyIndex];
        copy.commitTime = original.commitTime;
        copy.key = original.key;
        copy.serial = ++m_serial;
        copy.version = original.version;
        copy.group = gi;
        copy.partition = original.partition;
        copy.slot = original.slot;
        copy.counted = original.counted;
        copy.duplicate = true;
        k.queue.push(copyIndex); // the copy follows the original
    }
    if (!g.batch)
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
    Consumer &k = g.cons[c];
    if (k.busy() || g.down > 0)
        return;
    if (k.replayRemaining > 0) {
        const std::uint64_t n = std::min(k.replayRemaining, k.replayChunkSize);
        k.replayRemaining -= n;
        k.replayChunk = n;
        k.work = Consumer::Work::Replay;
        startWork(g, c, sampleSum(g.apply, g.applyRng, n));
        return;
    }
    if (!g.batch) {
        if (k.queue.empty())
            return;
        k.current = k.queue.pop();
        k.work = Consumer::Work::Apply;
        startWork(g, c, g.apply.sample(g.applyRng));
        return;
    }
    if (k.taken == 0)
        return;
    k.batchCount = k.taken;
    k.taken = 0;
    k.work = Consumer::Work::Batch;
    startWork(g, c, sampleSum(g.apply, g.applyRng, k.batchCount));
}

void Engine::startWork(Group &g, std::uint32_t c, double duration)
{
    Consumer &k = g.cons[c];
    k.busyStart = m_now;
    k.busyUntil = m_now + duration;
    creditBusy(g, m_now, m_now + duration);
    const auto gi = static_cast<std::uint32_t>(&g - m_groups.data());
    m_fes.push(m_now + duration, kPriority[EvApplyDone], EvApplyDone, gi, c);
}

void Engine::onApplyDone(std::uint32_t gi, std::uint32_t c)
{
    Group &g = m_groups[gi];
    Consumer &k = g.cons[c];
    const Consumer::Work work = k.work;
    k.work = Consumer::Work::None;
    switch (work) {
    case Consumer::Work::Apply:
        finishMessage(g, k.current);
        k.current = kNil;
        break;
    case Consumer::Work::Batch: {
        const std::uint64_t n = k.batchCount;
        k.batchCount = 0;
        for (std::uint64_t i = 0; i < n; ++i)
            finishMessage(g, g.cons[c].queue.pop());
        break;
    }
    case Consumer::Work::Replay: {
        noteLag(g);
        changeBacklog(g, -static_cast<std::int64_t>(k.replayChunk));
        if (g.activeRebuild >= 0)
            g.rebuilds[static_cast<std::size_t>(g.activeRebuild)].replayed += k.replayChunk;
        k.replayChunk = 0;
        if (k.replayRemaining == 0) {
            if (--g.replayingConsumers == 0)
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
    Message &msg = m_msgs[m];
    if (msg.duplicate) {
        if (msg.counted) {
            ++g.duplicates;
            if (!g.idempotent)
                ++g.corrupted;
        }
        msg.serial = 0;
        m_msgs.release(m);
        return;
    }
    noteLag(g);
    // Unlink from the group's list.
    if (msg.prevG != kNil)
        m_msgs[msg.prevG].nextG = msg.nextG;
    else
        g.head = msg.nextG;
    if (msg.nextG != kNil)
        m_msgs[msg.nextG].prevG = msg.prevG;
    else
        g.tail = msg.prevG;
    changeBacklog(g, -1);
    const double window = m_now - msg.commitTime;
    if (g.awaitingThreshold && msg.serial <= g.thresholdSerial && --g.thresholdRemaining == 0)
        completeRebuild(g);
    if (msg.slot >= 0) {
        KeySpace &ks = g.keys[static_cast<std::size_t>(msg.slot)];
        // Unlink from the key's list.
        if (msg.prevK != kNil)
            m_msgs[msg.prevK].nextK = msg.nextK;
        else
            ks.head[msg.key] = msg.nextK;
        if (msg.nextK != kNil)
            m_msgs[msg.nextK].prevK = msg.prevK;
        else
            ks.tail[msg.key] = msg.prevK;
        std::uint32_t &applied = ks.applied[msg.key];
        if (msg.version < applied) {
            if (msg.counted && !msg.replay)
                ++g.outOfOrder;
        } else {
            applied = msg.version;
        }
        // Optimistic-ui follow-ups waiting for exactly this event.
        for (std::uint32_t f = msg.waiters; f != kNil;) {
            FollowUpQuery &fu = m_fus[f];
            const std::uint32_t next = fu.nextWaiter;
            if (fu.counted)
                m_queries[fu.query].pending.add(m_now - fu.servedAt);
            m_fus.release(f);
            f = next;
        }
    }
    if (msg.replay) {
        if (g.activeRebuild >= 0)
            ++g.rebuilds[static_cast<std::size_t>(g.activeRebuild)].replayed;
    } else {
        ++g.ivApplied;
        if (m_sink || m_series) // interval percentiles only feed snapshots and series
            g.ivWindow.add(window);
        if (msg.counted) {
            ++g.applied;
            g.window.add(window);
        }
        if (m_trace)
            trace(TraceRecord::Kind::EventApplied,
                  g.readModel ? g.index : -1 - g.index, msg.key, msg.version, window);
        if (!g.readModel && g.issueRng.bernoulli(g.probability)) {
            const CommandType &target = m_commands[static_cast<std::size_t>(g.issueCommand)];
            const std::uint64_t key = msg.key % target.instances;
            if (m_now >= m_warmup)
                ++g.issued;
            msg.serial = 0;
            m_msgs.release(m);
            newCommand(static_cast<std::uint32_t>(g.issueCommand), key, true);
            return;
        }
    }
    msg.serial = 0;
    m_msgs.release(m);
}

void Engine::scheduleTick(std::uint32_t gi, double after)
{
    Group &g = m_groups[gi];
    // Smallest n >= 0 with offset + n * interval > after.
    double n = std::floor((after - g.offset) / g.interval) + 1.0;
    if (n < 0.0)
        n = 0.0;
    while (g.offset + (n - 1.0) * g.interval > after && n > 0.0)
        n -= 1.0;
    while (g.offset + n * g.interval <= after)
        n += 1.0;
    const double t = g.offset + n * g.interval;
    if (t <= m_duration && n < 4.0e9)
        m_fes.push(t, kPriority[EvBatchTick], EvBatchTick, gi, g.tickGeneration, static_cast<std::uint32_t>(n));
}

void Engine::onBatchTick(std::uint32_t gi, std::uint32_t generation, std::uint32_t n)
{
    Group &g = m_groups[gi];
    if (generation != g.tickGeneration)
        return;
    const double next = g.offset + (static_cast<double>(n) + 1.0) * g.interval;
    if (next <= m_duration)
        m_fes.push(next, kPriority[EvBatchTick], EvBatchTick, gi, generation, n + 1);
    for (std::uint32_t c = 0; c < g.cons.size(); ++c) {
        Consumer &k = g.cons[c];
        if (g.down > 0) {
            k.tickPending = true;
            continue;
        }
        k.taken = k.queue.size() - (k.work == Consumer::Work::Batch ? k.batchCount : 0);
        tryStart(g, c);
    }
}

void Engine::onOutageStart(std::uint32_t gi)
{
    ++m_groups[gi].down;
}

void Engine::onOutageEnd(std::uint32_t gi)
{
    Group &g = m_groups[gi];
    if (g.down > 0)
        --g.down;
    if (g.down > 0)
        return;
    for (std::uint32_t c = 0; c < g.cons.size(); ++c) {
        Consumer &k = g.cons[c];
        if (k.tickPending) {
            k.tickPending = false;
            k.taken = k.queue.size() - (k.work == Consumer::Work::Batch ? k.batchCount : 0);
        }
        tryStart(g, c);
    }
}

void Engine::onRebuild(std::uint32_t gi, std::uint32_t record)
{
    Group &g = m_groups[gi];
    if (g.activeRebuild >= 0) {
        // A new rebuild supersedes the running one: it ends here, incomplete.
        RebuildRecord &old = g.rebuilds[static_cast<std::size_t>(g.activeRebuild)];
        old.duration = m_now - old.at;
        g.awaitingThreshold = false;
    }
    RebuildRecord &rec = g.rebuilds[record];
    rec.started = true;
    rec.at = m_now;
    g.activeRebuild = static_cast<int>(record);
    g.rebuildAt = m_now;
    // Events still in flight are part of the replay: they count as replayed
    // when applied, and the replay work covers the rest.
    std::vector<std::uint64_t> inFlight(g.cons.size(), 0);
    for (std::uint32_t m = g.head; m != kNil; m = m_msgs[m].nextG) {
        Message &msg = m_msgs[m];
        if (!msg.replay) {
            msg.replay = true;
        }
        const std::size_t c = consumerOf(g, msg.partition);
        ++inFlight[c];
    }
    std::uint64_t total = 0;
    g.replayingConsumers = 0;
    for (std::size_t c = 0; c < g.cons.size(); ++c) {
        Consumer &k = g.cons[c];
        std::uint64_t committed = 0;
        if (c < static_cast<std::size_t>(g.consumers)) {
            for (std::size_t p = c; p < g.committedPerPartition.size(); p += static_cast<std::size_t>(g.consumers))
                committed += g.committedPerPartition[p];
        }
        const std::uint64_t replay = committed > inFlight[c] ? committed - inFlight[c] : 0;
        k.replayRemaining = replay;
        k.replayChunkSize = std::max<std::uint64_t>(1, (replay + kReplayChunks - 1) / kReplayChunks);
        total += replay;
        if (replay > 0 || k.work == Consumer::Work::Replay)
            ++g.replayingConsumers;
    }
    changeBacklog(g, static_cast<std::int64_t>(total));
    if (g.replayingConsumers == 0) {
        replayFinished(g);
        return;
    }
    for (std::uint32_t c = 0; c < g.cons.size(); ++c)
        tryStart(g, c);
}

void Engine::replayFinished(Group &g)
{
    // The rebuild ends when every event committed up to now is applied.
    std::uint64_t pending = 0;
    for (std::uint32_t m = g.head; m != kNil; m = m_msgs[m].nextG)
        ++pending;
    g.thresholdSerial = m_serial;
    g.thresholdRemaining = pending;
    g.awaitingThreshold = pending > 0;
    if (pending == 0)
        completeRebuild(g);
}

void Engine::completeRebuild(Group &g)
{
    g.awaitingThreshold = false;
    if (g.activeRebuild < 0)
        return;
    RebuildRecord &rec = g.rebuilds[static_cast<std::size_t>(g.activeRebuild)];
    rec.duration = m_now - rec.at;
    rec.completed = true;
    g.activeRebuild = -1;
}

// ---------------------------------------------------------------------------
// Queries

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
    ++qt.ivIssued;
    if (stale)
        ++qt.ivStale;
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
    std::uint32_t type = 0;
    if (m_queries.size() > 1) {
        double u = m_queryTypeRng.uniform() * m_queryShareTotal;
        type = static_cast<std::uint32_t>(m_queries.size() - 1);
        for (std::size_t i = 0; i < m_queries.size(); ++i) {
            if (m_queries[i].share > 0.0 && u < m_queries[i].share) {
                type = static_cast<std::uint32_t>(i);
                break;
            }
            u -= m_queries[i].share;
        }
        while (m_queries[type].share <= 0.0 && type > 0)
            --type;
    }
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
        finishQuery(type, m_now, m_now, counted, stale, stale ? m_now - oldest : 0.0, false, false);
    }
    scheduleQueryArrival();
}

void Engine::onFollowUpIssue(std::uint32_t f)
{
    FollowUpQuery &fu = m_fus[f];
    fu.issueAt = m_now;
    fu.counted = m_now >= m_warmup;
    QueryType &qt = m_queries[fu.query];
    switch (qt.consistency.strategy) {
    case Strategy::ReadFromWriteModel: {
        const std::uint32_t j = m_jobs.allocate();
        Job &job = m_jobs[j];
        job.isRead = true;
        job.query = fu.query;
        job.arrival = m_now;
        job.counted = fu.counted;
        job.followUp = f;
        enqueueJob(j);
        return;
    }
    case Strategy::Eventual: {
        const bool applied = targetApplied(fu);
        finishQuery(fu.query, m_now, m_now, fu.counted, !applied, m_now - fu.commitTime, false, false);
        m_fus.release(f);
        return;
    }
    case Strategy::OptimisticUi: {
        const bool applied = targetApplied(fu);
        finishQuery(fu.query, m_now, m_now, fu.counted, !applied, m_now - fu.commitTime, false, false);
        fu.servedAt = m_now;
        const bool alive = fu.hasTarget && m_msgs[fu.msg].serial == fu.msgSerial;
        if (applied || !alive) {
            if (fu.counted)
                qt.pending.add(0.0);
            m_fus.release(f);
            return;
        }
        Message &msg = m_msgs[fu.msg];
        fu.nextWaiter = msg.waiters;
        msg.waiters = f;
        return;
    }
    case Strategy::WaitForVersion: {
        if (targetApplied(fu)) {
            finishQuery(fu.query, m_now, m_now, fu.counted, false, 0.0, false, false);
            m_fus.release(f);
            return;
        }
        fu.deadline = m_now + qt.consistency.timeout;
        fu.polls = 1;
        const double next = std::min(m_now + qt.consistency.pollInterval, fu.deadline);
        m_fes.push(next, kPriority[EvPoll], EvPoll, f);
        return;
    }
    }
}

void Engine::onPoll(std::uint32_t f)
{
    FollowUpQuery &fu = m_fus[f];
    const QueryType &qt = m_queries[fu.query];
    // Checks happen on the poll grid only; a deadline between two grid points
    // is the timeout itself, not one more check (rule 6).
    const bool onGrid = fu.issueAt + fu.polls * qt.consistency.pollInterval <= fu.deadline;
    if (onGrid && targetApplied(fu)) {
        finishQuery(fu.query, fu.issueAt, m_now, fu.counted, false, 0.0, false, false);
        m_fus.release(f);
        return;
    }
    if (m_now >= fu.deadline) {
        finishQuery(fu.query, fu.issueAt, m_now, fu.counted, true, m_now - fu.commitTime, true, false);
        m_fus.release(f);
        return;
    }
    ++fu.polls;
    const double next = std::min(fu.issueAt + fu.polls * qt.consistency.pollInterval, fu.deadline);
    m_fes.push(next, kPriority[EvPoll], EvPoll, f);
}

// ---------------------------------------------------------------------------
// Samples, snapshots and the result

double Engine::busyAllNow(const Group &g, double t) const
{
    // busyAll credits whole applies when they start; take back what lies after t.
    double busy = g.busyAll;
    for (const Consumer &k : g.cons) {
        if (k.busy()) {
            const double ahead = std::min(k.busyUntil, m_duration) - std::max(t, k.busyStart);
            if (ahead > 0.0)
                busy -= ahead;
        }
    }
    return busy;
}

double Engine::writeBusyAllNow(double t) const
{
    double busy = m_writeBusyAll;
    for (const Worker &w : m_workers) {
        if (w.busy) {
            const double ahead = std::min(w.busyUntil, m_duration) - std::max(t, w.busyStart);
            if (ahead > 0.0)
                busy -= ahead;
        }
    }
    return busy;
}

void Engine::fillGroupSnapshot(const Group &g, ConsumerGroupSnapshot &s, double t) const
{
    const double length = t - m_ivStart;
    s.id = g.id;
    s.appliedPerSecond = length > 0.0 ? static_cast<double>(g.ivApplied) / length : 0.0;
    const double area = g.ivBacklogArea
                        + static_cast<double>(g.backlog) * (t - std::max(g.lastBacklogChange, m_ivStart));
    s.backlogMean = length > 0.0 ? area / length : static_cast<double>(g.backlog);
    const double oldest = oldestUnapplied(g);
    s.lag = oldest == kInf ? 0.0 : t - oldest;
    s.lagMax = std::max(g.ivLagMax, s.lag);
    s.windowP50 = g.ivWindow.quantile(0.50);
    s.windowP99 = g.ivWindow.quantile(0.99);
    s.windowP95 = g.ivWindow.quantile(0.95);
    const double capacity = g.consumers * length;
    s.utilization = capacity > 0.0 ? std::clamp((busyAllNow(g, t) - g.busyAllAtSample) / capacity, 0.0, 1.0) : 0.0;
    s.backlog = g.backlog;
    s.busy = std::any_of(g.cons.begin(), g.cons.end(), [](const Consumer &k) { return k.busy(); });
    s.down = g.down > 0;
    s.rebuilding = g.activeRebuild >= 0;
    s.consumers = g.consumers;
    s.applied = g.applied;
    s.issued = g.issued;
}

Snapshot Engine::snapshot() const
{
    Snapshot s;
    const double t = m_now;
    const double length = t - m_ivStart;
    s.time = t;
    s.intervalStart = m_ivStart;
    if (length > 0.0) {
        s.commandsAcceptedPerSecond = static_cast<double>(m_ivAccepted) / length;
        s.commandsRejectedPerSecond = static_cast<double>(m_ivRejected) / length;
        s.eventsPublishedPerSecond = static_cast<double>(m_ivPublished) / length;
        s.commandsConflictedPerSecond = static_cast<double>(m_ivConflicts) / length;
        s.writeUtilization = std::clamp((writeBusyAllNow(t) - m_writeBusyAllAtSample)
                                            / (static_cast<double>(m_activeWorkers) * length),
                                        0.0, 1.0);
    }
    s.commandLatencyP50 = m_ivLatency.quantile(0.50);
    s.commandLatencyP99 = m_ivLatency.quantile(0.99);
    s.writeQueue = m_writeQueue.size()
                   + static_cast<std::size_t>(std::count_if(m_workers.begin(), m_workers.end(),
                                                            [](const Worker &w) { return w.busy; }));
    for (const CommandType &ct : m_commands) {
        s.commandsIssued += ct.issued;
        s.commandsAccepted += ct.accepted;
        s.commandsRejected += ct.rejected;
        s.conflicts += ct.conflicts;
    }
    s.eventsPublished = m_published;
    s.engineEvents = m_events;
    for (const Group &g : m_groups) {
        ConsumerGroupSnapshot gs;
        fillGroupSnapshot(g, gs, t);
        (g.readModel ? s.readModels : s.policies).push_back(std::move(gs));
    }
    for (const QueryType &qt : m_queries) {
        QuerySnapshot qs;
        qs.id = qt.id;
        qs.issuedPerSecond = length > 0.0 ? static_cast<double>(qt.ivIssued) / length : 0.0;
        qs.staleRatio = qt.ivIssued ? static_cast<double>(qt.ivStale) / static_cast<double>(qt.ivIssued) : 0.0;
        qs.issued = qt.issued;
        qs.stale = qt.stale;
        qs.timeouts = qt.timeouts;
        s.queries.push_back(std::move(qs));
    }
    return s;
}

void Engine::onSample(std::uint32_t n)
{
    if (m_series || m_sink) {
        const Snapshot s = snapshot();
        if (m_series) {
            m_seriesT.push_back(s.time);
            m_seriesAccepted.push_back(s.commandsAcceptedPerSecond);
            m_seriesRejected.push_back(s.commandsRejectedPerSecond);
            m_seriesPublished.push_back(s.eventsPublishedPerSecond);
            std::size_t r = 0, p = 0;
            for (std::size_t gi = 0; gi < m_groups.size(); ++gi) {
                const ConsumerGroupSnapshot &gs = m_groups[gi].readModel ? s.readModels[r++] : s.policies[p++];
                GroupSeries &series = m_groupSeries[gi];
                series.applied.push_back(gs.appliedPerSecond);
                series.backlog.push_back(gs.backlogMean);
                series.lag.push_back(gs.lagMax);
                series.p50.push_back(gs.windowP50);
                series.p99.push_back(gs.windowP99);
            }
            for (std::size_t q = 0; q < m_queries.size(); ++q) {
                m_querySeries[q].issued.push_back(s.queries[q].issuedPerSecond);
                m_querySeries[q].staleRatio.push_back(s.queries[q].staleRatio);
            }
        }
        if (m_sink)
            m_sink->sample(s);
    }
    // Start the next interval.
    for (Group &g : m_groups) {
        g.ivApplied = 0;
        g.ivWindow.clear();
        g.ivBacklogArea = 0.0;
        const double oldest = oldestUnapplied(g);
        g.ivLagMax = oldest == kInf ? 0.0 : m_now - oldest;
        g.busyAllAtSample = busyAllNow(g, m_now);
    }
    for (QueryType &qt : m_queries) {
        qt.ivIssued = 0;
        qt.ivStale = 0;
    }
    m_ivAccepted = m_ivRejected = m_ivPublished = 0;
    m_ivConflicts = 0;
    m_ivLatency.clear();
    m_writeBusyAllAtSample = writeBusyAllNow(m_now);
    m_ivStart = m_now;
    if (m_now < m_duration) {
        double next = static_cast<double>(n + 1) * m_sampleInterval;
        if (next >= m_duration * (1.0 - 1e-12)) // no sliver interval from rounding
            next = m_duration;
        m_fes.push(next, kPriority[EvSample], EvSample, n + 1);
    }
}

const LogHistogram *Engine::consistencyWindows(std::string_view readModelId) const
{
    for (std::size_t i = 0; i < m_readModelCount; ++i) {
        if (m_groups[i].id == readModelId)
            return &m_groups[i].window;
    }
    return nullptr;
}

Json Engine::result() const
{
    const double t = m_now;
    const double measured = std::max(0.0, t - m_warmup);
    Json r = Json::object();
    r["format"] = "cqrs-studio/result";
    r["schemaVersion"] = 1;
    r["model"] = m_modelName;
    r["seed"] = m_seed;
    r["simulatedSeconds"] = t;
    r["measuredFrom"] = m_warmup;
    r["engine"] = Json::object();
    r["engine"]["events"] = m_events;
    r["engine"]["wallSeconds"] = m_wallSeconds;

    auto commandJson = [](std::uint64_t issued, std::uint64_t accepted, std::uint64_t rejected,
                          std::uint64_t conflicts, std::uint64_t stale, const LogHistogram &latency) {
        Json j = Json::object();
        j["issued"] = issued;
        j["accepted"] = accepted;
        j["rejected"] = rejected;
        j["conflicts"] = conflicts;
        j["staleDecisions"] = stale;
        j["latency"] = statsJson(latency);
        return j;
    };
    std::uint64_t issued = 0, accepted = 0, rejected = 0, conflicts = 0, stale = 0;
    LogHistogram all;
    Json byType = Json::object();
    for (const CommandType &ct : m_commands) {
        issued += ct.issued;
        accepted += ct.accepted;
        rejected += ct.rejected;
        conflicts += ct.conflicts;
        stale += ct.staleDecisions;
        all.merge(ct.latency);
        byType[ct.id] = commandJson(ct.issued, ct.accepted, ct.rejected, ct.conflicts, ct.staleDecisions, ct.latency);
    }
    r["commands"] = Json::object();
    r["commands"]["total"] = commandJson(issued, accepted, rejected, conflicts, stale, all);
    r["commands"]["byType"] = std::move(byType);
    r["events"] = Json::object();
    r["events"]["published"] = m_published;

    Json readModels = Json::object();
    Json policies = Json::object();
    for (const Group &g : m_groups) {
        const double busy = [&] {
            double b = g.busyMeasured;
            for (const Consumer &k : g.cons) {
                if (k.busy()) {
                    const double ahead = std::min(k.busyUntil, m_duration)
                                         - std::max(t, std::max(k.busyStart, m_warmup));
                    if (ahead > 0.0)
                        b -= ahead;
                }
            }
            return b;
        }();
        const double capacity = g.capacityArea
                                + (t > m_warmup ? g.consumers * (t - std::max(g.lastCapacityChange, m_warmup)) : 0.0);
        const double utilization = capacity > 0.0 ? std::clamp(busy / capacity, 0.0, 1.0) : 0.0;
        if (!g.readModel) {
            Json p = Json::object();
            p["applied"] = g.applied;
            p["issued"] = g.issued;
            policies[g.id] = std::move(p);
            continue;
        }
        Json j = Json::object();
        j["applied"] = g.applied;
        j["consistencyWindow"] = statsJson(g.window);
        double area = g.backlogArea;
        std::uint64_t backlogMax = g.backlogMax;
        if (t > m_warmup) {
            area += static_cast<double>(g.backlog) * (t - std::max(g.lastBacklogChange, m_warmup));
            backlogMax = std::max(backlogMax, g.backlog);
        }
        j["backlog"] = Json::object();
        j["backlog"]["mean"] = measured > 0.0 ? area / measured : 0.0;
        j["backlog"]["max"] = backlogMax;
        double lagMax = g.lagMax;
        const double oldest = oldestUnapplied(g);
        if (t >= m_warmup && oldest != kInf)
            lagMax = std::max(lagMax, t - oldest);
        j["lag"] = Json::object();
        j["lag"]["max"] = lagMax;
        j["utilization"] = utilization;
        j["duplicates"] = g.duplicates;
        j["corruptedUpdates"] = g.corrupted;
        j["outOfOrder"] = g.outOfOrder;
        if (g.staleBudget) {
            j["staleBudget"] = Json::object();
            j["staleBudget"]["p99"] = *g.staleBudget;
            j["staleBudget"]["met"] = g.window.count() == 0 || g.window.quantile(0.99) <= *g.staleBudget;
        }
        Json rebuilds = Json::array();
        for (std::size_t ri = 0; ri < g.rebuilds.size(); ++ri) {
            const RebuildRecord &rec = g.rebuilds[ri];
            if (!rec.started)
                continue;
            const bool running = !rec.completed && static_cast<int>(ri) == g.activeRebuild;
            Json rb = Json::object();
            rb["at"] = rec.at;
            rb["duration"] = running ? t - rec.at : rec.duration;
            rb["replayed"] = rec.replayed;
            rb["completed"] = rec.completed;
            rebuilds.push_back(std::move(rb));
        }
        j["rebuilds"] = std::move(rebuilds);
        readModels[g.id] = std::move(j);
    }
    r["readModels"] = std::move(readModels);
    r["policies"] = std::move(policies);

    Json queries = Json::object();
    for (const QueryType &qt : m_queries) {
        Json j = Json::object();
        j["issued"] = qt.issued;
        j["stale"] = qt.stale;
        j["staleRatio"] = qt.issued ? static_cast<double>(qt.stale) / static_cast<double>(qt.issued) : 0.0;
        j["staleness"] = statsJson(qt.staleness);
        j["latency"] = statsJson(qt.latency);
        j["timeouts"] = qt.timeouts;
        j["pendingConfirmation"] = statsJson(qt.pending);
        queries[qt.id] = std::move(j);
    }
    r["queries"] = std::move(queries);

    double writeBusy = m_writeBusyMeasured;
    for (const Worker &w : m_workers) {
        if (w.busy) {
            const double ahead = std::min(w.busyUntil, m_duration) - std::max(t, std::max(w.busyStart, m_warmup));
            if (ahead > 0.0)
                writeBusy -= ahead;
        }
    }
    r["writeSide"] = Json::object();
    const double workerSeconds = m_workerArea
                                 + (t > m_warmup ? m_activeWorkers * (t - std::max(m_lastWorkersChange, m_warmup)) : 0.0);
    r["writeSide"]["utilization"] = workerSeconds > 0.0 ? std::clamp(writeBusy / workerSeconds, 0.0, 1.0) : 0.0;

    if (m_series) {
        Json s = Json::object();
        s["t"] = m_seriesT;
        s["commandsAccepted"] = m_seriesAccepted;
        s["commandsRejected"] = m_seriesRejected;
        s["eventsPublished"] = m_seriesPublished;
        Json rms = Json::object();
        for (std::size_t gi = 0; gi < m_readModelCount; ++gi) {
            const GroupSeries &gs = m_groupSeries[gi];
            Json j = Json::object();
            j["applied"] = gs.applied;
            j["backlog"] = gs.backlog;
            j["lag"] = gs.lag;
            j["windowP50"] = gs.p50;
            j["windowP99"] = gs.p99;
            rms[m_groups[gi].id] = std::move(j);
        }
        s["readModels"] = std::move(rms);
        Json qs = Json::object();
        for (std::size_t q = 0; q < m_queries.size(); ++q) {
            Json j = Json::object();
            j["issued"] = m_querySeries[q].issued;
            j["staleRatio"] = m_querySeries[q].staleRatio;
            qs[m_queries[q].id] = std::move(j);
        }
        s["queries"] = std::move(qs);
        r["series"] = std::move(s);
    }
    return r;
}

MemoryFootprint Engine::memoryFootprint() const
{
    MemoryFootprint f;
    f.futureEvents = m_fes.capacity();
    f.messages = m_msgs.capacity();
    f.jobs = m_jobs.capacity();
    f.followUps = m_fus.capacity();
    f.queueSlots = m_writeQueue.capacity();
    for (const Group &g : m_groups) {
        for (const Consumer &k : g.cons)
            f.queueSlots += k.queue.capacity();
        for (const KeySpace &ks : g.keys)
            f.perKeyBytes += ks.applied.size() * (sizeof(std::uint32_t) * 3 + sizeof(float));
    }
    for (const auto &v : m_versions)
        f.perKeyBytes += v.size() * sizeof(std::uint32_t);
    f.seriesPoints = m_seriesT.size();
    return f;
}

// ---------------------------------------------------------------------------
// Mid-run changes

Group *Engine::findGroup(std::string_view id, std::string *error)
{
    for (Group &g : m_groups) {
        if (g.id == id)
            return &g;
    }
    setError(error, "no read model or policy with id '" + std::string(id) + "'");
    return nullptr;
}

bool Engine::setCommandRate(double rate, std::string *error)
{
    if (!(rate >= 0.0) || !std::isfinite(rate)) {
        setError(error, "workload.commandRate must be a number >= 0");
        return false;
    }
    m_commandRate = rate;
    ++m_arrivalGeneration; // the pending arrival is void; Poisson arrivals are memoryless
    scheduleCommandArrival();
    return true;
}

bool Engine::setQueryRate(double rate, std::string *error)
{
    if (!(rate >= 0.0) || !std::isfinite(rate)) {
        setError(error, "workload.queryRate must be a number >= 0");
        return false;
    }
    m_queryRate = rate;
    ++m_queryGeneration;
    scheduleQueryArrival();
    return true;
}

bool Engine::setWorkers(int workers, std::string *error)
{
    if (workers < 1 || workers > 100000) {
        setError(error, "writeSide.workers must be an integer from 1 to 100000");
        return false;
    }
    if (m_now > m_warmup)
        m_workerArea += m_activeWorkers * (m_now - std::max(m_lastWorkersChange, m_warmup));
    m_lastWorkersChange = m_now;
    const auto target = static_cast<std::uint32_t>(workers);
    if (target < m_activeWorkers) {
        // Idle surplus workers leave now; busy ones after their current job.
        m_freeWorkers.erase(std::remove_if(m_freeWorkers.begin(), m_freeWorkers.end(),
                                           [target](std::uint32_t w) { return w >= target; }),
                            m_freeWorkers.end());
        m_activeWorkers = target;
        return true;
    }
    const std::uint32_t old = m_activeWorkers;
    m_activeWorkers = target;
    if (m_workers.size() < target)
        m_workers.resize(target);
    // Workers that come (back): idle ones join the free list (lowest index first).
    for (std::uint32_t w = target; w-- > old;) {
        if (!m_workers[w].busy)
            m_freeWorkers.push_back(w);
    }
    while (!m_freeWorkers.empty() && !m_writeQueue.empty()) {
        const std::uint32_t w = m_freeWorkers.back();
        m_freeWorkers.pop_back();
        startJob(w, m_writeQueue.pop());
    }
    return true;
}

bool Engine::setHandlerTime(std::string_view commandId, const Distribution &handlerTime, std::string *error)
{
    for (CommandType &ct : m_commands) {
        if (ct.id == commandId) {
            if (!handlerTime.isValid()) {
                setError(error, std::string(commandId) + ": invalid handlerTime distribution");
                return false;
            }
            ct.handler.set(handlerTime);
            return true;
        }
    }
    setError(error, "no command with id '" + std::string(commandId) + "'");
    return false;
}

bool Engine::setUpdateDelay(std::string_view id, const Distribution &delay, std::string *error)
{
    Group *g = findGroup(id, error);
    if (!g)
        return false;
    if (!delay.isValid()) {
        setError(error, std::string(id) + ": invalid delay distribution");
        return false;
    }
    g->delay.set(delay);
    return true;
}

bool Engine::setApplyTime(std::string_view id, const Distribution &applyTime, std::string *error)
{
    Group *g = findGroup(id, error);
    if (!g)
        return false;
    if (!applyTime.isValid()) {
        setError(error, std::string(id) + ": invalid applyTime distribution");
        return false;
    }
    g->apply.set(applyTime);
    return true;
}

bool Engine::setConsumers(std::string_view id, int consumers, std::string *error)
{
    Group *g = findGroup(id, error);
    if (!g)
        return false;
    if (consumers < 1 || consumers > 100000) {
        setError(error, std::string(id) + ": consumers must be an integer from 1 to 100000");
        return false;
    }
    changeCapacity(*g, consumers);
    // Consumers beyond the new count drain what they hold, then get nothing.
    for (std::uint32_t c = 0; c < g->cons.size(); ++c)
        tryStart(*g, c);
    return true;
}

bool Engine::setBatchInterval(std::string_view id, double interval, std::string *error)
{
    Group *g = findGroup(id, error);
    if (!g)
        return false;
    if (!g->batch) {
        setError(error, std::string(id) + ": not a batch consumer");
        return false;
    }
    if (!(interval > 0.0) || !std::isfinite(interval)) {
        setError(error, std::string(id) + ": batch interval must be > 0");
        return false;
    }
    g->interval = interval;
    ++g->tickGeneration;
    scheduleTick(static_cast<std::uint32_t>(g - m_groups.data()), m_now);
    return true;
}

bool Engine::setQueryConsistency(std::string_view queryId, const Consistency &consistency, std::string *error)
{
    for (QueryType &qt : m_queries) {
        if (qt.id == queryId) {
            if (!(consistency.pollInterval > 0.0) || !(consistency.timeout > 0.0)) {
                setError(error, std::string(queryId) + ": pollInterval and timeout must be > 0");
                return false;
            }
            qt.consistency = consistency;
            return true;
        }
    }
    setError(error, "no query with id '" + std::string(queryId) + "'");
    return false;
}

bool Engine::scheduleOutage(std::string_view id, double at, double duration, std::string *error)
{
    Group *g = findGroup(id, error);
    if (!g)
        return false;
    if (!(at >= m_now) || !(duration > 0.0) || !std::isfinite(at + duration)) {
        setError(error, std::string(id) + ": an outage needs at >= now and duration > 0");
        return false;
    }
    const auto gi = static_cast<std::uint32_t>(g - m_groups.data());
    if (at <= m_duration) {
        m_fes.push(at, kPriority[EvOutageStart], EvOutageStart, gi);
        m_fes.push(at + duration, kPriority[EvOutageEnd], EvOutageEnd, gi);
    }
    return true;
}

bool Engine::scheduleRebuild(std::string_view readModelId, double at, std::string *error)
{
    Group *g = findGroup(readModelId, error);
    if (!g)
        return false;
    if (!g->readModel) {
        setError(error, std::string(readModelId) + ": only read models rebuild");
        return false;
    }
    if (!(at >= m_now) || !std::isfinite(at)) {
        setError(error, std::string(readModelId) + ": a rebuild needs at >= now");
        return false;
    }
    if (at <= m_duration) {
        RebuildRecord rec;
        rec.at = at;
        g->rebuilds.push_back(rec);
        m_fes.push(at, kPriority[EvRebuild], EvRebuild, static_cast<std::uint32_t>(g - m_groups.data()),
                   static_cast<std::uint32_t>(g->rebuilds.size() - 1));
    }
    return true;
}

} // namespace cqrs::sim
