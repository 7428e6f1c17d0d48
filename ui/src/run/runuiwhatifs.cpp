// RunUi's what-ifs (the What-If bar and the Run menu's entries): a
// traffic spike, an outage, a rebuild, a duplicate storm and a slow
// projection applied to the running simulation, and the outages and
// rebuilds it schedules recorded in the model as undo steps.
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/inspector/numberfield.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/runcontroller.h"
#include "cqrs/ui/run/runui.h"

#include <cqrs/model/modeljson.h>

#include <QAction>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QToolBar>

#include <algorithm>

namespace cqrs {

void RunUi::createWhatIfs()
{
    // One set of actions for the Run menu and the compact bar; the bar's two
    // fields give the factor and the duration, so a room sees one click.
    m_whatIfBar = new QToolBar(tr("What If"), m_window);
    m_whatIfBar->setObjectName(QStringLiteral("whatIfBar"));
    m_whatIfBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_window->addToolBar(Qt::TopToolBarArea, m_whatIfBar);
    m_whatIfBar->hide();
    m_whatIfBar->addWidget(new QLabel(tr(" What if: "), m_whatIfBar));
    auto *factor = new ClampingSpinBox(m_whatIfBar);
    factor->setObjectName(QStringLiteral("whatIfFactor"));
    factor->setPrefix(QStringLiteral("×"));
    factor->setRange(1.1, 100);
    factor->setDecimals(1);
    factor->setValue(3);
    factor->setToolTip(tr("How much more traffic, or how much slower the projection"));
    auto *seconds = new ClampingSpinBox(m_whatIfBar);
    seconds->setObjectName(QStringLiteral("whatIfSeconds"));
    seconds->setPrefix(tr("for "));
    seconds->setSuffix(tr(" s"));
    seconds->setRange(0.1, 1e6);
    seconds->setDecimals(1);
    seconds->setValue(30);
    seconds->setToolTip(tr("How long (simulated seconds) the what-if lasts; a unit may be typed: 300 ms, 2 min"));
    auto *probability = new ClampingSpinBox(m_whatIfBar);
    probability->setObjectName(QStringLiteral("whatIfProbability"));
    probability->setPrefix(tr("duplicates "));
    probability->setRange(0.01, 1.0); // 0 < p <= 1
    probability->setDecimals(2);
    probability->setSingleStep(0.1);
    probability->setValue(0.5);
    probability->setToolTip(tr("The share of deliveries a duplicate storm duplicates (more than 0, at most 1)"));
    probability->setAccessibleName(tr("Duplicate storm probability"));
    m_whatIfBar->addWidget(factor);
    m_whatIfBar->addWidget(seconds);
    m_whatIfBar->addWidget(probability);

    m_whatIfMenu = m_menu->addMenu(tr("&What If"));
    m_whatIfMenu->setObjectName(QStringLiteral("whatIfMenu"));
    struct Item
    {
        const char *name;
        QString text;
        QString toolTip;
        std::function<bool()> apply;
    };
    const QList<Item> items = {
        {"whatIfSpike", tr("Traffic Spike"), tr("The command rate times the factor, for the duration"),
         [this, factor, seconds] { return whatIfTrafficSpike(factor->value(), seconds->value()); }},
        {"whatIfOutage", tr("Take Selected Down"), tr("The selected read model or policy is down for the duration"),
         [this, seconds] { return whatIfOutage(selectedConsumer(false), seconds->value()); }},
        {"whatIfRebuild", tr("Rebuild Selected"), tr("The selected read model is rebuilt from the event log"),
         [this] { return whatIfRebuild(selectedConsumer(true)); }},
        {"whatIfDuplicates", tr("Duplicate Storm"),
         tr("The given share of the deliveries is duplicated, for the duration"),
         [this, seconds, probability] { return whatIfDuplicateStorm(probability->value(), seconds->value()); }},
        {"whatIfSlow", tr("Slow Selected Projection"),
         tr("The selected read model or policy takes the factor times longer to apply each event, for the "
            "duration"),
         [this, factor, seconds] {
             return whatIfSlowProjection(selectedConsumer(false), factor->value(), seconds->value());
         }},
    };
    QList<QAction *> actions;
    for (const Item &item : items) {
        auto *action = new QAction(item.text, this);
        actions.append(action);
        action->setObjectName(QLatin1String(item.name));
        // Ctrl+Alt+1 to 5, in the menu's order: a presenter keeps the mouse
        // on the canvas (and the keys work with the menus hidden).
        action->setShortcut(QKeySequence(tr("Ctrl+Alt+%1").arg(actions.size())));
        action->setToolTip(item.toolTip);
        action->setStatusTip(item.toolTip);
        connect(action, &QAction::triggered, this, [apply = item.apply] { apply(); });
        m_whatIfMenu->addAction(action);
        m_whatIfBar->addAction(action);
    }
    // The menu says what a click does with the bar's values.
    auto retitle = [this, actions, factor, seconds, probability] {
        const QString f = formatNumber(factor->value()), d = formatSeconds(seconds->value());
        actions[0]->setText(tr("Traffic Spike (×%1 for %2)").arg(f, d));
        actions[1]->setText(tr("Take Selected Down (for %1)").arg(d));
        actions[3]->setText(tr("Duplicate Storm (%1 for %2)").arg(formatPercent(probability->value()), d));
        actions[4]->setText(tr("Slow Selected Projection (×%1 for %2)").arg(f, d));
        for (QAction *a : actions)
            a->setIconText(a->text().section(QLatin1String(" ("), 0, 0));
    };
    connect(factor, &QDoubleSpinBox::valueChanged, this, retitle);
    connect(seconds, &QDoubleSpinBox::valueChanged, this, retitle);
    connect(probability, &QDoubleSpinBox::valueChanged, this, retitle);
    retitle();
    m_whatIfMenu->addSeparator();
    QAction *show = m_whatIfBar->toggleViewAction();
    show->setText(tr("Show the What-If Bar"));
    show->setObjectName(QStringLiteral("showWhatIfBar"));
    m_whatIfMenu->addAction(show);
}

std::string RunUi::selectedConsumer(bool readModelsOnly) const
{
    for (const std::string &id : m_scene->selectedElementIds()) {
        const std::string runId = runIdOf(id);
        if (m_liveModel.readModel(runId) || (!readModelsOnly && m_liveModel.policy(runId)))
            return id;
    }
    return {};
}

bool RunUi::canApplyWhatIf()
{
    if (!m_controller->isActive()) {
        showMessage(tr("What-ifs act on a running simulation: start the run first (F5)."));
        return false;
    }
    // A/B compares B's changes: a what-if on one run only would be a second
    // difference, and B's values (a rate, an apply time) may not be A's.
    if (m_controller->follower()) {
        showMessage(tr("What-ifs act on one run: leave A/B (Run > Run with a Variant) to use them."));
        return false;
    }
    return true;
}

bool RunUi::whatIfBusy(const std::string &path, const QString &message)
{
    // The markers know what the run has applied; m_whatIfsAsked what was
    // asked for and is still on its way to the engine (a quick second click).
    const double now = m_controller->time();
    const bool outage = path.rfind("outage:", 0) == 0;
    const std::string element = outage ? path.substr(7) : std::string();
    double until = -1;
    for (const RunMarker &m : m_markers.markers()) {
        const bool same = outage ? m.kind == RunMarker::Kind::Outage && m.element == element
                                 : m.kind == RunMarker::Kind::WhatIf && m.path == path;
        // An outage asked for during the run starts at the next tenth of a
        // second: one about to begin counts as on (a model's outage later in
        // the run does not).
        const double begun = outage ? nextTenth(now) : now;
        if (same && m.start <= begun && (m.open || m.end > now))
            until = std::max(until, m.end);
    }
    const auto asked = m_whatIfsAsked.find(path);
    if (asked != m_whatIfsAsked.end() && asked->second > now)
        until = std::max(until, asked->second);
    if (until < 0)
        return false;
    showMessage(message.arg(formatMoment(until, m_controller->duration())));
    return true;
}

bool RunUi::whatIfTrafficSpike(double factor, double seconds)
{
    if (!canApplyWhatIf())
        return false;
    if (whatIfBusy("workload.commandRate", tr("A traffic spike is on until %1 already.")))
        return false;
    m_whatIfsAsked["workload.commandRate"] = m_controller->time() + seconds;
    const double rate = m_liveModel.workload.commandRate;
    m_controller->setParameterFor("workload.commandRate", rate * factor, rate, seconds,
                                  tr("spike ×%1").arg(formatNumber(factor)),
                                  tr("What if: traffic spike, command rate ×%1 (%2) for %3")
                                      .arg(formatNumber(factor), formatRate(rate * factor), formatSeconds(seconds)));
    return true;
}

bool RunUi::whatIfOutage(const std::string &id, double seconds)
{
    if (!canApplyWhatIf())
        return false;
    if (!m_liveModel.readModel(runIdOf(id)) && !m_liveModel.policy(runIdOf(id))) {
        showMessage(tr("Select a read model or policy on the canvas to take it down."));
        return false;
    }
    if (whatIfBusy("outage:" + id, tr("%1 is down until %2 already.").arg(elementDisplayName(m_document->model(), id), QStringLiteral("%1"))))
        return false;
    m_whatIfsAsked["outage:" + id] = m_controller->time() + seconds;
    scheduleOutage(id, seconds);
    return true;
}

bool RunUi::whatIfRebuild(const std::string &id)
{
    if (!canApplyWhatIf())
        return false;
    if (!m_liveModel.readModel(runIdOf(id))) {
        showMessage(tr("Select a read model on the canvas to rebuild it."));
        return false;
    }
    scheduleRebuild(id);
    return true;
}

bool RunUi::whatIfDuplicateStorm(double probability, double seconds)
{
    if (!canApplyWhatIf())
        return false;
    if (!(probability > 0.0 && probability <= 1.0)) {
        showMessage(tr("A duplicate storm needs a probability above 0 and at most 1 (got %1).")
                        .arg(formatNumber(probability)));
        return false;
    }
    const std::string path = "eventBus.duplicateRate";
    if (whatIfBusy(path, tr("A duplicate storm is on until %1 already.")))
        return false;
    m_whatIfsAsked[path] = m_controller->time() + seconds;
    m_controller->setParameterFor(path, probability, m_liveModel.eventBus.duplicateRate, seconds,
                                  tr("duplicates %1").arg(formatPercent(probability)),
                                  tr("What if: duplicate storm, %1 of deliveries duplicated for %2")
                                      .arg(formatPercent(probability), formatSeconds(seconds)));
    return true;
}

bool RunUi::whatIfSlowProjection(const std::string &shownId, double factor, double seconds)
{
    const std::string id = runIdOf(shownId); // the running simulation's id
    if (!canApplyWhatIf())
        return false;
    const ConsumerSpec *spec = m_liveModel.readModel(id);
    if (!spec)
        spec = m_liveModel.policy(id);
    if (!spec) {
        showMessage(tr("Select a read model or policy on the canvas to slow it down."));
        return false;
    }
    if (spec->applyTime.isAlwaysZero()) {
        showMessage(tr("%1 applies events in no time (apply time 0): there is nothing to slow down.")
                        .arg(elementDisplayName(m_document->model(), shownId)));
        return false;
    }
    const std::string path = (m_liveModel.readModel(id) ? "readModels." : "policies.") + id + ".applyTime";
    if (whatIfBusy(path, tr("%1 is slowed until %2 already.").arg(elementDisplayName(m_document->model(), id), QStringLiteral("%1"))))
        return false;
    m_whatIfsAsked[path] = m_controller->time() + seconds;
    // Every parameter of the distribution is a time: all scale alike.
    Distribution slow = spec->applyTime;
    slow.p1 *= factor;
    slow.p2 *= factor;
    const std::string &name = m_liveModel.readModel(id) ? m_liveModel.readModel(id)->name
                                                         : m_liveModel.policy(id)->name;
    const QString shown = boundedText(name.empty() ? id : name, 40);
    m_controller->setParameterFor(path, distributionToJson(slow), distributionToJson(spec->applyTime), seconds,
                                  tr("%1 ×%2 slower").arg(shown, formatNumber(factor)),
                                  tr("What if: %1 applies events ×%2 slower (%3) for %4")
                                      .arg(shown, formatNumber(factor), describeDistribution(slow),
                                           formatSeconds(seconds)));
    return true;
}

void RunUi::recordOutage(const std::string &runId, double at, double duration)
{
    // The running simulation has it already: the live model too, so that
    // the document's edit is nothing new to it.
    const Outage outage{at, duration, Json::object()};
    if (ReadModel *rm = m_liveModel.readModel(runId))
        rm->outages.push_back(outage);
    else if (Policy *p = m_liveModel.policy(runId))
        p->outages.push_back(outage);
    const std::string id = documentIdOf(runId);
    const Accessor<std::vector<Outage>> outages = [id](Model &m) -> std::vector<Outage> * {
        if (ReadModel *rm = m.readModel(id))
            return &rm->outages;
        if (Policy *p = m.policy(id))
            return &p->outages;
        return nullptr;
    };
    const Model &model = m_document->model();
    const std::vector<Outage> *current = nullptr;
    if (const ReadModel *rm = model.readModel(id))
        current = &rm->outages;
    else if (const Policy *p = model.policy(id))
        current = &p->outages;
    if (!current)
        return; // deleted meanwhile: the run still has it, the model cannot
    std::vector<Outage> next = *current;
    next.push_back(outage);
    // A key of its own: two scheduled outages are two undo steps.
    m_document->changeValue<std::vector<Outage>>(
        tr("Schedule outage of %1").arg(elementDisplayName(m_document->model(), id)),
        "run/outage/" + std::to_string(++m_scheduledEdits),
        ChangeEvent{ChangeEvent::Type::ElementsChanged, {id}, "outages"}, outages, std::move(next));
}

void RunUi::recordRebuild(const std::string &runId, double at)
{
    const Rebuild rebuild{at, Json::object()};
    if (ReadModel *rm = m_liveModel.readModel(runId))
        rm->rebuilds.push_back(rebuild);
    const std::string id = documentIdOf(runId);
    const Accessor<std::vector<Rebuild>> rebuilds = [id](Model &m) -> std::vector<Rebuild> * {
        ReadModel *rm = m.readModel(id);
        return rm ? &rm->rebuilds : nullptr;
    };
    const ReadModel *target = m_document->model().readModel(id);
    if (!target)
        return;
    std::vector<Rebuild> next = target->rebuilds;
    next.push_back(rebuild);
    m_document->changeValue<std::vector<Rebuild>>(
        tr("Schedule rebuild of %1").arg(elementDisplayName(m_document->model(), id)),
        "run/rebuild/" + std::to_string(++m_scheduledEdits),
        ChangeEvent{ChangeEvent::Type::ElementsChanged, {id}, "rebuilds"}, rebuilds, std::move(next));
}

} // namespace cqrs
