#pragma once

#include <cqrs/model/model.h>
#include <cqrs/ui/editor/picklistdialog.h>
#include <string>
#include <vector>

namespace cqrs {

/// Edit > Find Element...: every element of the model by name and kind
/// ("UserView (read model)"), filtered as the user types; the window
/// selects the chosen one and brings it into view.
class FindElementDialog final : public PickListDialog
{
    Q_OBJECT

public:
    explicit FindElementDialog(const Model &model, QWidget *parent = nullptr);

    /// The highlighted element's id; empty when none is listed.
    std::string selectedId() const;

protected:
    QString nothingText(const QString &typed, bool noEntries) const override;

private:
    std::vector<std::string> m_ids;
};

} // namespace cqrs
