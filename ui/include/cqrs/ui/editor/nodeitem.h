#pragma once

#include <cqrs/model/diagnostic.h>
#include <cqrs/model/elements.h>
#include <cqrs/model/model.h>

#include <QColor>
#include <QGraphicsItem>
#include <QStaticText>
#include <QString>

#include <map>
#include <optional>
#include <string>

namespace cqrs {

/// What validation found on one element: the worst severity among its
/// diagnostics and their messages, one a line.
struct ElementProblem
{
    Diagnostic::Severity severity = Diagnostic::Severity::Warning;
    QString text;

    bool operator==(const ElementProblem &) const = default;
};

/// The problems of each element that diagnostics name (by elementId).
std::map<std::string, ElementProblem> elementProblems(const Diagnostics &diagnostics);

/// EventStorming colours (DESIGN section 6): pastel fills with dark text, so
/// nodes read the same on light and dark canvases.
QColor kindColor(ElementKind kind);
QColor kindBorderColor(ElementKind kind);
/// "Command", "Read model", ...
QString kindTitle(ElementKind kind);

/// One element on the canvas. Holds only the element's id and what it last
/// read from the model (STYLE lesson 9); syncWith() refreshes it.
class NodeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };

    NodeItem(std::string id, ElementKind kind);

    const std::string &id() const { return m_id; }
    ElementKind kind() const { return m_kind; }
    int type() const override { return Type; }

    /// Re-reads name, details and position from the model.
    void syncWith(const Model &model);
    void setElementId(const std::string &id) { m_id = id; }

    /// Problems found by validation (none when empty): an amber marker for
    /// warnings, a red one for errors, at the top left, with the full text
    /// as its tooltip.
    void setProblem(const std::optional<ElementProblem> &problem);
    std::optional<Diagnostic::Severity> problemSeverity() const;
    QGraphicsItem *problemMarker() const { return m_problemMarker; }

    /// The name as drawn at normal zoom: whole when it fits the node at
    /// kMinimumNameFit of the name font or more, on one line or two (drawn
    /// that much smaller), cut with "…" otherwise. (Zoomed out, one line is
    /// drawn, cut to the node's width.)
    QString displayedName() const { return m_name; }
    /// Where the name's second line starts (0: one line).
    int nameBreak() const { return m_nameBreak; }
    /// The name as drawn while presenting at this zoom (setMinimumNamePixels()):
    /// one line, or two separated by '\n' when one would cut it and the node
    /// is tall enough. A long name may reach past the node's sides into half
    /// the layout's column gap, and be drawn down to kMinimumPresentedSqueeze
    /// of its width; each line is cut with "…" only if it still does not fit.
    QString presentedName(double lod) const;
    static constexpr double kMinimumPresentedSqueeze = 0.85;
    /// The size the name is drawn at, as a fraction of the name font
    /// (1 when it fits; down to kMinimumNameFit for a long name).
    double nameFit() const { return m_nameFit; }
    static constexpr double kMinimumNameFit = 0.75;

    /// A short live figure (backlog, lag, utilization) drawn at the top right;
    /// empty hides it.
    /// `tip`: what the badge's figures are, added to the node's tool tip.
    void setBadge(const QString &text, const QColor &color = {}, const QString &tip = {});
    QString badge() const { return m_badge; }
    QColor badgeColor() const { return m_badgeColor; }
    QString badgeTip() const { return m_badgeTip; }
    /// The badge as drawn at a fixed size on screen (empty when none is
    /// shown that way): presenting, and where the zoom would draw it smaller
    /// than kMinimumBadgePixels.
    QString presentedBadge() const;
    static constexpr int kMinimumBadgePixels = 9;
    /// The view's zoom changed: the badge is drawn at a fixed size or at the
    /// zoom's, and placed again (CanvasView calls it).
    void viewScaleChanged();
    /// Where that badge lies in the scene at the view's present zoom (empty
    /// when none is shown). It goes where it covers the least of the names
    /// and the other badges: above the node's top right corner, else below
    /// its bottom right corner, else beside it on the right or the left.
    QRectF presentedBadgeRect() const;
    /// Presenting: the extent of the name's letters, in item coordinates, at
    /// a view scale `lod`.
    QRectF presentedNameRect(double lod) const;

    /// Fixed by a challenge: a padlock at the bottom left, and a tooltip line.
    void setLocked(bool locked);
    bool isLocked() const { return m_locked; }
    /// Interview mode: the detail line and the live badge are not drawn.
    void setFiguresHidden(bool hidden);
    bool figuresHidden() const { return m_figuresHidden; }
    /// The detail line as drawn (empty while figures are hidden).
    QString displayedDetail() const { return m_figuresHidden ? QString() : m_detail; }

    /// Presentation mode: the name is drawn at least this many pixels high on
    /// screen, whatever the zoom (elided further to fit the node); 0 = as the
    /// zoom gives.
    void setMinimumNamePixels(double pixels);
    double minimumNamePixels() const { return m_minimumNamePixels; }
    /// How high the name is drawn on screen, in pixels (its font's pixel size
    /// times the zoom and any enlargement paint() applies), at a view scale `lod`.
    double namePixels(double lod) const;

    /// The connector handle that starts a connection drag, in item coordinates.
    QRectF handleRect() const;
    QPointF center() const { return pos() + QPointF(m_size.width() / 2, m_size.height() / 2); }
    QRectF sceneBody() const { return QRectF(pos(), m_size); }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option,
               QWidget *widget) override;

    /// The outline of a node of this kind in rect (also used for palette icons).
    static QPainterPath outline(ElementKind kind, const QRectF &rect);
    /// Draws the node's body (shape and fill) in rect.
    static void paintBody(QPainter *painter, ElementKind kind, const QRectF &rect);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    static QString findElementName(const Model &model, const std::string &id);
    void updateToolTip();

    std::string m_id;
    ElementKind m_kind;
    QSizeF m_size;
    double nameScale(double lod) const;
    QString m_fullName; ///< before eliding
    QString m_name;
    double m_minimumNamePixels = 0;
    QStaticText m_nameText; ///< zoomed out: one line cut to the node's width, laid out once
    QStaticText m_lines[2];  ///< normal zoom: the displayed name's one or two lines, laid out once
    double m_nameFit = 1.0;  ///< nameFit()
    int m_nameBreak = 0;     ///< nameBreak()
    int m_secondLineStart = 0; ///< where a second line would start (0: nowhere to break)
    /// Presenting: the name's lines at one scale, worked out once per scale.
    struct PresentedName
    {
        QString first;
        QString second;      ///< empty: one line
        double squeeze = 1;  ///< drawn this much narrower than the font (its height kept)
    };
    const PresentedName &presented(double lod) const;
    /// Half the gap to the nearest node beside this one (Horizontal) or
    /// above or below it (Vertical), at most `limit` (scene units).
    double halfGap(Qt::Orientation across, double limit) const;
    mutable double m_presentedScale = -1;
    mutable double m_presentedOverhang = 0; ///< how far a presented name may reach past the text area's sides
    mutable PresentedName m_presented;
    QString m_detail;
    QString m_badge;
    QColor m_badgeColor;
    QString m_badgeTip;
    QString m_baseToolTip; ///< name, kind, id and detail; problems are added to it
    std::optional<ElementProblem> m_problem;
    QGraphicsItem *m_problemMarker;
    QGraphicsItem *m_presentedBadge = nullptr; ///< created when first presenting a badge
    void syncPresentedBadge();
    /// Places the presented badge (see presentedBadgeRect()).
    void placePresentedBadge();
    /// The scale of the first view showing the scene (1 without one).
    double viewScale() const;
    int m_badgePlace = -1; ///< the place the presented badge took last (-1: none yet)
    bool m_hovered = false;
    bool m_locked = false;
    bool m_figuresHidden = false;
    bool m_connecting = false;
};

} // namespace cqrs
