#include "cqrs/ui/run/runbar.h"

#include "cqrs/ui/common/format.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

#include <cmath>

namespace cqrs {

namespace {

// The clock of a run of `duration` seconds: in seconds (tenths while under
// 100 s) or hours and minutes, and in minutes where its charts count minutes.
QString clockText(double seconds, double duration)
{
    if (runTimeUnit(duration) == 60)
        return formatSecondsInUnit(seconds, 60);
    if (seconds >= 3600)
        return RunBar::tr("%1 h %2 min").arg(int(seconds / 3600)).arg(int(std::fmod(seconds, 3600) / 60));
    if (seconds >= 100)
        return RunBar::tr("%1 s").arg(seconds, 0, 'f', 0);
    return RunBar::tr("%1 s").arg(seconds, 0, 'f', 1);
}

} // namespace

RunBar::RunBar(RunController *controller, std::function<std::optional<Model>()> modelSource,
               QWidget *parent)
    : QToolBar(tr("Run"), parent)
    , m_controller(controller)
    , m_modelSource(std::move(modelSource))
{
    setObjectName(QStringLiteral("runToolBar"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    setFont(big);

    m_run = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run"));
    m_run->setObjectName(QStringLiteral("runAction"));
    m_run->setShortcut(Qt::Key_F5);
    m_run->setToolTip(tr("Run the model, or continue a paused run (F5)"));
    m_pause = addAction(style()->standardIcon(QStyle::SP_MediaPause), tr("P&ause"));
    m_pause->setObjectName(QStringLiteral("pauseAction"));
    m_pause->setShortcut(Qt::Key_F6);
    m_pause->setToolTip(tr("Pause the run (F6)"));
    m_step = addAction(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("St&ep"));
    m_step->setObjectName(QStringLiteral("stepAction"));
    m_step->setShortcut(Qt::Key_F10);
    m_step->setToolTip(tr("Advance one sample interval (F10)"));
    m_stop = addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("St&op"));
    m_stop->setObjectName(QStringLiteral("stopAction"));
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stop->setToolTip(tr("End the run here and show its summary (Shift+F5)"));
    m_reset = addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Rese&t"));
    m_reset->setObjectName(QStringLiteral("resetAction"));
    m_reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F5));
    m_reset->setToolTip(tr("Drop the run and its charts (Ctrl+F5)"));
    addSeparator();

    m_time = new QLabel(this);
    m_time->setObjectName(QStringLiteral("timeLabel"));
    m_time->setMinimumWidth(200);
    m_time->setContentsMargins(0, 0, 10, 0); // a long clock touched the progress bar
    QFont bold = big;
    bold.setBold(true);
    m_time->setFont(bold); // and the bar's size whenever it changes (changeEvent)
    addWidget(m_time);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setMinimumWidth(180);
    m_progress->setMaximumWidth(320);
    addWidget(m_progress);
    m_rate = new QLabel(this);
    m_rate->setObjectName(QStringLiteral("rateLabel"));
    m_rate->setContentsMargins(8, 0, 0, 0);
    addWidget(m_rate);
    // Last: set once in a while, where the clock and progress are watched
    // all through a run (a narrow bar puts its last controls in its » menu).
    addSeparator();
    addWidget(new QLabel(tr(" Speed "), this));
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("speedBox"));
    for (double speed : RunController::speeds())
        m_speed->addItem(RunController::speedLabel(speed), speed);
    m_speed->setCurrentIndex(m_speed->findData(controller->speed()));
    m_speed->setToolTip(tr("Simulated seconds per second; Max runs as fast as the engine can"));
    addWidget(m_speed);

    // What a screen reader announces (the actions' buttons read their text and tooltip).
    // On Linux a combo box is announced by its current text: the description says what it is.
    m_speed->setAccessibleName(tr("Speed"));
    m_speed->setAccessibleDescription(tr("Speed: simulated seconds per second; Max runs as fast as the engine can"));
    m_progress->setAccessibleName(tr("Run progress"));
    // Qt's » button when the bar is too narrow for all its controls.
    if (auto *more = findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button"))) {
        more->setAccessibleName(tr("More run controls"));
        more->setAccessibleDescription(tr("The run bar's controls that do not fit its width"));
    }
    m_progress->setAccessibleDescription(tr("How much of the run's simulated duration has been simulated"));

    connect(m_run, &QAction::triggered, this, &RunBar::runOrContinue);
    connect(m_pause, &QAction::triggered, controller, &RunController::pause);
    connect(m_step, &QAction::triggered, this, &RunBar::stepOrStart);
    connect(m_stop, &QAction::triggered, controller, &RunController::stop);
    connect(m_reset, &QAction::triggered, controller, &RunController::reset);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_controller->setSpeed(m_speed->currentData().toDouble()); });
    connect(controller, &RunController::speedChanged, this, [this](double speed) {
        const int index = m_speed->findData(speed);
        if (index >= 0 && index != m_speed->currentIndex())
            m_speed->setCurrentIndex(index);
    });
    connect(controller, &RunController::stateChanged, this, &RunBar::updateState);
    connect(controller, &RunController::timeChanged, this, &RunBar::updateTime);
    connect(controller, &RunController::runStarted, this, &RunBar::updateTime);
    updateState();
    updateTime();
}

void RunBar::changeEvent(QEvent *event)
{
    QToolBar::changeEvent(event);
    // The time label sets its own (bold) font, so it does not follow the
    // bar's: presentation mode enlarges the bar, and the time with it.
    if (event->type() == QEvent::FontChange && m_time) {
        QFont bold = font();
        bold.setBold(true);
        m_time->setFont(bold);
    }
}

void RunBar::runOrContinue()
{
    switch (m_controller->state()) {
    case RunController::State::Paused:
        m_controller->resume();
        break;
    case RunController::State::Running:
        break;
    case RunController::State::Idle:
    case RunController::State::Finished:
        if (const std::optional<Model> model = m_modelSource())
            m_controller->start(*model);
        break;
    }
}

void RunBar::stepOrStart()
{
    if (m_controller->isActive()) {
        m_controller->step();
        return;
    }
    if (const std::optional<Model> model = m_modelSource()) {
        if (m_controller->startPaused(*model))
            m_controller->step();
    }
}

void RunBar::updateState()
{
    using State = RunController::State;
    const State state = m_controller->state();
    // Each with its key in the Run menu (the tool bar shows them without).
    m_run->setText(state == State::Paused ? tr("Cont&inue") : tr("&Run"));
    m_run->setEnabled(state != State::Running);
    m_pause->setEnabled(state == State::Running);
    m_step->setEnabled(state != State::Running);
    m_stop->setEnabled(state == State::Running || state == State::Paused);
    m_reset->setEnabled(state != State::Idle);
    updateTime();
}

int RunBar::widthThroughProgress() const
{
    int width = style()->pixelMetric(QStyle::PM_ToolBarHandleExtent, nullptr, this)
                + style()->pixelMetric(QStyle::PM_ToolBarExtensionExtent, nullptr, this)
                + 2 * style()->pixelMetric(QStyle::PM_ToolBarFrameWidth, nullptr, this)
                + 2 * style()->pixelMetric(QStyle::PM_ToolBarItemMargin, nullptr, this);
    const int spacing = style()->pixelMetric(QStyle::PM_ToolBarItemSpacing, nullptr, this);
    for (QAction *action : actions()) {
        if (QWidget *widget = widgetForAction(action))
            width += widget->sizeHint().expandedTo(widget->minimumSize()).width() + spacing;
        if (widgetForAction(action) == m_progress)
            break;
    }
    return width;
}

QString RunBar::timeText() const
{
    return m_time->text();
}

void RunBar::updateTime()
{
    const double duration = m_controller->duration();
    const double time = m_controller->time();
    if (m_controller->state() == RunController::State::Idle) {
        m_time->setText(tr("t = –"));
        m_progress->setValue(0);
        m_progress->setFormat(tr("not running"));
        m_rate->clear();
        return;
    }
    m_time->setText(tr("t = %1 / %2").arg(clockText(time, duration), clockText(duration, duration)));
    m_progress->setValue(duration > 0 ? int(std::lround(1000 * time / duration)) : 0);
    const char *state = "";
    switch (m_controller->state()) {
    case RunController::State::Running: state = QT_TR_NOOP("running"); break;
    case RunController::State::Paused: state = QT_TR_NOOP("paused"); break;
    case RunController::State::Finished: {
        // Stopped before the end: "27% finished" read as a run that completed.
        const auto &result = m_controller->result();
        const bool complete = result ? result->complete : time >= duration;
        state = complete ? QT_TR_NOOP("finished") : QT_TR_NOOP("stopped");
        break;
    }
    case RunController::State::Idle: break;
    }
    m_progress->setFormat(QStringLiteral("%p% ") + tr(state));
    const double seconds = m_controller->engineSeconds();
    if (seconds > 0 && m_controller->engineEvents() > 0)
        m_rate->setText(tr("%1 M events/s").arg(double(m_controller->engineEvents()) / seconds / 1e6, 0, 'f', 2));
}

} // namespace cqrs
