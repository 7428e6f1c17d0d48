// The inspector's element pages: the id and name rows every element has,
// then one builder per element kind.

#include "cqrs/ui/inspector/inspector.h"

#include "cqrs/ui/common/glossary.h"
#include "cqrs/ui/editor/nodeitem.h"
#include "cqrs/ui/run/chartcard.h"
#include "propertyform.h"

#include <cqrs/model/elements.h>

#include <QKeyEvent>
#include <QRegularExpressionValidator>
#include <QScrollArea>

#include <functional>

namespace cqrs {

using namespace form;

namespace {

/// Says why when someone types into a field the challenge has fixed: a
/// read-only line edit otherwise swallows the keys without a word.
class LockedFieldFilter final : public QObject
{
public:
    LockedFieldFilter(QObject *parent, std::function<void()> refused)
        : QObject(parent)
        , m_refused(std::move(refused))
    {
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const auto *key = static_cast<QKeyEvent *>(event);
            const bool edits = key->key() == Qt::Key_Backspace || key->key() == Qt::Key_Delete
                               || (!key->text().isEmpty() && key->text().at(0).isPrint()
                                   && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)));
            if (edits)
                m_refused();
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_refused;
};

} // namespace

void Inspector::sayWhyLocked(QLineEdit *edit, const std::string &id)
{
    const QString why = tr("%1 is fixed by the challenge and cannot be renamed.").arg(m_document->displayName(id));
    edit->setToolTip(why);
    edit->installEventFilter(new LockedFieldFilter(edit, [this, why] { emit statusMessage(why); }));
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
    auto formPtr = std::make_shared<PropertyForm>(m_document, m_refreshers, ChangeEvent{ChangeEvent::Type::ElementsChanged, {id}, {}}, id + "/");
    m_form = formPtr;
    PropertyForm &form = *formPtr;
    form.setModelPathPrefix(std::string(sectionName(*kind)) + "." + id + ".");
    form.section(vbox, kindTitle(*kind));

    auto *idEdit = new QLineEdit(q(id));
    idEdit->setObjectName("id");
    idEdit->setValidator(new QRegularExpressionValidator(QRegularExpression("[A-Za-z0-9_-]*"), idEdit));
    form.layout()->addRow(tr("Id"), idEdit);
    PropertyForm::describe(idEdit, tr("Id"), "id");
    const bool locked = m_document->isLocked(id);
    if (locked) {
        idEdit->setReadOnly(true);
        sayWhyLocked(idEdit, id);
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

    addNameRow(form, id);
    using Builder = void (Inspector::*)(PropertyForm &, QVBoxLayout *, const std::string &);
    static const std::map<ElementKind, Builder> builders = {
        {ElementKind::Aggregate, &Inspector::buildAggregatePage},
        {ElementKind::Command, &Inspector::buildCommandPage},
        {ElementKind::Event, &Inspector::buildEventPage},
        {ElementKind::ReadModel, &Inspector::buildReadModelPage},
        {ElementKind::Policy, &Inspector::buildPolicyPage},
        {ElementKind::Query, &Inspector::buildQueryPage},
    };
    (this->*builders.at(*kind))(form, vbox, id);
    vbox->addStretch(1);
    m_scroll->setWidget(page);
}

// The display name; the id follows it when it was derived from it (or when
// the user asks), so ids like "read-model-2" do not linger.
void Inspector::addNameRow(PropertyForm &form, const std::string &id)
{
    const Model &model = m_document->model();
    const bool locked = m_document->isLocked(id);
    auto *nameEdit = new QLineEdit;
    nameEdit->setObjectName("name");
    form.layout()->addRow(tr("Name"), nameEdit);
    PropertyForm::describe(nameEdit, tr("Name"), "name");
    nameEdit->setReadOnly(locked);
    if (locked)
        sayWhyLocked(nameEdit, id);
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
}

// Consumer settings shared by read models and policies.
template<typename E>
void Inspector::addConsumerRows(PropertyForm &form, const std::string &id)
{
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
    auto *interval = form.positiveNumber(tr("Interval"), "update.interval",
                                         sub(update, &UpdateSpec::interval), kBig, 1, 4, " s");
    form.showRowIf(interval, isBatch);
    auto *offset = form.number(tr("Offset"), "update.offset", sub(update, &UpdateSpec::offset),
                               0, kBig, 1, 4, " s");
    form.showRowIf(offset, isBatch);
    form.distribution(tr("Apply time"), "applyTime", field<E>(id, &ConsumerSpec::applyTime));
    form.boolean(tr("Idempotent"), "idempotent", field<E>(id, &ConsumerSpec::idempotent));
    form.table<Outage>(tr("Outages"), "outages", field<E>(id, &ConsumerSpec::outages),
                       {outageAt(), outageDuration()}, nextOutage);
}

void Inspector::buildAggregatePage(PropertyForm &form, QVBoxLayout *, const std::string &id)
{
    form.integer<std::int64_t>(tr("Instances"), "instances",
                               field<Aggregate>(id, &Aggregate::instances), 1,
                               int(kMaxAggregateInstances));
}

void Inspector::buildCommandPage(PropertyForm &form, QVBoxLayout *vbox, const std::string &id)
{
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
    PropertyForm::describe(enabled, tr("Follow-up query"), "followUp.enabled");
    form.onRefresh([this, enabled, id] {
        const QSignalBlocker blocker(enabled);
        const Command *c = m_document->model().command(id);
        enabled->setChecked(c && c->followUp.has_value());
    });
    connect(enabled, &QCheckBox::toggled, this, [this, form, followUp](bool on) mutable {
        std::optional<FollowUp> value;
        if (on) {
            value.emplace(); // not = FollowUp{}: GCC 12 -O2/-O3 warns, -Wmaybe-uninitialized
            if (!m_document->model().queries.empty())
                value->query = m_document->model().queries.front().id;
        }
        // "… to OrderStatus" or "… to none" in the Edit History, as the other fields say.
        const QString shown = !value                ? tr("none")
                              : value->query.empty() ? tr("on")
                                                     : elementDisplayName(m_document->model(), value->query, 40);
        form.change(tr("follow-up"), "followUp", followUp, value, shown);
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
}

void Inspector::buildEventPage(PropertyForm &form, QVBoxLayout *, const std::string &id)
{
    form.reference(tr("Aggregate"), "aggregate", field<Event>(id, &Event::aggregate),
                   ElementKind::Aggregate, false);
    form.table<FieldSpec>(tr("Fields"), "fields", field<Event>(id, &Event::fields),
                          fieldColumns(), nextField);
}

void Inspector::buildReadModelPage(PropertyForm &form, QVBoxLayout *vbox, const std::string &id)
{
    auto *store = new QComboBox;
    store->setObjectName("store");
    store->setEditable(true);
    for (const std::string &label : knownStores())
        store->addItem(q(label));
    form.layout()->addRow(tr("Store"), store);
    PropertyForm::describe(store, tr("Store"), "store");
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
    addConsumerRows<ReadModel>(form, id);
    form.section(vbox, tr("Consistency"));
    const Accessor<std::optional<StaleBudget>> budget = field<ReadModel>(id, &ReadModel::staleBudget);
    auto *budgetOn = new QCheckBox(tr("p99 consistency window"));
    budgetOn->setObjectName("staleBudget.enabled");
    form.layout()->addRow(tr("Stale budget"), budgetOn);
    PropertyForm::describe(budgetOn, tr("Stale budget"), "staleBudget.enabled");
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
}

void Inspector::buildPolicyPage(PropertyForm &form, QVBoxLayout *, const std::string &id)
{
    form.reference(tr("Issues"), "issues", field<Policy>(id, &Policy::issues),
                   ElementKind::Command, false);
    form.number(tr("Probability"), "probability", field<Policy>(id, &Policy::probability), 0,
                1, 0.05, 4);
    addConsumerRows<Policy>(form, id);
}

void Inspector::buildQueryPage(PropertyForm &form, QVBoxLayout *, const std::string &id)
{
    form.reference(tr("Read model"), "readModel", field<Query>(id, &Query::readModel),
                   ElementKind::ReadModel, false);
    form.number(tr("Share"), "share", field<Query>(id, &Query::share), 0, kBig, 0.1, 4);
    form.distribution(tr("Read time"), "readTime", field<Query>(id, &Query::readTime));
    const Accessor<Consistency> consistency = field<Query>(id, &Query::consistency);
    QComboBox *strategy = form.enumeration<Strategy>(
        tr("Strategy"), "consistency.strategy", sub(consistency, &Consistency::strategy),
        {Strategy::Eventual, Strategy::WaitForVersion, Strategy::ReadFromWriteModel,
         Strategy::OptimisticUi});
    // What each strategy means, when to use it and what it costs (cqrs/ui/common/glossary.h).
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
    form.showRowIf(form.positiveNumber(tr("Poll interval"), "consistency.pollInterval",
                                       sub(consistency, &Consistency::pollInterval), kBig, 0.01, 4,
                                       " s"),
                   waits);
    form.showRowIf(form.positiveNumber(tr("Timeout"), "consistency.timeout",
                                       sub(consistency, &Consistency::timeout), kBig, 0.1, 4, " s"),
                   waits);
}

} // namespace cqrs
