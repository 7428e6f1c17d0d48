#pragma once

#include "simulationworker.h"

#include <cqrs/model/model.h>

#include <QList>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QWidget>

#include <vector>

class QAbstractAxis;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QValueAxis;
class QXYSeries;

namespace cqrs {

/// Points of one live series, kept cheap however long the run: when the
/// buffer passes kMaxPoints, neighbouring points merge pairwise (mean for
/// rates, max for maxima), so resolution halves and memory stays bounded.
class DecimatedSeries
{
public:
    enum class Merge { Mean, Max };
    static constexpr int kMaxPoints = 1200;

    explicit DecimatedSeries(Merge merge = Merge::Mean) : m_merge(merge) {}
    void append(double x, double y);
    void clear() { m_points.clear(); }
    const QList<QPointF> &points() const { return m_points; }

private:
    QList<QPointF> m_points;
    Merge m_merge;
};

/// The live charts of a run (Qt Charts): throughput, consistency windows with
/// their budgets, backlog, lag, stale-read ratio, command latency, and at the
/// end the distribution (histogram and CDF) of consistency windows. Points
/// are buffered as snapshots arrive and pushed to the charts in batches with
/// QXYSeries::replace() a few times a second (STYLE lesson 12).
class ChartsPanel final : public QWidget
{
    Q_OBJECT

public:
    enum ChartId { Throughput, Applies, Window, Backlog, Lag, Staleness, Latency, Histogram, Cdf, ChartCount };

    explicit ChartsPanel(QWidget *parent = nullptr);
    ~ChartsPanel() override;

    /// Clears everything and creates the series of this model's read models and queries.
    void beginRun(const Model &model, double duration);
    void addSamples(const SnapshotBatch &batch);
    /// Fills the distribution charts from the run's histograms.
    void showResult(const RunResult &result);
    void clear();

    QChartView *chartView(ChartId id) const { return m_views[id]; }
    QChart *chart(ChartId id) const;
    /// Pushes buffered points to the charts now (the timer does it 4 times a second).
    void refresh();
    /// Points currently shown by a chart (all series), for tests.
    int pointCount(ChartId id) const;
    /// The kept series as CSV: one row per sample, `t` first.
    QString seriesCsv() const;
    /// The read model the consistency and histogram charts focus on ("" = all).
    void setFocusReadModel(const QString &id);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void placeLegends();

    struct Line
    {
        QXYSeries *series = nullptr;
        DecimatedSeries data;
        ChartId chart = Throughput;
        QString readModel; ///< for filtering by the focus selector
        QString readModelName;
        QString label;     ///< the legend text when one read model is in focus
        bool dirty = false;
        bool budget = false; ///< a staleBudget line
    };

    QChartView *makeChart(ChartId id, const QString &title, const QString &yTitle);
    Line &addLine(ChartId id, const QString &name, const QColor &color,
                  DecimatedSeries::Merge merge = DecimatedSeries::Merge::Mean,
                  Qt::PenStyle style = Qt::SolidLine, const QString &readModel = {});
    void addBudgetLine(const QString &readModel, const QString &name, double budget, const QColor &color);
    void applyFocus();
    void fitAxes(ChartId id);
    void fitTimeAxis(ChartId id);
    bool refreshChart(ChartId id);
    void refreshNext();
    void exportChart(ChartId id);

    QChartView *m_views[ChartCount] = {};
    QValueAxis *m_xAxes[ChartCount] = {};
    QAbstractAxis *m_yAxes[ChartCount] = {};
    QComboBox *m_focus;
    QLabel *m_distributionNote;
    std::vector<Line> m_lines;
    QTimer m_refreshTimer;
    double m_duration = 0;
    double m_lastTime = 0;
    int m_nextChart = 0;
    bool m_longLegend[ChartCount] = {};
    QStringList m_readModels;
    // CSV table: one row per snapshot (thinned to every other row when long).
    QStringList m_csvColumns;
    std::vector<std::vector<double>> m_csvRows;
    int m_csvStride = 1;
    int m_csvSkipped = 0;
    // Indexes into m_lines by role, filled in beginRun().
    int m_accepted = -1, m_rejected = -1, m_conflicted = -1, m_published = -1, m_queries = -1;
    int m_latencyP50 = -1, m_latencyP99 = -1;
    std::vector<int> m_rmApplied, m_rmP50, m_rmP95, m_rmP99, m_rmBacklog, m_rmLag, m_queryStale;
};

/// A readable colour for the i-th series (projector-friendly, distinct).
QColor seriesColor(int index);

} // namespace cqrs
