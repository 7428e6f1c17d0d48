// `cqrs-sim history list|show|compare|delete`: reads the run history that
// the application and `run --db` record (docs/history.md).
#include "commands.h"
#include "record.h"
#include "simcommon.h"

#include <cqrs/history/compare.h>
#include <cqrs/history/series.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace cqrs::cli {

namespace {

using history::OpenError;
using history::OpenMode;
using history::RunStore;

// Run numbers as typed; a malformed one is a usage error (exit 1).
bool parseIds(const char *command, const std::vector<std::string> &texts, std::vector<long long> &ids)
{
    for (const std::string &text : texts) {
        long long id = 0;
        if (!parseInteger(text, id) || id < 1) {
            std::fprintf(stderr, "cqrs-sim history %s: ID must be a run number, got '%s'\n", command, text.c_str());
            return false;
        }
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) // "delete 5 5" deletes run 5
            ids.push_back(id);
    }
    return true;
}

bool print(const std::string &text)
{
    return writeOutput({}, text);
}

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

/// A ratio as people read one: three significant digits ("x1.06", not
/// "x1.06015"); the JSON keeps it whole.
std::string ratio(double v)
{
    char text[32];
    // Three significant digits, never an exponent ("x2500", not "x2.5e+03").
    std::snprintf(text, sizeof text, std::abs(v) >= 1000 ? "x%.0f" : "x%.3g", v);
    return text;
}

} // namespace

int runHistoryList(const HistoryOptions &options)
{
    const std::string file = historyDatabase(options.db);
    OpenError why = OpenError::None;
    std::string error;
    std::unique_ptr<RunStore> store = RunStore::open(file, OpenMode::ReadOnly, &error, &why);
    if (!store) {
        if (why == OpenError::NotFound) { // nothing recorded yet: an empty list
            if (!options.json)
                std::fprintf(stderr, "%s: no runs recorded yet\n", file.c_str());
            return kExitOk;
        }
        std::fprintf(stderr, "%s\n", error.c_str());
        return kExitBadHistory;
    }
    std::string text;
    const std::vector<history::RunSummary> runs = store->list();
    if (!options.json && !runs.empty()) {
        char header[160];
        std::snprintf(header, sizeof header, "%6s  %-11s  %-24s  %10s  %s\n", "ID", "STATUS", "STARTED (UTC)", "SEED",
                      "NAME");
        text += header;
    }
    for (const history::RunSummary &run : runs) {
        if (options.json) {
            Json line = Json::object();
            line["id"] = run.id;
            line["status"] = std::string(history::statusName(run.status));
            line["name"] = run.name;
            line["model"] = run.modelName;
            line["seed"] = run.seed;
            line["startedAt"] = run.startedAt;
            line["finishedAt"] = run.finishedAt.empty() ? Json(nullptr) : Json(run.finishedAt);
            if (run.sweepId) {
                line["sweep"] = *run.sweepId;
                line["value"] = run.sweepValue ? Json(*run.sweepValue) : Json(nullptr);
            }
            // What the Run History's list shows too: its star and tags.
            if (run.starred)
                line["starred"] = true;
            if (!run.tags.empty())
                line["tags"] = run.tags;
            text += line.dump() + "\n";
            continue;
        }
        std::string name = run.name;
        if (run.name != run.modelName)
            name += "  [" + run.modelName + "]";
        if (run.sweepId)
            name += "  (sweep " + std::to_string(*run.sweepId) + ")";
        if (!run.tags.empty()) {
            name += "  tags:";
            for (std::size_t i = 0; i < run.tags.size(); ++i)
                name += (i == 0 ? " " : ", ") + run.tags[i];
        }
        if (run.starred)
            name += "  (starred)";
        char row[160];
        std::snprintf(row, sizeof row, "%6lld  %-11s  %-24s  %10lld  ", static_cast<long long>(run.id),
                      std::string(history::statusName(run.status)).c_str(), run.startedAt.c_str(),
                      static_cast<long long>(run.seed));
        text += row + name + "\n";
    }
    return print(text) ? kExitOk : kExitFailure;
}

int runHistoryShow(const HistoryOptions &options)
{
    std::vector<long long> ids;
    if (!parseIds("show", options.ids, ids))
        return kExitFailure;
    const std::string file = historyDatabase(options.db);
    std::unique_ptr<RunStore> store = openHistory(file, OpenMode::ReadOnly);
    if (!store)
        return kExitBadHistory;
    const std::optional<history::RunRecord> run = store->get(ids.front());
    if (!run) {
        std::fprintf(stderr, "%s: no run %lld\n", file.c_str(), ids.front());
        return kExitBadHistory;
    }
    const std::string status(history::statusName(run->status));
    if (options.model)
        return print(run->modelJson) ? kExitOk : kExitFailure;
    if (options.series) {
        if (run->series.empty()) {
            std::fprintf(stderr, "%s: run %lld has no series (it is %s)\n", file.c_str(), ids.front(), status.c_str());
            return kExitFailure;
        }
        bool damaged = false;
        const Json series = history::storedObject(run->series, &damaged);
        if (damaged) { // a row changed by something else than this program
            std::fprintf(stderr, "%s: run %lld: the stored series are damaged (not a JSON object)\n", file.c_str(),
                         ids.front());
            return kExitBadHistory;
        }
        return print(series.dump(2) + "\n") ? kExitOk : kExitFailure;
    }
    if (run->result.empty()) {
        std::fprintf(stderr, "%s: run %lld has no result (it is %s)\n", file.c_str(), ids.front(), status.c_str());
        return kExitFailure;
    }
    return print(run->result) ? kExitOk : kExitFailure;
}

int runHistoryCompare(const HistoryOptions &options)
{
    std::vector<long long> ids;
    if (!parseIds("compare", options.ids, ids))
        return kExitFailure;
    if (ids.size() < 2) { // "compare 1 1": one run, given twice
        std::fprintf(stderr, "cqrs-sim history compare: give two or more different runs, got run %lld only\n",
                     ids.front());
        return kExitFailure;
    }
    const std::string file = historyDatabase(options.db);
    std::unique_ptr<RunStore> store = openHistory(file, OpenMode::ReadOnly);
    if (!store)
        return kExitBadHistory;
    std::vector<Json> results;
    std::vector<std::string> names;
    for (long long id : ids) {
        const std::optional<history::RunRecord> run = store->get(id);
        if (!run) {
            std::fprintf(stderr, "%s: no run %lld\n", file.c_str(), id);
            return kExitBadHistory;
        }
        if (run->result.empty()) {
            std::fprintf(stderr, "%s: run %lld has no result (it is %s)\n", file.c_str(), id,
                         std::string(history::statusName(run->status)).c_str());
            return kExitFailure;
        }
        bool damaged = false;
        Json result = history::storedObject(run->result, &damaged);
        if (damaged) {
            std::fprintf(stderr, "%s: run %lld: the stored result is damaged (not a JSON object)\n", file.c_str(),
                         id);
            return kExitBadHistory;
        }
        if (run->status != history::RunStatus::Finished) // its figures cover the part that ran
            std::fprintf(stderr, "note: run %lld is %s: its figures cover only the part that ran\n", id,
                         std::string(history::statusName(run->status)).c_str());
        results.push_back(std::move(result));
        names.push_back(run->name);
    }
    const std::vector<history::CompareRow> rows = history::compareResults(results);
    if (options.json)
        return print(history::compareJson(ids, rows).dump() + "\n") ? kExitOk : kExitFailure;

    std::string text;
    for (std::size_t i = 0; i < ids.size(); ++i)
        text += "run " + std::to_string(ids[i]) + ": " + names[i] + "\n";
    text += "\n";
    char cell[64];
    std::snprintf(cell, sizeof cell, "%-44s", "figure");
    text += cell;
    for (long long id : ids) {
        std::snprintf(cell, sizeof cell, "  %22s", ("run " + std::to_string(id)).c_str());
        text += cell;
    }
    text += "\n";
    for (const history::CompareRow &row : rows) {
        std::snprintf(cell, sizeof cell, "%-44s", row.label.c_str());
        text += cell;
        for (std::size_t i = 0; i < row.values.size(); ++i) {
            std::string value = row.values[i] ? number(*row.values[i]) : std::string("-");
            if (i > 0)
                value += row.relative[i] ? " (" + ratio(*row.relative[i]) + ")" : std::string(" (-)");
            std::snprintf(cell, sizeof cell, "  %22s", value.c_str());
            text += cell;
        }
        text += "\n";
    }
    return print(text) ? kExitOk : kExitFailure;
}

int runHistoryDelete(const HistoryOptions &options)
{
    std::vector<long long> ids;
    if (!parseIds("delete", options.ids, ids))
        return kExitFailure;
    const std::string file = historyDatabase(options.db);
    std::unique_ptr<RunStore> store = openHistory(file, OpenMode::Existing);
    if (!store)
        return kExitBadHistory;
    // Every id must exist; otherwise nothing is deleted.
    for (long long id : ids) {
        if (!store->contains(id)) {
            std::fprintf(stderr, "%s: no run %lld (nothing deleted)\n", file.c_str(), id);
            return kExitBadHistory;
        }
    }
    std::string error;
    const std::vector<std::int64_t> toDelete(ids.begin(), ids.end());
    if (!store->remove(toDelete, &error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return kExitFailure;
    }
    return kExitOk;
}

} // namespace cqrs::cli
