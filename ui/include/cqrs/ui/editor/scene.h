#pragma once

#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/nodeitem.h"

#include <QGraphicsScene>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

class QGraphicsPathItem;

namespace cqrs {

class EdgeItem;
class NoteItem;

/// MIME type of a palette drag: the element kind as a number.
inline constexpr char kElementKindMime[] = "application/x-cqrs-studio-element-kind";

/// The canvas. Follows the document through its change notifications, keeps
/// one item per element in an id -> item map (STYLE lesson 9) and turns
/// mouse gestures into document edits.
class DiagramScene final : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit DiagramScene(Document *document, QObject *parent = nullptr);
    ~DiagramScene() override;

    Document *document() const { return m_document; }

    NodeItem *nodeItem(const std::string &id) const;
    EdgeItem *edgeItem(const Connection &connection) const;
    NoteItem *noteItem(int index) const;
    int nodeCount() const { return int(m_nodes.size()); }
    int edgeCount() const { return int(m_edges.size()); }

    /// Connects two elements as a drag from `from` to `to` would; on refusal
    /// shows the reason (statusMessage) and returns false.
    bool connectNodes(const std::string &from, const std::string &to);

    /// Connection drag, driven by NodeItem's connector handle.
    void beginConnection(const std::string &from, QPointF scenePos);
    void updateConnection(QPointF scenePos);
    void finishConnection(QPointF scenePos);
    bool isConnecting() const { return m_connectionPreview != nullptr; }

    std::vector<std::string> selectedElementIds() const;
    std::vector<Connection> selectedConnections() const;
    std::vector<int> selectedNoteIndexes() const;
    void selectElements(const std::vector<std::string> &ids, const std::vector<int> &notes = {});
    void deleteSelection();
    /// Moves the selected nodes and notes by delta (arrow keys), one step.
    void nudgeSelection(QPointF delta);
    /// Drops a connection drag in progress.
    void cancelConnection();

    /// Validation results: id -> (severity 1 warning / 2 error, text).
    void setProblems(const std::map<std::string, ElementProblem> &problems);

    /// Interview mode: nodes hide their figures (detail line, live badge);
    /// the window hides the load predictions among the problems too.
    void setFiguresHidden(bool hidden);
    bool figuresHidden() const { return m_figuresHidden; }

    /// Presenting: node names at least `pixels` high on screen, notes three
    /// quarters of that, whatever the zoom; elements and notes added later
    /// too (0: as the zoom gives).
    void setMinimumTextPixels(double pixels);
    double minimumTextPixels() const { return m_minimumTextPixels; }

    /// Bounding rect of all items with a margin.
    QRectF contentsRect() const;

    /// Called by node items when they move, to drag their edges along.
    void nodeMoved(NodeItem *node);

signals:
    /// A hint for the status bar (refused connection, what a drag will do).
    void statusMessage(const QString &message);
    /// The user double-clicked empty canvas: offer the "add" menu there.
    void addMenuRequested(QPointF scenePos, QPoint screenPos);
    /// The user double-clicked a node or note: focus the inspector.
    void editRequested();
    /// Right click; the item under the cursor is selected first.
    void contextMenuRequested(QPointF scenePos, QPoint screenPos);
    /// setFiguresHidden() changed whether the figures show.
    void figuresHiddenChanged(bool hidden);
    /// Nodes were added, removed, renamed or moved (what is drawn beside
    /// them, such as a run's halos, follows).
    void nodesChanged();

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent *event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent *event) override;
    void dropEvent(QGraphicsSceneDragDropEvent *event) override;

private:
    void onDocumentChanged(const ChangeEvent &event);
    void rebuild();
    NodeItem *addNode(const std::string &id);
    void removeNode(const std::string &id);
    void syncEdges();
    void syncNotes();
    NodeItem *nodeAt(QPointF scenePos) const;
    void commitMoves();

    Document *m_document;
    std::unordered_map<std::string, NodeItem *> m_nodes;
    std::unordered_map<std::string, EdgeItem *> m_edges; ///< by Connection::key()
    std::unordered_multimap<NodeItem *, EdgeItem *> m_edgesOfNode;
    std::vector<NoteItem *> m_notes;
    std::map<std::string, ElementProblem> m_problems;
    QGraphicsPathItem *m_connectionPreview = nullptr;
    std::string m_connectionFrom;
    bool m_figuresHidden = false;
    double m_minimumTextPixels = 0;
};

} // namespace cqrs
