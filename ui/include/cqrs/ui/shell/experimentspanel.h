#pragma once

#include <QWidget>
#include <cqrs/model/model.h>
#include <vector>

class QLabel;
class QPushButton;
class QScrollArea;
class QTimer;
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

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onDocumentChanged(const ChangeEvent &event);
    void rebuild();
    /// Marks the cards whose values the model has now ("In the model", Apply disabled).
    void showApplied();

    Document *m_document;
    QVBoxLayout *m_list;
    QLabel *m_empty;
    QScrollArea *m_scroll;
    std::vector<Experiment> m_shown;      ///< what the cards show
    std::vector<QPushButton *> m_buttons; ///< each card's Apply, in order
    std::vector<QLabel *> m_marks;        ///< each card's "In the model" sign
    bool m_appliedStale = true;           ///< the marks wait for the panel to show
    QTimer *m_applyCheck;                 ///< showApplied() once after edits in a row
    bool m_built = false;
};

} // namespace cqrs
