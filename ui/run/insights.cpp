#include "insights.h"

#include <cqrs/model/validation.h>

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cqrs {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("cqrs::Insights", text, disambiguation, n);
}

double number(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

/// "0.35 s", "12 ms", "150 s": readable durations.
QString seconds(double value)
{
    if (!std::isfinite(value))
        return tr("unbounded");
    if (value == 0)
        return QStringLiteral("0 s");
    if (value < 0.001)
        return QStringLiteral("%1 µs").arg(value * 1e6, 0, 'g', 3);
    if (value < 1)
        return QStringLiteral("%1 ms").arg(value * 1e3, 0, 'g', 3);
    return QStringLiteral("%1 s").arg(value, 0, 'g', 4);
}

QString percent(double ratio)
{
    if (!std::isfinite(ratio))
        return tr("unbounded");
    return QStringLiteral("%1%").arg(ratio * 100, 0, 'f', ratio < 0.1 ? 1 : 0);
}

QString displayName(const std::string &name, const std::string &id)
{
    return QString::fromStdString(name.empty() ? id : name);
}

const LoadPrediction *findLoad(const std::vector<LoadPrediction> &loads, LoadPrediction::Component component,
                               const std::string &id)
{
    for (const LoadPrediction &load : loads) {
        if (load.component == component && load.id == id)
            return &load;
    }
    return nullptr;
}

QString count(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(tr(n == 1 ? one : many));
}

/// Seconds of outage that fall inside [0, end).
double outageSeconds(const ReadModel &rm, double end)
{
    double sum = 0;
    for (const Outage &o : rm.outages)
        sum += std::max(0.0, std::min(o.at + o.duration, end) - o.at);
    return sum;
}

/// The command whose follow-up is this query, if any.
const Command *followUpCommand(const Model &model, const std::string &queryId)
{
    for (const Command &c : model.commands) {
        if (c.followUp && c.followUp->query == queryId)
            return &c;
    }
    return nullptr;
}

} // namespace

double erlangCWait(double lambda, double meanService, int servers)
{
    if (!(lambda > 0) || !(meanService > 0))
        return 0.0;
    const double a = lambda * meanService; // offered load in Erlangs
    const int c = std::max(1, servers);
    if (a >= c)
        return kInf;
    // Erlang B by recurrence, then C; stable for large c.
    double b = 1.0;
    for (int k = 1; k <= c; ++k)
        b = a * b / (k + a * b);
    const double rho = a / c;
    const double pWait = b / (1 - rho + rho * b);
    return pWait * meanService / (c - a);
}

std::vector<Insight> computeInsights(const Model &model, const Json &result)
{
    std::vector<Insight> insights;
    const std::vector<LoadPrediction> loads = predictLoads(model);
    const FlowRates flows = predictFlows(model);
    const Json empty = Json::object();
    const Json &readModels = result.contains("readModels") ? result["readModels"] : empty;
    const Json &queries = result.contains("queries") ? result["queries"] : empty;

    // Bottleneck: the highest simulated utilization.
    {
        Insight in;
        in.kind = Insight::Kind::Bottleneck;
        double best = result.contains("writeSide") ? number(result["writeSide"], "utilization") : 0.0;
        QString name = tr("The write side");
        QString servers = count(model.writeSide.workers, "worker", "workers");
        const LoadPrediction *prediction = findLoad(loads, LoadPrediction::Component::WriteSide, {});
        for (const ReadModel &rm : model.readModels) {
            if (!readModels.contains(rm.id))
                continue;
            const double u = number(readModels[rm.id], "utilization");
            if (u > best) {
                best = u;
                name = displayName(rm.name, rm.id);
                servers = count(rm.consumers, "consumer", "consumers");
                in.elementId = rm.id;
                prediction = findLoad(loads, LoadPrediction::Component::ReadModel, rm.id);
            }
        }
        in.severity = best >= 0.9 ? Insight::Severity::Problem
                                  : best >= 0.7 ? Insight::Severity::Warning : Insight::Severity::Info;
        in.text = tr("The bottleneck is %1: its %2 were busy %3 of the time.").arg(name, servers, percent(best));
        in.simulated = tr("%1 busy").arg(percent(best));
        if (prediction)
            in.predicted = tr("%1 (ρ = λ·E[S]/c at the peak rate)").arg(percent(prediction->utilization));
        insights.push_back(std::move(in));
    }

    // Unstable components: offered load at or above capacity.
    for (const LoadPrediction &load : loads) {
        double simulatedUtil = -1;
        double backlogMax = 0;
        if (load.component == LoadPrediction::Component::WriteSide && result.contains("writeSide"))
            simulatedUtil = number(result["writeSide"], "utilization");
        if (load.component == LoadPrediction::Component::ReadModel && readModels.contains(load.id)) {
            simulatedUtil = number(readModels[load.id], "utilization");
            if (readModels[load.id].contains("backlog"))
                backlogMax = number(readModels[load.id]["backlog"], "max");
        }
        if (!load.unstable() && simulatedUtil < 0.98)
            continue;
        Insight in;
        in.kind = Insight::Kind::Unstable;
        in.severity = Insight::Severity::Problem;
        in.elementId = load.id;
        in.text = QString::fromStdString(load.message());
        if (!load.unstable())
            in.text = tr("%1 ran at %2 utilization: it is at its limit, so queues and lag grow quickly with any burst.")
                          .arg(QString::fromStdString(load.name), percent(simulatedUtil));
        in.simulated = simulatedUtil >= 0 ? tr("%1 busy").arg(percent(simulatedUtil)) : QString();
        if (backlogMax > 0)
            in.simulated += tr(", backlog up to %1").arg(backlogMax, 0, 'g', 6);
        in.predicted = tr("%1 offered load").arg(percent(load.utilization));
        insights.push_back(std::move(in));
    }

    // The stalest read model and why.
    const ReadModel *stalest = nullptr;
    double stalestMean = -1;
    for (const ReadModel &rm : model.readModels) {
        if (!readModels.contains(rm.id) || !readModels[rm.id].contains("consistencyWindow"))
            continue;
        const Json &w = readModels[rm.id]["consistencyWindow"];
        if (number(w, "count") <= 0)
            continue;
        if (number(w, "mean") > stalestMean) {
            stalestMean = number(w, "mean");
            stalest = &rm;
        }
    }
    if (stalest) {
        const Json &w = readModels[stalest->id]["consistencyWindow"];
        const QString name = displayName(stalest->name, stalest->id);
        const double publish = model.eventBus.publishDelay.mean();
        const double apply = stalest->applyTime.mean();
        Insight in;
        in.kind = Insight::Kind::Stalest;
        in.elementId = stalest->id;
        in.severity = Insight::Severity::Info;
        in.simulated = tr("%1 mean, p99 %2").arg(seconds(stalestMean), seconds(number(w, "p99")));
        double predicted = 0;
        if (stalest->update.mode == UpdateMode::Batch) {
            const double interval = stalest->update.interval;
            predicted = interval / 2 + publish + apply;
            in.text = tr("%1 is the stalest read model: it is batch-updated every %2, so reads are on average %3 behind.")
                          .arg(name, seconds(interval), seconds(interval / 2));
            in.predicted = tr("%1 (interval / 2 + publish delay + apply)").arg(seconds(predicted));
        } else {
            const LoadPrediction *load = findLoad(loads, LoadPrediction::Component::ReadModel, stalest->id);
            const double rho = load ? load->utilization : 0.0;
            const double delay = stalest->update.delay.mean();
            // Each consumer as an M/M/1 queue: sojourn = E[S] / (1 - rho).
            const double sojourn = rho < 1 ? apply / (1 - rho) : kInf;
            predicted = publish + delay + sojourn;
            if (rho >= 0.5 && sojourn > delay)
                in.text = tr("%1 is the stalest read model: its consumers are %2 busy, so events queue before they are applied (on average %3 from commit to read model).")
                              .arg(name, percent(rho), seconds(stalestMean));
            else
                in.text = tr("%1 is the stalest read model: events reach it after a delay of %2 on average and take %3 to apply, so reads are on average %4 behind.")
                              .arg(name, seconds(delay + publish), seconds(apply), seconds(stalestMean));
            in.predicted = tr("%1 (publish + delay + E[S]/(1−ρ))").arg(seconds(predicted));
        }
        const double outageTotal = outageSeconds(*stalest, number(result, "simulatedSeconds"));
        if (outageTotal > 0)
            in.text += tr(" Its outages (%1 in total) add to the lag while they last.").arg(seconds(outageTotal));
        insights.push_back(std::move(in));
    }

    // Budgets.
    for (const ReadModel &rm : model.readModels) {
        if (!rm.staleBudget || !readModels.contains(rm.id))
            continue;
        const Json &r = readModels[rm.id];
        const double p99 = r.contains("consistencyWindow") ? number(r["consistencyWindow"], "p99") : 0.0;
        const bool met = r.contains("staleBudget") && r["staleBudget"].value("met", true);
        Insight in;
        in.kind = Insight::Kind::Budget;
        in.elementId = rm.id;
        in.severity = met ? Insight::Severity::Info : Insight::Severity::Problem;
        in.text = met ? tr("%1 meets its staleness budget: p99 %2 ≤ %3.")
                            .arg(displayName(rm.name, rm.id), seconds(p99), seconds(rm.staleBudget->p99))
                      : tr("%1 misses its staleness budget: p99 %2 > %3.")
                            .arg(displayName(rm.name, rm.id), seconds(p99), seconds(rm.staleBudget->p99));
        in.simulated = tr("p99 %1").arg(seconds(p99));
        in.predicted = tr("budget %1").arg(seconds(rm.staleBudget->p99));
        insights.push_back(std::move(in));
    }

    // The query with the most stale reads.
    const Query *worst = nullptr;
    double worstRatio = 0;
    for (const Query &q : model.queries) {
        if (!queries.contains(q.id))
            continue;
        const double ratio = number(queries[q.id], "staleRatio");
        if (ratio > worstRatio) {
            worstRatio = ratio;
            worst = &q;
        }
    }
    if (worst) {
        const ReadModel *rm = model.readModel(worst->readModel);
        double window = 0;
        if (rm && readModels.contains(rm->id) && readModels[rm->id].contains("consistencyWindow"))
            window = number(readModels[rm->id]["consistencyWindow"], "mean");
        Insight in;
        in.kind = Insight::Kind::StaleReads;
        in.elementId = worst->id;
        in.severity = worstRatio >= 0.05 ? Insight::Severity::Warning : Insight::Severity::Info;
        const QString rmName = rm ? displayName(rm->name, rm->id) : QString::fromStdString(worst->readModel);
        if (const Command *command = followUpCommand(model, worst->id)) {
            const double after = command->followUp->after.mean();
            const QString when = after > 0 ? tr("%1 after %2").arg(seconds(after), displayName(command->name, command->id))
                                           : tr("right after %1").arg(displayName(command->name, command->id));
            in.text = tr("%1 of %2 reads were stale: they come %3, sooner than %4 applies the write (on average %5).")
                          .arg(percent(worstRatio), displayName(worst->name, worst->id), when, rmName,
                               seconds(window));
            if (worst->consistency.strategy == Strategy::OptimisticUi)
                in.text += tr(" With optimistic UI the user sees the pending change meanwhile.");
            else if (worst->consistency.strategy == Strategy::WaitForVersion)
                in.text += tr(" Those that waited past the timeout were served stale.");
        } else {
            in.text = tr("%1 of %2 reads were stale: they read %3, which is on average %4 behind the write side.")
                          .arg(percent(worstRatio), displayName(worst->name, worst->id), rmName, seconds(window));
        }
        in.simulated = tr("%1 stale").arg(percent(worstRatio));
        // Plain eventual reads of a uniformly chosen key: stale when an event
        // for that key arrived within the window, P = 1 - exp(-lambda_key * W).
        if (rm && worst->consistency.strategy == Strategy::Eventual && !rm->subscribes.empty()) {
            const Event *first = model.event(rm->subscribes.front());
            const Aggregate *aggregate = first ? model.aggregate(first->aggregate) : nullptr;
            if (aggregate && aggregate->instances > 0) {
                double rate = 0;
                for (const std::string &eventId : rm->subscribes) {
                    for (std::size_t e = 0; e < model.events.size(); ++e) {
                        if (model.events[e].id == eventId && model.events[e].aggregate == aggregate->id
                            && e < flows.eventRate.size())
                            rate += flows.eventRate[e];
                    }
                }
                const double perKey = rate / double(aggregate->instances);
                const double p = 1 - std::exp(-perKey * window);
                in.predicted = tr("%1 (1 − e^(−λ_key·W), uniform keys%2)")
                                   .arg(percent(p), model.workload.keys.dist == KeyDist::Zipf ? tr("; Zipf keys make it higher") : QString());
            }
        }
        insights.push_back(std::move(in));
    }

    // Command latency against M/M/c.
    if (result.contains("commands") && result["commands"].contains("total")) {
        const Json &latency = result["commands"]["total"]["latency"];
        const LoadPrediction *ws = findLoad(loads, LoadPrediction::Component::WriteSide, {});
        if (number(latency, "count") > 0 && ws) {
            Insight in;
            in.kind = Insight::Kind::CommandLatency;
            const double mean = number(latency, "mean");
            const double predicted = erlangCWait(ws->arrivalRate, ws->meanService, ws->servers) + ws->meanService;
            in.severity = std::isfinite(predicted) ? Insight::Severity::Info : Insight::Severity::Problem;
            in.text = tr("Commands take %1 on average from arrival to commit or rejection (p99 %2) with %3.")
                          .arg(seconds(mean), seconds(number(latency, "p99")),
                               count(ws->servers, "worker", "workers"));
            in.simulated = tr("%1 mean").arg(seconds(mean));
            in.predicted = tr("%1 (M/M/c: Erlang C wait + service, at the peak rate)").arg(seconds(predicted));
            insights.push_back(std::move(in));
        }
    }
    return insights;
}

} // namespace cqrs
