#include "cqrs/ui/run/runcontroller.h"

#include <cqrs/sim/simulation.h>

#include <QThread>

namespace cqrs {

const std::vector<double> &RunController::speeds()
{
    static const std::vector<double> values = {1, 10, 100, 1000, 0};
    return values;
}

QString RunController::speedLabel(double speed)
{
    return speed > 0 ? QStringLiteral("%1×").arg(speed) : tr("Max");
}

double RunController::suggestedSpeed(const Model &model)
{
    double slowest = 0;
    for (double speed : speeds()) {
        if (speed <= 0)
            continue;
        if (model.workload.duration / speed <= kWatchSeconds)
            return speed;
        slowest = speed;
    }
    return slowest; // the fastest paced speed: Max would be over in a blink
}

RunController::RunController(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
{
    m_thread->setObjectName(QStringLiteral("simulation"));
    m_thread->start();
}

RunController::~RunController()
{
    discardWorker();
    m_thread->quit();
    // At most one slice (a few milliseconds) of engine work is in progress.
    m_thread->wait();
}

bool RunController::start(const Model &model)
{
    return launch(model, false);
}

bool RunController::startPaused(const Model &model)
{
    return launch(model, true);
}

bool RunController::launch(const Model &model, bool paused)
{
    const std::string limit = sim::checkRunLimits(model);
    if (!limit.empty()) {
        emit message(tr("Cannot run: %1").arg(QString::fromStdString(limit)));
        return false;
    }
    discardWorker();
    m_model = model;
    m_result.reset();
    m_time = 0;
    m_engineEvents = 0;
    m_engineSeconds = 0;
    m_duration = model.workload.duration;
    m_sampleInterval = model.workload.effectiveSampleInterval();
    m_warmup = model.workload.warmup;
    const int generation = ++m_generation;
    auto *worker = new SimulationWorker(generation);
    worker->moveToThread(m_thread);
    m_worker = worker;
    auto mine = [this](int g) { return g == m_generation; };
    connect(worker, &SimulationWorker::started, this, [this, mine](int g, double duration, double interval, double warmup) {
        if (!mine(g))
            return;
        m_duration = duration;
        m_sampleInterval = interval;
        m_warmup = warmup;
    });
    connect(worker, &SimulationWorker::failed, this, [this, mine](int g, const QString &text) {
        if (!mine(g))
            return;
        // Before the first step the model was refused; after it, the run
        // itself failed (out of memory). Either way the document stays as it is.
        const QString shown = isActive() && m_time > 0 ? tr("The run failed: %1").arg(text)
                                                       : tr("Cannot run: %1").arg(text);
        emit message(shown);
        discardWorker();
        setState(State::Idle);
        emit runFailed(shown);
    });
    connect(worker, &SimulationWorker::samples, this, [this, mine](int g, const SnapshotBatch &batch) {
        if (mine(g))
            emit samplesArrived(batch);
    });
    connect(worker, &SimulationWorker::progress, this,
            [this, mine](int g, double time, quint64 events, double engineSeconds) {
                if (!mine(g))
                    return;
                m_engineEvents = events;
                m_engineSeconds = engineSeconds;
                if (time != m_time) {
                    m_time = time;
                    emit timeChanged(time);
                }
            });
    connect(worker, &SimulationWorker::paused, this, [this, mine](int g, int command, double time) {
        if (!mine(g))
            return;
        m_time = time;
        emit timeChanged(time);
        // An answer to an older request (the user resumed meanwhile) changes no state.
        if (command == m_command && m_state != State::Finished)
            setState(State::Paused);
        if (command == m_command)
            emit pausedAt(time);
    });
    connect(worker, &SimulationWorker::finished, this, [this, mine](int g, const RunResult &run) {
        if (!mine(g))
            return;
        m_time = run.time;
        m_result = run;
        emit timeChanged(run.time);
        setState(State::Finished);
        emit runFinished(run);
    });
    connect(worker, &SimulationWorker::changeApplied, this, [this, mine](int g, const QString &text) {
        if (mine(g))
            emit message(text);
    });
    connect(worker, &SimulationWorker::outageScheduled, this,
            [this, mine](int g, const QString &id, double at, double duration) {
                if (mine(g))
                    emit outageScheduled(id.toStdString(), at, duration);
            });
    connect(worker, &SimulationWorker::rebuildScheduled, this, [this, mine](int g, const QString &id, double at) {
        if (mine(g))
            emit rebuildScheduled(id.toStdString(), at);
    });
    connect(worker, &SimulationWorker::parameterApplied, this,
            [this, mine](int g, const QString &path, const QString &value, double at) {
                if (mine(g))
                    emit parameterApplied(path.toStdString(), value, at);
            });
    connect(worker, &SimulationWorker::whatIfApplied, this,
            [this, mine](int g, const QString &path, const QString &label, const QString &description,
                         double start, double end) {
                if (mine(g))
                    emit whatIfApplied(path.toStdString(), label, description, start, end);
            });
    connect(worker, &SimulationWorker::whatIfRejected, this, [this, mine](int g, const QString &path) {
        if (mine(g))
            emit whatIfRejected(path.toStdString());
    });
    connect(worker, &SimulationWorker::changeRejected, this, [this, mine](int g, const QString &text) {
        if (mine(g))
            emit message(tr("Not applied: %1").arg(text));
    });

    emit runStarted(m_model, m_duration, m_sampleInterval);
    const double speed = m_speed;
    QMetaObject::invokeMethod(worker, [worker, model, speed, paused] { worker->start(model, speed, paused); },
                              Qt::QueuedConnection);
    setState(paused ? State::Paused : State::Running);
    emit timeChanged(0);
    // The follower starts after this run's runStarted: its charts join this run's.
    if (m_follower) {
        m_follower->setSpeed(m_speed);
        m_follower->launch(m_variantOf ? m_variantOf(model) : model, paused);
    }
    return true;
}

void RunController::setFollower(RunController *follower, std::function<Model(const Model &)> variantOf)
{
    m_follower = follower != this ? follower : nullptr;
    m_variantOf = m_follower ? std::move(variantOf) : nullptr;
    if (m_follower)
        m_follower->setSpeed(m_speed);
}

void RunController::pause()
{
    if (m_follower)
        m_follower->pause();
    if (m_state != State::Running || !m_worker)
        return;
    // The state follows at once; the worker confirms with the time it stopped at.
    setState(State::Paused);
    QMetaObject::invokeMethod(m_worker, [w = m_worker.data(), c = ++m_command] { w->pause(c); },
                              Qt::QueuedConnection);
}

void RunController::resume()
{
    if (m_follower)
        m_follower->resume();
    if (m_state != State::Paused || !m_worker)
        return;
    setState(State::Running);
    QMetaObject::invokeMethod(m_worker, [w = m_worker.data(), c = ++m_command] { w->resume(c); },
                              Qt::QueuedConnection);
}

void RunController::step()
{
    if (m_follower)
        m_follower->step();
    if (!m_worker)
        return;
    if (m_state == State::Running)
        pause();
    if (m_state != State::Paused)
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker.data(), c = ++m_command] { w->stepInterval(c); },
                              Qt::QueuedConnection);
}

void RunController::stop()
{
    if (m_follower)
        m_follower->stop();
    if (!isActive() || !m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, &SimulationWorker::stop, Qt::QueuedConnection);
}

void RunController::reset()
{
    if (m_follower)
        m_follower->reset();
    discardWorker();
    ++m_generation;
    m_result.reset();
    m_time = 0;
    m_duration = 0;
    m_engineEvents = 0;
    m_engineSeconds = 0;
    setState(State::Idle);
    emit timeChanged(0);
    emit runReset();
}

void RunController::runTo(double t)
{
    if (m_follower)
        m_follower->runTo(t);
    if (!m_worker || !isActive())
        return;
    setState(State::Running);
    QMetaObject::invokeMethod(m_worker, [w = m_worker.data(), t, c = ++m_command] { w->runTo(t, c); },
                              Qt::QueuedConnection);
}

void RunController::setSpeed(double speed)
{
    if (m_follower)
        m_follower->setSpeed(speed);
    if (speed == m_speed)
        return;
    m_speed = speed;
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [w = m_worker.data(), speed] { w->setSpeed(speed); },
                                  Qt::QueuedConnection);
    emit speedChanged(speed);
}

void RunController::setParameter(const std::string &path, const Json &value)
{
    if (!m_worker || !isActive())
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker.data(), path, value] { w->setParameter(path, value); },
                              Qt::QueuedConnection);
}

void RunController::scheduleOutage(const std::string &id, double duration)
{
    if (!m_worker || !isActive())
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker.data(), id, duration] { w->scheduleOutage(id, duration); },
                              Qt::QueuedConnection);
}

void RunController::scheduleRebuild(const std::string &id)
{
    if (!m_worker || !isActive())
        return;
    QMetaObject::invokeMethod(m_worker, [w = m_worker.data(), id] { w->scheduleRebuild(id); },
                              Qt::QueuedConnection);
}

void RunController::setParameterFor(const std::string &path, const Json &value, const Json &restore,
                                    double duration, const QString &label, const QString &description)
{
    if (!m_worker || !isActive())
        return;
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker.data(), path, value, restore, duration, label, description] {
            w->setParameterFor(path, value, restore, duration, label, description);
        },
        Qt::QueuedConnection);
}

void RunController::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void RunController::discardWorker()
{
    if (!m_worker)
        return;
    // Deleted on its own thread after the slice in progress; late signals
    // carry an old generation and are ignored.
    disconnect(m_worker, nullptr, this, nullptr);
    m_worker->deleteLater();
    m_worker = nullptr;
}

} // namespace cqrs
