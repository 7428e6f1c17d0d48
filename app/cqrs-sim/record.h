#pragma once

// Recording runs into the run history (DESIGN section 7): shared by `run`,
// `sweep` and the `history` commands.

#include "commands.h"

#include <cqrs/history/runstore.h>
#include <cqrs/model/model.h>

#include <memory>
#include <string>
#include <vector>

namespace cqrs::cli {

/// The file `run` and `sweep` record into: --db, else CQRS_STUDIO_DB; empty: none.
std::string recordingDatabase(const std::string &db);

/// The file the `history` commands read: --db, else CQRS_STUDIO_DB, else the
/// application's default file.
std::string historyDatabase(const std::string &db);

/// Opens the history, printing "FILE: problem" on stderr when it cannot.
std::unique_ptr<history::RunStore> openHistory(const std::string &file, history::OpenMode mode,
                                               history::OpenError *why = nullptr);

/// The overrides as given on the command line, in the order prepareDocument() applies them.
std::vector<std::string> overridesOf(const ModelOptions &options);

/// What beginRun() needs for a model about to run.
history::RunStart runStart(const Model &model, const std::string &name, std::vector<std::string> overrides);

/// Records the end of a finished run: the result as printed (series stripped
/// unless they are part of it) and the series' JSON text, decimated to what
/// the history keeps (empty: none). Prints a warning and returns false when
/// the history refuses.
bool recordFinished(history::RunStore &store, std::int64_t id, const std::string &printedResult,
                    std::string seriesText);

} // namespace cqrs::cli
