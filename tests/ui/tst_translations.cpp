// Translations (issue 13): the build extracts a translation template
// (translations/CMakeLists.txt runs lupdate over ui/ and app/cqrs-studio);
// it parses, holds source strings only, has the strings of every file that
// calls tr(), files them under the context the code looks them up in, and a
// translation compiled from it changes the GUI's language.
#include "cqrs/ui/inspector/inspector.h"
#include "cqrs/ui/shell/language.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/editor/scene.h"

#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <map>
#include <set>

using namespace cqrs;

namespace {

/// Files whose strings lupdate files under the namespace "cqrs" instead of
/// the context the code looks them up in (a free tr() helper), so they are
/// never translated. Owned by the panels' accessibility work; the lead
/// empties this list once that branch is merged.
const QStringList kPendingMisplacedContextFiles = {};

struct Template
{
    std::map<QString, std::set<QString>> sources; ///< context -> source texts
    std::map<QString, std::set<QString>> files;   ///< context -> files (relative to the source tree)
    std::set<QString> allFiles;
    int translated = 0; ///< messages with a translation text (a template has none)
    QString error;
};

QString sourceRelative(const QString &path)
{
    const QString root = QFileInfo(QStringLiteral(CQRS_SOURCE_DIR)).canonicalFilePath() + QLatin1Char('/');
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.startsWith(root) ? canonical.mid(root.size()) : path;
}

Template readTemplate(const QString &path)
{
    Template t;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        t.error = QStringLiteral("cannot open %1").arg(path);
        return t;
    }
    const QString dir = QFileInfo(path).absolutePath();
    QXmlStreamReader xml(&file);
    QString context;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("context")) {
                context.clear();
            } else if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("source")) {
                t.sources[context].insert(xml.readElementText());
            } else if (name == QLatin1String("location")) {
                const QString filename = xml.attributes().value(QLatin1String("filename")).toString();
                if (!filename.isEmpty()) {
                    const QString relative = sourceRelative(dir + QLatin1Char('/') + filename);
                    t.files[context].insert(relative);
                    t.allFiles.insert(relative);
                }
            } else if (name == QLatin1String("translation")) {
                if (!xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().isEmpty())
                    ++t.translated;
            }
        }
    }
    if (xml.hasError())
        t.error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return t;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_translations");
        QSettings().clear();
        m_template = readTemplate(QStringLiteral(CQRS_TRANSLATION_TEMPLATE));
        QVERIFY2(m_template.error.isEmpty(), qPrintable(m_template.error));
    }

    void isATemplate()
    {
        QVERIFY(m_template.sources.size() > 20);
        QCOMPARE(m_template.translated, 0);
    }

    /// Strings from many files, each under the context its code looks it up in.
    void knownStrings_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::newRow("menu File") << "cqrs::MainWindow" << "&File";
        QTest::newRow("menu Edit") << "cqrs::MainWindow" << "&Edit";
        QTest::newRow("menu Insert") << "cqrs::MainWindow" << "&Insert";
        QTest::newRow("menu View") << "cqrs::MainWindow" << "&View";
        QTest::newRow("menu Help") << "cqrs::MainWindow" << "&Help";
        QTest::newRow("connect action") << "cqrs::MainWindow" << "Co&nnect To...";
        QTest::newRow("inspector label") << "cqrs::Inspector" << "Handler time";
        QTest::newRow("inspector description") << "cqrs::Inspector" << "How long the command holds a write-side worker.";
        QTest::newRow("connect dialog") << "cqrs::ConnectDialog" << "&Connect";
        QTest::newRow("canvas") << "cqrs::CanvasView" << "Diagram";
        QTest::newRow("glossary") << "Glossary" << "Consistency window";
        QTest::newRow("run bar") << "cqrs::RunBar" << "Pause the run (F6)";
        QTest::newRow("challenge gallery") << "cqrs::ChallengeGallery" << "Best score: %1/100";
        QTest::newRow("trace window") << "cqrs::TraceWindow" << "Trace a Command";
        QTest::newRow("history dock") << "cqrs::HistoryDock" << "Open Run";
        QTest::newRow("command line") << "main" << "Model and simulate CQRS systems.";
    }

    void knownStrings()
    {
        QFETCH(QString, context);
        QFETCH(QString, source);
        const auto it = m_template.sources.find(context);
        QVERIFY2(it != m_template.sources.end(), qPrintable(QStringLiteral("no context %1").arg(context)));
        QVERIFY2(it->second.count(source), qPrintable(QStringLiteral("%1 lacks \"%2\"").arg(context, source)));
    }

    /// A file left out of lupdate's input fails here.
    void everyFileWithStringsIsExtracted()
    {
        static const QRegularExpression marks(
            QStringLiteral(R"((\btr|\btranslate|QT_TRANSLATE_NOOP|QT_TR_NOOP)\s*\(\s*("|\w+\s*,\s*"))"));
        QStringList missing;
        int files = 0;
        for (const QString &dir : {QStringLiteral("ui"), QStringLiteral("app/cqrs-studio")}) {
            QDirIterator it(QStringLiteral(CQRS_SOURCE_DIR "/") + dir, {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadOnly));
                if (!QString::fromUtf8(file.readAll()).contains(marks))
                    continue;
                ++files;
                if (!m_template.allFiles.count(sourceRelative(path)))
                    missing << sourceRelative(path);
            }
        }
        QVERIFY(files > 30);
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in the template: ") + missing.join(QStringLiteral(", "))));
    }

    /// Strings filed under the bare namespace are looked up elsewhere by the
    /// code: a translation of them would never show.
    void noStringsUnderTheNamespace()
    {
        const auto it = m_template.files.find(QStringLiteral("cqrs"));
        if (it == m_template.files.end())
            return;
        QStringList wrong;
        for (const QString &file : it->second) {
            if (!kPendingMisplacedContextFiles.contains(file))
                wrong << file;
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("strings in context \"cqrs\" from: ") + wrong.join(QStringLiteral(", "))));
    }

    /// A German translation made from the template with lrelease changes
    /// the main window's menus and the inspector's descriptions.
    void aTranslationChangesTheLanguage()
    {
        const QString lrelease = QStringLiteral(CQRS_LRELEASE);
        QVERIFY2(QFileInfo(lrelease).isExecutable(), "lrelease (qt6-l10n-tools) is needed");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ts = dir.filePath(QStringLiteral("cqrs-studio_de.ts"));
        QFile file(ts);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context><name>cqrs::MainWindow</name>
<message><source>&amp;File</source><translation>&amp;Datei</translation></message>
</context>
<context><name>cqrs::Inspector</name>
<message><source>How long the command holds a write-side worker.</source><translation>Wie lange der Befehl einen Arbeiter der Schreibseite belegt.</translation></message>
</context>
</TS>
)");
        file.close();
        QProcess process;
        process.start(lrelease, {QStringLiteral("-silent"), ts, QStringLiteral("-qm"),
                                 dir.filePath(QStringLiteral("cqrs-studio_de.qm"))});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);

        QCOMPARE(installTranslations(QLocale(QLocale::German), {dir.filePath(QStringLiteral("none")), dir.path()}),
                 dir.filePath(QStringLiteral("cqrs-studio_de.qm")));
        MainWindow window;
        window.fileController()->openExample(":/examples/user-profile.cqrs.json");
        QCOMPARE(window.menuBar()->actions().front()->text(), QStringLiteral("&Datei"));
        window.scene()->selectElements({idsOfKind(window.document()->model(), ElementKind::Command).front()});
        auto *kind = window.inspector()->findChild<QComboBox *>("handlerTime.kind");
        QVERIFY(kind);
        QVERIFY2(kind->accessibleDescription().contains(QStringLiteral("Wie lange der Befehl")),
                 qPrintable(kind->accessibleDescription()));
        // No translation for a language: nothing is loaded.
        QCOMPARE(installTranslations(QLocale(QLocale::Japanese), {dir.path()}), QString());
    }

private:
    Template m_template;
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
