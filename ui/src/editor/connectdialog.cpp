#include "cqrs/ui/editor/connectdialog.h"

#include "cqrs/ui/editor/nodeitem.h"
#include "palette.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <algorithm>

namespace cqrs {

namespace {

QString nameOf(const Model &model, const std::string &id)
{
    const auto element = findElement(model, id);
    const QString name = QString::fromStdString(element ? elementName(*element) : id);
    // A file's name must not size the list or the window.
    constexpr int kMaxChars = 120;
    return name.size() > kMaxChars ? name.left(kMaxChars - 1) + QChar(0x2026) : name;
}

/// "Place order emits Order placed": the sentence the connection makes true.
QString sentence(const Model &model, const Connection &c)
{
    const QString from = nameOf(model, c.from);
    const QString to = nameOf(model, c.to);
    switch (c.kind) {
    case Connection::Kind::Emits:
        return ConnectDialog::tr("%1 emits %2").arg(from, to);
    case Connection::Kind::Subscribes:
        return ConnectDialog::tr("%1 subscribes to %2").arg(to, from);
    case Connection::Kind::Issues:
        return ConnectDialog::tr("%1 issues %2").arg(from, to);
    case Connection::Kind::Serves:
        return ConnectDialog::tr("%1 serves %2").arg(from, to);
    case Connection::Kind::Handles:
        return ConnectDialog::tr("%1 is handled by %2").arg(from, to);
    case Connection::Kind::BelongsTo:
        return ConnectDialog::tr("%1 belongs to %2").arg(from, to);
    case Connection::Kind::FollowUp:
        return ConnectDialog::tr("%1 is followed by %2").arg(from, to);
    case Connection::Kind::Validates:
        return ConnectDialog::tr("%1 validates against %2").arg(from, to);
    }
    return {};
}

} // namespace

std::vector<ConnectionChoice> connectionChoices(const Model &model, const std::string &id)
{
    std::vector<ConnectionChoice> choices;
    if (!model.kindOf(id))
        return choices;
    for (const std::string &other : allElementIds(model)) {
        if (other == id)
            continue;
        // Either way round: checkConnection() turns a query's or an
        // aggregate's drag the other way, so the same one may come twice.
        for (const ConnectionCheck &check :
             {checkConnection(model, id, other), checkConnection(model, other, id)}) {
            const auto same = [&check](const ConnectionChoice &c) { return c.connection == check.connection; };
            if (!check.ok || std::any_of(choices.begin(), choices.end(), same))
                continue;
            ConnectionChoice choice;
            choice.connection = check.connection;
            choice.other = other;
            choice.replaces = check.replaces;
            choice.text = sentence(model, check.connection) + ConnectDialog::tr(" (%1)").arg(kindTitle(*model.kindOf(other)).toLower());
            if (!check.replaces.empty())
                choice.text += ConnectDialog::tr(", instead of %1").arg(nameOf(model, check.replaces));
            choices.push_back(std::move(choice));
        }
    }
    return choices;
}

namespace {

QString escapedAmpersands(QString text)
{
    return text.replace(QLatin1Char('&'), QLatin1String("&&"));
}

QString whatOf(const Model &model, const std::string &id)
{
    const QString element = nameOf(model, id);
    const auto kind = model.kindOf(id);
    return kind ? ConnectDialog::tr("%1 %2").arg(kindTitle(*kind).toLower(), element) : element;
}

} // namespace

ConnectDialog::ConnectDialog(const Model &model, const std::string &elementId, QWidget *parent)
    : PickListDialog(tr("Connect %1 &to:").arg(escapedAmpersands(whatOf(model, elementId))), tr("&Connect"),
                     parent)
    , m_choices(connectionChoices(model, elementId))
{
    setObjectName(QStringLiteral("connectDialog"));
    const QString what = whatOf(model, elementId);
    setWindowTitle(tr("Connect %1").arg(nameOf(model, elementId)));

    filter()->setObjectName(QStringLiteral("connectFilter"));
    filter()->setAccessibleName(tr("Filter connections"));
    filter()->setAccessibleDescription(tr("Type part of an element's name to shorten the list; "
                                          "Up and Down choose, Enter connects."));
    list()->setObjectName(QStringLiteral("connectChoices"));
    list()->setAccessibleName(tr("Possible connections of %1").arg(what));
    list()->setAccessibleDescription(tr("Only the connections the model allows for this element; "
                                        "Enter connects the highlighted one."));
    for (const ConnectionChoice &choice : m_choices) {
        const auto otherKind = model.kindOf(choice.other);
        addEntry(choice.text, otherKind ? kindIcon(*otherKind) : QIcon());
    }
    nothingLabel()->setObjectName(QStringLiteral("connectNothing"));
    okButton()->setToolTip(tr("Add the highlighted connection (one undo step)"));
    if (auto *buttons = findChild<QDialogButtonBox *>())
        buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Close without connecting"));
    applyFilter({});
}

QString ConnectDialog::nothingText(const QString &typed, bool noEntries) const
{
    return noEntries ? tr("There is no connection to add: this element already "
                          "has every connection the model allows for it.")
                     : tr("No connection matches \"%1\".").arg(typed);
}

std::optional<ConnectionChoice> ConnectDialog::selectedChoice() const
{
    const int row = currentEntry();
    if (row < 0 || row >= int(m_choices.size()))
        return std::nullopt;
    return m_choices[size_t(row)];
}

} // namespace cqrs
