#include "cqrs/model/analysis.h"

#include "modelinternal_p.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cqrs {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::unordered_map<std::string_view, int> indexById(const auto &items)
{
    std::unordered_map<std::string_view, int> index;
    index.reserve(items.size());
    for (int i = 0; i < static_cast<int>(items.size()); ++i)
        index.emplace(items[static_cast<std::size_t>(i)].id, i);
    return index;
}

// ---------------------------------------------------------------------------
// Key skew: which share of a stream the busiest consumer gets.

// Keys k in [0, limit) whose consumer (k mod partitions) mod consumers is j.
double keysOnConsumer(std::int64_t limit, std::int64_t partitions, std::int64_t consumers,
                      std::int64_t j)
{
    auto partitionsBelow = [&](std::int64_t bound) -> std::int64_t {
        // partitions p < bound with p mod consumers == j
        return bound > j ? (bound - 1 - j) / consumers + 1 : 0;
    };
    const std::int64_t full = limit / partitions;
    const std::int64_t rem = limit % partitions;
    return static_cast<double>(full) * static_cast<double>(partitionsBelow(partitions))
           + static_cast<double>(partitionsBelow(rem));
}

// Share of one aggregate's key stream that each candidate consumer gets.
struct ConsumerShares
{
    std::unordered_map<std::int64_t, double> hot; ///< exact weight of the hottest keys
    double hotNorm = 0;                           ///< sum of all weights (hot and tail)
    double tailMass = 0;
    std::int64_t tailBegin = 0;
    std::int64_t instances = 1;
    std::int64_t partitions = 1;
    std::int64_t consumers = 1;
    bool zipf = false;

    double share(std::int64_t j) const
    {
        if (!zipf)
            return keysOnConsumer(instances, partitions, consumers, j)
                   / static_cast<double>(instances);
        double weight = 0;
        if (const auto it = hot.find(j); it != hot.end())
            weight = it->second;
        if (instances > tailBegin) {
            const double tailKeys = keysOnConsumer(instances, partitions, consumers, j)
                                    - keysOnConsumer(tailBegin, partitions, consumers, j);
            weight += tailMass * tailKeys / static_cast<double>(instances - tailBegin);
        }
        return weight / hotNorm;
    }
};

/// Zipf key weights (k+1)^-s over n keys, as the analysis reads them: exact
/// for the hottest keys, the tail beyond them as one integral (its keys of
/// equal weight). The one place the normalising sum is computed.
struct ZipfWeights
{
    static constexpr std::int64_t kHotKeys = 20000;
    std::vector<double> hot; ///< weights of keys 0 .. hot.size() - 1
    double tailMass = 0;     ///< total weight of the keys from hot.size() on
    double norm = 0;         ///< sum of all weights (hot and tail)

    ZipfWeights(std::int64_t n, double s)
    {
        const std::int64_t hotKeys = std::min(n, kHotKeys);
        hot.resize(static_cast<std::size_t>(hotKeys));
        for (std::int64_t k = 0; k < hotKeys; ++k) {
            hot[static_cast<std::size_t>(k)] = std::pow(static_cast<double>(k + 1), -s);
            norm += hot[static_cast<std::size_t>(k)];
        }
        if (n > hotKeys) {
            const double a = static_cast<double>(hotKeys) + 0.5;
            const double b = static_cast<double>(n) + 0.5;
            tailMass = std::fabs(s - 1.0) < 1e-12
                           ? std::log(b / a)
                           : (std::pow(b, 1.0 - s) - std::pow(a, 1.0 - s)) / (1.0 - s);
        }
        norm += tailMass;
    }
};

ConsumerShares consumerShares(std::int64_t instances, int partitions, int consumers,
                              const KeySpec &keys)
{
    ConsumerShares s;
    s.instances = std::max<std::int64_t>(1, instances);
    s.partitions = std::max(1, partitions);
    s.consumers = std::max(1, consumers);
    s.zipf = keys.dist == KeyDist::Zipf && keys.s > 0;
    if (!s.zipf)
        return s;
    // Exact for the hottest keys, an integral for the tail (spread like uniform keys).
    const ZipfWeights weights(s.instances, keys.s);
    s.tailBegin = static_cast<std::int64_t>(weights.hot.size());
    for (std::int64_t k = 0; k < s.tailBegin; ++k)
        s.hot[(k % s.partitions) % s.consumers] += weights.hot[static_cast<std::size_t>(k)];
    s.tailMass = weights.tailMass;
    s.hotNorm = weights.norm;
    return s;
}

// Utilization of the busiest consumer of a read model or policy.
LoadPrediction consumerLoad(const Model &m, const ConsumerSpec &c, const FlowRates &flows,
                            const std::unordered_map<std::string_view, int> &events,
                            const std::unordered_map<std::string_view, std::int64_t> &instancesByAggregate)
{
    LoadPrediction p;
    const double dup = 1.0 + std::clamp(m.eventBus.duplicateRate, 0.0, 1.0);
    const int partitions = std::max(1, m.eventBus.partitions);
    const int consumers = std::max(1, c.consumers);
    p.servers = std::min(consumers, partitions);
    p.meanService = c.applyTime.mean();

    // Event rate per aggregate instance count (each has its own key spread).
    std::map<std::int64_t, double> rateByInstances;
    std::set<int> seen;
    for (const std::string &id : c.subscribes) {
        const auto it = events.find(id);
        if (it == events.end() || !seen.insert(it->second).second)
            continue;
        const double rate = flows.eventRate[static_cast<std::size_t>(it->second)] * dup;
        p.arrivalRate += rate;
        const Event &e = m.events[static_cast<std::size_t>(it->second)];
        const auto a = instancesByAggregate.find(e.aggregate);
        rateByInstances[a != instancesByAggregate.end() ? a->second : Aggregate{}.instances] += rate;
    }
    if (!std::isfinite(p.arrivalRate)) {
        p.utilization = kInf;
        return p;
    }
    if (p.arrivalRate <= 0 || p.meanService <= 0) {
        p.utilization = 0;
        return p;
    }
    std::vector<ConsumerShares> shares;
    std::set<std::int64_t> candidates = {0};
    for (const auto &[instances, rate] : rateByInstances) {
        shares.push_back(consumerShares(instances, partitions, consumers, m.workload.keys));
        // Only the consumers that own a hot key can beat consumer 0, which
        // owns the most partitions.
        for (const auto &[j, w] : shares.back().hot)
            candidates.insert(j);
    }
    double busiest = 0;
    for (std::int64_t j : candidates) {
        double load = 0;
        std::size_t i = 0;
        for (const auto &[instances, rate] : rateByInstances)
            load += rate * shares[i++].share(j);
        busiest = std::max(busiest, load);
    }
    p.utilization = busiest * p.meanService;
    return p;
}

} // namespace

double LoadPrediction::capacity() const
{
    return meanService > 0 ? std::max(1, servers) / meanService : kInf;
}

std::string LoadPrediction::message() const
{
    std::string percent;
    if (std::isfinite(utilization) && utilization < 1e4) {
        percent = std::to_string(std::llround(utilization * 100.0)) + "%";
    } else if (std::isfinite(utilization)) {
        // Not "1e+302%": past a million percent the figure says nothing more.
        percent = "more than 1000000%";
    } else {
        percent = "infinitely";
    }
    // "at the peak command rate (×5)": the figure is the peak's.
    std::string peak;
    if (peakFactor != 1.0)
        peak = " at the peak command rate (×" + detail::formatNumber(peakFactor) + ")";
    if (component == Component::WriteSide) {
        std::string text = "Write side: workers are " + percent + " busy" + peak;
        if (peakOnly && !drainsInRun)
            text += "; commands queue while the peak lasts and are still catching up when the run "
                    "ends";
        else if (peakOnly)
            text += "; commands queue while the peak lasts and catch up once the rate falls";
        else if (unstable())
            text += "; commands will queue without limit";
        return text;
    }
    std::string text = name + ": consumers are " + percent + " busy" + peak;
    if (peakOnly && !drainsInRun)
        text += "; its backlog grows while the peak lasts and is still draining when the run ends";
    else if (peakOnly)
        text += "; its backlog grows while the peak lasts and drains once the rate falls";
    else if (unstable())
        text += "; its backlog will grow without limit";
    return text;
}

namespace {

std::vector<LoadPrediction> loadsAtPeak(const Model &m)
{
    std::vector<LoadPrediction> loads;
    const FlowRates flows = predictFlows(m);
    const auto eventIndex = indexById(m.events);
    std::unordered_map<std::string_view, std::int64_t> instances;
    for (const Aggregate &a : m.aggregates)
        instances.emplace(a.id, a.instances);

    // Write side: commands plus reads from the write model, one FIFO queue.
    LoadPrediction ws;
    ws.component = LoadPrediction::Component::WriteSide;
    ws.name = "Write side";
    ws.servers = std::max(1, m.writeSide.workers);
    double work = 0;
    for (std::size_t c = 0; c < m.commands.size(); ++c) {
        ws.arrivalRate += flows.commandRate[c];
        if (flows.commandRate[c] > 0)
            work += flows.commandRate[c] * m.commands[c].handlerTime.mean();
    }
    double queryShares = 0;
    for (const Query &q : m.queries)
        queryShares += std::max(0.0, q.share);
    std::unordered_map<std::string_view, double> followUpRate; // by query id
    for (std::size_t c = 0; c < m.commands.size(); ++c) {
        const Command &command = m.commands[c];
        if (command.followUp && flows.commandRate[c] > 0)
            followUpRate[command.followUp->query]
                += flows.commandRate[c] * std::clamp(1.0 - command.rejectRate, 0.0, 1.0)
                   * std::clamp(command.followUp->probability, 0.0, 1.0);
    }
    for (const Query &q : m.queries) {
        if (q.consistency.strategy != Strategy::ReadFromWriteModel)
            continue;
        double rate
            = queryShares > 0 ? m.workload.queryRate * std::max(0.0, q.share) / queryShares : 0.0;
        if (const auto it = followUpRate.find(q.id); it != followUpRate.end()) {
            rate += it->second;
            followUpRate.erase(it); // a duplicate query id counts once
        }
        ws.arrivalRate += rate;
        if (rate > 0)
            work += rate * q.readTime.mean();
    }
    ws.offeredRate = ws.arrivalRate;
    ws.meanService = ws.arrivalRate > 0 ? work / ws.arrivalRate : 0.0;
    ws.utilization = std::isfinite(ws.arrivalRate) ? work / ws.servers : kInf;
    ws.offeredUtilization = ws.utilization;
    loads.push_back(ws);

    // A saturated FIFO write side serves every kind of arrival in proportion
    // to its arrivals: of the offered commands only 1/rho commit, so every
    // event stream downstream (and the commands policies issue from them) is
    // thinned by the same factor.
    const double passed = ws.utilization > 1.0 ? (std::isfinite(ws.utilization) ? 1.0 / ws.utilization : 0.0)
                                               : 1.0;
    auto downstream = [&](LoadPrediction p, LoadPrediction::Component component, const std::string &id,
                          const std::string &name) {
        p.component = component;
        p.id = id;
        p.name = name.empty() ? id : name;
        p.offeredRate = p.arrivalRate;
        p.offeredUtilization = p.utilization;
        if (passed < 1.0) {
            p.arrivalRate *= passed;
            p.utilization = std::isfinite(p.utilization) ? p.utilization * passed : p.utilization;
        }
        loads.push_back(std::move(p));
    };
    for (const ReadModel &r : m.readModels)
        downstream(consumerLoad(m, r, flows, eventIndex, instances), LoadPrediction::Component::ReadModel, r.id,
                   r.name);
    for (const Policy &policy : m.policies)
        downstream(consumerLoad(m, policy, flows, eventIndex, instances), LoadPrediction::Component::Policy,
                   policy.id, policy.name);
    return loads;
}

// The command-rate factor over [0, duration), in time order (sorted as the
// engine sorts the profile): (seconds, factor).
std::vector<std::pair<double, double>> rateSegments(const Workload &w)
{
    std::vector<RateStep> steps = w.rateProfile;
    std::stable_sort(steps.begin(), steps.end(),
                     [](const RateStep &a, const RateStep &b) { return a.at < b.at; });
    std::vector<std::pair<double, double>> segments;
    const double T = w.duration;
    double t = 0;
    double factor = 1.0;
    for (const RateStep &step : steps) {
        const double at = std::clamp(step.at, 0.0, std::max(0.0, T));
        if (at > t) {
            segments.emplace_back(at - t, factor);
            t = at;
        }
        factor = step.factor;
    }
    if (T > t)
        segments.emplace_back(T - t, factor);
    return segments;
}

} // namespace

bool steadyCommandRate(const Workload &w)
{
    const std::vector<std::pair<double, double>> segments = rateSegments(w);
    return std::all_of(segments.begin(), segments.end(),
                       [&](const auto &s) { return s.second == segments.front().second; });
}

std::vector<LoadPrediction> predictLoads(const Model &m)
{
    std::vector<LoadPrediction> loads = loadsAtPeak(m);
    const Workload &w = m.workload;
    if (w.rateProfile.empty() || !(w.commandRate > 0))
        return loads;
    // A peak the run leaves again (a flash sale): a group that only the peak
    // overloads queues while it lasts and catches up at the rate the run
    // ends with, if the run lasts long enough.
    const std::vector<std::pair<double, double>> segments = rateSegments(w);
    const double endFactor = segments.empty() ? 1.0 : segments.back().second;
    const double peakFactor = w.peakCommandRate() / w.commandRate;
    if (!(endFactor < peakFactor))
        return loads;
    std::map<double, std::vector<LoadPrediction>>
        byFactor; // the loads at each factor of the profile
    byFactor.emplace(peakFactor, loads);
    auto loadsAt = [&](double factor) -> const std::vector<LoadPrediction> & {
        auto it = byFactor.find(factor);
        if (it == byFactor.end()) {
            Model scaled = m;
            scaled.workload.commandRate = w.commandRate * factor;
            scaled.workload.rateProfile.clear();
            it = byFactor.emplace(factor, loadsAtPeak(scaled)).first;
        }
        return it->second;
    };
    const std::vector<LoadPrediction> &endLoads = loadsAt(endFactor);
    for (std::size_t i = 0; i < loads.size() && i < endLoads.size(); ++i) {
        LoadPrediction &load = loads[i];
        load.peakFactor = peakFactor;
        load.peakOnly = load.unstable() && !endLoads[i].unstable();
        if (!load.peakOnly)
            continue;
        // The backlog of its busiest server as a fluid through the profile:
        // it grows by (rho - 1) / E[S] per second, never below zero.
        double backlog = 0;
        for (const auto &[seconds, factor] : segments) {
            const std::vector<LoadPrediction> &at = loadsAt(factor);
            if (i < at.size() && at[i].meanService > 0)
                backlog = std::max(
                    0.0, backlog + (at[i].utilization - 1.0) / at[i].meanService * seconds);
        }
        load.drainsInRun = backlog <= 0.0;
    }
    return loads;
}

namespace {

// Seconds of [0, duration) spent at each command-rate factor of the profile.
std::map<double, double> timeByFactor(const Workload &w)
{
    std::map<double, double> seconds;
    for (const auto &[length, factor] : rateSegments(w))
        seconds[factor] += length;
    return seconds;
}

// Arrivals per second beyond what the group can serve (0 when it keeps up).
// For consumers the busiest one counts too: with skewed keys it falls behind
// while the others idle.
double excessRate(const LoadPrediction &load)
{
    if (!(load.meanService > 0) || !(load.arrivalRate > 0))
        return 0;
    double excess = load.arrivalRate - load.capacity();
    if (load.component != LoadPrediction::Component::WriteSide)
        excess = std::max(excess, (load.utilization - 1.0) / load.meanService);
    return std::max(0.0, excess);
}

} // namespace

std::string BacklogPrediction::label() const
{
    switch (component) {
    case LoadPrediction::Component::WriteSide:
        return "the write side";
    case LoadPrediction::Component::ReadModel:
        return "readModels." + id;
    case LoadPrediction::Component::Policy:
        return "policies." + id;
    }
    return id;
}

std::vector<BacklogPrediction> predictBacklogs(const Model &m)
{
    const std::vector<LoadPrediction> peak = predictLoads(m);
    std::vector<BacklogPrediction> backlogs(peak.size());
    const double T = m.workload.duration;
    if (!(T > 0))
        return backlogs;

    // The rate profile: the loads at each factor it takes, weighted by the
    // time spent there. Loads grow with the factor, so rounding factors up
    // onto at most kLevels levels keeps the figure an upper bound while
    // bounding the work for profiles with many steps.
    constexpr int kLevels = 16;
    std::map<double, double> seconds = timeByFactor(m.workload);
    double maxFactor = 0;
    for (const auto &[factor, time] : seconds)
        maxFactor = std::max(maxFactor, factor);
    if (seconds.size() > static_cast<std::size_t>(kLevels) && maxFactor > 0) {
        std::map<double, double> rounded;
        for (const auto &[factor, time] : seconds)
            rounded[std::ceil(factor / maxFactor * kLevels) / kLevels * maxFactor] += time;
        seconds = std::move(rounded);
    }
    const double peakFactor = m.workload.commandRate > 0 ? m.workload.peakCommandRate() / m.workload.commandRate : 1.0;
    std::vector<double> overload(peak.size(), 0.0), arrivals(peak.size(), 0.0);
    for (const auto &[factor, time] : seconds) {
        std::vector<LoadPrediction> scaledLoads;
        const std::vector<LoadPrediction> *loads = &peak;
        if (m.workload.commandRate > 0 && factor != peakFactor) {
            Model scaled = m;
            scaled.workload.commandRate = m.workload.commandRate * factor;
            scaled.workload.rateProfile.clear();
            scaledLoads = predictLoads(scaled);
            loads = &scaledLoads;
        }
        for (std::size_t i = 0; i < peak.size() && i < loads->size(); ++i) {
            overload[i] += excessRate((*loads)[i]) * time;
            arrivals[i] += std::max(0.0, (*loads)[i].arrivalRate) * time;
        }
    }

    std::size_t readModel = 0, policy = 0;
    for (std::size_t i = 0; i < peak.size(); ++i) {
        const LoadPrediction &load = peak[i];
        BacklogPrediction &b = backlogs[i];
        b.component = load.component;
        b.id = load.id;
        b.name = load.name;
        b.arrivalRate = load.arrivalRate;
        b.capacity = load.capacity();
        b.overload = overload[i];
        const ConsumerSpec *spec = nullptr;
        const ReadModel *rm = nullptr;
        switch (load.component) {
        case LoadPrediction::Component::WriteSide:
            b.path = "/writeSide";
            break;
        case LoadPrediction::Component::ReadModel:
            b.path = "/readModels/" + std::to_string(readModel);
            rm = &m.readModels[readModel++];
            spec = rm;
            break;
        case LoadPrediction::Component::Policy:
            b.path = "/policies/" + std::to_string(policy);
            spec = &m.policies[policy++];
            break;
        }
        const double lambda = std::max(0.0, load.arrivalRate);
        if (spec) {
            for (const Outage &o : spec->outages) {
                const double at = std::clamp(o.at, 0.0, T);
                b.outages += lambda * std::clamp(o.duration, 0.0, T - at);
            }
            if (spec->update.mode == UpdateMode::Batch && spec->update.interval > 0)
                b.batch = lambda * std::min(spec->update.interval, T);
        }
        if (rm) {
            // The replay of a rebuild at t goes through what was committed
            // before t, one apply at a time; new arrivals wait meanwhile.
            for (const Rebuild &r : rm->rebuilds) {
                const double at = std::clamp(r.at, 0.0, T);
                const double replay = lambda * at * std::max(0.0, load.meanService) / std::max(1, load.servers);
                b.rebuilds += lambda * std::min(replay, T - at);
            }
        }
        const double sum = b.overload + b.outages + b.rebuilds + b.batch;
        b.items = std::isnan(sum) ? kInf : std::min(sum, arrivals[i]);
        if (std::isnan(arrivals[i]))
            b.items = kInf;
    }
    return backlogs;
}

std::string describeCount(double count)
{
    if (!std::isfinite(count))
        return "infinitely many";
    if (count >= 1e18)
        return "more than 10^18";
    char text[64];
    if (count < 1e6) {
        std::snprintf(text, sizeof text, "%.0f", count);
        return text;
    }
    // 6.1e8, not 6.1e+08.
    const int exponent = static_cast<int>(std::floor(std::log10(count)));
    double mantissa = count / std::pow(10.0, exponent);
    int e = exponent;
    if (std::round(mantissa * 10) >= 100) {
        mantissa /= 10;
        ++e;
    }
    std::snprintf(text, sizeof text, "%.1fe%d", mantissa, e);
    return text;
}

std::string describeBytes(double bytes)
{
    if (!std::isfinite(bytes))
        return "an unbounded amount";
    if (bytes >= 1e18)
        return "more than 10^18 bytes";
    char text[64];
    if (bytes >= 1e12)
        std::snprintf(text, sizeof text, "%.2g TB", bytes / 1e12);
    else if (bytes >= 1e9)
        std::snprintf(text, sizeof text, "%.2g GB", bytes / 1e9);
    else if (bytes >= 1e6)
        std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
    else
        std::snprintf(text, sizeof text, "%.0f kB", bytes / 1e3);
    std::string result = text;
    // %.2g writes 41 GB as "41" but 410 GB as "4.1e+02": spell it out.
    if (result.find('e') != std::string::npos) {
        const double scaled = bytes >= 1e12 ? bytes / 1e12 : bytes / 1e9;
        std::snprintf(text, sizeof text, "%.0f %s", scaled, bytes >= 1e12 ? "TB" : "GB");
        result = text;
    }
    return result;
}

double erlangC(double lambda, double meanService, int servers)
{
    if (!(lambda > 0) || !(meanService > 0))
        return 0.0;
    const double a = lambda * meanService; // offered load in Erlangs
    const int c = std::max(1, servers);
    if (!(a < c))
        return 1.0;
    // Erlang B by recurrence, then C; stable for large c.
    double b = 1.0;
    for (int k = 1; k <= c; ++k)
        b = a * b / (k + a * b);
    const double rho = a / c;
    return b / (1 - rho + rho * b);
}

double erlangCWait(double lambda, double meanService, int servers)
{
    if (!(lambda > 0) || !(meanService > 0))
        return 0.0;
    const double a = lambda * meanService;
    const int c = std::max(1, servers);
    if (!(a < c))
        return kInf;
    return erlangC(lambda, meanService, c) * meanService / (c - a);
}

double staleReadProbability(double eventRate, std::int64_t instances, const KeySpec &keys, double window)
{
    if (!(eventRate > 0) || !(window > 0))
        return 0.0;
    if (!std::isfinite(eventRate) || !std::isfinite(window))
        return 1.0;
    const std::int64_t n = std::max<std::int64_t>(1, instances);
    const double exposure = eventRate * window; // expected events in one window, over all keys
    if (keys.dist != KeyDist::Zipf || !(keys.s > 0))
        return 1.0 - std::exp(-exposure / static_cast<double>(n));
    // Zipf: exact over the hottest keys, the tail as keys of equal weight.
    const ZipfWeights weights(n, keys.s);
    const auto hot = static_cast<std::int64_t>(weights.hot.size());
    const double norm = weights.norm;
    double p = 0;
    for (double w : weights.hot) {
        const double pk = w / norm;
        p += pk * (1.0 - std::exp(-exposure * pk));
    }
    if (weights.tailMass > 0) {
        const double tail = weights.tailMass / norm;
        const double perKey = tail / static_cast<double>(n - hot);
        p += tail * (1.0 - std::exp(-exposure * perKey));
    }
    return std::clamp(p, 0.0, 1.0);
}
} // namespace cqrs
