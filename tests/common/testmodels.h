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

/// A result without engine.wallSeconds, its only wall-clock figure: two runs
/// of one model and seed compare equal.
inline Json resultWithoutWallClock(Json result)
{
    result["engine"].erase("wallSeconds");
    return result;
}

} // namespace cqrs::testing
