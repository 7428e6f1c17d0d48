// The model file's fields, one table per object kind: each field's name in
// the documented (DESIGN) order, how the loader reads it and how the
// canonical writer writes it or leaves it out at its default. The loader
// (modeljson.cpp) with its unknown-field check, the --set path check
// (modelset.cpp, knownAt()), knownModelFields() and the writer
// (modelwriter.cpp) all work from these tables: a new field is one line here.
#include "cqrs/model/challenge.h"
#include "cqrs/model/modeljson.h"
#include "modeljson_p.h"
#include "modelreader_p.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

namespace cqrs {

namespace detail {

namespace {

// ---------------------------------------------------------------------------
// Descriptors

/// The object a field is read from: its JSON value, its path, and the id its
/// diagnostics name (the element's own id, or the element it belongs to).
struct Site
{
    const Json &object;
    const std::string &path;
    const std::string &id;
};

/// When the writer writes a field: always, or only when it differs from the
/// value a default-constructed object has.
enum class Write { Always, UnlessDefault };

/// Whether the loader requires a field, and the hint its "missing" message gives.
struct Need
{
    bool required = false;
    std::string_view hint;
};

constexpr Need kOptional{};

constexpr Need required(std::string_view hint = {})
{
    return Need{true, hint};
}

template<typename T>
struct FieldDef;

template<typename T>
using ReadFn = void (*)(Reader &, const FieldDef<T> &, const Site &, T &);
template<typename T>
using WriteFn = void (*)(const FieldDef<T> &, const T &, Json &);
using KnownFn = void (*)(const std::string &, std::vector<KnownDef> &);

/// One field of an object of type T.
template<typename T>
struct FieldDef
{
    std::string_view name;
    Need need;
    Write when = Write::UnlessDefault;
    /// Reads the field, when present, into `out`, with the loader's diagnostics.
    ReadFn<T> read = nullptr;
    /// Adds the field to `out` unless the writer leaves it out.
    WriteFn<T> write = nullptr;
    /// For a field that holds objects: adds the known objects at `path` and below.
    KnownFn known = nullptr;
    /// A whole number's allowed values, for a value out of 64 bits' range:
    /// "a whole number from 1 to 10,000,000" (what validation would say).
    std::string_view range;

    std::string key() const { return std::string(name); }
};

/// One object kind: what messages call it, its fields in documented order,
/// and where its unknown fields are kept.
template<typename T>
struct ObjectDef
{
    using Type = T;
    std::string_view what;
    std::span<const FieldDef<T>> fields;
    FieldList names;
    Json T::*extra = nullptr;
    /// An element: its own "id" labels the diagnostics of its fields.
    bool element = false;
};

/// The names of a field table, in its order (the unknown-field check's list).
template<const auto &Fields>
inline constexpr auto kNamesOf = [] {
    std::array<std::string_view, std::size(Fields)> names{};
    for (std::size_t i = 0; i < names.size(); ++i)
        names[i] = Fields[i].name;
    return names;
}();

template<typename T>
bool readObject(Reader &reader, const ObjectDef<T> &def, const Json &value, const std::string &path,
                const std::string &ownerId, T &out)
{
    if (!reader.object(value, path, ownerId, def.names, out.*def.extra, def.what))
        return false;
    std::string id = ownerId;
    if (def.element) {
        if (const auto it = value.find("id"); it != value.end() && it->is_string())
            id = it->template get<std::string>();
    }
    const Site site{value, path, id};
    for (const FieldDef<T> &field : def.fields) {
        field.read(reader, field, site, out);
        if (reader.stopped)
            break;
    }
    return true;
}

template<typename T>
Json writeObject(const ObjectDef<T> &def, const T &in)
{
    Json out = Json::object();
    for (const FieldDef<T> &field : def.fields)
        field.write(field, in, out);
    appendExtra(out, in.*def.extra);
    return out;
}

template<typename T>
void collectKnown(const ObjectDef<T> &def, const std::string &path, std::vector<KnownDef> &out)
{
    out.push_back(KnownDef{path, def.names});
    for (const FieldDef<T> &field : def.fields) {
        if (field.known)
            field.known(childPath(path, field.name), out);
    }
}

// GCC 12 at -O3 warns that a JSON member of these defaults "may be used
// uninitialized" in the destructor on the path where constructing a later
// member throws: a false positive (nlohmann::json's destructor reads its type
// tag, which its constructor has set), and an error under -Werror.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
template<typename T>
[[gnu::noinline]] const T &defaultsOf()
{
    static const T defaults{};
    return defaults;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

template<typename T, auto Member>
bool atDefault(const T &in)
{
    return in.*Member == defaultsOf<T>().*Member;
}

/// Set while writeCompleteModelDocument() writes: no field is left out.
thread_local bool t_writeDefaults = false;

template<typename T, auto Member>
bool leftOut(const FieldDef<T> &field, const T &in)
{
    return !t_writeDefaults && field.when == Write::UnlessDefault && atDefault<T, Member>(in);
}

template<typename T>
struct IsOptional : std::false_type
{
};
template<typename T>
struct IsOptional<std::optional<T>> : std::true_type
{
};

// ---------------------------------------------------------------------------
// Field kinds: how a member of each type is read and written

template<typename T>
constexpr FieldDef<T> field(std::string_view name, Need need, Write when, ReadFn<T> read,
                            WriteFn<T> write, KnownFn known = nullptr)
{
    FieldDef<T> f;
    f.name = name;
    f.need = need;
    f.when = when;
    f.read = read;
    f.write = write;
    f.known = known;
    return f;
}

/// A string.
template<typename T, auto Member>
constexpr FieldDef<T> text(std::string_view name, Write when = Write::UnlessDefault,
                           Need need = kOptional)
{
    return field<T>(
        name, need, when,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            r.readString(s.object, f.name, s.path, s.id, out.*Member, f.need.required, f.need.hint);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            if (!leftOut<T, Member>(f, in))
                out[f.key()] = in.*Member;
        });
}

/// A finite number; whole values are written without ".0".
template<typename T, auto Member>
constexpr FieldDef<T> number(std::string_view name, Write when = Write::UnlessDefault,
                             Need need = kOptional)
{
    return field<T>(
        name, need, when,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            r.readDouble(s.object, f.name, s.path, s.id, out.*Member, f.need.required);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            if (!leftOut<T, Member>(f, in))
                out[f.key()] = jsonNumber(in.*Member);
        });
}

/// Workers, partitions and consumers (validation: 1 to kMaxServers).
constexpr std::string_view kServersRange = "a whole number from 1 to 100,000";

/// A whole number: an int (range checked) or a 64-bit integer. `range` says
/// the values allowed, for a value too large for the type.
template<typename T, auto Member>
constexpr FieldDef<T> whole(std::string_view name, std::string_view range)
{
    FieldDef<T> def = field<T>(
        name, kOptional, Write::UnlessDefault,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            auto &value = out.*Member;
            if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::int64_t>)
                r.readInt64(s.object, f.name, s.path, s.id, value,
                            std::numeric_limits<std::int64_t>::min(),
                            std::numeric_limits<std::int64_t>::max(), f.need.required, f.range);
            else
                r.readInt(s.object, f.name, s.path, s.id, value, f.range);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            if (!leftOut<T, Member>(f, in))
                out[f.key()] = in.*Member;
        });
    def.range = range;
    return def;
}

/// true or false.
template<typename T, auto Member>
constexpr FieldDef<T> flag(std::string_view name)
{
    return field<T>(
        name, kOptional, Write::UnlessDefault,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            r.readBool(s.object, f.name, s.path, s.id, out.*Member);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            if (!leftOut<T, Member>(f, in))
                out[f.key()] = in.*Member;
        });
}

/// One of an enum's names (toString / the listed values).
template<typename T, auto Member, const auto &Values>
constexpr FieldDef<T> choice(std::string_view name, Write when = Write::UnlessDefault,
                             Need need = kOptional)
{
    return field<T>(
        name, need, when,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            r.readEnum(s.object, f.name, s.path, s.id, out.*Member, Values, f.need.required);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            if (!leftOut<T, Member>(f, in))
                out[f.key()] = std::string(toString(in.*Member));
        });
}

/// A distribution (a number, or an object with "dist"): its own codec.
template<typename T, auto Member>
constexpr FieldDef<T> distribution(std::string_view name)
{
    return field<T>(
        name, kOptional, Write::UnlessDefault,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            r.readDistribution(s.object, f.name, s.path, s.id, out.*Member);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            if (!leftOut<T, Member>(f, in))
                out[f.key()] = distributionToJson(in.*Member);
        },
        [](const std::string &path, std::vector<KnownDef> &out) {
            out.push_back(KnownDef{path, kDistributionFields});
        });
}

/// An array of element ids.
template<typename T, auto Member>
constexpr FieldDef<T> ids(std::string_view name, Need need = kOptional)
{
    return field<T>(
        name, need, Write::Always,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            r.readIdList(s.object, f.name, s.path, s.id, out.*Member, f.need.required, f.need.hint);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            Json list = Json::array();
            for (const std::string &id : in.*Member)
                list.push_back(id);
            out[f.key()] = std::move(list);
        });
}

/// A nested object described by `Def`; a std::optional member is written
/// when it holds one.
template<typename T, auto Member, const auto &Def>
constexpr FieldDef<T> object(std::string_view name, Write when = Write::UnlessDefault,
                             Need need = kOptional)
{
    return field<T>(
        name, need, when,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            const Json *value
                = r.member(s.object, f.name, s.path, s.id, f.need.required, f.need.hint);
            if (!value)
                return;
            typename std::decay_t<decltype(Def)>::Type read;
            if (readObject(r, Def, *value, childPath(s.path, f.name), s.id, read))
                out.*Member = std::move(read);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            const auto &value = in.*Member;
            if constexpr (IsOptional<std::decay_t<decltype(value)>>::value) {
                if (value)
                    out[f.key()] = writeObject(Def, *value);
            } else if (!leftOut<T, Member>(f, in)) {
                out[f.key()] = writeObject(Def, value);
            }
        },
        [](const std::string &path, std::vector<KnownDef> &out) { collectKnown(Def, path, out); });
}

/// An array of objects described by `Def`. A top-level element list marks
/// its collection broken (ValidateOptions) when it is not an array.
template<typename T, auto Member, const auto &Def, auto Broken = nullptr>
constexpr FieldDef<T> list(std::string_view name, Write when = Write::UnlessDefault)
{
    using Item = typename std::decay_t<decltype(Def)>::Type;
    return field<T>(
        name, kOptional, when,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            bool *broken = nullptr;
            if constexpr (!std::is_same_v<decltype(Broken), std::nullptr_t>)
                broken = &(r.validateOptions.*Broken);
            r.readArray(
                s.object, f.name, s.path, s.id, out.*Member,
                [&](const Json &value, const std::string &at, Item &item) {
                    readObject(r, Def, value, at, s.id, item);
                },
                broken);
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            if (leftOut<T, Member>(f, in))
                return;
            Json items = Json::array();
            for (const Item &item : in.*Member)
                items.push_back(writeObject(Def, item));
            out[f.key()] = std::move(items);
        },
        [](const std::string &path, std::vector<KnownDef> &out) {
            collectKnown(Def, childPath(path, "*"), out);
        });
}

/// An object of objects described by `Def`, keyed by element id.
template<typename T, auto Member, const auto &Def>
constexpr FieldDef<T> keyedObjects(std::string_view name)
{
    using Item = typename std::decay_t<decltype(Def)>::Type;
    return field<T>(
        name, kOptional, Write::UnlessDefault,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            const Json *value = r.member(s.object, f.name, s.path, s.id, false);
            if (!value)
                return;
            const std::string at = childPath(s.path, f.name);
            if (!value->is_object()) {
                r.replaced(at, s.id,
                           quote(f.name) + " must be an object keyed by element id, not "
                               + typeName(*value));
                return;
            }
            for (auto it = value->begin(); it != value->end(); ++it) {
                Item item;
                if (readObject(r, Def, it.value(), childPath(at, it.key()), it.key(), item))
                    (out.*Member)[it.key()] = std::move(item);
            }
        },
        [](const FieldDef<T> &f, const T &in, Json &out) {
            if (leftOut<T, Member>(f, in))
                return;
            Json items = Json::object();
            for (const auto &[id, item] : in.*Member)
                items[id] = writeObject(Def, item);
            out[f.key()] = std::move(items);
        },
        [](const std::string &path, std::vector<KnownDef> &out) {
            collectKnown(Def, childPath(path, "*"), out);
        });
}

/// An element's id: required; its diagnostics are the element's.
template<typename T>
constexpr FieldDef<T> elementId()
{
    return text<T, &T::id>("id", Write::Always, required("a unique id such as \"user-view\""));
}

/// An element's name: the id when there is none.
template<typename T>
constexpr FieldDef<T> elementName()
{
    return field<T>(
        "name", kOptional, Write::Always,
        [](Reader &r, const FieldDef<T> &f, const Site &s, T &out) {
            if (!r.readString(s.object, f.name, s.path, s.id, out.name))
                out.name = out.id;
        },
        [](const FieldDef<T> &f, const T &in, Json &out) { out[f.key()] = in.name; });
}

// ---------------------------------------------------------------------------
// The tables (DESIGN section 2), innermost objects first

constexpr std::array kOrderings = {Ordering::Partition, Ordering::None};
constexpr std::array kUpdateModes = {UpdateMode::Streaming, UpdateMode::Batch};
constexpr std::array kStrategies = {Strategy::Eventual, Strategy::WaitForVersion,
                                    Strategy::ReadFromWriteModel, Strategy::OptimisticUi};
constexpr std::array kKeyDists = {KeyDist::Uniform, KeyDist::Zipf};

constexpr std::array kFieldSpecFields = {
    text<FieldSpec, &FieldSpec::name>("name", Write::Always, required()),
    text<FieldSpec, &FieldSpec::type>("type"),
};
constexpr ObjectDef<FieldSpec> kFieldSpec{"a field", kFieldSpecFields, kNamesOf<kFieldSpecFields>,
                                          &FieldSpec::extra};

constexpr std::array kAggregateFields = {
    elementId<Aggregate>(),
    elementName<Aggregate>(),
    whole<Aggregate, &Aggregate::instances>("instances", "a whole number from 1 to 10,000,000"),
};
constexpr ObjectDef<Aggregate> kAggregate{"an aggregate", kAggregateFields,
                                          kNamesOf<kAggregateFields>, &Aggregate::extra, true};

constexpr std::array kFollowUpFields = {
    text<FollowUp, &FollowUp::query>("query", Write::Always, required("the id of a query")),
    number<FollowUp, &FollowUp::probability>("probability"),
    distribution<FollowUp, &FollowUp::after>("after"),
};
constexpr ObjectDef<FollowUp> kFollowUp{"\"followUp\"", kFollowUpFields, kNamesOf<kFollowUpFields>,
                                        &FollowUp::extra};

constexpr std::array kCommandFields = {
    elementId<Command>(),
    elementName<Command>(),
    text<Command, &Command::aggregate>("aggregate", Write::Always,
                                       required("the id of an aggregate")),
    number<Command, &Command::share>("share"),
    distribution<Command, &Command::handlerTime>("handlerTime"),
    number<Command, &Command::rejectRate>("rejectRate"),
    ids<Command, &Command::emits>("emits"),
    list<Command, &Command::fields, kFieldSpec>("fields"),
    object<Command, &Command::followUp, kFollowUp>("followUp"),
    text<Command, &Command::validatesAgainst>("validatesAgainst"),
};
constexpr ObjectDef<Command> kCommand{"a command", kCommandFields, kNamesOf<kCommandFields>,
                                      &Command::extra, true};

constexpr std::array kEventFields = {
    elementId<Event>(),
    elementName<Event>(),
    text<Event, &Event::aggregate>("aggregate", Write::Always, required("the id of an aggregate")),
    list<Event, &Event::fields, kFieldSpec>("fields"),
};
constexpr ObjectDef<Event> kEvent{"an event", kEventFields, kNamesOf<kEventFields>, &Event::extra,
                                  true};

constexpr std::array kWriteSideFields = {
    whole<WriteSide, &WriteSide::workers>("workers", kServersRange),
    whole<WriteSide, &WriteSide::maxRetries>("maxRetries",
                                             "a whole number from 0 to 2,147,483,647"),
};
constexpr ObjectDef<WriteSide> kWriteSide{"\"writeSide\"", kWriteSideFields,
                                          kNamesOf<kWriteSideFields>, &WriteSide::extra};

constexpr std::array kEventBusFields = {
    whole<EventBus, &EventBus::partitions>("partitions", kServersRange),
    distribution<EventBus, &EventBus::publishDelay>("publishDelay"),
    number<EventBus, &EventBus::duplicateRate>("duplicateRate"),
    choice<EventBus, &EventBus::ordering, kOrderings>("ordering"),
};
constexpr ObjectDef<EventBus> kEventBus{"\"eventBus\"", kEventBusFields, kNamesOf<kEventBusFields>,
                                        &EventBus::extra};

constexpr std::array kUpdateFields = {
    choice<UpdateSpec, &UpdateSpec::mode, kUpdateModes>("mode", Write::Always),
    distribution<UpdateSpec, &UpdateSpec::delay>("delay"),
    // Required and always written in batch mode.
    field<UpdateSpec>(
        "interval", kOptional, Write::UnlessDefault,
        [](Reader &r, const FieldDef<UpdateSpec> &f, const Site &s, UpdateSpec &out) {
            r.readDouble(s.object, f.name, s.path, s.id, out.interval,
                         out.mode == UpdateMode::Batch);
        },
        [](const FieldDef<UpdateSpec> &f, const UpdateSpec &in, Json &out) {
            if (in.mode == UpdateMode::Batch || !atDefault<UpdateSpec, &UpdateSpec::interval>(in))
                out[f.key()] = jsonNumber(in.interval);
        }),
    number<UpdateSpec, &UpdateSpec::offset>("offset"),
};
constexpr ObjectDef<UpdateSpec> kUpdate{"\"update\"", kUpdateFields, kNamesOf<kUpdateFields>,
                                        &UpdateSpec::extra};

constexpr std::array kOutageFields = {
    number<Outage, &Outage::at>("at", Write::Always, required()),
    number<Outage, &Outage::duration>("duration", Write::Always, required()),
};
constexpr ObjectDef<Outage> kOutage{"an outage", kOutageFields, kNamesOf<kOutageFields>,
                                    &Outage::extra};

constexpr std::array kRebuildFields = {
    number<Rebuild, &Rebuild::at>("at", Write::Always, required()),
};
constexpr ObjectDef<Rebuild> kRebuild{"a rebuild", kRebuildFields, kNamesOf<kRebuildFields>,
                                      &Rebuild::extra};

constexpr std::array kStaleBudgetFields = {
    number<StaleBudget, &StaleBudget::p99>("p99", Write::Always, required()),
};
constexpr ObjectDef<StaleBudget> kStaleBudget{"\"staleBudget\"", kStaleBudgetFields,
                                              kNamesOf<kStaleBudgetFields>, &StaleBudget::extra};

constexpr std::array kReadModelFields = {
    elementId<ReadModel>(),
    elementName<ReadModel>(),
    text<ReadModel, &ReadModel::store>("store"),
    ids<ReadModel, &ReadModel::subscribes>("subscribes", required("the ids of events")),
    whole<ReadModel, &ReadModel::consumers>("consumers", kServersRange),
    object<ReadModel, &ReadModel::update, kUpdate>("update"),
    distribution<ReadModel, &ReadModel::applyTime>("applyTime"),
    list<ReadModel, &ReadModel::outages, kOutage>("outages"),
    list<ReadModel, &ReadModel::rebuilds, kRebuild>("rebuilds"),
    flag<ReadModel, &ReadModel::idempotent>("idempotent"),
    object<ReadModel, &ReadModel::staleBudget, kStaleBudget>("staleBudget"),
};
constexpr ObjectDef<ReadModel> kReadModel{"a read model", kReadModelFields,
                                          kNamesOf<kReadModelFields>, &ReadModel::extra, true};

constexpr std::array kPolicyFields = {
    elementId<Policy>(),
    elementName<Policy>(),
    ids<Policy, &Policy::subscribes>("subscribes", required("the ids of events")),
    text<Policy, &Policy::issues>("issues", Write::Always,
                                  required("the id of the command it issues")),
    number<Policy, &Policy::probability>("probability"),
    whole<Policy, &Policy::consumers>("consumers", kServersRange),
    object<Policy, &Policy::update, kUpdate>("update"),
    distribution<Policy, &Policy::applyTime>("applyTime"),
    list<Policy, &Policy::outages, kOutage>("outages"),
    flag<Policy, &Policy::idempotent>("idempotent"),
};
constexpr ObjectDef<Policy> kPolicy{"a policy", kPolicyFields, kNamesOf<kPolicyFields>,
                                    &Policy::extra, true};

constexpr std::array kConsistencyFields = {
    choice<Consistency, &Consistency::strategy, kStrategies>("strategy", Write::Always, required()),
    number<Consistency, &Consistency::pollInterval>("pollInterval"),
    number<Consistency, &Consistency::timeout>("timeout"),
};
constexpr ObjectDef<Consistency> kConsistency{"\"consistency\"", kConsistencyFields,
                                              kNamesOf<kConsistencyFields>, &Consistency::extra};

constexpr std::array kQueryFields = {
    elementId<Query>(),
    elementName<Query>(),
    text<Query, &Query::readModel>("readModel", Write::Always, required("the id of a read model")),
    number<Query, &Query::share>("share"),
    distribution<Query, &Query::readTime>("readTime"),
    object<Query, &Query::consistency, kConsistency>("consistency"),
};
constexpr ObjectDef<Query> kQuery{"a query", kQueryFields, kNamesOf<kQueryFields>, &Query::extra,
                                  true};

constexpr std::array kRateStepFields = {
    number<RateStep, &RateStep::at>("at", Write::Always, required()),
    number<RateStep, &RateStep::factor>("factor", Write::Always, required()),
};
constexpr ObjectDef<RateStep> kRateStep{"a rate step", kRateStepFields, kNamesOf<kRateStepFields>,
                                        &RateStep::extra};

constexpr std::array kKeysFields = {
    choice<KeySpec, &KeySpec::dist, kKeyDists>("dist", Write::Always, required()),
    // Required and always written for zipf keys.
    field<KeySpec>(
        "s", kOptional, Write::UnlessDefault,
        [](Reader &r, const FieldDef<KeySpec> &f, const Site &s, KeySpec &out) {
            r.readDouble(s.object, f.name, s.path, s.id, out.s, out.dist == KeyDist::Zipf);
        },
        [](const FieldDef<KeySpec> &f, const KeySpec &in, Json &out) {
            if (in.dist == KeyDist::Zipf || !atDefault<KeySpec, &KeySpec::s>(in))
                out[f.key()] = jsonNumber(in.s);
        }),
};
constexpr ObjectDef<KeySpec> kKeys{"\"keys\"", kKeysFields, kNamesOf<kKeysFields>, &KeySpec::extra};

constexpr std::array kWorkloadFields = {
    number<Workload, &Workload::duration>("duration", Write::Always, required()),
    number<Workload, &Workload::warmup>("warmup"),
    whole<Workload, &Workload::seed>(
        "seed", "a whole number from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807"),
    number<Workload, &Workload::commandRate>("commandRate"),
    list<Workload, &Workload::rateProfile, kRateStep>("rateProfile"),
    number<Workload, &Workload::queryRate>("queryRate"),
    object<Workload, &Workload::keys, kKeys>("keys"),
    // Absent means duration / 600.
    field<Workload>(
        "sampleInterval", kOptional, Write::UnlessDefault,
        [](Reader &r, const FieldDef<Workload> &f, const Site &s, Workload &out) {
            double value = 0;
            if (r.readDouble(s.object, f.name, s.path, s.id, value))
                out.sampleInterval = value;
        },
        [](const FieldDef<Workload> &f, const Workload &in, Json &out) {
            if (in.sampleInterval)
                out[f.key()] = jsonNumber(*in.sampleInterval);
        }),
};
constexpr ObjectDef<Workload> kWorkload{"\"workload\"", kWorkloadFields, kNamesOf<kWorkloadFields>,
                                        &Workload::extra};

constexpr std::array kExperimentFields = {
    text<Experiment, &Experiment::title>(
        "title", Write::Always,
        required("what the experiment changes, e.g. \"Batch the search index every 10 s\"")),
    text<Experiment, &Experiment::description>("description"),
    // --set paths and their values, in file order.
    field<Experiment>(
        "set", required("--set paths and their values, e.g. {\"workload.commandRate\": 500}"),
        Write::Always,
        [](Reader &r, const FieldDef<Experiment> &f, const Site &s, Experiment &out) {
            const Json *set
                = r.member(s.object, f.name, s.path, s.id, f.need.required, f.need.hint);
            if (!set)
                return;
            const std::string at = childPath(s.path, f.name);
            if (!set->is_object()) {
                r.replaced(at, s.id,
                           "\"set\" must be an object of --set paths and their values, not "
                               + typeName(*set));
                return;
            }
            for (auto it = set->begin(); it != set->end(); ++it)
                out.set.emplace_back(it.key(), it.value());
            if (out.set.empty())
                r.warning(at, s.id, "the experiment changes nothing: \"set\" is empty");
        },
        [](const FieldDef<Experiment> &f, const Experiment &in, Json &out) {
            Json set = Json::object();
            for (const auto &[path, value] : in.set)
                set[path] = value;
            out[f.key()] = std::move(set);
        }),
};
constexpr ObjectDef<Experiment> kExperiment{"an experiment", kExperimentFields,
                                            kNamesOf<kExperimentFields>, &Experiment::extra};

constexpr std::array kNodeFields = {
    number<NodePosition, &NodePosition::x>("x", Write::Always),
    number<NodePosition, &NodePosition::y>("y", Write::Always),
};
constexpr ObjectDef<NodePosition> kNode{"a node position", kNodeFields, kNamesOf<kNodeFields>,
                                        &NodePosition::extra};

constexpr std::array kNoteFields = {
    text<Note, &Note::text>("text", Write::Always),
    number<Note, &Note::x>("x", Write::Always),
    number<Note, &Note::y>("y", Write::Always),
};
constexpr ObjectDef<Note> kNote{"a note", kNoteFields, kNamesOf<kNoteFields>, &Note::extra};

constexpr std::array kDiagramFields = {
    keyedObjects<Diagram, &Diagram::nodes, kNode>("nodes"),
    list<Diagram, &Diagram::notes, kNote>("notes"),
};
constexpr ObjectDef<Diagram> kDiagram{"\"diagram\"", kDiagramFields, kNamesOf<kDiagramFields>,
                                      &Diagram::extra};

constexpr std::array kTopFields = {
    // A foreign document: nothing else in it can be judged.
    field<Model>(
        "format", required("a model file starts with \"format\": \"cqrs-studio/model\""),
        Write::Always,
        [](Reader &r, const FieldDef<Model> &f, const Site &s, Model &) {
            const Json *format
                = r.member(s.object, f.name, s.path, s.id, f.need.required, f.need.hint);
            if (!format)
                return;
            if (!format->is_string()) {
                r.error("/format", {},
                        "\"format\" must be the string \"cqrs-studio/model\", not "
                            + typeName(*format));
                r.stopped = true;
                return;
            }
            if (format->get<std::string>() != kModelFormat) {
                const bool challenge = format->get<std::string>() == kChallengeFormat;
                r.error(
                    "/format", {},
                    "format is " + quote(format->get<std::string>())
                        + ", not \"cqrs-studio/model\": "
                        + (challenge
                               ? "this is a challenge file, not a model (open it as a challenge: "
                                 "File > Challenges... in the application, cqrs-sim check on the "
                                 "command line)"
                               : "this is not a CQRS Studio model file"));
                r.stopped = true;
                return;
            }
            r.formatOk = true;
        },
        [](const FieldDef<Model> &f, const Model &, Json &out) { out[f.key()] = kModelFormat; }),
    // A newer document: its other fields cannot be judged either.
    field<Model>(
        "schemaVersion", required(), Write::Always,
        [](Reader &r, const FieldDef<Model> &f, const Site &s, Model &out) {
            std::int64_t version = 0;
            if (!r.readInt64(s.object, f.name, s.path, s.id, version,
                             std::numeric_limits<std::int64_t>::min(),
                             std::numeric_limits<std::int64_t>::max(), f.need.required))
                return;
            if (version > kModelSchemaVersion) {
                r.error("/schemaVersion", {},
                        "schemaVersion " + std::to_string(version)
                            + " is newer than this build understands ("
                            + std::to_string(kModelSchemaVersion)
                            + "): the file is from a newer CQRS Studio; update CQRS Studio to "
                              "open it");
                r.stopped = true;
                return;
            }
            if (version < 1) {
                r.error("/schemaVersion", {},
                        "schemaVersion must be 1 or higher, not " + std::to_string(version));
            } else {
                out.schemaVersion = static_cast<int>(version);
                r.headerOk = r.formatOk;
            }
        },
        [](const FieldDef<Model> &f, const Model &in, Json &out) {
            out[f.key()] = in.schemaVersion;
        }),
    text<Model, &Model::name>("name", Write::Always),
    text<Model, &Model::description>("description"),
    list<Model, &Model::aggregates, kAggregate, &ValidateOptions::brokenAggregates>("aggregates",
                                                                                    Write::Always),
    list<Model, &Model::commands, kCommand, &ValidateOptions::brokenCommands>("commands",
                                                                              Write::Always),
    list<Model, &Model::events, kEvent, &ValidateOptions::brokenEvents>("events", Write::Always),
    object<Model, &Model::writeSide, kWriteSide>("writeSide"),
    object<Model, &Model::eventBus, kEventBus>("eventBus"),
    list<Model, &Model::readModels, kReadModel, &ValidateOptions::brokenReadModels>("readModels",
                                                                                    Write::Always),
    list<Model, &Model::policies, kPolicy, &ValidateOptions::brokenPolicies>("policies",
                                                                             Write::Always),
    list<Model, &Model::queries, kQuery, &ValidateOptions::brokenQueries>("queries", Write::Always),
    object<Model, &Model::workload, kWorkload>("workload", Write::Always,
                                               required("at least {\"duration\": seconds}")),
    list<Model, &Model::experiments, kExperiment>("experiments"),
    object<Model, &Model::diagram, kDiagram>("diagram"),
};
constexpr ObjectDef<Model> kModelObject{"the model", kTopFields, kNamesOf<kTopFields>,
                                        &Model::extra};

const std::vector<KnownDef> &knownObjects()
{
    static const std::vector<KnownDef> known = [] {
        std::vector<KnownDef> out;
        collectKnown(kModelObject, std::string(), out);
        return out;
    }();
    return known;
}

} // namespace

void readModelDocument(Reader &reader, const Json &document, Model &model)
{
    if (!document.is_object()) {
        reader.error({}, {},
                     "the top level must be a JSON object (a CQRS Studio model), not "
                         + typeName(document));
        reader.stopped = true;
        return;
    }
    readObject(reader, kModelObject, document, std::string(), std::string(), model);
}

Json writeModelDocument(const Model &model)
{
    return writeObject(kModelObject, model);
}

Json writeCompleteModelDocument(const Model &model)
{
    struct Complete
    {
        Complete() { t_writeDefaults = true; }
        ~Complete() { t_writeDefaults = false; }
    } complete;
    return writeObject(kModelObject, model);
}

const KnownDef *knownAt(std::string_view schemaPath)
{
    for (const KnownDef &def : knownObjects()) {
        if (def.path == schemaPath)
            return &def;
    }
    return nullptr;
}

bool contains(FieldList fields, std::string_view name)
{
    return std::find(fields.begin(), fields.end(), name) != fields.end();
}

std::string quote(std::string_view text)
{
    // Json::dump escapes control characters and quotes.
    std::string s = Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
    if (s.size() > 60)
        s = s.substr(0, 56) + "...\"";
    return s;
}

namespace {

/// Letters to change, add, drop or swap (neighbours) to turn `a` into `b`,
/// ignoring case.
std::size_t editDistance(std::string_view a, std::string_view b)
{
    const auto lower = [](char c) {
        return char(std::tolower(static_cast<unsigned char>(c)));
    };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t change = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + change});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2])
                && lower(a[i - 2]) == lower(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

} // namespace

std::string likelyField(std::string_view typed, std::span<const std::string_view> known)
{
    // A long key is no field name misspelt, and a key of a letter or two
    // is close to too many.
    if (typed.size() > 64 || typed.size() < 3)
        return {};
    const std::size_t most = typed.size() >= 6 ? 2 : 1;
    std::string best;
    std::size_t bestDistance = most + 1;
    for (std::string_view name : known) {
        const std::size_t apart
            = name.size() > typed.size() ? name.size() - typed.size() : typed.size() - name.size();
        if (apart > most)
            continue;
        const std::size_t distance = editDistance(typed, name);
        if (distance < bestDistance) {
            best = std::string(name);
            bestDistance = distance;
        }
    }
    return best;
}

std::string didYouMean(std::string_view typed, std::span<const std::string_view> known)
{
    const std::string field = likelyField(typed, known);
    return field.empty() ? std::string() : " (did you mean " + quote(field) + "?)";
}

std::string typeName(const Json &value)
{
    switch (value.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return "a number";
    case Json::value_t::string:
        return "a string";
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "binary data";
    }
}

TextPosition positionOf(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    TextPosition pos;
    for (std::size_t i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++pos.column;
        }
    }
    return pos;
}

} // namespace detail

using namespace detail;

std::vector<KnownObject> knownModelFields()
{
    std::vector<KnownObject> out;
    out.reserve(knownObjects().size());
    for (const KnownDef &def : knownObjects()) {
        KnownObject o;
        o.path = def.path;
        for (std::string_view f : def.fields)
            o.fields.emplace_back(f);
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace cqrs
