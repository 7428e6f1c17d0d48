#pragma once

#include "cqrs/ui/run/runmarkers.h"

#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <cqrs/model/model.h>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

class QDockWidget;
class QLabel;
class QMainWindow;
class QMenu;
class QTimer;
class QToolBar;

namespace cqrs {

class ChartsPanel;
class DiagramScene;
class Document;
class LiveOverlay;
class PresentationMode;
class ReplayController;
class RunBar;
class RunController;
class SummaryWidget;
class TraceJob;
class TraceWindow;
struct ChangeEvent;
struct RunResult;
namespace sim {
struct Trace;
}

/// Everything a main window needs for live simulation, in one object: the
/// run controller, the run toolbar, the charts and summary docks, the Run
/// menu, the live canvas overlay, and the forwarding of inspector edits to a
/// running simulation. The window only creates it (and may add its node
/// context-menu entries).
class RunUi final : public QObject
{
    Q_OBJECT

public:
    RunUi(QMainWindow *window, Document *document, DiagramScene *scene);
    ~RunUi() override;

    RunController *controller() const { return m_controller; }
    /// A run still going is stopped as Stop stops it, and its partial result
    /// waited for (at most `timeoutMs`), so that the history keeps what it
    /// measured when the window closes. False when it did not come in time.
    bool stopBeforeClosing(int timeoutMs = 15000);
    RunBar *runBar() const { return m_runBar; }
    ChartsPanel *charts() const { return m_charts; }
    /// The last run as one self-contained HTML page (RunReport): the model as
    /// run, the charts shown, the summary and every parameter.
    QString reportHtml() const;
    SummaryWidget *summary() const { return m_summary; }
    LiveOverlay *overlay() const { return m_overlay; }
    QMenu *runMenu() const { return m_menu; }
    QDockWidget *chartsDock() const { return m_chartsDock; }
    QDockWidget *summaryDock() const { return m_summaryDock; }
    /// The faults and changes of the current run (charts and summary show them).
    const RunMarkers &markers() const { return m_markers; }

    /// The model a run starts with: the document's, when it has no errors
    /// (otherwise a message and nothing).
    std::optional<Model> runnableModel();

    /// Shows the charts dock (half the window the first time).
    void showCharts();
    /// Gives the side columns' docks the widths they had (dock, width) when
    /// the charts or the summary took theirs from them: from the middle
    /// column, and where that is at its least, with the charts as a tab in
    /// front of Problems.
    void keepSideWidths(const std::vector<std::pair<QPointer<QDockWidget>, int>> &sides);
    /// The docks in sight in these areas (the side columns by default) and their widths.
    std::vector<std::pair<QPointer<QDockWidget>, int>>
    sideWidths(Qt::DockWidgetAreas areas = Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea) const;
    /// Whether showCharts() has given the charts their half of the window.
    bool chartsPlaced() const { return m_docksSized; }
    /// Gives the charts their half of the window again (after a layout from
    /// before the first run was put back).
    void placeCharts();
    /// After presentation mode: shows the summary of a run that ended
    /// while presenting (it does not pop up over the charts then).
    void presentationLeft();

    /// Adds "Schedule Outage…" and "Schedule Rebuild" for a read model or
    /// policy node (enabled while a run is active).
    void addNodeActions(QMenu *menu, const std::string &elementId);
    /// For the canvas context menu (MainWindow::contextMenuAboutToShow): the
    /// node actions when exactly one element is selected.
    void addContextActions(QMenu *menu, const std::vector<std::string> &elementIds);
    /// Asks how long to take `id` down (the run paused meanwhile), then schedules it.
    void askOutage(const std::string &id);
    /// Takes a read model or policy down from now in the running simulation;
    /// once the simulation confirms the start time, the outage is also added
    /// to the model (one undo step), so the Inspector's table shows it.
    void scheduleOutage(const std::string &id, double duration);
    /// The same for a rebuild of a read model.
    void scheduleRebuild(const std::string &id);

    // What-ifs, applied live at the current simulated time of an active run;
    // each is marked on the charts and listed in the summary. False (and a
    // status message) when there is no active run or the target does not fit.
    /// The command rate x `factor` for `seconds`, then back.
    bool whatIfTrafficSpike(double factor, double seconds);
    /// The read model or policy down for `seconds` from now (added to the model, undoable).
    bool whatIfOutage(const std::string &id, double seconds);
    /// A rebuild of the read model from now (added to the model, undoable).
    bool whatIfRebuild(const std::string &id);
    /// Every delivery duplicated with `probability` for `seconds`, then back.
    bool whatIfDuplicateStorm(double probability, double seconds);
    /// The read model's or policy's apply time x `factor` for `seconds`, then back.
    bool whatIfSlowProjection(const std::string &id, double factor, double seconds);
    /// The run is going and takes a what-if (not during A/B); says why not.
    bool canApplyWhatIf();
    /// Refuses (false, with a message) a what-if on `path` while another on
    /// it is going on or has been asked for and not applied yet.
    bool whatIfBusy(const std::string &path, const QString &message);

    /// The main window's Trace window (created on first use), showing `model`.
    TraceWindow *openTraceWindow(const Model &model);
    /// The model the running (or last) simulation has been told: as started,
    /// with the edits made during the run that reached it (others wait for
    /// the next run).
    const Model &liveModel() const { return m_liveModel; }
    /// A click on the consistency-window chart: the trace of the first
    /// command committed at or after `at` of the current run whose events
    /// reach `readModel` ("" any).
    void traceAt(double at, const QString &readModel);
    /// Run > Show Me a Stale Read: the Trace window searches the current
    /// run's model (or, before a run, the document's) for a stale read.
    void showStaleRead();
    /// The stale-read search behind the summary's insight (nullptr when none is going on).
    TraceJob *staleReadSearch() const { return m_staleSearch; }

    /// The compact toolbar of what-ifs (hidden unless asked for, or presenting).
    QToolBar *whatIfBar() const { return m_whatIfBar; }
    QMenu *whatIfMenu() const { return m_whatIfMenu; }
    /// View > Present (F11).
    PresentationMode *presentation() const { return m_presentation; }
    /// The slow-motion replay of a trace on the canvas (Run > Replay the Trace on the Canvas).
    ReplayController *replay() const { return m_replay; }
    /// Replays `trace` on the canvas (a message says why when it cannot).
    void replayTrace(const sim::Trace &trace);

    bool exportResult(const QString &path, QString *error = nullptr);
    bool exportSeries(const QString &path, QString *error = nullptr);

    /// For `cqrs-studio MODEL --run-to S --screenshot FILE`: runs the
    /// document's model at full speed to simulated time `seconds`, shows the
    /// charts, saves a picture of the whole window and calls done(ok, message).
    void runToAndCapture(double seconds, const QString &file,
                         std::function<void(bool, QString)> done);

private:
    /// Sends the document's edits that the running simulation can take to
    /// it, as `--set` paths; says when an edit waits for the next run.
    void onDocumentChanged(const ChangeEvent &event);
    /// The changed field of one element (`property`, e.g. "consumers"), or
    /// with an empty property every field of the elements the run can take.
    void forwardElementChanges(const std::vector<std::string> &ids, const std::string &property);
    void forwardSettingsChange(const std::string &property);
    int forwardConsumer(const std::string &prefix, const ConsumerSpec &now, ConsumerSpec &told,
                        const std::string &property);
    int sendChange(const std::string &path, const Json &value);
    /// An element renamed while the run goes on keeps its old id in the run.
    /// `say`: a status message about it (a run going on; a finished one's
    /// halos follow quietly).
    void renamedMidRun(const std::string &from, const std::string &to, bool say = true);
    /// The id the running simulation knows an element of the document by
    /// ("" when the run knows another element by it), and back.
    std::string runIdOf(const std::string &id) const;
    std::string documentIdOf(const std::string &runId) const;
    void recordOutage(const std::string &id, double at, double duration);
    void recordRebuild(const std::string &id, double at);
    /// In the status bar; while presenting, the window's MessageOverlay shows it.
    void showMessage(const QString &text);
    void showSummary(const RunResult &run);
    /// Shows (and the first time places) the summary dock, raised.
    void showSummaryDock();
    /// A new model: the (empty) summary's tab gives way to the inspector, at
    /// its width from before the summary, and fitted canvases fit again.
    void giveBackSummaryWidth();
    void pushMarkers();
    void createWhatIfs();
    /// The read model or policy selected on the canvas ("" = none; read models only when asked).
    std::string selectedConsumer(bool readModelsOnly) const;
    void fitCanvas();
    /// After a finished run: a stale read of it for the summary, found on a worker thread.
    void searchStaleRead();
    void cancelStaleReadSearch();
    /// What a trace of the current run must say when mid-run changes are not replayed.
    QString replayNote() const;
    void exportInteractive(const QString &title, const QString &defaultName, const QString &filter,
                           const std::function<bool(const QString &, QString *)> &save);
    void exportResultInteractive();
    void exportSeriesInteractive();
    void exportChartsInteractive();
    /// Run > Export Report: the finished (or stopped) run as one HTML page.
    void exportRunReport();

    QMainWindow *m_window;
    Document *m_document;
    DiagramScene *m_scene;
    RunController *m_controller;
    RunBar *m_runBar;
    ChartsPanel *m_charts;
    SummaryWidget *m_summary;
    LiveOverlay *m_overlay;
    QMenu *m_menu;
    QDockWidget *m_chartsDock;
    QDockWidget *m_summaryDock;
    Model m_liveModel; ///< what the running simulation has been told
    /// Elements renamed in the document during the run: run id -> document id.
    std::map<std::string, std::string> m_renamed;
    /// Run > Replay the Trace with nothing traced: waits for the trace it started.
    QMetaObject::Connection m_replayWhenTraced;
    RunMarkers m_markers;
    QToolBar *m_whatIfBar = nullptr;
    QMenu *m_whatIfMenu = nullptr;
    PresentationMode *m_presentation = nullptr;
    ReplayController *m_replay = nullptr;
    TraceJob *m_staleSearch = nullptr;
    bool m_changedDuringRun = false; ///< an edit, what-if, outage or rebuild was applied live
    bool m_parametersChangedDuringRun = false; ///< an edit or what-if (the summary's predictions)
    /// The run's parameter changes in order (path, value): the model as it
    /// ended, for the summary, as the history keeps it.
    Experiment m_appliedDuringRun;
    std::map<std::string, double> m_whatIfsAsked; ///< path -> its end, until the run applies it
    int m_scheduledEdits = 0; ///< numbers the undo keys of scheduled outages and rebuilds
    bool m_docksSized = false;
    std::vector<std::pair<QPointer<QDockWidget>, int>>
        m_sidesBeforeRun;    ///< sideWidths() as the run started
    QSize m_windowBeforeRun; ///< the window's size before a run's charts were laid out
    bool m_summaryPlaced = false;
    bool m_summaryPending = false; ///< a run ended while presenting
    /// The width of the summary's neighbour (the inspector) before the
    /// summary first took its share of the window; 0 before that.
    int m_widthBeforeSummary = 0;
    bool m_summaryNarrowed = false;         ///< a new model gave the inspector that width back
    bool m_giveBackAfterPresenting = false; ///< a new model came while presenting
};

/// Checks a model file as the loader sees it; false and the located messages
/// (one per line, "FILE: line 3, column 7: ...") when it cannot be run.
bool checkModelFile(const QString &path, QString *message);

} // namespace cqrs
