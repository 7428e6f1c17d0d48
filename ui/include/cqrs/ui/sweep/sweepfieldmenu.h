#pragma once

#include <QObject>
#include <QString>
#include <functional>
#include <optional>
#include <string>

class QAbstractSpinBox;
class QMenu;
class QWidget;

namespace cqrs {

/// The `--set` path of a numeric field of the inspector: the "modelPath"
/// its form gave it ("workload.commandRate",
/// "readModels.search.update.interval"); a distribution's "p1"/"p2" become
/// the parameter's name for the distribution shown
/// ("readModels.search.update.delay.median"). nullopt for a field no path
/// reaches.
std::optional<std::string> sweepPathOf(const QAbstractSpinBox *field);

/// The context menu of a numeric field: the usual editing actions, then
/// "Sweep…", which calls `sweep` with the field's path. The caller owns it.
QMenu *sweepFieldMenu(QAbstractSpinBox *field, const QString &path,
                      const std::function<void(const QString &)> &sweep);

/// Gives every numeric field under `page` that has a path (`pathOf`) the
/// menu above on right-click. Fields are looked at when the menu opens, so
/// the path follows the selection and the distribution's kind.
void addSweepMenus(QWidget *page,
                   std::function<std::optional<std::string>(const QAbstractSpinBox *)> pathOf,
                   std::function<void(const QString &)> sweep);

} // namespace cqrs
