#pragma once

#include <cqrs/model/model.h>
#include <cqrs/sim/trace.h>

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QThread;

namespace cqrs {

/// Runs a model with a trace request on a background thread until the
/// journey is over (or the run ends), cancellable, with the simulated time
/// reached for a progress display. The one place the GUI takes traces (the
/// Trace window, the run summary's stale-read insight).
class TraceJob final : public QObject
{
    Q_OBJECT

public:
    TraceJob(const Model &model, const sim::TraceRequest &request, QObject *parent = nullptr);
    /// Cancels a job still going and waits for its thread.
    ~TraceJob() override;

    void start();
    /// Asks the thread to stop at its next step; finished() follows.
    void cancel();
    bool isRunning() const;
    bool isCancelled() const;

    const sim::TraceRequest &request() const { return m_request; }
    /// The simulated seconds reached so far (progress), and the run's end.
    double progressTime() const;
    double duration() const { return m_duration; }

    /// After finished(): the trace (nullopt when the model could not run), or the error.
    const std::optional<sim::Trace> &trace() const;
    QString error() const;

signals:
    void finished();

private:
    struct State;
    void done();

    sim::TraceRequest m_request;
    double m_duration = 0;
    std::shared_ptr<State> m_state;
    QThread *m_thread = nullptr;
};

} // namespace cqrs
