#include "cqrs/ui/history/historyrecorder.h"

#include "cqrs/ui/history/historystore.h"
#include "cqrs/ui/run/runcontroller.h"

#include <QCoreApplication>
#include <atomic>
#include <cqrs/history/compare.h>
#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>
#include <utility>

namespace cqrs {

struct HistoryRecorder::Recording
{
    std::atomic<std::int64_t> id{0}; ///< written by the history's thread
    Model model;                     ///< as run, with outages and rebuilds scheduled since
    Json current;                    ///< the model document with every edit so far
    std::vector<history::RunEdit> edits;
};

namespace {

Json outagesJson(const std::vector<Outage> &outages)
{
    Json list = Json::array();
    for (const Outage &o : outages) {
        Json j = o.extra.is_object() ? o.extra : Json::object();
        j["at"] = o.at;
        j["duration"] = o.duration;
        list.push_back(std::move(j));
    }
    return list;
}

} // namespace

HistoryRecorder::HistoryRecorder(RunController *controller, HistoryStore *store, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_store(store)
{
    connect(controller, &RunController::runStarted, this,
            [this](const Model &model) { begin(model); });
    connect(controller, &RunController::runFinished, this, [this](const RunResult &run) {
        end(run.complete ? history::RunStatus::Finished : history::RunStatus::Stopped, &run);
    });
    connect(controller, &RunController::runFailed, this,
            [this] { end(history::RunStatus::Failed, nullptr); });
    // Reset (or another document) drops a run that is still going: the user ended it.
    connect(controller, &RunController::runReset, this,
            [this] { end(history::RunStatus::Stopped, nullptr); });
    connect(controller, &RunController::parameterApplied, this,
            [this](const std::string &path, const QString &value, double at) {
                addEdit(path, value.toStdString(), at);
            });
    connect(controller, &RunController::outageScheduled, this, &HistoryRecorder::addOutage);
    connect(controller, &RunController::rebuildScheduled, this, &HistoryRecorder::addRebuild);
}

HistoryRecorder::~HistoryRecorder()
{
    end(history::RunStatus::Stopped, nullptr);
}

std::int64_t HistoryRecorder::currentRunId() const
{
    return m_current ? m_current->id.load() : 0;
}

void HistoryRecorder::begin(const Model &model)
{
    // Starting again while a run goes (Run on an active run) ends that one first.
    end(history::RunStatus::Stopped, nullptr);
    std::string name = std::exchange(m_nextName, {});
    if (m_store->state() == HistoryStore::State::Unavailable)
        return;
    auto recording = std::make_shared<Recording>();
    recording->model = model;
    recording->current = modelToJson(model);
    m_current = recording;
    history::RunStart start;
    start.name = std::move(name);
    start.modelName = model.name;
    start.modelJson = serializeModel(model);
    start.seed = model.workload.seed;
    start.appVersion = QCoreApplication::applicationVersion().toStdString();
    m_store->submit(
        [recording, start](history::RunStore &store) { recording->id = store.beginRun(start); },
        [this, recording] {
            if (recording->id != 0)
                emit runRecorded(recording->id, false);
            emit m_store->runsChanged();
        });
}

void HistoryRecorder::end(history::RunStatus status, const RunResult *run)
{
    if (!m_current)
        return;
    std::shared_ptr<Recording> recording = std::move(m_current);
    m_current.reset();
    history::RunEnd finish;
    finish.status = status;
    finish.edits = recording->edits;
    std::shared_ptr<const Json> series;
    if (run) {
        finish.result = run->text.toStdString();
        series = run->series;
    }
    // Decimating and writing happen on the history's thread.
    m_store->submit(
        [recording, finish = std::move(finish), series](history::RunStore &store) mutable {
            if (recording->id == 0)
                return; // the start was not recorded
            if (series && series->is_object())
                finish.series = history::seriesText(*series);
            if (!finish.edits.empty()) {
                // The model as run: the start with every change made while it
                // went (outages are in recording->model already).
                Experiment changes;
                for (const history::RunEdit &e : finish.edits)
                    changes.set.emplace_back(e.path, Json::parse(e.value, nullptr, false));
                Model asRun = recording->model;
                if (applyExperiment(asRun, changes, nullptr))
                    finish.modelJson = serializeModel(asRun);
            }
            store.finishRun(recording->id, finish);
        },
        [this, recording] {
            if (recording->id != 0)
                emit runRecorded(recording->id, true);
            emit m_store->runsChanged();
        });
}

void HistoryRecorder::addEdit(const std::string &path, const std::string &value, double at)
{
    if (!m_current)
        return;
    // With the value it replaces: a reopened run shows what was in force at any time.
    history::RunEdit edit{at, path, value, {}};
    Json &current = m_current->current;
    if (const Json *before = history::valueAtPath(current, path)) {
        edit.previous = before->dump();
    } else {
        // Not written: at its default (the model with every field has it), or
        // absent. A model that cannot be read leaves it unknown.
        if (const std::optional<Json> complete = history::completeModelDocument(current)) {
            if (const Json *byDefault = history::valueAtPath(*complete, path))
                edit.previous = byDefault->dump();
            else
                edit.previousAbsent = true;
        }
    }
    const Json parsed = Json::parse(value, nullptr, false);
    if (!parsed.is_discarded())
        applySetOverride(current, path, parsed, nullptr);
    m_current->edits.push_back(std::move(edit));
}

void HistoryRecorder::addOutage(const std::string &id, double at, double duration)
{
    if (!m_current)
        return;
    // As `--set` would put it into the model: the element's whole outage list.
    Model &model = m_current->model;
    if (ReadModel *rm = model.readModel(id)) {
        rm->outages.push_back({at, duration, Json::object()});
        addEdit("readModels." + id + ".outages", outagesJson(rm->outages).dump(), at);
    } else if (Policy *p = model.policy(id)) {
        p->outages.push_back({at, duration, Json::object()});
        addEdit("policies." + id + ".outages", outagesJson(p->outages).dump(), at);
    }
}

void HistoryRecorder::addRebuild(const std::string &id, double at)
{
    if (!m_current)
        return;
    if (ReadModel *rm = m_current->model.readModel(id)) {
        rm->rebuilds.push_back({at, Json::object()});
        Json list = Json::array();
        for (const Rebuild &r : rm->rebuilds) {
            Json j = r.extra.is_object() ? r.extra : Json::object();
            j["at"] = r.at;
            list.push_back(std::move(j));
        }
        addEdit("readModels." + id + ".rebuilds", list.dump(), at);
    }
}

} // namespace cqrs
