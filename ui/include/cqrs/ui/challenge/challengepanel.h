#pragma once

#include <cqrs/model/challenge.h>
#include <cqrs/sim/judge.h>

#include <QWidget>

#include <optional>
#include <string>
#include <vector>

class QBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QVBoxLayout;
class QTableWidget;
class QTextBrowser;
class QTimer;
class QGridLayout;

namespace cqrs {

class ChallengeSession;

/// A requirement's figure for people: seconds, percent or a count, by what
/// the metric measures ("0.42 s", "3.1%", "1,204"); "—" when absent.
QString formatRequirementValue(const std::string &metric, std::optional<double> value);
/// "≤ 1 s", "== 0".
QString formatTarget(const Requirement &requirement);

/// The challenge dock: the brief, the live checklist, Check my answer with
/// its progress and grid, hints, Give up, the debrief and the solution, and
/// in interview mode the clock with Pause and Finish Interview. A view of a
/// ChallengeSession: it asks for actions through signals.
class ChallengePanel final : public QWidget
{
    Q_OBJECT

public:
    explicit ChallengePanel(QWidget *parent = nullptr);

    /// Shows this session (nullptr: "no challenge open").
    void setSession(ChallengeSession *session);
    ChallengeSession *session() const { return m_session; }

    /// The live checklist: one outcome per requirement; `pending` ids are
    /// not known until the run ends. `final` marks the run's exact result;
    /// `time` is the moment it is at, said in the charts' unit of a run of
    /// `duration` seconds.
    void setChecklist(const std::vector<sim::RequirementOutcome> &outcomes, const std::vector<std::string> &pending,
                      const std::vector<std::string> &resolvedMetrics, bool final, double time,
                      double duration, const QString &runLabel = {});
    void clearChecklist();
    /// What the model on the canvas uses of the challenge's budget ("Budget:
    /// workers 3 of 4, consumers 5 of 4", and in red when over it); hidden
    /// for a challenge without one.
    void setBudgetUse(const BudgetUse &use);
    QLabel *budgetLabel() const { return m_budget; }
    /// "Budget: workers 3 of 4, consumers 5 of 4"; empty without a budget.
    static QString budgetText(const BudgetUse &use);
    /// The model changed after the run whose figures the checklist shows:
    /// the note says so and the figures are greyed until the next run.
    void setChecklistOutdated(bool outdated);
    bool checklistOutdated() const { return m_checklistOutdated; }
    /// The last check judged another version of the model (edited or undone
    /// since): says so above its score.
    void setLastCheckOutdated(bool outdated);
    QLabel *lastCheckNote() const { return m_lastCheckNote; }
    QLabel *checklistNote() const { return m_checklistNote; }

    QTextBrowser *brief() const { return m_brief; }
    QWidget *checklist() const { return m_checklist; }
    /// The checklist's rows (one per requirement): the figure shown ("≈ 1.2 s",
    /// "at the end", "—") and the state ("✓ met", "✗ not met", "…").
    int checklistCount() const { return int(m_rows.size()); }
    QString checklistValue(int row) const;
    QString checklistState(int row) const;
    QTableWidget *grid() const { return m_grid; }
    QLabel *scoreLabel() const { return m_score; }
    QLabel *clockLabel() const { return m_clock; }
    QProgressBar *progress() const { return m_progress; }
    QPushButton *checkButton() const { return m_checkButton; }
    QPushButton *chooseButton() const { return m_chooseButton; }
    QPushButton *hintButton() const { return m_hintButton; }
    QPushButton *giveUpButton() const { return m_giveUpButton; }
    QPushButton *solutionButton() const { return m_solutionButton; }
    QPushButton *compareSolutionButton() const { return m_compareSolutionButton; }
    QPushButton *pauseButton() const { return m_pauseButton; }
    QPushButton *finishButton() const { return m_finishButton; }
    QTextBrowser *hints() const { return m_hints; }
    QTextBrowser *debrief() const { return m_debrief; }

    /// Puts the clock's buttons and the check's buttons beside what comes
    /// before them when `width` (the room the dock gives) holds them, else
    /// under it, so that a narrow dock shows every button whole.
    void fitToWidth(int width);
    /// The width its rows of buttons take side by side.
    int widthSideBySide() const;

signals:
    void checkRequested();
    void cancelRequested();
    void hintRequested();
    void giveUpRequested();
    void solutionRequested();
    /// "Compare With the Solution": both run as judged, side by side in Compare.
    void compareSolutionRequested();
    void finishRequested();
    /// "Choose a Challenge...", shown while no challenge is open.
    void galleryRequested();
    /// The buttons' states or texts changed (the Challenge menu's copies follow them).
    void buttonsChanged();
    /// A failed cell of the grid (or checklist row) was clicked: show its chart.
    void chartRequested(const QString &requirementId, const QString &runId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();
    void refreshClock();
    void showVerdict(const sim::Verdict &verdict);
    void showHints();
    /// Scrolls the scroll area the panel is in (the challenge dock's) so
    /// that `widget` is in sight.
    void scrollIntoView(QWidget *widget);
    /// Shares the column among the brief, requirements, last check and hints.
    void balance();
    void showDebrief();

    ChallengeSession *m_session = nullptr;
    /// The rows fitToWidth() stacks: the clock with its buttons, Check My
    /// Answer with Hint and Give Up, and these two.
    QBoxLayout *m_clockLayout;
    QBoxLayout *m_buttonsLayout;
    QBoxLayout *m_moreButtonsLayout;
    QLabel *m_title;
    QLabel *m_meta;
    QLabel *m_budget;
    QWidget *m_clockRow;
    QLabel *m_clock;
    QPushButton *m_pauseButton;
    QTextBrowser *m_brief;
    QSplitter *m_splitter;
    /// The splitter's shares are balance()'s: a check or the hints set them
    /// and the user has not moved a handle since. A change of its height
    /// shares it again.
    bool m_balanced = false;
    int m_balancedHeight = -1; ///< the splitter's height when balance() last shared it
    QVBoxLayout *m_layout; ///< the panel's; its last item is the stretch that stands in for the splitter
    QLabel *m_checklistNote;
    struct ChecklistRow
    {
        QLabel *text = nullptr;
        QLabel *value = nullptr;
        QLabel *state = nullptr;
        QLabel *target = nullptr;
        QWidget *gap = nullptr;
        QString stateText;
        QString stateColor; ///< as met or not; grey while the model changed after the run
        bool stateLink = false;
        QString stateTip;
    };
    /// Draws the row's state as setRowState() last set it, greyed (and
    /// without its link) while the checklist is another model's.
    void drawRowState(ChecklistRow &row);
    /// tip: what a state without a link means (a link's tip says where it goes).
    void setRowState(ChecklistRow &row, const QString &text, const QString &color, bool link,
                     const QString &tip = QString());
    QWidget *m_checklist;
    QGridLayout *m_checklistGrid;
    std::vector<ChecklistRow> m_rows;
    QString m_checklistNoteText; ///< the note for the figures, without the outdated line
    bool m_checklistOutdated = false;
    /// The debrief was opened just now (a pass): the check's report that
    /// follows leaves it in sight.
    bool m_debriefJustShown = false;
    QPushButton *m_checkButton;
    QPushButton *m_chooseButton; ///< while no challenge is open, instead of the empty brief and checklist
    QPushButton *m_hintButton;
    QPushButton *m_giveUpButton;
    QProgressBar *m_progress;
    QPushButton *m_cancelButton;
    QLabel *m_score;
    QLabel *m_lastCheckNote = nullptr;
    QTableWidget *m_grid;
    QWidget *m_learnPage;
    QLabel *m_hintsTitle;
    QTextBrowser *m_hints;
    QLabel *m_debriefTitle;
    QTextBrowser *m_debrief;
    QPushButton *m_solutionButton;
    QPushButton *m_compareSolutionButton;
    QPushButton *m_finishButton;
    QTimer *m_tick;
};

} // namespace cqrs
