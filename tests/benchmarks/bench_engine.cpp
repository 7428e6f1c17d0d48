// Engine benchmark (issue 3, "Speed and memory"): simulated commands per
// wall-clock second of cqrs::sim::Simulation on the tandem model or on a model
// file, the engine's own mean latency and consistency windows (to cross-check
// against the baselines), and the process's peak memory (VmHWM). One size per
// process, because VmHWM never goes down: run-engine-benchmarks.sh calls this
// once for 1M and once for 10M commands and compares.
//
// Usage: bench_engine [--model tandem|FILE] [--commands N] [--seed S] [--save-model FILE]
// --commands sets the tandem model's duration to N / 80 s; for a model file
// it is ignored unless given, then the duration becomes N / commandRate.
// Prints `key value` lines (see run-engine-benchmarks.sh). --save-model
// writes the model as run to FILE and exits (run-engine-benchmarks.sh times
// the whole `cqrs-sim run` process on it).

#include "benchutil.h"

#include "cqrs/model/modeljson.h"
#include "cqrs/sim/simulation.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

namespace {

using namespace cqrs::bench;

/// Poisson commands at 80/s into one exponential handler (mean 0.01 s); each
/// commit emits one event for three streaming read models with one consumer
/// and exponential apply time (mean 0.01 s), no publish or update delay.
cqrs::Model tandemModel(std::int64_t commands, std::int64_t seed)
{
    cqrs::Model m;
    m.name = "Tandem benchmark";
    m.description = "M/M/1 write side feeding three M/M/1 read models (Burke: each sees Poisson input).";

    cqrs::Aggregate item;
    item.id = item.name = "item";
    item.instances = 1000;
    m.aggregates.push_back(item);

    cqrs::Event done;
    done.id = done.name = "done";
    done.aggregate = "item";
    m.events.push_back(done);

    cqrs::Command command;
    command.id = command.name = "do";
    command.aggregate = "item";
    command.handlerTime = cqrs::Distribution::exponential(kHandlerMean);
    command.emits = {"done"};
    m.commands.push_back(command);

    for (int i = 0; i < kReadModels; ++i) {
        cqrs::ReadModel rm;
        rm.id = rm.name = "view-" + std::to_string(i);
        rm.subscribes = {"done"};
        rm.consumers = 1;
        rm.update.mode = cqrs::UpdateMode::Streaming;
        rm.update.delay = cqrs::Distribution::constant(0);
        rm.applyTime = cqrs::Distribution::exponential(kApplyMean);
        m.readModels.push_back(rm);
    }

    m.writeSide.workers = 1;
    m.workload.commandRate = kArrivalRate;
    m.workload.duration = double(commands) / kArrivalRate;
    m.workload.warmup = 0;
    m.workload.seed = seed;
    return m;
}

double number(const cqrs::Json &json, const char *key)
{
    const auto it = json.find(key);
    return it != json.end() && it->is_number() ? it->get<double>() : 0.0;
}

} // namespace

int main(int argc, char **argv)
{
    std::string modelArg = "tandem";
    std::int64_t commands = 0; // 0: the model's own duration (tandem: 1M)
    std::int64_t seed = 1;
    std::string saveTo;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
            modelArg = argv[++i];
        } else if (std::strcmp(argv[i], "--commands") == 0 && i + 1 < argc) {
            commands = parsePositive("--commands", argv[++i]);
        } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = parsePositive("--seed", argv[++i]);
        } else if (std::strcmp(argv[i], "--save-model") == 0 && i + 1 < argc) {
            saveTo = argv[++i];
        } else {
            std::fprintf(stderr, "usage: %s [--model tandem|FILE] [--commands N] [--seed S] [--save-model FILE]\n",
                         argv[0]);
            return 2;
        }
    }

    cqrs::Model model;
    if (modelArg == "tandem") {
        model = tandemModel(commands > 0 ? commands : 1'000'000, seed);
    } else {
        cqrs::ModelLoadResult loaded = cqrs::loadModelFile(modelArg);
        if (!loaded.ok()) {
            for (const auto &d : loaded.diagnostics) {
                if (d.severity != cqrs::Diagnostic::Severity::Error)
                    continue;
                std::string where = modelArg;
                if (d.line > 0)
                    where += ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
                if (!d.path.empty())
                    where += ": " + d.path;
                std::fprintf(stderr, "%s: %s\n", where.c_str(), d.message.c_str());
            }
            return 2;
        }
        model = std::move(*loaded.model);
        model.workload.seed = seed;
        // Count every command: the warm-up changes what is measured, not the work done.
        model.workload.warmup = 0;
        if (commands > 0 && model.workload.commandRate > 0)
            model.workload.duration = double(commands) / model.workload.commandRate;
    }

    if (!saveTo.empty()) {
        std::string error;
        if (!cqrs::saveModelFile(model, saveTo, &error)) {
            std::fprintf(stderr, "bench_engine: %s\n", error.c_str());
            return 1;
        }
        return 0;
    }

    try {
        // Default options, limits enforced: what `cqrs-sim run` does (the 10M run is
        // far below the documented limit of expected engine events).
        const cqrs::sim::SimulationOptions options;
        // Timed: engine setup, the run and the result document, as `cqrs-sim run` does them.
        const auto start = std::chrono::steady_clock::now();
        const double cpuStart = cpuSeconds();
        cqrs::sim::Simulation simulation(model, options);
        simulation.runToEnd();
        const cqrs::Json result = simulation.result();
        const double cpu = cpuSeconds() - cpuStart;
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

        const cqrs::Json &total = result["commands"]["total"];
        const double issued = number(total, "issued");
        double queries = 0;
        for (const auto &q : result["queries"].items())
            queries += number(q.value(), "issued");
        const double events = number(result["engine"], "events");

        std::printf("implementation engine\n");
        std::printf("model %s\n", modelArg == "tandem" ? "tandem" : modelArg.c_str());
        std::printf("commands %.0f\n", issued);
        std::printf("queries %.0f\n", queries);
        std::printf("simulated_seconds %.1f\n", model.workload.duration);
        std::printf("events %.0f\n", events);
        std::printf("wall_seconds %.6f\n", wall);
        std::printf("engine_wall_seconds %.6f\n", number(result["engine"], "wallSeconds"));
        std::printf("cpu_seconds %.6f\n", cpu);
        std::printf("commands_per_second %.1f\n", issued / wall);
        std::printf("commands_per_cpu_second %.1f\n", issued / cpu);
        std::printf("events_per_second %.1f\n", events / wall);
        std::printf("mean_latency %.6f\n", number(total["latency"], "mean"));
        if (modelArg == "tandem") {
            for (int i = 0; i < kReadModels; ++i) {
                const cqrs::Json &rm = result["readModels"]["view-" + std::to_string(i)];
                std::printf("mean_window_%d %.6f\n", i, number(rm["consistencyWindow"], "mean"));
            }
        }
        const cqrs::sim::MemoryFootprint f = simulation.memoryFootprint();
        std::printf("footprint_future_events %zu\n", f.futureEvents);
        std::printf("footprint_messages %zu\n", f.messages);
        std::printf("footprint_queue_slots %zu\n", f.queueSlots);
        std::printf("footprint_per_key_bytes %zu\n", f.perKeyBytes);
        std::printf("peak_kb %ld\n", peakRssKb());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_engine: %s\n", e.what());
        return 1;
    }
    return 0;
}
