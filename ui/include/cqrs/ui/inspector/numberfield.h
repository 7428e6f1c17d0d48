#pragma once

#include <QDoubleSpinBox>
#include <QSpinBox>
#include <optional>

namespace cqrs {

/// The number typed in a spin box's `text`, without its prefix, suffix and
/// spaces; nullopt when it is not a finite number. In the user's locale or
/// the C locale ("0.5" anywhere).
/// In a field of seconds (suffix " s"), a time unit may follow the number:
/// "300 ms", "250 µs", "2 min", "1 h" are converted to seconds.
std::optional<double> parseTypedNumber(QString text, const QString &prefix, const QString &suffix);

/// Whether `text` is a number followed by the start of a time unit ("300 m"
/// on the way to "300 ms") in a field of seconds: not yet something to refuse.
bool isUnfinishedTime(const QString &text, const QString &suffix);

/// The sentence that states a field's range: "Consumers must be a whole
/// number from 1 to 100,000." Ranges up to kUnbounded read "of at least".
QString integerRule(const QString &what, qint64 min, qint64 max);
QString numberRule(const QString &what, double min, double max);

/// The spin boxes and combo boxes under `page` change only with the keyboard
/// focus: a mouse wheel turned over one that does not have it scrolls the
/// page instead (scrolling past a form must not edit it), and the wheel no
/// longer gives the focus.
void scrollPastUnfocusedFields(QWidget *page);

/// A spin box of the toolbars and small windows (no rule, no message): a
/// number typed out of range becomes the nearest one allowed, in sight; in a
/// field of seconds a time may be typed with its unit ("2 min", "300 ms");
/// anything else that is not a number (an emptied field) goes back to the
/// value before, as in any spin box.
class ClampingSpinBox final : public QDoubleSpinBox
{
public:
    using QDoubleSpinBox::QDoubleSpinBox;

protected:
    QValidator::State validate(QString &text, int &pos) const override;
    void fixup(QString &input) const override;
};

/// Upper bounds from here on mean "no limit" in a rule's wording.
inline constexpr double kUnbounded = 1e9;

/// A spin box for whole numbers that never refuses typing silently: text out
/// of range or not a number stays on screen while typed, and when editing
/// ends the field keeps its value and inputRefused() says why, with the range.
/// A typed value counts when typing ends (no keyboard tracking).
class IntField final : public QSpinBox
{
    Q_OBJECT

public:
    explicit IntField(const QString &what, QWidget *parent = nullptr);
    QString rule() const;

    /// Shows the model's value without emitting valueChanged(). A value out of
    /// range (a file edited by hand) cannot be shown: the field shows the
    /// nearest allowed one and inputRefused() says what the model holds, until
    /// a value typed in takes its place (the one shown too: valueChanged()).
    void showModelValue(qint64 value);
    /// What inputRefused() says about an out-of-range model value; empty when none.
    QString modelValueNote() const { return m_modelNote; }

signals:
    /// Why typed text was refused; an empty message once a value is accepted.
    void inputRefused(const QString &message);

protected:
    QValidator::State validate(QString &text, int &pos) const override;
    void fixup(QString &text) const override;

private:
    QString m_what;
    QString m_modelNote;         ///< what inputRefused() says of an out-of-range model value
    bool m_typed = false;        ///< text typed since editing last ended
    bool m_refusalShown = false; ///< inputRefused() said something of what was typed
};

/// The same for decimal numbers (with a unit suffix, e.g. " s"). Text with
/// more decimals than shown is rounded, not refused.
class RealField final : public QDoubleSpinBox
{
    Q_OBJECT

public:
    explicit RealField(const QString &what, QWidget *parent = nullptr);
    void setWhat(const QString &what) { m_what = what; }
    QString rule() const;
    /// The minimum is not a value of the field (a timeout, an interval: the
    /// model refuses 0): the least is one step of its decimals above it, and
    /// the rule says "greater than". Call after setRange() and setDecimals().
    void excludeMinimum();

    /// As IntField::showModelValue().
    void showModelValue(double value);
    QString modelValueNote() const { return m_modelNote; }

signals:
    void inputRefused(const QString &message);

protected:
    QValidator::State validate(QString &text, int &pos) const override;
    void fixup(QString &text) const override;
    /// Without trailing zeros: "600 s", "0.002 s", not "600.000 s" and
    /// "0.002000 s".
    QString textFromValue(double value) const override;

private:
    /// A typed value as the field keeps it: at its count of decimals.
    double rounded(double typed) const;
    /// Whether rounded(typed) is within 1% of it (else it is finer than the field keeps).
    bool keepsClose(double typed) const;

    QString m_what;
    QString m_modelNote;
    bool m_typed = false;
    bool m_refusalShown = false; ///< as IntField's
    std::optional<double> m_excludedMinimum;
};

} // namespace cqrs
