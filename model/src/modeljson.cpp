#include "cqrs/model/modeljson.h"

#include "cqrs/model/fileio.h"
#include "cqrs/model/validation.h"
#include "modelinternal_p.h"
#include "modeljson_p.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <limits>
#include <span>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace cqrs {

using namespace std::string_view_literals;
using detail::childPath;
using namespace detail;

namespace {

// ---------------------------------------------------------------------------
// Reading the document into a Model

class Reader
{
public:
    Diagnostics diagnostics;
    std::vector<std::string> brokenPaths;
    detail::ValidateOptions validateOptions;
    bool stopped = false;  ///< the document cannot be judged further
    bool lenient = false;  ///< ModelLoadOptions::keepInvalid
    bool headerOk = false; ///< right format and a schemaVersion this build reads

    // The loader's own errors are never found again by validateModel(): lossy.
    void error(const std::string &path, const std::string &elementId, std::string message)
    {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Error;
        d.path = path;
        d.elementId = elementId;
        d.message = std::move(message);
        d.lossy = true;
        diagnostics.push_back(std::move(d));
        brokenPaths.push_back(path);
    }

    // A value of the wrong type: the model keeps the field's default.
    void replaced(const std::string &path, const std::string &elementId, std::string message)
    {
        if (lenient)
            message += " (replaced by the default)";
        error(path, elementId, std::move(message));
        diagnostics.back().replacedByDefault = lenient;
    }

    // A list item of the wrong type: the list keeps the other items.
    void leftOut(const std::string &path, const std::string &elementId, std::string message)
    {
        if (lenient)
            message += " (left out)";
        error(path, elementId, std::move(message));
    }

    void warning(const std::string &path, const std::string &elementId, std::string message)
    {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Warning;
        d.path = path;
        d.elementId = elementId;
        d.message = std::move(message);
        diagnostics.push_back(std::move(d));
    }

    // Checks that `value` is an object, keeps and reports its unknown fields.
    bool object(const Json &value, const std::string &path, const std::string &id, FieldList known,
                Json &extra, std::string_view what)
    {
        if (!value.is_object()) {
            replaced(path, id, std::string(what) + " must be an object, not " + typeName(value));
            return false;
        }
        // Elements name themselves: their own id is where the problem belongs.
        std::string owner = id;
        if (owner.empty()) {
            if (const auto own = value.find("id"); own != value.end() && own->is_string())
                owner = own->get<std::string>();
        }
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!contains(known, it.key())) {
                extra[it.key()] = it.value();
                warning(childPath(path, it.key()), owner,
                        "unknown field " + quote(it.key())
                            + " (kept when saving; this version ignores it)");
            }
        }
        return true;
    }

    const Json *member(const Json &obj, std::string_view key, const std::string &path,
                       const std::string &id, bool required, std::string_view hint = {})
    {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) {
                std::string message = "missing required field " + quote(key);
                if (!hint.empty())
                    message += " (" + std::string(hint) + ")";
                error(childPath(path, key), id, std::move(message));
            }
            return nullptr;
        }
        return &*it;
    }

    bool readString(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, std::string &out, bool required = false,
                    std::string_view hint = {})
    {
        const Json *v = member(obj, key, path, id, required, hint);
        if (!v)
            return false;
        if (!v->is_string()) {
            replaced(childPath(path, key), id,
                     quote(key) + " must be a string, not " + typeName(*v));
            return false;
        }
        out = v->get<std::string>();
        return true;
    }

    bool readNumber(const Json &value, const std::string &path, const std::string &id,
                    std::string_view key, double &out)
    {
        if (!value.is_number()) {
            replaced(path, id, quote(key) + " must be a number, not " + typeName(value));
            return false;
        }
        const double d = value.get<double>();
        if (!std::isfinite(d)) {
            replaced(path, id, quote(key) + " must be a finite number");
            return false;
        }
        out = d;
        return true;
    }

    bool readDouble(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, double &out, bool required = false)
    {
        const Json *v = member(obj, key, path, id, required);
        return v && readNumber(*v, childPath(path, key), id, key, out);
    }

    bool readInt64(const Json &obj, std::string_view key, const std::string &path,
                   const std::string &id, std::int64_t &out, std::int64_t min, std::int64_t max,
                   bool required = false)
    {
        const Json *v = member(obj, key, path, id, required);
        if (!v)
            return false;
        const std::string at = childPath(path, key);
        if (v->is_number_integer() && !v->is_number_unsigned()) {
            out = v->get<std::int64_t>();
        } else if (v->is_number_unsigned()) {
            const auto u = v->get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                replaced(at, id, quote(key) + " is too large: " + std::to_string(u));
                return false;
            }
            out = static_cast<std::int64_t>(u);
        } else if (v->is_number_float()) {
            const double d = v->get<double>();
            if (!std::isfinite(d) || d != std::trunc(d)) {
                replaced(at, id, quote(key) + " must be a whole number, not " + v->dump());
                return false;
            }
            if (d < -9.0e18 || d > 9.0e18) {
                replaced(at, id,
                         quote(key) + (d < 0 ? " is too small: " : " is too large: ") + v->dump());
                return false;
            }
            out = static_cast<std::int64_t>(d);
        } else {
            replaced(at, id, quote(key) + " must be a whole number, not " + typeName(*v));
            return false;
        }
        out = std::clamp(out, min, max);
        return true;
    }

    bool readInt(const Json &obj, std::string_view key, const std::string &path,
                 const std::string &id, int &out)
    {
        std::int64_t v = 0;
        if (!readInt64(obj, key, path, id, v, std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max()))
            return false;
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
            replaced(childPath(path, key), id,
                     quote(key) + " is out of range: " + std::to_string(v));
            return false;
        }
        out = static_cast<int>(v);
        return true;
    }

    bool readBool(const Json &obj, std::string_view key, const std::string &path,
                  const std::string &id, bool &out)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return false;
        if (!v->is_boolean()) {
            replaced(childPath(path, key), id,
                     quote(key) + " must be true or false, not " + typeName(*v));
            return false;
        }
        out = v->get<bool>();
        return true;
    }

    bool readIdList(const Json &obj, std::string_view key, const std::string &path,
                    const std::string &id, std::vector<std::string> &out, bool required,
                    std::string_view hint = {})
    {
        const Json *v = member(obj, key, path, id, required, hint);
        if (!v)
            return false;
        const std::string at = childPath(path, key);
        if (!v->is_array()) {
            replaced(at, id, quote(key) + " must be an array of ids, not " + typeName(*v));
            return false;
        }
        out.clear();
        bool ok = true;
        for (std::size_t i = 0; i < v->size(); ++i) {
            const Json &item = (*v)[i];
            if (!item.is_string()) {
                leftOut(childPath(at, i), id, "an id must be a string, not " + typeName(item));
                ok = false;
                continue;
            }
            out.push_back(item.get<std::string>());
        }
        return ok;
    }

    template<typename Enum, std::size_t N>
    bool readEnum(const Json &obj, std::string_view key, const std::string &path,
                  const std::string &id, Enum &out, const std::array<Enum, N> &values,
                  bool required = false)
    {
        std::string text;
        if (!readString(obj, key, path, id, text, required))
            return false;
        std::string allowed;
        for (Enum e : values) {
            if (toString(e) == text) {
                out = e;
                return true;
            }
            allowed += (allowed.empty() ? "" : ", ") + std::string(toString(e));
        }
        replaced(childPath(path, key), id,
                 "unknown " + std::string(key) + " " + quote(text) + " (expected one of: " + allowed
                     + ")");
        return false;
    }

    bool readDistribution(const Json &obj, std::string_view key, const std::string &path,
                          const std::string &id, Distribution &out)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return false;
        return readDistributionValue(*v, childPath(path, key), id, key, out);
    }

    bool readDistributionValue(const Json &v, const std::string &path, const std::string &id,
                               std::string_view key, Distribution &out)
    {
        if (v.is_number()) {
            double value = 0;
            if (!readNumber(v, path, id, key, value))
                return false;
            out = Distribution::constant(value);
            return true;
        }
        if (!v.is_object()) {
            replaced(path, id,
                     quote(key)
                         + " must be a distribution (a number, or an object such as "
                           "{\"dist\": \"exponential\", \"mean\": 0.01}), not "
                         + typeName(v));
            return false;
        }
        Distribution d;
        std::string distName;
        if (!readString(v, "dist", path, id, distName, true,
                        "constant, exponential, uniform, normal or lognormal"))
            return false;
        if (!fromString(distName, d.kind)) {
            replaced(childPath(path, "dist"), id,
                     "unknown distribution " + quote(distName)
                         + " (expected constant, exponential, uniform, normal or lognormal)");
            return false;
        }
        bool ok = true;
        for (int i = 0; i < d.parameterCount(); ++i) {
            double &target = i == 0 ? d.p1 : d.p2;
            if (!readDouble(v, d.parameterName(i), path, id, target, true))
                ok = false;
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string &name = it.key();
            if (name == "dist" || name == d.parameterName(0)
                || (d.parameterCount() == 2 && name == d.parameterName(1)))
                continue;
            d.extra[name] = it.value();
            if (contains(kDistributionFields, name)) {
                warning(childPath(path, name), id,
                        quote(name) + " is not a parameter of a " + distName
                            + " distribution (kept when saving; ignored)");
            } else {
                warning(childPath(path, name), id,
                        "unknown field " + quote(name)
                            + " (kept when saving; this version ignores it)");
            }
        }
        if (ok)
            out = std::move(d);
        return ok;
    }

    template<typename T, typename Fn>
    void readArray(const Json &obj, std::string_view key, const std::string &path,
                   const std::string &id, std::vector<T> &out, Fn readItem, bool *broken = nullptr)
    {
        const Json *v = member(obj, key, path, id, false);
        if (!v)
            return;
        const std::string at = childPath(path, key);
        if (!v->is_array()) {
            replaced(at, id, quote(key) + " must be an array, not " + typeName(*v));
            if (broken)
                *broken = true;
            return;
        }
        out.clear();
        out.reserve(v->size());
        for (std::size_t i = 0; i < v->size(); ++i) {
            out.emplace_back();
            readItem((*v)[i], childPath(at, i), out.back());
        }
    }

    // id and name of an element; returns the id for diagnostics.
    template<typename T>
    std::string readIdentity(const Json &obj, const std::string &path, T &element)
    {
        std::string id;
        if (const auto it = obj.find("id"); it != obj.end() && it->is_string())
            id = it->template get<std::string>();
        readString(obj, "id", path, id, element.id, true, "a unique id such as \"user-view\"");
        if (!readString(obj, "name", path, id, element.name))
            element.name = element.id;
        return id;
    }

    void readFieldSpecs(const Json &obj, const std::string &path, const std::string &id,
                        std::vector<FieldSpec> &out)
    {
        readArray(obj, "fields", path, id, out,
                  [&](const Json &v, const std::string &at, FieldSpec &f) {
                      if (!object(v, at, id, kFieldSpecFields, f.extra, "a field"))
                          return;
                      readString(v, "name", at, id, f.name, true);
                      readString(v, "type", at, id, f.type);
                  });
    }

    void readAggregate(const Json &v, const std::string &path, Aggregate &a)
    {
        if (!object(v, path, {}, kAggregateFields, a.extra, "an aggregate"))
            return;
        const std::string id = readIdentity(v, path, a);
        readInt64(v, "instances", path, id, a.instances, std::numeric_limits<std::int64_t>::min(),
                  std::numeric_limits<std::int64_t>::max());
    }

    void readCommand(const Json &v, const std::string &path, Command &c)
    {
        if (!object(v, path, {}, kCommandFields, c.extra, "a command"))
            return;
        const std::string id = readIdentity(v, path, c);
        readString(v, "aggregate", path, id, c.aggregate, true, "the id of an aggregate");
        readDouble(v, "share", path, id, c.share);
        readDistribution(v, "handlerTime", path, id, c.handlerTime);
        readDouble(v, "rejectRate", path, id, c.rejectRate);
        readIdList(v, "emits", path, id, c.emits, false);
        readFieldSpecs(v, path, id, c.fields);
        if (const Json *f = member(v, "followUp", path, id, false)) {
            const std::string at = childPath(path, "followUp");
            FollowUp followUp;
            if (object(*f, at, id, kFollowUpFields, followUp.extra, "\"followUp\"")) {
                readString(*f, "query", at, id, followUp.query, true, "the id of a query");
                readDouble(*f, "probability", at, id, followUp.probability);
                readDistribution(*f, "after", at, id, followUp.after);
                c.followUp = std::move(followUp);
            }
        }
        readString(v, "validatesAgainst", path, id, c.validatesAgainst);
    }

    void readEvent(const Json &v, const std::string &path, Event &e)
    {
        if (!object(v, path, {}, kEventFields, e.extra, "an event"))
            return;
        const std::string id = readIdentity(v, path, e);
        readString(v, "aggregate", path, id, e.aggregate, true, "the id of an aggregate");
        readFieldSpecs(v, path, id, e.fields);
    }

    void readConsumer(const Json &v, const std::string &path, const std::string &id,
                      ConsumerSpec &c)
    {
        readIdList(v, "subscribes", path, id, c.subscribes, true, "the ids of events");
        readInt(v, "consumers", path, id, c.consumers);
        if (const Json *u = member(v, "update", path, id, false)) {
            const std::string at = childPath(path, "update");
            UpdateSpec update;
            if (object(*u, at, id, kUpdateFields, update.extra, "\"update\"")) {
                static constexpr std::array modes = {UpdateMode::Streaming, UpdateMode::Batch};
                readEnum(*u, "mode", at, id, update.mode, modes);
                readDistribution(*u, "delay", at, id, update.delay);
                readDouble(*u, "interval", at, id, update.interval,
                           update.mode == UpdateMode::Batch);
                readDouble(*u, "offset", at, id, update.offset);
                c.update = std::move(update);
            }
        }
        readDistribution(v, "applyTime", path, id, c.applyTime);
        readArray(v, "outages", path, id, c.outages,
                  [&](const Json &o, const std::string &at, Outage &outage) {
                      if (!object(o, at, id, kOutageFields, outage.extra, "an outage"))
                          return;
                      readDouble(o, "at", at, id, outage.at, true);
                      readDouble(o, "duration", at, id, outage.duration, true);
                  });
        readBool(v, "idempotent", path, id, c.idempotent);
    }

    void readReadModel(const Json &v, const std::string &path, ReadModel &r)
    {
        if (!object(v, path, {}, kReadModelFields, r.extra, "a read model"))
            return;
        const std::string id = readIdentity(v, path, r);
        readString(v, "store", path, id, r.store);
        readConsumer(v, path, id, r);
        readArray(v, "rebuilds", path, id, r.rebuilds,
                  [&](const Json &o, const std::string &at, Rebuild &rebuild) {
                      if (!object(o, at, id, kRebuildFields, rebuild.extra, "a rebuild"))
                          return;
                      readDouble(o, "at", at, id, rebuild.at, true);
                  });
        if (const Json *b = member(v, "staleBudget", path, id, false)) {
            const std::string at = childPath(path, "staleBudget");
            StaleBudget budget;
            if (object(*b, at, id, kStaleBudgetFields, budget.extra, "\"staleBudget\"")) {
                readDouble(*b, "p99", at, id, budget.p99, true);
                r.staleBudget = std::move(budget);
            }
        }
    }

    void readPolicy(const Json &v, const std::string &path, Policy &p)
    {
        if (!object(v, path, {}, kPolicyFields, p.extra, "a policy"))
            return;
        const std::string id = readIdentity(v, path, p);
        readConsumer(v, path, id, p);
        readString(v, "issues", path, id, p.issues, true, "the id of the command it issues");
        readDouble(v, "probability", path, id, p.probability);
    }

    void readQuery(const Json &v, const std::string &path, Query &q)
    {
        if (!object(v, path, {}, kQueryFields, q.extra, "a query"))
            return;
        const std::string id = readIdentity(v, path, q);
        readString(v, "readModel", path, id, q.readModel, true, "the id of a read model");
        readDouble(v, "share", path, id, q.share);
        readDistribution(v, "readTime", path, id, q.readTime);
        if (const Json *c = member(v, "consistency", path, id, false)) {
            const std::string at = childPath(path, "consistency");
            Consistency consistency;
            if (object(*c, at, id, kConsistencyFields, consistency.extra, "\"consistency\"")) {
                static constexpr std::array strategies
                    = {Strategy::Eventual, Strategy::WaitForVersion, Strategy::ReadFromWriteModel,
                       Strategy::OptimisticUi};
                readEnum(*c, "strategy", at, id, consistency.strategy, strategies, true);
                readDouble(*c, "pollInterval", at, id, consistency.pollInterval);
                readDouble(*c, "timeout", at, id, consistency.timeout);
                q.consistency = std::move(consistency);
            }
        }
    }

    void readWorkload(const Json &v, const std::string &path, Workload &w)
    {
        if (!object(v, path, {}, kWorkloadFields, w.extra, "\"workload\""))
            return;
        readDouble(v, "duration", path, {}, w.duration, true);
        readDouble(v, "warmup", path, {}, w.warmup);
        readInt64(v, "seed", path, {}, w.seed, std::numeric_limits<std::int64_t>::min(),
                  std::numeric_limits<std::int64_t>::max());
        readDouble(v, "commandRate", path, {}, w.commandRate);
        readArray(v, "rateProfile", path, {}, w.rateProfile,
                  [&](const Json &o, const std::string &at, RateStep &step) {
                      if (!object(o, at, {}, kRateStepFields, step.extra, "a rate step"))
                          return;
                      readDouble(o, "at", at, {}, step.at, true);
                      readDouble(o, "factor", at, {}, step.factor, true);
                  });
        readDouble(v, "queryRate", path, {}, w.queryRate);
        if (const Json *k = member(v, "keys", path, {}, false)) {
            const std::string at = childPath(path, "keys");
            KeySpec keys;
            if (object(*k, at, {}, kKeysFields, keys.extra, "\"keys\"")) {
                static constexpr std::array dists = {KeyDist::Uniform, KeyDist::Zipf};
                readEnum(*k, "dist", at, {}, keys.dist, dists, true);
                readDouble(*k, "s", at, {}, keys.s, keys.dist == KeyDist::Zipf);
                w.keys = std::move(keys);
            }
        }
        double sampleInterval = 0;
        if (readDouble(v, "sampleInterval", path, {}, sampleInterval))
            w.sampleInterval = sampleInterval;
    }

    void readDiagram(const Json &v, const std::string &path, Diagram &d)
    {
        if (!object(v, path, {}, kDiagramFields, d.extra, "\"diagram\""))
            return;
        if (const Json *nodes = member(v, "nodes", path, {}, false)) {
            const std::string at = childPath(path, "nodes");
            if (!nodes->is_object()) {
                replaced(at, {},
                         "\"nodes\" must be an object keyed by element id, not "
                             + typeName(*nodes));
            } else {
                for (auto it = nodes->begin(); it != nodes->end(); ++it) {
                    const std::string nodePath = childPath(at, it.key());
                    NodePosition node;
                    if (!object(it.value(), nodePath, it.key(), kNodeFields, node.extra,
                                "a node position"))
                        continue;
                    readDouble(it.value(), "x", nodePath, it.key(), node.x);
                    readDouble(it.value(), "y", nodePath, it.key(), node.y);
                    d.nodes[it.key()] = std::move(node);
                }
            }
        }
        readArray(v, "notes", path, {}, d.notes,
                  [&](const Json &o, const std::string &at, Note &note) {
                      if (!object(o, at, {}, kNoteFields, note.extra, "a note"))
                          return;
                      readString(o, "text", at, {}, note.text);
                      readDouble(o, "x", at, {}, note.x);
                      readDouble(o, "y", at, {}, note.y);
                  });
    }

    void readModel(const Json &doc, Model &m)
    {
        if (!doc.is_object()) {
            error({}, {},
                  "the top level must be a JSON object (a CQRS Studio model), not "
                      + typeName(doc));
            stopped = true;
            return;
        }
        object(doc, {}, {}, kTopFields, m.extra, "the model");

        // A foreign or newer document: its other fields cannot be judged.
        bool formatOk = false;
        if (const Json *format
            = member(doc, "format", {}, {}, true,
                     "a model file starts with \"format\": \"cqrs-studio/model\"")) {
            if (!format->is_string()) {
                error("/format", {},
                      "\"format\" must be the string \"cqrs-studio/model\", not "
                          + typeName(*format));
                stopped = true;
                return;
            }
            if (format->get<std::string>() != kModelFormat) {
                error("/format", {},
                      "format is " + quote(format->get<std::string>())
                          + ", not \"cqrs-studio/model\": this is not a CQRS Studio model file");
                stopped = true;
                return;
            }
            formatOk = true;
        }
        std::int64_t version = 0;
        if (readInt64(doc, "schemaVersion", {}, {}, version,
                      std::numeric_limits<std::int64_t>::min(),
                      std::numeric_limits<std::int64_t>::max(), true)) {
            if (version > kModelSchemaVersion) {
                error(
                    "/schemaVersion", {},
                    "schemaVersion " + std::to_string(version)
                        + " is newer than this build understands ("
                        + std::to_string(kModelSchemaVersion)
                        + "): the file is from a newer CQRS Studio; update CQRS Studio to open it");
                stopped = true;
                return;
            }
            if (version < 1) {
                error("/schemaVersion", {},
                      "schemaVersion must be 1 or higher, not " + std::to_string(version));
            } else {
                m.schemaVersion = static_cast<int>(version);
                headerOk = formatOk;
            }
        }
        readString(doc, "name", {}, {}, m.name);
        readString(doc, "description", {}, {}, m.description);

        readArray(
            doc, "aggregates", {}, {}, m.aggregates,
            [&](const Json &v, const std::string &at, Aggregate &a) { readAggregate(v, at, a); },
            &validateOptions.brokenAggregates);
        readArray(
            doc, "commands", {}, {}, m.commands,
            [&](const Json &v, const std::string &at, Command &c) { readCommand(v, at, c); },
            &validateOptions.brokenCommands);
        readArray(
            doc, "events", {}, {}, m.events,
            [&](const Json &v, const std::string &at, Event &e) { readEvent(v, at, e); },
            &validateOptions.brokenEvents);
        if (const Json *w = member(doc, "writeSide", {}, {}, false)) {
            if (object(*w, "/writeSide", {}, kWriteSideFields, m.writeSide.extra,
                       "\"writeSide\"")) {
                readInt(*w, "workers", "/writeSide", {}, m.writeSide.workers);
                readInt(*w, "maxRetries", "/writeSide", {}, m.writeSide.maxRetries);
            }
        }
        if (const Json *b = member(doc, "eventBus", {}, {}, false)) {
            if (object(*b, "/eventBus", {}, kEventBusFields, m.eventBus.extra, "\"eventBus\"")) {
                readInt(*b, "partitions", "/eventBus", {}, m.eventBus.partitions);
                readDistribution(*b, "publishDelay", "/eventBus", {}, m.eventBus.publishDelay);
                readDouble(*b, "duplicateRate", "/eventBus", {}, m.eventBus.duplicateRate);
                static constexpr std::array orderings = {Ordering::Partition, Ordering::None};
                readEnum(*b, "ordering", "/eventBus", {}, m.eventBus.ordering, orderings);
            }
        }
        readArray(
            doc, "readModels", {}, {}, m.readModels,
            [&](const Json &v, const std::string &at, ReadModel &r) { readReadModel(v, at, r); },
            &validateOptions.brokenReadModels);
        readArray(
            doc, "policies", {}, {}, m.policies,
            [&](const Json &v, const std::string &at, Policy &p) { readPolicy(v, at, p); },
            &validateOptions.brokenPolicies);
        readArray(
            doc, "queries", {}, {}, m.queries,
            [&](const Json &v, const std::string &at, Query &q) { readQuery(v, at, q); },
            &validateOptions.brokenQueries);
        if (const Json *w
            = member(doc, "workload", {}, {}, true, "at least {\"duration\": seconds}"))
            readWorkload(*w, "/workload", m.workload);
        readArray(
            doc, "experiments", {}, {}, m.experiments,
            [&](const Json &v, const std::string &at, Experiment &e) { readExperiment(v, at, e); });
        if (const Json *d = member(doc, "diagram", {}, {}, false))
            readDiagram(*d, "/diagram", m.diagram);
    }

    void readExperiment(const Json &v, const std::string &path, Experiment &e)
    {
        if (!object(v, path, {}, kExperimentFields, e.extra, "an experiment"))
            return;
        readString(v, "title", path, {}, e.title, true,
                   "what the experiment changes, e.g. \"Batch the search index every 10 s\"");
        readString(v, "description", path, {}, e.description);
        const Json *set
            = member(v, "set", path, {}, true,
                     "--set paths and their values, e.g. {\"workload.commandRate\": 500}");
        if (!set)
            return;
        const std::string at = childPath(path, "set");
        if (!set->is_object()) {
            replaced(at, {},
                     "\"set\" must be an object of --set paths and their values, not "
                         + typeName(*set));
            return;
        }
        for (auto it = set->begin(); it != set->end(); ++it)
            e.set.emplace_back(it.key(), it.value());
        if (e.set.empty())
            warning(at, {}, "the experiment changes nothing: \"set\" is empty");
    }
};

bool isUnder(const std::string &path, const std::string &prefix)
{
    if (prefix.empty())
        return true;
    return path.size() >= prefix.size() && path.compare(0, prefix.size(), prefix) == 0
           && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

// Applies every experiment as the CLI's `--set` would and reports, at the
// experiment, a path that does not resolve or a result that is not a valid
// model. Warnings: the model itself still runs.
void checkExperiments(const Json &document, const Model &model, bool modelValid, Diagnostics &out)
{
    if (model.experiments.empty() || !document.is_object())
        return;
    Json base = document;
    base.erase("experiments");
    auto warn = [&out](const std::string &path, std::string message) {
        Diagnostic d;
        d.severity = Diagnostic::Severity::Warning;
        d.path = path;
        d.message = std::move(message);
        out.push_back(std::move(d));
    };
    for (std::size_t i = 0; i < model.experiments.size(); ++i) {
        const Experiment &e = model.experiments[i];
        const std::string at = childPath(childPath(std::string(), "experiments"), i);
        Json changed = base;
        bool applied = true;
        for (const auto &[path, value] : e.set) {
            std::string error;
            if (!applySetOverride(changed, path, value, &error)) {
                warn(childPath(childPath(at, "set"), path),
                     "experiment " + quote(e.title) + " cannot be applied: " + error);
                applied = false;
            }
        }
        if (!applied || !modelValid || e.set.empty())
            continue;
        const ModelLoadResult result = modelFromJson(changed);
        for (const Diagnostic &d : result.diagnostics) {
            if (d.isError()) {
                warn(at,
                     "experiment " + quote(e.title) + " makes the model invalid: " + d.located());
                break;
            }
        }
    }
}

} // namespace

bool loadWasLossy(const ModelLoadResult &result)
{
    return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                       [](const Diagnostic &d) { return d.isError() && d.lossy; });
}

ModelLoadResult modelFromJson(const Json &document)
{
    return modelFromJson(document, ModelLoadOptions());
}

ModelLoadResult modelFromJson(const Json &document, const ModelLoadOptions &loadOptions)
{
    ModelLoadResult result;
    try {
        Reader reader;
        reader.lenient = loadOptions.keepInvalid;
        Model model;
        reader.readModel(document, model);
        const bool loaderErrors = hasErrors(reader.diagnostics);
        result.diagnostics = std::move(reader.diagnostics);
        if (!reader.stopped) {
            detail::ValidateOptions options = reader.validateOptions;
            options.skipPredictions = loaderErrors;
            for (Diagnostic &d : detail::validateModel(model, options)) {
                const bool suppressed
                    = std::any_of(reader.brokenPaths.begin(), reader.brokenPaths.end(),
                                  [&](const std::string &broken) {
                                      return !broken.empty() && isUnder(d.path, broken);
                                  });
                if (!suppressed)
                    result.diagnostics.push_back(std::move(d));
            }
        }
        if (!reader.stopped)
            checkExperiments(document, model, !hasErrors(result.diagnostics), result.diagnostics);
        if (!hasErrors(result.diagnostics)
            || (loadOptions.keepInvalid && !reader.stopped && reader.headerOk))
            result.model = std::move(model);
    } catch (const std::exception &e) {
        result.model.reset();
        Diagnostic d;
        d.message = std::string("internal error while reading the model: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    } catch (...) {
        result.model.reset();
        Diagnostic d;
        d.message = "internal error while reading the model";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

ModelLoadResult parseModel(std::string_view text)
{
    return parseModel(text, ModelLoadOptions());
}

ModelLoadResult parseModel(std::string_view text, const ModelLoadOptions &options)
{
    JsonParseResult parsed = parseJsonText(text);
    if (!parsed.json) {
        ModelLoadResult result;
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    ModelLoadResult result = modelFromJson(*parsed.json, options);
    if (!parsed.json->is_object()) {
        // Point at the value that should have been an object.
        if (text.starts_with("\xEF\xBB\xBF"))
            text.remove_prefix(3);
        const auto first = text.find_first_not_of(" \t\r\n");
        const TextPosition pos = positionOf(text, first == std::string_view::npos ? 0 : first);
        for (Diagnostic &d : result.diagnostics) {
            if (d.path.empty() && d.line == 0) {
                d.line = pos.line;
                d.column = pos.column;
            }
        }
    }
    if (!parsed.diagnostics.empty()) {
        result.diagnostics.insert(result.diagnostics.begin(), parsed.diagnostics.begin(),
                                  parsed.diagnostics.end());
        if (hasErrors(parsed.diagnostics))
            result.model.reset();
    }
    return result;
}

ModelLoadResult loadModelFile(const std::string &path)
{
    return loadModelFile(path, ModelLoadOptions());
}

ModelLoadResult loadModelFile(const std::string &path, const ModelLoadOptions &options)
{
    ModelLoadResult result;
    try {
        auto fail = [&](std::string message) {
            Diagnostic d;
            d.message = std::move(message);
            result.diagnostics.push_back(std::move(d));
            return result;
        };
        std::string text;
        std::string error;
        if (!readRegularFile(path, kMaxModelFileBytes, &text, &error))
            return fail("cannot open the file: " + error);
        return parseModel(text, options);
    } catch (const std::exception &e) {
        result.model.reset();
        Diagnostic d;
        d.message = std::string("cannot read the file: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    } catch (...) {
        result.model.reset();
        Diagnostic d;
        d.message = "cannot read the file";
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

} // namespace cqrs
