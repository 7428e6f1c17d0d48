#include "cqrs/ui/challenge/livefigures.h"

#include <algorithm>
#include <cmath>

namespace cqrs {

void LiveFigures::begin(const Model &model, double warmup)
{
    (void) model;
    *this = LiveFigures();
    m_warmup = warmup;
}

void LiveFigures::addGroup(std::map<std::string, Group> &groups, const sim::ConsumerGroupSnapshot &g, double dt)
{
    Group &group = groups[g.id];
    group.seconds += dt;
    group.backlogArea += g.backlogMean * dt;
    group.busyArea += g.utilization * dt;
    group.lagMax = std::max(group.lagMax, g.lagMax);
    group.backlogMax = std::max({group.backlogMax, double(g.backlog), g.backlogMean});
    group.applied = g.applied;
    group.issued = g.issued;
    const double count = g.appliedPerSecond * dt;
    if (count > 0)
        group.windows.push_back({count, g.windowP50, g.windowP95, g.windowP99, g.windowMax});
}

void LiveFigures::add(const sim::Snapshot &snapshot)
{
    m_time = snapshot.time;
    // Cumulative counters are over the measured period already; interval
    // figures count only for the measured part of their interval.
    const double dt = snapshot.time - std::max(snapshot.intervalStart, m_warmup);
    m_last = snapshot;
    ++m_samples;
    if (dt <= 0)
        return;
    m_writeSeconds += dt;
    m_writeBusy += snapshot.writeUtilization * dt;
    for (const sim::ConsumerGroupSnapshot &g : snapshot.readModels)
        addGroup(m_readModels, g, dt);
    for (const sim::ConsumerGroupSnapshot &g : snapshot.policies)
        addGroup(m_policies, g, dt);
}

double LiveFigures::mixtureQuantile(const std::vector<Interval> &intervals, double q)
{
    double total = 0, high = 0;
    for (const Interval &i : intervals) {
        total += i.weight;
        high = std::max({high, i.p99, i.max});
    }
    if (total <= 0)
        return 0;
    auto cdf = [&](double x) {
        double below = 0;
        for (const Interval &i : intervals) {
            const double top = std::max(i.p99, i.max);
            const double xs[] = {0, i.p50, i.p95, i.p99, top};
            const double ps[] = {0, 0.5, 0.95, 0.99, 1.0};
            double p = 1.0;
            for (int k = 1; k < 5; ++k) {
                if (x < xs[k]) {
                    const double span = xs[k] - xs[k - 1];
                    p = span > 0 ? ps[k - 1] + (ps[k] - ps[k - 1]) * (x - xs[k - 1]) / span : ps[k - 1];
                    break;
                }
            }
            below += i.weight * p;
        }
        return below / total;
    };
    q = std::clamp(q, 0.0, 0.99);
    double lo = 0, hi = high;
    for (int step = 0; step < 60 && hi - lo > 1e-12 * std::max(1.0, hi); ++step) {
        const double mid = (lo + hi) / 2;
        (cdf(mid) < q ? lo : hi) = mid;
    }
    return hi;
}

namespace {

Json groupDocument(const auto &group, bool readModel)
{
    Json doc = Json::object();
    doc["applied"] = group.applied;
    if (!readModel) {
        doc["issued"] = group.issued;
        return doc;
    }
    std::uint64_t count = 0;
    for (const auto &interval : group.windows)
        count += std::uint64_t(std::llround(interval.weight));
    Json window = Json::object();
    window["count"] = count;
    if (count > 0) {
        window["p50"] = LiveFigures::mixtureQuantile(group.windows, 0.5);
        window["p95"] = LiveFigures::mixtureQuantile(group.windows, 0.95);
        window["p99"] = LiveFigures::mixtureQuantile(group.windows, 0.99);
    }
    doc["consistencyWindow"] = window;
    doc["backlog"] = {{"mean", group.seconds > 0 ? group.backlogArea / group.seconds : 0.0},
                      {"max", group.backlogMax}};
    doc["lag"] = {{"max", group.lagMax}};
    doc["utilization"] = group.seconds > 0 ? group.busyArea / group.seconds : 0.0;
    return doc;
}

} // namespace

Json LiveFigures::document() const
{
    Json doc = Json::object();
    doc["measuredFrom"] = m_warmup;
    doc["simulatedSeconds"] = m_time;
    Json total = Json::object();
    total["issued"] = m_last.commandsIssued;
    total["accepted"] = m_last.commandsAccepted;
    total["rejected"] = m_last.commandsRejected;
    total["conflicts"] = m_last.conflicts;
    doc["commands"] = {{"total", total}};
    doc["events"] = {{"published", m_last.eventsPublished}};
    Json readModels = Json::object();
    for (const auto &[id, group] : m_readModels)
        readModels[id] = groupDocument(group, true);
    doc["readModels"] = readModels;
    Json policies = Json::object();
    for (const auto &[id, group] : m_policies)
        policies[id] = groupDocument(group, false);
    doc["policies"] = policies;
    Json queries = Json::object();
    for (const sim::QuerySnapshot &q : m_last.queries) {
        queries[q.id] = {{"issued", q.issued},
                         {"stale", q.stale},
                         {"staleRatio", q.issued > 0 ? double(q.stale) / double(q.issued) : 0.0},
                         {"timeouts", q.timeouts}};
    }
    doc["queries"] = queries;
    doc["writeSide"] = {{"utilization", m_writeSeconds > 0 ? m_writeBusy / m_writeSeconds : 0.0}};
    return doc;
}

} // namespace cqrs
