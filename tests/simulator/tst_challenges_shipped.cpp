// The shipped challenges (resources/challenges, DESIGN section 8) stay
// honest: each loads without errors, is complete (brief, at least two
// stresses, exactly three hints, debrief, solution), its solution scores 100
// and its unchanged start scores below 100, and the ids are unique and match
// the file names. The files are found at run time, so a new challenge is
// tested without touching this file.
#include "testmodels.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QThread>
#include <QtTest>
#include <algorithm>
#include <cqrs/model/challenge.h>
#include <cqrs/sim/judge.h>

using namespace cqrs;
using cqrs::testing::describe;

namespace {

const QString kChallengeDir = QStringLiteral(CQRS_SOURCE_DIR "/resources/challenges");
const char *const kSuffix = ".challenge.json";
constexpr int kMinimumShipped = 10;

QStringList challengeFiles()
{
    return QDir(kChallengeDir)
        .entryList({QStringLiteral("*.challenge.json")}, QDir::Files, QDir::Name);
}

Challenge load(const QString &file)
{
    ChallengeLoadResult loaded
        = loadChallengeFile(QDir(kChallengeDir).filePath(file).toStdString());
    if (!loaded.challenge)
        qFatal("%s does not load:\n%s", qPrintable(file), qPrintable(describe(loaded.diagnostics)));
    return std::move(*loaded.challenge);
}

sim::JudgeOptions judgeOptions()
{
    sim::JudgeOptions options;
    options.jobs = std::max(2, QThread::idealThreadCount());
    return options;
}

/// Every requirement x run that is not met, with its value, for failure messages.
QString unmet(const sim::Verdict &verdict)
{
    QString text;
    for (const sim::RunVerdict &run : verdict.runs) {
        if (!run.error.empty())
            text += QStringLiteral("  %1: %2\n")
                        .arg(QString::fromStdString(run.id), QString::fromStdString(run.error));
        for (const sim::RequirementOutcome &r : run.requirements) {
            if (r.met)
                continue;
            text += QStringLiteral("  %1 / %2 = %3\n")
                        .arg(QString::fromStdString(run.id), QString::fromStdString(r.id),
                             r.value ? QString::number(*r.value) : QStringLiteral("(absent)"));
        }
    }
    if (!verdict.withinBudget)
        text += QStringLiteral("  over budget: workers %1, consumers %2\n")
                    .arg(verdict.budget.workers)
                    .arg(verdict.budget.consumers);
    text += describe(verdict.diagnostics);
    return text;
}

} // namespace

class TestChallengesShipped : public QObject
{
    Q_OBJECT

private slots:
    void enoughChallenges();
    void complete_data();
    void complete();
    void idsAreUnique();
    void everyLevelIsCovered();
    void solutionScores100_data();
    void solutionScores100();
    void startScoresBelow100_data();
    void startScoresBelow100();
    void switchedOffPoliciesDoNotPass_data();
    void switchedOffPoliciesDoNotPass();
    void asGivenRunIsKeptForTheHistory();

private:
    void addFileRows();
};

void TestChallengesShipped::addFileRows()
{
    QTest::addColumn<QString>("file");
    const QStringList files = challengeFiles();
    QVERIFY2(files.size() >= kMinimumShipped,
             qPrintable(QStringLiteral("%1 holds %2 challenges; at least %3 are shipped")
                            .arg(kChallengeDir)
                            .arg(files.size())
                            .arg(kMinimumShipped)));
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void TestChallengesShipped::enoughChallenges()
{
    QVERIFY2(challengeFiles().size() >= kMinimumShipped, qPrintable(kChallengeDir));
}

void TestChallengesShipped::complete_data()
{
    addFileRows();
}

void TestChallengesShipped::complete()
{
    QFETCH(QString, file);
    const ChallengeLoadResult loaded
        = loadChallengeFile(QDir(kChallengeDir).filePath(file).toStdString());
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    QVERIFY2(!hasErrors(loaded.diagnostics), qPrintable(describe(loaded.diagnostics)));
    const Challenge &c = *loaded.challenge;

    const QString stem = file.chopped(int(qstrlen(kSuffix)));
    QCOMPARE(QString::fromStdString(c.id), stem);
    QVERIFY2(!c.title.empty(), "title");
    QVERIFY2(c.minutes.has_value(), "minutes");
    QVERIFY2(c.seed.has_value(), "seed");
    QVERIFY2(QString::fromStdString(c.brief).trimmed().size() > 200,
             "the brief states the situation, the numbers and what is asked");
    QVERIFY2(QString::fromStdString(c.debrief).trimmed().size() > 200,
             "the debrief explains the trade-offs");
    QVERIFY2(c.stresses.size() >= 2, "at least two stresses");
    QCOMPARE(c.hints.size(), std::size_t(3));
    for (const std::string &hint : c.hints)
        QVERIFY2(!QString::fromStdString(hint).trimmed().isEmpty(), "an empty hint");
    QVERIFY2(!c.requirements.empty(), "requirements");
    QVERIFY2(c.hasBudget && (c.budget.workers || c.budget.consumers), "a budget");
    QVERIFY2(!c.fixed.empty(), "fixed parts");
    QVERIFY2(c.workloadFixed(), "the challenge's workload is the one judged");
    QVERIFY2(c.solution.has_value() && c.solutionDocument.has_value(), "a solution");
    // The brief states every target: each requirement's text is a sentence for people.
    for (const Requirement &r : c.requirements)
        QVERIFY2(!r.text.empty(), r.id.c_str());
    for (const Stress &s : c.stresses)
        QVERIFY2(!s.text.empty(), s.id.c_str());
}

void TestChallengesShipped::idsAreUnique()
{
    QSet<QString> ids;
    for (const QString &file : challengeFiles()) {
        const QString id = QString::fromStdString(load(file).id);
        QVERIFY2(!ids.contains(id),
                 qPrintable(QStringLiteral("%1: id %2 is used twice").arg(file, id)));
        ids.insert(id);
    }
    QVERIFY(ids.size() >= kMinimumShipped);
}

void TestChallengesShipped::everyLevelIsCovered()
{
    QSet<QString> levels;
    for (const QString &file : challengeFiles())
        levels.insert(QString::fromStdString(load(file).level));
    for (const char *level : kChallengeLevels)
        QVERIFY2(levels.contains(QLatin1String(level)), level);
}

void TestChallengesShipped::solutionScores100_data()
{
    addFileRows();
}

void TestChallengesShipped::solutionScores100()
{
    QFETCH(QString, file);
    const Challenge c = load(file);
    QVERIFY(c.solutionDocument);
    QElapsedTimer timer;
    timer.start();
    const sim::Verdict verdict = sim::judgeAnswer(c, *c.solutionDocument, judgeOptions());
    const qint64 ms = timer.elapsed();
    QCOMPARE(verdict.status, sim::VerdictStatus::Judged);
    QCOMPARE(verdict.runs.size(), c.stresses.size() + 1);
    QVERIFY2(verdict.withinBudget, qPrintable(unmet(verdict)));
    QVERIFY2(verdict.passed(),
             qPrintable(QStringLiteral("score %1:\n%2").arg(verdict.score).arg(unmet(verdict))));
    qInfo("%s: solution 100 in %lld ms", qPrintable(file), static_cast<long long>(ms));
    // A guard against a challenge that accidentally simulates for minutes
    // (they take well under 2 s each on an idle machine).
    QVERIFY2(ms < 20000, qPrintable(QStringLiteral("judging the solution took %1 ms").arg(ms)));
}

void TestChallengesShipped::startScoresBelow100_data()
{
    addFileRows();
}

void TestChallengesShipped::startScoresBelow100()
{
    QFETCH(QString, file);
    const Challenge c = load(file);
    const sim::Verdict verdict = sim::judgeAnswer(c, c.startDocument, judgeOptions());
    // The start is a valid answer that keeps every fixed part...
    QVERIFY2(verdict.status == sim::VerdictStatus::Judged,
             qPrintable(describe(verdict.diagnostics)));
    QVERIFY2(verdict.withinBudget,
             "the start is within budget: it fails on its figures, not on its cost");
    // ...and a challenge must be a challenge.
    QVERIFY2(verdict.score < 100,
             qPrintable(QStringLiteral("the unchanged start scores %1").arg(verdict.score)));
    qInfo("%s: start %d", qPrintable(file), verdict.score);
}

void TestChallengesShipped::switchedOffPoliciesDoNotPass_data()
{
    addFileRows();
}

// A fixed policy must stay fixed in effect: the reference answer with every
// policy's probability at 0 (it never reacts) must not pass. In
// exactly-once it did: no card charged at all meant none charged twice.
void TestChallengesShipped::switchedOffPoliciesDoNotPass()
{
    QFETCH(QString, file);
    const Challenge c = load(file);
    QVERIFY(c.solutionDocument);
    Json answer = *c.solutionDocument;
    if (!answer.contains("policies") || !answer["policies"].is_array()
        || answer["policies"].empty())
        QSKIP("no policy in the reference answer");
    for (Json &policy : answer["policies"])
        policy["probability"] = 0;
    const sim::Verdict verdict = sim::judgeAnswer(c, answer, judgeOptions());
    QCOMPARE(verdict.status, sim::VerdictStatus::Judged);
    QVERIFY2(!verdict.passed(),
             qPrintable(QStringLiteral("policies switched off score %1").arg(verdict.score)));
}

QTEST_GUILESS_MAIN(TestChallengesShipped)
// The run history keeps a check's as-given run (the application's Check My
// Answer): the judge hands it over with its model and its series cut down,
// and keeping it changes no figure of the verdict.
void TestChallengesShipped::asGivenRunIsKeptForTheHistory()
{
    const Challenge c = load(challengeFiles().front());
    const sim::Verdict plain = sim::judgeAnswer(c, *c.solutionDocument, judgeOptions());
    QVERIFY(!plain.asGivenModel && !plain.asGivenResult);
    sim::JudgeOptions options = judgeOptions();
    options.keepAsGiven = true;
    options.seriesMaxPoints = 50;
    const sim::Verdict kept = sim::judgeAnswer(c, *c.solutionDocument, options);
    QCOMPARE(kept.score, plain.score);
    QVERIFY(kept.asGivenModel && kept.asGivenResult);
    QCOMPARE(kept.asGivenModel->workload.seed, kept.seed);
    const Json &result = *kept.asGivenResult;
    QVERIFY(result.contains("series"));
    QVERIFY(!result["series"]["t"].empty());
    QVERIFY(result["series"]["t"].size() <= 50);
    const std::vector<sim::RequirementOutcome> again
        = sim::judgeResult(c, *kept.asGivenModel, result);
    QCOMPARE(again.size(), plain.runs.front().requirements.size());
    for (std::size_t r = 0; r < again.size(); ++r) {
        QCOMPARE(again[r].value, plain.runs.front().requirements[r].value);
        QCOMPARE(again[r].met, plain.runs.front().requirements[r].met);
    }
}

#include "tst_challenges_shipped.moc"
