// Lenient loading (ModelLoadOptions::keepInvalid): the editor reopens unfinished models.
#include "testmodels.h"

#include <QDir>
#include <QFile>
#include <QtTest>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>

using namespace cqrs;
using cqrs::testing::describe;

namespace {

// A command with a dangling aggregate and an out-of-range reject rate.
const char *kUnfinished = R"({
  "format": "cqrs-studio/model",
  "schemaVersion": 1,
  "aggregates": [ { "id": "acct" } ],
  "commands": [ { "id": "open", "aggregate": "nowhere", "rejectRate": 1.5, "emits": ["opened"] } ],
  "events": [ { "id": "opened", "aggregate": "acct" } ],
  "readModels": [ { "id": "balance", "subscribes": ["opened"] } ],
  "queries": [ { "id": "get-balance", "readModel": "balance" } ],
  "workload": { "duration": 60.0 }
})";

// The reject rate is a string and the instance count a list: wrong types.
const char *kWrongTypes = R"({
  "format": "cqrs-studio/model",
  "schemaVersion": 1,
  "aggregates": [ { "id": "acct", "instances": [3] } ],
  "commands": [ { "id": "open", "aggregate": "acct", "rejectRate": "high", "emits": ["opened"] } ],
  "events": [ { "id": "opened", "aggregate": "acct" } ],
  "readModels": [ { "id": "balance", "subscribes": ["opened"] } ],
  "queries": [ { "id": "get-balance", "readModel": "balance" } ],
  "workload": { "duration": 60.0 }
})";

ModelLoadOptions lenient()
{
    ModelLoadOptions options;
    options.keepInvalid = true;
    return options;
}

const Diagnostic *errorAt(const Diagnostics &diagnostics, const std::string &path)
{
    for (const Diagnostic &d : diagnostics) {
        if (d.isError() && d.path == path)
            return &d;
    }
    return nullptr;
}

} // namespace

class TestModelLenient : public QObject
{
    Q_OBJECT

private slots:
    void semanticErrorsKeepValues();
    void wrongTypesBecomeDefaults();
    void roundTripOfInvalidModel();
    void hardErrorsGiveNoModel_data();
    void hardErrorsGiveNoModel();
    void badCorpusStillFailsStrictly();
};

void TestModelLenient::semanticErrorsKeepValues()
{
    const ModelLoadResult strict = parseModel(kUnfinished);
    QVERIFY(!strict.ok());
    QVERIFY(errorAt(strict.diagnostics, "/commands/0/aggregate"));

    const ModelLoadResult result = parseModel(kUnfinished, lenient());
    QVERIFY2(result.ok(), qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.model->commands.size(), std::size_t(1));
    QCOMPARE(result.model->commands[0].aggregate, std::string("nowhere"));
    QCOMPARE(result.model->commands[0].rejectRate, 1.5);
    const Diagnostic *dangling = errorAt(result.diagnostics, "/commands/0/aggregate");
    const Diagnostic *range = errorAt(result.diagnostics, "/commands/0/rejectRate");
    QVERIFY2(dangling && range, qPrintable(describe(result.diagnostics)));
    QVERIFY(!dangling->lossy);
    QVERIFY(!range->lossy);
    QVERIFY(!range->replacedByDefault);
    QVERIFY(!loadWasLossy(result));
    // The editor relies on this: validateModel() finds the same errors again.
    const Diagnostics again = validateModel(*result.model);
    QVERIFY(errorAt(again, "/commands/0/aggregate"));
    QVERIFY(errorAt(again, "/commands/0/rejectRate"));
}

void TestModelLenient::wrongTypesBecomeDefaults()
{
    const ModelLoadResult strict = parseModel(kWrongTypes);
    QVERIFY(!strict.ok());
    const Diagnostic *strictReject = errorAt(strict.diagnostics, "/commands/0/rejectRate");
    QVERIFY(strictReject);
    // Strict messages stay exactly as they were.
    QVERIFY(!QString::fromStdString(strictReject->message).contains("replaced"));

    const ModelLoadResult result = parseModel(kWrongTypes, lenient());
    QVERIFY2(result.ok(), qPrintable(describe(result.diagnostics)));
    QCOMPARE(result.model->commands[0].rejectRate, Command().rejectRate);
    QCOMPARE(result.model->aggregates[0].instances, Aggregate().instances);
    QCOMPARE(result.model->commands[0].aggregate, std::string("acct"));
    QVERIFY(loadWasLossy(result));
    for (const char *path : {"/commands/0/rejectRate", "/aggregates/0/instances"}) {
        const Diagnostic *d = errorAt(result.diagnostics, path);
        QVERIFY2(d, path);
        QVERIFY(d->lossy);
        QVERIFY(d->replacedByDefault);
        QVERIFY2(QString::fromStdString(d->message).endsWith("(replaced by the default)"),
                 d->message.c_str());
    }
    // Once saved, the defaults are what the file holds: it loads cleanly.
    const ModelLoadResult reloaded = parseModel(serializeModel(*result.model));
    QVERIFY2(reloaded.ok(), qPrintable(describe(reloaded.diagnostics)));
}

void TestModelLenient::roundTripOfInvalidModel()
{
    const ModelLoadResult first = parseModel(kUnfinished, lenient());
    QVERIFY(first.ok());
    const std::string bytes = serializeModel(*first.model);
    const ModelLoadResult second = parseModel(bytes, lenient());
    QVERIFY2(second.ok(), qPrintable(describe(second.diagnostics)));
    QCOMPARE(serializeModel(*second.model), bytes);
    QVERIFY(hasErrors(second.diagnostics));
    QVERIFY(!loadWasLossy(second));
    QVERIFY(!parseModel(bytes).ok());
}

void TestModelLenient::hardErrorsGiveNoModel_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("syntax") << QByteArray(R"({"format": "cqrs-studio/model", "schemaVersion": 1,)");
    QTest::newRow("array") << QByteArray("[1, 2]");
    QTest::newRow("wrong format")
        << QByteArray(R"({"format": "other", "schemaVersion": 1, "workload": {"duration": 1}})");
    QTest::newRow("no format") << QByteArray(R"({"schemaVersion": 1, "workload": {"duration": 1}})");
    QTest::newRow("newer version") << QByteArray(
        R"({"format": "cqrs-studio/model", "schemaVersion": 999, "workload": {"duration": 1}})");
    QTest::newRow("version not a number") << QByteArray(
        R"({"format": "cqrs-studio/model", "schemaVersion": "1", "workload": {"duration": 1}})");
    QTest::newRow("too deep") << QByteArray(200, '[') + QByteArray(200, ']');
}

void TestModelLenient::hardErrorsGiveNoModel()
{
    QFETCH(QByteArray, text);
    const ModelLoadResult result = parseModel(text.toStdString(), lenient());
    QVERIFY(!result.ok());
    QVERIFY(hasErrors(result.diagnostics));
}

void TestModelLenient::badCorpusStillFailsStrictly()
{
    const QDir dir(QStringLiteral(CQRS_SOURCE_DIR "/tests/data/bad"));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    QVERIFY(files.size() > 10);
    for (const QString &name : files) {
        const std::string path = dir.filePath(name).toStdString();
        const ModelLoadResult strict = loadModelFile(path);
        QVERIFY2(!strict.ok(), qPrintable(name));
        // Leniently: a model or not, never a crash, and always the errors.
        const ModelLoadResult loose = loadModelFile(path, lenient());
        QVERIFY2(hasErrors(loose.diagnostics), qPrintable(name));
        if (loose.ok())
            QVERIFY2(!serializeModel(*loose.model).empty(), qPrintable(name));
    }
}

QTEST_GUILESS_MAIN(TestModelLenient)
#include "tst_model_lenient.moc"
