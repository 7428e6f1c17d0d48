#pragma once

#include <cqrs/model/model.h>
#include <cqrs/sim/result.h>
#include <cqrs/sim/sink.h>

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <exception>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cqrs::sim {
class Simulation;
}

namespace cqrs {

/// Snapshots delivered together, shared between threads without copying.
using SnapshotBatch = std::shared_ptr<const std::vector<sim::Snapshot>>;

/// Everything the GUI needs once a run ends (or is stopped).
struct RunResult
{
    /// The result as typed fields, without series (what the summary and the
    /// insights read). nullptr when there is none; set whenever `result` is
    /// a well-formed result: sim::toJson(*figures) is *result.
    std::shared_ptr<const sim::Result> figures;
    std::shared_ptr<const Json> result; ///< Simulation::result(), the CLI's result file (without series)
    QString text;                       ///< sim::formatResult(): the CLI's bytes
    /// The result's `series` object (DESIGN section 4), kept apart so that
    /// the result and its text stay what `cqrs-sim run --out` writes; for the
    /// run history. nullptr when the engine kept none.
    std::shared_ptr<const Json> series;
    /// Consistency windows per read model over the measured period:
    /// (bucket middle in seconds, count), increasing, zeros first.
    std::map<std::string, std::vector<std::pair<double, std::uint64_t>>> windowHistograms;
    double time = 0;       ///< simulated time reached
    bool complete = false; ///< false when stopped before the duration
    double engineWallSeconds = 0; ///< wall time inside Simulation::advanceTo()
    double engineCpuSeconds = 0;  ///< CPU time of the worker thread inside advanceTo()
};

/// The engine's sink on the worker thread (STYLE lesson 3): collects the
/// snapshots of a slice and hands them on as one queued signal, so the GUI
/// thread gets a few batches a second instead of a call per sample.
class SnapshotForwarder final : public QObject, public sim::SimulationSink
{
    Q_OBJECT

public:
    using QObject::QObject;

    void sample(const sim::Snapshot &snapshot) override { m_pending.push_back(snapshot); }
    bool hasPending() const { return !m_pending.empty(); }
    /// Emits what was collected (if anything) as one batch.
    void flush();

signals:
    void samples(const cqrs::SnapshotBatch &batch);

private:
    std::vector<sim::Snapshot> m_pending;
};

/// When an outage or a rebuild asked for at simulated time `now` starts: the
/// next tenth of a second (at least `now`). It goes into the model as
/// written in the Inspector, and 45.1 reads better there than 45.09780557.
double nextTenth(double now);

/// Owns one Simulation and drives it on the thread it lives on. The run
/// advances in short slices from the worker's own event loop, so queued
/// calls (pause, parameter changes) act between slices and the GUI thread
/// never waits on the engine. Every public slot is meant to be invoked
/// queued from another thread.
class SimulationWorker final : public QObject
{
    Q_OBJECT

public:
    /// Simulated seconds per wall second; 0 runs as fast as possible.
    static constexpr double kMaxSpeed = 0.0;

    explicit SimulationWorker(int generation, QObject *parent = nullptr);
    ~SimulationWorker() override;

    /// Creates the Simulation (seed and duration from the model). Starts
    /// running at `speed` unless `paused`.
    void start(const cqrs::Model &model, double speed, bool paused);
    void setSpeed(double speed);
    // `command` numbers the controller's run/pause requests; paused() echoes the
    // number of the request it answers, so a late answer is recognised.
    void resume(int command);
    void pause(int command);
    /// Advances exactly one sample interval (clamped to the duration), then pauses.
    void stepInterval(int command);
    /// Runs as fast as possible to simulated time t, then pauses there.
    void runTo(double t, int command);
    /// Ends the run where it is and reports the result so far.
    void stop();
    /// `--set`-style change from the current simulated time on.
    void setParameter(const std::string &path, const cqrs::Json &value);
    void scheduleOutage(const std::string &id, double duration);
    void scheduleRebuild(const std::string &id);
    /// A what-if: `path` set to `value` from now for `duration` simulated
    /// seconds, then back to `restore` (both applied like setParameter(), so
    /// the run history records them as mid-run edits).
    void setParameterFor(const std::string &path, const cqrs::Json &value, const cqrs::Json &restore,
                         double duration, const QString &label, const QString &description);

    /// For the benchmark and tests: wall seconds spent inside the engine.
    double engineSeconds() const { return m_engineSeconds; }

signals:
    void started(int generation, double duration, double sampleInterval, double warmup);
    void failed(int generation, const QString &message);
    void samples(int generation, const cqrs::SnapshotBatch &batch);
    /// A few times a second while running, and at every pause.
    void progress(int generation, double time, quint64 engineEvents, double engineSeconds);
    void paused(int generation, int command, double time);
    void finished(int generation, const cqrs::RunResult &result);
    /// An outage or rebuild was scheduled, at the simulated time it starts
    /// (for the document's record of it).
    void outageScheduled(int generation, const QString &id, double at, double duration);
    void rebuildScheduled(int generation, const QString &id, double at);
    /// Outcome of a parameter change, outage or rebuild request.
    void changeApplied(int generation, const QString &text);
    void changeRejected(int generation, const QString &text);
    /// A `--set`-style change the simulation accepted, with the simulated
    /// time it acts from (for the run history's list of mid-run edits).
    void parameterApplied(int generation, const QString &path, const QString &valueJson, double at);
    /// A what-if of setParameterFor() took effect from `start` until `end`.
    void whatIfApplied(int generation, const QString &path, const QString &label, const QString &description,
                       double start, double end);
    /// A what-if of setParameterFor() was refused (changeRejected says why).
    void whatIfRejected(int generation, const QString &path);

private:
    void slice();
    void schedule();
    void advanceChunk(double target);
    void flush(bool force);
    void finish(bool complete);
    void fail(const std::exception &error);
    bool applyParameter(const std::string &path, const Json &value);
    /// "239 s", "12.5 min": a moment of the run in its charts' time unit.
    QString moment(double at) const;

    int m_generation;
    std::unique_ptr<sim::Simulation> m_sim;
    SnapshotForwarder m_forwarder;
    QTimer m_timer;
    QElapsedTimer m_clock;       ///< wall time since the last (re)start of pacing
    QElapsedTimer m_sinceFlush;
    double m_simAtClockStart = 0;
    double m_speed = kMaxSpeed;
    double m_chunk = 0;          ///< simulated seconds per slice at full speed (adaptive)
    double m_runTo = -1;         ///< pause when reaching this time (>= 0)
    int m_command = 0;           ///< the latest run/pause request
    double m_engineSeconds = 0;
    double m_engineCpuSeconds = 0;
    bool m_running = false;
    struct Restore
    {
        double at = 0;
        std::string path;
        Json value;
    };
    std::vector<Restore> m_restores; ///< what-ifs to undo, by time
    /// The elements' names as the canvas shows them, for the status messages.
    std::map<std::string, QString> m_names;
    QString nameOf(const std::string &id) const;
};

} // namespace cqrs

Q_DECLARE_METATYPE(cqrs::SnapshotBatch)
Q_DECLARE_METATYPE(cqrs::RunResult)
