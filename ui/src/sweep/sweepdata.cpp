#include "cqrs/ui/sweep/sweepdata.h"

#include "cqrs/ui/run/chartcard.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>
#include <cqrs/model/modeljson.h>
#include <map>

namespace cqrs {

std::vector<SweepMetric> sweepMetrics(const Model &model)
{
    // A result with the model's read models and queries: compareResults()
    // names the figures (one list of figures for Compare and sweeps).
    Json skeleton = Json::object();
    skeleton["readModels"] = Json::object();
    skeleton["queries"] = Json::object();
    for (const ReadModel &rm : model.readModels)
        skeleton["readModels"][rm.id] = Json::object();
    for (const Query &q : model.queries) {
        // The figures only some strategies have (compareResults() lists them
        // where a run has them).
        Json &query = skeleton["queries"][q.id] = Json::object();
        if (q.consistency.strategy == Strategy::OptimisticUi)
            query["pendingConfirmation"]["count"] = 1;
        if (q.consistency.strategy == Strategy::WaitForVersion)
            query["timeouts"] = 1;
    }
    std::vector<SweepMetric> metrics
        = history::compareResults({skeleton}, history::CompareFigures::WithUtilization);
    for (SweepMetric &m : metrics) {
        m.values.clear();
        m.relative.clear();
    }
    nameFigureLabels(metrics, {&model});
    return metrics;
}

void nameFigureLabels(std::vector<history::CompareRow> &rows,
                      const std::vector<const Model *> &models)
{
    for (history::CompareRow &row : rows) {
        // Only per-element figures: "<id>: what (unit)", of a read model or a query.
        const bool readModel = row.path.rfind("/readModels/", 0) == 0;
        if (!readModel && row.path.rfind("/queries/", 0) != 0)
            continue;
        const std::size_t colon = row.label.find(": ");
        if (colon == std::string::npos)
            continue;
        const std::string id = row.label.substr(0, colon);
        for (const Model *model : models) {
            const std::string *name = nullptr;
            if (!model)
                continue;
            if (const ReadModel *rm = readModel ? model->readModel(id) : nullptr)
                name = &rm->name;
            else if (const Query *q = readModel ? nullptr : model->query(id))
                name = &q->name;
            if (name && !name->empty()) {
                // Bounded: a model file's name must not size the window.
                row.label = boundedText(*name, 60).toStdString() + row.label.substr(colon);
                break;
            }
        }
    }
}

std::vector<std::string> defaultSweepMetricPaths(const std::vector<SweepMetric> &metrics)
{
    std::vector<std::string> paths;
    auto endsWith = [](const std::string &s, const std::string &tail) {
        return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    for (const SweepMetric &m : metrics) {
        if (endsWith(m.path, "/consistencyWindow/p99") || endsWith(m.path, "/staleRatio")
            || m.path == "/commands/total/latency/p99")
            paths.push_back(m.path);
    }
    return paths;
}

std::optional<double> sweepMetricValue(const Json &result, const SweepMetric &metric)
{
    for (const history::CompareRow &row :
         history::compareResults({result}, history::CompareFigures::Every)) {
        if (row.path == metric.path)
            return row.values.empty() ? std::nullopt : row.values.front();
    }
    return std::nullopt;
}

std::optional<double> SweepData::budgetFor(int metric) const
{
    if (!budget || metric < 0 || std::size_t(metric) >= metrics.size()
        || metrics[std::size_t(metric)].path != budgetMetric)
        return std::nullopt;
    return budget;
}

int SweepData::metricIndex(const std::string &path) const
{
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        if (metrics[i].path == path)
            return int(i);
    }
    return -1;
}

sim::SweepStats SweepData::cellStats(std::size_t cell, int metric) const
{
    std::vector<double> values;
    for (std::size_t i = 0; i < runs.size() && i < plan.runs.size(); ++i) {
        if (plan.runs[i].cell != cell || runs[i].state != RunState::Finished || metric < 0
            || std::size_t(metric) >= runs[i].values.size() || !runs[i].values[std::size_t(metric)])
            continue;
        values.push_back(*runs[i].values[std::size_t(metric)]);
    }
    return sim::sweepStats(values);
}

qint64 SweepData::cellRunId(std::size_t cell) const
{
    for (std::size_t i = 0; i < runs.size() && i < plan.runs.size(); ++i) {
        if (plan.runs[i].cell == cell && runs[i].state == RunState::Finished && runs[i].id != 0)
            return runs[i].id;
    }
    return 0;
}

std::size_t SweepData::finishedCount() const
{
    return std::size_t(std::count_if(runs.begin(), runs.end(),
                                     [](const Run &r) { return r.state == RunState::Finished; }));
}

std::optional<std::size_t> SweepData::knee(int metric) const
{
    if (twoDimensional())
        return std::nullopt;
    std::vector<double> y;
    for (std::size_t cell = 0; cell < plan.cellCount(); ++cell) {
        const sim::SweepStats stats = cellStats(cell, metric);
        if (stats.count == 0)
            return std::nullopt;
        y.push_back(stats.mean);
    }
    return sim::sweepKnee(plan.values1, y, plan.first.log);
}

void SweepData::setResult(std::size_t run, const Json &result)
{
    if (run >= runs.size())
        return;
    Run &r = runs[run];
    r.state = RunState::Finished;
    r.values.clear();
    const std::vector<history::CompareRow> rows
        = history::compareResults({result}, history::CompareFigures::Every);
    for (const SweepMetric &metric : metrics) {
        std::optional<double> value;
        for (const history::CompareRow &row : rows) {
            if (row.path == metric.path && !row.values.empty())
                value = row.values.front();
        }
        r.values.push_back(value);
    }
}

std::string sweepGroupDescription(const SweepRequest &request)
{
    std::string text = sim::sweepDescription(request.first);
    if (request.second)
        text += " × " + request.second->path + "=" + sim::sweepDescription(*request.second);
    return text;
}

std::string sweepGroupSettings(const SweepRequest &request)
{
    Json settings = Json::object();
    settings["figures"] = request.metricPaths;
    if (request.budget && std::isfinite(*request.budget)) {
        settings["budget"] = *request.budget;
        settings["budgetFigure"] = request.budgetMetric;
    }
    return settings.dump();
}

namespace {

// "FROM:TO:STEPS[:log]".
bool parseAxis(const std::string &text, sim::SweepAxis &axis)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto colon = text.find(':', start);
        parts.push_back(text.substr(start, colon == std::string::npos ? colon : colon - start));
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    if (parts.size() < 3 || parts.size() > 4 || (parts.size() == 4 && parts[3] != "log"))
        return false;
    try {
        std::size_t used = 0;
        axis.from = std::stod(parts[0], &used);
        if (used != parts[0].size())
            return false;
        axis.to = std::stod(parts[1], &used);
        if (used != parts[1].size())
            return false;
        axis.steps = std::stoll(parts[2], &used);
        if (used != parts[2].size())
            return false;
    } catch (const std::exception &) {
        return false;
    }
    axis.log = parts.size() == 4;
    return sim::checkSweepAxis(axis) == sim::SweepAxisProblem::None;
}

// The value a run's overrides give PATH (the last "PATH=VALUE").
std::optional<double> overrideValue(const std::vector<std::string> &overrides,
                                    const std::string &path)
{
    std::optional<double> value;
    const std::string prefix = path + "=";
    for (const std::string &o : overrides) {
        if (o.compare(0, prefix.size(), prefix) != 0)
            continue;
        const JsonParseResult parsed = parseJsonText(std::string_view(o).substr(prefix.size()));
        if (parsed.json && parsed.json->is_number())
            value = parsed.json->get<double>();
    }
    return value;
}

std::optional<std::size_t> indexOf(const std::vector<double> &values, double v)
{
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::abs(values[i] - v) <= 1e-9 * std::max(1.0, std::abs(v)))
            return i;
    }
    return std::nullopt;
}

} // namespace

std::optional<SweepData> sweepFromHistory(const history::SweepInfo &group,
                                          const std::vector<history::RunRecord> &runs,
                                          QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<SweepData> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    std::string description = group.description;
    std::optional<sim::SweepAxis> second;
    if (const auto times = description.find(" × "); times != std::string::npos) {
        const std::string rest = description.substr(times + std::string(" × ").size());
        description.resize(times);
        const auto eq = rest.rfind('=');
        sim::SweepAxis axis;
        if (eq == std::string::npos || !parseAxis(rest.substr(eq + 1), axis))
            return fail(
                QCoreApplication::translate("cqrs::SweepData", "Sweep #%1: cannot read “%2”.")
                    .arg(group.id)
                    .arg(QString::fromStdString(group.description)));
        axis.path = rest.substr(0, eq);
        second = axis;
    }
    sim::SweepAxis first;
    if (!parseAxis(description, first))
        return fail(QCoreApplication::translate("cqrs::SweepData", "Sweep #%1: cannot read “%2”.")
                        .arg(group.id)
                        .arg(QString::fromStdString(group.description)));
    first.path = group.path;
    if (runs.empty())
        return fail(
            QCoreApplication::translate("cqrs::SweepData", "Sweep #%1 has no recorded runs.")
                .arg(group.id));

    // Replication r ran with seed (lowest seed) + r.
    std::int64_t baseSeed = runs.front().seed;
    for (const history::RunRecord &r : runs)
        baseSeed = std::min(baseSeed, r.seed);
    // Seeds near the ends of the range: the distance taken without signed
    // overflow (a seed of 2^63 - 1 less one of -5).
    const auto above = [&baseSeed](std::int64_t seed) {
        return std::uint64_t(seed) - std::uint64_t(baseSeed);
    };
    int replications = 1;
    for (const history::RunRecord &r : runs)
        replications
            = std::max<int>(replications, int(std::min<std::uint64_t>(above(r.seed), 1000)) + 1);

    SweepData data;
    data.modelName = QString::fromStdString(group.modelName);
    data.sweepId = group.id;
    data.plan = sim::makeSweepPlan(first, second, replications, baseSeed);
    data.runs.resize(data.plan.runs.size());
    for (const history::RunRecord &r : runs) {
        ModelLoadOptions lenient;
        lenient.keepInvalid = true;
        if (ModelLoadResult m = parseModel(r.modelJson, lenient); m.model) {
            data.metrics = sweepMetrics(*m.model);
            data.model = std::move(*m.model);
            data.model->workload.seed = baseSeed; // this run may be a later replication's
            break;
        }
    }
    for (const history::RunRecord &r : runs) {
        std::optional<double> v1 = r.sweepValue;
        if (!v1)
            v1 = overrideValue(r.overrides, first.path);
        const std::optional<double> v2
            = second ? overrideValue(r.overrides, second->path) : std::nullopt;
        const std::optional<std::size_t> i1 = v1 ? indexOf(data.plan.values1, *v1) : std::nullopt;
        const std::optional<std::size_t> i2
            = second ? (v2 ? indexOf(data.plan.values2, *v2) : std::nullopt)
                     : std::optional<std::size_t>(0);
        if (!i1 || !i2 || above(r.seed) >= std::uint64_t(replications))
            continue;
        const std::size_t index
            = data.plan.cellOf(*i1, *i2) * std::size_t(replications) + std::size_t(above(r.seed));
        if (index >= data.runs.size())
            continue;
        const JsonParseResult result = parseJsonText(r.result);
        if (r.status == history::RunStatus::Finished && result.json)
            data.setResult(index, *result.json);
        else
            data.runs[index].state = SweepData::RunState::Failed;
        data.runs[index].id = r.id;
    }
    // The figures and budget line the sweep was made with; a figure this
    // model no longer has is left out, and none left means the defaults.
    const JsonParseResult settings = parseJsonText(group.settings);
    if (settings.json && settings.json->is_object()) {
        const Json &s = *settings.json;
        if (const auto figures = s.find("figures"); figures != s.end() && figures->is_array()) {
            for (const Json &path : *figures) {
                if (path.is_string() && data.metricIndex(path.get<std::string>()) >= 0)
                    data.shownMetrics.push_back(path.get<std::string>());
            }
        }
        if (const auto budget = s.find("budget");
            budget != s.end() && budget->is_number() && std::isfinite(budget->get<double>()))
            data.budget = budget->get<double>();
        if (const auto figure = s.find("budgetFigure"); figure != s.end() && figure->is_string())
            data.budgetMetric = figure->get<std::string>();
    }
    if (data.shownMetrics.empty())
        data.shownMetrics = defaultSweepMetricPaths(data.metrics);
    if (data.budget
        && std::find(data.shownMetrics.begin(), data.shownMetrics.end(), data.budgetMetric)
               == data.shownMetrics.end()) {
        // No figure to draw it on (none of the runs' models could be read): no budget line.
        if (data.shownMetrics.empty())
            data.budget.reset();
        else
            data.budgetMetric = data.shownMetrics.front();
    }
    return data;
}

} // namespace cqrs
