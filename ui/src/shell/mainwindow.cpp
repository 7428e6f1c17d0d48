#include "cqrs/ui/shell/mainwindow.h"

#include "cqrs/ui/challenge/challengeui.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/document/autolayout.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/connectdialog.h"
#include "cqrs/ui/editor/findelementdialog.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/run/presentation.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/variantui.h"
#include "cqrs/ui/shell/experimentspanel.h"
#include "cqrs/ui/shell/filecontroller.h"
#include "cqrs/ui/shell/helppage.h"
#include "cqrs/ui/shell/messageoverlay.h"
#include "cqrs/ui/shell/userguide.h"
#include "cqrs/ui/shell/problemspanel.h"
#include "cqrs/ui/sweep/sweepui.h"
#include "editor/clipboard.h"
#include "editor/palette.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLayout>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScopedValueRollback>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QUndoView>
#include <QVBoxLayout>
#include <cqrs/model/elements.h>
#include <cqrs/model/validation.h>
#include <algorithm>
#include <numeric>

// The resources live in a static library: make sure the linker keeps them.
static void initUiResources()
{
    Q_INIT_RESOURCE(studio);
}

namespace cqrs {

namespace {

/// Saved layouts from before 2: Run History a dock of its own in the bottom row.
constexpr int kLayoutVersion = 2;

/// A dock's entry in the View menu with an access key: the first `key` of its
/// title (either case) marked, again when the title changes ("Inspector (A)"
/// beside a variant). The dock's own title bar shows no mark.
void giveAccessKey(QDockWidget *dock, const QString &key)
{
    const auto mark = [dock, key] {
        QString text = dock->windowTitle();
        if (const qsizetype at = text.indexOf(key, 0, Qt::CaseInsensitive); at >= 0)
            text.insert(at, QLatin1Char('&'));
        dock->toggleViewAction()->setText(text);
    };
    mark();
    // After QDockWidget has put the bare title on its action.
    QObject::connect(dock, &QWidget::windowTitleChanged, dock, mark);
}

const char *addActionName(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Command:
        return "addCommand";
    case ElementKind::Aggregate:
        return "addAggregate";
    case ElementKind::Event:
        return "addEvent";
    case ElementKind::ReadModel:
        return "addReadModel";
    case ElementKind::Policy:
        return "addPolicy";
    case ElementKind::Query:
        return "addQuery";
    }
    return "";
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new Document(this))
{
    initUiResources();
    openContextMenusWithShiftF10();
    // New, Open, Save, Export, the unsaved question and crash recovery.
    m_files = new FileController(m_document, this, this);
    connect(m_files, &FileController::statusMessage, this,
            [this](const QString &message, int timeout) { statusBar()->showMessage(message, timeout); });
    connect(m_files, &FileController::refreshProblemsRequested, this, &MainWindow::refreshProblems);
    connect(m_files, &FileController::fitRequested, this, &MainWindow::fitSoon);
    connect(m_files, &FileController::updateTitleRequested, this, &MainWindow::updateTitle);
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/cqrs-studio.svg")));
    m_scene = new DiagramScene(m_document, this);
    m_view = new CanvasView(m_scene, this);
    setCentralWidget(m_view);
    m_inspector = new Inspector(m_document, this);
    m_problems = new ProblemsPanel(this);

    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setObjectName(QStringLiteral("zoomLevel"));
    m_zoomLabel->setToolTip(tr("The canvas's zoom: the mouse wheel or Ctrl++ / Ctrl+- change it, "
                               "Ctrl+0 fits the diagram, Ctrl+Alt+0 is actual size"));
    // The count of problems; a click brings the Problems panel to the front
    // (it may be a tab behind the Run History).
    m_problemsLabel = new QToolButton(this);
    m_problemsLabel->setObjectName(QStringLiteral("problemCount"));
    m_problemsLabel->setAutoRaise(true);
    m_problemsLabel->setToolTip(tr("Show the Problems panel"));
    m_problemsLabel->setAccessibleDescription(
        tr("The number of errors and warnings; opens the Problems panel"));
    connect(m_problemsLabel, &QToolButton::clicked, this, [this] {
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("problemsDock"))) {
            dock->show();
            dock->raise();
        }
    });
    statusBar()->addPermanentWidget(m_problemsLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    // Presentation mode hides the status bar: its messages then show over the window.
    new MessageOverlay(this);

    createActions();
    createMenus();
    createDocks();
    // Live simulation (ui/run): before readSettings() so its docks and toolbar are restored too.
    m_runUi = new RunUi(this, m_document, m_scene);
    giveAccessKey(m_runUi->chartsDock(), tr("v", "access key of Live Charts in the View menu"));
    m_viewMenu->addAction(m_runUi->chartsDock()->toggleViewAction());
    giveAccessKey(m_runUi->summaryDock(), tr("u", "access key of Run Summary in the View menu"));
    m_viewMenu->addAction(m_runUi->summaryDock()->toggleViewAction());
    m_viewMenu->addAction(m_runUi->presentation()->action());
    m_historyUi = new HistoryUi(this, m_runUi->controller());
    m_variantUi = new VariantUi(this, m_runUi, m_historyUi); // Run > Run with a Variant (live A/B)
    giveAccessKey(m_historyUi->dock(), tr("y", "access key of Run History in the View menu"));
    m_viewMenu->addAction(m_historyUi->dock()->toggleViewAction());
    // The list at hand from the keyboard (the menu item above hides a dock that shows).
    QAction *goToHistory = new QAction(tr("Go to Run &History"), this);
    goToHistory->setObjectName(QStringLiteral("focusHistory"));
    goToHistory->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    goToHistory->setStatusTip(tr("Show the Run History and put the keyboard focus on its list"));
    connect(goToHistory, &QAction::triggered, this, [this] {
        QDockWidget *dock = m_historyUi->dock();
        dock->show();
        dock->raise();
        if (auto *panel = qobject_cast<HistoryDock *>(dock->widget()))
            panel->view()->setFocus(Qt::ShortcutFocusReason);
    });
    m_viewMenu->addAction(goToHistory);
    // The other panels a keyboard works in, each at one key (Tab reached
    // them only after the canvas, the palette and the charts).
    const auto goTo = [this](const QString &text, const char *name, const QString &keys, const char *dockName,
                             const QString &tip) {
        QAction *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(QKeySequence(keys));
        action->setStatusTip(tip);
        connect(action, &QAction::triggered, this, [this, dockName] {
            auto *dock = findChild<QDockWidget *>(QLatin1String(dockName));
            if (!dock)
                return;
            dock->show();
            dock->raise();
            // Its first field, list or button that takes the keyboard.
            QWidget *panel = dock->widget();
            for (QWidget *w = panel->nextInFocusChain(); w && w != panel; w = w->nextInFocusChain()) {
                if (panel->isAncestorOf(w) && w->isVisibleTo(panel) && w->isEnabled()
                    && (w->focusPolicy() & Qt::TabFocus)) {
                    w->setFocus(Qt::ShortcutFocusReason);
                    return;
                }
            }
            panel->setFocus(Qt::ShortcutFocusReason);
        });
        m_viewMenu->addAction(action);
    };
    goTo(tr("Go to I&nspector"), "focusInspector", tr("Ctrl+Shift+I"), "inspectorDock",
         tr("Show the Inspector and put the keyboard focus on its first field"));
    goTo(tr("Go to Pro&blems"), "focusProblems", tr("Ctrl+Shift+P"), "problemsDock",
         tr("Show the Problems panel and put the keyboard focus on its list"));
    m_sweepUi = new SweepUi(this, m_historyUi); // Sweep… from the inspector, Open Sweep in the history
    connect(this, &MainWindow::contextMenuAboutToShow, m_runUi, &RunUi::addContextActions);
    // Things to try: the model's experiments, beside the canvas.
    auto *experiments = new ExperimentsPanel(m_document, this);
    auto *experimentsDock = new QDockWidget(tr("Things to Try"), this);
    experimentsDock->setObjectName(QStringLiteral("experimentsDock"));
    experiments->setAccessibleDescription(tr("Changes to the model worth trying, each applied "
                                                 "with one button and undone with Edit > Undo"));
    experimentsDock->setWidget(experiments);
    experimentsDock->setMinimumWidth(260);
    addDockWidget(Qt::LeftDockWidgetArea, experimentsDock);
    // The palette needs little height; the experiments' texts need more.
    if (auto *palette = findChild<QDockWidget *>(QStringLiteral("paletteDock")))
        resizeDocks({palette, experimentsDock}, {330, 600}, Qt::Vertical);
    giveAccessKey(experimentsDock, tr("g", "access key of Things to Try in the View menu"));
    m_viewMenu->addAction(experimentsDock->toggleViewAction());
    connect(experiments, &ExperimentsPanel::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    // Challenges (issue 11): File > Challenges..., the challenge dock, Check My Answer.
    m_challengeUi = new ChallengeUi(this, m_document, m_scene, m_runUi, [this] { return m_files->maybeSave(); });
    m_files->setChallengeOpener([this](const QString &path) { return m_challengeUi->openChallengeFile(path, false); });
    // Before another model replaces this one (or the window closes): the
    // interview's debrief, then B's own edits in A/B (they are nowhere else;
    // applied to the model, the model's own question follows).
    m_files->setBeforeReplacing(
        [this] { return m_challengeUi->maybeSaveDebrief(true) && m_variantUi->askAboutOwnChanges(); });
    connect(m_files, &FileController::challengesRequested, m_challengeUi, &ChallengeUi::showGallery);
    m_challengeUi->setHistory(m_historyUi);
    m_historyUi->setAttemptOpener([this](const std::string &challengeId, const std::vector<std::string> &tags,
                                         Model answer, qint64 runId) -> std::optional<bool> {
        if (!m_variantUi->askAboutOwnChanges()) // B's own edits would go with the canvas
            return false;
        return m_challengeUi->openAttempt(challengeId, tags, std::move(answer), runId);
    });
    if (auto *file = menuBar()->findChild<QMenu *>(QStringLiteral("fileMenu"))) {
        const QList<QAction *> fileActions = file->actions(); // after Open Recent
        m_challengeUi->addFileActions(file, fileActions.value(fileActions.indexOf(m_recentMenu->menuAction()) + 1));
    }
    giveAccessKey(m_challengeUi->dock(), tr("c", "access key of Challenge in the View menu"));
    m_viewMenu->addAction(m_challengeUi->dock()->toggleViewAction());
    // Where a new user looks for practice too: Help, after the User Guide.
    if (auto *help = findChild<QMenu *>(QStringLiteral("helpMenu"))) {
        help->insertAction(help->actions().value(1), m_challengeUi->galleryAction());
        menuBar()->insertMenu(help->menuAction(), m_challengeUi->menu());
    }
    connect(m_document, &Document::editRefused, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });

    m_problemsTimer.setSingleShot(true);
    m_problemsTimer.setInterval(150);
    connect(&m_problemsTimer, &QTimer::timeout, this, &MainWindow::refreshProblems);
    connect(m_document, &Document::changed, this, [this](const ChangeEvent &event) {
        m_problemsTimer.start();
        if (event.type == ChangeEvent::Type::Reset || event.type == ChangeEvent::Type::SettingsChanged)
            updateTitle();
    });
    connect(m_document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    // Asked when the clipboard changes, not at every change of the selection
    // (on X11 each question is a round trip to the clipboard's owner).
    m_clipboardHasPaste = clipboardHasPaste();
    connect(QApplication::clipboard(), &QClipboard::dataChanged, this, [this] {
        m_clipboardHasPaste = clipboardHasPaste();
        updateActions();
    });
    connect(m_document, &Document::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::displayNameChanged, this, &MainWindow::updateTitle);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        m_inspector->setSelection(m_scene->selectedElementIds(), m_scene->selectedConnections(),
                                  m_scene->selectedNoteIndexes());
        updateActions();
        // What was selected is what the user wants to see: bring the inspector
        // in front of a tab (the run summary) that hides it; a closed inspector
        // stays closed. Variant B's tab in front shows the selection itself
        // (in B): it stays in front, as its text asks the user to select.
        if (!m_scene->selectedItems().isEmpty()) {
            auto *dock = findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
            auto *variant = findChild<QDockWidget *>(QStringLiteral("variantDock"));
            if (dock && !dock->isHidden()) {
                const QList<QDockWidget *> tabs = tabifiedDockWidgets(dock);
                // (A tab behind another is "visible", out of sight.)
                const bool variantInFront = variant && tabs.contains(variant) && variant->isVisible()
                                            && !variant->visibleRegion().isEmpty();
                if (!tabs.isEmpty() && !variantInFront)
                    dock->raise();
            }
        }
    });
    connect(m_scene, &DiagramScene::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 6000); });
    connect(m_inspector, &Inspector::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 6000); });
    connect(m_scene, &DiagramScene::addMenuRequested, this, &MainWindow::showAddMenu);
    connect(m_scene, &DiagramScene::figuresHiddenChanged, this, &MainWindow::refreshProblems);
    connect(m_scene, &DiagramScene::contextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_scene, &DiagramScene::editRequested, this, [this] {
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("inspectorDock"))) {
            dock->show();
            dock->raise();
        }
    });
    connect(m_problems, &ProblemsPanel::elementActivated, this, &MainWindow::selectProblemElement);
    connect(m_problems, &ProblemsPanel::countsChanged, this, [this](int errors, int warnings) {
        m_problemsLabel->setText(plural(tr("%n error(s)", nullptr, errors), errors)
                                 + QStringLiteral(", ")
                                 + plural(tr("%n warning(s)", nullptr, warnings), warnings));
    });
    connect(m_view, &CanvasView::zoomChanged, this,
            [this](double zoom) { m_zoomLabel->setText(tr("Zoom %1%").arg(qRound(zoom * 100))); });

    // Qt's own button for the actions of a toolbar too narrow to show them all has no name.
    for (QToolBar *bar : findChildren<QToolBar *>()) {
        if (auto *more = bar->findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button"))) {
            more->setAccessibleName(tr("More tools"));
            more->setToolTip(tr("The tools of this toolbar that do not fit"));
        }
    }

    const QSize size(1280, 800);
    resize(size);
    // The default layout's widths, set once every dock is in place: the
    // hidden Run History tab beside Problems would otherwise lend the
    // bottom row its own wide hint.
    if (auto *problems = findChild<QDockWidget *>(QStringLiteral("problemsDock")))
        resizeDocks({problems, m_runUi->chartsDock()}, {360, 1000}, Qt::Horizontal);
    if (auto *palette = findChild<QDockWidget *>(QStringLiteral("paletteDock"))) {
        resizeDocks({palette}, {260}, Qt::Horizontal);
        resizeDocks({palette, experimentsDock}, {330, 600}, Qt::Vertical);
    }
    // No larger than the screen it opens on, frame and all (a 1366x768
    // laptop, a 1024x768 projector): a window taller than the screen hides
    // its status bar. After the docks' sizes, which would grow a smaller
    // window back, and on the layout as it now is (its least size while it
    // was being built was larger).
    layout()->activate();
    resizeWithinScreen(this, size);
    readSettings();
    updateTitle();
    updateActions();
}

MainWindow::~MainWindow()
{
    // B's recorder writes through the history: before the history goes.
    delete m_variantUi;
    // Views refer to the document (a child created first, so deleted first):
    // tear them down while it still exists, without signals on the way.
    m_scene->disconnect(this);
    m_document->disconnect(this); // its undo stack reports "clean" as it is destroyed
    delete m_view;
    delete m_scene;
    delete m_inspector;
}

void MainWindow::createActions()
{
    auto make = [this](const QString &text, const char *name, const QKeySequence &shortcut = {},
                       const QString &themeIcon = {}) {
        auto *action = new QAction(text, this);
        action->setObjectName(QString::fromLatin1(name));
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        if (!themeIcon.isEmpty())
            action->setIcon(QIcon::fromTheme(themeIcon));
        return action;
    };

    // The platform's keys, or the usual ones where it has none: Qt's plain
    // X11 and KDE key tables have no Save As, some none for Quit.
    const auto standardOr = [](QKeySequence::StandardKey key, const QString &usual) {
        const QList<QKeySequence> keys = QKeySequence::keyBindings(key);
        return keys.isEmpty() ? QList<QKeySequence>{QKeySequence(usual)} : keys;
    };

    m_newAction = make(tr("&New..."), "newFile", QKeySequence::New, "document-new");
    connect(m_newAction, &QAction::triggered, m_files, &FileController::newFromGallery);
    m_openAction = make(tr("&Open..."), "openFile", QKeySequence::Open, "document-open");
    connect(m_openAction, &QAction::triggered, m_files, &FileController::openWithDialog);
    m_saveAction = make(tr("&Save"), "save", QKeySequence::Save, "document-save");
    connect(m_saveAction, &QAction::triggered, m_files, &FileController::save);
    m_saveAsAction = make(tr("Save &As..."), "saveAs", {}, "document-save-as");
    m_saveAsAction->setShortcuts(standardOr(QKeySequence::SaveAs, tr("Ctrl+Shift+S")));
    connect(m_saveAsAction, &QAction::triggered, m_files, &FileController::saveAs);
    m_importAction = make(tr("&Import JSON..."), "importJson", QKeySequence(tr("Ctrl+I")));
    connect(m_importAction, &QAction::triggered, m_files, &FileController::importWithDialog);
    // Export differs from Save As: the window keeps editing its own file (and
    // stays unsaved); the copy is a snapshot to hand on (cqrs-sim, a colleague).
    m_exportAction = make(tr("&Export a Copy..."), "exportJson", QKeySequence(tr("Ctrl+E")));
    m_exportAction->setStatusTip(tr("Write the model to another .cqrs.json file. Unlike Save As, "
                                    "this window keeps editing its own file."));
    m_exportAction->setToolTip(m_exportAction->statusTip());
    connect(m_exportAction, &QAction::triggered, m_files, &FileController::exportWithDialog);
    m_saveAsAction->setStatusTip(tr("Write the model to a new file and keep editing that file."));
    m_importAction->setStatusTip(tr("Open a model file as a new untitled model; the file itself "
                                    "is not changed by Save."));
    m_quitAction = make(tr("&Quit"), "quit", {}, "application-exit");
    m_quitAction->setShortcuts(standardOr(QKeySequence::Quit, tr("Ctrl+Q")));
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setObjectName(QStringLiteral("undo"));
    m_undoAction->setShortcuts(QKeySequence::Undo);
    m_undoAction->setIcon(QIcon::fromTheme(QStringLiteral("edit-undo")));
    m_redoAction = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setObjectName(QStringLiteral("redo"));
    m_redoAction->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    m_redoAction->setIcon(QIcon::fromTheme(QStringLiteral("edit-redo")));
    // The menu says what would be undone ("Undo Change Update"); the toolbar
    // keeps a fixed label (the text is in its tooltip), so that its buttons
    // do not move whenever the last edit changes.
    m_undoAction->setIconText(tr("Undo"));
    m_redoAction->setIconText(tr("Redo"));
    m_undoAction->setProperty("shortcutsName", m_undoAction->iconText());
    m_redoAction->setProperty("shortcutsName", m_redoAction->iconText());

    // Canvas editing keys act when the canvas has focus, so that text fields
    // in the inspector keep their own Delete, Ctrl+C and Ctrl+V.
    auto canvasAction = [this](QAction *action) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_view->addAction(action);
        return action;
    };
    m_cutAction = canvasAction(make(tr("Cu&t"), "cut", QKeySequence::Cut, "edit-cut"));
    connect(m_cutAction, &QAction::triggered, this, [this] {
        copySelection();
        m_scene->deleteSelection();
    });
    m_copyAction = canvasAction(make(tr("&Copy"), "copy", QKeySequence::Copy, "edit-copy"));
    connect(m_copyAction, &QAction::triggered, this, &MainWindow::copySelection);
    m_pasteAction = canvasAction(make(tr("&Paste"), "paste", QKeySequence::Paste, "edit-paste"));
    connect(m_pasteAction, &QAction::triggered, this, &MainWindow::paste);
    m_deleteAction = canvasAction(make(tr("&Delete"), "delete", QKeySequence::Delete, "edit-delete"));
    m_deleteAction->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)});
    connect(m_deleteAction, &QAction::triggered, m_scene, &DiagramScene::deleteSelection);
    m_selectAllAction = canvasAction(make(tr("Select &All"), "selectAll", QKeySequence::SelectAll));
    connect(m_selectAllAction, &QAction::triggered, this, [this] {
        std::vector<int> notes(m_document->model().diagram.notes.size());
        std::iota(notes.begin(), notes.end(), 0);
        m_scene->selectElements(allElementIds(m_document->model()), notes);
    });

    // Keyboard-only editing: connect, edit properties, come back to the canvas.
    m_connectAction = canvasAction(make(tr("Co&nnect To..."), "connectTo", QKeySequence(tr("Ctrl+K"))));
    m_connectAction->setStatusTip(tr("Connect the selected element to another one, chosen from "
                                     "the connections the model allows"));
    m_connectAction->setToolTip(tr("Connect the selected element to another one (%1)")
                                    .arg(m_connectAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::connectSelected);
    m_findAction = make(tr("&Find Element..."), "findElement", QKeySequence::Find, "edit-find");
    m_findAction->setStatusTip(tr("Find an element by its name or kind, select it and show it on the canvas"));
    connect(m_findAction, &QAction::triggered, this, &MainWindow::showFindElement);
    m_propertiesAction = canvasAction(make(tr("Pr&operties"), "editProperties", QKeySequence(Qt::Key_F2)));
    m_propertiesAction->setStatusTip(tr("Edit the selected element's properties in the inspector"));
    connect(m_propertiesAction, &QAction::triggered, this, &MainWindow::editProperties);
    m_focusCanvasAction = make(tr("Go to &Diagram"), "focusCanvas", QKeySequence(tr("Ctrl+Shift+D")));
    m_focusCanvasAction->setStatusTip(tr("Put the keyboard focus on the canvas"));
    connect(m_focusCanvasAction, &QAction::triggered, this,
            [this] { m_view->setFocus(Qt::ShortcutFocusReason); });

    // The Insert menu's texts, each with its own access key (the palette's
    // buttons show them without the &).
    const auto insertText = [this](ElementKind kind) {
        switch (kind) {
        case ElementKind::Command:
            return tr("&Command");
        case ElementKind::Event:
            return tr("&Event");
        case ElementKind::Aggregate:
            return tr("&Aggregate");
        case ElementKind::ReadModel:
            return tr("&Read model");
        case ElementKind::Policy:
            return tr("&Policy");
        case ElementKind::Query:
            return tr("&Query");
        }
        return kindTitle(kind);
    };
    int n = 1;
    for (ElementKind kind : kAllElementKinds) {
        QAction *action = make(insertText(kind), addActionName(kind),
                               QKeySequence(tr("Ctrl+%1").arg(n++)));
        action->setIcon(kindIcon(kind));
        action->setToolTip(tr("Add a %1 (%2)").arg(kindTitle(kind).toLower(),
                                                   action->shortcut().toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, [this, kind] { addElementAtCenter(kind); });
        m_addActions[kind] = action;
    }
    m_addNoteAction = make(tr("&Sticky note"), "addNote", QKeySequence(tr("Ctrl+%1").arg(n)));
    m_addNoteAction->setIcon(noteIcon());
    connect(m_addNoteAction, &QAction::triggered, this, &MainWindow::addNoteAtCenter);

    m_zoomInAction = make(tr("Zoom &In"), "zoomIn", QKeySequence::ZoomIn, "zoom-in");
    m_zoomInAction->setShortcuts({QKeySequence::ZoomIn, QKeySequence(tr("Ctrl+="))});
    connect(m_zoomInAction, &QAction::triggered, m_view, &CanvasView::zoomIn);
    m_zoomOutAction = make(tr("Zoom &Out"), "zoomOut", QKeySequence::ZoomOut, "zoom-out");
    connect(m_zoomOutAction, &QAction::triggered, m_view, &CanvasView::zoomOut);
    m_zoomFitAction = make(tr("&Fit to Window"), "zoomFit", QKeySequence(tr("Ctrl+0")),
                           "zoom-fit-best");
    connect(m_zoomFitAction, &QAction::triggered, m_view, &CanvasView::fitAll);
    m_zoomResetAction = make(tr("&Actual Size"), "zoomReset", QKeySequence(tr("Ctrl+Alt+0")),
                             "zoom-original");
    connect(m_zoomResetAction, &QAction::triggered, m_view, &CanvasView::resetZoom);
    m_tidyAction = make(tr("&Tidy Layout"), "tidyLayout", QKeySequence(tr("Ctrl+Shift+L")));
    connect(m_tidyAction, &QAction::triggered, this, &MainWindow::tidyLayout);
    m_aboutAction = make(tr("&About CQRS Studio"), "about");
    connect(m_aboutAction, &QAction::triggered, this, [this] {
        QMessageBox box(QMessageBox::NoIcon, tr("About CQRS Studio"), aboutText(), QMessageBox::Close, this);
        box.setObjectName(QStringLiteral("aboutBox"));
        box.setIconPixmap(windowIcon().pixmap(64, 64));
        box.setTextInteractionFlags(Qt::TextSelectableByMouse);
        box.exec();
    });
    m_aboutQtAction = make(tr("About &Qt"), "aboutQt");
    connect(m_aboutQtAction, &QAction::triggered, this, [this] { QMessageBox::aboutQt(this); });
}

QString MainWindow::aboutText() const
{
    // What a bug report needs: the version, the Qt it runs on, and where
    // the run history is kept.
    return tr("<b>CQRS Studio %1</b><p>Model and simulate CQRS systems: commands, events, read models, "
              "policies and queries, and the consistency windows between them.</p>"
              "<p>Run history: %2<br>Built with Qt %3, running on Qt %4.</p>"
              "<p>Help &gt; User Guide explains every window.</p>")
        .arg(QApplication::applicationVersion(),
             QDir::toNativeSeparators(HistoryStore::databasePath()).toHtmlEscaped(),
             QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()));
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, m_files, [this] { m_files->fillRecentMenu(m_recentMenu); });
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addAction(m_files->reloadAction());
    file->addSeparator();
    file->addAction(m_importAction);
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addSeparator();
    edit->addAction(m_cutAction);
    edit->addAction(m_copyAction);
    edit->addAction(m_pasteAction);
    edit->addAction(m_deleteAction);
    edit->addSeparator();
    edit->addAction(m_selectAllAction);
    edit->addAction(m_findAction);
    edit->addSeparator();
    edit->addAction(m_connectAction);
    edit->addAction(m_propertiesAction);

    QMenu *insert = menuBar()->addMenu(tr("&Insert"));
    for (ElementKind kind : kAllElementKinds)
        insert->addAction(m_addActions[kind]);
    insert->addSeparator();
    insert->addAction(m_addNoteAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_zoomInAction);
    m_viewMenu->addAction(m_zoomOutAction);
    m_viewMenu->addAction(m_zoomFitAction);
    m_viewMenu->addAction(m_zoomResetAction);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_tidyAction);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_focusCanvasAction);
    m_viewMenu->addSeparator();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *guide = help->addAction(tr("&User Guide"));
    guide->setObjectName(QStringLiteral("userGuideAction"));
    guide->setToolTip(tr("The guide to CQRS Studio: concepts, examples, workshops, traces, the run history, "
                         "challenges, the files and the command line"));
    guide->setStatusTip(guide->toolTip());
    connect(guide, &QAction::triggered, this, [this] { UserGuideWindow::showFor(this); });
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts"));
    keys->setObjectName(QStringLiteral("keyboardShortcuts"));
    keys->setShortcut(QKeySequence::HelpContents);
    connect(keys, &QAction::triggered, this, [this] {
        // Generated from the actions themselves, so it never goes stale.
        QList<std::pair<QString, QString>> entries; // what, keys (HTML)
        for (QAction *action : findChildren<QAction *>()) {
            if (action->shortcuts().isEmpty() || action->text().isEmpty())
                continue;
            QStringList sequences;
            for (const QKeySequence &sequence : action->shortcuts()) {
                // The platform's extra keys for standard actions (Undo is also
                // F14, the Sun keyboard's Undo key) are not on a keyboard to look for.
                const int key = sequence[0].key();
                if (sequence.count() == 1 && key >= Qt::Key_F13 && key <= Qt::Key_F35)
                    continue;
                sequences << sequence.toString(QKeySequence::NativeText).toHtmlEscaped();
            }
            if (sequences.isEmpty())
                continue;
            // Where a key acts that acts only in one part of the window (F2
            // is Properties on the canvas, Rename in the Run History).
            // An undo action's text names the step it would take back ("Undo
            // Rename run #3 ..."); the list names the key's action.
            const QVariant fixedName = action->property("shortcutsName");
            const QString name =
                (fixedName.isValid() ? fixedName.toString() : action->text()).remove(QLatin1Char('&'));
            QString placed; // "Rename (in Run History)"
            if (action->shortcutContext() != Qt::WindowShortcut && action->shortcutContext() != Qt::ApplicationShortcut) {
                QObjectList places = action->associatedObjects();
                places.prepend(action->parent());
                for (QObject *place : places) {
                    for (QObject *o = place; o && placed.isEmpty(); o = o->parent()) {
                        if (auto *dock = qobject_cast<QDockWidget *>(o))
                            placed = tr("%1 (in %2)", "a key that acts in one dock only")
                                        .arg(name, dock->windowTitle().remove(QLatin1Char('&')));
                        else if (o == m_view)
                            placed = tr("%1 (on the canvas)", "a key that acts on the canvas only")
                                        .arg(name);
                    }
                }
            }
            entries.append({(placed.isEmpty() ? name : placed).toHtmlEscaped(),
                            sequences.join(QStringLiteral(", "))});
        }
        for (const auto &[what, how] :
             {std::pair{tr("Zoom"), tr("Mouse wheel")}, std::pair{tr("Pan"), tr("Middle drag, Space + drag")},
              std::pair{tr("Select the next / previous element"),
                        tr("Tab / Shift+Tab in the canvas (after the last element, Tab leaves the canvas)")},
              std::pair{tr("Move the selected elements"), tr("Arrow keys (Shift: 5x)")},
              std::pair{tr("Connect"), tr("Drag from a node's ⊕ handle, or Connect To...")},
              std::pair{tr("Add at a spot"), tr("Double-click the canvas")},
              std::pair{tr("Leave a dialog or menu"), tr("Escape")},
              // Keys that are not the main window's actions.
              std::pair{tr("A menu of what can be done here (on the canvas: with the selection)"), tr("Menu key, Shift+F10")},
              std::pair{tr("Close a window of its own (a run, Compare, a sweep, a trace, the guide)"),
                        tr("Escape, %1").arg(QKeySequence::listToString(QKeySequence::keyBindings(QKeySequence::Close),
                                                                        QKeySequence::NativeText)
                                                 .replace(QStringLiteral("; "), QStringLiteral(", ")))},
              std::pair{tr("Open the selected run (in Run History)"), tr("Enter")},
              std::pair{tr("Delete the selected runs (in Run History)"), tr("Delete")},
              std::pair{tr("First, last run (in Run History; Shift selects on the way)"), tr("Home, End")},
              std::pair{tr("Back, Forward (in the User Guide)"),
                        QStringLiteral("%1, %2").arg(
                            QKeySequence(QKeySequence::Back).toString(QKeySequence::NativeText),
                            QKeySequence(QKeySequence::Forward).toString(QKeySequence::NativeText))}})
            entries.append({what.toHtmlEscaped(), how.toHtmlEscaped()});
        QString rows;
        for (const auto &[what, how] : entries)
            rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(what, how);
        // A dialog that scrolls: as a message box, its last rows and its
        // Close button were below a 768-line screen.
        QDialog box(this);
        box.setObjectName(QStringLiteral("shortcutsBox"));
        box.setWindowTitle(tr("Keyboard shortcuts"));
        auto *text = new QTextBrowser(&box);
        text->setObjectName(QStringLiteral("shortcutsText"));
        text->setHtml(QStringLiteral("<table cellspacing='4'>%1</table>").arg(rows));
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &box);
        connect(buttons, &QDialogButtonBox::rejected, &box, &QDialog::reject);
        auto *layout = new QVBoxLayout(&box);
        layout->addWidget(text);
        layout->addWidget(buttons);
        resizeWithinScreen(&box, QSize(640, 800));
        text->setFocus(); // Page Down and Ctrl+End scroll the list from the start
        box.exec();
    });
    QAction *figures = help->addAction(tr("&What the Figures Mean"));
    figures->setObjectName(QStringLiteral("figuresHelp"));
    connect(figures, &QAction::triggered, this, [this] { FiguresHelpDialog::showFor(this); });
    help->addSeparator();
    help->addAction(m_aboutAction);
    help->addAction(m_aboutQtAction);

    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->addAction(m_newAction);
    tools->addAction(m_openAction);
    tools->addAction(m_saveAction);
    tools->addSeparator();
    tools->addAction(m_undoAction);
    tools->addAction(m_redoAction);
    tools->addSeparator();
    tools->addAction(m_zoomOutAction);
    tools->addAction(m_zoomFitAction);
    tools->addAction(m_zoomInAction);
    tools->addAction(m_tidyAction);
}

void MainWindow::createDocks()
{
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    auto dock = [this](const QString &title, const QString &key, const char *name, QWidget *widget,
                       Qt::DockWidgetArea area, const QString &description) {
        auto *d = new QDockWidget(title, this);
        giveAccessKey(d, key);
        d->setObjectName(QString::fromLatin1(name));
        // (A dock's own accessible interface has a name, its title, but no description.)
        widget->setAccessibleDescription(description);
        d->setWidget(widget);
        addDockWidget(area, d);
        m_viewMenu->addAction(d->toggleViewAction());
        return d;
    };
    std::vector<QAction *> paletteActions;
    for (ElementKind kind : kAllElementKinds)
        paletteActions.push_back(m_addActions[kind]);
    paletteActions.push_back(m_addNoteAction);
    m_palette = new Palette(paletteActions, this);
    dock(tr("Palette"), tr("l", "access key of the Palette in the View menu"), "paletteDock", m_palette, Qt::LeftDockWidgetArea,
         tr("Buttons that add an element of each kind, or a sticky note, to the canvas"));
    QDockWidget *inspector = dock(tr("Inspector"), tr("r", "access key of the Inspector in the View menu"), "inspectorDock", m_inspector,
                                  Qt::RightDockWidgetArea,
                                  tr("The properties of the selected element, or of the model when "
                                     "nothing is selected (F2 from the canvas)"));
    inspector->setMinimumWidth(340);
    m_undoView = new QUndoView(m_document->undoStack(), this);
    m_undoView->setObjectName(QStringLiteral("undoView"));
    m_undoView->setEmptyLabel(tr("<opened>"));
    m_undoView->setAccessibleName(tr("Edit history"));
    m_undoView->setAccessibleDescription(tr("Every edit since the model was opened, oldest first; "
                                            "choosing one undoes the edits after it."));
    QDockWidget *history = dock(tr("Edit History"), tr("e", "access key of Edit History in the View menu"), "historyDock", m_undoView, Qt::RightDockWidgetArea,
                                m_undoView->accessibleDescription());
    splitDockWidget(inspector, history, Qt::Vertical);
    resizeDocks({inspector, history}, {600, 160}, Qt::Vertical);
    QDockWidget *problems = dock(tr("Problems"), tr("s", "access key of Problems in the View menu"), "problemsDock", m_problems,
                                 Qt::BottomDockWidgetArea,
                                 tr("What the model's checks found, error by error"));
    resizeDocks({problems}, {140}, Qt::Vertical);
}

void MainWindow::readSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    if (restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray())) {
        m_toolBarsPlaced = true;
        m_fitRestoredDocks = true;
        m_savedDockSpace = settings.value(QStringLiteral("mainWindow/dockSpace")).toSize();
        m_savedDockShares = settings.value(QStringLiteral("mainWindow/dockShares")).toMap();
        m_historyUi->layoutRestored(settings.value(QStringLiteral("mainWindow/layoutVersion"), 1).toInt()
                                    < kLayoutVersion);
    }
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    m_closed = false; // shown again: the next close asks as the first did
    // The run bar on a row of its own when the window, as first shown, is too
    // narrow for its clock and progress beside the main bar: they went into
    // the bar's » menu, out of sight during a run. A saved layout keeps its
    // own rows.
    if (!m_toolBarsPlaced) {
        m_toolBarsPlaced = true;
        if (auto *tools = findChild<QToolBar *>(QStringLiteral("mainToolBar"));
            tools && tools->sizeHint().width() + m_runUi->runBar()->widthThroughProgress() > width())
            insertToolBarBreak(m_runUi->runBar());
    }
    if (m_fitRestoredDocks) {
        m_fitRestoredDocks = false;
        // Once the window has its size and its layout has placed the docks;
        // again after a window manager's late resize (a maximized window).
        QTimer::singleShot(0, this, &MainWindow::fitRestoredDocks);
        QTimer::singleShot(250, this, &MainWindow::fitRestoredDocks);
    }
}

namespace {

/// The docks in sight beside the canvas (the front tab of a group; none floating).
QList<QDockWidget *> dockedInSight(const QMainWindow *window)
{
    QList<QDockWidget *> docks;
    for (QDockWidget *dock : window->findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        if (dock->isVisible() && !dock->isFloating())
            docks.append(dock);
    }
    return docks;
}

/// What the canvas and the docks beside it share: the window without its
/// menu, tool bars and status bar.
QRect dockedSpace(const QMainWindow *window)
{
    QRect space = window->centralWidget()->geometry();
    for (const QDockWidget *dock : dockedInSight(window))
        space |= dock->geometry();
    return space;
}

bool isSideArea(Qt::DockWidgetArea area)
{
    return area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea;
}

/// A dock's extent along its area (a side area's docks are stacked down,
/// the top and bottom areas' side by side), and the sum of that extent over
/// the area's docks in sight.
int alongArea(const QDockWidget *dock, Qt::DockWidgetArea area)
{
    return isSideArea(area) ? dock->height() : dock->width();
}

int areaLength(const QMainWindow *window, Qt::DockWidgetArea area)
{
    int length = 0;
    for (QDockWidget *dock : dockedInSight(window)) {
        if (window->dockWidgetArea(dock) == area)
            length += alongArea(dock, area);
    }
    return length;
}

} // namespace

void MainWindow::fitRestoredDocks()
{
    const QSize space = dockedSpace(this).size();
    if (space.isEmpty())
        return;
    if (!m_savedDockShares.isEmpty()) {
        // At the size it was saved at, as it was; once applied, applied again
        // at the size the window ends with.
        if (!m_dockSharesApplied && std::abs(space.width() - m_savedDockSpace.width()) <= space.width() / 50
            && std::abs(space.height() - m_savedDockSpace.height()) <= space.height() / 50)
            return;
        m_dockSharesApplied = true;
        // Each dock's saved shares (writeSettings()): first how deep each
        // area is, a share of the space; then, once the layout has placed
        // the areas, each dock's share of its area's length.
        const auto shareOf = [this](const QDockWidget *dock) {
            return m_savedDockShares.value(dock->objectName(), QPointF(-1, -1)).toPointF();
        };
        QList<QDockWidget *> across, down;
        QList<int> widths, heights;
        for (QDockWidget *dock : dockedInSight(this)) {
            const QPointF share = shareOf(dock);
            if (share.x() <= 0.0 || share.y() <= 0.0)
                continue;
            if (isSideArea(dockWidgetArea(dock))) {
                across.append(dock);
                widths.append(static_cast<int>(share.x() * space.width()));
            } else {
                down.append(dock);
                heights.append(static_cast<int>(share.y() * space.height()));
            }
        }
        resizeDocks(across, widths, Qt::Horizontal);
        resizeDocks(down, heights, Qt::Vertical);
        QTimer::singleShot(0, this, [this, shareOf] {
            QList<QDockWidget *> sideBySide, stacked;
            QList<int> alongWidths, alongHeights;
            for (QDockWidget *dock : dockedInSight(this)) {
                const Qt::DockWidgetArea area = dockWidgetArea(dock);
                const bool side = isSideArea(area);
                const double share = side ? shareOf(dock).y() : shareOf(dock).x();
                if (share <= 0.0)
                    continue;
                (side ? stacked : sideBySide).append(dock);
                (side ? alongHeights : alongWidths).append(static_cast<int>(share * areaLength(this, area)));
            }
            resizeDocks(sideBySide, alongWidths, Qt::Horizontal);
            resizeDocks(stacked, alongHeights, Qt::Vertical);
        });
        return;
    }
    // A layout saved before the shares were: the canvas gets at least its
    // least share, the dock areas shrinking in proportion.
    constexpr double kCanvasShare = 0.45;
    const auto fit = [this, space](Qt::Orientation orientation, std::initializer_list<Qt::DockWidgetArea> areas) {
        const bool across = orientation == Qt::Horizontal;
        const auto extent = [across](const QWidget *w) { return across ? w->width() : w->height(); };
        const int least = static_cast<int>((across ? space.width() : space.height()) * kCanvasShare);
        const int canvas = extent(centralWidget());
        if (canvas >= least)
            return false;
        // One dock in sight per area stands for the area's size.
        QList<QDockWidget *> docks;
        QList<int> sizes;
        int total = 0;
        for (Qt::DockWidgetArea area : areas) {
            for (QDockWidget *dock : dockedInSight(this)) {
                if (dockWidgetArea(dock) == area) {
                    docks.append(dock);
                    sizes.append(extent(dock));
                    total += extent(dock);
                    break;
                }
            }
        }
        if (total <= 0)
            return false;
        const double keep = std::max(0.0, static_cast<double>(total - (least - canvas)) / total);
        for (int &size : sizes)
            size = static_cast<int>(size * keep);
        resizeDocks(docks, sizes, orientation);
        return true;
    };
    const bool narrowed = fit(Qt::Horizontal, {Qt::LeftDockWidgetArea, Qt::RightDockWidgetArea});
    fit(Qt::Vertical, {Qt::TopDockWidgetArea, Qt::BottomDockWidgetArea});
    // The docks side by side under (or over) the narrower canvas: the first
    // kept its pixels and the last got what was left. An even split instead.
    if (narrowed) {
        QTimer::singleShot(0, this, [this] {
            for (Qt::DockWidgetArea area : {Qt::TopDockWidgetArea, Qt::BottomDockWidgetArea}) {
                QList<QDockWidget *> row;
                for (QDockWidget *dock : dockedInSight(this)) {
                    if (dockWidgetArea(dock) == area)
                        row.append(dock);
                }
                if (row.size() > 1)
                    resizeDocks(row, QList<int>(row.size(), areaLength(this, area) / int(row.size())), Qt::Horizontal);
            }
        });
    }
}

void MainWindow::writeSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/layoutVersion"), kLayoutVersion);
    // Each dock's shares: restored in a window of another size, the docks
    // keep their shares, not their pixels. Across a side area's dock and down
    // a top or bottom one, of the space beside the canvas; along its area, of
    // the area's length.
    const QSize space = dockedSpace(this).size();
    QVariantMap shares;
    if (!space.isEmpty()) {
        for (QDockWidget *dock : dockedInSight(this)) {
            const Qt::DockWidgetArea area = dockWidgetArea(dock);
            const double along = static_cast<double>(alongArea(dock, area)) / std::max(1, areaLength(this, area));
            shares.insert(dock->objectName(),
                          isSideArea(area) ? QPointF(static_cast<double>(dock->width()) / space.width(), along)
                                           : QPointF(along, static_cast<double>(dock->height()) / space.height()));
        }
    }
    settings.setValue(QStringLiteral("mainWindow/dockSpace"), space);
    settings.setValue(QStringLiteral("mainWindow/dockShares"), shares);
    m_files->writeSettings();
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — CQRS Studio").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateActions()
{
    const bool hasSelection = !m_scene->selectedItems().isEmpty();
    const bool oneElement = m_scene->selectedItems().size() == 1 && m_scene->selectedElementIds().size() == 1;
    m_connectAction->setEnabled(oneElement);
    m_propertiesAction->setEnabled(hasSelection);
    m_cutAction->setEnabled(hasSelection);
    m_copyAction->setEnabled(hasSelection);
    m_deleteAction->setEnabled(hasSelection);
    m_pasteAction->setEnabled(m_clipboardHasPaste);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // A close asked for again while the run stops (or delivered after the
    // first one went through) neither asks nor stops anything twice.
    if (m_closed || m_closing) {
        m_closed ? event->accept() : event->ignore();
        return;
    }
    const QScopedValueRollback<bool> closing(m_closing, true);
    if (!m_files->maybeSave()) { // first the debrief and B (setBeforeReplacing), then the model
        event->ignore();
        return;
    }
    // A run going keeps what it measured, as Stop does (closing recorded it
    // as stopped with no result and no series).
    m_runUi->stopBeforeClosing();
    // The layout from before presenting, not the projector's full screen
    // without menus and docks.
    if (m_runUi->presentation()->isActive()) {
        m_runUi->presentation()->setActive(false);
        layout()->activate();
    }
    writeSettings();
    m_closed = true;
    event->accept();
}

void MainWindow::refreshProblems()
{
    m_problemsTimer.stop();
    Diagnostics diagnostics = validateModel(m_document->model());
    // Fields the file had and this version ignores, of elements still there
    // (one deleted took its fields with it).
    for (const Diagnostic &d : m_document->fileNotes()) {
        if (d.elementId.empty() || findElement(m_document->model(), d.elementId))
            diagnostics.push_back(d);
    }
    // Interview mode, before the first run: how busy each stage will be is
    // the candidate's own sum to make, like the figures hidden on the canvas.
    int hiddenPredictions = 0;
    if (m_scene->figuresHidden())
        hiddenPredictions
            = int(std::erase_if(diagnostics, [](const Diagnostic &d) { return d.prediction; }));
    m_problems->setDiagnostics(diagnostics, hiddenPredictions, &m_document->model());
    m_scene->setProblems(elementProblems(diagnostics));
}

void MainWindow::selectProblemElement(const QString &id)
{
    if (id.isEmpty()) {
        m_scene->clearSelection();
        return;
    }
    m_scene->selectElements({id.toStdString()});
    if (NodeItem *node = m_scene->nodeItem(id.toStdString()))
        m_view->ensureVisible(node, 80, 80);
}

void MainWindow::fitSoon()
{
    // The view has its final size only once the window is laid out.
    QTimer::singleShot(0, m_view, &CanvasView::fitAll);
}

QPointF MainWindow::freeSpotNear(QPointF center) const
{
    // Clear of every node and note, so a new node never hides another.
    const NodePosition spot = cqrs::freeSpotNear(m_document->model(), center.x() - kNodeWidth / 2,
                                                 center.y() - kNodeHeight / 2);
    return {spot.x, spot.y};
}

void MainWindow::addElementAtCenter(ElementKind kind)
{
    // In its kind's column beside what is there (a new event went under the
    // command, its line to the read model running under another node), and
    // scrolled into sight.
    const QPointF center = m_view->mapToScene(m_view->viewport()->rect().center());
    const NodePosition spot = spotForNewElement(m_document->model(), kind, center.x() - kNodeWidth / 2,
                                                center.y() - kNodeHeight / 2);
    const std::string id = m_document->addElement(kind, QPointF(spot.x, spot.y));
    m_scene->selectElements({id});
    if (NodeItem *node = m_scene->nodeItem(id))
        m_view->ensureVisible(node->sceneBoundingRect());
}

void MainWindow::addNoteAtCenter()
{
    const QPointF center = m_view->mapToScene(m_view->viewport()->rect().center());
    const int index = m_document->addNote(freeSpotNear(center), tr("Note"));
    m_scene->selectElements({}, {index});
}

void MainWindow::addInsertActions(QMenu *menu, QPointF topLeft)
{
    for (ElementKind kind : kAllElementKinds) {
        menu->addAction(kindIcon(kind), tr("Add %1").arg(kindTitle(kind).toLower()), this,
                        [this, kind, topLeft] {
                            m_scene->selectElements({m_document->addElement(kind, topLeft)});
                        });
    }
    menu->addAction(noteIcon(), tr("Add sticky note"), this, [this, topLeft] {
        m_scene->selectElements({}, {m_document->addNote(topLeft, tr("Note"))});
    });
}

void MainWindow::showAddMenu(QPointF scenePos, QPoint screenPos)
{
    QMenu menu(this);
    addInsertActions(&menu, scenePos - QPointF(kNodeWidth / 2, kNodeHeight / 2));
    menu.exec(screenPos);
}

void MainWindow::showContextMenu(QPointF scenePos, QPoint screenPos)
{
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("canvasContextMenu"));
    // Every entry's explanation on hover, the greyed-out ones' reason too.
    menu.setToolTipsVisible(true);
    const std::vector<std::string> ids = m_scene->selectedElementIds();
    if (m_scene->selectedItems().isEmpty()) {
        addInsertActions(&menu, scenePos - QPointF(kNodeWidth / 2, kNodeHeight / 2));
        menu.addSeparator();
        menu.addAction(m_pasteAction);
        menu.addAction(m_selectAllAction);
        menu.addAction(m_tidyAction);
    } else {
        menu.addAction(m_cutAction);
        menu.addAction(m_copyAction);
        menu.addAction(m_deleteAction);
        menu.addSeparator();
        menu.addAction(m_connectAction);
        menu.addAction(m_propertiesAction);
    }
    emit contextMenuAboutToShow(&menu, ids);
    menu.exec(screenPos);
}

void MainWindow::connectSelected()
{
    const std::vector<std::string> ids = m_scene->selectedElementIds();
    if (ids.size() != 1)
        return;
    ConnectDialog dialog(m_document->model(), ids.front(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (const auto choice = dialog.selectedChoice()) {
        m_scene->connectNodes(choice->connection.from, choice->connection.to);
        m_scene->selectElements(ids); // the selection stays where it was
    }
    m_view->setFocus(Qt::OtherFocusReason);
}

void MainWindow::showFindElement()
{
    FindElementDialog dialog(m_document->model(), this);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedId().empty())
        return;
    selectProblemElement(QString::fromStdString(dialog.selectedId()));
    m_view->setFocus(Qt::OtherFocusReason);
}

void MainWindow::editProperties()
{
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("inspectorDock"))) {
        dock->show();
        dock->raise();
    }
    m_inspector->focusFirstField();
}

void MainWindow::copySelection()
{
    copyToClipboard(m_document->model(), m_scene->selectedElementIds(),
                    m_scene->selectedNoteIndexes());
}

void MainWindow::paste()
{
    QString error;
    const auto fragment = fragmentFromClipboard(m_document->model(), QPointF(30, 30), &error);
    if (!fragment) {
        statusBar()->showMessage(error, 8000);
        return;
    }
    m_document->addFragment(*fragment, tr("Paste"));
    std::vector<std::string> ids;
    for (const AnyElement &element : fragment->elements)
        ids.push_back(elementId(element));
    std::vector<int> notes;
    const int total = int(m_document->model().diagram.notes.size());
    for (int i = total - int(fragment->notes.size()); i < total; ++i)
        notes.push_back(i);
    m_scene->selectElements(ids, notes);
}

void MainWindow::tidyLayout()
{
    std::map<std::string, QPointF> positions;
    for (const auto &[id, pos] : layoutModel(m_document->model()))
        positions[id] = QPointF(pos.x, pos.y);
    m_document->moveItems(positions, {}, tr("Tidy layout"));
    fitSoon();
}

} // namespace cqrs
