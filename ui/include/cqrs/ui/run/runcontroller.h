#pragma once

#include "cqrs/ui/run/simulationworker.h"

#include <cqrs/model/model.h>

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

class QThread;

namespace cqrs {

/// The GUI side of a live run: a state machine over a SimulationWorker on
/// its own thread. Every call returns at once; the worker answers with
/// queued signals (STYLE lesson 3), so the GUI thread never waits on the engine.
class RunController final : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Idle,     ///< no run (or reset)
        Running,
        Paused,
        Finished, ///< reached the duration, or stopped; the result is there
    };
    Q_ENUM(State)

    /// The speeds offered by the run bar (simulated seconds per second);
    /// 0 is "as fast as possible".
    static const std::vector<double> &speeds();
    static QString speedLabel(double speed);
    /// The speed a model is best watched at: the slowest offered speed that
    /// plays the whole run in at most kWatchSeconds of wall time.
    static double suggestedSpeed(const Model &model);
    static constexpr double kWatchSeconds = 150;

    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    State state() const { return m_state; }
    bool isActive() const { return m_state == State::Running || m_state == State::Paused; }
    double time() const { return m_time; }
    double duration() const { return m_duration; }
    double sampleInterval() const { return m_sampleInterval; }
    double warmup() const { return m_warmup; }
    double speed() const { return m_speed; }
    /// The model of the current run, as it was started.
    const Model &model() const { return m_model; }
    /// The last finished run's result, if any.
    const std::optional<RunResult> &result() const { return m_result; }
    /// Engine events processed and wall seconds spent in the engine so far.
    quint64 engineEvents() const { return m_engineEvents; }
    double engineSeconds() const { return m_engineSeconds; }

    /// Starts a fresh run of `model` (any state); false if the model is
    /// refused at once (the reason goes to message()).
    bool start(const Model &model);
    /// Starts paused (for Step on an idle controller).
    bool startPaused(const Model &model);
    void pause();
    void resume();
    /// One sample interval, then paused.
    void step();
    /// Ends the run where it is; the summary shows what was simulated.
    void stop();
    /// Drops the run and its charts.
    void reset();
    /// Full speed to simulated time t, then paused (or finished at the end).
    void runTo(double t);
    void setSpeed(double speed);

    /// A second controller that runs beside this one (live A/B): every run
    /// this one starts starts it too, with the model `variantOf` makes of this
    /// run's model, and Pause, Continue, Step, Stop, Reset, run-to and the
    /// speed act on both. nullptr ends it (the follower is left as it is).
    void setFollower(RunController *follower, std::function<Model(const Model &)> variantOf = {});
    RunController *follower() const { return m_follower; }

    /// Forwards a `--set`-style change to the running simulation.
    void setParameter(const std::string &path, const Json &value);
    void scheduleOutage(const std::string &id, double duration);
    void scheduleRebuild(const std::string &id);
    /// A what-if: `path` = `value` for `duration` simulated seconds from now, then `restore`.
    void setParameterFor(const std::string &path, const Json &value, const Json &restore, double duration,
                         const QString &label, const QString &description);

signals:
    void stateChanged(cqrs::RunController::State state);
    /// A fresh run began: charts set up their series from the model.
    void runStarted(const cqrs::Model &model, double duration, double sampleInterval);
    void samplesArrived(const cqrs::SnapshotBatch &batch);
    void timeChanged(double time);
    /// The worker confirmed a pause (after Pause, Step or runTo) at this time.
    void pausedAt(double time);
    void runFinished(const cqrs::RunResult &result);
    /// The engine stopped the run (the model refused, or out of memory): the
    /// controller is idle again and `text` says why (also sent as message()).
    void runFailed(const QString &text);
    void runReset();
    void speedChanged(double speed);
    /// An outage or rebuild the running simulation scheduled (after
    /// scheduleOutage() or scheduleRebuild()), with the simulated time it starts.
    void outageScheduled(const std::string &id, double at, double duration);
    void rebuildScheduled(const std::string &id, double at);
    /// A `--set`-style change the running simulation accepted, acting from
    /// simulated time `at` (value as JSON text).
    void parameterApplied(const std::string &path, const QString &valueJson, double at);
    /// A what-if of setParameterFor() acts from `start` to `end` (simulated seconds).
    void whatIfApplied(const std::string &path, const QString &label, const QString &description, double start,
                       double end);
    /// A what-if of setParameterFor() was refused (message() says why).
    void whatIfRejected(const std::string &path);
    /// Something for the status bar: a change applied, a refusal, an error.
    void message(const QString &text);

private:
    bool launch(const Model &model, bool paused);
    void setState(State state);
    void discardWorker();

    QThread *m_thread;
    QPointer<RunController> m_follower;
    std::function<Model(const Model &)> m_variantOf;
    QPointer<SimulationWorker> m_worker;
    int m_generation = 0;
    int m_command = 0; ///< numbers run/pause requests (see SimulationWorker)
    State m_state = State::Idle;
    Model m_model;
    std::optional<RunResult> m_result;
    double m_time = 0;
    double m_duration = 0;
    double m_sampleInterval = 1;
    double m_warmup = 0;
    double m_speed = 0;
    quint64 m_engineEvents = 0;
    double m_engineSeconds = 0;
};

} // namespace cqrs
