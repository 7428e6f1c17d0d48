// `cqrs-sim run MODEL [--seed N] [--duration S] [--set PATH=VALUE]... [--series] [--out FILE]
//  [--db FILE [--name NAME]]`: simulates the model and prints the result file,
// recording the run in the history with --db (or CQRS_STUDIO_DB).
#include "commands.h"
#include "record.h"
#include "simcommon.h"

#include <cqrs/sim/simulation.h>

#include <cstdio>

namespace cqrs::cli {

int runRun(const RunOptions &options)
{
    int exitCode = kExitOk;
    std::optional<Json> document = prepareDocument("run", options.model, exitCode);
    if (!document)
        return exitCode;
    const std::string &modelFile = options.model.model;
    std::optional<Model> model = modelFromDocument(modelFile, *document);
    if (!model)
        return kExitInvalidModel;

    // The history is opened before the run so that a file it refuses costs nothing.
    const std::string dbFile = recordingDatabase(options.db);
    std::unique_ptr<history::RunStore> store;
    std::int64_t runId = 0;
    if (!dbFile.empty()) {
        store = openHistory(dbFile, history::OpenMode::Create);
        if (!store)
            return kExitBadHistory;
        std::string error;
        runId = store->beginRun(runStart(*model, options.name, overridesOf(options.model)), &error);
        if (runId == 0) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return kExitFailure;
        }
    }

    // A recorded run always keeps its series; they are only printed with
    // --series (the engine's other figures do not depend on them).
    sim::SimulationOptions simulation;
    simulation.series = options.series || store;
    Json result;
    try {
        result = sim::simulate(*model, simulation);
    } catch (const std::exception &e) {
        // A limit is the model's fault (2); anything else, such as running out
        // of memory, is not (1). Either way the recorded run failed.
        const bool refused = dynamic_cast<const sim::SimulationError *>(&e) != nullptr;
        std::fprintf(stderr, "%s: %s\n", modelFile.c_str(), e.what());
        if (store) {
            history::RunEnd end;
            end.status = history::RunStatus::Failed;
            store->finishRun(runId, end);
        }
        return refused ? kExitInvalidModel : kExitFailure;
    }
    Json series;
    if (store && result.contains("series")) {
        series = result["series"];
        if (!options.series)
            result.erase("series");
    }
    const std::string text = sim::formatResult(result);
    bool recorded = true;
    if (store)
        recorded = recordFinished(*store, runId, text, series);
    if (!writeOutput(options.model.out, text))
        return kExitFailure;
    return recorded ? kExitOk : kExitFailure;
}

} // namespace cqrs::cli
