#include "cqrs/ui/editor/picklistdialog.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace cqrs {

PickListDialog::PickListDialog(const QString &label, const QString &okText, QWidget *parent)
    : QDialog(parent)
    , m_filter(new QLineEdit(this))
    , m_list(new QListWidget(this))
    , m_empty(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(label, this);
    title->setTextFormat(Qt::PlainText);
    title->setBuddy(m_filter);
    layout->addWidget(title);

    m_filter->setPlaceholderText(tr("Type to filter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_list, 1);
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(okText);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (currentEntry() >= 0)
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::itemActivated, this, &QDialog::accept);
    connect(m_filter, &QLineEdit::textChanged, this, &PickListDialog::applyFilter);
    connect(m_list, &QListWidget::currentRowChanged, m_ok,
            [this] { m_ok->setEnabled(currentEntry() >= 0); });
    resize(520, 380);
}

void PickListDialog::addEntry(const QString &text, const QIcon &icon)
{
    auto *item = new QListWidgetItem(text, m_list);
    item->setIcon(icon);
}

bool PickListDialog::eventFilter(QObject *watched, QEvent *event)
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

void PickListDialog::applyFilter(const QString &text)
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
    m_empty->setText(shown > 0 ? QString() : nothingText(text.trimmed(), m_list->count() == 0));
    m_empty->setVisible(!m_empty->text().isEmpty());
    m_ok->setEnabled(currentEntry() >= 0);
}

int PickListDialog::currentEntry() const
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_list->count() || m_list->item(row)->isHidden())
        return -1;
    return row;
}

} // namespace cqrs
