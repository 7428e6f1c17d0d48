#include "simcommon.h"

#include <cqrs/model/fileio.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <limits>

namespace cqrs::cli {

bool parseInteger(const std::string &text, long long &out)
{
    if (text.empty() || text.size() > 20)
        return false;
    char *end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end != text.c_str() + text.size())
        return false;
    out = v;
    return true;
}

bool parseSeed(const char *command, const std::string &text, long long &out)
{
    if (parseInteger(text, out))
        return true;
    // An integer outside the 64-bit range says which end it passed.
    const bool digits = text.size() > 1 && text.find_first_not_of("0123456789", text[0] == '-' || text[0] == '+') == std::string::npos;
    if (digits)
        std::fprintf(stderr, "cqrs-sim %s: --seed is too %s: %s (a seed is between %lld and %lld)\n", command,
                     text[0] == '-' ? "small" : "large", text.size() > 40 ? (text.substr(0, 40) + "…").c_str() : text.c_str(),
                     std::numeric_limits<long long>::min(), std::numeric_limits<long long>::max());
    else
        std::fprintf(stderr, "cqrs-sim %s: --seed needs an integer, got '%s'\n", command, text.c_str());
    return false;
}

bool parseNumber(const std::string &text, double &out)
{
    if (text.empty() || text.size() > 64 || std::isspace(static_cast<unsigned char>(text.front())))
        return false;
    char *end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v))
        return false;
    out = v;
    return true;
}

std::string modelName(const std::string &file)
{
    return file == "-" ? std::string("<stdin>") : file;
}

bool readModelText(const std::string &file, std::string &text, std::string &error)
{
    if (file != "-")
        return readRegularFile(file, kMaxModelFileBytes, &text, &error);
    std::string result;
    if (!readToEnd(STDIN_FILENO, kMaxModelFileBytes, &result, &error))
        return false;
    if (result.size() > kMaxModelFileBytes) {
        error = "standard input holds more than the limit of " + fileSizeText(kMaxModelFileBytes);
        return false;
    }
    text = std::move(result);
    return true;
}

std::optional<Json> readModelDocument(const std::string &path)
{
    const std::string file = modelName(path);
    std::string text, error;
    if (!readModelText(path, text, error)) {
        std::fprintf(stderr, "%s: cannot read the model: %s\n", file.c_str(), error.c_str());
        return std::nullopt;
    }
    JsonParseResult parsed = parseJsonText(text);
    // A document can come back with errors (duplicate keys): refuse it as validate does.
    if (!parsed.json || hasErrors(parsed.diagnostics)) {
        bool any = false;
        for (const Diagnostic &d : parsed.diagnostics) {
            if (!d.isError())
                continue;
            any = true;
            if (d.line > 0)
                std::fprintf(stderr, "%s:%d:%d: %s\n", file.c_str(), d.line, d.column, d.message.c_str());
            else
                std::fprintf(stderr, "%s: %s\n", file.c_str(), d.located().c_str());
        }
        if (!any)
            std::fprintf(stderr, "%s: not a valid JSON document\n", file.c_str());
        return std::nullopt;
    }
    return std::move(parsed.json);
}

std::optional<Json> prepareDocument(const char *command, const ModelOptions &options, int &exitCode)
{
    exitCode = kExitFailure;
    long long seed = 0;
    if (!options.seed.empty() && !parseSeed(command, options.seed, seed))
        return std::nullopt;
    double duration = 0;
    if (!options.duration.empty() && (!parseNumber(options.duration, duration) || !(duration > 0))) {
        std::fprintf(stderr, "cqrs-sim %s: --duration needs a number of seconds > 0, got '%s'\n", command,
                     options.duration.c_str());
        return std::nullopt;
    }

    exitCode = kExitInvalidModel;
    const std::string file = modelName(options.model);
    std::optional<Json> document = readModelDocument(options.model);
    if (!document)
        return std::nullopt;
    std::string error;
    for (const std::string &assignment : options.sets) {
        // Text that is not JSON is a string; one that looks like an object
        // or a list was most likely mistyped (a brace left out): said so,
        // or the check later only says "not a string".
        if (const std::size_t eq = assignment.find('='); eq != std::string::npos) {
            const std::string_view value = std::string_view(assignment).substr(eq + 1);
            if (!value.empty() && (value.front() == '{' || value.front() == '[')) {
                if (const JsonParseResult parsed = parseJsonText(value);
                    !parsed.json && !parsed.diagnostics.empty())
                    std::fprintf(stderr, "%s: --set %.*s: warning: the value is not valid JSON, so it is taken as a string (column %d: %s)\n",
                                 file.c_str(), int(eq), assignment.c_str(), parsed.diagnostics.front().column,
                                 parsed.diagnostics.front().message.c_str());
            }
        }
        if (!applySetOverride(*document, assignment, &error)) {
            std::fprintf(stderr, "%s: --set %s\n", file.c_str(), error.c_str());
            return std::nullopt;
        }
    }
    // --seed and --duration are overrides too, so validation sees them.
    if (!options.seed.empty() && !applySetOverride(*document, "workload.seed", Json(seed), &error)) {
        std::fprintf(stderr, "%s: --seed: %s\n", file.c_str(), error.c_str());
        return std::nullopt;
    }
    if (!options.duration.empty() && !applySetOverride(*document, "workload.duration", Json(duration), &error)) {
        std::fprintf(stderr, "%s: --duration: %s\n", file.c_str(), error.c_str());
        return std::nullopt;
    }
    exitCode = kExitOk;
    return document;
}

std::optional<Model> modelFromDocument(const std::string &file, const Json &document, const ModelOptions *options)
{
    ModelLoadResult loaded = modelFromJson(document);
    if (!loaded.ok()) {
        bool any = false;
        for (const Diagnostic &d : loaded.diagnostics) {
            if (d.isError()) {
                // The file's warm-up can be fine and --duration too short for it:
                // the message is about the file's field, the cause on the command line.
                std::string note;
                if (options && !options->duration.empty() && d.path.starts_with("/workload/")
                    && d.message.find("duration") != std::string::npos)
                    note = " (the duration is --duration " + options->duration + ")";
                std::fprintf(stderr, "%s: %s%s\n", file.c_str(), d.located().c_str(), note.c_str());
                any = true;
            }
        }
        if (!any)
            std::fprintf(stderr, "%s: the model is invalid\n", file.c_str());
        return std::nullopt;
    }
    // A warning that changes what the run does (validate prints every warning;
    // run, sweep and trace only these, on stderr: stdout is the result).
    if (!options || options->warnings) {
        for (const Diagnostic &d : loaded.diagnostics) {
            if (!d.isError() && d.path == "/workload/sampleInterval") {
                std::fprintf(stderr, "%s: %s: warning: %s\n", file.c_str(), d.path.c_str(), d.message.c_str());
                if (options && options->warned)
                    *options->warned = true;
            }
        }
    }
    const std::string limit = sim::checkRunLimits(*loaded.model);
    if (!limit.empty()) {
        std::fprintf(stderr, "%s: /workload: %s\n", file.c_str(), limit.c_str());
        return std::nullopt;
    }
    return std::move(loaded.model);
}

bool writeOutput(const std::string &file, const std::string &text)
{
    if (file.empty()) {
        const bool ok = std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
        if (!ok)
            std::fputs("cqrs-sim: cannot write to standard output\n", stderr);
        return ok;
    }
    std::string error;
    if (!writeFileAtomically(file, text, &error)) {
        std::fprintf(stderr, "%s: cannot write the output file: %s\n", file.c_str(), error.c_str());
        return false;
    }
    return true;
}

} // namespace cqrs::cli
