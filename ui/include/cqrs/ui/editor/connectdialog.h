#pragma once

#include <cqrs/model/elements.h>
#include <cqrs/ui/editor/picklistdialog.h>

#include <optional>
#include <string>
#include <vector>

namespace cqrs {

/// One connection the model allows between an element and another one, in
/// the direction checkConnection() accepts it.
struct ConnectionChoice
{
    Connection connection;
    std::string other;    ///< the element at the other end
    std::string replaces; ///< what a one-id reference held before (see ConnectionCheck)
    QString text;         ///< "Place order emits Order placed"
};

/// Every connection checkConnection() allows between `id` and another
/// element, starting at `id` or ending there, in the model's element order.
std::vector<ConnectionChoice> connectionChoices(const Model &model, const std::string &id);

/// Edit > Connect to...: the keyboard's way to draw an edge. Lists only the
/// connections the model allows for one element, filtered as the user
/// types; Enter (or OK) takes the current one.
class ConnectDialog final : public PickListDialog
{
    Q_OBJECT

public:
    ConnectDialog(const Model &model, const std::string &elementId, QWidget *parent = nullptr);

    /// The highlighted choice, if any is listed.
    std::optional<ConnectionChoice> selectedChoice() const;

protected:
    QString nothingText(const QString &typed, bool noEntries) const override;

private:
    std::vector<ConnectionChoice> m_choices;
};

} // namespace cqrs
