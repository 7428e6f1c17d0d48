// `cqrs-sim run MODEL [--seed N] [--duration S] [--set PATH=VALUE]... [--series] [--out FILE]
//  [--db FILE [--name NAME]]`: simulates the model and prints the result file,
// recording the run in the history with --db (or CQRS_STUDIO_DB).
#include "commands.h"
#include "record.h"
#include "simcommon.h"

#include <cqrs/history/series.h>
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
    // --series (the engine's other figures do not depend on them). Unprinted,
    // the engine cuts them down to what the history keeps.
    sim::SimulationOptions simulation;
    simulation.series = options.series || store;
    if (store && !options.series)
        simulation.seriesMaxPoints = history::kMaxSeriesPoints;
    Json result;
    std::string text;
    std::string seriesText;
    double stoppedAt = -1;
    try {
        std::unique_ptr<sim::Simulation> run = std::make_unique<sim::Simulation>(*model, simulation);
        // In steps, so that a failure can say when it happened.
        while (run->step())
            stoppedAt = run->currentTime();
        stoppedAt = -1;
        sim::Result typed = run->typedResult();
        run.reset();
        if (store && typed.series && !options.series) {
            // Already cut to what the history keeps: written straight from
            // the columns, without a JSON tree.
            seriesText = sim::seriesText(*typed.series);
            typed.series.reset();
        }
        result = sim::toJson(typed);
        if (store && options.series && result.contains("series"))
            seriesText = history::seriesText(result["series"]);
        text = sim::formatResult(result);
    } catch (const std::exception &e) {
        // A limit is the model's fault (2); anything else, such as running out
        // of memory, is not (1). Either way the recorded run failed, and
        // nothing is written to --out.
        const bool refused = dynamic_cast<const sim::SimulationError *>(&e) != nullptr;
        result = Json();
        seriesText.clear();
        text.clear();
        text.shrink_to_fit();
        std::fprintf(stderr, "%s: %s\n", modelFile.c_str(),
                     refused ? e.what() : sim::describeRunFailure(e, stoppedAt).c_str());
        if (store) {
            history::RunEnd end;
            end.status = history::RunStatus::Failed;
            store->finishRun(runId, end);
        }
        return refused ? kExitInvalidModel : kExitFailure;
    }
    bool recorded = true;
    if (store)
        recorded = recordFinished(*store, runId, text, seriesText);
    if (!writeOutput(options.model.out, text))
        return kExitFailure;
    return recorded ? kExitOk : kExitFailure;
}

} // namespace cqrs::cli
