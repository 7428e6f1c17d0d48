#pragma once

#include "cqrs/ui/sweep/sweepdata.h"

#include <QPointer>
#include <QWidget>
#include <vector>

class QAreaSeries;
class QChart;
class QChartView;
class QCategoryAxis;
class QComboBox;
class QLabel;
class QLineSeries;
class QProgressBar;
class QPushButton;
class QScatterSeries;
class QTableWidget;
class QTimer;

namespace cqrs {

class SweepHeatMap;
class SweepRunner;

/// A sweep's trade-off charts, in a window of its own: per plotted figure,
/// its mean across replications against the parameter with the band from
/// the lowest to the highest replication, the budget line and the knee of
/// the curve; with a second parameter, a heat map instead. A table lists the
/// points. While the sweep runs: a progress bar, the time remaining and
/// Cancel. Clicking a point (or a cell) opens its recorded run.
class SweepView final : public QWidget
{
    Q_OBJECT

public:
    /// Follows a running sweep (the view does not own the runner).
    explicit SweepView(SweepRunner *runner, QWidget *parent = nullptr);
    /// A finished sweep, e.g. reopened from the history.
    explicit SweepView(SweepData data, QWidget *parent = nullptr);

    const SweepData &data() const { return m_data; }
    /// "Sweep of readModels.x.consumers: 1 to 8 (8 values), 3 replications".
    QString heading() const;

    // The charts of the shown figures (1-D sweeps), in order.
    int chartCount() const { return int(m_views.size()); }
    QChartView *chartView(int i) const { return m_views.at(std::size_t(i)); }
    QLineSeries *meanSeries(int i) const;
    QScatterSeries *pointSeries(int i) const;
    QAreaSeries *bandSeries(int i) const;    ///< nullptr with one replication
    QLineSeries *budgetSeries(int i) const;  ///< nullptr without a budget
    QScatterSeries *kneeSeries(int i) const; ///< nullptr without a knee
    /// The points with fewer replications than planned (hollow); nullptr when none.
    QScatterSeries *partialSeries(int i) const;
    /// The heat map (2-D sweeps), its figure chooser.
    SweepHeatMap *heatMap() const { return m_heatMap; }
    QComboBox *heatMetricCombo() const { return m_heatMetric; }
    QTableWidget *pointsTable() const { return m_table; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *remainingLabel() const { return m_remaining; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *reportButton() const { return m_report; }
    QPushButton *pictureButton() const { return m_picture; }

    /// Redraws everything from data() now (it is otherwise batched).
    void refresh();
    /// Where a value of the swept parameter is drawn: log10 of it on a log
    /// sweep (whose axis is labelled with the swept values), else the value.
    double plotX(double value) const;
    /// Opens the run of the cell drawn nearest to x (a plotX()) on chart i:
    /// what a click does.
    void openPointNear(int chart, double x);
    /// The charts (or the heat map) as one picture.
    QImage picture() const;
    /// The sweep as one self-contained HTML page: facts, pictures, points table.
    QString reportHtml() const;
    /// The name its exports offer: "User profile sweep 2" (model, sweep number).
    QString exportBaseName() const;

signals:
    void openRunRequested(qint64 id);

protected:
    /// Closing the window of a sweep still running cancels it: the runs
    /// that finished stay recorded (Open Sweep in the Run History shows them).
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void build();
    void rebuildCharts();
    void rebuildHeatMap();
    void fillHeatMap(SweepHeatMap *map, int metric) const;
    /// Until the user picks one, colours the map by the first figure that
    /// differs between the cells; marks the ones that do not.
    void chooseHeatMetric();
    /// Whether the cells with a result so far differ in figure `metric`.
    bool heatMetricVaries(int metric) const;
    void fillTable();
    void updateProgress();
    void exportReport();
    void savePicture();
    QChart *makeChart(int metric);
    /// A log sweep's axis labels: the swept values, as many as a view of
    /// this width holds (0: not laid out yet).
    void labelSweptValues(QCategoryAxis *axis, int viewWidth) const;
    void scheduleRefresh();

    struct ChartSeries
    {
        QLineSeries *mean = nullptr;
        QScatterSeries *points = nullptr;
        QAreaSeries *band = nullptr;
        QLineSeries *budget = nullptr;
        QScatterSeries *knee = nullptr;
        QScatterSeries *partial = nullptr;
    };

    QPointer<SweepRunner> m_runner;
    SweepData m_data;
    QLabel *m_heading = nullptr;
    QWidget *m_progressRow = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_remaining = nullptr;
    QPushButton *m_cancel = nullptr;
    QWidget *m_chartsArea = nullptr;
    std::vector<QChartView *> m_views;
    std::vector<ChartSeries> m_series;
    std::vector<int> m_chartMetrics; ///< the metric index of each chart
    SweepHeatMap *m_heatMap = nullptr;
    QComboBox *m_heatMetric = nullptr;
    bool m_heatMetricChosen = false; ///< by the user: no longer chosen for them
    QTableWidget *m_table = nullptr;
    QPushButton *m_report = nullptr;
    QPushButton *m_picture = nullptr;
    QTimer *m_refreshTimer = nullptr;
};

} // namespace cqrs
