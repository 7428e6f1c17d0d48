#pragma once

// The loader's private vocabulary, shared by its files (modeljson.cpp runs a
// load, modeltext.cpp parses text, modelset.cpp applies overrides,
// modelfields.cpp holds the field tables that read and write every object,
// modelwriter.cpp writes the document); not public API.

#include "cqrs/model/model.h"
#include "modelinternal_p.h"

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace cqrs::detail {

using namespace std::string_view_literals;

using FieldList = std::span<const std::string_view>;

// The fields of a distribution object: every parameter name any kind uses.
// Distributions have their own codec (distributionToJson and the loader's
// readDistributionValue): which parameters apply depends on "dist".
inline constexpr std::array kDistributionFields
    = {"dist"sv, "value"sv, "mean"sv, "min"sv, "max"sv, "stddev"sv, "median"sv, "p99"sv};

/// A known object at a schema path ("*" = any array element or map key) and
/// its fields in documented order; derived from the field tables in
/// modelfields.cpp.
struct KnownDef
{
    std::string path;
    FieldList fields;
};

/// The known object at a schema path, or null.
const KnownDef *knownAt(std::string_view schemaPath);

/// The model as its canonical JSON document, through the field tables
/// (modelfields.cpp): documented order, defaults left out, unknown fields kept.
Json writeModelDocument(const Model &model);
/// Every field, those at their defaults too (modelToCompleteJson()).
Json writeCompleteModelDocument(const Model &model);

/// A number as the canonical writer writes it: whole numbers without ".0".
Json jsonNumber(double value);

/// Adds the unknown fields kept in `extra` after the known ones.
void appendExtra(Json &out, const Json &extra);
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
