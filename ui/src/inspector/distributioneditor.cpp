#include "cqrs/ui/inspector/distributioneditor.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/inspector/numberfield.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QSignalBlocker>

#include <cmath>

namespace cqrs {

namespace {

constexpr DistKind kKinds[] = {DistKind::Constant, DistKind::Exponential, DistKind::Uniform,
                               DistKind::Normal, DistKind::Lognormal};

RealField *secondsSpin(QWidget *parent, const QString &name)
{
    auto *spin = new RealField(QString(), parent);
    spin->setObjectName(name);
    spin->setDecimals(6);
    spin->setRange(0, 1e7);
    spin->setSingleStep(0.001);
    spin->setSuffix(QStringLiteral(" s"));
    spin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    spin->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    return spin;
}

} // namespace

DensityPlot::DensityPlot(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(56);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void DensityPlot::setDistribution(const Distribution &dist)
{
    m_dist = dist;
    update();
}

void DensityPlot::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(2, 2, -2, -14);
    painter.fillRect(rect(), palette().base());
    painter.setPen(palette().mid().color());
    painter.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
    if (!m_dist.isValid()) {
        painter.setPen(palette().text().color());
        painter.drawText(area, Qt::AlignCenter, tr("invalid parameters"));
        return;
    }
    const double mean = m_dist.mean();
    const double p99 = m_dist.quantile(0.99);
    const double xMax = std::max({m_dist.quantile(0.999) * 1.05, p99 * 1.2, mean * 1.5, 1e-9});
    auto toX = [&](double x) { return area.left() + x / xMax * area.width(); };
    const QColor accent = palette().highlight().color();

    if (m_dist.kind == DistKind::Constant || m_dist.isAlwaysZero()) {
        painter.setPen(QPen(accent, 3));
        const double x = toX(m_dist.mean());
        painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.top() + 4));
    } else {
        constexpr int steps = 120;
        std::vector<double> ys(steps + 1);
        double yMax = 0;
        for (int i = 0; i <= steps; ++i) {
            const double x = xMax * i / steps;
            ys[i] = m_dist.density(std::max(x, xMax * 1e-4));
            if (std::isfinite(ys[i]))
                yMax = std::max(yMax, ys[i]);
        }
        if (yMax > 0) {
            QPainterPath path(QPointF(area.left(), area.bottom()));
            for (int i = 0; i <= steps; ++i) {
                const double y = std::isfinite(ys[i]) ? std::min(ys[i] / yMax, 1.0) : 1.0;
                path.lineTo(area.left() + area.width() * i / steps,
                            area.bottom() - y * (area.height() - 4));
            }
            path.lineTo(area.right(), area.bottom());
            QColor fill = accent;
            fill.setAlphaF(0.3);
            painter.setPen(QPen(accent, 1.5));
            painter.setBrush(fill);
            painter.drawPath(path);
        }
    }
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    painter.setFont(small);
    painter.setPen(QPen(palette().text().color(), 1, Qt::DashLine));
    painter.drawLine(QPointF(toX(mean), area.top()), QPointF(toX(mean), area.bottom()));
    painter.setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 1, Qt::DashLine));
    painter.drawLine(QPointF(toX(p99), area.top()), QPointF(toX(p99), area.bottom()));
    painter.setPen(palette().text().color());
    painter.drawText(QRectF(rect()).adjusted(3, 0, -3, 0), Qt::AlignBottom | Qt::AlignLeft,
                     tr("mean %1").arg(formatDuration(mean)));
    painter.setPen(QColor(0xd3, 0x2f, 0x2f));
    painter.drawText(QRectF(rect()).adjusted(3, 0, -3, 0), Qt::AlignBottom | Qt::AlignRight,
                     tr("p99 %1").arg(formatDuration(p99)));
}

DistributionEditor::DistributionEditor(const QString &name, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(name);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setVerticalSpacing(2);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(name + QStringLiteral(".kind"));
    for (DistKind kind : kKinds)
        m_kind->addItem(QString::fromUtf8(toString(kind).data()), int(kind));
    m_p1 = secondsSpin(this, name + QStringLiteral(".p1"));
    m_p2 = secondsSpin(this, name + QStringLiteral(".p2"));
    m_p1Label = new QLabel(this);
    m_p2Label = new QLabel(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(name + QStringLiteral(".summary"));
    m_message = new QLabel(this);
    m_message->setObjectName(name + QStringLiteral(".message"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_message->hide();
    m_plot = new DensityPlot(this);
    m_plot->setObjectName(name + QStringLiteral(".plot"));
    layout->addWidget(m_kind, 0, 0, 1, 2);
    layout->addWidget(m_p1Label, 1, 0);
    layout->addWidget(m_p1, 1, 1);
    layout->addWidget(m_p2Label, 2, 0);
    layout->addWidget(m_p2, 2, 1);
    layout->addWidget(m_message, 3, 0, 1, 2);
    layout->addWidget(m_plot, 4, 0, 1, 2);
    layout->setColumnStretch(1, 1);
    m_summary->hide();

    connect(m_kind, &QComboBox::activated, this, [this] {
        const auto kind = DistKind(m_kind->currentData().toInt());
        if (kind == m_dist.kind)
            return;
        m_dist = convert(m_dist, kind);
        m_message->hide(); // it spoke of the old kind's parameters
        updateWidgets();
        emit distributionEdited(m_dist);
    });
    // Only the parameter edited changes: the other may hold a value from the
    // file that its field cannot show (out of range), and must keep it.
    connect(m_p1, &QDoubleSpinBox::valueChanged, this, [this](double v) { edited(0, v); });
    connect(m_p2, &QDoubleSpinBox::valueChanged, this, [this](double v) { edited(1, v); });
    for (RealField *field : {m_p1, m_p2}) {
        connect(field, &RealField::inputRefused, this, [this](const QString &message) {
            m_message->setText(message);
            m_message->setVisible(!message.isEmpty());
        });
    }
    updateWidgets();
}

void DistributionEditor::setWhat(const QString &what)
{
    m_what = what;
    updateWidgets();
}

void DistributionEditor::setDescription(const QString &description)
{
    m_description = description;
    updateWidgets();
}

void DistributionEditor::setDistribution(const Distribution &dist)
{
    if (dist == m_dist)
        return;
    m_dist = dist;
    updateWidgets();
}

void DistributionEditor::edited(int parameter, double value)
{
    (parameter == 0 ? m_dist.p1 : m_dist.p2) = value;
    showValues(); // the edited one's note goes, the other's stays
    emit distributionEdited(m_dist);
}

void DistributionEditor::updateWidgets()
{
    const QSignalBlocker blocker(m_kind);
    m_kind->setCurrentIndex(m_kind->findData(int(m_dist.kind)));
    m_p1Label->setText(QString::fromUtf8(m_dist.parameterName(0)));
    // "Handler time mean must be a number from 0 to 10000000."
    auto what = [this](int index) {
        const QString parameter = QString::fromUtf8(m_dist.parameterName(index));
        return m_what.isEmpty() ? parameter : m_what + QLatin1Char(' ') + parameter;
    };
    m_p1->setWhat(what(0));
    m_p2->setWhat(what(1));
    // Screen readers: "Handler time distribution", "Handler time mean".
    m_kind->setAccessibleName(m_what.isEmpty() ? tr("Distribution") : tr("%1 distribution").arg(m_what));
    // (On Linux a combo box's name is its current text: the description says what it is.)
    m_kind->setAccessibleDescription(
        (m_what.isEmpty() ? QString() : m_kind->accessibleName() + QLatin1String(". "))
        + (m_description.isEmpty() ? QString() : m_description + QLatin1Char(' '))
        + tr("How the value varies: constant, exponential, uniform, normal or lognormal."));
    for (RealField *field : {m_p1, m_p2}) {
        field->setAccessibleName(field == m_p1 ? what(0) : what(1));
        field->setAccessibleDescription(
            (m_description.isEmpty() ? QString() : m_description + QLatin1Char(' ')) + field->rule());
    }
    const bool two = m_dist.parameterCount() > 1;
    m_p2Label->setVisible(two);
    m_p2->setVisible(two);
    if (two)
        m_p2Label->setText(QString::fromUtf8(m_dist.parameterName(1)));
    showValues();
}

void DistributionEditor::showValues()
{
    m_p1->showModelValue(m_dist.p1);
    if (m_dist.parameterCount() > 1)
        m_p2->showModelValue(m_dist.p2);
    // One line under both: a parameter the model holds out of range is said
    // even when the other's note has just gone.
    for (RealField *field : {m_p1, m_p2}) {
        if (field->isVisibleTo(this) && !field->modelValueNote().isEmpty()) {
            m_message->setText(field->modelValueNote());
            m_message->show();
            break;
        }
    }
    m_plot->setDistribution(m_dist);
}

Distribution DistributionEditor::convert(const Distribution &from, DistKind kind)
{
    double mean = from.isValid() ? from.mean() : from.p1;
    if (!(mean > 0) || !std::isfinite(mean))
        mean = kind == DistKind::Constant ? 0.0 : 0.01;
    Distribution to;
    switch (kind) {
    case DistKind::Constant:
        to = Distribution::constant(mean);
        break;
    case DistKind::Exponential:
        to = Distribution::exponential(mean);
        break;
    case DistKind::Uniform:
        to = Distribution::uniform(0, 2 * mean);
        break;
    case DistKind::Normal:
        to = Distribution::normal(mean, mean / 4);
        break;
    case DistKind::Lognormal:
        to = Distribution::lognormal(mean, mean * 10);
        break;
    }
    to.extra = from.extra;
    return to;
}

} // namespace cqrs
