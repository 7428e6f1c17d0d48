// The engine: changes during a run.

#include "engine.h"

#include "cqrs/model/validation.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cqrs::sim {

namespace {

void setError(std::string *error, std::string message)
{
    if (error)
        *error = std::move(message);
}

} // namespace

Group *Engine::findGroup(std::string_view id, std::string *error)
{
    for (Group &g : m_groups) {
        if (g.config.id == id)
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

bool Engine::setDuplicateRate(double rate, std::string *error)
{
    if (!(rate >= 0.0 && rate <= 1.0)) {
        setError(error, "eventBus.duplicateRate must be a number from 0 to 1");
        return false;
    }
    // Deliveries from now on draw their duplicates from each group's own
    // stream, which a run that never has a duplicate rate does not touch.
    m_duplicateRate = rate;
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
    if (workers < 1 || workers > kMaxServers) {
        setError(error, "writeSide.workers must be an integer from 1 to " + std::to_string(kMaxServers));
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
        if (!m_workers[w].busy())
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
    g->config.delay.set(delay);
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
    g->config.apply.set(applyTime);
    return true;
}

bool Engine::setConsumers(std::string_view id, int consumers, std::string *error)
{
    Group *g = findGroup(id, error);
    if (!g)
        return false;
    if (consumers < 1 || consumers > kMaxServers) {
        setError(error, std::string(id) + ": consumers must be an integer from 1 to " + std::to_string(kMaxServers));
        return false;
    }
    changeCapacity(*g, consumers);
    // Consumers beyond the new count drain what they hold, then get nothing.
    for (std::uint32_t c = 0; c < g->state.consumers.size(); ++c)
        tryStart(*g, c);
    return true;
}

bool Engine::setBatchInterval(std::string_view id, double interval, std::string *error)
{
    Group *g = findGroup(id, error);
    if (!g)
        return false;
    if (!g->config.batch) {
        setError(error, std::string(id) + ": not a batch consumer");
        return false;
    }
    if (!(interval > 0.0) || !std::isfinite(interval)) {
        setError(error, std::string(id) + ": batch interval must be > 0");
        return false;
    }
    g->config.interval = interval;
    ++g->state.tickGeneration;
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
        m_futureEvents.push(at, priorityOf(EvOutageStart), EvOutageStart, gi);
        m_futureEvents.push(at + duration, priorityOf(EvOutageEnd), EvOutageEnd, gi);
    }
    return true;
}

bool Engine::scheduleRebuild(std::string_view readModelId, double at, std::string *error)
{
    Group *g = findGroup(readModelId, error);
    if (!g)
        return false;
    if (!g->config.readModel) {
        setError(error, std::string(readModelId) + ": only read models rebuild");
        return false;
    }
    if (!(at >= m_now) || !std::isfinite(at)) {
        setError(error, std::string(readModelId) + ": a rebuild needs at >= now");
        return false;
    }
    if (at <= m_duration) {
        RebuildRecord rebuild;
        rebuild.at = at;
        g->state.rebuilds.push_back(rebuild);
        m_futureEvents.push(at, priorityOf(EvRebuild), EvRebuild, static_cast<std::uint32_t>(g - m_groups.data()),
                   static_cast<std::uint32_t>(g->state.rebuilds.size() - 1));
    }
    return true;
}


} // namespace cqrs::sim
