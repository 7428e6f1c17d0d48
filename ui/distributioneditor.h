#pragma once

#include <cqrs/model/distribution.h>

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace cqrs {

/// A small plot of a distribution's density with its mean and p99 marked.
class DensityPlot final : public QWidget
{
    Q_OBJECT

public:
    explicit DensityPlot(QWidget *parent = nullptr);
    void setDistribution(const Distribution &dist);
    QSize sizeHint() const override { return {220, 64}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Distribution m_dist;
};

/// Edits one distribution: kind, its one or two parameters, and shows the
/// density with mean and p99. Child widgets are named "<name>.kind",
/// "<name>.p1", "<name>.p2" for tests and accessibility.
class DistributionEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit DistributionEditor(const QString &name, QWidget *parent = nullptr);

    Distribution distribution() const { return m_dist; }
    /// Shows a value without emitting distributionEdited.
    void setDistribution(const Distribution &dist);

    /// Parameters for `kind` that keep roughly the same mean as `from`.
    static Distribution convert(const Distribution &from, DistKind kind);

signals:
    void distributionEdited(const cqrs::Distribution &dist);

private:
    void updateWidgets();
    void edited();

    Distribution m_dist;
    QComboBox *m_kind;
    QDoubleSpinBox *m_p1;
    QDoubleSpinBox *m_p2;
    QLabel *m_p1Label;
    QLabel *m_p2Label;
    QLabel *m_summary;
    DensityPlot *m_plot;
};

} // namespace cqrs
