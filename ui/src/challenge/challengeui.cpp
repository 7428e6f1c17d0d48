#include "cqrs/ui/challenge/challengeui.h"

#include "challengereport.h"
#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/challenge/challengegallery.h"
#include "cqrs/ui/challenge/challengepanel.h"
#include "cqrs/ui/challenge/challengesession.h"
#include "cqrs/ui/challenge/solutionwindow.h"
#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/filedialog.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/history/historyrecorder.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/run/liveoverlay.h"
#include "cqrs/ui/run/presentation.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "run/chartcatalog.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/judge.h>
#include <set>
#include <vector>

namespace cqrs {

namespace {

/// Whether two models run alike: the layout, the notes, the names shown and
/// the description aside.
bool sameSimulation(Model a, Model b)
{
    const auto unnamed = [](auto &elements) {
        for (auto &element : elements)
            element.name.clear();
    };
    for (Model *model : {&a, &b}) {
        model->name.clear();
        model->description.clear();
        model->diagram = {};
        model->experiments.clear();
        unnamed(model->aggregates);
        unnamed(model->commands);
        unnamed(model->events);
        unnamed(model->readModels);
        unnamed(model->policies);
        unnamed(model->queries);
    }
    return a == b;
}

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

ChallengeUi::ChallengeUi(QMainWindow *window, Document *document, DiagramScene *scene, RunUi *runUi,
                         std::function<bool()> maybeSave)
    : QObject(window)
    , m_window(window)
    , m_document(document)
    , m_scene(scene)
    , m_runUi(runUi)
    , m_maybeSave(std::move(maybeSave))
{
    m_galleryAction = new QAction(tr("C&hallenges..."), this);
    m_galleryAction->setObjectName(QStringLiteral("challenges"));
    m_galleryAction->setShortcut(QKeySequence(tr("Ctrl+Shift+H")));
    m_galleryAction->setStatusTip(
        tr("Practise with a design problem: requirements, stresses, hints and a score."));
    connect(m_galleryAction, &QAction::triggered, this, &ChallengeUi::showGallery);
    m_openFileAction = new QAction(tr("Open Challen&ge File..."), this);
    m_openFileAction->setObjectName(QStringLiteral("openChallengeFile"));
    connect(m_openFileAction, &QAction::triggered, this, [this] {
        const QString path = askOpenFileName(
            m_window, tr("Open challenge"), modelDirectory(m_document->filePath()),
            tr("Challenges (*.challenge.json);;JSON (*.json);;All files (*)"));
        if (!path.isEmpty())
            openChallengeFile(path, false);
    });
    m_checkAction = new QAction(tr("Chec&k My Answer"), this);
    m_checkAction->setObjectName(QStringLiteral("checkAnswer"));
    m_checkAction->setShortcut(QKeySequence(tr("Ctrl+Shift+K")));
    m_checkAction->setEnabled(false);
    connect(m_checkAction, &QAction::triggered, this, &ChallengeUi::check);
    // The panel's buttons, for the keyboard, in a Challenge menu of their
    // own (the Run menu has no access key left for them): Alt+C and a
    // letter. No shortcuts: a hint costs points and Finish ends the
    // interview at once, and a key chord (Ctrl+Alt is AltGr on Windows,
    // typing "[" on some keyboards) must not do either by accident.
    const auto buttonAction = [this](const QString &text, const char *name) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setVisible(false);
        return action;
    };
    m_hintAction = buttonAction(tr("Show a Hin&t"), "showHintAction");
    m_giveUpAction = buttonAction(tr("G&ive Up..."), "giveUpAction");
    m_finishAction = buttonAction(tr("&Finish Interview..."), "finishInterviewAction");
    m_pauseAction = buttonAction(tr("&Pause Interview Clock"), "pauseInterviewAction");
    if (QMenu *run = runUi->runMenu()) {
        run->addSeparator();
        run->addAction(m_checkAction);
    }
    m_menu = new QMenu(tr("&Challenge"), window);
    m_menu->setObjectName(QStringLiteral("challengeMenu"));
    m_menu->addActions({m_galleryAction, m_openFileAction});
    m_menu->addSeparator();
    m_menu->addActions(
        {m_checkAction, m_hintAction, m_giveUpAction, m_finishAction, m_pauseAction});

    m_panel = new ChallengePanel(window);
    m_dock = new QDockWidget(tr("Challenge"), window);
    m_dock->setObjectName(QStringLiteral("challengeDock"));
    // In a scroll area: after a check, with hints, the debrief and the
    // solution's buttons, the panel's parts want more than a laptop's column
    // (and the window would grow past the screen's bottom to give it).
    auto *scroll = new QScrollArea(m_dock);
    scroll->setObjectName(QStringLiteral("challengeScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_panel);
    // A narrow column stacks the panel's rows of buttons (a 1024-pixel
    // laptop's window must not grow past the screen to make room for them
    // side by side); only a column narrower than every button scrolls
    // sideways, so that nothing is out of reach.
    scroll->viewport()->installEventFilter(this);
    m_panel->installEventFilter(this); // its buttons' texts change
    m_dock->setWidget(scroll);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    // It needs height: a tab beside Things to Try (challenges have none), under the palette.
    if (auto *experiments = window->findChild<QDockWidget *>(QStringLiteral("experimentsDock")))
        window->tabifyDockWidget(experiments, m_dock);
    m_dock->hide();

    // The panel comes in front first: a hint shown in a closed or hidden
    // panel would cost points with nothing in sight.
    for (const auto &[action, button] : {std::pair{m_hintAction, m_panel->hintButton()},
                                         std::pair{m_giveUpAction, m_panel->giveUpButton()},
                                         std::pair{m_finishAction, m_panel->finishButton()},
                                         std::pair{m_pauseAction, m_panel->pauseButton()}}) {
        connect(action, &QAction::triggered, button, [this, button = button] {
            m_dock->show();
            m_dock->raise();
            button->click();
        });
    }
    connect(m_panel, &ChallengePanel::buttonsChanged, this, &ChallengeUi::syncButtonActions);
    syncButtonActions();

    connect(m_panel, &ChallengePanel::checkRequested, this, &ChallengeUi::check);
    connect(m_panel, &ChallengePanel::cancelRequested, this, [this] {
        if (m_session)
            m_session->cancelCheck();
    });
    connect(m_panel, &ChallengePanel::hintRequested, this, [this] {
        if (!m_session)
            return;
        // Read while paused, a hint would be thought about off the clock.
        if (m_session->isPaused()
            && m_session->hintsShown() < int(m_session->challenge().hints.size()))
            resumeForWork(
                tr("The interview clock runs again: a hint was shown while it was paused."));
        m_session->revealHint();
    });
    connect(m_panel, &ChallengePanel::giveUpRequested, this, [this] {
        if (!m_session || m_session->hasGivenUp())
            return;
        // Beside Show a Hint, and not to be taken back: asked first.
        QMessageBox box(QMessageBox::Question, tr("Give Up"),
                        tr("Give up and see the debrief and the solution?"),
                        QMessageBox::Yes | QMessageBox::Cancel, m_panel);
        box.setObjectName(QStringLiteral("giveUpBox"));
        box.setInformativeText(
            tr("Your score stays as it is. Checks after this are judged but count toward no "
               "score; the run history marks them."));
        box.button(QMessageBox::Yes)->setText(tr("Give Up"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() == QMessageBox::Yes && m_session) {
            m_session->giveUp();
            rememberGivenUp(m_session->challenge()); // the gallery says so, checked or not
        }
    });
    connect(m_panel, &ChallengePanel::solutionRequested, this, &ChallengeUi::showSolution);
    connect(m_panel, &ChallengePanel::compareSolutionRequested, this,
            &ChallengeUi::compareWithSolution);
    connect(m_panel, &ChallengePanel::finishRequested, this, &ChallengeUi::finishInterview);
    connect(m_panel, &ChallengePanel::galleryRequested, this, &ChallengeUi::showGallery,
            Qt::QueuedConnection);
    // Queued: starting the run rebuilds the checklist, which deletes the
    // label whose link was clicked while its mouse handler is still running.
    connect(m_panel, &ChallengePanel::chartRequested, this, &ChallengeUi::showRunOf,
            Qt::QueuedConnection);

    connect(document, &Document::changed, this, &ChallengeUi::onDocumentChanged);
    RunController *controller = runUi->controller();
    connect(controller, &RunController::runStarted, this,
            [this](const Model &model, double, double) { onRunStarted(model); });
    // Continue or Step after a pause of the run, too (runStarted is only its start).
    connect(controller, &RunController::stateChanged, this, [this](RunController::State state) {
        if (m_session && m_session->isPaused() && state == RunController::State::Running)
            resumeForWork(
                tr("The interview clock runs again: the run went on while it was paused."));
    });
    connect(controller, &RunController::samplesArrived, this, &ChallengeUi::onSamples);
    connect(controller, &RunController::runFinished, this, &ChallengeUi::onRunFinished);
}

bool ChallengeUi::eventFilter(QObject *watched, QEvent *event)
{
    if ((event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest) && m_panel) {
        if (auto *scroll = qobject_cast<QScrollArea *>(m_dock->widget());
            scroll && (watched == scroll->viewport() || watched == m_panel))
            m_panel->fitToWidth(scroll->viewport()->width());
    }
    return QObject::eventFilter(watched, event);
}

ChallengeUi::~ChallengeUi()
{
    // The window's document may be gone already (deleted before us): its
    // connections went with it. A check in progress is cancelled and waited for.
    delete m_session;
}

ChallengeSession *ChallengeUi::session() const
{
    return m_session.data();
}

SolutionWindow *ChallengeUi::solutionWindow() const
{
    return m_solution.data();
}

void ChallengeUi::addFileActions(QMenu *menu, QAction *before)
{
    menu->insertAction(before, m_galleryAction);
    menu->insertAction(before, m_openFileAction);
}

void ChallengeUi::syncButtonActions()
{
    const ChallengeSession *session = m_session.data();
    const bool interview = session && session->isInterview();
    const bool finished = session && session->isFinished();
    m_hintAction->setVisible(session);
    m_hintAction->setEnabled(m_panel->hintButton()->isEnabled());
    m_giveUpAction->setVisible(session);
    m_giveUpAction->setEnabled(m_panel->giveUpButton()->isEnabled());
    m_finishAction->setVisible(interview);
    m_finishAction->setEnabled(m_panel->finishButton()->isEnabled());
    m_finishAction->setText(finished ? tr("&Save Debrief...") : tr("&Finish Interview..."));
    m_pauseAction->setVisible(interview && !finished);
    m_pauseAction->setEnabled(m_panel->pauseButton()->isEnabled());
    m_pauseAction->setText(session && session->isPaused() ? tr("&Resume Interview Clock")
                                                          : tr("&Pause Interview Clock"));
}

void ChallengeUi::showMessage(const QString &text, int timeout)
{
    m_window->statusBar()->showMessage(text, timeout);
}

void ChallengeUi::showGallery()
{
    ChallengeGallery gallery(m_window);
    if (gallery.exec() != QDialog::Accepted || gallery.selectedPath().isEmpty())
        return;
    openChallengeFile(gallery.selectedPath(), gallery.interviewMode());
}

bool ChallengeUi::openChallengeFile(const QString &path, bool interview)
{
    const ChallengeEntry entry = loadChallengeEntry(path);
    if (!entry.ok()) {
        QMessageBox box(QMessageBox::Critical, tr("Cannot open challenge"),
                        tr("%1 is not a valid challenge; nothing was changed.")
                            .arg(QDir::toNativeSeparators(path)),
                        QMessageBox::Ok, m_window);
        box.setObjectName(QStringLiteral("challengeErrorBox"));
        box.setInformativeText(entry.problems.join(QLatin1Char('\n')));
        box.exec();
        return false;
    }
    return openChallenge(*entry.challenge, entry.path, interview);
}

bool ChallengeUi::openChallenge(const Challenge &challenge, const QString &path, bool interview)
{
    if (m_maybeSave && !m_maybeSave()) // asks about an unsaved debrief first
        return false;
    closeChallenge();
    m_replacing = true;
    // Untitled, and clean until edited: the untouched start is the
    // challenge's own, nothing to save (closing asked "unsaved changes?"
    // with none made).
    m_document->resetModel(challenge.start);
    m_replacing = false;
    const std::vector<std::string> fixed = fixedElementIds(challenge);
    m_document->setLocks(std::set<std::string>(fixed.begin(), fixed.end()),
                         challenge.workloadFixed());
    m_session = new ChallengeSession(challenge, path, interview, this);
    connect(m_session, &ChallengeSession::message, this,
            [this](const QString &text) { showMessage(text); });
    // The session records into the history file itself: the History dock
    // and every other view of it read it again.
    connect(m_session, &ChallengeSession::recorded, this, [this] {
        if (m_history && m_history->store())
            emit m_history->store()->runsChanged();
    });
    // The status bar said "Interview started: the clock runs" while it stood.
    connect(m_session, &ChallengeSession::pausedChanged, this, [this](bool paused) {
        showMessage(paused ? tr("Interview clock paused: Resume, or any work on the answer, runs "
                                "it again.")
                           : tr("The interview clock runs again."));
    });
    connect(m_session, &ChallengeSession::checkStarted, this,
            [this] { m_checkAction->setEnabled(false); });
    connect(m_session, &ChallengeSession::checkFinished, this, [this](const sim::Verdict &verdict) {
        m_checkAction->setEnabled(true);
        // Edited while the check ran: the verdict is of the model before.
        if (m_session->judgedAnswer())
            m_panel->setLastCheckOutdated(
                !sameSimulation(m_document->model(), *m_session->judgedAnswer()));
        if (verdict.status == sim::VerdictStatus::Cancelled)
            showMessage(tr("Check cancelled."));
        else
            QTimer::singleShot(0, this, &ChallengeUi::widenForTheGrid);
    });
    m_scene->setFiguresHidden(interview);
    m_panel->setSession(m_session);
    m_panel->setBudgetUse(budgetUse(challenge, m_document->model()));
    m_checkAction->setEnabled(true);
    // A room watching a presentation sees the requirements too.
    m_dock->setProperty(PresentationMode::kKeepWhenPresenting, true);
    m_dock->show();
    m_dock->raise();
    // Wide enough for its rows of buttons side by side where the window has
    // the room (the canvas and the inspector keep their least widths); in a
    // narrower column they stack.
    QTimer::singleShot(0, m_window, [this] {
        if (m_dock->isFloating() || !m_dock->isVisible())
            return;
        auto *scroll = qobject_cast<QScrollArea *>(m_dock->widget());
        const int wanted = m_panel->widthSideBySide()
                           + (scroll ? scroll->verticalScrollBar()->sizeHint().width() : 0)
                           + 8; // the dock's own frame
        if (m_dock->width() < wanted)
            m_window->resizeDocks({m_dock}, {wanted}, Qt::Horizontal);
    });
    // The brief, the checklist, the grid and the debrief need the height of
    // the left column: the palette above keeps the least its buttons take
    // (two columns of them, where the width has room). After the window has
    // laid the dock out.
    QTimer::singleShot(0, m_window, [this] {
        auto *palette = m_window->findChild<QDockWidget *>(QStringLiteral("paletteDock"));
        if (!palette || !palette->isVisible() || palette->isFloating() || m_dock->isFloating()
            || m_window->dockWidgetArea(palette) != m_window->dockWidgetArea(m_dock))
            return;
        const int paletteHeight
            = std::min(palette->minimumSizeHint().height(), m_window->height() / 3);
        m_window->resizeDocks({palette, m_dock},
                              {paletteHeight, m_window->height() - paletteHeight}, Qt::Vertical);
    });
    QTimer::singleShot(0, m_window, [this] {
        if (auto *view = qobject_cast<CanvasView *>(m_window->centralWidget()))
            view->fitAll();
    });
    QString opened = interview ? tr("Interview started: the clock runs. The figures on the canvas "
                                    "appear with your first run.")
                               : tr("Challenge opened: the locked parts are the problem's; design "
                                    "the rest.");
    // A copy of a shipped challenge whose rules were edited keeps its scores
    // apart (bestChallengeScores()): said now, not found out in the gallery.
    // Only a file from elsewhere is compared: a shipped one (the gallery's
    // cards) needs no reading of every other.
    const QStringList shippedFolders = challengeDirectories();
    const std::string rules = challengeRulesTag(challenge);
    for (const ChallengeEntry &shipped : shippedFolders.contains(QFileInfo(path).canonicalPath())
                                             ? QList<ChallengeEntry>()
                                             : scanChallenges(shippedFolders)) {
        if (shipped.ok() && shipped.challenge->id == challenge.id
            && challengeRulesTag(*shipped.challenge) != rules) {
            opened += QLatin1Char(' ')
                      + tr("This copy's rules (targets, stresses, budget, seed or start) differ "
                           "from the shipped challenge \"%1\": its scores are kept apart from that "
                           "challenge's best.")
                            .arg(shipped.title());
        }
    }
    showMessage(opened, 15000);
    return true;
}

std::optional<bool> ChallengeUi::openAttempt(const std::string &challengeId,
                                             const std::vector<std::string> &tags, Model answer,
                                             qint64 runId)
{
    // The rules the attempt was judged by (none on attempts older than the tag).
    const auto rulesOf = [&tags](const Challenge &challenge) {
        const bool tagged = std::any_of(tags.begin(), tags.end(), [](const std::string &t) {
            return t.rfind("rules:", 0) == 0;
        });
        return !tagged
               || std::find(tags.begin(), tags.end(), challengeRulesTag(challenge)) != tags.end();
    };
    const QString step = tr("Open the answer of run #%1").arg(runId);
    QUndoStack *undo = m_document->undoStack();
    // An interview is not given an answer from elsewhere: it ends first (asked).
    if (m_session && !m_session->isInterview() && m_session->challenge().id == challengeId
        && rulesOf(m_session->challenge())) {
        const int before = undo->index();
        m_document->replaceModel(step, std::move(answer));
        showMessage(undo->index() != before
                        ? tr("The answer of run #%1 is on the canvas; Edit > Undo takes it back.")
                              .arg(runId)
                        : tr("The answer of run #%1 is the one on the canvas already.").arg(runId));
        m_dock->show();
        m_dock->raise();
        if (auto *view = qobject_cast<CanvasView *>(m_window->centralWidget()))
            view->fitAll();
        return true;
    }
    const QList<ChallengeEntry> entries = scanChallenges(challengeDirectories());
    const auto sameId = [&](const ChallengeEntry &e) {
        return e.ok() && e.challenge->id == challengeId;
    };
    auto found = std::find_if(entries.begin(), entries.end(), [&](const ChallengeEntry &e) {
        return sameId(e) && rulesOf(*e.challenge);
    });
    const bool sameRules = found != entries.end();
    if (!sameRules)
        found = std::find_if(entries.begin(), entries.end(), sameId);
    if (found == entries.end())
        return std::nullopt;
    if (!openChallenge(*found->challenge, found->path, false))
        return false; // the user kept the canvas
    const int before = undo->index();
    m_document->replaceModel(step, std::move(answer));
    QString said = undo->index() != before
                       ? tr("Challenge opened with the answer of run #%1 on the canvas; Edit > "
                            "Undo gives the challenge's start.")
                             .arg(runId)
                       : tr("Challenge opened: the answer of run #%1 is its start.").arg(runId);
    if (!sameRules)
        said += QLatin1Char(' ')
                + tr("Its rules (targets, stresses, budget, seed or start) are not the ones that "
                     "attempt was judged by.");
    showMessage(said, 15000);
    return true;
}

void ChallengeUi::closeChallenge()
{
    if (!m_session)
        return;
    m_panel->setSession(nullptr);
    delete m_session;
    // Its solution goes with it: it went on comparing the next model (or
    // challenge) with this one's solution.
    if (m_solution)
        m_solution->close(); // deleted on close
    syncButtonActions();     // the session has gone: the panel's copies hide
    m_checkAction->setEnabled(false);
    m_dock->setProperty(PresentationMode::kKeepWhenPresenting, false);
    m_scene->setFiguresHidden(false);
    m_liveActive = false;
    m_finishedModel.reset();
    m_pendingPrepared.reset();
    m_livePrepared.reset();
    m_debriefHtml.reset();
    m_debriefSettled = false;
}

void ChallengeUi::onDocumentChanged(const ChangeEvent &event)
{
    // Another model on the canvas (Open, New) ends the challenge. A new
    // version of this one (a reload, an attempt's answer) goes on with a
    // practice; an interview is not given an answer from elsewhere.
    if (event.type == ChangeEvent::Type::Reset
        && (event.property != ChangeEvent::kNewVersion || (m_session && m_session->isInterview()))
        && !m_replacing && m_session) {
        // Replacing the model asked already (the file controller's
        // maybeSave); any other way still may save the debrief, kept apart.
        maybeSaveDebrief(false);
        closeChallenge();
        m_dock->hide();
        return;
    }
    // A new version replaces the model during a run (not after it: a
    // finished run's figures grey, as after an edit): the run ends, and its
    // figures so far are no longer the answer's.
    if (event.type == ChangeEvent::Type::Reset && m_session && m_liveActive && !m_finishedModel) {
        m_liveActive = false;
        m_livePrepared.reset();
        m_panel->clearChecklist();
    }
    // A pause is for an interruption: work on the answer runs the clock
    // again (it was done off the clock, and the debrief understated it).
    if (m_session && m_session->isPaused() && !m_replacing)
        resumeForWork(
            tr("The interview clock runs again: the model was changed while it was paused."));
    // After a run, an edit makes its figures another model's; undoing the
    // edit makes them this model's again. Edits during a run go into the run.
    if (event.type == ChangeEvent::Type::PositionsChanged
        || event.type == ChangeEvent::Type::NotesChanged)
        return;
    if (m_session)
        m_panel->setBudgetUse(budgetUse(m_session->challenge(), m_document->model()));
    if (m_session && m_finishedModel && !m_runUi->controller()->isActive())
        m_panel->setChecklistOutdated(!sameSimulation(m_document->model(), *m_finishedModel));
    if (m_session && m_session->judgedAnswer() && !m_session->isChecking())
        m_panel->setLastCheckOutdated(
            !sameSimulation(m_document->model(), *m_session->judgedAnswer()));
}

void ChallengeUi::resumeForWork(const QString &why)
{
    m_session->resume();
    syncButtonActions();
    showMessage(why, 8000);
}

void ChallengeUi::widenForTheGrid()
{
    // A challenge with three stresses or more: the grid's columns were cut
    // off behind a scroll bar in the dock's first width. The dock grows to
    // show them, up to under half the window (the canvas keeps the rest).
    QTableWidget *grid = m_panel->grid();
    if (!m_session || m_dock->isFloating() || !m_dock->isVisible() || !grid->isVisible()
        || grid->columnCount() == 0)
        return;
    const int missing = grid->horizontalHeader()->length() - grid->viewport()->width();
    if (missing <= 0)
        return;
    // With room for a vertical scroll bar that the wider grid may still take.
    const int wanted
        = std::min(m_dock->width() + missing + grid->verticalScrollBar()->sizeHint().width(),
                   m_window->width() * 45 / 100);
    if (wanted > m_dock->width())
        m_window->resizeDocks({m_dock}, {wanted}, Qt::Horizontal);
}

void ChallengeUi::check()
{
    if (!m_session || m_session->isChecking())
        return;
    const bool resumed = m_session->isPaused();
    if (resumed) {
        m_session->resume();
        syncButtonActions();
    }
    if (!m_session->startCheck(m_document->model()))
        return;
    const int stresses = int(m_session->challenge().stresses.size());
    const QString checking
        = plural(tr("Checking your answer: the run as given and %n stress(es), in the background.",
                    nullptr, stresses),
                 stresses);
    // A check is made on the clock: said with it (a message of its own was
    // replaced at once).
    showMessage(resumed ? tr("The interview clock runs again. %1").arg(checking) : checking);
}

bool ChallengeUi::showSolution()
{
    if (!m_session || !m_session->solutionUnlocked() || !m_session->challenge().solution)
        return false;
    const Challenge &c = m_session->challenge();
    if (!m_solution) {
        m_solution = new SolutionWindow(*c.solution, q(c.title), q(c.debrief), m_window);
        // Beside the answer: to its right when the screen has room, else over its right half.
        const QRect frame = m_window->frameGeometry();
        QRect available = m_window->screen() ? m_window->screen()->availableGeometry() : frame;
        // Over its right half: half the window at least (it was 600 pixels,
        // its canvas a strip beside the debrief).
        const int width
            = std::min(available.width(),
                       std::max({600, frame.width() / 2,
                                 std::min(frame.width(), available.right() - frame.right())}));
        const int x = frame.right() + width <= available.right()
                          ? frame.right() + 1
                          : std::max(available.left(),
                                     std::min(frame.center().x(), available.right() + 1 - width));
        m_solution->setGeometry(x, frame.top(), width, frame.height());
        // Kept up to date as the answer is edited beside it.
        connect(m_document, &Document::changed, m_solution,
                [solution = m_solution.data(), document = m_document] {
                    solution->setAnswer(document->model());
                });
    }
    m_solution->setAnswer(m_document->model());
    m_solution->show();
    m_solution->raise();
    return true;
}

bool ChallengeUi::compareWithSolution()
{
    if (!m_session || !m_session->solutionUnlocked() || !m_session->challenge().solution)
        return false;
    if (!m_history) {
        showMessage(tr("There is no run history to compare in."));
        return false;
    }
    const Challenge &c = m_session->challenge();
    const std::int64_t seed = c.judgingSeed();
    // Both exactly as the judge runs them: the challenge's workload and seed.
    auto asJudged = [&](const Model &model, const QString &who) -> std::optional<Model> {
        std::string error;
        const std::optional<Json> document
            = prepareRunDocument(c, modelToJson(model), model, nullptr, seed, &error);
        ModelLoadResult loaded;
        if (document)
            loaded = modelFromJson(*document);
        if (!document || !loaded.ok()) {
            for (const Diagnostic &d : loaded.diagnostics) {
                if (d.isError() && error.empty())
                    error = d.located();
            }
            showMessage(tr("Cannot run %1: %2").arg(who, QString::fromStdString(error)));
            return std::nullopt;
        }
        return std::move(*loaded.model);
    };
    std::optional<Model> answer = asJudged(m_document->model(), tr("your answer"));
    std::optional<Model> solution
        = answer ? asJudged(*c.solution, tr("the solution")) : std::nullopt;
    if (!answer || !solution)
        return false;
    std::vector<std::pair<std::string, Model>> runs;
    runs.emplace_back(tr("Your answer — %1").arg(q(c.title)).toStdString(), std::move(*answer));
    runs.emplace_back(tr("Solution — %1").arg(q(c.title)).toStdString(), std::move(*solution));
    return m_history->compareModels(
        std::move(runs),
        tr("Running your answer and the solution of %1 with seed %2…").arg(q(c.title)).arg(seed));
}

bool ChallengeUi::writeReport(const QString &path, QString *error)
{
    if (!m_session)
        return false;
    endInterview();
    if (!saveInterviewReport(path, *m_debriefHtml, error))
        return false;
    m_debriefSettled = true;
    return true;
}

void ChallengeUi::endInterview()
{
    if (m_debriefHtml) // made when the interview finished
        return;
    m_session->finish(); // the panel shows the stopped clock, and keeps the last check's score
    // (Finishing a paused interview resumed it first, which said the clock ran again.)
    showMessage(tr("Interview finished: the clock stopped at %1.")
                    .arg(formatClock(m_session->elapsedSeconds())));
    // The candidate is done: the figures and load predictions held back
    // until a first run are shown now, run or not.
    m_scene->setFiguresHidden(false);
    // What comes after this is not the interview: a debrief saved again
    // later shows what was there when the clock stopped.
    // The diagram is the answer's design: a live badge is a figure of
    // whichever run came last (a stress of an earlier, failing design, beside
    // a grid all green). Left out of the picture, kept on the canvas.
    struct Badge
    {
        NodeItem *node;
        QString text;
        QColor color;
        QString tip;
    };
    std::vector<Badge> badges;
    for (QGraphicsItem *item : m_scene->items()) {
        auto *node = dynamic_cast<NodeItem *>(item);
        if (node && !node->badge().isEmpty()) {
            badges.push_back({node, node->badge(), node->badgeColor(), node->badgeTip()});
            node->setBadge({});
        }
    }
    LiveOverlay *overlay = m_runUi->overlay(); // and the halos and flows
    if (overlay)
        overlay->setShown(false);
    const QString diagram = sceneToSvg(m_scene);
    if (overlay)
        overlay->setShown(true);
    for (const Badge &badge : badges)
        badge.node->setBadge(badge.text, badge.color, badge.tip);
    m_debriefHtml = interviewReportHtml(*m_session, m_document->model(), diagram);
}

void ChallengeUi::finishInterview()
{
    if (!m_session || !m_session->isInterview())
        return;
    endInterview(); // a second call (the panel's Save Debrief...) only saves again
    saveDebriefInteractive();
}

bool ChallengeUi::saveDebriefInteractive()
{
    const QString suggestion
        = QString::fromStdString(m_session->challenge().id) + QStringLiteral("-debrief.html");
    const QString path = askExportPath(m_window, tr("Save the interview debrief"), suggestion,
                                       tr("HTML (*.html)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (!writeReport(path, &error)) {
        QMessageBox::critical(
            m_window, tr("Cannot save the report"),
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    showMessage(tr("Debrief report saved to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool ChallengeUi::maybeSaveDebrief(bool cancellable)
{
    if (m_session && m_session->isInterview() && !m_session->isFinished() && !m_debriefHtml
        && !m_debriefSettled) {
        // An interview still running: its clock, checks and score went with
        // the model without a word (only a finished one asked).
        const QString title = QString::fromStdString(m_session->challenge().title);
        const QString used = QString::number(int(m_session->elapsedSeconds() / 60));
        QMessageBox box(
            QMessageBox::Warning, tr("Interview running"),
            m_session->limitSeconds() > 0
                ? tr("The interview “%1” is still running (%2 of %3 min used).")
                      .arg(title, used, QString::number(int(m_session->limitSeconds() / 60)))
                : tr("The interview “%1” is still running (%2 min used).").arg(title, used),
            QMessageBox::Discard, m_window);
        box.setObjectName(QStringLiteral("runningInterviewBox"));
        QPushButton *finish
            = box.addButton(tr("&Finish and Save Debrief…"), QMessageBox::AcceptRole);
        box.button(QMessageBox::Discard)->setText(tr("&End Without Debrief"));
        if (cancellable)
            box.addButton(QMessageBox::Cancel);
        box.setInformativeText(
            tr("Finish it and save its debrief (score, grid and time) as an HTML page? "
               "Without it, the interview ends unrecorded except for its checks in the "
               "Run History."));
        box.setDefaultButton(finish);
        for (;;) {
            box.exec();
            QAbstractButton *clicked = box.clickedButton();
            // Closed without an answer where there is no going back (the
            // model is gone already): ended, as Escape would.
            if (clicked == box.button(QMessageBox::Discard) || (!clicked && !cancellable)) {
                endInterview(); // ended: a later cancel of the next question must not leave it
                                // running
                m_debriefSettled = true;
                return true;
            }
            if (clicked != finish)
                return false;
            endInterview();
            if (saveDebriefInteractive())
                return true;
            // Not saved: the debrief's own question follows (save, or discard it).
            break;
        }
    }
    if (!m_session || !m_debriefHtml || m_debriefSettled)
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Debrief not saved"),
                    tr("The debrief of the interview “%1” has not been saved.")
                        .arg(QString::fromStdString(m_session->challenge().title)),
                    QMessageBox::Save | QMessageBox::Discard, m_window);
    if (cancellable)
        box.addButton(QMessageBox::Cancel);
    box.setObjectName(QStringLiteral("unsavedDebriefBox"));
    box.button(QMessageBox::Save)->setText(tr("&Save"));
    box.button(QMessageBox::Discard)->setText(tr("&Discard"));
    box.setInformativeText(
        tr("Save it as an HTML page? Without it, the interview's score, grid and "
           "time are gone once the challenge closes."));
    box.setDefaultButton(QMessageBox::Save);
    for (;;) {
        const int answer = box.exec();
        if (answer == QMessageBox::Discard) {
            m_debriefSettled = true; // asked once: not again when the step goes on
            return true;
        }
        if (answer != QMessageBox::Save)
            return !cancellable;
        if (saveDebriefInteractive())
            return true;
        if (cancellable)
            return false;
        // Not cancellable (the model is already gone): a cancelled or failed
        // save asks again rather than lose the debrief unasked.
    }
}

std::optional<ChartsPanel::ChartId> ChallengeUi::chartFor(const std::string &pointer,
                                                          QString *readModel)
{
    const std::optional<MetricTarget> target = metricTarget(pointer);
    if (!target)
        return std::nullopt;
    const std::string figure = target->figure.substr(0, target->figure.find('/'));
    if (target->section == "readModels") {
        if (readModel)
            *readModel = q(target->id);
        if (figure == "consistencyWindow" || figure == "staleBudget")
            return ChartsPanel::Window;
        if (figure == "lag")
            return ChartsPanel::Lag;
        if (figure == "backlog")
            return ChartsPanel::Backlog;
        if (figure == "applied" || figure == "duplicates" || figure == "corruptedUpdates"
            || figure == "outOfOrder")
            return ChartsPanel::Applies;
        return std::nullopt;
    }
    if (target->section == "queries"
        && (figure == "stale" || figure == "staleRatio" || figure == "staleness"))
        return ChartsPanel::Staleness;
    if (target->section == "commands")
        return figure == "latency" ? ChartsPanel::Latency : ChartsPanel::Throughput;
    if (target->section == "events")
        return ChartsPanel::Throughput;
    return std::nullopt;
}

void ChallengeUi::showRunOf(const QString &requirementId, const QString &runId)
{
    if (!m_session)
        return;
    const Challenge &c = m_session->challenge();
    const Requirement *requirement = c.requirement(requirementId.toStdString());
    if (!requirement)
        return;
    const Model &answer = m_document->model();
    std::string error;
    const std::optional<std::string> pointer = resolveMetric(*requirement, answer, &error);
    const Stress *stress = c.stress(runId.toStdString());
    const std::optional<Json> document
        = prepareRunDocument(c, modelToJson(answer), answer, stress, c.judgingSeed(), &error);
    if (!pointer || !document) {
        showMessage(QString::fromStdString(error));
        return;
    }
    ModelLoadResult loaded = modelFromJson(*document);
    if (!loaded.ok()) {
        showMessage(tr("This run cannot be shown: the answer has errors (see Problems)."));
        return;
    }
    // Kept here too: the run's start takes the pending label for itself.
    const QString label
        = stress ? tr("under the stress \"%1\"").arg(q(stress->id)) : tr("as given");
    m_pendingRunLabel = label;
    m_pendingPrepared.emplace(answer, *loaded.model);
    // In the history by what it is, not as one more run of the model.
    HistoryRecorder *recorder = m_history ? m_history->recorder() : nullptr;
    if (recorder) {
        const QString model
            = boundedText(loaded.model->name.empty() ? c.title : loaded.model->name);
        recorder->nameNextRun(
            (stress
                 ? tr("%1 (the challenge's run under the stress \"%2\")").arg(model, q(stress->id))
                 : tr("%1 (the challenge's run as given)").arg(model))
                .toStdString());
    }
    RunController *controller = m_runUi->controller();
    if (!controller->startPaused(*loaded.model)) {
        m_pendingRunLabel.clear();
        m_pendingPrepared.reset();
        if (recorder)
            recorder->nameNextRun({});
        return;
    }
    controller->runTo(loaded.model->workload.duration);
    m_runUi->showCharts();
    m_runUi->chartsDock()->raise(); // in front of a tab (Problems) it shares
    QString readModel;
    if (const auto chart = chartFor(*pointer, &readModel)) {
        ChartsPanel *charts = m_runUi->charts();
        charts->setChartShown(*chart, true);
        if (!readModel.isEmpty())
            charts->setFocusReadModel(readModel);
        charts->setEnlarged(*chart);
        showMessage(tr("Running your answer %1: \"%2\" is in the chart %3.")
                        .arg(label, q(requirement->text), chartInfo(*chart).title));
    } else {
        showMessage(tr("Running your answer %1: no live chart shows \"%2\"; the run summary will.")
                        .arg(label, q(requirement->text)));
    }
}

void ChallengeUi::onRunStarted(const Model &model)
{
    if (!m_session)
        return;
    if (m_session->isPaused())
        resumeForWork(tr("The interview clock runs again: a run was started while it was paused."));
    m_liveModel = model;
    m_liveActive = true;
    m_liveRunLabel = m_pendingRunLabel;
    m_pendingRunLabel.clear();
    m_livePrepared = std::move(m_pendingPrepared);
    m_pendingPrepared.reset();
    m_finishedModel.reset();
    m_live.begin(model, model.workload.warmup);
    m_panel->clearChecklist();
    // Interview mode: the figures appear once the candidate has run the model.
    m_scene->setFiguresHidden(false);
}

void ChallengeUi::onSamples(const SnapshotBatch &batch)
{
    if (!m_session || !m_liveActive || !batch)
        return;
    for (const sim::Snapshot &snapshot : *batch)
        m_live.add(snapshot);
    updateLiveChecklist(m_live.document(), false);
}

void ChallengeUi::onRunFinished(const RunResult &result)
{
    if (!m_session || !m_liveActive || !result.result)
        return;
    updateLiveChecklist(*result.result, true);
    // The model the figures belong to: as started, with the edits made during
    // the run that reached it (an added consumer waits for the next run).
    m_finishedModel = m_runUi->liveModel();
    // A run of the challenge's is not the answer's model: its figures are the
    // answer's as it was. Compared with the run's own model, every edit
    // greyed the checklist, and Undo did not bring it back.
    // (An edit that reached the run leaves it compared with the run's model:
    // any later edit greys the figures, which no model of the answer's
    // measured whole.)
    if (m_livePrepared && sameSimulation(*m_finishedModel, m_livePrepared->second))
        m_finishedModel = m_livePrepared->first;
}

void ChallengeUi::updateLiveChecklist(const Json &result, bool final)
{
    const Challenge &c = m_session->challenge();
    const std::vector<sim::RequirementOutcome> outcomes = sim::judgeResult(c, m_liveModel, result);
    std::vector<std::string> pending;
    std::vector<std::string> metrics;
    for (const Requirement &r : c.requirements) {
        metrics.push_back(r.metric);
        if (final)
            continue;
        std::string error;
        const std::optional<std::string> pointer = resolveMetric(r, m_liveModel, &error);
        if (pointer && !metricValue(result, *pointer))
            pending.push_back(r.id);
    }
    const double time = final ? result.value("simulatedSeconds", 0.0) : m_live.time();
    m_panel->setChecklist(outcomes, pending, metrics, final, time, m_liveModel.workload.duration,
                          m_liveRunLabel);
}

} // namespace cqrs
