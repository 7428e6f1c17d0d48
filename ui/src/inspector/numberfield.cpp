#include "cqrs/ui/inspector/numberfield.h"

#include "cqrs/ui/common/format.h"

#include <QAbstractScrollArea>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <utility>

namespace cqrs {

namespace {

struct TimeUnit
{
    const char16_t *name;
    double times;  ///< seconds = number × times / per ("700 ms" is 0.7 s, not
    double per;    ///< 0.7000000000000001 as 700 × 0.001 would be)
};

// What a seconds field understands after a number; a longer name first
// where one ends with another ("ms" before "s").
constexpr TimeUnit kTimeUnits[] = {{u"µs", 1, 1e6}, {u"us", 1, 1e6}, {u"ms", 1, 1e3}, {u"min", 60, 1},
                                   {u"sec", 1, 1},  {u"s", 1, 1},    {u"h", 3600, 1}};

bool isSecondsSuffix(const QString &suffix)
{
    return suffix.trimmed() == QLatin1String("s");
}

/// Qt's spin boxes take a thousands separator anywhere ("2,5" is 25 in an
/// English locale): what parseTypedNumber() refuses is not Acceptable, so
/// that fixup() says so when editing ends.
QValidator::State unlessRefused(QValidator::State state, const QString &text, const QString &prefix,
                                const QString &suffix, const std::function<double()> &qtValue)
{
    if (state != QValidator::Acceptable)
        return state;
    const std::optional<double> typed = parseTypedNumber(text, prefix, suffix);
    if (!typed)
        return QValidator::Intermediate;
    // Qt's reading differs ("0.5" is 5 to a German spin box, the point
    // dropped as a thousands separator): fixup() writes the number as the
    // locale does, and it is read as typed.
    const double qt = qtValue();
    if (std::abs(qt - *typed) > 1e-12 * std::max(1.0, std::abs(*typed)))
        return QValidator::Intermediate;
    return state;
}

} // namespace

// Accepts the user's locale and the C locale ("0.5" anywhere); in a field of
// seconds, a time unit after the number too ("300 ms", "2 min").
std::optional<double> parseTypedNumber(QString text, const QString &prefix, const QString &suffix)
{
    text = text.trimmed();
    if (!prefix.isEmpty() && text.startsWith(prefix.trimmed()))
        text.remove(0, prefix.trimmed().size());
    text = text.trimmed();
    if (isSecondsSuffix(suffix)) {
        // The field's own " s" stays behind what is typed: "300ms s".
        if (text.endsWith(suffix))
            text = text.chopped(suffix.size()).trimmed();
        for (const TimeUnit &unit : kTimeUnits) {
            const QString name = QString::fromUtf16(unit.name);
            if (!text.endsWith(name, Qt::CaseInsensitive))
                continue;
            const std::optional<double> value = parseUserNumber(text.chopped(name.size()).trimmed());
            if (!value)
                return std::nullopt;
            const double seconds = *value * unit.times / unit.per;
            return std::isfinite(seconds) ? std::optional<double>(seconds) : std::nullopt;
        }
    } else if (!suffix.isEmpty() && text.endsWith(suffix.trimmed())) {
        text.chop(suffix.trimmed().size());
    }
    return parseUserNumber(text.trimmed());
}

bool isUnfinishedTime(const QString &text, const QString &suffix)
{
    if (!isSecondsSuffix(suffix))
        return false;
    QString rest = text.trimmed();
    if (rest.endsWith(suffix))
        rest = rest.chopped(suffix.size()).trimmed();
    qsizetype letters = 0;
    while (letters < rest.size() && rest.at(rest.size() - 1 - letters).isLetter())
        ++letters;
    if (letters == 0)
        return false;
    const QString typed = rest.right(letters);
    rest.chop(letters);
    if (!parseUserNumber(rest.trimmed()))
        return false;
    for (const TimeUnit &unit : kTimeUnits) {
        if (QString::fromUtf16(unit.name).startsWith(typed, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

namespace {

QString stripped(QString text, const QString &suffix)
{
    text = text.trimmed();
    const QString unit = suffix.trimmed();
    // The field's suffix as Qt keeps it ("-5ms s"), or as typed without its
    // space; not the "s" of a time unit typed in a field of seconds ("-5 ms").
    if (!suffix.isEmpty() && text.endsWith(suffix))
        text.chop(suffix.size());
    else if (!unit.isEmpty() && text.endsWith(unit)
        && !(text.size() > unit.size() && text.at(text.size() - unit.size() - 1).isLetter()))
        text.chop(unit.size());
    return text.trimmed();
}

QString refusal(const QString &rule, const QString &typed, const QString &kept)
{
    if (typed.isEmpty())
        return QObject::tr("%1 The field was empty; it stays %2.").arg(rule, kept);
    return QObject::tr("%1 “%2” was not accepted; it stays %3.").arg(rule, typed, kept);
}

// What a field says when the model holds a value it cannot show.
QString outOfRange(const QString &held, const QString &rule)
{
    return QObject::tr("The model holds %1 here. %2 Type a value to replace it.").arg(held, rule);
}

class WheelScrollsPastUnfocused final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        auto *field = qobject_cast<QWidget *>(watched);
        if (event->type() != QEvent::Wheel || !field || field->hasFocus())
            return false;
        for (QWidget *up = field->parentWidget(); up; up = up->parentWidget()) {
            if (auto *area = qobject_cast<QAbstractScrollArea *>(up)) {
                QCoreApplication::sendEvent(area->viewport(), event);
                break;
            }
        }
        return true;
    }
};

} // namespace

void scrollPastUnfocusedFields(QWidget *page)
{
    auto *filter = new WheelScrollsPastUnfocused(page);
    const auto guard = [filter](QWidget *field) {
        field->setFocusPolicy(Qt::StrongFocus);
        field->installEventFilter(filter);
    };
    for (QAbstractSpinBox *field : page->findChildren<QAbstractSpinBox *>())
        guard(field);
    for (QComboBox *field : page->findChildren<QComboBox *>())
        guard(field);
}

QString integerRule(const QString &what, qint64 min, qint64 max)
{
    if (double(max) >= kUnbounded)
        return QObject::tr("%1 must be a whole number of at least %2.")
            .arg(what, QLocale().toString(min));
    return QObject::tr("%1 must be a whole number from %2 to %3.")
        .arg(what, QLocale().toString(min), QLocale().toString(max));
}

QString numberRule(const QString &what, double min, double max)
{
    if (max >= kUnbounded)
        return QObject::tr("%1 must be a number of at least %2.")
            .arg(what, QLocale().toString(min, 'g', 10));
    return QObject::tr("%1 must be a number from %2 to %3.")
        .arg(what, QLocale().toString(min, 'g', 10), QLocale().toString(max, 'g', 10));
}

// --- IntField

IntField::IntField(const QString &what, QWidget *parent)
    : QSpinBox(parent)
    , m_what(what)
{
    // Typed values count when typing ends (Return, Tab, leaving the field):
    // "250" must not pass through 2 and 25 on its way into the model or a run.
    setKeyboardTracking(false);
    // A refusal of what was typed goes once the model's value changes (an
    // undo, another edit) after editing ended: it was about that typing.
    connect(this, &IntField::inputRefused, this,
            [this](const QString &message) { m_refusalShown = !message.isEmpty() && message != m_modelNote; });
    // While typing, say at once what Qt would have dropped without a word.
    connect(lineEdit(), &QLineEdit::textEdited, this, [this](const QString &text) {
        m_typed = true;
        QString copy = text;
        int pos = 0;
        const QValidator::State state = QSpinBox::validate(copy, pos);
        if (state == QValidator::Invalid)
            emit inputRefused(rule());
        else if (state == QValidator::Acceptable)
            emit inputRefused(m_modelNote); // the model holds its value until editing ends
    });
    // The value shown typed again replaces the model's out-of-range one;
    // Qt emits nothing for a value that did not change.
    connect(this, &QAbstractSpinBox::editingFinished, this, [this] {
        if (std::exchange(m_typed, false) && !m_modelNote.isEmpty() && hasAcceptableInput())
            emit valueChanged(value());
    });
}

QString IntField::rule() const
{
    return integerRule(m_what, minimum(), maximum());
}

void IntField::showModelValue(qint64 value)
{
    // Only a value that differs: setValue() would drop what is being typed.
    if (this->value() != value) {
        const QSignalBlocker blocker(this);
        setValue(int(std::clamp<qint64>(value, minimum(), maximum())));
    }
    if (value < minimum() || value > maximum()) {
        m_modelNote = outOfRange(QLocale().toString(value), rule());
        emit inputRefused(m_modelNote);
    } else if (!m_modelNote.isEmpty() || (m_refusalShown && !m_typed)) {
        m_modelNote.clear();
        emit inputRefused({});
    }
}

QValidator::State IntField::validate(QString &text, int &pos) const
{
    const QValidator::State state = unlessRefused(QSpinBox::validate(text, pos), text, prefix(), suffix(),
                                                       [&] { return double(valueFromText(text)); });
    // Keep what was typed on screen; fixup() explains it when editing ends.
    return state == QValidator::Invalid ? QValidator::Intermediate : state;
}

void IntField::fixup(QString &text) const
{
    const auto typed = parseTypedNumber(text, prefix(), suffix());
    if (typed && *typed == std::floor(*typed) && *typed >= minimum() && *typed <= maximum()) {
        text = prefix() + textFromValue(int(*typed)) + suffix(); // "1e3", "12.0"
        return;
    }
    emit const_cast<IntField *>(this)->inputRefused(
        refusal(rule(), stripped(text, suffix()), QLocale().toString(value())));
}

// --- RealField

RealField::RealField(const QString &what, QWidget *parent)
    : QDoubleSpinBox(parent)
    , m_what(what)
{
    setKeyboardTracking(false);
    // A refusal of what was typed goes once the model's value changes (an
    // undo, another edit) after editing ended: it was about that typing.
    connect(this, &RealField::inputRefused, this,
            [this](const QString &message) { m_refusalShown = !message.isEmpty() && message != m_modelNote; });
    connect(lineEdit(), &QLineEdit::textEdited, this, [this](const QString &text) {
        m_typed = true;
        auto value = parseTypedNumber(text, prefix(), suffix());
        // As fixup() keeps it: a value that rounds to the field's least
        // step is that step, not a refusal beside the rule it meets.
        if (value && keepsClose(*value))
            value = rounded(*value);
        const QString bare = stripped(text, suffix());
        // "0" and "0." on the way to "0.5" in a field that excludes 0 too.
        const bool unfinished = bare.isEmpty() || bare == QLatin1String("-")
                                || bare == QLatin1String("+") || bare == QLocale().decimalPoint()
                                || bare == QLatin1String(".") || (!value && isUnfinishedTime(text, suffix()))
                                || (m_excludedMinimum && value && *value == *m_excludedMinimum);
        if (!unfinished && (!value || *value < minimum() || *value > maximum()))
            emit inputRefused(rule());
        else if (value && *value >= minimum() && *value <= maximum())
            emit inputRefused(m_modelNote);
    });
    connect(this, &QAbstractSpinBox::editingFinished, this, [this] {
        if (std::exchange(m_typed, false) && !m_modelNote.isEmpty() && hasAcceptableInput())
            emit valueChanged(value());
    });
}

double RealField::rounded(double typed) const
{
    return QString::number(typed, 'f', decimals()).toDouble();
}

bool RealField::keepsClose(double typed) const
{
    return std::abs(rounded(typed) - typed) <= 0.01 * std::abs(typed);
}

void RealField::excludeMinimum()
{
    m_excludedMinimum = minimum();
    // Not an edit: a value shown at the old minimum is clamped without a
    // word (the model's is shown again by the next showModelValue()).
    const QSignalBlocker blocker(this);
    setMinimum(minimum() + std::pow(10.0, -decimals()));
}

QString RealField::rule() const
{
    QString rule = numberRule(m_what, minimum(), maximum());
    if (m_excludedMinimum) {
        const QString least = QLocale().toString(*m_excludedMinimum, 'g', 10);
        rule = maximum() >= kUnbounded
                   ? QObject::tr("%1 must be a number greater than %2.").arg(m_what, least)
                   : QObject::tr("%1 must be a number greater than %2 and at most %3.")
                         .arg(m_what, least, QLocale().toString(maximum(), 'g', 10));
    }
    if (!isSecondsSuffix(suffix()))
        return rule;
    return QObject::tr("%1 In seconds, or with a unit: 300 ms, 2 min, 1 h.").arg(rule);
}

void RealField::showModelValue(double value)
{
    if (this->value() != value) {
        const QSignalBlocker blocker(this);
        setValue(value);
    }
    if (value < minimum() || value > maximum()) {
        m_modelNote = outOfRange(QLocale().toString(value, 'g', 10) + suffix(), rule());
        emit inputRefused(m_modelNote);
    } else if (!m_modelNote.isEmpty() || (m_refusalShown && !m_typed)) {
        m_modelNote.clear();
        emit inputRefused({});
    }
}

QString RealField::textFromValue(double value) const
{
    // "600 s", "0.002 s", "1 s": not "600.000 s" beside "0.002000 s" and
    // "1.000000 s", each field with its own count of decimals.
    return withoutTrailingZeros(QDoubleSpinBox::textFromValue(value), locale().decimalPoint());
}

QValidator::State RealField::validate(QString &text, int &pos) const
{
    const QValidator::State state = unlessRefused(QDoubleSpinBox::validate(text, pos), text, prefix(), suffix(),
                                                       [&] { return valueFromText(text); });
    return state == QValidator::Invalid ? QValidator::Intermediate : state;
}

void RealField::fixup(QString &text) const
{
    const auto typed = parseTypedNumber(text, prefix(), suffix());
    // Too many decimals are rounded; not a value the field cannot hold
    // ("250 µs" in a field of milliseconds would have become 0 s).
    const double shown = typed ? rounded(*typed) : 0;
    if (typed && !keepsClose(*typed)) {
        emit const_cast<RealField *>(this)->inputRefused(
            QObject::tr("%1 “%2” is finer than this field keeps (%3); it stays %4.")
                .arg(rule(), stripped(text, suffix()), textFromValue(std::pow(10.0, -decimals())) + suffix(),
                     textFromValue(value()) + suffix()));
        return;
    }
    // What the field keeps of it is checked: "0.0009995" in a field of
    // three decimals that must be greater than 0 is 0.001, not a number
    // "not accepted" beside a rule it meets.
    if (typed && shown >= minimum() && shown <= maximum()) {
        text = prefix() + textFromValue(shown) + suffix(); // too many decimals: rounded
        return;
    }
    emit const_cast<RealField *>(this)->inputRefused(
        refusal(rule(), stripped(text, suffix()), textFromValue(value()) + suffix()));
}

QValidator::State ClampingSpinBox::validate(QString &text, int &pos) const
{
    const QValidator::State state = unlessRefused(QDoubleSpinBox::validate(text, pos), text, prefix(), suffix(),
                                                       [&] { return valueFromText(text); });
    if (state != QValidator::Invalid)
        return state;
    // A time with its unit, whole or on its way: fixup() converts it.
    QString typed = text.trimmed();
    if (!prefix().isEmpty() && typed.startsWith(prefix().trimmed()))
        typed = typed.mid(prefix().trimmed().size());
    if (parseTypedNumber(text, prefix(), suffix()) || isUnfinishedTime(typed, suffix()))
        return QValidator::Intermediate;
    return state;
}

void ClampingSpinBox::fixup(QString &input) const
{
    if (const std::optional<double> typed = parseTypedNumber(input, prefix(), suffix()))
        input = prefix() + textFromValue(std::clamp(*typed, minimum(), maximum())) + suffix();
    else
        QDoubleSpinBox::fixup(input);
}

} // namespace cqrs
