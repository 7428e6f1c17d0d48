#include "cqrs/ui/shell/experimentspanel.h"

#include "cqrs/ui/common/focusring.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/userguide.h"

#include <QFrame>
#include <QLabel>
#include <QMainWindow>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace cqrs {

namespace {

// Bounds what a model file can put into the panel (STYLE lesson 21).
constexpr int kMaxShown = 50;
constexpr qsizetype kMaxValueChars = 60;

QString shortValue(const Json &value)
{
    QString text
        = QString::fromStdString(value.dump(-1, ' ', false, Json::error_handler_t::replace));
    if (text.size() > kMaxValueChars)
        text = text.left(kMaxValueChars - 1) + QChar(0x2026);
    return text;
}

} // namespace

ExperimentsPanel::ExperimentsPanel(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("experimentsPanel"));
    auto *scroll = m_scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    FocusRing::mark(scroll); // a Tab stop (it scrolls from the keyboard) that showed nothing
    auto *content = new QWidget;
    m_list = new QVBoxLayout(content);
    m_list->setContentsMargins(6, 6, 6, 6);
    m_list->setSpacing(10);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    m_empty = new QLabel(tr("This model has no experiments. A model file can list its own "
                            "things to try in an <code>experiments</code> field: a title, a "
                            "description and the <code>--set</code> paths to change "
                            "(see <a href=\"concepts.md\">Concepts</a> in the User Guide)."));
    m_empty->setObjectName(QStringLiteral("experimentsEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::RichText);
    m_empty->setTextInteractionFlags(Qt::TextBrowserInteraction); // the link from the keyboard too
    connect(m_empty, &QLabel::linkActivated, this, [this](const QString &page) {
        // The main window's guide, also while this panel floats on its own.
        QWidget *top = window();
        for (QWidget *w = parentWidget(); w; w = w->parentWidget()) {
            if (qobject_cast<QMainWindow *>(w))
                top = w;
        }
        // The guide is in English: its heading, not a translation.
        UserGuideWindow::showFor(top, page, QStringLiteral("Things to try: experiments"));
    });

    m_applyCheck = new QTimer(this);
    m_applyCheck->setSingleShot(true);
    m_applyCheck->setInterval(0);
    connect(m_applyCheck, &QTimer::timeout, this, &ExperimentsPanel::showApplied);
    connect(document, &Document::changed, this, &ExperimentsPanel::onDocumentChanged);
    rebuild();
}

int ExperimentsPanel::count() const
{
    return int(m_document->model().experiments.size());
}

bool ExperimentsPanel::apply(int index)
{
    const std::vector<Experiment> &experiments = m_document->model().experiments;
    if (index < 0 || index >= int(experiments.size()))
        return false;
    const Experiment experiment = experiments[std::size_t(index)]; // the edit may replace the list
    const QString title = QString::fromStdString(experiment.title);
    QString error;
    const int before = m_document->undoStack()->index();
    if (!m_document->applyExperiment(experiment, &error)) {
        emit statusMessage(tr("Cannot apply \"%1\": %2").arg(title, error));
        return false;
    }
    if (m_document->undoStack()->index() == before)
        emit statusMessage(tr("\"%1\" is already in the model.").arg(title));
    else
        emit statusMessage(tr("Applied \"%1\" (Edit > Undo takes it back).").arg(title));
    return true;
}

void ExperimentsPanel::onDocumentChanged(const ChangeEvent &)
{
    // Whatever changed the list (a new model, a rename that renamed the
    // element in the paths too): the cards show it. The same list keeps them.
    rebuild();
    // Any edit can bring a card's values in or take them out; the check
    // round-trips the model through JSON, so edits in a row check once.
    m_applyCheck->start();
}

void ExperimentsPanel::showApplied()
{
    m_applyCheck->stop();
    if (!isVisible()) { // the dock is closed: check when it opens
        m_appliedStale = true;
        return;
    }
    m_appliedStale = false;
    for (std::size_t i = 0; i < m_buttons.size() && i < m_shown.size(); ++i) {
        const bool applied = m_document->hasExperiment(m_shown[i]);
        m_marks[i]->setVisible(applied);
        m_buttons[i]->setEnabled(!applied);
        m_buttons[i]->setToolTip(applied ? tr("The model already has these values")
                                         : tr("Change the model as described (one undo step)"));
    }
}

void ExperimentsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_appliedStale)
        showApplied();
}

void ExperimentsPanel::rebuild()
{
    const std::vector<Experiment> &experiments = m_document->model().experiments;
    if (m_built && experiments == m_shown)
        return; // e.g. an experiment changed the workload, not the list
    m_built = true;
    m_shown = experiments;
    // Another model's list from its top (it opened mid-list, on a card cut
    // in half, where the last one was scrolled to).
    m_scroll->verticalScrollBar()->setValue(0);
    m_buttons.clear();
    m_marks.clear();
    while (QLayoutItem *item = m_list->takeAt(0)) {
        if (QWidget *w = item->widget(); w && w != m_empty) {
            // Later: the click that led here may still be on the stack.
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    if (experiments.empty()) {
        m_list->addWidget(m_empty);
        m_empty->show();
        m_list->addStretch(1);
        return;
    }
    m_empty->hide();
    m_empty->setParent(this);
    auto *intro = new QLabel(tr("Each button changes the model as described; the run bar's Run "
                                "shows the effect, Edit > Undo takes it back."));
    intro->setWordWrap(true);
    setMutedText(intro); // as the palette's hint
    m_list->addWidget(intro);
    const int shown = std::min(int(experiments.size()), kMaxShown);
    for (int i = 0; i < shown; ++i) {
        const Experiment &e = experiments[std::size_t(i)];
        auto *card = new QFrame;
        card->setObjectName(QStringLiteral("experiment%1").arg(i));
        card->setFrameShape(QFrame::StyledPanel);
        auto *box = new QVBoxLayout(card);
        auto *title = new QLabel(
            QStringLiteral("<b>%1</b>").arg(QString::fromStdString(e.title).toHtmlEscaped()));
        title->setWordWrap(true);
        box->addWidget(title);
        if (!e.description.empty()) {
            auto *description = new QLabel(QString::fromStdString(e.description));
            description->setWordWrap(true);
            description->setTextFormat(Qt::PlainText);
            box->addWidget(description);
        }
        QStringList changes;
        for (const auto &[path, value] : e.set)
            changes << QStringLiteral("%1 = %2")
                           .arg(QString::fromStdString(path), shortValue(value))
                           .toHtmlEscaped();
        auto *set = new QLabel(
            QStringLiteral("<code>%1</code>").arg(changes.join(QStringLiteral("<br>"))));
        set->setWordWrap(true);
        set->setTextInteractionFlags(Qt::TextSelectableByMouse);
        set->setToolTip(
            tr("The same change on the command line: cqrs-sim run MODEL --set PATH=VALUE"));
        box->addWidget(set);
        auto *button = new QPushButton(tr("Apply"));
        button->setObjectName(QStringLiteral("applyExperiment%1").arg(i));
        connect(button, &QPushButton::clicked, this, [this, i] { apply(i); });
        auto *mark = new QLabel(QStringLiteral("\u2713 ") + tr("In the model"));
        mark->setObjectName(QStringLiteral("experimentApplied%1").arg(i));
        mark->setStyleSheet(QStringLiteral("color:#2e7d32; font-weight:bold"));
        mark->hide();
        auto *row = new QHBoxLayout;
        row->addWidget(mark);
        row->addStretch(1);
        row->addWidget(button);
        m_buttons.push_back(button);
        m_marks.push_back(mark);
        box->addLayout(row);
        m_list->addWidget(card);
    }
    if (int(experiments.size()) > shown) {
        m_list->addWidget(new QLabel(
            tr("… and %n more in the model file.", nullptr, int(experiments.size()) - shown)));
    }
    m_list->addStretch(1);
    m_applyCheck->start();
}

} // namespace cqrs
