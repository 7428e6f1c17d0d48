#include "cqrs/ui/inspector/inspector.h"

#include "cqrs/ui/common/focusring.h"

#include "propertyform.h"
#include "cqrs/ui/sweep/sweepfieldmenu.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QScrollArea>

#include <limits>

namespace cqrs {

using namespace form;

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
    FocusRing::mark(m_scroll); // a Tab stop (it scrolls from the keyboard) that showed nothing
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

Inspector::~Inspector()
{
    // A field with the focus ends its editing as the window goes (a spin box
    // sets what was typed): its bindings, and this, are gone by then.
    if (QWidget *page = m_scroll->widget()) {
        for (QObject *child : page->findChildren<QObject *>())
            child->blockSignals(true);
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

void Inspector::setSweepEnabled(bool enabled)
{
    if (enabled == m_sweepEnabled)
        return;
    m_sweepEnabled = enabled;
    rebuild();
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
        watchForEscape(page);
        scrollPastUnfocusedFields(page);
        // Right-click a number (the model's settings, an element's field) -> Sweep….
        if (m_sweepEnabled && (m_subject == Subject::Model || m_subject == Subject::Element)) {
            addSweepMenus(
                page,
                [](const QAbstractSpinBox *field) { return sweepPathOf(field); },
                [this](const QString &path) { emit sweepRequested(path); });
        }
        // Typing goes on where it was (a rename rebuilds the page).
        if (!focused.isEmpty()) {
            if (auto *w = page->findChild<QWidget *>(focused))
                w->setFocus();
        }
    }
}

namespace {

/// The property holding a field's text when editing it began.
constexpr char kTextAtFocus[] = "cqrsTextAtFocus";

/// The field an event of `watched` is about: a spin box for its line edit.
QWidget *fieldOf(QObject *watched)
{
    auto *widget = qobject_cast<QWidget *>(watched);
    if (qobject_cast<QLineEdit *>(widget)) {
        if (auto *spin = qobject_cast<QAbstractSpinBox *>(widget->parentWidget()))
            return spin;
    }
    return widget;
}

/// The line a field is typed in, if it is one (a spin box's own).
QLineEdit *lineOf(QWidget *field)
{
    if (qobject_cast<QAbstractSpinBox *>(field))
        return field->findChild<QLineEdit *>(QString(), Qt::FindDirectChildrenOnly);
    return qobject_cast<QLineEdit *>(field);
}

QString fieldText(QWidget *field)
{
    if (const QLineEdit *line = lineOf(field))
        return line->text();
    if (const auto *plain = qobject_cast<const QPlainTextEdit *>(field))
        return plain->toPlainText();
    return {};
}

} // namespace

void Inspector::watchForEscape(QWidget *page)
{
    // Every edit is in the model as it is typed (a number when typing ends):
    // Esc puts the text back the way typing would (the field's own undo
    // keeps it, and the model's step for the field merges back to nothing).
    // A spin box gets its keys, its line edit the real focus: both watched.
    for (QLineEdit *line : page->findChildren<QLineEdit *>()) {
        line->installEventFilter(this);
        // Return sets what was typed (a spin box's Return says so through
        // its line edit too): Esc after it has nothing to take back.
        connect(line, &QLineEdit::returnPressed, this, [line] {
            if (QWidget *field = fieldOf(line); field && field->property(kTextAtFocus).isValid())
                field->setProperty(kTextAtFocus, fieldText(field));
        });
    }
    for (QAbstractSpinBox *spin : page->findChildren<QAbstractSpinBox *>())
        spin->installEventFilter(this);
    for (QPlainTextEdit *plain : page->findChildren<QPlainTextEdit *>())
        plain->installEventFilter(this);
}

bool Inspector::eventFilter(QObject *watched, QEvent *event)
{
    QWidget *field = fieldOf(watched);
    QLineEdit *line = field ? lineOf(field) : nullptr;
    auto *plain = qobject_cast<QPlainTextEdit *>(field);
    if (!line && !plain)
        return QWidget::eventFilter(watched, event);
    // A menu or another window taking the focus for a while is no new start:
    // Esc after it still takes back what was typed before.
    const auto passing = [event] {
        const Qt::FocusReason reason = static_cast<QFocusEvent *>(event)->reason();
        return reason == Qt::PopupFocusReason || reason == Qt::ActiveWindowFocusReason;
    };
    switch (event->type()) {
    case QEvent::FocusIn:
        if (!passing() || !field->property(kTextAtFocus).isValid())
            field->setProperty(kTextAtFocus, fieldText(field));
        break;
    case QEvent::FocusOut:
        if (!passing())
            field->setProperty(kTextAtFocus, QVariant());
        break;
    case QEvent::ShortcutOverride:
    case QEvent::KeyPress: {
        const auto *key = static_cast<QKeyEvent *>(event);
        const QVariant before = field->property(kTextAtFocus);
        if ((key->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier || !before.isValid())
            break;
        const bool readOnly = line ? line->isReadOnly() : plain->isReadOnly();
        if (key->key() != Qt::Key_Escape || readOnly || fieldText(field) == before.toString())
            break;
        // Taken before a window's Esc (leaving presentation, a chart's close).
        event->accept();
        if (event->type() == QEvent::KeyPress) {
            const QString text = before.toString();
            if (line) {
                line->selectAll();
                line->insert(text); // as typed: textEdited, and the field's own undo
                // A spin box sets its value when typing ends; the arrows had
                // set the model already: it goes back now, not on leaving.
                if (auto *spin = qobject_cast<QAbstractSpinBox *>(field))
                    spin->interpretText();
            } else {
                QTextCursor cursor = plain->textCursor();
                cursor.select(QTextCursor::Document);
                cursor.insertText(text);
                plain->setTextCursor(cursor);
            }
        }
        return true;
    }
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void Inspector::buildModelSettings()
{
    m_title->setText(tr("<b>Model settings</b>"));
    auto *page = new QWidget;
    auto *vbox = new QVBoxLayout(page);
    auto formPtr = std::make_shared<PropertyForm>(m_document, m_refreshers, ChangeEvent{ChangeEvent::Type::SettingsChanged, {}, {}}, "model/");
    m_form = formPtr;
    PropertyForm &form = *formPtr;
    form.setModelPathPrefix({});

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
    form.positiveNumber(tr("Duration"), "workload.duration", sub(workload, &Workload::duration), kBig,
                        10, 3, " s");
    form.number(tr("Warm-up"), "workload.warmup", sub(workload, &Workload::warmup), 0, kBig, 1, 3,
                " s");
    form.wholeNumber(tr("Seed"), "workload.seed", sub(workload, &Workload::seed));
    form.number(tr("Command rate"), "workload.commandRate", sub(workload, &Workload::commandRate),
                0, kBig, 10, 3, " /s");
    form.number(tr("Query rate"), "workload.queryRate", sub(workload, &Workload::queryRate), 0,
                kBig, 10, 3, " /s");
    const Accessor<KeySpec> keys = sub(workload, &Workload::keys);
    form.enumeration<KeyDist>(tr("Keys"), "workload.keys.dist", sub(keys, &KeySpec::dist),
                              {KeyDist::Uniform, KeyDist::Zipf});
    auto *zipf = form.positiveNumber(tr("Zipf exponent"), "workload.keys.s", sub(keys, &KeySpec::s),
                                     100, 0.1, 3);
    form.showRowIf(zipf, [this] { return m_document->model().workload.keys.dist == KeyDist::Zipf; });
    const Accessor<std::optional<double>> sampling = sub(workload, &Workload::sampleInterval);
    auto *autoSampling = new QCheckBox(tr("automatic (duration / 600)"));
    autoSampling->setObjectName("workload.sampleInterval.auto");
    form.layout()->addRow(tr("Sample interval"), autoSampling);
    PropertyForm::describe(autoSampling, tr("Automatic sample interval"), "workload.sampleInterval.auto");
    form.onRefresh([this, autoSampling] {
        const QSignalBlocker blocker(autoSampling);
        autoSampling->setChecked(!m_document->model().workload.sampleInterval.has_value());
    });
    connect(autoSampling, &QCheckBox::toggled, this, [this, form, sampling](bool automatic) mutable {
        std::optional<double> value;
        if (!automatic)
            value = m_document->model().workload.effectiveSampleInterval();
        form.change(tr("Sample interval"), "workload.sampleInterval", sampling, value,
                    automatic ? tr("automatic") : formatNumber(*value, 12) + QStringLiteral(" s"));
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
    auto formPtr = std::make_shared<PropertyForm>(m_document, m_refreshers, ChangeEvent{ChangeEvent::Type::NotesChanged, {}, {}},
              "note/" + std::to_string(m_noteIndex) + "/");
    m_form = formPtr;
    PropertyForm &form = *formPtr;
    form.section(vbox, tr("Sticky note"));
    const int index = m_noteIndex;
    form.longText(tr("Text"), "text", [index](Model &m) {
        return index < int(m.diagram.notes.size()) ? &m.diagram.notes[index].text : nullptr;
    });
    vbox->addStretch(1);
    m_scroll->setWidget(page);
}

} // namespace cqrs
