#pragma once

#include <QObject>

class QLabel;
class QMainWindow;
class QTimer;

namespace cqrs {

/// Shows a window's status bar messages large over the window while the
/// status bar is hidden (presentation mode hides it), so that every part of
/// the application (runs, challenges, history, sweeps, the Inspector) still
/// reaches the room with one call to QStatusBar::showMessage(). The message
/// goes after a few seconds, when the status bar clears it, or when the
/// status bar is shown again.
class MessageOverlay final : public QObject
{
    Q_OBJECT

public:
    explicit MessageOverlay(QMainWindow *window);

    /// The label over the window; created with the first message shown.
    QLabel *label() const { return m_label; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onMessage(const QString &text);
    void showText(const QString &text);
    void expire();
    void place();

    QMainWindow *m_window;
    QLabel *m_label = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace cqrs
