#include "record.h"

#include <cqrs/model/modeljson.h>

#include <cstdio>

namespace cqrs::cli {

std::string recordingDatabase(const std::string &db)
{
    return db.empty() ? history::databaseFromEnvironment() : db;
}

std::string historyDatabase(const std::string &db)
{
    if (!db.empty())
        return db;
    const std::string env = history::databaseFromEnvironment();
    return env.empty() ? history::defaultDatabasePath() : env;
}

std::unique_ptr<history::RunStore> openHistory(const std::string &file, history::OpenMode mode,
                                               history::OpenError *why)
{
    std::string error;
    std::unique_ptr<history::RunStore> store = history::RunStore::open(file, mode, &error, why);
    if (!store)
        std::fprintf(stderr, "%s\n", error.c_str());
    return store;
}

std::vector<std::string> overridesOf(const ModelOptions &options)
{
    std::vector<std::string> out = options.sets;
    if (!options.seed.empty())
        out.push_back("workload.seed=" + options.seed);
    if (!options.duration.empty())
        out.push_back("workload.duration=" + options.duration);
    return out;
}

history::RunStart runStart(const Model &model, const std::string &name, std::vector<std::string> overrides)
{
    history::RunStart start;
    start.name = name;
    start.modelName = model.name;
    start.modelJson = serializeModel(model);
    start.seed = model.workload.seed;
    start.overrides = std::move(overrides);
    start.appVersion = CQRS_VERSION;
    return start;
}

bool recordFinished(history::RunStore &store, std::int64_t id, const std::string &printedResult,
                    std::string seriesText)
{
    history::RunEnd end;
    end.status = history::RunStatus::Finished;
    end.result = printedResult;
    if (!seriesText.empty())
        end.series = std::move(seriesText);
    std::string error;
    if (!store.finishRun(id, end, &error)) {
        std::fprintf(stderr, "cqrs-sim: the run was not recorded: %s\n", error.c_str());
        return false;
    }
    return true;
}

} // namespace cqrs::cli
