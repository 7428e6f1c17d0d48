#pragma once

#include <QObject>
#include <QString>
#include <optional>

class QAction;

namespace cqrs {

class HistoryUi;
class MainWindow;
class SweepRunner;
class SweepView;
struct Model;
struct SweepRequest;

/// Sweeps in a main window, in one object: Sweep… from the inspector (the
/// dialog), the runs in the background with their trade-off chart, and
/// "Open Sweep" on a sweep point in the Run History dock, which rebuilds the
/// chart from the recorded runs. Clicking a point opens its run through the
/// history (HistoryUi::openRun).
class SweepUi final : public QObject
{
    Q_OBJECT

public:
    SweepUi(MainWindow *window, HistoryUi *history);
    ~SweepUi() override;

    /// Asks for the sweep of `path` in the document's model (the dialog), then runs it.
    void openDialog(const QString &path);
    /// Runs a sweep of the model and shows its chart; false (and a message)
    /// when the points cannot run or a sweep is still going.
    bool start(const Model &model, const SweepRequest &request);
    /// Rebuilds a recorded sweep's chart from the history (sweepOpened()).
    void openSweep(qint64 sweepId);
    SweepRunner *runner() const { return m_runner; }
    QAction *openSweepAction() const { return m_openSweep; }
    /// Run > Sweep…: the dialog for the Inspector's number field that has
    /// the focus, else a selected read model's consumers, else the command rate.
    QAction *sweepAction() const { return m_sweep; }
    QString suggestedPath() const;

signals:
    void dialogOpened(QWidget *dialog);
    void sweepOpened(cqrs::SweepView *view);

private:
    std::optional<qint64> selectedSweep() const;
    void showMessage(const QString &text, int milliseconds = 8000);

    MainWindow *m_window;
    HistoryUi *m_history;
    SweepRunner *m_runner = nullptr;
    QAction *m_openSweep = nullptr;
    QAction *m_sweep = nullptr;
};

} // namespace cqrs
