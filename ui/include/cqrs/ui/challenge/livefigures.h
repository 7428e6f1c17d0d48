#pragma once

#include <cqrs/model/model.h>
#include <cqrs/sim/sink.h>

#include <map>
#include <string>
#include <vector>

namespace cqrs {

/// The figures of a run in progress as a partial result document (DESIGN
/// section 4), built from the snapshots the run UI already receives, so the
/// judge's own judgeResult() can hold a challenge's requirements against
/// them while the model runs. Holds what snapshots carry: counters, lag and
/// backlog maxima, time-weighted means and utilizations, and consistency-
/// window percentiles estimated from each interval's p50/p95/p99 (weighted
/// by the events applied in it). Figures snapshots do not carry (latency
/// percentiles over the run, staleness, duplicates...) are absent: they are
/// known when the run ends, from its real result.
class LiveFigures
{
public:
    /// Forgets everything; `warmup` seconds are not measured, as in a result.
    void begin(const Model &model, double warmup);
    void add(const sim::Snapshot &snapshot);
    bool empty() const { return m_samples == 0; }
    double time() const { return m_time; }

    /// The document so far (only the figures it can know).
    Json document() const;

    /// The q-quantile (0..0.99) of a mixture of intervals, each known by its
    /// p50, p95, p99 and maximum and weighted by its count: linear between
    /// those points (the last 1% spread up to the maximum, so the p99 of
    /// intervals of unequal tails falls below the worst interval's p99).
    struct Interval
    {
        double weight = 0;
        double p50 = 0, p95 = 0, p99 = 0;
        double max = 0; ///< not above p99: nothing known past it (the last 1% at p99)
    };
    static double mixtureQuantile(const std::vector<Interval> &intervals, double q);

private:
    struct Group
    {
        double seconds = 0;       ///< measured seconds seen
        double backlogArea = 0;   ///< backlogMean x seconds
        double busyArea = 0;      ///< utilization x seconds
        double lagMax = 0;
        double backlogMax = 0;
        std::uint64_t applied = 0;
        std::uint64_t issued = 0;
        std::vector<Interval> windows;
    };
    void addGroup(std::map<std::string, Group> &groups, const sim::ConsumerGroupSnapshot &g, double dt);

    double m_warmup = 0;
    double m_time = 0;
    int m_samples = 0;
    double m_writeSeconds = 0;
    double m_writeBusy = 0;
    sim::Snapshot m_last;
    std::map<std::string, Group> m_readModels;
    std::map<std::string, Group> m_policies;
};

} // namespace cqrs
