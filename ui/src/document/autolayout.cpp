#include "cqrs/ui/document/autolayout.h"

#include <cqrs/model/elements.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace cqrs {

namespace {

constexpr double kRowStep = kNodeHeight + kRowGap;
constexpr double kSubColumnGap = 40;
// The wish of an element with no placed neighbour (a dangling reference, an
// event nobody emits): after the others of its column, at the next free row.
constexpr double kNoWish = std::numeric_limits<double>::infinity();
// What a sticky note covers at least (NoteItem grows with its text).
constexpr double kNoteWidth = 180;
constexpr double kNoteHeight = 90;

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
        const double y = std::isfinite(wish) ? std::max(next, wish) : next;
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

bool isSensiblePosition(double x, double y)
{
    return std::isfinite(x) && std::isfinite(y) && std::abs(x) <= kCanvasExtent
           && std::abs(y) <= kCanvasExtent;
}

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
        events.emplace_back(e.id, meanOr(ys, kNoWish));
    }
    placeColumn(events, 2, grid, out);

    std::vector<std::pair<std::string, double>> consumers;
    auto consumerWish = [&](const std::vector<std::string> &subscribes) {
        std::vector<double> ys;
        for (const std::string &e : subscribes)
            yOf(e, ys);
        return meanOr(ys, kNoWish);
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
        queries.emplace_back(q.id, meanOr(ys, kNoWish));
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
        aggregates.emplace_back(a.id, meanOr(ys, kNoWish));
    }
    placeColumn(aggregates, 0, grid, out);
    return out;
}

std::map<std::string, NodePosition> positionsForUnplaced(const Model &model)
{
    const std::vector<std::string> ids = allElementIds(model);
    auto placed = [&](const std::string &id) {
        const auto it = model.diagram.nodes.find(id);
        return it != model.diagram.nodes.end() && isSensiblePosition(it->second.x, it->second.y);
    };
    if (std::none_of(ids.begin(), ids.end(), placed))
        return layoutModel(model);

    // Below the lowest node already in the element's column.
    std::map<std::string, NodePosition> out;
    const Grid grid = gridFor(model);
    std::map<int, double> nextY;
    for (const std::string &id : ids) {
        if (!placed(id))
            continue;
        const int column = layoutColumn(*model.kindOf(id));
        nextY[column] = std::max(nextY[column], model.diagram.nodes.at(id).y + kRowStep);
    }
    // Clear of every node already placed: a model may keep another kind in
    // a column's place (the examples put aggregates under the commands).
    std::vector<NodePosition> taken;
    for (const std::string &id : ids) {
        if (placed(id))
            taken.push_back(model.diagram.nodes.at(id));
    }
    for (const std::string &id : ids) {
        if (placed(id))
            continue;
        const int column = layoutColumn(*model.kindOf(id));
        double &y = nextY[column];
        for (bool moved = true; moved;) {
            moved = false;
            for (const NodePosition &p : taken) {
                // Strictly below once moved (y grows each time): no rounding
                // can keep it in place.
                if (std::abs(p.x - grid.x[column]) < kNodeWidth + kColumnGap / 2 && y < p.y + kRowStep
                    && p.y < y + kRowStep) {
                    y = p.y + kRowStep;
                    moved = true;
                }
            }
        }
        NodePosition position{grid.x[column], y, Json::object()};
        taken.push_back(position);
        if (const auto it = model.diagram.nodes.find(id); it != model.diagram.nodes.end())
            position.extra = it->second.extra; // keep what other tools stored there
        out[id] = position;
        y += kRowStep;
    }
    return out;
}

std::map<int, NodePosition> notePositionsForUnplaced(const Model &model)
{
    std::map<int, NodePosition> out;
    double left = 0;
    double bottom = 0;
    bool any = false;
    auto include = [&](double x, double y, double height) {
        left = any ? std::min(left, x) : x;
        bottom = any ? std::max(bottom, y + height) : y + height;
        any = true;
    };
    for (const auto &[id, p] : model.diagram.nodes) {
        if (model.kindOf(id) && isSensiblePosition(p.x, p.y))
            include(p.x, p.y, kNodeHeight);
    }
    for (const Note &note : model.diagram.notes) {
        if (isSensiblePosition(note.x, note.y))
            include(note.x, note.y, kNoteHeight);
    }
    double x = left;
    const double y = any ? bottom + kRowGap : 0;
    for (int i = 0; i < int(model.diagram.notes.size()); ++i) {
        const Note &note = model.diagram.notes[i];
        if (isSensiblePosition(note.x, note.y))
            continue;
        out[i] = NodePosition{x, y, Json::object()};
        x += kNoteWidth + kRowGap;
    }
    return out;
}

NodePosition spotForNewElement(const Model &model, ElementKind kind, double x, double y)
{
    // Each column's left edge (the leftmost node of it) and the lowest node of
    // the new element's column; the top row of the whole diagram.
    std::map<int, double> columnX;
    std::optional<double> lowest;
    std::optional<double> top;
    const int column = layoutColumn(kind);
    for (const auto &[id, p] : model.diagram.nodes) {
        const std::optional<ElementKind> k = model.kindOf(id);
        if (!k || !isSensiblePosition(p.x, p.y))
            continue;
        const int c = layoutColumn(*k);
        columnX[c] = columnX.count(c) ? std::min(columnX[c], p.x) : p.x;
        top = top ? std::min(*top, p.y) : p.y;
        if (c == column)
            lowest = lowest ? std::max(*lowest, p.y) : p.y;
    }
    if (columnX.empty())
        return freeSpotNear(model, x, y);
    if (lowest)
        return freeSpotNear(model, columnX[column], *lowest + kRowStep);
    // No node of its column yet: a column's width beside the nearest column there is.
    int nearest = columnX.begin()->first;
    for (const auto &[c, left] : columnX) {
        if (std::abs(c - column) < std::abs(nearest - column))
            nearest = c;
    }
    return freeSpotNear(model, columnX[nearest] + (column - nearest) * (kNodeWidth + kColumnGap), *top);
}

NodePosition freeSpotNear(const Model &model, double x, double y)
{
    constexpr double gap = 16;
    std::vector<std::array<double, 4>> obstacles;
    for (const auto &[id, p] : model.diagram.nodes) {
        if (model.kindOf(id) && isSensiblePosition(p.x, p.y))
            obstacles.push_back({p.x, p.y, kNodeWidth, kNodeHeight});
    }
    for (const Note &note : model.diagram.notes) {
        if (isSensiblePosition(note.x, note.y))
            obstacles.push_back({note.x, note.y, kNoteWidth, kNoteHeight});
    }
    auto isFree = [&](double cx, double cy) {
        for (const auto &[ox, oy, w, h] : obstacles) {
            if (cx < ox + w + gap && ox < cx + kNodeWidth + gap && cy < oy + h + gap
                && oy < cy + kNodeHeight + gap)
                return false;
        }
        return true;
    };
    // Candidates on a grid around the wished spot, nearest first.
    const double stepX = kNodeWidth / 2 + gap;
    const double stepY = kNodeHeight / 2 + gap;
    for (int ring = 0; ring <= 60; ++ring) {
        std::vector<std::pair<double, double>> candidates;
        for (int i = -ring; i <= ring; ++i) {
            for (int j = -ring; j <= ring; ++j) {
                if (std::max(std::abs(i), std::abs(j)) == ring)
                    candidates.emplace_back(x + i * stepX, y + j * stepY);
            }
        }
        std::stable_sort(candidates.begin(), candidates.end(), [&](const auto &a, const auto &b) {
            return std::hypot(a.first - x, a.second - y) < std::hypot(b.first - x, b.second - y);
        });
        for (const auto &[cx, cy] : candidates) {
            if (isFree(cx, cy) && isSensiblePosition(cx, cy))
                return NodePosition{std::round(cx), std::round(cy), Json::object()};
        }
    }
    return NodePosition{std::round(x), std::round(y), Json::object()};
}

} // namespace cqrs
