#pragma once

#include "growingarray.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <vector>

namespace cqrs::sim {

/// One entry of the future event set: plain data, 32 bytes.
struct FutureEvent
{
    double time;
    std::uint64_t order; ///< priority << 56 | insertion sequence
    std::uint32_t a;
    std::uint32_t b;
    std::uint32_t c;
    std::uint8_t type;
};

/// The future event set: a 4-ary min-heap ordered by (time, priority,
/// insertion sequence), so that simultaneous events run in a fixed order.
///
/// The main loop handles the earliest event in place (beginTop(), then
/// endTop()): most handlers schedule a new event, and the first push() while
/// the top is in hand takes its slot with one sift-down, instead of a pop
/// (one sift-down) and a push (one sift-up). Events still come out in the
/// same order, since the order is total.
class EventQueue
{
public:
    bool empty() const { return m_size == m_topInHand; }
    std::size_t size() const { return m_size - m_topInHand; }
    std::size_t capacity() const { return m_heap.capacity(); }
    std::size_t bytes() const { return m_heap.capacity() * sizeof(FutureEvent); }
    const FutureEvent &top() const
    {
        assert(!m_topInHand);
        return m_heap.front();
    }

    /// Times are >= 0 (never NaN): their bit patterns then order as the
    /// numbers do, which keeps the comparison a plain integer one (a negative
    /// time would come after every other; the engine never schedules one).
    void push(double time, int priority, std::uint8_t type, std::uint32_t a = 0,
              std::uint32_t b = 0, std::uint32_t c = 0)
    {
        // + 0.0 turns a -0.0 into 0.0, whose bits sort first, not last.
        const FutureEvent e{
            time + 0.0, (static_cast<std::uint64_t>(priority) << 56) | m_sequence++, a, b, c, type};
        if (m_topInHand) {
            m_topInHand = false;
            siftDown(e);
            return;
        }
        if (m_size + 5 > m_heap.size()) [[unlikely]]
            grow();
        std::size_t i = m_size++;
        while (i > 0) {
            const std::size_t parent = (i - 1) >> 2;
            if (!less(e, m_heap[parent]))
                break;
            m_heap[i] = m_heap[parent];
            i = parent;
        }
        m_heap[i] = e;
    }

    FutureEvent pop()
    {
        assert(!m_topInHand);
        const FutureEvent result = m_heap.front();
        removeTop();
        return result;
    }

    /// The earliest event, left in the heap until endTop() (or the next push).
    FutureEvent beginTop()
    {
        m_topInHand = true;
        return m_heap.front();
    }

    /// Removes the event beginTop() returned, unless a push took its slot.
    void endTop()
    {
        if (m_topInHand) {
            m_topInHand = false;
            removeTop();
        }
    }

private:
    __extension__ using Key = unsigned __int128;

    static Key key(const FutureEvent &x)
    {
        return (static_cast<Key>(std::bit_cast<std::uint64_t>(x.time)) << 64) | x.order;
    }
    static bool less(const FutureEvent &x, const FutureEvent &y) { return key(x) < key(y); }

    /// After every event: an entry later than any event (all bits set), so
    /// that each node has four children to compare and no count to check.
    static constexpr FutureEvent kPadding{
        std::bit_cast<double>(~std::uint64_t{0}), ~std::uint64_t{0}, 0, 0, 0, 0};

    void grow() { m_heap.resize(std::max<std::size_t>(16, m_heap.size() * 2), kPadding); }

    void removeTop()
    {
        const FutureEvent last = m_heap[--m_size];
        m_heap[m_size] = kPadding;
        if (m_size > 0)
            siftDown(last);
    }

    /// Fills the root's slot with e, moving it down to its place.
    void siftDown(const FutureEvent &e)
    {
        const std::size_t n = m_size;
        FutureEvent *heap = m_heap.data();
        std::size_t i = 0;
        for (;;) {
            const std::size_t first = (i << 2) + 1;
            if (first >= n)
                break;
            // The smaller of each pair of children, then of the two winners
            // (selects, no branches to mispredict); padding never wins.
            const std::size_t left = less(heap[first + 1], heap[first]) ? first + 1 : first;
            const std::size_t right
                = less(heap[first + 3], heap[first + 2]) ? first + 3 : first + 2;
            const std::size_t best = less(heap[right], heap[left]) ? right : left;
            if (!less(heap[best], e))
                break;
            heap[i] = heap[best];
            i = best;
        }
        heap[i] = e;
    }

    std::vector<FutureEvent> m_heap; ///< m_size events, then padding (at least four entries)
    std::size_t m_size = 0;
    std::uint64_t m_sequence = 0;
    bool m_topInHand = false;
};

/// FIFO ring buffer of indices; grows by doubling, never shrinks.
class RingQueue
{
public:
    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }
    std::size_t capacity() const { return m_buffer.size(); }
    std::size_t bytes() const { return m_buffer.bytes(); }
    std::uint32_t front() const { return m_buffer[m_head]; }
    std::uint32_t at(std::size_t i) const { return m_buffer[(m_head + i) & (m_buffer.size() - 1)]; }

    void push(std::uint32_t value)
    {
        if (m_size == m_buffer.size())
            grow();
        m_buffer[(m_head + m_size) & (m_buffer.size() - 1)] = value;
        ++m_size;
    }

    std::uint32_t pop()
    {
        const std::uint32_t value = m_buffer[m_head];
        m_head = (m_head + 1) & (m_buffer.size() - 1);
        --m_size;
        return value;
    }

private:
    /// Doubles the slots (the buffer is full). The entries before the head
    /// (the ring's wrapped tail) move to just past the old end, so that the
    /// head stays and the order holds in the larger ring.
    void grow()
    {
        const std::size_t old = m_buffer.size();
        m_buffer.growBy(old == 0 ? 16 : old);
        for (std::size_t i = 0; i < m_head; ++i)
            m_buffer[old + i] = m_buffer[i];
    }

    GrowingArray<std::uint32_t> m_buffer; ///< every slot counts: size() is the ring's capacity
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

/// Objects recycled through a free list: no allocation per event once warm.
template<typename T>
class Pool
{
public:
    std::uint32_t allocate()
    {
        if (!m_free.empty()) {
            const std::uint32_t index = m_free.back();
            m_free.pop_back();
            m_items[index] = T{};
            return index;
        }
        m_items.push_back(T{});
        return static_cast<std::uint32_t>(m_items.size() - 1);
    }
    void release(std::uint32_t index) { m_free.push_back(index); }
    T &operator[](std::uint32_t index) { return m_items[index]; }
    const T &operator[](std::uint32_t index) const { return m_items[index]; }
    std::size_t capacity() const { return m_items.size(); }
    std::size_t inUse() const { return m_items.size() - m_free.size(); }
    /// Memory held, reserved capacity included.
    std::size_t bytes() const { return m_items.bytes() + m_free.bytes(); }

private:
    GrowingArray<T> m_items;
    GrowingArray<std::uint32_t> m_free;
};

} // namespace cqrs::sim
