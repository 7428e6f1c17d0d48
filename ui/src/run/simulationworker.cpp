#include "cqrs/ui/run/simulationworker.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/runmarkers.h"

#include <cqrs/history/series.h>
#include <cqrs/sim/simulation.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

namespace cqrs {

namespace {

// CPU time of the calling thread: unlike wall time, not inflated when other
// processes compete for the cores (for the benchmark's figures).
double threadCpuSeconds()
{
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
#else
    return 0.0;
#endif
}

// A slice of engine work should stay well under a frame so that queued
// pause and parameter calls act quickly.
constexpr double kSliceTargetSeconds = 0.015;
// Snapshots reach the GUI at most this often (charts redraw a few times a second anyway).
constexpr qint64 kFlushMilliseconds = 100;
// Pacing tick for the fixed speeds.
constexpr int kPacedTickMilliseconds = 15;

} // namespace

double nextTenth(double now)
{
    double at = std::ceil(now * 10.0) / 10.0;
    if (at < now) // now * 10 rounded down to a whole number
        at = (std::ceil(now * 10.0) + 1.0) / 10.0;
    return at;
}

void SnapshotForwarder::flush()
{
    if (m_pending.empty())
        return;
    auto batch = std::make_shared<const std::vector<sim::Snapshot>>(std::move(m_pending));
    m_pending.clear();
    emit samples(batch);
}

SimulationWorker::SimulationWorker(int generation, QObject *parent)
    : QObject(parent)
    , m_generation(generation)
    , m_forwarder(this)
{
    qRegisterMetaType<cqrs::SnapshotBatch>();
    qRegisterMetaType<cqrs::RunResult>();
    m_timer.setParent(this);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SimulationWorker::slice);
    connect(&m_forwarder, &SnapshotForwarder::samples, this,
            [this](const SnapshotBatch &batch) { emit samples(m_generation, batch); });
}

SimulationWorker::~SimulationWorker()
{
    if (m_sim)
        m_sim->setSink(nullptr);
}

QString SimulationWorker::nameOf(const std::string &id) const
{
    const auto it = m_names.find(id);
    return it != m_names.end() ? it->second : QString::fromStdString(id);
}

void SimulationWorker::start(const Model &model, double speed, bool paused)
{
    m_restores.clear();
    m_names.clear();
    for (const ReadModel &rm : model.readModels)
        m_names[rm.id] = elementDisplayName(model, rm.id);
    for (const Policy &p : model.policies)
        m_names[p.id] = elementDisplayName(model, p.id);
    for (const Command &c : model.commands)
        m_names[c.id] = elementDisplayName(model, c.id);
    for (const Query &q : model.queries)
        m_names[q.id] = elementDisplayName(model, q.id);
    try {
        // Series for the run history; they change no other figure of the result.
        sim::SimulationOptions options;
        options.series = true;
        options.seriesMaxPoints = history::kMaxSeriesPoints;
        m_sim = std::make_unique<sim::Simulation>(model, options);
    } catch (const std::exception &e) {
        m_sim.reset();
        emit failed(m_generation, QString::fromStdString(sim::describeRunFailure(e)));
        return;
    }
    m_sim->setSink(&m_forwarder);
    m_speed = speed;
    m_chunk = m_sim->sampleInterval();
    m_sinceFlush.start();
    emit started(m_generation, m_sim->duration(), m_sim->sampleInterval(), m_sim->warmup());
    // Paused: the controller already shows it; nothing to answer.
    if (!paused)
        resume(m_command);
}

void SimulationWorker::setSpeed(double speed)
{
    m_speed = speed;
    // Pacing restarts from now, so a change never makes the run jump.
    if (m_sim) {
        m_simAtClockStart = m_sim->currentTime();
        m_clock.start();
    }
}

void SimulationWorker::resume(int command)
{
    m_command = command;
    if (!m_sim || m_sim->finished())
        return;
    m_running = true;
    m_simAtClockStart = m_sim->currentTime();
    m_clock.start();
    schedule();
}

void SimulationWorker::pause(int command)
{
    try {
        m_command = command;
        if (!m_sim)
            return;
        m_running = false;
        m_runTo = -1;
        m_timer.stop();
        flush(true);
        emit paused(m_generation, m_command, m_sim->currentTime());
    } catch (const std::exception &e) {
        fail(e);
    }
}

void SimulationWorker::stepInterval(int command)
{
    try {
        m_command = command;
        if (!m_sim || m_sim->finished())
            return;
        m_running = false;
        m_timer.stop();
        advanceChunk(m_sim->currentTime() + m_sim->sampleInterval());
        if (m_sim->finished()) {
            finish(true);
            return;
        }
        flush(true);
        emit paused(m_generation, m_command, m_sim->currentTime());
    } catch (const std::exception &e) {
        fail(e);
    }
}

void SimulationWorker::runTo(double t, int command)
{
    m_command = command;
    if (!m_sim || m_sim->finished())
        return;
    // Full speed while m_runTo is set; the chosen speed applies again after it.
    m_runTo = std::clamp(t, m_sim->currentTime(), m_sim->duration());
    resume(command);
}

void SimulationWorker::stop()
{
    try {
        if (!m_sim)
            return;
        m_running = false;
        m_timer.stop();
        finish(m_sim->finished());
    } catch (const std::exception &e) {
        fail(e);
    }
}

QString SimulationWorker::moment(double at) const
{
    return formatMoment(at, m_sim->duration());
}

bool SimulationWorker::applyParameter(const std::string &path, const Json &value)
{
    std::string error;
    if (!m_sim->setParameter(path, value, &error)) {
        emit changeRejected(m_generation, QString::fromStdString(error));
        return false;
    }
    emit parameterApplied(m_generation, QString::fromStdString(path), QString::fromStdString(value.dump()),
                          m_sim->currentTime());
    // "UserView consumers = 4 from t = 239 s": names, not ids and JSON.
    emit changeApplied(m_generation,
                       // One arg() call: a name with "%1" in it must not take the time's place.
                       tr("%1 from t = %2")
                           .arg(editText(path, value, [this](const std::string &id) { return nameOf(id); }),
                                moment(m_sim->currentTime())));
    return true;
}

void SimulationWorker::setParameter(const std::string &path, const Json &value)
{
    try {
        if (!m_sim)
            return;
        // A change made by hand outlives a what-if on the same path: the
        // what-if's end no longer puts the old value back over it.
        if (applyParameter(path, value))
            std::erase_if(m_restores, [&path](const Restore &r) { return r.path == path; });
    } catch (const std::exception &e) {
        fail(e);
    }
}

void SimulationWorker::setParameterFor(const std::string &path, const Json &value, const Json &restore,
                                       double duration, const QString &label, const QString &description)
{
    try {
        if (!m_sim || !(duration > 0))
            return;
        const double at = m_sim->currentTime();
        const double end = std::min(at + duration, m_sim->duration());
        if (!applyParameter(path, value)) {
            emit whatIfRejected(m_generation, QString::fromStdString(path));
            return;
        }
        emit whatIfApplied(m_generation, QString::fromStdString(path), label, description, at, end);
        const Restore restoreAt{at + duration, path, restore};
        const auto pos = std::upper_bound(m_restores.begin(), m_restores.end(), restoreAt.at,
                                          [](double t, const Restore &r) { return t < r.at; });
        m_restores.insert(pos, restoreAt);
    } catch (const std::exception &e) {
        fail(e);
    }
}

void SimulationWorker::scheduleOutage(const std::string &id, double duration)
{
    try {
        if (!m_sim)
            return;
        std::string error;
        const double at = std::min(nextTenth(m_sim->currentTime()), m_sim->duration());
        if (m_sim->scheduleOutage(id, at, duration, &error)) {
            emit outageScheduled(m_generation, QString::fromStdString(id), at, duration);
            emit changeApplied(m_generation, tr("Outage of %1 for %2 from t = %3")
                                                 .arg(nameOf(id), formatSeconds(duration), moment(at)));
        } else {
            emit changeRejected(m_generation, QString::fromStdString(error));
        }
    } catch (const std::exception &e) {
        fail(e);
    }
}

void SimulationWorker::scheduleRebuild(const std::string &id)
{
    try {
        if (!m_sim)
            return;
        std::string error;
        const double at = std::min(nextTenth(m_sim->currentTime()), m_sim->duration());
        if (m_sim->scheduleRebuild(id, at, &error)) {
            emit rebuildScheduled(m_generation, QString::fromStdString(id), at);
            emit changeApplied(m_generation, tr("Rebuild of %1 from t = %2").arg(nameOf(id), moment(at)));
        } else {
            emit changeRejected(m_generation, QString::fromStdString(error));
        }
    } catch (const std::exception &e) {
        fail(e);
    }
}

void SimulationWorker::schedule()
{
    if (!m_running)
        return;
    // Full speed: back to the event loop between slices, nothing more.
    const bool paced = m_speed > 0 && m_runTo < 0;
    m_timer.start(paced ? kPacedTickMilliseconds : 0);
}

void SimulationWorker::advanceChunk(double target)
{
    const auto begin = std::chrono::steady_clock::now();
    const double cpu = threadCpuSeconds();
    // What-ifs end exactly at their time, whatever the slices are.
    while (!m_restores.empty() && m_restores.front().at <= target) {
        const Restore restore = m_restores.front();
        m_restores.erase(m_restores.begin());
        m_sim->advanceTo(restore.at);
        applyParameter(restore.path, restore.value);
    }
    m_sim->advanceTo(target);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    m_engineSeconds += seconds;
    m_engineCpuSeconds += threadCpuSeconds() - cpu;
    // Adapt the full-speed chunk so that one slice takes about kSliceTargetSeconds.
    if (seconds < kSliceTargetSeconds / 3)
        m_chunk *= 2;
    else if (seconds > kSliceTargetSeconds * 2)
        m_chunk = std::max(m_chunk / 2, 1e-6);
}

void SimulationWorker::slice()
{
    try {
        if (!m_running || !m_sim)
            return;
        const double now = m_sim->currentTime();
        double target = now + m_chunk;
        if (m_speed > 0 && m_runTo < 0)
            target = std::min(target, m_simAtClockStart + m_speed * (double(m_clock.nsecsElapsed()) * 1e-9));
        if (m_runTo >= 0)
            target = std::min(target, m_runTo);
        target = std::min(target, m_sim->duration());
        if (target > now)
            advanceChunk(target);
        if (m_sim->finished()) {
            m_running = false;
            finish(true);
            return;
        }
        if (m_runTo >= 0 && m_sim->currentTime() >= m_runTo) {
            pause(m_command);
            return;
        }
        flush(false);
        schedule();
    } catch (const std::exception &e) {
        fail(e);
    }
}

void SimulationWorker::flush(bool force)
{
    if (!force && m_sinceFlush.elapsed() < kFlushMilliseconds)
        return;
    m_sinceFlush.restart();
    m_forwarder.flush();
    emit progress(m_generation, m_sim->currentTime(), m_sim->processedEvents(), m_engineSeconds);
}

void SimulationWorker::fail(const std::exception &error)
{
    // Out of memory (or any other failure) inside the engine: the run ends
    // as failed with a message, and its memory is given back at once. The
    // document is the GUI thread's and is never touched here.
    const double time = m_sim ? m_sim->currentTime() : -1;
    m_running = false;
    m_runTo = -1;
    m_timer.stop();
    m_sim.reset();
    emit failed(m_generation, QString::fromStdString(sim::describeRunFailure(error, time)));
}

void SimulationWorker::finish(bool complete)
{
    // What-ifs still going when the run ends: their old values are the
    // model's, so the history's "model as run" gets them back (the engine has
    // nothing left to simulate).
    for (const Restore &restore : m_restores)
        emit parameterApplied(m_generation, QString::fromStdString(restore.path),
                              QString::fromStdString(restore.value.dump()), m_sim->currentTime());
    m_restores.clear();
    flush(true);
    RunResult run;
    sim::Result figures = m_sim->typedResult();
    Json result = sim::toJson(figures);
    figures.series.reset(); // kept once, as JSON, for the run history
    if (auto it = result.find("series"); it != result.end()) {
        run.series = std::make_shared<const Json>(std::move(*it));
        result.erase(it);
    }
    run.result = std::make_shared<const Json>(std::move(result));
    run.text = QString::fromStdString(sim::formatResult(*run.result));
    run.time = m_sim->currentTime();
    run.complete = complete;
    run.engineWallSeconds = m_engineSeconds;
    run.engineCpuSeconds = m_engineCpuSeconds;
    for (const sim::ReadModelFigures &rm : figures.readModels) {
        auto &buckets = run.windowHistograms[rm.id];
        if (const sim::LogHistogram *h = m_sim->consistencyWindows(rm.id))
            h->forEachBucket([&buckets](double middle, std::uint64_t count) { buckets.emplace_back(middle, count); });
    }
    run.figures = std::make_shared<const sim::Result>(std::move(figures));
    m_sim->setSink(nullptr);
    emit finished(m_generation, run);
}

} // namespace cqrs
