// Judging an answer (DESIGN section 8): one run as given and one per stress,
// on `jobs` threads (each run its own engine), every requirement in every run.
#include "cqrs/sim/judge.h"

#include "cqrs/model/modeljson.h"
#include "cqrs/sim/memorybudget.h"
#include "cqrs/sim/simulation.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

namespace cqrs::sim {

namespace {

// A run ready to go, or why it cannot go.
struct PreparedRun
{
    std::string id;
    std::optional<Model> model;
    std::string error;
};

PreparedRun prepareRun(const Challenge &challenge, const Json &answerDocument, const Model &answer,
                       const Stress *stress, std::int64_t seed)
{
    PreparedRun run;
    run.id = stress ? stress->id : kAsGivenRunId;
    const std::string under
        = stress ? "under stress '" + stress->id + "'" : std::string("as given");
    std::optional<Json> document
        = prepareRunDocument(challenge, answerDocument, answer, stress, seed, &run.error);
    if (!document)
        return run;
    ModelLoadResult loaded = modelFromJson(*document);
    if (!loaded.model) {
        run.error = "the answer " + under + " is not a valid model";
        for (const Diagnostic &d : loaded.diagnostics) {
            if (d.isError()) {
                run.error += ": " + d.located();
                break;
            }
        }
        return run;
    }
    const std::string limit = checkRunLimits(*loaded.model);
    if (!limit.empty()) {
        run.error = "the answer " + under + " cannot run: " + limit;
        return run;
    }
    run.model = std::move(loaded.model);
    return run;
}

RunVerdict failedRun(const Challenge &challenge, const std::string &id, const std::string &error)
{
    RunVerdict verdict;
    verdict.id = id;
    verdict.error = error;
    for (const Requirement &r : challenge.requirements)
        verdict.requirements.push_back(RequirementOutcome{r.id, std::nullopt, false});
    return verdict;
}

Json jsonNumber(double value)
{
    // The magnitude first: casting 2^63 or more to an integer is undefined.
    if (std::abs(value) < 9.0e15 && value == static_cast<double>(static_cast<long long>(value)))
        return Json(static_cast<long long>(value));
    return Json(value);
}

Json budgetPair(int used, std::optional<int> max)
{
    Json pair = Json::array();
    pair.push_back(used);
    pair.push_back(max ? Json(*max) : Json(nullptr));
    return pair;
}

} // namespace

std::vector<RequirementOutcome> judgeResult(const Challenge &challenge, const Model &answer,
                                            const Json &result)
{
    std::vector<RequirementOutcome> outcomes;
    outcomes.reserve(challenge.requirements.size());
    for (const Requirement &r : challenge.requirements) {
        RequirementOutcome outcome;
        outcome.id = r.id;
        if (const std::optional<std::string> pointer = resolveMetric(r, answer, nullptr)) {
            outcome.value = metricValue(result, *pointer);
            outcome.met = outcome.value && compareHolds(*outcome.value, r.op, r.value);
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

int scoreOf(const std::vector<RunVerdict> &runs, bool withinBudget)
{
    long long met = 0;
    long long total = 0;
    for (const RunVerdict &run : runs) {
        for (const RequirementOutcome &outcome : run.requirements) {
            ++total;
            met += outcome.met ? 1 : 0;
        }
    }
    if (!withinBudget || total == 0)
        return 0;
    return static_cast<int>(met * 100 / total);
}

Verdict judgeAnswer(const Challenge &challenge, const Json &answerDocument,
                    const JudgeOptions &options)
{
    Verdict verdict;
    verdict.challenge = challenge.id;
    verdict.seed = challenge.judgingSeed(options.seed);

    ModelLoadResult loaded = modelFromJson(answerDocument);
    if (!loaded.model) {
        verdict.status = VerdictStatus::InvalidAnswer;
        for (Diagnostic &d : loaded.diagnostics) {
            if (d.isError())
                verdict.diagnostics.push_back(std::move(d));
        }
        return verdict;
    }
    const Model &answer = *loaded.model;
    verdict.diagnostics = checkFixedParts(challenge, answer);
    // "@" must resolve in the answer: a requirement or a stress it cannot name is the answer's
    // fault.
    for (const Requirement &r : challenge.requirements) {
        std::string problem;
        if (!resolveMetric(r, answer, &problem)) {
            Diagnostic d;
            d.path = "/queries";
            d.message = problem + " in the answer";
            verdict.diagnostics.push_back(std::move(d));
        }
    }
    for (const Stress &s : challenge.stresses) {
        for (const auto &entry : s.set) {
            std::string problem;
            if (!resolveSetPath(s, entry.first, answer, &problem)) {
                Diagnostic d;
                d.path = "/queries";
                d.message = problem + " in the answer";
                verdict.diagnostics.push_back(std::move(d));
            }
        }
    }
    if (!verdict.diagnostics.empty()) {
        verdict.status = VerdictStatus::InvalidAnswer;
        return verdict;
    }
    verdict.budget = budgetUse(challenge, answer);
    verdict.withinBudget = verdict.budget.within();

    std::vector<PreparedRun> prepared;
    prepared.push_back(prepareRun(challenge, answerDocument, answer, nullptr, verdict.seed));
    for (const Stress &s : challenge.stresses)
        prepared.push_back(prepareRun(challenge, answerDocument, answer, &s, verdict.seed));

    const int total = static_cast<int>(prepared.size());
    verdict.runs.resize(prepared.size());
    std::atomic<std::size_t> next{0};
    std::atomic<int> done{0};
    // Reported in order: two runs ending together could report 3 of 3,
    // then 2 of 3 (the count taken before the other's report).
    std::mutex progressMutex;
    int reported = 0;
    auto cancelled = [&] {
        return options.cancel && options.cancel->load();
    };
    auto worker = [&] {
        for (std::size_t i = next++; i < prepared.size(); i = next++) {
            if (cancelled())
                return;
            const PreparedRun &run = prepared[i];
            if (!run.model) {
                verdict.runs[i] = failedRun(challenge, run.id, run.error);
            } else {
                try {
                    // Held until the run ends; waits while runs in hand fill the budget.
                    MemoryBudget::Reservation memory = reserveRunMemory(
                        *run.model, options.memoryBudget ? *options.memoryBudget : MemoryBudget::process(),
                        cancelled);
                    if (!memory)
                        return; // cancelled while waiting
                    const bool keep = i == 0 && options.keepAsGiven;
                    SimulationOptions simulationOptions;
                    simulationOptions.series = keep;
                    simulationOptions.seriesMaxPoints = options.seriesMaxPoints;
                    Simulation simulation(*run.model, simulationOptions);
                    while (simulation.step()) {
                        if (cancelled())
                            return;
                    }
                    RunVerdict rv;
                    rv.id = run.id;
                    Json result = simulation.result();
                    rv.requirements = judgeResult(challenge, *run.model, result);
                    verdict.runs[i] = std::move(rv);
                    if (keep) { // only this worker touches them until every worker is done
                        verdict.asGivenModel = *run.model;
                        verdict.asGivenResult = std::move(result);
                    }
                } catch (const std::exception &e) {
                    // No copy of the run here: after bad_alloc, keep allocations small.
                    verdict.runs[i] = failedRun(
                        challenge, run.id, std::string("the run failed: ") + describeRunFailure(e));
                } catch (...) {
                    verdict.runs[i] = failedRun(challenge, run.id, "the run failed");
                }
            }
            const int finished = ++done;
            if (options.progress) {
                const std::lock_guard<std::mutex> lock(progressMutex);
                if (finished > reported) {
                    reported = finished;
                    options.progress(finished, total);
                }
            }
        }
    };
    const int jobs = std::clamp(options.jobs, 1, std::max(1, total));
    std::vector<std::thread> pool;
    for (int t = 1; t < jobs; ++t)
        pool.emplace_back(worker);
    worker();
    for (std::thread &t : pool)
        t.join();
    if (done.load() < total) {
        verdict.status = VerdictStatus::Cancelled;
        verdict.runs.clear();
        verdict.asGivenModel.reset();
        verdict.asGivenResult.reset();
        return verdict;
    }
    verdict.score = scoreOf(verdict.runs, verdict.withinBudget);
    return verdict;
}

Json verdictToJson(const Verdict &verdict)
{
    Json json = Json::object();
    json["challenge"] = verdict.challenge;
    json["score"] = verdict.score;
    json["withinBudget"] = verdict.withinBudget;
    json["budget"] = Json::object();
    json["budget"]["workers"] = budgetPair(verdict.budget.workers, verdict.budget.maxWorkers);
    json["budget"]["consumers"] = budgetPair(verdict.budget.consumers, verdict.budget.maxConsumers);
    Json runs = Json::array();
    for (const RunVerdict &run : verdict.runs) {
        Json r = Json::object();
        r["id"] = run.id;
        Json requirements = Json::array();
        for (const RequirementOutcome &outcome : run.requirements) {
            Json o = Json::object();
            o["id"] = outcome.id;
            o["value"] = outcome.value ? jsonNumber(*outcome.value) : Json(nullptr);
            o["met"] = outcome.met;
            requirements.push_back(std::move(o));
        }
        r["requirements"] = std::move(requirements);
        if (!run.error.empty())
            r["error"] = run.error;
        runs.push_back(std::move(r));
    }
    json["runs"] = std::move(runs);
    return json;
}

} // namespace cqrs::sim
