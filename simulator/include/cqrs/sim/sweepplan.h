#pragma once

// What a sweep runs (`cqrs-sim sweep` and the application's Sweep…): the
// values of the varied parameter(s), the seed of every replication, the
// statistics across replications and the knee of a trade-off curve. One
// implementation for the command line and the GUI. Qt-free.

#include "cqrs/model/distribution.h" // cqrs::Json

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cqrs::sim {

/// The most values one parameter of a sweep may take.
inline constexpr long long kMaxSweepSteps = 100000;

/// One varied parameter: STEPS values from FROM to TO inclusive, evenly or
/// (log) geometrically spaced.
struct SweepAxis
{
    std::string path; ///< `--set` style, e.g. "readModels.search.update.interval"
    double from = 0;
    double to = 0;
    long long steps = 0;
    bool log = false;
};

enum class SweepAxisProblem {
    None,
    NotFinite,          ///< FROM or TO is infinite or not a number
    TooFewSteps,        ///< STEPS < 2
    TooManySteps,       ///< STEPS > kMaxSweepSteps
    LogNeedsPositive,   ///< log spacing with FROM or TO <= 0
};

/// What is wrong with an axis (the path is not checked here).
SweepAxisProblem checkSweepAxis(const SweepAxis &axis);

/// The i-th value (0 <= i < steps): FROM at 0, exactly TO at steps - 1,
/// rounded to 15 significant digits (1 rather than 0.9999999999999998).
double sweepValue(const SweepAxis &axis, long long i);
/// Every value, in order.
std::vector<double> sweepValues(const SweepAxis &axis);

/// A value as the JSON the model receives: whole numbers become JSON
/// integers, so that integer fields (consumers, workers) accept them.
Json sweepJsonValue(double value);

/// "PATH=VALUE" as `--set` takes it (the override a point's run records).
std::string sweepAssignment(const std::string &path, double value);
/// "PATH = VALUE" with every digit the run used (for messages about one value).
std::string sweepSetting(const std::string &path, double value);
/// An axis's values as short as they read apart from one another, for the
/// points' names ("User profile (workload.commandRate = 50)"): three
/// significant digits (0.0397 for 0.039685026299205), or more for all of
/// them where two would read alike; whole numbers whole, a whole part never
/// cut to an exponent (2154, not 2.15e+03); a point, whatever the locale.
std::vector<std::string> sweepValueTexts(const std::vector<double> &values);

/// "FROM:TO:STEPS" or "FROM:TO:STEPS:log" (as `--vary` takes it).
std::string sweepDescription(const SweepAxis &axis);

/// The seed of replication `replication` (0, 1, ...) of every point: the
/// model's seed plus the replication number (wrapping around). Replication 0
/// runs with the model's own seed, as every point of `cqrs-sim sweep` does;
/// every point uses the same seeds (common random numbers), so differences
/// between points come from the parameter, not from chance.
std::int64_t replicationSeed(std::int64_t modelSeed, int replication);

/// One run of a sweep.
struct SweepRun
{
    std::size_t cell = 0;          ///< index of its (value1, value2) cell
    std::size_t index1 = 0;        ///< index into SweepPlan::values1
    std::size_t index2 = 0;        ///< index into SweepPlan::values2 (0 without a second axis)
    double value1 = 0;
    std::optional<double> value2;
    int replication = 0;
    std::int64_t seed = 0;
};

/// Every run of a sweep: for each value of the first axis, for each value of
/// the second (when there is one), `replications` runs.
struct SweepPlan
{
    SweepAxis first;
    std::optional<SweepAxis> second;
    int replications = 1;
    std::int64_t modelSeed = 0;
    std::vector<double> values1;
    std::vector<double> values2; ///< empty without a second axis
    std::vector<SweepRun> runs;

    /// Number of (value1, value2) cells: values1 x max(1, values2).
    std::size_t cellCount() const;
    /// The cell of (index1, index2).
    std::size_t cellOf(std::size_t index1, std::size_t index2) const;
};

/// The plan for valid axes (checkSweepAxis() == None) and replications >= 1.
SweepPlan makeSweepPlan(const SweepAxis &first, const std::optional<SweepAxis> &second,
                        int replications, std::int64_t modelSeed);

/// Mean, extremes and sample standard deviation (0 for one value).
struct SweepStats
{
    std::size_t count = 0;
    double mean = 0;
    double min = 0;
    double max = 0;
    double sd = 0;
};
SweepStats sweepStats(const std::vector<double> &values);

/// The knee of a curve y(x) given in increasing x: the point farthest from
/// the chord joining the first and the last point, both axes scaled to
/// [0, 1] (x in log10 when `logX`). No knee (nullopt) with fewer than three
/// points, a flat curve (one whose values change by less than 5% of the
/// largest magnitude among them: noise between runs), a curve that both rises
/// and falls by a tenth of its range (no one bend), or when no point is at
/// least `minDistance` (in scaled units) away from the chord: a straight line
/// has no knee.
std::optional<std::size_t> sweepKnee(const std::vector<double> &x, const std::vector<double> &y,
                                     bool logX, double minDistance = 0.05);

} // namespace cqrs::sim
