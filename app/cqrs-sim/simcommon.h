#pragma once

// Shared by `run` and `sweep`: argument parsing helpers, model loading with
// --set overrides, and atomic output.

#include "commands.h"

#include <cqrs/model/model.h>

#include <optional>
#include <string>
#include <vector>

namespace cqrs::cli {

/// Strict number parsing: the whole text must be the number.
bool parseInteger(const std::string &text, long long &out);
/// parseInteger for `--seed`; on failure prints why (not an integer, or too
/// small / too large for 64 bits) for `cqrs-sim COMMAND`.
bool parseSeed(const char *command, const std::string &text, long long &out);
bool parseNumber(const std::string &text, double &out);

/// MODEL as messages name it: "<stdin>" for "-" (standard input), else the file.
std::string modelName(const std::string &file);

/// MODEL's text, size-limited: a regular file, or standard input for "-"
/// (a pipe, a redirect). On failure, error says why.
bool readModelText(const std::string &file, std::string &text, std::string &error);

/// Reads MODEL as a raw JSON document (size-limited). On failure prints
/// "FILE: problem" (or FILE:LINE:COLUMN) to stderr and returns nothing.
std::optional<Json> readModelDocument(const std::string &file);

/// Reads MODEL and applies --set, --seed and --duration to it, in that order.
/// On failure prints the problem (naming `command` for a malformed option)
/// and returns nothing with exitCode set: 1 for a bad option value, 2 for a
/// model that cannot be read or an override the model refuses.
std::optional<Json> prepareDocument(const char *command, const ModelOptions &options, int &exitCode);

/// Turns a (possibly overridden) document into a runnable model: validation
/// errors and the run limit are printed to stderr naming the file. With the
/// command's options, an error about the duration says that --duration set it.
std::optional<Model> modelFromDocument(const std::string &file, const Json &document,
                                       const ModelOptions *options = nullptr);

/// Writes text to FILE atomically (temporary file in the same folder, then
/// rename), or to stdout when file is empty. Prints the problem and returns
/// false on failure; never leaves a partial FILE.
bool writeOutput(const std::string &file, const std::string &text);

} // namespace cqrs::cli
