#include "cqrs/ui/sweep/sweepui.h"

#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/history/historydock.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/sweep/sweepdialog.h"
#include "cqrs/ui/sweep/sweepfieldmenu.h"
#include "cqrs/ui/sweep/sweeprunner.h"
#include "cqrs/ui/sweep/sweepview.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>

namespace cqrs {

SweepUi::SweepUi(MainWindow *window, HistoryUi *history)
    : QObject(window)
    , m_window(window)
    , m_history(history)
{
    qRegisterMetaType<cqrs::SweepView *>();
    connect(window->inspector(), &Inspector::sweepRequested, this, &SweepUi::openDialog);
    // "Open Sweep" on a sweep point in the Run History dock.
    HistoryDock *panel = history->panel();
    m_openSweep = new QAction(tr("Open Sweep"), panel);
    m_openSweep->setObjectName(QStringLiteral("openSweepAction"));
    m_openSweep->setToolTip(tr("Show the trade-off chart of the sweep this run belongs to"));
    m_openSweep->setEnabled(false);
    // With the other ways to open runs, after Compare.
    const QList<QAction *> listed = panel->view()->actions();
    panel->view()->insertAction(listed.value(listed.indexOf(panel->compareAction()) + 1),
                                m_openSweep);
    connect(m_openSweep, &QAction::triggered, this, [this] {
        if (const std::optional<qint64> id = selectedSweep())
            openSweep(*id);
    });
    // Where a user looks for it too: the Run menu (it was only in the
    // Inspector's context menu of a number).
    m_sweep = new QAction(tr("&Sweep…"), this);
    m_sweep->setObjectName(QStringLiteral("runSweepAction"));
    m_sweep->setToolTip(tr("Run the model at a range of values of one field and chart the "
                           "trade-off; right-click a number in the Inspector to sweep it"));
    m_sweep->setStatusTip(m_sweep->toolTip());
    connect(m_sweep, &QAction::triggered, this, [this] { openDialog(suggestedPath()); });
    // Beside the other way to run the model more than once (A/B).
    if (auto *menu = window->findChild<QMenu *>(QStringLiteral("runMenu"))) {
        const QList<QAction *> actions = menu->actions();
        qsizetype after = -1;
        for (qsizetype i = 0; i < actions.size(); ++i) {
            if (actions[i]->objectName() == QLatin1String("runWithVariantAction"))
                after = i;
        }
        if (after < 0)
            menu->addAction(m_sweep);
        else
            menu->insertAction(actions.value(after + 1), m_sweep); // appended when it is last
    }
    // The runs stop before the history they record into goes (the window closing).
    connect(history, &QObject::destroyed, this, [this] {
        delete m_runner;
        m_runner = nullptr;
    });
    auto updateAction = [this] { m_openSweep->setEnabled(selectedSweep().has_value()); };
    connect(panel->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this, updateAction);
    connect(history->model(), &QAbstractItemModel::modelReset, this, updateAction);
}

SweepUi::~SweepUi()
{
    delete m_runner; // stops the runs and waits for them
}

void SweepUi::showMessage(const QString &text, int milliseconds)
{
    m_window->statusBar()->showMessage(text, milliseconds);
}

std::optional<qint64> SweepUi::selectedSweep() const
{
    const std::vector<qint64> ids = m_history->panel()->selectedIds();
    if (ids.size() != 1)
        return std::nullopt;
    const int row = m_history->model()->rowOf(ids.front());
    const history::RunSummary *run = row >= 0 ? m_history->model()->run(row) : nullptr;
    if (!run || !run->sweepId)
        return std::nullopt;
    return *run->sweepId;
}

QString SweepUi::suggestedPath() const
{
    for (QWidget *w = QApplication::focusWidget(); w; w = w->parentWidget()) {
        if (auto *field = qobject_cast<QAbstractSpinBox *>(w); field && m_window->inspector()->isAncestorOf(w)) {
            if (const std::optional<std::string> path = sweepPathOf(field))
                return QString::fromStdString(*path);
            break;
        }
    }
    const std::vector<std::string> selected = m_window->scene()->selectedElementIds();
    if (selected.size() == 1 && m_window->document()->model().readModel(selected.front()))
        return QStringLiteral("readModels.%1.consumers").arg(QString::fromStdString(selected.front()));
    return QStringLiteral("workload.commandRate");
}

void SweepUi::openDialog(const QString &path)
{
    const std::optional<Model> model = m_window->runUi()->runnableModel();
    if (!model)
        return;
    auto *dialog = new SweepDialog(*model, path, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, model = *model] {
        if (const std::optional<SweepRequest> request = dialog->request())
            start(model, *request);
    });
    dialog->open();
    emit dialogOpened(dialog);
}

bool SweepUi::start(const Model &model, const SweepRequest &request)
{
    if (m_runner && m_runner->isRunning()) {
        showMessage(tr("A sweep is still running: cancel it or wait for it first."));
        return false;
    }
    delete m_runner; // its view keeps the figures it showed
    m_runner = new SweepRunner(m_history->store(), this);
    QString error;
    if (!m_runner->start(model, request, &error)) {
        QMessageBox::warning(m_window, tr("Sweep"), tr("The sweep cannot run. %1").arg(error));
        delete m_runner;
        m_runner = nullptr;
        return false;
    }
    if (!m_history->store()->isReady())
        showMessage(tr("The sweep runs but is not recorded: there is no run history."), 12000);
    auto *view = new SweepView(m_runner, m_window);
    connect(view, &SweepView::openRunRequested, m_history, &HistoryUi::openRun);
    connect(m_runner, &SweepRunner::finished, this, [this](bool cancelled) {
        showMessage(cancelled ? tr("Sweep cancelled; the runs that finished are recorded.")
                              : tr("Sweep finished."));
    });
    view->show();
    emit sweepOpened(view);
    return true;
}

void SweepUi::openSweep(qint64 sweepId)
{
    HistoryStore *store = m_history->store();
    if (!store->isReady()) {
        showMessage(tr("No run history: %1").arg(store->problem()));
        return;
    }
    auto group = std::make_shared<std::optional<history::SweepInfo>>();
    auto runs = std::make_shared<std::vector<history::RunRecord>>();
    store->submit(
        [sweepId, group, runs](history::RunStore &s) {
            for (const history::SweepInfo &info : s.sweeps()) {
                if (info.id == sweepId)
                    *group = info;
            }
            history::ListFilter filter;
            filter.sweepId = sweepId;
            for (const history::RunSummary &summary : s.list(filter)) {
                if (std::optional<history::RunRecord> record = s.get(summary.id))
                    runs->push_back(std::move(*record));
            }
        },
        [this, sweepId, group, runs] {
            if (!*group) {
                showMessage(tr("Sweep #%1 is no longer in the history.").arg(sweepId));
                return;
            }
            QString error;
            std::optional<SweepData> data = sweepFromHistory(**group, *runs, &error);
            if (!data) {
                showMessage(error);
                return;
            }
            auto *view = new SweepView(std::move(*data), m_window);
            connect(view, &SweepView::openRunRequested, m_history, &HistoryUi::openRun);
            view->show();
            emit sweepOpened(view);
        });
}

} // namespace cqrs
