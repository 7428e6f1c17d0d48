#include "chartcatalog.h"

#include <QCoreApplication>

namespace cqrs {

ChartInfo chartInfo(ChartsPanel::ChartId id)
{
    const QString time = ChartsPanel::tr("simulated time (s)");
    switch (id) {
    case ChartsPanel::Throughput:
        return {QStringLiteral("throughput"), ChartsPanel::tr("Throughput"), time, ChartsPanel::tr("per second"),
                ChartsPanel::tr("Commands accepted, rejected and in conflict, events published and queries issued, "
                                "per second of each sample interval."),
                {Term::Throughput}, true};
    case ChartsPanel::Applies:
        return {QStringLiteral("applies"), ChartsPanel::tr("Events applied per read model"), time,
                ChartsPanel::tr("per second"),
                ChartsPanel::tr("Events each read model applied per second. A batch read model applies in bursts."),
                {Term::Throughput}, false};
    case ChartsPanel::Window:
        return {QStringLiteral("window"), ChartsPanel::tr("Consistency window"), time, ChartsPanel::tr("window (s)"),
                ChartsPanel::tr("p50, p95 and p99 of the consistency window of the read model chosen above, per "
                                "sample interval; the dashed line is its budget, which the summary judges on the "
                                "p99 of the whole run: an interval's p99 may pass the line while the run's stays "
                                "under it (where points are merged, the line is their mean and the pale band "
                                "spans their lowest to their highest). "
                                "\"All read models\" compares their p99."),
                {Term::ConsistencyWindow, Term::Percentiles, Term::StaleBudget}, true};
    case ChartsPanel::Backlog:
        return {QStringLiteral("backlog"), ChartsPanel::tr("Backlog (events not yet applied)"), time,
                ChartsPanel::tr("backlog (events)"),
                ChartsPanel::tr("The mean number of events each read model still had to apply, per sample interval."),
                {Term::Backlog}, false};
    case ChartsPanel::Lag:
        return {QStringLiteral("lag"), ChartsPanel::tr("Lag (age of the oldest unapplied event)"), time,
                ChartsPanel::tr("lag (s)"),
                ChartsPanel::tr("The highest lag of each read model in each sample interval."), {Term::Lag}, true};
    case ChartsPanel::Staleness:
        return {QStringLiteral("stale"), ChartsPanel::tr("Stale reads"), time, ChartsPanel::tr("stale (%)"),
                ChartsPanel::tr("The share of each query's reads that were stale, per sample interval."),
                {Term::StaleRead}, true};
    case ChartsPanel::Latency:
        return {QStringLiteral("latency"), ChartsPanel::tr("Command latency"), time, ChartsPanel::tr("latency (s)"),
                ChartsPanel::tr("p50 and p99 of the command latency, per sample interval."),
                {Term::CommandLatency, Term::Percentiles}, false};
    case ChartsPanel::Histogram:
        return {QStringLiteral("histogram"), ChartsPanel::tr("Consistency window histogram"),
                ChartsPanel::tr("consistency window (s)"), ChartsPanel::tr("events (%)"),
                ChartsPanel::tr("At the end of the run: how the consistency windows of the read model chosen above "
                                "were spread (share of events per bin)."),
                {Term::ConsistencyWindow}, false};
    case ChartsPanel::Cdf:
        return {QStringLiteral("cdf"), ChartsPanel::tr("Consistency window CDF"),
                ChartsPanel::tr("consistency window (s, log scale)"), ChartsPanel::tr("events ≤ x (%)"),
                ChartsPanel::tr("At the end of the run: the share of events whose consistency window was at most x, "
                                "per read model."),
                {Term::ConsistencyWindow, Term::Percentiles}, false};
    case ChartsPanel::ChartCount:
        break;
    }
    return {};
}

QString chartToolTip(ChartsPanel::ChartId id)
{
    const ChartInfo info = chartInfo(id);
    QString text = QStringLiteral("<p>%1</p>").arg(info.about.toHtmlEscaped());
    for (Term term : info.terms)
        text += QStringLiteral("<p>%1</p>").arg(termTooltip(term));
    return text;
}

} // namespace cqrs
