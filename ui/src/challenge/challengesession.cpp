#include "cqrs/ui/challenge/challengesession.h"

#include "cqrs/ui/challenge/challengecatalog.h"

#include <cqrs/history/runstore.h>
#include <cqrs/history/series.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/simulation.h>

#include <QCoreApplication>
#include <QFile>
#include <QPointer>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace cqrs {

ChallengeSession::ChallengeSession(Challenge challenge, QString path, bool interview, QObject *parent)
    : QObject(parent)
    , m_challenge(std::move(challenge))
    , m_path(std::move(path))
    , m_interview(interview)
    , m_historyPath(challengeHistoryPath())
{
    qRegisterMetaType<cqrs::sim::Verdict>();
    m_clock.start();
}

ChallengeSession::~ChallengeSession()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
    }
}

bool ChallengeSession::revealHint()
{
    if (m_hintsShown >= hintCount())
        return false;
    emit hintRevealed(m_hintsShown++);
    return true;
}

int ChallengeSession::scoreAfterHints(int judged, int hints)
{
    return std::max(0, judged - kHintCost * std::max(0, hints));
}

std::optional<int> ChallengeSession::score() const
{
    if (!m_verdict || m_verdict->status == sim::VerdictStatus::Cancelled)
        return std::nullopt;
    // The hints shown when the check was made: a hint after it costs the
    // next check, not the one recorded in the run history already.
    return scoreAfterHints(m_verdict->status == sim::VerdictStatus::Judged ? m_verdict->score : 0, m_hintsAtCheck);
}

bool ChallengeSession::startCheck(const Model &answer)
{
    if (m_thread)
        return false;
    m_checkStartedAfterGivingUp = m_gaveUp;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto verdict = std::make_shared<sim::Verdict>();
    const Json document = modelToJson(answer);
    const Challenge challenge = m_challenge;
    QPointer<ChallengeSession> self(this);
    sim::JudgeOptions options;
    options.jobs = std::max(1, QThread::idealThreadCount());
    options.cancel = m_cancel.get();
    // The as-given run goes into the run history with its figures and
    // charts, so that opening the attempt there shows how the answer did.
    options.keepAsGiven = !m_historyPath.isEmpty();
    options.seriesMaxPoints = history::kMaxSeriesPoints;
    options.progress = [self](int done, int total) {
        // From a worker thread: hand it to the session's thread.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, done, total] {
                if (self)
                    emit self->checkProgress(done, total);
            },
            Qt::QueuedConnection);
    };
    auto cancel = m_cancel; // keeps the flag alive as long as the thread runs
    m_thread = QThread::create([verdict, challenge, document, options, cancel] {
        *verdict = sim::judgeAnswer(challenge, document, options);
    });
    m_thread->setObjectName(QStringLiteral("challengeCheck"));
    connect(m_thread, &QThread::finished, this, [this, verdict, answer] {
        m_thread->deleteLater(); // it has finished; not deleted inside its own signal
        m_thread = nullptr;
        onJudged(*verdict, answer);
    });
    m_thread->start();
    emit checkStarted();
    return true;
}

void ChallengeSession::cancelCheck()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ChallengeSession::onJudged(const sim::Verdict &verdict, const Model &answer)
{
    if (verdict.status != sim::VerdictStatus::Cancelled) {
        ++m_checks;
        m_verdict = verdict;
        m_hintsAtCheck = m_hintsShown;
        m_judgedAnswer = answer;
        // As the check began: one under way when the user gave up counts.
        m_checkAfterGivingUp = m_checkStartedAfterGivingUp;
        if (!m_checkAfterGivingUp)
            m_best = std::max(m_best.value_or(0), *score());
        record(verdict, answer);
        if (verdict.passed() && !m_passed && !m_checkAfterGivingUp) {
            m_passed = true;
            emit solutionAvailable();
        }
    }
    emit checkFinished(verdict);
}

void ChallengeSession::record(const sim::Verdict &verdict, const Model &answer)
{
    if (m_historyPath.isEmpty() || m_storeFailed)
        return;
    // Nothing ran: a row would hold a model that cannot be read again and no
    // result, a "finished" run with nothing to open.
    if (verdict.status == sim::VerdictStatus::InvalidAnswer) {
        emit message(tr("Check %1 is not recorded in the run history: the answer cannot be judged, "
                        "so nothing ran.")
                         .arg(m_checks));
        return;
    }
    std::string error;
    if (!m_store) {
        m_store = history::RunStore::open(QFile::encodeName(m_historyPath).toStdString(), &error);
        if (!m_store) {
            m_storeFailed = true;
            emit message(tr("This attempt is not recorded: %1").arg(QString::fromStdString(error)));
            return;
        }
    }
    const int after = *score();
    history::RunStart start;
    const QString title = QString::fromStdString(m_challenge.title).left(120);
    start.name = (m_checkAfterGivingUp ? tr("%1: check %2 after giving up, %3/100 (not counted)")
                           : tr("%1: check %2, %3/100"))
                     .arg(title)
                     .arg(m_checks)
                     .arg(after)
                     .toStdString();
    // The model as the judge ran it as given (the challenge's workload and
    // seed): opening the attempt from the history reruns exactly that.
    const Model &asRun = verdict.asGivenModel ? *verdict.asGivenModel : answer;
    start.modelName = asRun.name;
    start.modelJson = serializeModel(asRun);
    start.seed = verdict.seed;
    start.appVersion = QCoreApplication::applicationVersion().toStdString();
    start.challengeId = m_challenge.id;
    const qint64 id = m_store->beginRun(start, &error);
    if (id == 0) {
        emit message(tr("This attempt is not recorded: %1").arg(QString::fromStdString(error)));
        return;
    }
    history::RunEnd end;
    end.status = history::RunStatus::Finished;
    if (!m_checkAfterGivingUp) // after the solution was seen, no score: the gallery's best leaves it out
        end.challengeScore = after;
    if (verdict.asGivenResult && verdict.asGivenResult->is_object()) {
        Json result;
        end.series = history::seriesTextOf(*verdict.asGivenResult, &result);
        end.result = sim::formatResult(result);
    }
    m_store->finishRun(id, end, &error);
    // What the score does not say: hints, time, mode, and the judge's own figure.
    std::vector<std::string> tags = {"challenge",
                                     "hints:" + std::to_string(m_hintsShown),
                                     "time:" + std::to_string(int(std::lround(elapsedSeconds()))) + "s",
                                     "judged:" + std::to_string(verdict.status == sim::VerdictStatus::Judged ? verdict.score : 0),
                                     challengeRulesTag(m_challenge)};
    if (m_checkAfterGivingUp)
        tags.push_back("gave-up");
    if (m_interview)
        tags.push_back("interview");
    if (!m_pauses.empty())
        tags.push_back("pauses:" + std::to_string(m_pauses.size()));
    m_store->setTags(id, tags, &error);
    m_lastRun = id;
    emit recorded(id);
    emit message(m_checkAfterGivingUp ? tr("Check %1 recorded in the run history; made after giving up, it counts toward no "
                               "score.")
                                .arg(m_checks)
                          : tr("Check %1 recorded in the run history (score %2).").arg(m_checks).arg(after));
}

void ChallengeSession::giveUp()
{
    if (m_gaveUp)
        return;
    m_gaveUp = true;
    if (!m_passed)
        emit solutionAvailable();
}

double ChallengeSession::elapsedSeconds() const
{
    if (m_finished)
        return m_finishedAt;
    if (m_paused)
        return m_pauses.back().at; // the clock stands still
    return std::max(0.0, m_clock.elapsed() / 1000.0 - m_pausedSeconds);
}

double ChallengeSession::limitSeconds() const
{
    return m_challenge.minutes ? *m_challenge.minutes * 60.0 : 0.0;
}

void ChallengeSession::pause()
{
    if (m_paused || m_finished)
        return;
    m_pauses.push_back({elapsedSeconds(), 0});
    m_pauseClock.start();
    m_paused = true;
    emit pausedChanged(true);
}

void ChallengeSession::resume()
{
    if (!m_paused)
        return;
    const double duration = m_pauseClock.elapsed() / 1000.0;
    m_pausedSeconds += duration;
    m_pauses.back().duration = duration;
    m_paused = false;
    emit pausedChanged(false);
}

void ChallengeSession::finish()
{
    if (m_finished)
        return;
    resume();
    m_finishedAt = elapsedSeconds();
    m_finished = true;
    emit finished();
}

QString formatClock(double seconds)
{
    const qint64 total = std::max<qint64>(0, qint64(std::floor(seconds)));
    const qint64 h = total / 3600, m = (total / 60) % 60, s = total % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

} // namespace cqrs
