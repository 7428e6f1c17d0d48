#include "cqrs/ui/run/insights.h"

#include "cqrs/ui/common/format.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cqrs {

namespace {

/// How grave a stage's load is: busy 90% of the time and more, a problem;
/// 70% and more, a warning.
Insight::Severity severityOfLoad(double utilization)
{
    return utilization >= 0.9   ? Insight::Severity::Problem
           : utilization >= 0.7 ? Insight::Severity::Warning
                                : Insight::Severity::Info;
}

constexpr double kInf = std::numeric_limits<double>::infinity();
/// Below this (it would print as "0%" or "<0.1%") a stage is idle, not a bottleneck.
constexpr double kBottleneckMinimum = 0.001;
/// From this simulated utilization a stage counts as saturated.
constexpr double kSaturated = 0.95;

// The insights' texts, under their own context for translation.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cqrs::Insights)
};

/// A read model's figures; zeros when the result has none for it.
const sim::ReadModelFigures &readModelFigures(const sim::Result &result, std::string_view id)
{
    static const sim::ReadModelFigures none;
    const sim::ReadModelFigures *figures = result.readModel(id);
    return figures ? *figures : none;
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

QString servers(int n, bool workers)
{
    if (workers)
        return n == 1 ? Text::tr("1 worker") : Text::tr("%1 workers").arg(formatCount(n));
    return n == 1 ? Text::tr("1 consumer") : Text::tr("%1 consumers").arg(formatCount(n));
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

/// Compares a simulated and a predicted figure; `slack` is the absolute
/// difference that still counts as agreement.
void judgeAgreement(Insight &in, double simulated, double predicted, double slack)
{
    if (!std::isfinite(simulated) || std::isnan(predicted))
        return;
    if (!std::isfinite(predicted)) {
        in.agreement = Insight::Agreement::Differs;
        in.agreementNote = Text::tr("the prediction has no steady state");
        return;
    }
    const double difference = std::abs(simulated - predicted);
    if (difference <= slack || difference <= kAgreementTolerance * std::abs(predicted)) {
        in.agreement = Insight::Agreement::Agrees;
        in.agreementNote = Text::tr("within ±%1").arg(formatPercent(kAgreementTolerance));
        return;
    }
    in.agreement = Insight::Agreement::Differs;
    const double low = std::min(std::abs(simulated), std::abs(predicted));
    const double high = std::max(std::abs(simulated), std::abs(predicted));
    in.agreementNote = low > 0 ? Text::tr("simulated is %1× %2").arg(formatNumber(high / low),
                                                              simulated > predicted ? Text::tr("higher") : Text::tr("lower"))
                               : Text::tr("simulated is %1").arg(simulated > predicted ? Text::tr("higher") : Text::tr("lower"));
}

/// A batch-updated read model with fewer than four batches in the measured
/// time: the figures agree by chance as easily as they differ by it, so an
/// agreement is said, and a difference is not held against the prediction.
void judgeFewBatches(Insight &in, double simulated, double predicted, double slack, double batches)
{
    judgeAgreement(in, simulated, predicted, slack);
    if (in.agreement == Insight::Agreement::Agrees) {
        const int ran = std::max(1, static_cast<int>(std::lround(batches)));
        in.agreementNote
            = plural(Text::tr("%1, though only about %n batch(es) ran in the measured time", nullptr, ran), ran)
                  .arg(in.agreementNote);
        return;
    }
    in.agreement = Insight::Agreement::None;
    in.agreementNote = Text::tr("too few batches in the measured time to compare");
}

/// The model's own prediction of a read model's mean consistency window.
struct WindowPrediction
{
    double mean = 0;
    QString formula;
};

WindowPrediction predictWindow(const Model &model, const ReadModel &rm, const LoadPrediction *load)
{
    const double publish = model.eventBus.publishDelay.mean();
    const double apply = rm.applyTime.mean();
    const double rho = load ? load->utilization : 0.0;
    if (rm.update.mode == UpdateMode::Batch) {
        // Every event of a batch counts as applied when the batch ends: the
        // wait for the tick plus the whole batch's apply time, rho x interval.
        const double batchWork = rho < 1 ? rho * rm.update.interval : kInf;
        return {rm.update.interval / 2 + publish + std::max(apply, batchWork),
                Text::tr("interval / 2 + publish delay + ρ·interval to apply the batch")};
    }
    // Each consumer as an M/M/1 queue: sojourn = E[S] / (1 - rho).
    const double sojourn = rho < 1 ? apply / (1 - rho) : kInf;
    return {publish + rm.update.delay.mean() + sojourn, Text::tr("publish + delay + E[S]/(1−ρ)")};
}

} // namespace

QString agreementToleranceText()
{
    return Text::tr("Agreement: the simulated figure is within ±%1 of the prediction (or within %2 "
              "percentage points, or %3).")
        .arg(formatPercent(kAgreementTolerance), formatNumber(kAgreementRatioSlack * 100),
             formatSeconds(kAgreementTimeSlack));
}

std::vector<Insight> computeInsights(const Model &model, const sim::Result &result, ModelChanges changes,
                                     const std::map<std::string, double> *outages)
{
    std::vector<Insight> insights;
    const std::vector<LoadPrediction> loads = predictLoads(model);
    const FlowRates flows = predictFlows(model);
    const double simulated = result.simulatedSeconds;
    const double measuredFrom = result.measuredFrom;
    const double measured = std::max(0.0, simulated - measuredFrom);
    const bool stopped = simulated < model.workload.duration * (1 - 1e-9);
    // Predictions are for the peak rate; a varying rate or outages make the
    // run's averages different by design.
    const bool steadyRate = steadyCommandRate(model.workload);
    // A model changed during its run: the run ran more than one model, and
    // its figures are no test of one model's prediction.
    const bool comparable = steadyRate && changes == ModelChanges::None;
    const QString notComparable
        = changes == ModelChanges::AsStarted
              ? Text::tr("the model was changed during the run; the prediction is for the model as it "
                         "started")
          : changes == ModelChanges::AsEnded
              ? Text::tr("the model was changed during the run; the prediction is for the model as it "
                         "ended")
              : Text::tr("the run's rate varies; the prediction is for the peak");
    const LoadPrediction *writeLoad = findLoad(loads, LoadPrediction::Component::WriteSide, {});
    const double passed = writeLoad && writeLoad->unstable() && std::isfinite(writeLoad->utilization)
                              ? 1.0 / writeLoad->utilization
                              : 1.0;

    // Nothing measured or nothing to simulate: say so, and claim nothing else.
    {
        const double commandsIssued = double(result.commandsTotal.issued);
        double queriesIssued = 0;
        for (const sim::QueryFigures &q : result.queries)
            queriesIssued += double(q.issued);
        Insight in;
        in.kind = Insight::Kind::NothingSimulated;
        in.severity = Insight::Severity::Warning;
        in.term = Term::Throughput;
        const bool noRates = !(model.workload.peakCommandRate() > 0) && !(model.workload.queryRate > 0);
        if (measured <= 0) {
            in.text = Text::tr("The run stopped at %1, before the warm-up ended at %2: nothing was measured.")
                          .arg(formatMoment(simulated, model.workload.duration),
                               formatMoment(measuredFrom, model.workload.duration));
        } else if (noRates) {
            in.text = Text::tr("Nothing to simulate: the command rate and the query rate are both 0, so every "
                         "figure is zero. Set a command rate in the workload (Inspector, Model settings: click "
                         "the empty canvas).");
        } else if (model.commands.empty() || !(model.workload.peakCommandRate() > 0)) {
            in.text = Text::tr("Nothing is written: %1, so no events were published and the read models never "
                         "changed; every read was fresh.")
                          .arg(model.commands.empty() ? Text::tr("the model has no commands") : Text::tr("the command rate is 0"));
        } else if (commandsIssued <= 0 && queriesIssued <= 0) {
            in.text = Text::tr("No command and no query arrived in the %1 measured.").arg(formatSeconds(measured));
        }
        if (!in.text.isEmpty()) {
            in.simulated = Text::tr("%1 commands, %2 queries").arg(formatCount(commandsIssued),
                                                              formatCount(queriesIssued));
            insights.push_back(std::move(in));
            if (measured <= 0 || noRates)
                return insights;
        }
    }

    // Bottleneck: the highest simulated utilization, if anything was busy.
    {
        Insight in;
        in.kind = Insight::Kind::Bottleneck;
        in.term = Term::Utilization;
        double best = result.writeSideUtilization;
        QString name = Text::tr("the write side");
        QString group = servers(model.writeSide.workers, true);
        int groupSize = model.writeSide.workers;
        const LoadPrediction *prediction = writeLoad;
        for (const ReadModel &rm : model.readModels) {
            const double u = readModelFigures(result, rm.id).utilization;
            if (u > best) {
                best = u;
                name = displayName(rm.name, rm.id);
                group = servers(rm.consumers, false);
                groupSize = rm.consumers;
                in.elementId = rm.id;
                prediction = findLoad(loads, LoadPrediction::Component::ReadModel, rm.id);
            }
        }
        if (best >= kBottleneckMinimum) {
            in.severity = severityOfLoad(best);
            in.text = (groupSize == 1 ? Text::tr("The busiest stage is %1: its %2 was busy %3 of the time.")
                                                              : Text::tr("The busiest stage is %1: its %2 were busy %3 of the time."))
                          .arg(name, group, formatPercent(best));
            in.simulated = Text::tr("%1 busy").arg(formatPercent(best));
            if (prediction) {
                in.predicted = Text::tr("%1 (ρ = λ·E[S]/c at the peak rate)").arg(formatPercent(prediction->utilization));
                if (!comparable) {
                    // A run-long average against the peak: not the same figure (a
                    // flash sale saturates for minutes and idles for the rest).
                    in.agreementNote = notComparable;
                } else if (prediction->utilization >= kSaturated || best >= kSaturated) {
                    const bool both = prediction->utilization >= kSaturated && best >= kSaturated;
                    in.agreement = both ? Insight::Agreement::Agrees : Insight::Agreement::Differs;
                    in.agreementNote = both ? Text::tr("both saturated")
                                       : best >= kSaturated ? Text::tr("the run saturated, the prediction did not")
                                                            : Text::tr("predicted saturated, the run was not");
                } else {
                    judgeAgreement(in, best, prediction->utilization, kAgreementRatioSlack);
                }
            }
            insights.push_back(std::move(in));
        }
    }

    // Unstable components: load at or above capacity, after what the stages
    // upstream let through.
    for (const LoadPrediction &load : loads) {
        double simulatedUtil = -1;
        double backlogMax = 0;
        if (load.component == LoadPrediction::Component::WriteSide)
            simulatedUtil = result.writeSideUtilization;
        const sim::ReadModelFigures *readModel = result.readModel(load.id);
        if (load.component == LoadPrediction::Component::ReadModel && readModel) {
            simulatedUtil = readModel->utilization;
            backlogMax = double(readModel->backlogMax);
        }
        if (!load.unstable() && simulatedUtil < 0.98)
            continue;
        Insight in;
        in.kind = Insight::Kind::Unstable;
        in.severity = Insight::Severity::Problem;
        in.term = Term::Backlog;
        in.elementId = load.id;
        const QString name = load.component == LoadPrediction::Component::WriteSide
                                 ? Text::tr("The write side")
                                 : QString::fromStdString(load.name);
        if (load.peakOnly) {
            // A flash sale: the queue grows while the peak lasts, then drains,
            // within the run or after it.
            in.severity
                = load.drainsInRun ? Insight::Severity::Warning : Insight::Severity::Problem;
            const QString peak = load.peakFactor != 1.0 ? Text::tr("At the peak command rate (×%1)")
                                                              .arg(formatNumber(load.peakFactor))
                                                        : Text::tr("At the peak command rate");
            const bool writeSide = load.component == LoadPrediction::Component::WriteSide;
            const QString offered
                = writeSide
                      ? Text::tr(
                            "%1, the write side is offered %2 of its capacity: it can serve about "
                            "%3 of the %4 arriving")
                            .arg(peak, formatPercent(load.utilization), formatRate(load.capacity()),
                                 formatRate(load.arrivalRate))
                      : Text::tr("%1, %2 is offered %3 of its capacity")
                            .arg(peak, name, formatPercent(load.utilization));
            if (writeSide)
                in.text = load.drainsInRun ? Text::tr("%1, so commands queue while the peak lasts "
                                                      "and catch up once the rate falls.")
                                                 .arg(offered)
                                           : Text::tr("%1, so commands queue while the peak lasts "
                                                      "and are still catching up when "
                                                      "the run ends.")
                                                 .arg(offered);
            else
                in.text = load.drainsInRun ? Text::tr("%1: its backlog grows while the peak lasts "
                                                      "and drains once the rate falls.")
                                                 .arg(offered)
                                           : Text::tr("%1: its backlog grows while the peak lasts "
                                                      "and is still draining when the "
                                                      "run ends.")
                                                 .arg(offered);
        } else if (load.unstable()) {
            in.text = load.component == LoadPrediction::Component::WriteSide
                          ? Text::tr("%1 is offered %2 of its capacity: it can serve about %3 of the %4 arriving, so "
                               "commands queue without limit and everything downstream sees at most %3.")
                                .arg(name, formatPercent(load.utilization), formatRate(load.capacity()),
                                     formatRate(load.arrivalRate))
                          : Text::tr("%1 is offered %2 of its capacity: its backlog grows without limit.")
                                .arg(name, formatPercent(load.utilization));
        } else {
            in.text = Text::tr("%1 ran at %2 utilization: it is at its limit, so queues and lag grow quickly with any burst.")
                          .arg(name, formatPercent(simulatedUtil));
        }
        if (simulatedUtil >= 0)
            in.simulated = Text::tr("%1 busy").arg(formatPercent(simulatedUtil));
        if (backlogMax > 0)
            in.simulated += Text::tr(", backlog up to %1").arg(formatCount(backlogMax));
        in.predicted = steadyRate ? Text::tr("%1 offered load").arg(formatPercent(load.utilization))
                                  : Text::tr("%1 offered load at the peak rate")
                                        .arg(formatPercent(load.utilization));
        if (simulatedUtil >= 0 && !comparable) {
            // A run-long average against the peak: not the same figure.
            in.agreementNote = notComparable;
        } else if (simulatedUtil >= 0) {
            const bool predictedSaturated = load.utilization >= kSaturated;
            const bool simulatedSaturated = simulatedUtil >= kSaturated;
            in.agreement = predictedSaturated == simulatedSaturated ? Insight::Agreement::Agrees
                                                                    : Insight::Agreement::Differs;
            in.agreementNote = predictedSaturated == simulatedSaturated ? Text::tr("both saturated")
                               : predictedSaturated ? Text::tr("predicted saturated, the run was not")
                                                    : Text::tr("the run saturated, the prediction did not");
        }
        insights.push_back(std::move(in));
    }
    // Downstream stages the saturated write side shields: say why they are calm.
    if (passed < 1.0) {
        for (const LoadPrediction &load : loads) {
            if (load.component != LoadPrediction::Component::ReadModel || load.unstable()
                || load.offeredUtilization < 1.0)
                continue;
            Insight in;
            in.kind = Insight::Kind::Unstable;
            in.severity = Insight::Severity::Info;
            in.term = Term::Utilization;
            in.elementId = load.id;
            in.text = Text::tr("%1 would be %2 busy at the offered rate, but the saturated write side lets only "
                         "%3 of the commands through, so it gets %4.")
                          .arg(QString::fromStdString(load.name), formatPercent(load.offeredUtilization),
                               formatPercent(passed), formatPercent(load.utilization));
            const double util = readModelFigures(result, load.id).utilization;
            in.simulated = Text::tr("%1 busy").arg(formatPercent(util));
            in.predicted = Text::tr("%1 (offered × %2 passed)").arg(formatPercent(load.utilization), formatPercent(passed));
            if (comparable)
                judgeAgreement(in, util, load.utilization, kAgreementRatioSlack);
            else
                in.agreementNote = notComparable;
            insights.push_back(std::move(in));
        }
    }

    // Read models that applied nothing in the measured time (a batch that has
    // not run yet): they have no window to report, only a lag.
    for (const ReadModel &rm : model.readModels) {
        const sim::ReadModelFigures &r = readModelFigures(result, rm.id);
        if (r.consistencyWindow.count > 0 || r.backlogMax <= 0)
            continue;
        Insight in;
        in.kind = Insight::Kind::NotApplied;
        in.severity = Insight::Severity::Warning;
        in.term = Term::Lag;
        in.elementId = rm.id;
        const QString name = displayName(rm.name, rm.id);
        const double lag = r.lagMax;
        // Ticks run at offset + n x interval; a tick at 0 has nothing to apply.
        const double firstBatch = rm.update.offset > 0 ? rm.update.offset : rm.update.interval;
        if (rm.update.mode == UpdateMode::Batch && firstBatch > simulated) {
            in.text = Text::tr("%1 applied nothing yet: it is batch-updated every %2 and its first batch is due at %3, "
                         "after the %4 simulated. Its events wait; the run cannot say how stale it is when "
                         "batches run.")
                          .arg(name, formatSeconds(rm.update.interval), formatSeconds(firstBatch),
                               formatSeconds(simulated));
        } else {
            in.text = Text::tr("%1 applied none of its events in the measured %2: they are still waiting.")
                          .arg(name, formatSeconds(measured));
        }
        in.simulated = Text::tr("lag up to %1, backlog %2").arg(formatSeconds(lag), formatCount(double(r.backlogMax)));
        insights.push_back(std::move(in));
    }

    // The stalest read model and why.
    const ReadModel *stalest = nullptr;
    double stalestMean = -1;
    for (const ReadModel &rm : model.readModels) {
        const sim::ResultStats &w = readModelFigures(result, rm.id).consistencyWindow;
        if (w.count <= 0)
            continue;
        if (w.mean > stalestMean) {
            stalestMean = w.mean;
            stalest = &rm;
        }
    }
    if (stalest) {
        const sim::ResultStats &w = readModelFigures(result, stalest->id).consistencyWindow;
        const QString name = displayName(stalest->name, stalest->id);
        const LoadPrediction *load = findLoad(loads, LoadPrediction::Component::ReadModel, stalest->id);
        const WindowPrediction prediction = predictWindow(model, *stalest, load);
        Insight in;
        in.kind = Insight::Kind::Stalest;
        in.elementId = stalest->id;
        in.severity = Insight::Severity::Info;
        in.term = Term::ConsistencyWindow;
        in.simulated = Text::tr("%1 mean, p99 %2").arg(formatSeconds(stalestMean), formatSeconds(w.p99));
        if (stalest->update.mode == UpdateMode::Batch) {
            const double interval = stalest->update.interval;
            // The half interval is the wait for the batch; the figure the
            // detail line states is the whole window, said as it is.
            in.text = Text::tr("%1 is the stalest read model: it is batch-updated every %2, so an "
                               "event waits about %3 for its batch, and reaches the read model on "
                               "average %4 after its commit.")
                          .arg(name, formatSeconds(interval), formatSeconds(interval / 2),
                               formatSeconds(stalestMean));
        } else {
            const double rho = load ? load->utilization : 0.0;
            const double apply = stalest->applyTime.mean();
            const double delay = stalest->update.delay.mean() + model.eventBus.publishDelay.mean();
            // Queueing is what makes it stale: as grave as the busiest
            // stage's load would be (a mark of "all is well" beside
            // consumers 122% busy read as the opposite of the text).
            const bool queues = rho >= 0.5 && apply / std::max(1e-12, 1 - rho) > delay;
            if (queues)
                in.severity = severityOfLoad(rho);
            if (queues && load && load->peakFactor != 1.0)
                in.text = Text::tr("%1 is the stalest read model: at the peak command rate (×%2) "
                                   "its consumers are %3 busy, so events queue before they are "
                                   "applied (on average %4 from commit to read model).")
                              .arg(name, formatNumber(load->peakFactor), formatPercent(rho),
                                   formatSeconds(stalestMean));
            else if (queues)
                in.text = Text::tr("%1 is the stalest read model: its consumers are %2 busy, so events queue before they are applied (on average %3 from commit to read model).")
                              .arg(name, formatPercent(rho), formatSeconds(stalestMean));
            else
                in.text = Text::tr("%1 is the stalest read model: events reach it after a delay of %2 on average and take %3 to apply, so reads are on average %4 behind.")
                              .arg(name, formatSeconds(delay), formatSeconds(apply), formatSeconds(stalestMean));
        }
        in.predicted = Text::tr("%1 (%2)").arg(formatSeconds(prediction.mean), prediction.formula);
        double outageTotal = outageSeconds(*stalest, simulated);
        if (outages) {
            const auto down = outages->find(stalest->id);
            outageTotal = down == outages->end() ? 0.0 : down->second;
        }
        if (outageTotal > 0)
            in.text += Text::tr(" Its outages (%1 in total) add to the lag while they last.").arg(formatSeconds(outageTotal));
        if (changes != ModelChanges::None) // first: the model itself is not what ran
            in.agreementNote = notComparable;
        else if (outageTotal > 0 || !stalest->rebuilds.empty())
            in.agreementNote = Text::tr("outages and rebuilds are not in the prediction");
        else if (!comparable)
            in.agreementNote = notComparable;
        else if (stalest->update.mode == UpdateMode::Batch && measured < 4 * stalest->update.interval)
            judgeFewBatches(in, stalestMean, prediction.mean, kAgreementTimeSlack,
                            measured / stalest->update.interval);
        else
            judgeAgreement(in, stalestMean, prediction.mean, kAgreementTimeSlack);
        // Why a streaming read model is staler than its sum: an event of a
        // partition waits for a slower one ahead of it, which the sum of
        // delay and queueing leaves out ("differs" alone left it a riddle).
        if (in.agreement == Insight::Agreement::Differs && stalestMean > prediction.mean
            && stalest->update.mode == UpdateMode::Streaming
            && model.eventBus.ordering == Ordering::Partition
            && stalest->update.delay.kind != DistKind::Constant)
            in.agreementNote = Text::tr("%1: events of a partition are applied in order, so an "
                                        "event waits for slower ones ahead of it, which the "
                                        "prediction leaves out (eventBus.ordering = \"none\" "
                                        "lets them overtake)")
                                   .arg(in.agreementNote);
        insights.push_back(std::move(in));
    }

    // Budgets: met or missed, judged only on what was applied.
    for (const ReadModel &rm : model.readModels) {
        const sim::ReadModelFigures *r = result.readModel(rm.id);
        if (!rm.staleBudget || !r)
            continue;
        const sim::ResultStats &w = r->consistencyWindow;
        const double p99 = w.p99;
        const bool met = !r->staleBudget || r->staleBudget->met;
        Insight in;
        in.kind = Insight::Kind::Budget;
        in.elementId = rm.id;
        in.term = Term::StaleBudget;
        const QString name = displayName(rm.name, rm.id);
        if (w.count <= 0) {
            in.severity = Insight::Severity::NotJudged;
            in.text = Text::tr("%1's staleness budget (p99 ≤ %2) cannot be judged: it applied nothing in the measured time.")
                          .arg(name, formatSeconds(rm.staleBudget->p99));
            in.simulated = Text::tr("no samples");
        } else {
            in.severity = met ? Insight::Severity::Info : Insight::Severity::Problem;
            in.text = met ? Text::tr("%1 meets its staleness budget: p99 %2 ≤ %3.")
                                .arg(name, formatSeconds(p99), formatSeconds(rm.staleBudget->p99))
                          : Text::tr("%1 misses its staleness budget: p99 %2 > %3.")
                                .arg(name, formatSeconds(p99), formatSeconds(rm.staleBudget->p99));
            in.simulated = Text::tr("p99 %1").arg(formatSeconds(p99));
        }
        insights.push_back(std::move(in));
    }

    // The query with the most stale reads.
    const Query *worst = nullptr;
    double worstRatio = 0;
    for (const Query &q : model.queries) {
        const sim::QueryFigures *figures = result.query(q.id);
        const double ratio = figures ? figures->staleRatio : 0.0;
        if (ratio > worstRatio) {
            worstRatio = ratio;
            worst = &q;
        }
    }
    if (worst) {
        const ReadModel *rm = model.readModel(worst->readModel);
        const sim::ResultStats &window = readModelFigures(result, rm ? std::string_view(rm->id) : std::string_view()).consistencyWindow;
        const bool applied = window.count > 0;
        const double windowMean = window.mean;
        Insight in;
        in.kind = Insight::Kind::StaleReads;
        in.elementId = worst->id;
        in.term = Term::StaleRead;
        in.severity = worstRatio >= 0.05 ? Insight::Severity::Warning : Insight::Severity::Info;
        const QString rmName = rm ? displayName(rm->name, rm->id) : QString::fromStdString(worst->readModel);
        const QString queryName = displayName(worst->name, worst->id);
        if (!applied) {
            in.text = Text::tr("%1 of %2 reads were stale: %3 applied nothing in the measured time, so every key "
                         "written since the run began reads old data.")
                          .arg(formatPercent(worstRatio), queryName, rmName);
        } else if (const Command *command = followUpCommand(model, worst->id)) {
            const double after = command->followUp->after.mean();
            const QString when = after > 0
                                     ? Text::tr("%1 after %2").arg(formatSeconds(after), displayName(command->name, command->id))
                                     : Text::tr("right after %1").arg(displayName(command->name, command->id));
            in.text = Text::tr("%1 of %2 reads were stale: they come %3, sooner than %4 applies the write (on average %5).")
                          .arg(formatPercent(worstRatio), queryName, when, rmName, formatSeconds(windowMean));
            if (worst->consistency.strategy == Strategy::OptimisticUi)
                in.text += Text::tr(" With optimistic UI the user sees the pending change meanwhile.");
            else if (worst->consistency.strategy == Strategy::WaitForVersion)
                in.text += Text::tr(" Those that waited past the timeout were served stale.");
        } else {
            in.text = Text::tr("%1 of %2 reads were stale: they read %3, which is on average %4 behind the write side.")
                          .arg(formatPercent(worstRatio), queryName, rmName, formatSeconds(windowMean));
        }
        in.simulated = Text::tr("%1 stale").arg(formatPercent(worstRatio));
        // Plain eventual reads with keys drawn like the writes': stale when an
        // event for that key is inside the predicted window.
        if (rm && applied && worst->consistency.strategy == Strategy::Eventual && !rm->subscribes.empty()
            && !followUpCommand(model, worst->id)) {
            const Event *first = model.event(rm->subscribes.front());
            const Aggregate *aggregate = first ? model.aggregate(first->aggregate) : nullptr;
            if (aggregate && aggregate->instances > 0) {
                double rate = 0;
                for (const std::string &eventId : rm->subscribes) {
                    for (std::size_t e = 0; e < model.events.size(); ++e) {
                        if (model.events[e].id == eventId && model.events[e].aggregate == aggregate->id
                            && e < flows.eventRate.size())
                            rate += flows.eventRate[e] * passed;
                    }
                }
                const WindowPrediction w
                    = predictWindow(model, *rm, findLoad(loads, LoadPrediction::Component::ReadModel, rm->id));
                const double p = staleReadProbability(rate, aggregate->instances, model.workload.keys, w.mean);
                in.predicted = Text::tr("%1 (1 − e^(−λ_key·W) over the keys, W = %2)").arg(formatPercent(p), formatSeconds(w.mean));
                if (!comparable)
                    in.agreementNote = notComparable;
                else if (rm->update.mode == UpdateMode::Batch && measured < 4 * rm->update.interval)
                    judgeFewBatches(in, worstRatio, p, kAgreementRatioSlack, measured / rm->update.interval);
                else
                    judgeAgreement(in, worstRatio, p, kAgreementRatioSlack);
            }
        }
        insights.push_back(std::move(in));
    }

    // Command latency against M/M/c.
    {
        const sim::ResultStats &latency = result.commandsTotal.latency;
        if (latency.count > 0 && writeLoad) {
            Insight in;
            in.kind = Insight::Kind::CommandLatency;
            in.term = Term::CommandLatency;
            const double mean = latency.mean;
            const double predicted = erlangCWait(writeLoad->arrivalRate, writeLoad->meanService, writeLoad->servers)
                                     + writeLoad->meanService;
            in.severity = std::isfinite(predicted) ? Insight::Severity::Info : Insight::Severity::Problem;
            in.text = Text::tr("Commands take %1 on average from arrival to commit or rejection (p99 %2) with %3.")
                          .arg(formatSeconds(mean), formatSeconds(latency.p99),
                               servers(writeLoad->servers, true));
            if (!std::isfinite(predicted))
                in.text += Text::tr(" The write side is saturated, so this grows the longer the run lasts.");
            in.simulated = Text::tr("%1 mean").arg(formatSeconds(mean));
            in.predicted = std::isfinite(predicted)
                               ? Text::tr("%1 (M/M/c: Erlang C wait + service, at the peak rate)").arg(formatSeconds(predicted))
                               : Text::tr("grows without limit (ρ ≥ 1)");
            if (!std::isfinite(predicted) && changes == ModelChanges::None) {
                // Both say "no steady state" when the run saturated the write side too.
                const bool saturated = result.writeSideUtilization >= kSaturated;
                in.agreement = saturated ? Insight::Agreement::Agrees : Insight::Agreement::Differs;
                in.agreementNote = saturated ? Text::tr("both saturated") : Text::tr("the run did not saturate");
            } else if (!comparable) {
                in.agreementNote = notComparable;
            } else {
                judgeAgreement(in, mean, predicted, kAgreementTimeSlack);
            }
            insights.push_back(std::move(in));
        }
    }
    if (stopped) {
        for (Insight &in : insights) {
            if (in.agreement == Insight::Agreement::Differs && in.kind != Insight::Kind::Unstable)
                in.agreementNote += Text::tr(" (short, stopped run)");
        }
    }
    return insights;
}

} // namespace cqrs
