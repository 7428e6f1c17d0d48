#pragma once

#include <cqrs/model/diagnostic.h>
#include <cqrs/model/elements.h>
#include <cqrs/model/model.h>

#include <QObject>
#include <QPointF>
#include <QString>
#include <QUndoStack>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cqrs {

/// What changed in a document. Every view handles it in one switch
/// (STYLE lesson 8).
struct ChangeEvent
{
    enum class Type {
        Reset,            ///< the whole model was replaced (open, new)
        ElementsAdded,    ///< ids
        ElementsRemoved,  ///< ids
        ElementsChanged,  ///< ids; property names the field when one field of one element changed
        ElementRenamed,   ///< ids = {old id, new id}
        PositionsChanged, ///< ids of moved nodes (notes move as NotesChanged)
        NotesChanged,     ///< notes added, removed, moved or edited
        SettingsChanged,  ///< name, description, workload, writeSide, eventBus
    };
    Type type = Type::Reset;
    std::vector<std::string> ids;
    /// The changed field as a `--set` path below the element ("consumers",
    /// "update.delay", "name") or, for SettingsChanged, below the model
    /// ("workload.commandRate"), so listeners need not compare models to
    /// find it. Empty when whole elements or several fields changed. For a
    /// Reset, kNewVersion when the same document's file was read again
    /// (Document::replaceModel(), and its undo): views may keep what the
    /// user chose for it, such as the run's speed.
    std::string property;

    static constexpr const char *kNewVersion = "new version";
};

/// The field part of a Document::changeValue() key "<owner>/<field path>"
/// ("user-view/update.delay" -> "update.delay").
std::string keyProperty(const std::string &key);

/// Elements, their positions and notes: what is added, pasted or deleted together.
struct Fragment
{
    std::vector<AnyElement> elements;
    std::map<std::string, NodePosition> positions;
    std::vector<Note> notes;
    bool empty() const { return elements.empty() && notes.empty(); }
};

/// Returns a pointer to one value inside a model, or nullptr when the value
/// is gone (e.g. its element was deleted). Looks the value up on every call:
/// pointers into the model's vectors do not survive edits.
template<typename T>
using Accessor = std::function<T *(Model &)>;

/// The rates a model without traffic gets with its first command and query.
inline constexpr double kStarterCommandRate = 10;
inline constexpr double kStarterQueryRate = 50;

/// One open model file: owns the model and its undo stack (STYLE lesson 5).
/// Views never change the model directly; they call the editing API, which
/// pushes undo commands; undo commands change the model and notify.
class Document : public QObject
{
    Q_OBJECT

public:
    explicit Document(QObject *parent = nullptr);
    ~Document() override;

    const Model &model() const { return m_model; }
    QUndoStack *undoStack() { return &m_undoStack; }

    /// The file this document was opened from or saved to; empty when untitled.
    QString filePath() const { return m_filePath; }
    void setFilePath(const QString &path);
    /// The file name, or for untitled documents the untitled name or the model name.
    QString displayName() const;
    /// What an untitled document is called instead of its model's name (e.g.
    /// a model reopened from run #12 of the history); resetModel() clears it.
    void setUntitledName(const QString &name);
    bool isModified() const { return !m_undoStack.isClean(); }
    void markSaved() { m_undoStack.setClean(); }

    /// Replaces the model, forgets the undo history, lays out elements that
    /// have no diagram position, unlocks everything and notifies Reset.
    void resetModel(Model model, const QString &filePath = {});
    /// Replaces the whole model as one step that Edit > Undo takes back (a
    /// file reloaded after another program changed it); listeners hear a
    /// Reset whose property is ChangeEvent::kNewVersion. The file path and
    /// the notes stay.
    void replaceModel(const QString &text, Model model);
    /// `model` as resetModel() and replaceModel() keep it: every node and
    /// note given a place (a file may leave them out).
    static Model placed(Model model);
    /// What the loader said of the file and validation does not say again
    /// (unknown fields, kept but ignored): shown in Problems until another
    /// model replaces this one. resetModel() forgets them.
    void setFileNotes(Diagnostics notes) { m_fileNotes = std::move(notes); }
    const Diagnostics &fileNotes() const { return m_fileNotes; }

    /// The parts a challenge fixes (DESIGN section 8): a locked element cannot
    /// be deleted or renamed (id or display name), a locked workload cannot be
    /// changed. The editing API refuses such edits (editRefused()) and pushes
    /// nothing onto the undo stack.
    void setLocks(std::set<std::string> elementIds, bool workload);
    bool isLocked(const std::string &id) const { return m_lockedElements.count(id) > 0; }
    /// The element's name as the canvas shows it ("PlaceOrder"), for
    /// messages; its id when it has no name or is not in the model.
    QString displayName(const std::string &id) const;
    const std::set<std::string> &lockedElements() const { return m_lockedElements; }
    bool isWorkloadLocked() const { return m_workloadLocked; }

    // Editing API: every call is one undo step.

    /// Adds a fresh element of this kind at pos; returns its id. The first
    /// command or query of a model with a rate of 0 sets that rate too.
    std::string addElement(ElementKind kind, QPointF pos);
    /// Adds elements and notes as they are (ids must be unique already).
    void addFragment(const Fragment &fragment, const QString &text);
    /// Deletes elements (and every reference to them), connections and notes.
    void deleteItems(const std::vector<std::string> &elementIds,
                     const std::vector<Connection> &connections, const std::vector<int> &notes);
    /// Connects two elements if checkConnection() allows it (replacing what a
    /// single reference held before, see ConnectionCheck::replaces); else
    /// sets *reason.
    bool connectElements(const std::string &from, const std::string &to,
                         std::string *reason = nullptr);
    /// Moves nodes and notes to new positions (one step for a whole drag).
    void moveItems(const std::map<std::string, QPointF> &nodes, const std::map<int, QPointF> &notes,
                   const QString &text = {});
    /// moveItems() by the arrow keys: one step with the nudges of the same
    /// items just before it ("Nudge" once in the Edit History, not per key).
    void nudgeItems(const std::map<std::string, QPointF> &nodes, const std::map<int, QPointF> &notes);
    /// Changes an element's id and every reference to it; false and *error
    /// when the new id is malformed or taken. Merges with a rename of the
    /// same element just before it (setElementName()) into one step.
    bool renameElement(const std::string &from, const std::string &to, QString *error = nullptr);
    /// Changes an element's display name; consecutive calls for one element
    /// (typing) are one undo step.
    void setElementName(const std::string &id, const std::string &name);
    /// Adds a sticky note; returns its index.
    int addNote(QPointF pos, const QString &text);
    /// Replaces whole elements by id (one step).
    void replaceElements(const std::vector<AnyElement> &elements, const QString &text);

    /// Applies one of the model's "things to try" exactly as `cqrs-sim run
    /// --set` applies its paths (cqrs::applyExperiment), as one undo step.
    /// False and *error when a path does not resolve or a value is refused;
    /// true without a step when it changes nothing.
    /// `undoText` names the step (else "Try: <title>").
    bool applyExperiment(const Experiment &experiment, QString *error = nullptr,
                         const QString &undoText = {});
    /// True when the model already has every value the experiment sets
    /// (applying it would change nothing).
    bool hasExperiment(const Experiment &experiment) const;

    /// Changes one value through its accessor. Consecutive changes of the same
    /// key merge into one step; a change back to the original value vanishes
    /// from the history (STYLE lesson 6). The key is "<element id, model or
    /// note>/<field path>"; a notification without a property gets the
    /// field path as its property.
    template<typename T>
    void changeValue(const QString &text, const std::string &key, ChangeEvent notification,
                     Accessor<T> accessor, T value);

    // Used by undo commands only.
    Model &mutableModel() { return m_model; }
    void notify(const ChangeEvent &event);

signals:
    void changed(const cqrs::ChangeEvent &event);
    void filePathChanged(const QString &path);
    /// setUntitledName() changed what displayName() returns.
    void displayNameChanged();
    void modifiedChanged(bool modified);
    /// setLocks() or resetModel() changed what is locked.
    void locksChanged();
    /// An edit was refused because it touches a locked part (for the status bar).
    void editRefused(const QString &message);

private:
    /// True (and editRefused()) when a changeValue() key touches a locked part.
    bool refusesChange(const std::string &key);
    void pushMove(const std::map<std::string, QPointF> &nodes, const std::map<int, QPointF> &notes,
                  const QString &text, bool nudge);
    /// The undo step's name for deleteItems(): what it deletes.
    QString deleteText(const std::vector<std::string> &elementIds,
                       const std::vector<Connection> &connections,
                       const std::vector<int> &notes) const;

    Model m_model;
    Diagnostics m_fileNotes;
    QUndoStack m_undoStack;
    QString m_filePath;
    QString m_untitledName;
    std::set<std::string> m_lockedElements;
    bool m_workloadLocked = false;
};

} // namespace cqrs

#include "cqrs/ui/document/undocommands.h"

namespace cqrs {

template<typename T>
Model &ChangeValueCommand<T>::model()
{
    return m_document->mutableModel();
}

template<typename T>
void Document::changeValue(const QString &text, const std::string &key,
                           ChangeEvent notification, Accessor<T> accessor, T value)
{
    T *current = accessor(m_model);
    if (!current || *current == value || refusesChange(key))
        return;
    if (notification.property.empty())
        notification.property = keyProperty(key);
    m_undoStack.push(new ChangeValueCommand<T>(this, text, key, std::move(notification),
                                               std::move(accessor), std::move(value)));
}

} // namespace cqrs
Q_DECLARE_METATYPE(cqrs::ChangeEvent)
