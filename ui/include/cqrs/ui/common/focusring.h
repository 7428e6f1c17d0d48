#pragma once

#include <QPointer>
#include <QWidget>

namespace cqrs {

/// A ring drawn around the widget with the keyboard focus, for widgets whose
/// style draws no focus of their own (a tool button that opens a menu, a
/// chart, a page of text): Tab reached them and nothing on screen said so.
/// Mark such a widget with FocusRing::mark(); one ring per application
/// follows the focus to it and away.
class FocusRing final : public QWidget
{
    Q_OBJECT

public:
    /// The widget gets the ring while it has the focus (installs the ring once).
    static void mark(QWidget *widget);
    /// The widget the ring is drawn around now, or nullptr.
    static QWidget *ringedWidget();

protected:
    void paintEvent(QPaintEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit FocusRing(QWidget *parent);
    static FocusRing *instance();
    void follow(QWidget *widget);
    void place();

    QPointer<QWidget> m_target;
};

} // namespace cqrs
