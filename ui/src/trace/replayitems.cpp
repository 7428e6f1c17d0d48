#include "cqrs/ui/trace/replayitems.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace cqrs {

namespace {

constexpr double kTokenZ = 6;  // above nodes (1) and everything else on the canvas
constexpr double kMarkZ = 0.95; // around a node, under its tokens

QFont labelFont(int pixels, bool bold = false)
{
    QFont font;
    font.setPixelSize(pixels);
    font.setBold(bold);
    return font;
}

/// A label's text on a pale box, so it reads over nodes and edges.
void paintLabel(QPainter *painter, const QRectF &box, const QString &text, const QFont &font, const QColor &color)
{
    painter->setPen(QPen(QColor(0, 0, 0, 60), 1));
    painter->setBrush(QColor(255, 255, 255, 225));
    painter->drawRoundedRect(box, 4, 4);
    painter->setFont(font);
    painter->setPen(color);
    painter->drawText(box, Qt::AlignCenter, text);
}

} // namespace

ReplayTokenItem::ReplayTokenItem(const QColor &color)
    : m_color(color)
{
    setFlag(ItemIgnoresTransformations);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    setZValue(kTokenZ);
    updateBounds();
}

void ReplayTokenItem::setStage(ReplayStage stage)
{
    if (stage == m_stage)
        return;
    m_stage = stage;
    update();
}

void ReplayTokenItem::setLabel(const QString &label)
{
    if (label == m_label)
        return;
    prepareGeometryChange();
    m_label = label;
    updateBounds();
}

void ReplayTokenItem::setPulse(double pulse)
{
    if (pulse == m_pulse)
        return;
    m_pulse = pulse;
    if (m_stage == ReplayStage::Queued)
        update();
}

void ReplayTokenItem::setDuplicate(bool duplicate)
{
    m_duplicate = duplicate;
    update();
}

void ReplayTokenItem::setSizes(const ReplaySizes &sizes)
{
    prepareGeometryChange();
    m_sizes = sizes;
    updateBounds();
}

void ReplayTokenItem::setLabelSide(LabelSide side, double shift)
{
    if (side == m_labelSide && shift == m_labelShift)
        return;
    prepareGeometryChange();
    m_labelSide = side;
    m_labelShift = shift;
    updateBounds();
}

QRectF ReplayTokenItem::labelRect(LabelSide side, double shift) const
{
    if (m_label.isEmpty())
        return {};
    const QFontMetricsF metrics(labelFont(m_sizes.labelPixels));
    const double w = metrics.horizontalAdvance(m_label) + 10;
    const double h = metrics.height() + 4;
    const double from = m_sizes.tokenRadius + ReplayTokenItem::kLabelGap;
    switch (side) {
    case LabelSide::Left:
        return QRectF(-from - w, -h / 2 + shift, w, h);
    case LabelSide::Below:
        return QRectF(-w / 2 + shift, from, w, h);
    case LabelSide::Above:
        return QRectF(-w / 2 + shift, -from - h, w, h);
    case LabelSide::Right:
        break;
    }
    return QRectF(from, -h / 2 + shift, w, h);
}

void ReplayTokenItem::updateBounds()
{
    const double r = m_sizes.tokenRadius * 1.6 + m_sizes.outline; // the pulse's widest ring
    m_bounds = QRectF(-r, -r, 2 * r, 2 * r);
    if (!m_label.isEmpty())
        m_bounds = m_bounds.united(labelRect());
}

QRectF ReplayTokenItem::boundingRect() const
{
    return m_bounds;
}

void ReplayTokenItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const double r = m_sizes.tokenRadius;
    const double w = m_sizes.outline;
    const Qt::PenStyle style = m_duplicate ? Qt::DashLine : Qt::SolidLine;
    switch (m_stage) {
    case ReplayStage::Hidden:
        return;
    case ReplayStage::Queued: {
        // Waiting: a hollow ring, and a fainter one breathing around it.
        QColor halo = m_color;
        halo.setAlphaF(float(0.55 * (1 - m_pulse)));
        painter->setPen(QPen(halo, w * 0.8));
        painter->setBrush(Qt::NoBrush);
        const double outer = r * (1.05 + 0.5 * m_pulse);
        painter->drawEllipse(QPointF(), outer, outer);
        painter->setPen(QPen(m_color, w, style));
        painter->setBrush(QColor(255, 255, 255, 235));
        painter->drawEllipse(QPointF(), r - w / 2, r - w / 2);
        break;
    }
    case ReplayStage::Moving:
    case ReplayStage::Working:
        painter->setPen(QPen(Qt::white, std::max(1.5, w * 0.6), style));
        painter->setBrush(m_color);
        painter->drawEllipse(QPointF(), r, r);
        if (m_stage == ReplayStage::Working) {
            // Working: a white core, like a busy worker's light.
            painter->setPen(Qt::NoPen);
            painter->setBrush(Qt::white);
            painter->drawEllipse(QPointF(), r * 0.3, r * 0.3);
        }
        break;
    case ReplayStage::Done: {
        const double d = r * 0.8;
        painter->setPen(QPen(Qt::white, std::max(1.5, w * 0.5), style));
        painter->setBrush(m_color);
        painter->drawEllipse(QPointF(), d, d);
        QPainterPath tick;
        tick.moveTo(-d * 0.45, 0);
        tick.lineTo(-d * 0.1, d * 0.38);
        tick.lineTo(d * 0.5, -d * 0.35);
        painter->setPen(QPen(Qt::white, std::max(1.5, w * 0.6), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(tick);
        break;
    }
    case ReplayStage::Rejected: {
        const QColor red(0xc6, 0x28, 0x28);
        painter->setPen(QPen(Qt::white, std::max(1.5, w * 0.5)));
        painter->setBrush(red);
        painter->drawEllipse(QPointF(), r, r);
        const double c = r * 0.45;
        painter->setPen(QPen(Qt::white, std::max(1.5, w * 0.7), Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(QPointF(-c, -c), QPointF(c, c));
        painter->drawLine(QPointF(-c, c), QPointF(c, -c));
        break;
    }
    }
    if (!m_label.isEmpty())
        paintLabel(painter, labelRect(), m_label, labelFont(m_sizes.labelPixels), m_color.darker(140));
}

/// The mark's text: above the node, at the size a person can read.
class ReplayMarkItem::Label final : public QGraphicsItem
{
public:
    explicit Label(QGraphicsItem *parent)
        : QGraphicsItem(parent)
    {
        setFlag(ItemIgnoresTransformations);
        setAcceptedMouseButtons(Qt::NoButton);
    }

    void set(const QString &text, const QColor &color, int pixels, bool bold)
    {
        prepareGeometryChange();
        m_text = text;
        m_color = color;
        m_font = labelFont(pixels, bold);
        const QFontMetricsF metrics(m_font);
        m_size = m_text.isEmpty() ? QSizeF() : QSizeF(metrics.horizontalAdvance(m_text) + 14, metrics.height() + 6);
        m_box = box(m_below);
    }
    void setBelow(bool below)
    {
        if (below == m_below)
            return;
        prepareGeometryChange();
        m_below = below;
        m_box = box(below);
    }
    QString text() const { return m_text; }
    /// Its box with its text centred above the point it is placed at, or below it.
    QRectF box(bool below) const
    {
        if (m_size.isEmpty())
            return {};
        return QRectF(QPointF(-m_size.width() / 2, below ? 4 : -m_size.height() - 4), m_size);
    }

    QRectF boundingRect() const override { return m_box.adjusted(-1, -1, 1, 1); }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        if (m_text.isEmpty())
            return;
        painter->setRenderHint(QPainter::Antialiasing);
        paintLabel(painter, m_box, m_text, m_font, m_color);
    }

private:
    QString m_text;
    QColor m_color;
    QFont m_font;
    QSizeF m_size;
    QRectF m_box;
    bool m_below = false;
};

ReplayMarkItem::ReplayMarkItem()
    : m_label(new Label(this))
{
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    setZValue(kMarkZ);
}

void ReplayMarkItem::setNodeRect(const QRectF &rect)
{
    if (rect == m_rect)
        return;
    prepareGeometryChange();
    m_rect = rect;
    m_label->setPos(labelPoint(m_labelBelow, m_labelShift));
}

void ReplayMarkItem::setLabelPlace(bool below, QPointF shift)
{
    if (below == m_labelBelow && shift == m_labelShift)
        return;
    m_labelBelow = below;
    m_labelShift = shift;
    m_label->setBelow(below);
    m_label->setPos(labelPoint(below, shift));
}

QPointF ReplayMarkItem::labelPoint(bool below, QPointF shift) const
{
    // The label ignores the zoom; its position is in scene units.
    const double y = below ? m_rect.bottom() + 6 / m_zoom : m_rect.top() - 6 / m_zoom;
    return QPointF(m_rect.center().x(), y) + shift / m_zoom;
}

void ReplayMarkItem::setLook(const QColor &color, bool strong, bool dashed)
{
    if (color == m_color && strong == m_strong && dashed == m_dashed)
        return;
    m_color = color;
    m_strong = strong;
    m_dashed = dashed;
    setText(text()); // the label takes the colour and weight
    update();
}

void ReplayMarkItem::setText(const QString &text)
{
    m_label->set(text, m_color.darker(115), m_strong ? m_sizes.labelPixels + 4 : m_sizes.labelPixels, m_strong);
}

QString ReplayMarkItem::text() const
{
    return m_label->text();
}

QRectF ReplayMarkItem::labelRectIn(const QTransform &viewportTransform) const
{
    return labelRectIn(viewportTransform, m_labelBelow, m_labelShift);
}

QRectF ReplayMarkItem::labelRectIn(const QTransform &viewportTransform, bool below, QPointF shift) const
{
    // The label keeps its size in pixels: only its anchor follows the view.
    const QRectF box = m_label->box(below);
    if (box.isEmpty())
        return {};
    return box.adjusted(-1, -1, 1, 1).translated(viewportTransform.map(labelPoint(below, shift)));
}

void ReplayMarkItem::setSizes(const ReplaySizes &sizes)
{
    prepareGeometryChange();
    m_sizes = sizes;
    setText(text());
}

void ReplayMarkItem::setViewZoom(double zoom)
{
    zoom = std::max(1e-3, zoom);
    if (zoom == m_zoom)
        return;
    prepareGeometryChange();
    m_zoom = zoom;
    m_label->setPos(labelPoint(m_labelBelow, m_labelShift));
}

QRectF ReplayMarkItem::boundingRect() const
{
    // The gap and the outline are pixels: in scene units they grow as the zoom shrinks.
    const double margin = (8 + 2 * m_sizes.outline) / m_zoom + 2;
    return m_rect.adjusted(-margin, -margin, margin, margin);
}

void ReplayMarkItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (m_rect.isEmpty())
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    const double scale = std::max(1e-3, painter->worldTransform().m11());
    const double pen = (m_strong ? 2 * m_sizes.outline : m_sizes.outline * 0.7) / scale; // pixels
    const double gap = 6 / scale;
    QColor fill = m_color;
    fill.setAlphaF(m_strong ? 0.22f : 0.0f);
    QPen outline(m_color, pen, m_dashed ? Qt::DashLine : Qt::SolidLine);
    painter->setPen(outline);
    painter->setBrush(m_strong ? QBrush(fill) : QBrush(Qt::NoBrush));
    painter->drawRoundedRect(m_rect.adjusted(-gap, -gap, gap, gap), 8, 8);
}

} // namespace cqrs
