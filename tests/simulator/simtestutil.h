#pragma once

// What the engine and CLI tests share: running the CLI, fidelity report
// lines, result figures; the models come from tests/common/testmodels.h.

#include "testmodels.h"

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

// The model builders live in tests/common for every layer's tests.
using testing::addQuery;
using testing::addReadModel;
using testing::tandem;

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
    return testing::resultWithoutWallClock(std::move(result)).dump();
}

} // namespace cqrs::simtest
