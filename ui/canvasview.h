#pragma once

#include <QGraphicsView>

namespace cqrs {

class DiagramScene;

/// The view of the canvas: wheel zoom around the cursor, fit, pan with the
/// middle button or space+drag, rubber-band selection.
class CanvasView final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit CanvasView(DiagramScene *scene, QWidget *parent = nullptr);

    double zoom() const { return transform().m11(); }
    void setZoom(double zoom);

public slots:
    void zoomIn();
    void zoomOut();
    void resetZoom();
    /// Fits every node and note into the view (never zooms in beyond 100%).
    void fitAll();

signals:
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;

private:
    void zoomBy(double factor, QPointF anchorViewPos);

    DiagramScene *m_scene;
    bool m_panning = false;
    bool m_spaceHeld = false;
    QPoint m_lastPanPos;
};

} // namespace cqrs
