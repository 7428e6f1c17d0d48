#pragma once

#include <cqrs/model/model.h>
#include <cqrs/sim/trace.h>

#include <QDialog>

#include <QTimer>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QScrollArea;

namespace cqrs {

class TraceJob;
class TraceView;

/// Run > Trace a Command…: picks the command type (or any), the read model or
/// policy its events must reach (or any) and the time to look from, runs the
/// model with its seed and the trace request on a background thread, and
/// shows the journey in a TraceView. Show Me a Stale Read follows one command
/// after another until a read of its key is stale, and shows that read.
/// Save… writes the trace file (docs/traces.md).
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
    /// Show Me a Stale Read: from the chosen time (and type, and read model),
    /// the first command whose journey has a stale read; that read is
    /// highlighted and scrolled into view.
    void findStaleRead();
    /// Stops a trace or a search going on (finishes with a message).
    void cancel();
    /// The type ("" any), the time and the read model or policy its events
    /// must reach ("" any) the next trace asks for.
    /// The time field back at the warm-up's end (Show Me a Stale Read and a
    /// replay with nothing traced search from there, whatever was traced last).
    void resetTime();
    void setRequest(const QString &commandType, double at, const QString &reaching = {});
    /// Shows a trace taken elsewhere (of this window's model), e.g. the run
    /// summary's stale read, with its first stale read highlighted.
    void showTrace(const sim::Trace &trace);
    /// A sentence shown under the status (e.g. that mid-run changes are not replayed); "" none.
    void setNote(const QString &note);

    bool isRunning() const;
    TraceView *view() const { return m_view; }
    QScrollArea *scrollArea() const { return m_scroll; }
    QPushButton *staleReadButton() const { return m_staleButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }
    QComboBox *reachingBox() const { return m_reaching; }
    QString status() const;

    bool saveTrace(const QString &path, QString *error = nullptr) const;

    /// Presentation mode: the trace drawn large enough for a room (`scale`
    /// as PresentationMode::scale()) in a window over most of the screen;
    /// false puts the size it had back.
    void setPresenting(bool presenting, double scale = 1.0);
    bool isPresenting() const { return m_presenting; }
    /// How much larger the trace is drawn while presenting, on a 1080-line screen.
    static constexpr double kPresentingZoom = 1.6;
    /// The fields' and buttons' text while presenting, on a 1080-line screen
    /// (as the run bar's).
    static constexpr int kControlsPresentingPixels = 20;

signals:
    /// A trace began (the one before it, if any, is dropped unfinished).
    void traceStarted();
    void traceReady();
    /// "Replay on Canvas": the trace shown is to be replayed on the diagram.
    void replayRequested();

private:
    void startJob(bool staleRead);
    void finishJob();
    void showProgress();
    void setBusy(bool busy);
    void revealHighlightedRead();
    void saveInteractive();

    Model m_model;
    QComboBox *m_type;
    QDoubleSpinBox *m_at;
    QComboBox *m_reaching;
    QPushButton *m_traceButton;
    QPushButton *m_staleButton;
    QPushButton *m_cancelButton;
    QPushButton *m_saveButton;
    QPushButton *m_replayButton;
    QLabel *m_status;
    QLabel *m_note;
    TraceView *m_view;
    QScrollArea *m_scroll;
    bool m_presenting = false;
    bool m_timeSet = false; ///< setModel() has set the time once
    QRect m_normalGeometry; ///< while presenting: the geometry to go back to
    TraceJob *m_job = nullptr;
    QTimer m_progressTimer;
};

} // namespace cqrs
