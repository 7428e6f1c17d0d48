#include "cqrs/ui/editor/edgeitem.h"

#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace cqrs {

namespace {

const QFont &labelFont()
{
    static const QFont font = [] {
        QFont f;
        f.setPointSizeF(7);
        return f;
    }();
    return font;
}

bool isMembership(Connection::Kind kind)
{
    return kind == Connection::Kind::Handles || kind == Connection::Kind::BelongsTo;
}

bool isDashed(Connection::Kind kind)
{
    return isMembership(kind) || kind == Connection::Kind::FollowUp
           || kind == Connection::Kind::Validates;
}

} // namespace

EdgeItem::EdgeItem(Connection connection, NodeItem *source, NodeItem *target)
    : m_connection(std::move(connection))
    , m_source(source)
    , m_target(target)
{
    setFlags(ItemIsSelectable);
    setZValue(isMembership(m_connection.kind) ? -1 : 0);
    setToolTip(QStringLiteral("%1 %2 %3")
                   .arg(QString::fromStdString(m_connection.from),
                        QString::fromUtf8(connectionLabel(m_connection.kind)),
                        QString::fromStdString(m_connection.to)));
    updateGeometry();
}

QPainterPath EdgeItem::route(const QRectF &from, const QRectF &to, QPointF *arrowTip,
                             QPointF *arrowDirection)
{
    const QPointF d = to.center() - from.center();
    QPointF start, end, n1, n2;
    // Leave and enter through the sides that face each other.
    // Left to right whenever the nodes do not overlap horizontally: the
    // diagram flows in columns.
    const bool apart = from.right() + 10 < to.left() || to.right() + 10 < from.left();
    if (apart) {
        const double sx = d.x() >= 0 ? 1 : -1;
        start = QPointF(sx > 0 ? from.right() : from.left(), from.center().y());
        end = QPointF(sx > 0 ? to.left() : to.right(), to.center().y());
        n1 = QPointF(sx, 0);
        n2 = QPointF(-sx, 0);
    } else {
        const double sy = d.y() >= 0 ? 1 : -1;
        start = QPointF(from.center().x(), sy > 0 ? from.bottom() : from.top());
        end = QPointF(to.center().x(), sy > 0 ? to.top() : to.bottom());
        n1 = QPointF(0, sy);
        n2 = QPointF(0, -sy);
    }
    const double reach = std::max(30.0, 0.4 * std::hypot(end.x() - start.x(), end.y() - start.y()));
    QPainterPath path(start);
    const QPointF c2 = end + n2 * reach;
    path.cubicTo(start + n1 * reach, c2, end);
    if (arrowTip)
        *arrowTip = end;
    if (arrowDirection)
        *arrowDirection = -n2;
    return path;
}

void EdgeItem::updateGeometry()
{
    prepareGeometryChange();
    QPointF tip, dir;
    m_path = route(m_source->sceneBody(), m_target->sceneBody(), &tip, &dir);
    const QPointF normal(-dir.y(), dir.x());
    m_arrow = QPainterPath();
    m_arrow.moveTo(tip);
    m_arrow.lineTo(tip - dir * 10 + normal * 5);
    m_arrow.lineTo(tip - dir * 10 - normal * 5);
    m_arrow.closeSubpath();
    m_labelPos = m_path.pointAtPercent(0.5);
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    m_hitShape = stroker.createStroke(m_path);
    const QString label = QString::fromUtf8(connectionLabel(m_connection.kind));
    const QSizeF labelSize = QFontMetricsF(labelFont()).boundingRect(label).size();
    m_bounds = m_path.boundingRect()
                   .united(m_arrow.boundingRect())
                   .united(QRectF(m_labelPos - QPointF(labelSize.width() / 2 + 4, labelSize.height()),
                                  labelSize + QSizeF(8, 8)))
                   .adjusted(-4, -4, 4, 4);
}

QRectF EdgeItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath EdgeItem::shape() const
{
    return m_hitShape;
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QColor color = option->palette.text().color();
    color.setAlphaF(isMembership(m_connection.kind) ? 0.35 : 0.7);
    if (m_connection.kind == Connection::Kind::Issues)
        color = kindBorderColor(ElementKind::Policy);
    if (isSelected())
        color = option->palette.highlight().color();
    // A one-pixel cosmetic pen takes Qt's fast clipping stroker: a long curve
    // costs only what is on screen, at every zoom level (wider pens are
    // stroked whole, ~1 ms per long edge). Only selected edges are wider.
    QPen pen(color);
    pen.setCosmetic(true);
    pen.setWidthF(isSelected() ? std::clamp(2.5 * lod, 1.5, 4.0) : 1.0);
    if (lod >= 0.5 && isDashed(m_connection.kind))
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPath(m_arrow);
    if (lod >= 0.7) {
        const QString label = QString::fromUtf8(connectionLabel(m_connection.kind));
        painter->setFont(labelFont());
        const QFontMetricsF metrics(labelFont());
        QRectF box = metrics.boundingRect(label).adjusted(-3, -1, 3, 1);
        box.moveCenter(m_labelPos);
        QColor background = option->palette.base().color();
        background.setAlphaF(0.85);
        painter->setBrush(background);
        painter->drawRoundedRect(box, 3, 3);
        painter->setPen(color);
        painter->drawText(box, Qt::AlignCenter, label);
    }
}

// --- NoteItem

NoteItem::NoteItem(int index)
    : m_index(index)
    , m_size(kNoteWidth, 90)
{
    setFlags(ItemIsMovable | ItemIsSelectable);
    setZValue(0.5); // above edges, below nodes: edges never cross the text
}

const QFont &noteFont()
{
    static const QFont font = [] {
        QFont f;
        f.setPointSizeF(8.5);
        f.setItalic(true);
        return f;
    }();
    return font;
}

void NoteItem::syncWith(const Note &note)
{
    m_text = QString::fromStdString(note.text);
    setPos(note.x, note.y);
    setToolTip(m_text);
    layoutText();
}

/// The notes' font at `scale` times its size.
static QFont noteFontAt(double scale)
{
    QFont font = noteFont();
    font.setPointSizeF(font.pointSizeF() * scale);
    return font;
}

QFont NoteItem::textFont() const
{
    return noteFontAt(m_textScale);
}

QSizeF NoteItem::wrappedSize(double scale, double width) const
{
    // The text in paint()'s margins (textArea()) at that scale, and the paper around it.
    const QRectF text = QFontMetricsF(noteFontAt(scale))
                            .boundingRect(QRectF(0, 0, width - 14 * scale, 4000),
                                          Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_text);
    return {width, std::max(60.0 * scale, text.height() + 24 * scale)};
}

QSizeF NoteItem::presentedSize(double scale) const
{
    // Up to the next node to its right (the text ran under City Dashboard)
    // and not past the diagram's right; as tall as the text then is.
    double width = kNoteWidth * scale;
    const QRectF band(pos(), QSizeF(width + 12, m_ownHeight * scale * 2));
    for (const QGraphicsItem *item : scene()->items(band)) {
        if (item->type() != NodeItem::Type)
            continue;
        const QRectF body = static_cast<const NodeItem *>(item)->sceneBody();
        if (body.left() > pos().x() + kNoteWidth / 2)
            width = std::min(width, body.left() - pos().x() - 12);
    }
    if (const auto *diagram = qobject_cast<const DiagramScene *>(scene()))
        width = std::min(width, diagram->contentsRect().right() - 40 - pos().x());
    return wrappedSize(scale, std::max(width, kNoteWidth));
}

bool NoteItem::coversANode(QSizeF size) const
{
    // Nodes draw above notes: text under one is lost. A node the note lay on
    // at its own size is the author's choice, not counted.
    const QRectF own = ownSceneRect();
    const QRectF grown(pos(), size);
    for (const QGraphicsItem *item : scene()->items(grown)) {
        if (item->type() != NodeItem::Type)
            continue;
        const QRectF body = static_cast<const NodeItem *>(item)->sceneBody();
        if (body.intersects(grown) && !body.intersects(own))
            return true;
    }
    return false;
}

void NoteItem::layoutText()
{
    // Its own size (the canvas is fitted to it, or a larger note would zoom
    // the canvas out, and the text grow again).
    QSizeF size = wrappedSize(1, kNoteWidth);
    m_ownHeight = size.height();
    // Presenting, the text is larger: as large as wanted where the note then
    // covers no node, else smaller, down to its own size.
    double s = std::max(1.0, m_wantedScale);
    if (s > 1 && scene()) {
        for (;;) {
            size = presentedSize(s);
            if (s <= 1 || !coversANode(size))
                break;
            s = s * 0.9 < 1.05 ? 1.0 : s * 0.9;
        }
    }
    if (s <= 1) {
        s = 1;
        size = QSizeF(kNoteWidth, m_ownHeight);
    }
    m_textScale = s;
    const QFont font = textFont();
    const QRectF textRect = textArea(QSizeF(size.width(), 4000)); // as paint() draws it
    prepareGeometryChange();
    m_size = size;
    // The lines as drawText() wraps them, for the bars of a far zoom.
    m_lines.clear();
    const double lineHeight = QFontMetricsF(font).lineSpacing();
    double y = textRect.top();
    // (drawText() shows a tab as a space, where QTextLayout would stop it at
    // 80 px, and breaks the line at a carriage return and a line separator.)
    QString shown = QString(m_text).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    shown.replace(QLatin1Char('\t'), QLatin1Char(' '))
        .replace(QLatin1Char('\r'), QLatin1Char('\n'))
        .replace(QChar::LineSeparator, QLatin1Char('\n'));
    for (const QString &paragraph : shown.split(QLatin1Char('\n'))) {
        QTextLayout layout(paragraph, font);
        layout.beginLayout();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(textRect.width());
            if (line.naturalTextWidth() > 0)
                m_lines.emplace_back(textRect.left(), y, std::min(line.naturalTextWidth(), textRect.width()),
                                     lineHeight);
            y += lineHeight;
        }
        layout.endLayout();
    }
    update();
}

double NoteItem::textPixels(double lod) const
{
    return QFontInfo(noteFont()).pixelSize() * m_textScale * lod;
}

QRectF NoteItem::textArea(QSizeF size) const
{
    const double s = m_textScale;
    return QRectF(QPointF(), size).adjusted(6 * s, 5 * s, -8 * s, -8 * s);
}

void NoteItem::setMinimumTextPixels(double pixels)
{
    m_minimumTextPixels = std::max(0.0, pixels);
    applyPresentedScale();
}

void NoteItem::viewScaleChanged()
{
    applyPresentedScale();
}

void NoteItem::applyPresentedScale()
{
    const QList<QGraphicsView *> views = scene() ? scene()->views() : QList<QGraphicsView *>();
    const double zoom = views.isEmpty() ? 1.0 : views.front()->transform().m11();
    const double text = QFontInfo(noteFont()).pixelSize() * zoom; // textPixels() at scale 1
    const double wanted = m_minimumTextPixels > 0 && text > 0 ? m_minimumTextPixels / text : 1.0;
    const double scale = std::clamp(wanted, 1.0, 4.0);
    if (scale == m_wantedScale)
        return;
    m_wantedScale = scale;
    layoutText();
}

QRectF NoteItem::boundingRect() const
{
    return QRectF(QPointF(-3, -3), m_size + QSizeF(6, 6));
}

void NoteItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const QRectF r(QPointF(), m_size);
    if (isSelected()) {
        painter->setPen(QPen(option->palette.highlight().color(), 3));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(r.adjusted(-2, -2, 2, 2));
    }
    // A folded paper corner tells notes apart from aggregates.
    const double corner = 14 * m_textScale;
    QPainterPath paper;
    paper.moveTo(r.topLeft());
    paper.lineTo(r.topRight());
    paper.lineTo(r.right(), r.bottom() - corner);
    paper.lineTo(r.right() - corner, r.bottom());
    paper.lineTo(r.bottomLeft());
    paper.closeSubpath();
    painter->setPen(QPen(QColor(0xc9, 0xb4, 0x58), 1));
    painter->setBrush(QColor(0xfd, 0xf6, 0xc3));
    painter->drawPath(paper);
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod * m_textScale >= 0.45) {
        painter->setPen(QColor(0x3a, 0x35, 0x20));
        painter->setFont(textFont());
        painter->drawText(textArea(m_size), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_text);
    } else {
        // Too small to read: a bar per line says there is text (the tooltip
        // and a closer zoom tell it), where an empty note said nothing.
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0x3a, 0x35, 0x20, 90));
        for (const QRectF &line : m_lines) {
            if (line.bottom() > r.bottom() - 8 * m_textScale)
                break;
            painter->drawRect(line.adjusted(0, line.height() * 0.25, 0, -line.height() * 0.25));
        }
    }
}

} // namespace cqrs
