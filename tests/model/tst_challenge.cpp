// The challenge loader (DESIGN section 8): fields, the bad-challenge corpus,
// metric shapes, "@" resolution, fixed parts, budget use, run documents, and
// the JSON Schema of the challenge format.
#include "testmodels.h"

#include "schemawalker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>
#include <functional>
#include <cqrs/model/challenge.h>
#include <cqrs/model/modeljson.h>

using namespace cqrs;
using cqrs::testing::describe;
using cqrs::schematest::SchemaWalker;

namespace {

const QString kSmall
    = QStringLiteral(CQRS_SOURCE_DIR "/tests/data/challenges/small.challenge.json");
const QString kBadDir = QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad-challenges");

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

Challenge smallChallenge()
{
    ChallengeLoadResult loaded = loadChallengeFile(kSmall.toStdString());
    if (!loaded.challenge)
        qFatal("tests/data/challenges/small.challenge.json does not load");
    return std::move(*loaded.challenge);
}

Model modelOf(const Json &document)
{
    ModelLoadResult loaded = modelFromJson(document);
    if (!loaded.model)
        qFatal("a test model does not load");
    return std::move(*loaded.model);
}

} // namespace

class TestChallenge : public QObject
{
    Q_OBJECT

private slots:
    void loadsEveryField();
    void badCorpus_data();
    void badCorpus();
    void tooManyValues();
    void unknownFieldsAreKept();
    void minimalChallenge();
    void metricShape_data();
    void metricShape();
    void metricUnits();
    void metricTargets();
    void resolveQueryReferences();
    void resolveStressPaths();
    void metricValues();
    void fixedParts();
    void budget();
    void runDocuments();
    void rulesDigest();
    void schemaKnowsTheLoadersFields_data();
    void schemaKnowsTheLoadersFields();
    void schemaEnums();
};

void TestChallenge::loadsEveryField()
{
    const ChallengeLoadResult loaded = loadChallengeFile(kSmall.toStdString());
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    const Challenge &c = *loaded.challenge;
    QCOMPARE(c.id, std::string("small-profile"));
    QCOMPARE(c.title, std::string("A small profile page"));
    QCOMPARE(c.level, std::string("beginner"));
    QCOMPARE(c.minutes, std::optional<int>(5));
    QCOMPARE(c.seed, std::optional<std::int64_t>(11));
    QCOMPARE(c.judgingSeed(), std::int64_t(11));
    QCOMPARE(c.judgingSeed(4), std::int64_t(4));
    QCOMPARE(c.fixed, (std::vector<std::string>{"commands", "queries", "workload"}));
    QVERIFY(c.workloadFixed());
    QVERIFY(c.hasBudget);
    QCOMPARE(c.budget.workers, std::optional<int>(2));
    QCOMPARE(c.budget.consumers, std::optional<int>(4));
    QCOMPARE(c.requirements.size(), std::size_t(4));
    QCOMPARE(c.requirements[0].metric, std::string("/readModels/@get-view/consistencyWindow/p50"));
    QCOMPARE(c.requirements[0].op, CompareOp::LessEqual);
    QCOMPARE(c.requirements[3].op, CompareOp::GreaterEqual);
    QCOMPARE(c.requirements[3].value, 100.0);
    QVERIFY(c.requirement("lag"));
    QVERIFY(!c.requirement("nope"));
    QCOMPARE(c.stresses.size(), std::size_t(2));
    QCOMPARE(c.stresses[1].set.front().first, std::string("readModels.@get-view.outages"));
    QVERIFY(c.stress("spike"));
    QCOMPARE(c.hints.size(), std::size_t(3));
    QVERIFY(!c.debrief.empty());
    QCOMPARE(c.start.name, std::string("Small profile"));
    QVERIFY(c.solution && c.solutionDocument);
    QCOMPARE(c.solution->readModels[0].consumers, 2);
    QCOMPARE(c.startDocument, readJson(kSmall)["start"]);
}

void TestChallenge::badCorpus_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("fragment");
    const QDir dir(kBadDir);
    const QStringList files
        = dir.entryList({QStringLiteral("*.challenge.json")}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 15, "the bad-challenge corpus must hold at least 15 files");
    for (const QString &file : files) {
        QFile expected(
            dir.filePath(file.chopped(int(sizeof(".challenge.json")) - 1) + ".expected"));
        QVERIFY2(expected.open(QIODevice::ReadOnly), qPrintable(expected.fileName()));
        const QStringList lines = QString::fromUtf8(expected.readAll()).split('\n');
        QVERIFY2(lines.size() >= 2, qPrintable(expected.fileName()));
        QTest::newRow(qPrintable(file)) << dir.filePath(file) << lines[0] << lines[1];
    }
}

void TestChallenge::badCorpus()
{
    QFETCH(QString, file);
    QFETCH(QString, location);
    QFETCH(QString, fragment);
    QElapsedTimer timer;
    timer.start();
    const ChallengeLoadResult loaded = loadChallengeFile(file.toStdString());
    QVERIFY2(timer.elapsed() < 5000, "loading took longer than 5 s");
    QVERIFY(!loaded.ok());
    bool found = false;
    for (const Diagnostic &d : loaded.diagnostics) {
        if (!d.isError())
            continue;
        QVERIFY(!d.message.empty());
        QVERIFY2(d.line > 0 || !d.path.empty() || location == "-",
                 qPrintable("not located: " + QString::fromStdString(d.message)));
        const QString where
            = d.line > 0 ? QStringLiteral("%1:%2").arg(d.line).arg(d.column)
                         : (d.path.empty() ? QStringLiteral("-") : QString::fromStdString(d.path));
        if (where == location && QString::fromStdString(d.message).contains(fragment))
            found = true;
    }
    QVERIFY2(found, qPrintable("expected " + location + ": ..." + fragment + "... among\n"
                               + describe(loaded.diagnostics)));
}

void TestChallenge::tooManyValues()
{
    std::string text = R"({"format": "cqrs-studio/challenge", "schemaVersion": 1, "hints": [)";
    for (std::size_t i = 0; i < kMaxJsonValues + 10; ++i)
        text += i ? ",0" : "0";
    text += "]}";
    const ChallengeLoadResult loaded = parseChallenge(text);
    QVERIFY(!loaded.ok());
    QVERIFY2(describe(loaded.diagnostics).contains("JSON values"),
             qPrintable(describe(loaded.diagnostics)));
}

void TestChallenge::unknownFieldsAreKept()
{
    Json doc = readJson(kSmall);
    doc["x-origin"] = "workshop";
    doc["requirements"][0]["weight"] = 2;
    doc["stresses"][0]["severity"] = "high";
    doc["budget"]["memory"] = 4;
    const ChallengeLoadResult loaded = challengeFromJson(doc);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    const Challenge &c = *loaded.challenge;
    QCOMPARE(c.extra["x-origin"], Json("workshop"));
    QCOMPARE(c.requirements[0].extra["weight"], Json(2));
    QCOMPARE(c.stresses[0].extra["severity"], Json("high"));
    QCOMPARE(c.budget.extra["memory"], Json(4));
    QStringList warned;
    for (const Diagnostic &d : loaded.diagnostics) {
        if (!d.isError())
            warned << QString::fromStdString(d.path);
    }
    for (const char *path :
         {"/x-origin", "/requirements/0/weight", "/stresses/0/severity", "/budget/memory"})
        QVERIFY2(warned.contains(QLatin1String(path)), path);
}

void TestChallenge::minimalChallenge()
{
    Json doc = readJson(kSmall);
    for (const char *optional : {"level", "minutes", "seed", "brief", "fixed", "budget", "stresses",
                                 "hints", "debrief", "solution"})
        doc.erase(optional);
    const ChallengeLoadResult loaded = challengeFromJson(doc);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    const Challenge &c = *loaded.challenge;
    QCOMPARE(c.level, std::string("beginner"));
    QVERIFY(!c.seed && !c.minutes && !c.hasBudget && !c.solution && c.stresses.empty()
            && c.fixed.empty());
    QCOMPARE(c.judgingSeed(), std::int64_t(1));
    QVERIFY(!c.workloadFixed());
}

void TestChallenge::metricShape_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<QString>("problem"); // empty: valid
    QTest::newRow("window") << "/readModels/@get-view/consistencyWindow/p99"
                            << "";
    QTest::newRow("window by id") << "/readModels/view/consistencyWindow/p999"
                                  << "";
    QTest::newRow("backlog") << "/readModels/view/backlog/mean"
                             << "";
    QTest::newRow("lag") << "/readModels/view/lag/max"
                         << "";
    QTest::newRow("budget met") << "/readModels/view/staleBudget/met"
                                << "";
    QTest::newRow("rebuild") << "/readModels/view/rebuilds/0/duration"
                             << "";
    QTest::newRow("applied") << "/readModels/view/corruptedUpdates"
                             << "";
    QTest::newRow("command total") << "/commands/total/staleDecisions"
                                   << "";
    QTest::newRow("command latency") << "/commands/byType/update/latency/p99"
                                     << "";
    QTest::newRow("events") << "/events/published"
                            << "";
    QTest::newRow("policy") << "/policies/notify/duplicateIssues"
                            << "";
    QTest::newRow("query") << "/queries/get-view/timeouts"
                           << "";
    QTest::newRow("query staleness") << "/queries/get-view/staleness/p90"
                                     << "";
    QTest::newRow("write side") << "/writeSide/utilization"
                                << "";
    QTest::newRow("typo") << "/readModels/@get-view/consistencyWindw/p99"
                          << "not a read model figure";
    QTest::newRow("no statistic") << "/readModels/view/consistencyWindow"
                                  << "needs one of count";
    QTest::newRow("bad statistic") << "/queries/q/latency/p98"
                                   << "\"p98\" is not a statistic of latency";
    QTest::newRow("too long") << "/writeSide/utilization/x"
                              << "only figure under /writeSide";
    QTest::newRow("engine") << "/engine/wallSeconds"
                            << "\"engine\" is not a part of the result";
    QTest::newRow("not a pointer") << "queries/q/stale"
                                   << "is not a JSON pointer";
    QTest::newRow("bad escape") << "/queries/a~2/stale"
                                << "is not a JSON pointer";
    QTest::newRow("@ under queries") << "/queries/@q/stale"
                                     << "may only follow /readModels";
    QTest::newRow("bare @") << "/readModels/@/lag/max"
                            << "a read model id (or @<query id>)";
    QTest::newRow("rebuild index") << "/readModels/v/rebuilds/first/at"
                                   << "rebuilds needs an index";
    QTest::newRow("command section") << "/commands/update/issued"
                                     << "\"total\" or \"byType/<command id>\"";
}

void TestChallenge::metricShape()
{
    QFETCH(QString, metric);
    QFETCH(QString, problem);
    const QString actual = QString::fromStdString(checkMetricShape(metric.toStdString()));
    if (problem.isEmpty())
        QVERIFY2(actual.isEmpty(), qPrintable(actual));
    else
        QVERIFY2(actual.contains(problem), qPrintable(actual));
}

void TestChallenge::metricUnits()
{
    QCOMPARE(metricUnit("/readModels/@q/consistencyWindow/p99"), MetricUnit::Seconds);
    QCOMPARE(metricUnit("/readModels/@q/consistencyWindow/count"), MetricUnit::Count);
    QCOMPARE(metricUnit("/readModels/v/lag/max"), MetricUnit::Seconds);
    QCOMPARE(metricUnit("/readModels/v/backlog/max"), MetricUnit::Number);
    QCOMPARE(metricUnit("/readModels/v/rebuilds/0/duration"), MetricUnit::Seconds);
    QCOMPARE(metricUnit("/readModels/v/rebuilds/0/replayed"), MetricUnit::Count);
    QCOMPARE(metricUnit("/queries/q/staleRatio"), MetricUnit::Ratio);
    QCOMPARE(metricUnit("/writeSide/utilization"), MetricUnit::Ratio);
    QCOMPARE(metricUnit("/queries/q/timeouts"), MetricUnit::Count);
    QCOMPARE(metricUnit("/readModels/v/staleBudget/met"), MetricUnit::Boolean);
}

void TestChallenge::metricTargets()
{
    auto target = metricTarget("/readModels/@get-view/consistencyWindow/p99");
    QVERIFY(target);
    QCOMPARE(target->section, std::string("readModels"));
    QCOMPARE(target->id, std::string("@get-view"));
    QCOMPARE(target->figure, std::string("consistencyWindow/p99"));
    target = metricTarget("/commands/byType/update/latency/p50");
    QVERIFY(target);
    QCOMPARE(target->id, std::string("update"));
    QCOMPARE(target->figure, std::string("latency/p50"));
    target = metricTarget("/commands/total/accepted");
    QVERIFY(target && target->section == "commands" && target->id.empty()
            && target->figure == "accepted");
    target = metricTarget("/writeSide/utilization");
    QVERIFY(target && target->section == "writeSide" && target->id.empty()
            && target->figure == "utilization");
    QVERIFY(!metricTarget("/readModels/v/nope"));

    // A metric naming an element start lacks: a warning without a solution, an
    // error when the solution lacks it too.
    Json doc = readJson(kSmall);
    doc["requirements"][1]["metric"] = "/queries/get-other/staleRatio";
    ChallengeLoadResult loaded = challengeFromJson(doc);
    QVERIFY(!loaded.ok());
    doc.erase("solution");
    loaded = challengeFromJson(doc);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    QVERIFY(
        std::any_of(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const Diagnostic &d) {
            return !d.isError() && d.path == "/requirements/1/metric"
                   && d.message.find("an answer must add it") != std::string::npos;
        }));
}

void TestChallenge::resolveQueryReferences()
{
    const Challenge c = smallChallenge();
    Model answer = *c.solution;
    std::string error;
    QCOMPARE(resolveMetric(c.requirements[0], answer, &error),
             std::optional<std::string>("/readModels/view/consistencyWindow/p50"));
    // Whatever the candidate calls the read model, @get-view follows the query.
    answer.readModels[0].id = "profile-cache";
    answer.queries[0].readModel = "profile-cache";
    QCOMPARE(resolveMetric(c.requirements[2], answer, &error),
             std::optional<std::string>("/readModels/profile-cache/lag/max"));
    // Metrics without "@" are left as they are.
    QCOMPARE(resolveMetric(c.requirements[1], answer, &error),
             std::optional<std::string>(c.requirements[1].metric));
    answer.queries.clear();
    QVERIFY(!resolveMetric(c.requirements[0], answer, &error));
    QVERIFY2(error.find("requirement \"fresh\"") != std::string::npos, error.c_str());
    QVERIFY2(error.find("\"get-view\"") != std::string::npos, error.c_str());
}

void TestChallenge::resolveStressPaths()
{
    const Challenge c = smallChallenge();
    Model answer = *c.solution;
    answer.readModels[0].id = "cache";
    answer.queries[0].readModel = "cache";
    const Stress &down = c.stresses[1];
    std::string error;
    QCOMPARE(resolveSetPath(down, "readModels.@get-view.outages", answer, &error),
             std::optional<std::string>("readModels.cache.outages"));
    QCOMPARE(resolveSetPath(down, "workload.commandRate", answer, &error),
             std::optional<std::string>("workload.commandRate"));
    QVERIFY(!resolveSetPath(down, "queries.@get-view.share", answer, &error));
    QVERIFY2(error.find("may only follow") != std::string::npos, error.c_str());
    QVERIFY(!resolveSetPath(down, "readModels.@other.outages", answer, &error));
    QVERIFY2(error.find("stress \"view-down\"") != std::string::npos, error.c_str());
}

void TestChallenge::metricValues()
{
    const Json result = Json::parse(R"({
      "readModels": {
        "view": { "applied": 5, "consistencyWindow": { "count": 5, "p99": 0.25 },
                  "staleBudget": { "p99": 1, "met": true },
                  "rebuilds": [ { "at": 10, "duration": 2.5 } ] },
        "idle": { "applied": 0, "consistencyWindow": { "count": 0, "p99": 0 } } },
      "queries": { "q": { "issued": 10, "staleness": { "count": 0, "p99": 0 },
                          "latency": { "count": 0, "p99": 0 } } } })");
    QCOMPARE(metricValue(result, "/readModels/view/consistencyWindow/p99"),
             std::optional<double>(0.25));
    QCOMPARE(metricValue(result, "/readModels/view/applied"), std::optional<double>(5));
    QCOMPARE(metricValue(result, "/readModels/view/staleBudget/met"), std::optional<double>(1));
    QCOMPARE(metricValue(result, "/readModels/view/rebuilds/0/duration"),
             std::optional<double>(2.5));
    QVERIFY(!metricValue(result, "/readModels/view/rebuilds/1/duration"));
    QVERIFY(!metricValue(result, "/readModels/missing/applied"));
    // A window of nothing is no figure; its count is.
    QVERIFY(!metricValue(result, "/readModels/idle/consistencyWindow/p99"));
    QCOMPARE(metricValue(result, "/readModels/idle/consistencyWindow/count"),
             std::optional<double>(0));
    QVERIFY(!metricValue(result, "/queries/q/latency/p99"));
    // No stale read: staleness is 0, not missing.
    QCOMPARE(metricValue(result, "/queries/q/staleness/p99"), std::optional<double>(0));
    QVERIFY(!metricValue(result, "/queries/q"));
}

void TestChallenge::fixedParts()
{
    const Challenge c = smallChallenge();
    QCOMPARE(fixedElementIds(c), (std::vector<std::string>{"update", "get-view"}));
    QVERIFY(checkFixedParts(c, *c.solution).empty());
    Model answer = *c.solution;
    answer.commands[0].id = "renamed";
    Diagnostics problems = checkFixedParts(c, answer);
    QCOMPARE(problems.size(), std::size_t(1));
    QCOMPARE(problems[0].elementId, std::string("update"));
    QCOMPARE(problems[0].path, std::string("/commands"));
    QVERIFY2(problems[0].message.find("command \"update\"") != std::string::npos,
             problems[0].message.c_str());
    QVERIFY2(problems[0].message.find("lacks it") != std::string::npos,
             problems[0].message.c_str());

    // A single element id in `fixed`.
    Json doc = readJson(kSmall);
    doc["fixed"] = Json::array({"view"});
    const ChallengeLoadResult loaded = challengeFromJson(doc);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    QCOMPARE(fixedElementIds(*loaded.challenge), std::vector<std::string>{"view"});
    answer = *c.solution;
    answer.readModels[0].id = "cache";
    answer.queries[0].readModel = "cache";
    problems = checkFixedParts(*loaded.challenge, answer);
    QCOMPARE(problems.size(), std::size_t(1));
    QVERIFY2(problems[0].message.find("read model \"view\"") != std::string::npos,
             problems[0].message.c_str());
}

void TestChallenge::budget()
{
    const Challenge c = smallChallenge();
    Model answer = *c.solution;
    BudgetUse use = budgetUse(c, answer);
    QCOMPARE(use.workers, 1);
    QCOMPARE(use.maxWorkers, std::optional<int>(2));
    QCOMPARE(use.consumers, 2);
    QCOMPARE(use.maxConsumers, std::optional<int>(4));
    QVERIFY(use.within());
    // Policies' consumers count too.
    Policy p;
    p.id = "notify";
    p.subscribes = {"changed"};
    p.issues = "update";
    p.consumers = 3;
    answer.policies.push_back(p);
    use = budgetUse(c, answer);
    QCOMPARE(use.consumers, 5);
    QVERIFY(!use.within());
    answer.policies.clear();
    answer.writeSide.workers = 3;
    QVERIFY(!budgetUse(c, answer).within());
    Challenge uncapped = c;
    uncapped.budget = ChallengeBudget();
    QVERIFY(budgetUse(uncapped, answer).within());
}

void TestChallenge::runDocuments()
{
    const Challenge c = smallChallenge();
    Json answerDoc = *c.solutionDocument;
    answerDoc["workload"]["commandRate"] = 5000; // the answer's own workload does not count
    const Model answer = modelOf(answerDoc);
    std::string error;
    std::optional<Json> asGiven = prepareRunDocument(c, answerDoc, answer, nullptr, 42, &error);
    QVERIFY2(asGiven, error.c_str());
    QCOMPARE((*asGiven)["workload"]["commandRate"], Json(50));
    QCOMPARE((*asGiven)["workload"]["seed"], Json(42));
    QCOMPARE((*asGiven)["readModels"], answerDoc["readModels"]);

    std::optional<Json> down = prepareRunDocument(c, answerDoc, answer, &c.stresses[1], 42, &error);
    QVERIFY2(down, error.c_str());
    QCOMPARE((*down)["readModels"][0]["outages"], Json::parse(R"([{"at": 30, "duration": 5}])"));
    const Model stressed = modelOf(*down);
    QCOMPARE(stressed.readModels[0].outages.size(), std::size_t(1));

    // Without "workload" in fixed, the answer's workload is used.
    Challenge open = c;
    open.fixed = {"commands"};
    asGiven = prepareRunDocument(open, answerDoc, answer, nullptr, 7, &error);
    QVERIFY(asGiven);
    QCOMPARE((*asGiven)["workload"]["commandRate"], Json(5000));

    // A stress path the answer cannot take names the stress.
    Challenge broken = c;
    broken.stresses[0].set = {{"policies.notify.consumers", Json(2)}};
    QVERIFY(!prepareRunDocument(broken, answerDoc, answer, &broken.stresses[0], 1, &error));
    QVERIFY2(error.find("stress \"spike\"") != std::string::npos, error.c_str());
}

void TestChallenge::rulesDigest()
{
    const Json doc = readJson(kSmall);
    const auto digestOf = [](const Json &document) {
        const ChallengeLoadResult loaded = challengeFromJson(document);
        if (!loaded.challenge)
            qFatal("an edited small challenge does not load: %s", qPrintable(describe(loaded.diagnostics)));
        return challengeRulesDigest(*loaded.challenge);
    };
    const std::string digest = digestOf(doc);
    QCOMPARE(digest.size(), std::size_t(16));
    QVERIFY(digest.find_first_not_of("0123456789abcdef") == std::string::npos);
    // The same file gives the same digest in every build: a change to how it
    // is made would part every recorded attempt from its challenge.
    QCOMPARE(QString::fromStdString(digest), QStringLiteral("9f7a28beaff968f0"));

    // Words for people and the layout do not change it, nor does the order of keys.
    Json reworded = doc;
    reworded["title"] = "Another title";
    reworded["brief"] = "Reworded.";
    reworded["hints"] = Json::array({"A new hint."});
    reworded["debrief"] = "Another debrief.";
    reworded["requirements"][0]["text"] = "Said differently";
    reworded["start"]["description"] = "Described differently";
    reworded["level"] = "advanced";
    reworded["minutes"] = 5;
    reworded.erase("solution");
    QCOMPARE(digestOf(reworded), digest);
    Json reordered = Json::object();
    std::vector<std::string> keys;
    for (const auto &[key, value] : doc.items())
        keys.push_back(key);
    for (auto k = keys.rbegin(); k != keys.rend(); ++k)
        reordered[*k] = doc[*k];
    QCOMPARE(digestOf(reordered), digest);

    // What judging depends on does.
    const std::vector<std::pair<const char *, std::function<void(Json &)>>> edits = {
        {"target", [](Json &d) { d["requirements"][0]["value"] = 2; }},
        {"operator", [](Json &d) { d["requirements"][0]["op"] = "<"; }},
        {"metric", [](Json &d) { d["requirements"][0]["metric"] = "/readModels/@get-view/consistencyWindow/p99"; }},
        {"stress", [](Json &d) { d["stresses"].erase(0); }},
        {"budget", [](Json &d) { d["budget"]["workers"] = 64; }},
        {"seed", [](Json &d) { d["seed"] = 99; }},
        {"start", [](Json &d) { d["start"]["workload"]["commandRate"] = 1; }},
        {"fixed", [](Json &d) { d["fixed"] = Json::array({"commands"}); }},
    };
    for (const auto &[what, edit] : edits) {
        Json edited = doc;
        edit(edited);
        QVERIFY2(digestOf(edited) != digest, what);
    }
}

void TestChallenge::schemaKnowsTheLoadersFields_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("fields");
    for (const KnownObject &object : knownChallengeFields()) {
        QStringList fields;
        for (const std::string &f : object.fields)
            fields << QString::fromStdString(f);
        QTest::newRow(object.path.empty() ? "(top level)" : object.path.c_str())
            << QString::fromStdString(object.path) << fields;
    }
}

void TestChallenge::schemaKnowsTheLoadersFields()
{
    QFETCH(QString, path);
    QFETCH(QStringList, fields);
    const Json schema
        = readJson(QStringLiteral(CQRS_SOURCE_DIR "/resources/schema/cqrs-challenge.schema.json"));
    QVERIFY2(schema.is_object(),
             "resources/schema/cqrs-challenge.schema.json must parse as a JSON object");
    const SchemaWalker walker(schema);
    const Json *object = walker.at(path.toStdString());
    QVERIFY2(object, qPrintable("the schema has no object at " + path));
    for (const QString &field : fields) {
        const Json *property = walker.property(object, field.toStdString());
        QVERIFY2(property, qPrintable(path + "/" + field + " is missing from the schema"));
        const Json *resolved = walker.resolve(property);
        QVERIFY2(property->contains("description")
                     || (resolved && resolved->contains("description")),
                 qPrintable(path + "/" + field + " has no description"));
    }
    std::set<std::string> documented;
    walker.properties(object, documented);
    for (const std::string &name : documented)
        QVERIFY2(fields.contains(QString::fromStdString(name)),
                 qPrintable(path + "/" + QString::fromStdString(name)
                            + " is in the schema but the loader does not know it"));
}

void TestChallenge::schemaEnums()
{
    const Json schema
        = readJson(QStringLiteral(CQRS_SOURCE_DIR "/resources/schema/cqrs-challenge.schema.json"));
    QCOMPARE(schema["$schema"].get<std::string>(),
             std::string("https://json-schema.org/draft/2020-12/schema"));
    QCOMPARE(schema["properties"]["format"]["const"].get<std::string>(),
             std::string(kChallengeFormat));
    QCOMPARE(schema["properties"]["schemaVersion"]["maximum"].get<int>(), kChallengeSchemaVersion);
    Json levels = Json::array();
    for (const char *level : kChallengeLevels)
        levels.push_back(level);
    QCOMPARE(schema["properties"]["level"]["enum"], levels);
    Json ops = Json::array();
    for (CompareOp op : {CompareOp::LessEqual, CompareOp::Less, CompareOp::GreaterEqual,
                         CompareOp::Greater, CompareOp::Equal})
        ops.push_back(std::string(compareOpText(op)));
    QCOMPARE(schema["$defs"]["requirement"]["properties"]["op"]["enum"], ops);
    for (const char *required :
         {"format", "schemaVersion", "id", "title", "start", "requirements"}) {
        const Json &list = schema["required"];
        QVERIFY2(std::find(list.begin(), list.end(), required) != list.end(), required);
    }
}

QTEST_APPLESS_MAIN(TestChallenge)
#include "tst_challenge.moc"
