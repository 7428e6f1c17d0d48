#pragma once

// A growable array for the engine's pools of trivially copyable records.
// Internal: not installed, not API.
//
// A pool grows to the most records a run holds at once: a read model that
// applies hourly holds every delivery of the hour, 190,000 of them (12 MB)
// in the netflix example. As a std::vector it grew by doubling: every step
// copied the whole array into fresh memory, and every fresh 4 KB page cost a
// page fault (8,000 of them there, a sixth of the run's time). Here a large
// array lives in a memory mapping of its own: it grows with mremap, which
// moves the pages instead of copying them, and asks for transparent huge
// pages (one fault per 2 MB). Small arrays, builds without Linux's mremap and
// builds under a sanitizer (AddressSanitizer checks heap blocks, not
// mappings) grow by copying.

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

// GCC says __SANITIZE_ADDRESS__; Clang says __has_feature(...).
#if defined(__SANITIZE_ADDRESS__)
#define CQRS_GROWINGARRAY_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)                            \
    || __has_feature(hwaddress_sanitizer)
#define CQRS_GROWINGARRAY_SANITIZED 1
#endif
#endif

#if defined(__linux__) && !defined(CQRS_GROWINGARRAY_SANITIZED)
#define CQRS_GROWINGARRAY_MREMAP 1
#include <sys/mman.h>
#endif

namespace cqrs::sim {

template<typename T>
class GrowingArray
{
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                  "records move as bytes and are never destroyed");

public:
    GrowingArray() = default;
    GrowingArray(const GrowingArray &) = delete;
    GrowingArray &operator=(const GrowingArray &) = delete;
    GrowingArray(GrowingArray &&other) noexcept { swap(other); }
    GrowingArray &operator=(GrowingArray &&other) noexcept
    {
        GrowingArray(std::move(other)).swap(*this);
        return *this;
    }
    ~GrowingArray() { release(m_data, m_bytes, m_mapped); }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    /// Records that fit before the next growth.
    std::size_t capacity() const { return m_capacity; }
    /// Memory held, unused capacity included.
    std::size_t bytes() const { return m_bytes; }

    T &operator[](std::size_t index)
    {
        assert(index < m_size);
        return m_data[index];
    }
    const T &operator[](std::size_t index) const
    {
        assert(index < m_size);
        return m_data[index];
    }
    T &back()
    {
        assert(m_size > 0);
        return m_data[m_size - 1];
    }

    /// By value: `value` may be a record of this array, which growing moves.
    void push_back(T value)
    {
        if (m_size == capacity()) [[unlikely]]
            grow();
        ::new (static_cast<void *>(m_data + m_size)) T(value);
        ++m_size;
    }
    /// Adds count records whose value is unspecified: the caller writes
    /// each before it reads it (a ring buffer's new slots).
    void growBy(std::size_t count)
    {
        while (capacity() - m_size < count)
            grow();
        m_size += count;
    }
    void pop_back()
    {
        assert(m_size > 0);
        --m_size;
    }

    void swap(GrowingArray &other) noexcept
    {
        std::swap(m_data, other.m_data);
        std::swap(m_size, other.m_size);
        std::swap(m_capacity, other.m_capacity);
        std::swap(m_bytes, other.m_bytes);
        std::swap(m_mapped, other.m_mapped);
    }

    /// Arrays from this size on live in a mapping of their own.
    static constexpr std::size_t kMappedBytes = std::size_t{128} << 10;

private:
    static constexpr std::align_val_t kAlignment{alignof(T) > 16 ? alignof(T) : 16};
    static constexpr std::size_t kPageBytes = 4096;
    static constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

    /// Doubles the capacity (at least 16 records). Throws std::bad_alloc
    /// when the system refuses, as std::vector does; the array is unchanged
    /// then.
    void grow()
    {
        const std::size_t records = capacity() == 0 ? 16 : capacity() * 2;
        if (records > static_cast<std::size_t>(-1) / 2 / sizeof(T))
            throw std::bad_alloc();
        std::size_t bytes = records * sizeof(T);
#ifdef CQRS_GROWINGARRAY_MREMAP
        if (bytes >= kMappedBytes) {
            const std::size_t unit = bytes >= kHugePageBytes ? kHugePageBytes : kPageBytes;
            bytes = (bytes + unit - 1) / unit * unit;
            void *const target = reserveAligned(bytes);
            if (!target)
                throw std::bad_alloc();
            void *memory = MAP_FAILED;
            if (m_mapped) {
                memory = ::mremap(m_data, m_bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, target);
            } else {
                memory = ::mmap(target, bytes, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
                if (memory != MAP_FAILED && m_size > 0)
                    std::memcpy(memory, static_cast<const void *>(m_data), m_size * sizeof(T));
            }
            // On failure the reservation is left as it is (address space, no
            // memory): the kernel may have released part of it already, and
            // another thread may have mapped something there since.
            if (memory == MAP_FAILED)
                throw std::bad_alloc();
            // Advice only: without huge pages the array still works.
            ::madvise(memory, bytes, MADV_HUGEPAGE);
            if (!m_mapped)
                release(m_data, m_bytes, false);
            m_data = static_cast<T *>(memory);
            m_bytes = bytes;
            m_capacity = bytes / sizeof(T);
            m_mapped = true;
            return;
        }
#endif
        auto *memory = static_cast<T *>(::operator new(bytes, kAlignment));
        if (m_size > 0)
            std::memcpy(static_cast<void *>(memory), static_cast<const void *>(m_data),
                        m_size * sizeof(T));
        release(m_data, m_bytes, m_mapped);
        m_data = memory;
        m_bytes = bytes;
        m_capacity = records;
        m_mapped = false;
    }

#ifdef CQRS_GROWINGARRAY_MREMAP
    /// Reserves `bytes` of address space (no memory) from a 2 MB boundary,
    /// where the array is then mapped or moved to: huge pages need that
    /// alignment, and wherever mmap or mremap would have put it, the first
    /// and last 2 MB of the array would be 4 KB pages. nullptr: refused.
    static void *reserveAligned(std::size_t bytes)
    {
        const std::size_t span = bytes + kHugePageBytes;
        void *raw
            = ::mmap(nullptr, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (raw == MAP_FAILED)
            return nullptr;
        const auto start = reinterpret_cast<std::uintptr_t>(raw);
        const std::uintptr_t aligned
            = (start + kHugePageBytes - 1) & ~std::uintptr_t{kHugePageBytes - 1};
        if (aligned > start)
            ::munmap(raw, aligned - start);
        if (start + span > aligned + bytes)
            ::munmap(reinterpret_cast<void *>(aligned + bytes), start + span - (aligned + bytes));
        return reinterpret_cast<void *>(aligned);
    }
#endif

    static void release(T *data, std::size_t bytes, bool mapped)
    {
        if (!data)
            return;
#ifdef CQRS_GROWINGARRAY_MREMAP
        if (mapped) {
            ::munmap(data, bytes);
            return;
        }
#else
        (void)mapped;
#endif
        (void)bytes;
        ::operator delete(data, kAlignment);
    }

    T *m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0; ///< records
    std::size_t m_bytes = 0;
    bool m_mapped = false;
};

} // namespace cqrs::sim
