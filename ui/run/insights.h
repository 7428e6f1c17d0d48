#pragma once

#include <cqrs/model/model.h>

#include <QString>

#include <string>
#include <vector>

namespace cqrs {

/// One plain-language finding about a finished run, with the simulated
/// figure and the queueing-theory prediction beside it.
struct Insight
{
    enum class Kind { Bottleneck, Unstable, Stalest, Budget, StaleReads, CommandLatency };
    enum class Severity { Info, Warning, Problem };

    Kind kind = Kind::Bottleneck;
    Severity severity = Severity::Info;
    std::string elementId; ///< empty for the write side or the whole model
    QString text;          ///< "Recommendations is batch-updated every 300 s, so ..."
    QString simulated;     ///< the engine's figure, e.g. "151 s mean"
    QString predicted;     ///< the formula's figure, e.g. "150 s (interval / 2)"; empty when none
};

/// Mean waiting time in an M/M/c queue (Erlang C) with arrival rate lambda,
/// mean service time s and c servers; infinity when lambda * s >= c.
double erlangCWait(double lambda, double meanService, int servers);

/// Findings computed from a model and its result file (DESIGN section 4):
/// the bottleneck (highest utilization), unstable components, the stalest
/// read model and why, budgets met or missed, the query with the most stale
/// reads, and command latency against M/M/c.
std::vector<Insight> computeInsights(const Model &model, const Json &result);

} // namespace cqrs
