#pragma once

#include <QString>
#include <QStringList>
#include <cqrs/history/compare.h>
#include <cqrs/history/runstore.h>
#include <cqrs/model/model.h>
#include <cqrs/sim/sweepplan.h>
#include <optional>
#include <vector>

namespace cqrs {

/// A figure a sweep can plot: a number in the result (history::CompareRow's
/// JSON pointer, label and direction, values unused).
using SweepMetric = history::CompareRow;

/// The figures of a model's results a sweep can plot, in the order Compare
/// lists them: per read model window p50/p99, lag max, backlog max; per query
/// stale ratio and latency p99; command latency p99; accepted per second.
std::vector<SweepMetric> sweepMetrics(const Model &model);
/// The figures' labels with the elements' names as the canvas shows them
/// ("UserView: consistency window p99 (s)") in place of the ids the result
/// is keyed by; ids the models do not know stay as they are.
void nameFigureLabels(std::vector<history::CompareRow> &rows,
                      const std::vector<const Model *> &models);
/// The ones plotted unless the user picks others: the consistency window p99
/// of every read model, the stale ratio of every query, the command latency p99.
std::vector<std::string> defaultSweepMetricPaths(const std::vector<SweepMetric> &metrics);
/// The metric's value in a result document (per second where the metric says so).
std::optional<double> sweepMetricValue(const Json &result, const SweepMetric &metric);

/// What the Sweep dialog asks for.
struct SweepRequest
{
    sim::SweepAxis first;
    std::optional<sim::SweepAxis> second;
    int replications = 1;
    std::vector<std::string> metricPaths; ///< JSON pointers of the plotted metrics
    std::optional<double> budget;         ///< a horizontal line on the chart of budgetMetric
    std::string budgetMetric;             ///< JSON pointer of one of metricPaths
};

/// A sweep's runs and their figures: what the trade-off chart and the heat
/// map show, filled as runs finish, or rebuilt from the history.
struct SweepData
{
    enum class RunState { Pending, Finished, Failed, Cancelled };
    struct Run
    {
        RunState state = RunState::Pending;
        qint64 id = 0;                             ///< in the history; 0 when not recorded
        std::vector<std::optional<double>> values; ///< per metric (SweepData::metrics)
        QString error;
    };

    QString modelName;
    /// The model the sweep varies, for its report's diagram and parameters;
    /// rebuilt from the history, it is one run's model (its swept fields
    /// hold that run's values). Empty when no run's model could be read.
    std::optional<Model> model;
    sim::SweepPlan plan;
    std::vector<SweepMetric> metrics;      ///< every plottable metric
    std::vector<std::string> shownMetrics; ///< JSON pointers, the ones plotted
    std::optional<double> budget;
    std::string budgetMetric; ///< the figure whose chart has the budget line
    std::vector<Run> runs;    ///< one per plan.runs
    qint64 sweepId = 0;       ///< the history's group; 0 when not recorded

    int metricIndex(const std::string &path) const;
    /// The budget line's value on a metric's chart; nullopt on the others
    /// (a budget in seconds means nothing on a chart of stale ratios).
    std::optional<double> budgetFor(int metric) const;
    /// Finished runs of a cell's replications, the metric's statistics across them.
    sim::SweepStats cellStats(std::size_t cell, int metric) const;
    /// The recorded run of a cell (its first finished replication); 0 when none.
    qint64 cellRunId(std::size_t cell) const;
    std::size_t finishedCount() const;
    bool twoDimensional() const { return plan.second.has_value(); }
    /// Where the knee of a metric's mean curve is (sim::sweepKnee), 1-D sweeps
    /// with every cell finished only.
    std::optional<std::size_t> knee(int metric) const;
    /// Stores a finished run's result figures.
    void setResult(std::size_t run, const Json &result);
};

/// "FROM:TO:STEPS[:log]" and, with a second parameter, " × PATH=FROM:TO:STEPS[:log]":
/// the sweep group's description in the history.
std::string sweepGroupDescription(const SweepRequest &request);
/// The sweep group's settings in the history (history::SweepInfo::settings):
/// `{"figures": [JSON pointers], "budget": number, "budgetFigure": JSON
/// pointer}`, so Open Sweep plots what the user chose.
std::string sweepGroupSettings(const SweepRequest &request);

/// Rebuilds a sweep from its group and its recorded runs (in any order):
/// the axes from the group's description, each run's place from its
/// overrides and seed, the plotted figures and the budget from its settings
/// (the default figures when it has none, or none this model still has; a
/// budget without its figure, as older sweeps stored it, goes on the first
/// plotted figure).
/// Runs that do not fit the plan are left out. nullopt and *error when the
/// description cannot be read.
std::optional<SweepData> sweepFromHistory(const history::SweepInfo &group,
                                          const std::vector<history::RunRecord> &runs,
                                          QString *error = nullptr);

} // namespace cqrs
