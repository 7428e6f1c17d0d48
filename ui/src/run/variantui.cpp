#include "cqrs/ui/run/variantui.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/windowkeys.h"

#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/history/historyrecorder.h"
#include "cqrs/ui/history/historyui.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"
#include "cqrs/ui/run/summarywidget.h"
#include "cqrs/ui/editor/scene.h"

#include <cqrs/history/compare.h>
#include <cqrs/model/modeljson.h>

#include <QAction>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMenu>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace cqrs {

namespace {

/// Parameters that are not B's to change: the name tells the runs apart,
/// and both runs use A's seed.
bool ignoredDifference(const std::string &path)
{
    return path == "name" || path == "description" || path == "workload.seed";
}

constexpr int kMaxListedDifferences = 200; ///< a B rewritten wholesale still lists in a blink

} // namespace

VariantUi::VariantUi(MainWindow *window, RunUi *runUi, HistoryUi *history)
    : QObject(window)
    , m_window(window)
    , m_runUi(runUi)
    , m_history(history)
    , m_controller(new RunController(this))
{
    m_action = new QAction(tr("Run with a Varia&nt (A/B)"), this);
    m_action->setObjectName(QStringLiteral("runWithVariantAction"));
    m_action->setCheckable(true);
    m_action->setShortcut(QKeySequence(tr("Ctrl+Shift+B")));
    m_action->setToolTip(tr("Duplicate the model as variant B, change B's parameters, then run A and B at "
                            "once with the same seed, their charts overlaid; choose again to leave A/B"));
    m_action->setStatusTip(m_action->toolTip());
    connect(m_action, &QAction::toggled, this, [this](bool on) {
        if (on) {
            enter();
        } else if (!requestLeave() && isActive()) {
            const QSignalBlocker blocker(m_action); // still on: B stays
            m_action->setChecked(true);
            if (m_dock && !m_dock->isVisible()) // closed with its title bar's button
                m_dock->show();
        }
    });
    // After Run, Pause, Step, Stop and Reset: A/B is one more way to run.
    QMenu *menu = m_runUi->runMenu();
    const QList<QAction *> actions = menu->actions();
    const int after = int(actions.indexOf(m_runUi->runBar()->resetAction()));
    menu->insertAction(actions.value(after + 1), m_action);

    if (m_history) {
        m_recorder = new HistoryRecorder(m_controller, m_history->store(), this);
        connect(m_recorder, &HistoryRecorder::runRecorded, this, [this](qint64 id, bool ended) {
            m_runB = id;
            m_endedB = ended;
            updateCompare();
        });
        connect(m_history->recorder(), &HistoryRecorder::runRecorded, this, [this](qint64 id, bool ended) {
            m_runA = id;
            m_endedA = ended;
            updateCompare();
        });
    }

    ChartsPanel *charts = m_runUi->charts();
    connect(m_controller, &RunController::runStarted, this, [this, charts](const Model &model) {
        m_runB = 0;
        m_endedB = false;
        updateCompare();
        charts->beginVariant(model, differencesHtml());
        // The window chart on a read model B changes: on another one A's and
        // B's lines lie on each other, as if B changed nothing.
        QStringList changed;
        for (const Difference &d : computeDifferences()) {
            static constexpr std::string_view prefix = "readModels.";
            if (d.path.starts_with(prefix)) {
                const std::string rest = d.path.substr(prefix.size());
                const QString id = QString::fromStdString(rest.substr(0, rest.find('.')));
                if (!changed.contains(id))
                    changed << id;
            }
        }
        charts->focusReadModelAmong(changed);
        // After A's runStarted: the summary dock shows A's result alone; say
        // so, and where B's is (only when B did start).
        m_runUi->summary()->setNote(
            tr("A/B run: these are A's figures (the model). B, “%1”, ran beside it with the same seed; "
               "Compare A and B in the Variant B tab puts the two side by side.")
                .arg(QString::fromStdString(model.name)));
    });
    connect(m_controller, &RunController::samplesArrived, charts, &ChartsPanel::addVariantSamples);
    connect(m_controller, &RunController::runFinished, charts, &ChartsPanel::showVariantResult);
    connect(m_controller, &RunController::message, this, [this](const QString &text) {
        m_window->statusBar()->showMessage(tr("Variant B: %1").arg(text), 8000);
    });
    connect(m_runUi->controller(), &RunController::runStarted, this, [this] {
        m_runA = 0;
        m_endedA = false;
        updateCompare();
        m_runUi->summary()->setNote({}); // B's runStarted, next, sets it
    });
    // Another model in the window: B was a copy of the one that went.
    connect(m_window->document(), &Document::changed, this, [this](const ChangeEvent &event) {
        if (event.type == ChangeEvent::Type::Reset && isActive())
            leave();
        else if (isActive())
            updateDifferences();
    });
}

VariantUi::~VariantUi()
{
    m_runUi->controller()->setFollower(nullptr);
    delete m_dock; // B's inspector goes before B's document
    // A B run still going is recorded as stopped, through the history that is still there.
    delete m_recorder;
}

void VariantUi::enter()
{
    if (isActive())
        return;
    // Compare A and B compares this A/B's runs, not the pair of an earlier one.
    m_runA = m_runB = 0;
    m_endedA = m_endedB = false;
    Model b = m_window->document()->model();
    const QString name = b.name.empty() ? tr("Untitled model") : QString::fromStdString(b.name);
    b.name = tr("%1 (variant B)").arg(name).toStdString();
    m_start = b;
    m_variant = new Document(this);
    m_variant->resetModel(std::move(b));
    // A challenge's locks hold in B too: what B changes may go into the answer.
    m_variant->setLocks(m_window->document()->lockedElements(), m_window->document()->isWorkloadLocked());
    m_variant->setUntitledName(tr("Variant B"));

    m_dock = new QDockWidget(tr("Variant B"), m_window);
    m_dock->setObjectName(QStringLiteral("variantDock"));
    m_dock->setAttribute(Qt::WA_DeleteOnClose, false);
    auto *panel = new QWidget(m_dock);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *intro = new QLabel(tr("<b>Variant B</b> of the model. Select an element on the canvas and change its "
                                "values here; <b>Run</b> (F5) then runs A and B at once with A's seed, "
                                "their charts overlaid."),
                             panel);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *listLabel = new QLabel(tr("What B changes:"), panel);
    layout->addWidget(listLabel);
    m_list = new QListWidget(panel);
    m_list->setObjectName(QStringLiteral("variantDifferences"));
    m_list->setAccessibleName(tr("What variant B changes"));
    m_list->setMaximumHeight(110);
    listLabel->setBuddy(m_list);
    layout->addWidget(m_list);

    auto *buttons = new QHBoxLayout;
    // Buttons of a fixed width: the edit they take back or do again is in
    // their tooltip (with it in their text, "Undo in B Change Handler time
    // median of UpdateEmail" widened the whole column).
    QUndoStack *stack = m_variant->undoStack();
    auto *undo = new QAction(tr("Undo in B"), m_dock);
    undo->setObjectName(QStringLiteral("variantUndo"));
    auto *redo = new QAction(tr("Redo in B"), m_dock);
    redo->setObjectName(QStringLiteral("variantRedo"));
    connect(undo, &QAction::triggered, stack, &QUndoStack::undo);
    connect(redo, &QAction::triggered, stack, &QUndoStack::redo);
    const auto updateUndoRedo = [stack, undo, redo] {
        undo->setEnabled(stack->canUndo());
        undo->setToolTip(stack->canUndo() ? tr("Undo in B: %1").arg(stack->undoText()) : tr("Nothing to undo in B"));
        redo->setEnabled(stack->canRedo());
        redo->setToolTip(stack->canRedo() ? tr("Redo in B: %1").arg(stack->redoText()) : tr("Nothing to redo in B"));
    };
    connect(stack, &QUndoStack::indexChanged, undo, updateUndoRedo);
    connect(stack, &QUndoStack::cleanChanged, undo, updateUndoRedo);
    updateUndoRedo();
    for (QAction *a : {undo, redo}) {
        auto *button = new QToolButton(panel);
        button->setDefaultAction(a);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    m_compare = new QPushButton(tr("Compare A and B"), panel);
    m_compare->setObjectName(QStringLiteral("compareVariantButton"));
    m_compare->setToolTip(tr("Open the last A and B runs in Compare: key figures and charts side by side"));
    connect(m_compare, &QPushButton::clicked, this, &VariantUi::compareRuns);
    buttons->addWidget(m_compare);
    auto *leaveButton = new QPushButton(tr("Leave A/B"), panel);
    leaveButton->setObjectName(QStringLiteral("leaveVariantButton"));
    connect(leaveButton, &QPushButton::clicked, this, [this] { m_action->setChecked(false); });
    buttons->addWidget(leaveButton);
    layout->addLayout(buttons);

    m_inspector = new Inspector(m_variant, panel);
    m_inspector->setSweepEnabled(false); // a sweep runs A's model: B's fields would sweep the wrong one
    m_inspector->setObjectName(QStringLiteral("variantInspector"));
    layout->addWidget(m_inspector, 1);
    m_dock->setWidget(panel);
    // Ctrl+Z and Ctrl+Shift+Z inside the dock undo B's edits, not A's; closing it leaves A/B.
    m_dock->installEventFilter(this);
    connect(m_inspector, &Inspector::statusMessage, this,
            [this](const QString &text) { m_window->statusBar()->showMessage(text, 6000); });
    connect(m_variant, &Document::changed, this, [this] { updateDifferences(); });
    connect(m_window->scene(), &QGraphicsScene::selectionChanged, this, &VariantUi::followSelection);

    auto *inspectorDock = m_window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    if (inspectorDock) {
        m_inspectorTitle = inspectorDock->windowTitle();
        inspectorDock->setWindowTitle(tr("Inspector (A)"));
        m_window->tabifyDockWidget(inspectorDock, m_dock);
    } else {
        m_window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    }
    m_dock->show();
    m_dock->raise();
    followSelection();
    updateDifferences();
    updateCompare();

    m_runUi->controller()->setFollower(m_controller, [this](const Model &a) { return variantOf(a); });
    if (m_runUi->controller()->isActive())
        m_window->statusBar()->showMessage(tr("Variant B joins the next run (Run, F5)."), 8000);
    if (!m_action->isChecked()) {
        const QSignalBlocker blocker(m_action);
        m_action->setChecked(true);
    }
    emit activeChanged(true);
}

void VariantUi::leave()
{
    if (!isActive())
        return;
    m_dock->removeEventFilter(this);
    m_runUi->controller()->setFollower(nullptr);
    m_controller->reset();
    m_runUi->charts()->clearVariant();
    m_runUi->summary()->setNote({});
    disconnect(m_window->scene(), &QGraphicsScene::selectionChanged, this, &VariantUi::followSelection);
    if (auto *inspectorDock = m_window->findChild<QDockWidget *>(QStringLiteral("inspectorDock"))) {
        inspectorDock->setWindowTitle(m_inspectorTitle);
        inspectorDock->raise();
    }
    m_window->removeDockWidget(m_dock);
    m_dock->deleteLater(); // with B's inspector, before B's document
    m_variant->deleteLater();
    m_dock = nullptr;
    m_inspector = nullptr;
    m_list = nullptr;
    m_compare = nullptr;
    m_variant = nullptr;
    if (m_action->isChecked()) {
        const QSignalBlocker blocker(m_action);
        m_action->setChecked(false);
    }
    emit activeChanged(false);
}

std::vector<std::pair<std::string, std::optional<std::string>>> VariantUi::ownChanges() const
{
    // What B's own edits changed: B against the copy A/B started from, not
    // against A now (edits of A meanwhile are A's, and stay).
    std::vector<std::pair<std::string, std::optional<std::string>>> out;
    if (!m_variant)
        return out;
    for (const history::ParameterDifference &d :
         history::modelDifferences(std::vector<const Model *>{&m_start, &m_variant->model()})) {
        if (!ignoredDifference(d.path))
            out.emplace_back(d.path, d.values.size() > 1 ? d.values[1] : std::nullopt);
    }
    return out;
}

bool VariantUi::askAboutOwnChanges()
{
    return !isActive() || ownChanges().empty() || requestLeave();
}

bool VariantUi::requestLeave()
{
    if (!isActive())
        return true;
    const auto changes = ownChanges();
    if (changes.empty()) {
        leave();
        return true;
    }
    // B's edits are nowhere else: they go with B unless A takes them.
    const int n = int(changes.size());
    QMessageBox box(QMessageBox::Question, tr("Leave A/B"),
                    plural(tr("Variant B changes %n value(s) of the model. Apply B's changes to "
                              "the model, or discard them?",
                              nullptr, n),
                           n),
                    QMessageBox::NoButton, m_window);
    box.setObjectName(QStringLiteral("leaveVariantBox"));
    QStringList shown;
    for (const auto &[path, value] : changes) {
        if (shown.size() == 8) {
            shown << tr("… and %n more", nullptr, n - 8);
            break;
        }
        shown << boundedText(tr("%1 = %2").arg(QString::fromStdString(path),
                                               value ? formatParameterValue(path, *value) : tr("(not set)")),
                             160);
    }
    box.setInformativeText(shown.join(QLatin1Char('\n')) + QStringLiteral("\n\n")
                           + tr("Applying sets these values in the model (Edit > Undo takes them back)."));
    QPushButton *apply = box.addButton(tr("&Apply to Model"), QMessageBox::AcceptRole);
    QPushButton *discard = box.addButton(tr("&Discard B"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(apply);
    box.setEscapeButton(QMessageBox::Cancel);
    box.exec();
    if (!isActive()) // left meanwhile (another model opened while the box was up)
        return true;
    if (box.clickedButton() == discard) {
        leave();
        return true;
    }
    if (box.clickedButton() != apply)
        return false;
    // B's changes as one step of the model's history, as a suggestion to try
    // is applied: the model's own edits stay, a challenge's locks hold.
    Experiment experiment;
    experiment.title = tr("Variant B").toStdString();
    for (const auto &[path, value] : changes) {
        std::optional<Json> parsed;
        if (value)
            parsed = parseJsonText(*value).json;
        if (!parsed) {
            QMessageBox::warning(m_window, tr("Leave A/B"),
                                 tr("B's change of %1 cannot be applied to the model (it removes "
                                    "the value). A/B stays on.")
                                     .arg(QString::fromStdString(path)));
            return false;
        }
        experiment.set.emplace_back(path, std::move(*parsed));
    }
    QString error;
    if (!m_window->document()->applyExperiment(experiment, &error, tr("Apply Variant B"))) {
        QMessageBox::warning(m_window, tr("Leave A/B"),
                             tr("B's changes cannot be applied to the model: %1 A/B stays on.").arg(error));
        return false;
    }
    leave();
    m_window->statusBar()->showMessage(
        plural(tr("Variant B's changes applied to the model (%n value(s)); Edit > Undo takes "
                  "them back.",
                  nullptr, n),
               n),
        8000);
    return true;
}

Model VariantUi::variantOf(const Model &a) const
{
    Model b = m_variant ? m_variant->model() : a;
    b.workload.seed = a.workload.seed;
    return b;
}

void VariantUi::followSelection()
{
    if (!m_inspector)
        return;
    DiagramScene *scene = m_window->scene();
    // What B lacks (added to A since) shows B's model settings.
    std::vector<std::string> elements;
    for (const std::string &id : scene->selectedElementIds()) {
        if (m_variant->model().kindOf(id))
            elements.push_back(id);
    }
    m_inspector->setSelection(elements, elements.empty() ? std::vector<Connection>{} : scene->selectedConnections(),
                              {});
}

std::vector<VariantUi::Difference> VariantUi::computeDifferences() const
{
    std::vector<Difference> out;
    if (!m_variant)
        return out;
    const std::vector<history::ParameterDifference> diffs
        = history::modelDifferences(std::vector<const Model *>{&m_window->document()->model(), &m_variant->model()});
    for (const history::ParameterDifference &d : diffs) {
        if (ignoredDifference(d.path))
            continue;
        auto text = [&d](std::size_t i) {
            return i < d.values.size() && d.values[i] ? formatParameterValue(d.path, *d.values[i]) : tr("(not set)");
        };
        out.push_back({d.path, text(0), text(1)});
    }
    return out;
}

QStringList VariantUi::differences() const
{
    QStringList lines;
    for (const Difference &d : computeDifferences())
        lines << tr("%1: %2 (A: %3)").arg(QString::fromStdString(d.path), d.b, d.a);
    return lines;
}

QString VariantUi::differencesHtml() const
{
    const std::vector<Difference> diffs = computeDifferences();
    QStringList parts;
    for (std::size_t i = 0; i < diffs.size() && i < 6; ++i)
        parts << tr("<b>%1</b> = %2 (A: %3)")
                     .arg(boundedText(diffs[i].path, 80).toHtmlEscaped(), boundedText(diffs[i].b, 40).toHtmlEscaped(),
                          boundedText(diffs[i].a, 40).toHtmlEscaped());
    if (diffs.size() > 6)
        parts << tr("and %n more", nullptr, int(diffs.size() - 6));
    return parts.join(QStringLiteral("; "));
}

void VariantUi::updateDifferences()
{
    if (!m_list)
        return;
    m_list->clear();
    const QStringList lines = differences();
    for (int i = 0; i < lines.size() && i < kMaxListedDifferences; ++i)
        m_list->addItem(boundedText(lines[i], 160));
    if (lines.size() > kMaxListedDifferences)
        m_list->addItem(tr("… and %n more", nullptr, int(lines.size()) - kMaxListedDifferences));
    if (lines.isEmpty()) {
        m_list->addItem(tr("Nothing yet: B is a copy of A. Change a value below."));
        m_list->item(0)->setFlags(Qt::NoItemFlags);
    }
}

void VariantUi::updateCompare()
{
    if (!m_compare)
        return;
    const bool ready = m_runA > 0 && m_runB > 0 && m_endedA && m_endedB;
    m_compare->setEnabled(ready);
}

bool VariantUi::compareRuns()
{
    if (!m_history || m_runA <= 0 || m_runB <= 0 || !m_endedA || !m_endedB)
        return false;
    m_history->compare({m_runA, m_runB});
    return true;
}

bool VariantUi::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_dock && m_variant && event->type() == QEvent::Close) {
        // After the close: leave() takes the dock away.
        QTimer::singleShot(0, this, [this] { m_action->setChecked(false); });
        return QObject::eventFilter(watched, event);
    }
    if (watched == m_dock && m_variant
        && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        const UndoKey key = undoKeyOf(static_cast<QKeyEvent *>(event));
        const bool undo = key == UndoKey::Undo;
        const bool redo = key == UndoKey::Redo;
        if (undo || redo) {
            if (event->type() == QEvent::KeyPress) {
                if (undo)
                    m_variant->undoStack()->undo();
                else
                    m_variant->undoStack()->redo();
            }
            event->accept();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace cqrs
