// Golden results: the whole result of every shipped example (shortened) and of
// small models for the engine's features, byte for byte, so that an
// unintended change of any figure shows as a diff (issue 9).
// Regenerate with CQRS_UPDATE_GOLDEN=1 (see tests/simulator/golden/README.md).

#include "cqrs/model/modeljson.h"
#include "cqrs/sim/simulation.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <string>

using namespace cqrs;

namespace {

const QString kGoldenDir = QStringLiteral(CQRS_SOURCE_DIR "/tests/simulator/golden");

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeAll(const QString &path, const std::string &text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size());
}

} // namespace

class TstSimGolden : public QObject
{
    Q_OBJECT

private slots:
    void cases_data();
    void cases();
    void everyExampleHasACase();
};

void TstSimGolden::cases_data()
{
    QTest::addColumn<QString>("dir");
    const QStringList names = QDir(kGoldenDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY(names.size() >= 9);
    for (const QString &name : names)
        QTest::newRow(qPrintable(name)) << kGoldenDir + QLatin1Char('/') + name;
}

void TstSimGolden::cases()
{
    QFETCH(QString, dir);
    const std::string modelPath = (dir + QStringLiteral("/model.cqrs.json")).toStdString();
    const ModelLoadResult loaded = loadModelFile(modelPath);
    QVERIFY2(loaded.ok(), modelPath.c_str());

    const QByteArray optionsText = readAll(dir + QStringLiteral("/options.json"));
    const JsonParseResult parsed = parseJsonText(std::string_view(optionsText.constData(), static_cast<std::size_t>(optionsText.size())));
    QVERIFY2(parsed.json.has_value(), "options.json does not parse");
    const Json &o = *parsed.json;
    sim::SimulationOptions options;
    if (o.contains("seed"))
        options.seed = o["seed"].get<std::int64_t>();
    if (o.contains("duration"))
        options.duration = o["duration"].get<double>();
    options.series = o.value("series", false);

    Json result = sim::simulate(*loaded.model, options);
    QVERIFY(result["engine"].contains("wallSeconds"));
    result["engine"].erase("wallSeconds"); // the only wall-clock field
    const std::string actual = sim::formatResult(result);

    const QString expectedPath = dir + QStringLiteral("/expected.json");
    const QString actualPath = dir + QStringLiteral("/actual.json");
    if (qEnvironmentVariableIsSet("CQRS_UPDATE_GOLDEN")) {
        QVERIFY(writeAll(expectedPath, actual));
        QFile::remove(actualPath);
        qInfo("updated %s", qPrintable(expectedPath));
        return;
    }
    const QByteArray expected = readAll(expectedPath);
    if (expected != QByteArray::fromStdString(actual)) {
        QVERIFY(writeAll(actualPath, actual));
        const QString hint = QStringLiteral("result differs from the golden file; see\n  diff -u %1 %2\n"
                                            "If the change is intended: CQRS_UPDATE_GOLDEN=1 %3")
                                 .arg(expectedPath, actualPath, QCoreApplication::applicationFilePath());
        QFAIL(qPrintable(hint));
    }
    QFile::remove(actualPath);
}

void TstSimGolden::everyExampleHasACase()
{
    const QStringList examples = QDir(QStringLiteral(CQRS_SOURCE_DIR "/resources/examples"))
                                     .entryList({QStringLiteral("*.cqrs.json")}, QDir::Files);
    QVERIFY(!examples.isEmpty());
    for (QString name : examples) {
        name.chop(int(qstrlen(".cqrs.json")));
        const QString dir = kGoldenDir + QStringLiteral("/example-") + name;
        QVERIFY2(QFile::exists(dir + QStringLiteral("/model.cqrs.json")), qPrintable(dir));
        // The case runs the shipped example, not a stale copy of it.
        QCOMPARE(readAll(dir + QStringLiteral("/model.cqrs.json")),
                 readAll(QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/") + name + QStringLiteral(".cqrs.json")));
    }
}

QTEST_GUILESS_MAIN(TstSimGolden)
#include "tst_sim_golden.moc"
