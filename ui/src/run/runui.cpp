#include "cqrs/ui/run/runui.h"

#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/run/export.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/run/liveoverlay.h"
#include "cqrs/ui/run/presentation.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/simulationworker.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/trace/replaycontroller.h"
#include "cqrs/ui/trace/traceview.h"
#include "cqrs/ui/trace/tracejob.h"
#include "cqrs/ui/trace/tracewindow.h"
#include "cqrs/ui/shell/problemspanel.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>
#include <cqrs/sim/simulation.h>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QFontInfo>
#include <QFontMetrics>
#include <QGraphicsView>
#include <QInputDialog>
#include <QLabel>
#include <QLayout>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QScreen>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

#include <algorithm>
#include <utility>

namespace cqrs {

namespace {

/// A long tooltip as rich text, which Qt wraps to a readable width (plain
/// text stays on one line across the screen).
QString wrappedTip(const QString &text)
{
    return QStringLiteral("<p>%1</p>").arg(text.toHtmlEscaped());
}

/// How long after the summary the stale-read search starts (see runFinished).
constexpr int kStaleReadSearchDelayMs = 60;
/// The delay that splits end-of-run work into separate turns of the event loop.
constexpr int kBreatheMs = 1;

/// Whether the run whose result this is is still the controller's (not
/// dropped by a Reset or another document, not replaced by a newer run).
bool stillCurrent(const RunController *controller, const std::shared_ptr<const Json> &result)
{
    return controller->result() && controller->result()->result == result;
}
} // namespace

RunUi::RunUi(QMainWindow *window, Document *document, DiagramScene *scene)
    : QObject(window)
    , m_window(window)
    , m_document(document)
    , m_scene(scene)
    , m_controller(new RunController(this))
{
    m_runBar = new RunBar(m_controller, [this] { return runnableModel(); }, window);
    window->addToolBar(Qt::TopToolBarArea, m_runBar);

    m_charts = new ChartsPanel;
    m_chartsDock = new QDockWidget(tr("Live Charts"), window);
    m_chartsDock->setObjectName(QStringLiteral("liveChartsDock"));
    m_chartsDock->setWidget(m_charts);
    // Visible from the first start: before a run it says what will appear there.
    window->addDockWidget(Qt::BottomDockWidgetArea, m_chartsDock);
    window->resizeDocks({m_chartsDock}, {m_charts->sizeHint().height()}, Qt::Vertical);

    m_summary = new SummaryWidget;
    m_summaryDock = new QDockWidget(tr("Run Summary"), window);
    m_summaryDock->setObjectName(QStringLiteral("runSummaryDock"));
    m_summaryDock->setWidget(m_summary);
    window->addDockWidget(Qt::RightDockWidgetArea, m_summaryDock);
    m_summaryDock->hide(); // until a run ends

    m_overlay = new LiveOverlay(scene, m_controller, this);

    // The Run menu: before Help when there is one.
    m_menu = new QMenu(tr("&Run"), window);
    m_menu->setObjectName(QStringLiteral("runMenu"));
    m_menu->addAction(m_runBar->runAction());
    m_menu->addAction(m_runBar->pauseAction());
    m_menu->addAction(m_runBar->stepAction());
    m_menu->addAction(m_runBar->stopAction());
    m_menu->addAction(m_runBar->resetAction());
    QMenu *speedMenu = m_menu->addMenu(tr("S&peed"));
    for (double speed : RunController::speeds()) {
        QAction *a = speedMenu->addAction(RunController::speedLabel(speed));
        a->setCheckable(true);
        a->setChecked(speed == m_controller->speed());
        connect(a, &QAction::triggered, m_controller, [this, speed] { m_controller->setSpeed(speed); });
        connect(m_controller, &RunController::speedChanged, a, [a, speed](double s) { a->setChecked(s == speed); });
    }
    m_menu->addSeparator();
    // Greyed out before a run: the menu says why, as the canvas's does.
    m_menu->setToolTipsVisible(true);
    QAction *outage = m_menu->addAction(tr("Schedule Outa&ge of Selected…"));
    outage->setObjectName(QStringLiteral("scheduleOutageAction"));
    outage->setToolTip(wrappedTip(tr("Takes the selected read model or policy down from now, for a time you "
                                     "choose. Only while the model runs: to plan an outage at a set time, add "
                                     "it under Outages in the Inspector.")));
    connect(outage, &QAction::triggered, this, [this] {
        for (const std::string &id : m_scene->selectedElementIds()) {
            if (m_liveModel.readModel(runIdOf(id)) || m_liveModel.policy(runIdOf(id))) {
                askOutage(id);
                return;
            }
        }
        showMessage(tr("Select a read model or policy to take it down."));
    });
    QAction *rebuild = m_menu->addAction(tr("Schedule Re&build of Selected"));
    rebuild->setObjectName(QStringLiteral("scheduleRebuildAction"));
    rebuild->setToolTip(wrappedTip(tr("Replays every event into the selected read model from now. Only while "
                                      "the model runs: to plan a rebuild at a set time, add it under Rebuilds "
                                      "in the Inspector.")));
    connect(rebuild, &QAction::triggered, this, [this] {
        for (const std::string &id : m_scene->selectedElementIds()) {
            if (m_liveModel.readModel(runIdOf(id))) {
                scheduleRebuild(id);
                return;
            }
        }
        showMessage(tr("Select a read model to rebuild it."));
    });
    createWhatIfs();
    m_presentation = new PresentationMode(window, this);
    m_menu->addSeparator();
    // One trace window per main window: the model's seed, run in the background.
    QAction *traceAction = m_menu->addAction(tr("Trace a Comman&d…"));
    traceAction->setObjectName(QStringLiteral("traceCommandAction"));
    traceAction->setShortcut(QKeySequence(tr("Ctrl+T")));
    connect(traceAction, &QAction::triggered, this, [this] {
        const std::optional<Model> model = runnableModel();
        if (model)
            openTraceWindow(*model)->setNote(QString());
    });
    QAction *staleAction = m_menu->addAction(tr("Show &Me a Stale Read"), this, &RunUi::showStaleRead);
    staleAction->setObjectName(QStringLiteral("showStaleReadAction"));
    staleAction->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    staleAction->setToolTip(tr("Trace one command after another (the run's model and seed) until a read of its "
                               "key sees old data, and show that journey"));
    connect(m_charts, &ChartsPanel::traceRequested, this, &RunUi::traceAt);
    connect(m_summary, &SummaryWidget::traceRequested, this, [this] {
        if (m_summary->staleReadTrace()) {
            TraceWindow *traceWindow = openTraceWindow(m_controller->model());
            traceWindow->setNote(m_summary->staleReadNote());
            traceWindow->showTrace(*m_summary->staleReadTrace());
        }
    });
    // The trace shown in the trace window, replayed in slow motion on the canvas.
    m_replay = new ReplayController(m_scene, this);
    // Its scale is the screen's by then. (The action's toggled() missed Esc,
    // which left the replay at a projector's sizes.)
    connect(m_presentation, &PresentationMode::activeChanged, m_replay,
            [this](bool on) { m_replay->setPresenting(on, m_presentation->scale()); });
    connect(m_presentation, &PresentationMode::scaleChanged, m_replay,
            [this](double scale) { m_replay->setPresenting(m_presentation->isActive(), scale); });
    // The trace window too: the room reads its lanes before the replay.
    const auto presentTrace = [this] {
        if (auto *traceWindow = m_window->findChild<TraceWindow *>())
            traceWindow->setPresenting(m_presentation->isActive(), m_presentation->scale());
    };
    connect(m_presentation, &PresentationMode::activeChanged, this, presentTrace);
    connect(m_presentation, &PresentationMode::scaleChanged, this, presentTrace);
    QAction *replayAction = m_menu->addAction(tr("Rep&lay the Trace on the Canvas"));
    replayAction->setObjectName(QStringLiteral("replayTraceAction"));
    replayAction->setToolTip(tr("The last traced command's journey in slow motion on the diagram (Esc stops); "
                                "with none traced yet, the first command's after the warm-up"));
    connect(replayAction, &QAction::triggered, this, [this] {
        auto *traceWindow = m_window->findChild<TraceWindow *>();
        if (traceWindow && traceWindow->view()->hasTrace() && !traceWindow->isRunning()) {
            replayTrace(traceWindow->view()->trace());
            return;
        }
        // Nothing traced yet: trace what the trace window would, and replay it
        // once it is there (or leave its window saying why there is none).
        if (!traceWindow || !traceWindow->isRunning()) {
            const std::optional<Model> model = runnableModel();
            if (!model)
                return;
            traceWindow = openTraceWindow(*model);
            traceWindow->setNote(QString());
            traceWindow->resetTime(); // the first command's after the warm-up, as the action says
            traceWindow->startTrace();
        }
        showMessage(tr("Tracing a command; its replay starts when the trace is ready."));
        // Once, and only this trace: another one started before it is ready
        // (openTraceWindow(), traceStarted) is not replayed unasked.
        disconnect(m_replayWhenTraced);
        m_replayWhenTraced = connect(traceWindow, &TraceWindow::traceReady, this, [this, traceWindow] {
            disconnect(m_replayWhenTraced);
            if (traceWindow->view()->hasTrace())
                replayTrace(traceWindow->view()->trace());
        });
    });
    m_menu->addSeparator();
    QAction *json = m_menu->addAction(tr("Export Result &JSON…"), this, &RunUi::exportResultInteractive);
    json->setObjectName(QStringLiteral("exportResultAction"));
    QAction *csv = m_menu->addAction(tr("Export Series &CSV…"), this, &RunUi::exportSeriesInteractive);
    csv->setObjectName(QStringLiteral("exportSeriesAction"));
    QAction *charts = m_menu->addAction(tr("Export C&harts as PNG or SVG…"), this, &RunUi::exportChartsInteractive);
    charts->setObjectName(QStringLiteral("exportChartsAction"));
    QAction *report = m_menu->addAction(tr("E&xport Report (HTML)…"), this, &RunUi::exportRunReport);
    report->setObjectName(QStringLiteral("exportReportAction"));
    report->setToolTip(tr("The run as one HTML page for a handout or a debrief: the diagram, the "
                          "charts, the figures, the insights and every parameter"));
    m_menu->addSeparator();
    m_menu->addAction(m_chartsDock->toggleViewAction());
    m_menu->addAction(m_summaryDock->toggleViewAction());
    QAction *help = nullptr;
    // The main window's Help menu, in whatever language it is shown.
    const QString helpText = QCoreApplication::translate("cqrs::MainWindow", "&Help");
    for (QAction *a : window->menuBar()->actions()) {
        if (a->menu() && a->text() == helpText)
            help = a;
    }
    window->menuBar()->insertMenu(help, m_menu);

    auto updateActions = [this, outage, rebuild, json, csv, charts, report] {
        const bool active = m_controller->isActive();
        outage->setEnabled(active);
        rebuild->setEnabled(active);
        for (QAction *a : m_whatIfMenu->actions()) {
            if (!a->isSeparator() && a->objectName() != QLatin1String("showWhatIfBar"))
                a->setEnabled(active);
        }
        json->setEnabled(m_controller->result().has_value());
        report->setEnabled(m_controller->result().has_value());
        // Charts and series exist from a run's start (before, the charts
        // were exported empty).
        csv->setEnabled(m_controller->state() != RunController::State::Idle);
        charts->setEnabled(csv->isEnabled());
    };
    connect(m_controller, &RunController::stateChanged, this, updateActions);
    updateActions();

    connect(m_controller, &RunController::runStarted, this,
            [this](const Model &model, double duration) {
                cancelStaleReadSearch();
                m_changedDuringRun = false;
                m_parametersChangedDuringRun = false;
                m_appliedDuringRun = {};
                m_whatIfsAsked.clear();
                m_liveModel = model;
                m_renamed.clear();
                m_windowBeforeRun = m_window->size(); // the run's charts may need more: showCharts()
                m_sidesBeforeRun = sideWidths();
                m_charts->beginRun(model, duration);
                m_summary->clear();
                m_summaryPending = false;
                m_markers.reset(model, duration);
                pushMarkers();
                showCharts();
            });
    connect(m_controller, &RunController::samplesArrived, m_charts, &ChartsPanel::addSamples);
    connect(m_controller, &RunController::samplesArrived, this, [this](const SnapshotBatch &batch) {
        if (!batch)
            return;
        bool changed = false;
        for (const sim::Snapshot &s : *batch)
            changed = m_markers.update(s) || changed;
        if (changed)
            pushMarkers();
    });
    // Every outage, rebuild and edit of the running simulation is marked on the charts.
    connect(m_controller, &RunController::outageScheduled, this,
            [this](const std::string &id, double at, double duration) {
                m_changedDuringRun = true;
                m_whatIfsAsked.erase("outage:" + id);
                m_markers.addOutage(id, at, duration);
                pushMarkers();
            });
    connect(m_controller, &RunController::rebuildScheduled, this, [this](const std::string &id, double at) {
        m_changedDuringRun = true;
        m_markers.addRebuild(id, at);
        pushMarkers();
    });
    connect(m_controller, &RunController::parameterApplied, this,
            [this](const std::string &path, const QString &valueJson, double at) {
                m_changedDuringRun = true;
                m_parametersChangedDuringRun = true;
                m_appliedDuringRun.set.emplace_back(path, Json::parse(valueJson.toStdString(), nullptr, false));
                m_markers.addEdit(path, valueJson, at);
                pushMarkers();
            });
    connect(m_controller, &RunController::whatIfApplied, this,
            [this](const std::string &path, const QString &label, const QString &description, double start,
                   double end) {
                m_changedDuringRun = true;
                m_parametersChangedDuringRun = true;
                m_whatIfsAsked.erase(path); // its marker says from now on how long it lasts
                m_markers.addWhatIf(path, start, end, label, description);
                pushMarkers();
            });
    connect(m_controller, &RunController::whatIfRejected, this,
            [this](const std::string &path) { m_whatIfsAsked.erase(path); }); // nothing is going on
    connect(m_controller, &RunController::runFinished, this, [this](const RunResult &run) {
        if (run.result) {
            m_markers.applyResult(*run.result);
            pushMarkers();
        }
        m_charts->showResult(run);
        // A separate event: the event loop breathes between charts and summary.
        // A timer of 1 ms, not 0: a 0 ms single shot is a posted event, which
        // Qt delivers in the same pass as the charts' repaints that this
        // event posts, so no timer or input would get a turn in between.
        QTimer::singleShot(kBreatheMs, this, [this, run] {
            if (!stillCurrent(m_controller, run.result))
                return;
            showSummary(run);
            // The stale-read search (a traced run on a thread of its own) a
            // little later, once the summary and its dock are shown: started
            // in the same event, it doubled that event's time.
            if (run.complete)
                QTimer::singleShot(kStaleReadSearchDelayMs, this, [this, result = run.result] {
                    if (stillCurrent(m_controller, result))
                        searchStaleRead();
                });
        });
    });
    connect(m_controller, &RunController::outageScheduled, this, &RunUi::recordOutage);
    connect(m_controller, &RunController::rebuildScheduled, this, &RunUi::recordRebuild);
    connect(m_controller, &RunController::runReset, this, [this] {
        cancelStaleReadSearch();
        m_markers.clear();
        m_charts->clear();
        m_summary->clear();
        m_summaryPending = false;
    });

    connect(m_controller, &RunController::message, this, &RunUi::showMessage);
    connect(m_summary, &SummaryWidget::exportJsonRequested, this, &RunUi::exportResultInteractive);
    connect(m_summary, &SummaryWidget::exportCsvRequested, this, &RunUi::exportSeriesInteractive);
    connect(document, &Document::changed, this, &RunUi::onDocumentChanged);
}

void RunUi::replayTrace(const sim::Trace &trace)
{
    m_replay->setPresenting(m_presentation->isActive(), m_presentation->scale());
    QString error;
    if (!m_replay->start(trace, &error)) {
        showMessage(error);
        return;
    }
    m_window->raise();
    m_window->activateWindow();
}

void RunUi::addContextActions(QMenu *menu, const std::vector<std::string> &elementIds)
{
    if (elementIds.size() == 1)
        addNodeActions(menu, elementIds.front());
}

RunUi::~RunUi()
{
    delete m_staleSearch; // cancels and waits for its thread
}

TraceWindow *RunUi::openTraceWindow(const Model &model)
{
    // One trace window per main window: the model's seed, run in the background.
    auto *traceWindow = m_window->findChild<TraceWindow *>();
    if (!traceWindow) {
        traceWindow = new TraceWindow(m_window);
        connect(traceWindow, &TraceWindow::replayRequested, this, [this, traceWindow] {
            replayTrace(traceWindow->view()->trace());
        });
        connect(traceWindow, &TraceWindow::traceStarted, this, [this] { disconnect(m_replayWhenTraced); });
    }
    disconnect(m_replayWhenTraced); // a new model or trace: not the one Replay waited for
    traceWindow->setModel(model);
    traceWindow->setPresenting(m_presentation->isActive(), m_presentation->scale());
    traceWindow->show();
    traceWindow->raise();
    return traceWindow;
}

QString RunUi::replayNote() const
{
    return m_changedDuringRun ? tr("Traced from the model as the run started, with its seed: the changes made "
                                   "while it ran (edits, what-ifs, outages) are not replayed.")
                              : QString();
}

void RunUi::traceAt(double at, const QString &readModel)
{
    if (m_controller->state() == RunController::State::Idle)
        return;
    const Model &model = m_controller->model();
    TraceWindow *window = openTraceWindow(model);
    window->setNote(replayNote());
    window->setRequest(QString(), std::min(at, std::max(0.0, model.workload.duration - 0.001)), readModel);
    window->startTrace();
}

void RunUi::showStaleRead()
{
    std::optional<Model> model;
    if (m_controller->state() != RunController::State::Idle)
        model = m_controller->model();
    else
        model = runnableModel();
    if (!model)
        return;
    TraceWindow *window = openTraceWindow(*model);
    window->setNote(m_controller->state() != RunController::State::Idle ? replayNote() : QString());
    window->resetTime(); // the first stale read after the warm-up, not after the last trace
    window->findStaleRead();
}

void RunUi::cancelStaleReadSearch()
{
    delete m_staleSearch; // cancels and waits: one step of the engine at most
    m_staleSearch = nullptr;
}

void RunUi::searchStaleRead()
{
    cancelStaleReadSearch();
    sim::TraceRequest request;
    request.staleRead = true;
    m_staleSearch = new TraceJob(m_controller->model(), request, this);
    const QString note = replayNote();
    connect(m_staleSearch, &TraceJob::finished, this, [this, note] {
        TraceJob *job = m_staleSearch;
        if (job->trace() && job->trace()->found)
            m_summary->setStaleReadTrace(job->trace(), note);
    });
    m_staleSearch->start();
}

void RunUi::pushMarkers()
{
    m_charts->setMarkers(m_markers.markers());
    m_summary->setMarkers(m_markers.markers());
}

void RunUi::showSummary(const RunResult &run)
{
    // Changed while it ran: the model as it ended, with the history's
    // reading of the same run (the live summary told of the consumers it
    // started with, and of a peak they could not serve, when the reopened
    // run told of the ones it ended with). What-ifs are parameter changes
    // too (put back before the end); a change the model refuses: as it started.
    Model model = m_controller->model();
    ModelChanges changes = m_parametersChangedDuringRun ? ModelChanges::AsStarted : ModelChanges::None;
    if (!m_appliedDuringRun.set.empty()) {
        if (applyExperiment(model, m_appliedDuringRun, nullptr))
            changes = ModelChanges::AsEnded;
        else
            model = m_controller->model();
    }
    m_summary->showResult(model, run, changes);
    m_summary->setMarkers(m_markers.markers());
    if (m_summaryDock->isHidden()) {
        // Showing the dock lays the text out at its width (about 9 ms): in an
        // event of its own, so the event loop breathes between the two.
        QTimer::singleShot(kBreatheMs, this, [this, result = run.result] {
            if (stillCurrent(m_controller, result))
                showSummaryDock();
        });
        return;
    }
    showSummaryDock();
}

void RunUi::presentationLeft()
{
    if (m_charts->isPresenting())
        return;
    if (std::exchange(m_giveBackAfterPresenting, false))
        giveBackSummaryWidth();
    if (m_summaryPending)
        showSummaryDock();
}

void RunUi::showSummaryDock()
{
    // Presenting: the room keeps its four charts; the summary waits.
    if (m_charts->isPresenting()) {
        m_summaryPending = true;
        return;
    }
    m_summaryPending = false;
    const bool wasHidden = m_summaryDock->isHidden();
    // Shown for the first time, or after a new model gave its width back.
    const bool widen = wasHidden || std::exchange(m_summaryNarrowed, false);
    if (wasHidden && !m_summaryPlaced) {
        m_summaryPlaced = true;
        // Next to the inspector, as a tab with the full height, when the window has one.
        const QList<QDockWidget *> docks = m_window->findChildren<QDockWidget *>();
        for (QDockWidget *dock : docks) {
            if (dock != m_summaryDock && dock->objectName() == QLatin1String("inspectorDock") && dock->isVisible()
                && m_window->dockWidgetArea(dock) == Qt::RightDockWidgetArea)
                m_window->tabifyDockWidget(dock, m_summaryDock);
        }
    }
    // The canvases fitted to the whole model before the summary took its
    // width: they fit it again once the docks have their new sizes.
    QList<QPointer<CanvasView>> wholeBefore;
    if (widen) {
        for (QGraphicsView *view : m_scene->views()) {
            if (auto *canvas = qobject_cast<CanvasView *>(view); canvas && canvas->isVisible() && canvas->isFitted())
                wholeBefore.append(canvas);
        }
    }
    if (widen) {
        // The column's width before the summary takes its share: what a new
        // model gives back. (A hidden dock has no tabs: the inspector's place tells.)
        if (auto *inspector = m_window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
            inspector && inspector->isVisible() && !inspector->isFloating() && !m_summaryDock->isFloating()
            && m_window->dockWidgetArea(inspector) == m_window->dockWidgetArea(m_summaryDock))
            m_widthBeforeSummary = inspector->width();
    }
    // The left column keeps its width: the summary's share comes from the
    // canvas (a narrow window's challenge column lost another 40 pixels).
    const std::vector<std::pair<QPointer<QDockWidget>, int>> left = sideWidths(Qt::LeftDockWidgetArea);
    m_summaryDock->show();
    m_summaryDock->raise();
    if (widen) {
        m_window->resizeDocks({m_summaryDock}, {m_window->width() * 2 / 5}, Qt::Horizontal);
        keepSideWidths(left);
        if (!wholeBefore.isEmpty()) {
            QTimer::singleShot(0, this, [wholeBefore] {
                for (const QPointer<CanvasView> &canvas : wholeBefore) {
                    if (canvas && !canvas->showsAll())
                        canvas->fitAll();
                }
            });
        }
    }
}

void RunUi::giveBackSummaryWidth()
{
    // Only while the summary's tab is in front (a dock behind another's tab is "visible", out of sight).
    if (m_summaryDock->isHidden() || m_summaryDock->isFloating() || m_widthBeforeSummary <= 0
        || m_summaryDock->visibleRegion().isEmpty())
        return;
    auto *inspector = m_window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    if (!inspector || inspector->isFloating() || !m_window->tabifiedDockWidgets(m_summaryDock).contains(inspector))
        return;
    QList<QPointer<CanvasView>> fitted;
    for (QGraphicsView *view : m_scene->views()) {
        if (auto *canvas = qobject_cast<CanvasView *>(view); canvas && canvas->isVisible())
            fitted.append(canvas);
    }
    inspector->raise();
    m_window->resizeDocks({inspector}, {m_widthBeforeSummary}, Qt::Horizontal);
    m_summaryNarrowed = true;
    // The new model shown whole in the room the canvas got back.
    QTimer::singleShot(0, this, [fitted] {
        for (const QPointer<CanvasView> &canvas : fitted) {
            if (canvas)
                canvas->fitAll();
        }
    });
}

void RunUi::placeCharts()
{
    m_docksSized = false;
    showCharts();
}

void RunUi::showCharts()
{
    const QSize before = m_windowBeforeRun.isValid() ? std::exchange(m_windowBeforeRun, QSize()) : m_window->size();
    // The side columns' docks and widths before the charts came: a narrow
    // window took the charts' width from them (a challenge's column went
    // from 400 to 300 pixels at 1280x720, its requirements out of sight).
    // (Taken as the run started, before its charts were made.)
    std::vector<std::pair<QPointer<QDockWidget>, int>> sides = std::exchange(m_sidesBeforeRun, {});
    if (sides.empty())
        sides = sideWidths();
    m_chartsDock->show();
    if (!m_docksSized) {
        // Half the window for the charts: they are what the room watches.
        m_docksSized = true;
        m_window->resizeDocks({m_chartsDock}, {m_window->height() / 2}, Qt::Vertical);
        // Most of the bottom row too, when it shares it with the Problems dock.
        auto *problems = m_window->findChild<QDockWidget *>(QStringLiteral("problemsDock"));
        if (problems && problems->isVisible() && m_window->dockWidgetArea(problems) == Qt::BottomDockWidgetArea
            && m_window->dockWidgetArea(m_chartsDock) == Qt::BottomDockWidgetArea && !m_chartsDock->isFloating()) {
            // The width the window may have: its own before the run, and no
            // more than the screens' (a layout put back after presenting
            // widened it before this; a window may span two screens).
            int room = before.width();
            if (const QScreen *screen = m_window->screen())
                room = std::min(room, screen->availableVirtualGeometry().width()
                                          - (m_window->frameGeometry().width() - m_window->width()));
            if (!m_window->tabifiedDockWidgets(problems).contains(m_chartsDock)) {
                const int row = problems->width() + m_chartsDock->width();
                const bool squeezed
                    = row <= problems->minimumSizeHint().width() + m_chartsDock->minimumSizeHint().width();
                if (squeezed && m_window->width() > room) {
                    // A narrow window (a laptop, a projector): side by side,
                    // both at their least width, the two made the window
                    // wider than it was, or than the screen. The charts take
                    // the whole row instead, as a tab in front of Problems.
                    m_window->tabifyDockWidget(problems, m_chartsDock);
                    m_chartsDock->raise();
                } else if (!squeezed) {
                    // Problems three tenths of the row at most (420 px of a
                    // 1920 px window); its 420 px of a 1280 px window's
                    // row left the charts less than itself.
                    const int forProblems
                        = std::clamp(row * 3 / 10, problems->minimumSizeHint().width(),
                                     std::max(420, problems->minimumSizeHint().width()));
                    m_window->resizeDocks({problems, m_chartsDock}, {forProblems, row - forProblems},
                                          Qt::Horizontal);
                }
            }
            // In a tab, the window its width back, as far as the tab allows.
            if (m_window->tabifiedDockWidgets(problems).contains(m_chartsDock) && m_window->width() > room
                && !(m_window->windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen))) {
                m_window->layout()->activate();
                const int least = m_window->minimumSizeHint().width();
                if (m_window->width() > least)
                    m_window->resize(std::max(room, least), m_window->height());
            }
        }
        // The canvas just lost half its height: show the whole model again.
        QTimer::singleShot(0, this, &RunUi::fitCanvas);
    }
    keepSideWidths(sides);
    // Again once the new charts have their sizes (their least width comes
    // with their first layout).
    QTimer::singleShot(0, this, [this, sides] { keepSideWidths(sides); });
}

std::vector<std::pair<QPointer<QDockWidget>, int>> RunUi::sideWidths(Qt::DockWidgetAreas areas) const
{
    std::vector<std::pair<QPointer<QDockWidget>, int>> sides;
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>()) {
        // In sight: a dock behind another's tab has that one's width to keep.
        if (dock != m_chartsDock && dock->isVisible() && !dock->visibleRegion().isEmpty() && !dock->isFloating()
            && areas.testFlag(m_window->dockWidgetArea(dock)))
            sides.emplace_back(dock, dock->width());
    }
    return sides;
}

void RunUi::keepSideWidths(const std::vector<std::pair<QPointer<QDockWidget>, int>> &sides)
{
    QList<QDockWidget *> docks;
    QList<int> widths;
    for (const auto &[dock, width] : sides) {
        if (dock && dock->isVisible() && !dock->visibleRegion().isEmpty() && !dock->isFloating()) {
            docks << dock;
            widths << width;
        }
    }
    const auto shrank = [&] {
        m_window->layout()->activate();
        for (int i = 0; i < docks.size(); ++i) {
            if (docks[i]->width() < widths[i] - 8)
                return true;
        }
        return false;
    };
    if (docks.isEmpty() || !shrank())
        return;
    m_window->resizeDocks(docks, widths, Qt::Horizontal);
    if (!shrank())
        return;
    // The middle column at its least width: the Problems list and the
    // charts side by side under the canvas held it there. The charts take
    // the row as a tab in front of Problems, and the sides their widths.
    auto *problems = m_window->findChild<QDockWidget *>(QStringLiteral("problemsDock"));
    if (!problems || !problems->isVisible() || problems->isFloating() || m_chartsDock->isFloating()
        || !m_chartsDock->isVisible() || m_window->dockWidgetArea(problems) != Qt::BottomDockWidgetArea
        || m_window->dockWidgetArea(m_chartsDock) != Qt::BottomDockWidgetArea
        || m_window->tabifiedDockWidgets(problems).contains(m_chartsDock))
        return;
    m_window->tabifyDockWidget(problems, m_chartsDock);
    m_chartsDock->raise();
    m_window->layout()->activate();
    m_window->resizeDocks(docks, widths, Qt::Horizontal);
}

void RunUi::fitCanvas()
{
    for (QGraphicsView *view : m_scene->views()) {
        if (auto *canvas = qobject_cast<CanvasView *>(view))
            canvas->fitAll();
    }
}

std::optional<Model> RunUi::runnableModel()
{
    const Model &model = m_document->model();
    const Diagnostics diagnostics = validateModel(model);
    for (const Diagnostic &d : diagnostics) {
        if (d.isError()) {
            showMessage(tr("Cannot run: %1 (see Problems)").arg(diagnosticLine(d, model)));
            return std::nullopt;
        }
    }
    return model;
}

void RunUi::showMessage(const QString &text)
{
    // While presenting, the window's MessageOverlay shows it large.
    if (m_window)
        m_window->statusBar()->showMessage(text, 8000);
}

void RunUi::askOutage(const std::string &id)
{
    // The run holds still while the user chooses: "from now" is the moment
    // the dialog opened (it went on, and the outage began 4 s later).
    const bool wasRunning = m_controller->state() == RunController::State::Running;
    if (wasRunning)
        m_controller->pause();
    const Model &model = m_controller->isActive() ? m_liveModel : m_document->model();
    const QString name = elementDisplayName(model, m_controller->isActive() ? runIdOf(id) : id);
    bool ok = false;
    const double d = QInputDialog::getDouble(
        m_window, tr("Schedule Outage"),
        tr("Take %1 down from t = %2 for how many simulated seconds?")
            .arg(name, formatMoment(m_controller->time(), model.workload.duration)),
        30, 0.001, 1e9, 3, &ok);
    if (ok)
        scheduleOutage(id, d);
    if (wasRunning && m_controller->state() == RunController::State::Paused)
        m_controller->resume();
}

bool RunUi::stopBeforeClosing(int timeoutMs)
{
    // A, and in an A/B run B (which may run on after A's end): each keeps
    // what it measured.
    const QPointer<RunController> b = m_controller->follower();
    const auto going = [this, &b] { return m_controller->isActive() || (b && b->isActive()); };
    if (!going())
        return true;
    QEventLoop loop;
    // Queued: after the recorders' own handlers, with the state already set.
    const auto ended = [&loop, &going] {
        if (!going())
            loop.quit();
    };
    for (RunController *c : {m_controller, b.data()}) {
        if (!c)
            continue;
        connect(c, &RunController::runFinished, &loop, ended, Qt::QueuedConnection);
        connect(c, &RunController::runFailed, &loop, ended, Qt::QueuedConnection);
        connect(c, &RunController::runReset, &loop, ended, Qt::QueuedConnection);
    }
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    showMessage(tr("Stopping the run to keep what it measured…"));
    QApplication::setOverrideCursor(Qt::WaitCursor);
    m_controller->stop(); // and B with it
    if (b && b->isActive())
        b->stop();
    if (going())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    QApplication::restoreOverrideCursor();
    return !going();
}

void RunUi::addNodeActions(QMenu *menu, const std::string &id)
{
    const Model &model = m_controller->isActive() ? m_liveModel : m_document->model();
    const std::string known = m_controller->isActive() ? runIdOf(id) : id;
    const bool readModel = model.readModel(known) != nullptr;
    if (!readModel && !model.policy(known))
        return;
    const bool active = m_controller->isActive();
    menu->addSeparator();
    QAction *outage = menu->addAction(tr("Schedule Outage…"), this, [this, id] { askOutage(id); });
    outage->setEnabled(active);
    if (!active)
        outage->setToolTip(
            wrappedTip(tr("Only while the model runs: takes it down from that moment. To plan an outage at a "
                          "set time, add it under Outages in the Inspector.")));
    if (readModel) {
        QAction *rebuild = menu->addAction(tr("Schedule Rebuild"), this, [this, id] { scheduleRebuild(id); });
        rebuild->setEnabled(active);
        if (!active)
            rebuild->setToolTip(wrappedTip(tr(
                "Only while the model runs: replays every event into it from that moment. To plan "
                "a rebuild at a set time, add it under Rebuilds in the Inspector.")));
    }
}

void RunUi::scheduleOutage(const std::string &id, double duration)
{
    m_controller->scheduleOutage(runIdOf(id), duration);
}

void RunUi::scheduleRebuild(const std::string &id)
{
    m_controller->scheduleRebuild(runIdOf(id));
}

void RunUi::onDocumentChanged(const ChangeEvent &event)
{
    if (event.type == ChangeEvent::Type::Reset) {
        // A run never outlives the document it ran on, and nothing of it
        // (overlay, charts, summary, run bar) stays to describe another model.
        if (m_controller->state() != RunController::State::Idle)
            m_controller->reset();
        cancelStaleReadSearch();
        m_overlay->clear();
        m_markers.clear();
        m_charts->clear();
        m_summary->clear();
        // A run's summary waiting for the end of presenting belongs to the old model.
        m_summaryPending = false;
        if (m_charts->isPresenting())
            m_giveBackAfterPresenting = true; // the summary's dock is hidden until then
        else
            giveBackSummaryWidth();
        m_liveModel = Model();
        m_renamed.clear();
        // Another model gets the speed that suits it; a new version of the
        // same file (Reload after a `git pull`) keeps the one chosen.
        if (event.property != ChangeEvent::kNewVersion)
            m_controller->setSpeed(RunController::suggestedSpeed(m_document->model()));
        return;
    }
    if (!m_controller->isActive()) {
        // A finished run's halos and badges stay on the canvas: they follow a rename there too.
        if (event.type == ChangeEvent::Type::ElementRenamed && m_controller->state() != RunController::State::Idle)
            renamedMidRun(event.ids.at(0), event.ids.at(1), false);
        return;
    }
    switch (event.type) {
    case ChangeEvent::Type::ElementsChanged:
        forwardElementChanges(event.ids, event.ids.size() == 1 ? event.property : std::string());
        break;
    case ChangeEvent::Type::SettingsChanged:
        forwardSettingsChange(event.property);
        break;
    case ChangeEvent::Type::ElementRenamed:
        renamedMidRun(event.ids.at(0), event.ids.at(1));
        break;
    case ChangeEvent::Type::ElementsAdded:
    case ChangeEvent::Type::ElementsRemoved:
        showMessage(tr("Structural changes take effect on the next run (Reset, then Run)."));
        break;
    case ChangeEvent::Type::Reset: // handled above
    case ChangeEvent::Type::PositionsChanged:
    case ChangeEvent::Type::NotesChanged:
        break;
    }
}

std::string RunUi::runIdOf(const std::string &id) const
{
    for (const auto &[runId, documentId] : m_renamed) {
        if (documentId == id)
            return runId;
    }
    // An id the run knows under another name now is not this element.
    return m_renamed.count(id) ? std::string() : id;
}

std::string RunUi::documentIdOf(const std::string &runId) const
{
    const auto it = m_renamed.find(runId);
    return it == m_renamed.end() ? runId : it->second;
}

void RunUi::renamedMidRun(const std::string &from, const std::string &to, bool say)
{
    const std::string runId = runIdOf(from);
    if (runId.empty() || !findElement(m_liveModel, runId))
        return; // added after the run started: the run does not know it
    if (runId == to)
        m_renamed.erase(runId);
    else
        m_renamed[runId] = to;
    m_overlay->setRenamed(m_renamed);
    if (!say)
        return;
    const QString was = QString::fromStdString(runId), now = QString::fromStdString(to);
    showMessage(runId == to ? tr("%1 has its old id again, as the running simulation knows it.").arg(now)
                            : tr("Renamed %1 to %2. The running simulation and its charts keep calling it %1 "
                                 "until the next run; changes to %2 still reach it.")
                                  .arg(was, now));
}

namespace {

/// Whether a change of `property` (empty: any field) concerns `field`.
bool concerns(const std::string &property, std::string_view field)
{
    return property.empty() || property == field;
}

/// What the run cannot take mid-run, apart from names: does the element
/// differ from the one the run has?
template<typename Element>
bool differsBeyondName(Element now, const Element &told)
{
    now.id = told.id;
    now.name = told.name;
    return !(now == told);
}

} // namespace

int RunUi::sendChange(const std::string &path, const Json &value)
{
    m_controller->setParameter(path, value);
    return 1;
}

int RunUi::forwardConsumer(const std::string &prefix, const ConsumerSpec &now, ConsumerSpec &told,
                           const std::string &property)
{
    int sent = 0;
    if (now.update.mode == told.update.mode) {
        if (concerns(property, "update.delay")) {
            if (now.update.mode == UpdateMode::Streaming && !(now.update.delay == told.update.delay))
                sent += sendChange(prefix + ".update.delay", distributionToJson(now.update.delay));
            told.update.delay = now.update.delay;
        }
        if (concerns(property, "update.interval")) {
            if (now.update.mode == UpdateMode::Batch && now.update.interval != told.update.interval)
                sent += sendChange(prefix + ".update.interval", now.update.interval);
            told.update.interval = now.update.interval;
        }
    }
    if (concerns(property, "consumers") && now.consumers != told.consumers) {
        sent += sendChange(prefix + ".consumers", now.consumers);
        told.consumers = now.consumers;
    }
    if (concerns(property, "applyTime") && !(now.applyTime == told.applyTime)) {
        sent += sendChange(prefix + ".applyTime", distributionToJson(now.applyTime));
        told.applyTime = now.applyTime;
    }
    return sent;
}

void RunUi::forwardElementChanges(const std::vector<std::string> &ids, const std::string &property)
{
    const Model &model = m_document->model();
    int sent = 0;
    bool differs = false;
    for (const std::string &id : ids) {
        const std::string runId = runIdOf(id);
        if (runId.empty())
            continue;
        if (const ReadModel *now = model.readModel(id); now && m_liveModel.readModel(runId)) {
            ReadModel &told = *m_liveModel.readModel(runId);
            sent += forwardConsumer("readModels." + runId, *now, told, property);
            differs = differs || differsBeyondName(*now, told);
        } else if (const Policy *p = model.policy(id); p && m_liveModel.policy(runId)) {
            Policy &told = *m_liveModel.policy(runId);
            sent += forwardConsumer("policies." + runId, *p, told, property);
            differs = differs || differsBeyondName(*p, told);
        } else if (const Command *c = model.command(id); c && m_liveModel.command(runId)) {
            Command &told = *m_liveModel.command(runId);
            if (concerns(property, "handlerTime") && !(c->handlerTime == told.handlerTime)) {
                sent += sendChange("commands." + runId + ".handlerTime", distributionToJson(c->handlerTime));
                told.handlerTime = c->handlerTime;
            }
            differs = differs || differsBeyondName(*c, told);
        } else if (const Query *q = model.query(id); q && m_liveModel.query(runId)) {
            Query &told = *m_liveModel.query(runId);
            const Consistency &n = q->consistency;
            Consistency &o = told.consistency;
            if ((property.empty() || property.rfind("consistency", 0) == 0)
                && (n.strategy != o.strategy || n.pollInterval != o.pollInterval || n.timeout != o.timeout)) {
                Json value = Json::object();
                value["strategy"] = std::string(toString(n.strategy));
                value["pollInterval"] = n.pollInterval;
                value["timeout"] = n.timeout;
                sent += sendChange("queries." + runId + ".consistency", value);
                o.strategy = n.strategy;
                o.pollInterval = n.pollInterval;
                o.timeout = n.timeout;
            }
            differs = differs || differsBeyondName(*q, told);
        } else if (const auto element = findElement(model, id)) {
            const auto told = findElement(m_liveModel, runId);
            differs = differs || !told || std::visit([&told](const auto &e) {
                using E = std::decay_t<decltype(e)>;
                const E *t = std::get_if<E>(&*told);
                return !t || differsBeyondName(e, *t);
            }, *element);
        }
    }
    if (sent > 0)
        return;
    if (property == "name")
        showMessage(tr("The charts show the new name from the next run on."));
    else if (differs)
        showMessage(tr("This change takes effect on the next run."));
}

void RunUi::forwardSettingsChange(const std::string &property)
{
    const Model &now = m_document->model();
    Model &told = m_liveModel;
    int sent = 0;
    if (concerns(property, "writeSide.workers") && now.writeSide.workers != told.writeSide.workers) {
        sent += sendChange("writeSide.workers", now.writeSide.workers);
        told.writeSide.workers = now.writeSide.workers;
    }
    if (concerns(property, "workload.commandRate") && now.workload.commandRate != told.workload.commandRate) {
        sent += sendChange("workload.commandRate", now.workload.commandRate);
        told.workload.commandRate = now.workload.commandRate;
    }
    if (concerns(property, "workload.queryRate") && now.workload.queryRate != told.workload.queryRate) {
        sent += sendChange("workload.queryRate", now.workload.queryRate);
        told.workload.queryRate = now.workload.queryRate;
    }
    // Whatever else of the settings differs cannot change mid-run.
    if (sent == 0
        && (!(now.writeSide == told.writeSide) || !(now.eventBus == told.eventBus) || !(now.workload == told.workload)))
        showMessage(tr("This change takes effect on the next run."));
}

void RunUi::runToAndCapture(double seconds, const QString &file, std::function<void(bool, QString)> done)
{
    const std::optional<Model> model = runnableModel();
    if (!model) {
        done(false, m_window->statusBar()->currentMessage());
        return;
    }
    auto finished = std::make_shared<bool>(false);
    auto capture = [this, file, done, finished] {
        if (*finished)
            return;
        *finished = true;
        m_charts->refresh();
        // Let docks and charts lay out and paint once before the picture.
        fitCanvas();
        QTimer::singleShot(400, this, [this, file, done] {
            m_charts->refresh();
            QString error;
            const bool ok = saveWidgetPicture(m_window, file, &error);
            done(ok, error);
        });
    };
    connect(m_controller, &RunController::pausedAt, this, capture, Qt::SingleShotConnection);
    connect(m_controller, &RunController::runFinished, this, capture, Qt::SingleShotConnection);
    // A run that fails (out of memory) ends the wait too, with its message.
    connect(m_controller, &RunController::runFailed, this, [done, finished](const QString &text) {
        if (*finished)
            return;
        *finished = true;
        done(false, text);
    }, Qt::SingleShotConnection);
    m_controller->setSpeed(0);
    if (m_controller->startPaused(*model))
        m_controller->runTo(seconds);
    else
        done(false, m_window->statusBar()->currentMessage());
}

bool checkModelFile(const QString &path, QString *message)
{
    const ModelLoadResult loaded = loadModelFile(path.toStdString());
    QStringList lines;
    for (const Diagnostic &d : loaded.diagnostics) {
        if (d.isError())
            lines.append(QStringLiteral("%1: %2").arg(path, QString::fromStdString(d.located())));
    }
    if (loaded.ok()) {
        const std::string limit = sim::checkRunLimits(*loaded.model);
        if (!limit.empty())
            lines.append(QStringLiteral("%1: %2").arg(path, QString::fromStdString(limit)));
    }
    if (message)
        *message = lines.join(QLatin1Char('\n'));
    return loaded.ok() && lines.isEmpty();
}

} // namespace cqrs
