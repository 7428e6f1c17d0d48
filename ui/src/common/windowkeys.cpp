#include "cqrs/ui/common/windowkeys.h"

#include <QKeySequence>
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

} // namespace cqrs
