#pragma once

// Shared by the accessibility tests: walks a widget tree and lists the
// controls a screen reader would announce without a name (or without a
// description). The check goes through QAccessible, as a screen reader does:
// a QPushButton with text, a field with a buddy label (QFormLayout::addRow
// with a label text sets one) or a widget with a tool tip (the description)
// already has what it needs without setAccessibleName/Description.
// On Linux a combo box's name is its current text (Qt gives the label as a
// relation instead), so a combo box passes the name check by itself; say
// what it is at the start of its description.
//
//     const QStringList unnamed = cqrs::testing::describeWidgets(
//         cqrs::testing::unnamedInteractiveWidgets(&window));
//     QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join('\n')));

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAccessibleInterface>
#include <QComboBox>
#include <QGraphicsView>
#include <QHeaderView>
#include <QLineEdit>
#include <QList>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QStringList>
#include <QTabBar>
#include <QTextEdit>
#include <QWidget>

namespace cqrs::testing {

/// A part Qt builds inside another control and announces through it (the
/// line edit of a spin box or combo box, a scroll area's scroll bars,
/// a tab bar's scroll arrows, the header of a table): not a control of its own.
inline bool isInternalPart(const QWidget *w)
{
    if (qobject_cast<const QScrollBar *>(w))
        return true;
    // A table's or tree's header is read with its view.
    if (qobject_cast<const QHeaderView *>(w) && qobject_cast<const QAbstractItemView *>(w->parentWidget()))
        return true;
    for (const QWidget *p = w->parentWidget(); p && !p->isWindow(); p = p->parentWidget()) {
        if (qobject_cast<const QAbstractSpinBox *>(p) || qobject_cast<const QComboBox *>(p)
            || qobject_cast<const QTabBar *>(p))
            return true;
    }
    return false;
}

/// True for a control a user operates: a button, field, list, table, tree,
/// slider, text area, graphics view, or any other widget that takes the
/// keyboard focus with Tab (plain scroll areas excepted: they only hold
/// other controls).
inline bool isInteractive(const QWidget *w)
{
    if (isInternalPart(w))
        return false;
    if (qobject_cast<const QAbstractButton *>(w) || qobject_cast<const QLineEdit *>(w)
        || qobject_cast<const QAbstractSpinBox *>(w) || qobject_cast<const QComboBox *>(w)
        || qobject_cast<const QAbstractItemView *>(w) || qobject_cast<const QAbstractSlider *>(w)
        || qobject_cast<const QTextEdit *>(w) || qobject_cast<const QPlainTextEdit *>(w)
        || qobject_cast<const QGraphicsView *>(w))
        return true;
    if (qobject_cast<const QScrollArea *>(w) || qobject_cast<const QTabBar *>(w))
        return false;
    // The viewport of a scroll area takes focus on behalf of the area.
    if (auto area = qobject_cast<const QAbstractScrollArea *>(w->parentWidget()); area && area->viewport() == w)
        return false;
    return (w->focusPolicy() & Qt::TabFocus) != 0;
}

/// What a screen reader reads for the widget: its accessible interface's text.
inline QString accessibleText(QWidget *w, QAccessible::Text which)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(which).trimmed() : QString();
}

/// Every visible interactive widget under root (root included) whose
/// accessible text of the given kind is empty.
inline QList<QWidget *> interactiveWidgetsWithout(QWidget *root, QAccessible::Text which)
{
    QList<QWidget *> all = root->findChildren<QWidget *>();
    all.prepend(root);
    QList<QWidget *> missing;
    for (QWidget *w : std::as_const(all)) {
        if (w != root && !w->isVisibleTo(root))
            continue;
        if (w == root && !root->isVisible() && !root->isWindow())
            continue;
        if (!isInteractive(w))
            continue;
        if (accessibleText(w, which).isEmpty())
            missing.append(w);
    }
    return missing;
}

inline QList<QWidget *> unnamedInteractiveWidgets(QWidget *root)
{
    return interactiveWidgetsWithout(root, QAccessible::Name);
}

inline QList<QWidget *> undescribedInteractiveWidgets(QWidget *root)
{
    return interactiveWidgetsWithout(root, QAccessible::Description);
}

/// One line per widget for a failure message: its class, object name, the
/// chain of its parents' classes and object names, and what it shows.
inline QStringList describeWidgets(const QList<QWidget *> &widgets)
{
    QStringList lines;
    for (QWidget *w : widgets) {
        QStringList chain;
        for (QWidget *p = w; p; p = p->parentWidget()) {
            QString part = QString::fromLatin1(p->metaObject()->className());
            if (!p->objectName().isEmpty())
                part += QLatin1Char('#') + p->objectName();
            chain.prepend(part);
        }
        QString line = chain.join(QLatin1String(" > "));
        if (auto button = qobject_cast<QAbstractButton *>(w); button && !button->text().isEmpty())
            line += QLatin1String(" text=\"") + button->text() + QLatin1Char('"');
        if (!w->toolTip().isEmpty())
            line += QLatin1String(" toolTip=\"") + w->toolTip() + QLatin1Char('"');
        lines.append(line);
    }
    return lines;
}

} // namespace cqrs::testing
