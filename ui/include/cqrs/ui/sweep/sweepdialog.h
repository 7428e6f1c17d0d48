#pragma once

#include "cqrs/ui/sweep/sweepdata.h"

#include <QDialog>
#include <map>
#include <optional>
#include <string>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace cqrs {

/// Sweep…: which parameter (its `--set` path), from, to, steps, linear or
/// log, replications per point, the figures to plot, an optional budget line
/// and an optional second parameter (a heat map). OK stays disabled, and a
/// message says why, while the input cannot run.
class SweepDialog final : public QDialog
{
    Q_OBJECT

public:
    /// At most this many runs in one sweep (points x replications).
    static constexpr int kMaxRuns = 2000;

    /// `path` is the parameter to sweep, e.g. "readModels.search.update.interval";
    /// the range starts around its value in `model`.
    SweepDialog(const Model &model, const QString &path, QWidget *parent = nullptr);
    ~SweepDialog() override;

    /// What is wrong with the input (one sentence naming the field), empty when it can run.
    QString problem() const;
    /// The sweep asked for; nullopt while problem() is not empty.
    std::optional<SweepRequest> request() const;
    /// Number of runs the input asks for (points x replications), 0 when invalid.
    int runCount() const;

    QLineEdit *pathEdit() const { return m_path; }
    QLineEdit *fromEdit() const { return m_from; }
    QLineEdit *toEdit() const { return m_to; }
    QSpinBox *stepsBox() const { return m_steps; }
    QComboBox *scaleCombo() const { return m_scale; }
    QSpinBox *replicationsBox() const { return m_replications; }
    QListWidget *metricList() const { return m_metrics; }
    QCheckBox *budgetCheck() const { return m_budgetOn; }
    QLineEdit *budgetEdit() const { return m_budget; }
    QComboBox *budgetFigureCombo() const { return m_budgetFigure; } ///< the ticked figures
    QLabel *budgetUnitLabel() const
    {
        return m_budgetUnit;
    } ///< "s", "%", "events": the figure's unit
    QGroupBox *secondGroup() const { return m_second; }
    QLineEdit *secondPathEdit() const { return m_path2; }
    QLineEdit *secondFromEdit() const { return m_from2; }
    QLineEdit *secondToEdit() const { return m_to2; }
    QSpinBox *secondStepsBox() const { return m_steps2; }
    QComboBox *secondScaleCombo() const { return m_scale2; }
    QLabel *problemLabel() const { return m_problem; }
    QPushButton *okButton() const;

    /// Fills from, to, steps and scale around the parameter's value in the model.
    void suggestRange(const QString &path, QLineEdit *from, QLineEdit *to, QSpinBox *steps,
                      QComboBox *scale);

private:
    /// A parameter named by typing (not chosen from the list): its range
    /// around its value, unless the range was typed in too.
    void followPath(QLineEdit *path, QLineEdit *from, QLineEdit *to, QSpinBox *steps,
                    QComboBox *scale);
    void suggestBudget(const QString &path);
    void update();
    /// The budget's figure list follows the ticked figures, keeping the choice while it is ticked.
    void refreshBudgetFigures();
    void showBudgetUnit();
    /// The budget typed in, in the figure's stored unit (a stale ratio's
    /// percent as a ratio); nullopt when it is not a number.
    std::optional<double> budgetValue() const;
    std::optional<sim::SweepAxis> axis(const QString &what, QLineEdit *path, QLineEdit *from,
                                       QLineEdit *to, QSpinBox *steps, QComboBox *scale,
                                       QString *problem) const;

    /// "Steps that give whole numbers here: 2, 8." for an axis of a whole-number parameter.
    static QString wholeStepsHint(const sim::SweepAxis &axis);
    /// What is wrong with the model when `path` is `value` (empty: nothing).
    QString settingProblem(const std::string &path, double value) const;
    /// Whether the model has a field at path (set to `value`, it may still be refused).
    bool settable(const std::string &path, double value) const;

    mutable std::map<std::string, QString> m_checked; ///< settingProblem() per PATH=VALUE
    struct Suggested
    {
        QString path, from, to;
    };
    std::map<const QLineEdit *, Suggested>
        m_suggested; ///< the last range suggested, by its From field
    Model m_model;
    Json m_document;
    std::map<std::string, double> m_numbers; ///< every number a sweep can vary, by path
    std::vector<SweepMetric> m_metricsList;
    QLineEdit *m_path, *m_from, *m_to;
    QSpinBox *m_steps;
    QComboBox *m_scale;
    QSpinBox *m_replications;
    QListWidget *m_metrics;
    QCheckBox *m_budgetOn;
    QLineEdit *m_budget;
    QComboBox *m_budgetFigure;
    QLabel *m_budgetUnit;
    QGroupBox *m_second;
    QLineEdit *m_path2, *m_from2, *m_to2;
    QSpinBox *m_steps2;
    QComboBox *m_scale2;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace cqrs
