// `cqrs-sim sweep MODEL --vary PATH=FROM:TO:STEPS[:log] [--jobs N] [--out FILE]`
// (DESIGN section 5): one run per value, in parallel, one JSON line per run in
// value order.
#include "commands.h"
#include "simcommon.h"

#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace cqrs::cli {

namespace {

constexpr const char *kSweepUsage =
    "Usage: cqrs-sim sweep MODEL --vary PATH=FROM:TO:STEPS[:log] [--jobs N] [--out FILE]\n"
    "                 [--seed N] [--duration S] [--set PATH=VALUE]...\n"
    "Runs MODEL once for each of STEPS values of PATH from FROM to TO inclusive\n"
    "(STEPS >= 2; ':log' spaces them geometrically, FROM and TO > 0) and prints\n"
    "one JSON line per run in value order: {\"value\": v, \"result\": {...}}.\n"
    "  --jobs N   runs in parallel (default 1, at most 64)\n"
    "Example: cqrs-sim sweep m.cqrs.json --vary readModels.user-view.update.delay.median=0.01:10:20:log --jobs 2\n"
    "Exit codes: 0 success, 2 the model is invalid or cannot be read, 1 anything else.\n";

constexpr int kMaxJobs = 64;
constexpr long long kMaxSteps = 100000;

bool isOption(const std::string &arg, const std::string &name)
{
    return arg == name || arg.rfind(name + "=", 0) == 0;
}

bool optionValue(const std::vector<std::string> &args, std::size_t &i, const std::string &name, std::string &value)
{
    if (args[i] == name) {
        if (i + 1 >= args.size())
            return false;
        value = args[++i];
        return true;
    }
    value = args[i].substr(name.size() + 1);
    return true;
}

struct Vary
{
    std::string path;
    double from = 0;
    double to = 0;
    long long steps = 0;
    bool log = false;
};

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
    if (!parseInteger(parts[2], vary.steps) || vary.steps < 2 || vary.steps > kMaxSteps) {
        message = "--vary: STEPS must be an integer from 2 to " + std::to_string(kMaxSteps) + ", got '" + parts[2] + "'";
        return false;
    }
    vary.log = parts.size() == 4;
    if (vary.log && !(vary.from > 0 && vary.to > 0)) {
        message = "--vary: ':log' needs FROM and TO > 0";
        return false;
    }
    return true;
}

double valueAt(const Vary &v, long long i)
{
    if (i == v.steps - 1)
        return v.to;
    const double f = static_cast<double>(i) / static_cast<double>(v.steps - 1);
    const double x = v.log ? v.from * std::pow(v.to / v.from, f) : v.from + (v.to - v.from) * f;
    // 15 significant digits: 1 instead of 0.9999999999999998, 0.3 instead of 0.30000000000000004.
    char text[32];
    std::snprintf(text, sizeof text, "%.15g", x);
    return std::strtod(text, nullptr);
}

// Whole numbers become JSON integers so that integer fields (consumers, workers) accept them.
Json jsonValue(double v)
{
    if (std::floor(v) == v && std::abs(v) < 9.0e15)
        return Json(static_cast<long long>(v));
    return Json(v);
}

} // namespace

int runSweep(const std::vector<std::string> &args)
{
    std::string modelFile, outFile, varyText;
    std::vector<std::string> sets;
    std::optional<long long> seed;
    std::optional<double> duration;
    long long jobs = 1;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        std::string value;
        if (arg == "--help" || arg == "-h") {
            std::fputs(kSweepUsage, stdout);
            return kExitOk;
        }
        if (isOption(arg, "--vary")) {
            if (!optionValue(args, i, "--vary", value)) {
                std::fputs("cqrs-sim sweep: --vary needs PATH=FROM:TO:STEPS[:log]\n", stderr);
                return kExitFailure;
            }
            if (!varyText.empty()) {
                std::fputs("cqrs-sim sweep: only one --vary per sweep\n", stderr);
                return kExitFailure;
            }
            varyText = value;
        } else if (isOption(arg, "--jobs")) {
            if (!optionValue(args, i, "--jobs", value) || !parseInteger(value, jobs) || jobs < 1) {
                std::fprintf(stderr, "cqrs-sim sweep: --jobs needs an integer >= 1, got '%s'\n", value.c_str());
                return kExitFailure;
            }
        } else if (isOption(arg, "--out")) {
            if (!optionValue(args, i, "--out", value) || value.empty()) {
                std::fputs("cqrs-sim sweep: --out needs a file name\n", stderr);
                return kExitFailure;
            }
            outFile = value;
        } else if (isOption(arg, "--seed")) {
            long long n = 0;
            if (!optionValue(args, i, "--seed", value) || !parseInteger(value, n)) {
                std::fprintf(stderr, "cqrs-sim sweep: --seed needs an integer, got '%s'\n", value.c_str());
                return kExitFailure;
            }
            seed = n;
        } else if (isOption(arg, "--duration")) {
            double d = 0;
            if (!optionValue(args, i, "--duration", value) || !parseNumber(value, d) || !(d > 0)) {
                std::fprintf(stderr, "cqrs-sim sweep: --duration needs a number of seconds > 0, got '%s'\n", value.c_str());
                return kExitFailure;
            }
            duration = d;
        } else if (isOption(arg, "--set")) {
            if (!optionValue(args, i, "--set", value)) {
                std::fputs("cqrs-sim sweep: --set needs PATH=VALUE\n", stderr);
                return kExitFailure;
            }
            sets.push_back(value);
        } else if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "cqrs-sim sweep: unknown option '%s'\n\n%s", arg.c_str(), kSweepUsage);
            return kExitFailure;
        } else if (modelFile.empty()) {
            modelFile = arg;
        } else {
            std::fprintf(stderr, "cqrs-sim sweep: more than one MODEL ('%s' and '%s')\n", modelFile.c_str(), arg.c_str());
            return kExitFailure;
        }
    }
    if (modelFile.empty() || varyText.empty()) {
        std::fputs(kSweepUsage, stderr);
        return kExitFailure;
    }
    Vary vary;
    std::string message;
    if (!parseVary(varyText, vary, message)) {
        std::fprintf(stderr, "cqrs-sim sweep: %s\n", message.c_str());
        return kExitFailure;
    }

    std::optional<Json> base = readModelDocument(modelFile);
    if (!base)
        return kExitInvalidModel;
    std::string error;
    for (const std::string &assignment : sets) {
        if (!applySetOverride(*base, assignment, &error)) {
            std::fprintf(stderr, "%s: --set %s\n", modelFile.c_str(), error.c_str());
            return kExitInvalidModel;
        }
    }
    if (seed && !applySetOverride(*base, "workload.seed", Json(*seed), &error)) {
        std::fprintf(stderr, "%s: --seed: %s\n", modelFile.c_str(), error.c_str());
        return kExitInvalidModel;
    }
    if (duration && !applySetOverride(*base, "workload.duration", Json(*duration), &error)) {
        std::fprintf(stderr, "%s: --duration: %s\n", modelFile.c_str(), error.c_str());
        return kExitInvalidModel;
    }

    // Every value is applied and validated before any run starts.
    std::vector<double> values;
    std::vector<Model> models;
    for (long long i = 0; i < vary.steps; ++i) {
        const double v = valueAt(vary, i);
        Json document = *base;
        if (!applySetOverride(document, vary.path, jsonValue(v), &error)) {
            std::fprintf(stderr, "%s: --vary %s\n", modelFile.c_str(), error.c_str());
            return kExitInvalidModel;
        }
        std::optional<Model> model = modelFromDocument(modelFile, document);
        if (!model) {
            std::fprintf(stderr, "%s: (with %s = %.15g)\n", modelFile.c_str(), vary.path.c_str(), v);
            return kExitInvalidModel;
        }
        values.push_back(v);
        models.push_back(std::move(*model));
    }

    const std::size_t runs = models.size();
    std::vector<std::string> lines(runs);
    std::vector<std::string> failures(runs);
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < runs; i = next++) {
            try {
                Json line = Json::object();
                line["value"] = jsonValue(values[i]);
                line["result"] = sim::simulate(models[i]);
                lines[i] = line.dump();
            } catch (const std::exception &e) {
                failures[i] = e.what();
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
            return kExitInvalidModel;
        }
    }
    std::string text;
    for (const std::string &line : lines)
        text += line + "\n";
    if (!writeOutput(outFile, text))
        return kExitFailure;
    return kExitOk;
}

} // namespace cqrs::cli
