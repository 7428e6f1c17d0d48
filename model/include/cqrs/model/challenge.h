#pragma once

// Challenge files (`*.challenge.json`, DESIGN section 8): a design problem
// whose answer is a model, and the rules by which an answer is judged.
// Loading, reference resolution and the preparation of each judged run live
// here (model layer, no Qt); running and scoring are in cqrs/sim/judge.h.

#include "cqrs/model/diagnostic.h"
#include "cqrs/model/model.h"
#include "cqrs/model/modeljson.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cqrs {

/// Most requirements and stresses a challenge may have: every stress is a
/// whole run, and the grid is requirements x runs (docs/challenges.md).
inline constexpr std::size_t kMaxChallengeRequirements = 100;
inline constexpr std::size_t kMaxChallengeStresses = 32;

/// The challenge file's format tag and the newest schema version this build reads.
inline constexpr const char *kChallengeFormat = "cqrs-studio/challenge";
inline constexpr int kChallengeSchemaVersion = 1;

/// The `level` values a challenge may have, easiest first.
inline constexpr const char *kChallengeLevels[] = {"beginner", "intermediate", "advanced"};

/// The id of the run of the answer as given (the other runs carry stress ids).
inline constexpr const char *kAsGivenRunId = "as-given";

/// How a requirement compares its figure with its target.
enum class CompareOp { LessEqual, Less, GreaterEqual, Greater, Equal };

/// "<=", "<", ">=", ">", "==".
std::string_view compareOpText(CompareOp op);
/// The operator written as in the file; nothing for anything else.
std::optional<CompareOp> compareOpFromText(std::string_view text);
/// `value op target` (== is exact).
bool compareHolds(double value, CompareOp op, double target);

/// One thing the answer must achieve, judged in every run.
struct Requirement
{
    std::string id;
    std::string text; ///< what it means, for people ("The profile page is under 1 s behind, p99")
    /// JSON pointer into the result (DESIGN section 4); after "/readModels" the
    /// segment "@<query id>" stands for the read model that query reads.
    std::string metric;
    CompareOp op = CompareOp::LessEqual;
    double value = 0;
    Json extra = Json::object(); ///< unknown fields, kept
};

/// One adverse condition: the answer runs once more with `set` applied.
struct Stress
{
    std::string id;
    std::string text;
    /// `--set` paths (DESIGN section 5) and their values, in file order;
    /// "readModels.@<query id>" stands for the read model that query reads.
    std::vector<std::pair<std::string, Json>> set;
    Json extra = Json::object();
};

/// Caps on what an answer may spend; an absent cap is no cap.
struct ChallengeBudget
{
    std::optional<int> workers;   ///< caps writeSide.workers
    std::optional<int> consumers; ///< caps the sum of consumers over read models and policies
    Json extra = Json::object();
};

/// A whole challenge file.
struct Challenge
{
    int schemaVersion = kChallengeSchemaVersion;
    std::string id;
    std::string title;
    std::string level = "beginner";   ///< one of kChallengeLevels
    std::optional<int> minutes;       ///< suggested time, 1..1440
    std::optional<std::int64_t> seed; ///< the judging seed (else 1)
    std::string brief;                ///< Markdown
    Json startDocument;               ///< `start` exactly as written (a model document)
    Model start;                      ///< `start`, loaded
    /// Parts of `start` an answer keeps: section names ("aggregates",
    /// "commands", "events", "readModels", "policies", "queries": every id of
    /// that section; "workload": taken from the challenge when judging) or
    /// single element ids of start.
    std::vector<std::string> fixed;
    ChallengeBudget budget;
    bool hasBudget = false;                ///< the file has a "budget" object
    std::vector<Requirement> requirements; ///< never empty in a loaded challenge
    std::vector<Stress> stresses;
    std::vector<std::string> hints;       ///< Markdown, revealed one at a time
    std::string debrief;                  ///< Markdown
    std::optional<Json> solutionDocument; ///< `solution` exactly as written
    std::optional<Model> solution;        ///< `solution`, loaded (set with solutionDocument)
    Json extra = Json::object();          ///< unknown top-level fields, kept

    const Requirement *requirement(std::string_view id) const;
    const Stress *stress(std::string_view id) const;
    /// True when `fixed` holds "workload": judging uses start's workload.
    bool workloadFixed() const;
    /// The seed of a judged run: `override`, else `seed`, else 1.
    std::int64_t judgingSeed(std::optional<std::int64_t> override = std::nullopt) const;
};

struct ChallengeLoadResult
{
    std::optional<Challenge> challenge; ///< set when there are no errors
    Diagnostics diagnostics;            ///< every error and warning, with JSON pointer paths
    bool ok() const { return challenge.has_value(); }
};

/// Reads a challenge from its JSON document with the model loader's rigour:
/// types, required fields, ranges, duplicate ids, `op`, `fixed` against start,
/// budget, start and solution as models (their diagnostics under /start and
/// /solution), metric pointers against the result format, `@` references
/// against start's queries, stress paths against start. Never throws.
ChallengeLoadResult challengeFromJson(const Json &document);
/// parseJsonText() (same size and depth limits as models) then challengeFromJson().
ChallengeLoadResult parseChallenge(std::string_view text);
/// Reads a file (size-limited, regular files only) and parses it.
ChallengeLoadResult loadChallengeFile(const std::string &path);

/// The known fields of the challenge format, in canonical order (same shape
/// as knownModelFields(); `start` and `solution` are models, not listed).
std::vector<KnownObject> knownChallengeFields();

/// An empty string when `metric` has the shape of a figure of the result
/// format (DESIGN section 4), e.g. "/readModels/@q/consistencyWindow/p99",
/// "/queries/q/staleRatio", "/commands/total/latency/p99"; otherwise what is
/// wrong with it. Ids are not looked up.
std::string checkMetricShape(std::string_view metric);

/// The element a metric is about, e.g. for "/readModels/@q/consistencyWindow/p99":
/// section "readModels", id "@q", figure "consistencyWindow/p99". Totals have
/// an empty id: "/commands/total/accepted" is {"commands", "", "accepted"},
/// "/writeSide/utilization" is {"writeSide", "", "utilization"}.
struct MetricTarget
{
    std::string section; ///< commands, events, readModels, policies, queries, writeSide
    std::string id;      ///< the element id as written ("@<query id>" unresolved); empty for totals
    std::string figure;  ///< the rest of the pointer, '/'-separated, unescaped
};

/// The target of a metric of valid shape (checkMetricShape()); nothing otherwise.
/// Pass a resolveMetric() result to learn the read model behind "@<query id>".
std::optional<MetricTarget> metricTarget(std::string_view metric);

/// What kind of figure a metric is, for showing its value with a unit.
enum class MetricUnit {
    Seconds, ///< windows, latencies, staleness, lag, rebuild times
    Ratio,   ///< staleRatio, utilization: 0..1
    Count,   ///< issued, applied, timeouts, ... and STATS "count"
    Number,  ///< backlog mean and max (events)
    Boolean  ///< staleBudget/met, rebuilds/N/completed: 1 or 0
};

/// The unit of a metric of valid shape (checkMetricShape()); Number otherwise.
MetricUnit metricUnit(std::string_view metric);

/// The result pointer a requirement reads for this answer: "@<query id>"
/// replaced by the id of the read model that query reads in `answer`.
/// Nothing, with *error naming the requirement, when the query is not in the answer.
std::optional<std::string> resolveMetric(const Requirement &requirement, const Model &answer,
                                         std::string *error);

/// A stress `set` path for this answer: "readModels.@<query id>" replaced by
/// the read model id. Nothing, with *error naming the stress, when the query
/// is not in the answer.
std::optional<std::string> resolveSetPath(const Stress &stress, std::string_view path,
                                          const Model &answer, std::string *error);

/// The figure at a resolved pointer in a result document: numbers as they
/// are, booleans as 1 or 0. Nothing when it is absent (an element the answer
/// lacks, a staleBudget it does not set) or has no samples (a STATS figure
/// other than "count" whose count is 0): such a requirement is not met.
std::optional<double> metricValue(const Json &result, std::string_view pointer);

/// One problem per element `fixed` requires that the answer lacks (message
/// names the id and its kind; elementId is the id). Empty when all are there.
Diagnostics checkFixedParts(const Challenge &challenge, const Model &answer);

/// Every element id of start that `fixed` covers (for the editor's locks).
std::vector<std::string> fixedElementIds(const Challenge &challenge);

/// What an answer spends against the challenge's caps.
struct BudgetUse
{
    int workers = 0;               ///< writeSide.workers
    std::optional<int> maxWorkers; ///< nothing: no cap
    int consumers = 0;             ///< sum over read models and policies
    std::optional<int> maxConsumers;
    bool within() const;
};

BudgetUse budgetUse(const Challenge &challenge, const Model &answer);

/// A short fingerprint (16 hex digits) of what judging an answer depends on:
/// the requirements' metrics, operators and targets, the stresses, the
/// budget, the fixed parts, the judging seed and the start model (without
/// its description and diagram layout). Words for people (title, brief,
/// requirement texts, hints, debrief, solution) are left out, so a reworded
/// brief keeps its scores; an edited target or a changed start does not.
/// The same on every platform and in every build.
std::string challengeRulesDigest(const Challenge &challenge);

/// The model document of one judged run: the answer document, its workload
/// replaced by start's when `fixed` holds "workload", workload.seed set to
/// `seed`, then (for a stress) the stress's `set` applied in order with
/// applySetOverride after resolving "@". `stress` is nullptr for the run as
/// given. Nothing, with *error (naming the stress and the path), when a path
/// does not resolve. The caller loads the document with modelFromJson().
std::optional<Json> prepareRunDocument(const Challenge &challenge, const Json &answerDocument,
                                       const Model &answer, const Stress *stress, std::int64_t seed,
                                       std::string *error);

} // namespace cqrs
