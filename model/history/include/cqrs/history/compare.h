#pragma once

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
};

/// The figures that matter for a comparison: per read model the consistency
/// window p50 and p99, lag max and backlog max; per query the stale ratio and
/// latency p99; the command latency p99; commands accepted per second.
/// Read models and queries are taken in order of first appearance.
std::vector<CompareRow> compareResults(const std::vector<Json> &results,
                                       CompareFigures figures = CompareFigures::Command);

/// One model parameter that is not the same in every compared model.
struct ParameterDifference
{
    std::string path; ///< `--set` style, e.g. "readModels.user-view.consumers"
    std::vector<std::optional<std::string>> values; ///< JSON text per model; empty when the model lacks it
};

/// The leaf values that differ between models (canonical model JSON
/// documents), in the order of first appearance. Array elements with an
/// "id" are addressed by it, others by index (as `--set` does); the diagram
/// (positions, notes) is left out.
std::vector<ParameterDifference> modelDifferences(const std::vector<Json> &models);
/// The same for models in memory (A/B): no document to read first.
std::vector<ParameterDifference> modelDifferences(const std::vector<const Model *> &models);

/// Every leaf of a canonical model document as (`--set` style path, JSON
/// text), in document order, addressed as modelDifferences() does; the
/// diagram is left out.
std::vector<std::pair<std::string, std::string>> modelLeaves(const Json &model);

/// `{"runs": [ids], "rows": [{"path", "label", "values", "relative"}]}`.
Json compareJson(const std::vector<long long> &ids, const std::vector<CompareRow> &rows);

} // namespace cqrs::history
