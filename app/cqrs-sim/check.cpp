// `cqrs-sim check CHALLENGE MODEL [--seed N] [--jobs N] [--json]` and
// `cqrs-sim check CHALLENGE --solution`: judges an answer (DESIGN section 8)
// and prints the requirement x run grid, the budget use and the score.
#include "commands.h"
#include "simcommon.h"

#include <algorithm>
#include <cmath>
#include <cqrs/model/challenge.h>
#include <cqrs/sim/judge.h>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace cqrs::cli {

namespace {

constexpr int kMaxJobs = 64;

// "FILE:LINE:COLUMN: message" for syntax, "FILE: /json/path: message" for content.
void printDiagnostic(const std::string &file, const Diagnostic &d)
{
    if (d.line > 0)
        std::fprintf(stderr, "%s:%d:%d: %s\n", file.c_str(), d.line, d.column, d.message.c_str());
    else if (!d.path.empty())
        std::fprintf(stderr, "%s: %s: %s\n", file.c_str(), d.path.c_str(), d.message.c_str());
    else
        std::fprintf(stderr, "%s: %s\n", file.c_str(), d.message.c_str());
}

std::string printf1(const char *format, double value)
{
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

// A figure with its unit: "213 ms", "1.5 s", "12.5 %", "42", "yes".
std::string formatValue(double value, MetricUnit unit)
{
    switch (unit) {
    case MetricUnit::Seconds: {
        const double a = std::abs(value);
        if (a == 0)
            return "0 s";
        if (a < 1e-3)
            return printf1("%.3g us", value * 1e6);
        if (a < 1)
            return printf1("%.3g ms", value * 1e3);
        if (a < 120)
            return printf1("%.3g s", value);
        if (a < 7200)
            return printf1("%.3g min", value / 60);
        return printf1("%.3g h", value / 3600);
    }
    case MetricUnit::Ratio:
        return printf1("%.3g %%", value * 100);
    case MetricUnit::Boolean:
        return value != 0 ? "yes" : "no";
    case MetricUnit::Count:
        if (value == std::trunc(value) && std::abs(value) < 1e15)
            return printf1("%.0f", value);
        return printf1("%.4g", value);
    case MetricUnit::Number:
        break;
    }
    return printf1("%.4g", value);
}

// Display width of UTF-8 text (one column per code point).
std::size_t width(const std::string &text)
{
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string pad(const std::string &text, std::size_t columns)
{
    const std::size_t w = width(text);
    return w >= columns ? text : text + std::string(columns - w, ' ');
}

std::string budgetText(const char *what, int used, std::optional<int> max)
{
    return std::string(what) + " " + std::to_string(used)
           + (max ? " of " + std::to_string(*max) : " (no cap)");
}

void printGrid(const Challenge &challenge, const sim::Verdict &verdict,
               const std::string &answerName)
{
    std::printf("Challenge: %s (%s), seed %lld\n", challenge.title.c_str(), challenge.id.c_str(),
                static_cast<long long>(verdict.seed));
    std::printf("Answer: %s\n\n", answerName.c_str());

    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"requirement", "target"};
    for (const sim::RunVerdict &run : verdict.runs)
        header.push_back(run.id);
    rows.push_back(header);
    long long met = 0;
    long long total = 0;
    for (std::size_t r = 0; r < challenge.requirements.size(); ++r) {
        const Requirement &req = challenge.requirements[r];
        const MetricUnit unit = metricUnit(req.metric);
        std::vector<std::string> row
            = {req.id, std::string(compareOpText(req.op)) + " " + formatValue(req.value, unit)};
        for (const sim::RunVerdict &run : verdict.runs) {
            const sim::RequirementOutcome &o = run.requirements[r];
            ++total;
            met += o.met ? 1 : 0;
            row.push_back(std::string(o.met ? "\u2713 " : "\u2717 ")
                          + (o.value ? formatValue(*o.value, unit) : std::string("no value")));
        }
        rows.push_back(std::move(row));
    }
    std::vector<std::size_t> widths(header.size(), 0);
    for (const auto &row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], width(row[c]));
    }
    for (const auto &row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c)
            line += c + 1 == row.size() ? row[c] : pad(row[c], widths[c] + 3);
        std::printf("%s\n", line.c_str());
    }
    std::printf("\nRequirements:\n");
    for (const Requirement &req : challenge.requirements)
        std::printf("  %s: %s\n", req.id.c_str(),
                    (req.text.empty() ? req.metric : req.text).c_str());
    if (!challenge.stresses.empty())
        std::printf("Runs:\n  %s: the answer as given\n", kAsGivenRunId);
    for (const Stress &s : challenge.stresses)
        std::printf("  %s: %s\n", s.id.c_str(),
                    (s.text.empty() ? std::string("a stress") : s.text).c_str());
    for (const sim::RunVerdict &run : verdict.runs) {
        if (!run.error.empty())
            std::printf("Run %s could not be made: %s\n", run.id.c_str(), run.error.c_str());
    }
    std::printf(
        "\nBudget: %s, %s: %s\n",
        budgetText("workers", verdict.budget.workers, verdict.budget.maxWorkers).c_str(),
        budgetText("consumers", verdict.budget.consumers, verdict.budget.maxConsumers).c_str(),
        verdict.withinBudget ? "within budget" : "OVER BUDGET (the score is 0)");
    std::printf("Score: %d/100 (%lld of %lld met)\n", verdict.score, met, total);
}

} // namespace

int runCheck(const CheckOptions &options)
{
    std::optional<std::int64_t> seed;
    if (!options.seed.empty()) {
        long long value = 0;
        if (!parseSeed("check", options.seed, value))
            return kExitFailure;
        seed = value;
    }
    long long jobs = 0;
    if (!options.jobs.empty()
        && (!parseInteger(options.jobs, jobs) || jobs < 1 || jobs > kMaxJobs)) {
        std::fprintf(stderr, "cqrs-sim check: --jobs needs an integer from 1 to %d, got '%s'\n",
                     kMaxJobs, options.jobs.c_str());
        return kExitFailure;
    }
    if (options.solution == !options.model.empty()) {
        std::fprintf(stderr,
                     "cqrs-sim check: give either MODEL (the answer) or --solution, not %s\n",
                     options.solution ? "both" : "neither");
        return kExitFailure;
    }

    const ChallengeLoadResult loaded = loadChallengeFile(options.challenge);
    if (!loaded.challenge) {
        // A file that cannot be read (missing, a folder, too large) is not an
        // invalid challenge: its one message says what is wrong.
        const bool unreadable = std::any_of(
            loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const Diagnostic &d) {
                return d.isError() && d.message.starts_with("cannot read the challenge");
            });
        if (!unreadable)
            std::fprintf(stderr, "%s: the challenge is invalid\n", options.challenge.c_str());
        for (const Diagnostic &d : loaded.diagnostics) {
            if (d.isError())
                printDiagnostic(options.challenge, d);
        }
        return kExitInvalidModel;
    }
    const Challenge &challenge = *loaded.challenge;
    // The challenge's own warnings (unknown fields); those of its models are validate's business.
    for (const Diagnostic &d : loaded.diagnostics) {
        if (!d.isError() && !d.path.starts_with("/start") && !d.path.starts_with("/solution")) {
            Diagnostic warning = d;
            warning.message = "warning: " + d.message;
            printDiagnostic(options.challenge, warning);
        }
    }

    Json answer;
    std::string answerName;
    if (options.solution) {
        if (!challenge.solutionDocument) {
            std::fprintf(stderr, "%s: the challenge has no \"solution\" to check\n",
                         options.challenge.c_str());
            return kExitInvalidModel;
        }
        answer = *challenge.solutionDocument;
        answerName = "the challenge's solution";
    } else {
        std::optional<Json> document = readModelDocument(options.model);
        if (!document)
            return kExitInvalidModel;
        answer = std::move(*document);
        answerName = modelName(options.model);
    }

    const long long runs = 1 + static_cast<long long>(challenge.stresses.size());
    if (jobs == 0)
        jobs = std::max(1u, std::thread::hardware_concurrency());
    sim::JudgeOptions judge;
    judge.seed = seed;
    judge.jobs
        = static_cast<int>(std::clamp<long long>(jobs, 1, std::min<long long>(runs, kMaxJobs)));
    const sim::Verdict verdict = sim::judgeAnswer(challenge, answer, judge);
    if (verdict.status == sim::VerdictStatus::InvalidAnswer) {
        const std::string file = options.solution ? options.challenge : modelName(options.model);
        std::fprintf(stderr, "%s: %s cannot be judged\n", file.c_str(),
                     options.solution ? "the challenge's solution" : "the answer");
        for (Diagnostic d : verdict.diagnostics) {
            if (options.solution)
                d.path = "/solution" + d.path;
            printDiagnostic(file, d);
        }
        return kExitInvalidModel;
    }
    if (verdict.status != sim::VerdictStatus::Judged) {
        std::fprintf(stderr, "cqrs-sim check: the check was cancelled\n");
        return kExitFailure;
    }
    if (options.json) {
        if (!writeOutput({}, sim::verdictToJson(verdict).dump() + "\n"))
            return kExitFailure;
    } else {
        printGrid(challenge, verdict, answerName);
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
            std::fprintf(stderr, "cqrs-sim check: cannot write the grid to standard output\n");
            return kExitFailure;
        }
    }
    return verdict.passed() ? kExitOk : kExitNotMet;
}

} // namespace cqrs::cli
