// What a challenge says about an answer: metric pointers and their shape,
// "@<query id>" resolution, fixed parts, budget use, and the model document
// of each judged run.
#include "cqrs/model/challenge.h"
#include "cqrs/model/modeljson.h"
#include "modelinternal_p.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace cqrs {

using namespace std::string_view_literals;
using detail::quote;

namespace {

constexpr std::array kStatsFields
    = {"count"sv, "mean"sv, "p50"sv, "p90"sv, "p95"sv, "p99"sv, "p999"sv, "max"sv};
constexpr std::array kCommandCounts
    = {"issued"sv, "accepted"sv, "rejected"sv, "conflicts"sv, "staleDecisions"sv};
constexpr std::array kReadModelFigures
    = {"applied"sv, "utilization"sv, "duplicates"sv, "corruptedUpdates"sv, "outOfOrder"sv};
constexpr std::array kRebuildFields = {"at"sv, "duration"sv, "replayed"sv, "completed"sv};
constexpr std::array kPolicyFigures = {"applied"sv, "issued"sv, "duplicateIssues"sv};
constexpr std::array kQueryFigures = {"issued"sv, "stale"sv, "staleRatio"sv, "timeouts"sv};
constexpr std::array kQueryStats = {"staleness"sv, "latency"sv, "pendingConfirmation"sv};

template<std::size_t N>
bool oneOf(const std::array<std::string_view, N> &names, std::string_view name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

template<std::size_t N>
std::string listOf(const std::array<std::string_view, N> &names)
{
    std::string text;
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0)
            text += i + 1 == N ? " or " : ", ";
        text += names[i];
    }
    return text;
}

// The reference tokens of a JSON pointer, unescaped; nothing when it is not one.
std::optional<std::vector<std::string>> splitPointer(std::string_view pointer)
{
    if (pointer.empty() || pointer.front() != '/')
        return std::nullopt;
    std::vector<std::string> tokens;
    std::size_t start = 1;
    while (true) {
        const std::size_t slash = pointer.find('/', start);
        const std::string_view raw = pointer.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        std::string token;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '~') {
                token += raw[i];
                continue;
            }
            if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
                token += raw[i + 1] == '0' ? '~' : '/';
                ++i;
                continue;
            }
            return std::nullopt;
        }
        tokens.push_back(std::move(token));
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return tokens;
}

std::string joinPointer(const std::vector<std::string> &tokens)
{
    // Appended piece by piece: "/" + std::string&& makes GCC 12 at -O3 warn
    // (-Wrestrict, a false positive) in the Release build.
    std::string pointer;
    for (const std::string &token : tokens) {
        pointer += '/';
        pointer += escapePointerToken(token);
    }
    return pointer;
}

bool isIndex(std::string_view token)
{
    return !token.empty() && token.size() < 10
           && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })
           && (token == "0" || token.front() != '0');
}

// An empty string when `tokens` (after the element id) is `statsName/<stat>`.
std::string checkStats(const std::vector<std::string> &tokens, std::size_t at,
                       std::string_view where)
{
    if (tokens.size() != at + 1)
        return std::string(where) + " needs one of " + listOf(kStatsFields) + " after it";
    if (!oneOf(kStatsFields, tokens[at]))
        return quote(tokens[at]) + " is not a statistic of " + std::string(where) + " ("
               + listOf(kStatsFields) + ")";
    return {};
}

std::string checkCommands(const std::vector<std::string> &t)
{
    std::size_t at = 2;
    if (t.size() < 2 || (t[1] != "total" && t[1] != "byType"))
        return "after /commands comes \"total\" or \"byType/<command id>\"";
    if (t[1] == "byType") {
        if (t.size() < 3 || t[2].empty())
            return "after /commands/byType comes a command id";
        at = 3;
    }
    if (t.size() <= at)
        return "a command figure is missing: " + listOf(kCommandCounts) + " or latency/<statistic>";
    if (t[at] == "latency")
        return checkStats(t, at + 1, "latency");
    if (!oneOf(kCommandCounts, t[at]) || t.size() != at + 1)
        return quote(t[at]) + " is not a command figure (" + listOf(kCommandCounts)
               + " or latency/<statistic>)";
    return {};
}

std::string checkReadModels(const std::vector<std::string> &t)
{
    if (t.size() < 3 || t[1].empty() || t[1] == "@")
        return "after /readModels come a read model id (or @<query id>) and a figure";
    const std::string &f = t[2];
    if (f == "consistencyWindow")
        return checkStats(t, 3, "consistencyWindow");
    if (f == "backlog")
        return t.size() == 4 && (t[3] == "mean" || t[3] == "max")
                   ? std::string()
                   : "backlog needs \"mean\" or \"max\" after it";
    if (f == "lag")
        return t.size() == 4 && t[3] == "max" ? std::string() : "lag needs \"max\" after it";
    if (f == "staleBudget")
        return t.size() == 4 && (t[3] == "p99" || t[3] == "met")
                   ? std::string()
                   : "staleBudget needs \"p99\" or \"met\" after it";
    if (f == "rebuilds") {
        if (t.size() != 5 || !isIndex(t[3]) || !oneOf(kRebuildFields, t[4]))
            return "rebuilds needs an index and one of " + listOf(kRebuildFields)
                   + " after it, e.g. rebuilds/0/duration";
        return {};
    }
    if (!oneOf(kReadModelFigures, f) || t.size() != 3)
        return quote(f) + " is not a read model figure (" + listOf(kReadModelFigures)
               + ", consistencyWindow/<statistic>, backlog/mean|max, lag/max, staleBudget/p99|met, "
                 "rebuilds/<n>/...)";
    return {};
}

std::string checkQueries(const std::vector<std::string> &t)
{
    if (t.size() < 3 || t[1].empty())
        return "after /queries come a query id and a figure";
    if (oneOf(kQueryStats, t[2]))
        return checkStats(t, 3, t[2]);
    if (!oneOf(kQueryFigures, t[2]) || t.size() != 3)
        return quote(t[2]) + " is not a query figure (" + listOf(kQueryFigures) + ", or "
               + listOf(kQueryStats) + " followed by a statistic)";
    return {};
}

std::string checkTokens(const std::vector<std::string> &t)
{
    const std::string &top = t.front();
    if (top == "commands")
        return checkCommands(t);
    if (top == "events")
        return t.size() == 2 && t[1] == "published"
                   ? std::string()
                   : "the only figure under /events is \"published\"";
    if (top == "readModels")
        return checkReadModels(t);
    if (top == "policies") {
        if (t.size() != 3 || t[1].empty() || !oneOf(kPolicyFigures, t[2]))
            return "a policy figure is /policies/<policy id>/" + listOf(kPolicyFigures);
        return {};
    }
    if (top == "queries")
        return checkQueries(t);
    if (top == "writeSide")
        return t.size() == 2 && t[1] == "utilization"
                   ? std::string()
                   : "the only figure under /writeSide is \"utilization\"";
    return quote(top)
           + " is not a part of the result that holds figures "
             "(commands, events, readModels, policies, queries, writeSide)";
}

// The query id of an "@<query id>" token, or nothing.
std::optional<std::string> queryReference(std::string_view token)
{
    if (token.size() < 2 || token.front() != '@')
        return std::nullopt;
    return std::string(token.substr(1));
}

} // namespace

std::string_view compareOpText(CompareOp op)
{
    switch (op) {
    case CompareOp::LessEqual:
        return "<=";
    case CompareOp::Less:
        return "<";
    case CompareOp::GreaterEqual:
        return ">=";
    case CompareOp::Greater:
        return ">";
    case CompareOp::Equal:
        return "==";
    }
    return "<=";
}

std::optional<CompareOp> compareOpFromText(std::string_view text)
{
    for (CompareOp op : {CompareOp::LessEqual, CompareOp::Less, CompareOp::GreaterEqual,
                         CompareOp::Greater, CompareOp::Equal}) {
        if (compareOpText(op) == text)
            return op;
    }
    return std::nullopt;
}

bool compareHolds(double value, CompareOp op, double target)
{
    switch (op) {
    case CompareOp::LessEqual:
        return value <= target;
    case CompareOp::Less:
        return value < target;
    case CompareOp::GreaterEqual:
        return value >= target;
    case CompareOp::Greater:
        return value > target;
    case CompareOp::Equal:
        return value == target;
    }
    return false;
}

const Requirement *Challenge::requirement(std::string_view wanted) const
{
    const auto it = std::find_if(requirements.begin(), requirements.end(),
                                 [&](const Requirement &r) { return r.id == wanted; });
    return it == requirements.end() ? nullptr : &*it;
}

const Stress *Challenge::stress(std::string_view wanted) const
{
    const auto it = std::find_if(stresses.begin(), stresses.end(),
                                 [&](const Stress &s) { return s.id == wanted; });
    return it == stresses.end() ? nullptr : &*it;
}

bool Challenge::workloadFixed() const
{
    return std::find(fixed.begin(), fixed.end(), "workload") != fixed.end();
}

std::int64_t Challenge::judgingSeed(std::optional<std::int64_t> override) const
{
    if (override)
        return *override;
    return seed.value_or(1);
}

std::string checkMetricShape(std::string_view metric)
{
    const auto tokens = splitPointer(metric);
    if (!tokens)
        return "metric " + quote(metric)
               + " is not a JSON pointer (it starts with \"/\", e.g. "
                 "\"/queries/get-user/staleRatio\")";
    const std::string problem = checkTokens(*tokens);
    if (!problem.empty())
        return "metric " + quote(metric) + " names no figure of the result: " + problem;
    for (std::size_t i = 0; i < tokens->size(); ++i) {
        if ((*tokens)[i].starts_with('@') && !(i == 1 && tokens->front() == "readModels"))
            return "metric " + quote(metric) + ": \"@<query id>\" may only follow /readModels";
    }
    return {};
}

std::optional<MetricTarget> metricTarget(std::string_view metric)
{
    if (!checkMetricShape(metric).empty())
        return std::nullopt;
    const auto tokens = splitPointer(metric);
    MetricTarget target;
    target.section = tokens->front();
    std::size_t figure = 1;
    if (target.section == "commands") {
        if ((*tokens)[1] == "byType") {
            target.id = (*tokens)[2];
            figure = 3;
        } else {
            figure = 2;
        }
    } else if (target.section == "readModels" || target.section == "policies"
               || target.section == "queries") {
        target.id = (*tokens)[1];
        figure = 2;
    }
    for (std::size_t i = figure; i < tokens->size(); ++i)
        target.figure += (i > figure ? "/" : "") + (*tokens)[i];
    return target;
}

MetricUnit metricUnit(std::string_view metric)
{
    const auto tokens = splitPointer(metric);
    if (!tokens || tokens->empty())
        return MetricUnit::Number;
    const std::string &last = tokens->back();
    if (last == "count")
        return MetricUnit::Count;
    if (oneOf(kStatsFields, last) && tokens->size() >= 2) {
        const std::string &parent = (*tokens)[tokens->size() - 2];
        if (parent == "consistencyWindow" || parent == "latency" || oneOf(kQueryStats, parent))
            return MetricUnit::Seconds;
    }
    if (last == "utilization" || last == "staleRatio")
        return MetricUnit::Ratio;
    if (last == "met" || last == "completed")
        return MetricUnit::Boolean;
    if ((tokens->front() == "readModels" && tokens->size() >= 3
         && ((*tokens)[2] == "lag" || (*tokens)[2] == "staleBudget"
             || ((*tokens)[2] == "rebuilds" && (last == "at" || last == "duration")))))
        return MetricUnit::Seconds;
    if (tokens->front() == "readModels" && tokens->size() >= 3 && (*tokens)[2] == "backlog")
        return MetricUnit::Number;
    return MetricUnit::Count;
}

std::optional<std::string> resolveMetric(const Requirement &requirement, const Model &answer,
                                         std::string *error)
{
    auto tokens = splitPointer(requirement.metric);
    if (!tokens) {
        if (error)
            *error = "requirement " + quote(requirement.id) + ": "
                     + checkMetricShape(requirement.metric);
        return std::nullopt;
    }
    if (tokens->size() >= 2 && tokens->front() == "readModels") {
        if (const auto queryId = queryReference((*tokens)[1])) {
            const Query *query = answer.query(*queryId);
            if (!query) {
                if (error)
                    *error = "requirement " + quote(requirement.id) + ": its metric "
                             + quote(requirement.metric) + " reads the read model of query "
                             + quote(*queryId) + ", and there is no such query";
                return std::nullopt;
            }
            (*tokens)[1] = query->readModel;
        }
    }
    return joinPointer(*tokens);
}

std::optional<std::string> resolveSetPath(const Stress &stress, std::string_view path,
                                          const Model &answer, std::string *error)
{
    std::vector<std::string> segments = detail::splitSetPath(path);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto queryId = queryReference(segments[i]);
        if (!queryId)
            continue;
        if (i != 1 || segments.front() != "readModels") {
            if (error)
                *error = "stress " + quote(stress.id) + ": path " + quote(path)
                         + ": \"@<query id>\" may only follow \"readModels.\"";
            return std::nullopt;
        }
        const Query *query = answer.query(*queryId);
        if (!query) {
            if (error)
                *error = "stress " + quote(stress.id) + ": path " + quote(path)
                         + " names the read model of query " + quote(*queryId)
                         + ", and there is no such query";
            return std::nullopt;
        }
        segments[i] = query->readModel;
    }
    std::string resolved;
    for (std::size_t i = 0; i < segments.size(); ++i)
        resolved += (i ? "." : "") + segments[i];
    return resolved;
}

std::optional<double> metricValue(const Json &result, std::string_view pointer)
{
    const auto tokens = splitPointer(pointer);
    if (!tokens)
        return std::nullopt;
    const Json *node = &result;
    const Json *parent = nullptr;
    for (const std::string &token : *tokens) {
        parent = node;
        if (node->is_object()) {
            const auto it = node->find(token);
            if (it == node->end())
                return std::nullopt;
            node = &*it;
        } else if (node->is_array() && isIndex(token)) {
            const std::size_t index = std::stoul(token);
            if (index >= node->size())
                return std::nullopt;
            node = &(*node)[index];
        } else {
            return std::nullopt;
        }
    }
    // A window or a latency of nothing is no figure (a view that applied
    // nothing is not "0 s behind"); staleness of nothing is 0.
    if (tokens->size() >= 2 && tokens->back() != "count" && oneOf(kStatsFields, tokens->back())) {
        const std::string &stats = (*tokens)[tokens->size() - 2];
        if ((stats == "consistencyWindow" || stats == "latency") && parent && parent->is_object()) {
            const auto count = parent->find("count");
            if (count != parent->end() && count->is_number() && count->get<double>() == 0)
                return std::nullopt;
        }
    }
    if (node->is_boolean())
        return node->get<bool>() ? 1.0 : 0.0;
    if (node->is_number()) {
        const double value = node->get<double>();
        if (std::isfinite(value))
            return value;
    }
    return std::nullopt;
}

namespace {

const char *kindName(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Aggregate:
        return "aggregate";
    case ElementKind::Command:
        return "command";
    case ElementKind::Event:
        return "event";
    case ElementKind::ReadModel:
        return "read model";
    case ElementKind::Policy:
        return "policy";
    case ElementKind::Query:
        return "query";
    }
    return "element";
}

std::optional<ElementKind> sectionKind(std::string_view section)
{
    if (section == "aggregates")
        return ElementKind::Aggregate;
    if (section == "commands")
        return ElementKind::Command;
    if (section == "events")
        return ElementKind::Event;
    if (section == "readModels")
        return ElementKind::ReadModel;
    if (section == "policies")
        return ElementKind::Policy;
    if (section == "queries")
        return ElementKind::Query;
    return std::nullopt;
}

template<typename T>
void appendIds(const std::vector<T> &elements, std::vector<std::string> &ids)
{
    for (const T &e : elements)
        ids.push_back(e.id);
}

} // namespace

std::vector<std::string> fixedElementIds(const Challenge &challenge)
{
    std::vector<std::string> ids;
    const Model &s = challenge.start;
    for (const std::string &part : challenge.fixed) {
        std::vector<std::string> found;
        if (const auto kind = sectionKind(part)) {
            switch (*kind) {
            case ElementKind::Aggregate:
                appendIds(s.aggregates, found);
                break;
            case ElementKind::Command:
                appendIds(s.commands, found);
                break;
            case ElementKind::Event:
                appendIds(s.events, found);
                break;
            case ElementKind::ReadModel:
                appendIds(s.readModels, found);
                break;
            case ElementKind::Policy:
                appendIds(s.policies, found);
                break;
            case ElementKind::Query:
                appendIds(s.queries, found);
                break;
            }
        } else if (s.kindOf(part)) {
            found.push_back(part);
        }
        for (std::string &id : found) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
                ids.push_back(std::move(id));
        }
    }
    return ids;
}

Diagnostics checkFixedParts(const Challenge &challenge, const Model &answer)
{
    Diagnostics problems;
    for (const std::string &id : fixedElementIds(challenge)) {
        const auto kind = challenge.start.kindOf(id);
        if (!kind)
            continue;
        const auto has = answer.kindOf(id);
        if (has == kind)
            continue;
        Diagnostic d;
        d.path = std::string("/") + std::string(sectionName(*kind));
        d.elementId = id;
        d.message
            = std::string("the challenge fixes ") + kindName(*kind) + " " + quote(id)
              + "; the answer "
              + (has ? "has " + quote(id) + " as a " + kindName(*has) + " instead" : "lacks it");
        problems.push_back(std::move(d));
    }
    return problems;
}

bool BudgetUse::within() const
{
    return (!maxWorkers || workers <= *maxWorkers) && (!maxConsumers || consumers <= *maxConsumers);
}

BudgetUse budgetUse(const Challenge &challenge, const Model &answer)
{
    BudgetUse use;
    use.workers = answer.writeSide.workers;
    long long consumers = 0;
    for (const ReadModel &r : answer.readModels)
        consumers += r.consumers;
    for (const Policy &p : answer.policies)
        consumers += p.consumers;
    use.consumers
        = static_cast<int>(std::min<long long>(consumers, std::numeric_limits<int>::max()));
    use.maxWorkers = challenge.budget.workers;
    use.maxConsumers = challenge.budget.consumers;
    return use;
}

std::optional<Json> prepareRunDocument(const Challenge &challenge, const Json &answerDocument,
                                       const Model &answer, const Stress *stress, std::int64_t seed,
                                       std::string *error)
{
    if (!answerDocument.is_object()) {
        if (error)
            *error = "the answer is not a model document";
        return std::nullopt;
    }
    Json document = answerDocument;
    if (challenge.workloadFixed() && challenge.startDocument.is_object()) {
        const auto workload = challenge.startDocument.find("workload");
        if (workload != challenge.startDocument.end())
            document["workload"] = *workload;
    }
    std::string problem;
    if (!applySetOverride(document, "workload.seed", Json(seed), &problem)) {
        if (error)
            *error = "cannot set the seed: " + problem;
        return std::nullopt;
    }
    if (!stress)
        return document;
    for (const auto &[path, value] : stress->set) {
        const std::optional<std::string> resolved = resolveSetPath(*stress, path, answer, error);
        if (!resolved)
            return std::nullopt;
        if (!applySetOverride(document, *resolved, value, &problem)) {
            if (error)
                *error = "stress " + quote(stress->id) + ": " + problem;
            return std::nullopt;
        }
    }
    return document;
}

std::string challengeRulesDigest(const Challenge &challenge)
{
    Json rules = Json::object();
    Json &requirements = rules["requirements"] = Json::array();
    for (const Requirement &r : challenge.requirements)
        requirements.push_back(
            {{"metric", r.metric}, {"op", compareOpText(r.op)}, {"value", r.value}});
    Json &stresses = rules["stresses"] = Json::array();
    for (const Stress &s : challenge.stresses) {
        Json set = Json::array();
        for (const auto &[path, value] : s.set)
            set.push_back({path, value});
        stresses.push_back({{"id", s.id}, {"set", std::move(set)}});
    }
    if (challenge.budget.workers)
        rules["budget"]["workers"] = *challenge.budget.workers;
    if (challenge.budget.consumers)
        rules["budget"]["consumers"] = *challenge.budget.consumers;
    rules["fixed"] = challenge.fixed;
    rules["seed"] = challenge.judgingSeed();
    Json start = challenge.startDocument;
    if (start.is_object()) {
        start.erase("description");
        start.erase("diagram");
    }
    rules["start"] = std::move(start);
    // FNV-1a over the canonical text: object keys sorted (a file whose keys
    // were reordered judges the same), numbers as nlohmann writes them.
    const std::string canonical = nlohmann::json::parse(rules.dump()).dump();
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : canonical) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int i = 15; i >= 0; --i, hash >>= 4)
        text[std::size_t(i)] = kHex[hash & 0xf];
    return text;
}

} // namespace cqrs
