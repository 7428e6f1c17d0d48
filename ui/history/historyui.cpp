#include "historyui.h"

#include "canvasview.h"
#include "compareview.h"
#include "document.h"
#include "historydock.h"
#include "historymodel.h"
#include "historyrecorder.h"
#include "historystore.h"
#include "mainwindow.h"
#include "recordedrunview.h"

#include <cqrs/model/modeljson.h>

#include <QDockWidget>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

namespace cqrs {

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
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        // The first time it shows: room for a dozen runs.
        if (visible && !m_dockSized && !m_dock->isFloating()) {
            m_dockSized = true;
            m_window->resizeDocks({m_dock}, {320}, Qt::Vertical);
        }
    });

    connect(m_store, &HistoryStore::unavailable, this, [this](const QString &problem) {
        showMessage(tr("Runs are not recorded: %1").arg(problem), 20000);
    });
    connect(m_panel, &HistoryDock::openRunRequested, this, &HistoryUi::openRun);
    connect(m_panel, &HistoryDock::openModelRequested, this, &HistoryUi::openModel);
    connect(m_panel, &HistoryDock::compareRequested, this, &HistoryUi::compare);
}

HistoryUi::~HistoryUi()
{
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

void HistoryUi::fetch(const std::vector<qint64> &ids, std::function<void(std::vector<history::RunRecord>)> done)
{
    if (!m_store->isReady()) {
        showMessage(m_store->problem().isEmpty() ? tr("The run history is still opening.")
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
        connect(view, &RecordedRunView::openModelRequested, this, &HistoryUi::openModel);
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
    if (!m_window->maybeSave())
        return;
    Document *document = m_window->document();
    document->resetModel(std::move(*loaded.model));
    document->undoStack()->resetClean(); // not saved anywhere yet: closing asks
    document->setUntitledName(tr("%1 (run #%2)").arg(QString::fromStdString(record.name)).arg(record.id));
    m_window->refreshProblems();
    QTimer::singleShot(0, m_window->view(), &CanvasView::fitAll);
    const QStringList edits = describeEdits(record.edits);
    if (edits.isEmpty()) {
        showMessage(tr("Opened the model of run #%1 as it ran (seed %2), as a new unsaved document.")
                        .arg(record.id)
                        .arg(record.seed));
    } else {
        // The model is the one the run started with; the changes came later.
        auto *box = new QMessageBox(QMessageBox::Information, tr("Changed While Running"),
                                    tr("This is the model run #%1 started with. These changes were made while it "
                                       "ran and are not in it:")
                                        .arg(record.id),
                                    QMessageBox::Ok, m_window);
        box->setObjectName(QStringLiteral("runEditsMessage"));
        box->setInformativeText(edits.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        showMessage(tr("Opened the model of run #%1; it was changed while it ran (see the list).").arg(record.id));
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
