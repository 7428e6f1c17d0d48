// The engine: samples, snapshots, the result and the memory footprint.

#include "engine.h"

#include <cqrs/model/seriesmerge.h>

#include <algorithm>
#include <cmath>

namespace cqrs::sim {

namespace {

/// A count over an interval as a rate; 0 for an empty interval.
double perSecond(std::uint64_t count, double length)
{
    return length > 0.0 ? static_cast<double>(count) / length : 0.0;
}

ResultStats resultStats(const LogHistogram &h)
{
    return {h.count(), h.mean(), h.quantile(0.50), h.quantile(0.90), h.quantile(0.95),
            h.quantile(0.99), h.quantile(0.999), h.max()};
}

} // namespace

double Engine::busyAllNow(const Group &g, double t) const
{
    return takeBackBusyAfter(g.stats.busyAll, g.state.consumers, t, m_duration);
}

double Engine::writeBusyAllNow(double t) const
{
    return takeBackBusyAfter(m_writeBusyAll, m_workers, t, m_duration);
}

double Engine::intervalBacklogMean(const Group &g, double t) const
{
    const double length = t - m_intervalStart;
    const double area = g.stats.intervalBacklogArea
                        + static_cast<double>(g.state.backlog) * (t - std::max(g.stats.lastBacklogChange, m_intervalStart));
    return length > 0.0 ? area / length : static_cast<double>(g.state.backlog);
}

void Engine::fillGroupSnapshot(const Group &g, ConsumerGroupSnapshot &s, double t) const
{
    const double length = t - m_intervalStart;
    s.id = g.config.id;
    s.appliedPerSecond = perSecond(g.stats.intervalApplied, length);
    s.backlogMean = intervalBacklogMean(g, t);
    const double oldest = oldestUnapplied(g);
    s.lag = oldest == kInf ? 0.0 : t - oldest;
    s.lagMax = std::max(g.stats.intervalLagMax, s.lag);
    if (tracksIntervals(g)) { // else snapshot() without a sink: not followed
        s.windowP50 = g.stats.intervalWindow.quantile(g.stats.window, 0.50);
        s.windowP99 = g.stats.intervalWindow.quantile(g.stats.window, 0.99);
        s.windowP95 = g.stats.intervalWindow.quantile(g.stats.window, 0.95);
        s.windowMax = g.stats.intervalWindow.max();
    }
    const double capacity = g.config.consumers * length;
    s.utilization = capacity > 0.0 ? std::clamp((busyAllNow(g, t) - g.stats.busyAllAtSample) / capacity, 0.0, 1.0) : 0.0;
    s.backlog = g.state.backlog;
    s.busy = std::any_of(g.state.consumers.begin(), g.state.consumers.end(), [](const Consumer &consumer) { return consumer.busy(); });
    s.down = g.state.down > 0;
    s.rebuilding = g.state.activeRebuild >= 0;
    s.consumers = g.config.consumers;
    s.applied = g.stats.applied;
    s.issued = g.stats.issued;
}

Snapshot Engine::snapshot() const
{
    Snapshot s;
    const double t = m_now;
    const double length = t - m_intervalStart;
    s.time = t;
    s.intervalStart = m_intervalStart;
    if (length > 0.0) {
        s.commandsAcceptedPerSecond = perSecond(m_intervalAccepted, length);
        s.commandsRejectedPerSecond = perSecond(m_intervalRejected, length);
        s.eventsPublishedPerSecond = perSecond(m_intervalPublished, length);
        s.commandsConflictedPerSecond = perSecond(m_intervalConflicts, length);
        s.writeUtilization = std::clamp((writeBusyAllNow(t) - m_writeBusyAllAtSample)
                                            / (static_cast<double>(m_activeWorkers) * length),
                                        0.0, 1.0);
    }
    s.commandLatencyP50 = m_intervalLatency.quantile(0.50);
    s.commandLatencyP99 = m_intervalLatency.quantile(0.99);
    s.writeQueue = m_writeQueue.size()
                   + static_cast<std::size_t>(std::count_if(m_workers.begin(), m_workers.end(),
                                                            [](const Worker &w) { return w.busy(); }));
    for (const CommandType &ct : m_commands) {
        s.commandsIssued += ct.issued;
        s.commandsAccepted += ct.accepted;
        s.commandsRejected += ct.rejected;
        s.conflicts += ct.conflicts;
    }
    s.eventsPublished = m_published;
    s.engineEvents = m_events;
    for (const Group &g : m_groups) {
        ConsumerGroupSnapshot gs;
        fillGroupSnapshot(g, gs, t);
        (g.config.readModel ? s.readModels : s.policies).push_back(std::move(gs));
    }
    for (const QueryType &qt : m_queries) {
        QuerySnapshot qs;
        qs.id = qt.id;
        qs.issuedPerSecond = perSecond(qt.intervalIssued, length);
        qs.staleRatio = intervalStaleRatio(qt);
        qs.issued = qt.issued;
        qs.stale = qt.stale;
        qs.timeouts = qt.timeouts;
        s.queries.push_back(std::move(qs));
    }
    return s;
}

double Engine::intervalStaleRatio(const QueryType &qt)
{
    return qt.intervalIssued ? static_cast<double>(qt.intervalStale) / static_cast<double>(qt.intervalIssued) : 0.0;
}

void Engine::startSeries()
{
    m_seriesGroups = SeriesGroups(m_seriesSamples, m_sink ? 0 : m_seriesMaxPoints);
    // Room for every point at once: columns that grew by doubling would copy
    // themselves a dozen times into fresh memory.
    for (MergingColumn *column : {&m_seriesT, &m_seriesAccepted, &m_seriesRejected, &m_seriesPublished})
        column->reserve(m_seriesGroups);
    for (GroupSeries &series : m_groupSeries) {
        for (MergingColumn *column : {&series.applied, &series.backlog, &series.lag, &series.p50, &series.p99})
            column->reserve(m_seriesGroups);
    }
    for (QuerySeries &series : m_querySeries) {
        series.issued.reserve(m_seriesGroups);
        (m_seriesGroups.merging() ? series.stale : series.staleRatio).reserve(m_seriesGroups);
    }
}

void Engine::appendSeriesSample()
{
    // The same figures as snapshot() gives for them, computed alone: a
    // recorded run without a sink (cqrs-sim run --db, sweeps) would pay for
    // a whole snapshot at every sample only to keep these.
    const double t = m_now;
    const double length = t - m_intervalStart;
    if (!m_seriesGroups.started())
        startSeries();
    const SeriesGroups &groups = m_seriesGroups;
    m_seriesGroups.advance();
    m_seriesT.add(t, groups);
    m_seriesAccepted.add(perSecond(m_intervalAccepted, length), groups);
    m_seriesRejected.add(perSecond(m_intervalRejected, length), groups);
    m_seriesPublished.add(perSecond(m_intervalPublished, length), groups);
    for (std::size_t gi = 0; gi < m_readModelCount; ++gi) {
        const Group &g = m_groups[gi];
        GroupSeries &series = m_groupSeries[gi];
        series.applied.add(perSecond(g.stats.intervalApplied, length), groups);
        series.backlog.add(intervalBacklogMean(g, t), groups);
        const double oldest = oldestUnapplied(g);
        series.lag.add(std::max(g.stats.intervalLagMax, oldest == kInf ? 0.0 : t - oldest), groups);
        series.p50.add(g.stats.intervalWindow.quantile(g.stats.window, 0.50), groups);
        series.p99.add(g.stats.intervalWindow.quantile(g.stats.window, 0.99), groups);
    }
    for (std::size_t q = 0; q < m_queries.size(); ++q) {
        const double issued = perSecond(m_queries[q].intervalIssued, length);
        const double ratio = intervalStaleRatio(m_queries[q]);
        m_querySeries[q].issued.add(issued, groups);
        // Merging, only what the merged ratio is made of (mergedStaleRatio).
        if (groups.merging())
            m_querySeries[q].stale.add(ratio * issued, groups);
        else
            m_querySeries[q].staleRatio.add(ratio, groups);
    }
}

void Engine::onSample(std::uint32_t n)
{
    if (m_series)
        appendSeriesSample();
    if (m_sink)
        m_sink->sample(snapshot());
    // Start the next interval.
    for (Group &g : m_groups) {
        g.stats.intervalApplied = 0;
        g.stats.intervalWindow.mark(g.stats.window);
        g.stats.intervalBacklogArea = 0.0;
        const double oldest = oldestUnapplied(g);
        g.stats.intervalLagMax = oldest == kInf ? 0.0 : m_now - oldest;
        g.stats.busyAllAtSample = busyAllNow(g, m_now);
    }
    for (QueryType &qt : m_queries) {
        qt.intervalIssued = 0;
        qt.intervalStale = 0;
    }
    m_intervalAccepted = m_intervalRejected = m_intervalPublished = 0;
    m_intervalConflicts = 0;
    m_intervalLatency.clear();
    m_writeBusyAllAtSample = writeBusyAllNow(m_now);
    m_intervalStart = m_now;
    if (m_now < m_duration)
        m_futureEvents.push(sampleTime(n + 1), priorityOf(EvSample), EvSample, n + 1);
}

double Engine::sampleTime(std::uint32_t n) const
{
    if (n <= 1)
        return std::min(m_sampleInterval, m_duration);
    const double at = static_cast<double>(n) * m_sampleInterval;
    return at >= m_duration * (1.0 - 1e-12) ? m_duration : at;
}

const LogHistogram *Engine::consistencyWindows(std::string_view readModelId) const
{
    for (std::size_t i = 0; i < m_readModelCount; ++i) {
        if (m_groups[i].config.id == readModelId)
            return &m_groups[i].stats.window;
    }
    return nullptr;
}

template<typename Column>
void Engine::takeSeriesColumns(ResultSeries &s, const Column &column) const
{
    s.t = column(m_seriesT);
    s.commandsAccepted = column(m_seriesAccepted);
    s.commandsRejected = column(m_seriesRejected);
    s.eventsPublished = column(m_seriesPublished);
    for (std::size_t gi = 0; gi < m_readModelCount; ++gi) {
        const GroupSeries &gs = m_groupSeries[gi];
        s.readModels.push_back({m_groups[gi].config.id, column(gs.applied), column(gs.backlog),
                                column(gs.lag), column(gs.p50), column(gs.p99)});
    }
}

Result Engine::result() const
{
    const double t = m_now;
    const double measured = std::max(0.0, t - m_warmup);
    Result r;
    r.model = m_modelName;
    r.seed = m_seed;
    r.simulatedSeconds = t;
    r.measuredFrom = m_warmup;
    r.engineEvents = m_events;
    r.engineWallSeconds = m_wallSeconds;

    LogHistogram all;
    r.commandsByType.reserve(m_commands.size());
    for (const CommandType &ct : m_commands) {
        r.commandsTotal.issued += ct.issued;
        r.commandsTotal.accepted += ct.accepted;
        r.commandsTotal.rejected += ct.rejected;
        r.commandsTotal.conflicts += ct.conflicts;
        r.commandsTotal.staleDecisions += ct.staleDecisions;
        all.merge(ct.latency);
        r.commandsByType.push_back(
            {ct.id, ct.issued, ct.accepted, ct.rejected, ct.conflicts, ct.staleDecisions, resultStats(ct.latency)});
    }
    r.commandsTotal.latency = resultStats(all);
    r.eventsPublished = m_published;

    for (const Group &g : m_groups) {
        const double busy = takeBackBusyAfter(g.stats.busyMeasured, g.state.consumers, std::max(t, m_warmup), m_duration);
        const double capacity = g.stats.capacityArea
                                + (t > m_warmup ? g.config.consumers * (t - std::max(g.stats.lastCapacityChange, m_warmup)) : 0.0);
        const double utilization = capacity > 0.0 ? std::clamp(busy / capacity, 0.0, 1.0) : 0.0;
        if (!g.config.readModel) {
            r.policies.push_back({g.config.id, g.stats.applied, g.stats.issued, g.stats.duplicateIssues});
            continue;
        }
        ReadModelFigures &j = r.readModels.emplace_back();
        j.id = g.config.id;
        j.applied = g.stats.applied;
        j.consistencyWindow = resultStats(g.stats.window);
        double area = g.stats.backlogArea;
        std::uint64_t backlogMax = g.stats.backlogMax;
        if (t > m_warmup) {
            area += static_cast<double>(g.state.backlog) * (t - std::max(g.stats.lastBacklogChange, m_warmup));
            backlogMax = std::max(backlogMax, g.state.backlog);
        }
        j.backlogMean = measured > 0.0 ? area / measured : 0.0;
        j.backlogMax = backlogMax;
        double lagMax = g.stats.lagMax;
        const double oldest = oldestUnapplied(g);
        if (t >= m_warmup && oldest != kInf)
            lagMax = std::max(lagMax, t - oldest);
        j.lagMax = lagMax;
        j.utilization = utilization;
        j.duplicates = g.stats.duplicates;
        j.corruptedUpdates = g.stats.corrupted;
        j.outOfOrder = g.stats.outOfOrder;
        if (g.config.staleBudget)
            j.staleBudget = StaleBudgetFigures{*g.config.staleBudget,
                                               g.stats.window.count() == 0
                                                   || g.stats.window.quantile(0.99) <= *g.config.staleBudget};
        for (std::size_t ri = 0; ri < g.state.rebuilds.size(); ++ri) {
            const RebuildRecord &rebuild = g.state.rebuilds[ri];
            if (!rebuild.started)
                continue;
            const bool running = !rebuild.completed && static_cast<int>(ri) == g.state.activeRebuild;
            j.rebuilds.push_back({rebuild.at, running ? t - rebuild.at : rebuild.duration, rebuild.replayed,
                                  rebuild.completed});
        }
    }

    r.queries.reserve(m_queries.size());
    for (const QueryType &qt : m_queries) {
        QueryFigures &j = r.queries.emplace_back();
        j.id = qt.id;
        j.issued = qt.issued;
        j.stale = qt.stale;
        j.staleRatio = qt.issued ? static_cast<double>(qt.stale) / static_cast<double>(qt.issued) : 0.0;
        j.staleness = resultStats(qt.staleness);
        j.latency = resultStats(qt.latency);
        j.timeouts = qt.timeouts;
        j.pendingConfirmation = resultStats(qt.pending);
    }

    const double writeBusy = takeBackBusyAfter(m_writeBusyMeasured, m_workers, std::max(t, m_warmup), m_duration);
    const double workerSeconds = m_workerArea
                                 + (t > m_warmup ? m_activeWorkers * (t - std::max(m_lastWorkersChange, m_warmup)) : 0.0);
    r.writeSideUtilization = workerSeconds > 0.0 ? std::clamp(writeBusy / workerSeconds, 0.0, 1.0) : 0.0;

    if (m_series) {
        // Merged as the samples came (before the end, the open group as far
        // as it goes), or cut now.
        const auto column = [this](const MergingColumn &source) {
            const std::vector<double> &values = source.values();
            if (m_seriesGroups.merging() || m_seriesMaxPoints == 0 || values.size() <= m_seriesMaxPoints)
                return source.valuesSoFar(m_seriesGroups);
            std::vector<double> cut;
            cut.reserve(m_seriesMaxPoints);
            mergeSeriesGroups(
                values.size(), m_seriesMaxPoints, source.merge(), [&](std::size_t i) { return values[i]; },
                [&](std::size_t, double merged) { cut.push_back(merged); });
            return cut;
        };
        ResultSeries &s = r.series.emplace();
        takeSeriesColumns(s, column);
        for (std::size_t q = 0; q < m_queries.size(); ++q) {
            const QuerySeries &qs = m_querySeries[q];
            std::vector<double> issued = column(qs.issued);
            std::vector<double> ratio;
            if (m_seriesGroups.merging()) {
                // The groups' stale reads over their reads (mergedStaleRatio).
                const std::vector<double> stale = qs.stale.valuesSoFar(m_seriesGroups);
                ratio.reserve(stale.size());
                for (std::size_t i = 0; i < stale.size() && i < issued.size(); ++i)
                    ratio.push_back(mergedStaleRatio(stale[i], issued[i]));
            } else {
                const std::vector<double> &ratios = qs.staleRatio.values();
                const std::vector<double> &reads = qs.issued.values();
                mergeStaleRatioGroups(
                    ratios.size(), m_seriesMaxPoints, [&](std::size_t i) { return ratios[i]; },
                    [&](std::size_t i) { return i < reads.size() ? reads[i] : 0.0; },
                    [&](std::size_t, double merged) { ratio.push_back(merged); });
            }
            s.queries.push_back({m_queries[q].id, std::move(issued), std::move(ratio)});
        }
    }
    return r;
}

std::size_t Engine::closedSeriesPoints() const
{
    return m_series && m_seriesGroups.merging() ? m_seriesT.size() : 0;
}

ResultSeries Engine::closedSeries(std::size_t from) const
{
    // As result() takes them when the groups merge, the open group left out.
    ResultSeries s;
    if (closedSeriesPoints() == 0)
        return s;
    const auto column = [from](const MergingColumn &source) {
        const std::vector<double> &values = source.values();
        if (from >= values.size())
            return std::vector<double>();
        return std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(from), values.end());
    };
    takeSeriesColumns(s, column);
    for (std::size_t q = 0; q < m_queries.size(); ++q) {
        const QuerySeries &qs = m_querySeries[q];
        std::vector<double> issued = column(qs.issued);
        const std::vector<double> stale = column(qs.stale);
        std::vector<double> ratio;
        ratio.reserve(stale.size());
        for (std::size_t i = 0; i < stale.size() && i < issued.size(); ++i)
            ratio.push_back(mergedStaleRatio(stale[i], issued[i]));
        s.queries.push_back({m_queries[q].id, std::move(issued), std::move(ratio)});
    }
    return s;
}

MemoryFootprint Engine::memoryFootprint() const
{
    MemoryFootprint f;
    f.futureEvents = m_futureEvents.capacity();
    f.messages = m_messages.capacity();
    f.jobs = m_jobs.capacity();
    f.followUps = m_followUps.capacity();
    f.queueSlots = m_writeQueue.capacity();
    for (const Group &g : m_groups) {
        for (const Consumer &consumer : g.state.consumers)
            f.queueSlots += consumer.queue.capacity();
        for (const KeySpace &ks : g.state.keys)
            f.perKeyBytes += ks.perKey.size() * sizeof(KeyState);
    }
    for (const auto &v : m_versions)
        f.perKeyBytes += v.size() * sizeof(std::uint32_t);
    f.seriesPoints = m_seriesT.size();
    f.bytes = m_futureEvents.bytes() + m_messages.bytes() + m_jobs.bytes() + m_followUps.bytes()
              + m_writeQueue.bytes() + f.perKeyBytes;
    for (const Group &g : m_groups) {
        for (const Consumer &consumer : g.state.consumers)
            f.bytes += consumer.queue.bytes();
    }
    return f;
}

} // namespace cqrs::sim
