#include "cqrs/model/modeljson.h"

#include "cqrs/model/fileio.h"
#include "cqrs/model/validation.h"
#include "modelinternal_p.h"
#include "modeljson_p.h"
#include "modelreader_p.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <span>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace cqrs {

using namespace std::string_view_literals;
using detail::childPath;
using namespace detail;

namespace {

bool isUnder(const std::string &path, const std::string &prefix)
{
    if (prefix.empty())
        return true;
    return path.size() >= prefix.size() && path.compare(0, prefix.size(), prefix) == 0
           && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

// Applies every experiment as the CLI's `--set` would and reports, at the
// experiment, a path that does not resolve or a result that is not a valid
// model. Warnings: the model itself still runs.
void checkExperiments(const Json &document, const Model &model, bool modelValid, Diagnostics &out)
{
    if (model.experiments.empty() || !document.is_object())
        return;
    Json base = document;
    base.erase("experiments");
    auto warn = [&out](const std::string &path, std::string message) {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Warning;
        d.path = path;
        d.message = std::move(message);
        out.push_back(std::move(d));
    };
    for (std::size_t i = 0; i < model.experiments.size(); ++i) {
        const Experiment &e = model.experiments[i];
        const std::string at = childPath(childPath(std::string(), "experiments"), i);
        Json changed = base;
        bool applied = true;
        for (const auto &[path, value] : e.set) {
            std::string error;
            if (!applySetOverride(changed, path, value, &error)) {
                warn(childPath(childPath(at, "set"), path),
                     "experiment " + quote(e.title) + " cannot be applied: " + error);
                applied = false;
            }
        }
        if (!applied || !modelValid || e.set.empty())
            continue;
        const ModelLoadResult result = modelFromJson(changed);
        for (const Diagnostic &d : result.diagnostics) {
            if (d.isError()) {
                warn(at,
                     "experiment " + quote(e.title) + " makes the model invalid: " + d.located());
                break;
            }
        }
    }
}

} // namespace

bool loadWasLossy(const ModelLoadResult &result)
{
    return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                       [](const Diagnostic &d) { return d.isError() && d.lossy; });
}

ModelLoadResult modelFromJson(const Json &document)
{
    return modelFromJson(document, ModelLoadOptions());
}

ModelLoadResult modelFromJson(const Json &document, const ModelLoadOptions &loadOptions)
{
    ModelLoadResult result;
    try {
        Reader reader;
        reader.lenient = loadOptions.keepInvalid;
        Model model;
        readModelDocument(reader, document, model);
        const bool loaderErrors = hasErrors(reader.diagnostics);
        result.diagnostics = std::move(reader.diagnostics);
        if (!reader.stopped) {
            detail::ValidateOptions options = reader.validateOptions;
            options.skipPredictions = loaderErrors;
            for (Diagnostic &d : detail::validateModel(model, options)) {
                const bool suppressed
                    = std::any_of(reader.brokenPaths.begin(), reader.brokenPaths.end(),
                                  [&](const std::string &broken) {
                                      return !broken.empty() && isUnder(d.path, broken);
                                  });
                if (!suppressed)
                    result.diagnostics.push_back(std::move(d));
            }
        }
        if (!reader.stopped)
            checkExperiments(document, model, !hasErrors(result.diagnostics), result.diagnostics);
        if (!hasErrors(result.diagnostics)
            || (loadOptions.keepInvalid && !reader.stopped && reader.headerOk))
            result.model = std::move(model);
    } catch (const std::exception &e) {
        result.model.reset();
        Diagnostic d;
        d.message = std::string("internal error while reading the model: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    } catch (...) {
        result.model.reset();
        Diagnostic d;
        d.message = "internal error while reading the model";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

ModelLoadResult parseModel(std::string_view text)
{
    return parseModel(text, ModelLoadOptions());
}

ModelLoadResult parseModel(std::string_view text, const ModelLoadOptions &options)
{
    JsonParseResult parsed = parseJsonText(text);
    if (!parsed.json) {
        ModelLoadResult result;
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    ModelLoadResult result = modelFromJson(*parsed.json, options);
    if (!parsed.json->is_object()) {
        // Point at the value that should have been an object.
        if (text.starts_with("\xEF\xBB\xBF"))
            text.remove_prefix(3);
        const auto first = text.find_first_not_of(" \t\r\n");
        const TextPosition pos = positionOf(text, first == std::string_view::npos ? 0 : first);
        for (Diagnostic &d : result.diagnostics) {
            if (d.path.empty() && d.line == 0) {
                d.line = pos.line;
                d.column = pos.column;
            }
        }
    }
    if (!parsed.diagnostics.empty()) {
        result.diagnostics.insert(result.diagnostics.begin(), parsed.diagnostics.begin(),
                                  parsed.diagnostics.end());
        if (hasErrors(parsed.diagnostics))
            result.model.reset();
    }
    return result;
}

ModelLoadResult loadModelFile(const std::string &path)
{
    return loadModelFile(path, ModelLoadOptions());
}

ModelLoadResult loadModelFile(const std::string &path, const ModelLoadOptions &options)
{
    ModelLoadResult result;
    try {
        auto fail = [&](std::string message) {
            Diagnostic d;
            d.message = std::move(message);
            result.diagnostics.push_back(std::move(d));
            return result;
        };
        std::string text;
        std::string error;
        if (!readRegularFile(path, kMaxModelFileBytes, &text, &error))
            return fail("cannot open the file: " + error);
        return parseModel(text, options);
    } catch (const std::exception &e) {
        result.model.reset();
        Diagnostic d;
        d.message = std::string("cannot read the file: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    } catch (...) {
        result.model.reset();
        Diagnostic d;
        d.message = "cannot read the file";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

} // namespace cqrs
