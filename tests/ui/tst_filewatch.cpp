// A model file changed by another program while it is open (a git pull, an
// editor): the application asks whether to load it, as one step that
// Edit > Undo takes back, or to keep its own model; a save never writes over
// the other program's changes unasked. Saving again what was saved, or a
// tool that only touches the file, is no change.
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/filecontroller.h"
#include "cqrs/ui/shell/filewatch.h"
#include "dialogtestutil.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>
#include <cqrs/model/modeljson.h>
#include <functional>
#include <memory>

using namespace cqrs;
using testing::answerNextDialog;
using testing::DialogAnswer;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(cannot read)");
}

/// Writes the example under another name, as another program would.
void writeNamed(const QString &path, const std::string &name)
{
    QFile example(QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/user-profile.cqrs.json"));
    QVERIFY(example.open(QIODevice::ReadOnly));
    ModelLoadResult loaded = parseModel(example.readAll().toStdString());
    QVERIFY(loaded.ok());
    loaded.model->name = name;
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QByteArray::fromStdString(serializeModel(*loaded.model)));
}

/// Clicks the button of that text in the message box of that name when it
/// shows (for up to ten seconds); `clicked` says it did.
void clickWhenShown(const QString &box, const QString &button, bool *clicked)
{
    *clicked = false;
    auto poll = std::make_shared<std::function<void(int)>>();
    *poll = [=](int left) {
        auto *shown = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (shown && shown->objectName() == box) {
            for (QAbstractButton *b : shown->buttons()) {
                if (b->text() == button) {
                    *clicked = true;
                    b->click();
                    return;
                }
            }
        }
        if (left > 0)
            QTimer::singleShot(20, [poll, left] { (*poll)(left - 1); });
    };
    QTimer::singleShot(20, [poll] { (*poll)(500); });
}

/// A window in front and a model file opened from a folder of its own.
struct Opened
{
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("team.cqrs.json"));
    QWidget window;
    Document document;
    FileController files{&document, &window};

    bool open()
    {
        writeNamed(path, "Ours");
        window.show();
        window.activateWindow();
        return QTest::qWaitFor(
                   [] { return QGuiApplication::applicationState() == Qt::ApplicationActive; },
                   5000)
               && files.openFile(path);
    }
};

} // namespace

class TestFileWatch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_filewatch");
    }

    void changesOnDiskAreAskedAboutNeverLost()
    {
        Opened opened;
        QVERIFY(opened.open());
        const QString &path = opened.path;
        Document &document = opened.document;
        FileController &files = opened.files;
        auto *watch = files.findChild<FileWatch *>();
        QVERIFY(watch);
        QVERIFY(!watch->changedOnDisk());
        const std::size_t notes = document.model().diagram.notes.size();

        // Another program changes it; the user keeps their model.
        bool kept = false;
        clickWhenShown(QStringLiteral("reloadChangedBox"), QStringLiteral("Keep Mine"), &kept);
        writeNamed(path, "Theirs");
        QTRY_VERIFY(kept);
        QCOMPARE(document.model().name, std::string("Ours"));
        // The canvas is not the file any more: unsaved (Quit asked nothing).
        QVERIFY(document.isModified());
        QVERIFY(!watch->changedOnDisk()); // that version is not asked about again
        // Saving over their content still asks (it replaced a teammate's
        // work without a word); Cancel keeps the file, Save Anyway writes.
        document.addNote(QPointF(40, 40), QStringLiteral("edit"));
        {
            DialogAnswer cancel;
            answerNextDialog(&cancel, QMessageBox::Cancel);
            QVERIFY(!files.save());
            QVERIFY(cancel.answered);
            QCOMPARE(cancel.seenName, QStringLiteral("overwriteChangedBox"));
            QVERIFY2(cancel.seenText.contains(QStringLiteral("You kept this model")),
                     qPrintable(cancel.seenText));
            QVERIFY(readAll(path).contains("\"Theirs\""));
            DialogAnswer anyway;
            answerNextDialog(&anyway, QMessageBox::Save);
            QVERIFY(files.save());
            QVERIFY(anyway.answered);
        }
        QVERIFY(readAll(path).contains("\"Ours\""));
        QVERIFY(!watch->differsFromOurs());

        // Changed again: Reload loads it as one undoable step, unmodified.
        bool reloaded = false;
        clickWhenShown(QStringLiteral("reloadChangedBox"), QStringLiteral("Reload"), &reloaded);
        writeNamed(path, "Pulled");
        QTRY_VERIFY(reloaded);
        QTRY_COMPARE(document.model().name, std::string("Pulled"));
        QVERIFY(!document.isModified());
        QVERIFY(!watch->changedOnDisk());
        QVERIFY(document.undoStack()->canUndo());
        QVERIFY(document.undoStack()->undoText().contains(QStringLiteral("Reload team.cqrs.json")));
        document.undoStack()->undo();
        QCOMPARE(document.model().name, std::string("Ours"));
        QCOMPARE(document.model().diagram.notes.size(), notes + 1); // the edit is back
        document.undoStack()->redo();
        QCOMPARE(document.model().name, std::string("Pulled"));

        // Saving the same model again, or a touch, is no change: no question.
        QVERIFY(files.save());
        QFile touched(path);
        QVERIFY(touched.open(QIODevice::ReadWrite));
        QVERIFY(touched.setFileTime(QDateTime::currentDateTime().addSecs(60),
                                    QFileDevice::FileModificationTime));
        touched.close();
        QTest::qWait(400); // more than the watch's settling; a question would be open now
        QVERIFY(!QApplication::activeModalWidget());

        // A save that finds the file changed before the question came (the
        // window was behind a terminal): asked; Cancel leaves the file.
        watch->blockSignals(true);
        writeNamed(path, "Rebased");
        document.addNote(QPointF(80, 80), QStringLiteral("another edit"));
        DialogAnswer cancel;
        answerNextDialog(&cancel, QMessageBox::Cancel);
        QVERIFY(!files.save());
        QVERIFY(cancel.answered);
        QCOMPARE(cancel.seenName, QStringLiteral("overwriteChangedBox"));
        QVERIFY2(cancel.seenText.contains(QStringLiteral("changed by another program")),
                 qPrintable(cancel.seenText));
        QVERIFY(readAll(path).contains("\"Rebased\""));
        QVERIFY(document.isModified());
        DialogAnswer overwrite;
        answerNextDialog(&overwrite, QMessageBox::Save);
        QVERIFY(files.save());
        QVERIFY(overwrite.answered);
        QVERIFY(readAll(path).contains("\"Pulled\""));
        QVERIFY(!watch->changedOnDisk());
        watch->blockSignals(false);

        // Reloaded over unsaved edits: they stay unsaved (one Undo away), so
        // closing still asks and their recovery copy is kept.
        document.addNote(QPointF(120, 120), QStringLiteral("unsaved"));
        QVERIFY(document.isModified());
        bool again = false;
        clickWhenShown(QStringLiteral("reloadChangedBox"), QStringLiteral("Reload"), &again);
        writeNamed(path, "Merged");
        QTRY_VERIFY(again);
        QTRY_COMPARE(document.model().name, std::string("Merged"));
        QVERIFY(document.isModified());
        document.undoStack()->undo();
        QVERIFY(std::any_of(document.model().diagram.notes.begin(),
                            document.model().diagram.notes.end(),
                            [](const Note &n) { return n.text == "unsaved"; }));
        // Back before that note: the model as last saved, but the file holds
        // "Merged" now, so it is not unmodified (the title lost its mark).
        document.undoStack()->undo();
        QVERIFY(!std::any_of(document.model().diagram.notes.begin(),
                             document.model().diagram.notes.end(),
                             [](const Note &n) { return n.text == "unsaved"; }));
        QVERIFY(document.isModified());
    }

    // New content that is not a model (half written, a merge's conflict
    // markers) is said in the question, with where, and Keep Mine is the
    // default: Reload only showed an error after it was pressed. The other
    // program finishing its write while the question is open is asked about
    // next.
    void brokenNewContentIsSaidInTheQuestion()
    {
        Opened opened;
        QVERIFY(opened.open());
        QStringList said;
        QStringList defaults;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("reloadChangedBox"))
                return;
            said << box->text() + QLatin1Char('\n') + box->informativeText();
            defaults << (box->defaultButton() ? box->defaultButton()->text()
                                              : QStringLiteral("(none)"));
            QString answer = QStringLiteral("Reload");
            if (said.size() == 1) {
                writeNamed(opened.path, "Theirs"); // finished meanwhile
                answer = QStringLiteral("Keep Mine");
            }
            for (QAbstractButton *button : box->buttons()) {
                if (button->text() == answer)
                    button->click();
            }
        });
        poll.start(20);
        QFile file(opened.path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\n  \"format\": \"cqrs-studio/model\",\n<<<<<<< HEAD\n");
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(!said.isEmpty(), 10000);
        QVERIFY2(said.constFirst().contains(QStringLiteral("cannot be read as a model"))
                     && said.constFirst().contains(QStringLiteral("line 3")),
                 qPrintable(said.constFirst()));
        QCOMPARE(defaults.constFirst(), QStringLiteral("Keep Mine"));
        QTRY_COMPARE_WITH_TIMEOUT(said.size(), 2, 10000);
        QVERIFY2(!said.last().contains(QStringLiteral("cannot be read")), qPrintable(said.last()));
        // Keep Mine made the model unsaved (the canvas is not the file), but
        // nothing was edited: the finished file is offered first, and the
        // reload leaves the model saved (it said "Your unsaved changes stay
        // one Edit > Undo away", Keep Mine first, and kept the mark after).
        QCOMPARE(defaults.last(), QStringLiteral("Reload"));
        QVERIFY2(!said.last().contains(QStringLiteral("unsaved")), qPrintable(said.last()));
        QTRY_COMPARE(opened.document.model().name, std::string("Theirs"));
        QVERIFY(!opened.document.isModified());
    }

    // Kept, then edited and saved: an undo back to the kept model is an
    // edit of the saved file, and the next change on disk asks with Keep
    // Mine first.
    void keptThenSavedEditsAreOwnEdits()
    {
        Opened opened;
        QVERIFY(opened.open());
        bool kept = false;
        clickWhenShown(QStringLiteral("reloadChangedBox"), QStringLiteral("Keep Mine"), &kept);
        writeNamed(opened.path, "Theirs");
        QTRY_VERIFY(kept);
        opened.document.addNote(QPointF(40, 40), QStringLiteral("mine"));
        QString defaultButton;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            if (box->objectName() == QLatin1String("overwriteChangedBox")) {
                box->button(QMessageBox::Save)->click();
            } else if (box->objectName() == QLatin1String("reloadChangedBox")) {
                defaultButton = box->defaultButton() ? box->defaultButton()->text() : QString();
                for (QAbstractButton *button : box->buttons()) {
                    if (button->text() == QLatin1String("Keep Mine"))
                        button->click();
                }
            }
        });
        poll.start(20);
        QVERIFY(opened.files.saveToFile(opened.path)); // over theirs, asked first
        QVERIFY(!opened.document.isModified());
        opened.document.undoStack()->undo(); // back to the model kept
        QVERIFY(opened.document.isModified());
        writeNamed(opened.path, "Later");
        QTRY_VERIFY_WITH_TIMEOUT(!defaultButton.isEmpty(), 10000);
        QCOMPARE(defaultButton, QStringLiteral("Keep Mine"));
    }

    // Deleted under it: the model is then nowhere else, so it counts as
    // unsaved (closing asks, a copy is kept), and the status bar says why.
    void aDeletedFileLeavesTheModelUnsaved()
    {
        Opened opened;
        QVERIFY(opened.open());
        QVERIFY(!opened.document.isModified());
        QSignalSpy status(&opened.files, &FileController::statusMessage);
        QVERIFY(QFile::remove(opened.path));
        QTRY_VERIFY(opened.document.isModified());
        QVERIFY(!status.isEmpty());
        QVERIFY2(status.last().at(0).toString().contains(QStringLiteral("was deleted or moved")),
                 qPrintable(status.last().at(0).toString()));
        QVERIFY(opened.files.save()); // puts it back, without a question
        QVERIFY(QFile::exists(opened.path));
        QVERIFY(!opened.document.isModified());
    }

    // File > Reload from Disk: a file moved away and put back (no notice
    // comes for it) is read again on request, as one undo step.
    void reloadFromDiskOnRequest()
    {
        Opened opened;
        QVERIFY(opened.open());
        Document &document = opened.document;
        QAction *reload = opened.files.reloadAction();
        QVERIFY(reload->isEnabled());
        const QString away = opened.dir.filePath(QStringLiteral("away.json"));
        QVERIFY(QFile::rename(opened.path, away));
        QTRY_VERIFY(document.isModified()); // said deleted or moved
        const std::size_t notes = document.model().diagram.notes.size();
        document.addNote(QPointF(40, 40), QStringLiteral("mine"));
        QVERIFY(QFile::rename(away, opened.path));
        QSignalSpy status(&opened.files, &FileController::statusMessage);
        reload->trigger();
        QCOMPARE(document.model().diagram.notes.size(), notes);
        QCOMPARE(document.model().name, std::string("Ours"));
        QVERIFY(document.isModified()); // the note is one Undo away, still unsaved
        QVERIFY2(status.last().at(0).toString().contains(
                     QStringLiteral("Undo brings your unsaved changes back")),
                 qPrintable(status.last().at(0).toString()));
        document.undoStack()->undo();
        QCOMPARE(document.model().diagram.notes.size(), notes + 1);
        document.undoStack()->redo();
        // Again: the canvas holds the file already; no step, and saved.
        const int steps = document.undoStack()->count();
        reload->trigger();
        QCOMPARE(document.undoStack()->count(), steps);
        QVERIFY(!document.isModified());
        QVERIFY2(
            status.last().at(0).toString().contains(QStringLiteral("holds this model already")),
            qPrintable(status.last().at(0).toString()));
        // Gone: said, and the model stays.
        QVERIFY(QFile::remove(opened.path));
        QTRY_VERIFY(document.isModified());
        DialogAnswer ok;
        answerNextDialog(&ok, QMessageBox::Ok);
        reload->trigger();
        QVERIFY(ok.answered);
        QCOMPARE(document.undoStack()->count(), steps);
        // A file that leaves the places out (the canvas gives them): read
        // again, it is still the canvas's model, no step.
        Model unplaced = document.model();
        unplaced.diagram.nodes.clear();
        QVERIFY(saveModelFile(unplaced, opened.path.toStdString()));
        reload->trigger();
        const int placedSteps = document.undoStack()->count();
        reload->trigger();
        QCOMPARE(document.undoStack()->count(), placedSteps);
        QVERIFY(!document.isModified());
        // An untitled model has no file to read.
        Document untitled;
        FileController files(&untitled, &opened.window);
        QVERIFY(!files.reloadAction()->isEnabled());
    }

    // Replaced by renaming another file over it, as editors and git do: still
    // followed.
    void aFileReplacedByARenameIsStillWatched()
    {
        Opened opened;
        QVERIFY(opened.open());
        for (const char *name : {"First", "Second"}) {
            bool reloaded = false;
            clickWhenShown(QStringLiteral("reloadChangedBox"), QStringLiteral("Reload"), &reloaded);
            const QString other = opened.dir.filePath(QStringLiteral("incoming.json"));
            writeNamed(other, name);
            QVERIFY(QFile::remove(opened.path));
            QVERIFY(QFile::rename(other, opened.path));
            QTRY_VERIFY(reloaded);
            QTRY_COMPARE(opened.document.model().name, std::string(name));
        }
    }
};

QTEST_MAIN(TestFileWatch)
#include "tst_filewatch.moc"
