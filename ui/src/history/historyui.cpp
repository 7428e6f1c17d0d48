#include "cqrs/ui/history/historyui.h"

#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/history/compareview.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historyrecorder.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/history/recordedrunview.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/runui.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>
#include <atomic>
#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/memorybudget.h>
#include <cqrs/sim/simulation.h>

namespace cqrs {

namespace {
/// Compare Consumer Counts: 1 to at most this many (Compare shows up to six runs).
constexpr int kMaxComparedConsumers = HistoryDock::kMaxCompared;
// The Run History dock's width the first time it shows (pixels).
constexpr int kFirstWidth = 780;
/// The history dock's least height the first time it shows (about a dozen runs).
constexpr int kFirstHeight = 320;
} // namespace

HistoryUi::HistoryUi(MainWindow *window, RunController *controller)
    : QObject(window)
    , m_window(window)
    , m_store(new HistoryStore({}, this))
    , m_recorder(new HistoryRecorder(controller, m_store, this))
    , m_model(new HistoryModel(m_store, this))
{
    qRegisterMetaType<cqrs::RecordedRunView *>();
    qRegisterMetaType<cqrs::CompareView *>();
    m_panel = new HistoryDock(m_store, m_model);
    m_dock = new QDockWidget(tr("Run History"), window);
    m_dock->setObjectName(QStringLiteral("runHistoryDock"));
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    m_dock->hide(); // View > Run History; it is there when wanted, not in the way
    // A tab beside Problems, not a third dock in the bottom row: with three,
    // the docks' least widths passed the screen's, and showing the history
    // made the window wider than a 1920-pixel screen (a 1280-pixel window
    // by half).
    tabBesideProblems();
    // Asked for from View > Run History: the tab in front of Problems.
    connect(m_dock->toggleViewAction(), &QAction::triggered, this, [this](bool checked) {
        if (checked)
            QTimer::singleShot(0, m_dock, &QDockWidget::raise);
    });
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        // The first time it shows: room for a dozen runs, and for the
        // columns up to the headline figures (next to Problems and Live
        // Charts it would get a third of the width, and every name cut).
        if (visible && !m_dockSized && !m_dock->isFloating()) {
            m_dockSized = true;
            // Taller, never shorter: after a run the bottom row holds the
            // charts at half the window's height, and keeps them.
            int rowHeight = 0;
            for (QDockWidget *d : m_window->findChildren<QDockWidget *>()) {
                if (d != m_dock && d->isVisible() && !d->isFloating()
                    && m_window->dockWidgetArea(d) == m_window->dockWidgetArea(m_dock))
                    rowHeight = std::max(rowHeight, d->height());
            }
            if (rowHeight < kFirstHeight)
                m_window->resizeDocks({m_dock}, {kFirstHeight}, Qt::Vertical);
            // Wider once the layout has settled: at most 60% of the row, so
            // that a small window keeps Live Charts usable, and no more than
            // the docks beside it can give up, so that the window never grows.
            QTimer::singleShot(0, this, [this] {
                if (m_dock->isHidden() || m_dock->isFloating())
                    return;
                const QList<QDockWidget *> tabs = m_window->tabifiedDockWidgets(m_dock);
                int row = m_dock->width();
                int spare = 0;
                for (QDockWidget *d : m_window->findChildren<QDockWidget *>()) {
                    if (d == m_dock || tabs.contains(d) || !d->isVisible() || d->isFloating()
                        || m_window->dockWidgetArea(d) != m_window->dockWidgetArea(m_dock))
                        continue;
                    row += d->width();
                    spare += std::max(0, d->width() - std::max(d->minimumWidth(), d->minimumSizeHint().width()));
                }
                const int width = std::min({kFirstWidth, row * 3 / 5, m_dock->width() + spare});
                if (width > m_dock->width())
                    m_window->resizeDocks({m_dock}, {width}, Qt::Horizontal);
            });
        }
    });

    // While runs for Compare go: how many are done, and a way to stop them.
    m_progress = new QWidget(window);
    m_progress->setObjectName(QStringLiteral("compareProgress"));
    auto *progressLayout = new QHBoxLayout(m_progress);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    auto *progressLabel = new QLabel(tr("Runs for Compare:"), m_progress);
    m_progressBar = new QProgressBar(m_progress);
    m_progressBar->setMaximumWidth(160);
    m_progressBar->setAccessibleName(tr("Runs for Compare done"));
    auto *cancel = new QPushButton(tr("Cancel"), m_progress);
    m_cancelButton = cancel;
    cancel->setObjectName(QStringLiteral("cancelCompareButton"));
    cancel->setAccessibleDescription(tr("Stop the runs for Compare; nothing is recorded"));
    connect(cancel, &QPushButton::clicked, this, &HistoryUi::cancelCompare);
    progressLayout->addWidget(progressLabel);
    progressLayout->addWidget(m_progressBar);
    progressLayout->addWidget(cancel);
    window->statusBar()->addPermanentWidget(m_progress);
    m_progress->hide();

    connect(m_store, &HistoryStore::unavailable, this, [this](const QString &problem) {
        showMessage(tr("Runs are not recorded: %1").arg(problem), 20000);
    });
    connect(m_panel, &HistoryDock::newHistoryStarted, this, [this](const QString &keptAs) {
        showMessage(tr("A new run history is started; the file that could not be used is kept as %1.")
                        .arg(QDir::toNativeSeparators(keptAs)),
                    20000);
    });
    connect(m_panel, &HistoryDock::openRunRequested, this, &HistoryUi::openRun);
    connect(m_panel, &HistoryDock::openModelRequested, this, &HistoryUi::openModel);
    connect(m_panel, &HistoryDock::compareRequested, this, &HistoryUi::compare);
    connect(window, &MainWindow::contextMenuAboutToShow, this, &HistoryUi::addContextActions);
    // A run deleted while its window is open: the window says so (it still
    // said "Run #9", and Open This Model did nothing it could see).
    connect(m_model, &HistoryModel::removed, this, [this](const QList<qint64> &ids) {
        for (RecordedRunView *view : m_window->findChildren<RecordedRunView *>()) {
            if (ids.contains(view->runId()))
                view->setDeleted();
        }
    });
    // Renamed or tagged in the list (or read again after another window
    // changed the file): an open run window's title and banner follow.
    const auto followNames = [this] {
        for (RecordedRunView *view : m_window->findChildren<RecordedRunView *>()) {
            const int row = m_model->rowOf(view->runId());
            if (const history::RunSummary *run = row < 0 ? nullptr : m_model->run(row))
                view->setNameAndTags(run->name, run->tags);
        }
    };
    connect(m_model, &HistoryModel::dataChanged, this, followNames);
    connect(m_model, &HistoryModel::loaded, this, followNames);
}

void HistoryUi::showDock()
{
    m_dock->show();
    m_dock->raise();
}

void HistoryUi::layoutRestored(bool olderLayout)
{
    // Shown by the saved layout: the size is the user's.
    m_dockSized = m_dockSized || !m_dock->isHidden();
    if (olderLayout)
        tabBesideProblems();
}

void HistoryUi::tabBesideProblems()
{
    auto *problems = m_window->findChild<QDockWidget *>(QStringLiteral("problemsDock"));
    if (problems && !problems->isFloating() && !m_dock->isFloating()
        && m_window->dockWidgetArea(problems) == Qt::BottomDockWidgetArea
        && m_window->dockWidgetArea(m_dock) == Qt::BottomDockWidgetArea
        && !m_window->tabifiedDockWidgets(problems).contains(m_dock))
        m_window->tabifyDockWidget(problems, m_dock);
}

HistoryUi::~HistoryUi()
{
    m_cancel->store(true); // runs for Compare stop at their next step
    m_workers.waitForDone();
    // The recorder's last write (a run still going ends as stopped) goes
    // through the store: recorder first, then the store waits for it.
    delete m_recorder;
    m_recorder = nullptr;
    m_store->waitForIdle();
}

void HistoryUi::showMessage(const QString &text, int milliseconds)
{
    m_window->statusBar()->showMessage(text, milliseconds);
}

void HistoryUi::fetch(const std::vector<qint64> &ids,
                      std::function<void(std::vector<history::RunRecord>)> done)
{
    if (!m_store->isReady()) {
        showMessage(m_store->problem().isEmpty()
                        ? tr("The run history is still opening.")
                        : tr("No run history: %1").arg(m_store->problem()));
        return;
    }
    auto records = std::make_shared<std::vector<history::RunRecord>>();
    auto missing = std::make_shared<std::vector<qint64>>();
    m_store->submit(
        [ids, records, missing](history::RunStore &store) {
            for (qint64 id : ids) {
                if (std::optional<history::RunRecord> r = store.get(id))
                    records->push_back(std::move(*r));
                else
                    missing->push_back(id);
            }
        },
        [this, records, missing, done] {
            if (!missing->empty()) {
                showMessage(tr("Run #%1 is no longer in the history.").arg(missing->front()));
                m_model->reload();
                return;
            }
            done(std::move(*records));
        });
}

void HistoryUi::openRun(qint64 id)
{
    fetch({id}, [this](std::vector<history::RunRecord> records) {
        auto *view = new RecordedRunView(records.front(), m_window);
        // The model as the window holds it: also once the run is deleted.
        connect(view, &RecordedRunView::openModelRequested, this, [this, view] { showModel(view->record()); });
        view->show();
        emit runOpened(view);
    });
}

void HistoryUi::openModel(qint64 id)
{
    fetch({id}, [this](std::vector<history::RunRecord> records) { showModel(records.front()); });
}

void HistoryUi::showModel(const history::RunRecord &record)
{
    ModelLoadOptions options;
    options.keepInvalid = true;
    ModelLoadResult loaded = parseModel(record.modelJson, options);
    if (!loaded.ok()) {
        QMessageBox::warning(m_window, tr("Open This Model"),
                             tr("The model of run #%1 cannot be read again.").arg(record.id));
        return;
    }
    // An attempt at a challenge: its answer, with the challenge open.
    if (record.challengeId && m_attemptOpener) {
        if (const std::optional<bool> opened
            = m_attemptOpener(*record.challengeId, record.tags, *loaded.model, record.id)) {
            if (*opened)
                emit modelOpened(record.id);
            return;
        }
    }
    if (!m_window->fileController()->maybeSave())
        return;
    Document *document = m_window->document();
    document->resetModel(std::move(*loaded.model));
    // Unchanged, it is kept in the run history: closing or opening another
    // model loses nothing and does not ask. An edit makes it unsaved.
    document->setUntitledName(
        tr("%1 (run #%2)").arg(QString::fromStdString(record.name)).arg(record.id));
    m_window->refreshProblems();
    QTimer::singleShot(0, m_window->view(), &CanvasView::fitAll);
    const QStringList edits = describeEdits(record.edits, document->model().workload.duration);
    if (record.challengeId) {
        showMessage(tr("Opened the model of run #%1 as a plain model: its challenge (%2) is not "
                       "among the challenges of Challenge > Challenges..., so it cannot be opened "
                       "with it.")
                        .arg(record.id)
                        .arg(QString::fromStdString(*record.challengeId)));
    } else if (edits.isEmpty()) {
        showMessage(
            tr("Opened the model of run #%1 as it ran (seed %2), as a new document; File > Save "
               "As keeps it in a file.")
                .arg(record.id)
                .arg(record.seed));
    } else {
        // The model has the changes; when they were made is only in the list.
        auto *box = new QMessageBox(
            QMessageBox::Information, tr("Changed While Running"),
            tr("These changes were made while run #%1 was running. The model includes them, as if "
               "they had been there from the start:")
                .arg(record.id),
            QMessageBox::Ok, m_window);
        box->setObjectName(QStringLiteral("runEditsMessage"));
        box->setInformativeText(edits.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        showMessage(tr("Opened the model of run #%1; it was changed while it ran (see the list).")
                        .arg(record.id));
    }
    emit modelOpened(record.id);
}

void HistoryUi::compare(const std::vector<qint64> &ids)
{
    if (ids.size() < 2 || ids.size() > std::size_t(HistoryDock::kMaxCompared))
        return;
    fetch(ids, [this](std::vector<history::RunRecord> records) {
        auto *view = new CompareView(std::move(records), m_window);
        connect(view, &CompareView::openRunRequested, this, &HistoryUi::openRun);
        view->show();
        emit compareOpened(view);
    });
}

} // namespace cqrs

namespace cqrs {

struct HistoryUi::Variant
{
    Model model;
    std::string name;
    std::string result; ///< empty when it failed
    std::string series;
    std::string error;
};

void HistoryUi::addContextActions(QMenu *menu, const std::vector<std::string> &elementIds)
{
    if (elementIds.size() != 1)
        return;
    const std::string id = elementIds.front();
    if (const ReadModel *rm = m_window->document()->model().readModel(id)) {
        menu->addSeparator();
        const int current = rm->consumers;
        // Named, and the range said: 10 could not be typed, with no word why.
        const QString name = QString::fromStdString(rm->name.empty() ? rm->id : rm->name);
        QAction *action = menu->addAction(tr("Compare Consumer Counts…"), this, [this, id, current, name] {
            bool ok = false;
            const int upTo = QInputDialog::getInt(
                m_window, tr("Compare Consumer Counts"),
                tr("Run the model once with each count of consumers on %1, from 1 up to (2 to %2; the runs "
                   "open side by side in Compare):")
                    .arg(boundedText(name, 60))
                    .arg(kMaxComparedConsumers),
                std::clamp(current * 2, 2, kMaxComparedConsumers), 2, kMaxComparedConsumers, 1, &ok);
            if (ok)
                compareConsumers(id, upTo);
        });
        action->setObjectName(QStringLiteral("compareConsumersAction"));
        action->setToolTip(tr("Run the model once per consumer count of this read model, with the "
                              "same seed, and compare the runs"));
        explainUnavailable(action, tr("Compare Consumer Counts"));
        return;
    }
    if (!m_window->document()->model().query(id))
        return;
    menu->addSeparator();
    QAction *action = menu->addAction(tr("Compare Read Strategies"), this,
                                      [this, id] { compareStrategies(id); });
    action->setObjectName(QStringLiteral("compareStrategiesAction"));
    action->setToolTip(
        tr("Run the model once per read-your-writes strategy of this query, with the same seed, "
           "and compare the runs"));
    explainUnavailable(action, tr("Compare Read Strategies"));
}

void HistoryUi::explainUnavailable(QAction *action, const QString &name) const
{
    // The runs are compared from the history: without one, or while another
    // comparison runs, the menu says why rather than only greying the entry.
    QString why;
    if (m_comparing)
        why = tr("another comparison is running");
    else if (m_store->state() == HistoryStore::State::Opening)
        why = tr("the run history is opening");
    else if (!m_store->isReady())
        why = tr("needs the run history");
    action->setEnabled(why.isEmpty());
    if (!why.isEmpty())
        action->setText(tr("%1 (%2)").arg(name, why));
}

bool HistoryUi::compareStrategies(const std::string &queryId)
{
    const std::optional<Model> runnable = m_window->runUi()->runnableModel();
    if (!runnable)
        return false;
    const Query *query = runnable->query(queryId);
    if (!query) {
        showMessage(tr("There is no query %1 to compare strategies on.")
                        .arg(QString::fromStdString(queryId)));
        return false;
    }
    std::vector<std::pair<std::string, Model>> runs;
    const std::string queryName = query->name.empty() ? query->id : query->name;
    for (Strategy strategy : {Strategy::Eventual, Strategy::WaitForVersion,
                              Strategy::ReadFromWriteModel, Strategy::OptimisticUi}) {
        Model model = *runnable;
        model.query(queryId)->consistency.strategy
            = strategy; // the same seed: only the strategy differs
        runs.emplace_back((runnable->name.empty() ? tr("Untitled").toStdString() : runnable->name)
                              + " — " + queryName + ": " + std::string(toString(strategy)),
                          std::move(model));
    }
    return compareModels(std::move(runs), tr("Running %1 with each read strategy of %2…")
                                              .arg(QString::fromStdString(runnable->name),
                                                   QString::fromStdString(queryName)));
}

bool HistoryUi::compareConsumers(const std::string &readModelId, int upTo)
{
    const std::optional<Model> runnable = m_window->runUi()->runnableModel();
    if (!runnable)
        return false;
    const ReadModel *readModel = runnable->readModel(readModelId);
    if (!readModel) {
        showMessage(tr("There is no read model %1 to compare consumer counts on.")
                        .arg(QString::fromStdString(readModelId)));
        return false;
    }
    upTo = std::clamp(upTo, 2, kMaxComparedConsumers);
    const std::string modelName
        = runnable->name.empty() ? tr("Untitled").toStdString() : runnable->name;
    const std::string readModelName = readModel->name.empty() ? readModel->id : readModel->name;
    std::vector<std::pair<std::string, Model>> runs;
    for (int consumers = 1; consumers <= upTo; ++consumers) {
        Model model = *runnable;
        model.readModel(readModelId)->consumers = consumers; // the same seed: only this differs
        const QString m = QString::fromStdString(modelName), rm = QString::fromStdString(readModelName);
        const QString name = consumers == 1
                                 ? tr("%1 — %2: 1 consumer").arg(m, rm)
                                 : tr("%1 — %2: %3 consumers").arg(m, rm, QString::number(consumers));
        runs.emplace_back(name.toStdString(), std::move(model));
    }
    return compareModels(std::move(runs), tr("Running %1 with 1 to %2 consumers on %3…")
                                              .arg(QString::fromStdString(modelName))
                                              .arg(upTo)
                                              .arg(QString::fromStdString(readModelName)));
}

bool HistoryUi::compareModels(std::vector<std::pair<std::string, Model>> runs,
                              const QString &running)
{
    if (!m_store->isReady()) {
        showMessage(m_store->problem().isEmpty()
                        ? tr("The run history is still opening.")
                        : tr("No run history: %1").arg(m_store->problem()));
        return false;
    }
    if (m_comparing) {
        showMessage(tr("A comparison is still running."));
        return false;
    }
    if (runs.size() < 2 || runs.size() > 6)
        return false;
    for (const auto &[name, model] : runs) {
        const std::string limit = sim::checkRunLimits(model);
        if (!limit.empty()) {
            showMessage(tr("Cannot run %1: %2")
                            .arg(QString::fromStdString(name), QString::fromStdString(limit)));
            return false;
        }
    }
    auto variants = std::make_shared<std::vector<Variant>>();
    for (auto &[name, model] : runs) {
        Variant v;
        v.model = std::move(model);
        v.name = name;
        variants->push_back(std::move(v));
    }
    m_comparing = true;
    showMessage(running, 0);
    m_stopCompare = std::make_shared<std::atomic<bool>>(false);
    m_progressBar->setRange(0, int(variants->size()));
    m_progressBar->setValue(0);
    m_progressBar->setFormat(tr("%v of %m runs"));
    m_cancelButton->setEnabled(true);
    m_progress->setToolTip(running);
    m_progress->show();
    // The runs are independent: one task each, on every core.
    auto left = std::make_shared<std::atomic<int>>(int(variants->size()));
    const QString appVersion = QCoreApplication::applicationVersion();
    for (std::size_t i = 0; i < variants->size(); ++i) {
        m_workers.start([this, variants, i, left, appVersion, closing = m_cancel, stop = m_stopCompare] {
            Variant &v = (*variants)[i];
            auto stopped = [closing, stop] { return closing->load() || stop->load(); };
            try {
                // The runs share the process's memory budget with every other
                // run going (docs/limits.md): this one waits while they fill it.
                const sim::MemoryBudget::Reservation memory
                    = sim::reserveRunMemory(v.model, sim::MemoryBudget::process(), stopped);
                if (closing->load())
                    return; // the window is closing: nothing is recorded
                if (memory) {
                    sim::SimulationOptions options;
                    options.series = true;
                    options.seriesMaxPoints = history::kMaxSeriesPoints;
                    sim::Simulation simulation(v.model, options);
                    while (simulation.step()) {
                        if (stopped())
                            break;
                    }
                    if (closing->load())
                        return;
                    if (!stop->load()) {
                        Json result = simulation.result();
                        v.series = history::takeSeriesText(result);
                        v.result = sim::formatResult(result);
                    }
                }
            } catch (const std::exception &e) {
                v.error = e.what();
            }
            const int remaining = --*left;
            // Posted to this object (never to a widget the window may already
            // have deleted while closing); values may arrive out of order.
            QMetaObject::invokeMethod(
                this,
                [this, done = int(variants->size()) - remaining] {
                    if (m_progressBar)
                        m_progressBar->setValue(std::max(m_progressBar->value(), done));
                },
                Qt::QueuedConnection);
            if (remaining > 0)
                return;
            // The last one records them all, in the order given, then Compare opens.
            QMetaObject::invokeMethod(
                this,
                [this, variants, appVersion, stop] {
                    if (stop->load()) {
                        m_comparing = false;
                        if (m_progress)
                            m_progress->hide();
                        showMessage(tr("Cancelled: nothing was recorded."));
                        return;
                    }
                    if (m_cancelButton)
                        m_cancelButton->setEnabled(false); // recording: too late to cancel
                    recordVariants(variants, appVersion);
                },
                Qt::QueuedConnection);
        });
    }
    return true;
}

void HistoryUi::cancelCompare()
{
    if (m_comparing && m_stopCompare)
        m_stopCompare->store(true);
}

void HistoryUi::recordVariants(std::shared_ptr<std::vector<Variant>> variants,
                               const QString &appVersion)
{
    auto ids = std::make_shared<std::vector<qint64>>();
    m_store->submit(
        [variants, ids, appVersion](history::RunStore &store) {
            for (const Variant &variant : *variants) {
                history::RunStart start;
                start.name = variant.name;
                start.modelName = variant.model.name;
                start.modelJson = serializeModel(variant.model);
                start.seed = variant.model.workload.seed;
                start.appVersion = appVersion.toStdString();
                const std::int64_t id = store.beginRun(start);
                if (id == 0)
                    continue;
                history::RunEnd end;
                end.status = variant.result.empty() ? history::RunStatus::Failed
                                                    : history::RunStatus::Finished;
                end.result = variant.result;
                end.series = variant.series;
                if (store.finishRun(id, end))
                    ids->push_back(id);
            }
        },
        [this, ids, variants] {
            m_comparing = false;
            if (m_progress)
                m_progress->hide();
            emit m_store->runsChanged();
            QString failed;
            for (const Variant &v : *variants) {
                if (!v.error.empty())
                    failed = QString::fromStdString(v.name + ": " + v.error);
            }
            showMessage(failed.isEmpty() ? tr("Recorded %1 runs for Compare.").arg(ids->size())
                                         : tr("A run failed: %1").arg(failed));
            if (ids->size() >= 2)
                compare(*ids);
        });
}

} // namespace cqrs
