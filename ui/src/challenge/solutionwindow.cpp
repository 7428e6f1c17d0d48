#include "cqrs/ui/challenge/solutionwindow.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/document/document.h"
#include "cqrs/ui/editor/canvasview.h"
#include "cqrs/ui/editor/scene.h"
#include "cqrs/ui/run/chartcard.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QStatusBar>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <cqrs/history/compare.h>
#include <cqrs/model/elements.h>
#include <cqrs/model/modeljson.h>
#include <set>

namespace cqrs {

namespace {

constexpr int kMaxRows = 500; ///< a solution rewritten wholesale still lists in a blink

/// The element a `--set` path is under ("readModels.task-view.consumers" ->
/// "readModels.task-view"); empty for the model's own settings.
std::string elementPathOf(const std::string &path)
{
    static constexpr std::string_view kinds[]
        = {"commands.", "aggregates.", "events.", "readModels.", "policies.", "queries."};
    for (std::string_view kind : kinds) {
        if (path.starts_with(kind)) {
            const std::size_t dot = path.find('.', kind.size());
            return path.substr(0, dot);
        }
    }
    return {};
}

} // namespace

SolutionWindow::SolutionWindow(const Model &solution, const QString &title,
                               const QString &debriefMarkdown, QWidget *parent)
    : QMainWindow(parent, Qt::Window)
    , m_document(new Document(this))
{
    setObjectName(QStringLiteral("solutionWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    closeWithKeys(this);
    setWindowTitle(tr("Solution: %1 — CQRS Studio").arg(title));
    m_document->resetModel(solution);
    m_solutionJson = modelToJson(m_document->model()); // read-only: written once, not at every edit of the answer
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

    // Where the answer differs: what a candidate looks for first.
    auto *differencesPage = new QWidget(this);
    auto *differencesLayout = new QVBoxLayout(differencesPage);
    m_differencesSummary = new QLabel(differencesPage);
    m_differencesSummary->setObjectName(QStringLiteral("solutionDifferencesSummary"));
    m_differencesSummary->setWordWrap(true);
    differencesLayout->addWidget(m_differencesSummary);
    m_differences = new QTableWidget(0, 3, differencesPage);
    m_differences->setObjectName(QStringLiteral("solutionDifferences"));
    m_differences->setHorizontalHeaderLabels({tr("Setting"), tr("Your answer"), tr("Solution")});
    m_differences->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_differences->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_differences->setSelectionMode(QAbstractItemView::SingleSelection);
    m_differences->verticalHeader()->hide();
    m_differences->setWordWrap(false); // one line a row; the tooltip has the whole path
    m_differences->setTextElideMode(Qt::ElideMiddle); // the field's end stays in sight
    m_differences->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_differences->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_differences->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_differences->setAccessibleName(tr("Differences from your answer"));
    m_differences->setAccessibleDescription(tr("Each setting in which your answer and the solution "
                                               "differ: its element and field, your value, the "
                                               "solution's"));
    differencesLayout->addWidget(m_differences, 1);
    auto *differencesDock = new QDockWidget(tr("Differences"), this);
    differencesDock->setObjectName(QStringLiteral("solutionDifferencesDock"));
    differencesDock->setWidget(differencesPage);
    addDockWidget(Qt::RightDockWidgetArea, differencesDock);
    tabifyDockWidget(dock, differencesDock);
    dock->raise(); // the debrief first: it says why
    // A row shows its element on the solution's canvas.
    connect(m_differences, &QTableWidget::itemSelectionChanged, this, [this] {
        const QList<QTableWidgetItem *> selected = m_differences->selectedItems();
        if (selected.isEmpty())
            return;
        const std::string id = m_differences->item(selected.front()->row(), 0)
                                   ->data(Qt::UserRole)
                                   .toString()
                                   .toStdString();
        if (id.empty() || !m_scene->nodeItem(id)) {
            m_scene->selectElements({});
            return;
        }
        m_scene->selectElements({id});
        m_view->ensureVisible(m_scene->nodeItem(id)->sceneBoundingRect());
    });
    m_view->setAccessibleName(tr("Solution diagram"));
    m_view->setAccessibleDescription(tr("The reference solution's model, read-only"));
    m_debrief->setAccessibleName(tr("Debrief"));
    m_debrief->setAccessibleDescription(
        tr("What the challenge teaches and how the solution works"));
    statusBar()->showMessage(
        tr("The reference solution, read-only. Compare it with your answer in the other window."));
    resizeWithinScreen(this, QSize(1000, 700));
    // The docks two fifths of the window: the differences' three columns
    // fit there, and the canvas keeps the rest.
    QTimer::singleShot(0, this, [this, dock] {
        resizeDocks({dock}, {width() * 2 / 5}, Qt::Horizontal);
        QTimer::singleShot(0, m_view, &CanvasView::fitAll);
    });
}

void SolutionWindow::setAnswer(const Model &answer)
{
    const Json answerJson = modelToJson(answer);
    const Json &solutionJson = m_solutionJson;
    std::vector<history::ParameterDifference> diffs
        = history::modelDifferences(std::vector<Json>{answerJson, solutionJson});
    // An element only one side has is one row, not one per field.
    struct Row
    {
        std::string path;
        std::string element; ///< its id, to show it; empty for the model's settings
        QString answer;
        QString solution;
        QString label; ///< as the canvas names the element: "TaskListView · update.mode"
    };
    // An element by the name the canvas shows (the solution's, else the answer's).
    const auto labelOf = [&](const std::string &path, const std::string &element) {
        if (element.empty())
            return QString::fromStdString(path);
        const Json *name = history::valueAtPath(solutionJson, element + ".name");
        if (!name || !name->is_string())
            name = history::valueAtPath(answerJson, element + ".name");
        const QString shownName
            = name && name->is_string()
                  ? boundedText(name->get<std::string>(), 60)
                  : QString::fromStdString(element.substr(element.find('.') + 1));
        const std::string rest
            = path.size() > element.size() ? path.substr(element.size() + 1) : std::string();
        return rest.empty() ? shownName
                            : shownName + QStringLiteral(" · ") + QString::fromStdString(rest);
    };
    std::vector<Row> rows;
    std::set<std::string> wholeElements;
    for (const history::ParameterDifference &d : diffs) {
        if (d.path == "name" || d.path == "description" || d.path == "workload.seed")
            continue;
        const std::string element = elementPathOf(d.path);
        const std::string id
            = element.empty() ? std::string() : element.substr(element.find('.') + 1);
        const bool inAnswer = !element.empty() && history::valueAtPath(answerJson, element);
        const bool inSolution = !element.empty() && history::valueAtPath(solutionJson, element);
        if (!element.empty() && inAnswer != inSolution) {
            if (wholeElements.insert(element).second) {
                rows.push_back({element, id, inAnswer ? tr("present") : tr("(none)"),
                                inSolution ? tr("present") : tr("(none)"),
                                labelOf(element, element)});
            }
            continue;
        }
        const auto shown = [&d](const std::optional<std::string> &value) {
            if (!value)
                return tr("(not set)");
            // A word as a word: streaming, not "streaming".
            const Json parsed = Json::parse(*value, nullptr, false);
            if (parsed.is_string())
                return boundedText(parsed.get<std::string>(), 80);
            return boundedText(formatParameterValue(d.path, *value), 80);
        };
        rows.push_back(
            {d.path, id, shown(d.values[0]), shown(d.values[1]), labelOf(d.path, element)});
    }
    m_differences->setRowCount(0);
    const int shownRows = int(std::min<std::size_t>(rows.size(), kMaxRows));
    m_differences->setRowCount(shownRows);
    for (int row = 0; row < shownRows; ++row) {
        const Row &r = rows[std::size_t(row)];
        auto *setting = new QTableWidgetItem(boundedText(r.label, 120));
        setting->setData(Qt::UserRole, QString::fromStdString(r.element));
        setting->setToolTip(QString::fromStdString(r.path));
        m_differences->setItem(row, 0, setting);
        m_differences->setItem(row, 1, new QTableWidgetItem(r.answer));
        m_differences->setItem(row, 2, new QTableWidgetItem(r.solution));
    }
    if (rows.empty())
        m_differencesSummary->setText(tr("Your answer has the solution's settings."));
    else if (int(rows.size()) > shownRows)
        m_differencesSummary->setText(
            tr("%1 settings differ from your answer; the first %2 are listed.")
                .arg(rows.size())
                .arg(shownRows));
    else if (rows.size() == 1)
        m_differencesSummary->setText(
            tr("One setting differs from your answer. Select it to see its element."));
    else
        m_differencesSummary->setText(
            tr("%1 settings differ from your answer. Select one to see its element.")
                .arg(rows.size()));
}

QString SolutionWindow::differencesSummary() const
{
    return m_differencesSummary->text();
}

SolutionWindow::~SolutionWindow()
{
    m_document->disconnect(this);
    delete m_view;
    delete m_scene;
}

} // namespace cqrs
