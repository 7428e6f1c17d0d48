#include "cqrs/ui/sweep/sweepdialog.h"

#include "cqrs/ui/common/format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <cqrs/model/modeljson.h>
#include <tuple>

namespace cqrs {

namespace {

QString number(double v)
{
    return QLocale::c().toString(v, 'g', 15);
}

// Every number of the model a sweep can vary, with its value: the fields at
// their defaults too (the complete document), as `--set` paths; not the
// seed (replications choose it) nor the suggestions to try.
std::map<std::string, double> sweepableNumbers(const Model &model)
{
    std::map<std::string, double> numbers;
    for (const auto &[leaf, text] : history::modelLeaves(modelToCompleteJson(model))) {
        if (leaf == "workload.seed" || leaf == "schemaVersion" || leaf.starts_with("experiments."))
            continue;
        const JsonParseResult parsed = parseJsonText(text);
        if (parsed.json && parsed.json->is_number())
            numbers.emplace(leaf, parsed.json->get<double>());
    }
    return numbers;
}

} // namespace

SweepDialog::SweepDialog(const Model &model, const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_model(model)
    , m_document(modelToJson(model))
    , m_numbers(sweepableNumbers(model))
    , m_metricsList(sweepMetrics(model))
{
    QStringList paths;
    for (const auto &entry : m_numbers)
        paths.append(QString::fromStdString(entry.first));
    setObjectName(QStringLiteral("sweepDialog"));
    setWindowTitle(tr("Sweep a Parameter"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Run the model once per value of a parameter (and per replication), in parallel, and "
           "plot the figures you choose against it."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto makeAxis = [this, &paths](QFormLayout *form, QLineEdit *&pathEdit, QLineEdit *&from,
                                   QLineEdit *&to, QSpinBox *&steps, QComboBox *&scale,
                                   const QString &suffix) {
        pathEdit = new QLineEdit(this);
        pathEdit->setPlaceholderText(tr("e.g. readModels.search.update.interval"));
        pathEdit->setAccessibleName(tr("Parameter path%1").arg(suffix));
        pathEdit->setToolTip(tr("The model field to vary, as cqrs-sim --set takes it: type part of "
                                "its name to choose from the model's numbers"));
        // Every number of the model, found by any part of its path; the one
        // chosen gets a range around its value.
        auto *completer = new QCompleter(paths, pathEdit);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setFilterMode(Qt::MatchContains);
        completer->setMaxVisibleItems(12);
        pathEdit->setCompleter(completer);
        from = new QLineEdit(this);
        from->setAccessibleName(tr("From%1").arg(suffix));
        from->setAccessibleDescription(tr("The first value run"));
        to = new QLineEdit(this);
        to->setAccessibleName(tr("To%1").arg(suffix));
        to->setAccessibleDescription(tr("The last value run"));
        steps = new QSpinBox(this);
        steps->setRange(1, kMaxRuns);
        steps->setValue(5);
        steps->setAccessibleName(tr("Steps%1").arg(suffix));
        steps->setToolTip(tr("How many values from From to To, both included"));
        scale = new QComboBox(this);
        scale->addItem(tr("Linear"));
        scale->addItem(tr("Logarithmic"));
        scale->setAccessibleName(tr("Spacing%1").arg(suffix));
        scale->setToolTip(tr("Linear: evenly spaced values; logarithmic: each value a constant "
                             "factor above the last"));
        auto *range = new QHBoxLayout;
        range->addWidget(from);
        range->addWidget(new QLabel(tr("to"), this));
        range->addWidget(to);
        form->addRow(tr("Parameter:"), pathEdit);
        form->addRow(tr("From:"), range);
        auto *stepsRow = new QHBoxLayout;
        stepsRow->addWidget(steps);
        stepsRow->addWidget(new QLabel(tr("values, spaced"), this));
        stepsRow->addWidget(scale, 1);
        form->addRow(tr("Steps:"), stepsRow);
        connect(completer, qOverload<const QString &>(&QCompleter::activated), this,
                [this, from, to, steps, scale](const QString &chosen) {
                    suggestRange(chosen, from, to, steps, scale);
                });
        connect(pathEdit, &QLineEdit::editingFinished, this,
                [this, pathEdit, from, to, steps, scale] { followPath(pathEdit, from, to, steps, scale); });
        for (QLineEdit *e : {pathEdit, from, to})
            connect(e, &QLineEdit::textChanged, this, &SweepDialog::update);
        connect(steps, &QSpinBox::valueChanged, this, &SweepDialog::update);
        connect(scale, &QComboBox::currentIndexChanged, this, &SweepDialog::update);
    };

    auto *form = new QFormLayout;
    makeAxis(form, m_path, m_from, m_to, m_steps, m_scale, QString());
    m_replications = new QSpinBox(this);
    m_replications->setRange(1, 100);
    m_replications->setValue(3);
    m_replications->setAccessibleName(tr("Replications per point"));
    m_replications->setToolTip(
        tr("Runs per value with different seeds (the same seeds at every value), for the band "
           "across replications"));
    form->addRow(tr("Replications:"), m_replications);
    connect(m_replications, &QSpinBox::valueChanged, this, &SweepDialog::update);
    layout->addLayout(form);

    m_metrics = new QListWidget(this);
    m_metrics->setObjectName(QStringLiteral("sweepMetrics"));
    m_metrics->setAccessibleName(tr("Figures to plot"));
    m_metrics->setAccessibleDescription(tr("Tick the figures to draw against the parameter, one chart each"));
    const std::vector<std::string> defaults = defaultSweepMetricPaths(m_metricsList);
    for (const SweepMetric &metric : m_metricsList) {
        auto *item = new QListWidgetItem(QString::fromStdString(metric.label), m_metrics);
        item->setData(Qt::UserRole, QString::fromStdString(metric.path));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        const bool on = std::find(defaults.begin(), defaults.end(), metric.path) != defaults.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    m_metrics->setMaximumHeight(150);
    connect(m_metrics, &QListWidget::itemChanged, this, &SweepDialog::refreshBudgetFigures);
    connect(m_metrics, &QListWidget::itemChanged, this, &SweepDialog::update);
    layout->addWidget(new QLabel(tr("Figures to plot:"), this));
    layout->addWidget(m_metrics);

    auto *budgetRow = new QHBoxLayout;
    m_budgetOn = new QCheckBox(tr("Budget line at"), this);
    m_budgetOn->setToolTip(tr("A horizontal line on one figure's chart, e.g. the consistency window "
                              "you promised; on a heat map, the cells that miss it are outlined"));
    m_budget = new QLineEdit(this);
    m_budget->setAccessibleName(tr("Budget value"));
    m_budget->setEnabled(false);
    m_budgetFigure = new QComboBox(this);
    m_budgetFigure->setAccessibleName(tr("Budget figure"));
    m_budgetFigure->setAccessibleDescription(tr("The figure whose chart gets the budget line, in that figure's unit"));
    m_budgetFigure->setEnabled(false);
    m_budgetFigure->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    // Room for "UserSearchIndex: consistency window p99 (s)": cut at 24
    // characters, the figures of a read model all read alike. A longer name
    // is in the tooltip.
    m_budgetFigure->setMinimumContentsLength(44);
    connect(m_budgetFigure, &QComboBox::currentTextChanged, m_budgetFigure, &QWidget::setToolTip);
    // The unit the value is typed in, after it: "s", "%" (a stale ratio of
    // 5% is typed 5), "events".
    m_budgetUnit = new QLabel(this);
    m_budgetUnit->setObjectName(QStringLiteral("budgetUnit"));
    m_budgetUnit->setEnabled(false);
    connect(m_budgetFigure, &QComboBox::currentIndexChanged, this, &SweepDialog::showBudgetUnit);
    connect(m_budgetFigure, &QComboBox::currentIndexChanged, this, &SweepDialog::update);
    budgetRow->addWidget(m_budgetOn);
    budgetRow->addWidget(m_budget, 1);
    budgetRow->addWidget(m_budgetUnit);
    budgetRow->addWidget(new QLabel(tr("on"), this));
    budgetRow->addWidget(m_budgetFigure, 2);
    refreshBudgetFigures();
    connect(m_budgetOn, &QCheckBox::toggled, m_budget, &QWidget::setEnabled);
    connect(m_budgetOn, &QCheckBox::toggled, m_budgetFigure, &QWidget::setEnabled);
    connect(m_budgetOn, &QCheckBox::toggled, m_budgetUnit, &QWidget::setEnabled);
    connect(m_budgetOn, &QCheckBox::toggled, this, &SweepDialog::update);
    connect(m_budget, &QLineEdit::textChanged, this, &SweepDialog::update);
    layout->addLayout(budgetRow);

    m_second = new QGroupBox(tr("Second parameter (heat map)"), this);
    m_second->setCheckable(true);
    m_second->setChecked(false);
    m_second->setToolTip(tr("Sweep a second parameter too: every pair of values runs, and the "
                            "result is a heat map"));
    auto *secondForm = new QFormLayout(m_second);
    makeAxis(secondForm, m_path2, m_from2, m_to2, m_steps2, m_scale2, tr(" (second)"));
    connect(m_second, &QGroupBox::toggled, this, &SweepDialog::update);
    layout->addWidget(m_second);

    // One line under the fields: how many runs, or what is wrong, in red. It
    // keeps room for two lines, so that the fields above do not move under
    // the pointer when a problem comes or goes.
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("sweepProblem"));
    m_problem->setWordWrap(true);
    m_problem->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_problem->setMinimumHeight(2 * m_problem->fontMetrics().lineSpacing());
    layout->addWidget(m_problem);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Run Sweep"));
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleDescription(
        tr("Start the runs in the background and open the trade-off chart"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleDescription(tr("Close without running"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    m_path->setText(path);
    suggestRange(path, m_from, m_to, m_steps, m_scale);
    suggestBudget(path);
    update();
}

void SweepDialog::suggestBudget(const QString &path)
{
    // The budget line starts on the swept element's own figure (a read
    // model's window p99, a query's stale reads), not on the list's first;
    // a read model with a stale budget has its line drawn at it.
    const std::string p = path.toStdString();
    const auto idAfter = [&p](std::string_view kind) {
        if (!p.starts_with(kind) || p.size() <= kind.size() || p[kind.size()] != '.')
            return std::string();
        const std::string rest = p.substr(kind.size() + 1);
        return rest.substr(0, rest.find('.'));
    };
    std::string metric;
    const ReadModel *readModel = nullptr;
    if (const std::string id = idAfter("readModels"); !id.empty()) {
        metric = "/readModels/" + id + "/consistencyWindow/p99";
        for (const ReadModel &rm : m_model.readModels) {
            if (rm.id == id)
                readModel = &rm;
        }
    } else if (const std::string query = idAfter("queries"); !query.empty()) {
        metric = "/queries/" + query + "/staleRatio";
    }
    const int index = m_budgetFigure->findData(QString::fromStdString(metric));
    if (index < 0)
        return;
    m_budgetFigure->setCurrentIndex(index);
    if (readModel && readModel->staleBudget) {
        m_budget->setText(number(readModel->staleBudget->p99));
        m_budgetOn->setChecked(true);
    }
}

QPushButton *SweepDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

SweepDialog::~SweepDialog()
{
    // ~QDialog hides the dialog, and the path field with the focus then
    // finishes its editing: not into this, already gone.
    for (QLineEdit *path : {m_path, m_path2})
        disconnect(path, &QLineEdit::editingFinished, this, nullptr);
}

void SweepDialog::followPath(QLineEdit *path, QLineEdit *from, QLineEdit *to, QSpinBox *steps,
                             QComboBox *scale)
{
    // The range was typed in when it is neither empty nor the one suggested
    // last; an emptied range is filled in again.
    const QString named = path->text().trimmed();
    const auto last = m_suggested.find(from);
    const bool empty = from->text().trimmed().isEmpty() && to->text().trimmed().isEmpty();
    const bool typed = !empty
                       && (last == m_suggested.end() || from->text() != last->second.from
                           || to->text() != last->second.to);
    if (!typed && (empty || last == m_suggested.end() || last->second.path != named))
        suggestRange(named, from, to, steps, scale);
}

void SweepDialog::suggestRange(const QString &path, QLineEdit *from, QLineEdit *to, QSpinBox *steps,
                               QComboBox *scale)
{
    const auto current = m_numbers.find(path.toStdString());
    if (current == m_numbers.end())
        return;
    const std::optional<double> v = current->second;
    auto accepts = [this, &path](double value) {
        return settingProblem(path.toStdString(), value).isEmpty();
    };
    // A count (consumers, workers) refuses a fraction and takes the next whole
    // number (a probability of 1 refuses both).
    if (*v >= 1 && std::floor(*v) == *v && *v < 1e6 && !accepts(*v + 0.5) && accepts(*v + 1)) {
        // A count (consumers, workers): every whole number around it, or
        // (a larger count) whole steps up to twice it that pass through it:
        // 3, 6, ..., 24 for 12 partitions (1 to 10 left the design out).
        const double high = std::max(*v * 2, *v + 3);
        scale->setCurrentIndex(0);
        if (high <= 10) {
            from->setText(number(1));
            to->setText(number(high));
            steps->setValue(int(high));
        } else {
            const double step = std::ceil(*v / 5);
            const double low = *v - step * std::floor((*v - 1) / step);
            double values = std::min(10.0, std::floor((2 * *v - low) / step) + 1);
            // Near the field's largest value, fewer steps up: the end stays
            // one the model takes, and every value whole.
            while (values > 2 && !accepts(low + step * (values - 1)))
                --values;
            from->setText(number(low));
            to->setText(number(low + step * (values - 1)));
            steps->setValue(int(values));
        }
    } else if (*v > 0) {
        from->setText(number(*v / 4));
        to->setText(number(*v * 4));
        steps->setValue(7);
        scale->setCurrentIndex(1);
    } else {
        from->setText(number(*v));
        to->setText(number(*v + 1));
        steps->setValue(5);
        scale->setCurrentIndex(0);
    }
    // An end the model refuses (a probability above 1) is cut back to the value itself.
    if (const std::optional<double> high = parseUserNumber(to->text()); high && !accepts(*high))
        to->setText(number(*v));
    if (const std::optional<double> low = parseUserNumber(from->text()); low && !accepts(*low))
        from->setText(number(*v));
    m_suggested[from] = {path, from->text(), to->text()};
}

std::optional<sim::SweepAxis> SweepDialog::axis(const QString &what, QLineEdit *path, QLineEdit *from,
                                                QLineEdit *to, QSpinBox *steps, QComboBox *scale,
                                                QString *problem) const
{
    sim::SweepAxis a;
    a.path = path->text().trimmed().toStdString();
    if (a.path.empty()) {
        *problem = tr("%1: name the parameter to sweep, e.g. workload.commandRate.").arg(what);
        return std::nullopt;
    }
    if (a.path == "workload.seed") {
        // Replications choose the seeds (the same ones at every point).
        *problem = tr("%1: the seed is not swept; replications run each point with several seeds.")
                       .arg(what);
        return std::nullopt;
    }
    const std::optional<double> f = parseUserNumber(from->text());
    if (!f && from->text().trimmed().isEmpty() && !m_numbers.contains(a.path)) {
        // Still typing the path, or a path the model does not have: that comes first.
        *problem = tr("%1: this model has no number at “%2”; type part of a field's name and "
                      "choose it from the list.")
                       .arg(what, path->text().trimmed());
        return std::nullopt;
    }
    if (!f) {
        *problem = tr("%1: From must be a number, got “%2”.").arg(what, from->text());
        return std::nullopt;
    }
    const std::optional<double> t = parseUserNumber(to->text());
    if (!t) {
        *problem = tr("%1: To must be a number, got “%2”.").arg(what, to->text());
        return std::nullopt;
    }
    a.from = *f;
    a.to = *t;
    a.steps = steps->value();
    a.log = scale->currentIndex() == 1;
    switch (sim::checkSweepAxis(a)) {
    case sim::SweepAxisProblem::None:
        break;
    case sim::SweepAxisProblem::NotFinite:
        *problem = tr("%1: From and To must be finite numbers.").arg(what);
        return std::nullopt;
    case sim::SweepAxisProblem::TooFewSteps:
        *problem = tr("%1: Steps must be at least 2 (From and To).").arg(what);
        return std::nullopt;
    case sim::SweepAxisProblem::TooManySteps:
        *problem = tr("%1: too many steps.").arg(what);
        return std::nullopt;
    case sim::SweepAxisProblem::LogNeedsPositive:
        *problem = tr("%1: a logarithmic scale needs From and To above 0.").arg(what);
        return std::nullopt;
    }
    if (a.from == a.to) {
        *problem = tr("%1: From and To are the same, so nothing would change.").arg(what);
        return std::nullopt;
    }
    // Both ends must make a model that runs (the path exists, the value is allowed).
    for (double v : {a.from, a.to}) {
        const QString why = settingProblem(a.path, v);
        if (!why.isEmpty()) {
            // A path the model does not have: told as while typing it, not
            // in the file format's words ("no field … (known fields: …)").
            *problem = m_numbers.contains(a.path) || settable(a.path, v)
                           ? tr("%1: %2").arg(what, why)
                           : tr("%1: this model has no number at “%2”; type part of a field's name "
                                "and choose it from the list.")
                                 .arg(what, path->text().trimmed());
            return std::nullopt;
        }
    }
    // Whole ends, a value between them that is not whole, and the parameter
    // takes whole numbers only (workers, consumers, partitions): the sweep
    // would stop at that value, so say it now, with steps that work.
    if (a.from == std::round(a.from) && a.to == std::round(a.to)) {
        for (long long i = 1; i + 1 < a.steps; ++i) {
            const double v = sim::sweepValue(a, i);
            if (v == std::round(v))
                continue;
            if (settingProblem(a.path, std::round(v)).isEmpty() && !settingProblem(a.path, v).isEmpty()) {
                *problem = tr("%1: %2 takes whole numbers, and %3 steps from %4 to %5 include %6.")
                               .arg(what, QString::fromStdString(a.path), QString::number(a.steps),
                                    formatNumber(a.from), formatNumber(a.to), formatNumber(v))
                           + QLatin1Char(' ') + wholeStepsHint(a);
                return std::nullopt;
            }
            break; // one value tells whether the parameter takes fractions
        }
    }
    return a;
}

QString SweepDialog::wholeStepsHint(const sim::SweepAxis &axis)
{
    // Linear steps land on whole numbers when (steps - 1) divides To - From.
    const double span = std::abs(axis.to - axis.from);
    QStringList steps;
    if (!axis.log && span <= 1e6) {
        const long long whole = static_cast<long long>(span);
        for (long long gaps = 1; gaps <= whole && steps.size() < 6; ++gaps) {
            if (whole % gaps == 0 && gaps + 1 <= sim::kMaxSweepSteps)
                steps.append(QString::number(gaps + 1));
        }
    }
    if (steps.isEmpty())
        return tr("Use a linear scale and whole From and To.");
    return tr("Steps that give whole numbers here: %1.").arg(steps.join(QStringLiteral(", ")));
}

bool SweepDialog::settable(const std::string &path, double value) const
{
    Json document = m_document;
    return applySetOverride(document, path, sim::sweepJsonValue(value), nullptr);
}

QString SweepDialog::settingProblem(const std::string &path, double value) const
{
    // Checked once per value: the dialog asks again at every keystroke.
    const std::string key = sim::sweepAssignment(path, value);
    if (const auto it = m_checked.find(key); it != m_checked.end())
        return it->second;
    QString why;
    Json document = m_document;
    std::string error;
    if (!applySetOverride(document, path, sim::sweepJsonValue(value), &error)) {
        why = QString::fromStdString(error);
    } else if (ModelLoadResult loaded = modelFromJson(document); !loaded.ok()) {
        QString reason = tr("the model is invalid");
        for (const Diagnostic &d : loaded.diagnostics) {
            if (d.isError()) {
                // Said of the swept value, whose path is in the sentence
                // already ("/readModels/1/update/interval" was the file's
                // index form of it); of another element, named by its id.
                reason = QString::fromStdString(d.message);
                if (!d.elementId.empty() && path.find("." + d.elementId + ".") == std::string::npos)
                    reason = tr("%1: %2").arg(QString::fromStdString(d.elementId), reason);
                break;
            }
        }
        why = tr("with %1, the model cannot run: %2")
                  .arg(QString::fromStdString(sim::sweepSetting(path, value)), reason);
    }
    m_checked.emplace(key, why);
    return why;
}

QString SweepDialog::problem() const
{
    QString why;
    const std::optional<sim::SweepAxis> first
        = axis(tr("Parameter"), m_path, m_from, m_to, m_steps, m_scale, &why);
    if (!first)
        return why;
    if (m_second->isChecked()) {
        const std::optional<sim::SweepAxis> second
            = axis(tr("Second parameter"), m_path2, m_from2, m_to2, m_steps2, m_scale2, &why);
        if (!second)
            return why;
        if (second->path == first->path)
            return tr("Second parameter: choose a parameter other than the first.");
    }
    bool any = false;
    for (int i = 0; i < m_metrics->count(); ++i)
        any = any || m_metrics->item(i)->checkState() == Qt::Checked;
    if (!any)
        return tr("Figures to plot: choose at least one.");
    if (m_budgetOn->isChecked() && !budgetValue()) {
        // In the figure's unit, said ("10 min" for a window: seconds are typed).
        const QString unit = m_budgetUnit->text();
        if (unit == QLatin1String("s"))
            return tr("Budget: must be a number of seconds, got “%1”.").arg(m_budget->text());
        if (unit == QLatin1String("%"))
            return tr("Budget: must be a percentage, e.g. 5 for 5%, got “%1”.").arg(m_budget->text());
        return tr("Budget: must be a number, got “%1”.").arg(m_budget->text());
    }
    const qint64 runs = qint64(m_steps->value()) * (m_second->isChecked() ? m_steps2->value() : 1)
                        * m_replications->value();
    if (runs > kMaxRuns)
        return tr("That is %1 runs; a sweep may have at most %2. Use fewer steps or replications.")
            .arg(QLocale().toString(runs), QLocale().toString(kMaxRuns));
    return {};
}

int SweepDialog::runCount() const
{
    if (!problem().isEmpty())
        return 0;
    return m_steps->value() * (m_second->isChecked() ? m_steps2->value() : 1) * m_replications->value();
}

std::optional<SweepRequest> SweepDialog::request() const
{
    if (!problem().isEmpty())
        return std::nullopt;
    QString why;
    SweepRequest r;
    r.first = *axis(tr("Parameter"), m_path, m_from, m_to, m_steps, m_scale, &why);
    if (m_second->isChecked())
        r.second = axis(tr("Second parameter"), m_path2, m_from2, m_to2, m_steps2, m_scale2, &why);
    r.replications = m_replications->value();
    for (int i = 0; i < m_metrics->count(); ++i) {
        if (m_metrics->item(i)->checkState() == Qt::Checked)
            r.metricPaths.push_back(m_metrics->item(i)->data(Qt::UserRole).toString().toStdString());
    }
    if (m_budgetOn->isChecked()) {
        r.budget = budgetValue();
        r.budgetMetric = m_budgetFigure->currentData().toString().toStdString();
    }
    return r;
}

void SweepDialog::refreshBudgetFigures()
{
    const QString chosen = m_budgetFigure->currentData().toString();
    const QSignalBlocker blocker(m_budgetFigure);
    m_budgetFigure->clear();
    for (int i = 0; i < m_metrics->count(); ++i) {
        const QListWidgetItem *item = m_metrics->item(i);
        if (item->checkState() == Qt::Checked)
            m_budgetFigure->addItem(item->text(), item->data(Qt::UserRole));
    }
    m_budgetFigure->setCurrentIndex(std::max(0, m_budgetFigure->findData(chosen)));
    m_budgetFigure->setToolTip(m_budgetFigure->currentText()); // the signals were blocked
    showBudgetUnit();
}

void SweepDialog::showBudgetUnit()
{
    const std::string path = m_budgetFigure->currentData().toString().toStdString();
    const QString label = m_budgetFigure->currentText();
    QString unit;
    if (isPercentFigure(path)) {
        unit = QStringLiteral("%");
    } else if (label.endsWith(QLatin1Char(')')) && label.lastIndexOf(QLatin1Char('(')) >= 0) {
        const qsizetype open = label.lastIndexOf(QLatin1Char('('));
        unit = label.mid(open + 1, label.size() - open - 2).trimmed();
    } else if (label.endsWith(QStringLiteral(" per second"))) {
        unit = tr("per second");
    }
    m_budgetUnit->setText(unit);
    m_budgetUnit->setVisible(!unit.isEmpty());
    m_budget->setAccessibleDescription(
        unit.isEmpty() ? tr("Where the dashed budget line is drawn, in the figure's unit")
                       : tr("Where the dashed budget line is drawn, in %1").arg(unit));
}

std::optional<double> SweepDialog::budgetValue() const
{
    QString text = m_budget->text().trimmed();
    const bool percent = isPercentFigure(m_budgetFigure->currentData().toString().toStdString());
    if (percent && text.endsWith(QLatin1Char('%')))
        text.chop(1);
    const std::optional<double> value = parseUserNumber(text);
    return value && percent ? std::optional<double>(*value / 100) : value;
}

void SweepDialog::update()
{
    const QString why = problem();
    okButton()->setEnabled(why.isEmpty());
    QPalette colours = palette();
    if (why.isEmpty()) {
        const int runs = m_steps->value() * (m_second->isChecked() ? m_steps2->value() : 1)
                         * m_replications->value();
        QString text = tr("%1 runs, %2 at a time.")
                           .arg(QLocale().toString(runs))
                           .arg(std::min(runs, std::max(1, QThread::idealThreadCount())));
        // A batch that never runs in the measured time applies nothing: its
        // read model has no window to plot at those values.
        const double measured = m_model.workload.duration - m_model.workload.warmup;
        QString unused;
        for (auto [path, from, to, steps, scale] :
             {std::tuple{m_path, m_from, m_to, m_steps, m_scale},
              std::tuple{m_path2, m_from2, m_to2, m_steps2, m_scale2}}) {
            if (path == m_path2 && !m_second->isChecked())
                continue;
            const std::optional<sim::SweepAxis> a = axis(QString(), path, from, to, steps, scale, &unused);
            if (a && a->path.ends_with(".update.interval") && measured > 0
                && std::max(a->from, a->to) >= measured)
                text += QLatin1Char(' ')
                        + tr("A batch interval as long as the measured run (%1) or longer applies "
                             "nothing: those runs have no window, and it is left out of the chart.")
                              .arg(formatSeconds(measured));
        }
        m_problem->setText(text);
    } else {
        m_problem->setText(why);
        colours.setColor(QPalette::WindowText, QColor(0xb0, 0x00, 0x20));
    }
    m_problem->setPalette(colours);
}

} // namespace cqrs
