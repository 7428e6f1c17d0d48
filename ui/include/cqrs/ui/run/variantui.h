#pragma once

#include <cqrs/model/model.h>

#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QListWidget;
class QPushButton;

namespace cqrs {

class Document;
class HistoryRecorder;
class HistoryUi;
class Inspector;
class MainWindow;
class RunController;
class RunUi;
struct ChangeEvent;

/// Live A/B, "Run > Run with a Variant" (Ctrl+Shift+B): the model is
/// duplicated as variant B, a document of its own (with its own undo) edited
/// in the "Variant B" dock beside the Inspector, which follows the canvas's
/// selection and lists what B changes. While A/B is on, every run of the
/// model (A) starts B too, with A's seed (common random numbers) and at the
/// same speed; Pause, Step, Stop, Reset and the speed act on both (a second
/// RunController following the first), B's lines are drawn over A's on the
/// live charts, and both runs are recorded in the history, from where
/// "Compare A and B" opens them side by side. Choosing the action again
/// leaves A/B: the next run is a single run again.
class VariantUi final : public QObject
{
    Q_OBJECT

public:
    VariantUi(MainWindow *window, RunUi *runUi, HistoryUi *history);
    ~VariantUi() override;

    /// Run > Run with a Variant (checkable: checked while A/B is on).
    QAction *action() const { return m_action; }
    bool isActive() const { return m_variant != nullptr; }
    /// Duplicates the document's model as B and shows B's dock.
    void enter();
    /// Back to single runs: B's run stops, its lines leave the charts, its dock closes.
    void leave();
    /// Leaving as the user asks for it (the action, Leave A/B, closing B's
    /// dock): when B's own edits change anything, asks whether to apply them
    /// to the model (one undoable step, as a suggestion to try is applied:
    /// edits of the model meanwhile stay), discard them, or stay. False when
    /// A/B stays on.
    bool requestLeave();
    /// Before another model replaces A (or the window closes): asks about
    /// B's own edits as requestLeave() does; without any, A/B stays on
    /// (the replacement, if it happens, ends it; a cancel later keeps it).
    bool askAboutOwnChanges();

    /// B's document, its inspector, dock and run controller (nullptr when A/B is off).
    Document *variant() const { return m_variant; }
    Inspector *inspector() const { return m_inspector; }
    QDockWidget *dock() const { return m_dock; }
    RunController *controller() const { return m_controller; }
    /// What B changes, one "path: B's value (A: A's value)" per parameter.
    QStringList differences() const;
    /// The history ids of the last A and B runs (0 until they are recorded).
    qint64 lastRunA() const { return m_runA; }
    qint64 lastRunB() const { return m_runB; }
    /// Opens the last A and B runs in Compare; false when they are not both recorded yet.
    bool compareRuns();

signals:
    void activeChanged(bool active);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Difference
    {
        std::string path;
        QString a, b;
    };
    std::vector<Difference> computeDifferences() const;
    /// B's own edits: (path, B's value as JSON text) against the copy it began as.
    std::vector<std::pair<std::string, std::optional<std::string>>> ownChanges() const;
    void updateDifferences();
    void followSelection();
    void updateCompare();
    QString differencesHtml() const;
    /// B as it runs beside `a`: A's seed, so the runs differ by B's changes only.
    Model variantOf(const Model &a) const;

    MainWindow *m_window;
    RunUi *m_runUi;
    HistoryUi *m_history;
    QAction *m_action;
    RunController *m_controller;
    HistoryRecorder *m_recorder = nullptr;
    Document *m_variant = nullptr;
    Model m_start; ///< B as it began (A's model then): what B's own edits are measured from
    Inspector *m_inspector = nullptr;
    QDockWidget *m_dock = nullptr;
    QListWidget *m_list = nullptr;
    QPushButton *m_compare = nullptr;
    QString m_inspectorTitle;
    qint64 m_runA = 0;
    qint64 m_runB = 0;
    bool m_endedA = false;
    bool m_endedB = false;
};

} // namespace cqrs
