// One memory budget for the runs a process has going at once (issue 13;
// cqrs/sim/memorybudget.h, docs/limits.md): runs started together never hold
// more than the budget, a run alone is always admitted, waiting runs start in
// the order they asked, a wait can be cancelled, a run bigger than the whole
// budget is refused, and the judge's results do not change.
#include "testmodels.h"

#include <QtTest>

#include <cqrs/model/challenge.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>
#include <cqrs/sim/judge.h>
#include <cqrs/sim/memorybudget.h>
#include <cqrs/sim/simulation.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

using namespace cqrs;
using namespace cqrs::sim;
using namespace std::chrono_literals;

namespace {

// Waits (up to 5 s) until `condition` holds.
template <typename Condition>
bool eventually(Condition condition)
{
    for (int i = 0; i < 500; ++i) {
        if (condition())
            return true;
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

// tests/data/challenges/small.challenge.json with an outage of the view in
// start and one stress per longer outage: every run holds a backlog, each
// between `low` and `high` x the smallest.
Challenge outageChallenge()
{
    std::ifstream in(CQRS_SOURCE_DIR "/tests/data/challenges/small.challenge.json");
    Json doc = Json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    doc["start"]["readModels"][0]["outages"] = Json::array({{{"at", 20}, {"duration", 10}}});
    doc["solution"]["readModels"][0]["outages"] = Json::array({{{"at", 20}, {"duration", 10}}});
    doc["stresses"] = Json::array();
    for (int seconds : {11, 12, 13, 14, 15}) {
        Json stress = Json::object();
        stress["id"] = "down-" + std::to_string(seconds);
        stress["set"] = {{"readModels.@get-view.outages", Json::array({{{"at", 20}, {"duration", seconds}}})}};
        doc["stresses"].push_back(stress);
    }
    ChallengeLoadResult loaded = challengeFromJson(doc);
    if (!loaded.ok())
        qFatal("%s", loaded.diagnostics.front().located().c_str());
    return *loaded.challenge;
}

// Predicted peak bytes of every judged run of start.
std::vector<double> runBytes(const Challenge &c)
{
    std::vector<double> bytes;
    std::vector<const Stress *> stresses{nullptr};
    for (const Stress &s : c.stresses)
        stresses.push_back(&s);
    for (const Stress *s : stresses) {
        std::string error;
        const std::optional<Json> doc
            = prepareRunDocument(c, c.startDocument, c.start, s, c.judgingSeed(), &error);
        ModelLoadResult model = modelFromJson(*doc);
        bytes.push_back(predictedRunMemoryBytes(*model.model));
    }
    return bytes;
}

} // namespace

class TestMemoryBudget : public QObject
{
    Q_OBJECT

private slots:
    void neverMoreThanTheBudget();
    void aloneIsAlwaysAdmitted();
    void firstComeFirstServed();
    void cancelledWaitLeavesTheQueue();
    void biggerThanTheBudgetIsRefused();
    void reservationIsRaii();
    void judgeWithinTheBudgetSameVerdict();
    void judgeRefusesARunBiggerThanTheBudget();
    void processBudgetRefusesAsAdmissionDoes();
};

// Twelve runs of 30 in a budget of 100: never more than three at once, never
// more than 100 reserved, all finish.
void TestMemoryBudget::neverMoreThanTheBudget()
{
    MemoryBudget budget(100);
    std::atomic<int> running{0}, most{0}, finished{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 12; ++i) {
        threads.emplace_back([&] {
            const MemoryBudget::Reservation r = budget.reserve(30);
            const int now = ++running;
            int seen = most.load();
            while (now > seen && !most.compare_exchange_weak(seen, now)) {}
            std::this_thread::sleep_for(15ms);
            --running;
            ++finished;
        });
    }
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(finished.load(), 12);
    QVERIFY(most.load() <= 3);
    QVERIFY(budget.peakHolders() <= 3);
    QVERIFY(budget.peakReserved() <= 100);
    QCOMPARE(budget.peakReserved(), 90.0); // three at once did happen
    QVERIFY(budget.waits() > 0);
    QCOMPARE(budget.reserved(), 0.0);
    QCOMPARE(budget.holders(), 0);
}

// A run as big as the whole budget starts once nothing else runs; then the
// next waits for it.
void TestMemoryBudget::aloneIsAlwaysAdmitted()
{
    MemoryBudget budget(100);
    MemoryBudget::Reservation first = budget.reserve(60);
    std::atomic<bool> admitted{false};
    std::thread whole([&] {
        const MemoryBudget::Reservation r = budget.reserve(100);
        admitted = true;
        QCOMPARE(budget.reserved(), 100.0);
    });
    QVERIFY(eventually([&] { return budget.waits() == 1; }));
    std::this_thread::sleep_for(50ms);
    QVERIFY(!admitted.load());
    first.release();
    whole.join();
    QVERIFY(admitted.load());
    QCOMPARE(budget.peakReserved(), 100.0);
    QCOMPARE(budget.peakHolders(), 1);
    // Nothing reserved: admitted at once, without waiting.
    const MemoryBudget::Reservation again = budget.reserve(100);
    QCOMPARE(budget.waits(), std::size_t(1));
}

// A small run that would fit does not overtake a big one waiting before it,
// so the big one cannot be starved.
void TestMemoryBudget::firstComeFirstServed()
{
    MemoryBudget budget(100);
    MemoryBudget::Reservation held = budget.reserve(60);
    std::mutex mutex;
    std::vector<int> order;
    // 70 never fits beside 35, so after 60 ends the two are admitted one
    // after the other: the order of the pushes is the order of admission.
    std::thread big([&] {
        const MemoryBudget::Reservation r = budget.reserve(70);
        std::lock_guard lock(mutex);
        order.push_back(70);
    });
    QVERIFY(eventually([&] { return budget.waits() == 1; }));
    std::thread small([&] {
        const MemoryBudget::Reservation r = budget.reserve(35);
        std::lock_guard lock(mutex);
        order.push_back(35);
    });
    QVERIFY(eventually([&] { return budget.waits() == 2; }));
    std::this_thread::sleep_for(50ms);
    {
        std::lock_guard lock(mutex);
        QVERIFY(order.empty()); // 35 would fit beside 60, but 70 asked first
    }
    held.release();
    big.join();
    small.join();
    QCOMPARE(order.front(), 70);
    QCOMPARE(order.size(), std::size_t(2));
    QVERIFY(budget.peakReserved() <= 100);
}

// A run whose wait is cancelled gets nothing and lets the next one in.
void TestMemoryBudget::cancelledWaitLeavesTheQueue()
{
    MemoryBudget budget(100);
    MemoryBudget::Reservation held = budget.reserve(90);
    std::atomic<bool> cancel{false};
    std::atomic<int> outcome{-1};
    std::thread waiting([&] {
        const MemoryBudget::Reservation r = budget.reserve(50, [&] { return cancel.load(); });
        outcome = r ? 1 : 0;
    });
    QVERIFY(eventually([&] { return budget.waits() == 1; }));
    std::atomic<bool> nextIn{false};
    std::thread next([&] {
        const MemoryBudget::Reservation r = budget.reserve(10);
        nextIn = true;
    });
    std::this_thread::sleep_for(50ms);
    QVERIFY(!nextIn.load()); // behind the waiting one
    cancel = true;
    waiting.join();
    QCOMPARE(outcome.load(), 0);
    next.join(); // 10 fits beside 90 once the head left
    QVERIFY(nextIn.load());
    QCOMPARE(budget.reserved(), 90.0);
}

void TestMemoryBudget::biggerThanTheBudgetIsRefused()
{
    MemoryBudget budget(1000);
    for (double bytes : {1000.5, 1e30, std::numeric_limits<double>::infinity(),
                         std::numeric_limits<double>::quiet_NaN()}) {
        try {
            (void)budget.reserve(bytes);
            QFAIL("a run bigger than the budget was admitted");
        } catch (const SimulationError &e) {
            QVERIFY2(std::string(e.what()).find("more than all runs at once may use") != std::string::npos,
                     e.what());
            QVERIFY2(std::string(e.what()).find("inf") == std::string::npos, e.what());
        }
    }
    QCOMPARE(budget.holders(), 0);
    // Nothing was left waiting in the queue: the next run goes in at once.
    const MemoryBudget::Reservation r = budget.reserve(1000);
    QVERIFY(r);
    QCOMPARE(budget.waits(), std::size_t(0));
}

void TestMemoryBudget::reservationIsRaii()
{
    MemoryBudget budget(100);
    {
        MemoryBudget::Reservation a = budget.reserve(40);
        MemoryBudget::Reservation b = std::move(a);
        QVERIFY(!a);
        QVERIFY(b);
        QCOMPARE(b.bytes(), 40.0);
        QCOMPARE(budget.reserved(), 40.0);
        MemoryBudget::Reservation c = budget.reserve(-5); // counts as 0
        QCOMPARE(budget.holders(), 2);
        c = std::move(b); // c's own reservation goes back
        QCOMPARE(budget.holders(), 1);
        QCOMPARE(budget.reserved(), 40.0);
    }
    QCOMPARE(budget.reserved(), 0.0);
    QCOMPARE(budget.holders(), 0);
}

// The judge on four threads with a budget that holds one run at a time: no
// two runs at once, every run judged, the verdict the same as on one thread.
void TestMemoryBudget::judgeWithinTheBudgetSameVerdict()
{
    const Challenge challenge = outageChallenge();
    const std::vector<double> bytes = runBytes(challenge);
    QCOMPARE(bytes.size(), std::size_t(6));
    const double low = *std::min_element(bytes.begin(), bytes.end());
    const double high = *std::max_element(bytes.begin(), bytes.end());
    QVERIFY2(low > 0 && high < 1.9 * low, qPrintable(QString("%1 %2").arg(low).arg(high)));

    JudgeOptions sequential;
    sequential.jobs = 1;
    const Json expected = verdictToJson(judgeAnswer(challenge, challenge.startDocument, sequential));

    MemoryBudget budget(1.9 * low); // room for one run, never two
    JudgeOptions parallel;
    parallel.jobs = 4;
    parallel.memoryBudget = &budget;
    const Verdict verdict = judgeAnswer(challenge, challenge.startDocument, parallel);
    QCOMPARE(verdict.status, VerdictStatus::Judged);
    QCOMPARE(verdict.runs.size(), std::size_t(6));
    for (const RunVerdict &run : verdict.runs)
        QVERIFY2(run.error.empty(), run.error.c_str());
    QCOMPARE(verdictToJson(verdict), expected);
    QCOMPARE(budget.peakHolders(), 1);
    QVERIFY(budget.peakReserved() <= budget.limit());
    QCOMPARE(budget.peakReserved(), high);
    QCOMPARE(budget.holders(), 0);

    // Room for all of them: the same verdict again.
    MemoryBudget roomy(10 * high);
    parallel.memoryBudget = &roomy;
    QCOMPARE(verdictToJson(judgeAnswer(challenge, challenge.startDocument, parallel)), expected);
    QVERIFY(roomy.peakReserved() <= roomy.limit());
}

// A budget smaller than any one run: every run is refused with the reason,
// none is started, and the judge still ends.
void TestMemoryBudget::judgeRefusesARunBiggerThanTheBudget()
{
    const Challenge challenge = outageChallenge();
    const std::vector<double> bytes = runBytes(challenge);
    MemoryBudget tiny(*std::min_element(bytes.begin(), bytes.end()) / 2);
    JudgeOptions options;
    options.jobs = 2;
    options.memoryBudget = &tiny;
    const Verdict verdict = judgeAnswer(challenge, challenge.startDocument, options);
    QCOMPARE(verdict.status, VerdictStatus::Judged);
    QCOMPARE(verdict.runs.size(), std::size_t(6));
    for (const RunVerdict &run : verdict.runs)
        QVERIFY2(run.error.find("more than all runs at once may use") != std::string::npos,
                 run.error.c_str());
    QCOMPARE(verdict.score, 0);
    QCOMPARE(tiny.peakHolders(), 0);
}

// With the process's budget (kMaxRunMemoryBytes) a run over the limit is
// refused before it reserves anything, with admission's own message.
void TestMemoryBudget::processBudgetRefusesAsAdmissionDoes()
{
    QCOMPARE(MemoryBudget::process().limit(), kMaxRunMemoryBytes);
    Model model = testing::parse(testing::growingModelJson(testing::GrowingModel(30, 50)));
    model.workload.duration = 3000; // a backlog of about 6e7 events: gigabytes
    model.workload.commandRate = 20000;
    const std::string limits = checkRunLimits(model);
    QVERIFY(!limits.empty());
    try {
        (void)reserveRunMemory(model);
        QFAIL("a run over the limit was admitted");
    } catch (const SimulationError &e) {
        QCOMPARE(std::string(e.what()), limits);
    }
    QCOMPARE(MemoryBudget::process().holders(), 0);
}

QTEST_GUILESS_MAIN(TestMemoryBudget)
#include "tst_sim_memory_budget.moc"
