#pragma once

#include <QObject>
#include <QString>
#include <cqrs/history/runstore.h>
#include <cqrs/model/model.h>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cqrs {

class HistoryStore;
class RunController;
struct RunResult;

/// Records every run a RunController starts into the history: a `running`
/// row when it starts (the model as run, its seed, the application version),
/// and at the end its status, the result exactly as Export writes it, the
/// series decimated for the history, and the parameter changes made while it
/// ran with their simulated times. Both writes happen on the history's own
/// thread; nothing is written in between, so recording costs the run nothing.
class HistoryRecorder final : public QObject
{
    Q_OBJECT

public:
    HistoryRecorder(RunController *controller, HistoryStore *store, QObject *parent = nullptr);
    /// A run still going is recorded as stopped.
    ~HistoryRecorder() override;

    /// The id of the run being recorded (0 until the history has answered, or when none).
    std::int64_t currentRunId() const;
    bool isRecording() const { return m_current != nullptr; }
    /// The name of the next run recorded, once, instead of the model's: a run
    /// started for a reason the model's name does not tell (a challenge's run
    /// under a stress). Empty: the model's name again.
    void nameNextRun(const std::string &name) { m_nextName = name; }

signals:
    /// A run's row was written (started) or completed (ended); id as recorded.
    void runRecorded(qint64 id, bool ended);

private:
    struct Recording;
    void begin(const Model &model);
    void end(history::RunStatus status, const RunResult *result);
    void addEdit(const std::string &path, const std::string &value, double at);
    void addOutage(const std::string &id, double at, double duration);
    void addRebuild(const std::string &id, double at);

    RunController *m_controller;
    HistoryStore *m_store;
    std::shared_ptr<Recording> m_current;
    std::string m_nextName;
};

} // namespace cqrs
