#pragma once

#include <QGraphicsView>

namespace cqrs {

class DiagramScene;

/// The view of the canvas: wheel zoom around the cursor, fit, pan with the
/// middle button or space+drag, rubber-band selection. From the keyboard,
/// Tab and Shift+Tab select the next and previous element (in the diagram's
/// reading order, left to right); past the last one focus leaves the canvas.
/// Its accessible description says what the diagram holds and what is selected.
class CanvasView final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit CanvasView(DiagramScene *scene, QWidget *parent = nullptr);

    double zoom() const { return transform().m11(); }
    void setZoom(double zoom);
    /// Every node and note is inside the visible part of the view.
    bool showsAll() const;
    /// The whole model at the zoom Fit to Window gives (not a small model
    /// the user zoomed into, which may show whole too).
    bool isFitted() const;
    /// Keeps a strip of `pixels` along the view's top edge out of the
    /// diagram's way (a panel over the canvas sits there): the diagram is
    /// drawn, fitted and scrolled below it. 0 gives the strip back.
    void reserveTop(int pixels);
    int reservedTop() const { return viewportMargins().top(); }

public slots:
    void zoomIn();
    void zoomOut();
    void resetZoom();
    /// Fits every node and note into the view (never zooms in beyond 100%),
    /// and again whenever the view's size changes until the zoom or the
    /// scroll position is changed otherwise.
    void fitAll();
    /// Selects the element after (or before) the selected one in reading
    /// order and scrolls to it; false when there is none in that direction.
    bool selectAdjacentElement(bool next);

signals:
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    bool focusNextPrevChild(bool next) override;

private:
    void zoomBy(double factor, QPointF anchorViewPos);
    /// Tells the nodes (their badges' size on screen depends on the zoom).
    void zoomed();
    /// The zoom fitAll() sets; 0 when there is nothing to fit.
    double fitZoom() const;
    void updateAccessibleDescription();

    DiagramScene *m_scene;
    bool m_panning = false;
    bool m_keepFitted = false; ///< fitAll() again when the size changes
    bool m_spaceHeld = false;
    QPoint m_lastPanPos;
    /// Tab has walked through elements since focus came to the canvas: at
    /// the end of the walk the next Tab leaves.
    bool m_walking = false;
};

} // namespace cqrs
