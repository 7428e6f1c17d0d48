#pragma once

#include <cqrs/model/distribution.h>

#include <QWidget>

class QComboBox;
class QLabel;

namespace cqrs {

class RealField;

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
/// "<name>.p1", "<name>.p2" and "<name>.message" for tests and accessibility.
class DistributionEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit DistributionEditor(const QString &name, QWidget *parent = nullptr);

    Distribution distribution() const { return m_dist; }
    /// What the distribution is ("Handler time"), for messages about typed values.
    void setWhat(const QString &what);
    /// What the distribution means, the start of its controls' accessible descriptions.
    void setDescription(const QString &description);
    /// Shows a value without emitting distributionEdited.
    void setDistribution(const Distribution &dist);

    /// Parameters for `kind` that keep roughly the same mean as `from`.
    static Distribution convert(const Distribution &from, DistKind kind);

signals:
    void distributionEdited(const cqrs::Distribution &dist);

private:
    void updateWidgets();
    /// The parameters' values, with a note for one the model holds out of range.
    void showValues();
    void edited(int parameter, double value);

    Distribution m_dist;
    QComboBox *m_kind;
    RealField *m_p1;
    RealField *m_p2;
    QString m_what;
    QString m_description;
    QLabel *m_message; ///< why a typed parameter was refused
    QLabel *m_p1Label;
    QLabel *m_p2Label;
    QLabel *m_summary;
    DensityPlot *m_plot;
};

} // namespace cqrs
