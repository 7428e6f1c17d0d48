#include "cqrs/ui/shell/messageoverlay.h"

#include <QEvent>
#include <QFontInfo>
#include <QFontMetrics>
#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>
#include <QTimer>
#include <algorithm>

namespace cqrs {

namespace {

// As long as the status bar shows the run's messages; a message the status
// bar keeps until the next one (no timeout) still leaves the room's view.
constexpr int kShownMilliseconds = 8000;

} // namespace

MessageOverlay::MessageOverlay(QMainWindow *window)
    : QObject(window)
    , m_window(window)
{
    QStatusBar *bar = window->statusBar();
    connect(bar, &QStatusBar::messageChanged, this, &MessageOverlay::onMessage);
    bar->installEventFilter(this);
    window->installEventFilter(this);
}

bool MessageOverlay::eventFilter(QObject *watched, QEvent *event)
{
    // A button's or menu entry's hint under the mouse is no message for the
    // room; shown, it would also replace (and, leaving, clear) the last one.
    if (watched == m_window && event->type() == QEvent::StatusTip
        && m_window->statusBar()->isHidden())
        return true;
    if (m_label && m_label->isVisible()) {
        if (watched == m_window->statusBar() && event->type() == QEvent::Show)
            m_label->hide(); // the status bar says it again
        else if (watched == m_window && event->type() == QEvent::Resize)
            place();
    }
    return QObject::eventFilter(watched, event);
}

void MessageOverlay::onMessage(const QString &text)
{
    if (text.isEmpty()) {
        if (m_label)
            m_label->hide(); // its time is up, or the next message cleared it
        return;
    }
    if (m_window->statusBar()->isHidden())
        showText(text); // else the status bar shows it (and its Show hid the label)
}

void MessageOverlay::showText(const QString &text)
{
    if (!m_label) {
        m_label = new QLabel(m_window);
        m_label->setObjectName(QStringLiteral("messageToast"));
        m_label->setWordWrap(true);
        m_label->setTextFormat(Qt::PlainText);
        m_label->setAlignment(Qt::AlignCenter);
        m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
        m_label->setStyleSheet(QStringLiteral("QLabel { background: rgba(25, 25, 25, 230); color: "
                                              "white; border-radius: 8px; padding: 12px 20px; }"));
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        m_timer->setInterval(kShownMilliseconds);
        connect(m_timer, &QTimer::timeout, this, &MessageOverlay::expire);
    }
    QFont font = m_label->font();
    font.setPixelSize(std::max(QFontInfo(m_window->font()).pixelSize() * 3 / 2, 20));
    m_label->setFont(font);
    m_label->setText(text);
    m_label->setAccessibleName(text);
    m_label->ensurePolished(); // the style sheet's padding counts in the height
    place();
    m_label->show();
    m_label->raise();
    m_timer->start();
}

void MessageOverlay::expire()
{
    m_label->hide();
    // The hidden status bar lets the message go too: the same message again
    // (QStatusBar says nothing when its text does not change) shows again.
    QStatusBar *bar = m_window->statusBar();
    if (bar->isHidden() && bar->currentMessage() == m_label->text())
        bar->clearMessage();
}

void MessageOverlay::place()
{
    const QFontMetrics metrics(m_label->font());
    const int width = std::min(m_window->width() * 3 / 5,
                               metrics.horizontalAdvance(m_label->text()) + 2 * 20 + 8);
    m_label->setFixedWidth(std::max(width, 200));
    m_label->setFixedHeight(m_label->heightForWidth(m_label->width()));
    m_label->move((m_window->width() - m_label->width()) / 2,
                  m_window->height() - m_label->height() - 48);
}

} // namespace cqrs
