#include "inspector.h"

#include "sweep/sweepfieldmenu.h"

#include "distributioneditor.h"
#include "glossary.h"
#include "nodeitem.h"
#include "numberfield.h"
#include "sweep/sweepfieldmenu.h"

#include <cqrs/model/validation.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <limits>
#include <map>
#include <memory>

namespace cqrs {

namespace {

template<typename E>
E *lookup(Model &m, const std::string &id);
template<>
Aggregate *lookup(Model &m, const std::string &id) { return m.aggregate(id); }
template<>
Command *lookup(Model &m, const std::string &id) { return m.command(id); }
template<>
Event *lookup(Model &m, const std::string &id) { return m.event(id); }
template<>
ReadModel *lookup(Model &m, const std::string &id) { return m.readModel(id); }
template<>
Policy *lookup(Model &m, const std::string &id) { return m.policy(id); }
template<>
Query *lookup(Model &m, const std::string &id) { return m.query(id); }

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

QString q(const std::string &s)
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

bool parseNumber(const QString &text, double &out)
{
    bool ok = false;
    const double v = QLocale().toDouble(text.trimmed(), &ok);
    if (!ok) {
        const double c = text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(c))
            return false;
        out = c;
        return true;
    }
    if (!std::isfinite(v))
        return false;
    out = v;
    return true;
}

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

/// What a field means, for its accessible description and tool tip (the
/// screen reader's second sentence after the label). Keys are the editors'
/// object names; the consistency terms come from the glossary.
QString fieldDescription(const QString &name)
{
    static const std::map<QString, const char *> texts = {
        {"name", QT_TRANSLATE_NOOP("cqrs::Inspector", "The name shown on the canvas, in charts and in the summary.")},
        {"description", QT_TRANSLATE_NOOP("cqrs::Inspector", "Free text about the model; Markdown is fine.")},
        {"text", QT_TRANSLATE_NOOP("cqrs::Inspector", "The text of the sticky note.")},
        {"id", QT_TRANSLATE_NOOP("cqrs::Inspector", "The identifier other elements, Problems, the saved file and exported CSV use; letters, digits, - and _.")},
        {"workload.duration", QT_TRANSLATE_NOOP("cqrs::Inspector", "How many seconds of traffic the run simulates.")},
        {"workload.warmup", QT_TRANSLATE_NOOP("cqrs::Inspector", "Seconds at the start that are simulated but not measured.")},
        {"workload.seed", QT_TRANSLATE_NOOP("cqrs::Inspector", "The random seed: the same seed gives the same run.")},
        {"workload.commandRate", QT_TRANSLATE_NOOP("cqrs::Inspector", "Commands per second, arriving at random (Poisson).")},
        {"workload.queryRate", QT_TRANSLATE_NOOP("cqrs::Inspector", "Plain queries per second, arriving at random (Poisson).")},
        {"workload.keys.dist", QT_TRANSLATE_NOOP("cqrs::Inspector", "Which keys commands and queries touch: all alike (uniform) or a few hot ones (zipf).")},
        {"workload.keys.s", QT_TRANSLATE_NOOP("cqrs::Inspector", "How strongly zipf keys favour the hottest ones: larger is more skewed.")},
        {"workload.sampleInterval.auto", QT_TRANSLATE_NOOP("cqrs::Inspector", "Take a chart point every duration / 600 seconds.")},
        {"workload.sampleInterval", QT_TRANSLATE_NOOP("cqrs::Inspector", "Seconds between chart points and series entries.")},
        {"workload.rateProfile", QT_TRANSLATE_NOOP("cqrs::Inspector", "Steps in traffic: from each time on, the command rate is multiplied by the factor.")},
        {"writeSide.workers", QT_TRANSLATE_NOOP("cqrs::Inspector", "How many commands the write side handles at the same time.")},
        {"writeSide.maxRetries", QT_TRANSLATE_NOOP("cqrs::Inspector", "How often a command that lost a concurrency conflict is retried before it is rejected.")},
        {"eventBus.partitions", QT_TRANSLATE_NOOP("cqrs::Inspector", "Partitions of the event bus; consumers share them, so consumers beyond this number idle.")},
        {"eventBus.publishDelay", QT_TRANSLATE_NOOP("cqrs::Inspector", "How long the bus takes to deliver a committed event.")},
        {"eventBus.duplicateRate", QT_TRANSLATE_NOOP("cqrs::Inspector", "The probability that a delivery is repeated once, as at-least-once brokers do.")},
        {"eventBus.ordering", QT_TRANSLATE_NOOP("cqrs::Inspector", "Whether events of one partition stay in order (partition) or not (none).")},
        {"idFollowsName", QT_TRANSLATE_NOOP("cqrs::Inspector", "When checked, the id is renamed with the name and every reference follows.")},
        {"instances", QT_TRANSLATE_NOOP("cqrs::Inspector", "How many keys (entities) the aggregate has.")},
        {"aggregate", QT_TRANSLATE_NOOP("cqrs::Inspector", "The aggregate this element belongs to.")},
        {"share", QT_TRANSLATE_NOOP("cqrs::Inspector", "Its weight among all commands or all queries.")},
        {"handlerTime", QT_TRANSLATE_NOOP("cqrs::Inspector", "How long the command holds a write-side worker.")},
        {"rejectRate", QT_TRANSLATE_NOOP("cqrs::Inspector", "The probability that the handler rejects the command (no events).")},
        {"emits", QT_TRANSLATE_NOOP("cqrs::Inspector", "The events a successful command appends, in order; check an event to add it.")},
        {"validatesAgainst", QT_TRANSLATE_NOOP("cqrs::Inspector", "A read model the handler checks a business rule against; a lagging one means a decision on a stale read.")},
        {"fields", QT_TRANSLATE_NOOP("cqrs::Inspector", "Name and type pairs, for documentation only.")},
        {"followUp.enabled", QT_TRANSLATE_NOOP("cqrs::Inspector", "The same user reads right after the command: does their change show?")},
        {"followUp.query", QT_TRANSLATE_NOOP("cqrs::Inspector", "The query the user runs after the command.")},
        {"followUp.probability", QT_TRANSLATE_NOOP("cqrs::Inspector", "The probability that the user reads after the command.")},
        {"followUp.after", QT_TRANSLATE_NOOP("cqrs::Inspector", "How long after the commit the user reads.")},
        {"store", QT_TRANSLATE_NOOP("cqrs::Inspector", "The kind of store the read model lives in; a label only.")},
        {"subscribes", QT_TRANSLATE_NOOP("cqrs::Inspector", "The events it applies; check an event to subscribe to it.")},
        {"consumers", QT_TRANSLATE_NOOP("cqrs::Inspector", "Parallel consumers that apply events; they share the bus's partitions.")},
        {"update.mode", QT_TRANSLATE_NOOP("cqrs::Inspector", "Streaming applies each event after a delay; batch applies everything at fixed intervals.")},
        {"update.delay", QT_TRANSLATE_NOOP("cqrs::Inspector", "How long after delivery a streaming consumer applies an event.")},
        {"update.interval", QT_TRANSLATE_NOOP("cqrs::Inspector", "Seconds between batches.")},
        {"update.offset", QT_TRANSLATE_NOOP("cqrs::Inspector", "When the first batch runs, in seconds.")},
        {"applyTime", QT_TRANSLATE_NOOP("cqrs::Inspector", "How long applying one event holds a consumer.")},
        {"idempotent", QT_TRANSLATE_NOOP("cqrs::Inspector", "Whether a duplicate delivery is harmless; if not, each applied duplicate corrupts an update.")},
        {"outages", QT_TRANSLATE_NOOP("cqrs::Inspector", "Times when the consumers apply nothing: start and duration in seconds.")},
        {"rebuilds", QT_TRANSLATE_NOOP("cqrs::Inspector", "Times when the state is reset and every event so far is replayed.")},
        {"issues", QT_TRANSLATE_NOOP("cqrs::Inspector", "The command the policy issues for each event it applies.")},
        {"probability", QT_TRANSLATE_NOOP("cqrs::Inspector", "The probability that the policy issues its command for an event.")},
        {"readModel", QT_TRANSLATE_NOOP("cqrs::Inspector", "The read model the query reads.")},
        {"readTime", QT_TRANSLATE_NOOP("cqrs::Inspector", "How long one read takes.")},
        {"consistency.pollInterval", QT_TRANSLATE_NOOP("cqrs::Inspector", "How often a waiting read checks whether the user's own version has arrived.")},
        {"consistency.timeout", QT_TRANSLATE_NOOP("cqrs::Inspector", "How long a read waits for the user's own version before it gives up.")},
    };
    if (name == QLatin1String("staleBudget.enabled") || name == QLatin1String("staleBudget.p99"))
        return glossaryEntry(Term::StaleBudget).tooltip;
    if (name == QLatin1String("consistency.strategy"))
        return Inspector::tr("How the query deals with a read model that is behind: eventual, "
                             "wait-for-version, read-from-write-model or optimistic-ui.");
    const auto it = texts.find(name);
    return it == texts.end() ? QString() : Inspector::tr(it->second);
}

/// Builds editor rows bound to model values through accessors.
class Form
{
public:
    Form(Document *document, std::vector<std::function<void()>> &refreshers, ChangeEvent note,
         std::string keyPrefix)
        : m_document(document)
        , m_refreshers(refreshers)
        , m_note(std::move(note))
        , m_prefix(std::move(keyPrefix))
    {}

    QGroupBox *section(QVBoxLayout *into, const QString &title)
    {
        auto *box = new QGroupBox(title);
        m_layout = new QFormLayout(box);
        m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        into->addWidget(box);
        return box;
    }

    QFormLayout *layout() const { return m_layout; }

    /// The field's accessible name (its label) and description (what it
    /// means, also its tool tip). Every row goes through here.
    static void describe(QWidget *field, const QString &label, const QString &name)
    {
        if (!label.isEmpty())
            field->setAccessibleName(label);
        const QString text = fieldDescription(name);
        Q_ASSERT_X(!text.isEmpty(), "Form::describe", qPrintable(name));
        field->setAccessibleDescription(text);
        if (field->toolTip().isEmpty())
            field->setToolTip(text);
    }

    template<typename T>
    const T *read(const Accessor<T> &accessor) const
    {
        // Accessors only read here; edits go through the undo stack.
        return accessor(const_cast<Model &>(m_document->model()));
    }

    template<typename T>
    void change(const QString &label, const QString &name, const Accessor<T> &accessor, T value)
    {
        m_document->changeValue<T>(QObject::tr("Change %1").arg(label),
                                   m_prefix + name.toStdString(), m_note, accessor,
                                   std::move(value));
    }

    void onRefresh(std::function<void()> f)
    {
        f();
        m_refreshers.push_back(std::move(f));
    }

    /// Hides the row of `widget` unless `visible()`.
    void showRowIf(QWidget *widget, std::function<bool()> visible)
    {
        QFormLayout *layout = m_layout;
        QLabel *message = m_messages.count(widget) ? m_messages.at(widget) : nullptr;
        onRefresh([layout, widget, message, visible] {
            const bool shown = visible();
            layout->setRowVisible(widget, shown);
            if (message)
                layout->setRowVisible(message, shown && !message->text().isEmpty());
        });
    }

    QDoubleSpinBox *number(const QString &label, const QString &name, Accessor<double> accessor,
                           double min, double max, double step, int decimals,
                           const QString &suffix = {}, const QString &what = {})
    {
        auto *spin = new RealField(what.isEmpty() ? label : what);
        spin->setObjectName(name);
        spin->setRange(min, max);
        spin->setDecimals(decimals);
        spin->setSingleStep(step);
        spin->setSuffix(suffix);
        spin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
        m_layout->addRow(label, spin);
        describe(spin, what.isEmpty() ? label : what, name);
        attachMessage(spin, name);
        onRefresh([this, spin, accessor] {
            const double *value = read(accessor);
            spin->setEnabled(value != nullptr);
            if (value && spin->value() != *value) {
                const QSignalBlocker blocker(spin);
                spin->setValue(*value);
            }
        });
        QObject::connect(spin, &QDoubleSpinBox::valueChanged, spin,
                         [this, label, name, accessor](double v) { change(label, name, accessor, v); });
        return spin;
    }

    template<typename Int>
    QSpinBox *integer(const QString &label, const QString &name, Accessor<Int> accessor, int min,
                      int max)
    {
        auto *spin = new IntField(label);
        spin->setObjectName(name);
        spin->setRange(min, max);
        spin->setGroupSeparatorShown(true);
        m_layout->addRow(label, spin);
        describe(spin, label, name);
        attachMessage(spin, name);
        onRefresh([this, spin, accessor] {
            const Int *value = read(accessor);
            spin->setEnabled(value != nullptr);
            if (value && spin->value() != *value) {
                const QSignalBlocker blocker(spin);
                spin->setValue(int(std::clamp<std::int64_t>(*value, spin->minimum(),
                                                            spin->maximum())));
            }
        });
        QObject::connect(spin, &QSpinBox::valueChanged, spin,
                         [this, label, name, accessor](int v) { change(label, name, accessor, Int(v)); });
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

    QLabel *addMessageRow(QWidget *field, const QString &name)
    {
        auto *message = new QLabel;
        message->setObjectName(name + QStringLiteral(".message"));
        message->setWordWrap(true);
        message->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_layout->addRow(QString(), message);
        m_layout->setRowVisible(message, false);
        m_messages[field] = message;
        return message;
    }

    QLineEdit *text(const QString &label, const QString &name, Accessor<std::string> accessor)
    {
        auto *edit = new QLineEdit;
        edit->setObjectName(name);
        m_layout->addRow(label, edit);
        describe(edit, label, name);
        onRefresh([this, edit, accessor] {
            const std::string *value = read(accessor);
            if (value && edit->text() != q(*value)) {
                const QSignalBlocker blocker(edit);
                edit->setText(q(*value));
            }
        });
        QObject::connect(edit, &QLineEdit::textEdited, edit,
                         [this, label, name, accessor](const QString &t) {
                             change(label, name, accessor, t.toStdString());
                         });
        return edit;
    }

    QPlainTextEdit *longText(const QString &label, const QString &name,
                             Accessor<std::string> accessor)
    {
        auto *edit = new QPlainTextEdit;
        edit->setObjectName(name);
        edit->setMaximumHeight(90);
        edit->setTabChangesFocus(true);
        m_layout->addRow(label, edit);
        describe(edit, label, name);
        onRefresh([this, edit, accessor] {
            const std::string *value = read(accessor);
            if (value && edit->toPlainText() != q(*value)) {
                const QSignalBlocker blocker(edit);
                edit->setPlainText(q(*value));
            }
        });
        QObject::connect(edit, &QPlainTextEdit::textChanged, edit,
                         [this, label, name, accessor, edit] {
                             change(label, name, accessor, edit->toPlainText().toStdString());
                         });
        return edit;
    }

    QCheckBox *boolean(const QString &label, const QString &name, Accessor<bool> accessor)
    {
        auto *box = new QCheckBox;
        box->setObjectName(name);
        m_layout->addRow(label, box);
        describe(box, label, name);
        onRefresh([this, box, accessor] {
            if (const bool *value = read(accessor); value && box->isChecked() != *value) {
                const QSignalBlocker blocker(box);
                box->setChecked(*value);
            }
        });
        QObject::connect(box, &QCheckBox::toggled, box,
                         [this, label, name, accessor](bool v) { change(label, name, accessor, v); });
        return box;
    }

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
                             change(label, name, accessor, E(combo->currentData().toInt()));
                         });
        return combo;
    }

    /// A reference to an element of `kind`, as a drop-down of names.
    QComboBox *reference(const QString &label, const QString &name,
                         Accessor<std::string> accessor, ElementKind kind, bool allowNone)
    {
        auto *combo = new QComboBox;
        combo->setObjectName(name);
        m_layout->addRow(label, combo);
        describe(combo, label, name);
        onRefresh([this, combo, accessor, kind, allowNone] {
            const std::string *value = read(accessor);
            const Model &model = m_document->model();
            const QSignalBlocker blocker(combo);
            combo->clear();
            if (allowNone || !value || value->empty())
                combo->addItem(QObject::tr("(none)"), QString());
            for (const std::string &id : idsOfKind(model, kind)) {
                const auto element = findElement(model, id);
                combo->addItem(QStringLiteral("%1 (%2)").arg(q(elementName(*element)), q(id)),
                               q(id));
            }
            if (value && !value->empty() && combo->findData(q(*value)) < 0)
                combo->addItem(QObject::tr("%1 (missing)").arg(q(*value)), q(*value));
            combo->setCurrentIndex(std::max(0, combo->findData(value ? q(*value) : QString())));
        });
        QObject::connect(combo, &QComboBox::activated, combo,
                         [this, label, name, accessor, combo](int) {
                             change(label, name, accessor,
                                    combo->currentData().toString().toStdString());
                         });
        return combo;
    }

    DistributionEditor *distribution(const QString &label, const QString &name,
                                     Accessor<Distribution> accessor)
    {
        auto *editor = new DistributionEditor(name);
        editor->setWhat(label);
        editor->setDescription(fieldDescription(name));
        m_layout->addRow(label, editor);
        onRefresh([this, editor, accessor] {
            if (const Distribution *value = read(accessor))
                editor->setDistribution(*value);
        });
        QObject::connect(editor, &DistributionEditor::distributionEdited, editor,
                         [this, label, name, accessor](const Distribution &d) {
                             change(label, name, accessor, d);
                         });
        return editor;
    }

    /// A list of ids (emits, subscribes) as check boxes over every element of `kind`.
    QListWidget *idList(const QString &label, const QString &name,
                        Accessor<std::vector<std::string>> accessor, ElementKind kind)
    {
        auto *list = new QListWidget;
        list->setObjectName(name);
        list->setMaximumHeight(110);
        m_layout->addRow(label, list);
        describe(list, label, name);
        onRefresh([this, list, accessor, kind] {
            const std::vector<std::string> *value = read(accessor);
            const Model &model = m_document->model();
            const QSignalBlocker blocker(list);
            list->clear();
            for (const std::string &id : idsOfKind(model, kind)) {
                auto *item = new QListWidgetItem(
                    QStringLiteral("%1 (%2)").arg(q(elementName(*findElement(model, id))), q(id)),
                    list);
                item->setData(Qt::UserRole, q(id));
                item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
                const bool on = value && std::find(value->begin(), value->end(), id) != value->end();
                item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
            }
        });
        QObject::connect(list, &QListWidget::itemChanged, list,
                         [this, label, name, accessor, list](QListWidgetItem *item) {
                             const std::vector<std::string> *value = read(accessor);
                             if (!value)
                                 return;
                             std::vector<std::string> next = *value;
                             const std::string id = item->data(Qt::UserRole).toString().toStdString();
                             std::erase(next, id);
                             if (item->checkState() == Qt::Checked)
                                 next.push_back(id);
                             change(label, name, accessor, next);
                         });
        return list;
    }

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
        QStringList headers;
        for (const Column<X> &c : columns)
            headers << c.header;
        table->setHorizontalHeaderLabels(headers);
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        table->verticalHeader()->hide();
        table->setMaximumHeight(120);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        auto *buttons = new QHBoxLayout;
        auto *add = new QPushButton(QObject::tr("Add"), container);
        add->setObjectName(name + QStringLiteral(".add"));
        auto *remove = new QPushButton(QObject::tr("Remove"), container);
        remove->setObjectName(name + QStringLiteral(".remove"));
        describe(table, label, name);
        add->setToolTip(Inspector::tr("Add a row to %1").arg(label));
        remove->setToolTip(Inspector::tr("Remove the selected row of %1").arg(label));
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
            *shown = *value;
            const QSignalBlocker blocker(table);
            table->setRowCount(int(value->size()));
            for (int r = 0; r < int(value->size()); ++r) {
                for (int c = 0; c < int(columns.size()); ++c)
                    table->setItem(r, c, new QTableWidgetItem(columns[c].get((*value)[r])));
            }
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
    Document *m_document;
    std::vector<std::function<void()>> &m_refreshers;
    ChangeEvent m_note;
    std::string m_prefix;
    QFormLayout *m_layout = nullptr;
    std::map<QWidget *, QLabel *> m_messages; ///< field -> its refusal message
};

constexpr double kBig = kUnbounded;

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

Column<Outage> outageAt()
{
    return numberColumn<Outage>(QObject::tr("at (s)"), &Outage::at, 0);
}

Column<Outage> outageDuration()
{
    return numberColumn<Outage>(QObject::tr("duration (s)"), &Outage::duration, 0, true);
}

Outage nextOutage(const std::vector<Outage> &list)
{
    Outage o;
    o.at = list.empty() ? 60 : list.back().at + list.back().duration + 60;
    o.duration = 30;
    return o;
}

std::vector<Column<FieldSpec>> fieldColumns()
{
    return {{QObject::tr("name"), [](const FieldSpec &f) { return q(f.name); },
             [](FieldSpec &f, const QString &t) {
                 f.name = t.trimmed().toStdString();
                 return true;
             },
             QString()},
            {QObject::tr("type"), [](const FieldSpec &f) { return q(f.type); },
             [](FieldSpec &f, const QString &t) {
                 f.type = t.trimmed().toStdString();
                 return true;
             },
             QString()}};
}

FieldSpec nextField(const std::vector<FieldSpec> &list)
{
    FieldSpec f;
    f.name = "field" + std::to_string(list.size() + 1);
    f.type = "string";
    return f;
}

} // namespace

Inspector::Inspector(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("inspector"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    m_title->setContentsMargins(8, 6, 8, 6);
    m_title->setTextFormat(Qt::RichText);
    layout->addWidget(m_title);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);
    connect(document, &Document::changed, this, &Inspector::onDocumentChanged);
    connect(document, &Document::locksChanged, this, &Inspector::rebuild);
    rebuild();
}

void Inspector::setSelection(const std::vector<std::string> &elements,
                             const std::vector<Connection> &connections,
                             const std::vector<int> &notes)
{
    Subject subject = Subject::Model;
    std::string id;
    int note = -1;
    QString other;
    const size_t count = elements.size() + connections.size() + notes.size();
    if (count == 1 && elements.size() == 1) {
        subject = Subject::Element;
        id = elements.front();
    } else if (count == 1 && notes.size() == 1) {
        subject = Subject::Note;
        note = notes.front();
    } else if (count == 1) {
        const Connection &c = connections.front();
        subject = Subject::Other;
        other = tr("<b>%1</b> %2 <b>%3</b><br><br>Press Delete to remove this connection.")
                    .arg(q(c.from).toHtmlEscaped(), QString::fromUtf8(connectionLabel(c.kind)),
                         q(c.to).toHtmlEscaped());
    } else if (count > 1) {
        subject = Subject::Other;
        other = tr("%n items selected.", nullptr, int(count));
    }
    if (subject == m_subject && id == m_elementId && note == m_noteIndex && other == m_otherText)
        return;
    m_subject = subject;
    m_elementId = id;
    m_noteIndex = note;
    m_otherText = other;
    rebuild();
}

void Inspector::onDocumentChanged(const ChangeEvent &event)
{
    switch (event.type) {
    case ChangeEvent::Type::Reset:
        m_subject = Subject::Model;
        m_elementId.clear();
        m_noteIndex = -1;
        rebuild();
        break;
    case ChangeEvent::Type::ElementsRemoved:
        if (m_subject == Subject::Element
            && std::find(event.ids.begin(), event.ids.end(), m_elementId) != event.ids.end()) {
            m_subject = Subject::Model;
            m_elementId.clear();
            rebuild();
        } else {
            refresh();
        }
        break;
    case ChangeEvent::Type::ElementRenamed:
        if (m_subject == Subject::Element && event.ids.at(0) == m_elementId) {
            m_elementId = event.ids.at(1);
            rebuild(); // accessors and undo keys carry the id
        } else {
            refresh();
        }
        break;
    case ChangeEvent::Type::NotesChanged:
        if (m_subject == Subject::Note
            && m_noteIndex >= int(m_document->model().diagram.notes.size())) {
            m_subject = Subject::Model;
            m_noteIndex = -1;
            rebuild();
        } else {
            refresh();
        }
        break;
    case ChangeEvent::Type::ElementsAdded:
    case ChangeEvent::Type::ElementsChanged:
    case ChangeEvent::Type::PositionsChanged:
    case ChangeEvent::Type::SettingsChanged:
        refresh();
        break;
    }
}

bool Inspector::focusFirstField()
{
    QWidget *page = m_scroll->widget();
    if (!page)
        return false;
    QWidget *target = page->findChild<QLineEdit *>(QStringLiteral("name"));
    if (!target || !target->isEnabled()) {
        target = nullptr;
        for (QWidget *w = page->nextInFocusChain(); w && w != page; w = w->nextInFocusChain()) {
            if (!page->isAncestorOf(w))
                break;
            if ((w->focusPolicy() & Qt::TabFocus) && w->isEnabled() && w->isVisibleTo(page)) {
                target = w;
                break;
            }
        }
    }
    if (!target)
        return false;
    target->setFocus(Qt::ShortcutFocusReason);
    m_scroll->ensureWidgetVisible(target);
    if (auto *edit = qobject_cast<QLineEdit *>(target))
        edit->selectAll();
    return true;
}

void Inspector::refresh()
{
    for (const auto &refresher : m_refreshers)
        refresher();
}

namespace {

// Editors size themselves for their widest value (a spin box for 1e7 with six
// decimals is wide); let them shrink so the form fits the dock's width.
void letEditorsShrink(QWidget *page)
{
    for (QWidget *w : page->findChildren<QWidget *>()) {
        if (qobject_cast<QAbstractSpinBox *>(w) || qobject_cast<QLineEdit *>(w)
            || qobject_cast<QAbstractItemView *>(w) || qobject_cast<DensityPlot *>(w)) {
            w->setMinimumWidth(60);
        } else if (auto *combo = qobject_cast<QComboBox *>(w)) {
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(6);
            combo->setMinimumWidth(60);
        } else if (auto *check = qobject_cast<QCheckBox *>(w)) {
            check->setMinimumWidth(60);
        }
    }
}

} // namespace

void Inspector::rebuild()
{
    // The old page may be inside one of its own signals (a rename from the
    // name field's editingFinished): silence it and delete it later.
    QString focused;
    if (QWidget *old = m_scroll->widget()) {
        for (QWidget *w = QApplication::focusWidget(); w && w != old && old->isAncestorOf(w);
             w = w->parentWidget()) {
            if (!w->objectName().isEmpty() && !w->objectName().startsWith(QLatin1String("qt_"))) {
                focused = w->objectName();
                break;
            }
        }
        for (QObject *child : old->findChildren<QObject *>())
            child->blockSignals(true);
        old->blockSignals(true);
        m_scroll->takeWidget();
        old->deleteLater();
    }
    m_refreshers.clear();
    m_form.reset();
    switch (m_subject) {
    case Subject::Model:
        buildModelSettings();
        break;
    case Subject::Element:
        buildElement();
        break;
    case Subject::Note:
        buildNote();
        break;
    case Subject::Other: {
        m_title->setText(tr("<b>Selection</b>"));
        auto *label = new QLabel(m_otherText);
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        label->setContentsMargins(8, 8, 8, 8);
        m_scroll->setWidget(label);
        break;
    }
    }
    if (QWidget *page = m_scroll->widget()) {
        letEditorsShrink(page);
        // Right-click a number (the model's settings, an element's field) -> Sweep….
        if (m_subject == Subject::Model || m_subject == Subject::Element) {
            addSweepMenus(
                page,
                [this](const QAbstractSpinBox *field) {
                    return sweepPathOf(field, m_document->model(),
                                       m_subject == Subject::Element ? m_elementId : std::string());
                },
                [this](const QString &path) { emit sweepRequested(path); });
        }
        // Typing goes on where it was (a rename rebuilds the page).
        if (!focused.isEmpty()) {
            if (auto *w = page->findChild<QWidget *>(focused))
                w->setFocus();
        }
    }
}

void Inspector::buildModelSettings()
{
    m_title->setText(tr("<b>Model settings</b>"));
    auto *page = new QWidget;
    auto *vbox = new QVBoxLayout(page);
    auto formPtr = std::make_shared<Form>(m_document, m_refreshers, ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, {}}, "model/");
    m_form = formPtr;
    Form &form = *formPtr;

    form.section(vbox, tr("Model"));
    form.text(tr("Name"), "name", [](Model &m) { return &m.name; });
    form.longText(tr("Description"), "description", [](Model &m) { return &m.description; });

    QGroupBox *workloadBox = form.section(vbox, tr("Workload"));
    if (m_document->isWorkloadLocked()) {
        // A challenge judges every answer under its own traffic.
        workloadBox->setTitle(tr("Workload (set by the challenge, read-only)"));
        workloadBox->setEnabled(false);
    }
    const Accessor<Workload> workload = [](Model &m) { return &m.workload; };
    form.number(tr("Duration"), "workload.duration", sub(workload, &Workload::duration), 0, kBig,
                10, 3, " s");
    form.number(tr("Warm-up"), "workload.warmup", sub(workload, &Workload::warmup), 0, kBig, 1, 3,
                " s");
    form.integer<std::int64_t>(tr("Seed"), "workload.seed", sub(workload, &Workload::seed), 0,
                               std::numeric_limits<int>::max())
        ->setGroupSeparatorShown(false);
    form.number(tr("Command rate"), "workload.commandRate", sub(workload, &Workload::commandRate),
                0, kBig, 10, 3, " /s");
    form.number(tr("Query rate"), "workload.queryRate", sub(workload, &Workload::queryRate), 0,
                kBig, 10, 3, " /s");
    const Accessor<KeySpec> keys = sub(workload, &Workload::keys);
    form.enumeration<KeyDist>(tr("Keys"), "workload.keys.dist", sub(keys, &KeySpec::dist),
                              {KeyDist::Uniform, KeyDist::Zipf});
    auto *zipf = form.number(tr("Zipf exponent"), "workload.keys.s", sub(keys, &KeySpec::s), 0,
                             100, 0.1, 3);
    form.showRowIf(zipf, [this] { return m_document->model().workload.keys.dist == KeyDist::Zipf; });
    const Accessor<std::optional<double>> sampling = sub(workload, &Workload::sampleInterval);
    auto *autoSampling = new QCheckBox(tr("automatic (duration / 600)"));
    autoSampling->setObjectName("workload.sampleInterval.auto");
    form.layout()->addRow(tr("Sample interval"), autoSampling);
    Form::describe(autoSampling, tr("Automatic sample interval"), "workload.sampleInterval.auto");
    form.onRefresh([this, autoSampling] {
        const QSignalBlocker blocker(autoSampling);
        autoSampling->setChecked(!m_document->model().workload.sampleInterval.has_value());
    });
    connect(autoSampling, &QCheckBox::toggled, this, [this, form, sampling](bool automatic) mutable {
        std::optional<double> value;
        if (!automatic)
            value = m_document->model().workload.effectiveSampleInterval();
        form.change(tr("sample interval"), "workload.sampleInterval", sampling, value);
    });
    const Accessor<double> interval = [](Model &m) {
        return m.workload.sampleInterval ? &*m.workload.sampleInterval : nullptr;
    };
    auto *intervalSpin = form.number(QString(), "workload.sampleInterval", interval, 1e-6, kBig,
                                     0.1, 6, " s", tr("Sample interval"));
    form.showRowIf(intervalSpin, [this] { return m_document->model().workload.sampleInterval.has_value(); });
    form.table<RateStep>(
        tr("Rate profile"), "workload.rateProfile", sub(workload, &Workload::rateProfile),
        {numberColumn<RateStep>(tr("at (s)"), &RateStep::at, 0),
         numberColumn<RateStep>(tr("factor"), &RateStep::factor, 0)},
        [this](const std::vector<RateStep> &list) {
            RateStep s;
            s.at = list.empty() ? m_document->model().workload.duration / 2 : list.back().at + 60;
            s.factor = 2;
            return s;
        });

    form.section(vbox, tr("Write side"));
    const Accessor<WriteSide> writeSide = [](Model &m) { return &m.writeSide; };
    form.integer<int>(tr("Workers"), "writeSide.workers", sub(writeSide, &WriteSide::workers), 1,
                      kMaxServers);
    form.integer<int>(tr("Max retries"), "writeSide.maxRetries",
                      sub(writeSide, &WriteSide::maxRetries), 0, 1000);

    form.section(vbox, tr("Event bus"));
    const Accessor<EventBus> bus = [](Model &m) { return &m.eventBus; };
    form.integer<int>(tr("Partitions"), "eventBus.partitions", sub(bus, &EventBus::partitions), 1,
                      kMaxServers);
    form.distribution(tr("Publish delay"), "eventBus.publishDelay",
                      sub(bus, &EventBus::publishDelay));
    form.number(tr("Duplicate rate"), "eventBus.duplicateRate", sub(bus, &EventBus::duplicateRate),
                0, 1, 0.01, 4);
    form.enumeration<Ordering>(tr("Ordering"), "eventBus.ordering", sub(bus, &EventBus::ordering),
                               {Ordering::Partition, Ordering::None});
    vbox->addStretch(1);
    m_scroll->setWidget(page);
}

void Inspector::buildNote()
{
    m_title->setText(tr("<b>Note</b>"));
    auto *page = new QWidget;
    auto *vbox = new QVBoxLayout(page);
    auto formPtr = std::make_shared<Form>(m_document, m_refreshers, ChangeEvent{ChangeEvent::Type::NotesChanged, {}, {}},
              "note/" + std::to_string(m_noteIndex) + "/");
    m_form = formPtr;
    Form &form = *formPtr;
    form.section(vbox, tr("Sticky note"));
    const int index = m_noteIndex;
    form.longText(tr("Text"), "text", [index](Model &m) {
        return index < int(m.diagram.notes.size()) ? &m.diagram.notes[index].text : nullptr;
    });
    vbox->addStretch(1);
    m_scroll->setWidget(page);
}

void Inspector::buildElement()
{
    const Model &model = m_document->model();
    const auto kind = model.kindOf(m_elementId);
    if (!kind) {
        m_subject = Subject::Model;
        buildModelSettings();
        return;
    }
    const std::string id = m_elementId;
    m_title->setText(QStringLiteral("<span style='background:%1;color:#1c1c22'>&nbsp;%2&nbsp;</span>"
                                    " <tt>%3</tt>")
                         .arg(kindColor(*kind).name(), kindTitle(*kind), q(id).toHtmlEscaped()));
    auto *page = new QWidget;
    auto *vbox = new QVBoxLayout(page);
    auto formPtr = std::make_shared<Form>(m_document, m_refreshers, ChangeEvent{ChangeEvent::Type::ElementsChanged, {id}, {}}, id + "/");
    m_form = formPtr;
    Form &form = *formPtr;
    form.section(vbox, kindTitle(*kind));

    auto *idEdit = new QLineEdit(q(id));
    idEdit->setObjectName("id");
    idEdit->setValidator(new QRegularExpressionValidator(QRegularExpression("[A-Za-z0-9_-]*"), idEdit));
    form.layout()->addRow(tr("Id"), idEdit);
    Form::describe(idEdit, tr("Id"), "id");
    const bool locked = m_document->isLocked(id);
    if (locked) {
        idEdit->setReadOnly(true);
        idEdit->setToolTip(tr("Fixed by the challenge: it cannot be renamed."));
    }
    connect(idEdit, &QLineEdit::editingFinished, this, [this, idEdit, id] {
        const std::string to = idEdit->text().toStdString();
        if (to == id)
            return;
        QString error;
        if (!m_document->renameElement(id, to, &error)) {
            emit statusMessage(error);
            idEdit->setText(q(id));
        }
    });

    // The display name; the id follows it when it was derived from it (or
    // when the user asks), so ids like "read-model-2" do not linger.
    auto nameRow = [&] {
        auto *nameEdit = new QLineEdit;
        nameEdit->setObjectName("name");
        form.layout()->addRow(tr("Name"), nameEdit);
        Form::describe(nameEdit, tr("Name"), "name");
        nameEdit->setReadOnly(locked);
        auto *follow = new QCheckBox;
        follow->setObjectName("idFollowsName");
        follow->setToolTip(tr("Ids appear in Problems, in the saved JSON and in exported CSV "
                              "headers. When checked, the id is renamed with the name (one undo "
                              "step) and every reference follows."));
        follow->setText(tr("Id follows the name"));
        follow->setAccessibleDescription(fieldDescription(QStringLiteral("idFollowsName")));
        form.layout()->addRow(QString(), follow);
        follow->setChecked(idFollowsName(id, elementName(*findElement(model, id))));
        follow->setEnabled(!locked);
        // What the id would become, while the name is being typed.
        auto *hint = new QLabel;
        hint->setObjectName("idFollowsName.hint");
        hint->setWordWrap(true);
        hint->setEnabled(false);
        form.layout()->addRow(QString(), hint);
        auto suggestion = [this, id, nameEdit] {
            return idForName(m_document->model(), nameEdit->text().toStdString(), id);
        };
        QFormLayout *layout = form.layout();
        auto updateHint = [id, follow, hint, layout, suggestion] {
            const std::string next = suggestion();
            hint->setText(follow->isChecked()
                              ? tr("The id becomes %1 when you press Enter or leave the field.")
                                    .arg(q(next))
                              : tr("Check to rename the id to %1 as well.").arg(q(next)));
            layout->setRowVisible(hint, next != id);
        };
        form.onRefresh([this, id, nameEdit, updateHint] {
            if (const auto element = findElement(m_document->model(), id)) {
                if (nameEdit->text() != q(elementName(*element))) {
                    const QSignalBlocker blocker(nameEdit);
                    nameEdit->setText(q(elementName(*element)));
                }
            }
            updateHint();
        });
        connect(nameEdit, &QLineEdit::textEdited, this, [this, id](const QString &text) {
            m_document->setElementName(id, text.toStdString());
        });
        auto renameId = [this, id, suggestion] {
            const std::string next = suggestion();
            QString error;
            if (next != id && !m_document->renameElement(id, next, &error))
                emit statusMessage(error);
        };
        connect(nameEdit, &QLineEdit::editingFinished, this, [follow, renameId] {
            if (follow->isChecked())
                renameId(); // may rebuild this page: nothing after it
        });
        connect(follow, &QCheckBox::toggled, this, [renameId, updateHint](bool on) {
            updateHint();
            if (on)
                renameId(); // may rebuild this page: nothing after it
        });
    };

    // Consumer settings shared by read models and policies.
    auto consumerRows = [&](auto tag) {
        using E = decltype(tag);
        form.idList(tr("Subscribes"), "subscribes", field<E>(id, &ConsumerSpec::subscribes),
                    ElementKind::Event);
        form.integer<int>(tr("Consumers"), "consumers", field<E>(id, &ConsumerSpec::consumers), 1,
                          kMaxServers);
        const Accessor<UpdateSpec> update = field<E>(id, &ConsumerSpec::update);
        form.enumeration<UpdateMode>(tr("Update"), "update.mode", sub(update, &UpdateSpec::mode),
                                     {UpdateMode::Streaming, UpdateMode::Batch});
        auto isBatch = [this, id] {
            const Model &m = m_document->model();
            if (const ReadModel *r = m.readModel(id))
                return r->update.mode == UpdateMode::Batch;
            if (const Policy *p = m.policy(id))
                return p->update.mode == UpdateMode::Batch;
            return false;
        };
        auto *delay = form.distribution(tr("Delay"), "update.delay", sub(update, &UpdateSpec::delay));
        form.showRowIf(delay, [isBatch] { return !isBatch(); });
        auto *interval = form.number(tr("Interval"), "update.interval",
                                     sub(update, &UpdateSpec::interval), 0, kBig, 1, 4, " s");
        form.showRowIf(interval, isBatch);
        auto *offset = form.number(tr("Offset"), "update.offset", sub(update, &UpdateSpec::offset),
                                   0, kBig, 1, 4, " s");
        form.showRowIf(offset, isBatch);
        form.distribution(tr("Apply time"), "applyTime", field<E>(id, &ConsumerSpec::applyTime));
        form.boolean(tr("Idempotent"), "idempotent", field<E>(id, &ConsumerSpec::idempotent));
        form.table<Outage>(tr("Outages"), "outages", field<E>(id, &ConsumerSpec::outages),
                           {outageAt(), outageDuration()}, nextOutage);
    };

    switch (*kind) {
    case ElementKind::Aggregate:
        nameRow();
        form.integer<std::int64_t>(tr("Instances"), "instances",
                                   field<Aggregate>(id, &Aggregate::instances), 1,
                                   int(kMaxAggregateInstances));
        break;
    case ElementKind::Command: {
        nameRow();
        form.reference(tr("Aggregate"), "aggregate", field<Command>(id, &Command::aggregate),
                       ElementKind::Aggregate, false);
        form.number(tr("Share"), "share", field<Command>(id, &Command::share), 0, kBig, 0.1, 4);
        form.distribution(tr("Handler time"), "handlerTime",
                          field<Command>(id, &Command::handlerTime));
        form.number(tr("Reject rate"), "rejectRate", field<Command>(id, &Command::rejectRate), 0,
                    1, 0.01, 4);
        form.idList(tr("Emits"), "emits", field<Command>(id, &Command::emits), ElementKind::Event);
        form.reference(tr("Validates against"), "validatesAgainst",
                       field<Command>(id, &Command::validatesAgainst), ElementKind::ReadModel, true);
        form.table<FieldSpec>(tr("Fields"), "fields", field<Command>(id, &Command::fields),
                              fieldColumns(), nextField);
        form.section(vbox, tr("Follow-up query"));
        const Accessor<std::optional<FollowUp>> followUp = field<Command>(id, &Command::followUp);
        auto *enabled = new QCheckBox(tr("query after the commit"));
        enabled->setObjectName("followUp.enabled");
        form.layout()->addRow(QString(), enabled);
        Form::describe(enabled, tr("Follow-up query"), "followUp.enabled");
        form.onRefresh([this, enabled, id] {
            const QSignalBlocker blocker(enabled);
            const Command *c = m_document->model().command(id);
            enabled->setChecked(c && c->followUp.has_value());
        });
        connect(enabled, &QCheckBox::toggled, this, [this, form, followUp](bool on) mutable {
            std::optional<FollowUp> value;
            if (on) {
                value = FollowUp{};
                if (!m_document->model().queries.empty())
                    value->query = m_document->model().queries.front().id;
            }
            form.change(tr("follow-up"), "followUp", followUp, value);
        });
        auto hasFollowUp = [this, id] {
            const Command *c = m_document->model().command(id);
            return c && c->followUp.has_value();
        };
        form.showRowIf(form.reference(tr("Query"), "followUp.query",
                                      subOpt(followUp, &FollowUp::query), ElementKind::Query, false),
                       hasFollowUp);
        form.showRowIf(form.number(tr("Probability"), "followUp.probability",
                                   subOpt(followUp, &FollowUp::probability), 0, 1, 0.05, 4),
                       hasFollowUp);
        form.showRowIf(form.distribution(tr("After"), "followUp.after",
                                         subOpt(followUp, &FollowUp::after)),
                       hasFollowUp);
        break;
    }
    case ElementKind::Event:
        nameRow();
        form.reference(tr("Aggregate"), "aggregate", field<Event>(id, &Event::aggregate),
                       ElementKind::Aggregate, false);
        form.table<FieldSpec>(tr("Fields"), "fields", field<Event>(id, &Event::fields),
                              fieldColumns(), nextField);
        break;
    case ElementKind::ReadModel: {
        nameRow();
        auto *store = new QComboBox;
        store->setObjectName("store");
        store->setEditable(true);
        store->addItems({"key-value", "document", "search", "columnar", "relational", "cache",
                         "graph"});
        form.layout()->addRow(tr("Store"), store);
        Form::describe(store, tr("Store"), "store");
        const Accessor<std::string> storeAccessor = field<ReadModel>(id, &ReadModel::store);
        form.onRefresh([form, store, storeAccessor] {
            if (const std::string *value = form.read(storeAccessor);
                value && store->currentText() != q(*value)) {
                const QSignalBlocker blocker(store);
                store->setCurrentText(q(*value));
            }
        });
        connect(store, &QComboBox::currentTextChanged, this,
                [form, storeAccessor](const QString &text) mutable {
                    form.change(tr("store"), "store", storeAccessor, text.toStdString());
                });
        consumerRows(ReadModel{});
        form.section(vbox, tr("Consistency"));
        const Accessor<std::optional<StaleBudget>> budget = field<ReadModel>(id, &ReadModel::staleBudget);
        auto *budgetOn = new QCheckBox(tr("p99 consistency window"));
        budgetOn->setObjectName("staleBudget.enabled");
        form.layout()->addRow(tr("Stale budget"), budgetOn);
        Form::describe(budgetOn, tr("Stale budget"), "staleBudget.enabled");
        form.onRefresh([this, budgetOn, id] {
            const QSignalBlocker blocker(budgetOn);
            const ReadModel *r = m_document->model().readModel(id);
            budgetOn->setChecked(r && r->staleBudget.has_value());
        });
        connect(budgetOn, &QCheckBox::toggled, this, [form, budget](bool on) mutable {
            std::optional<StaleBudget> value;
            if (on) {
                value = StaleBudget{};
                value->p99 = 1.0;
            }
            form.change(tr("stale budget"), "staleBudget", budget, value);
        });
        form.showRowIf(form.number(tr("Budget p99"), "staleBudget.p99",
                                   subOpt(budget, &StaleBudget::p99), 0, kBig, 0.1, 4, " s"),
                       [this, id] {
                           const ReadModel *r = m_document->model().readModel(id);
                           return r && r->staleBudget.has_value();
                       });
        form.table<Rebuild>(tr("Rebuilds"), "rebuilds", field<ReadModel>(id, &ReadModel::rebuilds),
                            {numberColumn<Rebuild>(tr("at (s)"), &Rebuild::at, 0)},
                            [](const std::vector<Rebuild> &list) {
                                Rebuild r;
                                r.at = list.empty() ? 60 : list.back().at + 60;
                                return r;
                            });
        break;
    }
    case ElementKind::Policy:
        nameRow();
        form.reference(tr("Issues"), "issues", field<Policy>(id, &Policy::issues),
                       ElementKind::Command, false);
        form.number(tr("Probability"), "probability", field<Policy>(id, &Policy::probability), 0,
                    1, 0.05, 4);
        consumerRows(Policy{});
        break;
    case ElementKind::Query: {
        nameRow();
        form.reference(tr("Read model"), "readModel", field<Query>(id, &Query::readModel),
                       ElementKind::ReadModel, false);
        form.number(tr("Share"), "share", field<Query>(id, &Query::share), 0, kBig, 0.1, 4);
        form.distribution(tr("Read time"), "readTime", field<Query>(id, &Query::readTime));
        const Accessor<Consistency> consistency = field<Query>(id, &Query::consistency);
        QComboBox *strategy = form.enumeration<Strategy>(
            tr("Strategy"), "consistency.strategy", sub(consistency, &Consistency::strategy),
            {Strategy::Eventual, Strategy::WaitForVersion, Strategy::ReadFromWriteModel,
             Strategy::OptimisticUi});
        // What each strategy means, when to use it and what it costs (ui/glossary.h).
        const Term terms[] = {Term::StrategyEventual, Term::StrategyWaitForVersion,
                              Term::StrategyReadFromWriteModel, Term::StrategyOptimisticUi};
        for (int i = 0; i < strategy->count(); ++i)
            strategy->setItemData(i, termTooltip(terms[i]), Qt::ToolTipRole);
        auto tipCurrent = [strategy, terms] {
            const int i = strategy->currentIndex();
            strategy->setToolTip(i >= 0 && i < 4 ? termTooltip(terms[i]) : QString());
            // A screen reader reads plain text: the current strategy's sentence.
            strategy->setAccessibleDescription(i >= 0 && i < 4 ? glossaryEntry(terms[i]).tooltip
                                                               : fieldDescription(QStringLiteral("consistency.strategy")));
        };
        form.onRefresh(tipCurrent); // after the box shows the model's strategy
        tipCurrent();
        auto waits = [this, id] {
            const Query *qu = m_document->model().query(id);
            return qu && qu->consistency.strategy == Strategy::WaitForVersion;
        };
        form.showRowIf(form.number(tr("Poll interval"), "consistency.pollInterval",
                                   sub(consistency, &Consistency::pollInterval), 0, kBig, 0.01, 4,
                                   " s"),
                       waits);
        form.showRowIf(form.number(tr("Timeout"), "consistency.timeout",
                                   sub(consistency, &Consistency::timeout), 0, kBig, 0.1, 4, " s"),
                       waits);
        break;
    }
    }
    vbox->addStretch(1);
    m_scroll->setWidget(page);
}

} // namespace cqrs
