#include "cqrs/history/compare.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cqrs/model/diagnostic.h>
#include <cqrs/model/modeljson.h>
#include <functional>
#include <unordered_map>

namespace cqrs::history {

namespace {

std::optional<double> numberAt(const Json &result, const std::string &pointer)
{
    try {
        const Json &v = result.at(Json::json_pointer(pointer));
        if (v.is_number())
            return v.get<double>();
    } catch (const std::exception &) {
    }
    return std::nullopt;
}

std::vector<std::string> idsOf(const std::vector<Json> &results, const char *section)
{
    std::vector<std::string> ids;
    for (const Json &r : results) {
        if (!r.is_object() || !r.contains(section) || !r[section].is_object())
            continue;
        for (auto it = r[section].begin(); it != r[section].end(); ++it) {
            if (std::find(ids.begin(), ids.end(), it.key()) == ids.end())
                ids.push_back(it.key());
        }
    }
    return ids;
}

// Leaf values by `--set` path, in document order.
void flatten(const Json &value, const std::string &path,
             std::vector<std::pair<std::string, std::string>> &out)
{
    auto join = [&path](const std::string &key) {
        return path.empty() ? key : path + "." + key;
    };
    if (value.is_object() && !value.empty()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (path.empty() && it.key() == "diagram")
                continue;
            flatten(it.value(), join(it.key()), out);
        }
    } else if (value.is_array() && !value.empty()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            const Json &item = value[i];
            const bool named = item.is_object() && item.contains("id") && item["id"].is_string();
            flatten(item, join(named ? item["id"].get<std::string>() : std::to_string(i)), out);
        }
    } else if (!value.is_array() && !value.is_object()) {
        out.emplace_back(path, value.dump());
    }
    // An empty list or object is no setting: "outages" [] beside an outage's
    // own rows would be one row too many.
}

} // namespace

std::vector<std::pair<std::string, std::string>> modelLeaves(const Json &model)
{
    std::vector<std::pair<std::string, std::string>> leaves;
    flatten(model, {}, leaves);
    return leaves;
}

namespace {

template<typename Document>
Document *valueAtPathIn(Document &document, const std::string &path)
{
    Document *node = &document;
    std::size_t start = 0;
    while (node) {
        const std::size_t dot = path.find('.', start);
        const std::string key
            = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        Document *next = nullptr;
        if (node->is_object()) {
            const auto it = node->find(key);
            next = it != node->end() ? &*it : nullptr;
        } else if (node->is_array()) {
            for (Document &item : *node) {
                if (item.is_object() && item.contains("id") && item["id"] == key) {
                    next = &item;
                    break;
                }
            }
            if (!next && !key.empty() && key.find_first_not_of("0123456789") == std::string::npos
                && key.size() < 9 && std::stoul(key) < node->size())
                next = &(*node)[std::stoul(key)];
        }
        node = next;
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return node;
}

} // namespace

const Json *valueAtPath(const Json &document, const std::string &path)
{
    return valueAtPathIn(document, path);
}

namespace {

/// A parameter through a run: its value as the run started, then each change.
struct Timeline
{
    std::optional<std::string> start;
    std::vector<ParameterChange> changes;

    const std::optional<std::string> &current() const
    {
        return changes.empty() ? start : changes.back().value;
    }
    bool operator==(const Timeline &) const = default;
};

/// One model's parameters by path, in document order.
using Timelines = std::vector<std::pair<std::string, Timeline>>;

Timelines constantTimelines(const Json &document)
{
    std::vector<std::pair<std::string, std::string>> leaves;
    flatten(document, {}, leaves);
    Timelines out;
    out.reserve(leaves.size());
    for (auto &[path, value] : leaves)
        out.emplace_back(std::move(path), Timeline{std::move(value), {}});
    return out;
}

/// The parameters that differ between models, each given as its timelines.
std::vector<ParameterDifference> timelineDifferences(std::vector<Timelines> models)
{
    // Paths in first-seen order, each with its timeline per model: one pass
    // over every leaf (large models have tens of thousands of them).
    std::vector<std::string> order;
    std::unordered_map<std::string, std::vector<std::optional<Timeline>>> perPath;
    for (std::size_t m = 0; m < models.size(); ++m) {
        for (auto &[path, timeline] : models[m]) {
            auto [it, added] = perPath.try_emplace(path, models.size());
            if (added)
                order.push_back(path);
            if (!it->second[m])
                it->second[m] = std::move(timeline); // the first of a repeated path, as before
        }
    }
    std::vector<ParameterDifference> out;
    for (const std::string &path : order) {
        // The model's own name and description are no parameters: Compare
        // listed "name" for a variant B ("User profile (variant B)").
        if (path == "name" || path == "description")
            continue;
        std::vector<std::optional<Timeline>> &perModel = perPath.at(path);
        // A model without the path reads as one that never had it.
        for (std::optional<Timeline> &t : perModel) {
            if (!t)
                t = Timeline{};
        }
        if (std::adjacent_find(perModel.begin(), perModel.end(), std::not_equal_to<>())
            == perModel.end())
            continue;
        ParameterDifference d;
        d.path = path;
        for (std::optional<Timeline> &t : perModel) {
            d.values.push_back(std::move(t->start));
            d.changes.push_back(std::move(t->changes));
        }
        out.push_back(std::move(d));
    }
    return out;
}

/// Removes what a `--set` path names, when it names a member of an object.
void eraseAtPath(Json &document, const std::string &path)
{
    const std::size_t dot = path.rfind('.');
    Json *parent
        = dot == std::string::npos ? &document : valueAtPathIn(document, path.substr(0, dot));
    if (parent && parent->is_object())
        parent->erase(dot == std::string::npos ? path : path.substr(dot + 1));
}

/// The most moments of a run that runTimelines() reads the model at, and the
/// time it may take for one run (each moment reads the whole model, which
/// takes seconds for the largest models): the changes after that are told
/// at once, at the run's last change, marked as folded.
constexpr std::size_t kMaxMomentsFollowed = 200;
constexpr std::chrono::milliseconds kFollowBudget{250};
/// The moments followed one by one whatever the time they take.
constexpr std::size_t kMinMomentsFollowed = 10;

/// A run's parameters through the run. `document` is its model as it ended
/// (the edits applied), `complete` writes a document with every field, or
/// nothing for a document it cannot read (that moment is passed over).
Timelines runTimelines(const Json &document, const std::vector<RunEdit> &allEdits,
                       const std::function<std::optional<Json>(const Json &)> &complete)
{
    const auto started = std::chrono::steady_clock::now();
    // An edit without a time (a damaged row) is taken as made with the one
    // before it (the first: at the start).
    std::vector<RunEdit> edits = allEdits;
    for (std::size_t k = 0; k < edits.size(); ++k) {
        if (!std::isfinite(edits[k].at))
            edits[k].at = k > 0 ? edits[k - 1].at : 0.0;
    }
    if (edits.empty())
        return constantTimelines(complete(document).value_or(document));
    // The model as the run started: each edit undone, the last first. An edit
    // whose value before is not known (a run recorded before it was kept) is
    // left in: its path shows the value it ended with throughout.
    Json state = document;
    for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
        const RunEdit &e = *it;
        if (!e.previous.empty()) {
            const Json previous = Json::parse(e.previous, nullptr, false);
            if (!previous.is_discarded())
                applySetOverride(state, e.path, previous, nullptr);
        } else if (e.previousAbsent) {
            eraseAtPath(state, e.path);
        }
    }
    const auto apply = [&state](const RunEdit &e) {
        const Json value = Json::parse(e.value, nullptr, false);
        if (!value.is_discarded())
            applySetOverride(state, e.path, value, nullptr);
    };
    // Edits made before the first step (a run paused at 0) are its start.
    std::size_t i = 0;
    for (; i < edits.size() && edits[i].at <= 0; ++i)
        apply(edits[i]);
    std::vector<std::string> order;
    std::unordered_map<std::string, Timeline> timelines;
    std::unordered_map<std::string, bool> seen;
    const auto visit = [&](const Json &doc, std::optional<double> at, bool folded) {
        const std::optional<Json> written = complete(doc);
        if (!written)
            return false;
        std::vector<std::pair<std::string, std::string>> leaves;
        flatten(*written, {}, leaves);
        for (auto &[path, mark] : seen)
            mark = false;
        for (auto &[path, value] : leaves) {
            auto [it, added] = timelines.try_emplace(path);
            if (added)
                order.push_back(path);
            bool &mark = seen[path];
            if (mark)
                continue; // the first of a repeated path
            mark = true;
            Timeline &t = it->second;
            if (!at)
                t.start = std::move(value);
            else if (t.current() != value)
                t.changes.push_back({*at, std::move(value), folded});
        }
        if (at) {
            for (auto &[path, mark] : seen) {
                Timeline &t = timelines.at(path);
                if (!mark && t.current())
                    t.changes.push_back({*at, std::nullopt, folded});
            }
        }
        return true;
    };
    if (!visit(state, std::nullopt, false)) // the start cannot be read: the model as it ended
        return constantTimelines(complete(document).value_or(document));
    // Then each moment something changed (edits made at one instant at once).
    std::size_t moments = 0;
    while (i < edits.size()) {
        ++moments;
        const bool last = moments >= kMaxMomentsFollowed
                          || (moments >= kMinMomentsFollowed
                              && std::chrono::steady_clock::now() - started > kFollowBudget);
        double at = edits[i].at;
        std::size_t taken = 0;
        do {
            apply(edits[i]);
            at = edits[i].at;
            ++i;
            ++taken;
        } while (i < edits.size() && (last || edits[i].at == at));
        visit(state, at, last && taken > 1);
    }
    Timelines out;
    out.reserve(order.size());
    for (const std::string &path : order)
        out.emplace_back(path, std::move(timelines.at(path)));
    return out;
}

} // namespace

std::optional<Json> completeModelDocument(const Json &document)
{
    ModelLoadOptions lenient;
    lenient.keepInvalid = true;
    const ModelLoadResult loaded = modelFromJson(document, lenient);
    return loaded.model ? std::optional<Json>(modelToCompleteJson(*loaded.model)) : std::nullopt;
}

std::vector<ParameterDifference> modelDifferences(const std::vector<Json> &models)
{
    return runDifferences(models, {});
}

std::vector<ParameterDifference> modelDifferences(const std::vector<const Model *> &models)
{
    std::vector<Timelines> timelines;
    for (const Model *model : models)
        timelines.push_back(constantTimelines(modelToCompleteJson(*model)));
    return timelineDifferences(std::move(timelines));
}

std::vector<ParameterDifference> runDifferences(const std::vector<Json> &models,
                                                const std::vector<std::vector<RunEdit>> &edits)
{
    // Every field written: a canonical document leaves out what is at its
    // default, and "consumers" 1 against 2 would read as nothing against 2.
    // All or none: one document this build cannot read compared in full
    // against the others' canonical form would differ in every default.
    std::vector<Json> complete;
    for (const Json &model : models) {
        std::optional<Json> written = completeModelDocument(model);
        if (!written)
            break;
        complete.push_back(std::move(*written));
    }
    const bool completed = complete.size() == models.size();
    std::vector<Timelines> timelines;
    for (std::size_t m = 0; m < models.size(); ++m) {
        const std::vector<RunEdit> none;
        const std::vector<RunEdit> &changes = m < edits.size() ? edits[m] : none;
        if (changes.empty())
            timelines.push_back(constantTimelines(completed ? complete[m] : models[m]));
        else if (completed)
            timelines.push_back(runTimelines(models[m], changes, completeModelDocument));
        else
            timelines.push_back(runTimelines(models[m], changes,
                                             [](const Json &d) { return std::optional<Json>(d); }));
    }
    return timelineDifferences(std::move(timelines));
}

std::vector<CompareRow> compareResults(const std::vector<Json> &results, CompareFigures figures)
{
    std::vector<CompareRow> rows;
    auto add = [&](std::string path, std::string label, bool lowerIsBetter,
                   bool perSecond = false) {
        CompareRow row;
        row.path = std::move(path);
        row.label = std::move(label);
        row.lowerIsBetter = lowerIsBetter;
        row.perSecond = perSecond;
        for (const Json &r : results) {
            std::optional<double> v = numberAt(r, row.path);
            // A read model that applied nothing in the measured time (a
            // batch interval longer than the run) has no window: its
            // percentiles read 0, which is no figure, least of all the best.
            // Likewise the pending confirmation of a query no optimistic-ui
            // read was made of, and the latency of commands or queries when
            // none completed.
            for (const std::string_view stats :
                 {"/consistencyWindow/", "/pendingConfirmation/", "/latency/"}) {
                if (const std::size_t at = row.path.rfind(stats);
                    v && at != std::string::npos
                    && numberAt(r, row.path.substr(0, at + stats.size()) + "count") == 0.0)
                    v.reset();
            }
            if (v && perSecond) {
                // numberAt: a damaged field of another type must not throw.
                const double measured = numberAt(r, "/simulatedSeconds").value_or(0.0)
                                        - numberAt(r, "/measuredFrom").value_or(0.0);
                v = measured > 0 ? std::optional<double>(*v / measured) : std::nullopt;
            }
            row.values.push_back(v);
        }
        const std::optional<double> first = row.values.empty() ? std::nullopt : row.values.front();
        for (const std::optional<double> &v : row.values) {
            if (!v || !first)
                row.relative.push_back(std::nullopt);
            else if (*first != 0)
                row.relative.push_back(*v / *first);
            else
                row.relative.push_back(*v == 0 ? std::optional<double>(1.0) : std::nullopt);
        }
        rows.push_back(std::move(row));
    };
    for (const std::string &id : idsOf(results, "readModels")) {
        const std::string base = "/readModels/" + escapePointerToken(id);
        add(base + "/consistencyWindow/p50", id + ": consistency window p50 (s)", true);
        add(base + "/consistencyWindow/p99", id + ": consistency window p99 (s)", true);
        add(base + "/lag/max", id + ": lag max (s)", true);
        add(base + "/backlog/max", id + ": backlog max (events)", true);
        // What more consumers change when the queue was not what held the
        // events back (lower: more room before the backlog grows).
        if (figures != CompareFigures::Command)
            add(base + "/utilization", id + ": utilization", true);
    }
    for (const std::string &id : idsOf(results, "queries")) {
        const std::string base = "/queries/" + escapePointerToken(id);
        add(base + "/staleRatio", id + ": stale ratio", true);
        add(base + "/latency/p99", id + ": latency p99 (s)", true);
        // What the strategies trade stale reads for, where a run has it: how
        // long an optimistic-ui screen waits for its own write, and how
        // often wait-for-version gives up.
        const auto anyRun = [&results, figures](const std::string &pointer) {
            return figures == CompareFigures::Every
                   || std::any_of(results.begin(), results.end(), [&pointer](const Json &r) {
                          return numberAt(r, pointer).value_or(0.0) > 0;
                      });
        };
        if (anyRun(base + "/pendingConfirmation/count"))
            add(base + "/pendingConfirmation/p99", id + ": pending confirmation p99 (s)", true);
        if (anyRun(base + "/timeouts"))
            add(base + "/timeouts", id + ": timeouts per second", true, true);
    }
    add("/commands/total/latency/p99", "commands: latency p99 (s)", true);
    add("/commands/total/accepted", "commands: accepted per second", false, true);
    return rows;
}

Json compareJson(const std::vector<long long> &ids, const std::vector<CompareRow> &rows)
{
    Json out = Json::object();
    out["runs"] = ids;
    Json list = Json::array();
    auto numbers = [](const std::vector<std::optional<double>> &values) {
        Json a = Json::array();
        for (const auto &v : values)
            a.push_back(v ? Json(*v) : Json(nullptr));
        return a;
    };
    for (const CompareRow &row : rows) {
        Json r = Json::object();
        r["path"] = row.path;
        r["label"] = row.label;
        if (row.perSecond)
            r["perSecond"] = true;
        r["lowerIsBetter"] = row.lowerIsBetter;
        r["values"] = numbers(row.values);
        r["relative"] = numbers(row.relative);
        list.push_back(std::move(r));
    }
    out["rows"] = std::move(list);
    return out;
}

} // namespace cqrs::history
