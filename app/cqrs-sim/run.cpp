// `cqrs-sim run MODEL [--seed N] [--duration S] [--set PATH=VALUE]... [--series] [--out FILE]`
// (DESIGN section 5): simulates the model and prints the result file.
#include "commands.h"
#include "simcommon.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

#include <cstdio>
#include <string>

namespace cqrs::cli {

namespace {

constexpr const char *kRunUsage =
    "Usage: cqrs-sim run MODEL [--seed N] [--duration S] [--set PATH=VALUE]... [--series] [--out FILE]\n"
    "Simulates MODEL and prints the result JSON (stdout, or FILE written atomically).\n"
    "  --seed N           override workload.seed (integer)\n"
    "  --duration S       override workload.duration (seconds > 0)\n"
    "  --set PATH=VALUE   override one field before validation, e.g.\n"
    "                     --set readModels.user-view.update.delay=0.2 --set workload.commandRate=500\n"
    "  --series           add per-interval time series\n"
    "  --out FILE         write the result to FILE instead of stdout\n"
    "Exit codes: 0 success, 2 the model is invalid or cannot be read, 1 anything else.\n";

// Takes the value of an option given as "--opt value" or "--opt=value".
bool optionValue(const std::vector<std::string> &args, std::size_t &i, const std::string &name, std::string &value)
{
    const std::string &arg = args[i];
    if (arg == name) {
        if (i + 1 >= args.size())
            return false;
        value = args[++i];
        return true;
    }
    value = arg.substr(name.size() + 1);
    return true;
}

bool isOption(const std::string &arg, const std::string &name)
{
    return arg == name || arg.rfind(name + "=", 0) == 0;
}

} // namespace

int runRun(const std::vector<std::string> &args)
{
    std::string modelFile, outFile;
    std::vector<std::string> sets;
    std::optional<long long> seed;
    std::optional<double> duration;
    bool series = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        std::string value;
        if (arg == "--help" || arg == "-h") {
            std::fputs(kRunUsage, stdout);
            return kExitOk;
        }
        if (isOption(arg, "--seed")) {
            long long n = 0;
            if (!optionValue(args, i, "--seed", value) || !parseInteger(value, n)) {
                std::fprintf(stderr, "cqrs-sim run: --seed needs an integer, got '%s'\n", value.c_str());
                return kExitFailure;
            }
            seed = n;
        } else if (isOption(arg, "--duration")) {
            double d = 0;
            if (!optionValue(args, i, "--duration", value) || !parseNumber(value, d) || !(d > 0)) {
                std::fprintf(stderr, "cqrs-sim run: --duration needs a number of seconds > 0, got '%s'\n", value.c_str());
                return kExitFailure;
            }
            duration = d;
        } else if (isOption(arg, "--set")) {
            if (!optionValue(args, i, "--set", value)) {
                std::fputs("cqrs-sim run: --set needs PATH=VALUE\n", stderr);
                return kExitFailure;
            }
            sets.push_back(value);
        } else if (arg == "--series") {
            series = true;
        } else if (isOption(arg, "--out")) {
            if (!optionValue(args, i, "--out", value) || value.empty()) {
                std::fputs("cqrs-sim run: --out needs a file name\n", stderr);
                return kExitFailure;
            }
            outFile = value;
        } else if (!arg.empty() && arg[0] == '-' && arg != "-") {
            std::fprintf(stderr, "cqrs-sim run: unknown option '%s'\n\n%s", arg.c_str(), kRunUsage);
            return kExitFailure;
        } else if (modelFile.empty()) {
            modelFile = arg;
        } else {
            std::fprintf(stderr, "cqrs-sim run: more than one MODEL ('%s' and '%s')\n", modelFile.c_str(), arg.c_str());
            return kExitFailure;
        }
    }
    if (modelFile.empty()) {
        std::fputs(kRunUsage, stderr);
        return kExitFailure;
    }

    std::optional<Json> document = readModelDocument(modelFile);
    if (!document)
        return kExitInvalidModel;
    for (const std::string &assignment : sets) {
        std::string error;
        if (!applySetOverride(*document, assignment, &error)) {
            std::fprintf(stderr, "%s: --set %s\n", modelFile.c_str(), error.c_str());
            return kExitInvalidModel;
        }
    }
    // --seed and --duration are overrides too, so validation sees them.
    std::string error;
    if (seed && !applySetOverride(*document, "workload.seed", Json(*seed), &error)) {
        std::fprintf(stderr, "%s: --seed: %s\n", modelFile.c_str(), error.c_str());
        return kExitInvalidModel;
    }
    if (duration && !applySetOverride(*document, "workload.duration", Json(*duration), &error)) {
        std::fprintf(stderr, "%s: --duration: %s\n", modelFile.c_str(), error.c_str());
        return kExitInvalidModel;
    }
    std::optional<Model> model = modelFromDocument(modelFile, *document);
    if (!model)
        return kExitInvalidModel;

    sim::SimulationOptions options;
    options.series = series;
    Json result;
    try {
        result = sim::simulate(*model, options);
    } catch (const sim::SimulationError &e) {
        std::fprintf(stderr, "%s: %s\n", modelFile.c_str(), e.what());
        return kExitInvalidModel;
    }
    if (!writeOutput(outFile, sim::formatResult(result)))
        return kExitFailure;
    return kExitOk;
}

} // namespace cqrs::cli
