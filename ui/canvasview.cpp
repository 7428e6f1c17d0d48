#include "canvasview.h"

#include "autolayout.h"
#include "scene.h"

#include <QKeyEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace cqrs {

namespace {
constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 4.0;
// Fit to Window may go further out than the wheel: it must show everything.
constexpr double kMinFitZoom = 0.01;
// Room to pan beyond the farthest place a node can have.
constexpr double kPanMargin = 2000;
} // namespace

CanvasView::CanvasView(DiagramScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setObjectName(QStringLiteral("canvas"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setOptimizationFlags(QGraphicsView::DontSavePainterState);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    // Every node lies within kCanvasExtent (Document::resetModel sees to it);
    // the margin keeps room to pan beyond the content.
    const double half = kCanvasExtent + kPanMargin;
    setSceneRect(QRectF(-half, -half, 2 * half, 2 * half));
}

void CanvasView::setZoom(double zoom)
{
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const QPointF center = mapToScene(viewport()->rect().center());
    setTransform(QTransform::fromScale(zoom, zoom));
    centerOn(center);
    emit zoomChanged(zoom);
}

void CanvasView::zoomBy(double factor, QPointF anchorViewPos)
{
    // Below kMinZoom only after a fit: the wheel then never jumps back in.
    const double target = std::clamp(zoom() * factor, std::min(kMinZoom, zoom()), kMaxZoom);
    if (target == zoom())
        return;
    // Keep the scene point under the anchor where it is.
    const QPointF before = mapToScene(anchorViewPos.toPoint());
    setTransform(QTransform::fromScale(target, target));
    const QPointF after = mapToScene(anchorViewPos.toPoint());
    const QPointF delta = (after - before) * target;
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() - int(std::round(delta.x())));
    verticalScrollBar()->setValue(verticalScrollBar()->value() - int(std::round(delta.y())));
    emit zoomChanged(target);
}

void CanvasView::zoomIn()
{
    zoomBy(1.25, viewport()->rect().center());
}

void CanvasView::zoomOut()
{
    zoomBy(0.8, viewport()->rect().center());
}

void CanvasView::resetZoom()
{
    setZoom(1.0);
}

void CanvasView::fitAll()
{
    const QRectF content = m_scene->contentsRect();
    const QSizeF view = viewport()->size();
    if (content.isEmpty() || view.isEmpty())
        return;
    // Whatever the content, the view must be able to scroll to all of it.
    if (!sceneRect().contains(content))
        setSceneRect(sceneRect().united(content.adjusted(-kPanMargin, -kPanMargin, kPanMargin,
                                                         kPanMargin)));
    const double zoom = std::clamp(std::min(view.width() / content.width(),
                                            view.height() / content.height()),
                                   kMinFitZoom, 1.0);
    setTransform(QTransform::fromScale(zoom, zoom));
    centerOn(content.center());
    emit zoomChanged(this->zoom());
}

void CanvasView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0 || (event->modifiers() & Qt::ShiftModifier)) {
        QGraphicsView::wheelEvent(event); // horizontal or shift: scroll
        return;
    }
    zoomBy(std::pow(1.15, steps), event->position());
    event->accept();
}

void CanvasView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton
        || (m_spaceHeld && event->button() == Qt::LeftButton)) {
        m_panning = true;
        m_lastPanPos = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void CanvasView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint delta = event->position().toPoint() - m_lastPanPos;
        m_lastPanPos = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        viewport()->setCursor(m_spaceHeld ? Qt::OpenHandCursor : Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void CanvasView::keyPressEvent(QKeyEvent *event)
{
    const double step = (event->modifiers() & Qt::ShiftModifier) ? 50 : 10;
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
        if (!m_scene->selectedItems().isEmpty()) {
            const QPointF delta(event->key() == Qt::Key_Left    ? -step
                                : event->key() == Qt::Key_Right ? step
                                                                : 0,
                                event->key() == Qt::Key_Up     ? -step
                                : event->key() == Qt::Key_Down ? step
                                                               : 0);
            m_scene->nudgeSelection(delta);
            event->accept();
            return;
        }
        break;
    case Qt::Key_Escape:
        if (m_scene->isConnecting())
            m_scene->cancelConnection();
        else
            m_scene->clearSelection();
        event->accept();
        return;
    default:
        break;
    }
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void CanvasView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        viewport()->setCursor(Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

} // namespace cqrs
