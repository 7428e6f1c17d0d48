#pragma once

#include "cqrs/ui/shell/filecontroller.h"

#include <cqrs/model/model.h>

#include <QMainWindow>
#include <QPointF>
#include <QTimer>
#include <QVariantMap>

#include <map>
#include <string>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QToolButton;
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
class RunUi;
class VariantUi;

/// The editor window: canvas in the middle, palette, inspector, problems
/// and history docks around it, menus and settings. File handling is the
/// FileController's; the window wires its File actions there.
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

    /// New, Open, Save, Export, the unsaved-changes question, crash recovery.
    FileController *fileController() const { return m_files; }

    /// Re-runs validation now (it also runs shortly after every edit).
    void refreshProblems();

    /// Help > About's text: the version, the Qt it was built with and runs
    /// on, and where the run history is kept.
    QString aboutText() const;

signals:
    /// Lets other parts (e.g. the run panel) add entries to the canvas context
    /// menu for the selected elements (empty: the canvas itself).
    void contextMenuAboutToShow(QMenu *menu, const std::vector<std::string> &elementIds);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void readSettings();
    void writeSettings();
    /// A layout restored in a window of another size than it was saved in
    /// keeps its docks' pixel sizes: gives each dock its saved share of the
    /// space again (a layout from before the shares: shrinks the dock areas
    /// until the canvas has its share).
    void fitRestoredDocks();
    void updateTitle();
    void updateActions();
    void fitSoon();
    void addElementAtCenter(ElementKind kind);
    void addNoteAtCenter();
    QPointF freeSpotNear(QPointF center) const;
    void copySelection();
    void paste();
    void tidyLayout();
    void showAddMenu(QPointF scenePos, QPoint screenPos);
    void showContextMenu(QPointF scenePos, QPoint screenPos);
    void addInsertActions(QMenu *menu, QPointF topLeft);
    void selectProblemElement(const QString &id);
    /// Edit > Connect to...: offers the connections the model allows for the
    /// selected element and makes the chosen one (one undo step).
    void connectSelected();
    /// Edit > Find Element...: selects the chosen element and brings it into view.
    void showFindElement();
    /// Edit > Properties: shows the inspector and puts the focus in its first field.
    void editProperties();

    Document *m_document;
    FileController *m_files;
    DiagramScene *m_scene;
    CanvasView *m_view;
    Inspector *m_inspector;
    ProblemsPanel *m_problems;
    RunUi *m_runUi = nullptr;
    HistoryUi *m_historyUi = nullptr;
    SweepUi *m_sweepUi = nullptr;
    VariantUi *m_variantUi = nullptr;
    ChallengeUi *m_challengeUi = nullptr;
    Palette *m_palette = nullptr;
    QUndoView *m_undoView = nullptr;
    bool m_toolBarsPlaced = false; ///< at the first show, or by a saved layout
    bool m_fitRestoredDocks = false; ///< at the first show, after a saved layout
    QSize m_savedDockSpace;          ///< the canvas and its docks, as the layout was saved
    QVariantMap m_savedDockShares;   ///< each dock's share of that space, by object name
    bool m_dockSharesApplied = false; ///< by the first fitRestoredDocks()
    QTimer m_problemsTimer;
    QLabel *m_zoomLabel;
    QToolButton *m_problemsLabel;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;

    QAction *m_newAction, *m_openAction, *m_saveAction, *m_saveAsAction, *m_importAction,
        *m_exportAction, *m_quitAction;
    QAction *m_undoAction, *m_redoAction, *m_cutAction, *m_copyAction, *m_pasteAction,
        *m_deleteAction, *m_selectAllAction;
    QAction *m_zoomInAction, *m_zoomOutAction, *m_zoomFitAction, *m_zoomResetAction,
        *m_tidyAction, *m_aboutAction, *m_aboutQtAction, *m_addNoteAction;
    QAction *m_connectAction, *m_findAction, *m_propertiesAction, *m_focusCanvasAction;
    std::map<ElementKind, QAction *> m_addActions;
    bool m_closing = false; ///< in closeEvent(): a second close waits for the first
    bool m_closed = false;  ///< closeEvent() accepted: a close that comes after asks nothing again
    bool m_clipboardHasPaste = false; ///< clipboardHasPaste() as of the clipboard's last change
};

} // namespace cqrs
