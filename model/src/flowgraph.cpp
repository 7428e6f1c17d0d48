#include "flowgraph_p.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace cqrs::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

} // namespace

// Every step of a policy chain that can take zero time with certainty.
bool isInstantPolicy(const Policy &p)
{
    return p.probability >= 1.0 && p.update.mode == UpdateMode::Streaming
           && p.update.delay.isAlwaysZero() && p.applyTime.isAlwaysZero();
}

// `zeroDelayOnly`: keep only edges of steps that certainly take no time and
// certainly fire (the policy-loop rule); otherwise weights are expected counts.
FlowGraph buildFlowGraph(const Model &m, bool zeroDelayOnly)
{
    FlowGraph g;
    g.commandCount = static_cast<int>(m.commands.size());
    g.eventCount = static_cast<int>(m.events.size());
    g.policyCount = static_cast<int>(m.policies.size());
    g.out.resize(static_cast<std::size_t>(g.commandCount + g.eventCount + g.policyCount));
    const auto events = indexById(m.events);
    const auto commands = indexById(m.commands);
    const bool instantBus = m.eventBus.publishDelay.isAlwaysZero();

    for (int c = 0; c < g.commandCount; ++c) {
        const Command &command = m.commands[static_cast<std::size_t>(c)];
        if (zeroDelayOnly
            && (!instantBus || !command.handlerTime.isAlwaysZero() || command.rejectRate >= 1.0))
            continue;
        const double accept = std::clamp(1.0 - command.rejectRate, 0.0, 1.0);
        std::map<int, double> counts; // an event emitted twice is committed twice
        for (const std::string &e : command.emits) {
            if (const auto it = events.find(e); it != events.end())
                counts[it->second] += 1.0;
        }
        for (const auto &[e, count] : counts)
            g.out[static_cast<std::size_t>(c)].push_back({g.eventNode(e), count * accept});
    }
    for (int p = 0; p < g.policyCount; ++p) {
        const Policy &policy = m.policies[static_cast<std::size_t>(p)];
        if (zeroDelayOnly && !isInstantPolicy(policy))
            continue;
        std::set<int> subscribed;
        for (const std::string &e : policy.subscribes) {
            if (const auto it = events.find(e); it != events.end())
                subscribed.insert(it->second);
        }
        const double dup
            = zeroDelayOnly ? 1.0 : 1.0 + std::clamp(m.eventBus.duplicateRate, 0.0, 1.0);
        for (int e : subscribed)
            g.out[static_cast<std::size_t>(g.eventNode(e))].push_back({g.policyNode(p), dup});
        if (const auto it = commands.find(policy.issues); it != commands.end())
            g.out[static_cast<std::size_t>(g.policyNode(p))].push_back(
                {g.commandNode(it->second), std::clamp(policy.probability, 0.0, 1.0)});
    }
    return g;
}

// Strongly connected components (Tarjan, iterative: a long chain in a
// hostile file must not overflow the stack). Returned in topological order
// (sources first).
std::vector<std::vector<int>> stronglyConnected(const FlowGraph &g)
{
    const int n = g.size();
    std::vector<int> index(static_cast<std::size_t>(n), -1), low(static_cast<std::size_t>(n), 0);
    std::vector<char> onStack(static_cast<std::size_t>(n), 0);
    std::vector<int> stack;
    std::vector<std::vector<int>> components;
    int counter = 0;
    struct Frame
    {
        int node;
        std::size_t edge;
    };
    std::vector<Frame> calls;
    for (int root = 0; root < n; ++root) {
        if (index[static_cast<std::size_t>(root)] >= 0)
            continue;
        calls.push_back({root, 0});
        while (!calls.empty()) {
            Frame &f = calls.back();
            const auto v = static_cast<std::size_t>(f.node);
            if (f.edge == 0 && index[v] < 0) {
                index[v] = low[v] = counter++;
                stack.push_back(f.node);
                onStack[v] = 1;
            }
            if (f.edge < g.out[v].size()) {
                const auto w = static_cast<std::size_t>(g.out[v][f.edge].to);
                ++f.edge;
                if (index[w] < 0)
                    calls.push_back({static_cast<int>(w), 0});
                else if (onStack[w])
                    low[v] = std::min(low[v], index[w]);
                continue;
            }
            if (low[v] == index[v]) {
                std::vector<int> component;
                int w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    onStack[static_cast<std::size_t>(w)] = 0;
                    component.push_back(w);
                } while (w != f.node);
                components.push_back(std::move(component));
            }
            const int finished = f.node;
            calls.pop_back();
            if (!calls.empty()) {
                const auto parent = static_cast<std::size_t>(calls.back().node);
                low[parent] = std::min(low[parent], low[static_cast<std::size_t>(finished)]);
            }
        }
    }
    std::reverse(components.begin(), components.end());
    return components;
}

bool isCyclic(const FlowGraph &g, const std::vector<int> &component)
{
    if (component.size() > 1)
        return true;
    const int v = component.front();
    const auto &edges = g.out[static_cast<std::size_t>(v)];
    return std::any_of(edges.begin(), edges.end(),
                       [v](const FlowGraph::Edge &e) { return e.to == v; });
}

namespace {

// Solves (I - W) x = b for a small dense system; false when singular.
bool solveDense(std::vector<double> a, std::vector<double> b, int n, std::vector<double> &x)
{
    const auto N = static_cast<std::size_t>(n);
    for (std::size_t col = 0; col < N; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < N; ++r) {
            if (std::fabs(a[r * N + col]) > std::fabs(a[pivot * N + col]))
                pivot = r;
        }
        if (std::fabs(a[pivot * N + col]) < 1e-12)
            return false;
        if (pivot != col) {
            for (std::size_t k = 0; k < N; ++k)
                std::swap(a[col * N + k], a[pivot * N + k]);
            std::swap(b[col], b[pivot]);
        }
        for (std::size_t r = col + 1; r < N; ++r) {
            const double factor = a[r * N + col] / a[col * N + col];
            if (factor == 0.0)
                continue;
            for (std::size_t k = col; k < N; ++k)
                a[r * N + k] -= factor * a[col * N + k];
            b[r] -= factor * b[col];
        }
    }
    x.assign(N, 0.0);
    for (std::size_t i = N; i-- > 0;) {
        double sum = b[i];
        for (std::size_t k = i + 1; k < N; ++k)
            sum -= a[i * N + k] * x[k];
        x[i] = sum / a[i * N + i];
    }
    return true;
}

} // namespace

// Rates at the peak command rate x scale: x = a + W x over the flow graph,
// solved component by component in topological order.
FlowSolution solveFlows(const Model &m, double scale)
{
    FlowSolution solution;
    const FlowGraph g = buildFlowGraph(m, false);
    const auto n = static_cast<std::size_t>(g.size());
    std::vector<double> inflow(n, 0.0), value(n, 0.0);

    double shareSum = 0;
    for (const Command &c : m.commands)
        shareSum += std::max(0.0, c.share);
    const double rate = m.workload.peakCommandRate() * scale;
    if (shareSum > 0 && rate > 0) {
        for (std::size_t c = 0; c < m.commands.size(); ++c)
            inflow[c] = rate * std::max(0.0, m.commands[c].share) / shareSum;
    }

    std::vector<int> position(n, -1);
    for (const std::vector<int> &component : stronglyConnected(g)) {
        // Inflow from earlier components is already in `inflow`.
        if (!isCyclic(g, component)) {
            const auto v = static_cast<std::size_t>(component.front());
            value[v] = inflow[v];
        } else {
            const int k = static_cast<int>(component.size());
            const auto K = static_cast<std::size_t>(k);
            for (std::size_t i = 0; i < K; ++i)
                position[static_cast<std::size_t>(component[i])] = static_cast<int>(i);
            bool anyInflow = false;
            bool infiniteInflow = false;
            for (int v : component) {
                anyInflow |= inflow[static_cast<std::size_t>(v)] > 0;
                infiniteInflow |= std::isinf(inflow[static_cast<std::size_t>(v)]);
            }
            bool divergent = infiniteInflow;
            std::vector<double> x(K, 0.0);
            if (!divergent && k <= 600) {
                std::vector<double> a(K * K, 0.0);
                for (std::size_t i = 0; i < K; ++i)
                    a[i * K + i] = 1.0;
                for (int v : component) {
                    for (const FlowGraph::Edge &e : g.out[static_cast<std::size_t>(v)]) {
                        const int j = position[static_cast<std::size_t>(e.to)];
                        if (j >= 0)
                            a[static_cast<std::size_t>(j) * K
                              + static_cast<std::size_t>(position[static_cast<std::size_t>(v)])]
                                -= e.weight;
                    }
                }
                // (I - W) y = 1 has a positive solution exactly when the
                // feedback gain (spectral radius of W) is below 1.
                std::vector<double> y;
                const bool stable
                    = solveDense(a, std::vector<double>(K, 1.0), k, y)
                      && std::all_of(y.begin(), y.end(), [](double v) { return v > 1e-12; });
                if (stable) {
                    std::vector<double> b(K);
                    for (std::size_t i = 0; i < K; ++i)
                        b[i] = inflow[static_cast<std::size_t>(component[i])];
                    solveDense(a, b, k, x);
                } else {
                    divergent = anyInflow;
                }
            } else if (!divergent) {
                // A huge loop: fixed-point iteration, divergent if it does not settle.
                std::vector<double> next(K);
                bool settled = false;
                // Bounded work, so a hostile file cannot stall validation.
                std::size_t edges = 1;
                for (int v : component)
                    edges += g.out[static_cast<std::size_t>(v)].size();
                const std::size_t maxIterations
                    = std::clamp<std::size_t>(50'000'000 / edges, 50, 5000);
                for (std::size_t iter = 0; iter < maxIterations && !settled; ++iter) {
                    for (std::size_t i = 0; i < K; ++i)
                        next[i] = inflow[static_cast<std::size_t>(component[i])];
                    for (int v : component) {
                        const double xv
                            = x[static_cast<std::size_t>(position[static_cast<std::size_t>(v)])];
                        for (const FlowGraph::Edge &e : g.out[static_cast<std::size_t>(v)]) {
                            const int j = position[static_cast<std::size_t>(e.to)];
                            if (j >= 0)
                                next[static_cast<std::size_t>(j)] += e.weight * xv;
                        }
                    }
                    double change = 0, size = 0;
                    for (std::size_t i = 0; i < K; ++i) {
                        change = std::max(change, std::fabs(next[i] - x[i]));
                        size = std::max(size, std::fabs(next[i]));
                    }
                    x.swap(next);
                    settled = change <= 1e-12 * std::max(1.0, size);
                }
                divergent = !settled && anyInflow;
            }
            if (divergent) {
                std::fill(x.begin(), x.end(), kInf);
                solution.rates.divergent = true;
                for (int v : component) {
                    if (v >= g.policyNode(0) && v < g.policyNode(g.policyCount))
                        solution.divergentPolicies.push_back(v - g.policyNode(0));
                }
            }
            for (std::size_t i = 0; i < K; ++i) {
                value[static_cast<std::size_t>(component[i])] = x[i];
                position[static_cast<std::size_t>(component[i])] = -1;
            }
        }
        // Push this component's values downstream.
        for (int v : component) {
            const double xv = value[static_cast<std::size_t>(v)];
            if (xv == 0.0)
                continue;
            for (const FlowGraph::Edge &e : g.out[static_cast<std::size_t>(v)]) {
                if (e.weight <= 0.0)
                    continue;
                // Edges inside a cyclic component are already in its solution.
                if (isCyclic(g, component)
                    && std::find(component.begin(), component.end(), e.to) != component.end())
                    continue;
                inflow[static_cast<std::size_t>(e.to)] += e.weight * xv;
            }
        }
    }

    solution.rates.commandRate.assign(value.begin(), value.begin() + g.commandCount);
    solution.rates.eventRate.assign(value.begin() + g.commandCount,
                                    value.begin() + g.commandCount + g.eventCount);
    // A policy node's value counts its input with duplicates; report the
    // distinct event rate it subscribes to separately.
    solution.policyInput.assign(static_cast<std::size_t>(g.policyCount), 0.0);
    for (int p = 0; p < g.policyCount; ++p)
        solution.policyInput[static_cast<std::size_t>(p)]
            = value[static_cast<std::size_t>(g.policyNode(p))];
    return solution;
}

} // namespace cqrs::detail
