#pragma once

#include <cqrs/model/model.h>

#include <QMainWindow>

class QTextBrowser;

namespace cqrs {

class CanvasView;
class DiagramScene;
class Document;

/// The challenge's reference solution in its own window beside the user's
/// answer, read-only: its canvas and the debrief.
class SolutionWindow final : public QMainWindow
{
    Q_OBJECT

public:
    SolutionWindow(const Model &solution, const QString &title, const QString &debriefMarkdown,
                   QWidget *parent = nullptr);
    ~SolutionWindow() override;

    Document *document() const { return m_document; }
    DiagramScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }

private:
    Document *m_document;
    DiagramScene *m_scene;
    CanvasView *m_view;
    QTextBrowser *m_debrief;
};

} // namespace cqrs
