#include "cqrs/ui/history/compareview.h"

#include "cqrs/ui/common/format.h"
#include "cqrs/ui/common/windowkeys.h"
#include "cqrs/ui/history/historymodel.h"
#include "cqrs/ui/run/chartcard.h"
#include "cqrs/ui/run/chartspanel.h"
#include "cqrs/ui/run/report.h"
#include "cqrs/ui/sweep/sweepdata.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QScopeGuard>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <cqrs/history/series.h>
#include <cqrs/model/elements.h>
#include <cqrs/model/modeljson.h>
#include <set>

namespace cqrs {

namespace {

/// The least width of a chart, which sets how many columns the window holds.
constexpr int kCardWidth = 360;
/// The most columns of charts (two rows of three).
constexpr int kMaxColumns = 3;
/// A parameter changed during a run: how many changes its cell and its
/// tooltip list before they tell only how many more there are.
constexpr std::size_t kChangesInCell = 3;
/// The least change of a key figure (relative to the first run's) that is
/// coloured better or worse.
constexpr double kJudgedChange = 0.01;
constexpr std::size_t kChangesInTooltip = 20;
/// The widest a run's column of the tables grows to fill the window.
constexpr int kWidestRunColumn = 320;
/// A table property: the user sized a column, so the window's width no
/// longer sets them.
constexpr char kUserSized[] = "cqrsUserSizedColumns";
/// A table property: fitColumns() is sizing them.
constexpr char kFitting[] = "cqrsFittingColumns";

/// Sizes a table's columns to their contents, then widens the run columns
/// (all but the first) equally, up to kWidestRunColumn, into the room the
/// viewport has left: fitted to their contents alone, the Key Figures used
/// a third of a wide window and left the rest empty.
void fitColumns(QTableWidget *table)
{
    table->setProperty(kFitting, true);
    const auto done = qScopeGuard([table] { table->setProperty(kFitting, false); });
    table->resizeColumnsToContents();
    const int columns = table->columnCount();
    if (columns < 2)
        return;
    int used = 0;
    for (int c = 0; c < columns; ++c)
        used += table->columnWidth(c);
    int room = table->viewport()->width() - used;
    for (int c = 1; c < columns && room > 0; ++c) {
        const int share = room / (columns - c);
        const int width = table->columnWidth(c);
        const int wider = std::max(width, std::min(kWidestRunColumn, width + share));
        table->setColumnWidth(c, wider);
        room -= wider - width;
    }
}

/// Strategies compared on a query that no command's user reads after their
/// own write: wait-for-version and optimistic-ui then read as eventual does,
/// and the runs look broken without a word on why.
QString strategyNote(const std::vector<const Model *> &models,
                     const std::vector<history::ParameterDifference> &diffs)
{
    QStringList names;
    for (const history::ParameterDifference &d : diffs) {
        constexpr std::string_view prefix = "queries.", suffix = ".consistency.strategy";
        if (!d.path.starts_with(prefix) || !d.path.ends_with(suffix)
            || d.path.size() <= prefix.size() + suffix.size())
            continue;
        const std::string id
            = d.path.substr(prefix.size(), d.path.size() - prefix.size() - suffix.size());
        // Only when one of the two strategies that need a follow-up is among
        // the runs, as they started or as changed during them.
        const auto needsFollowUp = [](const std::optional<std::string> &v) {
            return v && (*v == "\"wait-for-version\"" || *v == "\"optimistic-ui\"");
        };
        bool waitsOrPredicts = std::any_of(d.values.begin(), d.values.end(), needsFollowUp);
        for (const std::vector<history::ParameterChange> &changes : d.changes) {
            waitsOrPredicts = waitsOrPredicts
                              || std::any_of(changes.begin(), changes.end(),
                                             [&](const auto &c) { return needsFollowUp(c.value); });
        }
        const bool followed = std::any_of(models.begin(), models.end(), [&id](const Model *m) {
            return std::any_of(m->commands.begin(), m->commands.end(), [&id](const Command &c) {
                return c.followUp && c.followUp->query == id && c.followUp->probability > 0;
            });
        });
        if (waitsOrPredicts && !followed && !models.empty())
            names.append(elementDisplayName(*models.front(), id));
    }
    if (names.isEmpty())
        return QString();
    return CompareView::tr("No command is followed by a read of %1: wait-for-version and "
                           "optimistic-ui change only the reads a user makes after their own "
                           "command, so here they read as eventual does. Give a command a "
                           "follow-up read of %2 (Inspector) to compare them.")
        .arg(names.join(QStringLiteral(", ")),
             names.size() > 1 ? CompareView::tr("these queries") : CompareView::tr("this query"));
}

struct ChartSpec
{
    const char *title;
    const char *yTitle;
};

ChartSpec specOf(CompareView::ChartId id)
{
    switch (id) {
    case CompareView::Accepted:
        return {QT_TRANSLATE_NOOP("cqrs::CompareView", "Commands accepted per second"),
                QT_TRANSLATE_NOOP("cqrs::CompareView", "per second")};
    case CompareView::Window:
        return {QT_TRANSLATE_NOOP("cqrs::CompareView", "Consistency window p99"),
                QT_TRANSLATE_NOOP("cqrs::CompareView", "seconds")};
    case CompareView::Backlog:
        return {QT_TRANSLATE_NOOP("cqrs::CompareView", "Backlog"),
                QT_TRANSLATE_NOOP("cqrs::CompareView", "events")};
    case CompareView::Lag:
        return {QT_TRANSLATE_NOOP("cqrs::CompareView", "Lag (age of the oldest unapplied event)"),
                QT_TRANSLATE_NOOP("cqrs::CompareView", "seconds")};
    case CompareView::Stale:
        return {QT_TRANSLATE_NOOP("cqrs::CompareView", "Stale reads"),
                QT_TRANSLATE_NOOP("cqrs::CompareView", "% of reads")};
    case CompareView::Published:
        return {QT_TRANSLATE_NOOP("cqrs::CompareView", "Events published per second"),
                QT_TRANSLATE_NOOP("cqrs::CompareView", "per second")};
    case CompareView::ChartCount:
        break;
    }
    return {"", ""};
}

const Json *arrayIn(const Json &object, std::initializer_list<std::string> path)
{
    const Json *at = &object;
    for (const std::string &key : path) {
        if (!at->is_object() || !at->contains(key))
            return nullptr;
        at = &(*at)[key];
    }
    return at->is_array() ? at : nullptr;
}

/// 1, 2, 2.5 or 5 x 10^n, at least v: an axis's top, round tick steps.
double niceTop(double v)
{
    if (!(v > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * magnitude >= v)
            return m * magnitude;
    }
    return 10 * magnitude;
}

/// Whether two lines are drawn as one: the same times, and values never
/// further apart than `apart`.
bool sameLine(const QList<QPointF> &a, const QList<QPointF> &b, double apart)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].x() != b[i].x() || std::abs(a[i].y() - b[i].y()) > apart)
            return false;
    }
    return true;
}

} // namespace

QColor CompareView::runColor(int index)
{
    return seriesColor(index);
}

std::vector<QString> CompareView::figureTexts(const history::CompareRow &row)
{
    const bool percent = isPercentFigure(row.path);
    // Times in their unit, as the history lists them ("59.7 min", "8.61 ms";
    // not 3,579 and 0.00861 under "(s)").
    const bool seconds = !percent && isSecondsFigure(row.label);
    // digits 0: a number as written everywhere (three significant digits).
    const auto text = [&](double v, int digits) {
        if (percent)
            return formatPercent(v, digits);
        if (seconds)
            return formatSecondsInUnit(v, naturalTimeUnit(v), digits == 0 ? 3 : digits);
        return digits == 0 ? formatNumber(v) : formatNumber(v, digits);
    };
    const auto shown = [&](double v, int digits) {
        const double unit = seconds ? naturalTimeUnit(v) : 1;
        return percent ? roundSignificant(v * 100, digits) / 100
                       : roundSignificant(v / unit, digits == 0 ? 3 : digits) * unit;
    };
    const auto tells = [&](int digits) {
        if (row.values.empty() || !row.values.front())
            return true;
        const double first = *row.values.front();
        for (std::size_t i = 1; i < row.values.size() && i < row.relative.size(); ++i) {
            const std::optional<double> &v = row.values[i];
            const std::optional<double> &rel = row.relative[i];
            if (!v || !rel || std::abs(*rel - 1) < 0.0005)
                continue;
            const double a = shown(first, digits), b = shown(*v, digits);
            if (text(first, digits) == text(*v, digits) || a == 0
                || std::abs(b / a - *rel) > std::max(0.5 * std::abs(*rel - 1), 0.002))
                return false;
        }
        return true;
    };
    // Percentages with three significant digits from the start: rounded to
    // a tenth, 0.96% read "1%" beside a run's "0.9%".
    int digits = percent ? 3 : 0;
    for (const int more : {4, 5, 6, 7}) {
        if (tells(digits))
            break;
        digits = more;
    }
    std::vector<QString> texts;
    for (const std::optional<double> &v : row.values)
        texts.push_back(v ? text(*v, digits) : QString());
    return texts;
}

QPen CompareView::runPen(int index)
{
    QPen pen(runColor(index));
    pen.setWidthF(2.0);
    // Each run its own dashes (in pen widths), so a line drawn over an
    // earlier one lets it show through, and runs are told apart without
    // their colours; short enough that a legend's swatch (22 px) shows
    // each pattern's kind: dashes, dots, dash-dot, dash-dot-dot, long dashes.
    static const QList<QList<qreal>> dashes
        = {{}, {4, 2}, {1, 2}, {4, 2, 1, 2}, {4, 2, 1, 2, 1, 2}, {8, 2}};
    const QList<qreal> &pattern = dashes.at(index % int(dashes.size()));
    if (!pattern.isEmpty()) {
        pen.setCapStyle(Qt::FlatCap);
        pen.setDashPattern(pattern);
    }
    return pen;
}

CompareView::CompareView(std::vector<history::RunRecord> runs, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_runs(std::move(runs))
{
    // Oldest first: the first run is the baseline the others are measured against.
    std::sort(m_runs.begin(), m_runs.end(),
              [](const auto &a, const auto &b) { return a.id < b.id; });
    setObjectName(QStringLiteral("compareView"));
    setAttribute(Qt::WA_DeleteOnClose);
    closeWithKeys(this);
    QStringList numbers;
    QStringList names;
    for (const history::RunRecord &r : m_runs) {
        numbers.append(QStringLiteral("#%1").arg(r.id));
        // Whole names (up to the bound every widget takes): cut first, long
        // names would all end in the same "…" before the part that differs.
        names.append(boundedText(r.name));
    }
    m_distinctNames = distinctParts(names);
    setWindowTitle(tr("Compare Runs %1 — CQRS Studio").arg(numbers.join(QStringLiteral(", "))));

    std::vector<Json> results;
    std::vector<std::string> readModels, queries;
    auto remember = [](std::vector<std::string> &list, const Json &object, const char *key) {
        if (!object.is_object() || !object.contains(key) || !object[key].is_object())
            return;
        for (auto it = object[key].begin(); it != object[key].end(); ++it) {
            if (std::find(list.begin(), list.end(), it.key()) == list.end())
                list.push_back(it.key());
        }
    };
    // Each run's result, series and model, read once. The model as a
    // document (a model that does not parse keeps its column, for the
    // parameters that differ) and as a model (named as on the canvas, the
    // first run's first). What a run stored but cannot be read again (a row
    // changed outside the application) is said above the charts, where its
    // lines and figures are missing.
    std::vector<Json> modelDocuments;
    std::vector<Model> models;
    QStringList unreadable;
    for (const history::RunRecord &r : m_runs) {
        bool damaged = false;
        results.push_back(history::storedObject(r.result, &damaged));
        if (damaged)
            unreadable.append(tr("#%1: the stored result cannot be read.").arg(r.id));
        const Json series = history::storedObject(r.series, &damaged);
        if (damaged)
            unreadable.append(tr("#%1: the stored series cannot be read.").arg(r.id));
        m_series.push_back(series.is_object() ? series : Json::object());
        remember(readModels, m_series.back(), "readModels");
        remember(queries, m_series.back(), "queries");
        const Json document = Json::parse(r.modelJson, nullptr, false);
        modelDocuments.push_back(document.is_discarded() ? Json::object() : document);
        ModelLoadResult loaded;
        if (!document.is_discarded())
            loaded = modelFromJson(document);
        // A run that ended early measured a shorter time: fewer commands,
        // lower maxima, percentiles without what came later.
        QString partial;
        if (r.status != history::RunStatus::Finished && r.status != history::RunStatus::Running) {
            const Json &result = results.back();
            const auto simulated
                = result.is_object() ? result.find("simulatedSeconds") : result.end();
            const double end = loaded.model ? loaded.model->workload.duration : 0.0;
            if (simulated != result.end() && simulated->is_number() && loaded.model)
                partial
                    = tr("#%1 %2 after %3 of %4")
                          .arg(r.id)
                          .arg(statusText(r.status), formatMoment(simulated->get<double>(), end),
                               formatMoment(end, end));
            else
                partial = tr("#%1 %2 before its end").arg(r.id).arg(statusText(r.status));
        }
        m_partial.push_back(partial);
        if (loaded.model)
            models.push_back(std::move(*loaded.model));
        else
            unreadable.append(tr("#%1: the stored model cannot be read.").arg(r.id));
    }
    // Runs of different models (not the same read models and queries):
    // said first, before hundreds of differing parameters and charts with
    // one run's lines only.
    const auto elementIds = [](const Model &m) {
        std::set<std::string> ids;
        for (const ReadModel &rm : m.readModels)
            ids.insert(rm.id);
        for (const Query &q : m.queries)
            ids.insert(q.id);
        return ids;
    };
    if (std::any_of(models.begin(), models.end(),
                    [&](const Model &m) { return elementIds(m) != elementIds(models.front()); }))
        unreadable.prepend(
            tr("These runs are of different models (their read models and queries are not "
               "the same): a chart shows only the runs that have the read model or query "
               "chosen, and most parameters differ."));
    m_rows = history::compareResults(results, history::CompareFigures::WithUtilization);
    std::vector<const Model *> modelPointers;
    for (const Model &m : models)
        modelPointers.push_back(&m);
    nameFigureLabels(m_rows, modelPointers);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *legend = new QLabel(this);
    legend->setObjectName(QStringLiteral("compareLegend"));
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true);
    // What all the runs share is said once ("User profile, seed 42,
    // finished"), then each run by what sets it apart: four runs of one
    // model with long names took three lines of the same words.
    const auto same = [this](auto field) {
        return std::all_of(m_runs.begin(), m_runs.end(), [&](const history::RunRecord &r) {
            return field(r) == field(m_runs.front());
        });
    };
    const bool oneModel = same([](const history::RunRecord &r) { return r.modelName; });
    const bool oneSeed = same([](const history::RunRecord &r) { return r.seed; });
    const bool oneStatus = same([](const history::RunRecord &r) { return r.status; });
    QStringList entries;
    QStringList fullNames;
    for (int i = 0; i < int(m_runs.size()); ++i) {
        const history::RunRecord &r = m_runs[std::size_t(i)];
        QStringList details;
        if (!oneModel)
            details << boundedText(r.modelName, 40).toHtmlEscaped();
        if (!oneSeed)
            details << tr("seed %1").arg(r.seed);
        if (!oneStatus)
            details << statusText(r.status);
        entries.append(tr("<span style='color:%1;font-size:16px'>■</span> <b>%2</b>%3")
                           .arg(runColor(i).name(), chartLabel(i).toHtmlEscaped(),
                                details.isEmpty() ? QString()
                                                  : QStringLiteral(" <small>(%1)</small>")
                                                        .arg(details.join(QStringLiteral(", ")))));
        fullNames << runLabel(i, 200).toHtmlEscaped();
    }
    QStringList shared;
    if (oneModel && !m_runs.empty())
        shared << boundedText(m_runs.front().modelName, 80).toHtmlEscaped();
    if (oneSeed && !m_runs.empty())
        shared << tr("seed %1").arg(m_runs.front().seed);
    if (oneStatus && !m_runs.empty())
        shared << statusText(m_runs.front().status);
    if (!shared.isEmpty())
        entries.append(tr("<small>(all: %1)</small>").arg(shared.join(QStringLiteral(", "))));
    legend->setToolTip(fullNames.join(QStringLiteral("<br>")));
    legend->setText(entries.join(QStringLiteral(" &nbsp; ")));
    layout->addWidget(legend);
    // The parameters that differ: for the note, the charts' first choice and
    // the Parameters That Differ tab.
    // With the edits made while the runs went: a rate raised at 30 s in one
    // run is a difference even when another run ended at the same rate.
    std::vector<std::vector<history::RunEdit>> edits;
    for (const history::RunRecord &r : m_runs)
        edits.push_back(r.edits);
    const std::vector<history::ParameterDifference> diffs
        = history::runDifferences(modelDocuments, edits);
    QStringList partial(m_partial.begin(), m_partial.end());
    partial.removeAll(QString());
    QString note = strategyNote(modelPointers, diffs);
    if (!partial.isEmpty())
        note += (note.isEmpty() ? QString() : QStringLiteral("\n"))
                + tr("%1: a run that ended early measured only part of the time, so its key "
                     "figures are not called better or worse.")
                      .arg(partial.join(QStringLiteral("; ")));
    m_note = new QLabel(note, this);
    m_note->setObjectName(QStringLiteral("compareNote"));
    m_note->setTextFormat(Qt::PlainText); // names come from the model file
    m_note->setWordWrap(true);
    m_note->setVisible(!m_note->text().isEmpty());
    layout->addWidget(m_note);
    m_unreadable = new QLabel(unreadable.join(QLatin1Char(' ')), this);
    m_unreadable->setObjectName(QStringLiteral("compareUnreadable"));
    m_unreadable->setTextFormat(Qt::PlainText);
    m_unreadable->setWordWrap(true);
    m_unreadable->setStyleSheet(QStringLiteral("color: #c62828"));
    m_unreadable->setVisible(!unreadable.isEmpty());
    layout->addWidget(m_unreadable);

    auto *selectors = new QHBoxLayout;
    m_readModel = new QComboBox(this);
    m_readModel->setObjectName(QStringLiteral("compareReadModel"));
    const auto nameOf = [&models](const std::string &id) {
        for (const Model &m : models) {
            if (findElement(m, id))
                return elementDisplayName(m, id);
        }
        return elementDisplayName(Model(), id);
    };
    for (const std::string &id : readModels)
        m_readModel->addItem(nameOf(id), QString::fromStdString(id));
    m_query = new QComboBox(this);
    m_query->setObjectName(QStringLiteral("compareQuery"));
    for (const std::string &id : queries)
        m_query->addItem(nameOf(id), QString::fromStdString(id));
    auto *readModelLabel = new QLabel(tr("Read model:"), this);
    readModelLabel->setBuddy(m_readModel);
    selectors->addWidget(readModelLabel);
    selectors->addWidget(m_readModel);
    selectors->addSpacing(12);
    auto *queryLabel = new QLabel(tr("Query:"), this);
    queryLabel->setBuddy(m_query);
    selectors->addWidget(queryLabel);
    selectors->addWidget(m_query);
    selectors->addStretch(1);
    auto *report = new QPushButton(tr("Export Report…"), this);
    report->setObjectName(QStringLiteral("exportReportButton"));
    report->setToolTip(tr("Save this comparison as one HTML page that opens in any browser, "
                          "offline: the runs, the charts, the key figures and the parameters "
                          "that differ"));
    connect(report, &QPushButton::clicked, this,
            [this] { exportReportInteractive(this, exportBaseName(), reportHtml()); });
    selectors->addWidget(report);
    layout->addLayout(selectors);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    // The charts scroll when the window is too small for them (a laptop's
    // screen), in as many columns as its width holds.
    m_gridScroll = new QScrollArea(splitter);
    m_gridScroll->setObjectName(QStringLiteral("compareChartsScroll"));
    m_gridScroll->setWidgetResizable(true);
    m_gridScroll->setFrameShape(QFrame::NoFrame);
    m_gridScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *grid = new QWidget;
    m_grid = new QGridLayout(grid);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(6);
    for (int id = 0; id < ChartCount; ++id) {
        auto *c = new QChart;
        c->legend()->hide();
        c->setMargins(QMargins(2, 4, 8, 2));
        c->layout()->setContentsMargins(0, 0, 0, 0);
        c->setBackgroundRoundness(0);
        auto *x = new QValueAxis;
        x->setLabelFormat(QStringLiteral("%g"));
        x->setTitleText(tr("simulated time (s)"));
        auto *y = new QValueAxis;
        y->setLabelFormat(QStringLiteral("%g"));
        y->setTitleText(tr(specOf(ChartId(id)).yTitle));
        c->addAxis(x, Qt::AlignBottom);
        c->addAxis(y, Qt::AlignLeft);
        auto *card = new ChartCard(c, ChartCard::Mode::Clean, grid);
        card->setMinimumSize(kCardWidth, 220);
        m_cards[id] = card;
        // As many y labels as the plot's height holds, whenever it changes.
        connect(c, &QChart::plotAreaChanged, this, [this, id] { fitYTicks(ChartId(id)); });
    }
    m_gridScroll->setWidget(grid);
    m_gridScroll->viewport()->installEventFilter(this);
    layOutCards();
    splitter->addWidget(m_gridScroll);

    auto *tabs = new QTabWidget(splitter);
    m_figures = new QTableWidget(tabs);
    m_figures->setTabKeyNavigation(false); // one Tab stop: the arrows move inside
    m_figures->setObjectName(QStringLiteral("compareFigures"));
    m_parameters = new QTableWidget(tabs);
    m_parameters->setTabKeyNavigation(false);
    m_parameters->setObjectName(QStringLiteral("compareParameters"));
    for (QTableWidget *t : {m_figures, m_parameters}) {
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->verticalHeader()->hide();
        t->setAlternatingRowColors(true);
        t->horizontalHeader()->setStretchLastSection(false);
        t->viewport()->installEventFilter(this);
        connect(t->horizontalHeader(), &QHeaderView::sectionResized, t,
                [t](int, int oldSize, int newSize) {
                    if (!t->property(kFitting).toBool() && oldSize > 0 && newSize > 0)
                        t->setProperty(kUserSized, true);
                });
    }
    tabs->addTab(m_figures, tr("Key Figures"));
    tabs->addTab(m_parameters, tr("Parameters That Differ"));
    // Runs that differ in one query's strategy share every other figure: the
    // few that changed are easier to find without the rest.
    m_onlyDiffering = new QCheckBox(tabs);
    m_onlyDiffering->setObjectName(QStringLiteral("compareOnlyDiffering"));
    m_onlyDiffering->setChecked(
        QSettings().value(QStringLiteral("compare/onlyDiffering"), false).toBool());
    tabs->setCornerWidget(m_onlyDiffering, Qt::TopRightCorner);
    connect(m_onlyDiffering, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("compare/onlyDiffering"), on);
        showFigureRows();
    });
    connect(tabs, &QTabWidget::currentChanged, this,
            [this, tabs] { m_onlyDiffering->setVisible(tabs->currentWidget() == m_figures); });
    splitter->addWidget(tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    // What a screen reader announces (the cards describe themselves in fillCharts()).
    m_readModel->setAccessibleName(tr("Read model"));
    m_readModel->setAccessibleDescription(
        tr("Read model: the one whose window, backlog and lag the charts compare"));
    m_query->setAccessibleName(tr("Query"));
    m_query->setAccessibleDescription(tr("Query: the one whose stale reads the chart compares"));
    tabs->setAccessibleName(tr("Figures and parameters"));
    tabs->setAccessibleDescription(
        tr("The runs' key figures, and the model parameters that differ between them"));
    m_figures->setAccessibleName(tr("Key figures"));
    m_figures->setAccessibleDescription(tr("The runs' key figures side by side, one column per "
                                           "run, with the change against the first run"));
    m_onlyDiffering->setAccessibleDescription(
        tr("Lists only the key figures whose value differs between the runs"));
    m_parameters->setAccessibleName(tr("Parameters that differ"));
    m_parameters->setAccessibleDescription(
        tr("The model parameters whose values differ between the runs, one column per run"));

    selectComparedElements(modelPointers, diffs);
    connect(m_readModel, &QComboBox::currentIndexChanged, this, &CompareView::fillCharts);
    connect(m_query, &QComboBox::currentIndexChanged, this, &CompareView::fillCharts);
    fillCharts();
    fillFigures();
    fillParameters(diffs);
    tabs->setTabText(1, tr("Parameters That Differ (%1)").arg(m_differences));
    // A run's column header opens that run.
    for (QTableWidget *t : {m_figures, m_parameters}) {
        connect(t->horizontalHeader(), &QHeaderView::sectionDoubleClicked, this,
                [this](int section) {
                    if (section >= 1 && section <= int(m_runs.size()))
                        emit openRunRequested(m_runs[std::size_t(section - 1)].id);
                });
    }
    resizeWithinScreen(this, QSize(1500, 950));
}

void CompareView::selectComparedElements(const std::vector<const Model *> &models,
                                         const std::vector<history::ParameterDifference> &diffs)
{
    // The charts open on what the runs were made to compare: the query or
    // read model a differing parameter belongs to (Compare Read Strategies on
    // a query, Compare Consumers on a read model), the query's read model
    // with it, or a query of the read model; else the first whose series are
    // not the same in every run. The first of each showed four identical
    // lines for a strategy compared on any other query.
    const auto named = [&diffs](QComboBox *box, const std::string &kind) {
        for (const history::ParameterDifference &d : diffs) {
            for (int i = 0; i < box->count(); ++i) {
                if (d.path.starts_with(kind + '.' + box->itemData(i).toString().toStdString()
                                       + '.'))
                    return i;
            }
        }
        return -1;
    };
    const auto differs = [this](const char *kind, const QString &id) {
        const std::string key = id.toStdString();
        const auto part = [&](const Json &series) -> const Json * {
            const auto it = series.find(kind);
            if (it == series.end() || !it->is_object())
                return nullptr;
            const auto element = it->find(key);
            return element == it->end() ? nullptr : &*element;
        };
        const Json *first = m_series.empty() ? nullptr : part(m_series.front());
        for (std::size_t i = 1; i < m_series.size(); ++i) {
            const Json *other = part(m_series[i]);
            if ((first == nullptr) != (other == nullptr) || (first && *first != *other))
                return true;
        }
        return false;
    };
    const auto readModelOf = [&models](const QString &queryId) {
        for (const Model *m : models) {
            for (const Query &q : m->queries) {
                if (q.id == queryId.toStdString())
                    return QString::fromStdString(q.readModel);
            }
        }
        return QString();
    };
    const auto firstDiffering = [&differs](QComboBox *box, const char *kind, const auto &accept) {
        int first = -1;
        for (int i = 0; i < box->count(); ++i) {
            if (!accept(box->itemData(i).toString()))
                continue;
            if (differs(kind, box->itemData(i).toString()))
                return i;
            if (first < 0)
                first = i;
        }
        return first;
    };
    const auto any = [](const QString &) {
        return true;
    };

    int query = named(m_query, "queries");
    int readModel = named(m_readModel, "readModels");
    if (readModel < 0 && query >= 0)
        readModel = m_readModel->findData(readModelOf(m_query->itemData(query).toString()));
    if (readModel < 0)
        readModel = firstDiffering(m_readModel, "readModels", any);
    if (query < 0 && readModel >= 0) {
        const QString rm = m_readModel->itemData(readModel).toString();
        query = firstDiffering(m_query, "queries",
                               [&](const QString &id) { return readModelOf(id) == rm; });
    }
    if (query < 0)
        query = firstDiffering(m_query, "queries", any);
    if (readModel >= 0)
        m_readModel->setCurrentIndex(readModel);
    if (query >= 0)
        m_query->setCurrentIndex(query);
}

QString CompareView::runLabel(int index, int maxChars) const
{
    const history::RunRecord &r = m_runs[std::size_t(index)];
    return QStringLiteral("#%1 %2").arg(r.id).arg(boundedText(r.name, maxChars));
}

QString CompareView::chartLabel(int index) const
{
    // Bounded: a name of 300 letters without a space held the window wider
    // than the screen (the whole name is in the legend's tooltip).
    constexpr int kLabelChars = 60;
    return QStringLiteral("#%1 %2")
        .arg(m_runs[std::size_t(index)].id)
        .arg(boundedText(m_distinctNames.value(index), kLabelChars));
}

QString CompareView::columnLabel(int index) const
{
    // A table's column is as wide as its heading: a long name pushed the
    // other runs' figures out of sight (the whole name is in the tooltip).
    constexpr int kColumnChars = 32;
    return QStringLiteral("#%1 %2")
        .arg(m_runs[std::size_t(index)].id)
        .arg(boundedText(m_distinctNames.value(index), kColumnChars));
}

QStringList CompareView::distinctParts(const QStringList &names)
{
    if (names.size() < 2)
        return names;
    const QString &first = names.front();
    qsizetype prefix = first.size();
    qsizetype suffix = first.size();
    for (const QString &name : names) {
        qsizetype i = 0;
        while (i < std::min(prefix, name.size()) && name[i] == first[i])
            ++i;
        prefix = i;
        qsizetype j = 0;
        while (j < std::min(suffix, name.size())
               && name[name.size() - 1 - j] == first[first.size() - 1 - j])
            ++j;
        suffix = j;
    }
    // Whole words only ("GetUser: eventual", "GetUser: eager" share
    // "GetUser: ", not the "e" of the next word too). A cut where every name
    // ends or has a space is between words too: "User profile" and "User
    // profile (variant B)" share all of "User profile".
    const auto wordEnd = [&](qsizetype at) {
        return std::all_of(names.begin(), names.end(), [&](const QString &name) {
            return at >= name.size() || name[at].isSpace();
        });
    };
    // A closing bracket starts a word too: a sweep point's "(... = 2)" parts
    // read "2", not "2)".
    const auto wordStart = [&](qsizetype fromEnd) {
        return std::all_of(names.begin(), names.end(), [&](const QString &name) {
            return fromEnd >= name.size() || name[name.size() - 1 - fromEnd].isSpace()
                   || (fromEnd > 0 && QStringLiteral(")]}").contains(name[name.size() - fromEnd]));
        });
    };
    if (!wordEnd(prefix)) {
        while (prefix > 0 && !first[prefix - 1].isSpace())
            --prefix;
    }
    while (suffix > 0 && !wordStart(suffix))
        --suffix;
    // A name with nothing of its own left stands whole beside the others'
    // parts; a list's comma stays with the list ("2.52, seed 42": "2.52").
    QStringList parts;
    for (const QString &name : names) {
        QString part = name.size() - prefix - suffix > 0
                           ? name.mid(prefix, name.size() - prefix - suffix).trimmed()
                           : QString();
        while (part.endsWith(QLatin1Char(',')) || part.endsWith(QLatin1Char(';')))
            part = part.chopped(1).trimmed();
        parts.append(part.isEmpty() ? name : part);
    }
    // Parts that tell apart fewer names than the names do (the same run
    // twice keeps its twin).
    if (std::set<QString>(parts.begin(), parts.end()).size()
        < std::set<QString>(names.begin(), names.end()).size())
        return names;
    // Values alone after "path.field = " (a sweep's points): the field's name
    // with them, "consumers = 2" rather than "2".
    const QString shared = first.left(prefix);
    const bool numbers = std::all_of(parts.begin(), parts.end(), [](const QString &part) {
        bool ok = false;
        QLocale::c().toDouble(part, &ok);
        return ok;
    });
    // Replications of one point: "seed 42", not "42".
    if (numbers && shared.endsWith(QStringLiteral(", seed "))) {
        for (QString &part : parts)
            part = QStringLiteral("seed ") + part;
    } else if (numbers && shared.endsWith(QStringLiteral(" = "))) {
        const QString before = shared.chopped(3);
        qsizetype start = before.size();
        while (start > 0 && !before[start - 1].isSpace()
               && !QStringLiteral(".(").contains(before[start - 1]))
            --start;
        if (const QString field = before.mid(start); !field.isEmpty()) {
            for (QString &part : parts)
                part = field + QStringLiteral(" = ") + part;
        }
    } else if (const qsizetype colon = shared.lastIndexOf(QStringLiteral(": "));
               colon >= 0 && std::all_of(parts.begin(), parts.end(), [](const QString &p) {
                   return p[0].isDigit();
               })) {
        // A challenge's checks: "check 1, 33/100", not "1, 33/100".
        static const QRegularExpression oneWord(QStringLiteral("^\\S+ $"));
        if (const QString word = shared.mid(colon + 2); oneWord.match(word).hasMatch())
            std::for_each(parts.begin(), parts.end(), [&](QString &part) { part.prepend(word); });
    }
    return parts;
}

bool CompareView::eventFilter(QObject *watched, QEvent *event)
{
    // The charts' room, once the scroll area has it (the window's own resize
    // comes before its children's).
    if (watched == m_gridScroll->viewport() && event->type() == QEvent::Resize)
        layOutCards();
    // The tables' run columns fill the width they are given, until the user
    // sizes one (a height's change, the scroll bar coming, kept them).
    for (QTableWidget *table : {m_figures, m_parameters}) {
        if (table && watched == table->viewport() && event->type() == QEvent::Resize
            && !table->property(kUserSized).toBool()) {
            const auto *resize = static_cast<QResizeEvent *>(event);
            if (resize->oldSize().width() != resize->size().width())
                fitColumns(table);
        }
    }
    return QWidget::eventFilter(watched, event);
}

void CompareView::layOutCards()
{
    const int spacing = m_grid->spacing();
    const int room = m_gridScroll->viewport()->width();
    const int columns = std::clamp((room + spacing) / (kCardWidth + spacing), 1, kMaxColumns);
    if (columns == m_gridColumns)
        return;
    m_gridColumns = columns;
    for (ChartCard *card : m_cards)
        m_grid->removeWidget(card);
    for (int id = 0; id < ChartCount; ++id)
        m_grid->addWidget(m_cards[id], id / columns, id % columns);
    for (int i = 0; i < kMaxColumns; ++i)
        m_grid->setColumnStretch(i, i < columns ? 1 : 0);
}

QChart *CompareView::chart(ChartId id) const
{
    return m_cards[id]->chart();
}

double CompareView::yTickStep(double top, int labels)
{
    // A step that ends on the top (0, 0.5, ..., 2; 0, 10, ..., 40), so the
    // top line is labelled, of 1, 2, 2.5 or 5 x 10^n, with as many labels
    // as the room takes (at most six); else 0 and the top alone.
    if (!(top > 0))
        return 1; // (a step of 0 would never end Qt's tick loop)
    for (int steps = std::min(labels - 1, 5); steps >= 2; --steps) {
        const double step = top / steps;
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
        for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
            if (std::abs(mantissa - m) < 1e-9)
                return step;
        }
    }
    return top;
}

void CompareView::fitYTicks(ChartId id)
{
    auto *y = static_cast<QValueAxis *>(chart(id)->axes(Qt::Vertical).value(0));
    // At 1366x768 every label of three charts was "…" with six of them.
    const double step = yTickStep(y->max(), yAxisLabelRoom(chart(id), y->labelsFont(), 6));
    if (step != y->tickInterval()) // (the labels' new widths move the plot sideways only)
        y->setTickInterval(step);
    if (const QString format = axisLabelFormat(y->max()); format != y->labelFormat())
        y->setLabelFormat(format); // a million as such, not "1e+06"
}

void CompareView::fillCharts()
{
    const std::string rm = m_readModel->currentData().toString().toStdString();
    const std::string query = m_query->currentData().toString().toStdString();
    for (int id = 0; id < ChartCount; ++id) {
        QChart *c = chart(ChartId(id));
        c->removeAllSeries();
        QString title = tr(specOf(ChartId(id)).title);
        if ((id == Window || id == Backlog || id == Lag) && !rm.empty())
            title = tr("%1 of %2").arg(title, m_readModel->currentText());
        if (id == Stale && !query.empty())
            title = tr("%1 of %2").arg(title, m_query->currentText());
        m_cards[id]->setTitle(title, title);
        // Every run's points first: the axes' ranges, and which lines lie on
        // an earlier one, are known only then.
        std::vector<QList<QPointF>> lines(m_runs.size());
        double maxX = 0, maxY = 0;
        for (std::size_t r = 0; r < m_runs.size(); ++r) {
            const Json &s = m_series[r];
            const Json *t = arrayIn(s, {"t"});
            const Json *values = nullptr;
            const Json *gate
                = nullptr; // points only where something happened (as in the live charts)
            double scale = 1;
            switch (ChartId(id)) {
            case Accepted:
                values = arrayIn(s, {"commandsAccepted"});
                break;
            case Published:
                values = arrayIn(s, {"eventsPublished"});
                break;
            case Window:
                values = arrayIn(s, {"readModels", rm, "windowP99"});
                gate = arrayIn(s, {"readModels", rm, "applied"});
                break;
            case Backlog:
                values = arrayIn(s, {"readModels", rm, "backlog"});
                break;
            case Lag:
                values = arrayIn(s, {"readModels", rm, "lag"});
                break;
            case Stale:
                values = arrayIn(s, {"queries", query, "staleRatio"});
                gate = arrayIn(s, {"queries", query, "issued"});
                scale = 100;
                break;
            case ChartCount:
                break;
            }
            if (!t || !values)
                continue;
            for (std::size_t i = 0; i < t->size() && i < values->size(); ++i) {
                if (!(*t)[i].is_number() || !(*values)[i].is_number())
                    continue;
                if (gate
                    && (i >= gate->size() || !(*gate)[i].is_number()
                        || (*gate)[i].get<double>() <= 0))
                    continue;
                const QPointF p((*t)[i].get<double>(), (*values)[i].get<double>() * scale);
                maxX = std::max(maxX, p.x());
                maxY = std::max(maxY, p.y());
                lines[r].append(p);
            }
        }
        // Long runs in minutes or hours, as the live charts read them (a
        // 3.5-hour run was drawn on an axis to 12,600 s).
        const double unit = runTimeUnit(maxX);
        if (unit != 1) {
            for (QList<QPointF> &line : lines) {
                for (QPointF &p : line)
                    p.setX(p.x() / unit);
            }
            maxX /= unit;
        }
        const double top = id == Stale ? std::min(100.0, niceTop(maxY * 1.1)) : niceTop(maxY * 1.1);
        QList<ChartLegend::Entry> entries;
        QStringList latest; // for a screen reader: each run's last value
        for (std::size_t r = 0; r < m_runs.size(); ++r) {
            const QList<QPointF> &points = lines[r];
            if (points.isEmpty())
                continue;
            const QPen pen = runPen(int(r));
            auto *series = new QLineSeries;
            series->setName(chartLabel(int(r)));
            series->setPen(pen);
            series->replace(points);
            c->addSeries(series);
            for (QAbstractAxis *axis : c->axes())
                series->attachAxis(axis);
            ChartLegend::Entry entry{chartLabel(int(r)), pen,
                                     runLabel(int(r), 200)}; // tooltip: the whole name
            // A line drawn over an earlier run's hides it: the legend says so
            // (and each run's dashes let the one beneath show through).
            const double apart = top / 200; // under a pixel of the plot's height
            std::optional<std::size_t> under;
            for (std::size_t earlier = 0; earlier < r && !under; ++earlier) {
                if (sameLine(lines[earlier], points, apart))
                    under = earlier;
            }
            if (under) {
                entry.suffix = QStringLiteral(" = #%1").arg(m_runs[*under].id);
                entry.toolTip = tr("%1: on the same line as %2")
                                    .arg(runLabel(int(r), 200), runLabel(int(*under), 200));
            }
            const double last = points.constLast().y();
            const QString value
                = id == Stale ? formatPercent(last / 100)
                  : id == Window || id == Lag
                      ? formatSeconds(last)
                      : tr("%1 %2").arg(formatNumber(last), tr(specOf(ChartId(id)).yTitle));
            QString said = tr("%1: %2 at %3")
                               .arg(runLabel(int(r)), value,
                                    formatSecondsInUnit(points.constLast().x() * unit, unit));
            if (under)
                said = tr("%1, on the same line as #%2")
                           .arg(said, QString::number(m_runs[*under].id));
            latest << said;
            entries.append(entry);
        }
        auto *x = static_cast<QValueAxis *>(c->axes(Qt::Horizontal).value(0));
        x->setTitleText(tr("simulated time (%1)")
                            .arg(unit == 3600 ? tr("h")
                                 : unit == 60 ? tr("min")
                                              : tr("s")));
        const double step = niceTop((maxX > 0 ? maxX : 1) / 5);
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(0);
        x->setTickInterval(step);
        // To the runs' end, not to the next round tick: a 12,600 s run is not
        // drawn on an axis to 15,000 s.
        x->setRange(0, maxX > 0 ? maxX : 1);
        auto *y = static_cast<QValueAxis *>(c->axes(Qt::Vertical).value(0));
        y->setTickType(QValueAxis::TicksDynamic);
        y->setTickAnchor(0);
        // A little below 0: a line at 0 (never stale) is drawn whole, not
        // halved by the plot's edge under the axis.
        y->setRange(-top / 60, top);
        fitYTicks(ChartId(id));
        m_cards[id]->legend()->setEntries(entries);
        m_cards[id]->setNoData(entries.isEmpty() ? tr("No recorded series to compare.")
                                                 : QString());
        m_cards[id]->setAccessibleText(
            title, entries.isEmpty()
                       ? m_cards[id]->noDataText()
                       : tr("%1 over simulated time, one line per run. Last values: %2.")
                             .arg(title, latest.join(QStringLiteral("; "))));
    }
}

QString relativeChangeText(double relative)
{
    // "+6849900%" reads as noise: ten times the first run's value or more is
    // a factor.
    if (relative >= 10) {
        QString factor = QString::number(relative, 'f', relative < 100 ? 1 : 0);
        if (factor.endsWith(QStringLiteral(".0")))
            factor.chop(2);
        return QStringLiteral("×") + factor;
    }
    const double change = relative - 1;
    return QStringLiteral("%1%2%")
        .arg(change > 0 ? QStringLiteral("+") : QString())
        .arg(change * 100, 0, 'f', std::abs(change) < 0.1 ? 1 : 0);
}

void CompareView::fillFigures()
{
    const int n = int(m_runs.size());
    m_figures->setColumnCount(n + 1);
    QStringList headers = {tr("Figure")};
    for (int i = 0; i < n; ++i)
        headers.append(columnLabel(i));
    m_figures->setHorizontalHeaderLabels(headers);
    for (int i = 0; i < n; ++i) {
        m_figures->horizontalHeaderItem(i + 1)->setForeground(runColor(i));
        m_figures->horizontalHeaderItem(i + 1)->setToolTip(runLabel(i, 200));
    }
    m_figures->setRowCount(int(m_rows.size()));
    m_rowDiffers.assign(m_rows.size(), false);
    const QColor better(0x1a, 0x7f, 0x37), worse(0xc6, 0x28, 0x28);
    for (int row = 0; row < int(m_rows.size()); ++row) {
        const history::CompareRow &r = m_rows[std::size_t(row)];
        auto *label = new QTableWidgetItem(figureLabel(r.label));
        label->setToolTip(
            tr("%1 (%2 is better)")
                .arg(QString::fromStdString(r.path), r.lowerIsBetter ? tr("lower") : tr("higher")));
        m_figures->setItem(row, 0, label);
        const std::vector<QString> texts = figureTexts(r);
        for (int i = 0; i < n; ++i) {
            const std::optional<double> &v = r.values[std::size_t(i)];
            QString text = v ? texts[std::size_t(i)] : tr("—");
            auto *item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            const std::optional<double> &rel = r.relative[std::size_t(i)];
            const std::optional<double> &first = r.values.front();
            // Differs as the table says it: a change shown as "(same)" is the same.
            if (i > 0
                && (v.has_value() != first.has_value()
                    || (v && (rel ? std::abs(*rel - 1) >= 0.0005 : *v != *first))))
                m_rowDiffers[std::size_t(row)] = true;
            if (i > 0 && v && rel) {
                const double change = *rel - 1;
                const QString &partial = !m_partial[std::size_t(i)].isEmpty()
                                             ? m_partial[std::size_t(i)]
                                             : m_partial.front();
                if (std::abs(change) >= 0.0005) {
                    text += QStringLiteral("  (%1)").arg(relativeChangeText(*rel));
                    const bool improved = r.lowerIsBetter ? change < 0 : change > 0;
                    // A utilization 0.1% higher in red read as a finding; a
                    // change that small is neither.
                    const bool small = std::abs(change) < kJudgedChange;
                    if (partial.isEmpty() && !small)
                        item->setForeground(improved ? better : worse);
                    item->setToolTip(
                        !partial.isEmpty() ? tr("Not called better or worse: %1.").arg(partial)
                        : small
                            ? tr("Not called better or worse: it differs from %1 by less than 1%.")
                                  .arg(runLabel(0))
                        : improved ? tr("better than %1").arg(runLabel(0))
                                   : tr("worse than %1").arg(runLabel(0)));
                } else {
                    text += tr("  (same)");
                }
            } else if (i > 0 && v && r.values.front() && *r.values.front() == 0) {
                text += tr("  (first is 0)");
            }
            item->setText(text);
            m_figures->setItem(row, i + 1, item);
        }
    }
    fitColumns(m_figures);
    showFigureRows();
}

void CompareView::showFigureRows()
{
    const auto differing = int(std::count(m_rowDiffers.begin(), m_rowDiffers.end(), true));
    m_onlyDiffering->setText(
        tr("Only figures that differ (%1 of %2)").arg(differing).arg(m_rowDiffers.size()));
    m_onlyDiffering->setAccessibleName(m_onlyDiffering->text());
    for (int row = 0; row < int(m_rowDiffers.size()); ++row)
        m_figures->setRowHidden(row,
                                m_onlyDiffering->isChecked() && !m_rowDiffers[std::size_t(row)]);
}

void CompareView::fillParameters(const std::vector<history::ParameterDifference> &diffs)
{
    m_differences = int(diffs.size());
    const int n = int(m_runs.size());
    m_parameters->setColumnCount(n + 1);
    QStringList headers = {tr("Parameter")};
    for (int i = 0; i < n; ++i)
        headers.append(columnLabel(i));
    m_parameters->setHorizontalHeaderLabels(headers);
    for (int i = 0; i < n; ++i) {
        m_parameters->horizontalHeaderItem(i + 1)->setForeground(runColor(i));
        m_parameters->horizontalHeaderItem(i + 1)->setToolTip(runLabel(i, 200));
    }
    m_parameters->setRowCount(int(diffs.size()));
    double longest = 0; // changes' moments in the charts' unit: "at 124 s", not "at 2.07 min"
    for (const history::RunRecord &r : m_runs) {
        const Json model = Json::parse(r.modelJson, nullptr, false);
        if (const Json *d = history::valueAtPath(model, "workload.duration"); d && d->is_number())
            longest = std::max(longest, d->get<double>());
    }
    const double unit = runTimeUnit(longest);
    for (int row = 0; row < int(diffs.size()); ++row) {
        const history::ParameterDifference &d = diffs[std::size_t(row)];
        m_parameters->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(d.path)));
        for (int i = 0; i < n; ++i) {
            const auto &v = d.values[std::size_t(i)];
            const std::vector<history::ParameterChange> &changes = d.changes[std::size_t(i)];
            // Defaults are shown as values (runDifferences() compares every
            // field): what is absent is an element or an optional part.
            // With its unit ("5 s", not "5"); the tooltip has the value as written.
            const auto shown = [&d](const std::optional<std::string> &value, int limit) {
                return value ? boundedText(formatParameterValue(d.path, *value), limit)
                             : CompareView::tr("(not set)");
            };
            QString text = shown(v, 120);
            QString tip = v ? boundedText(*v, 2000)
                            : tr("Not in this run's model: the element, or an optional part such "
                                 "as a follow-up, is missing");
            // What was changed during the run, after the value it started with:
            // in the cell the first and the last change (a long list would
            // widen the column past the window), in the tooltip up to twenty.
            if (!changes.empty())
                tip = tr("As the run started: %1").arg(v ? boundedText(*v, 200) : tr("(not set)"));
            const auto step = [&shown, unit](const history::ParameterChange &c) {
                return (c.folded ? CompareView::tr(" → %1 by %2") : CompareView::tr(" → %1 at %2"))
                    .arg(shown(c.value, 120), formatSecondsInUnit(c.at, unit));
            };
            for (std::size_t k = 0; k < changes.size(); ++k) {
                const history::ParameterChange &c = changes[k];
                if (changes.size() <= kChangesInCell || k == 0 || k + 1 == changes.size())
                    text += step(c);
                else if (k == 1)
                    text += tr(" → … %n more changes …", nullptr, int(changes.size() - 2));
                if (k < kChangesInTooltip) {
                    tip += QLatin1Char('\n')
                           + (c.folded ? tr(
                                  "Changed several times up to %1 (not followed one by one): %2")
                                       : tr("Changed at %1 during the run: %2"))
                                 .arg(formatSecondsInUnit(c.at, unit),
                                      c.value ? boundedText(*c.value, 200) : tr("(not set)"));
                } else if (k == kChangesInTooltip) {
                    tip += QLatin1Char('\n')
                           + tr("… and %n more changes", nullptr, int(changes.size() - k));
                }
            }
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(tip);
            m_parameters->setItem(row, i + 1, item);
        }
    }
    if (diffs.empty()) {
        m_parameters->setRowCount(1);
        m_parameters->setItem(0, 0, new QTableWidgetItem(tr("The runs' models are the same.")));
    }
    fitColumns(m_parameters);
}

} // namespace cqrs
