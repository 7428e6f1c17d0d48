#pragma once

#include "cqrs/ui/document/document.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <string>
#include <vector>

class QLabel;
class QLineEdit;
class QScrollArea;
class QVBoxLayout;

namespace cqrs {

namespace form {
class PropertyForm;
}

/// Typed editors for every property of the selection: one element, one
/// note, or (nothing selected) the model's own settings: workload, write
/// side and event bus. Every edit goes through Document::changeValue(), so
/// consecutive edits of one field are one undo step. Editors carry object
/// names equal to the JSON field ("share", "update.mode", "handlerTime.p1").
class Inspector final : public QWidget
{
    Q_OBJECT

public:
    explicit Inspector(Document *document, QWidget *parent = nullptr);
    ~Inspector() override;

    /// Shows what is selected on the canvas.
    void setSelection(const std::vector<std::string> &elements,
                      const std::vector<Connection> &connections, const std::vector<int> &notes);

    /// The element being edited, empty for model settings / notes.
    const std::string &currentElement() const { return m_elementId; }
    int currentNote() const { return m_noteIndex; }

    /// Moves the keyboard focus to the name field (or the first field of
    /// the page) with its text selected; false when the page has no field.
    bool focusFirstField();

    /// Whether numeric fields offer "Sweep…" on right-click (on by default;
    /// off for an inspector of another model, such as A/B's variant).
    void setSweepEnabled(bool enabled);

signals:
    void statusMessage(const QString &message);
    /// "Sweep…" was chosen on a numeric field; `path` is its `--set` path.
    void sweepRequested(const QString &path);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Subject { Model, Element, Note, Other };

    /// Esc in a field of the page takes back what was typed since the field
    /// got the focus (or since Return), through the field's own editing.
    void watchForEscape(QWidget *page);

    void onDocumentChanged(const ChangeEvent &event);
    void rebuild();
    void refresh();

    void buildModelSettings();
    void buildNote();

    // Element pages (inspectorpages.cpp): the id and name rows, then one
    // builder per element kind.
    void buildElement();
    void addNameRow(form::PropertyForm &form, const std::string &id);
    /// A locked element's id or name field: typing into it says why nothing changes.
    void sayWhyLocked(QLineEdit *edit, const std::string &id);
    template<typename E>
    void addConsumerRows(form::PropertyForm &form, const std::string &id);
    void buildAggregatePage(form::PropertyForm &form, QVBoxLayout *page, const std::string &id);
    void buildCommandPage(form::PropertyForm &form, QVBoxLayout *page, const std::string &id);
    void buildEventPage(form::PropertyForm &form, QVBoxLayout *page, const std::string &id);
    void buildReadModelPage(form::PropertyForm &form, QVBoxLayout *page, const std::string &id);
    void buildPolicyPage(form::PropertyForm &form, QVBoxLayout *page, const std::string &id);
    void buildQueryPage(form::PropertyForm &form, QVBoxLayout *page, const std::string &id);

    Document *m_document;
    QScrollArea *m_scroll;
    QLabel *m_title;
    Subject m_subject = Subject::Model;
    std::string m_elementId;
    int m_noteIndex = -1;
    bool m_sweepEnabled = true;
    QString m_otherText;
    std::vector<std::function<void()>> m_refreshers;
    std::shared_ptr<void> m_form; ///< the editors' bindings; they outlive the build call
};

} // namespace cqrs
