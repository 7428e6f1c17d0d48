// ChartsPanel's trace picking: a click on the consistency-window chart (or its
// context menu) asks for the trace of a command committed at that moment.
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLineSeries>
#include <QMetaMethod>
#include <QMouseEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace cqrs {

void ChartsPanel::installTracePicking()
{
    QWidget *viewport = m_cards[Window]->view()->viewport();
    viewport->setMouseTracking(true);
    viewport->installEventFilter(this);
    m_pickTimer.setSingleShot(true);
    connect(&m_pickTimer, &QTimer::timeout, this, [this] { requestTraceAt(m_pickAt); });
}

bool ChartsPanel::canPickTrace() const
{
    return hasRun() && m_duration > 0 && isSignalConnected(QMetaMethod::fromSignal(&ChartsPanel::traceRequested));
}

double ChartsPanel::timeAt(const QPoint &viewPos) const
{
    QChartView *view = m_cards[Window]->view();
    QChart *c = view->chart();
    const QPointF inChart = c->mapFromScene(view->mapToScene(viewPos));
    if (!c->plotArea().contains(inChart) || c->series().isEmpty())
        return std::numeric_limits<double>::quiet_NaN();
    const double t = c->mapToValue(inChart, c->series().front()).x() * m_timeUnit;
    return std::clamp(t, 0.0, m_duration);
}

QString ChartsPanel::readModelNear(const QPoint &viewPos) const
{
    const QString focus = m_focus->currentData().toString();
    if (!focus.isEmpty() || m_readModels.size() <= 1)
        return focus.isEmpty() ? m_readModels.value(0) : focus;
    // All read models shown: the one whose p99 line passes nearest the pointer.
    QChartView *view = m_cards[Window]->view();
    QChart *c = view->chart();
    const QPointF inChart = c->mapFromScene(view->mapToScene(viewPos));
    QString best;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (qsizetype i = 0; i < m_readModels.size() && i < qsizetype(m_rmP99.size()); ++i) {
        const Line &line = m_lines[std::size_t(m_rmP99[std::size_t(i)])];
        if (!line.series->isVisible())
            continue;
        const QList<QPointF> points = line.series->points();
        if (points.isEmpty())
            continue;
        const double x = c->mapToValue(inChart, line.series).x();
        auto it = std::lower_bound(points.begin(), points.end(), x,
                                   [](const QPointF &p, double v) { return p.x() < v; });
        if (it == points.end())
            --it;
        const double distance = std::abs(c->mapToPosition(*it, line.series).y() - inChart.y());
        if (distance < bestDistance) {
            bestDistance = distance;
            best = m_readModels[i];
        }
    }
    return best;
}

bool ChartsPanel::requestTraceAt(const QPoint &viewPos)
{
    if (!canPickTrace())
        return false;
    const double t = timeAt(viewPos);
    if (std::isnan(t))
        return false;
    emit traceRequested(t, readModelNear(viewPos));
    return true;
}

bool ChartsPanel::pickEvent(QEvent *event)
{
    QWidget *viewport = m_cards[Window]->view()->viewport();
    switch (event->type()) {
    case QEvent::MouseMove: {
        // The cue: a hand over the plot, and the tooltip says what a click does.
        const QPoint pos = static_cast<QMouseEvent *>(event)->position().toPoint();
        const bool pick = canPickTrace() && !std::isnan(timeAt(pos));
        if (pick && viewport->cursor().shape() != Qt::PointingHandCursor) {
            viewport->setCursor(Qt::PointingHandCursor);
            viewport->setToolTip(tr("Click to trace a command committed at this moment"));
        } else if (!pick && viewport->testAttribute(Qt::WA_SetCursor)) {
            viewport->unsetCursor();
            viewport->setToolTip(QString());
        }
        return false;
    }
    case QEvent::MouseButtonRelease: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (std::exchange(m_skipRelease, false))
            return false; // the end of a double click
        if (mouse->button() == Qt::LeftButton && canPickTrace()) {
            m_pickAt = mouse->position().toPoint();
            m_pickTimer.start(QApplication::doubleClickInterval());
        }
        return false;
    }
    case QEvent::MouseButtonPress:
        m_skipRelease = false; // a new click
        return false;
    case QEvent::MouseButtonDblClick:
        m_pickTimer.stop(); // a double click enlarges the chart, it does not pick
        m_skipRelease = true;
        return false;
    default:
        return false;
    }
}

} // namespace cqrs
