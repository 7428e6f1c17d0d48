#include "cqrs/ui/sweep/sweeprunner.h"

#include "cqrs/ui/history/historystore.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>
#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/memorybudget.h>
#include <cqrs/sim/simulation.h>

namespace cqrs {

struct SweepRunner::Outcome
{
    std::optional<Json> result; ///< without the series
    std::string resultText;     ///< as `--out` writes it
    std::string seriesText;
    std::string error;
    std::string startedAt; ///< history::utcNow() as the engine started
    bool cancelled = false;
};

SweepRunner::SweepRunner(HistoryStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
}

SweepRunner::~SweepRunner()
{
    if (m_cancel)
        m_cancel->store(true);
    m_pool.waitForDone();
}

std::optional<double> SweepRunner::remainingSeconds() const
{
    if (!m_running || m_done == 0)
        return std::nullopt;
    const double elapsed = double(m_clock.elapsed()) / 1000.0;
    return elapsed / m_done * double(totalCount() - m_done);
}

bool SweepRunner::start(const Model &model, const SweepRequest &request, QString *error)
{
    if (m_running)
        return false;
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    SweepData data;
    data.modelName = QString::fromStdString(model.name);
    data.model = model;
    data.plan = sim::makeSweepPlan(request.first, request.second, request.replications,
                                   model.workload.seed);
    data.metrics = sweepMetrics(model);
    data.shownMetrics = request.metricPaths;
    data.budget = request.budget;
    data.budgetMetric = request.budgetMetric;
    data.runs.resize(data.plan.runs.size());

    // Every point's model is made and checked before anything runs.
    const Json base = modelToJson(model);
    std::vector<Model> cells(data.plan.cellCount());
    for (std::size_t i1 = 0; i1 < data.plan.values1.size(); ++i1) {
        for (std::size_t i2 = 0; i2 < std::max<std::size_t>(1, data.plan.values2.size()); ++i2) {
            Json document = base;
            std::string why;
            QString setting = QString::fromStdString(
                sim::sweepSetting(request.first.path, data.plan.values1[i1]));
            bool ok = applySetOverride(document, request.first.path,
                                       sim::sweepJsonValue(data.plan.values1[i1]), &why);
            if (ok && request.second) {
                setting += QStringLiteral(", ")
                           + QString::fromStdString(sim::sweepSetting(request.second->path,
                                                                      data.plan.values2[i2]));
                ok = applySetOverride(document, request.second->path,
                                      sim::sweepJsonValue(data.plan.values2[i2]), &why);
            }
            if (!ok)
                return fail(tr("%1: %2").arg(setting, QString::fromStdString(why)));
            ModelLoadResult loaded = modelFromJson(document);
            if (!loaded.ok()) {
                QString problem = tr("the model is invalid");
                for (const Diagnostic &d : loaded.diagnostics) {
                    if (d.isError()) {
                        problem = QString::fromStdString(d.located());
                        break;
                    }
                }
                return fail(tr("With %1: %2").arg(setting, problem));
            }
            const std::string limit = sim::checkRunLimits(*loaded.model);
            if (!limit.empty())
                return fail(tr("With %1: %2").arg(setting, QString::fromStdString(limit)));
            cells[data.plan.cellOf(i1, i2)] = std::move(*loaded.model);
        }
    }
    m_models.clear();
    m_names.clear();
    const std::vector<std::string> texts1 = sim::sweepValueTexts(data.plan.values1);
    const std::vector<std::string> texts2 = sim::sweepValueTexts(data.plan.values2);
    for (const sim::SweepRun &run : data.plan.runs) {
        // "User profile (workload.commandRate = 50, seed 8)".
        std::string name = model.name + " (" + request.first.path + " = " + texts1[run.index1];
        if (request.second)
            name += ", " + request.second->path + " = " + texts2[run.index2];
        if (data.plan.replications > 1)
            name += ", seed " + std::to_string(run.seed);
        m_names.push_back(name + ")");
        Model m = cells[run.cell];
        // Common random numbers: the same seeds at every point; from the
        // point's own model, so a sweep of workload.seed varies the seed (as
        // `cqrs-sim sweep` does).
        m.workload.seed = sim::replicationSeed(m.workload.seed, run.replication);
        m_models.push_back(std::move(m));
    }

    m_data = std::move(data);
    m_done = 0;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_sweepId = std::make_shared<std::int64_t>(0);
    m_clock.start();

    // Recorded as one group or not at all: a history that becomes ready
    // mid-sweep (a new one started from the dock) records none of it.
    m_recording = m_store && m_store->isReady();
    if (m_recording) {
        m_store->submit(
            [sweepId = m_sweepId, path = request.first.path,
             description = sweepGroupDescription(request), name = model.name,
             settings = sweepGroupSettings(request)](history::RunStore &store) {
                *sweepId = store.beginSweep(path, description, name, settings);
            },
            [self = QPointer<SweepRunner>(this), sweepId = m_sweepId] {
                if (self)
                    self->m_data.sweepId = *sweepId;
            });
    }

    emit progressChanged(0, totalCount());
    for (std::size_t i = 0; i < m_models.size(); ++i) {
        m_pool.start([this, i, model = m_models[i], cancel = m_cancel] {
            auto outcome = std::make_shared<Outcome>();
            auto stopped = [cancel] { return cancel->load(); };
            try {
                if (stopped()) {
                    outcome->cancelled = true;
                } else {
                    // Shares the process's memory budget with every run going (docs/limits.md).
                    const sim::MemoryBudget::Reservation memory
                        = sim::reserveRunMemory(model, sim::MemoryBudget::process(), stopped);
                    if (!memory || stopped()) {
                        outcome->cancelled = true;
                    } else {
                        outcome->startedAt = history::utcNow();
                        sim::SimulationOptions options;
                        options.series = true;
                        options.seriesMaxPoints = history::kMaxSeriesPoints;
                        sim::Simulation simulation(model, options);
                        while (simulation.step()) {
                            if (stopped())
                                break;
                        }
                        if (!simulation.finished()) {
                            outcome->cancelled = true;
                        } else {
                            Json result = simulation.result();
                            outcome->seriesText = history::takeSeriesText(result);
                            outcome->resultText = sim::formatResult(result);
                            outcome->result = std::move(result);
                        }
                    }
                }
            } catch (const std::exception &e) {
                outcome->error = sim::describeRunFailure(e);
            }
            QMetaObject::invokeMethod(
                this, [this, i, outcome] { runEnded(int(i), outcome); }, Qt::QueuedConnection);
        });
    }
    return true;
}

void SweepRunner::cancel()
{
    if (m_running && m_cancel)
        m_cancel->store(true);
}

void SweepRunner::runEnded(int index, std::shared_ptr<Outcome> outcome)
{
    SweepData::Run &run = m_data.runs[std::size_t(index)];
    if (outcome->cancelled) {
        run.state = SweepData::RunState::Cancelled;
    } else if (!outcome->error.empty() || !outcome->result) {
        run.state = SweepData::RunState::Failed;
        run.error = QString::fromStdString(outcome->error);
    } else {
        m_data.setResult(std::size_t(index), *outcome->result);
        if (m_recording && m_store) {
            const Model &model = m_models[std::size_t(index)];
            const sim::SweepRun &point = m_data.plan.runs[std::size_t(index)];
            history::RunStart start;
            start.overrides.push_back(sim::sweepAssignment(m_data.plan.first.path, point.value1));
            if (m_data.plan.second && point.value2)
                start.overrides.push_back(sim::sweepAssignment(m_data.plan.second->path, *point.value2));
            start.name = m_names[std::size_t(index)];
            start.modelName = model.name;
            start.modelJson = serializeModel(model);
            start.seed = model.workload.seed;
            start.appVersion = QCoreApplication::applicationVersion().toStdString();
            start.sweepValue = point.value1;
            start.startedAt = outcome->startedAt; // recorded once it has ended
            auto id = std::make_shared<std::int64_t>(0);
            m_store->submit(
                [start = std::move(start), sweepId = m_sweepId, id, result = std::move(outcome->resultText),
                 series = std::move(outcome->seriesText)](history::RunStore &store) mutable {
                    if (*sweepId != 0)
                        start.sweepId = *sweepId;
                    const std::int64_t runId = store.beginRun(start);
                    if (runId == 0)
                        return;
                    history::RunEnd end;
                    end.result = std::move(result);
                    end.series = std::move(series);
                    if (store.finishRun(runId, end))
                        *id = runId;
                },
                [self = QPointer<SweepRunner>(this), index, id] {
                    if (!self)
                        return;
                    self->m_data.runs[std::size_t(index)].id = *id;
                    if (*id != 0)
                        emit self->runRecorded(index);
                });
        }
    }
    ++m_done;
    emit runDone(index);
    emit progressChanged(m_done, totalCount());
    if (m_done < totalCount())
        return;
    auto end = [self = QPointer<SweepRunner>(this)] {
        if (!self)
            return;
        self->m_running = false;
        if (self->m_store)
            emit self->m_store->runsChanged();
        emit self->finished(self->m_cancel->load());
    };
    if (m_recording && m_store)
        m_store->submit([](history::RunStore &) {}, end); // after every point's record
    else
        end();
}

} // namespace cqrs
