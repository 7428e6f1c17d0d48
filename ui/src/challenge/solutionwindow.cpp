#include "cqrs/ui/challenge/solutionwindow.h"

#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/scene.h"

#include <cqrs/model/elements.h>

#include <QDockWidget>
#include <QStatusBar>
#include <QTextBrowser>
#include <QTimer>

#include <set>

namespace cqrs {

SolutionWindow::SolutionWindow(const Model &solution, const QString &title, const QString &debriefMarkdown,
                               QWidget *parent)
    : QMainWindow(parent, Qt::Window)
    , m_document(new Document(this))
{
    setObjectName(QStringLiteral("solutionWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    closeWithKeys(this);
    setWindowTitle(tr("Solution: %1 — CQRS Studio").arg(title));
    m_document->resetModel(solution);
    m_scene = new DiagramScene(m_document, this);
    m_view = new CanvasView(m_scene, this);
    // Read-only: the view passes no mouse or key to the scene. Not through
    // the challenge's locks, whose padlocks and tooltips ("fixed by the
    // challenge") would say that of every element.
    m_view->setInteractive(false);
    setCentralWidget(m_view);
    m_debrief = new QTextBrowser(this);
    m_debrief->setObjectName(QStringLiteral("solutionDebrief"));
    m_debrief->setMarkdown(debriefMarkdown);
    auto *dock = new QDockWidget(tr("Debrief"), this);
    dock->setObjectName(QStringLiteral("solutionDebriefDock"));
    dock->setWidget(m_debrief);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    m_view->setAccessibleName(tr("Solution diagram"));
    m_view->setAccessibleDescription(tr("The reference solution's model, read-only"));
    m_debrief->setAccessibleName(tr("Debrief"));
    m_debrief->setAccessibleDescription(tr("What the challenge teaches and how the solution works"));
    statusBar()->showMessage(tr("The reference solution, read-only. Compare it with your answer in the other window."));
    resizeWithinScreen(this, QSize(1000, 700));
    QTimer::singleShot(0, m_view, &CanvasView::fitAll);
}

SolutionWindow::~SolutionWindow()
{
    m_document->disconnect(this);
    delete m_view;
    delete m_scene;
}

} // namespace cqrs
