#include "cqrs/sim/simulation.h"

#include "cqrs/model/modeljson.h"
#include "cqrs/model/validation.h"
#include "engine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <new>
#include <optional>
#include <stdexcept>

namespace cqrs::sim {

double estimateEngineEvents(const Model &model)
{
    // One estimate for the whole product: the model layer's, which `validate` uses too.
    return expectedEngineEvents(model);
}

std::string checkRunLimits(const Model &model)
{
    const double expected = estimateEngineEvents(model);
    if (!(expected <= kMaxExpectedEngineEvents)) {
        std::string text = "the run would need ";
        if (std::isfinite(expected) && expected < 1e18)
            text += "about " + describeCount(expected);
        else if (std::isfinite(expected))
            text += describeCount(expected);
        else
            text += "infinitely many";
        text += " engine events, more than the limit of " + describeCount(kMaxExpectedEngineEvents)
                + " (shorten workload.duration or lower the rates; policies that feed back with a "
                  "gain of 1 or more never settle)";
        return text;
    }
    if (const std::optional<RunMemoryProblem> memory = checkRunMemory(model))
        return memory->message;
    return {};
}

bool Engine::setParameter(std::string_view path, const Json &value, std::string *error)
{
    auto fail = [&](std::string message) {
        if (error)
            *error = std::move(message);
        return false;
    };
    // One reading of a change for the whole product: the path and the value
    // go through exactly what `--set` and the loader do, with their messages.
    // Both sides of the comparison below go through the same writing and
    // reading, so they differ only by the change.
    Json document = modelToJson(m_model);
    ModelLoadResult reread = modelFromJson(document);
    if (!reread.ok())
        return fail(std::string(path)
                    + ": the model as run cannot be read back, so nothing can be changed");
    const Model base = std::move(*reread.model);
    std::string problem;
    if (!applySetOverride(document, path, value, &problem))
        return fail(problem);
    ModelLoadResult loaded = modelFromJson(document);
    if (!loaded.ok()) {
        for (const Diagnostic &d : loaded.diagnostics) {
            if (d.isError())
                return fail(std::string(path) + ": " + d.message);
        }
        return fail(std::string(path) + ": the model is not valid with this value");
    }
    Model next = std::move(*loaded.model);

    // The fields a run can take mid-way, each with its setter (and the old
    // value, to undo it). Every other difference is refused before anything
    // changes; a setter that refuses undoes the ones before it, so a change
    // applies whole or not at all.
    struct Change
    {
        std::function<bool(std::string *)> apply;
        std::function<void()> undo;
    };
    std::vector<Change> changes;
    auto change = [&changes](auto set, auto oldValue, auto newValue) {
        changes.push_back({[set, newValue](std::string *e) { return set(newValue, e); },
                           [set, oldValue] {
                               std::string ignored;
                               set(oldValue, &ignored);
                           }});
    };
    Model rest = next;
    if (next.writeSide.workers != base.writeSide.workers)
        change([this](int n, std::string *e) { return setWorkers(n, e); },
               m_model.writeSide.workers, next.writeSide.workers);
    rest.writeSide.workers = base.writeSide.workers;
    if (next.workload.commandRate != base.workload.commandRate)
        change([this](double r, std::string *e) { return setCommandRate(r, e); },
               m_model.workload.commandRate, next.workload.commandRate);
    rest.workload.commandRate = base.workload.commandRate;
    if (next.workload.queryRate != base.workload.queryRate)
        change([this](double r, std::string *e) { return setQueryRate(r, e); },
               m_model.workload.queryRate, next.workload.queryRate);
    rest.workload.queryRate = base.workload.queryRate;
    if (next.eventBus.duplicateRate != base.eventBus.duplicateRate)
        change([this](double r, std::string *e) { return setDuplicateRate(r, e); },
               m_model.eventBus.duplicateRate, next.eventBus.duplicateRate);
    rest.eventBus.duplicateRate = base.eventBus.duplicateRate;

    for (std::size_t i = 0; i < next.commands.size() && i < base.commands.size(); ++i) {
        const Command &now = base.commands[i];
        const Command &then = next.commands[i];
        if (now.id != then.id)
            continue;
        if (!(then.handlerTime == now.handlerTime))
            change([this, id = then.id](const Distribution &d,
                                        std::string *e) { return setHandlerTime(id, d, e); },
                   m_model.commands[i].handlerTime, then.handlerTime);
        rest.commands[i].handlerTime = now.handlerTime;
    }
    // `original`: the engine's own values, which undo restores exactly (a value
    // read back from text may differ in the last bit).
    auto consumerChanges = [&](const std::string &id, const ConsumerSpec &now,
                               const ConsumerSpec &then, const ConsumerSpec &original,
                               ConsumerSpec &restSpec) {
        if (then.consumers != now.consumers)
            change([this, id](int n, std::string *e) { return setConsumers(id, n, e); },
                   original.consumers, then.consumers);
        if (!(then.applyTime == now.applyTime))
            change([this, id](const Distribution &d,
                              std::string *e) { return setApplyTime(id, d, e); },
                   original.applyTime, then.applyTime);
        if (!(then.update.delay == now.update.delay))
            change([this, id](const Distribution &d,
                              std::string *e) { return setUpdateDelay(id, d, e); },
                   original.update.delay, then.update.delay);
        if (then.update.interval != now.update.interval)
            change([this, id](double v, std::string *e) { return setBatchInterval(id, v, e); },
                   original.update.interval, then.update.interval);
        restSpec.consumers = now.consumers;
        restSpec.applyTime = now.applyTime;
        restSpec.update.delay = now.update.delay;
        restSpec.update.interval = now.update.interval;
    };
    for (std::size_t i = 0; i < next.readModels.size() && i < base.readModels.size(); ++i) {
        if (next.readModels[i].id == base.readModels[i].id)
            consumerChanges(next.readModels[i].id, base.readModels[i], next.readModels[i],
                            m_model.readModels[i], rest.readModels[i]);
    }
    for (std::size_t i = 0; i < next.policies.size() && i < base.policies.size(); ++i) {
        if (next.policies[i].id == base.policies[i].id)
            consumerChanges(next.policies[i].id, base.policies[i], next.policies[i],
                            m_model.policies[i], rest.policies[i]);
    }
    for (std::size_t i = 0; i < next.queries.size() && i < base.queries.size(); ++i) {
        const Query &now = base.queries[i];
        const Query &then = next.queries[i];
        if (now.id != then.id)
            continue;
        if (!(then.consistency == now.consistency))
            change([this, id = then.id](const Consistency &c,
                                        std::string *e) { return setQueryConsistency(id, c, e); },
                   m_model.queries[i].consistency, then.consistency);
        rest.queries[i].consistency = now.consistency;
    }
    if (!(rest == base))
        return fail(std::string(path) + ": cannot be changed during a run");

    for (std::size_t i = 0; i < changes.size(); ++i) {
        std::string inner;
        if (!changes[i].apply(&inner)) {
            for (std::size_t j = i; j-- > 0;)
                changes[j].undo();
            return fail(std::string(path) + ": " + inner);
        }
    }
    m_model = std::move(next);
    return true;
}

// ---------------------------------------------------------------------------

Simulation::Simulation(const Model &model, const SimulationOptions &options)
    : m_engine(std::make_unique<Engine>(model, options))
{}

Simulation::~Simulation() = default;

void Simulation::setSink(SimulationSink *sink, bool trace)
{
    m_engine->setSink(sink, trace);
}

void Simulation::advanceTo(double t)
{
    m_engine->advanceTo(t);
}

bool Simulation::step()
{
    if (finished())
        return false;
    const double interval = m_engine->sampleInterval();
    const double next = (std::floor(m_engine->now() / interval + 1e-9) + 1.0) * interval;
    m_engine->advanceTo(std::min(next, m_engine->duration()));
    return !finished();
}

void Simulation::runToEnd()
{
    m_engine->advanceTo(m_engine->duration());
}

double Simulation::currentTime() const
{
    return m_engine->now();
}
double Simulation::duration() const
{
    return m_engine->duration();
}
double Simulation::warmup() const
{
    return m_engine->warmup();
}
double Simulation::sampleInterval() const
{
    return m_engine->sampleInterval();
}
bool Simulation::finished() const
{
    return m_engine->finished();
}
std::uint64_t Simulation::processedEvents() const
{
    return m_engine->processedEvents();
}
Json Simulation::result() const
{
    return toJson(m_engine->result());
}
Result Simulation::typedResult() const
{
    return m_engine->result();
}
std::size_t Simulation::closedSeriesPoints() const
{
    return m_engine->closedSeriesPoints();
}
ResultSeries Simulation::closedSeries(std::size_t from) const
{
    return m_engine->closedSeries(from);
}
Snapshot Simulation::snapshot() const
{
    return m_engine->snapshot();
}
const LogHistogram *Simulation::consistencyWindows(std::string_view readModelId) const
{
    return m_engine->consistencyWindows(readModelId);
}

std::string formatResult(const Json &result)
{
    return result.dump(2) + "\n";
}

MemoryFootprint Simulation::memoryFootprint() const
{
    return m_engine->memoryFootprint();
}
const Trace *Simulation::trace() const
{
    return m_engine->trace();
}

bool Simulation::setParameter(std::string_view path, const Json &value, std::string *error)
{
    return m_engine->setParameter(path, value, error);
}

bool Simulation::setCommandRate(double rate, std::string *error)
{
    return m_engine->setCommandRate(rate, error);
}
bool Simulation::setWorkers(int workers, std::string *error)
{
    return m_engine->setWorkers(workers, error);
}

bool Simulation::setHandlerTime(std::string_view commandId, const Distribution &handlerTime,
                                std::string *error)
{
    return m_engine->setHandlerTime(commandId, handlerTime, error);
}
bool Simulation::setQueryRate(double rate, std::string *error)
{
    return m_engine->setQueryRate(rate, error);
}

bool Simulation::setUpdateDelay(std::string_view id, const Distribution &delay, std::string *error)
{
    return m_engine->setUpdateDelay(id, delay, error);
}

bool Simulation::setApplyTime(std::string_view id, const Distribution &applyTime,
                              std::string *error)
{
    return m_engine->setApplyTime(id, applyTime, error);
}

bool Simulation::setConsumers(std::string_view id, int consumers, std::string *error)
{
    return m_engine->setConsumers(id, consumers, error);
}

bool Simulation::setBatchInterval(std::string_view id, double interval, std::string *error)
{
    return m_engine->setBatchInterval(id, interval, error);
}

bool Simulation::setQueryConsistency(std::string_view queryId, const Consistency &consistency,
                                     std::string *error)
{
    return m_engine->setQueryConsistency(queryId, consistency, error);
}

bool Simulation::scheduleOutage(std::string_view id, double at, double duration, std::string *error)
{
    return m_engine->scheduleOutage(id, at, duration, error);
}

bool Simulation::scheduleRebuild(std::string_view readModelId, double at, std::string *error)
{
    return m_engine->scheduleRebuild(readModelId, at, error);
}

std::string describeRunFailure(const std::exception &error, double simulatedTime)
{
    std::string text;
    if (dynamic_cast<const std::bad_alloc *>(&error)
        || dynamic_cast<const std::length_error *>(&error)) {
        text = "out of memory: the run needed more memory than the system allows";
        if (simulatedTime >= 0) {
            char at[64];
            std::snprintf(at, sizeof at, " (it stopped at t = %.6g s)", simulatedTime);
            text += at;
        }
        text += "; lower the rates, shorten workload.duration, or add consumers and workers where "
                "work piles up (docs/limits.md)";
        return text;
    }
    text = error.what();
    return text.empty() ? std::string("the run failed") : text;
}

Json simulate(const Model &model, const SimulationOptions &options)
{
    Simulation simulation(model, options);
    simulation.runToEnd();
    return simulation.result();
}

} // namespace cqrs::sim
