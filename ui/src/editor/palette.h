#pragma once

#include <cqrs/model/model.h>

#include <QIcon>
#include <QWidget>

#include <vector>

class QAction;
class QGridLayout;
class QLabel;
class QToolButton;

namespace cqrs {

/// The icon of an element kind: its canvas shape in its colour.
QIcon kindIcon(ElementKind kind);
QIcon noteIcon();

/// The element palette: one button per element kind plus sticky notes. Click
/// a button (or its shortcut) to add at the centre of the view, or drag it
/// onto the canvas. The buttons stand in one column, or in two when the
/// palette is given less height than one column takes and its width has
/// room for two (when a challenge's panel below it takes the left column).
class Palette final : public QWidget
{
    Q_OBJECT

public:
    /// actions: one per kind in kAllElementKinds order, then the note action.
    Palette(const std::vector<QAction *> &actions, QWidget *parent = nullptr);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    /// The height the buttons and the hint take in `columns` columns.
    int heightFor(int columns) const;
    void arrange(int columns);

    std::vector<QToolButton *> m_buttons;
    QGridLayout *m_grid;
    QLabel *m_hint;
    int m_columns = 0;
};

} // namespace cqrs
