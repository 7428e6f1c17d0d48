#pragma once

#include <cqrs/model/diagnostic.h>
#include <cqrs/model/model.h>

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace cqrs {

/// A problem of `model` in one line for a person: the element by its kind and
/// name where it belongs to one ("Command DoSomething: aggregate is not
/// set…"), else where it is in the file ("line 3, column 7: …",
/// "/workload/duration: …").
QString diagnosticLine(const Diagnostic &d, const Model &model);

/// Lists validation errors and warnings of the open model; activating one
/// asks to select its element.
class ProblemsPanel final : public QWidget
{
    Q_OBJECT

public:
    /// The panel never gets narrower than this many average characters.
    static constexpr int kMinimumReadableChars = 50;

    explicit ProblemsPanel(QWidget *parent = nullptr);

    /// hiddenPredictions: load predictions left out of the list (interview
    /// mode, before the first run), which the summary mentions. With the
    /// model, the Element column names each element as the canvas does.
    void setDiagnostics(const Diagnostics &diagnostics, int hiddenPredictions = 0,
                        const Model *model = nullptr);
    int errorCount() const { return m_errors; }
    int warningCount() const { return m_warnings; }
    /// "1 error, 2 warnings", or that the model is valid.
    QString summaryText() const;
    QTreeWidget *list() const { return m_list; }

signals:
    /// The user activated a problem; id is empty for model-wide problems.
    void elementActivated(const QString &id);
    void countsChanged(int errors, int warnings);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// The element and where columns' least widths, in average characters.
    static constexpr int kElementChars = 12;
    static constexpr int kWhereChars = 10;

    void fitColumns();

    QTreeWidget *m_list;
    QLabel *m_summary;
    int m_errors = 0;
    int m_warnings = 0;
    bool m_fitting = false;
    bool m_userSized[3] = {false, false, false}; ///< by column: dragged by the user
    int m_need[3] = {0, 0, 0};                   ///< by column: its widest text, margins included
};

} // namespace cqrs
