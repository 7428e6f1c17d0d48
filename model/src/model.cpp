#include "cqrs/model/model.h"

#include <algorithm>

namespace cqrs {

namespace {

template<typename Container>
auto findById(Container &items, std::string_view id) -> decltype(&*items.begin())
{
    const auto it = std::find_if(items.begin(), items.end(),
                                 [id](const auto &item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

} // namespace

double Workload::rateFactorAt(double t) const
{
    double factor = 1.0;
    for (const RateStep &step : rateProfile) {
        if (step.at > t)
            break;
        factor = step.factor;
    }
    return factor;
}

double Workload::peakCommandRate() const
{
    double factor = rateProfile.empty() || rateProfile.front().at > 0.0 ? 1.0 : 0.0;
    for (const RateStep &step : rateProfile) {
        if (step.at < duration)
            factor = std::max(factor, step.factor);
    }
    return commandRate * factor;
}

const Aggregate *Model::aggregate(std::string_view id) const { return findById(aggregates, id); }
const Command *Model::command(std::string_view id) const { return findById(commands, id); }
const Event *Model::event(std::string_view id) const { return findById(events, id); }
const ReadModel *Model::readModel(std::string_view id) const { return findById(readModels, id); }
const Policy *Model::policy(std::string_view id) const { return findById(policies, id); }
const Query *Model::query(std::string_view id) const { return findById(queries, id); }
Aggregate *Model::aggregate(std::string_view id) { return findById(aggregates, id); }
Command *Model::command(std::string_view id) { return findById(commands, id); }
Event *Model::event(std::string_view id) { return findById(events, id); }
ReadModel *Model::readModel(std::string_view id) { return findById(readModels, id); }
Policy *Model::policy(std::string_view id) { return findById(policies, id); }
Query *Model::query(std::string_view id) { return findById(queries, id); }

std::optional<ElementKind> Model::kindOf(std::string_view id) const
{
    if (aggregate(id))
        return ElementKind::Aggregate;
    if (command(id))
        return ElementKind::Command;
    if (event(id))
        return ElementKind::Event;
    if (readModel(id))
        return ElementKind::ReadModel;
    if (policy(id))
        return ElementKind::Policy;
    if (query(id))
        return ElementKind::Query;
    return std::nullopt;
}

std::string_view toString(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Aggregate:
        return "aggregate";
    case ElementKind::Command:
        return "command";
    case ElementKind::Event:
        return "event";
    case ElementKind::ReadModel:
        return "read model";
    case ElementKind::Policy:
        return "policy";
    case ElementKind::Query:
        return "query";
    }
    return "element";
}

std::string_view sectionName(ElementKind kind)
{
    switch (kind) {
    case ElementKind::Aggregate:
        return "aggregates";
    case ElementKind::Command:
        return "commands";
    case ElementKind::Event:
        return "events";
    case ElementKind::ReadModel:
        return "readModels";
    case ElementKind::Policy:
        return "policies";
    case ElementKind::Query:
        return "queries";
    }
    return "";
}

const std::vector<std::string> &knownStores()
{
    static const std::vector<std::string> stores = {"key-value",  "document", "search", "columnar",
                                                    "relational", "cache",    "graph"};
    return stores;
}

std::string_view toString(Strategy strategy)
{
    switch (strategy) {
    case Strategy::Eventual:
        return "eventual";
    case Strategy::WaitForVersion:
        return "wait-for-version";
    case Strategy::ReadFromWriteModel:
        return "read-from-write-model";
    case Strategy::OptimisticUi:
        return "optimistic-ui";
    }
    return "eventual";
}

std::string_view toString(UpdateMode mode)
{
    return mode == UpdateMode::Batch ? "batch" : "streaming";
}

std::string_view toString(Ordering ordering)
{
    return ordering == Ordering::None ? "none" : "partition";
}

std::string_view toString(KeyDist dist)
{
    return dist == KeyDist::Zipf ? "zipf" : "uniform";
}

bool isValidId(std::string_view id)
{
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || c == '_' || c == '-';
    });
}

} // namespace cqrs
