#pragma once

#include "cqrs/model/distribution.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqrs {

/// The model file's format tag and the newest schema version this build reads.
inline constexpr const char *kModelFormat = "cqrs-studio/model";
inline constexpr int kModelSchemaVersion = 1;

// Every struct below mirrors one object of DESIGN section 2. Members carry the
// documented defaults; `extra` holds the fields this build does not know, in
// file order, and is written back on save.

struct FieldSpec
{
    std::string name;
    std::string type;
    Json extra = Json::object();
    bool operator==(const FieldSpec &) const = default;
};

struct Aggregate
{
    std::string id;
    std::string name;
    std::int64_t instances = 1000;
    Json extra = Json::object();
    bool operator==(const Aggregate &) const = default;
};

struct FollowUp
{
    std::string query;
    double probability = 1.0;
    Distribution after; ///< default constant 0
    Json extra = Json::object();
    bool operator==(const FollowUp &) const = default;
};

struct Command
{
    std::string id;
    std::string name;
    std::string aggregate;
    double share = 1.0;
    Distribution handlerTime;
    double rejectRate = 0.0;
    std::vector<std::string> emits;
    std::vector<FieldSpec> fields;
    std::optional<FollowUp> followUp;
    std::string validatesAgainst; ///< read model id, empty when none
    Json extra = Json::object();
    bool operator==(const Command &) const = default;
};

struct Event
{
    std::string id;
    std::string name;
    std::string aggregate;
    std::vector<FieldSpec> fields;
    Json extra = Json::object();
    bool operator==(const Event &) const = default;
};

struct WriteSide
{
    int workers = 1;
    int maxRetries = 3;
    Json extra = Json::object();
    bool operator==(const WriteSide &) const = default;
};

enum class Ordering { Partition, None };

struct EventBus
{
    int partitions = 1;
    Distribution publishDelay;
    double duplicateRate = 0.0;
    Ordering ordering = Ordering::Partition;
    Json extra = Json::object();
    bool operator==(const EventBus &) const = default;
};

enum class UpdateMode { Streaming, Batch };

struct UpdateSpec
{
    UpdateMode mode = UpdateMode::Streaming;
    Distribution delay;   ///< streaming only
    double interval = 60; ///< batch only, > 0
    double offset = 0;    ///< batch only
    Json extra = Json::object();
    bool operator==(const UpdateSpec &) const = default;
};

struct Outage
{
    double at = 0;
    double duration = 0;
    Json extra = Json::object();
    bool operator==(const Outage &) const = default;
};

struct Rebuild
{
    double at = 0;
    Json extra = Json::object();
    bool operator==(const Rebuild &) const = default;
};

struct StaleBudget
{
    double p99 = 0;
    Json extra = Json::object();
    bool operator==(const StaleBudget &) const = default;
};

/// What read models and policies share: they consume events.
struct ConsumerSpec
{
    std::vector<std::string> subscribes;
    int consumers = 1;
    UpdateSpec update;
    Distribution applyTime;
    std::vector<Outage> outages;
    bool idempotent = true;
    bool operator==(const ConsumerSpec &) const = default;
};

struct ReadModel : ConsumerSpec
{
    std::string id;
    std::string name;
    std::string store = "key-value";
    std::vector<Rebuild> rebuilds;
    std::optional<StaleBudget> staleBudget;
    Json extra = Json::object();
    bool operator==(const ReadModel &) const = default;
};

struct Policy : ConsumerSpec
{
    std::string id;
    std::string name;
    std::string issues; ///< command id
    double probability = 1.0;
    Json extra = Json::object();
    bool operator==(const Policy &) const = default;
};

enum class Strategy { Eventual, WaitForVersion, ReadFromWriteModel, OptimisticUi };

struct Consistency
{
    Strategy strategy = Strategy::Eventual;
    double pollInterval = 0.1; ///< wait-for-version only
    double timeout = 1.0;      ///< wait-for-version only
    Json extra = Json::object();
    bool operator==(const Consistency &) const = default;
};

struct Query
{
    std::string id;
    std::string name;
    std::string readModel;
    double share = 1.0;
    Distribution readTime;
    Consistency consistency;
    Json extra = Json::object();
    bool operator==(const Query &) const = default;
};

struct RateStep
{
    double at = 0;
    double factor = 1;
    Json extra = Json::object();
    bool operator==(const RateStep &) const = default;
};

enum class KeyDist { Uniform, Zipf };

struct KeySpec
{
    KeyDist dist = KeyDist::Uniform;
    double s = 1.0; ///< zipf exponent, > 0
    Json extra = Json::object();
    bool operator==(const KeySpec &) const = default;
};

struct Workload
{
    double duration = 60;
    double warmup = 0;
    std::int64_t seed = 1;
    double commandRate = 0;
    std::vector<RateStep> rateProfile;
    double queryRate = 0;
    KeySpec keys;
    std::optional<double> sampleInterval; ///< default duration / 600
    Json extra = Json::object();

    double effectiveSampleInterval() const { return sampleInterval.value_or(duration / 600.0); }
    /// The command-rate factor in force at simulated time t.
    double rateFactorAt(double t) const;
    /// The largest command rate the profile reaches.
    double peakCommandRate() const;
    bool operator==(const Workload &) const = default;
};

/// How far from the origin a diagram position may be (either way, on
/// either axis); one beyond it is a mistake, and the node is placed anew.
inline constexpr double kDiagramExtent = 20000;

struct NodePosition
{
    double x = 0;
    double y = 0;
    Json extra = Json::object();
    bool operator==(const NodePosition &) const = default;
};

struct Note
{
    std::string text;
    double x = 0;
    double y = 0;
    Json extra = Json::object();
    bool operator==(const Note &) const = default;
};

/// Presentation only; the engine ignores it.
struct Diagram
{
    std::map<std::string, NodePosition> nodes; ///< by element id
    std::vector<Note> notes;
    Json extra = Json::object();
    bool operator==(const Diagram &) const = default;
};

/// A "thing to try" that travels with the model: `set` holds `--set` paths
/// (DESIGN section 5) and the JSON values to give them, applied in order as
/// one edit. The engine ignores experiments.
struct Experiment
{
    std::string title;
    std::string description;
    std::vector<std::pair<std::string, Json>> set;
    Json extra = Json::object();
    bool operator==(const Experiment &) const = default;
};

enum class ElementKind { Aggregate, Command, Event, ReadModel, Policy, Query };

/// A whole model file.
struct Model
{
    int schemaVersion = kModelSchemaVersion;
    std::string name;
    std::string description;
    std::vector<Aggregate> aggregates;
    std::vector<Command> commands;
    std::vector<Event> events;
    WriteSide writeSide;
    EventBus eventBus;
    std::vector<ReadModel> readModels;
    std::vector<Policy> policies;
    std::vector<Query> queries;
    Workload workload;
    std::vector<Experiment> experiments;
    Diagram diagram;
    Json extra = Json::object(); ///< unknown top-level fields

    // Look-ups by id; nullptr when absent.
    const Aggregate *aggregate(std::string_view id) const;
    const Command *command(std::string_view id) const;
    const Event *event(std::string_view id) const;
    const ReadModel *readModel(std::string_view id) const;
    const Policy *policy(std::string_view id) const;
    const Query *query(std::string_view id) const;
    Aggregate *aggregate(std::string_view id);
    Command *command(std::string_view id);
    Event *event(std::string_view id);
    ReadModel *readModel(std::string_view id);
    Policy *policy(std::string_view id);
    Query *query(std::string_view id);

    /// The kind of the element with this id, if any element has it.
    std::optional<ElementKind> kindOf(std::string_view id) const;

    bool operator==(const Model &) const = default;
};

std::string_view toString(ElementKind kind);

/// The model file's array of elements of `kind` ("readModels"): the first
/// step of a `--set` path to one of them.
std::string_view sectionName(ElementKind kind);

/// The read model store labels a model file names (`store` is a label: any
/// text is kept, these are the ones offered).
const std::vector<std::string> &knownStores();
std::string_view toString(Strategy strategy);
std::string_view toString(UpdateMode mode);
std::string_view toString(Ordering ordering);
std::string_view toString(KeyDist dist);

/// True when id matches [A-Za-z0-9_-]+.
bool isValidId(std::string_view id);

} // namespace cqrs
