#include "cqrs/ui/editor/canvasview.h"

#include "cqrs/ui/document/autolayout.h"
#include "cqrs/ui/editor/edgeitem.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/editor/scene.h"

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
    // The grid is drawn once per zoom and scroll, not under every badge and
    // flow repaint of a live run (a tenth of the GUI thread's time before).
    setCacheMode(QGraphicsView::CacheBackground);
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setOptimizationFlags(QGraphicsView::DontSavePainterState);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    // Every node lies within kCanvasExtent (Document::resetModel sees to it);
    // the margin keeps room to pan beyond the content.
    const double half = kCanvasExtent + kPanMargin;
    setSceneRect(QRectF(-half, -half, 2 * half, 2 * half));

    // Scrolling by hand (the bars, the keys, the wheel) ends the fit that
    // follows the view's size.
    for (QScrollBar *bar : {horizontalScrollBar(), verticalScrollBar()})
        connect(bar, &QAbstractSlider::actionTriggered, this, [this] { m_keepFitted = false; });

    setAccessibleName(tr("Diagram"));
    connect(scene, &QGraphicsScene::selectionChanged, this, &CanvasView::updateAccessibleDescription);
    connect(scene->document(), &Document::changed, this, &CanvasView::updateAccessibleDescription);
    updateAccessibleDescription();
}

void CanvasView::updateAccessibleDescription()
{
    const Model &model = m_scene->document()->model();
    QString text = tr("Elements: %1, connections: %2. ")
                       .arg(allElementIds(model).size())
                       .arg(connectionsOf(model).size());
    const std::vector<std::string> selected = m_scene->selectedElementIds();
    const int others = int(m_scene->selectedItems().size() - qsizetype(selected.size()));
    if (selected.size() == 1 && others == 0) {
        const auto element = findElement(model, selected.front());
        const ElementKind kind = element ? elementKind(*element) : ElementKind::Command;
        text += tr("Selected: %1 %2.")
                    .arg(kindTitle(kind).toLower(),
                         QString::fromStdString(element ? elementName(*element) : selected.front()).left(200));
    } else if (!m_scene->selectedItems().isEmpty()) {
        text += tr("Items selected: %1.").arg(m_scene->selectedItems().size());
    } else {
        text += tr("Nothing selected.");
    }
    text += QLatin1Char(' ') + tr("Tab selects the next element, arrow keys move the selection, "
                                  "Ctrl+K connects it, F2 edits its properties.");
    setAccessibleDescription(text);
}

bool CanvasView::selectAdjacentElement(bool next)
{
    // Reading order: columns left to right (the flow from commands to
    // queries), top to bottom within a column.
    const Model &model = m_scene->document()->model();
    std::vector<std::pair<QPointF, std::string>> order;
    for (const std::string &id : allElementIds(model)) {
        const auto it = model.diagram.nodes.find(id);
        const QPointF pos = it == model.diagram.nodes.end() ? QPointF() : QPointF(it->second.x, it->second.y);
        order.emplace_back(pos, id);
    }
    if (order.empty())
        return false;
    std::stable_sort(order.begin(), order.end(), [](const auto &a, const auto &b) {
        return a.first.x() != b.first.x() ? a.first.x() < b.first.x() : a.first.y() < b.first.y();
    });
    const std::vector<std::string> selected = m_scene->selectedElementIds();
    int index = -1;
    if (selected.size() == 1) {
        for (size_t i = 0; i < order.size(); ++i) {
            if (order[i].second == selected.front())
                index = int(i);
        }
    }
    const int target = index < 0 ? (next ? 0 : int(order.size()) - 1) : index + (next ? 1 : -1);
    if (target < 0 || target >= int(order.size()))
        return false;
    m_scene->selectElements({order[size_t(target)].second});
    if (QGraphicsItem *node = m_scene->nodeItem(order[size_t(target)].second))
        ensureVisible(node, 60, 60);
    return true;
}

void CanvasView::focusInEvent(QFocusEvent *event)
{
    m_walking = false;
    QGraphicsView::focusInEvent(event);
}

bool CanvasView::focusNextPrevChild(bool next)
{
    // Tab walks through the elements; at the end of a walk it leaves the
    // canvas. A walk that starts at the last element wraps around once. A
    // read-only view (a challenge's solution) leaves at once.
    if (!isInteractive())
        return QGraphicsView::focusNextPrevChild(next);
    if (selectAdjacentElement(next)) {
        m_walking = true;
        return true;
    }
    if (!m_walking && !m_scene->selectedElementIds().empty()) {
        m_scene->clearSelection();
        m_walking = selectAdjacentElement(next);
        if (m_walking)
            return true;
    }
    return QGraphicsView::focusNextPrevChild(next);
}

void CanvasView::reserveTop(int pixels)
{
    if (pixels != viewportMargins().top())
        setViewportMargins(0, std::max(0, pixels), 0, 0);
}

void CanvasView::setZoom(double zoom)
{
    m_keepFitted = false;
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const QPointF center = mapToScene(viewport()->rect().center());
    setTransform(QTransform::fromScale(zoom, zoom));
    centerOn(center);
    zoomed();
    emit zoomChanged(zoom);
}

void CanvasView::zoomBy(double factor, QPointF anchorViewPos)
{
    // Below kMinZoom only after a fit: the wheel then never jumps back in.
    m_keepFitted = false;
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
    zoomed();
    emit zoomChanged(target);
}

void CanvasView::zoomed()
{
    for (QGraphicsItem *item : m_scene->items()) {
        if (item->type() == NodeItem::Type)
            static_cast<NodeItem *>(item)->viewScaleChanged();
        else if (item->type() == NoteItem::Type)
            static_cast<NoteItem *>(item)->viewScaleChanged();
    }
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
    const double zoom = fitZoom();
    setTransform(QTransform::fromScale(zoom, zoom));
    centerOn(content.center());
    m_keepFitted = true;
    zoomed();
    emit zoomChanged(this->zoom());
}

void CanvasView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    // Fitted and not zoomed or scrolled since: the whole model again in the
    // new size (a window maximized after a file opened showed it at the old
    // window's zoom, a third of the screen).
    if (m_keepFitted && isVisible())
        fitAll();
}

double CanvasView::fitZoom() const
{
    const QRectF content = m_scene->contentsRect();
    const QSizeF view = viewport()->size();
    if (content.isEmpty() || view.isEmpty())
        return 0.0;
    return std::clamp(std::min(view.width() / content.width(), view.height() / content.height()), kMinFitZoom,
                      1.0);
}

bool CanvasView::isFitted() const
{
    return showsAll() && std::abs(zoom() - fitZoom()) <= 0.02 * fitZoom();
}

bool CanvasView::showsAll() const
{
    // contentsRect() has a margin of 40 around the items; half of it may be
    // out of view (a fitted view rounds at its edges).
    const QRectF content = m_scene->contentsRect().adjusted(20, 20, -20, -20);
    return content.isEmpty() || mapToScene(viewport()->rect()).boundingRect().contains(content);
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
        m_keepFitted = false;
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
        if (isInteractive() && !m_scene->selectedItems().isEmpty()) {
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
        // A read-only view (a solution, a recorded run) has nothing to take
        // back: its window's Esc closes it.
        if (!isInteractive())
            break;
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
