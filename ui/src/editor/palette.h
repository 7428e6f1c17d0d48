#pragma once

#include <cqrs/model/model.h>

#include <QIcon>
#include <QWidget>

#include <vector>

class QAction;

namespace cqrs {

/// The icon of an element kind: its canvas shape in its colour.
QIcon kindIcon(ElementKind kind);
QIcon noteIcon();

/// The element palette: one button per element kind plus sticky notes. Click
/// a button (or its shortcut) to add at the centre of the view, or drag it
/// onto the canvas.
class Palette final : public QWidget
{
    Q_OBJECT

public:
    /// actions: one per kind in kAllElementKinds order, then the note action.
    Palette(const std::vector<QAction *> &actions, QWidget *parent = nullptr);
};

} // namespace cqrs
