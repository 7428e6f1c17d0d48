// The document-file lifecycle without the main window (issue 9): a
// FileController on a bare Document, its message boxes answered by object
// name and its file dialogs through setFileDialog().
#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/filedialog.h"
#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/shell/examplegallery.h"
#include "cqrs/ui/shell/filecontroller.h"
#include "cqrs/ui/shell/mainwindow.h"
#include "cqrs/ui/shell/problemspanel.h"
#include "dialogtestutil.h"
#include "locktestutil.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemModel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <cqrs/history/runstore.h>
#include <cqrs/model/modeljson.h>
#include <csignal>
#include <functional>
#include <memory>
#include <sys/resource.h>

using namespace cqrs;

namespace {

using testing::answerNextDialog;
using testing::DialogAnswer;

/// True when `call` returned true without a message box (one that came is rejected).
bool withoutQuestion(const std::function<bool()> &call)
{
    bool asked = false;
    QTimer::singleShot(0, [&asked] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            asked = true;
            box->reject();
        }
    });
    const bool result = call();
    QCoreApplication::processEvents();
    return result && !asked;
}

/// Which model the New dialog was answered with.
struct GalleryAnswer
{
    bool answered = false;
    QString resource; ///< empty for the empty model
};

/// Answers the next New dialog: `row` of its list (0: the empty model), or
/// the Challenges... button when `row` is negative.
void answerNextGallery(GalleryAnswer *answer, int row)
{
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [answer, row, poll] {
        auto *gallery = qobject_cast<ExampleGallery *>(QApplication::activeModalWidget());
        if (!gallery) {
            QTimer::singleShot(20, *poll);
            return;
        }
        answer->answered = true;
        if (row < 0) {
            for (QPushButton *button : gallery->findChildren<QPushButton *>()) {
                if (button->text() == QLatin1String("&Challenges..."))
                    button->click();
            }
            return;
        }
        gallery->list()->setCurrentRow(row);
        answer->resource = gallery->selectedResource();
        gallery->accept();
    };
    QTimer::singleShot(20, *poll);
}

QString example(const char *name)
{
    return QStringLiteral(CQRS_SOURCE_DIR "/resources/examples/") + name;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(cannot read)");
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

/// A document with its controller, file dialogs answered from a list.
struct Fixture
{
    QWidget window; // the dialogs' parent
    Document document;
    FileController files{&document, &window};
    QStringList answers; ///< the next file dialogs' choices, in order ("" cancels)
    QList<FileController::FileQuestion> questions;

    Fixture()
    {
        window.show();
        files.setFileDialog([this](QWidget *parent, const FileController::FileQuestion &question) {
            Q_ASSERT(parent == &window);
            questions << question;
            return answers.isEmpty() ? QString() : answers.takeFirst();
        });
    }

    std::string bytes() const { return serializeModel(document.model()); }
    void edit() { document.addNote(QPointF(40, 40), QStringLiteral("edit")); }
};

/// Runs `act` on the file dialog the next modal call shows.
void whenFileDialogShows(bool *shown, std::function<void(QFileDialog *)> act)
{
    QTimer::singleShot(0, [shown, act = std::move(act)] {
        if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
            *shown = true;
            act(dialog);
        }
    });
}

} // namespace

class TestFileController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // A home of the test's own, set before the settings find their file
        // under it: the dialogs' first folder is Documents or home.
        qputenv("HOME", QFile::encodeName(m_home.path()));
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("cqrs-studio-tests");
        QApplication::setApplicationName("tst_filecontroller");
    }

    void init() { QSettings().clear(); }

    void opensAGoodFile()
    {
        Fixture f;
        QSignalSpy problems(&f.files, &FileController::refreshProblemsRequested);
        QSignalSpy fit(&f.files, &FileController::fitRequested);
        QSignalSpy status(&f.files, &FileController::statusMessage);
        const QString path = example("user-profile.cqrs.json");
        QVERIFY(f.files.openFile(path));
        QCOMPARE(QString::fromStdString(f.document.model().name), QString("User profile"));
        QCOMPARE(f.document.filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(!f.document.isModified());
        QCOMPARE(problems.count(), 1);
        QCOMPARE(fit.count(), 1);
        QCOMPARE(status.count(), 1);
        QVERIFY(status.at(0).at(0).toString().contains("user-profile.cqrs.json"));
        QCOMPARE(f.files.recentFiles(), QStringList{QFileInfo(path).absoluteFilePath()});
        QCOMPARE(QSettings().value("lastFile").toString(), QFileInfo(path).absoluteFilePath());
    }

    void malformedFileNamesThePlaceAndChangesNothing()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.cqrs.json");
        writeAll(bad, "{\n  \"format\": \"cqrs-studio/model\",\n  \"schemaVersion\": 1,\n"
                      "  \"name\": oops\n}\n");
        Fixture f;
        QVERIFY(f.files.openFile(example("uber-trips.cqrs.json")));
        const std::string before = f.bytes();
        const QString pathBefore = f.document.filePath();
        const QStringList recentBefore = f.files.recentFiles();

        DialogAnswer error;
        answerNextDialog(&error, QMessageBox::Ok);
        QVERIFY(!f.files.openFile(bad));
        QVERIFY(error.answered);
        QCOMPARE(error.seenName, QString("openErrorBox"));
        QVERIFY2(error.seenText.contains(QDir::toNativeSeparators(bad)),
                 qPrintable(error.seenText));
        QVERIFY2(error.seenText.contains("line 4"), qPrintable(error.seenText));
        QCOMPARE(f.bytes(), before);
        QCOMPARE(f.document.filePath(), pathBefore);
        QVERIFY(!f.document.isModified());
        QCOMPARE(f.files.recentFiles(), recentBefore); // a failed open is not remembered
    }

    // A recent file renamed on disk was refused, rightly, and stayed in
    // Open Recent to be chosen and refused again; the list could not be
    // cleared either.
    void recentFilesGoneFromDiskLeaveTheList()
    {
        QTemporaryDir dir;
        const QString kept = dir.filePath("kept.cqrs.json");
        const QString moved = dir.filePath("moved.cqrs.json");
        QVERIFY(QFile::copy(example("user-profile.cqrs.json"), kept));
        QVERIFY(QFile::copy(example("user-profile.cqrs.json"), moved));
        Fixture f;
        QVERIFY(f.files.openFile(kept));
        QVERIFY(f.files.openFile(moved));
        QVERIFY(QFile::rename(moved, dir.filePath("elsewhere.cqrs.json")));
        QMenu menu;
        f.files.fillRecentMenu(&menu);
        QAction *gone = nullptr;
        for (QAction *a : menu.actions()) {
            if (a->text() == QStringLiteral("moved.cqrs.json"))
                gone = a;
        }
        QVERIFY(gone);
        DialogAnswer error;
        answerNextDialog(&error, QMessageBox::Ok);
        gone->trigger();
        QVERIFY(error.answered);
        QVERIFY2(error.seenText.contains(QStringLiteral("There is no file")),
                 qPrintable(error.seenText));
        QCOMPARE(f.files.recentFiles(), QStringList{QFileInfo(kept).absoluteFilePath()});

        f.files.fillRecentMenu(&menu);
        QAction *clear = menu.actions().constLast();
        QCOMPARE(clear->objectName(), QStringLiteral("clearRecentFiles"));
        clear->trigger();
        QVERIFY(f.files.recentFiles().isEmpty());
        f.files.fillRecentMenu(&menu);
        QCOMPARE(menu.actions().size(), 1); // "(none)"
        QVERIFY(!menu.actions().front()->isEnabled());
    }

    void unreadableFileIsNotCalledInvalid()
    {
        // A folder where a model file is expected: it cannot be read.
        QTemporaryDir dir;
        const QString folder = dir.filePath("folder.cqrs.json");
        QVERIFY(QDir().mkdir(folder));
        Fixture f;
        DialogAnswer error;
        answerNextDialog(&error, QMessageBox::Ok);
        QVERIFY(!f.files.openFile(folder));
        QVERIFY(error.answered);
        QVERIFY2(error.seenText.contains("could not be read")
                     && !error.seenText.contains("not a valid model"),
                 qPrintable(error.seenText));
        QVERIFY2(error.seenText.contains(QDir::toNativeSeparators(folder)),
                 qPrintable(error.seenText));
    }

    void saveAsAndSaveWriteWhatTheDocumentSerialises()
    {
        QTemporaryDir dir;
        Fixture f;
        QVERIFY(f.files.openExample(":/examples/amazon-orders.cqrs.json"));
        QVERIFY(f.document.filePath().isEmpty());
        f.edit();
        QSignalSpy title(&f.files, &FileController::updateTitleRequested);

        // Untitled: Save asks where (Save As), and the suffix is added.
        f.answers << dir.filePath("orders");
        QVERIFY(f.files.save());
        QCOMPARE(f.questions.size(), 1);
        QCOMPARE(f.questions[0].kind, FileController::FileQuestion::Kind::Save);
        QCOMPARE(f.questions[0].caption, QString("Save model as"));
        const QString path = dir.filePath("orders.cqrs.json");
        QCOMPARE(f.document.filePath(), QFileInfo(path).absoluteFilePath());
        QVERIFY(!f.document.isModified());
        QCOMPARE(readAll(path).toStdString(), f.bytes());
        QCOMPARE(title.count(), 1);
        QCOMPARE(f.files.recentFiles().value(0), QFileInfo(path).absoluteFilePath());

        // Titled: Save writes the same file without asking.
        f.edit();
        QVERIFY(f.document.isModified());
        QVERIFY(f.files.save());
        QCOMPARE(f.questions.size(), 1);
        QCOMPARE(readAll(path).toStdString(), f.bytes());

        // Save As cancelled: nothing written, still the old file.
        f.edit();
        QVERIFY(!f.files.saveAs());
        QCOMPARE(f.questions.size(), 2);
        QCOMPARE(f.questions[1].directory, QFileInfo(path).absoluteFilePath());
        QVERIFY(f.document.isModified());
        QVERIFY(readAll(path).toStdString() != f.bytes());

        // And it reads back as it was written.
        const std::string saved = readAll(path).toStdString();
        Fixture other;
        QVERIFY(other.files.openFile(path));
        QCOMPARE(other.bytes(), saved);
        DialogAnswer discard;
        answerNextDialog(&discard, QMessageBox::Discard);
        QVERIFY(f.files.maybeSave());
    }

    void failedSaveKeepsTheOldFileAndTheChanges()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("precious.cqrs.json");
        writeAll(path, "precious old bytes\n");
        Fixture f;
        QVERIFY(f.files.openExample(":/examples/user-profile.cqrs.json"));
        f.edit();
        const std::string before = f.bytes();

        // Writing fails half-way (a file size limit works even as root).
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit old{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &old) == 0);
        rlimit small = old;
        small.rlim_cur = 64;
        DialogAnswer error;
        answerNextDialog(&error, QMessageBox::Ok);
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
        const bool saved = f.files.saveToFile(path);
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY(!saved);
        QVERIFY(error.answered);
        QCOMPARE(error.seenName, QString("saveErrorBox"));
        QVERIFY2(error.seenText.contains(QDir::toNativeSeparators(path)),
                 qPrintable(error.seenText));
        QVERIFY2(error.seenText.contains("cannot write"), qPrintable(error.seenText));
        QVERIFY2(error.seenText.contains("The file on disk is unchanged"),
                 qPrintable(error.seenText));
        QCOMPARE(readAll(path), QByteArray("precious old bytes\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{"precious.cqrs.json"});
        QVERIFY(f.document.isModified());
        QVERIFY(f.document.filePath().isEmpty());
        QCOMPARE(f.bytes(), before);
        QVERIFY(f.files.recentFiles().isEmpty());

        // A folder that is not there: the error names the file and the reason.
        const QString nowhere = dir.filePath("missing/model.cqrs.json");
        DialogAnswer missing;
        answerNextDialog(&missing, QMessageBox::Ok);
        QVERIFY(!f.files.saveToFile(nowhere));
        QCOMPARE(missing.seenName, QString("saveErrorBox"));
        QVERIFY2(missing.seenText.contains(QDir::toNativeSeparators(nowhere) + ": "),
                 qPrintable(missing.seenText));
        // There was no file to leave unchanged.
        QVERIFY2(missing.seenText.contains("No file was made")
                     && !missing.seenText.contains("unchanged"),
                 qPrintable(missing.seenText));
        QVERIFY(f.document.isModified());

        DialogAnswer discard;
        answerNextDialog(&discard, QMessageBox::Discard);
        QVERIFY(f.files.maybeSave());
    }

    // Edited, then the same file chosen again (Open Recent) and Save
    // answered: the saved edits are what opens. (With the question after the
    // file was read, the copy from before the save opened, and the next save
    // wrote it over the edits.)
    void reopeningTheOwnFileAfterSavingKeepsTheEdits()
    {
        QTemporaryDir dir;
        const QString mine = dir.filePath("mine.cqrs.json");
        Fixture f;
        QVERIFY(f.files.openExample(":/examples/user-profile.cqrs.json"));
        QVERIFY(f.files.saveToFile(mine));
        f.edit();
        const std::string edited = f.bytes();
        DialogAnswer save;
        answerNextDialog(&save, QMessageBox::Save);
        QVERIFY(f.files.openFile(mine));
        QVERIFY(save.answered);
        QCOMPARE(readAll(mine).toStdString(), edited);
        QCOMPARE(f.bytes(), edited);
        QVERIFY(!f.document.isModified());
    }

    void unsavedQuestionCancelDiscardSave()
    {
        QTemporaryDir dir;
        const QString mine = dir.filePath("mine.cqrs.json");
        Fixture f;
        QVERIFY(f.files.openExample(":/examples/user-profile.cqrs.json"));
        QVERIFY(f.files.saveToFile(mine));
        f.edit();
        const std::string edited = f.bytes();
        const QString next = example("uber-trips.cqrs.json");

        // Cancel: nothing opens, the changes stay unsaved.
        DialogAnswer cancel;
        answerNextDialog(&cancel, QMessageBox::Cancel);
        QVERIFY(!f.files.openFile(next));
        QCOMPARE(cancel.seenName, QString("unsavedChangesBox"));
        QVERIFY2(cancel.seenText.contains("mine.cqrs.json has unsaved changes"),
                 qPrintable(cancel.seenText));
        QCOMPARE(f.bytes(), edited);
        QVERIFY(f.document.isModified());
        QCOMPARE(f.document.filePath(), QFileInfo(mine).absoluteFilePath());

        // Save: the changes go to their file, then the other one opens.
        DialogAnswer save;
        answerNextDialog(&save, QMessageBox::Save);
        QVERIFY(f.files.openFile(next));
        QCOMPARE(save.seenName, QString("unsavedChangesBox"));
        QCOMPARE(readAll(mine).toStdString(), edited);
        QCOMPARE(f.document.filePath(), QFileInfo(next).absoluteFilePath());

        // Discard: the other one opens, the file keeps what was saved.
        f.edit();
        DialogAnswer discard;
        answerNextDialog(&discard, QMessageBox::Discard);
        QVERIFY(f.files.openFile(mine));
        QCOMPARE(discard.seenName, QString("unsavedChangesBox"));
        QCOMPARE(f.bytes(), edited);
        QVERIFY(!f.document.isModified());

        // Save of an untitled model whose Save As is cancelled: nothing replaced.
        QVERIFY(f.files.openExample(":/examples/netflix-viewing.cqrs.json"));
        f.edit();
        const std::string untitled = f.bytes();
        DialogAnswer saveUntitled;
        answerNextDialog(&saveUntitled, QMessageBox::Save);
        QVERIFY(!f.files.importFrom(mine));
        QVERIFY(saveUntitled.answered);
        QCOMPARE(f.bytes(), untitled);
        QVERIFY(f.document.isModified());

        // Unmodified: no question at all.
        DialogAnswer last;
        answerNextDialog(&last, QMessageBox::Discard);
        QVERIFY(f.files.openFile(mine));
        QVERIFY(last.answered);
        QVERIFY(withoutQuestion([&] { return f.files.maybeSave(); }));
        QVERIFY(withoutQuestion([&] { return f.files.openFile(next); }));
    }

    void recentFilesNewestFirstOnceEach()
    {
        QTemporaryDir dir;
        Fixture f;
        QVERIFY(f.files.openExample(":/examples/user-profile.cqrs.json"));
        QStringList paths;
        for (int i = 0; i < 10; ++i) {
            paths << QFileInfo(dir.filePath(QString("m%1.cqrs.json").arg(i))).absoluteFilePath();
            QVERIFY(f.files.saveToFile(paths.last()));
        }
        // At most eight, newest first.
        QStringList expected;
        for (int i = 9; i >= 2; --i)
            expected << paths[i];
        QCOMPARE(f.files.recentFiles(), expected);
        // Opening one again moves it to the front, once.
        QVERIFY(f.files.openFile(paths[5]));
        expected.removeAll(paths[5]);
        expected.prepend(paths[5]);
        QCOMPARE(f.files.recentFiles(), expected);
        // A relative path is the same file.
        QVERIFY(f.files.openFile(QDir::current().relativeFilePath(paths[7])));
        QCOMPARE(f.files.recentFiles().value(0), paths[7]);
        QCOMPARE(f.files.recentFiles().count(paths[7]), 1);
        QCOMPARE(f.files.recentFiles().size(), 8);

        // The menu lists them by name, the full path in the tooltip.
        QMenu menu;
        f.files.fillRecentMenu(&menu);
        const QList<QAction *> actions = menu.actions();
        QCOMPARE(actions.size(), 8 + 2); // and a separator, Clear Recent Files
        QCOMPARE(actions[0]->text(), QString("m7.cqrs.json"));
        QCOMPARE(actions[0]->toolTip(), paths[7]);
        QVERIFY(actions[8]->isSeparator());
        QCOMPARE(actions[9]->objectName(), QStringLiteral("clearRecentFiles"));
        // Filling again replaces (the menu is filled each time it shows).
        f.files.fillRecentMenu(&menu);
        QCOMPARE(menu.actions().size(), 8 + 2);

        // Choosing one opens it.
        menu.actions()[1]->trigger();
        QCOMPARE(f.document.filePath(), paths[5]);

        // A file that vanished: the error names it, the document stays.
        QVERIFY(QFile::remove(paths[9]));
        f.files.fillRecentMenu(&menu);
        QAction *vanished = nullptr;
        for (QAction *action : menu.actions()) {
            if (action->toolTip() == paths[9])
                vanished = action;
        }
        QVERIFY(vanished);
        const std::string before = f.bytes();
        DialogAnswer error;
        answerNextDialog(&error, QMessageBox::Ok);
        vanished->trigger();
        QVERIFY(error.answered);
        QCOMPARE(error.seenName, QString("openErrorBox"));
        QVERIFY2(error.seenText.contains(QDir::toNativeSeparators(paths[9])),
                 qPrintable(error.seenText));
        // Gone, not "not a valid model".
        QVERIFY2(error.seenText.contains("There is no file")
                     && !error.seenText.contains("not a valid model"),
                 qPrintable(error.seenText));
        QCOMPARE(f.document.filePath(), paths[5]);
        QCOMPARE(f.bytes(), before);

        // No recent files: one disabled "(none)".
        QSettings().remove("recentFiles");
        f.files.fillRecentMenu(&menu);
        QCOMPARE(menu.actions().size(), 1);
        QCOMPARE(menu.actions()[0]->text(), QString("(none)"));
        QVERIFY(!menu.actions()[0]->isEnabled());
    }

    void lastFileOpensAtStart()
    {
        QTemporaryDir dir;
        const QString path = QFileInfo(dir.filePath("last.cqrs.json")).absoluteFilePath();
        {
            Fixture f;
            QVERIFY(f.files.openExample(":/examples/netflix-viewing.cqrs.json"));
            QVERIFY(f.files.saveToFile(path));
            f.files.writeSettings();
        }
        Fixture again;
        again.files.openInitial();
        QCOMPARE(again.document.filePath(), path);
        // Gone since: the user-profile example instead.
        QVERIFY(QFile::remove(path));
        Fixture third;
        third.files.openInitial();
        QVERIFY(third.document.filePath().isEmpty());
        QCOMPARE(QString::fromStdString(third.document.model().name), QString("User profile"));
        // A file asked for that does not open: the example, said so (it
        // looked as if the file were the example).
        Fixture fourth;
        QSignalSpy said(&fourth.files, &FileController::statusMessage);
        DialogAnswer error;
        answerNextDialog(&error, QMessageBox::Ok);
        fourth.files.openInitial(path);
        QVERIFY(error.answered);
        QCOMPARE(QString::fromStdString(fourth.document.model().name), QString("User profile"));
        QVERIFY(!said.isEmpty());
        QVERIFY2(said.last().at(0).toString().contains(QStringLiteral("was not opened")),
                 qPrintable(said.last().at(0).toString()));
    }

    void importMakesAnUntitledUnsavedCopy()
    {
        QTemporaryDir dir;
        const QString source = dir.filePath("source.json");
        QVERIFY(QFile::copy(example("uber-trips.cqrs.json"), source));
        const QByteArray sourceBytes = readAll(source);
        Fixture f;
        QVERIFY(f.files.openExample(":/examples/user-profile.cqrs.json"));
        f.answers << source;
        f.files.importWithDialog();
        QCOMPARE(f.questions.size(), 1);
        QCOMPARE(f.questions[0].kind, FileController::FileQuestion::Kind::Open);
        QCOMPARE(f.questions[0].caption, QString("Import model JSON"));
        QCOMPARE(QString::fromStdString(f.document.model().name),
                 QString::fromStdString(loadModelFile(source.toStdString()).model->name));
        QVERIFY(f.document.filePath().isEmpty()); // untitled until saved
        QVERIFY(f.document.isModified());         // so replacing it asks
        QVERIFY(f.files.recentFiles().isEmpty());

        // Save asks for a new file: the imported one is never written.
        f.answers << dir.filePath("mine.cqrs.json");
        QVERIFY(f.files.save());
        QCOMPARE(f.questions.size(), 2);
        QCOMPARE(readAll(source), sourceBytes);
        QCOMPARE(readAll(dir.filePath("mine.cqrs.json")).toStdString(), f.bytes());
    }

    void exportWritesACopyAndKeepsEditingTheFile()
    {
        QTemporaryDir dir;
        const QString mine = QFileInfo(dir.filePath("mine.cqrs.json")).absoluteFilePath();
        Fixture f;
        QVERIFY(f.files.openExample(":/examples/user-profile.cqrs.json"));
        QVERIFY(f.files.saveToFile(mine));
        f.edit();
        f.answers << dir.filePath("handed-on");
        f.files.exportWithDialog();
        QCOMPARE(f.questions.size(), 1);
        QCOMPARE(f.questions[0].directory, dir.filePath("mine-copy.cqrs.json"));
        QCOMPARE(readAll(dir.filePath("handed-on.cqrs.json")).toStdString(), f.bytes());
        QCOMPARE(f.document.filePath(), mine);
        QVERIFY(f.document.isModified());
        QCOMPARE(f.files.recentFiles(), QStringList{mine});
        DialogAnswer discard;
        answerNextDialog(&discard, QMessageBox::Discard);
        QVERIFY(f.files.maybeSave());
    }

    // Save As, Open, Import and Export a Copy of an untitled model started
    // in the folder the program was started from (for a user of the desktop
    // menu, wherever the launcher chose).
    void untitledDialogsStartWhereTheLastModelWas()
    {
        QCOMPARE(modelDirectory(), QDir::homePath()); // no Documents, nothing opened yet
        QVERIFY(QDir(m_home.path()).mkpath(QStringLiteral("Documents")));
        const QString documents = QDir(m_home.path()).filePath(QStringLiteral("Documents"));

        Fixture f;
        QVERIFY(f.files.openExample(":/examples/amazon-orders.cqrs.json"));
        f.files.saveAs();
        f.files.openWithDialog();
        f.files.importWithDialog();
        f.files.exportWithDialog();
        QCOMPARE(f.questions.size(), 4);
        // Under the model's own name, in Documents.
        QCOMPARE(f.questions[0].directory, QDir(documents).filePath("amazon-orders.cqrs.json"));
        QCOMPARE(f.questions[1].directory, documents);
        QCOMPARE(f.questions[2].directory, documents);
        QCOMPARE(f.questions[3].directory,
                 QDir(documents).filePath("amazon-orders-copy.cqrs.json"));

        // Once a model was opened or saved somewhere, its folder.
        QTemporaryDir work;
        const QString mine
            = QFileInfo(QDir(work.path()).filePath("mine.cqrs.json")).absoluteFilePath();
        QVERIFY(f.files.saveToFile(mine));
        QVERIFY(f.files.openExample(":/examples/user-profile.cqrs.json"));
        f.questions.clear();
        f.files.saveAs();
        f.files.openWithDialog();
        QCOMPARE(f.questions.size(), 2);
        const QString folder = QFileInfo(mine).absolutePath();
        QCOMPARE(f.questions[0].directory, QDir(folder).filePath("user-profile.cqrs.json"));
        QCOMPARE(f.questions[1].directory, folder);

        // A folder that has gone is passed over.
        QVERIFY(QDir(work.path()).removeRecursively());
        QCOMPARE(modelDirectory(), documents);
        QVERIFY(QDir(documents).removeRecursively());
    }

    void newStartsFromTheGallery()
    {
        Fixture f;
        QVERIFY(f.files.openFile(example("uber-trips.cqrs.json")));
        QSignalSpy problems(&f.files, &FileController::refreshProblemsRequested);
        QSignalSpy challenges(&f.files, &FileController::challengesRequested);

        // The empty model: untitled, nothing in it.
        GalleryAnswer empty;
        answerNextGallery(&empty, 0);
        f.files.newFromGallery();
        QVERIFY(empty.answered);
        QVERIFY(empty.resource.isEmpty());
        QVERIFY(allElementIds(f.document.model()).empty());
        QVERIFY(f.document.filePath().isEmpty());
        QCOMPARE(problems.count(), 1);

        // An example, after the unsaved question: Cancel keeps the edit.
        f.edit();
        const std::string edited = f.bytes();
        GalleryAnswer cancelled;
        answerNextGallery(&cancelled, 1);
        DialogAnswer cancel;
        answerNextDialog(&cancel, QMessageBox::Cancel);
        f.files.newFromGallery();
        QVERIFY(cancelled.answered);
        QVERIFY(cancel.answered);
        QCOMPARE(cancel.seenName, QString("unsavedChangesBox"));
        QCOMPARE(f.bytes(), edited);

        // Discard: the example replaces it, untitled and unmodified.
        GalleryAnswer chosen;
        answerNextGallery(&chosen, 1);
        DialogAnswer discard;
        answerNextDialog(&discard, QMessageBox::Discard);
        f.files.newFromGallery();
        QVERIFY(discard.answered);
        QVERIFY(chosen.resource.startsWith(":/examples/"));
        QFile resource(chosen.resource);
        QVERIFY(resource.open(QIODevice::ReadOnly));
        QCOMPARE(f.bytes(), serializeModel(*parseModel(resource.readAll().toStdString()).model));
        QVERIFY(f.document.filePath().isEmpty());
        QVERIFY(!f.document.isModified());

        // Challenges...: handed on, the document stays.
        const std::string before = f.bytes();
        GalleryAnswer toChallenges;
        answerNextGallery(&toChallenges, -1);
        f.files.newFromGallery();
        QVERIFY(toChallenges.answered);
        QCOMPARE(challenges.count(), 1);
        QCOMPARE(f.bytes(), before);
    }

    void challengeFilesGoToTheChallengeOpener()
    {
        Fixture f;
        QVERIFY(f.files.openExample(":/examples/user-profile.cqrs.json"));
        f.edit(); // the challenge UI asks about it itself
        QStringList opened;
        f.files.setChallengeOpener([&opened](const QString &path) {
            opened << path;
            return true;
        });
        QVERIFY(
            withoutQuestion([&] { return f.files.openFile("/somewhere/tiny.Challenge.json"); }));
        QCOMPARE(opened, QStringList{"/somewhere/tiny.Challenge.json"});
        QVERIFY(f.document.isModified());
        QVERIFY(f.files.recentFiles().isEmpty());
        DialogAnswer discard;
        answerNextDialog(&discard, QMessageBox::Discard);
        QVERIFY(f.files.maybeSave());
    }

    /// A misspelt field ("comandRate") is kept and ignored; Problems says so
    /// as cqrs-sim validate does, and does not after another model opens.
    void unknownFieldsShowInProblems()
    {
        QTemporaryDir dir;
        QFile source(example("user-profile.cqrs.json"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        Json json = Json::parse(source.readAll().toStdString());
        json["workload"]["comandRate"] = 80;
        json["readModels"][1]["consumer"] = 2;
        const std::string second = json["readModels"][1]["id"];
        const QString path = dir.filePath("typo.cqrs.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(json.dump(2)));
        file.close();

        MainWindow window;
        QVERIFY(window.fileController()->openFile(path));
        auto listed = [&window] {
            QStringList texts;
            QTreeWidget *list = window.problemsPanel()->list();
            for (int i = 0; i < list->topLevelItemCount(); ++i)
                texts << list->topLevelItem(i)->text(0) + QLatin1Char(' ')
                             + list->topLevelItem(i)->text(2);
            return texts.join(QLatin1Char('\n'));
        };
        QTRY_VERIFY2(listed().contains(QStringLiteral("unknown field \"comandRate\"")),
                     qPrintable(listed()));
        QVERIFY(listed().contains(QStringLiteral("/workload/comandRate")));
        QVERIFY2(listed().contains(QStringLiteral("did you mean \"commandRate\"?")),
                 qPrintable(listed()));
        QCOMPARE(window.problemsPanel()->errorCount(), 0);
        // An edit keeps it (the field is still in the model, saved with it).
        window.addAction(ElementKind::Aggregate)->trigger();
        QTest::qWait(300);
        QVERIFY(listed().contains(QStringLiteral("comandRate")));
        window.document()->undoStack()->undo(); // unmodified: opening asks nothing
        // A deleted element takes its unknown fields, and their notes, with it.
        QVERIFY(listed().contains(QStringLiteral("unknown field \"consumer\"")));
        window.document()->deleteItems({second}, {}, {});
        QTRY_VERIFY2(!listed().contains(QStringLiteral("\"consumer\"")), qPrintable(listed()));
        QVERIFY(listed().contains(QStringLiteral("comandRate")));
        window.document()->undoStack()->undo();

        QVERIFY(window.fileController()->openFile(example("user-profile.cqrs.json")));
        QTRY_VERIFY2(!listed().contains(QStringLiteral("comandRate")), qPrintable(listed()));
    }

    /// The window's File actions and Open Recent go to its controller.
    void windowWiresItsFileActions()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        FileController *files = window.fileController();
        QVERIFY(files);
        QCOMPARE(files->document(), window.document());
        QStringList answers;
        files->setFileDialog([&answers](QWidget *parent, const FileController::FileQuestion &) {
            return parent && !answers.isEmpty() ? answers.takeFirst() : QString();
        });
        auto trigger = [&window](const char *name) {
            QAction *action = window.findChild<QAction *>(name);
            QVERIFY2(action, name);
            action->trigger();
        };

        answers << example("uber-trips.cqrs.json");
        trigger("openFile");
        QCOMPARE(window.document()->filePath(),
                 QFileInfo(example("uber-trips.cqrs.json")).absoluteFilePath());
        QVERIFY(window.statusBar()->currentMessage().startsWith("Opened"));

        window.addAction(ElementKind::Aggregate)->trigger();
        const QString mine = QFileInfo(dir.filePath("mine.cqrs.json")).absoluteFilePath();
        answers << mine;
        trigger("saveAs");
        QCOMPARE(window.document()->filePath(), mine);
        QVERIFY(!window.document()->isModified());
        QVERIFY(window.windowTitle().startsWith("mine.cqrs.json"));
        QCOMPARE(readAll(mine).toStdString(), serializeModel(window.document()->model()));

        window.addAction(ElementKind::Aggregate)->trigger();
        trigger("save");
        QVERIFY(!window.document()->isModified());
        QCOMPARE(readAll(mine).toStdString(), serializeModel(window.document()->model()));

        answers << dir.filePath("copy");
        trigger("exportJson");
        QCOMPARE(readAll(dir.filePath("copy.cqrs.json")).toStdString(),
                 serializeModel(window.document()->model()));

        answers << example("user-profile.cqrs.json");
        trigger("importJson");
        QVERIFY(window.document()->filePath().isEmpty());
        QCOMPARE(QString::fromStdString(window.document()->model().name), QString("User profile"));

        // Open Recent lists what was opened and saved, newest first.
        auto *recent = window.menuBar()->findChild<QMenu *>("recentMenu");
        QVERIFY(recent);
        emit recent->aboutToShow();
        QCOMPARE(recent->actions().size(), 2 + 2); // and Clear Recent Files
        QCOMPARE(recent->actions()[0]->toolTip(), mine);
        DialogAnswer discard;
        answerNextDialog(&discard, QMessageBox::Discard);
        recent->actions()[0]->trigger();
        QVERIFY(discard.answered);
        QCOMPARE(window.document()->filePath(), mine);

        // Closing asks through the controller, then remembers the file.
        QSettings().setValue("lastFile", example("uber-trips.cqrs.json"));
        window.addAction(ElementKind::Aggregate)->trigger();
        DialogAnswer cancel;
        answerNextDialog(&cancel, QMessageBox::Cancel);
        QVERIFY(!window.close());
        QCOMPARE(cancel.seenName, QString("unsavedChangesBox"));
        DialogAnswer discardToo;
        answerNextDialog(&discardToo, QMessageBox::Discard);
        QVERIFY(window.close());
        QCOMPARE(QSettings().value("lastFile").toString(), mine);
    }

    // A name typed without its extension is saved with the chosen filter's,
    // and the dialog asks before replacing that file (it asked about
    // "orders", then the model was written over "orders.cqrs.json").
    void saveDialogAddsTheFiltersSuffix()
    {
        QTemporaryDir dir;
        bool shown = false;
        whenFileDialogShows(&shown, [](QFileDialog *dialog) {
            auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            if (name) {
                name->setText(QStringLiteral("orders"));
                QTest::keyClick(name, Qt::Key_Return);
            }
            if (dialog->isVisible())
                dialog->reject();
        });
        const QString path
            = askSaveFileName(nullptr, QStringLiteral("Save As"), dir.path(),
                              QStringLiteral("CQRS models (*.cqrs.json);;JSON (*.json)"));
        QVERIFY(shown);
        QCOMPARE(path, dir.filePath(QStringLiteral("orders.cqrs.json")));
    }

    // Qt's file dialog read the start of every file in the folder it showed
    // (to tell its type), and closing those handles dropped this process's
    // locks on the run history's database there: a cqrs-sim closing the
    // history afterwards deleted its write-ahead log under the application,
    // and the runs recorded from then on were lost. Every dialog of the
    // application (Open, Save As, exports, challenges) lists a folder
    // without opening its files.
    void fileDialogsLeaveTheHistoryLocked_data()
    {
        QTest::addColumn<bool>("save");
        QTest::newRow("open") << false;
        QTest::newRow("save") << true;
    }

    void fileDialogsLeaveTheHistoryLocked()
    {
        QFETCH(bool, save);
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("runs.sqlite"));
        std::string error;
        const auto store = history::RunStore::open(db.toStdString(), &error);
        QVERIFY2(store, error.c_str());
        history::RunStart start;
        start.modelName = "User profile";
        QVERIFY(store->beginRun(start, &error) > 0);
        QVERIFY(QFile::copy(QStringLiteral(":/examples/user-profile.cqrs.json"),
                            dir.filePath(QStringLiteral("user-profile.cqrs.json"))));
        QVERIFY(testing::othersSeeSharedLock(db));

        bool shown = false;
        whenFileDialogShows(&shown, [&dir](QFileDialog *dialog) {
            auto *files = dialog->findChild<QFileSystemModel *>();
            if (files) {
                // Listed, with every file's type and icon looked up.
                QSignalSpy loaded(files, &QFileSystemModel::directoryLoaded);
                if (loaded.isEmpty())
                    loaded.wait(3000);
                const QModelIndex folder = files->index(dir.path());
                for (int row = 0; row < files->rowCount(folder); ++row) {
                    files->data(files->index(row, 0, folder), Qt::DecorationRole);
                    files->data(files->index(row, 2, folder), Qt::DisplayRole); // Type
                }
            }
            QTest::qWait(500); // the file information thread at work
            // Its columns readable: as wide as the screen lets it be, up to its size.
            const QSize room = dialog->screen()->availableSize();
            QVERIFY2(dialog->width() >= std::min(kFileDialogSize.width(),
                                                 room.width() - windowFrameAllowance().width()),
                     qPrintable(QStringLiteral("%1 of %2").arg(dialog->width()).arg(room.width())));
            dialog->reject();
        });
        const QString path
            = save ? askSaveFileName(nullptr, QStringLiteral("Export"),
                                     dir.filePath(QStringLiteral("report.html")),
                                     QStringLiteral("HTML (*.html)"))
                   : askOpenFileName(nullptr, QStringLiteral("Open"), dir.path(),
                                     QStringLiteral("Models (*.cqrs.json);;All files (*)"));
        QVERIFY(shown);
        QVERIFY(path.isEmpty());
        QVERIFY2(testing::othersSeeSharedLock(db), "the history's lock was dropped");
        QCOMPARE(store->list().size(), std::size_t(1));
    }

private:
    QTemporaryDir m_home;
};

QTEST_MAIN(TestFileController)
#include "tst_filecontroller.moc"
