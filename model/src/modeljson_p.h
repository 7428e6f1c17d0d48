#pragma once

// The loader's private vocabulary, shared by its files (modeljson.cpp reads,
// modeltext.cpp parses text, modelset.cpp applies overrides, modelfields.cpp
// holds the known-field table); not public API.

#include "cqrs/model/model.h"
#include "modelinternal_p.h"

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace cqrs::detail {

using namespace std::string_view_literals;

using FieldList = std::span<const std::string_view>;

// The documented fields of every object, in canonical (DESIGN) order. The
// loader reads these, the writer writes in this order, and
// knownModelFields() exposes them to the schema test.
inline constexpr std::array kTopFields
    = {"format"sv,   "schemaVersion"sv, "name"sv,      "description"sv, "aggregates"sv,
       "commands"sv, "events"sv,        "writeSide"sv, "eventBus"sv,    "readModels"sv,
       "policies"sv, "queries"sv,       "workload"sv,  "experiments"sv, "diagram"sv};
inline constexpr std::array kAggregateFields = {"id"sv, "name"sv, "instances"sv};
inline constexpr std::array kCommandFields
    = {"id"sv,         "name"sv,  "aggregate"sv, "share"sv,    "handlerTime"sv,
       "rejectRate"sv, "emits"sv, "fields"sv,    "followUp"sv, "validatesAgainst"sv};
inline constexpr std::array kFieldSpecFields = {"name"sv, "type"sv};
inline constexpr std::array kFollowUpFields = {"query"sv, "probability"sv, "after"sv};
inline constexpr std::array kEventFields = {"id"sv, "name"sv, "aggregate"sv, "fields"sv};
inline constexpr std::array kWriteSideFields = {"workers"sv, "maxRetries"sv};
inline constexpr std::array kEventBusFields
    = {"partitions"sv, "publishDelay"sv, "duplicateRate"sv, "ordering"sv};
inline constexpr std::array kReadModelFields
    = {"id"sv,        "name"sv,    "store"sv,    "subscribes"sv, "consumers"sv,  "update"sv,
       "applyTime"sv, "outages"sv, "rebuilds"sv, "idempotent"sv, "staleBudget"sv};
inline constexpr std::array kPolicyFields
    = {"id"sv,        "name"sv,   "subscribes"sv, "issues"sv,  "probability"sv,
       "consumers"sv, "update"sv, "applyTime"sv,  "outages"sv, "idempotent"sv};
inline constexpr std::array kUpdateFields = {"mode"sv, "delay"sv, "interval"sv, "offset"sv};
inline constexpr std::array kOutageFields = {"at"sv, "duration"sv};
inline constexpr std::array kRebuildFields = {"at"sv};
inline constexpr std::array kStaleBudgetFields = {"p99"sv};
inline constexpr std::array kQueryFields
    = {"id"sv, "name"sv, "readModel"sv, "share"sv, "readTime"sv, "consistency"sv};
inline constexpr std::array kConsistencyFields = {"strategy"sv, "pollInterval"sv, "timeout"sv};
inline constexpr std::array kWorkloadFields
    = {"duration"sv,    "warmup"sv,    "seed"sv, "commandRate"sv,
       "rateProfile"sv, "queryRate"sv, "keys"sv, "sampleInterval"sv};
inline constexpr std::array kRateStepFields = {"at"sv, "factor"sv};
inline constexpr std::array kKeysFields = {"dist"sv, "s"sv};
inline constexpr std::array kExperimentFields = {"title"sv, "description"sv, "set"sv};
inline constexpr std::array kDiagramFields = {"nodes"sv, "notes"sv};
inline constexpr std::array kNodeFields = {"x"sv, "y"sv};
inline constexpr std::array kNoteFields = {"text"sv, "x"sv, "y"sv};
inline constexpr std::array kDistributionFields
    = {"dist"sv, "value"sv, "mean"sv, "min"sv, "max"sv, "stddev"sv, "median"sv, "p99"sv};

struct KnownDef
{
    std::string_view path;
    FieldList fields;
};

/// The known object at a schema path ("*" = any array element or map key), or null.
const KnownDef *knownAt(std::string_view schemaPath);
bool contains(FieldList fields, std::string_view name);

struct TextPosition
{
    int line = 1;
    int column = 1;
};

// 1-based line and column (in characters, not bytes) of a byte offset.
TextPosition positionOf(std::string_view text, std::size_t offset);

// Follows how deep JSON text nests, one ASCII character at a time, ignoring
// brackets inside strings. Shared by the file's pre-scan and the --set
// value check, so both count levels the same way.
struct NestingScanner
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;

    /// The depth after c (never below 0).
    int step(char c)
    {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
        return depth;
    }
};

} // namespace cqrs::detail
