// `cqrs-sim run MODEL [--seed N] [--duration S] [--set PATH=VALUE]... [--series] [--out FILE]
//  [--db FILE [--name NAME]]`: simulates the model and prints the result file,
// recording the run in the history with --db (or CQRS_STUDIO_DB).
#include "commands.h"
#include "record.h"
#include "simcommon.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cqrs/history/series.h>
#include <cqrs/sim/simulation.h>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <future>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace cqrs::cli {

namespace {

/// Touches `bytes` of the heap and hands them back to malloc, which keeps
/// them (runRun() raises its mmap and trim thresholds): the end of a
/// recorded run (the series' text, SQLite's copy of the row and its page
/// cache) then writes into pages the process already has. A page's first
/// touch costs about 10 µs on this project's machines, and the end of a
/// recorded netflix run touched some 300 new pages; here the history's
/// thread pays for them while the simulation runs. Stops early when told to
/// (a run that ended sooner).
void warmHeap(std::size_t bytes, const std::atomic<bool> &stop)
{
    if (bytes == 0 || stop)
        return;
#if defined(_SC_PAGESIZE)
    const long page = sysconf(_SC_PAGESIZE);
    const std::size_t step = page > 0 ? static_cast<std::size_t>(page) : 4096;
#else
    const std::size_t step = 4096;
#endif
    auto *block = static_cast<volatile char *>(std::malloc(bytes));
    if (!block)
        return;
    for (std::size_t at = 0; at < bytes && !stop.load(std::memory_order_relaxed); at += step)
        block[at] = 0;
    std::free(const_cast<char *>(block));
}

/// The history's series' text, written on a thread of its own while the run
/// goes on: the points no later sample changes are handed over in pieces,
/// so that the end of the run only writes the last few. finish() checks the
/// pieces against the run's final series and writes the whole text afresh
/// should they differ, or should the thread have failed.
class SeriesTextStream
{
public:
    SeriesTextStream() = default;
    ~SeriesTextStream() { stop(); }
    SeriesTextStream(const SeriesTextStream &) = delete;
    SeriesTextStream &operator=(const SeriesTextStream &) = delete;

    /// After each step: hands the newly closed points over, a piece at a time.
    void offer(const sim::Simulation &run)
    {
        if (m_off || run.closedSeriesPoints() < m_handed + kPiecePoints)
            return;
        try {
            auto piece = std::make_shared<const sim::ResultSeries>(run.closedSeries(m_handed));
            if (!m_worker.joinable())
                m_worker = std::thread(&SeriesTextStream::work, this);
            m_pieces.push_back(piece);
            {
                std::lock_guard lock(m_mutex);
                if (m_failed)
                    throw std::bad_alloc();
                m_queue.push_back(piece);
            }
            m_handed += piece->t.size(); // only once it is on its way
            m_wake.notify_one();
        } catch (const std::exception &) { // no thread to spare, or no memory: at the end
            stop();
            m_off = true;
        }
    }

    /// The text of `whole`, the run's final series: sim::seriesText(whole).
    std::string finish(const sim::ResultSeries &whole)
    {
        stop();
        if (m_pieces.empty() || m_failed || !extends(whole))
            return sim::seriesText(whole);
        m_texts.push_back(sim::seriesTextPiece(sim::seriesFrom(whole, m_handed)));
        return sim::joinSeriesText(whole, m_texts);
    }

private:
    /// About a twentieth of what the history keeps: the end writes that much.
    static constexpr std::size_t kPiecePoints = 100;

    void work()
    {
        for (;;) {
            std::shared_ptr<const sim::ResultSeries> piece;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_closing || !m_queue.empty(); });
                if (m_queue.empty())
                    return;
                piece = std::move(m_queue.front());
                m_queue.pop_front();
            }
            try {
                sim::SeriesTextPiece text = sim::seriesTextPiece(*piece);
                std::lock_guard lock(m_mutex);
                m_texts.push_back(std::move(text));
            } catch (const std::exception &) {
                std::lock_guard lock(m_mutex);
                m_failed = true;
                m_queue.clear();
                return;
            }
        }
    }

    /// Writes what is queued and ends the thread.
    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closing = true;
        }
        m_wake.notify_one();
        if (m_worker.joinable())
            m_worker.join();
    }

    /// Whether the pieces handed over are whole's first points, bit for bit.
    bool extends(const sim::ResultSeries &whole) const
    {
        if (m_texts.size() != m_pieces.size())
            return false;
        std::size_t at = 0;
        for (const auto &piece : m_pieces) {
            if (!sim::seriesHolds(whole, *piece, at))
                return false;
            at += piece->t.size();
        }
        return at == m_handed; // no piece lost on the way
    }

    std::size_t m_handed = 0; ///< points handed over
    bool m_off = false;
    std::vector<std::shared_ptr<const sim::ResultSeries>> m_pieces;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<const sim::ResultSeries>> m_queue; // guarded by m_mutex
    std::vector<sim::SeriesTextPiece> m_texts;                    // guarded by m_mutex
    bool m_closing = false;                                       // guarded by m_mutex
    bool m_failed = false;                                        // guarded by m_mutex
    std::thread m_worker;
};

/// The run's row in the history, begun on a thread of its own: opening the
/// file (which reads its write-ahead log, up to 4 MB) and committing the row
/// take place while the simulation runs, not before it. With warmBytes, the
/// thread then warms that much of the heap for the run's end (warmHeap()).
class BegunRun
{
public:
    BegunRun(const std::string &file, history::RunStart start, std::size_t warmBytes)
        : m_file(file)
        , m_future(std::async(std::launch::async, &BegunRun::begin, file, std::move(start),
                              warmBytes, std::cref(m_stopWarming)))
    {}
    ~BegunRun() { m_stopWarming = true; }
    BegunRun(const BegunRun &) = delete;
    BegunRun &operator=(const BegunRun &) = delete;

    /// Whether the history has refused the run already (does not wait).
    bool refused()
    {
        if (!m_done && m_future.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
            take();
        return m_done && m_begun.exitCode != kExitOk;
    }

    /// The run has ended: what is warm by now is what the end gets.
    void stopWarming() { m_stopWarming = true; }

    /// Stops the warming and waits for the row; kExitOk when it is there.
    int wait()
    {
        m_stopWarming = true;
        if (!m_done)
            take();
        return m_begun.exitCode;
    }

    history::RunStore &store() { return *m_begun.store; }
    std::int64_t id() const { return m_begun.id; }

private:
    struct Begun
    {
        std::unique_ptr<history::RunStore> store;
        std::int64_t id = 0;
        int exitCode = kExitOk;
    };

    static Begun begin(const std::string &file, const history::RunStart &start,
                       std::size_t warmBytes, const std::atomic<bool> &stopWarming)
    {
        Begun begun;
        begun.store = openHistory(file, history::OpenMode::Create);
        if (!begun.store) {
            begun.exitCode = kExitBadHistory;
            return begun;
        }
        // Earlier runs' pages go from the write-ahead log into the database
        // now, beside the simulation: the run's own commits then start the
        // log over and never cross the mark at which SQLite checkpoints
        // within a commit (about 25 ms at the end of every seventh netflix
        // run here). A checkpoint that cannot proceed is left for later.
        begun.store->checkpoint();
        // The end of the run does not wait for the log to be folded in:
        // the next writer's checkpoint above does it.
        begun.store->keepLogOnClose();
        std::string error;
        begun.id = begun.store->beginRun(start, &error);
        if (begun.id == 0) {
            std::fprintf(stderr, "%s\n", error.c_str());
            begun.store.reset();
            begun.exitCode = kExitFailure;
            return begun;
        }
        warmHeap(warmBytes, stopWarming);
        return begun;
    }

    void take()
    {
        m_done = true;
        try {
            m_begun = m_future.get();
        } catch (const std::exception &e) { // such as running out of memory
            std::fprintf(stderr, "%s: the run was not recorded: %s\n", m_file.c_str(), e.what());
            m_begun = Begun{};
            m_begun.exitCode = kExitFailure;
        }
    }

    std::string m_file;
    std::atomic<bool> m_stopWarming{false}; // before m_future: the thread reads it
    std::future<Begun> m_future;
    Begun m_begun;
    bool m_done = false;
};

} // namespace

int runRun(const RunOptions &options)
{
    int exitCode = kExitOk;
    std::optional<Json> document = prepareDocument("run", options.model, exitCode);
    if (!document)
        return exitCode;
    const std::string modelFile = modelName(options.model.model);
    std::optional<Model> model = modelFromDocument(modelFile, *document, &options.model);
    if (!model)
        return kExitInvalidModel;

    // The history opens and records the run's start while the run goes; a
    // file it refuses stops the run at the next sample interval, and nothing
    // is written to --out then.
    const std::string dbFile = recordingDatabase(options.db);
    std::optional<BegunRun> begun;
#ifdef M_ARENA_MAX
    // The history's threads allocate from the main heap, which the finished
    // run leaves free: in an arena of their own, SQLite's page cache grew
    // one page at a time (an mprotect and a page fault per 4 KB), about
    // 4 ms at the end of a recorded netflix run on this project's machines.
    // The pages warmHeap() touches stay with malloc, and the end's large
    // blocks come from them rather than from mmap: room for the cut series
    // about four times over (the result's copy, their text, SQLite's copy of
    // the row and its page cache), about 12 bytes a number. The block stays
    // below the mmap threshold (32 MB, the most glibc takes on 64 bits);
    // where malloc refuses the thresholds, nothing is warmed.
    std::size_t warmBytes = 0;
    if (!dbFile.empty()) {
        mallopt(M_ARENA_MAX, 1);
        constexpr std::size_t kThreshold = 32u << 20;
        const std::size_t columns = 4 + 5 * model->readModels.size() + 2 * model->queries.size();
        if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(kThreshold)) == 1
            && mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kThreshold)) == 1)
            warmBytes = std::min(kThreshold - (1u << 20),
                                 (1u << 20) + columns * history::kMaxSeriesPoints * 4 * 12);
    }
#else
    const std::size_t warmBytes = 0;
#endif
    if (!dbFile.empty())
        begun.emplace(dbFile, runStart(*model, options.name, overridesOf(options.model)),
                      warmBytes);
    const bool recording = begun.has_value();

    // A recorded run always keeps its series; they are only printed with
    // --series (the engine's other figures do not depend on them). Unprinted,
    // the engine cuts them down to what the history keeps.
    sim::SimulationOptions simulation;
    simulation.series = options.series || recording;
    if (recording && !options.series)
        simulation.seriesMaxPoints = history::kMaxSeriesPoints;
    std::string text;
    std::string seriesText;
    std::future<std::string> cutSeriesText; // of the history's series, when unprinted
    // The history's series, when unprinted, are cut as the samples come; the
    // text of what no later sample changes is written while the run goes on.
    std::shared_ptr<SeriesTextStream> stream;
    if (recording && !options.series)
        stream = std::make_shared<SeriesTextStream>();
    double stoppedAt = -1;
    // Into a file, with the history, the run is freed once the history's
    // commit is under way (below), beside it; otherwise as soon as its
    // result is taken.
    const bool toFile = !options.model.out.empty();
    std::unique_ptr<sim::Simulation> run;
    try {
        run = std::make_unique<sim::Simulation>(*model, simulation);
        // In steps, so that a failure can say when it happened.
        while (run->step()) {
            stoppedAt = run->currentTime();
            if (begun && begun->refused())
                return begun->wait();
            if (stream)
                stream->offer(*run);
        }
        stoppedAt = -1;
        if (begun)
            begun->stopWarming();
        sim::Result typed = run->typedResult();
        // The history's series are already cut to what it keeps: the rest of
        // their text is written straight from the columns, without a JSON
        // tree, on a thread of its own while this one writes the result.
        // Without a thread to spare, the text is written when it is needed.
        if (recording && typed.series && !options.series) {
            auto series = std::make_shared<const sim::ResultSeries>(std::move(*typed.series));
            typed.series.reset();
            const auto write = [series, stream] {
                return stream->finish(*series);
            };
            try {
                cutSeriesText = std::async(std::launch::async, write);
            } catch (const std::system_error &) {
                cutSeriesText = std::async(std::launch::deferred, write);
            }
        }
        if (!(begun && toFile))
            run.reset();
        Json result = sim::toJson(typed);
        if (recording && options.series && result.contains("series"))
            seriesText = history::seriesText(result["series"]);
        text = sim::formatResult(result);
    } catch (const std::exception &e) {
        run.reset(); // its memory back first: the message and the history need some
        // A history that refused the run speaks first: its refusal is why
        // the run would not have started before the history opened on a
        // thread of its own.
        if (begun) {
            if (const int code = begun->wait(); code != kExitOk)
                return code;
        }
        // A limit is the model's fault (2); anything else, such as running out
        // of memory, is not (1). Either way the recorded run failed, and
        // nothing is written to --out.
        const bool refused = dynamic_cast<const sim::SimulationError *>(&e) != nullptr;
        seriesText.clear();
        text.clear();
        text.shrink_to_fit();
        std::fprintf(stderr, "%s: %s\n", modelFile.c_str(),
                     refused ? e.what() : sim::describeRunFailure(e, stoppedAt).c_str());
        if (begun) {
            history::RunEnd end;
            end.status = history::RunStatus::Failed;
            begun->store().finishRun(begun->id(), end);
        }
        return refused ? kExitInvalidModel : kExitFailure;
    }
    if (begun) {
        if (const int code = begun->wait(); code != kExitOk)
            return code;
    }

    // Into a file, --out is written while another thread writes the series'
    // text and commits the history's copy: the writes to disk overlap. To
    // standard output the row comes first, as it always did: a reader that
    // closes the pipe early (`| head`) ends the process on the write, and the
    // run stays recorded.
    bool stored = true;
    std::future<bool> recorded;
    if (begun) {
        const auto record = [&] {
            try {
                if (cutSeriesText.valid())
                    seriesText = cutSeriesText.get();
            } catch (const std::exception &e) { // such as running out of memory
                std::fprintf(stderr, "cqrs-sim: the run was not recorded: %s\n", e.what());
                return false;
            }
            return recordFinished(begun->store(), begun->id(), text, std::move(seriesText));
        };
        if (toFile)
            recorded = std::async(std::launch::async, record);
        else
            stored = record();
    }
    run.reset();
    const bool written = writeOutput(options.model.out, text);
    if (recorded.valid())
        stored = recorded.get();
    if (!written)
        return kExitFailure;
    return stored ? kExitOk : kExitFailure;
}

} // namespace cqrs::cli
