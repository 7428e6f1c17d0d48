#pragma once

// Judging an answer to a challenge (DESIGN section 8): the answer runs as
// given and once per stress, in parallel; every requirement is judged in
// every run; the score counts what was met, 0 when over budget.

#include "cqrs/model/challenge.h"
#include "cqrs/model/diagnostic.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cqrs::sim {

class MemoryBudget;

/// One requirement in one run.
struct RequirementOutcome
{
    std::string id;
    /// The figure; nothing when the result lacks it (an element the answer
    /// does not have, a figure with no samples): then it is not met.
    std::optional<double> value;
    bool met = false;
};

/// One run: the answer as given ("as-given") or under one stress (its id).
struct RunVerdict
{
    std::string id;
    std::vector<RequirementOutcome> requirements; ///< in the challenge's order
    /// Why the run could not be made (a stress path the answer cannot take, a
    /// run over the engine's limits); every requirement is then not met.
    std::string error;
};

enum class VerdictStatus {
    Judged,        ///< runs, budget and score are set
    InvalidAnswer, ///< the answer is not a valid model or lacks a fixed part: see diagnostics
    Cancelled      ///< JudgeOptions::cancel was set before every run finished
};

struct Verdict
{
    VerdictStatus status = VerdictStatus::Judged;
    std::string challenge;        ///< the challenge's id
    std::int64_t seed = 1;        ///< the seed every run used
    std::vector<RunVerdict> runs; ///< as-given first, then the stresses as listed
    BudgetUse budget;
    bool withinBudget = true;
    /// floor(100 x requirements met over all runs / (requirements x runs)),
    /// 0 when over budget: 100 only when everything is met within budget.
    int score = 0;
    /// Problems of the answer (InvalidAnswer): model errors with their JSON
    /// paths, and one per missing fixed element naming its id.
    Diagnostics diagnostics;
    /// With JudgeOptions::keepAsGiven, the as-given run as it went, for the
    /// run history: its model (the challenge's workload and the judging seed
    /// applied) and its result document with its series. Unset when not kept
    /// or when that run failed.
    std::optional<Model> asGivenModel;
    std::optional<Json> asGivenResult;

    /// Every requirement met in every run, within budget.
    bool passed() const { return status == VerdictStatus::Judged && score == 100; }
};

struct JudgeOptions
{
    std::optional<std::int64_t> seed; ///< overrides the challenge's seed
    int jobs = 1;                     ///< runs in parallel (clamped to 1..number of runs)
    /// Checked between engine steps; when it becomes true the judge stops
    /// soon and returns VerdictStatus::Cancelled. Not owned; may be nullptr.
    std::atomic<bool> *cancel = nullptr;
    /// Called after each run ends with (runs done, runs in total), from the
    /// thread that ran it (any worker thread), one call at a time and with
    /// `done` rising (a count overtaken by a later one is not reported):
    /// keep it short.
    std::function<void(int done, int total)> progress;
    /// Where each run reserves its predicted peak memory before it starts
    /// (memorybudget.h); nullptr: MemoryBudget::process(). Not owned.
    MemoryBudget *memoryBudget = nullptr;
    /// Keep the as-given run's model and result, with series cut down to
    /// seriesMaxPoints (0: every interval), in Verdict::asGivenModel and
    /// Verdict::asGivenResult.
    bool keepAsGiven = false;
    std::size_t seriesMaxPoints = 0;
};

/// Judges one answer document (a model document, as read from its file).
/// Never throws on bad input: an invalid answer gives InvalidAnswer.
Verdict judgeAnswer(const Challenge &challenge, const Json &answerDocument,
                    const JudgeOptions &options = {});

/// Judges every requirement against one result document of `answer` (e.g. a
/// live run's Simulation::result(), for the GUI's checklist): "@" resolved
/// against `answer`; an unresolvable metric or an absent figure is not met.
std::vector<RequirementOutcome> judgeResult(const Challenge &challenge, const Model &answer,
                                            const Json &result);

/// The score of a set of judged runs (floor of the percentage met; 0 when not
/// within budget; 0 when there is nothing to judge).
int scoreOf(const std::vector<RunVerdict> &runs, bool withinBudget);

/// The `cqrs-sim check --json` object: {"challenge", "score", "withinBudget",
/// "budget": {"workers": [used, max], "consumers": [used, max]} (max null
/// when uncapped), "runs": [{"id", "requirements": [{"id", "value", "met"}]}]}
/// with "value" null when absent, and "error" on a run only when it failed.
Json verdictToJson(const Verdict &verdict);

} // namespace cqrs::sim
