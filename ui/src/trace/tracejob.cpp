#include "cqrs/ui/trace/tracejob.h"

#include <cqrs/sim/memorybudget.h>
#include <cqrs/sim/simulation.h>

#include <QThread>

#include <atomic>
#include <exception>

namespace cqrs {

/// What the thread works on; shared so that a job deleted meanwhile never
/// leaves the thread writing into freed memory.
struct TraceJob::State
{
    Model model;
    sim::TraceRequest request;
    std::atomic<bool> cancel{false};
    std::atomic<double> time{0.0};
    std::optional<sim::Trace> trace;
    std::string error;
};

TraceJob::TraceJob(const Model &model, const sim::TraceRequest &request, QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_duration(model.workload.duration)
    , m_state(std::make_shared<State>())
{
    m_state->model = model;
    m_state->request = request;
}

TraceJob::~TraceJob()
{
    if (m_thread) {
        m_state->cancel = true;
        m_thread->disconnect(this);
        m_thread->wait();
        delete m_thread;
    }
}

void TraceJob::start()
{
    if (m_thread)
        return;
    std::shared_ptr<State> state = m_state;
    m_thread = QThread::create([state] {
        try {
            // One memory budget for every run of the process (docs/limits.md):
            // a trace waits while sweeps or Compare's runs fill it.
            const sim::MemoryBudget::Reservation memory = sim::reserveRunMemory(
                state->model, sim::MemoryBudget::process(), [state] { return state->cancel.load(); });
            if (!memory)
                return; // cancelled while waiting: no trace
            sim::SimulationOptions options;
            options.trace = state->request;
            sim::Simulation simulation(state->model, options);
            while (!state->cancel && !simulation.trace()->complete && simulation.step())
                state->time = simulation.currentTime();
            state->time = simulation.currentTime();
            state->trace = *simulation.trace();
        } catch (const std::exception &e) {
            state->error = e.what();
        }
    });
    connect(m_thread, &QThread::finished, this, &TraceJob::done);
    m_thread->start();
}

void TraceJob::cancel()
{
    m_state->cancel = true;
}

bool TraceJob::isRunning() const
{
    return m_thread != nullptr;
}

bool TraceJob::isCancelled() const
{
    return m_state->cancel;
}

double TraceJob::progressTime() const
{
    return m_state->time;
}

const std::optional<sim::Trace> &TraceJob::trace() const
{
    return m_state->trace;
}

QString TraceJob::error() const
{
    return QString::fromStdString(m_state->error);
}

void TraceJob::done()
{
    QThread *thread = m_thread;
    m_thread = nullptr;
    thread->wait();
    delete thread;
    emit finished();
}

} // namespace cqrs
