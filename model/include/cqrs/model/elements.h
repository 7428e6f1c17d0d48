#pragma once

#include "cqrs/model/model.h"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cqrs {

/// A typed copy of any one element of a model (what undo commands and the
/// clipboard carry around).
using AnyElement = std::variant<Aggregate, Command, Event, ReadModel, Policy, Query>;

const std::string &elementId(const AnyElement &element);
const std::string &elementName(const AnyElement &element);
ElementKind elementKind(const AnyElement &element);
void setElementId(AnyElement &element, const std::string &id);

/// All element kinds, in the order the canvas columns and the palette use.
inline constexpr ElementKind kAllElementKinds[]
    = {ElementKind::Command,   ElementKind::Aggregate, ElementKind::Event,
       ElementKind::ReadModel, ElementKind::Policy,    ElementKind::Query};

/// Copy of the element with this id, if there is one.
std::optional<AnyElement> findElement(const Model &model, const std::string &id);
/// Index of the element inside its kind's list, or -1.
int elementIndex(const Model &model, const std::string &id);
/// Inserts at index (clamped) into the list of the element's kind.
void insertElement(Model &model, const AnyElement &element, int index);
/// Removes and returns the element with this id.
std::optional<AnyElement> takeElement(Model &model, const std::string &id, int *index = nullptr);
/// Replaces the element with the same id; false when there is none.
bool replaceElement(Model &model, const AnyElement &element);
/// Every element id of the model, in kind order then list order.
std::vector<std::string> allElementIds(const Model &model);
std::vector<std::string> idsOfKind(const Model &model, ElementKind kind);

/// A fresh element of this kind: a name no other element of its kind has
/// ("View", "View 2", ...), an id derived from it, and values that make a
/// first run show something (a handler time, a projection delay, ...).
AnyElement makeElement(const Model &model, ElementKind kind);
/// An id that no element of the model uses yet: base, base-2, base-3...
std::string uniqueId(const Model &model, const std::string &base,
                     const std::vector<std::string> &alsoTaken = {});
/// An element given an id of its own by giveDuplicatesTheirOwnIds().
struct IdRepair
{
    std::string pointer; ///< the element in the file, e.g. "/readModels/2"
    std::string from;    ///< the id it shared
    std::string to;      ///< its own now
};
/// A repair for a file edited by hand: each element whose id an element
/// before it in the file already has gets one of its own (uniqueId()), so
/// that the canvas can show, select and edit it. References keep meaning the
/// first. Elements without an id are left alone.
std::vector<IdRepair> giveDuplicatesTheirOwnIds(Model &model);
/// A name no element of this kind has yet: base, "base 2", "base 3"...
std::string uniqueName(const Model &model, ElementKind kind, const std::string &base);
/// The id a name suggests: "UserView" and "User view" give "user-view";
/// empty when the name has no letter or digit.
std::string idFromName(const std::string &name);
/// The id element `selfId` would get from `name`: idFromName(name), made
/// unique among the other elements; `selfId` itself when that is what the
/// name suggests, or when the name suggests nothing.
std::string idForName(const Model &model, const std::string &name, const std::string &selfId);
/// Whether `id` looks derived from `name` (idFromName, perhaps with "-N").
bool idFollowsName(const std::string &id, const std::string &name);

/// The relations between elements, as the canvas draws them (DESIGN section 6).
struct Connection
{
    enum class Kind {
        Emits,      ///< command -> event
        Subscribes, ///< event -> read model or policy
        Issues,     ///< policy -> command
        Serves,     ///< read model -> query
        Handles,    ///< command -> aggregate (the command's aggregate)
        BelongsTo,  ///< event -> aggregate
        FollowUp,   ///< command -> query
        Validates,  ///< command -> read model (validatesAgainst)
    };
    std::string from;
    std::string to;
    Kind kind = Kind::Emits;

    /// The element that stores the reference.
    const std::string &owner() const;
    /// "cmd>emits>evt": stable key for maps of edge items.
    std::string key() const;
    bool operator==(const Connection &) const = default;
};

const char *connectionLabel(Connection::Kind kind);

/// Every connection of the model (references that point to existing elements).
std::vector<Connection> connectionsOf(const Model &model);

struct ConnectionCheck
{
    bool ok = false;
    Connection connection;
    std::string reason; ///< why not, when !ok
    /// The element the owner refers to now and will no longer, when the
    /// reference holds one id only (a query reads one read model, a policy
    /// issues one command, a command or event has one aggregate).
    std::string replaces;
};

/// Whether dragging from `from` to `to` makes a meaningful connection. A drag
/// from a query to a read model, or from an aggregate to a command or event,
/// is the connection the other way round (`connection` holds it its own way).
ConnectionCheck checkConnection(const Model &model, const std::string &from, const std::string &to);

/// The owner element with the connection added / removed (a copy; the model
/// is not changed).
std::optional<AnyElement> withConnection(const Model &model, const Connection &connection);
std::optional<AnyElement> withoutConnection(const Model &model, const Connection &connection);

/// Drops every reference to `id` from a copy of `element`; true if anything changed.
bool removeReferencesTo(AnyElement &element, const std::string &id);
/// Renames references in a copy of `element`; true if anything changed.
bool renameReferences(AnyElement &element, const std::string &from, const std::string &to);
/// Whether `element` references `id` anywhere.
bool referencesId(const AnyElement &element, const std::string &id);
/// Renames an element and every reference to it, its diagram position, and
/// the paths of the model's experiments that name it.
void renameInModel(Model &model, const std::string &from, const std::string &to);
/// A `--set` path with element `from` (of `kind`) named `to`
/// ("readModels.a.consumers" -> "readModels.b.consumers", and its diagram
/// place "diagram.nodes.a.x"); any other path as it is.
std::string renamedSetPath(const std::string &path, ElementKind kind, const std::string &from,
                           const std::string &to);
/// Renames element `from` (of `kind`) to `to` in an experiment: in its paths
/// and in the values of its reference fields ("queries.q.readModel" =
/// "a", a list of subscribed events, a follow-up's "query"). True if
/// anything changed.
bool renameInExperiment(Experiment &experiment, ElementKind kind, const std::string &from,
                        const std::string &to);

} // namespace cqrs
