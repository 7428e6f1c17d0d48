// The canonical writer: the model as a JSON document in the documented field
// order, defaults left out, unknown fields kept; its text and atomic save.
#include "cqrs/model/fileio.h"
#include "cqrs/model/modeljson.h"
#include "modelinternal_p.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace cqrs {

namespace {

// ---------------------------------------------------------------------------
// Writing the canonical document

Json number(double value)
{
    if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15)
        return Json(static_cast<std::int64_t>(value));
    return Json(value);
}

void appendExtra(Json &out, const Json &extra)
{
    if (!extra.is_object())
        return;
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        if (!out.contains(it.key()))
            out[it.key()] = it.value();
    }
}

Json toJson(const Distribution &d)
{
    return distributionToJson(d);
}

bool isDefault(const Distribution &d)
{
    static const Distribution defaults;
    return d == defaults;
}

Json toJson(const std::vector<std::string> &ids)
{
    Json out = Json::array();
    for (const std::string &id : ids)
        out.push_back(id);
    return out;
}

Json toJson(const std::vector<FieldSpec> &fields)
{
    Json out = Json::array();
    for (const FieldSpec &f : fields) {
        Json o = Json::object();
        o["name"] = f.name;
        if (!f.type.empty())
            o["type"] = f.type;
        appendExtra(o, f.extra);
        out.push_back(std::move(o));
    }
    return out;
}

Json toJson(const UpdateSpec &u)
{
    static const UpdateSpec defaults;
    Json o = Json::object();
    o["mode"] = std::string(toString(u.mode));
    if (!isDefault(u.delay))
        o["delay"] = toJson(u.delay);
    if (u.mode == UpdateMode::Batch || u.interval != defaults.interval)
        o["interval"] = number(u.interval);
    if (u.offset != defaults.offset)
        o["offset"] = number(u.offset);
    appendExtra(o, u.extra);
    return o;
}

void writeConsumerTail(Json &o, const ConsumerSpec &c)
{
    static const ConsumerSpec defaults;
    if (c.consumers != defaults.consumers)
        o["consumers"] = c.consumers;
    if (!(c.update == defaults.update))
        o["update"] = toJson(c.update);
    if (!isDefault(c.applyTime))
        o["applyTime"] = toJson(c.applyTime);
    if (!c.outages.empty()) {
        Json outages = Json::array();
        for (const Outage &outage : c.outages) {
            Json x = Json::object();
            x["at"] = number(outage.at);
            x["duration"] = number(outage.duration);
            appendExtra(x, outage.extra);
            outages.push_back(std::move(x));
        }
        o["outages"] = std::move(outages);
    }
}

} // namespace

Json distributionToJson(const Distribution &d)
{
    Json out = Json::object();
    out["dist"] = std::string(toString(d.kind));
    out[d.parameterName(0)] = number(d.p1);
    if (d.parameterCount() == 2)
        out[d.parameterName(1)] = number(d.p2);
    appendExtra(out, d.extra);
    return out;
}

namespace detail {

std::string formatNumber(double value)
{
    return number(value).dump();
}

} // namespace detail

Json modelToJson(const Model &m)
{
    // Named defaults, not temporaries: GCC warns about comparing against those.
    static const Aggregate defaultAggregate;
    static const WriteSide defaultWriteSide;
    static const EventBus defaultBus;
    static const ReadModel defaultReadModel;
    static const Consistency defaultConsistency;
    static const KeySpec defaultKeys;
    static const Diagram defaultDiagram;
    Json doc = Json::object();
    doc["format"] = kModelFormat;
    doc["schemaVersion"] = m.schemaVersion;
    doc["name"] = m.name;
    if (!m.description.empty())
        doc["description"] = m.description;

    Json aggregates = Json::array();
    for (const Aggregate &a : m.aggregates) {
        Json o = Json::object();
        o["id"] = a.id;
        o["name"] = a.name;
        if (a.instances != defaultAggregate.instances)
            o["instances"] = a.instances;
        appendExtra(o, a.extra);
        aggregates.push_back(std::move(o));
    }
    doc["aggregates"] = std::move(aggregates);

    Json commands = Json::array();
    for (const Command &c : m.commands) {
        Json o = Json::object();
        o["id"] = c.id;
        o["name"] = c.name;
        o["aggregate"] = c.aggregate;
        if (c.share != 1.0)
            o["share"] = number(c.share);
        if (!isDefault(c.handlerTime))
            o["handlerTime"] = toJson(c.handlerTime);
        if (c.rejectRate != 0.0)
            o["rejectRate"] = number(c.rejectRate);
        o["emits"] = toJson(c.emits);
        if (!c.fields.empty())
            o["fields"] = toJson(c.fields);
        if (c.followUp) {
            Json f = Json::object();
            f["query"] = c.followUp->query;
            if (c.followUp->probability != 1.0)
                f["probability"] = number(c.followUp->probability);
            if (!isDefault(c.followUp->after))
                f["after"] = toJson(c.followUp->after);
            appendExtra(f, c.followUp->extra);
            o["followUp"] = std::move(f);
        }
        if (!c.validatesAgainst.empty())
            o["validatesAgainst"] = c.validatesAgainst;
        appendExtra(o, c.extra);
        commands.push_back(std::move(o));
    }
    doc["commands"] = std::move(commands);

    Json events = Json::array();
    for (const Event &e : m.events) {
        Json o = Json::object();
        o["id"] = e.id;
        o["name"] = e.name;
        o["aggregate"] = e.aggregate;
        if (!e.fields.empty())
            o["fields"] = toJson(e.fields);
        appendExtra(o, e.extra);
        events.push_back(std::move(o));
    }
    doc["events"] = std::move(events);

    if (!(m.writeSide == defaultWriteSide)) {
        Json o = Json::object();
        if (m.writeSide.workers != defaultWriteSide.workers)
            o["workers"] = m.writeSide.workers;
        if (m.writeSide.maxRetries != defaultWriteSide.maxRetries)
            o["maxRetries"] = m.writeSide.maxRetries;
        appendExtra(o, m.writeSide.extra);
        doc["writeSide"] = std::move(o);
    }
    if (!(m.eventBus == defaultBus)) {
        Json o = Json::object();
        if (m.eventBus.partitions != defaultBus.partitions)
            o["partitions"] = m.eventBus.partitions;
        if (!isDefault(m.eventBus.publishDelay))
            o["publishDelay"] = toJson(m.eventBus.publishDelay);
        if (m.eventBus.duplicateRate != 0.0)
            o["duplicateRate"] = number(m.eventBus.duplicateRate);
        if (m.eventBus.ordering != Ordering::Partition)
            o["ordering"] = std::string(toString(m.eventBus.ordering));
        appendExtra(o, m.eventBus.extra);
        doc["eventBus"] = std::move(o);
    }

    Json readModels = Json::array();
    for (const ReadModel &r : m.readModels) {
        Json o = Json::object();
        o["id"] = r.id;
        o["name"] = r.name;
        if (r.store != defaultReadModel.store)
            o["store"] = r.store;
        o["subscribes"] = toJson(r.subscribes);
        writeConsumerTail(o, r);
        if (!r.rebuilds.empty()) {
            Json rebuilds = Json::array();
            for (const Rebuild &rb : r.rebuilds) {
                Json x = Json::object();
                x["at"] = number(rb.at);
                appendExtra(x, rb.extra);
                rebuilds.push_back(std::move(x));
            }
            o["rebuilds"] = std::move(rebuilds);
        }
        if (!r.idempotent)
            o["idempotent"] = false;
        if (r.staleBudget) {
            Json b = Json::object();
            b["p99"] = number(r.staleBudget->p99);
            appendExtra(b, r.staleBudget->extra);
            o["staleBudget"] = std::move(b);
        }
        appendExtra(o, r.extra);
        readModels.push_back(std::move(o));
    }
    doc["readModels"] = std::move(readModels);

    Json policies = Json::array();
    for (const Policy &p : m.policies) {
        Json o = Json::object();
        o["id"] = p.id;
        o["name"] = p.name;
        o["subscribes"] = toJson(p.subscribes);
        o["issues"] = p.issues;
        if (p.probability != 1.0)
            o["probability"] = number(p.probability);
        writeConsumerTail(o, p);
        if (!p.idempotent)
            o["idempotent"] = false;
        appendExtra(o, p.extra);
        policies.push_back(std::move(o));
    }
    doc["policies"] = std::move(policies);

    Json queries = Json::array();
    for (const Query &q : m.queries) {
        Json o = Json::object();
        o["id"] = q.id;
        o["name"] = q.name;
        o["readModel"] = q.readModel;
        if (q.share != 1.0)
            o["share"] = number(q.share);
        if (!isDefault(q.readTime))
            o["readTime"] = toJson(q.readTime);
        if (!(q.consistency == defaultConsistency)) {
            Json c = Json::object();
            c["strategy"] = std::string(toString(q.consistency.strategy));
            if (q.consistency.pollInterval != defaultConsistency.pollInterval)
                c["pollInterval"] = number(q.consistency.pollInterval);
            if (q.consistency.timeout != defaultConsistency.timeout)
                c["timeout"] = number(q.consistency.timeout);
            appendExtra(c, q.consistency.extra);
            o["consistency"] = std::move(c);
        }
        appendExtra(o, q.extra);
        queries.push_back(std::move(o));
    }
    doc["queries"] = std::move(queries);

    {
        const Workload &w = m.workload;
        static const Workload defaults;
        Json o = Json::object();
        o["duration"] = number(w.duration);
        if (w.warmup != defaults.warmup)
            o["warmup"] = number(w.warmup);
        if (w.seed != defaults.seed)
            o["seed"] = w.seed;
        if (w.commandRate != defaults.commandRate)
            o["commandRate"] = number(w.commandRate);
        if (!w.rateProfile.empty()) {
            Json steps = Json::array();
            for (const RateStep &s : w.rateProfile) {
                Json x = Json::object();
                x["at"] = number(s.at);
                x["factor"] = number(s.factor);
                appendExtra(x, s.extra);
                steps.push_back(std::move(x));
            }
            o["rateProfile"] = std::move(steps);
        }
        if (w.queryRate != defaults.queryRate)
            o["queryRate"] = number(w.queryRate);
        if (!(w.keys == defaultKeys)) {
            Json k = Json::object();
            k["dist"] = std::string(toString(w.keys.dist));
            if (w.keys.dist == KeyDist::Zipf || w.keys.s != defaultKeys.s)
                k["s"] = number(w.keys.s);
            appendExtra(k, w.keys.extra);
            o["keys"] = std::move(k);
        }
        if (w.sampleInterval)
            o["sampleInterval"] = number(*w.sampleInterval);
        appendExtra(o, w.extra);
        doc["workload"] = std::move(o);
    }

    if (!m.experiments.empty()) {
        Json experiments = Json::array();
        for (const Experiment &e : m.experiments) {
            Json o = Json::object();
            o["title"] = e.title;
            if (!e.description.empty())
                o["description"] = e.description;
            Json set = Json::object();
            for (const auto &[path, value] : e.set)
                set[path] = value;
            o["set"] = std::move(set);
            appendExtra(o, e.extra);
            experiments.push_back(std::move(o));
        }
        doc["experiments"] = std::move(experiments);
    }

    if (!(m.diagram == defaultDiagram)) {
        Json o = Json::object();
        if (!m.diagram.nodes.empty()) {
            Json nodes = Json::object();
            for (const auto &[id, node] : m.diagram.nodes) {
                Json x = Json::object();
                x["x"] = number(node.x);
                x["y"] = number(node.y);
                appendExtra(x, node.extra);
                nodes[id] = std::move(x);
            }
            o["nodes"] = std::move(nodes);
        }
        if (!m.diagram.notes.empty()) {
            Json notes = Json::array();
            for (const Note &n : m.diagram.notes) {
                Json x = Json::object();
                x["text"] = n.text;
                x["x"] = number(n.x);
                x["y"] = number(n.y);
                appendExtra(x, n.extra);
                notes.push_back(std::move(x));
            }
            o["notes"] = std::move(notes);
        }
        appendExtra(o, m.diagram.extra);
        doc["diagram"] = std::move(o);
    }

    appendExtra(doc, m.extra);
    return doc;
}

std::string serializeModel(const Model &model)
{
    // replace: a string that is not valid UTF-8 must not make saving throw.
    return modelToJson(model).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool saveModelFile(const Model &model, const std::string &path, std::string *error)
{
    auto fail = [&](const std::string &message) {
        if (error)
            *error = message;
        return false;
    };
    std::string text;
    try {
        text = serializeModel(model);
    } catch (const std::exception &e) {
        return fail(std::string("cannot write the model: ") + e.what());
    }

    std::string message;
    if (!writeFileAtomically(path, text, &message))
        return fail("cannot save " + path + ": " + message);
    return true;
}

} // namespace cqrs
