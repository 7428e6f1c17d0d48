// `cqrs-sim trace MODEL [--seed N] [--duration S] [--at T] [--type COMMAND]
//  [--reaching ID] [--stale-read] [--set PATH=VALUE]... [--out FILE]`: runs the model and prints the journey
// of one command (docs/traces.md).
#include "commands.h"
#include "simcommon.h"

#include <cqrs/sim/simulation.h>
#include <cqrs/sim/trace.h>

#include <cstdio>

namespace cqrs::cli {

namespace {

std::string commandList(const Model &model)
{
    std::string list;
    for (const Command &c : model.commands)
        list += (list.empty() ? "" : ", ") + c.id;
    return list.empty() ? std::string("none") : list;
}

} // namespace

int runTrace(const TraceOptions &options)
{
    double at = 0;
    if (!options.at.empty() && (!parseNumber(options.at, at) || at < 0)) {
        std::fprintf(stderr, "cqrs-sim trace: --at needs a number of seconds >= 0, got '%s'\n", options.at.c_str());
        return kExitFailure;
    }
    int exitCode = kExitOk;
    std::optional<Json> document = prepareDocument("trace", options.model, exitCode);
    if (!document)
        return exitCode;
    const std::string &modelFile = options.model.model;
    std::optional<Model> model = modelFromDocument(modelFile, *document, &options.model);
    if (!model)
        return kExitInvalidModel;

    // Both checked against the model (after --set and --duration): exit 2 like
    // an override the model refuses.
    sim::TraceRequest request;
    if (!options.type.empty()) {
        if (!model->command(options.type)) {
            std::fprintf(stderr, "%s: --type: no command '%s' in the model (its commands: %s)\n", modelFile.c_str(),
                         options.type.c_str(), commandList(*model).c_str());
            return kExitInvalidModel;
        }
        request.commandType = options.type;
    }
    if (!options.reaching.empty()) {
        if (!model->readModel(options.reaching) && !model->policy(options.reaching)) {
            std::fprintf(stderr, "%s: --reaching: no read model or policy '%s' in the model\n", modelFile.c_str(),
                         options.reaching.c_str());
            return kExitInvalidModel;
        }
        request.reaching = options.reaching;
    }
    request.staleRead = options.staleRead;
    const double duration = model->workload.duration;
    if (!options.at.empty()) {
        if (at >= duration) {
            std::fprintf(stderr, "%s: --at %s is not before the end of the run (workload.duration %.10g s)\n",
                         modelFile.c_str(), options.at.c_str(), duration);
            return kExitInvalidModel;
        }
        request.at = at;
    }

    sim::SimulationOptions simulationOptions;
    simulationOptions.trace = request;
    std::string text;
    try {
        sim::Simulation simulation(*model, simulationOptions);
        // Only the trace is wanted: stop as soon as the journey is over.
        while (!simulation.trace()->complete && simulation.step()) {
        }
        const sim::Trace &trace = *simulation.trace();
        if (!trace.found) {
            std::string what = request.commandType.empty() ? "command" : "'" + request.commandType + "' command";
            if (!request.reaching.empty())
                what += " reaching '" + request.reaching + "'";
            if (request.staleRead) {
                std::string followed = "commands";
                if (!request.commandType.empty())
                    followed += " of type '" + request.commandType + "'";
                if (!request.reaching.empty())
                    followed += " reaching '" + request.reaching + "'";
                std::fprintf(stderr,
                             "%s: no stale read in the journeys of the %d %s followed between %.10g s and the end "
                             "of the run (%.10g s)\n",
                             modelFile.c_str(), trace.candidates, followed.c_str(), trace.at, duration);
            } else {
                std::fprintf(stderr, "%s: no %s was issued between %.10g s and the end of the run (%.10g s)\n",
                             modelFile.c_str(), what.c_str(), trace.at, duration);
            }
            return kExitNothingToTrace;
        }
        if (!trace.complete)
            std::fprintf(stderr, "%s: the run ended before the traced command's journey did (\"complete\": false)\n",
                         modelFile.c_str());
        text = sim::formatTrace(trace);
    } catch (const sim::SimulationError &e) {
        std::fprintf(stderr, "%s: %s\n", modelFile.c_str(), e.what());
        return kExitInvalidModel;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s: %s\n", modelFile.c_str(), sim::describeRunFailure(e).c_str());
        return kExitFailure;
    }
    return writeOutput(options.model.out, text) ? kExitOk : kExitFailure;
}

} // namespace cqrs::cli
