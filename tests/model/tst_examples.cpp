// Every example model loads without errors and is stored in canonical form.
#include <QDir>
#include <QFile>
#include <QtTest>
#include <cqrs/model/modeljson.h>

using namespace cqrs;

class TestExamples : public QObject
{
    Q_OBJECT

private slots:
    void examples_data();
    void examples();
};

void TestExamples::examples_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(CQRS_SOURCE_DIR "/resources/examples"));
    const QStringList files = dir.entryList({"*.cqrs.json"}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        QSKIP("resources/examples has no *.cqrs.json yet");
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestExamples::examples()
{
    QFETCH(QString, path);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    const std::string text(bytes.constData(), static_cast<std::size_t>(bytes.size()));

    const ModelLoadResult result = loadModelFile(path.toStdString());
    QStringList errors;
    for (const Diagnostic &d : result.diagnostics) {
        if (d.isError())
            errors << QString::fromStdString(d.located());
    }
    QVERIFY2(result.ok(), qPrintable(errors.join('\n')));
    QVERIFY2(!result.model->description.empty(), "an example tells a learner what to explore");

    // Stored canonically: loading and saving gives the very same bytes.
    const std::string saved = serializeModel(*result.model);
    if (saved != text) {
        std::size_t at = 0;
        while (at < saved.size() && at < text.size() && saved[at] == text[at])
            ++at;
        QFAIL(qPrintable(
            QString(
                "not canonical; first difference at byte %1: file has \"%2\", canonical is \"%3\"")
                .arg(at)
                .arg(QString::fromStdString(text.substr(at, 40)))
                .arg(QString::fromStdString(saved.substr(at, 40)))));
    }
    const ModelLoadResult again = parseModel(saved);
    QVERIFY(again.ok());
    QVERIFY(*again.model == *result.model);
}

QTEST_APPLESS_MAIN(TestExamples)
#include "tst_examples.moc"
