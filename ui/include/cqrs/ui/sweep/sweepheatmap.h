#pragma once

#include <QString>
#include <QWidget>
#include <optional>
#include <vector>

namespace cqrs {

/// A heat map of a two-parameter sweep: columns are the first parameter's
/// values, rows the second's (lowest at the bottom), each cell coloured by a
/// metric's mean across replications, with its value written in the cell
/// when there is room and in the tool tip on hover, and a colour scale
/// beside it. With a budget, the cells that miss it are outlined and the
/// scale marks it. Clicking a cell asks to open its run.
class SweepHeatMap final : public QWidget
{
    Q_OBJECT

public:
    explicit SweepHeatMap(QWidget *parent = nullptr);

    /// values[column * rows + row]; nullopt where nothing finished (drawn grey).
    void setData(const QString &xTitle, const std::vector<double> &xValues, const QString &yTitle,
                 const std::vector<double> &yValues, const QString &metricTitle,
                 const std::vector<std::optional<double>> &values, bool lowerIsBetter);

    /// Whether the values are ratios shown in percent ("10.9%", a stale
    /// ratio), in the cells, the tool tips, the scale and the budget.
    void setPercent(bool percent);
    /// Whether the values are times in seconds, shown with their unit ("240
    /// ms"), every one in the unit of the largest so the cells compare.
    void setSeconds(bool seconds);

    /// Each cell's finished replications, of `replications` (empty: every
    /// cell has them all). A cell with fewer (a cancelled sweep, runs still
    /// going) is hatched and says so in its tool tip: its mean is of fewer seeds.
    void setReplications(const std::vector<int> &finished, int replications);
    bool isPartial(int cell) const;

    /// The budget of the coloured figure (nullopt: none): a cell misses it when
    /// its value is above it (below it when higher is better).
    void setBudget(std::optional<double> budget);
    std::optional<double> budget() const { return m_budget; }
    bool missesBudget(int cell) const;

    int columnCount() const { return int(m_x.size()); }
    int rowCount() const { return int(m_y.size()); }
    int cellCount() const { return columnCount() * rowCount(); }
    /// The cell under a point of the widget: column * rows + row, or -1.
    int cellAt(const QPoint &position) const;
    /// The rectangle of a cell on the widget.
    QRectF cellRect(int cell) const;
    /// The colour of a value on the scale (low values green when lower is better).
    QColor colorOf(double value) const;
    /// "x = 2, y = 0.5: window p99 = 0.31 s".
    QString cellText(int cell) const;

signals:
    void cellClicked(int cell);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    QSize sizeHint() const override { return {640, 420}; }
    QSize minimumSizeHint() const override { return {320, 220}; }

private:
    QRectF plotArea() const;
    QString valueText(double value) const;

    QString m_xTitle, m_yTitle, m_metricTitle;
    std::vector<double> m_x, m_y;
    std::vector<std::optional<double>> m_values;
    bool m_lowerIsBetter = true;
    bool m_percent = false;
    bool m_seconds = false;
    std::vector<int> m_finished;
    int m_replications = 1;
    std::optional<double> m_budget;
    double m_min = 0, m_max = 0;
};

} // namespace cqrs
