#pragma once

// The flow graph of a model and the rates through it, shared by validation
// (policy loops, utilisation, run limits) and its predictions; not public API.

#include "cqrs/model/validation.h"

#include <string_view>
#include <unordered_map>
#include <vector>

namespace cqrs::detail {

// The flow graph: commands -> events (emits) -> consumers (subscribes) ->
// commands (policy issues). Nodes are numbered commands, then events, then
// policies, so the graph stays linear in the size of the file.
struct FlowGraph
{
    struct Edge
    {
        int to = 0;
        double weight = 0;
    };

    int commandCount = 0;
    int eventCount = 0;
    int policyCount = 0;
    std::vector<std::vector<Edge>> out;

    int commandNode(int i) const { return i; }
    int eventNode(int i) const { return commandCount + i; }
    int policyNode(int i) const { return commandCount + eventCount + i; }
    int size() const { return static_cast<int>(out.size()); }
};

struct FlowSolution
{
    FlowRates rates;
    std::vector<double> policyInput; ///< events per second reaching each policy
    std::vector<int> divergentPolicies;
};

inline std::unordered_map<std::string_view, int> indexById(const auto &items)
{
    std::unordered_map<std::string_view, int> index;
    index.reserve(items.size());
    for (int i = 0; i < static_cast<int>(items.size()); ++i)
        index.emplace(items[static_cast<std::size_t>(i)].id, i);
    return index;
}

/// Every step of a policy chain that can take zero time with certainty.
bool isInstantPolicy(const Policy &p);
/// The graph; with zeroDelayOnly only the steps that certainly take no time and fire.
FlowGraph buildFlowGraph(const Model &m, bool zeroDelayOnly);
/// Strongly connected components (Tarjan, iterative), sources first.
std::vector<std::vector<int>> stronglyConnected(const FlowGraph &g);
/// True when the component holds a cycle (more than one node, or a self-loop).
bool isCyclic(const FlowGraph &g, const std::vector<int> &component);
/// Rates at the peak command rate x scale: x = a + W x over the flow graph,
/// solved component by component in topological order.
FlowSolution solveFlows(const Model &m, double scale);

} // namespace cqrs::detail
