#pragma once

#include "cqrs/model/diagnostic.h"
#include "cqrs/model/model.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqrs {

/// Largest model file the loader accepts, in bytes.
inline constexpr std::size_t kMaxModelFileBytes = 64u * 1024u * 1024u;
/// Deepest nesting of arrays and objects the loader accepts.
inline constexpr int kMaxJsonDepth = 100;
/// Most JSON values (scalars, arrays, objects) a file may hold; bounds the
/// memory of the parsed document well below what 64 MiB of "[1,1,...]" needs.
inline constexpr std::size_t kMaxJsonValues = 1'000'000;
/// Longest text (a string value or a key) the loader and the validator
/// accept, in bytes: a description or note longer than a book is a mistake,
/// and every copy of the model (undo, runs, what-ifs) would carry it.
inline constexpr std::size_t kMaxTextBytes = 1024u * 1024u;

/// "300 bytes", "524,288 bytes (512 KiB)", "1,048,577 bytes (1.1 MiB)": a
/// size for messages, exact and readable (the unit as fileSizeText() says it).
std::string formatByteSize(std::size_t bytes);

struct JsonParseResult
{
    std::optional<Json> json;
    Diagnostics diagnostics; ///< syntax errors carry line and column
};

/// Parses UTF-8 JSON text with the loader's limits (size, depth). Never throws.
JsonParseResult parseJsonText(std::string_view text);

/// How strictly a model is loaded.
struct ModelLoadOptions
{
    /// Return a model even when it has errors (for the editor, so unfinished
    /// work can be reopened), as long as the text is a JSON object with the
    /// right "format" and a schemaVersion this build reads. Semantic errors
    /// keep the values as written; values of the wrong type are replaced by
    /// their defaults (Diagnostic::replacedByDefault, Diagnostic::lossy).
    bool keepInvalid = false;
};

struct ModelLoadResult
{
    /// Set when there are no errors; with ModelLoadOptions::keepInvalid also
    /// when there are errors but the document is a model this build reads.
    std::optional<Model> model;
    Diagnostics diagnostics;    ///< every error and warning found, not just the first
    bool ok() const { return model.has_value(); }
};

/// True when an error of the load is not re-derivable from validateModel() on
/// the loaded model (a value was dropped, replaced by its default or missing).
bool loadWasLossy(const ModelLoadResult &result);

/// Reads a model from its JSON document: types, ranges, references, policy
/// loops and resource limits, plus the warnings of validateModel(). Never throws.
ModelLoadResult modelFromJson(const Json &document);
ModelLoadResult modelFromJson(const Json &document, const ModelLoadOptions &options);

/// parseJsonText() then modelFromJson().
ModelLoadResult parseModel(std::string_view text);
ModelLoadResult parseModel(std::string_view text, const ModelLoadOptions &options);

/// Reads a file (size-limited) and parses it. I/O errors become diagnostics.
ModelLoadResult loadModelFile(const std::string &path);
ModelLoadResult loadModelFile(const std::string &path, const ModelLoadOptions &options);

/// The canonical JSON document of a model: documented field order, optional
/// fields left out when they hold their default, unknown fields kept.
Json modelToJson(const Model &model);

/// The model's document with every field written, those at their defaults
/// too: for comparing models, where a field left at its default is a value
/// like any other ("consumers": 1 against 2, not nothing against 2). Not
/// for saving: files keep the canonical form.
Json modelToCompleteJson(const Model &model);

/// A distribution as the model file writes it ({"dist": ..., parameters,
/// unknown fields}); the one Distribution -> JSON conversion of the product.
Json distributionToJson(const Distribution &d);

/// Canonical pretty text (2-space indent, trailing newline): the same model
/// always gives the same bytes.
std::string serializeModel(const Model &model);

/// Writes serializeModel() atomically (temporary file in the same folder, then
/// rename). Returns false and sets *error on failure; the old file is intact.
bool saveModelFile(const Model &model, const std::string &path, std::string *error = nullptr);

/// Applies one `--set PATH=VALUE` override to a raw model document before
/// validation (DESIGN section 5). PATH is dot-separated; array elements are
/// addressed by their "id" (elements without ids, e.g. outages, by index).
/// VALUE is JSON, or a string when it does not parse.
/// Missing members are created at the last step, and on the way only where
/// the format defines an object there (e.g. `update`); a new distribution
/// starts as the constant 0. A bare-number distribution accepts `.value`
/// (it becomes {"dist":"constant","value":V}); any other parameter
/// (e.g. `.median`) is an error that asks for the whole distribution.
/// Returns false and sets *error (naming the path) when PATH does not resolve.
bool applySetOverride(Json &document, std::string_view assignment, std::string *error);
bool applySetOverride(Json &document, std::string_view path, const Json &value, std::string *error);

/// Applies an experiment to a model exactly as `--set` applies to its file:
/// the model is written canonically, each path of `experiment.set` is set in
/// order (applySetOverride), and the document is read again, leniently, so an
/// unfinished model keeps its errors. False and *error (the model unchanged)
/// when a path does not resolve or a value cannot be read.
bool applyExperiment(Model &model, const Experiment &experiment, std::string *error);

/// One object of the model format and the fields the loader knows in it, in
/// canonical order. `path` is a JSON pointer in which "*" stands for any
/// array element or map key, e.g. "/readModels/*/update"; "" is the top level.
/// Distribution objects list "dist" and every parameter name of every kind.
struct KnownObject
{
    std::string path;
    std::vector<std::string> fields;
};

/// The loader's table of known fields (what it reads; anything else is an
/// unknown field, kept and warned about). The JSON Schema test checks it.
std::vector<KnownObject> knownModelFields();

} // namespace cqrs
