// Traces (DESIGN section 9, docs/traces.md): the journey of one command,
// timed exactly, and a traced run gives the same result bytes as any other.
#include "simtestutil.h"
#include "testtraces.h"

#include "cqrs/model/modeljson.h"
#include "cqrs/sim/trace.h"

#include <QtTest>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>
#include <optional>

using namespace cqrs;
using namespace cqrs::simtest;
using cqrs::testing::parse;

namespace {

/// One command on one key with constant times everywhere (testmodels.h's
/// "Trace" model): a read model, a policy issuing a command of another
/// aggregate, a wait-for-version follow-up and a plain eventual query on the
/// same key. Here the read model is never down, the policy is 20 ms behind
/// and applies in 3 ms, and the key is read 300 times a second.
std::string constantModelJson()
{
    Json json = testing::traceModelJson();
    json["readModels"][0].erase("outages");
    json["policies"][0]["update"]["delay"] = 0.02;
    json["policies"][0]["applyTime"] = 0.003;
    json["workload"]["queryRate"] = 300;
    return json.dump();
}

Model constantModel()
{
    return parse(constantModelJson());
}

/// Records every query served (the sink's own per-occurrence records), to
/// check the trace's reads against.
struct Recorder : sim::SimulationSink
{
    std::vector<sim::TraceRecord> served;
    int finishedTraces = 0;
    sim::Trace last;
    void trace(const sim::TraceRecord &r) override
    {
        if (r.kind == sim::TraceRecord::Kind::QueryServed)
            served.push_back(r);
    }
    void traceFinished(const sim::Trace &t) override
    {
        ++finishedTraces;
        last = t;
    }
};

using testing::traceOf;

const sim::TraceDelivery *deliveryTo(const sim::TraceEvent &e, const std::string &to, bool duplicate = false)
{
    for (const sim::TraceDelivery &d : e.deliveries) {
        if (d.to == to && d.duplicate == duplicate)
            return &d;
    }
    return nullptr;
}

/// Exact equality (QCOMPARE on doubles is fuzzy).
#define EXACT(actual, expected)                                                                              \
    QVERIFY2((actual) == (expected), qPrintable(QStringLiteral("%1 = %2, expected %3")                        \
                                                    .arg(QString::fromUtf8(#actual))                       \
                                                    .arg(static_cast<double>(actual), 0, 'g', 17)          \
                                                    .arg(static_cast<double>(expected), 0, 'g', 17)))

} // namespace

class TestSimTrace : public QObject
{
    Q_OBJECT

private slots:
    void constantTimesAreSums();
    void readsOfTheKeyInTheWindow();
    void conflictsShowEveryAttempt();
    void rejectedCommand();
    void outageDelaysDelivery();
    void rebuildDelaysDelivery();
    void duplicateDeliveryFlagged();
    void typeAndTimeChooseTheCommand();
    void nothingToTrace();
    void tracingChangesNoResult_data();
    void tracingChangesNoResult();
    void jsonFormat();
    void cliTrace();
    void cliErrors_data();
    void cliErrors();
};

void TestSimTrace::constantTimesAreSums()
{
    const Model m = constantModel();
    QVERIFY(!m.commands.empty());
    Recorder rec;
    sim::SimulationOptions options;
    options.trace = sim::TraceRequest{0.0, "rename"};
    sim::Simulation s(m, options);
    s.setSink(&rec);
    s.runToEnd();
    const sim::Trace &t = *s.trace();
    QVERIFY(t.found);
    QVERIFY(t.complete);
    QCOMPARE(rec.finishedTraces, 1);
    QCOMPARE(rec.last.issuedAt, t.issuedAt);
    QCOMPARE(t.commandType, std::string("rename"));
    QCOMPARE(t.key, std::uint64_t(0));
    QVERIFY(!t.fromPolicy);

    // Write side: a free worker takes it at once and holds it for handlerTime.
    const double t0 = t.issuedAt;
    QCOMPARE(t.attempts.size(), std::size_t(1));
    EXACT(t.attempts[0].start, t0);
    const double commit = t0 + 0.002;
    EXACT(t.attempts[0].end, commit);
    QVERIFY(t.attempts[0].outcome == sim::TraceAttempt::Outcome::Committed);
    QVERIFY(t.committedAt);
    EXACT(*t.committedAt, commit);

    // The bus: the first event of the run on key 0, partition 0 mod 4.
    QCOMPARE(t.events.size(), std::size_t(1));
    const sim::TraceEvent &e = t.events[0];
    QCOMPARE(e.type, std::string("renamed"));
    QCOMPARE(e.version, std::uint64_t(1));
    QCOMPARE(e.partition, 0);
    const double available = commit + 0.005;
    EXACT(e.availableAt, available);

    // The read model: delay, then applyTime on an idle consumer.
    QCOMPARE(e.deliveries.size(), std::size_t(2));
    const sim::TraceDelivery *view = deliveryTo(e, "view");
    QVERIFY(view);
    QVERIFY(!view->policy);
    QCOMPARE(view->consumer, 0);
    const double viewArrived = available + 0.05;
    EXACT(*view->arrivedAt, viewArrived);
    EXACT(*view->startedAt, viewArrived);
    const double viewApplied = viewArrived + 0.001;
    EXACT(*view->appliedAt, viewApplied);
    EXACT(view->window, viewApplied - commit);
    QVERIFY(!view->duplicate);
    QVERIFY(view->delayedBy.empty());

    // The policy, and the command it issues when it applies the event.
    const sim::TraceDelivery *notify = deliveryTo(e, "notify");
    QVERIFY(notify);
    QVERIFY(notify->policy);
    const double notifyArrived = available + 0.02;
    EXACT(*notify->arrivedAt, notifyArrived);
    const double notifyApplied = notifyArrived + 0.003;
    EXACT(*notify->appliedAt, notifyApplied);
    QCOMPARE(t.issued.size(), std::size_t(1));
    QCOMPARE(t.issued[0].policy, std::string("notify"));
    QCOMPARE(t.issued[0].command, std::string("mail"));
    QCOMPARE(t.issued[0].key, std::uint64_t(0)); // key 0 mod 3 mailboxes
    EXACT(t.issued[0].at, notifyApplied);
    QVERIFY(!t.issued[0].duplicate);

    // The journey ends with the later of the two applies.
    QVERIFY(t.settledAt);
    EXACT(*t.settledAt, std::max(viewApplied, notifyApplied));

    // Its own follow-up: issued `after` the commit, then checks on the poll
    // grid (0.02 s) until the view has applied: the third check sees it.
    const sim::TraceRead *own = nullptr;
    for (const sim::TraceRead &r : t.reads) {
        if (r.ownFollowUp)
            own = &r;
    }
    QVERIFY(own);
    QCOMPARE(own->query, std::string("get-wait"));
    QCOMPARE(own->readModel, std::string("view"));
    QVERIFY(own->strategy == Strategy::WaitForVersion);
    QVERIFY(own->followUp);
    const double issued = commit + 0.01;
    EXACT(own->at, issued);
    QVERIFY(issued + 2 * 0.02 < viewApplied && issued + 3 * 0.02 >= viewApplied);
    EXACT(*own->servedAt, issued + 3 * 0.02);
    QVERIFY(!own->stale);
    QCOMPARE(own->staleness, 0.0);
    QVERIFY(!own->timeout);
}

void TestSimTrace::readsOfTheKeyInTheWindow()
{
    // One key: every plain read is a read of the traced key. The trace lists
    // exactly the plain reads issued from the command's arrival until the
    // view applied its event: stale from the commit on, as old as the event.
    const Model m = constantModel();
    for (double at : {0.0, 7.0, 21.5}) {
        Recorder rec;
        sim::SimulationOptions options;
        options.trace = sim::TraceRequest{at, "rename"};
        sim::Simulation s(m, options);
        s.setSink(&rec, true);
        s.runToEnd();
        const sim::Trace &t = *s.trace();
        QVERIFY(t.complete);
        const double commit = *t.committedAt;
        const double applied = *deliveryTo(t.events[0], "view")->appliedAt;
        std::vector<double> expected;
        for (const sim::TraceRecord &r : rec.served) {
            if (r.element == 1 && r.time >= t.issuedAt && r.time <= *t.settledAt)
                expected.push_back(r.time);
        }
        std::vector<const sim::TraceRead *> plain;
        for (const sim::TraceRead &r : t.reads) {
            if (!r.followUp)
                plain.push_back(&r);
        }
        QCOMPARE(plain.size(), expected.size());
        QVERIFY2(plain.size() >= 3, "300 reads/s over a 58 ms window");
        int stale = 0;
        for (std::size_t i = 0; i < plain.size(); ++i) {
            const sim::TraceRead &r = *plain[i];
            EXACT(r.at, expected[i]);
            QCOMPARE(r.query, std::string("get"));
            QVERIFY(r.strategy == Strategy::Eventual);
            EXACT(*r.servedAt, r.at);
            const bool shouldBeStale = r.at >= commit && r.at < applied;
            QCOMPARE(r.stale, shouldBeStale);
            if (shouldBeStale) {
                EXACT(r.staleness, r.at - commit);
                ++stale;
            } else {
                QCOMPARE(r.staleness, 0.0);
            }
        }
        QVERIFY(stale > 0);
    }
}

void TestSimTrace::conflictsShowEveryAttempt()
{
    // Many workers on one key: commands that overlap conflict and retry.
    Model m = tandem(400, Distribution::constant(0.01), 1, 20);
    m.writeSide.workers = 8;
    m.writeSide.maxRetries = 2;
    bool sawRetryCommit = false, sawRetryReject = false;
    for (int i = 0; i < 400 && !(sawRetryCommit && sawRetryReject); ++i) {
        const sim::Trace t = traceOf(m, 1.0 + i * 0.037);
        QVERIFY(t.found);
        QVERIFY(!t.attempts.empty());
        for (std::size_t a = 0; a + 1 < t.attempts.size(); ++a) {
            QVERIFY(t.attempts[a].outcome == sim::TraceAttempt::Outcome::Conflict);
            QVERIFY(t.attempts[a + 1].start >= t.attempts[a].end);
        }
        for (const sim::TraceAttempt &a : t.attempts)
            EXACT(a.end, a.start + 0.01);
        QVERIFY(t.attempts.front().start >= t.issuedAt);
        const sim::TraceAttempt &last = t.attempts.back();
        QVERIFY(t.attempts.size() <= 3);
        if (last.outcome == sim::TraceAttempt::Outcome::Committed) {
            EXACT(*t.committedAt, last.end);
            QCOMPARE(t.events.size(), std::size_t(1));
            sawRetryCommit |= t.attempts.size() > 1;
        } else {
            QVERIFY(last.outcome == sim::TraceAttempt::Outcome::Rejected);
            QCOMPARE(t.attempts.size(), std::size_t(3)); // maxRetries 2: the third conflict rejects
            QVERIFY(!t.committedAt);
            QVERIFY(t.events.empty());
            EXACT(*t.settledAt, last.end);
            sawRetryReject = true;
        }
    }
    QVERIFY(sawRetryCommit);
    QVERIFY(sawRetryReject);
}

void TestSimTrace::rejectedCommand()
{
    Model m = tandem(5, Distribution::constant(0.004), 10, 20);
    addReadModel(m, "view", Distribution::constant(0.1));
    m.commands[0].rejectRate = 1.0;
    const sim::Trace t = traceOf(m, 3.0);
    QVERIFY(t.found && t.complete);
    QCOMPARE(t.attempts.size(), std::size_t(1));
    QVERIFY(t.attempts[0].outcome == sim::TraceAttempt::Outcome::Rejected);
    EXACT(t.attempts[0].end, t.attempts[0].start + 0.004);
    QVERIFY(!t.committedAt);
    QVERIFY(t.events.empty());
    EXACT(*t.settledAt, t.attempts[0].end);
}

void TestSimTrace::outageDelaysDelivery()
{
    Model m = constantModel();
    m.readModels[0].outages.push_back({20.0, 10.0});
    const sim::Trace t = traceOf(m, 20.5, "rename");
    QVERIFY(t.found && t.complete);
    QVERIFY(t.issuedAt < 29.0);
    const double commit = *t.committedAt;
    const sim::TraceDelivery *view = deliveryTo(t.events[0], "view");
    QVERIFY(view);
    EXACT(*view->arrivedAt, commit + 0.005 + 0.05);
    // Nothing applies until the outage ends; then the apply takes applyTime.
    EXACT(*view->startedAt, 30.0);
    EXACT(*view->appliedAt, 30.0 + 0.001);
    EXACT(view->window, 30.001 - commit);
    QCOMPARE(view->delayedBy, std::string("outage"));
    // The policy is not down: not delayed.
    QVERIFY(deliveryTo(t.events[0], "notify")->delayedBy.empty());
    QCOMPARE(t.interruptions.size(), std::size_t(1));
    QCOMPARE(t.interruptions[0].of, std::string("view"));
    QVERIFY(!t.interruptions[0].rebuild);
    EXACT(t.interruptions[0].from, 20.0);
    EXACT(*t.interruptions[0].until, 30.0);
    // Reads during the outage are stale, as old as the event.
    int stale = 0;
    for (const sim::TraceRead &r : t.reads) {
        if (r.followUp || r.at < commit)
            continue;
        QVERIFY(r.stale);
        EXACT(r.staleness, r.at - commit);
        ++stale;
    }
    QVERIFY(stale > 100);
    // The own follow-up waited its whole timeout and was served stale.
    for (const sim::TraceRead &r : t.reads) {
        if (r.ownFollowUp) {
            QVERIFY(r.timeout);
            QVERIFY(r.stale);
            EXACT(*r.servedAt, r.at + 1.0);
            EXACT(r.staleness, *r.servedAt - commit);
        }
    }
}

void TestSimTrace::rebuildDelaysDelivery()
{
    Model m = tandem(2, Distribution::constant(0.001), 50, 40);
    ReadModel &view = addReadModel(m, "view", Distribution::constant(0.01), Distribution::constant(0.1));
    view.rebuilds.push_back({20.0});
    const sim::Trace t = traceOf(m, 20.0);
    QVERIFY(t.found && t.complete);
    const sim::TraceDelivery *d = deliveryTo(t.events[0], "view");
    QVERIFY(d);
    QCOMPARE(t.interruptions.size(), std::size_t(1));
    QVERIFY(t.interruptions[0].rebuild);
    EXACT(t.interruptions[0].from, 20.0);
    // About 40 events to replay at 0.1 s each: the new event waits behind them.
    QVERIFY(*d->startedAt > *d->arrivedAt + 1.0);
    QCOMPARE(d->delayedBy, std::string("rebuild"));
    // The rebuild ends after the journey (events committed meanwhile are
    // applied too): still going when the trace ended, so no end is known.
    QVERIFY(!t.interruptions[0].until);
}

void TestSimTrace::duplicateDeliveryFlagged()
{
    Model m = constantModel();
    m.eventBus.duplicateRate = 1.0;
    m.policies[0].idempotent = false;
    const sim::Trace t = traceOf(m, 0.0, "rename");
    QVERIFY(t.found && t.complete);
    const sim::TraceEvent &e = t.events[0];
    QCOMPARE(e.deliveries.size(), std::size_t(4));
    for (const char *to : {"view", "notify"}) {
        const sim::TraceDelivery *original = deliveryTo(e, to);
        const sim::TraceDelivery *copy = deliveryTo(e, to, true);
        QVERIFY(original && copy);
        // The copy arrives with the original and is applied right after it.
        EXACT(*copy->arrivedAt, *original->arrivedAt);
        EXACT(*copy->startedAt, *original->appliedAt);
        EXACT(*copy->appliedAt, *copy->startedAt + (std::string(to) == "view" ? 0.001 : 0.003));
    }
    // A policy that is not idempotent issues its command again for the copy.
    QCOMPARE(t.issued.size(), std::size_t(2));
    QVERIFY(!t.issued[0].duplicate);
    QVERIFY(t.issued[1].duplicate);
    EXACT(*t.settledAt, *deliveryTo(e, "view", true)->appliedAt);
}

void TestSimTrace::typeAndTimeChooseTheCommand()
{
    // The default time is the warm-up end; the policy's "mail" commands count
    // as issued too, so "any type" may pick one of them.
    const Model m = constantModel();
    const sim::Trace any = traceOf(m, std::nullopt);
    QVERIFY(any.found);
    EXACT(any.at, 5.0);
    QVERIFY(any.issuedAt >= 5.0);
    const sim::Trace mail = traceOf(m, 5.0, "mail");
    QVERIFY(mail.found);
    QCOMPARE(mail.commandType, std::string("mail"));
    QVERIFY(mail.fromPolicy);
    QVERIFY(mail.events.empty());
    QVERIFY(mail.issuedAt >= 5.0);
    // The first of its type at or after T: none between T and its arrival.
    const sim::Trace later = traceOf(m, mail.issuedAt, "mail");
    EXACT(later.issuedAt, mail.issuedAt);
    const sim::Trace next = traceOf(m, std::nextafter(mail.issuedAt, 1e9), "mail");
    QVERIFY(next.issuedAt > mail.issuedAt);

    sim::SimulationOptions options;
    options.trace = sim::TraceRequest{1.0, "nope"};
    QVERIFY_THROWS_EXCEPTION(sim::SimulationError, sim::Simulation(m, options));
}

void TestSimTrace::nothingToTrace()
{
    Model m = constantModel();
    m.workload.commandRate = 0;
    Recorder rec;
    sim::SimulationOptions options;
    options.trace = sim::TraceRequest{1.0, {}};
    sim::Simulation s(m, options);
    s.setSink(&rec);
    s.runToEnd();
    QVERIFY(!s.trace()->found);
    QVERIFY(!s.trace()->complete);
    QCOMPARE(rec.finishedTraces, 1);
    QVERIFY(sim::traceToJson(*s.trace())["command"].is_null());
}

void TestSimTrace::tracingChangesNoResult_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<double>("duration");
    QTest::addColumn<double>("at");
    const QDir examples(QStringLiteral(CQRS_SOURCE_DIR "/resources/examples"));
    for (const QString &name : examples.entryList({QStringLiteral("*.cqrs.json")}, QDir::Files, QDir::Name)) {
        QTest::addRow("%s from 0", qPrintable(name)) << examples.filePath(name) << 90.0 << 0.0;
        QTest::addRow("%s from 45", qPrintable(name)) << examples.filePath(name) << 90.0 << 45.0;
    }
    QTest::addRow("constant model") << QString() << 40.0 << 20.0;
}

void TestSimTrace::tracingChangesNoResult()
{
    QFETCH(QString, file);
    QFETCH(double, duration);
    QFETCH(double, at);
    Model m;
    if (file.isEmpty()) {
        m = constantModel();
        m.eventBus.duplicateRate = 0.3;
        m.readModels[0].outages.push_back({20.2, 0.5});
        m.readModels[0].rebuilds.push_back({20.4});
    } else {
        ModelLoadResult loaded = loadModelFile(file.toStdString());
        QVERIFY(loaded.ok());
        m = *loaded.model;
    }
    sim::SimulationOptions plain;
    plain.duration = duration;
    plain.series = true;
    sim::SimulationOptions traced = plain;
    traced.trace = sim::TraceRequest{at, {}};
    sim::Simulation a(m, plain);
    a.runToEnd();
    Recorder rec;
    sim::Simulation b(m, traced);
    b.setSink(&rec); // snapshots do not change figures either
    b.runToEnd();
    QVERIFY(b.trace()->found);
    QCOMPARE(withoutWallClock(b.result()), withoutWallClock(a.result()));
}

void TestSimTrace::jsonFormat()
{
    Model m = constantModel();
    m.readModels[0].outages.push_back({20.0, 10.0});
    const sim::Trace t = traceOf(m, 20.5, "rename");
    const Json j = sim::traceToJson(t);
    QCOMPARE(j["format"].get<std::string>(), std::string("cqrs-studio/trace"));
    QCOMPARE(j["schemaVersion"].get<int>(), 1);
    QCOMPARE(j["seed"].get<std::int64_t>(), std::int64_t(11));
    QCOMPARE(j["model"].get<std::string>(), std::string("Trace"));
    QCOMPARE(j["type"].get<std::string>(), std::string("rename"));
    QVERIFY(j["complete"].get<bool>());
    const Json &c = j["command"];
    QCOMPARE(c["type"].get<std::string>(), std::string("rename"));
    QCOMPARE(c["key"].get<std::uint64_t>(), std::uint64_t(0));
    QCOMPARE(c["issuedAt"].get<double>(), t.issuedAt);
    QCOMPARE(c["attempts"][0]["outcome"].get<std::string>(), std::string("committed"));
    QCOMPARE(c["committedAt"].get<double>(), *t.committedAt);
    const Json &e = j["events"][0];
    QCOMPARE(e["type"].get<std::string>(), std::string("renamed"));
    QCOMPARE(e["availableAt"].get<double>(), t.events[0].availableAt);
    const Json &d = e["deliveries"][0];
    QCOMPARE(d["to"].get<std::string>(), std::string("view"));
    QCOMPARE(d["kind"].get<std::string>(), std::string("read-model"));
    for (const char *field : {"consumer", "arrivedAt", "startedAt", "appliedAt", "window", "duplicate"})
        QVERIFY2(d.contains(field), field);
    QCOMPARE(d["delayedBy"].get<std::string>(), std::string("outage"));
    QCOMPARE(e["deliveries"][1]["kind"].get<std::string>(), std::string("policy"));
    QVERIFY(!e["deliveries"][1].contains("delayedBy"));
    QCOMPARE(j["issued"][0]["policy"].get<std::string>(), std::string("notify"));
    QCOMPARE(j["issued"][0]["command"].get<std::string>(), std::string("mail"));
    const Json &r = j["reads"][0];
    for (const char *field : {"query", "at", "strategy", "stale", "servedAt", "staleness", "followUp"})
        QVERIFY2(r.contains(field), field);
    QCOMPARE(j["interruptions"][0]["kind"].get<std::string>(), std::string("outage"));
    QCOMPARE(j["interruptions"][0]["until"].get<double>(), 30.0);
    // Round trip of the exact times through the text.
    const Json reparsed = Json::parse(sim::formatTrace(t));
    QCOMPARE(reparsed["events"][0]["deliveries"][0]["appliedAt"].get<double>(), *t.events[0].deliveries[0].appliedAt);
}

namespace {

CliOutcome cli(const QStringList &args)
{
    return runCli(QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-sim/cqrs-sim"), args);
}

QString writeConstantModel(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("sums.cqrs.json"));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(constantModelJson().c_str());
    return path;
}

} // namespace

void TestSimTrace::cliTrace()
{
    QTemporaryDir dir;
    const QString model = writeConstantModel(dir);
    const CliOutcome o = cli({QStringLiteral("trace"), model, QStringLiteral("--at"), QStringLiteral("0"),
                              QStringLiteral("--type"), QStringLiteral("rename")});
    QCOMPARE(o.exitCode, 0);
    QVERIFY(o.err.isEmpty());
    // The same bytes as the engine's trace of the same request.
    const sim::Trace t = traceOf(constantModel(), 0.0, "rename");
    QCOMPARE(o.out.toStdString(), sim::formatTrace(t));

    // --seed and --set act as for `run`; --out writes the file, nothing on stdout.
    const QString out = dir.filePath(QStringLiteral("trace.json"));
    const CliOutcome o2 = cli({QStringLiteral("trace"), model, QStringLiteral("--seed"), QStringLiteral("5"),
                               QStringLiteral("--set"), QStringLiteral("readModels.view.update.delay=0.2"),
                               QStringLiteral("--out"), out});
    QCOMPARE(o2.exitCode, 0);
    QVERIFY(o2.out.isEmpty());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const Json j = Json::parse(f.readAll().toStdString());
    QCOMPARE(j["seed"].get<int>(), 5);
    QCOMPARE(j["at"].get<double>(), 5.0); // the warm-up end
    for (const Json &e : j["events"]) {
        for (const Json &d : e["deliveries"]) {
            if (d["to"] == "view")
                QCOMPARE(d["arrivedAt"].get<double>(), e["availableAt"].get<double>() + 0.2);
        }
    }
}

void TestSimTrace::cliErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown type") << QStringList{QStringLiteral("--type"), QStringLiteral("nope")} << 2
                                  << QStringLiteral("no command 'nope' in the model (its commands: rename, mail)");
    QTest::newRow("at the end") << QStringList{QStringLiteral("--at"), QStringLiteral("40")} << 2
                                << QStringLiteral("--at 40 is not before the end of the run");
    QTest::newRow("at beyond --duration")
        << QStringList{QStringLiteral("--duration"), QStringLiteral("10"), QStringLiteral("--at"), QStringLiteral("12")}
        << 2 << QStringLiteral("(workload.duration 10 s)");
    QTest::newRow("at not a number") << QStringList{QStringLiteral("--at"), QStringLiteral("soon")} << 1
                                     << QStringLiteral("--at needs a number of seconds >= 0, got 'soon'");
    QTest::newRow("at negative") << QStringList{QStringLiteral("--at"), QStringLiteral("-1")} << 1
                                 << QStringLiteral("--at needs a number");
    QTest::newRow("nothing issued") << QStringList{QStringLiteral("--set"), QStringLiteral("workload.commandRate=0")}
                                    << 3 << QStringLiteral("no command was issued between 5 s and the end of the run (40 s)");
    QTest::newRow("none of the type") << QStringList{QStringLiteral("--type"), QStringLiteral("mail"), QStringLiteral("--at"),
                                                     QStringLiteral("39.99")}
                                      << 3 << QStringLiteral("no 'mail' command was issued between 39.99 s");
    QTest::newRow("bad set") << QStringList{QStringLiteral("--set"), QStringLiteral("workload.duration=-1")} << 2
                             << QStringLiteral("duration");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 1
                                    << QStringLiteral("unknown option '--frobnicate'");
}

void TestSimTrace::cliErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString model = writeConstantModel(dir);
    const QString out = dir.filePath(QStringLiteral("never.json"));
    const CliOutcome o = cli(QStringList{QStringLiteral("trace"), model} + args + QStringList{QStringLiteral("--out"), out});
    QCOMPARE(o.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(o.err).contains(message), o.err.constData());
    QVERIFY(o.out.isEmpty());
    QVERIFY(!QFile::exists(out));
}

QTEST_GUILESS_MAIN(TestSimTrace)
#include "tst_sim_trace.moc"
