// `cqrs-sim run MODEL [--seed N] [--duration S] [--set PATH=VALUE]... [--series] [--out FILE]`:
// simulates the model and prints the result file.
#include "commands.h"
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

    sim::SimulationOptions simulation;
    simulation.series = options.series;
    Json result;
    try {
        result = sim::simulate(*model, simulation);
    } catch (const sim::SimulationError &e) {
        std::fprintf(stderr, "%s: %s\n", modelFile.c_str(), e.what());
        return kExitInvalidModel;
    }
    if (!writeOutput(options.model.out, sim::formatResult(result)))
        return kExitFailure;
    return kExitOk;
}

} // namespace cqrs::cli
