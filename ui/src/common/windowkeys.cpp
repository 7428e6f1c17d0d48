#include "cqrs/ui/common/windowkeys.h"

#include <QCoreApplication>
#include <QEvent>
#include <QKeySequence>
#include <QScreen>
#include <QShortcut>
#include <QWidget>

namespace cqrs {

void closeWithKeys(QWidget *window)
{
    auto *close = new QShortcut(QKeySequence::Close, window);
    close->setObjectName(QStringLiteral("closeWindowShortcut"));
    close->setContext(Qt::WindowShortcut);
    QObject::connect(close, &QShortcut::activated, window, &QWidget::close);
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

void remeasureAfterFontChange(QWidget *widget)
{
    QEvent styleChange(QEvent::StyleChange);
    QCoreApplication::sendEvent(widget, &styleChange);
}

} // namespace cqrs
