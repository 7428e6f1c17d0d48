#include "cqrs/sim/simulation.h"

#include "cqrs/model/validation.h"
#include "engine.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cqrs::sim {

namespace {

bool distributionFromJson(const Json &value, Distribution &out, std::string *error)
{
    if (value.is_number()) {
        out = Distribution::constant(value.get<double>());
    } else if (value.is_object() && value.contains("dist") && value["dist"].is_string()) {
        DistKind kind;
        if (!fromString(value["dist"].get<std::string>(), kind)) {
            if (error)
                *error = "unknown distribution '" + value["dist"].get<std::string>() + "'";
            return false;
        }
        Distribution d;
        d.kind = kind;
        for (int i = 0; i < d.parameterCount(); ++i) {
            const char *name = d.parameterName(i);
            if (!value.contains(name) || !value[name].is_number()) {
                if (error)
                    *error = std::string("distribution '") + std::string(toString(kind)) + "' needs a number '" + name + "'";
                return false;
            }
            (i == 0 ? d.p1 : d.p2) = value[name].get<double>();
        }
        out = d;
    } else {
        if (error)
            *error = "expected a number or a distribution object";
        return false;
    }
    if (!out.isValid()) {
        if (error)
            *error = "distribution parameters out of range";
        return false;
    }
    return true;
}

bool strategyFromString(const std::string &name, Strategy &out)
{
    for (Strategy s : {Strategy::Eventual, Strategy::WaitForVersion, Strategy::ReadFromWriteModel,
                       Strategy::OptimisticUi}) {
        if (toString(s) == name) {
            out = s;
            return true;
        }
    }
    return false;
}

std::vector<std::string> splitPath(std::string_view path)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        const std::size_t end = dot == std::string_view::npos ? path.size() : dot;
        parts.emplace_back(path.substr(start, end - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return parts;
}

} // namespace

double estimateEngineEvents(const Model &model)
{
    // One estimate for the whole product: the model layer's, which `validate` uses too.
    return expectedEngineEvents(model);
}

std::string checkRunLimits(const Model &model)
{
    const double expected = estimateEngineEvents(model);
    if (!(expected <= kMaxExpectedEngineEvents)) {
        std::ostringstream out;
        out << "the run would need about ";
        if (std::isfinite(expected))
            out << expected;
        else
            out << "infinitely many";
        out << " engine events, more than the limit of " << kMaxExpectedEngineEvents
            << " (shorten workload.duration or lower the rates; policies that feed back with a gain of 1 or more never settle)";
        return out.str();
    }
    return {};
}

bool Engine::setParameter(std::string_view path, const Json &value, std::string *error)
{
    const std::vector<std::string> parts = splitPath(path);
    auto fail = [&](const std::string &message) {
        if (error)
            *error = std::string(path) + ": " + message;
        return false;
    };
    auto number = [&](double &out) {
        if (!value.is_number())
            return fail("expected a number");
        out = value.get<double>();
        return true;
    };
    std::string inner;
    auto wrap = [&](bool ok) {
        if (!ok && error && !inner.empty())
            *error = std::string(path) + ": " + inner;
        return ok;
    };
    if (parts.size() == 2 && parts[0] == "writeSide" && parts[1] == "workers") {
        if (!value.is_number_integer())
            return fail("expected an integer");
        return wrap(setWorkers(value.get<int>(), &inner));
    }
    if (parts.size() == 3 && parts[0] == "commands" && parts[2] == "handlerTime") {
        Distribution d;
        if (!distributionFromJson(value, d, &inner))
            return fail(inner);
        return wrap(setHandlerTime(parts[1], d, &inner));
    }
    if (parts.size() == 2 && parts[0] == "workload") {
        double v = 0.0;
        if (!number(v))
            return false;
        if (parts[1] == "commandRate")
            return wrap(setCommandRate(v, &inner));
        if (parts[1] == "queryRate")
            return wrap(setQueryRate(v, &inner));
        return fail("cannot be changed during a run");
    }
    if (parts.size() >= 3 && (parts[0] == "readModels" || parts[0] == "policies")) {
        const std::string &id = parts[1];
        const std::string field = parts[2] + (parts.size() > 3 ? "." + parts[3] : std::string());
        if (parts.size() > 4)
            return fail("unknown field");
        if (field == "update.delay" || field == "applyTime") {
            Distribution d;
            if (!distributionFromJson(value, d, &inner))
                return fail(inner);
            return wrap(field == "applyTime" ? setApplyTime(id, d, &inner) : setUpdateDelay(id, d, &inner));
        }
        if (field == "consumers") {
            if (!value.is_number_integer())
                return fail("expected an integer");
            return wrap(setConsumers(id, value.get<int>(), &inner));
        }
        if (field == "update.interval") {
            double v = 0.0;
            if (!number(v))
                return false;
            return wrap(setBatchInterval(id, v, &inner));
        }
        return fail("cannot be changed during a run");
    }
    if (parts.size() >= 3 && parts[0] == "queries") {
        const std::string &id = parts[1];
        const Query *unused = nullptr;
        (void) unused;
        Consistency c;
        bool found = false;
        for (const QueryType &qt : m_queries) {
            if (qt.id == id) {
                c = qt.consistency;
                found = true;
            }
        }
        if (!found)
            return fail("no query with id '" + id + "'");
        if (parts.size() == 3 && parts[2] == "consistency") {
            if (!value.is_object())
                return fail("expected an object");
            if (value.contains("strategy")) {
                if (!value["strategy"].is_string() || !strategyFromString(value["strategy"].get<std::string>(), c.strategy))
                    return fail("unknown strategy");
            }
            if (value.contains("pollInterval")) {
                if (!value["pollInterval"].is_number())
                    return fail("pollInterval must be a number");
                c.pollInterval = value["pollInterval"].get<double>();
            }
            if (value.contains("timeout")) {
                if (!value["timeout"].is_number())
                    return fail("timeout must be a number");
                c.timeout = value["timeout"].get<double>();
            }
            return wrap(setQueryConsistency(id, c, &inner));
        }
        if (parts.size() == 4 && parts[2] == "consistency") {
            if (parts[3] == "strategy") {
                if (!value.is_string() || !strategyFromString(value.get<std::string>(), c.strategy))
                    return fail("unknown strategy");
            } else if (parts[3] == "pollInterval" || parts[3] == "timeout") {
                double v = 0.0;
                if (!number(v))
                    return false;
                (parts[3] == "timeout" ? c.timeout : c.pollInterval) = v;
            } else {
                return fail("unknown field");
            }
            return wrap(setQueryConsistency(id, c, &inner));
        }
        return fail("cannot be changed during a run");
    }
    return fail("cannot be changed during a run");
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

double Simulation::currentTime() const { return m_engine->now(); }
double Simulation::duration() const { return m_engine->duration(); }
double Simulation::warmup() const { return m_engine->warmup(); }
double Simulation::sampleInterval() const { return m_engine->sampleInterval(); }
bool Simulation::finished() const { return m_engine->finished(); }
std::uint64_t Simulation::processedEvents() const { return m_engine->processedEvents(); }
Json Simulation::result() const { return m_engine->result(); }
Snapshot Simulation::snapshot() const { return m_engine->snapshot(); }
const LogHistogram *Simulation::consistencyWindows(std::string_view readModelId) const
{
    return m_engine->consistencyWindows(readModelId);
}

std::string formatResult(const Json &result)
{
    return result.dump(2) + "\n";
}

MemoryFootprint Simulation::memoryFootprint() const { return m_engine->memoryFootprint(); }
const Trace *Simulation::trace() const { return m_engine->trace(); }

bool Simulation::setParameter(std::string_view path, const Json &value, std::string *error)
{
    return m_engine->setParameter(path, value, error);
}

bool Simulation::setCommandRate(double rate, std::string *error) { return m_engine->setCommandRate(rate, error); }
bool Simulation::setWorkers(int workers, std::string *error) { return m_engine->setWorkers(workers, error); }

bool Simulation::setHandlerTime(std::string_view commandId, const Distribution &handlerTime, std::string *error)
{
    return m_engine->setHandlerTime(commandId, handlerTime, error);
}
bool Simulation::setQueryRate(double rate, std::string *error) { return m_engine->setQueryRate(rate, error); }

bool Simulation::setUpdateDelay(std::string_view id, const Distribution &delay, std::string *error)
{
    return m_engine->setUpdateDelay(id, delay, error);
}

bool Simulation::setApplyTime(std::string_view id, const Distribution &applyTime, std::string *error)
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

bool Simulation::setQueryConsistency(std::string_view queryId, const Consistency &consistency, std::string *error)
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

Json simulate(const Model &model, const SimulationOptions &options)
{
    Simulation simulation(model, options);
    simulation.runToEnd();
    return simulation.result();
}

} // namespace cqrs::sim
