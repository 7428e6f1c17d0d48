#pragma once

// The result of a run as typed fields: what `cqrs-sim run` writes (the result
// file, docs/results.md), filled by the engine and read by the GUI. toJson()
// is the only place that turns it into JSON; resultFromJson() reads a stored
// one back (history, files). Plain C++: no Qt.

#include "cqrs/model/distribution.h" // cqrs::Json

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqrs::sim {

/// STATS of the result file: in seconds; `count` 0 gives zeros for the rest.
struct ResultStats
{
    std::uint64_t count = 0;
    double mean = 0;
    double p50 = 0;
    double p90 = 0;
    double p95 = 0;
    double p99 = 0;
    double p999 = 0;
    double max = 0;
};

/// `commands.total` and each `commands.byType.<id>`.
struct CommandFigures
{
    std::string id; ///< the command type; empty for the total
    std::uint64_t issued = 0;   ///< arrivals from the workload and from policies (not retries)
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0; ///< rejections after maxRetries included
    std::uint64_t conflicts = 0;
    std::uint64_t staleDecisions = 0;
    ResultStats latency;
};

/// `readModels.<id>.staleBudget`, only where the model sets one.
struct StaleBudgetFigures
{
    double p99 = 0;   ///< the budget
    bool met = true;  ///< consistencyWindow.p99 <= p99 (true when nothing was applied)
};

/// One entry of `readModels.<id>.rebuilds` (rebuilds that started).
struct RebuildFigures
{
    double at = 0;
    double duration = 0;         ///< so far, while still replaying at the end
    std::uint64_t replayed = 0;
    bool completed = false;
};

/// `readModels.<id>`.
struct ReadModelFigures
{
    std::string id;
    std::uint64_t applied = 0; ///< distinct events applied (no duplicates, no replays)
    ResultStats consistencyWindow;
    double backlogMean = 0;        ///< `backlog.mean`, time-weighted
    std::uint64_t backlogMax = 0;  ///< `backlog.max`
    double lagMax = 0;             ///< `lag.max`
    double utilization = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t corruptedUpdates = 0;
    std::uint64_t outOfOrder = 0;
    std::optional<StaleBudgetFigures> staleBudget;
    std::vector<RebuildFigures> rebuilds;
};

/// `policies.<id>`.
struct PolicyFigures
{
    std::string id;
    std::uint64_t applied = 0;
    std::uint64_t issued = 0;
    /// Commands issued again for duplicate deliveries (in `issued` too). The
    /// engine always sets it; results stored before the field existed lack it.
    std::optional<std::uint64_t> duplicateIssues;
};

/// `queries.<id>`.
struct QueryFigures
{
    std::string id;
    std::uint64_t issued = 0; ///< plain and follow-up queries
    std::uint64_t stale = 0;
    double staleRatio = 0;    ///< stale / issued
    ResultStats staleness;    ///< one sample per stale read
    ResultStats latency;
    std::uint64_t timeouts = 0;
    ResultStats pendingConfirmation; ///< one sample per optimistic-ui follow-up
};

/// `series.readModels.<id>`: one value per interval.
struct ReadModelSeries
{
    std::string id;
    std::vector<double> applied; ///< per second
    std::vector<double> backlog;
    std::vector<double> lag;
    std::vector<double> windowP50;
    std::vector<double> windowP99;
};

/// `series.queries.<id>`: one value per interval.
struct QuerySeries
{
    std::string id;
    std::vector<double> issued; ///< per second
    std::vector<double> staleRatio;
};

/// `series` (runs with series only): interval ends and per-interval figures.
struct ResultSeries
{
    std::vector<double> t;
    std::vector<double> commandsAccepted; ///< per second
    std::vector<double> commandsRejected;
    std::vector<double> eventsPublished;
    std::vector<ReadModelSeries> readModels;
    std::vector<QuerySeries> queries;
};

/// The result file (`format` "cqrs-studio/result", `schemaVersion` 1).
/// Elements are kept in the model's order, which is the file's key order.
struct Result
{
    static constexpr std::string_view kFormat = "cqrs-studio/result";
    static constexpr int kSchemaVersion = 1;

    std::string model; ///< the model's name
    std::int64_t seed = 0;
    double simulatedSeconds = 0;
    double measuredFrom = 0;           ///< the end of the warm-up
    std::uint64_t engineEvents = 0;    ///< `engine.events`
    double engineWallSeconds = 0;      ///< `engine.wallSeconds`: the only wall-clock figure
    CommandFigures commandsTotal;      ///< `commands.total`
    std::vector<CommandFigures> commandsByType; ///< `commands.byType`
    std::uint64_t eventsPublished = 0; ///< `events.published`: committed events
    std::vector<ReadModelFigures> readModels;
    std::vector<PolicyFigures> policies;
    std::vector<QueryFigures> queries;
    double writeSideUtilization = 0;   ///< `writeSide.utilization`
    std::optional<ResultSeries> series;

    /// nullptr when the result has no element with that id.
    const CommandFigures *commandType(std::string_view id) const;
    const ReadModelFigures *readModel(std::string_view id) const;
    const PolicyFigures *policy(std::string_view id) const;
    const QueryFigures *query(std::string_view id) const;
};

/// The result file's JSON, keys in the documented order; with
/// sim::formatResult() it gives the bytes `cqrs-sim run` writes.
Json toJson(const Result &result);

/// The series' JSON text, compact, byte for byte toJson()'s "series" member
/// dumped without indentation, written straight from the columns (a recorded
/// run stores its series this way without building a JSON tree).
std::string seriesText(const ResultSeries &series);

/// seriesText() written in pieces, while a run goes on: a piece holds the
/// next points of every column (the columns of ResultSeries, the read models'
/// and the queries' in order), each column's numbers comma-separated.
struct SeriesTextPiece
{
    std::vector<std::string> columns;
};
SeriesTextPiece seriesTextPiece(const ResultSeries &points);
/// series' points from index `from` on (a piece of it).
ResultSeries seriesFrom(const ResultSeries &series, std::size_t from);
/// Whether `piece`'s points are series' points from index `at` on, bit for
/// bit (the same read models and queries in the same order): every column
/// holds as many points as `piece.t`, or all the series' column has left.
bool seriesHolds(const ResultSeries &series, const ResultSeries &piece, std::size_t at);
/// The pieces joined in order, with the keys and ids of `whole`:
/// seriesText(whole) when the pieces hold whole's points, in order.
std::string joinSeriesText(const ResultSeries &whole, const std::vector<SeriesTextPiece> &pieces);

/// Reads a result file's JSON (a stored run, a file). Keys it does not know
/// are ignored (later versions only add fields). nullopt for a malformed
/// result, with *error naming the place, e.g. "readModels.user-view.applied:
/// expected a non-negative integer, found \"3\"".
/// For every result r of toJson(): toJson(*resultFromJson(r)) == r.
std::optional<Result> resultFromJson(const Json &json, std::string *error = nullptr);

} // namespace cqrs::sim
