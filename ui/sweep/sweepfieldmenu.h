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

struct Model;

/// The `--set` path of a numeric field of the inspector: its object name is
/// the JSON field ("consumers", "update.interval", "workload.commandRate");
/// an element's fields sit under its collection and id
/// ("readModels.search.update.interval"), and a distribution's "p1"/"p2"
/// become the parameter's name for the distribution shown
/// ("readModels.search.update.delay.median"). `elementId` is empty for the
/// model's own settings. nullopt for a field that is not a model number.
std::optional<std::string> sweepPathOf(const QAbstractSpinBox *field, const Model &model,
                                       const std::string &elementId);

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
