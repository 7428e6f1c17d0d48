#include "cqrs/ui/editor/connectdialog.h"

#include "cqrs/ui/editor/nodeitem.h"
#include "palette.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

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
        // checkConnection() accepts each pair of kinds in one direction only.
        for (const ConnectionCheck &check :
             {checkConnection(model, id, other), checkConnection(model, other, id)}) {
            if (!check.ok)
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

ConnectDialog::ConnectDialog(const Model &model, const std::string &elementId, QWidget *parent)
    : QDialog(parent)
    , m_choices(connectionChoices(model, elementId))
    , m_filter(new QLineEdit(this))
    , m_list(new QListWidget(this))
    , m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("connectDialog"));
    const QString element = nameOf(model, elementId);
    const auto kind = model.kindOf(elementId);
    const QString what = kind ? tr("%1 %2").arg(kindTitle(*kind).toLower(), element) : element;
    setWindowTitle(tr("Connect %1").arg(element));
    auto *layout = new QVBoxLayout(this);
    QString escaped = what;
    escaped.replace(QLatin1Char('&'), QLatin1String("&&"));
    auto *label = new QLabel(tr("Connect %1 &to:").arg(escaped), this);
    label->setTextFormat(Qt::PlainText);
    label->setBuddy(m_filter);
    layout->addWidget(label);

    m_filter->setObjectName(QStringLiteral("connectFilter"));
    m_filter->setPlaceholderText(tr("Type to filter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter connections"));
    m_filter->setAccessibleDescription(tr("Type part of an element's name to shorten the list; "
                                          "Up and Down choose, Enter connects."));
    m_filter->installEventFilter(this);
    layout->addWidget(m_filter);

    m_list->setObjectName(QStringLiteral("connectChoices"));
    m_list->setAccessibleName(tr("Possible connections of %1").arg(what));
    m_list->setAccessibleDescription(tr("Only the connections the model allows for this element; "
                                        "Enter connects the highlighted one."));
    for (const ConnectionChoice &choice : m_choices) {
        auto *item = new QListWidgetItem(choice.text, m_list);
        const auto otherKind = model.kindOf(choice.other);
        if (otherKind)
            item->setIcon(kindIcon(*otherKind));
    }
    layout->addWidget(m_list, 1);

    m_empty->setObjectName(QStringLiteral("connectNothing"));
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Connect"));
    ok->setToolTip(tr("Add the highlighted connection (one undo step)"));
    buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Close without connecting"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (selectedChoice())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
    connect(m_filter, &QLineEdit::textChanged, this, &ConnectDialog::applyFilter);
    connect(m_list, &QListWidget::currentRowChanged, ok, [this, ok] { ok->setEnabled(selectedChoice().has_value()); });
    applyFilter({});
    resize(520, 380);
}

bool ConnectDialog::eventFilter(QObject *watched, QEvent *event)
{
    // The list follows Up, Down, Page Up and Page Down typed in the filter.
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        switch (static_cast<QKeyEvent *>(event)->key()) {
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
            QCoreApplication::sendEvent(m_list, event);
            return true;
        default:
            break;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void ConnectDialog::applyFilter(const QString &text)
{
    int shown = 0;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        const bool match = item->text().contains(text.trimmed(), Qt::CaseInsensitive);
        item->setHidden(!match);
        shown += match ? 1 : 0;
    }
    QListWidgetItem *current = m_list->currentItem();
    if (!current || current->isHidden()) {
        m_list->setCurrentItem(nullptr);
        for (int row = 0; row < m_list->count(); ++row) {
            if (!m_list->item(row)->isHidden()) {
                m_list->setCurrentRow(row);
                break;
            }
        }
    }
    m_empty->setText(m_choices.empty() ? tr("There is no connection to add: this element already "
                                            "has every connection the model allows for it.")
                     : shown == 0      ? tr("No connection matches \"%1\".").arg(text.trimmed())
                                       : QString());
    m_empty->setVisible(!m_empty->text().isEmpty());
    if (auto *buttons = findChild<QDialogButtonBox *>())
        buttons->button(QDialogButtonBox::Ok)->setEnabled(selectedChoice().has_value());
}

std::optional<ConnectionChoice> ConnectDialog::selectedChoice() const
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= int(m_choices.size()) || m_list->item(row)->isHidden())
        return std::nullopt;
    return m_choices[size_t(row)];
}

} // namespace cqrs
