#include "cqrs/ui/common/windowkeys.h"

#include <QGuiApplication>
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

void resizeWithinScreen(QWidget *window, const QSize &preferred)
{
    const QWidget *parent = window->parentWidget();
    const QScreen *screen = parent ? parent->screen() : QGuiApplication::primaryScreen();
    // Room for a window manager's frame and title bar.
    window->resize(screen ? preferred.boundedTo(screen->availableSize() - QSize(24, 48))
                          : preferred);
}

} // namespace cqrs
