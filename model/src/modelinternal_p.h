#pragma once

// Helpers shared by the loader and the validator; not public API.

#include "cqrs/model/diagnostic.h"
#include "cqrs/model/model.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cqrs::detail {

using cqrs::escapePointerToken;

inline std::string childPath(const std::string &path, std::string_view key)
{
    return path + "/" + escapePointerToken(key);
}

inline std::string childPath(const std::string &path, std::size_t index)
{
    return path + "/" + std::to_string(index);
}

struct ValidateOptions
{
    /// The loader already reported errors: skip the predictions and the
    /// resource limit, which would only add noise on a broken model.
    bool skipPredictions = false;
    /// Top-level collections that failed to load: references into them are
    /// not reported as dangling.
    bool brokenAggregates = false;
    bool brokenCommands = false;
    bool brokenEvents = false;
    bool brokenReadModels = false;
    bool brokenPolicies = false;
    bool brokenQueries = false;
};

Diagnostics validateModel(const Model &model, const ValidateOptions &options);

/// A string for messages: JSON-quoted, control characters escaped, long ones cut.
std::string quote(std::string_view text);

/// The field of `known` that `typed` most likely misspells ("consumer",
/// "comandRate", "applytime"), whether or not the object has that one too
/// (its value is not replaced by the misspelt one); empty when none is
/// close (at most two letters apart, one for names under six letters).
std::string likelyField(std::string_view typed, std::span<const std::string_view> known);

/// " (did you mean "consumers"?)" for likelyField()'s answer; empty for none.
std::string didYouMean(std::string_view typed, std::span<const std::string_view> known);

/// "a number", "a string", "an array", ... for "must be X, not Y" messages.
std::string typeName(const Json &value);

/// The dot-separated segments of a `--set` path ("a.b.c" -> a, b, c; empty
/// segments kept, for the caller to refuse).
inline std::vector<std::string> splitSetPath(std::string_view path)
{
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        segments.emplace_back(path.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return segments;
}

/// Formats a number for messages: shortest form, no trailing zeros.
std::string formatNumber(double value);

} // namespace cqrs::detail
