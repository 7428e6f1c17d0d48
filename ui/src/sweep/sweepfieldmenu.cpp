#include "cqrs/ui/sweep/sweepfieldmenu.h"

#include "cqrs/ui/inspector/distributioneditor.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QLineEdit>
#include <QMenu>
#include <QVariant>
#include <cqrs/model/model.h>

namespace cqrs {

namespace {

/// Opens the sweep menu on right-click of a field (or of its text box).
class SweepMenuFilter final : public QObject
{
public:
    SweepMenuFilter(QAbstractSpinBox *field,
                    std::function<std::optional<std::string>(const QAbstractSpinBox *)> pathOf,
                    std::function<void(const QString &)> sweep)
        : QObject(field)
        , m_field(field)
        , m_pathOf(std::move(pathOf))
        , m_sweep(std::move(sweep))
    {}

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() != QEvent::ContextMenu)
            return false;
        const std::optional<std::string> path = m_pathOf(m_field);
        if (!path)
            return false; // the field's own menu
        QMenu *menu = sweepFieldMenu(m_field, QString::fromStdString(*path), m_sweep);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(static_cast<QContextMenuEvent *>(event)->globalPos());
        return true;
    }

private:
    QAbstractSpinBox *m_field;
    std::function<std::optional<std::string>(const QAbstractSpinBox *)> m_pathOf;
    std::function<void(const QString &)> m_sweep;
};

} // namespace

std::optional<std::string> sweepPathOf(const QAbstractSpinBox *field)
{
    const std::string name = field->objectName().toStdString();
    // A distribution's parameter: p1/p2 by the kind shown.
    if (const auto *editor = qobject_cast<const DistributionEditor *>(field->parentWidget())) {
        const QVariant base = editor->property("modelPath");
        if (!base.isValid())
            return std::nullopt;
        const Distribution d = editor->distribution();
        const std::string prefix = editor->objectName().toStdString();
        int index = -1;
        if (name == prefix + ".p1")
            index = 0;
        else if (name == prefix + ".p2")
            index = 1;
        if (index < 0 || index >= d.parameterCount())
            return std::nullopt;
        return base.toString().toStdString() + "." + d.parameterName(index);
    }
    const QVariant path = field->property("modelPath"); // set by the inspector's form
    if (!path.isValid())
        return std::nullopt;
    return path.toString().toStdString();
}

QMenu *sweepFieldMenu(QAbstractSpinBox *field, const QString &path,
                      const std::function<void(const QString &)> &sweep)
{
    auto *edit = field->findChild<QLineEdit *>();
    QMenu *menu = edit ? edit->createStandardContextMenu() : new QMenu;
    menu->setParent(field, Qt::Popup);
    menu->setObjectName(QStringLiteral("sweepFieldMenu"));
    menu->addSeparator();
    QAction *action = menu->addAction(QCoreApplication::translate("cqrs::SweepFieldMenu", "Sweep…"));
    action->setObjectName(QStringLiteral("sweepAction"));
    action->setToolTip(QCoreApplication::translate("cqrs::SweepFieldMenu", "Run the model over a range of %1 and plot the trade-off").arg(path));
    QObject::connect(action, &QAction::triggered, menu, [sweep, path] { sweep(path); });
    return menu;
}

void addSweepMenus(QWidget *page,
                   std::function<std::optional<std::string>(const QAbstractSpinBox *)> pathOf,
                   std::function<void(const QString &)> sweep)
{
    for (QAbstractSpinBox *field : page->findChildren<QAbstractSpinBox *>()) {
        auto *filter = new SweepMenuFilter(field, pathOf, sweep);
        field->installEventFilter(filter);
        if (auto *edit = field->findChild<QLineEdit *>())
            edit->installEventFilter(filter);
    }
}

} // namespace cqrs
