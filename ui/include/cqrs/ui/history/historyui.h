#pragma once

#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <cqrs/history/runstore.h>
#include <cqrs/model/model.h>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QDockWidget;
class QAction;
class QMenu;
class QProgressBar;
class QPushButton;
class QWidget;

namespace cqrs {

class CompareView;
class HistoryDock;
class HistoryModel;
class HistoryRecorder;
class HistoryStore;
class MainWindow;
class RecordedRunView;
class RunController;

/// The run history in a main window, in one object (like RunUi): the
/// history file, the recorder of every run the window starts, the Run
/// History dock, reopened runs, "Open This Model" and the Compare view. The
/// window only creates it and puts dock()'s toggle in its View menu.
class HistoryUi final : public QObject
{
    Q_OBJECT

public:
    HistoryUi(MainWindow *window, RunController *controller);
    ~HistoryUi() override;

    HistoryStore *store() const { return m_store; }
    HistoryRecorder *recorder() const { return m_recorder; }
    HistoryModel *model() const { return m_model; }
    HistoryDock *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    /// Shows the dock as View > Run History does: its tab in front.
    void showDock();
    /// The window restored its saved layout: a dock it shows keeps its size
    /// (the first-show sizing is for the default layout only). A layout
    /// saved by an older version, with the history as a dock of its own in
    /// the bottom row, gets it as a tab beside Problems.
    void layoutRestored(bool olderLayout);

    /// Shows a recorded run's charts and summary, read-only (in the background: runOpened()).
    void openRun(qint64 id);
    /// Opens the model a run used as a new unsaved document titled from the
    /// run, and lists the changes made while it ran. An attempt at a
    /// challenge goes to the attempt opener first (its answer, with the
    /// challenge open).
    void openModel(qint64 id);
    /// Who opens an attempt's answer with its challenge: given the
    /// challenge's id, the run's tags (its rules), the answer and the run's
    /// id; true when opened, false when the user kept the canvas, nullopt
    /// when it does not know that challenge (the answer then opens as a
    /// plain model).
    using AttemptOpener = std::function<std::optional<bool>(
        const std::string &challengeId, const std::vector<std::string> &tags, Model answer, qint64 runId)>;
    void setAttemptOpener(AttemptOpener open) { m_attemptOpener = std::move(open); }
    /// Opens the Compare view for 2 to 6 runs (compareOpened()).
    void compare(const std::vector<qint64> &ids);
    /// Runs the document's model once per read-your-writes strategy of this
    /// query (eventual, wait-for-version, read-from-write-model,
    /// optimistic-ui) with the same seed, so that only the strategy differs,
    /// records the four runs and opens them in Compare. In the background;
    /// false (and a message) when the model cannot run.
    bool compareStrategies(const std::string &queryId);
    /// Runs the document's model with 1, 2, ... `upTo` consumers on this read
    /// model (2 to 6 runs, the same seed), records them and opens them in
    /// Compare. False (and a message) when the model cannot run.
    bool compareConsumers(const std::string &readModelId, int upTo);
    /// Runs each model (named for the history and the legend) in the
    /// background, records the runs and opens them in Compare: the
    /// machinery of compareStrategies(), for any set of 2 to 6 models (e.g.
    /// a challenge's answer and its solution). `running` is shown meanwhile.
    /// False (and a message) when there is no history or a comparison is
    /// still going.
    bool compareModels(std::vector<std::pair<std::string, Model>> runs, const QString &running);
    /// Adds "Compare Read Strategies" for a selected query and "Compare
    /// Consumer Counts…" for a selected read model (the canvas menu).
    void addContextActions(QMenu *menu, const std::vector<std::string> &elementIds);
    /// Disables a comparing action that cannot run now, its text saying why.
    void explainUnavailable(QAction *action, const QString &name) const;

signals:
    void runOpened(cqrs::RecordedRunView *view);
    void modelOpened(qint64 id);
    void compareOpened(cqrs::CompareView *view);

public:
    /// The status bar's "Running for Compare" progress with its Cancel
    /// button; visible while runs for Compare go.
    QWidget *compareProgress() const { return m_progress; }
    /// Stops the runs for Compare at their next step; nothing is recorded.
    void cancelCompare();

private:
    /// The dock as a tab beside Problems when both are in the bottom row.
    void tabBesideProblems();
    struct Variant;
    void recordVariants(std::shared_ptr<std::vector<Variant>> variants,
                        const QString &appVersion);
    /// Reads whole runs on the history's thread, then calls done on this one.
    void fetch(const std::vector<qint64> &ids,
               std::function<void(std::vector<history::RunRecord>)> done);
    void showModel(const history::RunRecord &record);
    void showMessage(const QString &text, int milliseconds = 8000);

    MainWindow *m_window;
    AttemptOpener m_attemptOpener;
    HistoryStore *m_store;
    HistoryRecorder *m_recorder;
    HistoryModel *m_model;
    HistoryDock *m_panel;
    QDockWidget *m_dock;
    bool m_dockSized = false;
    bool m_comparing = false;
    QPointer<QWidget> m_progress;
    QPointer<QProgressBar> m_progressBar;
    QPointer<QPushButton> m_cancelButton;
    /// Set by Cancel: the runs of this comparison stop, nothing is recorded.
    std::shared_ptr<std::atomic<bool>> m_stopCompare;
    QThreadPool m_workers; ///< strategy runs (one per core)
    /// Set when the window goes: the runs for Compare stop without recording.
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
};

} // namespace cqrs
