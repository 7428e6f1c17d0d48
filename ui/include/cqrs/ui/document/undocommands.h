#pragma once

#include <cqrs/model/elements.h>

#include <QUndoCommand>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cqrs {

class Document;
struct ChangeEvent;
struct Fragment;

namespace UndoId {
enum : int { ChangeValue = 1, Rename = 2 };
}

/// Base of the generic property change, so that mergeWith() can compare keys
/// without knowing the value type.
class ChangeValueBase : public QUndoCommand
{
public:
    int id() const override { return UndoId::ChangeValue; }
    const std::string &key() const { return m_key; }

    /// Edits of one key merge while each comes within this long of the one
    /// before (a spin box's steps, typing); two edits made apart (a change,
    /// then another a few seconds later, each a marker of a running
    /// simulation) stay two steps.
    static constexpr qint64 kMergeWindowMs = 1500;
    /// The clock edits are timed by, in milliseconds (tests set their own;
    /// an empty function puts back the monotonic clock).
    static void setClock(std::function<qint64()> clock);

protected:
    ChangeValueBase(Document *document, const QString &text, std::string key);
    /// Whether `other` (of the same key) comes soon enough after this
    /// command's last edit to merge; if so, its time becomes the last edit's.
    bool mergesInTime(const ChangeValueBase &other);
    void notifyChanged();
    Document *m_document;
    std::string m_key;
    std::vector<std::string> m_ids;
    int m_type = 0;
    std::string m_property;
    qint64 m_lastEdit = 0; ///< monotonic milliseconds of the last edit merged in
};

/// Sets one value of the model; undo swaps it back (Tiled's ChangeValue).
template<typename T>
class ChangeValueCommand final : public ChangeValueBase
{
public:
    template<typename Notification, typename Acc>
    ChangeValueCommand(Document *document, const QString &text, std::string key,
                       Notification notification, Acc accessor, T value)
        : ChangeValueBase(document, text, std::move(key))
        , m_accessor(std::move(accessor))
        , m_value(std::move(value))
        , m_original(m_value)
    {
        m_ids = notification.ids;
        m_type = int(notification.type);
        m_property = notification.property;
        m_original = *m_accessor(model());
    }

    void redo() override { swap(); }
    void undo() override { swap(); }

    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *o = dynamic_cast<const ChangeValueCommand<T> *>(other);
        if (!o || o->key() != key() || !mergesInTime(*o))
            return false;
        // This command keeps the value from before the first edit; the model
        // already holds the newest one, which the step's text names.
        setText(o->text());
        if (T *current = m_accessor(model()); current && *current == m_original)
            setObsolete(true);
        return true;
    }

private:
    Model &model();
    void swap()
    {
        if (T *current = m_accessor(model())) {
            m_value = std::exchange(*current, std::move(m_value));
            notifyChanged();
        }
    }

    std::function<T *(Model &)> m_accessor;
    T m_value;    ///< the value to put into the model on the next swap
    T m_original; ///< the value before this command (to detect no-ops)
};

/// Adds elements and notes (palette, paste); undo removes them.
class AddItemsCommand final : public QUndoCommand
{
public:
    AddItemsCommand(Document *document, const Fragment &fragment, const QString &text);
    ~AddItemsCommand() override;
    void redo() override;
    void undo() override;

private:
    Document *m_document;
    std::unique_ptr<Fragment> m_fragment;
};

/// Deletes elements with every reference to them, and notes. Keeps typed
/// copies of what it removed and of every element it edited, and undoes by
/// re-inserting them at their old places, so the model is exactly restored.
/// (Copies rather than JSON: the editor holds incomplete elements, e.g. a
/// command without aggregate, which the loader would refuse.)
class DeleteItemsCommand final : public QUndoCommand
{
public:
    /// `model` is the state the command will see when it runs (the document's
    /// model after any earlier sibling commands).
    DeleteItemsCommand(Document *document, const Model &model, const std::vector<std::string> &ids,
                       const std::vector<int> &notes, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    struct Removed
    {
        AnyElement element;
        int index;
        std::optional<NodePosition> position;
    };
    Document *m_document;
    std::vector<Removed> m_removed;      ///< in model order, ascending index per kind
    std::vector<AnyElement> m_before;    ///< elements that referenced a removed one
    std::vector<AnyElement> m_after;     ///< the same, with the references dropped
    std::vector<std::pair<int, Note>> m_notes; ///< ascending index
};

/// Swaps whole elements (connect, disconnect, several fields at once).
class ReplaceElementsCommand final : public QUndoCommand
{
public:
    ReplaceElementsCommand(Document *document, std::vector<AnyElement> after, const QString &text,
                           QUndoCommand *parent = nullptr);
    void redo() override { swap(); }
    void undo() override { swap(); }

private:
    void swap();
    Document *m_document;
    std::vector<AnyElement> m_elements;
};

/// Moves nodes and notes; one command per drag.
class MoveItemsCommand final : public QUndoCommand
{
public:
    /// A `nudge` merges with the nudge just before it of the same items: an
    /// arrow key held or pressed again is one step in the Edit History.
    MoveItemsCommand(Document *document, std::map<std::string, NodePosition> nodes,
                     std::map<int, std::pair<double, double>> notes, const QString &text,
                     bool nudge = false);
    void redo() override { swap(); }
    void undo() override { swap(); }
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    void swap();
    Document *m_document;
    bool m_nudge = false;
    std::map<std::string, std::optional<NodePosition>> m_nodes; ///< nullopt: no position entry
    std::map<int, std::pair<double, double>> m_notes;
};

/// Swaps the whole model for another (an experiment: `--set` paths applied
/// through the loader) and notifies exactly what differs.
class ReplaceModelCommand final : public QUndoCommand
{
public:
    ReplaceModelCommand(Document *document, Model after, const QString &text);
    void redo() override { swap(); }
    void undo() override { swap(); }

private:
    void swap();
    Document *m_document;
    Model m_model; ///< the model to put into the document on the next swap
};

/// Renames an element: its display name, its id and every reference to the
/// id. Consecutive renames of one element merge into one step, so typing a
/// name and then letting the id follow it is undone at once.
class RenameElementCommand final : public QUndoCommand
{
public:
    RenameElementCommand(Document *document, std::string fromId, std::string toId,
                         std::string newName);
    int id() const override { return UndoId::Rename; }
    bool mergeWith(const QUndoCommand *other) override;
    void redo() override;
    void undo() override;

private:
    void apply(const std::string &fromId, const std::string &toId, const std::string &name);
    void updateText();
    Document *m_document;
    std::string m_fromId;
    std::string m_toId;
    std::string m_oldName;
    std::string m_newName;
};

} // namespace cqrs
