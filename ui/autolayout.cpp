#include "autolayout.h"

#include "elements.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cqrs {

namespace {

constexpr double kRowStep = kNodeHeight + kRowGap;
constexpr double kSubColumnGap = 40;

// Where each column starts and how many rows it may hold before it wraps
// into sub-columns (large models stay roughly as wide as tall).
struct Grid
{
    int maxRows = 0;
    double x[5] = {};
};

int columnSize(const Model &model, int column)
{
    switch (column) {
    case 0:
        return int(model.aggregates.size());
    case 1:
        return int(model.commands.size());
    case 2:
        return int(model.events.size());
    case 3:
        return int(model.readModels.size() + model.policies.size());
    default:
        return int(model.queries.size());
    }
}

Grid gridFor(const Model &model)
{
    Grid grid;
    int total = 0;
    for (int c = 0; c < 5; ++c)
        total += columnSize(model, c);
    grid.maxRows = std::max(12, int(std::ceil(std::sqrt(double(total)) * 1.15)));
    double x = 0;
    for (int c = 0; c < 5; ++c) {
        grid.x[c] = x;
        const int subColumns = std::max(1, (columnSize(model, c) + grid.maxRows - 1) / grid.maxRows);
        x += subColumns * kNodeWidth + (subColumns - 1) * kSubColumnGap + kColumnGap;
    }
    return grid;
}

// Places the ids of one column: sorted by the wished height (barycenter of
// their neighbours), never overlapping the previous one. A column longer than
// the grid's rows wraps into sub-columns, in the same order.
void placeColumn(std::vector<std::pair<std::string, double>> wishes, int column,
                 const Grid &grid, std::map<std::string, NodePosition> &out)
{
    std::stable_sort(wishes.begin(), wishes.end(),
                     [](const auto &a, const auto &b) { return a.second < b.second; });
    if (int(wishes.size()) > grid.maxRows) {
        for (size_t i = 0; i < wishes.size(); ++i) {
            const int sub = int(i) / grid.maxRows;
            const int row = int(i) % grid.maxRows;
            out[wishes[i].first] = NodePosition{grid.x[column] + sub * (kNodeWidth + kSubColumnGap),
                                                row * kRowStep, Json::object()};
        }
        return;
    }
    double next = 0;
    for (const auto &[id, wish] : wishes) {
        const double y = std::max(next, wish);
        out[id] = NodePosition{grid.x[column], y, Json::object()};
        next = y + kRowStep;
    }
}

double meanOr(const std::vector<double> &values, double fallback)
{
    if (values.empty())
        return fallback;
    return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

} // namespace

int layoutColumn(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Aggregate:
        return 0;
    case ElementKind::Command:
        return 1;
    case ElementKind::Event:
        return 2;
    case ElementKind::ReadModel:
    case ElementKind::Policy:
        return 3;
    case ElementKind::Query:
        return 4;
    }
    return 0;
}

std::map<std::string, NodePosition> layoutModel(const Model &model)
{
    std::map<std::string, NodePosition> out;
    const Grid grid = gridFor(model);
    auto yOf = [&](const std::string &id, std::vector<double> &into) {
        if (const auto it = out.find(id); it != out.end())
            into.push_back(it->second.y);
    };

    // Commands grouped by aggregate, so an aggregate sits next to its own.
    std::vector<std::pair<std::string, double>> commands;
    double row = 0;
    for (const Aggregate &a : model.aggregates) {
        for (const Command &c : model.commands) {
            if (c.aggregate == a.id)
                commands.emplace_back(c.id, row++ * kRowStep);
        }
    }
    for (const Command &c : model.commands) {
        if (!model.aggregate(c.aggregate))
            commands.emplace_back(c.id, row++ * kRowStep);
    }
    placeColumn(commands, 1, grid, out);

    std::vector<std::pair<std::string, double>> events;
    for (const Event &e : model.events) {
        std::vector<double> ys;
        for (const Command &c : model.commands) {
            if (std::find(c.emits.begin(), c.emits.end(), e.id) != c.emits.end())
                yOf(c.id, ys);
        }
        events.emplace_back(e.id, meanOr(ys, 1e9));
    }
    placeColumn(events, 2, grid, out);

    std::vector<std::pair<std::string, double>> consumers;
    auto consumerWish = [&](const std::vector<std::string> &subscribes) {
        std::vector<double> ys;
        for (const std::string &e : subscribes)
            yOf(e, ys);
        return meanOr(ys, 1e9);
    };
    for (const ReadModel &r : model.readModels)
        consumers.emplace_back(r.id, consumerWish(r.subscribes));
    for (const Policy &p : model.policies)
        consumers.emplace_back(p.id, consumerWish(p.subscribes));
    placeColumn(consumers, 3, grid, out);

    std::vector<std::pair<std::string, double>> queries;
    for (const Query &q : model.queries) {
        std::vector<double> ys;
        yOf(q.readModel, ys);
        queries.emplace_back(q.id, meanOr(ys, 1e9));
    }
    placeColumn(queries, 4, grid, out);

    std::vector<std::pair<std::string, double>> aggregates;
    for (const Aggregate &a : model.aggregates) {
        std::vector<double> ys;
        for (const Command &c : model.commands) {
            if (c.aggregate == a.id)
                yOf(c.id, ys);
        }
        if (ys.empty()) {
            for (const Event &e : model.events) {
                if (e.aggregate == a.id)
                    yOf(e.id, ys);
            }
        }
        aggregates.emplace_back(a.id, meanOr(ys, 1e9));
    }
    placeColumn(aggregates, 0, grid, out);
    return out;
}

std::map<std::string, NodePosition> positionsForUnplaced(const Model &model)
{
    const std::vector<std::string> ids = allElementIds(model);
    const bool nonePlaced = std::none_of(ids.begin(), ids.end(), [&](const std::string &id) {
        return model.diagram.nodes.count(id) > 0;
    });
    if (nonePlaced)
        return layoutModel(model);

    // Below the lowest node already in the element's column.
    std::map<std::string, NodePosition> out;
    const Grid grid = gridFor(model);
    std::map<int, double> nextY;
    for (const std::string &id : ids) {
        const auto it = model.diagram.nodes.find(id);
        if (it == model.diagram.nodes.end())
            continue;
        const int column = layoutColumn(*model.kindOf(id));
        nextY[column] = std::max(nextY[column], it->second.y + kRowStep);
    }
    for (const std::string &id : ids) {
        if (model.diagram.nodes.count(id))
            continue;
        const int column = layoutColumn(*model.kindOf(id));
        double &y = nextY[column];
        out[id] = NodePosition{grid.x[column], y, Json::object()};
        y += kRowStep;
    }
    return out;
}

} // namespace cqrs
