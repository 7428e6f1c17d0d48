// Crash recovery: a copy of unsaved work within 5 s of the last edit, offered
// after a crash or kill, never written over the user's file.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/document/recovery.h"

#include <cqrs/model/fileio.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/process.h>

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <algorithm>

#include <csignal>

using namespace cqrs;

class TestRecovery : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void copyWithinFiveSecondsOfTheLastEdit();
    void steadyEditingStillWritesEveryFiveSeconds();
    void saveAndDiscardRemoveTheCopy();
    void killedProcessLeavesACopyThatIsOffered();
    void mainWindowOffersTheCopy_data();
    void mainWindowOffersTheCopy();
    void untitledCopySpeaksOfNoFile();

private:
    QString exampleCopy();
    std::unique_ptr<QTemporaryDir> m_home;
};

void TestRecovery::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    // AppDataLocation follows XDG_DATA_HOME: every test gets an empty one.
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home->filePath(QStringLiteral("data"))));
    QCoreApplication::setOrganizationName(QStringLiteral("CQRS Studio"));
    QCoreApplication::setApplicationName(QStringLiteral("CQRS Studio"));
}

QString TestRecovery::exampleCopy()
{
    const QString path = m_home->filePath(QStringLiteral("profile.cqrs.json"));
    QFile::remove(path);
    if (!QFile::copy(QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json"), path))
        return {};
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

void TestRecovery::copyWithinFiveSecondsOfTheLastEdit()
{
    const QString path = exampleCopy();
    Document document;
    document.resetModel(*loadModelFile(path.toStdString()).model, path);
    RecoveryWriter writer(&document);
    QSignalSpy written(&writer, &RecoveryWriter::copyWritten);
    QElapsedTimer timer;
    timer.start();
    document.addNote(QPointF(0, 0), QStringLiteral("first"));
    QVERIFY(written.wait(RecoveryWriter::kDeadlineMs + 1000));
    QVERIFY(timer.elapsed() <= RecoveryWriter::kDeadlineMs + 500);
    const ModelLoadResult copy = loadModelFile(writer.copyPath().toStdString());
    QVERIFY(copy.ok());
    QCOMPARE(serializeModel(*copy.model), serializeModel(document.model()));
    QVERIFY(writer.lastError().isEmpty());
}

// Edits every second for 8 s: the idle timer never fires, the deadline does.
void TestRecovery::steadyEditingStillWritesEveryFiveSeconds()
{
    const QString path = exampleCopy();
    Document document;
    document.resetModel(*loadModelFile(path.toStdString()).model, path);
    RecoveryWriter writer(&document);
    QSignalSpy written(&writer, &RecoveryWriter::copyWritten);
    QElapsedTimer timer;
    timer.start();
    qint64 firstWrite = -1;
    for (int i = 0; i < 8; ++i) {
        document.addNote(QPointF(i * 10, 0), QStringLiteral("note %1").arg(i));
        QTest::qWait(1000);
        if (firstWrite < 0 && !written.isEmpty())
            firstWrite = timer.elapsed();
    }
    QVERIFY2(firstWrite > 0 && firstWrite <= RecoveryWriter::kDeadlineMs + 1100, qPrintable(QString::number(firstWrite)));
}

void TestRecovery::saveAndDiscardRemoveTheCopy()
{
    const QString path = exampleCopy();
    Document document;
    document.resetModel(*loadModelFile(path.toStdString()).model, path);
    RecoveryWriter writer(&document);
    document.addNote(QPointF(0, 0), QStringLiteral("unsaved"));
    writer.flush();
    QVERIFY(QFile::exists(writer.copyPath()));
    document.markSaved(); // what a successful save does
    QVERIFY(!QFile::exists(writer.copyPath()));

    document.addNote(QPointF(0, 0), QStringLiteral("again"));
    writer.flush();
    QVERIFY(QFile::exists(writer.copyPath()));
    writer.discard();
    QVERIFY(!QFile::exists(writer.copyPath()));
    // Our own live copy is never offered as an orphan.
    writer.flush();
    QVERIFY(orphanedRecoveries().isEmpty());
}

void TestRecovery::killedProcessLeavesACopyThatIsOffered()
{
    const QString path = exampleCopy();
    QFile original(path);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray originalBytes = original.readAll();
    original.close();

    QProcess child;
    child.start(QStringLiteral(CQRS_BINARY_DIR "/tests/ui/recovery_child"), {path});
    QVERIFY(child.waitForStarted());
    QVERIFY2(QTest::qWaitFor([&] { return child.canReadLine() || child.state() != QProcess::Running; }, 15000),
             "the child wrote no recovery copy");
    const QByteArray line = child.readLine().trimmed();
    QVERIFY2(line.startsWith("written "), line.constData());
    QVERIFY2(line.mid(8).toLongLong() <= RecoveryWriter::kDeadlineMs, line.constData());
    ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
    QVERIFY(child.waitForFinished(5000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    const QList<RecoveryEntry> orphans = orphanedRecoveries();
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans.front().originalPath, path);
    QVERIFY(orphans.front().writtenAt.isValid());

    Document restored;
    QString error;
    QVERIFY2(restoreRecovery(orphans.front(), &restored, &error), qPrintable(error));
    removeRecovery(orphans.front());
    QVERIFY(restored.isModified());
    QCOMPARE(restored.filePath(), path);
    QCOMPARE(restored.model().diagram.notes.back().text, std::string("unsaved work"));
    // One step to undo: back to what the file holds, saved again.
    QCOMPARE(restored.undoStack()->undoText(), QStringLiteral("Restore unsaved changes"));
    restored.undoStack()->undo();
    QVERIFY(!restored.isModified());
    QVERIFY(std::none_of(restored.model().diagram.notes.begin(), restored.model().diagram.notes.end(),
                         [](const Note &n) { return n.text == "unsaved work"; }));
    restored.undoStack()->redo();
    QVERIFY(restored.isModified());
    // The user's file is untouched until they save; the orphan is gone.
    QVERIFY(original.open(QIODevice::ReadOnly));
    QCOMPARE(original.readAll(), originalBytes);
    QVERIFY(orphanedRecoveries().isEmpty());
}

void TestRecovery::mainWindowOffersTheCopy_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<bool>("restored");
    QTest::addColumn<bool>("copyKept");
    QTest::newRow("restore") << QStringLiteral("Restore") << true << false;
    QTest::newRow("discard") << QStringLiteral("Discard") << false << false;
    QTest::newRow("later") << QStringLiteral("Later") << false << true;
}

// An orphan as a killed process leaves it (its pid no longer runs): the window
// asks, and each answer does what it says.
void TestRecovery::mainWindowOffersTheCopy()
{
    QFETCH(QString, answer);
    QFETCH(bool, restored);
    QFETCH(bool, copyKept);
    const QString path = exampleCopy();
    Model model = *loadModelFile(path.toStdString()).model;
    model.diagram.notes.push_back(Note{"from the crashed session", 10, 10, Json::object()});
    const QString base = recoveryFolder() + QStringLiteral("/999999999-0");
    std::string error;
    QVERIFY(writeFileAtomically((base + ".cqrs.json").toStdString(), serializeModel(model), &error));
    // This host and boot, a pid that does not run.
    const QByteArray meta = QStringLiteral(R"({"pid": 999999999, "process": "%3", "file": "%1",
        "model": "User profile", "writtenAt": "%2"})")
                                .arg(path, QDateTime::currentDateTimeUtc().toString(Qt::ISODate),
                                     QString::fromStdString(currentProcessToken()))
                                .toUtf8();
    QVERIFY(writeFileAtomically((base + ".recovery.json").toStdString(), meta.toStdString(), &error));

    MainWindow window;
    QString question;
    QTimer::singleShot(0, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        question = box->text();
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(QLatin1Char('&')).contains(answer))
                button->click();
        }
    });
    QCOMPARE(window.fileController()->offerRecovery(), restored);
    QVERIFY2(question.contains(QStringLiteral("profile.cqrs.json")), qPrintable(question));
    QCOMPARE(QFile::exists(base + ".cqrs.json"), copyKept);
    if (restored) {
        QVERIFY(window.document()->isModified());
        QCOMPARE(window.document()->filePath(), path);
        QCOMPARE(window.document()->model().diagram.notes.back().text, std::string("from the crashed session"));
    }
    QFile::remove(base + ".cqrs.json");
    QFile::remove(base + ".recovery.json");
}

// An untitled model's copy: the question spoke of "the file on disk",
// and there is none.
void TestRecovery::untitledCopySpeaksOfNoFile()
{
    Model model = *loadModelFile(exampleCopy().toStdString()).model;
    const QString base = recoveryFolder() + QStringLiteral("/999999998-0");
    std::string error;
    QVERIFY(writeFileAtomically((base + ".cqrs.json").toStdString(), serializeModel(model), &error));
    const QByteArray meta = QStringLiteral(R"({"pid": 999999998, "process": "%2", "file": "",
        "model": "Sketch", "writtenAt": "%1"})")
                                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate),
                                     QString::fromStdString(currentProcessToken()))
                                .toUtf8();
    QVERIFY(writeFileAtomically((base + ".recovery.json").toStdString(), meta.toStdString(), &error));
    MainWindow window;
    QString question, details;
    QTimer::singleShot(0, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        question = box->text();
        details = box->informativeText();
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(QLatin1Char('&')).contains(QStringLiteral("Later")))
                button->click();
        }
    });
    QVERIFY(!window.fileController()->offerRecovery());
    QVERIFY2(question.contains(QStringLiteral("the untitled model \"Sketch\"")), qPrintable(question));
    QVERIFY2(!details.contains(QStringLiteral("file on disk")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Save As")), qPrintable(details));
    QFile::remove(base + ".cqrs.json");
    QFile::remove(base + ".recovery.json");
}

QTEST_MAIN(TestRecovery)
#include "tst_recovery.moc"
