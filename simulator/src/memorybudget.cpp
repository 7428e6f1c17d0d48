#include "cqrs/sim/memorybudget.h"

#include "cqrs/model/analysis.h"
#include "cqrs/model/validation.h"
#include "cqrs/sim/simulation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

namespace cqrs::sim {

MemoryBudget::MemoryBudget(double limitBytes)
    : m_limit(limitBytes > 0 && std::isfinite(limitBytes) ? limitBytes : kMaxRunMemoryBytes)
{}

MemoryBudget &MemoryBudget::process()
{
    static MemoryBudget budget(kMaxRunMemoryBytes);
    return budget;
}

MemoryBudget::Reservation::Reservation(Reservation &&other) noexcept
    : m_budget(other.m_budget)
    , m_bytes(other.m_bytes)
{
    other.m_budget = nullptr;
    other.m_bytes = 0;
}

MemoryBudget::Reservation &MemoryBudget::Reservation::operator=(Reservation &&other) noexcept
{
    if (this != &other) {
        release();
        m_budget = other.m_budget;
        m_bytes = other.m_bytes;
        other.m_budget = nullptr;
        other.m_bytes = 0;
    }
    return *this;
}

MemoryBudget::Reservation::~Reservation()
{
    release();
}

void MemoryBudget::Reservation::release()
{
    if (!m_budget)
        return;
    m_budget->give(m_bytes);
    m_budget = nullptr;
    m_bytes = 0;
}

MemoryBudget::Reservation MemoryBudget::reserve(double bytes, const std::function<bool()> &cancelled)
{
    if (!(bytes > 0))
        bytes = std::isnan(bytes) ? std::numeric_limits<double>::infinity() : 0.0;
    if (!(bytes <= m_limit))
        throw SimulationError("the run would need " + describeBytes(bytes)
                              + " of memory at its peak, more than all runs at once may use ("
                              + describeBytes(m_limit) + ", docs/limits.md)");
    std::unique_lock lock(m_mutex);
    const std::uint64_t ticket = m_nextTicket++;
    m_queue.push_back(ticket);
    // First come, first served: the run at the head starts when it fits
    // beside those running, or when nothing runs (it fits the budget alone).
    auto admissible = [&] {
        return m_queue.front() == ticket && (m_holders == 0 || m_reserved + bytes <= m_limit);
    };
    if (!admissible()) {
        ++m_waits;
        while (!admissible()) {
            if (cancelled) {
                if (cancelled()) {
                    m_queue.erase(std::find(m_queue.begin(), m_queue.end(), ticket));
                    m_changed.notify_all(); // the next one may be at the head now
                    return {};
                }
                m_changed.wait_for(lock, std::chrono::milliseconds(20));
            } else {
                m_changed.wait(lock);
            }
        }
    }
    m_queue.pop_front();
    m_reserved += bytes;
    ++m_holders;
    m_peakReserved = std::max(m_peakReserved, m_reserved);
    m_peakHolders = std::max(m_peakHolders, m_holders);
    // The next in line may fit beside this one too.
    m_changed.notify_all();
    return Reservation(this, bytes);
}

void MemoryBudget::give(double bytes)
{
    {
        std::lock_guard lock(m_mutex);
        --m_holders;
        m_reserved = m_holders == 0 ? 0.0 : std::max(0.0, m_reserved - bytes);
    }
    m_changed.notify_all();
}

double MemoryBudget::reserved() const
{
    std::lock_guard lock(m_mutex);
    return m_reserved;
}

double MemoryBudget::peakReserved() const
{
    std::lock_guard lock(m_mutex);
    return m_peakReserved;
}

int MemoryBudget::holders() const
{
    std::lock_guard lock(m_mutex);
    return m_holders;
}

int MemoryBudget::peakHolders() const
{
    std::lock_guard lock(m_mutex);
    return m_peakHolders;
}

std::size_t MemoryBudget::waits() const
{
    std::lock_guard lock(m_mutex);
    return m_waits;
}

MemoryBudget::Reservation reserveRunMemory(const Model &model, MemoryBudget &budget,
                                           const std::function<bool()> &cancelled)
{
    const std::string problem = checkRunLimits(model);
    if (!problem.empty())
        throw SimulationError(problem);
    return budget.reserve(predictedRunMemoryBytes(model), cancelled);
}

} // namespace cqrs::sim
