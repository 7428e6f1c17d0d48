#include "chartspanel.h"

#include "export.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QMessageBox>
#include <QTabWidget>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace cqrs {

namespace {

// One chart per tick: each of the eight visible charts redraws about three times a second.
constexpr int kRefreshMilliseconds = 40;
constexpr std::size_t kMaxCsvRows = 20000;

QFont titleFont()
{
    QFont font;
    font.setPointSizeF(13);
    font.setBold(true);
    return font;
}

QFont labelFont()
{
    QFont font;
    font.setPointSizeF(10);
    return font;
}

/// The smallest of 1, 2, 3, 5, 7.5 x 10^n that is >= v.
double niceCeiling(double v)
{
    if (!(v > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 3.0, 5.0, 7.5, 10.0}) {
        if (m * magnitude >= v * (1 - 1e-12))
            return m * magnitude;
    }
    return 10 * magnitude;
}

// Round tick steps (1, 2, 5 x 10^n) about four to a range: labels a room can read.
void setNiceRange(QValueAxis *axis, double top)
{
    if (!(top > 0))
        top = 1;
    const double rough = top / 4;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= rough)
            break;
    }
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, top);
}

} // namespace

QColor seriesColor(int index)
{
    // Tableau-like palette: distinct on a projector, and not the EventStorming
    // node colours, so a series is not mistaken for an element kind.
    static const QColor colors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                                    QColor(0x2c, 0xa0, 0x2c), QColor(0xff, 0x7f, 0x0e),
                                    QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                    QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
                                    QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22)};
    return colors[index % int(std::size(colors))];
}

void DecimatedSeries::append(double x, double y)
{
    m_points.append(QPointF(x, y));
    if (m_points.size() <= kMaxPoints)
        return;
    QList<QPointF> merged;
    merged.reserve(m_points.size() / 2 + 1);
    qsizetype i = 0;
    for (; i + 1 < m_points.size(); i += 2) {
        const QPointF &a = m_points[i];
        const QPointF &b = m_points[i + 1];
        const double y2 = m_merge == Merge::Max ? std::max(a.y(), b.y()) : (a.y() + b.y()) / 2;
        merged.append(QPointF(b.x(), y2));
    }
    if (i < m_points.size())
        merged.append(m_points[i]);
    m_points = std::move(merged);
}

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *header = new QHBoxLayout;
    auto *focusLabel = new QLabel(tr("Consistency window of:"), this);
    m_focus = new QComboBox(this);
    m_focus->setObjectName(QStringLiteral("readModelFocus"));
    m_focus->setMinimumContentsLength(18);
    focusLabel->setBuddy(m_focus);
    m_distributionNote = new QLabel(this);
    header->addWidget(focusLabel);
    header->addWidget(m_focus);
    header->addSpacing(16);
    header->addWidget(m_distributionNote, 1);
    layout->addLayout(header);

    auto *grid = new QGridLayout;
    grid->setSpacing(4);
    layout->addLayout(grid, 1);
    // The end-of-run distributions share one cell, as tabs.
    auto *distributions = new QTabWidget(this);
    distributions->setObjectName(QStringLiteral("distributionTabs"));
    distributions->setDocumentMode(true);
    const struct
    {
        ChartId id;
        QString title;
        QString y;
    } charts[] = {
        {Throughput, tr("Throughput (per second)"), tr("1/s")},
        {Applies, tr("Applies per read model (per second)"), tr("1/s")},
        {Window, tr("Consistency window (s)"), tr("s")},
        {Backlog, tr("Backlog (events not yet applied)"), tr("events")},
        {Lag, tr("Lag: age of oldest unapplied event (s)"), tr("s")},
        {Staleness, tr("Stale reads (% of reads)"), tr("%")},
        {Latency, tr("Command latency (s)"), tr("s")},
        {Histogram, tr("Window histogram (end of run)"), tr("%")},
        {Cdf, tr("Window CDF (end of run)"), tr("% ≤ x")},
    };
    // Row 1: what the story is about; row 2: why.
    const int cells[ChartCount][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {1, 3}};
    for (const auto &c : charts) {
        m_views[c.id] = makeChart(c.id, c.title, c.y);
        if (c.id == Histogram || c.id == Cdf) {
            distributions->addTab(m_views[c.id], c.id == Histogram ? tr("Histogram") : tr("CDF"));
            continue;
        }
        grid->addWidget(m_views[c.id], cells[c.id][0], cells[c.id][1]);
    }
    grid->addWidget(distributions, 1, 3);
    for (int column = 0; column < 4; ++column)
        grid->setColumnStretch(column, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);

    connect(m_focus, &QComboBox::currentIndexChanged, this, [this] { applyFocus(); });
    m_refreshTimer.setInterval(kRefreshMilliseconds);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ChartsPanel::refreshNext);
}

ChartsPanel::~ChartsPanel() = default;

void ChartsPanel::placeLegends()
{
    // Long legends go to the right, where names are not cut to "GetOwnP...",
    // but only where the chart is wide enough to keep a readable plot.
    for (int id = 0; id < ChartCount; ++id) {
        const bool right = m_longLegend[id] && m_views[id]->width() >= 440;
        chart(ChartId(id))->legend()->setAlignment(right ? Qt::AlignRight : Qt::AlignBottom);
    }
}

void ChartsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // The views get their new sizes from the layout right after this.
    QTimer::singleShot(0, this, &ChartsPanel::placeLegends);
}

QChart *ChartsPanel::chart(ChartId id) const
{
    return m_views[id]->chart();
}

QChartView *ChartsPanel::makeChart(ChartId id, const QString &title, const QString &yTitle)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setTitleFont(titleFont());
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(labelFont());
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);

    QAbstractAxis *x;
    if (id == Cdf) {
        auto *log = new QLogValueAxis;
        log->setBase(10);
        log->setLabelFormat(QStringLiteral("%g"));
        log->setRange(0.001, 10);
        x = log;
    } else {
        auto *axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setRange(0, 1);
        axis->setTickCount(5);
        m_xAxes[id] = axis;
        x = axis;
    }
    x->setTitleText(id == Histogram || id == Cdf ? tr("consistency window (s)") : tr("simulated time (s)"));
    x->setTitleVisible(id == Histogram || id == Cdf);
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%g"));
    y->setRange(0, 1);
    y->setTickCount(5);
    y->setTitleText(yTitle);
    for (QAbstractAxis *axis : {x, static_cast<QAbstractAxis *>(y)}) {
        axis->setLabelsFont(labelFont());
        axis->setTitleFont(labelFont());
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    m_yAxes[id] = y;

    auto *view = new QChartView(chart, this);
    view->setObjectName(QStringLiteral("chart%1").arg(int(id)));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(260, 200);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this, id, view](const QPoint &pos) {
        QMenu menu;
        menu.addAction(tr("Save Chart as PNG or SVG…"), this, [this, id] { exportChart(id); });
        menu.exec(view->mapToGlobal(pos));
    });
    return view;
}

ChartsPanel::Line &ChartsPanel::addLine(ChartId id, const QString &name, const QColor &color,
                                        DecimatedSeries::Merge merge, Qt::PenStyle style,
                                        const QString &readModel)
{
    auto *series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(style == Qt::SolidLine ? 2.2 : 1.8);
    pen.setStyle(style);
    series->setPen(pen);
    QChart *c = chart(id);
    c->addSeries(series);
    for (QAbstractAxis *axis : c->axes())
        series->attachAxis(axis);
    Line line;
    line.label = name;
    line.series = series;
    line.data = DecimatedSeries(merge);
    line.chart = id;
    line.readModel = readModel;
    m_lines.push_back(std::move(line));
    return m_lines.back();
}

void ChartsPanel::addBudgetLine(const QString &readModel, const QString &name, double budget,
                                const QColor &color)
{
    Line &line = addLine(Window, name, color, DecimatedSeries::Merge::Max, Qt::DashLine, readModel);
    QPen pen = line.series->pen();
    pen.setWidthF(2.5);
    line.series->setPen(pen);
    line.budget = true;
    line.data.append(0, budget);
    line.data.append(m_duration, budget);
    line.dirty = true;
}

void ChartsPanel::clear()
{
    m_refreshTimer.stop();
    for (int id = 0; id < ChartCount; ++id)
        chart(ChartId(id))->removeAllSeries();
    m_lines.clear();
    m_readModels.clear();
    m_csvColumns.clear();
    m_csvRows.clear();
    m_csvStride = 1;
    m_csvSkipped = 0;
    m_rmApplied.clear();
    m_rmP50.clear();
    m_rmP95.clear();
    m_rmP99.clear();
    m_rmBacklog.clear();
    m_rmLag.clear();
    m_queryStale.clear();
    m_accepted = m_rejected = m_conflicted = m_published = m_queries = -1;
    m_latencyP50 = m_latencyP99 = -1;
    m_distributionNote->clear();
    const QSignalBlocker blocker(m_focus);
    m_focus->clear();
}

void ChartsPanel::beginRun(const Model &model, double duration)
{
    clear();
    m_duration = duration;
    m_lastTime = 0;
    using Merge = DecimatedSeries::Merge;
    auto index = [this] { return int(m_lines.size()) - 1; };
    addLine(Throughput, tr("accepted"), QColor(0x1f, 0x77, 0xb4));
    m_accepted = index();
    addLine(Throughput, tr("rejected"), QColor(0xd6, 0x27, 0x28));
    m_rejected = index();
    addLine(Throughput, tr("conflicts"), QColor(0xff, 0x7f, 0x0e), Merge::Mean, Qt::DashLine);
    m_conflicted = index();
    addLine(Throughput, tr("events"), QColor(0x2c, 0xa0, 0x2c));
    m_published = index();
    addLine(Throughput, tr("queries"), QColor(0x17, 0xbe, 0xcf));
    m_queries = index();
    m_csvColumns = {QStringLiteral("t"), QStringLiteral("commandsAccepted"), QStringLiteral("commandsRejected"),
                    QStringLiteral("conflicts"), QStringLiteral("eventsPublished"), QStringLiteral("queries"),
                    QStringLiteral("commandLatencyP50"), QStringLiteral("commandLatencyP99")};

    int colorIndex = 0;
    for (const ReadModel &rm : model.readModels) {
        const QString id = QString::fromStdString(rm.id);
        const QString name = QString::fromStdString(rm.name.empty() ? rm.id : rm.name);
        const QColor color = seriesColor(colorIndex++);
        m_readModels.append(id);
        addLine(Applies, name, color);
        m_rmApplied.push_back(index());
        // Within one read model, the percentiles go from light to dark.
        addLine(Window, tr("p50"), QColor(0x90, 0xca, 0xf9), Merge::Mean, Qt::SolidLine, id);
        m_rmP50.push_back(index());
        addLine(Window, tr("p95"), QColor(0x1e, 0x88, 0xe5), Merge::Mean, Qt::SolidLine, id);
        m_rmP95.push_back(index());
        addLine(Window, tr("p99"), color, Merge::Max, Qt::SolidLine, id);
        m_lines.back().series->setPen(QPen(QColor(0x0d, 0x47, 0xa1), 2.6));
        m_lines.back().readModelName = name;
        m_rmP99.push_back(index());
        if (rm.staleBudget)
            addBudgetLine(id, tr("budget p99 ≤ %1 s").arg(rm.staleBudget->p99), rm.staleBudget->p99,
                          QColor(0xc6, 0x28, 0x28));
        addLine(Backlog, name, color);
        m_rmBacklog.push_back(index());
        addLine(Lag, name, color, Merge::Max);
        m_rmLag.push_back(index());
        for (const char *column : {"applied", "backlog", "lag", "windowP50", "windowP95", "windowP99"})
            m_csvColumns.append(id + QLatin1Char('.') + QLatin1String(column));
    }
    for (const Query &q : model.queries) {
        const QString id = QString::fromStdString(q.id);
        addLine(Staleness, QString::fromStdString(q.name.empty() ? q.id : q.name), seriesColor(colorIndex++));
        m_queryStale.push_back(index());
        m_csvColumns.append(id + QStringLiteral(".issued"));
        m_csvColumns.append(id + QStringLiteral(".staleRatio"));
    }
    addLine(Latency, tr("p50"), QColor(0x1f, 0x77, 0xb4));
    m_latencyP50 = index();
    addLine(Latency, tr("p99"), QColor(0xd6, 0x27, 0x28), Merge::Max);
    m_latencyP99 = index();

    for (int id = 0; id < ChartCount; ++id) {
        qsizetype text = 0;
        for (QAbstractSeries *series : chart(ChartId(id))->series())
            text += series->name().size() + 4;
        m_longLegend[id] = text > 40;
    }
    placeLegends();
    for (int id = 0; id < ChartCount; ++id) {
        if (m_xAxes[id] && id != Histogram)
            m_xAxes[id]->setRange(0, duration > 0 ? duration : 1);
        m_yAxes[id]->setRange(0, 1);
    }
    {
        const QSignalBlocker blocker(m_focus);
        m_focus->addItem(tr("All read models (p99)"), QString());
        for (const ReadModel &rm : model.readModels)
            m_focus->addItem(QString::fromStdString(rm.name.empty() ? rm.id : rm.name), QString::fromStdString(rm.id));
        // Start on the first read model with a budget: that is the story to tell.
        int start = model.readModels.empty() ? 0 : 1;
        for (std::size_t i = 0; i < model.readModels.size(); ++i) {
            if (model.readModels[i].staleBudget) {
                start = int(i) + 1;
                break;
            }
        }
        m_focus->setCurrentIndex(start);
    }
    m_distributionNote->setText(tr("Histogram and CDF appear when the run ends."));
    applyFocus();
    refresh();
    m_refreshTimer.start();
}

void ChartsPanel::addSamples(const SnapshotBatch &batch)
{
    if (!batch || m_accepted < 0)
        return;
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
    auto add = [this](int line, double x, double y) {
        m_lines[line].data.append(x, y);
        m_lines[line].dirty = true;
    };
    for (const sim::Snapshot &s : *batch) {
        const double t = s.time;
        m_lastTime = t;
        double queries = 0;
        for (const sim::QuerySnapshot &q : s.queries)
            queries += q.issuedPerSecond;
        add(m_accepted, t, s.commandsAcceptedPerSecond);
        add(m_rejected, t, s.commandsRejectedPerSecond);
        add(m_conflicted, t, s.commandsConflictedPerSecond);
        add(m_published, t, s.eventsPublishedPerSecond);
        add(m_queries, t, queries);
        // Intervals in which nothing finished have no latency: leave a gap-free line.
        if (s.commandsAcceptedPerSecond + s.commandsRejectedPerSecond > 0) {
            add(m_latencyP50, t, s.commandLatencyP50);
            add(m_latencyP99, t, s.commandLatencyP99);
        }
        std::vector<double> row = {t,
                                   s.commandsAcceptedPerSecond,
                                   s.commandsRejectedPerSecond,
                                   s.commandsConflictedPerSecond,
                                   s.eventsPublishedPerSecond,
                                   queries,
                                   s.commandLatencyP50,
                                   s.commandLatencyP99};
        const std::size_t rms = std::min(s.readModels.size(), m_rmApplied.size());
        for (std::size_t i = 0; i < rms; ++i) {
            const sim::ConsumerGroupSnapshot &g = s.readModels[i];
            add(m_rmApplied[i], t, g.appliedPerSecond);
            if (g.appliedPerSecond > 0) {
                add(m_rmP50[i], t, g.windowP50);
                add(m_rmP95[i], t, g.windowP95);
                add(m_rmP99[i], t, g.windowP99);
            }
            add(m_rmBacklog[i], t, g.backlogMean);
            add(m_rmLag[i], t, g.lagMax);
            row.insert(row.end(), {g.appliedPerSecond, g.backlogMean, g.lagMax, g.windowP50, g.windowP95, g.windowP99});
        }
        const std::size_t qs = std::min(s.queries.size(), m_queryStale.size());
        for (std::size_t i = 0; i < qs; ++i) {
            const sim::QuerySnapshot &q = s.queries[i];
            if (q.issuedPerSecond > 0)
                add(m_queryStale[i], t, 100.0 * q.staleRatio);
            row.insert(row.end(), {q.issuedPerSecond, q.staleRatio});
        }
        // Long runs keep every m_csvStride-th row, so the table stays bounded too.
        if (m_csvSkipped++ % m_csvStride == 0) {
            m_csvRows.push_back(std::move(row));
            if (m_csvRows.size() >= kMaxCsvRows) {
                std::vector<std::vector<double>> thinned;
                for (std::size_t i = 0; i < m_csvRows.size(); i += 2)
                    thinned.push_back(std::move(m_csvRows[i]));
                m_csvRows = std::move(thinned);
                m_csvStride *= 2;
                m_csvSkipped = 1;
            }
        }
    }
}

void ChartsPanel::refresh()
{
    for (int id = 0; id < ChartCount; ++id)
        refreshChart(ChartId(id));
}

void ChartsPanel::refreshNext()
{
    // One chart per tick, in turn: the repaint cost is spread over the
    // ticks instead of stalling the event loop once for all charts.
    for (int i = 0; i < ChartCount; ++i) {
        m_nextChart = (m_nextChart + 1) % ChartCount;
        if (refreshChart(ChartId(m_nextChart)))
            return;
    }
    // Nothing left to draw: sleep until the next samples.
    m_refreshTimer.stop();
}

bool ChartsPanel::refreshChart(ChartId id)
{
    bool changed = false;
    for (Line &line : m_lines) {
        if (!line.dirty || line.chart != id)
            continue;
        line.series->replace(line.data.points());
        line.dirty = false;
        changed = true;
    }
    if (changed)
        fitAxes(id);
    fitTimeAxis(id);
    return changed;
}

void ChartsPanel::fitTimeAxis(ChartId id)
{
    if (id == Histogram || id == Cdf || !m_xAxes[id])
        return;
    // The time axis grows with the run in round steps (the run bar shows
    // progress to the duration), so early seconds are not squeezed into a
    // corner and the axis relayouts rarely.
    const double end = std::min(m_duration, niceCeiling(std::max(m_lastTime, m_duration / 50)));
    if (m_xAxes[id]->max() != end && end > 0)
        setNiceRange(m_xAxes[id], end);
}

void ChartsPanel::fitAxes(ChartId id)
{
    double maxY = 0;
    double maxX = 0;
    for (const Line &line : m_lines) {
        if (line.chart != id || !line.series->isVisible())
            continue;
        for (const QPointF &p : line.data.points()) {
            maxY = std::max(maxY, p.y());
            maxX = std::max(maxX, p.x());
        }
    }
    auto *y = static_cast<QValueAxis *>(m_yAxes[id]);
    // Round ceilings: the axis changes (and relayouts) only when the data
    // outgrows it or falls well below it.
    double top = niceCeiling(maxY > 0 ? maxY * 1.1 : 1.0);
    if (id == Staleness || id == Cdf)
        top = id == Cdf ? 100 : std::min(100.0, top);
    if (y->max() != top)
        setNiceRange(y, top);
    if (id == Histogram && m_xAxes[id])
        setNiceRange(m_xAxes[id], maxX > 0 ? maxX : 1.0);
}

void ChartsPanel::applyFocus()
{
    const QString focus = m_focus->currentData().toString();
    for (Line &line : m_lines) {
        if (line.readModel.isEmpty())
            continue;
        bool visible = focus.isEmpty() ? false : line.readModel == focus;
        if (focus.isEmpty() && line.chart == Window) {
            // "All read models": p99 lines and budgets only.
            const auto self = &line - m_lines.data();
            visible = std::find(m_rmP99.begin(), m_rmP99.end(), self) != m_rmP99.end()
                      || line.budget;
        }
        if (line.chart == Histogram)
            visible = focus.isEmpty() ? false : line.readModel == focus;
        if (line.chart == Cdf)
            visible = true;
        if (line.chart == Window) {
            // All read models: one colour each, named by read model.
            const int rmIndex = int(m_readModels.indexOf(line.readModel));
            if (rmIndex >= 0 && rmIndex < int(m_rmP99.size()) && &line - m_lines.data() == m_rmP99[std::size_t(rmIndex)]) {
                line.series->setName(focus.isEmpty() ? line.readModelName : line.label);
                line.series->setPen(QPen(focus.isEmpty() ? seriesColor(rmIndex) : QColor(0x0d, 0x47, 0xa1),
                                         focus.isEmpty() ? 2.2 : 2.6));
            } else if (line.budget) {
                line.series->setName(focus.isEmpty() ? tr("%1 budget").arg(m_focus->itemText(rmIndex + 1)) : line.label);
                QPen pen = line.series->pen();
                pen.setColor(focus.isEmpty() ? seriesColor(rmIndex) : QColor(0xc6, 0x28, 0x28));
                line.series->setPen(pen);
            }
        }
        line.series->setVisible(visible);
        const QList<QLegendMarker *> markers = chart(line.chart)->legend()->markers(line.series);
        for (QLegendMarker *marker : markers)
            marker->setVisible(visible);
    }
    fitAxes(Window);
    fitAxes(Histogram);
}

void ChartsPanel::setFocusReadModel(const QString &id)
{
    const int index = m_focus->findData(id);
    if (index >= 0)
        m_focus->setCurrentIndex(index);
}

void ChartsPanel::showResult(const RunResult &result)
{
    // Remove an earlier distribution (a stopped run that is shown again).
    for (auto it = m_lines.begin(); it != m_lines.end();) {
        if (it->chart == Histogram || it->chart == Cdf) {
            chart(it->chart)->removeSeries(it->series);
            delete it->series;
            it = m_lines.erase(it);
        } else {
            ++it;
        }
    }
    double cdfMin = 1e300, cdfMax = 0;
    int colorIndex = 0;
    for (const QString &id : std::as_const(m_readModels)) {
        const QColor color = seriesColor(colorIndex++);
        const auto found = result.windowHistograms.find(id.toStdString());
        if (found == result.windowHistograms.end() || found->second.empty())
            continue;
        const auto &buckets = found->second;
        std::uint64_t total = 0;
        for (const auto &[value, count] : buckets)
            total += count;
        if (total == 0)
            continue;
        QString name = id;
        for (int i = 1; i < m_focus->count(); ++i) {
            if (m_focus->itemData(i).toString() == id)
                name = m_focus->itemText(i);
        }
        // CDF on a log axis: each bucket's upper end against the share at or below it.
        Line &cdf = addLine(Cdf, name, color, DecimatedSeries::Merge::Max, Qt::SolidLine, id);
        std::uint64_t seen = 0;
        for (const auto &[value, count] : buckets) {
            seen += count;
            const double x = std::max(value, 1e-4);
            cdf.data.append(x, 100.0 * double(seen) / double(total));
            cdfMin = std::min(cdfMin, x);
            cdfMax = std::max(cdfMax, x);
        }
        cdf.dirty = true;
        // Histogram: 40 equal bins up to the 99.9th percentile, drawn as steps.
        double top = buckets.back().first;
        std::uint64_t cumulative = 0;
        for (const auto &[value, count] : buckets) {
            cumulative += count;
            if (double(cumulative) >= 0.999 * double(total)) {
                top = value;
                break;
            }
        }
        if (!(top > 0))
            top = std::max(buckets.back().first, 1e-3);
        constexpr int kBins = 40;
        std::vector<double> bins(kBins, 0.0);
        for (const auto &[value, count] : buckets) {
            const int bin = std::clamp(int(value / top * kBins), 0, kBins - 1);
            bins[bin] += double(count);
        }
        Line &hist = addLine(Histogram, name, color, DecimatedSeries::Merge::Max, Qt::SolidLine, id);
        const double width = top / kBins;
        hist.data.append(0, 0);
        for (int b = 0; b < kBins; ++b) {
            const double share = 100.0 * bins[b] / double(total);
            hist.data.append(b * width, share);
            hist.data.append((b + 1) * width, share);
        }
        hist.data.append(top, 0);
        hist.dirty = true;
    }
    if (cdfMax > 0) {
        auto *x = static_cast<QLogValueAxis *>(chart(Cdf)->axes(Qt::Horizontal).value(0));
        x->setRange(std::pow(10.0, std::floor(std::log10(cdfMin))), std::pow(10.0, std::ceil(std::log10(cdfMax * 1.01))));
    }
    m_distributionNote->setText(result.complete ? QString() : tr("The run was stopped at %1 s: distributions cover the part simulated.").arg(result.time));
    applyFocus();
    // The last points and the distributions go out with the staggered timer.
    m_refreshTimer.start();
}

int ChartsPanel::pointCount(ChartId id) const
{
    int count = 0;
    for (const Line &line : m_lines) {
        if (line.chart == id)
            count += int(line.series->count());
    }
    return count;
}

QString ChartsPanel::seriesCsv() const
{
    QString csv = m_csvColumns.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const std::vector<double> &row : m_csvRows) {
        QStringList cells;
        cells.reserve(qsizetype(row.size()));
        for (double v : row)
            cells.append(QString::number(v, 'g', 10));
        csv += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

void ChartsPanel::exportChart(ChartId id)
{
    const QString title = chart(id)->title();
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Chart"), title + QStringLiteral(".png"),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg)"), &selected);
    if (path.isEmpty())
        return;
    QString error;
    if (!saveWidgetPicture(m_views[id], path, &error))
        QMessageBox::warning(this, tr("Save Chart"), error);
}

} // namespace cqrs
