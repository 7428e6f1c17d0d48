#pragma once

#include <cqrs/model/model.h>
#include <cqrs/sim/trace.h>

#include <QDialog>

#include <atomic>
#include <memory>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QThread;

namespace cqrs {

class TraceView;

/// Run > Trace a Command…: picks the command type (or any) and the time to
/// look from, runs the model with its seed and the trace request on a
/// background thread, and shows the journey in a TraceView. Save… writes
/// the trace file (docs/traces.md).
class TraceWindow final : public QDialog
{
    Q_OBJECT

public:
    explicit TraceWindow(QWidget *parent = nullptr);
    ~TraceWindow() override;

    /// The model to trace (copied): fills the command list and the time range.
    void setModel(const Model &model);

    /// Starts tracing with the current choices (what the Trace button does).
    void startTrace();
    void setRequest(const QString &commandType, double at);

    bool isRunning() const { return m_thread != nullptr; }
    TraceView *view() const { return m_view; }
    QString status() const;

    bool saveTrace(const QString &path, QString *error = nullptr) const;

signals:
    void traceReady();
    /// "Replay on Canvas": the trace shown is to be replayed on the diagram.
    void replayRequested();

private:
    struct Job;
    void finishJob();
    void saveInteractive();

    Model m_model;
    QComboBox *m_type;
    QDoubleSpinBox *m_at;
    QPushButton *m_traceButton;
    QPushButton *m_saveButton;
    QPushButton *m_replayButton;
    QLabel *m_status;
    TraceView *m_view;
    QThread *m_thread = nullptr;
    std::shared_ptr<Job> m_job;
};

} // namespace cqrs
