// Picking the command to trace (issue 12): only a command whose events reach
// a given read model or policy (TraceRequest::reaching, `--reaching`), and
// the first one whose journey has a stale read (TraceRequest::staleRead,
// `--stale-read`); the trace's older requests keep their exact bytes.
#include "simtestutil.h"
#include "testtraces.h"

#include "cqrs/model/modeljson.h"
#include "cqrs/sim/trace.h"

#include <QtTest>

#include <QTemporaryDir>

#include <optional>

using namespace cqrs;
using namespace cqrs::simtest;

namespace {

// pickModel(): `rename` reaches the slow `view` (reads of the key in the next
// half second are stale), `tag` (three in four commands) only `tags`.
using testing::pickModel;
using testing::traceOf;

sim::TraceRequest request(double at, const std::string &type = {}, const std::string &reaching = {},
                          bool staleRead = false)
{
    sim::TraceRequest r;
    r.at = at;
    r.commandType = type;
    r.reaching = reaching;
    r.staleRead = staleRead;
    return r;
}

CliOutcome cli(const QStringList &args)
{
    return runCli(QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-sim/cqrs-sim"), args);
}

} // namespace

class TestSimTracePick : public QObject
{
    Q_OBJECT

private slots:
    void reachingPicksACommandWhoseEventsGetThere();
    void reachingUnknownIsAnError();
    void staleReadMeansOldData();
    void staleReadFindsOne();
    void staleReadNoneWhenReadsAreFresh();
    void staleReadChangesNoResult();
    void jsonKeysOnlyWhenAsked();
    void cliReachingAndStaleRead();
};

void TestSimTracePick::reachingPicksACommandWhoseEventsGetThere()
{
    const Model m = pickModel();
    QVERIFY(!m.commands.empty());
    // Three in four commands are `tag`: the first command after 10 s of any
    // type is a tag often enough that some times differ with the filter.
    int differing = 0;
    for (double at : {10.0, 11.0, 12.0, 13.0, 14.0, 15.0}) {
        const sim::Trace any = traceOf(m, request(at));
        const sim::Trace view = traceOf(m, request(at, {}, "view"));
        QVERIFY(view.found);
        QCOMPARE(view.commandType, std::string("rename"));
        QCOMPARE(view.requestedReaching, std::string("view"));
        QVERIFY(view.issuedAt >= at);
        QVERIFY(view.issuedAt >= any.issuedAt);
        bool reachesView = false;
        for (const sim::TraceEvent &e : view.events) {
            for (const sim::TraceDelivery &d : e.deliveries)
                reachesView = reachesView || d.to == "view";
        }
        QVERIFY(reachesView);
        if (any.commandType != view.commandType)
            ++differing;
        const sim::Trace tags = traceOf(m, request(at, {}, "tags"));
        QCOMPARE(tags.commandType, std::string("tag"));
        // With the type too: both must hold (tag never reaches view).
        QVERIFY(!traceOf(m, request(at, "tag", "view")).found);
    }
    QVERIFY(differing > 0);
}

void TestSimTracePick::reachingUnknownIsAnError()
{
    const Model m = pickModel();
    sim::SimulationOptions options;
    options.trace = request(10, {}, "nope");
    QVERIFY_THROWS_EXCEPTION(sim::SimulationError, sim::Simulation(m, options));
}

void TestSimTracePick::staleReadMeansOldData()
{
    // An optimistic UI reading back its own write at the commit is marked
    // stale with staleness 0: it saw no old data, so it is not "a stale read".
    sim::Trace t;
    sim::TraceRead own;
    own.stale = true;
    own.staleness = 0;
    sim::TraceRead fresh;
    sim::TraceRead old;
    old.stale = true;
    old.staleness = 0.25;
    t.reads = {own, fresh};
    QCOMPARE(sim::firstStaleRead(t), -1);
    t.reads.push_back(old);
    QCOMPARE(sim::firstStaleRead(t), 2);
    // A wait-for-version read that gave up (a timeout of 0 s serves at the
    // commit) saw old data, as the trace window draws it.
    sim::TraceRead gaveUp;
    gaveUp.stale = true;
    gaveUp.staleness = 0;
    gaveUp.timeout = true;
    t.reads.insert(t.reads.begin() + 1, gaveUp);
    QCOMPARE(sim::firstStaleRead(t), 1);
}

void TestSimTracePick::staleReadFindsOne()
{
    const Model m = pickModel();
    const sim::Trace t = traceOf(m, request(10, {}, {}, true));
    QVERIFY(t.found);
    QVERIFY(t.complete);
    QVERIFY(t.requestedStaleRead);
    QVERIFY(t.candidates >= 1);
    const int stale = sim::firstStaleRead(t);
    QVERIFY(stale >= 0);
    const sim::TraceRead &r = t.reads[std::size_t(stale)];
    QVERIFY(r.staleness > 0);
    QVERIFY(r.at >= t.issuedAt);
    QCOMPARE(r.readModel, std::string("view"));
    QVERIFY(t.issuedAt >= 10.0);
    // The same journey as a plain trace of that very command gives.
    const sim::Trace plain = traceOf(m, request(t.issuedAt, t.commandType));
    QCOMPARE(plain.issuedAt, t.issuedAt);
    QCOMPARE(plain.key, t.key);
    QCOMPARE(sim::traceToJson(plain)["reads"], sim::traceToJson(t)["reads"]);
    QCOMPARE(sim::traceToJson(plain)["events"], sim::traceToJson(t)["events"]);
}

void TestSimTracePick::staleReadNoneWhenReadsAreFresh()
{
    Model m = pickModel();
    m.queries[0].consistency.strategy = Strategy::ReadFromWriteModel;
    const sim::Trace t = traceOf(m, request(10, {}, {}, true));
    QVERIFY(!t.found);
    QVERIFY(!t.complete);
    QVERIFY(t.candidates > 10); // it did look: one command after another to the end
    QVERIFY(t.reads.empty());
    QVERIFY(t.events.empty());
    QVERIFY(t.issued.empty());
    // Queries there were: the same model read eventually has stale reads (staleReadFindsOne).
    sim::Simulation run(m, {});
    run.runToEnd();
    QVERIFY(run.result()["queries"]["get"]["issued"].get<double>() > 100);
}

void TestSimTracePick::staleReadChangesNoResult()
{
    const Model m = pickModel();
    sim::SimulationOptions plain;
    plain.series = true;
    sim::SimulationOptions traced = plain;
    traced.trace = request(10, {}, "view", true);
    sim::Simulation a(m, plain);
    a.runToEnd();
    sim::Simulation b(m, traced);
    b.runToEnd();
    QVERIFY(b.trace()->found);
    QCOMPARE(withoutWallClock(b.result()), withoutWallClock(a.result()));
}

void TestSimTracePick::jsonKeysOnlyWhenAsked()
{
    const Model m = pickModel();
    const Json plain = sim::traceToJson(traceOf(m, request(10, "rename")));
    QVERIFY(!plain.contains("reaching"));
    QVERIFY(!plain.contains("staleRead"));
    QVERIFY(!plain.contains("candidates"));
    const sim::Trace picked = traceOf(m, request(10, {}, "view", true));
    const Json j = sim::traceToJson(picked);
    QCOMPARE(j["reaching"].get<std::string>(), std::string("view"));
    QVERIFY(j["staleRead"].get<bool>());
    QCOMPARE(j["candidates"].get<int>(), picked.candidates);
}

void TestSimTracePick::cliReachingAndStaleRead()
{
    QTemporaryDir dir;
    const QString model = dir.filePath(QStringLiteral("pick.cqrs.json"));
    {
        QFile f(model);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(testing::pickModelJson().dump().c_str());
    }
    const CliOutcome o = cli({QStringLiteral("trace"), model, QStringLiteral("--at"), QStringLiteral("10"),
                              QStringLiteral("--reaching"), QStringLiteral("view"), QStringLiteral("--stale-read")});
    QCOMPARE(o.exitCode, 0);
    QCOMPARE(o.out.toStdString(), sim::formatTrace(traceOf(pickModel(), request(10, {}, "view", true))));

    const CliOutcome unknown = cli({QStringLiteral("trace"), model, QStringLiteral("--reaching"), QStringLiteral("nope")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("--reaching: no read model or policy 'nope' in the model (its read models: view, tags; "
                                  "its policies: none)\n"),
             unknown.err.constData());

    // Refused before the run, exit 2: what can never be traced.
    const struct
    {
        QStringList args;
        const char *message;
    } refused[] = {
        {{QStringLiteral("--reaching"), QStringLiteral("get")}, "(its read models: view, tags; its policies: none; query 'get' reads 'view')"},
        {{QStringLiteral("--type"), QStringLiteral("tag"), QStringLiteral("--reaching"), QStringLiteral("view")},
         "--type tag --reaching view: no 'tag' command reaches 'view' (its events: tagged; 'view' subscribes to: renamed; "
         "the commands that reach it: rename)"},
        {{QStringLiteral("--reaching"), QStringLiteral("view"), QStringLiteral("--set"), QStringLiteral("commands.rename.share=0")},
         "--reaching: no command that is issued emits an event 'view' consumes (it subscribes to: renamed)"},
        {{QStringLiteral("--type"), QStringLiteral("rename"), QStringLiteral("--set"), QStringLiteral("commands.rename.share=0")},
         "--type: no 'rename' command is ever issued (its share is 0 and no policy issues it)"},
    };
    for (const auto &r : refused) {
        const CliOutcome early = cli(QStringList{QStringLiteral("trace"), model} + r.args);
        QCOMPARE(early.exitCode, 2);
        QVERIFY2(early.err.contains(r.message), early.err.constData());
        QVERIFY(early.out.isEmpty());
    }

    const CliOutcome none = cli({QStringLiteral("trace"), model, QStringLiteral("--stale-read"), QStringLiteral("--set"),
                                 QStringLiteral("queries.get.consistency.strategy=\"read-from-write-model\"")});
    QCOMPARE(none.exitCode, 3);
    QVERIFY2(none.err.contains("no stale read in the journeys of the"), none.err.constData());
    QVERIFY(none.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestSimTracePick)
#include "tst_sim_tracepick.moc"
