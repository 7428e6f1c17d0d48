#include "cqrs/ui/common/windowkeys.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QEvent>
#include <QKeyEvent>
#include <QKeySequence>
#include <QPointer>
#include <QScreen>
#include <QShortcut>
#include <QWidget>

namespace cqrs {

namespace {

constexpr const char *kEscapeKeepsOpen = "escapeKeepsOpen";

/// Closes its window on an Esc that nothing inside took (an open editor, a
/// combo box's list or an enlarged chart take theirs first).
class EscapeCloses final : public QObject
{
public:
    explicit EscapeCloses(QWidget *window)
        : QObject(window)
        , m_window(window)
    {
        window->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_window && event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<QKeyEvent *>(event);
            if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier) {
                // An Esc of a part of the window first (an enlarged chart goes
                // back to the grid), wherever the focus is.
                for (QShortcut *own : m_window->findChildren<QShortcut *>()) {
                    if (own->isEnabled() && own->key() == QKeySequence(Qt::Key_Escape)) {
                        emit own->activated();
                        return true;
                    }
                }
                // A window whose closing would throw work away (a sweep that
                // runs) says so with the property; Ctrl+W still closes it.
                if (m_window->property(kEscapeKeepsOpen).toBool())
                    return true;
                m_window->close();
                return true;
            }
        }
        return false;
    }

private:
    QWidget *m_window;
};

/// Turns Shift+F10 into a keyboard's context menu request for the focus
/// widget, at the point Qt places one for the Menu key (the current item, a
/// field's cursor); unanswered, it goes to the widget's parents.
class ShiftF10OpensMenus final : public QObject
{
public:
    using QObject::QObject;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::KeyPress || !watched->isWidgetType())
            return false;
        const auto *key = static_cast<const QKeyEvent *>(event);
        if (key->key() != Qt::Key_F10 || key->modifiers() != Qt::ShiftModifier
            || key->isAutoRepeat())
            return false;
        QWidget *widget = QApplication::focusWidget();
        if (!widget || QApplication::activePopupWidget())
            return false;
        const QPoint at = widget->inputMethodQuery(Qt::ImCursorRectangle).toRect().center();
        QContextMenuEvent menu(QContextMenuEvent::Keyboard, at, widget->mapToGlobal(at));
        QApplication::sendEvent(widget, &menu);
        return true;
    }
};

} // namespace

void openContextMenusWithShiftF10()
{
    static QPointer<ShiftF10OpensMenus> filter;
    if (filter || !qApp)
        return;
    filter = new ShiftF10OpensMenus(qApp);
    qApp->installEventFilter(filter);
}

void closeWithKeys(QWidget *window)
{
    auto *close = new QShortcut(QKeySequence::Close, window);
    close->setObjectName(QStringLiteral("closeWindowShortcut"));
    close->setContext(Qt::WindowShortcut);
    QObject::connect(close, &QShortcut::activated, window, &QWidget::close);
    new EscapeCloses(window);
}

QSize windowFrameAllowance()
{
    return {24, 48};
}

void resizeWithinScreen(QWidget *window, const QSize &preferred)
{
    const QWidget *parent = window->parentWidget();
    const QScreen *screen = parent ? parent->screen() : window->screen();
    const QSize fit = screen ? preferred.boundedTo(screen->availableSize() - windowFrameAllowance())
                             : preferred;
    window->resize(fit.isEmpty() ? preferred : fit);
}

UndoKey undoKeyOf(const QKeyEvent *event)
{
    if (event->matches(QKeySequence::Undo))
        return UndoKey::Undo;
    if (event->matches(QKeySequence::Redo)
        || event->keyCombination()
               == QKeyCombination(Qt::ControlModifier | Qt::ShiftModifier, Qt::Key_Z)
        || event->keyCombination() == QKeyCombination(Qt::ControlModifier, Qt::Key_Y))
        return UndoKey::Redo;
    return UndoKey::None;
}

void remeasureAfterFontChange(QWidget *widget)
{
    QEvent styleChange(QEvent::StyleChange);
    QCoreApplication::sendEvent(widget, &styleChange);
}

} // namespace cqrs
