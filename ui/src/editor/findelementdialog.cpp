#include "cqrs/ui/editor/findelementdialog.h"

#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/chartcard.h"
#include "palette.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <map>

namespace cqrs {

FindElementDialog::FindElementDialog(const Model &model, QWidget *parent)
    : PickListDialog(tr("&Find an element by name or kind:"), tr("&Go to Element"), parent)
{
    setObjectName(QStringLiteral("findElementDialog"));
    setWindowTitle(tr("Find Element"));
    filter()->setObjectName(QStringLiteral("findElementFilter"));
    filter()->setAccessibleName(tr("Filter elements"));
    filter()->setAccessibleDescription(
        tr("Type part of an element's name or kind to shorten the "
           "list; Up and Down choose, Enter selects it on the canvas."));
    list()->setObjectName(QStringLiteral("findElementList"));
    list()->setAccessibleName(tr("Elements of the model"));
    nothingLabel()->setObjectName(QStringLiteral("findElementNothing"));
    okButton()->setToolTip(tr("Select the highlighted element and show it on the canvas"));

    // Where two elements share a name, their ids tell them apart.
    const std::vector<std::string> ids = allElementIds(model);
    std::map<std::string, int> named;
    for (const std::string &id : ids) {
        if (const auto element = findElement(model, id))
            ++named[elementName(*element)];
    }
    for (const std::string &id : ids) {
        const auto element = findElement(model, id);
        const auto kind = model.kindOf(id);
        if (!element || !kind)
            continue;
        const std::string &name = elementName(*element);
        // A file's name must not size the list or the window.
        const QString shown = boundedText(name.empty() ? id : name, 120);
        const QString kindText = kindTitle(*kind).toLower();
        addEntry(named[name] > 1
                     ? tr("%1 (%2, %3)").arg(shown, kindText, QString::fromStdString(id))
                     : tr("%1 (%2)").arg(shown, kindText),
                 kindIcon(*kind));
        list()
            ->item(list()->count() - 1)
            ->setToolTip(QString::fromStdString(name + " (" + id + ")"));
        m_ids.push_back(id);
    }
    applyFilter({});
}

std::string FindElementDialog::selectedId() const
{
    const int row = currentEntry();
    return row >= 0 && row < int(m_ids.size()) ? m_ids[std::size_t(row)] : std::string();
}

QString FindElementDialog::nothingText(const QString &typed, bool noEntries) const
{
    return noEntries
               ? tr("The model has no elements yet: add them from the palette or the Insert menu.")
               : tr("No element matches \"%1\".").arg(typed);
}

} // namespace cqrs
