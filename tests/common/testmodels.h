#pragma once

// Models for the tests of every layer (model, simulator, GUI): the shipped
// examples as the loader reads them, small models built in C++ without the
// loader, a load's diagnostics as one readable text for failure messages,
// and results without their wall-clock figure.
// Header-only; every test program gets tests/common on its include path
// (cqrs_add_qt_test links Cqrs::TestCommon).

#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <cqrs/model/diagnostic.h>
#include <cqrs/model/model.h>
#include <cqrs/model/modeljson.h>
#include <cstdint>
#include <string>

namespace cqrs::testing {

/// The path of a shipped example, e.g. examplePath("user-profile.cqrs.json").
inline std::string examplePath(const std::string &file)
{
    return std::string(CQRS_SOURCE_DIR) + "/resources/examples/" + file;
}

/// One line per diagnostic: "error /readModels/0/consumers: ... [user-view]".
inline QString describe(const Diagnostics &diagnostics)
{
    QStringList lines;
    for (const Diagnostic &d : diagnostics) {
        std::string line = (d.isError() ? "error " : "warning ") + d.located();
        if (!d.elementId.empty())
            line += " [" + d.elementId + "]";
        lines << QString::fromStdString(line);
    }
    return lines.join(QLatin1Char('\n'));
}

/// A shipped example as the loader reads it; stops the test program with the
/// loader's messages when it does not load.
inline Model example(const std::string &file)
{
    const std::string path = examplePath(file);
    ModelLoadResult loaded = loadModelFile(path);
    if (!loaded.ok())
        qFatal("cannot load %s:\n%s", path.c_str(), qPrintable(describe(loaded.diagnostics)));
    return *loaded.model;
}

/// A shipped example shortened (or lengthened) like `cqrs-sim run --duration S`.
inline Model example(const std::string &file, double duration)
{
    Model model = example(file);
    model.workload.duration = duration;
    return model;
}

/// Model JSON text as the loader reads it; stops the test program when it
/// does not load.
inline Model parse(const std::string &text)
{
    ModelLoadResult loaded = parseModel(text);
    if (!loaded.ok())
        qFatal("test model does not load:\n%s", qPrintable(describe(loaded.diagnostics)));
    return *loaded.model;
}

/// One aggregate, one command emitting one event, the write side and the bus
/// with defaults; read models and queries added by addReadModel() and addQuery().
inline Model tandem(double commandRate, Distribution handler, std::int64_t instances = 1000,
                    double duration = 100.0)
{
    Model m;
    m.name = "test";
    Aggregate a;
    a.id = "agg";
    a.name = "Agg";
    a.instances = instances;
    m.aggregates.push_back(a);
    Command c;
    c.id = "cmd";
    c.name = "Cmd";
    c.aggregate = "agg";
    c.handlerTime = handler;
    c.emits = {"ev"};
    m.commands.push_back(c);
    Event e;
    e.id = "ev";
    e.name = "Ev";
    e.aggregate = "agg";
    m.events.push_back(e);
    m.workload.duration = duration;
    m.workload.commandRate = commandRate;
    m.workload.seed = 1;
    return m;
}

/// A streaming read model subscribed to tandem()'s event.
inline ReadModel &addReadModel(Model &m, const std::string &id,
                               Distribution delay = Distribution::constant(0),
                               Distribution apply = Distribution::constant(0), int consumers = 1)
{
    ReadModel r;
    r.id = id;
    r.name = id;
    r.subscribes = {"ev"};
    r.consumers = consumers;
    r.update.delay = delay;
    r.applyTime = apply;
    m.readModels.push_back(r);
    return m.readModels.back();
}

inline Query &addQuery(Model &m, const std::string &id, const std::string &readModel,
                       Strategy strategy = Strategy::Eventual)
{
    Query q;
    q.id = id;
    q.name = id;
    q.readModel = readModel;
    q.consistency.strategy = strategy;
    m.queries.push_back(q);
    return m.queries.back();
}

/// "Pick": two commands on three keys. `rename` (one in four commands)
/// reaches the slow `view` (every read of the key in the next half second is
/// stale), `tag` only the quick `tags`. 60 s, a sample a second. The tests of
/// picking what to trace (engine, CLI and GUI) use it.
inline Json pickModelJson()
{
    return Json::parse(R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Pick",
  "aggregates": [ { "id": "user", "instances": 3 } ],
  "commands": [
    { "id": "rename", "aggregate": "user", "share": 1, "handlerTime": 0.002, "emits": ["renamed"] },
    { "id": "tag", "aggregate": "user", "share": 3, "handlerTime": 0.002, "emits": ["tagged"] } ],
  "events": [ { "id": "renamed", "aggregate": "user" }, { "id": "tagged", "aggregate": "user" } ],
  "eventBus": { "partitions": 2, "publishDelay": 0.005 },
  "readModels": [
    { "id": "view", "subscribes": ["renamed"], "update": { "mode": "streaming", "delay": 0.5 }, "applyTime": 0.001 },
    { "id": "tags", "subscribes": ["tagged"], "update": { "mode": "streaming", "delay": 0.01 }, "applyTime": 0.001 } ],
  "queries": [ { "id": "get", "readModel": "view" } ],
  "workload": { "duration": 60, "warmup": 5, "seed": 3, "commandRate": 2, "queryRate": 40,
                "sampleInterval": 1 }
})");
}

inline Model pickModel()
{
    return parse(pickModelJson().dump());
}

/// "Trace": one key and constant times, so a command's journey can be timed
/// exactly: `rename` (handler 2 ms) emits `renamed` (published after 5 ms);
/// the read model `view` is 50 ms behind the bus, applies in 1 ms and is down
/// from 20 s to 30 s; the policy `notify` is 300 ms behind, applies in 200 ms
/// and issues `mail` on another aggregate; every rename is followed 10 ms
/// later by a wait-for-version read `get-wait`; plain eventual reads `get`
/// of the key 20 times a second. 40 s, seed 11, a command every 5 s. The
/// trace tests (engine, trace view, replay) use it, some without a part.
inline Json traceModelJson()
{
    return Json::parse(R"({
  "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Trace",
  "aggregates": [ { "id": "user", "instances": 1 }, { "id": "mailbox", "instances": 3 } ],
  "commands": [
    { "id": "rename", "aggregate": "user", "handlerTime": 0.002, "emits": ["renamed"],
      "followUp": { "query": "get-wait", "probability": 1, "after": 0.01 } },
    { "id": "mail", "aggregate": "mailbox", "share": 0, "handlerTime": 0.001 } ],
  "events": [ { "id": "renamed", "aggregate": "user" } ],
  "eventBus": { "partitions": 4, "publishDelay": 0.005 },
  "readModels": [ { "id": "view", "subscribes": ["renamed"],
                    "update": { "mode": "streaming", "delay": 0.05 }, "applyTime": 0.001,
                    "outages": [ { "at": 20, "duration": 10 } ] } ],
  "policies": [ { "id": "notify", "subscribes": ["renamed"], "issues": "mail",
                  "update": { "mode": "streaming", "delay": 0.3 }, "applyTime": 0.2 } ],
  "queries": [
    { "id": "get-wait", "readModel": "view", "share": 0,
      "consistency": { "strategy": "wait-for-version", "pollInterval": 0.02, "timeout": 1 } },
    { "id": "get", "readModel": "view" } ],
  "workload": { "duration": 40, "warmup": 5, "seed": 11, "commandRate": 0.2, "queryRate": 20,
                "sampleInterval": 1 }
})");
}

inline Model traceModel()
{
    return parse(traceModelJson().dump());
}

/// What growingModelJson() builds: one command type on `instances` keys
/// into `workers` workers, and one read model with one consumer that applies
/// 1/applyTime events per second (100), behind `commandRate` commands per
/// second: its backlog grows by about commandRate - 100 per second.
struct GrowingModel
{
    GrowingModel(double duration, double commandRate)
        : duration(duration)
        , commandRate(commandRate)
    {}

    double duration;
    double commandRate;
    double handlerTime = 0.00001;
    int workers = 8;
    double applyTime = 0.01;
    std::int64_t instances = 1000;
};

/// The model text (the memory-bound and out-of-memory tests write it to files
/// for the command line too).
inline std::string growingModelJson(const GrowingModel &g)
{
    return R"({"format": "cqrs-studio/model", "schemaVersion": 1, "name": "growing",
  "aggregates": [{"id": "account", "instances": )"
           + std::to_string(g.instances) + R"(}],
  "commands": [{"id": "deposit", "aggregate": "account", "handlerTime": )"
           + std::to_string(g.handlerTime) + R"(, "emits": ["deposited"]}],
  "events": [{"id": "deposited", "aggregate": "account"}],
  "writeSide": {"workers": )"
           + std::to_string(g.workers) + R"(},
  "eventBus": {"partitions": 4},
  "readModels": [{"id": "slow-view", "subscribes": ["deposited"], "consumers": 1, "applyTime": )"
           + std::to_string(g.applyTime) + R"(}],
  "queries": [],
  "workload": {"duration": )"
           + std::to_string(g.duration) + R"(, "commandRate": )" + std::to_string(g.commandRate)
           + "}}\n";
}

/// A result without engine.wallSeconds, its only wall-clock figure: two runs
/// of one model and seed compare equal.
inline Json resultWithoutWallClock(Json result)
{
    result["engine"].erase("wallSeconds");
    return result;
}

} // namespace cqrs::testing
