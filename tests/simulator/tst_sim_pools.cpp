// The engine's growable storage (simulator/src/growingarray.h and the pool and
// ring buffer built on it in eventqueue.h): records survive every growth,
// also the step from heap memory into a mapping of its own and the mapping's
// own growth, and a ring buffer keeps its order when it grows wrapped.
#include "eventqueue.h"
#include "growingarray.h"

#include <QtTest>
#include <cstdint>
#include <deque>
#include <random>

using namespace cqrs::sim;

namespace {

/// Shaped like the engine's deliveries: 64 bytes on a 64-byte boundary.
struct alignas(64) Record
{
    std::uint64_t serial = 0;
    double time = 0.0;
    std::uint32_t marker = 0xffffffffu;
};

Record recordFor(std::size_t i)
{
    return Record{i * 2654435761u, static_cast<double>(i) * 0.5,
                  static_cast<std::uint32_t>(i ^ 0x5a5a5a5au)};
}

bool holds(const Record &r, std::size_t i)
{
    const Record expected = recordFor(i);
    return r.serial == expected.serial && r.time == expected.time && r.marker == expected.marker;
}

} // namespace

class TestSimPools : public QObject
{
    Q_OBJECT

private slots:
    void growingArrayKeepsEveryRecord();
    void growingArrayMoves();
    void ringQueueKeepsOrderWhenItGrowsWrapped();
    void poolRecyclesReleasedRecords();
};

void TestSimPools::growingArrayKeepsEveryRecord()
{
    // 40,000 records of 64 bytes: 2.5 MB, far past the size from which the
    // array lives in a mapping (and that mapping grows twice more).
    constexpr std::size_t kCount = 40000;
    QVERIFY(kCount * sizeof(Record) > 8 * GrowingArray<Record>::kMappedBytes);
    GrowingArray<Record> array;
    QVERIFY(array.empty());
    std::size_t growths = 0;
    std::size_t capacity = array.capacity();
    for (std::size_t i = 0; i < kCount; ++i) {
        array.push_back(recordFor(i));
        if (array.capacity() != capacity) {
            ++growths;
            capacity = array.capacity();
            // Every record so far came through the growth unchanged.
            for (std::size_t j = 0; j <= i; ++j) {
                if (!holds(array[j], j))
                    QFAIL(qPrintable(
                        QStringLiteral("record %1 changed when the array grew to %2 records")
                            .arg(j)
                            .arg(capacity)));
            }
        }
        QCOMPARE(reinterpret_cast<std::uintptr_t>(&array[i]) % alignof(Record), std::uintptr_t{0});
    }
    QVERIFY2(growths >= 10, qPrintable(QString::number(growths)));
    QCOMPARE(array.size(), kCount);
    QVERIFY(array.capacity() >= kCount);
    QVERIFY(array.bytes() >= array.capacity() * sizeof(Record));
#ifdef CQRS_GROWINGARRAY_MREMAP
    // A mapping of its own, from a 2 MB boundary (heap memory would not be)
    // and in whole 2 MB steps.
    QCOMPARE(reinterpret_cast<std::uintptr_t>(&array[0]) % (std::uintptr_t{2} << 20),
             std::uintptr_t{0});
    QCOMPARE(array.bytes() % (std::size_t{2} << 20), std::size_t{0});
#endif
    // A written record stays written; pop_back forgets the last one only.
    array[123].marker = 7;
    array.pop_back();
    QCOMPARE(array.size(), kCount - 1);
    QCOMPARE(array[123].marker, 7u);
    QVERIFY(holds(array.back(), kCount - 2));
}

void TestSimPools::growingArrayMoves()
{
    GrowingArray<Record> big;
    for (std::size_t i = 0; i < 5000; ++i) // 320 KB: a mapping
        big.push_back(recordFor(i));
    GrowingArray<Record> moved(std::move(big));
    QCOMPARE(moved.size(), std::size_t{5000});
    QCOMPARE(big.size(), std::size_t{0});
    QCOMPARE(big.bytes(), std::size_t{0});
    QVERIFY(holds(moved[4999], 4999));

    GrowingArray<Record> small;
    small.push_back(recordFor(1));
    small = std::move(moved);
    QCOMPARE(small.size(), std::size_t{5000});
    QVERIFY(holds(small[0], 0));
    // The emptied arrays work again.
    big.push_back(recordFor(9));
    QVERIFY(holds(big[0], 9));
}

void TestSimPools::ringQueueKeepsOrderWhenItGrowsWrapped()
{
    // First by hand: 16 slots, head at slot 5, full, then one more.
    RingQueue small;
    std::uint32_t value = 0;
    for (int i = 0; i < 16; ++i)
        small.push(value++);
    QCOMPARE(small.capacity(), std::size_t{16});
    for (std::uint32_t expected = 0; expected < 5; ++expected)
        QCOMPARE(small.pop(), expected);
    for (int i = 0; i < 5; ++i) // slots 0..4: the tail wraps
        small.push(value++);
    QCOMPARE(small.capacity(), std::size_t{16});
    small.push(value++); // full and wrapped: grows
    QCOMPARE(small.capacity(), std::size_t{32});
    for (std::uint32_t i = 0; i < small.size(); ++i)
        QCOMPARE(small.at(i), 5 + i);
    for (std::uint32_t expected = 5; expected < value; ++expected)
        QCOMPARE(small.pop(), expected);
    QVERIFY(small.empty());

    // Then at random: pushes outnumber pops two to one, so the ring grows
    // many times with its head anywhere, past the size of a mapping.
    RingQueue ring;
    std::deque<std::uint32_t> reference;
    std::mt19937 random(7);
    std::uint32_t next = 0;
    while (reference.size() < 100000) {
        if (reference.empty() || random() % 3 != 0) {
            ring.push(next);
            reference.push_back(next);
            ++next;
        } else {
            QCOMPARE(ring.pop(), reference.front());
            reference.pop_front();
        }
    }
    QVERIFY(ring.capacity() * sizeof(std::uint32_t) > GrowingArray<std::uint32_t>::kMappedBytes);
    QCOMPARE(ring.size(), reference.size());
    for (std::size_t i = 0; i < reference.size(); i += 97)
        QCOMPARE(ring.at(i), reference[i]);
    while (!reference.empty()) {
        QCOMPARE(ring.pop(), reference.front());
        reference.pop_front();
    }
    QVERIFY(ring.empty());
}

void TestSimPools::poolRecyclesReleasedRecords()
{
    Pool<Record> pool;
    const std::uint32_t a = pool.allocate();
    const std::uint32_t b = pool.allocate();
    const std::uint32_t c = pool.allocate();
    QCOMPARE(pool.inUse(), std::size_t{3});
    pool[b] = recordFor(42);
    pool.release(b);
    QCOMPARE(pool.inUse(), std::size_t{2});
    // The released slot comes back, reset to a fresh record.
    QCOMPARE(pool.allocate(), b);
    QCOMPARE(pool[b].serial, std::uint64_t{0});
    QCOMPARE(pool[b].marker, 0xffffffffu);
    QCOMPARE(pool.capacity(), std::size_t{3});
    QVERIFY(a != c);
    QVERIFY(pool.bytes() >= 3 * sizeof(Record));
}

QTEST_GUILESS_MAIN(TestSimPools)
#include "tst_sim_pools.moc"
