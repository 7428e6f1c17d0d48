#pragma once

// Small models built in C++ for the engine tests (no loader involved).

#include "cqrs/model/model.h"
#include "cqrs/sim/simulation.h"

#include <QByteArray>
#include <QDebug>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QString>

#include <string>

namespace cqrs::simtest {

/// What a run of a program printed and returned; exitCode -1 when it did not
/// finish within a minute (killed), -2 when it crashed.
struct CliOutcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs `program args` (cqrs-sim, for the CLI tests) to its end.
inline CliOutcome runCli(const QString &program, const QStringList &args,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    CliOutcome o;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return o;
    }
    o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    o.out = p.readAllStandardOutput();
    o.err = p.readAllStandardError();
    return o;
}

/// One "FIDELITY|check|theory|simulated|tolerance" line for docs/fidelity.md.
inline void report(const char *check, double theory, double simulated, const QString &tolerance)
{
    qInfo().noquote() << QStringLiteral("FIDELITY|%1|%2|%3|%4")
                             .arg(QString::fromUtf8(check))
                             .arg(theory, 0, 'g', 6)
                             .arg(simulated, 0, 'g', 6)
                             .arg(tolerance);
}

/// One aggregate, one command emitting one event, the write side and the bus
/// with defaults; read models added by addReadModel().
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

inline ReadModel &addReadModel(Model &m, const std::string &id, Distribution delay = Distribution::constant(0),
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

inline double num(const Json &j, std::initializer_list<const char *> path)
{
    const Json *p = &j;
    for (const char *k : path)
        p = &(*p)[k];
    return p->get<double>();
}

/// Result JSON text without engine.wallSeconds (the only wall-clock field).
inline std::string withoutWallClock(Json result)
{
    result["engine"].erase("wallSeconds");
    return result.dump();
}

} // namespace cqrs::simtest
