#pragma once

class QKeyEvent;
class QSize;
class QWidget;

namespace cqrs {

/// Lets the platform's Close keys (Ctrl+W, Ctrl+F4 on Linux) close `window`,
/// a top-level window of its own such as Compare or a recorded run: without a
/// menu bar it has no File > Close to carry them. The keys act while the
/// window or any of its children has the focus. Esc closes it too, when
/// nothing inside takes the key (an editor, an open list, an enlarged chart),
/// and unless the window's property "escapeKeepsOpen" is true (a sweep that
/// runs: one stray key would cancel it).
void closeWithKeys(QWidget *window);

/// Lets Shift+F10 open the context menu of the widget with the focus, as
/// the Menu key does, in every window of the application (keyboards without
/// a Menu key; the habit of GNOME and Windows). Once per application;
/// further calls do nothing.
void openContextMenusWithShiftF10();

/// Whether a key is Undo (Ctrl+Z) or Redo (the platform's Redo, Ctrl+Shift+Z
/// or Ctrl+Y: Edit > Redo's keys), for a part of the window with an undo
/// of its own (variant B, the Run History's list) that takes them first.
enum class UndoKey { None, Undo, Redo };
UndoKey undoKeyOf(const QKeyEvent *event);

/// What a window manager's frame and title bar take around a window, at
/// most, as the application allows for them when it sizes a window.
QSize windowFrameAllowance();

/// Resizes `window`, a top-level window of its own, to `preferred`, or less
/// where the screen it opens on (its parent's, or its own) is smaller,
/// frame and all:
/// Compare at 1500x950 ran off a 1366x768 laptop's screen.
void resizeWithinScreen(QWidget *window, const QSize &preferred);

/// Makes `widget` measure its least size again after a change of font: a
/// QComboBox forgets its size hint then but keeps its least size (Qt 6.4),
/// which kept a dock, and the window, as wide as in presentation mode.
void remeasureAfterFontChange(QWidget *widget);

} // namespace cqrs
