// Determinism, stepping, mid-run changes, the sink, limits and memory.
#include "simtestutil.h"

#include <QtTest>
#include <cmath>
#include <cqrs/model/modeljson.h>
#include <vector>

using namespace cqrs;
using namespace cqrs::simtest;

namespace {

struct Recorder : sim::SimulationSink
{
    std::vector<sim::Snapshot> samples;
    std::vector<sim::TraceRecord> traces;
    int finishedCalls = 0;
    void sample(const sim::Snapshot &s) override { samples.push_back(s); }
    void trace(const sim::TraceRecord &r) override { traces.push_back(r); }
    void finished(double) override { ++finishedCalls; }
};

// A model that uses most features at once.
Model richModel(double duration = 120)
{
    Model m = tandem(120, Distribution::exponential(0.004), 500, duration);
    m.writeSide.workers = 2;
    m.workload.warmup = 5;
    m.workload.keys = {KeyDist::Zipf, 1.1, {}};
    m.workload.queryRate = 200;
    m.workload.rateProfile = {{60, 1.5, {}}};
    m.eventBus.partitions = 6;
    m.eventBus.publishDelay = Distribution::lognormal(0.005, 0.05);
    m.eventBus.duplicateRate = 0.01;
    m.commands[0].rejectRate = 0.01;
    ReadModel &view = addReadModel(m, "view", Distribution::exponential(0.05),
                                   Distribution::exponential(0.002), 2);
    view.outages.push_back({30, 5, {}});
    view.rebuilds.push_back({80, {}});
    view.staleBudget = StaleBudget{0.5, {}};
    ReadModel &batch = addReadModel(m, "batch", Distribution::constant(0),
                                    Distribution::uniform(0.0001, 0.0003));
    batch.update.mode = UpdateMode::Batch;
    batch.update.interval = 7;
    batch.idempotent = false;
    addQuery(m, "get", "view");
    Query &f = addQuery(m, "after-write", "view", Strategy::WaitForVersion);
    f.share = 0;
    m.commands[0].followUp = FollowUp{"after-write", 0.5, Distribution::exponential(0.02), {}};
    Policy p;
    p.id = "pol";
    p.subscribes = {"ev"};
    p.issues = "cmd";
    p.probability = 0.1;
    m.policies.push_back(p);
    return m;
}

} // namespace

class TestSimControl : public QObject
{
    Q_OBJECT

private slots:
    void deterministic();
    void seedSensitive();
    void commonRandomNumbers();
    void steppingEqualsRunToEnd();
    void midRunDelayChange();
    void midRunRateAndConsumers();
    void midRunOutageAndRebuild();
    void midRunWorkersAndHandler();
    void midRunBatchIntervalAndStrategy();
    void setParameterPaths();
    void liveChangesReadLikeTheLoader();
    void sinkSamplesAndTraces();
    void sinkAttachedMidRun();
    void seriesShape();
    void refusesOverLimit();
    void memoryDoesNotGrowWithRunLength();
};

void TestSimControl::deterministic()
{
    const Model m = richModel();
    const std::string a = withoutWallClock(sim::simulate(m));
    const std::string b = withoutWallClock(sim::simulate(m));
    QCOMPARE(a, b);
    QVERIFY(a.size() > 1000);
}

void TestSimControl::seedSensitive()
{
    const Model m = richModel();
    const Json a = sim::simulate(m);
    sim::SimulationOptions options;
    options.seed = 2;
    const Json b = sim::simulate(m, options);
    QCOMPARE(b["seed"].get<int>(), 2);
    QVERIFY(a["commands"]["total"]["issued"] != b["commands"]["total"]["issued"]
            || a["commands"]["total"]["latency"]["mean"]
                   != b["commands"]["total"]["latency"]["mean"]);
    // Different samples, same system: within a few percent.
    QVERIFY(
        std::abs(num(a, {"commands", "total", "issued"}) / num(b, {"commands", "total", "issued"})
                 - 1)
        < 0.05);
}

void TestSimControl::commonRandomNumbers()
{
    // Changing a read model's delay must not change the workload: same
    // arrivals, same keys, same handler times, so the write side is identical.
    Model m = richModel();
    m.policies.clear(); // policies would (rightly) feed read-side timing back into commands
    m.commands[0].followUp.reset();
    m.queries.pop_back();
    const Json a = sim::simulate(m);
    m.readModels[0].update.delay = Distribution::exponential(0.5);
    m.readModels[0].applyTime = Distribution::constant(0.001);
    const Json b = sim::simulate(m);
    QCOMPARE(a["commands"].dump(), b["commands"].dump());
    QCOMPARE(a["readModels"]["batch"].dump(), b["readModels"]["batch"].dump());
    QVERIFY(a["readModels"]["view"].dump() != b["readModels"]["view"].dump());
    QCOMPARE(num(a, {"queries", "get", "issued"}), num(b, {"queries", "get", "issued"}));
}

void TestSimControl::steppingEqualsRunToEnd()
{
    const Model m = richModel();
    sim::SimulationOptions options;
    options.series = true;
    sim::Simulation whole(m, options);
    whole.runToEnd();
    QVERIFY(whole.finished());

    sim::Simulation pieces(m, options);
    for (double t = 0.0; !pieces.finished(); t += 0.7310)
        pieces.advanceTo(t);
    QCOMPARE(withoutWallClock(pieces.result()), withoutWallClock(whole.result()));

    sim::Simulation steps(m, options);
    int count = 0;
    while (steps.step())
        ++count;
    QVERIFY(count > 100);
    QCOMPARE(withoutWallClock(steps.result()), withoutWallClock(whole.result()));
    // A result in the middle covers what was simulated so far.
    sim::Simulation half(m, options);
    half.advanceTo(60);
    const Json mid = half.result();
    QCOMPARE(mid["simulatedSeconds"].get<double>(), 60.0);
    QVERIFY(num(mid, {"commands", "total", "issued"})
            < num(whole.result(), {"commands", "total", "issued"}) * 0.6);
    QVERIFY(num(mid, {"commands", "total", "issued"}) > 0);
}

void TestSimControl::midRunDelayChange()
{
    Model m = tandem(100, Distribution::constant(0), 1000, 100);
    m.workload.sampleInterval = 10;
    addReadModel(m, "view", Distribution::constant(0.01));
    sim::SimulationOptions options;
    options.series = true;
    sim::Simulation s(m, options);
    s.advanceTo(50);
    std::string error;
    QVERIFY(s.setUpdateDelay("view", Distribution::constant(0.3), &error));
    s.runToEnd();
    const Json r = s.result();
    const Json &p50 = r["series"]["readModels"]["view"]["windowP50"];
    QCOMPARE(p50[2].get<double>(), 0.01);
    QCOMPARE(p50[8].get<double>(), 0.3);
    QCOMPARE(r["readModels"]["view"]["consistencyWindow"]["max"].get<double>(), 0.3);
    // The unchanged run stays at 0.01 throughout.
    const Json same = sim::simulate(m, options);
    QCOMPARE(same["series"]["readModels"]["view"]["windowP50"][8].get<double>(), 0.01);
    // Workload unaffected by the change (common random numbers).
    QCOMPARE(num(r, {"commands", "total", "issued"}), num(same, {"commands", "total", "issued"}));
}

void TestSimControl::midRunRateAndConsumers()
{
    Model m = tandem(50, Distribution::constant(0), 1000, 100);
    m.workload.sampleInterval = 10;
    m.eventBus.partitions = 4;
    addReadModel(m, "view", Distribution::constant(0), Distribution::constant(0.015));
    sim::SimulationOptions options;
    options.series = true;
    sim::Simulation s(m, options);
    s.advanceTo(40);
    QVERIFY(s.setCommandRate(100));
    s.advanceTo(70);
    // At 100/s one consumer (capacity 66/s) falls behind; four keep up.
    const double backlogBefore = s.snapshot().readModels[0].backlog;
    QVERIFY(backlogBefore > 500);
    QVERIFY(s.setConsumers("view", 4));
    s.runToEnd();
    const Json r = s.result();
    const Json &rate = r["series"]["commandsAccepted"];
    QVERIFY(std::abs(rate[2].get<double>() / 50 - 1) < 0.2);
    QVERIFY(std::abs(rate[5].get<double>() / 100 - 1) < 0.15);
    QVERIFY(s.snapshot().readModels[0].backlog < 50);
    QCOMPARE(s.snapshot().readModels[0].consumers, 4);
    QVERIFY(s.setQueryRate(10));
    QVERIFY(!s.setConsumers("view", 0));
    QVERIFY(!s.setCommandRate(-1));
}

void TestSimControl::midRunOutageAndRebuild()
{
    Model m = tandem(50, Distribution::constant(0), 1000, 100);
    addReadModel(m, "view", Distribution::constant(0), Distribution::constant(0.001));
    sim::Simulation s(m);
    s.advanceTo(20);
    std::string error;
    QVERIFY(s.scheduleOutage("view", 30, 10, &error));
    QVERIFY(s.scheduleRebuild("view", 60, &error));
    QVERIFY(!s.scheduleRebuild("view", 10, &error)); // in the past
    QVERIFY(!error.empty());
    QVERIFY(!s.scheduleOutage("nope", 30, 10, &error));
    QVERIFY(error.find("nope") != std::string::npos);
    s.runToEnd();
    const Json r = s.result();
    QVERIFY(num(r, {"readModels", "view", "lag", "max"}) >= 10);
    QVERIFY(num(r, {"readModels", "view", "backlog", "max"}) > 400);
    const Json &rb = r["readModels"]["view"]["rebuilds"];
    QCOMPARE(rb.size(), std::size_t(1));
    QCOMPARE(rb[0]["at"].get<double>(), 60.0);
    QVERIFY(rb[0]["replayed"].get<double>() > 2500);
}

void TestSimControl::midRunWorkersAndHandler()
{
    // 150/s into one worker of 100/s: the queue grows; three workers drain it.
    Model m = tandem(150, Distribution::exponential(0.01), 100000, 100);
    sim::Simulation s(m);
    s.advanceTo(30);
    const std::uint64_t queued = s.snapshot().writeQueue;
    QVERIFY(queued > 1000);
    std::string error;
    QVERIFY(s.setParameter("writeSide.workers", 3, &error));
    s.advanceTo(60);
    QVERIFY(s.snapshot().writeQueue < 50);
    // Back to one worker with a faster handler (200/s): still keeps up.
    QVERIFY(s.setWorkers(1, &error));
    QVERIFY(s.setParameter("commands.cmd.handlerTime",
                           Json::parse(R"({"dist":"exponential","mean":0.005})"), &error));
    s.runToEnd();
    QVERIFY(s.snapshot().writeQueue < 100);
    const Json r = s.result();
    // Worker-seconds available: 30 x 1 + 30 x 3 + 40 x 1 = 160. Busy: 30 (saturated),
    // then 30 x 1.5 + the backlog (queued x 0.01), then 40 x 150 x 0.005.
    const double busy = 30 + 45 + queued * 0.01 + 30;
    const double util = num(r, {"writeSide", "utilization"});
    QVERIFY2(std::abs(util / (busy / 160) - 1) < 0.05,
             qPrintable(QStringLiteral("%1 vs %2").arg(util).arg(busy / 160)));
    QVERIFY(!s.setWorkers(0, &error));
    QVERIFY(!s.setParameter("commands.nope.handlerTime", 0.1, &error));
    QVERIFY(error.find("nope") != std::string::npos);
}

void TestSimControl::midRunBatchIntervalAndStrategy()
{
    Model m = tandem(50, Distribution::constant(0.001), 1, 100);
    m.workload.sampleInterval = 10;
    ReadModel &rm = addReadModel(m, "batch");
    rm.update.mode = UpdateMode::Batch;
    rm.update.interval = 10;
    addQuery(m, "get", "batch");
    m.workload.queryRate = 20;
    sim::SimulationOptions options;
    options.series = true;
    sim::Simulation s(m, options);
    s.advanceTo(50);
    const Json before = s.result();
    // One key, events every 20 ms, a batch every 10 s: nearly every read is stale.
    QVERIFY(num(before, {"queries", "get", "staleRatio"}) > 0.95);
    QVERIFY(s.setParameter("readModels.batch.update.interval", 1.0));
    QVERIFY(s.setParameter("queries.get.consistency.strategy", "read-from-write-model"));
    s.runToEnd();
    const Json r = s.result();
    const Json &p99 = r["series"]["readModels"]["batch"]["windowP99"];
    QVERIFY(p99[3].get<double>() > 8.0);   // interval (30, 40]: 10 s batches
    QVERIFY(p99[8].get<double>() <= 1.01); // interval (80, 90]: 1 s batches
    // Reads from the write model are never stale: no stale read after 50 s.
    QCOMPARE(num(r, {"queries", "get", "stale"}), num(before, {"queries", "get", "stale"}));
    QVERIFY(num(r, {"queries", "get", "issued"}) > num(before, {"queries", "get", "issued"}) + 800);
    QCOMPARE(r["series"]["queries"]["get"]["staleRatio"][8].get<double>(), 0.0);
}

void TestSimControl::setParameterPaths()
{
    Model m = richModel();
    sim::Simulation s(m);
    s.advanceTo(10);
    std::string error;
    QVERIFY2(s.setParameter("readModels.view.update.delay",
                            Json::parse(R"({"dist":"exponential","mean":0.2})"), &error),
             error.c_str());
    QVERIFY(s.setParameter("readModels.view.applyTime", 0.001, &error));
    QVERIFY(s.setParameter("readModels.view.consumers", 3, &error));
    QVERIFY(s.setParameter("readModels.batch.update.interval", 3.5, &error));
    QVERIFY(s.setParameter("policies.pol.applyTime", 0.001, &error));
    QVERIFY(s.setParameter("workload.commandRate", 90, &error));
    QVERIFY(s.setParameter("workload.queryRate", 10, &error));
    QVERIFY(s.setParameter("queries.get.consistency.strategy", "read-from-write-model", &error));
    QVERIFY(s.setParameter("queries.after-write.consistency",
                           Json::parse(R"({"strategy":"optimistic-ui"})"), &error));
    QVERIFY(!s.setParameter("readModels.nope.consumers", 3, &error));
    QVERIFY(error.find("nope") != std::string::npos);
    QVERIFY(!s.setParameter("readModels.view.consumers", "many", &error));
    QVERIFY(!s.setParameter("readModels.view.update.interval", 3, &error)); // streaming
    QVERIFY(!s.setParameter("readModels.view.update.delay", Json::parse(R"({"dist":"weird"})"),
                            &error));
    QVERIFY(!s.setParameter("workload.duration", 5, &error));
    QVERIFY(!s.setParameter("queries.get.consistency.strategy", "sometimes", &error));
    s.runToEnd();
    const Json r = s.result();
    QVERIFY(num(r, {"queries", "after-write", "pendingConfirmation", "count"}) > 0);
    QVERIFY(num(r, {"readModels", "view", "applied"}) > 0);
}

void TestSimControl::sinkSamplesAndTraces()
{
    Model m = tandem(20, Distribution::constant(0.001), 100, 50);
    m.workload.sampleInterval = 1;
    addReadModel(m, "view", Distribution::constant(0.01));
    sim::Simulation s(m);
    Recorder rec;
    s.setSink(&rec, true);
    s.runToEnd();
    QCOMPARE(rec.samples.size(), std::size_t(50));
    QCOMPARE(rec.samples.back().time, 50.0);
    QCOMPARE(rec.finishedCalls, 1);
    const Json r = s.result();
    std::size_t commits = 0, applies = 0;
    for (const sim::TraceRecord &t : rec.traces) {
        commits += t.kind == sim::TraceRecord::Kind::CommandCommitted;
        applies += t.kind == sim::TraceRecord::Kind::EventApplied;
    }
    QCOMPARE(double(commits), num(r, {"commands", "total", "accepted"}));
    QCOMPARE(double(applies), num(r, {"readModels", "view", "applied"}));
    QCOMPARE(double(rec.samples.back().commandsAccepted),
             num(r, {"commands", "total", "accepted"}));
    double perSecond = 0;
    for (const sim::Snapshot &snap : rec.samples)
        perSecond += snap.commandsAcceptedPerSecond;
    QCOMPARE(perSecond, double(commits));
    QCOMPARE(rec.samples[10].readModels[0].windowP50, 0.01);
    QCOMPARE(rec.samples[10].readModels[0].id, std::string("view"));
    // Each interval's longest window: the run's longest is the longest of them.
    double longest = 0;
    for (const sim::Snapshot &snap : rec.samples) {
        const sim::ConsumerGroupSnapshot &view = snap.readModels[0];
        QVERIFY(view.windowMax >= view.windowP99);
        longest = std::max(longest, view.windowMax);
    }
    QVERIFY(longest > 0.01);
    QCOMPARE(longest, num(r, {"readModels", "view", "consistencyWindow", "max"}));
    // Without tracing: samples only.
    sim::Simulation quiet(m);
    Recorder rec2;
    quiet.setSink(&rec2, false);
    quiet.runToEnd();
    QVERIFY(rec2.traces.empty());
    QCOMPARE(withoutWallClock(quiet.result()), withoutWallClock(r));
}

void TestSimControl::sinkAttachedMidRun()
{
    // Interval percentiles come from the run's histogram minus a copy taken
    // at each sample; a sink attached in the middle of a run (of a policy's
    // windows, which nothing followed before), or detached and attached
    // again, must start from a full copy, or every later interval counts the
    // windows before it.
    Model m = richModel(60);
    m.workload.sampleInterval = 2;
    sim::Simulation always(m);
    Recorder all;
    always.setSink(&all, false);
    always.runToEnd();
    QCOMPARE(all.samples.size(), std::size_t(30));
    for (const bool detached : {false, true}) {
        sim::Simulation late(m);
        Recorder early;
        if (detached) {
            late.setSink(&early, false);
            late.advanceTo(20);
            late.setSink(nullptr);
        }
        late.advanceTo(30); // the sample at 30 s is taken: the next interval is whole
        Recorder from30;
        late.setSink(&from30, false);
        late.runToEnd();
        QCOMPARE(withoutWallClock(late.result()), withoutWallClock(always.result()));
        QCOMPARE(from30.samples.size(), std::size_t(15));
        int compared = 0;
        for (std::size_t i = 0; i < from30.samples.size(); ++i) {
            const sim::Snapshot &got = from30.samples[i];
            const sim::Snapshot &expected = all.samples[i + 15];
            QCOMPARE(got.time, expected.time);
            for (const auto &[gotGroups, expectedGroups] : {std::pair{&got.readModels, &expected.readModels},
                                                            std::pair{&got.policies, &expected.policies}}) {
                QCOMPARE(gotGroups->size(), expectedGroups->size());
                for (std::size_t g = 0; g < gotGroups->size(); ++g) {
                    const sim::ConsumerGroupSnapshot &a = (*gotGroups)[g];
                    const sim::ConsumerGroupSnapshot &b = (*expectedGroups)[g];
                    QVERIFY2(a.windowP50 == b.windowP50 && a.windowP95 == b.windowP95
                                 && a.windowP99 == b.windowP99 && a.windowMax == b.windowMax,
                             qPrintable(QStringLiteral("%1 at %2 s%3: p50 %4 / %5, p99 %6 / %7")
                                            .arg(QString::fromStdString(a.id))
                                            .arg(got.time)
                                            .arg(detached ? QStringLiteral(" (attached again)") : QString())
                                            .arg(a.windowP50)
                                            .arg(b.windowP50)
                                            .arg(a.windowP99)
                                            .arg(b.windowP99)));
                    compared += b.windowP99 > 0.0;
                }
            }
        }
        QVERIFY(compared > 20);
    }
}

void TestSimControl::seriesShape()
{
    Model m = richModel(60);
    m.workload.sampleInterval = 7; // 60 is not a multiple: the last interval is partial
    sim::SimulationOptions options;
    options.series = true;
    const Json r = sim::simulate(m, options);
    const Json &s = r["series"];
    QCOMPARE(s["t"].size(), std::size_t(9));
    QCOMPARE(s["t"].back().get<double>(), 60.0);
    for (const char *k : {"commandsAccepted", "commandsRejected", "eventsPublished"})
        QCOMPARE(s[k].size(), std::size_t(9));
    for (const char *k : {"applied", "backlog", "lag", "windowP50", "windowP99"})
        QCOMPARE(s["readModels"]["view"][k].size(), std::size_t(9));
    QCOMPARE(s["queries"]["get"]["issued"].size(), std::size_t(9));
    QCOMPARE(s["queries"]["get"]["staleRatio"].size(), std::size_t(9));
    // Default sampleInterval = duration / 600: exactly 600 intervals.
    Model plain = tandem(10, Distribution::constant(0), 10, 70.3);
    const Json defaults = sim::simulate(plain, options);
    QCOMPARE(defaults["series"]["t"].size(), std::size_t(600));
    QCOMPARE(defaults["series"]["t"].back().get<double>(), 70.3);
    // The series does not change any other figure.
    Json without = sim::simulate(m);
    Json with = r;
    with.erase("series");
    QCOMPARE(withoutWallClock(with), withoutWallClock(without));
}

void TestSimControl::refusesOverLimit()
{
    Model m = tandem(1e7, Distribution::constant(0), 1000, 1e6);
    QVERIFY(!sim::checkRunLimits(m).empty());
    QVERIFY_THROWS_EXCEPTION(sim::SimulationError, sim::Simulation s(m));
    // A policy loop with gain 1 never settles.
    Model loop = tandem(10, Distribution::constant(0.001), 100, 10);
    Policy p;
    p.id = "again";
    p.subscribes = {"ev"};
    p.issues = "cmd";
    p.probability = 1.0;
    loop.policies.push_back(p);
    QVERIFY(!sim::checkRunLimits(loop).empty());
    QVERIFY(sim::checkRunLimits(tandem(100, Distribution::constant(0), 1000, 600)).empty());
    // A model that skipped validation cannot make time run backwards or poll forever.
    Model negative = tandem(10, Distribution::constant(-1), 10, 10);
    QVERIFY_THROWS_EXCEPTION(sim::SimulationError, sim::Simulation s(negative));
    Model polling = tandem(10, Distribution::constant(0), 10, 10);
    addReadModel(polling, "view");
    addQuery(polling, "q", "view", Strategy::WaitForVersion).consistency.pollInterval = 0;
    QVERIFY_THROWS_EXCEPTION(sim::SimulationError, sim::Simulation s(polling));
    Model dangling = tandem(10, Distribution::constant(0), 10, 10);
    addQuery(dangling, "q", "missing");
    QVERIFY_THROWS_EXCEPTION(sim::SimulationError, sim::Simulation s(dangling));
    // A batch tick before time 0 would run after every other event.
    Model early = tandem(10, Distribution::constant(0), 10, 10);
    ReadModel &batch = addReadModel(early, "batch");
    batch.update.mode = UpdateMode::Batch;
    batch.update.interval = 5;
    batch.update.offset = -1;
    QVERIFY_THROWS_EXCEPTION(sim::SimulationError, sim::Simulation s(early));
    batch.update.offset = 0.5;
    sim::Simulation fine(early);
}

void TestSimControl::memoryDoesNotGrowWithRunLength()
{
    auto footprint = [](double duration) {
        Model m = richModel(duration);
        m.readModels[0].rebuilds.clear(); // a rebuild's replay work grows with history by design
        sim::Simulation s(m);
        s.runToEnd();
        return s.memoryFootprint();
    };
    const sim::MemoryFootprint shortRun = footprint(200);
    const sim::MemoryFootprint longRun = footprint(2000);
    qInfo() << "messages" << shortRun.messages << longRun.messages << "jobs" << shortRun.jobs
            << longRun.jobs << "events" << shortRun.futureEvents << longRun.futureEvents
            << "queue slots" << shortRun.queueSlots << longRun.queueSlots;
    // Pools grow with what is in flight at the busiest instant, not with the
    // number of events: 10x the run may only see a somewhat higher peak.
    QVERIFY(longRun.messages <= 2 * shortRun.messages + 64);
    QVERIFY(longRun.jobs <= 2 * shortRun.jobs + 64);
    QVERIFY(longRun.followUps <= 2 * shortRun.followUps + 64);
    QVERIFY(longRun.futureEvents <= 2 * shortRun.futureEvents + 64);
    QVERIFY(longRun.queueSlots <= 2 * shortRun.queueSlots + 64);
    QCOMPARE(longRun.perKeyBytes, shortRun.perKeyBytes);
}

// A change during a run is read by the loader's own override and validation
// code, so the GUI's live edits, `--set` and the file agree on what is valid
// and say it in the same words (the engine used to parse paths and
// distributions itself and ignored parameters the loader refuses).
void TestSimControl::liveChangesReadLikeTheLoader()
{
    const Model m = richModel();
    struct Case
    {
        const char *path;
        Json value;
    };
    const std::vector<Case> bad = {
        {"readModels.view.update.delay", Json::parse(R"({"dist":"weird"})")},
        {"readModels.view.update.delay.median", 0.1},
        {"readModels.view.consumers", -2},
        {"readModels.view.consumers", "many"},
        {"readModels.nope.consumers", 3},
        {"commands.cmd.handlerTime", Json::parse(R"({"dist":"lognormal","median":0.01})")},
        {"queries.get.consistency.strategy", "sometimes"},
    };
    for (const Case &c : bad) {
        sim::Simulation s(m);
        s.advanceTo(5);
        std::string engineError;
        QVERIFY2(!s.setParameter(c.path, c.value, &engineError), c.path);

        // What `--set PATH=VALUE` says about the same change to the same model.
        Json document = modelToJson(m);
        std::string setError;
        std::string loaderError;
        if (!applySetOverride(document, c.path, c.value, &setError)) {
            QCOMPARE(QString::fromStdString(engineError), QString::fromStdString(setError));
        } else {
            const ModelLoadResult loaded = modelFromJson(document);
            QVERIFY2(!loaded.ok(), c.path);
            for (const Diagnostic &d : loaded.diagnostics) {
                if (d.isError()) {
                    loaderError = d.message;
                    break;
                }
            }
            QVERIFY(!loaderError.empty());
            QVERIFY2(engineError.find(loaderError) != std::string::npos,
                     (engineError + " | " + loaderError).c_str());
        }
    }

    // A change that turns into several setters applies whole or not at all:
    // here the delay would apply and the interval (a streaming view has
    // none) is refused, and the run goes on exactly as if nothing was tried.
    {
        auto resultOf = [&](bool tryChange) {
            sim::Simulation run(m);
            run.advanceTo(5);
            if (tryChange) {
                std::string refused;
                const bool applied = run.setParameter(
                    "readModels.view.update",
                    Json::parse(R"({"mode":"streaming","delay":{"dist":"constant","value":5},"interval":3})"),
                    &refused);
                if (applied || refused.empty())
                    return Json();
            }
            run.runToEnd();
            Json result = run.result();
            result["engine"].erase("wallSeconds");
            return result;
        };
        const Json untouched = resultOf(false);
        const Json refusedChange = resultOf(true);
        QVERIFY(!refusedChange.is_null());
        QVERIFY2(refusedChange == untouched, Json::diff(untouched, refusedChange).dump().substr(0, 600).c_str());
    }

    // A refused change leaves the run as it was: the next valid one still works
    // and a change to something a run cannot take is named as such.
    sim::Simulation s(m);
    s.advanceTo(5);
    std::string error;
    QVERIFY(!s.setParameter("readModels.view.consumers", 0, &error));
    QVERIFY2(s.setParameter("readModels.view.consumers", 2, &error), error.c_str());
    QVERIFY(!s.setParameter("readModels.view.store", "search-index", &error));
    QVERIFY2(error.find("cannot be changed during a run") != std::string::npos, error.c_str());
    s.runToEnd();
    QVERIFY(s.finished());
}

QTEST_GUILESS_MAIN(TestSimControl)
#include "tst_sim_control.moc"
