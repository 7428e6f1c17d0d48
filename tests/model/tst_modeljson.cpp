// Loading, canonical saving, atomic writes and --set overrides of model files.
#include "testmodels.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace cqrs;
using cqrs::testing::describe;

namespace {

QString dataPath(const char *name)
{
    return QStringLiteral(CQRS_SOURCE_DIR "/tests/model/data/") + QLatin1String(name);
}

std::string readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

void writeAll(const QString &path, const std::string &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.data(), static_cast<qint64>(text.size()));
}

const Diagnostic *findDiagnostic(const Diagnostics &diagnostics, const std::string &path)
{
    for (const Diagnostic &d : diagnostics) {
        if (d.path == path)
            return &d;
    }
    return nullptr;
}

const char *kMinimal = R"({
  "format": "cqrs-studio/model",
  "schemaVersion": 1,
  "aggregates": [ { "id": "acct" } ],
  "commands": [ { "id": "open", "aggregate": "acct", "emits": ["opened"] } ],
  "events": [ { "id": "opened", "aggregate": "acct" } ],
  "readModels": [ { "id": "balance", "subscribes": ["opened"] } ],
  "queries": [ { "id": "get-balance", "readModel": "balance" } ],
  "workload": { "duration": 60.0 }
})";

} // namespace

Q_DECLARE_METATYPE(std::string)

class TestModelJson : public QObject
{
    Q_OBJECT

private slots:
    void canonicalGoldenFile();
    void roundTrip_data();
    void roundTrip();
    void roundTripOfBuiltModel();
    void unknownFieldsSurvive();
    void misspeltFieldsAreNamed();
    void defaults();
    void canonicalNumbers();
    void syntaxErrorsHaveLineAndColumn_data();
    void syntaxErrorsHaveLineAndColumn();
    void syntaxErrorQuotesAShortExcerpt_data();
    void syntaxErrorQuotesAShortExcerpt();
    void textLimits_data();
    void textLimits();
    void depthLimit();
    void sizeLimit();
    void valueCountLimit();
    void longTextLimit();
    void duplicateKeys();
    void topLevelMustBeObject_data();
    void topLevelMustBeObject();
    void foreignAndNewerFiles();
    void collectsEveryProblem();
    void unreadableFiles();
    void saveWritesCanonicalBytes();
    void saveFailureLeavesOldFileIntact();
    void setOverride_data();
    void setOverride();
    void setOverrideErrors_data();
    void setOverrideErrors();
    void setOverrideThenLoad();
    void experimentsRoundTrip();
    void experimentDiagnostics_data();
    void experimentDiagnostics();
    void applyExperimentIsTheCliSet();
    void shippedExperimentsApply_data();
    void shippedExperimentsApply();
};

void TestModelJson::canonicalGoldenFile()
{
    const std::string golden = readAll(dataPath("canonical.cqrs.json"));
    QVERIFY(!golden.empty());
    const ModelLoadResult shuffled = loadModelFile(dataPath("shuffled.cqrs.json").toStdString());
    QVERIFY2(shuffled.ok(), qPrintable(describe(shuffled.diagnostics)));
    QCOMPARE(serializeModel(*shuffled.model), golden);

    const ModelLoadResult canonical = parseModel(golden);
    QVERIFY2(canonical.ok(), qPrintable(describe(canonical.diagnostics)));
    QVERIFY(*canonical.model == *shuffled.model);
    QCOMPARE(serializeModel(*canonical.model), golden);
}

void TestModelJson::roundTrip_data()
{
    QTest::addColumn<std::string>("text");
    QTest::newRow("shuffled") << readAll(dataPath("shuffled.cqrs.json"));
    QTest::newRow("canonical") << readAll(dataPath("canonical.cqrs.json"));
    QTest::newRow("minimal") << std::string(kMinimal);
    QTest::newRow("awkward numbers and text") << std::string(R"({
      "format": "cqrs-studio/model", "schemaVersion": 1, "name": "Zo\u00eb \u2713 \ud83d\ude00 \"quoted\"\n",
      "aggregates": [ { "id": "a", "instances": 10000000 } ],
      "commands": [ { "id": "c", "aggregate": "a", "share": 1e-300, "emits": [],
                      "handlerTime": { "dist": "uniform", "min": 0.1, "max": 0.30000000000000004 } } ],
      "workload": { "duration": 123456789.123, "seed": -9007199254740993, "commandRate": 0.5,
                    "warmup": 0.1, "sampleInterval": 3.3333333333333335 }
    })");
}

void TestModelJson::roundTrip()
{
    QFETCH(std::string, text);
    const ModelLoadResult first = parseModel(text);
    QVERIFY2(first.ok(), qPrintable(describe(first.diagnostics)));
    const std::string saved = serializeModel(*first.model);
    QCOMPARE(serializeModel(*first.model), saved); // same model, same bytes
    const ModelLoadResult second = parseModel(saved);
    QVERIFY2(second.ok(), qPrintable(describe(second.diagnostics)));
    QVERIFY(*second.model == *first.model);
    QCOMPARE(serializeModel(*second.model), saved);
    QVERIFY(saved.ends_with("}\n"));
}

void TestModelJson::roundTripOfBuiltModel()
{
    Model m;
    m.name = "Built";
    m.aggregates.push_back({"user", "User", 5, Json::object()});
    Command c;
    c.id = "rename";
    c.name = "Rename";
    c.aggregate = "user";
    c.handlerTime = Distribution::lognormal(0.001, 0.01);
    c.emits = {"renamed", "renamed"};
    c.followUp = FollowUp{"get", 0.5, Distribution::exponential(0.2), Json::object()};
    m.commands.push_back(c);
    m.events.push_back({"renamed", "Renamed", "user", {}, Json::object()});
    ReadModel r;
    r.id = "view";
    r.name = "View";
    r.subscribes = {"renamed"};
    r.update.mode = UpdateMode::Batch;
    r.update.interval = 2.5;
    r.staleBudget = StaleBudget{0.0, Json::object()};
    m.readModels.push_back(r);
    Query q;
    q.id = "get";
    q.name = "Get";
    q.readModel = "view";
    q.consistency.strategy = Strategy::OptimisticUi;
    m.queries.push_back(q);
    m.workload.duration = 30;
    m.workload.sampleInterval = 0.05; // equal to the default would still be kept
    m.diagram.nodes["view"] = NodePosition{-1.5, 2, Json::object()};

    const std::string text = serializeModel(m);
    const ModelLoadResult loaded = parseModel(text);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    QVERIFY(*loaded.model == m);
    QCOMPARE(serializeModel(*loaded.model), text);
}

// A misspelt field is ignored (its default applies): the warning names the
// field it was most likely meant to be, of that object, if one is close.
void TestModelJson::misspeltFieldsAreNamed()
{
    Json doc = Json::parse(kMinimal);
    doc["workload"]["comandRate"] = 80;
    doc["readModels"][0]["consumer"] = 2;
    doc["readModels"][0]["ApplyTime"] = Json{{"dist", "exponential"}, {"maen", 0.1}};
    doc["queries"][0]["consistensy"] = Json::object();
    doc["commands"][0]["share"] = 1;
    doc["commands"][0]["shares"] = 2;  // ignored though "share" is there
    doc["commands"][0]["zzzz"] = true; // close to nothing
    const ModelLoadResult loaded = parseModel(doc.dump());
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    const auto said = [&](const std::string &path) {
        const Diagnostic *d = findDiagnostic(loaded.diagnostics, path);
        return d ? d->message : std::string("(none)");
    };
    const std::vector<std::pair<std::string, std::string>> meant = {
        {"/workload/comandRate", "commandRate"},
        {"/readModels/0/consumer", "consumers"},
        {"/readModels/0/ApplyTime", "applyTime"},
        {"/queries/0/consistensy", "consistency"},
        {"/commands/0/shares", "share"},
    };
    for (const auto &[path, field] : meant) {
        QVERIFY2(said(path).find("did you mean \"" + field + "\"?") != std::string::npos,
                 (path + ": " + said(path)).c_str());
    }
    QVERIFY2(said("/commands/0/zzzz").find("unknown field") != std::string::npos, said("/commands/0/zzzz").c_str());
    QVERIFY2(said("/commands/0/zzzz").find("did you mean") == std::string::npos, said("/commands/0/zzzz").c_str());

    // A distribution's parameters are those of its kind.
    doc = Json::parse(kMinimal);
    doc["readModels"][0]["applyTime"] = Json{{"dist", "exponential"}, {"maen", 0.1}};
    doc["commands"][0]["handlerTime"] = Json{{"dist", "constant"}, {"vaule", 0.1}};
    const ModelLoadResult dists = parseModel(doc.dump());
    const Diagnostic *mean = findDiagnostic(dists.diagnostics, "/readModels/0/applyTime/maen");
    const Diagnostic *value = findDiagnostic(dists.diagnostics, "/commands/0/handlerTime/vaule");
    QVERIFY(mean && value);
    QVERIFY2(mean->message.find("did you mean \"mean\"?") != std::string::npos, mean->message.c_str());
    QVERIFY2(value->message.find("did you mean \"value\"?") != std::string::npos, value->message.c_str());
}

void TestModelJson::unknownFieldsSurvive()
{
    const std::string text = readAll(dataPath("shuffled.cqrs.json"));
    const ModelLoadResult loaded = parseModel(text);
    QVERIFY(loaded.ok());

    // Each unknown field is a warning with its path and element.
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"/x-top-unknown", ""},
        {"/commands/0/x-command-unknown", "update-email"},
        {"/commands/0/fields/0/x-field-unknown", "update-email"},
        {"/commands/2/handlerTime/x-dist-unknown", "reserve-stock"},
        {"/workload/x-workload-note", ""},
    };
    for (const auto &[path, id] : expected) {
        const Diagnostic *d = findDiagnostic(loaded.diagnostics, path);
        QVERIFY2(d, path.c_str());
        QVERIFY(!d->isError());
        QCOMPARE(d->elementId, id);
        QVERIFY(d->message.find("unknown field") != std::string::npos);
        // The editor keeps these notes in Problems while the model is edited.
        QVERIFY(d->keptUnread);
    }
    // Only the fields kept unread are flagged, not the model's own warnings
    // (here: an event no one subscribes to).
    Json withOrphan = Json::parse(text);
    withOrphan["events"].push_back(
        Json{{"id", "orphan"}, {"name", "Orphan"}, {"aggregate", withOrphan["events"][0]["aggregate"]}});
    const ModelLoadResult orphaned = parseModel(withOrphan.dump());
    QVERIFY2(orphaned.ok(), qPrintable(describe(orphaned.diagnostics)));
    const std::string orphanPath = "/events/" + std::to_string(withOrphan["events"].size() - 1);
    const Diagnostic *orphan = findDiagnostic(orphaned.diagnostics, orphanPath);
    QVERIFY2(orphan, qPrintable(describe(orphaned.diagnostics)));
    QVERIFY(!orphan->isError());
    QVERIFY(!orphan->keptUnread);

    const Model &m = *loaded.model;
    QCOMPARE(m.extra.dump(), std::string(R"({"x-top-unknown":{"b":1,"a":[1,2.5,"three"]}})"));
    QCOMPARE(m.commands[0].extra["x-command-unknown"].get<int>(), 7);
    QCOMPARE(m.commands[2].handlerTime.extra["x-dist-unknown"].get<std::string>(),
             std::string("kept"));

    // Written back after the known fields of their object, in file order.
    const std::string saved = serializeModel(m);
    const Json doc = Json::parse(saved);
    QCOMPARE(doc.back().dump(), std::string(R"({"b":1,"a":[1,2.5,"three"]})"));
    QCOMPARE(doc["workload"].back().get<std::string>(), std::string("kept"));
    QCOMPARE(doc["commands"][0]["fields"][0]["x-field-unknown"].get<bool>(), true);
    QVERIFY(saved.find("\"x-dist-unknown\": \"kept\"") != std::string::npos);
}

void TestModelJson::defaults()
{
    const ModelLoadResult loaded = parseModel(kMinimal);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    const Model &m = *loaded.model;
    QCOMPARE(m.aggregates[0].name, std::string("acct")); // name defaults to the id
    QCOMPARE(m.aggregates[0].instances, std::int64_t(1000));
    QCOMPARE(m.commands[0].share, 1.0);
    QVERIFY(m.commands[0].handlerTime == Distribution::constant(0));
    QCOMPARE(m.commands[0].rejectRate, 0.0);
    QVERIFY(!m.commands[0].followUp);
    QCOMPARE(m.writeSide.workers, 1);
    QCOMPARE(m.writeSide.maxRetries, 3);
    QCOMPARE(m.eventBus.partitions, 1);
    QVERIFY(m.eventBus.ordering == Ordering::Partition);
    QCOMPARE(m.readModels[0].store, std::string("key-value"));
    QCOMPARE(m.readModels[0].consumers, 1);
    QVERIFY(m.readModels[0].update.mode == UpdateMode::Streaming);
    QVERIFY(m.readModels[0].idempotent);
    QVERIFY(m.queries[0].consistency.strategy == Strategy::Eventual);
    QCOMPARE(m.workload.warmup, 0.0);
    QCOMPARE(m.workload.seed, std::int64_t(1));
    QVERIFY(!m.workload.sampleInterval);
    QCOMPARE(m.workload.effectiveSampleInterval(), 0.1);
    QVERIFY(m.workload.keys.dist == KeyDist::Uniform);

    // Defaults are left out on save; ids, names, references and duration stay.
    const std::string saved = serializeModel(m);
    for (const char *absent : {"instances", "share", "handlerTime", "workers", "eventBus", "store",
                               "consumers", "update", "consistency", "warmup", "seed", "diagram"})
        QVERIFY2(saved.find(std::string("\"") + absent + "\"") == std::string::npos, absent);
    for (const char *present : {"\"name\": \"acct\"", "\"emits\": [", "\"subscribes\": [",
                                "\"readModel\": \"balance\"", "\"duration\": 60"})
        QVERIFY2(saved.find(present) != std::string::npos, present);
}

void TestModelJson::canonicalNumbers()
{
    Model m;
    m.workload.duration = 600.0;
    m.workload.commandRate = 1e20; // integral but too large to be written as an integer
    m.workload.queryRate = 0.1;
    m.workload.warmup = 2.0;
    const Json doc = modelToJson(m);
    QVERIFY(doc["workload"]["duration"].is_number_integer());
    QCOMPARE(doc["workload"]["duration"].dump(), std::string("600"));
    QVERIFY(doc["workload"]["commandRate"].is_number_float());
    QCOMPARE(doc["workload"]["queryRate"].dump(), std::string("0.1"));
    QCOMPARE(doc["workload"]["warmup"].dump(), std::string("2"));

    // Key order of the top level follows DESIGN section 2.
    std::vector<std::string> keys;
    for (auto it = doc.begin(); it != doc.end(); ++it)
        keys.push_back(it.key());
    const std::vector<std::string> expected
        = {"format", "schemaVersion", "name",     "aggregates", "commands",
           "events", "readModels",    "policies", "queries",    "workload"};
    QVERIFY(keys == expected);

    // A bare number is written as a distribution object.
    const ModelLoadResult loaded = parseModel(std::string(kMinimal).replace(
        std::string(kMinimal).find("\"emits\""), 7, "\"handlerTime\": 0.25, \"emits\""));
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    QCOMPARE(modelToJson(*loaded.model)["commands"][0]["handlerTime"].dump(),
             std::string(R"({"dist":"constant","value":0.25})"));
}

void TestModelJson::syntaxErrorsHaveLineAndColumn_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    QTest::newRow("unexpected brace")
        << std::string("{\n  \"a\": 1,\n  \"b\": }") << 3 << 8 << "unexpected '}'";
    QTest::newRow("truncated") << std::string("{\"a\": [1, 2") << 1 << 12
                               << "unexpected end of input";
    QTest::newRow("truncated with newline")
        << std::string("{\n \"a\": [1,\n") << 2 << 10 << "end of input";
    QTest::newRow("trailing garbage") << std::string("{} x") << 1 << 4 << "expected end of input";
    QTest::newRow("columns count characters")
        << std::string("{\"\xC3\xA9\": x}") << 1 << 7 << "invalid literal";
    QTest::newRow("bom is not a column")
        << std::string("\xEF\xBB\xBF{\n x") << 2 << 2 << "invalid literal";
    QTest::newRow("number overflow")
        << std::string("{\"a\": 1e999}") << 1 << 11 << "number overflow";
    QTest::newRow("single quotes") << std::string("{'a': 1}") << 1 << 2 << "invalid literal";
    // The comma after "b": 1 forgotten: nlohmann says it expected '}', and
    // the message asks about the comma where it belongs.
    QTest::newRow("missing comma in an object")
        << std::string("{\n  \"a\": 1,\n  \"b\": 1\n  \"c\": 2\n}") << 4 << 5
        << "expected '}'; is a comma missing after line 3, column 8?";
    QTest::newRow("missing comma in an array")
        << std::string("{\"a\": [1, 2\n 3]}") << 2 << 2 << "is a comma missing after line 1, column 11?";
    // Not a value where the object goes on: no comma to ask about (an
    // ending cut off, a bracket for a brace).
    QTest::newRow("no comma asked about at the end")
        << std::string("{\"a\": [1, 2]\n") << 1 << 13 << "unexpected end of input; expected '}'\x01";
    QTest::newRow("no comma asked about for the wrong closer")
        << std::string("{\"a\": [1, 2}") << 1 << 12 << "unexpected '}'; expected ']'\x01";
    QTest::newRow("no comma asked about after a comma")
        << std::string("{\"a\": 1,\n }") << 2 << 2 << "unexpected '}'";
    // A merge left unresolved: said as one, at its first marker line.
    QTest::newRow("merge conflict")
        << std::string("{\n  \"a\": 1,\n<<<<<<< HEAD\n  \"b\": 1\n=======\n  \"b\": 2\n>>>>>>> theirs\n}")
        << 3 << 1 << "unresolved merge conflict";
    // A string holding the markers is no conflict.
    QTest::newRow("markers inside a string are not a conflict")
        << std::string("{\"a\": \"<<<<<<< x\", x}") << 1 << 20 << "invalid literal";
}

void TestModelJson::syntaxErrorsHaveLineAndColumn()
{
    QFETCH(std::string, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const JsonParseResult result = parseJsonText(text);
    QVERIFY(!result.json);
    QCOMPARE(result.diagnostics.size(), std::size_t(1));
    const Diagnostic &d = result.diagnostics.front();
    QVERIFY(d.isError());
    // A message ending in \x01: the text must end there (no hint after it).
    if (message.endsWith(QChar(1)))
        QVERIFY2(QString::fromStdString(d.message).endsWith(message.chopped(1)), d.message.c_str());
    else
        QVERIFY2(QString::fromStdString(d.message).contains(message), d.message.c_str());
    QCOMPARE(d.line, line);
    QCOMPARE(d.column, column);
}

// nlohmann quotes the whole token it was reading ("last read: '...'"): a long
// string or number is cut to its last 40 characters, on one line, UTF-8
// intact, line and column kept.
void TestModelJson::syntaxErrorQuotesAShortExcerpt_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("tail");

    QTest::newRow("unterminated string")
        << "{\n  \"name\": \"" + std::string(1400, 'a') + "\n}" << 2 << "aaa<U+000A>";
    QTest::newRow("multibyte characters are not cut")
        << "{\"name\": \"" + [] {
               std::string s;
               for (int i = 0; i < 700; ++i)
                   s += "\xC3\xA9x";
               return s;
           }() + "\n}" << 1 << "\xC3\xA9x<U+000A>";
    QTest::newRow("long number") << "{\"a\": " + std::string(1400, '1') + "e}" << 1 << "111e}";
    // A merge's conflict marker after a long description: the excerpt came
    // whole, the description and all, before "; expected string literal".
    QTest::newRow("followed by what was expected")
        << "{\n  \"description\": \"" + std::string(1400, 'd') + "\",\n< HEAD\n}" << 3 << "<U+000A><";
}

void TestModelJson::syntaxErrorQuotesAShortExcerpt()
{
    QFETCH(std::string, text);
    QFETCH(int, line);
    QFETCH(QString, tail);
    const JsonParseResult result = parseJsonText(text);
    QVERIFY(!result.json);
    QCOMPARE(result.diagnostics.size(), std::size_t(1));
    const Diagnostic &d = result.diagnostics.front();
    QCOMPARE(d.line, line);
    QVERIFY(d.column > 0);
    const QString message = QString::fromStdString(d.message);
    QCOMPARE(message.toStdString(), d.message); // valid UTF-8: nothing cut inside a character
    QVERIFY2(!message.contains(QLatin1Char('\n')), d.message.c_str());
    const QString marker = QStringLiteral("; last read: '\u2026");
    const qsizetype at = message.indexOf(marker);
    QVERIFY2(at > 0, d.message.c_str());
    const qsizetype closing = message.lastIndexOf(QLatin1Char('\''));
    QVERIFY2(closing > at, d.message.c_str());
    const QString excerpt = message.mid(at + marker.size(), closing - at - marker.size());
    QVERIFY2(excerpt.size() <= 40 && excerpt.size() >= 30, qPrintable(excerpt));
    QVERIFY2(excerpt.endsWith(tail), qPrintable(excerpt));
}

void TestModelJson::textLimits_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << std::string() << false << "empty";
    QTest::newRow("whitespace") << std::string(" \n\t\r\n ") << false << "only whitespace";
    QTest::newRow("bom only") << std::string("\xEF\xBB\xBF") << false << "empty";
    QTest::newRow("bom accepted") << std::string("\xEF\xBB\xBF{\"a\": 1}") << true << "";
    QTest::newRow("utf-8 accepted")
        << std::string("{\"a\": \"Zo\xC3\xAB \xE2\x9C\x93 \xF0\x9F\x98\x80\"}") << true << "";
    QTest::newRow("overlong") << std::string("{\"a\": \"\xC0\x80\"}") << false << "invalid UTF-8";
    QTest::newRow("surrogate") << std::string("{\"a\": \"\xED\xA0\x80\"}") << false
                               << "invalid UTF-8";
    QTest::newRow("above U+10FFFF")
        << std::string("{\"a\": \"\xF4\x90\x80\x80\"}") << false << "invalid UTF-8";
    QTest::newRow("truncated sequence")
        << std::string("{\"a\": \"\xE2\x82") << false << "invalid UTF-8";
    QTest::newRow("latin-1") << std::string("{\"caf\xE9\": 1}") << false << "invalid UTF-8";
    QTest::newRow("nul byte") << std::string("{\"a\": 1}\0", 9) << false << "NUL";
    QTest::newRow("brackets in strings do not nest")
        << "{\"a\": \"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"}" << true
        << "";
}

void TestModelJson::textLimits()
{
    QFETCH(std::string, text);
    QFETCH(bool, ok);
    QFETCH(QString, message);
    const JsonParseResult result = parseJsonText(text);
    QCOMPARE(result.json.has_value(), ok);
    if (!ok) {
        QVERIFY(!result.diagnostics.empty());
        QVERIFY2(QString::fromStdString(result.diagnostics.front().message).contains(message),
                 result.diagnostics.front().message.c_str());
        QVERIFY(result.diagnostics.front().line > 0);
    }
}

void TestModelJson::depthLimit()
{
    auto nested = [](int depth, char open, char close) {
        std::string text;
        for (int i = 0; i < depth; ++i)
            text += open == '{' ? std::string("{\"a\":") : std::string(1, open);
        text += "1";
        text += std::string(static_cast<std::size_t>(depth), close);
        return text;
    };
    QVERIFY(parseJsonText(nested(kMaxJsonDepth, '[', ']')).json);
    QVERIFY(parseJsonText(nested(kMaxJsonDepth, '{', '}')).json);
    const JsonParseResult deepArray = parseJsonText(nested(kMaxJsonDepth + 1, '[', ']'));
    QVERIFY(!deepArray.json);
    QCOMPARE(deepArray.diagnostics.front().column, kMaxJsonDepth + 1);
    QVERIFY(!parseJsonText(nested(kMaxJsonDepth + 1, '{', '}')).json);

    // 200,000 levels: rejected quickly, without recursion.
    QElapsedTimer timer;
    timer.start();
    const JsonParseResult huge = parseJsonText(nested(200000, '[', ']'));
    QVERIFY(!huge.json);
    QVERIFY(QString::fromStdString(huge.diagnostics.front().message).contains("deeper than 100"));
    QVERIFY(timer.elapsed() < 2000);
}

void TestModelJson::sizeLimit()
{
    std::string text(kMaxModelFileBytes + 1, ' ');
    text.front() = '{';
    text.back() = '}';
    const JsonParseResult result = parseJsonText(text);
    QVERIFY(!result.json);
    QVERIFY(QString::fromStdString(result.diagnostics.front().message).contains("too large"));
}

void TestModelJson::valueCountLimit()
{
    std::string text = "[";
    text.reserve(2 * kMaxJsonValues + 8);
    for (std::size_t i = 0; i < kMaxJsonValues; ++i)
        text += "1,";
    text += "1]";
    const JsonParseResult tooMany = parseJsonText(text);
    QVERIFY(!tooMany.json);
    QVERIFY(QString::fromStdString(tooMany.diagnostics.front().message).contains("JSON values"));
    // Exactly at the limit: one array and kMaxJsonValues - 1 numbers.
    text.resize(1 + 2 * (kMaxJsonValues - 2));
    text += "1]";
    QVERIFY(parseJsonText(text).json);
}

// A 50 MB description once froze the editor for a minute: every copy of the
// model (undo, what-ifs, runs) carried it. A text over the limit is refused
// with its place; one at the limit loads.
void TestModelJson::longTextLimit()
{
    auto withDescription = [](std::size_t bytes) {
        return R"({"format": "cqrs-studio/model", "schemaVersion": 1, "name": "Big", "description": ")"
               + std::string(bytes, 'x') + R"(", "diagram": {"notes": [{"text": "n", "x": 1, "y": 2}]}})";
    };
    const JsonParseResult tooLong = parseJsonText(withDescription(kMaxTextBytes + 1));
    QVERIFY(!tooLong.json);
    QCOMPARE(tooLong.diagnostics.size(), std::size_t(1));
    QCOMPARE(tooLong.diagnostics.front().path, std::string("/description"));
    QCOMPARE(tooLong.diagnostics.front().message,
             std::string("the text is 1,048,577 bytes (1.1 MiB) long; a text in a model file may hold at "
                         "most 1,048,576 bytes (1 MiB)"));
    QVERIFY(parseJsonText(withDescription(kMaxTextBytes)).json);

    // In an array, and as a key.
    const std::string note = R"({"diagram": {"notes": [{"text": "a"}, {"text": ")" + std::string(3 << 20, 'y') + R"("}]}})";
    const JsonParseResult inArray = parseJsonText(note);
    QVERIFY(!inArray.json);
    QCOMPARE(inArray.diagnostics.front().path, std::string("/diagram/notes/1/text"));
    QVERIFY(inArray.diagnostics.front().message.starts_with("the text is 3,145,728 bytes (3 MiB) long"));
    const JsonParseResult key = parseJsonText(R"({"a": {")" + std::string(kMaxTextBytes + 1, 'k') + R"(": 1}})");
    QVERIFY(!key.json);
    QVERIFY(key.diagnostics.front().message.starts_with("a key is 1,048,577 bytes (1.1 MiB) long"));
    QVERIFY(key.diagnostics.front().path.starts_with("/a/kkkk"));
    QVERIFY(key.diagnostics.front().path.size() < 60);

    // A model holding one (pasted in the editor, or --set) is invalid, so it
    // is never saved as a file the loader would refuse.
    const ModelLoadResult loaded = parseModel(kMinimal);
    QVERIFY(loaded.model);
    Model model = *loaded.model;
    const std::size_t before = validateModel(model).size();
    model.diagram.notes.push_back(Note{std::string(kMaxTextBytes + 1, 'z'), 1, 2, Json::object()});
    model.description.assign(kMaxTextBytes, 'd'); // at the limit: fine
    const Diagnostics problems = validateModel(model);
    QCOMPARE(problems.size(), before + 1);
    const Diagnostic *found = findDiagnostic(problems, "/diagram/notes/0/text");
    QVERIFY2(found, qPrintable(describe(problems)));
    QVERIFY(found->isError());
    QCOMPARE(found->message, std::string("the text is 1,048,577 bytes (1.1 MiB) long; the limit is 1,048,576 bytes (1 MiB)"));
    QCOMPARE(formatByteSize(300), std::string("300 bytes"));
    QCOMPARE(formatByteSize(999), std::string("999 bytes"));
    QCOMPARE(formatByteSize(512 * 1024), std::string("524,288 bytes (512 KiB)"));
    QCOMPARE(formatByteSize(52428794), std::string("52,428,794 bytes (50 MiB)"));
}

void TestModelJson::duplicateKeys()
{
    const ModelLoadResult result = parseModel(R"({"format": "cqrs-studio/model", "schemaVersion": 1,
        "aggregates": [ { "id": "a", "instances": 5, "instances": 6 } ],
        "workload": { "duration": 10 }, "workload": { "duration": 20 } })");
    QVERIFY(!result.ok());
    const Diagnostic *inner = findDiagnostic(result.diagnostics, "/aggregates/0/instances");
    QVERIFY2(inner, qPrintable(describe(result.diagnostics)));
    QVERIFY(inner->isError());
    QVERIFY(inner->message.find("duplicate key \"instances\"") != std::string::npos);
    QVERIFY(findDiagnostic(result.diagnostics, "/workload"));
}

void TestModelJson::topLevelMustBeObject_data()
{
    QTest::addColumn<std::string>("text");
    QTest::newRow("array") << std::string("[1, 2]");
    QTest::newRow("number") << std::string("42");
    QTest::newRow("string") << std::string("\"model\"");
    QTest::newRow("null") << std::string("null");
}

void TestModelJson::topLevelMustBeObject()
{
    QFETCH(std::string, text);
    const ModelLoadResult result = parseModel(text);
    QVERIFY(!result.ok());
    QCOMPARE(result.diagnostics.size(), std::size_t(1));
    QVERIFY(result.diagnostics.front().message.find("must be a JSON object") != std::string::npos);
}

void TestModelJson::foreignAndNewerFiles()
{
    const ModelLoadResult foreign
        = parseModel(R"({"format": "cqrs-studio/result", "schemaVersion": 1})");
    QVERIFY(!foreign.ok());
    QCOMPARE(foreign.diagnostics.size(), std::size_t(1)); // nothing else is judged
    QCOMPARE(foreign.diagnostics.front().path, std::string("/format"));

    const ModelLoadResult newer
        = parseModel(R"({"format": "cqrs-studio/model", "schemaVersion": 99, "x": 1})");
    QVERIFY(!newer.ok());
    const Diagnostic *d = findDiagnostic(newer.diagnostics, "/schemaVersion");
    QVERIFY(d && d->isError());
    QVERIFY(d->message.find("newer CQRS Studio") != std::string::npos);
    QVERIFY(!findDiagnostic(newer.diagnostics, "/workload")); // not judged

    const ModelLoadResult missing
        = parseModel(R"({"schemaVersion": 1, "workload": {"duration": 5}})");
    QVERIFY(!missing.ok());
    QVERIFY(findDiagnostic(missing.diagnostics, "/format"));
}

void TestModelJson::collectsEveryProblem()
{
    const ModelLoadResult result = parseModel(R"({"format": "cqrs-studio/model", "schemaVersion": 1,
        "aggregates": [ { "id": "a", "instances": 2.5 }, { "id": "b b" } ],
        "commands": [ { "id": "c", "aggregate": "zz", "share": "lots", "emits": ["e"] } ],
        "events": [ { "id": "e", "aggregate": "a" } ],
        "writeSide": { "workers": 0 },
        "readModels": [ { "id": "r", "subscribes": ["e"], "consumers": 2, "update": { "mode": "batch" } } ],
        "workload": { "duration": -1 } })");
    QVERIFY(!result.ok());
    for (const char *path : {"/aggregates/0/instances", "/aggregates/1/id", "/commands/0/aggregate",
                             "/commands/0/share", "/writeSide/workers",
                             "/readModels/0/update/interval", "/workload/duration"}) {
        const Diagnostic *d = findDiagnostic(result.diagnostics, path);
        QVERIFY2(d && d->isError(), path);
        QVERIFY(!d->message.empty());
    }
    QCOMPARE(findDiagnostic(result.diagnostics, "/commands/0/share")->elementId, std::string("c"));
    QCOMPARE(findDiagnostic(result.diagnostics, "/readModels/0/update/interval")->elementId,
             std::string("r"));
}

void TestModelJson::unreadableFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ModelLoadResult missing = loadModelFile(dir.filePath("nope.cqrs.json").toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(missing.diagnostics.front().message.find("cannot open") != std::string::npos);
    const ModelLoadResult directory = loadModelFile(dir.path().toStdString());
    QVERIFY(!directory.ok());
    QVERIFY(directory.diagnostics.front().message.find("directory") != std::string::npos);
}

void TestModelJson::saveWritesCanonicalBytes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ModelLoadResult loaded = parseModel(kMinimal);
    QVERIFY(loaded.ok());
    const QString path = dir.filePath("m.cqrs.json");
    writeAll(path, "old contents");
    std::string error;
    QVERIFY2(saveModelFile(*loaded.model, path.toStdString(), &error), error.c_str());
    QCOMPARE(readAll(path), serializeModel(*loaded.model));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"m.cqrs.json"});
    // Saving over a file keeps its permissions.
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                            | QFileDevice::ReadGroup));
    QVERIFY(saveModelFile(*loaded.model, path.toStdString(), &error));
    const QFileDevice::Permissions permissions = QFileInfo(path).permissions();
    QVERIFY(permissions.testFlag(QFileDevice::ReadGroup));
    QVERIFY(!permissions.testFlag(QFileDevice::ReadOther));
    QVERIFY(!permissions.testFlag(QFileDevice::WriteGroup));
}

void TestModelJson::saveFailureLeavesOldFileIntact()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ModelLoadResult loaded = parseModel(kMinimal);
    QVERIFY(loaded.ok());
    std::string error;

    // The folder does not exist: no file can be created.
    QVERIFY(
        !saveModelFile(*loaded.model, dir.filePath("missing/m.cqrs.json").toStdString(), &error));
    QVERIFY(!error.empty());

    // The rename fails (the target is a non-empty directory): nothing is left behind.
    QVERIFY(QDir(dir.path()).mkpath("target.cqrs.json/inner"));
    error.clear();
    QVERIFY(!saveModelFile(*loaded.model, dir.filePath("target.cqrs.json").toStdString(), &error));
    QVERIFY(error.find("cannot replace") != std::string::npos);
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{"target.cqrs.json"});
    QVERIFY(QFileInfo(dir.filePath("target.cqrs.json/inner")).isDir());

    // An unwritable folder: the old file keeps its bytes.
    const QString ro = dir.filePath("ro");
    QVERIFY(QDir(dir.path()).mkdir("ro"));
    const QString path = ro + "/m.cqrs.json";
    writeAll(path, "precious old bytes\n");
    QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    if (::geteuid() != 0) {
        error.clear();
        QVERIFY(!saveModelFile(*loaded.model, path.toStdString(), &error));
        QVERIFY(!error.empty());
        QCOMPARE(readAll(path), std::string("precious old bytes\n"));
        QCOMPARE(QDir(ro).entryList(QDir::Files | QDir::Hidden), QStringList{"m.cqrs.json"});
    }
    QFile::setPermissions(ro,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    // Writing the temporary file fails half-way (file size limit, works even
    // as root): the old file keeps its bytes and the temporary file is removed.
    const QString target = dir.filePath("full.cqrs.json");
    writeAll(target, "precious old bytes\n");
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    QVERIFY(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    rlimit small = old;
    small.rlim_cur = 64;
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    error.clear();
    const bool saved = saveModelFile(*loaded.model, target.toStdString(), &error);
    ::setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);
    QVERIFY(!saved);
    QVERIFY2(error.find("cannot write") != std::string::npos, error.c_str());
    QCOMPARE(readAll(target), std::string("precious old bytes\n"));
    QVERIFY(QDir(dir.path()).entryList({"full.cqrs.json*"}, QDir::Files | QDir::Hidden)
            == QStringList{"full.cqrs.json"});
}

void TestModelJson::setOverride_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("expected"); // JSON

    QTest::newRow("number") << "workload.commandRate=500"
                            << "/workload/commandRate"
                            << "500";
    QTest::newRow("by id, replaces a distribution") << "readModels.user-view.update.delay=0.2"
                                                    << "/readModels/0/update/delay"
                                                    << "0.2";
    QTest::newRow("distribution parameter") << "readModels.user-view.update.delay.median=0.01"
                                            << "/readModels/0/update/delay/median"
                                            << "0.01";
    QTest::newRow("text that is not JSON") << "name=User profile 2"
                                           << "/name"
                                           << "\"User profile 2\"";
    QTest::newRow("bare word") << "eventBus.ordering=partition"
                               << "/eventBus/ordering"
                               << "\"partition\"";
    QTest::newRow("bool") << "readModels.search.idempotent=true"
                          << "/readModels/1/idempotent"
                          << "true";
    QTest::newRow("array") << "readModels.user-view.outages=[]"
                           << "/readModels/0/outages"
                           << "[]";
    QTest::newRow("object") << "workload.keys={\"dist\":\"uniform\"}"
                            << "/workload/keys"
                            << "{\"dist\":\"uniform\"}";
    QTest::newRow("element without id by index") << "readModels.user-view.outages.0.duration=5"
                                                 << "/readModels/0/outages/0/duration"
                                                 << "5";
    QTest::newRow("creates the last member") << "commands.place-order.rejectRate=0.1"
                                             << "/commands/1/rejectRate"
                                             << "0.1";
    QTest::newRow("bare number becomes a constant") << "policies.reserve.update.delay.value=0.3"
                                                    << "/policies/0/update/delay"
                                                    << "{\"dist\":\"constant\",\"value\":0.3}";
    QTest::newRow("creates a missing known object") << "queries.search-users.readTime.value=0.002"
                                                    << "/queries/1/readTime"
                                                    << "{\"dist\":\"constant\",\"value\":0.002}";
    QTest::newRow("whole element") << "aggregates.order={\"id\":\"order\",\"instances\":7}"
                                   << "/aggregates/1"
                                   << "{\"id\":\"order\",\"instances\":7}";
    QTest::newRow("value with equals sign") << "description=a=b"
                                            << "/description"
                                            << "\"a=b\"";
}

void TestModelJson::setOverride()
{
    QFETCH(QString, assignment);
    QFETCH(QString, pointer);
    QFETCH(QString, expected);
    Json doc = Json::parse(readAll(dataPath("canonical.cqrs.json")));
    doc["policies"][0]["update"]["delay"] = 0.01; // a bare-number distribution
    std::string error;
    QVERIFY2(applySetOverride(doc, assignment.toStdString(), &error), error.c_str());
    QCOMPARE(QString::fromStdString(doc.at(Json::json_pointer(pointer.toStdString())).dump()),
             QString::fromStdString(Json::parse(expected.toStdString()).dump()));
}

void TestModelJson::setOverrideErrors_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown id") << "readModels.nope.consumers=2"
                                << "readModels.nope: no element with id \"nope\"";
    QTest::newRow("unknown top-level field") << "readModel.user-view.consumers=2"
                                             << "readModel: no field \"readModel\"";
    QTest::newRow("into a number") << "readModels.user-view.consumers.x=1"
                                   << "readModels.user-view.consumers.x:";
    QTest::newRow("bare-number distribution parameter")
        << "policies.reserve.update.delay.median=0.01"
        << "bare number 0.01";
    QTest::newRow("parameter of another kind")
        << "readModels.user-view.applyTime.median=1"
        << "constant distribution has no parameter \"median\"";
    QTest::newRow("typo in a field") << "workload.comandRate=5"
                                     << "workload.comandRate: no field";
    QTest::newRow("empty segment") << "workload..duration=1"
                                   << "empty path segment";
    QTest::newRow("no equals sign") << "workload.duration"
                                    << "expected PATH=VALUE";
    QTest::newRow("empty path") << "=5"
                                << "empty path";
    QTest::newRow("array cannot be created") << "workload.rateProfile.x.at=1"
                                             << "workload.rateProfile";
}

void TestModelJson::setOverrideErrors()
{
    QFETCH(QString, assignment);
    QFETCH(QString, message);
    Json doc = Json::parse(readAll(dataPath("canonical.cqrs.json")));
    doc["workload"].erase("rateProfile");
    doc["policies"][0]["update"]["delay"] = 0.01; // a bare-number distribution
    const Json before = doc;
    std::string error;
    QVERIFY(!applySetOverride(doc, assignment.toStdString(), &error));
    QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
    QVERIFY(doc == before);
}

void TestModelJson::setOverrideThenLoad()
{
    Json doc = Json::parse(readAll(dataPath("canonical.cqrs.json")));
    std::string error;
    QVERIFY(applySetOverride(doc, "readModels.user-view.update.delay=0.2", &error));
    QVERIFY(applySetOverride(doc, "workload.commandRate=500", &error));
    QVERIFY(applySetOverride(doc, "policies.reserve.probability", Json(0.5), &error));
    const ModelLoadResult loaded = modelFromJson(doc);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    QVERIFY(loaded.model->readModels[0].update.delay == Distribution::constant(0.2));
    QCOMPARE(loaded.model->workload.commandRate, 500.0);
    QCOMPARE(loaded.model->policies[0].probability, 0.5);
}

namespace {

std::string withExperiments(const std::string &experiments)
{
    std::string text = kMinimal;
    text.insert(text.rfind('}'), ", \"experiments\": " + experiments + "\n");
    return text;
}

} // namespace

void TestModelJson::experimentsRoundTrip()
{
    const std::string text = withExperiments(R"([
      { "title": "More consumers", "description": "Watch the backlog.",
        "set": { "readModels.balance.consumers": 4, "workload.keys": { "dist": "zipf", "s": 1.1 } },
        "note": "kept" },
      { "title": "Only a title", "set": { "workload.commandRate": 5 } } ])");
    const ModelLoadResult loaded = parseModel(text);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    const std::vector<Experiment> &e = loaded.model->experiments;
    QCOMPARE(e.size(), std::size_t(2));
    QCOMPARE(e[0].title, std::string("More consumers"));
    QCOMPARE(e[0].description, std::string("Watch the backlog."));
    QCOMPARE(e[0].set.size(), std::size_t(2));
    QCOMPARE(e[0].set[0].first, std::string("readModels.balance.consumers")); // file order
    QCOMPARE(e[0].set[1].second["dist"].get<std::string>(), std::string("zipf"));
    QCOMPARE(e[0].extra["note"].get<std::string>(), std::string("kept"));
    QVERIFY(e[1].description.empty());

    // Canonical: after workload, before diagram; an empty description is left out.
    const std::string saved = serializeModel(*loaded.model);
    QVERIFY(saved.find("\"experiments\"") > saved.find("\"workload\""));
    QVERIFY(saved.find("\"description\": \"\"") == std::string::npos);
    const ModelLoadResult again = parseModel(saved);
    QVERIFY(again.ok());
    QVERIFY(*again.model == *loaded.model);
    QCOMPARE(serializeModel(*again.model), saved);
    // No experiments: no field.
    QVERIFY(serializeModel(*parseModel(kMinimal).model).find("experiments") == std::string::npos);
}

void TestModelJson::experimentDiagnostics_data()
{
    QTest::addColumn<std::string>("experiments");
    QTest::addColumn<std::string>("path");
    QTest::addColumn<bool>("error");
    QTest::addColumn<QString>("message");
    QTest::newRow("not an array") << std::string(R"({"title": "x"})") << std::string("/experiments")
                                  << true << "must be an array";
    QTest::newRow("no title") << std::string(R"([{"set": {"workload.commandRate": 1}}])")
                              << std::string("/experiments/0/title") << true << "missing required field";
    QTest::newRow("set not an object") << std::string(R"([{"title": "x", "set": [1]}])")
                                       << std::string("/experiments/0/set") << true << "must be an object";
    QTest::newRow("empty set") << std::string(R"([{"title": "x", "set": {}}])")
                               << std::string("/experiments/0/set") << false << "changes nothing";
    QTest::newRow("unknown element")
        << std::string(R"([{"title": "x", "set": {"readModels.nope.consumers": 2}}])")
        << std::string("/experiments/0/set/readModels.nope.consumers") << false
        << "no element with id \"nope\"";
    QTest::newRow("unknown field")
        << std::string(R"([{"title": "x", "set": {"workload.speed": 2}}])")
        << std::string("/experiments/0/set/workload.speed") << false << "no field \"speed\"";
    QTest::newRow("makes the model invalid")
        << std::string(R"([{"title": "x", "set": {"readModels.balance.consumers": -1}}])")
        << std::string("/experiments/0") << false << "makes the model invalid";
}

void TestModelJson::experimentDiagnostics()
{
    QFETCH(std::string, experiments);
    QFETCH(std::string, path);
    QFETCH(bool, error);
    QFETCH(QString, message);
    const ModelLoadResult loaded = parseModel(withExperiments(experiments));
    const Diagnostic *d = findDiagnostic(loaded.diagnostics, path);
    QVERIFY2(d, qPrintable(describe(loaded.diagnostics)));
    QCOMPARE(d->isError(), error);
    QVERIFY2(QString::fromStdString(d->message).contains(message), d->message.c_str());
    // A broken experiment never stops the model itself from running.
    QCOMPARE(loaded.ok(), !error);
}

void TestModelJson::applyExperimentIsTheCliSet()
{
    const std::string text = withExperiments(R"([
      { "title": "t", "set": { "readModels.balance.update.delay": { "dist": "exponential", "mean": 0.3 },
                               "readModels.balance.consumers": 3, "workload.commandRate": 50,
                               "queries.get-balance.consistency.strategy": "wait-for-version" } } ])");
    const ModelLoadResult loaded = parseModel(text);
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    // What `cqrs-sim run --set PATH=VALUE ...` does: overrides on the raw file, then the loader.
    Json document = Json::parse(text);
    std::string error;
    for (const auto &[path, value] : loaded.model->experiments[0].set)
        QVERIFY2(applySetOverride(document, path + "=" + value.dump(), &error), error.c_str());
    const ModelLoadResult cli = modelFromJson(document);
    QVERIFY(cli.ok());

    Model model = *loaded.model;
    QVERIFY2(applyExperiment(model, model.experiments[0], &error), error.c_str());
    QVERIFY(model == *cli.model);
    QCOMPARE(model.readModels[0].consumers, 3);
    QVERIFY(model.queries[0].consistency.strategy == Strategy::WaitForVersion);

    // A path that does not resolve changes nothing and says why.
    Experiment bad;
    bad.set = {{"workload.commandRate", 7}, {"readModels.nope.consumers", 2}};
    const Model before = model;
    QVERIFY(!applyExperiment(model, bad, &error));
    QVERIFY2(QString::fromStdString(error).contains("nope"), error.c_str());
    QVERIFY(model == before);
    // A value of the wrong type is refused, not replaced by a default.
    Experiment wrongType;
    wrongType.set = {{"readModels.balance.consumers", "three"}};
    QVERIFY(!applyExperiment(model, wrongType, &error));
    QVERIFY(model == before);
}

void TestModelJson::shippedExperimentsApply_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(CQRS_SOURCE_DIR "/resources/examples"));
    for (const QString &file : dir.entryList({"*.cqrs.json"}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestModelJson::shippedExperimentsApply()
{
    QFETCH(QString, path);
    const ModelLoadResult loaded = loadModelFile(path.toStdString());
    QVERIFY2(loaded.ok(), qPrintable(describe(loaded.diagnostics)));
    QVERIFY2(loaded.model->experiments.size() >= 3, "every example has things to try");
    for (const Diagnostic &d : loaded.diagnostics)
        QVERIFY2(d.path.rfind("/experiments", 0) != 0, d.located().c_str());
    for (const Experiment &e : loaded.model->experiments) {
        QVERIFY(!e.title.empty() && !e.description.empty());
        Model model = *loaded.model;
        std::string error;
        QVERIFY2(applyExperiment(model, e, &error), qPrintable(QString::fromStdString(e.title + ": " + error)));
        QVERIFY2(!(model == *loaded.model), e.title.c_str());
    }
}

QTEST_APPLESS_MAIN(TestModelJson)
#include "tst_modeljson.moc"
