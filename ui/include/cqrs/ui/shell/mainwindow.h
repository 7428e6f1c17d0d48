#pragma once

#include <cqrs/model/diagnostic.h>
#include <cqrs/model/model.h>

#include <QMainWindow>
#include <QPointF>
#include <QTimer>

#include <map>
#include <optional>
#include <string>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QUndoView;

namespace cqrs {

class CanvasView;
class ChallengeUi;
class DiagramScene;
class Document;
class Inspector;
class Palette;
class ProblemsPanel;
class HistoryUi;
class SweepUi;
class RecoveryWriter;
class RunUi;
class VariantUi;

/// The editor window: canvas in the middle, palette, inspector, problems
/// and history docks around it, file handling and settings.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Document *document() const { return m_document; }
    DiagramScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }
    Inspector *inspector() const { return m_inspector; }
    ProblemsPanel *problemsPanel() const { return m_problems; }
    /// Live simulation: run bar, Run menu, charts and summary docks.
    RunUi *runUi() const { return m_runUi; }
    /// Run history: recording, the Run History dock, reopened runs, Compare.
    HistoryUi *historyUi() const { return m_historyUi; }
    /// Sweeps: the Sweep… dialog, the trade-off charts, Open Sweep.
    SweepUi *sweepUi() const { return m_sweepUi; }
    /// Live A/B: the variant B, its tab, both runs at once.
    VariantUi *variantUi() const { return m_variantUi; }
    /// Challenges: gallery, challenge dock, Check My Answer, interview report.
    ChallengeUi *challengeUi() const { return m_challengeUi; }
    /// The add action of a kind ("addCommand", ...).
    QAction *addAction(ElementKind kind) const { return m_addActions.at(kind); }

    /// Opens `path` if given, else the last file, else the user-profile example.
    void openInitial(const QString &path = {});
    /// After a crash or kill: offers the newest recovery copy of unsaved work
    /// (restore, discard, or decide later). True when it was restored.
    bool offerRecovery();
    /// Keeps a copy of unsaved changes for offerRecovery() after a crash.
    RecoveryWriter *recoveryWriter() const { return m_recovery; }

    /// Loads a model file. On failure shows the loader's located messages in
    /// a dialog and leaves the current document as it was.
    bool openFile(const QString &path);
    /// Loads a built-in example (a resource path) as an untitled document.
    bool openExample(const QString &resourcePath);
    /// Writes the model atomically; on success the document
    /// takes this path and is unmodified.
    bool saveToFile(const QString &path);
    bool save();
    bool saveAs();
    /// Writes a copy without changing the document's path or modified state
    /// (File > Export a Copy). A path without ".json" gets ".cqrs.json".
    bool exportTo(const QString &path);
    /// `path` with ".cqrs.json" appended unless it already ends in ".json".
    static QString withModelSuffix(const QString &path);
    /// Loads a model as a new untitled, unsaved document.
    bool importFrom(const QString &path);

    /// Asks to save unsaved changes; false when the user cancels.
    bool maybeSave();

    /// Re-runs validation now (it also runs shortly after every edit).
    void refreshProblems();

    QStringList recentFiles() const;

signals:
    /// Lets other parts (e.g. the run panel) add entries to the canvas context
    /// menu for the selected elements (empty: the canvas itself).
    void contextMenuAboutToShow(QMenu *menu, const std::vector<std::string> &elementIds);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void readSettings();
    void writeSettings();
    void updateTitle();
    void updateActions();
    void addRecentFile(const QString &path);
    void showLoadError(const QString &path, const Diagnostics &diagnostics);
    /// Loads leniently for the editor; shows the error or the lossy-open question.
    std::optional<Model> loadForEditing(const QString &path, bool *lossy);
    void fitSoon();
    void addElementAtCenter(ElementKind kind);
    void addNoteAtCenter();
    QPointF freeSpotNear(QPointF center) const;
    void copySelection();
    void paste();
    void tidyLayout();
    void newFromGallery();
    void showAddMenu(QPointF scenePos, QPoint screenPos);
    void showContextMenu(QPointF scenePos, QPoint screenPos);
    void addInsertActions(QMenu *menu, QPointF topLeft);
    void selectProblemElement(const QString &id);
    /// Edit > Connect to...: offers the connections the model allows for the
    /// selected element and makes the chosen one (one undo step).
    void connectSelected();
    /// Edit > Properties: shows the inspector and puts the focus in its first field.
    void editProperties();

    Document *m_document;
    DiagramScene *m_scene;
    CanvasView *m_view;
    Inspector *m_inspector;
    ProblemsPanel *m_problems;
    RunUi *m_runUi = nullptr;
    HistoryUi *m_historyUi = nullptr;
    SweepUi *m_sweepUi = nullptr;
    VariantUi *m_variantUi = nullptr;
    ChallengeUi *m_challengeUi = nullptr;
    RecoveryWriter *m_recovery = nullptr;
    Palette *m_palette = nullptr;
    QUndoView *m_undoView = nullptr;
    QTimer m_problemsTimer;
    QLabel *m_zoomLabel;
    QLabel *m_problemsLabel;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;

    QAction *m_newAction, *m_openAction, *m_saveAction, *m_saveAsAction, *m_importAction,
        *m_exportAction, *m_quitAction;
    QAction *m_undoAction, *m_redoAction, *m_cutAction, *m_copyAction, *m_pasteAction,
        *m_deleteAction, *m_selectAllAction;
    QAction *m_zoomInAction, *m_zoomOutAction, *m_zoomFitAction, *m_zoomResetAction,
        *m_tidyAction, *m_aboutAction, *m_addNoteAction;
    QAction *m_connectAction, *m_propertiesAction, *m_focusCanvasAction;
    std::map<ElementKind, QAction *> m_addActions;
};

} // namespace cqrs
