#pragma once

// Shared by the run history's GUI tests: example models and runs recorded
// straight into a history file, as `cqrs-sim run --db` records them. The
// example models come from tests/common/testmodels.h.

#include "testmodels.h"

#include <QFile>
#include <QString>
#include <cqrs/history/runstore.h>
#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>
#include <memory>
#include <string>
#include <vector>

namespace cqrs::testing {

/// The history file opened by the library (as cqrs-sim opens it); stops the
/// test program when it cannot be opened.
inline std::unique_ptr<history::RunStore>
openHistory(const QString &file, history::OpenMode mode = history::OpenMode::Create)
{
    std::string error;
    auto store = history::RunStore::open(QFile::encodeName(file).toStdString(), mode, &error);
    if (!store)
        qFatal("%s", error.c_str());
    return store;
}

/// Simulates the model and records the run as finished.
inline qint64 recordRun(history::RunStore &store, const Model &model, const std::string &name = {},
                        std::vector<history::RunEdit> edits = {})
{
    sim::SimulationOptions options;
    options.series = true;
    Json result = sim::simulate(model, options);
    const Json series = result["series"];
    result.erase("series");
    history::RunStart start;
    start.name = name;
    start.modelName = model.name;
    start.modelJson = serializeModel(model);
    start.seed = model.workload.seed;
    start.appVersion = "test";
    const std::int64_t id = store.beginRun(start);
    history::RunEnd end;
    end.result = sim::formatResult(result);
    end.series = history::seriesText(series);
    end.edits = std::move(edits);
    if (id == 0 || !store.finishRun(id, end))
        qFatal("cannot record a run");
    return id;
}

} // namespace cqrs::testing
