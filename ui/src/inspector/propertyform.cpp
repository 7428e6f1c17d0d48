#include "propertyform.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/glossary.h"
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/run/chartcard.h"

#include <cqrs/model/modeljson.h>

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QTextCursor>
#include <QToolTip>

#include <cmath>
#include <limits>
#include <map>

namespace cqrs::form {

bool parseNumber(const QString &text, double &out)
{
    const std::optional<double> v = parseUserNumber(text);
    if (v)
        out = *v;
    return v.has_value();
}

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

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

void PropertyForm::fitTableHeight(QTableWidget *table)
{
    constexpr int kRowsInSight = 6;
    const int rows = std::clamp(table->rowCount(), 1, kRowsInSight);
    table->setFixedHeight(table->horizontalHeader()->sizeHint().height()
                          + rows * table->verticalHeader()->defaultSectionSize() + 2 * table->frameWidth());
}

QGroupBox *PropertyForm::section(QVBoxLayout *into, const QString &title)
{
    auto *box = new QGroupBox(title);
    m_layout = new QFormLayout(box);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    into->addWidget(box);
    return box;
}

void PropertyForm::describe(QWidget *field, const QString &label, const QString &name)
{
    if (!label.isEmpty())
        field->setAccessibleName(label);
    const QString text = fieldDescription(name);
    Q_ASSERT_X(!text.isEmpty(), "Form::describe", qPrintable(name));
    field->setAccessibleDescription(text);
    if (field->toolTip().isEmpty())
        field->setToolTip(text);
}

void PropertyForm::onRefresh(std::function<void()> f)
{
    f();
    m_refreshers.push_back(std::move(f));
}

void PropertyForm::showRowIf(QWidget *widget, std::function<bool()> visible)
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

QDoubleSpinBox *PropertyForm::number(const QString &label, const QString &name, Accessor<double> accessor,
                           double min, double max, double step, int decimals,
                           const QString &suffix, const QString &what)
{
    auto *spin = new RealField(what.isEmpty() ? label : what);
    spin->setObjectName(name);
    tagModelPath(spin, name);
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
        if (value)
            spin->showModelValue(*value);
    });
    QObject::connect(spin, &QDoubleSpinBox::valueChanged, spin,
                     [this, label = what.isEmpty() ? label : what, name, accessor, spin](double v) {
                         change(label, name, accessor, v, formatNumber(v, 12) + spin->suffix());
                     });
    return spin;
}

QDoubleSpinBox *PropertyForm::positiveNumber(const QString &label, const QString &name,
                                             Accessor<double> accessor, double max, double step,
                                             int decimals, const QString &suffix)
{
    auto *spin = static_cast<RealField *>(number(label, name, accessor, 0, max, step, decimals, suffix));
    spin->excludeMinimum();
    if (const double *value = read(accessor))
        spin->showModelValue(*value); // the model's 0 said as out of range, not clamped in silence
    return spin;
}

QLabel *PropertyForm::addMessageRow(QWidget *field, const QString &name)
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

QLineEdit *PropertyForm::text(const QString &label, const QString &name, Accessor<std::string> accessor)
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
                         change(label, name, accessor, t.toStdString(),
                                QObject::tr("“%1”", "a text's new value in an undo step").arg(boundedText(t, 40)));
                     });
    return edit;
}

QLineEdit *PropertyForm::wholeNumber(const QString &label, const QString &name,
                                     Accessor<std::int64_t> accessor)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(name);
    tagModelPath(edit, name);
    // Anything can be typed: what is not a whole number in the range is
    // refused with a message when it is set (a validator dropped the point
    // of "1.5" as it was typed, and set 15).
    m_layout->addRow(label, edit);
    describe(edit, label, name);
    QLabel *message = addMessageRow(edit, name);
    QFormLayout *layout = m_layout;
    const auto say = [layout, message](const QString &text) {
        message->setText(text);
        layout->setRowVisible(message, !text.isEmpty());
    };
    onRefresh([this, edit, accessor, say] {
        const std::int64_t *value = read(accessor);
        edit->setEnabled(value != nullptr);
        if (!edit->isModified())
            say({}); // a refusal is about typing since undone or replaced
        // Not over what is being typed (isModified() until it is set).
        if (value && !edit->isModified() && edit->text() != QString::number(*value)) {
            const QSignalBlocker blocker(edit);
            edit->setText(QString::number(*value));
        }
    });
    QObject::connect(edit, &QLineEdit::editingFinished, edit, [this, edit, label, name, accessor, say] {
        bool ok = false;
        const qlonglong typed = edit->text().toLongLong(&ok);
        const std::int64_t *value = read(accessor);
        if (!ok) {
            say(QObject::tr("%1 must be a whole number from %2 to %3.")
                    .arg(label)
                    .arg(std::numeric_limits<std::int64_t>::min())
                    .arg(std::numeric_limits<std::int64_t>::max()));
            if (value) {
                const QSignalBlocker blocker(edit);
                edit->setText(QString::number(*value));
            }
            return;
        }
        say({});
        {
            const QSignalBlocker blocker(edit);
            edit->setText(QString::number(typed)); // "+007" reads "7"
        }
        if (value && *value != typed) // may refresh this page: nothing after it
            change(label, name, accessor, std::int64_t(typed), QString::number(typed));
    });
    return edit;
}

QPlainTextEdit *PropertyForm::longText(const QString &label, const QString &name,
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
    QObject::connect(edit, &QPlainTextEdit::textChanged, edit, [this, label, name, accessor, edit] {
        std::string text = edit->toPlainText().toStdString();
        if (text.size() > kMaxTextBytes) {
            // The loader refuses longer texts: keep the model's, say why.
            const std::string *value = read(accessor);
            {
                const QSignalBlocker blocker(edit);
                edit->setPlainText(value ? q(*value) : QString());
                edit->moveCursor(QTextCursor::End);
            }
            const QString why = QObject::tr("Not changed: a text may hold at most %1; this one has %2.")
                                    .arg(QString::fromStdString(formatByteSize(kMaxTextBytes)),
                                         QString::fromStdString(formatByteSize(text.size())));
            QToolTip::showText(edit->mapToGlobal(QPoint(0, edit->height())), why, edit);
            return;
        }
        change(label, name, accessor, std::move(text));
    });
    return edit;
}

QCheckBox *PropertyForm::boolean(const QString &label, const QString &name, Accessor<bool> accessor)
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
                     [this, label, name, accessor](bool v) {
                         change(label, name, accessor, v,
                                v ? QObject::tr("on", "a check box's new value in an undo step")
                                  : QObject::tr("off", "a check box's new value in an undo step"));
                     });
    return box;
}

QComboBox *PropertyForm::reference(const QString &label, const QString &name,
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
                         // The element's name, without the id the list adds.
                         const std::string id = combo->currentData().toString().toStdString();
                         const auto element = findElement(m_document->model(), id);
                         change(label, name, accessor, id,
                                element ? q(elementName(*element)) : combo->currentText());
                     });
    return combo;
}

DistributionEditor *PropertyForm::distribution(const QString &label, const QString &name,
                                     Accessor<Distribution> accessor)
{
    auto *editor = new DistributionEditor(name);
    tagModelPath(editor, name);
    editor->setWhat(label);
    editor->setDescription(fieldDescription(name));
    m_layout->addRow(label, editor);
    onRefresh([this, editor, accessor] {
        if (const Distribution *value = read(accessor))
            editor->setDistribution(*value);
    });
    QObject::connect(editor, &DistributionEditor::distributionEdited, editor,
                     [this, label, name, accessor](const Distribution &d) {
                         change(label, name, accessor, d, describeDistribution(d));
                     });
    return editor;
}

QListWidget *PropertyForm::idList(const QString &label, const QString &name,
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
        // By name, as on the canvas ("EmailChanged (email-changed)" did not
        // fit the dock's width); the id too where two share a name or there
        // is none, and always in the tooltip.
        const std::vector<std::string> ids = idsOfKind(model, kind);
        std::map<QString, int> named;
        for (const std::string &id : ids)
            ++named[q(elementName(*findElement(model, id))).trimmed()];
        for (const std::string &id : ids) {
            const QString shown = q(elementName(*findElement(model, id))).trimmed();
            const QString both = QStringLiteral("%1 (%2)").arg(shown, q(id));
            auto *item = new QListWidgetItem(shown.isEmpty()             ? q(id)
                                             : named[shown] > 1 ? both
                                                                : shown,
                                             list);
            item->setToolTip(both);
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

QString PropertyForm::changeText(const QString &label, const QString &shown) const
{
    QString owner;
    if (m_note.type == ChangeEvent::Type::ElementsChanged && !m_note.ids.empty()) {
        owner = elementDisplayName(m_document->model(), m_note.ids.front(), 40);
    }
    if (owner.isEmpty()) {
        return shown.isEmpty() ? QObject::tr("Change %1").arg(label)
                               : QObject::tr("Change %1 to %2").arg(label, shown);
    }
    return shown.isEmpty() ? QObject::tr("Change %1 of %2").arg(label, owner)
                           : QObject::tr("Change %1 of %2 to %3").arg(label, owner, shown);
}

void PropertyForm::tagModelPath(QWidget *field, const QString &name) const
{
    if (m_pathPrefix)
        field->setProperty("modelPath", QString::fromStdString(*m_pathPrefix) + name);
}

} // namespace cqrs::form
