#pragma once

#include <cqrs/model/diagnostic.h>

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace cqrs {

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
    /// mode, before the first run), which the summary mentions.
    void setDiagnostics(const Diagnostics &diagnostics, int hiddenPredictions = 0);
    int errorCount() const { return m_errors; }
    int warningCount() const { return m_warnings; }
    /// "1 error, 2 warnings", or that the model is valid.
    QString summaryText() const;
    QTreeWidget *list() const { return m_list; }

signals:
    /// The user activated a problem; id is empty for model-wide problems.
    void elementActivated(const QString &id);
    void countsChanged(int errors, int warnings);

private:
    QTreeWidget *m_list;
    QLabel *m_summary;
    int m_errors = 0;
    int m_warnings = 0;
};

} // namespace cqrs
