#pragma once

#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/challenge/livefigures.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/simulationworker.h"

#include <cqrs/model/challenge.h>

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>
#include <utility>
#include <string>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace cqrs {

class CanvasView;
class ChallengePanel;
class ChallengeSession;
class DiagramScene;
class Document;
class RunUi;
class SolutionWindow;
struct ChangeEvent;
struct RunResult;

/// Everything a main window needs for challenges (issue 11), in one object:
/// the gallery and file actions, the challenge dock, the session of the
/// challenge in progress, the live checklist fed by the run UI, Check My
/// Answer, the solution window and the interview report.
class ChallengeUi final : public QObject
{
    Q_OBJECT

public:
    /// `maybeSave` asks about unsaved changes before the canvas is replaced.
    ChallengeUi(QMainWindow *window, Document *document, DiagramScene *scene, RunUi *runUi,
                std::function<bool()> maybeSave);
    ~ChallengeUi() override;

    QAction *galleryAction() const { return m_galleryAction; }
    QAction *openFileAction() const { return m_openFileAction; }
    QAction *checkAction() const { return m_checkAction; }
    /// The Challenge menu: the gallery, Open Challenge File..., Check My
    /// Answer and the panel's Show a Hint, Give Up, Finish Interview and
    /// Pause (shown while a challenge, an interview, is open).
    QMenu *menu() const { return m_menu; }
    QAction *hintAction() const { return m_hintAction; }
    QAction *giveUpAction() const { return m_giveUpAction; }
    QAction *finishAction() const { return m_finishAction; }
    QAction *pauseAction() const { return m_pauseAction; }
    QDockWidget *dock() const { return m_dock; }
    ChallengePanel *panel() const { return m_panel; }
    ChallengeSession *session() const;
    SolutionWindow *solutionWindow() const;

    /// Puts Challenges... and Open Challenge File... into `menu` before `before`.
    void addFileActions(QMenu *menu, QAction *before);

    /// The gallery; opens what is chosen there.
    void showGallery();
    /// Loads and opens a challenge file; on failure shows the loader's
    /// located messages and changes nothing.
    bool openChallengeFile(const QString &path, bool interview);
    /// Puts the challenge's start model on the canvas as a new unsaved
    /// document with its fixed parts locked, and shows its brief.
    bool openChallenge(const Challenge &challenge, const QString &path, bool interview);
    /// Run History's Open This Model on an attempt at challenge `challengeId`
    /// (its run's `tags` tell the rules it was judged by): its answer on the
    /// canvas with the challenge open. The practice of that challenge open now
    /// (same rules) gets it as one step that Edit > Undo takes back;
    /// otherwise the gallery's challenge of that id opens (practice; the one
    /// of the same rules first), the answer on it (an interview asks first,
    /// as any other model would). nullopt: no challenge of that id is open
    /// or in the gallery (nothing changed); false: the user kept the canvas.
    std::optional<bool> openAttempt(const std::string &challengeId,
                                    const std::vector<std::string> &tags, Model answer,
                                    qint64 runId);
    /// Ends the challenge (the canvas stays as it is).
    void closeChallenge();

    /// Check My Answer: judges the canvas's model in the background.
    void check();
    /// Opens the solution beside the answer (only once it is unlocked).
    bool showSolution();
    /// Runs the answer and the solution as judged (the challenge's workload
    /// and seed), records both and opens them in the history's Compare view
    /// (only once the solution is unlocked and with a history).
    bool compareWithSolution();
    /// Where compareWithSolution() runs and records (the window's run history).
    void setHistory(HistoryUi *history) { m_history = history; }
    /// Interview mode: stops the clock (if it runs) and writes the debrief
    /// report as it was when the clock stopped.
    bool writeReport(const QString &path, QString *error = nullptr);
    /// Finish Interview... (stops the clock) and Save Debrief... (after it).
    void finishInterview();
    /// A finished interview whose debrief was neither saved nor discarded:
    /// asks whether to save it (Save, Discard, and Cancel when cancellable).
    /// False: cancelled.
    bool maybeSaveDebrief(bool cancellable = true);
    /// Runs the answer as judged in `runId` live and shows the chart of the requirement.
    void showRunOf(const QString &requirementId, const QString &runId);

    /// The live chart that shows a result figure, and the read model to focus on.
    static std::optional<ChartsPanel::ChartId> chartFor(const std::string &pointer, QString *readModel);

protected:
    /// The panel's rows of buttons follow the dock's width.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// Stops the interview's clock, shows what was hidden until a first
    /// run, and keeps the debrief. Once per interview.
    void endInterview();
    /// Asks where, and saves the debrief. False: cancelled or failed (said).
    bool saveDebriefInteractive();

    void onDocumentChanged(const ChangeEvent &event);
    /// Resumes a paused interview clock because the user works on the answer, saying why.
    void resumeForWork(const QString &why);
    /// After a check: the dock widens to show every column of the grid.
    void widenForTheGrid();
    void onRunStarted(const Model &model);
    void onSamples(const SnapshotBatch &batch);
    void onRunFinished(const RunResult &result);
    void updateLiveChecklist(const Json &result, bool final);
    void showMessage(const QString &text, int timeout = 8000);
    /// The Challenge menu's copies of the panel's buttons follow their states.
    void syncButtonActions();

    QMainWindow *m_window;
    Document *m_document;
    DiagramScene *m_scene;
    RunUi *m_runUi;
    std::function<bool()> m_maybeSave;
    QAction *m_galleryAction;
    QAction *m_openFileAction;
    QAction *m_checkAction;
    QAction *m_hintAction;
    QAction *m_giveUpAction;
    QAction *m_finishAction;
    QAction *m_pauseAction;
    QMenu *m_menu;
    QDockWidget *m_dock;
    ChallengePanel *m_panel;
    QPointer<ChallengeSession> m_session;
    QPointer<SolutionWindow> m_solution;
    QPointer<HistoryUi> m_history;
    bool m_replacing = false;  ///< our own resetModel(): not a reason to close
    LiveFigures m_live;
    Model m_liveModel;
    std::optional<Model> m_finishedModel; ///< the model of the checklist's final figures
    /// Interview mode: the debrief as it stood when the clock stopped (the
    /// answer, its last check, the score), what every save writes: checks,
    /// a solution shown and edits afterwards are practice, not the interview.
    std::optional<QString> m_debriefHtml;
    bool m_debriefSettled = false; ///< m_debriefHtml is in a file, or the user discarded it
    bool m_liveActive = false;
    QString m_pendingRunLabel; ///< what the next live run is (a stress shown from the grid)
    QString m_liveRunLabel;
    /// A run of the challenge's (from the grid): the answer it was made
    /// from, and the model it runs (the challenge's workload and seed, a
    /// stress): its figures are the answer's.
    std::optional<std::pair<Model, Model>> m_pendingPrepared, m_livePrepared;
};

} // namespace cqrs
