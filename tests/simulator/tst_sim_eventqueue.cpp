// The engine's future event set (simulator/src/eventqueue.h): events come out
// in (time, priority, insertion) order, also when the main loop handles the
// earliest one in place and a push takes its slot.
#include "eventqueue.h"

#include <QtTest>
#include <algorithm>
#include <cstdint>
#include <random>
#include <tuple>
#include <vector>

using namespace cqrs::sim;

namespace {

/// What the queue must give back: every event ever pushed, taken in
/// (time, priority, insertion) order, with its payload.
struct Reference
{
    struct Entry
    {
        double time;
        int priority;
        std::uint64_t sequence;
        std::uint32_t payload;
    };
    std::vector<Entry> entries;
    std::uint64_t sequence = 0;

    void push(double time, int priority, std::uint32_t payload)
    {
        entries.push_back({time, priority, sequence++, payload});
    }
    Entry pop()
    {
        const auto earliest
            = std::min_element(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
                  return std::tie(a.time, a.priority, a.sequence)
                         < std::tie(b.time, b.priority, b.sequence);
              });
        const Entry e = *earliest;
        entries.erase(earliest);
        return e;
    }
};

} // namespace

class TestSimEventQueue : public QObject
{
    Q_OBJECT

private slots:
    void handledInPlaceKeepsTheOrder_data();
    void handledInPlaceKeepsTheOrder();
    void sizeWhileTheTopIsInHand();
    void negativeZeroIsZero();
};

void TestSimEventQueue::handledInPlaceKeepsTheOrder_data()
{
    QTest::addColumn<unsigned>("seed");
    for (unsigned seed = 1; seed <= 6; ++seed)
        QTest::addRow("seed %u", seed) << seed;
}

// Random runs as the engine makes them: each handled event schedules 0, 1
// or 2 events at or after its own time, on a coarse time grid so that ties
// in time (and in priority) are common; then the queue drains.
void TestSimEventQueue::handledInPlaceKeepsTheOrder()
{
    QFETCH(unsigned, seed);
    std::mt19937_64 random(seed);
    EventQueue queue;
    Reference reference;
    std::uint32_t payload = 0;
    auto push = [&](double time) {
        const int priority = static_cast<int>(random() % 4);
        queue.push(time, priority, 0, payload);
        reference.push(time, priority, payload);
        ++payload;
    };
    for (int i = 0; i < 50; ++i)
        push(static_cast<double>(random() % 20));

    int handled = 0;
    double now = 0.0;
    while (!queue.empty()) {
        const FutureEvent e = queue.beginTop();
        const Reference::Entry expected = reference.pop();
        QCOMPARE(e.a, expected.payload);
        QCOMPARE(e.time, expected.time);
        QVERIFY(e.time >= now);
        now = e.time;
        int pushes = 0;
        if (handled < 15000)
            pushes = static_cast<int>(random() % 3) + (queue.size() < 10 ? 1 : 0);
        for (int p = 0; p < pushes; ++p)
            push(now + static_cast<double>(random() % 8));
        queue.endTop();
        ++handled;
    }
    QVERIFY(queue.empty());
    QVERIFY(reference.entries.empty());
    QVERIFY(handled > 15000);
}

void TestSimEventQueue::sizeWhileTheTopIsInHand()
{
    EventQueue queue;
    queue.push(2.0, 0, 0, 2);
    queue.push(1.0, 0, 0, 1);
    QCOMPARE(queue.size(), std::size_t{2});
    const FutureEvent first = queue.beginTop();
    QCOMPARE(first.a, 1u);
    QCOMPARE(queue.size(), std::size_t{1}); // the event in hand is no longer queued
    QVERIFY(!queue.empty());
    queue.push(1.5, 0, 0, 3); // takes the slot of the event in hand
    QCOMPARE(queue.size(), std::size_t{2});
    queue.endTop(); // nothing left to remove
    QCOMPARE(queue.size(), std::size_t{2});
    QCOMPARE(queue.pop().a, 3u);
    const FutureEvent last = queue.beginTop();
    QCOMPARE(last.a, 2u);
    QVERIFY(queue.empty());
    queue.endTop();
    QVERIFY(queue.empty());
    QCOMPARE(queue.size(), std::size_t{0});
}

// Times are compared by their bits: -0.0 must still come before 1.0.
void TestSimEventQueue::negativeZeroIsZero()
{
    EventQueue queue;
    queue.push(1.0, 0, 0, 1);
    queue.push(-0.0, 0, 0, 0);
    QCOMPARE(queue.pop().a, 0u);
    QCOMPARE(queue.pop().a, 1u);
}

QTEST_GUILESS_MAIN(TestSimEventQueue)
#include "tst_sim_eventqueue.moc"
