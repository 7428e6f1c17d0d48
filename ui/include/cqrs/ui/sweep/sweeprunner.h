#pragma once

#include "cqrs/ui/sweep/sweepdata.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <atomic>
#include <memory>
#include <optional>

namespace cqrs {

class HistoryStore;

/// Runs a sweep's points in the background, on as many threads as the
/// machine has cores (the engine instances are independent), each run
/// reserving its memory in the process's budget (sim::MemoryBudget) like the
/// runs for Compare. Every finished run is recorded in the history as a
/// point of one sweep group, as soon as it finishes. Cancel stops the runs
/// going at their next step and the ones waiting before they start; what
/// finished stays recorded, nothing else is.
class SweepRunner final : public QObject
{
    Q_OBJECT

public:
    /// `store` may be nullptr or unavailable: then nothing is recorded.
    explicit SweepRunner(HistoryStore *store, QObject *parent = nullptr);
    /// Stops the runs and waits for them.
    ~SweepRunner() override;

    /// Applies every point's values to the model and checks each model before
    /// any run starts; false and *error (naming the value) when one cannot run.
    bool start(const Model &model, const SweepRequest &request, QString *error = nullptr);
    void cancel();
    bool isRunning() const { return m_running; }
    bool wasCancelled() const { return m_cancel && m_cancel->load(); }

    const SweepData &data() const { return m_data; }
    int threadCount() const { return m_pool.maxThreadCount(); }
    int doneCount() const { return m_done; }
    int totalCount() const { return int(m_data.runs.size()); }
    /// Time remaining, from the time taken so far; nullopt before the first run ends.
    std::optional<double> remainingSeconds() const;

signals:
    /// A run ended (finished, failed or cancelled) and its figures are in data().
    void runDone(int index);
    /// A run was recorded in the history (data().runs[index].id is set).
    void runRecorded(int index);
    void progressChanged(int done, int total);
    /// Every run has ended and every finished one is recorded.
    void finished(bool cancelled);

private:
    struct Outcome;
    void runEnded(int index, std::shared_ptr<Outcome> outcome);

    QPointer<HistoryStore> m_store;
    SweepData m_data;
    std::vector<Model> m_models;      ///< per plan run, with its values and seed
    std::vector<std::string> m_names; ///< per plan run, its name in the history
    QThreadPool m_pool;
    QElapsedTimer m_clock;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<std::int64_t> m_sweepId; ///< written and read on the history's thread
    int m_done = 0;
    bool m_running = false;
    bool m_recording = false; ///< the history was ready when the sweep started
};

} // namespace cqrs
