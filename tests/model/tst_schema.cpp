// The JSON Schema of the model format stays in step with the loader.
#include <QFile>
#include <QtTest>
#include <cqrs/model/model.h>
#include <cqrs/model/modeljson.h>
#include "schemawalker.h"
#include <set>

using namespace cqrs;
using cqrs::schematest::SchemaWalker;

namespace {

Json loadSchema()
{
    QFile f(QStringLiteral(CQRS_SOURCE_DIR "/resources/schema/cqrs-model.schema.json"));
    if (!f.open(QIODevice::ReadOnly))
        return Json();
    const QByteArray bytes = f.readAll();
    const JsonParseResult parsed = parseJsonText(
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    return parsed.json.value_or(Json());
}

} // namespace

class TestSchema : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void schemaIsDraft202012();
    void knownFieldsAreInTheSchema_data();
    void knownFieldsAreInTheSchema();
    void enumsMatchTheLoader_data();
    void enumsMatchTheLoader();
    void defaultsMatchTheModel_data();
    void defaultsMatchTheModel();

private:
    Json m_schema;
};

void TestSchema::initTestCase()
{
    m_schema = loadSchema();
    QVERIFY2(m_schema.is_object(),
             "resources/schema/cqrs-model.schema.json must parse as a JSON object");
}

void TestSchema::schemaIsDraft202012()
{
    QCOMPARE(m_schema["$schema"].get<std::string>(),
             std::string("https://json-schema.org/draft/2020-12/schema"));
    QCOMPARE(m_schema["properties"]["format"]["const"].get<std::string>(),
             std::string(kModelFormat));
    QCOMPARE(m_schema["properties"]["schemaVersion"]["maximum"].get<int>(), kModelSchemaVersion);
    const Json &required = m_schema["required"];
    for (const char *field : {"format", "schemaVersion", "workload"})
        QVERIFY2(std::find(required.begin(), required.end(), field) != required.end(), field);
}

void TestSchema::knownFieldsAreInTheSchema_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("fields");
    const std::vector<KnownObject> known = knownModelFields();
    QVERIFY(known.size() > 20);
    for (const KnownObject &object : known) {
        QStringList fields;
        for (const std::string &f : object.fields)
            fields << QString::fromStdString(f);
        QTest::newRow(object.path.empty() ? "(top level)" : object.path.c_str())
            << QString::fromStdString(object.path) << fields;
    }
}

void TestSchema::knownFieldsAreInTheSchema()
{
    QFETCH(QString, path);
    QFETCH(QStringList, fields);
    const SchemaWalker walker(m_schema);
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
    // And the other way round: the schema documents nothing the loader ignores.
    std::set<std::string> documented;
    walker.properties(object, documented);
    for (const std::string &name : documented)
        QVERIFY2(fields.contains(QString::fromStdString(name)),
                 qPrintable(path + "/" + QString::fromStdString(name)
                            + " is in the schema but the loader does not know it"));
}

void TestSchema::enumsMatchTheLoader_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("values");
    QStringList dists;
    for (DistKind k : {DistKind::Constant, DistKind::Exponential, DistKind::Uniform,
                       DistKind::Normal, DistKind::Lognormal})
        dists << QString::fromUtf8(toString(k).data(), qsizetype(toString(k).size()));
    QTest::newRow("dist") << "/commands/*/handlerTime/dist" << dists;
    QStringList strategies;
    for (Strategy s : {Strategy::Eventual, Strategy::WaitForVersion, Strategy::ReadFromWriteModel,
                       Strategy::OptimisticUi})
        strategies << QString::fromUtf8(toString(s).data(), qsizetype(toString(s).size()));
    QTest::newRow("strategy") << "/queries/*/consistency/strategy" << strategies;
    QTest::newRow("mode") << "/readModels/*/update/mode" << QStringList{"streaming", "batch"};
    QTest::newRow("policy mode") << "/policies/*/update/mode" << QStringList{"streaming", "batch"};
    QTest::newRow("ordering") << "/eventBus/ordering" << QStringList{"partition", "none"};
    QTest::newRow("keys") << "/workload/keys/dist" << QStringList{"uniform", "zipf"};
}

void TestSchema::enumsMatchTheLoader()
{
    QFETCH(QString, path);
    QFETCH(QStringList, values);
    const SchemaWalker walker(m_schema);
    const Json *node = walker.resolve(walker.at(path.toStdString()));
    QVERIFY2(node && node->contains("enum"), qPrintable(path));
    QStringList actual;
    for (const Json &v : (*node)["enum"])
        actual << QString::fromStdString(v.get<std::string>());
    QCOMPARE(actual, values);
}

void TestSchema::defaultsMatchTheModel_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<double>("expected");
    QTest::newRow("instances") << "/aggregates/*/instances" << double(Aggregate().instances);
    QTest::newRow("share") << "/commands/*/share" << Command().share;
    QTest::newRow("rejectRate") << "/commands/*/rejectRate" << Command().rejectRate;
    QTest::newRow("followUp probability")
        << "/commands/*/followUp/probability" << FollowUp().probability;
    QTest::newRow("workers") << "/writeSide/workers" << double(WriteSide().workers);
    QTest::newRow("maxRetries") << "/writeSide/maxRetries" << double(WriteSide().maxRetries);
    QTest::newRow("partitions") << "/eventBus/partitions" << double(EventBus().partitions);
    QTest::newRow("duplicateRate") << "/eventBus/duplicateRate" << EventBus().duplicateRate;
    QTest::newRow("consumers") << "/readModels/*/consumers" << double(ReadModel().consumers);
    QTest::newRow("policy probability") << "/policies/*/probability" << Policy().probability;
    QTest::newRow("pollInterval") << "/queries/*/consistency/pollInterval"
                                  << Consistency().pollInterval;
    QTest::newRow("timeout") << "/queries/*/consistency/timeout" << Consistency().timeout;
    QTest::newRow("seed") << "/workload/seed" << double(Workload().seed);
    QTest::newRow("zipf s") << "/workload/keys/s" << KeySpec().s;
    QTest::newRow("offset") << "/readModels/*/update/offset" << UpdateSpec().offset;
}

void TestSchema::defaultsMatchTheModel()
{
    QFETCH(QString, path);
    QFETCH(double, expected);
    const SchemaWalker walker(m_schema);
    const Json *node = walker.at(path.toStdString());
    QVERIFY2(node && node->contains("default"), qPrintable(path));
    QCOMPARE((*node)["default"].get<double>(), expected);
}

QTEST_APPLESS_MAIN(TestSchema)
#include "tst_schema.moc"
