#pragma once

#include <cqrs/model/elements.h>

#include <QGraphicsItem>
#include <QPainterPath>
#include <vector>

namespace cqrs {

class NodeItem;

/// One connection between two nodes: a curve with an arrow and a small label.
class EdgeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    EdgeItem(Connection connection, NodeItem *source, NodeItem *target);

    const Connection &connection() const { return m_connection; }
    NodeItem *source() const { return m_source; }
    NodeItem *target() const { return m_target; }
    int type() const override { return Type; }

    /// Recomputes the curve after a node moved.
    void updateGeometry();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
               QWidget *widget) override;

    /// The curve between two scene rectangles, as edges and the connection
    /// preview draw it.
    static QPainterPath route(const QRectF &from, const QRectF &to, QPointF *arrowTip = nullptr,
                              QPointF *arrowDirection = nullptr);

private:
    Connection m_connection;
    NodeItem *m_source;
    NodeItem *m_target;
    QPainterPath m_path;
    QPainterPath m_arrow;
    QPainterPath m_hitShape;
    QPointF m_labelPos;
    QRectF m_bounds;
};

/// A sticky note of the diagram.
class NoteItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };

    explicit NoteItem(int index);
    int index() const { return m_index; }
    int type() const override { return Type; }
    void syncWith(const Note &note);
    QString text() const { return m_text; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
               QWidget *widget) override;

    /// Presenting: the text at least `pixels` high on screen (at most four
    /// times its own size), the note wider as far as the next node to its
    /// right lets it, and taller with its text; smaller where the note would
    /// then lie on a node. 0 gives it back its size.
    void setMinimumTextPixels(double pixels);
    /// The view's zoom changed: the text's size above follows it.
    void viewScaleChanged();
    /// How much larger than its own size the text is drawn (1 unless presenting).
    double textScale() const { return m_textScale; }
    /// The text's height on screen in pixels at the view's zoom `lod`.
    double textPixels(double lod) const;
    QSizeF size() const { return m_size; }
    /// The note at its own size in the scene, however large presenting draws it.
    QRectF ownSceneRect() const { return QRectF(pos(), QSizeF(kNoteWidth, m_ownHeight)); }

private:
    static constexpr double kNoteWidth = 180;
    void applyPresentedScale();
    /// The size and the wrapped lines for the text at m_textScale.
    void layoutText();
    /// The note `width` wide with its text at `scale` wrapped in it.
    QSizeF wrappedSize(double scale, double width) const;
    /// Presenting at `scale`: the note's size with its text wrapped in it.
    QSizeF presentedSize(double scale) const;
    /// Whether the note at `size` lies on a node it did not at its own size.
    bool coversANode(QSizeF size) const;
    QFont textFont() const;
    /// Where paint() draws the text in a note of `size`.
    QRectF textArea(QSizeF size) const;

    int m_index;
    double m_minimumTextPixels = 0;
    double m_wantedScale = 1; ///< for the text's pixels at the zoom
    double m_textScale = 1;   ///< as drawn: less where the note would cover a node
    double m_ownHeight = 90;
    QString m_text;
    QSizeF m_size;
    /// Each line of the wrapped text: its rectangle, drawn as a bar when
    /// the canvas is zoomed too far out for the text to be read.
    std::vector<QRectF> m_lines;
};

} // namespace cqrs
