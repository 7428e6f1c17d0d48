#include "cqrs/ui/challenge/challengepanel.h"

#include "cqrs/ui/challenge/challengecatalog.h"
#include "cqrs/ui/challenge/challengesession.h"
#include "cqrs/ui/common/format.h"

#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QResizeEvent>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QGridLayout>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cqrs {

namespace {

const QColor kMetBackground(0xdc, 0xf1, 0xdc);
const QColor kFailedBackground(0xf8, 0xd7, 0xd7);
const QColor kMetText(0x1b, 0x5e, 0x20);
const QColor kFailedText(0xb7, 0x1c, 0x1c);

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString formatIn(MetricUnit unit, double value)
{
    switch (unit) {
    case MetricUnit::Seconds:
        return formatSeconds(value);
    case MetricUnit::Ratio:
        return formatPercent(value);
    case MetricUnit::Count:
        return value == std::floor(value) ? formatCount(value) : formatNumber(value);
    case MetricUnit::Number:
        return formatNumber(value);
    case MetricUnit::Boolean:
        return value != 0 ? ChallengePanel::tr("yes") : ChallengePanel::tr("no");
    }
    return formatNumber(value);
}

QLabel *sectionLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()), parent);
    label->setContentsMargins(0, 6, 0, 0);
    return label;
}

} // namespace

QString formatRequirementValue(const std::string &metric, std::optional<double> value)
{
    if (!value)
        return QStringLiteral("—");
    return formatIn(metricUnit(metric), *value);
}

QString formatTarget(const Requirement &requirement)
{
    QString op = q(std::string(compareOpText(requirement.op)));
    if (requirement.op == CompareOp::LessEqual)
        op = QStringLiteral("≤");
    else if (requirement.op == CompareOp::GreaterEqual)
        op = QStringLiteral("≥");
    return op + QLatin1Char(' ') + formatIn(metricUnit(requirement.metric), requirement.value);
}

ChallengePanel::ChallengePanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("challengePanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("challengeTitle"));
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);
    m_meta = new QLabel(this);
    m_meta->setObjectName(QStringLiteral("challengeMeta"));
    m_meta->setWordWrap(true);
    layout->addWidget(m_meta);
    // What the model on the canvas uses of the budget, as it is edited:
    // going over it showed only in a check's score of 0.
    m_budget = new QLabel(this);
    m_budget->setObjectName(QStringLiteral("challengeBudget"));
    m_budget->setWordWrap(true);
    m_budget->setTextFormat(Qt::RichText);
    m_budget->setToolTip(tr("Workers are the write side's; consumers add up over the read models and "
                            "policies. A check of a model over budget scores 0."));
    m_budget->hide();
    layout->addWidget(m_budget);

    m_clockRow = new QWidget(this);
    auto *clockLayout = new QHBoxLayout(m_clockRow);
    m_clockLayout = clockLayout;
    clockLayout->setContentsMargins(0, 0, 0, 0);
    m_clock = new QLabel(m_clockRow);
    m_clock->setObjectName(QStringLiteral("interviewClock"));
    QFont clockFont = m_clock->font();
    clockFont.setPointSizeF(clockFont.pointSizeF() * 1.8);
    clockFont.setBold(true);
    m_clock->setFont(clockFont);
    m_clock->setWordWrap(true);
    clockLayout->addWidget(m_clock, 1);
    auto *clockButtons = new QHBoxLayout;
    m_pauseButton = new QPushButton(tr("Pause"), m_clockRow);
    m_pauseButton->setObjectName(QStringLiteral("pauseInterview"));
    // As wide as Resume too: the button and Finish beside it stay in place.
    for (const QString &text : {tr("Resume"), tr("Pause")}) {
        m_pauseButton->setText(text);
        m_pauseButton->setMinimumWidth(std::max(m_pauseButton->minimumWidth(), m_pauseButton->sizeHint().width()));
    }
    clockButtons->addWidget(m_pauseButton);
    m_finishButton = new QPushButton(tr("Finish Interview..."), m_clockRow);
    m_finishButton->setObjectName(QStringLiteral("finishInterview"));
    m_finishButton->setToolTip(tr("Stop the clock and save the debrief report (HTML)."));
    clockButtons->addWidget(m_finishButton);
    clockButtons->addStretch(1); // under the clock: on its left
    clockLayout->addLayout(clockButtons);
    layout->addWidget(m_clockRow);

    // With no challenge open: a way to one, not an empty brief, checklist
    // and greyed buttons.
    m_chooseButton = new QPushButton(tr("Choose a Challenge..."), this);
    m_chooseButton->setObjectName(QStringLiteral("chooseChallenge"));
    connect(m_chooseButton, &QPushButton::clicked, this, &ChallengePanel::galleryRequested);
    layout->addWidget(m_chooseButton, 0, Qt::AlignLeft);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_splitter = splitter;
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);
    // Without a challenge the splitter is hidden: this takes its room, so the
    // title, the line and the button stay together at the top.
    m_layout = layout;
    layout->addStretch(0);

    m_brief = new QTextBrowser(splitter);
    m_brief->setObjectName(QStringLiteral("challengeBrief"));
    m_brief->setOpenExternalLinks(true);

    auto *checkPage = new QWidget(splitter);
    auto *checkLayout = new QVBoxLayout(checkPage);
    checkLayout->setContentsMargins(0, 0, 0, 0);
    checkLayout->addWidget(sectionLabel(tr("Requirements"), checkPage));
    m_checklistNote = new QLabel(checkPage);
    m_checklistNote->setObjectName(QStringLiteral("checklistNote"));
    m_checklistNote->setWordWrap(true);
    checkLayout->addWidget(m_checklistNote);
    // Labels, not a table: requirement texts are sentences and must wrap.
    auto *checklistScroll = new QScrollArea(checkPage);
    checklistScroll->setWidgetResizable(true);
    checklistScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_checklist = new QWidget;
    m_checklist->setObjectName(QStringLiteral("challengeChecklist"));
    m_checklistGrid = new QGridLayout(m_checklist);
    m_checklistGrid->setContentsMargins(4, 4, 4, 4);
    m_checklistGrid->setVerticalSpacing(2);
    m_checklistGrid->setColumnStretch(0, 1);
    checklistScroll->setWidget(m_checklist);
    checkLayout->addWidget(checklistScroll, 1);

    auto *buttons = new QHBoxLayout;
    m_buttonsLayout = buttons;
    m_checkButton = new QPushButton(tr("Check My Answer"), checkPage);
    m_checkButton->setObjectName(QStringLiteral("checkAnswer"));
    m_checkButton->setDefault(true);
    buttons->addWidget(m_checkButton);
    auto *moreButtons = new QHBoxLayout;
    m_moreButtonsLayout = moreButtons;
    m_hintButton = new QPushButton(checkPage);
    m_hintButton->setObjectName(QStringLiteral("showHint"));
    moreButtons->addWidget(m_hintButton, 1);
    m_giveUpButton = new QPushButton(tr("Give Up"), checkPage);
    m_giveUpButton->setObjectName(QStringLiteral("giveUp"));
    m_giveUpButton->setToolTip(tr("Show the debrief and the solution now. Your score stays as it is."));
    moreButtons->addWidget(m_giveUpButton, 1);
    buttons->addLayout(moreButtons, 2);
    checkLayout->addLayout(buttons);
    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar(checkPage);
    m_progress->setObjectName(QStringLiteral("checkProgress"));
    m_progress->setFormat(tr("%v of %m runs judged"));
    progressRow->addWidget(m_progress, 1);
    m_cancelButton = new QPushButton(tr("Cancel"), checkPage);
    m_cancelButton->setObjectName(QStringLiteral("cancelCheck"));
    progressRow->addWidget(m_cancelButton);
    checkLayout->addLayout(progressRow);
    m_progress->hide();
    m_cancelButton->hide();

    auto *resultPage = new QWidget(splitter);
    auto *resultLayout = new QVBoxLayout(resultPage);
    resultLayout->setContentsMargins(0, 0, 0, 0);
    resultLayout->addWidget(sectionLabel(tr("Last check"), resultPage));
    m_lastCheckNote = new QLabel(tr("<b>You changed the model after this check</b>: Check My Answer again "
                                    "for the score of this one."),
                                 resultPage);
    m_lastCheckNote->setObjectName(QStringLiteral("lastCheckNote"));
    m_lastCheckNote->setWordWrap(true);
    m_lastCheckNote->hide();
    resultLayout->addWidget(m_lastCheckNote);
    m_score = new QLabel(tr("Not checked yet: Check My Answer runs your model as given and under every stress."),
                         resultPage);
    m_score->setObjectName(QStringLiteral("challengeScore"));
    m_score->setWordWrap(true);
    m_score->setTextInteractionFlags(Qt::TextSelectableByMouse);
    resultLayout->addWidget(m_score);
    m_grid = new QTableWidget(resultPage);
    m_grid->setTabKeyNavigation(false); // one Tab stop: the arrows move inside
    m_grid->setObjectName(QStringLiteral("challengeGrid"));
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->setSelectionMode(QAbstractItemView::SingleSelection);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    resultLayout->addWidget(m_grid, 1);

    m_learnPage = new QWidget(splitter);
    QWidget *learnPage = m_learnPage;
    auto *learnLayout = new QVBoxLayout(learnPage);
    learnLayout->setContentsMargins(0, 0, 0, 0);
    m_hintsTitle = sectionLabel(tr("Hints"), learnPage);
    learnLayout->addWidget(m_hintsTitle);
    m_hints = new QTextBrowser(learnPage);
    m_hints->setObjectName(QStringLiteral("challengeHints"));
    learnLayout->addWidget(m_hints, 1);
    m_debriefTitle = sectionLabel(tr("Debrief"), learnPage);
    learnLayout->addWidget(m_debriefTitle);
    m_debrief = new QTextBrowser(learnPage);
    m_debrief->setObjectName(QStringLiteral("challengeDebrief"));
    learnLayout->addWidget(m_debrief, 2);
    m_solutionButton = new QPushButton(tr("Open the Solution Beside Your Answer"), learnPage);
    m_solutionButton->setObjectName(QStringLiteral("openSolution"));
    learnLayout->addWidget(m_solutionButton);
    m_compareSolutionButton = new QPushButton(tr("Compare Your Answer With the Solution"), learnPage);
    m_compareSolutionButton->setObjectName(QStringLiteral("compareSolution"));
    m_compareSolutionButton->setToolTip(
        tr("Run your answer and the solution with the challenge's traffic and seed, record both "
           "in the run history and overlay their charts"));
    learnLayout->addWidget(m_compareSolutionButton);
    splitter->setSizes({170, 300, 120, 220});
    // A taller or shorter column (the window or the dock resized, the dock
    // laid out after a check) shares its height again, as the last check or
    // hint did, until the user moves a handle.
    splitter->installEventFilter(this);
    connect(splitter, &QSplitter::splitterMoved, this, [this] { m_balanced = false; });

    // What a screen reader announces: names for what has no text of its own,
    // a description (tooltip) for every button.
    m_brief->setAccessibleName(tr("Challenge brief"));
    m_brief->setAccessibleDescription(tr("The problem to solve: the situation, the traffic and what to reach"));
    m_hints->setAccessibleName(tr("Hints"));
    m_hints->setAccessibleDescription(tr("The hints shown so far"));
    m_debrief->setAccessibleName(tr("Debrief"));
    m_debrief->setAccessibleDescription(tr("What the challenge teaches and how the solution works"));
    m_grid->setAccessibleName(tr("Last check"));
    m_grid->setAccessibleDescription(
        tr("Each requirement (rows) in each run of the last check (columns): as given and under each stress"));
    m_progress->setAccessibleName(tr("Check progress"));
    m_checkButton->setToolTip(tr("Run your model as given and under every stress, and score it"));
    m_hintButton->setToolTip(tr("Show the next hint; each hint costs %1 points").arg(ChallengeSession::kHintCost));
    m_cancelButton->setToolTip(tr("Stop the check"));
    m_solutionButton->setToolTip(tr("Open the reference solution in a window of its own, read-only"));
    m_pauseButton->setToolTip(tr("Pause or resume the interview clock (pauses are in the report)"));

    m_tick = new QTimer(this);
    m_tick->setInterval(500);
    connect(m_tick, &QTimer::timeout, this, &ChallengePanel::refreshClock);

    connect(m_checkButton, &QPushButton::clicked, this, &ChallengePanel::checkRequested);
    connect(m_cancelButton, &QPushButton::clicked, this, &ChallengePanel::cancelRequested);
    connect(m_hintButton, &QPushButton::clicked, this, &ChallengePanel::hintRequested);
    connect(m_giveUpButton, &QPushButton::clicked, this, &ChallengePanel::giveUpRequested);
    connect(m_solutionButton, &QPushButton::clicked, this, &ChallengePanel::solutionRequested);
    connect(m_compareSolutionButton, &QPushButton::clicked, this, &ChallengePanel::compareSolutionRequested);
    connect(m_finishButton, &QPushButton::clicked, this, &ChallengePanel::finishRequested);
    connect(m_pauseButton, &QPushButton::clicked, this, [this] {
        if (!m_session)
            return;
        if (m_session->isPaused())
            m_session->resume();
        else
            m_session->pause();
    });
    connect(m_grid, &QTableWidget::cellClicked, this, [this](int row, int column) {
        const QTableWidgetItem *item = m_grid->item(row, column);
        if (item && !item->data(Qt::UserRole + 2).toBool())
            emit chartRequested(item->data(Qt::UserRole).toString(), item->data(Qt::UserRole + 1).toString());
    });
    setSession(nullptr);
}

void ChallengePanel::setSession(ChallengeSession *session)
{
    if (m_session)
        m_session->disconnect(this);
    m_session = session;
    m_balanced = false;
    m_grid->clear();
    m_grid->setRowCount(0);
    m_grid->setColumnCount(0);
    m_grid->hide();
    m_lastCheckNote->hide();
    m_hints->clear();
    m_debrief->clear();
    clearChecklist();
    m_budget->hide();
    m_splitter->setVisible(session != nullptr);
    m_layout->setStretch(m_layout->count() - 1, session ? 0 : 1);
    m_chooseButton->setVisible(session == nullptr);
    if (!session) {
        m_title->setText(tr("No challenge open"));
        m_meta->setText(tr("Challenges are practice problems with requirements, stresses and a score "
                           "(Challenge > Challenges...)."));
        m_brief->clear();
        m_tick->stop();
        refresh();
        return;
    }
    const Challenge &c = session->challenge();
    m_title->setText(q(c.title).left(200));
    QStringList meta{levelTitle(c.level)};
    if (c.minutes)
        meta << plural(tr("%n minute(s)", nullptr, *c.minutes), *c.minutes);
    meta << plural(tr("%n requirement(s)", nullptr, int(c.requirements.size())),
                   int(c.requirements.size()))
         << plural(tr("%n stress(es)", nullptr, int(c.stresses.size())), int(c.stresses.size()));
    if (session->isInterview())
        meta << tr("interview mode");
    m_meta->setText(meta.join(QStringLiteral(" · ")));
    m_brief->setMarkdown(q(c.brief));
    m_score->setText(tr("Not checked yet: Check My Answer runs your model as given and under every stress."));
    connect(session, &ChallengeSession::checkStarted, this, [this] {
        m_progress->setRange(0, int(m_session->challenge().stresses.size()) + 1);
        m_progress->setValue(0);
        refresh();
    });
    connect(session, &ChallengeSession::checkProgress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    // What each answer of the session added is scrolled into sight: on a
    // laptop's short column it came below the fold, and only a button's
    // label changed where the user looked.
    connect(session, &ChallengeSession::checkFinished, this, [this](const sim::Verdict &verdict) {
        showVerdict(verdict);
        refresh();
        // The debrief a pass has just opened (solutionAvailable, a moment
        // before) stays the one in sight; otherwise the score and its grid.
        if (!m_debriefJustShown)
            scrollIntoView(m_score->parentWidget());
    });
    connect(session, &ChallengeSession::hintRevealed, this, [this] {
        showHints(); // the last check keeps its score: the hint costs the next one
        refresh();
        scrollIntoView(m_hints);
    });
    connect(session, &ChallengeSession::solutionAvailable, this, [this] {
        showDebrief();
        refresh();
        scrollIntoView(m_debriefTitle);
        m_debriefJustShown = true; // for the check that passed, reported next
        QTimer::singleShot(0, this, [this] { m_debriefJustShown = false; });
    });
    connect(session, &ChallengeSession::pausedChanged, this, &ChallengePanel::refreshClock);
    connect(session, &ChallengeSession::finished, this, &ChallengePanel::refresh);
    m_tick->start();
    refresh();
}

QString ChallengePanel::budgetText(const BudgetUse &use)
{
    QStringList parts;
    if (use.maxWorkers)
        parts << tr("workers %1 of %2").arg(use.workers).arg(*use.maxWorkers);
    if (use.maxConsumers)
        parts << tr("consumers %1 of %2").arg(use.consumers).arg(*use.maxConsumers);
    return parts.isEmpty() ? QString() : tr("Budget: %1").arg(parts.join(QStringLiteral(", ")));
}

void ChallengePanel::setBudgetUse(const BudgetUse &use)
{
    const QString text = budgetText(use);
    m_budget->setVisible(m_session && !text.isEmpty());
    if (use.within())
        m_budget->setText(text.toHtmlEscaped());
    else
        m_budget->setText(QStringLiteral("%1 <span style='color:#b71c1c'><b>%2</b></span>")
                              .arg(text.toHtmlEscaped(), tr("over budget: a check would score 0")));
}

void ChallengePanel::refresh()
{
    const bool open = m_session != nullptr;
    const bool checking = open && m_session->isChecking();
    const bool interview = open && m_session->isInterview();
    const bool finished = open && m_session->isFinished();
    m_clockRow->setVisible(interview);
    m_checkButton->setEnabled(open && !checking);
    m_progress->setVisible(checking);
    m_cancelButton->setVisible(checking);
    const int left = open ? m_session->hintCount() - m_session->hintsShown() : 0;
    // "No Hints Left" only once there were some: not before a challenge is
    // open, nor for a challenge that gives none.
    // After Give Up no check counts: a hint costs nothing any more.
    if (left > 0 && m_session->hasGivenUp())
        m_hintButton->setText(tr("Show a Hint (%1 left)").arg(left));
    else if (left > 0)
        m_hintButton->setText(tr("Show a Hint (%1 left, −%2)").arg(left).arg(ChallengeSession::kHintCost));
    else if (!open)
        m_hintButton->setText(tr("Show a Hint"));
    else if (m_session->hintCount() == 0)
        m_hintButton->setText(tr("No Hints in This Challenge"));
    else
        m_hintButton->setText(tr("No Hints Left"));
    m_hintButton->setEnabled(open && left > 0 && !finished);
    m_giveUpButton->setEnabled(open && !m_session->solutionUnlocked());
    m_hintsTitle->setVisible(open && m_session->hintsShown() > 0);
    m_hints->setVisible(open && m_session->hintsShown() > 0);
    const bool unlocked = open && m_session->solutionUnlocked();
    m_debriefTitle->setVisible(unlocked);
    m_debrief->setVisible(unlocked);
    m_solutionButton->setVisible(unlocked);
    m_solutionButton->setEnabled(unlocked && m_session->challenge().solution.has_value());
    m_compareSolutionButton->setVisible(unlocked);
    m_compareSolutionButton->setEnabled(unlocked && m_session->challenge().solution.has_value());
    const bool learning = unlocked || (open && m_session->hintsShown() > 0);
    if (learning != !m_learnPage->isHidden()) {
        m_learnPage->setVisible(learning);
        m_balanced = true;
        balance(); // the hints take their room from the brief, not from the grid
    }
    // Once finished, the button saves the debrief again (a cancelled or
    // failed save must not lose it), and Pause has nothing left to stop.
    m_finishButton->setText(finished ? tr("Save Debrief...") : tr("Finish Interview..."));
    m_finishButton->setToolTip(finished ? tr("Save the debrief report (HTML) of the finished interview.")
                                        : tr("Stop the clock and save the debrief report (HTML)."));
    m_finishButton->setEnabled(interview);
    m_pauseButton->setEnabled(interview && !finished);
    m_pauseButton->setVisible(!finished);
    refreshClock();
    emit buttonsChanged();
}

void ChallengePanel::refreshClock()
{
    if (!m_session || !m_session->isInterview())
        return;
    const double elapsed = m_session->elapsedSeconds();
    const double limit = m_session->limitSeconds();
    QString text = limit > 0 ? tr("%1 / %2").arg(formatClock(elapsed), formatClock(limit)) : formatClock(elapsed);
    if (m_session->isPaused())
        text += tr(" (paused)");
    else if (m_session->isFinished())
        text += tr(" (finished)");
    m_clock->setText(text);
    // Room for the clock's digits when they reach the limit's, so that the
    // row does not jump; "(paused)" and "(finished)" go to a second line
    // where a narrow column has no room for them.
    const QString longest = limit > 0 ? tr("%1 / %2").arg(formatClock(std::max(elapsed, limit)),
                                                          formatClock(limit))
                                      : formatClock(std::max(elapsed, 600.0));
    m_clock->setMinimumWidth(m_clock->fontMetrics().horizontalAdvance(longest));
    // And room for "(paused)" on a second line where it goes there: pausing
    // moved the buttons under the clock down a line, and resuming back up.
    const QString paused = tr(" (paused)");
    const QString finished = tr(" (finished)");
    const QString tallest = longest + (paused.size() > finished.size() ? paused : finished);
    if (m_clock->width() > 0)
        m_clock->setMinimumHeight(m_clock->fontMetrics()
                                      .boundingRect(QRect(0, 0, m_clock->width(), 1 << 20),
                                                    Qt::TextWordWrap, tallest)
                                      .height());
    const bool over = limit > 0 && elapsed > limit;
    m_clock->setStyleSheet(over ? QStringLiteral("color: #b71c1c;") : QString());
    m_clock->setToolTip(over ? tr("Over the suggested time: the report says so.") : QString());
    m_pauseButton->setText(m_session->isPaused() ? tr("Resume") : tr("Pause"));
    emit buttonsChanged();
}

namespace {

/// The width a row's items take side by side, a row inside it side by side
/// too (whichever way either stands now).
int rowWidthSideBySide(const QBoxLayout *row)
{
    int width = 0, shown = 0;
    for (int i = 0; i < row->count(); ++i) {
        QLayoutItem *item = row->itemAt(i);
        if (item->isEmpty())
            continue;
        const auto *inner = qobject_cast<const QBoxLayout *>(item->layout());
        width += inner ? rowWidthSideBySide(inner) : item->minimumSize().width();
        ++shown;
    }
    const QMargins margins = row->contentsMargins();
    return width + std::max(0, shown - 1) * std::max(0, row->spacing()) + margins.left() + margins.right();
}

} // namespace

int ChallengePanel::widthSideBySide() const
{
    const QMargins margins = layout()->contentsMargins();
    int width = 0;
    for (const QBoxLayout *row : {m_clockLayout, m_buttonsLayout}) {
        if (row != m_clockLayout || !m_clockRow->isHidden())
            width = std::max(width, rowWidthSideBySide(row));
    }
    return width + margins.left() + margins.right();
}

void ChallengePanel::fitToWidth(int width)
{
    const QMargins margins = layout()->contentsMargins();
    const int room = width - margins.left() - margins.right();
    for (QBoxLayout *row : {m_clockLayout, m_buttonsLayout, m_moreButtonsLayout}) {
        // Measured side by side whichever way they stand now.
        row->setDirection(rowWidthSideBySide(row) <= room ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    }
}

QString ChallengePanel::checklistValue(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[row].value->text() : QString();
}

QString ChallengePanel::checklistState(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[row].stateText : QString();
}

void ChallengePanel::setRowState(ChecklistRow &row, const QString &text, const QString &color, bool link,
                                 const QString &tip)
{
    row.stateText = text;
    row.stateColor = color;
    row.stateLink = link;
    row.stateTip = tip;
    drawRowState(row);
}

void ChallengePanel::drawRowState(ChecklistRow &row)
{
    // A red "not met" beside a passing score read as a failed answer: while
    // the figures are another model's, their verdicts are grey too.
    const bool link = row.stateLink && !m_checklistOutdated;
    const QString color = m_checklistOutdated ? QStringLiteral("#9e9e9e") : row.stateColor;
    const QString text = row.stateText.toHtmlEscaped();
    // A requirement not met links to the chart that shows it.
    row.state->setText(link ? QStringLiteral("<a href=\"chart\" style=\"color:%1\">%2</a>").arg(color, text)
                            : QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color, text));
    row.state->setToolTip(link ? tr("Show the chart of this figure.")
                          : m_checklistOutdated ? tr("The figures are from before your last change.")
                                                : row.stateTip);
}

void ChallengePanel::clearChecklist()
{
    // deleteLater: a row's link can be what started this (a click on it).
    for (ChecklistRow &row : m_rows) {
        for (QWidget *w : {static_cast<QWidget *>(row.text), static_cast<QWidget *>(row.value),
                           static_cast<QWidget *>(row.state), static_cast<QWidget *>(row.target),
                           static_cast<QWidget *>(row.gap)}) {
            if (w) {
                w->hide();
                w->setObjectName(QString()); // not found in place of the new row's
                w->deleteLater();
            }
        }
    }
    m_rows.clear();
    m_checklistOutdated = false;
    m_checklistNoteText.clear();
    if (!m_session) {
        m_checklistNote->clear();
        return;
    }
    const auto &requirements = m_session->challenge().requirements;
    for (int i = 0; i < int(requirements.size()); ++i) {
        const Requirement &r = requirements[i];
        ChecklistRow row;
        row.text = new QLabel(q(r.text).left(400), m_checklist);
        row.text->setTextFormat(Qt::PlainText);
        row.text->setWordWrap(true);
        row.text->setToolTip(tr("%1: %2").arg(q(r.id), q(r.metric)));
        row.value = new QLabel(QStringLiteral("—"), m_checklist);
        row.value->setObjectName(QStringLiteral("checklistValue%1").arg(i));
        row.value->setToolTip(tr("Target %1").arg(formatTarget(r)));
        auto *target = new QLabel(tr("target %1").arg(formatTarget(r)), m_checklist);
        target->setForegroundRole(QPalette::PlaceholderText);
        row.state = new QLabel(m_checklist);
        row.state->setObjectName(QStringLiteral("checklistState%1").arg(i));
        row.state->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const QString id = q(r.id);
        connect(row.state, &QLabel::linkActivated, this,
                [this, id] { emit chartRequested(id, QString::fromLatin1(kAsGivenRunId)); });
        setRowState(row, QStringLiteral("…"), palette().color(QPalette::PlaceholderText).name(), false,
                    tr("Not judged yet: run the model, and this requirement is judged as the run goes."));
        m_checklistGrid->addWidget(row.text, 3 * i, 0, 1, 3);
        m_checklistGrid->addWidget(row.value, 3 * i + 1, 0);
        m_checklistGrid->addWidget(target, 3 * i + 1, 1);
        m_checklistGrid->addWidget(row.state, 3 * i + 1, 2);
        auto *gap = new QWidget(m_checklist);
        gap->setFixedHeight(4);
        m_checklistGrid->addWidget(gap, 3 * i + 2, 0);
        row.target = target;
        row.gap = gap;
        m_rows.push_back(row);
    }
    m_checklistGrid->setRowStretch(3 * int(requirements.size()), 1);
    m_checklistNote->setText(tr("Run the model (Run menu): the figures below follow the run as it goes."));
}

void ChallengePanel::setChecklist(const std::vector<sim::RequirementOutcome> &outcomes,
                                  const std::vector<std::string> &pending,
                                  const std::vector<std::string> &resolvedMetrics, bool final, double time,
                                  double duration, const QString &runLabel)
{
    if (!m_session)
        return;
    const auto &requirements = m_session->challenge().requirements;
    if (m_rows.size() != requirements.size())
        clearChecklist();
    for (int i = 0; i < int(requirements.size()) && i < int(outcomes.size()); ++i) {
        ChecklistRow &row = m_rows[i];
        const Requirement &r = requirements[i];
        const sim::RequirementOutcome &o = outcomes[i];
        const bool waiting = std::find(pending.begin(), pending.end(), r.id) != pending.end();
        const std::string metric = i < int(resolvedMetrics.size()) ? resolvedMetrics[i] : r.metric;
        if (waiting) {
            row.value->setText(tr("at the end"));
            row.value->setToolTip(tr("This figure is only known when the run ends."));
            setRowState(row, QStringLiteral("…"), palette().color(QPalette::PlaceholderText).name(), false,
                        tr("Judged when the run ends: this figure is only known then."));
        } else {
            row.value->setText((final ? QString() : QStringLiteral("≈ ")) + formatRequirementValue(metric, o.value));
            row.value->setToolTip(final ? tr("The run's result.") : tr("So far, from the live figures."));
            setRowState(row, o.met ? tr("✓ met") : tr("✗ not met"), (o.met ? kMetText : kFailedText).name(), !o.met);
        }
    }
    QString note = final ? tr("The run ended at %1: these are its exact figures. Check My Answer also judges "
                              "every stress.")
                               .arg(formatMoment(time, duration))
                         : tr("Live at %1 (≈: estimated from the samples so far).").arg(formatMoment(time, duration));
    if (!runLabel.isEmpty())
        note = tr("Your answer %1. ").arg(runLabel) + note;
    m_checklistNoteText = note;
    m_checklistOutdated = false;
    for (ChecklistRow &row : m_rows) {
        row.value->setEnabled(true);
        drawRowState(row);
    }
    m_checklistNote->setText(note);
}

void ChallengePanel::setLastCheckOutdated(bool outdated)
{
    // Only over a verdict shown: not over "cancelled" or an unjudged answer.
    m_lastCheckNote->setVisible(outdated && !m_grid->isHidden());
}

void ChallengePanel::setChecklistOutdated(bool outdated)
{
    if (outdated == m_checklistOutdated || m_rows.empty())
        return;
    m_checklistOutdated = outdated;
    // A disabled label is drawn greyed: the figures are still there to read.
    for (ChecklistRow &row : m_rows) {
        row.value->setEnabled(!outdated);
        drawRowState(row);
    }
    m_checklistNote->setText(outdated ? tr("<b>You changed the model after this run</b>: run it again for its "
                                           "figures. ")
                                            + m_checklistNoteText.toHtmlEscaped()
                                      : m_checklistNoteText);
}

void ChallengePanel::showVerdict(const sim::Verdict &verdict)
{
    if (!m_session)
        return;
    const Challenge &c = m_session->challenge();
    m_grid->clear();
    if (verdict.status == sim::VerdictStatus::Cancelled) {
        m_score->setText(tr("The check was cancelled."));
        m_lastCheckNote->hide();
        m_grid->hide();
        m_grid->setRowCount(0);
        m_grid->setColumnCount(0);
        return;
    }
    if (verdict.status == sim::VerdictStatus::InvalidAnswer) {
        QStringList lines;
        for (const Diagnostic &d : verdict.diagnostics) {
            if (d.isError() && lines.size() < 10)
                lines << q(d.located()).toHtmlEscaped();
        }
        m_score->setText(tr("<b>Score %1/100</b>: the answer cannot be judged.<br>%2")
                             .arg(*m_session->score())
                             .arg(lines.join(QStringLiteral("<br>"))));
        m_grid->hide();
        m_grid->setRowCount(0);
        m_grid->setColumnCount(0);
        return;
    }
    m_grid->setRowCount(int(c.requirements.size()));
    m_grid->setColumnCount(int(verdict.runs.size()));
    for (int column = 0; column < int(verdict.runs.size()); ++column) {
        const sim::RunVerdict &run = verdict.runs[column];
        const bool asGiven = run.id == kAsGivenRunId;
        auto *header = new QTableWidgetItem(asGiven ? tr("as given") : q(run.id).left(40));
        if (const Stress *stress = c.stress(run.id))
            header->setToolTip(q(stress->text));
        else
            header->setToolTip(tr("Your model as it is, with the challenge's workload."));
        m_grid->setHorizontalHeaderItem(column, header);
        for (int row = 0; row < int(c.requirements.size()); ++row) {
            const Requirement &r = c.requirements[row];
            const sim::RequirementOutcome *o = row < int(run.requirements.size()) ? &run.requirements[row] : nullptr;
            const bool met = o && o->met;
            auto *item = new QTableWidgetItem((o ? formatRequirementValue(r.metric, o->value) : QStringLiteral("—"))
                                              + (met ? QStringLiteral("  ✓") : QStringLiteral("  ✗")));
            item->setBackground(met ? kMetBackground : kFailedBackground);
            item->setForeground(met ? kMetText : kFailedText);
            item->setData(Qt::UserRole, q(r.id));
            item->setData(Qt::UserRole + 1, q(run.id));
            item->setData(Qt::UserRole + 2, met);
            QString tip = tr("%1\ntarget %2").arg(q(r.text), formatTarget(r));
            if (!run.error.empty())
                tip += QLatin1Char('\n') + q(run.error);
            else if (!met)
                tip += QLatin1Char('\n') + tr("Click to watch this run and the chart that shows it.");
            item->setToolTip(tip);
            m_grid->setItem(row, column, item);
        }
    }
    QStringList rowHeaders;
    for (const Requirement &r : c.requirements) {
        auto *header = new QTableWidgetItem(q(r.id).left(40));
        header->setToolTip(q(r.text));
        m_grid->setVerticalHeaderItem(int(&r - c.requirements.data()), header);
    }
    m_grid->show();
    m_grid->resizeRowsToContents();
    m_balanced = true;
    balance();
    const int after = *m_session->score();
    const int hints = m_session->hintsAtCheck();
    QString text = tr("<b>Score %1/100</b>").arg(after);
    if (hints > 0)
        text += plural(tr(" (judged %1, %n hint(s) −%2)", nullptr, hints), hints)
                    .arg(verdict.score)
                    .arg(hints * ChallengeSession::kHintCost);
    if (const QString budget = budgetText(verdict.budget); !budget.isEmpty())
        text += QStringLiteral("<br>") + budget;
    if (!verdict.withinBudget)
        text += QStringLiteral(" <span style='color:#b71c1c'>%1</span>").arg(tr("over budget: the score is 0"));
    if (m_session->lastCheckAfterGivingUp())
        text += QStringLiteral("<br>")
                + (verdict.passed() ? tr("Every requirement met in every run. Made after giving up, this check "
                                         "counts toward no score.")
                                    : tr("Made after giving up, this check counts toward no score."));
    else if (verdict.passed())
        text += QStringLiteral("<br><span style='color:#1b5e20'>%1</span>")
                    .arg(tr("Every requirement met in every run: passed. The debrief and the solution are open."));
    else
        text += QStringLiteral("<br>") + tr("Click a red cell to watch that run and its chart.");
    m_score->setText(text);
}

bool ChallengePanel::eventFilter(QObject *watched, QEvent *event)
{
    // Against the height balance() last shared, not the event's old size:
    // a dock shown after the check (closed or behind another tab then) has
    // none. The splitter has its new height here; setSizes() resizes only
    // its parts, so this does not come back.
    if (watched == m_splitter && event->type() == QEvent::Resize && m_session && m_balanced
        && m_splitter->height() != m_balancedHeight)
        balance();
    return QWidget::eventFilter(watched, event);
}

void ChallengePanel::balance()
{
    // After a check the grid is what matters: room for all its rows. The
    // requirements keep 150 pixels at least, and room for all of theirs
    // when the hints and debrief (100 pixels at least) leave it; the brief
    // gives way, down to eight lines, and further in a short window.
    const int total = m_splitter->height();
    m_balancedHeight = total;
    const bool learning = !m_learnPage->isHidden();
    const int learnLeast = learning ? std::max(100, m_learnPage->minimumSizeHint().height()) : 0;
    const int result = m_grid->isHidden() ? std::max(60, m_splitter->sizes().value(2))
                                          : m_grid->horizontalHeader()->height() + 2 * m_grid->frameWidth() + 4
                                                + m_grid->verticalHeader()->length() + 90;
    const int checkWant = std::max(150, m_checklist->sizeHint().height() + 2 * m_checkButton->sizeHint().height() + 60);
    const int briefLines = 8 * m_brief->fontMetrics().lineSpacing() + 2 * m_brief->frameWidth()
                           + 2 * int(std::ceil(m_brief->document()->documentMargin()));
    int brief = std::max(80, total / 6);
    if (total - result - 150 - learnLeast >= briefLines)
        brief = std::max(brief, briefLines);
    const int rest = total - brief - result;
    const int check = learning ? std::max(150, std::min(checkWant, rest - learnLeast)) : std::max(150, rest);
    const int learn = learning ? std::max(learnLeast, rest - check) : 0;
    m_splitter->setSizes({brief, check, result, learn});
    // The splitter takes its handles' room from every part: the brief's share
    // comes back from the requirements or the hints, above their least.
    if (QList<int> sizes = m_splitter->sizes(); sizes.size() == 4 && sizes[0] < brief) {
        const int from = learning && sizes[3] - learnLeast > sizes[1] - 150 ? 3 : 1;
        const int least = from == 3 ? learnLeast : 150;
        const int missing = std::min(brief - sizes[0], std::max(0, sizes[from] - least));
        sizes[0] += missing;
        sizes[from] -= missing;
        m_splitter->setSizes(sizes);
    }
}

void ChallengePanel::scrollIntoView(QWidget *widget)
{
    // Once the layout has placed it (it may have been hidden until now).
    QTimer::singleShot(0, this, [this, target = QPointer<QWidget>(widget)] {
        for (QWidget *p = parentWidget(); p && target; p = p->parentWidget()) {
            if (auto *area = qobject_cast<QScrollArea *>(p)) {
                area->ensureWidgetVisible(target, 0, 20);
                // Once more if a later layout (the column's buttons stacking,
                // the window settling) moved it away, unless the user scrolled.
                const int at = area->verticalScrollBar()->value();
                QTimer::singleShot(150, area, [area, target, at] {
                    if (target && area->verticalScrollBar()->value() == at)
                        area->ensureWidgetVisible(target, 0, 20);
                });
                return;
            }
        }
    });
}

void ChallengePanel::showHints()
{
    if (!m_session)
        return;
    QString markdown;
    const auto &hints = m_session->challenge().hints;
    for (int i = 0; i < m_session->hintsShown() && i < int(hints.size()); ++i)
        markdown += tr("**Hint %1.** ").arg(i + 1) + q(hints[i]) + QStringLiteral("\n\n");
    m_hints->setMarkdown(markdown);
}

void ChallengePanel::showDebrief()
{
    if (!m_session)
        return;
    m_debrief->setMarkdown(q(m_session->challenge().debrief));
}

} // namespace cqrs
