#pragma once

#include <QDialog>

class QIcon;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace cqrs {

/// A dialog that picks one entry of a list the user shortens by typing
/// (Edit > Connect To..., Edit > Find Element...): Up, Down, Page Up and
/// Page Down in the field move in the list, Enter or OK takes the
/// highlighted entry, Escape closes.
class PickListDialog : public QDialog
{
    Q_OBJECT

public:
    QLineEdit *filter() const { return m_filter; }
    QListWidget *list() const { return m_list; }
    /// The highlighted entry (in the order they were added), -1 when none
    /// is highlighted or it is filtered out.
    int currentEntry() const;

protected:
    /// `label` is above the field (an "&" marks its key); the OK button
    /// reads `okText`.
    PickListDialog(const QString &label, const QString &okText, QWidget *parent);

    void addEntry(const QString &text, const QIcon &icon);
    QPushButton *okButton() const { return m_ok; }
    QLabel *nothingLabel() const { return m_empty; }
    /// Shows the entries containing `text` (in any case) and keeps one
    /// highlighted.
    void applyFilter(const QString &text);
    /// What the list says when it shows nothing: nothing to list at all, or
    /// nothing matches `typed`.
    virtual QString nothingText(const QString &typed, bool noEntries) const = 0;

    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLineEdit *m_filter;
    QListWidget *m_list;
    QLabel *m_empty;
    QPushButton *m_ok = nullptr;
};

} // namespace cqrs
