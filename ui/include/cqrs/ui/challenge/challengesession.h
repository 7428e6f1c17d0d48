#pragma once

#include <cqrs/model/challenge.h>
#include <cqrs/sim/judge.h>

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace cqrs {

namespace history {
class RunStore;
}

/// One attempt at a challenge, without widgets: the hints shown, the checks
/// made (judged on a worker thread by cqrs::sim::judgeAnswer, never here),
/// the score, whether the solution may be seen, and in interview mode the
/// clock and its pauses. Every finished check is recorded in the run history.
class ChallengeSession final : public QObject
{
    Q_OBJECT

public:
    /// What one hint costs (DESIGN section 8: the application subtracts it).
    static constexpr int kHintCost = 10;

    /// An interruption of the clock: when (active seconds into the attempt)
    /// and for how long (wall seconds).
    struct Pause
    {
        double at = 0;
        double duration = 0;
    };

    ChallengeSession(Challenge challenge, QString path, bool interview, QObject *parent = nullptr);
    ~ChallengeSession() override;

    const Challenge &challenge() const { return m_challenge; }
    QString path() const { return m_path; }
    bool isInterview() const { return m_interview; }

    // Hints
    int hintsShown() const { return m_hintsShown; }
    int hintCount() const { return int(m_challenge.hints.size()); }
    /// Shows the next hint; false when every hint is shown.
    bool revealHint();

    // Checks
    /// Judges `answer` in the background with every core (progress, then
    /// checkFinished()). False when a check is already running.
    bool startCheck(const Model &answer);
    void cancelCheck();
    bool isChecking() const { return m_thread != nullptr; }
    int checkCount() const { return m_checks; }
    const std::optional<sim::Verdict> &lastVerdict() const { return m_verdict; }
    /// The answer the last verdict judged, as the editor had it.
    const std::optional<Model> &judgedAnswer() const { return m_judgedAnswer; }
    /// The hints shown when the last verdict came: what its score paid.
    int hintsAtCheck() const { return m_hintsAtCheck; }
    /// The last check's score after hints; nothing before a judged check.
    std::optional<int> score() const;
    /// A judged score less kHintCost per hint, never below 0.
    static int scoreAfterHints(int judged, int hints);
    /// The best score after hints over this attempt's checks.
    std::optional<int> bestScore() const { return m_best; }
    /// Whether the last check began after Give Up: judged and recorded, but
    /// with the solution seen it counts toward no score (the best, the
    /// gallery's), and it is no pass.
    bool lastCheckAfterGivingUp() const { return m_checkAfterGivingUp; }

    // Solution and debrief: after a pass (a judged 100) or on giving up.
    bool hasPassed() const { return m_passed; }
    bool hasGivenUp() const { return m_gaveUp; }
    bool solutionUnlocked() const { return m_passed || m_gaveUp; }
    void giveUp();

    // Clock (running in every mode; shown and limited in interview mode)
    /// Active seconds since the start, pauses excluded.
    double elapsedSeconds() const;
    /// The challenge's suggested minutes in seconds; 0 when it has none.
    double limitSeconds() const;
    bool isPaused() const { return m_paused; }
    void pause();
    void resume();
    const std::vector<Pause> &pauses() const { return m_pauses; }
    /// Stops the clock for good (Finish Interview).
    void finish();
    bool isFinished() const { return m_finished; }

    /// The history file checks are recorded into (default: CQRS_STUDIO_DB, else the default file).
    void setHistoryPath(const QString &path) { m_historyPath = path; }
    QString historyPath() const { return m_historyPath; }
    /// The id of the last attempt recorded, 0 when none.
    qint64 lastRecordedRun() const { return m_lastRun; }

signals:
    void checkStarted();
    void checkProgress(int done, int total);
    void checkFinished(const cqrs::sim::Verdict &verdict);
    void hintRevealed(int index);
    void solutionAvailable();
    void pausedChanged(bool paused);
    /// finish() stopped the clock.
    void finished();
    /// For the status bar (a recorded attempt, a history that cannot be written).
    void message(const QString &text);
    /// A check was recorded in the run history as run `id`.
    void recorded(qint64 id);

private:
    void onJudged(const sim::Verdict &verdict, const Model &answer);
    void record(const sim::Verdict &verdict, const Model &answer);

    Challenge m_challenge;
    QString m_path;
    bool m_interview = false;
    int m_hintsShown = 0;
    int m_checks = 0;
    std::optional<sim::Verdict> m_verdict;
    std::optional<Model> m_judgedAnswer;
    int m_hintsAtCheck = 0; ///< hints shown when the last verdict came
    std::optional<int> m_best;
    bool m_checkAfterGivingUp = false;
    bool m_checkStartedAfterGivingUp = false;
    bool m_passed = false;
    bool m_gaveUp = false;

    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;

    QElapsedTimer m_clock;        ///< wall time since the start
    QElapsedTimer m_pauseClock;   ///< wall time of the current pause
    double m_pausedSeconds = 0;   ///< finished pauses, wall seconds
    std::vector<Pause> m_pauses;
    bool m_paused = false;
    bool m_finished = false;
    double m_finishedAt = 0;

    QString m_historyPath;
    std::unique_ptr<history::RunStore> m_store;
    bool m_storeFailed = false;
    qint64 m_lastRun = 0;
};

/// "12:05" (minutes and seconds), "1:02:03" past an hour.
QString formatClock(double seconds);

} // namespace cqrs

Q_DECLARE_METATYPE(cqrs::sim::Verdict)
