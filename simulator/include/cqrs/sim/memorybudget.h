#pragma once

// One memory budget for every run a process has going at once (docs/limits.md).
// Admission bounds each run alone (checkRunMemory: its predicted peak backlog
// against kMaxRunMemoryBytes); runs started together (`cqrs-sim check --jobs`,
// `cqrs-sim sweep --jobs`, the application's Compare Read Strategies, a
// challenge check) each reserve their predicted peak here before they start
// and give it back when they end, so that together they stay within it too.
// A run that does not fit beside those running waits for them; waiting runs
// start in the order they asked, and a run alone is always admitted, so every
// run that fits the budget by itself starts eventually. Waiting changes no
// result: runs are independent and deterministic.

#include "cqrs/model/model.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

namespace cqrs::sim {

class MemoryBudget
{
public:
    /// A budget of `limitBytes` (> 0) for the runs that reserve in it.
    explicit MemoryBudget(double limitBytes);
    MemoryBudget(const MemoryBudget &) = delete;
    MemoryBudget &operator=(const MemoryBudget &) = delete;

    /// The process's budget: kMaxRunMemoryBytes, the most one run may use, so
    /// parallel runs together use no more than one run alone may.
    static MemoryBudget &process();

    /// Bytes held for one run until it is destroyed or released (RAII).
    class Reservation
    {
    public:
        Reservation() = default;
        Reservation(Reservation &&other) noexcept;
        Reservation &operator=(Reservation &&other) noexcept;
        Reservation(const Reservation &) = delete;
        Reservation &operator=(const Reservation &) = delete;
        ~Reservation();

        /// Gives the bytes back (the run has ended); nothing when empty.
        void release();
        double bytes() const { return m_bytes; }
        /// False for an empty reservation (the wait was cancelled).
        explicit operator bool() const { return m_budget != nullptr; }

    private:
        friend class MemoryBudget;
        Reservation(MemoryBudget *budget, double bytes)
            : m_budget(budget)
            , m_bytes(bytes)
        {}
        MemoryBudget *m_budget = nullptr;
        double m_bytes = 0;
    };

    /// Reserves `bytes` (negative counts as 0), waiting while they do not fit
    /// beside the reservations held and while runs that asked earlier wait.
    /// Throws SimulationError, naming both figures, when `bytes` exceed the
    /// whole budget (or are not finite): such a run would never start. Returns
    /// an empty Reservation when `cancelled` (polled while waiting) says so.
    Reservation reserve(double bytes, const std::function<bool()> &cancelled = {});

    double limit() const { return m_limit; }
    /// Bytes reserved now.
    double reserved() const;
    /// The most bytes reserved at once so far.
    double peakReserved() const;
    /// Runs holding a reservation now; the most at once so far.
    int holders() const;
    int peakHolders() const;
    /// Reservations that had to wait for others to end.
    std::size_t waits() const;

private:
    void give(double bytes);

    const double m_limit;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::uint64_t> m_queue; ///< tickets of the waiting runs, first come first
    std::uint64_t m_nextTicket = 0;
    double m_reserved = 0;
    double m_peakReserved = 0;
    int m_holders = 0;
    int m_peakHolders = 0;
    std::size_t m_waits = 0;
};

/// Reserves a run of `model` in `budget`: refuses it first as the engine
/// would (checkRunLimits, SimulationError), then reserves its predicted peak
/// memory (predictedRunMemoryBytes). Call before constructing the Simulation
/// and keep the reservation until the run has ended.
MemoryBudget::Reservation reserveRunMemory(const Model &model,
                                           MemoryBudget &budget = MemoryBudget::process(),
                                           const std::function<bool()> &cancelled = {});

} // namespace cqrs::sim
