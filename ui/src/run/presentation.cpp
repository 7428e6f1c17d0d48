#include "cqrs/ui/run/presentation.h"

#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/runbar.h"
#include "cqrs/ui/run/runui.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QGraphicsView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QResizeEvent>
#include <QScreen>
#include <QShortcut>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QWindow>
#include <algorithm>
#include <cmath>
#include <functional>

namespace cqrs {

namespace {

// The bars' text on a projector (pixels: the same at any dpi).
constexpr int kBarTextPixels = 20;
// The charts' share of the width; the canvas has the rest.
constexpr double kChartsShare = 0.55;
// Beside a kept dock (the challenge's requirements), which takes
// kKeptShare: the canvas keeps more than a third of the screen.
constexpr double kChartsBesideKept = 0.42;
constexpr double kKeptShare = 0.2;
// A kept dock's text (a projector's size at 1080 lines).
constexpr int kKeptTextPixels = 16;

/// The node names on every canvas of the window at least `pixels` high on
/// screen, the notes the room reads as large as the badges, and so the
/// elements and notes added while presenting (0: as the zoom gives).
void setCanvasNamePixels(QMainWindow *window, double pixels)
{
    for (QGraphicsView *view : window->findChildren<QGraphicsView *>()) {
        if (!qobject_cast<CanvasView *>(view))
            continue;
        if (auto *scene = qobject_cast<DiagramScene *>(view->scene()))
            scene->setMinimumTextPixels(pixels);
    }
}

} // namespace

PresentationMode::PresentationMode(QMainWindow *window, RunUi *run)
    : QObject(window)
    , m_window(window)
    , m_run(run)
{
    m_action = new QAction(tr("&Present"), this);
    m_action->setObjectName(QStringLiteral("presentAction"));
    m_action->setCheckable(true);
    m_action->setShortcut(QKeySequence(Qt::Key_F11));
    m_action->setToolTip(
        tr("Full screen for a projector: the canvas, up to four charts and the run bar, in large "
           "high-contrast type (Esc or F11 to leave)"));
    m_action->setStatusTip(m_action->toolTip());
    window->addAction(m_action); // F11 works while the menu bar is hidden
    connect(m_action, &QAction::toggled, this, &PresentationMode::setActive);
    m_escape = new QShortcut(QKeySequence(Qt::Key_Escape), window);
    m_escape->setEnabled(false);
    connect(m_escape, &QShortcut::activated, this, [this] {
        // An enlarged chart goes back to the grid first.
        if (m_run->charts()->enlargedChart() >= 0)
            m_run->charts()->setEnlarged(-1);
        else
            setActive(false);
    });
}

QPalette PresentationMode::highContrastPalette()
{
    QPalette p;
    for (QPalette::ColorRole role :
         {QPalette::Window, QPalette::Base, QPalette::AlternateBase, QPalette::ToolTipBase})
        p.setColor(role, Qt::white);
    for (QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::ToolTipText})
        p.setColor(role, Qt::black);
    p.setColor(QPalette::Button, QColor(0xee, 0xee, 0xee));
    p.setColor(QPalette::Mid, QColor(0x44, 0x44, 0x44));
    p.setColor(QPalette::Dark, QColor(0x22, 0x22, 0x22));
    p.setColor(QPalette::Highlight, QColor(0x00, 0x3c, 0xb4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x66, 0x66, 0x66));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x66, 0x66, 0x66));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x66, 0x66, 0x66));
    return p;
}

double PresentationMode::textScale(const QSize &screen)
{
    if (screen.height() <= 0)
        return 1.0;
    return std::clamp(screen.height() / 1080.0, 0.7, 1.0);
}

int PresentationMode::scaledPixels(int atFullSize, double scale)
{
    return std::max(1, int(std::lround(atFullSize * scale)));
}

void PresentationMode::setActive(bool active)
{
    if (active == m_active)
        return;
    if (active)
        enter();
    else
        leave();
    m_active = active;
    m_escape->setEnabled(active);
    if (m_action->isChecked() != active) {
        const QSignalBlocker blocker(m_action);
        m_action->setChecked(active);
    }
    emit activeChanged(active);
}

void PresentationMode::enter()
{
    m_geometry = m_window->geometry();
    m_state = m_window->saveState();
    m_chartsPlaced = m_run->chartsPlaced();
    m_windowState = m_window->windowState();
    m_menuBarVisible = !m_window->menuBar()->isHidden();
    m_statusBarVisible = !m_window->statusBar()->isHidden();
    m_hadPalette = m_window->testAttribute(Qt::WA_SetPalette);
    m_palette = m_window->palette();
    m_runBarFont = m_run->runBar()->font();
    m_whatIfBarFont = m_run->whatIfBar()->font();
    m_scale = textScale(m_window->screen() ? m_window->screen()->size() : QSize());
    m_canvases.clear();
    for (QGraphicsView *view : m_window->findChildren<QGraphicsView *>()) {
        if (auto *canvas = qobject_cast<CanvasView *>(view)) {
            m_canvases.push_back({canvas, canvas->isFitted(), canvas->zoom(),
                                  canvas->mapToScene(canvas->viewport()->rect().center())});
        }
    }

    QDockWidget *charts = m_run->chartsDock();
    m_keptDocks.clear();
    for (QDockWidget *dock :
         m_window->findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (dock == charts)
            continue;
        // Kept unless closed (in a tab behind another, it is still open).
        if (dock->property(kKeepWhenPresenting).toBool() && dock->toggleViewAction()->isChecked())
            m_keptDocks.push_back({dock, dock->font()});
        else
            dock->hide();
    }
    charts->setFloating(false);
    m_window->addDockWidget(Qt::RightDockWidgetArea, charts);
    charts->show();
    // On the left, each on its own (out of a tab group, back in on leaving).
    for (const KeptDock &kept : m_keptDocks) {
        kept.dock->setFloating(false);
        m_window->addDockWidget(Qt::LeftDockWidgetArea, kept.dock);
        kept.dock->show();
    }
    for (QToolBar *bar : m_window->findChildren<QToolBar *>(QString(), Qt::FindDirectChildrenOnly))
        bar->setVisible(bar == m_run->runBar() || bar == m_run->whatIfBar());
    // The what-if bar on a line of its own, so none of its buttons hides in an overflow menu.
    m_window->insertToolBarBreak(m_run->whatIfBar());
    m_window->menuBar()->hide();
    // The keys of the menus keep working (Ctrl+Z after a what-if, F1): an
    // action's shortcut needs a visible widget, which the hidden menus are not.
    m_keptShortcuts.clear();
    std::function<void(const QList<QAction *> &)> keep = [&](const QList<QAction *> &actions) {
        for (QAction *a : actions) {
            if (QMenu *sub = a->menu())
                keep(sub->actions());
            else if (!a->isSeparator() && !a->shortcuts().isEmpty()
                     && !m_window->actions().contains(a))
                m_keptShortcuts << a;
        }
    };
    keep(m_window->menuBar()->actions());
    m_window->addActions(m_keptShortcuts);
    m_window->statusBar()->hide();
    m_window->setPalette(highContrastPalette());
    m_run->charts()->setPresenting(true, {}, m_scale);
    applyScale();
    if (QWindow *handle = m_window->windowHandle()) {
        m_screenMoved = connect(handle, &QWindow::screenChanged, this, [this](QScreen *screen) {
            watchScreen(screen);
            screenChanged();
        });
        watchScreen(handle->screen());
    }
    m_window->showFullScreen();
    m_settled = false;
    const int entered = ++m_entered;
    // Placed now, again after the window manager's full-screen resize, and
    // after any later resize of the window (a slow or second resize, another
    // screen): each places the docks for the window's width then.
    m_window->installEventFilter(this);
    QTimer::singleShot(0, this, [this, entered] { placeDocks(entered, false); });
    QTimer::singleShot(200, this, [this, entered] { placeDocks(entered, true); });
}

void PresentationMode::placeDocks(int entered, bool last)
{
    if (!m_active || entered != m_entered)
        return;
    QList<QDockWidget *> docks = {m_run->chartsDock()};
    QList<int> widths
        = {int(m_window->width() * (m_keptDocks.empty() ? kChartsShare : kChartsBesideKept))};
    for (const KeptDock &kept : m_keptDocks) {
        if (kept.dock) {
            docks << kept.dock;
            widths << int(m_window->width() * kKeptShare);
        }
    }
    m_window->resizeDocks(docks, widths, Qt::Horizontal);
    // The whole model on the canvas once the docks have their new sizes; a
    // later placing (another resize meanwhile) settles, not this one.
    const int placing = ++m_placings;
    QTimer::singleShot(50, this, [this, last, entered, placing] {
        if (!m_active || entered != m_entered || placing != m_placings)
            return;
        for (QGraphicsView *view : m_window->findChildren<QGraphicsView *>()) {
            if (auto *canvas = qobject_cast<CanvasView *>(view))
                canvas->fitAll();
        }
        m_settled = m_settled || last;
    });
}

bool PresentationMode::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Resize && m_active) {
        const auto *resize = static_cast<QResizeEvent *>(event);
        if (resize->size() != resize->oldSize()) { // the canvas is refitted to a new height too
            m_settled = false;                     // until the docks are placed for the new width
            QTimer::singleShot(0, this, [this, entered = m_entered] { placeDocks(entered, true); });
        }
    }
    return QObject::eventFilter(watched, event);
}

void PresentationMode::applyScale()
{
    for (QToolBar *bar : std::initializer_list<QToolBar *>{m_run->runBar(), m_run->whatIfBar()}) {
        QFont font = bar->font();
        font.setPixelSize(scaledPixels(kBarTextPixels, m_scale));
        bar->setFont(font);
    }
    m_run->charts()->setPresentingScale(m_scale);
    setCanvasNamePixels(m_window, kCanvasTextPixels * m_scale);
    for (const KeptDock &kept : m_keptDocks) {
        if (!kept.dock)
            continue;
        QFont font = kept.font;
        font.setPixelSize(scaledPixels(kKeptTextPixels, m_scale));
        kept.dock->setFont(font);
    }
}

void PresentationMode::watchScreen(QScreen *screen)
{
    disconnect(m_screenResized);
    if (screen)
        m_screenResized
            = connect(screen, &QScreen::geometryChanged, this, &PresentationMode::screenChanged);
}

void PresentationMode::screenChanged()
{
    const double scale = textScale(m_window->screen() ? m_window->screen()->size() : QSize());
    if (!m_active || scale == m_scale)
        return;
    m_scale = scale;
    applyScale();
    emit scaleChanged(m_scale);
}

void PresentationMode::leave()
{
    m_window->removeEventFilter(this);
    disconnect(m_screenMoved);
    disconnect(m_screenResized);
    m_scale = 1.0;
    m_run->charts()->setPresenting(false);
    setCanvasNamePixels(m_window, 0);
    // Their own fonts back (the run bar's is larger than the window's).
    m_run->runBar()->setFont(m_runBarFont);
    m_run->whatIfBar()->setFont(m_whatIfBarFont);
    for (const KeptDock &kept : m_keptDocks) {
        if (kept.dock)
            kept.dock->setFont(kept.font);
    }
    m_keptDocks.clear();
    remeasureAfterFontChange(m_run->runBar()->speedBox());
    if (m_hadPalette)
        m_window->setPalette(m_palette);
    else
        m_window->setPalette(QPalette());
    m_window->setWindowState(m_windowState);
    for (QAction *a : std::as_const(m_keptShortcuts))
        m_window->removeAction(a);
    m_keptShortcuts.clear();
    m_window->menuBar()->setVisible(m_menuBarVisible);
    m_window->statusBar()->setVisible(m_statusBarVisible);
    m_window->restoreState(m_state);
    // A first run started while presenting: the layout put back is from
    // before any run, with the charts in a strip; give them their half.
    if (!m_chartsPlaced && m_run->chartsPlaced()) {
        QTimer::singleShot(0, m_run, [run = m_run] { run->placeCharts(); });
        QTimer::singleShot(
            200, m_run, [run = m_run] { run->placeCharts(); }); // after the window manager's resize
    }
    // The normal geometry itself (restoreGeometry() would move a framed window by its title bar's
    // height).
    if (!(m_windowState & (Qt::WindowMaximized | Qt::WindowFullScreen)))
        m_window->setGeometry(m_geometry);
    // The canvas as it was (presenting fitted it to its half of the screen),
    // once the docks have their sizes back.
    QTimer::singleShot(0, this, &PresentationMode::restoreCanvases);
    QTimer::singleShot(200, this,
                       &PresentationMode::restoreCanvases); // after the window manager's resize
    // A run that ended while presenting: its summary now.
    QTimer::singleShot(250, m_run, [run = m_run] { run->presentationLeft(); });
}

void PresentationMode::restoreCanvases()
{
    if (m_active)
        return;
    for (const SavedView &saved : m_canvases) {
        if (!saved.canvas)
            continue;
        if (saved.fitted) {
            saved.canvas->fitAll();
        } else {
            saved.canvas->setZoom(saved.zoom);
            saved.canvas->centerOn(saved.center);
        }
    }
}

} // namespace cqrs
