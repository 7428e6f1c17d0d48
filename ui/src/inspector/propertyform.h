#pragma once

// The inspector's property-form kit: editor rows (numbers, text, choices,
// references, distributions, id lists, record tables) bound to model values
// through accessors. Every edit goes through Document::changeValue(), so it
// is one undo step; every row carries an accessible name and description.
//
// Numeric rows and distribution editors carry the dynamic property
// "modelPath": the field's path as `cqrs-sim --set` and `--vary` take it
// ("workload.commandRate", "readModels.search.update.interval"), empty for
// fields no path reaches (notes).

#include "cqrs/ui/inspector/distributioneditor.h"
#include "cqrs/ui/common/focusring.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/inspector/numberfield.h"

#include <cqrs/model/validation.h>

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cqrs::form {

template<typename E>
E *lookup(Model &m, const std::string &id);
template<>
inline Aggregate *lookup(Model &m, const std::string &id) { return m.aggregate(id); }
template<>
inline Command *lookup(Model &m, const std::string &id) { return m.command(id); }
template<>
inline Event *lookup(Model &m, const std::string &id) { return m.event(id); }
template<>
inline ReadModel *lookup(Model &m, const std::string &id) { return m.readModel(id); }
template<>
inline Policy *lookup(Model &m, const std::string &id) { return m.policy(id); }
template<>
inline Query *lookup(Model &m, const std::string &id) { return m.query(id); }

// Accessor to a member of the element with this id.
template<typename E, typename T, typename M>
Accessor<T> field(const std::string &id, T M::*member)
{
    return [id, member](Model &m) -> T * {
        E *e = lookup<E>(m, id);
        return e ? &(e->*member) : nullptr;
    };
}

// Accessor to a member of what `parent` points to.
template<typename T, typename P, typename M>
Accessor<T> sub(Accessor<P> parent, T M::*member)
{
    return [parent, member](Model &m) -> T * {
        P *p = parent(m);
        return p ? &(p->*member) : nullptr;
    };
}

// Accessor to a member of an engaged optional.
template<typename T, typename P, typename M>
Accessor<T> subOpt(Accessor<std::optional<P>> parent, T M::*member)
{
    return [parent, member](Model &m) -> T * {
        std::optional<P> *p = parent(m);
        return p && *p ? &((**p).*member) : nullptr;
    };
}

inline QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

template<typename X>
struct Column
{
    QString header;
    std::function<QString(const X &)> get;
    std::function<bool(X &, const QString &)> set;
    QString rule; ///< what set() accepts, said when it refuses a text
};

bool parseNumber(const QString &text, double &out);
QString number(double v);

/// What a field means, for its accessible description and tool tip (the
/// screen reader's second sentence after the label). Keys are the editors'
/// object names; the consistency terms come from the glossary.
QString fieldDescription(const QString &name);

/// Builds editor rows bound to model values through accessors.
class PropertyForm
{
public:
    PropertyForm(Document *document, std::vector<std::function<void()>> &refreshers, ChangeEvent note,
         std::string keyPrefix)
        : m_document(document)
        , m_refreshers(refreshers)
        , m_note(std::move(note))
        , m_prefix(std::move(keyPrefix))
    {}

    /// Numeric rows and distributions built from now on carry the
    /// "modelPath" property `prefix` + their name ("readModels.search.").
    void setModelPathPrefix(std::string prefix) { m_pathPrefix = std::move(prefix); }

    QGroupBox *section(QVBoxLayout *into, const QString &title);

    QFormLayout *layout() const { return m_layout; }

    /// The field's accessible name (its label) and description (what it
    /// means, also its tool tip). Every row goes through here.
    static void describe(QWidget *field, const QString &label, const QString &name);

    template<typename T>
    const T *read(const Accessor<T> &accessor) const
    {
        // Accessors only read here; edits go through the undo stack.
        return accessor(const_cast<Model &>(m_document->model()));
    }

    /// One undo step setting the field `name` (shown as `label`) to value;
    /// `shown` is the value as the field shows it, for the step's text
    /// (empty for lists and long texts, whose step names only the field).
    template<typename T>
    void change(const QString &label, const QString &name, const Accessor<T> &accessor, T value,
                const QString &shown = {})
    {
        m_document->changeValue<T>(changeText(label, shown), m_prefix + name.toStdString(), m_note,
                                   accessor, std::move(value));
    }

    /// "Change Consumers of UserView to 4", "Change Duration to 600 s": an
    /// edit's text in Edit > Undo and the Edit History (the element's name
    /// when the form is an element's).
    QString changeText(const QString &label, const QString &shown) const;

    void onRefresh(std::function<void()> f);

    /// Hides the row of `widget` unless `visible()`.
    void showRowIf(QWidget *widget, std::function<bool()> visible);

    QDoubleSpinBox *number(const QString &label, const QString &name, Accessor<double> accessor,
                           double min, double max, double step, int decimals,
                           const QString &suffix = {}, const QString &what = {});
    /// number() from 0 excluded, for what the model wants greater than 0 (a
    /// timeout, an interval): 0 is refused as typed, not only when run.
    QDoubleSpinBox *positiveNumber(const QString &label, const QString &name, Accessor<double> accessor,
                                   double max, double step, int decimals, const QString &suffix = {});

    template<typename Int>
    QSpinBox *integer(const QString &label, const QString &name, Accessor<Int> accessor, int min,
                      int max)
    {
        auto *spin = new IntField(label);
        spin->setObjectName(name);
        tagModelPath(spin, name);
        spin->setRange(min, max);
        spin->setGroupSeparatorShown(true);
        m_layout->addRow(label, spin);
        describe(spin, label, name);
        attachMessage(spin, name);
        onRefresh([this, spin, accessor] {
            const Int *value = read(accessor);
            spin->setEnabled(value != nullptr);
            if (value)
                spin->showModelValue(qint64(*value));
        });
        QObject::connect(spin, &QSpinBox::valueChanged, spin, [this, label, name, accessor](int v) {
            change(label, name, accessor, Int(v), formatCount(v));
        });
        return spin;
    }

    /// A line under `field` that says why typed input was refused (hidden
    /// while there is nothing to say). Named "<name>.message".
    template<typename Field>
    QLabel *attachMessage(Field *field, const QString &name)
    {
        QLabel *message = addMessageRow(field, name);
        QFormLayout *layout = m_layout;
        QObject::connect(field, &Field::inputRefused, message,
                         [layout, message](const QString &text) {
                             message->setText(text);
                             layout->setRowVisible(message, !text.isEmpty());
                         });
        return message;
    }

    QLabel *addMessageRow(QWidget *field, const QString &name);

    QLineEdit *text(const QString &label, const QString &name, Accessor<std::string> accessor);

    /// A whole number of the whole 64-bit range (a seed), typed; set when
    /// the field is left or Enter pressed. A spin box holds 32 bits only.
    QLineEdit *wholeNumber(const QString &label, const QString &name,
                           Accessor<std::int64_t> accessor);

    QPlainTextEdit *longText(const QString &label, const QString &name,
                             Accessor<std::string> accessor);

    QCheckBox *boolean(const QString &label, const QString &name, Accessor<bool> accessor);

    template<typename E>
    QComboBox *enumeration(const QString &label, const QString &name, Accessor<E> accessor,
                           const std::vector<E> &values)
    {
        auto *combo = new QComboBox;
        combo->setObjectName(name);
        for (E value : values)
            combo->addItem(QString::fromUtf8(toString(value).data()), int(value));
        m_layout->addRow(label, combo);
        describe(combo, label, name);
        onRefresh([this, combo, accessor] {
            if (const E *value = read(accessor)) {
                const QSignalBlocker blocker(combo);
                combo->setCurrentIndex(combo->findData(int(*value)));
            }
        });
        QObject::connect(combo, &QComboBox::activated, combo,
                         [this, label, name, accessor, combo](int) {
                             change(label, name, accessor, E(combo->currentData().toInt()),
                                    combo->currentText());
                         });
        return combo;
    }

    /// A reference to an element of `kind`, as a drop-down of names.
    QComboBox *reference(const QString &label, const QString &name,
                         Accessor<std::string> accessor, ElementKind kind, bool allowNone);

    DistributionEditor *distribution(const QString &label, const QString &name,
                                     Accessor<Distribution> accessor);

    /// A list of ids (emits, subscribes) as check boxes over every element of `kind`.
    QListWidget *idList(const QString &label, const QString &name,
                        Accessor<std::vector<std::string>> accessor, ElementKind kind);

    /// A list of records (outages, rebuilds, rate profile, fields) as a table.
    template<typename X>
    QTableWidget *table(const QString &label, const QString &name,
                        Accessor<std::vector<X>> accessor, std::vector<Column<X>> columns,
                        std::function<X(const std::vector<X> &)> makeNew)
    {
        auto *container = new QWidget;
        auto *vbox = new QVBoxLayout(container);
        vbox->setContentsMargins(0, 0, 0, 0);
        auto *table = new QTableWidget(0, int(columns.size()), container);
        table->setObjectName(name);
        table->setTabKeyNavigation(false); // one Tab stop: Tab went cell to cell and round again
        FocusRing::mark(table); // an empty table shows no current cell to say it has the focus
        QStringList headers;
        for (const Column<X> &c : columns)
            headers << c.header;
        table->setHorizontalHeaderLabels(headers);
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        table->verticalHeader()->hide();
        fitTableHeight(table);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        auto *buttons = new QHBoxLayout;
        auto *add = new QPushButton(QObject::tr("Add"), container);
        add->setObjectName(name + QStringLiteral(".add"));
        auto *remove = new QPushButton(QObject::tr("Remove"), container);
        remove->setObjectName(name + QStringLiteral(".remove"));
        describe(table, label, name);
        add->setToolTip(QCoreApplication::translate("cqrs::Inspector", "Add a row to %1").arg(label));
        remove->setToolTip(QCoreApplication::translate("cqrs::Inspector", "Remove the selected row of %1").arg(label));
        buttons->addWidget(add);
        buttons->addWidget(remove);
        buttons->addStretch(1);
        vbox->addWidget(table);
        vbox->addLayout(buttons);
        m_layout->addRow(label, container);
        QLabel *message = addMessageRow(container, name);
        QFormLayout *layout = m_layout;
        auto say = [layout, message](const QString &text) {
            message->setText(text);
            layout->setRowVisible(message, !text.isEmpty());
        };

        auto shown = std::make_shared<std::vector<X>>();
        auto fill = [this, table, accessor, columns, shown](bool force) {
            const std::vector<X> *value = read(accessor);
            if (!value || (!force && *value == *shown))
                return;
            // A row added to a list on show (Add, or an outage scheduled
            // during a run) comes into sight; a list shown first starts at the top.
            const bool grew = !shown->empty() && value->size() > shown->size();
            *shown = *value;
            const QSignalBlocker blocker(table);
            table->setRowCount(int(value->size()));
            for (int r = 0; r < int(value->size()); ++r) {
                for (int c = 0; c < int(columns.size()); ++c)
                    table->setItem(r, c, new QTableWidgetItem(columns[c].get((*value)[r])));
            }
            fitTableHeight(table);
            if (grew)
                table->scrollToBottom();
        };
        onRefresh([fill] { fill(true); });
        QObject::connect(table, &QTableWidget::cellChanged, table,
                         [this, label, name, accessor, columns, shown, table, fill,
                          say](int r, int c) {
                             std::vector<X> next = *shown;
                             const QString text = table->item(r, c)->text();
                             if (r < 0 || r >= int(next.size()) || !columns[c].set(next[r], text)) {
                                 // Refuse the text, say why, show the model again.
                                 say(QObject::tr("%1 “%2” was not accepted.")
                                         .arg(columns[c].rule, text.trimmed()));
                                 fill(true);
                                 return;
                             }
                             say({});
                             change(label, name, accessor, next);
                         });
        QObject::connect(add, &QPushButton::clicked, table,
                         [this, label, name, accessor, makeNew] {
                             if (const std::vector<X> *value = read(accessor)) {
                                 std::vector<X> next = *value;
                                 next.push_back(makeNew(next));
                                 change(label, name, accessor, next);
                             }
                         });
        QObject::connect(remove, &QPushButton::clicked, table,
                         [this, label, name, accessor, table] {
                             const std::vector<X> *value = read(accessor);
                             const int row = table->currentRow();
                             if (!value || row < 0 || row >= int(value->size()))
                                 return;
                             std::vector<X> next = *value;
                             next.erase(next.begin() + row);
                             change(label, name, accessor, next);
                         });
        return table;
    }

private:
    /// As tall as its rows, from one to a handful; a scroll bar beyond.
    static void fitTableHeight(QTableWidget *table);

    Document *m_document;
    std::vector<std::function<void()>> &m_refreshers;
    ChangeEvent m_note;
    std::string m_prefix;
    QFormLayout *m_layout = nullptr;
    std::map<QWidget *, QLabel *> m_messages; ///< field -> its refusal message
    std::optional<std::string> m_pathPrefix;    ///< unset: no "modelPath" properties

    void tagModelPath(QWidget *field, const QString &name) const;
};

inline constexpr double kBig = kUnbounded;

// A numeric column of `X::*member`, accepting numbers >= min (> min when
// `above`), as the validator does.
template<typename X>
Column<X> numberColumn(const QString &header, double X::*member, double min, bool above = false)
{
    const QString rule = above ? QObject::tr("%1 must be a number greater than %2.")
                                     .arg(header, QLocale().toString(min, 'g', 10))
                               : numberRule(header, min, kUnbounded);
    return {header, [member](const X &x) { return number(x.*member); },
            [member, min, above](X &x, const QString &t) {
                double v = 0;
                if (!parseNumber(t, v) || v < min || (above && v == min))
                    return false;
                x.*member = v;
                return true;
            },
            rule};
}


Column<Outage> outageAt();
Column<Outage> outageDuration();
Outage nextOutage(const std::vector<Outage> &list);
std::vector<Column<FieldSpec>> fieldColumns();
FieldSpec nextField(const std::vector<FieldSpec> &list);

} // namespace cqrs::form
