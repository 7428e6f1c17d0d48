#include "cqrs/ui/editor/scene.h"

#include "cqrs/ui/document/autolayout.h"
#include "cqrs/ui/editor/edgeitem.h"
#include "cqrs/ui/editor/nodeitem.h"

#include <QGraphicsPathItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QMimeData>
#include <QPainter>
#include <QPalette>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cqrs/model/elements.h>
#include <set>

namespace cqrs {

namespace {

// Presenting, a note's text beside the node names: as large as the badges.
constexpr double kNoteTextShare = 0.75;

QString displayName(const Model &model, const std::string &id)
{
    const auto element = findElement(model, id);
    return QString::fromStdString(element ? elementName(*element) : id);
}

// What a connection takes away, for references that hold one id only.
QString replacementText(const Model &model, const ConnectionCheck &check)
{
    if (check.replaces.empty())
        return {};
    const Connection &c = check.connection;
    const QString owner = displayName(model, c.owner());
    const QString now = displayName(model, c.owner() == c.from ? c.to : c.from);
    const QString before = displayName(model, check.replaces);
    switch (c.kind) {
    case Connection::Kind::Serves:
        return DiagramScene::tr("%1 reads one read model; it reads %2 instead of %3.")
            .arg(owner, now, before);
    case Connection::Kind::Issues:
        return DiagramScene::tr("%1 issues one command; it issues %2 instead of %3.")
            .arg(owner, now, before);
    case Connection::Kind::Handles:
    case Connection::Kind::BelongsTo:
        return DiagramScene::tr("%1 belongs to one aggregate; to %2 instead of %3.")
            .arg(owner, now, before);
    default:
        return {};
    }
}

} // namespace

DiagramScene::DiagramScene(Document *document, QObject *parent)
    : QGraphicsScene(parent)
    , m_document(document)
{
    // Items move and appear all the time; a BSP tree would be rebuilt often.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    connect(document, &Document::changed, this, &DiagramScene::onDocumentChanged);
    connect(document, &Document::locksChanged, this, [this] {
        for (auto &[id, node] : m_nodes)
            node->setLocked(m_document->isLocked(id));
    });
    rebuild();
}

DiagramScene::~DiagramScene()
{
    blockSignals(true); // no selectionChanged from a half-destroyed scene
    // Edges point at nodes: drop them first.
    for (auto &[key, edge] : m_edges)
        delete edge;
    m_edges.clear();
}

NodeItem *DiagramScene::nodeItem(const std::string &id) const
{
    const auto it = m_nodes.find(id);
    return it == m_nodes.end() ? nullptr : it->second;
}

EdgeItem *DiagramScene::edgeItem(const Connection &connection) const
{
    const auto it = m_edges.find(connection.key());
    return it == m_edges.end() ? nullptr : it->second;
}

NoteItem *DiagramScene::noteItem(int index) const
{
    return index >= 0 && index < int(m_notes.size()) ? m_notes[index] : nullptr;
}

void DiagramScene::onDocumentChanged(const ChangeEvent &event)
{
    const Model &model = m_document->model();
    switch (event.type) {
    case ChangeEvent::Type::Reset:
        rebuild();
        break;
    case ChangeEvent::Type::ElementsAdded:
        for (const std::string &id : event.ids)
            addNode(id);
        syncEdges();
        break;
    case ChangeEvent::Type::ElementsRemoved:
        for (const std::string &id : event.ids)
            removeNode(id);
        syncEdges();
        break;
    case ChangeEvent::Type::ElementRenamed: {
        auto node = m_nodes.extract(event.ids.at(0));
        if (!node.empty()) {
            node.mapped()->setElementId(event.ids.at(1));
            node.key() = event.ids.at(1);
            m_nodes.insert(std::move(node));
        }
        [[fallthrough]];
    }
    case ChangeEvent::Type::ElementsChanged:
        // Names show up in other nodes too ("issues SendMail"): refresh all.
        for (auto &[id, node] : m_nodes)
            node->syncWith(model);
        syncEdges();
        break;
    case ChangeEvent::Type::PositionsChanged:
        for (const std::string &id : event.ids) {
            if (NodeItem *node = nodeItem(id))
                node->syncWith(model);
        }
        break;
    case ChangeEvent::Type::NotesChanged:
        syncNotes();
        break;
    case ChangeEvent::Type::SettingsChanged:
        break;
    }
    if (event.type != ChangeEvent::Type::NotesChanged && event.type != ChangeEvent::Type::SettingsChanged)
        emit nodesChanged();
}

void DiagramScene::rebuild()
{
    clearSelection();
    for (auto &[key, edge] : m_edges)
        delete edge;
    m_edges.clear();
    m_edgesOfNode.clear();
    for (auto &[id, node] : m_nodes)
        delete node;
    m_nodes.clear();
    for (NoteItem *note : m_notes)
        delete note;
    m_notes.clear();
    for (const std::string &id : allElementIds(m_document->model()))
        addNode(id);
    syncEdges();
    syncNotes();
}

NodeItem *DiagramScene::addNode(const std::string &id)
{
    const Model &model = m_document->model();
    const auto kind = model.kindOf(id);
    if (!kind || m_nodes.count(id))
        return nodeItem(id);
    auto *node = new NodeItem(id, *kind);
    if (const auto it = m_problems.find(id); it != m_problems.end())
        node->setProblem(it->second);
    node->syncWith(model);
    node->setLocked(m_document->isLocked(id));
    node->setFiguresHidden(m_figuresHidden);
    addItem(node);
    if (m_minimumTextPixels > 0) // in the scene: the size follows its views' zoom
        node->setMinimumNamePixels(m_minimumTextPixels);
    m_nodes.emplace(id, node);
    return node;
}

void DiagramScene::removeNode(const std::string &id)
{
    const auto it = m_nodes.find(id);
    if (it == m_nodes.end())
        return;
    NodeItem *node = it->second;
    m_nodes.erase(it);
    // Its edges go with it (syncEdges would find them dangling).
    std::vector<EdgeItem *> edges;
    const auto range = m_edgesOfNode.equal_range(node);
    for (auto e = range.first; e != range.second; ++e)
        edges.push_back(e->second);
    for (EdgeItem *edge : edges) {
        for (NodeItem *end : {edge->source(), edge->target()}) {
            auto r = m_edgesOfNode.equal_range(end);
            for (auto e = r.first; e != r.second;) {
                e = e->second == edge ? m_edgesOfNode.erase(e) : std::next(e);
            }
        }
        m_edges.erase(edge->connection().key());
        delete edge;
    }
    delete node;
}

void DiagramScene::syncEdges()
{
    std::vector<Connection> connections = connectionsOf(m_document->model());
    // An event's aggregate is written inside the node; a line to it would
    // only cross the diagram.
    std::erase_if(connections,
                  [](const Connection &c) { return c.kind == Connection::Kind::BelongsTo; });
    std::set<std::string> wanted;
    for (const Connection &connection : connections)
        wanted.insert(connection.key());
    for (auto it = m_edges.begin(); it != m_edges.end();) {
        if (wanted.count(it->first)) {
            ++it;
            continue;
        }
        EdgeItem *edge = it->second;
        for (NodeItem *end : {edge->source(), edge->target()}) {
            auto r = m_edgesOfNode.equal_range(end);
            for (auto e = r.first; e != r.second;)
                e = e->second == edge ? m_edgesOfNode.erase(e) : std::next(e);
        }
        delete edge;
        it = m_edges.erase(it);
    }
    for (const Connection &connection : connections) {
        if (m_edges.count(connection.key()))
            continue;
        NodeItem *source = nodeItem(connection.from);
        NodeItem *target = nodeItem(connection.to);
        if (!source || !target)
            continue;
        auto *edge = new EdgeItem(connection, source, target);
        addItem(edge);
        m_edges.emplace(connection.key(), edge);
        m_edgesOfNode.emplace(source, edge);
        m_edgesOfNode.emplace(target, edge);
    }
}

void DiagramScene::setMinimumTextPixels(double pixels)
{
    m_minimumTextPixels = pixels;
    for (const auto &[id, node] : m_nodes)
        node->setMinimumNamePixels(pixels);
    for (NoteItem *note : m_notes)
        note->setMinimumTextPixels(pixels * kNoteTextShare);
}

void DiagramScene::syncNotes()
{
    const auto &notes = m_document->model().diagram.notes;
    while (m_notes.size() > notes.size()) {
        delete m_notes.back();
        m_notes.pop_back();
    }
    const std::size_t had = m_notes.size();
    while (m_notes.size() < notes.size()) {
        auto *note = new NoteItem(int(m_notes.size()));
        addItem(note);
        m_notes.push_back(note);
    }
    for (size_t i = 0; i < notes.size(); ++i)
        m_notes[i]->syncWith(notes[i]);
    // New notes, once in the scene with their text and place.
    for (std::size_t i = had; i < m_notes.size() && m_minimumTextPixels > 0; ++i)
        m_notes[i]->setMinimumTextPixels(m_minimumTextPixels * kNoteTextShare);
}

void DiagramScene::nodeMoved(NodeItem *node)
{
    const auto range = m_edgesOfNode.equal_range(node);
    for (auto it = range.first; it != range.second; ++it)
        it->second->updateGeometry();
    emit nodesChanged();
}

NodeItem *DiagramScene::nodeAt(QPointF scenePos) const
{
    for (QGraphicsItem *item : items(scenePos)) {
        if (item->type() == NodeItem::Type) {
            auto *node = static_cast<NodeItem *>(item);
            if (node->sceneBody().contains(scenePos))
                return node;
        }
    }
    return nullptr;
}

bool DiagramScene::connectNodes(const std::string &from, const std::string &to)
{
    std::string reason;
    const QString replacement = replacementText(m_document->model(),
                                                checkConnection(m_document->model(), from, to));
    // Named as on the canvas ("PlaceOrder", not "place-order").
    const auto nodeName = [this](const std::string &id) {
        const std::optional<AnyElement> element = findElement(m_document->model(), id);
        return QString::fromStdString(element && !elementName(*element).empty() ? elementName(*element) : id);
    };
    if (m_document->connectElements(from, to, &reason)) {
        if (replacement.isEmpty())
            emit statusMessage(tr("Connected %1 to %2.").arg(nodeName(from), nodeName(to)));
        else
            emit statusMessage(tr("Replaced: %1 Undo (Ctrl+Z) to go back.").arg(replacement));
        return true;
    }
    emit statusMessage(tr("Cannot connect: %1").arg(QString::fromStdString(reason)));
    return false;
}

void DiagramScene::beginConnection(const std::string &from, QPointF scenePos)
{
    delete m_connectionPreview;
    m_connectionFrom = from;
    m_connectionPreview = new QGraphicsPathItem;
    m_connectionPreview->setZValue(10);
    addItem(m_connectionPreview);
    updateConnection(scenePos);
}

void DiagramScene::updateConnection(QPointF scenePos)
{
    NodeItem *source = nodeItem(m_connectionFrom);
    if (!m_connectionPreview || !source)
        return;
    NodeItem *target = nodeAt(scenePos);
    QColor color = palette().text().color();
    QRectF targetRect(scenePos - QPointF(1, 1), QSizeF(2, 2));
    if (target && target != source) {
        const ConnectionCheck check = checkConnection(m_document->model(), m_connectionFrom,
                                                      target->id());
        const QString replacement = replacementText(m_document->model(), check);
        // Amber: allowed, but another connection goes away.
        color = !check.ok              ? QColor(0xd3, 0x2f, 0x2f)
                : replacement.isEmpty() ? QColor(0x2e, 0x9d, 0x3a)
                                        : QColor(0xe0, 0x8a, 0x00);
        targetRect = target->sceneBody();
        if (!check.ok)
            emit statusMessage(tr("Cannot connect: %1").arg(QString::fromStdString(check.reason)));
        else if (!replacement.isEmpty())
            emit statusMessage(tr("Release to replace: %1").arg(replacement));
        else
            emit statusMessage(tr("Release to connect: %1 %2 %3")
                                   .arg(QString::fromStdString(check.connection.from),
                                        QString::fromUtf8(connectionLabel(check.connection.kind)),
                                        QString::fromStdString(check.connection.to)));
    } else {
        emit statusMessage(tr("Drop on an element to connect it."));
    }
    QPen pen(color, 2.5, Qt::DashLine);
    m_connectionPreview->setPen(pen);
    m_connectionPreview->setPath(EdgeItem::route(source->sceneBody(), targetRect));
}

void DiagramScene::finishConnection(QPointF scenePos)
{
    if (!m_connectionPreview)
        return;
    updateConnection(scenePos);
    NodeItem *target = nodeAt(scenePos);
    const bool connected = target && target->id() != m_connectionFrom
                           && connectNodes(m_connectionFrom, target->id());
    if (target && !connected && target->id() != m_connectionFrom) {
        // Leave the red preview up for a moment so the refusal is visible.
        QPointer<DiagramScene> self(this);
        QGraphicsPathItem *preview = m_connectionPreview;
        m_connectionPreview = nullptr;
        QTimer::singleShot(700, this, [self, preview] {
            if (self)
                delete preview;
        });
    } else {
        delete m_connectionPreview;
        m_connectionPreview = nullptr;
        if (!target)
            emit statusMessage(tr("Connection cancelled: drop on an element to connect."));
    }
    m_connectionFrom.clear();
}

std::vector<std::string> DiagramScene::selectedElementIds() const
{
    std::vector<std::string> ids;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == NodeItem::Type)
            ids.push_back(static_cast<NodeItem *>(item)->id());
    }
    // Model order, so results do not depend on the scene's item order.
    std::vector<std::string> ordered;
    for (const std::string &id : allElementIds(m_document->model())) {
        if (std::find(ids.begin(), ids.end(), id) != ids.end())
            ordered.push_back(id);
    }
    return ordered;
}

std::vector<Connection> DiagramScene::selectedConnections() const
{
    std::vector<Connection> result;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == EdgeItem::Type)
            result.push_back(static_cast<EdgeItem *>(item)->connection());
    }
    return result;
}

std::vector<int> DiagramScene::selectedNoteIndexes() const
{
    std::vector<int> result;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == NoteItem::Type)
            result.push_back(static_cast<NoteItem *>(item)->index());
    }
    std::sort(result.begin(), result.end());
    return result;
}

void DiagramScene::selectElements(const std::vector<std::string> &ids, const std::vector<int> &notes)
{
    QSignalBlocker blocker(this);
    clearSelection();
    for (const std::string &id : ids) {
        if (NodeItem *node = nodeItem(id))
            node->setSelected(true);
    }
    for (int index : notes) {
        if (NoteItem *note = noteItem(index))
            note->setSelected(true);
    }
    blocker.unblock();
    emit selectionChanged();
}

void DiagramScene::deleteSelection()
{
    m_document->deleteItems(selectedElementIds(), selectedConnections(), selectedNoteIndexes());
}

void DiagramScene::nudgeSelection(QPointF delta)
{
    const Model &model = m_document->model();
    std::map<std::string, QPointF> nodes;
    std::map<int, QPointF> notes;
    for (const std::string &id : selectedElementIds()) {
        if (const auto it = model.diagram.nodes.find(id); it != model.diagram.nodes.end())
            nodes[id] = QPointF(it->second.x, it->second.y) + delta;
    }
    for (int index : selectedNoteIndexes())
        notes[index] = QPointF(model.diagram.notes[index].x, model.diagram.notes[index].y) + delta;
    m_document->nudgeItems(nodes, notes);
}

void DiagramScene::cancelConnection()
{
    delete m_connectionPreview;
    m_connectionPreview = nullptr;
    m_connectionFrom.clear();
    emit statusMessage(tr("Connection cancelled."));
}

void DiagramScene::setProblems(const std::map<std::string, ElementProblem> &problems)
{
    m_problems = problems;
    for (auto &[id, node] : m_nodes) {
        const auto it = m_problems.find(id);
        node->setProblem(it == m_problems.end() ? std::nullopt : std::optional(it->second));
    }
}

void DiagramScene::setFiguresHidden(bool hidden)
{
    if (m_figuresHidden == hidden)
        return;
    m_figuresHidden = hidden;
    for (auto &[id, node] : m_nodes)
        node->setFiguresHidden(hidden);
    emit figuresHiddenChanged(hidden);
}

QRectF DiagramScene::contentsRect() const
{
    QRectF rect;
    for (const auto &[id, node] : m_nodes)
        rect = rect.united(node->sceneBoundingRect());
    for (NoteItem *note : m_notes) // at their own size: a presented note's text follows the zoom
        rect = rect.united(note->ownSceneRect().adjusted(-3, -3, 3, 3));
    if (rect.isNull())
        rect = QRectF(0, 0, 800, 500);
    return rect.adjusted(-40, -40, 40, 40);
}

void DiagramScene::commitMoves()
{
    // Whole scene units keep saved files tidy (drags at odd zooms give fractions).
    auto rounded = [](QPointF p) { return QPointF(std::round(p.x()), std::round(p.y())); };
    const Model &model = m_document->model();
    std::map<std::string, QPointF> nodes;
    std::map<int, QPointF> notes;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == NodeItem::Type) {
            auto *node = static_cast<NodeItem *>(item);
            const auto it = model.diagram.nodes.find(node->id());
            if (it == model.diagram.nodes.end() || QPointF(it->second.x, it->second.y) != node->pos())
                nodes[node->id()] = rounded(node->pos());
        } else if (item->type() == NoteItem::Type) {
            auto *note = static_cast<NoteItem *>(item);
            const auto &all = model.diagram.notes;
            if (note->index() < int(all.size())
                && QPointF(all[note->index()].x, all[note->index()].y) != note->pos())
                notes[note->index()] = rounded(note->pos());
        }
    }
    if (!nodes.empty() || !notes.empty())
        m_document->moveItems(nodes, notes);
}

void DiagramScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton)
        commitMoves();
}

void DiagramScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsItem *item = itemAt(event->scenePos(), QTransform());
    if (!item) {
        emit addMenuRequested(event->scenePos(), event->screenPos());
        event->accept();
        return;
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
    emit editRequested();
}

void DiagramScene::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    // The view it came through (the scene has others: the replay's, the
    // overview's).
    auto *view = qobject_cast<QGraphicsView *>(event->widget() ? event->widget()->parentWidget() : nullptr);
    if (event->reason() == QGraphicsSceneContextMenuEvent::Keyboard && view) {
        // The Menu key acts on the selection, its menu beside it; with
        // nothing selected, on the middle of the canvas in sight. (Qt puts a
        // keyboard's menu at the view's corner: it dropped the selection for
        // whatever lay there and offered to add elements.)
        const QRect shown = view->viewport()->rect();
        QPointF at = view->mapToScene(shown.center());
        const QList<QGraphicsItem *> selected = selectedItems();
        if (!selected.isEmpty()) {
            // Beside it, in sight: the menu covered half the element, or
            // opened at the canvas's edge for one scrolled away.
            const QGraphicsItem *item = focusItem() && focusItem()->isSelected() ? focusItem() : selected.front();
            view->ensureVisible(item, 16, 16);
            const QRectF r = item->sceneBoundingRect();
            at = QPointF(r.right(), r.center().y());
        }
        const QPoint inView = view->mapFromScene(at);
        const QPoint menuAt(std::clamp(inView.x(), shown.left(), shown.right()),
                            std::clamp(inView.y(), shown.top(), shown.bottom()));
        emit contextMenuRequested(at, view->viewport()->mapToGlobal(menuAt));
        event->accept();
        return;
    }
    QGraphicsItem *item = itemAt(event->scenePos(), QTransform());
    if (item && !item->isSelected()) {
        clearSelection();
        item->setSelected(true);
    } else if (!item) {
        clearSelection();
    }
    emit contextMenuRequested(event->scenePos(), event->screenPos());
    event->accept();
}

void DiagramScene::dragEnterEvent(QGraphicsSceneDragDropEvent *event)
{
    if (event->mimeData()->hasFormat(kElementKindMime))
        event->acceptProposedAction();
    else
        QGraphicsScene::dragEnterEvent(event);
}

void DiagramScene::dragMoveEvent(QGraphicsSceneDragDropEvent *event)
{
    if (event->mimeData()->hasFormat(kElementKindMime))
        event->acceptProposedAction();
    else
        QGraphicsScene::dragMoveEvent(event);
}

void DiagramScene::dropEvent(QGraphicsSceneDragDropEvent *event)
{
    if (!event->mimeData()->hasFormat(kElementKindMime)) {
        QGraphicsScene::dropEvent(event);
        return;
    }
    const QByteArray what = event->mimeData()->data(kElementKindMime);
    const QPointF topLeft = event->scenePos() - QPointF(kNodeWidth / 2, kNodeHeight / 2);
    if (what == "note") {
        const int index = m_document->addNote(topLeft, tr("Note"));
        selectElements({}, {index});
    } else {
        bool ok = false;
        const int kind = what.toInt(&ok);
        if (!ok || kind < 0 || kind > int(ElementKind::Query))
            return;
        const std::string id = m_document->addElement(ElementKind(kind), topLeft);
        selectElements({id});
    }
    event->acceptProposedAction();
}

void DiagramScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, palette().base());
    const double scale = painter->worldTransform().m11();
    if (scale < 0.45)
        return;
    constexpr double step = 40;
    QColor line = palette().text().color();
    line.setAlphaF(0.06);
    painter->setPen(QPen(line, 0));
    QVarLengthArray<QLineF, 128> lines;
    for (double x = std::floor(rect.left() / step) * step; x < rect.right(); x += step)
        lines.append(QLineF(x, rect.top(), x, rect.bottom()));
    for (double y = std::floor(rect.top() / step) * step; y < rect.bottom(); y += step)
        lines.append(QLineF(rect.left(), y, rect.right(), y));
    painter->drawLines(lines.data(), int(lines.size()));
}

} // namespace cqrs
