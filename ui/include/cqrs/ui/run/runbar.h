#pragma once

#include "cqrs/ui/run/runcontroller.h"

#include <cqrs/model/model.h>

#include <QToolBar>

#include <functional>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;

namespace cqrs {

/// The run toolbar: Run/Continue (F5), Pause (F6), Step one sample interval
/// (F10), Stop (Shift+F5), Reset (Ctrl+F5), the speed, the simulated time
/// and a progress bar to the run's duration.
class RunBar final : public QToolBar
{
    Q_OBJECT

public:
    /// modelSource gives the model to start a run with (nothing: do not start).
    RunBar(RunController *controller, std::function<std::optional<Model>()> modelSource,
           QWidget *parent = nullptr);

    QAction *runAction() const { return m_run; }
    QAction *pauseAction() const { return m_pause; }
    QAction *stepAction() const { return m_step; }
    QAction *stopAction() const { return m_stop; }
    QAction *resetAction() const { return m_reset; }
    QComboBox *speedBox() const { return m_speed; }
    QString timeText() const;
    /// The width the bar needs to show its controls up to the run's clock
    /// and progress.
    int widthThroughProgress() const;

    /// Run (fresh) or continue, as F5 does.
    void runOrContinue();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateState();
    void updateTime();
    void stepOrStart();

    RunController *m_controller;
    std::function<std::optional<Model>()> m_modelSource;
    QAction *m_run, *m_pause, *m_step, *m_stop, *m_reset;
    QComboBox *m_speed;
    QLabel *m_time = nullptr;
    QProgressBar *m_progress;
    QLabel *m_rate;
};

} // namespace cqrs
