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

/// The column of each kind, left to right: aggregates, commands, events,
/// read models and policies, queries.
int layoutColumn(ElementKind kind);

/// Positions (top-left corners) for every element: one column per kind, rows
/// ordered so that connected elements sit at similar heights.
std::map<std::string, NodePosition> layoutModel(const Model &model);

/// Positions for the elements that have none, keeping every existing one;
/// the whole layout when no element has a position.
std::map<std::string, NodePosition> positionsForUnplaced(const Model &model);

} // namespace cqrs
