// Judging challenge answers (DESIGN section 8): the judge API and
// `cqrs-sim check` as a user runs it: exit codes, the grid, --json, --solution,
// the seed's precedence, --jobs, the budget and the fixed parts.
#include "simtestutil.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <mutex>
#include <utility>
#include <vector>
#include <cqrs/model/challenge.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/sim/judge.h>

using namespace cqrs;

namespace {

const QString kSmall
    = QStringLiteral(CQRS_SOURCE_DIR "/tests/data/challenges/small.challenge.json");

Json readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Json();
    const QByteArray bytes = f.readAll();
    return parseJsonText(
               std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())))
        .json.value_or(Json());
}

Challenge loadChallenge(const Json &document)
{
    ChallengeLoadResult loaded = challengeFromJson(document);
    if (!loaded.challenge)
        qFatal("the test challenge does not load");
    return std::move(*loaded.challenge);
}

} // namespace

class TestCheckCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    // The judge API.
    void judgeSolutionScoresFull();
    void judgeStartScoresLess();
    void judgeOrderAndProgress();
    void judgeCancel();
    void judgeRunThatCannotBeMade();
    void judgeInvalidAnswer();
    void judgeResultOfLiveRun();
    // The command line.
    void solutionPasses();
    void startFailsWithGrid();
    void jsonShape();
    void seedPrecedence();
    void jobsGiveTheSameVerdict();
    void overBudgetScoresZero();
    void missingFixedElement();
    void invalidAnswerFile();
    void badChallenges_data();
    void badChallenges();
    void usageErrors_data();
    void usageErrors();
    void testChallenges_data();
    void testChallenges();
    void booleanAndRebuildFigures();

private:
    using Outcome = cqrs::simtest::CliOutcome;
    Outcome cli(const QStringList &args);
    QString write(const QString &name, const Json &document);

    QString m_program;
    QTemporaryDir m_dir;
    Json m_challenge;
    QString m_start;    ///< the challenge's start model, unchanged
    QString m_solution; ///< the challenge's solution as a model file
};

void TestCheckCli::initTestCase()
{
    m_program = QStringLiteral(CQRS_BINARY_DIR "/app/cqrs-sim/cqrs-sim");
    QVERIFY2(QFile::exists(m_program), qPrintable(m_program));
    QVERIFY(m_dir.isValid());
    m_challenge = readJson(kSmall);
    QVERIFY(m_challenge.is_object());
    m_start = write(QStringLiteral("start.cqrs.json"), m_challenge["start"]);
    m_solution = write(QStringLiteral("solution.cqrs.json"), m_challenge["solution"]);
}

TestCheckCli::Outcome TestCheckCli::cli(const QStringList &args)
{
    return cqrs::simtest::runCli(m_program, args);
}

QString TestCheckCli::write(const QString &name, const Json &document)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(QByteArray::fromStdString(document.dump(2)));
    return path;
}

void TestCheckCli::judgeSolutionScoresFull()
{
    const Challenge c = loadChallenge(m_challenge);
    const sim::Verdict v = sim::judgeAnswer(c, *c.solutionDocument);
    QCOMPARE(v.status, sim::VerdictStatus::Judged);
    QCOMPARE(v.seed, std::int64_t(11));
    QCOMPARE(v.runs.size(), std::size_t(3));
    QVERIFY(v.withinBudget);
    QCOMPARE(v.score, 100);
    QVERIFY(v.passed());
    for (const sim::RunVerdict &run : v.runs) {
        QVERIFY(run.error.empty());
        QCOMPARE(run.requirements.size(), std::size_t(4));
        for (const sim::RequirementOutcome &o : run.requirements)
            QVERIFY2(o.met && o.value, o.id.c_str());
    }
}

void TestCheckCli::judgeStartScoresLess()
{
    const Challenge c = loadChallenge(m_challenge);
    const sim::Verdict v = sim::judgeAnswer(c, c.startDocument);
    QCOMPARE(v.status, sim::VerdictStatus::Judged);
    QVERIFY(v.score < 100);
    QVERIFY(!v.passed());
    // The score is the floor of the share met.
    int met = 0;
    for (const sim::RunVerdict &run : v.runs) {
        for (const sim::RequirementOutcome &o : run.requirements)
            met += o.met ? 1 : 0;
    }
    QCOMPARE(v.score, met * 100 / 12);
    // The start's p50 window is far above 0.2 s: "fresh" fails as given.
    QCOMPARE(v.runs[0].requirements[0].id, std::string("fresh"));
    QVERIFY(!v.runs[0].requirements[0].met);
    QVERIFY(*v.runs[0].requirements[0].value > 0.2);
}

void TestCheckCli::judgeOrderAndProgress()
{
    const Challenge c = loadChallenge(m_challenge);
    std::mutex mutex; // the judge promises one call at a time; not taken on trust here
    std::vector<std::pair<int, int>> reports;
    sim::JudgeOptions options;
    options.jobs = 3;
    options.progress = [&](int done, int total) {
        const std::lock_guard<std::mutex> lock(mutex);
        reports.emplace_back(done, total);
    };
    const sim::Verdict v = sim::judgeAnswer(c, *c.solutionDocument, options);
    // Rising counts (one overtaken by a later one is left out), ending at all of them.
    QVERIFY(!reports.empty() && reports.size() <= 3);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        QCOMPARE(reports[i].second, 3);
        QVERIFY(reports[i].first >= 1 && reports[i].first <= 3);
        if (i > 0)
            QVERIFY(reports[i].first > reports[i - 1].first);
    }
    QCOMPARE(reports.back().first, 3);
    QCOMPARE(v.runs[0].id, std::string("as-given"));
    QCOMPARE(v.runs[1].id, std::string("spike"));
    QCOMPARE(v.runs[2].id, std::string("view-down"));
    // The outage shows in the view-down run only.
    QVERIFY(*v.runs[2].requirements[2].value > 4.0);
    QVERIFY(*v.runs[0].requirements[2].value < 1.0);
}

void TestCheckCli::judgeCancel()
{
    const Challenge c = loadChallenge(m_challenge);
    std::atomic<bool> cancel{true};
    sim::JudgeOptions options;
    options.cancel = &cancel;
    const sim::Verdict v = sim::judgeAnswer(c, *c.solutionDocument, options);
    QCOMPARE(v.status, sim::VerdictStatus::Cancelled);
    QVERIFY(v.runs.empty());
    QVERIFY(!v.passed());
}

void TestCheckCli::judgeRunThatCannotBeMade()
{
    // A stress on a policy of start that the answer may drop (policies are not fixed).
    Json doc = m_challenge;
    Json policy = Json::parse(
        R"({"id": "audit", "subscribes": ["changed"], "issues": "update", "probability": 0.01})");
    doc["start"]["policies"] = Json::array({policy});
    doc["solution"]["policies"] = Json::array({policy});
    doc["stresses"].push_back(
        Json::parse(R"({"id": "audit-slow", "set": {"policies.audit.applyTime": 0.01}})"));
    const Challenge c = loadChallenge(doc);
    Json answer = doc["solution"];
    answer.erase("policies");
    const sim::Verdict v = sim::judgeAnswer(c, answer);
    QCOMPARE(v.status, sim::VerdictStatus::Judged);
    QCOMPARE(v.runs.size(), std::size_t(4));
    QVERIFY(v.runs[0].error.empty());
    QVERIFY2(v.runs[3].error.find("audit") != std::string::npos, v.runs[3].error.c_str());
    for (const sim::RequirementOutcome &o : v.runs[3].requirements)
        QVERIFY(!o.met && !o.value);
    QCOMPARE(v.score, 75);
    const Json json = sim::verdictToJson(v);
    QVERIFY(json["runs"][3].contains("error"));
    QVERIFY(!json["runs"][0].contains("error"));
    QVERIFY(json["runs"][3]["requirements"][0]["value"].is_null());
}

void TestCheckCli::judgeInvalidAnswer()
{
    const Challenge c = loadChallenge(m_challenge);
    Json answer = m_challenge["solution"];
    answer["readModels"][0]["consumers"] = "two";
    sim::Verdict v = sim::judgeAnswer(c, answer);
    QCOMPARE(v.status, sim::VerdictStatus::InvalidAnswer);
    QVERIFY(!v.diagnostics.empty());
    QCOMPARE(v.diagnostics[0].path, std::string("/readModels/0/consumers"));

    // Queries are fixed: an answer without get-view is refused, naming it.
    answer = m_challenge["solution"];
    answer["queries"][0]["id"] = "get-profile";
    v = sim::judgeAnswer(c, answer);
    QCOMPARE(v.status, sim::VerdictStatus::InvalidAnswer);
    QVERIFY(std::any_of(v.diagnostics.begin(), v.diagnostics.end(),
                        [](const Diagnostic &d) { return d.elementId == "get-view"; }));
    // Not fixed: the "@get-view" of a requirement cannot be resolved, and the message names the
    // requirement.
    Json open = m_challenge;
    open["fixed"] = Json::array({"workload"});
    v = sim::judgeAnswer(loadChallenge(open), answer);
    QCOMPARE(v.status, sim::VerdictStatus::InvalidAnswer);
    QVERIFY(std::any_of(v.diagnostics.begin(), v.diagnostics.end(), [](const Diagnostic &d) {
        return d.message.find("requirement \"fresh\"") != std::string::npos;
    }));
}

void TestCheckCli::judgeResultOfLiveRun()
{
    const Challenge c = loadChallenge(m_challenge);
    const Json result
        = Json::parse(R"({"readModels": {"view": {"consistencyWindow": {"count": 3, "p50": 0.1},
        "lag": {"max": 9}}}, "queries": {"get-view": {"staleRatio": 0.5}}, "commands": {"total": {"accepted": 100}}})");
    const std::vector<sim::RequirementOutcome> outcomes = sim::judgeResult(c, *c.solution, result);
    QCOMPARE(outcomes.size(), std::size_t(4));
    QVERIFY(outcomes[0].met);
    QVERIFY(!outcomes[1].met);
    QVERIFY(!outcomes[2].met);
    QVERIFY(outcomes[3].met); // >= 100
    QCOMPARE(sim::scoreOf({sim::RunVerdict{"as-given", outcomes, {}}}, true), 50);
    QCOMPARE(sim::scoreOf({sim::RunVerdict{"as-given", outcomes, {}}}, false), 0);
}

void TestCheckCli::solutionPasses()
{
    const Outcome o = cli({"check", kSmall, "--solution"});
    QVERIFY2(o.exitCode == 0, o.err.constData());
    QVERIFY2(o.out.contains("Score: 100/100 (12 of 12 met)"), o.out.constData());
    QVERIFY(o.out.contains("seed 11"));
    QVERIFY(o.out.contains("Budget: workers 1 of 2, consumers 2 of 4: within budget"));
    QVERIFY(o.err.isEmpty());
}

void TestCheckCli::startFailsWithGrid()
{
    const Outcome o = cli({"check", kSmall, m_start});
    QCOMPARE(o.exitCode, 3);
    const QString out = QString::fromUtf8(o.out);
    const QStringList lines = out.split('\n');
    // Header: requirement, target, then the runs in order.
    const QString header = *std::find_if(
        lines.begin(), lines.end(), [](const QString &l) { return l.startsWith("requirement"); });
    QVERIFY2(
        header.contains(QRegularExpression("^requirement +target +as-given +spike +view-down$")),
        qPrintable(header));
    const QString fresh = *std::find_if(lines.begin(), lines.end(),
                                        [](const QString &l) { return l.startsWith("fresh "); });
    QVERIFY2(fresh.contains(QString::fromUtf8("<= 200 ms")), qPrintable(fresh));
    QVERIFY2(fresh.contains(QString::fromUtf8("\u2717 ")) && fresh.contains(" s"),
             qPrintable(fresh));
    const QString stale = *std::find_if(
        lines.begin(), lines.end(), [](const QString &l) { return l.startsWith("few-stale "); });
    QVERIFY2(stale.contains(QString::fromUtf8("\u2713 ")) && stale.contains(" %"),
             qPrintable(stale));
    QVERIFY(out.contains("Score: 50/100 (6 of 12 met)"));
    QVERIFY(out.contains("fresh: Half the updates reach the view within 0.2 s"));
}

void TestCheckCli::jsonShape()
{
    const Outcome o = cli({"check", kSmall, m_start, "--json"});
    QCOMPARE(o.exitCode, 3);
    QVERIFY(o.out.endsWith('\n') && o.out.count('\n') == 1);
    const Json j = Json::parse(o.out.toStdString());
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
        keys.push_back(it.key());
    QCOMPARE(keys,
             (std::vector<std::string>{"challenge", "score", "withinBudget", "budget", "runs"}));
    QCOMPARE(j["challenge"], Json("small-profile"));
    QCOMPARE(j["score"], Json(50));
    QCOMPARE(j["withinBudget"], Json(true));
    QCOMPARE(j["budget"], Json::parse(R"({"workers": [1, 2], "consumers": [1, 4]})"));
    QCOMPARE(j["runs"].size(), std::size_t(3));
    const char *ids[] = {"as-given", "spike", "view-down"};
    for (std::size_t r = 0; r < 3; ++r) {
        const Json &run = j["runs"][r];
        QCOMPARE(run["id"], Json(ids[r]));
        QCOMPARE(run.size(), std::size_t(2)); // id, requirements: no error
        QCOMPARE(run["requirements"].size(), std::size_t(4));
        for (const Json &req : run["requirements"]) {
            QCOMPARE(req.size(), std::size_t(3));
            QVERIFY(req["id"].is_string() && req["value"].is_number() && req["met"].is_boolean());
        }
        QCOMPARE(run["requirements"][0]["id"], Json("fresh"));
        QCOMPARE(run["requirements"][0]["met"], Json(false));
    }
}

void TestCheckCli::seedPrecedence()
{
    // The challenge's seed when there is no --seed.
    const Outcome byChallenge = cli({"check", kSmall, m_start, "--json"});
    const Outcome eleven = cli({"check", kSmall, m_start, "--json", "--seed", "11"});
    const Outcome twelve = cli({"check", kSmall, m_start, "--json", "--seed", "12"});
    QCOMPARE(byChallenge.out, eleven.out);
    QVERIFY(byChallenge.out != twelve.out);
    QVERIFY(cli({"check", kSmall, m_start, "--seed", "12"}).out.contains("seed 12"));
    // Without a seed in the challenge: 1 (the start's own workload.seed of 3 does not count).
    Json noSeed = m_challenge;
    noSeed.erase("seed");
    const QString file = write(QStringLiteral("noseed.challenge.json"), noSeed);
    const Outcome byDefault = cli({"check", file, m_start, "--json"});
    const Outcome one = cli({"check", kSmall, m_start, "--json", "--seed", "1"});
    QCOMPARE(byDefault.exitCode, 3);
    QCOMPARE(byDefault.out, one.out);
    QVERIFY(cli({"check", file, m_start}).out.contains("seed 1\n"));
}

void TestCheckCli::jobsGiveTheSameVerdict()
{
    const Outcome one = cli({"check", kSmall, m_start, "--json", "--jobs", "1"});
    const Outcome four = cli({"check", kSmall, m_start, "--json", "--jobs", "4"});
    const Outcome byDefault = cli({"check", kSmall, m_start, "--json"});
    QCOMPARE(one.exitCode, 3);
    QCOMPARE(one.out, four.out);
    QCOMPARE(one.out, byDefault.out);
}

void TestCheckCli::overBudgetScoresZero()
{
    Json answer = m_challenge["solution"];
    answer["readModels"][0]["consumers"] = 5;
    const QString file = write(QStringLiteral("rich.cqrs.json"), answer);
    const Outcome o = cli({"check", kSmall, file, "--json"});
    QCOMPARE(o.exitCode, 3);
    const Json j = Json::parse(o.out.toStdString());
    QCOMPARE(j["score"], Json(0));
    QCOMPARE(j["withinBudget"], Json(false));
    QCOMPARE(j["budget"]["consumers"], Json::parse("[5, 4]"));
    // Every requirement is still judged and met: only the budget fails.
    for (const Json &run : j["runs"]) {
        for (const Json &req : run["requirements"])
            QCOMPARE(req["met"], Json(true));
    }
    const Outcome grid = cli({"check", kSmall, file});
    QVERIFY2(grid.out.contains("consumers 5 of 4: OVER BUDGET"), grid.out.constData());
    QVERIFY(grid.out.contains("Score: 0/100"));
}

void TestCheckCli::missingFixedElement()
{
    Json answer = m_challenge["solution"];
    answer["commands"][0]["id"] = "edit";
    const QString file = write(QStringLiteral("renamed.cqrs.json"), answer);
    const Outcome o = cli({"check", kSmall, file});
    QCOMPARE(o.exitCode, 2);
    QVERIFY(o.out.isEmpty());
    QVERIFY2(o.err.startsWith(file.toUtf8() + ": the answer cannot be judged"), o.err.constData());
    QVERIFY2(o.err.contains(
                 file.toUtf8()
                 + ": /commands: the challenge fixes command \"update\"; the answer lacks it"),
             o.err.constData());
}

void TestCheckCli::invalidAnswerFile()
{
    QFile f(m_dir.filePath(QStringLiteral("broken.cqrs.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\n  \"format\": \"cqrs-studio/model\",\n  \"schemaVersion\": 1\n  \"name\": 1\n}\n");
    f.close();
    Outcome o = cli({"check", kSmall, f.fileName()});
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.startsWith(f.fileName().toUtf8() + ":4:8: invalid JSON"), o.err.constData());
    o = cli({"check", kSmall, m_dir.filePath(QStringLiteral("absent.cqrs.json"))});
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains("absent.cqrs.json: cannot read the model"), o.err.constData());
    // A challenge that cannot be read: one message, not "invalid" as well.
    const QString absent = m_dir.filePath(QStringLiteral("absent.challenge.json"));
    for (const QStringList &args : {QStringList{"check", absent, "--solution"}, QStringList{"check", absent, f.fileName()}}) {
        o = cli(args);
        QCOMPARE(o.exitCode, 2);
        QCOMPARE(QString::fromUtf8(o.err), absent + QStringLiteral(": cannot read the challenge: no such file or directory\n"));
    }
    // The answer is a valid JSON document but not a valid model: located under its path.
    Json answer = m_challenge["solution"];
    answer["workload"]["duration"] = -1;
    Json open = m_challenge;
    open["fixed"] = Json::array({"commands"});
    const QString challenge = write(QStringLiteral("open.challenge.json"), open);
    const QString model = write(QStringLiteral("negative.cqrs.json"), answer);
    o = cli({"check", challenge, model});
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains(model.toUtf8() + ": /workload/duration: "), o.err.constData());
}

void TestCheckCli::badChallenges_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("location");
    const QDir dir(QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad-challenges"));
    for (const QString &file :
         dir.entryList({QStringLiteral("*.challenge.json")}, QDir::Files, QDir::Name)) {
        QFile expected(
            dir.filePath(file.chopped(int(sizeof(".challenge.json")) - 1) + ".expected"));
        QVERIFY(expected.open(QIODevice::ReadOnly));
        QTest::newRow(qPrintable(file))
            << dir.filePath(file) << QString::fromUtf8(expected.readLine()).trimmed();
    }
}

void TestCheckCli::badChallenges()
{
    QFETCH(QString, file);
    QFETCH(QString, location);
    for (const QStringList &args :
         {QStringList{"check", file, "--solution"}, QStringList{"check", file, m_start}}) {
        const Outcome o = cli(args);
        QCOMPARE(o.exitCode, 2);
        QVERIFY(o.out.isEmpty());
        const QString err = QString::fromUtf8(o.err);
        QVERIFY2(err.startsWith(file + ": the challenge is invalid\n"), qPrintable(err));
        const QString place = location == "-"          ? file + ": "
                              : location.contains(':') ? file + ":" + location + ": "
                                                       : file + ": " + location + ": ";
        QVERIFY2(err.contains(place), qPrintable(place + " not in\n" + err));
        for (const QString &line : err.split('\n', Qt::SkipEmptyParts))
            QVERIFY2(line.startsWith(file + ":"), qPrintable(line));
    }
}

void TestCheckCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("neither") << QStringList{"check", kSmall}
                             << "give either MODEL (the answer) or --solution, not neither";
    QTest::newRow("both") << QStringList{"check", kSmall, kSmall, "--solution"} << "not both";
    QTest::newRow("jobs 0") << QStringList{"check", kSmall, "--solution", "--jobs", "0"}
                            << "--jobs needs an integer from 1 to 64, got '0'";
    // As sweep: more than 64 is refused, not quietly taken as 64.
    QTest::newRow("jobs 65") << QStringList{"check", kSmall, "--solution", "--jobs", "65"}
                             << "--jobs needs an integer from 1 to 64, got '65'";
    QTest::newRow("seed text") << QStringList{"check", kSmall, "--solution", "--seed", "x"}
                               << "--seed needs an integer";
    QTest::newRow("seed too small")
        << QStringList{"check", kSmall, "--solution", "--seed", "-99999999999999999999"} << "--seed is too small";
    QTest::newRow("no challenge") << QStringList{"check"} << "CHALLENGE is required";
    QTest::newRow("unknown option")
        << QStringList{"check", kSmall, "--solution", "--fast"} << "unknown option '--fast'";
}

void TestCheckCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Outcome o = cli(args);
    QCOMPARE(o.exitCode, 1);
    QVERIFY2(QString::fromUtf8(o.err).contains(message), o.err.constData());
    QVERIFY(o.out.isEmpty());
}

void TestCheckCli::testChallenges_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(QStringLiteral(CQRS_SOURCE_DIR "/tests/data/challenges"));
    const QStringList files
        = dir.entryList({QStringLiteral("*.challenge.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 2);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

// Each test challenge is a challenge: its solution scores 100, its start does not.
void TestCheckCli::testChallenges()
{
    QFETCH(QString, file);
    const Outcome solution = cli({"check", file, "--solution", "--json"});
    QVERIFY2(solution.exitCode == 0, solution.err.constData());
    QCOMPARE(Json::parse(solution.out.toStdString())["score"], Json(100));
    const QString start
        = write(QFileInfo(file).baseName() + "-start.cqrs.json", readJson(file)["start"]);
    const Outcome given = cli({"check", file, start, "--json"});
    QCOMPARE(given.exitCode, 3);
    QVERIFY(Json::parse(given.out.toStdString())["score"].get<int>() < 100);
}

void TestCheckCli::booleanAndRebuildFigures()
{
    const Json doc
        = readJson(QStringLiteral(CQRS_SOURCE_DIR "/tests/data/challenges/rebuild.challenge.json"));
    const Challenge c = loadChallenge(doc);
    QCOMPARE(metricUnit(c.requirements[0].metric), MetricUnit::Boolean);
    const sim::Verdict v
        = sim::judgeAnswer(c, c.startDocument, sim::JudgeOptions{std::nullopt, 2, nullptr, {}});
    QCOMPARE(v.seed, std::int64_t(1));
    // has_value(), not a comparison with a temporary empty optional: GCC 12 at
    // -O1 with the sanitizers warns (-Wmaybe-uninitialized) on reading the
    // temporary's unset value, which operator== never does.
    QVERIFY(!v.budget.maxWorkers.has_value());
    const Json json = sim::verdictToJson(v);
    QCOMPARE(json["budget"]["workers"], Json::parse("[1, null]"));
    // completed and staleBudget/met are judged as 1 or 0.
    QCOMPARE(json["runs"][0]["requirements"][0]["value"], Json(1));
    QCOMPARE(json["runs"][0]["requirements"][2]["value"], Json(0));
    // Replaying the first 40 s of orders at 10 ms each on one consumer takes seconds; twice the
    // orders, longer.
    QVERIFY(v.runs[1].requirements[1].value > v.runs[0].requirements[1].value);
    QVERIFY(!v.runs[1].requirements[1].met);
}

QTEST_APPLESS_MAIN(TestCheckCli)
#include "tst_check_cli.moc"
