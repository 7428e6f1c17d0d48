#pragma once

#include <cqrs/model/model.h>

#include <QWidget>

#include <vector>

class QLabel;
class QVBoxLayout;

namespace cqrs {

class Document;
struct ChangeEvent;

/// "Things to try": the model's experiments (the optional top-level
/// `experiments` field), each with what it changes and a button that applies
/// it as one undoable edit, through the same `--set` code as `cqrs-sim run`.
class ExperimentsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit ExperimentsPanel(Document *document, QWidget *parent = nullptr);

    /// Applies experiment `index` of the document's model; false (and a
    /// message) when it cannot be applied.
    bool apply(int index);
    int count() const;

signals:
    /// For the status bar: what was applied, or why not.
    void statusMessage(const QString &text);

private:
    void onDocumentChanged(const ChangeEvent &event);
    void rebuild();

    Document *m_document;
    QVBoxLayout *m_list;
    QLabel *m_empty;
    std::vector<Experiment> m_shown; ///< what the cards show
    bool m_built = false;
};

} // namespace cqrs
