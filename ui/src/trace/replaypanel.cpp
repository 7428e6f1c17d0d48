#include "cqrs/ui/trace/replaypanel.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/run/presentation.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace cqrs {

namespace {

// Type sizes in pixels: the same on any screen; presenting for a projector.
constexpr int kClockPixels = 22;
constexpr int kClockPresentingPixels = 40;
constexpr int kTextPixels = 13;
constexpr int kTextPresentingPixels = 22;

} // namespace

ReplayPanel::ReplayPanel(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("replayPanel"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setAccessibleName(tr("Replay"));
    setAccessibleDescription(tr("Slow-motion replay of the traced command on the canvas: the simulated clock and "
                                "the controls. Esc stops the replay."));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(4);
    // The clock and the controls side by side; one above the other when presenting.
    m_head = new QBoxLayout(QBoxLayout::LeftToRight);
    m_head->setSpacing(8);
    m_clockRow = new QBoxLayout(QBoxLayout::LeftToRight);
    QBoxLayout *row = m_clockRow;
    row->setSpacing(8);
    m_clock = new QLabel;
    m_clock->setObjectName(QStringLiteral("replayClock"));
    m_clock->setAccessibleName(tr("Simulated time"));
    m_clock->setToolTip(tr("The simulated time of the replay"));
    row->addWidget(m_clock);
    m_since = new QLabel;
    m_since->setObjectName(QStringLiteral("replaySince"));
    m_since->setAccessibleName(tr("Time since the command was issued"));
    row->addWidget(m_since);
    row->addStretch(1);
    m_head->addLayout(row);
    row = new QHBoxLayout;
    row->setSpacing(8);
    m_controls = row;
    m_play = new QPushButton(tr("Pause"));
    m_play->setObjectName(QStringLiteral("replayPlay"));
    m_play->setToolTip(tr("Pause or go on with the replay"));
    m_play->setAccessibleDescription(m_play->toolTip());
    row->addWidget(m_play);
    m_restart = new QPushButton(tr("Restart"));
    m_restart->setObjectName(QStringLiteral("replayRestart"));
    m_restart->setToolTip(tr("Start the replay again from the moment the command was issued"));
    m_restart->setAccessibleDescription(m_restart->toolTip());
    row->addWidget(m_restart);
    m_slowdown = new QComboBox;
    m_slowdown->setObjectName(QStringLiteral("replaySlowdown"));
    m_slowdown->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (double s : slowdowns()) {
        if (s == 1)
            m_slowdown->addItem(tr("Real time"), s);
        else
            m_slowdown->addItem(tr("1 s takes %1 s").arg(QLocale().toString(s, 'f', 0)), s);
    }
    m_slowdown->setToolTip(tr("Slow motion: how many real seconds one simulated second takes (the holds at each "
                              "stage come on top)"));
    m_slowdown->setAccessibleName(tr("Slowdown"));
    m_slowdown->setAccessibleDescription(m_slowdown->toolTip());
    row->addWidget(m_slowdown);
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setObjectName(QStringLiteral("replayStop"));
    m_stop->setToolTip(tr("End the replay and take its tokens off the canvas (Esc)"));
    m_stop->setAccessibleDescription(m_stop->toolTip());
    row->addWidget(m_stop);
    row->addStretch(1);
    m_head->addLayout(row);
    layout->addLayout(m_head);
    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("replayCaption"));
    m_caption->setAccessibleName(tr("What happens now"));
    m_caption->setWordWrap(true);
    layout->addWidget(m_caption);
    applyFonts();

    for (QWidget *w : {static_cast<QWidget *>(m_play), static_cast<QWidget *>(m_restart),
                       static_cast<QWidget *>(m_slowdown), static_cast<QWidget *>(m_stop)})
        w->setFocusPolicy(Qt::NoFocus); // Space and the arrows stay with the canvas
    connect(m_play, &QPushButton::clicked, this, &ReplayPanel::playPauseClicked);
    connect(m_restart, &QPushButton::clicked, this, &ReplayPanel::restartClicked);
    connect(m_stop, &QPushButton::clicked, this, &ReplayPanel::stopClicked);
    connect(m_slowdown, &QComboBox::activated, this,
            [this](int index) { emit slowdownChosen(m_slowdown->itemData(index).toDouble()); });
}

const std::vector<double> &ReplayPanel::slowdowns()
{
    static const std::vector<double> values = {1, 3, 10, 30, 100, 300, 1000};
    return values;
}

void ReplayPanel::setClock(double simulated, double sinceIssue)
{
    m_clock->setText(tr("%1 s").arg(QLocale().toString(simulated, 'f', 3)));
    m_since->setText(tr("+%1 since the command was issued").arg(sinceIssue > 0 ? formatSeconds(sinceIssue) : tr("0 s")));
}

void ReplayPanel::setCaption(const QString &caption)
{
    m_caption->setText(caption);
}

void ReplayPanel::setPlaying(bool playing, bool finished)
{
    m_play->setText(playing ? tr("Pause") : finished ? tr("Play Again") : tr("Play"));
}

void ReplayPanel::setSlowdown(double slowdown)
{
    const int index = m_slowdown->findData(slowdown);
    if (index >= 0)
        m_slowdown->setCurrentIndex(index);
}

void ReplayPanel::setPresenting(bool presenting, double scale)
{
    if (presenting == m_presenting && scale == m_presentingScale)
        return;
    m_presenting = presenting;
    m_presentingScale = scale;
    applyFonts();
}

void ReplayPanel::applyFonts()
{
    QFont text = font();
    const auto presenting = [this](int pixels, int normal) {
        return std::max(normal, PresentationMode::scaledPixels(pixels, m_presentingScale));
    };
    text.setPixelSize(m_presenting ? presenting(kTextPresentingPixels, kTextPixels) : kTextPixels);
    for (QWidget *w : findChildren<QWidget *>())
        w->setFont(text);
    QFont clock = text;
    clock.setPixelSize(m_presenting ? presenting(kClockPresentingPixels, kClockPixels) : kClockPixels);
    clock.setBold(true);
    clock.setStyleHint(QFont::Monospace);
    clock.setFamily(QStringLiteral("monospace"));
    m_clock->setFont(clock);
    // Room for the widest times, so that the buttons beside them stay where
    // they are while the clock runs (they moved by a few pixels at each tick).
    int since = 0;
    for (const char *sample : {"888 ms", "8.88 ms", "88.8 ms", "8.88 s", "888 µs", "88.8 min", "88.8 h"})
        since = std::max(since, m_since->fontMetrics().horizontalAdvance(
                                    tr("+%1 since the command was issued").arg(QString::fromUtf8(sample))));
    m_since->setMinimumWidth(since);
    m_clock->setMinimumWidth(m_clock->fontMetrics().horizontalAdvance(tr("%1 s").arg(QStringLiteral("88,888.888"))));
    m_head->setDirection(m_presenting ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    m_caption->setMaximumWidth(m_presenting ? 900 : 640);
    fitContents();
}

void ReplayPanel::setAvailableWidth(int width)
{
    // The controls under the clock, and the time since the issue under the
    // clock, where they do not fit side by side (a canvas between docks).
    const QMargins margins = layout()->contentsMargins();
    const int sides = margins.left() + margins.right() + 2 * frameWidth();
    const int clockRow = m_clock->minimumWidth() + m_clockRow->spacing() + m_since->minimumWidth();
    const int head = clockRow + m_head->spacing() + m_controls->sizeHint().width();
    m_head->setDirection(m_presenting || head + sides > width ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    m_clockRow->setDirection(clockRow + sides > width ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    layout()->activate();
    setMaximumWidth(std::max(width, minimumSizeHint().width()));
}

void ReplayPanel::fitContents()
{
    // Activating first re-reads the nested rows' size hints (adjustSize alone keeps stale ones).
    layout()->activate();
    adjustSize();
}

QString ReplayPanel::clockText() const
{
    return m_clock->text();
}

QString ReplayPanel::captionText() const
{
    return m_caption->text();
}

} // namespace cqrs
