#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <cqrs/model/diagnostic.h>
#include <cqrs/model/model.h>
#include <functional>
#include <optional>

class QAction;
class QMenu;
class QWidget;

namespace cqrs {

class Document;
class RecoveryWriter;
class FileWatch;
struct ModelLoadResult;

/// The document's file lifecycle, as Tiled's DocumentManager is for its
/// MainWindow: New, Open (a dialog, a path, Open Recent), Import, Save,
/// Save As, Export a Copy, the unsaved-changes question before the document
/// is replaced or the window closes, and the crash-recovery offer at start.
/// The window keeps menus, docks and layout and wires its actions here; this
/// class knows no dock or view and asks for what the window shows through
/// its signals. Dialogs are parented to `dialogParent`; message boxes carry
/// object names ("unsavedChangesBox", "openErrorBox", "saveErrorBox", ...)
/// so that tests can answer them, and file dialogs go through setFileDialog().
class FileController final : public QObject
{
    Q_OBJECT

public:
    /// A question for a file name (the Open, Save As, Import and Export dialogs).
    struct FileQuestion
    {
        enum class Kind { Open, Save };
        Kind kind = Kind::Open;
        QString caption;
        QString directory; ///< a folder, or a suggested file for Save
        QString filter;
    };
    /// Returns the chosen path, empty when the user cancels.
    using FileDialog = std::function<QString(QWidget *parent, const FileQuestion &question)>;

    FileController(Document *document, QWidget *dialogParent, QObject *parent = nullptr);

    Document *document() const { return m_document; }
    /// Keeps a copy of unsaved changes for offerRecovery() after a crash.
    RecoveryWriter *recoveryWriter() const { return m_recovery; }

    /// Replaces the file dialogs (QFileDialog by default): tests answer here.
    void setFileDialog(FileDialog dialog);
    /// Challenge files (*.challenge.json) given to openFile() go here (the
    /// challenge UI opens their start model, brief and checklist).
    void setChallengeOpener(std::function<bool(const QString &path)> open);
    /// Asked first by maybeSave(), before the document's own question, for
    /// work kept beside the model (a finished interview's unsaved debrief).
    /// False cancels the step.
    void setBeforeReplacing(std::function<bool()> ask);

    /// Opens `path` if given, else the last file, else the user-profile example.
    void openInitial(const QString &path = {});
    /// After a crash or kill: offers the newest recovery copy of unsaved work
    /// (restore, discard, or decide later). True when it was restored.
    bool offerRecovery();

    /// File > New: the example gallery, then an empty model or an example.
    void newFromGallery();
    /// File > Open: asks for a file and opens it.
    void openWithDialog();
    /// Loads a model file. On failure shows the loader's located messages in
    /// a dialog and leaves the current document as it was.
    bool openFile(const QString &path);
    /// Loads a built-in example (a resource path) as an untitled document.
    bool openExample(const QString &resourcePath);
    /// File > Import JSON: asks for a file and imports it.
    void importWithDialog();
    /// Loads a model as a new untitled, unsaved document.
    bool importFrom(const QString &path);

    /// Writes the model atomically; on success the document
    /// takes this path and is unmodified.
    bool saveToFile(const QString &path);
    bool save();
    bool saveAs();
    /// File > Export a Copy: asks where, suggesting "<name>-copy.cqrs.json".
    void exportWithDialog();
    /// Writes a copy without changing the document's path or modified state
    /// (File > Export a Copy). A path without ".json" gets ".cqrs.json".
    bool exportTo(const QString &path);
    /// `path` with ".cqrs.json" appended unless it already ends in ".json".
    static QString withModelSuffix(const QString &path);

    /// Asks to save unsaved changes; false when the user cancels.
    bool maybeSave();

    /// File > Reload from Disk: the file's content replaces the model, as
    /// one undo step (unsaved changes stay one Undo away). For a file put
    /// back after it was moved away, or changed while its notice was
    /// answered with Keep Mine. Enabled while the model has a file.
    QAction *reloadAction() const { return m_reloadAction; }
    void reloadFromDisk();

    /// The recently opened or saved files, newest first (setting "recentFiles").
    QStringList recentFiles() const;
    /// Takes a file off that list (one that is gone from disk).
    void removeRecentFile(const QString &path);
    /// Fills File > Open Recent (call it as the menu is about to show).
    void fillRecentMenu(QMenu *menu);
    /// Remembers the document's file for the next start (setting "lastFile").
    void writeSettings();

signals:
    /// A line for the status bar, shown for `timeout` ms.
    void statusMessage(const QString &message, int timeout);
    /// A new model is in the document: check it now.
    void refreshProblemsRequested();
    /// A new model is in the document: fit it to the view once laid out.
    void fitRequested();
    /// The document's name or saved state changed outside an edit.
    void updateTitleRequested();
    /// New asked for the challenges instead of a model.
    void challengesRequested();

private:
    void addRecentFile(const QString &path);
    /// Another program changed the file: asks whether to load it (one undo
    /// step) or keep this model.
    void offerReload();
    /// Puts the file's model in the document (one undo step) and says so.
    /// `modified`: the document had unsaved changes before.
    void applyReload(const QString &path, Model model, bool lossy, Diagnostics notes,
                     bool modified);
    void showLoadError(const QString &path, const Diagnostics &diagnostics);
    /// Whether the document holds edits of the user's that are in no file:
    /// not so when it is unsaved only because Keep Mine kept the file's
    /// earlier content over its new one (the next question then offers
    /// Reload first, and a reload leaves it saved).
    bool hasOwnEdits() const;
    /// Loads leniently for the editor, showing the error or the lossy-open
    /// question, then asks about unsaved changes (saved to this very file,
    /// it is read again). Nothing when any of them says no. `lossy` is set
    /// too when the model had to differ from the file (duplicate ids given
    /// their own): it must be saved to keep it.
    std::optional<Model> loadForEditing(const QString &path, bool *lossy,
                                        Diagnostics *notes = nullptr);
    /// The reading half of loadForEditing(): no question about unsaved
    /// changes, and the lossy-open one only when `askIfLossy`. `loaded`: the
    /// file's lenient load already made (taken over), instead of reading it.
    std::optional<Model> readForEditing(const QString &path, bool *lossy, Diagnostics *notes,
                                        bool askIfLossy, ModelLoadResult *loaded = nullptr);
    QString askForFile(const FileQuestion &question) const;
    /// The file's name without its suffixes, or for an untitled model the
    /// model's name as an id ("model" when it has none).
    QString fileBaseName() const;

    Document *m_document;
    QWidget *m_dialogParent;
    RecoveryWriter *m_recovery;
    FileWatch *m_watch;
    bool m_askingReload = false;
    /// The model as Keep Mine kept it with no edits of the user's, and its file.
    std::optional<Model> m_keptModel;
    QString m_keptPath;
    QAction *m_reloadAction;
    FileDialog m_fileDialog;
    std::function<bool(const QString &path)> m_openChallenge;
    std::function<bool()> m_beforeReplacing;
};

} // namespace cqrs
