#pragma once

#include <cqrs/history/runstore.h> // RunEdit
#include <cqrs/model/distribution.h> // cqrs::Json
#include <cqrs/model/model.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqrs::history {

/// One figure across the compared runs.
struct CompareRow
{
    std::string path;  ///< JSON pointer into the result, e.g. "/readModels/user-view/consistencyWindow/p99"
    std::string label; ///< e.g. "user-view: consistency window p99 (s)"
    bool perSecond = false;   ///< the value is the pointed count over the measured seconds
    bool lowerIsBetter = true;
    std::vector<std::optional<double>> values;   ///< one per run; empty when the run lacks it
    std::vector<std::optional<double>> relative; ///< value over the first run's
};

/// Which figures compareResults() lists.
enum class CompareFigures {
    /// What `cqrs-sim history compare` prints (its rows are a contract).
    Command,
    /// Those and each read model's utilization, after its backlog max: the
    /// application's Compare window and sweeps, where "more consumers" is one
    /// click and its effect may show nowhere else.
    WithUtilization,
    /// Those and each query's pending confirmation p99 and timeouts per
    /// second even where no run has them (0 timeouts is a figure): reading
    /// one sweep point's figures, whose neighbours may have them.
    /// (Otherwise they are listed only when a run has them.)
    Every,
};

/// The figures that matter for a comparison: per read model the consistency
/// window p50 and p99, lag max and backlog max; per query the stale ratio and
/// latency p99; the command latency p99; commands accepted per second.
/// Read models and queries are taken in order of first appearance.
std::vector<CompareRow> compareResults(const std::vector<Json> &results,
                                       CompareFigures figures = CompareFigures::Command);

/// A parameter's new value, set while a run was going.
struct ParameterChange
{
    double at = 0;                    ///< simulated seconds
    std::optional<std::string> value; ///< JSON text; empty when the model no longer has it
    /// The net effect of the changes of several moments up to `at`: a run
    /// with very many changes, whose later ones are not followed one by one.
    bool folded = false;

    bool operator==(const ParameterChange &) const = default;
};

/// One model parameter that is not the same in every compared model.
struct ParameterDifference
{
    std::string path; ///< `--set` style, e.g. "readModels.user-view.consumers"
    /// JSON text per model (for a run: as it started); empty when the model lacks it.
    std::vector<std::optional<std::string>> values;
    /// One list per model: the changes made while it ran, in order; empty
    /// when none (always, from modelDifferences()).
    std::vector<std::vector<ParameterChange>> changes;
};

/// The leaf values that differ between models (canonical model JSON
/// documents), in the order of first appearance. Array elements with an
/// "id" are addressed by it, others by index (as `--set` does); the diagram
/// (positions, notes) and the model's own name and description are left out.
std::vector<ParameterDifference> modelDifferences(const std::vector<Json> &models);
/// The same for models in memory (A/B): no document to read first.
std::vector<ParameterDifference> modelDifferences(const std::vector<const Model *> &models);
/// The same for recorded runs: each run's stored model (as it ended, the
/// edits applied) with the edits made while it ran (one list per model, or
/// none). A parameter differs when the runs' values at the start or its
/// changes (value and time) differ: one run's rate raised at 30 s differs from
/// another's that stayed, even when both ended at the same rate.
std::vector<ParameterDifference> runDifferences(const std::vector<Json> &models,
                                                const std::vector<std::vector<RunEdit>> &edits);

/// A model document with every field written (defaults too), read
/// leniently as the application reads a model; nothing when it cannot be read.
std::optional<Json> completeModelDocument(const Json &document);

/// The value at a `--set` path of a model document (array elements by id,
/// others by index, as `--set` addresses them); nullptr when there is none.
const Json *valueAtPath(const Json &document, const std::string &path);

/// Every leaf of a canonical model document as (`--set` style path, JSON
/// text), in document order, addressed as modelDifferences() does; the
/// diagram is left out.
std::vector<std::pair<std::string, std::string>> modelLeaves(const Json &model);

/// `{"runs": [ids], "rows": [{"path", "label", "values", "relative"}]}`.
Json compareJson(const std::vector<long long> &ids, const std::vector<CompareRow> &rows);

} // namespace cqrs::history
