#pragma once

#include <cqrs/model/model.h>

#include <map>
#include <string>

namespace cqrs {

/// Size of a node on the canvas and the spacing of the automatic layout.
inline constexpr double kNodeWidth = 170;
inline constexpr double kNodeHeight = 76;
inline constexpr double kColumnGap = 120;
inline constexpr double kRowGap = 36;

/// How far from the origin a node or note may sit. A position beyond it (or
/// not a number) counts as missing: a damaged or hand-edited file must never
/// put a node out of reach of the view.
inline constexpr double kCanvasExtent = kDiagramExtent;

/// True when (x, y) is a finite point within kCanvasExtent of the origin.
bool isSensiblePosition(double x, double y);

/// The column of each kind, left to right: aggregates, commands, events,
/// read models and policies, queries.
int layoutColumn(ElementKind kind);

/// Positions (top-left corners) for every element: one column per kind, rows
/// ordered so that connected elements sit at similar heights.
std::map<std::string, NodePosition> layoutModel(const Model &model);

/// Positions for the elements that have none (or no sensible one, see
/// isSensiblePosition()), keeping every other; the whole layout when no
/// element has a sensible position.
std::map<std::string, NodePosition> positionsForUnplaced(const Model &model);

/// Positions for the notes whose position is not sensible: below the nodes.
std::map<int, NodePosition> notePositionsForUnplaced(const Model &model);

/// The top-left corner nearest to (x, y) where a new node overlaps no node
/// and no note of the model (with a gap around it).
NodePosition freeSpotNear(const Model &model, double x, double y);

/// Where a new element of `kind` goes: in its kind's column of the nodes
/// already placed (below the lowest of its kind, or on the top row at the
/// column's place beside its neighbours), so that what it will connect to
/// sits left and right of it; (x, y) in an empty model. Free of every node
/// and note (freeSpotNear()).
NodePosition spotForNewElement(const Model &model, ElementKind kind, double x, double y);

} // namespace cqrs
