#include "cqrs/ui/shell/filecontroller.h"

#include "cqrs/ui/common/exportpath.h"
#include "cqrs/ui/common/filedialog.h"
#include "cqrs/ui/common/format.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/document/recovery.h"
#include "cqrs/ui/shell/examplegallery.h"
#include "cqrs/ui/shell/filewatch.h"
#include "cqrs/ui/shell/problemspanel.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTimer>
#include <algorithm>
#include <cqrs/model/challenge.h>
#include <cqrs/model/elements.h>
#include <cqrs/model/fileio.h>
#include <cqrs/model/modeljson.h>
#include <cqrs/model/validation.h>

// The examples live in the static library's resources: make sure the linker keeps them.
static void initFileResources()
{
    Q_INIT_RESOURCE(studio);
}

namespace cqrs {

namespace {

constexpr int kMaxRecentFiles = 8;
constexpr char kDefaultExample[] = ":/examples/user-profile.cqrs.json";

/// Whether the file says it is a challenge before anything else (a
/// challenge saved as "wallet.json" was refused as "not a model").
bool startsAsChallenge(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    static const QRegularExpression format(
        QStringLiteral("\"format\"\\s*:\\s*\"%1\"")
            .arg(QRegularExpression::escape(QString::fromLatin1(kChallengeFormat))));
    return format.match(QString::fromUtf8(file.read(4096))).hasMatch();
}

/// The first `limit` errors (only those that lost a value with
/// `lossyOnly`), each where it is, and a line for how many more there are.
QStringList locatedErrors(const Diagnostics &diagnostics, int limit, bool lossyOnly = false)
{
    QStringList lines;
    int errors = 0;
    for (const Diagnostic &d : diagnostics) {
        if (!d.isError() || (lossyOnly && !d.lossy))
            continue;
        if (++errors <= limit)
            lines << QString::fromStdString(d.located());
    }
    if (errors > limit)
        lines << plural(FileController::tr("... and %n more error(s).", nullptr, errors - limit),
                        errors - limit);
    return lines;
}

/// Asks whether to open a model whose unreadable values became defaults.
bool confirmLossyOpen(QWidget *parent, const QString &path, const Diagnostics &diagnostics)
{
    const QStringList lines = locatedErrors(diagnostics, 12, true);
    QMessageBox box(
        QMessageBox::Warning, FileController::tr("Open a damaged model?"),
        FileController::tr("Some values in %1 cannot be read.").arg(QDir::toNativeSeparators(path)),
        QMessageBox::Open | QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("lossyOpenBox"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.setInformativeText(lines.join(QLatin1Char('\n')) + QStringLiteral("\n\n")
                           + FileController::tr("Open anyway? Unreadable values will be replaced "
                                                "by defaults."));
    return box.exec() == QMessageBox::Open;
}

QString askWithQFileDialog(QWidget *parent, const FileController::FileQuestion &question)
{
    if (question.kind == FileController::FileQuestion::Kind::Save)
        return askSaveFileName(parent, question.caption, question.directory, question.filter);
    return askOpenFileName(parent, question.caption, question.directory, question.filter);
}

} // namespace

FileController::FileController(Document *document, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_dialogParent(dialogParent)
    , m_recovery(new RecoveryWriter(document, this))
    , m_watch(new FileWatch(document, this))
    , m_fileDialog(askWithQFileDialog)
{
    initFileResources();
    setObjectName(QStringLiteral("fileController"));
    connect(m_watch, &FileWatch::changed, this, &FileController::offerReload);
    m_reloadAction = new QAction(tr("Re&load from Disk"), this);
    m_reloadAction->setObjectName(QStringLiteral("reloadFile"));
    m_reloadAction->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh")));
    m_reloadAction->setStatusTip(
        tr("Read the model's file again, replacing the model on the canvas; "
           "Edit > Undo brings your version back."));
    m_reloadAction->setEnabled(!m_document->filePath().isEmpty());
    connect(m_reloadAction, &QAction::triggered, this, &FileController::reloadFromDisk);
    connect(m_document, &Document::filePathChanged, m_reloadAction,
            [this](const QString &path) { m_reloadAction->setEnabled(!path.isEmpty()); });
    // The model is now nowhere but here: unsaved, so closing asks and a
    // copy is kept.
    connect(m_watch, &FileWatch::removed, this, [this] {
        m_document->undoStack()->resetClean();
        emit statusMessage(
            tr("%1 was deleted or moved by another program; File > Save writes it again")
                .arg(QDir::toNativeSeparators(m_document->filePath())),
            0);
    });
    connect(m_recovery, &RecoveryWriter::copyFailed, this, [this](const QString &error) {
        emit statusMessage(tr("Unsaved changes cannot be backed up (%1); save soon.").arg(error),
                           15000);
    });
}

void FileController::setFileDialog(FileDialog dialog)
{
    m_fileDialog = dialog ? std::move(dialog) : FileDialog(askWithQFileDialog);
}

void FileController::setChallengeOpener(std::function<bool(const QString &path)> open)
{
    m_openChallenge = std::move(open);
}

QString FileController::askForFile(const FileQuestion &question) const
{
    return m_fileDialog(m_dialogParent, question);
}

void FileController::openInitial(const QString &path)
{
    if (!path.isEmpty() && openFile(path))
        return;
    const QString last = QSettings().value(QStringLiteral("lastFile")).toString();
    if (path.isEmpty() && !last.isEmpty() && QFileInfo::exists(last) && openFile(last))
        return;
    openExample(QString::fromLatin1(kDefaultExample));
    // The file asked for was refused (or the question about it cancelled):
    // said, so that the example is not taken for it.
    if (!path.isEmpty())
        emit statusMessage(tr("%1 was not opened; this is the built-in User profile example")
                               .arg(QDir::toNativeSeparators(path)),
                           10000);
}

bool FileController::offerRecovery()
{
    const QList<RecoveryEntry> orphans = orphanedRecoveries();
    if (orphans.isEmpty())
        return false;
    const RecoveryEntry &newest = orphans.front();
    const QString what = newest.originalPath.isEmpty()
                             ? tr("the untitled model \"%1\"").arg(newest.modelName.left(200))
                             : QDir::toNativeSeparators(newest.originalPath);
    QMessageBox box(
        QMessageBox::Question, tr("Restore unsaved work?"),
        tr("CQRS Studio did not close properly. Unsaved changes to %1 from %2 can be "
           "restored.")
            .arg(what, QLocale().toString(newest.writtenAt.toLocalTime(), QLocale::ShortFormat)),
        QMessageBox::NoButton, m_dialogParent);
    box.setObjectName(QStringLiteral("recoveryBox"));
    // An untitled model has no file to leave alone (the text spoke of one).
    QString details
        = newest.originalPath.isEmpty()
              ? tr("Restoring opens them as an unsaved model; Save As writes it to a file.")
              : tr("Restoring opens them as unsaved changes; the file on disk is not "
                   "touched until you save.");
    const QFileInfo original(newest.originalPath);
    if (!newest.originalPath.isEmpty() && original.exists()
        && original.lastModified() > newest.writtenAt)
        details += QLatin1Char('\n')
                   + tr("The file was changed on disk after this copy was made: saving would "
                        "replace those changes.");
    if (orphans.size() > 1)
        details += QLatin1Char('\n')
                   + plural(tr("%n older copy(ies) will be offered next time.", nullptr,
                               int(orphans.size()) - 1),
                            int(orphans.size()) - 1);
    box.setInformativeText(details);
    QPushButton *restore = box.addButton(tr("&Restore"), QMessageBox::AcceptRole);
    QPushButton *discard = box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
    box.addButton(tr("Decide &Later"), QMessageBox::RejectRole);
    box.setDefaultButton(restore);
    box.exec();
    if (box.clickedButton() == discard) {
        removeRecovery(newest);
        return false;
    }
    if (box.clickedButton() != restore)
        return false;
    QString error;
    if (!restoreRecovery(newest, m_document, &error)) {
        QMessageBox::warning(m_dialogParent, tr("Cannot restore"),
                             tr("The recovery copy cannot be read: %1").arg(error));
        return false;
    }
    // No moment without a copy: this window's own first, then the old one goes.
    m_recovery->flush();
    if (m_recovery->lastError().isEmpty())
        removeRecovery(newest);
    emit updateTitleRequested();
    emit fitRequested();
    emit statusMessage(tr("Restored unsaved changes to %1; save to keep them.").arg(what), 10000);
    return true;
}

void FileController::newFromGallery()
{
    ExampleGallery gallery(m_dialogParent);
    if (gallery.exec() != QDialog::Accepted)
        return;
    if (gallery.challengesChosen()) {
        emit challengesRequested();
        return;
    }
    if (!maybeSave())
        return;
    const QString resource = gallery.selectedResource();
    if (resource.isEmpty()) {
        m_document->resetModel(emptyModel());
        emit refreshProblemsRequested();
    } else {
        openExample(resource);
    }
}

void FileController::openWithDialog()
{
    const QString path = askForFile(
        {FileQuestion::Kind::Open, tr("Open model"), modelDirectory(m_document->filePath()),
         tr("CQRS models and challenges (*.cqrs.json *.challenge.json *.json);;All files (*)")});
    if (!path.isEmpty())
        openFile(path);
}

std::optional<Model> FileController::loadForEditing(const QString &path, bool *lossy,
                                                    Diagnostics *notes)
{
    Diagnostics read;
    std::optional<Model> model = readForEditing(path, lossy, &read, true);
    if (!model)
        return std::nullopt;
    // Only a file that opens asks what to do with the unsaved changes: the
    // question "Discard?" before a file that is then refused left them in
    // place all the same, after saying otherwise.
    const bool ownFile
        = !m_document->filePath().isEmpty() && QFileInfo(path) == QFileInfo(m_document->filePath());
    if (!maybeSave())
        return std::nullopt;
    // The document's own file, perhaps saved just now (its edits, or B's
    // applied on leaving A/B): what it holds now, not the copy read before
    // the save (the edits would have gone, and the next save written the old
    // copy over them).
    if (ownFile) {
        read.clear();
        model = readForEditing(path, lossy, &read, false);
        if (!model)
            return std::nullopt;
    }
    if (notes)
        notes->insert(notes->end(), read.begin(), read.end());
    return model;
}

std::optional<Model> FileController::readForEditing(const QString &path, bool *lossy,
                                                    Diagnostics *notes, bool askIfLossy,
                                                    ModelLoadResult *loaded)
{
    // Leniently: unfinished work (dangling references, ranges) must reopen.
    ModelLoadOptions options;
    options.keepInvalid = true;
    ModelLoadResult result
        = loaded ? std::move(*loaded) : loadModelFile(path.toStdString(), options);
    if (!result.ok()) {
        showLoadError(path, result.diagnostics);
        return std::nullopt;
    }
    *lossy = loadWasLossy(result);
    if (*lossy && askIfLossy && !confirmLossyOpen(m_dialogParent, path, result.diagnostics))
        return std::nullopt;
    if (notes && result.model) {
        // Validation runs again on every edit and cannot see the fields the
        // reader kept unread (an unknown field such as "comandRate"): those
        // notes are kept. The rest is validation's to say after an edit.
        for (const Diagnostic &d : result.diagnostics) {
            if (d.keptUnread)
                notes->push_back(d);
            // A value that could not be read and holds its default now: said
            // in Problems until a save writes the default (it was said only
            // in the question before opening, and then nowhere).
            if (d.replacedByDefault) {
                Diagnostic note = d;
                note.severity = Diagnostic::Severity::Warning;
                note.lossy = true;
                note.message = tr("%1. Saving writes the value shown.")
                                   .arg(QString::fromStdString(d.message))
                                   .toStdString();
                notes->push_back(std::move(note));
            }
        }
    }
    // Two elements with one id (a file edited by hand) were one node on the
    // canvas, and neither could be selected or edited alone: the later ones
    // get ids of their own, said in Problems, and closing asks to save.
    if (result.model) {
        for (const IdRepair &repair : giveDuplicatesTheirOwnIds(*result.model)) {
            *lossy = true;
            if (!notes)
                continue;
            Diagnostic d;
            d.severity = Diagnostic::Severity::Warning;
            d.path = repair.pointer + "/id";
            d.elementId = repair.to;
            d.lossy = true; // the file says otherwise until it is saved
            d.message
                = tr("The file gives the id “%1” to two elements: this one is now “%2”. "
                     "References to “%1” mean the first. Save to keep the change.")
                      .arg(QString::fromStdString(repair.from), QString::fromStdString(repair.to))
                      .toStdString();
            notes->push_back(std::move(d));
        }
    }
    return std::move(result.model);
}

bool FileController::openFile(const QString &path)
{
    // A challenge (double-clicked, on the command line, or through Open)
    // opens as a challenge: its start model, brief and checklist.
    if (m_openChallenge
        && (path.endsWith(QLatin1String(".challenge.json"), Qt::CaseInsensitive)
            || startsAsChallenge(path)))
        return m_openChallenge(path);
    bool lossy = false;
    Diagnostics notes;
    std::optional<Model> model = loadForEditing(path, &lossy, &notes);
    if (!model)
        return false;
    m_document->resetModel(std::move(*model), QFileInfo(path).absoluteFilePath());
    m_watch->remember(); // the same file again: its path did not change
    m_keptModel.reset();
    m_document->setFileNotes(std::move(notes));
    if (lossy)
        m_document->undoStack()->resetClean(); // the defaults are not in the file yet
    addRecentFile(path);
    emit refreshProblemsRequested();
    emit fitRequested();
    emit statusMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool FileController::openExample(const QString &resourcePath)
{
    QFile file(resourcePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_document->resetModel(emptyModel());
        return false;
    }
    const ModelLoadResult result = parseModel(file.readAll().toStdString());
    if (!result.ok()) {
        showLoadError(resourcePath, result.diagnostics);
        return false;
    }
    m_document->resetModel(*result.model);
    emit refreshProblemsRequested();
    emit fitRequested();
    return true;
}

void FileController::importWithDialog()
{
    const QString path
        = askForFile({FileQuestion::Kind::Open, tr("Import model JSON"),
                      modelDirectory(m_document->filePath()), tr("JSON (*.json);;All files (*)")});
    if (!path.isEmpty())
        importFrom(path);
}

bool FileController::importFrom(const QString &path)
{
    bool lossy = false;
    Diagnostics notes;
    std::optional<Model> model = loadForEditing(path, &lossy, &notes);
    if (!model)
        return false;
    m_document->resetModel(std::move(*model));
    m_document->setFileNotes(std::move(notes));
    // Nothing of it is saved yet: closing should ask.
    m_document->undoStack()->resetClean();
    emit refreshProblemsRequested();
    emit fitRequested();
    return true;
}

void FileController::showLoadError(const QString &path, const Diagnostics &diagnostics)
{
    QStringList lines = locatedErrors(diagnostics, 12);
    // A file that is gone or unreadable is not called an invalid model.
    const QFileInfo file(path);
    const QString shown = QDir::toNativeSeparators(path);
    QString headline = tr("%1 is not a valid model; nothing was changed.").arg(shown);
    if (!path.startsWith(QLatin1Char(':')) && !file.exists()) {
        headline = tr("There is no file %1 (it may have been moved, renamed or deleted); nothing "
                      "was changed.")
                       .arg(shown);
        lines.clear();
    } else if (lines.size() == 1 // one error
               && (lines.constFirst().startsWith(QLatin1String("cannot open the file"))
                   || lines.constFirst().startsWith(QLatin1String("cannot read the file")))) {
        headline = tr("%1 could not be read; nothing was changed.").arg(shown);
    }
    QMessageBox box(QMessageBox::Critical, tr("Cannot open model"), headline, QMessageBox::Ok,
                    m_dialogParent);
    box.setObjectName(QStringLiteral("openErrorBox"));
    box.setInformativeText(lines.join(QLatin1Char('\n')));
    box.exec();
}

bool FileController::saveToFile(const QString &path)
{
    // cqrs-sim refuses files with errors (the editor reopens them leniently), so say so.
    const Diagnostics diagnostics = validateModel(m_document->model());
    if (hasErrors(diagnostics)) {
        QStringList lines;
        for (const Diagnostic &d : diagnostics) {
            if (d.isError() && lines.size() < 8)
                lines << diagnosticLine(d, m_document->model());
        }
        QMessageBox box(QMessageBox::Warning, tr("Save a model with errors?"),
                        tr("The model has errors. CQRS Studio will open the file again, but "
                           "cqrs-sim cannot run or validate it until they are fixed."),
                        QMessageBox::Save | QMessageBox::Cancel, m_dialogParent);
        box.setObjectName(QStringLiteral("saveInvalidBox"));
        box.setInformativeText(lines.join(QLatin1Char('\n')));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Save)
            return false;
    }
    // Another program's changes (a git pull, an editor) are not written
    // over unasked, not even after Keep Mine (that kept the canvas, not a
    // promise to replace a teammate's work without a word).
    if (QFileInfo(path).absoluteFilePath() == m_document->filePath()
        && m_watch->differsFromOurs()) {
        QMessageBox box(QMessageBox::Warning, tr("File changed on disk"),
                        tr("%1 was changed by another program since it was opened or saved here.")
                            .arg(QDir::toNativeSeparators(path)),
                        QMessageBox::Save | QMessageBox::Cancel, m_dialogParent);
        box.setObjectName(QStringLiteral("overwriteChangedBox"));
        box.setInformativeText(
            (m_watch->keptOverCurrent() ? tr("You kept this model when it changed. ") : QString())
            + tr("Save anyway, replacing those changes with this model? Cancel keeps the "
                 "file as it is; File > Save As keeps both."));
        box.button(QMessageBox::Save)->setText(tr("Save Anyway"));
        box.setDefaultButton(QMessageBox::Cancel);
        if (box.exec() != QMessageBox::Save)
            return false;
    }
    std::string error;
    const bool existed = QFileInfo::exists(path);
    if (!writeFileAtomically(QFile::encodeName(path).toStdString(),
                             serializeModel(m_document->model()), &error)) {
        // Said as it is: no file there before means none now either.
        QMessageBox box(QMessageBox::Critical, tr("Cannot save"),
                        (existed ? tr("Could not write %1: %2. The file on disk is unchanged.")
                                 : tr("Could not write %1: %2. No file was made."))
                            .arg(QDir::toNativeSeparators(path), QString::fromStdString(error)),
                        QMessageBox::Ok, m_dialogParent);
        box.setObjectName(QStringLiteral("saveErrorBox"));
        box.exec();
        return false;
    }
    m_document->setFilePath(QFileInfo(path).absoluteFilePath());
    m_watch->remember();
    m_document->markSaved();
    m_keptModel.reset(); // saved: an undo back to it is an edit of the file now
    // What opening repaired is in the file now: its notes go.
    Diagnostics notes = m_document->fileNotes();
    if (std::erase_if(notes, [](const Diagnostic &d) { return d.lossy && !d.keptUnread; }) > 0) {
        m_document->setFileNotes(std::move(notes));
        emit refreshProblemsRequested();
    }
    addRecentFile(path);
    emit updateTitleRequested();
    emit statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void FileController::offerReload()
{
    if (m_askingReload)
        return;
    // Not over another question (Save changes? on closing, a file dialog):
    // asked once that one is answered.
    if (QApplication::activeModalWidget()) {
        QTimer::singleShot(500, this, [this] {
            if (m_watch->changedOnDisk())
                offerReload();
        });
        return;
    }
    const QString path = m_document->filePath();
    const QByteArray version = m_watch->diskVersion();
    const bool modified = hasOwnEdits();
    // New content that is not a model (half written, a merge's conflict
    // markers) is said in the question, before Reload only shows an error.
    ModelLoadOptions lenient;
    lenient.keepInvalid = true;
    ModelLoadResult incoming = loadModelFile(path.toStdString(), lenient);
    const QStringList errors = locatedErrors(incoming.diagnostics, 1);
    const bool broken = !incoming.ok() && !errors.isEmpty();
    QMessageBox box(
        broken ? QMessageBox::Warning : QMessageBox::Question, tr("File changed on disk"),
        broken ? tr("%1 was changed by another program, and its new content cannot be read as "
                    "a model.")
                     .arg(QDir::toNativeSeparators(path))
               : tr("%1 was changed by another program.").arg(QDir::toNativeSeparators(path)),
        QMessageBox::NoButton, m_dialogParent);
    box.setObjectName(QStringLiteral("reloadChangedBox"));
    if (broken) {
        box.setInformativeText(
            tr("%1\n\nKeep Mine leaves your model as it is; you are asked again when "
               "the file changes (when the other program has finished with it). "
               "Show Problems lists every problem and changes nothing.")
                .arg(errors.join(QLatin1Char('\n'))));
    } else {
        box.setInformativeText(
            modified ? tr("Load its new content? Your unsaved changes stay one Edit > Undo "
                          "away.")
                     : tr("Load its new content? Edit > Undo takes the model back to "
                          "what it was."));
    }
    QPushButton *reload
        = box.addButton(broken ? tr("Show Problems") : tr("Reload"), QMessageBox::AcceptRole);
    QPushButton *keep = box.addButton(tr("Keep Mine"), QMessageBox::RejectRole);
    box.setDefaultButton(modified || broken ? keep : reload);
    m_askingReload = true;
    box.exec();
    m_askingReload = false;
    if (m_document->filePath() != path)
        return; // another file came meanwhile
    // A change while the question was open (the other program finishing
    // its write) is asked about in turn: its notice came while asking.
    const auto askAgainIfChangedMeanwhile = [this] {
        if (m_watch->changedOnDisk())
            QTimer::singleShot(0, this, &FileController::offerReload);
    };
    if (box.clickedButton() != reload) {
        if (modified) {
            m_keptModel.reset();
        } else {
            m_keptModel = m_document->model();
            m_keptPath = path;
        }
        m_watch->keepMine(version);
        m_document->undoStack()->resetClean(); // the canvas is not the file now: unsaved
        emit statusMessage(
            tr("Kept this model; saving asks before it replaces the file's new content"), 6000);
        askAgainIfChangedMeanwhile();
        return;
    }
    bool lossy = false;
    Diagnostics notes;
    // The content the question judged, unless the file changed since.
    std::optional<Model> model = readForEditing(
        path, &lossy, &notes, true, m_watch->diskVersion() == version ? &incoming : nullptr);
    if (!model) {
        m_watch->keepMine(version); // said why; not asked again until it changes again
        askAgainIfChangedMeanwhile();
        return;
    }
    applyReload(path, std::move(*model), lossy, std::move(notes), modified);
}

void FileController::reloadFromDisk()
{
    const QString path = m_document->filePath();
    if (path.isEmpty() || m_askingReload)
        return;
    const bool modified = hasOwnEdits();
    bool lossy = false;
    Diagnostics notes;
    std::optional<Model> model = readForEditing(path, &lossy, &notes, true);
    if (!model)
        return; // said why
    if (Document::placed(*model) == m_document->model() && !lossy) {
        // Nothing to undo: the canvas holds what the file holds (saved, if
        // a Keep Mine or a move had made it unsaved).
        m_watch->remember();
        m_document->markSaved();
        emit statusMessage(tr("%1 holds this model already").arg(QDir::toNativeSeparators(path)),
                           4000);
        return;
    }
    applyReload(path, std::move(*model), lossy, std::move(notes), modified);
}

bool FileController::hasOwnEdits() const
{
    if (!m_document->isModified())
        return false;
    return !(m_keptModel && m_keptPath == m_document->filePath()
             && *m_keptModel == m_document->model());
}

void FileController::applyReload(const QString &path, Model model, bool lossy, Diagnostics notes,
                                 bool modified)
{
    m_document->replaceModel(tr("Reload %1").arg(QFileInfo(path).fileName()), std::move(model));
    m_document->setFileNotes(std::move(notes));
    m_watch->remember();
    m_keptModel.reset();
    // The model is the file's; but unsaved edits before it stay unsaved
    // (one Undo away), so closing still asks and their copy is kept. No
    // earlier state is the file any more: undoing the reload back to the
    // state last saved showed it unmodified while the file held the new
    // content.
    if (!lossy && !modified)
        m_document->markSaved();
    else
        m_document->undoStack()->resetClean();
    emit refreshProblemsRequested();
    emit statusMessage(modified ? tr("Reloaded %1; Edit > Undo brings your unsaved changes back")
                                      .arg(QDir::toNativeSeparators(path))
                                : tr("Reloaded %1").arg(QDir::toNativeSeparators(path)),
                       modified ? 8000 : 4000);
}

bool FileController::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveToFile(m_document->filePath());
}

bool FileController::saveAs()
{
    // An untitled model is offered under its own name, in the folder of the
    // last model opened or saved.
    const QString fileName = m_document->filePath().isEmpty()
                                 ? exportFileName(fileBaseName()) + QStringLiteral(".cqrs.json")
                                 : QFileInfo(m_document->filePath()).fileName();
    const QString suggestion = QDir(modelDirectory(m_document->filePath())).filePath(fileName);
    const QString path = askForFile({FileQuestion::Kind::Save, tr("Save model as"), suggestion,
                                     tr("CQRS models (*.cqrs.json)")});
    if (path.isEmpty())
        return false;
    return saveToFile(withModelSuffix(path));
}

QString FileController::fileBaseName() const
{
    const QString fileName = QFileInfo(m_document->filePath()).fileName();
    const QString base = fileName.isEmpty()
                             ? QString::fromStdString(idFromName(m_document->model().name))
                             : fileName.section(QLatin1Char('.'), 0, 0);
    return base.isEmpty() ? tr("model") : base;
}

QString FileController::withModelSuffix(const QString &path)
{
    if (path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
        return path;
    return path + QStringLiteral(".cqrs.json");
}

void FileController::exportWithDialog()
{
    // The suffix after the cut: a long name must not lose ".cqrs".
    const QString suggestion = QDir(modelDirectory(m_document->filePath()))
                                   .filePath(exportFileName(fileBaseName() + tr("-copy"))
                                             + QStringLiteral(".cqrs.json"));
    const QString path = askForFile(
        {FileQuestion::Kind::Save,
         tr("Export a copy (this window keeps editing %1)").arg(m_document->displayName()),
         suggestion, tr("CQRS models (*.cqrs.json);;JSON (*.json)")});
    if (!path.isEmpty())
        exportTo(path);
}

bool FileController::exportTo(const QString &chosenPath)
{
    const QString path = withModelSuffix(chosenPath);
    std::string error;
    if (!writeFileAtomically(QFile::encodeName(path).toStdString(),
                             serializeModel(m_document->model()), &error)) {
        QMessageBox::critical(
            m_dialogParent, tr("Cannot export"),
            tr("Could not write %1: %2.")
                .arg(QDir::toNativeSeparators(path), QString::fromStdString(error)));
        return false;
    }
    if (QFileInfo(path).absoluteFilePath() == m_document->filePath())
        m_watch->remember(); // a copy over its own file is no other program's change
    emit statusMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void FileController::setBeforeReplacing(std::function<bool()> ask)
{
    m_beforeReplacing = std::move(ask);
}

bool FileController::maybeSave()
{
    if (m_beforeReplacing && !m_beforeReplacing())
        return false;
    if (!m_document->isModified())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                    tr("%1 has unsaved changes.").arg(m_document->displayName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_dialogParent);
    box.setObjectName(QStringLiteral("unsavedChangesBox"));
    // Keys for each answer (Qt's own "Discard" has none).
    box.button(QMessageBox::Save)->setText(tr("&Save"));
    box.button(QMessageBox::Discard)->setText(tr("&Discard"));
    box.setInformativeText(tr("Do you want to save them?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

QStringList FileController::recentFiles() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void FileController::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), files);
    settings.setValue(QStringLiteral("lastFile"), absolute);
}

void FileController::removeRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    if (files.removeAll(QFileInfo(path).absoluteFilePath()) > 0)
        QSettings().setValue(QStringLiteral("recentFiles"), files);
}

void FileController::fillRecentMenu(QMenu *menu)
{
    menu->clear();
    for (const QString &path : recentFiles()) {
        QAction *action = menu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, path] {
            // A file gone from disk (the open says so) leaves the list:
            // it stayed there, to be chosen and refused again.
            if (!openFile(path) && !QFileInfo::exists(path))
                removeRecentFile(path);
        });
    }
    if (menu->isEmpty()) {
        menu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    menu->addSeparator();
    QAction *clear = menu->addAction(tr("&Clear Recent Files"));
    clear->setObjectName(QStringLiteral("clearRecentFiles"));
    connect(clear, &QAction::triggered, this,
            [] { QSettings().remove(QStringLiteral("recentFiles")); });
}

void FileController::writeSettings()
{
    QSettings().setValue(QStringLiteral("lastFile"), m_document->filePath());
}

} // namespace cqrs
