#pragma once

#include <cqrs/model/model.h>

#include <QMainWindow>

class QLabel;
class QTableWidget;
class QTextBrowser;

namespace cqrs {

class CanvasView;
class DiagramScene;
class Document;

/// The challenge's reference solution in its own window beside the user's
/// answer, read-only: its canvas, the debrief, and the settings in which
/// the answer differs from it (a row selects its element on the canvas).
class SolutionWindow final : public QMainWindow
{
    Q_OBJECT

public:
    SolutionWindow(const Model &solution, const QString &title, const QString &debriefMarkdown,
                   QWidget *parent = nullptr);
    ~SolutionWindow() override;

    /// Lists where `answer` differs from the solution; called again as the answer is edited.
    void setAnswer(const Model &answer);

    Document *document() const { return m_document; }
    QTableWidget *differences() const { return m_differences; }
    /// "3 settings differ from your answer." and the like.
    QString differencesSummary() const;
    DiagramScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }

private:
    Document *m_document;
    DiagramScene *m_scene;
    CanvasView *m_view;
    QTextBrowser *m_debrief;
    QLabel *m_differencesSummary;
    QTableWidget *m_differences;
    Json m_solutionJson; ///< the solution as a model document, for setAnswer()
};

} // namespace cqrs
