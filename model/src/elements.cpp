#include "cqrs/model/elements.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string_view>

namespace cqrs {

namespace {

template<typename T>
std::vector<T> &listOf(Model &model)
{
    if constexpr (std::is_same_v<T, Aggregate>)
        return model.aggregates;
    else if constexpr (std::is_same_v<T, Command>)
        return model.commands;
    else if constexpr (std::is_same_v<T, Event>)
        return model.events;
    else if constexpr (std::is_same_v<T, ReadModel>)
        return model.readModels;
    else if constexpr (std::is_same_v<T, Policy>)
        return model.policies;
    else
        return model.queries;
}

template<typename T>
const std::vector<T> &listOf(const Model &model)
{
    return listOf<T>(const_cast<Model &>(model));
}

template<typename T>
int indexIn(const std::vector<T> &list, const std::string &id)
{
    const auto it = std::find_if(list.begin(), list.end(), [&](const T &e) { return e.id == id; });
    return it == list.end() ? -1 : int(it - list.begin());
}

// Calls f(list) for the list of each kind until f returns true.
template<typename F>
bool forEachList(const Model &model, F &&f)
{
    return f(model.aggregates) || f(model.commands) || f(model.events) || f(model.readModels)
           || f(model.policies) || f(model.queries);
}

bool eraseId(std::vector<std::string> &ids, const std::string &id)
{
    const auto size = ids.size();
    std::erase(ids, id);
    return ids.size() != size;
}

bool renameIn(std::string &ref, const std::string &from, const std::string &to)
{
    if (ref != from)
        return false;
    ref = to;
    return true;
}

bool renameInList(std::vector<std::string> &ids, const std::string &from, const std::string &to)
{
    bool changed = false;
    for (std::string &ref : ids)
        changed |= renameIn(ref, from, to);
    return changed;
}

bool contains(const std::vector<std::string> &ids, const std::string &id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

const std::string kEmpty;

} // namespace

const std::string &elementId(const AnyElement &element)
{
    return std::visit([](const auto &e) -> const std::string & { return e.id; }, element);
}

const std::string &elementName(const AnyElement &element)
{
    return std::visit([](const auto &e) -> const std::string & { return e.name; }, element);
}

void setElementId(AnyElement &element, const std::string &id)
{
    std::visit([&](auto &e) { e.id = id; }, element);
}

ElementKind elementKind(const AnyElement &element)
{
    static constexpr ElementKind kinds[]
        = {ElementKind::Aggregate, ElementKind::Command, ElementKind::Event,
           ElementKind::ReadModel, ElementKind::Policy,  ElementKind::Query};
    return kinds[element.index()];
}

std::optional<AnyElement> findElement(const Model &model, const std::string &id)
{
    std::optional<AnyElement> result;
    forEachList(model, [&](const auto &list) {
        const int index = indexIn(list, id);
        if (index >= 0)
            result = AnyElement(list[index]);
        return index >= 0;
    });
    return result;
}

int elementIndex(const Model &model, const std::string &id)
{
    int result = -1;
    forEachList(model, [&](const auto &list) {
        result = indexIn(list, id);
        return result >= 0;
    });
    return result;
}

void insertElement(Model &model, const AnyElement &element, int index)
{
    std::visit(
        [&](const auto &e) {
            auto &list = listOf<std::decay_t<decltype(e)>>(model);
            const int at = std::clamp(index < 0 ? int(list.size()) : index, 0, int(list.size()));
            list.insert(list.begin() + at, e);
        },
        element);
}

std::optional<AnyElement> takeElement(Model &model, const std::string &id, int *index)
{
    std::optional<AnyElement> result;
    auto take = [&](auto &list) {
        const int i = indexIn(list, id);
        if (i < 0)
            return false;
        result = AnyElement(list[i]);
        list.erase(list.begin() + i);
        if (index)
            *index = i;
        return true;
    };
    take(model.aggregates) || take(model.commands) || take(model.events) || take(model.readModels)
        || take(model.policies) || take(model.queries);
    return result;
}

bool replaceElement(Model &model, const AnyElement &element)
{
    return std::visit(
        [&](const auto &e) {
            auto &list = listOf<std::decay_t<decltype(e)>>(model);
            const int i = indexIn(list, e.id);
            if (i < 0)
                return false;
            list[i] = e;
            return true;
        },
        element);
}

std::vector<std::string> idsOfKind(const Model &model, ElementKind kind)
{
    std::vector<std::string> ids;
    auto collect = [&](const auto &list) {
        for (const auto &e : list)
            ids.push_back(e.id);
    };
    switch (kind) {
    case ElementKind::Aggregate:
        collect(model.aggregates);
        break;
    case ElementKind::Command:
        collect(model.commands);
        break;
    case ElementKind::Event:
        collect(model.events);
        break;
    case ElementKind::ReadModel:
        collect(model.readModels);
        break;
    case ElementKind::Policy:
        collect(model.policies);
        break;
    case ElementKind::Query:
        collect(model.queries);
        break;
    }
    return ids;
}

std::vector<std::string> allElementIds(const Model &model)
{
    std::vector<std::string> ids;
    for (ElementKind kind : kAllElementKinds) {
        const auto some = idsOfKind(model, kind);
        ids.insert(ids.end(), some.begin(), some.end());
    }
    return ids;
}

std::string uniqueId(const Model &model, const std::string &base,
                     const std::vector<std::string> &alsoTaken)
{
    auto taken = [&](const std::string &id) {
        return model.kindOf(id).has_value() || contains(alsoTaken, id);
    };
    if (!taken(base))
        return base;
    for (int n = 2;; ++n) {
        const std::string candidate = base + "-" + std::to_string(n);
        if (!taken(candidate))
            return candidate;
    }
}

std::vector<IdRepair> giveDuplicatesTheirOwnIds(Model &model)
{
    std::vector<IdRepair> repairs;
    std::set<std::string> seen;
    std::vector<std::string> given;
    const auto visit = [&](auto &list, const char *key) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            std::string &id = list[i].id;
            if (id.empty() || seen.insert(id).second)
                continue;
            std::string own = uniqueId(model, id, given);
            given.push_back(own);
            seen.insert(own);
            repairs.push_back({"/" + std::string(key) + "/" + std::to_string(i), id, own});
            id = std::move(own);
        }
    };
    // In the file's order: the first to have an id keeps it.
    visit(model.aggregates, "aggregates");
    visit(model.commands, "commands");
    visit(model.events, "events");
    visit(model.readModels, "readModels");
    visit(model.policies, "policies");
    visit(model.queries, "queries");
    return repairs;
}

std::string uniqueName(const Model &model, ElementKind kind, const std::string &base)
{
    std::vector<std::string> names;
    for (const std::string &id : idsOfKind(model, kind))
        names.push_back(elementName(*findElement(model, id)));
    if (!contains(names, base))
        return base;
    for (int n = 2;; ++n) {
        const std::string candidate = base + " " + std::to_string(n);
        if (!contains(names, candidate))
            return candidate;
    }
}

std::string idFromName(const std::string &name)
{
    auto isLower = [](char c) {
        return c >= 'a' && c <= 'z';
    };
    auto isUpper = [](char c) {
        return c >= 'A' && c <= 'Z';
    };
    auto isDigit = [](char c) {
        return c >= '0' && c <= '9';
    };
    std::string id;
    bool separate = false;
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (!isLower(c) && !isUpper(c) && !isDigit(c)) {
            separate = !id.empty();
            continue;
        }
        // Word starts inside CamelCase: "userView", "HTTPServer" (the S).
        if (isUpper(c) && i > 0) {
            const char before = name[i - 1];
            const bool nextLower = i + 1 < name.size() && isLower(name[i + 1]);
            if (isLower(before) || isDigit(before) || (isUpper(before) && nextLower))
                separate = !id.empty();
        }
        if (separate)
            id += '-';
        separate = false;
        id += isUpper(c) ? char(c - 'A' + 'a') : c;
    }
    return id;
}

std::string idForName(const Model &model, const std::string &name, const std::string &selfId)
{
    const std::string base = idFromName(name);
    if (base.empty())
        return selfId;
    auto takenByOther = [&](const std::string &id) {
        return id != selfId && model.kindOf(id).has_value();
    };
    if (!takenByOther(base))
        return base;
    for (int n = 2;; ++n) {
        const std::string candidate = base + "-" + std::to_string(n);
        if (!takenByOther(candidate))
            return candidate;
    }
}

bool idFollowsName(const std::string &id, const std::string &name)
{
    const std::string base = idFromName(name);
    if (base.empty())
        return false;
    if (id == base)
        return true;
    if (id.size() <= base.size() + 1 || id.compare(0, base.size(), base) != 0
        || id[base.size()] != '-')
        return false;
    return std::all_of(id.begin() + std::ptrdiff_t(base.size() + 1), id.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

AnyElement makeElement(const Model &model, ElementKind kind)
{
    // A lone aggregate is the obvious owner of a new command or event.
    const std::string soleAggregate
        = model.aggregates.size() == 1 ? model.aggregates.front().id : std::string();
    // Short enough to fit a node with a number behind it ("ThingHappened 12").
    auto named = [&](auto element, const char *base) {
        element.name = uniqueName(model, kind, base);
        element.id = idForName(model, element.name, std::string());
        return AnyElement(std::move(element));
    };
    switch (kind) {
    case ElementKind::Aggregate:
        return named(Aggregate{}, "Aggregate");
    case ElementKind::Command: {
        Command c;
        c.aggregate = soleAggregate;
        c.share = 1.0;
        c.handlerTime = Distribution::exponential(0.005);
        return named(std::move(c), "DoSomething");
    }
    case ElementKind::Event: {
        Event e;
        e.aggregate = soleAggregate;
        return named(std::move(e), "ThingHappened");
    }
    case ElementKind::ReadModel: {
        ReadModel r;
        r.update.delay = Distribution::exponential(0.1);
        r.applyTime = Distribution::constant(0.001);
        return named(std::move(r), "View");
    }
    case ElementKind::Policy: {
        Policy p;
        p.update.delay = Distribution::exponential(0.1);
        p.applyTime = Distribution::constant(0.001);
        return named(std::move(p), "Policy");
    }
    case ElementKind::Query:
        break;
    }
    Query q;
    q.share = 1.0;
    q.readTime = Distribution::constant(0.002);
    return named(std::move(q), "GetSomething");
}

const std::string &Connection::owner() const
{
    switch (kind) {
    case Kind::Subscribes:
    case Kind::Serves:
        return to;
    default:
        return from;
    }
}

std::string Connection::key() const
{
    return from + ">" + connectionLabel(kind) + ">" + to;
}

const char *connectionLabel(Connection::Kind kind)
{
    switch (kind) {
    case Connection::Kind::Emits:
        return "emits";
    case Connection::Kind::Subscribes:
        return "subscribes";
    case Connection::Kind::Issues:
        return "issues";
    case Connection::Kind::Serves:
        return "serves";
    case Connection::Kind::Handles:
        return "on";
    case Connection::Kind::BelongsTo:
        return "of";
    case Connection::Kind::FollowUp:
        return "follow-up";
    case Connection::Kind::Validates:
        return "validates";
    }
    return "";
}

std::vector<Connection> connectionsOf(const Model &model)
{
    using K = Connection::Kind;
    std::vector<Connection> result;
    auto add = [&](const std::string &from, const std::string &to, K kind) {
        if (!from.empty() && !to.empty() && model.kindOf(from) && model.kindOf(to))
            result.push_back({from, to, kind});
    };
    for (const Command &c : model.commands) {
        add(c.id, c.aggregate, K::Handles);
        for (const std::string &e : c.emits)
            add(c.id, e, K::Emits);
        if (c.followUp)
            add(c.id, c.followUp->query, K::FollowUp);
        add(c.id, c.validatesAgainst, K::Validates);
    }
    for (const Event &e : model.events)
        add(e.id, e.aggregate, K::BelongsTo);
    for (const ReadModel &r : model.readModels) {
        for (const std::string &e : r.subscribes)
            add(e, r.id, K::Subscribes);
    }
    for (const Policy &p : model.policies) {
        for (const std::string &e : p.subscribes)
            add(e, p.id, K::Subscribes);
        add(p.id, p.issues, K::Issues);
    }
    for (const Query &q : model.queries)
        add(q.readModel, q.id, K::Serves);
    return result;
}

ConnectionCheck checkConnection(const Model &model, const std::string &from, const std::string &to)
{
    using K = Connection::Kind;
    ConnectionCheck check;
    const auto fromKind = model.kindOf(from);
    const auto toKind = model.kindOf(to);
    if (!fromKind || !toKind) {
        check.reason = "Drop the connection on another element.";
        return check;
    }
    if (from == to) {
        check.reason = "An element cannot connect to itself.";
        return check;
    }
    check.connection = {from, to, K::Emits};
    auto refuse = [&](const std::string &why) {
        check.reason = why;
        return check;
    };
    const std::string pair
        = std::string(toString(*fromKind)) + " -> " + std::string(toString(*toKind));
    switch (*fromKind) {
    case ElementKind::Command:
        if (*toKind == ElementKind::Event) {
            if (contains(model.command(from)->emits, to))
                return refuse("The command already emits this event.");
            check.connection.kind = K::Emits;
        } else if (*toKind == ElementKind::Aggregate) {
            if (model.command(from)->aggregate == to)
                return refuse("The command already handles this aggregate.");
            check.connection.kind = K::Handles;
            check.replaces = model.command(from)->aggregate;
        } else {
            return refuse("A " + pair
                          + " connection means nothing: a command emits events or belongs to an "
                            "aggregate.");
        }
        break;
    case ElementKind::Event:
        if (*toKind == ElementKind::ReadModel || *toKind == ElementKind::Policy) {
            const auto &subscribes = *toKind == ElementKind::ReadModel
                                         ? model.readModel(to)->subscribes
                                         : model.policy(to)->subscribes;
            if (contains(subscribes, from))
                return refuse("It already subscribes to this event.");
            check.connection.kind = K::Subscribes;
        } else if (*toKind == ElementKind::Aggregate) {
            if (model.event(from)->aggregate == to)
                return refuse("The event already belongs to this aggregate.");
            check.connection.kind = K::BelongsTo;
            check.replaces = model.event(from)->aggregate;
        } else {
            return refuse("A " + pair
                          + " connection means nothing: read models and policies subscribe to "
                            "events.");
        }
        break;
    case ElementKind::Policy:
        if (*toKind != ElementKind::Command)
            return refuse("A " + pair + " connection means nothing: a policy issues a command.");
        if (model.policy(from)->issues == to)
            return refuse("The policy already issues this command.");
        check.connection.kind = K::Issues;
        check.replaces = model.policy(from)->issues;
        break;
    case ElementKind::ReadModel:
        if (*toKind != ElementKind::Query)
            return refuse("A " + pair + " connection means nothing: a read model serves queries.");
        if (model.query(to)->readModel == from)
            return refuse("The read model already serves this query.");
        check.connection.kind = K::Serves;
        check.replaces = model.query(to)->readModel;
        break;
    // Drawn the other way round: the same connection.
    case ElementKind::Aggregate:
        if (*toKind == ElementKind::Command || *toKind == ElementKind::Event)
            return checkConnection(model, to, from);
        return refuse("A " + pair
                      + " connection means nothing: commands and events belong to an aggregate.");
    case ElementKind::Query:
        if (*toKind == ElementKind::ReadModel)
            return checkConnection(model, to, from);
        return refuse("A " + pair + " connection means nothing: a query reads a read model.");
    }
    check.ok = true;
    return check;
}

std::optional<AnyElement> withConnection(const Model &model, const Connection &connection)
{
    using K = Connection::Kind;
    auto owner = findElement(model, connection.owner());
    if (!owner)
        return std::nullopt;
    switch (connection.kind) {
    case K::Emits:
        if (auto *c = std::get_if<Command>(&*owner); c && !contains(c->emits, connection.to))
            c->emits.push_back(connection.to);
        break;
    case K::Subscribes:
        if (auto *r = std::get_if<ReadModel>(&*owner);
            r && !contains(r->subscribes, connection.from))
            r->subscribes.push_back(connection.from);
        if (auto *p = std::get_if<Policy>(&*owner); p && !contains(p->subscribes, connection.from))
            p->subscribes.push_back(connection.from);
        break;
    case K::Issues:
        if (auto *p = std::get_if<Policy>(&*owner))
            p->issues = connection.to;
        break;
    case K::Serves:
        if (auto *q = std::get_if<Query>(&*owner))
            q->readModel = connection.from;
        break;
    case K::Handles:
        if (auto *c = std::get_if<Command>(&*owner))
            c->aggregate = connection.to;
        break;
    case K::BelongsTo:
        if (auto *e = std::get_if<Event>(&*owner))
            e->aggregate = connection.to;
        break;
    case K::FollowUp:
        if (auto *c = std::get_if<Command>(&*owner)) {
            // Built in place: assigning a temporary FollowUp{} makes GCC 12 at -O2
            // warn (-Wmaybe-uninitialized) about the temporary's Json member.
            if (!c->followUp)
                c->followUp.emplace();
            c->followUp->query = connection.to;
        }
        break;
    case K::Validates:
        if (auto *c = std::get_if<Command>(&*owner))
            c->validatesAgainst = connection.to;
        break;
    }
    return owner;
}

std::optional<AnyElement> withoutConnection(const Model &model, const Connection &connection)
{
    using K = Connection::Kind;
    auto owner = findElement(model, connection.owner());
    if (!owner)
        return std::nullopt;
    const std::string &other
        = connection.owner() == connection.from ? connection.to : connection.from;
    switch (connection.kind) {
    case K::Emits:
        if (auto *c = std::get_if<Command>(&*owner))
            eraseId(c->emits, other);
        break;
    case K::Subscribes:
        if (auto *r = std::get_if<ReadModel>(&*owner))
            eraseId(r->subscribes, other);
        if (auto *p = std::get_if<Policy>(&*owner))
            eraseId(p->subscribes, other);
        break;
    case K::Issues:
    case K::Serves:
    case K::Handles:
    case K::BelongsTo:
    case K::FollowUp:
    case K::Validates:
        removeReferencesTo(*owner, other);
        break;
    }
    return owner;
}

bool referencesId(const AnyElement &element, const std::string &id)
{
    AnyElement copy = element;
    return removeReferencesTo(copy, id);
}

bool removeReferencesTo(AnyElement &element, const std::string &id)
{
    auto clear = [&](std::string &ref) {
        if (ref != id)
            return false;
        ref.clear();
        return true;
    };
    return std::visit(
        [&](auto &e) {
            using T = std::decay_t<decltype(e)>;
            bool changed = false;
            if constexpr (std::is_same_v<T, Command>) {
                changed |= clear(e.aggregate);
                changed |= eraseId(e.emits, id);
                changed |= clear(e.validatesAgainst);
                if (e.followUp && e.followUp->query == id) {
                    e.followUp.reset();
                    changed = true;
                }
            } else if constexpr (std::is_same_v<T, Event>) {
                changed |= clear(e.aggregate);
            } else if constexpr (std::is_same_v<T, ReadModel>) {
                changed |= eraseId(e.subscribes, id);
            } else if constexpr (std::is_same_v<T, Policy>) {
                changed |= eraseId(e.subscribes, id);
                changed |= clear(e.issues);
            } else if constexpr (std::is_same_v<T, Query>) {
                changed |= clear(e.readModel);
            }
            return changed;
        },
        element);
}

bool renameReferences(AnyElement &element, const std::string &from, const std::string &to)
{
    return std::visit(
        [&](auto &e) {
            using T = std::decay_t<decltype(e)>;
            bool changed = false;
            if constexpr (std::is_same_v<T, Command>) {
                changed |= renameIn(e.aggregate, from, to);
                changed |= renameInList(e.emits, from, to);
                changed |= renameIn(e.validatesAgainst, from, to);
                if (e.followUp)
                    changed |= renameIn(e.followUp->query, from, to);
            } else if constexpr (std::is_same_v<T, Event>) {
                changed |= renameIn(e.aggregate, from, to);
            } else if constexpr (std::is_same_v<T, ReadModel>) {
                changed |= renameInList(e.subscribes, from, to);
            } else if constexpr (std::is_same_v<T, Policy>) {
                changed |= renameInList(e.subscribes, from, to);
                changed |= renameIn(e.issues, from, to);
            } else if constexpr (std::is_same_v<T, Query>) {
                changed |= renameIn(e.readModel, from, to);
            }
            return changed;
        },
        element);
}

std::string renamedSetPath(const std::string &path, ElementKind kind, const std::string &from,
                           const std::string &to)
{
    // "readModels.user-view.consumers": the kind's list, then the id (ids
    // hold no dot); "diagram.nodes.user-view.x": any kind's place.
    for (const std::string_view list : {sectionName(kind), std::string_view("diagram.nodes")}) {
        if (!path.starts_with(list) || path.size() <= list.size() || path[list.size()] != '.')
            continue;
        const std::size_t start = list.size() + 1;
        const std::size_t end = std::min(path.find('.', start), path.size());
        if (std::string_view(path).substr(start, end - start) == from)
            return path.substr(0, start) + to + path.substr(end);
    }
    return path;
}

bool renameInExperiment(Experiment &experiment, ElementKind kind, const std::string &from,
                        const std::string &to)
{
    // The fields whose values are ids (DESIGN section 2).
    static constexpr std::string_view kReferences[]
        = {"aggregate", "emits", "subscribes", "issues", "readModel", "validatesAgainst", "query"};
    const auto isReference = [](std::string_view field) {
        return std::find(std::begin(kReferences), std::end(kReferences), field)
               != std::end(kReferences);
    };
    bool changed = false;
    const auto renameValue = [&](Json &value, std::string_view field) {
        if (!isReference(field))
            return;
        if (value.is_string() && value.get_ref<const std::string &>() == from) {
            value = to;
            changed = true;
        } else if (value.is_array()) {
            for (Json &item : value) {
                if (item.is_string() && item.get_ref<const std::string &>() == from) {
                    item = to;
                    changed = true;
                }
            }
        }
    };
    for (auto &[path, value] : experiment.set) {
        if (std::string renamed = renamedSetPath(path, kind, from, to); renamed != path) {
            path = std::move(renamed);
            changed = true;
        }
        // "queries.q.readModel" = "user-view", "commands.c.followUp" = {"query": ...}
        const std::size_t dot = path.rfind('.');
        renameValue(value, dot == std::string::npos ? std::string_view(path)
                                                    : std::string_view(path).substr(dot + 1));
        if (value.is_object()) {
            for (auto it = value.begin(); it != value.end(); ++it)
                renameValue(it.value(), it.key());
        }
    }
    return changed;
}

void renameInModel(Model &model, const std::string &from, const std::string &to)
{
    // The model's experiments name elements in their paths: they follow, or
    // Things to Try and `--set` with the same paths would stop working.
    if (const std::optional<ElementKind> kind = model.kindOf(from)) {
        for (Experiment &experiment : model.experiments)
            renameInExperiment(experiment, *kind, from, to);
    }
    for (const std::string &id : allElementIds(model)) {
        auto element = findElement(model, id);
        bool changed = renameReferences(*element, from, to);
        if (id == from) {
            replaceElement(model, *element); // references to itself first
            setElementId(*element, to);
            int index = -1;
            takeElement(model, from, &index);
            insertElement(model, *element, index);
        } else if (changed) {
            replaceElement(model, *element);
        }
    }
    auto node = model.diagram.nodes.extract(from);
    if (!node.empty()) {
        node.key() = to;
        model.diagram.nodes.insert(std::move(node));
    }
}

} // namespace cqrs
