// The trace file (DESIGN section 9, docs/traces.md).

#include "cqrs/sim/trace.h"

namespace cqrs::sim {

std::string_view toString(TraceAttempt::Outcome outcome)
{
    switch (outcome) {
    case TraceAttempt::Outcome::Committed:
        return "committed";
    case TraceAttempt::Outcome::Conflict:
        return "conflict";
    case TraceAttempt::Outcome::Rejected:
        return "rejected";
    }
    return "rejected";
}

int firstStaleRead(const Trace &trace)
{
    for (std::size_t i = 0; i < trace.reads.size(); ++i) {
        if (trace.reads[i].sawOldData())
            return static_cast<int>(i);
    }
    return -1;
}

namespace {

void putOptional(Json &object, const char *name, const std::optional<double> &value)
{
    if (value)
        object[name] = *value;
}

} // namespace

Json traceToJson(const Trace &trace)
{
    Json out = Json::object();
    out["format"] = "cqrs-studio/trace";
    out["schemaVersion"] = 1;
    out["model"] = trace.model;
    out["seed"] = trace.seed;
    out["at"] = trace.at;
    if (!trace.requestedType.empty())
        out["type"] = trace.requestedType;
    if (!trace.requestedReaching.empty())
        out["reaching"] = trace.requestedReaching;
    if (trace.requestedStaleRead) {
        out["staleRead"] = true;
        out["candidates"] = trace.candidates;
    }
    out["complete"] = trace.complete;
    if (!trace.found) {
        out["command"] = nullptr;
        return out;
    }

    Json command = Json::object();
    command["type"] = trace.commandType;
    command["key"] = trace.key;
    command["issuedAt"] = trace.issuedAt;
    command["fromPolicy"] = trace.fromPolicy;
    Json attempts = Json::array();
    for (const TraceAttempt &a : trace.attempts)
        attempts.push_back({{"start", a.start}, {"end", a.end}, {"outcome", std::string(toString(a.outcome))}});
    command["attempts"] = std::move(attempts);
    putOptional(command, "committedAt", trace.committedAt);
    out["command"] = std::move(command);

    Json events = Json::array();
    for (const TraceEvent &e : trace.events) {
        Json event = Json::object();
        event["type"] = e.type;
        event["version"] = e.version;
        event["partition"] = e.partition;
        event["availableAt"] = e.availableAt;
        Json deliveries = Json::array();
        for (const TraceDelivery &d : e.deliveries) {
            Json delivery = Json::object();
            delivery["to"] = d.to;
            delivery["kind"] = d.policy ? "policy" : "read-model";
            delivery["consumer"] = d.consumer;
            putOptional(delivery, "arrivedAt", d.arrivedAt);
            putOptional(delivery, "startedAt", d.startedAt);
            putOptional(delivery, "appliedAt", d.appliedAt);
            if (d.appliedAt)
                delivery["window"] = d.window;
            delivery["duplicate"] = d.duplicate;
            if (!d.delayedBy.empty())
                delivery["delayedBy"] = d.delayedBy;
            deliveries.push_back(std::move(delivery));
        }
        event["deliveries"] = std::move(deliveries);
        events.push_back(std::move(event));
    }
    out["events"] = std::move(events);

    Json issued = Json::array();
    for (const TraceIssue &i : trace.issued) {
        Json issue = {{"policy", i.policy}, {"command", i.command}, {"key", i.key}, {"at", i.at}};
        if (i.duplicate)
            issue["duplicate"] = true;
        issued.push_back(std::move(issue));
    }
    out["issued"] = std::move(issued);

    Json reads = Json::array();
    for (const TraceRead &r : trace.reads) {
        Json read = Json::object();
        read["query"] = r.query;
        read["readModel"] = r.readModel;
        read["at"] = r.at;
        read["strategy"] = std::string(toString(r.strategy));
        read["stale"] = r.stale;
        putOptional(read, "servedAt", r.servedAt);
        read["staleness"] = r.staleness;
        read["followUp"] = r.followUp;
        if (r.ownFollowUp)
            read["ownCommand"] = true;
        if (r.timeout)
            read["timeout"] = true;
        reads.push_back(std::move(read));
    }
    out["reads"] = std::move(reads);

    Json interruptions = Json::array();
    for (const TraceInterruption &i : trace.interruptions) {
        Json interruption = {{"of", i.of}, {"kind", i.rebuild ? "rebuild" : "outage"}, {"from", i.from}};
        putOptional(interruption, "until", i.until);
        interruptions.push_back(std::move(interruption));
    }
    out["interruptions"] = std::move(interruptions);
    putOptional(out, "settledAt", trace.settledAt);
    return out;
}

std::string formatTrace(const Trace &trace)
{
    return traceToJson(trace).dump(2) + "\n";
}

} // namespace cqrs::sim
