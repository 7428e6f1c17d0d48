// Run history benchmark (issue 10, "Speed and size"). Prints `key value` lines:
//
//  1. Recording overhead, in process: what `cqrs-sim run --db` adds to a run
//     of a shipped example (open the history, record the start, compute the
//     series, decimate and store them with the result, record the end)
//     against the plain run, interleaved round by round; medians of wall and
//     CPU time and their ratio.
//     A third interleaved case, the plain run keeping its series (and
//     printing them), shows how much of the overhead is the engine's.
//  2. The same through the real binary: `cqrs-sim run MODEL` against
//     `cqrs-sim run MODEL --db FILE` (process start included), medians.
//  3. Bytes per recorded run with series: the database size after N recorded
//     runs, checkpointed, over N.
//  4. A history of 10,000 runs (each the example's result and series,
//     recorded through the store's API): time to open it and list every run
//     (fresh process state: the store is opened anew each round), and a text
//     filter on it.
//
// Usage: bench_history [--model FILE] [--rounds N] [--runs N] [--dir DIR] [--keep]
#include "benchutil.h"

#include "cqrs/history/runstore.h"
#include "cqrs/history/series.h"
#include "cqrs/model/modeljson.h"
#include "cqrs/sim/simulation.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <sqlite3.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

using namespace cqrs;
using namespace cqrs::bench;
using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since)
{
    return std::chrono::duration<double>(Clock::now() - since).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? 0.0 : (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
}

struct Timing
{
    std::vector<double> wall, cpu;
    void add(double w, double c)
    {
        wall.push_back(w);
        cpu.push_back(c);
    }
};

// One plain run as `cqrs-sim run` does it: simulate, format.
std::size_t plainRun(const Model &model)
{
    return sim::formatResult(sim::simulate(model)).size();
}

// One recorded run as `cqrs-sim run --db` does it. Returns the CPU seconds
// spent outside the engine (opening, recording, decimating and storing).
double recordedRun(const Model &model, const std::string &db)
{
    const double c0 = cpuSeconds();
    std::string error;
    auto store = history::RunStore::open(db, &error);
    if (!store) {
        std::fprintf(stderr, "%s\n", error.c_str());
        std::exit(1);
    }
    history::RunStart start;
    start.modelName = model.name;
    start.modelJson = serializeModel(model);
    start.seed = model.workload.seed;
    start.appVersion = "bench";
    const std::int64_t id = store->beginRun(start, &error);
    sim::SimulationOptions options;
    options.series = true;
    const double c1 = cpuSeconds();
    Json result = sim::simulate(model, options);
    const double c2 = cpuSeconds();
    const Json series = result["series"];
    result.erase("series");
    history::RunEnd end;
    end.result = sim::formatResult(result);
    end.series = history::seriesText(series);
    if (id == 0 || !store->finishRun(id, end, &error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        std::exit(1);
    }
    store.reset();
    return (c1 - c0) + (cpuSeconds() - c2);
}

// Runs the binary with stdout to /dev/null; wall seconds, or -1 on failure.
double spawnRun(const std::vector<std::string> &args)
{
    std::vector<char *> argv;
    for (const std::string &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const auto t0 = Clock::now();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    const double wall = seconds(t0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? wall : -1;
}

// The file's size with everything in it: the WAL folded in first.
std::uintmax_t databaseBytes(const std::string &db)
{
    sqlite3 *handle = nullptr;
    if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK)
        sqlite3_exec(handle, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    sqlite3_close(handle);
    std::error_code ec;
    std::uintmax_t bytes = std::filesystem::file_size(db, ec);
    const std::uintmax_t wal = std::filesystem::file_size(db + "-wal", ec);
    return bytes + (ec ? 0 : wal);
}

} // namespace

int main(int argc, char **argv)
{
    std::string modelFile = CQRS_SOURCE_DIR "/resources/examples/netflix-viewing.cqrs.json";
    std::string dir = "/tmp/bench_history";
    int rounds = 9;
    std::int64_t historyRuns = 10000;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--model" && i + 1 < argc)
            modelFile = argv[++i];
        else if (arg == "--rounds" && i + 1 < argc)
            rounds = static_cast<int>(parsePositive("--rounds", argv[++i]));
        else if (arg == "--runs" && i + 1 < argc)
            historyRuns = parsePositive("--runs", argv[++i]);
        else if (arg == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (arg == "--keep")
            keep = true;
        else {
            std::fprintf(stderr, "usage: bench_history [--model FILE] [--rounds N] [--runs N] [--dir DIR] [--keep]\n");
            return 2;
        }
    }
    ModelLoadResult loaded = loadModelFile(modelFile);
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s: cannot load the model\n", modelFile.c_str());
        return 2;
    }
    const Model model = *loaded.model;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::printf("model %s\n", modelFile.c_str());
    std::printf("rounds %d\n", rounds);

    // 1. In process, interleaved (a warm-up round of each first).
    const std::string overheadDb = dir + "/overhead.sqlite";
    plainRun(model);
    recordedRun(model, overheadDb);
    Timing plain, recorded, withSeries;
    std::vector<double> storeCpu;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = Clock::now();
        double c0 = cpuSeconds();
        plainRun(model);
        plain.add(seconds(t0), cpuSeconds() - c0);
        // The engine's share of the overhead: the same run keeping its series.
        t0 = Clock::now();
        c0 = cpuSeconds();
        sim::SimulationOptions options;
        options.series = true;
        sim::formatResult(sim::simulate(model, options));
        withSeries.add(seconds(t0), cpuSeconds() - c0);
        t0 = Clock::now();
        c0 = cpuSeconds();
        storeCpu.push_back(recordedRun(model, overheadDb));
        recorded.add(seconds(t0), cpuSeconds() - c0);
    }
    std::printf("inprocess.plain.wall_ms %.2f\n", median(plain.wall) * 1e3);
    std::printf("inprocess.recorded.wall_ms %.2f\n", median(recorded.wall) * 1e3);
    std::printf("inprocess.plain.cpu_ms %.2f\n", median(plain.cpu) * 1e3);
    std::printf("inprocess.recorded.cpu_ms %.2f\n", median(recorded.cpu) * 1e3);
    std::printf("inprocess.series_only.cpu_ms %.2f\n", median(withSeries.cpu) * 1e3);
    std::printf("inprocess.series_only.cpu_ratio %.4f\n", median(withSeries.cpu) / median(plain.cpu));
    // The recording's own work, timed by itself (not drowned in the engine's
    // run-to-run noise), plus the engine's extra for the series.
    const double storeMs = median(storeCpu) * 1e3;
    const double seriesMs = std::max(0.0, (median(withSeries.cpu) - median(plain.cpu)) * 1e3);
    std::printf("inprocess.recording_work.cpu_ms %.2f\n", storeMs);
    std::printf("inprocess.recording_work.ratio %.4f\n", 1.0 + storeMs / (median(plain.cpu) * 1e3));
    std::printf("inprocess.recording_work_and_series.ratio %.4f\n",
                1.0 + (storeMs + seriesMs) / (median(plain.cpu) * 1e3));
    // Best of the rounds: the least disturbed by other processes on the cores.
    auto best = [](const std::vector<double> &v) { return *std::min_element(v.begin(), v.end()); };
    std::printf("inprocess.best.plain.cpu_ms %.2f\n", best(plain.cpu) * 1e3);
    std::printf("inprocess.best.series_only.cpu_ratio %.4f\n", best(withSeries.cpu) / best(plain.cpu));
    std::printf("inprocess.best.recorded.cpu_ratio %.4f\n", best(recorded.cpu) / best(plain.cpu));
    std::printf("inprocess.overhead.wall_ratio %.4f\n", median(recorded.wall) / median(plain.wall));
    std::printf("inprocess.overhead.cpu_ratio %.4f\n", median(recorded.cpu) / median(plain.cpu));

    // 2. Through the binary.
    const std::string binary = CQRS_SIM_BINARY;
    const std::string cliDb = dir + "/cli.sqlite";
    std::vector<double> cliPlain, cliRecorded;
    spawnRun({binary, "run", modelFile});
    spawnRun({binary, "run", modelFile, "--db", cliDb});
    for (int r = 0; r < rounds; ++r) {
        cliPlain.push_back(spawnRun({binary, "run", modelFile}));
        cliRecorded.push_back(spawnRun({binary, "run", modelFile, "--db", cliDb}));
    }
    if (std::count(cliPlain.begin(), cliPlain.end(), -1.0) || std::count(cliRecorded.begin(), cliRecorded.end(), -1.0)) {
        std::fprintf(stderr, "%s failed\n", binary.c_str());
        return 1;
    }
    std::printf("cli.plain.wall_ms %.2f\n", median(cliPlain) * 1e3);
    std::printf("cli.recorded.wall_ms %.2f\n", median(cliRecorded) * 1e3);
    std::printf("cli.overhead.wall_ratio %.4f\n", median(cliRecorded) / median(cliPlain));

    // 3. Bytes per run: a fresh file, 20 recorded runs, checkpointed on close.
    const std::string sizeDb = dir + "/size.sqlite";
    const std::string emptyDb = dir + "/empty.sqlite";
    history::RunStore::open(emptyDb, nullptr);
    constexpr int kSizeRuns = 20;
    for (int r = 0; r < kSizeRuns; ++r)
        recordedRun(model, sizeDb);
    {
        auto store = history::RunStore::open(sizeDb, nullptr);
        const auto record = store->get(1);
        std::printf("run.result_bytes %zu\n", record->result.size());
        std::printf("run.series_bytes %zu\n", record->series.size());
        std::printf("run.model_bytes %zu\n", record->modelJson.size());
    }
    const double perRun = double(databaseBytes(sizeDb) - databaseBytes(emptyDb)) / kSizeRuns;
    std::printf("run.database_bytes_per_run %.0f\n", perRun);

    // 4. A history of N runs, each the example's result and series.
    const std::string bigDb = dir + "/history.sqlite";
    std::string result, series, modelJson;
    {
        auto store = history::RunStore::open(sizeDb, nullptr);
        const auto record = store->get(1);
        result = record->result;
        series = record->series;
        modelJson = record->modelJson;
    }
    auto t0 = Clock::now();
    {
        auto store = history::RunStore::open(bigDb, nullptr);
        for (std::int64_t r = 0; r < historyRuns; ++r) {
            history::RunStart start;
            start.modelName = r % 3 == 0 ? "Netflix viewing" : (r % 3 == 1 ? "Orders" : "User profile");
            start.name = start.modelName + " #" + std::to_string(r);
            start.modelJson = modelJson;
            start.seed = r;
            start.appVersion = "bench";
            const std::int64_t id = store->beginRun(start);
            history::RunEnd end;
            end.result = result;
            end.series = series;
            store->finishRun(id, end);
        }
    }
    const double fill = seconds(t0);
    std::printf("history.runs %lld\n", static_cast<long long>(historyRuns));
    std::printf("history.fill_seconds %.1f\n", fill);
    std::printf("history.record_ms_per_run %.3f\n", fill / double(historyRuns) * 1e3);
    std::printf("history.database_mb %.1f\n", double(databaseBytes(bigDb)) / 1e6);
    std::vector<double> openList, filter;
    std::size_t listed = 0, filtered = 0;
    for (int r = 0; r < rounds; ++r) {
        t0 = Clock::now();
        auto store = history::RunStore::open(bigDb, nullptr);
        listed = store->list().size();
        openList.push_back(seconds(t0));
        t0 = Clock::now();
        history::ListFilter f;
        f.text = "#12";
        filtered = store->list(f).size();
        filter.push_back(seconds(t0));
    }
    std::printf("history.listed %zu\n", listed);
    std::printf("history.open_and_list_ms %.2f\n", median(openList) * 1e3);
    std::printf("history.open_and_list_max_ms %.2f\n", *std::max_element(openList.begin(), openList.end()) * 1e3);
    std::printf("history.filter_matches %zu\n", filtered);
    std::printf("history.filter_ms %.2f\n", median(filter) * 1e3);
    if (!keep)
        std::filesystem::remove_all(dir);
    return 0;
}
