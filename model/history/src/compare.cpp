#include "cqrs/history/compare.h"

#include <algorithm>
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

/// The differing leaves of documents written alike (all complete, or all as read).
std::vector<ParameterDifference> leafDifferences(const std::vector<Json> &documents)
{
    // Paths in first-seen order, each with its value per model: one pass over
    // every leaf (large models have tens of thousands of them).
    std::vector<std::string> order;
    std::unordered_map<std::string, std::vector<std::optional<std::string>>> values;
    for (std::size_t m = 0; m < documents.size(); ++m) {
        std::vector<std::pair<std::string, std::string>> leaves;
        flatten(documents[m], {}, leaves);
        for (auto &[path, value] : leaves) {
            auto [it, added] = values.try_emplace(path, documents.size());
            if (added)
                order.push_back(path);
            if (!it->second[m])
                it->second[m] = std::move(value); // the first of a repeated path, as before
        }
    }
    std::vector<ParameterDifference> out;
    for (const std::string &path : order) {
        std::vector<std::optional<std::string>> &perModel = values.at(path);
        if (std::adjacent_find(perModel.begin(), perModel.end(), std::not_equal_to<>())
            == perModel.end())
            continue;
        ParameterDifference d;
        d.path = path;
        d.values = std::move(perModel);
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace

std::vector<ParameterDifference> modelDifferences(const std::vector<Json> &models)
{
    // Every field written: a canonical document leaves out what is at its
    // default, and "consumers" 1 against 2 would read as nothing against 2.
    // All or none: one document this build cannot read compared in full
    // against the others' canonical form would differ in every default.
    std::vector<Json> complete;
    ModelLoadOptions lenient;
    lenient.keepInvalid = true;
    for (const Json &model : models) {
        const ModelLoadResult loaded = modelFromJson(model, lenient);
        if (!loaded.model)
            return leafDifferences(models);
        complete.push_back(modelToCompleteJson(*loaded.model));
    }
    return leafDifferences(complete);
}

std::vector<ParameterDifference> modelDifferences(const std::vector<const Model *> &models)
{
    std::vector<Json> complete;
    for (const Model *model : models)
        complete.push_back(modelToCompleteJson(*model));
    return leafDifferences(complete);
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
        if (figures == CompareFigures::WithUtilization)
            add(base + "/utilization", id + ": utilization", true);
    }
    for (const std::string &id : idsOf(results, "queries")) {
        const std::string base = "/queries/" + escapePointerToken(id);
        add(base + "/staleRatio", id + ": stale ratio", true);
        add(base + "/latency/p99", id + ": latency p99 (s)", true);
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
