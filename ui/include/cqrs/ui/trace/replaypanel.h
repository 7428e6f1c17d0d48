#pragma once

#include <QFrame>

#include <vector>

class QBoxLayout;
class QComboBox;
class QLabel;
class QPushButton;

namespace cqrs {

/// The replay's clock and controls, floating in the canvas's top left
/// corner: the simulated time, the time since the command was issued, what
/// happens at the current stage, play/pause, restart, the slowdown and stop.
class ReplayPanel final : public QFrame
{
    Q_OBJECT

public:
    explicit ReplayPanel(QWidget *parent = nullptr);

    /// The slowdowns offered: simulated seconds take this many real seconds.
    static const std::vector<double> &slowdowns();

    void setClock(double simulated, double sinceIssue);
    void setCaption(const QString &caption);
    void setPlaying(bool playing, bool finished);
    void setSlowdown(double slowdown);
    /// Resizes to what the texts need now.
    void fitContents();
    /// No wider than `width` (the canvas's, less margins) where the panel's
    /// parts allow: the time since the issue goes under the clock then.
    void setAvailableWidth(int width);
    /// Bigger type for a projector (`scale` as PresentationMode::textScale()).
    void setPresenting(bool presenting, double scale = 1.0);

    QString clockText() const;
    QString captionText() const;
    QLabel *clockLabel() const { return m_clock; }
    QPushButton *playButton() const { return m_play; }
    QPushButton *stopButton() const { return m_stop; }
    QComboBox *slowdownBox() const { return m_slowdown; }

signals:
    void playPauseClicked();
    void restartClicked();
    void slowdownChosen(double slowdown);
    void stopClicked();

private:
    void applyFonts();

    QBoxLayout *m_head;
    QBoxLayout *m_clockRow; ///< the clock and the time since the issue
    QBoxLayout *m_controls; ///< the buttons and the slowdown
    QLabel *m_clock;
    QLabel *m_since;
    QLabel *m_caption;
    QPushButton *m_play;
    QPushButton *m_restart;
    QComboBox *m_slowdown;
    QPushButton *m_stop;
    bool m_presenting = false;
    double m_presentingScale = 1.0;
};

} // namespace cqrs
