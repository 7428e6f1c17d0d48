#pragma once

#include "cqrs/ui/trace/replaytimeline.h"

#include <QColor>
#include <QGraphicsItem>
#include <QPointF>
#include <QString>
#include <algorithm>

namespace cqrs {

/// Sizes of the replay's drawings in screen pixels (they ignore the zoom):
/// larger while presenting, for a projector.
struct ReplaySizes
{
    double tokenRadius = 9;
    int labelPixels = 12;
    double outline = 3;

    static ReplaySizes normal() { return {}; }
    /// For a projector; `scale` as PresentationMode::textScale() (never below normal()).
    static ReplaySizes presenting(double scale = 1.0)
    {
        return {std::max(9.0, 15 * scale), std::max(12, int(22 * scale + 0.5)),
                std::max(3.0, 5 * scale)};
    }
};

/// A token of a replay: a disc that keeps its size at any zoom. Filled while
/// it moves or works; a hollow, pulsing ring while it waits; a small disc
/// with a tick once done; a cross when rejected. A label beside it says
/// what it is doing.
class ReplayTokenItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 40 };

    explicit ReplayTokenItem(const QColor &color);
    int type() const override { return Type; }

    void setStage(ReplayStage stage);
    ReplayStage stage() const { return m_stage; }
    void setLabel(const QString &label);
    QString label() const { return m_label; }
    /// Where the label goes: right of the disc or left of it, moved down by
    /// `shift` pixels (up when negative); or below or above it, moved
    /// sideways by `shift` pixels (right when positive).
    enum class LabelSide { Right, Left, Below, Above };
    void setLabelSide(LabelSide side, double shift = 0);
    LabelSide labelSide() const { return m_labelSide; }
    double labelShift() const { return m_labelShift; }
    /// The label's box in the item's coordinates (pixels; empty without a label).
    QRectF labelRect() const { return labelRect(m_labelSide, m_labelShift); }
    /// The box it would have on that side.
    QRectF labelRect(LabelSide side, double shift) const;
    /// The label's width in pixels (0 without a label), and its gap from the disc.
    double labelWidth() const { return labelRect().width(); }
    static constexpr double kLabelGap = 6;
    /// 0..1: the ring's breathing while queued.
    void setPulse(double pulse);
    /// A duplicate delivery: drawn with a dashed outline.
    void setDuplicate(bool duplicate);
    bool isDuplicate() const { return m_duplicate; }
    void setSizes(const ReplaySizes &sizes);
    QColor color() const { return m_color; }
    double radius() const { return m_sizes.tokenRadius; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QColor m_color;
    ReplayStage m_stage = ReplayStage::Moving;
    QString m_label;
    double m_pulse = 0;
    bool m_duplicate = false;
    LabelSide m_labelSide = LabelSide::Right;
    double m_labelShift = 0;
    ReplaySizes m_sizes;
    QRectF m_bounds;
    void updateBounds();
};

/// A mark around a node (scene coordinates: it follows the zoom) with a
/// label above it that keeps its size: a read's answer at a query (red when
/// stale), a read model or policy down or rebuilding.
class ReplayMarkItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 41 };

    ReplayMarkItem();
    int type() const override { return Type; }

    void setNodeRect(const QRectF &rect);
    QRectF nodeRect() const { return m_rect; }
    /// `strong`: the flash itself (thick, tinted); otherwise a thin reminder.
    void setLook(const QColor &color, bool strong, bool dashed = false);
    QColor color() const { return m_color; }
    bool isStrong() const { return m_strong; }
    void setText(const QString &text);
    QString text() const;
    /// Puts the label above the node (the default) or below it, moved by
    /// `shift` pixels (right and down when positive).
    void setLabelPlace(bool below, QPointF shift = {});
    /// The label's box in the coordinates of a view with that viewport
    /// transform (empty without a text): where it is, or where
    /// setLabelPlace(below, shift) would put it.
    QRectF labelRectIn(const QTransform &viewportTransform) const;
    QRectF labelRectIn(const QTransform &viewportTransform, bool below, QPointF shift = {}) const;
    void setSizes(const ReplaySizes &sizes);
    /// The view's zoom, so the outline (drawn in pixels) stays inside the bounds.
    void setViewZoom(double zoom);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    class Label;
    /// Where the label is anchored for that place, in scene coordinates.
    QPointF labelPoint(bool below, QPointF shift) const;
    double m_zoom = 1;
    QRectF m_rect;
    QColor m_color;
    bool m_strong = false;
    bool m_dashed = false;
    ReplaySizes m_sizes;
    QPointF m_labelShift; ///< pixels
    bool m_labelBelow = false;
    Label *m_label;
};

} // namespace cqrs
