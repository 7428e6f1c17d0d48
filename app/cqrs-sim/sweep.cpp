// `cqrs-sim sweep MODEL --vary PATH=FROM:TO:STEPS[:log] [--jobs N] [--out FILE]`
// one run per value, in parallel, one JSON line per run in
// value order.
#include "commands.h"
#include "record.h"
#include "simcommon.h"

#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/memorybudget.h>
#include <cqrs/sim/simulation.h>
#include <cqrs/sim/sweepplan.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace cqrs::cli {

namespace {

constexpr int kMaxJobs = 64;

using Vary = sim::SweepAxis;

// PATH=FROM:TO:STEPS[:log]; the message says what is wrong.
bool parseVary(const std::string &text, Vary &vary, std::string &message)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        message = "--vary needs PATH=FROM:TO:STEPS[:log], got '" + text + "'";
        return false;
    }
    vary.path = text.substr(0, eq);
    std::vector<std::string> parts;
    std::string rest = text.substr(eq + 1);
    std::size_t start = 0;
    while (true) {
        const auto colon = rest.find(':', start);
        parts.push_back(rest.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    if (parts.size() < 3 || parts.size() > 4 || (parts.size() == 4 && parts[3] != "log")) {
        message = "--vary needs PATH=FROM:TO:STEPS[:log], got '" + text + "'";
        return false;
    }
    if (!parseNumber(parts[0], vary.from) || !parseNumber(parts[1], vary.to)) {
        message = "--vary: FROM and TO must be numbers, got '" + parts[0] + "' and '" + parts[1] + "'";
        return false;
    }
    if (!parseInteger(parts[2], vary.steps) || vary.steps < 2 || vary.steps > sim::kMaxSweepSteps) {
        message = "--vary: STEPS must be an integer from 2 to " + std::to_string(sim::kMaxSweepSteps) + ", got '" + parts[2] + "'";
        return false;
    }
    vary.log = parts.size() == 4;
    if (vary.log && !(vary.from > 0 && vary.to > 0)) {
        message = "--vary: ':log' needs FROM and TO > 0";
        return false;
    }
    return true;
}

} // namespace

int runSweep(const SweepOptions &options)
{
    long long jobs = 1;
    if (!options.jobs.empty() && (!parseInteger(options.jobs, jobs) || jobs < 1 || jobs > kMaxJobs)) {
        std::fprintf(stderr, "cqrs-sim sweep: --jobs needs an integer from 1 to %d, got '%s'\n", kMaxJobs,
                     options.jobs.c_str());
        return kExitFailure;
    }
    Vary vary;
    std::string message;
    if (!parseVary(options.vary, vary, message)) {
        std::fprintf(stderr, "cqrs-sim sweep: %s\n", message.c_str());
        return kExitFailure;
    }
    // Allowed (a script may compute both), but every run would be the same.
    if (vary.from == vary.to)
        std::fprintf(stderr, "cqrs-sim sweep: --vary: warning: FROM and TO are both %.15g, so every run has the same value\n",
                     vary.from);
    int exitCode = kExitOk;
    std::optional<Json> base = prepareDocument("sweep", options.model, exitCode);
    if (!base)
        return exitCode;
    const std::string modelFile = modelName(options.model.model);
    std::string error;

    // Every value is applied and validated before any run starts.
    std::vector<double> values;
    std::vector<Model> models;
    bool warned = false;
    for (long long i = 0; i < vary.steps; ++i) {
        const double v = sim::sweepValue(vary, i);
        Json document = *base;
        if (!applySetOverride(document, vary.path, sim::sweepJsonValue(v), &error)) {
            std::fprintf(stderr, "%s: --vary %s\n", modelFile.c_str(), error.c_str());
            return kExitInvalidModel;
        }
        ModelOptions pointOptions = options.model;
        pointOptions.warnings = !warned; // once, at the first value that has it
        pointOptions.warned = &warned;
        std::optional<Model> model = modelFromDocument(modelFile, document, &pointOptions);
        if (!model) {
            std::fprintf(stderr, "%s: (with %s = %.15g)\n", modelFile.c_str(), vary.path.c_str(), v);
            return kExitInvalidModel;
        }
        values.push_back(v);
        models.push_back(std::move(*model));
    }

    // Recording: one sweep group, one run per point carrying the sweep's id and its value.
    const std::string dbFile = recordingDatabase(options.db);
    std::unique_ptr<history::RunStore> store;
    std::int64_t sweepId = 0;
    const std::vector<std::string> baseOverrides = overridesOf(options.model);
    if (!dbFile.empty()) {
        store = openHistory(dbFile, history::OpenMode::Create);
        if (!store)
            return kExitBadHistory;
        const auto eq = options.vary.find('=');
        sweepId = store->beginSweep(vary.path, options.vary.substr(eq + 1), models.front().name, "{}", &error);
        if (sweepId == 0) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return kExitFailure;
        }
    }

    const std::size_t runs = models.size();
    const std::vector<std::string> valueTexts = sim::sweepValueTexts(values);
    std::vector<std::string> lines(runs);
    std::vector<std::string> failures(runs);
    // A run the engine refuses (a limit) is the model's fault: exit 2; anything
    // else (out of memory) is not: exit 1.
    std::vector<int> failureCodes(runs, kExitOk);
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < runs; i = next++) {
            std::int64_t runId = 0;
            try {
                sim::SimulationOptions simulation;
                // Every point runs replication 0 of the shared seed rule: the model's own seed.
                simulation.seed = sim::replicationSeed(models[i].workload.seed, 0);
                if (store) {
                    std::vector<std::string> overrides = baseOverrides;
                    overrides.push_back(sim::sweepAssignment(vary.path, values[i]));
                    history::RunStart start = runStart(models[i], {}, std::move(overrides));
                    start.name = models[i].name + " (" + vary.path + " = " + valueTexts[i] + ")";
                    start.sweepId = sweepId;
                    start.sweepValue = values[i];
                    std::string recordError;
                    runId = store->beginRun(start, &recordError);
                    if (runId == 0) {
                        failures[i] = recordError;
                        failureCodes[i] = kExitFailure;
                        continue;
                    }
                    simulation.series = true;
                    simulation.seriesMaxPoints = history::kMaxSeriesPoints;
                }
                // Runs in parallel share one memory budget: a point waits while
                // the points in hand would take more than it (docs/limits.md).
                const sim::MemoryBudget::Reservation memory = sim::reserveRunMemory(models[i]);
                sim::Result typed = [&] {
                    // The engine is freed before the result is formatted and recorded.
                    sim::Simulation run(models[i], simulation);
                    run.runToEnd();
                    return run.typedResult();
                }();
                // Stored as `run --out` would write this point; series kept aside,
                // already cut to what the history keeps.
                std::string seriesText;
                if (typed.series) {
                    seriesText = sim::seriesText(*typed.series);
                    typed.series.reset();
                }
                Json result = sim::toJson(typed);
                if (store) {
                    if (!recordFinished(*store, runId, sim::formatResult(result), seriesText)) {
                        failures[i] = "the run was not recorded";
                        failureCodes[i] = kExitFailure;
                    }
                }
                Json line = Json::object();
                line["value"] = sim::sweepJsonValue(values[i]);
                line["result"] = std::move(result);
                lines[i] = line.dump();
            } catch (const sim::SimulationError &e) {
                failures[i] = e.what();
                failureCodes[i] = kExitInvalidModel;
            } catch (const std::exception &e) {
                failures[i] = sim::describeRunFailure(e);
                failureCodes[i] = kExitFailure;
            }
            if (store && runId != 0 && !failures[i].empty() && lines[i].empty()) {
                history::RunEnd end;
                end.status = history::RunStatus::Failed;
                store->finishRun(runId, end);
            }
        }
    };
    const auto threads = static_cast<std::size_t>(std::clamp<long long>(jobs, 1, std::min<long long>(kMaxJobs, static_cast<long long>(runs))));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (std::thread &t : pool)
        t.join();
    for (std::size_t i = 0; i < runs; ++i) {
        if (!failures[i].empty()) {
            std::fprintf(stderr, "%s: run with %s = %.15g: %s\n", modelFile.c_str(), vary.path.c_str(), values[i],
                         failures[i].c_str());
            return failureCodes[i];
        }
    }
    std::string text;
    for (const std::string &line : lines)
        text += line + "\n";
    if (!writeOutput(options.model.out, text))
        return kExitFailure;
    return kExitOk;
}

} // namespace cqrs::cli
