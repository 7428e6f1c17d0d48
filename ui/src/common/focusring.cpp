#include "cqrs/ui/common/focusring.h"

#include <QApplication>
#include <QEvent>
#include <QMainWindow>
#include <QPainter>
#include <QTabBar>
#include <QTimer>

namespace cqrs {

namespace {
const char *const kRingProperty = "cqrsFocusRing";
constexpr int kRingWidth = 2;
QPointer<FocusRing> s_ring; // the application's one ring (it lives as long as a window holds it)

/// In a dock behind another's tab, or a tab bar the main window keeps for
/// later: the window puts them out of its area, still "visible".
bool outOfSight(const QWidget *widget)
{
    for (const QWidget *w = widget; w && !w->isWindow(); w = w->parentWidget()) {
        if (qobject_cast<const QMainWindow *>(w->parentWidget())
            && !w->parentWidget()->rect().intersects(w->geometry()))
            return true;
    }
    return false;
}
} // namespace

FocusRing::FocusRing(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("focusRing"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    hide();
}

FocusRing *FocusRing::instance()
{
    if (!s_ring) {
        s_ring = new FocusRing(nullptr);
        // Through the application, once: a ring that went with a deleted
        // parent is made again at the next focus change.
        static bool connected = false;
        if (!connected) {
            connected = true;
            QObject::connect(qApp, &QApplication::focusChanged, qApp,
                             [](QWidget *, QWidget *now) { instance()->follow(now); });
        }
    }
    return s_ring;
}

void FocusRing::mark(QWidget *widget)
{
    if (!widget)
        return;
    widget->setProperty(kRingProperty, true);
    FocusRing *ring = instance();
    if (widget->hasFocus())
        ring->follow(widget);
}

QWidget *FocusRing::ringedWidget()
{
    return s_ring && s_ring->isVisible() ? s_ring->m_target.data() : nullptr;
}

void FocusRing::follow(QWidget *widget)
{
    // The fields of a dock behind another's tab, or a dock tab bar the main
    // window keeps for later (at -600,-530), still took a Tab: the focus
    // went nowhere to be seen. It goes on, the way Tab or Shift+Tab went.
    if (widget && outOfSight(widget)) {
        const bool back = QGuiApplication::keyboardModifiers() & Qt::ShiftModifier;
        QPointer<QWidget> from(widget);
        QTimer::singleShot(0, widget, [from, back] {
            // Brought in sight meanwhile (Properties raises the Inspector's
            // tab, then puts the focus in it): it keeps the focus.
            if (!from || !from->hasFocus() || !outOfSight(from))
                return;
            QWidget *next = from;
            do {
                next = back ? next->previousInFocusChain() : next->nextInFocusChain();
            } while (next && next != from
                     && !(next->window() == from->window() && next->isVisible() && next->isEnabled()
                          && (next->focusPolicy() & Qt::TabFocus) && !outOfSight(next)));
            if (next && next != from)
                next->setFocus(back ? Qt::BacktabFocusReason : Qt::TabFocusReason);
        });
    }
    if (m_target)
        m_target->removeEventFilter(this);
    // Marked, or a tab bar (the docks' tabs): the style draws no focus on them.
    const bool ringed
        = widget && (widget->property(kRingProperty).toBool() || qobject_cast<QTabBar *>(widget));
    m_target = ringed && widget->parentWidget() ? widget : nullptr;
    if (!m_target) {
        hide();
        // Kept by no window: a window that goes takes it with it otherwise.
        setParent(nullptr);
        return;
    }
    // In the marked widget's parent, over it: drawn on its edge, clipped
    // as the parent clips it (a chart in a scrolled list).
    if (parentWidget() != m_target->parentWidget())
        setParent(m_target->parentWidget());
    m_target->installEventFilter(this);
    place();
}

void FocusRing::place()
{
    if (!m_target || !m_target->isVisible()) {
        hide();
        return;
    }
    // Over the widget's own edge: outside it, a panel that fills its dock
    // (the Things to Try list) would have the ring cut away.
    setGeometry(m_target->geometry());
    show();
    raise();
    update();
}

bool FocusRing::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_target) {
        switch (event->type()) {
        case QEvent::Move:
        case QEvent::Resize:
        case QEvent::Show:
        case QEvent::Hide:
        case QEvent::ZOrderChange:
            place();
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FocusRing::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(palette().color(QPalette::Highlight), kRingWidth);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(rect()).adjusted(kRingWidth / 2.0, kRingWidth / 2.0, -kRingWidth / 2.0,
                                              -kRingWidth / 2.0),
                      3, 3);
}

} // namespace cqrs
