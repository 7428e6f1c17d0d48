// `cqrs-sim trace MODEL [--seed N] [--duration S] [--at T] [--type COMMAND]
//  [--reaching ID] [--stale-read] [--set PATH=VALUE]... [--out FILE]`: runs the model and prints the journey
// of one command (docs/traces.md).
#include "commands.h"
#include "simcommon.h"

#include <cqrs/sim/simulation.h>
#include <cqrs/sim/trace.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace cqrs::cli {

namespace {

std::string joined(const std::vector<std::string> &ids)
{
    std::string list;
    for (const std::string &id : ids)
        list += (list.empty() ? "" : ", ") + id;
    return list.empty() ? std::string("none") : list;
}

std::string commandList(const Model &model)
{
    std::vector<std::string> ids;
    for (const Command &c : model.commands)
        ids.push_back(c.id);
    return joined(ids);
}

// "its read models: a, b; its policies: c" for an unknown --reaching.
std::string consumerList(const Model &model)
{
    std::vector<std::string> readModels, policies;
    for (const ReadModel &r : model.readModels)
        readModels.push_back(r.id);
    for (const Policy &p : model.policies)
        policies.push_back(p.id);
    return "its read models: " + joined(readModels) + "; its policies: " + joined(policies);
}

// Whether a command is ever issued: the workload picks commands by share, and
// policies issue theirs whatever its share.
bool everIssued(const Model &model, const Command &command)
{
    if (command.share > 0)
        return true;
    return std::any_of(model.policies.begin(), model.policies.end(),
                       [&](const Policy &p) { return p.issues == command.id; });
}

// The events a read model or policy consumes.
const std::vector<std::string> &subscriptions(const Model &model, const std::string &id)
{
    if (const ReadModel *r = model.readModel(id))
        return r->subscribes;
    return model.policy(id)->subscribes;
}

bool reaches(const Command &command, const std::vector<std::string> &subscribes)
{
    return std::any_of(command.emits.begin(), command.emits.end(), [&](const std::string &e) {
        return std::find(subscribes.begin(), subscribes.end(), e) != subscribes.end();
    });
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
    const std::string modelFile = modelName(options.model.model);
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
        if (!everIssued(*model, *model->command(options.type))) {
            std::fprintf(stderr, "%s: --type: no '%s' command is ever issued (its share is 0 and no policy issues it)\n",
                         modelFile.c_str(), options.type.c_str());
            return kExitInvalidModel;
        }
        request.commandType = options.type;
    }
    // A read model or policy that no command issued can reach, or that the
    // --type command does not reach, would only show after the whole run.
    if (!options.reaching.empty()) {
        if (!model->readModel(options.reaching) && !model->policy(options.reaching)) {
            // A query's id is a likely slip: name the read model it reads.
            std::string hint;
            if (const Query *q = model->query(options.reaching))
                hint = "; query '" + q->id + "' reads '" + q->readModel + "'";
            std::fprintf(stderr, "%s: --reaching: no read model or policy '%s' in the model (%s%s)\n",
                         modelFile.c_str(), options.reaching.c_str(), consumerList(*model).c_str(), hint.c_str());
            return kExitInvalidModel;
        }
        const std::vector<std::string> &subscribes = subscriptions(*model, options.reaching);
        std::vector<std::string> reaching;
        for (const Command &c : model->commands) {
            if (everIssued(*model, c) && reaches(c, subscribes))
                reaching.push_back(c.id);
        }
        if (reaching.empty()) {
            std::fprintf(stderr,
                         "%s: --reaching: no command that is issued emits an event '%s' consumes (it subscribes to: "
                         "%s)\n",
                         modelFile.c_str(), options.reaching.c_str(), joined(subscribes).c_str());
            return kExitInvalidModel;
        }
        if (!options.type.empty() && std::find(reaching.begin(), reaching.end(), options.type) == reaching.end()) {
            std::fprintf(stderr,
                         "%s: --type %s --reaching %s: no '%s' command reaches '%s' (its events: %s; '%s' subscribes "
                         "to: %s; the commands that reach it: %s)\n",
                         modelFile.c_str(), options.type.c_str(), options.reaching.c_str(), options.type.c_str(),
                         options.reaching.c_str(), joined(model->command(options.type)->emits).c_str(),
                         options.reaching.c_str(), joined(subscribes).c_str(), joined(reaching).c_str());
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
